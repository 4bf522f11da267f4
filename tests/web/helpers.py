"""Signing in over HTTP as a browser would: the form's CSRF token, the password, the authenticator code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pyotp

from tests.web.seed import PASSWORD


def csrf_of(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:2000]
    return found.group(1)


def secret_of(html: str) -> str:
    """Return the authenticator key the enrolment page shows as text."""
    found = re.search(r'id="secret">([A-Z2-7 ]+)<', html)
    assert found, html[:2000]
    return found.group(1).replace(" ", "")


def code_for(secret: str, later: int = 0) -> str:
    """Return the authenticator's code now (or `later` steps of 30 s from now)."""
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30 * later))


def sign_in(client: httpx.Client, name: str, password: str = PASSWORD) -> str:
    """Sign in (enrolling the authenticator when asked) and return its key ("" for a viewer)."""
    page = client.get("/sign-in")
    answer = client.post("/sign-in", data={"csrf": csrf_of(page.text), "name": name, "password": password})
    assert answer.status_code in (200, 303), answer.text[:500]
    if answer.url.path == "/" or not answer.url.path.startswith(("/enrol", "/sign-in/code")):
        return ""
    secret = secret_of(answer.text)
    done = client.post(str(answer.url), data={"csrf": csrf_of(answer.text), "code": code_for(secret)})
    assert done.url.path == "/", done.text[:1000]
    return secret
