"""The findings lifecycle: open -> acknowledged -> fixed | dismissed, with reopen, and an audit row per change.

A finding is keyed by (rule, subject), so the same breach seen on every poll is one row that alerts
once. Each cycle the daemon hands over what it evaluated (the scopes) and what fired:

- a finding never seen before is opened and returned for alerting;
- one already open or acknowledged is only marked as seen again;
- one fixed earlier that fires again is reopened and returned for alerting again;
- one dismissed (a false positive) stays dismissed and silent for good;
- an open or acknowledged finding whose scope was evaluated and did not fire is fixed by the monitor,
  with the reason (the disclaimer was added, the impersonator changed its name, the post was edited).

Whether an alert went out is alerted_at, not a state. Beside the state, a finding can be assigned to a
councillor with a due date (assign); the Clerk closes one as fixed (mark_fixed) or as a false positive
(dismiss), and reopens a closed one (reopen). A change the state does not allow raises FindingError
saying what is allowed. The re-check job (monitor/jobs/recheck.py) closes findings with fix_automatically.

Every change of state adds an audit row (who, when, why); audit rows are never updated, and the
database refuses to delete them before a year is out (see migration 0002).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import update
from sqlmodel import Session, col, select

from monitor.checks.base import Check
from monitor.records import Account, Finding, Post, handle_key
from monitor.store.chain import append, lock_chain
from monitor.store.db import StoreError
from monitor.store.evidence import RecordLookup, capture, capture_if_changed
from monitor.store.models import AuditRow, FindingRow, PostRow
from monitor.store.repo import storable

MONITOR: Final = "monitor"  # the actor of automatic changes
ANY: Final = "*"
# States in which a finding still needs someone's attention (and can be fixed by a re-check).
ACTIVE: Final = ("open", "acknowledged")
CLOSED: Final = ("fixed", "dismissed")
STATES: Final = ACTIVE + CLOSED
# What each state allows, in the words an invalid change is refused with.
ALLOWED: Final = {
    "open": "acknowledge, assign, fix or dismiss it",
    "acknowledged": "assign, fix or dismiss it",
    "fixed": "reopen or dismiss it",
    "dismissed": "reopen it",
}
# closed_reason of the monitor's own closing, and of the Clerk's.
DELETED: Final = "deleted"
EDITED: Final = "edited"
DISCLAIMER_ADDED: Final = "disclaimer added"
SUSPENDED: Final = "suspended"
RENAMED: Final = "renamed"
RECHECKED: Final = "no longer found on re-check"
BY_CLERK: Final = "fixed by the Clerk"
FALSE_POSITIVE: Final = "false positive"
# Why an account-level finding stopped firing on a re-check, by rule (else RECHECKED; a post's is EDITED).
UNFIRED_REASONS: Final = {"missing-disclaimer": DISCLAIMER_ADDED, "impersonation": RENAMED}
SUBJECT_MAX = 400  # FindingRow.subject's column width


class FindingError(StoreError):
    """A finding that does not exist, or cannot take the change asked for."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Something a rule was evaluated on this cycle: an account (post_id None) or a post; ANY widens it."""

    rule: str
    platform: str
    handle_key: str = ANY
    post_id: str | None = ANY

    def covers(self, row: FindingRow) -> bool:
        """Say whether a stored finding is about something this scope evaluated."""
        return (
            self.rule == row.rule
            and self.platform in (ANY, row.platform)
            and self.handle_key in (ANY, row.handle_key)
            and (self.post_id == ANY or self.post_id == row.post_id)
        )


@dataclass
class Outcome:
    """What one cycle changed: the findings to alert on now, and those resolved or seen again."""

    to_alert: list[FindingRow] = field(default_factory=list)
    resolved: list[FindingRow] = field(default_factory=list)
    seen_again: int = 0


def account_scope(rule: str, account: Account) -> Scope:
    """Return the scope of an account-level rule evaluated on one profile."""
    return Scope(rule, account.platform, handle_key(account.handle), None)


def post_scope(rule: str, post: Post) -> Scope:
    """Return the scope of a rule evaluated on one post."""
    return Scope(rule, post.platform, handle_key(post.handle), post.id)


def evaluated_scopes(checks: Sequence[Check], accounts: Iterable[Account], posts: Iterable[Post],
                     history_accounts: Iterable[Account] = (), history_posts: Iterable[Post] = ()) -> set[Scope]:
    """Return the scopes a cycle evaluated: account checks on the profiles fetched, post checks on the
    posts fetched, history checks on everything the history held (never beyond it: a question that
    fell out of the window was not answered, it was just not looked at)."""
    accounts, posts = list(accounts), list(posts)
    history_accounts, history_posts = list(history_accounts), list(history_posts)
    scopes: set[Scope] = set()
    for check in checks:
        if check.applies_to == "account":
            scopes.update(account_scope(check.rule, a) for a in accounts)
        elif check.applies_to == "post":
            scopes.update(post_scope(check.rule, p) for p in posts)
        else:
            scopes.update(account_scope(check.rule, a) for a in history_accounts)
            scopes.update(post_scope(check.rule, p) for p in history_posts)
    return scopes


