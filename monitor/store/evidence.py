"""Evidence kept at detection: the record a finding is about, as the platform showed it, never changed.

A capture holds the finding, the full record the adapter read (a `Post` or an `Account` as JSON), the
platform's own JSON for it with every token taken out, and the time; it is stored as canonical JSON
with the SHA-256 of exactly those bytes, and an "evidence captured" audit entry carries that hash into
the chain. Captures outlive the post (purged after storage.retention_days) for as long as the finding
is kept (storage.audit_retention_days); a later capture (an edit, a return) is a new row beside it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlmodel import Session, col, select

from monitor.records import Account, Finding, Post, handle_key
from monitor.store.chain import append, head_hash
from monitor.store.models import AuditRow, EvidenceRow, FindingRow
from monitor.store.repo import storable

FORMAT: Final = 1  # the capture's layout; bump it when the JSON changes shape
REMOVED: Final = "[removed]"
ACTION: Final = "evidence captured"
# Not an edit when they change: X's user lookup and its timeline expansions return different fields.
UNCOMPARED: Final = frozenset({"followers_count"})
# Keys whose values are credentials wherever they appear in a platform's JSON or a URL's query.
SECRET_KEY = re.compile(
    r"^(access_?token|token|.*_token|authorization|proxy-authorization|cookie|set-cookie|client_secret|"
    r"app_?secret|appsecret_proof|secret|password|passwd|api_?key|bearer|signature|sig|oauth_.*)$",
    re.IGNORECASE)
BEARER = re.compile(r"\b(Bearer|Basic|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)

Record = Post | Account
RecordLookup = Callable[[Finding], "Record | None"]


def scrubbed(value: Any) -> Any:
    """Return a copy of a platform's JSON with every token removed (keys, URL queries, Bearer strings)."""
    if isinstance(value, Mapping):
        return {str(k): REMOVED if SECRET_KEY.match(str(k)) else scrubbed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(v) for v in value]
    if isinstance(value, str):
        return _scrub_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _scrub_text(value: str) -> str:
    """Remove credentials from a string: a URL's token parameters, an Authorization value."""
    value = BEARER.sub(lambda m: f"{m.group(1)} {REMOVED}", value)
    if "?" not in value or not value.startswith(("http://", "https://")):
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    query = [(k, REMOVED if SECRET_KEY.match(k) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="[]")))


def record_json(record: Record) -> dict[str, Any]:
    """Return every field of a record the adapter read, as JSON (the raw platform JSON kept apart)."""
    out: dict[str, Any] = {"type": type(record).__name__}
    for f in dataclasses.fields(record):
        if f.name != "raw":
            out[f.name] = _plain(getattr(record, f.name))
    return out


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: times in ISO 8601 UTC, nested records as objects."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def canonical(document: Mapping[str, Any]) -> str:
    """Return the one JSON text of a document: sorted keys, no spaces, UTF-8 as is."""
    return storable(json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str))


def finding_json(row: FindingRow) -> dict[str, Any]:
    """Return what a capture says about its finding."""
    return {"id": row.id, "rule": row.rule, "platform": row.platform, "handle": row.handle,
            "post_id": row.post_id, "severity": row.severity, "clause": row.clause, "message": row.message,
            "first_seen": row.first_seen.astimezone(UTC).isoformat()}


def capture(session: Session, finding: FindingRow, record: Record | None, raw: Mapping[str, Any] | None,
            now: datetime, reason: str = "detected") -> EvidenceRow:
    """Keep what a finding is about as it is now, and chain its hash into the audit trail."""
    assert finding.id is not None, "capture a finding after it has an id"
    if raw is None and record is not None:
        raw = record.raw
    fields = record_json(record) if record is not None else None
    document = {
        "format": FORMAT, "captured_at": now.astimezone(UTC).isoformat(), "reason": reason,
        "finding": finding_json(finding), "record": fields, "raw": scrubbed(raw) if raw is not None else None,
    }
    text = canonical(document)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = EvidenceRow(finding_id=finding.id, captured_at=now, reason=storable(reason, 32), capture_json=text,
                      sha256=digest)
    session.add(row)
    session.flush()
    what = f"{fields['type'].lower()} " if fields is not None else "finding only, no record "
    append(session, finding.id, "monitor", ACTION, f"{reason}: {what}capture {row.id}, sha256 {digest}", now)
    return row


def capture_if_changed(session: Session, finding: FindingRow, record: Record, now: datetime,
                       reason: str = "changed") -> EvidenceRow | None:
    """Capture a record again only when it differs from the finding's latest capture (an edit)."""
    latest = latest_capture(session, finding.id or 0)
    before = json.loads(latest.capture_json).get("record") if latest is not None else None
    if isinstance(before, dict) and not _differs(before, json.loads(canonical(record_json(record)))):
        return None
    return capture(session, finding, record, None, now, reason)


def _differs(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Say whether what a person sees of a record changed: fields one read left unknown, and counts, are not."""
    return any(before[k] != after[k] for k in before.keys() & after.keys()
               if k not in UNCOMPARED and before[k] is not None and after[k] is not None)


def captures(session: Session, finding_id: int) -> list[EvidenceRow]:
    """Return a finding's captures, oldest first."""
    query = select(EvidenceRow).where(EvidenceRow.finding_id == finding_id).order_by(col(EvidenceRow.id))
    return list(session.exec(query))


def latest_capture(session: Session, finding_id: int) -> EvidenceRow | None:
    """Return a finding's newest capture, if any."""
    query = select(EvidenceRow).where(EvidenceRow.finding_id == finding_id).order_by(col(EvidenceRow.id).desc())
    return session.exec(query.limit(1)).first()


def intact(row: EvidenceRow) -> bool:
    """Say whether a capture still hashes to the SHA-256 recorded with it."""
    return hashlib.sha256(row.capture_json.encode("utf-8")).hexdigest() == row.sha256


def record_lookup(posts: Iterable[Post], accounts: Iterable[Account]) -> RecordLookup:
    """Return a lookup of the record a finding is about: its post, else its account (first given wins)."""
    by_post: dict[tuple[str, str], Post] = {}
    for p in posts:
        by_post.setdefault((p.platform, p.id), p)
    by_account: dict[tuple[str, str], Account] = {}
    for a in accounts:
        by_account.setdefault(a.key, a)

    def find(finding: Finding) -> Record | None:
        """Return the finding's record, if this cycle or its history holds it."""
        if finding.post_id:
            return by_post.get((finding.platform, finding.post_id))
        return by_account.get((finding.platform, handle_key(finding.handle)))

    return find


@dataclasses.dataclass(frozen=True)
class Dossier:
    """Everything kept about one finding, read in one transaction: what an evidence pack holds."""

    finding: FindingRow
    captures: list[EvidenceRow]
    audit: list[AuditRow]
    audit_head: str  # the whole trail's head hash when it was read


def dossier(session: Session, finding_id: int) -> Dossier | None:
    """Return a finding with its captures, its audit entries and the trail's head hash (None if no such finding)."""
    row = session.get(FindingRow, finding_id)
    if row is None:
        return None
    query = select(AuditRow).where(AuditRow.finding_id == finding_id).order_by(col(AuditRow.id))
    return Dossier(row, captures(session, finding_id), list(session.exec(query)), head_hash(session))
