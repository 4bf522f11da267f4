"""Office-hours arithmetic: weekends, bank holidays, the clocks changing, and the 16:59-on-Friday question."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import Config, OfficeHours
from monitor.officehours import deadline_after, is_open, office_hours_between

LONDON = ZoneInfo("Europe/London")
# Mon-Fri 09:00-17:00 with the example config's bank holidays (Easter 2027: Fri 26 and Mon 29 March).
HOURS = OfficeHours(closed_dates=[date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1), date(2027, 3, 26),
                                  date(2027, 3, 29), date(2027, 5, 3)])


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """Return a London wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_a_question_at_1659_on_friday_is_due_on_tuesday_afternoon() -> None:
    """One minute on Friday, eight hours on Monday, 7 h 59 min on Tuesday: due Tue 16:59, not Monday."""
    assert deadline_after(local(2027, 4, 16, 16, 59), 16, HOURS, LONDON) == local(2027, 4, 20, 16, 59)
    assert deadline_after(local(2027, 4, 16, 17, 0), 16, HOURS, LONDON) == local(2027, 4, 20, 17, 0)


def test_a_question_asked_at_the_weekend_starts_the_clock_on_monday_morning() -> None:
    """Saturday and Sunday add nothing; 16 office hours end at Tuesday's close."""
    assert deadline_after(local(2027, 4, 17, 11, 0), 16, HOURS, LONDON) == local(2027, 4, 20, 17, 0)
    assert office_hours_between(local(2027, 4, 17, 11, 0), local(2027, 4, 19, 8, 59), HOURS, LONDON) == 0


def test_a_question_after_closing_counts_from_the_next_opening() -> None:
    """Asked at 20:00 on a Wednesday: the clock starts at 09:00 on Thursday."""
    assert deadline_after(local(2027, 4, 14, 20, 0), 8, HOURS, LONDON) == local(2027, 4, 15, 17, 0)


def test_a_deadline_that_uses_a_whole_day_ends_at_closing_time() -> None:
    """Eight hours from Monday's opening is Monday's closing, not Tuesday's opening."""
    assert deadline_after(local(2027, 4, 19, 9, 0), 8, HOURS, LONDON) == local(2027, 4, 19, 17, 0)


def test_the_easter_bank_holidays_and_the_clocks_going_forward_are_both_skipped() -> None:
    """Thu 25 Mar 2027 15:00 GMT: 2 h Thu, Good Friday, weekend (clocks change), Easter Monday, 8 h Tue, 6 h Wed."""
    deadline = deadline_after(local(2027, 3, 25, 15, 0), 16, HOURS, LONDON)
    assert deadline == local(2027, 3, 31, 15, 0)
    assert deadline.astimezone(UTC) == datetime(2027, 3, 31, 14, 0, tzinfo=UTC)


def test_hours_are_counted_by_the_clock_on_the_wall_across_the_autumn_change() -> None:
    """Fri 29 Oct 2027 09:00 BST to Mon 1 Nov 17:00 GMT is two office days, though 81 real hours pass."""
    start, end = local(2027, 10, 29, 9, 0), local(2027, 11, 1, 17, 0)
    assert (end.astimezone(UTC) - start.astimezone(UTC)) == timedelta(hours=81)
    assert office_hours_between(start, end, HOURS, LONDON) == 16


def test_an_open_window_that_spans_the_change_counts_real_hours() -> None:
    """A 00:00-06:00 window is five hours on the spring-forward night and seven on the fall-back one."""
    night = OfficeHours(days=["sun"], opens=time(0, 0), closes=time(6, 0))
    spring = office_hours_between(local(2027, 3, 28, 0, 0), local(2027, 3, 29, 0, 0), night, LONDON)
    autumn = office_hours_between(local(2027, 10, 31, 0, 0), local(2027, 11, 1, 0, 0), night, LONDON)
    assert (spring, autumn) == (5, 7)
    assert deadline_after(local(2027, 3, 28, 0, 0), 5, night, LONDON) == local(2027, 3, 28, 6, 0)


