"""Evidence kept at detection: the full record and the platform's JSON (tokens out), hashed, never changed."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.store.db import StoreError, session_scope
from monitor.store.evidence import REMOVED, capture, captures, intact, record_lookup, scrubbed
from monitor.store.findings import audit_trail, get_finding, record_findings
from monitor.store.models import EvidenceRow
from tests.store.builders import DAY, T0, account, finding, post

TOKEN = "EAAGsecretPageToken123456"
RAW_POST: dict[str, Any] = {
    "id": "1001", "text": "You are all <script>alert(1)</script> idiots", "author_id": "42",
    "created_at": "2025-03-03T09:00:00.000Z",
    "paging": {"next": f"https://graph.facebook.com/v19.0/1/comments?access_token={TOKEN}&after=QVFI&limit=25"},
    "access_token": TOKEN,
    "headers": {"Authorization": f"Bearer {TOKEN}", "X-Other": "fine"},
    "note": f"sent with Bearer {TOKEN}",
}


def test_the_platform_json_keeps_everything_but_the_tokens() -> None:
    """access_token keys, a token in a URL's query, an Authorization header and a Bearer string are removed."""
    clean = scrubbed(RAW_POST)
    assert TOKEN not in json.dumps(clean)
    assert clean["access_token"] == REMOVED and clean["headers"]["Authorization"] == REMOVED
    assert clean["headers"]["X-Other"] == "fine"
    assert clean["paging"]["next"].startswith("https://graph.facebook.com/v19.0/1/comments?access_token=")
    assert "after=QVFI" in clean["paging"]["next"] and "limit=25" in clean["paging"]["next"]
    assert clean["note"] == f"sent with Bearer {REMOVED}"
    assert clean["text"] == RAW_POST["text"]  # the post's own words are evidence, untouched


def test_a_new_finding_keeps_its_post_as_captured_with_a_hash_in_the_audit_chain(database: Engine) -> None:
    """The capture holds the finding, every field of the Post, the raw JSON scrubbed; its SHA-256 is in the trail."""
    record = post("1001", text=RAW_POST["text"], url="https://x.com/CllrSmith/status/1001", raw=RAW_POST)
    with session_scope(database) as session:
        [row] = record_findings(session, [finding("offensive", post_id="1001", message="abusive")], set(), T0,
                                records=record_lookup([record], [])).to_alert
        assert row.id is not None
        fid = row.id
    with session_scope(database) as session:
        [kept] = captures(session, fid)
        trail = audit_trail(session, fid)
    assert intact(kept) and kept.reason == "detected" and kept.captured_at == T0
    assert kept.sha256 == hashlib.sha256(kept.capture_json.encode()).hexdigest()
    doc = json.loads(kept.capture_json)
    assert doc["finding"]["rule"] == "offensive" and doc["finding"]["id"] == fid
    assert doc["record"]["type"] == "Post" and doc["record"]["text"] == RAW_POST["text"]
    assert doc["record"]["url"] == "https://x.com/CllrSmith/status/1001"
    assert doc["record"]["created_at"] == "2025-03-03T09:00:00+00:00"
    assert "raw" not in doc["record"] and doc["raw"]["id"] == "1001"
    assert TOKEN not in kept.capture_json
    assert [a.action for a in trail] == ["found", "evidence captured"]
    assert kept.sha256 in trail[1].note


def test_an_account_finding_keeps_the_profile(database: Engine) -> None:
    """A finding without a post captures the account it is about."""
    profile = account(bio="Leader of the council", raw={"id": "42", "username": "CllrSmith"})
    with session_scope(database) as session:
        [row] = record_findings(session, [finding()], set(), T0, records=record_lookup([], [profile])).to_alert
        [kept] = captures(session, row.id or 0)
    doc = json.loads(kept.capture_json)
    assert (doc["record"]["type"], doc["record"]["bio"], doc["raw"]) == (
        "Account", "Leader of the council", {"id": "42", "username": "CllrSmith"})


def test_without_the_record_the_finding_itself_is_still_captured(database: Engine) -> None:
    """A finding whose record the caller cannot give (e.g. a history rule) still has a capture."""
    with session_scope(database) as session:
        [row] = record_findings(session, [finding()], set(), T0).to_alert
        [kept] = captures(session, row.id or 0)
    doc = json.loads(kept.capture_json)
    assert (doc["record"], doc["raw"], doc["finding"]["message"]) == (None, None, "no disclaimer")


def test_an_edit_seen_later_is_captured_beside_the_first(database: Engine) -> None:
    """The same finding seen again on a freshly read, changed profile: a second capture; unchanged: none."""
    first = account(bio="Leader", raw={"description": "Leader"})
    edited = account(bio="Leader of it all", raw={"description": "Leader of it all"})
    with session_scope(database) as session:
        [row] = record_findings(session, [finding()], set(), T0, records=record_lookup([], [first])).to_alert
        fid = row.id or 0
    for when, profile in ((T0 + DAY, first), (T0 + 2 * DAY, edited), (T0 + 3 * DAY, edited)):
        with session_scope(database) as session:
            record_findings(session, [finding()], set(), when, records=record_lookup([], [profile]))
    with session_scope(database) as session:
        kept = captures(session, fid)
        assert get_finding(session, fid).id == fid
    assert [(k.reason, k.captured_at) for k in kept] == [("detected", T0), ("changed", T0 + 2 * DAY)]
    assert [json.loads(k.capture_json)["record"]["bio"] for k in kept] == ["Leader", "Leader of it all"]


def test_the_database_refuses_to_change_or_delete_recent_evidence(database: Engine) -> None:
    """Captures are append-only: UPDATE is refused by a trigger, and DELETE within a year."""
    now = datetime.now(UTC)  # the triggers read the database's own clock
    with session_scope(database) as session:
        [row] = record_findings(session, [finding()], set(), now).to_alert
        capture(session, row, None, {"later": True}, now, "edited")
    for statement in ("UPDATE evidence SET capture_json = '{}'", "UPDATE evidence SET sha256 = 'x'",
                      "DELETE FROM evidence"):
        with pytest.raises(StoreError, match="evidence is"), session_scope(database) as session:
            session.connection().execute(text(statement))
    with session_scope(database) as session:
        assert all(intact(k) for k in captures(session, row.id or 0))
        assert len(session.connection().execute(text("SELECT id FROM evidence")).all()) == 2
        assert session.get(EvidenceRow, 1) is not None


def test_captures_stay_with_their_finding_through_retention(database: Engine, example_config: Config) -> None:
    """A purge 100 days on keeps an open finding's capture; a finding closed seven years ago goes with its captures."""
    from datetime import timedelta

    from monitor.store.findings import dismiss
    from monitor.store.retention import purge

    now = datetime.now(UTC).replace(microsecond=0)  # the triggers read the database's own clock
    old = now - timedelta(days=7 * 365)
    with session_scope(database) as session:
        [kept] = record_findings(session, [finding("offensive", post_id="1001")], set(), now - timedelta(days=100),
                                 records=record_lookup([post("1001", raw={"id": "1001"})], [])).to_alert
        [gone] = record_findings(session, [finding(handle="CllrGone")], set(), old).to_alert
        dismiss(session, gone.id or 0, "clerk", "left the council", old)
    with session_scope(database) as session:
        purge(session, example_config, now)
    with session_scope(database) as session:
        assert [c.reason for c in captures(session, kept.id or 0)] == ["detected"]
        assert captures(session, gone.id or 0) == []
        assert [r[0] for r in session.connection().execute(text("SELECT finding_id FROM evidence")).all()] == [kept.id]
