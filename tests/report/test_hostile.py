"""A hostile post cannot put HTML, script or links of its own into the report (HTML, text, PDF, chat summary).

What happens: markup in post text, messages, evidence and error texts is shown as text (escaped);
a stored javascript: URL is replaced by a link we build; bidi overrides and zero-width characters
are removed; a 1 MB excerpt is cut to a few hundred characters; broken evidence JSON is ignored.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.report.csvout import CELL_LIMIT, read_findings
from monitor.report.data import ReportData, gather
from monitor.report.deliver import Built, render_all
from monitor.store.db import session_scope
from monitor.store.models import FindingRow, PostRow, RunRow, SourceHealthRow
from tests.report.seed import NOW, WEEK, at, finding, post, put

SCRIPT = '<script>alert("m")</script>'
IMG = "<img src=x onerror=alert(1)>"
RLO = "\u202e"
HOSTILE_EXCERPT = f"{IMG} {RLO}evil{RLO} zero\u200bwidth <!channel> @here " + "A" * 1_000_000
HOSTILE_ID = "1779000000000000666"


def seed_hostile(engine: Engine) -> None:
    """Add a hostile post, its finding, a finding with broken evidence, and hostile error texts."""
    put(engine, PostRow, [post("x", HOSTILE_ID, "DaveHughesCllr", "councillor", at(16, 20), SCRIPT + HOSTILE_EXCERPT,
                               url="javascript:alert(4)")])
    hostile = finding("offensive", "high", "6.4", "DaveHughesCllr", at(16, 20, 5), f"{SCRIPT} Abusive reply",
                      post_id=HOSTILE_ID, excerpt=HOSTILE_EXCERPT,
                      reasons=["<a href='javascript:alert(2)'>click</a>", "</td></tr></table><b>x</b>"],
                      subject="</bdi><script>alert(3)</script>")
    broken = finding("offensive", "medium", "6.4", "CllrJWhitfield", at(16, 21), "Broken evidence.",
                     post_id="1779000000000000667")
    broken["evidence_json"] = "{not json"
    lookalike = finding("impersonation", "high", "3.1", "BrackIeyTC2", at(16, 22), f"{SCRIPT} lookalike",
                        subject=f"x:{SCRIPT}", reasons=[IMG])
    put(engine, FindingRow, [hostile, broken, lookalike])
    put(engine, RunRow, [{"job": "poll:x", "started_at": at(17, 1), "status": "failed", "error": SCRIPT + IMG}])
    put(engine, SourceHealthRow, [{"source": "x-budget", "state": "down", "since": at(17, 2), "last_error": IMG}])


@pytest.fixture
def hostile(seeded: Engine, example_config: Config) -> tuple[ReportData, Built]:
    """Return the seeded week with the hostile rows added, gathered and rendered (PDF included)."""
    seed_hostile(seeded)
    with session_scope(seeded) as session:
        data = gather(session.connection(), example_config, WEEK, NOW)
    return data, render_all(data)


class Tags(HTMLParser):
    """Collect every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        """Start with no tags and no text."""
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a tag."""
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        """Record text."""
        self.text.append(data)


def parsed(html: str) -> Tags:
    """Return the tags and text of a page."""
    tags = Tags()
    tags.feed(html)
    return tags


def test_markup_from_a_post_is_shown_as_text_in_the_html(hostile: tuple[ReportData, Built]) -> None:
    """No script element, no event handler, no img but the chart; the markup appears as text."""
    page = parsed(hostile[1].html)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names
    assert names.count("img") == 1  # the chart
    assert not [name for _, attrs in page.tags for name, _ in attrs if name.startswith("on")]
    text = "".join(page.text)
    assert SCRIPT + " Abusive reply" in text
    assert IMG in text


def test_every_link_in_the_html_is_plain_http(hostile: tuple[ReportData, Built]) -> None:
    """The stored javascript: URL is replaced by the post's x.com address."""
    page = parsed(hostile[1].html)
    hrefs = [value or "" for tag, attrs in page.tags if tag == "a" for name, value in attrs if name == "href"]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert f"https://x.com/DaveHughesCllr/status/{HOSTILE_ID}" in hrefs
    assert "javascript:" not in " ".join(hrefs)


def test_invisible_characters_are_removed_and_long_text_is_cut(hostile: tuple[ReportData, Built]) -> None:
    """A right-to-left override cannot reorder the report; a 1 MB post costs a few hundred characters."""
    built = hostile[1]
    for body in (built.html, built.text):
        assert RLO not in body and "\u200b" not in body
        assert "A" * 400 not in body
    assert len(built.html) < 200_000


def test_the_text_version_has_one_line_per_untrusted_field(hostile: tuple[ReportData, Built]) -> None:
    """No control characters reach the plain-text part; the markup is there, inert, as text."""
    text = hostile[1].text
    assert all(ch == "\n" or ch.isprintable() for ch in text)
    assert SCRIPT in text


def test_the_chat_summary_carries_no_post_text(hostile: tuple[ReportData, Built]) -> None:
    """Slack would read <!channel> and @here as mentions: the summary has numbers and fixed words only."""
    summary = hostile[1].summary
    assert "<" not in summary and "@" not in summary and "alert" not in summary


def test_broken_evidence_json_is_reported_without_its_evidence(hostile: tuple[ReportData, Built]) -> None:
    """The finding still appears, with its message; only the excerpt is missing."""
    item = next(i for i in hostile[0].needs_action["medium"] if i.message == "Broken evidence.")
    assert item.excerpt == "" and item.reasons == ()


def test_the_pdf_shows_the_markup_as_text_and_has_no_script_or_odd_links(hostile: tuple[ReportData, Built]) -> None:
    """The PDF is laid out from the same escaped HTML: the markup is printed, never run or linked."""
    pdf = hostile[1].pdf
    assert pdf is not None and pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "<script>" in text and "onerror=alert(1)" in text
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"/Launch" not in pdf
    uris = [annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
            if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]]
    assert uris and all(str(u).startswith(("https://", "http://")) for u in uris)


def test_hostile_text_reaches_the_csv_unchanged_but_inert(hostile: tuple[ReportData, Built]) -> None:
    """The CSV keeps the stored text as it is (it is evidence); no cell runs as a formula; the link is ours."""
    data = hostile[1].csv
    row = next(r for r in read_findings(data) if r["post_id"] == HOSTILE_ID)
    assert row["what_was_found"] == f"{SCRIPT} Abusive reply"
    assert row["post_url"] == f"https://x.com/DaveHughesCllr/status/{HOSTILE_ID}"
    cells = [cell for line in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in line]
    # The only formulas are the ids the CSV wraps as ="digits" (a text value); nothing else starts like one.
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@")) and not re.fullmatch(r'="\d+"', cell)]
    # The 1 MB evidence is cut to what a spreadsheet cell holds, and says so.
    assert max(len(cell) for cell in cells) < CELL_LIMIT + 100
    assert "more characters are in the database]" in row["excerpt"]
