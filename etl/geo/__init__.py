"""Geodata: builds web-ready boundaries and reference tables in geodata/ from raw sources."""
