"""The findings CSV: one row per finding the report covers, written for a spreadsheet and for reading.

Columns (COLUMNS): the finding's id and what it is, whose account, what to do, the link, times in council time
("2027-04-14 10:30", which Excel and LibreOffice read as a date and time), then one column per evidence field
that matters (where it was found, the excerpt, the score as a number and in words, the reasons, the personal
detail as its kind, the account a lookalike imitates and how it differs), then the other stored fields.
The evidence JSON is not exported: it may hold the personal details a `personal-data` finding is about,
which stay in the database; the excerpt and the message of such a finding are masked ("a mobile number ending 23").

Spreadsheet rules this file is written for (Excel and LibreOffice alike, on opening a CSV):
* a cell of digits is read as a number, and past 15 digits loses its last ones (a post id 2128641074262970368
  shows as 2.12864107426297E+18): such ids are written as ="2128641074262970368", a formula whose value is that
  text, so the sheet shows the digits exactly; read_findings() takes the wrapper off;
* a cell starting with =, +, -, @, tab or CR is run as a formula (OWASP "CSV injection"): such text gets one
  leading space, which makes it text to both and is invisible in the cell (an apostrophe would be shown);
  ordinary text is written as it is. read_findings() takes the space off again.
A cell longer than CELL_LIMIT characters (Excel holds at most 32,767 in a cell, and a longer one breaks the row)
is cut and says so; the database keeps the full text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts.shown import (
    PERSONAL_RULE,
    clause_words,
    field_words,
    lookalike_pair,
    mask_detail,
    score_word,
    scrub,
)
from monitor.lookalike_diff import describe
from monitor.platforms.registry import PLATFORMS, label
from monitor.records import handle_key
from monitor.report.data import action_for, parse_evidence
from monitor.report.model import AccountLine, FindingRecord
from monitor.store.weekly import finding_columns

# The columns of the Clerk's sheet, in order.
LEADING: tuple[str, ...] = (
    "finding_id", "severity", "rule", "what_was_found", "policy", "platform", "account", "whose_account",
    "state", "alert", "first_seen", "last_seen", "alert_queued", "closed", "suggested_action", "post_url",
    "found_in", "excerpt", "score", "likelihood", "reasons", "personal_detail", "imitates", "difference",
    "post_id",
)
# Stored columns shown above under another name, or not exported (evidence_json: may hold personal details).
_SHOWN = {"id", "severity", "rule", "message", "clause", "platform", "handle", "state", "first_seen", "last_seen",
          "alerted_at", "closed_at", "evidence_json", "post_id", "post_url"}
_STORED = tuple(c for c in finding_columns() if c.name not in _SHOWN)
COLUMNS: tuple[str, ...] = (*LEADING, *(c.name for c in _STORED))
CELL_LIMIT = 32_000
TIME_FORMAT = "%Y-%m-%d %H:%M"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Longer runs of digits lose precision as a spreadsheet number (IEEE double: 15 significant digits).
_LONG_NUMBER = re.compile(r"\d{16,}")
_WRAPPED = re.compile(r'="(\d+)"')
_KINDS = {c.name: c.kind for c in _STORED}


def findings_csv(records: Iterable[FindingRecord], accounts: Sequence[AccountLine] = (),
                 zone: ZoneInfo | None = None) -> bytes:
    """Return the records as CSV bytes (UTF-8 with a BOM, which Excel needs to read UTF-8)."""
    owners = {(a.platform, handle_key(a.handle)): a.owner for a in accounts}
    handles = {(a.platform, handle_key(a.handle)): a.handle.lstrip("@") for a in accounts}
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for record in records:
        row = row_of(record.fields, owners, zone or ZoneInfo("UTC"), handles)
        writer.writerow([_cell(row.get(name)) for name in COLUMNS])
    return buf.getvalue().encode("utf-8-sig", errors="replace")


def row_of(fields: dict[str, Any], owners: dict[tuple[str, str], str], zone: ZoneInfo,
           handles: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """Return one finding as the sheet's columns (`handles`: registered handles as written, by folded key)."""
    evidence = parse_evidence(fields.get("evidence_json"))
    rule, platform, handle = str(fields.get("rule", "")), str(fields.get("platform", "")), str(fields.get("handle", ""))
    personal = rule == PERSONAL_RULE
    entry = PLATFORMS.get(platform)
    pair = lookalike_pair(handle, evidence) if rule == "impersonation" else None
    if pair is not None:
        # The evidence may name the real account by its folded key; the registry spells it as registered.
        real_platform = str(evidence.get("subject", "")).partition(":")[0]
        pair = (pair[0], (handles or {}).get((real_platform, handle_key(pair[1])), pair[1]))
    score = evidence.get("score")
    reasons = evidence.get("reasons")
    out: dict[str, Any] = {
        "finding_id": fields.get("id"), "severity": fields.get("severity"), "rule": rule,
        "what_was_found": scrub(str(fields.get("message", ""))) if personal else fields.get("message"),
        "policy": clause_words(str(fields.get("clause", ""))),
        "platform": label(platform) if entry else platform,
        "account": f"{entry.label} {entry.shown(handle.lstrip('@'))}" if entry else handle,
        "whose_account": owners.get((platform, handle_key(handle)), "not a registered account"),
        "state": fields.get("state"), "alert": fields.get("alert"), "suggested_action": action_for(rule),
        "post_url": fields.get("post_url"),
        "found_in": field_words(evidence.get("field")) or evidence.get("field"),
        "excerpt": _excerpt(evidence, personal),
        "score": round(float(score), 3) if isinstance(score, int | float) and score_word(score) else None,
        "likelihood": score_word(score, rule),
        "reasons": "; ".join(scrub(str(r)) if personal else str(r) for r in reasons)
        if isinstance(reasons, list) else None,
        "personal_detail": _detail(evidence) if personal else None,
        "imitates": f"{entry.label} {entry.shown(pair[1])}" if pair and entry else None,
        "difference": describe(pair[0], pair[1]) if pair else None,
        "post_id": fields.get("post_id"),
    }
    for source, name in (("first_seen", "first_seen"), ("last_seen", "last_seen"), ("alerted_at", "alert_queued"),
                         ("closed_at", "closed")):
        moment = fields.get(source)
        out[name] = _local(moment, zone) if isinstance(moment, datetime) else None
    for column in _STORED:
        value = fields.get(column.name)
        out[column.name] = _local(value, zone) if isinstance(value, datetime) else value
    return out


