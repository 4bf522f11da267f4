"""`council-monitor reopen`: a fixed or dismissed finding needs attention again."""

from __future__ import annotations

import argparse

HELP = "reopen a fixed or dismissed finding: it needs attention again (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --note and --by."""
    from monitor.commands.decision import add_decision_arguments

    add_decision_arguments(parser, "--note", "why it needs attention again")


def run(args: argparse.Namespace) -> int:
    """Reopen the finding."""
    from monitor.commands.decision import decide
    from monitor.store.findings import reopen

    return decide("reopen", args, reopen, args.note, "reopened by {by}.")
