"""What the ETL, the demo generator, the geodata build and the dashboard share.

Settings, the input contract (categories, levels), the store (schema, migrations, engines)
and the one reader of `geodata/`. Nothing here imports from `etl` or `dashboard`.
"""
