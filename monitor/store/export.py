"""Everything held about one account, for a subject access request (UK GDPR article 15)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from monitor.records import handle_key
from monitor.store.models import (
    AccountRow,
    ArchiveRow,
    AuditRow,
    DeliveryRow,
    EvidenceRow,
    FindingRow,
    PostRow,
    ProfileVersion,
)

EXPORT_FORMAT = 1


def export_account(session: Session, platform: str | None, handle: str, now: datetime | None = None) -> dict[str, Any]:
    """Return the account(s) with this handle (on one platform or all), their profile history, their posts,
    posts naming them, the findings about them with their audit trail and evidence, and the messages that named
    them."""
    key = handle_key(handle)
    platforms = [platform] if platform else None
    accounts = _accounts(session, platforms, key)
    findings = _findings(session, platforms, key)
    finding_ids = [f.id for f in findings if f.id is not None]
    archived = _archived_by(session, platforms, key)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": (now or datetime.now().astimezone()).isoformat(),
        "query": {"platform": platform, "handle": handle},
        "found": bool(accounts or findings or archived),
        "accounts": [_with_versions(session, a) for a in accounts],
        "posts": [plain(p) for p in _posts_by(session, platforms, key)],
        # Their posts and comments kept in the archive of the official accounts (monitor/store/archive.py).
        "archived": [plain(a) for a in archived],
        # Other people's posts that name this account: review before release (they hold third parties' data).
        "posts_mentioning": [plain(p) for p in _posts_naming(session, platforms, key)],
        "findings": [plain(f) for f in findings],
        "audit": [plain(a) for a in _audit(session, finding_ids)],
        # What each finding was about, as captured at detection (monitor/store/evidence.py).
        "evidence": [plain(e) for e in _evidence(session, finding_ids)],
        "deliveries": [plain(d) for d in _deliveries(session, finding_ids, key)],
    }


def plain(row: SQLModel) -> dict[str, Any]:
    """Return a row as JSON-ready values (times in ISO 8601 UTC, JSON columns decoded)."""
    out: dict[str, Any] = {}
    for name, value in row.model_dump().items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif name.endswith("_json") and isinstance(value, str):
            name, value = name.removesuffix("_json"), _decoded(value)
        out[name] = value
    return out


def _decoded(text: str) -> Any:
    """Decode a JSON column, keeping the text if it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _accounts(session: Session, platforms: list[str] | None, key: str) -> list[AccountRow]:
    """Return the stored accounts with this handle."""
    query = select(AccountRow).where(AccountRow.handle_key == key)
    if platforms:
        query = query.where(col(AccountRow.platform).in_(platforms))
    return list(session.exec(query.order_by(col(AccountRow.platform))))


def _with_versions(session: Session, account: AccountRow) -> dict[str, Any]:
    """Return an account with its profile versions, oldest first."""
    query = select(ProfileVersion).where(ProfileVersion.account_id == account.id).order_by(col(ProfileVersion.id))
    return {**plain(account), "profile_versions": [plain(v) for v in session.exec(query)]}


def _posts_by(session: Session, platforms: list[str] | None, key: str) -> list[PostRow]:
    """Return the posts the account wrote."""
    query = select(PostRow).where(PostRow.handle_key == key)
    if platforms:
        query = query.where(col(PostRow.platform).in_(platforms))
    return list(session.exec(query.order_by(col(PostRow.created_at), col(PostRow.id))))


def _archived_by(session: Session, platforms: list[str] | None, key: str) -> list[ArchiveRow]:
    """Return every archived version the account wrote."""
    query = select(ArchiveRow).where(ArchiveRow.handle_key == key)
    if platforms:
        query = query.where(col(ArchiveRow.platform).in_(platforms))
    return list(session.exec(query.order_by(col(ArchiveRow.created_at), col(ArchiveRow.id))))


def _names(text: str | None, key: str) -> bool:
    """Say whether a text names the handle as a whole word (so 'ann' does not match 'joanne')."""
    return bool(text) and re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", text or "", re.IGNORECASE) is not None


def _like(key: str) -> str:
    """Return a LIKE pattern finding the key anywhere (wildcards in it escaped)."""
    return "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _posts_naming(session: Session, platforms: list[str] | None, key: str) -> list[PostRow]:
    """Return other accounts' posts that name this one (mention, reply or share)."""
    pattern = _like(key)
    query = select(PostRow).where(PostRow.handle_key != key).where(
        col(PostRow.text).ilike(pattern, escape="\\") | col(PostRow.reply_to_handle).ilike(pattern, escape="\\")
        | col(PostRow.shared_handle).ilike(pattern, escape="\\"))
    if platforms:
        query = query.where(col(PostRow.platform).in_(platforms))
    rows = session.exec(query.order_by(col(PostRow.created_at), col(PostRow.id)))
    return [r for r in rows if any(_names(t, key) for t in (r.text, r.reply_to_handle, r.shared_handle))]


def _findings(session: Session, platforms: list[str] | None, key: str) -> list[FindingRow]:
    """Return the findings about the account, or naming it as their subject (e.g. the account impersonated)."""
    query = select(FindingRow).where((col(FindingRow.handle_key) == key)
                                     | col(FindingRow.subject).ilike(_like(key), escape="\\"))
    if platforms:
        query = query.where(col(FindingRow.platform).in_(platforms))
    rows = session.exec(query.order_by(col(FindingRow.id)))
    return [r for r in rows if r.handle_key == key or key in r.subject.casefold().split(":")]


def _audit(session: Session, finding_ids: list[int]) -> list[AuditRow]:
    """Return the audit rows of these findings."""
    if not finding_ids:
        return []
    query = select(AuditRow).where(col(AuditRow.finding_id).in_(finding_ids)).order_by(col(AuditRow.id))
    return list(session.exec(query))


def _evidence(session: Session, finding_ids: list[int]) -> list[EvidenceRow]:
    """Return the captures of these findings."""
    if not finding_ids:
        return []
    query = select(EvidenceRow).where(col(EvidenceRow.finding_id).in_(finding_ids)).order_by(col(EvidenceRow.id))
    return list(session.exec(query))


def _deliveries(session: Session, finding_ids: list[int], key: str) -> list[DeliveryRow]:
    """Return the alerts about these findings and any other message naming the account."""
    pattern = _like(key)
    query = select(DeliveryRow).where(col(DeliveryRow.title).ilike(pattern, escape="\\")
                                      | col(DeliveryRow.body_text).ilike(pattern, escape="\\"))
    naming = [d for d in session.exec(query) if _names(d.title, key) or _names(d.body_text, key)]
    about = [d for d in session.exec(select(DeliveryRow).where(col(DeliveryRow.dedupe_key).like("alert:%")))
             if _alert_finding_id(d.dedupe_key) in finding_ids]
    unique = {d.id: d for d in [*naming, *about]}
    return [unique[i] for i in sorted(unique, key=lambda i: i or 0)]


def _alert_finding_id(dedupe_key: str) -> int | None:
    """Return the finding id in an alert's dedupe key ("alert:<finding id>:<n>"), if it has one."""
    parts = dedupe_key.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
