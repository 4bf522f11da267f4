"""Who gets a message's summary rather than all of it: decided from the Apprise service, never a tag's name.

Email gets the whole report (HTML, text part, attachments); Slack, webhooks and other chat services get
the few lines of the summary and no files, whatever their tags are called.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import apprise
import pytest
from sqlalchemy.engine import Engine

from monitor import alerts
from monitor.alerts.delivering import gets_summary
from monitor.store.db import session_scope
from tests.alerts.conftest import SLACK_URL, yaml_targets
from tests.alerts.servers import SmtpServer, WebhookServer, parts

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SUMMARY = "Weekly social media compliance report, week 2026-W48. New findings: 3. Unresolved: 5."

# (what, apprise.yml as (service, tag) pairs, the report's tags)
DELIVERIES = [
    ("email and Slack under their usual tags", [("mail", "email"), ("slack", "slack")], ("email", "slack")),
    ("tags named against the grain", [("mail", "slack-mail"), ("slack", "clerk")], ("slack-mail", "clerk")),
    ("one tag for email, Slack and a webhook", [("mail", "clerk"), ("slack", "clerk"), ("json", "clerk")],
     ("clerk",)),
]

# (Apprise URL, whether that kind of service gets the summary)
SERVICES = [
    ("mailtos://monitor:pw@mail.brackley-tc.gov.uk:587?to=clerk@brackley-tc.gov.uk", False),
    ("o365://monitor@brackley-tc.gov.uk/8b799edf-6f98-4d3a-9be7-2862fb4e5752/8b799edf-6f98-4d3a-9be7-2862fb4e5752/"
     "secret/clerk@brackley-tc.gov.uk", False),
    ("sendgrid://abcd1234abcd:monitor@brackley-tc.gov.uk/clerk@brackley-tc.gov.uk", False),
    (SLACK_URL, True),
    ("json://127.0.0.1:8080/hook", True),
    ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", True),
]


def report(tags: tuple[str, ...], pdf: Path) -> alerts.Message:
    """Return a weekly report as the report job queues it: whole, with its summary and a PDF."""
    return alerts.Message("report", "report:2026-W48:full", tags, "Weekly report, week 2026-W48",
                          "WEEKLY REPORT in full", "<h1>Weekly report</h1><p>in full</p>", (str(pdf),),
                          summary=SUMMARY)


@pytest.mark.parametrize(("url", "summary"), SERVICES, ids=[u.split(":")[0] for u, _ in SERVICES])
def test_every_kind_of_service_but_email_gets_the_summary(url: str, summary: bool) -> None:
    service = apprise.Apprise.instantiate(url)
    assert service is not None, url
    assert gets_summary(service) is summary


@pytest.mark.parametrize(("entries", "tags"), [d[1:] for d in DELIVERIES], ids=[d[0] for d in DELIVERIES])
def test_email_gets_the_whole_report_and_chat_services_its_summary_whatever_the_tags(
    entries: list[tuple[str, str]], tags: tuple[str, ...], smtp: SmtpServer, webhook: WebhookServer,
    database: Engine, tmp_path: Path,
) -> None:
    pdf = tmp_path / "report-2026-W48.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% weekly report\n")
    urls = {"mail": smtp.url(), "slack": SLACK_URL, "json": f"json://127.0.0.1:{webhook.port}/hook"}
    targets = alerts.parse_targets(yaml_targets(*[(urls[kind], tag) for kind, tag in entries]))
    with session_scope(database) as session:
        assert alerts.queue(session, report(tags, pdf), NOW)

    assert alerts.deliver_pending(database, targets, NOW).sent == 1

    [mail] = smtp.inbox.messages
    text, html = parts(mail)
    assert "<h1>Weekly report</h1><p>in full</p>" in html and "in full" in text and SUMMARY not in text
    assert [a.get_filename() for a in mail.iter_attachments()] == ["report-2026-W48.pdf"]
    slack, hooks = webhook.slack_hits(), webhook.json_hits()
    assert len(slack) + len(hooks) == len(entries) - 1
    assert [h.body["attachments"][0]["text"] for h in slack] == [SUMMARY] * len(slack)
    assert [(h.body["message"], h.body["attachments"]) for h in hooks] == [(SUMMARY, [])] * len(hooks)
