"""The schedule's wiring, read from a paused APScheduler (no waiting): jobs, triggers, defaults, rescheduling.

What happens: every job is in an in-memory job store, first due at start; polls run every
min_poll_minutes with jitter, the rest without; coalesce, max_instances=1 and the configured
misfire grace apply to all; a rate limit moves a poll's next run, the budget changes its interval;
a job with a bug is logged and recorded, and the daemon carries on; a lease taken over stops it (75).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import update
from sqlmodel import select

from monitor.daemon import EX_TEMPFAIL
from monitor.jobs import Job
from monitor.store.db import session_scope
from monitor.store.models import LockRow, RunRow
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import World, start_world

JOBS = ["poll:x", "poll:facebook", "lookalike-sweep", "recheck", "token-check", "health", "daily-digest",
        "weekly-report", "retention", "outbox", "watchdog"]


@pytest.fixture
def paused(world: World) -> Iterator[BackgroundScheduler]:
    """Yield the daemon's scheduler, started paused (nothing runs)."""
    scheduler = world.daemon.build_scheduler(BackgroundScheduler)
    assert isinstance(scheduler, BackgroundScheduler)
    scheduler.start(paused=True)
    yield scheduler
    scheduler.shutdown(wait=False)


def interval(scheduler: BackgroundScheduler, job_id: str) -> tuple[float, int | None]:
    """Return a job's interval in seconds and its jitter."""
    trigger = scheduler.get_job(job_id).trigger
    assert isinstance(trigger, IntervalTrigger)
    return trigger.interval.total_seconds(), trigger.jitter


def test_every_job_is_in_memory_and_first_due_at_start(world: World, paused: BackgroundScheduler) -> None:
    jobs = paused.get_jobs()

    assert [j.id for j in sorted(jobs, key=lambda j: JOBS.index(j.id))] == JOBS
    assert isinstance(paused._lookup_jobstore("default"), MemoryJobStore)
    now = datetime.now(UTC)
    assert all(abs((j.next_run_time - now).total_seconds()) < 60 for j in jobs)
    assert str(paused.timezone) == "Europe/London"


def test_polls_run_every_min_poll_minutes_with_jitter_and_the_rest_without(
        world: World, paused: BackgroundScheduler) -> None:
    assert interval(paused, "poll:x") == (15 * 60, 30)
    assert interval(paused, "poll:facebook") == (15 * 60, 30)
    assert interval(paused, "outbox") == (60, None)
    assert interval(paused, "weekly-report") == (300, None)
    assert interval(paused, "watchdog") == (60, None)


def test_every_job_coalesces_runs_one_at_a_time_and_has_the_configured_misfire_grace(
        world: World, paused: BackgroundScheduler) -> None:
    grace = world.config.schedule.misfire_grace_seconds
    for job in paused.get_jobs():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, grace)


def test_the_outbox_and_the_watchdog_never_wait_behind_the_polls(world: World, paused: BackgroundScheduler) -> None:
    executors = {job.id: job.executor for job in paused.get_jobs()}

    assert executors.pop("outbox") == "outbox" and executors.pop("watchdog") == "watchdog"
    assert set(executors.values()) == {"default"}


def test_a_rate_limit_moves_the_next_run_and_the_budget_changes_the_interval(
        world: World, paused: BackgroundScheduler) -> None:
    until = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    world.daemon.postpone("poll:x", until)
    assert paused.get_job("poll:x").next_run_time == until

    world.daemon.set_interval("poll:x", timedelta(minutes=45))
    assert interval(paused, "poll:x") == (45 * 60, 30)


def test_the_watchdog_pings_at_half_the_systemd_watchdog_interval(
        tmp_path: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "40000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    world = start_world(tmp_path, database_url, smtp, webhook)
    try:
        assert world.daemon.jobs["watchdog"].every == timedelta(seconds=20)
    finally:
        world.close()


def test_a_job_with_a_bug_is_logged_and_recorded_and_the_daemon_carries_on(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    def broken(daemon: object, now: datetime) -> None:
        """Fail as a bug would."""
        raise KeyError("surprise")

    world.daemon.jobs["health"] = Job("health", broken, timedelta(minutes=1))
    world.tick()

    [record] = [r for r in caplog.records if r.name == "monitor.daemon" and r.levelno == logging.ERROR]
    assert "health failed unexpectedly" in record.getMessage() and record.exc_info is not None
    with session_scope(world.daemon.engine) as session:
        failed = session.exec(select(RunRow).where(RunRow.status == "failed")).all()
    assert [(r.job, r.error) for r in failed] == [("health", "KeyError: 'surprise'")]
    assert len(world.subjects()) == 4  # the other jobs ran: the alerts went out


def test_a_lease_taken_over_by_another_daemon_stops_this_one_with_75(world: World) -> None:
    with session_scope(world.daemon.engine) as session:
        session.connection().execute(update(LockRow).values(holder="elsewhere:1:abcd"))

    world.run("watchdog")

    assert world.daemon.stopping.is_set() and world.daemon.exit_status == EX_TEMPFAIL
    world.tick()  # a stopping daemon starts no more jobs
    assert world.subjects() == []
