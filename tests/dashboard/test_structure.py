"""The dashboard's shape: pages import shared builders, never each other; nothing from the ETL."""

from __future__ import annotations

import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_no_page_imports_another_page_or_looks_one_up():
    pages = sorted((DASHBOARD / "pages").glob("*.py"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [m for m in imports_of(page) if "pages" in m.split(".")], page.name
        assert "sys.modules" not in text and "page_registry" not in text, page.name


def test_the_dashboard_imports_nothing_from_the_etl():
    for path in DASHBOARD.rglob("*.py"):
        assert not [m for m in imports_of(path) if m.split(".")[0] == "etl"], path.name


def test_every_dashboard_file_stays_under_250_lines():
    for path in DASHBOARD.rglob("*.py"):
        if path.name != "i18n.py":  # the message catalogue move replaces it
            assert len(path.read_text(encoding="utf-8").splitlines()) < 250, path.name
