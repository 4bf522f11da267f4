"""Shared helpers for the Bluesky tests: a small network on the sandbox, and configs and adapters routed to it."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.config import Config, parse_config
from monitor.platforms.bluesky import BlueskySource
from monitor.sandbox.bluesky import BlueskySandbox

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
COUNCIL = "brackley-tc.gov.uk"
COUNCILLOR = "janewhitfield.bsky.social"

SCENARIO: dict[str, Any] = {
    "accounts": [
        {"handle": COUNCIL, "displayName": "Brackley Town Council",
         "description": "Official account of Brackley Town Council. Office hours Mon-Fri 9-5."},
        {"handle": COUNCILLOR, "displayName": "Cllr Jane Whitfield",
         "description": "Brackley town councillor. Views my own."},
        {"handle": "resident1.bsky.social", "displayName": "A Resident"},
    ],
    "posts": [
        {"key": "bins", "author": COUNCIL, "at": "-3h", "text": "Bin collections move to Saturday next week."},
        {"key": "q", "author": "resident1.bsky.social", "at": "-2h", "reply_to": "bins",
         "text": "Does that include the garden waste?"},
        {"key": "c1", "author": COUNCILLOR, "at": "-90m", "text": "Great turnout at the litter pick today."},
        {"author": COUNCILLOR, "at": "-1h", "repost_of": "bins"},
    ],
}


def config_data(base_url: str) -> dict[str, Any]:
    """Return the example configuration with the council's and a councillor's Bluesky accounts, routed to a sandbox."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["official"].append({"platform": "bluesky", "handle": COUNCIL})
    for councillor in data["councillors"]:
        if councillor["name"] == "Jane Whitfield":
            councillor["accounts"].append({"platform": "bluesky", "handle": COUNCILLOR})
    data["platforms"]["bluesky"] = {"base_url": base_url, "timeout_seconds": 5}
    return data


def config_for(server: BlueskySandbox) -> Config:
    """Return the config routed to a running sandbox."""
    return parse_config(config_data(server.base_url))


def source_for(server: BlueskySandbox) -> BlueskySource:
    """Return a Bluesky adapter reading from a sandbox."""
    return BlueskySource(config_for(server))
