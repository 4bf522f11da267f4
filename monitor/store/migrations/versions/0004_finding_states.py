"""Finding states (open, acknowledged, fixed, dismissed), assignment and automatic closing.

- "alerted" is no longer a state: whether an alert went out is alerted_at, kept as it was; those
  findings are "open" again;
- "resolved" (a re-check no longer found it) becomes "fixed" by the monitor, with that reason;
- a dismissal keeps who dismissed it and why, copied from its audit entry;
- new columns: closed_by, closed_reason, closed_note (how it was closed), assigned_to and due_at
  (the councillor asked to deal with it), checked_at (when re-checking last read its post or profile).

Audit entries are never touched (the database refuses it): every finding's trail stays as it was.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RECHECKED = "no longer found on re-check"  # the reason a finding the monitor resolved before 0004 was closed


def upgrade() -> None:
    """Add the columns, then move each finding to its new state."""
    with op.batch_alter_table("finding") as batch:
        batch.add_column(sa.Column("closed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("closed_reason", sa.String(64), nullable=True))
        batch.add_column(sa.Column("closed_note", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("assigned_to", sa.String(128), nullable=True))
        batch.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("checked_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE finding SET state = 'open' WHERE state = 'alerted'")
    op.execute(sa.text("UPDATE finding SET state = 'fixed', closed_by = 'monitor', closed_reason = :why"
                       " WHERE state = 'resolved'").bindparams(why=RECHECKED))
    latest = ("(SELECT {field} FROM audit WHERE audit.finding_id = finding.id AND audit.action = 'dismissed'"
              " ORDER BY audit.id DESC LIMIT 1)")
    op.execute(f"UPDATE finding SET closed_reason = 'false positive', closed_by = {latest.format(field='actor')},"
               f" closed_note = COALESCE({latest.format(field='note')}, '') WHERE state = 'dismissed'")
    with op.batch_alter_table("finding") as batch:
        batch.alter_column("closed_note", existing_type=sa.Text(), server_default=None)


def downgrade() -> None:
    """Put the old states back and drop the columns."""
    op.execute("UPDATE finding SET state = 'alerted' WHERE state = 'open' AND alerted_at IS NOT NULL")
    op.execute("UPDATE finding SET state = 'resolved' WHERE state = 'fixed'")
    with op.batch_alter_table("finding") as batch:
        for name in ("checked_at", "due_at", "assigned_to", "closed_note", "closed_reason", "closed_by"):
            batch.drop_column(name)