def stored_subject(finding: Finding) -> str:
    """Return the finding's subject, shortened stably when it would not fit its column."""
    subject = storable(finding.subject)
    if len(subject) <= SUBJECT_MAX:
        return subject
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"{subject[: SUBJECT_MAX - 33]}#{digest}"


def add_audit(session: Session, finding: FindingRow | None, actor: str, action: str, note: str,
              now: datetime) -> AuditRow:
    """Append one audit row to the hash chain (monitor/store/chain.py)."""
    return append(session, finding.id if finding else None, storable(actor, 64), storable(action, 32),
                  storable(note), now)


def record_findings(session: Session, findings: Sequence[Finding], checked: Iterable[Scope],
                    now: datetime, records: RecordLookup | None = None) -> Outcome:
    """Store this cycle's findings, resolve what no longer fires, and return what needs an alert now.

    `records` finds the post or account each finding is about, kept as its evidence (monitor/store/evidence.py).
    """
    # The audit chain's lock before any finding row's: the console takes them in that order too, so the two
    # cannot deadlock (PostgreSQL; SQLite's transactions are serialized whole).
    lock_chain(session)
    current = {(f.rule, stored_subject(f)): f for f in findings}
    rows = _rows_by_key(session, current)
    outcome = Outcome()
    for key, finding in current.items():
        row = rows.get(key)
        record = records(finding) if records is not None else None
        if row is None:
            outcome.to_alert.append(_open(session, finding, key[1], now))
            capture(session, outcome.to_alert[-1], record, None, now, "detected")
        elif row.state == "fixed":
            outcome.to_alert.append(_reopen(session, row, finding, now))
            capture(session, row, record, None, now, "reopened")
        else:
            _seen_again(row, finding, now)
            outcome.seen_again += 1
            if record is not None and record.raw is not None:  # freshly read: an edit is kept beside the first
                capture_if_changed(session, row, record, now)
    outcome.resolved = _resolve_unfired(session, set(checked), set(current), now)
    _flag_posts(session, findings)
    session.flush()
    return outcome


def _rows_by_key(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], FindingRow]:
    """Load the stored findings with these (rule, subject) keys."""
    by_rule: dict[str, list[str]] = {}
    for rule, subject in keys:
        by_rule.setdefault(rule, []).append(subject)
    out: dict[tuple[str, str], FindingRow] = {}
    for rule, subjects in by_rule.items():
        for start in range(0, len(subjects), 500):
            chunk = subjects[start:start + 500]
            query = select(FindingRow).where(FindingRow.rule == rule, col(FindingRow.subject).in_(chunk))
            out.update({(r.rule, r.subject): r for r in session.exec(query)})
    return out


def _evidence_json(finding: Finding) -> str:
    """Return the evidence as JSON (anything unusual in it written as text)."""
    return storable(json.dumps(finding.evidence, ensure_ascii=False, sort_keys=True, default=str))


def _open(session: Session, finding: Finding, subject: str, now: datetime) -> FindingRow:
    """Insert a new finding and its 'found' audit row."""
    row = FindingRow(
        rule=finding.rule, subject=storable(subject), platform=finding.platform, handle=storable(finding.handle, 64),
        handle_key=storable(handle_key(finding.handle), 64), post_id=storable(finding.post_id, 128),
        severity=finding.severity, clause=finding.clause, message=storable(finding.message),
        evidence_json=_evidence_json(finding), state="open",
        first_seen=now, last_seen=now,
    )
    session.add(row)
    session.flush()  # the audit row needs the id
    add_audit(session, row, MONITOR, "found", storable(finding.message), now)
    return row


def _reopen(session: Session, row: FindingRow, finding: Finding, now: datetime) -> FindingRow:
    """Reopen a fixed finding that fires again (it alerts again)."""
    was_closed, how = row.closed_at, row.closed_reason
    _seen_again(row, finding, now)
    _clear_closing(row)
    row.alerted_at = None
    row.reopened += 1
    since = f" ({how}, {was_closed:%Y-%m-%d %H:%M} UTC)" if was_closed else ""
    add_audit(session, row, MONITOR, "reopened", f"back after being fixed{since}: {row.message}", now)
    return row


