"""Find a base-level area (a municipality) from what a person types: a name (any spelling),
or a postcode."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

MAX_QUERY = 80
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ð": "d", "ŧ": "t", "đ": "d",
                       "ŋ": "n", "ʒ": "z", "ǯ": "z", "œ": "oe", "ß": "ss"})
_SPLIT = re.compile(r"\s*[;|/]\s*|\s+-\s+")


@dataclass(frozen=True)
class Hit:
    """A matching municipality: its code and name, what matched, and how well (0–1)."""

    code: str
    name: str
    matched: str
    score: float
    postcode: str = ""


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


def search(query: str, kommuner: pd.DataFrame, postcodes: dict[str, tuple[str, str]],
           limit: int = 8, threshold: float = 0.72) -> list[Hit]:
    """Municipalities matching `query`, best first; a postcode gives its municipality."""
    raw = (query or "").strip()[:MAX_QUERY]
    digits = re.sub(r"\s", "", raw)
    by_code = {r.code: r for r in kommuner.itertuples()}
    if digits.isdigit():
        hits = []
        if digits in postcodes:  # the pack's postcode table knows their length
            place, code = postcodes[digits]
            if code in by_code:
                hits.append(Hit(code, by_code[code].name, place.title(), 1.0, digits))
        if digits in by_code and not hits:
            hits.append(Hit(digits, by_code[digits].name, digits, 1.0))
        return hits
    folded = fold(raw)
    if not folded:
        return []
    hits = []
    for row in by_code.values():
        best, matched = 0.0, row.name
        for candidate in names_of(row.name, row.alt_names):
            score = _score(folded, fold(candidate))
            if score > best:
                best, matched = score, candidate
        if best >= threshold:
            hits.append(Hit(row.code, row.name, matched, round(best, 3)))
    hits.sort(key=lambda h: (-h.score, h.name))
    return hits[:limit]


def unambiguous(hits: list[Hit]) -> Hit | None:
    """The one hit to go straight to, if the search leaves no doubt."""
    if not hits:
        return None
    top = hits[0]
    if top.score >= 1.0 and (len(hits) == 1 or hits[1].score < 1.0):
        return top
    if top.score >= 0.85 and (len(hits) == 1 or hits[1].score < top.score - 0.1):
        return top
    return None
