"""The statutory timetable of an English local election, computed from its polling day.

The dates come from Democracy Club's uk-election-timetables, which counts working days back from the poll
under the Local Elections (Principal Areas) Rules, skipping weekends and the bank holidays of England and
Wales it ships. Parish and town council polls run to the same timetable (the Parishes and Communities Rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Timetable:
    """The statutory dates of one poll."""

    polling_day: date
    # The last day the Notice of Election may be published (25 working days before the poll).
    notice_of_election: date
    # The last day for nominations, 4 pm (19 working days before).
    close_of_nominations: date
    # The last day the Statement of Persons Nominated may be published (the working day after).
    statement_of_persons_nominated: date
    # False when the polling day is past the bank holidays the package knows: the dates may then be early.
    bank_holidays_known: bool


@lru_cache(maxsize=64)
def timetable(polling_day: date) -> Timetable:
    """Return the statutory dates of an English local election on this polling day."""
    from uk_election_timetables.calendars import Country
    from uk_election_timetables.elections.local import LocalElection

    election = LocalElection(polling_day, country=Country.ENGLAND)
    return Timetable(
        polling_day=polling_day,
        notice_of_election=election.notice_of_election_deadline,
        close_of_nominations=election.close_of_nominations,
        statement_of_persons_nominated=election.sopn_publish_deadline,
        bank_holidays_known=polling_day.year <= last_bank_holiday_year(),
    )


@lru_cache(maxsize=1)
def last_bank_holiday_year() -> int:
    """Return the last year whose bank holidays the package lists (its data is updated each release)."""
    from uk_election_timetables.election import Election

    return max(day.year for day in Election.BANK_HOLIDAY_CALENDAR.england_and_wales().exempted_dates())
