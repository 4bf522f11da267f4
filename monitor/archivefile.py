"""The archive's export files (JSONL and CSV) and reading them back: `council-monitor archive export`.

Both hold one record per archived version with the same fields (FIELDS): the stored columns, times in
ISO 8601 UTC (exact), plus `posted_local` (council time, "2027-04-14 10:30:00", which a spreadsheet reads
as a date and time) and `link` (the post's public address, built from its id when the stored one is
not the platform's own).

JSONL: one JSON object a line; U+2028 and U+2029 are written escaped, so a reader splitting lines on
them (Python's str.splitlines does) still sees one record a line.

CSV, written for Excel and LibreOffice (UTF-8 with a byte-order mark, which Excel needs):
* an id of digits is written ="2128641074262970368", a formula whose value is that text: a spreadsheet
  would read the bare digits as a number and lose all past the 15th (and any leading zero);
* a cell that starts with =, +, -, @, tab or CR after any spaces would run as a formula (OWASP "CSV
  injection"): it gets one more leading space, which makes it text and does not show; read_csv takes
  exactly that space off again, so every cell reads back as written;
* a cell is never cut: Excel shows at most 32,767 characters of one (a Facebook post may hold 63,206),
  LibreOffice and the JSONL file the whole text.
An empty cell reads back as None for a field that may be empty (every empty value in such a field is
stored as None), as "" for `text` and, beside a shared post, `shared_text`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from monitor.platforms.registry import PLATFORMS
from monitor.store.models import ArchiveRow

FIELDS: tuple[str, ...] = (
    "platform", "post_id", "version", "account_key", "handle", "role", "posted_local", "created_at", "seen_at",
    "gone_at", "gone_reason", "text", "link", "reply_to", "reply_to_handle", "conversation_id", "shared_kind",
    "shared_post_id", "shared_handle", "shared_text", "url",
)
FORMATS = ("jsonl", "csv")
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
IDS = ("post_id", "reply_to", "conversation_id", "shared_post_id")
TIMES = ("created_at", "seen_at", "gone_at")
NULLABLE = ("gone_at", "gone_reason", "reply_to", "reply_to_handle", "conversation_id", "shared_kind",
            "shared_post_id", "shared_handle", "shared_text", "url", "link")
LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
_FORMULA = re.compile(r"^ *[=+\-@\t\r]")
_GUARDED = re.compile(r"^ +[=+\-@\t\r]")
_WRAPPED = re.compile(r'^="(\d+)"$')


def format_for(path: str, given: str | None) -> str | None:
    """Return the export format: the one given, else the one the file's extension names (None if neither)."""
    if given:
        return given
    lower = path.lower()
    return next((fmt for ext, fmt in EXTENSIONS.items() if lower.endswith(ext)), None)


def link(row: ArchiveRow) -> str | None:
    """Return the post's public address: its own when the platform really serves it, else built from its id."""
    entry = PLATFORMS.get(row.platform)
    if entry is None:
        return None
    if row.url and entry.own_post_url.match(row.url):
        return row.url
    return entry.post_url(row.handle.lstrip("@"), row.post_id)


def record(row: ArchiveRow, zone: ZoneInfo) -> dict[str, Any]:
    """Return one archived version as the export's fields (times as ISO 8601 UTC text)."""
    out: dict[str, Any] = {name: getattr(row, name, None) for name in FIELDS}
    for name in TIMES:
        moment = out[name]
        out[name] = moment.isoformat() if isinstance(moment, datetime) else None
    out["posted_local"] = row.created_at.astimezone(zone).strftime(LOCAL_FORMAT)
    out["link"] = link(row)
    return out


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write records one JSON object a line; return how many."""
    count = 0
    for item in records:
        line = json.dumps(item, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        out.write(line + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write records as a spreadsheet-safe CSV with a header and a byte-order mark; return how many.

    Open `out` with newline="" (the csv module writes its own line ends).
    """
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for item in records:
        writer.writerow([_cell(name, item.get(name)) for name in FIELDS])
        count += 1
    return count


def _cell(name: str, value: object) -> str:
    """Return a value as the text of one cell."""
    if value is None:
        return ""
    text = str(value)
    if name in IDS and text.isdigit():
        return f'="{text}"'
    return " " + text if _FORMULA.match(text) else text


def read_jsonl(data: str) -> list[dict[str, Any]]:
    """Read a JSONL export back (lines split on newline only)."""
    return [json.loads(line) for line in data.split("\n") if line.strip()]


def read_csv(data: str) -> list[dict[str, Any]]:
    """Read a CSV export back into the values a JSONL export holds."""
    reader = csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline=""))
    return [_values(row) for row in reader]


def _values(row: dict[str, str]) -> dict[str, Any]:
    """Return one CSV row as written before it was made safe for a spreadsheet."""
    out: dict[str, Any] = {}
    for name, cell in row.items():
        wrapped = _WRAPPED.match(cell) if name in IDS else None
        value: Any = wrapped.group(1) if wrapped else cell[1:] if _GUARDED.match(cell) else cell
        if name == "version":
            value = int(value)
        elif value == "" and name in NULLABLE and not (name == "shared_text" and row.get("shared_kind")):
            value = None
        out[name] = value
    return out
