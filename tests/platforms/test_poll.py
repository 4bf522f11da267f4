"""One poll cycle over both platforms' sandboxes: findings, cursors, isolation of failures, the commands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from monitor.checks import History
from monitor.cli import main
from monitor.config import Config, parse_config, platforms_in
from monitor.credentials import MissingCredential
from monitor.platforms.base import Batch
from monitor.platforms.x import XSource
from monitor.poll import SANDBOX_TOKEN, PollResult, build_sources, poll_once
from monitor.sandbox.scenario import start_sandboxes, stop_sandboxes
from monitor.sandbox.server import SandboxServer
from monitor.sandbox.x import XSandbox, server_error
from tests.platforms.xsupport import EXAMPLE, NOW, ROOT, TOKEN, brackley, example_data

FB_AVAILABLE = (ROOT / "monitor" / "platforms" / "facebook.py").exists()


@pytest.fixture
def sandboxes() -> Iterator[tuple[list[SandboxServer], dict[str, str]]]:
    """Serve the Brackley scenario on every platform it covers."""
    servers, urls = start_sandboxes("brackley", NOW)
    yield servers, urls
    stop_sandboxes(servers)


def x_server(servers: list[SandboxServer]) -> XSandbox:
    """Return the X sandbox among the servers."""
    return next(s for s in servers if isinstance(s, XSandbox))


def found(result: PollResult, platform: str = "x") -> set[tuple[str, str]]:
    """Return (rule, handle) of a platform's findings."""
    return {(f.rule, f.handle) for f in result.findings if f.platform == platform}


def config_with_election(days_ahead: int = 21) -> Config:
    """Return the example config with polling day some days after NOW."""
    data = example_data()
    data["elections"] = [{"name": "By-election", "polling_day": (NOW + timedelta(days=days_ahead)).date(),
                          "candidates": ["Sam Patel"]}]
    return parse_config(data)