def test_a_sunday_night_in_utc_is_a_monday_in_brackley() -> None:
    """23:30 UTC on Sunday 18 April is 00:30 BST on Monday: the clock starts at Monday 09:00 BST."""
    asked = datetime(2027, 4, 18, 23, 30, tzinfo=UTC)
    assert deadline_after(asked, 1, HOURS, LONDON) == local(2027, 4, 19, 10, 0)


def test_times_in_any_offset_give_the_same_answer() -> None:
    """A timestamp written with +05:00 means the same moment."""
    asked = local(2027, 4, 16, 16, 59).astimezone(ZoneInfo("Asia/Karachi"))
    assert deadline_after(asked, 16, HOURS, LONDON) == local(2027, 4, 20, 16, 59)


def test_a_year_of_office_hours_is_its_weekdays_less_bank_holidays() -> None:
    """2027 has 261 weekdays; four of the configured holidays fall on them: 257 days of 8 hours."""
    hours = office_hours_between(local(2027, 1, 1, 0, 0), local(2028, 1, 1, 0, 0), HOURS, LONDON)
    assert hours == 257 * 8


def test_an_end_before_the_start_counts_nothing() -> None:
    """Out-of-order times give zero rather than a negative wait."""
    assert office_hours_between(local(2027, 4, 20, 12, 0), local(2027, 4, 19, 12, 0), HOURS, LONDON) == 0


def test_a_zero_target_is_due_at_once_and_a_shut_office_is_an_error() -> None:
    """No hours to wait means now; an office that never opens cannot give a deadline."""
    asked = local(2027, 4, 17, 11, 0)
    assert deadline_after(asked, 0, HOURS, LONDON) == asked
    # The config refuses an office with no days; the arithmetic still refuses one built around it.
    with pytest.raises(ValueError, match="at least 1 item"):
        OfficeHours(days=[])
    with pytest.raises(ValueError, match="never open"):
        deadline_after(asked, 1, OfficeHours.model_construct(days=[]), LONDON)


def test_it_knows_when_the_office_is_open() -> None:
    """Open at 16:59 on a Friday, shut at 17:00, shut on a bank holiday."""
    assert is_open(local(2027, 4, 16, 16, 59), HOURS, LONDON)
    assert not is_open(local(2027, 4, 16, 17, 0), HOURS, LONDON)
    assert not is_open(local(2027, 5, 3, 10, 0), HOURS, LONDON)


def test_the_example_config_hours_load_and_count(example_config: Config) -> None:
    """The bundled config's office hours work with the council's own zone."""
    config = example_config
    due = deadline_after(local(2027, 4, 30, 16, 0), config.targets.reply_within_office_hours,
                         config.office_hours, config.zone)
    # Fri 1 h, the May bank holiday is skipped, Tue 8 h, Wed 7 h.
    assert due == local(2027, 5, 5, 16, 0)


MOMENTS = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31),
                       timezones=st.just(LONDON))


@settings(max_examples=200, deadline=None)
@given(start=MOMENTS, target=st.floats(min_value=0.25, max_value=400))
def test_the_hours_to_a_deadline_are_the_target(start: datetime, target: float) -> None:
    """Counting the office hours from a question to its deadline gives back the target."""
    due = deadline_after(start, target, HOURS, LONDON)
    assert office_hours_between(start, due, HOURS, LONDON) == pytest.approx(target, abs=1e-6)
    assert is_open(due - timedelta(seconds=1), HOURS, LONDON)


@settings(max_examples=100, deadline=None)
@given(start=MOMENTS, days=st.integers(min_value=0, max_value=400), minutes=st.integers(0, 1440))
def test_long_spans_add_up_like_short_ones(start: datetime, days: int, minutes: int) -> None:
    """Summing by cached weeks equals summing the two halves of a span separately."""
    end = start + timedelta(days=days, minutes=minutes)
    middle = start + (end - start) / 2
    whole = office_hours_between(start, end, HOURS, LONDON)
    halves = office_hours_between(start, middle, HOURS, LONDON) + office_hours_between(middle, end, HOURS, LONDON)
    assert whole == pytest.approx(halves, abs=1e-6)
