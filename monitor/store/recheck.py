"""What the re-check job reads and writes: the open findings due a second look, and what it saw.

A finding is re-checked when it is open or acknowledged, its rule looks at one post or one profile
(not at the history: a silence or an unanswered question is judged by the poll), and its last re-check
(checked_at) is older than the platform's interval. The stored post or profile is handed to the adapter,
which reads it again by id.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from monitor.checks import CHECKS
from monitor.records import Account, Platform, Post, handle_key
from monitor.store.findings import ACTIVE
from monitor.store.models import AccountRow, FindingRow, PostRow
from monitor.store.repo import account_of, post_of

POST_RULES = tuple(c.rule for c in CHECKS if c.applies_to == "post")
ACCOUNT_RULES = tuple(c.rule for c in CHECKS if c.applies_to == "account")


@dataclass
class Due:
    """The open findings of one platform due a re-check, and the stored posts and profiles they are about."""

    rows: list[FindingRow] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)


def _rechecked(platform: str) -> ColumnElement[bool]:
    """Return the condition of a finding the re-check looks at on a platform."""
    return and_(col(FindingRow.platform) == platform, col(FindingRow.state).in_(ACTIVE),
                or_(and_(col(FindingRow.rule).in_(POST_RULES), col(FindingRow.post_id).is_not(None)),
                    and_(col(FindingRow.rule).in_(ACCOUNT_RULES), col(FindingRow.post_id).is_(None))))


def due_for_recheck(session: Session, platform: str, now: datetime, every: timedelta) -> Due:
    """Return the findings whose last re-check (or detection) is at least `every` old, with their records."""
    since = now - every
    query = select(FindingRow).where(_rechecked(platform), func.coalesce(
        col(FindingRow.checked_at), col(FindingRow.first_seen)) <= since).order_by(col(FindingRow.id))
    rows = list(session.exec(query))
    due = Due(rows=rows)
    post_ids = sorted({r.post_id for r in rows if r.post_id})
    stored: dict[str, Post] = {}
    for start in range(0, len(post_ids), 500):
        chunk = post_ids[start:start + 500]
        found = session.exec(select(PostRow).where(PostRow.platform == platform, col(PostRow.post_id).in_(chunk)))
        stored.update({p.post_id: post_of(p) for p in found})
    for row in rows:
        if row.post_id and row.post_id not in {p.id for p in due.posts}:
            due.posts.append(stored.get(row.post_id) or Post(
                platform=cast(Platform, platform), handle=row.handle, id=row.post_id, created_at=row.first_seen,
                text=""))
    keys = sorted({r.handle_key for r in rows if r.post_id is None})
    accounts = {a.handle_key: account_of(a) for a in session.exec(select(AccountRow).where(
        AccountRow.platform == platform, col(AccountRow.handle_key).in_(keys)))} if keys else {}
    for row in rows:
        if row.post_id is None and row.handle_key not in {handle_key(a.handle) for a in due.accounts}:
            due.accounts.append(accounts.get(row.handle_key) or Account(platform=cast(Platform, platform),
                                                                        handle=row.handle))
    return due


def open_to_recheck(session: Session, platform: str) -> tuple[int, int]:
    """Return how many posts and profiles with open findings a full re-check of a platform reads."""
    posts = session.exec(select(func.count(func.distinct(FindingRow.post_id))).where(
        _rechecked(platform), col(FindingRow.post_id).is_not(None))).one()
    accounts = session.exec(select(func.count(func.distinct(FindingRow.handle_key))).where(
        _rechecked(platform), col(FindingRow.post_id).is_(None))).one()
    return int(posts), int(accounts)


def mark_checked(rows: Sequence[FindingRow], now: datetime) -> None:
    """Record that these findings' posts or profiles were read again now."""
    for row in rows:
        row.checked_at = now


def last_present(row: FindingRow) -> datetime:
    """Return the last time the post or profile of a finding was seen there: its last re-check or detection."""
    return max(row.last_seen, row.checked_at or row.last_seen)


def gone_window(row: FindingRow, gone: str, now: datetime, zone: ZoneInfo) -> str:
    """Say when something went: "deleted between 10:14 and 10:29, 3 h after the alert" (council time)."""
    seen, local_now = last_present(row).astimezone(zone), now.astimezone(zone)
    start = f"{seen:%H:%M}" if seen.date() == local_now.date() else f"{seen:%a %-d %b %H:%M}"
    said = f"{gone} between {start} and {local_now:%H:%M} on {local_now:%a %-d %b %Y}"
    if row.alerted_at is not None:
        return f"{said}, {duration(now - row.alerted_at)} after the alert"
    return f"{said}, {duration(now - row.first_seen)} after it was found"


def duration(span: timedelta) -> str:
    """Return a span as people say it: 40 min, 3 h, 2 days."""
    minutes = max(0, math.floor(span.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{round(minutes / 60)} h"
    return f"{round(minutes / 1440)} days"