def _clear_closing(row: FindingRow) -> None:
    """Make a finding open again, forgetting how it was closed (the audit trail keeps it)."""
    row.state, row.closed_at, row.closed_by, row.closed_reason, row.closed_note = "open", None, None, None, ""


def _seen_again(row: FindingRow, finding: Finding, now: datetime) -> None:
    """Refresh what a finding says and when it was last seen (not a change of state: no audit row)."""
    row.last_seen = max(row.last_seen, now)
    if row.state != "dismissed":
        # A dismissed finding keeps the evidence the person dismissed, not what came later.
        row.message, row.evidence_json = storable(finding.message), _evidence_json(finding)
        row.severity = finding.severity


def _resolve_unfired(session: Session, checked: set[Scope], fired: set[tuple[str, str]],
                     now: datetime) -> list[FindingRow]:
    """Fix every active finding whose scope was evaluated this cycle and did not fire."""
    rules = {s.rule for s in checked}
    if not rules:
        return []
    # Exact scopes by set lookup; only the few with ANY in them are tried one by one.
    exact = {(s.rule, s.platform, s.handle_key, s.post_id) for s in checked
             if ANY not in (s.platform, s.handle_key, s.post_id)}
    wide = [s for s in checked if ANY in (s.platform, s.handle_key, s.post_id)]
    query = select(FindingRow).where(col(FindingRow.rule).in_(rules), col(FindingRow.state).in_(ACTIVE))
    resolved = []
    for row in session.exec(query):
        covered = (row.rule, row.platform, row.handle_key, row.post_id) in exact or any(s.covers(row) for s in wide)
        if (row.rule, row.subject) in fired or not covered:
            continue
        reason = EDITED if row.post_id else UNFIRED_REASONS.get(row.rule, RECHECKED)
        fix_automatically(session, row, reason, f"no longer fires: checked again at {now:%Y-%m-%d %H:%M} UTC", now)
        resolved.append(row)
    return resolved


def _flag_posts(session: Session, findings: Iterable[Finding]) -> None:
    """Mark the posts findings are about, so that retention keeps them as evidence."""
    ids_by_platform: dict[str, set[str]] = {}
    for f in findings:
        if f.post_id:
            ids_by_platform.setdefault(f.platform, set()).add(storable(f.post_id, 128))
    for platform, ids in ids_by_platform.items():
        session.connection().execute(
            update(PostRow).where(col(PostRow.platform) == platform, col(PostRow.post_id).in_(ids),
                                  col(PostRow.has_findings).is_(False)).values(has_findings=True))


def mark_alerted(session: Session, rows: Iterable[FindingRow], now: datetime, note: str = "alert queued") -> None:
    """Record that alerts for these findings were queued (call it in the transaction that queues them)."""
    for row in rows:
        if row.state != "open" or row.alerted_at is not None:
            continue
        row.alerted_at = now
        add_audit(session, row, MONITOR, "alerted", note, now)
    session.flush()


def get_finding(session: Session, finding_id: int) -> FindingRow:
    """Return one finding, or say how to find the right id."""
    row = session.get(FindingRow, finding_id)
    if row is None:
        raise FindingError(f"no finding {finding_id}", "list them with council-monitor findings")
    return row


def acknowledge(session: Session, finding_id: int, by: str, note: str, now: datetime) -> FindingRow:
    """Record that a person has seen a finding and is dealing with it."""
    row = get_finding(session, finding_id)
    _require_note(note, "--note")
    _require_state(row, "acknowledge", ("open",))
    row.state = "acknowledged"
    add_audit(session, row, by, "acknowledged", note, now)
    session.flush()
    return row


def dismiss(session: Session, finding_id: int, by: str, reason: str, now: datetime) -> FindingRow:
    """Mark a finding as a false positive: it will never be reopened or alerted again."""
    row = get_finding(session, finding_id)
    _require_note(reason, "--reason")
    _require_state(row, "dismiss", ("open", "acknowledged", "fixed"))
    _close(row, "dismissed", by, FALSE_POSITIVE, reason, now)
    add_audit(session, row, by, "dismissed", reason, now)
    session.flush()
    return row


def assign(session: Session, finding_id: int, by: str, councillor: str, due: datetime | None, note: str,
           now: datetime) -> FindingRow:
    """Ask a councillor to deal with an open or acknowledged finding, by a due date (the state is unchanged)."""
    row = get_finding(session, finding_id)
    if not councillor.strip():
        raise FindingError("no councillor named", "give a councillor's name or handle from the config")
    _require_state(row, "assign", ACTIVE)
    if due is not None and due <= now:
        raise FindingError(f"the due date {due:%Y-%m-%d %H:%M} UTC has passed", "give a date in the future")
    row.assigned_to, row.due_at = storable(councillor.strip(), 128), due
    when = f" by {due:%Y-%m-%d %H:%M} UTC" if due else ""
    add_audit(session, row, by, "assigned", f"to {row.assigned_to}{when}" + (f": {note}" if note.strip() else ""),
              now)
    session.flush()
    return row


