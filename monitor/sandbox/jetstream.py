"""A local Jetstream: Bluesky's JSON event stream over a WebSocket, fed by a Bluesky sandbox's network.

Messages have Jetstream's shapes: {"did", "time_us", "kind": "commit" | "identity" | "account", ...}; a
commit carries {"rev", "operation": "create" | "delete", "collection", "rkey", "record"?, "cid"?} for
app.bsky.feed.post and app.bsky.feed.repost. `GET /subscribe` takes `wantedDids`, `wantedCollections`
(a trailing ".*" is a prefix), `cursor` (a time_us: replay from there, within the replay window, then
live) and `requireHello=true` (wait for an {"type": "options_update", "payload": {...}} message first,
as Jetstream does for DID lists too long for a URL). Identity and account events pass wantedCollections.

The stream watches the Bluesky sandbox: a post appears on it once the sandbox's clock reaches the post's
time (time_us is that time), a deletion, a handle change or a takedown when the sandbox makes it. It can
be stopped and started again on the same port mid-run; what happened meanwhile is replayed from a cursor.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections import deque
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from monitor.sandbox.bluesky import POST_COLLECTION, BlueskySandbox, BskyPost, iso
from monitor.sandbox.server import Request, SandboxServer

REPOST_COLLECTION = "app.bsky.feed.repost"
REPLAY_WINDOW = timedelta(hours=24)  # Jetstream keeps about a day
WATCH_SECONDS = 0.05  # how often the sandbox's network is looked at for new events
MAX_EVENTS = 200_000  # the replay log is bounded by count too
# websockets logs "server listening" at INFO: the sandbox command prints its URL already.
QUIET = logging.getLogger("monitor.sandbox.jetstream.server")
QUIET.setLevel(logging.WARNING)


def time_us(when: datetime) -> int:
    """Return a moment as Jetstream's cursor: microseconds since the epoch."""
    return int(when.timestamp() * 1_000_000)


