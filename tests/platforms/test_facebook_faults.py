"""Every Graph failure comes back classified in Batch.errors; the adapter never sleeps and never crashes."""

from __future__ import annotations

import json
import socket
import threading
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config, parse_config
from monitor.platforms.base import Batch
from monitor.platforms.facebook import RATE_LIMIT_BACKOFF, FacebookSource, read_usage
from monitor.sandbox.facebook import (
    GraphSandbox,
    bad_gateway_html,
    expired_token,
    graph_fault,
    graph_time,
    malformed_json,
    no_content_type,
    server_error,
    slow,
    throttled,
)
from monitor.sandbox.server import Fault

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
BRACKLEY = ROOT / "monitor" / "sandbox" / "scenarios" / "brackley.facebook.json"
NO_CREDENTIALS = ROOT / "tests" / "platforms" / "no-such-credentials-dir"  # no per-Page token files
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = "EAAGfaultTestToken99"
COUNCIL, PRIYA = "104729361234567", "100064812345678"


def config_for(base_url: str, credentials: Path = NO_CREDENTIALS, **facebook: Any) -> Config:
    """Return the example config with Graph routed to base_url."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["platforms"]["facebook"].update(base_url=base_url, **facebook)
    data["credentials"]["directory"] = str(credentials)
    return parse_config(data)


def serve(scenario: dict[str, Any] | None = None) -> GraphSandbox:
    """Start a sandbox on the Brackley scenario, or another."""
    server = GraphSandbox(scenario or json.loads(BRACKLEY.read_text(encoding="utf-8")), NOW)
    server.start()
    return server


@pytest.fixture
def sandbox() -> Iterator[GraphSandbox]:
    """Serve the Brackley scenario."""
    server = serve()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test in which the client side sleeps (the sandbox's slow faults sleep in its own thread)."""
    real_sleep = time.sleep

    def guarded(seconds: float) -> None:
        if threading.current_thread() is threading.main_thread():
            raise AssertionError(f"the adapter slept {seconds} s")
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", guarded)


def fetch(server: GraphSandbox, **facebook: Any) -> Batch:
    """Run one fetch against a sandbox."""
    return FacebookSource(config_for(server.base_url, **facebook), TOKEN).fetch({}, NOW, refresh_profiles=True)


def page_handles(batch: Batch) -> set[str]:
    """Return the handles of the Pages whose profile came back."""
    return {a.handle for a in batch.accounts if a.role != "other"}


# One row per failure: the fault served to the first call (the council Page's profile), the kind it is
# classified as, and whether the rest of the fetch goes on (the councillor's Page is still read).
FAULT_TABLE: list[tuple[str, Fault, str, bool]] = [
    ("app throttled #4", throttled(4, None), "rate_limited", False),
    ("user throttled #17", throttled(17, None), "rate_limited", False),
    ("page throttled #32", throttled(32, None), "rate_limited", False),
    ("custom throttled #613", throttled(613, None), "rate_limited", False),
    ("page BUC #80001", throttled(80001, 12), "rate_limited", False),
    ("expired token #190/463", expired_token(), "auth", False),
    ("revoked token #190/460", graph_fault(190, "Error validating access token: session invalidated", subcode=460),
     "auth", False),
    ("permission #10", graph_fault(10, "(#10) This endpoint requires the 'pages_read_engagement' permission",
                                   status=403), "auth", True),
    ("permission #200", graph_fault(200, "(#200) Permissions error", status=403), "auth", True),
    ("bad field #100", graph_fault(100, "(#100) Tried accessing nonexisting field (x) on node type (Page)"),
     "permanent", True),
    ("alias #803", graph_fault(803, "(#803) Some of the aliases you requested do not exist: x"), "permanent", True),
    ("retired version #2635", graph_fault(2635, "(#2635) You are calling a deprecated version of the Graph API."),
     "permanent", False),
    ("Graph 500 #2", server_error(), "transient", True),
    ("Graph unknown #1", graph_fault(1, "An unknown error has occurred.", status=500), "transient", True),
    ("proxy HTML 502", bad_gateway_html(), "transient", True),
    ("malformed JSON", malformed_json(), "transient", True),
    ("no Content-Type", no_content_type(), "transient", True),
    ("JSON that is not an object", Fault(status=200, body=[1, 2, 3]), "transient", True),
]


@pytest.mark.parametrize(("fault", "kind", "carries_on"), [row[1:] for row in FAULT_TABLE],
                         ids=[row[0] for row in FAULT_TABLE])
