"""The daemon's jobs. Each takes the daemon and `now`, so tests, the demo and the benchmark move time.

A poll cycle, the heart of the monitor (one platform at a time):

1. read the store: the history the checks need, the platform's cursors, whether profiles are due a
   refresh, and (X) the month's spend for the budget plan;
2. fetch through the adapter and run every check on the new records against that history (poll_once);
3. in ONE transaction: store the batches and their cursors, record the findings (open -> alerted ->
   acknowledged/dismissed/resolved, keyed by rule and subject), queue the alerts of new or reopened
   findings of immediate severity and mark them alerted, add the spend and the run row, and note
   whether the platform could be seen. A crash (kill -9) before the commit leaves nothing (the next
   cycle fetches the same posts again, as the cursors did not move); after it, everything.

Jobs that change findings or source health hold `daemon.writing`, so two of them never judge the same
history at once. The outbox is drained by its own job: a cycle never waits for a mail server.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time as time_module
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, cast

from sqlmodel import Session, col, select

from monitor import alerts, sdnotify
from monitor.checks import Hit
from monitor.config import Config
from monitor.jobs.budget import budget_plan
from monitor.jobs.cycle import finding_of, from_now, poll, queue_alerts, record_usage
from monitor.jobs.health import (
    TOKEN_SOURCE,
    alert_if_blind,
    check_health,
    observe,
    recovered_message,
)
from monitor.jobs.host import Host, JobFunc
from monitor.logs import setup_logging
from monitor.lookalike_sweep import OFFSET_CURSOR, HandleLookup, sweep_lookalikes
from monitor.platforms.base import Batch
from monitor.platforms.http import SourceError
from monitor.records import Post
from monitor.report.deliver import DUTY as REPORT_DUTY
from monitor.report.deliver import schedule_of, send_due_reports
from monitor.report.schedule import at_local
from monitor.store.db import (
    DatabaseBusy,
    DatabaseUnavailable,
    StoreError,
    database_url,
    open_database,
    session_scope,
)
from monitor.store.due import claim_due, ensure_due, pending_due
from monitor.store.findings import (
    account_scope,
    mark_alerted,
    record_findings,
    unalerted,
)
from monitor.store.lock import heartbeat
from monitor.store.models import FindingRow, PostRow, SourceHealthRow
from monitor.store.repo import get_cursors, load_history, post_of, save_batch, set_cursors
from monitor.store.retention import purge
from monitor.store.runs import finish_run, note_source, start_run

log = logging.getLogger(__name__)


# How often the jobs without a schedule of their own look for work (the database decides whether there is).
DUTY_EVERY = timedelta(minutes=5)
OUTBOX_EVERY = timedelta(minutes=1)
HEALTH_EVERY = timedelta(minutes=1)
HEARTBEAT_EVERY = timedelta(minutes=1)
DAY = timedelta(days=1)
# A weekly report (gathering, chart, PDF) that takes longer than this has hung.
REPORT_TIMEOUT = timedelta(minutes=20)
# Duties kept in the `due` table: each due time is done exactly once, across restarts.
SWEEP, TOKEN_CHECK, DIGEST, RETENTION = "lookalike-sweep", "token-check", "daily-digest", "retention"


class Unfinished(StoreError):
    """A job stopped before its commit: nothing was written, and the next run does it again."""

    transient = True


@dataclass(frozen=True)
class Job:
    """A scheduled job: its id, what it runs, how often, and whether polls of it are jittered."""

    name: str
    run: JobFunc
    every: timedelta
    jitter: bool = False
    # The outbox and the watchdog have threads of their own: a poll waiting on a slow platform (and the jobs
    # queued behind it for the write lock) must not delay an alert, nor the heartbeat systemd waits for.
    executor: str = "default"


def job_table(platforms: Iterable[str], config: Config, watchdog_every: timedelta) -> dict[str, Job]:
    """Return the daemon's jobs in the order a tick runs them: polls first, the outbox near the end."""
    every_poll = timedelta(minutes=config.schedule.min_poll_minutes)
    jobs = [Job(f"poll:{p}", _poller(p), every_poll, jitter=True) for p in platforms]
    jobs += [
        Job(SWEEP, sweep, DUTY_EVERY),
        Job(TOKEN_CHECK, check_tokens, DUTY_EVERY),
        Job("health", check_health, HEALTH_EVERY),
        Job(DIGEST, send_digest, DUTY_EVERY),
        Job("weekly-report", send_reports, DUTY_EVERY),
        Job(RETENTION, purge_old, DUTY_EVERY),
        Job("outbox", drain_outbox, OUTBOX_EVERY, executor="outbox"),
        Job("watchdog", watchdog, min(watchdog_every, HEARTBEAT_EVERY), executor="watchdog"),
    ]
    return {job.name: job for job in jobs}


