"""The daemon: start-up checks in a fixed order, the schedule of jobs, and a clean stop.

Start-up, each step only after the one before has passed:
1. the configuration (done by the command: exit 78, EX_CONFIG, with every problem listed);
2. the credentials: each enabled platform's token and apprise.yml with its routes (exit 78: no
   restart can fix a missing file; nothing has been created yet);
3. the database: opened, migrated (exit 75, EX_TEMPFAIL, while it is busy or unreachable; 78 when the
   URL or the schema cannot work);
4. the lease: a second daemon on the same database refuses to start, naming the holder (exit 75);
5. the outbox: messages a crash left half-sent are made due again;
6. the scheduler (APScheduler 3.11, in memory: every durable fact lives in our own tables), then
   READY=1 to systemd. On SIGTERM: STOPPING=1, running jobs finish (or roll back), the lease is released.
   A SIGTERM during start-up is kept: the daemon stops as soon as its scheduler starts, without READY=1.

The jobs themselves are in monitor/jobs/ (they see this Daemon only as a monitor.jobs.host.Host);
`run_job` is what the scheduler calls, and what tests, the demo and the benchmark call with a moved clock.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import apprise
from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine

from monitor import alerts, sdnotify
from monitor.config import EX_CONFIG, Config, ConfigError, platforms_in
from monitor.credentials import CredentialError
from monitor.jobs import Job, job_table
from monitor.jobs.stream import start_streams, stop_streams
from monitor.platforms.base import Source
from monitor.platforms.http import SourceError
from monitor.poll import build_sources
from monitor.store import outbox
from monitor.store.db import (
    DatabaseBusy,
    DatabaseUnavailable,
    StoreError,
    database_url,
    migrate,
    open_database,
    session_scope,
)
from monitor.store.lock import Lease, LeaseLost, LockHeld, acquire, release
from monitor.store.runs import finish_run, start_run

log = logging.getLogger(__name__)

EX_TEMPFAIL = 75  # sysexits.h: try again later (the database is busy, or another daemon holds it)
WORKERS = 4  # the polls and the duties; the outbox and the watchdog have a thread each
# A job running longer than this has hung (every HTTP call has a timeout): stop telling systemd we are alive.
JOB_HANG_LIMIT = timedelta(minutes=30)
DEFAULT_WATCHDOG = timedelta(minutes=1)


class StartupError(Exception):
    """A reason the daemon cannot start, with the exit status that tells systemd whether to retry."""

    def __init__(self, lines: list[str], status: int) -> None:
        """Keep the lines to log and the exit status."""
        self.lines, self.status = lines, status
        super().__init__("\n".join(lines))


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Daemon:
    """The running monitor: its sources, database, lease, alert targets, jobs and scheduler."""

    def __init__(self, config: Config, clock: Callable[[], datetime] = utc_now,
                 busy_timeout_ms: int | None = None) -> None:
        """Hold the configuration and a clock; nothing is opened until start_up()."""
        self.config = config
        self.clock = clock
        self.busy_timeout_ms = busy_timeout_ms
        self.sources: dict[str, Source] = {}
        self.targets: apprise.Apprise = apprise.Apprise()
        self._engine: Engine | None = None
        self.lease: Lease | None = None
        self.scheduler: BaseScheduler | None = None
        self.jobs: dict[str, Job] = {}
        # One job at a time may judge findings or source health (see monitor/jobs/).
        self.writing = threading.Lock()
        self.stopping = threading.Event()
        self.exit_status = 0
        self.not_before: dict[str, datetime] = {}
        self.intervals: dict[str, timedelta] = {}
        self.running: dict[str, float] = {}
        self.rerun: set[str] = set()
        self._jobs_lock = threading.Lock()
        self.plan_state: str | None = None
        self._stopper: threading.Thread | None = None

    @property
    def engine(self) -> Engine:
        """Return the database engine (after start_up)."""
        if self._engine is None:
            raise RuntimeError("the daemon has not started")
        return self._engine

    # -- start-up --------------------------------------------------------------------------------

    def start_up(self, now: datetime | None = None) -> None:
        """Check credentials and alert targets, open and migrate the database, take the lease; or raise StartupError."""
        now = now or self.clock()
        self.sources = load_sources(self.config)
        self.targets = load_alert_targets(self.config)
        self._engine = open_store(self.config, self.busy_timeout_ms)
        try:
            self.lease = take_lease(self.engine, now)
            with session_scope(self.engine) as session:
                resent = outbox.recover_interrupted(session, now)
        except StartupError:
            self.close()
            raise
        except StoreError as exc:
            self.close()
            raise StartupError([f"the database cannot be used: {exc}"], EX_TEMPFAIL) from None
        if resent:
            log.warning("%d message(s) were being sent when the monitor last stopped; they are sent again", resent)
        watchdog = sdnotify.watchdog_seconds()
        self.jobs = job_table(self.sources, self.config, timedelta(seconds=watchdog) if watchdog else DEFAULT_WATCHDOG)
        self.intervals = {name: job.every for name, job in self.jobs.items()}
        start_streams(self)  # after the jobs exist: a stream event runs its platform's poll at once
        log.info("started: polling %s every %g minutes; alerts to %s", ", ".join(self.sources) or "nothing",
                 self.config.schedule.min_poll_minutes, ", ".join(target_summary(self.targets)) or "nowhere")

    def close(self) -> None:
        """Close the live streams, release the lease and the database."""
        stop_streams(self.sources)
        if self.lease is not None:
            try:
                release(self.lease)
                log.info("released the database lease")
            except StoreError as exc:
                log.warning("could not release the database lease (%s); the next start takes it over", exc)
            self.lease = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # -- running jobs ------------------------------------------------------------------------------

    def run_job(self, name: str, now: datetime | None = None) -> None:
        """Run one job at `now` (default: the clock); expected failures are one log line, never a traceback."""
        if self.stopping.is_set():
            return
        job = self.jobs[name]
        now = now or self.clock()
        with self._jobs_lock:
            self.running[name] = time.monotonic()
        try:
            job.run(self, now)
        except LeaseLost as exc:
            log.error("%s: %s", name, exc)
            self.request_stop(EX_TEMPFAIL)
        except StoreError as exc:
            if not exc.transient:
                log.error("%s failed: %s", name, exc)
                self._record_failure(name, now, str(exc))
            else:  # a busy or unreachable database, a job interrupted before its commit
                log.warning("%s: nothing was written, the next run tries again: %s", name, exc.message)
        except SourceError as exc:
            log.error("%s failed: %s", name, exc)
            self._record_failure(name, now, str(exc))
        except Exception as exc:  # a bug: log it in full, keep the daemon running, try again next time
            log.exception("%s failed unexpectedly; the next run tries again", name)
            self._record_failure(name, now, f"{type(exc).__name__}: {exc}")
        finally:
            with self._jobs_lock:
                self.running.pop(name, None)
                again = name in self.rerun
                self.rerun.discard(name)
            if again:
                self.kick(name)

    def tick(self, now: datetime) -> None:
        """Run every job once at `now`, in the table's order (the demo, tests and the benchmark move the clock)."""
        for name in self.jobs:
            self.run_job(name, now)

    def _record_failure(self, name: str, now: datetime, error: str) -> None:
        """Write a failed run row for the weekly report, if the database will take it."""
        try:
            with session_scope(self.engine) as session:
                finish_run(session, start_run(session, name[:40], now), now, "failed", error=error[:2000])
        except (StoreError, RuntimeError):
            pass

    def waiting(self, name: str, now: datetime) -> bool:
        """Say whether a job was told to wait (a rate limit, a spent budget) past `now`."""
        until = self.not_before.get(name)
        return until is not None and now < until

    def hung_jobs(self) -> list[str]:
        """Return the jobs running for longer than JOB_HANG_LIMIT."""
        limit = time.monotonic() - JOB_HANG_LIMIT.total_seconds()
        return sorted(name for name, started in list(self.running.items()) if started < limit)

    # -- rescheduling ------------------------------------------------------------------------------

    def postpone(self, name: str, until: datetime) -> None:
        """Move a job's next run to `until` (a rate limit's reset): jobs never sleep, they are rescheduled."""
        self.not_before[name] = until
        log.info("%s waits until %s UTC", name, f"{until.astimezone(UTC):%Y-%m-%d %H:%M}")
        if self._scheduling():
            assert self.scheduler is not None
            self.scheduler.modify_job(name, next_run_time=until)

    def set_interval(self, name: str, every: timedelta) -> None:
        """Change how often a job runs (the X budget's pace)."""
        if self.intervals.get(name) == every:
            return
        self.intervals[name] = every
        log.info("%s now runs every %g minutes", name, every.total_seconds() / 60)
        if self._scheduling():
            assert self.scheduler is not None
            self.scheduler.reschedule_job(name, trigger=self.trigger(self.jobs[name]))

    def kick(self, name: str) -> None:
        """Run a job as soon as possible (the outbox after alerts were queued); if it is running, again after."""
        if not self._scheduling():
            return
        with self._jobs_lock:
            if name in self.running:
                # max_instances=1 would skip a run asked for now, and new rows might wait a whole interval.
                self.rerun.add(name)
                return
        assert self.scheduler is not None
        self.scheduler.modify_job(name, next_run_time=datetime.now(UTC))

    def _scheduling(self) -> bool:
        """Say whether a scheduler holds the jobs (running, or started paused)."""
        return self.scheduler is not None and self.scheduler.state != STATE_STOPPED

    # -- the scheduler ---------------------------------------------------------------------------

    def trigger(self, job: Job) -> IntervalTrigger:
        """Return a job's interval trigger; polls are jittered so requests do not land on the minute."""
        jitter = self.config.schedule.jitter_seconds if job.jitter else None
        return IntervalTrigger(seconds=self.intervals.get(job.name, job.every).total_seconds(), jitter=jitter or None,
                               timezone=self.config.zone)

    def build_scheduler(self, kind: type[BaseScheduler] = BlockingScheduler) -> BaseScheduler:
        """Return a scheduler holding every job, each first due at once (a missed week is sent on start)."""
        scheduler = kind(
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(WORKERS), "outbox": ThreadPoolExecutor(1),
                       "watchdog": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": self.config.schedule.misfire_grace_seconds},
            timezone=self.config.zone,
        )
        first = datetime.now(UTC)
        for job in self.jobs.values():
            scheduler.add_job(self.run_job, self.trigger(job), args=[job.name], id=job.name, name=job.name,
                              executor=job.executor, next_run_time=first, replace_existing=True)
        scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)
        self.scheduler = scheduler
        return scheduler

    def serve(self) -> int:
        """Run the schedule until SIGTERM or SIGINT (or a lost lease); release everything; return the status."""
        # APScheduler logs every job it adds and runs at INFO ("Running job ..."): the journal needs only trouble.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        scheduler = self.build_scheduler(BlockingScheduler)
        self.catch_signals()
        try:
            scheduler.start()  # blocks until shutdown
        finally:
            if self._stopper is not None:
                self._stopper.join()
            self.close()
        log.info("stopped")
        return self.exit_status

    def _on_started(self, event: SchedulerEvent) -> None:
        """Tell systemd the daemon is ready, once the scheduler runs; or stop it now if a stop came first."""
        if self.stopping.is_set():
            # The problem: a SIGTERM while the daemon was starting found no scheduler to shut down, and every
            # later one was ignored as a stop already under way (systemctl stop hung until systemd killed us).
            # The fix: carry that stop out here, before READY=1 and before any job runs.
            if self._stopper is None:
                self._shutdown()
            return
        sdnotify.notify("READY=1")
        sdnotify.notify(f"STATUS=watching {', '.join(self.sources) or 'nothing'}")
        log.info("ready: %d jobs scheduled", len(self.jobs))

    def catch_signals(self) -> None:
        """Stop cleanly on SIGTERM (systemctl stop) and SIGINT (Ctrl-C) from now on, even during start_up()."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: Any) -> None:
        """Begin a clean stop (in another thread: a signal handler must not wait for jobs)."""
        log.info("%s received: stopping once the running jobs have finished", signal.Signals(signum).name)
        self.request_stop(0)

    def request_stop(self, status: int) -> None:
        """Stop taking new jobs, let running ones finish, then stop the scheduler (once)."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.exit_status = status
        sdnotify.notify("STOPPING=1")
        if self._scheduling():
            self._stopper = threading.Thread(target=self._shutdown, name="stopper")
            self._stopper.start()

    def _shutdown(self) -> None:
        """Shut the scheduler down, waiting for the jobs in progress."""
        assert self.scheduler is not None
        try:
            self.scheduler.shutdown(wait=True)
        except Exception:  # already stopped by another path: nothing left to do
            log.debug("scheduler already stopped", exc_info=True)


