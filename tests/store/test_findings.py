"""The findings lifecycle: alert once, re-alert only when back, dismissal suppresses, audit is never rewritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.checks import CHECKS
from monitor.records import Finding
from monitor.store.db import StoreError, session_scope
from monitor.store.findings import (
    SUBJECT_MAX,
    FindingError,
    Scope,
    account_scope,
    acknowledge,
    audit_trail,
    dismiss,
    evaluated_scopes,
    get_finding,
    list_findings,
    mark_alerted,
    post_scope,
    record_findings,
)
from monitor.store.models import AuditRow, FindingRow
from monitor.store.repo import save_batch
from tests.store.builders import DAY, HOUR, T0, account, batch, finding, post

DISCLAIMER = account_scope("missing-disclaimer", account())


def cycle(engine: Engine, findings: list[Finding], scopes: set[Scope], now: datetime = T0,
          alert: bool = True) -> list[int]:
    """Run one daemon cycle's bookkeeping; return the ids it says to alert on (and mark them alerted)."""
    with session_scope(engine) as session:
        outcome = record_findings(session, findings, scopes, now)
        if alert:
            mark_alerted(session, outcome.to_alert, now)
        return [row.id for row in outcome.to_alert if row.id is not None]


def states(engine: Engine) -> dict[int, str]:
    """Return each finding's state by id."""
    with session_scope(engine) as session:
        return {r.id or 0: r.state for r in session.exec(select(FindingRow))}


def actions(engine: Engine, finding_id: int) -> list[tuple[str, str]]:
    """Return (actor, action) of a finding's audit rows, oldest first."""
    with session_scope(engine) as session:
        return [(a.actor, a.action) for a in audit_trail(session, finding_id)]


def test_it_alerts_once_per_new_finding(database: Engine) -> None:
    """The same finding on three polls alerts on the first only."""
    first = cycle(database, [finding()], {DISCLAIMER})
    again = cycle(database, [finding()], {DISCLAIMER}, now=T0 + HOUR)
    third = cycle(database, [finding()], {DISCLAIMER}, now=T0 + 2 * HOUR)
    assert len(first) == 1 and again == [] and third == []
    assert states(database) == {first[0]: "open"}
    assert actions(database, first[0]) == [("monitor", "found"), ("monitor", "evidence captured"),
                                           ("monitor", "alerted")]


def test_a_handle_in_another_case_is_the_same_finding(database: Engine) -> None:
    """@CllrSmith and @cllrsmith are one account, so one finding."""
    cycle(database, [finding(handle="CllrSmith")], {DISCLAIMER})
    assert cycle(database, [finding(handle="cllrsmith")], {DISCLAIMER}, now=T0 + HOUR) == []


def test_a_finding_that_stops_firing_is_resolved_by_the_monitor(database: Engine) -> None:
    """The disclaimer is added: the next check of the profile resolves the finding."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    assert cycle(database, [], {DISCLAIMER}, now=T0 + DAY) == []
    assert states(database) == {fid: "fixed"}
    assert actions(database, fid)[-1] == ("monitor", "fixed")


def test_a_finding_not_checked_again_stays_open(database: Engine) -> None:
    """A cycle that did not look at the profile says nothing about the finding."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    other = account_scope("missing-disclaimer", account("CllrJones"))
    cycle(database, [], {other, post_scope("offensive", post("1"))}, now=T0 + DAY)
    assert states(database) == {fid: "open"}


