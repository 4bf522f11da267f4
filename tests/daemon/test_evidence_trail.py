"""End to end on the Brackley sandbox: each finding's evidence is captured as the adapters read it, tokens out,
and the daily digest carries a head hash the audit trail holds."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlmodel import select

from monitor.store.chain import verify
from monitor.store.db import session_scope
from monitor.store.evidence import captures, intact
from monitor.store.models import EvidenceRow, FindingRow
from tests.alerts.servers import parts
from tests.daemon.support import FB_TOKEN, NOW, X_TOKEN, World

DIGEST_TIME = NOW.replace(hour=8, minute=30) + timedelta(days=1)


def test_every_finding_of_a_cycle_keeps_what_the_adapter_read(world: World) -> None:
    world.tick()

    with session_scope(world.daemon.engine) as session:
        findings = list(session.exec(select(FindingRow)))
        kept = {f.id: captures(session, f.id or 0) for f in findings}
        everything = [e.capture_json for e in session.exec(select(EvidenceRow))]
        assert verify(session).broken is None
    assert findings and all(len(kept[f.id]) == 1 and intact(kept[f.id][0]) for f in findings)
    for f in findings:
        doc = json.loads(kept[f.id][0].capture_json)
        if f.rule in ("personal-data", "pre-election"):  # post findings: the Post and the platform's JSON for it
            assert doc["record"]["type"] == "Post" and doc["record"]["id"] == f.post_id
            assert doc["raw"]["id"] == f.post_id
        if f.rule in ("missing-disclaimer", "impersonation"):  # profile findings: the Account as read
            assert doc["record"]["type"] == "Account" and doc["raw"] is not None
    assert not [c for c in everything if X_TOKEN in c or FB_TOKEN in c]


def test_the_digest_carries_a_head_hash_the_trail_holds(world: World) -> None:
    world.tick()
    world.tick(DIGEST_TIME)

    [digest] = [m for m in world.smtp.inbox.messages if str(m["Subject"]).startswith("Daily digest")]
    text, _ = parts(digest)
    found = re.search(r"Audit trail head: ([0-9a-f]{64})", text)
    assert found, text[:500]
    with session_scope(world.daemon.engine) as session:
        verdict = verify(session, head=found.group(1))
    assert verdict.broken is None and verdict.head_found is True
    assert verdict.head != found.group(1)  # the digest's own "alerted" entries came after the hash it carries
