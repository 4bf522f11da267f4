"""Exactly one report per week around the Monday boundary: restarts, crashes, two processes, missed Mondays.

Missed weeks are each sent when the server comes back (oldest first): every week keeps its own report
on file, and a late report says what it would have said on time. After store.due.MAX_BACKLOG weeks
only the latest are sent.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.report.deliver import DUTY, build, schedule_of, send_due_reports
from monitor.report.schedule import Week
from monitor.store.db import open_database, session_scope
from monitor.store.due import MAX_BACKLOG, claim_due, ensure_due
from monitor.store.models import DeliveryRow, DueRow
from tests.conftest import ROOT
from tests.report.seed import at, seed_week
from tests.report.worker import config_for

DELIVERY = DeliveryRow.metadata.tables["delivery"]
DUE = DueRow.metadata.tables["due"]
MONDAY_0800 = at(19, 8)  # Monday 19 April 2027, 08:00 BST
PROCESS_TIMEOUT = 120


@pytest.fixture
def engine(database_url: str) -> Engine:
    """Return the seeded database (its own engine, so worker processes can share the URL)."""
    engine = open_database(database_url)
    seed_week(engine)
    return engine


@pytest.fixture
def config(database_url: str, tmp_path: Path) -> Config:
    """Return the example config on the test database, writing reports under tmp_path."""
    return config_for(database_url, str(tmp_path / "reports"))


def deliveries(engine: Engine) -> list[dict[str, object]]:
    """Return the outbox rows, oldest first."""
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(DELIVERY).order_by(DELIVERY.c.id))]


def due_row(engine: Engine) -> dict[str, object]:
    """Return the weekly report's due row."""
    with engine.connect() as conn:
        return dict(conn.execute(select(DUE).where(DUE.c.name == DUTY)).one()._mapping)


def start_duty(engine: Engine, config: Config, installed: datetime) -> None:
    """Install the monitor at a moment: the first report is due the Monday after."""
    assert send_due_reports(engine, config, installed) == []


