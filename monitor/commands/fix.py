"""`council-monitor fix`: record that a finding was put right (the monitor also does this by itself on a re-check)."""

from __future__ import annotations

import argparse

HELP = "mark a finding fixed: the post or profile was put right (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --reason and --by."""
    from monitor.commands.decision import add_decision_arguments

    add_decision_arguments(parser, "--reason", "how it was put right, e.g. 'Cllr Smith deleted the post'")


def run(args: argparse.Namespace) -> int:
    """Mark the finding fixed."""
    from monitor.commands.decision import decide
    from monitor.store.findings import mark_fixed

    return decide("fix", args, mark_fixed, args.reason, "marked fixed by {by}.")
