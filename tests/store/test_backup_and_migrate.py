"""`council-monitor backup` and `migrate`: the upgrade steps of docs/install-debian.md against real databases."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from monitor.cli import main, schema_revision
from monitor.store.db import current_revision, migrate, open_database
from tests.conftest import EXAMPLE_CONFIG
from tests.store.test_migrations import seed_previous_schema

# The schema of the last release (0.1.0): the database an upgrade starts from.
PREVIOUS_RELEASE = "0002"


def write_config(folder: Path, url: str) -> Path:
    """Write the example config with storage.url set; return its path."""
    text_ = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace('\nurl = ""', f'\nurl = "{url}"', 1)
    assert url in text_
    path = folder / "config.toml"
    path.write_text(text_, encoding="utf-8")
    return path


def sqlite_file(tmp_path: Path) -> Path:
    """Return a migrated SQLite database in WAL mode with a table of numbered rows to write to."""
    path = tmp_path / "monitor.sqlite"
    engine = open_database(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE tick (n INTEGER PRIMARY KEY, pad BLOB)")
        # A few MB, so that the copy takes long enough for the writer to be busy meanwhile.
        conn.executemany("INSERT INTO tick (pad) VALUES (randomblob(200))", [()] * 20_000)
    conn.close()
    return path


class Writer(threading.Thread):
    """Commit one row at a time until stopped; a write that has to wait for a lock is an error."""

    def __init__(self, path: Path) -> None:
        """Remember the database."""
        super().__init__(daemon=True)
        self.path, self.stop, self.written = path, threading.Event(), 0
        self.errors: list[sqlite3.Error] = []

    def run(self) -> None:
        """Write until stopped."""
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)  # timeout 0: never wait for a lock
        try:
            while not self.stop.is_set():
                conn.execute("INSERT INTO tick (pad) VALUES (randomblob(200))")
                self.written += 1
        except sqlite3.Error as exc:
            self.errors.append(exc)
        finally:
            conn.close()

    def wait_for(self, rows: int) -> None:
        """Wait until the writer has committed at least this many rows."""
        for _ in range(2000):
            if self.written >= rows or self.errors:
                return
            threading.Event().wait(0.005)


def test_backup_copies_a_live_wal_database_while_another_connection_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The copy is one consistent moment; the writer never waits; the file is private and self-contained."""
    database = sqlite_file(tmp_path)
    config = write_config(tmp_path, f"sqlite:///{database}")
    out = tmp_path / "backups" / "monitor-2027-04-19.sqlite"
    out.parent.mkdir()
    writer = Writer(database)
    writer.start()
    writer.wait_for(50)
    status = main(["backup", "--config", str(config), "--out", str(out)])
    during = writer.written
    writer.wait_for(during + 50)
    writer.stop.set()
    writer.join()
    assert status == 0, capsys.readouterr().err
    assert writer.errors == [] and writer.written > during  # the daemon's writes carry on during a backup
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not out.with_name(out.name + "-wal").exists()
    copy = sqlite3.connect(out)
    count, low, high = copy.execute("SELECT count(*), min(n), max(n) FROM tick").fetchone()
    assert (low, high) == (1, count) and 20_000 + 50 <= count <= 20_000 + writer.written  # no torn rows
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema_revision()
    copy.close()


def test_backup_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing --out is refused with exit 73 and left as it was."""
    config = write_config(tmp_path, f"sqlite:///{sqlite_file(tmp_path)}")
    out = tmp_path / "yesterday.sqlite"
    out.write_bytes(b"yesterday's backup")
    assert main(["backup", "--config", str(config), "--out", str(out)]) == 73
    assert "never overwritten" in capsys.readouterr().err
    assert out.read_bytes() == b"yesterday's backup"


def test_backup_without_a_database_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """No database file: exit 66, naming the place, and no backup file left behind."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path))
    out = tmp_path / "backup.sqlite"
    assert main(["backup", "--config", str(EXAMPLE_CONFIG), "--out", str(out)]) == 66
    assert str(tmp_path / "monitor.sqlite") in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "monitor.sqlite").exists()


