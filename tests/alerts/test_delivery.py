"""Alerts end to end: composed, queued, drained by Apprise to a real SMTP server and a real webhook receiver."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor import alerts
from monitor.config import Config
from monitor.records import Finding, Post
from monitor.store import outbox
from monitor.store.db import session_scope
from monitor.store.models import DeliveryRow
from tests.alerts.conftest import SLACK_URL, ConfigMaker, yaml_targets
from tests.alerts.servers import SmtpServer, WebhookServer, parts
from tests.alerts.snapshot import matches_snapshot

NOW = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]

OFFENSIVE = Finding(
    "offensive", "x", "TomOkaforBTC", "1861234567890123456", "medium", "6.4, 6.5, 7.2, 9.3",
    "The post calls residents idiots.",
    {"excerpt": "…residents who complain are idiots, frankly…", "score": 0.91, "field": "text",
     "reasons": ["insult aimed at residents"]},
)
IMPERSONATION = Finding(
    "impersonation", "x", "Brackley_TC", None, "high", "3.1", "Display name and bio copy @BrackleyTC.",
    {"score": 0.84, "reasons": ["display name 'Brackley Town Council'", "account 12 days old"],
     "subject": "x:brackleytc"},
)
DISCLAIMER = Finding("missing-disclaimer", "x", "CllrJWhitfield", None, "medium", "6.4",
                     "No disclaimer in the bio or the pinned post.", {})


def enqueue(engine: Engine, message: alerts.Message, now: datetime = NOW) -> None:
    """Queue a message the way the daemon does: in a transaction of its own."""
    with session_scope(engine) as session:
        assert alerts.queue(session, message, now)


def rows(engine: Engine) -> list[DeliveryRow]:
    """Return every outbox row, detached."""
    with session_scope(engine) as session:
        found = list(session.exec(select(DeliveryRow).order_by(DeliveryRow.id)))  # type: ignore[arg-type]
        for row in found:
            session.expunge(row)
        return found


def both(smtp: SmtpServer, make_config: ConfigMaker, **alerts_settings: object) -> Config:
    """Return the example config with an email and a Slack target."""
    return make_config(yaml_targets((smtp.url(), "email"), (SLACK_URL, "slack")), **alerts_settings)


def test_it_sends_the_exact_alert_as_html_email_with_a_text_part_and_as_slack_mrkdwn(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config, routes={"*": ["email", "slack"]})
    enqueue(database, alerts.compose_alert(config, OFFENSIVE, 7, now=NOW))

    report = alerts.deliver_pending(database, alerts.load_targets(config), NOW)

    assert (report.sent, report.retried) == (1, 0)
    [mail] = smtp.inbox.messages
    assert mail["Subject"] == "[medium] offensive: @TomOkaforBTC on X"
    assert mail["To"] == "clerk@brackley-tc.gov.uk" and mail.get_content_type() == "multipart/alternative"
    text, html = parts(mail)
    # The text part is Apprise's reading of the HTML: it must read as a list, links and all.
    matches_snapshot("alert-offensive.email.txt", text.replace("\r\n", "\n").strip() + "\n")
    matches_snapshot("alert-offensive.email.html", html.replace("\r\n", "\n").strip() + "\n")
    [slack] = webhook.slack_hits()
    assert slack.path == "/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
    assert slack.body["channel"] == "#council-alerts" and slack.body["mrkdwn"] is True
    assert slack.body["attachments"][0]["title"] == "[medium] offensive: @TomOkaforBTC on X"
    matches_snapshot("alert-offensive.slack.md", slack.body["attachments"][0]["text"] + "\n")
    [row] = rows(database)
    assert (row.state, row.attempts, row.sent_at, row.last_error) == ("sent", 1, NOW, None)


def test_each_rule_goes_to_the_tags_its_route_names(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config)  # example routes: "*" = email, impersonation = email + slack
    enqueue(database, alerts.compose_alert(config, IMPERSONATION, 1, now=NOW))
    enqueue(database, alerts.compose_alert(config, DISCLAIMER, 2, now=NOW))

    alerts.deliver_pending(database, alerts.load_targets(config), NOW)

    assert sorted(m["Subject"] for m in smtp.inbox.messages) == [
        "[high] impersonation: @Brackley_TC on X", "[medium] missing-disclaimer: @CllrJWhitfield on X"]
    assert [h.body["attachments"][0]["title"] for h in webhook.slack_hits()] == [
        "[high] impersonation: @Brackley_TC on X"]


def test_the_daily_digest_is_one_message_per_tag_listing_every_finding(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config, routes={"*": ["email"], "offensive": ["email", "slack"]})
    items = [alerts.DigestItem(DISCLAIMER, 2), alerts.DigestItem(OFFENSIVE, 7)]
    assert not any(alerts.is_immediate(config, i.finding.severity) for i in items)
    for message in alerts.compose_digest(config, items, day=NOW.date(), now=NOW):
        enqueue(database, message)

    alerts.deliver_pending(database, alerts.load_targets(config), NOW)

    [mail] = smtp.inbox.messages
    assert mail["Subject"] == "Daily digest for Tue 24 Nov 2026: 2 findings"
    text = parts(mail)[0]
    assert text.index("missing-disclaimer") < text.index("offensive")  # severity, then finding id
    assert 'Ask Cllr Jane Whitfield to add the standard disclaimer to their profile: "Statements' in text
    assert "https://x.com/TomOkaforBTC/status/1861234567890123456" in text
    [slack] = webhook.slack_hits()
    assert slack.body["attachments"][0]["title"] == "Daily digest for Tue 24 Nov 2026: 1 finding"
    assert "Tom Okafor" in slack.body["attachments"][0]["text"]
    assert "Whitfield" not in slack.body["attachments"][0]["text"]


# Post text an attacker controls, and what it must not become. Every row goes through the real
# Apprise email and Slack plugins; the checks below hold for all of them.
HOSTILE = [
    ("html and script", "<b>Vote</b> <script>alert('x')</script> <img src=x onerror=alert(1)>"),
    ("slack broadcast", "<!channel> <!here> <!everyone|all> @here @channel @everyone read this"),
    ("slack user mention", "ping <@U123ABC> and <#C123|general>"),
    ("slack link forgery",
     "<https://evil.example/login|https://www.brackley-tc.gov.uk> and <mailto:a@evil.example|clerk>"),
    ("markdown link", "[Council statement](http://evil.example) ![img](http://evil.example/x.png)"),
    ("markdown layout", "```\nclosing the block early\n``` # Heading *bold* _it_ ~strike~ > quote \\<!here\\>"),
    ("entities", "&lt;!channel&gt; &amp;lt; &#60;script&#62;"),
    ("invisible and bidi", "Brack\u200bley\u2060 Town \u202eliocnuoC\u202c\ufeff \u2066x\u2069"),
    ("control characters", "line\x00one\x1b[31mred\x07\rline two\u2028three"),
    ("100 KB", "A" * 100_000 + "<!channel>"),
]
OUR_LINKS = ("https://x.com/", "https://www.facebook.com/", "https://help.x.com/")


@pytest.mark.parametrize(("case", "text"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_post_text_arrives_inert_in_email_and_slack(
    case: str, text: str, smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config, routes={"*": ["email", "slack"]})
    finding = Finding("offensive", "x", "TomOkaforBTC", "1861234567890123456", "medium", "6.4",
                      f"Offensive: {text}", {"excerpt": text, "reasons": [text]})
    post = Post("x", "TomOkaforBTC", "1861234567890123456", NOW, text)
    enqueue(database, alerts.compose_alert(config, finding, 3, post=post, now=NOW))

    alerts.deliver_pending(database, alerts.load_targets(config), NOW)

    [mail] = smtp.inbox.messages
    plain, html = parts(mail)
    # HTML: only the tags and links we write ourselves survive; the post's markup is text.
    tags = HtmlTags.of(html)
    assert tags.names <= {"h2", "p", "b", "q", "span", "a", "pre", "br", "table", "tr", "td", "ul", "li"}
    assert all(href.startswith(OUR_LINKS) for href in tags.hrefs)
    assert not tags.event_handlers
    # Slack: the only <...> sequences are our links; no broadcast word or mention survives.
    [slack] = webhook.slack_hits()
    body = slack.body["attachments"][0]["text"]
    assert all(inner.startswith(OUR_LINKS) for inner in re.findall(r"<([^>]*)>", body))
    assert not re.search(r"@(here|channel|everyone)\b", body)
    # The layout holds: the excerpt's code block is closed by us, not by the post.
    assert body.count("```") == 2 and "*Next step:*" in body.split("```")[2]
    for shown in (plain, html, body):
        assert not re.search("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", shown)
        assert len(shown) < 12_000  # 100 KB of post text becomes a bounded excerpt


class HtmlTags:
    """The tags, links and event handlers found in an HTML document."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.hrefs: list[str] = []
        self.event_handlers: list[str] = []

    @classmethod
    def of(cls, document: str) -> HtmlTags:
        """Parse a document with the standard library's HTML parser."""
        from html.parser import HTMLParser

        found = cls()

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                """Record a start tag and its attributes."""
                found.names.add(tag)
                found.hrefs += [v or "" for k, v in attrs if k in ("href", "src")]
                found.event_handlers += [k for k, _ in attrs if k.startswith("on")]

        Parser().feed(document)
        return found


