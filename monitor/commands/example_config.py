"""`council-monitor example-config`: print the example configuration that ships with the package."""

from __future__ import annotations

import argparse
import os
import sys

from monitor.store.exits import EX_CANTCREAT

HELP = "print the commented example configuration (Brackley Town Council's) to start your own from"
EPILOG = ("Without --out it goes to standard output: council-monitor example-config > config.toml. "
          "exit status: 0 written, 2 a bad option, 66 the installation lacks the file (reinstall), "
          "73 --out exists or cannot be written.")
EX_NOINPUT = 66


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --out."""
    parser.epilog = EPILOG
    parser.add_argument("--out", metavar="FILE", help="write a new file instead (never overwrites one)")


def run(args: argparse.Namespace) -> int:
    """Print or write the example configuration."""
    from monitor.examples import EXAMPLE_CONFIG

    try:
        text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"council-monitor example-config: cannot read {EXAMPLE_CONFIG}: {exc.strerror} "
              "(the installation is incomplete: reinstall council-social-monitor)", file=sys.stderr)
        return EX_NOINPUT
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        # O_EXCL: a council's edited config.toml must never be replaced by the example.
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        print(f"council-monitor example-config: cannot create {args.out}: {exc.strerror} "
              "(it is never overwritten; choose a new file name)", file=sys.stderr)
        return EX_CANTCREAT
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"council-monitor example-config: wrote {args.out}; edit it, then: "
          f"council-monitor check-config --config {args.out}", file=sys.stderr)
    return 0