def _poller(platform: str) -> JobFunc:
    """Return the poll job of one platform."""

    def run(daemon: Host, now: datetime) -> None:
        """Poll the platform once."""
        poll(daemon, platform, now)

    return run


# ------------------------------------------------------------------------------------------------
# Daily duties: the lookalike sweep, the token check, the digest, retention


def daily(now: datetime) -> Callable[[datetime], datetime]:
    """Return the schedule of a daily duty: a day after it was last done."""
    return from_now(lambda after: after + DAY, now)


def sweep(daemon: Host, now: datetime) -> None:
    """Once a day, look up lookalikes of the registered X handles and alert on impersonators."""
    source = daemon.sources.get("x")
    if source is None or not hasattr(source, "lookup_handles") or daemon.waiting("poll:x", now):
        return
    with daemon.writing:
        with session_scope(daemon.engine) as session:
            ensure_due(session, SWEEP, now)
            if not pending_due(session, SWEEP, now, daily(now)):
                return
            history, cursors = load_history(session, now), get_cursors(session, "x")
            plan = budget_plan(session, daemon.config, now)
        allowance = daemon.config.platforms.x.lookalike_lookups_per_day
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
    save_batch(session, Batch(platform="x", accounts=list(result.accounts)), now)
    set_cursors(session, "x", {OFFSET_CURSOR: str(result.next_offset)}, now)
    scopes = {account_scope("impersonation", a) for a in result.accounts}
    outcome = record_findings(session, result.findings, scopes, now)
    alerted = queue_alerts(session, daemon.config, outcome.to_alert, result.findings, lambda *_: None, now)
    record_usage(session, daemon.config, "x", result.usage, now)
    finish_run(session, run_id, now, "ok", requests=result.usage.requests, findings=len(outcome.to_alert))
    log.info("lookalike sweep: %d handle(s) looked up, %d exist, %d new finding(s)", result.looked_up,
             len(result.accounts), len(outcome.to_alert))
    return alerted


def check_tokens(daemon: Host, now: datetime) -> None:
    """Once a day, ask Facebook about the Page token(s): expiring, missing a permission, or dead."""
    source = daemon.sources.get("facebook")
    checker = getattr(source, "check_token", None)
    if checker is None or daemon.waiting("poll:facebook", now):
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
        queued += observe(session, config, "facebook", SourceError("facebook", "auth", dead[0].message), now)
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
        messages = alerts.compose_digest(config, items, day=now.astimezone(config.zone).date(), now=now)
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


# ------------------------------------------------------------------------------------------------
# Delivery, the weekly report, the watchdog


def send_reports(daemon: Host, now: datetime) -> None:
    """Queue the weekly report of every week now due (the claim in the database makes it exactly once).

    The report is built in a short-lived child process. The problem: WeasyPrint (through Pango and
    fontconfig) keeps a few MB of native memory after each PDF, so a daemon running for months would
    grow by every report. The fix: the child exits after the report and gives it all back.
    """
    if not report_due(daemon, now):
        return
    if in_child(build_due_reports, (daemon.config, now, log_levels()), REPORT_TIMEOUT, daemon.stopping):
        daemon.kick("outbox")


