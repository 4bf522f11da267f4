"""`council-monitor dismiss`: mark a finding as a false positive, never to be raised again."""

from __future__ import annotations

import argparse

HELP = "dismiss a finding as a false positive: it is never reopened or alerted again (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --reason and --by."""
    from monitor.commands.decision import add_decision_arguments

    add_decision_arguments(parser, "--reason", "why it is not a breach of the policy")


def run(args: argparse.Namespace) -> int:
    """Dismiss the finding."""
    from monitor.commands.decision import decide
    from monitor.store.findings import dismiss

    return decide("dismiss", args, dismiss, args.reason, "dismissed by {by}; it will not be raised again.")
