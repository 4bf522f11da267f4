"""`council-monitor ack`: record that a finding has been seen and is being dealt with."""

from __future__ import annotations

import argparse

HELP = "acknowledge a finding: you have seen it and are dealing with it (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --note and --by."""
    from monitor.commands.decision import add_decision_arguments

    add_decision_arguments(parser, "--note", "what you are doing about it")


def run(args: argparse.Namespace) -> int:
    """Acknowledge the finding."""
    from monitor.commands.decision import decide
    from monitor.store.findings import acknowledge

    return decide("ack", args, acknowledge, args.note, "acknowledged by {by}.")
