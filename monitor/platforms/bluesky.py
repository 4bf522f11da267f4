"""The Bluesky adapter: registered accounts' profiles and posts, and replies to the official accounts, via atproto.

The only module that imports atproto. It reads the public AppView without a login (reads are free).

How a cycle reads Bluesky:
* Accounts are registered by handle and tracked by DID: the DID is learnt on the first read and kept in
  the account's cursor, so every later read asks by DID and a renamed account is still the same account
  (the new handle is told to the Clerk once, as a notice). A handle on the council's own domain (not
  under bsky.social) proves control of that domain: such a profile carries verified_type "domain".
* `app.bsky.feed.getAuthorFeed` newest first, one page a cycle when nothing much is new; reading stops at
  the cursor's time, and what was handed back near that time is remembered, so nothing is handed back twice.
* An official account's recent posts (THREAD_DAYS) are watched for replies: when a post's replyCount grows,
  `app.bsky.feed.getPostThread` reads its thread and the replies not seen before are handed back.
* Profiles come from `app.bsky.actor.getProfiles`, 25 actors a call, when asked or when a DID is not known.
* With Jetstream (monitor/platforms/bluesky_stream.py) connected, the registered accounts' posts, replies,
  quotes and reposts come from the stream within seconds, and a cycle reads no councillor's feed except
  once a day (the reconcile); the official accounts' feeds are still read each cycle, for their replies.
  The feeds are all read at start-up, after a gap longer than the stream's replay window, and whenever
  the stream cannot be reached (the fallback, told to the Clerk once). A handle change on the stream is
  told like one seen by getProfiles.
* The re-check reads posts with open findings by AT-URI (`app.bsky.feed.getPosts`, 25 a call; one left out
  of the answer is deleted) and profiles by DID (getProfiles; one left out is asked for alone with getProfile,
  which names a suspension, AccountTakedown, or a deactivation; otherwise it is gone).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

import httpx
from atproto import Client
from atproto_client.exceptions import (
    AtProtocolError,
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.utils import get_model_as_dict
from atproto_client.request import Request

from monitor.checks.base import Hit
from monitor.config import AccountRef, Config
from monitor.platforms.base import Batch, Recheck, Verification
from monitor.platforms.bluesky_stream import COLLECTIONS, JetstreamConsumer, Wake, from_us
from monitor.platforms.cursors import StoredCursor
from monitor.platforms.http import SourceError
from monitor.records import Account, Platform, Post, SharedPost, handle_key

log = logging.getLogger(__name__)

PLATFORM: Platform = "bluesky"
REAL_BASE = "https://public.api.bsky.app"
REAL_JETSTREAM = "wss://jetstream2.us-east.bsky.network"
STREAM_CURSOR = "stream"  # {"time_us": the newest stream event stored, "covered": when the feeds were last whole}
PROFILES_BATCH = 25  # app.bsky.actor.getProfiles takes at most 25 actors
PAGE_SIZE = 100  # getAuthorFeed's largest page
SEARCH_LIMIT = 25  # searchActors results per name (the closest matches come first)
MAX_PAGES = 10  # per account per cycle
RECONCILE = timedelta(hours=24)  # a councillor's feed is read at least this often, whatever its postsCount says
MARGIN = timedelta(minutes=5)  # posts indexed this close to the cursor's time are remembered by URI
THREAD_DAYS = 7  # an official post's thread is watched for replies this long
RATE_LIMIT_BACKOFF = timedelta(minutes=5)  # a 429 without ratelimit-reset: wait one window (3,000 per 5 minutes)
FEED_FILTER = "posts_with_replies"
HOSTED_SUFFIX = ".bsky.social"
POST_PATH = "app.bsky.feed.post"  # the collection in a post's AT-URI

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# Errors


def classify(exc: Exception, now: datetime) -> SourceError:
    """Turn anything atproto or httpx raised into a SourceError the scheduler can act on."""
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, RateLimitExceededError):
        reset = exc.reset_at
        retry = reset if reset is not None and reset > now else now + RATE_LIMIT_BACKOFF
        return SourceError(PLATFORM, "rate_limited", "the Bluesky AppView's rate limit is reached", retry_at=retry,
                           status=429)
    if isinstance(exc, RequestErrorBase):
        status = exc.response.status_code if exc.response is not None else None
        detail = str(exc)[:200]
        if isinstance(exc, NetworkError) and status is None:
            return SourceError(PLATFORM, "transient", f"cannot reach the Bluesky AppView ({type(exc).__name__})")
        if isinstance(exc, BadRequestError):
            return SourceError(PLATFORM, "permanent", f"Bluesky refused the request ({detail})", status=status)
        if isinstance(exc, UnauthorizedError):
            return SourceError(PLATFORM, "auth", f"the Bluesky AppView refused an anonymous read ({detail})",
                               status=status)
        return SourceError(PLATFORM, "transient", f"Bluesky AppView error ({detail})", status=status)
    if isinstance(exc, ValueError):  # pydantic's JSON parser: a body that is not JSON, or not the lexicon's shape
        return SourceError(PLATFORM, "transient", "the Bluesky AppView sent a reply that is not valid JSON "
                           "of the expected shape")
    if isinstance(exc, httpx.HTTPError | AtProtocolError):
        return SourceError(PLATFORM, "transient", f"cannot reach the Bluesky AppView ({type(exc).__name__})")
    raise exc


def _not_found(exc: Exception) -> bool:
    """Say whether the AppView answered that the thing asked for does not exist (a deleted post)."""
    return isinstance(exc, BadRequestError) and "NotFound" in str(exc)


# ---------------------------------------------------------------------------------------------
# Cursors


@dataclass
class Cursor(StoredCursor):
    """What is known of one registered account: its DID and handle, how far its feed is read, its watched threads."""

    platform_name = "Bluesky"

    did: str = ""
    handle: str = ""
    since: str = ""  # the newest indexedAt read (ISO 8601)
    seen: dict[str, str] = field(default_factory=dict)  # key -> indexedAt, for items within MARGIN of `since`
    threads: dict[str, list[Any]] = field(default_factory=dict)  # post URI -> [replyCount, newest reply, posted]
    posts: int = -1  # the profile's postsCount when the feed was last read
    full: str = ""  # when the feed was last read whatever the count said (ISO 8601)



def cursor_name(handle: str) -> str:
    """Return the cursor name of a registered account."""
    return f"account:{handle_key(handle)}"[:128]


def parse_time(value: str | None) -> datetime | None:
    """Return an aware datetime from an atproto datetime string."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def handle_variants(council: str, handles: list[str]) -> list[str]:
    """Return handles an imitator might take: the council's name under bsky.social, registered domains moved there."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in council.casefold()).split() if w]
    stems = {"".join(words), "-".join(words), "".join(words) + "official", "official" + "".join(words)}
    for handle in handles:
        key = handle_key(handle)
        if is_domain_handle(key):  # brackley-tc.gov.uk -> brackley-tc.bsky.social, brackley-tc-gov-uk.bsky.social
            stems |= {key.split(".")[0], key.replace(".", "-"), key.replace(".", "").replace("-", "")}
        else:  # brackleytc.bsky.social -> brackleytc-official.bsky.social
            stems |= {key.removesuffix(HOSTED_SUFFIX) + "-official", "the" + key.removesuffix(HOSTED_SUFFIX)}
    registered = {handle_key(h) for h in handles}
    out = sorted(f"{stem[:63]}{HOSTED_SUFFIX}" for stem in stems if stem)
    return [h for h in out if h not in registered]


def is_domain_handle(handle: str) -> bool:
    """Say whether a handle is the account's own domain rather than a name under bsky.social."""
    return not handle_key(handle).endswith(HOSTED_SUFFIX) and handle_key(handle) != "handle.invalid"


