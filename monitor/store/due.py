"""Recurring duties (the weekly report): when each is next due, claimed so that each due time runs once.

The due time lives in the database, not in the scheduler's memory: a restart, a crash or a second
process neither skips nor repeats a week. A claim is an optimistic update on DueRow.version, made in
the caller's transaction: commit it together with the work it stands for (the report's outbox rows),
and a crash before the commit leaves the duty due, a crash after it leaves the work queued.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from monitor.store.models import DueRow

log = logging.getLogger(__name__)

# After a long outage only this many of the most recent due times are claimed (older ones are dropped
# with a warning): a server off for a year must not send fifty reports on its return.
MAX_BACKLOG = 8

Step = Callable[[datetime], datetime]
_DUE = DueRow.metadata.tables["due"]


def ensure_due(session: Session, name: str, first_due: datetime) -> None:
    """Create the duty with its first due time, unless it exists (race-free: INSERT ... ON CONFLICT DO NOTHING)."""
    conn = session.connection()
    insert = postgresql.insert(_DUE) if conn.dialect.name == "postgresql" else sqlite.insert(_DUE)
    conn.execute(insert.values(name=name, due_at=first_due, version=0).on_conflict_do_nothing(index_elements=["name"]))


def pending_due(session: Session, name: str, now: datetime, step: Step) -> list[datetime]:
    """Return the due times at or before `now` without claiming them (oldest first, at most MAX_BACKLOG)."""
    row = session.connection().execute(select(_DUE.c.due_at).where(_DUE.c.name == name)).first()
    if row is None:
        return []
    return _passed(row.due_at, now, step)[-MAX_BACKLOG:]


def claim_due(session: Session, name: str, now: datetime, step: Step) -> list[datetime]:
    """Claim every due time at or before `now` and move the duty to the next one; [] if none or lost.

    `step` gives the due time after a given one (the schedule). The update only applies if nobody
    changed the row since it was read (same version), so of two processes claiming at once exactly
    one gets the due times. Commit the claim in the same transaction as the work it covers.
    """
    conn = session.connection()
    row = conn.execute(select(_DUE.c.due_at, _DUE.c.version).where(_DUE.c.name == name)).first()
    if row is None or row.due_at > now:
        return []
    passed = _passed(row.due_at, now, step)
    following = step(passed[-1])
    moved = conn.execute(
        update(_DUE)
        .where(_DUE.c.name == name, _DUE.c.version == row.version)
        .values(due_at=following, version=row.version + 1, last_done_at=now)
    )
    if moved.rowcount != 1:
        log.info("duty %s was claimed by another process", name)
        return []
    if len(passed) > MAX_BACKLOG:
        log.warning("duty %s: %d due times passed while the monitor was off; only the last %d are done",
                    name, len(passed), MAX_BACKLOG)
    return passed[-MAX_BACKLOG:]


def _passed(first: datetime, now: datetime, step: Step) -> list[datetime]:
    """Return the due times from `first` up to and including `now`."""
    out: list[datetime] = []
    due = first
    while due <= now:
        out.append(due)
        nxt = step(due)
        if nxt <= due:
            raise ValueError(f"the schedule does not move forward from {due.isoformat()}")
        due = nxt
    return out
