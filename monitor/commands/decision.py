"""What `ack`, `dismiss`, `fix` and `reopen` share (not a command itself): the arguments and the audited change."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

    from monitor.store.models import FindingRow

    # acknowledge(), dismiss(), mark_fixed() and reopen(): (session, finding id, by, why, now) -> the changed row.
    Decision = Callable[[Session, int, str, str, datetime], FindingRow]



def add_decision_arguments(parser: argparse.ArgumentParser, option: str, help_text: str) -> None:
    """Declare the finding id, the reason option and --by."""
    add_config_argument(parser)
    parser.add_argument("id", type=int, metavar="ID", help="the finding's number (see council-monitor findings)")
    parser.add_argument(option, required=True, metavar="TEXT", help=help_text)
    parser.add_argument("--by", metavar="NAME", help="who you are (default: your login name)")
    parser.epilog = EXIT_CODES_HELP


def decide(command: str, args: argparse.Namespace, change: Decision, why: str, outcome: str) -> int:
    """Apply ack, dismiss, fix or reopen to one finding, in the audit trail, and say what was done."""
    from monitor.store.triage import login_name, printable, with_store

    config = config_from(args)
    by = args.by or login_name()

    def act(session: Session) -> int:
        """Record the decision."""
        row = change(session, args.id, by, why, datetime.now(UTC))
        print(f"Finding {row.id} ({row.rule}, {printable(row.platform)} @{printable(row.handle)}) "
              f"{outcome.format(by=printable(by))}")
        return 0

    return with_store(command, config, act)
