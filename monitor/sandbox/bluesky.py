"""A local Bluesky AppView: the XRPC queries the Bluesky adapter calls, with the lexicons' real shapes.

Shapes follow the lexicons in the shared reference (app.bsky.actor.defs#profileViewDetailed,
app.bsky.feed.defs#feedViewPost, #postView, #threadViewPost, #reasonRepost): at:// URIs, CIDv1 strings,
did:plc DIDs, "$type" on every union member, errors as {"error", "message"} with HTTP 400, and the
ratelimit-* headers the AppView sends. tests/platforms/test_bluesky_lexicon.py holds every reply the
adapter reads to the lexicon's output schema.

Scenario format ("NAME.bluesky.json"): {"accounts": [{"handle", "displayName", "description", "did"?,
"createdAt"?, "followers"?}], "posts": [{"key"?, "author" (handle), "at" (time or offset), "text",
"reply_to"? (a key), "repost_of"? (a key), "quote_of"? (a key)}]}. Posts dated after the sandbox's clock
appear as it moves on.
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from monitor.sandbox.clock import Clock, resolve_time
from monitor.sandbox.server import Request, Response, SandboxServer

XRPC = "/xrpc/"
POST_COLLECTION = "app.bsky.feed.post"
RATE_LIMIT = 3000  # per window, per IP, as the AppView publishes
RATE_WINDOW_SECONDS = 300
MAX_PROFILES = 25
MAX_LIMIT = 100


def did_for(handle: str) -> str:
    """Return a stable did:plc for a handle (24 base32 characters, as PLC makes them)."""
    digest = base64.b32encode(hashlib.sha256(handle.encode()).digest()).decode().lower()
    return f"did:plc:{digest[:24]}"


def cid_for(text: str) -> str:
    """Return a CIDv1 (dag-cbor, sha-256) string for some content, as records carry."""
    raw = bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(text.encode()).digest()
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


def iso(when: datetime) -> str:
    """Return the AppView's datetime format: UTC, milliseconds, Z."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


@dataclass
class BskyAccount:
    """One account of the sandbox's network."""

    did: str
    handle: str
    display_name: str = ""
    description: str = ""
    created_at: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    followers: int = 0
    avatar: str | None = None
    status: str = ""  # "" when active, "takendown" (suspended by moderators) or "deactivated" (by its owner)


