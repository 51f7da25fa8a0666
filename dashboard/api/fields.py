"""The fields of API v1, defined once: the JSON rows, the CSV columns, the data dictionary
and the OpenAPI schemas are all read from here, so they cannot drift apart. Renaming,
removing or retyping a field here is a breaking change: it means /api/v2 (the contract test
in tests/api compares these with the committed v1 list)."""

from __future__ import annotations

from dataclasses import dataclass

#: The unit of every value column.
UNIT = "t CO2e per person per year"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = ("Folkets Fotavtrykk (anonymised self-reported estimates); boundaries © Kartverket "
               "(CC BY 4.0); population Statistics Norway (CC BY 4.0)")


@dataclass(frozen=True)
class Field:
    """One column: its JSON type, whether it may be empty, its unit and what it means."""

    name: str
    type: str  # JSON Schema type: string | number | integer | boolean | array
    nullable: bool
    meaning: str
    unit: str = ""


VALUE_FIELDS: tuple[Field, ...] = (
    Field("level", "string", False, "Area level: country, fylke, kommune or bydel"),
    Field("area_code", "string", False, "Official area code (kommunenummer, fylkesnummer, ...)"),
    Field("area_name", "string", False, "Area name in the current division"),
    Field("period", "string", False, "Month, YYYY-MM; each respondent's latest estimate "
                                      "within the 12 months before it"),
    Field("category", "string", False, "total, housing, transport, food, goods or public"),
    Field("mean", "number", True, "Population-weighted mean footprint; empty when suppressed",
          UNIT),
    Field("ci_low", "number", True, "Lower end of the 95 % interval of the mean", UNIT),
    Field("ci_high", "number", True, "Upper end of the 95 % interval of the mean", UNIT),
    Field("respondents", "integer", True, "Respondents the mean rests on, rounded; "
                                          "empty when suppressed", "persons"),
    Field("count_band", "string", True, "Band of the respondent count, e.g. 10-49"),
    Field("rse_band", "string", True, "Relative standard error band: <10%, 10-20%, 20-30%, "
                                      ">30%"),
    Field("reliable", "boolean", True, "False when the relative standard error is above 30 %"),
    Field("vs_country", "string", True, "higher, lower or similar: the interval against the "
                                        "country's"),
    Field("suppressed", "boolean", False, "True when the values are withheld to protect "
                                          "respondents (then mean, interval and counts are "
                                          "empty, never a sentinel number)"),
    Field("suppression", "string", True, "Why: primary (too few respondents) or secondary "
                                         "(would reveal a primary cell)"),
    Field("release", "integer", False, "Run id of the published release the row comes from"),
)

AREA_FIELDS: tuple[Field, ...] = (
    Field("code", "string", False, "Official area code"),
    Field("name", "string", False, "Area name"),
    Field("level", "string", False, "Area level"),
    Field("parent_level", "string", True, "Level of the area it lies in"),
    Field("parent_code", "string", True, "Code of the area it lies in"),
    Field("alt_names", "string", True, "Other names (e.g. Sami), separated by |"),
    Field("population", "integer", True, "Residents on 1 January of the latest year", "persons"),
    Field("neighbours", "array", False, "Codes of bordering areas (CSV: separated by |)"),
    Field("peers", "array", False, "Codes of similar areas (CSV: separated by |)"),
)


#: Mobilisation (added in v1, nothing of the fields above changed): one row per area and
#: month with how many take part and the change among those who stay.
PARTICIPATION_FIELDS: tuple[Field, ...] = (
    Field("level", "string", False, "Area level"),
    Field("area_code", "string", False, "Official area code"),
    Field("area_name", "string", False, "Area name in the current division"),
    Field("period", "string", False, "Month, YYYY-MM"),
    Field("respondents", "integer", True, "Respondents with an estimate in the 12 months up "
                                          "to the month, as published (rounded)", "persons"),
    Field("count_band", "string", True, "Band of the respondent count, e.g. 10-49"),
    Field("adults", "integer", True, "Residents 18 and over on 1 January of the month's year "
                                     "(Statistics Norway)", "persons"),
    Field("per_1000", "number", True, "Respondents per 1,000 adults; empty when suppressed",
          "per 1,000 adults"),
    Field("suppressed", "boolean", False, "True when the count is withheld"),
    Field("stayer_change", "number", True, "Mean change in total footprint over 12 months of "
                                           "respondents with an estimate then and now; empty "
                                           "when not published", "t CO2e per person"),
    Field("stayer_ci_low", "number", True, "Lower end of its 95 % interval",
          "t CO2e per person"),
    Field("stayer_ci_high", "number", True, "Upper end of its 95 % interval",
          "t CO2e per person"),
    Field("stayer_trend", "string", True, "falling, rising or steady: the interval against 0"),
    Field("stayers_band", "string", True, "Band of the number of stayers, e.g. 100-499"),
    Field("release", "integer", False, "Run id of the published release the row comes from"),
)


def names(fields: tuple[Field, ...]) -> list[str]:
    return [f.name for f in fields]


def dictionary() -> list[dict]:
    """The data dictionary: every column of the value and area tables."""
    return [{"table": table, "column": f.name, "type": f.type, "nullable": f.nullable,
             "unit": f.unit or None, "meaning": f.meaning, "licence": LICENCE}
            for table, fields in (("values", VALUE_FIELDS), ("areas", AREA_FIELDS),
                                  ("participation", PARTICIPATION_FIELDS))
            for f in fields]
