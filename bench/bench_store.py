"""The store at the size of a long-running council: 1M posts, 10k findings, in SQLite (or any URL).

Run: .venv/bin/python bench/bench_store.py [--posts 1000000] [--findings 10000] [--url sqlite:///...]
Fills a fresh database with bulk inserts (not timed), then times the store's real calls: saving a
poll's batch (new, then re-fetched), loading the 14-day history, recording a cycle's findings,
listing open findings, the weekly report's kind of query (posts fetched and findings first seen
in a week, by indexes), a subject access export, and the retention purge. The last line is a
JSON object of the figures (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from monitor.config import load_config
from monitor.platforms.base import Batch
from monitor.records import Finding, Post
from monitor.store.db import migrate, open_database, session_scope
from monitor.store.export import export_account
from monitor.store.findings import Scope, list_findings, record_findings
from monitor.store.models import AccountRow, FindingRow, PostRow
from monitor.store.repo import load_history, save_batch
from monitor.store.retention import purge

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(UTC).replace(microsecond=0)  # real time: the audit triggers read the database's clock
DAYS = 120
HANDLES = ["BrackleyTC", "CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "DaveHughesCllr"]
RULES = ["offensive", "personal-data", "unanswered", "personal-opinion", "missing-disclaimer"]


def fill(engine: Engine, posts: int, findings: int, seed: int = 7) -> None:
    """Bulk-insert posts over DAYS days, resident accounts and findings (the untimed set-up)."""
    rng = random.Random(seed)
    table = PostRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for start in range(0, posts, 50_000):
            rows = []
            for i in range(start, min(posts, start + 50_000)):
                at = NOW - timedelta(minutes=rng.randrange(DAYS * 24 * 60))
                handle = rng.choice(HANDLES) if i % 3 else f"resident{i % 20_000}"
                rows.append({"platform": "x", "post_id": str(10**17 + i), "handle_key": handle.casefold(),
                             "handle": handle, "role": "other" if handle.startswith("resident") else "councillor",
                             "created_at": at, "fetched_at": at, "text": f"Post {i} about the Market Place car park",
                             "has_findings": i < findings})
            conn.execute(insert(table), rows)
        accounts = [{"platform": "x", "handle_key": f"resident{i}", "handle": f"resident{i}", "role": "other",
                     "monitorable": True, "first_seen": NOW - timedelta(days=i % DAYS),
                     "last_seen": NOW - timedelta(days=i % DAYS)} for i in range(20_000)]
        conn.execute(insert(AccountRow.__table__), accounts)  # type: ignore[attr-defined]
        conn.execute(insert(FindingRow.__table__), [  # type: ignore[attr-defined]
            {"rule": RULES[i % 5], "subject": f"x:h{i}:{10**17 + i}", "platform": "x", "handle": f"h{i}",
             "handle_key": f"h{i}", "post_id": str(10**17 + i), "severity": "medium", "clause": "6.4",
             "message": "m", "evidence_json": "{}", "state": ("alerted", "resolved", "dismissed")[i % 3],
             "first_seen": NOW - timedelta(hours=i), "last_seen": NOW, "reopened": 0}
            for i in range(findings)])


def timed(figures: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    """Run work once, store its wall-clock seconds under name, and return its result."""
    start = time.perf_counter()
    result = work()
    figures[name] = round(time.perf_counter() - start, 3)
    print(f"{name:<28} {figures[name]:8.3f} s")
    return result


def poll_batch(n: int = 500) -> Batch:
    """Return a poll's worth of new posts."""
    posts = [Post(platform="x", handle=HANDLES[i % 5], id=f"new{i}", created_at=NOW - timedelta(minutes=i),
                  text=f"New post {i}", role="councillor") for i in range(n)]
    return Batch(platform="x", posts=posts, cursors={"timeline": "new0"})


def in_session(engine: Engine, work: Callable[[Any], Any]) -> Callable[[], Any]:
    """Return a thunk running work in one transaction."""
    def thunk() -> Any:
        """Run the work in a session."""
        with session_scope(engine) as session:
            return work(session)
    return thunk


def weekly_queries(session: Any) -> tuple[Any, Any]:
    """Count a week's posts per author (fetched_at index) and findings per rule (first_seen index)."""
    week = NOW - timedelta(days=7)
    posts = session.connection().execute(select(PostRow.handle_key, func.count()).where(  # type: ignore[call-overload]
        PostRow.fetched_at >= week).group_by(PostRow.handle_key)).all()
    findings = session.connection().execute(select(FindingRow.rule, func.count()).where(  # type: ignore[call-overload]
        FindingRow.first_seen >= week).group_by(FindingRow.rule)).all()
    return posts, findings


def run(engine: Engine, posts: int, findings: int) -> dict[str, float]:
    """Fill the database and time each call."""
    figures: dict[str, float] = {}
    timed(figures, "fill (untimed set-up)", lambda: fill(engine, posts, findings))
    batch = poll_batch()
    timed(figures, "save_batch 500 new", in_session(engine, lambda s: save_batch(s, batch, NOW)))
    timed(figures, "save_batch 500 refetched", in_session(engine, lambda s: save_batch(s, batch, NOW)))
    history = timed(figures, "load_history 14 days", in_session(engine, lambda s: load_history(s, NOW)))
    print(f"  ({len(history.posts)} posts, {len(history.accounts)} accounts in the window)")
    cycle = [Finding("offensive", "x", HANDLES[0], f"new{i}", "medium", "6.4", "m") for i in range(100)]
    scopes = {Scope("offensive", "x", HANDLES[0].casefold(), f"new{i}") for i in range(500)}
    timed(figures, "record_findings 100/500", in_session(engine, lambda s: record_findings(s, cycle, scopes, NOW)))
    timed(figures, "list open findings", in_session(engine, lambda s: list_findings(s, active_only=True)))
    timed(figures, "weekly report queries", in_session(engine, weekly_queries))
    timed(figures, "export one account", in_session(engine, lambda s: export_account(s, "x", "resident42")))
    config = load_config(ROOT / "config" / "example.toml")
    purged = timed(figures, "purge (first, ~25% of posts)", in_session(engine, lambda s: purge(s, config, NOW)))
    print(f"  ({purged.as_dict()})")
    timed(figures, "purge (next day)", in_session(engine, lambda s: purge(s, config, NOW + timedelta(days=1))))
    return figures


def main() -> None:
    """Parse the options, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(args.url or f"sqlite:///{tmp}/bench.sqlite")
        migrate(engine)
        figures = run(engine, args.posts, args.findings)
        engine.dispose()
    machine = f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}, {engine.dialect.name}"
    print(f"machine: {machine}")
    print(json.dumps({"posts": args.posts, "findings": args.findings, "machine": machine, "seconds": figures}))


if __name__ == "__main__":
    main()
