"""A corpus of bad deliveries: each gets a clear reason, the run goes on, and counts add up."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from core.contract import ALL_COLUMNS, CATEGORIES
from core.store.db import make_engine
from core.store.schema import inbox_files, quarantine
from etl.pipeline import run
from tests.conftest import NOW, make_settings, record, write_csv

BAD_ROWS = {
    "missing_respondent_id": record(respondent_id=""),
    "bad_date": record(submitted_at="14/03/2025"),
    "future_date": record(submitted_at="2031-01-01"),
    "too_old": record(submitted_at="1999-05-01"),
    "missing_value": record(food_kg=""),
    "non_numeric_value": record(goods_kg="1.234,5"),
    "negative_value": record(housing_kg="-5"),
    "absurd_total": record(transport_kg="250000"),
    "bad_age_group": record(age_group="12-17"),
    "bad_sex": record(sex="x"),
    "bad_household_size": record(household_size="40"),
    "missing_location": record(kommunenummer="", postnummer=""),
    "unknown_kommune": record(kommunenummer="9999"),
    "unknown_postnummer": record(kommunenummer="", postnummer="0000"),
    "ambiguous_kommune": record(kommunenummer="1507"),  # Ålesund 2020–23, split in 2024
    "unknown_bydel": record(kommunenummer="0301", bydelnr="460101"),  # a Bergen district
}


def _store(settings, table):
    engine = make_engine(settings.db_url)
    with engine.connect() as conn:
        frame = pd.read_sql(select(table), conn)
    engine.dispose()
    return frame


def _expired(settings) -> dict:
    """A code that ceased before 2018, if the correspondence table lists one."""
    history = pd.read_csv(settings.geodata_dir / "code_history.csv", dtype=str)
    old = history.loc[history["valid_to_year"].astype(int) < 2018, "old_code"]
    return {"expired_kommune": record(kommunenummer=old.iloc[0])} if len(old) else {}


def test_every_bad_row_gets_its_reason_and_counts_add_up(settings):
    good = [record() for _ in range(20)]
    bad = {**BAD_ROWS, **_expired(settings)}
    write_csv(settings.inbox_dir / "rows.csv", good + list(bad.values()) + [good[0]])
    report = run(settings, now=NOW, progress=lambda _: None)
    assert dict(report.reasons) == dict.fromkeys(bad, 1)
    assert report.rows["duplicates"] == 1 and report.rows["accepted"] == 20
    stored = _store(settings, quarantine)
    assert sorted(stored["reason"]) == sorted(bad)
    raw = json.loads(stored.loc[stored["reason"] == "bad_sex", "record"].iloc[0])
    assert raw["sex"] == "x"  # the raw row is kept, privately, to show the provider
    assert raw["respondent_id"] == "(withheld)"
    assert not stored["record"].str.contains(good[0]["respondent_id"]).any()


def test_bad_files_are_set_aside_with_a_reason_and_good_ones_still_publish(settings):
    inbox = settings.inbox_dir
    write_csv(inbox / "good.csv", [record() for _ in range(30)])
    rows = [record(source="Tromsø") for _ in range(3)]
    text = "\n".join([",".join(ALL_COLUMNS)] + [",".join(r[c] for c in ALL_COLUMNS)
                                                 for r in rows]) + "\n"
    (inbox / "latin1.csv").write_bytes(text.encode("latin-1"))
    (inbox / "latin1-header.csv").write_bytes("kommunenr,målt\n".encode("latin-1"))
    (inbox / "semicolon.csv").write_text(";".join(ALL_COLUMNS) + "\n", encoding="utf-8")
    write_csv(inbox / "missing.csv", [record()], [c for c in ALL_COLUMNS if c != "food_kg"])
    extra = [{**record(), "income": "1"}]
    write_csv(inbox / "extra.csv", extra, (*ALL_COLUMNS, "income"))
    (inbox / "empty.csv").write_bytes(b"")
    (inbox / "notes.txt").write_text("hello", encoding="utf-8")
    (inbox / "half-written.csv.part").write_text("respondent_id\n", encoding="utf-8")
    report = run(settings, now=NOW, progress=lambda _: None)
    reasons = {i["file"]: i.get("reason") or "" for i in report.inputs}
    assert "not UTF-8" in reasons["latin1-header.csv"]
    assert "delimiter" in reasons["semicolon.csv"]
    assert "food_kg" in reasons["missing.csv"]
    assert "unknown column(s): income" in reasons["extra.csv"]
    assert "empty" in reasons["empty.csv"]
    assert "unsupported file type" in reasons["notes.txt"]
    assert "still being written" in reasons["half-written.csv.part"]  # left, and said so
    # Rows with bytes that are not UTF-8 are quarantined one by one, with their line.
    assert report.reasons["not_utf8"] == 3
    assert report.rows["read"] == 30 + 3
    assert report.status == "succeeded" and report.published_rows > 0
    files = _store(settings, inbox_files)
    assert sorted(files.loc[files["outcome"] == "rejected", "file_name"]) == [
        "empty.csv", "extra.csv", "latin1-header.csv", "missing.csv", "notes.txt",
        "semicolon.csv"]
    assert len(list(settings.rejected_dir.iterdir())) == 6


def test_rows_with_a_wrong_number_of_fields_are_quarantined_with_their_line(settings):
    header = ",".join(ALL_COLUMNS)
    row = record()
    good = ",".join(row[c] for c in ALL_COLUMNS)
    lines = [header, good, good.replace(",app", ",app,extra"), good.rsplit(",", 2)[0], good]
    (settings.inbox_dir).mkdir(parents=True)
    (settings.inbox_dir / "ragged.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.reasons == {"wrong_field_count": 2}
    assert report.rows["duplicates"] == 1  # the good line twice
    stored = _store(settings, quarantine)
    assert sorted(json.loads(r)["line"] for r in stored["record"]) == [3, 4]


def test_repeats_across_files_and_runs_count_once(settings):
    first = [record() for _ in range(15)]
    write_csv(settings.inbox_dir / "a.csv", first)
    run(settings, now=NOW, progress=lambda _: None)
    write_csv(settings.inbox_dir / "b.csv", first[:5] + [record() for _ in range(10)])
    write_csv(settings.inbox_dir / "c.csv", first[5:7])
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows == {"read": 17, "accepted": 10, "quarantined": 0, "duplicates": 7}
    files = _store(settings, inbox_files).set_index("file_name")
    for _, f in files.iterrows():
        assert f.rows_read == f.rows_accepted + f.rows_quarantined + f.rows_duplicate


@pytest.mark.slow
def test_a_large_file_is_streamed_within_a_small_memory_limit(tmp_path):
    settings = make_settings(tmp_path, memory_limit="200MB")
    n = 200_000
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({
        "respondent_id": [f"r{i}" for i in range(n)],
        "submitted_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(
            rng.integers(0, 600, n), unit="D"),
        "kommunenummer": rng.choice(["0301", "4601", "5001", "1103"], n),
        **{f"{c}_kg": rng.uniform(500, 3000, n).round(1)
           for c in CATEGORIES},
    })
    frame.loc[::1000, "housing_kg"] = -1.0
    settings.inbox_dir.mkdir(parents=True)
    frame.to_csv(settings.inbox_dir / "big.csv", index=False)
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows == {"read": n, "accepted": n - 200, "quarantined": 200, "duplicates": 0}


def test_parquet_deliveries_are_checked_like_csv(settings):
    frame = pd.DataFrame([record() for _ in range(12)] + [record(housing_kg="-3")])
    typed = frame.assign(**{f"{c}_kg": pd.to_numeric(frame[f"{c}_kg"])
                            for c in CATEGORIES},
                         household_size=pd.to_numeric(frame["household_size"]),
                         submitted_at=pd.to_datetime(frame["submitted_at"]))
    settings.inbox_dir.mkdir(parents=True)
    typed.to_parquet(settings.inbox_dir / "typed.parquet")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.files == {"accepted": 1}
    assert report.rows == {"read": 13, "accepted": 12, "quarantined": 1, "duplicates": 0}
    assert report.reasons == {"negative_value": 1}


def test_a_header_with_spaces_after_the_commas_is_read(settings):
    settings.inbox_dir.mkdir(parents=True)
    rows = [record() for _ in range(12)]
    text = "\n".join([", ".join(ALL_COLUMNS)] + [",".join(r[c] for c in ALL_COLUMNS)
                                                  for r in rows]) + "\n"
    (settings.inbox_dir / "spaced.csv").write_text(text, encoding="utf-8")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.files == {"accepted": 1} and report.rows["accepted"] == 12


@pytest.mark.parametrize("pad", [" ", "\u00a0"], ids=["space", "no-break space"])
def test_values_with_spaces_at_their_edges_are_trimmed(settings, pad):
    rows = [{c: f"{pad}{v}{pad}" for c, v in record().items()} for _ in range(12)]
    write_csv(settings.inbox_dir / "padded.csv", rows)
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows == {"read": 12, "accepted": 12, "quarantined": 0, "duplicates": 0}


def test_numbers_must_be_written_plainly(settings):
    lenient = ["1_000", "1,000", "1 000", "0x10", "1e3e3", "1|2", "|5"]  # "|": see check.py
    plain = ["1000", "+1000", "1000.5", ".5", "1e3"]
    rows = [record(housing_kg=v) for v in lenient + plain] + [record() for _ in range(10)]
    write_csv(settings.inbox_dir / "numbers.csv", rows)
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.reasons == {"non_numeric_value": len(lenient)}
    assert report.rows["accepted"] == len(plain) + 10


def test_parquet_codes_stored_as_integers_get_their_leading_zeros_back(settings):
    frame = pd.DataFrame([record(bydelnr="030101", postnummer="0150") for _ in range(12)])
    frame = frame.assign(kommunenummer=301, bydelnr=30101, postnummer=150.0)
    settings.inbox_dir.mkdir(parents=True)
    frame.to_parquet(settings.inbox_dir / "ints.parquet")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows == {"read": 12, "accepted": 12, "quarantined": 0, "duplicates": 0}
    placed = pd.read_parquet(next(settings.staging_dir.glob("*.parquet")))
    assert set(placed["kommune"]) == {"0301"} and set(placed["bydel"]) == {"030101"}


def test_an_unreadable_parquet_file_is_refused_without_showing_server_folders(settings):
    settings.inbox_dir.mkdir(parents=True)
    (settings.inbox_dir / "broken.parquet").write_bytes(b"PAR1 not really")
    write_csv(settings.inbox_dir / "good.csv", [record() for _ in range(12)])
    report = run(settings, now=NOW, progress=lambda _: None)
    reason = next(i["reason"] for i in report.inputs if i["file"] == "broken.parquet")
    assert "broken.parquet" in reason and str(settings.data_dir) not in reason


def test_a_file_with_old_mac_line_ends_is_refused_and_the_night_goes_on(settings):
    settings.inbox_dir.mkdir(parents=True)
    rows = [record() for _ in range(3)]
    text = "\r".join([",".join(ALL_COLUMNS)] + [",".join(r[c] for c in ALL_COLUMNS)
                                                 for r in rows]) + "\r"
    (settings.inbox_dir / "mac.csv").write_text(text, encoding="utf-8", newline="")
    write_csv(settings.inbox_dir / "good.csv", [record() for _ in range(12)])
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.status == "succeeded" and report.files == {"accepted": 1, "rejected": 1}
    reason = next(i["reason"] for i in report.inputs if i["file"] == "mac.csv")
    assert "line" in reason and "CR" in reason
