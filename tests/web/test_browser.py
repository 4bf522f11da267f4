"""The console in Debian's Chromium: the Clerk's main flow, axe-core on every page, hostile text inert, screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from monitor.store.models import AuditRow, FindingRow
from tests.web.conftest import ROOT, Console
from tests.web.helpers import code_for
from tests.web.seed import PASSWORD

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts" / "web"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian's chromium is not installed (scripts/setup.sh test)"),
    pytest.mark.skipif(not AXE.exists(),
                       reason="axe-core is not installed (scripts/setup.sh test puts it in .cache/axe)"),
]


def _page(bypass_csp: bool) -> Iterator[Any]:
    """Yield a Chromium page that records any dialog or console error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1000, "height": 800}, bypass_csp=bypass_csp)
        tab.problems = []
        tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
        # A form refused with 400 (a missing reason) is logged as a failed load: that is the page working.
        tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}")
               if m.type == "error" and "status of 400" not in m.text else None)
        yield tab
        browser.close()


@pytest.fixture
def page() -> Iterator[Any]:
    """Return a page that may inject axe-core: the console's CSP refuses every script, axe's too."""
    yield from _page(bypass_csp=True)


@pytest.fixture
def strict_page() -> Iterator[Any]:
    """Return a page held to the console's CSP, as a Clerk's browser is."""
    yield from _page(bypass_csp=False)


