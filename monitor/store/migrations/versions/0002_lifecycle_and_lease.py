"""Add what the findings lifecycle, the daemon lease and history loading needed; make audit append-only.

- finding.handle_key (backfilled from handle) and ix_finding_account: retention and the subject
  access export find the findings about an account; ix_finding_post: retention keeps a post while
  a finding is about it;
- daemon_lock.acquired_at (backfilled from heartbeat_at): the refusal says "held since ...";
- profile_version.avatar_hash: a new avatar behind the same URL is a profile change;
- ix_post_created_at: load_history reads a window of recent posts;
- triggers that refuse to UPDATE audit rows or DELETE those under a year old.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END""",
    # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC text, which sorts as time does.
    """CREATE TRIGGER audit_no_early_delete BEFORE DELETE ON audit
       WHEN old.at > datetime('now', '-365 days')
       BEGIN SELECT RAISE(ABORT, 'audit rows are kept for at least a year'); END""",
)
POSTGRES_TRIGGERS = (
    """CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit rows are never changed';
         END IF;
         IF OLD.at > (now() AT TIME ZONE 'UTC') - interval '365 days' THEN
           RAISE EXCEPTION 'audit rows are kept for at least a year';
         END IF;
         RETURN OLD;
       END $$""",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
)


def fold(handle: str) -> str:
    """Return the case-folded handle (a frozen copy of monitor.records.handle_key)."""
    return handle.strip().lstrip("@").casefold()


def upgrade() -> None:
    """Add the columns, backfill them, then make them required."""
    add_finding_handle_key()
    add_lock_acquired_at()
    with op.batch_alter_table("profile_version") as batch:
        batch.add_column(sa.Column("avatar_hash", sa.String(64), nullable=True))
    op.create_index("ix_post_created_at", "post", ["created_at"])
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def add_finding_handle_key() -> None:
    """Add finding.handle_key, filled from each finding's handle."""
    with op.batch_alter_table("finding") as batch:
        batch.add_column(sa.Column("handle_key", sa.String(64), nullable=True))
    finding = sa.table("finding", sa.column("id", sa.Integer), sa.column("handle", sa.String),
                       sa.column("handle_key", sa.String))
    bind = op.get_bind()
    for row_id, handle in bind.execute(sa.select(finding.c.id, finding.c.handle)).all():
        bind.execute(finding.update().where(finding.c.id == row_id).values(handle_key=fold(handle)))
    with op.batch_alter_table("finding") as batch:
        batch.alter_column("handle_key", existing_type=sa.String(64), nullable=False)
        batch.create_index("ix_finding_account", ["platform", "handle_key"])
        batch.create_index("ix_finding_post", ["platform", "post_id"])


def add_lock_acquired_at() -> None:
    """Add daemon_lock.acquired_at, taken to be the last heartbeat for a lease already held."""
    with op.batch_alter_table("daemon_lock") as batch:
        batch.add_column(sa.Column("acquired_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE daemon_lock SET acquired_at = heartbeat_at")
    with op.batch_alter_table("daemon_lock") as batch:
        batch.alter_column("acquired_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    """Drop the triggers, indexes and columns again."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_append_only ON audit")
        op.execute("DROP FUNCTION audit_append_only()")
    else:
        op.execute("DROP TRIGGER audit_no_update")
        op.execute("DROP TRIGGER audit_no_early_delete")
    op.drop_index("ix_post_created_at", "post")
    with op.batch_alter_table("profile_version") as batch:
        batch.drop_column("avatar_hash")
    with op.batch_alter_table("daemon_lock") as batch:
        batch.drop_column("acquired_at")
    with op.batch_alter_table("finding") as batch:
        batch.drop_index("ix_finding_post")
        batch.drop_index("ix_finding_account")
        batch.drop_column("handle_key")
