"""Where the database is, how to open it, bring its schema up to date and hold a transaction."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Session

from monitor.config import Config

log = logging.getLogger(__name__)

DB_FILE = "monitor.sqlite"
# Where systemd's StateDirectory=council-monitor puts the daemon's files; a triage command run by
# hand (no $STATE_DIRECTORY) looks there too, so `sudo council-monitor findings` finds the database.
SERVICE_STATE = Path("/var/lib/council-monitor")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# How long a write waits for another writer (the daemon, a triage command) before giving up.
BUSY_TIMEOUT_MS = 15_000
# Any constant will do: it only has to be the same in every process that migrates this database.
PG_MIGRATION_LOCK = 0x636D6F6E


class StoreError(Exception):
    """A database problem a person can act on: what went wrong and a hint."""

    transient = False

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} ({hint})" if hint else message)


class DatabaseBusy(StoreError):
    """Another process held a lock for longer than the busy timeout; the transaction was rolled back."""

    transient = True


class DatabaseUnavailable(StoreError):
    """The database server could not be reached."""

    transient = True


class DatabaseMissing(StoreError):
    """The SQLite file does not exist where this command looked for it."""


class SchemaTooNew(StoreError):
    """The database was migrated by a newer council-monitor than this one."""


def state_directory() -> Path:
    """Return the daemon's state directory: systemd's $STATE_DIRECTORY (first entry), else ./state."""
    given = os.environ.get("STATE_DIRECTORY", "")
    return Path(given.split(":")[0]) if given else Path("state")


def database_url(config: Config, create: bool = True) -> str:
    """Return the configured database URL, or that of a private SQLite file in the state directory.

    With create=False (triage commands) a missing file is an error rather than a new empty
    database: a command run from the wrong directory must not answer "no findings".
    """
    if config.storage.url:
        return _normalised(config.storage.url)
    if create:
        path = state_directory().resolve() / DB_FILE
        _create_private_file(path)
    else:
        path = _existing_database()
    return URL.create("sqlite", database=str(path)).render_as_string()


def _existing_database() -> Path:
    """Return the SQLite file a command should open, looking where the daemon would have made it."""
    places = [state_directory().resolve() / DB_FILE]
    if not os.environ.get("STATE_DIRECTORY"):
        places.append(SERVICE_STATE / DB_FILE)
    for path in places:
        if path.exists():
            return path
    raise DatabaseMissing(
        f"no database at {' or '.join(str(p) for p in places)}",
        "the daemon creates it on its first run; run this command with sudo on the server, or with "
        "STATE_DIRECTORY set to the daemon's state directory, or set storage.url in the config",
    )


def _normalised(url: str) -> str:
    """Refuse passwords in the URL and send PostgreSQL URLs to psycopg 3 (SQLAlchemy's default is psycopg2)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"storage.url is not a database URL: {exc}",
                         "e.g. postgresql+psycopg://monitor@localhost/monitor") from None
    if parsed.password:
        raise StoreError("storage.url holds a password; secrets never sit in the config file",
                         "use peer authentication or a pgpass file: see docs/storage.md")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only, in a directory only its owner can enter."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        # O_EXCL: never truncate a file another process created a moment ago.
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def open_database(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Return an engine for the URL: SQLite in WAL mode with foreign keys, or PostgreSQL via psycopg 3."""
    parsed = make_url(_normalised(url))
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout_ms / 1000})
        _tune_sqlite(engine, busy_timeout_ms)
        return engine
    if parsed.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = {"connect_timeout": 10}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}", "use sqlite or postgresql+psycopg")


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Set the pragmas on every connection and start every transaction with BEGIN IMMEDIATE.

    The problem: a deferred transaction that reads and then writes while another process commits
    fails at once with SQLITE_BUSY, without waiting for busy_timeout. The fix: take the write lock
    when the transaction begins (the SQLAlchemy recipe: pysqlite's own transaction handling off).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        """Set WAL, the busy timeout and foreign keys on a new connection."""
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        """Begin with the write lock taken."""
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None) -> Any:
    """Return an Alembic config pointing at the bundled migrations (no alembic.ini needed)."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to the given revision (default: the newest) in one transaction."""
    with _quiet("alembic"):
        _migrate(engine, revision)


def _migrate(engine: Engine, revision: str) -> None:
    """Upgrade, classify what goes wrong, and log the change if there was one."""
    from alembic import command
    from alembic.util import CommandError

    try:
        # The first read is where an unreachable server shows itself: it is classified like the rest.
        before = current_revision(engine)
        with engine.connect() as conn, _foreign_keys_off(conn), conn.begin():
            if conn.dialect.name == "postgresql":
                # Two processes starting at once must not both run the same migration.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            command.upgrade(alembic_config(conn), revision)
            _check_foreign_keys(conn)
    except CommandError as exc:
        raise SchemaTooNew(f"the database schema is not one this version knows: {exc}",
                           "it was migrated by a newer council-monitor; install that version or restore a backup"
                           ) from None
    except DBAPIError as exc:
        raise classify(exc) from exc
    after = current_revision(engine)
    if after != before:
        log.info("database schema upgraded from %s to %s", before or "nothing", after)


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """Switch SQLite's foreign keys off around a migration, as SQLite's own ALTER procedure says to.

    The problem: batch mode rebuilds a table (copy, DROP, rename); with foreign keys on, the DROP
    fails while other rows point at the table. The pragma only works outside a transaction, so it
    goes to the driver connection before SQLAlchemy begins; _check_foreign_keys verifies the result.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn: Connection) -> None:
    """Refuse to commit a SQLite migration that left a row pointing nowhere."""
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise StoreError(f"a migration would leave {len(broken)} rows pointing nowhere (first: {broken[0]})",
                             "nothing was changed; this is a bug, please report it")


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep a chatty library's INFO lines out of the log for a moment (we log the outcome ourselves)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def head_revision() -> str:
    """Return the newest revision the bundled migrations know."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision the database is at (None when empty)."""
    from alembic.runtime.migration import MigrationContext

    with _quiet("alembic"), engine.connect() as conn:
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        return rev


def classify(exc: DBAPIError) -> StoreError:
    """Turn a driver error into a StoreError saying whether to wait or to act."""
    orig = exc.orig
    name = type(orig).__name__
    where = "the database"
    if isinstance(orig, sqlite3.OperationalError) and getattr(orig, "sqlite_errorname", "").startswith(
        ("SQLITE_BUSY", "SQLITE_LOCKED")
    ):
        return DatabaseBusy(f"{where} is locked by another process: {orig}",
                            "nothing was written; the next attempt retries (is a long job or a backup running?)")
    if name in ("LockNotAvailable", "SerializationFailure", "DeadlockDetected"):
        return DatabaseBusy(f"{where} is busy: {orig}", "nothing was written; the next attempt retries")
    if isinstance(exc, OperationalError):
        return DatabaseUnavailable(f"cannot use {where}: {orig}",
                                   "is the database server running and the URL in storage.url right?")
    return StoreError(f"{where} refused a change: {orig}", "this is a bug; please report it with the log")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error (driver errors classified)."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        raise classify(exc) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
