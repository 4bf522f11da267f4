"""The demo: the real daemon against the bundled Brackley sandbox, mailing a local Maildir. No credentials, no network.

What it sets up, all under one state folder (default ./demo-state):
* the sandbox serving the `brackley` scenario (X and Facebook) at the real current time;
* a local SMTP server (aiosmtpd on 127.0.0.1, a port the kernel picks) that files every message in a
  Maildir any mail program can open;
* config.toml, derived from config/example.toml: polling day three weeks ahead (so the pre-election
  period is on), a SQLite database in the folder, the platforms' base_url pointing at the sandbox;
* credentials/: dummy tokens and an apprise.yml addressed to the local SMTP server.

Then it starts the same Daemon as `council-monitor run` and runs its jobs the way the scheduler would,
on a clock it moves: a few poll cycles 15 minutes apart (a new post appears during the second), the next
morning's daily digest, and the Monday the weekly report is due.
"""

from __future__ import annotations

import email
import email.policy
import json
import mailbox
import re
import shutil
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from monitor.config import Config, load_config
from monitor.daemon import Daemon
from monitor.examples import EXAMPLE_CONFIG
from monitor.jobs import digest_step
from monitor.platforms.registry import label
from monitor.report.deliver import schedule_of
from monitor.report.schedule import Week, week_reported_at
from monitor.sandbox.facebook import GraphSandbox
from monitor.sandbox.scenario import load_scenario, start_sandboxes, stop_sandboxes
from monitor.sandbox.server import SandboxServer
from monitor.sandbox.x import XSandbox
from monitor.store.db import session_scope
from monitor.store.findings import list_findings

EXAMPLE = EXAMPLE_CONFIG  # shipped in the package, so the demo runs from any folder after pip install
MARKER = ".council-monitor-demo"
# What an earlier demo left in its state folder, removed before a new run (nothing else is touched).
OWN = ("monitor.sqlite", "monitor.sqlite-wal", "monitor.sqlite-shm", "config.toml", "credentials", "reports",
       "mailbox")
SENDER, CLERK = "monitor@brackley-tc.gov.uk", "clerk@brackley-tc.gov.uk"
# Posts that appear during the demo's second cycle, as they would between two polls.
NEW_POST = ("Great news from Cllr Dave Hughes and the Conservatives: the new play area opens on Saturday. "
            "Remember who delivers for Brackley when you vote!")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class DemoError(Exception):
    """The demo cannot run as asked, with what to do instead."""


# -- TOML out (tomllib only reads) -------------------------------------------------------------------


