"""Fixtures for the alert tests: real SMTP and webhook servers, an Apprise without throttling, a database."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config, parse_config
from tests.conftest import EXAMPLE_CONFIG
from tests.dbfixtures import *  # noqa: F403  (the shared `database` fixture: SQLite and PostgreSQL)
from tests.serverfixtures import *  # noqa: F403  (no_throttle, smtp, webhook)

# Apprise's Slack webhook plugin posts to hooks.slack.com/services/A/B/C; the fixture points it here.
SLACK_URL = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#council-alerts"


ConfigMaker = Callable[..., Config]


@pytest.fixture
def make_config(tmp_path: Path) -> ConfigMaker:
    """Return a builder of the example configuration with apprise.yml in a temporary credentials directory."""

    def build(apprise_yml: str, **alerts: Any) -> Config:
        """Write apprise.yml and return the example config reading it, with [alerts] overrides."""
        creds = tmp_path / "credentials"
        creds.mkdir(exist_ok=True)
        (creds / "apprise.yml").write_text(apprise_yml, encoding="utf-8")
        data = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
        data["credentials"] = {"directory": str(creds)}
        data["alerts"].update(alerts)
        return parse_config(data)

    return build


def yaml_targets(*entries: tuple[str, str]) -> str:
    """Return Apprise YAML with one URL per (url, tag) pair."""
    lines = ["urls:"]
    for url, tag in entries:
        lines += [f'  - "{url}":', f"      - tag: {tag}"]
    return "\n".join(lines) + "\n"
