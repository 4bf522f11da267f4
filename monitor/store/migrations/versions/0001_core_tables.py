"""Create the core tables: accounts, posts, cursors, findings, audit, outbox, runs, spend, health, due, lock.

Revision ID: 0001
Revises:
Create Date: 2025-01-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def when(name: str, nullable: bool = True, index: bool = False) -> sa.Column:
    """Return a UTC datetime column (stored naive, always UTC: see models.UTCDateTime)."""
    return sa.Column(name, sa.DateTime(), nullable=nullable, index=index)


def string(name: str, length: int, nullable: bool = False) -> sa.Column:
    """Return a bounded string column."""
    return sa.Column(name, sa.String(length), nullable=nullable)


def body(name: str, nullable: bool = True) -> sa.Column:
    """Return an unbounded text column."""
    return sa.Column(name, sa.Text(), nullable=nullable)


def upgrade() -> None:
    """Create every table."""
    create_accounts()
    create_posts()
    create_findings()
    create_operations()


def create_accounts() -> None:
    """Create account and profile_version."""
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("platform", 16), string("handle_key", 64), string("handle", 64), string("role", 16),
        string("platform_id", 64, nullable=True),
        body("display_name"), body("bio"), body("url"), body("avatar_url"),
        string("avatar_hash", 64, nullable=True), body("pinned_text"), when("created_at"),
        sa.Column("monitorable", sa.Boolean(), nullable=False),
        when("first_seen", nullable=False), when("last_seen", nullable=False), when("last_post_at"),
        sa.UniqueConstraint("platform", "handle_key", name="uq_account_platform_handle_key"),
    )
    op.create_table(
        "profile_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id", name="fk_profile_version_account_id_account"),
                  nullable=False, index=True),
        when("seen_at", nullable=False),
        body("display_name"), body("bio"), body("url"), body("avatar_url"), body("pinned_text"),
    )


def create_posts() -> None:
    """Create post and cursor."""
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("platform", 16), string("post_id", 128), string("handle_key", 64), string("handle", 64),
        string("role", 16), when("created_at", nullable=False), body("text"),
        string("reply_to", 128, nullable=True), string("reply_to_handle", 64, nullable=True),
        string("conversation_id", 128, nullable=True), string("shared_kind", 16, nullable=True),
        string("shared_post_id", 128, nullable=True), string("shared_handle", 64, nullable=True),
        body("shared_text"), body("url"), when("fetched_at", nullable=False, index=True),
        sa.Column("has_findings", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("platform", "post_id", name="uq_post_platform_post_id"),
    )
    op.create_index("ix_post_author_time", "post", ["platform", "handle_key", "created_at"])
    op.create_index("ix_post_reply_to", "post", ["platform", "reply_to"])
    op.create_table(
        "cursor",
        string("platform", 16), string("name", 128), body("value", nullable=False),
        when("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("platform", "name"),
    )


def create_findings() -> None:
    """Create finding and audit."""
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("rule", 40), string("subject", 400), string("platform", 16), string("handle", 64),
        string("post_id", 128, nullable=True), string("severity", 8), string("clause", 40),
        body("message", nullable=False), body("evidence_json", nullable=False), string("state", 16),
        when("first_seen", nullable=False), when("last_seen", nullable=False), when("alerted_at"), when("closed_at"),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.UniqueConstraint("rule", "subject", name="uq_finding_rule_subject"),
    )
    op.create_index("ix_finding_rule", "finding", ["rule"])
    op.create_index("ix_finding_state", "finding", ["state"])
    op.create_index("ix_finding_first_seen", "finding", ["first_seen"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        when("at", nullable=False, index=True), string("actor", 64), string("action", 32),
        sa.Column("finding_id", sa.Integer(), sa.ForeignKey("finding.id", name="fk_audit_finding_id_finding"),
                  nullable=True, index=True),
        body("note", nullable=False),
    )


def create_operations() -> None:
    """Create delivery, run, spend, source_health, due and daemon_lock."""
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("dedupe_key", 200), string("kind", 16), body("tags_json", nullable=False),
        body("title", nullable=False), body("body_text", nullable=False), body("body_html"),
        body("attachments_json", nullable=False), string("state", 16),
        sa.Column("attempts", sa.Integer(), nullable=False), when("next_attempt_at", nullable=False, index=True),
        body("last_error"), when("created_at", nullable=False), when("sent_at"),
        sa.UniqueConstraint("dedupe_key", name="uq_delivery_dedupe_key"),
    )
    op.create_index("ix_delivery_state", "delivery", ["state"])
    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("job", 40), when("started_at", nullable=False, index=True), when("finished_at"),
        string("status", 16), sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("new_posts", sa.Integer(), nullable=False), sa.Column("findings", sa.Integer(), nullable=False),
        body("error"),
    )
    op.create_table(
        "spend",
        sa.Column("day", sa.Date(), nullable=False), string("platform", 16), string("kind", 32),
        sa.Column("count", sa.Integer(), nullable=False), sa.Column("usd", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day", "platform", "kind"),
    )
    op.create_table(
        "source_health",
        string("source", 64, nullable=False), string("state", 16), when("since", nullable=False),
        body("last_error"), sa.Column("alerted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source"),
    )
    op.create_table(
        "due",
        string("name", 64), when("due_at", nullable=False), sa.Column("version", sa.Integer(), nullable=False),
        when("last_done_at"),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "daemon_lock",
        string("name", 32), string("holder", 200), when("heartbeat_at", nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in ("daemon_lock", "due", "source_health", "spend", "run", "delivery", "audit", "finding",
                  "cursor", "post", "profile_version", "account"):
        op.drop_table(table)
