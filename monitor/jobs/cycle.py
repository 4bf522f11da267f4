"""The poll cycle, the heart of the monitor (one platform at a time).

1. read the store: the history the checks need, the platform's cursors, whether profiles are due a
   refresh, and (X) the month's spend for the budget plan;
2. fetch through the adapter and run every check on the new records against that history (poll_once);
3. in ONE transaction: store the batches and their cursors, record the findings (open -> alerted ->
   acknowledged/dismissed/resolved, keyed by rule and subject), queue the alerts of new or reopened
   findings of immediate severity and mark them alerted, add the spend and the run row, and note
   whether the platform could be seen. A crash (kill -9) before the commit leaves nothing (the next
   cycle fetches the same posts again, as the cursors did not move); after it, everything.

The lookalike sweep and the digest reuse its steps: queue_alerts, finding_of, record_usage, from_now.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import cast

from sqlmodel import Session, select

from monitor import alerts, sdnotify
from monitor.checks import Context, History
from monitor.config import Config
from monitor.engine import enabled_checks
from monitor.jobs.budget import budget_plan, note_plan, pause_for_budget
from monitor.jobs.health import blind_platforms, observations, observe
from monitor.jobs.host import Host
from monitor.jobs.notices import queue_notices
from monitor.platforms.base import Batch, Usage
from monitor.platforms.budget import BUDGETED, Plan, Prices, spend_entries
from monitor.poll import PollResult, poll_once
from monitor.records import Finding, Post, Severity
from monitor.store.archive import archive_posts
from monitor.store.db import session_scope
from monitor.store.due import claim_due, ensure_due, pending_due
from monitor.store.evidence import RecordLookup, record_lookup
from monitor.store.findings import Scope, evaluated_scopes, mark_alerted, record_findings, stored_subject
from monitor.store.models import CursorRow, FindingRow
from monitor.store.repo import get_cursors, load_history, save_batch
from monitor.store.runs import finish_run, record_spend, start_run

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")

# Graph reads are free; a Page's profile (its about text, its hours) is still only re-read hourly.
FACEBOOK_PROFILE_REFRESH = timedelta(hours=1)


@dataclass
class View:
    """What the store says before a fetch."""

    history: History
    cursors: dict[str, str]
    refresh: bool
    # Platforms the monitor cannot see now: their stored history is stale, so history rules skip them.
    blind: set[str]
    plan: Plan | None = None


@dataclass
class Cycle:
    """What one stored cycle amounted to."""

    new_posts: int = 0
    new_findings: int = 0
    alerted: int = 0
    messages: int = 0


def poll(daemon: Host, platform: str, now: datetime) -> None:
    """Run one poll cycle of a platform: read the store, fetch and check, then store and alert in one go."""
    name = f"poll:{platform}"
    if daemon.waiting(name, now):
        return
    with daemon.writing:
        if daemon.stopping.is_set():  # waited for the lock while a stop began: leave the cycle to the next start
            return
        view = read_view(daemon, platform, now)
        if view.plan is not None and view.plan.paused:
            pause_for_budget(daemon, view.plan, now)
            return
        result = poll_once(daemon.config, now, {platform: view.cursors}, [daemon.sources[platform]],
                           refresh_profiles=view.refresh, history=view.history)
        with session_scope(daemon.engine) as session:
            cycle = store_cycle(daemon, session, platform, result, view, now)
    after_cycle(daemon, platform, result, view, cycle, now)


def read_view(daemon: Host, platform: str, now: datetime) -> View:
    """Return the history, cursors, profile refresh and (X) budget plan for a cycle."""
    duty = f"profiles:{platform}"
    with session_scope(daemon.engine) as session:
        plan = budget_plan(session, daemon.config, now) if platform == BUDGETED else None
        ensure_due(session, duty, now)
        refresh = bool(pending_due(session, duty, now, profile_step(plan, now)))
        return View(history=load_history(session, now), cursors=get_cursors(session, platform), refresh=refresh,
                    blind=blind_platforms(session), plan=plan)


def profile_step(plan: Plan | None, now: datetime) -> Callable[[datetime], datetime]:
    """Return when profiles are next re-read after a refresh: the X plan's pace, or hourly on Facebook."""
    every = plan.refresh_every if plan is not None else FACEBOOK_PROFILE_REFRESH
    return from_now(lambda after: after + every, now)


