"""Finding states (open, acknowledged, fixed, dismissed), assignment and automatic closing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet: the revision is reserved so that work on it can go on beside the others."""


def downgrade() -> None:
    """Nothing to undo."""
