"""The daemon's own bookkeeping: job runs, billable reads per day, and whether each source can be seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from monitor.store.models import RunRow, SourceHealthRow, SpendRow

RUN_STATUSES = ("running", "ok", "failed", "partial")


def start_run(session: Session, job: str, now: datetime) -> int:
    """Record that a job started; return its run id."""
    row = RunRow(job=job, started_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def finish_run(session: Session, run_id: int, now: datetime, status: str, *, requests: int = 0,
               new_posts: int = 0, findings: int = 0, error: str | None = None) -> None:
    """Record how a job run ended."""
    if status not in RUN_STATUSES[1:]:
        raise ValueError(f"unknown run status {status!r}")
    row = session.get(RunRow, run_id)
    if row is None:
        raise KeyError(run_id)
    row.finished_at, row.status, row.error = now, status, error
    row.requests, row.new_posts, row.findings = requests, new_posts, findings
    session.add(row)
    session.flush()


def recent_runs(session: Session, since: datetime, job: str | None = None) -> list[RunRow]:
    """Return the runs started since a time, oldest first."""
    query = select(RunRow).where(col(RunRow.started_at) >= since)
    if job:
        query = query.where(RunRow.job == job)
    return list(session.exec(query.order_by(col(RunRow.started_at), col(RunRow.id))))


def record_spend(session: Session, day: date, platform: str, kind: str, count: int, usd: float) -> None:
    """Add billable reads to a day's tally (one atomic upsert, so concurrent writers never lose counts)."""
    if count == 0 and usd == 0:
        return
    dialect = session.connection().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(SpendRow).values(day=day, platform=platform, kind=kind, count=count, usd=usd)
    table = SpendRow.__table__.c  # type: ignore[attr-defined]
    stmt = stmt.on_conflict_do_update(
        index_elements=["day", "platform", "kind"],
        set_={"count": table.count + stmt.excluded.count, "usd": table.usd + stmt.excluded.usd},
    )
    session.connection().execute(stmt)


def spend_between(session: Session, first: date, last: date) -> list[SpendRow]:
    """Return the spend rows of the days from first to last inclusive."""
    query = select(SpendRow).where(col(SpendRow.day) >= first, col(SpendRow.day) <= last)
    return list(session.exec(query.order_by(col(SpendRow.day), col(SpendRow.platform), col(SpendRow.kind))))


@dataclass(frozen=True)
class HealthChange:
    """A source's state after an observation; `flipped` says whether to tell someone."""

    source: str
    state: str  # up | down
    since: datetime
    flipped: bool
    # How long the previous state lasted, when the state just flipped (e.g. "blind for 3 hours").
    previous_for: timedelta | None = None
    error: str | None = None


def note_source(session: Session, source: str, up: bool, now: datetime, error: str | None = None) -> HealthChange:
    """Record whether a source could be read; flipped is True only when it goes blind or recovers.

    A source seen for the first time and up is not news; seen first and down is (it went blind).
    """
    state = "up" if up else "down"
    row = session.get(SourceHealthRow, source)
    if row is None:
        row = SourceHealthRow(source=source, state=state, since=now, last_error=error, alerted=False)
        session.add(row)
        session.flush()
        return HealthChange(source, state, now, flipped=not up, error=error)
    if row.state == state:
        if error:
            row.last_error = error
            session.add(row)
        return HealthChange(source, state, row.since, flipped=False, error=row.last_error)
    previous_for = now - row.since
    row.state, row.since, row.alerted = state, now, False
    row.last_error = error if not up else row.last_error
    session.add(row)
    session.flush()
    return HealthChange(source, state, now, flipped=True, previous_for=previous_for, error=error)


def source_health(session: Session) -> list[SourceHealthRow]:
    """Return every source's current state."""
    return list(session.exec(select(SourceHealthRow).order_by(col(SourceHealthRow.source))))