def _local(moment: datetime, zone: ZoneInfo) -> str:
    """Return a moment in council time, as a spreadsheet reads a date and time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime(TIME_FORMAT)


def _excerpt(evidence: dict[str, Any], personal: bool) -> str | None:
    """Return the evidence's excerpt, masked for personal data."""
    text = evidence.get("excerpt")
    if not isinstance(text, str) or not text.strip():
        return None
    return scrub(text) if personal else text


def _detail(evidence: dict[str, Any]) -> str | None:
    """Return the kinds of personal detail a finding is about, each masked as far as the evidence allows."""
    kinds = [str(m.get("kind")) for m in evidence.get("matches") or () if isinstance(m, dict)]
    kinds = kinds or ([str(evidence["kind"])] if isinstance(evidence.get("kind"), str) else [])
    return "; ".join(dict.fromkeys(mask_detail(k, "") for k in kinds)) or None


def _cell(value: object) -> str:
    """Return a value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = _fit(str(value))
    if _LONG_NUMBER.fullmatch(text):
        return f'="{text}"'
    return " " + text if text.startswith(_FORMULA_START) else text


def _fit(text: str) -> str:
    """Cut a text longer than a spreadsheet cell holds, saying how much was left out."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[:CELL_LIMIT] + f"… [cut: {len(text) - CELL_LIMIT} more characters are in the database]"


def read_findings(data: bytes) -> list[dict[str, Any]]:
    """Read a findings CSV back into values: ids unwrapped, guards removed, the finding id an int."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [{name: _value(name, cell) for name, cell in row.items()} for row in reader]


def _value(name: str, cell: str) -> Any:
    """Return one cell as written before it was made safe for a spreadsheet."""
    if cell == "":
        return None
    wrapped = _WRAPPED.fullmatch(cell)
    if wrapped:
        return wrapped.group(1)
    if cell.startswith(" ") and cell[1:].startswith(_FORMULA_START):
        cell = cell[1:]
    if name == "finding_id" or _KINDS.get(name) == "integer":
        return int(cell)
    return cell
