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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import Config
from monitor.jobs.cycle import poll
from monitor.jobs.duties import (
    DIGEST,
    RETENTION,
    SWEEP,
    TOKEN_CHECK,
    check_tokens,
    digest_step,
    purge_old,
    send_digest,
    sweep,
)
from monitor.jobs.health import check_health
from monitor.jobs.host import Host, JobFunc
from monitor.jobs.outbox import drain_outbox
from monitor.jobs.watchdog import watchdog
from monitor.jobs.weekly_report import Unfinished, build_due_reports, in_child, send_reports

log = logging.getLogger(__name__)

# What other modules import from monitor.jobs.
__all__ = ["Host", "Job", "JobFunc", "Unfinished", "build_due_reports", "digest_step", "in_child", "job_table"]


# How often the jobs without a schedule of their own look for work (the database decides whether there is).
DUTY_EVERY = timedelta(minutes=5)
OUTBOX_EVERY = timedelta(minutes=1)
HEALTH_EVERY = timedelta(minutes=1)
HEARTBEAT_EVERY = timedelta(minutes=1)


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


