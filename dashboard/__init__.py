"""Folkets Fotavtrykk dashboard: reads the published release, never writes."""
