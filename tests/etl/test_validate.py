"""`fotavtrykk validate`: a partner sees what the next run would do, and nothing is written."""

from __future__ import annotations

import json
import shutil

from etl.cli import main
from etl.pipeline import run
from etl.validate import validate
from tests.conftest import NOW, make_settings, record, write_csv


def _env(monkeypatch, settings) -> None:
    monkeypatch.setenv("FOTAVTRYKK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DATABASE_URL", settings.db_url)


def _mixed() -> list[dict]:
    rows = [record() for _ in range(6)]
    rows += [record(housing_kg="-5"), record(kommunenummer="9999"), record(food_kg="x"),
             record(housing_kg="-1")]
    rows.append(dict(rows[2]))  # row 11 repeats row 3
    return rows


def test_a_good_file_passes_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    settings = make_settings(tmp_path)
    _env(monkeypatch, settings)
    good = write_csv(tmp_path / "partner" / "good.csv", [record() for _ in range(12)])
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert "12 rows = 12 accepted + 0 quarantined + 0 repeats" in out
    assert not settings.data_dir.exists()  # no store, no staging, no working database
    assert good.exists()


def test_a_mixed_file_lists_reasons_with_rows_and_the_run_agrees(tmp_path, monkeypatch,
                                                                capsys):
    settings = make_settings(tmp_path)
    _env(monkeypatch, settings)
    mixed = write_csv(tmp_path / "partner" / "mixed.csv", _mixed())
    assert main(["validate", "--json", "--examples", "1", str(mixed)]) == 2
    checked = json.loads(capsys.readouterr().out)["files"][0]
    assert checked["outcome"] == "accepted"
    assert checked["reasons"]["negative_value"]["count"] == 2
    assert [e["row"] for e in checked["reasons"]["negative_value"]["examples"]] == [7]
    assert checked["reasons"]["unknown_kommune"]["examples"][0]["row"] == 8
    assert checked["repeat_rows"] == [11]
    # The night's run on the same file counts exactly what validate said it would.
    settings.inbox_dir.mkdir(parents=True)
    shutil.copy(mixed, settings.inbox_dir / "mixed.csv")
    report = run(settings, now=NOW, progress=lambda _: None)
    assert report.rows == {"read": checked["rows_read"], "accepted": checked["accepted"],
                           "quarantined": checked["quarantined"],
                           "duplicates": checked["duplicates"]}
    assert dict(report.reasons) == {r: e["count"] for r, e in checked["reasons"].items()}


def test_a_file_that_would_be_rejected_exits_1_with_its_reason(tmp_path, monkeypatch,
                                                                capsys):
    _env(monkeypatch, make_settings(tmp_path))
    bad = tmp_path / "semicolons.csv"
    bad.write_text("respondent_id;submitted_at\nabc;2025-01-01\n", encoding="utf-8")
    good = write_csv(tmp_path / "good.csv", [record() for _ in range(3)])
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "semicolons.csv: REJECTED" in out and "is the delimiter a comma?" in out


def test_repeats_of_earlier_deliveries_and_excluded_sources_are_found(tmp_path):
    settings = make_settings(tmp_path, excluded_sources="bank")
    first = [record() for _ in range(12)]
    write_csv(settings.inbox_dir / "june.csv", first)
    run(settings, now=NOW, progress=lambda _: None)
    again = write_csv(tmp_path / "july.csv", [first[4], record(), record(source="bank")])
    result = validate([again], settings, now=NOW)
    checked = result.files[0]
    assert result.earlier_deliveries == 1
    assert (checked.duplicates, checked.repeat_rows) == (1, [1])
    assert checked.reasons["excluded_source"]["count"] == 1
    assert result.exit_code == 2
    # Delivering June's file again is recognised, not counted twice.
    same = shutil.copy(next(settings.archive_dir.glob("*.csv")), tmp_path / "june-again.csv")
    assert validate([same], settings, now=NOW).files[0].outcome == "already_delivered"
