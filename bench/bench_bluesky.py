"""Requests per hour reading Bluesky, polled and on Jetstream, against a naive poller; and post-to-email latency.

For 10, 100 and 1,000 registered accounts (one official, the rest councillors), each posting 3 times a
day, it polls every 15 minutes of sandbox time with the real adapter (real atproto, real HTTP) and counts
the sandbox's requests; the naive poller reads one getAuthorFeed page (50 items) per account per cycle and
keeps nothing. It checks every post made during the run is handed back by the adapter exactly once, and
reports how long after appearing each was found (sandbox time: the polling interval bounds it).

Polling (the fallback when Jetstream cannot be reached): the adapter reads every profile each cycle
(getProfiles, 25 a request) and a councillor's feed only when its postsCount moved, or once a day (the
reconcile, for reposts the count does not show; a run shorter than a day does not include it: add
accounts/24 requests an hour). The official account's feed is read every cycle (its reply counts).

Streaming: the same run with the sandbox's Jetstream (a real WebSocket) beside the AppView. The adapter
follows the accounts' DIDs on one connection and a cycle reads only the official account's feed, plus
getPosts for the posts that streamed reposts, quotes and replies point at; the figure adds the daily
reconcile (accounts/24 an hour) and counts the WebSocket connections apart.

Latency: the real daemon (APScheduler running, SQLite, Apprise to an aiosmtpd server on 127.0.0.1) follows
N Bluesky accounts on the Jetstream of a sandbox that keeps the wall clock; each trial a councillor posts a
breach (a resident's phone number) and the time until the alert email arrives is measured: the stream
wakes the Bluesky poll job, which checks, stores and queues the alert, and wakes the outbox.

Run: .venv/bin/python bench/bench_bluesky.py [--hours 6] [--trials 20]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402

from bench.bench_daemon import Arrivals, base_data, percentile, start_daemon  # noqa: E402
from monitor.config import parse_config  # noqa: E402
from monitor.demo import LocalSmtp  # noqa: E402
from monitor.platforms.bluesky import BlueskySource  # noqa: E402
from monitor.platforms.bluesky_stream import JetstreamConsumer  # noqa: E402
from monitor.sandbox.bluesky import BlueskySandbox  # noqa: E402
from monitor.sandbox.jetstream import JetstreamSandbox  # noqa: E402

START = datetime(2026, 11, 26, 12, 3, tzinfo=UTC)
INTERVAL = timedelta(minutes=15)
POSTS_PER_DAY = 3.0


def handles(accounts: int) -> list[str]:
    """Return the registered handles: the council's domain, then councillors under bsky.social."""
    return ["busytown-tc.gov.uk"] + [f"cllr{i:04d}.bsky.social" for i in range(1, accounts)]


def scenario(accounts: int, hours: float) -> dict[str, Any]:
    """Return accounts posting evenly POSTS_PER_DAY times a day, from a day before START to the run's end."""
    names = handles(accounts)
    period = timedelta(days=1) / POSTS_PER_DAY
    posts = []
    for i, handle in enumerate(names):
        at = START - timedelta(days=1) + period * ((0.5 + i * 0.618034) % 1.0)
        while at < START + timedelta(hours=hours):
            posts.append({"author": handle, "at": at.isoformat(), "text": f"Update from {handle} at {at:%H:%M}."})
            at += period
    posts.sort(key=lambda p: p["at"])
    return {"accounts": [{"handle": h, "displayName": f"Account {i}", "description": "Views my own."}
                         for i, h in enumerate(names)], "posts": posts}


def config_for(names: list[str], base_url: str, jetstream_url: str | None = None) -> Any:
    """Return a config registering the accounts, routed to the sandbox (and its Jetstream when given)."""
    bluesky: dict[str, Any] = {"base_url": base_url, "timeout_seconds": 30}
    if jetstream_url:
        bluesky["jetstream_url"] = jetstream_url
    return parse_config({
        "council": {"name": "Busytown Town Council"},
        "official": [{"platform": "bluesky", "handle": names[0]}],
        "councillors": [{"name": f"Councillor {i}", "accounts": [{"platform": "bluesky", "handle": h}]}
                        for i, h in enumerate(names[1:], 1)],
        "platforms": {"bluesky": bluesky},
    })