def test_it_realerts_only_when_a_resolved_finding_comes_back(database: Engine) -> None:
    """Resolved, then back: reopened and alerted again, with the count of returns."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    cycle(database, [], {DISCLAIMER}, now=T0 + DAY)
    back = cycle(database, [finding()], {DISCLAIMER}, now=T0 + 2 * DAY)
    assert back == [fid]
    with session_scope(database) as session:
        row = get_finding(session, fid)
        assert (row.state, row.reopened, row.closed_at) == ("open", 1, None)
    assert [a for _, a in actions(database, fid)] == ["found", "evidence captured", "alerted", "fixed", "reopened",
                                                      "evidence captured", "alerted"]


def test_a_dismissed_finding_is_never_reopened_or_realerted(database: Engine) -> None:
    """A false positive stays dismissed whether it keeps firing or stops and comes back."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    with session_scope(database) as session:
        dismiss(session, fid, "clerk", "the disclaimer is in the pinned post", T0 + HOUR)
    assert cycle(database, [finding()], {DISCLAIMER}, now=T0 + DAY) == []
    assert cycle(database, [], {DISCLAIMER}, now=T0 + 2 * DAY) == []
    assert cycle(database, [finding()], {DISCLAIMER}, now=T0 + 3 * DAY) == []
    assert states(database) == {fid: "dismissed"}
    assert actions(database, fid)[-1] == ("clerk", "dismissed")


