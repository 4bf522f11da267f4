"""A hundred hostile 8,000-character comments on the Council's Page: no poll cycle stalls, the watchdog is fed.

What happens: residents reply to an official Page post with a hundred comments of up to 8,000 characters
(Graph's limit), each a run of one thing a backtracking pattern chokes on (apostrophes, hyphens, @, stars, emoji,
right-to-left marks, combining marks, U+FFFD) or a near-match of a check's wording repeated ("ha ", "who ", "? ",
"£1 "). The daemon runs its real scheduler (the jobs and threads `council-monitor run` has) under a systemd
watchdog of 2 s, with a datagram socket standing in for systemd. The test moves the daemon's clock and asks for
one Facebook poll after another: the first reads the comments and checks them, the later ones read them again
from the stored history, and three days on unanswered reports the questions among them. Each cycle finishes
within 2 s of being asked for, and WATCHDOG=1 never falls silent for 2 s, though Python's `re` holds the GIL
while a pattern runs.

The 2 s bound is the issue's acceptance line, not a benchmark: a cycle that only re-reads the history takes
about a tenth of it, and before the checks were made linear ten such comments made cycles 22 to 58 s late.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count, pairwise
from pathlib import Path
from statistics import median

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text

from monitor.store.db import session_scope
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import World, start_world

PAGE_POST = "104729361234567_122101000000000101"  # the Council's Page: an official post of nine days ago
COMMENT_LENGTH = 8_000  # Graph's limit for a comment
COMMENTS = 100
# Ten residents write them: what is timed is reading hostile text, not meeting a hundred new accounts (each new
# commenter costs its own impersonation check, a few milliseconds, whatever it wrote).
AUTHORS = 10
# One unit per kind, repeated to the length: runs of one symbol, then near-matches of the checks' wording.
UNITS = ("'", "-", "@", "*", "\U0001F602", "\u200f", "\u0301", "e\u0301", "\ufffd",
         "ha ", "who ", "? ", "£1 ", "@a ", "I think ")
WATCHDOG_SECONDS = 2.0  # WatchdogSec: the daemon sends WATCHDOG=1 every half of it
CYCLE_LIMIT = 2.0  # seconds from asking for a cycle to its end
# When each cycle runs, after the comments were made: every 15 minutes for an hour and a half, then once
# three days on, when the questions among them are overdue and unanswered reports them.
CYCLES = (*(timedelta(minutes=15 * k) for k in range(1, 7)), timedelta(days=3, hours=1))
WAIT = 60.0
COPIES = -(-COMMENTS // len(UNITS))  # comments of each kind, at most
# unanswered remembers what each text asks, process-wide: each test (SQLite, then PostgreSQL) gets texts of its own.
_SETS = count()


def hostile_comments() -> list[str]:
    """Return a hundred comments never read before: each run a character shorter than the last of its kind."""
    first = next(_SETS) * COPIES
    return [(UNITS[n % len(UNITS)] * COMMENT_LENGTH)[:COMMENT_LENGTH - first - n // len(UNITS)]
            for n in range(COMMENTS)]


class Systemd:
    """A datagram socket standing in for $NOTIFY_SOCKET, noting when each state arrives."""

    def __init__(self, path: Path) -> None:
        """Bind the socket and start reading it on a thread."""
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.1)
        self.received: list[tuple[float, str]] = []
        self.closed = threading.Event()
        self.reader = threading.Thread(target=self.read, name="systemd", daemon=True)
        self.reader.start()

    def read(self) -> None:
        """Note each datagram with the monotonic time it arrived, until closed."""
        while not self.closed.is_set():
            try:
                state = self.sock.recv(4096).decode()
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), state))

    def watchdog_times(self) -> list[float]:
        """Return when each WATCHDOG=1 arrived."""
        return [at for at, state in list(self.received) if state == "WATCHDOG=1"]

    def wait_for_watchdog_after(self, moment: float) -> None:
        """Wait until a WATCHDOG=1 arrives after a moment (so the gaps measured cover everything before it)."""
        deadline = time.monotonic() + WAIT
        while not any(at > moment for at in self.watchdog_times()):
            assert time.monotonic() < deadline, f"no WATCHDOG=1 after the cycles; got {self.received}"
            time.sleep(0.05)

    def close(self) -> None:
        """Stop reading, close and remove the socket."""
        self.closed.set()
        self.reader.join()
        self.sock.close()
        self.path.unlink(missing_ok=True)


@dataclass
class Finishes:
    """When each job run ended, from the scheduler's own events."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: dict[str, list[float]] = field(default_factory=dict)

    def on_executed(self, event: JobExecutionEvent) -> None:
        """Note a job's end."""
        with self.lock:
            self.done.setdefault(event.job_id, []).append(time.monotonic())

    def count(self, job: str) -> int:
        """Return how many runs of a job have ended."""
        with self.lock:
            return len(self.done.get(job, []))

    def wait(self, job: str, runs: int) -> float:
        """Wait until a job has ended `runs` times and return when the last ended."""
        deadline = time.monotonic() + WAIT
        while self.count(job) < runs:
            assert time.monotonic() < deadline, f"{job} did not finish run {runs} within {WAIT:g} s"
            time.sleep(0.005)
        with self.lock:
            return self.done[job][runs - 1]


