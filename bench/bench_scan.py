"""Scan throughput and peak memory for 1k, 10k and 100k generated records, all checks on.

Run: .venv/bin/python bench/bench_scan.py [--sizes 1000,10000,100000]
Each size runs scan's streaming code (monitor.commands.scan.scan_stream) in its own process (one core),
timed wall-clock after start-up, peak RSS from wait4. Peak memory from 10k to 1M records and a 100 MB line:
bench/bench_scan_memory.py.
The last line is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "example.toml"
NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)

OFFICIAL = ["BrackleyTC"]
COUNCILLORS = ["CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "DaveHughesCllr", "MEllisBrackley"]
TEXTS = [
    "Reminder: the recycling centre on Station Road is closed on Monday for maintenance.",
    "Full Council meets on Tuesday at 7pm in the Town Hall. Agenda and papers are on our website.",
    "Thanks to everyone who came to the Christmas lights switch-on! What a turnout.",
    "The Market Place car park will be resurfaced from 3 to 7 March; please use the Manor Road car park.",
    "Great to meet residents at the surgery this morning. Lots of questions about the new crossing.",
    "When will the potholes on Halse Road be fixed? It's been weeks.",
    "Budget for 2027/28 agreed: precept rises by £4.12 a year for a Band D home.",
    "Planning application 24/01234/FUL for the old bakery is open for comments until 14 May.",
    "I think the new bus timetable is a disgrace, frankly.",
    "Call Jo on 07911 123456 if you want to help with the litter pick.",
    "Polling stations are open 7am to 10pm on Thursday 6 May. Bring photo ID.",
    "Another lovely walk along the river this morning 🌿 #Brackley",
]


def records(n: int, seed: int = 7) -> Iterator[str]:
    """Yield n scan records: about 2 % profiles, the rest posts, replies and residents' questions."""
    rng = random.Random(seed)
    for handle in OFFICIAL + COUNCILLORS:
        role = "official" if handle in OFFICIAL else "councillor"
        yield json.dumps({"kind": "account", "platform": "x", "handle": handle, "role": role,
                          "display_name": handle, "bio": "Views my own. Mon-Fri 9-5."})
    for i in range(n - len(OFFICIAL + COUNCILLORS)):
        created = NOW - timedelta(minutes=rng.randrange(0, 60 * 24 * 14))
        if i % 50 == 0:
            handle = f"resident{rng.randrange(10_000)}"
            yield json.dumps({"kind": "account", "platform": "x", "handle": handle,
                              "display_name": f"Resident {i}", "bio": "Dog walker. Brackley born."})
            continue
        roll = rng.random()
        resident = f"resident{rng.randrange(10_000)}"
        handle = OFFICIAL[0] if roll < 0.3 else rng.choice(COUNCILLORS) if roll < 0.6 else resident
        record = {"kind": "post", "platform": "x", "handle": handle, "id": str(10**17 + i),
                  "created_at": created.isoformat(), "text": rng.choice(TEXTS)}
        if handle.startswith("resident") and i > 10:
            record["reply_to"] = str(10**17 + rng.randrange(0, i))
        yield json.dumps(record)


def write_records(path: Path, n: int) -> int:
    """Write n generated records to a file, one a line; return how many are posts."""
    posts = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in records(n):
            posts += '"kind": "post"' in line
            out.write(line + "\n")
    return posts


def child(path: Path) -> None:
    """Scan a file the way `council-monitor scan` does and print the seconds spent after start-up."""
    from monitor.commands.scan import Output, profiles_ahead, scan_stream
    from monitor.config import load_config
    from monitor.engine import StreamRun

    config = load_config(CONFIG)
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream, open(os.devnull, "w") as out:
        output = Output(str(path), False, out, sys.stderr)
        status = scan_stream(stream, StreamRun(config, NOW, profiles=profiles_ahead(stream, config)), output)
    if output.bad_lines or output.failures:
        raise SystemExit(f"scan exited {status}: the generated records should all be good")
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                      "findings": output.findings}))


def run_scan(path: Path) -> tuple[dict[str, float], int]:
    """Scan a file in a fresh process; return its figures and its peak RSS in KiB."""
    cmd = [sys.executable, __file__, "--child", str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("scan child failed")
    return json.loads(output), usage.ru_maxrss


def main() -> None:
    """Generate, scan and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()}; one process per size, one core")
    figures: dict[str, object] = {"machine": f"{platform.machine()} cpus={os.cpu_count()}"}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"records-{n}.jsonl"
            posts = write_records(path, n)
            result, rss = run_scan(path)
            rate = n / result["seconds"]
            post_rate = posts / result["seconds"]
            cpu_rate = posts / result["cpu_seconds"]
            print(f"{n:>7} records: {result['seconds']:6.2f} s, {rate:7.0f} records/s, {post_rate:7.0f} posts/s "
                  f"({cpu_rate:.0f} per CPU second), peak RSS {rss / 1024:5.0f} MiB, {result['findings']:.0f} findings")
            figures[str(n)] = {"seconds": round(result["seconds"], 3), "records_per_s": round(rate),
                               "posts_per_s": round(post_rate), "posts_per_cpu_s": round(cpu_rate),
                               "peak_rss_mib": round(rss / 1024), "findings": result["findings"]}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
