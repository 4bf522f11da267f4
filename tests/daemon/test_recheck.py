"""Re-checking what is open, end to end: the daemon's recheck job on the Brackley sandboxes over real HTTP.

Each test runs the first cycle (the findings and their alerts), changes the sandbox as a councillor or a
platform would (delete, edit, a disclaimer added, a lookalike suspended or renamed), runs the recheck
job later on the clock, and reads the finding, its audit trail and its evidence back from the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from monitor.jobs.budget import budget_plan
from monitor.records import Finding
from monitor.store.db import session_scope
from monitor.store.findings import mark_alerted, record_findings
from monitor.store.models import AuditRow, EvidenceRow, FindingRow, SpendRow
from tests.daemon.support import NOW, World

DAVE_POST = "2125065367188406272"  # personal-data: a resident's address and phone number
PRE_ELECTION_POST = "2124793576289206272"  # the Council's account names a councillor and a party
PRIYA_POST = "100064812345678_122102000000000201"  # personal-data on Cllr Sharma's Page
DISCLAIMER = (" Statements and opinions here are my own and don't necessarily represent Brackley Town "
              "Council's policies or opinions.")


def finding(world: World, rule: str, handle: str) -> FindingRow:
    """Return one finding by rule and handle."""
    with session_scope(world.daemon.engine) as session:
        row = session.exec(select(FindingRow).where(FindingRow.rule == rule, FindingRow.handle == handle)).one()
        session.expunge(row)
        return row


def trail(world: World, row: FindingRow) -> list[tuple[str, str, str]]:
    """Return (actor, action, note) of a finding's audit entries, oldest first."""
    with session_scope(world.daemon.engine) as session:
        return [(a.actor, a.action, a.note) for a in session.exec(
            select(AuditRow).where(AuditRow.finding_id == row.id).order_by(col(AuditRow.id)))]


def lookups(world: World) -> int:
    """Return how many lookups by id X was asked for (GET /2/tweets?ids= and GET /2/users?ids=)."""
    return sum(1 for r in world.x.requests if r.path in ("/2/tweets", "/2/users"))


def recheck(world: World, minutes: int) -> datetime:
    """Run the recheck job at NOW plus some minutes; return that time."""
    when = NOW + timedelta(minutes=minutes)
    world.run("recheck", when)
    return when


def assert_fixed_by_monitor(world: World, row: FindingRow, reason: str) -> None:
    """The finding is fixed by the monitor with this reason, and its audit trail ends saying so."""
    assert (row.state, row.closed_by, row.closed_reason) == ("fixed", "monitor", reason)
    actor, action, note = trail(world, row)[-1]
    assert (actor, action) == ("monitor", "fixed") and note.startswith(f"{reason}")


def test_an_x_post_deleted_after_its_alert_is_fixed_with_the_window(world: World) -> None:
    world.tick()
    recheck(world, 61)  # 10:15: still there
    assert finding(world, "personal-data", "DaveHughesCllr").state == "open"
    world.x.delete_post(DAVE_POST)
    recheck(world, 122)  # 11:16: gone

    row = finding(world, "personal-data", "DaveHughesCllr")
    assert_fixed_by_monitor(world, row, "deleted")
    assert row.closed_note == "deleted between 10:15 and 11:16 on Tue 24 Nov 2026, 2 h after the alert"
    assert trail(world, row)[-1][2] == f"deleted: {row.closed_note}"


def test_an_x_post_edited_to_comply_is_fixed(world: World) -> None:
    world.tick()
    world.at(NOW + timedelta(minutes=30))
    world.x.edit_post(PRE_ELECTION_POST, "The Christmas lights switch-on is in the Market Place on Saturday at 5pm.")
    recheck(world, 61)

    assert_fixed_by_monitor(world, finding(world, "pre-election", "BrackleyTC"), "edited")


