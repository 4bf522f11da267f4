"""What the report says about the seeded week, fact by fact (the snapshot shows how it says it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.report.data import ReportData, gather, parse_evidence, post_link
from monitor.report.schedule import Week
from monitor.store.db import session_scope
from tests.report.seed import NOW, WEEK, at


def test_needs_action_lists_unresolved_findings_by_severity_longest_open_first(week_data: ReportData) -> None:
    """Open, alerted and acknowledged count; closed ones and those found after the week do not."""
    high = week_data.needs_action["high"]
    assert [i.rule for i in high] == ["confidential", "pre-election", "pre-election", "impersonation"]
    assert high[0].state == "acknowledged" and high[0].age == at(19, 0) - at(30, 17, month=3)
    medium_messages = [i.message for i in week_data.needs_action["medium"]]
    assert "Too late for W15." not in medium_messages  # first seen on the Monday after
    assert all(i.rule != "personal-opinion" for i in week_data.needs_action["medium"])  # resolved on the Sunday
    assert week_data.numbers.open_by_severity == {"high": 4, "medium": 3, "low": 1}


def test_each_finding_carries_the_checks_suggested_action(week_data: ReportData) -> None:
    """The action comes from the check registry, not from the stored row."""
    offensive = next(i for i in week_data.needs_action["medium"] if i.rule == "offensive")
    assert offensive.action.startswith("Ask the author to delete or edit the post")
    assert offensive.link == "https://x.com/DaveHughesCllr/status/1779000000000000501"


def test_the_week_in_numbers_compares_this_week_with_the_four_before(week_data: ReportData) -> None:
    """Counts are by week first seen; closures are this week's."""
    numbers = week_data.numbers
    assert [str(w) for w in numbers.weeks] == ["2027-W11", "2027-W12", "2027-W13", "2027-W14", "2027-W15"]
    assert numbers.totals == (2, 1, 3, 2, 5)
    offensive = next(r for r in numbers.by_rule if r.rule == "offensive")
    assert offensive.counts == (1, 0, 1, 0, 1)
    assert (numbers.resolved, numbers.dismissed) == (2, 1)
    assert numbers.by_severity["high"] == (0, 1, 1, 1, 2)


def test_official_reply_times_are_counted_in_office_hours(week_data: ReportData) -> None:
    """4 h and 12 h answered, 24 h still waiting at the week's end; the target is 16 office hours."""
    x_official = next(a for a in week_data.accounts if a.handle == "BrackleyTC")
    replies = x_official.replies
    assert replies is not None
    assert (replies.questions, replies.answered) == (3, 2)
    assert replies.median_hours == pytest.approx(12.0)
    assert replies.slowest_hours == pytest.approx(24.0) and replies.slowest_waiting
    assert replies.over_target == 1
    page = next(a for a in week_data.accounts if a.handle == "BrackleyTownCouncil")
    assert page.replies is not None and page.replies.median_hours == pytest.approx(5.0)


def test_the_longest_silence_counts_from_the_last_post_before_the_week(week_data: ReportData) -> None:
    """Friday 16:00 to Monday 10:00 is longer than any gap inside the week."""
    x_official = next(a for a in week_data.accounts if a.handle == "BrackleyTC")
    assert x_official.silence is not None
    assert (x_official.silence.since, x_official.silence.until) == (at(9, 16), at(12, 10))
    assert not x_official.silence.over_limit


def test_accounts_show_disclaimer_status_last_post_and_posts_this_week(week_data: ReportData) -> None:
    """Every registered account appears, in the configuration's order, readable or not."""
    lines = {(a.platform, a.handle): a for a in week_data.accounts}
    assert len(lines) == 9
    assert lines[("x", "CllrJWhitfield")].disclaimer == "missing since 15 Mar 2027"
    assert lines[("x", "CllrJWhitfield")].posts_this_week == 3
    assert lines[("x", "DaveHughesCllr")].disclaimer == "present"
    assert lines[("facebook", "tom.okafor.brackley")].disclaimer.startswith("not checked: no API")
    assert lines[("x", "MEllisBrackley")].disclaimer.startswith("not checked yet")
    assert lines[("x", "TomOkaforBTC")].last_post == at(2, 12)
    assert week_data.accounts[0].role == "official" and week_data.accounts[1].role == "official"


