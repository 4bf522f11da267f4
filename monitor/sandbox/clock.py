"""Scenario times: absolute ISO 8601, or offsets from the sandbox's 'now' such as "-2d3h" or "-45m"."""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime, timedelta

_OFFSET = re.compile(r"^([+-])(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def resolve_time(value: str, now: datetime) -> datetime:
    """Return the aware datetime a scenario time stands for."""
    match = _OFFSET.match(value.strip())
    if match and any(match.groups()[1:]):
        sign, weeks, days, hours, minutes, seconds = match.groups()
        delta = timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                          minutes=int(minutes or 0), seconds=int(seconds or 0))
        return now - delta if sign == "-" else now + delta
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"scenario time {value!r} has no time zone")
    return when


class Clock:
    """A sandbox's clock: the scenario's "now", frozen for tests, moving with real time when live (the demo).

    The sandbox sets _data_lock, _now and _live_from; the clock shares the data's lock, so a request
    sees one time and the data as at that time.
    """

    _data_lock: threading.RLock
    _now: datetime
    _live_from: float | None

    def start_clock(self, now: datetime | None, live: bool) -> None:
        """Set the clock to `now` (the wall clock when None), following real time from here when live."""
        self._data_lock = threading.RLock()
        self._now = (now or datetime.now(UTC)).astimezone(UTC)
        self._live_from = time.monotonic() if live else None

    def now(self) -> datetime:
        """Return the sandbox's current time."""
        with self._data_lock:
            if self._live_from is None:
                return self._now
            return self._now + timedelta(seconds=time.monotonic() - self._live_from)

    def set_now(self, when: datetime) -> None:
        """Move the clock to a time (posts dated up to it become visible)."""
        with self._data_lock:
            self._now = when.astimezone(UTC)
            if self._live_from is not None:
                self._live_from = time.monotonic()

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock on and return the new time."""
        self.set_now(self.now() + delta)
        return self.now()
