"""check-config and run agree: whatever makes `run` exit 78 makes `check-config` exit 78 first, in the same words.

Every exit-78 path of `run`, by where it is taken:
* monitor/cli.py config_from -> monitor/config.py load_config: the file missing or not TOML, a value the
  model refuses (an unknown key, a kind, an empty disclaimer), an account registered twice;
* monitor/commands/run.py -> monitor/credentials.py check_credentials: the credentials directory and every
  file in it (tests/test_credentials.py has the full table; two rows here stand for it);
* monitor/daemon.py start_up -> load_sources: a token file (already refused by check_credentials);
* -> load_alert_targets -> monitor/alerts/targets.py load_targets: apprise.yml itself, and the routes
  against it (monitor/alerts/routing.py): a tag no URL carries, an unknown rule, no "*", an empty route,
  a report tag no URL carries;
* -> open_store: storage.url not a database URL, holding a password, or an unsupported database, and a
  state directory where the SQLite file cannot be created.
Two exits that need the database itself are not predicted (check-config never opens the database: it may
run beside the daemon): a schema migrated by a newer version, and a migration that fails.

A polling day in the past with no later one is a warning in both, not a refusal: the day after a poll
every config is like that until the next election is added, and the monitor must still restart.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.cli import build_parser
from monitor.commands import check_config
from monitor.demo import to_toml
from monitor.sandbox.facebook import GraphSandbox
from monitor.sandbox.scenario import load_scenario
from monitor.sandbox.x import XSandbox
from tests.alerts.servers import SmtpServer, WebhookServer, free_port
from tests.conftest import ROOT
from tests.daemon.support import apprise_yml, example_data
from tests.serverfixtures import *  # noqa: F403  (no_throttle, smtp, webhook)

X_TOKEN = "x-check-config-token-Zk29"
FB_TOKEN = "fb-check-config-token-Q8sk"
EXPIRED_FB_TOKEN = "fb-expired-page-token-Lm3"
COUNCIL_PAGE = "104729361234567"


def write_credentials(folder: Path, smtp_port: int, slack: bool = True, fb_token: str = FB_TOKEN) -> Path:
    """Write tokens and apprise.yml private to their owner, as the install guide says."""
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "x-bearer-token").write_text(X_TOKEN + "\n", encoding="utf-8")
    (folder / "facebook-page-token").write_text(fb_token + "\n", encoding="utf-8")
    (folder / "apprise.yml").write_text(apprise_yml(smtp_port, slack), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o600)
    return folder


# ----------------------------------------------------------------------------------------------
# The table: one fault a row, what both commands must say about it


@dataclass
class Setup:
    """What a row may spoil: the config data, its text, the credentials folder, the environment."""

    tmp: Path
    data: dict[str, Any]
    credentials: Path
    env: dict[str, str] = field(default_factory=dict)
    text: Callable[[str], str] = lambda text: text
    write: bool = True


@dataclass(frozen=True)
class Fault:
    """One way to make `run` refuse to start, and the words both commands must print."""

    name: str
    spoil: Callable[[Setup], None]
    says: str
    # Also run `run` on it: rows refused by load_config go through the one function both commands call, so one
    # such row stands for them all (processes are slow on a shared machine).
    run_too: bool = True


def _set(path: str, value: Any) -> Callable[[Setup], None]:
    """Return a spoiler setting one key of the config (dotted; a number is an index)."""
    def spoil(setup: Setup) -> None:
        """Set the key."""
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = setup.data
        for part in parents:
            node = node[part]
        node[last] = value
    return spoil


def _text(old: str, new: str) -> Callable[[Setup], None]:
    """Return a spoiler replacing text in the written config."""
    def spoil(setup: Setup) -> None:
        """Replace the text."""
        setup.text = lambda text: text.replace(old, new, 1)
    return spoil


def _no_config(setup: Setup) -> None:
    """Leave the config file unwritten."""
    setup.write = False


def _remove(name: str) -> Callable[[Setup], None]:
    """Return a spoiler deleting a credential file."""
    def spoil(setup: Setup) -> None:
        """Delete it."""
        (setup.credentials / name).unlink()
    return spoil


def _apprise(text: str) -> Callable[[Setup], None]:
    """Return a spoiler writing apprise.yml."""
    def spoil(setup: Setup) -> None:
        """Write it."""
        (setup.credentials / "apprise.yml").write_text(text, encoding="utf-8")
    return spoil


def _only_email(setup: Setup) -> None:
    """Keep the example's routes (impersonation to slack too) but list no Slack URL: the contractor's case."""
    (setup.credentials / "apprise.yml").write_text(apprise_yml(2525, slack=False), encoding="utf-8")


def _twice(setup: Setup) -> None:
    """Register the council's X account to a councillor as well."""
    setup.data["councillors"][0]["accounts"].append({"platform": "x", "handle": "brackleytc"})


