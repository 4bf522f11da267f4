"""The web console's reads: the inbox with its filters and counts, one finding with all it is about, accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from monitor.store.models import (
    AccountRow,
    AuditRow,
    EvidenceRow,
    FindingRow,
    PostRow,
    SourceHealthRow,
    SpendRow,
)

PAGE: Final = 50
SEVERITY_ORDER: Final = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class InboxFilter:
    """What the Clerk asked the inbox for (empty strings mean any)."""

    state: str = "active"  # active (open and acknowledged), open, acknowledged, fixed, dismissed, all
    rule: str = ""
    severity: str = ""
    platform: str = ""
    handle: str = ""
    text: str = ""
    page: int = 1
    # A councillor's accounts as (platform, folded handle): the councillor filter.
    accounts: tuple[tuple[str, str], ...] = ()


@dataclass
class Inbox:
    """One page of findings, the counts per state, and the choices the filters offer."""

    rows: list[FindingRow]
    total: int
    counts: dict[str, int]
    rules: list[str]
    handles: list[str] = field(default_factory=list)


def inbox(session: Session, wanted: InboxFilter) -> Inbox:
    """Return the findings matching a filter, most severe and newest first, a page at a time."""
    query = select(FindingRow)
    if wanted.state == "active":
        query = query.where(col(FindingRow.state).in_(("open", "acknowledged")))
    elif wanted.state != "all":
        query = query.where(FindingRow.state == wanted.state)
    for column, value in ((FindingRow.rule, wanted.rule), (FindingRow.severity, wanted.severity),
                          (FindingRow.platform, wanted.platform), (FindingRow.handle_key, wanted.handle.lower())):
        if value:
            query = query.where(column == value)
    if wanted.accounts:
        query = query.where(or_(*(and_(col(FindingRow.platform) == p, col(FindingRow.handle_key) == k)
                                  for p, k in wanted.accounts)))
    if wanted.text.strip():
        like = f"%{_escaped(wanted.text.strip())}%"
        query = query.where(or_(col(FindingRow.message).ilike(like, escape="\\"),
                                col(FindingRow.handle).ilike(like, escape="\\"),
                                col(FindingRow.evidence_json).ilike(like, escape="\\")))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rank = case(SEVERITY_ORDER, value=col(FindingRow.severity), else_=3)
    query = query.order_by(rank, col(FindingRow.first_seen).desc(), col(FindingRow.id).desc())
    rows = list(session.exec(query.offset((max(wanted.page, 1) - 1) * PAGE).limit(PAGE)))
    counts = {state: n for state, n in session.exec(
        select(FindingRow.state, func.count()).group_by(col(FindingRow.state)))}
    rules = list(session.exec(select(FindingRow.rule).distinct().order_by(col(FindingRow.rule))))
    return Inbox(rows=rows, total=total, counts=counts, rules=rules)


def _escaped(text: str) -> str:
    """Return text for a LIKE pattern with its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class FindingPage:
    """Everything the finding page shows."""

    finding: FindingRow
    post: PostRow | None
    account: AccountRow | None
    evidence: list[EvidenceRow]
    trail: list[AuditRow]


def finding_page(session: Session, finding_id: int) -> FindingPage | None:
    """Return a finding with its post, its account, its evidence captures and its audit trail."""
    row = session.get(FindingRow, finding_id)
    if row is None:
        return None
    post = None
    if row.post_id:
        post = session.exec(select(PostRow).where(PostRow.platform == row.platform,
                                                  PostRow.post_id == row.post_id)).first()
    account = session.exec(select(AccountRow).where(AccountRow.platform == row.platform,
                                                    AccountRow.handle_key == row.handle_key)).first()
    evidence = list(session.exec(select(EvidenceRow).where(EvidenceRow.finding_id == finding_id)
                                 .order_by(col(EvidenceRow.id))))
    trail = list(session.exec(select(AuditRow).where(AuditRow.finding_id == finding_id).order_by(col(AuditRow.id))))
    return FindingPage(finding=row, post=post, account=account, evidence=evidence, trail=trail)


def stored_accounts(session: Session) -> dict[tuple[str, str], AccountRow]:
    """Return the stored accounts that are not strangers, by (platform, folded handle)."""
    rows = session.exec(select(AccountRow).where(AccountRow.role != "other"))
    return {(r.platform, r.handle_key): r for r in rows}


def open_counts(session: Session) -> dict[tuple[str, str], int]:
    """Return the number of open and acknowledged findings per (platform, folded handle)."""
    query = select(FindingRow.platform, FindingRow.handle_key, func.count()) \
        .where(col(FindingRow.state).in_(("open", "acknowledged"))) \
        .group_by(col(FindingRow.platform), col(FindingRow.handle_key))
    return {(p, h): n for p, h, n in session.exec(query)}


def sources(session: Session) -> list[SourceHealthRow]:
    """Return every source's state (up or blind, since when)."""
    return list(session.exec(select(SourceHealthRow).order_by(col(SourceHealthRow.source))))


def spend_since(session: Session, first: datetime) -> dict[str, float]:
    """Return the dollars spent per platform since a day."""
    query = select(SpendRow.platform, func.sum(SpendRow.usd)).where(col(SpendRow.day) >= first.date()) \
        .group_by(col(SpendRow.platform))
    return {p: float(v or 0) for p, v in session.exec(query)}


def console_trail(session: Session, limit: int = 200) -> list[AuditRow]:
    """Return the newest audit entries, newest first (the audit page)."""
    return list(session.exec(select(AuditRow).order_by(col(AuditRow.id).desc()).limit(limit)))
