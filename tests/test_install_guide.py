"""docs/install-debian.md walked with the wheel alone, in a fresh venv, as far as it goes without systemd.

scripts/wheel-test.sh builds the sdist and the wheel, installs the wheel in a new venv and runs this file
with COUNCIL_MONITOR_WHEEL_VENV and COUNCIL_MONITOR_WHEEL set; without them it is skipped (CI runs it
through scripts/test.sh). The server's folders (/etc/council-monitor, /var/lib/council-monitor, the
backups) live under a temporary folder; the X and Facebook APIs are the packaged sandbox on 127.0.0.1,
the mail server is aiosmtpd. What systemd would do is done by hand: $STATE_DIRECTORY and
$CREDENTIALS_DIRECTORY are set, the daemon is started in the foreground and stopped with SIGTERM.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from monitor.store.db import DB_FILE
from tests.alerts.servers import SmtpServer

VENV = os.environ.get("COUNCIL_MONITOR_WHEEL_VENV", "")
WHEEL = os.environ.get("COUNCIL_MONITOR_WHEEL", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not VENV or not WHEEL, reason="scripts/wheel-test.sh runs this with the wheel installed "
                                                     "in a fresh venv (COUNCIL_MONITOR_WHEEL_VENV)"),
]
ROUTES_WITH_SLACK = 'routes = { "*" = ["email"], "impersonation" = ["email", "slack"] }'
ROUTES_EMAIL_ONLY = 'routes = { "*" = ["email"] }'  # the guide's change for a council without Slack


@dataclass
class Server:
    """A council server's folders, and the environment systemd would give the service."""

    root: Path
    venv: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def etc(self) -> Path:
        """Return /etc/council-monitor."""
        return self.root / "etc" / "council-monitor"

    @property
    def config(self) -> Path:
        """Return /etc/council-monitor/config.toml."""
        return self.etc / "config.toml"

    @property
    def state(self) -> Path:
        """Return /var/lib/council-monitor."""
        return self.root / "var" / "lib" / "council-monitor"

    def env(self) -> dict[str, str]:
        """Return the environment of the service (and of root's commands on the server)."""
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        return {**keep, "STATE_DIRECTORY": str(self.state), "CREDENTIALS_DIRECTORY": str(self.etc / "credentials"),
                "PATH": f"{self.venv / 'bin'}:{keep.get('PATH', '/usr/bin:/bin')}"}

    def cm(self, *argv: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        """Run the installed council-monitor from an empty folder; check its exit status."""
        done = subprocess.run([str(self.venv / "bin" / "council-monitor"), *argv], cwd=self.root / "home",
                              env=self.env(), capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == expect, f"{argv}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """Yield an empty 'server' and the venv the wheel was installed into; kill any daemon a failure left."""
    (tmp_path / "home").mkdir()
    server = Server(tmp_path, Path(VENV))
    yield server
    for proc in server.started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture
def sandbox(server: Server) -> Iterator[dict[str, str]]:
    """Serve the packaged sandbox from the installed command; yield its base URLs by platform."""
    proc = subprocess.Popen([str(server.venv / "bin" / "council-monitor"), "sandbox"], cwd=server.root / "home",
                            env=server.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    urls: dict[str, str] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("Serving"):
            break
        platform, _, url = line.strip().partition(": ")
        urls[platform] = url
    try:
        assert {"x", "facebook", "bluesky", "mastodon"} <= set(urls), urls
        yield urls
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """Run the council's 'mail server' on 127.0.0.1."""
    mail = SmtpServer()
    mail.start()
    yield mail
    mail.stop()


class Daemon:
    """`council-monitor run` started by hand in the foreground, its log in a file."""

    def __init__(self, server: Server) -> None:
        """Start it."""
        self.log = server.root / f"run-{time.monotonic_ns()}.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen([str(server.venv / "bin" / "council-monitor"), "run", "--config",
                                          str(server.config)], cwd=server.root / "home", env=server.env(),
                                         stdout=log, stderr=subprocess.STDOUT)
        server.started.append(self.proc)

    def wait_for(self, pattern: str, seconds: float = 90) -> str:
        """Wait until the log has a line matching the pattern; return the log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.log.read_text()
            if re.search(pattern, text):
                return text
            assert self.proc.poll() is None, f"the daemon exited {self.proc.returncode}:\n{text}"
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in the log within {seconds} s:\n{self.log.read_text()}")

    def ready(self) -> None:
        """Wait until it has told systemd it is ready (a stop sent earlier is a daemon.py matter of its own)."""
        self.wait_for(r"started: polling")
        self.wait_for(r"ready: \d+ jobs scheduled")

    def stop(self) -> int:
        """Stop it as systemctl stop does (SIGTERM) and return its exit status; kill it if it hangs."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"SIGTERM did not stop the daemon:\n{self.log.read_text()}") from None


