"""Folkets Fotavtrykk ETL: reads anonymized footprint records and publishes aggregates."""
