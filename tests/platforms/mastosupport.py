"""Shared helpers for the Mastodon tests: two instances on the sandbox, and configs and adapters routed to it."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.config import Config, parse_config
from monitor.platforms.mastodon import MastodonSource
from monitor.sandbox.mastodon import MastodonSandbox

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
COUNCIL = "brackleytc@mastodon.social"
COUNCILLOR = "janewhitfield@mastodon.org.uk"
RESIDENT = "resident1@mastodon.social"
REMOTE = "neighbour@fosstodon.org"

SCENARIO: dict[str, Any] = {
    "accounts": [
        {"acct": COUNCIL, "display_name": "Brackley Town Council",
         "note": "Official account of Brackley Town Council.\n\nOffice hours Mon-Fri 9-5.",
         "fields": [["Website", "brackley-tc.gov.uk"]]},
        {"acct": COUNCILLOR, "display_name": "Cllr Jane Whitfield", "note": "Brackley town councillor.",
         "fields": [["Note", "Views my own"]]},
        {"acct": RESIDENT, "display_name": "A Resident"},
        {"acct": REMOTE, "display_name": "A Neighbour"},
        {"acct": "brackleytowncouncil@mastodon.social", "display_name": "Brackley Town Council (official)",
         "note": "The real council account."},
    ],
    "posts": [
        {"key": "bins", "author": COUNCIL, "at": "-3h", "text": "Bin collections move to Saturday next week."},
        {"key": "q", "author": RESIDENT, "at": "-2h", "reply_to": "bins", "text": "Does that include garden waste?"},
        {"author": REMOTE, "at": "-110m", "reply_to": "bins", "text": "Thanks for letting us know."},
        {"key": "c1", "author": COUNCILLOR, "at": "-90m", "text": "Great turnout at the litter pick today."},
        {"author": COUNCILLOR, "at": "-1h", "reblog_of": "bins"},
    ],
}


def config_data(base_url: str) -> dict[str, Any]:
    """Return the example configuration with the council's and a councillor's Mastodon accounts, routed to a sandbox."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["official"].append({"platform": "mastodon", "handle": COUNCIL})
    for councillor in data["councillors"]:
        if councillor["name"] == "Jane Whitfield":
            councillor["accounts"].append({"platform": "mastodon", "handle": COUNCILLOR})
    data["platforms"]["mastodon"] = {"base_url": base_url, "timeout_seconds": 5}
    return data


def config_for(server: MastodonSandbox) -> Config:
    """Return the config routed to a running sandbox."""
    return parse_config(config_data(server.base_url))


def source_for(server: MastodonSandbox, token: str = "") -> MastodonSource:
    """Return a Mastodon adapter reading from a sandbox."""
    return MastodonSource(config_for(server), token)
