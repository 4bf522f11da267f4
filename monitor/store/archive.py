"""The archive of the official accounts, for Freedom of Information requests (storage.archive_official).

Every post by an official account, and every comment in a thread an official account started or was
replied to in, is kept here for storage.archive_years, whatever its role: the council's own words and
what the public said to it are public records. Councillors' personal accounts are not archived (their
posts stay under the 90-day rule, except a finding's evidence).

- an edit adds a version beside the first, with the time it was first seen, so both texts are kept;
- a deletion (when a re-read sees it) sets gone_at on every version; no row is dropped for it;
- search matches every word of the query, case- and accent-insensitively, against `folded`: a LIKE
  over a year of a busy account (23,000 rows) takes milliseconds on SQLite and PostgreSQL alike
  (bench/bench_archive.py), so no full-text index is needed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, or_
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from monitor.config import Config
from monitor.records import Post, handle_key
from monitor.store.models import ArchiveRow
from monitor.store.repo import CHUNK, POST_ID_WIDTH, WIDTHS, storable
from monitor.text import strip_invisible

# What makes a new version: what a reader sees. (A re-read may return other fields, or a new URL form.)
SEEN_FIELDS = ("text", "shared_kind", "shared_post_id", "shared_text")
_LIKE_ESCAPE = "\\"


def fold(text: str) -> str:
    """Return text as search compares it: invisibles and accents removed, compatibility forms unified, case folded."""
    decomposed = unicodedata.normalize("NFKD", strip_invisible(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", bare.casefold())


def official_keys(config: Config) -> set[tuple[str, str]]:
    """Return (platform, folded handle) of every official account the config registers."""
    return {key for key, found in config.registry.items() if found.role == "official"}


def archive_posts(session: Session, config: Config, posts: Sequence[Post], now: datetime) -> int:
    """Keep the official accounts' posts and the comments on them; return how many versions were added."""
    if not config.storage.archive_official or not posts:
        return 0
    latest = {(p.platform, p.id): p for p in posts if len(p.id) <= POST_ID_WIDTH}
    owners = _owners(session, official_keys(config), latest.values())
    stored = _latest_versions(session, owners)
    added = 0
    for key, owner in owners.items():
        row = _row(latest[key], owner, now)
        before = stored.get(key)
        if before is not None:
            if all(getattr(before, name) == getattr(row, name) for name in SEEN_FIELDS):
                continue
            row.version, row.gone_at, row.gone_reason = before.version + 1, before.gone_at, before.gone_reason
        session.add(row)
        added += 1
    session.flush()
    return added


def _owners(session: Session, officials: set[tuple[str, str]],
            posts: Iterable[Post]) -> dict[tuple[str, str], str]:
    """Return (platform, post id) -> the official account whose post or thread it is, for posts to archive."""
    posts = list(posts)
    roots: dict[tuple[str, str], str] = {}
    for post in posts:
        if post.author_key in officials:
            roots[(post.platform, post.id)] = post.author_key[1]
    asked = {(p.platform, p.conversation_id) for p in posts if p.conversation_id} - set(roots)
    roots.update({k: r.account_key for k, r in _latest_versions(session, asked).items()})
    out: dict[tuple[str, str], str] = {}
    for post in posts:
        key = (post.platform, post.id)
        replied = (post.platform, handle_key(post.reply_to_handle)) if post.reply_to_handle else None
        if key in roots:
            out[key] = roots[key]
        elif replied in officials:
            out[key] = replied[1]
        elif post.conversation_id and (post.platform, post.conversation_id) in roots:
            out[key] = roots[(post.platform, post.conversation_id)]
    return out


def _latest_versions(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], ArchiveRow]:
    """Return the newest stored version of each (platform, post id) that the archive holds."""
    by_platform: dict[str, list[str]] = {}
    for platform, post_id in keys:
        by_platform.setdefault(platform, []).append(post_id)
    out: dict[tuple[str, str], ArchiveRow] = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), CHUNK):
            query = select(ArchiveRow).where(ArchiveRow.platform == platform,
                                             col(ArchiveRow.post_id).in_(ids[start:start + CHUNK]))
            for row in session.exec(query):
                key = (row.platform, row.post_id)
                if key not in out or row.version > out[key].version:
                    out[key] = row
    return out


