"""The daemon's test world: the Brackley sandbox, a real SMTP server and webhook receiver, a real database.

Time is moved: the sandboxes' clocks and the daemon's `now` go forward together; nothing sleeps.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.config import Config, parse_config
from monitor.daemon import Daemon
from monitor.sandbox.facebook import GraphSandbox
from monitor.sandbox.scenario import start_sandboxes, stop_sandboxes
from monitor.sandbox.server import SandboxServer
from monitor.sandbox.x import XSandbox
from tests.alerts.servers import SmtpServer, WebhookServer
from tests.conftest import EXAMPLE_CONFIG

# A Tuesday morning, council time (GMT in November).
NOW = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)
SLACK_URL = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#council-alerts"
X_TOKEN = "x-test-bearer-Zk29fjw02kdm"
FB_TOKEN = "fb-test-page-token-Q8sk1Lm3"

# What the first cycle over the Brackley scenario alerts at once (high severity), by email subject.
FIRST_ALERTS = {
    "[high] impersonation: @BrackIeyTC on X",
    "[high] personal-data: @DaveHughesCllr on X",
    "[high] pre-election: @BrackleyTC on X",
    "[high] personal-data: @CllrPriyaSharma on Facebook",
}


def example_data() -> dict[str, Any]:
    """Return the example configuration as TOML data."""
    return tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def write_credentials(folder: Path, apprise_yml: str) -> Path:
    """Write dummy tokens and apprise.yml into a credentials folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x-bearer-token").write_text(X_TOKEN + "\n", encoding="utf-8")
    (folder / "facebook-page-token").write_text(FB_TOKEN + "\n", encoding="utf-8")
    (folder / "apprise.yml").write_text(apprise_yml, encoding="utf-8")
    return folder


def apprise_yml(smtp_port: int, slack: bool = True) -> str:
    """Return apprise.yml sending email to the local SMTP server (and Slack to the local receiver)."""
    mail = (f"mailto://brackley-tc.gov.uk:{smtp_port}?smtp=127.0.0.1&mode=insecure"
            "&from=monitor@brackley-tc.gov.uk&to=clerk@brackley-tc.gov.uk")
    lines = ["urls:", f'  - "{mail}":', "      - tag: email"]
    if slack:
        lines += [f'  - "{SLACK_URL}":', "      - tag: slack"]
    return "\n".join(lines) + "\n"


def config_data(tmp: Path, urls: dict[str, str], smtp_port: int, database_url: str, now: datetime,
                slack: bool = True) -> dict[str, Any]:
    """Return the example config pointed at the sandboxes, the test database and local alert targets."""
    data = example_data()
    data["elections"] = [{"name": "Brackley Town Council election", "polling_day": (now + timedelta(days=21)).date(),
                          "candidates": ["Sam Patel"]}]
    data["platforms"]["x"]["base_url"] = urls["x"]
    data["platforms"]["facebook"]["base_url"] = urls["facebook"]
    data["storage"]["url"] = database_url
    data["report"]["out_dir"] = str(tmp / "reports")
    data["credentials"] = {"directory": str(write_credentials(tmp / "credentials", apprise_yml(smtp_port, slack)))}
    if not slack:
        data["alerts"]["routes"] = {"*": ["email"]}
    return data


@dataclass
class World:
    """A daemon wired to the sandboxes and local alert servers, with a clock the test moves."""

    config: Config
    daemon: Daemon
    servers: list[SandboxServer]
    smtp: SmtpServer
    webhook: WebhookServer | None
    now: datetime = NOW
    log: list[str] = field(default_factory=list)

    @property
    def x(self) -> XSandbox:
        """Return the X sandbox."""
        return next(s for s in self.servers if isinstance(s, XSandbox))

    @property
    def facebook(self) -> GraphSandbox:
        """Return the Graph sandbox."""
        return next(s for s in self.servers if isinstance(s, GraphSandbox))

    def at(self, when: datetime) -> datetime:
        """Move every clock to a time."""
        self.now = when
        for server in self.servers:
            server.set_now(when)  # type: ignore[attr-defined]
        return when

    def tick(self, when: datetime | None = None) -> None:
        """Move the clocks (when given) and run every job once."""
        if when is not None:
            self.at(when)
        self.daemon.tick(self.now)

    def run(self, job: str, when: datetime | None = None) -> None:
        """Move the clocks (when given) and run one job."""
        if when is not None:
            self.at(when)
        self.daemon.run_job(job, self.now)

    def subjects(self) -> list[str]:
        """Return the subjects of the emails received, in order."""
        return [str(m["Subject"]) for m in self.smtp.inbox.messages]

    def close(self) -> None:
        """Stop the daemon and the sandboxes."""
        self.daemon.close()
        stop_sandboxes(self.servers)


def start_world(tmp: Path, database_url: str, smtp: SmtpServer, webhook: WebhookServer | None,
                now: datetime = NOW, edit: Any = None, busy_timeout_ms: int | None = None) -> World:
    """Start the Brackley sandboxes and a daemon on them (edit(data) may change the config first)."""
    servers, urls = start_sandboxes("brackley", now)
    data = config_data(tmp, urls, smtp.port, database_url, now, slack=webhook is not None)
    if edit is not None:
        edit(data)
    config = parse_config(data)
    daemon = Daemon(config, busy_timeout_ms=busy_timeout_ms)
    daemon.start_up(now)
    world = World(config, daemon, servers, smtp, webhook, now)
    world.at(now)
    return world


def local_day(when: datetime, config: Config) -> date:
    """Return the council-time date of a moment."""
    return when.astimezone(config.zone).date()
