"""Weekly report generation time with 1M stored posts and 10k findings in SQLite.

Run: .venv/bin/python bench/bench_report.py [--posts 1000000] [--findings 10000] [--repeat 3] [--keep DIR]

The database is filled with SQLAlchemy Core executemany (no ORM objects): posts spread over 13 weeks
across residents, the registered accounts and their replies; findings over 10 weeks in every rule,
severity and state; a poll run every 15 minutes; daily spend. Then the report for the last week is
made --repeat times, each stage timed: gather (the SQL), HTML (with the chart), text, CSV, PDF.
The aim is under 5 s in all. Figures are medians; the last line is a JSON object of them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.checks import CHECKS  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.report import charts  # noqa: E402
from monitor.report.csvout import findings_csv  # noqa: E402
from monitor.report.data import gather  # noqa: E402
from monitor.report.pdf import html_to_pdf  # noqa: E402
from monitor.report.render import render_html, render_text  # noqa: E402
from monitor.report.schedule import Week  # noqa: E402
from monitor.store.db import migrate, open_database, session_scope  # noqa: E402
from monitor.store.models import SQLModel  # noqa: E402

CONFIG = ROOT / "config" / "example.toml"
WEEK = Week(2027, 15)
NOW = datetime(2027, 4, 19, 7, 0, tzinfo=UTC)  # Monday 08:00 BST
SPAN = timedelta(weeks=13)
CHUNK = 50_000
REGISTERED = [("x", "BrackleyTC", "official"), ("facebook", "BrackleyTownCouncil", "official"),
              ("x", "CllrJWhitfield", "councillor"), ("x", "TomOkaforBTC", "councillor"),
              ("x", "PriyaSharmaBTC", "councillor"), ("facebook", "CllrPriyaSharma", "councillor"),
              ("x", "DaveHughesCllr", "councillor"), ("x", "MEllisBrackley", "councillor")]
TEXTS = ["When is the green bin collected?", "Thanks for the update!", "The road is still closed, why?",
         "Great event at the Town Hall.", "Who do I call about the streetlight on Halse Road?",
         "Lovely walk by the river this morning."]
STATES = ["open", "alerted", "acknowledged", "dismissed", "resolved"]


def table(name: str) -> Any:
    """Return a Core table."""
    return SQLModel.metadata.tables[name]


def chunks(rows: Iterator[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """Yield lists of rows."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def post_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Yield n posts: 10 % by registered accounts, 25 % of the rest replies to official posts."""
    start = WEEK.end(load_config(CONFIG).zone) - SPAN
    official_ids: list[tuple[str, str]] = []
    for i in range(n):
        created = start + timedelta(seconds=rng.randrange(int(SPAN.total_seconds())))
        if i % 10 == 0:
            platform_, handle, role = REGISTERED[rng.randrange(len(REGISTERED))]
            reply_to = None
        else:
            platform_, handle, role = ("x" if i % 3 else "facebook"), f"resident{rng.randrange(50_000)}", "other"
            reply_to = official_ids[rng.randrange(len(official_ids))] if official_ids and i % 4 == 0 else None
        post_id = f"{i:019d}"
        if role == "official":
            official_ids.append((platform_, post_id))
            if len(official_ids) > 5_000:
                official_ids.pop(0)
        yield {"platform": reply_to[0] if reply_to else platform_, "post_id": post_id, "handle": handle,
               "handle_key": handle.lower(), "role": role, "created_at": created, "text": rng.choice(TEXTS),
               "reply_to": reply_to[1] if reply_to else None, "reply_to_handle": None, "conversation_id": None,
               "shared_kind": None, "shared_post_id": None, "shared_handle": None, "shared_text": None,
               "url": None, "fetched_at": created, "has_findings": False}


