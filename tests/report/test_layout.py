"""The report and the alerts as a Clerk meets them, on the seeded week with the hard cases (tests/report/hardweek.py):
in Chromium at phone and desk widths, on paper (the PDF drawn to pages), in a screen reader (a tagged PDF), with
every character drawn, and without the personal details a `personal-data` finding is about.

Screenshots and pages go to artifacts/ (git-ignored), to be looked at.
Needs /usr/bin/chromium (Playwright drives it; no browser is downloaded) and poppler-utils (pdftoppm, pdfinfo,
pdffonts); skipped with that reason otherwise.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.report.data import ReportData, gather
from monitor.report.deliver import Built, render_all
from monitor.report.render import render_html
from monitor.store.db import session_scope
from tests.alerts.test_messages import every_message
from tests.conftest import ROOT
from tests.report.hardweek import LOOKALIKES, SECRETS, seed_hard_week
from tests.report.seed import NOW, WEEK
from tests.report.snapshot_util import matches_snapshot

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
WIDTHS = (375, 1000)
# A4 at 72 dpi is 595 x 842 points; 15 mm is 42.5 points. Drawn at 50 dpi, 15 mm is 29.5 pixels.
DPI = 50
MARGIN_PX = int(15 / 25.4 * DPI)

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils (pdftoppm, pdfinfo)")


@pytest.fixture
def hard_data(database: Engine, example_config: Config) -> ReportData:
    """Return the hard week's report data."""
    seed_hard_week(database)
    with session_scope(database) as session:
        return gather(session.connection(), example_config, WEEK, NOW)


@pytest.fixture
def hard_built(hard_data: ReportData) -> Built:
    """Return the hard week's report in every form."""
    return render_all(hard_data)


def pdf_text(pdf: bytes) -> str:
    """Return the PDF's text as a reader extracts it."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def visible(text: str) -> str:
    """Return what a reader sees of HTML: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# ------------------------------------------------------------------------------------------- snapshots


