"""What the weekly report says, as plain frozen data: the templates, the chart and the CSV read only these.

monitor/report/data.py fills them from the store (monitor/store/weekly.py). Times are UTC; the templates
show them in the council's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from monitor.config import Election
from monitor.report.schedule import Week


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
    # The account's display name, when the store holds one (a resident is known by name, not by a number).
    name: str = ""
    # What became of the finding's own alert ("alert sent 09:14 Tue 24 Nov"), or "" when it had none.
    delivery: str = ""


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
    """How fast an official account answered residents' questions asked this week (office hours).

    A question, its answer and "over the target" are the `unanswered` check's (monitor/checks/attention.py),
    so these counts and that rule's findings agree. Questions asked before the week (as far back as the
    check's history reaches) that the rule holds late are counted apart, with how many still have no reply.
    """

    questions: int
    answered: int
    median_hours: float | None
    slowest_hours: float | None
    slowest_waiting: bool
    over_target: int
    target_hours: float
    earlier_over_target: int = 0
    earlier_waiting: int = 0


@dataclass(frozen=True)
class Silence:
    """The longest stretch this week without a post (counted from the last post before it)."""

    since: datetime
    until: datetime
    limit: timedelta
    # As the `unattended` check judges it (monitor/checks/attention.py: too_silent).
    over_limit: bool

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
    budgets: dict[str, float]  # the monthly read budget of each platform that bills for reads
    gap_threshold: timedelta
    requests_week: dict[str, int]  # requests made to each free platform this week (polls and re-checks)

    @property
    def complete(self) -> bool:
        """Say whether everything registered was checked all week."""
        return not (self.unreadable or self.never_read or self.disabled_platforms or self.disabled_rules
                    or self.gaps or self.skipped or self.failures
                    or any(s.state != "up" for s in (*self.sources, *self.tokens)))


@dataclass(frozen=True)
class Closed:
    """A finding closed this week: how (fixed or dismissed, the reason and the note), by whom, and how long it
    was open."""

    id: int
    rule: str
    platform: str
    handle: str
    state: str  # fixed | dismissed
    by: str
    reason: str
    note: str
    closed_at: datetime
    time_to_close: timedelta

    @property
    def how(self) -> str:
        """Say how it was closed: "fixed: deleted between ...", "dismissed by jclerk as a false positive: ..."."""
        by = f" by {self.by}" if self.by else ""
        if self.state == "dismissed":
            return f"dismissed{by} as a false positive" + (f": {self.note}" if self.note else "")
        if self.by != "monitor":
            return f"marked fixed{by}" + (f": {self.note}" if self.note else "")
        # The monitor's own closing: its note starts with the reason when it says more ("deleted between ...").
        return "fixed: " + (self.note if self.note.startswith(self.reason) and self.note else self.reason)


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
    # Findings closed this week, and the median time to close of those closed in the last four weeks.
    closed: tuple[Closed, ...] = ()
    median_to_close: timedelta | None = None


@dataclass(frozen=True)
class Window:
    """An election's pre-election period, and how much of it the report covers."""

    election: Election
    start: datetime
    end: datetime
    until: datetime

