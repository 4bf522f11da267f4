"""The audit trail's hash chain: each entry carries the hash of the one before it.

An entry's hash is the SHA-256 of its previous entry's hash and its own fields (time, actor, action,
finding, note), so changing a field, removing an entry or slipping one in breaks the chain where it
happened, and `council-monitor audit verify` names that entry. Whoever can write to the database can
also rebuild the whole chain: the daily digest carries the head hash, so a copy exists off the server
and `audit verify --head HASH` shows the trail still holds it.

Entries are appended one at a time under a lock (SQLite's BEGIN IMMEDIATE already serializes every
writing transaction; PostgreSQL takes a transaction-level advisory lock), so the daemon and the
console writing at once still make one line, in id order.

Retention deletes entries after the audit retention period: it appends a "purged" entry recording,
for each run of deleted entries, the hash before the run and the hash of its last entry, so the
chain still links across the gap and nobody can pass a removal off as retention without a new entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import text
from sqlmodel import Session, col, select

from monitor.store.models import AuditRow

GENESIS: Final = "0" * 64  # the "previous hash" of the first entry
PURGED: Final = "purged"  # the action of retention's entry
# Any constant: a transaction-level advisory lock is released at commit or rollback (PostgreSQL only).
PG_CHAIN_LOCK: Final = 0x636D6175
_LINK = re.compile(r"\b([0-9a-f]{64})>([0-9a-f]{64})\b")


def entry_hash(prev_hash: str, at: datetime, actor: str, action: str, finding_id: int | None, note: str) -> str:
    """Return the hash of an entry: SHA-256 of its canonical JSON (the previous hash included)."""
    when = at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    canonical = json.dumps([prev_hash, when, actor, action, finding_id, note], ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(row: AuditRow) -> str:
    """Return what a stored entry's hash should be, from its fields as stored."""
    return entry_hash(row.prev_hash, row.at, row.actor, row.action, row.finding_id, row.note)


def lock_chain(session: Session) -> None:
    """Hold the chain's head until the transaction ends (PostgreSQL; SQLite's write lock already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_CHAIN_LOCK})


def head_hash(session: Session) -> str:
    """Return the hash of the newest entry (GENESIS for an empty trail)."""
    query = select(AuditRow.entry_hash).order_by(col(AuditRow.id).desc()).limit(1)
    return session.exec(query).first() or GENESIS


def append(session: Session, finding_id: int | None, actor: str, action: str, note: str,
           now: datetime) -> AuditRow:
    """Append one entry to the chain (the caller has made actor and note storable)."""
    lock_chain(session)
    prev = head_hash(session)
    row = AuditRow(at=now, actor=actor, action=action, finding_id=finding_id, note=note, prev_hash=prev,
                   entry_hash=entry_hash(prev, now, actor, action, finding_id, note))
    session.add(row)
    session.flush()  # the next entry's head read must see this one
    return row


# ---------------------------------------------------------------------------------------------
# Retention


def purge_links(deleted: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (hash before, hash of last) for each run of consecutive entries among those deleted."""
    by_prev = {prev: own for prev, own in deleted}
    owns = set(by_prev.values())
    links = []
    for start in sorted(p for p in by_prev if p not in owns):
        end = by_prev[start]
        while end in by_prev:
            end = by_prev[end]
        links.append((start, end))
    return links


def purge_note(count: int, links: Sequence[tuple[str, str]]) -> str:
    """Return the note of retention's entry: how many went, and the links that bridge the gaps."""
    return (f"retention deleted {count} audit entries past the audit retention period; "
            f"chain links kept: {' '.join(f'{a}>{b}' for a, b in links)}")


def _bridges(rows: Sequence[AuditRow]) -> dict[str, str]:
    """Return every gap retention recorded: hash before a deleted run -> hash of its last entry."""
    bridges: dict[str, str] = {}
    for row in rows:
        if row.action == PURGED and row.finding_id is None:
            bridges.update(_LINK.findall(row.note))
    return bridges


def _links(before: str, prev_hash: str, bridges: dict[str, str]) -> bool:
    """Say whether an entry whose previous hash is prev_hash may follow the entry hashed `before`."""
    seen = set()
    while before != prev_hash and before in bridges and before not in seen:
        seen.add(before)
        before = bridges[before]
    return before == prev_hash