@dataclass
class Running:
    """The daemon on the sandbox with its scheduler running, and what systemd would see."""

    world: World
    scheduler: BackgroundScheduler
    systemd: Systemd
    finishes: Finishes


@pytest.fixture
def running(tmp_path: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    """Yield the daemon under a 2 s watchdog, its scheduler running and every job's first run over."""
    systemd = Systemd(tmp_path / "notify.sock")
    monkeypatch.setenv("NOTIFY_SOCKET", str(systemd.path))
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_SECONDS * 1_000_000)))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    world = start_world(tmp_path, database_url, smtp, webhook)
    world.daemon.clock = lambda: world.now  # the scheduler's jobs run at the test's time, as tick() does
    finishes = Finishes()
    scheduler = world.daemon.build_scheduler(BackgroundScheduler)
    assert isinstance(scheduler, BackgroundScheduler)
    scheduler.add_listener(finishes.on_executed, EVENT_JOB_EXECUTED)
    scheduler.start()
    try:
        for job in world.daemon.jobs:
            finishes.wait(job, 1)
        yield Running(world, scheduler, systemd, finishes)
    finally:
        scheduler.shutdown(wait=True)
        world.close()
        systemd.close()


def timed_poll(running: Running, when: datetime) -> float:
    """Move the clocks, ask the scheduler for a Facebook poll now, and return the seconds until it ended."""
    running.world.at(when)
    runs = running.finishes.count("poll:facebook")
    asked = time.monotonic()
    running.world.daemon.kick("poll:facebook")
    return running.finishes.wait("poll:facebook", runs + 1) - asked


def stored_long_comments(world: World) -> int:
    """Return how many Facebook posts of the hostile length the store holds."""
    with session_scope(world.daemon.engine) as session:
        return int(session.connection().execute(text(
            "SELECT count(*) FROM post WHERE platform = 'facebook' AND length(text) >= :least"),
            {"least": COMMENT_LENGTH // 2}).scalar_one())


def unanswered_findings(world: World) -> int:
    """Return how many unanswered findings the store holds."""
    with session_scope(world.daemon.engine) as session:
        return int(session.connection().execute(text(
            "SELECT count(*) FROM finding WHERE rule = 'unanswered'")).scalar_one())


def test_hostile_comments_never_stall_a_cycle_nor_the_watchdog(running: Running) -> None:
    world = running.world
    start = world.now
    for n, comment in enumerate(hostile_comments()):
        resident = {"name": f"Resident {n % AUTHORS}", "id": f"5550002000000{n % AUTHORS:03d}"}
        world.facebook.add_comment(PAGE_POST, comment, resident, created_time=start + timedelta(seconds=6 * n + 1))

    durations = [timed_poll(running, start + offset) for offset in CYCLES[:-1]]
    before_overdue = unanswered_findings(world)
    durations.append(timed_poll(running, start + CYCLES[-1]))
    running.systemd.wait_for_watchdog_after(time.monotonic())

    beats = running.systemd.watchdog_times()
    gaps = [later - earlier for earlier, later in pairwise(beats)]
    print(f"cycles (s): {', '.join(f'{d:.2f}' for d in durations)}; p50 {median(durations):.2f}, "
          f"max {max(durations):.2f}; {len(beats)} WATCHDOG=1, longest gap {max(gaps):.2f} s")
    assert max(durations) < CYCLE_LIMIT and max(gaps) < WATCHDOG_SECONDS, (durations, gaps)
    with session_scope(world.daemon.engine) as session:
        statuses = session.connection().execute(text(
            "SELECT status FROM run WHERE job = 'poll:facebook' ORDER BY id")).scalars().all()
    assert statuses == ["ok"] * (len(durations) + 1), statuses  # the start's cycle, then each one asked for
    assert stored_long_comments(world) == COMMENTS  # every comment was read and stored
    assert unanswered_findings(world) > before_overdue  # the last cycle read the stored questions again
