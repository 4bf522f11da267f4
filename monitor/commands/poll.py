"""`council-monitor poll --once`: one cycle over every registered account, real APIs or the sandbox."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from monitor.cli import EX_USAGE, add_config_argument, config_from
from monitor.config import EX_CONFIG, Config

if TYPE_CHECKING:
    from monitor.poll import PollResult
    from monitor.records import Finding
    from monitor.sandbox.server import SandboxServer

HELP = "poll every registered account once (real APIs, or the local sandbox with --sandbox) and print findings"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_PLATFORM_FAILED = 0, 1, 3
EPILOG = ("Without a store there are no cursors: a real poll reads back about a week, which X bills (a few cents "
          "for a small council). exit status: 0 no findings, 1 findings, 2 an unknown scenario or a bad option, "
          "3 a platform (or an account on it) could not be read, 78 configuration or credentials missing.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare poll's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--once", action="store_true", required=True,
                        help="poll once and exit (the long-running service is `council-monitor run`)")
    parser.add_argument("--sandbox", metavar="SCENARIO",
                        help="poll local fake X and Facebook APIs serving a scenario (e.g. brackley) instead of the "
                             "real ones; no credentials are read")
    parser.add_argument("--format", choices=("json", "text"), default="json",
                        help="json: one finding per line (default); text: a table for people")
    parser.add_argument("--no-lookalikes", action="store_true",
                        help="skip the sweep for lookalike X handles (it costs a user read per lookalike found)")


def run(args: argparse.Namespace) -> int:
    """Poll once and print the findings; see EPILOG for the exit status."""
    from monitor.credentials import CredentialError
    from monitor.poll import build_sources, poll_once
    from monitor.sandbox.scenario import ScenarioError, start_sandboxes, stop_sandboxes

    config = config_from(args)
    now = datetime.now(UTC)
    servers: list[SandboxServer] = []
    try:
        urls = None
        if args.sandbox:
            servers, urls = start_sandboxes(args.sandbox, now)
        sources = build_sources(config, urls)
        if not sources:
            print("council-monitor poll: nothing to poll (no enabled platform has registered accounts)",
                  file=sys.stderr)
            return EXIT_CLEAN
        result = poll_once(config, now, {}, sources, lookalikes=not args.no_lookalikes)
    except ScenarioError as exc:
        print(f"council-monitor poll: {exc}", file=sys.stderr)
        return EX_USAGE
    except CredentialError as exc:
        print(f"council-monitor poll: {exc} (or try the sandbox: --sandbox brackley)", file=sys.stderr)
        return EX_CONFIG
    finally:
        stop_sandboxes(servers)
    write_findings(result.findings, args.format, sys.stdout)
    report(config, result, sys.stderr)
    if result.errors:
        return EXIT_PLATFORM_FAILED
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def write_findings(findings: list[Finding], fmt: str, out: IO[str]) -> None:
    """Print findings the way scan does."""
    from monitor.commands.scan import write_text

    if fmt == "text":
        write_text(findings, out)
    else:
        for finding in findings:
            out.write(json.dumps(finding.to_json(), ensure_ascii=False) + "\n")
    out.flush()


def report(config: Config, result: PollResult, err: IO[str]) -> None:
    """Print, per platform, what was read and what it cost, then every failure with its reason."""
    from monitor.platforms.budget import Prices

    for batch in result.batches:
        usage = result.usage[batch.platform]
        cost = Prices.of(config, batch.platform).cost(usage)
        err.write(f"{batch.platform}: {usage.requests} request(s), {len(batch.posts)} new post(s), "
                  f"{len(batch.accounts)} profile(s), {usage.post_reads} post and {usage.user_reads} user read(s)"
                  + (f", about ${cost:.2f}" if cost else "") + "\n")
        for account in batch.unmonitorable:
            err.write(f"{batch.platform}: note: {account.handle} cannot be monitored (a personal profile)\n")
    if result.sweep is not None:
        err.write(f"x: lookalike sweep: {result.sweep.looked_up} handle(s) looked up, "
                  f"{len(result.sweep.accounts)} exist\n")
    for notice in result.notices:
        err.write(f"notice: {notice.message}\n")
    for error in result.errors:
        err.write(f"council-monitor poll: {error}\n")
