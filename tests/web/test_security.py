"""The console's defences over real HTTP: CSRF, roles, lockout, action links, sessions, headers."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import Session, select

from monitor.store.models import AuditRow, FindingRow, WebUserRow
from monitor.web.links import action_url
from tests.web.conftest import LINK_KEY, Console
from tests.web.helpers import csrf_of, sign_in
from tests.web.seed import PASSWORD


def client(console: Console) -> httpx.Client:
    """Return a client that follows redirects like a browser."""
    return httpx.Client(base_url=console.url, follow_redirects=True, timeout=20)


def state_of(console: Console, finding_id: int) -> str:
    """Return a finding's state as stored."""
    with Session(console.web.engine) as s:
        row = s.get(FindingRow, finding_id)
        assert row is not None
        return row.state


def test_every_page_says_no_script_no_framing_and_cookies_are_httponly_samesite(console: Console) -> None:
    with client(console) as c:
        page = c.get("/sign-in")
        policy = page.headers["content-security-policy"]
        assert "script-src" not in policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert page.headers["x-frame-options"] == "DENY"
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        secret = sign_in(c, "clerk")
        token = c.cookies["cm_session"]
        for path in ("/", f"/findings/{console.ids.impersonation}", "/audit", "/health", "/accounts", "/password",
                     f"/findings/{console.ids.offensive}/fix"):
            page = c.get(path).text
            assert "<script" not in page and token not in page and secret not in page and PASSWORD not in page


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "clerk")
        target = f"/findings/{console.ids.offensive}/acknowledge"
        assert c.post(target, data={"note": "on it"}).status_code == 403
        assert c.post(target, data={"note": "on it", "csrf": "forged"}).status_code == 403
        assert state_of(console, console.ids.offensive) == "open"
        good = c.post(target, data={"note": "on it", "csrf": csrf_of(c.get(target).text)})
        assert good.status_code == 200 and state_of(console, console.ids.offensive) == "acknowledged"


@pytest.mark.parametrize("action", ["acknowledge", "assign", "fix", "dismiss", "reopen"])
def test_a_viewer_is_refused_every_action(console: Console, action: str) -> None:
    with client(console) as c:
        sign_in(c, "viewer")
        page = c.get(f"/findings/{console.ids.offensive}")
        assert page.status_code == 200 and "cannot do that" not in page.text
        assert c.get(f"/findings/{console.ids.offensive}/{action}").status_code == 403
        refused = c.post(f"/findings/{console.ids.offensive}/{action}",
                         data={"csrf": csrf_of(page.text), "note": "x", "councillor": "Tom"})
        assert refused.status_code == 403
        assert state_of(console, console.ids.offensive) == "open"


def test_eleven_wrong_passwords_lock_the_account(console: Console) -> None:
    with client(console) as c:
        for _ in range(11):
            page = c.get("/sign-in")
            assert c.post("/sign-in", data={"csrf": csrf_of(page.text), "name": "deputy",
                                            "password": "wrong password!"}).status_code == 400
        page = c.get("/sign-in")
        locked = c.post("/sign-in", data={"csrf": csrf_of(page.text), "name": "deputy", "password": PASSWORD})
        assert locked.status_code == 400 and "locked" in locked.text
    with Session(console.web.engine) as s:
        user = s.exec(select(WebUserRow).where(WebUserRow.name == "deputy")).one()
        assert user.locked_at is not None and user.failed_attempts == 11


def test_fetching_an_action_link_changes_nothing(console: Console) -> None:
    link = action_url(console.url, LINK_KEY, console.ids.personal, "fix")
    with client(console) as c:
        signed_out = c.get(link)
        assert signed_out.url.path == "/sign-in"
        sign_in(c, "clerk")
        page = c.get(link)
        assert page.url.path == f"/findings/{console.ids.personal}/fix" and "Mark fixed?" in page.text
        assert state_of(console, console.ids.personal) == "open"
        assert c.get(link.replace("/act/", "/act/x")).status_code == 404
        c.post(str(page.url), data={"csrf": csrf_of(page.text), "note": "deleted by the councillor"})
        assert state_of(console, console.ids.personal) == "fixed"


