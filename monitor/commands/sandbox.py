"""`council-monitor sandbox`: serve local fake platform APIs (X, Facebook, Bluesky, Mastodon) until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime
from types import FrameType

from monitor.cli import EX_USAGE

HELP = "serve local fake X, Facebook, Bluesky and Mastodon APIs for a scenario (for demos and trials) until Ctrl-C"
EPILOG = "exit status: 0 stopped by Ctrl-C or SIGTERM, 2 an unknown scenario or a bad option."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare sandbox's options."""
    parser.epilog = EPILOG
    parser.add_argument("--scenario", default="brackley", metavar="NAME",
                        help="scenario to serve: a bundled name (default: brackley) or a path to NAME.x.json")


def run(args: argparse.Namespace) -> int:
    """Start the servers, print their URLs, and serve until SIGINT or SIGTERM."""
    from monitor.sandbox.scenario import ScenarioError, start_sandboxes, stop_sandboxes

    try:
        servers, urls = start_sandboxes(args.scenario, datetime.now(UTC), live=True)
    except ScenarioError as exc:
        print(f"council-monitor sandbox: {exc}", file=sys.stderr)
        return EX_USAGE
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        """Ask the main loop to stop."""
        stop.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        for platform, url in urls.items():
            print(f"{platform}: {url}")
        print(f"Serving scenario {args.scenario!r}; point [platforms.<name>] base_url at these URLs, "
              "or run `council-monitor poll --once --sandbox NAME`. Ctrl-C stops.", flush=True)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_sandboxes(servers)
    return 0
