"""Scenario times: absolute ISO 8601, or offsets from the sandbox's 'now' such as "-2d3h" or "-45m"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

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
