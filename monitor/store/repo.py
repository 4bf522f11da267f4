"""Accounts, posts and cursors: storing a fetched batch and loading the history the checks read."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast, overload

from sqlalchemy import Row, or_
from sqlmodel import Session, col, select

from monitor.checks.base import History
from monitor.platforms.base import Batch
from monitor.records import Account, Platform, Post, Role, SharedPost, handle_key
from monitor.store.models import AccountRow, CursorRow, PostRow, ProfileVersion

log = logging.getLogger(__name__)

SharedKind = Literal["repost", "quote"]
HISTORY_WINDOW = timedelta(days=14)
CHUNK = 500  # keeps IN (...) lists well under SQLite's bound-parameter limit
# Widths of the bounded columns: PostgreSQL refuses a longer value (and with it the whole batch).
WIDTHS = {"handle": 64, "handle_key": 64, "platform_id": 64, "avatar_hash": 64, "reply_to": 128,
          "reply_to_handle": 64, "conversation_id": 128, "shared_kind": 16, "shared_post_id": 128,
          "shared_handle": 64}
POST_ID_WIDTH = 128
POST_COLUMNS = ("platform", "post_id", "handle", "role", "created_at", "text", "reply_to", "reply_to_handle",
                "conversation_id", "shared_kind", "shared_post_id", "shared_handle", "shared_text", "url")
# The profile fields whose change is worth a ProfileVersion (a removed disclaimer, a new logo as avatar).
PROFILE_FIELDS = ("display_name", "bio", "url", "avatar_url", "avatar_hash", "pinned_text")


@overload
def storable(value: str, width: int | None = None) -> str: ...
@overload
def storable(value: None, width: int | None = None) -> None: ...
def storable(value: str | None, width: int | None = None) -> str | None:
    """Return text every database accepts: no NUL (PostgreSQL refuses it), no lone surrogate (UTF-8 has
    none; a JSON API can still send one), cut to its column's width."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    value = value.replace("\x00", "\ufffd")
    return value[:width] if width else value


@dataclass
class SaveResult:
    """What storing a batch changed."""

    new_accounts: int = 0
    profile_changes: int = 0
    new_posts: int = 0
    edited_posts: int = 0


def save_batch(session: Session, batch: Batch, now: datetime) -> SaveResult:
    """Store a batch's accounts and posts, then its cursors, all in the caller's transaction.

    Re-fetching the same posts changes nothing (upsert by platform and post id); the cursors are
    written last, so a crash before the commit re-reads the batch rather than losing it.
    """
    result = SaveResult()
    accounts = _save_accounts(session, [*batch.accounts, *batch.unmonitorable], now, result)
    _save_posts(session, batch.posts, now, result)
    _note_last_posts(session, accounts, batch.posts, now)
    set_cursors(session, batch.platform, batch.cursors, now)
    session.flush()
    return result


def _save_accounts(session: Session, accounts: Sequence[Account], now: datetime,
                   result: SaveResult) -> dict[tuple[str, str], AccountRow]:
    """Insert or update each account, adding a ProfileVersion when its profile is new or changed."""
    latest = {a.key: a for a in accounts}  # the last record of an account in a batch wins
    rows = _account_rows(session, latest)
    for key, account in latest.items():
        row = rows.get(key)
        if row is None:
            row = rows[key] = AccountRow(platform=account.platform, handle_key=storable(key[1], 64),
                                         handle=storable(account.handle, 64), role=account.role, first_seen=now,
                                         last_seen=now)
            result.new_accounts += 1
        changed = _apply_profile(row, account, now)
        session.add(row)
        if changed:
            session.flush()  # the version needs the account's id
            session.add(_version_of(row, now))
            result.profile_changes += 1
    return rows


