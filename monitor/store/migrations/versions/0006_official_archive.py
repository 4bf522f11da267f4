"""The archive of the official accounts' posts and comments, for FOI.

- archive_post: one row per version of a post or comment on an official account (its text, and the
  text folded for search), kept for storage.archive_years (monitor/store/archive.py). Nothing existing
  is copied in: the archive starts with the first poll after the upgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def string(name: str, length: int, nullable: bool = False) -> sa.Column:
    """Return a bounded text column."""
    return sa.Column(name, sa.String(length), nullable=nullable)


def when(name: str, nullable: bool = True) -> sa.Column:
    """Return a UTC time column (stored naive, as monitor.store.models.UTCDateTime writes it)."""
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    """Create archive_post and its indexes."""
    op.create_table(
        "archive_post",
        sa.Column("id", sa.Integer(), primary_key=True),
        string("platform", 16), string("post_id", 128), sa.Column("version", sa.Integer(), nullable=False),
        string("account_key", 64), string("handle", 64), string("handle_key", 64), string("role", 16),
        when("created_at", nullable=False), when("seen_at", nullable=False), when("gone_at"),
        string("gone_reason", 32, nullable=True),
        sa.Column("text", sa.Text(), nullable=False), sa.Column("folded", sa.Text(), nullable=False),
        string("reply_to", 128, nullable=True), string("reply_to_handle", 64, nullable=True),
        string("conversation_id", 128, nullable=True), string("shared_kind", 16, nullable=True),
        string("shared_post_id", 128, nullable=True), string("shared_handle", 64, nullable=True),
        sa.Column("shared_text", sa.Text(), nullable=True), sa.Column("url", sa.Text(), nullable=True),
        sa.UniqueConstraint("platform", "post_id", "version", name="uq_archive_post_platform_post_id_version"),
    )
    op.create_index("ix_archive_post_created_at", "archive_post", ["created_at"])
    op.create_index("ix_archive_post_account", "archive_post", ["account_key", "created_at"])


def downgrade() -> None:
    """Drop archive_post (the archived posts go with it)."""
    op.drop_index("ix_archive_post_account", table_name="archive_post")
    op.drop_index("ix_archive_post_created_at", table_name="archive_post")
    op.drop_table("archive_post")
