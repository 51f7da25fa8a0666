"""The method page lists the data partners of the current release with their shares."""

from __future__ import annotations

from dash import html

import dashboard.app  # noqa: F401  (creates the app, which registers the pages)
from dashboard import areas, store
from dashboard.pages import method
from tests.dashboard.test_pages import text_of


def _list(page) -> list[str]:
    """The text of each item in the page's list of partners."""
    found = []

    def walk(node) -> None:
        if isinstance(node, html.Ul) and getattr(node, "className", None) == "sources":
            found.extend(li.children for li in node.children)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                walk(child)

    walk(page)
    return found


def test_method_page_lists_each_partner_with_its_share_of_the_release(app):
    rel = store.current_release()
    frame = store.sources(rel.run_id, areas.pack().top.name, areas.pack().country_code)
    assert set(frame["source"]) == {"app", "bank"}  # the demo records' two partners
    assert abs(frame["share"].sum() - 1) < 1e-9
    items = _list(method.layout(lang="en"))
    assert len(items) == 2
    biggest = frame.iloc[0]
    assert items[0].startswith(f"{biggest['source']}: {round(100 * biggest['share'])} %")
    assert f"{biggest['records']:,}" in items[0]
    assert "Where the records come from" in text_of(method.layout(lang="en"))
    assert _list(method.layout())[0].startswith(f"{biggest['source']}: ")


def test_counts_per_municipality_hold_to_k_and_are_rounded_to_5(app, demo_store):
    rel = store.current_release()
    shown = 0
    for code in store.area_table(rel.run_id, "kommune")["code"][:40]:
        frame = store.sources(rel.run_id, "kommune", code)
        assert (frame["records"] >= demo_store.min_respondents).all()
        assert (frame["records"] % 5 == 0).all()
        shown += len(frame)
    assert shown  # some municipality has a partner count, or the check above is empty


def test_before_any_release_the_page_says_there_are_no_partner_counts(empty_app):
    page = method.layout(lang="en")
    assert _list(page) == []
    assert "No partner counts are published" in text_of(page)