def from_now(step: Callable[[datetime], datetime], now: datetime) -> Callable[[datetime], datetime]:
    """Return a schedule that moves on from `now`: a duty missed while the daemon was off is done once, late.

    (monitor.store.due catches up every passed due time, which suits the weekly report; a digest, a
    sweep or a profile refresh missed three times is still one digest, one sweep, one refresh.)
    """
    return lambda after: step(max(after, now))


def store_cycle(daemon: Host, session: Session, platform: str, result: PollResult, view: View,
                now: datetime) -> Cycle:
    """Store a cycle, its findings, alerts, spend, health and run row, in the caller's transaction."""
    config, cycle = daemon.config, Cycle()
    run_id = start_run(session, f"poll:{platform}", now)
    # set_cursors looks each cursor up with session.get: with the rows loaded here in one SELECT (and held),
    # those are identity-map hits instead of a query and a flush per cursor.
    held = session.exec(select(CursorRow).where(CursorRow.platform == platform)).all()
    for batch in result.batches:
        cycle.new_posts += save_batch(session, changed_cursors(batch, view.cursors), now).new_posts
        archive_posts(session, config, batch.posts, now)  # the official accounts' public record (FOI)
    del held
    stale = view.blind | {e.platform for e in result.errors if e.kind != "permanent"}
    findings, scopes = judged(config, result, view.history, stale, now)
    outcome = record_findings(session, findings, scopes, now, records=evidence_records(result, view.history))
    cycle.new_findings = len(outcome.to_alert)
    cycle.alerted = queue_alerts(session, config, outcome.to_alert, findings, _post_finder(result, view.history), now)
    for batch in result.batches:
        record_usage(session, config, batch.platform, batch.usage, now)
    for source, error in observations(platform, result.errors).items():
        cycle.messages += observe(session, config, source, error, now)
    cycle.messages += queue_notices(session, config, result.notices, now)
    if view.refresh and platform not in stale:
        claim_due(session, f"profiles:{platform}", now, profile_step(view.plan, now))
    usage = result.usage.get(platform, Usage())
    finish_run(session, run_id, now, run_status(result), requests=usage.requests, new_posts=cycle.new_posts,
               findings=cycle.new_findings, error="; ".join(str(e) for e in result.errors)[:2000] or None)
    return cycle


def changed_cursors(batch: Batch, stored: dict[str, str]) -> Batch:
    """Return the batch with only the cursors that moved: the adapters hand back every one each cycle.

    (An account id never changes, and at a thousand accounts rewriting each row per cycle is most of
    the cycle's time.)
    """
    return replace(batch, cursors={k: v for k, v in batch.cursors.items() if stored.get(k) != v})


def judged(config: Config, result: PollResult, history: History, stale: set[str],
           now: datetime) -> tuple[list[Finding], set[Scope]]:
    """Return the cycle's findings and the scopes it evaluated, leaving history rules off blind platforms.

    A platform that cannot be read looks silent: judging "unattended" or "unanswered" on its stale
    history would raise false alarms, and resolving on it would close real ones.
    """
    ctx = Context(config=config, now=now, history=history)
    checks = enabled_checks(ctx)
    accounts = [a for b in result.batches for a in b.accounts]
    posts = [p for b in result.batches for p in b.posts]
    scopes = evaluated_scopes(checks, accounts, posts, [*history.accounts, *accounts], [*history.posts, *posts])
    history_rules = {c.rule for c in checks if c.applies_to == "history"}
    scopes = {s for s in scopes if not (s.rule in history_rules and s.platform in stale)}
    findings = [f for f in result.findings if not (f.rule in history_rules and f.platform in stale)]
    return findings, scopes


