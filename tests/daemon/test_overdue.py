"""Overdue assignments in the daily digest: listed every day from the day after their due date until closed."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from monitor.store.db import session_scope
from monitor.store.findings import assign, mark_fixed
from monitor.store.models import FindingRow
from tests.alerts.servers import parts
from tests.daemon.support import NOW, World

DIGEST_TIME = NOW.replace(hour=8, minute=30) + timedelta(days=1)  # Wednesday 08:30 GMT


def digests(world: World) -> list[tuple[str, str]]:
    """Return (subject, text) of each daily digest received."""
    return [(str(m["Subject"]), parts(m)[0]) for m in world.smtp.inbox.messages
            if str(m["Subject"]).startswith("Daily digest")]


def test_an_overdue_assignment_is_in_each_digest_until_it_is_fixed(world: World) -> None:
    world.tick()
    with session_scope(world.daemon.engine) as session:
        row = session.exec(select(FindingRow).where(FindingRow.rule == "personal-data",
                                                    FindingRow.handle == "DaveHughesCllr")).one()
        fid = row.id or 0
        assign(session, fid, "clerk", "Dave Hughes", NOW + timedelta(hours=3), "please delete the post", NOW)
    world.tick(DIGEST_TIME)

    [(subject, text)] = digests(world)
    assert subject.endswith(", 1 overdue")
    assert "1 assignment(s) past their due date" in text
    assert f"Finding {fid}" in text and "@DaveHughesCllr" in text
    assert "personal-data, assigned to Dave Hughes, due Tue 24 Nov 2026 12:14" in text

    with session_scope(world.daemon.engine) as session:
        mark_fixed(session, fid, "clerk", "Cllr Hughes deleted it", DIGEST_TIME + timedelta(hours=1))
    world.tick(DIGEST_TIME + timedelta(days=1))
    assert all("past their due date" not in text for _, text in digests(world)[1:])
