"""Snapshots of the report's forms: compared exactly, rewritten with UPDATE_SNAPSHOTS=1 (then read the diff)."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def matches_snapshot(name: str, actual: str) -> None:
    """Assert text equals a stored snapshot (or rewrite the snapshot when UPDATE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"no snapshot {path.name}: run UPDATE_SNAPSHOTS=1 pytest and read the diff"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} changed; if intended, UPDATE_SNAPSHOTS=1"
