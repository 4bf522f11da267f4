"""Notices: what an adapter tells the Clerk about the accounts or its own sight that is not a finding.

A renamed account (still monitored, under the same DID) and a live stream that cannot be reached
(the platform is polled instead) are each told once: the message's key is the notice's subject, and
the outbox keeps one message per key however often the adapter repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from monitor import alerts
from monitor.checks.base import Hit
from monitor.config import Config
from monitor.platforms.registry import PLATFORMS


def notice_message(config: Config, notice: Hit) -> alerts.Message:
    """Return the one message for a notice, in the Clerk's words."""
    entry = PLATFORMS.get(notice.platform or "")
    label = entry.label if entry else (notice.platform or "a platform")
    account = entry.shown(notice.handle) if entry and notice.handle else ""
    title = f"Notice: {label}" + (f" account {account}" if account else "")
    body = alerts.Body()
    body.heading(title)
    body.line("What happened", alerts.said(notice.message))
    body.line("Next step", alerts.said("Nothing unless the message says so: this is for your information."))
    html, md = body.render()
    subject = str(notice.evidence.get("subject", notice.message))
    key = f"notice:{notice.platform}:{notice.evidence.get('did', notice.handle)}:{subject}"[:200]
    return alerts.Message("system", key, alerts.system_tags(config), title, md, html)


def queue_notices(session: Session, config: Config, notices: Sequence[Hit], now: datetime) -> int:
    """Queue each notice not told before; return how many were queued."""
    return sum(int(alerts.queue(session, notice_message(config, notice), now)) for notice in notices)
