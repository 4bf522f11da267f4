"""`council-monitor export`: everything held about one account, as JSON, for a subject access request."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from monitor.cli import add_config_argument, config_from
from monitor.platforms.registry import PLATFORMS
from monitor.store.exits import EX_CANTCREAT, EXIT_CODES_HELP

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = "export everything held about one account as JSON (a subject access request)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --account, --platform and --out."""
    add_config_argument(parser)
    parser.add_argument("--account", required=True, metavar="HANDLE", help="the account's handle (@ optional)")
    parser.add_argument("--platform", choices=tuple(PLATFORMS), help="only this platform (default: all)")
    parser.add_argument("--out", metavar="FILE",
                        help="write to a new file readable only by you (default: standard output)")
    parser.epilog = EXIT_CODES_HELP


def run(args: argparse.Namespace) -> int:
    """Export the account."""
    from monitor.store.export import export_account
    from monitor.store.triage import with_store

    config = config_from(args)
    holder: dict[str, Any] = {}

    def collect(session: Session) -> int:
        """Gather the export inside one transaction (a consistent snapshot)."""
        holder["data"] = export_account(session, args.platform, args.account, datetime.now(UTC))
        return 0

    status = with_store("export", config, collect)
    return status if status else write(holder["data"], args.out)


def write(data: dict[str, Any], out: str | None) -> int:
    """Write the export to a new private file or to standard output; summarise on standard error."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            # O_EXCL and 0600: an export holds personal data; never overwrite one, never leave it readable.
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            print(f"council-monitor export: cannot create {out}: {exc.strerror}", file=sys.stderr)
            print("  hint: exports are never overwritten; choose a new file name", file=sys.stderr)
            return EX_CANTCREAT
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    print(summary(data, out), file=sys.stderr)
    return 0


def summary(data: dict[str, Any], out: str | None) -> str:
    """Return one line saying what the export holds."""
    if not data["found"]:
        return f"Nothing is held about {data['query']['handle']}" + (f" (wrote {out})" if out else "") + "."
    counts = ", ".join(f"{len(data[k])} {k.replace('_', ' ')}" for k in
                       ("accounts", "posts", "archived", "posts_mentioning", "findings", "audit",
                                 "deliveries"))
    where = f"Wrote {out}: " if out else "Exported "
    return (f"{where}{counts}. Review 'posts mentioning' before release: they hold other people's words.")
