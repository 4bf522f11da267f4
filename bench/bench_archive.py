"""The FOI archive at a year of a busy official account: how fast search and export are.

Run: .venv/bin/python bench/bench_archive.py [--posts 3000] [--comments 20000] [--runs 7]
With TEST_POSTGRES_URL set (source scripts/postgres.sh) PostgreSQL is measured too, in a schema of its
own that is dropped afterwards.

A year of an official X account (3,000 posts, 20,000 residents' comments in their threads, texts of
council business with accents and some edits) is archived through archive_posts, a poll's worth at a
time as the daemon does (timed, without the commits: what archiving adds to a poll). Then each query is
searched `--runs` times through the store's search (the median and the slowest are shown), and once through the whole
`council-monitor archive search` command in this process (config, migration check, query, printing).
A query that matches nothing reads every row: it is the slowest case. The aim is under 1 second on
each backend. A JSONL and a CSV export of the whole year are timed too. The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from monitor.cli import main  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.records import Post  # noqa: E402
from monitor.store.archive import archive_posts, search  # noqa: E402
from monitor.store.db import migrate, open_database, session_scope  # noqa: E402

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
OFFICIAL = "BrackleyTC"  # the example config's official X account
VOCABULARY = ("bin collection parking permit planning application Market Square café Tuesday meeting agenda "
              "minutes councillor allotment footpath streetlight Christmas lights consultation budget precept grant "
              "library play area skate park cemetery Remembrance Sunday road closure résumé naïve Brackley town hall "
              "volunteers litter pick flooding drainage bus shelter dog fouling events summer fête")
WORDS = VOCABULARY.split()
QUERIES: tuple[tuple[str, str, dict[str, bool]], ...] = (
    ("common word", "meeting", {}), ("two words", "parking permit", {}), ("accented, as typed", "CAFE", {}),
    ("one month", "bin collection", {"month": True}), ("one account", "consultation", {"account": True}),
    ("no match (reads every row)", "zzyzzx", {}))
EXAMPLE = ROOT / "config" / "example.toml"


def machine() -> str:
    """Return the CPU model, core count, OS and Python."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.exists() else []:
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Return council-business text of between low and high words."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def year(posts: int, comments: int) -> list[list[Post]]:
    """Return a year of posts and comments, grouped as the polls would fetch them (every 15 minutes)."""
    rng = random.Random(11)
    records: list[Post] = []
    for n in range(posts):
        at = START + timedelta(minutes=n * 365 * 24 * 60 // posts)
        post_id = str(1_900_000_000_000_000_000 + n)
        records.append(Post(platform="x", handle=OFFICIAL, id=post_id, created_at=at, text=sentence(rng, 12, 45),
                            role="official", conversation_id=post_id))
    roots = list(records)
    for n in range(comments):
        root = rng.choice(roots)
        at = root.created_at + timedelta(minutes=rng.randint(1, 600))
        author = f"resident{rng.randint(1, 2500)}"
        records.append(Post(platform="x", handle=author, id=str(1_950_000_000_000_000_000 + n), created_at=at,
                            text=sentence(rng, 3, 30), role="other", reply_to=root.id,
                            reply_to_handle=OFFICIAL, conversation_id=root.id))
    records.sort(key=lambda p: p.created_at)
    polls: dict[datetime, list[Post]] = {}
    for post in records:
        polls.setdefault(post.created_at.replace(minute=post.created_at.minute // 15 * 15), []).append(post)
    return list(polls.values())


def fill(engine: Engine, config_path: Path, posts: int, comments: int) -> tuple[int, float]:
    """Archive the year poll by poll (with 2% of official posts edited later); return versions and seconds taken."""
    config = load_config(config_path)
    polls = year(posts, comments)
    rng = random.Random(5)
    versions, spent = 0, 0.0
    # Fifty polls a transaction: in the daemon the archive rides on the poll's own commit, so a commit per
    # poll here would time the disk, not the archiving.
    for start in range(0, len(polls), 50):
        with session_scope(engine) as session:
            for batch in polls[start:start + 50]:
                began = time.perf_counter()
                versions += archive_posts(session, config, batch, batch[-1].created_at + timedelta(minutes=15))
                edits = [Post(platform=p.platform, handle=p.handle, id=p.id, created_at=p.created_at,
                              text=p.text + " (corrected)", role=p.role) for p in batch
                         if p.role == "official" and rng.random() < 0.02]
                versions += archive_posts(session, config, edits, batch[-1].created_at + timedelta(hours=1))
                spent += time.perf_counter() - began
    return versions, spent


def time_queries(engine: Engine, runs: int) -> dict[str, dict[str, float | int]]:
    """Search each query `runs` times; return its median and slowest milliseconds and how many it found."""
    out: dict[str, dict[str, float | int]] = {}
    for name, words, options in QUERIES:
        since = START + timedelta(days=120) if options.get("month") else None
        until = START + timedelta(days=151) if options.get("month") else None
        account = "resident7" if options.get("account") else None
        times, found = [], 0
        for _ in range(runs):
            with session_scope(engine) as session:
                began = time.perf_counter()
                found = len(search(session, words, since, until, account, limit=201))
                times.append((time.perf_counter() - began) * 1000)
        out[name] = {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1), "found": found}
    return out


def command_ms(config_path: Path, *argv: str) -> float:
    """Return the milliseconds `council-monitor archive ...` takes in this process (output discarded)."""
    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["archive", argv[0], "--config", str(config_path), *argv[1:]])
    return round((time.perf_counter() - began) * 1000, 1)


@contextlib.contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    """Yield the URL of a new schema on the test server; drop it afterwards."""
    schema = f"bench_archive_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(make_url(server).set(drivername="postgresql+psycopg"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def measure(url: str, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Fill one database and time archiving, the searches, the command and the exports."""
    config_path = tmp / "config.toml"
    config_path.write_text(EXAMPLE.read_text().replace('\nurl = ""', f'\nurl = "{url}"', 1))
    engine = open_database(url)
    migrate(engine)
    try:
        versions, fill_seconds = fill(engine, config_path, args.posts, args.comments)
        queries = time_queries(engine, args.runs)
    finally:
        engine.dispose()
    command = {"search no match": command_ms(config_path, "search", "zzyzzx"),
               "search common word": command_ms(config_path, "search", "meeting")}
    exports = {fmt: command_ms(config_path, "export", "--out", str(tmp / f"year.{fmt}")) for fmt in ("jsonl", "csv")}
    return {"versions": versions, "archive_seconds": round(fill_seconds, 2), "queries": queries,
            "command_ms": command, "export_ms": exports,
            "export_bytes": {fmt: (tmp / f"year.{fmt}").stat().st_size for fmt in ("jsonl", "csv")}}


def report(name: str, figures: dict[str, Any], polls: int) -> None:
    """Print one backend's figures for a person."""
    print(f"\n{name}: {figures['versions']:,} versions archived in {figures['archive_seconds']} s "
          f"({float(figures['archive_seconds']) * 1000 / polls:.1f} ms a poll over {polls:,} polls)")
    for query, result in figures["queries"].items():
        print(f"  search {query:<28} median {result['median_ms']:7.1f} ms, slowest {result['max_ms']:7.1f} ms, "
              f"{result['found']} found (at most 201)")
    for what, ms in figures["command_ms"].items():
        print(f"  council-monitor archive {what:<22} {ms:7.1f} ms in-process (config, migration check, query, print)")
    for fmt, ms in figures["export_ms"].items():
        print(f"  export the year as {fmt:<5} {ms:8.1f} ms, {figures['export_bytes'][fmt]:,} bytes")


def main_bench() -> None:
    """Run the benchmark on SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    polls = len(year(args.posts, args.comments))
    print(f"machine: {machine()}")
    print(f"a year of @{OFFICIAL}: {args.posts:,} posts and {args.comments:,} comments in {polls:,} polls")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "sqlite").mkdir()
        results["sqlite"] = measure(f"sqlite:///{tmp}/sqlite/monitor.sqlite", Path(tmp) / "sqlite", args)
        report("SQLite", results["sqlite"], polls)
        server = os.environ.get("TEST_POSTGRES_URL")
        if server:
            (Path(tmp) / "postgres").mkdir()
            with postgres_schema(server) as url:
                results["postgresql"] = measure(url, Path(tmp) / "postgres", args)
            report("PostgreSQL", results["postgresql"], polls)
        else:
            print("\nPostgreSQL: skipped (TEST_POSTGRES_URL is unset; source scripts/postgres.sh)")
    slowest = max(q["max_ms"] for r in results.values() for q in r["queries"].values())
    print(f"\nslowest search: {slowest} ms (aim: under 1000 ms)")
    print(json.dumps({"bench": "archive", "machine": machine(), "posts": args.posts, "comments": args.comments,
                      "slowest_search_ms": slowest, "under_one_second": slowest < 1000, **results}))


if __name__ == "__main__":
    main_bench()