def test_a_mail_server_down_for_an_hour_gets_the_alert_exactly_once(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config)
    targets = alerts.load_targets(config)
    enqueue(database, alerts.compose_alert(config, DISCLAIMER, 2, now=NOW))
    smtp.stop()

    attempts_while_down = []
    for minute in range(0, 61):  # a simulated hour, one drain a minute: time is moved, not slept
        report = alerts.deliver_pending(database, targets, NOW + timedelta(minutes=minute))
        if report.retried:
            attempts_while_down.append(minute)
    [row] = rows(database)
    assert attempts_while_down == [0, 1, 3, 7, 15, 31]  # 1, 2, 4, 8, 16 minutes apart; next at 63
    assert row.state == "pending" and row.next_attempt_at == NOW + timedelta(minutes=63)
    assert row.last_error and row.last_error.startswith("FAILURE: mailto://")

    smtp.start()
    for minute in range(61, 130):
        alerts.deliver_pending(database, targets, NOW + timedelta(minutes=minute))

    assert [m["Subject"] for m in smtp.inbox.messages] == ["[medium] missing-disclaimer: @CllrJWhitfield on X"]
    [row] = rows(database)
    assert (row.state, row.attempts, row.sent_at) == ("sent", 7, NOW + timedelta(minutes=63))


