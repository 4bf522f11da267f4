"""`council-monitor demo`: the real daemon on the bundled Brackley sandbox, mailing a local Maildir."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from monitor.config import EX_CONFIG, ConfigError

HELP = ("run the monitor on bundled sample data (a local sandbox of X and Facebook, a local mail server): "
        "no credentials, no network")
EX_USAGE = 2
EPILOG = ("It runs the same daemon as `council-monitor run` for a few poll cycles, the next daily digest and the "
          "weekly report, moving its clock instead of waiting, then prints where everything went. exit status: "
          "0 done, 1 no message reached the mailbox, 2 a folder it cannot use or a bad option, 75 its database "
          "was busy (try again), 78 a configuration problem.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare demo's options."""
    parser.epilog = EPILOG
    parser.add_argument("--state", metavar="DIR", type=Path, default=Path("demo-state"),
                        help="folder for the demo's database, config, credentials and reports (default: "
                             "./demo-state; cleared at the start of each demo)")
    parser.add_argument("--mailbox", metavar="DIR", type=Path, default=None,
                        help="Maildir receiving the demo's email (default: STATE/mailbox)")
    parser.add_argument("--cycles", metavar="N", type=int, default=3,
                        help="poll cycles to run, 15 minutes apart on the demo's clock (default: 3)")


def run(args: argparse.Namespace) -> int:
    """Run the demo; see EPILOG for the exit status."""
    from monitor.daemon import StartupError
    from monitor.demo import DemoError, run_demo

    if args.cycles < 1:
        print("council-monitor demo: --cycles must be at least 1", file=sys.stderr)
        return EX_USAGE
    if not getattr(args, "verbose", False):
        # The narration says what happened; the daemon's own INFO lines are for `run` (and for -v). On the
        # handler, not the loggers: the adapters set their libraries' logger levels when they start.
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    # The PDF's fonts lack the lookalike's emoji; WeasyPrint says so per glyph (the HTML report shows it).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    state: Path = args.state
    mailbox = args.mailbox or state / "mailbox"
    try:
        return run_demo(state, mailbox, args.cycles, sys.stdout)
    except DemoError as exc:
        print(f"council-monitor demo: {exc}", file=sys.stderr)
        return EX_USAGE
    except ConfigError as exc:
        print(f"council-monitor demo: {exc}", file=sys.stderr)
        return EX_CONFIG
    except StartupError as exc:
        for line in exc.lines:
            print(f"council-monitor demo: {line}", file=sys.stderr)
        return exc.status
