"""The X budget plan: how often X can be polled this month for the money left, and a pause when it is spent.

X bills every post and user read, so the poll interval follows the month's spend and the last week's
measured reads (monitor.platforms.budget does the sums). The plan is read before each X cycle and by the
lookalike sweep; a spent budget blinds X (the "x-budget" source) until the month turns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from monitor.config import Config
from monitor.jobs.health import BUDGET_SOURCE, observe
from monitor.jobs.host import Host
from monitor.platforms.budget import BUDGETED, POST_READ, USER_READ, Plan, Workload, month_bounds, plan_interval
from monitor.platforms.http import SourceError
from monitor.platforms.registry import platform
from monitor.store.db import session_scope
from monitor.store.recheck import open_to_recheck
from monitor.store.runs import spend_between

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")


def budget_plan(session: Session, config: Config, now: datetime) -> Plan:
    """Return the X polling plan from this month's spend, the last week's reads and what is open to re-check."""
    start, _ = month_bounds(now)
    today = now.astimezone(UTC).date()
    rows = [r for r in spend_between(session, min(start.date(), today - timedelta(days=7)), today)
            if r.platform == BUDGETED]
    spent = sum(r.usd for r in rows if r.day >= start.date())
    posts, accounts = open_to_recheck(session, BUDGETED)
    workload = replace(measured_workload(config, rows, today), recheck_posts=posts, recheck_accounts=accounts)
    return plan_interval(config, now, spent, workload, timedelta(minutes=platform(BUDGETED).recheck_minutes))


def measured_workload(config: Config, rows: Sequence[Any], today: Any) -> Workload:
    """Return the X workload measured over the complete days of the last week, or the first guess."""
    guess = Workload.estimate(config)
    days = {r.day for r in rows if today - timedelta(days=7) <= r.day < today}
    if not days:
        return guess
    posts = sum(r.count for r in rows if r.day in days and r.kind == POST_READ) / len(days)
    users = sum(r.count for r in rows if r.day in days and r.kind == USER_READ) / len(days)
    profiles = guess.accounts * (24 / getattr(config.platforms, BUDGETED).profile_refresh_hours)
    return replace(guess, posts_per_day=posts, reply_authors_per_day=max(0.0, users - profiles))


def pause_for_budget(daemon: Host, plan: Plan, now: datetime) -> None:
    """The month's X budget is spent: tell the Clerk once, and poll X again when the month turns."""
    error = SourceError(BUDGETED, "budget", plan.message, retry_at=plan.resume_at)
    with session_scope(daemon.engine) as session:
        queued = observe(session, daemon.config, BUDGET_SOURCE, error, now)
    if plan.resume_at is not None:
        daemon.postpone(f"poll:{BUDGETED}", plan.resume_at)
    if queued:
        daemon.kick("outbox")


def note_plan(daemon: Host, plan: Plan) -> None:
    """Log the budget plan when its state changes (ok, stretched, over budget)."""
    if daemon.plan_state == plan.state:
        return
    daemon.plan_state = plan.state
    level = logging.WARNING if plan.state in ("over_budget", "exhausted") else logging.INFO
    log.log(level, "X budget: %s", plan.message)
