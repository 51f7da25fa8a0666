"""The area pages of every level the pack publishes numbers for, from one template
(dashboard/components/area_page.py): /norge, /fylke/<code>, /bydel/<code> here; the base
level's (/kommune/<code>) in dashboard/pages/kommune.py, which keeps its embed."""

from __future__ import annotations

import dash

from core.geography import PackLevel
from dashboard import areas
from dashboard.components.area_controls import layout_for
from dashboard.places import page_title


def register(level: PackLevel, module: str) -> None:
    """Register `level`'s page under `module` (the country at its one address)."""
    address = {"path": areas.level_path(level.name)} if level == areas.pack().top \
        else {"path_template": areas.level_path(level.name, "<code>")}
    dash.register_page(module, **address, layout=layout_for(level), first_paint=True,
                       title=lambda code="": page_title(code, level.name))


for _level in areas.page_levels():
    if _level != areas.base():  # the base level registers itself in pages/kommune.py
        register(_level, f"{__name__}.{_level.name}")
