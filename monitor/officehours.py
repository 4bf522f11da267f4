"""Office-hours arithmetic in the council's time zone: how long residents waited, when a reply is due.

Every interval is measured between aware datetimes converted to UTC, so an hour is an hour on the
days the clocks change (Python subtracts two datetimes sharing a tzinfo by wall time, which would
count the spring-forward night as an hour longer than it was). Days are the council's local days:
a question at 23:30 UTC on a Sunday in summer is asked on Monday in Brackley.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from monitor.config import WEEKDAYS, OfficeHours

# deadline_after gives up after this many days without enough open hours (a calendar with no open day).
HORIZON_DAYS = 3_660
# Spans longer than this are summed week by week from a cache instead of day by day.
_WEEKLY_FROM_DAYS = 21


@dataclass(frozen=True, slots=True)
class Calendar:
    """The office's opening pattern in one zone; hashable, so per-week sums can be cached."""

    days: frozenset[int]
    opens: time
    closes: time
    closed: frozenset[date]
    zone: ZoneInfo

    @classmethod
    def of(cls, hours: OfficeHours, zone: ZoneInfo) -> Calendar:
        """Return the calendar of configured office hours in a zone."""
        return cls(frozenset(WEEKDAYS.index(d) for d in hours.days), hours.opens, hours.closes,
                   frozenset(hours.closed_dates), zone)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """Return a local day's open interval in UTC, or None when the office is shut that day."""
        if day.weekday() not in self.days or day in self.closed:
            return None
        start = datetime.combine(day, self.opens, self.zone).astimezone(UTC)
        end = datetime.combine(day, self.closes, self.zone).astimezone(UTC)
        return (start, end) if end > start else None

    def local_day(self, when: datetime) -> date:
        """Return the council's calendar date at a moment."""
        return when.astimezone(self.zone).date()


def _overlap(window: tuple[datetime, datetime] | None, start: datetime, end: datetime) -> float:
    """Return the seconds an open window shares with [start, end]."""
    if window is None:
        return 0.0
    lo, hi = max(window[0], start), min(window[1], end)
    return max(0.0, (hi - lo).total_seconds())


@lru_cache(maxsize=8_192)
def _week_seconds(calendar: Calendar, monday: date) -> float:
    """Return the open seconds of the week starting on a Monday."""
    total = 0.0
    for offset in range(7):
        window = calendar.window(monday + timedelta(days=offset))
        if window is not None:
            total += (window[1] - window[0]).total_seconds()
    return total


def _days_seconds(calendar: Calendar, first: date, last: date, start: datetime, end: datetime) -> float:
    """Return the open seconds within [start, end] on the local days first..last, one day at a time."""
    total, day = 0.0, first
    while day <= last:
        total += _overlap(calendar.window(day), start, end)
        day += timedelta(days=1)
    return total


def seconds_between(calendar: Calendar, start: datetime, end: datetime) -> float:
    """Return the open seconds between two aware moments (0 when end is not after start)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return 0.0
    first, last = calendar.local_day(start), calendar.local_day(end)
    if (last - first).days < _WEEKLY_FROM_DAYS:
        return _days_seconds(calendar, first, last, start, end)
    # Partial days at both ends, whole weeks from the cache in between.
    head_end = first + timedelta(days=7 - first.weekday())  # the next Monday
    tail_start = last - timedelta(days=last.weekday())  # the Monday of the last week
    total = _days_seconds(calendar, first, head_end - timedelta(days=1), start, end)
    total += _days_seconds(calendar, tail_start, last, start, end)
    monday = head_end
    while monday < tail_start:
        total += _week_seconds(calendar, monday)
        monday += timedelta(days=7)
    return total


def office_hours_between(start: datetime, end: datetime, hours: OfficeHours, zone: ZoneInfo) -> float:
    """Return the office hours (a float) that pass between two aware datetimes."""
    return seconds_between(Calendar.of(hours, zone), start, end) / 3600.0


def deadline_in(calendar: Calendar, start: datetime, office_hours: float) -> datetime:
    """Return the moment a number of office hours after start has passed, in the calendar's zone."""
    remaining = max(0.0, office_hours) * 3600.0
    start = start.astimezone(UTC)
    if remaining == 0:
        return start.astimezone(calendar.zone)
    day = calendar.local_day(start)
    for _ in range(HORIZON_DAYS):
        window = calendar.window(day)
        if window is not None and window[1] > start:
            lo = max(window[0], start)
            available = (window[1] - lo).total_seconds()
            if remaining <= available:
                return (lo + timedelta(seconds=remaining)).astimezone(calendar.zone)
            remaining -= available
        day += timedelta(days=1)
    raise ValueError(f"the office is never open for {office_hours:g} hours within {HORIZON_DAYS} days "
                     "(check office_hours.days and closed_dates)")


def deadline_after(start: datetime, office_hours: float, hours: OfficeHours, zone: ZoneInfo) -> datetime:
    """Return when `office_hours` office hours after an aware `start` have passed, in the council's zone."""
    return deadline_in(Calendar.of(hours, zone), start, office_hours)


def is_open(at: datetime, hours: OfficeHours, zone: ZoneInfo) -> bool:
    """Say whether the office is staffed at a moment."""
    calendar = Calendar.of(hours, zone)
    window = calendar.window(calendar.local_day(at))
    return window is not None and window[0] <= at.astimezone(UTC) < window[1]
