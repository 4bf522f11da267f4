"""`council-monitor check-config`: everything that would stop `run`, found first; with --online, asked of the world.

Offline, it refuses (exit 78) whatever `run` refuses at start-up, in the same words: the config file
(monitor/config.py), every credential file (monitor/credentials.py), apprise.yml and the alert routes
against it (monitor/alerts/targets.py, routing.py), and the database setting (monitor/store/db.py, as
Daemon.start_up opens it). It opens no database and sends nothing. tests/test_check_config.py holds
the table of those faults and runs both commands on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from monitor.cli import add_config_argument, config_from, default_config_path
from monitor.config import EX_CONFIG, Config, ConfigError, Election, Places, config_warnings

HELP = ("validate a configuration file and the credentials `run` would read (the tokens, apprise.yml and its "
        "routes, the database setting); exit 78 and list every problem if anything would stop the service; "
        "with --online, also check each token, account and alert target over the network")

EPILOG = ("Every problem is listed as file:line: key.path: what is wrong (how to fix it). --online asks each "
          "platform about its token and each registered account (on X one user read per account, counted and "
          "printed) and asks each alert target for a connection; it sends no message. exit status: 0 all good "
          "(notes may follow), 1 an online check found a problem (the service would start, but that part would "
          "not work), 2 a bad option, 78 something would stop the service.")

EX_ONLINE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare check-config's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--online", action="store_true",
                        help="also check the tokens, that each account exists and is of its kind, and that each "
                             "alert target accepts a connection (no message is sent)")


def run(args: argparse.Namespace) -> int:
    """Validate the configuration and the credentials; summarise them, or list every problem."""
    from monitor.credentials import check_credentials

    config = config_from(args)
    place = Places.of(config, args.config or default_config_path())
    check = check_credentials(config)
    print(f"credentials: {check.directory}")
    for warning in check.warnings + config_warnings(config, place.path):
        print(f"warning: {warning}", file=sys.stderr)
    problems = check.problems
    alert_lines: list[str] = []
    if not problems:  # apprise.yml is parsed only once its file can be read
        problems, alert_lines = alert_targets(config)
    problems += storage_problems(config, place)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EX_CONFIG
    print(f"OK: {config.council.name}: {len(config.official)} official account(s), "
          f"{len(config.councillors)} councillor(s), {len(config.elections)} election(s).")
    for election in config.elections:
        print(election_line(config, election))
    print(learned_line(config))
    for registered in config.registry.values():
        ref = registered.ref
        if not ref.monitorable:
            print(f"note: {ref.platform} {ref.handle} is a personal profile: no API can read it (not monitorable).")
    for line in alert_lines:
        print(f"alerts: {line}")
    return online(config, place) if args.online else 0


def learned_line(config: Config) -> str:
    """Return which checks' learned layer is on and the score it fires at (reading the shipped weights)."""
    from monitor.learned import RULES, model

    settings = config.checks.for_rule
    on = [r for r in RULES if settings(r).enabled and getattr(settings(r), "learned", False)]
    off = [r for r in RULES if r not in on]
    if not on:
        return f"learned layer: off for {', '.join(off)}"
    thresholds = model().thresholds
    return ("learned layer: on for " + ", ".join(f"{r} (fires at {thresholds[r]:.2f})" for r in on)
            + (f"; off for {', '.join(off)}" if off else ""))


def election_line(config: Config, election: Election) -> str:
    """Return an election's statutory dates and the pre-election period the checks will use."""
    from monitor.election import timetable

    dates = timetable(election.polling_day)
    start, end = election.period(config.zone)
    notice = (f"notice of election {election.notice_of_election:%a %d %b %Y} (configured; statutory deadline "
              f"{dates.notice_of_election:%a %d %b %Y})" if election.notice_of_election
              else f"notice of election by {dates.notice_of_election:%a %d %b %Y}")
    source = ("period_start" if election.period_start else "the notice of election")
    unknown = ("; the package does not know this year's bank holidays yet, so the dates may be a day or two "
               "late: update uk-election-timetables" if not dates.bank_holidays_known else "")
    return (f"election: {election.name}: polling day {election.polling_day:%a %d %b %Y}; {notice}; close of "
            f"nominations {dates.close_of_nominations:%a %d %b %Y} 4pm; statement of persons nominated by "
            f"{dates.statement_of_persons_nominated:%a %d %b %Y}; pre-election period {start:%d %b %Y} (from "
            f"{source}) to {end:%d %b %Y %H:%M}; {len(election.candidates)} candidate(s) named{unknown}.")


def alert_targets(config: Config) -> tuple[list[str], list[str]]:
    """Return the problems of apprise.yml against the routes, and one line per target when there are none."""
    from monitor.alerts import describe_targets, load_targets

    try:
        targets = load_targets(config)
    except ConfigError as exc:
        return exc.located(), []
    return [], describe_targets(targets)


def storage_problems(config: Config, place: Places) -> list[str]:
    """Return what would make `run` refuse the database setting (exit 78), without opening or creating it."""
    from monitor.store.db import DB_FILE, StoreError, open_database, state_directory

    if config.storage.url:
        try:
            open_database(config.storage.url).dispose()  # an engine: checks the URL and driver, connects to nothing
        except StoreError as exc:
            return [f"{place(('storage', 'url'))}: the database cannot be used: {exc}"]
        return []
    problem = uncreatable(state_directory().resolve() / DB_FILE)
    return [f"cannot create the database file: {problem} (run it where ./state can be created, set "
            "$STATE_DIRECTORY, or set storage.url)"] if problem else []


def uncreatable(path: Path) -> str | None:
    """Say why a file and its missing parent directories could not be created, or None if they could."""
    if path.exists():
        return None if path.is_file() else f"{path} exists and is not a file"
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not writable by this user"
    return None


def online(config: Config, place: Places) -> int:
    """Run the online checks; print what was confirmed, the warnings, the problems and the reads it cost."""
    from monitor.credentials import APPRISE_CONFIG, credentials_dir
    from monitor.online import check_online

    report = check_online(config, place, str(credentials_dir(config) / APPRISE_CONFIG))
    for line in report.confirmed:
        print(f"online: {line}")
    for line in report.usage:
        print(f"online cost: {line}")
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.problems:
        print(line, file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found online: the service would start, but fix these.",
              file=sys.stderr)
        return EX_ONLINE
    return 0
