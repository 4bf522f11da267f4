"""Live streams: platforms whose adapters hear of new posts between polls (the "stream" feature).

At start-up each such adapter is handed its stored cursors (to resume where the store left off) and a
wake-up: a new post on the stream runs the platform's poll job at once, which hands the post to the
checks and the store like any other (so a post is alerted once, however many ways it arrived); a
deleted post runs the re-check at once. The streams close with the daemon.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import cast

from monitor.jobs.host import Host
from monitor.jobs.recheck import RECHECK
from monitor.platforms.base import Source
from monitor.platforms.registry import platform as platform_entry
from monitor.platforms.streaming import Streaming
from monitor.store.db import session_scope
from monitor.store.repo import get_cursors

log = logging.getLogger("monitor.jobs")


def streaming(name: str, source: Source) -> Streaming | None:
    """Return a source as a Streaming adapter when its platform has the feature."""
    return cast(Streaming, source) if platform_entry(name).has("stream") else None


def start_streams(daemon: Host) -> list[str]:
    """Start each streaming adapter's stream from the store's cursors; return the platforms streaming."""
    started = []
    for name, source in daemon.sources.items():
        stream = streaming(name, source)
        if stream is None:
            continue
        with session_scope(daemon.engine) as session:
            cursors = get_cursors(session, name)
        if stream.start_stream(cursors, partial(woken, daemon, name)):
            started.append(name)
    if started:
        log.info("following the live stream of %s", ", ".join(started))
    return started


def stop_streams(sources: dict[str, Source]) -> None:
    """Close every stream."""
    for name, source in sources.items():
        stream = streaming(name, source)
        if stream is not None:
            stream.stop_stream()


def woken(daemon: Host, name: str, kind: str) -> None:
    """Run the job a stream event calls for: the re-check after a deletion, else the platform's poll."""
    daemon.kick(RECHECK if kind == "delete" else f"poll:{name}")
