"""Retention: delete what the council no longer needs to hold (Data Protection, policy clause 6.4).

- posts and residents' comments, and residents' accounts, without findings: after storage.retention_days
  (90) from when they were collected;
- job runs: after retention_days too (they hold error texts, never personal data, but nobody needs them);
- the archive of the official accounts (storage.archive_official): after storage.archive_years (six) from
  when each was posted; with the archive switched off, after retention_days like any post;
- findings closed (dismissed or resolved) and not seen since, their audit rows, profile versions of
  registered accounts (all but the newest) and outbox deliveries: after storage.audit_retention_days
  (six years: the limitation period for a claim arising from what was posted).

Posts and accounts a finding is about are kept as long as the finding is: they are its evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from monitor.config import Config
from monitor.store.archive import purge_archive
from monitor.store.chain import PURGED, append, purge_links, purge_note
from monitor.store.findings import CLOSED
from monitor.store.models import (
    AccountRow,
    AuditRow,
    DeliveryRow,
    EvidenceRow,
    FindingRow,
    PostRow,
    ProfileVersion,
    RunRow,
)


@dataclass
class Purged:
    """How many rows of each kind one purge deleted."""

    posts: int = 0
    accounts: int = 0
    profile_versions: int = 0
    runs: int = 0
    findings: int = 0
    audit: int = 0
    deliveries: int = 0
    archived: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts by kind (for the run log)."""
        return asdict(self)


def purge(session: Session, config: Config, now: datetime) -> Purged:
    """Delete everything past its retention period, in the caller's transaction."""
    cutoff = now - timedelta(days=config.storage.retention_days)
    audit_cutoff = now - timedelta(days=config.storage.audit_retention_days)
    conn = session.connection()
    purged = Purged()
    purged.findings, purged.audit, gaps = _purge_findings(conn, audit_cutoff)
    if gaps:
        # The chain must still link across what went (monitor/store/chain.py).
        append(session, None, "monitor", PURGED, purge_note(purged.audit, purge_links(gaps)), now)
    purged.posts = _purge_posts(conn, cutoff)
    purged.profile_versions, purged.accounts = _purge_residents(conn, cutoff)
    purged.profile_versions += _purge_old_versions(conn, audit_cutoff)
    purged.runs = _count(conn.execute(delete(RunRow).where(col(RunRow.started_at) < cutoff)))
    purged.deliveries = _count(conn.execute(delete(DeliveryRow).where(col(DeliveryRow.created_at) < audit_cutoff)))
    purged.archived = purge_archive(conn, archive_cutoff(config, now))
    session.expire_all()  # rows deleted behind the ORM's back must not be served from its identity map
    return purged


def archive_cutoff(config: Config, now: datetime) -> datetime:
    """Return when a post must have been made for the archive to keep it: archive_years ago, or retention_days."""
    if not config.storage.archive_official:
        return now - timedelta(days=config.storage.retention_days)
    years = config.storage.archive_years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year that has none
        return now.replace(year=now.year - years, day=28)


def _count(result: object) -> int:
    """Return the number of rows a DELETE removed."""
    return int(getattr(result, "rowcount", 0) or 0)


def _purge_findings(conn: Connection, cutoff: datetime) -> tuple[int, int, list[tuple[str, str]]]:
    """Delete closed findings untouched since the cutoff with their evidence and audit rows, then other old
    audit rows (retention's own "purged" entries stay: they bridge the chain); return the hashes deleted."""
    stale = select(col(FindingRow.id)).where(
        col(FindingRow.state).in_(CLOSED), col(FindingRow.last_seen) < cutoff,
        func.coalesce(FindingRow.closed_at, FindingRow.last_seen) < cutoff,
        ~exists().where(col(AuditRow.finding_id) == FindingRow.id, col(AuditRow.at) >= cutoff),
    )
    ids = list(conn.execute(stale).scalars())
    audit, gaps = 0, []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        gaps += _hashes(conn, col(AuditRow.finding_id).in_(chunk))
        audit += _count(conn.execute(delete(AuditRow).where(col(AuditRow.finding_id).in_(chunk))))
        conn.execute(delete(EvidenceRow).where(col(EvidenceRow.finding_id).in_(chunk)))
        conn.execute(delete(FindingRow).where(col(FindingRow.id).in_(chunk)))
    loose = and_(col(AuditRow.finding_id).is_(None), col(AuditRow.at) < cutoff, col(AuditRow.action) != PURGED)
    gaps += _hashes(conn, loose)
    audit += _count(conn.execute(delete(AuditRow).where(loose)))
    return len(ids), audit, gaps


def _hashes(conn: Connection, condition: ColumnElement[bool]) -> list[tuple[str, str]]:
    """Return (previous hash, own hash) of the audit entries about to be deleted."""
    query = select(col(AuditRow.prev_hash), col(AuditRow.entry_hash)).where(condition)
    return [(prev, own) for prev, own in conn.execute(query).all()]


def _purge_posts(conn: Connection, cutoff: datetime) -> int:
    """Delete posts collected before the cutoff unless a finding still points at them."""
    # has_findings is the fast path; the EXISTS runs only for flagged posts, whose findings may be gone.
    about = exists().where(col(FindingRow.platform) == PostRow.platform, col(FindingRow.post_id) == PostRow.post_id)
    condition = and_(col(PostRow.fetched_at) < cutoff,
                     or_(col(PostRow.has_findings).is_(False), ~about))
    return _count(conn.execute(delete(PostRow).where(condition)))


def _purge_residents(conn: Connection, cutoff: datetime) -> tuple[int, int]:
    """Delete residents' accounts unseen since the cutoff, unless a finding or a kept post is theirs."""
    gone = select(col(AccountRow.id)).where(
        col(AccountRow.role) == "other", col(AccountRow.last_seen) < cutoff,
        ~exists().where(col(FindingRow.platform) == AccountRow.platform,
                        col(FindingRow.handle_key) == AccountRow.handle_key),
        ~exists().where(col(PostRow.platform) == AccountRow.platform, col(PostRow.handle_key) == AccountRow.handle_key),
    )
    ids = list(conn.execute(gone).scalars())
    versions = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        versions += _count(conn.execute(delete(ProfileVersion).where(col(ProfileVersion.account_id).in_(chunk))))
        conn.execute(delete(AccountRow).where(col(AccountRow.id).in_(chunk)))
    return versions, len(ids)


def _purge_old_versions(conn: Connection, cutoff: datetime) -> int:
    """Delete profile versions older than the cutoff, keeping each account's newest."""
    newest = select(func.max(ProfileVersion.id)).group_by(col(ProfileVersion.account_id))
    stmt = delete(ProfileVersion).where(col(ProfileVersion.seen_at) < cutoff, col(ProfileVersion.id).not_in(newest))
    return _count(conn.execute(stmt))
