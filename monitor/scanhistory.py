"""The history a streaming scan keeps: what the history checks read, and nothing else.

`scan` checks each record as it reads it and forgets it, except for what the history checks
(monitor/checks/attention.py) will need at the end:

- unattended: each official account's newest post time, the earliest post time of the batch (how far
  back it reaches) and the official and registered profiles;
- unanswered: residents' posts that ask something of an official account and can still be overdue at the
  scan's evaluation time, whole (see _Questions); official accounts' replies, and residents' follow-ups of a
  kept question, without their text; and every post id read with its author if official, so that a reply
  finds the post it answers (numeric ids spill to a temporary file, see PostIds). The kept posts wait in an
  unnamed temporary file too (_Kept), what settles a question in a private temporary SQLite database, and the end
  reads the questions back a part at a time (histories()): memory keeps 12 bytes a kept post.

For an account check, hours_notice, it keeps the last few closed-day posts of each official account that say when
messages are read (Notices): `scan` gathers them with a file's profiles, before checking any record.

A resident's reply to a post not read yet is kept if it asks something, since that post may turn out to
be an official account's (exports often run newest first); the end decides. An account counts as
official once the registry, a profile record or one of its posts says so; `scan` reads a file's profiles
first (expect()), while from a pipe a profile that alone makes an account official counts for the posts
after it. A follow-up counts when read after the question it follows or after the official reply to it,
as any time order has it. Ids are taken to be unique on a platform: when a file repeats the id of a
question that was forgotten, the later copy is judged (a whole batch would judge the first copy only).
"""

from __future__ import annotations

import os
import pickle
import re
import sqlite3
import tempfile
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from monitor.checks import Context, History
from monitor.checks.attention import deadlines, other_officials_answer, question_span, weekend_notice
from monitor.config import Config
from monitor.platforms.registry import PLATFORMS
from monitor.records import Account, Platform, Post, Role, handle_key
from monitor.text import clip

Key = tuple[str, str]
# The history checks that read each resident's question on its own: the end gives them the questions a part at a
# time (HistoryBuilder.histories), the others the first part only.
QUESTION_RULES = frozenset({"unanswered"})
QUESTIONS_A_HISTORY = 1_000
# The posts an official account may have left as the Appendix's closed-day comment (hours_notice): the last ones
# read of each account.
NOTICES_AN_ACCOUNT = 5
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


# What a post line must hold, folded, to be read in a file's first pass (Notices.may_hold): a stem of each of
# attention._MESSAGES's words. A line with other than ASCII, or a \u escape, may spell them otherwise, so it is read.
_NOTICE_STEMS = re.compile(rb"messag|dm|inbox|enquir|quer|comment|page|account|feed|here|repl|send|sent|closed|shut")


def _quoted(handle: str) -> bytes:
    """Return a folded handle as a line ends it: before its closing quote (an "@" may open it)."""
    return handle.casefold().encode("utf-8", "replace") + b'"'


class Notices:
    """Official accounts' posts that hours_notice may take as the Appendix's comment on a closed day.

    A post is kept when its author is official by then (the registry, its own role, or a profile noted before it),
    and attention.weekend_notice takes it (a closed day of the last week before `now`, saying when messages are
    read), for either reading of the profile's name (a place's or not: the profile may come later); the last
    NOTICES_AN_ACCOUNT of each account, their text clipped as the check clips it. `scan` gathers them in the
    first pass over a file, so every profile sees them; from a pipe, as the posts are read.
    """

    def __init__(self, config: Config, now: datetime) -> None:
        """Start with the registry's official accounts and nothing kept."""
        self._ctx = Context(config=config, now=now)
        self._officials: set[Key] = {key for key, entry in config.registry.items() if entry.role == "official"}
        # Each official handle as a line spells it, folded, for may_hold's byte test ("brackleytc" then a quote).
        self._handle_bytes: set[bytes] = {_quoted(key[1]) for key in self._officials}
        self._kept: dict[Key, deque[Post]] = {}
        self._posts: tuple[Post, ...] | None = ()

    def may_hold(self, raw: bytes) -> bool:
        """Say whether a post's line may hold a notice: a cheap test, so that a first pass decodes few posts.

        Only an official author's post can be one: a line naming no official handle and no official role is not
        read (unless an escape may spell either), which leaves most of a feed's lines undecoded.
        """
        folded = raw.lower()
        if b"\\u" not in raw and b'"official"' not in folded and not any(h in folded for h in self._handle_bytes):
            return False
        return not raw.isascii() or b"\\u" in raw or _NOTICE_STEMS.search(folded) is not None

    def note_profile(self, account: Account) -> None:
        """Note a profile: an official one makes its account's later posts count."""
        if account.role == "official":
            self._officials.add(account.key)
            self._handle_bytes.add(_quoted(account.key[1]))

    def add(self, post: Post) -> bool:
        """Keep a post if it may be a notice; say whether it was kept."""
        key = post.author_key
        if post.role == "official":
            self._officials.add(key)
        if key not in self._officials or not post.text:
            return False
        ctx = replace(self._ctx, history=History(posts=(post,)))
        author = Account(platform=post.platform, handle=post.handle, role="official")
        if weekend_notice(author, ctx) is None and weekend_notice(author, ctx, facility=True) is None:
            return False
        kept = self._kept.setdefault(key, deque(maxlen=NOTICES_AN_ACCOUNT))
        kept.append(replace(post, text=clip(post.text), shared=None, raw=None))
        self._posts = None
        return True

    def posts(self) -> tuple[Post, ...]:
        """Return the posts kept, by account."""
        if self._posts is None:
            self._posts = tuple(post for kept in self._kept.values() for post in kept)
        return self._posts