@dataclass
class BskyPost:
    """One post record, with what the AppView derives from it."""

    uri: str
    cid: str
    author: str  # DID
    text: str
    at: datetime
    reply_to: str | None = None  # parent URI
    root: str | None = None
    repost_of: str | None = None  # a repost is a feed item of its own, not a post view
    quote_of: str | None = None
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class BlueskySandbox(Clock, SandboxServer):
    """The public AppView's read queries on 127.0.0.1."""

    name = "bluesky"

    def __init__(self, scenario: dict[str, Any] | None = None, now: datetime | None = None,
                 live: bool = False) -> None:
        """Load a scenario on a clock set to `now` (following the wall clock when live)."""
        super().__init__()
        self.start_clock(now, live)
        self.accounts: dict[str, BskyAccount] = {}  # DID -> account
        self.posts: dict[str, BskyPost] = {}  # URI -> post (reposts included)
        self._keys: dict[str, str] = {}  # scenario key -> URI
        self._serial = 0
        self._window: tuple[int, int] = (0, 0)  # (window number, requests in it)
        if scenario:
            self.load(scenario)

    # -- loading and changing -----------------------------------------------------------------------

    def load(self, scenario: dict[str, Any]) -> None:
        """Add a scenario's accounts, then its posts in order (a post may name earlier ones by key)."""
        now = self.now()
        for entry in scenario.get("accounts", []):
            self.add_account(entry["handle"], entry.get("displayName", ""), entry.get("description", ""),
                             did=entry.get("did"), followers=int(entry.get("followers", 0)),
                             created_at=resolve_time(entry.get("createdAt", "2024-01-01T00:00:00Z"), now))
        for entry in scenario.get("posts", []):
            named = {name: self._keys[entry[name]] if entry.get(name) else None
                     for name in ("reply_to", "repost_of", "quote_of")}
            made = self.add_post(entry["author"], entry.get("text", ""), resolve_time(entry.get("at", "-1h"), now),
                                 **named)
            if entry.get("key"):
                self._keys[entry["key"]] = made

    def add_account(self, handle: str, display_name: str = "", description: str = "", did: str | None = None,
                    followers: int = 0, created_at: datetime | None = None) -> str:
        """Add an account and return its DID."""
        with self._data_lock:
            account = BskyAccount(did or did_for(handle), handle, display_name, description,
                                  created_at or datetime(2024, 1, 1, tzinfo=UTC), followers)
            self.accounts[account.did] = account
            return account.did

    def rename(self, handle: str, new_handle: str) -> None:
        """Change an account's handle (its DID stays)."""
        with self._data_lock:
            self._account(handle).handle = new_handle

    def describe(self, handle: str, description: str) -> None:
        """Change an account's profile description (its bio)."""
        with self._data_lock:
            self._account(handle).description = description

    def takedown(self, handle: str) -> None:
        """Suspend an account as Bluesky's moderators do: its profile and posts leave every view."""
        with self._data_lock:
            self._account(handle).status = "takendown"

    def deactivate(self, handle: str) -> None:
        """Deactivate an account as its owner can: gone from every view until reactivated."""
        with self._data_lock:
            self._account(handle).status = "deactivated"

    def key(self, name: str) -> str:
        """Return the URI of a scenario post by its key."""
        return self._keys[name]

    def add_post(self, author: str, text: str, at: datetime | None = None, reply_to: str | None = None,
                 repost_of: str | None = None, quote_of: str | None = None) -> str:
        """Add a post (or a repost of repost_of) by an account's handle or DID; return its URI."""
        with self._data_lock:
            account = self._account(author)
            self._serial += 1
            at = at or self.now()
            # Record keys are TIDs: base32-sortable microsecond times; a serial keeps them unique.
            rkey = _tid(at, self._serial)
            collection = "app.bsky.feed.repost" if repost_of else POST_COLLECTION
            uri = f"at://{account.did}/{collection}/{rkey}"
            root = None
            if reply_to:
                parent = self.posts[reply_to]
                root = parent.root or parent.uri
            self.posts[uri] = BskyPost(uri, cid_for(uri + text), account.did, text, at, reply_to, root, repost_of,
                                       quote_of)
            return uri

    def delete(self, uri: str) -> None:
        """Delete a post: it leaves feeds and threads, and reading it gives NotFound."""
        with self._data_lock:
            self.posts[uri].deleted = True

    def _account(self, handle_or_did: str) -> BskyAccount:
        """Return an account by DID or handle (KeyError if none)."""
        if handle_or_did in self.accounts:
            return self.accounts[handle_or_did]
        wanted = handle_or_did.lstrip("@").casefold()
        for account in self.accounts.values():
            if account.handle.casefold() == wanted:
                return account
        raise KeyError(handle_or_did)

    def _shown(self, actor: str) -> BskyAccount:
        """Return an account getProfile and getAuthorFeed may show, or the AppView's error for it."""
        try:
            account = self._account(actor)
        except KeyError:
            raise _Invalid("InvalidRequest", "Profile not found") from None
        # The AppView's own answers for these two (InvalidRequestError with a named error).
        if account.status == "takendown":
            raise _Invalid("AccountTakedown", "Account has been suspended")
        if account.status == "deactivated":
            raise _Invalid("AccountDeactivated", "Account is deactivated")
        return account

    # -- views --------------------------------------------------------------------------------------

    def _basic(self, account: BskyAccount) -> dict[str, Any]:
        """Return app.bsky.actor.defs#profileViewBasic."""
        view: dict[str, Any] = {"did": account.did, "handle": account.handle, "labels": [],
                                "createdAt": iso(account.created_at)}
        if account.display_name:
            view["displayName"] = account.display_name
        return view

    def _detailed(self, account: BskyAccount) -> dict[str, Any]:
        """Return app.bsky.actor.defs#profileViewDetailed."""
        view = self._basic(account)
        posts = sum(1 for p in self.posts.values() if p.author == account.did and not p.deleted
                    and p.repost_of is None and p.at <= self.now())
        view.update({"description": account.description, "followersCount": account.followers,
                     "followsCount": 0, "postsCount": posts, "indexedAt": iso(account.created_at)})
        return view

    def _visible(self, post: BskyPost) -> bool:
        """Say whether a post exists at the sandbox's time."""
        return not post.deleted and post.at <= self.now() and not self.accounts[post.author].status

    def _post_view(self, post: BskyPost) -> dict[str, Any]:
        """Return app.bsky.feed.defs#postView."""
        record: dict[str, Any] = {"$type": POST_COLLECTION, "text": post.text, "createdAt": iso(post.at),
                                  "langs": ["en"]}
        view: dict[str, Any] = {"uri": post.uri, "cid": post.cid, "author": self._basic(self.accounts[post.author]),
                                "record": record, "indexedAt": iso(post.at), "labels": []}
        if post.reply_to:
            parent = self.posts[post.reply_to]
            root = self.posts[post.root or post.reply_to]
            record["reply"] = {"root": {"uri": root.uri, "cid": root.cid},
                               "parent": {"uri": parent.uri, "cid": parent.cid}}
        if post.quote_of:
            quoted = self.posts[post.quote_of]
            record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": quoted.uri, "cid": quoted.cid}}
            if self._visible(quoted):
                inner: dict[str, Any] = {
                    "$type": "app.bsky.embed.record#viewRecord", "uri": quoted.uri, "cid": quoted.cid,
                    "author": self._basic(self.accounts[quoted.author]), "indexedAt": iso(quoted.at),
                    "value": {"$type": POST_COLLECTION, "text": quoted.text, "createdAt": iso(quoted.at)}}
            else:
                inner = {"$type": "app.bsky.embed.record#viewNotFound", "uri": quoted.uri, "notFound": True}
            view["embed"] = {"$type": "app.bsky.embed.record#view", "record": inner}
        replies = [p for p in self.posts.values() if p.reply_to == post.uri and self._visible(p)]
        view.update({"replyCount": len(replies), "repostCount": sum(
            1 for p in self.posts.values() if p.repost_of == post.uri and self._visible(p)), "likeCount": 0,
            "quoteCount": sum(1 for p in self.posts.values() if p.quote_of == post.uri and self._visible(p))})
        return view

    def _ref_view(self, uri: str) -> dict[str, Any]:
        """Return a reply ref's member: a postView, or notFoundPost when it is gone."""
        post = self.posts.get(uri)
        if post is None or not self._visible(post):
            return {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": True}
        return {"$type": "app.bsky.feed.defs#postView", **self._post_view(post)}

    def _feed_item(self, post: BskyPost) -> dict[str, Any]:
        """Return app.bsky.feed.defs#feedViewPost for a post or a repost."""
        if post.repost_of:
            original = self.posts[post.repost_of]
            return {"post": self._post_view(original),
                    "reason": {"$type": "app.bsky.feed.defs#reasonRepost",
                               "by": self._basic(self.accounts[post.author]), "uri": post.uri, "cid": post.cid,
                               "indexedAt": iso(post.at)}}
        item: dict[str, Any] = {"post": self._post_view(post)}
        if post.reply_to:
            item["reply"] = {"root": self._ref_view(post.root or post.reply_to),
                             "parent": self._ref_view(post.reply_to)}
        return item

    def _thread_view(self, post: BskyPost, depth: int) -> dict[str, Any]:
        """Return app.bsky.feed.defs#threadViewPost with replies to `depth` levels."""
        view: dict[str, Any] = {"$type": "app.bsky.feed.defs#threadViewPost", "post": self._post_view(post)}
        if depth > 0:
            children = sorted((p for p in self.posts.values() if p.reply_to == post.uri and self._visible(p)),
                              key=lambda p: p.at)
            view["replies"] = [self._thread_view(child, depth - 1) for child in children]
        return view

    # -- routing ------------------------------------------------------------------------------------

    def _limit_headers(self) -> dict[str, str]:
        """Count the request in the current window; return the ratelimit-* headers."""
        stamp = int(time.time())
        window = stamp // RATE_WINDOW_SECONDS
        with self._lock:
            number, used = self._window
            used = used + 1 if number == window else 1
            self._window = (window, used)
        return {"ratelimit-limit": str(RATE_LIMIT), "ratelimit-remaining": str(max(RATE_LIMIT - used, 0)),
                "ratelimit-reset": str((window + 1) * RATE_WINDOW_SECONDS),
                "ratelimit-policy": f"{RATE_LIMIT};w={RATE_WINDOW_SECONDS}"}

    def route(self, request: Request) -> Response:
        """Answer one XRPC query."""
        headers = self._limit_headers()
        if request.method != "GET" or not request.path.startswith(XRPC):
            return 404, headers, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}
        method = request.path[len(XRPC):]
        handler = {"app.bsky.actor.getProfiles": self._get_profiles,
                   "app.bsky.actor.getProfile": self._get_profile,
                   "app.bsky.feed.getAuthorFeed": self._get_author_feed,
                   "app.bsky.feed.getPostThread": self._get_post_thread,
                   "app.bsky.feed.getPosts": self._get_posts,
                   "app.bsky.actor.searchActors": self._search_actors}.get(method)
        if handler is None:
            return 501, headers, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}
        with self._data_lock:
            try:
                status, body = handler(request)
            except _Invalid as exc:
                status, body = 400, {"error": exc.error, "message": str(exc)}
        return status, headers, body

    def _get_profiles(self, request: Request) -> tuple[int, Any]:
        """app.bsky.actor.getProfiles: unknown actors are left out."""
        actors = request.query.get("actors", [])
        if not actors or len(actors) > MAX_PROFILES:
            raise _Invalid("InvalidRequest", f"Error: actors must have between 1 and {MAX_PROFILES} items")
        found = []
        for actor in actors:
            try:
                account = self._account(actor)
            except KeyError:
                continue
            if not account.status:  # suspended and deactivated accounts are left out, like unknown ones
                found.append(self._detailed(account))
        return 200, {"profiles": found}

    def _get_profile(self, request: Request) -> tuple[int, Any]:
        """app.bsky.actor.getProfile."""
        return 200, self._detailed(self._shown(request.arg("actor") or ""))

    def _get_author_feed(self, request: Request) -> tuple[int, Any]:
        """app.bsky.feed.getAuthorFeed: newest first, paged by an opaque time cursor."""
        account = self._shown(request.arg("actor") or "")
        limit = _limit(request.arg("limit"), 50)
        wanted = request.arg("filter", "posts_with_replies")
        items = [p for p in self.posts.values() if p.author == account.did and self._visible(p)
                 and (p.repost_of is None or self._visible(self.posts[p.repost_of]))
                 and not (wanted == "posts_no_replies" and p.reply_to)]
        items.sort(key=lambda p: (p.at, p.uri), reverse=True)
        before = request.arg("cursor")
        if before:
            items = [p for p in items if f"{iso(p.at)}|{p.uri}" < before]
        page = items[:limit]
        body: dict[str, Any] = {"feed": [self._feed_item(p) for p in page]}
        if len(items) > limit:
            body["cursor"] = f"{iso(page[-1].at)}|{page[-1].uri}"
        return 200, body

    def _get_post_thread(self, request: Request) -> tuple[int, Any]:
        """app.bsky.feed.getPostThread: the post and its replies; NotFound for a deleted post."""
        uri = request.arg("uri") or ""
        post = self.posts.get(uri)
        if post is None or not self._visible(post):
            raise _Invalid("NotFound", f"Post not found: {uri}")
        return 200, {"thread": self._thread_view(post, min(_limit(request.arg("depth"), 6), 1000))}

    def _get_posts(self, request: Request) -> tuple[int, Any]:
        """app.bsky.feed.getPosts: post views by AT-URI; deleted or unknown posts are left out."""
        uris = request.query.get("uris", [])
        if not uris or len(uris) > MAX_PROFILES:
            raise _Invalid("InvalidRequest", f"Error: uris must have between 1 and {MAX_PROFILES} items")
        found = [self._post_view(post) for uri in uris if (post := self.posts.get(uri)) is not None
                 and post.repost_of is None and self._visible(post)]
        return 200, {"posts": found}

    def _search_actors(self, request: Request) -> tuple[int, Any]:
        """app.bsky.actor.searchActors: accounts whose handle or display name holds the words."""
        words = (request.arg("q") or request.arg("term") or "").casefold().split()
        limit = _limit(request.arg("limit"), 25)
        found = [a for a in self.accounts.values()
                 if words and not a.status and all(w in f"{a.handle} {a.display_name}".casefold() for w in words)]
        views = []
        for account in found[:limit]:
            view = self._basic(account)
            view.pop("createdAt", None)
            view.update({"description": account.description, "indexedAt": iso(account.created_at)})
            views.append(view)
        return 200, {"actors": views}


class _Invalid(Exception):
    """An XRPC error reply: 400 with {"error", "message"}."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


def _limit(value: str | None, default: int) -> int:
    """Return a limit parameter in 1..100, or raise the AppView's InvalidRequest."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _Invalid("InvalidRequest", "Error: limit must be an integer") from None
    if not 1 <= number <= MAX_LIMIT:
        raise _Invalid("InvalidRequest", f"Error: limit must be between 1 and {MAX_LIMIT}")
    return number


_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def _tid(at: datetime, serial: int) -> str:
    """Return a record key in TID form (13 sortable base32 characters: microseconds and a clock id)."""
    value = (int(at.timestamp() * 1_000_000) << 10) | (serial & 0x3FF)
    out = ""
    for _ in range(13):
        out = _TID_ALPHABET[value & 31] + out
        value >>= 5
    return out
