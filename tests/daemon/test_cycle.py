"""End to end: the Brackley sandbox -> the daemon's jobs -> a real SMTP server and a Slack webhook receiver.

Time is moved (the sandboxes' clocks and the daemon's `now` together); every test runs on SQLite and,
with TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from monitor.store.db import session_scope
from monitor.store.models import AuditRow, DeliveryRow, FindingRow
from tests.alerts.servers import SmtpServer, WebhookServer, parts
from tests.daemon.support import FIRST_ALERTS, NOW, World, start_world

DIGEST_TIME = NOW.replace(hour=8, minute=30) + timedelta(days=1)  # Wednesday 08:30 GMT


def findings(world: World) -> dict[tuple[str, str], str]:
    """Return each finding's state by (rule, handle); an open one an alert went out for reads 'alerted'."""
    with session_scope(world.daemon.engine) as session:
        return {(r.rule, r.handle): "alerted" if r.state == "open" and r.alerted_at else r.state
                for r in session.exec(select(FindingRow))}


def test_the_first_cycle_alerts_each_high_finding_once_by_email_and_impersonation_on_slack_too(world: World) -> None:
    world.tick()

    assert sorted(world.subjects()) == sorted(FIRST_ALERTS)
    assert {m["To"] for m in world.smtp.inbox.messages} == {"clerk@brackley-tc.gov.uk"}
    assert world.webhook is not None
    [slack] = world.webhook.slack_hits()
    text = str(slack.body["attachments"][0]["text"])
    assert "@BrackIeyTC" in text and "looks like Brackley Town Council's account @BrackleyTC" in text
    assert "help.x.com/forms/impersonation" in text and slack.body["channel"] == "#council-alerts"
    states = findings(world)
    assert {k for k, v in states.items() if v == "alerted"} == {
        ("impersonation", "BrackIeyTC"), ("personal-data", "DaveHughesCllr"), ("pre-election", "BrackleyTC"),
        ("personal-data", "CllrPriyaSharma")}
    # Lower severities wait, open, for the daily digest.
    assert {k for k, v in states.items() if v == "open"} >= {
        ("missing-disclaimer", "TomOkaforBTC"), ("unattended", "BrackleyTownCouncil"),
        ("unanswered", "SarahKBrackley"), ("hours-notice", "BrackleyTC")}


def test_a_breach_seen_on_every_poll_alerts_only_once(world: World) -> None:
    for minutes in (0, 15, 30, 45, 60):
        world.tick(NOW + timedelta(minutes=minutes))

    assert Counter(world.subjects()) == Counter(FIRST_ALERTS)
    with session_scope(world.daemon.engine) as session:
        alerted = session.exec(select(AuditRow).where(AuditRow.action == "alerted")).all()
        deliveries = session.exec(select(DeliveryRow)).all()
    assert len(alerted) == 4 and len(deliveries) == 4 and {d.state for d in deliveries} == {"sent"}


def test_a_new_post_is_found_on_the_next_cycle_and_alerted_once(world: World) -> None:
    world.tick()
    world.x.add_post("BrackleyTC", "Polling day is coming: vote for Cllr Tom Okafor and the Labour team!",
                     at=NOW + timedelta(minutes=9))

    world.tick(NOW + timedelta(minutes=15))
    world.tick(NOW + timedelta(minutes=30))

    assert Counter(world.subjects())["[high] pre-election: @BrackleyTC on X"] == 2
    assert len(world.subjects()) == len(FIRST_ALERTS) + 1
    newest = world.smtp.inbox.messages[-1]
    text, html = parts(newest)
    assert "vote for Cllr Tom Okafor" in text and "pre-election period" in html


def test_lower_findings_wait_for_the_daily_digest_which_goes_out_once(world: World) -> None:
    world.tick()
    world.tick(DIGEST_TIME - timedelta(minutes=1))
    assert not [s for s in world.subjects() if s.startswith("Daily digest")]

    world.tick(DIGEST_TIME)
    world.tick(DIGEST_TIME + timedelta(days=1))

    digests = [m for m in world.smtp.inbox.messages if str(m["Subject"]).startswith("Daily digest")]
    assert len(digests) == 1
    assert str(digests[0]["Subject"]).startswith("Daily digest for Wed 25 Nov 2026: ")
    text, _ = parts(digests[0])
    for expected in ("missing-disclaimer", "@TomOkaforBTC", "unattended", "@BrackleyTownCouncil", "unanswered",
                     "@SarahKBrackley", "hours-notice"):
        assert expected in text
    assert "personal-data" not in text  # high findings went out at once, not again in the digest
    assert "open" not in findings(world).values()


def test_a_finding_that_is_resolved_and_comes_back_alerts_again(tmp_path: Path, database_url: str, smtp: SmtpServer,
                                                                 webhook: WebhookServer) -> None:
    def medium_at_once(data: dict[str, Any]) -> None:
        """Send medium findings at once, not in the digest."""
        data["alerts"]["immediate_severity"] = "medium"

    world = start_world(tmp_path, database_url, smtp, webhook, edit=medium_at_once)
    try:
        subject = "[medium] missing-disclaimer: @TomOkaforBTC on X"
        world.tick()
        tom = world.x.users[world.x.user_id("TomOkaforBTC")]
        bio = tom.description
        tom.description = bio + " Statements and opinions here are my own and don't necessarily represent " \
                                "Brackley Town Council's policies or opinions."
        world.tick(NOW + timedelta(hours=25))  # profiles are re-read daily
        assert findings(world)[("missing-disclaimer", "TomOkaforBTC")] == "fixed"
        with session_scope(world.daemon.engine) as session:
            row = session.exec(select(FindingRow).where(FindingRow.rule == "missing-disclaimer",
                                                        FindingRow.handle == "TomOkaforBTC")).one()
            assert (row.closed_by, row.closed_reason) == ("monitor", "disclaimer added")
        assert world.subjects().count(subject) == 1

        tom.description = bio
        world.tick(NOW + timedelta(hours=50))

        assert findings(world)[("missing-disclaimer", "TomOkaforBTC")] == "alerted"
        assert world.subjects().count(subject) == 2
    finally:
        world.close()
