"""The weekly report job: a cheap look at the `due` table, then the report built in a short-lived child process.

The child opens its own database engine, claims the due weeks, builds and files the report (gathering,
chart, PDF) and queues its messages in one transaction, then exits; the outbox job sends the messages.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time as time_module
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from monitor.config import Config
from monitor.jobs.host import Host
from monitor.logs import setup_logging
from monitor.report.deliver import DUTY as REPORT_DUTY
from monitor.report.deliver import schedule_of, send_due_reports
from monitor.store.db import (
    DatabaseBusy,
    DatabaseUnavailable,
    StoreError,
    database_url,
    open_database,
    session_scope,
)
from monitor.store.due import ensure_due, pending_due

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")

# A weekly report (gathering, chart, PDF) that takes longer than this has hung.
REPORT_TIMEOUT = timedelta(minutes=20)


class Unfinished(StoreError):
    """A job stopped before its commit: nothing was written, and the next run does it again."""

    transient = True


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
