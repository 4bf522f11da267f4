"""The X sandbox's responses validate against X's own OpenAPI description (version 2.167).

The description comes from xdevplatform/xdk (see /work/shared/reference/README.md). Its component
schemas rename some wire fields in the "post" style: `note_post`, `referenced_posts`, `pinned_post_id`,
`public_metrics.post_count`, `includes.posts`. The API itself sends the tweet-era names: docs.x.com's
data dictionary and examples, tweepy's parser (`includes["tweets"]`, `referenced_tweets`), and this
same file's streaming parameters (`tweet.fields` values `note_tweet`, `referenced_tweets`). So the
test maps those few names back before validating, which checks the fields under their real names
rather than letting them pass as unknown extras. It also closes the objects the sandbox emits
(additionalProperties: false) so that a misspelled field fails.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import requests
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from monitor.platforms.x import (
    AUTHOR_FIELDS,
    PINNED_FIELDS,
    POST_EXPANSIONS,
    POST_FIELDS,
    PROFILE_FIELDS,
    REPLY_EXPANSIONS,
)
from monitor.sandbox.x import TWEET_FIELDS, USER_FIELDS, XSandbox
from tests.platforms.xsupport import running

SPEC = Path(__file__).parents[2].parent / "shared" / "reference" / "x-api-v2-openapi-2.167.json"
BASE = "urn:x-api-v2-openapi"
# Component schema -> {name in the xdk description: name on the wire}.
WIRE_NAMES = {
    "Post": {"note_post": "note_tweet", "referenced_posts": "referenced_tweets",
             "edit_history_post_ids": "edit_history_tweet_ids"},
    "User": {"pinned_post_id": "pinned_tweet_id", "most_recent_post_id": "most_recent_tweet_id"},
    "UserPublicMetrics": {"post_count": "tweet_count"},
    "PostPublicMetrics": {"repost_count": "retweet_count"},
    "Expansions": {"posts": "tweets"},
}
CLOSED = ("Post", "User", "UserPublicMetrics", "PostPublicMetrics", "PostNotePost", "Expansions",
          "ResourceNotFoundProblem", "GetUsersPostsResponse", "GetUsersMentionsResponse", "SearchPostsRecentResponse",
          "GetUsersByUsernamesResponse", "GetUsersByIdResponse", "GetPostsByIdsResponse")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

pytestmark = pytest.mark.skipif(not SPEC.exists(), reason=f"X's OpenAPI description is not at {SPEC} "
                                "(it ships in the shared reference folder beside the repository)")


@cache
def spec() -> dict[str, Any]:
    """Return the description with wire names restored and the emitted objects closed."""
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    for name, renames in WIRE_NAMES.items():
        schema = schemas[name]
        for old, new in renames.items():
            schema["properties"][new] = schema["properties"].pop(old)
            if old in schema.get("required", []):
                schema["required"] = [new if r == old else r for r in schema["required"]]
    for name in CLOSED:
        schemas[name]["additionalProperties"] = False
        meta = schemas[name].get("properties", {}).get("meta")
        if meta and "properties" in meta:
            meta["additionalProperties"] = False
    return data


def validator_for(path: str, status: str = "200") -> Draft202012Validator:
    """Return a validator for one path's GET response, resolving $ref inside the description."""
    described = spec()
    if status == "200":
        ref = described["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    else:
        ref = "#/components/schemas/Problem"
    registry: Registry[Any] = Registry().with_resource(BASE, DRAFT202012.create_resource(described))
    return Draft202012Validator({"$ref": BASE + ref}, registry=registry)


def problems(path: str, body: Any, status: str = "200") -> list[str]:
    """Return every way a body breaks the description of a path's response."""
    errors = validator_for(path, status).iter_errors(body)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def times(body: Any) -> Iterator[str]:
    """Yield every created_at in a body."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "created_at":
                yield value
            else:
                yield from times(value)
    elif isinstance(body, list):
        for item in body:
            yield from times(item)


def fetch(server: XSandbox, path: str, **params: Any) -> Any:
    """GET a sandbox path and return the JSON body."""
    reply = requests.get(server.base_url + path, params=params, headers={"Authorization": "Bearer t"}, timeout=10)
    return reply.json()


def cases(server: XSandbox) -> list[tuple[str, str, dict[str, Any]]]:
    """Return (described path, real path, params): each request the adapter makes, plus every field at once."""
    council, tom = server.user_id("BrackleyTC"), server.user_id("TomOkaforBTC")
    posts = {"tweet.fields": ",".join(POST_FIELDS), "expansions": ",".join(POST_EXPANSIONS), "max_results": 100}
    replies = {**posts, "expansions": ",".join(REPLY_EXPANSIONS), "user.fields": ",".join(AUTHOR_FIELDS)}
    everything = {"tweet.fields": ",".join(sorted(TWEET_FIELDS & {"author_id", "created_at", "conversation_id",
                  "in_reply_to_user_id", "referenced_tweets", "note_tweet", "lang", "public_metrics", "entities"})),
                  "user.fields": ",".join(sorted(USER_FIELDS & {"created_at", "description", "location", "url",
                  "profile_image_url", "protected", "public_metrics", "verified", "verified_type", "pinned_tweet_id",
                  "most_recent_tweet_id"})), "expansions": ",".join([*REPLY_EXPANSIONS, "in_reply_to_user_id"])}
    profiles = {"usernames": "BrackleyTC,PriyaSharmaBTC,NoSuchUser", "user.fields": ",".join(PROFILE_FIELDS),
                "expansions": "pinned_tweet_id", "tweet.fields": ",".join(PINNED_FIELDS)}
    return [
        ("/2/users/by", "/2/users/by", profiles),
        ("/2/users/{id}", f"/2/users/{council}", {"user.fields": everything["user.fields"]}),
        ("/2/users/{id}", "/2/users/999", {}),
        ("/2/users/{id}/tweets", f"/2/users/{tom}/tweets", posts),
        ("/2/users/{id}/tweets", f"/2/users/{tom}/tweets", {"since_id": str(2**62)}),
        ("/2/users/{id}/mentions", f"/2/users/{council}/mentions", replies),
        ("/2/tweets/search/recent", "/2/tweets/search/recent",
         {**posts, "query": "from:BrackleyTC OR from:CllrJWhitfield OR from:PriyaSharmaBTC OR from:MEllisBrackley"}),
        ("/2/tweets/search/recent", "/2/tweets/search/recent", {**everything, "query": "to:BrackleyTC OR @BrackleyTC",
                                                                 "max_results": 10}),
        ("/2/tweets/search/recent", "/2/tweets/search/recent", {"query": "from:NoSuchUser"}),
        ("/2/tweets", "/2/tweets", {**everything, "ids": ",".join([*map(str, list(server.posts)[:5]), "42"])}),
    ]


def test_every_response_the_adapter_reads_matches_the_description() -> None:
    with running() as server:
        bodies = [(described, real, fetch(server, real, **params)) for described, real, params in cases(server)]
    for described, real, body in bodies:
        assert problems(described, body) == [], f"{real}: {json.dumps(body)[:300]}"
        assert all(ISO_MS.match(t) for t in times(body)), real
    # The cases hold what they are meant to: long posts, shares, replies, pinned posts, partial errors, paging.
    text = json.dumps([b for _, _, b in bodies])
    for needle in ("note_tweet", '"retweeted"', '"quoted"', '"replied_to"', "pinned_tweet_id", '"tweets"',
                   "resource-not-found", '"result_count": 0', "tweet_count"):
        assert needle in text, needle


def test_a_second_page_and_a_bad_request_match_the_description_too() -> None:
    query = "from:BrackleyTC OR to:BrackleyTC OR from:CllrJWhitfield OR from:MEllisBrackley OR from:TomOkaforBTC"
    with running() as server:
        first = fetch(server, "/2/tweets/search/recent", query=query, max_results=10)
        second = fetch(server, "/2/tweets/search/recent", query=query, max_results=10,
                       next_token=first["meta"]["next_token"])
        bad = fetch(server, "/2/tweets/search/recent", query="from:x " * 100)
    assert problems("/2/tweets/search/recent", first) == problems("/2/tweets/search/recent", second) == []
    assert problems("/2/tweets/search/recent", bad, status="default") == []


def test_the_check_catches_a_misspelled_field() -> None:
    with running() as server:
        body = fetch(server, "/2/tweets/search/recent", query="from:BrackleyTC", **{"tweet.fields": "created_at"})
    broken = copy.deepcopy(body)
    broken["data"][0]["created"] = broken["data"][0].pop("created_at")
    assert problems("/2/tweets/search/recent", body) == []
    assert problems("/2/tweets/search/recent", broken) != []


def test_the_renamed_fields_are_still_renamed_in_the_description() -> None:
    raw = json.loads(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    for name, renames in WIRE_NAMES.items():
        assert set(renames) <= set(raw[name]["properties"]), name
