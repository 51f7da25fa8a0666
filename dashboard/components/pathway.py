"""The 'change needed' panel of an area page: the gap to the 1.5° path at each milestone, the
yearly reduction that closes it, the area's own pace and when that pace reaches 2.5 t, each
with its uncertainty, and (for a municipality) the way to its scenario page."""

from __future__ import annotations

import math

from dash import html

from dashboard import areas, geo, i18n, store
from dashboard.components.controls import what_link
from dashboard.i18n import num, signed, t
from dashboard.pathways import Pathway, Reach, pathway
from dashboard.scenario_state import scenario_href

#: Beyond this year a date is only said to be later: a straight line says nothing that far.
HORIZON = 2100


def _year(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    return t("path.after", lang, year=HORIZON) if value > HORIZON else str(math.floor(value))


def reach_text(reach: Reach | None, lang: str) -> str:
    """When today's pace reaches 2.5 t, said plainly."""
    if reach is None or reach.status == "unknown":
        return t("path.reach.unknown", lang)
    if reach.status == "already":
        return t("path.reach.already", lang)
    if reach.status == "never":
        return t("path.reach.never", lang)
    if reach.latest is None:
        return t("path.reach.year_or_never", lang, year=_year(reach.year, lang),
                 earliest=_year(reach.earliest, lang))
    return t("path.reach.year", lang, year=_year(reach.year, lang),
             earliest=_year(reach.earliest, lang), latest=_year(reach.latest, lang))


def pace_text(path: Pathway, lang: str) -> str:
    speed = path.pace
    if speed is None:
        return t("path.pace.none", lang)
    return t("path.pace", lang, years=num(speed.span, lang, 0), slope=signed(speed.slope, lang, 2),
             low=signed(speed.low, lang, 2), high=signed(speed.high, lang, 2),
             trend=t("trend." + speed.direction, lang).lower())


def milestone_table(path: Pathway, lang: str) -> html.Table:
    head = ["path.col.year", "path.col.target", "path.col.gap", "path.col.change",
            "path.col.yearly"]
    rows = [html.Tr([html.Th(str(m.year), scope="row"), html.Td(num(m.target, lang)),
                     html.Td(num(m.gap, lang)),
                     html.Td(signed(m.change_pct, lang, 0) + " %"),
                     html.Td(t("path.already", lang) if m.gap <= 0
                             else num(m.yearly_pct, lang, 0) + " %")])
            for m in path.milestones]
    return html.Table(className="pathway-table", children=[
        html.Caption(t("path.caption", lang)),
        html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in head])),
        html.Tbody(rows)])


def summary(path: Pathway, name: str, lang: str) -> list:
    """The panel's sentences and table for a computed pathway (also used by the scenario
    page)."""
    if not path.available:
        return [html.P(t("path.unavailable", lang, name=name), className="notice-inline")]
    return [
        html.P(t("path.now", lang, name=name, month=i18n.month(path.period, lang),
                 value=num(path.level, lang), low=num(path.low, lang),
                 high=num(path.high, lang))),
        milestone_table(path, lang),
        html.P(pace_text(path, lang)),
        html.P(html.Strong(reach_text(path.reach, lang)), className="pathway-reach"),
        html.P(t("path.scope", lang), className="note"),
    ]


def _is_municipality(data) -> bool:
    level = getattr(data, "level", None) or areas.base().name
    return level == areas.base().name and data.code in geo.codes(areas.base().name)


def pathway_panel(data, rel: store.Release, lang: str) -> html.Section:
    """The panel for any area's page data (`series`, `name`, `code`; a level other than the
    base gets no scenario link)."""
    path = pathway(data.series)
    link = None
    if path.available and _is_municipality(data):
        link = html.P(html.A(t("path.scenario_link", lang, name=data.name),
                             href=scenario_href(data.code, lang)), className="actions")
    return html.Section(className="panel pathway", **{"aria-labelledby": "pathway-title"},
                        children=[html.H2(t("path.title", lang), id="pathway-title"),
                                  *summary(path, data.name, lang), link,
                                  what_link(lang, "trend")])