def _state_under_a_file(setup: Setup) -> None:
    """Use the default SQLite file, in a state directory that cannot be made (its parent is a file)."""
    setup.data["storage"]["url"] = ""
    (setup.tmp / "a-file").write_text("not a directory\n", encoding="utf-8")
    setup.env["STATE_DIRECTORY"] = str(setup.tmp / "a-file" / "state")


FAULTS = [
    Fault("config file missing", _no_config, "file not found", run_too=False),
    Fault("config not TOML", _text("[council]", "[council"), "not valid TOML", run_too=False),
    Fault("unknown key", _set("schedule.poll_minutes", 5), "schedule.poll_minutes: unknown key"),
    Fault("a kind that does not exist", _set("councillors.1.accounts.1.kind", "personal"),
          "councillors[\"Tom Okafor\"].accounts[1].kind: Input should be 'account', 'page' or 'profile'",
          run_too=False),
    Fault("empty disclaimer", _set("disclaimer.text", " "), "disclaimer.text: the disclaimer is empty"),
    Fault("account registered twice", _twice, "is registered to both the council and Jane Whitfield", run_too=False),
    Fault("token missing", _remove("x-bearer-token"), "x-bearer-token: does not exist"),
    Fault("apprise.yml not YAML", _apprise("urls: [ {unclosed: \n  - : ]]"), "apprise.yml: "),
    Fault("route to a tag no URL has", _only_email,
          "alerts.routes.impersonation: no URL in apprise.yml has the tag 'slack': add a Slack URL tagged slack, "
          "or remove 'slack' from alerts.routes"),
    Fault("route naming an unknown rule", _set("alerts.routes", {"*": ["email"], "impersonaton": ["email"]}),
          "alerts.routes: unknown rule 'impersonaton' (use a rule id from `council-monitor list-checks`"),
    Fault("no default route", _set("alerts.routes", {"impersonation": ["email"]}), 'alerts.routes: no "*" entry'),
    Fault("a route with no tags", _set("alerts.routes", {"*": ["email"], "offensive": []}),
          "alerts.routes.offensive: no tags (to stop a rule's alerts, set enabled = false"),
    Fault("report to a tag no URL has", _set("alerts.report_tags", ["clerk"]),
          "alerts.report_tags: no URL in apprise.yml has the tag 'clerk'"),
    Fault("unsupported database", _set("storage.url", "mysql://monitor@127.0.0.1/monitor"),
          "the database cannot be used: unsupported database 'mysql' (use sqlite or postgresql+psycopg)"),
    Fault("password in storage.url", _set("storage.url", "postgresql://monitor:Pw1@127.0.0.1/monitor"),
          "storage.url holds a password; secrets never sit in the config file"),
    Fault("not a database URL", _set("storage.url", "127.0.0.1/monitor"), "storage.url is not a database URL"),
    Fault("state directory cannot be made", _state_under_a_file, "cannot create the database file: "),
]


def prepare(tmp: Path, fault: Fault) -> tuple[Path, dict[str, str]]:
    """Write a good config and credentials, spoil them as the row says; return the config path and environment."""
    credentials = write_credentials(tmp / "credentials", 2525)
    data = example_data()
    data["credentials"] = {"directory": str(credentials)}
    data["storage"]["url"] = f"sqlite:///{tmp / 'monitor.db'}"
    setup = Setup(tmp, data, credentials)
    fault.spoil(setup)
    path = tmp / "config.toml"
    if setup.write:
        path.write_text(setup.text(to_toml(setup.data)), encoding="utf-8")
    return path, setup.env


