"""Faults on the way out, each ending with nothing lost and nothing duplicated.

What happens: with the mail server down for an hour, alerts wait in the outbox and each arrives once
when it is back (Slack, which was up, is not sent them again); a webhook answering 500 is retried with
backoff until it takes the message, and email is not repeated meanwhile; with the SQLite database locked
by another process, a cycle writes nothing, logs one line (no traceback), and the next one does it all.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.store.db import session_scope
from monitor.store.models import DeliveryRow, FindingRow
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.support import FIRST_ALERTS, NOW, World, start_world

LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()  # hold the write lock until the test closes our stdin
connection.execute("ROLLBACK")
"""


def deliveries(world: World) -> list[DeliveryRow]:
    """Return the outbox rows."""
    with session_scope(world.daemon.engine) as session:
        return list(session.exec(select(DeliveryRow)))


def test_alerts_wait_out_an_hour_without_the_mail_server_and_each_arrives_once(world: World) -> None:
    world.smtp.stop()
    world.tick()
    for minutes in range(5, 61, 5):
        world.tick(NOW + timedelta(minutes=minutes))
    assert world.subjects() == []
    assert {d.state for d in deliveries(world)} == {"pending"}

    world.smtp.start()
    for minutes in range(65, 131, 5):
        world.tick(NOW + timedelta(minutes=minutes))

    assert Counter(world.subjects()) == Counter(FIRST_ALERTS)
    assert world.webhook is not None and len(world.webhook.slack_hits()) == 1  # Slack took it the first time
    assert {d.state for d in deliveries(world)} == {"sent"}


def test_a_webhook_answering_500_is_retried_until_it_takes_the_alert_and_email_is_not_repeated(
        world: World) -> None:
    assert world.webhook is not None
    world.webhook.failures.extend([500, 500, 500])

    world.tick()
    for minutes in (1, 3, 7, 15, 31):
        world.run("outbox", NOW + timedelta(minutes=minutes))

    statuses = [h for h in world.webhook.slack_hits()]
    assert len(statuses) == 4  # three 500s, then the one that was taken
    assert Counter(world.subjects()) == Counter(FIRST_ALERTS)
    [slack_row] = [d for d in deliveries(world) if "impersonation" in d.title]
    assert slack_row.state == "sent" and slack_row.attempts == 4


@pytest.fixture
def sqlite_world(tmp_path: Path, smtp: SmtpServer, webhook: WebhookServer) -> Iterator[World]:
    """Yield the daemon on a SQLite file, with a short busy timeout (so a lock outlasts it quickly)."""
    started = start_world(tmp_path, f"sqlite:///{tmp_path / 'monitor.sqlite'}", smtp, webhook, busy_timeout_ms=300)
    yield started
    started.close()


def test_a_database_locked_by_another_process_delays_the_cycle_and_loses_nothing(
        sqlite_world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    world = sqlite_world
    caplog.set_level(logging.INFO)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path / "monitor.sqlite")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        world.run("poll:x")
        world.run("poll:facebook")
        world.run("outbox")
    finally:
        assert locker.stdin is not None
        locker.stdin.close()
        locker.wait(timeout=10)

    busy = [r for r in caplog.records if r.name == "monitor.daemon" and "nothing was written" in r.getMessage()]
    assert [r.getMessage().split(": ")[0] for r in busy] == ["poll:x", "poll:facebook", "outbox"]
    assert not [r for r in caplog.records if r.exc_info]
    with session_scope(world.daemon.engine) as session:
        assert session.exec(select(FindingRow)).all() == []
    assert world.subjects() == []

    world.tick(NOW + timedelta(minutes=15))

    assert Counter(world.subjects()) == Counter(FIRST_ALERTS)
