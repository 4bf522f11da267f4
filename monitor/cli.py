"""The `council-monitor` command: an explicit table of subcommands, each in monitor/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from monitor import __version__
from monitor.config import EX_CONFIG, Config, ConfigError, load_config
from monitor.logs import setup_logging

EX_USAGE = 2


class Command(Protocol):
    """What a module in monitor/commands/ provides (heavy imports stay inside run)."""

    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's options."""

    def run(self, args: argparse.Namespace) -> int:
        """Do the work and return the exit status."""


# Subcommand name -> module under monitor.commands. Listed here so `--help` shows them in this order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("scan", "scan"),
    ("list-checks", "list_checks"),
    ("check-config", "check_config"),
    ("test-alert", "test_alert"),
    ("evaluate", "evaluate"),
    ("poll", "poll"),
    ("sandbox", "sandbox"),
    ("run", "run"),
    ("demo", "demo"),
    ("findings", "findings"),
    ("ack", "ack"),
    ("dismiss", "dismiss"),
    ("fix", "fix"),
    ("reopen", "reopen"),
    ("assign", "assign"),
    ("export", "export"),
    ("audit", "audit"),
    ("evidence", "evidence"),
    ("archive", "archive"),
    ("report", "report"),
    ("example-config", "example_config"),
    ("logo-hash", "logo_hash"),
    ("candidates", "candidates"),
    ("backup", "backup"),
    ("migrate", "migrate"),
    ("users", "users"),
    ("web", "web"),
)
EPILOG = ("Each command's --help lists its options and its own exit statuses. "
          "exit status: 0 done, 2 no command or a bad option.")


def default_config_path() -> str:
    """Return the config file to read when --config is not given."""
    if "COUNCIL_MONITOR_CONFIG" in os.environ:
        return os.environ["COUNCIL_MONITOR_CONFIG"]
    conf_dir = os.environ.get("CONFIGURATION_DIRECTORY")  # set by systemd's ConfigurationDirectory=
    if conf_dir:
        return str(Path(conf_dir.split(":")[0]) / "config.toml")
    return "/etc/council-monitor/config.toml"


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Give a command the common --config option."""
    parser.add_argument("--config", metavar="FILE", default=None,
                        help="configuration file (default: $COUNCIL_MONITOR_CONFIG, "
                             "$CONFIGURATION_DIRECTORY/config.toml, /etc/council-monitor/config.toml)")


def config_from(args: argparse.Namespace) -> Config:
    """Load the configuration a command was given, or exit 78 with every problem listed."""
    path = args.config or default_config_path()
    try:
        return load_config(path)
    except ConfigError as exc:
        for problem in exc.located():
            print(problem, file=sys.stderr)
        raise SystemExit(EX_CONFIG) from None


def schema_revision() -> str:
    """Return the newest database schema revision this version migrates to (Alembic's head)."""
    from alembic.script import ScriptDirectory

    from monitor.store.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head or "none"


class VersionAction(argparse.Action):
    """Print the package version and the database schema revision, then exit (Alembic loads only if asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        """Take no value, like argparse's own version action."""
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        """Print the versions and exit 0."""
        print(f"{parser.prog} {__version__} (database schema {schema_revision()})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="council-monitor", epilog=EPILOG,
                                     description="Keep a council's social media inside its Social Media Policy.")
    parser.add_argument("--version", action=VersionAction,
                        help="print the version and the database schema revision it migrates to, then exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (never secrets)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS:
        module: Command = importlib.import_module(f"monitor.commands.{module_name}")
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EX_USAGE
    setup_logging(args.verbose)
    try:
        status: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `council-monitor scan ... | head` closes our stdout early; that is not an error.
        sys.stderr.close()
        return 0
    return status
