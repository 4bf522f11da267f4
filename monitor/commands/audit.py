"""`council-monitor audit`: check the audit trail's hash chain, or print its head hash."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = ("verify the audit trail's hash chain (naming the first entry changed, removed or inserted), "
        "or print its head hash")
EXIT_STATUSES = ("exit status: 0 the trail is intact (and holds --head), 1 the trail was altered or does not hold "
                 "--head, 2 a bad option, 66 no database found, 69 database unavailable, 75 database busy "
                 "(try again), 78 configuration error")
EX_ALTERED = 1
HASH = re.compile(r"^[0-9a-f]{64}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the action and --head."""
    add_config_argument(parser)
    parser.add_argument("action", choices=("verify", "head"),
                        help="verify: recompute the chain from the first entry; head: print the newest entry's hash")
    parser.add_argument("--head", metavar="HASH", type=head_hash,
                        help="with verify: a head hash copied earlier (the daily digest carries one); the trail must "
                             "still hold it, so a trail rebuilt from scratch is caught too")
    parser.epilog = EXIT_STATUSES


def head_hash(value: str) -> str:
    """Accept a 64-digit hexadecimal SHA-256, as the digest prints it."""
    value = value.strip().lower()
    if not HASH.match(value):
        raise argparse.ArgumentTypeError("a head hash is 64 hexadecimal digits, as the daily digest prints it")
    return value


def run(args: argparse.Namespace) -> int:
    """Verify the chain or print its head."""
    from monitor.store.triage import with_store

    config = config_from(args)

    def act(session: Session) -> int:
        """Do the action inside one transaction (a consistent snapshot)."""
        return verify(session, args.head) if args.action == "verify" else head(session)

    return with_store("audit", config, act)


def head(session: Session) -> int:
    """Print the head hash and how many entries the trail holds."""
    from sqlalchemy import func
    from sqlmodel import select

    from monitor.store.chain import head_hash as newest
    from monitor.store.models import AuditRow

    count = session.exec(select(func.count()).select_from(AuditRow)).one()
    print(f"{newest(session)}  ({count} audit entries)")
    return 0


def verify(session: Session, expected_head: str | None) -> int:
    """Recompute the chain; say where it breaks, or that it is intact."""
    from monitor.store.chain import verify as verify_chain
    from monitor.store.triage import printable

    verdict = verify_chain(session, expected_head)
    if verdict.broken is not None:
        print(f"The audit trail was altered: {printable(verdict.broken.describe())}.", file=sys.stderr)
        print("  hint: compare with a backup; entries before it are intact. Nothing was changed by this check.",
              file=sys.stderr)
        return EX_ALTERED
    if verdict.head_found is False:
        print(f"The audit trail does not hold the head hash {expected_head}: it was rebuilt or cut short since "
              "that hash was taken (or the hash is mistyped).", file=sys.stderr)
        return EX_ALTERED
    held = f"; it holds {expected_head}" if expected_head else ""
    print(f"The audit trail is intact: {verdict.checked} entries, head {verdict.head}{held}.")
    return 0
