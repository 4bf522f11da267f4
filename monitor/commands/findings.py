"""`council-monitor findings`: not written yet."""

from __future__ import annotations

import argparse
import sys

HELP = "(not available yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare no options."""


def run(args: argparse.Namespace) -> int:
    """Say that the command is not available."""
    print("council-monitor findings: not available yet", file=sys.stderr)
    return 2
