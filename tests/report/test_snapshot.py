"""The seeded week (2027-W15) renders exactly as the stored snapshots, on SQLite and PostgreSQL alike.

After an intended change to the report, update the snapshots and read the diff before committing:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/report/test_snapshot.py
    git diff tests/report/snapshots/

The chart's bytes are replaced by a placeholder in the HTML snapshot (they depend on matplotlib's
version and fonts); test_the_chart_is_the_same_bytes_every_time checks they are repeatable.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from monitor.report import charts
from monitor.report.data import ReportData
from monitor.report.render import render_html, render_text, summary_text

SNAPSHOTS = Path(__file__).parent / "snapshots"
DATA_URI = re.compile(r"data:image/(?:png|svg\+xml);base64,[A-Za-z0-9+/=]+")
PLACEHOLDER = "data:image/png;base64,CHART-BYTES-OMITTED"


def matches_snapshot(name: str, actual: str) -> None:
    """Assert text equals a stored snapshot (or rewrite the snapshot when UPDATE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; if intended, update it with UPDATE_SNAPSHOTS=1 (see the docstring)"


def html_of(data: ReportData) -> str:
    """Return the HTML as sent, with the chart embedded."""
    image = charts.weekly_findings(data.numbers, "png")
    return render_html(data, charts.data_uri(image, "png"), charts.alt_text(data.numbers))


def test_the_html_report_matches_its_snapshot(week_data: ReportData) -> None:
    """The email body and PDF source for the seeded week."""
    html = html_of(week_data)
    assert DATA_URI.search(html), "the chart is embedded as a data: URI"
    matches_snapshot("week-2027-W15.html", DATA_URI.sub(PLACEHOLDER, html))


def test_the_text_report_matches_its_snapshot(week_data: ReportData) -> None:
    """The email's text part and the command's default output."""
    matches_snapshot("week-2027-W15.txt", render_text(week_data))


def test_the_chat_summary_matches_its_snapshot(week_data: ReportData) -> None:
    """What a Slack webhook gets instead of the attachments."""
    matches_snapshot("week-2027-W15.summary.txt", summary_text(week_data) + "\n")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_chart_is_the_same_bytes_every_time(week_data: ReportData, fmt: charts.ImageFormat) -> None:
    """Same numbers, same image: no timestamps, no random ids."""
    first = charts.weekly_findings(week_data.numbers, fmt)
    second = charts.weekly_findings(week_data.numbers, fmt)
    assert first == second
    assert first.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in first[:400]
