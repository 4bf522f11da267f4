"""X API v2 on 127.0.0.1: the subset the adapter calls, with real shapes, billing, rate limits and faults.

Shapes follow docs.x.com and tweepy's recorded responses: ids are strings, times end in ".000Z",
an empty page is `{"meta": {"result_count": 0}}` with no `data` key, fields beyond the defaults
appear only when asked for, long posts carry `note_tweet`, expansions fill `includes.users` and
`includes.tweets`. Field names are the wire names (`note_tweet`, `referenced_tweets`,
`public_metrics.tweet_count`); X's OpenAPI 2.167 renames some of them ("post") in its schemas,
see tests/platforms/test_x_openapi.py.

The sandbox has its own clock: posts dated after it stay invisible until the clock reaches them,
so a benchmark can lay out a day of posts and move time on; `live=True` lets it follow the wall clock.
"""

from __future__ import annotations

import base64
import bisect
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.sandbox.clock import Clock, resolve_time
from monitor.sandbox.server import Fault, Request, Response, SandboxServer

X_EPOCH_MS = 1288834974657  # Twitter's snowflake epoch: ids encode their creation time
QUERY_LIMIT = 512  # self-serve recent search
SEARCH_WINDOW = timedelta(days=7)
TIMELINE_DEPTH = 3200
MENTIONS_DEPTH = 800
RATE_WINDOW = timedelta(minutes=15)
LONG_POST = 280
PROBLEM = "https://api.x.com/2/problems/"
HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")

# Per-app (bearer token) limits per 15 minutes on pay-per-use (docs rate-limits.mdx, 2026-08).
RATE_LIMITS = {
    "users/by": 300,
    "users/:id": 300,
    "users/:id/tweets": 10_000,
    "users/:id/mentions": 450,
    "tweets/search/recent": 450,
    "tweets": 3_500,
    "users": 300,
}

TWEET_FIELDS = frozenset({
    "article", "attachments", "author_id", "card_uri", "community_id", "context_annotations", "conversation_id",
    "created_at", "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id",
    "in_reply_to_user_id", "lang", "media_metadata", "non_public_metrics", "note_tweet", "organic_metrics",
    "possibly_sensitive", "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings",
    "scopes", "source", "text", "withheld",
})
USER_FIELDS = frozenset({
    "affiliation", "connection_status", "created_at", "description", "entities", "id", "is_identity_verified",
    "location", "most_recent_tweet_id", "name", "parody", "pinned_tweet_id", "profile_banner_url",
    "profile_image_url", "protected", "public_metrics", "receives_your_dm", "subscription",
    "subscription_type", "url", "username", "verified", "verified_followers_count", "verified_type", "withheld",
})
TWEET_EXPANSIONS = frozenset({
    "article.cover_media", "article.media_entities", "attachments.media_keys", "attachments.media_source_tweet",
    "attachments.poll_ids", "author_id", "edit_history_tweet_ids", "entities.mentions.username",
    "geo.place_id", "in_reply_to_user_id", "entities.note.mentions.username", "referenced_tweets.id",
    "referenced_tweets.id.attachments.media_keys", "referenced_tweets.id.author_id",
})
USER_EXPANSIONS = frozenset({"affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id"})
# Operators that need a standalone operator beside them (docs operators.mdx).
CONJUNCTION_REQUIRED = frozenset({"is", "has", "lang", "place_country", "sample"})
STANDALONE = frozenset({"from", "to", "conversation_id", "in_reply_to_tweet_id", "quotes_of_tweet_id",
                        "retweets_of_tweet_id", "url", "list", "context", "entity", "place", "bio", "bio_name",
                        "bio_location", "retweets_of"})


class BadRequest(Exception):
    """A request X would refuse with 400, and why."""

    def __init__(self, message: str, parameter: str | None = None, value: str | None = None) -> None:
        """Keep the message and the parameter at fault."""
        super().__init__(message)
        self.parameter = parameter
        self.value = value


# ---------------------------------------------------------------------------------------------
# Ids and times


def snowflake(at: datetime, sequence: int = 0) -> int:
    """Return the id X would give something created at a time."""
    ms = int(at.timestamp() * 1000)
    return ((ms - X_EPOCH_MS) << 22) | (sequence & 0x3FFFFF)


def snowflake_time(post_id: int | str) -> datetime:
    """Return the creation time an id encodes."""
    ms = (int(post_id) >> 22) + X_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC)


def iso_z(when: datetime) -> str:
    """Return X's time format: UTC with milliseconds and a Z."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def parse_param_time(value: str, name: str) -> datetime:
    """Parse a start_time/end_time parameter (RFC 3339)."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"Invalid '{name}':'{value}'. '{name}' must be a valid RFC 3339 date", name, value) from None
    if when.tzinfo is None:
        raise BadRequest(f"Invalid '{name}':'{value}'. '{name}' needs a time zone", name, value)
    return when


# ---------------------------------------------------------------------------------------------
# The data the sandbox serves


@dataclass
class XUser:
    """One account as X stores it."""

    id: str
    username: str
    name: str
    created_at: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    profile_image_url: str = "https://pbs.twimg.com/profile_images/0/default_normal.png"
    verified_type: str = "none"
    protected: bool = False
    followers: int = 0
    following: int = 0
    listed: int = 0
    pinned_tweet_id: str | None = None
    suspended: bool = False  # X answers for it with "User has been suspended"