# ---------------------------------------------------------------------------------------------
# The adapter


@dataclass
class _Fetch:
    """One fetch in progress."""

    batch: Batch
    now: datetime
    refresh: bool
    registered_dids: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # registered handle -> postsCount read this cycle


class BlueskySource:
    """Reads the public Bluesky AppView without a login."""

    platform = PLATFORM

    def __init__(self, config: Config, token: str = "") -> None:
        """Build the atproto client (timeout always; the sandbox's base URL when set). No token is used."""
        self.config = config
        settings = config.platforms.bluesky
        self.settings = settings
        self.client = Client(base_url=settings.base_url or REAL_BASE,
                             request=Request(timeout=settings.timeout_seconds))
        self.stream: JetstreamConsumer | None = None
        self._reconciled = False  # the feeds have been read whole since this process started
        self._told_down: datetime | None = None  # the outage of the stream the Clerk was told of

    # The stream -----------------------------------------------------------------------------------

    def start_stream(self, cursors: dict[str, str], wake: Wake) -> bool:
        """Follow the registered DIDs on Jetstream from the stored cursor; False when the stream is off."""
        settings = self.settings
        url = settings.jetstream_url or (None if settings.base_url else REAL_JETSTREAM)
        if not settings.stream or not url:
            return False
        self.stream = JetstreamConsumer(url, wake, _stream_cursor(cursors.get(STREAM_CURSOR))[0])
        self.stream.want({Cursor.parse(v).did for k, v in cursors.items() if k.startswith("account:")})
        return True

    def stop_stream(self) -> None:
        """Close the stream, if any."""
        if self.stream is not None:
            self.stream.stop()

    def deletions_pending(self) -> bool:
        """Say whether the stream saw posts deleted that the re-check has not looked at yet."""
        return self.stream is not None and self.stream.fresh_deletes

    def _streaming(self, now: datetime, stream_at: int, covered: datetime | None) -> bool:
        """Say whether this cycle may rely on the stream instead of reading the councillors' feeds."""
        stream = self.stream
        if stream is None or not stream.live() or not self._reconciled or stream.dropped:
            return False
        last = max([t for t in (from_us(stream_at) if stream_at else None, covered) if t is not None], default=None)
        return last is not None and now - last <= timedelta(hours=self.settings.jetstream_replay_hours)

    def _refs(self) -> list[AccountRef]:
        """Return the registered Bluesky accounts, the council's first."""
        return [r.ref for r in self.config.registry.values() if r.ref.platform == PLATFORM]

    def _call(self, state: _Fetch, call: Callable[[], T]) -> T:
        """Make one request, counting it; failures come out classified."""
        state.batch.usage.requests += 1
        try:
            return call()
        except Exception as exc:  # atproto and httpx raise many types; classify says which matter
            raise classify(exc, state.now) from exc

    def fetch(self, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
        """Fetch profiles (when asked or a DID is unknown), new posts since the cursors, and new replies."""
        state = _Fetch(Batch(platform=PLATFORM), now, refresh_profiles)
        refs = self._refs()
        known = {ref.handle: Cursor.parse(cursors.get(cursor_name(ref.handle))) for ref in refs}
        stream_at, covered = _stream_cursor(cursors.get(STREAM_CURSOR))
        streaming = self._streaming(now, stream_at, covered)
        if not streaming or refresh_profiles or any(not c.did for c in known.values()):
            try:
                self._profiles(state, refs, known)
            except SourceError as error:
                state.batch.errors.append(error)
                self._tell_fallback(state, refs)
                return state.batch
        state.registered_dids = {c.did for c in known.values() if c.did}
        if self.stream is not None:
            self.stream.want(state.registered_dids)
            stream_at = self._take_stream(state, refs, known, stream_at)
        if refresh_profiles:  # each profile refresh (hourly for a free platform): who else claims to be the council
            try:
                self._lookalikes(state, refs)
            except SourceError as error:
                state.batch.errors.append(error)
                return state.batch
        for ref in refs:
            cursor = known[ref.handle]
            if not cursor.did or (not streaming and ref.handle not in state.counts):
                continue  # not found by getProfiles: reported there
            if not self._feed_due(state, ref, cursor, streaming):
                continue
            try:
                self._feed(state, ref, cursor)
            except SourceError as error:
                state.batch.errors.append(error)
                if error.kind != "permanent":
                    break  # the AppView is down or limiting: the other accounts wait for the next cycle
                continue
            cursor.posts = state.counts.get(ref.handle, cursor.posts)
            state.batch.cursors[cursor_name(ref.handle)] = cursor.format()
        if self.stream is not None:
            self._end_streamed(state, refs, streaming, stream_at, covered)
        return state.batch

    def _end_streamed(self, state: _Fetch, refs: list[AccountRef], streaming: bool, stream_at: int,
                      covered: datetime | None) -> None:
        """Hand back the stream's cursor; note a whole read of the feeds; tell the Clerk of a fallback once."""
        whole = not any(e.kind != "permanent" for e in state.batch.errors)
        if whole:  # everything up to now was read: from the stream, or from the feeds
            covered = state.now
        if whole and not streaming:
            self._reconciled = True
            if self.stream is not None:
                self.stream.dropped = False
        state.batch.cursors[STREAM_CURSOR] = json.dumps(
            {"time_us": stream_at, "covered": covered.isoformat() if covered else ""}, sort_keys=True)
        unique: dict[str, Post] = {}
        for post in state.batch.posts:  # a post from the stream and again from a reconciling feed read: once
            unique.setdefault(post.id, post)
        state.batch.posts = list(unique.values())
        self._tell_fallback(state, refs)

    def _tell_fallback(self, state: _Fetch, refs: list[AccountRef]) -> None:
        """Tell the Clerk once per outage that the stream is down and the feeds are polled instead."""
        stream = self.stream
        if stream is None or stream.health.state != "down" or stream.health.since is None:
            return
        since = stream.health.since
        if self._told_down == since:
            return
        self._told_down = since
        every = self.config.schedule.min_poll_minutes
        state.batch.notices.append(Hit(
            message=(f"Bluesky's live feed of new posts (Jetstream) cannot be reached since {since:%H:%M} UTC. "
                     f"The monitor reads the Bluesky accounts every {every:g} minutes instead, so a new post is "
                     f"found within {every:g} minutes rather than seconds. Nothing to do: it reconnects by itself."),
            evidence={"subject": f"stream-down:{since.isoformat()}", "reason": stream.health.reason},
            platform=PLATFORM, handle=refs[0].handle.lstrip("@") if refs else None, severity="low"))

    def _take_stream(self, state: _Fetch, refs: list[AccountRef], known: dict[str, Cursor], stream_at: int) -> int:
        """Hand back what the stream brought since the stored cursor; return the newest event's time_us."""
        assert self.stream is not None
        by_did = {known[ref.handle].did: ref for ref in refs if known[ref.handle].did}
        newest = stream_at
        streamed: list[Post] = []
        for event in self.stream.pending(stream_at):
            newest = max(newest, int(event["time_us"]))
            ref = by_did.get(str(event.get("did")))
            if ref is None:
                continue
            cursor = known[ref.handle]
            if event.get("kind") == "identity" and (event.get("identity") or {}).get("handle"):
                self._note_handle(state, ref, cursor, str(event["identity"]["handle"]))
            elif event.get("kind") == "commit" and (event.get("commit") or {}).get("operation") == "create":
                post = self._streamed(ref, event)
                when = from_us(int(event["time_us"]))
                since = parse_time(cursor.since)
                if post is None or post.id in cursor.seen or (since is not None and when < since - MARGIN):
                    continue  # already read from the feed
                streamed.append(post)
                cursor.seen[post.id] = when.isoformat()
                cursor.since = max(since, when).isoformat() if since else when.isoformat()
            state.batch.cursors[cursor_name(ref.handle)] = cursor.format()
        state.batch.posts += self._with_subjects(state, streamed)
        return newest

    def _streamed(self, ref: AccountRef, event: dict[str, Any]) -> Post | None:
        """Map a stream commit creating a post or repost of a registered account to a Post."""
        commit, did = event["commit"], str(event["did"])
        record = commit.get("record") or {}
        uri = f"at://{did}/{commit.get('collection')}/{commit.get('rkey')}"
        handle, role = ref.handle.lstrip("@"), self.config.role_of(PLATFORM, ref.handle)
        when = from_us(int(event["time_us"]))
        if commit.get("collection") == COLLECTIONS[1]:
            subject = str((record.get("subject") or {}).get("uri") or "")
            return Post(platform=PLATFORM, handle=handle, id=f"{subject}#repost:{did}", created_at=when, text="",
                        role=role, url=_web_url(subject), shared=SharedPost("repost", subject, _author(subject)),
                        raw=event) if subject else None
        if commit.get("collection") != POST_PATH:
            return None
        reply = record.get("reply") or {}
        embed = record.get("embed") or {}
        quoted = (embed.get("record") or {}).get("record", embed.get("record")) or {}
        quoted_uri = str(quoted.get("uri") or "") if "app.bsky.embed.record" in str(embed.get("$type")) else ""
        parent = str((reply.get("parent") or {}).get("uri") or "") or None
        return Post(platform=PLATFORM, handle=handle, id=uri, created_at=parse_time(record.get("createdAt")) or when,
                    text=str(record.get("text") or ""), role=role, reply_to=parent,
                    conversation_id=str((reply.get("root") or {}).get("uri") or "") or uri,
                    shared=SharedPost("quote", quoted_uri, _author(quoted_uri)) if quoted_uri else None,
                    url=_web_url(uri), raw=event)

    def _with_subjects(self, state: _Fetch, posts: list[Post]) -> list[Post]:
        """Fill in what the stream does not carry: the author and text of a reposted or quoted post, and the
        author of the post replied to (getPosts, 25 a request); left as the DID when they cannot be read."""
        wanted = sorted({u for p in posts for u in (p.shared.post_id if p.shared else None, p.reply_to) if u})
        views: dict[str, Any] = {}
        try:
            for start in range(0, len(wanted), PROFILES_BATCH):
                answer: Any = self._call(state, partial(self.client.app.bsky.feed.get_posts,
                                                        {"uris": wanted[start:start + PROFILES_BATCH]}))
                state.batch.usage.post_reads += len(answer.posts)
                views.update({view.uri: view for view in answer.posts})
        except SourceError as error:
            log.info("bluesky: the posts streamed posts point at could not be read (%s)", error)
        out = []
        for post in posts:
            shared = post.shared
            if shared is not None and shared.post_id in views:
                view = views[shared.post_id]
                shared = SharedPost(shared.kind, shared.post_id, view.author.handle,
                                    getattr(view.record, "text", "") or "")
            parent = views.get(post.reply_to or "")
            out.append(replace(post, shared=shared, reply_to_handle=parent.author.handle if parent else None))
        return out

    def _feed_due(self, state: _Fetch, ref: AccountRef, cursor: Cursor, streaming: bool = False) -> bool:
        """Say whether an account's feed must be read this cycle.

        An official account's always is (its posts' reply counts show new replies). A councillor's is read
        when the profile's postsCount moved (a post made or deleted), and at least once a RECONCILE period
        anyway, for what the count does not show (reposts, a post made and another deleted). While the
        stream is relied on, a councillor's is read only for that daily reconcile.
        """
        last_full = parse_time(cursor.full)
        if not cursor.since or last_full is None or state.now - last_full >= RECONCILE:
            cursor.full = state.now.isoformat()
            return True
        if self.config.role_of(PLATFORM, ref.handle) == "official":
            return True
        return not streaming and state.counts[ref.handle] != cursor.posts

    def verify(self, now: datetime) -> Verification:
        """Check that each registered handle is a Bluesky account (getProfiles, 25 a call); nothing is stored."""
        found = Verification(PLATFORM)
        state = _Fetch(Batch(platform=PLATFORM), now, True)
        refs = self._refs()
        try:
            self._profiles(state, refs, {ref.handle: Cursor() for ref in refs})
        except SourceError as error:
            found.problems.append((None, f"the Bluesky AppView could not be read: {error.message}"))
            return found
        finally:
            found.usage = state.batch.usage
        missing = {e.message for e in state.batch.errors}
        for ref in refs:
            account = next((a for a in state.batch.accounts if handle_key(a.handle) == handle_key(ref.handle)), None)
            if account is None:
                found.problems.append((ref, next((m for m in missing if ref.handle.lstrip("@") in m),
                                                 f"no Bluesky account {ref.handle!r}")))
            else:
                proof = " (its own domain handle)" if account.verified_type == "domain" else ""
                found.confirmed.append(f"@{ref.handle.lstrip('@')} exists ({account.account_id}){proof}")
        for notice in state.batch.notices:
            found.warnings.append((next((r for r in refs if r.handle == notice.handle), None), notice.message))
        return found

    def recheck(self, posts: list[Post], accounts: list[Account], now: datetime) -> Recheck:
        """Re-read posts by AT-URI (getPosts) and profiles by DID or handle (getProfiles), 25 a request.

        A post the AppView leaves out of its answer is "deleted"; an account it leaves out is "gone" (deleted
        or taken down). A registered account comes back under its registered handle (a rename is told by the
        poll, and it is still monitored); anyone else's under the handle it has now, so a renamed lookalike
        shows as renamed. A repost is not a post view, so it is not re-read.
        """
        found = Recheck(PLATFORM)
        state = _Fetch(Batch(platform=PLATFORM), now, False)
        wanted = {p.id: p for p in posts if f"/{POST_PATH}/" in p.id and "#" not in p.id}
        if self.stream is not None:  # deleted on the stream: no need to ask
            self.stream.fresh_deletes = False
            for uri in [u for u in wanted if u in self.stream.deleted]:
                found.gone_posts[uri] = "deleted"
                del wanted[uri]
        try:
            self._recheck_posts(state, wanted, found)
            self._recheck_accounts(state, accounts, found)
        except SourceError as error:
            found.errors.append(error)
        found.usage = state.batch.usage
        return found

    def _recheck_posts(self, state: _Fetch, wanted: dict[str, Post], found: Recheck) -> None:
        """Read posts 25 a request; note those left out as deleted."""
        uris = list(wanted)
        for start in range(0, len(uris), PROFILES_BATCH):
            chunk = uris[start:start + PROFILES_BATCH]
            answer: Any = self._call(state, partial(self.client.app.bsky.feed.get_posts, {"uris": chunk}))
            state.batch.usage.post_reads += len(answer.posts)
            views = {view.uri: view for view in answer.posts}
            for uri in chunk:
                view = views.get(uri)
                if view is None:
                    found.gone_posts[uri] = "deleted"
                else:
                    found.posts.append(replace(wanted[uri], text=getattr(view.record, "text", "") or "",
                                               raw=get_model_as_dict(view)))

    def _recheck_accounts(self, state: _Fetch, accounts: list[Account], found: Recheck) -> None:
        """Read profiles 25 a request by DID (else handle); note those left out as gone."""
        refs = {handle_key(r.handle): r for r in self._refs()}
        for start in range(0, len(accounts), PROFILES_BATCH):
            chunk = accounts[start:start + PROFILES_BATCH]
            actors = [a.account_id or a.handle.lstrip("@") for a in chunk]
            answer: Any = self._call(state, partial(self.client.app.bsky.actor.get_profiles, {"actors": actors}))
            state.batch.usage.user_reads += len(answer.profiles)
            by_actor: dict[str, Any] = {}
            for profile in answer.profiles:
                by_actor[profile.did] = profile
                by_actor[handle_key(profile.handle)] = profile
            for account, actor in zip(chunk, actors, strict=True):
                profile = by_actor.get(actor) or by_actor.get(handle_key(actor))
                ref = refs.get(handle_key(account.handle))
                if profile is None:
                    found.gone_accounts[handle_key(account.handle)] = self._why_gone(state, actor)
                elif ref is not None:
                    found.accounts.append(self._account(ref, profile))
                else:
                    found.accounts.append(self._account(AccountRef(platform=PLATFORM, handle=profile.handle), profile))

    def _why_gone(self, state: _Fetch, actor: str) -> str:
        """Ask getProfile why getProfiles left an account out: "suspended", "deactivated" or "gone".

        getProfiles drops taken-down, deactivated and deleted accounts alike; getProfile names the first two
        (AccountTakedown, AccountDeactivated), so the Clerk reads "suspended" when moderators acted. One request
        per missing account, and only for accounts with open findings.
        """
        try:
            self._call(state, partial(self.client.app.bsky.actor.get_profile, {"actor": actor}))
        except SourceError as error:
            if error.kind != "permanent":
                raise
            return ("suspended" if "AccountTakedown" in error.message
                    else "deactivated" if "AccountDeactivated" in error.message else "gone")
        return "gone"  # back between the two reads: the next re-check sees it again

    # Profiles ----------------------------------------------------------------------------------

    def _profiles(self, state: _Fetch, refs: list[AccountRef], known: dict[str, Cursor]) -> None:
        """Read every registered profile, 25 a request, for its postsCount and handle; hand back the profiles
        when refreshing or when the DID was not known."""
        wanted = refs
        for start in range(0, len(wanted), PROFILES_BATCH):
            chunk = wanted[start:start + PROFILES_BATCH]
            actors = [known[ref.handle].did or ref.handle.lstrip("@") for ref in chunk]
            answer: Any = self._call(state, partial(self.client.app.bsky.actor.get_profiles, {"actors": actors}))
            state.batch.usage.user_reads += len(answer.profiles)
            by_actor: dict[str, Any] = {}
            for profile in answer.profiles:
                by_actor[profile.did] = profile
                by_actor[handle_key(profile.handle)] = profile
            for ref, actor in zip(chunk, actors, strict=True):
                profile = by_actor.get(actor) or by_actor.get(handle_key(actor))
                if profile is None:
                    state.batch.errors.append(SourceError(
                        PLATFORM, "permanent", f"no Bluesky account {ref.handle!r} (is the handle spelt right? "
                        "a handle is a domain name such as brackleytc.bsky.social)", status=400))
                    continue
                cursor = known[ref.handle]
                if state.refresh or not cursor.did:
                    state.batch.accounts.append(self._account(ref, profile))
                cursor.did = profile.did
                state.counts[ref.handle] = profile.posts_count or 0
                self._note_handle(state, ref, cursor, profile.handle)
                # A renamed account keeps its cursor under its registered handle: save the DID even with no feed read.
                state.batch.cursors[cursor_name(ref.handle)] = cursor.format()

    def _lookalikes(self, state: _Fetch, refs: list[AccountRef]) -> None:
        """Add unregistered accounts that may imitate the council or a councillor, for the impersonation check.

        searchActors by the council's names and each councillor's name, and the handle variants an imitator
        would pick (the council's name under bsky.social, a domain handle moved to bsky.social or joined up)
        resolved 25 at a time with getProfiles: a variant that does not exist is simply left out.
        """
        names = [self.config.council.name, *self.config.council.short_names,
                 *(c.name for c in self.config.councillors)]
        found: dict[str, Any] = {}
        for name in dict.fromkeys(names):
            answer: Any = self._call(state, partial(self.client.app.bsky.actor.search_actors,
                                                    {"q": name, "limit": SEARCH_LIMIT}))
            for actor in answer.actors:
                found.setdefault(actor.did, actor)
        variants = handle_variants(self.config.council.name, [ref.handle for ref in refs])
        for start in range(0, len(variants), PROFILES_BATCH):
            answer = self._call(state, partial(self.client.app.bsky.actor.get_profiles,
                                               {"actors": variants[start:start + PROFILES_BATCH]}))
            for profile in answer.profiles:
                found.setdefault(profile.did, profile)
        for did, actor in found.items():
            if did in state.registered_dids or self.config.role_of(PLATFORM, actor.handle) != "other":
                continue
            state.batch.accounts.append(Account(
                platform=PLATFORM, handle=actor.handle, display_name=actor.display_name or "",
                bio=getattr(actor, "description", None) or "",
                created_at=parse_time(getattr(actor, "created_at", None)),
                account_id=did, avatar_url=actor.avatar, url=f"https://bsky.app/profile/{did}",
                verified_type="domain" if is_domain_handle(actor.handle) else None, raw=get_model_as_dict(actor)))

    def _note_handle(self, state: _Fetch, ref: AccountRef, cursor: Cursor, current: str) -> None:
        """Remember the account's current handle; tell the Clerk once when it is not the one registered."""
        before = cursor.handle or ref.handle.lstrip("@")
        cursor.handle = current
        if handle_key(current) == handle_key(before):
            return
        log.warning("bluesky: %s (%s) is now @%s", ref.handle, cursor.did, current)
        state.batch.notices.append(Hit(
            message=(f"The Bluesky account registered as @{ref.handle.lstrip('@')} changed its handle from "
                     f"@{before} to @{current} (the same account, {cursor.did}); it is still monitored. "
                     "Update the handle in the configuration if the change is expected."),
            evidence={"did": cursor.did, "before": before, "after": current, "subject": f"handle:{current}"},
            platform=PLATFORM, handle=ref.handle, severity="medium"))

    def _account(self, ref: AccountRef, profile: Any) -> Account:
        """Map a profileViewDetailed to an Account under its registered handle."""
        domain = is_domain_handle(profile.handle)
        return Account(platform=PLATFORM, handle=ref.handle.lstrip("@"), role=self.config.role_of(PLATFORM, ref.handle),
                       display_name=profile.display_name or "", bio=profile.description or "",
                       created_at=parse_time(profile.created_at), account_id=profile.did,
                       avatar_url=profile.avatar, url=f"https://bsky.app/profile/{profile.did}",
                       verified_type="domain" if domain else None, followers_count=profile.followers_count,
                       raw=get_model_as_dict(profile))

    # Feeds -------------------------------------------------------------------------------------

    def _feed(self, state: _Fetch, ref: AccountRef, cursor: Cursor) -> None:
        """Read one account's feed back to its cursor; for an official account, read new replies in its threads."""
        role = self.config.role_of(PLATFORM, ref.handle)
        since = parse_time(cursor.since)
        floor = since - MARGIN if since else None
        limit = PAGE_SIZE if since or role == "official" else self.settings.first_poll_posts
        items: list[Any] = []
        page_cursor: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"actor": cursor.did, "filter": FEED_FILTER, "limit": limit}
            if page_cursor:
                params["cursor"] = page_cursor
            answer: Any = self._call(state, partial(self.client.app.bsky.feed.get_author_feed, params))
            items += answer.feed
            state.batch.usage.post_reads += len(answer.feed)  # free, but counted: the report's spend lists them
            page_cursor = answer.cursor
            oldest = _item_time(answer.feed[-1]) if answer.feed else None
            if not page_cursor or not answer.feed or floor is None or (oldest is not None and oldest < floor):
                break
        newest = since
        for item in items:
            when = _item_time(item)
            if when is None:
                continue
            if item.post.author.did == cursor.did and item.post.author.handle:
                self._note_handle(state, ref, cursor, item.post.author.handle)
            if role == "official" and item.reason is None and when >= state.now - timedelta(days=THREAD_DAYS):
                cursor.threads.setdefault(item.post.uri, [0, "", item.post.indexed_at])
            key = _item_key(item)
            if floor is not None and (when < floor or key in cursor.seen):
                continue
            state.batch.posts.append(self._post(ref, role, item))
            cursor.seen[key] = when.isoformat()
            newest = when if newest is None or when > newest else newest
        if newest is not None:
            cursor.since = newest.isoformat()
            cutoff = newest - MARGIN
            cursor.seen = {k: v for k, v in cursor.seen.items() if (parse_time(v) or newest) >= cutoff}
        if role == "official":
            self._threads(state, ref, cursor, items)

    def _post(self, ref: AccountRef, role: Any, item: Any) -> Post:
        """Map a feedViewPost of a registered account (its post, reply, quote or repost) to a Post."""
        post = item.post
        record = post.record
        handle = ref.handle.lstrip("@")
        if item.reason is not None and getattr(item.reason, "py_type", "").endswith("reasonRepost"):
            return Post(platform=PLATFORM, handle=handle, id=_item_key(item),
                        created_at=(parse_time(item.reason.indexed_at) or parse_time(post.indexed_at)
                                    or datetime.now(UTC)),
                        text="", role=role, url=_web_url(post.uri),
                        shared=SharedPost("repost", post.uri, post.author.handle, getattr(record, "text", "") or ""),
                        raw=get_model_as_dict(item))
        reply = getattr(record, "reply", None)
        parent_handle = None
        if item.reply is not None and getattr(item.reply.parent, "author", None) is not None:
            parent_handle = item.reply.parent.author.handle
        return Post(platform=PLATFORM, handle=handle, id=post.uri,
                    created_at=parse_time(getattr(record, "created_at", None)) or parse_time(post.indexed_at)
                    or datetime.now(UTC),
                    text=getattr(record, "text", "") or "", role=role,
                    reply_to=reply.parent.uri if reply else None, reply_to_handle=parent_handle,
                    conversation_id=reply.root.uri if reply else post.uri, shared=_quoted(post),
                    url=_web_url(post.uri), raw=get_model_as_dict(post))

    def _threads(self, state: _Fetch, ref: AccountRef, cursor: Cursor, items: list[Any]) -> None:
        """Read the threads of the official account's recent posts whose reply count grew; hand back new replies."""
        counts = {item.post.uri: item.post.reply_count or 0 for item in items if item.reason is None}
        keep = state.now - timedelta(days=THREAD_DAYS)
        for uri, entry in list(cursor.threads.items()):
            posted = parse_time(entry[2]) if len(entry) > 2 else None
            if posted is not None and posted < keep:
                del cursor.threads[uri]
                continue
            count = counts.get(uri)
            if count is None or count <= entry[0]:
                continue
            try:
                answer: Any = self._call(state, partial(self.client.app.bsky.feed.get_post_thread,
                                                        {"uri": uri, "depth": 10, "parentHeight": 0}))
            except SourceError as error:
                if error.kind == "permanent":  # deleted since the feed was read: nothing to watch
                    del cursor.threads[uri]
                    continue
                raise
            newest = entry[1]
            for reply, parent in _walk(answer.thread):
                if reply.author.did in state.registered_dids:
                    continue  # registered accounts' replies come from their own feeds
                if entry[1] and reply.indexed_at <= entry[1]:
                    continue
                state.batch.posts.append(self._reply(reply, parent, uri))
                newest = max(newest, reply.indexed_at)
            cursor.threads[uri] = [count, newest, entry[2] if len(entry) > 2 else ""]

    def _reply(self, reply: Any, parent: Any, root: str) -> Post:
        """Map a reply in an official account's thread (from anyone) to a Post."""
        record = reply.record
        return Post(platform=PLATFORM, handle=reply.author.handle, id=reply.uri,
                    created_at=parse_time(getattr(record, "created_at", None)) or parse_time(reply.indexed_at)
                    or datetime.now(UTC),
                    text=getattr(record, "text", "") or "", role=self.config.role_of(PLATFORM, reply.author.handle),
                    reply_to=parent.uri, reply_to_handle=parent.author.handle, conversation_id=root,
                    url=_web_url(reply.uri), raw=get_model_as_dict(reply))


