"""The X sandbox answers like X: shapes, query semantics, paging, billing, rate limits, scenarios."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests

from monitor.sandbox.scenario import ScenarioError, busy_handles, busy_scenario, load_scenario, start_sandboxes
from monitor.sandbox.x import XSandbox, snowflake, snowflake_time
from tests.platforms.xsupport import NOW, running

AUTH = {"Authorization": "Bearer test"}


def get(server: XSandbox, path: str, **params: Any) -> requests.Response:
    """GET a sandbox path with a bearer token."""
    return requests.get(server.base_url + path, params=params, headers=AUTH, timeout=10)


def search(server: XSandbox, query: str, **params: Any) -> list[str]:
    """Return the texts a recent search finds."""
    reply = get(server, "/2/tweets/search/recent", query=query, max_results=100, **params)
    assert reply.status_code == 200, reply.text
    return [t["text"] for t in reply.json().get("data", [])]


def small() -> dict[str, Any]:
    """Return a scenario with two accounts and a reply, a repost and a quote."""
    return {"accounts": [{"username": "Council"}, {"username": "Resident"}, {"username": "Cllr"}],
            "posts": [{"key": "a", "author": "Council", "at": "-3h", "text": "Bins move to Tuesday"},
                      {"key": "q", "author": "Resident", "at": "-2h", "reply_to": "a", "text": "Which street?"},
                      {"author": "Cllr", "at": "-90m", "repost": "a"},
                      {"author": "Cllr", "at": "-1h", "quote": "a", "text": "Worth knowing"},
                      {"author": "Resident", "at": "-30m", "text": "Thanks @Cllr for the help"}]}


def test_an_empty_page_has_meta_and_no_data_key() -> None:
    with running(small()) as server:
        reply = get(server, "/2/tweets/search/recent", query="from:Nobody")
    assert reply.json() == {"meta": {"result_count": 0}}
    assert reply.headers["Content-Type"].startswith("application/json")


def test_posts_have_string_ids_millisecond_times_and_only_the_fields_asked_for() -> None:
    with running(small()) as server:
        bare = get(server, "/2/tweets/search/recent", query="from:Council").json()
        full = get(server, "/2/tweets/search/recent", query="from:Council",
                   **{"tweet.fields": "created_at,author_id"}).json()
    assert set(bare["data"][0]) == {"id", "text", "edit_history_tweet_ids"}
    post = full["data"][0]
    assert isinstance(post["id"], str) and post["author_id"].isdigit()
    assert post["created_at"].endswith(".000Z")
    assert full["meta"]["newest_id"] == full["meta"]["oldest_id"] == post["id"]


def test_unknown_fields_and_expansions_are_refused_like_x() -> None:
    with running(small()) as server:
        reply = get(server, "/2/tweets/search/recent", query="from:Council", **{"tweet.fields": "colour"})
    assert reply.status_code == 400
    assert reply.json()["type"] == "https://api.x.com/2/problems/invalid-request"


def test_expansions_fill_includes_with_the_original_and_its_author() -> None:
    with running(small()) as server:
        body = get(server, "/2/tweets/search/recent", query="from:Cllr",
                   **{"tweet.fields": "referenced_tweets", "expansions": "referenced_tweets.id.author_id,"
                      "referenced_tweets.id"}).json()
    kinds = sorted(ref["type"] for post in body["data"] for ref in post.get("referenced_tweets", []))
    assert kinds == ["quoted", "retweeted"]
    assert [t["text"] for t in body["includes"]["tweets"]] == ["Bins move to Tuesday"]
    assert [u["username"] for u in body["includes"]["users"]] == ["Council"]


def test_and_binds_tighter_than_or_as_x_evaluates_it() -> None:
    with running(small()) as server:
        loose = search(server, "from:Cllr OR from:Council -is:retweet")
        grouped = search(server, "(from:Cllr OR from:Council) -is:retweet")
    assert "RT @Council: Bins move to Tuesday" in loose  # from:Cllr OR (from:Council -is:retweet)
    assert sorted(grouped) == ["Bins move to Tuesday", "Worth knowing"]


@pytest.mark.parametrize(("query", "expected"), [
    ("to:Council", ["@Council Which street?"]),
    ("@Cllr", ["Thanks @Cllr for the help"]),
    ("from:Resident -to:Council", ["Thanks @Cllr for the help"]),
    ("bins from:Council", ["Bins move to Tuesday"]),
    ('"worth knowing"', ["Worth knowing"]),
])
def test_search_operators_select_what_they_say(query: str, expected: list[str]) -> None:
    with running(small()) as server:
        assert search(server, query) == expected


def test_conversation_id_finds_the_whole_thread() -> None:
    with running(small()) as server:
        root = server._keys["a"]
        assert sorted(search(server, f"conversation_id:{root}")) == ["@Council Which street?", "Bins move to Tuesday"]


@pytest.mark.parametrize("query", ["from:a " * 100, "is:retweet", "-(from:a OR from:b)", "(from:a", "nosuch:op"])
def test_bad_queries_get_a_400(query: str) -> None:
    with running(small()) as server:
        reply = get(server, "/2/tweets/search/recent", query=query)
    assert reply.status_code == 400 and reply.json()["title"] == "Invalid Request"


def test_recent_search_sees_seven_days_and_refuses_an_older_start_time() -> None:
    scenario = {"accounts": [{"username": "Council"}],
                "posts": [{"author": "Council", "at": "-8d", "text": "old"}, {"author": "Council", "at": "-6d",
                                                                              "text": "recent"}]}
    with running(scenario) as server:
        assert search(server, "from:Council") == ["recent"]
        reply = get(server, "/2/tweets/search/recent", query="from:Council",
                    start_time=(NOW - timedelta(days=8)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        timeline = get(server, f"/2/users/{server.user_id('Council')}/tweets").json()
    assert reply.status_code == 400
    assert [t["text"] for t in timeline["data"]] == ["recent", "old"]


def test_pages_stay_stable_while_new_posts_arrive() -> None:
    scenario = {"accounts": [{"username": "Council"}],
                "posts": [{"author": "Council", "at": f"-{i + 1}m", "text": f"post {i}"} for i in range(25)]}
    with running(scenario) as server:
        first = get(server, "/2/tweets/search/recent", query="from:Council", max_results=10).json()
        server.add_post("Council", "brand new", at=NOW)
        texts = [t["text"] for t in first["data"]]
        token = first["meta"]["next_token"]
        while token:
            page = get(server, "/2/tweets/search/recent", query="from:Council", max_results=10,
                       next_token=token).json()
            texts += [t["text"] for t in page["data"]]
            token = page["meta"].get("next_token")
    assert texts == [f"post {i}" for i in range(25)]


def test_since_id_and_until_id_are_exclusive() -> None:
    with running(small()) as server:
        ids = sorted(server.posts)
        body = get(server, f"/2/users/{server.user_id('Cllr')}/tweets", since_id=ids[0], until_id=ids[-1]).json()
    assert [int(t["id"]) for t in body["data"]] == sorted((i for i in ids[1:-1]
                                                           if server.posts[i].author_id == server.user_id("Cllr")),
                                                          reverse=True)


def test_timeline_exclude_drops_replies_and_reposts() -> None:
    with running(small()) as server:
        cllr = get(server, f"/2/users/{server.user_id('Cllr')}/tweets", exclude="retweets").json()
        resident = get(server, f"/2/users/{server.user_id('Resident')}/tweets", exclude="replies").json()
    assert [t["text"] for t in cllr["data"]] == ["Worth knowing"]
    assert [t["text"] for t in resident["data"]] == ["Thanks @Cllr for the help"]


def test_mentions_hold_posts_naming_the_account() -> None:
    with running(small()) as server:
        council = get(server, f"/2/users/{server.user_id('Council')}/mentions").json()
    assert sorted(t["text"] for t in council["data"]) == ["@Council Which street?", "RT @Council: Bins move to Tuesday"]


def test_users_by_names_missing_users_in_errors_and_refuses_more_than_100() -> None:
    with running(small()) as server:
        body = get(server, "/2/users/by", usernames="Council,Ghost").json()
        too_many = get(server, "/2/users/by", usernames=",".join(f"u{i}" for i in range(101)))
        bad = get(server, "/2/users/by", usernames="not-a-handle")
    assert [u["username"] for u in body["data"]] == ["Council"]
    assert body["errors"][0]["value"] == "Ghost" and body["errors"][0]["resource_type"] == "user"
    assert too_many.status_code == 400 and bad.status_code == 400


def test_tweets_by_ids_returns_found_posts_and_partial_errors() -> None:
    with running(small()) as server:
        known = str(max(server.posts))
        body = get(server, "/2/tweets", ids=f"{known},123").json()
    assert [t["id"] for t in body["data"]] == [known]
    assert body["errors"][0]["resource_id"] == "123" and "meta" not in body


def test_long_posts_are_cut_in_text_and_whole_in_note_tweet() -> None:
    long = "word " * 100
    with running({"accounts": [{"username": "Council"}], "posts": [{"author": "Council", "at": "-1m",
                                                                      "text": long}]}) as server:
        post = get(server, "/2/tweets/search/recent", query="from:Council",
                   **{"tweet.fields": "note_tweet"}).json()["data"][0]
    assert len(post["text"]) == 280 and post["note_tweet"]["text"] == long


def test_billing_counts_each_post_and_user_once_per_utc_day() -> None:
    with running(small()) as server:
        for _ in range(2):
            get(server, "/2/tweets/search/recent", query="from:Council", expansions="author_id")
        once = server.billed()
        server.advance(timedelta(days=1))
        get(server, "/2/tweets/search/recent", query="from:Council", expansions="author_id")
        twice = server.billed()
    assert (once["posts"], once["users"], once["posts_returned"]) == (1, 1, 2)
    assert (twice["posts"], twice["users"]) == (2, 2)


def test_rate_limit_headers_count_down_and_the_limit_answers_429() -> None:
    with running(small()) as server:
        server.rate_limits["users/by"] = 2
        replies = [get(server, "/2/users/by", usernames="Council") for _ in range(3)]
    assert [r.status_code for r in replies] == [200, 200, 429]
    assert [r.headers["x-rate-limit-remaining"] for r in replies] == ["1", "0", "0"]
    assert int(replies[2].headers["x-rate-limit-reset"]) == int((NOW + timedelta(minutes=15)).timestamp())


def test_requests_without_a_bearer_token_are_refused() -> None:
    with running(small()) as server:
        reply = requests.get(server.base_url + "/2/users/by", params={"usernames": "Council"}, timeout=10)
    assert reply.status_code == 401


def test_ids_encode_their_time() -> None:
    assert abs(snowflake_time(snowflake(NOW)) - NOW) < timedelta(milliseconds=1)


def test_the_busy_generator_lays_out_n_accounts_times_m_posts_a_day() -> None:
    scenario = busy_scenario(accounts=10, posts_per_day=3, days_before=1, days_after=1, now=NOW)
    assert [a["username"] for a in scenario["accounts"]] == busy_handles(10)
    assert len(scenario["posts"]) == 10 * 3 * 2
    with running(scenario) as server:
        visible = search(server, "from:BusyTownTC OR from:BusyCllr0001")
    assert len(visible) == 2 * 3


def test_scenarios_load_by_name_or_path_and_unknown_names_are_explained(tmp_path: Any) -> None:
    both = load_scenario("brackley")
    assert "x" in both and both["x"]["accounts"][0]["username"] == "BrackleyTC"
    (tmp_path / "mine.x.json").write_text('{"accounts": [{"username": "Mine"}], "posts": []}')
    assert load_scenario(tmp_path / "mine.x.json") == {"x": {"accounts": [{"username": "Mine"}], "posts": []}}
    with pytest.raises(ScenarioError, match=r"bundled scenarios: .*brackley"):
        load_scenario("nowhere")


def test_start_sandboxes_serves_each_platform_of_a_scenario() -> None:
    servers, urls = start_sandboxes("brackley", NOW)
    try:
        reply = requests.get(urls["x"] + "/2/users/by", params={"usernames": "BrackIeyTC"}, headers=AUTH, timeout=10)
        assert reply.json()["data"][0]["name"] == "Brackley Town Council ✅"
    finally:
        for server in servers:
            server.stop()
    assert len(servers) == len(urls) >= 1
