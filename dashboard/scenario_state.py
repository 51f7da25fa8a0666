"""A scenario's state from its URL query (untrusted) and back: the change per category by
2030, one parameter per category named by its code (`?transport=-30&housing=-20`), so a
scenario is a link that can be shared, printed from and downloaded as CSV.

Kept beside dashboard/state.py rather than in it: these fields mean something only on the
scenario page and its CSV; the language and the area code are read by state.py's parser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard import i18n
from dashboard.layout import href
from dashboard.scenarios import HIGHEST, LOWEST, categories
from dashboard.state import parse_code

#: The address of a municipality's scenario page: the bare kommunenummer (a name after it
#: redirects there, dashboard/scenario_redirect.py).
PATH = "/scenario/"


@dataclass(frozen=True)
class ScenarioView:
    """A validated scenario: area code, language, and percent change per category (only
    categories that change)."""

    code: str = ""
    lang: str = i18n.DEFAULT
    changes: tuple[tuple[str, float], ...] = ()

    def change(self, category: str) -> float:
        return dict(self.changes).get(category, 0.0)

    def query(self) -> dict[str, str]:
        """URL parameters of the changes (the language is added by `layout.href`)."""
        return {cat: _text(value) for cat, value in self.changes}


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def parse_change(value: object) -> float | None:
    """'-30', '−30', '-12.5' or '-12,5' → percent within the allowed bounds; else None."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()[:12].replace("\u2212", "-").replace(",", ".").rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    if not math.isfinite(number):
        return None
    return round(min(HIGHEST, max(LOWEST, number)), 1)


def parse(query: dict) -> ScenarioView:
    """The scenario from a URL query; unknown parameters and unreadable numbers ignored."""
    changes = []
    for cat in categories():
        value = parse_change(query.get(cat))
        if value:  # 0 and unreadable alike: no change
            changes.append((cat, value))
    code = query.get("code", "")
    return ScenarioView(code=parse_code(code if isinstance(code, str) else ""),
                        lang=i18n.lang_of(query.get("lang")), changes=tuple(changes))


def with_changes(view: ScenarioView, changes: dict[str, float]) -> ScenarioView:
    """The same view with other changes (zero ones left out), in category order."""
    kept = tuple((c, round(float(changes[c]), 1)) for c in categories()
                 if changes.get(c) and round(float(changes[c]), 1) != 0)
    return ScenarioView(view.code, view.lang, kept)


def scenario_href(code: str, lang: str = i18n.DEFAULT, view: ScenarioView | None = None) -> str:
    """The scenario page of `code` with the view's changes."""
    return href(PATH + code, lang, **(view.query() if view else {}))


def csv_href(code: str, view: ScenarioView | None = None) -> str:
    """The scenario's path as CSV (no language: the file's columns are the same in both)."""
    return href(f"/data{PATH}{code}.csv", i18n.DEFAULT, **(view.query() if view else {}))
