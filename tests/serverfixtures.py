"""Mail and webhook fixtures shared by the alert and daemon tests: real servers on 127.0.0.1.

Use them from a conftest.py:

    from tests.serverfixtures import *  # noqa: F403  (registers the fixtures below)

`no_throttle` is autouse: Apprise's pause between sends would only slow the tests down.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apprise.manager_plugins import NotificationManager
from apprise.plugins.slack import NotifySlack

from tests.alerts.servers import SmtpServer, WebhookServer

__all__ = ["no_throttle", "smtp", "webhook"]


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn off Apprise's per-plugin pause between sends (5.5 s for email, 1.2 s for Slack)."""
    for plugin in NotificationManager().plugins():
        monkeypatch.setattr(plugin, "request_rate_per_sec", 0)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """Run aiosmtpd on 127.0.0.1 for one test."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def webhook(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookServer]:
    """Run a webhook receiver on 127.0.0.1 and point Apprise's Slack plugin at it."""
    server = WebhookServer()
    server.start()
    monkeypatch.setattr(NotifySlack, "webhook_url", f"http://127.0.0.1:{server.port}/services")
    yield server
    server.stop()
