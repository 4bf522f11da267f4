"""The history a streaming scan keeps: what the history checks read, and nothing else.

`scan` checks each record as it reads it and forgets it, except for what the history checks
(monitor/checks/attention.py) will need at the end:

- unattended: each official account's newest post time, the earliest post time of the batch (how far
  back it reaches) and the official and registered profiles;
- unanswered: residents' posts that ask something of an official account, whole; official accounts'
  replies, and residents' follow-ups of a kept question, without their text; and every post id read with
  its author if official, about 12 bytes an id, so that a reply finds the post it answers.

A resident's reply to a post not read yet is kept if it asks something, since that post may turn out to
be an official account's (exports often run newest first); the end decides. An account counts as
official once the registry, a profile record or one of its posts says so; `scan` reads a file's profiles
first (expect()), while from a pipe a profile that alone makes an account official counts for the posts
after it. A follow-up counts when read after the question it follows or after the official reply to it,
as any time order has it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from monitor.checks import History
from monitor.checks.attention import question_span
from monitor.config import Config
from monitor.platforms.registry import PLATFORMS
from monitor.records import Account, Platform, Post, Role, handle_key

Key = tuple[str, str]
# Ids this long or shorter, in digits without a leading zero, fit an unsigned 64-bit array slot.
_MAX_NUMERIC_ID = 19


@dataclass(frozen=True, slots=True)
class _Author:
    """An official author as a post shows it: enough to rebuild a post of theirs without its text."""

    platform: Platform
    handle: str
    role: Role


@dataclass(frozen=True, slots=True)
class _Newest:
    """An official account's newest post so far (the first of equal times, as max() over a batch finds)."""

    created_at: datetime
    post_id: str
    author: int


def _numeric(post_id: str) -> bool:
    """Say whether an id can be held as a 64-bit number and read back as the same string."""
    return (post_id.isascii() and post_id.isdigit() and len(post_id) <= _MAX_NUMERIC_ID
            and (post_id[0] != "0" or post_id == "0"))


class PostIds:
    """Every post id of one platform read so far, with who wrote it: an official author's number, or NOBODY.

    A dict spends about 100 bytes on an entry and a scan keeps every id, so numeric ids (X's are) are
    packed: the newest RUN in a dict, older ones in sorted arrays of 12 bytes an id. A lookup tries the
    newest first, so the last post read with an id wins, as in a whole batch; ids grow with time, so a
    run's range (lo, hi) usually rules it out without a search. Other ids stay in a dict.
    """

    RUN = 1 << 16
    NOBODY = (1 << 32) - 1

    def __init__(self) -> None:
        """Start empty."""
        self._recent: dict[int, int] = {}
        self._runs: list[tuple[int, int, array[int], array[int]]] = []
        self._other: dict[str, int] = {}

    def add(self, post_id: str, author: int) -> None:
        """Remember a post's id and its author (NOBODY for an account that is not official)."""
        if not _numeric(post_id):
            self._other[post_id] = author
            return
        self._recent[int(post_id)] = author
        if len(self._recent) >= self.RUN:
            pairs = sorted(self._recent.items())
            numbers = array("Q", [n for n, _ in pairs])
            self._runs.append((numbers[0], numbers[-1], numbers, array("I", [a for _, a in pairs])))
            self._recent = {}

    def author(self, post_id: str) -> int | None:
        """Return the author of the last post read with this id, NOBODY, or None if none was read."""
        if not _numeric(post_id):
            return self._other.get(post_id)
        number = int(post_id)
        found = self._recent.get(number)
        if found is not None:
            return found
        for lo, hi, numbers, authors in reversed(self._runs):
            if lo <= number <= hi:
                at = bisect_left(numbers, number)
                if numbers[at] == number:
                    return authors[at]
        return None