# -- the start-up steps ---------------------------------------------------------------------------------


def load_sources(config: Config) -> dict[str, Source]:
    """Return an adapter per enabled platform; a missing token refuses the start (exit 78).

    Refusing is deliberate: a token missing at start is an installation mistake, seen at once by
    whoever installs; running half-blind would hide it. A platform is left out on purpose with
    platforms.<name>.enabled = false. A token rejected later is another matter: the daemon runs on,
    and the Clerk is told the monitor is blind to that platform.
    """
    try:
        sources = build_sources(config)
    except CredentialError as exc:
        platforms = ", ".join(platforms_in(config))
        raise StartupError([str(exc), f"to run without a platform ({platforms}), set "
                            "platforms.<name>.enabled = false in the config"], EX_CONFIG) from None
    return {source.platform: source for source in sources}


def load_alert_targets(config: Config) -> apprise.Apprise:
    """Return the Apprise targets from apprise.yml, checked against the routes (exit 78 if they do not fit)."""
    try:
        return alerts.load_targets(config)
    except ConfigError as exc:
        raise StartupError([f"{exc.path}: {p}" for p in exc.problems], EX_CONFIG) from None


def open_store(config: Config, busy_timeout_ms: int | None = None) -> Engine:
    """Open and migrate the database: exit 75 while it is busy or unreachable, 78 if it cannot work as set."""
    try:
        url = database_url(config)
        engine = open_database(url, busy_timeout_ms) if busy_timeout_ms else open_database(url)
        migrate(engine)
    except (DatabaseBusy, DatabaseUnavailable) as exc:
        raise StartupError([f"the database cannot be used now: {exc}"], EX_TEMPFAIL) from None
    except StoreError as exc:
        raise StartupError([f"the database cannot be used: {exc}"], EX_CONFIG) from None
    except OSError as exc:  # the state directory cannot be made (run by hand from a read-only folder)
        raise StartupError([f"cannot create the database file: {exc} (run it where ./state can be created, "
                            "set $STATE_DIRECTORY, or set storage.url)"], EX_CONFIG) from None
    return engine


def take_lease(engine: Engine, now: datetime) -> Lease:
    """Take the single-daemon lease, or refuse naming the holder (exit 75)."""
    try:
        lease = acquire(engine, now)
    except LockHeld as exc:
        raise StartupError([str(exc)], EX_TEMPFAIL) from None
    if lease.took_over_from:
        log.info("the previous daemon (%s) had stopped without releasing the lease", lease.took_over_from)
    return lease


def target_summary(targets: apprise.Apprise) -> list[str]:
    """Return each alert tag with its number of URLs (never the URLs themselves)."""
    counts: dict[str, int] = {}
    for service in targets:
        for tag in service.tags:
            if not str(tag).startswith(alerts.SERVICE_TAG):
                counts[str(tag)] = counts.get(str(tag), 0) + 1
    return [f"{tag} ({n} URL{'s' if n != 1 else ''})" for tag, n in sorted(counts.items())]