def _account_rows(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], AccountRow]:
    """Load the stored accounts with these (platform, handle key) pairs."""
    out: dict[tuple[str, str], AccountRow] = {}
    by_platform: dict[str, list[str]] = {}
    for platform, key in keys:
        by_platform.setdefault(platform, []).append(key)
    for platform, handle_keys in by_platform.items():
        for start in range(0, len(handle_keys), CHUNK):
            query = select(AccountRow).where(AccountRow.platform == platform,
                                             col(AccountRow.handle_key).in_(handle_keys[start:start + CHUNK]))
            out.update({(r.platform, r.handle_key): r for r in session.exec(query)})
    return out


def _apply_profile(row: AccountRow, account: Account, now: datetime) -> bool:
    """Copy a fetched profile onto its row; say whether the profile itself changed."""
    fields = {"display_name": account.display_name, "bio": account.bio, "url": account.url,
              "avatar_url": account.avatar_url, "avatar_hash": account.avatar_hash,
              "pinned_text": account.pinned_text}
    fields = {name: storable(value, WIDTHS.get(name)) for name, value in fields.items()}
    changed = row.id is None or any(getattr(row, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(row, name, value)
    row.handle, row.role, row.monitorable, row.last_seen = storable(account.handle, 64), account.role, \
        account.monitorable, now
    row.platform_id = storable(account.account_id, 64) or row.platform_id
    row.created_at = account.created_at or row.created_at
    return changed


def _version_of(row: AccountRow, now: datetime) -> ProfileVersion:
    """Return the ProfileVersion recording an account's profile as it is now."""
    assert row.id is not None
    return ProfileVersion(account_id=row.id, seen_at=now, display_name=row.display_name, bio=row.bio,
                          url=row.url, avatar_url=row.avatar_url, avatar_hash=row.avatar_hash,
                          pinned_text=row.pinned_text)


def _save_posts(session: Session, posts: Sequence[Post], now: datetime, result: SaveResult) -> None:
    """Insert new posts and update those edited since they were last fetched."""
    latest = {(p.platform, p.id): p for p in posts}
    stored = _post_rows(session, latest)
    for key, post in latest.items():
        if len(post.id) > POST_ID_WIDTH:
            log.warning("skipped a %s post with a %d-character id (no platform issues those)", post.platform,
                        len(post.id))
            continue
        row = stored.get(key)
        if row is None:
            session.add(_post_row(post, now))
            result.new_posts += 1
        elif _apply_edits(row, post):
            session.add(row)
            result.edited_posts += 1


def _post_rows(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], PostRow]:
    """Load the stored posts with these (platform, post id) pairs."""
    out: dict[tuple[str, str], PostRow] = {}
    by_platform: dict[str, list[str]] = {}
    for platform, post_id in keys:
        by_platform.setdefault(platform, []).append(post_id)
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), CHUNK):
            query = select(PostRow).where(PostRow.platform == platform,
                                          col(PostRow.post_id).in_(ids[start:start + CHUNK]))
            out.update({(r.platform, r.post_id): r for r in session.exec(query)})
    return out


def _post_row(post: Post, now: datetime) -> PostRow:
    """Return a new row for a post."""
    row = PostRow(platform=post.platform, post_id=post.id, handle_key=storable(handle_key(post.handle), 64),
                  handle=storable(post.handle, 64), role=post.role, created_at=post.created_at, fetched_at=now)
    _apply_edits(row, post)
    return row


def _apply_edits(row: PostRow, post: Post) -> bool:
    """Copy the fields a post can change (its text, what it shares) onto its row; say whether any did."""
    shared = post.shared
    fields = {"text": post.text, "reply_to": post.reply_to, "reply_to_handle": post.reply_to_handle,
              "conversation_id": post.conversation_id, "url": post.url,
              "shared_kind": shared.kind if shared else None, "shared_post_id": shared.post_id if shared else None,
              "shared_handle": shared.handle if shared else None, "shared_text": shared.text if shared else None}
    fields = {name: storable(value, WIDTHS.get(name)) for name, value in fields.items()}
    changed = [name for name, value in fields.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, fields[name])
    return bool(changed)


