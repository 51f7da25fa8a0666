"""The web tier's PostgreSQL role: it may read the published tables and nothing else.

The dashboard opens SQLite read-only by itself; on PostgreSQL only the server can enforce
that, so the web tier logs in as a role that cannot write, cannot create tables and cannot
read the private tables (quarantine holds raw rejected rows, inbox_files the providers' file
names). Grants are named table by table rather than given by default privileges on the
schema: a default privilege would also hand the web tier any private table a later
migration creates or recreates. Running this again after `db upgrade` is harmless and
re-grants tables a migration recreated; the deployment's init step does both.
"""

from __future__ import annotations

import re

from sqlalchemy import String, text

from core.store.db import make_engine
from core.store.schema import (
    aggregates,
    areas,
    etl_runs,
    participation,
    release,
    source_counts,
    stayer_change,
)

#: What the dashboard reads; everything else in the store stays private.
PUBLISHED = (release.name, areas.name, aggregates.name, etl_runs.name, source_counts.name,
             participation.name, stayer_change.name)
#: Plain names only: they are spliced into SQL that cannot take parameters.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def create_reader(url: str, role: str, password: str | None = None) -> str:
    """Create (or update) `role` with LOGIN and SELECT on the published tables; returns the
    schema it was granted on. Idempotent."""
    if not ROLE_NAME.match(role):
        raise ValueError(f"role name must match {ROLE_NAME.pattern}: {role!r}")
    engine = make_engine(url)
    if engine.dialect.name != "postgresql":
        raise ValueError("a reader role is for PostgreSQL; the dashboard opens SQLite "
                         "read-only by itself")
    quote = engine.dialect.identifier_preparer.quote
    secret = ""
    if password:
        literal = String().literal_processor(engine.dialect)
        secret = f" PASSWORD {literal(password)}"
    try:
        with engine.begin() as conn:
            database, schema = conn.execute(
                text("SELECT current_database(), current_schema()")).one()
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).first()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(text(f"{verb} ROLE {quote(role)} LOGIN NOSUPERUSER NOCREATEDB "
                              f"NOCREATEROLE{secret}"))
            conn.execute(text(f"GRANT CONNECT ON DATABASE {quote(database)} TO {quote(role)}"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {quote(role)}"))
            tables = ", ".join(f"{quote(schema)}.{quote(name)}" for name in PUBLISHED)
            conn.execute(text(f"GRANT SELECT ON {tables} TO {quote(role)}"))
    finally:
        engine.dispose()
    return schema
