"""The scenario page's parts: the form of changes per category, the presets, the result
(sentence, chart, table per category), the comparison with the best neighbour and peer, and
the share/download/print links. Every control is a plain link or GET form, so the state is
the URL and the page works (and prints) without scripts."""

from __future__ import annotations

from dash import dcc, html

from dashboard import i18n
from dashboard.components.controls import graph
from dashboard.i18n import long_text, num, signed, t
from dashboard.presets import PRESETS
from dashboard.prose import prose
from dashboard.scenario_chart import path_figure
from dashboard.scenario_state import PATH, ScenarioView, csv_href, scenario_href, with_changes
from dashboard.scenarios import (
    HIGHEST,
    LOWEST,
    TARGET,
    Scenario,
    best_other,
    categories,
    combine,
    needed,
)


def _pct(value: float, lang: str) -> str:
    return signed(value, lang, 0 if float(value).is_integer() else 1)


def form(view: ScenarioView, now: dict[str, float], lang: str) -> html.Form:
    """Number inputs per category in a GET form: submitting it is the shareable URL."""
    fields = []
    for cat in categories():
        field_id = f"sc-{cat}"
        value = view.change(cat)
        fields.append(html.Div(className="sc-field", children=[
            html.Label(t("sc.form.label", lang, category=i18n.category(cat, lang),
                         value=num(now.get(cat), lang)), htmlFor=field_id),
            dcc.Input(id=field_id, name=cat, type="number", min=LOWEST, max=HIGHEST, step=1,
                      value=int(value) if float(value).is_integer() else value,
                      inputMode="numeric"),
        ]))
    hidden = [dcc.Input(type="hidden", name="lang", value=lang, id="sc-lang")] \
        if lang != i18n.DEFAULT else []
    return html.Form(action=PATH + view.code, method="get", className="sc-form no-print",
                     children=[html.Fieldset([
                         html.Legend(t("sc.form.legend", lang)),
                         html.P(t("sc.form.help", lang), id="sc-help", className="note"),
                         html.Div(fields, className="sc-fields"), *hidden,
                         html.Div(className="sc-buttons", children=[
                             html.Button(t("sc.form.submit", lang), type="submit"),
                             html.A(t("sc.form.reset", lang),
                                    href=scenario_href(view.code, lang))]),
                     ])])


def presets(view: ScenarioView, lang: str) -> html.Section:
    """Each preset as a link adding its change to the current ones, and how it was sized."""
    items = []
    for preset in PRESETS:
        changes = dict(view.changes)
        changes[preset.category] = combine(changes.get(preset.category, 0), preset.change)
        target = with_changes(view, changes)
        items.append(html.Li(html.A(
            t("sc.preset.apply", lang, name=t(f"preset.{preset.key}", lang),
              category=i18n.category(preset.category, lang), change=_pct(preset.change, lang)),
            href=scenario_href(view.code, lang, target), className="preset",
            **{"data-preset": preset.key})))
    return html.Section(className="panel sc-presets", children=[
        html.H2(t("sc.presets.title", lang)),
        html.Ul(items, className="no-print"),
        html.P(t("sc.presets.note", lang), className="note"),
        prose(long_text("scenario", lang), className="sc-assumptions"),
    ])


def _row(label, now, change, then, part, gap, lang: str, head: bool = False) -> html.Tr:
    first = html.Th(label, scope="row")
    return html.Tr([first, *[html.Td(v) for v in (
        num(now, lang), change, num(then, lang), num(part, lang), num(gap, lang))]],
        className="total" if head else None)


def result(result: Scenario, name: str, lang: str) -> html.Section:
    """The scenario's outcome in words, as a chart, and per category."""
    if not result.available:
        return html.Section(className="panel", children=[
            html.H2(t("sc.result.title", lang)),
            html.P(t("sc.result.none", lang, name=name), className="notice-inline")])
    key = "sc.result.closed" if result.gap <= 0.05 else "sc.result.gap"
    trend = result.trend[-1]
    words = [t(key, lang, then=num(result.then, lang), gap=num(result.gap, lang))]
    if trend is not None:
        words.append(t("sc.result.trend", lang, trend=num(trend, lang)))
    alt = t("sc.chart.alt", lang, name=name, now=num(result.now, lang),
            then=num(result.then, lang), trend=num(trend, lang))
    cols = ("sc.col.category", "sc.col.now", "sc.col.change", "sc.col.then", "sc.col.part",
            "sc.col.gap")
    rows = [_row(i18n.category(r.category, lang), r.now, _pct(r.change_pct, lang) + " %",
                 r.then, r.share_of_target, r.gap, lang) for r in result.rows]
    change = 100 * (result.then / result.now - 1) if result.now else 0.0
    rows.append(_row(t("sc.col.total", lang), result.now, _pct(round(change), lang) + " %",
                     result.then, TARGET, result.gap, lang, head=True))
    return html.Section(className="panel sc-result", children=[
        html.H2(t("sc.result.title", lang)),
        html.P(" ".join(words), className="lead", id="sc-outcome", role="status"),
        # drawn at once, not when scrolled to: a printout must hold the chart
        graph("sc-path", path_figure(result, lang), alt),
        html.Table(className="sc-table", children=[
            html.Caption(t("sc.table.caption", lang)),
            html.Thead(html.Tr([html.Th(t(c, lang), scope="col") for c in cols])),
            html.Tbody(rows)]),
        html.P(t("sc.split.note", lang), className="note"),
    ])


def match(view: ScenarioView, now: dict[str, float], name: str, groups, lang: str):
    """For the best neighbour and the best peer: the same cut in every category that
    matches its household footprint today, with a link that sets it."""
    items = []
    for key, others in groups:
        best = best_other(others)
        if best is None:
            continue
        change = needed(now, best["mean"])
        if change is None or change >= 0:
            items.append(html.Li(t("sc.peers.lower", lang, name=name,
                                   group_lower=t(key, lang).lower())))
            continue
        target = with_changes(view, dict.fromkeys(categories(), round(change)))
        items.append(html.Li([
            t("sc.peers.item", lang, group=t(key, lang), name=best["name"],
              value=num(best["mean"], lang), change=_pct(round(change), lang)), " ",
            html.A(t("sc.peers.apply", lang), href=scenario_href(view.code, lang, target),
                   className="no-print", **{"aria-label": f"{t('sc.peers.apply', lang)}: "
                                                          f"{best['name']}"})]))
    body = html.Ul(items) if items else html.P(t("sc.peers.none", lang))
    return html.Section(className="panel sc-peers", children=[
        html.H2(t("sc.peers.title", lang)), body])


def share(view: ScenarioView, lang: str) -> html.Section:
    return html.Section(className="panel sc-share", children=[
        html.H2(t("sc.share.title", lang)),
        html.Ul([html.Li(html.A(t("sc.share.link", lang),
                                href=scenario_href(view.code, lang, view), id="sc-link")),
                 html.Li(html.A(t("sc.share.csv", lang), href=csv_href(view.code, view),
                                id="sc-csv", download=""))]),
        html.P(t("sc.share.print", lang), className="note no-print"),
    ])
