"""Bluesky's Jetstream in the daemon: real websockets to the sandbox's Jetstream, the real atproto client for the
AppView, a real database and SMTP server. The stream stopped mid-run (and the daemon restarted) loses no post and
alerts none twice; a stream that cannot be reached leaves Bluesky polled and is told once; a deletion on the stream
closes its finding; a handle change is told to the Clerk once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from monitor.daemon import Daemon
from monitor.platforms.bluesky import BlueskySource
from monitor.platforms.bluesky_stream import JetstreamConsumer
from monitor.sandbox.bluesky import BlueskySandbox
from monitor.sandbox.jetstream import JetstreamSandbox
from monitor.store.db import session_scope
from monitor.store.models import FindingRow
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import NOW, World, start_world
from tests.platforms.bskysupport import COUNCIL, COUNCILLOR, SCENARIO

ALERT = "[high] personal-data: @janewhitfield.bsky.social on Bluesky"
BREACH = "Mrs {} at 14 Bridge Street needs help with her garden. Ring her on 07700 900{:03d}."


def wait_until(done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Wait for the stream's thread (a real socket), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the stream did not deliver in time"
        time.sleep(0.02)


@pytest.fixture
def streamed(tmp_path: Path, database_url: str, smtp: SmtpServer,
             webhook: WebhookServer) -> Iterator[tuple[World, BlueskySandbox, JetstreamSandbox]]:
    """Yield the Brackley daemon following the council's and a councillor's Bluesky accounts on Jetstream."""
    network = BlueskySandbox(json.loads(json.dumps(SCENARIO)), NOW)
    network.start()
    jetstream = JetstreamSandbox(network).start()

    def edit(data: dict[str, Any]) -> None:
        data["official"].append({"platform": "bluesky", "handle": COUNCIL})
        next(c for c in data["councillors"] if c["name"] == "Jane Whitfield")["accounts"].append(
            {"platform": "bluesky", "handle": COUNCILLOR})
        data["platforms"]["bluesky"] = {"base_url": network.base_url, "jetstream_url": jetstream.base_url}

    world = start_world(tmp_path, database_url, smtp, webhook, edit=edit)
    world.servers += [network, jetstream]
    try:
        world.tick()  # the start-up reconcile reads every feed; the stream then follows the DIDs it learnt
        wait_until(stream(world).live)
        yield world, network, jetstream
    finally:
        world.close()


def stream(world: World) -> JetstreamConsumer:
    """Return the daemon's Bluesky stream."""
    source = world.daemon.sources["bluesky"]
    assert isinstance(source, BlueskySource) and source.stream is not None
    return source.stream


def buffered(world: World) -> set[str]:
    """Return the AT-URIs of the posts the stream holds for the next cycle."""
    return {f"at://{e['did']}/{e['commit']['collection']}/{e['commit']['rkey']}" for e in stream(world).pending(0)
            if e["kind"] == "commit"}


def notices(world: World) -> list[str]:
    """Return the plain text of each notice email the Clerk received."""
    return [" ".join(str(m.get_body(("plain",)).get_content()).split())  # type: ignore[union-attr]
            for m in world.smtp.inbox.messages if str(m["Subject"]).startswith("Notice: Bluesky")]


def cycle(world: World, minutes: int) -> None:
    """Run what a stream event wakes (the Bluesky poll), then the outbox, at NOW + minutes."""
    world.run("poll:bluesky", NOW + timedelta(minutes=minutes))
    world.run("outbox")


def alerted_posts(world: World) -> list[str]:
    """Return the post ids of the councillor's personal-data findings, one per finding."""
    with session_scope(world.daemon.engine) as session:
        return sorted(session.exec(select(FindingRow.post_id).where(
            FindingRow.platform == "bluesky", FindingRow.rule == "personal-data")).all())  # type: ignore[arg-type]


def test_jetstream_stopped_mid_run_and_restarted_loses_no_post_and_alerts_none_twice(
        streamed: tuple[World, BlueskySandbox, JetstreamSandbox]) -> None:
    world, network, jetstream = streamed
    first = network.add_post(COUNCILLOR, BREACH.format("Adams", 1))
    wait_until(lambda: first in buffered(world))
    cycle(world, 1)
    assert world.subjects().count(ALERT) == 1

    jetstream.stop()  # mid-run: the daemon's connection drops
    wait_until(lambda: stream(world).health.state == "down")
    network.set_now(NOW + timedelta(minutes=2))
    second = network.add_post(COUNCILLOR, BREACH.format("Baker", 2))
    jetstream.start()  # the consumer reconnects from the last event it had and the post is replayed
    wait_until(lambda: second in buffered(world), 40)
    cycle(world, 3)

    world.daemon.close()  # the daemon stops; the stream goes on
    network.set_now(NOW + timedelta(minutes=4))
    third = network.add_post(COUNCILLOR, BREACH.format("Carter", 3))
    jetstream.sync()
    world.daemon = Daemon(world.config)
    world.daemon.start_up(NOW + timedelta(minutes=5))  # resumes from the cursor stored with the last posts
    wait_until(lambda: third in buffered(world))
    cycle(world, 5)
    for minutes in (20, 35):  # later cycles, the reconciles among them, find nothing new
        cycle(world, minutes)

    assert alerted_posts(world) == sorted([first, second, third])
    assert world.subjects().count(ALERT) == 3


def test_with_jetstream_unreachable_bluesky_is_polled_and_the_clerk_is_told_once(
        streamed: tuple[World, BlueskySandbox, JetstreamSandbox]) -> None:
    world, network, jetstream = streamed
    jetstream.stop()
    wait_until(lambda: stream(world).health.state == "down")
    network.set_now(NOW + timedelta(minutes=10))
    post = network.add_post(COUNCILLOR, BREACH.format("Dawson", 4))
    for minutes in (15, 30, 45):
        cycle(world, minutes)

    assert alerted_posts(world) == [post]  # found by reading the feed
    told = notices(world)
    assert len(told) == 1
    assert "Jetstream" in told[0] and "cannot be reached" in told[0]


def test_a_post_deleted_on_the_stream_closes_its_finding_at_once(
        streamed: tuple[World, BlueskySandbox, JetstreamSandbox]) -> None:
    world, network, _ = streamed
    post = network.add_post(COUNCILLOR, BREACH.format("Evans", 5))
    wait_until(lambda: post in buffered(world))
    cycle(world, 1)
    network.delete(post)
    wait_until(lambda: stream(world).fresh_deletes)
    before = network.count("/xrpc/app.bsky.feed.getPosts")

    world.run("recheck", NOW + timedelta(minutes=2))

    with session_scope(world.daemon.engine) as session:
        row = session.exec(select(FindingRow).where(FindingRow.post_id == post)).one()
        assert (row.state, row.closed_reason) == ("fixed", "deleted")
    assert network.count("/xrpc/app.bsky.feed.getPosts") == before


def test_a_handle_change_on_the_stream_is_told_to_the_clerk_once(
        streamed: tuple[World, BlueskySandbox, JetstreamSandbox]) -> None:
    world, network, _ = streamed
    network.rename(COUNCILLOR, "jane-whitfield.bsky.social")
    wait_until(lambda: any(e["kind"] == "identity" for e in stream(world).pending(0)))
    cycle(world, 1)
    for minutes in (16, 31, 61, 121):  # profile refreshes read the new handle again: no second message
        world.tick(NOW + timedelta(minutes=minutes))

    told = notices(world)
    assert len(told) == 1
    assert "changed its handle" in told[0] and "@jane-whitfield.bsky.social" in told[0] and "still monitored" in told[0]
