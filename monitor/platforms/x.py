"""The X adapter: registered accounts' profiles and posts, and residents' replies, through tweepy.

The only module that imports tweepy. Everything it hands back is plain records (monitor.records).

How a cycle reads X (the rule the benchmark measures):
* Each registered account is a "from" feed (its own posts, replies, reposts and quotes); each official
  account is also a "to" feed (residents' replies and mentions). Each feed has a cursor, saved by the
  caller only after the batch is stored.
* A recent-search query `from:a OR from:b ...` reads many feeds in one request, up to 512 characters
  (about 20 handles). A timeline (or /mentions) call reads one feed per request. So feeds whose cursor
  lies inside the search window (seven days, less an hour) are packed into queries; a query that would
  carry a single feed is replaced by that account's timeline (the same one request, with no seven-day
  limit and no search-index lag); feeds whose cursor is older (the monitor was off for a week) use the
  timeline, which reaches back 3,200 posts (800 for mentions).
* A cursor is "since_id[;seen ids]". After a good read it moves to the id X would give a post made two
  minutes before `now` (ids are snowflakes: they encode their time), so quiet accounts stay inside the
  search window and a post that reaches the search index late is read on the next cycle. Posts read in
  that two-minute overlap are remembered in the cursor and not handed back twice; X bills a post once
  per UTC day, so the overlap costs nothing.
* Profiles (user reads cost twice a post read) are read only when the caller asks (refresh_profiles),
  or once for an account whose id is not yet known; ids are kept in the cursors as "id:<handle>".
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import requests
import tweepy

from monitor.config import Config
from monitor.logs import quiet_chatty_loggers
from monitor.platforms.base import Batch, Recheck, Usage, Verification
from monitor.platforms.http import SourceError, routed_session
from monitor.records import Account, Platform, Post, SharedPost, handle_key, valid_handle

log = logging.getLogger(__name__)

PLATFORM: Platform = "x"
REAL_BASE = "https://api.twitter.com"  # tweepy hard-codes this host; api.x.com serves the same API
X_EPOCH_MS = 1288834974657
QUERY_LIMIT = 512
SEARCH_REACH = timedelta(days=7) - timedelta(hours=1)
FIRST_LOOKBACK = SEARCH_REACH  # what a feed with no cursor reads back to
LAG_MARGIN = timedelta(minutes=2)
GROUP_SPREAD = timedelta(hours=1)  # feeds further apart than this in their cursors get their own query
PAGE_SIZE = 100
MAX_PAGES = 20  # per feed or query per cycle: 2,000 posts
LOOKUP_BATCH = 100  # GET /2/users/by takes at most 100 usernames
RATE_LIMIT_BACKOFF = timedelta(minutes=15)  # a 429 without x-rate-limit-reset: wait out one window
FATAL: frozenset[str] = frozenset({"rate_limited", "budget", "auth"})

POST_FIELDS = ["author_id", "created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets",
               "note_tweet", "lang"]
# The original of a repost or quote, and the post a reply answers, with its author (-> SharedPost).
POST_EXPANSIONS = ["referenced_tweets.id", "referenced_tweets.id.author_id"]
# Residents' replies also need who wrote them; the bio helps the impersonation check on them.
REPLY_EXPANSIONS = ["author_id", *POST_EXPANSIONS]
AUTHOR_FIELDS = ["created_at", "description", "profile_image_url", "verified_type"]
PROFILE_FIELDS = ["created_at", "description", "profile_image_url", "public_metrics", "verified_type", "location",
                  "url", "pinned_tweet_id", "protected"]
PINNED_FIELDS = ["note_tweet", "created_at"]
# A re-check reads the post alone: no expansions, so no user (twice the price) is billed with it.
RECHECK_FIELDS = [*POST_FIELDS, "edit_history_tweet_ids"]

FeedKind = Literal["from", "to"]
SHARE_KINDS: tuple[tuple[str, Literal["repost", "quote"]], ...] = (("retweeted", "repost"), ("quoted", "quote"))


# ---------------------------------------------------------------------------------------------
# Ids, cursors, feeds and the per-cycle plan


def snowflake_at(when: datetime) -> int:
    """Return the smallest id X could give a post made at a time."""
    return (int(when.timestamp() * 1000) - X_EPOCH_MS) << 22


def snowflake_time(post_id: int | str) -> datetime:
    """Return the time an X id encodes."""
    return datetime.fromtimestamp(((int(post_id) >> 22) + X_EPOCH_MS) / 1000, UTC)


@dataclass(frozen=True)
class Cursor:
    """Where a feed has been read to: since_id, plus ids above it already handed back."""

    since_id: int
    seen: frozenset[int] = frozenset()

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        """Read a stored cursor; None when absent or unreadable (the feed then starts afresh)."""
        if not value:
            return None
        head, _, tail = value.partition(";")
        try:
            return cls(int(head), frozenset(int(v) for v in tail.split(",") if v))
        except ValueError:
            log.warning("ignoring an unreadable X cursor %r", value[:60])
            return None

    def format(self) -> str:
        """Return the stored form."""
        tail = ",".join(str(i) for i in sorted(self.seen))
        return f"{self.since_id};{tail}" if tail else str(self.since_id)

    def is_new(self, post_id: int) -> bool:
        """Say whether a post id is past this cursor and not handed back already."""
        return post_id > self.since_id and post_id not in self.seen

    def advanced(self, now: datetime, read: Iterable[int]) -> Cursor:
        """Return the cursor after a good read at `now` that returned ids `read`."""
        since = max(self.since_id, snowflake_at(now - LAG_MARGIN))
        seen = {i for i in (*self.seen, *read) if i > since}
        return Cursor(since, frozenset(seen))


@dataclass(frozen=True)
class Feed:
    """One stream read each cycle: an account's own posts, or the replies and mentions it receives."""

    kind: FeedKind
    handle: str
    user_id: str

    @property
    def name(self) -> str:
        """Return the cursor name."""
        return f"{self.kind}:{handle_key(self.handle)}"

    @property
    def terms(self) -> str:
        """Return the search terms that select this feed."""
        return f"from:{self.handle}" if self.kind == "from" else f"to:{self.handle} OR @{self.handle}"

    def owns(self, raw: dict[str, Any], author: str | None) -> bool:
        """Say whether a post returned by a search belongs to this feed."""
        if self.kind == "from":
            return author is not None and handle_key(author) == handle_key(self.handle)
        if raw.get("in_reply_to_user_id") == self.user_id:
            return True
        return f"@{self.handle.casefold()}" in text_of(raw).casefold()