def wait_until(done: Any, seconds: float = 60.0) -> None:
    """Wait for the stream's thread; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("the stream did not deliver in time")
        time.sleep(0.005)


def run_streaming(accounts: int, hours: float) -> dict[str, Any]:
    """Follow the accounts on the sandbox's Jetstream for `hours` of sandbox time; return the figures."""
    names = handles(accounts)
    server = BlueskySandbox(scenario(accounts, hours), START)
    server.start()
    jetstream = JetstreamSandbox(server).start()
    source = BlueskySource(config_for(names, server.base_url, jetstream.base_url))
    try:
        source.start_stream({}, lambda kind: None)
        cursors: dict[str, str] = {}
        cursors.update(source.fetch(cursors, START, True).cursors)  # the start-up reconcile
        stream = source.stream
        assert isinstance(stream, JetstreamConsumer)
        wait_until(stream.live)
        first_requests = server.count("/xrpc/")
        seen: dict[str, int] = {}
        cycles = int(hours * 3600 / INTERVAL.total_seconds())
        for i in range(1, cycles + 1):
            now = START + INTERVAL * i
            jetstream.set_now(now)
            last = jetstream.events[-1]["time_us"] if jetstream.events else 0
            wait_until(lambda: stream.last >= last)  # noqa: B023  (the loop waits for this cycle's events)
            batch = source.fetch(dict(cursors), now, False)
            assert not batch.errors, batch.errors
            cursors.update(batch.cursors)
            for post in batch.posts:
                seen[post.id] = seen.get(post.id, 0) + 1
        requests = server.count("/xrpc/") - first_requests
        made = {_feed_id(server, p.uri) for p in server.posts.values() if START < p.at <= START + INTERVAL * cycles}
    finally:
        source.stop_stream()
        jetstream.stop()
        server.stop()
    per_hour = requests / hours + accounts / 24  # the daily reconcile reads each councillor's feed once
    return {"requests_per_hour": round(per_hour, 1), "websocket_connections": jetstream.count("/subscribe"),
            "new_posts": len(made),
            "found_exactly_once": all(seen.get(u) == 1 for u in made) and len(seen) == len(made)}


def _feed_id(server: BlueskySandbox, uri: str) -> str:
    """Return the id the adapter gives a sandbox record: its URI, or SUBJECT#repost:DID for a repost."""
    post = server.posts[uri]
    return f"{post.repost_of}#repost:{post.author}" if post.repost_of else uri


def latency(accounts: int, trials: int, seed: int = 7) -> dict[str, Any]:
    """Measure post-to-inbox latency through the running daemon following N accounts on Jetstream."""
    rng = random.Random(seed)
    names = handles(accounts)
    tmp = Path(tempfile.mkdtemp(prefix="bench-bluesky-"))
    server = BlueskySandbox({"accounts": scenario(accounts, 0)["accounts"], "posts": []}, datetime.now(UTC),
                            live=True)
    server.start()
    jetstream = JetstreamSandbox(server).start()
    arrivals = Arrivals()
    smtp = LocalSmtp(arrivals)  # type: ignore[arg-type]
    smtp.start()
    scheduler = None
    daemon = None
    try:
        data = base_data(tmp, smtp.port)
        data["platforms"]["x"]["enabled"] = data["platforms"]["facebook"]["enabled"] = False
        data["platforms"]["bluesky"] = {"base_url": server.base_url, "jetstream_url": jetstream.base_url}
        data["official"] = [{"platform": "bluesky", "handle": names[0]}]
        data["councillors"] = [{"name": f"Councillor {i}", "accounts": [{"platform": "bluesky", "handle": h}]}
                               for i, h in enumerate(names[1:], 1)]
        daemon = start_daemon(parse_config(data), datetime.now(UTC))
        scheduler = daemon.build_scheduler(BackgroundScheduler)
        scheduler.start()
        source = daemon.sources["bluesky"]
        assert isinstance(source, BlueskySource)
        wait_until(lambda: source.stream is not None and source.stream.live() and source._reconciled, 300)
        time.sleep(2)  # let the start-up jobs (digest, sweep, report checks) finish
        totals = []
        for i in range(trials):
            before, start = len(arrivals.times), time.perf_counter()
            server.add_post(names[1 + rng.randrange(len(names) - 1)],
                            f"Trial {i}: Mrs Jenkins at 14 Bridge Street needs a hand. Ring her on 07700 900{i:03d}.")
            wait_until(lambda: len(arrivals.times) > before, 120)  # noqa: B023
            totals.append(arrivals.times[before] - start)
            time.sleep(rng.uniform(0.2, 1.0))
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        if daemon is not None:
            daemon.close()
        smtp.stop()
        jetstream.stop()
        server.stop()
    totals.sort()
    return {"trials": trials, "p50_s": round(percentile(totals, 50), 2), "p95_s": round(percentile(totals, 95), 2)}


