"""Builders pages share (controls, map, headlines, tables, area sections); pages import these,
never each other."""
