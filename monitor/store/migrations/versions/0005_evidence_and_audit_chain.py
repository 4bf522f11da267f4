"""Evidence captured at detection and the audit trail's hash chain.

- evidence: one row per capture of what a finding is about (canonical JSON and its SHA-256); triggers
  refuse any UPDATE, and any DELETE of a capture less than a year old, as for audit;
- audit.prev_hash and audit.entry_hash: every existing entry is chained in id order, the first from
  the genesis hash (64 zeros), exactly as monitor/store/chain.py appends new ones. The audit triggers
  are dropped for the backfill (they refuse UPDATE) and put back as 0002 made them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

# 0002's audit triggers, copied: SQLite loses them when batch mode rebuilds the table.
SQLITE_AUDIT_TRIGGERS = (
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END""",
    """CREATE TRIGGER audit_no_early_delete BEFORE DELETE ON audit
       WHEN old.at > datetime('now', '-365 days')
       BEGIN SELECT RAISE(ABORT, 'audit rows are kept for at least a year'); END""",
)
SQLITE_EVIDENCE_TRIGGERS = (
    """CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
       BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END""",
    """CREATE TRIGGER evidence_no_early_delete BEFORE DELETE ON evidence
       WHEN old.captured_at > datetime('now', '-365 days')
       BEGIN SELECT RAISE(ABORT, 'evidence is kept for at least a year'); END""",
)
POSTGRES_EVIDENCE_TRIGGERS = (
    """CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'evidence is never changed';
         END IF;
         IF OLD.captured_at > (now() AT TIME ZONE 'UTC') - interval '365 days' THEN
           RAISE EXCEPTION 'evidence is kept for at least a year';
         END IF;
         RETURN OLD;
       END $$""",
    """CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence
       FOR EACH ROW EXECUTE FUNCTION evidence_append_only()""",
)
POSTGRES_AUDIT_TRIGGER = """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()"""


def entry_hash(prev_hash: str, at: datetime, actor: str, action: str, finding_id: int | None, note: str) -> str:
    """Return an entry's hash (a frozen copy of monitor.store.chain.entry_hash; `at` is naive UTC here)."""
    when = at.replace(tzinfo=None).isoformat(timespec="microseconds")
    canonical = json.dumps([prev_hash, when, actor, action, finding_id, note], ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def postgres() -> bool:
    """Say whether the migration runs on PostgreSQL."""
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    """Create evidence, chain the audit trail, and guard both with triggers."""
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("finding_id", sa.Integer(), sa.ForeignKey("finding.id", name="fk_evidence_finding_id_finding"),
                  nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("capture_json", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_evidence_finding_id", "evidence", ["finding_id"])
    chain_audit()
    for statement in POSTGRES_EVIDENCE_TRIGGERS if postgres() else SQLITE_EVIDENCE_TRIGGERS:
        op.execute(statement)


def chain_audit() -> None:
    """Add the two hash columns and chain every existing entry in id order."""
    drop_audit_triggers()
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))
    audit = sa.table("audit", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("actor", sa.String), sa.column("action", sa.String),
                     sa.column("finding_id", sa.Integer), sa.column("note", sa.Text),
                     sa.column("prev_hash", sa.String), sa.column("entry_hash", sa.String))
    bind = op.get_bind()
    prev = GENESIS
    rows = bind.execute(sa.select(audit.c.id, audit.c.at, audit.c.actor, audit.c.action, audit.c.finding_id,
                                  audit.c.note).order_by(audit.c.id)).all()
    for row_id, at, actor, action, finding_id, note in rows:
        own = entry_hash(prev, at, actor, action, finding_id, note)
        bind.execute(audit.update().where(audit.c.id == row_id).values(prev_hash=prev, entry_hash=own))
        prev = own
    with op.batch_alter_table("audit") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
    create_audit_triggers()


def drop_audit_triggers() -> None:
    """Drop the triggers that refuse to change audit rows (the backfill is the one sanctioned change)."""
    if postgres():
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_no_early_delete")


def create_audit_triggers() -> None:
    """Put the audit triggers back as 0002 made them."""
    for statement in (POSTGRES_AUDIT_TRIGGER,) if postgres() else SQLITE_AUDIT_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Drop evidence and the hash columns (the captures are lost; the trail's entries are kept)."""
    if postgres():
        op.execute("DROP TRIGGER evidence_append_only ON evidence")
        op.execute("DROP FUNCTION evidence_append_only()")
    op.drop_index("ix_evidence_finding_id", "evidence")
    op.drop_table("evidence")
    drop_audit_triggers()
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
    create_audit_triggers()
