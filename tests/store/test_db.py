"""Where the database lives, how it is opened, and what a locked database does."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import select

from monitor.config import Config
from monitor.store import db
from monitor.store.db import (
    DatabaseBusy,
    DatabaseMissing,
    DatabaseUnavailable,
    StoreError,
    database_url,
    migrate,
    open_database,
    session_scope,
)
from monitor.store.models import PostRow
from monitor.store.repo import get_cursors, save_batch
from tests.dbfixtures import with_database
from tests.store.builders import HOUR, T0, batch, post


def test_the_default_database_is_a_private_file_in_the_state_directory(
        example_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """systemd's StateDirectory= is used; the file is 0600 and a directory we create is 0700."""
    state = tmp_path / "lib" / "council-monitor"
    monkeypatch.setenv("STATE_DIRECTORY", f"{state}:/elsewhere")
    url = database_url(with_database(example_config, ""))
    path = Path(make_url(url).database or "")
    assert path == state / "monitor.sqlite"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    engine = open_database(url)
    migrate(engine)
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_a_state_directory_it_uses_state_in_the_working_directory(
        example_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside systemd the file goes to ./state/monitor.sqlite."""
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert make_url(database_url(example_config)).database == str(tmp_path / "state" / "monitor.sqlite")


def test_a_command_refuses_to_invent_an_empty_database(
        example_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the wrong place, a triage command says where it looked instead of answering 'no findings'."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path))
    with pytest.raises(DatabaseMissing, match=f"no database at {tmp_path}/monitor.sqlite\n?.*STATE_DIRECTORY"):
        database_url(example_config, create=False)
    assert not (tmp_path / "monitor.sqlite").exists()


def test_a_command_run_by_hand_finds_the_services_database(
        example_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without $STATE_DIRECTORY, ./state is tried first, then the service's state directory."""
    service = tmp_path / "var-lib-council-monitor"
    service.mkdir()
    monkeypatch.setattr(db, "SERVICE_STATE", service)
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseMissing, match=f"state/monitor.sqlite or {service}/monitor.sqlite"):
        database_url(example_config, create=False)
    (service / "monitor.sqlite").touch()
    assert make_url(database_url(example_config, create=False)).database == str(service / "monitor.sqlite")


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://monitor@localhost/monitor", "postgresql+psycopg://monitor@localhost/monitor"),
    ("postgres://monitor@/monitor?host=/run/postgresql", "postgresql+psycopg://monitor@/monitor?host=/run/postgresql"),
    ("postgresql+psycopg://monitor@db/m", "postgresql+psycopg://monitor@db/m"),
    ("sqlite:////var/lib/council-monitor/monitor.sqlite", "sqlite:////var/lib/council-monitor/monitor.sqlite"),
])
def test_configured_urls_are_sent_to_the_right_driver(example_config: Config, given: str, expected: str) -> None:
    """A plain postgresql:// URL means psycopg 3 (SQLAlchemy would otherwise look for psycopg2)."""
    assert make_url(database_url(with_database(example_config, given))) == make_url(expected)


@pytest.mark.parametrize(("given", "problem"), [
    ("postgresql://monitor:hunter2@localhost/monitor", "holds a password"),
    ("not a url", "not a database URL"),
])
def test_bad_urls_are_refused_with_a_hint(example_config: Config, given: str, problem: str) -> None:
    """Passwords belong in a pgpass file, never in the config; the message never repeats the password."""
    with pytest.raises(StoreError, match=problem) as refused:
        database_url(with_database(example_config, given))
    assert "hunter2" not in str(refused.value)


def test_an_unreachable_server_is_a_classified_error(tmp_path: Path) -> None:
    """Nothing listens on port 1: the error says so and is marked transient."""
    engine = open_database("postgresql+psycopg://monitor@127.0.0.1:1/monitor")
    with pytest.raises(DatabaseUnavailable, match="is the database server running") as failed, \
            session_scope(engine) as session:
        session.connection()
    assert failed.value.transient


def test_migrating_on_an_unreachable_server_is_the_same_classified_error() -> None:
    """The daemon's first database step is the migration: an unreachable server is exit 75's error, not a crash."""
    engine = open_database("postgresql+psycopg://monitor@127.0.0.1:1/monitor")

    with pytest.raises(DatabaseUnavailable, match="is the database server running"):
        migrate(engine)


def test_a_write_locked_database_times_out_cleanly_and_loses_nothing(tmp_path: Path) -> None:
    """Another process holds the write lock: the batch waits the busy timeout, fails as DatabaseBusy with
    nothing half-written (the cursor included), and goes through once the lock is released."""
    url = f"sqlite:///{tmp_path / 'monitor.sqlite'}"
    engine = open_database(url, busy_timeout_ms=200)
    migrate(engine)
    with session_scope(engine) as session:
        save_batch(session, batch(posts=[post("1")], cursors={"timeline:1": "1"}), T0)
    other = sqlite3.connect(tmp_path / "monitor.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    late = batch(posts=[post("2")], cursors={"timeline:1": "2"})
    with pytest.raises(DatabaseBusy, match=r"locked by another process.*nothing was written") as busy, \
            session_scope(engine) as session:
        save_batch(session, late, T0 + HOUR)
    assert busy.value.transient
    other.execute("ROLLBACK")
    other.close()
    with session_scope(engine) as session:
        assert get_cursors(session, "x") == {"timeline:1": "1"}
        save_batch(session, late, T0 + HOUR)
    with session_scope(engine) as session:
        assert [p.post_id for p in session.exec(select(PostRow).order_by(PostRow.post_id))] == ["1", "2"]
        assert get_cursors(session, "x") == {"timeline:1": "2"}
    engine.dispose()


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(tmp_path: Path) -> None:
    """The pragmas hold on every pooled connection."""
    engine = open_database(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(StoreError, match="FOREIGN KEY"), session_scope(engine) as session:
        session.connection().execute(text("INSERT INTO audit (at, actor, action, finding_id, note, prev_hash,"
                                          " entry_hash) VALUES ('2025-01-01 00:00:00', 'x', 'y', 999, '', '', '')"))
    engine.dispose()