@dataclass
class XPost:
    """One post as X stores it; text is the full text (long posts are cut to 280 in `text`)."""

    id: int
    author_id: str
    text: str
    created_at: datetime
    conversation_id: int
    in_reply_to_user_id: str | None = None
    # (type, id) with type replied_to | quoted | retweeted.
    referenced: tuple[tuple[str, int], ...] = ()
    lang: str = "en"
    mentions: tuple[str, ...] = ()  # folded usernames mentioned in the text
    # Every version's id, oldest first, once the post was edited (X gives each edit a new id).
    edit_history: tuple[int, ...] = ()
    deleted: bool = False

    def ref(self, kind: str) -> int | None:
        """Return the id this post references in one way, if any."""
        for ref_kind, ref_id in self.referenced:
            if ref_kind == kind:
                return ref_id
        return None


MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,15})\b")


def mentions_in(text: str) -> tuple[str, ...]:
    """Return the folded usernames a text mentions."""
    return tuple(dict.fromkeys(m.casefold() for m in MENTION.findall(text)))


@dataclass
class Billing:
    """Resources returned, as pay-per-use bills them: each post or user once per UTC day."""

    posts: dict[str, set[str]] = field(default_factory=dict)  # day -> ids
    users: dict[str, set[str]] = field(default_factory=dict)
    posts_returned: int = 0  # before deduplication
    users_returned: int = 0

    def add(self, day: str, posts: Iterable[str], users: Iterable[str]) -> None:
        """Record one response's resources."""
        post_list, user_list = list(posts), list(users)
        self.posts_returned += len(post_list)
        self.users_returned += len(user_list)
        self.posts.setdefault(day, set()).update(post_list)
        self.users.setdefault(day, set()).update(user_list)

    @property
    def post_reads(self) -> int:
        """Return billable post reads over all days."""
        return sum(len(ids) for ids in self.posts.values())

    @property
    def user_reads(self) -> int:
        """Return billable user reads over all days."""
        return sum(len(ids) for ids in self.users.values())


# ---------------------------------------------------------------------------------------------
# Search queries: `from:a OR from:b`, `to:`, `@handle`, `conversation_id:`, `-is:retweet`, ...

Node = tuple[Any, ...]
_TOKEN = re.compile(r'\s*(?:(\()|(\))|(-?"(?:[^"\\]|\\.)*")|(-?\()|([^\s()"]+))')


def tokenize(query: str) -> list[tuple[str, str]]:
    """Split a query into (kind, text) tokens: lp, rp, or, term."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if not match or match.end() == pos:
            if query[pos:].strip():
                raise BadRequest(f"There were errors processing your request: unbalanced quote at position {pos}",
                                 "query", query)
            break
        pos = match.end()
        lp, rp, phrase, neg_group, word = match.groups()
        if neg_group:
            # Docs: "Do not negate a set of operators grouped together in parentheses."
            raise BadRequest("There were errors processing your request: negating a group is not supported "
                             "(negate each operator instead)", "query", query)
        if lp:
            out.append(("lp", lp))
        elif rp:
            out.append(("rp", rp))
        elif phrase:
            out.append(("term", phrase))
        elif word == "OR":
            out.append(("or", word))
        elif word:
            out.append(("term", word))
    return out


class QueryParser:
    """Recursive descent over tokens; AND binds tighter than OR, as X evaluates it."""

    def __init__(self, query: str) -> None:
        """Tokenize a query, ready to parse."""
        self.query = query
        self.tokens = tokenize(query)
        self.pos = 0

    def parse(self) -> Node:
        """Return the query's tree."""
        if not self.tokens:
            raise BadRequest("The `query` query parameter can not be empty", "query", self.query)
        node = self._or()
        if self.pos != len(self.tokens):
            raise BadRequest("There were errors processing your request: unexpected ')'", "query", self.query)
        return node

    def _peek(self) -> str | None:
        """Return the kind of the next token, or None at the end."""
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def _or(self) -> Node:
        """Parse terms joined by OR."""
        parts = [self._and()]
        while self._peek() == "or":
            self.pos += 1
            parts.append(self._and())
        return ("or", parts) if len(parts) > 1 else parts[0]

    def _and(self) -> Node:
        """Parse terms side by side (ANDed)."""
        parts: list[Node] = []
        while self._peek() not in (None, "rp", "or"):
            parts.append(self._unary())
        if not parts:
            raise BadRequest("There were errors processing your request: an operator is missing", "query", self.query)
        return ("and", parts) if len(parts) > 1 else parts[0]

    def _unary(self) -> Node:
        """Parse a group in brackets or one term."""
        kind, text = self.tokens[self.pos]
        self.pos += 1
        if kind == "lp":
            node = self._or()
            if self._peek() != "rp":
                raise BadRequest("There were errors processing your request: missing ')'", "query", self.query)
            self.pos += 1
            return node
        return parse_term(text, self.query)


def parse_term(text: str, query: str) -> Node:
    """Return a ('term', negated, operator, value) node."""
    negated = text.startswith("-") and len(text) > 1
    body = text[1:] if negated else text
    if body.startswith('"'):
        return ("term", negated, "phrase", body.strip('"').casefold())
    if body.startswith("@"):
        return ("term", negated, "mention", body[1:].casefold())
    if body.startswith("#"):
        return ("term", negated, "hashtag", body.casefold())
    if ":" in body and not body.startswith("http"):
        op, _, value = body.partition(":")
        op = op.lower()
        if op not in STANDALONE and op not in CONJUNCTION_REQUIRED:
            raise BadRequest(f"There were errors processing your request: Reference to invalid operator '{op}'",
                             "query", query)
        return ("term", negated, op, value.casefold())
    return ("term", negated, "keyword", body.casefold())


def has_standalone(node: Node) -> bool:
    """Say whether a query holds at least one positive standalone operator."""
    if node[0] in ("and", "or"):
        return any(has_standalone(child) for child in node[1])
    _, negated, op, _ = node
    return not negated and op not in CONJUNCTION_REQUIRED


