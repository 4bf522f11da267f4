"""A console's worth of findings, accounts and people, written through the store's own models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from monitor.store import users
from monitor.store.db import session_scope
from monitor.store.models import AccountRow, FindingRow, PostRow, SourceHealthRow, SpendRow

NOW = datetime.now(UTC).replace(microsecond=0)
PASSWORD = "correct horse battery staple"
HOSTILE = ('<script>alert("post")</script> <img src=x onerror="alert(\'img\')"> '
           '<a href="javascript:alert(\'link\')">click</a> \u202eevil\u202c')


@dataclass
class Seeded:
    """The ids the tests look for."""

    impersonation: int
    offensive: int
    personal: int
    hostile: int


def _finding(rule: str, handle: str, message: str, severity: str, evidence: dict[str, object],
             post_id: str | None = None, ago: int = 1) -> FindingRow:
    """Return an open finding first seen some hours ago."""
    seen = NOW - timedelta(hours=ago)
    return FindingRow(rule=rule, subject=f"x:{handle.lower()}:{post_id or ''}:{rule}", platform="x", handle=handle,
                      handle_key=handle.lower(), post_id=post_id, severity=severity, clause="6.1", message=message,
                      evidence_json=json.dumps(evidence), first_seen=seen, last_seen=seen, alerted_at=seen)


def seed(engine: Engine) -> Seeded:
    """Write accounts, posts, four open findings and three people (clerk, deputy, viewer)."""
    with session_scope(engine) as s:
        for handle, role, name in (("CllrJWhitfield", "councillor", "Cllr Jane Whitfield"),
                                   ("BrackIeyTC", "other", HOSTILE), ("BrackleyTC", "official", "Brackley TC")):
            s.add(AccountRow(platform="x", handle_key=handle.lower(), handle=handle, role=role, display_name=name,
                             first_seen=NOW, last_seen=NOW, last_post_at=NOW - timedelta(hours=3)))
        text = "The planning officer is a total idiot and should be sacked"
        s.add(PostRow(platform="x", post_id="p1", handle_key="cllrjwhitfield", handle="CllrJWhitfield",
                      role="councillor", created_at=NOW - timedelta(hours=3), text=text, fetched_at=NOW,
                      url="https://x.com/CllrJWhitfield/status/1", has_findings=True))
        s.add(PostRow(platform="x", post_id="p2", handle_key="cllrjwhitfield", handle="CllrJWhitfield",
                      role="councillor", created_at=NOW - timedelta(hours=2), text=HOSTILE, fetched_at=NOW,
                      url="javascript:alert('url')", has_findings=True))
        start = text.index("total idiot")
        rows = [
            _finding("impersonation", "BrackIeyTC", "@BrackIeyTC looks like the council's account @BrackleyTC",
                     "high", {"subject": "x:BrackleyTC", "owner": "the council", "reasons": ["lookalike handle"],
                              "field": "profile", "excerpt": "Brackley TC"}, ago=1),
            _finding("offensive", "CllrJWhitfield", "Offensive language about an officer", "high",
                     {"field": "text", "span": [start, start + len("total idiot")], "excerpt": "total idiot"},
                     post_id="p1", ago=2),
            _finding("personal-data", "CllrJWhitfield", "A phone number in a post", "medium",
                     {"field": "text", "excerpt": "07700 900123"}, post_id="p1", ago=3),
            _finding("personal-opinion", "CllrJWhitfield", HOSTILE, "low",
                     {"field": "text", "excerpt": HOSTILE}, post_id="p2", ago=4),
        ]
        for row in rows:
            s.add(row)
        s.flush()
        s.add(SourceHealthRow(source="x", state="up", since=NOW - timedelta(days=2)))
        s.add(SourceHealthRow(source="facebook-token", state="down", since=NOW - timedelta(hours=5),
                              last_error="The Page token expires on 20 Dec 2026 (in 16 days)"))
        s.add(SpendRow(day=NOW.date(), platform="x", kind="post_read", count=400, usd=2.0))
        for name, role in (("clerk", "clerk"), ("deputy", "deputy"), ("viewer", "viewer")):
            user = users.add_user(s, name, f"{name}@brackley.example", role, PASSWORD, "test", NOW)
            user.must_change_password = False
        ids = [r.id or 0 for r in rows]
    return Seeded(*ids)
