"""Local Mastodon instances: the REST API reads the Mastodon adapter makes, with the real entities' shapes.

One server stands in for every instance: instance INSTANCE is served under BASE_URL/INSTANCE (so
Mastodon.py's api_base_url is http://127.0.0.1:PORT/INSTANCE). Shapes follow docs.joinmastodon.org's
entities: Account (acct relative to the instance asked, note as HTML, fields with verified_at), Status
(content as HTML, ids as strings, reblog nesting the original, in_reply_to_*), Context (ancestors,
descendants); errors are {"error": "..."} with 404, 401 or 429; every reply carries X-RateLimit-Limit,
-Remaining and -Reset (ISO 8601), counted per instance in five-minute windows (300 requests, the default).
Lists are newest first with a Link header (rel="next" by max_id, rel="prev" by min_id).

Scenario format ("NAME.mastodon.json"): {"accounts": [{"acct" (user@instance), "display_name", "note",
"fields"? [[name, value]], "created_at"?, "followers"?}], "posts": [{"key"?, "author" (acct), "at" (time or
offset), "text", "reply_to"? (a key), "reblog_of"? (a key)}], "token_only"? [instances whose API refuses
anonymous account search]}. Posts dated after the sandbox's clock appear as it moves on.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.sandbox.clock import Clock, resolve_time
from monitor.sandbox.server import Request, Response, SandboxServer

RATE_LIMIT = 300  # per window per instance, Mastodon's default for an IP or account
RATE_WINDOW_SECONDS = 300
MAX_LIMIT = 40  # account statuses and search answer at most 40 a page
_PATH = re.compile(r"^/(?P<instance>[a-z0-9.-]+)(?P<api>/api/v[12]/.*)$")


def iso(when: datetime) -> str:
    """Return Mastodon's datetime format: UTC, milliseconds, Z."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def snowflake(at: datetime, serial: int) -> str:
    """Return a Mastodon id: milliseconds since the epoch shifted 16 bits, plus a sequence (time-sortable)."""
    return str((int(at.timestamp() * 1000) << 16) | (serial & 0xFFFF))


@dataclass
class MastoAccount:
    """One account on one instance."""

    id: str
    username: str
    domain: str
    display_name: str = ""
    note: str = ""  # plain text; served as HTML
    fields: list[tuple[str, str]] = field(default_factory=list)
    created_at: datetime = datetime(2023, 1, 1, tzinfo=UTC)
    followers: int = 0
    status: str = ""  # "" when active, "suspended" by its instance's moderators, "gone" when deleted
    moved_to: str | None = None  # the account id it moved to (account migration)

    @property
    def acct(self) -> str:
        """Return username@domain."""
        return f"{self.username}@{self.domain}"


@dataclass
class MastoStatus:
    """One status (or reblog) with the account that made it."""

    id: str
    author: str  # account id
    text: str
    at: datetime
    reply_to: str | None = None  # status id
    reblog_of: str | None = None
    deleted: bool = False


