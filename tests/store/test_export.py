"""Subject access export: everything held about one account, and nothing about someone else."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from monitor.store.db import session_scope
from monitor.store.export import export_account
from monitor.store.findings import acknowledge, mark_alerted, record_findings
from monitor.store.models import DeliveryRow
from monitor.store.repo import save_batch
from tests.store.builders import DAY, HOUR, T0, account, batch, finding, post


def seed(engine: Engine) -> int:
    """Store a councillor, a namesake, posts, a finding with its trail and alerts; return the finding id."""
    with session_scope(engine) as session:
        save_batch(session, batch([account(), account("CllrSmithson", bio="Also views my own")],
                                  [post("1"), post("2", "CllrSmithson"),
                                   post("3", "Resident1", T0, "@cllrsmith when is the meeting?", role="other")]), T0)
        save_batch(session, batch([account(bio="Vote for me")]), T0 + DAY)
        [row] = record_findings(session, [finding()], set(), T0 + DAY).to_alert
        assert row.id is not None
        mark_alerted(session, [row], T0 + DAY)
        acknowledge(session, row.id, "clerk", "emailed him", T0 + DAY + HOUR)
        for key, body in ((f"alert:{row.id}:1", "Missing disclaimer"), ("report:2025-10", "@CllrSmith posted 3"),
                          ("report:2025-11", "@CllrSmithson posted 1")):
            session.add(DeliveryRow(dedupe_key=key, kind="alert", title="Alert", body_text=body,
                                    next_attempt_at=T0, created_at=T0))
        return row.id


def test_the_export_holds_the_account_its_history_posts_findings_audit_and_messages(database: Engine) -> None:
    """One account's export, and nothing of the namesake whose handle merely starts the same."""
    fid = seed(database)
    with session_scope(database) as session:
        out = export_account(session, "x", "@cllrSMITH", now=T0 + 2 * DAY)
    [acct] = out["accounts"]
    assert (out["found"], acct["handle"]) == (True, "CllrSmith")
    assert [v["bio"] for v in acct["profile_versions"]] == ["Views my own", "Vote for me"]
    assert [p["post_id"] for p in out["posts"]] == ["1"]
    assert [p["post_id"] for p in out["posts_mentioning"]] == ["3"]
    assert [f["id"] for f in out["findings"]] == [fid]
    assert [(a["actor"], a["action"]) for a in out["audit"]] == [("monitor", "found"), ("monitor", "evidence captured"),
                                                                ("monitor", "alerted"), ("clerk", "acknowledged")]
    assert [(e["finding_id"], e["capture"]["finding"]["id"]) for e in out["evidence"]] == [(fid, fid)]
    assert sorted(d["dedupe_key"] for d in out["deliveries"]) == [f"alert:{fid}:1", "report:2025-10"]
    assert out["findings"][0]["evidence"] == {}
    json.dumps(out)  # the command writes it as JSON: every value must serialise


def test_an_unknown_account_exports_as_nothing_found(database: Engine) -> None:
    """A request about someone never seen says so rather than failing."""
    seed(database)
    with session_scope(database) as session:
        out = export_account(session, None, "nobody_here")
    assert out["found"] is False
    assert out["accounts"] == out["posts"] == out["findings"] == out["deliveries"] == []


def test_a_handle_with_like_wildcards_matches_only_itself(database: Engine) -> None:
    """'_' and '%' in a handle are not wildcards."""
    seed(database)
    with session_scope(database) as session:
        assert export_account(session, "x", "Cllr_mith")["found"] is False
        assert export_account(session, "x", "%")["posts_mentioning"] == []
