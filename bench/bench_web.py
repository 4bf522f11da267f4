"""Server time of the web console's inbox and finding page over 10,000 open and 100,000 closed findings (SQLite).

Run: .venv/bin/python bench/bench_web.py [--open 10000] [--closed 100000] [--requests 60]
The console runs in this process under Starlette's TestClient (no network), signed in as a viewer; each
request is timed from send to the whole body read. Prints p50 and p95 per page and the machine; the aim
is p95 under 150 ms. The last line is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from monitor.config import load_config  # noqa: E402
from monitor.store import users  # noqa: E402
from monitor.store.db import migrate, open_database, session_scope  # noqa: E402
from monitor.store.models import FindingRow  # noqa: E402
from monitor.web.app import Web, create_app  # noqa: E402

NOW = datetime.now(UTC).replace(microsecond=0)
RULES = ["offensive", "personal-data", "missing-disclaimer", "impersonation", "personal-opinion", "confidential"]
HANDLES = ["CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "BrackleyTC", "BrackIeyTC"]


def fill(engine: object, open_count: int, closed_count: int) -> int:
    """Insert the findings in batches and return the id of an open one in the middle."""
    rng = random.Random(12)
    rows = []
    for i in range(open_count + closed_count):
        seen = NOW - timedelta(minutes=i)
        rule, handle = rng.choice(RULES), rng.choice(HANDLES)
        rows.append({"rule": rule, "subject": f"x:{handle.lower()}:{i}", "platform": "x", "handle": handle,
                     "handle_key": handle.lower(), "post_id": str(i), "severity": rng.choice(["high", "medium", "low"]),
                     "clause": "6.1", "message": f"finding {i}: {rule} by @{handle}", "evidence_json": "{}",
                     "state": "open" if i < open_count else rng.choice(["fixed", "dismissed"]),
                     "first_seen": seen, "last_seen": seen, "reopened": 0, "closed_note": ""})
    with session_scope(engine) as s:  # type: ignore[arg-type]
        for start in range(0, len(rows), 5000):
            s.connection().execute(insert(FindingRow), rows[start:start + 5000])
        users.add_user(s, "bench", "bench@example.org", "viewer", "bench password 123", "bench", NOW)
        s.flush()
        user = users.get_user(s, "bench")
        user.must_change_password = False
    return open_count // 2


def timed(client: TestClient, path: str, count: int) -> list[float]:
    """Return the milliseconds of each of count GETs of a page (after two warm-ups)."""
    for _ in range(2):
        assert client.get(path).status_code == 200
    out = []
    for _ in range(count):
        start = time.perf_counter()
        answer = client.get(path)
        out.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.text[:300]
    return out


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    """Build the database, sign in, time the pages, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STATE_DIRECTORY"] = tmp
        engine = open_database(f"sqlite:///{tmp}/bench.sqlite")
        migrate(engine)
        started = time.perf_counter()
        middle = fill(engine, args.open, args.closed)
        print(f"filled {args.open:,} open and {args.closed:,} closed findings in {time.perf_counter() - started:.1f} s")
        web = Web(config=load_config(ROOT / "config" / "example.toml"), engine=engine, link_key="bench")
        with TestClient(create_app(web), base_url="http://127.0.0.1") as client:
            page = client.get("/sign-in")
            csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            client.post("/sign-in", data={"csrf": csrf, "name": "bench", "password": "bench password 123"})
            figures: dict[str, object] = {}
            for name, path in (("inbox", "/"), ("inbox_search", "/?q=Okafor&state=all"),
                               ("finding", f"/findings/{middle}")):
                ms = timed(client, path, args.requests)
                figures[name] = {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 95), 1)}
                print(f"{name:13} p50 {figures[name]['p50_ms']:7.1f} ms   p95 {figures[name]['p95_ms']:7.1f} ms")  # type: ignore[index]
        engine.dispose()
    machine = f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
    print(f"machine: {machine}")
    print(json.dumps({"bench": "web", "open": args.open, "closed": args.closed, "requests": args.requests,
                      "machine": machine, **figures}))


if __name__ == "__main__":
    main()