def _note_last_posts(session: Session, accounts: dict[tuple[str, str], AccountRow], posts: Sequence[Post],
                     now: datetime) -> None:
    """Move each author's last_post_at forward; registered authors not yet stored get a bare row."""
    newest: dict[tuple[str, str], Post] = {}
    for post in posts:
        if post.author_key not in newest or post.created_at > newest[post.author_key].created_at:
            newest[post.author_key] = post
    missing = [k for k in newest if k not in accounts]
    accounts = {**accounts, **_account_rows(session, missing)}
    for key, post in newest.items():
        row = accounts.get(key)
        if row is None and post.role != "other":
            # Only registered accounts get a row from a post alone: residents are kept to what we need.
            row = AccountRow(platform=post.platform, handle_key=storable(key[1], 64), handle=storable(post.handle, 64),
                             role=post.role, first_seen=now, last_seen=now)
        if row is not None and (row.last_post_at is None or post.created_at > row.last_post_at):
            row.last_post_at = post.created_at
            session.add(row)


def get_cursors(session: Session, platform: str) -> dict[str, str]:
    """Return a platform's cursors by name."""
    query = select(CursorRow).where(CursorRow.platform == platform)
    return {row.name: row.value for row in session.exec(query)}


def set_cursors(session: Session, platform: str, cursors: dict[str, str], now: datetime) -> None:
    """Save cursors (call it in the transaction that stores what they cover)."""
    for name, value in cursors.items():
        row = session.get(CursorRow, (platform, name))
        if row is None:
            row = CursorRow(platform=platform, name=name, value=value, updated_at=now)
        row.value, row.updated_at = value, now
        session.add(row)
    session.flush()


def load_history(session: Session, now: datetime, window: timedelta = HISTORY_WINDOW) -> History:
    """Return what the history checks read: registered accounts and those active in the window, the posts
    of the window, and each account's last post time (kept on the account, so older posts need no reading)."""
    since = now - window
    accounts = session.exec(select(AccountRow).where(
        or_(col(AccountRow.role) != "other", col(AccountRow.last_seen) >= since)).order_by(col(AccountRow.id))).all()
    # Plain rows of the columns a Post needs: a busy fortnight is 100k posts, and converting each stored
    # time (and building ORM objects) is most of the cost.
    table = PostRow.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in POST_COLUMNS]
    posts = session.connection().execute(select(*columns).where(table.c.created_at >= since, table.c.created_at <= now)
                                         .order_by(table.c.created_at, table.c.id)).all()
    last_post_at = {(a.platform, a.handle_key): a.last_post_at for a in accounts if a.last_post_at is not None}
    return History(accounts=tuple(account_of(a) for a in accounts), posts=tuple(post_of(p) for p in posts),
                   last_post_at=last_post_at)


def account_of(row: AccountRow) -> Account:
    """Return the record a stored account stands for."""
    return Account(platform=cast(Platform, row.platform), handle=row.handle, role=cast(Role, row.role),
                   display_name=row.display_name, bio=row.bio, created_at=row.created_at,
                   account_id=row.platform_id, avatar_url=row.avatar_url, avatar_hash=row.avatar_hash,
                   url=row.url, pinned_text=row.pinned_text, monitorable=row.monitorable)


def post_of(row: PostRow | Row[Any]) -> Post:
    """Return the record a stored post stands for."""
    shared = None
    if row.shared_kind in ("repost", "quote") and row.shared_post_id:
        shared = SharedPost(kind=cast(SharedKind, row.shared_kind),
                            post_id=row.shared_post_id, handle=row.shared_handle or "", text=row.shared_text or "")
    return Post(platform=cast(Platform, row.platform), handle=row.handle, id=row.post_id, created_at=row.created_at,
                text=row.text, role=cast(Role, row.role), reply_to=row.reply_to, reply_to_handle=row.reply_to_handle,
                conversation_id=row.conversation_id, shared=shared, url=row.url)
