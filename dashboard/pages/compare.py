"""Compare page: up to eight municipalities, their lines with intervals against the country's,
the values in a table with a CSV, and category breakdowns side by side."""

from __future__ import annotations

import re
from functools import partial

import dash
import pandas as pd
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)

from core.contract import PUBLISHED_CATEGORIES
from dashboard import areas, compare_charts, geo, i18n, search, store
from dashboard.components.compare_lines import compare_lines
from dashboard.components.controls import choice, graph, what_link
from dashboard.components.embed import builder_href
from dashboard.guard import needs_release, page
from dashboard.i18n import t
from dashboard.layout import frame, href
from dashboard.places import Places, places, titled
from dashboard.state import MAX_COMPARE, View, from_controls, params, parse

dash.register_page(__name__, path="/sammenlign", title=titled("title.compare"))


def chips(codes: list[str], names: dict[str, str], lang: str) -> list:
    """The chosen municipalities, each with a button that removes it."""
    return [html.Button(f"✕ {names[c]}", id={"remove": c}, type="button", className="chip",
                        title=t("compare.remove", lang, name=names[c]),
                        **{"aria-label": t("compare.remove", lang, name=names[c])})
            for c in codes if c in names]


def edited(codes: list[str], add: str, remove: str | None,
           where: Places) -> tuple[list[str], tuple[str, dict] | None]:
    """The chosen codes after adding what was typed (forgiving search) or removing one, and
    why nothing was added when the text names no municipality, more than one (two Herøy:
    it asks rather than picks), or a ninth."""
    codes = [c for c in codes if c != remove]
    if not add:
        return codes, None
    hits = [h for h in where.find(add) if h.kind != "district"]
    if not hits:
        return codes, ("compare.unknown", {"q": add})
    tied = list(dict.fromkeys(h.label for h in hits if h.score == hits[0].score))
    if len(tied) > 1 and search.unambiguous(hits) is None:
        return codes, ("compare.ambiguous", {"q": add, "names": ", ".join(tied),
                                             "example": tied[0]})
    if hits[0].code in codes:
        return codes, None
    if len(codes) >= MAX_COMPARE:
        return codes, ("compare.full", {"name": hits[0].label})
    return [*codes, hits[0].code], None


def compare_body(rel: store.Release, codes: list[str] | tuple[str, ...], category: str,
                 lang: str) -> list:
    """The lines, the values table with its CSV, and the categories."""
    if not codes:
        return [html.P(t("compare.empty", lang), className="muted")]
    lines = compare_lines(rel, codes, category, lang, "c-lines")
    data, country, names, drawn = lines.data, lines.country, lines.names, lines.drawn
    note, chart = lines.note, lines.chart
    latest = data[data["period"] == rel.last_period]
    month = i18n.month(rel.last_period, lang)
    rows = compare_charts.rows(latest, names, category,
                               country[country["period"] == rel.last_period],
                               areas.country(lang))
    csv = href("/data/sammenlign.csv", lang, k=",".join(codes),
               kategori=None if category == "total" else category)
    body = [
        html.H2(t("compare.lines", lang, category=i18n.category(category, lang).lower())),
        note,
        html.Div(className="map-and-table", children=[
            chart,
            html.Div([compare_charts.values_table(
                rows, f"{i18n.category(category, lang)}, {month}", lang),
                html.A(t("k.download", lang), href=csv, className="download")]),
        ]),
    ]
    stacked = shown_latest(latest, drawn)
    if stacked:
        body += [html.H2(t("compare.bars", lang, month=month)),
                 graph("c-bars", compare_charts.bars(latest, {c: names[c] for c in stacked},
                                                     lang),
                       compare_charts.alt_bars([names[c] for c in stacked], month, lang))]
    return [*body, what_link(lang, "kategorier"),
            html.A(t("k.embed", lang), href=builder_href("sammenlign", compare=codes,
                                                         category=category, lang=lang))]


def shown_latest(latest: pd.DataFrame, codes: list[str]) -> list[str]:
    """The codes with a published total in the last month (the stacked bars' rows)."""
    return compare_charts.shown(latest, codes, "total")


def unknown_codes(value: object, known: frozenset[str]) -> list[str]:
    """What a compare address named that is no municipality ('9999', 'abc'), each once and
    cut short, so the page can say what it left out."""
    parts = re.split(r"[,\s]+", value) if isinstance(value, str) else []
    return list(dict.fromkeys(p[:12] for p in parts if p and p not in known))[:5]


