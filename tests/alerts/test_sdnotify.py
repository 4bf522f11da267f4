"""sd_notify over a real AF_UNIX datagram socket, as systemd listens for it."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor import sdnotify


@pytest.fixture
def listener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """Bind a datagram socket in tmp and point $NOTIFY_SOCKET at it, as systemd does."""
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


def test_it_tells_systemd_it_is_ready_alive_and_stopping(listener: socket.socket) -> None:
    for state in ("READY=1", "STATUS=polling 7 accounts", "WATCHDOG=1", "STOPPING=1"):
        assert sdnotify.notify(state) is True
        assert listener.recv(4096).decode() == state


def test_it_reaches_an_abstract_socket_named_with_an_at_sign(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"council-monitor-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert sdnotify.notify("READY=1") is True
        assert sock.recv(64) == b"READY=1"


def test_it_does_nothing_outside_systemd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert sdnotify.notify("READY=1") is False
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))  # systemd went away: no crash
    assert sdnotify.notify("WATCHDOG=1") is False


@pytest.mark.parametrize(("usec", "pid", "expected"), [
    ("180000000", None, 90.0),          # WatchdogSec=3min: ping every 90 s
    ("180000000", "self", 90.0),
    ("180000000", "1", None),           # meant for another process
    ("0", None, None),
    ("", None, None),
    ("soon", None, None),
])
def test_it_pings_the_watchdog_at_half_its_interval(monkeypatch: pytest.MonkeyPatch, usec: str, pid: str | None,
                                                     expected: float | None) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", usec)
    if pid is None:
        monkeypatch.delenv("WATCHDOG_PID", raising=False)
    else:
        monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()) if pid == "self" else pid)
    assert sdnotify.watchdog_seconds() == expected
