"""The Facebook adapter: the council's Page and councillors' public Pages, read through the Graph API.

The only module that imports facebook-sdk (3.1.0, unmaintained since 2018; it works with today's
requests and urllib3). It reads each registered Page's profile, its posts since a cursor, and the
comments and replies on posts that changed, and hands back platform-neutral records. Failures come
back classified in Batch.errors, never slept on. Facebook personal profiles cannot be read by any
API: they are reported in Batch.unmonitorable, never silently skipped.
See docs/platforms-facebook.md for the token, its permissions and the yearly version bump.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qs, quote, urlsplit

import facebook
import requests

from monitor.checks.base import Hit
from monitor.config import AccountRef, Config
from monitor.credentials import FACEBOOK_PAGE_TOKEN, read_secret
from monitor.logs import add_secret, quiet_chatty_loggers
from monitor.platforms.base import Batch, Recheck, Usage, Verification
from monitor.platforms.http import ErrorKind, SourceError, routed_session
from monitor.records import Account, Platform, Post, Role, handle_key

log = logging.getLogger(__name__)
T = TypeVar("T")

PLATFORM: Platform = "facebook"
GRAPH_URL = "https://graph.facebook.com"
PAGE_FIELDS = ("id,name,username,about,description,category,link,website,emails,phone,fan_count,followers_count,"
               "picture")
POST_FIELDS = "id,message,created_time,updated_time,permalink_url,from,status_type"
COMMENT_FIELDS = "id,message,created_time,from,parent,comment_count"
GRAPH_TIME = "%Y-%m-%dT%H:%M:%S%z"  # Graph writes +0000, without a colon
# Comments are read on posts this recent (and on older ones the cursor has not passed yet). The unanswered
# target is 16 office hours, at most a week over Christmas; two weeks leaves room to see late replies.
COMMENT_WINDOW = timedelta(days=14)
LISTING_LIMIT = 100  # Graph's largest page size
# A listing stops after this many pages (10,000 items): paging loops stay bounded whatever Graph sends.
MAX_LISTING_PAGES = 100
# Graph's usage headers are percentages of the allowance; stop before Graph blocks the token.
USAGE_STOP_PERCENT = 95
RATE_LIMIT_BACKOFF = timedelta(minutes=15)
# Handle of a commenter Graph does not name (a token without pages_read_user_content).
UNKNOWN_AUTHOR = "unknown"
PROFILE_REASON = ("a Facebook personal profile: Facebook lets no app read another person's profile, so it "
                  "cannot be monitored (ask the councillor to post as a public Page, or check it by hand)")
TOKEN_SUBJECT = "facebook-token"
NEEDED_SCOPES = ("pages_read_engagement", "pages_read_user_content")

# Graph error codes: developers.facebook.com/docs/graph-api/guides/error-handling and .../overview/rate-limiting.
TOKEN_CODES = frozenset({102, 190})  # the token itself is dead: every call fails until the Clerk renews it
THROTTLE_CODES = frozenset({4, 17, 32, 341, 368, 613}) | frozenset(range(80000, 80015))
PERMISSION_CODES = frozenset({3, 10}) | frozenset(range(200, 300))
TRANSIENT_CODES = frozenset({1, 2})
USERNAME_CODE = 803  # a name that is no Page: a person's profile, or nothing at all
# What the Clerk's IT contact should do about a permanent error, by code (100/33 is by subcode).
PERMANENT_HINTS = {
    2635: "the Graph API version in platforms.facebook.graph_version is retired: set a live one, see "
          "docs/platforms-facebook.md 'Graph version upkeep'",
    12: "Facebook removed a field the monitor asks for in this Graph version: update council-social-monitor",
    33: "the Page does not exist or the token cannot see it: check its handle and page_id in the config",
}
DEFAULT_PERMANENT_HINT = "this request cannot work as configured: check the Page's handle and page_id in the config"
_NUMERIC_ID = re.compile(r"^[0-9]{1,50}$")
_TOKEN_PARAM = re.compile(r"((?:access|input)_token=)[^&\s'\"]+")


@dataclass
class Failure(Exception):
    """A classified failure inside a fetch; fatal ones stop the whole fetch (the token or the host is down)."""

    error: SourceError
    fatal: bool = False
    code: int | None = None
    subcode: int | None = None


@dataclass
class _Fetch:
    """What one fetch has learned so far."""

    batch: Batch
    now: datetime
    refresh: bool
    pages: dict[str, str] = field(default_factory=dict)  # page id -> configured handle
    failed: set[str] = field(default_factory=set)  # accounts already reported: one error per account
    people: set[str] = field(default_factory=set)  # commenter handles already in batch.accounts


class FacebookSource:
    """Reads the registered Facebook Pages through facebook-sdk.

    fetch() and check_token() run one at a time (a lock): the scheduler may start the daily token
    check while a poll is running, and both count replies on the same session.
    """

    platform = PLATFORM

    def __init__(self, config: Config, token: str, session: requests.Session | None = None) -> None:
        """Build facebook-sdk's client on a routed session with a timeout, set to the configured version."""
        settings = config.platforms.facebook
        self.config = config
        self.token = token
        add_secret(token)
        quiet_chatty_loggers()  # urllib3 logs request URLs, access_token included, at DEBUG
        self.session = routed_session(GRAPH_URL, settings.timeout_seconds, settings.base_url, session=session)
        self.session.hooks["response"].append(self._on_response)
        self.graph = self._client(token)
        # A Page whose admin granted the app its own Page token (a councillor's Page) is read with that token.
        self.own_tokens = {handle_key(r.handle): t for r in self._refs() if r.monitorable
                           and (t := read_secret(config, f"{FACEBOOK_PAGE_TOKEN}.{handle_key(r.handle)}", False))}
        self._graphs = {key: self._client(value) for key, value in self.own_tokens.items()}
        self._ids: dict[str, str] = {handle_key(r.handle): r.page_id for r in self._refs() if r.page_id}
        self._usage = Usage()
        self._status: int | None = None
        self._percent = 0
        self._regain: int | None = None
        self._now = datetime.now(UTC)
        self._told: set[str] = set()  # unmonitorable accounts already explained in the log
        self._lock = threading.Lock()

    def _client(self, token: str) -> Any:
        """Return facebook-sdk's client for one token, on the shared session, at the configured version."""
        graph = facebook.GraphAPI(access_token=token, session=self.session)
        # The problem: facebook-sdk 3.1 only accepts versions 2.8-3.1 (all retired) and defaults to v2.8.
        # The fix: construct without one, then set the attribute every method builds its path from.
        # v25.0 is live until 2028-07-29; bump graph_version yearly (docs/platforms-facebook.md).
        graph.version = self.config.platforms.facebook.graph_version
        return graph

    # The Source protocol.
    def fetch(self, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
        """Fetch the Pages' profiles (when asked or unknown), posts since the cursors, and new comments."""
        with self._lock:
            return self._fetch(cursors, now, refresh_profiles)

    def check_token(self, now: datetime, usage: Usage | None = None) -> list[Hit]:
        """Return Hits for the Clerk when a Page token is invalid or expires within token_warning_days.

        Raises SourceError when the check itself cannot run (Graph throttled, down or unreachable).
        """
        with self._lock:
            self._begin(usage or Usage(), now)
            hits = self._check_one(self.graph, self.token, None, now)
            for ref in self._refs():
                key = handle_key(ref.handle)
                if key in self._graphs:
                    hits += self._check_one(self._graphs[key], self.own_tokens[key], ref.handle, now)
            return hits

    def verify(self, now: datetime) -> Verification:
        """Check each Page token (debug_token), then that each registered Page exists and is a Page, by its name
        (one request a Page): a personal profile listed as a Page, an unknown name, a page_id that is another's."""
        found = Verification(PLATFORM)
        try:
            hits = self.check_token(now, found.usage)
        except SourceError as error:
            found.problems.append((None, f"the Page token could not be checked: {error.message}"))
            return found
        for hit in hits:
            fatal = hit.evidence.get("is_valid") is False or hit.evidence.get("subject") != TOKEN_SUBJECT
            (found.problems if fatal else found.warnings).append((None, hit.message))
        if not found.problems:
            found.confirmed.append("the Page token is valid" + (", with a warning" if found.warnings else ""))
        with self._lock:
            self._begin(found.usage, now)
            for ref in self._refs():
                if ref.monitorable:
                    self._verify_page(ref, found)
        return found

    def _verify_page(self, ref: AccountRef, found: Verification) -> None:
        """Look one Page up by its name; note what is wrong with its entry in the config."""
        graph = self._graph_for(ref)
        try:
            raw = self._call(ref.handle, lambda: graph.get_object(ref.handle, fields="id,username,name"))
        except Failure as failure:
            if failure.code not in TOKEN_CODES:  # a dead token is reported once, by the token check
                found.problems.append((ref, page_problem(ref, failure)))
            return
        page_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if ref.page_id and page_id and ref.page_id != page_id:
            found.problems.append((ref, f"page_id {ref.page_id} is not the id of the Page {ref.handle}: Facebook "
                                        f"gives it the id {page_id} (set page_id = \"{page_id}\", or leave page_id "
                                        "out and the monitor looks it up)"))
        else:
            found.confirmed.append(f"the Page {ref.handle} exists (id {page_id or 'not given'})")

    def _fetch(self, cursors: dict[str, str], now: datetime, refresh: bool) -> Batch:
        """Fetch every registered Page, account by account."""
        state = _Fetch(Batch(platform=PLATFORM), now, refresh)
        self._begin(state.batch.usage, now)
        readable = []
        for ref in self._refs():
            if ref.monitorable:
                readable.append(ref)
            else:
                state.batch.unmonitorable.append(self._unmonitorable(ref))
        # Every Page id first, so a councillor's Page commenting on the council's post is known as theirs.
        for step in (self._resolve, self._read_page):
            for ref in readable:
                if ref.handle not in state.failed and not self._attempt(state, ref, partial(step, ref, cursors, state)):
                    return state.batch
        return state.batch

    def recheck(self, posts: list[Post], accounts: list[Account], now: datetime) -> Recheck:
        """Re-read posts and comments (GET /{id}) and profiles by id, one request each.

        Graph's error 100 with subcode 33 (the object "does not exist, cannot be loaded due to missing
        permissions") on something the token read before means it was deleted: "deleted" for a post or a
        comment, "gone" for a Page. Other failures are left for the next re-check.
        """
        with self._lock:
            found = Recheck(PLATFORM)
            self._begin(found.usage, now)
            refs = {handle_key(r.ref.handle): r.ref for r in self.config.registry.values()
                    if r.ref.platform == PLATFORM}
            try:
                for post in posts:
                    self._recheck_post(post, refs.get(handle_key(post.handle)), found)
                for account in accounts:
                    self._recheck_account(account, refs.get(handle_key(account.handle)), found)
            except Failure as failure:  # a fatal one: the token or the host is down
                found.errors.append(failure.error)
            return found

    def _recheck_post(self, post: Post, ref: AccountRef | None, found: Recheck) -> None:
        """Read one post (a comment, when it answers another) again by its id."""
        graph = self._graph_for(ref) if ref is not None else self.graph
        fields = COMMENT_FIELDS if post.reply_to else POST_FIELDS
        raw = self._recheck_call(f"{post.handle} post {post.id}", lambda: graph.get_object(post.id, fields=fields),
                                 found)
        if raw is None:
            found.gone_posts[post.id] = "deleted"
        elif raw:
            message = raw.get("message")
            found.posts.append(replace(post, text=message if isinstance(message, str) else "", raw=raw))
            found.usage.post_reads += 1

    def _recheck_account(self, account: Account, ref: AccountRef | None, found: Recheck) -> None:
        """Read a registered Page's profile again (anyone else's: a Page token reading a person gets the
        same 100/33 as for one deleted, so their absence would prove nothing)."""
        if ref is None or not ref.monitorable:
            return
        graph = self._graph_for(ref)
        ident = account.account_id or ref.page_id or ref.handle
        raw = self._recheck_call(f"{ref.handle} profile", lambda: graph.get_object(ident, fields=PAGE_FIELDS), found)
        if raw is None:
            found.gone_accounts[handle_key(account.handle)] = "gone"
            return
        fresh = page_account(raw, ref, self.config.role_of(PLATFORM, ref.handle)) if raw else None
        if fresh is not None:
            found.accounts.append(fresh)
            found.usage.user_reads += 1

    def _recheck_call(self, where: str, request: Callable[[], Any], found: Recheck) -> dict[str, Any] | None:
        """Return the object read, None when Graph says it is gone (100/33), {} after any other failure."""
        try:
            raw = self._call(where, request)
        except Failure as failure:
            if failure.code == 100 and failure.subcode == 33:
                return None
            if failure.fatal:
                raise
            found.errors.append(failure.error)
            return {}
        return raw if isinstance(raw, dict) else {}

    def _check_one(self, graph: Any, token: str, handle: str | None, now: datetime) -> list[Hit]:
        """Ask debug_token about one token (with itself as the access token) and judge the answer."""
        where = f"{handle} token check" if handle else "token check"
        try:
            reply = self._call(where, lambda: graph.request(f"{graph.version}/debug_token", {"input_token": token}))
        except Failure as failure:
            if failure.code in TOKEN_CODES:
                return [_invalid_token_hit(failure.error.message, handle or self._token_handle(None))]
            raise failure.error from None
        data = reply.get("data") if isinstance(reply, dict) else None
        if not isinstance(data, dict):
            raise SourceError(PLATFORM, "transient", f"{where}: Graph's debug_token reply had no data")
        handle = handle or self._token_handle(data.get("profile_id"))
        return token_hits(data, now, self.config.platforms.facebook.token_warning_days, handle, self._scrub)

    # One fetch, account by account.
    def _attempt(self, state: _Fetch, ref: AccountRef, step: Callable[[], None]) -> bool:
        """Run one account's step; record its failure; say whether the fetch may go on."""
        try:
            step()
        except Failure as failure:
            state.failed.add(ref.handle)
            state.batch.errors.append(failure.error)
            log.debug("facebook fetch: %s", failure.error)
            return not failure.fatal
        return True

    def _resolve(self, ref: AccountRef, cursors: dict[str, str], state: _Fetch) -> None:
        """Learn a Page's id, reading its profile when asked to or when the id is unknown."""
        key = handle_key(ref.handle)
        page_id = self._ids.get(key) or cursors.get(f"page-id:{key}")
        if page_id and not state.refresh:
            self._ids[key] = page_id
            state.pages[page_id] = ref.handle
            return
        graph = self._graph_for(ref)
        raw = self._call(f"{ref.handle} profile", lambda: graph.get_object(page_id or ref.handle, fields=PAGE_FIELDS))
        account = page_account(raw, ref, self.config.role_of(PLATFORM, ref.handle))
        if account is None:
            raise _unexpected(f"{ref.handle} profile", "no numeric Page id in the reply")
        assert account.account_id is not None
        state.batch.usage.user_reads += 1
        state.batch.accounts.append(account)
        self._ids[key] = account.account_id
        state.pages[account.account_id] = ref.handle
        state.batch.cursors[f"page-id:{key}"] = account.account_id
        _note_renamed_page(raw, ref)

    def _read_page(self, ref: AccountRef, cursors: dict[str, str], state: _Fetch) -> None:
        """Read a Page's posts since its cursor, then the comments on posts that changed."""
        page_id = self._ids[handle_key(ref.handle)]
        posts_key, activity_key = f"posts:{page_id}", f"activity:{page_id}"
        seen, active = parse_cursor(cursors.get(posts_key)), parse_cursor(cursors.get(activity_key))
        raw_posts = self._posts(ref, page_id, seen, state.now)
        role = self.config.role_of(PLATFORM, ref.handle)
        posts = [(raw, post) for raw in raw_posts if (post := post_record(raw, ref.handle, role)) is not None]
        state.batch.posts.extend(post for _, post in posts)
        state.batch.usage.post_reads += len(posts)
        _advance(state.batch.cursors, posts_key, seen, [post.created_at for _, post in posts])
        updated = [parse_time(raw.get("updated_time")) or post.created_at for raw, post in posts]
        for (_, post), changed in zip(posts, updated, strict=True):
            # >=, not >: a comment in the same second as the cursor must not be missed.
            if state.refresh or active is None or changed >= active:
                self._read_comments(self._graph_for(ref), post, state)
        _advance(state.batch.cursors, activity_key, active, updated)

    def _posts(self, ref: AccountRef, page_id: str, seen: datetime | None, now: datetime) -> list[dict[str, Any]]:
        """Return a Page's posts since the cursor (or the comment window, whichever is older)."""
        window = now - COMMENT_WINDOW
        since = min(seen, window) if seen else window
        args = {"fields": POST_FIELDS, "limit": LISTING_LIMIT, "since": int(since.timestamp())}
        graph = self._graph_for(ref)
        posts = self._listing(f"{ref.handle} posts", graph, page_id, "posts", args)
        if not posts and seen is None:
            # First look at a quiet Page: its newest post, however old, tells the unattended check how quiet.
            reply = self._call(f"{ref.handle} posts", lambda: graph.get_connections(
                page_id, "posts", fields=POST_FIELDS, limit=1))
            posts = _items(reply, f"{ref.handle} posts")
        return posts

    def _read_comments(self, graph: Any, post: Post, state: _Fetch) -> None:
        """Read every comment and reply on a post (filter=stream gives replies with their parent)."""
        args = {"fields": COMMENT_FIELDS, "filter": "stream", "order": "chronological", "limit": LISTING_LIMIT}
        authors: dict[str, str] = {}
        for raw in self._listing(f"{post.handle} comments on {post.id}", graph, post.id, "comments", args):
            record = comment_record(raw, post, authors, state.pages, self.config)
            if record is None:
                continue
            state.batch.posts.append(record)
            state.batch.usage.post_reads += 1
            if record.handle != UNKNOWN_AUTHOR:
                authors[record.id] = record.handle
            self._note_commenter(raw.get("from"), record, state)

    def _note_commenter(self, author: Any, record: Post, state: _Fetch) -> None:
        """Add a commenter's name as an account once, so lookalike checks see who comments as whom."""
        if record.handle == UNKNOWN_AUTHOR or record.role != "other" or record.handle in state.people:
            return
        name = author.get("name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip():
            state.people.add(record.handle)
            state.batch.accounts.append(Account(platform=PLATFORM, handle=record.handle, role="other",
                                                display_name=name, account_id=record.handle))

    # Talking to Graph.
    def _listing(self, where: str, graph: Any, node: str, edge: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        """Return an edge's items, following paging.next.

        The problem: facebook-sdk's get_all_connections follows `next` without end and raises KeyError
        when a `next` URL lacks access_token. The fix: the same walk, bounded, reading `next`'s query.
        """
        items: list[dict[str, Any]] = []
        for _ in range(MAX_LISTING_PAGES):
            reply = self._call(where, partial(graph.get_connections, node, edge, **args))
            items.extend(_items(reply, where))
            next_args = _next_args(reply)
            if next_args is None or next_args == args:
                return items
            args = next_args
        log.warning("%s: stopped after %d pages of %s", where, MAX_LISTING_PAGES, edge)
        return items

    def _call(self, where: str, request: Callable[[], T]) -> T:
        """Run one facebook-sdk call; turn every failure into a classified Failure without the token."""
        if self._percent >= USAGE_STOP_PERCENT:
            raise Failure(SourceError(PLATFORM, "rate_limited", f"{where}: Graph reports {self._percent}% of the "
                                      "allowance used; polling pauses before Facebook blocks the token",
                                      self._retry_at()), fatal=True)
        self._status = None
        try:
            return request()
        # facebook-sdk lets requests' exceptions through (its HTTPError catch is dead code), reads the
        # Content-Type header unguarded (KeyError) and parses JSON bodies unguarded (ValueError).
        except (facebook.GraphAPIError, requests.RequestException, ValueError, KeyError) as exc:
            if self._status is None:
                self._usage.requests += 1  # no reply came back (a timeout, a refused connection)
            raise self._classify(exc, where) from None

    def _classify(self, exc: Exception, where: str) -> Failure:
        """Return the Failure an exception from facebook-sdk stands for."""
        if isinstance(exc, facebook.GraphAPIError):
            return self._graph_failure(exc, where)
        if isinstance(exc, requests.Timeout):
            return _transient(f"{where}: Facebook did not answer within "
                              f"{self.config.platforms.facebook.timeout_seconds:g} s; the next poll retries", True)
        if isinstance(exc, requests.exceptions.JSONDecodeError | json.JSONDecodeError):
            return _transient(f"{where}: Facebook sent malformed JSON; the next poll retries", False, self._status)
        if isinstance(exc, requests.ConnectionError):
            return _transient(f"{where}: cannot reach graph.facebook.com ({self._scrub(_reason(exc))}); "
                              "check the server's network and DNS", True)
        if isinstance(exc, requests.RequestException):  # the HTTP layer itself: every call would fail alike
            return _transient(f"{where}: request failed: {self._scrub(str(exc))[:300]}", True, self._status)
        if isinstance(exc, KeyError):
            return _transient(f"{where}: Facebook sent a reply without a Content-Type; the next poll retries",
                              False, self._status)
        return _transient(f"{where}: Facebook sent a reply that cannot be read; the next poll retries", False,
                          self._status)

    def _graph_failure(self, exc: facebook.GraphAPIError, where: str) -> Failure:
        """Classify a Graph error body by its code (the HTTP status says little on Graph)."""
        code = exc.code if isinstance(exc.code, int) and not isinstance(exc.code, bool) else None
        error = exc.result.get("error") if isinstance(exc.result, dict) else None
        error = error if isinstance(error, dict) else {}
        subcode = error.get("error_subcode")
        text = self._scrub(str(exc.message))[:500]
        label = f"Graph error {code}" + (f"/{subcode}" if isinstance(subcode, int) else "") if code else "Graph"
        kind, hint, fatal = _graph_kind(code, error.get("is_transient") is True, self._status)
        key = subcode if code == 100 else code
        if kind == "permanent" and isinstance(key, int):
            hint = PERMANENT_HINTS.get(key, DEFAULT_PERMANENT_HINT)
        retry = self._retry_at() if kind == "rate_limited" else None
        message = f"{where}: {label}: {text} ({hint})"
        return Failure(SourceError(PLATFORM, kind, message, retry, self._status), fatal=fatal, code=code,
                       subcode=subcode if isinstance(subcode, int) else None)

    def _retry_at(self) -> datetime:
        """Return when Graph says access returns (X-Business-Use-Case-Usage), else after a backoff."""
        return self._now + (timedelta(minutes=self._regain) if self._regain else RATE_LIMIT_BACKOFF)

    def _on_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Count a reply and remember its status and Graph's usage figures (a requests response hook)."""
        self._usage.requests += 1
        self._status = response.status_code
        percent, regain = read_usage(response.headers)
        if percent is not None:
            self._percent = percent
        self._regain = regain

    def _begin(self, usage: Usage, now: datetime) -> None:
        """Start counting for one fetch; usage seen by an earlier fetch has decayed since."""
        self._usage, self._now = usage, now
        self._percent, self._regain, self._status = 0, None, None

    # Small helpers.
    def _graph_for(self, ref: AccountRef) -> Any:
        """Return the client for a Page: its own token's if it has one, else the council's."""
        return self._graphs.get(handle_key(ref.handle), self.graph)

    def _refs(self) -> list[AccountRef]:
        """Return the registered Facebook accounts, the council's first."""
        return [r.ref for r in self.config.registry.values() if r.ref.platform == PLATFORM]

    def _unmonitorable(self, ref: AccountRef) -> Account:
        """Return the record of an account no API can read, and say why in the log (once)."""
        if ref.handle not in self._told:
            self._told.add(ref.handle)
            log.info("facebook: %s is %s", ref.handle, PROFILE_REASON)
        return Account(platform=PLATFORM, handle=ref.handle, role=self.config.role_of(PLATFORM, ref.handle),
                       monitorable=False)

    def _token_handle(self, profile_id: Any) -> str | None:
        """Return the handle of the Page a token belongs to, else the council's first Facebook account."""
        refs = self._refs()
        for ref in refs:
            if profile_id and self._ids.get(handle_key(ref.handle)) == str(profile_id):
                return ref.handle
        official = [r for r in refs if self.config.role_of(PLATFORM, r.handle) == "official"]
        return official[0].handle if official else None

    def _scrub(self, text: str) -> str:
        """Remove the token from a text (facebook-sdk and requests put it in URLs and messages)."""
        text = _TOKEN_PARAM.sub(r"\1***", text)
        for token in (self.token, *self.own_tokens.values()):
            for form in {token, quote(token, safe=""), quote(token)}:
                if form:
                    text = text.replace(form, "***")
        return text


def page_problem(ref: AccountRef, failure: Failure) -> str:
    """Return what a failed lookup of a Page by its name means for its entry in the config.

    Graph tells a personal profile from a missing name only by its message: both are error #803,
    "Cannot query users by their username (NAME)" and "Some of the aliases you requested do not exist".
    """
    message = failure.error.message
    if failure.code == USERNAME_CODE and "Cannot query users by their username" in message:
        return (f"{ref.handle} is a personal profile, not a Page: set kind = \"profile\" for it (no API can "
                "read a personal profile; the monitor then lists it as not monitorable)")
    if failure.code == USERNAME_CODE or (failure.code == 100 and "does not exist" in message):
        return (f"Facebook has no Page called {ref.handle!r} (check the handle: it is the name in the Page's "
                "address, facebook.com/NAME)")
    return message


def _graph_kind(code: int | None, transient: bool, status: int | None) -> tuple[ErrorKind, str, bool]:
    """Return (kind, hint for the Clerk, fatal) for a Graph error code."""
    if code in TOKEN_CODES:
        return ("auth", "the Page token has expired or was revoked: a Page admin must make a new one, see "
                "docs/platforms-facebook.md 'Renewing the token'", True)
    if code in THROTTLE_CODES:
        return "rate_limited", "Facebook is throttling this app; polling resumes by itself", True
    if code in PERMISSION_CODES:
        return ("auth", "the token may not read this Page: its admin must grant access, or the app needs Page "
                "Public Content Access, see docs/platforms-facebook.md", False)
    if code is None or code in TRANSIENT_CODES or transient or (status or 0) >= 500:
        return "transient", "Facebook had a problem; the next poll retries", False
    # A retired version fails every call alike; other permanent errors concern one Page or post.
    return "permanent", DEFAULT_PERMANENT_HINT, code == 2635


def _transient(message: str, fatal: bool, status: int | None = None) -> Failure:
    """Return a transient Failure."""
    return Failure(SourceError(PLATFORM, "transient", message, None, status), fatal=fatal)


def _unexpected(where: str, what: str) -> Failure:
    """Return the Failure for a reply of the wrong shape."""
    return _transient(f"{where}: unexpected reply from Facebook ({what}); the next poll retries", False)


def _reason(exc: requests.ConnectionError) -> str:
    """Return the innermost cause of a connection error (not the URL requests wraps around it)."""
    cause: BaseException = exc
    for _ in range(5):
        inner = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
        if inner is None or inner is cause:
            break
        cause = inner
    return type(cause).__name__ + (f": {str(cause).split(': ')[-1]}" if str(cause) else "")


def _items(reply: Any, where: str) -> list[dict[str, Any]]:
    """Return a listing's `data` items that are objects; a reply without a data list is a failure."""
    data = reply.get("data") if isinstance(reply, dict) else None
    if not isinstance(data, list):
        raise _unexpected(where, "no data list")
    return [item for item in data if isinstance(item, dict)]


def _next_args(reply: dict[str, Any]) -> dict[str, Any] | None:
    """Return the query of paging.next without access_token (facebook-sdk adds its own), or None at the end."""
    paging = reply.get("paging")
    link = paging.get("next") if isinstance(paging, dict) else None
    if not isinstance(link, str) or not link:
        return None
    query = parse_qs(urlsplit(link).query)
    return {name: values[-1] for name, values in query.items() if name != "access_token"}


def _advance(cursors: dict[str, str], name: str, old: datetime | None, times: list[datetime]) -> None:
    """Set a cursor to the newest time seen, if that is newer than the saved one."""
    newest = max(times, default=None)
    if newest is not None and (old is None or newest > old):
        cursors[name] = newest.astimezone(UTC).isoformat()


def _note_renamed_page(raw: Mapping[str, Any], ref: AccountRef) -> None:
    """Warn when a Page's username no longer matches the configured handle."""
    username = raw.get("username")
    if isinstance(username, str) and username and not _NUMERIC_ID.match(ref.handle) \
            and handle_key(username) != handle_key(ref.handle):
        log.warning("facebook: the Page configured as %r is now called %r on Facebook; update the config",
                    ref.handle, username)


# Graph JSON -> records.
def parse_time(value: Any) -> datetime | None:
    """Return an aware datetime from Graph's 2026-11-16T09:00:00+0000, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, GRAPH_TIME)
    except ValueError:
        return None


def parse_cursor(value: str | None) -> datetime | None:
    """Return a saved cursor's time, or None when absent or unreadable (the fetch then starts afresh)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        log.warning("facebook: ignoring unreadable cursor %r", value[:40])
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def safe_url(value: Any) -> str | None:
    """Return an http(s) URL, or None: reports and alerts link to it."""
    if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 2048:
        return value
    return None


def page_account(raw: Any, ref: AccountRef, role: Role) -> Account | None:
    """Return a Page's profile as an Account (bio: its about and description), or None without an id."""
    if not isinstance(raw, dict) or not _NUMERIC_ID.match(str(raw.get("id", ""))):
        return None
    texts = [t.strip() for t in (raw.get("about"), raw.get("description")) if isinstance(t, str) and t.strip()]
    followers = raw.get("followers_count", raw.get("fan_count"))
    name = raw.get("name")
    return Account(platform=PLATFORM, handle=ref.handle, role=role, display_name=name if isinstance(name, str) else "",
                   bio="\n\n".join(dict.fromkeys(texts)), account_id=str(raw["id"]), url=safe_url(raw.get("link")),
                   followers_count=followers if isinstance(followers, int) and not isinstance(followers, bool)
                   else None, avatar_url=picture_url(raw.get("picture")), raw=raw)


def picture_url(picture: Any) -> str | None:
    """Return a Page's own profile picture URL; None for Graph's grey silhouette or a malformed field."""
    data = picture.get("data") if isinstance(picture, dict) else None
    if not isinstance(data, dict) or data.get("is_silhouette") is not False:
        return None  # a silhouette is everyone's: hashing it would match every Page without a picture
    return safe_url(data.get("url"))


def post_record(raw: dict[str, Any], handle: str, role: Role) -> Post | None:
    """Return a Page's post as a Post, or None when Graph sent no id or time."""
    created, post_id = parse_time(raw.get("created_time")), raw.get("id")
    if created is None or not isinstance(post_id, str) or not post_id:
        log.warning("facebook: skipped a post of %s without a valid id or created_time", handle)
        return None
    message = raw.get("message")
    return Post(platform=PLATFORM, handle=handle, id=post_id, created_at=created,
                text=message if isinstance(message, str) else "", role=role, conversation_id=post_id,
                url=safe_url(raw.get("permalink_url")), raw=raw)


def comment_record(raw: dict[str, Any], post: Post, authors: dict[str, str], pages: dict[str, str],
                   config: Config) -> Post | None:
    """Return a comment as a Post replying to the post, or a reply as a Post replying to its comment."""
    created, comment_id = parse_time(raw.get("created_time")), raw.get("id")
    if created is None or not isinstance(comment_id, str) or not comment_id:
        log.warning("facebook: skipped a comment on %s without a valid id or created_time", post.id)
        return None
    handle = author_handle(raw.get("from"), pages)
    parent = raw.get("parent") if isinstance(raw.get("parent"), dict) else None
    parent_id = parent.get("id") if parent and isinstance(parent.get("id"), str) else None
    if parent_id:
        reply_to, to_handle = parent_id, authors.get(parent_id)
        if to_handle is None and parent and isinstance(parent.get("from"), dict):
            to_handle = author_handle(parent["from"], pages)
    else:
        reply_to, to_handle = post.id, post.handle
    message = raw.get("message")
    return Post(platform=PLATFORM, handle=handle, id=comment_id, created_at=created,
                text=message if isinstance(message, str) else "", role=config.role_of(PLATFORM, handle),
                reply_to=reply_to, reply_to_handle=to_handle, conversation_id=post.id,
                url=comment_url(post.url, comment_id, parent_id), raw=raw)


def author_handle(author: Any, pages: dict[str, str]) -> str:
    """Return a valid handle for a comment's author: a registered Page's handle, else the numeric id.

    Graph gives users no username, and leaves `from` out without a Page token that has
    pages_read_user_content; such authors are UNKNOWN_AUTHOR. Only digits are taken from Graph,
    so no commenter can pass for a registered vanity name.
    """
    ident = author.get("id") if isinstance(author, dict) else None
    ident = str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else ""
    if ident in pages:
        return pages[ident]
    return ident if _NUMERIC_ID.match(ident) else UNKNOWN_AUTHOR


def comment_url(post_url: str | None, comment_id: str, parent_id: str | None) -> str | None:
    """Return the link Facebook uses for a comment (comment_id=, plus reply_comment_id= for a reply)."""
    if not post_url:
        return None
    own = comment_id.split("_")[-1]
    query = f"comment_id={parent_id.split('_')[-1]}&reply_comment_id={own}" if parent_id else f"comment_id={own}"
    return f"{post_url}{'&' if '?' in post_url else '?'}{query}"


def read_usage(headers: Mapping[str, str]) -> tuple[int | None, int | None]:
    """Return (highest usage percent, minutes until access returns) from Graph's usage headers."""
    percents: list[float] = []
    regains: list[int] = []
    for name in ("x-app-usage", "x-page-usage", "x-business-use-case-usage"):
        try:
            data = json.loads(headers.get(name) or "null")
        except ValueError:
            continue
        for entry in _usage_entries(data):
            percents += [v for k, v in entry.items() if k in ("call_count", "total_time", "total_cputime")
                         and isinstance(v, int | float) and not isinstance(v, bool)]
            regain = entry.get("estimated_time_to_regain_access")
            if isinstance(regain, int) and not isinstance(regain, bool) and 0 < regain < 60 * 24 * 7:
                regains.append(regain)
    return (int(max(percents)) if percents else None), max(regains, default=None)


def _usage_entries(data: Any) -> Iterator[dict[str, Any]]:
    """Yield the usage objects of X-App-Usage ({...}) and X-Business-Use-Case-Usage ({id: [{...}]})."""
    if not isinstance(data, dict):
        return
    if any(k in data for k in ("call_count", "total_time", "total_cputime")):
        yield data
        return
    for value in data.values():
        if isinstance(value, list):
            yield from (v for v in value if isinstance(v, dict))


# The token check.
def _epoch(value: Any) -> datetime | None:
    """Return a debug_token Unix time as a datetime; 0 (never) or junk gives None."""
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def token_hits(data: dict[str, Any], now: datetime, warning_days: int, handle: str | None,
               scrub: Callable[[str], str]) -> list[Hit]:
    """Return Hits for an invalid token, one expiring within warning_days, or one missing a read permission."""
    if data.get("is_valid") is not True:
        error = data.get("error")
        detail = str(error.get("message", "")) if isinstance(error, dict) else ""
        return [_invalid_token_hit(scrub(detail)[:300] or "Facebook says the token is not valid", handle)]
    hits = []
    deadlines = [(when, what) for when, what in ((_epoch(data.get("expires_at")), "expires"),
                 (_epoch(data.get("data_access_expires_at")), "loses access to Page data")) if when]
    if deadlines:
        when, what = min(deadlines)
        if when - now <= timedelta(days=warning_days):
            hits.append(_expiry_hit(when, what, now, handle))
    scopes = data.get("scopes")
    missing = [s for s in NEEDED_SCOPES if isinstance(scopes, list) and s not in scopes]
    if missing:
        hits.append(Hit(
            message=f"The Facebook Page token lacks {', '.join(missing)}: without it the monitor cannot see "
                    "comments or who wrote them. Make a new token with these permissions "
                    "(docs/platforms-facebook.md).",
            evidence={"subject": "facebook-token-scopes", "missing": missing}, platform=PLATFORM, handle=handle))
    return hits


def _expiry_hit(when: datetime, what: str, now: datetime, handle: str | None) -> Hit:
    """Return the Hit for a token about to expire (or lose data access)."""
    days_left = (when - now).days
    return Hit(
        message=f"The Facebook Page token {what} on {when:%d %B %Y} ({days_left} days left): a Page admin "
                "should make a new long-lived token before then (docs/platforms-facebook.md, "
                "'Renewing the token'), or Facebook monitoring stops.",
        evidence={"subject": TOKEN_SUBJECT, "expires_at": when.isoformat(), "days_left": days_left,
                  "is_valid": True, "what": what},
        platform=PLATFORM, handle=handle, severity="high" if days_left <= 3 else "medium")


def _invalid_token_hit(detail: str, handle: str | None) -> Hit:
    """Return the Hit for a token Facebook no longer accepts."""
    return Hit(
        message="The Facebook Page token is no longer valid, so Facebook is not being monitored: a Page admin "
                f"must make a new one (docs/platforms-facebook.md, 'Renewing the token'). Facebook said: {detail}",
        evidence={"subject": TOKEN_SUBJECT, "expires_at": None, "days_left": 0, "is_valid": False},
        platform=PLATFORM, handle=handle, severity="high")