def test_a_signed_out_clerk_signs_in_and_lands_on_the_finding(console: Console) -> None:
    with client(console) as c:
        first = c.get(f"/findings/{console.ids.impersonation}")
        assert first.url.path == "/sign-in"
        answer = c.post(str(first.url), data={"csrf": csrf_of(first.text), "name": "viewer", "password": PASSWORD})
        assert answer.url.path == f"/findings/{console.ids.impersonation}"


def test_sessions_end_on_sign_out_and_on_password_change(console: Console) -> None:
    with client(console) as c, client(console) as other:
        sign_in(c, "viewer")
        sign_in(other, "viewer")
        old = c.cookies["cm_session"]
        c.post("/sign-out", data={"csrf": csrf_of(c.get("/").text)})
        replay = httpx.get(f"{console.url}/", cookies={"cm_session": old})
        assert replay.status_code == 303 and replay.headers["location"].startswith("/sign-in")
        assert other.get("/").url.path == "/"
        page = other.get("/password")
        other.post("/password", data={"csrf": csrf_of(page.text), "current": PASSWORD,
                                      "new": "a brand new passphrase", "again": "a brand new passphrase"})
        assert other.get("/").url.path == "/sign-in"


def test_every_console_action_is_in_the_audit_trail_with_who_and_where(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "clerk")
        target = f"/findings/{console.ids.hostile}/dismiss"
        c.post(target, data={"csrf": csrf_of(c.get(target).text), "note": "a quotation, not her words"})
    with Session(console.web.engine) as s:
        trail = [(a.actor, a.action) for a in s.exec(select(AuditRow).order_by(AuditRow.id))]  # type: ignore[arg-type]
    assert ("clerk from 127.0.0.1", "authenticator enrolled") in trail
    assert ("clerk from 127.0.0.1", "signed in") in trail
    assert ("clerk from 127.0.0.1", "dismissed") in trail


def test_the_inbox_filters_by_councillor_rule_and_text_and_counts_states(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "viewer")
        everyone = c.get("/").text
        assert "4 findings" in everyone and "open</strong> 4" in everyone
        jane = c.get("/", params={"councillor": "Jane Whitfield"}).text
        assert "3 findings" in jane and f"/findings/{console.ids.impersonation}\"" not in jane
        assert "1 finding<" in c.get("/", params={"rule": "impersonation"}).text
        assert "1 finding<" in c.get("/", params={"q": "phone number"}).text
        assert "0 findings" in c.get("/", params={"q": "100%_"}).text


def test_a_finding_shows_the_captured_post_and_the_policys_words_after_the_post_is_purged(console: Console) -> None:
    from datetime import UTC, datetime

    from monitor.records import Post
    from monitor.store.db import session_scope
    from monitor.store.evidence import capture

    text = "Call me on 07700 900123 about the allotments"
    now = datetime.now(UTC)
    with session_scope(console.web.engine) as s:
        row = FindingRow(rule="personal-data", subject="x:gone:1", platform="x", handle="TomOkaforBTC",
                         handle_key="tomokaforbtc", post_id="gone-1", severity="medium", clause="6.4",
                         message="A phone number", evidence_json='{"field": "text", "span": [11, 23]}',
                         first_seen=now, last_seen=now)
        s.add(row)
        s.flush()
        capture(s, row, Post(platform="x", handle="TomOkaforBTC", id="gone-1", created_at=now, text=text,
                             role="councillor"), None, now)
        finding_id = row.id
    with client(console) as c:
        sign_in(c, "viewer")
        page = c.get(f"/findings/{finding_id}").text
    assert '<mark class="console-match">07700 900123</mark>' in page
    assert "Never give out personal details of others such as home address and telephone numbers." in page


def test_health_shows_sources_token_expiry_and_the_month_spend(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "viewer")
        page = c.get("/health").text
    assert "up</strong> X API since" in page
    assert "needs attention</strong> Facebook Page token" in page and "expires on 20 Dec 2026" in page
    assert "X: $2.00 spent" in page and "(budget $50.00)" in page