# ---------------------------------------------------------------------------------------------
# Verifying


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: what happened, and to which entry."""

    kind: str  # changed | removed | inserted | backdated
    row: AuditRow
    before: AuditRow | None  # the last entry that held before it
    last: bool = False  # nothing follows it, to tell its insertion from a change or a removal before it

    def describe(self) -> str:
        """Return one line a person can act on."""
        who = _entry(self.row)
        after = f" (after {_entry(self.before)})" if self.before is not None else " (at the start of the trail)"
        if self.kind == "changed":
            return f"{who} was changed{' or inserted' if self.last else ''}: its fields no longer match its hash"
        if self.kind == "inserted":
            return f"{who} was inserted{after}: the entry after it links past it"
        if self.kind == "backdated":
            return f"{who} was inserted after the head hash given, yet is dated before it"
        alternative = f", or {who} was inserted" if self.last else ", or the entry before it was rewritten"
        return f"an entry was removed before {who}{after}{alternative}"


@dataclass(frozen=True)
class Verdict:
    """What verifying the trail found."""

    checked: int  # entries read (up to just past the break)
    head: str
    broken: Break | None
    head_found: bool | None = None  # None when no head hash was given to look for


def _entry(row: AuditRow) -> str:
    """Name an entry by id, time and action."""
    return f"entry {row.id} ({row.at:%Y-%m-%d %H:%M:%S} UTC, {row.action})"


def stream(session: Session, batch: int = 2000) -> Iterator[AuditRow]:
    """Yield every entry in id order, a batch at a time (six years of trail need not fit in memory)."""
    last = 0
    while True:
        query = select(AuditRow).where(col(AuditRow.id) > last).order_by(col(AuditRow.id)).limit(batch)
        rows = list(session.exec(query))
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id or last


class _Walk:
    """Verifying state: the last two entries that held, and an entry waiting for the next to say what it is."""

    def __init__(self, bridges: dict[str, str], head: str | None) -> None:
        """Start at the genesis hash."""
        self.bridges, self.head = bridges, head
        self.before: AuditRow | None = None
        self.before2: AuditRow | None = None
        self.suspect: AuditRow | None = None
        self.head_at: datetime | None = None
        self.head_met = head == GENESIS
        self.count = 0

    def hash_before(self, row: AuditRow | None) -> str:
        """Return the hash an entry following `row` links to."""
        return row.entry_hash if row is not None else GENESIS

    def step(self, row: AuditRow) -> Break | None:
        """Take the next entry; return a break once it is known what happened."""
        self.count += 1
        linked = _links(self.hash_before(self.before), row.prev_hash, self.bridges)
        if self.suspect is not None:
            return Break("inserted" if linked else _fault(self.suspect), self.suspect, self.before)
        whole = hash_of(row) == row.entry_hash
        if not (whole and linked):
            if whole and self.before is not None and _links(self.hash_before(self.before2), row.prev_hash,
                                                            self.bridges):
                return Break("inserted", self.before, self.before2)  # this entry links past the one before it
            self.suspect = row
            return None
        if self.head_at is not None and row.at < self.head_at - CLOCK_SLACK:
            return Break("backdated", row, self.before)
        if self.head is not None and row.entry_hash == self.head:
            self.head_at, self.head_met = row.at, True
        self.before2, self.before = self.before, row
        return None

    def end(self) -> Break | None:
        """Return the break an entry at the very end makes, if any."""
        if self.suspect is None:
            return None
        return Break(_fault(self.suspect), self.suspect, self.before, last=True)


# Two processes take their clocks before waiting for the chain's lock: an entry may follow one a little later.
CLOCK_SLACK: Final = timedelta(minutes=10)


def verify(session: Session, head: str | None = None) -> Verdict:
    """Recompute the chain in id order and return where it first breaks (and whether `head` is in it).

    With `head` (a hash copied off the server earlier), entries after it must not be dated before it:
    appending a correctly hashed but back-dated entry is the one change the chain alone cannot show.
    """
    purges = session.exec(select(AuditRow).where(AuditRow.action == PURGED, col(AuditRow.finding_id).is_(None)))
    walk = _Walk(_bridges(list(purges)), head)
    for row in stream(session):
        broken = walk.step(row)
        if broken is not None:
            return Verdict(walk.count, head_hash(session), broken, _found(walk))
    broken = walk.end()
    return Verdict(walk.count, head_hash(session), broken, _found(walk))


def _found(walk: _Walk) -> bool | None:
    """Say whether the head hash asked about was met (None when none was asked about)."""
    return None if walk.head is None else walk.head_met


def _fault(row: AuditRow) -> str:
    """Return what happened to an entry that does not hold: its own hash fails, or the one before it is gone."""
    return "removed" if hash_of(row) == row.entry_hash else "changed"