@dataclass
class Group:
    """Feeds read together by one recent-search query."""

    kind: FeedKind
    feeds: list[tuple[Feed, Cursor]]

    @property
    def since_id(self) -> int:
        """Return the query's since_id: the oldest cursor in the group."""
        return min(c.since_id for _, c in self.feeds)

    def query(self, extra: Feed | None = None) -> str:
        """Return the query, optionally with one more feed."""
        feeds = [f for f, _ in self.feeds] + ([extra] if extra else [])
        return " OR ".join(f.terms for f in feeds)


@dataclass
class Plan:
    """How one cycle reads its feeds."""

    searches: list[Group] = field(default_factory=list)
    timelines: list[tuple[Feed, Cursor]] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """Return the requests the plan needs when nothing is paginated."""
        return len(self.searches) + len(self.timelines)


def plan_reads(feeds: list[tuple[Feed, Cursor]], now: datetime) -> Plan:
    """Choose, for this cycle, which feeds go into shared search queries and which use their timeline."""
    reach = snowflake_at(now - SEARCH_REACH)
    plan = Plan(timelines=[(f, c) for f, c in feeds if c.since_id < reach])
    eligible = sorted(((f, c) for f, c in feeds if c.since_id >= reach), key=lambda fc: (fc[0].kind, fc[1].since_id))
    for group in pack(eligible):
        if len(group.feeds) == 1:
            plan.timelines.append(group.feeds[0])
        else:
            plan.searches.append(group)
    return plan


