"""What the weekly report says, gathered with aggregate queries (never by loading every post).

Everything is "as at" the end of the week (or now, for a week not over yet), so a report for a past
week reads the same whenever it is made: a week sent late after an outage says what it would have said.
Times are UTC here; the templates show them in the council's zone.
"""

from __future__ import annotations

import itertools
import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel

import monitor.store.models  # noqa: F401  (registers the tables below)
from monitor.checks import CHECKS, by_rule
from monitor.config import Config, Election, Registered
from monitor.officehours import office_hours_between
from monitor.records import SEVERITIES, handle_key
from monitor.report.schedule import Week
from monitor.text import strip_invisible

# Core tables: the report aggregates in SQL and reads rows, never ORM objects (1M posts must stay cheap).
F = SQLModel.metadata.tables["finding"]
P = SQLModel.metadata.tables["post"]
A = SQLModel.metadata.tables["account"]
R = SQLModel.metadata.tables["run"]
S = SQLModel.metadata.tables["spend"]
H = SQLModel.metadata.tables["source_health"]

UNRESOLVED = ("open", "alerted", "acknowledged")
CLOSED = ("dismissed", "resolved")
WEEKS_COMPARED = 5  # this week and the previous four
EXCERPT_CHARS = 300
REASONS_KEPT = 5
RUN_FAILURES_LISTED = 20
# Where the Clerk reports an impersonator (checked 2026-11; platforms move these pages now and then).
REPORT_FORMS = {
    "x": "https://help.x.com/en/forms/authenticity/impersonation",
    "facebook": "https://www.facebook.com/help/174210519303259",
}
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook"}


@dataclass(frozen=True)
class Period:
    """The week reported on, and the moment the report describes."""

    week: Week
    start: datetime
    end: datetime
    as_of: datetime
    zone: ZoneInfo

    @property
    def complete(self) -> bool:
        """Say whether the week is over."""
        return self.as_of >= self.end

    @property
    def last_day(self) -> date:
        """Return the last local date the report covers."""
        return (self.as_of - timedelta(microseconds=1)).astimezone(self.zone).date()


@dataclass(frozen=True)
class Item:
    """One finding as the report shows it."""

    id: int
    rule: str
    severity: str
    clause: str
    platform: str
    handle: str
    post_id: str | None
    message: str
    state: str
    first_seen: datetime
    closed_at: datetime | None
    link: str
    action: str
    age: timedelta
    excerpt: str = ""
    reasons: tuple[str, ...] = ()
    score: float | None = None
    subject: str | None = None
    # For a lookalike: the registered account it imitates, as people write it.
    imitates: str | None = None


@dataclass(frozen=True)
class RuleCounts:
    """Findings of one rule first seen in each compared week (oldest first; the last is this week)."""

    rule: str
    summary: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Numbers:
    """The week in numbers."""

    weeks: tuple[Week, ...]
    by_rule: tuple[RuleCounts, ...]
    by_severity: dict[str, tuple[int, ...]]
    totals: tuple[int, ...]
    resolved: int
    dismissed: int
    open_by_severity: dict[str, int]


@dataclass(frozen=True)
class Replies:
    """How fast an official account answered residents' questions asked this week (office hours)."""

    questions: int
    answered: int
    median_hours: float | None
    slowest_hours: float | None
    slowest_waiting: bool
    over_target: int
    target_hours: float


@dataclass(frozen=True)
class Silence:
    """The longest stretch this week without a post (counted from the last post before it)."""

    since: datetime
    until: datetime
    limit: timedelta

    @property
    def over_limit(self) -> bool:
        """Say whether the silence was longer than the configured limit."""
        return self.length > self.limit

    @property
    def length(self) -> timedelta:
        """Return how long the silence lasted."""
        return self.until - self.since


