"""Seeded, anonymous demo footprint records following the input contract (see docs/demo-data.md)."""

from etl.demo.dirty import DIRTY_KINDS
from etl.demo.generator import DemoSummary, generate

__all__ = ["DIRTY_KINDS", "DemoSummary", "generate"]
