"""`council-monitor list-checks`: the catalogue of rules."""

from __future__ import annotations

import argparse
import json

from monitor.checks import CHECKS

HELP = "list every check: rule id, clause, severity and what it looks for"
EPILOG = "exit status: 0 printed, 2 a bad option."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare list-checks' options."""
    parser.epilog = EPILOG
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--long", action="store_true", help="also print each check's documentation")


def run(args: argparse.Namespace) -> int:
    """Print the registry."""
    if args.format == "json":
        for c in CHECKS:
            print(json.dumps({"rule": c.rule, "clause": c.clause, "severity": c.severity,
                              "applies_to": c.applies_to, "summary": c.summary, "action": c.action,
                              "doc": c.doc}))
        return 0
    print(f"{'RULE':<19} {'CLAUSE':<18} {'SEVERITY':<9} {'LOOKS AT':<9} SUMMARY")
    for c in CHECKS:
        print(f"{c.rule:<19} {c.clause:<18} {c.severity:<9} {c.applies_to:<9} {c.summary}")
        if args.long:
            print("\n".join("    " + line for line in c.doc.splitlines()) + "\n")
    return 0
