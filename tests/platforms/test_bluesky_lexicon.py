"""Every sandbox reply the Bluesky adapter reads conforms to the method's lexicon `output` and the defs it refers to.

No Python library validates data against lexicon JSON (atproto's models are generated from an older copy),
so a small validator covers the lexicon types these replies use: object, array, string (with its formats
and lengths), integer, boolean, ref, union (closed or open), unknown (a record with a known $type is
validated as that record), cid-link and blob.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.sandbox.bluesky import BlueskySandbox
from tests.platforms.bskysupport import COUNCIL, COUNCILLOR, NOW, SCENARIO

LEXICONS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "atproto-lexicons"
if not LEXICONS.exists():
    LEXICONS = Path("/work/shared/reference/atproto-lexicons")

FORMATS = {
    "did": re.compile(r"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$"),
    "handle": re.compile(r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"),
    "at-uri": re.compile(r"^at://[a-zA-Z0-9._:%-]+(/[a-zA-Z0-9.-]+(/[a-zA-Z0-9._~:-]+)?)?$"),
    "cid": re.compile(r"^[a-zA-Z0-9+=]{8,256}$"),
    "uri": re.compile(r"^[a-z][a-z0-9+.-]*:\S+$"),
    "nsid": re.compile(r"^[a-zA-Z]([a-zA-Z0-9-]*\.)+[a-zA-Z][a-zA-Z0-9]*$"),
    "language": re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9-]+)?$"),
    "tid": re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$"),
    "record-key": re.compile(r"^[a-zA-Z0-9._~:-]{1,512}$"),
}


class Lexicons:
    """The lexicon documents, loaded by id when first needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, dict[str, Any]] = {}

    def doc(self, nsid: str) -> dict[str, Any]:
        """Return a lexicon document by its NSID."""
        if nsid not in self.docs:
            path = self.root.joinpath(*nsid.split(".")).with_suffix(".json")
            self.docs[nsid] = json.loads(path.read_text(encoding="utf-8"))
        return self.docs[nsid]

    def resolve(self, ref: str, context: str) -> tuple[dict[str, Any], str]:
        """Return the def a ref names ("#x", "nsid#x" or "nsid") and the document it lives in."""
        nsid, _, name = ref.partition("#")
        nsid = nsid or context
        return self.doc(nsid)["defs"][name or "main"], nsid

    def output(self, method: str) -> dict[str, Any]:
        """Return a query's output schema."""
        schema: dict[str, Any] = self.doc(method)["defs"]["main"]["output"]["schema"]
        return schema


def check(lex: Lexicons, value: Any, schema: dict[str, Any], context: str, path: str = "$") -> list[str]:
    """Return every way a value breaks a lexicon schema (empty when it conforms)."""
    kind = schema.get("type")
    if kind == "ref":
        target, where = lex.resolve(schema["ref"], context)
        return check(lex, value, target, where, path)
    if kind == "record":
        return check(lex, value, schema["record"], context, path)
    if kind == "token":
        return [] if isinstance(value, str) else [f"{path}: a token is a string"]
    if kind == "union":
        if not isinstance(value, dict) or "$type" not in value:
            return [f"{path}: a union member needs $type"]
        full = {(context + r if r.startswith("#") else r) for r in schema["refs"]}
        wanted = value["$type"]
        match = next((r for r in full if r == wanted or r.removesuffix("#main") == wanted), None)
        if match is None:
            return [] if not schema.get("closed") else [f"{path}: $type {wanted} is not one of {sorted(full)}"]
        target, where = lex.resolve(match, context)
        return check(lex, value, target, where, path)
    if kind == "unknown":
        if not isinstance(value, dict):
            return [f"{path}: unknown must be an object"]
        if value.get("$type") == "app.bsky.feed.post":
            target, where = lex.resolve("app.bsky.feed.post", context)
            return check(lex, value, target, where, path)
        return []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        problems = [f"{path}: missing {name}" for name in schema.get("required", []) if name not in value]
        nullable = set(schema.get("nullable", []))
        for name, sub in schema.get("properties", {}).items():
            if name in value and not (value[name] is None and name in nullable):
                problems += check(lex, value[name], sub, context, f"{path}.{name}")
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: expected an array"]
        too_many = len(value) > schema.get("maxLength", 1 << 30)
        problems = [f"{path}: more than {schema.get('maxLength')} items"] if too_many else []
        for i, item in enumerate(value):
            problems += check(lex, item, schema["items"], context, f"{path}[{i}]")
        return problems
    if kind == "string":
        return _string(value, schema, path)
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{path}: expected an integer"]
        low, high = schema.get("minimum"), schema.get("maximum")
        return [f"{path}: {value} out of range"] if (low is not None and value < low) or (
            high is not None and value > high) else []
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean"]
    if kind == "cid-link":
        return [] if isinstance(value, dict) and "$link" in value else [f"{path}: expected a cid-link"]
    if kind == "blob":
        return [] if isinstance(value, dict) and value.get("$type") == "blob" else [f"{path}: expected a blob"]
    return [f"{path}: the validator does not know lexicon type {kind!r}"]


