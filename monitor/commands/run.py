"""`council-monitor run`: the long-running service that systemd starts (docs/daemon.md)."""

from __future__ import annotations

import argparse
import logging

from monitor.cli import add_config_argument, config_from, default_config_path
from monitor.config import EX_CONFIG, config_warnings

HELP = "run the monitor as a service: poll, check, alert, and send the weekly report (stops on SIGTERM)"
EPILOG = ("See docs/daemon.md. exit status: 0 stopped by SIGTERM or Ctrl-C, 1 an unexpected error, 2 a bad "
          "option, 75 try again later (another council-monitor holds the database, or the database is busy or "
          "unreachable), 78 the config, a credential file (a token, apprise.yml) or the credentials directory "
          "is wrong (nothing was started; systemd does not restart).")

log = logging.getLogger("monitor.daemon")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare run's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Start the daemon and serve until stopped; see EPILOG for the exit status."""
    config = config_from(args)  # a bad config exits 78 here, listing every problem
    from monitor.credentials import check_credentials

    # Every credential file is checked before anything starts, as check-config checks them: all problems at once.
    check = check_credentials(config)
    for warning in check.warnings + config_warnings(config, args.config or default_config_path()):
        log.warning("%s", warning)
    if check.problems:
        for problem in check.problems:
            log.error("cannot start: %s", problem)
        return EX_CONFIG
    log.info("credentials: %s", check.directory)
    from monitor.daemon import Daemon, StartupError

    daemon = Daemon(config)
    daemon.catch_signals()  # a SIGTERM during start-up (a busy database may take 15 s) stops it once started
    try:
        daemon.start_up()
    except StartupError as exc:
        for line in exc.lines:
            log.error("cannot start: %s", line)
        return exc.status
    return daemon.serve()