def test_accounts_say_which_are_monitored_not_monitorable_or_blind(console: Console) -> None:
    from monitor.store.db import session_scope
    from monitor.store.models import SourceHealthRow

    with session_scope(console.web.engine) as s:
        s.add(SourceHealthRow(source="facebook", state="down", since=datetime(2026, 12, 1, 9, 0, tzinfo=UTC)))
    with client(console) as c:
        sign_in(c, "viewer")
        page = c.get("/accounts").text
    assert "Jane Whitfield · monitored · last post" in " ".join(page.split())
    assert "blind since 01 Dec 2026 09:00 UTC" in page
    assert "· 3 open findings" in " ".join(page.split())


def test_cookies_are_secure_when_the_console_is_served_over_https(console: Console) -> None:
    from dataclasses import replace

    from starlette.testclient import TestClient

    from monitor.web.app import create_app

    with TestClient(create_app(replace(console.web, secure=True)), base_url="https://monitor.example") as c:
        cookie = c.get("/sign-in").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize(("given", "goes_to"), [
    ("/findings/3", "/findings/3"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
    ("/\\evil.example", "/"), ("javascript:alert(1)", "/"),
])
def test_after_signing_in_it_only_goes_to_a_page_of_the_console(console: Console, given: str, goes_to: str) -> None:
    from monitor.web.app import safe_next

    assert safe_next(given) == goes_to


def test_one_address_gets_thirty_sign_in_attempts_in_five_minutes(console: Console) -> None:
    with client(console) as c:
        statuses = []
        for _ in range(31):
            page = c.get("/sign-in")
            statuses.append(c.post("/sign-in", data={"csrf": csrf_of(page.text), "name": "nobody",
                                                     "password": "guess"}).status_code)
    assert statuses[:30] == [400] * 30 and statuses[30] == 429


def test_reports_are_listed_viewed_and_downloaded_by_exact_name_only(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "viewer")
        listing = c.get("/reports").text
        assert 'href="/reports/week-2026-W48.html"' in listing and 'href="/reports/week-2026-W48.csv"' in listing
        view = c.get("/reports/week-2026-W48.html")
        assert "Week 48" in view.text and "script-src" not in view.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in view.headers["content-security-policy"]
        download = c.get("/reports/week-2026-W48.csv")
        assert download.headers["content-disposition"].startswith("attachment")
        for bad in ("/reports/..%2Fmonitor.sqlite", "/reports/.hidden.html", "/reports/config.toml"):
            assert c.get(bad).status_code == 404


def test_ended_sessions_are_purged_a_day_after_they_expire(console: Console) -> None:
    from datetime import timedelta

    from monitor.store.models import WebSessionRow
    from monitor.store.users import open_session, purge_sessions

    with Session(console.web.engine) as s:
        user = s.exec(select(WebUserRow).where(WebUserRow.name == "viewer")).one()
        open_session(s, user, "full", "127.0.0.1", datetime.now(UTC) - timedelta(days=3))
        s.commit()
        assert purge_sessions(s, datetime.now(UTC)) == 1
        s.commit()
        assert s.exec(select(WebSessionRow)).all() == []


def test_a_missing_reason_is_asked_for_beside_its_field_and_what_was_typed_is_kept(console: Console) -> None:
    with client(console) as c:
        sign_in(c, "clerk")
        target = f"/findings/{console.ids.offensive}/assign"
        page = c.post(target, data={"csrf": csrf_of(c.get(target).text), "councillor": "", "due": "2099-02-01",
                                    "note": "<b>kept</b>"})
        assert page.status_code == 400
        assert 'href="#councillor"' in page.text and 'id="councillor-error"' in page.text
        assert 'value="2099-02-01"' in page.text and "&lt;b&gt;kept&lt;/b&gt;" in page.text
        target = f"/findings/{console.ids.offensive}/dismiss"
        page = c.post(target, data={"csrf": csrf_of(c.get(target).text), "note": "  "})
        assert page.status_code == 400 and 'id="note-error"' in page.text
    assert state_of(console, console.ids.offensive) == "open"