def _stream_cursor(value: str | None) -> tuple[int, datetime | None]:
    """Read the stored stream cursor: the newest event's time_us stored, and when the feeds were last whole."""
    try:
        data = json.loads(value or "{}")
        return int(data.get("time_us") or 0), parse_time(data.get("covered"))
    except (ValueError, AttributeError, TypeError):
        return 0, None


def _author(uri: str) -> str:
    """Return the DID in an at:// URI (the author, until the AppView names its handle)."""
    return uri.removeprefix("at://").split("/")[0]


def _item_time(item: Any) -> datetime | None:
    """Return when an item entered the feed: a repost's time, else the post's indexing time."""
    reason = item.reason
    stamp = getattr(reason, "indexed_at", None) if reason is not None else None
    return parse_time(stamp or item.post.indexed_at)


def _item_key(item: Any) -> str:
    """Return a feed item's identity: the post's URI, or URI plus reposter for a repost."""
    if item.reason is not None and getattr(item.reason, "by", None) is not None:
        return f"{item.post.uri}#repost:{item.reason.by.did}"
    return str(item.post.uri)


def _web_url(uri: str) -> str | None:
    """Return bsky.app's link for an at:// post URI."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) == 3 and parts[1] == "app.bsky.feed.post":
        return f"https://bsky.app/profile/{parts[0]}/post/{parts[2]}"
    return None


def _quoted(post: Any) -> SharedPost | None:
    """Return the post a quote embeds, with its author, when the view carries it."""
    embed = getattr(post, "embed", None)
    view = getattr(embed, "record", None)
    view = getattr(view, "record", view)  # recordWithMedia nests the record view one deeper
    uri = getattr(view, "uri", None)
    author = getattr(view, "author", None)
    if not uri or author is None:
        return None
    text = getattr(getattr(view, "value", None), "text", "") or ""
    return SharedPost("quote", uri, author.handle, text)


def _walk(thread: Any) -> list[tuple[Any, Any]]:
    """Return (reply, parent) for every reply under a threadViewPost, depth first; deleted or blocked ones skipped."""
    out: list[tuple[Any, Any]] = []
    for child in getattr(thread, "replies", None) or []:
        post = getattr(child, "post", None)
        if post is None:
            continue  # notFoundPost or blockedPost
        out.append((post, thread.post))
        out += _walk(child)
    return out
