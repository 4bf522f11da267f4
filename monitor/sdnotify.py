"""sd_notify(3) in the standard library: tell systemd the daemon is ready, alive or stopping."""

from __future__ import annotations

import os
import socket


def notify(state: str) -> bool:
    """Send one state ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=...") to systemd; False when not under it."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address or address[0] not in "/@":
        return False
    if address[0] == "@":
        # An abstract socket: systemd writes '@', the kernel wants a leading NUL byte.
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
    except OSError:
        # systemd went away or the socket is not ours: the daemon's work matters more than its status line.
        return False
    return True


def watchdog_seconds() -> float | None:
    """Return how often to send WATCHDOG=1 (half of $WATCHDOG_USEC), or None when no watchdog is armed."""
    usec, pid = os.environ.get("WATCHDOG_USEC", ""), os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid != str(os.getpid()):
        return None  # the watchdog is meant for another process (e.g. our parent)
    return int(usec) / 2_000_000
