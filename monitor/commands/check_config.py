"""`council-monitor check-config`: validate a configuration file, and the alert targets when readable."""

from __future__ import annotations

import argparse
import sys

from monitor.cli import add_config_argument, config_from
from monitor.config import EX_CONFIG, ConfigError

HELP = "validate a configuration file (and apprise.yml when readable); exit 78 and list every problem if bad"

EPILOG = ("Every problem is listed as file: key.path: what is wrong (how to fix it). exit status: 0 all good "
          "(notes may follow), 2 a bad option, 78 something would stop the service.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare check-config's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Validate and summarise the configuration."""
    from monitor.credentials import APPRISE_CONFIG, credentials_dir

    config = config_from(args)
    print(f"OK: {config.council.name}: {len(config.official)} official account(s), "
          f"{len(config.councillors)} councillor(s), {len(config.elections)} election(s).")
    for registered in config.registry.values():
        ref = registered.ref
        if not ref.monitorable:
            print(f"note: {ref.platform} {ref.handle} is a personal profile: no API can read it (not monitorable).")
    apprise_file = credentials_dir(config) / APPRISE_CONFIG
    if not apprise_file.is_file():
        print(f"note: alert targets not checked: no readable {apprise_file} here "
              "(run as root, or where the credentials are, to check them too).")
        return 0
    from monitor.alerts import describe_targets, load_targets

    try:
        targets = load_targets(config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        return EX_CONFIG
    for line in describe_targets(targets):
        print(f"alerts: {line}")
    return 0
