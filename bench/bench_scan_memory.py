"""Peak memory of `council-monitor scan` from 10k to 1M records, and with a 100 MB line: it should stay flat.

Run: .venv/bin/python bench/bench_scan_memory.py [--sizes 10000,100000,1000000] [--long-line-mb 100]
Each input is generated into a temporary folder (bench_scan.py's mix: 2 % profiles, the rest posts, replies
and residents' questions) and scanned by the real command in its own process, `python -m monitor scan`,
output counted and thrown away. Peak memory is the child's peak RSS from wait4. The largest size is also
scanned from a pipe (stdin), which cannot be read twice. The long-line input is 1,000 records, one post
of --long-line-mb MB, then 1,000 more: the long line must be skipped while read, not held. The last line
is a JSON object of the figures.

What fills up, then stops: the checks' bounded memos, the newest 16,384 post ids (PostIds), SQLite's page cache
for the facts that settle residents' questions, and the thousand questions read back at a time at the end (the
rest wait on disk; in this mix about 7 in 1,000 records is a question that will be reported overdue, since nobody
answers). What still grows: 12 bytes an overdue question (where it waits on disk), and about 0.02 bytes a post id.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scan import CONFIG, NOW, records  # noqa: E402

MIB = 1024 * 1024


def write_long_line_input(path: Path, megabytes: int) -> None:
    """Write 1,000 records, one post whose text is megabytes long, then 1,000 records more."""
    good = list(records(2_000))
    head = json.dumps({"kind": "post", "platform": "x", "handle": "resident1", "id": "1", "reply_to": None,
                       "created_at": NOW.isoformat(), "text": ""})[:-2]  # ends before the text's closing quote
    with open(path, "wb") as out:
        out.write(("\n".join(good[:1_000]) + "\n").encode())
        out.write(head.encode())
        block = b"a" * MIB
        for _ in range(megabytes):
            out.write(block)
        out.write(b'"}\n')
        out.write(("\n".join(good[1_000:]) + "\n").encode())


def write_input(path: Path, n: int) -> None:
    """Write n generated records, one a line."""
    with open(path, "w", encoding="utf-8") as out:
        for line in records(n):
            out.write(line + "\n")


def scan(path: Path, from_pipe: bool = False) -> dict[str, float]:
    """Run scan on a file (or on its bytes through a pipe); return its seconds, peak RSS and what it wrote."""
    target = "-" if from_pipe else str(path)
    cmd = [sys.executable, "-m", "monitor", "scan", "--config", str(CONFIG), "--now", NOW.isoformat(), target]
    start = time.perf_counter()
    with open(path, "rb") as source, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=source if from_pipe else subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=err, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if from_pipe:
            source.close()  # the child holds its own copy of the descriptor
        assert proc.stdout is not None
        findings = 0
        while chunk := proc.stdout.read(MIB):
            findings += chunk.count(b"\n")
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        bad_lines = sum(1 for line in err if line.startswith(target.encode() + b":"))
    return {"seconds": round(time.perf_counter() - start, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "exit": os.waitstatus_to_exitcode(status), "findings": findings, "bad_lines": bad_lines}


def report(label: str, size_mb: float, result: dict[str, float]) -> None:
    """Print one run's figures."""
    print(f"{label:>24}: {size_mb:8.1f} MB in, peak RSS {result['peak_rss_mib']:6.1f} MiB, "
          f"{result['seconds']:6.1f} s, exit {result['exit']:.0f}, {result['findings']:.0f} findings, "
          f"{result['bad_lines']:.0f} bad line(s)")


def main() -> None:
    """Generate the inputs, scan each and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--long-line-mb", type=int, default=100)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()}; one scan process at a time")
    figures: dict[str, object] = {"machine": f"{platform.machine()} cpus={os.cpu_count()}"}
    peaks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"records-{n}.jsonl"
            write_input(path, n)
            result = scan(path)
            report(f"{n:,} records", path.stat().st_size / 1e6, result)
            figures[str(n)] = {**result, "input_mb": round(path.stat().st_size / 1e6, 1)}
            peaks.append(result["peak_rss_mib"])
            if n == max(sizes):
                piped = scan(path, from_pipe=True)
                report(f"{n:,} records, a pipe", path.stat().st_size / 1e6, piped)
                figures[f"{n}-pipe"] = piped
            path.unlink()
        path = Path(tmp) / "long-line.jsonl"
        write_long_line_input(path, args.long_line_mb)
        result = scan(path)
        report(f"a {args.long_line_mb} MB line", path.stat().st_size / 1e6, result)
        figures[f"line-{args.long_line_mb}mb"] = {**result, "input_mb": round(path.stat().st_size / 1e6, 1)}
    print(f"peak RSS at {sizes[-1]:,} records is {peaks[-1] / peaks[0]:.2f}x that at {sizes[0]:,}")
    figures["ratio"] = round(peaks[-1] / peaks[0], 2)
    if len(sizes) > 1:
        # Between the two largest sizes the bounded caches are full: what is left grows with the input.
        grown = (peaks[-1] - peaks[-2]) * MIB / (sizes[-1] - sizes[-2])
        print(f"from {sizes[-2]:,} to {sizes[-1]:,} records peak RSS grows {grown:.1f} bytes a record")
        figures["bytes_per_record"] = round(grown, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
