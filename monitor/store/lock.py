"""The single-daemon lease: one row in daemon_lock, so that a second `run` on the same database refuses to start.

The holder writes a heartbeat every minute or so. A lease is stale, and may be taken over, when its
heartbeat is older than `stale_after`, or at once when its holder ran on this host and that process
is gone (after a kill -9 or a crash, systemd's restart must not wait out the timeout). Taking a
lease is an INSERT, or an UPDATE conditioned on the row still being the one read: atomic on SQLite
and PostgreSQL alike, so of two daemons starting together exactly one wins.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from monitor.store.db import StoreError, classify
from monitor.store.models import LockRow

log = logging.getLogger(__name__)

LOCK_NAME = "daemon"
STALE_AFTER = timedelta(minutes=5)
_LOCK = LockRow.__table__  # type: ignore[attr-defined]


class LockHeld(StoreError):
    """Another daemon holds the lease."""

    def __init__(self, holder: str, since: datetime, heartbeat_at: datetime, now: datetime,
                 stale_after: timedelta) -> None:
        self.holder, self.since, self.heartbeat_at = holder, since, heartbeat_at
        ago = max(0, int((now - heartbeat_at).total_seconds()))
        super().__init__(
            f"another council-monitor is already running on this database: {holder}, "
            f"since {since:%Y-%m-%d %H:%M:%S} UTC (last heartbeat {ago} s ago)",
            f"stop it first (systemctl stop council-monitor); a lease without a heartbeat for "
            f"{int(stale_after.total_seconds() // 60)} minutes is taken over automatically",
        )


class LeaseLost(StoreError):
    """This daemon's lease was taken over (it had stopped heartbeating for too long)."""


@dataclass(frozen=True)
class Lease:
    """A lease this process holds."""

    engine: Engine
    holder: str
    acquired_at: datetime
    # The holder whose stale lease this one replaced, if any (worth a line in the log and a notice).
    took_over_from: str | None = None


def make_holder() -> str:
    """Return this process's holder name: host:pid:nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def holder_is_dead(holder: str, hostname: str | None = None) -> bool:
    """Say whether a holder ran on this host and its process is gone (never guess about other hosts)."""
    host, _, rest = holder.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != (hostname or socket.gethostname()) or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        # Our own pid under another nonce: an earlier process with this pid (a container's pid 1) died.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def is_stale(row: LockRow, now: datetime, stale_after: timedelta) -> bool:
    """Say whether a lease may be taken over."""
    return now - row.heartbeat_at > stale_after or holder_is_dead(row.holder)


def acquire(engine: Engine, now: datetime, holder: str | None = None,
            stale_after: timedelta = STALE_AFTER) -> Lease:
    """Take the lease, or raise LockHeld naming the holder and since when."""
    holder = holder or make_holder()
    try:
        for _ in range(3):  # the holder may release between our insert and our read
            lease = _try_insert(engine, holder, now) or _try_takeover(engine, holder, now, stale_after)
            if lease:
                return lease
    except DBAPIError as exc:
        raise classify(exc) from exc
    raise StoreError("could not take the daemon lease: it kept changing hands", "try again in a minute")


def _try_insert(engine: Engine, holder: str, now: datetime) -> Lease | None:
    """Take a free lease; None if a row is there already."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(_LOCK).values(name=LOCK_NAME, holder=holder, heartbeat_at=now, acquired_at=now))
    except IntegrityError:
        return None
    return Lease(engine, holder, now)


def _try_takeover(engine: Engine, holder: str, now: datetime, stale_after: timedelta) -> Lease | None:
    """Replace a stale (or our own) lease; None if it vanished meanwhile; LockHeld if it is live."""
    with engine.begin() as conn:
        row = _read(conn)
        if row is None:
            return None
        if row.holder != holder and not is_stale(row, now, stale_after):
            raise LockHeld(row.holder, row.acquired_at, row.heartbeat_at, now, stale_after)
        taken = conn.execute(update(_LOCK).where(
            _LOCK.c.name == LOCK_NAME, _LOCK.c.holder == row.holder, _LOCK.c.heartbeat_at == row.heartbeat_at,
        ).values(holder=holder, heartbeat_at=now, acquired_at=now)).rowcount
    if taken != 1:
        return None
    previous = None if row.holder == holder else row.holder
    if previous:
        log.warning("took over the daemon lease from %s (last heartbeat %s UTC)", previous,
                    f"{row.heartbeat_at:%Y-%m-%d %H:%M:%S}")
    return Lease(engine, holder, now, took_over_from=previous)


def _read(conn: Connection) -> LockRow | None:
    """Return the lease row, if any."""
    found = conn.execute(select(_LOCK).where(_LOCK.c.name == LOCK_NAME)).first()
    return LockRow(**found._mapping) if found else None


def current_holder(engine: Engine) -> LockRow | None:
    """Return who holds the lease now (for status commands), if anyone."""
    with engine.connect() as conn:
        return _read(conn)


def heartbeat(lease: Lease, now: datetime) -> None:
    """Renew the lease; raise LeaseLost if another daemon has taken it."""
    try:
        with lease.engine.begin() as conn:
            renewed = conn.execute(update(_LOCK).where(_LOCK.c.name == LOCK_NAME, _LOCK.c.holder == lease.holder)
                                   .values(heartbeat_at=now)).rowcount
    except DBAPIError as exc:
        raise classify(exc) from exc
    if renewed != 1:
        raise LeaseLost(f"the daemon lease was taken over from {lease.holder}",
                        "this daemon stops so that only one runs; check why its heartbeat stalled")


def release(lease: Lease) -> None:
    """Give the lease up (on a clean shutdown), unless someone else holds it by now."""
    try:
        with lease.engine.begin() as conn:
            conn.execute(delete(_LOCK).where(_LOCK.c.name == LOCK_NAME, _LOCK.c.holder == lease.holder))
    except DBAPIError as exc:
        raise classify(exc) from exc
