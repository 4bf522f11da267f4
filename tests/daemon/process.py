"""`council-monitor run` in a child process, against servers in the test process that can hold a request.

The sandboxes and the SMTP server live here, so a test can stop the daemon (SIGKILL, SIGTERM) at a
chosen point of its cycle: while a given request is held by the sandbox, while a message is held by
the mail server, or while the test holds the SQLite write lock. The daemon itself has no test hooks.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from monitor.demo import to_toml
from monitor.sandbox.facebook import GraphSandbox
from monitor.sandbox.scenario import load_scenario
from monitor.sandbox.server import Request, Response
from monitor.sandbox.x import XSandbox
from tests.alerts.servers import Inbox, SmtpServer
from tests.daemon.support import config_data

RUNNER = Path(__file__).with_name("runner.py")
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds a test waits at most for the child to reach a point (it normally takes well under 5)


class Gate:
    """Holds the first request matching a condition, until the test lets it go."""

    def __init__(self) -> None:
        """Hold nothing until armed."""
        self.lock = threading.Lock()
        self.count = 0
        self.condition: Callable[[str, Request, int], bool] | None = None
        self.held = threading.Event()
        self.release = threading.Event()

    def arm(self, condition: Callable[[str, Request, int], bool]) -> None:
        """Hold the next request for which condition(server name, request, number) is true."""
        with self.lock:
            self.condition, self.held, self.release = condition, threading.Event(), threading.Event()

    def open(self) -> None:
        """Let a held request go, and hold nothing more."""
        with self.lock:
            self.condition = None
        self.release.set()

    def passing(self, server: str, request: Request) -> None:
        """Count a request, and hold it if it is the one armed for."""
        with self.lock:
            self.count += 1
            hold = self.condition is not None and self.condition(server, request, self.count)
            if hold:
                self.condition = None
        if hold:
            self.held.set()
            self.release.wait(WAIT)


class GatedX(XSandbox):
    """The X sandbox, passing each request through a gate first."""

    gate: Gate

    def route(self, request: Request) -> Response:
        """Pass the gate, then answer as X would."""
        self.gate.passing("x", request)
        return super().route(request)


class GatedGraph(GraphSandbox):
    """The Graph sandbox, passing each request through a gate first."""

    gate: Gate

    def route(self, request: Request) -> Response:
        """Pass the gate, then answer as Graph would."""
        self.gate.passing("facebook", request)
        return super().route(request)


class HoldingInbox(Inbox):
    """An inbox that, while `holding`, keeps each message waiting and then refuses it (451): never accepted."""

    def __init__(self) -> None:
        """Accept until told to hold."""
        super().__init__()
        self.holding = False
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Hold and refuse while holding; otherwise accept."""
        if self.holding:
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, WAIT)
            return "451 4.3.0 held by the test, not accepted"
        return await super().handle_DATA(server, session, envelope)


@dataclass
class Child:
    """One `council-monitor run` process and the log lines it wrote."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def read(self) -> None:
        """Collect stderr lines until the process closes it."""
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = WAIT) -> None:
        """Wait until a log line contains some text (or the process ends)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no log line with {text!r}; the log was:\n" + "\n".join(self.lines))

    def kill9(self) -> None:
        """SIGKILL the process and reap it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT)

    def stop(self) -> int:
        """SIGTERM the process and return its exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=WAIT)


@dataclass
class Harness:
    """Sandboxes, a mail server and a config file for daemons run as child processes."""

    tmp: Path
    now: datetime
    gate: Gate
    x: GatedX
    facebook: GatedGraph
    smtp: SmtpServer
    config_path: Path
    children: list[Child] = field(default_factory=list)

    @property
    def inbox(self) -> HoldingInbox:
        """Return the mail server's inbox."""
        assert isinstance(self.smtp.inbox, HoldingInbox)
        return self.smtp.inbox

    @property
    def database(self) -> Path:
        """Return the daemon's SQLite file."""
        return self.tmp / "monitor.sqlite"

    def spawn(self, env: dict[str, str] | None = None, config: Path | None = None) -> Child:
        """Start `council-monitor run` with the harness's config (or another)."""
        child_env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
        child_env.update({"PYTHONPATH": str(ROOT), **(env or {})})
        process = subprocess.Popen(
            [sys.executable, str(RUNNER), "run", "--config", str(config or self.config_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=child_env, cwd=self.tmp)
        child = Child(process)
        threading.Thread(target=child.read, daemon=True).start()
        self.children.append(child)
        return child

    def subjects(self) -> list[str]:
        """Return the subjects of the emails accepted."""
        return [str(m["Subject"]) for m in self.inbox.messages]

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a read-only query on the daemon's database."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=30) as connection:
            return connection.execute(sql).fetchall()

    def close(self) -> None:
        """Stop every child still running, then the servers."""
        for child in self.children:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait(timeout=WAIT)
        self.gate.open()
        self.inbox.release.set()
        self.smtp.stop()
        self.x.stop()
        self.facebook.stop()


def start_harness(tmp: Path) -> Harness:
    """Start gated sandboxes at the real current time, a mail server, and write the daemon's config."""
    now = datetime.now(UTC).replace(microsecond=0)
    scenario = load_scenario("brackley")
    gate = Gate()
    x, facebook = GatedX(scenario["x"], now), GatedGraph(scenario["facebook"], now)
    x.gate = facebook.gate = gate
    x.start()
    facebook.start()
    smtp = SmtpServer()
    smtp.inbox = HoldingInbox()
    smtp.start()
    urls = {"x": x.base_url, "facebook": facebook.base_url}
    data = config_data(tmp, urls, smtp.port, f"sqlite:///{tmp / 'monitor.sqlite'}", now, slack=False)
    data["elections"][0]["polling_day"] = (now + timedelta(days=21)).date()
    path = tmp / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return Harness(tmp, now, gate, x, facebook, smtp, path)


class NotifySocket:
    """A datagram socket standing in for systemd's $NOTIFY_SOCKET."""

    def __init__(self, path: Path) -> None:
        """Bind the datagram socket."""
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.messages: list[str] = []

    def wait_for(self, state: str, timeout: float = WAIT) -> None:
        """Wait until the daemon sends a state such as READY=1."""
        deadline = time.monotonic() + timeout
        while state not in self.messages:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {state} from the daemon; got {self.messages}")
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                continue

    def close(self) -> None:
        """Close and remove the socket."""
        self.sock.close()
        self.path.unlink(missing_ok=True)
