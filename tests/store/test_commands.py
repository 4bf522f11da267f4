"""The triage commands end to end: findings, ack, dismiss and export against a real database."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from monitor.cli import main
from monitor.store.db import session_scope
from monitor.store.findings import audit_trail, mark_alerted, record_findings
from monitor.store.repo import save_batch
from tests.conftest import EXAMPLE_CONFIG
from tests.store.builders import T0, account, batch, finding, post

HOSTILE = "\x1b[2J<script>alert(1)</script>\u202e evil"


@pytest.fixture
def config_file(database_url: str, tmp_path: Path) -> Path:
    """Write the example config with storage.url pointing at the test database."""
    text = EXAMPLE_CONFIG.read_text().replace('\nurl = ""', f'\nurl = "{database_url}"', 1)
    assert database_url in text
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


@pytest.fixture
def seeded(database: Engine) -> list[int]:
    """Store a councillor, a post and two findings (one with hostile text); return their ids."""
    with session_scope(database) as session:
        save_batch(session, batch([account()], [post("1001", text="@CllrSmith hello")]), T0)
        outcome = record_findings(session, [finding(), finding("offensive", post_id="1001", message=HOSTILE)], set(),
                                  T0)
        mark_alerted(session, outcome.to_alert, T0)
        return [row.id for row in outcome.to_alert if row.id is not None]


def cli(config: Path, *argv: str) -> int:
    """Run the command line in this process."""
    return main([argv[0], "--config", str(config), *argv[1:]])


def test_findings_lists_them_for_a_person(config_file: Path, seeded: list[int],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The text table shows each finding once, with escapes in place of terminal control characters."""
    assert cli(config_file, "findings", "--open") == 0
    out = capsys.readouterr().out
    assert "missing-disclaimer" in out and "offensive" in out and "2 findings." in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\u001b[2J<script>" in out and "\\u202e evil" in out


def test_findings_as_json_carry_their_audit_trail(config_file: Path, seeded: list[int],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--format json is a list other tools can read, filtered by --rule."""
    assert cli(config_file, "findings", "--rule", "offensive", "--format", "json") == 0
    [item] = json.loads(capsys.readouterr().out)
    assert (item["id"], item["message"], item["state"]) == (seeded[1], HOSTILE, "open")
    assert [a["action"] for a in item["audit"]] == ["found", "evidence captured", "alerted"]


def test_ack_and_dismiss_change_state_and_say_who(config_file: Path, seeded: list[int], database: Engine,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """ack records the note and --by; dismiss defaults --by to the sudo caller."""
    monkeypatch.setenv("SUDO_USER", "jclerk")
    assert cli(config_file, "ack", str(seeded[0]), "--note", "emailed Cllr Smith", "--by", "Jane Clerk") == 0
    assert cli(config_file, "dismiss", str(seeded[1]), "--reason", "quoting a resident") == 0
    out = capsys.readouterr().out
    assert f"Finding {seeded[0]} (missing-disclaimer, x @CllrSmith) acknowledged by Jane Clerk." in out
    assert "dismissed by jclerk" in out
    with session_scope(database) as session:
        assert [(a.actor, a.action, a.note) for a in audit_trail(session, seeded[0])][-1] == \
            ("Jane Clerk", "acknowledged", "emailed Cllr Smith")
        assert audit_trail(session, seeded[1])[-1].actor == "jclerk"
    assert cli(config_file, "findings", "--open") == 0
    assert "1 finding." in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "status", "message"), [
    (["ack", "42", "--note", "x"], 1, "no finding 42\n  hint: list them with council-monitor findings"),
    (["dismiss", "42", "--reason", "x"], 1, "no finding 42"),
    (["ack", "SEED", "--note", " "], 1, "--note is empty"),
    (["findings", "--rule", "offensiv"], 2, "no rule 'offensiv'\n  hint: the rules are missing-disclaimer, "),
])
def test_mistakes_are_explained_with_a_hint(config_file: Path, seeded: list[int], capsys: pytest.CaptureFixture[str],
                                            argv: list[str], status: int, message: str) -> None:
    """An unknown id or an empty note exits 1, a mistyped rule 2, and each says what to do."""
    argv = [str(seeded[0]) if a == "SEED" else a for a in argv]
    assert cli(config_file, *argv) == status
    assert message in capsys.readouterr().err


def test_export_writes_a_private_file_and_never_overwrites_it(config_file: Path, seeded: list[int], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The export file is 0600; asking for the same file again is refused with exit 73."""
    out = tmp_path / "sar.json"
    assert cli(config_file, "export", "--account", "@cllrsmith", "--platform", "x", "--out", str(out)) == 0
    data = json.loads(out.read_text())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert (data["accounts"][0]["handle"], len(data["findings"])) == ("CllrSmith", 2)
    assert "Wrote" in capsys.readouterr().err
    assert cli(config_file, "export", "--account", "cllrsmith", "--out", str(out)) == 73
    assert "never overwritten" in capsys.readouterr().err


def test_a_command_run_where_there_is_no_database_says_where_it_looked(
        example_config: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With no storage.url and no database file, the commands exit 66 rather than invent an empty database."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path))
    assert main(["findings", "--config", str(EXAMPLE_CONFIG)]) == 66
    assert f"no database at {tmp_path}/monitor.sqlite" in capsys.readouterr().err


def test_the_installed_command_runs_end_to_end(config_file: Path, seeded: list[int]) -> None:
    """`python -m monitor findings --format json` in a child process (what the Clerk actually runs)."""
    env = {k: v for k, v in os.environ.items() if k != "STATE_DIRECTORY"}
    done = subprocess.run([sys.executable, "-m", "monitor", "findings", "--config", str(config_file), "--format",
                           "json"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(item["id"] for item in json.loads(done.stdout)) == sorted(seeded)
