"""Bluesky's Jetstream, read for the monitored accounts: their posts, reposts and deletions within seconds.

A thread holds one WebSocket to Jetstream's /subscribe, asking for app.bsky.feed.post and .repost
commits and the identity and account events of the monitored DIDs only (sent in an options_update
message after connecting, as Jetstream allows when the list is too long for a URL). Events wait in a
buffer until the Bluesky adapter hands them to a poll cycle; the cycle stores the newest time_us it
handed back as the stream's cursor in the same transaction as the posts, so after a crash or a
restart the stream is resumed from what was stored and nothing is lost (what comes twice is the same
post, which the store keeps once). The thread reconnects by itself, from the newest event it received.

The thread tells the daemon through `wake`: "post" for anything a poll cycle should read now, "delete"
for a deleted post (its finding can be closed by the re-check).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

log = logging.getLogger(__name__)

COLLECTIONS = ("app.bsky.feed.post", "app.bsky.feed.repost")
MAX_BUFFER = 100_000  # events waiting for a cycle; beyond it the oldest go, and a reconcile reads the feeds
MAX_DELETED = 10_000  # deleted post URIs remembered for the re-check
RETRY_FIRST = 1.0  # seconds before reconnecting, doubling up to RETRY_MOST
RETRY_MOST = 60.0
OPEN_TIMEOUT = 10.0

Wake = Callable[[str], None]


def from_us(value: int) -> datetime:
    """Return a Jetstream time_us as an aware datetime."""
    return datetime.fromtimestamp(value / 1_000_000, UTC)


def to_us(when: datetime) -> int:
    """Return an aware datetime as Jetstream's time_us."""
    return int(when.timestamp() * 1_000_000)


@dataclass
class Health:
    """The stream's state: "connecting" (not tried yet), "up" or "down" (since when, why)."""

    state: str = "connecting"
    since: datetime | None = None
    reason: str = ""


class JetstreamConsumer:
    """One WebSocket to Jetstream for a set of DIDs, in a daemon thread, buffering what it receives."""

    def __init__(self, base_url: str, wake: Wake, cursor: int = 0) -> None:
        """Prepare to read from `cursor` (0: live only); nothing connects until want() names DIDs."""
        self.base_url = base_url.rstrip("/")
        self.wake = wake
        self.last = cursor  # the newest time_us received (or stored)
        self.health = Health()
        self.connections = 0
        self.dropped = False  # the buffer overflowed: some events were lost
        self.deleted: dict[str, int] = {}  # at:// URI of a post deleted on the stream -> its time_us
        self.fresh_deletes = False  # deletions the re-check has not looked at yet
        self._dids: frozenset[str] = frozenset()
        self._buffer: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def want(self, dids: set[str]) -> None:
        """Follow these DIDs (reconnecting when they change); start the thread the first time."""
        wanted = frozenset(d for d in dids if d)
        if wanted == self._dids and self._thread is not None:
            return
        self._dids = wanted
        self._changed.set()
        if self._thread is None and wanted:
            self._thread = threading.Thread(target=self._run, name="bluesky-jetstream", daemon=True)
            self._thread.start()

    def live(self) -> bool:
        """Say whether the stream is connected now."""
        return self.health.state == "up"

    def pending(self, after: int) -> list[dict[str, Any]]:
        """Return the buffered events newer than `after` (a stored cursor), dropping the older ones."""
        with self._lock:
            self._buffer = [e for e in self._buffer if e["time_us"] > after]
            return list(self._buffer)

    def stop(self) -> None:
        """Close the connection and end the thread."""
        self._stop.set()
        self._changed.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # -- the thread -----------------------------------------------------------------------------------

    def _url(self) -> str:
        """Return the /subscribe URL: collections and the cursor; the DIDs follow in the hello message."""
        query: list[tuple[str, str]] = [("wantedCollections", c) for c in COLLECTIONS]
        query.append(("requireHello", "true"))
        if self.last:
            query.append(("cursor", str(self.last)))
        return f"{self.base_url}/subscribe?{urlencode(query)}"

    def _run(self) -> None:
        """Connect, read until the connection ends or the DIDs change, and connect again after a pause."""
        retry = RETRY_FIRST
        while not self._stop.is_set():
            self._changed.clear()
            try:
                self._read(self._dids)
                retry = RETRY_FIRST
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI, TimeoutError, ValueError) as exc:
                self._down(f"{type(exc).__name__}: {exc}"[:200])
            if self._stop.is_set():
                break
            if not self._changed.is_set():
                self._down(self.health.reason or "the stream closed the connection")
                self._changed.wait(retry)
                retry = min(retry * 2, RETRY_MOST)

    def _read(self, dids: frozenset[str]) -> None:
        """Hold one connection: say hello with the DIDs, then buffer each event."""
        hello = {"type": "options_update", "payload": {"wantedCollections": list(COLLECTIONS),
                                                       "wantedDids": sorted(dids), "maxMessageSizeBytes": 0}}
        with connect(self._url(), proxy=None, open_timeout=OPEN_TIMEOUT, close_timeout=2, compression=None,
                     max_size=2**20) as socket:
            socket.send(json.dumps(hello))
            self.connections += 1
            self._up()
            while not self._stop.is_set() and not self._changed.is_set():
                try:
                    raw = socket.recv(timeout=0.5)
                except TimeoutError:
                    continue
                self._take(json.loads(raw))

    def _take(self, event: dict[str, Any]) -> None:
        """Buffer one event (once: a replay resends the event at the cursor) and wake the daemon."""
        stamp = event.get("time_us")
        if not isinstance(stamp, int) or stamp <= self.last or event.get("did") not in self._dids:
            return
        self.last = stamp
        with self._lock:
            self._buffer.append(event)
            if len(self._buffer) > MAX_BUFFER:
                del self._buffer[: len(self._buffer) - MAX_BUFFER]
                self.dropped = True
        commit = event.get("commit") or {}
        if commit.get("operation") == "delete" and commit.get("collection") == COLLECTIONS[0]:
            self.deleted[f"at://{event['did']}/{commit['collection']}/{commit.get('rkey')}"] = stamp
            while len(self.deleted) > MAX_DELETED:
                del self.deleted[next(iter(self.deleted))]
            self.fresh_deletes = True
        self.wake("delete" if commit.get("operation") == "delete" else "post")

    def _up(self) -> None:
        """Note the connection is up; log the recovery once."""
        if self.health.state == "down":
            log.info("bluesky: Jetstream is connected again (down since %s UTC); new posts arrive within seconds",
                     f"{self.health.since:%Y-%m-%d %H:%M}" if self.health.since else "?")
        self.health = Health("up", datetime.now(UTC))

    def _down(self, reason: str) -> None:
        """Note the connection is down; log it once, when it goes down."""
        if self.health.state != "down":
            log.warning("bluesky: Jetstream cannot be reached (%s); reading Bluesky's feeds every cycle instead "
                        "until it can", reason)
            self.health = Health("down", datetime.now(UTC), reason)
