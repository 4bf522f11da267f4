"""A hostile post, read from the sandbox by the daemon, arrives inert in the email, on Slack and in the report.

What happens: HTML and script are escaped (email HTML) or shown as text; Slack mentions (<!channel>, @here)
and Markdown links are neutralised in the chat message; zero-width characters are removed; a 100 KB post
is cut to an excerpt; the weekly report, written by the daemon's own report job, escapes it too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.jobs import Unfinished, build_due_reports, in_child
from tests.alerts.servers import SmtpServer, WebhookServer, parts
from tests.daemon.support import NOW, World, start_world

HOSTILE = ("<script>alert('x')</script> <!channel> Mrs Jenkins at 14 Bridge Street, Brackley NN13 7DS "
           "<img src=x onerror=alert(1)> @here [click](https://evil.example/a) ring 07700\u200b 900123\u200d "
           "<https://evil.example/b|Council login> " + "A" * 100_000)
REPORT_DUE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 08:00 GMT: the report of week 48


@pytest.fixture
def hostile_world(tmp_path: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer) -> Iterator[World]:
    """Yield the daemon with every rule routed to email and Slack, after a hostile post was read."""
    def everywhere(data: dict[str, Any]) -> None:
        """Route every rule to email and Slack."""
        data["alerts"]["routes"] = {"*": ["email", "slack"]}

    world = start_world(tmp_path, database_url, smtp, webhook, edit=everywhere)
    world.x.add_post("DaveHughesCllr", HOSTILE, at=NOW - timedelta(minutes=5))
    world.tick()
    yield world
    world.close()


def hostile_email(world: World) -> tuple[str, str]:
    """Return the text and HTML parts of the alert about the hostile post."""
    [mail] = [m for m in world.smtp.inbox.messages if "DaveHughesCllr" in str(m["Subject"])
              and "a home address in NN13" in parts(m)[0]]
    return parts(mail)


def test_hostile_post_text_is_escaped_in_the_email(hostile_world: World) -> None:
    text, html = hostile_email(hostile_world)

    assert "<script" not in html and "<img" not in html
    assert "&lt;/script&gt; &lt;!channel&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "</script> <!channel>" in text  # the text part shows it as written: plain text cannot run
    assert 'href="https://evil.example' not in html  # only links we build ourselves
    assert "\u200b" not in html + text and "\u200d" not in html + text
    assert len(html) < 20_000 and len(text) < 20_000  # the 100 KB post arrives as an excerpt
    assert "7DS" not in html + text and "Bridge Street" not in html + text  # the address is masked


def test_hostile_post_text_cannot_mention_everyone_or_link_on_slack(hostile_world: World) -> None:
    assert hostile_world.webhook is not None
    hits = [h for h in hostile_world.webhook.slack_hits() if "a home address in NN13" in str(h.body)]
    assert hits
    body = " ".join(str(a.get("text", "")) for h in hits for a in h.body["attachments"])

    assert "<!channel>" not in body and "<!here" not in body
    assert not re.search(r"(?<!＠)@(here|channel|everyone)\b", body)
    assert "<https://evil.example" not in body  # no clickable link of the poster's making
    assert "\u200b" not in body and len(body) < 40_000


def test_hostile_post_text_is_escaped_in_the_weekly_report(hostile_world: World, tmp_path: Path) -> None:
    hostile_world.tick(REPORT_DUE)

    html = (tmp_path / "reports" / "report-2026-W48.html").read_text(encoding="utf-8")
    assert "DaveHughesCllr" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<!channel>" not in html
    assert "\u200b" not in html
    reports = [m for m in hostile_world.smtp.inbox.messages if "compliance report" in str(m["Subject"])]
    assert len(reports) == 1


def test_a_weekly_report_stopped_before_its_commit_is_built_again_at_the_next_run(hostile_world: World) -> None:
    stop = threading.Event()
    stop.set()  # as on SIGTERM: the report's process is killed, its transaction never commits
    with pytest.raises(Unfinished):
        in_child(build_due_reports, (hostile_world.config, REPORT_DUE), timedelta(minutes=5), stop)
    assert not [m for m in hostile_world.smtp.inbox.messages if "compliance report" in str(m["Subject"])]

    hostile_world.tick(REPORT_DUE)

    assert len([m for m in hostile_world.smtp.inbox.messages if "compliance report" in str(m["Subject"])]) == 1
