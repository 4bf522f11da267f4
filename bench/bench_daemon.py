"""The daemon's figures: end-to-end alert latency, and steady memory over thousands of poll cycles.

Run: .venv/bin/python bench/bench_daemon.py [--trials 100] [--accounts 1000] [--cycles 10000]
     (--quick: 30 trials, 1,500 cycles, for a look in two minutes)

1. Latency (post appears in the sandbox -> the email is in the SMTP server), with a 1-minute poll
   interval. Method: a moved clock, not waiting. Polls fire at k x 60 s plus the scheduler's jitter
   (uniform 0..--jitter s, as APScheduler's IntervalTrigger adds it); each post appears at a uniformly
   random moment, so the wait for the next poll is simulated exactly. The processing after that
   moment is measured for real: the Daemon's poll:x job (read the store, fetch from the X sandbox over
   HTTP, check, store, queue the alert in one transaction) and then its outbox job (Apprise to aiosmtpd
   on 127.0.0.1), until the mail server has the message. Latency = wait + processing. In the running
   daemon the outbox job is woken by the poll the moment it commits (a few ms of scheduler hand-over
   are not counted here). Every post is a new pre-election breach, so every trial sends one alert.
2. Memory: the Daemon's jobs run cycle after cycle, as the scheduler would run them (poll:x, then the
   outbox, health, watchdog and the daily and weekly duties, which find their own due times), for
   --accounts registered X accounts polled every 15 minutes of the moved clock. The X sandbox runs
   in another process, so the resident set measured (VmRSS) is the daemon's alone. The first tenth of
   the run (at least a simulated week, so the first weekly report and its PDF libraries are in it) is
   warm-up; growth is the RSS at the end minus the RSS after warm-up, and the slope of a least-squares
   line through samples every 100 cycles. To say where any growth comes from, the RSS change across each
   job's runs is summed per job, and the live Python memory blocks (sys.getallocatedblocks, after a
   collection) are sampled with the RSS: Python objects that pile up show there, native memory does not.
The last line is a JSON object of the figures, with the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import tomllib
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.smtp import SMTP, Envelope, Session  # noqa: E402
from apprise.manager_plugins import NotificationManager  # noqa: E402

from monitor.config import Config, parse_config  # noqa: E402
from monitor.daemon import Daemon  # noqa: E402
from monitor.demo import LocalSmtp, write_credentials  # noqa: E402
from monitor.sandbox.scenario import busy_handles, start_sandboxes, stop_sandboxes  # noqa: E402
from monitor.sandbox.x import XSandbox  # noqa: E402

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday morning
EVERY_CYCLE = ("outbox", "health", "watchdog", "lookalike-sweep", "token-check", "daily-digest", "weekly-report",
               "retention")


class Arrivals:
    """An SMTP handler noting when each message arrives (and keeping no more than a count)."""

    def __init__(self) -> None:
        """Start with no arrivals."""
        self.times: list[float] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Note the arrival time and accept."""
        self.times.append(time.perf_counter())
        if len(self.times) > 100_000:
            del self.times[:50_000]
        return "250 OK"


def rss_kb() -> int:
    """Return this process's resident set size in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def machine() -> str:
    """Return the CPU model, core count, OS and Python."""
    model = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def base_data(tmp: Path, smtp_port: int) -> dict[str, Any]:
    """Return the example config with a SQLite file, local mail and no throttling of polls."""
    data = tomllib.loads((ROOT / "config" / "example.toml").read_text(encoding="utf-8"))
    data["storage"]["url"] = f"sqlite:///{tmp / 'monitor.sqlite'}"
    data["report"]["out_dir"] = str(tmp / "reports")
    data["credentials"] = {"directory": str(write_credentials(tmp / "credentials", smtp_port))}
    data["alerts"]["routes"] = {"*": ["email"]}
    return data


def start_daemon(config: Config, now: datetime) -> Daemon:
    """Start the daemon as `run` does, without Apprise's pause between emails to the same (local) server."""
    daemon = Daemon(config)
    daemon.start_up(now)
    for service in daemon.targets:
        service.request_rate_per_sec = 0
    return daemon


# -- 1. Latency -----------------------------------------------------------------------------------------------