def test_one_cycle_finds_the_brackley_breaches_on_x(sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = config_with_election()
    result = poll_once(config, NOW, {}, build_sources(config, urls))
    assert found(result) >= {("impersonation", "BrackIeyTC"), ("missing-disclaimer", "TomOkaforBTC"),
                             ("personal-data", "DaveHughesCllr"), ("unanswered", "SarahKBrackley"),
                             ("hours-notice", "BrackleyTC"), ("pre-election", "BrackleyTC")}
    # The hard negatives: disclaimers in a bio or a pinned post, the answered question, clean posts.
    handles = {h for _, h in found(result)}
    assert not handles & {"CllrJWhitfield", "PriyaSharmaBTC", "MEllisBrackley", "brackleydad"}
    assert result.errors == [] and result.usage["x"].requests == 3
    # Every platform with registered accounts is polled (the scenario may serve more than the config registers).
    assert {b.platform for b in result.batches} == set(platforms_in(config)) == {"x", "facebook"}


def test_outside_an_election_period_the_party_post_is_not_flagged(
        sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = config_with_election(days_ahead=120)
    result = poll_once(config, NOW, {}, build_sources(config, urls))
    assert ("pre-election", "BrackleyTC") not in found(result)


@pytest.mark.skipif(not FB_AVAILABLE, reason="the Facebook adapter is not in the tree yet")
def test_facebook_is_polled_in_the_same_cycle(sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = parse_config(example_data())
    result = poll_once(config, NOW, {}, build_sources(config, urls))
    assert found(result, "facebook") and result.usage["facebook"].requests > 0
    assert any(b.platform == "facebook" and b.unmonitorable for b in result.batches)


def test_cursors_come_back_merged_and_a_second_cycle_reads_only_what_is_new(
        sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    servers, urls = sandboxes
    config = parse_config(example_data())
    sources = build_sources(config, urls)
    first = poll_once(config, NOW, {"x": {"unrelated": "kept"}}, sources)
    assert first.cursors["x"]["unrelated"] == "kept" and "from:brackleytc" in first.cursors["x"]
    server = x_server(servers)
    server.add_post("TomOkaforBTC", "Call Mr Patel on 07700 900456 about his fence.", at=NOW + timedelta(minutes=3))
    later = NOW + timedelta(minutes=15)
    server.set_now(later)
    second = poll_once(config, later, first.cursors, sources, refresh_profiles=False)
    x_posts = [p for b in second.batches if b.platform == "x" for p in b.posts]
    assert [p.text for p in x_posts] == ["Call Mr Patel on 07700 900456 about his fence."]
    assert ("personal-data", "TomOkaforBTC") in found(second)
    # Without the history the store would pass, last cycle's unanswered question is out of sight.
    assert ("unanswered", "SarahKBrackley") not in found(second)


def test_history_from_the_caller_is_checked_with_the_new_records(
        sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = parse_config(example_data())
    sources = build_sources(config, urls)
    first = poll_once(config, NOW, {}, sources)
    stored = History(posts=tuple(p for b in first.batches for p in b.posts),
                     accounts=tuple(a for b in first.batches for a in b.accounts))
    later = NOW + timedelta(minutes=15)
    for server in sandboxes[0]:
        getattr(server, "set_now", lambda _: None)(later)
    second = poll_once(config, later, first.cursors, sources, refresh_profiles=False, history=stored)
    assert ("unanswered", "SarahKBrackley") in found(second)


def test_a_failing_platform_costs_the_other_nothing(sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    servers, urls = sandboxes
    config = parse_config(example_data())
    x_server(servers).inject("/2/", *[server_error(503)] * 10)
    result = poll_once(config, NOW, {}, build_sources(config, urls))
    assert {e.platform for e in result.errors} == {"x"} and result.failed_platforms == ["x"]
    assert found(result) == set()
    if FB_AVAILABLE:
        assert found(result, "facebook")


class BrokenSource:
    """An adapter with a bug: it raises something no adapter should."""

    platform = "x"

    def fetch(self, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
        """Fail the way a bug would."""
        raise KeyError("data")


def test_an_adapter_bug_becomes_an_error_and_the_cycle_goes_on(
        sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = parse_config(example_data())
    result = poll_once(config, NOW, {}, [BrokenSource(), *build_sources(config, {"x": urls["x"]})])
    assert [(e.platform, e.kind, e.message) for e in result.errors] == [("x", "transient", "adapter error: KeyError")]
    assert ("missing-disclaimer", "TomOkaforBTC") in found(result)


def test_the_sweep_runs_on_request_and_reports_a_lookalike_once(
        sandboxes: tuple[list[SandboxServer], dict[str, str]]) -> None:
    _, urls = sandboxes
    config = parse_config(example_data())
    result = poll_once(config, NOW, {}, build_sources(config, urls), lookalikes=True)
    assert result.sweep is not None and result.sweep.looked_up == 200
    assert [f.handle for f in result.findings if f.rule == "impersonation" and f.platform == "x"] == ["BrackIeyTC"]
    assert result.cursors["x"]["lookalike:offset"] == str(result.sweep.next_offset)


def test_build_sources_reads_each_token_from_the_credentials_directory(tmp_path: Path) -> None:
    data = example_data()
    data["credentials"] = {"directory": str(tmp_path)}
    data["platforms"]["facebook"]["enabled"] = False
    config = parse_config(data)
    with pytest.raises(MissingCredential, match="x-bearer-token"):
        build_sources(config)
    (tmp_path / "x-bearer-token").write_text(TOKEN + "\n")
    [source] = build_sources(config)
    assert isinstance(source, XSource) and source.client.bearer_token == TOKEN


def test_build_sources_for_the_sandbox_reads_no_secret_and_routes_every_platform(tmp_path: Path) -> None:
    data = example_data()
    data["credentials"] = {"directory": str(tmp_path / "empty")}
    sources = build_sources(parse_config(data), {"x": "http://127.0.0.1:9"})
    [x] = [s for s in sources if s.platform == "x"]
    assert isinstance(x, XSource) and x.client.bearer_token == SANDBOX_TOKEN
    assert x.config.platforms.x.base_url == "http://127.0.0.1:9"
    assert all(s.platform == "x" for s in sources)  # no Facebook server given: Facebook is skipped


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run council-monitor in-process and return (status, stdout, stderr)."""
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_poll_once_against_the_sandbox_prints_findings_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(["poll", "--once", "--sandbox", "brackley", "--config", str(EXAMPLE)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert {("impersonation", "BrackIeyTC"), ("missing-disclaimer", "TomOkaforBTC")} <= {
        (r["rule"], r["handle"]) for r in records}
    assert "x: 5 request(s)" in err and "lookalike sweep: 200 handle(s)" in err


def test_poll_once_exits_3_and_says_why_when_an_account_cannot_be_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = brackley()
    scenario["accounts"] = [a for a in scenario["accounts"] if a["username"] != "MEllisBrackley"]
    scenario["posts"] = [p for p in scenario["posts"] if p["author"] != "MEllisBrackley"]
    (tmp_path / "partial.x.json").write_text(json.dumps(scenario))
    status, _, err = run_cli(["poll", "--once", "--no-lookalikes", "--format", "text",
                              "--sandbox", str(tmp_path / "partial.x.json"), "--config", str(EXAMPLE)], capsys)
    assert status == 3
    assert "x: permanent (HTTP 200): @MEllisBrackley does not exist on X" in err


def test_poll_once_without_credentials_exits_78_with_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace('directory = ""', f'directory = "{tmp_path}"')
    config.write_text(text)
    status, _, err = run_cli(["poll", "--once", "--config", str(config)], capsys)
    assert status == 78 and "x-bearer-token" in err and "--sandbox brackley" in err


def test_the_sandbox_command_serves_until_sigterm() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "sandbox", "--scenario", "brackley"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        urls: dict[str, Any] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("Serving"):
                break
            platform, _, url = line.strip().partition(": ")
            urls[platform] = url
        reply = requests.get(urls["x"] + "/2/users/by", params={"usernames": "BrackleyTC"},
                             headers={"Authorization": "Bearer demo"}, timeout=10)
        assert reply.json()["data"][0]["username"] == "BrackleyTC"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
