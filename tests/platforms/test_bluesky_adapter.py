"""The Bluesky adapter with the real atproto client over HTTP against the sandbox AppView."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from monitor.platforms.base import Batch
from monitor.platforms.bluesky import BlueskySource, handle_variants
from monitor.platforms.registry import PLATFORMS
from monitor.poll import poll_once
from monitor.sandbox.bluesky import BlueskySandbox, did_for
from monitor.sandbox.server import Fault
from tests.platforms.bskysupport import COUNCIL, COUNCILLOR, NOW, SCENARIO, source_for


@pytest.fixture
def sandbox() -> Iterator[BlueskySandbox]:
    """Run the sandbox AppView with the small Brackley network."""
    server = BlueskySandbox(json.loads(json.dumps(SCENARIO)), NOW)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def poll(source: BlueskySource, cursors: dict[str, str], server: BlueskySandbox, refresh: bool = False) -> Batch:
    """Fetch once at the sandbox's time and fold the cursors in, as the daemon does after storing."""
    batch = source.fetch(dict(cursors), server.now(), refresh)
    cursors.update(batch.cursors)
    return batch


def test_first_poll_reads_profiles_posts_reposts_and_replies_to_the_council(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    batch = poll(source, {}, sandbox)
    assert not batch.errors
    accounts = {a.handle: a for a in batch.accounts}
    assert set(accounts) == {COUNCIL, COUNCILLOR}
    assert accounts[COUNCIL].role == "official" and accounts[COUNCIL].account_id == did_for(COUNCIL)
    assert accounts[COUNCIL].verified_type == "domain"  # the council's own domain: proof of legitimacy
    assert accounts[COUNCILLOR].verified_type is None and accounts[COUNCILLOR].role == "councillor"
    texts = {(p.handle, p.text) for p in batch.posts}
    assert (COUNCIL, "Bin collections move to Saturday next week.") in texts
    assert (COUNCILLOR, "Great turnout at the litter pick today.") in texts
    reply = next(p for p in batch.posts if p.handle == "resident1.bsky.social")
    assert reply.reply_to == sandbox.key("bins") and reply.reply_to_handle == COUNCIL
    assert reply.conversation_id == sandbox.key("bins")
    repost = next(p for p in batch.posts if p.shared is not None)
    assert repost.handle == COUNCILLOR and repost.shared is not None and repost.shared.kind == "repost"
    assert repost.shared.handle == COUNCIL
    assert PLATFORMS["bluesky"].post_url(COUNCIL, sandbox.key("bins")) == repost.url
    assert batch.usage.requests == sandbox.count("/xrpc/")


def test_incremental_polls_read_nothing_twice(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    first = poll(source, cursors, sandbox)
    assert len(first.posts) == 4
    sandbox.advance(timedelta(minutes=15))
    quiet = poll(source, cursors, sandbox)
    assert quiet.posts == [] and quiet.accounts == []  # profiles only when asked: the DIDs are known
    # One getProfiles for every account (postsCount), the official feed (reply counts); the quiet councillor's
    # feed is not read, nor any thread (no new replies).
    assert quiet.usage.requests == 2
    assert [r.arg("actor") for r in sandbox.requests[-1:]] == [did_for(COUNCIL)]
    sandbox.add_post(COUNCILLOR, "Surgery at the library on Saturday.", sandbox.now() - timedelta(minutes=1))
    sandbox.add_post("resident1.bsky.social", "And food waste?", sandbox.now(), reply_to=sandbox.key("bins"))
    sandbox.advance(timedelta(minutes=15))
    later = poll(source, cursors, sandbox)
    assert sorted(p.text for p in later.posts) == ["And food waste?", "Surgery at the library on Saturday."]
    again = poll(source, cursors, sandbox)
    assert again.posts == []
    # Every request asked by DID after the first profile read: a renamed account stays found.
    feeds = [r for r in sandbox.requests if r.path.endswith("getAuthorFeed")]
    assert all((r.arg("actor") or "").startswith("did:plc:") for r in feeds)


def test_a_handle_change_is_seen_and_the_account_still_read(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.rename(COUNCILLOR, "brackley-council-official.bsky.social")
    sandbox.add_post(did_for(COUNCILLOR), "New name, same me.", sandbox.now())
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox, refresh=True)
    assert not batch.errors
    assert [p.text for p in batch.posts] == ["New name, same me."]
    assert batch.posts[0].handle == COUNCILLOR and batch.posts[0].role == "councillor"
    assert len(batch.notices) == 1
    assert "brackley-council-official.bsky.social" in batch.notices[0].message
    assert poll(source, cursors, sandbox, refresh=True).notices == []  # said once


def test_a_deleted_post_is_not_read_and_its_thread_is_dropped(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.add_post("resident1.bsky.social", "Another question?", sandbox.now(), reply_to=sandbox.key("bins"))
    sandbox.delete(sandbox.key("bins"))
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox)
    assert not batch.errors and batch.posts == []


def test_429_backs_off_until_the_reset_header(sandbox: BlueskySandbox) -> None:
    reset = int((NOW + timedelta(minutes=4)).timestamp())
    sandbox.inject("/xrpc/app.bsky.actor.getProfiles", Fault(429, {"error": "RateLimitExceeded",
                   "message": "Rate Limit Exceeded"}, {"ratelimit-reset": str(reset), "ratelimit-remaining": "0"}))
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["rate_limited"]
    assert batch.errors[0].retry_at is not None and int(batch.errors[0].retry_at.timestamp()) == reset
    assert batch.cursors == {}


def test_a_server_error_is_transient_and_stops_the_cycle(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.inject("/xrpc/app.bsky.feed.getAuthorFeed", Fault(500, {"error": "InternalServerError",
                                                                    "message": "Internal Server Error"}))
    before = dict(cursors)
    batch = poll(source, cursors, sandbox)
    assert [e.kind for e in batch.errors] == ["transient"] and batch.errors[0].status == 500
    assert cursors == before


def test_malformed_json_is_a_clear_transient_error(sandbox: BlueskySandbox) -> None:
    sandbox.inject("/xrpc/app.bsky.actor.getProfiles", Fault(200, raw=b'{"profiles": [{"did": '))
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["transient"]
    assert "not valid JSON" in batch.errors[0].message


def test_an_unknown_handle_is_named_and_the_others_are_read(sandbox: BlueskySandbox) -> None:
    sandbox.accounts.pop(did_for(COUNCILLOR))
    sandbox.posts = {u: p for u, p in sandbox.posts.items() if p.author != did_for(COUNCILLOR)}
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["permanent"] and COUNCILLOR in batch.errors[0].message
    assert {a.handle for a in batch.accounts} == {COUNCIL}


def test_lookalikes_are_found_by_name_and_by_handle_variant_and_flagged(sandbox: BlueskySandbox) -> None:
    sandbox.add_account("brackleytowncouncil.bsky.social", "Brackley Town Council",
                        "Official account of Brackley Town Council. News and services for Brackley residents.",
                        created_at=NOW - timedelta(days=5))
    sandbox.add_account("brackley-tc.bsky.social", "BTC updates", "Updates.", created_at=NOW - timedelta(days=3))
    source = source_for(sandbox)
    batch = poll(source, {}, sandbox, refresh=True)
    assert not batch.errors
    others = {a.handle for a in batch.accounts if a.role == "other"}
    assert {"brackleytowncouncil.bsky.social", "brackley-tc.bsky.social"} <= others
    assert COUNCIL not in others and COUNCILLOR not in others
    searches = [r.arg("q") for r in sandbox.requests if r.path.endswith("searchActors")]
    assert "Brackley Town Council" in searches and "Jane Whitfield" in searches
    result = poll_once(source.config, sandbox.now(), {}, [source_for(sandbox)], refresh_profiles=True)
    flagged = {f.handle for f in result.findings if f.rule == "impersonation"}
    assert "brackleytowncouncil.bsky.social" in flagged
    # Without a profile refresh no search is made: lookalikes are looked for with the profiles, not every cycle.
    before = sandbox.count("/xrpc/app.bsky.actor.searchActors")
    poll(source, {}, sandbox)
    assert sandbox.count("/xrpc/app.bsky.actor.searchActors") == before


def test_handle_variants_move_a_domain_handle_to_bsky_social() -> None:
    variants = handle_variants("Brackley Town Council", [COUNCIL, COUNCILLOR])
    assert {"brackley-tc.bsky.social", "brackley-tc-gov-uk.bsky.social", "brackleytowncouncil.bsky.social",
            "brackley-town-council.bsky.social", "janewhitfield-official.bsky.social"} <= set(variants)
    assert COUNCILLOR not in variants and all(PLATFORMS["bluesky"].valid_handle(v) for v in variants)


def test_reads_are_counted_for_the_spend_section_and_cost_nothing(sandbox: BlueskySandbox) -> None:
    from monitor.platforms.budget import Prices

    batch = poll(source_for(sandbox), {}, sandbox)
    assert batch.usage.user_reads == 2 and batch.usage.post_reads == 3  # 2 profiles; council 1 post, Jane 2 items
    assert Prices.of(source_for(sandbox).config, "bluesky").cost(batch.usage) == 0.0


def test_the_online_check_confirms_each_account_and_names_a_missing_one(sandbox: BlueskySandbox) -> None:
    sandbox.accounts.pop(did_for(COUNCILLOR))
    found = source_for(sandbox).verify(NOW)
    assert found.confirmed == [f"@{COUNCIL} exists ({did_for(COUNCIL)}) (its own domain handle)"]
    [(ref, problem)] = found.problems
    assert ref is not None and ref.handle == COUNCILLOR and "no Bluesky account" in problem
    assert found.usage.requests == 1


def test_a_repost_the_post_count_does_not_show_is_found_at_the_daily_reconcile_once(sandbox: BlueskySandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.add_post(COUNCILLOR, "", sandbox.now(), repost_of=sandbox.key("q"))
    sandbox.advance(timedelta(minutes=15))
    assert poll(source, cursors, sandbox).posts == []  # postsCount unchanged: the feed is not read yet
    sandbox.advance(timedelta(hours=24))
    [repost] = poll(source, cursors, sandbox).posts
    assert repost.shared is not None and repost.shared.post_id == sandbox.key("q")
    assert poll(source, cursors, sandbox).posts == []
