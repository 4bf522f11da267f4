"""The weekly report's reads: aggregate queries over a time window, returning plain values and rows.

Each function takes a connection and the window it reads; none writes. The report aggregates in SQL and
reads Core rows, never ORM objects, so a store of a million posts stays cheap (bench/bench_report.py).
Time windows are half-open, [start, end), in UTC, like the report's week.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

import sqlmodel
from sqlalchemy import Integer, and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from monitor.checks.base import History
from monitor.records import handle_key
from monitor.store.findings import ACTIVE, CLOSED
from monitor.store.models import AccountRow, SQLModel, UTCDateTime
from monitor.store.repo import POST_COLUMNS, account_of, post_of

FINDING = SQLModel.metadata.tables["finding"]
POST = SQLModel.metadata.tables["post"]
ACCOUNT = SQLModel.metadata.tables["account"]
DELIVERY = SQLModel.metadata.tables["delivery"]
RUN = SQLModel.metadata.tables["run"]
SPEND = SQLModel.metadata.tables["spend"]
HEALTH = SQLModel.metadata.tables["source_health"]

Key = tuple[str, str]  # (platform, folded handle)


# --- findings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingColumn:
    """A column of the finding table as a file of findings needs it: name, kind of value, may it be empty."""

    name: str
    kind: Literal["datetime", "integer", "text"]
    nullable: bool


def finding_columns() -> tuple[FindingColumn, ...]:
    """Return the finding table's columns in table order (a column added by a migration appears here)."""
    return tuple(FindingColumn(c.name, _kind(c.type), bool(c.nullable)) for c in FINDING.c)


def _kind(sql_type: object) -> Literal["datetime", "integer", "text"]:
    """Return what a column's values are read back as."""
    if isinstance(sql_type, UTCDateTime):
        return "datetime"
    return "integer" if isinstance(sql_type, Integer) else "text"


def open_at(moment: datetime) -> ColumnElement[bool]:
    """Return the condition "this finding was unresolved at `moment`"."""
    # A finding closed after the moment was open then; one whose state is unresolved now was open then
    # if it had been seen (a reopened finding keeps its old closed_at, so that cannot decide it).
    return and_(FINDING.c.first_seen < moment, or_(FINDING.c.state.in_(ACTIVE), FINDING.c.closed_at > moment))


def findings_of_week(conn: Connection, start: datetime, end: datetime,
                     pre_election: Sequence[tuple[datetime, datetime]]) -> list[dict[str, Any]]:
    """Return the findings a week's report covers, oldest first: every column, plus the post's stored URL.

    Those open at `end`, first seen or closed in [start, end), and every pre-election finding first seen
    in one of the given periods (the CSV then holds all that the report lists or counts). The stored URL
    is under "post_url" (None when the post is not stored).
    """
    wanted = [open_at(end),
              and_(FINDING.c.first_seen >= start, FINDING.c.first_seen < end),
              and_(FINDING.c.closed_at >= start, FINDING.c.closed_at < end)]
    wanted += [and_(FINDING.c.rule == "pre-election", FINDING.c.first_seen >= lo, FINDING.c.first_seen < hi)
               for lo, hi in pre_election if hi > lo]
    on_post = and_(POST.c.platform == FINDING.c.platform, POST.c.post_id == FINDING.c.post_id)
    query = (select(*FINDING.c, POST.c.url.label("post_url"))
             .select_from(FINDING.outerjoin(POST, on_post))
             .where(or_(*wanted))
             .order_by(FINDING.c.first_seen, FINDING.c.id))
    return [dict(row._mapping) for row in conn.execute(query)]


def findings_per_bucket(conn: Connection, bounds: Sequence[datetime]) -> list[tuple[int, str, str, int]]:
    """Return (bucket, rule, severity, count) of findings first seen in each [bounds[i], bounds[i+1])."""
    bucket = case(*((and_(FINDING.c.first_seen >= lo, FINDING.c.first_seen < hi), literal(i))
                    for i, (lo, hi) in enumerate(itertools.pairwise(bounds))), else_=literal(-1))
    query = (select(bucket.label("bucket"), FINDING.c.rule, FINDING.c.severity, func.count().label("n"))
             .where(FINDING.c.first_seen >= bounds[0], FINDING.c.first_seen < bounds[-1])
             .group_by(bucket, FINDING.c.rule, FINDING.c.severity))
    return [(row.bucket, row.rule, row.severity, row.n) for row in conn.execute(query) if row.bucket >= 0]


