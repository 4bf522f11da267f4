"""test-alert sends one marked message to each target and says what became of it; the daemon's log says why too.

Real servers on 127.0.0.1: aiosmtpd accepting, aiosmtpd refusing the recipient with 550, a port nothing
listens on, and a webhook answering 500. The reasons are what Apprise met, captured from its own log
during the send (monitor/alerts/targets.py apprise_detail).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import apprise
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.engine import Engine

from monitor import alerts
from monitor.alerts.delivering import TEST_TITLE
from monitor.config import Config, parse_config
from monitor.demo import to_toml
from monitor.logs import quiet_chatty_loggers
from monitor.records import Finding
from tests.alerts.servers import SmtpServer, WebhookServer, free_port
from tests.conftest import ROOT
from tests.daemon.support import example_data
from tests.dbfixtures import *  # noqa: F403  (the `database` fixture)
from tests.serverfixtures import *  # noqa: F403  (no_throttle, smtp, webhook)

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
MAIL_PASSWORD = "Sm7p-Pa55word-Secret"


class Refusing:
    """An aiosmtpd handler whose mailbox does not exist: every recipient gets 550."""

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        """Refuse the recipient."""
        return "550 5.1.1 mailbox unavailable"


@pytest.fixture
def refusing() -> Iterator[int]:
    """Run an SMTP server that refuses every recipient; yield its port."""
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def mail_url(port: int, to: str = "clerk@brackley-tc.gov.uk") -> str:
    """Return an Apprise URL sending to a local SMTP port without TLS."""
    return (f"mailto://brackley-tc.gov.uk:{port}?smtp=127.0.0.1&mode=insecure"
            f"&from=monitor@brackley-tc.gov.uk&to={to}")


def apprise_yml(*entries: tuple[str, str]) -> str:
    """Return Apprise YAML with one URL per (url, tag)."""
    lines = ["urls:"]
    for url, tag in entries:
        lines += [f'  - "{url}":', f"      - tag: {tag}"]
    return "\n".join(lines) + "\n"


def write_config(tmp: Path, targets: str, routes: dict[str, list[str]] | None = None) -> Path:
    """Write the example config reading apprise.yml from a private credentials folder."""
    credentials = tmp / "credentials"
    credentials.mkdir(mode=0o700, exist_ok=True)
    (credentials / "apprise.yml").write_text(targets, encoding="utf-8")
    (credentials / "apprise.yml").chmod(0o600)
    data = example_data()
    data["credentials"] = {"directory": str(credentials)}
    data["alerts"]["routes"] = routes or {"*": ["email"], "impersonation": ["email", "slack"]}
    path = tmp / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def send_test_alert(config: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run `council-monitor test-alert` as a real process."""
    return subprocess.run([sys.executable, "-m", "monitor", "test-alert", "--config", str(config), *options],
                          cwd=config.parent, env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "")},
                          capture_output=True, text=True, timeout=120, check=False)


def line_for(output: str, port: int) -> str:
    """Return the printed line of the target on a port (its masked URL keeps host:port/)."""
    return next(line for line in output.splitlines() if f":{port}/" in line)


def test_it_prints_each_targets_fate_with_the_reason_and_exits_1(
        smtp: SmtpServer, refusing: int, webhook: WebhookServer, tmp_path: Path) -> None:
    closed = free_port()
    webhook.failures.append(500)
    config = write_config(tmp_path, apprise_yml((mail_url(smtp.port), "email"), (mail_url(refusing), "email"),
                                                 (mail_url(closed), "email"),
                                                 (f"json://127.0.0.1:{webhook.port}/hook", "slack")))

    done = send_test_alert(config)

    assert done.returncode == 1, done.stderr
    assert line_for(done.stdout, smtp.port).endswith(": delivered")
    assert line_for(done.stdout, refusing).endswith(
        'FAILED: Sending email to "clerk@brackley-tc.gov.uk" failed: the server answered 550 5.1.1 mailbox unavailable')
    assert line_for(done.stdout, closed).endswith(
        'FAILED: Connection error while submitting email to "127.0.0.1": Connection refused')
    assert line_for(done.stdout, webhook.port).endswith(
        "FAILED: Failed to send JSON POST notification: Internal server error (HTTP 500)")
    assert done.stdout.strip().endswith("1 of 4 target(s) took the test message.")
    [message] = smtp.inbox.messages
    assert message["Subject"] == TEST_TITLE == "Test message from council-monitor: no action needed"
    assert "no action needed" in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_a_tag_sends_to_its_targets_only_and_all_delivered_exits_0(
        smtp: SmtpServer, webhook: WebhookServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, apprise_yml((mail_url(smtp.port), "email"),
                                                (f"json://127.0.0.1:{webhook.port}/hook", "slack")))

    done = send_test_alert(config, "--tag", "slack")

    assert done.returncode == 0, done.stderr
    assert "slack: json://127.0.0.1" in done.stdout and "email:" not in done.stdout
    assert [hit.body["title"] for hit in webhook.json_hits()] == [TEST_TITLE]
    assert smtp.inbox.messages == []


