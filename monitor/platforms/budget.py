"""What X reads cost, and how to poll so that a month stays within its budget.

Pure functions: the store keeps the spend (SpendRow: day, platform, kind, count, usd) and hands the
month's total back to plan_interval().

The cost model (X pay-per-use, 2026 rate card; prices come from config.platforms.x):
* every post returned costs post_read_usd, every user returned user_read_usd (twice as much), each
  billed once per UTC day however often it is read again that day;
* with since_id cursors every new post is read about once, so the monthly cost follows the number of
  new posts, not the polling interval. What the interval changes is only the reads that recur per
  cycle (`overhead_reads_per_cycle`: zero for this adapter, large for a naive poller);
* profile refreshes (one user read per registered account each time) and the lookalike sweep (one
  user read per lookalike that exists) are the discretionary spend;
* re-checking what has open findings (monitor/jobs/recheck.py) reads each such post (a post read) and
  profile (a user read) again, up to 100 a request: once a day or more often costs the same, since X
  bills an item once per UTC day; its spend is kept under kinds of its own, so the polling workload
  measured from the spend does not count it twice.

So when the month's projection exceeds the budget, the planner first stretches profile refreshes to
weekly, then shrinks the lookalike sweep, then stretches the interval (which helps only as far as
reads recur per cycle). Posts are never skipped while money is left: if the projection still exceeds
the budget the plan says so early ("over_budget"), so the Clerk can raise the budget in time; only
when the month's budget is spent does polling pause ("exhausted") until the month turns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from monitor.config import Config
from monitor.platforms.base import Usage

POST_READ = "post_read"
USER_READ = "user_read"
RECHECK_KINDS = ("recheck_post_read", "recheck_user_read")  # the re-check's spend, beside polling's
RECHECK_BATCH = 100  # GET /2/tweets?ids= and GET /2/users?ids= take 100 ids a request
DAILY = timedelta(days=1)
WEEKLY = timedelta(days=7)
MAX_INTERVAL = timedelta(hours=6)
PlanState = Literal["ok", "stretched", "over_budget", "exhausted"]


# The platform whose reads this budget plans (pay-per-use); its health has a "-budget" source.
BUDGETED = "x"


@dataclass(frozen=True)
class Prices:
    """What one read costs on a platform, in US dollars."""

    post_read_usd: float = 0.0
    user_read_usd: float = 0.0

    @classmethod
    def of(cls, config: Config, platform: str) -> Prices:
        """Return a platform's prices: X's from the config; the Graph API does not charge for reads."""
        if platform == "x":
            return cls(config.platforms.x.post_read_usd, config.platforms.x.user_read_usd)
        return cls()

    def cost(self, usage: Usage) -> float:
        """Return what some usage costs."""
        return usage.post_reads * self.post_read_usd + usage.user_reads * self.user_read_usd


@dataclass(frozen=True)
class SpendEntry:
    """Billable reads of one kind on one platform and UTC day: one SpendRow's increment."""

    day: date
    platform: str
    kind: str
    count: int
    usd: float


def spend_entries(platform: str, now: datetime, usage: Usage, prices: Prices,
                  kinds: tuple[str, str] = (POST_READ, USER_READ)) -> list[SpendEntry]:
    """Return the spend increments a fetch's usage adds to the UTC day it ran on (kinds with reads only)."""
    day = now.astimezone(UTC).date()
    pairs = ((kinds[0], usage.post_reads, prices.post_read_usd), (kinds[1], usage.user_reads, prices.user_read_usd))
    return [SpendEntry(day, platform, kind, count, count * price) for kind, count, price in pairs if count]


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Return the start of now's calendar month (UTC) and of the next one."""
    start = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, (start + timedelta(days=32)).replace(day=1)


def month_spend(entries: Iterable[SpendEntry], platform: str, now: datetime) -> float:
    """Return what a platform has spent in now's month."""
    start, end = month_bounds(now)
    return sum(e.usd for e in entries if e.platform == platform and start.date() <= e.day < end.date())


