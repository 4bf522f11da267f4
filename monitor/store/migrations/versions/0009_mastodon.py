"""Mastodon accounts and their instances.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet: the revision is reserved so that work on it can go on beside the others."""


def downgrade() -> None:
    """Nothing to undo."""
