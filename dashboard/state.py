"""A view's state from its URL query (untrusted) and back, so every view can be shared."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.contract import PUBLISHED_CATEGORIES
from dashboard import i18n
from dashboard.geo import CITIES

LEVELS = ("kommune", "fylke", "bydel")
SORTS = ("low", "high", "name")
MAX_COMPARE = 8
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_CODE = re.compile(r"^\d{4}$")


def _str(query: dict, key: str) -> str:
    value = query.get(key, "")
    if isinstance(value, list):  # ?a=1&a=2
        value = value[0] if value else ""
    return value.strip()[:200] if isinstance(value, str) else ""


def _choice(query: dict, key: str, options: tuple[str, ...], default: str) -> str:
    value = _str(query, key)
    return value if value in options else default


def parse_period(text: str, months: list[date]) -> date | None:
    """'2026-10' -> date(2026, 10, 1) when that month is in the release, else None."""
    match = _PERIOD.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    value = date(year, month, 1)
    return value if value in months else None


def period_text(value: date) -> str:
    return f"{value:%Y-%m}"


@dataclass(frozen=True)
class MapView:
    """The front page: which level, city, category, month and table order."""

    level: str = "kommune"
    city: str = "0301"
    category: str = "total"
    period: date | None = None
    sort: str = "low"
    lang: str = i18n.DEFAULT

    def query(self) -> dict:
        """URL parameters (without lang, which `layout.href` adds); defaults left out."""
        out = {}
        if self.level != "kommune":
            out["nivaa"] = self.level
        if self.level == "bydel":
            out["by"] = self.city
        if self.category != "total":
            out["kategori"] = self.category
        if self.period:
            out["periode"] = period_text(self.period)
        if self.sort != "low":
            out["sort"] = self.sort
        return out

    def with_(self, **changes) -> MapView:
        return replace(self, **changes)


def parse_map(query: dict, months: list[date]) -> MapView:
    """The front page's view from its query string; anything unknown falls back to defaults."""
    return MapView(
        level=_choice(query, "nivaa", LEVELS, "kommune"),
        city=_choice(query, "by", tuple(CITIES), "0301"),
        category=_choice(query, "kategori", PUBLISHED_CATEGORIES, "total"),
        period=parse_period(_str(query, "periode"), months) or (months[-1] if months else None),
        sort=_choice(query, "sort", SORTS, "low"),
        lang=i18n.lang_of(_str(query, "lang")),
    )


def parse_codes(text: str, known: set[str], limit: int = MAX_COMPARE) -> tuple[list[str], bool]:
    """Municipality codes from '0301,4601' (unknown ones dropped); True when cut to `limit`."""
    codes = [c for c in re.split(r"[,\s]+", text or "") if _CODE.match(c) and c in known]
    codes = list(dict.fromkeys(codes))
    return codes[:limit], len(codes) > limit


def parse_code(segment: str) -> str:
    """'5001-trondheim' -> '5001'; anything not starting with four digits -> ''."""
    head = (segment or "").split("-", 1)[0]
    return head if _CODE.match(head) else ""


def lang(query: dict) -> str:
    return i18n.lang_of(_str(query, "lang"))


def category(query: dict) -> str:
    return _choice(query, "kategori", PUBLISHED_CATEGORIES, "total")