def pack(feeds: list[tuple[Feed, Cursor]]) -> list[Group]:
    """Pack sorted feeds into queries of at most 512 characters whose cursors lie close together."""
    groups: list[Group] = []
    for feed, cursor in feeds:
        current = groups[-1] if groups else None
        fits = (current is not None and current.kind == feed.kind
                and len(current.query(feed)) <= QUERY_LIMIT
                and snowflake_time(cursor.since_id) - snowflake_time(current.since_id) <= GROUP_SPREAD)
        if current is not None and fits:
            current.feeds.append((feed, cursor))
        else:
            groups.append(Group(feed.kind, [(feed, cursor)]))
    return groups


# ---------------------------------------------------------------------------------------------
# Errors


def _next_month(now: datetime) -> datetime:
    """Return the start of the next calendar month (UTC), when a monthly cap lifts."""
    first = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (first + timedelta(days=32)).replace(day=1)


def _rate_limit(exc: tweepy.TooManyRequests, now: datetime) -> SourceError:
    """Classify a 429: retry at x-rate-limit-reset, or after one window when X sent none."""
    messages = " ".join(str(m) for m in exc.api_messages)
    body_type = ""
    with contextlib.suppress(ValueError, AttributeError):
        body_type = str(exc.response.json().get("type", ""))
    if "usage-capped" in body_type:
        return SourceError(PLATFORM, "rate_limited", "the monthly cap on post reads is reached; reading resumes "
                           "when the billing month turns", retry_at=_next_month(now), status=429)
    if exc.reset_time:
        retry = datetime.fromtimestamp(exc.reset_time, UTC)
        retry = retry if retry > now else now + timedelta(minutes=1)
    else:
        retry = now + RATE_LIMIT_BACKOFF
    return SourceError(PLATFORM, "rate_limited", f"rate limit reached ({messages or 'no detail'})",
                       retry_at=retry, status=429)


def classify(exc: Exception, now: datetime) -> SourceError:
    """Turn anything tweepy or requests raised into a SourceError the scheduler can act on."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, tweepy.TooManyRequests):
        return _rate_limit(exc, now)
    if isinstance(exc, tweepy.HTTPException):
        status = exc.response.status_code
        detail = "; ".join(str(m) for m in exc.api_messages)[:300] or exc.response.reason or ""
        if status == 402:
            return SourceError(PLATFORM, "budget", "the X API credits are used up (top up credits in the Developer "
                               "Console, console.x.com)", status=402)
        if status in (401, 403):
            return SourceError(PLATFORM, "auth", f"X refused the bearer token ({detail}); create a new one in the "
                               "Developer Console and put it in the x-bearer-token credential", status=status)
        if status >= 500:
            return SourceError(PLATFORM, "transient", f"X server error ({detail})", status=status)
        if status == 408:
            return SourceError(PLATFORM, "transient", f"X timed out ({detail})", status=status)
        return SourceError(PLATFORM, "permanent", f"X refused the request ({detail})", status=status)
    if isinstance(exc, ValueError):  # requests.JSONDecodeError: a body that is not JSON
        return SourceError(PLATFORM, "transient", "X sent a reply that is not valid JSON")
    if isinstance(exc, requests.Timeout):
        return SourceError(PLATFORM, "transient", "X did not answer in time")
    if isinstance(exc, requests.RequestException):
        return SourceError(PLATFORM, "transient", f"cannot reach X ({type(exc).__name__})")
    raise exc


def _not_found(error: dict[str, Any]) -> bool:
    """Say whether a partial error says the resource does not exist (rather than that it may not be shown)."""
    return str(error.get("type", "")).endswith("/resource-not-found") or error.get("title") == "Not Found Error"


# ---------------------------------------------------------------------------------------------
# Records


def text_of(raw: dict[str, Any]) -> str:
    """Return a post's whole text: note_tweet for long posts, else text."""
    note = raw.get("note_tweet")
    if isinstance(note, dict) and note.get("text"):
        return str(note["text"])
    return str(raw.get("text", ""))


