"""The watchdog job: renew the database lease and tell systemd the daemon is alive, unless a job has hung.

It runs on a thread of its own (the daemon's "watchdog" executor), so a slow poll cannot starve it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from monitor import sdnotify
from monitor.jobs.host import Host
from monitor.store.db import DatabaseBusy, DatabaseUnavailable
from monitor.store.lock import heartbeat

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")


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
