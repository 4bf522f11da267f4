"""The job table: every job the daemon schedules, how often, on which thread, in the order a tick runs them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import Config
from monitor.jobs.cycle import poll
from monitor.jobs.duties import DIGEST, RETENTION, SWEEP, TOKEN_CHECK, check_tokens, purge_old, send_digest, sweep
from monitor.jobs.health import check_health
from monitor.jobs.host import Host, JobFunc
from monitor.jobs.outbox import drain_outbox
from monitor.jobs.recheck import RECHECK, recheck
from monitor.jobs.watchdog import watchdog
from monitor.jobs.weekly_report import send_reports

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
        Job(RECHECK, recheck, DUTY_EVERY),
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
