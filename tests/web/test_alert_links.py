"""Alerts and digests link to the finding's page in the console when [web] base_url is set; action links are signed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from monitor.alerts.composing import compose_alert, compose_digest
from monitor.config import Config, load_config
from monitor.records import Finding
from monitor.web.links import action_url, read_action

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
FINDING = Finding(rule="offensive", platform="x", handle="CllrJWhitfield", post_id="1", severity="high",
                  clause="6.1", message="Offensive language", evidence={"excerpt": "idiot"})


def with_base(url: str) -> Config:
    """Return the example config with a console address."""
    config = load_config(ROOT / "config" / "example.toml")
    return config.model_copy(update={"web": config.web.model_copy(update={"base_url": url})})


def test_an_alert_links_to_its_finding_in_the_console() -> None:
    message = compose_alert(with_base("https://monitor.brackley.example/"), FINDING, 42, now=NOW)
    assert 'href="https://monitor.brackley.example/findings/42"' in (message.html or "")
    assert "https://monitor.brackley.example/findings/42" in message.text


def test_without_a_console_the_alert_has_no_link_to_it() -> None:
    message = compose_alert(with_base(""), FINDING, 42, now=NOW)
    assert "/findings/42" not in message.text


def test_a_digest_links_each_finding() -> None:
    from monitor.alerts.composing import DigestItem

    config = with_base("https://monitor.brackley.example")
    found = compose_digest(config, [DigestItem(finding=FINDING, finding_id=7, post=None)], day=NOW.date(), now=NOW)
    assert all("https://monitor.brackley.example/findings/7" in m.text for m in found)


def test_an_action_link_is_signed_and_names_its_finding_and_action() -> None:
    url = action_url("https://m.example", "key", 5, "fix")
    token = url.rsplit("/", 1)[1]
    assert read_action("key", token) == (5, "fix")
    assert read_action("another key", token) is None
    assert read_action("key", token[:-2] + "xx") is None


def test_with_the_link_key_an_alert_carries_signed_acknowledge_and_fix_links(tmp_path: Path) -> None:
    import re

    folder = tmp_path / "credentials"
    folder.mkdir(mode=0o700)
    (folder / "web-link-key").write_text("a-key-for-the-links\n")
    (folder / "web-link-key").chmod(0o600)
    base = with_base("https://monitor.brackley.example")
    config = base.model_copy(update={"credentials": base.credentials.model_copy(update={"directory": str(folder)})})
    message = compose_alert(config, FINDING, 42, now=NOW)
    tokens = re.findall(r"https://monitor\.brackley\.example/act/([\w.-]+)", message.text)
    assert [read_action("a-key-for-the-links", t) for t in tokens] == [(42, "acknowledge"), (42, "fix")]
    assert "/act/" not in compose_alert(base, FINDING, 42, now=NOW).text
