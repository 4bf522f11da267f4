"""Migration 0005 on a database holding a trail: every existing entry chained in id order, triggers kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from monitor.store.chain import GENESIS, hash_of, verify
from monitor.store.db import StoreError, alembic_config, migrate, open_database, session_scope
from monitor.store.findings import acknowledge
from monitor.store.models import AuditRow

T0 = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)


def seed_0003(engine: Engine) -> None:
    """Write a finding and a trail of three entries (one with no finding) the way a 0003 database held them."""
    naive = T0.replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO finding (rule, subject, platform, handle, handle_key, post_id, severity, clause, message,"
            " evidence_json, state, first_seen, last_seen, reopened) VALUES ('offensive', 'x:cllrsmith:1001', 'x',"
            " 'CllrSmith', 'cllrsmith', '1001', 'high', '6.4', 'abusive', '{}', 'open', :t, :t, 0)"), {"t": naive})
        for n, (action, note) in enumerate((("found", "abusive \u202e <b>x</b>"), ("alerted", "alert queued"))):
            conn.execute(text("INSERT INTO audit (at, actor, action, finding_id, note) SELECT :t, 'monitor', :a, id,"
                              " :n FROM finding"), {"t": naive.replace(minute=30 + n), "a": action, "n": note})
        conn.execute(text("INSERT INTO audit (at, actor, action, finding_id, note) VALUES (:t, 'monitor',"
                          " 'daemon started', NULL, '')"), {"t": naive.replace(minute=40)})


def test_upgrading_chains_the_existing_trail_in_id_order(empty_database_url: str) -> None:
    """From 0003 with data to head: each old entry links to the one before it and verify passes."""
    engine = open_database(empty_database_url)
    migrate(engine, "0003")
    seed_0003(engine)
    migrate(engine)
    with session_scope(engine) as session:
        rows = list(session.exec(select(AuditRow).order_by(col(AuditRow.id))))
        assert [r.action for r in rows] == ["found", "alerted", "daemon started"]
        assert rows[0].prev_hash == GENESIS and rows[1].prev_hash == rows[0].entry_hash
        assert rows[2].prev_hash == rows[1].entry_hash
        assert verify(session).broken is None
        # A new entry, as add_audit writes it, carries on from the migrated head.
        fid = rows[0].finding_id or 0
        new = acknowledge(session, fid, "clerk", "asked for it to come down", T0.replace(hour=11))
        assert new.state == "acknowledged"
    with session_scope(engine) as session:
        assert verify(session).checked == 4 and verify(session).broken is None
        last = session.get(AuditRow, 4)
        assert last is not None and last.prev_hash == rows[2].entry_hash and hash_of(last) == last.entry_hash
    with pytest.raises(StoreError, match="audit rows are never changed"), session_scope(engine) as session:
        session.connection().execute(text("UPDATE audit SET note = 'x'"))
    with pytest.raises(StoreError, match="evidence is never changed"), session_scope(engine) as session:
        session.connection().execute(text(
            "INSERT INTO evidence (finding_id, captured_at, reason, capture_json, sha256) SELECT id, :t, 'detected',"
            " '{}', 'x' FROM finding"), {"t": T0.replace(tzinfo=None)})
        session.connection().execute(text("UPDATE evidence SET sha256 = 'y'"))
    engine.dispose()


def test_downgrading_and_upgrading_again_keeps_the_trail(empty_database_url: str) -> None:
    """0005 can be undone (the captures go, the entries stay) and redone, chaining the same way."""
    engine = open_database(empty_database_url)
    migrate(engine, "0003")
    seed_0003(engine)
    migrate(engine)
    with session_scope(engine) as session:
        before = [r.entry_hash for r in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == 3
    migrate(engine)
    with session_scope(engine) as session:
        after = [r.entry_hash for r in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]
        assert after == before and verify(session).broken is None
    with pytest.raises(StoreError, match="audit rows are never changed"), session_scope(engine) as session:
        session.connection().execute(text("UPDATE audit SET note = 'x'"))
    engine.dispose()
