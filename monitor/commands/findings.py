"""`council-monitor findings`: list what the monitor has found, for the Clerk to triage."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

    from monitor.store.models import FindingRow

HELP = "list findings (newest first) with their state; --open for those still needing attention"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --open, --rule and --format."""
    add_config_argument(parser)
    parser.add_argument("--open", action="store_true",
                        help="only findings still needing attention (open or acknowledged)")
    parser.add_argument("--rule", metavar="RULE", help="only this rule (see council-monitor list-checks)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for other tools (with each finding's audit trail)")
    parser.epilog = EXIT_CODES_HELP.replace("2 a bad option", "2 a bad option or an unknown --rule")


def run(args: argparse.Namespace) -> int:
    """Print the findings asked for."""
    from monitor.store.findings import list_findings
    from monitor.store.triage import with_store

    config = config_from(args)
    if args.rule and not known_rule(args.rule):
        return 2

    def show(session: Session) -> int:
        """List the findings in the chosen format."""
        rows = list_findings(session, active_only=args.open, rule=args.rule)
        print(as_json(session, rows) if args.format == "json" else as_text(rows, config.zone, args.open))
        return 0

    return with_store("findings", config, show)


def known_rule(rule: str) -> bool:
    """Say whether a rule id exists; if not, say which do (a typo must not read as 'No findings.')."""
    import sys

    from monitor.checks import CHECKS

    rules = [c.rule for c in CHECKS]
    if rule in rules:
        return True
    print(f"council-monitor findings: no rule {rule!r}\n  hint: the rules are {', '.join(rules)}", file=sys.stderr)
    return False


def as_text(rows: list[FindingRow], zone: ZoneInfo, active_only: bool) -> str:
    """Return a table a person can read (times in the council's zone, hostile text neutralised)."""
    from monitor.store.triage import clipped, printable

    if not rows:
        return "No open findings." if active_only else "No findings."
    lines = [f"{'ID':>5}  {'STATE':<12}  {'SEVERITY':<8}  {'RULE':<18}  {'FIRST SEEN':<16}  {'ACCOUNT':<24}  MESSAGE"]
    for r in rows:
        account = clipped(printable(f"{r.platform} @{r.handle}"), 24)
        lines.append(f"{r.id:>5}  {r.state:<12}  {r.severity:<8}  {r.rule:<18}  "
                     f"{r.first_seen.astimezone(zone):%Y-%m-%d %H:%M}  {account:<24}  "
                     f"{clipped(printable(r.message), 80)}")
    lines.append(f"\n{len(rows)} finding{'s' if len(rows) != 1 else ''}. Acknowledge: council-monitor ack ID "
                 "--note TEXT; put right: council-monitor fix ID --reason TEXT; a false positive: "
                 "council-monitor dismiss ID --reason TEXT")
    return "\n".join(lines)


def as_json(session: Session, rows: list[FindingRow]) -> str:
    """Return the findings as a JSON array, each with its audit trail."""
    from monitor.store.export import plain
    from monitor.store.findings import audit_trails

    trails = audit_trails(session, [r.id for r in rows])
    return json.dumps([{**plain(r), "audit": [plain(a) for a in trails.get(r.id or 0, [])]} for r in rows],
                      ensure_ascii=False, indent=2)
