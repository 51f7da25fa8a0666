"""Checking the API's query parameters: every bad input becomes an `ApiError` naming the
parameter and the problem (answered 4xx as JSON), never an exception from deeper down."""

from __future__ import annotations

import re
from datetime import date

from core.contract import PUBLISHED_CATEGORIES

#: Longest parameter value read at all: codes and months are short, anything longer is not
#: a code or a month (and is not echoed back whole).
MAX_VALUE = 64
#: Parameters each endpoint knows; any other one is refused rather than silently ignored.
COMMON = frozenset({"format"})
FORMATS = ("json", "csv")
_CODE = re.compile(r"^[0-9A-Za-z_-]{1,16}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ApiError(Exception):
    """A request the API cannot answer: its status, the parameter and what is wrong."""

    def __init__(self, status: int, problem: str, parameter: str | None = None) -> None:
        super().__init__(problem)
        self.status, self.problem, self.parameter = status, problem, parameter

    def body(self) -> dict:
        return {"error": {"status": self.status, "parameter": self.parameter,
                          "problem": self.problem}}


def check_known(args, allowed: set[str]) -> None:
    """Refuse parameters the endpoint does not know, and values too long to be real."""
    for name in args:
        if name not in allowed | COMMON:
            raise ApiError(400, f"unknown parameter (known: {', '.join(sorted(allowed))})",
                           name[:MAX_VALUE])
        if any(len(v) > MAX_VALUE for v in args.getlist(name)):
            raise ApiError(400, f"value longer than {MAX_VALUE} characters", name)


def choice(args, name: str, options, default: str | None = None) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return default
    if value not in options:
        raise ApiError(400, f"must be one of: {', '.join(options)}", name)
    return value


def category(args) -> str | None:
    return choice(args, "category", PUBLISHED_CATEGORIES)


def code(args, name: str = "area") -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    if not _CODE.match(value):
        raise ApiError(400, "not an area code (letters, digits, - or _, at most 16)", name)
    return value


def month(args, name: str, first: date, last: date) -> date | None:
    """A month YYYY-MM within the release's months."""
    value = args.get(name)
    if value is None or value == "":
        return None
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise ApiError(400, "not a month: write YYYY-MM", name)
    month_ = date(int(match[1]), int(match[2]), 1)
    if not first <= month_ <= last:
        raise ApiError(400, f"outside the release's months ({first:%Y-%m} to {last:%Y-%m})", name)
    return month_


def wanted_format(args, suffix_csv: bool) -> str:
    return "csv" if suffix_csv else choice(args, "format", FORMATS, "json")
