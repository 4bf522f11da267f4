"""Read the scan format (one JSON record a line) into records, with a reason for every bad line.

The reader streams: it holds one line at a time, never more than MAX_LINE_BYTES of it, and it checks a
line's nesting depth and number sizes before Python's json module could choke on them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from monitor.config import Config
from monitor.records import PLATFORMS, ROLES, Account, Post, Role, SharedPost, valid_handle

MAX_LINE_BYTES = 8 * 1024 * 1024
# A record is two levels deep (the record and its `shared` object); unknown keys get room to spare.
# json recurses once a level and raises RecursionError near 1,000: the limit must come first.
MAX_DEPTH = 64
# Numbers in a record are ids and counts (an X id has 19 digits). Python refuses to turn more than 4,300
# digits into an int, and float() makes "1e999" infinite: neither is a usable value.
MAX_NUMBER_CHARS = 40
# Times outside these years cannot be moved to UTC or the council's zone and back without overflowing.
YEARS = (1900, 9000)
READ_BYTES = 64 * 1024
BOM = b"\xef\xbb\xbf"
# JSON can spell lone surrogates ("\\ud800"), which no UTF-8 output can carry: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string (escapes included) or a bracket: brackets inside strings do not nest anything. The closing
# quote is optional so that an unclosed string runs to the end once, not once for every quote inside it.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


class BadRecord(ValueError):
    """A line that is not a usable record; the message says why."""


@dataclass(frozen=True, slots=True)
class LineError:
    """One unusable line: where it is and why."""

    line: int
    reason: str


def parse_time(value: Any, key: str) -> datetime:
    """Return an aware datetime from an ISO 8601 string, refusing naive ones."""
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be an ISO 8601 string, got {type(value).__name__}")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        raise BadRecord(f"{key} {value[:40]!r} is not an ISO 8601 time") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise BadRecord(f"{key} {value[:40]!r} has no time zone (add Z or +00:00)")
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise BadRecord(f"{key} {value[:40]!r} is out of range (years {YEARS[0]} to {YEARS[1]})")
    return when


def _text(record: dict[str, Any], key: str, required: bool = False) -> str:
    """Return a string field, '' when absent and allowed to be."""
    value = record.get(key)
    if value is None:
        if required:
            raise BadRecord(f"missing field {key!r}")
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be a string, got {type(value).__name__}")
    return _SURROGATE.sub("\ufffd", value)


def _optional(record: dict[str, Any], key: str) -> str | None:
    """Return an optional string field, accepting numbers for ids."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRecord(f"{key} must be a string or null, got {type(value).__name__}")
    return str(value)


def _role(record: dict[str, Any], config: Config, platform: str, handle: str) -> Role:
    """Return the record's role if it gives one, else the registry's."""
    value = record.get("role")
    if value is None:
        return config.role_of(platform, handle)
    if value not in ROLES:
        raise BadRecord(f"role {value!r} is not one of {', '.join(ROLES)}")
    role: Role = value
    return role


