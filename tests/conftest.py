"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "config" / "example.toml"


@pytest.fixture(scope="session")
def example_config() -> Config:
    """Return the bundled example configuration (Brackley Town Council)."""
    return load_config(EXAMPLE_CONFIG)
