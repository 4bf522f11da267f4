"""`council-monitor demo`: the real daemon on the bundled sandbox, filing its email in a Maildir.

What happens: the alerts of the seeded breaches, the alert for the post added during the second cycle,
the daily digest and the weekly report arrive in the Maildir; the report's files and the database are
where the output says; the config it wrote is one `run` accepts; a folder it did not make is refused.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.demo import mailbox_subjects, to_toml
from tests.conftest import EXAMPLE_CONFIG
from tests.daemon.support import FIRST_ALERTS


def test_the_demo_runs_the_daemon_and_files_every_message_in_the_maildir(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "demo"

    status = main(["demo", "--state", str(state), "--cycles", "2"])

    out = capsys.readouterr().out
    assert status == 0, out
    subjects = mailbox_subjects(state / "mailbox")
    assert set(subjects) >= FIRST_ALERTS
    assert subjects.count("[high] pre-election: @BrackleyTC on X") == 2  # the seeded post and the new one
    assert len([s for s in subjects if s.startswith("Daily digest for ")]) == 1
    assert len([s for s in subjects if "social media compliance report" in s]) == 1
    # The chart beside them is the email's inline image (report-<week>-chart.png, named by Content-ID).
    assert {p.suffix for p in (state / "reports").glob("report-*")} == {".html", ".pdf", ".csv", ".png"}
    assert f"mutt -f {(state / 'mailbox').resolve()}): {len(subjects)} message(s)" in out
    assert str((state / "monitor.sqlite").resolve()) in out and "sandbox X:" in out
    assert load_config(state / "config.toml").platforms.x.base_url is not None


def test_the_demo_refuses_a_folder_it_did_not_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")

    assert main(["demo", "--state", str(tmp_path)]) == 2
    assert "was not made by the demo" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_toml_the_demo_writes_reads_back_as_the_same_data() -> None:
    data = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["alerts"]["routes"]["odd key \"quoted\""] = ["email"]

    assert tomllib.loads(to_toml(data)) == data
