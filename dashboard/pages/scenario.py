"""A municipality's scenario page: a planner sets changes per category by 2030 and sees the
household footprint's path against the 1.5° path and today's pace, what is left per
category, and what matching the best neighbour or peer would take. The state is the URL
(dashboard/scenario_state.py), so the page can be shared, downloaded as CSV and printed."""

from __future__ import annotations

import dash
from dash import html

from dashboard import areas, geo, store
from dashboard.components import scenario as parts
from dashboard.components.pathway import summary
from dashboard.guard import page
from dashboard.i18n import t
from dashboard.layout import frame, kommune_href, notice
from dashboard.pathways import pathway
from dashboard.places import page_title
from dashboard.scenario_state import PATH, ScenarioView
from dashboard.scenario_state import parse as parse_scenario
from dashboard.scenarios import build, household_latest, latest_categories
from dashboard.state import View
from dashboard.views import AreaData, load

dash.register_page(__name__, path_template=PATH + "<code>",
                   title=lambda code="": "Scenario: " + page_title(code))


def others(rel: store.Release, data: AreaData) -> list:
    """(group label key, household values of its members) for neighbours and peers."""
    base = areas.base().name
    names = data.areas[data.areas["level"] == base]
    latest = household_latest(store.map_values(rel.run_id, base, rel.last_period, "total"),
                              store.map_values(rel.run_id, base, rel.last_period, "public"),
                              names)
    return [("sc.group.neighbours", latest[latest["code"].isin(geo.neighbours(data.code))]),
            ("sc.group.peers", latest[latest["code"].isin(geo.peers(data.code)[1])])]


def content(rel: store.Release, view: View, scenario: ScenarioView) -> html.Div:
    lang = view.lang
    data = load(rel, view.area) if view.area else None
    if data is None:
        return frame(lang, PATH + view.segment, rel, notice(
            lang, "k.notfound.title", t("sc.notfound", lang, code=view.segment[:20]), "alert"))
    scenario = ScenarioView(data.code, lang, scenario.changes)
    path = pathway(data.series)
    now = latest_categories(data.series, path.period) if path.available else {}
    result = build(path, now, dict(scenario.changes))
    body = html.Div(className="page scenario", children=[
        html.P(html.A("← " + t("sc.back", lang, name=data.name),
                      href=kommune_href(data.code, data.name, lang)), className="crumbs"),
        html.H1(t("sc.title", lang, name=data.name)),
        html.P(t("sc.lead", lang), className="lead"),
        html.Section(className="panel pathway", children=[
            html.H2(t("path.title", lang)), *summary(path, data.name, lang)]),
        parts.form(scenario, now, lang) if result.available else None,
        parts.result(result, data.name, lang),
        parts.presets(scenario, lang) if result.available else None,
        parts.match(scenario, now, data.name, others(rel, data), lang)
        if result.available else None,
        parts.share(scenario, lang),
    ])
    return frame(lang, PATH + data.code, rel, body, scenario.query())


def layout(code: str = "", **query) -> html.Div:
    scenario = parse_scenario({"code": code, **query})

    @page(lambda view: PATH + view.segment)
    def build_page(rel: store.Release, view: View) -> html.Div:
        return content(rel, view, scenario)

    return build_page(code=code, **query)