class JetstreamSandbox(SandboxServer):
    """Jetstream's /subscribe on 127.0.0.1 for one Bluesky sandbox; connections are recorded as requests."""

    name = "jetstream"

    def __init__(self, network: BlueskySandbox, window: timedelta = REPLAY_WINDOW) -> None:
        """Watch a Bluesky sandbox; what it already holds is history, not stream."""
        super().__init__()
        self.network = network
        self.window = window
        self.events: deque[dict[str, Any]] = deque()  # the replay log, oldest first
        self._appended = 0  # events ever logged: a position that survives trimming
        self._cond = threading.Condition()
        self._last_us = 0
        self._seq = 0
        self._emitted: set[str] = set()  # URIs whose create went out
        self._deleted: set[str] = set()  # URIs whose delete went out
        self._handles: dict[str, str] = {}  # DID -> handle last told
        self._status: dict[str, str] = {}  # DID -> account status last told
        self._port = 0
        self._server: Server | None = None
        self._stopping = threading.Event()
        self._connections: set[ServerConnection] = set()
        with network._data_lock:
            now = network.now()
            self._emitted = {p.uri for p in network.posts.values() if p.at <= now}
            self._deleted = {p.uri for p in network.posts.values() if p.deleted}
            self._handles = {a.did: a.handle for a in network.accounts.values()}
            self._status = {a.did: a.status for a in network.accounts.values()}

    # -- the clock is the Bluesky sandbox's -----------------------------------------------------------

    def now(self) -> datetime:
        """Return the Bluesky sandbox's time."""
        return self.network.now()

    def set_now(self, when: datetime) -> None:
        """Move the Bluesky sandbox's clock and put what that reveals on the stream."""
        self.network.set_now(when)
        self.sync()

    # -- events ---------------------------------------------------------------------------------------

    def sync(self) -> int:
        """Turn what changed in the network since the last look into events; return how many."""
        with self.network._data_lock:
            now = self.network.now()
            fresh: list[tuple[datetime, dict[str, Any]]] = []
            for post in self.network.posts.values():
                if post.uri not in self._emitted and post.at <= now:
                    self._emitted.add(post.uri)
                    fresh.append((post.at, self._commit(post, "create")))
                if post.deleted and post.uri in self._emitted and post.uri not in self._deleted:
                    self._deleted.add(post.uri)
                    fresh.append((now, self._commit(post, "delete")))
            for account in self.network.accounts.values():
                if self._handles.get(account.did, account.handle) != account.handle:
                    fresh.append((now, self._identity(account.did, account.handle, now)))
                if self._status.get(account.did, account.status) != account.status:
                    fresh.append((now, self._account(account.did, account.status, now)))
                self._handles[account.did] = account.handle
                self._status[account.did] = account.status
        if not fresh:
            return 0
        fresh.sort(key=lambda pair: pair[0])
        with self._cond:
            for when, event in fresh:
                # time_us is unique and only grows, as Jetstream's is: a late arrival takes the next microsecond.
                self._last_us = max(time_us(when), self._last_us + 1)
                event["time_us"] = self._last_us
                self.events.append(event)
                self._appended += 1
            floor = time_us(now - self.window)
            while self.events and (self.events[0]["time_us"] < floor or len(self.events) > MAX_EVENTS):
                self.events.popleft()
            self._cond.notify_all()
        return len(fresh)

    def _commit(self, post: BskyPost, operation: str) -> dict[str, Any]:
        """Return a commit event for a post or repost record."""
        collection, _, rkey = post.uri.removeprefix(f"at://{post.author}/").partition("/")
        commit: dict[str, Any] = {"rev": rkey, "operation": operation, "collection": collection, "rkey": rkey}
        if operation == "create":
            commit["record"] = self._record(post)
            commit["cid"] = post.cid
        return {"did": post.author, "time_us": 0, "kind": "commit", "commit": commit}

    def _record(self, post: BskyPost) -> dict[str, Any]:
        """Return the record as its author's repository holds it (app.bsky.feed.post or .repost)."""
        posts = self.network.posts
        if post.repost_of:
            subject = posts[post.repost_of]
            return {"$type": REPOST_COLLECTION, "createdAt": iso(post.at),
                    "subject": {"uri": subject.uri, "cid": subject.cid}}
        record: dict[str, Any] = {"$type": POST_COLLECTION, "createdAt": iso(post.at), "langs": ["en"],
                                  "text": post.text}
        if post.reply_to:
            parent, root = posts[post.reply_to], posts[post.root or post.reply_to]
            record["reply"] = {"root": {"uri": root.uri, "cid": root.cid}, "parent": {"uri": parent.uri,
                                                                                      "cid": parent.cid}}
        if post.quote_of:
            quoted = posts[post.quote_of]
            record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": quoted.uri, "cid": quoted.cid}}
        return record

    def _identity(self, did: str, handle: str, now: datetime) -> dict[str, Any]:
        """Return an identity event (a handle change)."""
        self._seq += 1
        return {"did": did, "time_us": 0, "kind": "identity",
                "identity": {"did": did, "handle": handle, "seq": self._seq, "time": iso(now)}}

    def _account(self, did: str, status: str, now: datetime) -> dict[str, Any]:
        """Return an account event (taken down, deactivated, or active again)."""
        self._seq += 1
        body: dict[str, Any] = {"active": not status, "did": did, "seq": self._seq, "time": iso(now)}
        if status:
            body["status"] = status
        return {"did": did, "time_us": 0, "kind": "account", "account": body}

    # -- serving --------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Return ws://127.0.0.1:PORT (the consumer adds /subscribe)."""
        assert self._server is not None, "server not started"
        return f"ws://127.0.0.1:{self._port}"

    @property
    def running(self) -> bool:
        """Say whether the stream is being served."""
        return self._server is not None

    def start(self) -> JetstreamSandbox:
        """Serve on 127.0.0.1 (the same port as before when restarted) and watch the network."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port))
        sock.listen(64)
        self._port = sock.getsockname()[1]
        # Each start has its own stop event: a subscriber or watcher of the last run never outlives its stop.
        self._stopping = threading.Event()
        self._server = serve(partial(self._handle, self._stopping), sock=sock, compression=None, ping_interval=None,
                             logger=QUIET)
        threading.Thread(target=self._server.serve_forever, name="jetstream-sandbox", daemon=True).start()
        threading.Thread(target=self._watch, args=(self._stopping,), name="jetstream-watch", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving: every subscriber is disconnected (events still accrue, for replay after a restart)."""
        server, self._server = self._server, None
        self._stopping.set()
        if server is not None:
            server.shutdown()
        for connection in list(self._connections):
            with contextlib.suppress(Exception):
                connection.close(1001, "going away")
        with self._cond:
            self._cond.notify_all()

    def _watch(self, stopping: threading.Event) -> None:
        """Look at the network every WATCH_SECONDS while served (a live sandbox's clock moves by itself)."""
        while not stopping.wait(WATCH_SECONDS):
            self.sync()

    def _handle(self, stopping: threading.Event, connection: ServerConnection) -> None:
        """Serve one subscriber: its filters, a replay from its cursor, then live events until it leaves."""
        request = connection.request
        path = request.path if request is not None else "/"
        parts = urlsplit(path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(Request("GET", parts.path, query, {}, b""))
        if parts.path != "/subscribe":
            connection.close(1008, "unknown path")
            return
        self._connections.add(connection)
        try:
            options = _Options.of(query)
            if query.get("requireHello", [""])[0] == "true":
                options = options.update(json.loads(connection.recv(timeout=30)))
            self._send_from(connection, options, stopping)
        except (ConnectionClosed, TimeoutError, ValueError, KeyError):
            pass
        finally:
            self._connections.discard(connection)

    def _send_from(self, connection: ServerConnection, options: _Options, stopping: threading.Event) -> None:
        """Send the replay (from the cursor; nothing old without one), then each new event as it comes."""
        with self._cond:
            if options.cursor is None:
                position = self._appended
            else:
                position = self._appended - sum(1 for e in self.events if e["time_us"] >= options.cursor)
        while not stopping.is_set():
            with self._cond:
                if position >= self._appended:
                    self._cond.wait(0.5)
                first = self._appended - len(self.events)
                pending = list(self.events)[max(position - first, 0):]
                position = self._appended
            for event in pending:
                if options.wants(event):
                    connection.send(json.dumps(event))
        connection.close(1001, "going away")


class _Options:
    """A subscriber's filters: wanted DIDs and collections, and the cursor."""

    def __init__(self, dids: set[str], collections: list[str], cursor: int | None) -> None:
        self.dids, self.collections, self.cursor = dids, collections, cursor

    @classmethod
    def of(cls, query: dict[str, list[str]]) -> _Options:
        """Read the query string's filters."""
        cursor = query.get("cursor", [""])[0]
        return cls(set(query.get("wantedDids", [])), list(query.get("wantedCollections", [])),
                   int(cursor) if cursor else None)

    def update(self, message: dict[str, Any]) -> _Options:
        """Apply an options_update message (Jetstream's subscriber-sourced message)."""
        if message.get("type") != "options_update":
            raise ValueError("expected options_update")
        payload = message.get("payload", {})
        return _Options(set(payload.get("wantedDids", self.dids)),
                        list(payload.get("wantedCollections", self.collections)), self.cursor)

    def wants(self, event: dict[str, Any]) -> bool:
        """Say whether an event passes the filters (identity and account events pass wantedCollections)."""
        if self.dids and event["did"] not in self.dids:
            return False
        if event["kind"] != "commit" or not self.collections:
            return True
        collection = event["commit"]["collection"]
        return any(collection == c or (c.endswith(".*") and collection.startswith(c[:-1]))
                   for c in self.collections)