def finding_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Yield n findings over the last ten weeks in every rule, severity and state."""
    end = NOW - timedelta(hours=8)
    for i in range(n):
        check = CHECKS[i % len(CHECKS)]
        first = end - timedelta(seconds=rng.randrange(10 * 7 * 86_400))
        state = STATES[i % len(STATES)]
        closed = first + timedelta(hours=rng.randrange(1, 200)) if state in ("dismissed", "resolved") else None
        handle = REGISTERED[i % len(REGISTERED)][1] if i % 3 else f"resident{i}"
        yield {"rule": check.rule, "subject": f"x:{handle.lower()}:{i}", "platform": "x", "handle": handle,
               "handle_key": handle.lower(), "post_id": f"{i * 97:019d}", "severity": check.severity,
               "clause": check.clause, "message": check.summary,
               "evidence_json": json.dumps({"excerpt": rng.choice(TEXTS), "score": 0.8, "reasons": ["bench"]}),
               "state": state, "first_seen": first, "last_seen": first, "alerted_at": None,
               "closed_at": min(closed, end) if closed else None, "reopened": 0}


def run_rows() -> Iterator[dict[str, Any]]:
    """Yield a poll of each platform every 15 minutes for five weeks."""
    at = NOW - timedelta(weeks=5)
    while at < NOW:
        for job in ("poll:x", "poll:facebook"):
            yield {"job": job, "started_at": at, "finished_at": at + timedelta(seconds=30), "status": "ok",
                   "requests": 3, "new_posts": 10, "findings": 0, "error": None}
        at += timedelta(minutes=15)


def spend_rows() -> Iterator[dict[str, Any]]:
    """Yield a day of X reads for each day of the quarter."""
    day = date(2027, 1, 1)
    while day <= date(2027, 4, 18):
        yield {"day": day, "platform": "x", "kind": "post_read", "count": 300, "usd": 1.5}
        day += timedelta(days=1)


def fill(engine: Engine, posts: int, findings: int) -> dict[str, float]:
    """Bulk-insert the benchmark's rows; return insert rates."""
    rng = random.Random(15)
    rates: dict[str, float] = {}
    for name, rows in (("post", post_rows(posts, rng)), ("finding", finding_rows(findings, rng)),
                       ("run", run_rows()), ("spend", spend_rows())):
        started, count = time.perf_counter(), 0
        for batch in chunks(rows):
            with engine.begin() as conn:
                conn.execute(insert(table(name)), batch)
            count += len(batch)
        rates[f"insert_{name}_rows_per_s"] = round(count / (time.perf_counter() - started))
    now_seen = NOW - timedelta(weeks=20)
    with engine.begin() as conn:
        conn.execute(insert(table("account")), [
            {"platform": p, "handle": h, "handle_key": h.lower(), "role": r, "display_name": h, "bio": "",
             "pinned_text": "", "monitorable": True, "first_seen": now_seen, "last_seen": NOW, "last_post_at": None}
            for p, h, r in REGISTERED])
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return rates


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Return the median seconds of repeated calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(engine: Engine, repeat: int) -> dict[str, float]:
    """Time each stage of making the week's report."""
    config = load_config(CONFIG)

    def collect() -> Any:
        """Read the week's data in one transaction."""
        with session_scope(engine) as session:
            return gather(session.connection(), config, WEEK, NOW)

    t_gather, data = timed(collect, repeat)
    t_html, html = timed(lambda: render_html(data, charts.data_uri(charts.weekly_findings(data.numbers), "png"),
                                             charts.alt_text(data.numbers)), repeat)
    t_text, _ = timed(lambda: render_text(data), repeat)
    t_csv, csv_bytes = timed(lambda: findings_csv(data.records), repeat)
    t_pdf, pdf = timed(lambda: html_to_pdf(html), repeat)
    return {"gather_s": t_gather, "html_s": t_html, "text_s": t_text, "csv_s": t_csv, "pdf_s": t_pdf,
            "total_s": t_gather + t_html + t_text + t_csv + t_pdf, "csv_rows": len(data.records),
            "csv_bytes": len(csv_bytes), "pdf_bytes": len(pdf), "html_bytes": len(html)}


def machine() -> str:
    """Describe the machine the figures come from."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def main() -> int:
    """Fill a fresh SQLite database, make the report, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="keep the database in DIR (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench-report.sqlite"
        path.unlink(missing_ok=True)
        engine = open_database(f"sqlite:///{path}")
        migrate(engine)
        started = time.perf_counter()
        rates = fill(engine, args.posts, args.findings)
        fill_s = time.perf_counter() - started
        print(f"machine: {machine()}")
        print(f"filled {args.posts:,} posts and {args.findings:,} findings in {fill_s:.1f} s "
              f"({rates['insert_post_rows_per_s']:,} posts/s); database {path.stat().st_size / 1e6:.0f} MB")
        figures = measure(engine, args.repeat)
        engine.dispose()
    for stage in ("gather", "html", "text", "csv", "pdf", "total"):
        print(f"{stage:>7}: {figures[f'{stage}_s']:.3f} s (median of {args.repeat})")
    print(f"report: {figures['csv_rows']:,} findings in the CSV, PDF {figures['pdf_bytes'] / 1e3:.0f} kB; "
          f"{args.posts / figures['total_s']:,.0f} stored posts per second of report time; "
          f"aim < 5 s: {'met' if figures['total_s'] < 5 else 'NOT met'}")
    print(json.dumps({"posts": args.posts, "findings": args.findings, "machine": machine(), "fill_s": round(fill_s, 1),
                      **rates, **{k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