def parse_time(value: str | None, fallback_id: str | None = None) -> datetime | None:
    """Return an aware datetime from X's "...000Z", or the time the id encodes."""
    if value:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        except ValueError:
            pass
    return snowflake_time(fallback_id) if fallback_id and fallback_id.isdigit() else None


def to_account(raw: dict[str, Any], config: Config, pinned: dict[str, dict[str, Any]]) -> Account:
    """Map an X user object to an Account."""
    handle = str(raw["username"])
    pinned_post = pinned.get(str(raw.get("pinned_tweet_id", "")))
    metrics = raw.get("public_metrics") or {}
    return Account(platform=PLATFORM, handle=handle, role=config.role_of(PLATFORM, handle),
                   display_name=str(raw.get("name", "")), bio=str(raw.get("description", "")),
                   created_at=parse_time(raw.get("created_at")), account_id=str(raw["id"]),
                   avatar_url=raw.get("profile_image_url"), url=raw.get("url") or None,
                   location=str(raw.get("location", "")), pinned_text=text_of(pinned_post) if pinned_post else "",
                   verified_type=raw.get("verified_type"), followers_count=metrics.get("followers_count"), raw=raw)


# ---------------------------------------------------------------------------------------------
# The adapter


class XSource:
    """Reads X API v2 with a bearer token (app-only auth)."""

    platform = PLATFORM

    def __init__(self, config: Config, token: str, session: requests.Session | None = None) -> None:
        """Build the tweepy client on a routed session (timeout always; the sandbox's base URL when set)."""
        self.config = config
        settings = config.platforms.x
        # tweepy logs the Authorization header at DEBUG: keep its logger (and urllib3's) above that.
        quiet_chatty_loggers()
        # Never wait_on_rate_limit: a 429 without x-rate-limit-reset makes tweepy retry at once, for ever.
        self.client = tweepy.Client(bearer_token=token, return_type=dict, wait_on_rate_limit=False)
        self.client.session = routed_session(REAL_BASE, settings.timeout_seconds, settings.base_url,
                                             session=session or self.client.session)
        # What this process has read today (UTC): X bills a resource once per day.
        self._billed_day: date | None = None
        self._billed: set[str] = set()

    def fetch(self, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
        """Fetch profiles (when asked) and everything new since the cursors."""
        return _Cycle(self, cursors, now).run(refresh_profiles)

    def lookup_handles(self, handles: Iterable[str], usage: Usage | None = None,
                       now: datetime | None = None) -> list[Account]:
        """Return the accounts that exist among some handles (GET /2/users/by, 100 a request).

        Handles that do not exist are simply absent; a failed request raises SourceError.
        """
        usage = usage if usage is not None else Usage()
        now = now or datetime.now(UTC)
        accounts: list[Account] = []
        for users, pinned, _ in self.users_by([h for h in handles if valid_handle(PLATFORM, h)], usage, now):
            accounts += [to_account(raw, self.config, pinned) for raw in users]
        return accounts

    def verify(self, now: datetime) -> Verification:
        """Check the bearer token and that every registered account exists: GET /2/users/by with the
        usernames and no expansions, one request per 100 handles; each account found is one user read."""
        found = Verification(PLATFORM)
        refs = [r.ref for r in self.config.registry.values() if r.ref.platform == PLATFORM]
        handles = [r.handle.lstrip("@") for r in refs]
        users: set[str] = set()
        missing: dict[str, str] = {}
        try:
            for start in range(0, len(handles), LOOKUP_BATCH):
                body = self.call(self.client.get_users, found.usage, now, usernames=handles[start:start + LOOKUP_BATCH])
                users |= {handle_key(str(u.get("username", ""))) for u in body.get("data") or []}
                missing |= {handle_key(str(e.get("value", ""))): str(e.get("detail") or e.get("title") or "")
                            for e in body.get("errors", []) if e.get("parameter") == "usernames"}
        except SourceError as error:
            found.problems.append((None, error.message))
            return found
        found.confirmed.append("the bearer token works")
        for ref in refs:
            if handle_key(ref.handle) not in users:
                said = (missing.get(handle_key(ref.handle)) or "not in X's answer").rstrip(".")
                found.problems.append((ref, f"X has no account @{ref.handle.lstrip('@')}: {said} (check the "
                                            "handle: it is the name after x.com/, without the @)"))
        found.confirmed.append(f"{len(users)} of {len(refs)} accounts found")
        return found

    def recheck(self, posts: list[Post], accounts: list[Account], now: datetime) -> Recheck:
        """Re-read posts (GET /2/tweets?ids=) and profiles (GET /2/users?ids=, or /2/users/by) 100 a request.

        A post X no longer has is "deleted"; one X will not show (its author suspended or protected) is
        "withheld". An edited post has a new id for each edit, listed in edit_history_tweet_ids: its newest
        version is read and handed back under the original id. An account X suspended is "suspended", one
        it no longer has is "gone" (renamed away or deactivated); one read by id under another handle comes
        back with its new handle.
        """
        found = Recheck(PLATFORM)
        try:
            self._recheck_posts({p.id: p for p in posts if p.id.isdigit()}, found, now)
            self._recheck_accounts(accounts, found, now)
        except SourceError as error:
            found.errors.append(error)
        return found

    def _recheck_posts(self, wanted: dict[str, Post], found: Recheck, now: datetime) -> None:
        """Read posts by id, then the newest version of those edited since."""
        newest: dict[str, str] = {}  # newest version id -> the id the finding is about
        for raw, original in self._tweets_by_id(list(wanted), found, now, wanted):
            history = [str(i) for i in raw.get("edit_history_tweet_ids") or []]
            if history and history[-1] != str(raw["id"]):
                newest[history[-1]] = original
            else:
                found.posts.append(replace(wanted[original], text=text_of(raw), raw=raw))
        for raw, original in self._tweets_by_id(list(newest), found, now, newest):
            found.posts.append(replace(wanted[newest[original]], text=text_of(raw), raw=raw))
        for version, original in newest.items():
            if version in found.gone_posts:
                found.gone_posts[original] = found.gone_posts.pop(version)

    def _tweets_by_id(self, ids: list[str], found: Recheck, now: datetime, names: dict[str, Any]
                      ) -> Iterable[tuple[dict[str, Any], str]]:
        """Yield (post, the id asked for) per post X returned; note those it did not, and why."""
        for start in range(0, len(ids), LOOKUP_BATCH):
            body = self.call(self.client.get_tweets, found.usage, now, ids=ids[start:start + LOOKUP_BATCH],
                             tweet_fields=RECHECK_FIELDS)
            for error in body.get("errors") or []:
                value = str(error.get("value") or error.get("resource_id") or "")
                if error.get("resource_type") == "tweet" and value in names:
                    found.gone_posts[value] = "deleted" if _not_found(error) else "withheld"
            for raw in body.get("data") or []:
                if str(raw.get("id")) in names:
                    yield raw, str(raw["id"])

    def _recheck_accounts(self, accounts: list[Account], found: Recheck, now: datetime) -> None:
        """Read profiles by id where the id is known, else by handle."""
        by_id = {a.account_id: a for a in accounts if a.account_id and a.account_id.isdigit()}
        by_handle = {handle_key(a.handle): a for a in accounts if a.account_id not in by_id
                     and valid_handle(PLATFORM, a.handle)}
        for keys, parameter in ((list(by_id), "ids"), ([a.handle for a in by_handle.values()], "usernames")):
            for start in range(0, len(keys), LOOKUP_BATCH):
                chunk = {parameter: keys[start:start + LOOKUP_BATCH]}
                body = self.call(self.client.get_users, found.usage, now, **chunk, user_fields=PROFILE_FIELDS,
                                 expansions=["pinned_tweet_id"], tweet_fields=PINNED_FIELDS)
                pinned = {str(t["id"]): t for t in body.get("includes", {}).get("tweets", [])}
                found.accounts += [to_account(raw, self.config, pinned) for raw in body.get("data") or []]
                for error in body.get("errors") or []:
                    value = str(error.get("value") or error.get("resource_id") or "")
                    account = by_id.get(value) if parameter == "ids" else by_handle.get(handle_key(value))
                    if error.get("resource_type") == "user" and account is not None:
                        reason = "suspended" if "suspended" in str(error.get("detail", "")).casefold() else "gone"
                        found.gone_accounts[handle_key(account.handle)] = reason

    def users_by(self, handles: list[str], usage: Usage, now: datetime,
                 ) -> Iterable[tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[str]]]:
        """Yield (users, pinned posts by id, handles not found) per batch of 100 handles."""
        for start in range(0, len(handles), LOOKUP_BATCH):
            chunk = handles[start:start + LOOKUP_BATCH]
            body = self.call(self.client.get_users, usage, now, usernames=chunk, user_fields=PROFILE_FIELDS,
                             expansions=["pinned_tweet_id"], tweet_fields=PINNED_FIELDS)
            pinned = {str(t["id"]): t for t in body.get("includes", {}).get("tweets", [])}
            missing = [str(e.get("value", "")) for e in body.get("errors", []) if e.get("parameter") == "usernames"]
            yield list(body.get("data") or []), pinned, missing

    def call(self, method: Callable[..., Any], usage: Usage, now: datetime, *args: Any, **kwargs: Any
             ) -> dict[str, Any]:
        """Make one request, count it and what it bills, and classify any failure."""
        usage.requests += 1
        try:
            body = method(*args, **kwargs)
        except Exception as exc:
            raise classify(exc, now) from None
        if not isinstance(body, dict):
            raise SourceError(PLATFORM, "transient", "X sent a reply that is not a JSON object")
        self._count(body, usage, now)
        return body

    def _count(self, body: dict[str, Any], usage: Usage, now: datetime) -> None:
        """Add the posts and users a reply returned, once per UTC day, as X bills them."""
        today = now.astimezone(UTC).date()
        if today != self._billed_day:
            self._billed_day, self._billed = today, set()
        data = body.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        includes = body.get("includes") or {}
        for raw in [*items, *includes.get("tweets", []), *includes.get("users", [])]:
            kind = "u" if "username" in raw else "p"
            key = f"{kind}{raw.get('id')}"
            if key in self._billed:
                continue
            self._billed.add(key)
            if kind == "u":
                usage.user_reads += 1
            else:
                usage.post_reads += 1


