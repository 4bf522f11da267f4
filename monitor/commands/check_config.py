"""`council-monitor check-config`: validate a configuration file and the credentials the service would read."""

from __future__ import annotations

import argparse
import sys

from monitor.cli import add_config_argument, config_from
from monitor.config import EX_CONFIG, Config, ConfigError

HELP = ("validate a configuration file and the credentials `run` would read (the tokens, apprise.yml and its "
        "routes); exit 78 and list every problem if anything would stop the service")

EPILOG = ("Every problem is listed as file: key.path: what is wrong (how to fix it). exit status: 0 all good "
          "(notes may follow), 2 a bad option, 78 something would stop the service.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare check-config's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Validate the configuration and the credentials; summarise them, or list every problem."""
    from monitor.credentials import check_credentials

    config = config_from(args)
    check = check_credentials(config)
    print(f"credentials: {check.directory}")
    for warning in check.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    problems = check.problems
    alert_lines: list[str] = []
    if not problems:  # apprise.yml is parsed only once its file can be read
        problems, alert_lines = alert_targets(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EX_CONFIG
    print(f"OK: {config.council.name}: {len(config.official)} official account(s), "
          f"{len(config.councillors)} councillor(s), {len(config.elections)} election(s).")
    for registered in config.registry.values():
        ref = registered.ref
        if not ref.monitorable:
            print(f"note: {ref.platform} {ref.handle} is a personal profile: no API can read it (not monitorable).")
    for line in alert_lines:
        print(f"alerts: {line}")
    return 0


def alert_targets(config: Config) -> tuple[list[str], list[str]]:
    """Return the problems of apprise.yml against the routes, and one line per target when there are none."""
    from monitor.alerts import describe_targets, load_targets

    try:
        targets = load_targets(config)
    except ConfigError as exc:
        return [f"{exc.path}: {problem}" for problem in exc.problems], []
    return [], describe_targets(targets)