def _shared(value: Any) -> SharedPost | None:
    """Return the repost/quote a post carries, if any."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRecord("shared must be an object with kind, post_id and handle")
    kind = value.get("kind")
    if kind not in ("repost", "quote"):
        raise BadRecord("shared.kind must be 'repost' or 'quote'")
    return SharedPost(kind=kind, post_id=_text(value, "post_id", True), handle=_text(value, "handle", True),
                      text=_text(value, "text"))


def parse_record(record: Any, config: Config) -> Account | Post:
    """Return the record one decoded JSON value stands for."""
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    kind = record.get("kind")
    if kind not in ("account", "post"):
        raise BadRecord(f"kind must be 'account' or 'post', got {kind!r}")
    platform = _text(record, "platform", True)
    if platform not in PLATFORMS:
        raise BadRecord(f"unknown platform {platform[:20]!r} (use {' or '.join(PLATFORMS)})")
    handle = _text(record, "handle", True).lstrip("@")
    # A Facebook commenter may be known only by a numeric id, which has the same shape as a vanity name.
    if not valid_handle(platform, handle):
        raise BadRecord(f"handle {handle[:40]!r} is not a valid {platform} handle")
    role = _role(record, config, platform, handle)
    if kind == "account":
        created = record.get("created_at")
        followers = record.get("followers_count")
        return Account(
            platform=platform,
            handle=handle, role=role,
            display_name=_text(record, "display_name"), bio=_text(record, "bio"),
            created_at=parse_time(created, "created_at") if created is not None else None,
            account_id=_optional(record, "account_id"), avatar_url=_optional(record, "avatar_url"),
            avatar_hash=_optional(record, "avatar_hash"), url=_optional(record, "url"),
            location=_text(record, "location"), pinned_text=_text(record, "pinned_text"),
            verified_type=_optional(record, "verified_type"),
            followers_count=followers if isinstance(followers, int) and not isinstance(followers, bool) else None,
            monitorable=record.get("monitorable", True) is not False,
        )
    post_id = _optional(record, "id")
    if not post_id:
        raise BadRecord("missing field 'id'")
    return Post(
        platform=platform,
        handle=handle, id=post_id, role=role,
        created_at=parse_time(record.get("created_at"), "created_at"),
        text=_text(record, "text", True),
        reply_to=_optional(record, "reply_to"), reply_to_handle=_optional(record, "reply_to_handle"),
        conversation_id=_optional(record, "conversation_id"), shared=_shared(record.get("shared")),
        url=_optional(record, "url"),
    )


def _int(token: str) -> int:
    """Return a JSON integer, refusing one too long to be an id or a count."""
    if len(token) > MAX_NUMBER_CHARS:
        raise BadRecord(f"a number is {len(token):,} characters long; the limit is {MAX_NUMBER_CHARS}")
    return int(token)


def _float(token: str) -> float:
    """Return a JSON number with a fraction or an exponent, refusing a huge or infinite one."""
    if len(token) > MAX_NUMBER_CHARS:
        raise BadRecord(f"a number is {len(token):,} characters long; the limit is {MAX_NUMBER_CHARS}")
    value = float(token)
    if not math.isfinite(value):
        raise BadRecord(f"the number {token} is out of range")
    return value


# One decoder for every line (json.loads with hooks would build one a call); the C scanner calls the hooks
# with each number's text before converting it.
_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float)


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Say whether a JSON text nests arrays and objects more than limit levels deep."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the common case, at the speed of str.count
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def parse_line(raw: bytes, config: Config) -> Account | Post | None:
    """Return the record on one line, None for a blank line, or raise BadRecord."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadRecord(f"line is {len(raw):,} bytes; the limit is {MAX_LINE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRecord(f"not valid UTF-8 at byte {exc.start}") from None
    if not text.strip():
        return None
    if too_deep(text):
        raise BadRecord(f"nested more than {MAX_DEPTH} levels deep; a record needs two")
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    return parse_record(value, config)


class _Partial:
    """The start of a line that runs past the end of a read: its parts, or only its length once over the limit."""

    __slots__ = ("limit", "parts", "size")

    def __init__(self, limit: int) -> None:
        """Start with nothing held."""
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, piece: bytes) -> None:
        """Add a piece of the line; past the limit, only count it."""
        self.size += len(piece)
        if self.size <= self.limit:
            self.parts.append(piece)
        elif self.parts:
            self.parts = []

    def take(self) -> bytes | int:
        """Return the whole line, or its length if over the limit, and start the next."""
        line = b"".join(self.parts) if self.size <= self.limit else self.size
        self.parts, self.size = [], 0
        return line


def split_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES, read_bytes: int = READ_BYTES) -> Iterator[bytes | int]:
    """Yield each line of a byte stream without its end (LF, CRLF or a lone CR), or its length if over limit.

    The stream is read read_bytes at a time, so a line over the limit is counted and skipped, never held.
    """
    read = getattr(stream, "read1", stream.read)  # read1: a pipe's records are checked as they arrive
    read_bytes = max(1, min(read_bytes, limit))  # so a line that starts and ends in one read is within the limit
    partial = _Partial(limit)
    held_cr = False
    while chunk := read(read_bytes):
        if held_cr:
            chunk, held_cr = b"\r" + chunk, False
        if chunk.endswith(b"\r"):
            chunk, held_cr = chunk[:-1], True  # it may be the first half of a CRLF: the next read says
        # bytes.replace returns the same object when there is nothing to replace: LF files cost no copy.
        lines = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        partial.add(lines[0])
        if len(lines) > 1:
            yield partial.take()
            yield from lines[1:-1]
            partial.add(lines[-1])
    if held_cr or partial.size:
        yield partial.take()


def _record_or_error(number: int, raw: bytes | int, config: Config) -> Account | Post | LineError | None:
    """Return the record one line holds, None for a blank line, or why the line cannot be used."""
    if isinstance(raw, int):
        return LineError(number, f"line is {raw:,} bytes; the limit is {MAX_LINE_BYTES:,}")
    if number == 1 and raw.startswith(BOM):
        raw = raw[len(BOM):]  # Windows tools start UTF-8 files with a byte order mark
    try:
        return parse_line(raw, config)
    except BadRecord as exc:
        return LineError(number, str(exc))
    except Exception as exc:  # a bug must cost one line, not the rest of the file
        return LineError(number, f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); please report this")


def read_records(stream: IO[bytes], config: Config) -> Iterator[tuple[int, Account | Post | LineError]]:
    """Yield (line number, record or error) for every non-blank line of a byte stream."""
    for number, raw in enumerate(split_lines(stream), start=1):
        item = _record_or_error(number, raw, config)
        if item is not None:
            yield number, item


def read_ahead(stream: IO[bytes], config: Config, post_wanted: Callable[[bytes], bool]) -> Iterator[Account | Post]:
    """Yield the account records of a byte stream, and the posts on lines post_wanted accepts (bad lines: none)."""
    for number, raw in enumerate(split_lines(stream), start=1):
        # Posts are most lines; decoding only the lines that can be profiles keeps a first pass cheap.
        if not isinstance(raw, bytes):
            continue
        post = post_wanted(raw)
        if post or b'"account"' in raw:
            item = _record_or_error(number, raw, config)
            if isinstance(item, Account) or (post and isinstance(item, Post)):
                yield item