def test_the_pre_election_period_is_reported_with_every_finding_in_it(week_data: ReportData) -> None:
    """Polling day is 6 May 2027; the period began with the notice on 22 March."""
    (election,) = week_data.elections
    assert election.state == "active" and election.days_to_poll == 18
    assert [i.first_seen for i in election.findings] == [at(8, 11), at(13, 15, 10)]


def test_lookalikes_name_the_account_they_imitate(week_data: ReportData) -> None:
    """The evidence subject is shown as the registered account, with its score."""
    (lookalike,) = week_data.lookalikes
    assert lookalike.imitates == "X @BrackleyTC" and lookalike.score == pytest.approx(0.91)
    assert week_data.lookalikes_new == 1


def test_coverage_names_everything_that_was_not_checked(week_data: ReportData) -> None:
    """Unreadable and unread accounts, the outage, the token, skipped reads and the spend."""
    cov = week_data.coverage
    assert not cov.complete
    assert [a.handle for a in cov.unreadable] == ["tom.okafor.brackley"]
    assert [a.handle for a in cov.never_read] == ["MEllisBrackley"]
    assert [(g.platform, g.since, g.until) for g in cov.gaps] == [("x", at(14, 6), at(14, 18))]
    assert [s.source for s in cov.tokens] == ["facebook-token"]
    assert [s.source for s in cov.sources] == ["x"]  # recovered this week; facebook was up all along
    assert [(s.kind, s.count) for s in cov.skipped] == [("skipped_post_read", 120)]
    assert cov.spend_week == {"x": pytest.approx(2.80)}
    assert cov.spend_month == {"x": pytest.approx(7.70)}
    assert len(cov.failures) == 5 and all(f.job == "poll:x" for f in cov.failures)


def test_a_week_not_over_is_described_up_to_now(seeded: Engine, example_config: Config) -> None:
    """On Thursday the week so far: later findings and closures are not there yet."""
    with session_scope(seeded) as session:
        data = gather(session.connection(), example_config, WEEK, at(15, 12))
    assert not data.period.complete and data.period.as_of == at(15, 12)
    assert data.numbers.totals[-1] == 2  # pre-election (Tue) and impersonation (Wed); Thursday evening is later
    personal_opinion = [r for r in data.records if r.fields["rule"] == "personal-opinion"]
    assert personal_opinion == []


def test_an_empty_database_says_nothing_was_checked(database: Engine, example_config: Config) -> None:
    """No runs at all: the report must not read as a clean week."""
    with session_scope(database) as session:
        data = gather(session.connection(), example_config, Week(2027, 15), NOW)
    assert not data.coverage.complete
    assert data.coverage.runs == ()
    assert {g.platform for g in data.coverage.gaps} == {"x", "facebook"}
    assert data.coverage.gaps[0].until - data.coverage.gaps[0].since == timedelta(days=7)


@pytest.mark.parametrize(("stored", "expected"), [
    ("https://x.com/a/status/1", "https://x.com/a/status/1"),
    ("javascript:alert(1)", "https://x.com/BrackleyTC/status/42"),
    ("https://x.com/a b", "https://x.com/BrackleyTC/status/42"),
    ("  HTTPS://x.com/ok  ", "HTTPS://x.com/ok"),
    (None, "https://x.com/BrackleyTC/status/42"),
])
def test_only_http_links_from_the_store_are_shown(stored: str | None, expected: str) -> None:
    """A stored URL is platform data: anything but plain http(s) is replaced by one we build."""
    assert post_link("x", "BrackleyTC", "42", stored) == expected


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "null", "", "\"text\"", "[" * 5000])
def test_broken_evidence_reads_as_none(raw: str) -> None:
    """Stored evidence that is not a JSON object is ignored, never a crash."""
    assert parse_evidence(raw) == {}
