"""Candidates imported from a Statement of Persons Nominated, and profile image hashes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet: the revision is reserved so that work on it can go on beside the others."""


def downgrade() -> None:
    """Nothing to undo."""
