"""`council-monitor run` as systemd runs it: refusals at start-up with their exit status, READY, SIGTERM.

What happens: a bad config, a missing token or an apprise.yml that does not fit the routes exits 78
(EX_CONFIG, which the unit's RestartPreventExitStatus names) with every problem on stderr, before any
database is created; a second daemon on the same database exits 75 naming the holder; a running daemon
says READY=1, and on SIGTERM says STOPPING=1, lets the cycle in progress finish, releases the lease and
exits 0; a SIGTERM before READY (systemctl stop right after a start) is kept: the daemon stops as soon as it
has started, without saying READY=1.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from monitor.config import parse_config
from monitor.daemon import Daemon
from monitor.demo import to_toml
from monitor.store.db import migrate, open_database
from monitor.store.lock import current_holder
from tests.daemon.process import ROOT, RUNNER, WAIT, Harness, NotifySocket


def run_once(config: Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `council-monitor run` to its end (it should refuse to start) and return what it did."""
    return subprocess.run([sys.executable, str(RUNNER), "run", "--config", str(config)], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def edited(harness: Harness, name: str, change: dict[str, object]) -> Path:
    """Write a copy of the harness's config with some top-level sections replaced or added."""
    data = tomllib.loads(harness.config_path.read_text(encoding="utf-8"))
    data.update(change)
    path = harness.tmp / name
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def line_of(path: Path, key: str) -> int:
    """Return the number of the line of a file that sets a key."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(f"{key} ="))


def test_a_bad_config_exits_78_listing_every_problem_and_starts_nothing(harness: Harness) -> None:
    text = harness.config_path.read_text(encoding="utf-8").replace("[schedule]", "[schedule]\npoll_minutes = 5")
    bad = harness.tmp / "bad.toml"
    bad.write_text(text.replace('timezone = "Europe/London"', 'timezone = "Europe/Brackley"'), encoding="utf-8")

    done = run_once(bad, harness.tmp)

    assert done.returncode == 78
    assert f"{bad}:{line_of(bad, 'poll_minutes')}: schedule.poll_minutes: unknown key" in done.stderr
    assert f"{bad}:{line_of(bad, 'timezone')}: council.timezone: unknown time zone 'Europe/Brackley'" in done.stderr
    assert not harness.database.exists()  # nothing was started


def test_a_missing_token_exits_78_naming_the_file_and_the_way_out(harness: Harness) -> None:
    (harness.tmp / "credentials" / "x-bearer-token").unlink()

    done = run_once(harness.config_path, harness.tmp)

    assert done.returncode == 78
    assert f"{harness.tmp / 'credentials' / 'x-bearer-token'}: does not exist" in done.stderr
    assert "to run without x, set platforms.x.enabled = false in the config" in done.stderr
    assert not harness.database.exists()


def test_alert_routes_that_no_url_carries_exit_78(harness: Harness) -> None:
    data = tomllib.loads(harness.config_path.read_text(encoding="utf-8"))
    config = edited(harness, "routes.toml", {"alerts": {**data["alerts"], "routes": {"*": ["email", "sms"]}}})

    done = run_once(config, harness.tmp)

    assert done.returncode == 78
    assert "alerts.routes.*: no URL in apprise.yml has the tag 'sms'" in done.stderr
    assert not harness.database.exists()


def test_a_second_daemon_on_the_same_database_exits_75_naming_the_holder(harness: Harness) -> None:
    first = Daemon(parse_config(tomllib.loads(harness.config_path.read_text(encoding="utf-8"))))
    first.start_up(datetime.now(UTC))
    assert first.lease is not None
    holder = first.lease.holder
    try:
        done = run_once(harness.config_path, harness.tmp)
    finally:
        first.close()

    assert done.returncode == 75
    assert f"another council-monitor is already running on this database: {holder}, since" in done.stderr
    assert "stop it first (systemctl stop council-monitor)" in done.stderr


def test_sigterm_lets_the_cycle_in_progress_finish_then_releases_the_lease(harness: Harness, tmp_path: Path) -> None:
    notify = NotifySocket(tmp_path / "notify.sock")
    harness.gate.arm(lambda server, request, n: server == "x" and request.path.startswith("/2/tweets/search"))
    try:
        child = harness.spawn(env={"NOTIFY_SOCKET": str(notify.path)})
        notify.wait_for("READY=1")
        assert harness.gate.held.wait(60), "the daemon never polled X"
        child.process.send_signal(15)
        notify.wait_for("STOPPING=1")
        harness.gate.open()  # the X reply arrives after SIGTERM: the cycle must still be stored
        status = child.process.wait(timeout=60)
    finally:
        notify.close()

    assert status == 0, "\n".join(child.lines)
    assert harness.query("SELECT count(*) FROM post WHERE platform = 'x'")[0][0] > 0
    engine = open_database(f"sqlite:///{harness.database}")
    try:
        assert current_holder(engine) is None
    finally:
        engine.dispose()
    assert any("SIGTERM received" in line for line in child.lines)


def wait_until_open(pid: int, path: Path) -> None:
    """Wait until a process has a file open (Linux's /proc/<pid>/fd): it has got that far in its start-up."""
    deadline = time.monotonic() + WAIT
    while str(path) not in open_files(pid):
        assert time.monotonic() < deadline, f"process {pid} never opened {path}"
        time.sleep(0.01)


def open_files(pid: int) -> set[str]:
    """Return the paths a process has open; a descriptor closed while we read the list is skipped."""
    paths = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            paths.add(os.readlink(fd))
        except FileNotFoundError:
            # The process closed it between listing and reading: it is not open, which is all we ask.
            continue
    return paths


def states_sent(notify: NotifySocket) -> list[str]:
    """Return every state a daemon that has exited sent to the notify socket."""
    while True:
        try:
            notify.messages.append(notify.sock.recv(4096).decode())
        except TimeoutError:
            return notify.messages


def test_a_sigterm_during_start_up_stops_the_daemon_as_soon_as_it_has_started(harness: Harness,
                                                                              tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{harness.database}")
    migrate(engine)
    engine.dispose()
    # Holding the write lock keeps the daemon in start_up() (taking its lease) until the SIGTERM is sent.
    lock = sqlite3.connect(harness.database, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    notify = NotifySocket(tmp_path / "notify.sock")
    try:
        child = harness.spawn(env={"NOTIFY_SOCKET": str(notify.path)})
        wait_until_open(child.process.pid, harness.database)
        child.process.send_signal(signal.SIGTERM)
        lock.execute("ROLLBACK")
        status = child.process.wait(timeout=10)  # systemd would wait 90 s, then SIGKILL
        states = states_sent(notify)
    finally:
        lock.close()
        notify.close()

    assert status == 0, "\n".join(child.lines)
    assert "STOPPING=1" in states and "READY=1" not in states, states
    assert any("SIGTERM received" in line for line in child.lines)
    assert any(line.endswith("stopped") for line in child.lines), "\n".join(child.lines)
    engine = open_database(f"sqlite:///{harness.database}")
    try:
        assert current_holder(engine) is None
    finally:
        engine.dispose()
