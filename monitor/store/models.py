"""The database tables (SQLModel). Schema changes go through an Alembic migration, never create_all."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Constraint names are fixed so that migrations can name what they alter (SQLite and PostgreSQL alike).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}

class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC; read them back aware (SQLite forgets the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to naive UTC on the way in, refusing naive values."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; times are always timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark values read back as UTC."""
        return value.replace(tzinfo=UTC) if value is not None else None


def utc_column(nullable: bool = True, index: bool = False) -> Any:
    """Return a UTC datetime column."""
    return Column(UTCDateTime(), nullable=nullable, index=index)


def text_column(nullable: bool = True) -> Any:
    """Return an unbounded text column (posts may be long)."""
    return Column(Text(), nullable=nullable)


class AccountRow(SQLModel, table=True):
    """An account seen on a platform: registered ones and those found in replies or lookalike sweeps."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("platform", "handle_key"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    handle_key: str = Field(max_length=64)  # case-folded handle
    handle: str = Field(max_length=64)
    role: str = Field(max_length=16)  # official | councillor | other
    platform_id: str | None = Field(default=None, max_length=64)
    display_name: str = Field(default="", sa_column=text_column())
    bio: str = Field(default="", sa_column=text_column())
    url: str | None = Field(default=None, sa_column=text_column())
    avatar_url: str | None = Field(default=None, sa_column=text_column())
    avatar_hash: str | None = Field(default=None, max_length=64)
    pinned_text: str = Field(default="", sa_column=text_column())
    created_at: datetime | None = Field(default=None, sa_column=utc_column())
    monitorable: bool = True
    first_seen: datetime = Field(sa_column=utc_column(nullable=False))
    last_seen: datetime = Field(sa_column=utc_column(nullable=False))
    last_post_at: datetime | None = Field(default=None, sa_column=utc_column())


class ProfileVersion(SQLModel, table=True):
    """A profile as it was when it changed: the history behind 'the disclaimer was removed on ...'."""

    __tablename__ = "profile_version"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    seen_at: datetime = Field(sa_column=utc_column(nullable=False))
    display_name: str = Field(default="", sa_column=text_column())
    bio: str = Field(default="", sa_column=text_column())
    url: str | None = Field(default=None, sa_column=text_column())
    avatar_url: str | None = Field(default=None, sa_column=text_column())
    pinned_text: str = Field(default="", sa_column=text_column())
    # Added in 0002: a new avatar at the same URL (or the council's logo appearing) is a change too.
    avatar_hash: str | None = Field(default=None, max_length=64)


class PostRow(SQLModel, table=True):
    """A post, reply or comment as fetched."""

    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("platform", "post_id"),
        Index("ix_post_author_time", "platform", "handle_key", "created_at"),
        Index("ix_post_reply_to", "platform", "reply_to"),
        # Added in 0002: load_history reads a window of recent posts across every author.
        Index("ix_post_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    post_id: str = Field(max_length=128)
    handle_key: str = Field(max_length=64)
    handle: str = Field(max_length=64)
    role: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    text: str = Field(default="", sa_column=text_column())
    reply_to: str | None = Field(default=None, max_length=128)
    reply_to_handle: str | None = Field(default=None, max_length=64)
    conversation_id: str | None = Field(default=None, max_length=128)
    shared_kind: str | None = Field(default=None, max_length=16)
    shared_post_id: str | None = Field(default=None, max_length=128)
    shared_handle: str | None = Field(default=None, max_length=64)
    shared_text: str | None = Field(default=None, sa_column=text_column())
    url: str | None = Field(default=None, sa_column=text_column())
    fetched_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    # Posts with findings outlive the retention period of plain posts (they are evidence).
    has_findings: bool = False


class CursorRow(SQLModel, table=True):
    """Where a platform feed was read up to (e.g. X since_id); saved only after its batch is stored."""

    __tablename__ = "cursor"

    platform: str = Field(primary_key=True, max_length=16)
    name: str = Field(primary_key=True, max_length=128)  # e.g. "timeline:1001", "search:official"
    value: str = Field(sa_column=text_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class FindingRow(SQLModel, table=True):
    """A finding and its lifecycle: open -> acknowledged -> fixed | dismissed, with reopen (see findings.py)."""

    __tablename__ = "finding"
    __table_args__ = (
        UniqueConstraint("rule", "subject"),
        # Added in 0002: retention and the subject access export look findings up by account.
        Index("ix_finding_account", "platform", "handle_key"),
        # Added in 0002: retention keeps a post while a finding is about it.
        Index("ix_finding_post", "platform", "post_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rule: str = Field(max_length=40, index=True)
    subject: str = Field(max_length=400)  # Finding.subject: stable across polls
    platform: str = Field(max_length=16)
    handle: str = Field(max_length=64)
    # Added in 0002: the case-folded handle, so a re-check of @Foo resolves a finding about @foo.
    handle_key: str = Field(max_length=64)
    post_id: str | None = Field(default=None, max_length=128)
    severity: str = Field(max_length=8)
    clause: str = Field(max_length=40)
    message: str = Field(sa_column=text_column(nullable=False))
    evidence_json: str = Field(default="{}", sa_column=text_column(nullable=False))
    state: str = Field(default="open", max_length=16, index=True)
    first_seen: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    last_seen: datetime = Field(sa_column=utc_column(nullable=False))
    alerted_at: datetime | None = Field(default=None, sa_column=utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=utc_column())
    # How many times it came back after being resolved.
    reopened: int = 0
    # Added in 0004: who closed it, how ("deleted", "edited", "disclaimer added", ...) and the details.
    closed_by: str | None = Field(default=None, max_length=64)
    closed_reason: str | None = Field(default=None, max_length=64)
    closed_note: str = Field(default="", sa_column=text_column(nullable=False))
    # Added in 0004: the councillor asked to deal with it and by when (beside the state, not a state).
    assigned_to: str | None = Field(default=None, max_length=128)
    due_at: datetime | None = Field(default=None, sa_column=utc_column())
    # Added in 0004: when re-checking last read its post or profile (monitor/jobs/recheck.py).
    checked_at: datetime | None = Field(default=None, sa_column=utc_column())


class AuditRow(SQLModel, table=True):
    """Who did what to a finding, when and why. Rows are only ever inserted.

    Since 0002 the database enforces it: triggers refuse any UPDATE, and any DELETE of a row less
    than a year old (the shortest audit retention the config allows).
    """

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    actor: str = Field(max_length=64)  # a person's login, or "monitor"
    action: str = Field(max_length=32)  # found, alerted, acknowledged, dismissed, resolved, reopened, ...
    finding_id: int | None = Field(default=None, foreign_key="finding.id", index=True)
    note: str = Field(default="", sa_column=text_column(nullable=False))
    # Added in 0005: the hash chain (monitor/store/chain.py): the previous entry's hash and this entry's.
    prev_hash: str = Field(default="", max_length=64)
    entry_hash: str = Field(default="", max_length=64)


class DeliveryRow(SQLModel, table=True):
    """The outbox: one message to one set of Apprise tags, retried until it is sent."""

    __tablename__ = "delivery"

    id: int | None = Field(default=None, primary_key=True)
    # Makes enqueueing idempotent: the same alert is never queued twice (e.g. "alert:<finding id>:<n>").
    dedupe_key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=16)  # alert | digest | report | system
    tags_json: str = Field(default="[]", sa_column=text_column(nullable=False))
    title: str = Field(sa_column=text_column(nullable=False))
    body_text: str = Field(sa_column=text_column(nullable=False))
    body_html: str | None = Field(default=None, sa_column=text_column())
    # What services that are not email (chat, webhooks) get instead of body_text, without attachments.
    body_summary: str | None = Field(default=None, sa_column=text_column())
    attachments_json: str = Field(default="[]", sa_column=text_column(nullable=False))
    state: str = Field(default="pending", max_length=16, index=True)  # pending | sending | sent
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    last_error: str | None = Field(default=None, sa_column=text_column())
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column())


class RunRow(SQLModel, table=True):
    """One job run: a poll cycle, a sweep, a report."""

    __tablename__ = "run"

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40)  # poll:x, poll:facebook, lookalikes, token-check, report, purge
    started_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    finished_at: datetime | None = Field(default=None, sa_column=utc_column())
    status: str = Field(default="running", max_length=16)  # running | ok | failed | partial
    requests: int = 0
    new_posts: int = 0
    findings: int = 0
    error: str | None = Field(default=None, sa_column=text_column())


class SpendRow(SQLModel, table=True):
    """Billable reads per platform, day and kind, with their cost."""

    __tablename__ = "spend"

    day: date = Field(primary_key=True)
    platform: str = Field(primary_key=True, max_length=16)
    kind: str = Field(primary_key=True, max_length=32)  # post_read | user_read | skipped_post_read ...
    count: int = 0
    usd: float = 0.0


class SourceHealthRow(SQLModel, table=True):
    """Whether the monitor can see a source; the Clerk hears once when it goes blind and once on recovery."""

    __tablename__ = "source_health"

    source: str = Field(primary_key=True, max_length=64)  # "x", "facebook", "facebook-token", "x-budget"
    state: str = Field(default="up", max_length=16)  # up | down
    since: datetime = Field(sa_column=utc_column(nullable=False))
    last_error: str | None = Field(default=None, sa_column=text_column())
    alerted: bool = False


class DueRow(SQLModel, table=True):
    """When a recurring duty (the weekly report) is next due; claimed with an optimistic update."""

    __tablename__ = "due"

    name: str = Field(primary_key=True, max_length=64)
    due_at: datetime = Field(sa_column=utc_column(nullable=False))
    version: int = 0
    last_done_at: datetime | None = Field(default=None, sa_column=utc_column())


class LockRow(SQLModel, table=True):
    """The daemon's lease on the database: a second daemon refuses to start."""

    __tablename__ = "daemon_lock"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=200)  # host:pid:random
    heartbeat_at: datetime = Field(sa_column=utc_column(nullable=False))
    # Added in 0002: "held by host:pid since ..." in the refusal message.
    acquired_at: datetime = Field(sa_column=utc_column(nullable=False))


