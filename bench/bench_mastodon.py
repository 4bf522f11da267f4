"""Requests per hour reading Mastodon: the adapter against a naive poller, over the sandbox's instances.

For 10, 100 and 1,000 registered accounts (one official, the rest councillors, spread over three instances),
each posting 3 times a day, it polls every 15 minutes of sandbox time with the real adapter (real Mastodon.py,
real HTTP) and counts the sandbox's requests; the naive poller reads one statuses page (limit 40) per account
per cycle and keeps nothing. It checks every status made during the run is handed back exactly once, and
reports how long after appearing each was found (sandbox time: the polling interval bounds it).

The adapter reads every known account 40 a request per instance (GET /api/v1/accounts?id[]=) and a
councillor's statuses only when statuses_count moved, or once a day (a run shorter than a day does not
include that: add accounts/24 requests an hour); the official account's newest page every cycle (its
replies_count). Profile refreshes and lookalike searches (hourly) are not counted here. The cycles run back to
back in wall time, so the sandbox's per-instance limit (300 requests per five minutes) is lifted; in service
the 15-minute spacing keeps 1,000 accounts under it after the first poll, which a limit spreads over cycles.

Run: .venv/bin/python bench/bench_mastodon.py [--hours 6]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.config import parse_config
from monitor.platforms.mastodon import MastodonSource
from monitor.sandbox.mastodon import MastodonSandbox

START = datetime(2026, 11, 26, 12, 3, tzinfo=UTC)
INTERVAL = timedelta(minutes=15)
POSTS_PER_DAY = 3.0
INSTANCES = ("mastodon.social", "mastodon.org.uk", "fosstodon.org")


def handles(accounts: int) -> list[str]:
    """Return the registered handles: the council's, then councillors spread over the instances."""
    return ["busytowntc@mastodon.social"] + [f"cllr{i:04d}@{INSTANCES[i % 3]}" for i in range(1, accounts)]


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
    return {"accounts": [{"acct": h, "display_name": f"Account {i}", "note": "Views my own."}
                         for i, h in enumerate(names)], "posts": posts}


def config_for(names: list[str], base_url: str) -> Any:
    """Return a config registering the accounts, routed to the sandbox."""
    return parse_config({
        "council": {"name": "Busytown Town Council"},
        "official": [{"platform": "mastodon", "handle": names[0]}],
        "councillors": [{"name": f"Councillor {i}", "accounts": [{"platform": "mastodon", "handle": h}]}
                        for i, h in enumerate(names[1:], 1)],
        "platforms": {"mastodon": {"base_url": base_url, "timeout_seconds": 30}},
    })


def run(accounts: int, hours: float) -> dict[str, Any]:
    """Poll for `hours` of sandbox time with the adapter and the naive poller; return the figures."""
    names = handles(accounts)
    server = MastodonSandbox(scenario(accounts, hours), START)
    server.rate_limit = 1_000_000
    server.start()
    try:
        source = MastodonSource(config_for(names, server.base_url))
        cursors: dict[str, str] = {}
        batch = source.fetch(cursors, START, False)
        assert not batch.errors, batch.errors
        cursors.update(batch.cursors)
        first_requests = server.count("/")
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
                seen[post.id.partition("/")[2]] = seen.get(post.id.partition("/")[2], 0) + 1
                delays.append((now - post.created_at).total_seconds())
        adapter_seconds = time.perf_counter() - wall
        adapter_requests = server.count("/") - first_requests
        made = {s.id for s in server.statuses.values() if START < s.at <= START + INTERVAL * cycles}
        before = server.count("/")
        for i in range(1, cycles + 1):  # the naive poller: one statuses page per account per cycle
            server.set_now(START + INTERVAL * i)
            for handle in names:
                account = server.account(handle)
                url = f"{server.base_url}/{account.domain}/api/v1/accounts/{account.id}/statuses?limit=40"
                with urllib.request.urlopen(url, timeout=30) as reply:
                    reply.read()
        naive_requests = server.count("/") - before
    finally:
        server.stop()
    per_hour = adapter_requests / hours
    naive_per_hour = naive_requests / hours
    delays.sort()
    return {"accounts": accounts, "hours": hours, "first_poll_requests": first_requests,
            "requests_per_hour": round(per_hour, 1), "naive_requests_per_hour": round(naive_per_hour, 1),
            "ratio_to_naive": round(per_hour / naive_per_hour, 3), "new_posts": len(made),
            "found_exactly_once": all(seen.get(s) == 1 for s in made) and len(seen) == len(made),
            "found_after_p50_s": round(statistics.median(delays), 1) if delays else None,
            "found_after_p95_s": delays[int(0.95 * (len(delays) - 1))] if delays else None,
            "adapter_wall_seconds": round(adapter_seconds, 2)}


def main() -> None:
    """Run the three sizes and print the figures, the last line JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=6.0, help="sandbox hours polled per size (default 6)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    results = []
    for accounts in (10, 100, 1000):
        figures = run(accounts, args.hours)
        results.append(figures)
        print(f"{accounts:>5} accounts: {figures['requests_per_hour']:>8} requests/hour (naive "
              f"{figures['naive_requests_per_hour']}, ratio {figures['ratio_to_naive']}); "
              f"{figures['new_posts']} new statuses, found exactly once: {figures['found_exactly_once']}; "
              f"found after p50 {figures['found_after_p50_s']} s, p95 {figures['found_after_p95_s']} s (sandbox time)",
              flush=True)
    print(json.dumps({"benchmark": "mastodon", "machine": {"processor": platform.processor(),
                                                           "cpus": os.cpu_count()}, "results": results}))


if __name__ == "__main__":
    main()
