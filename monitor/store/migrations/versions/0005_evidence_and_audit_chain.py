"""Evidence captured at detection and the audit trail's hash chain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet: the revision is reserved so that work on it can go on beside the others."""


def downgrade() -> None:
    """Nothing to undo."""
