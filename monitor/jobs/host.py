"""What a job sees of the daemon: the `Host` protocol, and the signature every job has.

The jobs need only these members of monitor.daemon.Daemon. Naming them here, instead of importing
the Daemon, keeps the dependency one way (the daemon imports its jobs, never the reverse) and shows
the whole of what a job may touch: its settings, sources and database, the write lock, and its own
schedule.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.platforms.base import Source
from monitor.store.lock import Lease

if TYPE_CHECKING:
    # The type only: Apprise itself is driven by monitor.alerts alone.
    from apprise import Apprise


class Host(Protocol):
    """The daemon as its jobs see it."""

    # The X budget's state when last logged, so a plan is logged when it changes, not every cycle.
    plan_state: str | None

    @property
    def config(self) -> Config:
        """Return the validated configuration."""

    @property
    def sources(self) -> Mapping[str, Source]:
        """Return an adapter per enabled platform."""

    @property
    def engine(self) -> Engine:
        """Return the database engine."""

    @property
    def targets(self) -> Apprise:
        """Return the Apprise targets the outbox is delivered to."""

    @property
    def lease(self) -> Lease | None:
        """Return the single-daemon lease the watchdog renews (None when held by nobody)."""

    @property
    def writing(self) -> threading.Lock:
        """Return the lock held by jobs that change findings or source health."""

    @property
    def stopping(self) -> threading.Event:
        """Return the event set when a stop begins."""

    def waiting(self, name: str, now: datetime) -> bool:
        """Say whether a job was told to wait (a rate limit, a spent budget) past `now`."""

    def postpone(self, name: str, until: datetime) -> None:
        """Move a job's next run to `until`."""

    def set_interval(self, name: str, every: timedelta) -> None:
        """Change how often a job runs."""

    def kick(self, name: str) -> None:
        """Run a job as soon as possible."""

    def hung_jobs(self) -> list[str]:
        """Return the jobs that have run for too long."""


JobFunc = Callable[[Host, datetime], None]
