"""Retention: plain posts and residents go after 90 days; evidence and the audit trail stay for six years."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from monitor.config import Config
from monitor.store.db import session_scope
from monitor.store.findings import dismiss, mark_alerted, record_findings
from monitor.store.models import AccountRow, AuditRow, DeliveryRow, FindingRow, PostRow, ProfileVersion, RunRow
from monitor.store.repo import save_batch
from monitor.store.retention import purge
from monitor.store.runs import start_run
from tests.store.builders import DAY, account, batch, finding, post

# The audit triggers read the database's clock, so this test's times are real ones.
NOW = datetime.now(UTC).replace(microsecond=0)
LONG_AGO = NOW - timedelta(days=7 * 365)


def held(engine: Engine, model: type[SQLModel], column: str) -> list[str]:
    """Return one column of every row of a table, sorted."""
    with session_scope(engine) as session:
        return sorted(str(getattr(r, column)) for r in session.exec(select(model)))


def seed(engine: Engine) -> None:
    """Store old and recent posts, residents, findings (live, dismissed long ago) and messages."""
    old, recent = NOW - 100 * DAY, NOW - 10 * DAY
    with session_scope(engine) as session:
        save_batch(session, batch([account("Resident1", "other", "I live here")],
                                  [post("old-plain", at=old), post("old-evidence", at=old),
                                   post("old-comment", "Resident1", old, "Nice", role="other")]), old)
        save_batch(session, batch([account("Resident2", "other", "Me"), account()], [post("recent", at=recent)]),
                   recent)
        outcome = record_findings(session, [finding("offensive", post_id="old-evidence")], set(), old)
        mark_alerted(session, outcome.to_alert, old)
        ancient = record_findings(session, [finding(handle="CllrGone")], set(), LONG_AGO).to_alert[0]
        assert ancient.id is not None
        dismiss(session, ancient.id, "clerk", "left the council", LONG_AGO)
        start_run(session, "poll:x", old)
        start_run(session, "poll:x", recent)
        for key, at in (("alert:old", LONG_AGO), ("alert:new", recent)):
            session.add(DeliveryRow(dedupe_key=key, kind="alert", title="t", body_text="b", next_attempt_at=at,
                                    created_at=at, state="sent"))


def test_the_purge_keeps_evidence_and_drops_what_is_past_its_time(database: Engine, example_config: Config) -> None:
    """Old plain posts, old comments, unseen residents, old runs, six-year-old closed findings go; the rest stays."""
    seed(database)
    with session_scope(database) as session:
        purged = purge(session, example_config, NOW)
    assert held(database, PostRow, "post_id") == ["old-evidence", "recent"]
    assert held(database, AccountRow, "handle") == ["CllrSmith", "Resident2"]
    assert held(database, FindingRow, "rule") == ["offensive"]
    # Retention's own "purged" entry bridges the audit chain across what went.
    assert held(database, AuditRow, "action") == ["alerted", "evidence captured", "found", "purged"]
    assert held(database, DeliveryRow, "dedupe_key") == ["alert:new"]
    assert len(held(database, RunRow, "id")) == 1
    assert purged.as_dict() == {"posts": 2, "accounts": 1, "profile_versions": 1, "runs": 1, "findings": 1,
                                "audit": 3, "deliveries": 1, "archived": 0}


def test_purging_twice_deletes_nothing_more(database: Engine, example_config: Config) -> None:
    """A second purge at the same time is a no-op."""
    seed(database)
    with session_scope(database) as session:
        purge(session, example_config, NOW)
    with session_scope(database) as session:
        assert set(purge(session, example_config, NOW).as_dict().values()) == {0}


def test_a_profile_history_keeps_its_newest_version_however_old(database: Engine, example_config: Config) -> None:
    """A councillor's profile versions older than six years go, except the one still current."""
    with session_scope(database) as session:
        save_batch(session, batch([account(bio="first")]), LONG_AGO)
        save_batch(session, batch([account(bio="second")]), LONG_AGO + DAY)
        purge(session, example_config, NOW)
    assert held(database, ProfileVersion, "bio") == ["second"]


def test_an_evidence_post_goes_once_its_findings_have_gone(database: Engine, example_config: Config) -> None:
    """A post flagged as evidence whose findings were purged is no longer kept."""
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post("p", at=LONG_AGO)]), LONG_AGO)
        session.connection().execute(text("UPDATE post SET has_findings = true"))
        purge(session, example_config, NOW)
    assert held(database, PostRow, "post_id") == []
