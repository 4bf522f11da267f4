"""Platform-neutral records: the only shapes the checks ever see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from monitor.platforms.registry import PLATFORMS as REGISTRY

# A platform's name as the registry knows it (monitor/platforms/registry.py); records never hold another.
Platform = str
PLATFORMS: tuple[Platform, ...] = tuple(REGISTRY)
Role = Literal["official", "councillor", "other"]
ROLES: tuple[Role, ...] = ("official", "councillor", "other")
Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")



def handle_key(handle: str) -> str:
    """Return the case-folded handle used to compare accounts."""
    return handle.strip().lstrip("@").casefold()


def valid_handle(platform: str, handle: str) -> bool:
    """Say whether a handle has the platform's shape (False for a platform the registry does not know)."""
    entry = REGISTRY.get(platform)
    return entry is not None and entry.valid_handle(handle)


@dataclass(frozen=True, slots=True)
class Account:
    """One account's profile as a platform shows it."""

    platform: Platform
    handle: str
    role: Role = "other"
    display_name: str = ""
    bio: str = ""
    created_at: datetime | None = None
    account_id: str | None = None
    avatar_url: str | None = None
    # Perceptual hash (hex) of the avatar when known; compared with the council's logo.
    avatar_hash: str | None = None
    url: str | None = None
    location: str = ""
    # The pinned post, where a disclaimer often lives.
    pinned_text: str = ""
    verified_type: str | None = None
    followers_count: int | None = None
    # False for a Facebook personal profile: no API can read one.
    monitorable: bool = True
    # The platform's own JSON for it, kept only as evidence of a finding (monitor/store/evidence.py).
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        """Return (platform, folded handle), the identity of this account."""
        return (self.platform, handle_key(self.handle))


@dataclass(frozen=True, slots=True)
class SharedPost:
    """The post a repost or quote points at, with its author."""

    kind: Literal["repost", "quote"]
    post_id: str
    handle: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Post:
    """One post, reply or comment."""

    platform: Platform
    handle: str
    id: str
    created_at: datetime
    text: str
    role: Role = "other"
    reply_to: str | None = None
    # Handle of the author of the post replied to, when the platform says.
    reply_to_handle: str | None = None
    conversation_id: str | None = None
    shared: SharedPost | None = None
    url: str | None = None
    # The platform's own JSON for it, kept only as evidence of a finding (monitor/store/evidence.py).
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def author_key(self) -> tuple[str, str]:
        """Return (platform, folded handle) of the author."""
        return (self.platform, handle_key(self.handle))


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach found by one check, with the evidence a person needs."""

    rule: str
    platform: str
    handle: str
    post_id: str | None
    severity: Severity
    clause: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def subject(self) -> str:
        """Return what this finding is about, stable across polls (used to alert once)."""
        target = self.evidence.get("subject")
        parts = [self.platform, handle_key(self.handle), self.post_id or ""]
        if target:
            parts.append(str(target))
        return ":".join(parts)

    def to_json(self) -> dict[str, Any]:
        """Return the scan record: the contract other tools read."""
        return {
            "rule": self.rule,
            "platform": self.platform,
            "handle": self.handle,
            "post_id": self.post_id,
            "severity": self.severity,
            "clause": self.clause,
            "message": self.message,
            "evidence": self.evidence,
        }
