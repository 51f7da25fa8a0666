"""Words, numbers and dates in Norwegian bokmål (default) and English.

Interface words live in gettext catalogues (`locale/<lang>/LC_MESSAGES/messages.po`), long
texts in Markdown (`texts/<name>.<lang>.md`); numbers and dates are written by Babel from the
Unicode CLDR data, so a new language brings its own month names and decimal mark.
"""

from __future__ import annotations

import decimal
import math
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

#: The languages, each with the CLDR locale behind it; British English writes "28 November 2026".
LOCALES = {"nb": "nb_NO", "en": "en_GB"}
LANGS = tuple(LOCALES)
DEFAULT = "nb"
#: Thousands separators that differ from CLDR: a narrow no-break space groups Norwegian
#: thousands (44 825), as ISO 80000 writes them, where CLDR has a full-width one.
GROUPS = {"nb": "\u202f"}
#: A true minus sign in every language (CLDR gives English the hyphen), so signs line up.
MINUS = "\u2212"
#: What a missing number shows: a dash, never zero.
MISSING = "–"

HERE = Path(__file__).parent


def lang_of(value: object) -> str:
    """A supported language code from untrusted input, defaulting to bokmål."""
    return value if isinstance(value, str) and value in LANGS else DEFAULT


@lru_cache(maxsize=len(LANGS))
def _catalogue(lang: str) -> Mapping[str, str]:
    """Message id → text of one language, read once per process (catalogues are static)."""
    with (HERE / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang, abort_invalid=True)
    # Fuzzy entries are drafts gettext would not show either.
    return MappingProxyType({m.id: m.string for m in catalog
                             if m.id and isinstance(m.string, str) and m.string and not m.fuzzy})


def messages(lang: str) -> Mapping[str, str]:
    """The interface words of `lang` (read-only), keyed by message id."""
    return _catalogue(lang_of(lang))


def t(key: str, lang: str = DEFAULT, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in; the geography pack's
    words ({level}, {levels}, {country}, see `areas.words`) fill themselves in."""
    text = messages(lang).get(key) or messages(DEFAULT).get(key, key)
    if "{" not in text:
        return text
    from dashboard import areas  # areas reads the catalogue for the country's name

    return text.format_map({**areas.words(lang_of(lang)), **values})


@lru_cache(maxsize=16)
def _text_file(name: str, lang: str) -> str | None:
    path = HERE / "texts" / f"{name}.{lang}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def long_text(name: str, lang: str = DEFAULT) -> str:
    """The Markdown text `name` (e.g. "method") in `lang`, or in bokmål if not translated."""
    text = _text_file(name, lang_of(lang)) or _text_file(name, DEFAULT)
    if text is None:
        raise FileNotFoundError(f"no text {name!r} in {HERE / 'texts'}")
    return text


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


#: Formatted texts kept per process: Babel takes about 50 µs a number, a table writes
#: thousands of them, and they repeat (means have one decimal, counts are rounded to 5).
FORMATTED_CACHE = 8192


@lru_cache(maxsize=FORMATTED_CACHE)
def _digits(value: float, lang: str, decimals: int) -> str:
    """abs(value) with the language's decimal mark and thousands grouping, no sign."""
    locale = LOCALES[lang_of(lang)]
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    # Babel rounds the number as written (1.05, not the float just below it); ties go up,
    # as a reader rounds by hand.
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        text = format_decimal(abs(value), format=pattern, locale=locale)
    group = GROUPS.get(lang_of(lang))
    return text.replace(get_group_symbol(locale), group) if group else text


def _is_zero(text: str) -> bool:
    """Whether a formatted number rounds to zero (then it carries no sign)."""
    return not any(c in "123456789" for c in text)


def num(value: float | None, lang: str = DEFAULT, decimals: int = 1) -> str:
    """A number with the language's decimal mark and thousands separator; '–' when missing."""
    if _missing(value):
        return MISSING
    text = _digits(value, lang, decimals)
    return MINUS + text if value < 0 and not _is_zero(text) else text


def signed(value: float | None, lang: str = DEFAULT, decimals: int = 1) -> str:
    """A change with its sign: +0,3 / −0,2 / 0,0."""
    if _missing(value):
        return MISSING
    text = _digits(value, lang, decimals)
    if _is_zero(text):
        return text
    return ("+" if value > 0 else MINUS) + text


@lru_cache(maxsize=1024)
def month(value: date, lang: str = DEFAULT, short: bool = False) -> str:
    """'oktober 2026' / 'October 2026' (or 'okt 2026' / 'Oct 2026')."""
    # L is the month name standing alone (not inside a full date), which some languages inflect.
    return format_date(value, "LLL y" if short else "LLLL y", locale=LOCALES[lang_of(lang)])


@lru_cache(maxsize=1024)
def day(value: date, lang: str = DEFAULT) -> str:
    """'28. november 2026' / '28 November 2026'."""
    return format_date(value, "long", locale=LOCALES[lang_of(lang)])


def category(code: str, lang: str = DEFAULT) -> str:
    """The name of a footprint category (`cat.<code>` in the catalogue)."""
    return t(f"cat.{code}", lang)


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` layout value: decimal mark then thousands separator, as in num()."""
    locale = LOCALES[lang_of(lang)]
    return get_decimal_symbol(locale) + GROUPS.get(lang_of(lang), get_group_symbol(locale))


#: Letters that have their own place in the Norwegian alphabet, after z (æ, ø, å), with the
#: foreign letters Norwegian dictionaries file with them (ä with æ, ö with ø, aa-less å).
_NORDIC = {"æ": "{0", "ä": "{0", "ø": "{1", "ö": "{1", "œ": "{1", "å": "{2"}
#: Sami and other letters a Norwegian reader files under a plain Latin letter.
_PLAIN = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t", "ü": "y", "ß": "ss"})


def sort_key(name: str) -> tuple[str, str]:
    """A key that sorts place names as Norwegian does: … X Y Z Æ Ø Å, accents filed with
    their base letter (Sámi á with a, č with c), case only breaking ties.

    Python's default puts Å before Ø (by code point) and every capital before every small
    letter; '{' sorts right after 'z', so the three Nordic letters follow it in order.
    """
    text = unicodedata.normalize("NFC", str(name)).casefold()
    letters = []
    for char in text:
        if char in _NORDIC:
            letters.append(_NORDIC[char])
            continue
        plain = unicodedata.normalize("NFD", char.translate(_PLAIN))
        letters.append("".join(c for c in plain if not unicodedata.combining(c)))
    return "".join(letters), str(name)


def interval_ends(low: float | None, high: float | None, lang: str = DEFAULT,
                  decimals: int = 1) -> tuple[str, str]:
    """Both ends of an interval, written so they never read as one number.

    When rounding to `decimals` writes both ends the same ("12,1–12,1"), one or two more
    decimals are shown ("12,08–12,13"): the interval is narrow, not absent.
    """
    a, b = num(low, lang, decimals), num(high, lang, decimals)
    for places in (decimals + 1, decimals + 2):
        if a != b or a == MISSING:
            break
        a, b = num(low, lang, places), num(high, lang, places)
    return a, b


def interval(low: float | None, high: float | None, lang: str = DEFAULT,
             decimals: int = 1) -> str:
    """'12,0–12,2' ('–' when missing): see `interval_ends`."""
    if _missing(low) or _missing(high):
        return MISSING
    return "–".join(interval_ends(low, high, lang, decimals))


def band(text: str | None) -> str:
    """A respondent count band as read ('1000–4999', with an en dash a narrow column may
    wrap after), '–' when there is none."""
    return str(text).replace("-", "–") if text else MISSING
