"""What every platform adapter hands back to the poller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from monitor.checks.base import Hit
from monitor.config import AccountRef, Config
from monitor.platforms.http import SourceError
from monitor.records import Account, Post


@dataclass
class Usage:
    """Requests made and billable reads in one fetch."""

    requests: int = 0
    post_reads: int = 0
    user_reads: int = 0

    def add(self, other: Usage) -> None:
        """Add another fetch's usage to this one."""
        self.requests += other.requests
        self.post_reads += other.post_reads
        self.user_reads += other.user_reads


@dataclass
class Batch:
    """One cycle's haul from one platform: records, the cursors to save after storing them, and failures."""

    platform: str
    accounts: list[Account] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    # Cursor name -> value; saved only after the batch is stored, so a crash re-reads rather than loses.
    cursors: dict[str, str] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)
    errors: list[SourceError] = field(default_factory=list)
    # Things about the monitor's own sight the Clerk must hear of (a Page token expiring).
    notices: list[Hit] = field(default_factory=list)
    # Registered accounts no API can read, named so reports never imply they were checked.
    unmonitorable: list[Account] = field(default_factory=list)


@dataclass
class Verification:
    """What an adapter's online check found (check-config --online): nothing is fetched, nothing stored.

    Problems and warnings name the registered account they are about, or None for the token or the platform.
    """

    platform: str
    confirmed: list[str] = field(default_factory=list)
    problems: list[tuple[AccountRef | None, str]] = field(default_factory=list)
    warnings: list[tuple[AccountRef | None, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


@dataclass
class Recheck:
    """What re-reading stored posts and profiles found: each as it is now, or gone and why.

    A post or account that is still there comes back as a record (an edited post with its new text, under
    its original id); one that is gone is named with the reason ("deleted", "suspended", ...). Anything
    the platform did not answer for (a failed request) is in neither, and is looked at again next time.
    """

    platform: str
    posts: list[Post] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    gone_posts: dict[str, str] = field(default_factory=dict)  # post id -> why it is gone
    gone_accounts: dict[str, str] = field(default_factory=dict)  # handle key -> why it is gone
    usage: Usage = field(default_factory=Usage)
    errors: list[SourceError] = field(default_factory=list)


class Recheckable(Protocol):
    """An adapter that can re-read posts and profiles it read before, by id (the "recheck" feature)."""

    platform: str

    def recheck(self, posts: list[Post], accounts: list[Account], now: datetime) -> Recheck:
        """Re-read these posts and profiles and say what each is now."""


class Verifiable(Protocol):
    """An adapter that can check its token and its registered accounts online, without reading posts."""

    platform: str

    def verify(self, now: datetime) -> Verification:
        """Check the token and that each registered account exists and is of the kind configured."""


class Source(Protocol):
    """A platform adapter."""

    platform: str

    def fetch(self, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
        """Fetch profiles (when asked) and everything new since the cursors."""


class SourceFactory(Protocol):
    """Builds an adapter from the config and its secret."""

    def __call__(self, config: Config, token: str) -> Source:
        """Return the adapter."""