def worker(action: str, url: str, config: Config, now: datetime, go: Path | None = None) -> subprocess.Popen[str]:
    """Start a worker process (tests/report/worker.py)."""
    args = [sys.executable, "-m", "tests.report.worker", action, url, config.report.out_dir, now.isoformat()]
    return subprocess.Popen(args + ([str(go)] if go else []), cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait (bounded) for a worker and return its exit status and output."""
    out, err = proc.communicate(timeout=PROCESS_TIMEOUT)
    return proc.returncode, out, err


def test_it_queues_exactly_one_report_per_week(engine: Engine, config: Config) -> None:
    """Not a minute early, once at 08:00, and not again at 08:05."""
    start_duty(engine, config, at(16, 12))
    assert due_row(engine)["due_at"] == MONDAY_0800
    assert send_due_reports(engine, config, MONDAY_0800 - timedelta(minutes=1)) == []
    assert send_due_reports(engine, config, MONDAY_0800) == [Week(2027, 15)]
    assert send_due_reports(engine, config, MONDAY_0800 + timedelta(minutes=5)) == []
    (row,) = deliveries(engine)
    assert row["dedupe_key"] == "report:2027-W15:full" and row["kind"] == "report"
    assert json.loads(str(row["tags_json"])) == ["email"]
    assert "week 2027-W15" in str(row["title"]) and "1. NEEDS ACTION" in str(row["body_text"])
    assert "<h1>" in str(row["body_html"])
    attachments = [Path(p) for p in json.loads(str(row["attachments_json"]))]
    # The chart goes first, inline: the HTML names it by Content-ID (mail clients show no data: images).
    assert [p.name for p in attachments] == ["report-2027-W15-chart.png", "report-2027-W15.pdf", "report-2027-W15.csv"]
    assert attachments[0].read_bytes().startswith(b"\x89PNG") and attachments[1].read_bytes().startswith(b"%PDF")
    assert attachments[2].stat().st_size > 100
    assert 'src="cid:report-2027-W15-chart.png"' in str(row["body_html"]) and "data:image" not in str(row["body_html"])
    assert due_row(engine)["due_at"] == at(26, 8) and due_row(engine)["version"] == 1


def test_the_report_carries_a_summary_for_chat_services(engine: Engine, database_url: str, tmp_path: Path) -> None:
    """One message for every report tag; at send time Slack gets the totals, email everything (tests/alerts)."""
    config = config_for(database_url, str(tmp_path / "reports"), tags=["email", "slack-clerk"])
    start_duty(engine, config, at(16, 12))
    send_due_reports(engine, config, MONDAY_0800)
    (row,) = deliveries(engine)
    assert row["dedupe_key"] == "report:2027-W15:full" and json.loads(str(row["tags_json"])) == ["email", "slack-clerk"]
    assert "<h1>" in str(row["body_html"]) and len(json.loads(str(row["attachments_json"]))) == 3
    assert str(row["body_summary"]).startswith("Weekly social media compliance report, week 2027-W15.")


def test_two_processes_claiming_at_once_queue_one_report(engine: Engine, database_url: str, config: Config,
                                                         tmp_path: Path) -> None:
    """Both are ready, both go at the same moment: one queues the week, the other finds it taken."""
    start_duty(engine, config, at(16, 12))
    go = tmp_path / "go"
    procs = [worker("send", database_url, config, MONDAY_0800, go) for _ in range(2)]
    deadline = datetime.now(UTC) + timedelta(seconds=PROCESS_TIMEOUT)
    while len(list(tmp_path.glob("ready-*"))) < 2 and datetime.now(UTC) < deadline:
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.05)  # waiting for two processes to import and connect, not for the clock
    go.touch()
    results = [finish(p) for p in procs]
    assert [status for status, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert sorted(json.loads(out) for _, out, _ in results) == [[], ["2027-W15"]]
    assert [d["dedupe_key"] for d in deliveries(engine)] == ["report:2027-W15:full"]
    assert due_row(engine)["version"] == 1


def test_a_crash_after_the_claim_before_the_commit_leaves_the_week_due(engine: Engine, database_url: str,
                                                                      config: Config) -> None:
    """The dead process's claim is rolled back; the restarted monitor queues the week, once."""
    start_duty(engine, config, at(16, 12))
    status, out, err = finish(worker("claim-then-die", database_url, config, MONDAY_0800))
    assert status == 9 and json.loads(out) == [MONDAY_0800.isoformat()], err
    assert due_row(engine)["version"] == 0 and due_row(engine)["due_at"] == MONDAY_0800
    assert deliveries(engine) == []
    assert send_due_reports(engine, config, MONDAY_0800 + timedelta(minutes=1)) == [Week(2027, 15)]
    assert len(deliveries(engine)) == 1


def test_a_crash_after_the_commit_leaves_one_report_queued(engine: Engine, database_url: str, config: Config) -> None:
    """Claim and outbox row were committed together: after a restart nothing is queued twice."""
    start_duty(engine, config, at(16, 12))
    status, out, err = finish(worker("send-then-die", database_url, config, MONDAY_0800))
    assert status == 9 and json.loads(out) == ["2027-W15"], err
    assert send_due_reports(engine, config, MONDAY_0800 + timedelta(minutes=3)) == []
    (row,) = deliveries(engine)
    assert row["state"] == "pending" and row["sent_at"] is None  # the outbox sends it, once


def test_after_two_missed_mondays_each_week_is_sent_once_on_return(engine: Engine, config: Config) -> None:
    """Off from Friday 9 April to Tuesday 20 April: weeks 14 and 15 go out when it is back, oldest first."""
    start_duty(engine, config, at(9, 12))
    assert send_due_reports(engine, config, at(20, 10)) == [Week(2027, 14), Week(2027, 15)]
    assert send_due_reports(engine, config, at(20, 10, 15)) == []
    assert [d["dedupe_key"] for d in deliveries(engine)] == ["report:2027-W14:full", "report:2027-W15:full"]
    assert due_row(engine)["due_at"] == at(26, 8)


def test_a_report_sent_late_says_what_it_would_have_said_on_time(engine: Engine, config: Config) -> None:
    """Everything is as at the end of the week; only the 'Made' line differs."""
    on_time = build(engine, config, Week(2027, 14), at(12, 8), with_pdf=False)
    late = build(engine, config, Week(2027, 14), at(20, 10), with_pdf=False)

    def without_made(text: str) -> str:
        """Drop the line that says when the report was made."""
        return "\n".join(line for line in text.splitlines() if not line.startswith("Made "))

    assert without_made(late.text) == without_made(on_time.text)
    assert late.csv == on_time.csv


def test_a_long_outage_claims_only_the_latest_weeks(database: Engine, config: Config) -> None:
    """Off since January: only the last MAX_BACKLOG Mondays are claimed, and the due time moves past now."""
    step = schedule_of(config)
    with session_scope(database) as session:
        ensure_due(session, DUTY, step(at(1, 12, month=1)))
    with session_scope(database) as session:
        claimed = claim_due(session, DUTY, MONDAY_0800 + timedelta(hours=1), step)
    assert len(claimed) == MAX_BACKLOG and claimed[-1] == MONDAY_0800
    assert claimed[0] == at(1, 8, month=3)  # Monday 1 March, 08:00 GMT: seven Mondays before 19 April
    assert due_row(database)["due_at"] == at(26, 8)


def test_the_outbox_refuses_a_second_copy_even_if_the_due_time_is_rewound(engine: Engine, config: Config) -> None:
    """Someone resets the due row by hand: the week is claimed again, but its dedupe key is already queued."""
    start_duty(engine, config, at(16, 12))
    send_due_reports(engine, config, MONDAY_0800)
    with engine.begin() as conn:
        conn.execute(update(DUE).where(DUE.c.name == DUTY).values(due_at=MONDAY_0800, version=DUE.c.version + 1))
    assert send_due_reports(engine, config, MONDAY_0800 + timedelta(minutes=1)) == [Week(2027, 15)]
    assert len(deliveries(engine)) == 1


def test_the_first_start_waits_for_the_next_monday(engine: Engine, config: Config) -> None:
    """Installed on a Tuesday: no report for the week before installation."""
    assert send_due_reports(engine, config, at(20, 10)) == []
    assert due_row(engine)["due_at"] == at(26, 8) and deliveries(engine) == []


def test_without_weasyprint_the_report_still_goes_with_its_csv(engine: Engine, config: Config,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """A server missing the PDF library still sends the week's email and CSV, and the log says why."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # "import weasyprint" now fails, as without Pango
    start_duty(engine, config, at(16, 12))
    assert send_due_reports(engine, config, MONDAY_0800) == [Week(2027, 15)]
    (row,) = deliveries(engine)
    assert [Path(p).name for p in json.loads(str(row["attachments_json"]))] == [
        "report-2027-W15-chart.png", "report-2027-W15.csv"]
    assert "goes without its PDF" in caplog.text