class HistoryBuilder:
    """Collect, one record at a time, the part of a batch the history checks read."""

    def __init__(self, config: Config) -> None:
        """Start empty; the registry's official accounts are official from the start."""
        self._config = config
        self._officials: set[Key] = {key for key, entry in config.registry.items() if entry.role == "official"}
        self._official_posters: set[Key] = set()
        self._accounts: dict[Key, Account | None] = {}
        self._authors: dict[_Author, int] = {}
        self._newest: dict[Key, _Newest] = {}
        self._earliest: Post | None = None  # whole, until the end: replacing it would cost more
        self._ids: dict[str, PostIds] = {}
        self._kept: list[Post] = []
        self._questions: set[tuple[str, str, Key]] = set()
        self._answered: set[tuple[str, str]] = set()

    def expect(self, account: Account) -> None:
        """Note a profile that will be read later, so that the posts before it count as its account's."""
        if account.role == "official":
            self._officials.add(account.key)

    def add_account(self, account: Account) -> None:
        """Keep an official or registered profile (the last one of an account wins)."""
        key = account.key
        if key in self._config.registry or account.role == "official":
            self._accounts[key] = account
            if account.role == "official":
                self._officials.add(key)
        elif key in self._accounts:
            self._accounts[key] = None  # a later profile says it is someone else's: as in a whole batch

    def add_post(self, post: Post) -> None:
        """Keep what the history checks need of a post."""
        key = post.author_key
        if post.role == "official":
            self._officials.add(key)
            self._official_posters.add(key)
        if self._earliest is None or post.created_at < self._earliest.created_at:
            self._earliest = post
        official = key in self._officials
        ids = self._ids.get(post.platform)
        if ids is None:
            ids = self._ids[post.platform] = PostIds()
        ids.add(post.id, self._add_official(post, key) if official else PostIds.NOBODY)
        answer = official and _replies(post)
        if answer and post.reply_to:
            self._answered.add((post.platform, post.reply_to))
        if post.role != "other":
            if answer:
                self._kept.append(_bare(post, keep_reply=True))
        elif self._may_address_official(post, ids) and question_span(post.text) is not None:
            self._kept.append(post)
            self._questions.add((post.platform, post.id, key))
        elif answer or self._follows_up(post, key):
            self._kept.append(_bare(post, keep_reply=True))

    def _add_official(self, post: Post, key: Key) -> int:
        """Note an official account's post time; return its author's number."""
        author = self._authors.setdefault(_Author(post.platform, post.handle, post.role), len(self._authors))
        newest = self._newest.get(key)
        if newest is None or post.created_at > newest.created_at:
            self._newest[key] = _Newest(post.created_at, post.id, author)
        return author

    def _may_address_official(self, post: Post, ids: PostIds) -> bool:
        """Say whether a post replies to or names an official account, or replies to a post not read yet.

        The post replied to may come later in the file (exports often run newest first): such a reply is
        kept if it asks something, and the end decides.
        """
        if post.reply_to:
            author = ids.author(post.reply_to)
            if author is None or author != PostIds.NOBODY:
                return True
        if post.reply_to_handle and (post.platform, handle_key(post.reply_to_handle)) in self._officials:
            return True
        if "@" in post.text and post.platform in PLATFORMS and PLATFORMS[post.platform].at_handles:
            text = post.text.casefold()
            # A superset of the check's own @mention test: "@brackleytcfan" contains "@brackleytc".
            return any(f"@{handle}" in text for platform, handle in self._officials if platform == post.platform)
        return False

    def _follows_up(self, post: Post, key: Key) -> bool:
        """Say whether a resident's reply continues a kept question of theirs, or an official replied to it."""
        return bool(post.reply_to) and (
            (post.platform, post.reply_to, key) in self._questions or (post.platform, post.id) in self._answered)

    def history(self) -> History:
        """Return the history the history checks read, as a whole batch's would give them."""
        authors = list(self._authors)
        accounts = tuple(a for a in self._accounts.values() if a is not None)
        # Newest posts first: of equal times the checks keep the first they see, as over a whole batch.
        posts = [self._newest_post(newest, authors) for newest in self._newest.values()]
        posts += [_bare(self._earliest)] if self._earliest is not None else []
        posts += self._parents(authors)
        posts += self._kept
        return History(accounts=accounts, posts=tuple(posts))

    def _newest_post(self, newest: _Newest, authors: list[_Author]) -> Post:
        """Return an official account's newest post, without its text; official if any post of it was."""
        who = authors[newest.author]
        role: Role = "official" if (who.platform, handle_key(who.handle)) in self._official_posters else who.role
        return Post(platform=who.platform, handle=who.handle, id=newest.post_id, created_at=newest.created_at,
                    text="", role=role)

    def _parents(self, authors: list[_Author]) -> Iterator[Post]:
        """Yield the official posts the kept posts reply to, without their text, dated at their author's newest."""
        done: set[tuple[str, str]] = set()
        for post in self._kept:
            if not post.reply_to or (post.platform, post.reply_to) in done:
                continue
            done.add((post.platform, post.reply_to))
            index = self._ids[post.platform].author(post.reply_to)
            if index is None or index == PostIds.NOBODY:
                continue
            who = authors[index]
            newest = self._newest[(who.platform, handle_key(who.handle))]
            yield Post(platform=who.platform, handle=who.handle, id=post.reply_to, created_at=newest.created_at,
                       text="", role=who.role)


def _replies(post: Post) -> bool:
    """Say whether a post replies to a post or, in a conversation, to an account: it may answer a question."""
    return bool(post.reply_to or (post.conversation_id and post.reply_to_handle))


def _bare(post: Post, keep_reply: bool = False) -> Post:
    """Return a post without its text (and, unless asked, without what it replies to)."""
    if keep_reply:
        return replace(post, text="", shared=None, url=None)
    return replace(post, text="", shared=None, url=None, reply_to=None, reply_to_handle=None, conversation_id=None)
