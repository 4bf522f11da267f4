"""`council-monitor report`: the weekly compliance report for one week, as HTML, PDF, CSV or text."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from
from monitor.config import Config

if TYPE_CHECKING:  # the report's modules load matplotlib and WeasyPrint: only when the command runs
    from sqlalchemy.engine import Engine

    from monitor.report.schedule import Week

HELP = "make the weekly compliance report for a week (HTML, PDF or CSV by --out's extension; text otherwise)"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EPILOG = ("exit status: 0 written or printed, 1 the database or a file failed, 2 a bad option (--week, --out, "
          "--now), 78 configuration error.")
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".csv": "csv"}


class UsageError(Exception):
    """An option the command cannot use, with what to write instead."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare report's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--week", metavar="YYYY-Www",
                        help="ISO week to report on, e.g. 2027-W15 (default: the last complete week, council time)")
    parser.add_argument("--out", metavar="FILE",
                        help="write FILE.html, FILE.pdf or FILE.csv (the extension picks the format); "
                             "without --out the text version is printed")
    parser.add_argument("--now", metavar="ISO8601",
                        help="report as if it were this moment (default: now); for re-runs and tests")


def _now(args: argparse.Namespace) -> datetime:
    """Return --now as an aware datetime, or the current time."""
    if not args.now:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(args.now)
    except ValueError:
        raise UsageError(f"--now: {args.now!r} is not a date and time (write it as 2027-04-19T08:00:00+01:00)"
                         ) from None
    if value.tzinfo is None:
        raise UsageError(f"--now: {args.now!r} has no time zone (add Z or an offset such as +01:00)")
    return value


def _format(out: str | None) -> str:
    """Return the output format named by --out's extension ("text" without --out)."""
    if out is None:
        return "text"
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise UsageError(f"--out: {out!r} must end in .html, .pdf or .csv (or leave --out out to print text)")
    return fmt


def run(args: argparse.Namespace) -> int:
    """Make the report; exit 0 when written, 1 when the database or a file failed, 2 on a bad option."""
    from monitor.report.schedule import BadWeek, Week, last_complete_week

    config = config_from(args)
    try:
        now = _now(args)
        fmt = _format(args.out)
        week = Week.parse(args.week) if args.week else last_complete_week(now, config.zone)
        if week.start(config.zone) > now:
            raise UsageError(f"--week: {week} has not started yet (the last complete week is "
                             f"{last_complete_week(now, config.zone)})")
    except (UsageError, BadWeek) as exc:
        print(f"council-monitor report: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _make(config, week, now, fmt, args.out)


def _make(config: Config, week: Week, now: datetime, fmt: str, out: str | None) -> int:
    """Gather, render and write or print the report."""
    from monitor.report.pdf import PdfError
    from monitor.store.db import StoreError

    try:
        body = _render(config, week, now, fmt)
    except (StoreError, PdfError) as exc:
        print(f"council-monitor report: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if out is None:
        sys.stdout.write(body.decode("utf-8"))
        sys.stdout.flush()
        return EXIT_OK
    return _write(Path(out), body, week)


def _render(config: Config, week: Week, now: datetime, fmt: str) -> bytes:
    """Return the report for one week in one format."""
    from monitor.report import charts
    from monitor.report.csvout import findings_csv
    from monitor.report.data import gather
    from monitor.report.pdf import html_to_pdf
    from monitor.report.render import render_html, render_text
    from monitor.store.db import session_scope

    engine = _open(config)
    try:
        with session_scope(engine) as session:
            data = gather(session.connection(), config, week, now)
    finally:
        engine.dispose()
    if fmt == "text":
        return render_text(data).encode("utf-8")
    if fmt == "csv":
        return findings_csv(data.records, data.accounts, data.period.zone)
    image = charts.weekly_findings(data.numbers, "png")
    html = render_html(data, charts.data_uri(image, "png"), charts.alt_text(data.numbers))
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)


def _open(config: Config) -> Engine:
    """Open the configured database for reading, refusing one that was never set up."""
    from sqlalchemy import inspect

    from monitor.store.db import StoreError, database_url, open_database

    engine = open_database(database_url(config, create=False))
    # Asking SQLAlchemy, not Alembic: Alembic's MigrationContext logs its plugins at INFO on every use.
    if not inspect(engine).has_table("finding"):
        engine.dispose()
        raise StoreError("the database has no tables yet",
                         "the daemon creates them when it first starts (council-monitor run); "
                         "or check storage.url in the config")
    return engine


def _write(path: Path, body: bytes, week: Week) -> int:
    """Write the report file atomically and say where it went."""
    from monitor.report.deliver import write_atomic

    try:
        write_atomic(path, body)
    except OSError as exc:
        print(f"council-monitor report: cannot write {path}: {exc.strerror or exc} "
              "(check the folder exists and you may write there)", file=sys.stderr)
        return EXIT_FAILED
    print(f"council-monitor report: wrote {path} (week {week})", file=sys.stderr)
    return EXIT_OK
