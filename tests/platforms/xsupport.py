"""Shared helpers for the X tests: the Brackley scenario on a sandbox, and configs and adapters routed to it."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.config import Config, parse_config
from monitor.platforms.x import XSource
from monitor.sandbox.scenario import load_scenario
from monitor.sandbox.x import XSandbox

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
TOKEN = "AAAAAAAAAAAAAAAAAAAAAMtestBearerX7Qz%2Fsecret0123456789"
REGISTERED = ["BrackleyTC", "CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "DaveHughesCllr", "MEllisBrackley"]


def brackley() -> dict[str, Any]:
    """Return the X part of the bundled Brackley scenario."""
    return load_scenario("brackley")["x"]


@contextmanager
def running(scenario: dict[str, Any] | None = None, now: datetime = NOW, **options: Any) -> Iterator[XSandbox]:
    """Run an X sandbox (Brackley unless told otherwise) for the length of a with block."""
    server = XSandbox(brackley() if scenario is None else scenario, now, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def example_data() -> dict[str, Any]:
    """Return the example configuration as plain data, to edit."""
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def config_for(server: XSandbox, data: dict[str, Any] | None = None, **x: Any) -> Config:
    """Return the example config (or the given data) with X routed to a sandbox."""
    data = data or example_data()
    data["platforms"]["x"].update(base_url=server.base_url, **x)
    return parse_config(data)


def source_for(server: XSandbox, data: dict[str, Any] | None = None, **x: Any) -> XSource:
    """Return an X adapter reading from a sandbox with the test token."""
    return XSource(config_for(server, data, **x), TOKEN)
