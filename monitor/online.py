"""Online checks (check-config --online): each token, each registered account and each alert target, asked once.

Nothing is sent and no post is read. Each platform's adapter checks its own token and accounts (see
`verify` in monitor/platforms/): the paid platform's cost is its user reads, one per account found, and
they are counted and printed. Each Apprise target is asked whether it accepts a connection (see
monitor/alerts/probing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from monitor.config import AccountRef, Config, account_locations, platforms_in
from monitor.configlines import Loc
from monitor.platforms.base import Verifiable, Verification
from monitor.platforms.http import SourceError
from monitor.platforms.registry import PLATFORMS

# Where a problem about an account belongs in the config file: "config.toml:57: councillors["Tom Okafor"]...".
Placer = Callable[[Loc], str]


@dataclass
class OnlineReport:
    """What the online checks found, as lines to print."""

    confirmed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    usage: list[str] = field(default_factory=list)  # requests made and reads billed, per platform


def check_online(config: Config, place: Placer, apprise_path: str, now: datetime | None = None) -> OnlineReport:
    """Check every enabled platform's token and accounts, then every alert target; collect the lines."""
    report = OnlineReport()
    now = now or datetime.now(UTC)
    where = {ref_key(ref): loc for loc, ref in account_locations(config)}
    for platform in platforms_in(config):
        if getattr(config.platforms, platform).enabled:
            _platform(config, platform, now, report, lambda ref: place(where[ref_key(ref)]))
    _targets(config, apprise_path, report)
    return report


def ref_key(ref: AccountRef) -> tuple[str, str]:
    """Return what identifies a registered account (the config refuses the same one twice)."""
    return ref.platform, ref.handle.lstrip("@").casefold()


def _platform(config: Config, name: str, now: datetime, report: OnlineReport,
              place: Callable[[AccountRef], str]) -> None:
    """Build one platform's adapter with its real token and run its online check."""
    from monitor.credentials import read_secret

    entry = PLATFORMS[name]
    token = (read_secret(config, entry.token_file, required=entry.token_required) or "") if entry.token_file else ""
    try:
        found = cast(Verifiable, entry.adapter_class()(config, token)).verify(now)
    except SourceError as error:  # an adapter lets nothing else out; this is belt and braces
        found = Verification(name, problems=[(None, error.message)])
    label = entry.label
    report.confirmed += [f"{label}: {line}" for line in found.confirmed]
    report.problems += [f"{place(ref)}: {text}" if ref else f"{label}: {text}" for ref, text in found.problems]
    report.warnings += [f"{place(ref)}: {text}" if ref else f"{label}: {text}" for ref, text in found.warnings]
    usage = found.usage
    cost = usage.user_reads * float(getattr(getattr(config.platforms, name), "user_read_usd", 0.0))
    billed = (f", {usage.user_reads} user read(s) billed, about ${cost:.2f}" if entry.billing == "paid"
              else " (free)")
    report.usage.append(f"{label}: {usage.requests} request(s){billed}")


def _targets(config: Config, apprise_path: str, report: OnlineReport) -> None:
    """Ask each Apprise target whether it accepts a connection."""
    from monitor.alerts import load_targets
    from monitor.alerts.probing import probe_targets

    for probe in probe_targets(load_targets(config)):
        line = f"{apprise_path}: {probe.target}: {probe.detail}"
        if probe.ok is None:
            report.warnings.append(line)
        elif probe.ok:
            report.confirmed.append(f"alerts: {probe.target}: {probe.detail}")
        else:
            report.problems.append(line)
