"""Turn the report's data into HTML (autoescaped: post text is untrusted) and plain text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from monitor.alerts.markup import marked, spelled
from monitor.alerts.shown import PERSONAL_RULE, clause_words, score_word, scrub
from monitor.checks import CHECKS
from monitor.lookalike_diff import describe
from monitor.platforms.registry import PLATFORMS, health_source, label
from monitor.records import SEVERITIES
from monitor.report.model import Coverage, Item, ReportData, SourceLine

HTML_TEMPLATE = "report.html.j2"
TEXT_TEMPLATE = "report.txt.j2"
# The source_health names the daemon writes, in words.
# Findings listed per table in the email and PDF: WeasyPrint's layout time grows with every table row
# (hundreds of rows take tens of seconds on a small server). The attached CSV always has all of them,
# and the report says how many more there are.
LIST_LIMIT = 15


WHEN = "%a %d %b %Y %H:%M"  # Tue 13 Apr 2027 14:05


@pass_context
def _when(ctx: Context, value: datetime | None) -> str:
    """Format a moment in the council's zone: 'Tue 13 Apr 2027 14:05'."""
    return value.astimezone(ctx["zone"]).strftime(WHEN) if value else "never"


@pass_context
def _day(ctx: Context, value: datetime | date | None) -> str:
    """Format a moment's local date, or a date: '13 Apr 2027'."""
    if value is None:
        return "never"
    if isinstance(value, datetime):
        value = value.astimezone(ctx["zone"]).date()
    return value.strftime("%a %d %b %Y")


def _age(value: timedelta) -> str:
    """Say how long something has been open, roughly."""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
    return f"{int(hours // 24)} days"


def _length(value: timedelta) -> str:
    """Say how long a silence lasted: days to one decimal, or hours under a day."""
    hours = value.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 24 else f"{hours:.1f} hours"


def _hours(value: float | None) -> str:
    """Format office hours."""
    return "-" if value is None else f"{value:.1f} h"


def _usd(value: float) -> str:
    """Format dollars."""
    return f"${value:,.2f}"


def _platform(value: str) -> str:
    """Return a platform's display name."""
    return label(value)


def _source(value: str) -> str:
    """Return a source-health name in words."""
    found = health_source(value)
    return found[1].report_name if found else value


def _account(platform: str, handle: str) -> str:
    """Return an account as people write it: @handle on X, the name on Facebook."""
    entry = PLATFORMS.get(platform)
    return entry.shown(handle) if entry else handle


def _message(item: Item) -> str:
    """Return what a finding says, with a score in words, a resident by name, and no personal detail in full."""
    text = SCORE_IN_MESSAGE.sub(lambda m: f"({score_word(float(m.group(1))) or m.group(1)})", item.message)
    handle = item.handle.lstrip("@")
    text = text.replace(f"@{handle} ({item.platform})", f"@{handle}")  # the platform is named beside it already
    if _named(item):
        text = text.replace(f"@{handle}", item.name)  # the block's heading gives the name and the handle
    return scrub(text) if item.rule == PERSONAL_RULE else text


def _named(item: Item) -> bool:
    """Say whether an account is better known by its display name than its handle (a resident's number)."""
    return bool(item.name) and item.rule != "impersonation" and item.name.casefold() != item.handle.casefold()


def _who(item: Item) -> str:
    """Return an account as people know it: "Alex Resident (5550001000000001)", else "@handle"."""
    shown = _account(item.platform, item.handle)
    return f"{item.name} ({shown})" if _named(item) else shown


SCORE_IN_MESSAGE = re.compile(r"\(score (\d(?:\.\d+)?)\)")


@pass_context
def _silent(ctx: Context, item: Item) -> str | None:
    """Return an unattended account's silence as at the report's moment, the one figure every section uses.

    The finding's own message froze the days at detection ("has not posted for 9.2 days"); the report says how
    long it is at its moment, from the same last post as the Accounts section.
    """
    if item.rule != "unattended":
        return None
    data: ReportData = ctx["d"]
    line = next((a for a in data.accounts if a.platform == item.platform
                 and a.handle.casefold() == item.handle.lstrip("@").casefold()), None)
    if line is None or line.last_post is None:
        return None
    silent = data.period.as_of - line.last_post
    return (f"No post since {_when(ctx, line.last_post)}: {_length(silent)} at {ctx['moment']}"
            f"{f' (the limit is {_length(line.silence.limit)})' if line.silence else ''}.")