def test_the_installed_package_is_the_wheel_and_names_its_versions(server: Server) -> None:
    """Step 2: the venv's monitor is the installed one, and --version names the schema too."""
    where = subprocess.run([str(server.venv / "bin" / "python"), "-c", "import monitor; print(monitor.__file__)"],
                           cwd=server.root / "home", capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(server.venv)), where
    assert re.fullmatch(r"council-monitor \S+ \(database schema \d{4}\)\n", server.cm("--version").stdout)


def install_config(server: Server, urls: dict[str, str], smtp_port: int) -> None:
    """Step 3, and step 4's secrets: the example config (email only: no Slack), the three credential files."""
    server.etc.mkdir(parents=True)
    server.cm("example-config", "--out", str(server.config))
    text = server.config.read_text(encoding="utf-8")
    assert ROUTES_WITH_SLACK in text, "the guide's 'no Slack' change no longer matches config/example.toml"
    text = text.replace(ROUTES_WITH_SLACK, ROUTES_EMAIL_ONLY).replace("jitter_seconds = 30", "jitter_seconds = 0")
    for platform, url in urls.items():  # the only change a real server does not make: the sandbox's address
        text = text.replace(f"[platforms.{platform}]\n", f'[platforms.{platform}]\nbase_url = "{url}"\n')
    server.config.write_text(text, encoding="utf-8")
    credentials = server.etc / "credentials"
    credentials.mkdir(mode=0o700)
    mail = (f"mailto://brackley-tc.gov.uk:{smtp_port}?smtp=127.0.0.1&mode=insecure"
            "&from=monitor@brackley-tc.gov.uk&to=clerk@brackley-tc.gov.uk")
    for name, content in (("x-bearer-token", "sandbox-takes-any-token\n"),
                          ("facebook-page-token", "sandbox-takes-any-token\n"),
                          ("apprise.yml", f'urls:\n  - "{mail}":\n      - tag: email\n')):
        path = credentials / name
        path.write_text(content, encoding="utf-8")
        path.chmod(0o600)


def test_the_guide_from_the_config_to_an_upgrade_and_a_restore(server: Server, sandbox: dict[str, str],
                                                               smtp: SmtpServer) -> None:
    """Steps 3 to 5 by hand, then "Upgrading" (stop, backup, install, migrate, start), then a restore."""
    install_config(server, sandbox, smtp.port)
    assert server.cm("check-config", "--config", str(server.config)).stdout.count("OK: ") == 1
    first_run(server, smtp)
    restore(server, upgrade(server))


def first_run(server: Server, smtp: SmtpServer) -> None:
    """Step 5 without systemd: the daemon starts, polls, alerts by email and stops cleanly on SIGTERM."""
    server.state.mkdir(parents=True, mode=0o700)
    daemon = Daemon(server)
    daemon.ready()
    daemon.wait_for(r"polled x: .* new finding")
    deadline = time.monotonic() + 90
    while not smtp.inbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    assert smtp.inbox.messages, f"no alert reached the mail server:\n{daemon.log.read_text()}"
    assert daemon.stop() == 0
    assert (server.state / DB_FILE).exists()


def upgrade(server: Server) -> str:
    """The guide's "Upgrading": stop (done), back up, install the wheel again, migrate, start; return the findings."""
    findings = server.cm("findings", "--config", str(server.config)).stdout
    assert "finding" in findings
    backups = server.root / "var" / "backups" / "council-monitor"
    backups.mkdir(parents=True, mode=0o700)
    server.cm("backup", "--config", str(server.config), "--out", str(backups / "monitor-before-upgrade.sqlite"))
    server.cm("backup", "--config", str(server.config), "--out", str(backups / "monitor-before-upgrade.sqlite"),
              expect=73)
    subprocess.run([str(server.venv / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", WHEEL],
                   check=True, timeout=300)
    assert "up to date" in server.cm("migrate", "--config", str(server.config)).stdout
    daemon = Daemon(server)
    daemon.ready()
    assert daemon.stop() == 0
    return findings


def restore(server: Server, at_backup: str) -> None:
    """Restore the backup as the guide says: stopped, copied over, the WAL files removed; the findings are back."""
    (server.state / DB_FILE).unlink()
    for leftover in ("monitor.sqlite-wal", "monitor.sqlite-shm"):
        (server.state / leftover).unlink(missing_ok=True)
    server.cm("findings", "--config", str(server.config), expect=66)  # the database is gone
    shutil.copyfile(server.root / "var" / "backups" / "council-monitor" / "monitor-before-upgrade.sqlite",
                    server.state / DB_FILE)
    assert server.cm("findings", "--config", str(server.config)).stdout == at_backup
    daemon = Daemon(server)
    daemon.ready()
    assert daemon.stop() == 0
