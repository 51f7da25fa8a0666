"""The web tier's PostgreSQL role reads what is published and nothing else."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from core.store.db import migrate
from core.store.schema import metadata, quarantine
from etl import cli


@pytest.fixture
def reader(postgres_url):
    """A migrated store, a fresh role made by the CLI, and an engine logged in as it."""
    migrate(postgres_url)
    role = f"reader_{uuid.uuid4().hex[:10]}"
    assert cli.main(["--database-url", postgres_url, "db", "create-reader", role]) == 0
    engine = create_engine(make_url(postgres_url).set(username=role, password=None))
    yield postgres_url, role, engine
    engine.dispose()
    with create_engine(postgres_url).begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))


def _refused(engine, statement: str) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    except ProgrammingError as exc:
        return "permission denied" in str(exc)
    return False


@pytest.mark.postgres
def test_reader_can_select_published_tables_but_not_write_or_see_private_ones(reader):
    url, _role, engine = reader
    with engine.connect() as conn:
        for table in ("aggregates", "areas", "release", "etl_runs", "participation",
                      "stayer_change"):
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    # Guard: the owner can do all of it, so a refusal below is the role's doing.
    owner = create_engine(url)
    with owner.begin() as conn:
        conn.execute(text("SELECT count(*) FROM quarantine")).scalar_one()
    owner.dispose()
    assert _refused(engine, "INSERT INTO etl_runs (started_at, status, code_version, settings)"
                            " VALUES (now(), 'succeeded', 'x', '{}')")
    assert _refused(engine, "DELETE FROM aggregates")
    assert _refused(engine, "CREATE TABLE sneaky (x int)")
    assert _refused(engine, "SELECT count(*) FROM quarantine")
    assert _refused(engine, "SELECT count(*) FROM inbox_files")


@pytest.mark.postgres
def test_rerunning_after_a_table_is_recreated_grants_it_again_but_never_the_private_ones(
        reader):
    url, role, engine = reader
    owner = create_engine(url)
    with owner.begin() as conn:  # what a migration rebuilding two tables would do
        conn.execute(text("DROP TABLE aggregates"))
        conn.execute(text("DROP TABLE quarantine"))
        metadata.create_all(conn, tables=[metadata.tables["aggregates"], quarantine])
    owner.dispose()
    assert _refused(engine, "SELECT count(*) FROM aggregates")  # guard: grants went with it
    assert cli.main(["--database-url", url, "db", "create-reader", role]) == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM aggregates")).scalar_one() == 0
    assert _refused(engine, "SELECT count(*) FROM quarantine")


def test_a_role_name_that_is_not_a_plain_name_is_refused():
    from core.store.reader import create_reader

    with pytest.raises(ValueError, match="role name"):
        create_reader("postgresql+psycopg://postgres@127.0.0.1/test", 'x"; DROP TABLE y; --')


@pytest.mark.postgres
def test_the_password_is_read_from_stdin_and_set(reader, monkeypatch):
    import io

    url, role, _engine = reader
    monkeypatch.setattr(cli.sys, "stdin", io.StringIO("it's s3cret\n"))
    assert cli.main(["--database-url", url, "db", "create-reader", role,
                     "--password-file", "-"]) == 0
    with create_engine(url).connect() as conn:
        stored = conn.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"),
                              {"r": role}).scalar_one()
    assert stored and stored.startswith("SCRAM-SHA-256$")
