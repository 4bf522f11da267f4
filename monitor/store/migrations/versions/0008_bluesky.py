"""Bluesky accounts tracked by DID and the Jetstream cursor.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet: the revision is reserved so that work on it can go on beside the others."""


def downgrade() -> None:
    """Nothing to undo."""
