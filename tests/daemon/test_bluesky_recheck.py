"""Re-checking Bluesky, end to end: the daemon's recheck job on the Brackley sandboxes, the real atproto client.

Each test runs the first cycle, changes the Bluesky sandbox as a councillor would (a post deleted, a
disclaimer added to a bio), runs the recheck job an hour later, and reads the finding and its audit trail
back from the database; the Brackley scenario's Bluesky lookalike (the council's domain handle moved under
bsky.social) is suspended, deactivated or renamed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.sandbox.bluesky import BlueskySandbox
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import NOW, World, start_world
from tests.daemon.test_recheck import DISCLAIMER, assert_fixed_by_monitor, finding, recheck, trail

SCENARIO = Path(__file__).parents[2] / "monitor" / "sandbox" / "scenarios" / "brackley.bluesky.json"
COUNCIL = "brackley-tc.gov.uk"
JANE = "janewhitfield.bsky.social"  # her bio has no disclaimer


@pytest.fixture
def world(tmp_path: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer) -> Iterator[World]:
    """Yield the Brackley daemon with the council's and Cllr Whitfield's Bluesky accounts on a Bluesky sandbox."""
    sandbox = BlueskySandbox(json.loads(SCENARIO.read_text(encoding="utf-8")), NOW)
    sandbox.start()

    def edit(data: dict[str, Any]) -> None:
        data["official"].append({"platform": "bluesky", "handle": COUNCIL})
        next(c for c in data["councillors"] if c["name"] == "Jane Whitfield")["accounts"].append(
            {"platform": "bluesky", "handle": JANE})
        data["platforms"]["bluesky"] = {"base_url": sandbox.base_url}

    started = start_world(tmp_path, database_url, smtp, webhook, edit=edit)
    started.servers.append(sandbox)
    try:
        yield started
    finally:
        started.close()


def bluesky(world: World) -> BlueskySandbox:
    """Return the Bluesky sandbox the daemon reads."""
    return next(s for s in world.servers if isinstance(s, BlueskySandbox)
                and s.base_url == world.config.platforms.bluesky.base_url)


def appview_reads(world: World, method: str) -> int:
    """Return how many times the AppView was asked one XRPC method."""
    return sum(1 for r in bluesky(world).requests if r.path == f"/xrpc/{method}")


def test_a_bluesky_post_deleted_after_its_alert_is_fixed_with_the_window(world: World) -> None:
    world.tick()
    world.at(NOW + timedelta(minutes=10))
    uri = bluesky(world).add_post(JANE, "Mrs Jenkins at 14 Bridge Street, Brackley NN13 6XX has waited months: "
                                  "ring her on 07700 900123.")
    world.tick(NOW + timedelta(minutes=15))  # 09:29: the poll reads it and alerts
    assert finding(world, "personal-data", JANE).post_id == uri
    recheck(world, 76)  # 10:30: still there
    assert finding(world, "personal-data", JANE).state == "open"
    assert appview_reads(world, "app.bsky.feed.getPosts") == 1
    bluesky(world).delete(uri)
    recheck(world, 137)  # 11:31: gone

    row = finding(world, "personal-data", JANE)
    assert_fixed_by_monitor(world, row, "deleted")
    assert row.closed_note.startswith("deleted between 10:30 and 11:31 on Tue 24 Nov 2026")
    assert trail(world, row)[-1] == ("monitor", "fixed", f"deleted: {row.closed_note}")


def test_a_disclaimer_added_to_a_councillors_bluesky_bio_fixes_missing_disclaimer(world: World) -> None:
    world.tick()
    assert finding(world, "missing-disclaimer", JANE).state == "open"
    sandbox = bluesky(world)
    sandbox.describe(JANE, sandbox._account(JANE).description + DISCLAIMER)
    recheck(world, 61)

    row = finding(world, "missing-disclaimer", JANE)
    assert_fixed_by_monitor(world, row, "disclaimer added")
    assert appview_reads(world, "app.bsky.actor.getProfiles") >= 1


def test_a_bluesky_bio_left_alone_stays_open(world: World) -> None:
    world.tick()
    recheck(world, 61)

    row = finding(world, "missing-disclaimer", JANE)
    assert row.state == "open" and row.checked_at is not None
    assert [a for a in trail(world, row) if a[0] == "monitor" and a[1] == "fixed"] == []


LOOKALIKE = "brackley-tc-gov-uk.bsky.social"  # the council's domain handle moved under bsky.social


def test_a_suspended_bluesky_lookalike_fixes_impersonation(world: World) -> None:
    world.tick()
    assert finding(world, "impersonation", LOOKALIKE).state == "open"
    bluesky(world).takedown(LOOKALIKE)
    recheck(world, 61)

    row = finding(world, "impersonation", LOOKALIKE)
    assert_fixed_by_monitor(world, row, "suspended")
    assert row.closed_note.startswith("suspended between ")
    # getProfiles leaves a suspended account out; getProfile is what names the suspension.
    assert appview_reads(world, "app.bsky.actor.getProfile") == 1


def test_a_deactivated_bluesky_lookalike_is_fixed_as_deactivated(world: World) -> None:
    world.tick()
    bluesky(world).deactivate(LOOKALIKE)
    recheck(world, 61)

    assert_fixed_by_monitor(world, finding(world, "impersonation", LOOKALIKE), "deactivated")


def test_a_renamed_bluesky_lookalike_fixes_impersonation(world: World) -> None:
    world.tick()
    bluesky(world).rename(LOOKALIKE, "northants-gardens.bsky.social")
    recheck(world, 61)

    row = finding(world, "impersonation", LOOKALIKE)
    assert_fixed_by_monitor(world, row, "renamed")
    assert row.closed_note.startswith("now @northants-gardens.bsky.social (renamed between ")


def test_a_bluesky_lookalike_left_alone_stays_open(world: World) -> None:
    world.tick()
    recheck(world, 61)

    row = finding(world, "impersonation", LOOKALIKE)
    assert row.state == "open" and row.checked_at is not None
    assert appview_reads(world, "app.bsky.actor.getProfile") == 0
