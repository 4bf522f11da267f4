"""Small builders for the records storage tests store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.platforms.base import Batch
from monitor.records import Account, Finding, Post, Role

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def account(handle: str = "CllrSmith", role: Role = "councillor", bio: str = "Views my own", **kw: Any) -> Account:
    """Return an X account."""
    return Account(platform=kw.pop("platform", "x"), handle=handle, role=role, bio=bio, **kw)


def post(post_id: str, handle: str = "CllrSmith", at: datetime = T0, text: str = "Hello Brackley",
         role: Role = "councillor", **kw: Any) -> Post:
    """Return an X post."""
    return Post(platform=kw.pop("platform", "x"), handle=handle, id=post_id, created_at=at, text=text, role=role, **kw)


def finding(rule: str = "missing-disclaimer", handle: str = "CllrSmith", post_id: str | None = None,
            message: str = "no disclaimer", **evidence: Any) -> Finding:
    """Return a finding."""
    return Finding(rule=rule, platform="x", handle=handle, post_id=post_id, severity="medium", clause="6.4",
                   message=message, evidence=evidence)


def batch(accounts: list[Account] | None = None, posts: list[Post] | None = None,
          cursors: dict[str, str] | None = None) -> Batch:
    """Return an X batch."""
    return Batch(platform="x", accounts=accounts or [], posts=posts or [], cursors=cursors or {})