# ---------------------------------------------------------------------------------------------
# Canned faults


def rate_limited(reset_at: datetime | None = None, legacy: bool = False, usage_capped: bool = False) -> Fault:
    """Return a 429: with or without x-rate-limit-reset, legacy code-88 body or an RFC 7807 problem."""
    headers = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0"}
    if reset_at is not None:
        headers["x-rate-limit-reset"] = str(int(reset_at.timestamp()))
    if legacy:
        body: dict[str, Any] = {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
    elif usage_capped:
        body = {"title": "UsageCapExceeded", "detail": "Usage cap exceeded: Monthly product cap",
                "type": "https://api.x.com/2/problems/usage-capped", "period": "Monthly", "scope": "Product"}
    else:
        body = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
    return Fault(status=429, body=body, headers=headers)


def credits_exhausted() -> Fault:
    """Return the 402 X sends when the pre-paid credits are used up."""
    detail = "Your enrolled account does not have any credits to fulfill this request."
    return Fault(status=402, body={"title": "CreditsDepleted", "type": "https://api.x.com/2/problems/credits",
                                   "detail": detail})


def unauthorized() -> Fault:
    """Return a 401: the bearer token is wrong or revoked."""
    return Fault(status=401, body={"title": "Unauthorized", "type": "about:blank", "status": 401,
                                   "detail": "Unauthorized"})


def forbidden() -> Fault:
    """Return a 403: the app may not use this endpoint."""
    return Fault(status=403, body={
        "title": "Client Forbidden", "type": "https://api.x.com/2/problems/client-forbidden",
        "detail": "When authenticating requests to the X API v2 endpoints, you must use keys and tokens from "
                  "an X developer App that is attached to a Project.",
        "reason": "client-not-enrolled", "registration_url": "https://developer.x.com/en/docs/projects/overview"})


def server_error(status: int = 503) -> Fault:
    """Return a 5xx."""
    title = "Service Unavailable" if status == 503 else "Internal Server Error"
    return Fault(status=status, body={"title": title, "detail": title, "type": "about:blank", "status": status})


def slow(seconds: float) -> Fault:
    """Return a reply that arrives only after some seconds (for timeout tests)."""
    return Fault(status=200, body={"meta": {"result_count": 0}}, delay=seconds)


def malformed() -> Fault:
    """Return a 200 whose body is not JSON."""
    return Fault(status=200, raw=b'{"data": [{"id": "1", "text": "cut off')


def not_found(status: int = 404) -> Fault:
    """Return a 404 for a path X does not serve."""
    return Fault(status=status, body={"title": "Not Found Error", "type": PROBLEM + "resource-not-found",
                                      "detail": "Sorry, that page does not exist", "resource_type": "route"})


# ---------------------------------------------------------------------------------------------
# The server


class XSandbox(Clock, SandboxServer):
    """X API v2 for the adapter, the demo, the tests and the benchmark."""

    name = "x"

    def __init__(self, scenario: dict[str, Any] | None = None, now: datetime | None = None, live: bool = False,
                 enforce_rate_limits: bool = True) -> None:
        """Load a scenario on a clock set to `now` (following the wall clock when live)."""
        super().__init__()
        self.start_clock(now, live)
        self.enforce_rate_limits = enforce_rate_limits
        self.rate_limits = dict(RATE_LIMITS)  # a test may lower one to see the 429
        self.users: dict[str, XUser] = {}
        self._by_name: dict[str, str] = {}
        self.posts: dict[int, XPost] = {}
        self._ids: list[int] = []  # sorted
        self._by_author: dict[str, list[int]] = {}
        self._sequence: dict[int, int] = {}
        self._keys: dict[str, int] = {}  # scenario key -> post id
        self._rate: dict[tuple[str, int], int] = {}
        self.billing = Billing()
        if scenario:
            self.load(scenario)

    # -- loading and adding ------------------------------------------------------------------------

    def load(self, scenario: dict[str, Any]) -> None:
        """Add a scenario's accounts, then its posts in order (a post may name earlier ones by key)."""
        now = self.now()
        for entry in scenario.get("accounts", []):
            self.add_account(**self._account_args(entry, now))
        pinned: dict[str, str] = {}
        for entry in scenario.get("posts", []):
            post_id = self.add_post(**self._post_args(entry, now))
            if entry.get("key"):
                self._keys[entry["key"]] = int(post_id)
        for entry in scenario.get("accounts", []):
            if entry.get("pinned"):
                pinned[entry["username"]] = str(self._resolve_ref(entry["pinned"]))
        with self._data_lock:
            for username, post_id in pinned.items():
                self.users[self._by_name[username.casefold()]].pinned_tweet_id = post_id

    @staticmethod
    def _account_args(entry: dict[str, Any], now: datetime) -> dict[str, Any]:
        """Turn a scenario account entry into add_account() arguments."""
        args = {k: v for k, v in entry.items() if k != "pinned"}
        if "created_at" in args:
            args["created_at"] = resolve_time(args["created_at"], now)
        return args

    def _post_args(self, entry: dict[str, Any], now: datetime) -> dict[str, Any]:
        """Turn a scenario post entry into add_post() arguments."""
        args = {k: v for k, v in entry.items() if k != "key"}
        args["at"] = resolve_time(args.pop("at"), now) if "at" in args else now
        for ref in ("reply_to", "quote", "repost"):
            if args.get(ref) is not None:
                args[ref] = self._resolve_ref(args[ref])
        return args

    def _resolve_ref(self, ref: str | int) -> int:
        """Return the post id a scenario key or id stands for."""
        if isinstance(ref, str) and ref in self._keys:
            return self._keys[ref]
        if str(ref).isdigit() and int(ref) in self.posts:
            return int(ref)
        raise ValueError(f"scenario refers to post {ref!r}, which is not defined before it")

    def add_account(self, username: str, name: str | None = None, created_at: datetime | None = None,
                    id: str | None = None, **profile: Any) -> str:
        """Add an account and return its id (derived from the username unless given)."""
        if not HANDLE.match(username):
            raise ValueError(f"{username!r} is not an X username")
        with self._data_lock:
            user_id = id or self._user_id_for(username)
            user = XUser(id=str(user_id), username=username, name=name or username,
                         created_at=created_at or self.now() - timedelta(days=3650), **profile)
            self.users[user.id] = user
            self._by_name[username.casefold()] = user.id
            return user.id

    def _user_id_for(self, username: str) -> str:
        """Return a stable numeric id for a username that no other account holds."""
        candidate = 100_000_000 + zlib.crc32(username.casefold().encode())
        while str(candidate) in self.users:
            candidate += 1
        return str(candidate)

    def user_id(self, username: str) -> str:
        """Return the id of an account by username."""
        with self._data_lock:
            return self._by_name[username.casefold()]

    def add_post(self, author: str, text: str = "", at: datetime | None = None, reply_to: int | str | None = None,
                 quote: int | str | None = None, repost: int | str | None = None, lang: str = "en",
                 id: int | str | None = None) -> str:
        """Add a post (a reply, quote or repost when asked) and return its id."""
        with self._data_lock:
            author_id = self._by_name.get(author.casefold())
            if author_id is None:
                raise ValueError(f"no account @{author} in the sandbox (add it first)")
            at = (at or self.now()).astimezone(UTC)
            post_id = int(id) if id is not None else self._next_id(at)
            referenced: list[tuple[str, int]] = []
            conversation_id, reply_user = post_id, None
            if reply_to is not None:
                parent = self.posts[int(reply_to)]
                referenced.append(("replied_to", parent.id))
                conversation_id, reply_user = parent.conversation_id, parent.author_id
                text = self._with_reply_prefix(text, self.users[parent.author_id].username)
            if quote is not None:
                referenced.append(("quoted", self.posts[int(quote)].id))
            if repost is not None:
                original = self.posts[int(repost)]
                referenced = [("retweeted", original.id)]
                text = f"RT @{self.users[original.author_id].username}: {original.text}"
            post = XPost(id=post_id, author_id=author_id, text=text, created_at=at, conversation_id=conversation_id,
                         in_reply_to_user_id=reply_user, referenced=tuple(referenced), lang=lang,
                         mentions=mentions_in(text))
            self._store(post)
            return str(post_id)

    def delete_post(self, post_id: int | str) -> None:
        """Delete a post (every version of it, as X does): lookups by id say it is not found."""
        with self._data_lock:
            post = self.posts[int(post_id)]
            for version in post.edit_history or (post.id,):
                self.posts[version].deleted = True

    def edit_post(self, post_id: int | str, text: str) -> str:
        """Edit a post as X does: the new text is a new post id, and every version lists them all."""
        with self._data_lock:
            old = self.posts[int(post_id)]
            new = replace(old, id=self._next_id(self.now()), text=text, created_at=self.now(),
                          mentions=mentions_in(text))
            self._store(new)
            history = (*(old.edit_history or (old.id,)), new.id)
            for version in history:
                self.posts[version].edit_history = history
            return str(new.id)

    def suspend(self, username: str) -> None:
        """Suspend an account: its profile and its posts are no longer shown."""
        with self._data_lock:
            self.users[self._by_name[username.casefold()]].suspended = True

    def rename(self, username: str, new: str) -> None:
        """Change an account's username (its id stays)."""
        with self._data_lock:
            user_id = self._by_name.pop(username.casefold())
            self.users[user_id].username = new
            self._by_name[new.casefold()] = user_id

    @staticmethod
    def _with_reply_prefix(text: str, username: str) -> str:
        """Start a reply with the @username X puts in front of it, unless it is there already."""
        if text.casefold().startswith(f"@{username.casefold()}"):
            return text
        return f"@{username} {text}"

    def _next_id(self, at: datetime) -> int:
        """Return a fresh snowflake for a time."""
        base = snowflake(at)
        seq = self._sequence.get(base, 0)
        while base | seq in self.posts:
            seq += 1
        self._sequence[base] = seq + 1
        return base | seq

    def _store(self, post: XPost) -> None:
        """Index a post by id and by author."""
        if post.id in self.posts:
            raise ValueError(f"post id {post.id} already exists")
        self.posts[post.id] = post
        bisect.insort(self._ids, post.id)
        bisect.insort(self._by_author.setdefault(post.author_id, []), post.id)

    def billed(self) -> dict[str, int]:
        """Return billable reads so far (posts, users) and resources returned before deduplication."""
        with self._data_lock:
            return {"posts": self.billing.post_reads, "users": self.billing.user_reads,
                    "posts_returned": self.billing.posts_returned, "users_returned": self.billing.users_returned}

    # -- routing ------------------------------------------------------------------------------------

    _ROUTES: tuple[tuple[re.Pattern[str], str, str], ...] = (
        (re.compile(r"^/2/users/by$"), "users/by", "_users_by"),
        (re.compile(r"^/2/users/(\d{1,19})$"), "users/:id", "_user"),
        (re.compile(r"^/2/users/(\d{1,19})/tweets$"), "users/:id/tweets", "_timeline"),
        (re.compile(r"^/2/users/(\d{1,19})/mentions$"), "users/:id/mentions", "_mentions"),
        (re.compile(r"^/2/tweets/search/recent$"), "tweets/search/recent", "_search"),
        (re.compile(r"^/2/tweets$"), "tweets", "_tweets"),
        (re.compile(r"^/2/users$"), "users", "_users"),
    )

    def route(self, request: Request) -> Response:
        """Answer one request the way X would."""
        if request.method != "GET":
            return 405, {}, {"title": "Method Not Allowed", "type": "about:blank", "status": 405,
                             "detail": "Method Not Allowed"}
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return 401, {}, unauthorized().body
        for pattern, endpoint, handler in self._ROUTES:
            match = pattern.match(request.path)
            if match:
                return self._answer(endpoint, handler, request, match.groups())
        return 404, {}, not_found().body

    def _answer(self, endpoint: str, handler: str, request: Request, groups: tuple[str | Any, ...]) -> Response:
        """Apply the rate limit, run a handler, bill what it returned."""
        headers, allowed = self._rate_headers(endpoint)
        if not allowed:
            return 429, headers, {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank",
                                  "status": 429}
        try:
            with self._data_lock:
                body = getattr(self, handler)(request, *groups)
                self._bill(body)
        except BadRequest as exc:
            return 400, headers, invalid_request(str(exc), exc.parameter, exc.value)
        return 200, headers, body

    def _rate_headers(self, endpoint: str) -> tuple[dict[str, str], bool]:
        """Count a request in its 15-minute window; return the x-rate-limit-* headers and whether it may pass."""
        limit = self.rate_limits[endpoint]
        now = self.now()
        window = int(now.timestamp() // RATE_WINDOW.total_seconds())
        with self._data_lock:
            used = self._rate.get((endpoint, window), 0) + 1
            self._rate[(endpoint, window)] = used
        reset = int((window + 1) * RATE_WINDOW.total_seconds())
        headers = {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": str(max(0, limit - used)),
                   "x-rate-limit-reset": str(reset)}
        return headers, not (self.enforce_rate_limits and used > limit)

    def _bill(self, body: dict[str, Any]) -> None:
        """Bill each post and user returned, once per UTC day of the sandbox clock."""
        data = body.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        includes = body.get("includes", {})
        posts = [d["id"] for d in items if "text" in d] + [t["id"] for t in includes.get("tweets", [])]
        users = [d["id"] for d in items if "username" in d] + [u["id"] for u in includes.get("users", [])]
        self.billing.add(self.now().date().isoformat(), posts, users)

    # -- endpoints ---------------------------------------------------------------------------------

    def _users_by(self, request: Request) -> dict[str, Any]:
        """GET /2/users/by?usernames=a,b (at most 100)."""
        raw = request.arg("usernames") or ""
        names = [n for n in raw.split(",") if n]
        if not names:
            raise BadRequest("The `usernames` query parameter can not be empty", "usernames", raw)
        if len(names) > 100:
            raise BadRequest(f"The number of values in the `usernames` query parameter list [{len(names)}] is not "
                             "between 1 and 100", "usernames", raw)
        for name in names:
            if not HANDLE.match(name):
                raise BadRequest(f"The `usernames` query parameter value [{name}] does not match "
                                 "^[A-Za-z0-9_]{1,15}$", "usernames", name)
        found = [self.users[self._by_name[n.casefold()]] for n in names if n.casefold() in self._by_name]
        missing = [n for n in names if n.casefold() not in self._by_name]
        body = self._user_body([u for u in found if not u.suspended], request)
        errors = [suspended_user("usernames", u.username) for u in found if u.suspended]
        errors += [resource_not_found("user", "usernames", n) for n in missing]
        if errors:
            body["errors"] = errors
        return body

    def _users(self, request: Request) -> dict[str, Any]:
        """GET /2/users?ids=a,b (at most 100)."""
        raw = request.arg("ids") or ""
        ids = [i for i in raw.split(",") if i]
        if not ids or len(ids) > 100 or not all(i.isdigit() and len(i) <= 19 for i in ids):
            raise BadRequest("The `ids` query parameter must hold 1 to 100 numeric ids", "ids", raw)
        found = [self.users[i] for i in ids if i in self.users]
        body = self._user_body([u for u in found if not u.suspended], request)
        errors = [suspended_user("ids", u.id) for u in found if u.suspended]
        errors += [resource_not_found("user", "ids", i) for i in ids if i not in self.users]
        if errors:
            body["errors"] = errors
        return body

    def _user(self, request: Request, user_id: str) -> dict[str, Any]:
        """GET /2/users/:id."""
        user = self.users.get(user_id)
        if user is None:
            return {"errors": [resource_not_found("user", "id", user_id)]}
        if user.suspended:
            return {"errors": [suspended_user("id", user_id)]}
        body = self._user_body([user], request)
        body["data"] = body["data"][0]
        return body

    def _user_body(self, users: list[XUser], request: Request) -> dict[str, Any]:
        """Return users with the fields and expansions asked for."""
        fields = requested(request, "user.fields", USER_FIELDS)
        expansions = requested(request, "expansions", USER_EXPANSIONS)
        tweet_fields = requested(request, "tweet.fields", TWEET_FIELDS)
        body: dict[str, Any] = {}
        if users:
            body["data"] = [self.render_user(u, fields) for u in users]
        pinned = [int(u.pinned_tweet_id) for u in users if u.pinned_tweet_id and "pinned_tweet_id" in expansions]
        pinned_posts = [self.posts[p] for p in pinned if p in self.posts and self._visible(self.posts[p])]
        if pinned_posts:
            body["includes"] = {"tweets": [self.render_post(p, tweet_fields) for p in pinned_posts]}
        return body

    def _timeline(self, request: Request, user_id: str) -> dict[str, Any]:
        """GET /2/users/:id/tweets: newest first, the newest 3,200 only."""
        if user_id not in self.users:
            return {"errors": [resource_not_found("user", "id", user_id)]}
        exclude = set(filter(None, (request.arg("exclude") or "").split(",")))
        if exclude - {"replies", "retweets"}:
            raise BadRequest(f"The `exclude` query parameter value [{','.join(exclude)}] is not one of "
                             "[replies,retweets]", "exclude", request.arg("exclude"))
        ids = self._visible_ids(self._by_author.get(user_id, []))[-TIMELINE_DEPTH:]
        posts = [self.posts[i] for i in reversed(ids)]
        if "replies" in exclude:
            posts = [p for p in posts if p.ref("replied_to") is None]
        if "retweets" in exclude:
            posts = [p for p in posts if p.ref("retweeted") is None]
        return self._page(request, posts, limits=(5, 100), token_param="pagination_token")

    def _mentions(self, request: Request, user_id: str) -> dict[str, Any]:
        """GET /2/users/:id/mentions: posts naming @user, the newest 800 only."""
        user = self.users.get(user_id)
        if user is None:
            return {"errors": [resource_not_found("user", "id", user_id)]}
        folded = user.username.casefold()
        since = int(request.arg("since_id") or 0)
        out: list[XPost] = []
        for post_id in reversed(self._visible_ids(self._ids)):
            if post_id <= since or len(out) >= MENTIONS_DEPTH:
                break
            post = self.posts[post_id]
            if folded in post.mentions and post.author_id != user_id:
                out.append(post)
        return self._page(request, out, limits=(5, 100), token_param="pagination_token")

    def _search(self, request: Request) -> dict[str, Any]:
        """GET /2/tweets/search/recent: the last seven days, newest first."""
        query = request.arg("query") or ""
        if len(query) > QUERY_LIMIT:
            raise BadRequest(f"There were errors processing your request: Query length ({len(query)}) exceeds "
                             f"the maximum of {QUERY_LIMIT} characters", "query", query)
        tree = QueryParser(query).parse()
        if not has_standalone(tree):
            raise BadRequest("There were errors processing your request: the query needs at least one standalone "
                             "operator (is:, has: and lang: cannot stand alone)", "query", query)
        now = self.now()
        start = request.arg("start_time")
        if start and parse_param_time(start, "start_time") < now - SEARCH_WINDOW:
            raise BadRequest(f"Invalid 'start_time':'{start}'. 'start_time' must be on or after "
                             f"{iso_z(now - SEARCH_WINDOW)}", "start_time", start)
        since = max(int(request.arg("since_id") or 0), snowflake(now - SEARCH_WINDOW) - 1)
        lo = bisect.bisect_right(self._ids, since)
        candidates = self._visible_ids(self._ids[lo:])
        matches = [self.posts[i] for i in reversed(candidates) if self._matches(tree, self.posts[i])]
        return self._page(request, matches, limits=(10, 100), token_param="next_token")

    def _tweets(self, request: Request) -> dict[str, Any]:
        """GET /2/tweets?ids=a,b (at most 100)."""
        raw = request.arg("ids") or ""
        ids = [i for i in raw.split(",") if i]
        if not ids or len(ids) > 100 or not all(i.isdigit() and len(i) <= 19 for i in ids):
            raise BadRequest("The `ids` query parameter must hold 1 to 100 numeric ids", "ids", raw)
        found = [self.posts[int(i)] for i in ids if int(i) in self.posts and self._visible(self.posts[int(i)])]
        hidden = [p for p in found if self.users[p.author_id].suspended]
        found = [p for p in found if p not in hidden]
        body = self._posts_body(found, request)
        body.pop("meta", None)
        missing = [i for i in ids if int(i) not in {p.id for p in found} | {p.id for p in hidden}]
        errors = [not_authorized_post(str(p.id)) for p in hidden]
        errors += [resource_not_found("tweet", "ids", i) for i in missing]
        if errors:
            body["errors"] = errors
        return body

    # -- paging, filtering, rendering ----------------------------------------------------------------

    def _visible(self, post: XPost) -> bool:
        """Say whether a post exists yet on the sandbox clock (and was not deleted)."""
        return post.created_at <= self.now() and not post.deleted

    def _visible_ids(self, ids: list[int]) -> list[int]:
        """Return the sorted ids whose posts exist yet (cut at the clock: ids grow with time), newest versions only."""
        cut = bisect.bisect_right(ids, snowflake(self.now(), 0x3FFFFF))
        return [i for i in ids[:cut] if self._visible(self.posts[i])
                and (not self.posts[i].edit_history or self.posts[i].edit_history[-1] == i)]

    def _page(self, request: Request, posts: list[XPost], limits: tuple[int, int], token_param: str) -> dict[str, Any]:
        """Filter by since/until ids and times, cut one page, and add meta with a next token."""
        posts = filter_window(posts, request)
        low, high = limits
        try:
            max_results = int(request.arg("max_results") or 10)
        except ValueError:
            raise BadRequest("The `max_results` query parameter must be a number", "max_results",
                             request.arg("max_results")) from None
        if not low <= max_results <= high:
            raise BadRequest(f"The `max_results` query parameter value [{max_results}] is not between {low} and "
                             f"{high}", "max_results", str(max_results))
        token = request.arg(token_param)
        offset, snapshot = decode_token(token) if token else (0, posts[0].id if posts else 0)
        posts = [p for p in posts if p.id <= snapshot]
        page = posts[offset:offset + max_results]
        body = self._posts_body(page, request)
        if offset + max_results < len(posts):
            body["meta"]["next_token"] = encode_token(offset + max_results, snapshot)
        return body

    def _posts_body(self, posts: list[XPost], request: Request) -> dict[str, Any]:
        """Return posts with the fields and expansions asked for, and meta."""
        fields = requested(request, "tweet.fields", TWEET_FIELDS)
        expansions = requested(request, "expansions", TWEET_EXPANSIONS)
        user_fields = requested(request, "user.fields", USER_FIELDS)
        meta: dict[str, Any] = {"result_count": len(posts)}
        body: dict[str, Any] = {}
        if posts:
            body["data"] = [self.render_post(p, fields) for p in posts]
            meta["newest_id"], meta["oldest_id"] = str(posts[0].id), str(posts[-1].id)
            includes = self._includes(posts, expansions, fields, user_fields)
            if includes:
                body["includes"] = includes
        body["meta"] = meta
        return body

    def _includes(self, posts: list[XPost], expansions: set[str], fields: set[str],
                  user_fields: set[str]) -> dict[str, Any]:
        """Return includes.tweets and includes.users for the expansions asked for."""
        referenced: dict[int, XPost] = {}
        if "referenced_tweets.id" in expansions or "referenced_tweets.id.author_id" in expansions:
            for post in posts:
                for _, ref_id in post.referenced:
                    if ref_id in self.posts and self._visible(self.posts[ref_id]):
                        referenced[ref_id] = self.posts[ref_id]
        user_ids: list[str] = []
        if "author_id" in expansions:
            user_ids += [p.author_id for p in posts]
        if "in_reply_to_user_id" in expansions:
            user_ids += [p.in_reply_to_user_id for p in posts if p.in_reply_to_user_id]
        if "referenced_tweets.id.author_id" in expansions:
            user_ids += [p.author_id for p in referenced.values()]
        if "entities.mentions.username" in expansions:
            user_ids += [self._by_name[m] for p in posts for m in p.mentions if m in self._by_name]
        out: dict[str, Any] = {}
        users = [self.users[u] for u in dict.fromkeys(user_ids) if u in self.users]
        if users:
            out["users"] = [self.render_user(u, user_fields) for u in users]
        if referenced and "referenced_tweets.id" in expansions:
            out["tweets"] = [self.render_post(p, fields) for p in referenced.values()]
        return out

    def _matches(self, node: Node, post: XPost) -> bool:
        """Evaluate a query tree against one post."""
        if node[0] == "or":
            return any(self._matches(child, post) for child in node[1])
        if node[0] == "and":
            return all(self._matches(child, post) for child in node[1])
        _, negated, op, value = node
        return self._term(op, value, post) != negated

    def _term(self, op: str, value: str, post: XPost) -> bool:
        """Evaluate one operator against one post."""
        author = self.users[post.author_id].username.casefold()
        text = post.text.casefold()
        if op == "from":
            return author == value
        if op == "to":
            replied = self.users.get(post.in_reply_to_user_id or "")
            return replied is not None and replied.username.casefold() == value
        if op == "mention":
            return value in post.mentions
        if op in ("conversation_id", "in_reply_to_tweet_id", "quotes_of_tweet_id", "retweets_of_tweet_id"):
            kind = {"conversation_id": None, "in_reply_to_tweet_id": "replied_to", "quotes_of_tweet_id": "quoted",
                    "retweets_of_tweet_id": "retweeted"}[op]
            target = post.conversation_id if kind is None else post.ref(kind)
            return str(target) == value
        if op == "is":
            kind = {"retweet": "retweeted", "reply": "replied_to", "quote": "quoted"}.get(value)
            if kind:
                return post.ref(kind) is not None
            return value == "verified" and self.users[post.author_id].verified_type not in ("none", "")
        if op == "has":
            return value == "links" and "http" in text
        if op == "lang":
            return post.lang.casefold() == value
        if op in ("phrase", "hashtag"):
            return value in text
        if op == "keyword":
            return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is not None
        return False

    def render_post(self, post: XPost, fields: set[str]) -> dict[str, Any]:
        """Return a post as X sends it: defaults plus the fields asked for."""
        out: dict[str, Any] = {"id": str(post.id), "text": self._display_text(post),
                               "edit_history_tweet_ids": [str(i) for i in post.edit_history or (post.id,)]}
        if "author_id" in fields:
            out["author_id"] = post.author_id
        if "created_at" in fields:
            out["created_at"] = iso_z(post.created_at)
        if "conversation_id" in fields:
            out["conversation_id"] = str(post.conversation_id)
        if "in_reply_to_user_id" in fields and post.in_reply_to_user_id:
            out["in_reply_to_user_id"] = post.in_reply_to_user_id
        if "referenced_tweets" in fields and post.referenced:
            out["referenced_tweets"] = [{"type": kind, "id": str(ref)} for kind, ref in post.referenced]
        if "note_tweet" in fields and len(post.text) > LONG_POST and post.ref("retweeted") is None:
            out["note_tweet"] = {"text": post.text}
        if "lang" in fields:
            out["lang"] = post.lang
        if "public_metrics" in fields:
            out["public_metrics"] = {"retweet_count": 0, "reply_count": len(self._replies_to(post.id)),
                                     "like_count": 0, "quote_count": 0, "bookmark_count": 0, "impression_count": 0}
        if "entities" in fields and post.mentions:
            out["entities"] = {"mentions": self._mention_entities(post)}
        return out

    def _replies_to(self, post_id: int) -> list[int]:
        """Return ids of visible replies to a post."""
        return [p.id for p in self.posts.values() if p.ref("replied_to") == post_id and self._visible(p)]

    def _mention_entities(self, post: XPost) -> list[dict[str, Any]]:
        """Return entities.mentions for a post's display text."""
        out = []
        for match in MENTION.finditer(self._display_text(post)):
            entity: dict[str, Any] = {"start": match.start(), "end": match.end(), "username": match.group(1)}
            if match.group(1).casefold() in self._by_name:
                entity["id"] = self._by_name[match.group(1).casefold()]
            out.append(entity)
        return out

    @staticmethod
    def _display_text(post: XPost) -> str:
        """Return `text` as X sends it: long posts cut (the whole text is in note_tweet), reposts cut at 140."""
        if post.ref("retweeted") is not None and len(post.text) > 140:
            return post.text[:139] + "…"
        if len(post.text) > LONG_POST:
            return post.text[:LONG_POST - 1] + "…"
        return post.text

    def render_user(self, user: XUser, fields: set[str]) -> dict[str, Any]:
        """Return a user as X sends it: defaults plus the fields asked for."""
        out: dict[str, Any] = {"id": user.id, "name": user.name, "username": user.username}
        simple = {"description": user.description, "location": user.location, "url": user.url,
                  "profile_image_url": user.profile_image_url, "verified_type": user.verified_type,
                  "protected": user.protected}
        for name, value in simple.items():
            if name in fields and (value or name in ("description", "protected", "verified_type", "url")):
                out[name] = value
        if "created_at" in fields:
            out["created_at"] = iso_z(user.created_at)
        if "verified" in fields:
            out["verified"] = user.verified_type not in ("none", "")
        if "pinned_tweet_id" in fields and user.pinned_tweet_id:
            out["pinned_tweet_id"] = user.pinned_tweet_id
        own = self._visible_ids(self._by_author.get(user.id, []))
        if "most_recent_tweet_id" in fields and own:
            out["most_recent_tweet_id"] = str(own[-1])
        if "public_metrics" in fields:
            out["public_metrics"] = {"followers_count": user.followers, "following_count": user.following,
                                     "tweet_count": len(own), "listed_count": user.listed, "like_count": 0,
                                     "media_count": 0}
        return out


def filter_window(posts: list[XPost], request: Request) -> list[XPost]:
    """Keep posts inside since_id/until_id (exclusive) and start_time/end_time."""
    since = int(request.arg("since_id") or 0)
    until = int(request.arg("until_id") or 0)
    start = request.arg("start_time")
    end = request.arg("end_time")
    start_at = parse_param_time(start, "start_time") if start else None
    end_at = parse_param_time(end, "end_time") if end else None
    return [p for p in posts
            if p.id > since and (not until or p.id < until)
            and (start_at is None or p.created_at >= start_at) and (end_at is None or p.created_at < end_at)]


def requested(request: Request, name: str, allowed: frozenset[str]) -> set[str]:
    """Return the comma-separated values of a fields/expansions parameter, refusing unknown ones like X."""
    raw = request.arg(name)
    if raw is None:
        return set()
    values = {v for v in raw.split(",") if v}
    unknown = sorted(values - allowed)
    if unknown or not values:
        raise BadRequest(f"The `{name}` query parameter value [{','.join(unknown)}] is not one of "
                         f"[{','.join(sorted(allowed))}]", name, raw)
    return values


def encode_token(offset: int, snapshot: int) -> str:
    """Return an opaque pagination token."""
    return base64.b32hexencode(f"{offset}:{snapshot}".encode()).decode().rstrip("=").lower()


def decode_token(token: str) -> tuple[int, int]:
    """Read a pagination token back, refusing tokens the sandbox did not make."""
    try:
        padded = token.upper() + "=" * (-len(token) % 8)
        offset, snapshot = base64.b32hexdecode(padded).decode().split(":")
        return int(offset), int(snapshot)
    except ValueError:
        raise BadRequest(f"The `pagination_token` query parameter value [{token}] is not valid",
                         "pagination_token", token) from None


def resource_not_found(resource: str, parameter: str, value: str) -> dict[str, Any]:
    """Return the partial error X puts in a 200 body for a missing user or post."""
    label = "usernames" if parameter == "usernames" else parameter
    return {"value": value, "detail": f"Could not find {resource} with {label}: [{value}].",
            "title": "Not Found Error", "resource_type": resource, "parameter": parameter, "resource_id": value,
            "type": PROBLEM + "resource-not-found"}


def suspended_user(parameter: str, value: str) -> dict[str, Any]:
    """Return the partial error X puts in a 200 body for a suspended account."""
    return {"value": value, "detail": f"User has been suspended: [{value}].", "title": "Forbidden",
            "resource_type": "user", "parameter": parameter, "resource_id": value,
            "type": PROBLEM + "resource-not-found"}


def not_authorized_post(post_id: str) -> dict[str, Any]:
    """Return the partial error for a post X will not show (its author suspended or protected)."""
    return {"value": post_id, "detail": f"Sorry, you are not authorized to see the Tweet with ids: [{post_id}].",
            "title": "Authorization Error", "resource_type": "tweet", "parameter": "ids", "resource_id": post_id,
            "type": PROBLEM + "not-authorized-for-resource"}


def invalid_request(message: str, parameter: str | None, value: str | None) -> dict[str, Any]:
    """Return X's 400 body: legacy errors[] plus the RFC 7807 fields."""
    error: dict[str, Any] = {"message": message}
    if parameter:
        error["parameters"] = {parameter: [value or ""]}
    return {"errors": [error], "title": "Invalid Request", "detail": "One or more parameters to your request was "
            "invalid.", "type": PROBLEM + "invalid-request"}
