"""The findings CSV holds every stored field of every finding in the report, and reads back exactly."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monitor.report.csvout import COLUMNS, findings_csv, read_findings
from monitor.report.model import FindingRecord, ReportData
from monitor.store.weekly import FINDING as F


def stored(engine: Engine, ids: list[int]) -> dict[int, dict[str, object]]:
    """Return the finding rows as the database holds them, by id."""
    with engine.connect() as conn:
        return {row.id: dict(row._mapping) for row in conn.execute(select(F).where(F.c.id.in_(ids)))}


def test_the_csv_round_trips_every_finding_field(seeded: Engine, week_data: ReportData) -> None:
    """Write, read back with the csv module, compare with the rows in the database, column by column."""
    back = read_findings(findings_csv(week_data.records))
    assert len(back) == len(week_data.records) == 11  # 8 unresolved, 3 closed during the week
    rows = stored(seeded, [r["id"] for r in back])
    for record in back:
        row = rows[record["id"]]
        assert {k: v for k, v in record.items() if k != "post_url"} == row
        assert record["post_url"].startswith("https://")


def test_the_csv_has_a_column_for_every_field_of_the_finding_table() -> None:
    """A column added by a migration appears without a change here."""
    assert set(c.name for c in F.c) <= set(COLUMNS)
    assert COLUMNS[-1] == "post_url"


def test_the_csv_opens_as_utf8_in_a_spreadsheet(week_data: ReportData) -> None:
    """A BOM tells Excel it is UTF-8; the header is the column list."""
    data = findings_csv(week_data.records)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS


def record(**fields: object) -> FindingRecord:
    """Return a record with every column filled in plainly, then the given fields."""
    moment = datetime(2027, 4, 14, 9, 30, 15, 123456, tzinfo=UTC)
    base: dict[str, object] = {name: "x" for name in COLUMNS}
    base.update(id=7, reopened=0, first_seen=moment, last_seen=moment, alerted_at=None, closed_at=None,
                post_id=None, post_url=None, due_at=None, checked_at=None)
    base.update(fields)
    return FindingRecord(base)


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example","click")', "+44 7700 900123", "-1", "@SUM(A1:A9)", "\tindent",
    "\rcarriage", "'already quoted", "''", "line one\nline two", 'quotes "inside", and commas',
    "zero\u200bwidth \u202eRTL", "nul\x00byte", "",
])
def test_a_cell_a_spreadsheet_would_run_is_defused_and_still_round_trips(text: str) -> None:
    """Formula-like text gets a leading apostrophe in the file; reading takes it off again."""
    data = findings_csv([record(message=text, evidence_json=text)])
    raw = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "'"):
        assert raw["message"] == "'" + text
    (back,) = read_findings(data)
    assert back["message"] == text and back["evidence_json"] == text


def test_times_are_iso_8601_in_utc_to_the_microsecond() -> None:
    """A spreadsheet sorts them as text; the round trip keeps microseconds and the zone."""
    data = findings_csv([record()])
    raw = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert raw["first_seen"] == "2027-04-14T09:30:15.123456+00:00"
    assert raw["closed_at"] == ""
    (back,) = read_findings(data)
    assert back["first_seen"] == datetime(2027, 4, 14, 9, 30, 15, 123456, tzinfo=UTC)
    assert back["closed_at"] is None and back["id"] == 7