def evidence_records(result: PollResult, history: History) -> RecordLookup:
    """Return the lookup of each finding's record for its evidence: this cycle's (with the platform's JSON) first."""
    fresh_posts = [p for b in result.batches for p in b.posts]
    fresh_accounts = [a for b in result.batches for a in b.accounts]
    return record_lookup([*fresh_posts, *history.posts], [*fresh_accounts, *history.accounts])


PostFinder = Callable[[str, str | None], Post | None]


def _post_finder(result: PollResult, history: History) -> PostFinder:
    """Return a lookup of a post by platform and id: this cycle's first, then the history's."""
    fresh: dict[tuple[str, str], Post] = {(p.platform, p.id): p for b in result.batches for p in b.posts}

    def find(platform: str, post_id: str | None) -> Post | None:
        """Return the post, if known."""
        if post_id is None:
            return None
        key = (platform, post_id)
        return fresh.get(key) or history.posts_by_id.get(key)

    return find


def queue_alerts(session: Session, config: Config, rows: Sequence[FindingRow], findings: Sequence[Finding],
                 find_post: PostFinder, now: datetime) -> int:
    """Queue an alert for each finding of immediate severity and mark it alerted; the rest wait for the digest."""
    originals = {(f.rule, stored_subject(f)): f for f in findings}
    immediate = [r for r in rows if alerts.is_immediate(config, cast(Severity, r.severity))]
    for row in immediate:
        assert row.id is not None
        finding = originals.get((row.rule, row.subject)) or finding_of(row)
        message = alerts.compose_alert(config, finding, row.id, post=find_post(row.platform, row.post_id),
                                       reopened=row.reopened, now=now)
        alerts.queue(session, message, now)
    mark_alerted(session, immediate, now)
    return len(immediate)


def finding_of(row: FindingRow) -> Finding:
    """Return the finding a stored row stands for (evidence that is not a JSON object is dropped)."""
    try:
        evidence = json.loads(row.evidence_json)
    except ValueError:
        evidence = {}
    return Finding(row.rule, row.platform, row.handle, row.post_id, cast(Severity, row.severity), row.clause,
                   row.message, evidence if isinstance(evidence, dict) else {})


def record_usage(session: Session, config: Config, platform: str, usage: Usage, now: datetime) -> None:
    """Add a fetch's billable reads to the day's spend."""
    for entry in spend_entries(platform, now, usage, Prices.of(config, platform)):
        record_spend(session, entry.day, entry.platform, entry.kind, entry.count, entry.usd)


def run_status(result: PollResult) -> str:
    """Return ok, partial (something failed but something was read) or failed."""
    if not result.errors:
        return "ok"
    read_anything = any(b.posts or b.accounts for b in result.batches)
    return "partial" if read_anything or all(e.kind == "permanent" for e in result.errors) else "failed"


def after_cycle(daemon: Host, platform: str, result: PollResult, view: View, cycle: Cycle,
                now: datetime) -> None:
    """Reschedule after a rate limit or a new budget pace, wake the outbox, and log the cycle."""
    name = f"poll:{platform}"
    retry = max((e.retry_at for e in result.errors if e.retry_at is not None), default=None)
    if retry is not None and retry > now:
        daemon.postpone(name, retry)
    if view.plan is not None:
        note_plan(daemon, view.plan)
        daemon.set_interval(name, view.plan.interval)
    if cycle.alerted or cycle.messages:
        daemon.kick("outbox")
    usage = result.usage.get(platform, Usage())
    log.info("polled %s: %d request(s), %d new post(s), %d new finding(s), %d alert(s) queued", platform,
             usage.requests, cycle.new_posts, cycle.new_findings, cycle.alerted)
    sdnotify.notify(f"STATUS=last poll of {platform} at {now:%H:%M} UTC: {cycle.new_posts} new post(s), "
                    f"{cycle.alerted} alert(s)")
