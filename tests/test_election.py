"""The election calendar: statutory dates from polling day, the pre-election period they start, check-config."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.checks import Context, History
from monitor.config import ConfigError, Election, parse_config
from monitor.election import timetable
from monitor.engine import run_checks
from monitor.records import Post
from tests.daemon.support import example_data
from tests.test_check_config import Fault, check_config_in_process, prepare

LONDON = ZoneInfo("Europe/London")


def test_the_2027_timetable_skips_easter_and_the_may_bank_holiday() -> None:
    """Counted back from Thursday 6 May 2027 over Good Friday, Easter Monday and 3 May, not just weekends."""
    dates = timetable(date(2027, 5, 6))
    # 25 working days; weekdays alone would give Monday 29 March, itself Easter Monday.
    assert dates.notice_of_election == date(2027, 3, 31)
    assert dates.close_of_nominations == date(2027, 4, 8)  # 19 working days before the poll
    assert dates.statement_of_persons_nominated == date(2027, 4, 9)  # the working day after
    assert dates.bank_holidays_known


def test_the_2026_timetable_and_a_year_the_package_has_no_holidays_for() -> None:
    dates = timetable(date(2026, 5, 7))
    assert (dates.notice_of_election, dates.close_of_nominations) == (date(2026, 3, 30), date(2026, 4, 9))
    assert not timetable(date(2040, 5, 3)).bank_holidays_known


def test_the_period_starts_at_the_notice_unless_the_config_says_otherwise() -> None:
    computed = Election(polling_day=date(2027, 5, 6))
    given = Election(polling_day=date(2027, 5, 6), notice_of_election=date(2027, 3, 22))
    chosen = Election(polling_day=date(2027, 5, 6), notice_of_election=date(2027, 3, 22),
                      period_start=date(2027, 3, 25))
    assert computed.period(LONDON)[0] == datetime(2027, 3, 31, tzinfo=LONDON)
    assert given.period(LONDON)[0] == datetime(2027, 3, 22, tzinfo=LONDON)
    assert chosen.period(LONDON)[0] == datetime(2027, 3, 25, tzinfo=LONDON)
    assert computed.period(LONDON)[1] == datetime(2027, 5, 6, 22, tzinfo=LONDON)


def test_a_period_start_after_polling_day_is_refused() -> None:
    data = example_data()
    data["elections"][0]["period_start"] = date(2027, 5, 7)
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    assert "period_start must be before polling_day" in "\n".join(caught.value.located())


def _findings(when: str, notice: bool) -> set[str]:
    """Return the rules that fire on an official post naming a standing councillor at a moment."""
    data = example_data()
    if not notice:
        del data["elections"][0]["notice_of_election"]
    config = parse_config(data)
    post = Post(platform="x", handle="BrackleyTC", id="1", role="official",
                created_at=datetime.fromisoformat(when), text="Thanks to Cllr Jane Whitfield for opening the fair.")
    now = datetime(2027, 4, 20, 12, tzinfo=LONDON)
    ctx = Context(config=config, now=now, history=History((), (post,)))
    return {f.rule for f in run_checks([], [post], ctx)}


def test_the_pre_election_check_follows_the_computed_notice() -> None:
    """Six weeks before polling day (25 March) is not yet the period when the notice is due on 31 March."""
    assert "pre-election" not in _findings("2027-03-29T10:00:00+01:00", notice=False)
    assert "pre-election" in _findings("2027-03-31T10:00:00+01:00", notice=False)
    # A configured notice wins over the computed one.
    assert "pre-election" in _findings("2027-03-29T10:00:00+01:00", notice=True)


def _noop(setup: object) -> None:
    """Leave the good configuration as it is."""


def test_check_config_prints_the_statutory_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = prepare(tmp_path, Fault("good", _noop, ""))
    status, out, err = check_config_in_process(["--config", str(path)], capsys)
    assert status == 0, err
    line = next(x for x in out.splitlines() if x.startswith("election: "))
    assert "polling day Thu 06 May 2027" in line
    assert "notice of election Mon 22 Mar 2027 (configured; statutory deadline Wed 31 Mar 2027)" in line
    assert "close of nominations Thu 08 Apr 2027 4pm" in line
    assert "statement of persons nominated by Fri 09 Apr 2027" in line
    assert "pre-election period 22 Mar 2027 (from the notice of election) to 06 May 2027 22:00" in line
    assert "2 candidate(s) named" in line
