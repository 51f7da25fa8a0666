"""The map's CSV when the map shows participation: the rate with its unit in the column name,
the published count and band it rests on, and the adults counted; suppressed areas empty with
suppressed=true, never a zero."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

COLUMNS = ("area_code", "area_name", "period", "respondents_per_1000_adults", "respondents",
           "count_band", "adults", "suppressed")


def _int(value) -> object:
    return "" if pd.isna(value) else int(value)


def participation_csv(frame: pd.DataFrame, period: date) -> str:
    """`frame` as components.participation_map.layer_frame gives it (every area of the view)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in frame.itertuples():
        hidden = bool(row.suppressed) or pd.isna(row.per_1000)
        writer.writerow([row.code, row.name, f"{period:%Y-%m}",
                         "" if hidden else round(float(row.per_1000), 2),
                         "" if hidden else _int(row.respondents),
                         "" if hidden or pd.isna(row.count_band) else row.count_band,
                         _int(row.adults), str(hidden).lower()])
    return out.getvalue()
