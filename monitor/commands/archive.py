"""`council-monitor archive`: search and export the archive of the official accounts (FOI requests)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from monitor.cli import add_config_argument, config_from

if TYPE_CHECKING:
    from sqlmodel import Session

    from monitor.config import Config
    from monitor.store.models import ArchiveRow

HELP = "search or export the archive of the official accounts' posts and comments (for FOI requests)"
EXIT_STATUSES = ("exit status: 0 done (search: something was found), 1 search found nothing, 2 a bad option, "
                 "66 no database found, 69 database unavailable, 73 cannot write the output file, "
                 "75 database busy (try again), 78 configuration error")
EX_NOTHING = 1
EX_CANTCREAT = 73  # monitor.store.exits.EX_CANTCREAT (not imported: --help stays fast)
CLIP = 1000  # characters of a text a search shows; the export holds it whole


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the search and export actions and their options."""
    parser.epilog = EXIT_STATUSES
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    search = actions.add_parser("search", epilog=EXIT_STATUSES,
                                help="find posts and comments holding every word of TEXT (any case, any accents)",
                                description="Find archived posts and comments holding every word of TEXT, "
                                            "ignoring case and accents; each edit is its own result.")
    search.add_argument("text", metavar="TEXT", help="the words to find, e.g. 'parking permit'")
    add_range(search)
    search.add_argument("--account", metavar="HANDLE",
                        help="only this account: an official account's posts and the comments on them, "
                             "or one author's posts and comments (@ optional)")
    search.add_argument("--limit", type=positive, default=200, metavar="N", help="show at most N results (200)")
    export = actions.add_parser("export", epilog=EXIT_STATUSES,
                                help="write the archive between two dates to a JSONL or CSV file",
                                description="Write every archived version posted between two dates (council time, "
                                            "both included) to a new file, JSONL or CSV (for a spreadsheet).")
    add_range(export)
    export.add_argument("--account", metavar="HANDLE", help="only this account (as for search)")
    export.add_argument("--out", metavar="FILE", required=True,
                        help="a new file, readable only by you: FILE.jsonl or FILE.csv (or give --format)")
    export.add_argument("--format", choices=("jsonl", "csv"), help="the format (default: from the file's extension)")
    for sub in (search, export):
        add_config_argument(sub)


def add_range(parser: argparse.ArgumentParser) -> None:
    """Give an action --from and --to."""
    parser.add_argument("--from", dest="since", type=day, metavar="DATE",
                        help="posted on or after this day (YYYY-MM-DD, council time)")
    parser.add_argument("--to", dest="until", type=day, metavar="DATE",
                        help="posted on or before this day (YYYY-MM-DD, council time)")


def day(value: str) -> date:
    """Accept a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write it as 2027-04-14") from None


def positive(value: str) -> int:
    """Accept a whole number above zero."""
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number above 0")
    return int(value)


def bounds(args: argparse.Namespace, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Return [from, to) in UTC: from the first day's midnight to the midnight after the last day (council time)."""
    since = datetime.combine(args.since, time(0), zone) if args.since else None
    until = datetime.combine(args.until + timedelta(days=1), time(0), zone) if args.until else None
    return since, until


def run(args: argparse.Namespace) -> int:
    """Search or export."""
    if args.since and args.until and args.since > args.until:
        print(f"council-monitor archive: --from {args.since} is after --to {args.until}\n"
              "  hint: give the earlier day as --from", file=sys.stderr)
        return 2
    if args.action == "search" and not args.text.split():
        print("council-monitor archive: give at least one word to search for\n"
              "  hint: to see everything in a range, use archive export", file=sys.stderr)
        return 2
    config = config_from(args)
    if not config.storage.archive_official:
        print("council-monitor archive: storage.archive_official is false, so the archive holds only the last "
              f"{config.storage.retention_days} days", file=sys.stderr)
    return search(args, config) if args.action == "search" else export(args, config)


def search(args: argparse.Namespace, config: Config) -> int:
    """Print what a search finds, oldest first, with council time, account, link and text (shown inert)."""
    from monitor.store.archive import search as find
    from monitor.store.triage import with_store

    since, until = bounds(args, config.zone)

    def show(session: Session) -> int:
        """Search inside one transaction."""
        rows = find(session, args.text, since, until, args.account, limit=args.limit + 1)
        for row in rows[:args.limit]:
            print(described(row, config.zone))
        if len(rows) > args.limit:
            print(f"(more than {args.limit} found: narrow with --from, --to or --account, or raise --limit)",
                  file=sys.stderr)
        if not rows:
            print("Nothing in the archive holds every word of that.", file=sys.stderr)
        return 0 if rows else EX_NOTHING

    return with_store("archive", config, show)


def described(row: ArchiveRow, zone: ZoneInfo) -> str:
    """Return one result: time, account, link, versions and deletion, then the text (control characters escaped)."""
    from monitor.archivefile import link
    from monitor.platforms.registry import PLATFORMS
    from monitor.store.triage import clipped, printable

    entry = PLATFORMS.get(row.platform)
    label, author = (entry.label, entry.shown(row.handle)) if entry else (row.platform, row.handle)
    whose = "" if row.handle_key == row.account_key else f" (on {entry.shown(row.account_key) if entry else ''})"
    notes = []
    if row.version > 1:
        notes.append(f"edited: version {row.version}, first seen {row.seen_at.astimezone(zone):%Y-%m-%d %H:%M}")
    if row.gone_at is not None:
        notes.append(f"{row.gone_reason or 'gone'}: seen gone {row.gone_at.astimezone(zone):%Y-%m-%d %H:%M}")
    head = (f"{row.created_at.astimezone(zone):%Y-%m-%d %H:%M}  {label} {printable(author)}{printable(whose)}  "
            f"{link(row) or '(no link)'}" + "".join(f"  [{n}]" for n in notes))
    return f"{head}\n    {clipped(printable(row.text), CLIP)}"


def export(args: argparse.Namespace, config: Config) -> int:
    """Write the archive between the dates to a new private file."""
    from monitor.archivefile import format_for

    fmt = format_for(args.out, args.format)
    if fmt is None:
        print(f"council-monitor archive: cannot tell the format of {args.out}\n"
              "  hint: name the file .jsonl or .csv, or give --format jsonl or --format csv", file=sys.stderr)
        return 2
    try:
        # O_EXCL and 0600: it holds residents' comments; never overwrite an export, never leave it readable.
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        print(f"council-monitor archive: cannot create {args.out}: {exc.strerror}\n"
              "  hint: exports are never overwritten; choose a new file name", file=sys.stderr)
        return EX_CANTCREAT
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        status, count = write(args, config, fmt, out)
    if status:
        os.unlink(args.out)
        return status
    print(f"Wrote {count} archived version(s) to {args.out} ({fmt}).", file=sys.stderr)
    return 0


def write(args: argparse.Namespace, config: Config, fmt: str, out: TextIO) -> tuple[int, int]:
    """Stream the range's records to the file; return the exit status and how many were written."""
    from monitor.archivefile import record, write_csv, write_jsonl
    from monitor.store.archive import between
    from monitor.store.triage import with_store

    since, until = bounds(args, config.zone)
    written = [0]

    def dump(session: Session) -> int:
        """Read and write inside one transaction (a consistent snapshot)."""
        records = (record(row, config.zone) for row in between(session, since, until, args.account))
        written[0] = write_csv(records, out) if fmt == "csv" else write_jsonl(records, out)
        return 0

    return with_store("archive", config, dump), written[0]