def _numeric(post_id: str) -> bool:
    """Say whether an id can be held as a 64-bit number and read back as the same string."""
    return (post_id.isascii() and post_id.isdigit() and len(post_id) <= _MAX_NUMERIC_ID
            and (post_id[0] != "0" or post_id == "0"))


class _Run:
    """A sorted run of numeric ids and their authors, written to a file: in memory, only every BLOCK-th id."""

    __slots__ = ("authors_at", "count", "fences", "hi", "lo", "numbers_at")

    def __init__(self, pairs: list[tuple[int, int]], spill: IO[bytes], block: int) -> None:
        """Append a sorted run's ids, then its authors, to the spill file."""
        numbers = array("Q", [n for n, _ in pairs])
        self.lo, self.hi, self.count = numbers[0], numbers[-1], len(numbers)
        self.fences = numbers[::block]
        self.numbers_at = spill.seek(0, os.SEEK_END)
        spill.write(numbers.tobytes())
        self.authors_at = self.numbers_at + numbers.itemsize * len(numbers)
        spill.write(array("I", [a for _, a in pairs]).tobytes())
        spill.flush()

    def author(self, number: int, fd: int, block: int) -> int | None:
        """Return the author of an id in this run, or None: one read of a block of ids, one of the author."""
        if not self.lo <= number <= self.hi:
            return None
        first = (bisect_right(self.fences, number) - 1) * block
        numbers = array("Q")
        numbers.frombytes(os.pread(fd, numbers.itemsize * min(block, self.count - first),
                                   self.numbers_at + numbers.itemsize * first))
        at = bisect_left(numbers, number)
        if at == len(numbers) or numbers[at] != number:
            return None
        authors = array("I")
        authors.frombytes(os.pread(fd, authors.itemsize, self.authors_at + authors.itemsize * (first + at)))
        return authors[0]


class PostIds:
    """Every post id of one platform read so far, with who wrote it: an official author's number, or NOBODY.

    A scan keeps every id (a reply may answer any earlier post), so numeric ids (X's, Mastodon's) leave memory:
    the newest RUN in a dict, older ones in sorted runs of 12 bytes an id in an unnamed temporary file, of which
    memory keeps every BLOCK-th id (about 0.02 bytes an id). A lookup tries the newest first, so the last post
    read with an id wins, as in a whole batch; ids grow with time, so a run's range (lo, hi) usually rules it
    out without a read, and a lookup reads at most one block of a run that may hold it. Other ids (Facebook's
    "page_post", Bluesky's at:// addresses): the newest RUN in a dict, older ones in a private temporary SQLite
    database.
    """

    RUN = 1 << 14
    BLOCK = 512
    NOBODY = (1 << 32) - 1

    def __init__(self) -> None:
        """Start empty; the spill file is made when the first run is full."""
        self._recent: dict[int, int] = {}
        self._runs: list[_Run] = []
        self._spill: IO[bytes] | None = None
        self._other: dict[str, int] = {}
        self._older: sqlite3.Connection | None = None

    def add(self, post_id: str, author: int) -> None:
        """Remember a post's id and its author (NOBODY for an account that is not official)."""
        if not _numeric(post_id):
            self._other[post_id] = author
            if len(self._other) >= self.RUN:
                if self._older is None:
                    self._older = sqlite3.connect("")  # "": SQLite's own temporary file, deleted on close
                    self._older.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                              "CREATE TABLE ids (id TEXT PRIMARY KEY, author INTEGER) WITHOUT ROWID;")
                self._older.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?)", self._other.items())
                self._other = {}
            return
        self._recent[int(post_id)] = author
        if len(self._recent) >= self.RUN:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the scan, closed by close())
            self._runs.append(_Run(sorted(self._recent.items()), self._spill, self.BLOCK))
            self._recent = {}

    def author(self, post_id: str) -> int | None:
        """Return the author of the last post read with this id, NOBODY, or None if none was read."""
        if not _numeric(post_id):
            author = self._other.get(post_id)
            if author is not None or self._older is None:
                return author
            row = self._older.execute("SELECT author FROM ids WHERE id = ?", (post_id,)).fetchone()
            return None if row is None else int(row[0])
        number = int(post_id)
        found = self._recent.get(number)
        if found is not None or self._spill is None:
            return found
        fd = self._spill.fileno()
        for run in reversed(self._runs):
            found = run.author(number, fd, self.BLOCK)
            if found is not None:
                return found
        return None

    def close(self) -> None:
        """Remove the spill file and database (both unnamed, so they go with the process too)."""
        if self._spill is not None:
            self._spill.close()
        if self._older is not None:
            self._older.close()


