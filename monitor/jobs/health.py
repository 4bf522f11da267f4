"""Source health: whether the monitor can see each platform, told to the Clerk once when blind, once when seen again.

A source is a platform or one of two things that blind a platform without being it: the read budget
of the platform that bills for reads ("x-budget") and the token of the platform whose token expires
("facebook-token"); the platform registry names them. A source down for longer than
schedule.blind_after_minutes (at once for a failure no wait will cure) gets one message; its recovery
gets one more. The `health` job looks for sources down long enough even while their polls wait.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session

from monitor import alerts
from monitor.config import Config
from monitor.jobs.host import Host
from monitor.platforms.budget import BUDGETED
from monitor.platforms.http import SourceError
from monitor.platforms.registry import PLATFORMS, with_feature
from monitor.store.db import session_scope
from monitor.store.models import SourceHealthRow
from monitor.store.runs import note_source, source_health

# Every job logs as "monitor.jobs", as before the jobs were a package: journal filters keep working.
log = logging.getLogger("monitor.jobs")

BUDGET_SOURCE = f"{BUDGETED}-budget"
# The platform whose token the daily token check asks about, and that token's health source.
TOKEN_CHECKED = with_feature("token_check")[0]
TOKEN_SOURCE = f"{TOKEN_CHECKED.name}-token"
_TOKEN = TOKEN_CHECKED.health_source(TOKEN_SOURCE)
TOKEN_NAME = _TOKEN.alert_name if _TOKEN else TOKEN_SOURCE  # "the Facebook Page token"
TOKEN_NAME_CAPITAL = TOKEN_NAME[:1].upper() + TOKEN_NAME[1:]
# When several errors spoil one read, the most telling names the cause.
KIND_ORDER = ("budget", "auth", "rate_limited", "transient", "permanent")
# Failures no wait will cure: the Clerk hears at once rather than after blind_after_minutes.
URGENT = frozenset({"auth", "budget"})
NEXT_STEPS = {
    "auth": "make a new token, put it in /etc/council-monitor/credentials/ and run: sudo systemctl restart "
            "council-monitor (docs/platforms-facebook.md for the Facebook Page token)",
    "budget": "buy X API credits, or raise platforms.x.monthly_budget_usd; polling resumes by itself",
    "rate_limited": "nothing: the monitor waits for the platform's limit to reset, then reads again by itself",
    "transient": "nothing at first: the monitor keeps trying by itself",
}


def blind_platforms(session: Session) -> set[str]:
    """Return the platforms whose source is down."""
    return {row.source for row in source_health(session) if row.state == "down" and row.source in PLATFORMS}


def observations(platform: str, errors: Sequence[SourceError]) -> dict[str, SourceError | None]:
    """Return what a fetch says about each source: the error that blinds it, or None when it was read.

    Permanent errors (a handle that does not exist) are about one account, not the platform's sight.
    """
    blinding = sorted((e for e in errors if e.kind != "permanent"), key=lambda e: KIND_ORDER.index(e.kind))
    if not blinding:
        return {platform: None, **({BUDGET_SOURCE: None} if platform == BUDGETED else {})}
    first = blinding[0]
    if first.kind == "budget" and platform == BUDGETED:
        return {BUDGET_SOURCE: first}
    return {platform: first}


def describe(error: SourceError) -> str:
    """Return the cause and the next step of a failure, for the log and the Clerk."""
    return f"{error}. What to do: {NEXT_STEPS.get(error.kind, NEXT_STEPS['transient'])}"


def observe(session: Session, config: Config, source: str, error: SourceError | None, now: datetime) -> int:
    """Record whether a source could be seen; log a flip once; queue the blind or recovered message once."""
    row = session.get(SourceHealthRow, source)
    before = (row.since, row.alerted) if row is not None and row.state == "down" else None
    change = note_source(session, source, error is None, now, describe(error) if error else None)
    if change.flipped and error is not None:
        log.warning("%s cannot be seen since %s UTC: %s", source, f"{change.since:%Y-%m-%d %H:%M}", error)
    elif change.flipped:
        log.info("%s can be seen again, after %s", source, _duration(change.previous_for))
    if error is None:
        if change.flipped and before is not None and before[1]:
            return int(alerts.queue(session, recovered_message(config, source, before[0], now), now))
        return 0
    return alert_if_blind(session, config, source, now, urgent=error.kind in URGENT)


def alert_if_blind(session: Session, config: Config, source: str, now: datetime, urgent: bool = False) -> int:
    """Queue the one "blind" message of a source down long enough (at once when urgent); return 1 if queued."""
    row = session.get(SourceHealthRow, source)
    if row is None or row.state != "down" or row.alerted:
        return 0
    if not urgent and now - row.since < timedelta(minutes=config.schedule.blind_after_minutes):
        return 0
    detail = row.last_error or ""
    if source == TOKEN_SOURCE:
        message = token_message(config, detail, row.since)
    else:
        message = alerts.compose_system(config, source, down=True, since=row.since, detail=detail)
    alerts.queue(session, message, now)
    row.alerted = True
    session.add(row)
    log.info("the Clerk is told that the monitor cannot see %s", source)
    return 1


def recovered_message(config: Config, source: str, since: datetime, now: datetime) -> alerts.Message:
    """Return the one message saying a source can be seen again (or a token is fine again)."""
    if source != TOKEN_SOURCE:
        return alerts.compose_system(config, source, down=False, since=since, until=now)
    body = alerts.Body()
    body.heading(f"{TOKEN_NAME_CAPITAL} is fine again")
    body.line("Next step", alerts.said("Nothing: the new token has been seen and is valid."))
    html, md = body.render()
    return alerts.Message("system", f"system:{TOKEN_SOURCE}:up:{since.isoformat()}", alerts.system_tags(config),
                          f"{TOKEN_NAME_CAPITAL} is fine again", md, html)


def token_message(config: Config, detail: str, since: datetime) -> alerts.Message:
    """Return the one message about a token that expires soon or lacks a permission."""
    body = alerts.Body()
    body.heading(f"{TOKEN_NAME_CAPITAL} needs attention")
    for line in detail.split("\n"):
        if line.strip():
            body.line("What was found", alerts.said(line.strip()))
    body.line("Next step", alerts.said("A Page admin makes a new long-lived token (docs/platforms-facebook.md, "
                                       "'Renewing the token'), puts it in /etc/council-monitor/credentials/ and "
                                       "runs: sudo systemctl restart council-monitor"))
    html, md = body.render()
    return alerts.Message("system", f"system:{TOKEN_SOURCE}:down:{since.isoformat()}", alerts.system_tags(config),
                          f"Action needed: {TOKEN_NAME}", md, html)


def _duration(span: timedelta | None) -> str:
    """Return a span as '2 h 05 min'."""
    minutes = int((span or timedelta()).total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def check_health(daemon: Host, now: datetime) -> None:
    """Tell the Clerk about sources down longer than blind_after_minutes (even while their polls wait)."""
    with daemon.writing, session_scope(daemon.engine) as session:
        down = [row.source for row in source_health(session) if row.state == "down" and not row.alerted]
        queued = sum(alert_if_blind(session, daemon.config, source, now) for source in down)
    if queued:
        daemon.kick("outbox")
