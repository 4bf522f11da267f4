"""`council-monitor check-config`: validate a configuration file."""

from __future__ import annotations

import argparse

from monitor.cli import add_config_argument, config_from

HELP = "validate a configuration file; exit 78 and list every problem if it is bad"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare check-config's options."""
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Validate and summarise the configuration."""
    config = config_from(args)
    accounts = config.registry.values()
    unreadable = [r.ref for r in accounts if not r.ref.monitorable]
    print(f"OK: {config.council.name}: {len(config.official)} official account(s), "
          f"{len(config.councillors)} councillor(s), {len(config.elections)} election(s).")
    for ref in unreadable:
        print(f"note: {ref.platform} {ref.handle} is a personal profile: no API can read it (not monitorable).")
    return 0