def _string(value: Any, schema: dict[str, Any], path: str) -> list[str]:
    """Return how a string breaks its schema: type, format, lengths, enum, const."""
    if not isinstance(value, str):
        return [f"{path}: expected a string"]
    problems = []
    fmt = schema.get("format")
    if fmt == "datetime":
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if when.tzinfo is None:
                problems.append(f"{path}: datetime without a time zone")
        except ValueError:
            problems.append(f"{path}: not a datetime: {value!r}")
    elif fmt == "at-identifier":
        if not (FORMATS["did"].match(value) or FORMATS["handle"].match(value)):
            problems.append(f"{path}: not a DID or handle: {value!r}")
    elif fmt in FORMATS and not FORMATS[fmt].match(value):
        problems.append(f"{path}: not a {fmt}: {value!r}")
    if len(value.encode()) > schema.get("maxLength", 1 << 30):
        problems.append(f"{path}: longer than maxLength")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in enum")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: {value!r} is not {schema['const']!r}")
    return problems


@pytest.fixture(scope="module")
def lex() -> Lexicons:
    """The shared lexicons."""
    return Lexicons(LEXICONS)


@pytest.fixture
def sandbox() -> Iterator[BlueskySandbox]:
    """The sandbox with a quote, a reply to a deleted post and a deep thread besides the base network."""
    server = BlueskySandbox(json.loads(json.dumps(SCENARIO)), NOW)
    quote = server.add_post(COUNCILLOR, "Worth reading:", NOW - timedelta(minutes=30), quote_of=server.key("bins"))
    gone = server.add_post(COUNCIL, "Draft.", NOW - timedelta(minutes=20))
    server.add_post("resident1.bsky.social", "Reply to a deleted post", NOW - timedelta(minutes=10), reply_to=gone)
    server.add_post(COUNCIL, "Yes, garden waste too.", NOW - timedelta(minutes=5), reply_to=server.key("q"))
    server.add_post(COUNCIL, "Quoted myself", NOW - timedelta(minutes=4), quote_of=quote)
    server.delete(gone)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(server: BlueskySandbox, method: str, query: str) -> Any:
    """Return a sandbox reply's JSON body, asserting a 200."""
    import urllib.request

    with urllib.request.urlopen(f"{server.base_url}/xrpc/{method}?{query}", timeout=5) as reply:
        assert reply.status == 200
        return json.loads(reply.read())


def test_the_validator_rejects_what_breaks_the_lexicon(lex: Lexicons) -> None:
    schema = lex.output("app.bsky.feed.getAuthorFeed")
    assert check(lex, {"feed": []}, schema, "app.bsky.feed.getAuthorFeed") == []
    assert check(lex, {}, schema, "app.bsky.feed.getAuthorFeed") == ["$: missing feed"]
    bad = {"feed": [{"post": {"uri": "https://x", "cid": "c", "author": {"did": "nope", "handle": "a.b"},
                              "record": {}, "indexedAt": "yesterday"}}]}
    problems = check(lex, bad, schema, "app.bsky.feed.getAuthorFeed")
    assert any("not a at-uri" in p for p in problems) and any("not a did" in p for p in problems)
    assert any("not a datetime" in p for p in problems)


@pytest.mark.parametrize(("method", "query"), [
    ("app.bsky.actor.getProfiles", f"actors={COUNCIL}&actors={COUNCILLOR}&actors=nobody.bsky.social"),
    ("app.bsky.feed.getAuthorFeed", f"actor={COUNCIL}&filter=posts_with_replies&limit=100"),
    ("app.bsky.feed.getAuthorFeed", f"actor={COUNCILLOR}&filter=posts_with_replies&limit=2"),
    ("app.bsky.actor.searchActors", "q=brackley&limit=25"),
])
def test_each_reply_the_adapter_reads_conforms(lex: Lexicons, sandbox: BlueskySandbox, method: str,
                                               query: str) -> None:
    body = get(sandbox, method, query)
    assert check(lex, body, lex.output(method), method) == []


def test_threads_conform(lex: Lexicons, sandbox: BlueskySandbox) -> None:
    method = "app.bsky.feed.getPostThread"
    from urllib.parse import quote

    body = get(sandbox, method, f"uri={quote(sandbox.key('bins'))}&depth=10&parentHeight=0")
    assert body["thread"]["replies"][0]["replies"], "the council's answer nests under the question"
    assert check(lex, body, lex.output(method), method) == []


def test_get_posts_conforms_and_leaves_out_what_is_deleted(lex: Lexicons, sandbox: BlueskySandbox) -> None:
    method = "app.bsky.feed.getPosts"
    from urllib.parse import quote

    uris = [p.uri for p in sandbox.posts.values() if p.repost_of is None]
    body = get(sandbox, method, "&".join(f"uris={quote(u)}" for u in uris))
    assert len(body["posts"]) == len(uris) - 1, "the deleted draft is left out"
    assert check(lex, body, lex.output(method), method) == []
