"""Placeholder until the check is written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.checks.base import Hit


def offensive(*args: Any) -> Iterator[Hit]:
    """Find nothing yet."""
    yield from ()
