"""Sandbox scenarios: named JSON files per platform, and generated busy ones for tests and benchmarks.

A scenario NAME is the pair of files `scenarios/NAME.x.json` and `scenarios/NAME.facebook.json`
(either may be missing); a path to one of those files names its scenario too. Times inside them are
offsets from the sandbox's clock ("-2d3h") or ISO 8601 (monitor/sandbox/clock.py).
"""

from __future__ import annotations

import importlib
import json
import logging
import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.platforms.registry import PLATFORMS as REGISTRY
from monitor.records import PLATFORMS
from monitor.sandbox.server import SandboxServer
from monitor.sandbox.x import XSandbox

log = logging.getLogger(__name__)

SCENARIOS = Path(__file__).parent / "scenarios"


class ScenarioError(Exception):
    """A scenario that does not exist or cannot be read."""


def scenario_names() -> list[str]:
    """Return the names of the bundled scenarios."""
    return sorted({p.name.split(".")[0] for p in SCENARIOS.glob("*.json")})


def _files(name_or_path: str | Path) -> tuple[str, Path]:
    """Return a scenario's name and folder from a bundled name or a path to one of its files."""
    path = Path(name_or_path)
    if path.suffix == ".json" or path.parent != Path("."):
        return path.name.split(".")[0], path.parent
    return str(name_or_path), SCENARIOS


def load_scenario(name_or_path: str | Path) -> dict[str, dict[str, Any]]:
    """Return {"x": ..., "facebook": ...} merged from NAME.x.json and NAME.facebook.json."""
    name, folder = _files(name_or_path)
    out: dict[str, dict[str, Any]] = {}
    for platform in PLATFORMS:
        path = folder / f"{name}.{platform}.json"
        if not path.exists():
            continue
        try:
            out[platform] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScenarioError(f"scenario file {path} cannot be read: {exc}") from None
    if not out:
        known = ", ".join(scenario_names()) or "none"
        raise ScenarioError(f"no scenario {name!r} in {folder} (bundled scenarios: {known})")
    return out


def _graph_sandbox(scenario: dict[str, Any], now: datetime, live: bool) -> SandboxServer | None:
    """Return the Facebook sandbox, or None while monitor/sandbox/facebook.py is not there."""
    try:
        module = importlib.import_module("monitor.sandbox.facebook")
    except ImportError:
        log.warning("the Facebook sandbox is not available; serving X only")
        return None
    server: SandboxServer = (module.GraphSandbox(scenario, now, live=True) if live
                               else module.GraphSandbox(scenario, now))
    return server


def start_sandboxes(name: str | Path | dict[str, dict[str, Any]], now: datetime,
                    live: bool = False) -> tuple[list[SandboxServer], dict[str, str]]:
    """Start a server per platform the scenario covers; return them and {"x": base_url, ...}."""
    scenario = name if isinstance(name, dict) else load_scenario(name)
    servers: list[SandboxServer] = []
    urls: dict[str, str] = {}
    if "x" in scenario:
        servers.append(XSandbox(scenario["x"], now, live=live).start())
        urls["x"] = servers[-1].base_url
    if "facebook" in scenario:
        graph = _graph_sandbox(scenario["facebook"], now, live)
        if graph is not None:
            servers.append(graph.start())
            urls["facebook"] = graph.base_url
    # Platforms added since X and Facebook: each entry's sandbox class, built the same way.
    for platform in [p for p in scenario if p not in ("x", "facebook") and p in PLATFORMS]:
        server = REGISTRY[platform].sandbox_class()(scenario[platform], now, live=live).start()
        servers.append(server)
        urls[platform] = server.base_url
    if live and "bluesky" in urls:  # Bluesky's Jetstream beside its AppView, for platforms.bluesky.jetstream_url
        from monitor.sandbox.bluesky import BlueskySandbox
        from monitor.sandbox.jetstream import JetstreamSandbox

        network = next(s for s in servers if isinstance(s, BlueskySandbox))
        servers.append(JetstreamSandbox(network).start())
        urls["bluesky jetstream_url"] = servers[-1].base_url
    return servers, urls


def stop_sandboxes(servers: list[SandboxServer]) -> None:
    """Stop every server started by start_sandboxes."""
    for server in servers:
        server.stop()


def busy_handles(accounts: int) -> list[str]:
    """Return the handles busy_scenario() registers: one official account, then councillors."""
    return ["BusyTownTC"] + [f"BusyCllr{i:04d}" for i in range(1, accounts)]


def busy_scenario(accounts: int, posts_per_day: float, days_before: float, days_after: float,
                  now: datetime) -> dict[str, Any]:
    """Return an X scenario of N accounts each posting evenly M times a day, around `now`.

    Posts dated after `now` appear as the sandbox clock moves on, so one generated scenario serves a
    whole simulated day of polling. Offsets are staggered per account so posts do not all land together.
    """
    handles = busy_handles(accounts)
    users = [{"username": h, "name": f"Busy account {i}", "description": "Town councillor. Views my own.",
              "created_at": "2015-01-01T00:00:00Z"} for i, h in enumerate(handles)]
    posts: list[dict[str, Any]] = []
    if posts_per_day > 0:
        period = timedelta(days=1) / posts_per_day
        start = now - timedelta(days=days_before)
        count = math.ceil((days_before + days_after) * posts_per_day)
        for i, handle in enumerate(handles):
            stagger = period * ((0.5 + i * 0.618034) % 1.0)
            for j in range(count):
                at = start + stagger + period * j
                posts.append({"author": handle, "at": at.isoformat(), "text": f"Update {j} from {handle}."})
    posts.sort(key=lambda p: p["at"])
    return {"accounts": users, "posts": posts}
