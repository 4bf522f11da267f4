"""Add delivery.body_summary: the few lines a chat service gets instead of the full message.

A weekly report is one outbox row; at send time the services that are not email (Slack, webhooks)
get this summary without attachments, decided from each Apprise service rather than from a tag's name.
Rows queued before hold NULL and are sent as they were.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable column."""
    with op.batch_alter_table("delivery") as batch:
        batch.add_column(sa.Column("body_summary", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the column again."""
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("body_summary")
