"""The HTML report opened in headless Chromium: no console errors, no broken images; a screenshot is kept.

Needs Debian's chromium (/usr/bin/chromium); skipped with that reason otherwise. The screenshot is
saved as artifacts/report-2027-W15.png (artifacts/ is git-ignored; CI can upload it).
"""

from __future__ import annotations

import base64
import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.report import charts
from monitor.report.data import ReportData
from monitor.report.render import render_html
from tests.conftest import ROOT
from tests.report.cdp import DevTools

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
START_SECONDS = 30

pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]

# Runs in the page: every image, whether it decoded, and the section headings.
CHECK_PAGE = """JSON.stringify({
  images: Array.from(document.images).map(i => ({src: i.src.slice(0, 30), ok: i.complete && i.naturalWidth > 0})),
  headings: Array.from(document.querySelectorAll('h2')).map(h => h.textContent.trim())
})"""


def devtools_url(profile: Path, proc: subprocess.Popen[bytes]) -> str:
    """Wait (bounded) for Chromium to write its DevTools port, and return the first page's WebSocket URL."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + START_SECONDS
    while not port_file.exists() or not port_file.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"chromium did not start (exit {proc.poll()})")
        time.sleep(0.05)  # waiting for a process to start, not for the clock
    port = int(port_file.read_text().split()[0])
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
        pages = [t for t in json.load(answer) if t.get("type") == "page"]
    return str(pages[0]["webSocketDebuggerUrl"])


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    """Start headless Chromium with a fresh profile and connect to its blank page; stop it afterwards."""
    profile = tmp_path / "profile"
    log = (tmp_path / "chromium.log").open("wb")
    proc = subprocess.Popen(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=log)
    try:
        dev = DevTools(devtools_url(profile, proc))
        try:
            yield dev
        finally:
            dev.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def open_page(dev: DevTools, path: Path) -> dict[str, Any]:
    """Load a file, wait for its load event, and return what CHECK_PAGE found."""
    for domain in ("Runtime", "Log", "Page"):
        dev.call(f"{domain}.enable")
    dev.call("Emulation.setDeviceMetricsOverride", width=1000, height=1400, deviceScaleFactor=1, mobile=False)
    dev.call("Page.navigate", url=path.as_uri())
    dev.wait_for("Page.loadEventFired")
    found = dev.call("Runtime.evaluate", expression=CHECK_PAGE, returnByValue=True)
    page: dict[str, Any] = json.loads(found["result"]["value"])
    return page


def problems(dev: DevTools) -> list[str]:
    """Return console errors, uncaught exceptions and failed loads the browser reported."""
    out = []
    for event in dev.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            out.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            out.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            out.append(f"log: {params['entry'].get('text')}")
    return out


def test_the_report_opens_in_chromium_without_errors_or_broken_images(browser: DevTools, week_data: ReportData,
                                                                       tmp_path: Path) -> None:
    """The chart decodes, the six sections are there, nothing is logged as an error; a screenshot is saved."""
    image = charts.weekly_findings(week_data.numbers, "png")
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(week_data, charts.data_uri(image, "png"), charts.alt_text(week_data.numbers)),
                         encoding="utf-8")
    page = open_page(browser, page_file)
    shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-2027-W15.png").write_bytes(base64.b64decode(shot["data"]))
    assert problems(browser) == []
    assert page["images"] and all(img["ok"] for img in page["images"]), page["images"]
    assert [h.split(".")[0] for h in page["headings"]] == ["1", "2", "3", "4", "5", "6"]


def test_the_browser_check_does_catch_a_broken_image_and_a_console_error(browser: DevTools, tmp_path: Path) -> None:
    """The control: a page with both faults is caught, so a clean result above means something."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="data:image/png;base64,AAAA"><script>console.error("boom")</script>'
                   "</body></html>", encoding="utf-8")
    page = open_page(browser, bad)
    assert not page["images"][0]["ok"]
    assert any("boom" in p for p in problems(browser))
