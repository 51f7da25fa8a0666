"""Input contract v1: the columns a data provider delivers, one row per footprint estimate.

The contract is documented for providers in docs/input-contract.md; this module is the
single definition the ETL and the demo generator both use.
"""

from __future__ import annotations

CONTRACT_VERSION = "1"

#: The footprint categories, in display order, each with the most one respondent may
#: contribute to it (tonnes CO2e per year; a larger answer is held there before summing,
#: etl/disclosure/bounds.py). The total is their sum. A new category is one more entry here.
CATEGORY_BOUNDS_T: dict[str, float] = {"housing": 10.0, "transport": 20.0, "food": 5.0,
                                       "goods": 15.0, "public": 5.0}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_BOUNDS_T)
#: Published categories: the five plus their sum.
PUBLISHED_CATEGORIES: tuple[str, ...] = ("total", *CATEGORIES)
#: Input columns holding kg CO2e per year, one per category.
CATEGORY_COLUMNS: tuple[str, ...] = tuple(f"{c}_kg" for c in CATEGORIES)

AGE_GROUPS: tuple[str, ...] = ("18-29", "30-44", "45-66", "67+")
#: Records and every pack's population use these codes: a pack whose sources code sex
#: otherwise maps them when it is built (Testland's F/M, `[population].sex` in layers.toml),
#: so weighting never needs to know which country it weights.
SEXES: tuple[str, ...] = ("female", "male")

#: Columns every file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("respondent_id", "submitted_at", *CATEGORY_COLUMNS)
#: A file must have at least one of these to place its records on the map. Which level a
#: column places records at is the geography pack's to say (`record_column` in layers.toml).
LOCATION_COLUMNS: tuple[str, ...] = ("kommunenummer", "postnummer")
#: Columns a file may have.
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "kommunenummer",
    "postnummer",
    "bydelnr",
    "age_group",
    "sex",
    "household_size",
    "source",
)
ALL_COLUMNS: tuple[str, ...] = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)

#: A total above this (kg CO2e per year) is not a plausible personal footprint.
MAX_TOTAL_KG = 200_000.0
HOUSEHOLD_SIZE_RANGE = (1, 12)

#: Codes are text of exactly this many digits. A code delivered as a number (a Parquet
#: integer column) has lost its leading zeros and gets them back: 301 is Oslo's 0301.
CODE_WIDTHS: dict[str, int] = {"kommunenummer": 4, "postnummer": 4, "bydelnr": 6}
#: A number as providers must write it: optional sign, digits, at most one decimal point,
#: optionally an exponent. No underscores, spaces or thousands separators ("1_000" and
#: "1,000" are not numbers here, though some readers would take them).
NUMBER_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
#: A whole number, e.g. household_size; "3.0" (a Parquet float column) counts as 3.
INTEGER_PATTERN = r"[+-]?[0-9]+(\.0*)?"

#: A data partner's name in the optional `source` column (`app`, `bank`, `challenge`):
#: lower-case letters, digits, `-` or `_`, starting with a letter, at most 32 characters.
#: Read case-insensitively (`Bank` is `bank`); anything else is quarantined as `bad_source`,
#: so a typo never becomes a partner of its own in the published counts.
SOURCE_PATTERN = r"[a-z][a-z0-9_-]{0,31}"
#: How records without a source are counted per release; no valid source name looks like it.
NO_SOURCE = "(none)"
