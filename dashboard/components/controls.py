"""Controls and chart wrappers every page uses: toggle-button groups, charts with their text
alternative (drawn at once or when scrolled to), the map legend and the 'what is this?' link."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard.i18n import t
from dashboard.layout import href
from dashboard.markup import Range, markup
from dashboard.style import GRAPH_CONFIG


def lazy_graph(graph_id: str, figure, alt: str) -> html.Figure:
    """A chart drawn only when it nears the viewport (assets/app.js): its figure comes with
    the page, but plotly.js does the drawing work only for charts a person scrolls to."""
    height = figure.layout.height
    return html.Figure(className="chart", style={"minHeight": f"{height}px"}, children=[
        html.Div(id=f"{graph_id}-slot", style={"minHeight": f"{height}px"},
                 **{"data-lazy-graph": graph_id}),  # its height: how much of it is in view
        dcc.Store(id=f"{graph_id}-figure", data={"figure": figure, "config": GRAPH_CONFIG}),
        dcc.Store(id=f"{graph_id}-visible", data=False),
        html.Figcaption(alt, className="visually-hidden"),
    ])


def register_lazy_graph(graph_id: str) -> None:
    """The client-side callback that mounts a `lazy_graph` when it becomes visible."""
    clientside_callback(
        ClientsideFunction("fotavtrykk", "lazyGraph"),
        Output(f"{graph_id}-slot", "children"),
        Input(f"{graph_id}-visible", "data"),
        Input(f"{graph_id}-figure", "data"),  # a new figure (another category) redraws
        prevent_initial_call=True,
    )


def what_link(lang: str, anchor: str = "") -> html.A:
    """The 'what does this show?' link under every chart."""
    return html.A(t("what", lang), href=href("/metode", lang) + (f"#{anchor}" if anchor else ""),
                    className="what-link")


def legend(items: list[tuple[str, str]], lang: str, scope: str = "",
           title: str | None = None) -> html.Div:
    """The map legend as HTML: the map's own discrete classes, then the suppressed grey, and
    which areas and months the classes were fitted to (`scope`; `title`: the unit, when the
    map shows something other than the footprint)."""
    title = title or t("legend.title", lang)
    return html.Div(className="legend", role="group", **{"aria-label": title}, children=[
        html.Span(title, className="legend-title"),
        html.Ul([html.Li([html.Span(className="swatch" + (" swatch-hidden" if i == len(items) - 1
                                                            else ""),
                                    style={"background": color}), label])
                 for i, (color, label) in enumerate(items)]),
        html.Span(scope, className="legend-scope") if scope else None,
    ])


def graph(graph_id: str, figure, alt: str, **kwargs) -> html.Figure:
    """A chart with its text alternative in a figcaption screen readers read; its height is
    reserved before plotly.js draws it, so the text below does not jump."""
    height = figure.layout.height if hasattr(figure, "layout") else None
    style = {"minHeight": f"{height}px"} if height else {}
    return html.Figure(className="chart", style=style, children=[
        dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, **kwargs),
        html.Figcaption(alt, className="visually-hidden"),
    ])


def choice(group_id: str, options: list[tuple[str, str]], value: str, label: str) -> html.Div:
    """A labelled group of toggle buttons holding one value in a dcc.Store `group_id`.

    Plain buttons with aria-pressed: keyboard reachable and read correctly by screen readers.
    The buttons are one `Markup` element, not a Dash component each (a phone spends script
    time on every component; the front page has about twenty buttons): assets/app.js reads
    their clicks, presses the button and sets the store.
    """
    buttons = html.Div(className="pills", role="group",
                       **{"aria-labelledby": f"{group_id}-label", "data-choice": group_id},
                       children=[html.Button(text, id={"choice": group_id, "value": key},
                                             type="button", value=key,
                                             className="pill" + (" on" if key == value else ""),
                                             **{"aria-pressed": "true" if key == value
                                                else "false"})
                                 for key, text in options])
    return html.Div(className="control", children=[
        html.Span(label, id=f"{group_id}-label", className="control-label"),
        markup(buttons, id=f"{group_id}-buttons"),
        dcc.Store(id=group_id, data=value),
    ])


def period_control(prefix: str, months: list, index: int, label: str, lang: str) -> html.Div:
    """A month slider (`<prefix>-period`) with its title, the month it stands on (announced)
    and a play button that steps it (`<prefix>-play`, `<prefix>-tick`).

    The slider is the browser's own range input (a phone renders it without dcc.Slider's
    script; keyboard and screen readers know it); assets/app.js names it and reads out the
    month. It speaks after a short pause, so dragging across months asks the server once.
    """
    group_id = f"{prefix}-period"
    return html.Div(className="control period", children=[
        html.Div(className="period-head", children=[
            html.Span(t("control.period", lang) + ": ", id=f"{group_id}-title"),
            html.Output(label, id=f"{group_id}-label", **{"aria-live": "polite"}),
            html.Button(t("control.play", lang), id=f"{prefix}-play",
                        n_clicks=0, className="play",
                        **{"aria-pressed": "false", "data-play": t("control.play", lang),
                           "data-pause": t("control.pause", lang)}),
        ]),
        html.Div(Range(id=group_id, min=0, max=len(months) - 1, step=1, value=index,
                       className="period-range"),
                 **{"data-slider-label": t("control.period", lang),
                    "data-slider-valuetext": f"{group_id}-label"}),
        # the first and last month's years under the ends of the range
        html.Div([html.Span(f"{months[0]:%Y}"), html.Span(f"{months[-1]:%Y}")],
                 className="period-ends", **{"aria-hidden": "true"}),
        dcc.Interval(id=f"{prefix}-tick", interval=1200,
                     disabled=True),
    ])


def register_period(prefix: str) -> None:
    """The client-side callbacks of a `period_control`: play/pause, and a step per tick."""
    clientside_callback(
        ClientsideFunction("fotavtrykk", "togglePlay"),
        Output(f"{prefix}-tick", "disabled"),
        Output(f"{prefix}-play", "children"),
        Output(f"{prefix}-play", "aria-pressed"),
        Input(f"{prefix}-play", "n_clicks"),
        State(f"{prefix}-tick", "disabled"),
        State(f"{prefix}-play", "data-play"),
        State(f"{prefix}-play", "data-pause"),
        prevent_initial_call=True,
    )
    clientside_callback(
        ClientsideFunction("fotavtrykk", "nextMonth"),
        Output(f"{prefix}-period", "value"),
        Input(f"{prefix}-tick", "n_intervals"),
        State(f"{prefix}-period", "value"),
        State(f"{prefix}-period", "max"),
        prevent_initial_call=True,
    )
