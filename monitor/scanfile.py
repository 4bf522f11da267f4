"""Read the scan format (one JSON record a line) into records, with a reason for every bad line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from monitor.config import Config
from monitor.records import PLATFORMS, ROLES, Account, Post, Role, SharedPost, valid_handle

MAX_LINE_BYTES = 8 * 1024 * 1024
# JSON can spell lone surrogates ("\\ud800"), which no UTF-8 output can carry: they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    return parse_record(value, config)


def read_records(stream: IO[bytes], config: Config) -> Iterator[tuple[int, Account | Post | LineError]]:
    """Yield (line number, record or error) for every non-blank line of a byte stream."""
    for number, raw in enumerate(stream, start=1):
        try:
            record = parse_line(raw.rstrip(b"\r\n"), config)
        except BadRecord as exc:
            yield number, LineError(number, str(exc))
            continue
        if record is not None:
            yield number, record