def test_a_tag_no_target_has_is_a_bad_option(smtp: SmtpServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, apprise_yml((mail_url(smtp.port), "email")), routes={"*": ["email"]})

    done = send_test_alert(config, "--tag", "sms")

    assert done.returncode == 2
    assert "has the tag 'sms' (its tags: email)" in done.stderr
    assert smtp.inbox.messages == []


def test_the_password_in_a_url_is_masked_in_what_it_prints(refusing: int, tmp_path: Path) -> None:
    url = mail_url(refusing).replace("mailto://", f"mailto://monitor:{MAIL_PASSWORD}@")
    config = write_config(tmp_path, apprise_yml((url, "email")), routes={"*": ["email"]})

    done = send_test_alert(config)

    assert done.returncode == 1
    assert MAIL_PASSWORD not in done.stdout + done.stderr
    assert "SMTP AUTH extension not supported by server" in done.stdout  # the local server takes no login


def test_a_route_to_a_missing_tag_is_a_note_not_a_refusal(smtp: SmtpServer, tmp_path: Path) -> None:
    """run would refuse this apprise.yml, but sending a test to the targets it has still helps."""
    config = write_config(tmp_path, apprise_yml((mail_url(smtp.port), "email")))

    done = send_test_alert(config)

    assert done.returncode == 0
    assert "note: " in done.stderr and "no URL in apprise.yml has the tag 'slack'" in done.stderr
    assert len(smtp.inbox.messages) == 1


def test_an_unusable_apprise_file_exits_78(tmp_path: Path) -> None:
    config = write_config(tmp_path, "urls: [ {unclosed: \n  - : ]]")

    assert send_test_alert(config).returncode == 78


# ----------------------------------------------------------------------------------------------
# The daemon's delivery log carries the same reason


def daemon_config(tmp: Path, url: str) -> Config:
    """Return the example config whose only target is `url`, tagged email."""
    credentials = tmp / "credentials"
    credentials.mkdir(exist_ok=True)
    (credentials / "apprise.yml").write_text(apprise_yml((url, "email")), encoding="utf-8")
    data = example_data()
    data["credentials"] = {"directory": str(credentials)}
    data["alerts"]["routes"] = {"*": ["email"]}
    return parse_config(data)


FINDING = Finding("missing-disclaimer", "x", "CllrJWhitfield", None, "medium", "6.4",
                  "No disclaimer in the bio or the pinned post.", {})


def test_the_daemons_log_says_why_a_mail_was_refused(refusing: int, database: Engine, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    config = daemon_config(tmp_path, mail_url(refusing))
    targets = alerts.load_targets(config)
    from monitor.store.db import session_scope
    with session_scope(database) as session:
        assert alerts.queue(session, alerts.compose_alert(config, FINDING, 2, now=NOW), NOW)

    with caplog.at_level(logging.INFO):
        report = alerts.deliver_pending(database, targets, NOW)

    assert report.retried == 1
    [line] = [r.getMessage() for r in caplog.records if r.name == "monitor.alerts.delivering"]
    assert line.startswith("could not send alert")
    assert 'Sending email to "clerk@brackley-tc.gov.uk" failed: the server answered 550 5.1.1 mailbox unavailable' \
        in line


def test_apprise_debug_lines_stay_out_of_the_log_and_its_logger_is_restored(
        webhook: WebhookServer, database: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Apprise's DEBUG lines carry webhook URLs and whole payloads: captured for the reason, never logged."""
    quiet_chatty_loggers()  # as setup_logging does in the daemon: urllib3 and apprise above DEBUG
    webhook.failures.append(500)
    config = daemon_config(tmp_path, f"json://hook:Wh00kPa55Secret@127.0.0.1:{webhook.port}/hook")
    targets = alerts.load_targets(config)
    from monitor.store.db import session_scope
    with session_scope(database) as session:
        assert alerts.queue(session, alerts.compose_alert(config, FINDING, 2, now=NOW), NOW)
    logger = logging.getLogger(apprise.LOGGER_NAME)
    before = (logger.level, logger.propagate)

    with caplog.at_level(logging.DEBUG):
        alerts.deliver_pending(database, targets, NOW)

    assert not [r for r in caplog.records if r.name.startswith("apprise")]
    assert "JSON Payload" not in caplog.text and "Wh00kPa55Secret" not in caplog.text
    assert "Internal server error (HTTP 500)" in caplog.text
    assert (logger.level, logger.propagate) == before
