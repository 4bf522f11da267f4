"""Requests and billable reads per X poll cycle: the adapter's plan against a naive poller, over the sandbox.

For 10, 100 and 1,000 registered accounts, each posting 3 times a day, it polls every 15 minutes of
sandbox time with the real adapter (real tweepy, real HTTP) and, on a second sandbox with the same
posts, with the naive approach (one timeline call per account per cycle, no cursor, X's default page
of 10). Both sandboxes bill like X: each post or user once per UTC day. The first poll of the adapter
(profiles, ids, a day of back posts) is reported on its own; the figures per cycle are the steady state
that follows. The simulated day crosses midnight UTC, so re-reads that X would bill again are counted.

Run: .venv/bin/python bench/bench_polling.py [--cycles-small 96 --cycles-large 16]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import tweepy

from monitor.config import Config, parse_config
from monitor.platforms.base import Usage
from monitor.platforms.http import routed_session
from monitor.platforms.x import POST_FIELDS, REAL_BASE, XSource
from monitor.sandbox.scenario import busy_handles, busy_scenario
from monitor.sandbox.x import XSandbox

START = datetime(2026, 11, 26, 12, 3, tzinfo=UTC)  # the day simulated runs to noon tomorrow
INTERVAL = timedelta(minutes=15)
POSTS_PER_DAY = 3.0
NAIVE_PAGE = 10  # what GET /2/users/:id/tweets returns when max_results is not given


def config_for(accounts: int, base_url: str) -> Config:
    """Return a council with one official account and accounts-1 councillors, X routed to a sandbox."""
    handles = busy_handles(accounts)
    return parse_config({
        "council": {"name": "Busy Town Council"},
        "official": [{"platform": "x", "handle": handles[0]}],
        "councillors": [{"name": f"Councillor {i}", "accounts": [{"platform": "x", "handle": h}]}
                        for i, h in enumerate(handles[1:], start=1)],
        "platforms": {"x": {"base_url": base_url, "timeout_seconds": 30}, "facebook": {"enabled": False}},
    })


def new_posts_between(server: XSandbox, start: datetime, end: datetime) -> int:
    """Return how many posts were created in (start, end]."""
    return sum(1 for p in server.posts.values() if start < p.created_at <= end)


def run_adapter(accounts: int, cycles: int) -> dict[str, Any]:
    """Poll with the adapter: one first poll, then `cycles` cycles; return the counts."""
    scenario = busy_scenario(accounts, POSTS_PER_DAY, days_before=1, days_after=cycles * INTERVAL / timedelta(days=1)
                             + 0.1, now=START)
    server = XSandbox(scenario, START)
    server.start()
    try:
        source = XSource(config_for(accounts, server.base_url), "bench-token")
        first = source.fetch({}, START, refresh_profiles=True)
        warm = {"requests": first.usage.requests, "post_reads": server.billed()["posts"],
                "user_reads": server.billed()["users"], "posts": len(first.posts)}
        cursors, usage, now, found = first.cursors, Usage(), START, 0
        for _ in range(cycles):
            now = server.advance(INTERVAL)
            batch = source.fetch(cursors, now, refresh_profiles=False)
            assert not batch.errors, batch.errors
            cursors, found = batch.cursors, found + len(batch.posts)
            usage.add(batch.usage)
        billed = server.billed()
        return {"first_poll": warm, "requests": usage.requests,
                "post_reads": billed["posts"] - warm["post_reads"], "user_reads": billed["users"] - warm["user_reads"],
                "new_posts": new_posts_between(server, START, now), "posts_found": found,
                "http_requests_seen": server.count("/2/")}
    finally:
        server.stop()


def run_naive(accounts: int, cycles: int) -> dict[str, Any]:
    """Poll naively: every account's timeline every cycle, no since_id; return the counts."""
    scenario = busy_scenario(accounts, POSTS_PER_DAY, days_before=1, days_after=cycles * INTERVAL / timedelta(days=1)
                             + 0.1, now=START)
    server = XSandbox(scenario, START)
    server.start()
    try:
        client = tweepy.Client(bearer_token="bench-token", return_type=dict)
        client.session = routed_session(REAL_BASE, 30, server.base_url, session=client.session)
        ids = [server.user_id(h) for h in busy_handles(accounts)]
        for user_id in ids:  # the first cycle, at START: its reads are the naive poller's "first poll"
            client.get_users_tweets(user_id, max_results=NAIVE_PAGE, tweet_fields=POST_FIELDS)
        warm = server.billed()
        now = START
        for _ in range(cycles):
            now = server.advance(INTERVAL)
            for user_id in ids:
                client.get_users_tweets(user_id, max_results=NAIVE_PAGE, tweet_fields=POST_FIELDS)
        billed = server.billed()
        return {"requests": server.count("/2/") - len(ids), "post_reads": billed["posts"] - warm["posts"],
                "new_posts": new_posts_between(server, START, now)}
    finally:
        server.stop()