class EvidenceRow(SQLModel, table=True):
    """What a finding was about, captured as the platform showed it (monitor/store/evidence.py).

    Never changed (triggers refuse UPDATE since 0005) and kept as long as its finding, after the post
    itself is purged; a later capture (an edit) is a new row beside the first.
    """

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    captured_at: datetime = Field(sa_column=utc_column(nullable=False))
    reason: str = Field(max_length=32)  # detected | reopened | changed | ...
    # Canonical JSON of the capture: exactly the bytes sha256 is taken of, written to an evidence pack as is.
    capture_json: str = Field(sa_column=text_column(nullable=False))
    sha256: str = Field(max_length=64)


class WebUserRow(SQLModel, table=True):
    """A person who signs in to the Clerk's web console (monitor/store/users.py)."""

    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)  # the sign-in name, as given to `users add`
    email: str = Field(max_length=254)
    role: str = Field(max_length=16)  # clerk | deputy | viewer
    password_hash: str = Field(max_length=200)  # argon2id, with its parameters and salt
    # The authenticator app's shared key (base32); enrolled once the first code from it was right.
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enrolled: bool = False
    # The last time step a code was accepted for: the same code is never accepted twice.
    totp_last_step: int = 0
    disabled: bool = False
    failed_attempts: int = 0
    locked_at: datetime | None = Field(default=None, sa_column=utc_column())
    # A password the IT contractor set (add, reset) is changed by its owner at the next sign-in.
    must_change_password: bool = True
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    password_changed_at: datetime = Field(sa_column=utc_column(nullable=False))


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: kept server-side, found by the SHA-256 of the cookie's random id."""

    __tablename__ = "web_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="web_user.id", index=True)
    # "password": the password was right and the authenticator code is still to come; "full": signed in.
    stage: str = Field(max_length=16)
    csrf_token: str = Field(max_length=64)
    address: str = Field(default="", max_length=64)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    expires_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    revoked_at: datetime | None = Field(default=None, sa_column=utc_column())


