"""The findings CSV, as a spreadsheet opens it: ids exact, no formula run, no apostrophe shown, council time.

How a spreadsheet reads a CSV cell is modelled by `as_spreadsheet` (the rules Excel and LibreOffice share on
opening a CSV: a cell of digits is a number, stored as a double; a cell starting with =, +, -, @, tab or CR is a
formula); the values are then written to an .xlsx with openpyxl and read back, as the Clerk's copy would be.
This is a model of the rules, not Excel itself: no spreadsheet program runs here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from monitor.report.csvout import COLUMNS, findings_csv, read_findings
from monitor.report.model import FindingRecord, ReportData
from monitor.store.weekly import finding_columns
from tests.report.snapshot_util import matches_snapshot

LONDON = ZoneInfo("Europe/London")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class FormulaRun(AssertionError):
    """A cell the spreadsheet would run as a formula."""


def as_spreadsheet(cell: str) -> Any:
    """Return what Excel or LibreOffice makes of one CSV cell on opening it."""
    if cell.startswith("="):
        literal = re.fullmatch(r'="([^"]*)"', cell)
        if literal is None:
            raise FormulaRun(cell)
        return literal.group(1)  # a formula whose value is a string: shown as that text
    if NUMBER.fullmatch(cell):
        return float(cell)
    if cell.startswith(("+", "-", "@", "\t", "\r")):
        raise FormulaRun(cell)
    return cell


def through_a_spreadsheet(data: bytes, tmp_path: Path) -> list[dict[str, Any]]:
    """Open the CSV as a spreadsheet would, save it as .xlsx with openpyxl, and read the sheet back."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([as_spreadsheet(cell) if cell else None for cell in row])
    path = tmp_path / "findings.xlsx"
    book.save(path)
    loaded = openpyxl.load_workbook(path).active
    assert loaded is not None
    values = [list(r) for r in loaded.iter_rows(values_only=True)]
    header = [str(v) for v in values[0]]
    return [dict(zip(header, r, strict=True)) for r in values[1:]]


def test_a_spreadsheet_keeps_every_id_exact_and_shows_no_apostrophe(week_data: ReportData, tmp_path: Path) -> None:
    data = findings_csv(week_data.records, week_data.accounts, LONDON)
    sheet = through_a_spreadsheet(data, tmp_path)
    assert len(sheet) == len(week_data.records) == 11
    stored = {r.fields["id"]: r.fields for r in week_data.records}
    for row in sheet:
        fields = stored[int(row["finding_id"])]
        assert row["post_id"] == fields["post_id"]  # 19 digits, exact: not 1.779E+18
        for value in row.values():
            assert not (isinstance(value, str) and value.startswith("'")), value


def test_the_sheet_says_whose_account_what_to_do_and_when_in_council_time(week_data: ReportData) -> None:
    rows = {r["finding_id"]: r for r in read_findings(findings_csv(week_data.records, week_data.accounts, LONDON))}
    lookalike = next(r for r in rows.values() if r["rule"] == "impersonation")
    assert lookalike["whose_account"] == "not a registered account"
    assert lookalike["imitates"] == "X @BrackleyTC"
    assert lookalike["difference"] == "capital I (U+0049) where the real one has small l"
    assert lookalike["likelihood"] == "very likely" and lookalike["score"] == "0.91"
    assert lookalike["first_seen"] == "2027-04-14 02:00"  # 01:00 UTC, BST
    opinion = next(r for r in rows.values() if r["rule"] == "personal-opinion")
    assert opinion["whose_account"] == "The Council" and opinion["suggested_action"]
    assert opinion["post_url"].startswith("https://x.com/BrackleyTC/status/")
    assert opinion["policy"].startswith("clause 6.4 of the Social Media Policy")


def test_the_csv_holds_no_personal_detail_of_a_personal_data_finding(week_data: ReportData) -> None:
    data = findings_csv(week_data.records, week_data.accounts, LONDON).decode("utf-8-sig")
    assert "07700 900123" not in data and "900123" not in data
    row = next(r for r in read_findings(data.encode()) if r["rule"] == "personal-data")
    assert "a mobile number ending 23" in row["excerpt"]
    assert "evidence_json" not in COLUMNS


def record(**fields: object) -> FindingRecord:
    """Return a record with every stored column filled in plainly, then the given fields."""
    moment = datetime(2027, 4, 14, 9, 30, 15, tzinfo=UTC)
    base: dict[str, object] = {c.name: "x" for c in finding_columns()}
    base.update(id=7, reopened=0, first_seen=moment, last_seen=moment, alerted_at=None, closed_at=None,
                post_id=None, post_url=None, due_at=None, checked_at=None, rule="offensive", platform="x",
                handle="TomOkaforBTC", evidence_json=json.dumps({"excerpt": "x"}))
    base.update(fields)
    return FindingRecord(base)


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example","click")', "+44 7700 900123", "-1", "@SUM(A1:A9)", "\tindent",
    "\rcarriage", "'already quoted", "line one\nline two", 'quotes "inside", and commas',
    "zero\u200bwidth \u202eRTL", "",
])
def test_a_cell_a_spreadsheet_would_run_is_defused_and_still_round_trips(text: str, tmp_path: Path) -> None:
    data = findings_csv([record(message=text)])
    raw = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert raw["what_was_found"] == " " + text  # a space, invisible in the cell, makes it text
    else:
        assert raw["what_was_found"] == text  # ordinary text untouched: no apostrophe
    through_a_spreadsheet(data, tmp_path)  # raises FormulaRun for any cell that would run
    (back,) = read_findings(data)
    assert back["what_was_found"] == (text or None)


def test_ids_longer_than_a_spreadsheet_number_holds_are_kept_as_text(tmp_path: Path) -> None:
    data = findings_csv([record(post_id="2128641074262970368")])
    assert '"=""2128641074262970368"""' in data.decode("utf-8-sig")
    [row] = through_a_spreadsheet(data, tmp_path)
    assert row["post_id"] == "2128641074262970368"
    assert read_findings(data)[0]["post_id"] == "2128641074262970368"


def test_the_csv_matches_its_snapshot(week_data: ReportData) -> None:
    matches_snapshot("week-2027-W15.csv", findings_csv(week_data.records, week_data.accounts, LONDON)
                     .decode("utf-8-sig"))


def test_the_csv_opens_as_utf8_in_a_spreadsheet(week_data: ReportData) -> None:
    data = findings_csv(week_data.records)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS
