"""`council-monitor test-alert`: send one marked test message to each alert target and say what became of it."""

from __future__ import annotations

import argparse
import sys

from monitor.cli import EX_USAGE, add_config_argument, config_from
from monitor.config import EX_CONFIG

HELP = ("send one test message (\"Test message from council-monitor: no action needed\") to each Apprise target "
        "in apprise.yml, or those with a tag, and print for each whether it was delivered or why not")
EPILOG = ("Each target is named by its tags and its URL with the secrets masked. A failure gives the reason Apprise "
          "met: the mail server's answer (550 mailbox unavailable), the HTTP status, the refused connection or the "
          "name that did not resolve. exit status: 0 every target took the message, 1 at least one target failed, "
          "2 a bad option (or --tag names a tag no target has), 78 the config or apprise.yml cannot be used.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare test-alert's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--tag", metavar="TAG", help="send only to the targets with this tag (e.g. email)")


def run(args: argparse.Namespace) -> int:
    """Load the targets, send the test message to each, print one line per target."""
    from monitor.alerts import SERVICE_TAG, parse_targets, route_problems
    from monitor.alerts.delivering import send_test
    from monitor.config import ConfigError
    from monitor.credentials import APPRISE_CONFIG, CredentialError, credentials_dir, read_secret

    config = config_from(args)
    path = credentials_dir(config) / APPRISE_CONFIG
    try:
        targets = parse_targets(read_secret(config, APPRISE_CONFIG) or "", source=str(path))
    except CredentialError as exc:
        print(exc, file=sys.stderr)
        return EX_CONFIG
    except ConfigError as exc:
        print("\n".join(exc.located()), file=sys.stderr)
        return EX_CONFIG
    for problem in route_problems(config, targets):  # `run` would refuse these; a test may still be sent
        print(f"note: {path}: {problem}", file=sys.stderr)
    tags = sorted({str(t) for s in targets for t in s.tags if not str(t).startswith(SERVICE_TAG)})
    if args.tag is not None and args.tag not in tags:
        print(f"no URL in {path} has the tag {args.tag!r} (its tags: {', '.join(tags)})", file=sys.stderr)
        return EX_USAGE
    outcomes = send_test(targets, args.tag)
    for outcome in outcomes:
        print(f"{outcome.target}: " + ("delivered" if outcome.delivered else f"FAILED: {outcome.reason}"))
    failed = sum(not o.delivered for o in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} target(s) took the test message.")
    return 1 if failed else 0