@dataclass(frozen=True)
class AccountLine:
    """One registered account."""

    platform: str
    handle: str
    owner: str
    role: str
    monitorable: bool
    link: str
    disclaimer: str
    last_post: datetime | None
    posts_this_week: int
    read: bool
    replies: Replies | None = None
    silence: Silence | None = None


@dataclass(frozen=True)
class ElectionStatus:
    """One election's pre-election period as it stands."""

    name: str
    polling_day: date
    start: datetime
    end: datetime
    state: Literal["active", "coming", "over"]
    days_to_poll: int
    findings: tuple[Item, ...]


@dataclass(frozen=True)
class SourceLine:
    """A source's health as last recorded."""

    source: str
    state: str
    since: datetime
    last_error: str


@dataclass(frozen=True)
class RunTally:
    """Runs of one job this week by outcome."""

    job: str
    ok: int
    partial: int
    failed: int


@dataclass(frozen=True)
class RunFailure:
    """One failed or partial run."""

    job: str
    started_at: datetime
    status: str
    error: str


@dataclass(frozen=True)
class Gap:
    """A stretch with no successful poll of a platform."""

    platform: str
    since: datetime
    until: datetime


@dataclass(frozen=True)
class Skipped:
    """Reads left out to stay within the budget."""

    platform: str
    kind: str
    count: int
    usd: float


@dataclass(frozen=True)
class Coverage:
    """What was and was not checked, and what reading cost."""

    unreadable: tuple[AccountLine, ...]
    never_read: tuple[AccountLine, ...]
    disabled_platforms: tuple[str, ...]
    disabled_rules: tuple[str, ...]
    sources: tuple[SourceLine, ...]
    tokens: tuple[SourceLine, ...]
    runs: tuple[RunTally, ...]
    failures: tuple[RunFailure, ...]
    gaps: tuple[Gap, ...]
    skipped: tuple[Skipped, ...]
    spend_week: dict[str, float]
    spend_month: dict[str, float]
    month_label: str
    budget_x: float
    gap_threshold: timedelta

    @property
    def complete(self) -> bool:
        """Say whether everything registered was checked all week."""
        return not (self.unreadable or self.never_read or self.disabled_platforms or self.disabled_rules
                    or self.gaps or self.skipped or self.failures
                    or any(s.state != "up" for s in (*self.sources, *self.tokens)))


@dataclass(frozen=True)
class FindingRecord:
    """Every stored field of a finding, plus its post link: one CSV row."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class ReportData:
    """Everything the templates show."""

    council: str
    website: str | None
    period: Period
    generated_at: datetime
    needs_action: dict[str, tuple[Item, ...]]
    numbers: Numbers
    accounts: tuple[AccountLine, ...]
    elections: tuple[ElectionStatus, ...]
    elections_configured: int
    lookalikes: tuple[Item, ...]
    lookalikes_new: int
    coverage: Coverage
    records: tuple[FindingRecord, ...] = field(repr=False, default=())


def period_of(week: Week, now: datetime, zone: ZoneInfo) -> Period:
    """Return the week's bounds and the moment it is described at (its end, or now if earlier)."""
    start, end = week.start(zone), week.end(zone)
    return Period(week=week, start=start, end=end, as_of=min(end, now), zone=zone)


def gather(conn: Connection, config: Config, week: Week, now: datetime) -> ReportData:
    """Return the report's content for one week, read in one transaction."""
    period = period_of(week, now, config.zone)
    windows = election_windows(config, period)
    rows = _relevant_findings(conn, period, windows)
    items = [_item(row, period.as_of) for row in rows]
    accounts = tuple(_account_lines(conn, config, period))
    lookalikes = tuple(sorted((replace(i, imitates=imitated(config, i.subject))
                               for i in items if i.rule == "impersonation"), key=_lookalike_order))
    return ReportData(
        council=config.council.name,
        website=config.council.website,
        period=period,
        generated_at=now,
        needs_action=_needs_action(items, period.as_of),
        numbers=_numbers(conn, period),
        accounts=accounts,
        elections=tuple(_elections(windows, period, items)),
        elections_configured=len(config.elections),
        lookalikes=lookalikes,
        lookalikes_new=sum(1 for i in lookalikes if i.first_seen >= period.start),
        coverage=_coverage(conn, config, period, accounts),
        records=tuple(FindingRecord(_record_fields(row)) for row in rows),
    )


