"""The single-daemon lease: a second daemon is refused by name; a stale or dead holder is taken over."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from monitor.store.lock import LeaseLost, LockHeld, acquire, current_holder, heartbeat, holder_is_dead, release
from tests.store.builders import T0

MINUTE = timedelta(minutes=1)
HOST = socket.gethostname()


def elsewhere(pid: int = 4242) -> str:
    """Return a holder name on another host (whose processes we cannot see)."""
    return f"other-host.example:{pid}:cafe0001"


def dead_pid() -> int:
    """Return the pid of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_second_daemon_is_refused_naming_the_holder_and_since_when(database: Engine) -> None:
    """While the first heartbeats, the second gets a clear refusal with a hint."""
    acquire(database, T0, holder=elsewhere())
    with pytest.raises(LockHeld) as refused:
        acquire(database, T0 + 4 * MINUTE)
    message = str(refused.value)
    assert "other-host.example:4242:cafe0001" in message
    assert "since 2025-03-03 09:00:00 UTC" in message
    assert "systemctl stop council-monitor" in message


def test_a_lease_without_heartbeat_is_taken_over(database: Engine) -> None:
    """Six minutes of silence and the lease is stale; the new holder is told whom it replaced."""
    acquire(database, T0, holder=elsewhere())
    lease = acquire(database, T0 + 6 * MINUTE)
    assert lease.took_over_from == elsewhere()
    holder = current_holder(database)
    assert holder is not None and (holder.holder, holder.acquired_at) == (lease.holder, T0 + 6 * MINUTE)


def test_heartbeats_keep_a_lease_alive(database: Engine) -> None:
    """A holder heartbeating every minute is never stale."""
    first = acquire(database, T0, holder=elsewhere())
    for minute in range(1, 11):
        heartbeat(first, T0 + minute * MINUTE)
    with pytest.raises(LockHeld):
        acquire(database, T0 + 12 * MINUTE)


def test_a_dead_process_on_this_host_is_taken_over_at_once(database: Engine) -> None:
    """After a kill -9 the restarted daemon does not wait out the timeout."""
    acquire(database, T0, holder=f"{HOST}:{dead_pid()}:dead0001")
    lease = acquire(database, T0 + MINUTE)
    assert lease.took_over_from is not None and lease.took_over_from.endswith(":dead0001")


def test_a_live_process_on_this_host_is_not_taken_over(database: Engine) -> None:
    """A running holder on this host (here: the test's parent process) keeps its lease."""
    import os

    acquire(database, T0, holder=f"{HOST}:{os.getppid()}:live0001")
    with pytest.raises(LockHeld):
        acquire(database, T0 + MINUTE)


def test_a_daemon_whose_lease_was_taken_stops_heartbeating(database: Engine) -> None:
    """The old holder learns at its next heartbeat that it lost the lease."""
    old = acquire(database, T0, holder=elsewhere())
    acquire(database, T0 + 10 * MINUTE)
    with pytest.raises(LeaseLost, match="taken over"):
        heartbeat(old, T0 + 11 * MINUTE)


def test_a_released_lease_is_free_and_release_spares_the_new_holder(database: Engine) -> None:
    """A clean shutdown frees the lease; a stale holder releasing late does not free the new one's."""
    first = acquire(database, T0)
    release(first)
    second = acquire(database, T0 + MINUTE, holder=elsewhere(1))
    assert second.took_over_from is None
    third = acquire(database, T0 + 10 * MINUTE, holder=elsewhere(2))
    release(second)
    holder = current_holder(database)
    assert holder is not None and holder.holder == third.holder


def test_holder_names_from_other_hosts_are_never_judged_dead() -> None:
    """Only this host's processes can be checked."""
    assert holder_is_dead(elsewhere(dead_pid())) is False
    assert holder_is_dead(f"{HOST}:{dead_pid()}:x") is True
    assert holder_is_dead("garbage") is False
