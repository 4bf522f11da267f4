"""The outbox (the `delivery` table): messages waiting for a channel, retried until one takes them.

Life of a row: pending -> sending (claimed, with a lease) -> sent, or back to pending with a later
next_attempt_at. Nothing is ever dropped: a channel that is down is retried, with exponential backoff
capped at RETRY_CAP, until it works.

The guarantee is at-least-once delivery. The window for a duplicate is the moment between a channel
accepting a message (SMTP "250 OK", Slack "ok") and the commit that marks the row sent: a crash there
(kill -9, power cut) leaves the row in `sending`, and it is sent again, once, after a restart
(recover_interrupted) or when its lease runs out. Every claim bumps `attempts`, which is the attempt
token: a late writer whose lease was taken over cannot mark or reschedule the row any more.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from monitor.store.models import DeliveryRow

PENDING, SENDING, SENT = "pending", "sending", "sent"
KINDS = ("alert", "digest", "report", "system")
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=1)
# Longer than any single send can take (Apprise is given a shorter call timeout), so a live sender
# never loses its row to another; short enough that a crashed sender's row is retried the same hour.
LEASE = timedelta(minutes=15)
MAX_ERROR_CHARS = 2_000
INTERRUPTED = "interrupted while sending (the monitor stopped); it may have gone out once already"


@dataclass(frozen=True)
class Claim:
    """A row claimed for one send attempt; `attempt` is the token that proves the claim is still ours."""

    id: int
    attempt: int
    dedupe_key: str
    kind: str
    tags: list[str | list[str]]
    title: str
    body_text: str
    body_html: str | None
    # Sent instead of body_text, without attachments, to services that are not email (a report's totals).
    body_summary: str | None
    attachments: list[str]
    # Set when the previous attempt died mid-send: the message may already have gone out once.
    interrupted: bool


# The monitor queues through monitor.alerts.queue (one Message shape for every kind); this is its storage half.
def enqueue(session: Session, dedupe_key: str, kind: str, tags: Sequence[str | Sequence[str]], title: str,
            body_text: str, body_html: str | None = None, attachments: Sequence[str] = (), *,
            now: datetime, summary: str | None = None) -> bool:
    """Queue a message in the caller's transaction; return False if that dedupe_key was queued before."""
    if kind not in KINDS:
        raise ValueError(f"unknown delivery kind {kind!r} (one of {', '.join(KINDS)})")
    if not tags:
        raise ValueError(f"delivery {dedupe_key!r} has no tags to send to")
    values = {
        "dedupe_key": dedupe_key, "kind": kind, "title": title, "body_text": body_text, "body_html": body_html,
        "body_summary": summary,
        "tags_json": json.dumps([t if isinstance(t, str) else list(t) for t in tags]),
        "attachments_json": json.dumps(list(attachments)), "state": PENDING, "attempts": 0,
        "next_attempt_at": now, "created_at": now,
    }
    # INSERT ... ON CONFLICT DO NOTHING is race-free on both databases, where a SELECT-then-INSERT is not
    # and a SAVEPOINT is unreliable under pysqlite.
    dialect = session.get_bind().dialect.name
    statement = (postgresql.insert(DeliveryRow) if dialect == "postgresql" else sqlite.insert(DeliveryRow))
    # RETURNING tells a skipped duplicate from an insert; rowcount does not (psycopg reports -1).
    statement = statement.values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return session.execute(statement.returning(col(DeliveryRow.id))).first() is not None


def due_ids(session: Session, now: datetime, limit: int = 20) -> list[int]:
    """Return the ids of rows to try now, oldest due first: pending ones and sends whose lease ran out."""
    query = (
        select(col(DeliveryRow.id))
        .where(or_(col(DeliveryRow.state) == PENDING, col(DeliveryRow.state) == SENDING))
        .where(col(DeliveryRow.next_attempt_at) <= now)
        .order_by(col(DeliveryRow.next_attempt_at), col(DeliveryRow.id))
        .limit(limit)
    )
    return [row_id for row_id in session.scalars(query) if row_id is not None]


def claim(session: Session, row_id: int, now: datetime) -> Claim | None:
    """Take a due row for one attempt (optimistic update); None if it is not due or someone else took it."""
    row = session.get(DeliveryRow, row_id, populate_existing=True)
    if row is None or row.state == SENT or row.next_attempt_at > now:
        return None
    taken = session.execute(
        update(DeliveryRow)
        .where(col(DeliveryRow.id) == row_id, col(DeliveryRow.state) == row.state,
               col(DeliveryRow.attempts) == row.attempts)
        .values(state=SENDING, attempts=row.attempts + 1, next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return Claim(
        id=row_id, attempt=row.attempts + 1, dedupe_key=row.dedupe_key, kind=row.kind,
        tags=json.loads(row.tags_json), title=row.title, body_text=row.body_text, body_html=row.body_html,
        body_summary=row.body_summary, attachments=json.loads(row.attachments_json),
        interrupted=row.state == SENDING or (row.last_error or "").startswith(INTERRUPTED),
    )


def mark_sent(session: Session, claim: Claim, now: datetime, note: str | None = None) -> bool:
    """Record a successful send; False if the claim was lost (its lease ran out and the row was re-taken)."""
    return _settle(session, claim, state=SENT, sent_at=now, last_error=_clip(note))


def mark_retry(session: Session, claim: Claim, now: datetime, error: str,
               tags: Sequence[str | Sequence[str]] | None = None, delay: timedelta | None = None) -> bool:
    """Put a failed row back for later, with backoff; `tags` narrows it to the targets still owed the message."""
    values: dict[str, object] = {"state": PENDING, "next_attempt_at": now + (delay or backoff(claim.attempt)),
                                 "last_error": _clip(error)}
    if tags is not None:
        values["tags_json"] = json.dumps([t if isinstance(t, str) else list(t) for t in tags])
    return _settle(session, claim, **values)


def _settle(session: Session, claim: Claim, **values: object) -> bool:
    """Apply an attempt's outcome if the row is still held by that attempt."""
    result = session.execute(
        update(DeliveryRow)
        .where(col(DeliveryRow.id) == claim.id, col(DeliveryRow.state) == SENDING,
               col(DeliveryRow.attempts) == claim.attempt)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def recover_interrupted(session: Session, now: datetime) -> int:
    """Make rows left in `sending` by a crash due now (call once at start-up, holding the daemon lock)."""
    result = session.execute(
        update(DeliveryRow)
        .where(col(DeliveryRow.state) == SENDING)
        .values(state=PENDING, next_attempt_at=now, last_error=INTERRUPTED)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def backoff(attempt: int) -> timedelta:
    """Return the wait after a failed attempt: 1, 2, 4 ... minutes, never more than RETRY_CAP."""
    if attempt >= 7:  # 2**6 minutes already passes the cap; avoid huge powers for long outages
        return RETRY_CAP
    return min(RETRY_BASE * 2 ** max(attempt - 1, 0), RETRY_CAP)


def _clip(text: str | None) -> str | None:
    """Bound an error text kept in the database."""
    if text is None or len(text) <= MAX_ERROR_CHARS:
        return text
    return text[: MAX_ERROR_CHARS - 1] + "…"