@dataclass(frozen=True)
class Workload:
    """What polling X reads per day, measured over recent days (or estimated before there are any)."""

    # Post reads per day from polling: new posts, residents' replies and the originals they point at.
    posts_per_day: float
    # Registered X accounts: one user read each per profile refresh.
    accounts: int
    # User reads per day for the authors of residents' replies.
    reply_authors_per_day: float = 0.0
    # Share of lookalike lookups that find an account (and so bill a user read).
    lookalike_hit_rate: float = 0.05
    # Post reads that recur every cycle whatever is new (0 with since_id cursors).
    overhead_reads_per_cycle: float = 0.0
    # Posts and profiles with open findings, re-read by the re-check job.
    recheck_posts: int = 0
    recheck_accounts: int = 0

    @property
    def recheck_requests(self) -> int:
        """Return the batched requests one re-check of everything open takes."""
        return math.ceil(self.recheck_posts / RECHECK_BATCH) + math.ceil(self.recheck_accounts / RECHECK_BATCH)

    @classmethod
    def estimate(cls, config: Config, posts_per_account_per_day: float = 3.0) -> Workload:
        """Return a first guess for a council before any spend is recorded."""
        accounts = sum(1 for platform, _ in config.registry if platform == "x")
        officials = sum(1 for ref in config.official if ref.platform == "x")
        replies = 5.0 * officials
        return cls(posts_per_day=accounts * posts_per_account_per_day + replies, accounts=accounts,
                   reply_authors_per_day=replies)


@dataclass(frozen=True)
class Plan:
    """How to poll X for now: the interval, profile refreshes, lookalike lookups, and why."""

    interval: timedelta
    refresh_every: timedelta
    lookalike_lookups_per_day: int
    state: PlanState
    spent_usd: float
    budget_usd: float
    projected_usd: float
    message: str
    resume_at: datetime | None = None
    # How often what has open findings is re-read, and the batched requests one re-check takes.
    recheck_every: timedelta = timedelta(hours=1)
    recheck_requests: int = 0

    @property
    def paused(self) -> bool:
        """Say whether X polling must wait for the next month."""
        return self.state == "exhausted"


def daily_cost(config: Config, workload: Workload, interval: timedelta, refresh_every: timedelta,
               lookups_per_day: int, recheck_every: timedelta = DAILY) -> float:
    """Return what one day of polling and re-checking costs under some settings."""
    x = config.platforms.x
    cycles = timedelta(days=1) / interval
    # An item is billed once per UTC day: re-reading it more often than daily costs nothing more.
    rechecks = min(1.0, DAILY / recheck_every)
    post_reads = workload.posts_per_day + cycles * workload.overhead_reads_per_cycle + rechecks * workload.recheck_posts
    user_reads = (workload.reply_authors_per_day + workload.accounts * (timedelta(days=1) / refresh_every)
                  + lookups_per_day * workload.lookalike_hit_rate + rechecks * workload.recheck_accounts)
    return post_reads * x.post_read_usd + user_reads * x.user_read_usd


def plan_interval(config: Config, now: datetime, spent_usd: float, workload: Workload,
                  recheck_every: timedelta = timedelta(hours=1)) -> Plan:
    """Return the polling plan that keeps the month's X spend within config.platforms.x.monthly_budget_usd."""
    x, schedule = config.platforms.x, config.schedule
    budget = x.monthly_budget_usd
    _, month_end = month_bounds(now)
    days_left = max((month_end - now).total_seconds() / 86400, 0.0)
    full = Plan(interval=timedelta(minutes=schedule.min_poll_minutes),
                refresh_every=timedelta(hours=x.profile_refresh_hours),
                lookalike_lookups_per_day=x.lookalike_lookups_per_day, state="ok", spent_usd=spent_usd,
                budget_usd=budget, projected_usd=0.0, message="", recheck_every=recheck_every,
                recheck_requests=workload.recheck_requests)
    if spent_usd >= budget:
        return replace(full, state="exhausted", projected_usd=spent_usd, resume_at=month_end, message=(
            f"the X budget for this month is used up (${spent_usd:.2f} of ${budget:.2f}); X polling pauses until "
            f"{month_end.day} {month_end:%B} (raise platforms.x.monthly_budget_usd to resume sooner)"))
    plan = _project(config, workload, full, spent_usd, days_left)
    for step in (_weekly_profiles, _fewer_lookups, _rarer_rechecks, _longer_interval):
        if plan.projected_usd <= budget:
            break
        plan = _project(config, workload, step(config, workload, plan, budget, days_left), spent_usd, days_left)
    return _conclude(plan, full, budget)


