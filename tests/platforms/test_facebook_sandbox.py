"""The Graph sandbox speaks Graph's shapes: driven here by the real facebook-sdk and by plain requests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import facebook
import pytest
import requests

from monitor.platforms.http import routed_session
from monitor.sandbox.facebook import FAULTS, GraphSandbox, ScenarioError, graph_time

ROOT = Path(__file__).resolve().parents[2]
BRACKLEY = ROOT / "monitor" / "sandbox" / "scenarios" / "brackley.facebook.json"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = "EAAGsandboxTestToken42"
COUNCIL = "104729361234567"
QUESTION_POST = f"{COUNCIL}_122101000000000101"
GRAPH_TIME_SHAPE = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$"


def brackley() -> dict[str, Any]:
    """Return the bundled demo scenario."""
    data: dict[str, Any] = json.loads(BRACKLEY.read_text(encoding="utf-8"))
    return data


@contextmanager
def serving(scenario: dict[str, Any]) -> Iterator[GraphSandbox]:
    """Serve a scenario for the length of a with block."""
    server = GraphSandbox(scenario, NOW)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sandbox() -> Iterator[GraphSandbox]:
    """Serve the Brackley scenario."""
    with serving(brackley()) as server:
        yield server


def client(server: GraphSandbox, token: str = TOKEN) -> Any:
    """Return facebook-sdk pointed at the sandbox, set to v25.0 the way the adapter does it."""
    graph = facebook.GraphAPI(access_token=token, session=routed_session("https://graph.facebook.com", 5,
                                                                         server.base_url))
    graph.version = "v25.0"
    return graph


def get(server: GraphSandbox, path: str, **params: Any) -> requests.Response:
    """Return a raw GET on the sandbox."""
    return requests.get(server.base_url + path, params={"access_token": TOKEN, **params}, timeout=5)


def test_it_serves_a_page_by_username_with_the_requested_fields_only(sandbox: GraphSandbox) -> None:
    page = client(sandbox).get_object("brackleytowncouncil", fields="id,name,about,fan_count")
    about = "Official page of Brackley Town Council. News, events and services for Brackley residents."
    assert page == {"id": COUNCIL, "name": "Brackley Town Council", "fan_count": 2140, "about": about}


def test_posts_have_string_ids_graph_times_and_newest_first(sandbox: GraphSandbox) -> None:
    posts = client(sandbox).get_connections(COUNCIL, "posts", fields="id,created_time,updated_time,from")["data"]
    assert [p["id"] for p in posts] == [f"{COUNCIL}_12210100000000010{i}" for i in (1, 2, 3, 4)]
    assert all(isinstance(p["id"], str) for p in posts)
    assert posts[0]["created_time"] == graph_time(NOW - timedelta(days=9, hours=3))
    assert posts[0]["created_time"].endswith("+0000")
    assert posts[0]["from"] == {"name": "Brackley Town Council", "id": COUNCIL}
    # A comment moves the post's updated_time, as on Graph: -8d22h is the latest comment on the first post.
    assert posts[0]["updated_time"] == graph_time(NOW - timedelta(days=8, hours=22))


def test_facebook_sdks_get_all_connections_walks_every_page_of_posts(sandbox: GraphSandbox) -> None:
    for i in range(7):
        sandbox.add_post("BrackleyTownCouncil", f"Extra {i}", NOW - timedelta(hours=i + 1))
    posts = list(client(sandbox).get_all_connections(COUNCIL, "posts", fields="id,message", limit=3))
    assert len(posts) == 11
    assert len({p["id"] for p in posts}) == 11
    assert sandbox.count(f"/v25.0/{COUNCIL}/posts") == 4


def test_paging_next_is_an_absolute_graph_url_carrying_the_token(sandbox: GraphSandbox) -> None:
    reply = get(sandbox, f"/v25.0/{COUNCIL}/posts", limit="2", fields="id").json()
    assert reply["paging"]["next"].startswith(f"https://graph.facebook.com/v25.0/{COUNCIL}/posts?")
    assert f"access_token={TOKEN}" in reply["paging"]["next"]
    assert set(reply["paging"]["cursors"]) == {"before", "after"}
    last = get(sandbox, f"/v25.0/{COUNCIL}/posts", limit="2", fields="id", after=reply["paging"]["cursors"]["after"])
    assert "next" not in last.json()["paging"] and "previous" in last.json()["paging"]


def test_since_keeps_posts_created_at_or_after_it(sandbox: GraphSandbox) -> None:
    since = int((NOW - timedelta(days=11)).timestamp())
    posts = client(sandbox).get_connections(COUNCIL, "posts", fields="id", since=since)["data"]
    assert [p["id"] for p in posts] == [f"{COUNCIL}_122101000000000101", f"{COUNCIL}_122101000000000102"]


def test_stream_comments_include_replies_with_their_parent(sandbox: GraphSandbox) -> None:
    graph = client(sandbox)
    stream = graph.get_connections(QUESTION_POST, "comments", filter="stream", order="chronological",
                                   fields="id,message,created_time,from,parent,comment_count")["data"]
    top = graph.get_connections(QUESTION_POST, "comments", fields="id")["data"]
    assert len(stream) == 3 and len(top) == 2
    question, reply = stream[0], stream[1]
    assert question["id"] == "122101000000000101_900100000000001" and question["comment_count"] == 1
    assert "parent" not in question
    assert reply["parent"]["id"] == question["id"]
    assert reply["parent"]["from"] == {"name": "Sarah Collins", "id": "5550001000000001"}


def test_a_comments_own_comments_edge_gives_its_replies(sandbox: GraphSandbox) -> None:
    replies = client(sandbox).get_connections("122101000000000102_900100000000004", "comments",
                                              fields="id,from,message")["data"]
    assert replies == [{"id": "122101000000000102_900100000000005",
                        "from": {"name": "Brackley Town Council", "id": COUNCIL},
                        "message": replies[0]["message"]}]


def test_users_are_hidden_from_a_token_without_pages_read_user_content(sandbox: GraphSandbox) -> None:
    sandbox.add_token("NOUSERCONTENT1", {"scopes": ["pages_read_engagement"], "profile_id": COUNCIL})
    comments = client(sandbox, "NOUSERCONTENT1").get_connections(
        "122101000000000102_900100000000004", "comments", fields="id,from")["data"]
    assert comments[0]["from"]["id"] == COUNCIL  # the Page's own reply keeps its author
    stream = client(sandbox, "NOUSERCONTENT1").get_connections(QUESTION_POST, "comments", fields="id,from")["data"]
    assert all("from" not in c for c in stream)


def test_added_posts_and_comments_appear_and_move_updated_time(sandbox: GraphSandbox) -> None:
    post_id = sandbox.add_post("BrackleyTownCouncil", "Road closed", "-1h")
    comment = sandbox.add_comment(post_id, "Which road?", {"name": "Ann", "id": "5550009"}, created_time="-30m")
    reply = sandbox.add_comment(post_id, "London Road", "page", parent=comment, created_time="-10m")
    graph = client(sandbox)
    post = graph.get_object(post_id, fields="id,updated_time")
    assert post["updated_time"] == graph_time(NOW - timedelta(minutes=10))
    assert reply.startswith(post_id.split("_")[1] + "_")


def test_future_posts_appear_only_when_the_clock_reaches_them(sandbox: GraphSandbox) -> None:
    post_id = sandbox.add_post("BrackleyTownCouncil", "Scheduled", "+2h")
    graph = client(sandbox)
    assert post_id not in [p["id"] for p in graph.get_connections(COUNCIL, "posts", fields="id")["data"]]
    sandbox.advance(timedelta(hours=3))
    assert post_id in [p["id"] for p in graph.get_connections(COUNCIL, "posts", fields="id")["data"]]


@pytest.mark.parametrize("path", ["/v25.0/BrackleyTownCouncil", "/v25.0/nope/posts", "/v2.8/me", "/v25.0/debug_token"])
def test_every_reply_has_a_content_type_and_an_api_version_header(sandbox: GraphSandbox, path: str) -> None:
    reply = get(sandbox, path, input_token=TOKEN)
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.headers["facebook-api-version"].startswith("v")


@pytest.mark.parametrize(("path", "params", "status", "code", "subcode"), [
    ("/v2.8/BrackleyTownCouncil", {}, 400, 2635, None),  # facebook-sdk's default version is retired
    ("/v25.0/BrackleyTownCouncil", {"fields": "id,nonsense"}, 400, 100, None),
    (f"/v25.0/{COUNCIL}/posts", {"fields": "id,type"}, 400, 12, None),  # removed in v3.3
    ("/v25.0/NoSuchPage", {}, 400, 100, 33),
    (f"/v25.0/{COUNCIL}/posts", {"limit": "500"}, 400, 100, None),
    (f"/v25.0/{COUNCIL}/albums", {}, 400, 100, None),
])
def test_mistakes_get_graphs_error_codes(sandbox: GraphSandbox, path: str, params: dict[str, str], status: int,
                                         code: int, subcode: int | None) -> None:
    reply = get(sandbox, path, **params)
    error = reply.json()["error"]
    assert (reply.status_code, error["code"], error.get("error_subcode")) == (status, code, subcode)
    assert error["type"] in ("OAuthException", "GraphMethodException") and error["fbtrace_id"]


def test_a_missing_token_is_error_104(sandbox: GraphSandbox) -> None:
    reply = requests.get(sandbox.base_url + "/v25.0/BrackleyTownCouncil", timeout=5)
    assert reply.json()["error"]["code"] == 104


@pytest.mark.parametrize(("spec", "subcode"), [({"expires_at": "-1h"}, 463), ({"revoked": True}, 460)])
def test_dead_tokens_are_error_190_with_graphs_subcodes(sandbox: GraphSandbox, spec: dict[str, Any],
                                                        subcode: int) -> None:
    sandbox.add_token("DEADTOKEN1", spec)
    with pytest.raises(facebook.GraphAPIError) as caught:
        client(sandbox, "DEADTOKEN1").get_object(COUNCIL)
    assert caught.value.code == 190
    assert caught.value.result["error"]["error_subcode"] == subcode


def test_an_unknown_token_is_error_190_when_the_scenario_names_its_tokens() -> None:
    scenario = {**brackley(), "tokens": {"ONLYTHISONE": {}}}
    with serving(scenario) as server, pytest.raises(facebook.GraphAPIError) as caught:
        client(server, "SOMETHINGELSE").get_object(COUNCIL)
    assert caught.value.code == 190


def test_a_page_outside_the_tokens_reach_is_error_10(sandbox: GraphSandbox) -> None:
    sandbox.add_token("COUNCILONLY1", {"profile_id": COUNCIL, "pages": [COUNCIL]})
    with pytest.raises(facebook.GraphAPIError) as caught:
        client(sandbox, "COUNCILONLY1").get_object("CllrPriyaSharma")
    assert caught.value.code == 10


def test_debug_token_describes_the_token(sandbox: GraphSandbox) -> None:
    sandbox.add_token("EXPIRING1", {"profile_id": COUNCIL, "expires_at": "+10d"})
    data = client(sandbox, "EXPIRING1").request("v25.0/debug_token", {"input_token": "EXPIRING1"})["data"]
    assert data["is_valid"] is True and data["type"] == "PAGE" and data["profile_id"] == COUNCIL
    assert data["expires_at"] == int((NOW + timedelta(days=10)).timestamp())
    assert "pages_read_user_content" in data["scopes"]


def test_debug_token_says_when_a_token_is_dead(sandbox: GraphSandbox) -> None:
    sandbox.add_token("EXPIRED1", {"expires_at": "-2d"})
    data = client(sandbox, "EXPIRED1").request("v25.0/debug_token", {"input_token": "EXPIRED1"})["data"]
    assert data["is_valid"] is False and data["error"]["subcode"] == 463


def test_it_counts_calls_and_reports_page_usage_then_throttles_with_80001() -> None:
    scenario = {**brackley(), "limits": {"page_calls_per_day": 4}}
    with serving(scenario) as server:
        replies = [get(server, "/v25.0/BrackleyTownCouncil") for _ in range(5)]
        usage = [json.loads(r.headers["X-Business-Use-Case-Usage"])[COUNCIL][0] for r in replies]
        assert [u["call_count"] for u in usage] == [25, 50, 75, 100, 100]
        assert replies[4].json()["error"]["code"] == 80001
        assert usage[4]["estimated_time_to_regain_access"] == 24 * 60
        assert server.billing() == {"requests": 4, "objects_read": 4, "cost_usd": 0.0}


def test_app_tokens_get_x_app_usage_and_error_4() -> None:
    scenario = {**brackley(), "limits": {"app_calls_per_hour": 1}, "tokens": {"*": {"type": "USER"}}}
    with serving(scenario) as server:
        first, second = get(server, "/v25.0/BrackleyTownCouncil"), get(server, "/v25.0/BrackleyTownCouncil")
    assert json.loads(first.headers["X-App-Usage"])["call_count"] == 100
    assert (second.status_code, second.json()["error"]["code"]) == (403, 4)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_every_named_fault_is_served_once_then_the_sandbox_recovers(sandbox: GraphSandbox, name: str) -> None:
    fault = FAULTS[name]()
    fault.delay = min(fault.delay, 0.05)
    sandbox.inject("/v25.0/", fault)
    faulty = get(sandbox, "/v25.0/BrackleyTownCouncil")
    assert faulty.status_code == fault.status
    assert faulty.content == (fault.raw if fault.raw is not None else json.dumps(fault.body).encode())
    assert ("Content-Type" in faulty.headers) == (fault.content_type is not None)
    assert get(sandbox, "/v25.0/BrackleyTownCouncil").json()["id"] == COUNCIL


@pytest.mark.parametrize(("change", "where"), [
    (lambda s: s["pages"][0]["posts"][0].update(created_time="yesterday"), "pages[0].posts[0].created_time"),
    (lambda s: s["pages"][0].update(colour="blue"), "pages[0]"),
    (lambda s: s["pages"][0]["posts"][1]["comments"][0]["replies"][0].update(replies=[{}]),
     "pages[0].posts[1].comments[0].replies[0].replies"),
    (lambda s: s["tokens"]["*"].update(expires="+1d"), "tokens.*"),
])
def test_a_broken_scenario_names_the_key_at_fault(change: Any, where: str) -> None:
    scenario = brackley()
    change(scenario)
    with pytest.raises(ScenarioError, match=re.escape(f"facebook scenario: {where}")):
        GraphSandbox(scenario, NOW)


def test_the_scenario_example_in_the_docs_loads_and_serves_its_thread() -> None:
    docs = (ROOT / "docs" / "platforms-facebook.md").read_text(encoding="utf-8")
    example = json.loads(docs.split("```json", 1)[1].split("```", 1)[0])
    with serving(example) as server:
        graph = client(server)
        [post] = graph.get_connections(COUNCIL, "posts", fields="id")["data"]
        thread = graph.get_connections(post["id"], "comments", filter="stream", fields="id,from,parent")["data"]
    assert thread[0]["from"]["name"] == "Sarah Collins"
    assert thread[1]["parent"]["id"] == thread[0]["id"] and thread[1]["from"]["id"] == COUNCIL