class _Cycle:
    """One fetch: the state shared by its steps, and the batch it fills."""

    def __init__(self, source: XSource, cursors: dict[str, str], now: datetime) -> None:
        """Start a cycle at `now` from the stored cursors."""
        self.source = source
        self.config = source.config
        self.client = source.client
        self.cursors = cursors
        self.now = now
        self.batch = Batch(platform=PLATFORM)
        self.stopped = False
        self.ids: dict[str, str] = {}  # folded handle -> user id
        self.names: dict[str, str] = {}  # user id -> username
        self.posts: dict[str, Post] = {}
        self.authors: set[str] = set()  # folded handles already in batch.accounts

    def run(self, refresh_profiles: bool) -> Batch:
        """Read profiles, plan the feeds, read them, and return the batch."""
        registered = [r.ref.handle.lstrip("@") for key, r in self.config.registry.items()
                      if key[0] == PLATFORM and r.ref.monitorable]
        for handle in registered:
            known = self.cursors.get(f"id:{handle_key(handle)}")
            if known:
                self._remember(handle, known)
        wanted = registered if refresh_profiles else [h for h in registered if handle_key(h) not in self.ids]
        self._read_profiles(wanted)
        plan = plan_reads(self._feeds(registered), self.now)
        for group in plan.searches:
            self._read_search(group)
        for feed, cursor in plan.timelines:
            self._read_timeline(feed, cursor)
        self.batch.posts = list(self.posts.values())
        self.batch.cursors.update({f"id:{key}": user_id for key, user_id in self.ids.items()})
        return self.batch

    def _remember(self, handle: str, user_id: str) -> None:
        """Note an account's id and username."""
        self.ids[handle_key(handle)] = user_id
        self.names[user_id] = handle

    def _fail(self, error: SourceError) -> None:
        """Record a failure; stop the cycle when no later request can work (rate limit, credits, token)."""
        self.batch.errors.append(error)
        if error.kind in FATAL:
            self.stopped = True
        log.warning("%s", error)

    def _read_profiles(self, handles: list[str]) -> None:
        """Read profiles (and ids) of registered accounts; name the ones X does not know."""
        if not handles or self.stopped:
            return
        try:
            for users, pinned, missing in self.source.users_by(handles, self.batch.usage, self.now):
                for raw in users:
                    self._remember(str(raw["username"]), str(raw["id"]))
                    self.batch.accounts.append(to_account(raw, self.config, pinned))
                    self.authors.add(handle_key(str(raw["username"])))
                for handle in missing:
                    self.batch.errors.append(SourceError(
                        PLATFORM, "permanent", f"@{handle} does not exist on X or is suspended (check the handle "
                        "registered in the configuration)", status=200))
        except SourceError as error:
            self._fail(error)

    def _feeds(self, registered: list[str]) -> list[tuple[Feed, Cursor]]:
        """Return every feed whose account id is known, with its cursor (a fresh one reads back a week)."""
        fresh = Cursor(snowflake_at(self.now - FIRST_LOOKBACK))
        out: list[tuple[Feed, Cursor]] = []
        for handle in registered:
            user_id = self.ids.get(handle_key(handle))
            if user_id is None:
                continue
            kinds: list[FeedKind] = ["from", "to"] if self.config.role_of(PLATFORM, handle) == "official" else ["from"]
            for kind in kinds:
                feed = Feed(kind, self.names[user_id], user_id)
                out.append((feed, Cursor.parse(self.cursors.get(feed.name)) or fresh))
        return out

    def _pages(self, method: Callable[..., Any], token_param: str, *args: Any, **params: Any) -> list[dict[str, Any]]:
        """Read every page of a listing, newest first, at most MAX_PAGES."""
        bodies: list[dict[str, Any]] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            page_params = {**params, token_param: token} if token else params
            body = self.source.call(method, self.batch.usage, self.now, *args, **page_params)
            bodies.append(body)
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                return bodies
        log.warning("more than %d posts waiting on one X read; older ones are left for the timeline to catch up",
                    MAX_PAGES * PAGE_SIZE)
        return bodies

    def _read_search(self, group: Group) -> None:
        """Read a group of feeds with one recent-search query (and its pages)."""
        if self.stopped:
            return
        expansions = REPLY_EXPANSIONS if group.kind == "to" else POST_EXPANSIONS
        extra = {"user_fields": AUTHOR_FIELDS} if group.kind == "to" else {}
        try:
            bodies = self._pages(self.client.search_recent_tweets, "next_token", group.query(),
                                 since_id=group.since_id, max_results=PAGE_SIZE, tweet_fields=POST_FIELDS,
                                 expansions=expansions, **extra)
        except SourceError as error:
            self._fail(error)
            return
        self._take(bodies, group.feeds)

    def _read_timeline(self, feed: Feed, cursor: Cursor) -> None:
        """Read one feed from its account's timeline (own posts) or mentions (replies to it)."""
        if self.stopped:
            return
        if feed.kind == "from":
            method, params = self.client.get_users_tweets, {"expansions": POST_EXPANSIONS}
        else:
            method, params = self.client.get_users_mentions, {"expansions": REPLY_EXPANSIONS,
                                                              "user_fields": AUTHOR_FIELDS}
        try:
            bodies = self._pages(method, "pagination_token", feed.user_id, since_id=cursor.since_id,
                                 max_results=PAGE_SIZE, tweet_fields=POST_FIELDS, **params)
        except SourceError as error:
            self._fail(error)
            return
        self._take(bodies, [(feed, cursor)])

    def _take(self, bodies: list[dict[str, Any]], feeds: list[tuple[Feed, Cursor]]) -> None:
        """Turn a read's pages into posts, keep the new ones, and advance its feeds' cursors."""
        raws: list[dict[str, Any]] = []
        referenced: dict[str, dict[str, Any]] = {}
        for body in bodies:
            self._per_account_errors(body)
            raws += body.get("data") or []
            includes = body.get("includes") or {}
            referenced.update({str(t["id"]): t for t in includes.get("tweets", [])})
            for user in includes.get("users", []):
                self._note_author(user)
        owned: dict[str, list[int]] = {feed.name: [] for feed, _ in feeds}
        for raw in raws:
            author = self.names.get(str(raw.get("author_id", "")))
            owners = [(f, c) for f, c in feeds if len(feeds) == 1 or f.owns(raw, author)]
            for feed, _ in owners:
                owned[feed.name].append(int(raw["id"]))
            if any(c.is_new(int(raw["id"])) for _, c in owners) or not owners:
                self._add_post(raw, author, referenced)
        for feed, cursor in feeds:
            self.batch.cursors[feed.name] = cursor.advanced(self.now, owned[feed.name]).format()

    def _per_account_errors(self, body: dict[str, Any]) -> None:
        """Report partial errors in a 200 reply (a deleted account's timeline, a suspended user)."""
        for error in body.get("errors") or []:
            if error.get("resource_type") in ("user", None) and error.get("parameter") in ("id", "usernames", None):
                self.batch.errors.append(SourceError(PLATFORM, "permanent", str(error.get("detail", "X error"))[:300],
                                                     status=200))

    def _note_author(self, raw: dict[str, Any]) -> None:
        """Learn a username from includes; record unregistered reply authors as accounts."""
        user_id, username = str(raw["id"]), str(raw["username"])
        self.names.setdefault(user_id, username)
        # Only reply authors carry a description here; a lookalike replying to residents is worth checking.
        if "description" not in raw or handle_key(username) in self.authors:
            return
        if self.config.role_of(PLATFORM, username) == "other":
            self.authors.add(handle_key(username))
            self.batch.accounts.append(to_account(raw, self.config, {}))

    def _add_post(self, raw: dict[str, Any], author: str | None, referenced: dict[str, dict[str, Any]]) -> None:
        """Map one post and keep it once."""
        post_id = str(raw["id"])
        if post_id in self.posts:
            return
        if author is None:
            log.warning("X post %s has an author the monitor cannot name; skipped", post_id)
            return
        self.posts[post_id] = self._post(raw, author, referenced)

    def _post(self, raw: dict[str, Any], author: str, referenced: dict[str, dict[str, Any]]) -> Post:
        """Map an X post object to a Post, with the shared original and the handle replied to."""
        refs = {str(r.get("type")): str(r.get("id")) for r in raw.get("referenced_tweets") or []}
        reply_to = refs.get("replied_to")
        parent = referenced.get(reply_to or "")
        reply_to_handle = self.names.get(str(raw.get("in_reply_to_user_id", ""))) or (
            self.names.get(str(parent.get("author_id", ""))) if parent else None)
        shared = None
        for wire, kind in SHARE_KINDS:
            if wire in refs:
                original = referenced.get(refs[wire], {})
                shared = SharedPost(kind=kind, post_id=refs[wire],
                                    handle=self.names.get(str(original.get("author_id", "")), ""),
                                    text=text_of(original) if original else "")
        # X gives each edit a new id and lists every version in edit_history_tweet_ids (a default field): an
        # edit is stored as the post it edits, so its findings stay the same findings.
        history = [str(i) for i in raw.get("edit_history_tweet_ids") or []]
        post_id = history[0] if history else str(raw["id"])
        return Post(platform=PLATFORM, handle=author, id=post_id,
                    created_at=parse_time(raw.get("created_at"), post_id) or self.now, text=text_of(raw),
                    role=self.config.role_of(PLATFORM, author), reply_to=reply_to, reply_to_handle=reply_to_handle,
                    conversation_id=str(raw["conversation_id"]) if raw.get("conversation_id") else None,
                    shared=shared, url=f"https://x.com/{author}/status/{post_id}", raw=raw)
