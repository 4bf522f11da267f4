"""The daily duties: the lookalike sweep, the Facebook token check, the digest, and retention's purge.

Each is kept in the `due` table, so each due time is done exactly once across restarts; a duty missed
while the daemon was off is done once, late (from_now). The jobs look every few minutes and the
database says whether there is work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from typing import Any, cast

from sqlmodel import Session, col, select

from monitor import alerts
from monitor.checks import Hit
from monitor.config import Config
from monitor.jobs.budget import budget_plan
from monitor.jobs.cycle import finding_of, from_now, queue_alerts, record_usage
from monitor.jobs.health import TOKEN_CHECKED, TOKEN_SOURCE, alert_if_blind, observe, recovered_message
from monitor.jobs.host import Host
from monitor.lookalike_sweep import OFFSET_CURSOR, SWEPT, HandleLookup, lookups_per_day, sweep_lookalikes
from monitor.platforms.base import Batch
from monitor.platforms.http import SourceError
from monitor.records import Post
from monitor.report.schedule import at_local
from monitor.store.chain import head_hash
from monitor.store.db import session_scope
from monitor.store.due import claim_due, ensure_due, pending_due
from monitor.store.evidence import record_lookup
from monitor.store.findings import account_scope, mark_alerted, overdue, record_findings, unalerted
from monitor.store.models import FindingRow, PostRow, SourceHealthRow
from monitor.store.repo import get_cursors, load_history, post_of, save_batch, set_cursors
from monitor.store.retention import purge
from monitor.store.runs import finish_run, note_source, start_run

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")

DAY = timedelta(days=1)
# Duties kept in the `due` table: each due time is done exactly once, across restarts.
SWEEP, TOKEN_CHECK, DIGEST, RETENTION = "lookalike-sweep", "token-check", "daily-digest", "retention"


def daily(now: datetime) -> Callable[[datetime], datetime]:
    """Return the schedule of a daily duty: a day after it was last done."""
    return from_now(lambda after: after + DAY, now)


def sweep(daemon: Host, now: datetime) -> None:
    """Once a day, look up lookalikes of the registered X handles and alert on impersonators."""
    source = daemon.sources.get(SWEPT.name)
    if source is None or daemon.waiting(f"poll:{SWEPT.name}", now):
        return
    with daemon.writing:
        with session_scope(daemon.engine) as session:
            ensure_due(session, SWEEP, now)
            if not pending_due(session, SWEEP, now, daily(now)):
                return
            history, cursors = load_history(session, now), get_cursors(session, SWEPT.name)
            plan = budget_plan(session, daemon.config, now)
        allowance = lookups_per_day(daemon.config)
        result = sweep_lookalikes(daemon.config, cast(HandleLookup, source), now,
                                  offset=int(cursors.get(OFFSET_CURSOR, "0") or 0),
                                  used_today=allowance - plan.lookalike_lookups_per_day, known=history.accounts)
        if result.errors:
            retry = result.errors[0].retry_at
            log.info("lookalike sweep postponed: %s", result.errors[0])
            if retry is not None:
                daemon.postpone(SWEEP, retry)
            return
        with session_scope(daemon.engine) as session:
            alerted = store_sweep(daemon, session, result, now)
    if alerted:
        daemon.kick("outbox")


def store_sweep(daemon: Host, session: Session, result: Any, now: datetime) -> int:
    """Store a sweep's accounts, findings, alerts, spend and offset, claiming today's sweep; return alerts."""
    if not claim_due(session, SWEEP, now, daily(now)):
        return 0
    run_id = start_run(session, "lookalikes", now)
    save_batch(session, Batch(platform=SWEPT.name, accounts=list(result.accounts)), now)
    set_cursors(session, SWEPT.name, {OFFSET_CURSOR: str(result.next_offset)}, now)
    scopes = {account_scope("impersonation", a) for a in result.accounts}
    outcome = record_findings(session, result.findings, scopes, now, records=record_lookup([], result.accounts))
    alerted = queue_alerts(session, daemon.config, outcome.to_alert, result.findings, lambda *_: None, now)
    record_usage(session, daemon.config, SWEPT.name, result.usage, now)
    finish_run(session, run_id, now, "ok", requests=result.usage.requests, findings=len(outcome.to_alert))
    log.info("lookalike sweep: %d handle(s) looked up, %d exist, %d new finding(s)", result.looked_up,
             len(result.accounts), len(outcome.to_alert))
    return alerted


def check_tokens(daemon: Host, now: datetime) -> None:
    """Once a day, ask Facebook about the Page token(s): expiring, missing a permission, or dead."""
    source = daemon.sources.get(TOKEN_CHECKED.name)
    checker = getattr(source, "check_token", None)
    if checker is None or daemon.waiting(f"poll:{TOKEN_CHECKED.name}", now):
        return
    with daemon.writing:
        with session_scope(daemon.engine) as session:
            ensure_due(session, TOKEN_CHECK, now)
            if not pending_due(session, TOKEN_CHECK, now, daily(now)):
                return
        try:
            hits: list[Hit] = checker(now)
        except SourceError as error:
            log.info("the Facebook token check could not run (%s); it is tried again later", error)
            return
        with session_scope(daemon.engine) as session:
            if not claim_due(session, TOKEN_CHECK, now, daily(now)):
                return
            queued = apply_token_hits(session, daemon.config, hits, now)
    if queued:
        daemon.kick("outbox")


def apply_token_hits(session: Session, config: Config, hits: Sequence[Hit], now: datetime) -> int:
    """Turn the token check's hits into source health: a dead token blinds Facebook; the rest are warnings."""
    dead = [h for h in hits if h.evidence.get("is_valid") is False]
    warnings = [h for h in hits if h not in dead]
    queued = 0
    if dead:
        queued += observe(session, config, TOKEN_CHECKED.name, SourceError(TOKEN_CHECKED.name, "auth", dead[0].message),
                          now)
    detail = "\n".join(h.message for h in warnings)
    queued += observe_token(session, config, detail or None, now)
    start = start_run(session, "token-check", now)
    finish_run(session, start, now, "ok" if not hits else "partial", error=(detail or None))
    return queued


