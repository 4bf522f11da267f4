"""The monitor watches itself: one message when it goes blind to a source, one when it sees again.

What happens: a platform answering 429, 500 or garbage for hours gives one "blind" email once
blind_after_minutes have passed and one "sees again" email on recovery; a refused token or spent credits
are told at once; a rate limit moves the platform's next poll (nothing sleeps); the log has one line when
a source goes down and one when it recovers, no tracebacks, and never a token.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from monitor.sandbox.server import Fault
from monitor.sandbox.x import credits_exhausted, malformed, rate_limited, server_error
from monitor.store.db import session_scope
from monitor.store.findings import list_findings
from monitor.store.runs import record_spend
from tests.daemon.support import FB_TOKEN, NOW, X_TOKEN, World

BLIND_X = "Monitor blind to X since 09:14 Tue 24 Nov"
SEES_X = "Monitor sees X again"


def system_subjects(world: World) -> list[str]:
    """Return the subjects of the emails about the monitor's own sight."""
    return [s for s in world.subjects() if s.startswith("Monitor") or "Facebook Page token" in s]


def fail_x_for_hours(world: World, requests: int = 400) -> None:
    """Make X answer 500, 429 (no reset header) and garbage in turn, for many requests."""
    kinds = (lambda: server_error(500), lambda: rate_limited(), malformed)
    world.x.inject("/2/", *[kinds[i % 3]() for i in range(requests)])


