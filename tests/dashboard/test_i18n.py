"""Words, numbers and dates in both languages."""

from __future__ import annotations

from datetime import date

from dashboard import i18n


def test_norwegian_numbers_use_decimal_comma_and_spaced_thousands():
    assert i18n.num(12.34, "nb") == "12,3"
    assert i18n.num(44825, "nb", 0) == "44\u202f825"
    assert i18n.num(12.34, "en") == "12.3"
    assert i18n.num(44825, "en", 0) == "44,825"


def test_missing_numbers_show_a_dash_not_zero():
    assert i18n.num(None) == "–"
    assert i18n.num(float("nan"), "en") == "–"


def test_signed_changes_carry_a_true_minus_sign():
    assert i18n.signed(-0.4, "nb") == "−0,4"
    assert i18n.signed(0.3, "en") == "+0.3"
    assert i18n.signed(0.01, "nb") == "0,0"


def test_months_and_days_are_translated():
    assert i18n.month(date(2026, 10, 1), "nb") == "oktober 2026"
    assert i18n.month(date(2026, 10, 1), "en") == "October 2026"
    assert i18n.day(date(2026, 11, 28), "nb") == "28. november 2026"


def test_every_key_exists_in_both_languages():
    assert set(i18n.TEXT["nb"]) == set(i18n.TEXT["en"])


def test_unknown_language_falls_back_to_bokmal():
    assert i18n.lang_of("<script>") == "nb"
    assert i18n.t("nav.map", "xx") == "Kart"
    assert i18n.t("card.national", "en", month="May 2026") == "Norway, May 2026"
