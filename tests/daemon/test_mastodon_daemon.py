"""Mastodon in the daemon: polled beside X and Facebook, blind and seen again like them, its garbage its own,
and its open findings re-checked (a deleted status fixes its finding).

The real Mastodon.py client reads the sandbox's instances; the daemon, store and alerts are the real ones.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from monitor.sandbox.mastodon import MastodonSandbox
from monitor.sandbox.server import Fault
from monitor.store.db import session_scope
from monitor.store.models import PostRow
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import NOW, World, start_world
from tests.daemon.test_recheck import assert_fixed_by_monitor, finding, recheck
from tests.platforms.mastosupport import COUNCIL, COUNCILLOR, SCENARIO

BLIND = "Monitor blind to Mastodon since 09:14 Tue 24 Nov"
SEES = "Monitor sees Mastodon again"


@pytest.fixture
def mastodon_world(tmp_path: Path, database_url: str, smtp: SmtpServer,
                   webhook: WebhookServer) -> Iterator[tuple[World, MastodonSandbox]]:
    """Yield the Brackley daemon with the council's and a councillor's Mastodon accounts on the sandbox's instances."""
    sandbox = MastodonSandbox(json.loads(json.dumps(SCENARIO)), NOW)
    sandbox.start()

    def edit(data: dict[str, Any]) -> None:
        data["official"].append({"platform": "mastodon", "handle": COUNCIL})
        next(c for c in data["councillors"] if c["name"] == "Jane Whitfield")["accounts"].append(
            {"platform": "mastodon", "handle": COUNCILLOR})
        data["platforms"]["mastodon"] = {"base_url": sandbox.base_url}

    world = start_world(tmp_path, database_url, smtp, webhook, edit=edit)
    world.servers.append(sandbox)
    try:
        yield world, sandbox
    finally:
        world.close()


def sight(world: World) -> list[str]:
    """Return the subjects of the emails about the monitor's own sight of Mastodon."""
    return [s for s in world.subjects() if s.startswith("Monitor") and "Mastodon" in s]


def mastodon_posts(world: World) -> list[str]:
    """Return the stored Mastodon posts' ids."""
    with session_scope(world.daemon.engine) as session:
        return list(session.exec(select(PostRow.post_id).where(PostRow.platform == "mastodon")))


def test_mastodon_failing_for_hours_gives_one_blind_alert_and_one_recovery_alert(
        mastodon_world: tuple[World, MastodonSandbox], caplog: pytest.LogCaptureFixture) -> None:
    world, sandbox = mastodon_world
    caplog.set_level(logging.INFO)
    sandbox.inject("/", *[Fault(500, {"error": "Internal Server Error"}) for _ in range(400)])
    world.tick()
    for minutes in range(15, 181, 15):
        world.tick(NOW + timedelta(minutes=minutes))
    assert sight(world) == [BLIND]
    sandbox.faults.clear()
    world.tick(NOW + timedelta(minutes=195))
    world.tick(NOW + timedelta(minutes=210))
    assert sight(world) == [BLIND, SEES]
    assert len(mastodon_posts(world)) == 5  # read once it could be seen
    assert not [r for r in caplog.records if r.name.startswith("monitor") and r.exc_info]


def test_malformed_json_from_mastodon_is_a_clear_error_and_the_others_are_still_polled(
        mastodon_world: tuple[World, MastodonSandbox], caplog: pytest.LogCaptureFixture) -> None:
    world, sandbox = mastodon_world
    caplog.set_level(logging.INFO)
    sandbox.inject("/", Fault(200, raw=b"<html>Bad gateway</html"))
    world.tick()
    assert "not valid JSON" in caplog.text
    assert mastodon_posts(world) == []
    assert world.x.count("/2/") > 0 and world.facebook.count("/v") > 0  # the cycle went on for X and Facebook
    world.tick(NOW + timedelta(minutes=20))
    assert len(mastodon_posts(world)) == 5


def test_a_mastodon_status_deleted_after_its_alert_is_fixed(mastodon_world: tuple[World, MastodonSandbox]) -> None:
    world, sandbox = mastodon_world
    world.tick()
    world.at(NOW + timedelta(minutes=10))
    status = sandbox.add_status(COUNCILLOR, "Mrs Jenkins at 14 Bridge Street, Brackley NN13 6XX has waited months: "
                                "ring her on 07700 900123.")
    world.tick(NOW + timedelta(minutes=15))
    assert finding(world, "personal-data", COUNCILLOR).post_id == f"mastodon.org.uk/{status}"
    recheck(world, 76)
    assert finding(world, "personal-data", COUNCILLOR).state == "open"
    sandbox.delete(status)
    recheck(world, 137)
    assert_fixed_by_monitor(world, finding(world, "personal-data", COUNCILLOR), "deleted")