def test_a_webhook_answering_500_is_retried_and_gets_the_message_once(
    webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = make_config(yaml_targets((f"json://127.0.0.1:{webhook.port}/hook", "email"),
                                      (f"json://127.0.0.1:{webhook.port}/hook/ops", "slack")))
    targets = alerts.load_targets(config)
    enqueue(database, alerts.compose_alert(config, DISCLAIMER, 2, now=NOW))
    webhook.failures.extend([500, 500])

    first = alerts.deliver_pending(database, targets, NOW)
    second = alerts.deliver_pending(database, targets, NOW + timedelta(minutes=1))
    third = alerts.deliver_pending(database, targets, NOW + timedelta(minutes=3))
    later = alerts.deliver_pending(database, targets, NOW + timedelta(hours=5))

    assert [(r.sent, r.retried) for r in (first, second, third, later)] == [(0, 1), (0, 1), (1, 0), (0, 0)]
    assert "FAILURE" in first.errors[0] and "json://127.0.0.1" in first.errors[0]
    assert len(webhook.json_hits()) == 3  # two refused, one accepted
    assert webhook.json_hits()[-1].body["title"] == "[medium] missing-disclaimer: @CllrJWhitfield on X"
    assert rows(database)[0].state == "sent"


def test_when_slack_fails_only_slack_is_retried_and_email_is_not_repeated(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config)
    targets = alerts.load_targets(config)
    enqueue(database, alerts.compose_alert(config, IMPERSONATION, 1, now=NOW))
    webhook.failures.append(500)

    first = alerts.deliver_pending(database, targets, NOW)

    assert first.retried == 1 and "PARTIAL" in first.errors[0]
    [row] = rows(database)
    slack_service = next(iter(targets.find("slack", match_always=False)))
    assert json.loads(row.tags_json) == [[alerts.service_tag(slack_service), "slack"]]
    assert row.last_error and row.last_error.startswith("PARTIAL: slack://T...2/A...D/T...Q")

    second = alerts.deliver_pending(database, targets, NOW + timedelta(minutes=1))

    assert second.sent == 1
    assert len(smtp.inbox.messages) == 1  # the email went out once, on the first attempt
    assert len(webhook.slack_hits()) == 2  # one refused (500), one accepted


def test_a_message_for_a_tag_no_url_carries_waits_until_one_does(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config)
    message = alerts.compose_alert(config, DISCLAIMER, 2, now=NOW)
    enqueue(database, alerts.Message(**{**message.__dict__, "tags": ("sms",)}))  # apprise.yml lost its sms URL

    report = alerts.deliver_pending(database, alerts.load_targets(config), NOW)

    assert report.retried == 1 and report.errors[0].startswith("alert 'alert:2:0' (attempt 1): NOMATCH")
    [row] = rows(database)
    assert row.state == "pending" and row.next_attempt_at == NOW + outbox.RETRY_CAP
    assert row.last_error == ("NOMATCH: no Apprise URL carries the tag(s) sms "
                              "(add one to apprise.yml; the message stays queued)")

    fixed = alerts.parse_targets(yaml_targets((smtp.url(), "email"), (f"json://127.0.0.1:{webhook.port}/hook", "sms")))
    assert alerts.deliver_pending(database, fixed, NOW + timedelta(minutes=30)).sent == 0  # not due yet
    assert alerts.deliver_pending(database, fixed, NOW + timedelta(hours=1)).sent == 1
    assert [h.body["title"] for h in webhook.json_hits()] == ["[medium] missing-disclaimer: @CllrJWhitfield on X"]
    assert smtp.inbox.messages == []


CRASHING_SENDER = """
import sys
from datetime import datetime
from monitor import alerts
from monitor.store.db import open_database
targets = alerts.parse_targets(sys.argv[2])
alerts.deliver_pending(open_database(sys.argv[1]), targets, datetime.fromisoformat(sys.argv[3]))
print("not killed")
"""


def test_a_kill_9_after_the_mail_server_accepted_gives_one_repeat_with_the_same_delivery_id(
    smtp: SmtpServer, database: Engine, database_url: str, make_config: ConfigMaker,
) -> None:
    config = make_config(yaml_targets((smtp.url(), "email"), (SLACK_URL, "slack")))
    enqueue(database, alerts.compose_alert(config, DISCLAIMER, 2, now=NOW))
    sender = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SENDER, database_url, yaml_targets((smtp.url(), "email")), NOW.isoformat()],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # The server has the message; the sender dies before it hears "250 OK" and before it marks the row.
    smtp.inbox.on_data = lambda _message: os.kill(sender.pid, signal.SIGKILL)
    out, _err = sender.communicate(timeout=120)
    assert sender.returncode == -signal.SIGKILL and "not killed" not in out
    smtp.inbox.on_data = None
    [row] = rows(database)
    assert (row.state, row.attempts) == ("sending", 1)

    later = NOW + timedelta(minutes=2)  # the daemon restarts
    with session_scope(database) as session:
        assert outbox.recover_interrupted(session, later) == 1
    report = alerts.deliver_pending(database, alerts.load_targets(config), later)

    assert report.sent == 1
    first, repeat = smtp.inbox.messages
    assert first["X-Council-Monitor-Delivery"] == repeat["X-Council-Monitor-Delivery"] == repeat["References"]
    assert first["Message-ID"] != repeat["Message-ID"]  # Apprise always makes its own
    [row] = rows(database)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)
    assert alerts.deliver_pending(database, alerts.load_targets(config), later + timedelta(hours=2)).sent == 0