def _excerpt(item: Item) -> str:
    """Return a finding's excerpt; for personal data, with every detail masked to its kind."""
    return scrub(item.excerpt) if item.rule == PERSONAL_RULE else item.excerpt


def _reasons(item: Item) -> tuple[str, ...]:
    """Return a finding's reasons, masked like its excerpt."""
    return tuple(scrub(r) for r in item.reasons) if item.rule == PERSONAL_RULE else item.reasons


@pass_context
def real_handle(ctx: Context, item: Item) -> str | None:
    """Return the handle a lookalike imitates, as registered ("BrackleyTC"), from "X @BrackleyTC"."""
    imitates = item.imitates or ctx["imitated"].get(item.id)
    if not imitates:
        return None
    shown = str(imitates).removeprefix(label(item.platform) + " ").strip()
    return shown.lstrip("@") or None


def _raw(ctx: Context, item: Item) -> str:
    """Return a finding's handle as stored, invisible characters and all (the item's is cleaned for display)."""
    raw = ctx["raw_handles"].get(item.id)
    return raw.lstrip("@")[:80] if isinstance(raw, str) and raw else item.handle


@pass_context
def _difference(ctx: Context, item: Item) -> str:
    """Return how a lookalike's handle differs from the real one, in words."""
    real = real_handle(ctx, item)
    return describe(_raw(ctx, item), real) if real else ""


@pass_context
def _marked(ctx: Context, item: Item) -> Markup:
    """Return the lookalike's handle as HTML with each differing character marked (escaped)."""
    real = real_handle(ctx, item)
    return Markup(marked(_raw(ctx, item), real) if real else Markup.escape(item.handle))


@pass_context
def _spelled_handle(ctx: Context, item: Item) -> str:
    """Return a lookalike's handle with invisible characters written as code points, for plain text."""
    return spelled(_raw(ctx, item))


# Finding states in words: what happened, not the database's word.
STATE_WORDS = {"open": "open", "alerted": "open (alert queued)", "acknowledged": "acknowledged by the Clerk",
               "fixed": "fixed", "dismissed": "dismissed", "pending": "waiting for the daily digest"}


@pass_context
def _state_of(ctx: Context, item: Item) -> str:
    """Return where a finding stands in words: "Open for 5 days", "Fixed Tue 13 Apr 2027"."""
    words = _state(item.state)
    words = words[:1].upper() + words[1:]
    sent = f"; {item.delivery}" if item.delivery else ""
    if item.closed_at:
        return f"{words} {_day(ctx, item.closed_at)}{sent}"
    return f"{words}, for {_age(item.age)}{sent}"


def _state(value: str) -> str:
    """Return a finding's state in words."""
    return STATE_WORDS.get(value, value)


def _job(value: str) -> str:
    """Return a job the daemon runs in words ("poll:x" is "Reading X")."""
    platform = value.partition(":")[2] if value.startswith("poll:") else ""
    if platform:
        return f"Reading {label(platform)}"
    if value.startswith("recheck:"):  # monitor/jobs/recheck.py
        return f"Re-checking open findings on {label(value.partition(':')[2])}"
    return JOB_WORDS.get(value, value.replace("-", " ").capitalize())


JOB_WORDS = {"lookalike-sweep": "Looking for lookalike accounts", "token-check": "Checking access tokens",
             "daily-digest": "Sending the daily digest", "retention": "Deleting data past its keeping time",
             "weekly-report": "Making the weekly report", "health": "Checking the platforms are reachable",
             "outbox": "Sending alerts", "watchdog": "Watchdog"}