def left_out(value: object, known: frozenset[str] | set[str]) -> list[str]:
    """The known codes a compare address named beyond the first MAX_COMPARE, in order."""
    parts = re.split(r"[,\s]+", value) if isinstance(value, str) else []
    return list(dict.fromkeys(p for p in parts if p in known))[MAX_COMPARE:]


def layout(**query) -> html.Div:
    """The page; what the address asked for but no municipality has is named on it."""
    asked, known = query.get(params()["compare"].name), geo.codes(areas.base().name)
    dropped, cut = unknown_codes(asked, known), left_out(asked, known)
    return page("/sammenlign", compare=True)(partial(build, dropped=dropped, cut=cut))(**query)


def build(rel: store.Release, view: View, dropped: list[str] = (),
          cut: list[str] = ()) -> html.Div:
    lang, category, codes = view.lang, view.category, list(view.compare)
    labels = places(rel).labels()
    body = compare_body(rel, codes, category, lang)
    options = sorted(labels.values(), key=i18n.sort_key)
    content = html.Div(className="page compare", children=[
        dcc.Store(id="c-lang", data=lang),
        html.H1(t("compare.title", lang)),
        dcc.Store(id="c-compare", data=codes),
        html.Div(className="compare-pick", children=[
            html.Label(t("compare.pick", lang), htmlFor="c-add", className="control-label"),
            html.Div(className="search-row", children=[
                dcc.Input(id="c-add", type="text", list="c-names", autoComplete="off",
                          maxLength=80, debounce=True, value="",
                          placeholder=t("search.placeholder", lang)),
                html.Button(t("compare.add", lang), id="c-add-button", type="button"),
            ]),
            html.Datalist(id="c-names", children=[html.Option(value=o) for o in options]),
            html.Div(chips(codes, labels, lang), id="c-chips", className="chips",
                     **{"aria-live": "polite"}),
            html.P(id="c-note", className="warn", role="status"),
        ]),
        html.P(t("compare.cut", lang, names=", ".join(labels.get(c, c) for c in cut)),
               className="warn", role="status") if view.cut else None,
        html.P(t("compare.dropped", lang, codes=", ".join(dropped)), className="warn",
               role="status") if dropped else None,
        choice("c-category", [(c, i18n.category(c, lang)) for c in PUBLISHED_CATEGORIES],
               category, t("control.category", lang)),
        html.Div(body, id="c-body"),
    ])
    return frame(lang, "/sammenlign", rel, content, view.query("compare", "category"))


@callback(
    Output("c-compare", "data"),
    Output("c-add", "value"),
    Output("c-chips", "children"),
    Output("c-note", "children"),
    Input("c-add-button", "n_clicks"),
    Input("c-add", "n_submit"),
    Input({"remove": ALL}, "n_clicks"),
    State("c-add", "value"),
    State("c-compare", "data"),
    State("c-lang", "data"),
    prevent_initial_call=True,
)
@needs_release(outputs=4)
def edit(rel, _clicks, _submit, _removes, text, codes, lang):
    where = places(rel)
    trigger = ctx.triggered_id
    remove = trigger.get("remove") if isinstance(trigger, dict) else None
    if remove and not any(t_["value"] for t_ in ctx.triggered):
        return (dash.no_update,) * 4  # a chip was just drawn
    view = parse(from_controls(compare=codes, lang=lang), known=set(where.kommuner["code"]))
    add = "" if remove else (text if isinstance(text, str) else "")[:80]
    codes, note = edited(list(view.compare), add, remove, where)
    return (codes, add if note else "", chips(codes, where.labels(), view.lang),
            t(note[0], view.lang, **note[1]) if note else "")


@callback(
    Output("c-body", "children"),
    Input("c-compare", "data"),
    Input("c-category", "data"),
    State("c-lang", "data"),
    prevent_initial_call=True,
)
@needs_release()
def update(rel, codes, category, lang):
    known = set(store.area_table(rel.run_id, areas.base().name)["code"])
    view = parse(from_controls(compare=codes, category=category, lang=lang), known=known)
    return compare_body(rel, view.compare, view.category, view.lang)



clientside_callback(
    ClientsideFunction("fotavtrykk", "syncView"),
    Output("lang-switch", "href", allow_duplicate=True),
    Input("c-compare", "data"),
    Input("c-category", "data"),
    State("c-lang", "data"),
    prevent_initial_call=True,
)
