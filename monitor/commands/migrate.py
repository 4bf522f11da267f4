"""`council-monitor migrate`: bring the database's tables up to this version, as `run` does when it starts."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EX_TEMPFAIL

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

HELP = "upgrade the database's tables to this version (the daemon also does it when it starts); after an upgrade"
EPILOG = ("Stop the service and take a backup first (council-monitor backup): an upgraded database cannot be used "
          "by the older version again. exit status: 0 up to date or upgraded, 2 a bad option, 66 no database found, "
          "69 the database cannot be used or was upgraded by a newer version, 75 the daemon is running on it or the "
          "database is busy (stop it, try again), 78 configuration error.")


class DaemonRunning(Exception):
    """A live daemon holds the database's lease: migrating under it would change tables it is using."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --config."""
    parser.epilog = EPILOG
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Migrate the configured database and say from which revision to which."""
    from monitor.store.db import StoreError, database_url, open_database
    from monitor.store.triage import report_error

    config = config_from(args)
    try:
        engine = open_database(database_url(config, create=False))
        try:
            print(upgrade(engine, datetime.now(UTC)))
        finally:
            engine.dispose()
    except StoreError as exc:
        return report_error("migrate", exc)
    except DaemonRunning as exc:
        print(f"council-monitor migrate: {exc}", file=sys.stderr)
        print("  hint: stop it first (systemctl stop council-monitor), migrate, then start it again", file=sys.stderr)
        return EX_TEMPFAIL
    return 0


def upgrade(engine: Engine, now: datetime) -> str:
    """Migrate to the newest revision unless already there; return what was done."""
    from monitor.cli import schema_revision
    from monitor.store.db import current_revision, migrate

    newest = schema_revision()
    before = current_revision(engine)
    if before == newest:
        return f"The database is up to date (schema {newest}); nothing to do."
    refuse_if_running(engine, now)
    migrate(engine)
    return f"Upgraded the database from schema {before or 'none (empty)'} to {current_revision(engine)}."


def refuse_if_running(engine: Engine, now: datetime) -> None:
    """Raise DaemonRunning when a daemon heartbeat is fresh (read with plain SQL: the tables are still old)."""
    from sqlalchemy import String, inspect, text

    from monitor.store.lock import STALE_AFTER, holder_is_dead
    from monitor.store.models import UTCDateTime

    if not inspect(engine).has_table("daemon_lock"):
        return
    query = text("SELECT holder, heartbeat_at FROM daemon_lock WHERE name = 'daemon'").columns(
        holder=String, heartbeat_at=UTCDateTime())
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or now - row.heartbeat_at > STALE_AFTER or holder_is_dead(row.holder):
        return
    ago = max(0, int((now - row.heartbeat_at).total_seconds()))
    raise DaemonRunning(f"a council-monitor daemon is running on this database: {row.holder} "
                        f"(last heartbeat {ago} s ago)")
