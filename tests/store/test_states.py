"""Finding states: open -> acknowledged -> fixed | dismissed, reopen, assignment beside the state, commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from monitor.cli import main
from monitor.store.db import session_scope
from monitor.store.findings import (
    FindingError,
    acknowledge,
    assign,
    audit_trail,
    dismiss,
    get_finding,
    list_findings,
    mark_alerted,
    mark_fixed,
    overdue,
    record_findings,
    reopen,
    unalerted,
)
from tests.conftest import EXAMPLE_CONFIG
from tests.store.builders import DAY, HOUR, T0, finding


@pytest.fixture
def fid(database: Engine) -> int:
    """Store one finding, alerted; return its id."""
    with session_scope(database) as session:
        [row] = record_findings(session, [finding()], set(), T0).to_alert
        mark_alerted(session, [row], T0)
        assert row.id is not None
        return row.id


def trail(engine: Engine, finding_id: int) -> list[tuple[str, str, str]]:
    """Return (actor, action, note) of a finding's changes in the audit trail, oldest first (not its evidence)."""
    with session_scope(engine) as session:
        return [(a.actor, a.action, a.note) for a in audit_trail(session, finding_id)
                if a.action != "evidence captured"]


def test_alerting_is_not_a_state(database: Engine, fid: int) -> None:
    """An alerted finding is open with alerted_at set, and is not handed to the digest again."""
    with session_scope(database) as session:
        row = get_finding(session, fid)
        assert (row.state, row.alerted_at) == ("open", T0)
        assert unalerted(session) == []


def test_acknowledge_then_fix_then_reopen(database: Engine, fid: int) -> None:
    """The Clerk's path, each step in the audit trail with who and why."""
    with session_scope(database) as session:
        acknowledge(session, fid, "clerk", "emailed Cllr Smith", T0 + HOUR)
        row = mark_fixed(session, fid, "clerk", "Cllr Smith added the disclaimer", T0 + 2 * HOUR)
        assert (row.state, row.closed_by, row.closed_reason, row.closed_note, row.closed_at) == (
            "fixed", "clerk", "fixed by the Clerk", "Cllr Smith added the disclaimer", T0 + 2 * HOUR)
        assert list_findings(session, active_only=True) == []
        row = reopen(session, fid, "clerk", "it is gone again", T0 + DAY)
        assert (row.state, row.closed_at, row.closed_reason, row.reopened) == ("open", None, None, 1)
    assert [a for _, a, _ in trail(database, fid)] == ["found", "alerted", "acknowledged", "fixed", "reopened"]


def test_a_dismissal_keeps_its_reason_and_can_be_reopened(database: Engine, fid: int) -> None:
    """Dismissed as a false positive, with the reason required; reopen brings it back."""
    with session_scope(database) as session:
        with pytest.raises(FindingError, match="--reason is empty"):
            dismiss(session, fid, "clerk", "  ", T0)
        row = dismiss(session, fid, "clerk", "quotes a resident", T0 + HOUR)
        assert (row.state, row.closed_reason, row.closed_note) == ("dismissed", "false positive", "quotes a resident")
        reopen(session, fid, "clerk", "dismissed by mistake", T0 + 2 * HOUR)
        assert get_finding(session, fid).state == "open"


@pytest.mark.parametrize(("setup", "change", "message"), [
    ("ack", "ack", "is acknowledged, so you cannot acknowledge it; you can assign, fix or dismiss it"),
    ("fix", "fix", "is fixed, so you cannot fix it; you can reopen or dismiss it"),
    ("fix", "assign", "is fixed, so you cannot assign it; you can reopen or dismiss it"),
    ("dismiss", "ack", "is dismissed, so you cannot acknowledge it; you can reopen it"),
    ("dismiss", "dismiss", "is dismissed, so you cannot dismiss it; you can reopen it"),
    (None, "reopen", "is open, so you cannot reopen it; you can acknowledge, assign, fix or dismiss it"),
])
def test_a_change_the_state_does_not_allow_says_what_is_allowed(database: Engine, fid: int, setup: str | None,
                                                                 change: str, message: str) -> None:
    """Each refusal names the state and what it allows."""
    actions = {
        "ack": lambda s: acknowledge(s, fid, "clerk", "seen", T0 + HOUR),
        "fix": lambda s: mark_fixed(s, fid, "clerk", "deleted", T0 + HOUR),
        "dismiss": lambda s: dismiss(s, fid, "clerk", "not a breach", T0 + HOUR),
        "assign": lambda s: assign(s, fid, "clerk", "Tom Okafor", T0 + DAY, "", T0 + HOUR),
        "reopen": lambda s: reopen(s, fid, "clerk", "again", T0 + HOUR),
    }
    with session_scope(database) as session:
        if setup:
            actions[setup](session)
        with pytest.raises(FindingError, match=message):
            actions[change](session)


def test_assignment_does_not_change_the_state_and_overdue_lists_it(database: Engine, fid: int) -> None:
    """Assigned with a due date: still open; once the date passes it is overdue until closed."""
    with session_scope(database) as session:
        row = assign(session, fid, "clerk", "Tom Okafor", T0 + DAY, "please add the disclaimer", T0 + HOUR)
        assert (row.state, row.assigned_to, row.due_at) == ("open", "Tom Okafor", T0 + DAY)
        assert overdue(session, T0 + DAY - HOUR) == []
        assert [r.id for r in overdue(session, T0 + 2 * DAY)] == [fid]
        with pytest.raises(FindingError, match="has passed"):
            assign(session, fid, "clerk", "Tom Okafor", T0, "", T0 + HOUR)
        mark_fixed(session, fid, "clerk", "done", T0 + 2 * DAY)
        assert overdue(session, T0 + 3 * DAY) == []
    assert ("clerk", "assigned", "to Tom Okafor by 2025-03-04 09:00 UTC: please add the disclaimer") in \
        trail(database, fid)


@pytest.fixture
def config_file(database_url: str, tmp_path: Path) -> Path:
    """Write the example config with storage.url pointing at the test database."""
    text = EXAMPLE_CONFIG.read_text().replace('\nurl = ""', f'\nurl = "{database_url}"', 1)
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def cli(config: Path, *argv: str) -> int:
    """Run the command line in this process."""
    return main([argv[0], "--config", str(config), *argv[1:]])


def test_the_commands_fix_assign_and_reopen(config_file: Path, fid: int, database: Engine,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """assign takes a councillor's name or handle from the config; fix and reopen need their reason."""
    assert cli(config_file, "assign", str(fid), "@tomokaforbtc", "--due", "3", "--by", "Jane Clerk") == 0
    assert f"Finding {fid} (missing-disclaimer, x @CllrSmith) assigned to Tom Okafor by Jane Clerk, due" in \
        capsys.readouterr().out
    assert cli(config_file, "assign", str(fid), "Nobody") == 2
    assert "no councillor 'Nobody' in the config\n  hint: the councillors are Jane Whitfield, Tom Okafor" in \
        capsys.readouterr().err
    assert cli(config_file, "fix", str(fid), "--reason", "Cllr Smith deleted it", "--by", "Jane Clerk") == 0
    assert "marked fixed by Jane Clerk." in capsys.readouterr().out
    assert cli(config_file, "fix", str(fid), "--reason", "again") == 1
    assert "you can reopen or dismiss it" in capsys.readouterr().err
    assert cli(config_file, "reopen", str(fid), "--note", "posted again", "--by", "Jane Clerk") == 0
    assert [a for _, a, _ in trail(database, fid)][-3:] == ["assigned", "fixed", "reopened"]