def test_an_x_post_edited_to_something_worse_stays_open_with_the_new_text_kept(world: World) -> None:
    world.tick()
    row = finding(world, "personal-data", "DaveHughesCllr")
    with session_scope(world.daemon.engine) as session:
        before = len(session.exec(select(EvidenceRow).where(EvidenceRow.finding_id == row.id)).all())
    world.at(NOW + timedelta(minutes=30))
    worse = ("Mrs Jenkins at 14 Bridge Street, Brackley NN13 6XX has waited three months for the pothole; ring "
             "her on 07700 900123 or email jenkins.m@example.com and tell her I said so.")
    world.x.edit_post(DAVE_POST, worse)
    recheck(world, 61)

    row = finding(world, "personal-data", "DaveHughesCllr")
    assert row.state == "open" and row.closed_at is None
    edited = [note for actor, action, note in trail(world, row) if (actor, action) == ("monitor", "edited")]
    assert edited == [f"edited, and personal-data still fires on the new text: {worse}"]
    with session_scope(world.daemon.engine) as session:
        captures = session.exec(select(EvidenceRow).where(EvidenceRow.finding_id == row.id)
                                .order_by(col(EvidenceRow.id))).all()
    assert len(captures) == before + 1 and "07700 900123" in captures[-1].capture_json
    recheck(world, 122)  # the same text again: nothing more to record
    assert len([a for a in trail(world, row) if a[1] == "edited"]) == 1


def test_a_disclaimer_added_to_an_x_profile_fixes_missing_disclaimer(world: World) -> None:
    world.tick()
    tom = world.x.users[world.x.user_id("TomOkaforBTC")]
    tom.description += DISCLAIMER
    recheck(world, 61)

    assert_fixed_by_monitor(world, finding(world, "missing-disclaimer", "TomOkaforBTC"), "disclaimer added")


def test_a_suspended_lookalike_fixes_impersonation(world: World) -> None:
    world.tick()
    world.x.suspend("BrackIeyTC")
    recheck(world, 61)

    row = finding(world, "impersonation", "BrackIeyTC")
    assert_fixed_by_monitor(world, row, "suspended")
    assert row.closed_note.startswith("suspended between 09:14 and 10:15 on Tue 24 Nov 2026, 1 h after the alert")


def test_a_renamed_lookalike_fixes_impersonation(world: World) -> None:
    world.tick()
    world.x.rename("BrackIeyTC", "NorthantsGardens")
    recheck(world, 61)

    row = finding(world, "impersonation", "BrackIeyTC")
    assert_fixed_by_monitor(world, row, "renamed")
    assert row.closed_note.startswith("now @NorthantsGardens (renamed between 09:14 and 10:15")


def test_a_facebook_post_deleted_after_its_alert_is_fixed_with_the_window(world: World) -> None:
    world.tick()
    world.facebook.delete_post(PRIYA_POST)
    recheck(world, 20)

    row = finding(world, "personal-data", "CllrPriyaSharma")
    assert_fixed_by_monitor(world, row, "deleted")
    assert row.closed_note == "deleted between 09:14 and 09:34 on Tue 24 Nov 2026, 20 min after the alert"


def test_a_facebook_post_edited_to_comply_is_fixed(world: World) -> None:
    world.tick()
    world.facebook.edit_post(PRIYA_POST, "Thank you to everyone who came to the Station Road residents' meeting.")
    recheck(world, 20)

    assert_fixed_by_monitor(world, finding(world, "personal-data", "CllrPriyaSharma"), "edited")


def test_a_facebook_post_edited_to_something_worse_stays_open_with_the_new_text_kept(world: World) -> None:
    world.tick()
    row = finding(world, "personal-data", "CllrPriyaSharma")
    with session_scope(world.daemon.engine) as session:
        before = len(session.exec(select(EvidenceRow).where(EvidenceRow.finding_id == row.id)).all())
    worse = "Mr Dennis Hale, 14 Station Road, Brackley NN13 6XX, mobile 07700 900456, blocks the road every morning."
    world.facebook.edit_post(PRIYA_POST, worse)
    recheck(world, 20)

    row = finding(world, "personal-data", "CllrPriyaSharma")
    assert row.state == "open"
    assert ("monitor", "edited", f"edited, and personal-data still fires on the new text: {worse}") in trail(world, row)
    with session_scope(world.daemon.engine) as session:
        captures = session.exec(select(EvidenceRow).where(EvidenceRow.finding_id == row.id)).all()
    assert len(captures) == before + 1


