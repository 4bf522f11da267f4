"""`council-monitor ack`: record that a finding has been seen and is being dealt with."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = "acknowledge a finding: you have seen it and are dealing with it (kept in the audit trail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --note and --by."""
    add_config_argument(parser)
    parser.add_argument("id", type=int, metavar="ID", help="the finding's number (see council-monitor findings)")
    parser.add_argument("--note", required=True, metavar="TEXT", help="what you are doing about it")
    parser.add_argument("--by", metavar="NAME", help="who you are (default: your login name)")
    parser.epilog = EXIT_CODES_HELP


def run(args: argparse.Namespace) -> int:
    """Acknowledge the finding."""
    from monitor.store.findings import acknowledge
    from monitor.store.triage import login_name, printable, with_store

    config = config_from(args)
    by = args.by or login_name()

    def act(session: Session) -> int:
        """Record the acknowledgement."""
        row = acknowledge(session, args.id, by, args.note, datetime.now(UTC))
        print(f"Finding {row.id} ({row.rule}, {printable(row.platform)} @{printable(row.handle)}) "
              f"acknowledged by {printable(by)}.")
        return 0

    return with_store("ack", config, act)
