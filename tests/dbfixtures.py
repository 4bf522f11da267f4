"""Database fixtures for every test folder: a migrated SQLite file and a migrated PostgreSQL schema.

Use them from a conftest.py:

    from tests.dbfixtures import *  # noqa: F403  (registers the fixtures below)

then ask for `database` (an Engine, already migrated, run once per backend), `database_url` (its
URL, for a config or a subprocess), `db_config` (the example config pointing at it) or
`empty_database_url` (nothing in it yet: for migration tests).

PostgreSQL runs need TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test);
each pytest process works in its own schema, created at start and dropped at the end, so parallel
runs and other engineers never collide. Without the variable the postgres cases are skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from monitor.config import Config, Storage
from monitor.store.db import migrate, open_database

__all__ = [
    "BACKENDS",
    "database",
    "database_url",
    "db_config",
    "empty_database_url",
    "postgres_schema_url",
    "postgres_server_url",
    "postgres_template",
    "sqlite_template",
    "with_database",
]

POSTGRES_ENV = "TEST_POSTGRES_URL"
BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))


def with_database(config: Config, url: str) -> Config:
    """Return a copy of the config whose storage.url is the given database."""
    storage = Storage(url=url, retention_days=config.storage.retention_days,
                      audit_retention_days=config.storage.audit_retention_days)
    return config.model_copy(update={"storage": storage})


def schema_url(server_url: str, schema: str) -> str:
    """Return the server URL with every connection's search_path set to one schema."""
    url = make_url(server_url)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def create_schema(server_url: str, schema: str) -> None:
    """Create an empty schema."""
    engine = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def drop_schema(server_url: str, schema: str) -> None:
    """Drop a schema and everything in it."""
    engine = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def unique_schema() -> str:
    """Return a schema name no other test run uses."""
    return f"cm_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """Return TEST_POSTGRES_URL, or skip saying how to run the PostgreSQL cases."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is unset (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return url


@pytest.fixture(scope="session")
def postgres_schema_url(postgres_server_url: str) -> Iterator[str]:
    """Yield the URL of a schema of our own for this test session; drop it afterwards."""
    schema = unique_schema()
    create_schema(postgres_server_url, schema)
    try:
        yield schema_url(postgres_server_url, schema)
    finally:
        drop_schema(postgres_server_url, schema)


@pytest.fixture(scope="session")
def postgres_template(postgres_schema_url: str) -> Iterator[Engine]:
    """Yield an engine on the session's schema, migrated once."""
    engine = open_database(postgres_schema_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a migrated SQLite file that each test copies (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("dbtemplate") / "template.sqlite"
    engine = open_database(f"sqlite:///{path}")
    migrate(engine)
    # Closing the last connection folds the WAL into the main file, so that a plain copy holds everything.
    engine.dispose()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def empty_tables(engine: Engine) -> None:
    """Empty every table but Alembic's in one statement (TRUNCATE skips the audit row triggers)."""
    with engine.begin() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"))]
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of a migrated, empty database: a SQLite file, or the session's PostgreSQL schema."""
    if request.param == "sqlite":
        path = tmp_path / "monitor.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    template: Engine = request.getfixturevalue("postgres_template")
    empty_tables(template)
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[Engine]:
    """Yield an engine on a migrated, empty database (run once per backend)."""
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_config(example_config: Config, database_url: str) -> Config:
    """Return the example configuration pointing at the test database."""
    return with_database(example_config, database_url)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a database with no tables at all (a new SQLite file, a new PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server: str = request.getfixturevalue("postgres_server_url")
    schema = unique_schema()
    create_schema(server, schema)
    try:
        yield schema_url(server, schema)
    finally:
        drop_schema(server, schema)
