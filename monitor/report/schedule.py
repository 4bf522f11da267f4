"""Report weeks and the weekly due time, in the council's time zone (DST-correct)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import WEEKDAYS

_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


class BadWeek(ValueError):
    """A week given in a form we cannot read."""


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week (Monday to Sunday); its bounds are local midnights in the council's zone."""

    year: int
    week: int

    def __str__(self) -> str:
        """Return the ISO form, e.g. 2027-W15."""
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def parse(cls, text: str) -> Week:
        """Read 2027-W15 (or 2027W15), refusing weeks the year does not have."""
        match = _ISO_WEEK.match(text.strip())
        if not match:
            raise BadWeek(f"{text!r} is not an ISO week (write it as 2027-W15)")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise BadWeek(f"{text!r}: {year} has no week {week} (ISO weeks run 01 to 52, or 53 in some years)"
                          ) from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> Week:
        """Return the week a date falls in."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        """Return the week's first day."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def days(self) -> tuple[date, ...]:
        """Return the week's seven dates."""
        return tuple(self.monday + timedelta(days=i) for i in range(7))

    def shifted(self, weeks: int) -> Week:
        """Return the week this many weeks later (negative: earlier)."""
        return Week.containing(self.monday + timedelta(weeks=weeks))

    def start(self, zone: ZoneInfo) -> datetime:
        """Return local midnight at the start of Monday, in UTC."""
        return local_midnight(self.monday, zone)

    def end(self, zone: ZoneInfo) -> datetime:
        """Return local midnight at the end of Sunday, in UTC (the next week's start)."""
        return local_midnight(self.monday + timedelta(weeks=1), zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """Return the start of a local day as an aware UTC datetime."""
    return at_local(day, time(0, 0), zone)


def at_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Return a local date and time as UTC; a time skipped by a clock change moves past the gap."""
    # zoneinfo reads a nonexistent wall time (the spring-forward gap) with the offset before the change,
    # so the round trip through UTC lands just after the gap, which is when the clock shows that time "late".
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def last_complete_week(now: datetime, zone: ZoneInfo) -> Week:
    """Return the most recent week that ended at or before `now` (council time)."""
    return Week.containing(now.astimezone(zone).date()).shifted(-1)


def weekday_number(name: str) -> int:
    """Return 0 for mon .. 6 for sun, or raise with the accepted names."""
    key = name.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise ValueError(f"report.weekday {name!r} is not a day (use one of {', '.join(WEEKDAYS)})")
    return WEEKDAYS.index(key)


def next_due(after: datetime, weekday: str, at: time, zone: ZoneInfo) -> datetime:
    """Return the first weekday-at-time (council time) strictly after `after`, in UTC."""
    local_day = after.astimezone(zone).date()
    ahead = (weekday_number(weekday) - local_day.weekday()) % 7
    candidate = at_local(local_day + timedelta(days=ahead), at, zone)
    if candidate <= after:
        candidate = at_local(local_day + timedelta(days=ahead + 7), at, zone)
    return candidate


def week_reported_at(due_at: datetime, zone: ZoneInfo) -> Week:
    """Return the week a report due at this time covers: the last complete week before it."""
    return last_complete_week(due_at, zone)
