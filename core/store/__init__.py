"""The SQL store: its schema (defined once), its Alembic migrations and its engines."""
