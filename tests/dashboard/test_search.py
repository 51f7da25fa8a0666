"""Search by name (any spelling, Sami names, typos) and by postcode."""

from __future__ import annotations

import pandas as pd

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