def closed_between(conn: Connection, start: datetime, end: datetime) -> dict[str, int]:
    """Return how many findings were resolved and dismissed in a window, by state."""
    query = (select(FINDING.c.state, func.count().label("n"))
             .where(FINDING.c.state.in_(CLOSED), FINDING.c.closed_at >= start, FINDING.c.closed_at < end)
             .group_by(FINDING.c.state))
    return {row.state: row.n for row in conn.execute(query)}


def closings(conn: Connection, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Return the findings closed (fixed or dismissed) in a window and still closed, by closing time: how,
    by whom, and when first seen."""
    columns = [FINDING.c[name] for name in ("id", "rule", "platform", "handle", "state", "closed_by", "closed_reason",
                                            "closed_note", "first_seen", "closed_at")]
    query = (select(*columns).where(FINDING.c.state.in_(CLOSED), FINDING.c.closed_at >= start,
                                    FINDING.c.closed_at < end).order_by(FINDING.c.closed_at, FINDING.c.id))
    return [dict(row._mapping) for row in conn.execute(query)]


def open_by_severity(conn: Connection, moment: datetime) -> dict[str, int]:
    """Return how many findings were unresolved at a moment, by severity (severities with none are absent)."""
    query = select(FINDING.c.severity, func.count().label("n")).where(open_at(moment)).group_by(FINDING.c.severity)
    return {row.severity: row.n for row in conn.execute(query)}


def missing_disclaimers(conn: Connection, moment: datetime) -> dict[Key, datetime]:
    """Return when each account's missing-disclaimer finding unresolved at a moment was first seen."""
    query = (select(FINDING.c.platform, FINDING.c.handle, FINDING.c.first_seen)
             .where(FINDING.c.rule == "missing-disclaimer", open_at(moment)))
    out: dict[Key, datetime] = {}
    for row in conn.execute(query):
        key = (row.platform, handle_key(row.handle))
        out[key] = min(out.get(key, row.first_seen), row.first_seen)
    return out


# --- accounts and posts ---------------------------------------------------------------------------


class StoredAccount(NamedTuple):
    """What the store remembers of an account: when it was first read and its newest post."""

    first_seen: datetime
    last_post_at: datetime | None


def stored_account(conn: Connection, platform: str, key: str) -> StoredAccount | None:
    """Return an account's first reading and remembered last post, or None when it was never read."""
    row = conn.execute(select(ACCOUNT.c.first_seen, ACCOUNT.c.last_post_at)
                       .where(ACCOUNT.c.platform == platform, ACCOUNT.c.handle_key == key)).first()
    return StoredAccount(row.first_seen, row.last_post_at) if row is not None else None


class AlertDelivery(NamedTuple):
    """What became of a finding's own alert in the outbox: sent (and when), or still owed and why."""

    state: str
    sent_at: datetime | None
    last_error: str | None


def alert_deliveries(conn: Connection, ids: Sequence[int]) -> dict[int, AlertDelivery]:
    """Return the latest alert of each finding ("alert:<id>:<reopened>" in the outbox), for those that have one."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = conn.execute(select(DELIVERY.c.dedupe_key, DELIVERY.c.state, DELIVERY.c.sent_at, DELIVERY.c.last_error)
                        .where(DELIVERY.c.kind == "alert", DELIVERY.c.dedupe_key.like("alert:%")))
    latest: dict[int, tuple[int, AlertDelivery]] = {}
    for row in rows:
        _, ident, reopened = [*row.dedupe_key.split(":"), "", ""][:3]
        if not (ident.isdigit() and int(ident) in wanted):
            continue
        n = int(reopened) if reopened.isdigit() else 0
        if int(ident) not in latest or n >= latest[int(ident)][0]:
            latest[int(ident)] = (n, AlertDelivery(row.state, row.sent_at, row.last_error))
    return {k: v for k, (_, v) in latest.items()}


def post_texts(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, datetime]]:
    """Return the text and time of each (platform, post id) the store still holds (retention may have gone)."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = conn.execute(select(POST.c.platform, POST.c.post_id, POST.c.text, POST.c.created_at)
                        .where(POST.c.post_id.in_(sorted({k for _, k in keys}))))
    return {(r.platform, r.post_id): (r.text or "", r.created_at) for r in rows if (r.platform, r.post_id) in wanted}


