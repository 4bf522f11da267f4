"""`council-monitor assign`: ask a councillor to deal with a finding by a date (its state does not change)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlmodel import Session

    from monitor.config import Config

HELP = "assign a finding to a councillor with a due date; overdue ones are listed in the daily digest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, the councillor, --due, --note and --by."""
    add_config_argument(parser)
    parser.add_argument("id", type=int, metavar="ID", help="the finding's number (see council-monitor findings)")
    parser.add_argument("councillor", metavar="COUNCILLOR",
                        help="a councillor's name or one of their handles, as in the config's [[councillors]]")
    parser.add_argument("--due", metavar="DATE", type=due_date,
                        help="when it should be dealt with: YYYY-MM-DD (end of that day, council time) or "
                             "a number of days, e.g. 3 (default: 7)")
    parser.add_argument("--note", metavar="TEXT", default="", help="what they are asked to do")
    parser.add_argument("--by", metavar="NAME", help="who you are (default: your login name)")
    parser.epilog = EXIT_CODES_HELP.replace("2 a bad option", "2 a bad option or a councillor not in the config")


def due_date(text: str) -> date | int:
    """Read --due: a date, or a number of days from today."""
    if text.strip().isdigit():
        return int(text)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not YYYY-MM-DD or a number of days") from None


def due_at(due: date | int | None, zone: ZoneInfo, now: datetime) -> datetime:
    """Return the due moment: the end of the given day in the council's zone, in UTC."""
    today = now.astimezone(zone).date()
    day = due if isinstance(due, date) else today + timedelta(days=7 if due is None else due)
    return datetime.combine(day, time(23, 59), zone).astimezone(UTC)


def councillor_named(config: Config, text: str) -> str | None:
    """Return the configured councillor a name or handle means (case and a leading @ ignored), or None."""
    wanted = text.strip().lstrip("@").casefold()
    for councillor in config.councillors:
        handles = {ref.handle.strip().lstrip("@").casefold() for ref in councillor.accounts}
        if wanted == councillor.name.casefold() or wanted in handles:
            return councillor.name
    return None


def run(args: argparse.Namespace) -> int:
    """Assign the finding."""
    from monitor.store.findings import assign
    from monitor.store.triage import login_name, printable, with_store

    config = config_from(args)
    name = councillor_named(config, args.councillor)
    if name is None:
        known = ", ".join(c.name for c in config.councillors) or "none: add [[councillors]] to the config"
        print(f"council-monitor assign: no councillor {args.councillor!r} in the config\n"
              f"  hint: the councillors are {known}", file=sys.stderr)
        return 2
    by = args.by or login_name()
    now = datetime.now(UTC)
    due = due_at(args.due, config.zone, now)

    def act(session: Session) -> int:
        """Record the assignment."""
        row = assign(session, args.id, by, name, due, args.note, now)
        print(f"Finding {row.id} ({row.rule}, {printable(row.platform)} @{printable(row.handle)}) assigned to "
              f"{printable(name)} by {printable(by)}, due {due.astimezone(config.zone):%a %-d %b %Y %H:%M}.")
        return 0

    return with_store("assign", config, act)
