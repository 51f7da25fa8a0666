"""The base level's area page (Norway: /kommune/<code>, where search and the map lead): the
shared area template (dashboard/components/area_page.py) registered at the pack's base
level; its callbacks are the template's (dashboard/components/area_controls.py)."""

from __future__ import annotations

import dash

from dashboard import areas
from dashboard.components.area_controls import follow_category, layout_for
from dashboard.places import page_title

__all__ = ["follow_category", "layout"]

layout = layout_for(areas.base())

dash.register_page(__name__, path_template=areas.area_path("<code>"),
                   title=lambda code="": page_title(code), first_paint=True)