def test_an_acknowledged_finding_is_resolved_when_fixed_and_realerts_if_back(database: Engine) -> None:
    """Acknowledged means 'being dealt with': fixing it resolves it; a relapse alerts again."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    with session_scope(database) as session:
        acknowledge(session, fid, "clerk", "emailed Cllr Smith", T0 + HOUR)
    assert cycle(database, [finding()], {DISCLAIMER}, now=T0 + 2 * HOUR) == []
    cycle(database, [], {DISCLAIMER}, now=T0 + DAY)
    assert cycle(database, [finding()], {DISCLAIMER}, now=T0 + 2 * DAY) == [fid]


def test_an_unalerted_open_finding_is_not_returned_twice(database: Engine) -> None:
    """A finding left open (waiting for the digest) is returned once, then only seen again."""
    assert len(cycle(database, [finding()], {DISCLAIMER}, alert=False)) == 1
    assert cycle(database, [finding()], {DISCLAIMER}, now=T0 + HOUR, alert=False) == []
    assert list(states(database).values()) == ["open"]


def test_findings_with_distinct_subjects_alert_separately(database: Engine) -> None:
    """One lookalike account impersonating two registered accounts: two findings, each alerted once."""
    a = finding("impersonation", handle="CIlrSmith", subject="x:cllrsmith")
    b = finding("impersonation", handle="CIlrSmith", subject="x:brackleytc")
    assert len(cycle(database, [a, b], set())) == 2
    assert cycle(database, [a, b], set(), now=T0 + HOUR) == []


def test_an_overlong_subject_is_stored_stably(database: Engine) -> None:
    """A subject longer than its column is shortened the same way each time, so it still alerts once."""
    long = finding("impersonation", handle="x", subject="y" * 1000)
    assert len(cycle(database, [long], set())) == 1
    assert cycle(database, [long], set(), now=T0 + HOUR) == []
    with session_scope(database) as session:
        assert len(session.exec(select(FindingRow)).one().subject) == SUBJECT_MAX


def test_a_finding_quoting_unstorable_text_still_alerts_once(database: Engine) -> None:
    """A NUL or a lone surrogate in the message and evidence is replaced, consistently across polls."""
    f = finding("offensive", post_id="1\x00", message="says \x00 and \udc80", excerpt="\x00")
    [fid] = cycle(database, [f], set())
    assert cycle(database, [f], set(), now=T0 + HOUR) == []
    with session_scope(database) as session:
        row = get_finding(session, fid)
    assert (row.message, row.post_id) == ("says \ufffd and ?", "1\ufffd")


def test_a_post_finding_resolves_only_when_that_post_is_checked_again(database: Engine) -> None:
    """An edited post that no longer fires resolves its finding; checking another post does not."""
    f = finding("offensive", post_id="1001", message="abusive")
    [fid] = cycle(database, [f], {post_scope("offensive", post("1001"))})
    cycle(database, [], {post_scope("offensive", post("1002"))}, now=T0 + HOUR)
    assert states(database)[fid] == "open"
    cycle(database, [], {post_scope("offensive", post("1001"))}, now=T0 + 2 * HOUR)
    assert states(database)[fid] == "fixed"


def test_evaluated_scopes_cover_what_each_kind_of_check_looked_at() -> None:
    """Account checks cover the profiles fetched, post checks the posts, history checks the history."""
    scopes = evaluated_scopes(CHECKS, [account()], [post("1")], history_posts=[post("9", handle="resident")])
    rules = {c.rule: c.applies_to for c in CHECKS}
    assert Scope("missing-disclaimer", "x", "cllrsmith", None) in scopes
    assert Scope("offensive", "x", "cllrsmith", "1") in scopes
    assert Scope("unanswered", "x", "resident", "9") in scopes
    assert all(s.post_id is None for s in scopes if rules[s.rule] == "account")


def test_acknowledging_needs_a_live_finding_and_a_note(database: Engine) -> None:
    """Unknown ids, empty notes and closed findings are refused with a hint."""
    [fid] = cycle(database, [finding()], {DISCLAIMER})
    with session_scope(database) as session:
        with pytest.raises(FindingError, match=r"no finding 999.*council-monitor findings"):
            acknowledge(session, 999, "clerk", "x", T0)
        with pytest.raises(FindingError, match="--note is empty"):
            acknowledge(session, fid, "clerk", "  ", T0)
        dismiss(session, fid, "clerk", "false positive", T0)
        with pytest.raises(FindingError, match="is dismissed"):
            acknowledge(session, fid, "clerk", "seen", T0)
        with pytest.raises(FindingError, match="is dismissed, so you cannot dismiss it; you can reopen it"):
            dismiss(session, fid, "clerk", "again", T0)


def test_the_database_refuses_to_rewrite_or_delete_recent_audit_rows(database: Engine) -> None:
    """Audit rows are append-only: an UPDATE or an early DELETE is refused by the database itself."""
    # The triggers read the database's own clock, so these rows are written at the real time.
    [fid] = cycle(database, [finding()], {DISCLAIMER}, now=datetime.now(UTC))
    for statement in ("UPDATE audit SET note = 'nothing happened'", "DELETE FROM audit"):
        with pytest.raises(StoreError, match="audit rows are"), session_scope(database) as session:
            session.connection().execute(text(statement))
    assert actions(database, fid) == [("monitor", "found"), ("monitor", "evidence captured"), ("monitor", "alerted")]


def test_a_finding_flags_its_post_as_evidence(database: Engine) -> None:
    """The post a finding is about is marked so that retention keeps it."""
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post("1001"), post("1002")]), T0)
    cycle(database, [finding("offensive", post_id="1001")], set())
    with session_scope(database) as session:
        rows = session.connection().execute(text("SELECT post_id, has_findings FROM post")).all()
        flags: dict[str, object] = {r[0]: r[1] for r in rows}
    assert {k: bool(v) for k, v in flags.items()} == {"1001": True, "1002": False}


def test_listing_keeps_active_findings_and_filters_by_rule(database: Engine) -> None:
    """--open shows open, alerted and acknowledged findings; --rule narrows to one rule."""
    ids = cycle(database, [finding(), finding("offensive", post_id="7"), finding(handle="CllrJones")], set())
    with session_scope(database) as session:
        dismiss(session, ids[2], "clerk", "not a councillor any more", T0)
        assert {r.id for r in list_findings(session, active_only=True)} == set(ids[:2])
        assert [r.id for r in list_findings(session, rule="offensive")] == [ids[1]]
        assert len(list_findings(session)) == 3
        assert session.exec(select(AuditRow).where(AuditRow.actor == "clerk")).one().note == "not a councillor any more"


def test_a_wide_scope_resolves_every_finding_of_its_rule_on_that_platform(database: Engine) -> None:
    """Scope(rule, platform) with ANY for the rest covers every account and post of the rule there."""
    ids = cycle(database, [finding("offensive", post_id="1"), finding("offensive", handle="Other", post_id="2"),
                           finding()], set())
    cycle(database, [], {Scope("offensive", "x")}, now=T0 + HOUR)
    assert states(database) == {ids[0]: "fixed", ids[1]: "fixed", ids[2]: "open"}
