"""Report weeks and the Monday 08:00 due time, in council time, across the clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from monitor.report.schedule import BadWeek, Week, last_complete_week, next_due, week_reported_at

LONDON = ZoneInfo("Europe/London")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Return a UTC moment."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(("after", "expected"), [
    # Winter (GMT): 08:00 London is 08:00 UTC.
    (utc(2027, 3, 16, 12), utc(2027, 3, 22, 8)),
    # The clocks go forward on Sunday 28 March 2027: the next Monday 08:00 is 07:00 UTC.
    (utc(2027, 3, 22, 8), utc(2027, 3, 29, 7)),
    (utc(2027, 3, 28, 0, 59), utc(2027, 3, 29, 7)),
    # Exactly at the due time: the next one is a week later (strictly after).
    (utc(2027, 4, 19, 7), utc(2027, 4, 26, 7)),
    # A minute before: this Monday.
    (utc(2027, 4, 19, 6, 59), utc(2027, 4, 19, 7)),
    # Sunday 23:30 UTC in summer is already Monday 00:30 in Brackley: due at 07:00 UTC that day.
    (utc(2027, 4, 18, 23, 30), utc(2027, 4, 19, 7)),
    # The clocks go back on Sunday 31 October 2027: Monday 1 November 08:00 is 08:00 UTC again.
    (utc(2027, 10, 25, 7), utc(2027, 11, 1, 8)),
])
def test_the_next_monday_report_is_at_eight_council_time(after: datetime, expected: datetime) -> None:
    """Monday 08:00 in Europe/London, whatever UTC offset that day has."""
    assert next_due(after, "mon", time(8, 0), LONDON) == expected


def test_a_time_the_clocks_skip_moves_past_the_gap() -> None:
    """01:30 does not exist on 28 March 2027 in London; the report goes at 02:30 BST (01:30 UTC)."""
    assert next_due(utc(2027, 3, 27, 12), "sun", time(1, 30), LONDON) == utc(2027, 3, 28, 1, 30)


def test_a_time_the_clocks_repeat_is_taken_the_first_time() -> None:
    """01:30 happens twice on 31 October 2027; the first (BST, 00:30 UTC) is the due time."""
    assert next_due(utc(2027, 10, 30, 12), "sun", time(1, 30), LONDON) == utc(2027, 10, 31, 0, 30)


def test_an_unknown_weekday_is_refused_with_the_names_to_use() -> None:
    """report.weekday is checked when the schedule is computed."""
    with pytest.raises(ValueError, match="use one of mon, tue"):
        next_due(utc(2027, 4, 1), "someday", time(8), LONDON)


@pytest.mark.parametrize(("text", "week"), [("2027-W15", Week(2027, 15)), ("2027w01", Week(2027, 1)),
                                            ("2026-W53", Week(2026, 53))])
def test_iso_weeks_are_read(text: str, week: Week) -> None:
    """The ISO form, with or without the hyphen."""
    assert Week.parse(text) == week


@pytest.mark.parametrize(("text", "message"), [("2027-15", "write it as 2027-W15"), ("last week", "not an ISO"),
                                               ("2027-W53", "2027 has no week 53"), ("2027-W00", "no week 0")])
def test_a_week_that_does_not_exist_is_refused_with_a_hint(text: str, message: str) -> None:
    """The error says how to write a week."""
    with pytest.raises(BadWeek, match=message):
        Week.parse(text)


def test_a_week_runs_from_monday_midnight_to_monday_midnight_council_time() -> None:
    """Week 12 of 2027 holds the spring-forward Sunday: it is 167 hours long, and week 13 starts in BST."""
    assert Week(2027, 12).start(LONDON) == utc(2027, 3, 22, 0)
    assert Week(2027, 13).start(LONDON) == utc(2027, 3, 28, 23)
    assert (Week(2027, 12).end(LONDON) - Week(2027, 12).start(LONDON)).total_seconds() == 167 * 3600
    # 2026 has 53 ISO weeks.
    assert str(Week(2027, 13).shifted(-13)) == "2026-W53" and str(Week(2026, 53).shifted(1)) == "2027-W01"


def test_the_monday_report_covers_the_week_before() -> None:
    """Due Monday 19 April 2027 08:00 BST: week 15 (12 to 18 April)."""
    assert week_reported_at(utc(2027, 4, 19, 7), LONDON) == Week(2027, 15)
    assert last_complete_week(utc(2027, 4, 18, 23, 30), LONDON) == Week(2027, 15)  # Monday 00:30 BST
    assert last_complete_week(utc(2027, 4, 18, 22, 30), LONDON) == Week(2027, 14)  # Sunday 23:30 BST
