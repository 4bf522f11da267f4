"""`council-monitor dismiss`: mark a finding as a false positive, never to be raised again."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = "dismiss a finding as a false positive: it is never reopened or alerted again (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --reason and --by."""
    add_config_argument(parser)
    parser.add_argument("id", type=int, metavar="ID", help="the finding's number (see council-monitor findings)")
    parser.add_argument("--reason", required=True, metavar="TEXT", help="why it is not a breach of the policy")
    parser.add_argument("--by", metavar="NAME", help="who you are (default: your login name)")
    parser.epilog = EXIT_CODES_HELP


def run(args: argparse.Namespace) -> int:
    """Dismiss the finding."""
    from monitor.store.findings import dismiss
    from monitor.store.triage import login_name, printable, with_store

    config = config_from(args)
    by = args.by or login_name()

    def act(session: Session) -> int:
        """Record the dismissal."""
        row = dismiss(session, args.id, by, args.reason, datetime.now(UTC))
        print(f"Finding {row.id} ({row.rule}, {printable(row.platform)} @{printable(row.handle)}) "
              f"dismissed by {printable(by)}; it will not be raised again.")
        return 0

    return with_store("dismiss", config, act)
