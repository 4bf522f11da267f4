"""Build the weekly report (HTML, text, PDF, CSV) and queue it in the outbox: the daemon's Monday job.

Exactly one report per week, whatever happens to the process:
1. Peek at the due time (no claim). Nothing due: done.
2. Build each due week's report and write its files (reads only; a crash here changes nothing).
3. In one transaction: claim the due time(s) (optimistic update) and queue the deliveries
   (idempotent by dedupe key "report:<week>:full"). A crash before the commit leaves the week
   due, and the next run does it again; after the commit the outbox owns the sending.
Missed weeks (the server was off over one or more Mondays) are each sent, oldest first, when it
comes back: every week has its own report on file. Beyond store.due.MAX_BACKLOG weeks only the most
recent are sent.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor import alerts
from monitor.config import Config
from monitor.report import charts
from monitor.report.csvout import findings_csv
from monitor.report.data import ReportData, gather
from monitor.report.pdf import PdfError, html_to_pdf
from monitor.report.render import render_html, render_text, summary_text, title
from monitor.report.schedule import Week, next_due, week_reported_at
from monitor.store.db import session_scope, state_directory
from monitor.store.due import claim_due, ensure_due, pending_due

log = logging.getLogger(__name__)

DUTY = "weekly-report"


@dataclass(frozen=True)
class Built:
    """One week's report in every form."""

    week: Week
    data: ReportData
    title: str
    html: str
    text: str
    summary: str
    csv: bytes
    pdf: bytes | None
    # The chart as a PNG, and the HTML the email carries: the same page with the chart by Content-ID
    # (Gmail and Outlook show no data: images), where `html` (the file, the PDF) embeds it as data.
    chart: bytes = b""
    email_html: str = ""


def build(engine: Engine, config: Config, week: Week, now: datetime, with_pdf: bool = True) -> Built:
    """Gather a week's data in one read transaction, then render it (outside the transaction)."""
    with session_scope(engine) as session:
        data = gather(session.connection(), config, week, now)
    return render_all(data, with_pdf)


def render_all(data: ReportData, with_pdf: bool = True) -> Built:
    """Render gathered data as HTML (chart embedded), text, summary, CSV and PDF."""
    image = charts.weekly_findings(data.numbers, "png")
    alt = charts.alt_text(data.numbers)
    html = render_html(data, charts.data_uri(image, "png"), alt)
    email_html = render_html(data, "cid:" + chart_name(data.period.week), alt)
    return Built(
        week=data.period.week, data=data, title=title(data), html=html, text=render_text(data),
        summary=summary_text(data), csv=findings_csv(data.records, data.accounts, data.period.zone),
        pdf=_pdf_or_none(html) if with_pdf else None, chart=image, email_html=email_html,
    )


def chart_name(week: Week) -> str:
    """Return the chart's file name, which is also its Content-ID in the email (Apprise names parts by file)."""
    return f"{file_stem(week)}-chart.png"


def _pdf_or_none(html: str) -> bytes | None:
    """Return the PDF; without WeasyPrint's system libraries, log why and let the report go without it."""
    # A missing Pango must not cost the Clerk the week's report: the email and CSV still go out.
    try:
        return html_to_pdf(html)
    except PdfError as exc:
        log.error("the weekly report goes without its PDF: %s", exc)
        return None


def report_directory(config: Config) -> Path:
    """Return where report files are kept: report.out_dir, else <state directory>/reports."""
    return Path(config.report.out_dir) if config.report.out_dir else state_directory() / "reports"


def file_stem(week: Week) -> str:
    """Return the base name of a week's files, e.g. report-2027-W15."""
    return f"report-{week}"


def write_files(built: Built, directory: Path, stem: str) -> dict[str, Path]:
    """Write the HTML, PDF and CSV (each replaced atomically: a reader never sees half a file)."""
    directory.mkdir(parents=True, exist_ok=True)
    contents: dict[str, bytes] = {"html": built.html.encode("utf-8"), "csv": built.csv}
    if built.pdf is not None:
        contents["pdf"] = built.pdf
    written = {ext: write_atomic(directory / f"{stem}.{ext}", body) for ext, body in contents.items()}
    if built.chart:
        written["chart"] = write_atomic(directory / f"{stem}-chart.png", built.chart)
    return written


def write_atomic(path: Path, body: bytes) -> Path:
    """Write a file through a temporary file in the same directory and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def enqueue_report(session: Session, config: Config, built: Built, files: dict[str, Path], now: datetime) -> int:
    """Queue the report for its tags in the caller's transaction; return 1 if it was new.

    Email gets the HTML with the chart inline (by Content-ID) and the PDF and CSV attached; chat services get
    the summary (see alerts.delivering).
    """
    inline = "chart" in files and files["chart"].name == chart_name(built.week) and built.email_html
    attachments = tuple(str(files[ext].resolve()) for ext in (("chart",) if inline else ()) + ("pdf", "csv")
                        if ext in files)
    message = alerts.Message("report", f"report:{built.week}:full", tuple(config.alerts.report_tags), built.title,
                             built.text, built.email_html if inline else built.html, attachments,
                             summary=built.summary)
    return int(alerts.queue(session, message, now))


def schedule_of(config: Config) -> Callable[[datetime], datetime]:
    """Return the report's schedule: the due time that follows a given moment."""
    return lambda after: next_due(after, config.report.weekday, config.report.at, config.zone)


def send_due_reports(engine: Engine, config: Config, now: datetime) -> list[Week]:
    """Queue the report of every week now due, exactly once; return the weeks queued by this call."""
    step = schedule_of(config)
    with session_scope(engine) as session:
        ensure_due(session, DUTY, step(now))  # first start: the next Monday, not a week before installation
        due = pending_due(session, DUTY, now, step)
    if not due:
        return []
    prepared = {when: _prepare(engine, config, when, now) for when in due}
    with session_scope(engine) as session:
        claimed = claim_due(session, DUTY, now, step)
        for when in claimed:
            # A due time not seen at the peek (the schedule changed in between) is built here, in this
            # transaction: a second session would wait on SQLite's write lock held by this one.
            built, files = prepared.get(when) or _prepare_in(session, config, when, now)
            enqueue_report(session, config, built, files, now)
    weeks = [week_reported_at(when, config.zone) for when in claimed]
    if weeks:
        log.info("weekly report queued for %s", ", ".join(str(w) for w in weeks))
    return weeks


def _prepare(engine: Engine, config: Config, when: datetime, now: datetime) -> tuple[Built, dict[str, Path]]:
    """Build and write the report due at a time (the week before it)."""
    week = week_reported_at(when, config.zone)
    built = build(engine, config, week, now)
    return built, write_files(built, report_directory(config), file_stem(week))


def _prepare_in(session: Session, config: Config, when: datetime, now: datetime) -> tuple[Built, dict[str, Path]]:
    """Build and write the report due at a time, reading through an open session."""
    week = week_reported_at(when, config.zone)
    built = render_all(gather(session.connection(), config, week, now))
    return built, write_files(built, report_directory(config), file_stem(week))
