"""The findings CSV: every stored field of each finding the report covers, safe to open in a spreadsheet.

Columns are the finding table's own, in table order, then post_url: a column added to the table by a
migration appears here without a change. Times are ISO 8601 in UTC; an empty cell is "no value".
A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe
(OWASP "CSV injection"); read_findings() takes it off again, so the file round-trips exactly.
A cell longer than CELL_LIMIT characters (Excel holds at most 32,767 in a cell, and a longer one
breaks the row) is cut and says so; the database keeps the full text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from monitor.report.model import FindingRecord
from monitor.store.weekly import finding_columns

_FINDING_COLUMNS = finding_columns()
COLUMNS: tuple[str, ...] = (*(c.name for c in _FINDING_COLUMNS), "post_url")
CELL_LIMIT = 32_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_KINDS = {c.name: c.kind for c in _FINDING_COLUMNS}
_NULLABLE = {c.name for c in _FINDING_COLUMNS if c.nullable}


def findings_csv(records: Iterable[FindingRecord]) -> bytes:
    """Return the records as CSV bytes (UTF-8 with a BOM, which Excel needs to read UTF-8)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_cell(record.fields.get(name)) for name in COLUMNS])
    return buf.getvalue().encode("utf-8-sig", errors="replace")


def _cell(value: object) -> str:
    """Return a value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return _guard(_fit(str(value)))


def _fit(text: str) -> str:
    """Cut a text longer than a spreadsheet cell holds, saying how much was left out."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[:CELL_LIMIT] + f"… [cut: {len(text) - CELL_LIMIT} more characters are in the database]"


def _guard(text: str) -> str:
    """Prefix text a spreadsheet would treat as a formula (and text already starting with the prefix)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def read_findings(data: bytes) -> list[dict[str, Any]]:
    """Read a findings CSV back into typed values (the inverse of findings_csv)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [{name: _value(name, cell) for name, cell in row.items()} for row in reader]


def _value(name: str, cell: str) -> Any:
    """Return one cell as the type of its column."""
    text = cell[1:] if cell.startswith("'") else cell
    if cell == "" and (name in _NULLABLE or name == "post_url"):
        return None
    kind = _KINDS.get(name)
    if kind == "datetime":
        return datetime.fromisoformat(text)
    if kind == "integer":
        return int(text)
    return text
