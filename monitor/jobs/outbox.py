"""The outbox job: deliver the queued messages, so a poll cycle never waits for a mail server.

It runs on a thread of its own (the daemon's "outbox" executor), and jobs that queue messages kick it.
"""

from __future__ import annotations

from datetime import datetime

from monitor import alerts
from monitor.jobs.host import Host


def drain_outbox(daemon: Host, now: datetime) -> None:
    """Send what the outbox holds that is due, one message at a time, until none is left or the daemon stops.

    One at a time so that a stop (SIGTERM) waits for the message being sent, not for a batch: Apprise
    pauses 5.5 s between two emails to the same server, and systemd allows 90 s to stop.
    """
    while not daemon.stopping.is_set():
        report = alerts.deliver_pending(daemon.engine, daemon.targets, now, limit=1)
        if report.sent + report.retried + report.lost_claims == 0:
            return