def check_config_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `council-monitor check-config ARGV` in this process; return its status, stdout and stderr."""
    args: argparse.Namespace = build_parser().parse_args(["check-config", *argv])
    try:
        status = check_config.run(args)
    except SystemExit as stop:  # the config file itself is refused before anything else
        status = int(stop.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_check_config_refuses_what_run_would_refuse(fault: Fault, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path, env = prepare(tmp_path, fault)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    status, _, err = check_config_in_process(["--config", str(path)], capsys)

    assert status == 78, err
    assert fault.says in err


def start(command: str, config: Path, cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `council-monitor COMMAND --config CONFIG` as a real process, as systemd would, without its variables."""
    return subprocess.Popen([sys.executable, "-m", "monitor", command, "--config", str(config)], cwd=cwd,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for a started command (a run that started after all is stopped); return its status and stderr."""
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        return -1, "still running after 60 s: it started despite the fault\n" + err
    return process.returncode, err


@pytest.mark.parametrize("fault", [f for f in FAULTS if f.run_too], ids=[f.name for f in FAULTS if f.run_too])
def test_run_refuses_the_same_fault_in_the_same_words(fault: Fault, tmp_path: Path) -> None:
    """Both as real processes: `run` exits 78 at the fault check-config named, saying the same thing."""
    path, env = prepare(tmp_path, fault)
    checking, running = start("check-config", path, tmp_path, env), start("run", path, tmp_path, env)

    (checked, said), (ran, logged) = finish(checking), finish(running)

    assert (checked, ran) == (78, 78), f"check-config said:\n{said}\nrun said:\n{logged}"
    assert fault.says in said and fault.says in logged
    assert not (tmp_path / "monitor.db").exists(), "run started nothing"


def test_the_contractors_config_fails_check_config_before_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               ) -> None:
    """The issue's case: check-config said OK, then run exited 78 over Slack. Now check-config says it first."""
    path, _ = prepare(tmp_path, next(f for f in FAULTS if f.name == "route to a tag no URL has"))

    status, out, err = check_config_in_process(["--config", str(path)], capsys)

    assert status == 78 and "OK" not in out
    assert err.strip().splitlines() == [
        f"{tmp_path / 'credentials' / 'apprise.yml'}: alerts.routes.impersonation: no URL in apprise.yml has the "
        "tag 'slack': add a Slack URL tagged slack, or remove 'slack' from alerts.routes"]


def _past_election(setup: Setup) -> None:
    """Move the only election into 2025, and give run a database it refuses (so it stops after the warning)."""
    setup.data["elections"][0].update(polling_day=date(2025, 5, 6), notice_of_election=date(2025, 3, 22))
    setup.data["storage"]["url"] = "mysql://monitor@127.0.0.1/monitor"


def test_a_past_polling_day_is_a_warning_in_both_commands(tmp_path: Path) -> None:
    """Both say it, with the election's name and line, and neither refuses: the monitor must restart after a poll."""
    path, env = prepare(tmp_path, Fault("past polling day", _past_election, ""))
    line = line_of(path, "polling_day = 2025-05-06")
    warning = (f'{path}:{line}: elections["Brackley Town Council election 2027"].polling_day: polling day 06 May '
               "2025 is past and no later election is listed")
    checking, running = start("check-config", path, tmp_path, env), start("run", path, tmp_path, env)

    (_, said), (_, logged) = finish(checking), finish(running)

    assert warning in said and warning in logged
    assert "unsupported database" in said and "unsupported database" in logged, "both went on past the warning"


# ----------------------------------------------------------------------------------------------
# --online: the platforms' sandboxes and local alert targets


@dataclass
class Online:
    """The sandboxes and alert servers an online check talks to."""

    x: XSandbox
    graph: GraphSandbox
    smtp: SmtpServer
    webhook: WebhookServer


@pytest.fixture
def world(smtp: SmtpServer, webhook: WebhookServer) -> Iterator[Online]:
    """Run the X and Graph sandboxes on the Brackley scenario, at the real time (token expiry is judged by it)."""
    now = datetime.now(UTC)
    scenario = load_scenario("brackley")
    graph_scenario = {**scenario["facebook"], "people": ["tom.okafor.brackley"],
                      "tokens": {FB_TOKEN: {"profile_id": COUNCIL_PAGE, "expires_at": "+60d"},
                                 EXPIRED_FB_TOKEN: {"profile_id": COUNCIL_PAGE, "expires_at": "-1d"}}}
    x, graph = XSandbox(scenario["x"], now), GraphSandbox(graph_scenario, now)
    x.start()
    graph.start()
    yield Online(x, graph, smtp, webhook)
    x.stop()
    graph.stop()


def online_config(tmp: Path, world: Online, smtp_port: int | None = None, fb_token: str = FB_TOKEN,
                  change: Callable[[dict[str, Any]], None] = lambda data: None) -> Path:
    """Write the example config routed to the sandboxes, with credentials for the local alert targets."""
    data = example_data()
    data["platforms"]["x"]["base_url"] = world.x.base_url
    data["platforms"]["facebook"]["base_url"] = world.graph.base_url
    data["storage"]["url"] = f"sqlite:///{tmp / 'monitor.db'}"
    credentials = write_credentials(tmp / "credentials", smtp_port or world.smtp.port, fb_token=fb_token)
    data["credentials"] = {"directory": str(credentials)}
    change(data)
    path = tmp / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: str = "") -> int:
    """Return the number of the first line holding `text` (after the first line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def test_online_checks_confirm_a_good_install_and_count_what_they_cost(
        world: Online, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world)

    status, out, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 0, err
    assert "online: X: the bearer token works" in out and "online: X: 6 of 6 accounts found" in out
    assert "online: Facebook: the Page token is valid" in out
    assert "online: Facebook: the Page BrackleyTownCouncil exists (id 104729361234567)" in out
    assert f"the SMTP server at 127.0.0.1:{world.smtp.port} answered 250" in out
    assert f"127.0.0.1:{world.webhook.port} accepts connections (nothing was sent)" in out
    users = world.x.billed()["users"]
    assert users == 6 and "online cost: X: 1 request(s), 6 user read(s) billed, about $0.06" in out
    assert "online cost: Facebook: 3 request(s) (free)" in out  # debug_token and the two Pages
    # Nothing was sent, and nothing but profiles was read.
    assert world.smtp.inbox.messages == [] and world.webhook.hits == []
    assert {r.path for r in world.x.requests} == {"/2/users/by"}
    assert world.x.billed()["posts"] == 0


def _profile_as_page(data: dict[str, Any]) -> None:
    """List Tom Okafor's personal profile as a Page."""
    data["councillors"][1]["accounts"][1]["kind"] = "page"