def display_names(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Return the display name the store holds for each (platform, handle key) that has one."""
    platforms = sorted({p for p, _ in keys})
    wanted = set(keys)
    if not wanted:
        return {}
    rows = conn.execute(select(ACCOUNT.c.platform, ACCOUNT.c.handle_key, ACCOUNT.c.display_name)
                        .where(ACCOUNT.c.platform.in_(platforms),
                               ACCOUNT.c.handle_key.in_(sorted({k for _, k in keys}))))
    return {(r.platform, r.handle_key): r.display_name for r in rows
            if (r.platform, r.handle_key) in wanted and (r.display_name or "").strip()}


def last_post_before(conn: Connection, platform: str, key: str, moment: datetime) -> datetime | None:
    """Return the time of an account's newest stored post before a moment (an index range scan)."""
    found: datetime | None = conn.execute(
        select(func.max(POST.c.created_at))
        .where(POST.c.platform == platform, POST.c.handle_key == key, POST.c.created_at < moment)).scalar()
    return found


def posts_between(conn: Connection, platform: str, key: str, start: datetime, end: datetime) -> int:
    """Return how many posts an account made in a window (an index range scan)."""
    query = select(func.count()).select_from(POST).where(
        POST.c.platform == platform, POST.c.handle_key == key, POST.c.created_at >= start, POST.c.created_at < end)
    return int(conn.execute(query).scalar() or 0)


def post_times(conn: Connection, platform: str, key: str, start: datetime, end: datetime) -> list[datetime]:
    """Return when an account posted in a window, oldest first."""
    query = (select(POST.c.created_at)
             .where(POST.c.platform == platform, POST.c.handle_key == key,
                    POST.c.created_at >= start, POST.c.created_at < end)
             .order_by(POST.c.created_at))
    return [row[0] for row in conn.execute(query)]


def conversations(conn: Connection, start: datetime, end: datetime) -> History:
    """Return what residents' questions in a window are judged on: registered accounts and the window's posts.

    The posts are those the `unanswered` check can use (monitor/checks/attention.py): every post by an
    official account, and every resident's post that names whom it answers (reply_to_handle), @mentions
    someone, or replies to a post of the window. Any other post cannot be a question to an official
    account, its answer or a resident's follow-up (a councillor's post is neither a resident's nor an
    official one; a reply whose parent is not in the window cannot be tied to an official account), so
    leaving it out changes no count and spares converting most of a busy week.
    """
    table, parent = POST, POST.alias("parent")
    # Through the unique (platform, post_id) index: one lookup per reply.
    in_window = (select(parent.c.id).where(parent.c.platform == table.c.platform, parent.c.post_id == table.c.reply_to,
                                           parent.c.created_at >= start, parent.c.created_at < end).exists())
    residents = and_(table.c.role == "other",
                     or_(table.c.reply_to_handle.is_not(None), table.c.text.contains("@"), in_window))
    useful = or_(table.c.role == "official", residents)
    rows = conn.execute(select(*(table.c[name] for name in POST_COLUMNS))
                        .where(table.c.created_at >= start, table.c.created_at < end, useful)
                        .order_by(table.c.created_at, table.c.id)).all()
    with Session(bind=conn) as session:
        accounts = session.exec(sqlmodel.select(AccountRow).where(col(AccountRow.role) != "other")
                                .order_by(col(AccountRow.id))).all()
        registered = tuple(account_of(a) for a in accounts)
    return History(accounts=registered, posts=tuple(post_of(row) for row in rows))


# --- how the monitor ran --------------------------------------------------------------------------


class SourceState(NamedTuple):
    """A source's health as last recorded."""

    source: str
    state: str
    since: datetime
    last_error: str | None


def source_states(conn: Connection) -> list[SourceState]:
    """Return every source's recorded health, by name."""
    return [SourceState(row.source, row.state, row.since, row.last_error)
            for row in conn.execute(select(HEALTH).order_by(HEALTH.c.source))]


def run_outcomes(conn: Connection, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """Return how many runs of each job started in a window, by status."""
    query = (select(RUN.c.job, RUN.c.status, func.count().label("n"))
             .where(RUN.c.started_at >= start, RUN.c.started_at < end)
             .group_by(RUN.c.job, RUN.c.status))
    counts: dict[str, dict[str, int]] = {}
    for row in conn.execute(query):
        counts.setdefault(row.job, {})[row.status] = row.n
    return counts


def run_requests(conn: Connection, start: datetime, end: datetime) -> dict[str, int]:
    """Return the HTTP requests made by each job's runs started in a window."""
    query = (select(RUN.c.job, func.sum(RUN.c.requests).label("n"))
             .where(RUN.c.started_at >= start, RUN.c.started_at < end)
             .group_by(RUN.c.job))
    return {row.job: int(row.n or 0) for row in conn.execute(query)}


class FailedRun(NamedTuple):
    """A run that failed or did only part of its work."""

    job: str
    started_at: datetime
    status: str
    error: str | None


def failed_runs(conn: Connection, start: datetime, end: datetime, limit: int) -> list[FailedRun]:
    """Return the latest failed or partial runs started in a window, newest first."""
    query = (select(RUN.c.job, RUN.c.started_at, RUN.c.status, RUN.c.error)
             .where(RUN.c.started_at >= start, RUN.c.started_at < end, RUN.c.status.in_(("failed", "partial")))
             .order_by(RUN.c.started_at.desc(), RUN.c.id.desc()).limit(limit))
    return [FailedRun(row.job, row.started_at, row.status, row.error) for row in conn.execute(query)]


def successful_runs(conn: Connection, job: str, start: datetime,
                    end: datetime) -> tuple[datetime | None, list[datetime]]:
    """Return the last run of a job that worked before a window, and those in it, oldest first.

    A partial run counts as working: it read something.
    """
    worked = RUN.c.status.in_(("ok", "partial"))
    before = conn.execute(select(func.max(RUN.c.started_at))
                          .where(RUN.c.job == job, worked, RUN.c.started_at < start)).scalar()
    times = [row[0] for row in conn.execute(
        select(RUN.c.started_at).where(RUN.c.job == job, worked, RUN.c.started_at >= start,
                                       RUN.c.started_at < end).order_by(RUN.c.started_at))]
    return before, times


# --- spending -------------------------------------------------------------------------------------


class SkippedReads(NamedTuple):
    """Reads of one kind on one platform left out to stay within the budget."""

    platform: str
    kind: str
    reads: int
    usd: float


def skipped_reads(conn: Connection, first: date, last: date) -> list[SkippedReads]:
    """Return the reads skipped between two dates (inclusive) to stay within the budget, by platform and kind."""
    query = (select(SPEND.c.platform, SPEND.c.kind, func.sum(SPEND.c.count).label("n"),
                    func.sum(SPEND.c.usd).label("usd"))
             .where(SPEND.c.kind.like("skipped%"), SPEND.c.day >= first, SPEND.c.day <= last)
             .group_by(SPEND.c.platform, SPEND.c.kind).order_by(SPEND.c.platform, SPEND.c.kind))
    return [SkippedReads(row.platform, row.kind, int(row.n or 0), float(row.usd or 0))
            for row in conn.execute(query) if row.n]


def spend_between(conn: Connection, first: date, last: date) -> dict[str, float]:
    """Return the money spent on reads per platform between two dates (inclusive)."""
    query = (select(SPEND.c.platform, func.sum(SPEND.c.usd).label("usd"))
             .where(~SPEND.c.kind.like("skipped%"), SPEND.c.day >= first, SPEND.c.day <= last)
             .group_by(SPEND.c.platform))
    return {row.platform: round(float(row.usd or 0), 2) for row in conn.execute(query)}