def _project(config: Config, workload: Workload, plan: Plan, spent: float, days_left: float) -> Plan:
    """Return the plan with the month's projected spend filled in."""
    daily = daily_cost(config, workload, plan.interval, plan.refresh_every, plan.lookalike_lookups_per_day,
                       plan.recheck_every)
    return replace(plan, projected_usd=spent + daily * days_left)


def _weekly_profiles(config: Config, workload: Workload, plan: Plan, budget: float, days_left: float) -> Plan:
    """Re-read profiles weekly instead (a changed bio is found a few days later)."""
    return replace(plan, refresh_every=max(plan.refresh_every, WEEKLY))


def _fewer_lookups(config: Config, workload: Workload, plan: Plan, budget: float, days_left: float) -> Plan:
    """Cut the lookalike sweep to what the money left can pay for."""
    if workload.lookalike_hit_rate <= 0 or days_left <= 0:
        return plan
    without = daily_cost(config, workload, plan.interval, plan.refresh_every, 0)
    spare = (budget - plan.spent_usd) / days_left - without
    affordable = spare / (workload.lookalike_hit_rate * config.platforms.x.user_read_usd)
    return replace(plan, lookalike_lookups_per_day=max(0, min(plan.lookalike_lookups_per_day, math.floor(affordable))))


def _rarer_rechecks(config: Config, workload: Workload, plan: Plan, budget: float, days_left: float) -> Plan:
    """Re-check what is open less often than daily, as far as the money left needs (at most weekly)."""
    x = config.platforms.x
    per_day = workload.recheck_posts * x.post_read_usd + workload.recheck_accounts * x.user_read_usd
    if per_day <= 0 or days_left <= 0:
        return plan
    without = daily_cost(config, replace(workload, recheck_posts=0, recheck_accounts=0), plan.interval,
                         plan.refresh_every, plan.lookalike_lookups_per_day)
    spare = (budget - plan.spent_usd) / days_left - without
    days = WEEKLY.days if spare <= 0 else min(WEEKLY.days, max(1, math.ceil(per_day / spare)))
    return replace(plan, recheck_every=max(plan.recheck_every, timedelta(days=days)))


def _longer_interval(config: Config, workload: Workload, plan: Plan, budget: float, days_left: float) -> Plan:
    """Poll less often, as far as reads recur per cycle (at most every six hours)."""
    per_cycle = workload.overhead_reads_per_cycle * config.platforms.x.post_read_usd
    if per_cycle <= 0 or days_left <= 0:
        return plan
    fixed = daily_cost(config, replace(workload, overhead_reads_per_cycle=0), plan.interval, plan.refresh_every,
                       plan.lookalike_lookups_per_day, plan.recheck_every)
    spare = (budget - plan.spent_usd) / days_left - fixed
    if spare <= 0:
        return replace(plan, interval=MAX_INTERVAL)
    minutes = math.ceil(24 * 60 * per_cycle / spare)  # whole minutes, rounded up so the month still fits
    return replace(plan, interval=min(MAX_INTERVAL, max(plan.interval, timedelta(minutes=minutes))))


def _conclude(plan: Plan, full: Plan, budget: float) -> Plan:
    """Name the plan's state and say in a sentence what it means."""
    if plan.projected_usd > budget + 1e-9:
        return replace(plan, state="over_budget", message=(
            f"X reads will cost about ${plan.projected_usd:.2f} this month, over the ${budget:.2f} budget, even "
            "with weekly profile checks and no lookalike sweep; raise platforms.x.monthly_budget_usd or register "
            "fewer accounts (polling carries on until the budget is spent)"))
    changes = []
    if plan.refresh_every != full.refresh_every:
        changes.append("profiles weekly")
    if plan.lookalike_lookups_per_day != full.lookalike_lookups_per_day:
        changes.append(f"{plan.lookalike_lookups_per_day} lookalike lookups a day")
    if plan.recheck_every != full.recheck_every:
        changes.append(f"open findings re-checked every {plan.recheck_every.days} day(s)")
    if plan.interval != full.interval:
        changes.append(f"polling every {plan.interval.total_seconds() / 60:.0f} minutes")
    if changes:
        return replace(plan, state="stretched", message=f"to stay within the ${budget:.2f} X budget: "
                       + ", ".join(changes) + f" (about ${plan.projected_usd:.2f} this month)")
    return replace(plan, message=f"about ${plan.projected_usd:.2f} of the ${budget:.2f} X budget this month")
