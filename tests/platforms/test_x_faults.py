"""Every X failure becomes a classified SourceError in the batch: never an exception, never a sleep, never a secret."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from monitor.config import parse_config
from monitor.platforms.x import RATE_LIMIT_BACKOFF, Cursor, XSource, snowflake_at
from monitor.sandbox.server import Fault
from monitor.sandbox.x import (
    XSandbox,
    credits_exhausted,
    forbidden,
    invalid_request,
    malformed,
    not_found,
    rate_limited,
    server_error,
    slow,
    unauthorized,
)
from tests.platforms.xsupport import NOW, TOKEN, example_data, running, source_for

SEARCH = "/2/tweets/search/recent"
RESET = NOW + timedelta(minutes=7)


def known_ids(server: XSandbox) -> dict[str, str]:
    """Return id cursors for the registered accounts, so a fetch goes straight to the posts."""
    handles = ["BrackleyTC", "CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "DaveHughesCllr", "MEllisBrackley"]
    return {f"id:{h.casefold()}": server.user_id(h) for h in handles}


# fault on the search -> (kind, status, retry_at)
CASES: list[tuple[str, Fault, str, int | None, datetime | None]] = [
    ("429 with x-rate-limit-reset", rate_limited(RESET), "rate_limited", 429, RESET),
    ("429 without reset, legacy code-88 body", rate_limited(None, legacy=True), "rate_limited", 429,
     NOW + RATE_LIMIT_BACKOFF),
    ("429 without reset, RFC 7807 body", rate_limited(None), "rate_limited", 429, NOW + RATE_LIMIT_BACKOFF),
    ("429 monthly usage cap", rate_limited(None, usage_capped=True), "rate_limited", 429,
     datetime(2026, 12, 1, tzinfo=UTC)),
    ("402 credits exhausted", credits_exhausted(), "budget", 402, None),
    ("401 bad token", unauthorized(), "auth", 401, None),
    ("403 app not allowed", forbidden(), "auth", 403, None),
    ("500", server_error(500), "transient", 500, None),
    ("503", server_error(503), "transient", 503, None),
    ("malformed JSON", malformed(), "transient", None, None),
    ("404", not_found(), "permanent", 404, None),
    ("400", Fault(status=400, body=invalid_request("bad query", "query", "x")), "permanent", 400, None),
]


@pytest.mark.parametrize(("label", "fault", "kind", "status", "retry_at"), CASES, ids=[c[0] for c in CASES])
def test_a_failing_search_is_classified_and_never_retried(label: str, fault: Fault, kind: str, status: int | None,
                                                          retry_at: datetime | None) -> None:
    with running() as server:
        server.inject(SEARCH, fault)
        batch = source_for(server).fetch(known_ids(server), NOW, refresh_profiles=False)
        searches = server.count(SEARCH)
        mentions = server.count("/2/users/1389042117/mentions")
    assert [(e.kind, e.status) for e in batch.errors] == [(kind, status)]
    assert batch.errors[0].retry_at == retry_at
    assert searches == 1  # no retry loop: the scheduler decides when to come back
    assert TOKEN not in str(batch.errors[0])
    # The search's feeds keep their cursors (re-read next time); the council's mentions were read after
    # a non-fatal failure, and not after a rate limit, a spent budget or a refused token.
    assert not any(name.startswith("from:") for name in batch.cursors)
    fatal = kind in ("rate_limited", "budget", "auth")
    assert mentions == (0 if fatal else 1)
    assert ("to:brackleytc" in batch.cursors) == (not fatal)


def test_a_reply_slower_than_the_timeout_is_a_transient_failure() -> None:
    with running() as server:
        server.inject(SEARCH, slow(3.0))
        batch = source_for(server, timeout_seconds=0.2).fetch(known_ids(server), NOW, refresh_profiles=False)
    assert [(e.kind, e.message) for e in batch.errors] == [("transient", "X did not answer in time")]


def test_an_unreachable_api_is_a_transient_failure() -> None:
    with running() as server:
        url = server.base_url
    source = source_for_url(url)
    batch = source.fetch({}, NOW, refresh_profiles=True)
    assert [e.kind for e in batch.errors] == ["transient"] and batch.accounts == []


def source_for_url(url: str) -> XSource:
    """Return an adapter pointed at a URL where nothing listens any more."""
    data = example_data()
    data["platforms"]["x"]["base_url"] = url
    data["platforms"]["x"]["timeout_seconds"] = 2
    return XSource(parse_config(data), TOKEN)


def test_one_failing_timeline_costs_only_that_account() -> None:
    old = Cursor(snowflake_at(NOW - timedelta(days=8))).format()
    with running() as server:
        cursors: dict[str, Any] = {**known_ids(server)}
        cursors.update({f"from:{h[3:]}": old for h in cursors})
        tom = server.user_id("TomOkaforBTC")
        server.inject(f"/2/users/{tom}/tweets", server_error(500))
        batch = source_for(server).fetch(cursors, NOW, refresh_profiles=False)
        timelines = [r.path for r in server.requests if r.path.endswith("/tweets")]
    assert len(timelines) == 6
    assert [(e.kind, e.status) for e in batch.errors] == [("transient", 500)]
    assert "TomOkaforBTC" not in {p.handle for p in batch.posts}
    assert {"BrackleyTC", "DaveHughesCllr", "MEllisBrackley"} <= {p.handle for p in batch.posts}
    assert "from:tomokaforbtc" not in batch.cursors and "from:davehughescllr" in batch.cursors


def test_a_rate_limited_profile_lookup_stops_the_cycle_at_once() -> None:
    with running() as server:
        server.inject("/2/users/by", rate_limited(RESET))
        batch = source_for(server).fetch({}, NOW, refresh_profiles=True)
        assert server.count("/") == 1
    assert [(e.kind, e.retry_at) for e in batch.errors] == [("rate_limited", RESET)]
    assert batch.posts == [] and batch.cursors == {}


def test_the_sandbox_own_rate_limit_gives_a_429_with_its_reset_time() -> None:
    with running() as server:
        server.rate_limits["tweets/search/recent"] = 1
        source = source_for(server)
        source.fetch(known_ids(server), NOW, refresh_profiles=False)
        batch = source.fetch(known_ids(server), NOW, refresh_profiles=False)
    window_end = datetime(2026, 11, 26, 12, 15, tzinfo=UTC)
    assert [(e.kind, e.retry_at) for e in batch.errors] == [("rate_limited", window_end)]


def test_the_token_never_reaches_a_log_line_even_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger("tweepy").setLevel(logging.DEBUG)  # as a careless embedding might leave it
    caplog.set_level(logging.DEBUG)
    with running() as server:
        source = source_for(server)
        source.fetch({}, NOW, refresh_profiles=True)
        for fault in (unauthorized(), rate_limited(None, legacy=True), malformed(), server_error(503)):
            server.inject(SEARCH, fault)
            source.fetch(known_ids(server), NOW, refresh_profiles=False)
        assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"  # the token was really sent
    lines = [record.getMessage() for record in caplog.records]
    assert any("X refused the bearer token" in line for line in lines)
    assert not any(TOKEN in line for line in lines)
    assert logging.getLogger("tweepy").getEffectiveLevel() > logging.DEBUG
    assert logging.getLogger("urllib3").getEffectiveLevel() > logging.DEBUG


def test_the_client_never_waits_on_rate_limits() -> None:
    with running() as server:
        assert source_for(server).client.wait_on_rate_limit is False