def _unknown_handles(data: dict[str, Any]) -> None:
    """Misspell David Hughes's X handle and Priya Sharma's Page."""
    data["councillors"][3]["accounts"][0]["handle"] = "DaveHughesCllor"
    data["councillors"][2]["accounts"][1]["handle"] = "CllrPriyaSharna"


def _wrong_page_id(data: dict[str, Any]) -> None:
    """Give the council's Page the id of another Page."""
    data["official"][1]["page_id"] = "100064812345678"


def test_a_profile_listed_as_a_page_is_named_with_its_line_and_the_fix(
        world: Online, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world, change=_profile_as_page)

    status, _, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    lines = path.read_text(encoding="utf-8").splitlines()
    handle = line_of(path, '"tom.okafor.brackley"')
    line = max(n for n, text in enumerate(lines[:handle], 1) if text == "[[councillors.accounts]]")  # its header
    assert status == 1
    assert (f'{path}:{line}: councillors["Tom Okafor"].accounts[1]: tom.okafor.brackley is a personal profile, '
            'not a Page: set kind = "profile" for it') in err


def test_unknown_handles_are_named_on_each_platform(world: Online, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world, change=_unknown_handles)

    status, out, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 1
    assert ('councillors["David Hughes"].accounts[0]: X has no account @DaveHughesCllor: Could not find user with '
            "usernames: [DaveHughesCllor] (check the handle") in err
    assert "councillors[\"Priya Sharma\"].accounts[1]: Facebook has no Page called 'CllrPriyaSharna'" in err
    assert "online cost: X: 1 request(s), 5 user read(s) billed" in out  # a name not found is not billed


def test_a_page_id_of_another_page_is_named(world: Online, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world, change=_wrong_page_id)

    status, _, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 1
    assert ("official[1]: page_id 100064812345678 is not the id of the Page BrackleyTownCouncil: Facebook gives it "
            'the id 104729361234567 (set page_id = "104729361234567"') in err


def test_an_expired_page_token_is_a_problem(world: Online, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world, fb_token=EXPIRED_FB_TOKEN)

    status, _, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 1
    assert "Facebook: The Facebook Page token is no longer valid" in err and "Session has expired" in err
    assert err.count("no longer valid") == 1, "the Pages it cannot read are not reported again"
    assert EXPIRED_FB_TOKEN not in err


def test_an_smtp_server_refusing_connections_is_a_problem(world: Online, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    closed = free_port()
    path = online_config(tmp_path, world, smtp_port=closed)

    status, _, err = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 1
    assert f"127.0.0.1:{closed} refused the connection (is the server running" in err
    assert f"{tmp_path / 'credentials' / 'apprise.yml'}: email: mailto://" in err


def test_online_checks_do_not_run_when_the_config_would_stop_the_service(
        world: Online, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = online_config(tmp_path, world, change=lambda data: data["disclaimer"].update(text=""))

    status, out, _ = check_config_in_process(["--config", str(path), "--online"], capsys)

    assert status == 78 and "online" not in out
    assert world.x.requests == [] and world.graph.calls == 0


def test_an_smtp_server_that_refuses_the_greeting_is_named_with_its_answer() -> None:
    """A server answering 554 at once (a blocked address) is seen without a message being sent."""
    from monitor.alerts.probing import smtp_probe

    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        listener.settimeout(5)

        def answer() -> None:
            """Greet with a refusal and hang up."""
            connection, _ = listener.accept()
            with connection:
                connection.sendall(b"554 5.7.1 this address is not allowed\r\n")

        import threading
        thread = threading.Thread(target=answer)
        thread.start()
        ok, detail = smtp_probe("127.0.0.1", port, "insecure", None, None, True, 5)
        thread.join()

    assert not ok and "554" in detail and "not allowed" in detail


@pytest.fixture(autouse=True)
def _no_service_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep systemd's variables of the machine running the tests out of the commands run in this process."""
    for name in ("CREDENTIALS_DIRECTORY", "STATE_DIRECTORY", "COUNCIL_MONITOR_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(os.getcwd())