class _Kept:
    """The posts kept for the end, in an unnamed temporary file: in memory, an offset and a length a post.

    The residents' questions that end as findings grow with the input (in bench_scan's mix about 7 in 1,000
    records), and a Post in memory costs about 1.3 KB with its strings and times; on disk it costs the scan's
    peak memory nothing. Posts are pickled: the file is this process's own, unnamed and opened by no one else,
    so what is read back is only ever what was written.
    """

    def __init__(self) -> None:
        """Start empty; the file is made with the first post."""
        self._at = array("q")
        self._size = array("I")
        self._file: IO[bytes] | None = None

    def __len__(self) -> int:
        """Return how many posts were kept, dropped ones included (an index stays valid)."""
        return len(self._at)

    def append(self, post: Post) -> None:
        """Write a post at the file's end."""
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the scan, closed by close())
        data = pickle.dumps(post, protocol=pickle.HIGHEST_PROTOCOL)
        self._at.append(self._file.seek(0, os.SEEK_END))
        self._size.append(len(data))
        self._file.write(data)

    def drop(self, index: int) -> None:
        """Forget the post at an index (its bytes stay in the file, unread)."""
        self._at[index] = -1

    def posts(self) -> Iterable[Post]:
        """Yield the posts not dropped, in the order kept."""
        if self._file is None:
            return
        self._file.flush()
        fd = self._file.fileno()
        for at, size in zip(self._at, self._size, strict=True):
            if at >= 0:
                yield pickle.loads(os.pread(fd, size, at))  # our own unnamed file: see the class

    def close(self) -> None:
        """Remove the file (it is unnamed, so it goes with the process too)."""
        if self._file is not None:
            self._file.close()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# What settles kept questions, in a private temporary database: a long feed's pending questions, official replies
# and follow-ups are many, and in SQLite they cost the scan's memory its page cache, not a dict entry each.
_SCHEMA = """
CREATE TABLE asked (platform TEXT, id TEXT, asker TEXT, PRIMARY KEY (platform, id, asker)) WITHOUT ROWID;
CREATE TABLE pending (platform TEXT, id TEXT, kept INTEGER, asker TEXT, asked_at INTEGER, deadline INTEGER,
                      conversation TEXT, PRIMARY KEY (platform, id)) WITHOUT ROWID;
CREATE INDEX pending_thread ON pending (platform, conversation, asker) WHERE conversation IS NOT NULL;
CREATE TABLE follow_up (platform TEXT, id TEXT, question TEXT, PRIMARY KEY (platform, id)) WITHOUT ROWID;
CREATE TABLE replied (platform TEXT, id TEXT, first INTEGER, PRIMARY KEY (platform, id)) WITHOUT ROWID;
CREATE TABLE answered (platform TEXT, id TEXT, PRIMARY KEY (platform, id)) WITHOUT ROWID;
"""


def _micros(when: datetime) -> int:
    """Return an aware time as whole microseconds since 1970: exact, and ordered as the times are."""
    return (when - _EPOCH) // _MICROSECOND