def test_a_platform_failing_for_hours_gives_one_blind_alert_and_one_recovery_alert(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fail_x_for_hours(world)

    world.tick()
    world.tick(NOW + timedelta(minutes=45))
    assert system_subjects(world) == []  # not yet blind for an hour: nobody is disturbed
    for minutes in range(60, 181, 15):
        world.tick(NOW + timedelta(minutes=minutes))
    assert system_subjects(world) == [BLIND_X]

    world.x.faults.clear()
    world.tick(NOW + timedelta(minutes=195))
    world.tick(NOW + timedelta(minutes=210))

    assert system_subjects(world) == [BLIND_X, SEES_X]
    lines = [r for r in caplog.records if r.name.startswith("monitor.jobs")]
    assert len([r for r in lines if "x cannot be seen since" in r.getMessage()]) == 1
    assert len([r for r in lines if "x can be seen again" in r.getMessage()]) == 1
    assert not [r for r in caplog.records if r.name.startswith("monitor") and r.exc_info]
    assert X_TOKEN not in caplog.text and FB_TOKEN not in caplog.text


def test_the_blind_alert_says_since_when_why_and_what_to_do(world: World) -> None:
    world.x.inject("/2/", *[server_error(503) for _ in range(100)])
    world.tick()
    world.tick(NOW + timedelta(minutes=61))

    [mail] = [m for m in world.smtp.inbox.messages if str(m["Subject"]) == BLIND_X]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    text = str(body.get_content())
    assert "09:14 on Tue 24 Nov 2026" in text and "HTTP 503" in text
    assert "What you (the Clerk) should do:" in text and "Nothing for now" in text
    assert "What the IT contractor should do:" in text
    assert "journalctl -u council-monitor" in text


def test_a_rate_limit_moves_the_platforms_next_poll_instead_of_sleeping(world: World) -> None:
    reset = NOW + timedelta(minutes=40)
    world.x.inject("/2/", rate_limited(reset_at=reset))

    world.run("poll:x")
    assert world.daemon.not_before["poll:x"] == reset.replace(microsecond=0)
    before = world.x.count("/2/")
    world.run("poll:x", NOW + timedelta(minutes=15))
    assert world.x.count("/2/") == before  # still waiting: no request was made
    world.run("poll:x", reset + timedelta(seconds=1))

    assert world.x.count("/2/") > before
    assert system_subjects(world) == []  # 40 minutes is not blindness


def test_spent_credits_are_told_at_once_and_only_once(world: World) -> None:
    world.x.inject("/2/", *[credits_exhausted() for _ in range(50)])

    for minutes in (0, 15, 30, 90):
        world.tick(NOW + timedelta(minutes=minutes))
    assert system_subjects(world) == ["Monitor blind to X (the monthly read budget) since 09:14 Tue 24 Nov"]

    world.x.faults.clear()
    world.tick(NOW + timedelta(minutes=105))
    assert system_subjects(world)[-1] == "Monitor sees X (the monthly read budget) again"


def test_a_month_over_budget_pauses_x_until_the_month_turns(world: World) -> None:
    with session_scope(world.daemon.engine) as session:
        record_spend(session, NOW.date(), "x", "post_read", 10_000, 50.0)

    world.tick()

    assert world.x.count("/2/") == 0  # no X read while the budget is spent
    assert system_subjects(world) == ["Monitor blind to X (the monthly read budget) since 09:14 Tue 24 Nov"]
    assert world.daemon.not_before["poll:x"] == datetime(2026, 12, 1, tzinfo=UTC)
    world.tick(datetime(2026, 12, 1, 0, 5, tzinfo=UTC))
    assert world.x.count("/2/") > 0
    assert system_subjects(world)[-1] == "Monitor sees X (the monthly read budget) again"


def test_a_page_token_about_to_expire_is_told_once_and_its_renewal_once(world: World) -> None:
    spec = {"type": "PAGE", "profile_id": "104729361234567", "expires_at": "+5d"}
    world.facebook.add_token(FB_TOKEN, spec)

    world.tick()
    world.tick(NOW + timedelta(days=1))  # checked again the next day: nothing new to say
    assert system_subjects(world) == ["Action needed: the Facebook Page token"]
    [mail] = [m for m in world.smtp.inbox.messages if "Facebook Page token" in str(m["Subject"])]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and "days left" in str(body.get_content())

    world.facebook.add_token(FB_TOKEN, {**spec, "expires_at": 0, "data_access_expires_at": "+80d"})
    world.tick(NOW + timedelta(days=2, minutes=5))

    assert system_subjects(world) == ["Action needed: the Facebook Page token", "The Facebook Page token is fine again"]


def test_a_revoked_page_token_blinds_facebook_and_is_told_at_once(world: World) -> None:
    world.facebook.add_token(FB_TOKEN, {"type": "PAGE", "profile_id": "104729361234567", "revoked": True})

    world.tick()
    world.tick(NOW + timedelta(minutes=15))

    assert system_subjects(world) == ["Monitor blind to Facebook since 09:14 Tue 24 Nov"]
    [mail] = [m for m in world.smtp.inbox.messages if "Facebook" in str(m["Subject"])]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and "sudo systemctl restart council-monitor" in str(body.get_content())


def test_a_platform_that_cannot_be_read_is_not_judged_silent_on_its_stale_history(world: World) -> None:
    world.facebook.add_post("BrackleyTownCouncil", "Bin collections move to Friday next week.",
                            created_time=NOW - timedelta(hours=1))
    world.tick()
    assert ("unattended", "BrackleyTownCouncil") not in active_findings(world)

    # Facebook cannot be read for eight days (the Page goes on posting); X can. The Page must not be
    # reported silent just because the monitor stopped seeing it: the Clerk hears that it is blind instead.
    world.facebook.inject("/", *[Fault(status=500, raw=b"oops") for _ in range(500)])
    for day in range(1, 9):
        world.facebook.add_post("BrackleyTownCouncil", f"Daily notice {day}.", created_time=NOW + timedelta(days=day))
        world.tick(NOW + timedelta(days=day, minutes=5))

    assert ("unattended", "BrackleyTownCouncil") not in active_findings(world)
    assert system_subjects(world) == ["Monitor blind to Facebook since 09:19 Wed 25 Nov"]


def active_findings(world: World) -> set[tuple[str, str]]:
    """Return (rule, handle) of the findings still needing attention."""
    with session_scope(world.daemon.engine) as session:
        return {(f.rule, f.handle) for f in list_findings(session, active_only=True)}