def mark_fixed(session: Session, finding_id: int, by: str, reason: str, now: datetime) -> FindingRow:
    """Record that a person saw an open or acknowledged finding put right, and how."""
    row = get_finding(session, finding_id)
    _require_note(reason, "--reason")
    _require_state(row, "fix", ACTIVE)
    _close(row, "fixed", by, BY_CLERK, reason, now)
    add_audit(session, row, by, "fixed", reason, now)
    session.flush()
    return row


def reopen(session: Session, finding_id: int, by: str, note: str, now: datetime) -> FindingRow:
    """Reopen a fixed or dismissed finding: it needs attention again (no new alert is sent)."""
    row = get_finding(session, finding_id)
    _require_note(note, "--note")
    _require_state(row, "reopen", CLOSED)
    _clear_closing(row)
    row.reopened += 1
    add_audit(session, row, by, "reopened", note, now)
    session.flush()
    return row


def fix_automatically(session: Session, row: FindingRow, reason: str, note: str, now: datetime) -> None:
    """Close an active finding as fixed by the monitor, with the reason and what was seen."""
    if row.state not in ACTIVE:
        return
    _close(row, "fixed", MONITOR, reason, note, now)
    add_audit(session, row, MONITOR, "fixed", f"{reason}: {note}" if note else reason, now)


def overdue(session: Session, now: datetime) -> list[FindingRow]:
    """Return the active findings whose assignment's due date has passed, the longest overdue first."""
    query = select(FindingRow).where(col(FindingRow.state).in_(ACTIVE), col(FindingRow.due_at).is_not(None),
                                     col(FindingRow.due_at) < now).order_by(col(FindingRow.due_at), col(FindingRow.id))
    return list(session.exec(query))


def _close(row: FindingRow, state: str, by: str, reason: str, note: str, now: datetime) -> None:
    """Set a closed state with who closed it, how and why."""
    row.state, row.closed_at = state, now
    row.closed_by, row.closed_reason, row.closed_note = storable(by, 64), storable(reason, 64), storable(note)


def _require_state(row: FindingRow, action: str, states: Sequence[str]) -> None:
    """Refuse a change the finding's state does not allow, saying what it does allow."""
    if row.state not in states:
        raise FindingError(f"finding {row.id} is {row.state}, so you cannot {action} it; you can "
                           f"{ALLOWED.get(row.state, 'not change it')}",
                           "see its history with council-monitor findings --format json")


def _require_note(note: str, option: str) -> None:
    """Refuse an empty explanation: the audit trail must say why."""
    if not note.strip():
        raise FindingError(f"{option} is empty", "say why, in a few words: the audit trail keeps it")


def list_findings(session: Session, active_only: bool = False, rule: str | None = None,
                  limit: int | None = None) -> list[FindingRow]:
    """Return findings, newest first; active_only keeps those still needing attention."""
    query = select(FindingRow)
    if active_only:
        query = query.where(col(FindingRow.state).in_(ACTIVE))
    if rule:
        query = query.where(FindingRow.rule == rule)
    query = query.order_by(col(FindingRow.first_seen).desc(), col(FindingRow.id).desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))


def unalerted(session: Session) -> list[FindingRow]:
    """Return open findings no alert was queued for yet (e.g. those waiting for the daily digest)."""
    query = select(FindingRow).where(FindingRow.state == "open", col(FindingRow.alerted_at).is_(None)) \
        .order_by(col(FindingRow.id))
    return list(session.exec(query))


def audit_trails(session: Session, finding_ids: Sequence[int | None]) -> dict[int, list[AuditRow]]:
    """Return the audit rows of many findings by finding id, oldest first."""
    ids = [i for i in finding_ids if i is not None]
    out: dict[int, list[AuditRow]] = {}
    for start in range(0, len(ids), 500):
        query = select(AuditRow).where(col(AuditRow.finding_id).in_(ids[start:start + 500])).order_by(col(AuditRow.id))
        for row in session.exec(query):
            out.setdefault(row.finding_id or 0, []).append(row)
    return out


def audit_trail(session: Session, finding_id: int) -> list[AuditRow]:
    """Return a finding's audit rows, oldest first."""
    query = select(AuditRow).where(AuditRow.finding_id == finding_id).order_by(col(AuditRow.id))
    return list(session.exec(query))