# --- findings -------------------------------------------------------------------------------------


def open_at(moment: datetime) -> ColumnElement[bool]:
    """Return the condition "this finding was unresolved at `moment`"."""
    # A finding closed after the moment was open then; one whose state is unresolved now was open then
    # if it had been seen (a reopened finding keeps its old closed_at, so that cannot decide it).
    return and_(F.c.first_seen < moment, or_(F.c.state.in_(UNRESOLVED), F.c.closed_at > moment))


def _relevant_findings(conn: Connection, period: Period, windows: Sequence[Window]) -> list[Any]:
    """Return the findings the report covers, with post URLs.

    Those open at the report's moment, first seen or closed during the week, and every pre-election
    finding of a running pre-election period (the CSV then holds all that the report lists or counts).
    """
    wanted = [open_at(period.as_of),
              and_(F.c.first_seen >= period.start, F.c.first_seen < period.as_of),
              and_(F.c.closed_at >= period.start, F.c.closed_at < period.as_of)]
    wanted += [and_(F.c.rule == "pre-election", F.c.first_seen >= w.start, F.c.first_seen < w.until)
               for w in windows if w.until > w.start]
    query = (
        select(*F.c, P.c.url.label("post_url"))
        .select_from(F.outerjoin(P, and_(P.c.platform == F.c.platform, P.c.post_id == F.c.post_id)))
        .where(or_(*wanted))
        .order_by(F.c.first_seen, F.c.id)
    )
    return list(conn.execute(query))


def _item(row: Any, as_of: datetime) -> Item:
    """Return a finding row as the report shows it."""
    evidence = parse_evidence(row.evidence_json)
    return Item(
        id=row.id, rule=row.rule, severity=row.severity, clause=row.clause, platform=row.platform,
        handle=clean_text(row.handle, 64), post_id=row.post_id, message=clean_text(row.message, 500), state=row.state,
        first_seen=row.first_seen, closed_at=row.closed_at,
        link=post_link(row.platform, row.handle, row.post_id, row.post_url),
        action=action_for(row.rule), age=max(as_of - row.first_seen, timedelta(0)),
        excerpt=_short(evidence.get("excerpt")), reasons=_reasons(evidence.get("reasons")),
        score=_score(evidence.get("score")), subject=_subject(evidence.get("subject")),
    )


def _record_fields(row: Any) -> dict[str, Any]:
    """Return every stored column of a finding row, plus its post link."""
    out = {column.name: getattr(row, column.name) for column in F.c}
    out["post_url"] = post_link(row.platform, row.handle, row.post_id, row.post_url)
    return out


