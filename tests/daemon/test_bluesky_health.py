"""Bluesky in the daemon: polled beside X and Facebook, blind and seen again like them, its garbage its own."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from monitor.sandbox.bluesky import BlueskySandbox
from monitor.sandbox.server import Fault
from monitor.store.db import session_scope
from monitor.store.models import PostRow
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import NOW, World, start_world
from tests.platforms.bskysupport import COUNCIL, COUNCILLOR, SCENARIO

BLIND = "Monitor blind to Bluesky since 09:14 Tue 24 Nov"
SEES = "Monitor sees Bluesky again"


@pytest.fixture
def bluesky_world(tmp_path: Path, database_url: str, smtp: SmtpServer,
                  webhook: WebhookServer) -> Iterator[tuple[World, BlueskySandbox]]:
    """Yield the Brackley daemon with the council's and a councillor's Bluesky accounts on a Bluesky sandbox."""
    sandbox = BlueskySandbox(json.loads(json.dumps(SCENARIO)), NOW)
    sandbox.start()

    def edit(data: dict[str, Any]) -> None:
        data["official"].append({"platform": "bluesky", "handle": COUNCIL})
        next(c for c in data["councillors"] if c["name"] == "Jane Whitfield")["accounts"].append(
            {"platform": "bluesky", "handle": COUNCILLOR})
        data["platforms"]["bluesky"] = {"base_url": sandbox.base_url}

    world = start_world(tmp_path, database_url, smtp, webhook, edit=edit)
    world.servers.append(sandbox)
    try:
        yield world, sandbox
    finally:
        world.close()


def sight(world: World) -> list[str]:
    """Return the subjects of the emails about the monitor's own sight of Bluesky."""
    return [s for s in world.subjects() if s.startswith("Monitor") and "Bluesky" in s]


def bluesky_posts(world: World) -> list[str]:
    """Return the stored Bluesky posts' ids."""
    with session_scope(world.daemon.engine) as session:
        return list(session.exec(select(PostRow.post_id).where(PostRow.platform == "bluesky")))


def test_bluesky_failing_for_hours_gives_one_blind_alert_and_one_recovery_alert(
        bluesky_world: tuple[World, BlueskySandbox], caplog: pytest.LogCaptureFixture) -> None:
    world, sandbox = bluesky_world
    caplog.set_level(logging.INFO)
    sandbox.inject("/xrpc/", *[Fault(500, {"error": "InternalServerError", "message": "Internal Server Error"})
                               for _ in range(400)])
    world.tick()
    for minutes in range(15, 181, 15):
        world.tick(NOW + timedelta(minutes=minutes))
    assert sight(world) == [BLIND]
    sandbox.faults.clear()
    world.tick(NOW + timedelta(minutes=195))
    world.tick(NOW + timedelta(minutes=210))
    assert sight(world) == [BLIND, SEES]
    assert len(bluesky_posts(world)) == 4  # read once it could be seen
    assert not [r for r in caplog.records if r.name.startswith("monitor") and r.exc_info]


def test_malformed_json_from_bluesky_is_a_clear_error_and_the_others_are_still_polled(
        bluesky_world: tuple[World, BlueskySandbox], caplog: pytest.LogCaptureFixture) -> None:
    world, sandbox = bluesky_world
    caplog.set_level(logging.INFO)
    sandbox.inject("/xrpc/", Fault(200, raw=b"<html>Bad gateway</html"))
    world.tick()
    assert "not valid JSON" in caplog.text
    assert bluesky_posts(world) == []
    assert world.x.count("/2/") > 0 and world.facebook.count("/v") > 0  # the cycle went on for X and Facebook
    world.tick(NOW + timedelta(minutes=20))
    assert len(bluesky_posts(world)) == 4
