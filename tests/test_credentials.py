"""Credential files are found in one place and checked when read; every token is kept out of the logs.

What happens: a credential file that cannot be used (missing, empty, a directory, a pipe, not UTF-8, a
token of two lines or with a non-ASCII character, a link leading out of the credentials directory,
writable by everyone; an apprise.yml that is not YAML) makes both `council-monitor check-config` and
`council-monitor run` exit 78 naming the file and the fix, and `run` starts nothing. A file or folder
others can read is a warning and the service starts. Both commands look for the directory the same
way and say which one they read.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from monitor.credentials import (
    APPRISE_CONFIG,
    FACEBOOK_PAGE_TOKEN,
    X_BEARER_TOKEN,
    CredentialError,
    Directory,
    MissingCredential,
    find_directory,
    read_credential,
    token_problem,
)
from monitor.demo import to_toml
from monitor.logs import Redactor
from tests.conftest import ROOT
from tests.daemon.support import apprise_yml, example_data

X_TOKEN = "x-test-bearer-Zk29fjw02kdm"
FB_TOKEN = "fb-test-page-token-Q8sk1Lm3"
# The daemon stops at its next step (the database) with this: proof that the credentials passed. (A schema from
# a newer version: check-config, which never opens the database, cannot see it and says OK.)
PAST_CREDENTIALS = "the database cannot be used: the database schema is not one this version knows"


def write_good_credentials(folder: Path) -> Path:
    """Write usable tokens and apprise.yml, private to their owner, as docs/install-debian.md says."""
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / X_BEARER_TOKEN).write_text(X_TOKEN + "\n", encoding="utf-8")
    (folder / FACEBOOK_PAGE_TOKEN).write_text(FB_TOKEN + "\n", encoding="utf-8")
    (folder / APPRISE_CONFIG).write_text(apprise_yml(2525), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o600)
    folder.chmod(0o700)
    return folder


def write_config(tmp: Path, credentials: Path | None) -> Path:
    """Write the example config with a database `run` refuses right after the credentials step."""
    data: dict[str, Any] = example_data()
    database = tmp / "newer.db"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version VALUES ('from-a-newer-version')")
    data["storage"]["url"] = f"sqlite:///{database}"
    data["credentials"] = {"directory": str(credentials) if credentials else ""}
    path = tmp / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def start(command: str, config: Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `council-monitor COMMAND --config CONFIG` as a real process, without systemd's variables."""
    child_env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "monitor", command, "--config", str(config)], cwd=cwd,
                            env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for a started command; return its status, stdout and stderr."""
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


# ----------------------------------------------------------------------------------------------
# Every fault, through both commands


@dataclass(frozen=True)
class Fault:
    """One way to spoil the credentials directory, and what both commands must then say."""

    name: str
    spoil: Callable[[Path], None]
    file: str  # the file (or "" for the directory) the message names
    says: str
    fatal: bool = True


def _write(name: str, data: bytes, mode: int = 0o600) -> Callable[[Path], None]:
    """Return a spoiler that writes a credential file's bytes and mode."""
    def spoil(folder: Path) -> None:
        """Write the file."""
        (folder / name).write_bytes(data)
        (folder / name).chmod(mode)
    return spoil


def _replace_with_directory(name: str) -> Callable[[Path], None]:
    """Return a spoiler that puts a directory where a credential file should be."""
    def spoil(folder: Path) -> None:
        """Swap the file for a directory."""
        (folder / name).unlink()
        (folder / name).mkdir()
    return spoil


def _link_outside(folder: Path) -> None:
    """Make the X token a link to a file outside the credentials directory (as to /etc/hostname)."""
    outside = folder.parent / "hostname"
    outside.write_text("vm\n", encoding="utf-8")
    (folder / X_BEARER_TOKEN).unlink()
    (folder / X_BEARER_TOKEN).symlink_to(outside)