def test_the_monitor_says_when_it_goes_blind_and_when_it_sees_again(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker,
) -> None:
    config = both(smtp, make_config)
    since = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)
    enqueue(database, alerts.compose_system(config, "x", down=True, since=since,
                                            detail="HTTP 503 from api.x.com <!channel>"))
    enqueue(database, alerts.compose_system(config, "x", down=False, since=since, until=since + timedelta(hours=2)))

    alerts.deliver_pending(database, alerts.load_targets(config), since + timedelta(hours=2))

    subjects = [m["Subject"] for m in smtp.inbox.messages]
    assert subjects == ["Monitor blind to X since 09:14 Tue 24 Nov", "Monitor sees X again"]
    blind, back = (parts(m)[0] for m in smtp.inbox.messages)
    assert "Since: 09:14 on Tue 24 Nov 2026 (council time)" in blind
    assert "Last error: HTTP 503 from api.x.com <!channel>" in blind  # text/plain: shown as written, inert
    assert "Blind: from 09:14 Tue 24 Nov to 11:14 Tue 24 Nov (council time)" in back
    assert webhook.slack_hits() == []  # system messages go to the default route (email)


def test_a_report_arrives_with_its_attachment_and_says_which_are_missing(
    smtp: SmtpServer, webhook: WebhookServer, database: Engine, make_config: ConfigMaker, tmp_path: Path,
) -> None:
    config = both(smtp, make_config)
    pdf = tmp_path / "weekly-report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% weekly report\n")
    with session_scope(database) as session:
        outbox.enqueue(session, "report:2026-W48", "report", config.alerts.report_tags, "Weekly report",
                       "**Weekly report** attached.", "<p><b>Weekly report</b> attached.</p>",
                       [str(pdf), str(tmp_path / "chart-gone.png")], now=NOW)

    assert alerts.deliver_pending(database, alerts.load_targets(config), NOW).sent == 1

    [mail] = smtp.inbox.messages
    assert mail.get_content_type() == "multipart/mixed"
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "weekly-report.pdf"
    assert attached.get_content() == b"%PDF-1.7\n% weekly report\n"
    assert "Attachment(s) missing on the server: chart-gone.png" in parts(mail)[0]
    assert rows(database)[0].last_error == "attachment(s) missing: chart-gone.png"