def test_the_hard_week_matches_its_snapshots(hard_built: Built) -> None:
    matches_snapshot("hard-week.html", re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:CHART", hard_built.html))
    matches_snapshot("hard-week.txt", hard_built.text)
    matches_snapshot("hard-week.csv", hard_built.csv.decode("utf-8-sig"))
    assert hard_built.pdf is not None
    matches_snapshot("hard-week.pdf.txt", pdf_text(hard_built.pdf))


def test_each_lookalike_is_shown_with_its_difference_named(hard_built: Built) -> None:
    assert hard_built.pdf is not None
    for form in (visible(hard_built.html), hard_built.text, pdf_text(hard_built.pdf), hard_built.csv.decode()):
        for named in ("Cyrillic \u0430 (U+0430) where the real one has Latin a",
                      "capital I (U+0049) where the real one has small l",
                      "an invisible character (U+200B) after 'Brackley'"):
            assert named in " ".join(form.split()), named


def test_no_report_form_carries_a_personal_detail_in_full(hard_built: Built) -> None:
    assert hard_built.pdf is not None
    forms = {"html": visible(hard_built.html), "email html": visible(hard_built.email_html), "text": hard_built.text,
             "summary": hard_built.summary, "csv": hard_built.csv.decode("utf-8-sig"), "pdf": pdf_text(hard_built.pdf)}
    for name, form in forms.items():
        for secret in SECRETS:
            assert secret not in form, f"the report's {name} shows {secret!r}"
    assert "a mobile number ending 23" in forms["text"]


# ------------------------------------------------------------------------------------------- the PDF


@needs_poppler
def test_the_pdf_keeps_every_page_inside_15_mm_margins(hard_built: Built, tmp_path: Path) -> None:
    assert hard_built.pdf is not None
    path = tmp_path / "report.pdf"
    path.write_bytes(hard_built.pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("hard-week-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(path), str(ARTIFACTS / "hard-week-page")], check=True,
                   timeout=120)
    pages = sorted(ARTIFACTS.glob("hard-week-page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(hard_built.pdf)).pages)
    for page in pages:
        image = Image.open(page).convert("L")
        box = Image.eval(image, lambda v: 255 if v < 250 else 0).getbbox()  # where anything is drawn
        assert box is not None
        left, top, right, bottom = box
        assert left >= MARGIN_PX and top >= MARGIN_PX, (page.name, box)
        assert image.width - right >= MARGIN_PX and image.height - bottom >= MARGIN_PX, (page.name, box)


@needs_poppler
def test_the_pdf_is_tagged_and_titled(hard_built: Built, tmp_path: Path) -> None:
    assert hard_built.pdf is not None
    path = tmp_path / "report.pdf"
    path.write_bytes(hard_built.pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(r"^Title:\s+Brackley Town Council: social media compliance report", info, re.MULTILINE), info
    catalog = PdfReader(io.BytesIO(hard_built.pdf)).trailer["/Root"].get_object()
    assert isinstance(catalog, dict)
    assert str(catalog.get("/Lang")) == "en-GB" and catalog.get("/StructTreeRoot") is not None


@needs_poppler
def test_every_character_in_the_pdf_has_a_glyph_in_an_embedded_font(hard_built: Built, tmp_path: Path) -> None:
    """No character falls back to a missing glyph: each one printed is in a font WeasyPrint embedded."""
    from fontTools.ttLib import TTFont

    assert hard_built.pdf is not None
    path = tmp_path / "report.pdf"
    path.write_bytes(hard_built.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    names = [line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:] if line.strip()]
    assert all(re.match(r"DejaVu|Noto-Color-Emoji", n) for n in names), names
    covered: set[int] = set()
    for listed in subprocess.run(["fc-list", ":", "file", "family"], capture_output=True, text=True,
                                 check=True, timeout=60).stdout.splitlines():
        file = listed.split(":")[0]
        if re.search(r"DejaVu|NotoColorEmoji", file):
            cmap = TTFont(file, fontNumber=0, lazy=True).getBestCmap() or {}
            covered |= set(cmap)
    printed = set(visible(hard_built.html)) | set(pdf_text(hard_built.pdf))
    missing = sorted(ch for ch in printed if not ch.isspace() and ord(ch) not in covered
                     and ord(ch) not in (0x200B, 0xFE0F))
    assert missing == [], [f"U+{ord(c):04X}" for c in missing]


# ------------------------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def page_at() -> Iterator[object]:
    """Return a function that opens HTML in Chromium at a width and returns the page; Chromium is stopped after."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def overflow(browser: object, body: str, width: int, shot: str) -> dict[str, int]:
    """Open HTML at a width, save a full-page screenshot, and return the page's and its viewport's widths."""
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    try:
        page.set_content(body, wait_until="load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{shot}-{width}.png"), full_page=True)
        found: dict[str, int] = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,"
            " cut: Array.from(document.querySelectorAll('td, th, pre, p')).filter("
            "   e => e.scrollWidth > e.clientWidth + 1).length})")
        return found
    finally:
        page.close()


@needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_email_has_no_horizontal_scroll_or_cut_column(page_at: object, hard_built: Built,
                                                                  width: int) -> None:
    found = overflow(page_at, hard_built.html, width, "hard-week-report")
    assert found["scroll"] <= found["client"], found
    assert found["cut"] == 0, found


@needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
def test_every_alert_email_fits_a_phone_and_a_desk(page_at: object, example_config: Config, width: int) -> None:
    for name, message in every_message(example_config).items():
        body = f'<!DOCTYPE html><html lang="en-GB"><meta charset="utf-8"><body>{message.html}</body></html>'
        found = overflow(page_at, body, width, f"alert-{name}")
        assert found["scroll"] <= found["client"], (name, found)


@needs_chromium
def test_the_overflow_check_catches_a_page_that_scrolls(page_at: object) -> None:
    """The control: a wide table is caught, so a clean result above means something."""
    found = overflow(page_at, "<table><tr>" + "<td>column_with_a_long_unbreakable_word</td>" * 6 + "</tr></table>",
                     375, "control")
    assert found["scroll"] > found["client"]


def test_the_email_names_the_chart_by_content_id(hard_data: ReportData) -> None:
    email = render_html(hard_data, "cid:report-2027-W15-chart.png", "alt")
    assert 'src="cid:report-2027-W15-chart.png"' in email and 'alt="alt"' in email
    assert set(LOOKALIKES) <= {str(r.fields["handle"]) for r in hard_data.records}