class ArchiveRow(SQLModel, table=True):
    """One version of a post or comment on an official account, kept for FOI (monitor/store/archive.py).

    Added in 0006. An edit adds a row (version 2, 3, ...) beside the first; a deletion sets gone_at on
    every version; rows go only when retention purges them (storage.archive_years).
    """

    __tablename__ = "archive_post"
    __table_args__ = (
        UniqueConstraint("platform", "post_id", "version"),
        Index("ix_archive_post_created_at", "created_at"),
        Index("ix_archive_post_account", "account_key", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    post_id: str = Field(max_length=128)
    version: int = 1
    # The official account (folded handle) whose post or thread it is; the author may be anyone.
    account_key: str = Field(max_length=64)
    handle: str = Field(max_length=64)
    handle_key: str = Field(max_length=64)
    role: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    # When this version was first seen (for version 1: when the post was first fetched).
    seen_at: datetime = Field(sa_column=utc_column(nullable=False))
    # When the post was first seen gone (deleted or withheld), if a re-read saw it.
    gone_at: datetime | None = Field(default=None, sa_column=utc_column())
    gone_reason: str | None = Field(default=None, max_length=32)
    text: str = Field(default="", sa_column=text_column(nullable=False))
    # The text case-folded with accents and invisibles removed: what `archive search` matches against.
    folded: str = Field(default="", sa_column=text_column(nullable=False))
    reply_to: str | None = Field(default=None, max_length=128)
    reply_to_handle: str | None = Field(default=None, max_length=64)
    conversation_id: str | None = Field(default=None, max_length=128)
    shared_kind: str | None = Field(default=None, max_length=16)
    shared_post_id: str | None = Field(default=None, max_length=128)
    shared_handle: str | None = Field(default=None, max_length=64)
    shared_text: str | None = Field(default=None, sa_column=text_column())
    url: str | None = Field(default=None, sa_column=text_column())