def _link_inside(folder: Path) -> None:
    """Make the X token a link to another file in the credentials directory."""
    (folder / X_BEARER_TOKEN).rename(folder / "x-bearer-token.2026")
    (folder / X_BEARER_TOKEN).symlink_to("x-bearer-token.2026")


def _fifo(folder: Path) -> None:
    """Put a named pipe where the X token should be: opening it must not hang the start."""
    (folder / X_BEARER_TOKEN).unlink()
    os.mkfifo(folder / X_BEARER_TOKEN, 0o600)


FAULTS = [
    Fault("missing token", lambda f: (f / X_BEARER_TOKEN).unlink(), X_BEARER_TOKEN,
          "does not exist (run: install -m 0600 /dev/null"),
    Fault("empty token", _write(X_BEARER_TOKEN, b"\n"), X_BEARER_TOKEN,
          "is empty (run: install -m 0600 /dev/null"),
    Fault("token is a directory", _replace_with_directory(X_BEARER_TOKEN), X_BEARER_TOKEN,
          "is a directory, not a file (remove it and put the secret in a file of that name)"),
    Fault("token is a named pipe", _fifo, X_BEARER_TOKEN, "is not a regular file but a device, pipe or socket"),
    Fault("token not UTF-8", _write(X_BEARER_TOKEN, b"\xff\xfeA\x00B\x00"), X_BEARER_TOKEN,
          "is not UTF-8 text: byte 1 is 0xff (save it as UTF-8"),
    Fault("token of two lines", _write(X_BEARER_TOKEN, f"{X_TOKEN}\nsecond line\n".encode()), X_BEARER_TOKEN,
          "has 2 lines (a token is one line: keep only the token"),
    Fault("non-ASCII token", _write(FACEBOOK_PAGE_TOKEN, "fb-tok\u00e9n-Q8sk".encode()), FACEBOOK_PAGE_TOKEN,
          "has a non-ASCII character, U+00E9, at character 7 (a token is plain ASCII"),
    Fault("token with 'Bearer '", _write(X_BEARER_TOKEN, f"Bearer {X_TOKEN}".encode()), X_BEARER_TOKEN,
          "has a space or tab at character 7 (the file holds the token alone: no 'Bearer '"),
    Fault("token links outside", _link_outside, X_BEARER_TOKEN,
          "is a symbolic link to {tmp}/hostname, outside the credentials directory (put the secret itself"),
    Fault("token readable by everyone", _write(X_BEARER_TOKEN, X_TOKEN.encode(), 0o644), X_BEARER_TOKEN,
          "other users of this server can read it, mode 0644 (run: chmod 0600 {path})", fatal=False),
    Fault("token writable by everyone", _write(X_BEARER_TOKEN, X_TOKEN.encode(), 0o666), X_BEARER_TOKEN,
          "anyone on this server can change it, mode 0666 (run: chmod 0600 {path}, then replace the secret"),
    Fault("apprise.yml missing", lambda f: (f / APPRISE_CONFIG).unlink(), APPRISE_CONFIG, "does not exist"),
    Fault("apprise.yml not UTF-8", _write(APPRISE_CONFIG, b"urls:\n  - \"mailto://clerk\xe9@example.org\"\n"),
          APPRISE_CONFIG, "is not UTF-8 text: byte 26 is 0xe9"),
    Fault("apprise.yml not YAML", _write(APPRISE_CONFIG, b"urls: [unclosed\n  - x: {\n"), APPRISE_CONFIG,
          "Invalid Apprise YAML data specified."),
    Fault("apprise.yml a directory", _replace_with_directory(APPRISE_CONFIG), APPRISE_CONFIG,
          "is a directory, not a file"),
    Fault("directory writable by everyone", lambda f: f.chmod(0o777), "",
          "anyone on this server can add or replace files in it, mode 0777 (run: chmod 0700 {path}"),
    Fault("directory readable by everyone", lambda f: f.chmod(0o755), "",
          "other users of this server can open it, mode 0755 (run: chmod 0700 {path})", fatal=False),
    Fault("token links inside the directory", _link_inside, X_BEARER_TOKEN, "", fatal=False),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_both_commands_judge_a_credential_file_alike(fault: Fault, tmp_path: Path) -> None:
    folder = write_good_credentials(tmp_path / "credentials")
    fault.spoil(folder)
    config = write_config(tmp_path, folder)
    path = folder / fault.file if fault.file else folder
    expected = f"{path}: " + fault.says.format(tmp=tmp_path, path=path) if fault.says else ""

    checking, running = start("check-config", config, tmp_path), start("run", config, tmp_path)
    (checked, out, check_err), (ran, _, run_err) = finish(checking), finish(running)

    assert "Traceback" not in check_err + run_err
    assert expected in check_err and expected in run_err
    if fault.fatal:
        assert (checked, ran) == (78, 78), check_err + run_err
        assert f"cannot start: {expected}" in run_err
        assert PAST_CREDENTIALS not in run_err  # nothing after the credentials was tried
        assert "OK:" not in out
    else:
        assert checked == 0, check_err
        assert "OK: Brackley Town Council" in out
        assert PAST_CREDENTIALS in run_err  # the credentials passed; run went on to the database
    assert X_TOKEN not in check_err + run_err + out


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    folder = write_good_credentials(tmp_path / "credentials")
    _write(X_BEARER_TOKEN, b"two\nlines")(folder)
    (folder / FACEBOOK_PAGE_TOKEN).unlink()
    config = write_config(tmp_path, folder)

    status, _, err = finish(start("check-config", config, tmp_path))

    assert status == 78
    assert f"{folder / X_BEARER_TOKEN}: has 2 lines" in err
    assert f"{folder / FACEBOOK_PAGE_TOKEN}: does not exist" in err
    assert "to run without facebook, set platforms.facebook.enabled = false in the config" in err


def test_a_disabled_platform_needs_no_token(tmp_path: Path) -> None:
    folder = write_good_credentials(tmp_path / "credentials")
    (folder / FACEBOOK_PAGE_TOKEN).write_text("", encoding="utf-8")  # the unit's LoadCredential needs the file
    data = example_data()
    data["platforms"]["facebook"]["enabled"] = False
    data["credentials"] = {"directory": str(folder)}
    config = tmp_path / "config.toml"
    config.write_text(to_toml(data), encoding="utf-8")

    status, out, err = finish(start("check-config", config, tmp_path))

    assert status == 0, err
    assert "OK: Brackley Town Council" in out


# ----------------------------------------------------------------------------------------------
# Finding the directory: both commands look in the same places and say where


def test_both_commands_read_systemds_directory_and_say_so(tmp_path: Path) -> None:
    folder = write_good_credentials(tmp_path / "from-systemd")
    config = write_config(tmp_path, None)
    env = {"CREDENTIALS_DIRECTORY": str(folder)}

    checking, running = start("check-config", config, tmp_path, env), start("run", config, tmp_path, env)
    (checked, out, _), (_, _, run_err) = finish(checking), finish(running)

    said = f"credentials: {folder} ($CREDENTIALS_DIRECTORY, from systemd's LoadCredential=)"
    assert checked == 0
    assert said in out and said in run_err
    assert PAST_CREDENTIALS in run_err


@pytest.mark.skipif(Path("/etc/council-monitor/credentials").exists(), reason="this server has installed credentials")
def test_both_commands_fall_back_to_the_current_folder_and_say_so(tmp_path: Path) -> None:
    write_good_credentials(tmp_path / "credentials")
    config = write_config(tmp_path, None)

    checking, running = start("check-config", config, tmp_path), start("run", config, tmp_path)
    (checked, out, _), (_, _, run_err) = finish(checking), finish(running)

    said = (f"credentials: {tmp_path / 'credentials'} ($CREDENTIALS_DIRECTORY is not set and "
            "/etc/council-monitor/credentials does not exist)")
    assert checked == 0
    assert said in out and said in run_err


@pytest.mark.skipif(Path("/etc/council-monitor/credentials").exists(), reason="this server has installed credentials")
def test_no_credentials_directory_anywhere_exits_78_from_both(tmp_path: Path) -> None:
    config = write_config(tmp_path, None)

    checking, running = start("check-config", config, tmp_path), start("run", config, tmp_path)
    (checked, _, check_err), (ran, _, run_err) = finish(checking), finish(running)

    said = ("no credentials directory: $CREDENTIALS_DIRECTORY is not set and neither "
            "/etc/council-monitor/credentials nor ./credentials exists (create /etc/council-monitor/credentials")
    assert (checked, ran) == (78, 78)
    assert said in check_err and said in run_err


def test_the_config_setting_comes_first_then_systemd_then_the_defaults(tmp_path: Path) -> None:
    system, local = tmp_path / "etc", tmp_path / "local"
    defaults = (system, local)
    systemd = {"CREDENTIALS_DIRECTORY": str(tmp_path / "run")}

    assert find_directory(str(tmp_path / "set"), systemd, defaults).path == tmp_path / "set"
    assert find_directory("", systemd, defaults) == Directory(
        tmp_path / "run", "$CREDENTIALS_DIRECTORY, from systemd's LoadCredential=", from_systemd=True)
    assert not find_directory("", {}, defaults).found
    local.mkdir()
    assert find_directory("", {}, defaults).path == local
    system.mkdir()
    assert find_directory("", {}, defaults).path == system


# ----------------------------------------------------------------------------------------------
# Reading one file: the rules in detail


@pytest.mark.parametrize(("token", "problem"), [
    ("AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz", None),
    ("EAAGm0PX4ZCpsBAKZCZBZBkZD", None),
    ("ab", None),  # too short to be real, but nothing in it breaks a header; it is redacted all the same
    ("abc\ndef", "has 2 lines"),
    ("abc\r\ndef\r\n\r\nghi", "has 4 lines"),
    ("Bearer abc", "has a space or tab at character 7"),
    ("abc\tdef", "has a space or tab at character 4"),
    ('"abc"def', None),
    ("abc\u200bdef", "has a non-ASCII character, U+200B, at character 4"),
    ("\ufeffabcdef", "has a non-ASCII character, U+FEFF, at character 1"),  # Notepad's byte-order mark
    ("abc\x07def", "has a control character, U+0007, at character 4"),
])
def test_a_token_is_one_line_of_printable_ascii(token: str, problem: str | None) -> None:
    found = token_problem(token)
    assert (found or "").startswith(problem or "") and (found is None) == (problem is None)


def _directory(path: Path, from_systemd: bool = False) -> Directory:
    """Return a credentials directory as find_directory would."""
    return Directory(path, "a test", from_systemd=from_systemd)


def test_a_link_may_lead_into_systemds_directory(tmp_path: Path) -> None:
    systemd = tmp_path / "run"
    systemd.mkdir()
    (systemd / X_BEARER_TOKEN).write_text(X_TOKEN, encoding="utf-8")
    folder = tmp_path / "credentials"
    folder.mkdir()
    (folder / X_BEARER_TOKEN).symlink_to(systemd / X_BEARER_TOKEN)

    with pytest.raises(CredentialError, match="outside the credentials directory"):
        read_credential(_directory(folder), X_BEARER_TOKEN, True, {})
    assert read_credential(_directory(folder), X_BEARER_TOKEN, True, {"CREDENTIALS_DIRECTORY": str(systemd)})[0] \
        == X_TOKEN


def test_a_dangling_link_says_where_it_leads(tmp_path: Path) -> None:
    (tmp_path / X_BEARER_TOKEN).symlink_to(tmp_path / "gone")
    with pytest.raises(CredentialError, match=f"a symbolic link to {tmp_path / 'gone'}, which does not exist"):
        read_credential(_directory(tmp_path), X_BEARER_TOKEN, True, {})


def test_systemds_copies_are_not_warned_about_their_acl_mask(tmp_path: Path) -> None:
    # systemd makes its copies 0400 and lets the service's user read them through an ACL, whose
    # mask shows in the group bits: 0440 there is not a group that can read the token.
    (tmp_path / X_BEARER_TOKEN).write_text(X_TOKEN, encoding="utf-8")
    (tmp_path / X_BEARER_TOKEN).chmod(0o440)
    assert read_credential(_directory(tmp_path, from_systemd=True), X_BEARER_TOKEN, True, {})[1] == []
    [warning] = read_credential(_directory(tmp_path), X_BEARER_TOKEN, True, {})[1]
    assert "other users of this server can read it, mode 0440" in warning


def test_an_absent_optional_credential_is_none_and_a_required_one_is_missing(tmp_path: Path) -> None:
    assert read_credential(_directory(tmp_path), "facebook-page-token.cllrpriyasharma", False, {}) == (None, [])
    with pytest.raises(MissingCredential, match="does not exist"):
        read_credential(_directory(tmp_path), X_BEARER_TOKEN, True, {})


def test_a_huge_file_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    (tmp_path / APPRISE_CONFIG).write_bytes(b"#" * (2 << 20))
    with pytest.raises(CredentialError, match="is larger than 1 MB, too big for a secret"):
        read_credential(_directory(tmp_path), APPRISE_CONFIG, True, {})


def test_file_modes_decide_warning_or_refusal(tmp_path: Path) -> None:
    path = tmp_path / X_BEARER_TOKEN
    path.write_text(X_TOKEN, encoding="utf-8")
    for mode, outcome in [(0o600, "quiet"), (0o400, "quiet"), (0o640, "warning"), (0o620, "warning"),
                          (0o604, "warning"), (0o602, "refused"), (0o666, "refused")]:
        path.chmod(mode)
        try:
            _, warnings = read_credential(_directory(tmp_path), X_BEARER_TOKEN, True, {})
        except CredentialError:
            got = "refused"
        else:
            got = "warning" if warnings else "quiet"
        assert (oct(mode), got) == (oct(mode), outcome)
        assert stat.S_IMODE(path.stat().st_mode) == mode  # reading never changes the file


# ----------------------------------------------------------------------------------------------
# Redaction: every token, whatever its length


def test_the_redactor_hides_a_short_secret_inside_a_longer_one_whole() -> None:
    redactor = Redactor()
    redactor.secrets |= {"Q7zK", "aaQ7zKbb"}
    record = logging.LogRecord("t", logging.DEBUG, __file__, 1, "header %s and %s", ("aaQ7zKbb", "Q7zK"), None)
    redactor.filter(record)
    assert record.getMessage() == "header *** and ***"


CHILD = """
import logging, sys
from monitor.config import load_config
from monitor.credentials import read_secret
from monitor.logs import setup_logging

setup_logging(verbose=True)
token = read_secret(load_config(sys.argv[1]), "x-bearer-token")
log = logging.getLogger("monitor.platforms.x")
log.debug("GET /2/tweets/search/recent Authorization: Bearer %s", token)
log.debug(f"the token read was {token}")
try:
    raise ValueError(f"Invalid header value b'Bearer {token}'")
except ValueError:
    log.exception("the x adapter failed")
"""


def test_a_four_character_token_never_appears_in_a_debug_log(tmp_path: Path) -> None:
    folder = write_good_credentials(tmp_path / "credentials")
    (folder / X_BEARER_TOKEN).write_text("Q7zK\n", encoding="utf-8")
    config = write_config(tmp_path, folder)

    done = subprocess.run([sys.executable, "-c", CHILD, str(config)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})

    assert done.returncode == 0, done.stderr
    assert "DEBUG monitor.platforms.x: GET /2/tweets/search/recent Authorization: Bearer ***" in done.stderr
    assert "the token read was ***" in done.stderr
    assert "ValueError: Invalid header value b'Bearer ***'" in done.stderr  # the traceback too
    assert "Q7zK" not in done.stderr