def real_outage(line: SourceLine, coverage: Coverage) -> bool:
    """Say whether a source was really down: down now, or back up after failed reads this week."""
    if line.state != "up":
        return True
    return any(f.job == f"poll:{line.source}" for f in coverage.failures) or any(
        g.platform == line.source for g in coverage.gaps)


FILTERS: dict[str, Any] = {
    "when": _when, "day": _day, "age": _age, "span": _length, "hours": _hours, "usd": _usd,
    "platform": _platform, "source": _source, "clause": clause_words, "score": score_word,
    "message": _message, "excerpt": _excerpt, "reasons": _reasons, "difference": _difference,
    "marked": _marked, "silent": _silent, "who": _who, "state": _state, "state_of": _state_of, "job": _job,
    "spelled": _spelled_handle,
}


def _environment(autoescape: bool) -> Environment:
    """Return a template environment; HTML escapes every value unless told otherwise (we never do)."""
    env = Environment(loader=PackageLoader("monitor", "templates"), autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    env.globals.update(account=_account, real_handle=real_handle, real_outage=real_outage)
    return env


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """Return the HTML environment (autoescape on)."""
    return _environment(autoescape=True)


@lru_cache(maxsize=1)
def text_environment() -> Environment:
    """Return the plain-text environment."""
    return _environment(autoescape=False)


def title(data: ReportData) -> str:
    """Return the report's title, also the email subject."""
    period = data.period
    last = period.week.days[-1]
    return (f"{data.council}: social media compliance report, week {period.week} "
            f"({period.week.monday:%d %b} to {last:%d %b %Y})")


def _context(data: ReportData, chart: str | None, chart_alt: str) -> dict[str, Any]:
    """Return the variables both templates read."""
    period = data.period
    return {
        "d": data, "title": title(data), "zone": data.period.zone, "severities": SEVERITIES,
        "raw_handles": {r.fields.get("id"): r.fields.get("handle") for r in data.records},
        "imitated": {i.id: i.imitates for i in data.lookalikes if i.imitates},
        "limit": LIST_LIMIT, "chart": chart, "chart_alt": chart_alt,
        "forms": {p.name: p.impersonation_form for p in PLATFORMS.values()},
        "platforms": PLATFORMS,
        "rules_off": {c.rule for c in CHECKS} & set(data.coverage.disabled_rules),
        "open_total": sum(data.numbers.open_by_severity.values()),
        # What "as at" reads as: Monday 00:00 would look like a day of the next week.
        "moment": "the end of the week" if period.complete else period.as_of.astimezone(period.zone).strftime(WHEN),
    }


def render_html(data: ReportData, chart: str | None = None, chart_alt: str = "") -> str:
    """Return the report as one HTML page; the chart is a data: URI (the PDF, the file) or a cid: (the email)."""
    return html_environment().get_template(HTML_TEMPLATE).render(_context(data, chart, chart_alt))


def render_text(data: ReportData) -> str:
    """Return the report as plain text (the email's text part; the command's default output)."""
    return text_environment().get_template(TEXT_TEMPLATE).render(_context(data, None, ""))


def summary_text(data: ReportData) -> str:
    """Return a few lines of totals for targets that cannot carry the report (a Slack webhook).

    Only numbers and fixed words: no post text, so nothing a chat client could read as a mention or link.
    """
    opened = data.numbers.open_by_severity
    lines = [
        f"Weekly social media compliance report, week {data.period.week}.",
        f"Needs action: {opened.get('high', 0)} high, {opened.get('medium', 0)} medium, "
        f"{opened.get('low', 0)} low.",
        f"This week: {data.numbers.totals[-1]} new, {data.numbers.resolved} resolved, "
        f"{data.numbers.dismissed} dismissed.",
        f"Lookalike accounts: {data.lookalikes_new} new, "
        f"{sum(1 for i in data.lookalikes if i.state in ('open', 'alerted', 'acknowledged'))} unresolved.",
        "Coverage: complete." if data.coverage.complete else "Coverage: incomplete (see the report).",
        "The full report (PDF and CSV) went by email.",
    ]
    return "\n".join(lines)
