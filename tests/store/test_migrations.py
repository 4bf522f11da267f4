"""Migrations: from nothing, from the previous schema with data, and in step with the models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select

from monitor.store.db import SchemaTooNew, current_revision, head_revision, migrate, open_database, session_scope
from monitor.store.models import AccountRow, AuditRow, FindingRow, LockRow, PostRow, ProfileVersion

T0 = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
TABLES = {"account", "profile_version", "post", "cursor", "finding", "audit", "delivery", "run", "spend",
          "source_health", "due", "daemon_lock"}


def test_it_builds_every_table_from_an_empty_database(empty_database_url: str) -> None:
    """Upgrade an empty database to head."""
    engine = open_database(empty_database_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_the_migrated_schema_matches_the_models(database: Engine) -> None:
    """Autogenerate finds nothing to do: models.py and the migrations agree."""
    with database.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diffs == []


def test_migrating_twice_changes_nothing(database: Engine) -> None:
    """Run upgrade head on a database already at head (every daemon start does)."""
    migrate(database)
    assert current_revision(database) == head_revision()


def seed_previous_schema(engine: Engine) -> None:
    """Write rows the way a 0001 database held them (raw SQL: today's models have more columns)."""
    naive = T0.replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO account (platform, handle_key, handle, role, display_name, bio, pinned_text, monitorable,"
            " first_seen, last_seen) VALUES ('x', 'cllrsmith', 'CllrSmith', 'councillor', 'Cllr Smith', 'Views my"
            " own', '', true, :t, :t)"), {"t": naive})
        conn.execute(text(
            "INSERT INTO post (platform, post_id, handle_key, handle, role, created_at, text, fetched_at,"
            " has_findings) VALUES ('x', '1001', 'cllrsmith', 'CllrSmith', 'councillor', :t, 'Vote for me', :t,"
            " true)"), {"t": naive})
        conn.execute(text(
            "INSERT INTO finding (rule, subject, platform, handle, post_id, severity, clause, message,"
            " evidence_json, state, first_seen, last_seen, reopened) VALUES ('missing-disclaimer',"
            " 'x:cllrsmith:', 'x', '@CllrSmith', NULL, 'medium', '5.2', 'no disclaimer', '{}', 'alerted', :t,"
            " :t, 0)"), {"t": naive})
        conn.execute(text("INSERT INTO daemon_lock (name, holder, heartbeat_at) VALUES ('daemon', 'h:1:n', :t)"),
                     {"t": naive})
        # Rows that point at a finding: rebuilding the finding table (SQLite batch mode) must not orphan them.
        conn.execute(text("INSERT INTO audit (at, actor, action, finding_id, note) SELECT :t, 'monitor', 'found',"
                          " id, 'no disclaimer' FROM finding"), {"t": naive})
        conn.execute(text("INSERT INTO profile_version (account_id, seen_at, display_name, bio, pinned_text)"
                          " SELECT id, :t, display_name, bio, '' FROM account"), {"t": naive})


def test_upgrading_from_the_previous_schema_keeps_every_row(empty_database_url: str) -> None:
    """Upgrade a 0001 database holding data; nothing is lost and the new columns are filled in."""
    engine = open_database(empty_database_url)
    migrate(engine, "0001")
    seed_previous_schema(engine)
    migrate(engine)
    with session_scope(engine) as session:
        account = session.exec(select(AccountRow)).one()
        post = session.exec(select(PostRow)).one()
        finding = session.exec(select(FindingRow)).one()
        lock = session.exec(select(LockRow)).one()
        audit = session.exec(select(AuditRow)).one()
        version = session.exec(select(ProfileVersion)).one()
    assert (account.handle, account.bio, account.first_seen) == ("CllrSmith", "Views my own", T0)
    assert (post.text, post.has_findings) == ("Vote for me", True)
    assert (finding.handle_key, finding.state) == ("cllrsmith", "open")  # 0004: alerted is alerted_at
    assert lock.acquired_at == T0
    assert (audit.finding_id, audit.note) == (finding.id, "no disclaimer")
    assert (version.account_id, version.bio, version.avatar_hash) == (account.id, "Views my own", None)
    engine.dispose()


def seed_0003_findings(engine: Engine) -> None:
    """Write a finding in each state a 0003 database knew, each with its audit entries (raw SQL)."""
    naive = T0.replace(tzinfo=None)
    later = naive.replace(hour=11)
    with engine.begin() as conn:
        for n, (state, alerted, closed) in enumerate([("open", None, None), ("alerted", naive, None),
                                                      ("acknowledged", naive, None), ("resolved", naive, later),
                                                      ("dismissed", naive, later)]):
            conn.execute(text(
                "INSERT INTO finding (rule, subject, platform, handle, handle_key, post_id, severity, clause, message,"
                " evidence_json, state, first_seen, last_seen, alerted_at, closed_at, reopened) VALUES ('offensive',"
                " :subject, 'x', 'CllrSmith', 'cllrsmith', :post, 'high', '6.4', 'rude', '{}', :state, :t, :t,"
                " :alerted, :closed, 0)"),
                {"subject": f"x:cllrsmith:{n}", "post": str(n), "state": state, "t": naive, "alerted": alerted,
                 "closed": closed})
        conn.execute(text("INSERT INTO audit (at, actor, action, finding_id, note) SELECT :t, 'monitor', 'found',"
                          " id, 'rude' FROM finding"), {"t": naive})
        conn.execute(text("INSERT INTO audit (at, actor, action, finding_id, note) SELECT :t, 'clerk', 'dismissed',"
                          " id, 'quotes a resident' FROM finding WHERE state = 'dismissed'"), {"t": later})


def test_upgrading_from_0003_moves_each_finding_to_its_new_state_and_keeps_the_audit(
        empty_database_url: str) -> None:
    """alerted -> open (alerted_at kept), resolved -> fixed with its reason, dismissed keeps who and why."""
    engine = open_database(empty_database_url)
    migrate(engine, "0003")
    seed_0003_findings(engine)
    migrate(engine)
    with session_scope(engine) as session:
        rows = {r.post_id: r for r in session.exec(select(FindingRow))}
        audit = [(a.finding_id, a.actor, a.action, a.note) for a in session.exec(select(AuditRow).order_by(
            col(AuditRow.id)))]
    seen = {n: (r.state, r.alerted_at, r.closed_at, r.closed_by, r.closed_reason, r.closed_note)
            for n, r in rows.items()}
    closed = T0.replace(hour=11)
    assert seen == {
        "0": ("open", None, None, None, None, ""),
        "1": ("open", T0, None, None, None, ""),
        "2": ("acknowledged", T0, None, None, None, ""),
        "3": ("fixed", T0, closed, "monitor", "no longer found on re-check", ""),
        "4": ("dismissed", T0, closed, "clerk", "false positive", "quotes a resident"),
    }
    assert [(actor, action) for _, actor, action, _ in audit] == [("monitor", "found")] * 5 + [("clerk", "dismissed")]
    assert {fid for fid, *_ in audit} == {r.id for r in rows.values()}
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused_with_a_hint(database: Engine) -> None:
    """Pretend a newer release migrated the database: this one must not touch it."""
    with database.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    try:
        with pytest.raises(SchemaTooNew, match="newer council-monitor"):
            migrate(database)
    finally:
        # PostgreSQL's schema is the session's: later tests that migrate must find the real head again.
        with database.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()})