def test_an_image_the_html_names_by_content_id_travels_inline_and_the_rest_attached(
    smtp: SmtpServer, database: Engine, make_config: ConfigMaker, tmp_path: Path,
) -> None:
    """The weekly report's chart: Gmail and Outlook show no data: images, so it goes as an inline part."""
    config = make_config(yaml_targets((smtp.url(), "email")), routes={"*": ["email"]})
    chart, pdf = tmp_path / "report-2027-W15-chart.png", tmp_path / "report-2027-W15.pdf"
    chart.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    html = ('<p>The week in numbers:</p><img src="cid:report-2027-W15-chart.png" alt="Findings per week: W15 5.">')
    enqueue(database, alerts.Message("report", "report:2027-W15:full", ("email",), "Weekly report", "text", html,
                                     (str(chart), str(pdf))))
    targets = alerts.load_targets(config)

    report = alerts.deliver_pending(database, targets, NOW)

    assert (report.sent, report.retried) == (1, 0)
    [mail] = smtp.inbox.messages
    assert mail.get_content_type() == "multipart/related"
    image = next(p for p in mail.walk() if p.get_content_type() == "image/png")
    assert image["Content-ID"] == "<report-2027-W15-chart.png>"
    assert str(image["Content-Disposition"]).startswith("inline")
    attached = next(p for p in mail.walk() if p.get_content_type() == "application/pdf")
    assert str(attached["Content-Disposition"]).startswith("attachment")
    _, body = parts(mail)
    assert 'src="cid:report-2027-W15-chart.png"' in body and "data:image" not in body
    # The switch is for that send only: the next email with an image attachment attaches it as usual.
    assert all(not getattr(s, "inline", False) for s in targets)