def observe_token(session: Session, config: Config, detail: str | None, now: datetime) -> int:
    """Record the token warnings as the facebook-token source: one message on the way down, one on recovery."""
    row = session.get(SourceHealthRow, TOKEN_SOURCE)
    before = (row.since, row.alerted) if row is not None and row.state == "down" else None
    change = note_source(session, TOKEN_SOURCE, detail is None, now, detail)
    if detail is None:
        if change.flipped and before is not None and before[1]:
            return int(alerts.queue(session, recovered_message(config, TOKEN_SOURCE, before[0], now), now))
        return 0
    if change.flipped:
        log.warning("the Facebook Page token needs attention: %s", detail.replace("\n", " "))
    return alert_if_blind(session, config, TOKEN_SOURCE, now, urgent=True)


def digest_step(config: Config) -> Callable[[datetime], datetime]:
    """Return the digest's schedule: the next schedule.digest_time (council time) after a moment."""
    at: time = config.schedule.digest_time

    def step(after: datetime) -> datetime:
        """Return the first digest time strictly after `after`."""
        day = after.astimezone(config.zone).date()
        for offset in range(3):
            candidate = at_local(day + timedelta(days=offset), at, config.zone)
            if candidate > after:
                return candidate
        raise AssertionError("a day always has a digest time")  # pragma: no cover

    return step


def send_digest(daemon: Host, now: datetime) -> None:
    """At the digest time, send the findings that waited (lower severity) and mark them alerted, at once."""
    step, config = from_now(digest_step(daemon.config), now), daemon.config
    with daemon.writing, session_scope(daemon.engine) as session:
        ensure_due(session, DIGEST, step(now))
        if not claim_due(session, DIGEST, now, step):
            return
        rows = unalerted(session)
        items = [alerts.DigestItem(finding_of(r), cast(int, r.id), stored_post(session, r)) for r in rows]
        late = [alerts.OverdueItem(finding_of(r), cast(int, r.id), r.assigned_to or "", cast(datetime, r.due_at))
                for r in overdue(session, now)]
        messages = alerts.compose_digest(config, items, day=now.astimezone(config.zone).date(), now=now,
                                         audit_head=head_hash(session), overdue=late)
        for message in messages:
            alerts.queue(session, message, now)
        mark_alerted(session, rows, now, note="in the daily digest")
    log.info("daily digest: %d finding(s) in %d message(s)", len(rows), len(messages))
    if messages:
        daemon.kick("outbox")


def stored_post(session: Session, row: FindingRow) -> Post | None:
    """Return the stored post a finding is about, if it is still kept."""
    if not row.post_id:
        return None
    found = session.exec(select(PostRow).where(PostRow.platform == row.platform,
                                               col(PostRow.post_id) == row.post_id)).first()
    return post_of(found) if found is not None else None


def purge_old(daemon: Host, now: datetime) -> None:
    """Once a day, delete what retention says the council no longer needs."""
    with daemon.writing, session_scope(daemon.engine) as session:
        ensure_due(session, RETENTION, now)
        if not claim_due(session, RETENTION, now, daily(now)):
            return
        run_id = start_run(session, "purge", now)
        purged = purge(session, daemon.config, now)
        finish_run(session, run_id, now, "ok")
    counts = {k: v for k, v in purged.as_dict().items() if v}
    log.info("retention: deleted %s", ", ".join(f"{v} {k}" for k, v in counts.items()) or "nothing")