class _Questions:
    """Residents' questions kept for `unanswered`, each forgotten as soon as what is read shows it cannot fire.

    At the scan's evaluation time `now` a question fires only if its deadline has passed and no official account
    replied by then. So a question not due by `now` is never kept, and a kept one is forgotten once a post of an
    official account (its role says so: it stays official whatever is read later) is read that replies by the
    deadline to it, to its asker's follow-up of it, or (on X) to its asker later in its conversation. A reply read
    before the question counts when it replies to the question itself; other orders keep the question for the
    end to judge, as before. Without `now`, or when only the asked account's own reply answers
    (other_official_answers = false: whom it was asked of may be read later), every question is kept.
    The questions wait in a temporary file (_Kept), what settles them in a private temporary SQLite database ("" as
    its name: SQLite deletes it on close), so that memory does not grow with them.
    """

    def __init__(self, config: Config, now: datetime | None) -> None:
        """Start with nothing kept."""
        self._now = now
        self._deadline = deadlines(config)
        self._early = now is not None and other_officials_answer(config)
        self.kept = _Kept()  # the questions, each one's place fixed (a settled one is dropped by its index)
        self.replies = _Kept()  # official answers and follow-ups, without their text
        self._db = sqlite3.connect("")
        self._db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)

    def _one(self, sql: str, *args: object) -> tuple[Any, ...] | None:
        """Return a query's first row, or None."""
        row: tuple[Any, ...] | None = self._db.execute(sql, args).fetchone()
        return row

    def asked(self, platform: str, post_id: str, asker: str) -> bool:
        """Say whether a kept question of this id was asked by this (folded) handle."""
        return self._one("SELECT 1 FROM asked WHERE platform = ? AND id = ? AND asker = ?",
                         platform, post_id, asker) is not None

    def note_answer(self, platform: str, post_id: str) -> None:
        """Note that an official account replied to a post."""
        self._db.execute("INSERT OR IGNORE INTO answered VALUES (?, ?)", (platform, post_id))

    def answered(self, platform: str, post_id: str) -> bool:
        """Say whether an official account replied to a post read so far."""
        return self._one("SELECT 1 FROM answered WHERE platform = ? AND id = ?", platform, post_id) is not None

    def consider(self, post: Post) -> None:
        """Keep a resident's question if it can still fire, noting how a timely answer would show; else forget it."""
        deadline = self._deadline(post.created_at) if self._now is not None and self._deadline is not None else None
        if self._now is not None and (self._deadline is None or (deadline is not None and self._now <= deadline)):
            return  # no office hours (unanswered fires on nothing), or not due by now
        asker = handle_key(post.handle)
        if self._early and deadline is not None:
            replied = self._one("SELECT first FROM replied WHERE platform = ? AND id = ?", post.platform, post.id)
            if replied is not None and replied[0] <= _micros(deadline):
                return
            self._db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (post.platform, post.id, len(self.kept), asker, _micros(post.created_at),
                              _micros(deadline), post.conversation_id or None))
        # Without a deadline (no office hours allow a reply), unanswered stops at the question: kept, it stops there.
        self.kept.append(replace(post, shared=None, url=None))  # unanswered reads neither; a quote may be long
        self._db.execute("INSERT OR IGNORE INTO asked VALUES (?, ?, ?)", (post.platform, post.id, asker))

    def keep_reply(self, post: Post) -> None:
        """Keep a reply without its text: an official answer, or a resident's follow-up of a kept question."""
        self.replies.append(_bare(post, keep_reply=True))
        if not self._early or not post.reply_to or post.role != "other":
            return
        asked = self._one("SELECT asker FROM pending WHERE platform = ? AND id = ?", post.platform, post.reply_to)
        if asked is not None and asked[0] == handle_key(post.handle):
            self._db.execute("INSERT OR REPLACE INTO follow_up VALUES (?, ?, ?)",
                             (post.platform, post.id, post.reply_to))
            replied = self._one("SELECT first FROM replied WHERE platform = ? AND id = ?", post.platform, post.id)
            if replied is not None:
                self._settle(post.platform, post.reply_to, replied[0])

    def official_reply(self, post: Post) -> None:
        """Note a reply by an official account: it may answer kept questions, or one read later."""
        if not self._early:
            return
        at = _micros(post.created_at)
        if post.reply_to:
            self._db.execute("INSERT INTO replied VALUES (?, ?, ?) ON CONFLICT (platform, id) "
                             "DO UPDATE SET first = min(first, excluded.first)", (post.platform, post.reply_to, at))
            question = self._one("SELECT question FROM follow_up WHERE platform = ? AND id = ?",
                                 post.platform, post.reply_to)
            self._settle(post.platform, question[0] if question else post.reply_to, at)
        if post.conversation_id and post.reply_to_handle:
            rows = self._db.execute("SELECT id FROM pending WHERE platform = ? AND conversation = ? AND asker = ? "
                                    "AND asked_at <= ?", (post.platform, post.conversation_id,
                                                          handle_key(post.reply_to_handle), at)).fetchall()
            for (question_id,) in rows:
                self._settle(post.platform, question_id, at)

    def _settle(self, platform: str, post_id: str, replied: int) -> None:
        """Forget a kept question if this reply came by its deadline."""
        asked = self._one("SELECT kept, asker, deadline FROM pending WHERE platform = ? AND id = ?", platform, post_id)
        if asked is None or replied > asked[2]:
            return
        self._db.execute("DELETE FROM pending WHERE platform = ? AND id = ?", (platform, post_id))
        self.kept.drop(asked[0])
        # Its follow-ups need not be kept now.
        self._db.execute("DELETE FROM asked WHERE platform = ? AND id = ? AND asker = ?", (platform, post_id, asked[1]))

    def close(self) -> None:
        """Remove the temporary file and database."""
        self.kept.close()
        self.replies.close()
        self._db.close()