# Loggers whose level the report's process takes over from the daemon's (the demo quiets them).
REPORT_LOGGERS = ("weasyprint", "fontTools", "matplotlib")


def log_levels() -> dict[str, int]:
    """Return the levels the report's process should log at: the root handlers' and the PDF libraries'."""
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in REPORT_LOGGERS}
    levels[""] = max((h.level for h in root.handlers), default=logging.NOTSET)
    return levels


def report_due(daemon: Host, now: datetime) -> bool:
    """Say whether a weekly report is due (a cheap look before starting a process for it)."""
    step = schedule_of(daemon.config)
    with session_scope(daemon.engine) as session:
        ensure_due(session, REPORT_DUTY, step(now))  # first start: the next report day, not a week ago
        return bool(pending_due(session, REPORT_DUTY, now, step))


def in_child(func: Callable[..., int], args: tuple[Any, ...], timeout: timedelta, stop: threading.Event) -> int:
    """Run func(*args) in a new process and return its result; kill it on a timeout or a stop.

    Killing is safe: the child's work is one transaction (the claim and the queued messages), so a
    child killed before its commit leaves the report due, and the next run builds it again.
    """
    context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, func, args), name="report", daemon=True)
    process.start()
    sender.close()
    deadline = time_module.monotonic() + timeout.total_seconds()
    try:
        while not receiver.poll(0 if stop.is_set() else 1.0):
            if stop.is_set() or time_module.monotonic() > deadline or not process.is_alive():
                raise Unfinished("the weekly report was not finished (stopping, too slow, or its process died)",
                                 "nothing was queued; it is built again at the next run")
        ok, value = receiver.recv()
    finally:
        if process.is_alive():
            process.kill()
        process.join()
    if not ok:
        raise RuntimeError(f"the weekly report failed in its process: {value}")
    return int(value)


def _child_main(sender: Any, func: Callable[..., int], args: tuple[Any, ...]) -> None:
    """Run in the child: send back (True, result) or (False, what went wrong)."""
    try:
        sender.send((True, func(*args)))
    except (DatabaseBusy, DatabaseUnavailable) as exc:
        sender.send((False, exc.message))
    except Exception as exc:
        log.exception("the weekly report failed")
        sender.send((False, f"{type(exc).__name__}: {exc}"))


def build_due_reports(config: Config, now: datetime, levels: dict[str, int] | None = None) -> int:
    """Build, file and queue the due weekly reports (in the child process); return how many weeks."""
    setup_logging()
    for name, level in (levels or {}).items():
        if name:
            logging.getLogger(name).setLevel(level)
        else:
            for handler in logging.getLogger().handlers:
                handler.setLevel(level)
    engine = open_database(database_url(config))
    try:
        return len(send_due_reports(engine, config, now))
    finally:
        engine.dispose()


def drain_outbox(daemon: Host, now: datetime) -> None:
    """Send what the outbox holds that is due, one message at a time, until none is left or the daemon stops.

    One at a time so that a stop (SIGTERM) waits for the message being sent, not for a batch: Apprise
    pauses 5.5 s between two emails to the same server, and systemd allows 90 s to stop.
    """
    while not daemon.stopping.is_set():
        report = alerts.deliver_pending(daemon.engine, daemon.targets, now, limit=1)
        if report.sent + report.retried + report.lost_claims == 0:
            return


def watchdog(daemon: Host, now: datetime) -> None:
    """Renew the database lease and tell systemd the daemon is alive, unless a job has hung."""
    if daemon.lease is not None:
        try:
            heartbeat(daemon.lease, now)
        except (DatabaseBusy, DatabaseUnavailable) as exc:
            log.warning("the lease heartbeat waits for the database: %s", exc.message)
    hung = daemon.hung_jobs()
    if hung:
        # No WATCHDOG=1: systemd's WatchdogSec restarts a daemon whose job never returns.
        log.error("job(s) %s have run for too long; not telling systemd the daemon is alive", ", ".join(hung))
        return
    sdnotify.notify("WATCHDOG=1")