def to_toml(data: dict[str, Any]) -> str:
    """Return TOML for plain data: tables, arrays of tables, strings, numbers, booleans, dates and times."""
    lines: list[str] = []
    _emit(data, (), lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _emit(data: dict[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    """Append a table's keys, then its sub-tables and arrays of tables."""
    for key, value in data.items():
        if not isinstance(value, dict) and not _is_tables(value):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in data.items():
        here = ".".join(_key(k) for k in (*path, key))
        if isinstance(value, dict):
            lines += ["", f"[{here}]"]
            _emit(value, (*path, key), lines)
        elif _is_tables(value):
            for item in value:
                lines += ["", f"[[{here}]]"]
                _emit(item, (*path, key), lines)


def _is_tables(value: Any) -> bool:
    """Say whether a value is a non-empty list of tables."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    """Return a key, quoted when it is not bare."""
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    """Return one TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


# -- The local mail server -------------------------------------------------------------------------------


class MaildirInbox:
    """An aiosmtpd handler filing every message it accepts in a Maildir."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the Maildir."""
        self.box = mailbox.Maildir(path, create=True)
        self.subjects: list[str] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """File the message as received and accept it."""
        raw = envelope.original_content or b""
        with self._lock:
            self.box.add(raw)
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            self.subjects.append(str(parsed["Subject"] or "(no subject)"))
        return "250 2.0.0 filed in the demo mailbox"


class LocalSmtp(Controller):
    """aiosmtpd's Controller on 127.0.0.1 at a port the kernel picks.

    The problem: Controller checks it is up by connecting to self.port, which is 0 when asked for any
    free port. The fix: read the bound port from the listening socket before that check.
    """

    def __init__(self, handler: MaildirInbox) -> None:
        """Listen on 127.0.0.1 at a port the kernel picks."""
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _trigger_server(self) -> None:
        """Learn the port the kernel gave, then let aiosmtpd check the server."""
        sockets = getattr(self.server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        super()._trigger_server()


# -- The state folder ------------------------------------------------------------------------------------


def prepare_state(state: Path) -> None:
    """Make the state folder, clearing what an earlier demo left; refuse a folder the demo did not make."""
    if state.exists() and any(state.iterdir()) and not (state / MARKER).exists():
        raise DemoError(f"{state} is not empty and was not made by the demo (give another folder with --state)")
    state.mkdir(parents=True, exist_ok=True)
    for name in OWN:
        path = state / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    (state / MARKER).write_text("made by council-monitor demo; the demo clears it on its next run\n",
                                encoding="utf-8")


def write_credentials(folder: Path, smtp_port: int) -> Path:
    """Write dummy tokens (the sandbox takes any) and apprise.yml sending to the local SMTP server."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / "x-bearer-token").write_text("demo-x-bearer-token-not-secret\n", encoding="utf-8")
    (folder / "facebook-page-token").write_text("demo-facebook-page-token-not-secret\n", encoding="utf-8")
    url = (f"mailto://brackley-tc.gov.uk:{smtp_port}?smtp=127.0.0.1&mode=insecure&from=Council%20Monitor"
           f"%20(demo)<{SENDER}>&to={CLERK}")
    (folder / "apprise.yml").write_text(f'urls:\n  - "{url}":\n      - tag: email\n', encoding="utf-8")
    return folder


def demo_config(state: Path, now: datetime, urls: dict[str, str], smtp_port: int) -> Config:
    """Write config.toml (the example's, pointed at the sandbox and this folder) and load it like `run` does."""
    if not EXAMPLE.exists():
        raise DemoError(f"{EXAMPLE} is missing: this installation is incomplete "
                        "(reinstall council-social-monitor: pip install --force-reinstall council-social-monitor)")
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    election = data["elections"][0]
    election.pop("notice_of_election", None)  # the period then starts at the notice computed from polling day
    election["polling_day"] = (now + timedelta(weeks=3)).date()
    election["name"] = f"Brackley Town Council election (demo: polling day {election['polling_day']:%d %B %Y})"
    for platform, url in urls.items():
        data["platforms"].setdefault(platform, {})["base_url"] = url
    # A scenario may register accounts the example leaves out ("register": [{"handle", "councillor"?}]), so the
    # demo shows every platform it serves.
    for platform, scenario in load_scenario("brackley").items():
        for entry in scenario.get("register", []) if platform in urls else []:
            account = {"platform": platform, "handle": entry["handle"]}
            if not entry.get("councillor"):
                data["official"].append(account)
            for councillor in data["councillors"]:
                if councillor["name"] == entry.get("councillor"):
                    councillor["accounts"].append(account)
    data["storage"]["url"] = f"sqlite:///{state.resolve() / 'monitor.sqlite'}"
    data["report"]["out_dir"] = str(state.resolve() / "reports")
    data["credentials"]["directory"] = str(write_credentials(state / "credentials", smtp_port).resolve())
    # One mailbox stands in for the Clerk's email; the example also routes lookalikes to Slack.
    data["alerts"]["routes"] = {"*": ["email"]}
    path = state / "config.toml"
    path.write_text("# Written by council-monitor demo from config/example.toml.\n" + to_toml(data), encoding="utf-8")
    return load_config(path)


# -- The run -------------------------------------------------------------------------------------------------


@dataclass
class Step:
    """One moment of the demo and what the daemon did then."""

    at: datetime
    title: str
    subjects: list[str] = field(default_factory=list)
    new_findings: int = 0


@dataclass
class Demo:
    """The demo's servers, daemon and story so far."""

    state: Path
    inbox: MaildirInbox
    servers: list[SandboxServer]
    daemon: Daemon
    steps: list[Step] = field(default_factory=list)

    def server(self, kind: type[SandboxServer]) -> Any:
        """Return the sandbox server of one kind."""
        return next(s for s in self.servers if isinstance(s, kind))

    def tick(self, at: datetime, title: str) -> Step:
        """Move every clock to a moment, run every job once, and note what came of it."""
        for server in self.servers:
            server.set_now(at)  # type: ignore[attr-defined]
        before_mail, before_findings = len(self.inbox.subjects), self.findings()
        self.daemon.tick(at)
        step = Step(at, title, self.inbox.subjects[before_mail:], self.findings() - before_findings)
        self.steps.append(step)
        return step

    def findings(self) -> int:
        """Return how many findings the database holds."""
        with session_scope(self.daemon.engine) as session:
            return len(list_findings(session))


def moments(config: Config, start: datetime, cycles: int) -> list[tuple[datetime, str]]:
    """Return the demo's moments: poll cycles, the next daily digest, and the Monday report covering today."""
    every = timedelta(minutes=config.schedule.min_poll_minutes)
    out = [(start + every * i, f"poll cycle {i + 1}") for i in range(cycles)]
    last = out[-1][0]
    out.append((digest_step(config)(last), "the daily digest"))
    step, week = schedule_of(config), Week.containing(start.astimezone(config.zone).date())
    due = step(last)
    while week_reported_at(due, config.zone) < week:
        due = step(due)
    out.append((due, f"the weekly report of {week}"))
    return sorted(out)


@contextmanager
def running(state: Path, mailbox_dir: Path, now: datetime) -> Iterator[Demo]:
    """Start the sandbox, the mail server and the daemon; stop them all afterwards."""
    servers, urls = start_sandboxes("brackley", now)
    inbox = MaildirInbox(mailbox_dir)
    smtp = LocalSmtp(inbox)
    daemon: Daemon | None = None
    try:
        smtp.start()
        config = demo_config(state, now, urls, smtp.port)
        daemon = Daemon(config)
        daemon.start_up(now)
        for service in daemon.targets:
            # Apprise pauses 5.5 s between two emails to the same server, out of courtesy; the demo's is local.
            service.request_rate_per_sec = 0
        yield Demo(state, inbox, servers, daemon)
    finally:
        if daemon is not None:
            daemon.close()
        smtp.stop()
        stop_sandboxes(servers)


def run_demo(state: Path, mailbox_dir: Path, cycles: int, out: IO[str], now: datetime | None = None) -> int:
    """Run the demo and print where everything went; 0 when the cycles completed and mail arrived."""
    # The scenario is laid out around the start, so a fixed start gives the same run every time (golden test).
    now = now or datetime.now(UTC).replace(microsecond=0)
    prepare_state(state)
    with running(state, mailbox_dir, now) as demo:
        config = demo.daemon.config
        out.write(f"council-monitor demo: {config.council.name}'s accounts on a local sandbox, "
                  f"from {_local(now, config)} (council time)\n  state folder: {state.resolve()}\n\n")
        for at, title in moments(config, now, cycles):
            if title == "poll cycle 2":
                demo.server(XSandbox).add_post("BrackleyTC", NEW_POST, at=at - timedelta(minutes=6))
            narrate(demo.tick(at, title), config, out)
        summarise(demo, mailbox_dir, out)
        received = len(demo.inbox.subjects)
        offer_console(demo.daemon.config, state, now, out)
    return 0 if received else 1


def offer_console(config: Config, state: Path, now: datetime, out: IO[str]) -> None:
    """Add a demo Clerk to the web console and print the command that opens it, with the sign-in details."""
    import secrets

    from monitor.store import users
    from monitor.store.db import open_database
    from monitor.web.links import KEY_FILE

    key_file = Path(config.credentials.directory) / KEY_FILE
    key_file.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
    key_file.chmod(0o600)
    password = users.new_password()
    engine = open_database(config.storage.url)
    try:
        with session_scope(engine) as session:
            user = users.add_user(session, "demo", CLERK, "clerk", password, "demo", now)
            user.must_change_password = False  # a demo, not a person's account
            secret = users.start_enrolment(session, user)
    finally:
        engine.dispose()
    out.write("\nThe Clerk's web console on the demo's data:\n"
              f"  council-monitor web --config {state.resolve() / 'config.toml'}\n"
              f"  then open http://127.0.0.1:8080/ and sign in as demo with the password {password}\n"
              f"  (a clerk signs in with an authenticator app: add the key {secret} to one when the console asks)\n")


def narrate(step: Step, config: Config, out: IO[str]) -> None:
    """Print one moment: when, what ran, what was found and sent."""
    out.write(f"{_local(step.at, config)}  {step.title}: {step.new_findings} new finding(s), "
              f"{len(step.subjects)} message(s) sent\n")
    for subject in step.subjects:
        out.write(f"      -> {subject}\n")
    out.flush()


def summarise(demo: Demo, mailbox_dir: Path, out: IO[str]) -> None:
    """Print where everything went: mailbox, report files, database, sandbox counts."""
    x, facebook = demo.server(XSandbox), demo.server(GraphSandbox)
    billed, config = x.billed(), demo.daemon.config
    cost = billed["posts"] * config.platforms.x.post_read_usd + billed["users"] * config.platforms.x.user_read_usd
    folder = Path(config.report.out_dir)
    reports = sorted(p.name for p in folder.glob("report-*")) if folder.exists() else []
    out.write("\nWhere everything went:\n")
    out.write(f"  mailbox (a Maildir; open it with any mail program, e.g. mutt -f {mailbox_dir.resolve()}): "
              f"{len(demo.inbox.subjects)} message(s)\n")
    state = demo.state.resolve()
    out.write(f"  weekly report: {folder}: {', '.join(reports) or 'none'}\n")
    out.write(f"  database: {state / 'monitor.sqlite'} ({demo.findings()} findings; list them with: "
              f"council-monitor findings --config {state / 'config.toml'})\n")
    out.write(f"  evidence: a finding's pack (the post as captured, PDF, timeline, SHA-256 sums): council-monitor "
              f"evidence 1 --config {state / 'config.toml'} --out finding-1.zip\n")
    out.write(f"  sandbox X: {x.count('/')} request(s), {billed['posts']} post read(s) and {billed['users']} user "
              f"read(s) billed (about ${cost:.2f} at X's prices)\n")
    out.write(f"  sandbox Facebook: {facebook.count('/')} request(s) (Graph reads are free)\n")
    for server in demo.servers:
        if not isinstance(server, XSandbox | GraphSandbox):
            out.write(f"  sandbox {label(server.name)}: {server.count('/')} request(s) (reads are free)\n")


def _local(when: datetime, config: Config) -> str:
    """Return a moment in council time, e.g. 'Tue 24 Nov 09:14'."""
    return f"{when.astimezone(config.zone):%a %d %b %H:%M}"


def mailbox_subjects(path: Path) -> list[str]:
    """Return the subjects of the messages in a Maildir (for tests and curious readers)."""
    box = mailbox.Maildir(path, create=False)
    out = []
    for key in box.iterkeys():
        parsed = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        out.append(str(parsed["Subject"]))
    return out
