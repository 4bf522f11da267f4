"""Snapshots of messages as sent: compared byte for byte, rewritten with UPDATE_SNAPSHOTS=1 (then read the diff)."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def matches_snapshot(name: str, actual: str) -> None:
    """Assert text equals a stored snapshot (or rewrite the snapshot when UPDATE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and read the diff"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; if intended, UPDATE_SNAPSHOTS=1"