def test_each_failure_is_classified_and_only_fatal_ones_stop_the_fetch(sandbox: GraphSandbox, fault: Fault,
                                                                       kind: str, carries_on: bool) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}", fault)
    batch = fetch(sandbox)
    assert [e.kind for e in batch.errors] == [kind]
    error = batch.errors[0]
    assert error.platform == "facebook" and "BrackleyTownCouncil profile" in error.message
    assert ("CllrPriyaSharma" in page_handles(batch)) is carries_on
    assert [a.handle for a in batch.unmonitorable] == ["tom.okafor.brackley"]  # reported whatever failed
    assert TOKEN not in str(error)


@pytest.mark.parametrize(("fault", "hint"), [
    (graph_fault(2635, "(#2635) deprecated version"), "graph_version is retired"),
    (graph_fault(12, "(#12) deprecate_post_aggregated_fields_for_attachement is deprecated"), "update council-"),
    (graph_fault(100, "Unsupported get request.", subcode=33), "does not exist or the token cannot see it"),
    (graph_fault(100, "(#100) Tried accessing nonexisting field (x)"), "check the Page's handle and page_id"),
])
def test_permanent_errors_carry_a_hint_that_fits(sandbox: GraphSandbox, fault: Fault, hint: str) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}", fault)
    assert hint in fetch(sandbox).errors[0].message


def test_a_throttle_retries_when_graph_says_access_returns(sandbox: GraphSandbox) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}", throttled(80001, regain_minutes=12))
    error = fetch(sandbox).errors[0]
    assert error.retry_at == NOW + timedelta(minutes=12) and error.status == 400
    assert "80001" in error.message


def test_a_throttle_without_a_time_backs_off(sandbox: GraphSandbox) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}", throttled(4, regain_minutes=None))
    error = fetch(sandbox).errors[0]
    assert error.retry_at == NOW + RATE_LIMIT_BACKOFF and error.status == 403


def test_an_expired_token_tells_the_clerk_to_renew_it(sandbox: GraphSandbox) -> None:
    sandbox.inject("/v25.0/", expired_token())
    batch = fetch(sandbox)
    assert batch.errors[0].kind == "auth" and "190/463" in batch.errors[0].message
    assert "Renewing the token" in batch.errors[0].message
    assert sandbox.count() == 1  # every other call would fail the same way


def test_a_page_the_token_may_not_read_is_an_auth_error_for_that_page_only() -> None:
    scenario = json.loads(BRACKLEY.read_text(encoding="utf-8"))
    scenario["tokens"]["*"]["pages"] = [COUNCIL]
    server = serve(scenario)
    try:
        batch = fetch(server)
    finally:
        server.stop()
    assert [(e.kind, e.status) for e in batch.errors] == [("auth", 403)]
    assert batch.errors[0].message.startswith("CllrPriyaSharma profile: Graph error 10")
    assert "Page Public Content Access" in batch.errors[0].message
    assert any(p.handle == "BrackleyTownCouncil" for p in batch.posts)
    assert not any(p.handle == "CllrPriyaSharma" for p in batch.posts)


def test_a_reply_slower_than_the_timeout_is_transient(sandbox: GraphSandbox) -> None:
    sandbox.inject("/v25.0/", slow(1.0))
    batch = fetch(sandbox, timeout_seconds=0.2)
    assert [e.kind for e in batch.errors] == ["transient"]
    assert "did not answer within 0.2 s" in batch.errors[0].message
    assert batch.usage.requests == 1


def test_an_unreachable_graph_is_transient_and_stops_the_fetch() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    batch = FacebookSource(config_for(f"http://127.0.0.1:{port}"), TOKEN).fetch({}, NOW, refresh_profiles=True)
    assert [e.kind for e in batch.errors] == ["transient"]
    assert "cannot reach graph.facebook.com" in batch.errors[0].message
    assert TOKEN not in batch.errors[0].message and "access_token" not in batch.errors[0].message


def test_a_failed_comment_read_keeps_the_posts_but_not_the_activity_cursor(sandbox: GraphSandbox) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}_122101000000000102/comments", server_error())
    batch = fetch(sandbox)
    assert [e.kind for e in batch.errors] == ["transient"]
    assert f"posts:{COUNCIL}" in batch.cursors and f"activity:{COUNCIL}" not in batch.cursors
    assert f"activity:{PRIYA}" in batch.cursors  # the other Page carried on
    assert any(p.id == f"{COUNCIL}_122101000000000101" for p in batch.posts)


