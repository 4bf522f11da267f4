"""`council-monitor users`: add prints a one-time password once, list, disable and reset; mistakes exit 1."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from monitor.cli import main
from monitor.store.db import migrate, open_database
from monitor.store.models import AuditRow, WebSessionRow, WebUserRow
from monitor.store.users import check_password, open_session
from tests.web.conftest import ROOT


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a config whose database is a migrated SQLite file in tmp."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path))
    engine = open_database(f"sqlite:///{tmp_path / 'monitor.sqlite'}")
    migrate(engine)
    engine.dispose()
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config" / "example.toml").read_text())
    return config


def users(config: Path, *argv: str) -> int:
    """Run `council-monitor users ...` with the config."""
    return main(["users", argv[0], "--config", str(config), "--by", "it-contractor", *argv[1:]])


def test_add_prints_a_one_time_password_that_signs_in_and_must_be_changed(
        config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert users(config_file, "add", "jsmith", "--email", "clerk@brackley.example", "--role", "clerk") == 0
    password = re.search(r"One-time password \(shown once, not stored\): (\S+)", capsys.readouterr().out)
    assert password
    engine = open_database(f"sqlite:///{config_file.parent / 'monitor.sqlite'}")
    with Session(engine) as s:
        user = check_password(s, "jsmith", password.group(1), "127.0.0.1", datetime.now(UTC))
        assert user.must_change_password and user.role == "clerk" and password.group(1) not in user.password_hash
        assert user.password_hash.startswith("$argon2id$")
    engine.dispose()
    assert users(config_file, "list") == 0
    assert "jsmith\tclerk\tclerk@brackley.example\tactive\tno authenticator yet" in capsys.readouterr().out


def test_disable_ends_sessions_and_reset_unlocks_with_a_new_password(config_file: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    users(config_file, "add", "deputy1", "--email", "d@brackley.example", "--role", "deputy")
    engine = open_database(f"sqlite:///{config_file.parent / 'monitor.sqlite'}")
    with Session(engine) as s:
        user = s.exec(select(WebUserRow)).one()
        open_session(s, user, "full", "127.0.0.1", datetime.now(UTC))
        s.commit()
    assert users(config_file, "disable", "deputy1") == 0
    with Session(engine) as s:
        assert s.exec(select(WebSessionRow)).one().revoked_at is not None
        assert s.exec(select(WebUserRow)).one().disabled
    capsys.readouterr()
    assert users(config_file, "reset", "deputy1") == 0
    assert "One-time password" in capsys.readouterr().out
    with Session(engine) as s:
        user = s.exec(select(WebUserRow)).one()
        assert not user.disabled and user.locked_at is None and not user.totp_enrolled
        actions = [a.action for a in s.exec(select(AuditRow))]
        assert actions == ["user added", "user disabled", "user reset"]
        assert {a.actor for a in s.exec(select(AuditRow))} == {"it-contractor"}
    engine.dispose()


@pytest.mark.parametrize(("argv", "says"), [
    (("add", "jsmith", "--email", "not-an-address", "--role", "viewer"), "is not an email address"),
    (("add", "two words", "--email", "a@b.example", "--role", "viewer"), "cannot be used"),
    (("disable", "nobody"), "no console user 'nobody'"),
    (("reset", "nobody"), "no console user 'nobody'"),
])
def test_a_mistake_exits_1_saying_what_is_wrong(config_file: Path, capsys: pytest.CaptureFixture[str],
                                                argv: tuple[str, ...], says: str) -> None:
    assert users(config_file, *argv) == 1
    assert says in capsys.readouterr().err
