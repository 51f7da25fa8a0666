"""Search by name (any spelling, Sami names, typos) and by postcode."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.search import fold, search, unambiguous

KOMMUNER = pd.DataFrame({
    "code": ["5001", "5403", "5430", "0301", "1508", "1580", "3101"],
    "name": ["Trondheim", "Alta", "Kautokeino", "Oslo", "Ålesund", "Haram", "Halden"],
    "alt_names": ["Tråante", "", "Guovdageaidnu", "", "", "", ""],
})
POSTCODES = {"7030": ("TRONDHEIM", "5001"), "9520": ("KAUTOKEINO", "5430")}


def first(query):
    return unambiguous(search(query, KOMMUNER, POSTCODES))


def test_fold_removes_accents_and_norwegian_letters():
    assert fold("Ålesund") == "alesund"
    assert fold("Guovdageaidnu – Kárášjohka!") == "guovdageaidnu karasjohka"


def test_exact_names_go_straight_to_the_municipality():
    assert first("Trondheim").code == "5001"
    assert first("  oslo ").code == "0301"


def test_sami_and_alternative_names_are_found():
    assert first("Guovdageaidnu").code == "5430"
    assert first("Tråante").code == "5001"
    assert first("traante").code == "5001"


def test_typos_and_missing_accents_are_forgiven():
    assert first("Alesund").code == "1508"
    assert first("Trondhiem").code == "5001"


def test_postcodes_give_their_municipality():
    hit = first("7030")
    assert hit.code == "5001" and hit.postcode == "7030"


def test_nonsense_finds_nothing():
    assert search("zzzzqqq", KOMMUNER, POSTCODES) == []
    assert search("", KOMMUNER, POSTCODES) == []
    assert search("0000", KOMMUNER, POSTCODES) == []
    assert search("<script>alert(1)</script>", KOMMUNER, POSTCODES) == []


# Numbers and names that can mean more than one place, on the shape of the real pack.
PLACES = pd.DataFrame({
    "code": ["3201", "3907", "5501", "1106", "1804", "3118", "1151", "0301", "5001",
             "1515", "1818", "3114", "3419", "3214", "1806", "1875", "3301"],
    "name": ["Bærum", "Sandefjord", "Tromsø", "Haugesund", "Bodø", "Indre Østfold", "Utsira",
             "Oslo", "Trondheim", "Herøy", "Herøy", "Våler", "Våler", "Frogn", "Narvik",
             "Hamarøy", "Drammen"],
    "parent_code": ["32", "39", "55", "11", "18", "31", "11", "03", "50", "15", "18", "31",
                    "34", "32", "18", "18", "33"],
    "alt_names": ["", "", "Romsa", "", "", "", "", "", "Tråante", *[""] * 8],
})
COUNTIES = {"03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland",
            "31": "Østfold", "32": "Akershus", "33": "Buskerud", "34": "Innlandet",
            "39": "Vestfold", "50": "Trøndelag", "55": "Troms"}
CODES = {"3201": ("Sandefjord", "3907"), "5501": ("HAUGESUND", "1106"),
         "1804": ("Spydeberg", "3118"), "1151": ("Oslo", "0301"), "7030": ("Trondheim", "5001"),
         "0301": ("Oslo", "0301")}
HISTORY = pd.DataFrame({
    "old_code": ["1601", "3024", "1850", "1850", "5001", "3201"],
    "new_code": ["5001", "3201", "1806", "1875", "5001", "3201"],
    "weight": ["1.0", "1.0", "0.5", "0.5", "1.0", "1.0"],
    "valid_from_year": ["1940", "2020", "1940", "1940", "2018", "2024"],
    "valid_to_year": ["2017", "2023", "2019", "2019", "2024", "2024"],
})
DISTRICTS = pd.DataFrame({"code": ["030105", "030101"], "name": ["Frogner", "Gamle Oslo"],
                          "parent_code": ["0301", "0301"], "alt_names": ["", ""]})


def find(query):
    return search(query, PLACES, CODES, history=HISTORY, districts=DISTRICTS,
                  counties=COUNTIES)


@pytest.mark.parametrize(("number", "own", "postcode_place"), [
    ("3201", "3201", "3907"), ("5501", "5501", "1106"), ("1804", "1804", "3118"),
    ("1151", "1151", "0301")])
def test_a_number_that_is_also_a_postcode_offers_both(number, own, postcode_place):
    hits = find(number)
    assert {(h.kind, h.code) for h in hits} == {("number", own), ("postcode", postcode_place)}
    assert unambiguous(hits) is None  # the list asks; nothing is opened for the person


def test_a_postcode_alone_goes_straight_to_its_municipality():
    hit = unambiguous(find("7030"))
    assert (hit.code, hit.kind, hit.postcode) == ("5001", "postcode", "7030")
    assert unambiguous(find("0301")).kind == "number"  # Oslo's number and postcode agree


@pytest.mark.parametrize(("old", "today", "until"), [("1601", "5001", 2018),
                                                     ("3024", "3201", 2024)])
def test_former_numbers_lead_to_todays_municipality(old, today, until):
    hit = unambiguous(find(old))
    assert (hit.code, hit.kind, hit.old_code, hit.until) == (today, "old", old, until)


def test_a_former_number_wins_over_the_same_postcode_but_both_are_listed():
    hits = search("3024", PLACES, {**CODES, "3024": ("Drammen", "3301")}, history=HISTORY,
                  counties=COUNTIES)
    assert {h.kind for h in hits} == {"old", "postcode"}
    assert unambiguous(hits).code == "3201"


def test_a_split_former_number_offers_every_successor():
    hits = find("1850")
    assert sorted(h.code for h in hits) == ["1806", "1875"] and unambiguous(hits) is None


@pytest.mark.parametrize(("name", "counties"), [("Herøy", ["Møre og Romsdal", "Nordland"]),
                                                ("Våler", ["Innlandet", "Østfold"])])
def test_homonyms_carry_their_county_and_are_not_guessed(name, counties):
    hits = [h for h in find(name) if h.score == 1.0]
    assert sorted(h.county for h in hits) == counties
    assert unambiguous(find(name)) is None
    assert find("Oslo")[0].label == "Oslo"  # only shared names get a county


def test_a_name_with_its_county_picks_that_one():
    hit = unambiguous(find("Herøy (Nordland)"))
    assert (hit.code, hit.label) == ("1818", "Herøy (Nordland)")


def test_districts_are_found_by_name_before_similar_municipalities():
    hits = find("Frogner")
    assert (hits[0].kind, hits[0].code, hits[0].city, hits[0].county) == \
        ("district", "030105", "0301", "Oslo")
    assert unambiguous(hits).code == "030105"
    assert "3214" in [h.code for h in find("Frogn")]  # Frogn itself is still found


@pytest.mark.parametrize("junk", ["", "   ", "99999999", "(", "()", "Herøy (", "12 34 x",
                                  "<b>3201</b>", "9" * 200])
def test_junk_finds_nothing_and_never_fails(junk):
    assert unambiguous(find(junk)) is None