def run(accounts: int, hours: float) -> dict[str, Any]:
    """Poll for `hours` of sandbox time with the adapter and the naive poller; return the figures."""
    names = handles(accounts)
    server = BlueskySandbox(scenario(accounts, hours), START)
    server.start()
    try:
        source = BlueskySource(config_for(names, server.base_url))
        cursors: dict[str, str] = {}
        batch = source.fetch(cursors, START, True)
        cursors.update(batch.cursors)
        first_requests = server.count("/xrpc/")
        seen: dict[str, int] = {}
        delays: list[float] = []
        cycles = int(hours * 3600 / INTERVAL.total_seconds())
        wall = time.perf_counter()
        for i in range(1, cycles + 1):
            now = START + INTERVAL * i
            server.set_now(now)
            batch = source.fetch(dict(cursors), now, False)
            assert not batch.errors, batch.errors
            cursors.update(batch.cursors)
            for post in batch.posts:
                seen[post.id] = seen.get(post.id, 0) + 1
                delays.append((now - post.created_at).total_seconds())
        adapter_seconds = time.perf_counter() - wall
        adapter_requests = server.count("/xrpc/") - first_requests
        made = {p.uri for p in server.posts.values() if START < p.at <= START + INTERVAL * cycles}
        before = server.count("/xrpc/")
        for i in range(1, cycles + 1):  # the naive poller: one feed page per account per cycle
            server.set_now(START + INTERVAL * i)
            for handle in names:
                url = f"{server.base_url}/xrpc/app.bsky.feed.getAuthorFeed?actor={handle}&limit=50"
                with urllib.request.urlopen(url, timeout=30) as reply:
                    reply.read()
        naive_requests = server.count("/xrpc/") - before
    finally:
        server.stop()
    per_hour = adapter_requests / hours
    naive_per_hour = naive_requests / hours
    delays.sort()
    return {"accounts": accounts, "hours": hours, "first_poll_requests": first_requests,
            "requests_per_hour": round(per_hour, 1), "naive_requests_per_hour": round(naive_per_hour, 1),
            "ratio_to_naive": round(per_hour / naive_per_hour, 3),
            "new_posts": len(made),
            "found_exactly_once": all(seen.get(u) == 1 for u in made) and len(seen) == len(made),
            "found_after_p50_s": round(statistics.median(delays), 1) if delays else None,
            "found_after_p95_s": delays[int(0.95 * (len(delays) - 1))] if delays else None,
            "adapter_wall_seconds": round(adapter_seconds, 2)}


def main() -> None:
    """Run the three sizes and print the figures, the last line JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=6.0, help="sandbox hours polled per size (default 6)")
    parser.add_argument("--trials", type=int, default=20, help="latency trials per size (default 20)")
    parser.add_argument("--sizes", default="10,100,1000", help="account counts, comma-separated (default 10,100,1000)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    results = []
    for accounts in [int(n) for n in args.sizes.split(",")]:
        figures = run(accounts, args.hours)
        figures["streaming"] = run_streaming(accounts, args.hours)
        figures["streaming"]["ratio_to_naive"] = round(
            figures["streaming"]["requests_per_hour"] / figures["naive_requests_per_hour"], 3)
        figures["latency"] = latency(accounts, args.trials)
        results.append(figures)
        streamed, late = figures["streaming"], figures["latency"]
        print(f"{accounts:>5} accounts: polling {figures['requests_per_hour']:>8} requests/hour (naive "
              f"{figures['naive_requests_per_hour']}, ratio {figures['ratio_to_naive']}), found exactly once: "
              f"{figures['found_exactly_once']}, found after p95 {figures['found_after_p95_s']} s of sandbox time; "
              f"streaming {streamed['requests_per_hour']} requests/hour + {streamed['websocket_connections']} "
              f"WebSocket (ratio {streamed['ratio_to_naive']}), {streamed['new_posts']} new posts found exactly once: "
              f"{streamed['found_exactly_once']}; post to email p50 {late['p50_s']} s, p95 {late['p95_s']} s "
              f"({late['trials']} trials, real daemon)", flush=True)
    hundred = next((r for r in results if r["accounts"] == 100), results[-1])
    print(json.dumps({"benchmark": "bluesky", "machine": {"processor": platform.processor(),
                                                          "cpus": os.cpu_count()},
                      "results": results,
                      "aims_at_100": {"at_most_a_tenth_of_naive": hundred["streaming"]["ratio_to_naive"] <= 0.1,
                                      "every_post_once": hundred["streaming"]["found_exactly_once"],
                                      "p95_under_30_s": hundred["latency"]["p95_s"] < 30}}))


if __name__ == "__main__":
    main()
