"""The Bluesky adapter on Jetstream: real websockets to the sandbox's Jetstream on 127.0.0.1, real atproto for the
AppView. Posts, reposts and handle changes arrive from the stream without reading the feeds; a deletion is told to
the re-check without a request; with the stream down the feeds are polled, and the Clerk is told once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from monitor.config import parse_config
from monitor.platforms.base import Batch
from monitor.platforms.bluesky import STREAM_CURSOR, BlueskySource
from monitor.sandbox.bluesky import BlueskySandbox
from monitor.sandbox.jetstream import JetstreamSandbox
from tests.platforms.bskysupport import COUNCIL, COUNCILLOR, NOW, SCENARIO, config_data

FEED = "/xrpc/app.bsky.feed.getAuthorFeed"


def wait_until(done: Callable[[], bool], seconds: float = 15.0) -> None:
    """Wait for something the stream's thread does (a real socket), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the stream did not deliver in time"
        time.sleep(0.02)


@dataclass
class Streamed:
    """A sandbox with its Jetstream, and an adapter following it."""

    network: BlueskySandbox
    jetstream: JetstreamSandbox
    source: BlueskySource
    woken: list[str] = field(default_factory=list)
    cursors: dict[str, str] = field(default_factory=dict)

    def fetch(self, refresh: bool = False) -> Batch:
        """Fetch at the sandbox's time and keep the cursors, as the store would."""
        batch = self.source.fetch(dict(self.cursors), self.network.now(), refresh)
        self.cursors.update(batch.cursors)
        return batch

    def feed_reads(self) -> int:
        """Return how many getAuthorFeed requests the AppView has answered."""
        return self.network.count(FEED)


@pytest.fixture
def streamed() -> Iterator[Streamed]:
    """Yield the adapter after its first (reconciling) fetch, with the stream connected."""
    network = BlueskySandbox(json.loads(json.dumps(SCENARIO)), NOW)
    network.start()
    jetstream = JetstreamSandbox(network).start()
    data = config_data(network.base_url)
    data["platforms"]["bluesky"]["jetstream_url"] = jetstream.base_url
    world = Streamed(network, jetstream, BlueskySource(parse_config(data)))
    assert world.source.start_stream({}, world.woken.append)
    try:
        world.fetch(refresh=True)
        assert world.source.stream is not None
        wait_until(world.source.stream.live)
        yield world
    finally:
        world.source.stop_stream()
        jetstream.stop()
        network.stop()


def test_a_post_a_reply_a_quote_and_a_repost_come_from_the_stream_without_reading_a_councillors_feed(
        streamed: Streamed) -> None:
    net = streamed.network
    post = net.add_post(COUNCILLOR, "Surgery at the library on Saturday, 10 till 12.")
    reply = net.add_post(COUNCILLOR, "And the one after is on the 14th.", reply_to=post)
    quote = net.add_post(COUNCILLOR, "Worth reading.", quote_of=net.key("bins"))
    net.add_post(COUNCILLOR, "", repost_of=net.key("q"))
    wait_until(lambda: len(streamed.woken) >= 4)
    feeds_before = streamed.feed_reads()

    batch = streamed.fetch()

    mine = {p.id: p for p in batch.posts if p.handle == COUNCILLOR}
    repost = f"{net.key('q')}#repost:{net._account(COUNCILLOR).did}"
    assert set(mine) == {post, reply, quote, repost}
    assert mine[reply].reply_to == post and mine[reply].reply_to_handle == COUNCILLOR
    quoted, reposted = mine[quote].shared, mine[repost].shared
    assert quoted is not None and quoted.handle == COUNCIL and quoted.text.startswith("Bin collections")
    assert reposted is not None and reposted.handle == "resident1.bsky.social"
    assert streamed.feed_reads() - feeds_before == 1  # the official account's feed only (its replies)
    assert json.loads(streamed.cursors[STREAM_CURSOR])["time_us"] > 0
    assert streamed.fetch().posts == []  # nothing handed back twice


def test_a_post_deleted_on_the_stream_is_gone_for_the_recheck_without_a_request(streamed: Streamed) -> None:
    net = streamed.network
    uri = net.add_post(COUNCILLOR, "Mrs Jenkins at 14 Bridge Street: ring her on 07700 900123.")
    wait_until(lambda: "post" in streamed.woken)
    post = next(p for p in streamed.fetch().posts if p.id == uri)
    net.delete(uri)
    wait_until(lambda: "delete" in streamed.woken)
    assert streamed.source.deletions_pending()
    before = net.count("/xrpc/")

    found = streamed.source.recheck([post], [], net.now())

    assert found.gone_posts == {uri: "deleted"}
    assert net.count("/xrpc/") == before
    assert not streamed.source.deletions_pending()


def test_a_handle_change_on_the_stream_is_told_once_and_the_account_still_followed(streamed: Streamed) -> None:
    net = streamed.network
    net.rename(COUNCILLOR, "jane-whitfield.bsky.social")
    wait_until(lambda: len(streamed.woken) >= 1)

    batch = streamed.fetch()

    assert [n.evidence["after"] for n in batch.notices] == ["jane-whitfield.bsky.social"]
    assert "changed its handle" in batch.notices[0].message and "still monitored" in batch.notices[0].message
    uri = net.add_post("jane-whitfield.bsky.social", "Still here under a new name.")
    wait_until(lambda: len(streamed.woken) >= 2)
    later = streamed.fetch()
    assert [p.id for p in later.posts] == [uri] and later.posts[0].handle == COUNCILLOR
    assert later.notices == []


def test_with_the_stream_down_the_feeds_are_polled_and_the_clerk_is_told_once(streamed: Streamed) -> None:
    net, stream = streamed.network, streamed.source.stream
    assert stream is not None
    streamed.jetstream.stop()
    wait_until(lambda: stream.health.state == "down")
    uri = net.add_post(COUNCILLOR, "Posted while the stream is down.")
    feeds_before = streamed.feed_reads()

    first = streamed.fetch()
    second = streamed.fetch()

    assert uri in [p.id for p in first.posts]
    assert streamed.feed_reads() - feeds_before >= 2  # the councillor's feed (its postsCount moved) and the council's
    told = [n.message for n in first.notices + second.notices]
    assert len(told) == 1 and "cannot be reached" in told[0] and "every" in told[0]
    streamed.jetstream.start()
    wait_until(stream.live, 30)
    assert uri not in [p.id for p in streamed.fetch().posts]  # the replayed event is the same post, not new