def check_page(tab: Any, name: str) -> None:
    """Run axe-core for WCAG 2.2 A/AA, and screenshot the page at phone and desktop width."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1000):
        tab.set_viewport_size({"width": width, "height": 800})
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        tab.add_script_tag(path=str(AXE))
        found = tab.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
                             ".violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target).join(' '))",
                             TAGS)
        assert found == [], f"{name} at {width} px: {found}"
    tab.set_viewport_size({"width": 1000, "height": 800})


def test_the_clerks_main_flow_with_axe_on_every_page(console: Console, page: Any) -> None:
    ids = console.ids
    page.goto(f"{console.url}/")
    check_page(page, "sign-in")
    page.fill("#name", "clerk")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/enrol" in url)
    check_page(page, "enrol")
    secret = page.inner_text("#secret").replace(" ", "")
    page.fill("#code", code_for(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console.url}/")
    check_page(page, "inbox")
    page.click(f"a[href='/findings/{ids.impersonation}']")
    marks = page.locator("mark.console-diff")
    assert marks.count() == 1 and marks.first.inner_text() == "I"
    assert "capital I (U+0049)" in page.inner_text(".console-differences")
    check_page(page, "finding-impersonation")
    page.click(f"a[href='/findings/{ids.impersonation}/assign']")
    check_page(page, "confirm-assign")
    page.select_option("#councillor", "Jane Whitfield")
    page.fill("#due", "2099-01-31")
    page.fill("#note", "please report the account")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/findings/{ids.impersonation}?done=assign")
    assert "assigned" in page.inner_text(".govuk-notification-banner")
    check_page(page, "finding-after-action")
    page.goto(f"{console.url}/findings/{ids.offensive}")
    assert page.inner_text("mark.console-match") == "total idiot"
    check_page(page, "finding-post")
    page.goto(f"{console.url}/findings/{ids.offensive}/fix")
    page.fill("#note", "the councillor deleted the post")
    page.click("main button[type=submit]")
    page.goto(f"{console.url}/findings/{ids.personal}/dismiss")
    check_page(page, "confirm-dismiss")
    page.click("main button[type=submit]")  # no reason: refused, with the error summary
    assert page.locator(".govuk-error-summary").count() == 1
    check_page(page, "confirm-dismiss-error")
    page.fill("#note", "a public office number")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/findings/{ids.personal}?done=dismiss")
    for name in ("accounts", "reports", "health", "audit", "password", "accessibility"):
        page.goto(f"{console.url}/{name}")
        check_page(page, name)
    page.goto(f"{console.url}/findings/{ids.hostile}")
    check_page(page, "finding-hostile")
    page.click("button.console-link-button")  # sign out
    page.wait_for_url(lambda url: "/sign-in" in url)
    assert page.problems == []
    with Session(console.web.engine) as s:
        rows = {r.id: r for r in s.exec(select(FindingRow))}
        trail = [(a.finding_id, a.actor, a.action) for a in s.exec(select(AuditRow))]
    assert rows[ids.impersonation].assigned_to == "Jane Whitfield"
    assert rows[ids.offensive].state == "fixed" and rows[ids.personal].state == "dismissed"
    for finding_id, action in ((ids.impersonation, "assigned"), (ids.offensive, "fixed"), (ids.personal, "dismissed")):
        assert (finding_id, "clerk from 127.0.0.1", action) in trail
    assert (None, "clerk from 127.0.0.1", "signed out") in trail


def test_hostile_post_text_and_display_names_run_nothing(console: Console, strict_page: Any) -> None:
    page = strict_page
    page.goto(f"{console.url}/sign-in")
    page.fill("#name", "viewer")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{console.url}/")
    for path in ("/", f"/findings/{console.ids.hostile}", f"/findings/{console.ids.impersonation}", "/?state=all"):
        page.goto(f"{console.url}{path}")
        assert page.locator("main script, main img, main a[href^='javascript']").count() == 0
    page.goto(f"{console.url}/findings/{console.ids.hostile}")
    assert "<script>" in page.inner_text("main")  # shown as text
    assert page.problems == []


def test_the_main_flow_works_with_the_keyboard_alone(console: Console, page: Any) -> None:
    page.goto(f"{console.url}/sign-in?next=/findings/{console.ids.offensive}")
    page.focus("#name")
    page.keyboard.type("deputy")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/enrol" in url)
    secret = page.inner_text("#secret").replace(" ", "")
    page.focus("#code")
    page.keyboard.type(code_for(secret))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{console.url}/findings/{console.ids.offensive}")
    page.wait_for_load_state()
    wanted = f"/findings/{console.ids.offensive}/acknowledge"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == wanted:
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/acknowledge")
    page.keyboard.press("Tab")  # skip link
    while page.evaluate("document.activeElement.id") != "note":
        page.keyboard.press("Tab")
    page.keyboard.type("phoned the councillor")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/findings/{console.ids.offensive}?done=acknowledge")
    assert page.problems == []
    assert shutil.which(CHROMIUM)


def test_the_weekly_report_shows_the_consoles_closings_with_who_and_when(console: Console, page: Any) -> None:
    from monitor.report.deliver import build
    from monitor.report.schedule import Week

    page.goto(f"{console.url}/sign-in")
    page.fill("#name", "clerk")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/enrol" in url)
    page.fill("#code", code_for(page.inner_text("#secret").replace(" ", "")))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console.url}/")
    for finding_id, action, note in ((console.ids.offensive, "fix", "the post was deleted"),
                                     (console.ids.personal, "dismiss", "the council's own office number")):
        page.goto(f"{console.url}/findings/{finding_id}/{action}")
        page.fill("#note", note)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url, fid=finding_id: f"/findings/{fid}?done=" in url)
    now = console.web.clock()
    built = build(console.web.engine, console.web.config, Week.containing(now.astimezone(console.web.config.zone)
                                                                          .date()), now, with_pdf=False)
    closed = {c.id: c for c in built.data.closed}
    fixed, dismissed = closed[console.ids.offensive], closed[console.ids.personal]
    assert (fixed.by, fixed.state, dismissed.by, dismissed.state) == (
        "clerk from 127.0.0.1", "fixed", "clerk from 127.0.0.1", "dismissed")
    assert "clerk from 127.0.0.1" in built.text


def test_axe_finds_nothing_on_the_other_states(console: Console, page: Any) -> None:
    page.goto(f"{console.url}/sign-in")
    page.fill("#name", "clerk")
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 1
    check_page(page, "sign-in-error")
    page.fill("#name", "clerk")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/enrol" in url)
    secret = page.inner_text("#secret").replace(" ", "")
    page.fill("#code", "000000" if code_for(secret) != "000000" else "111111")
    page.click("main button[type=submit]")
    check_page(page, "enrol-error")
    page.fill("#code", code_for(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console.url}/")
    page.goto(f"{console.url}/?q=nothing+like+this")
    check_page(page, "inbox-empty")
    page.goto(f"{console.url}/findings/99999")
    check_page(page, "not-found")
    page.goto(f"{console.url}/findings/{console.ids.offensive}/fix")
    page.fill("#note", "deleted")
    page.click("main button[type=submit]")
    page.goto(f"{console.url}/findings/{console.ids.offensive}/reopen")
    check_page(page, "confirm-reopen")
    page.click("button.console-link-button")
    page.wait_for_url(lambda url: "/sign-in" in url)
    page.fill("#name", "clerk")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/sign-in/code" in url)
    check_page(page, "code")
    page.fill("#code", code_for(secret, later=1))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console.url}/")
    page.click("button.console-link-button")
    page.wait_for_url(lambda url: "/sign-in" in url)
    page.fill("#name", "viewer")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{console.url}/findings/{console.ids.personal}")
    check_page(page, "finding-as-viewer")
    page.goto(f"{console.url}/findings/{console.ids.personal}/dismiss")
    check_page(page, "refused")
    assert page.problems == [] or all("status of 403" in p or "status of 404" in p for p in page.problems)