def next_poll(appears: float, interval: float, jitter: float, rng: random.Random) -> float:
    """Return when the first poll at or after a moment fires: grid times plus the scheduler's jitter."""
    k = int(appears // interval)
    while True:
        fires = k * interval + rng.uniform(0, jitter)
        if fires >= appears:
            return fires
        k += 1


def latency(trials: int, jitter: float, seed: int = 11) -> dict[str, Any]:
    """Measure post-to-inbox latency over some trials with a 1-minute poll interval."""
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    servers, urls = start_sandboxes("brackley", T0)
    x = next(s for s in servers if isinstance(s, XSandbox))
    arrivals = Arrivals()
    smtp = LocalSmtp(arrivals)  # type: ignore[arg-type]
    smtp.start()
    try:
        data = base_data(tmp, smtp.port)
        data["elections"][0].pop("notice_of_election", None)
        data["elections"][0]["polling_day"] = (T0 + timedelta(weeks=3)).date()
        data["platforms"]["x"]["base_url"] = urls["x"]
        data["platforms"]["facebook"]["enabled"] = False
        data["schedule"].update(min_poll_minutes=1, jitter_seconds=int(jitter))
        daemon = start_daemon(parse_config(data), T0)
        daemon.tick(T0)  # the first cycle reads the scenario's week and sends its alerts: not a trial
        waits, processing = [], []
        clock = T0
        for i in range(trials):
            offset = rng.uniform(0, 60)
            fires = next_poll(offset, 60, jitter, rng)
            appears = clock + timedelta(minutes=1, seconds=offset)
            at = clock + timedelta(minutes=1, seconds=fires)
            x.add_post("BrackleyTC", f"Trial {i}: vote Conservative for Cllr Dave Hughes on polling day!", at=appears)
            x.set_now(at)
            before, start = len(arrivals.times), time.perf_counter()
            daemon.run_job("poll:x", at)
            daemon.run_job("outbox", at)
            if len(arrivals.times) != before + 1:
                raise RuntimeError(f"trial {i}: expected one alert, got {len(arrivals.times) - before}")
            waits.append(fires - offset)
            processing.append(arrivals.times[-1] - start)
            clock = at
        daemon.close()
    finally:
        smtp.stop()
        stop_sandboxes(servers)
    total = sorted(w + p for w, p in zip(waits, processing, strict=True))
    return {"method": "moved clock: simulated wait for the next (jittered) poll + measured poll and delivery",
            "poll_interval_s": 60, "jitter_s": jitter, "trials": trials,
            "p50_s": round(percentile(total, 50), 2), "p95_s": round(percentile(total, 95), 2),
            "processing_p50_ms": round(percentile(sorted(processing), 50) * 1000, 1),
            "processing_p95_ms": round(percentile(sorted(processing), 95) * 1000, 1)}


def percentile(ordered: list[float], pct: float) -> float:
    """Return a percentile of sorted values (nearest rank)."""
    if not ordered:
        return float("nan")
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# -- 2. Memory --------------------------------------------------------------------------------------------------


def serve_sandbox(conn: Connection, accounts: int, posts_per_day: float, days: float, start: str) -> None:
    """Serve a busy X scenario in this (child) process; move its clock when told."""
    from monitor.sandbox.scenario import busy_scenario

    now = datetime.fromisoformat(start)
    sandbox = XSandbox(busy_scenario(accounts, posts_per_day, 1, days, now), now)
    sandbox.start()
    conn.send(sandbox.base_url)
    while True:
        command, argument = conn.recv()
        if command == "now":
            sandbox.set_now(datetime.fromisoformat(argument))
            sandbox.requests.clear()  # between cycles no request is in flight; the log would only grow
            conn.send(True)
        elif command == "billed":
            conn.send(sandbox.billed())
        else:
            break
    sandbox.stop()


def busy_config(tmp: Path, smtp_port: int, base_url: str, accounts: int) -> Config:
    """Return a council with one official X account and accounts-1 councillors, polled every 15 minutes."""
    data = base_data(tmp, smtp_port)
    handles = busy_handles(accounts)
    data["council"].update(name="Busy Town Council", short_names=[])
    data["official"] = [{"platform": "x", "handle": handles[0]}]
    data["councillors"] = [{"name": f"Councillor {i}", "accounts": [{"platform": "x", "handle": h}]}
                           for i, h in enumerate(handles[1:], start=1)]
    data["platforms"]["x"].update(base_url=base_url, monthly_budget_usd=100_000.0)
    data["platforms"]["facebook"]["enabled"] = False
    data["checks"]["impersonation"]["allow_handles"] = []
    return parse_config(data)


def memory(accounts: int, cycles: int, posts_per_day: float) -> dict[str, Any]:
    """Run the daemon's jobs for some cycles against a sandbox in another process; return RSS figures."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    every = timedelta(minutes=15)
    days = cycles * every / timedelta(days=1) + 2
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_sandbox, args=(child, accounts, posts_per_day, days, T0.isoformat()), daemon=True)
    process.start()
    base_url = parent.recv()
    smtp = LocalSmtp(Arrivals())  # type: ignore[arg-type]
    smtp.start()
    run = MemoryRun(warmup=max(cycles // 10, min(cycles // 2, 700)))
    started = time.monotonic()
    try:
        daemon = start_daemon(busy_config(tmp, smtp.port, base_url, accounts), T0)
        for i in range(cycles):
            now = T0 + every * i
            parent.send(("now", now.isoformat()))
            parent.recv()
            run.cycle(daemon, i, now)
            if (i + 1) % 500 == 0:
                print(f"  cycle {i + 1}/{cycles}: RSS {rss_kb() / 1024:.1f} MB, poll p50 "
                      f"{statistics.median(run.durations[-500:]) * 1000:.0f} ms", file=sys.stderr, flush=True)
        run.sample(cycles)
        daemon.close()
        parent.send(("billed", None))
        billed = parent.recv()
    finally:
        parent.send(("stop", None))
        process.join(timeout=30)
        smtp.stop()
    return run.figures(accounts, cycles, billed, tmp, time.monotonic() - started)


class MemoryRun:
    """The memory run's measurements: RSS and Python heap samples, and each job's share of RSS change."""

    def __init__(self, warmup: int) -> None:
        """Start with no samples."""
        self.warmup = warmup
        self.samples: list[tuple[int, int]] = []
        self.blocks: list[int] = []
        self.durations: list[float] = []
        self.by_job: dict[str, int] = {}

    def cycle(self, daemon: Daemon, i: int, now: datetime) -> None:
        """Run one cycle's jobs, timing the poll and noting the RSS change each job makes after warm-up."""
        for name in ("poll:x", *EVERY_CYCLE):
            before, tick = rss_kb(), time.perf_counter()
            daemon.run_job(name, now)
            if name == "poll:x":
                self.durations.append(time.perf_counter() - tick)
            if i >= self.warmup:
                self.by_job[name] = self.by_job.get(name, 0) + rss_kb() - before
        if i + 1 >= self.warmup and (i + 1 - self.warmup) % 100 == 0:
            self.sample(i + 1)

    def sample(self, cycle: int) -> None:
        """Record the RSS and the number of live Python memory blocks (after a collection)."""
        gc.collect()
        self.samples.append((cycle, rss_kb()))
        self.blocks.append(sys.getallocatedblocks())

    def figures(self, accounts: int, cycles: int, billed: dict[str, int], tmp: Path, wall: float) -> dict[str, Any]:
        """Return the figures: RSS after warm-up and at the end, growth, slope, heap blocks, per-job shares."""
        first, last = self.samples[0][1], self.samples[-1][1]
        return {
            "accounts": accounts, "cycles": cycles, "poll_interval_min": 15,
            "simulated_days": round(cycles * 15 / 1440, 1), "warmup_cycles": self.warmup,
            "rss_after_warmup_mb": round(first / 1024, 1), "rss_end_mb": round(last / 1024, 1),
            "rss_max_after_warmup_mb": round(max(s[1] for s in self.samples) / 1024, 1),
            "growth_mb": round((last - first) / 1024, 2),
            "slope_kb_per_1000_cycles": round(slope(self.samples) * 1000, 1),
            "rss_change_by_job_mb": {k: round(v / 1024, 2) for k, v in self.by_job.items() if abs(v) >= 512},
            "python_blocks_after_warmup": self.blocks[0], "python_blocks_end": self.blocks[-1],
            "poll_p50_ms": round(statistics.median(self.durations) * 1000, 1),
            "posts_read": billed.get("posts", 0),
            "database_mb": round((tmp / "monitor.sqlite").stat().st_size / 1e6, 1),
            "wall_s": round(wall, 1),
        }


def slope(samples: list[tuple[int, int]]) -> float:
    """Return the least-squares slope of RSS (kB) over cycles."""
    if len(samples) < 2:
        return 0.0
    xs, ys = [float(s[0]) for s in samples], [float(s[1]) for s in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--jitter", type=float, default=0.0, help="poll jitter in seconds (config default 30)")
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--posts-per-day", type=float, default=0.2, help="per account")
    parser.add_argument("--quick", action="store_true", help="30 trials and 1,500 cycles")
    args = parser.parse_args()
    if args.quick:
        args.trials, args.cycles = 30, 1500
    logging.disable(logging.WARNING)  # the figures are the output; the daemon's own log is not
    for plugin in NotificationManager().plugins():
        plugin.request_rate_per_sec = 0
    print(f"machine: {machine()}")
    figures: dict[str, Any] = {"benchmark": "daemon", "machine": machine()}
    figures["latency"] = latency(args.trials, args.jitter)
    lat = figures["latency"]
    print(f"latency, 1-minute polls (jitter {args.jitter:g} s), {args.trials} trials: p50 {lat['p50_s']} s, "
          f"p95 {lat['p95_s']} s (processing p50 {lat['processing_p50_ms']} ms, p95 {lat['processing_p95_ms']} ms)")
    figures["memory"] = mem = memory(args.accounts, args.cycles, args.posts_per_day)
    print(f"memory, {mem['accounts']} accounts, {mem['cycles']} cycles ({mem['simulated_days']} simulated days): "
          f"RSS {mem['rss_after_warmup_mb']} MB after warm-up, {mem['rss_end_mb']} MB at the end "
          f"(growth {mem['growth_mb']} MB, slope {mem['slope_kb_per_1000_cycles']} kB per 1,000 cycles); "
          f"poll p50 {mem['poll_p50_ms']} ms; {mem['wall_s']} s")
    print(f"  RSS change by job after warm-up (MB): {mem['rss_change_by_job_mb']}; Python blocks "
          f"{mem['python_blocks_after_warmup']} -> {mem['python_blocks_end']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
