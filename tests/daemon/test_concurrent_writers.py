"""The daemon's cycles and the Clerk's console in two real processes on one database (SQLite and PostgreSQL).

The daemon runs here (its real jobs on the Brackley sandbox, the clock moved a poll interval a cycle, a
councillor posting a phone number before each); `council-monitor web` runs in a child process, and the
Clerk drives it over HTTP from a thread (tests/web/clerk.py, which scripts/systemd-test.sh uses too).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, func, select

from monitor.store.models import AuditRow, FindingRow
from tests.daemon.support import World
from tests.web.clerk import Tally, act_for
from tests.web.conftest import ROOT, _free_port

SECONDS = 20.0  # how long the Clerk acts; the daemon runs cycles the whole time
PROBLEMS = re.compile(r"database is locked|could not serialize|deadlock detected|Traceback", re.IGNORECASE)


def cli(config: Path, state: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run `council-monitor ARGV --config CONFIG` in a child process."""
    env = {**os.environ, "STATE_DIRECTORY": str(state), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "monitor", *argv, "--config", str(config)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def serve_console(config: Path, state: Path) -> tuple[subprocess.Popen[str], str]:
    """Start `council-monitor web` and return it with its address once it answers."""
    port = _free_port()
    env = {**os.environ, "STATE_DIRECTORY": str(state), "PYTHONPATH": str(ROOT)}
    web = subprocess.Popen([sys.executable, "-m", "monitor", "web", "--config", str(config), "--listen",
                            f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and web.poll() is None:
        try:
            httpx.get(f"{url}/sign-in", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return web, url


def test_the_daemon_and_the_clerk_write_at_once_without_a_lock_error(
        world: World, database_url: str, tmp_path: Path, no_throttle: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    config = tmp_path / "web.toml"
    example = (ROOT / "config" / "example.toml").read_text()
    config.write_text(re.sub(r'(?m)^url = ""$', f'url = "{database_url}"', example, count=1))
    added = cli(config, tmp_path, "users", "add", "clerk", "--email", "clerk@brackley.example", "--role", "clerk",
                "--by", "test")
    password = re.search(r"One-time password \(shown once, not stored\): (\S+)", added.stdout)
    assert added.returncode == 0 and password, added.stdout + added.stderr
    world.tick()  # the first cycle: the Brackley findings the Clerk starts on
    web, url = serve_console(config, tmp_path)
    tally: list[Tally] = []
    clerk = threading.Thread(target=lambda: tally.append(act_for(url, "clerk", password.group(1), SECONDS)))
    posted: list[str] = []
    try:
        clerk.start()
        while clerk.is_alive() or len(posted) < 3:
            n = len(posted) + 1
            text = f"Mr Patel at {n} Bridge Street has no light. Ring him on 07700 9{n:05d}."
            world.x.add_post("DaveHughesCllr", text, at=world.now + timedelta(minutes=1))
            posted.append(f"07700 9{n:05d}")
            world.tick(world.now + timedelta(minutes=16))
        clerk.join(120)
    finally:
        web.terminate()
        _, web_log = web.communicate(timeout=30)
    assert tally, "the Clerk's thread ended without a tally (see the captured output)"
    done = tally[0]
    assert done.server_errors == 0 and done.refused == 0, done.errors
    assert sum(done.done.values()) > 0 and set(done.done) >= {"acknowledge", "assign", "fix"}, done.as_json()
    assert not PROBLEMS.search(web_log), web_log[-3000:]
    assert not [r.getMessage() for r in caplog.records if PROBLEMS.search(r.getMessage())]
    with Session(world.daemon.engine) as s:
        written = s.exec(select(func.count()).select_from(FindingRow).where(
            col(FindingRow.handle) == "DaveHughesCllr", col(FindingRow.rule) == "personal-data")).one()
        audited = s.exec(select(func.count()).select_from(AuditRow).where(col(AuditRow.actor).like("clerk from %"),
                                                                          col(AuditRow.finding_id).is_not(None))).one()
    assert written == len(posted) + 1  # every cycle's post became a finding (and Brackley's own), none lost
    assert audited == sum(done.done.values())  # every action answered is in the audit trail, once
    verified = cli(config, tmp_path, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