class HistoryBuilder:
    """Collect, one record at a time, the part of a batch the history checks read."""

    def __init__(self, config: Config, now: datetime | None = None) -> None:
        """Start empty; the registry's official accounts are official from the start.

        Given the scan's evaluation time, questions that cannot be overdue by then are not kept.
        """
        self._config = config
        self._questions = _Questions(config, now)
        self._officials: set[Key] = {key for key, entry in config.registry.items() if entry.role == "official"}
        self._official_posters: set[Key] = set()
        self._accounts: dict[Key, Account | None] = {}
        self._authors: dict[_Author, int] = {}
        self._newest: dict[Key, _Newest] = {}
        self._earliest: Post | None = None  # whole, until the end: replacing it would cost more
        self._ids: dict[str, PostIds] = {}
        self._history: History | None = None

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
            self._questions.note_answer(post.platform, post.reply_to)
        if answer and post.role == "official":
            self._questions.official_reply(post)
        if post.role != "other":
            if answer:
                self._questions.keep_reply(post)
        elif self._may_address_official(post, ids) and question_span(post.text) is not None:
            self._questions.consider(post)
        elif answer or self._follows_up(post, key):
            self._questions.keep_reply(post)

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
        if not post.reply_to:
            return False
        return self._questions.asked(post.platform, post.reply_to, key[1]) or self._questions.answered(post.platform,
                                                                                                       post.id)

    def history(self) -> History:
        """Return the whole history the history checks read, as a whole batch's would give them; then free the ids."""
        if self._history is None:
            histories = list(self.histories(chunk=0))
            self._history = histories[0]
        return self._history

    def histories(self, chunk: int | None = None) -> Iterator[History]:
        """Yield the history in parts: every part holds all that was kept but the questions, CHUNK questions each.

        The first part is for every history check; the others only for QUESTION_RULES, which read each question
        on its own (chunk 0: one part with every question). Questions read back from the spill a part at a time
        keep the end of a long scan from holding them all (its overdue questions grow with the input).
        """
        chunk = QUESTIONS_A_HISTORY if chunk is None else chunk
        authors = list(self._authors)
        accounts = tuple(a for a in self._accounts.values() if a is not None)
        # Newest posts first: of equal times the checks keep the first they see, as over a whole batch.
        base = [self._newest_post(newest, authors) for newest in self._newest.values()]
        base += [_bare(self._earliest)] if self._earliest is not None else []
        replies = list(self._questions.replies.posts())
        part: list[Post] = []
        first = True
        for post in self._questions.kept.posts():
            part.append(post)
            if chunk and len(part) >= chunk:
                yield self._part(accounts, base, replies, part, authors)
                part, first = [], False
        if part or first:
            yield self._part(accounts, base, replies, part, authors)
        self._questions.close()
        for ids in self._ids.values():
            ids.close()

    def _part(self, accounts: tuple[Account, ...], base: list[Post], replies: list[Post], questions: list[Post],
              authors: list[_Author]) -> History:
        """Return one part of the history: what all parts share, the posts these questions reply to, and them."""
        return History(accounts=accounts, posts=(*base, *self._parents(questions, authors), *replies, *questions))

    def _newest_post(self, newest: _Newest, authors: list[_Author]) -> Post:
        """Return an official account's newest post, without its text; official if any post of it was."""
        who = authors[newest.author]
        role: Role = "official" if (who.platform, handle_key(who.handle)) in self._official_posters else who.role
        return Post(platform=who.platform, handle=who.handle, id=newest.post_id, created_at=newest.created_at,
                    text="", role=role)

    def _parents(self, questions: list[Post], authors: list[_Author]) -> Iterator[Post]:
        """Yield the official posts some questions reply to, without their text, dated at their author's newest."""
        done: set[tuple[str, str]] = set()
        for post in questions:
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