class MastodonSandbox(Clock, SandboxServer):
    """Mastodon instances' public REST API on 127.0.0.1."""

    name = "mastodon"

    def __init__(self, scenario: dict[str, Any] | None = None, now: datetime | None = None,
                 live: bool = False) -> None:
        """Load a scenario on a clock set to `now` (following the wall clock when live)."""
        super().__init__()
        self.start_clock(now, live)
        self.accounts: dict[str, MastoAccount] = {}  # id -> account
        self.statuses: dict[str, MastoStatus] = {}  # id -> status
        self._by_author: dict[str, list[MastoStatus]] = {}  # account id -> its statuses (busy scenarios stay quick)
        self.token_only: set[str] = set()  # instances whose account search needs a token
        self.before_4_3: set[str] = set()  # instances too old for GET /api/v1/accounts?id[]= (404, as Mastodon < 4.3)
        self.tokens_seen: dict[str, list[str]] = {}  # instance -> bearer tokens sent to it
        self._keys: dict[str, str] = {}
        self._serial = 0
        self._windows: dict[str, tuple[int, int]] = {}  # instance -> (window number, requests in it)
        # Requests per window per instance; a benchmark running cycles back to back lifts it.
        self.rate_limit = RATE_LIMIT
        if scenario:
            self.load(scenario)

    # -- loading and changing -----------------------------------------------------------------------

    def load(self, scenario: dict[str, Any]) -> None:
        """Add a scenario's accounts, then its posts in order (a post may name earlier ones by key)."""
        now = self.now()
        for entry in scenario.get("accounts", []):
            self.add_account(entry["acct"], entry.get("display_name", ""), entry.get("note", ""),
                             fields=[(str(f[0]), str(f[1])) for f in entry.get("fields", [])],
                             followers=int(entry.get("followers", 0)),
                             created_at=resolve_time(entry.get("created_at", "2023-01-01T00:00:00Z"), now))
        for entry in scenario.get("posts", []):
            made = self.add_status(entry["author"], entry.get("text", ""), resolve_time(entry.get("at", "-1h"), now),
                                   reply_to=self._keys[entry["reply_to"]] if entry.get("reply_to") else None,
                                   reblog_of=self._keys[entry["reblog_of"]] if entry.get("reblog_of") else None)
            if entry.get("key"):
                self._keys[entry["key"]] = made
        self.token_only |= set(scenario.get("token_only", []))

    def add_account(self, acct: str, display_name: str = "", note: str = "",
                    fields: list[tuple[str, str]] | None = None, followers: int = 0,
                    created_at: datetime | None = None) -> str:
        """Add an account (user@instance) and return its id."""
        username, _, domain = acct.lstrip("@").partition("@")
        with self._data_lock:
            self._serial += 1
            made = created_at or datetime(2023, 1, 1, tzinfo=UTC)
            account = MastoAccount(snowflake(made, self._serial), username, domain.casefold(), display_name, note,
                                   list(fields or []), made, followers)
            self.accounts[account.id] = account
            return account.id

    def add_status(self, author: str, text: str, at: datetime | None = None, reply_to: str | None = None,
                   reblog_of: str | None = None) -> str:
        """Add a status (or a reblog of reblog_of) by an account's acct; return its id."""
        with self._data_lock:
            account = self.account(author)
            self._serial += 1
            at = at or self.now()
            status = MastoStatus(snowflake(at, self._serial), account.id, text, at, reply_to, reblog_of)
            self.statuses[status.id] = status
            self._by_author.setdefault(account.id, []).append(status)
            return status.id

    def delete(self, status_id: str) -> None:
        """Delete a status: it leaves timelines and contexts, and reading it gives 404."""
        with self._data_lock:
            self.statuses[status_id].deleted = True

    def set_note(self, acct: str, note: str) -> None:
        """Change an account's bio."""
        with self._data_lock:
            self.account(acct).note = note

    def move(self, acct: str, new_acct: str) -> None:
        """Move an account to another (both must exist), as Mastodon's account migration does."""
        with self._data_lock:
            self.account(acct).moved_to = self.account(new_acct).id

    def suspend(self, acct: str) -> None:
        """Suspend an account as its instance's moderators do."""
        with self._data_lock:
            self.account(acct).status = "suspended"

    def remove(self, acct: str) -> None:
        """Delete an account: every read of it gives 404."""
        with self._data_lock:
            self.account(acct).status = "gone"

    def key(self, name: str) -> str:
        """Return the id of a scenario status by its key."""
        return self._keys[name]

    def account(self, acct_or_id: str) -> MastoAccount:
        """Return an account by id or user@instance (KeyError if none)."""
        if acct_or_id in self.accounts:
            return self.accounts[acct_or_id]
        wanted = acct_or_id.lstrip("@").casefold()
        for account in self.accounts.values():
            if account.acct.casefold() == wanted:
                return account
        raise KeyError(acct_or_id)

    # -- entities -----------------------------------------------------------------------------------

    def _visible(self, status: MastoStatus) -> bool:
        """Say whether a status exists at the sandbox's time."""
        return not status.deleted and status.at <= self.now() and not self.accounts[status.author].status

    def _account_entity(self, account: MastoAccount, instance: str) -> dict[str, Any]:
        """Return the Account entity as `instance` shows it (acct without the domain when local)."""
        local = account.domain == instance
        posts = [s for s in self._by_author.get(account.id, []) if self._visible(s)]
        entity: dict[str, Any] = {
            "id": account.id, "username": account.username, "acct": account.username if local else account.acct,
            "display_name": account.display_name, "locked": False, "bot": False, "discoverable": True,
            "group": False, "created_at": iso(account.created_at.replace(hour=0, minute=0, second=0, microsecond=0)),
            "note": _html(account.note), "url": f"https://{account.domain}/@{account.username}",
            "uri": f"https://{account.domain}/users/{account.username}",
            "avatar": f"https://{account.domain}/avatars/original/missing.png",
            "avatar_static": f"https://{account.domain}/avatars/original/missing.png",
            "header": f"https://{account.domain}/headers/original/missing.png",
            "header_static": f"https://{account.domain}/headers/original/missing.png",
            "followers_count": account.followers, "following_count": 0, "statuses_count": len(posts),
            "last_status_at": max((s.at for s in posts), default=account.created_at).strftime("%Y-%m-%d"),
            "emojis": [], "fields": [{"name": name, "value": _html(value).removeprefix("<p>").removesuffix("</p>"),
                                      "verified_at": None} for name, value in account.fields]}
        if account.moved_to:
            entity["moved"] = self._account_entity(self.accounts[account.moved_to], instance)
        if account.status == "suspended":  # what Mastodon shows of a suspended account: nothing but that it is
            entity.update({"display_name": "", "note": "", "fields": [], "statuses_count": 0, "suspended": True})
        return entity

    def _status_entity(self, status: MastoStatus, instance: str) -> dict[str, Any]:
        """Return the Status entity as `instance` shows it."""
        account = self.accounts[status.author]
        reblog = self.statuses.get(status.reblog_of) if status.reblog_of else None
        parent = self.statuses.get(status.reply_to) if status.reply_to else None
        url = f"https://{account.domain}/@{account.username}/{status.id}"
        return {
            "id": status.id, "uri": f"https://{account.domain}/users/{account.username}/statuses/{status.id}",
            "url": None if reblog else url, "created_at": iso(status.at),
            "account": self._account_entity(account, instance), "content": "" if reblog else _html(status.text),
            "visibility": "public", "sensitive": False, "spoiler_text": "", "media_attachments": [],
            "application": None, "mentions": [], "tags": [], "emojis": [],
            "reblogs_count": sum(1 for s in self.statuses.values() if s.reblog_of == status.id and self._visible(s)),
            "favourites_count": 0,
            "replies_count": sum(1 for s in self.statuses.values() if s.reply_to == status.id and self._visible(s)),
            "in_reply_to_id": parent.id if parent else None,
            "in_reply_to_account_id": parent.author if parent else None,
            "reblog": self._status_entity(reblog, instance) if reblog else None,
            "poll": None, "card": None, "language": "en", "text": None, "edited_at": None}

    # -- routing ------------------------------------------------------------------------------------

    def _limit_headers(self, instance: str) -> dict[str, str]:
        """Count the request in the instance's current window; return the X-RateLimit-* headers."""
        stamp = int(time.time())
        window = stamp // RATE_WINDOW_SECONDS
        with self._lock:
            number, used = self._windows.get(instance, (0, 0))
            used = used + 1 if number == window else 1
            self._windows[instance] = (window, used)
        reset = datetime.fromtimestamp((window + 1) * RATE_WINDOW_SECONDS, UTC)
        return {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": str(max(self.rate_limit - used, 0)),
                "X-RateLimit-Reset": iso(reset)}

    def route(self, request: Request) -> Response:
        """Answer one REST API request for the instance named by the path's first part."""
        found = _PATH.match(request.path)
        if not found or request.method != "GET":
            return 404, {}, {"error": "Not Found"}
        instance, api = found["instance"], found["api"]
        headers = self._limit_headers(instance)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token:
            with self._lock:
                self.tokens_seen.setdefault(instance, []).append(token)
        with self._data_lock:
            try:
                status, body, extra = self._answer(instance, api, request, bool(token))
            except _Error as exc:
                return exc.status, headers, {"error": str(exc)}
        return status, {**headers, **extra}, body

    def _answer(self, instance: str, api: str, request: Request, authed: bool) -> tuple[int, Any, dict[str, str]]:
        """Dispatch one API path."""
        parts = api.strip("/").split("/")[2:]  # after "api", "v1"
        if parts == ["accounts"]:
            return self._accounts(instance, request)
        if parts == ["accounts", "lookup"]:
            return 200, self._account_entity(self._shown(request.arg("acct") or "", instance), instance), {}
        if parts == ["accounts", "search"]:
            return self._search(instance, request, authed)
        if len(parts) == 2 and parts[0] == "accounts":
            return 200, self._account_entity(self._shown(parts[1], instance), instance), {}
        if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "statuses":
            return self._account_statuses(instance, parts[1], request)
        if len(parts) in (2, 3) and parts[0] == "statuses":
            status = self.statuses.get(parts[1])
            if status is None or not self._visible(status):
                raise _Error(404, "Record not found")
            if len(parts) == 2:
                return 200, self._status_entity(status, instance), {}
            if parts[2] == "context":
                return 200, self._context(status, instance), {}
        raise _Error(404, "Not Found")

    def _accounts(self, instance: str, request: Request) -> tuple[int, Any, dict[str, str]]:
        """GET /api/v1/accounts?id[]=...: several accounts at once (Mastodon 4.3); unknown or deleted ids left out."""
        if instance in self.before_4_3:
            raise _Error(404, "Not Found")
        ids = request.query.get("id[]", [])
        if len(ids) > MAX_LIMIT:
            raise _Error(422, f"Validation failed: at most {MAX_LIMIT} ids")
        found = [self.accounts[i] for i in ids if i in self.accounts and self.accounts[i].status != "gone"]
        return 200, [self._account_entity(a, instance) for a in found], {}

    def _shown(self, acct_or_id: str, instance: str) -> MastoAccount:
        """Return an account the instance can show (a bare username is local), or its 404."""
        wanted = acct_or_id if "@" in acct_or_id or acct_or_id.isdigit() else f"{acct_or_id}@{instance}"
        try:
            account = self.account(wanted)
        except KeyError:
            raise _Error(404, "Record not found") from None
        if account.status == "gone":
            raise _Error(404, "Record not found")
        return account

    def _account_statuses(self, instance: str, account_id: str, request: Request) -> tuple[int, Any, dict[str, str]]:
        """GET /api/v1/accounts/:id/statuses: newest first, since_id / max_id / min_id, Link header."""
        account = self._shown(account_id, instance)
        if account.status:
            return 200, [], {}
        limit = _limit(request.arg("limit"), 20)
        items = [s for s in self._by_author.get(account.id, []) if self._visible(s)
                 and (s.reblog_of is None or self._visible(self.statuses[s.reblog_of]))]
        if request.arg("exclude_replies") in ("true", "1"):
            items = [s for s in items if s.reply_to is None]
        if request.arg("exclude_reblogs") in ("true", "1"):
            items = [s for s in items if s.reblog_of is None]
        since, before, after = request.arg("since_id"), request.arg("max_id"), request.arg("min_id")
        items = [s for s in items if (not since or int(s.id) > int(since)) and (not before or int(s.id) < int(before))
                 and (not after or int(s.id) > int(after))]
        items.sort(key=lambda s: int(s.id), reverse=not after)
        page = items[:limit]
        if after:
            page.reverse()  # min_id pages are the oldest newer statuses, still given newest first
        base = f"https://{instance}/api/v1/accounts/{account.id}/statuses"
        links = []
        if page:
            links = [f'<{base}?max_id={page[-1].id}>; rel="next"', f'<{base}?min_id={page[0].id}>; rel="prev"']
        return 200, [self._status_entity(s, instance) for s in page], ({"Link": ", ".join(links)} if links else {})

    def _context(self, status: MastoStatus, instance: str) -> dict[str, Any]:
        """GET /api/v1/statuses/:id/context: ancestors oldest first, descendants depth first."""
        ancestors: list[MastoStatus] = []
        parent = self.statuses.get(status.reply_to) if status.reply_to else None
        while parent is not None:
            if self._visible(parent):
                ancestors.insert(0, parent)
            parent = self.statuses.get(parent.reply_to) if parent.reply_to else None
        descendants: list[MastoStatus] = []

        def walk(node: MastoStatus) -> None:
            for child in sorted((s for s in self.statuses.values() if s.reply_to == node.id and self._visible(s)),
                                key=lambda s: int(s.id)):
                descendants.append(child)
                walk(child)

        walk(status)
        return {"ancestors": [self._status_entity(s, instance) for s in ancestors],
                "descendants": [self._status_entity(s, instance) for s in descendants]}

    def _search(self, instance: str, request: Request, authed: bool) -> tuple[int, Any, dict[str, str]]:
        """GET /api/v1/accounts/search: accounts whose username, domain or display name holds every word."""
        if instance in self.token_only and not authed:
            raise _Error(401, "This API requires an authenticated user")
        words = (request.arg("q") or "").casefold().replace("@", " ").split()
        limit = _limit(request.arg("limit"), 40)
        found = [a for a in self.accounts.values() if words and not a.status
                 and all(w in f"{a.acct} {a.display_name}".casefold() for w in words)]
        return 200, [self._account_entity(a, instance) for a in found[:limit]], {}


class _Error(Exception):
    """An API error reply: a status with {"error": message}."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _html(text: str) -> str:
    """Return text as Mastodon serves it: paragraphs of escaped HTML, line breaks as <br />."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br />')}</p>" for p in paragraphs)


def _limit(value: str | None, default: int) -> int:
    """Return a limit parameter, clamped to 1..40 as Mastodon does."""
    try:
        return max(1, min(int(value), MAX_LIMIT)) if value is not None else default
    except ValueError:
        return default


def reset_in(seconds: float) -> dict[str, str]:
    """Return the headers of a 429 whose limit resets `seconds` from now (real time, as instances send it)."""
    reset = datetime.now(UTC) + timedelta(seconds=seconds)
    return {"X-RateLimit-Limit": str(RATE_LIMIT), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(reset)}