def parse_evidence(raw: str | None) -> dict[str, Any]:
    """Return the evidence object, or {} when it is not a JSON object (stored data is not trusted)."""
    try:
        value = json.loads(raw or "{}")
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def clean_text(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return untrusted text without invisible or control characters, on one line, clipped."""
    if not isinstance(value, str):
        return ""
    text = strip_invisible(value[: limit * 4])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short(value: object) -> str:
    """Return an excerpt fit to show."""
    return clean_text(value)


def _reasons(value: object) -> tuple[str, ...]:
    """Return up to REASONS_KEPT short reasons."""
    if not isinstance(value, list):
        return ()
    return tuple(r for r in (clean_text(v, 120) for v in value[:REASONS_KEPT]) if r)


def _score(value: object) -> float | None:
    """Return a score in 0..1, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= 1 else None


def _subject(value: object) -> str | None:
    """Return the evidence's subject (e.g. the account imitated), if any."""
    text = clean_text(value, 120) if isinstance(value, str) else ""
    return text or None


def action_for(rule: str) -> str:
    """Return what the Clerk should do about a rule's finding."""
    try:
        return by_rule(rule).action
    except KeyError:
        return "Review the finding."


def post_link(platform: str, handle: str, post_id: str | None, stored: str | None) -> str:
    """Return a safe http(s) link to a post, or to the profile when there is no post."""
    if stored and _safe_url(stored):
        return stored.strip()
    user = quote(handle.lstrip("@"), safe="")
    if platform == "x":
        if post_id and post_id.isdigit():
            return f"https://x.com/{user}/status/{post_id}"
        return f"https://x.com/{user}"
    if platform == "facebook":
        return f"https://www.facebook.com/{quote(post_id, safe='_')}" if post_id else f"https://www.facebook.com/{user}"
    return ""


def profile_link(platform: str, handle: str) -> str:
    """Return a link to an account's profile."""
    return post_link(platform, handle, None, None)


def _safe_url(url: str) -> bool:
    """Say whether a stored URL may be shown as a link (http or https only, no spaces or controls)."""
    url = url.strip()
    if not url.lower().startswith(("https://", "http://")) or len(url) > 2000:
        return False
    return all(ch.isprintable() and not ch.isspace() for ch in url)


def _needs_action(items: Iterable[Item], as_of: datetime) -> dict[str, tuple[Item, ...]]:
    """Return the findings still unresolved, by severity, longest open first."""
    out: dict[str, list[Item]] = {s: [] for s in SEVERITIES}
    for item in items:
        if item.first_seen < as_of and (item.state in UNRESOLVED or (item.closed_at and item.closed_at > as_of)):
            out.setdefault(item.severity, []).append(item)
    return {sev: tuple(sorted(found, key=lambda i: (i.first_seen, i.id))) for sev, found in out.items()}


def imitated(config: Config, subject: str | None) -> str | None:
    """Return the registered account a lookalike's subject ("x:brackleytc") names, as people write it."""
    if not subject:
        return None
    platform, _, handle = subject.partition(":")
    found = config.registry.get((platform, handle_key(handle)))
    if found is None:
        return subject
    name = found.ref.handle.lstrip("@")
    return f"{PLATFORM_NAMES.get(platform, platform)} @{name}" if platform == "x" else f"Facebook {name}"


def _lookalike_order(item: Item) -> tuple[int, datetime, int]:
    """Order lookalikes: unresolved first, then oldest."""
    return (0 if item.state in UNRESOLVED else 1, item.first_seen, item.id)


# --- the week in numbers --------------------------------------------------------------------------


def _numbers(conn: Connection, period: Period) -> Numbers:
    """Return findings per rule and severity for this week and the four before, and closures."""
    weeks = tuple(period.week.shifted(i - WEEKS_COMPARED + 1) for i in range(WEEKS_COMPARED))
    bounds = [w.start(period.zone) for w in weeks] + [period.as_of]
    bucket = case(*((and_(F.c.first_seen >= lo, F.c.first_seen < hi), literal(i))
                    for i, (lo, hi) in enumerate(itertools.pairwise(bounds))), else_=literal(-1))
    query = (select(bucket.label("bucket"), F.c.rule, F.c.severity, func.count().label("n"))
             .where(F.c.first_seen >= bounds[0], F.c.first_seen < bounds[-1])
             .group_by(bucket, F.c.rule, F.c.severity))
    per_rule: dict[str, list[int]] = {c.rule: [0] * WEEKS_COMPARED for c in CHECKS}
    per_sev: dict[str, list[int]] = {s: [0] * WEEKS_COMPARED for s in SEVERITIES}
    for row in conn.execute(query):
        if row.bucket < 0:
            continue
        per_rule.setdefault(row.rule, [0] * WEEKS_COMPARED)[row.bucket] += row.n
        per_sev.setdefault(row.severity, [0] * WEEKS_COMPARED)[row.bucket] += row.n
    closed = _closed_this_week(conn, period)
    return Numbers(
        weeks=weeks,
        by_rule=tuple(RuleCounts(rule, _summary(rule), tuple(counts)) for rule, counts in per_rule.items()),
        by_severity={s: tuple(c) for s, c in per_sev.items()},
        totals=tuple(sum(col) for col in zip(*per_rule.values(), strict=True)),
        resolved=closed.get("resolved", 0),
        dismissed=closed.get("dismissed", 0),
        open_by_severity=_open_counts(conn, period.as_of),
    )


def _summary(rule: str) -> str:
    """Return a rule's one-line summary, or '' for a rule this version does not know."""
    try:
        return by_rule(rule).summary
    except KeyError:
        return ""


def _closed_this_week(conn: Connection, period: Period) -> dict[str, int]:
    """Return how many findings were resolved and dismissed during the week."""
    query = (select(F.c.state, func.count().label("n"))
             .where(F.c.state.in_(CLOSED), F.c.closed_at >= period.start, F.c.closed_at < period.as_of)
             .group_by(F.c.state))
    return {row.state: row.n for row in conn.execute(query)}


def _open_counts(conn: Connection, as_of: datetime) -> dict[str, int]:
    """Return how many findings were unresolved at the moment, by severity."""
    query = select(F.c.severity, func.count().label("n")).where(open_at(as_of)).group_by(F.c.severity)
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    counts.update({row.severity: row.n for row in conn.execute(query)})
    return counts


# --- accounts -------------------------------------------------------------------------------------


def _account_lines(conn: Connection, config: Config, period: Period) -> Iterable[AccountLine]:
    """Return one line per registered account: official ones first, then councillors by name."""
    missing = _missing_disclaimers(conn, period.as_of)
    # The registry keeps the configuration's order: official accounts, then councillors as the Clerk listed them.
    for (platform, key), reg in config.registry.items():
        stored = conn.execute(select(A.c.first_seen, A.c.last_post_at)
                              .where(A.c.platform == platform, A.c.handle_key == key)).first()
        read = stored is not None and stored.first_seen <= period.as_of
        last_post = _last_post(conn, platform, key, period.as_of, stored.last_post_at if stored else None)
        line = AccountLine(
            platform=platform, handle=reg.ref.handle.lstrip("@"), owner=_owner(reg), role=reg.role,
            monitorable=reg.ref.monitorable, link=profile_link(platform, reg.ref.handle), read=read,
            disclaimer=_disclaimer_status(config, reg, read, missing.get((platform, key)), period.zone),
            last_post=last_post, posts_this_week=_posts_between(conn, platform, key, period.start, period.as_of),
        )
        if reg.role == "official" and reg.ref.monitorable:
            line = _with_service(conn, config, period, line, key)
        yield line


def _owner(reg: Registered) -> str:
    """Return whose account it is."""
    return reg.councillor.name if reg.councillor else "The Council"


def _missing_disclaimers(conn: Connection, as_of: datetime) -> dict[tuple[str, str], datetime]:
    """Return when each account's unresolved missing-disclaimer finding was first seen."""
    query = select(F.c.platform, F.c.handle, F.c.first_seen).where(F.c.rule == "missing-disclaimer", open_at(as_of))
    out: dict[tuple[str, str], datetime] = {}
    for row in conn.execute(query):
        key = (row.platform, handle_key(row.handle))
        out[key] = min(out.get(key, row.first_seen), row.first_seen)
    return out


def _disclaimer_status(config: Config, reg: Registered, read: bool, missing_since: datetime | None,
                       zone: ZoneInfo) -> str:
    """Return the disclaimer status of a registered account, in words."""
    if reg.role != "councillor":
        return "not needed (official account)"
    if not reg.ref.monitorable:
        return "not checked: no API can read this account"
    if not config.checks.for_rule("missing-disclaimer").enabled:
        return "not checked: the missing-disclaimer check is switched off"
    if missing_since is not None:
        return f"missing since {missing_since.astimezone(zone):%d %b %Y}"
    return "present" if read else "not checked yet: the account has not been read"


def _last_post(conn: Connection, platform: str, key: str, before: datetime, stored: datetime | None) -> datetime | None:
    """Return the newest post before a moment (the account row remembers it past post retention)."""
    found = conn.execute(select(func.max(P.c.created_at))
                         .where(P.c.platform == platform, P.c.handle_key == key, P.c.created_at < before)).scalar()
    candidates = [t for t in (found, stored) if t is not None and t < before]
    return max(candidates, default=None)


def _posts_between(conn: Connection, platform: str, key: str, start: datetime, end: datetime) -> int:
    """Return how many posts an account made in a window (an index range scan)."""
    query = select(func.count()).select_from(P).where(
        P.c.platform == platform, P.c.handle_key == key, P.c.created_at >= start, P.c.created_at < end)
    return int(conn.execute(query).scalar() or 0)


def _with_service(conn: Connection, config: Config, period: Period, line: AccountLine, key: str) -> AccountLine:
    """Return an official account's line with its reply times and longest silence."""
    return replace(line, replies=_replies(conn, config, period, line.platform, key),
                   silence=_silence(conn, config, period, line.platform, key, line.last_post))


def is_question(text: str) -> bool:
    """Say whether a reply to the council asks something (the same test as the SQL filter)."""
    return "?" in text


def _replies(conn: Connection, config: Config, period: Period, platform: str, key: str) -> Replies:
    """Return reply times to residents' questions asked this week (replies to the account's posts)."""
    q, o = P.alias("q"), P.alias("o")
    to_account = (select(o.c.id).where(o.c.platform == platform, o.c.platform == q.c.platform,
                                       o.c.post_id == q.c.reply_to, o.c.handle_key == key).exists())
    # Driven by the week's posts (index on created_at), each checked against the account through the
    # unique (platform, post_id) index: the cost follows the week's volume, not the account's history.
    # The platform is tested inside EXISTS so that the (platform, reply_to) index does not tempt the
    # planner into walking every reply ever stored. "?" anywhere in the text makes a reply a question.
    questions = select(q.c.post_id, q.c.created_at).where(
        q.c.created_at >= period.start, q.c.created_at < period.as_of, q.c.handle_key != key,
        q.c.text.contains("?"), to_account)
    first_reply = _first_replies(conn, platform, key, period)
    waits: list[tuple[float, bool]] = []
    for row in conn.execute(questions):
        answered_at = first_reply.get(row.post_id)
        answered = answered_at is not None and answered_at >= row.created_at
        until = answered_at if answered and answered_at else period.as_of
        hours = office_hours_between(row.created_at, until, config.office_hours, config.zone)
        waits.append((hours, not answered))
    return _reply_stats(waits, config.targets.reply_within_office_hours)


def _first_replies(conn: Connection, platform: str, key: str, period: Period) -> dict[str, datetime]:
    """Return when the account first replied to each post, among its replies made this week."""
    # A reply to a question asked this week is itself made this week (before as_of): one index range
    # over the account's own posts answers every question at once.
    query = (select(P.c.reply_to, func.min(P.c.created_at).label("at"))
             .where(P.c.platform == platform, P.c.handle_key == key, P.c.created_at >= period.start,
                    P.c.created_at < period.as_of, P.c.reply_to.is_not(None))
             .group_by(P.c.reply_to))
    return {row.reply_to: row.at for row in conn.execute(query)}


def _reply_stats(waits: Sequence[tuple[float, bool]], target: float) -> Replies:
    """Return the median and slowest wait; an unanswered question counts with its wait so far."""
    if not waits:
        return Replies(0, 0, None, None, False, 0, target)
    slowest = max(waits, key=lambda w: (w[0], w[1]))
    return Replies(
        questions=len(waits), answered=sum(1 for _, waiting in waits if not waiting),
        median_hours=statistics.median(h for h, _ in waits), slowest_hours=slowest[0],
        slowest_waiting=slowest[1], over_target=sum(1 for h, _ in waits if h > target), target_hours=target,
    )


def _silence(conn: Connection, config: Config, period: Period, platform: str, key: str,
             last_post: datetime | None) -> Silence | None:
    """Return the longest stretch without a post between the last post before the week and its end."""
    times = [row[0] for row in conn.execute(
        select(P.c.created_at).where(P.c.platform == platform, P.c.handle_key == key,
                                     P.c.created_at >= period.start, P.c.created_at < period.as_of)
        .order_by(P.c.created_at))]
    before = _last_post(conn, platform, key, period.start, None)
    if before is None and not times and last_post is None:
        return None
    marks = ([before] if before else []) + times + [period.as_of]
    if len(marks) < 2:
        return None
    since, until = max(itertools.pairwise(marks), key=lambda pair: pair[1] - pair[0])
    return Silence(since=since, until=until, limit=timedelta(days=config.targets.silence_limit_days))


# --- pre-election ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """An election's pre-election period, and how much of it the report covers."""

    election: Election
    start: datetime
    end: datetime
    until: datetime


def election_windows(config: Config, period: Period) -> list[Window]:
    """Return the elections whose period is running, coming, or ended during this week, by polling day."""
    out = []
    for election in sorted(config.elections, key=lambda e: e.polling_day):
        start, end = election.period(config.zone)
        if end >= period.start:
            out.append(Window(election, start, end, min(end, period.as_of)))
    return out


def _elections(windows: Sequence[Window], period: Period, items: Sequence[Item]) -> Iterable[ElectionStatus]:
    """Return each election's state and the pre-election findings of its period so far."""
    today = period.last_day
    for w in windows:
        state: Literal["active", "coming", "over"] = (
            "coming" if period.as_of < w.start else "active" if period.as_of <= w.end else "over")
        found = tuple(i for i in items if i.rule == "pre-election" and w.start <= i.first_seen < w.until)
        yield ElectionStatus(name=w.election.name, polling_day=w.election.polling_day, start=w.start, end=w.end,
                             state=state, days_to_poll=(w.election.polling_day - today).days, findings=found)


# --- coverage -------------------------------------------------------------------------------------


def _coverage(conn: Connection, config: Config, period: Period, accounts: Sequence[AccountLine]) -> Coverage:
    """Return what was not checked this week and why, and what reading cost."""
    disabled = tuple(p for p in ("x", "facebook") if not getattr(config.platforms, p).enabled
                     and any(a.platform == p for a in accounts))
    month_start = period.last_day.replace(day=1)
    sources, tokens = _sources(conn, period)
    return Coverage(
        unreadable=tuple(a for a in accounts if not a.monitorable),
        never_read=tuple(a for a in accounts if a.monitorable and not a.read and a.platform not in disabled),
        disabled_platforms=disabled,
        disabled_rules=tuple(c.rule for c in CHECKS if not config.checks.for_rule(c.rule).enabled),
        sources=sources,
        tokens=tokens,
        runs=_run_tallies(conn, period),
        failures=_run_failures(conn, period),
        gaps=tuple(_poll_gaps(conn, config, period, accounts, disabled)),
        skipped=_skipped(conn, period),
        spend_week=_spend(conn, period.week.monday, period.last_day),
        spend_month=_spend(conn, month_start, period.last_day),
        month_label=f"{month_start:%B %Y} to {period.last_day:%d %b}",
        budget_x=config.platforms.x.monthly_budget_usd,
        gap_threshold=gap_threshold(config),
    )


def gap_threshold(config: Config) -> timedelta:
    """Return how long without a successful poll counts as a gap in coverage."""
    return max(timedelta(hours=3), timedelta(minutes=4 * config.schedule.min_poll_minutes))


def _sources(conn: Connection, period: Period) -> tuple[tuple[SourceLine, ...], tuple[SourceLine, ...]]:
    """Return sources that were down at the moment or changed during the week; tokens apart."""
    lines = [SourceLine(row.source, row.state, row.since, clean_text(row.last_error or "", 300))
             for row in conn.execute(select(H).order_by(H.c.source))
             if row.since <= period.as_of and (row.state != "up" or row.since >= period.start)]
    tokens = tuple(s for s in lines if "token" in s.source)
    return tuple(s for s in lines if "token" not in s.source), tokens


def _run_tallies(conn: Connection, period: Period) -> tuple[RunTally, ...]:
    """Return how many runs of each job ended ok, partial or failed this week."""
    query = (select(R.c.job, R.c.status, func.count().label("n"))
             .where(R.c.started_at >= period.start, R.c.started_at < period.as_of)
             .group_by(R.c.job, R.c.status))
    counts: dict[str, dict[str, int]] = {}
    for row in conn.execute(query):
        counts.setdefault(row.job, {})[row.status] = row.n
    return tuple(RunTally(job, c.get("ok", 0), c.get("partial", 0), c.get("failed", 0))
                 for job, c in sorted(counts.items()))


def _run_failures(conn: Connection, period: Period) -> tuple[RunFailure, ...]:
    """Return the latest failed or partial runs of the week."""
    query = (select(R.c.job, R.c.started_at, R.c.status, R.c.error)
             .where(R.c.started_at >= period.start, R.c.started_at < period.as_of,
                    R.c.status.in_(("failed", "partial")))
             .order_by(R.c.started_at.desc(), R.c.id.desc()).limit(RUN_FAILURES_LISTED))
    return tuple(RunFailure(row.job, row.started_at, row.status, clean_text(row.error or "", 300))
                 for row in conn.execute(query))


def _poll_gaps(conn: Connection, config: Config, period: Period, accounts: Sequence[AccountLine],
               disabled: Sequence[str]) -> Iterable[Gap]:
    """Return stretches of the week longer than the threshold with no successful poll of a platform."""
    threshold = gap_threshold(config)
    polled = sorted({a.platform for a in accounts if a.monitorable and a.platform not in disabled})
    for platform in polled:
        job = f"poll:{platform}"
        ok = R.c.status.in_(("ok", "partial"))
        before = conn.execute(select(func.max(R.c.started_at))
                              .where(R.c.job == job, ok, R.c.started_at < period.start)).scalar()
        times = [row[0] for row in conn.execute(
            select(R.c.started_at).where(R.c.job == job, ok, R.c.started_at >= period.start,
                                         R.c.started_at < period.as_of).order_by(R.c.started_at))]
        marks = [before or period.start, *times, period.as_of]
        for since, until in itertools.pairwise(marks):
            if until - since > threshold:
                yield Gap(platform, since, until)


def _skipped(conn: Connection, period: Period) -> tuple[Skipped, ...]:
    """Return reads skipped this week to stay within the budget."""
    query = (select(S.c.platform, S.c.kind, func.sum(S.c.count).label("n"), func.sum(S.c.usd).label("usd"))
             .where(S.c.kind.like("skipped%"), S.c.day >= period.week.monday, S.c.day <= period.last_day)
             .group_by(S.c.platform, S.c.kind).order_by(S.c.platform, S.c.kind))
    return tuple(Skipped(row.platform, row.kind, int(row.n or 0), float(row.usd or 0)) for row in conn.execute(query)
                 if row.n)


def _spend(conn: Connection, first: date, last: date) -> dict[str, float]:
    """Return the money spent on reads per platform between two dates (inclusive)."""
    query = (select(S.c.platform, func.sum(S.c.usd).label("usd"))
             .where(~S.c.kind.like("skipped%"), S.c.day >= first, S.c.day <= last)
             .group_by(S.c.platform))
    return {row.platform: round(float(row.usd or 0), 2) for row in conn.execute(query)}
