"""What the triage commands (findings, ack, dismiss, export) share: opening the store, exit codes, safe text."""

from __future__ import annotations

import getpass
import os
import sys
import unicodedata
from collections.abc import Callable
from typing import TextIO

from sqlmodel import Session

from monitor.config import Config
from monitor.store.db import (
    DatabaseBusy,
    DatabaseMissing,
    StoreError,
    database_url,
    migrate,
    open_database,
    session_scope,
)
from monitor.store.exits import EX_FINDING, EX_NOINPUT, EX_TEMPFAIL, EX_UNAVAILABLE
from monitor.store.findings import FindingError


def exit_code(error: StoreError) -> int:
    """Return the exit status for a store error."""
    if isinstance(error, FindingError):
        return EX_FINDING
    if isinstance(error, DatabaseMissing):
        return EX_NOINPUT
    if isinstance(error, DatabaseBusy):
        return EX_TEMPFAIL
    return EX_UNAVAILABLE


def report_error(command: str, error: StoreError, stream: TextIO | None = None) -> int:
    """Print a store error with its hint; return the exit status."""
    out = stream or sys.stderr
    print(f"council-monitor {command}: {error.message}", file=out)
    if error.hint:
        print(f"  hint: {error.hint}", file=out)
    return exit_code(error)


def with_store(command: str, config: Config, action: Callable[[Session], int]) -> int:
    """Open the configured database (never creating one), bring it up to date and run an action in a transaction."""
    try:
        engine = open_database(database_url(config, create=False))
        try:
            migrate(engine)
            with session_scope(engine) as session:
                return action(session)
        finally:
            engine.dispose()
    except StoreError as error:
        return report_error(command, error)


def login_name() -> str:
    """Return who is running the command: the sudo caller if any, else the login name."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except (OSError, KeyError):  # a container user with no passwd entry
        return f"uid-{os.getuid()}"


def printable(text: str) -> str:
    """Return text safe for a terminal: control, invisible and direction characters shown as \\u escapes."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )


def clipped(text: str, width: int) -> str:
    """Return text cut to a width with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"

