"""`council-monitor backup`: a consistent copy of the SQLite database, safe while the daemon runs."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EX_CANTCREAT, EX_UNAVAILABLE

HELP = "copy the SQLite database to a new file, safely while the daemon runs (PostgreSQL: prints a pg_dump command)"
EPILOG = ("The copy is a single SQLite file readable only by its owner; restore it as docs/install-debian.md says "
          "(stop the service, copy it over monitor.sqlite, delete monitor.sqlite-wal and -shm, start). "
          "exit status: 0 written, 2 a bad option, 66 no database found, 69 the database cannot be read, or it is "
          "PostgreSQL (the pg_dump command to use is printed), 73 --out exists or cannot be written, "
          "78 configuration error.")
EX_POSTGRES = EX_UNAVAILABLE


class BackupError(Exception):
    """A backup that could not be made: what went wrong with its hint, and the exit status."""

    def __init__(self, message: str, status: int) -> None:
        """Keep the message and the exit status."""
        super().__init__(message)
        self.status = status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --config and --out."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="the new backup file (never overwritten), e.g. /var/backups/council-monitor/"
                             "monitor-$(date +%%F).sqlite")


def run(args: argparse.Namespace) -> int:
    """Back the database up, or say how to for PostgreSQL."""
    from sqlalchemy.engine import make_url

    from monitor.store.db import StoreError, database_url
    from monitor.store.triage import report_error

    config = config_from(args)
    try:
        url = make_url(database_url(config, create=False))
    except StoreError as exc:
        return report_error("backup", exc)  # 66 when there is no database file, 69 otherwise
    if url.get_backend_name() != "sqlite":
        print(postgres_hint(url.set(drivername="postgresql").render_as_string(hide_password=True), args.out),
              file=sys.stderr)
        return EX_POSTGRES
    try:
        pages = backup_sqlite(Path(url.database or ""), Path(args.out))
    except BackupError as exc:
        print(f"council-monitor backup: {exc}", file=sys.stderr)
        return exc.status
    print(f"council-monitor backup: wrote {args.out} ({pages} pages, checked: ok)", file=sys.stderr)
    return 0


def postgres_hint(libpq_url: str, out: str) -> str:
    """Return what to run instead for a PostgreSQL database."""
    return (f"council-monitor backup: the database is PostgreSQL; back it up with pg_dump, as a user that may "
            f"read it:\n  pg_dump --format=custom --file='{out}' '{libpq_url}'\n"
            f"  restore: pg_restore --clean --if-exists --dbname='{libpq_url}' '{out}'")


def backup_sqlite(source: Path, out: Path) -> int:
    """Copy the live database into a new private file with SQLite's online backup; return its page count."""
    try:
        # mode=rw: never create an empty database where the real one is missing.
        src = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=15)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {source}: {exc} (is this the daemon's database?)", EX_UNAVAILABLE) from None
    try:
        claim(out)
        try:
            return copy_into(src, out)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    finally:
        src.close()


def claim(out: Path) -> None:
    """Create the backup file, empty, readable by its owner only; refuse one that exists."""
    try:
        os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        hint = "a backup is never overwritten; choose a new file name" if isinstance(exc, FileExistsError) else \
            "check the folder exists and you may write there"
        raise BackupError(f"cannot create {out}: {exc.strerror} ({hint})", EX_CANTCREAT) from None


def copy_into(src: sqlite3.Connection, out: Path) -> int:
    """Run the backup in one step, make the copy a plain single file, and check it."""
    dst = sqlite3.connect(out)
    try:
        # pages=-1: all pages in one step under one read transaction, so the copy is one consistent moment;
        # in WAL mode the daemon's writes carry on meanwhile (smaller steps restart whenever it writes).
        src.backup(dst, pages=-1)
        # The copy inherits WAL mode; a rollback journal keeps it one self-contained file when it is moved.
        dst.execute("PRAGMA journal_mode=DELETE")
        verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        pages: int = dst.execute("PRAGMA page_count").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"the backup failed: {exc} (nothing was kept; try again)", EX_UNAVAILABLE) from None
    finally:
        dst.close()
    if verdict != "ok":
        raise BackupError(f"the copy does not check out ({verdict}); the database itself may be damaged: "
                          "keep your older backups and run PRAGMA integrity_check on it", EX_UNAVAILABLE)
    return pages
