"""The demo's output is a golden file: findings, every message's subject and bodies, the report's CSV.

Restructuring the code must not change what the Clerk receives. The demo runs from a fixed start, so
everything it produces is the same from run to run once the few values a run draws afresh (delivery ids,
Content-IDs, MIME boundaries, the sandbox's ports) are masked. After a deliberate change of output,
regenerate with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/daemon/test_demo_golden.py` and review
the diff like code.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import mailbox
import os
import re
import sqlite3
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from monitor.demo import run_demo

GOLDEN = Path(__file__).parent / "golden" / "demo.txt"
START = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)  # a Tuesday morning, council time
# What a run draws afresh: ports, delivery ids and hex tokens, MIME boundaries and Content-IDs.
_VOLATILE = (
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    # The audit trail's head hash in the digest: it changes with any note in the trail.
    (re.compile(r"\b[0-9a-f]{64}\b"), "SHA256"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "HEX32"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "UUID"),
    (re.compile(r"={5,}[0-9]+=*"), "BOUNDARY"),
    (re.compile(r"<[^<>@\s]+@[^<>\s]+>"), "<CONTENT-ID>"),
)


def masked(text: str, state: Path) -> str:
    """Return text with the run's folder and its volatile values replaced by placeholders."""
    text = text.replace(str(state.resolve()), "STATE")
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return text


def findings_of(database: Path) -> list[str]:
    """Return every finding as one line of JSON, in a stable order."""
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT rule, platform, handle, post_id, severity, clause, message, evidence_json, "
                            "state FROM finding ORDER BY rule, platform, handle, post_id, message").fetchall()
    keys = ("rule", "platform", "handle", "post_id", "severity", "clause", "message", "evidence", "state")
    return [json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False, sort_keys=True) for row in rows]


def message_of(raw: bytes) -> list[str]:
    """Return a message's subject, recipients and every text part, one block each."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    out = [f"Subject: {parsed['Subject']}", f"To: {parsed['To']}"]
    for part in parsed.walk():
        if part.get_content_maintype() == "text":
            out += [f"--- {part.get_content_type()}", str(part.get_content()).rstrip()]
        elif not part.is_multipart():
            out.append(f"--- {part.get_content_type()} ({part.get_filename() or 'inline'})")
    return out


def snapshot(state: Path) -> str:
    """Return the demo's findings, messages (sorted by subject) and report CSV as one text."""
    box = mailbox.Maildir(state / "mailbox", create=False)
    messages = sorted("\n".join(message_of(box.get_bytes(key))) for key in box.iterkeys())
    reports = sorted((state / "reports").glob("report-*.csv"))
    parts = ["== findings", *findings_of(state / "monitor.sqlite")]
    for number, message in enumerate(messages, 1):
        parts += [f"== message {number}", message]
    for report in reports:
        parts += [f"== {report.name}", report.read_text(encoding="utf-8-sig").rstrip()]
    return masked("\n".join(parts) + "\n", state)


def test_the_demo_gives_the_same_findings_messages_and_report_as_the_golden_file(tmp_path: Path) -> None:
    state = tmp_path / "demo"

    assert run_demo(state, state / "mailbox", 3, io.StringIO(), now=START) == 0

    got = snapshot(state).replace("\r\n", "\n")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8", newline="")
    assert got == GOLDEN.read_bytes().decode("utf-8")