def test_a_failure_on_the_second_page_of_posts_saves_no_posts_cursor(sandbox: GraphSandbox) -> None:
    for i in range(120):
        sandbox.add_post("BrackleyTownCouncil", f"Notice {i}", NOW - timedelta(minutes=i + 1))
    source = FacebookSource(config_for(sandbox.base_url), TOKEN)
    source.fetch({}, NOW, refresh_profiles=True)  # learn the ids
    calls = sandbox.count(f"/v25.0/{COUNCIL}/posts")
    first_page = {"data": [], "paging": {"next": f"https://graph.facebook.com/v25.0/{COUNCIL}/posts?after=x"}}
    sandbox.inject(f"/v25.0/{COUNCIL}/posts", Fault(status=200, body=first_page), server_error())
    batch = source.fetch({}, NOW, refresh_profiles=False)
    assert sandbox.count(f"/v25.0/{COUNCIL}/posts") == calls + 2
    assert f"posts:{COUNCIL}" not in batch.cursors and not any(p.handle == "BrackleyTownCouncil" for p in batch.posts)


def test_broken_items_in_a_listing_are_skipped_not_fatal(sandbox: GraphSandbox) -> None:
    good = {"id": f"{COUNCIL}_122101000000000101", "created_time": graph_time(NOW - timedelta(days=9)), "message": "ok"}
    junk: list[Any] = [{"id": "x"}, "junk", None, {"id": f"{COUNCIL}_8", "created_time": "2026-13-45T00:00:00+0000"},
                       {"id": 12, "created_time": graph_time(NOW)}, good]
    sandbox.inject(f"/v25.0/{COUNCIL}/posts", Fault(status=200, body={"data": junk}))
    batch = fetch(sandbox)
    assert batch.errors == []
    assert [p.id for p in batch.posts if p.handle == "BrackleyTownCouncil" and p.reply_to is None] == [good["id"]]


def endless(after: str) -> Fault:
    """Return an empty listing page whose `next` asks for more."""
    link = f"https://graph.facebook.com/v25.0/{COUNCIL}/posts?after={after}"
    return Fault(status=200, body={"data": [], "paging": {"next": link}})


def fetch_with_cursor(server: GraphSandbox) -> Batch:
    """Run one fetch that already has a posts cursor (so no first-look extra call)."""
    source = FacebookSource(config_for(server.base_url), TOKEN)
    return source.fetch({f"posts:{COUNCIL}": NOW.isoformat()}, NOW, refresh_profiles=False)


def test_a_paging_loop_that_never_ends_is_cut_off(sandbox: GraphSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("monitor.platforms.facebook.MAX_LISTING_PAGES", 5)
    sandbox.inject(f"/v25.0/{COUNCIL}/posts", *[endless(str(i)) for i in range(10)])
    assert fetch_with_cursor(sandbox).errors == []
    assert sandbox.count(f"/v25.0/{COUNCIL}/posts") == 5


def test_a_next_link_that_repeats_the_same_page_stops_the_walk(sandbox: GraphSandbox) -> None:
    sandbox.inject(f"/v25.0/{COUNCIL}/posts", *[endless("again") for _ in range(10)])
    fetch_with_cursor(sandbox)
    assert sandbox.count(f"/v25.0/{COUNCIL}/posts") == 2


def test_it_stops_before_graph_blocks_the_token_and_resumes_next_time() -> None:
    scenario = json.loads(BRACKLEY.read_text(encoding="utf-8"))
    scenario["limits"] = {"page_calls_per_day": 8}
    server = serve(scenario)
    try:
        source = FacebookSource(config_for(server.base_url), TOKEN)
        batch = source.fetch({}, NOW, refresh_profiles=True)
        served = server.count()
        server.set_now(NOW + timedelta(days=1, minutes=1))
        later = source.fetch(batch.cursors, NOW + timedelta(days=1, minutes=1), refresh_profiles=False)
    finally:
        server.stop()
    assert [e.kind for e in batch.errors] == ["rate_limited"]
    assert "100% of the allowance" in batch.errors[0].message
    assert served == 8 and server.billing()["requests"] == server.count()  # Graph never had to say no
    assert later.errors == []


@pytest.mark.parametrize(("headers", "expected"), [
    ({"x-app-usage": '{"call_count": 28, "total_time": 25, "total_cputime": 25}'}, (28, None)),
    ({"x-business-use-case-usage": json.dumps({"1": [{"type": "pages", "call_count": 9, "total_time": 97,
                                                       "estimated_time_to_regain_access": 7}]})}, (97, 7)),
    ({"x-app-usage": "not json", "x-business-use-case-usage": '{"1": "nope"}'}, (None, None)),
    ({"x-app-usage": '{"call_count": true}'}, (None, None)),
    ({}, (None, None)),
])
def test_usage_headers_are_read_defensively(headers: dict[str, str], expected: tuple[int | None, int | None]) -> None:
    assert read_usage(headers) == expected