def test_a_facebook_page_that_now_says_when_it_is_staffed_fixes_hours_notice(world: World) -> None:
    world.tick()
    world.facebook.edit_page("BrackleyTownCouncil", about="Official page of Brackley Town Council. We reply "
                             "Monday to Friday, 9am to 5pm.")
    recheck(world, 20)

    row = finding(world, "hours-notice", "BrackleyTownCouncil")
    assert_fixed_by_monitor(world, row, "no longer found on re-check")


def test_nothing_is_read_before_the_interval_and_nothing_changes_when_nothing_did(world: World) -> None:
    world.tick()
    before = lookups(world)
    recheck(world, 30)  # X: not due yet
    assert lookups(world) == before == 0
    recheck(world, 61)
    with session_scope(world.daemon.engine) as session:
        states = {r.rule: r.state for r in session.exec(select(FindingRow).where(FindingRow.platform == "x"))}
        fixed = session.exec(select(AuditRow).where(AuditRow.action == "fixed")).all()
    assert set(states.values()) == {"open"} and fixed == []


def test_200_open_x_posts_are_rechecked_in_2_batched_reads_counted_in_the_budget(world: World) -> None:
    """The plan counts the re-check's reads; the job reads 100 ids a request and bills each post once."""
    posted = NOW - timedelta(hours=2)
    ids = [world.x.add_post("DaveHughesCllr", f"Ring Mr Hale on 07700 900{n:03d} about the hedge.", at=posted)
           for n in range(200)]
    with session_scope(world.daemon.engine) as session:
        outcome = record_findings(session, [
            Finding("personal-data", "x", "DaveHughesCllr", post_id, "high", "6.4", "Gives a phone number", {})
            for post_id in ids], set(), NOW)
        mark_alerted(session, outcome.to_alert, NOW)
        plan = budget_plan(session, world.config, NOW)
    assert plan.recheck_requests == 2 and plan.state == "ok"
    assert plan.projected_usd <= world.config.platforms.x.monthly_budget_usd

    before = world.x.billed()["posts"]
    recheck(world, 61)

    assert lookups(world) == 2  # GET /2/tweets?ids=, 100 ids each
    assert world.x.billed()["posts"] - before == 200
    with session_scope(world.daemon.engine) as session:
        spend = session.exec(select(SpendRow).where(SpendRow.kind == "recheck_post_read")).one()
        checked = session.exec(select(FindingRow).where(col(FindingRow.checked_at).is_not(None))).all()
    assert spend.count == 200 and spend.usd == 200 * world.config.platforms.x.post_read_usd
    assert len(checked) == 200


def test_the_poll_takes_an_x_edit_as_the_post_it_edits_so_it_alerts_once(world: World) -> None:
    """X gives an edit a new id: the poll reads it as new, but stores and judges it as the original post."""
    world.tick()
    subject = "[high] personal-data: @DaveHughesCllr on X"
    assert world.subjects().count(subject) == 1
    world.at(NOW + timedelta(minutes=10))
    world.x.edit_post(DAVE_POST, "Mrs Jenkins at 14 Bridge Street, Brackley NN13 6XX: ring her on 07700 900123.")
    world.tick(NOW + timedelta(minutes=15))  # the poll reads the new version; the re-check is not due yet

    with session_scope(world.daemon.engine) as session:
        rows = session.exec(select(FindingRow).where(FindingRow.rule == "personal-data",
                                                     FindingRow.handle == "DaveHughesCllr")).all()
    assert [(r.post_id, r.state) for r in rows] == [(DAVE_POST, "open")]
    assert world.subjects().count(subject) == 1
