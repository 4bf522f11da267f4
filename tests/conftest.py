"""Fixtures shared by the whole suite."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "config" / "example.toml"


@pytest.fixture(scope="session")
def example_config() -> Config:
    """Return the bundled example configuration (Brackley Town Council)."""
    return load_config(EXAMPLE_CONFIG)


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """Put the root logger back after each test.

    A test that runs the CLI in this process calls setup_logging, which replaces the root handlers with one
    writing to that test's captured stderr and redacting its secrets; left in place it would redact (and
    write to a closed stream) for every later test, so a test's outcome would depend on the order.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
