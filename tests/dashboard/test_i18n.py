"""Words, numbers and dates in both languages; no word the code asks for is missing."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path
from string import Formatter

import pytest

from core.contract import PUBLISHED_CATEGORIES
from dashboard import i18n
from dashboard.areas import pack, words
from dashboard.presets import PRESETS

DASHBOARD = Path(i18n.__file__).parent

#: The values each key prefix in the code can take (`t(f"cat.{code}")`, `t("trend." + d)`): a
#: new prefix in the code must be added here, so its keys are checked too.
KEY_FAMILIES = {"cat.": PUBLISHED_CATEGORIES, "country.": (pack().country_code,),
                "trend.": ("rising", "falling", "flat", "unknown"),  # stats.Change.direction
                "vs.": ("higher", "lower", "similar"),  # the published vs_country classes
                "preset.": tuple(p.key for p in PRESETS)}  # the scenario page's presets


def test_norwegian_numbers_use_decimal_comma_and_spaced_thousands():
    assert i18n.num(12.34, "nb") == "12,3"
    assert i18n.num(44825, "nb", 0) == "44\u202f825"
    assert i18n.num(12.34, "en") == "12.3"
    assert i18n.num(44825, "en", 0) == "44,825"


def test_numbers_round_as_written_and_zero_has_no_sign():
    assert i18n.num(1.05, "nb") == "1,1"  # the float is 1.04999…; a reader rounds 1.05 up
    assert i18n.num(-1234.56, "en") == "−1,234.6"
    assert i18n.num(-0.01, "nb") == "0,0"


def test_missing_numbers_show_a_dash_not_zero():
    assert i18n.num(None) == "–"
    assert i18n.num(float("nan"), "en") == "–"
    assert i18n.signed(None, "en") == "–"


def test_signed_changes_carry_a_true_minus_sign():
    assert i18n.signed(-0.4, "nb") == "−0,4"
    assert i18n.signed(-0.4, "en") == "−0.4"
    assert i18n.signed(0.3, "en") == "+0.3"
    assert i18n.signed(0.01, "nb") == "0,0"


def test_months_and_days_are_translated():
    assert i18n.month(date(2026, 10, 1), "nb") == "oktober 2026"
    assert i18n.month(date(2026, 10, 1), "en") == "October 2026"
    assert i18n.month(date(2026, 5, 1), "nb", short=True) == "mai 2026"
    assert i18n.day(date(2026, 11, 28), "nb") == "28. november 2026"
    assert i18n.day(date(2026, 11, 28), "en") == "28 November 2026"


def test_charts_use_the_same_separators_as_the_text():
    for lang in i18n.LANGS:
        decimal_mark, group = i18n.plotly_separators(lang)
        assert i18n.num(1234.5, lang) == f"1{group}234{decimal_mark}5"


def test_unknown_language_falls_back_to_bokmal():
    assert i18n.lang_of("<script>") == "nb"
    assert i18n.t("nav.map", "xx") == "Kart"
    assert i18n.t("card.national", "en", month="May 2026") == "Norway, May 2026"
    assert i18n.long_text("method", "xx") == i18n.long_text("method", "nb")


def test_every_message_has_a_text_in_every_language():
    ids = set(i18n.messages(i18n.DEFAULT))
    assert len(ids) > 50  # the catalogue was read, not an empty file
    for lang in i18n.LANGS:
        assert set(i18n.messages(lang)) == ids, lang
        assert all(text.strip() for text in i18n.messages(lang).values()), lang


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def test_every_translation_has_the_same_placeholders():
    default = i18n.messages(i18n.DEFAULT)
    assert _placeholders(default["card.national"]) == {"country", "month"}  # parser sees them
    # the pack's words fill themselves in; a language may leave one out ("landet")
    own = set(words(i18n.DEFAULT))
    for lang in i18n.LANGS:
        for key, text in i18n.messages(lang).items():
            assert _placeholders(text) - own == _placeholders(default[key]) - own, (lang, key)


def keys_in(source: str, namespaces: set[str]) -> tuple[set[str], set[str]]:
    """Message ids a module's code names, and the f-string prefixes of keys it builds.

    A literal counts when it is passed to t() or looks like `namespace.name` for a namespace
    the catalogue has (keys also travel through helpers such as notice(lang, "k.back")).
    """
    keys, prefixes = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(first.values[0].value)
            elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
                prefixes.add(first.left.value)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", node.value)
              and node.value.split(".")[0] in namespaces):
            keys.add(node.value)
    return keys, prefixes


def _namespaces() -> set[str]:
    return {key.split(".")[0] for key in i18n.messages(i18n.DEFAULT) if "." in key}


def test_the_key_scan_finds_calls_helpers_and_prefixes():
    source = ('x = t("no.such", lang) + notice(lang, "k.nothing") + t(f"cat.{c}") '
              '+ t("trend." + d) + "style.css"')
    assert keys_in(source, _namespaces()) == ({"no.such", "k.nothing"}, {"cat.", "trend."})


def test_every_key_the_code_uses_is_in_the_catalogues():
    ids = set(i18n.messages(i18n.DEFAULT))
    used, prefixes = set(), set()
    for path in DASHBOARD.rglob("*.py"):
        keys, found = keys_in(path.read_text(encoding="utf-8"), _namespaces())
        used |= keys
        prefixes |= found
    assert {"nav.map", "k.notfound.title"} <= used  # a call and a helper's argument
    assert prefixes <= set(KEY_FAMILIES), "add the values of a new key prefix to KEY_FAMILIES"
    used |= {prefix + value for prefix in prefixes for value in KEY_FAMILIES[prefix]}
    assert sorted(used - ids) == []


def _linked_anchors() -> set[str]:
    """Anchors of the method page other pages link to (what_link(lang, "kart"))."""
    anchors = set()
    for path in DASHBOARD.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "what_link"
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                anchors.add(node.args[1].value)
    return anchors


def test_method_text_has_the_same_sections_in_every_language(app):
    from dashboard.pages import method
    anchors = [anchor for anchor, _, _ in method.sections(i18n.DEFAULT)]
    assert {"tall", "kart", "trend", "skjuling"} <= set(anchors)
    assert _linked_anchors() <= set(anchors)
    for lang in i18n.LANGS:
        parts = method.sections(lang)
        assert [anchor for anchor, _, _ in parts] == anchors, lang
        for anchor, heading, body in parts:
            assert heading and body, (lang, anchor)
            # A heading without {#anchor} would hide inside the section before it.
            assert not re.search(r"^#", body, re.MULTILINE), (lang, anchor)


def _ids_and_headings(component, found: dict) -> dict:
    """Section ids → their h2 text, and every Markdown body (as HTML), from a layout."""
    children = getattr(component, "children", None)
    kind = type(component).__name__
    if kind == "Section":
        found["sections"][component.id] = children[0].children
    if kind == "Markup" and getattr(component, "className", None) == "prose":
        found["markdown"].append(component.html)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            _ids_and_headings(child, found)
    return found


@pytest.mark.parametrize(("lang", "title", "heading"), [
    ("nb", "Om tallene", "For få svar"), ("en", "About the numbers", "Too few respondents")])
def test_method_page_renders_its_sections_in_both_languages(app, lang, title, heading):
    from dashboard.pages import method
    page = method.layout(lang=lang)
    found = _ids_and_headings(page, {"sections": {}, "markdown": []})
    assert found["sections"]["skjuling"] == heading
    assert list(found["sections"]) == [anchor for anchor, _, _ in method.sections(lang)]
    assert len(found["markdown"]) == len(found["sections"])
    text = str(page.to_plotly_json())
    assert title in text and "10" in found["markdown"][list(found["sections"]).index("skjuling")]
    assert i18n.t("updated", lang, date="", run="").split()[0] in text  # the release line
