"""Fixtures for the daemon tests: real servers on 127.0.0.1, a real database (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.alerts.servers import SmtpServer, WebhookServer
from tests.daemon.process import Harness, start_harness
from tests.daemon.support import World, start_world
from tests.dbfixtures import *  # noqa: F403  (database_url: SQLite, and PostgreSQL with TEST_POSTGRES_URL)
from tests.serverfixtures import *  # noqa: F403  (no_throttle, smtp, webhook)


@pytest.fixture
def world(tmp_path: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer) -> Iterator[World]:
    """Yield the daemon on the Brackley sandbox, with email and Slack targets, at NOW."""
    started = start_world(tmp_path, database_url, smtp, webhook)
    yield started
    started.close()


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    """Yield gated sandboxes, a mail server and a config for `council-monitor run` in a child process."""
    started = start_harness(tmp_path)
    yield started
    started.close()
