"""A local Graph API: the subset the Facebook adapter calls, with Graph's real shapes and errors.

Shapes follow the Graph reference (v25.0): string ids ("{page-id}_{post-id}", "{post-id}_{comment-id}"),
"+0000" timestamps, cursor paging whose absolute `next` URL carries access_token (facebook-sdk's
get_all_connections deletes it and raises KeyError otherwise), a Content-Type and a facebook-api-version
header on every reply (a missing Content-Type is a KeyError in facebook-sdk), and
{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}} bodies with Graph's codes.

Graph reads cost nothing but are rate-limited, so the sandbox counts calls per token and per Page and
reports them as Graph does (X-App-Usage for app and user tokens, X-Business-Use-Case-Usage for Page
tokens); past the scenario's limits it answers with Graph's throttling errors (#4, #80001).
The scenario format is described in docs/platforms-facebook.md.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from monitor.sandbox.clock import resolve_time
from monitor.sandbox.server import JSON, Fault, Request, Response, SandboxServer

REAL_BASE = "https://graph.facebook.com"
LATEST_VERSION = "v25.0"
# Graph answers #2635 for retired versions; v21.0 is the oldest live one at the end of 2026
# (facebook-sdk 3.1's default, v2.8, lands here, which is how a test proves the adapter sets its version).
OLDEST_VERSION = (21, 0)
_VERSION = re.compile(r"^v(\d{1,2})\.(\d)$")

PAGE_FIELDS = frozenset({"id", "name", "username", "about", "description", "category", "link", "website",
                         "emails", "phone", "fan_count", "followers_count", "picture"})
PICTURE_CDN = "https://scontent.xx.fbcdn.net"
# A Page with no picture of its own shows Graph's grey silhouette (is_silhouette true).
SILHOUETTE = {"data": {"height": 50, "is_silhouette": True, "width": 50,
                       "url": f"{PICTURE_CDN}/v/t1.30497-1/84628273_176159830277856_n.jpg"}}
POST_FIELDS = frozenset({"id", "message", "created_time", "updated_time", "permalink_url", "from", "status_type",
                         "story", "is_published"})
COMMENT_FIELDS = frozenset({"id", "message", "created_time", "from", "parent", "comment_count", "like_count",
                            "permalink_url", "can_reply_privately", "is_hidden"})
# Post fields removed in v3.3: asking for one is error #12, as on Graph.
DEPRECATED_POST_FIELDS = frozenset({"caption", "description", "link", "name", "object_id", "source", "type"})
DEFAULT_FIELDS = {"Page": ("id", "name"), "Post": ("created_time", "message", "id"),
                  "Comment": ("created_time", "from", "message", "id")}
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
# Without this scope a Page token sees comments but not who wrote them (users' `from` is left out).
USER_CONTENT_SCOPE = "pages_read_user_content"
READ_SCOPES = ("pages_show_list", "pages_read_engagement", USER_CONTENT_SCOPE)
# Generous defaults: Page tokens get 4800 calls per engaged user per 24 hours.
DEFAULT_PAGE_CALLS_PER_DAY = 480_000
DEFAULT_APP_CALLS_PER_HOUR = 20_000


class ScenarioError(ValueError):
    """A scenario file that cannot be loaded, with the key path at fault."""


class GraphError(Exception):
    """A Graph error reply: the HTTP status and the body's fields."""

    def __init__(self, status: int, code: int, message: str, subcode: int | None = None,
                 kind: str = "OAuthException", transient: bool = False, headers: dict[str, str] | None = None):
        """Describe the error."""
        super().__init__(message)
        self.status, self.code, self.message, self.subcode = status, code, message, subcode
        self.kind, self.transient, self.headers = kind, transient, headers or {}

    def body(self, trace: str) -> dict[str, Any]:
        """Return the {"error": {...}} body Graph sends."""
        error: dict[str, Any] = {"message": self.message, "type": self.kind, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.transient:
            error["is_transient"] = True
        error["fbtrace_id"] = trace
        return {"error": error}


@dataclass
class Page:
    """A Page: its id, username and profile fields."""

    id: str
    username: str
    profile: dict[str, Any]


@dataclass
class Post:
    """A post on a Page (by the Page, or a visitor's on its feed)."""

    id: str
    page_id: str
    author: dict[str, str]
    message: str | None
    created: datetime
    edited: datetime
    status_type: str
    permalink_url: str


@dataclass
class Comment:
    """A comment on a post, or a reply to a comment (parent_id set)."""

    id: str
    post_id: str
    parent_id: str | None
    author: dict[str, str] | None
    message: str
    created: datetime


@dataclass
class Token:
    """What Graph knows about an access token (the debug_token fields)."""

    type: str = "PAGE"
    app_id: str = "880000000000001"
    application: str = "Council Social Monitor"
    profile_id: str | None = None
    user_id: str | None = "100000000000001"
    issued_at: datetime | None = None
    expires_at: datetime | None = None  # None: never expires (Graph writes 0)
    data_access_expires_at: datetime | None = None
    revoked: bool = False
    scopes: list[str] = field(default_factory=lambda: list(READ_SCOPES))
    pages: set[str] | None = None  # ids of the Pages it may read; None: every Page

    def failure(self, now: datetime) -> GraphError | None:
        """Return the error Graph gives for this token now, or None when it is valid."""
        if self.revoked:
            return GraphError(400, 190, "Error validating access token: The session has been invalidated because "
                              "the user changed their password or Facebook has changed the session for security "
                              "reasons.", subcode=460, headers=_www_authenticate("invalid_token"))
        if self.expires_at is not None and self.expires_at <= now:
            return GraphError(400, 190, f"Error validating access token: Session has expired on "
                              f"{self.expires_at:%A, %d-%b-%y %H:%M:%S} UTC. The current time is "
                              f"{now:%A, %d-%b-%y %H:%M:%S} UTC.", subcode=463,
                              headers=_www_authenticate("invalid_token"))
        return None


def _www_authenticate(reason: str) -> dict[str, str]:
    """Return the WWW-Authenticate header Graph adds to token errors."""
    return {"WWW-Authenticate": f'OAuth "Facebook Platform" "{reason}" "Error validating access token"'}


def graph_time(when: datetime) -> str:
    """Return a time as Graph writes it: 2026-11-16T09:00:00+0000."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _unix(when: datetime | None) -> int:
    """Return a Unix time, 0 for never (as debug_token does)."""
    return int(when.timestamp()) if when else 0


class GraphSandbox(SandboxServer):
    """Graph API v25.0 on 127.0.0.1, driven by a scenario; posts and comments may be added while it runs."""

    name = "facebook"

    def __init__(self, scenario: dict[str, Any], now: datetime, live: bool = False) -> None:
        """Load a scenario at a clock time; live makes the clock follow real time (the demo)."""
        super().__init__()
        if now.tzinfo is None:
            raise ValueError("the sandbox clock needs an aware datetime")
        self._epoch = now.astimezone(UTC)
        self._live_from = time.monotonic() if live else None
        self._data = threading.RLock()
        self._ids = itertools.count(1)
        self._traces = itertools.count(1)
        self.pages: dict[str, Page] = {}
        self.posts: dict[str, Post] = {}
        self.comments: dict[str, Comment] = {}
        self.tokens: dict[str, Token] = {}
        # Usernames of personal profiles: Graph will not look a person up by name (error #803).
        self.people: set[str] = set()
        self._calls: dict[str, deque[datetime]] = {}
        self.calls = 0
        self.objects_read = 0
        self.page_calls_per_day = DEFAULT_PAGE_CALLS_PER_DAY
        self.app_calls_per_hour = DEFAULT_APP_CALLS_PER_HOUR
        _Loader(self, now).load(scenario)

    def start(self) -> GraphSandbox:
        """Serve in a daemon thread, answering without Nagle's delay.

        The problem: the base handler writes headers and body separately, and Nagle's algorithm plus the
        client's delayed ACK then hold every keep-alive reply for about 40 ms. The fix: TCP_NODELAY.
        """
        super().start()
        assert self._httpd is not None
        self._httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
        return self

    # The clock: the scenario's "now", frozen for tests, moving with real time when live (the demo).
    def now(self) -> datetime:
        """Return the sandbox's current time."""
        with self._data:
            if self._live_from is None:
                return self._epoch
            return self._epoch + timedelta(seconds=time.monotonic() - self._live_from)

    def set_now(self, when: datetime) -> None:
        """Move the clock to a time (posts dated up to it become visible, tokens dated before it expire)."""
        with self._data:
            self._epoch = when.astimezone(UTC)
            if self._live_from is not None:
                self._live_from = time.monotonic()

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock on and return the new time (tests move time; they never sleep through it)."""
        self.set_now(self.now() + delta)
        return self.now()

    # Runtime changes: tests and the latency benchmark post while the daemon polls.
    def add_post(self, page: str, message: str | None, created_time: datetime | str | None = None,
                 author: dict[str, str] | None = None, post_id: str | None = None,
                 status_type: str = "mobile_status_update") -> str:
        """Publish a post on a Page (a visitor's when author is given) and return its id."""
        with self._data:
            found = self._find_page(page)
            if found is None:
                raise KeyError(f"no page {page!r} in the sandbox")
            created = self._when(created_time)
            part = post_id.split("_")[-1] if post_id else str(122_100_000_000_000_000 + next(self._ids))
            pid = f"{found.id}_{part}"
            self.posts[pid] = Post(pid, found.id, author or _page_author(found), message, created, created,
                                   status_type, f"https://www.facebook.com/{found.username or found.id}/posts/{part}")
            return pid

    def add_comment(self, post_id: str, message: str, author: dict[str, str] | str | None = "page",
                    parent: str | None = None, created_time: datetime | str | None = None,
                    comment_id: str | None = None) -> str:
        """Add a comment to a post (a reply when parent is a comment id) and return its id.

        author is a {"name", "id"} dict, "page" for the Page itself, or None for an author Graph never shows.
        """
        with self._data:
            post = self.posts[post_id]
            if parent is not None and self.comments[parent].post_id != post_id:
                raise KeyError(f"comment {parent!r} is not on post {post_id!r}")
            who = _page_author(self.pages[post.page_id]) if author == "page" else author
            if isinstance(who, str):
                raise ValueError(f"comment author must be 'page', a dict or None, not {who!r}")
            part = comment_id.split("_")[-1] if comment_id else str(900_000_000_000_000 + next(self._ids))
            cid = f"{post_id.split('_')[-1]}_{part}"
            self.comments[cid] = Comment(cid, post_id, parent, who, message, self._when(created_time))
            return cid

    def delete_post(self, post_id: str) -> None:
        """Delete a post or a comment: reading it by id is then Graph's error 100, subcode 33."""
        with self._data:
            if self.posts.pop(post_id, None) is None:
                del self.comments[post_id]

    def edit_post(self, post_id: str, message: str) -> None:
        """Edit a post's message (its updated_time moves) or a comment's."""
        with self._data:
            if post_id in self.posts:
                self.posts[post_id].message, self.posts[post_id].edited = message, self.now()
            else:
                self.comments[post_id].message = message

    def edit_page(self, page: str, **profile: Any) -> None:
        """Change fields of a Page's profile (about, description, ...)."""
        with self._data:
            found = self._find_page(page)
            if found is None:
                raise KeyError(f"no page {page!r} in the sandbox")
            found.profile.update(profile)

    def set_picture(self, page: str, path: str, image: bytes) -> str:
        """Give a Page a profile picture served by the sandbox at `path` (on Facebook's CDN); return its URL."""
        url = f"{PICTURE_CDN}{path}"
        self.images[path] = image
        self.edit_page(page, picture={"data": {"height": 50, "is_silhouette": False, "url": url, "width": 50}})
        return url

    def add_token(self, value: str, spec: dict[str, Any]) -> None:
        """Register an access token described as in a scenario's "tokens" table."""
        with self._data:
            self.tokens[value] = _Loader(self, self.now()).token(spec, f"tokens.{value[:6]}...")

    def billing(self) -> dict[str, Any]:
        """Return the request counter: Graph reads are free, so only calls and objects read count."""
        with self._data:
            return {"requests": self.calls, "objects_read": self.objects_read, "cost_usd": 0.0}

    def _when(self, value: datetime | str | None) -> datetime:
        """Return an aware time from a datetime, a scenario offset, or None for the sandbox's now."""
        if value is None:
            return self.now()
        if isinstance(value, datetime):
            return value
        return resolve_time(value, self.now())

    # Routing.
    def route(self, request: Request) -> Response:
        """Answer one Graph call, or its error."""
        version, parts = _split(request.path)
        try:
            if request.method != "GET":
                raise GraphError(400, 3, "(#3) Application does not have the capability to make this API call.")
            _check_version(version)
            token = self._authorise(request, parts)
            with self._data:
                usage = self._meter(token)
                payload = self._dispatch(request, version, parts, token)
            return 200, {**self._headers(version), **usage}, payload
        except GraphError as err:
            return err.status, {**self._headers(version), **err.headers}, err.body(self._trace())

    def _headers(self, version: str) -> dict[str, str]:
        """Return the headers on every Graph reply."""
        live = version if _VERSION.match(version) else LATEST_VERSION
        return {"facebook-api-version": live, "x-fb-rev": "1019283746", "Cache-Control": "private, no-cache"}

    def _trace(self) -> str:
        """Return a fresh fbtrace_id."""
        return f"A{next(self._traces):09d}SbxTrace"

    def _authorise(self, request: Request, parts: list[str]) -> Token:
        """Return the caller's token, or raise Graph's error for a missing, unknown, expired or revoked one."""
        value = request.arg("access_token") or _bearer(request.headers.get("authorization", ""))
        if not value:
            raise GraphError(400, 104, "An access token is required to request this resource.")
        with self._data:
            token = self.tokens.get(value) or self.tokens.get("*")
            if token is None:
                raise GraphError(400, 190, "Invalid OAuth access token - Cannot parse access token",
                                 headers=_www_authenticate("invalid_token"))
            failure = token.failure(self.now())
        # debug_token answers for a dead token too (is_valid false), which is what it is for.
        if failure is not None and parts != ["debug_token"]:
            raise failure
        return token

    def _meter(self, token: Token) -> dict[str, str]:
        """Count a call against the token's window and return the usage header, or raise Graph's throttle."""
        page = token.type == "PAGE" and token.profile_id is not None
        key, window = (f"page:{token.profile_id}", timedelta(days=1)) if page else ("app", timedelta(hours=1))
        limit = self.page_calls_per_day if page else self.app_calls_per_hour
        now = self.now()
        calls = self._calls.setdefault(key, deque())
        while calls and calls[0] <= now - window:
            calls.popleft()
        if len(calls) >= limit:
            regain = math.ceil((calls[0] + window - now).total_seconds() / 60) if calls else 60
            headers = self._usage_header(token, 100, regain)
            if page:
                raise GraphError(400, 80001, "(#80001) There have been too many calls to this Page account. Wait a "
                                 "bit and try again. For more info, please refer to "
                                 "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
                                 headers=headers)
            raise GraphError(403, 4, "(#4) Application request limit reached", headers=headers)
        calls.append(now)
        self.calls += 1
        return self._usage_header(token, min(100, math.ceil(100 * len(calls) / max(1, limit))), 0)

    @staticmethod
    def _usage_header(token: Token, percent: int, regain_minutes: int) -> dict[str, str]:
        """Return X-Business-Use-Case-Usage for Page tokens, X-App-Usage otherwise."""
        if token.type == "PAGE" and token.profile_id:
            usage = [{"type": "pages", "call_count": percent, "total_cputime": percent // 2,
                      "total_time": percent // 2, "estimated_time_to_regain_access": regain_minutes}]
            return {"X-Business-Use-Case-Usage": json.dumps({token.profile_id: usage})}
        return {"X-App-Usage": json.dumps({"call_count": percent, "total_cputime": percent // 2,
                                           "total_time": percent // 2})}

    def _dispatch(self, request: Request, version: str, parts: list[str], token: Token) -> dict[str, Any]:
        """Send a call to debug_token, a node or an edge."""
        if parts == ["debug_token"]:
            return self._debug_token(request)
        if len(parts) == 1 and parts[0]:
            kind, obj = self._node(parts[0], token)
            return _project(kind, self._serialise(kind, obj, token), request.arg("fields"))
        if len(parts) == 2:
            items = self._edge(parts[0], parts[1], request, token)
            return self._paginate(items, request, version, parts)
        raise GraphError(400, 2500, f"Unknown path components: /{'/'.join(parts[1:])}")

    def _node(self, ident: str, token: Token) -> tuple[str, Any]:
        """Return the object behind an id or a Page username, if the token may read it."""
        page = self._find_page(ident)
        if page is not None:
            self._may_read(token, page.id)
            return "Page", page
        if ident.casefold() in self.people:
            raise GraphError(404, 803, f"(#803) Cannot query users by their username ({ident})")
        now = self.now()
        if ident in self.posts and self.posts[ident].created <= now:
            self._may_read(token, self.posts[ident].page_id)
            return "Post", self.posts[ident]
        if ident in self.comments and self.comments[ident].created <= now:
            self._may_read(token, self.posts[self.comments[ident].post_id].page_id)
            return "Comment", self.comments[ident]
        raise GraphError(400, 100, f"Unsupported get request. Object with ID '{ident}' does not exist, cannot be "
                         "loaded due to missing permissions, or does not support this operation. Please read the "
                         "Graph API documentation at https://developers.facebook.com/docs/graph-api",
                         subcode=33, kind="GraphMethodException")

    def _find_page(self, ident: str) -> Page | None:
        """Return the Page with this id or (case-insensitive) username."""
        if ident in self.pages:
            return self.pages[ident]
        folded = ident.casefold()
        return next((p for p in self.pages.values() if p.username.casefold() == folded), None)

    @staticmethod
    def _may_read(token: Token, page_id: str) -> None:
        """Raise Graph's permission error when the token may not read a Page."""
        if token.pages is not None and page_id not in token.pages:
            raise GraphError(403, 10, "(#10) This endpoint requires the 'pages_read_engagement' permission or the "
                             "'Page Public Content Access' feature. Refer to "
                             "https://developers.facebook.com/docs/apps/review/login-permissions#manage-pages and "
                             "https://developers.facebook.com/docs/apps/review/feature#reference-PAGES_ACCESS "
                             "for details.")

    def _edge(self, ident: str, edge: str, request: Request, token: Token) -> list[dict[str, Any]]:
        """Return an edge's items, filtered and ordered, projected to the requested fields."""
        kind, obj = self._node(ident, token)
        fields = request.arg("fields")
        if kind == "Page" and edge in ("posts", "published_posts", "feed"):
            now = self.now()  # scheduled posts appear when the clock reaches them
            posts = [p for p in self.posts.values() if p.page_id == obj.id and p.created <= now]
            if edge != "feed":
                posts = [p for p in posts if p.author.get("id") == obj.id]
            posts = _since_until(posts, request, lambda p: p.created)
            posts.sort(key=lambda p: p.created, reverse=True)
            return [_project("Post", self._serialise("Post", p, token), fields) for p in posts]
        if kind in ("Post", "Comment") and edge == "comments":
            comments = self._comments_of(kind, obj, request.arg("filter") or "toplevel")
            comments = _since_until(comments, request, lambda c: c.created)
            order = request.arg("order") or "chronological"
            if order not in ("chronological", "reverse_chronological"):
                raise GraphError(400, 100, f"(#100) param order must be one of {{CHRONOLOGICAL, "
                                 f"REVERSE_CHRONOLOGICAL}} - got {order!r}")
            comments.sort(key=lambda c: c.created, reverse=order == "reverse_chronological")
            return [_project("Comment", self._serialise("Comment", c, token), fields) for c in comments]
        raise GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({edge}) on node type ({kind})")

    def _comments_of(self, kind: str, obj: Post | Comment, filter_: str) -> list[Comment]:
        """Return a post's comments (top-level, or all with filter=stream) or a comment's replies."""
        now = self.now()
        if kind == "Comment":
            return [c for c in self.comments.values() if c.parent_id == obj.id and c.created <= now]
        if filter_ not in ("toplevel", "stream"):
            raise GraphError(400, 100, f"(#100) param filter must be one of {{TOPLEVEL, STREAM}} - got {filter_!r}")
        on_post = [c for c in self.comments.values() if c.post_id == obj.id and c.created <= now]
        return on_post if filter_ == "stream" else [c for c in on_post if c.parent_id is None]

    def _serialise(self, kind: str, obj: Any, token: Token) -> dict[str, Any]:
        """Return every field of an object as Graph would show it to this token."""
        self.objects_read += 1
        if kind == "Page":
            return {"id": obj.id, "username": obj.username, "picture": SILHOUETTE, **obj.profile}
        if kind == "Post":
            return self._post_json(obj)
        return self._comment_json(obj, token)

    def _post_json(self, post: Post) -> dict[str, Any]:
        """Return a post's fields; updated_time moves when anyone comments, as on Graph."""
        now = self.now()
        latest = max([post.edited] + [c.created for c in self.comments.values()
                                      if c.post_id == post.id and c.created <= now])
        out: dict[str, Any] = {"id": post.id, "created_time": graph_time(post.created),
                               "updated_time": graph_time(latest), "permalink_url": post.permalink_url,
                               "from": dict(post.author), "status_type": post.status_type, "is_published": True}
        if post.message is not None:  # photo-only posts have no message field at all
            out["message"] = post.message
        return out

    def _comment_json(self, comment: Comment, token: Token) -> dict[str, Any]:
        """Return a comment's fields; users' `from` needs a Page token with pages_read_user_content."""
        out: dict[str, Any] = {"id": comment.id, "message": comment.message,
                               "created_time": graph_time(comment.created), "like_count": 0,
                               "can_reply_privately": False, "is_hidden": False,
                               "comment_count": sum(1 for c in self.comments.values()
                                                    if c.parent_id == comment.id and c.created <= self.now())}
        author = self._visible_author(comment, token)
        if author is not None:
            out["from"] = author
        if comment.parent_id is not None:
            parent = self.comments[comment.parent_id]
            out["parent"] = {"created_time": graph_time(parent.created), "message": parent.message, "id": parent.id}
            parent_author = self._visible_author(parent, token)
            if parent_author is not None:
                out["parent"]["from"] = parent_author
        post = self.posts[comment.post_id]
        out["permalink_url"] = f"{post.permalink_url}?comment_id={comment.id.split('_')[-1]}"
        return out

    def _visible_author(self, comment: Comment, token: Token) -> dict[str, str] | None:
        """Return a comment's `from` as this token may see it."""
        if comment.author is None:
            return None
        page_id = self.posts[comment.post_id].page_id
        if comment.author.get("id") == page_id:
            return dict(comment.author)
        if token.type == "PAGE" and USER_CONTENT_SCOPE in token.scopes:
            return dict(comment.author)
        return None

    def _paginate(self, items: list[dict[str, Any]], request: Request, version: str,
                  parts: list[str]) -> dict[str, Any]:
        """Return one page of items with Graph's cursors and absolute next/previous links."""
        limit = _limit(request.arg("limit"))
        start = 0
        if request.arg("after"):
            start = _cursor_index(items, request.arg("after") or "") + 1
        elif request.arg("before"):
            start = max(0, _cursor_index(items, request.arg("before") or "") - limit)
        chunk = items[start:start + limit]
        out: dict[str, Any] = {"data": chunk}
        if not chunk:
            return out
        first, last = _cursor(chunk[0]["id"]), _cursor(chunk[-1]["id"])
        paging: dict[str, Any] = {"cursors": {"before": first, "after": last}}
        query = {k: v[0] for k, v in request.query.items() if k not in ("after", "before") and v}
        base = f"{REAL_BASE}/{version}/{'/'.join(parts)}?"
        if start + limit < len(items):
            paging["next"] = base + urlencode({**query, "after": last})
        if start > 0:
            paging["previous"] = base + urlencode({**query, "before": first})
        out["paging"] = paging
        return out

    def _debug_token(self, request: Request) -> dict[str, Any]:
        """Describe the input token as GET /debug_token does."""
        value = request.arg("input_token")
        if not value:
            raise GraphError(400, 100, "(#100) The parameter input_token is required")
        token = self.tokens.get(value) or self.tokens.get("*")
        if token is None:
            return {"data": {"error": {"code": 190, "message": "Invalid OAuth access token."},
                             "is_valid": False, "scopes": []}}
        data: dict[str, Any] = {
            "app_id": token.app_id, "type": token.type, "application": token.application,
            "data_access_expires_at": _unix(token.data_access_expires_at), "expires_at": _unix(token.expires_at),
            "is_valid": True, "issued_at": _unix(token.issued_at), "scopes": list(token.scopes),
            "user_id": token.user_id,
        }
        if token.profile_id:
            data["profile_id"] = token.profile_id
        failure = token.failure(self.now())
        if failure is not None:
            data["is_valid"] = False
            data["error"] = {"code": 190, "message": failure.message, "subcode": failure.subcode}
        return {"data": data}


def _page_author(page: Page) -> dict[str, str]:
    """Return the `from` of something the Page itself wrote."""
    return {"name": str(page.profile.get("name", page.username)), "id": page.id}


def _bearer(header: str) -> str | None:
    """Return the token of an 'OAuth X' or 'Bearer X' Authorization header."""
    scheme, _, value = header.partition(" ")
    return (value.strip() or None) if scheme.lower() in ("oauth", "bearer") else None


def _split(path: str) -> tuple[str, list[str]]:
    """Return (version, the path's remaining parts) of /vNN.N/a/b."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[0].startswith("v") and parts[0][1:2].isdigit():
        return parts[0], parts[1:]
    return LATEST_VERSION, parts  # an unversioned call gets the app's default version, as on Graph


def _check_version(version: str) -> None:
    """Raise #2635 for a retired or malformed version."""
    match = _VERSION.match(version)
    if match is None or (int(match[1]), int(match[2])) < OLDEST_VERSION:
        raise GraphError(400, 2635, "(#2635) You are calling a deprecated version of the Graph API. "
                         f"Please update to the latest version: {LATEST_VERSION}.")


def _project(kind: str, full: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """Return only the requested fields (and id, always), or Graph's error for an unknown one."""
    known = {"Page": PAGE_FIELDS, "Post": POST_FIELDS, "Comment": COMMENT_FIELDS}[kind]
    wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields else list(DEFAULT_FIELDS[kind])
    for name in wanted:
        if kind == "Post" and name in DEPRECATED_POST_FIELDS:
            raise GraphError(400, 12, "(#12) deprecate_post_aggregated_fields_for_attachement is deprecated for "
                             "versions v3.3 and higher")
        if name not in known:
            raise GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({name}) on node type ({kind})")
    return {name: full[name] for name in ["id", *wanted] if name in full}


def _since_until(items: list[Any], request: Request, when: Callable[[Any], datetime]) -> list[Any]:
    """Keep items created at or after `since` and before `until` (Unix times or ISO dates)."""
    since, until = _time_arg(request, "since"), _time_arg(request, "until")
    return [i for i in items if (since is None or when(i) >= since) and (until is None or when(i) < until)]


def _time_arg(request: Request, name: str) -> datetime | None:
    """Parse a since/until parameter, or raise #100."""
    value = request.arg(name)
    if not value:
        return None
    try:
        if value.lstrip("-").isdigit():
            return datetime.fromtimestamp(int(value), UTC)
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        raise GraphError(400, 100, f"(#100) The parameter {name} must be a valid Unix time or date") from None


def _limit(value: str | None) -> int:
    """Parse `limit` (1-100), or raise #100."""
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 0 < int(value) <= MAX_LIMIT:
        raise GraphError(400, 100, f"(#100) The parameter limit must be an integer from 1 to {MAX_LIMIT}")
    return int(value)


def _cursor(item_id: str) -> str:
    """Return an opaque paging cursor for an item."""
    return base64.urlsafe_b64encode(f"sbx:{item_id}".encode()).decode().rstrip("=")


def _cursor_index(items: list[dict[str, Any]], cursor: str) -> int:
    """Return the index of the item a cursor names, or raise #100."""
    try:
        decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    item_id = decoded.removeprefix("sbx:")
    for index, item in enumerate(items):
        if item["id"] == item_id:
            return index
    raise GraphError(400, 100, "(#100) The after/before cursor is not valid for this edge")


class _Loader:
    """Read a scenario dict into a sandbox, naming the key path of anything wrong."""

    def __init__(self, sandbox: GraphSandbox, now: datetime) -> None:
        """Load into a sandbox, resolving offsets from now."""
        self.sandbox, self.now = sandbox, now

    def load(self, scenario: dict[str, Any]) -> None:
        """Load limits, tokens, Pages, posts and comments."""
        limits = scenario.get("limits", {})
        self.sandbox.page_calls_per_day = int(limits.get("page_calls_per_day", DEFAULT_PAGE_CALLS_PER_DAY))
        self.sandbox.app_calls_per_hour = int(limits.get("app_calls_per_hour", DEFAULT_APP_CALLS_PER_HOUR))
        for value, spec in scenario.get("tokens", {"*": {}}).items():
            self.sandbox.tokens[value] = self.token(spec, f"tokens.{value}")
        for i, page in enumerate(scenario.get("pages", [])):
            self.page(page, f"pages[{i}]")
        self.sandbox.people = {str(name).casefold() for name in scenario.get("people", [])}

    def when(self, value: Any, where: str) -> datetime | None:
        """Resolve a scenario time; 0, null or "never" mean never."""
        if value in (0, None, "never"):
            return None
        try:
            return resolve_time(str(value), self.now)
        except ValueError as exc:
            raise ScenarioError(f"facebook scenario: {where}: {exc} (write -9d, +58d or an ISO time)") from None

    def token(self, spec: dict[str, Any], where: str) -> Token:
        """Return a Token from its scenario description."""
        unknown = set(spec) - {"type", "app_id", "application", "profile_id", "user_id", "issued_at", "expires_at",
                               "data_access_expires_at", "revoked", "scopes", "pages"}
        if unknown:
            raise ScenarioError(f"facebook scenario: {where}: unknown key(s) {sorted(unknown)}")
        token = Token(type=spec.get("type", "PAGE"), profile_id=spec.get("profile_id"),
                      user_id=spec.get("user_id", "100000000000001"), revoked=bool(spec.get("revoked", False)),
                      scopes=list(spec.get("scopes", READ_SCOPES)),
                      pages=set(spec["pages"]) if spec.get("pages") is not None else None,
                      issued_at=self.when(spec.get("issued_at", "-30d"), f"{where}.issued_at"),
                      expires_at=self.when(spec.get("expires_at"), f"{where}.expires_at"),
                      data_access_expires_at=self.when(spec.get("data_access_expires_at"),
                                                       f"{where}.data_access_expires_at"))
        token.app_id = str(spec.get("app_id", token.app_id))
        token.application = str(spec.get("application", token.application))
        return token

    def page(self, spec: dict[str, Any], where: str) -> None:
        """Load one Page and its posts."""
        if "id" not in spec or not str(spec["id"]).isdigit():
            raise ScenarioError(f"facebook scenario: {where}.id: a Page needs a numeric id string")
        profile = {k: v for k, v in spec.items() if k not in ("id", "username", "posts")}
        unknown = set(profile) - PAGE_FIELDS
        if unknown:
            raise ScenarioError(f"facebook scenario: {where}: unknown Page field(s) {sorted(unknown)}")
        username = str(spec.get("username", ""))
        profile.setdefault("link", f"https://www.facebook.com/{username or spec['id']}")
        page = Page(str(spec["id"]), username, profile)
        self.sandbox.pages[page.id] = page
        for j, post in enumerate(spec.get("posts", [])):
            self.post(page, post, f"{where}.posts[{j}]")

    def post(self, page: Page, spec: dict[str, Any], where: str) -> None:
        """Load one post and its comments."""
        created = self.when(spec.get("created_time"), f"{where}.created_time")
        if created is None:
            raise ScenarioError(f"facebook scenario: {where}.created_time: every post needs one")
        author = spec.get("from")
        post_id = self.sandbox.add_post(page.id, spec.get("message"), created, author if isinstance(author, dict)
                                        else None, spec.get("id"), spec.get("status_type", "mobile_status_update"))
        edited = self.when(spec.get("updated_time"), f"{where}.updated_time")
        if edited is not None:
            self.sandbox.posts[post_id].edited = edited
        self.comments(post_id, None, spec.get("comments", []), f"{where}.comments")

    def comments(self, post_id: str, parent: str | None, specs: Iterable[dict[str, Any]], where: str) -> None:
        """Load comments (and their replies, nested under "replies")."""
        for k, spec in enumerate(specs):
            here = f"{where}[{k}]"
            created = self.when(spec.get("created_time"), f"{here}.created_time")
            if created is None or "message" not in spec:
                raise ScenarioError(f"facebook scenario: {here}: a comment needs created_time and message")
            cid = self.sandbox.add_comment(post_id, str(spec["message"]), spec.get("from", "page"), parent,
                                           created, spec.get("id"))
            if spec.get("replies"):
                if parent is not None:
                    raise ScenarioError(f"facebook scenario: {here}.replies: Facebook replies are one level deep")
                self.comments(post_id, cid, spec["replies"], f"{here}.replies")


# Canned failures for SandboxServer.inject(), by name: tests, the demo and the benchmarks use the same ones.
def graph_fault(code: int, message: str, status: int = 400, subcode: int | None = None,
                headers: dict[str, str] | None = None, transient: bool = False) -> Fault:
    """Return a Fault carrying a Graph error body."""
    error = GraphError(status, code, message, subcode, transient=transient)
    return Fault(status=status, body=error.body("AFaultTrace"),
                 headers={"facebook-api-version": LATEST_VERSION, **(headers or {})})


def throttled(code: int = 80001, regain_minutes: int | None = 12, page_id: str = "104729361234567") -> Fault:
    """Return Graph's throttling reply (#4 app, #17 user, #32 Page, #613 custom, #80001 Page BUC)."""
    messages = {4: "(#4) Application request limit reached", 17: "(#17) User request limit reached",
                32: "(#32) Page request limit reached", 613: "(#613) Calls to this api have exceeded the rate limit.",
                80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again."}
    headers = {}
    if regain_minutes is not None:
        usage = [{"type": "pages", "call_count": 100, "total_cputime": 40, "total_time": 60,
                  "estimated_time_to_regain_access": regain_minutes}]
        headers["X-Business-Use-Case-Usage"] = json.dumps({page_id: usage})
    return graph_fault(code, messages.get(code, f"(#{code}) Rate limited"), 403 if code == 4 else 400,
                       headers=headers)


def expired_token() -> Fault:
    """Return Graph's reply to an expired Page token (#190, subcode 463)."""
    return graph_fault(190, "Error validating access token: Session has expired on Tuesday, 24-Nov-26 01:00:00 "
                       "PST.", subcode=463, headers=_www_authenticate("invalid_token"))


def server_error() -> Fault:
    """Return Graph's 500 (#2, is_transient)."""
    return graph_fault(2, "An unexpected error has occurred. Please retry your request later.", status=500,
                       transient=True)


def bad_gateway_html() -> Fault:
    """Return a proxy's HTML 502: facebook-sdk says 'Maintype was not text, image, or querystring'."""
    return Fault(status=502, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                 content_type="text/html; charset=utf-8")


def malformed_json() -> Fault:
    """Return a 200 whose JSON body is cut off."""
    return Fault(status=200, raw=b'{"data": [{"id": "1", "message": "cut', content_type=JSON)


def no_content_type() -> Fault:
    """Return a 200 without a Content-Type: facebook-sdk raises KeyError('content-type') on it."""
    return Fault(status=200, body={"data": []}, content_type=None)


def slow(seconds: float = 2.0) -> Fault:
    """Return an empty listing after a delay, for timeout tests."""
    return Fault(status=200, body={"data": []}, delay=seconds)


FAULTS: dict[str, Callable[[], Fault]] = {
    "throttled": throttled,
    "app-throttled": lambda: throttled(4, None),
    "expired-token": expired_token,
    "server-error": server_error,
    "bad-gateway": bad_gateway_html,
    "malformed-json": malformed_json,
    "no-content-type": no_content_type,
    "slow": slow,
}