def measure(accounts: int, cycles: int) -> dict[str, Any]:
    """Return the side-by-side figures for one account count."""
    began = time.perf_counter()
    ours = run_adapter(accounts, cycles)
    naive = run_naive(accounts, cycles)
    new = max(ours["new_posts"], 1)
    return {
        "accounts": accounts, "cycles": cycles, "new_posts": ours["new_posts"], "posts_found": ours["posts_found"],
        "adapter_requests_per_cycle": ours["requests"] / cycles,
        "naive_requests_per_cycle": naive["requests"] / cycles,
        "request_ratio": ours["requests"] / naive["requests"],
        "adapter_post_reads_per_new_post": ours["post_reads"] / new,
        "adapter_billable_reads_per_new_post": (ours["post_reads"] + ours["user_reads"]) / new,
        "naive_post_reads_per_new_post": naive["post_reads"] / new,
        "adapter_first_poll": ours["first_poll"],
        "seconds": round(time.perf_counter() - began, 2),
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print the figures side by side."""
    print(f"{'accounts':>8} {'cycles':>6} {'new':>6} {'req/cycle':>10} {'naive':>8} {'ratio':>7} "
          f"{'reads/new':>10} {'naive':>7} {'first poll (req, posts, users)':>31} {'secs':>6}")
    for r in rows:
        first = r["adapter_first_poll"]
        print(f"{r['accounts']:>8} {r['cycles']:>6} {r['new_posts']:>6} {r['adapter_requests_per_cycle']:>10.2f} "
              f"{r['naive_requests_per_cycle']:>8.0f} {r['request_ratio']:>7.3f} "
              f"{r['adapter_post_reads_per_new_post']:>10.3f} {r['naive_post_reads_per_new_post']:>7.2f} "
              f"{first['requests']:>15}, {first['post_reads']:>5}, {first['user_reads']:>5} {r['seconds']:>6}")


def main() -> int:
    """Run the benchmark and print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles-small", type=int, default=96, help="cycles for 10 and 100 accounts (96 = a day)")
    parser.add_argument("--cycles-large", type=int, default=16, help="cycles for 1,000 accounts (16 = 4 hours)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.platform()}, Python {platform.python_version()}")
    print(f"X, {POSTS_PER_DAY:g} posts per account per day, a poll every {INTERVAL.seconds // 60} minutes; "
          f"naive = one timeline call per account per cycle without since_id")
    rows = [measure(n, args.cycles_small if n < 1000 else args.cycles_large) for n in (10, 100, 1000)]
    print_table(rows)
    hundred = next(r for r in rows if r["accounts"] == 100)
    verdict = (hundred["request_ratio"] <= 0.1 and hundred["adapter_post_reads_per_new_post"] <= 1.05)
    print(f"aim at 100 accounts: requests <= 1/10 of naive ({hundred['request_ratio']:.3f}) and <= 1.05 post reads "
          f"per new post ({hundred['adapter_post_reads_per_new_post']:.3f}): {'met' if verdict else 'NOT met'}")
    print(json.dumps({"benchmark": "polling", "machine": {"processor": platform.processor(), "cpus": os.cpu_count()},
                      "results": rows, "aim_met": verdict}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