def test_backup_of_postgresql_prints_the_pg_dump_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PostgreSQL is backed up with its own tools: the command is printed with a libpq URL; exit 69."""
    config = write_config(tmp_path, "postgresql+psycopg://monitor@db.council.internal/monitor")
    assert main(["backup", "--config", str(config), "--out", "monitor.dump"]) == 69
    err = capsys.readouterr().err
    assert "pg_dump --format=custom --file='monitor.dump' 'postgresql://monitor@db.council.internal/monitor'" in err
    assert "pg_restore" in err and not (tmp_path / "monitor.dump").exists()


def test_a_restored_backup_is_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Back up, lose the database, copy the backup into place as the guide says: the findings are back."""
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("STATE_DIRECTORY", str(state))
    engine = open_database(f"sqlite:///{state / 'monitor.sqlite'}")
    migrate(engine, "0001")
    seed_previous_schema(engine)
    migrate(engine)
    engine.dispose()
    backup = tmp_path / "monitor-backup.sqlite"
    assert main(["backup", "--config", str(EXAMPLE_CONFIG), "--out", str(backup)]) == 0
    for name in ("monitor.sqlite", "monitor.sqlite-wal", "monitor.sqlite-shm"):
        (state / name).unlink(missing_ok=True)
    shutil.copyfile(backup, state / "monitor.sqlite")
    capsys.readouterr()
    assert main(["findings", "--config", str(EXAMPLE_CONFIG)]) == 0
    assert "missing-disclaimer" in capsys.readouterr().out


def previous_release_database(url: str) -> None:
    """Make the database the previous release left: its schema, holding accounts, posts and findings."""
    engine = open_database(url)
    migrate(engine, "0001")
    seed_previous_schema(engine)
    migrate(engine, PREVIOUS_RELEASE)
    engine.dispose()


def row_counts(url: str) -> tuple[int, ...]:
    """Return how many accounts, posts, findings and audit rows the database holds."""
    engine = open_database(url)
    with engine.connect() as conn:
        counts = tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                       for t in ("account", "post", "finding", "audit"))
    engine.dispose()
    return counts


@pytest.mark.parametrize("start", ["0001", PREVIOUS_RELEASE])
def test_migrate_brings_an_older_database_with_data_up_to_date(
        start: str, empty_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """From the previous release's schema (and the one before), every row is kept and the schema is the newest."""
    engine = open_database(empty_database_url)
    migrate(engine, "0001")
    seed_previous_schema(engine)
    migrate(engine, start)
    engine.dispose()
    before = row_counts(empty_database_url)
    config = write_config(tmp_path, empty_database_url)
    assert main(["migrate", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    head = schema_revision()
    engine = open_database(empty_database_url)
    assert current_revision(engine) == head
    engine.dispose()
    assert row_counts(empty_database_url) == before == (1, 1, 1, 1)
    if start == head:
        assert f"up to date (schema {head})" in out
    else:
        assert f"from schema {start} to {head}" in out
    assert main(["migrate", "--config", str(config)]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_migrate_refuses_while_a_daemon_is_running_on_the_database(
        empty_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh lease heartbeat means a live daemon: exit 75, nothing changed, and how to stop it."""
    engine = open_database(empty_database_url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO daemon_lock (name, holder, heartbeat_at) VALUES ('daemon', "
                          "'council-server:4242:beef', :t)"), {"t": datetime.now(UTC).replace(tzinfo=None)})
    config = write_config(tmp_path, empty_database_url)
    assert main(["migrate", "--config", str(config)]) == 75
    err = capsys.readouterr().err
    assert "council-server:4242:beef" in err and "systemctl stop council-monitor" in err
    assert current_revision(engine) == "0001"
    engine.dispose()


def test_migrate_an_empty_postgresql_database_creates_the_tables(
        empty_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new database (as a PostgreSQL administrator hands over) gets every table."""
    config = write_config(tmp_path, empty_database_url)
    assert main(["migrate", "--config", str(config)]) == 0
    assert f"from schema none (empty) to {schema_revision()}" in capsys.readouterr().out
