"""`council-monitor users`: add, list, disable and reset the people who sign in to the web console."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = "add, list, disable or reset the people who sign in to the web console (council-monitor web)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the four actions and their options."""
    parser.epilog = EXIT_CODES_HELP
    sub = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a person; prints a one-time password (or asks for one on a terminal)")
    add.add_argument("name", metavar="NAME", help="their sign-in name, one word (e.g. jsmith)")
    add.add_argument("--email", required=True, metavar="ADDRESS", help="their email address")
    add.add_argument("--role", required=True, choices=("clerk", "deputy", "viewer"),
                     help="clerk and deputy act on findings (and need an authenticator app); a viewer only reads")
    add.add_argument("--ask", action="store_true", help="ask for the password instead of making one up")
    sub.add_parser("list", help="list every person, their role and whether they can sign in")
    disable = sub.add_parser("disable", help="stop a person signing in and end their sessions")
    disable.add_argument("name", metavar="NAME")
    reset = sub.add_parser("reset", help="new one-time password, unlock, and enrol the authenticator again")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--ask", action="store_true", help="ask for the password instead of making one up")
    for each in (add, sub.choices["list"], disable, reset):
        add_config_argument(each)
        each.add_argument("--by", metavar="NAME", help="who you are, for the audit trail (default: your login name)")
        each.epilog = EXIT_CODES_HELP


def _password(ask: bool) -> tuple[str, bool]:
    """Return the new password and whether to print it (a made-up one is printed once)."""
    import getpass

    from monitor.store.users import new_password

    if ask and sys.stdin.isatty():
        first = getpass.getpass("New password (12 characters or more): ")
        if first != getpass.getpass("Again: "):
            raise SystemExit("council-monitor users: the two passwords differ; nothing was changed")
        return first, False
    return new_password(), True


def run(args: argparse.Namespace) -> int:
    """Carry out the action in one transaction, recorded in the audit trail."""
    from monitor.store import users
    from monitor.store.triage import login_name, printable, with_store

    config = config_from(args)
    by = args.by or login_name()
    now = datetime.now(UTC)
    action = args.users_action
    password, show = _password(args.ask) if action in ("add", "reset") else ("", False)

    def act(session: Session) -> int:
        """Do it, or say what is wrong and change nothing (exit 1)."""
        try:
            return change(session)
        except users.UserError as error:
            session.rollback()
            print(f"council-monitor users {action}: {error.message}", file=sys.stderr)
            if error.hint:
                print(f"  hint: {error.hint}", file=sys.stderr)
            return 1

    def change(session: Session) -> int:
        """Do it and say what was done."""
        if action == "list":
            for row in users.list_users(session):
                status = "disabled" if row.disabled else "locked" if row.locked_at else "active"
                mfa = "authenticator enrolled" if row.totp_enrolled else "no authenticator yet"
                print(f"{printable(row.name)}\t{row.role}\t{printable(row.email)}\t{status}\t{mfa}")
            return 0
        if action == "add":
            users.add_user(session, args.name, args.email, args.role, password, by, now)
        elif action == "reset":
            users.reset_user(session, args.name, password, by, now)
        else:
            users.disable_user(session, args.name, by, now)
            print(f"{printable(args.name)} can no longer sign in; their sessions have ended.")
            return 0
        done = "added" if action == "add" else "reset"
        print(f"{printable(args.name)} {done}. They sign in at council-monitor web, change the password and "
              "enrol an authenticator app (clerk and deputy).")
        if show:
            print(f"One-time password (shown once, not stored): {password}")
        return 0

    return with_store(f"users {action}", config, act)