def _row(post: Post, owner: str, now: datetime) -> ArchiveRow:
    """Return a first version of a post for the archive."""
    shared = post.shared
    fields: dict[str, str | None] = {
        "handle": post.handle, "handle_key": handle_key(post.handle), "reply_to": post.reply_to,
        "reply_to_handle": post.reply_to_handle, "conversation_id": post.conversation_id,
        "shared_kind": shared.kind if shared else None, "shared_post_id": shared.post_id if shared else None,
        "shared_handle": shared.handle if shared else None, "shared_text": shared.text if shared else None,
        "url": post.url}
    # An empty value is stored as None (the export's CSV cannot tell "" from None), but a shared post's text.
    fields = {name: storable(value, WIDTHS.get(name)) if value or (name == "shared_text" and shared) else None
              for name, value in fields.items()}
    text = storable(post.text)
    row = ArchiveRow(platform=post.platform, post_id=post.id, account_key=storable(owner, 64), role=post.role,
                     created_at=post.created_at, seen_at=now, text=text, folded=fold(text),
                     handle=fields.pop("handle") or "", handle_key=fields.pop("handle_key") or "")
    for name, value in fields.items():
        setattr(row, name, value)
    return row


def note_gone(session: Session, platform: str, gone: Mapping[str, str], now: datetime) -> int:
    """Record that these archived posts (post id -> why: "deleted", ...) were first seen gone now."""
    marked = 0
    ids = list(gone)
    for start in range(0, len(ids), CHUNK):
        query = select(ArchiveRow).where(ArchiveRow.platform == platform, col(ArchiveRow.post_id).in_(
            ids[start:start + CHUNK]), col(ArchiveRow.gone_at).is_(None))
        for row in session.exec(query):
            row.gone_at, row.gone_reason = now, storable(gone[row.post_id], 32) or None
            session.add(row)
            marked += 1
    session.flush()
    return marked


def _matching(words: Sequence[str], since: datetime | None, until: datetime | None,
              account: str | None) -> list[ColumnElement[bool]]:
    """Return the conditions of archived versions holding every word, in a time range, of an account."""
    conditions: list[ColumnElement[bool]] = [col(ArchiveRow.folded).like(f"%{_escaped(w)}%", escape=_LIKE_ESCAPE)
                                             for w in words]
    if since is not None:
        conditions.append(col(ArchiveRow.created_at) >= since)
    if until is not None:
        conditions.append(col(ArchiveRow.created_at) < until)
    if account:
        key = handle_key(account)
        conditions.append(or_(col(ArchiveRow.account_key) == key, col(ArchiveRow.handle_key) == key))
    return conditions


def _escaped(word: str) -> str:
    """Return a word with LIKE's wildcards taken literally."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        word = word.replace(special, _LIKE_ESCAPE + special)
    return word


def search(session: Session, text: str, since: datetime | None = None, until: datetime | None = None,
           account: str | None = None, limit: int | None = None) -> list[ArchiveRow]:
    """Return the archived versions holding every word of `text` (any case, any accents), oldest first."""
    query = select(ArchiveRow).where(*_matching(fold(text).split(), since, until, account))
    query = query.order_by(col(ArchiveRow.created_at), col(ArchiveRow.post_id), col(ArchiveRow.version))
    return list(session.exec(query.limit(limit) if limit else query))


def between(session: Session, since: datetime | None, until: datetime | None,
            account: str | None = None) -> Iterator[ArchiveRow]:
    """Yield every archived version posted in [since, until), oldest first, a batch of rows at a time."""
    query = select(ArchiveRow).where(*_matching((), since, until, account))
    query = query.order_by(col(ArchiveRow.created_at), col(ArchiveRow.post_id), col(ArchiveRow.version))
    yield from session.exec(query.execution_options(yield_per=1000))


def purge_archive(conn: Connection, cutoff: datetime) -> int:
    """Delete archived versions of posts made before the cutoff."""
    result = conn.execute(delete(ArchiveRow).where(col(ArchiveRow.created_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
