"""The daily token check warns the Clerk before the Page token dies, and the token never reaches a log."""

from __future__ import annotations

import json
import logging
import socket
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from monitor.config import Config, parse_config
from monitor.logs import REDACTOR
from monitor.platforms.facebook import TOKEN_SUBJECT, FacebookSource
from monitor.platforms.http import SourceError
from monitor.sandbox.facebook import (
    GraphSandbox,
    bad_gateway_html,
    expired_token,
    graph_fault,
    malformed_json,
    server_error,
    slow,
    throttled,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
BRACKLEY = ROOT / "monitor" / "sandbox" / "scenarios" / "brackley.facebook.json"
NO_CREDENTIALS = ROOT / "tests" / "platforms" / "no-such-credentials-dir"  # no per-Page token files
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = "EAAGtokenCheckSecret31337"
COUNCIL = "104729361234567"


def config_for(base_url: str, credentials: Path = NO_CREDENTIALS, **facebook: Any) -> Config:
    """Return the example config with Graph routed to base_url."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["platforms"]["facebook"].update(base_url=base_url, **facebook)
    data["credentials"]["directory"] = str(credentials)
    return parse_config(data)


@pytest.fixture
def sandbox() -> Iterator[GraphSandbox]:
    """Serve the Brackley scenario."""
    server = GraphSandbox(json.loads(BRACKLEY.read_text(encoding="utf-8")), NOW)
    server.start()
    yield server
    server.stop()


def check(server: GraphSandbox, spec: dict[str, Any] | None = None, token: str = TOKEN) -> list[Any]:
    """Register the token as described (unless None) and run the token check."""
    if spec is not None:
        server.add_token(token, {"profile_id": COUNCIL, **spec})
    return FacebookSource(config_for(server.base_url), token).check_token(NOW)


def test_a_token_expiring_in_ten_days_warns_the_clerk(sandbox: GraphSandbox) -> None:
    [hit] = check(sandbox, {"expires_at": "+10d"})
    assert hit.evidence == {"subject": TOKEN_SUBJECT, "expires_at": (NOW + timedelta(days=10)).isoformat(),
                            "days_left": 10, "is_valid": True, "what": "expires"}
    assert hit.platform == "facebook" and hit.handle == "BrackleyTownCouncil" and hit.severity == "medium"
    assert "05 December 2026" in hit.message and "Renewing the token" in hit.message


@pytest.mark.parametrize(("expires", "warned"), [("+60d", False), ("+15d", False), ("+14d", True),
                                                 ("+2d", True), (0, False)])
def test_only_tokens_expiring_within_the_warning_days_warn(sandbox: GraphSandbox, expires: Any, warned: bool) -> None:
    assert bool(check(sandbox, {"expires_at": expires})) is warned


def test_a_token_about_to_lose_data_access_warns_even_if_it_never_expires(sandbox: GraphSandbox) -> None:
    [hit] = check(sandbox, {"expires_at": 0, "data_access_expires_at": "+5d"})
    assert hit.evidence["what"] == "loses access to Page data" and hit.evidence["days_left"] == 5


def test_a_token_due_within_three_days_is_high_severity(sandbox: GraphSandbox) -> None:
    [hit] = check(sandbox, {"expires_at": "+2d"})
    assert hit.severity == "high"


@pytest.mark.parametrize("spec", [{"expires_at": "-1d"}, {"revoked": True}])
def test_an_invalid_token_warns_the_clerk(sandbox: GraphSandbox, spec: dict[str, Any]) -> None:
    [hit] = check(sandbox, spec)
    assert hit.evidence["subject"] == TOKEN_SUBJECT and hit.evidence["is_valid"] is False
    assert hit.severity == "high" and "no longer valid" in hit.message


def test_a_token_graph_cannot_parse_at_all_warns_the_clerk(sandbox: GraphSandbox) -> None:
    sandbox.tokens.pop("*")  # only named tokens exist now: ours is not one
    [hit] = check(sandbox)
    assert hit.evidence["is_valid"] is False and "Invalid OAuth access token" in hit.message


def test_a_token_missing_a_read_permission_warns_the_clerk(sandbox: GraphSandbox) -> None:
    [hit] = check(sandbox, {"scopes": ["pages_show_list", "pages_read_engagement"]})
    assert hit.evidence == {"subject": "facebook-token-scopes", "missing": ["pages_read_user_content"]}


def test_the_check_asks_debug_token_about_the_token_itself(sandbox: GraphSandbox) -> None:
    assert check(sandbox, {"expires_at": "+90d"}) == []
    [request] = sandbox.requests
    assert request.path == "/v25.0/debug_token"
    assert request.arg("input_token") == TOKEN and request.arg("access_token") == TOKEN


@pytest.mark.parametrize(("fault", "kind"), [(server_error(), "transient"), (throttled(4, None), "rate_limited"),
                                             (malformed_json(), "transient")])
def test_a_check_that_cannot_run_raises_instead_of_saying_all_is_well(sandbox: GraphSandbox, fault: Any,
                                                                      kind: str) -> None:
    sandbox.inject("/v25.0/debug_token", fault)
    with pytest.raises(SourceError) as caught:
        check(sandbox)
    assert caught.value.kind == kind and caught.value.__cause__ is None


@pytest.fixture
def loud_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every log record at DEBUG, with urllib3 turned up to DEBUG as a careless setup might."""
    caplog.set_level(logging.DEBUG)
    urllib3 = logging.getLogger("urllib3")
    before = urllib3.level
    urllib3.setLevel(logging.DEBUG)
    yield caplog
    urllib3.setLevel(before)


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    """Return every captured line, with exception text, as one string."""
    formatter = logging.Formatter("%(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_the_token_never_reaches_a_log_line_or_an_error_even_at_debug(sandbox: GraphSandbox,
                                                                     loud_logging: pytest.LogCaptureFixture) -> None:
    # A Graph error that echoes the token and a URL carrying it, as a proxy or a future Graph might.
    echo = graph_fault(100, f"(#100) bad request https://graph.facebook.com/v25.0/x?access_token={TOKEN}&a=1 {TOKEN}")
    sandbox.inject(f"/v25.0/{COUNCIL}", echo, bad_gateway_html(), malformed_json(), expired_token())
    source = FacebookSource(config_for(sandbox.base_url, timeout_seconds=0.3), TOKEN)
    batches = [source.fetch({}, NOW, refresh_profiles=True) for _ in range(5)]
    sandbox.inject("/v25.0/", slow(1.0))
    batches.append(source.fetch({}, NOW, refresh_profiles=True))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    batches.append(FacebookSource(config_for(f"http://127.0.0.1:{port}"), TOKEN).fetch({}, NOW, True))
    sandbox.add_token(TOKEN, {"revoked": True})
    hits = source.check_token(NOW)
    errors = [str(e) for b in batches for e in b.errors]
    assert len(errors) == 6 and hits  # every failure above was met and reported
    assert TOKEN not in "\n".join(errors) + logged_text(loud_logging) + repr(hits)
    assert "access_token=***" in errors[0]


def test_the_log_check_would_see_a_token_if_one_were_logged(sandbox: GraphSandbox,
                                                           loud_logging: pytest.LogCaptureFixture,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Earlier tests registered this token with the process-wide redactor; a handler they left would hide it.
    monkeypatch.setattr(REDACTOR, "secrets", set())
    logging.getLogger("urllib3").setLevel(logging.DEBUG)
    requests.get(f"{sandbox.base_url}/v25.0/BrackleyTownCouncil", params={"access_token": TOKEN}, timeout=5)
    assert TOKEN in logged_text(loud_logging)


def test_a_councillors_own_page_token_is_checked_too(sandbox: GraphSandbox, tmp_path: Path) -> None:
    sandbox.add_token(TOKEN, {"profile_id": COUNCIL, "expires_at": 0})
    sandbox.add_token("EAAGpriyasOwnToken55", {"profile_id": "100064812345678", "expires_at": "+5d"})
    (tmp_path / "facebook-page-token.cllrpriyasharma").write_text("EAAGpriyasOwnToken55", encoding="utf-8")
    [hit] = FacebookSource(config_for(sandbox.base_url, credentials=tmp_path), TOKEN).check_token(NOW)
    assert hit.handle == "CllrPriyaSharma" and hit.evidence["days_left"] == 5
    assert "EAAGpriyasOwnToken55" not in repr(hit)
