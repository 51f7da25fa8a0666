"""Find an area from what a person types: a name (any spelling) of a municipality or a
district, a municipality number (today's or a former one), or a postcode; when a number or
name can mean more than one place, every reading is offered rather than one guessed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

from dashboard.i18n import sort_key

MAX_QUERY = 80
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ð": "d", "ŧ": "t", "đ": "d",
                       "ŋ": "n", "ʒ": "z", "ǯ": "z", "œ": "oe", "ß": "ss"})
_QUALIFIED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_SPLIT = re.compile(r"\s*[;|/]\s*|\s+-\s+")


@dataclass(frozen=True)
class Hit:
    """A matching area: its code and name, what matched, and how well (0–1).

    `kind` says how it was found: "name", "number" (today's municipality number),
    "postcode", "old" (a former number, `old_code` used until `until`), or "district" (a
    district of the municipality `city`). `county` is set where the name alone is shared
    by more than one area (two Herøy), and names a district's municipality."""

    code: str
    name: str
    matched: str
    score: float
    postcode: str = ""
    kind: str = "name"
    county: str = ""
    old_code: str = ""
    until: int = 0
    city: str = ""

    @property
    def label(self) -> str:
        """The name as a person can tell it apart: 'Herøy (Nordland)'."""
        return f"{self.name} ({self.county})" if self.county else self.name


def fold(text: str) -> str:
    """Lower case without accents or Norwegian letters: 'Kárášjohka' -> 'karasjohka'."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def names_of(name: str, alt_names: str) -> list[str]:
    """The primary name, its parts ('Porsanger - Porsáŋgu - Porsanki') and alternative names."""
    found = [name, *_SPLIT.split(name), *_SPLIT.split(alt_names or "")]
    return [n for n in dict.fromkeys(s.strip() for s in found) if n]


def _score(query: str, candidate: str) -> float:
    if not candidate:
        return 0.0
    if query == candidate:
        return 1.0
    if candidate.startswith(query):
        return 0.9 if len(query) >= 3 else 0.6
    ratio = SequenceMatcher(None, query, candidate).ratio()
    head = SequenceMatcher(None, query, candidate[: len(query)]).ratio() if len(query) >= 4 else 0
    return max(ratio, head * 0.88, 0.8 if len(query) >= 4 and query in candidate else 0.0)


def homonyms(kommuner: pd.DataFrame, counties: dict[str, str] | None) -> dict[str, str]:
    """Code -> county name of every municipality whose name another one shares."""
    if not counties or "parent_code" not in kommuner:
        return {}
    shared = kommuner[kommuner["name"].duplicated(keep=False)]
    return {r.code: counties.get(r.parent_code, "") for r in shared.itertuples()}


def labels(kommuner: pd.DataFrame, counties: dict[str, str] | None) -> dict[str, str]:
    """Code -> the name a person can tell apart: 'Herøy (Nordland)', plain 'Oslo'."""
    county = homonyms(kommuner, counties)
    return {r.code: f"{r.name} ({county[r.code]})" if county.get(r.code) else r.name
            for r in kommuner.itertuples()}


def _numbers(digits: str, by_code: dict, postcodes: dict, history: pd.DataFrame | None,
             county: dict[str, str]) -> list[Hit]:
    """Every reading of a number: today's municipality number, a postcode, a former number
    (each successor of a split one). Both are offered when they disagree (3201)."""
    hits = []
    if digits in by_code:
        hits.append(Hit(digits, by_code[digits].name, digits, 1.0, kind="number",
                        county=county.get(digits, "")))
    if digits in postcodes:  # the pack's postcode table knows their length
        place, code = postcodes[digits]
        if code in by_code and digits != code:
            hits.append(Hit(code, by_code[code].name, place.title(), 1.0, digits,
                            kind="postcode", county=county.get(code, "")))
    if history is not None and not history.empty:
        rows = history[(history["old_code"] == digits) & (history["new_code"] != digits)]
        for row in rows.itertuples():
            if row.new_code in by_code and row.new_code not in {h.code for h in hits}:
                hits.append(Hit(row.new_code, by_code[row.new_code].name, digits, 1.0,
                                kind="old", county=county.get(row.new_code, ""),
                                old_code=digits, until=int(row.valid_to_year) + 1))
    return hits


def _qualified(raw: str) -> tuple[str, str]:
    """'Herøy (Nordland)' -> ('Herøy', 'nordland'): a name with the county that tells it
    apart, as search results and compare write homonyms."""
    match = _QUALIFIED.match(raw)
    return (match.group(1), fold(match.group(2))) if match else (raw, "")


def _best(folded: str, name: str, alt_names: str) -> tuple[float, str]:
    best, matched = 0.0, name
    for candidate in names_of(name, alt_names):
        score = _score(folded, fold(candidate))
        if score > best:
            best, matched = score, candidate
    return best, matched


def search(query: str, kommuner: pd.DataFrame, postcodes: dict[str, tuple[str, str]],
           limit: int = 8, threshold: float = 0.72, *, history: pd.DataFrame | None = None,
           districts: pd.DataFrame | None = None,
           counties: dict[str, str] | None = None) -> list[Hit]:
    """Municipalities (and districts, when given) matching `query`, best first.

    A number is read every way it can be (municipality number, postcode, former number
    from `history`); `counties` (code -> name) lets homonyms carry their county."""
    raw = (query or "").strip()[:MAX_QUERY]
    digits = re.sub(r"\s", "", raw)
    by_code = {r.code: r for r in kommuner.itertuples()}
    county = homonyms(kommuner, counties)
    if digits.isdigit():
        return _numbers(digits, by_code, postcodes, history, county)
    raw, qualifier = _qualified(raw)
    folded = fold(raw)
    if not folded:
        return []
    hits = []
    for row in by_code.values():
        best, matched = _best(folded, row.name, row.alt_names)
        if best >= threshold:
            hits.append(Hit(row.code, row.name, matched, round(best, 3),
                            county=county.get(row.code, "")))
    for row in (districts.itertuples() if districts is not None else ()):
        best, matched = _best(folded, row.name, row.alt_names)
        if best >= threshold and row.parent_code in by_code:
            hits.append(Hit(row.code, row.name, matched, round(best, 3), kind="district",
                            county=by_code[row.parent_code].name, city=row.parent_code))
    if qualifier and any(fold(h.county) == qualifier for h in hits):
        hits = [h for h in hits if fold(h.county) == qualifier]  # 'Herøy (Nordland)'
    # equal scores in Norwegian order (Æ Ø Å after Z), homonyms by their county
    hits.sort(key=lambda h: (-h.score, sort_key(h.name), sort_key(h.county)))
    return hits[:limit]


def unambiguous(hits: list[Hit]) -> Hit | None:
    """The one hit to go straight to, if the search leaves no doubt. A former number with a
    single successor wins over a postcode of the same digits (1601: Trondheim, not
    Fredrikstad's postcode), whose page then offers the postcode's place too."""
    if not hits:
        return None
    old = [h for h in hits if h.kind == "old"]
    if len(old) == 1 and all(h.kind in ("old", "postcode") for h in hits):
        return old[0]
    top = hits[0]
    if top.score >= 1.0 and (len(hits) == 1 or hits[1].score < 1.0):
        return top
    if top.score >= 0.85 and (len(hits) == 1 or hits[1].score < top.score - 0.1):
        return top
    return None
