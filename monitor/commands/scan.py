"""`council-monitor scan`: audit a batch of records offline."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import IO

from monitor.checks import Context, History
from monitor.cli import add_config_argument, config_from
from monitor.engine import run_checks
from monitor.records import Account, Finding, Post
from monitor.scanfile import BadRecord, LineError, parse_time, read_records

HELP = "check a file of account and post records (JSON lines) against the policy"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EPILOG = ("Each bad line is named on stderr as INPUT:LINE: reason, and the rest is still scanned. "
          "exit status: 0 nothing found, 1 findings written, 2 bad input or a bad option, "
          "78 configuration error.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare scan's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--now", metavar="ISO8601", help="evaluation time for time-based rules (default: now)")
    parser.add_argument("--format", choices=("json", "text"), default="json",
                        help="json: one finding per line (default); text: a table for people")
    parser.add_argument("input", metavar="INPUT.jsonl", help="records, one JSON object per line ('-' for stdin)")


def _open(path: str) -> IO[bytes]:
    """Open the input as bytes, so that invalid UTF-8 is reported per line."""
    return sys.stdin.buffer if path == "-" else open(path, "rb")


def write_text(findings: list[Finding], out: IO[str]) -> None:
    """Print findings as a table a person can read."""
    if not findings:
        out.write("No findings.\n")
        return
    out.write(f"{'RULE':<19} {'SEV':<6} {'CLAUSE':<12} {'ACCOUNT':<28} {'POST':<20} MESSAGE\n")
    for f in findings:
        account = f"{f.platform}:@{f.handle}"[:28]
        message = " ".join(f.message.split())
        post = (f.post_id or "-")[:20]
        out.write(f"{f.rule:<19} {f.severity:<6} {f.clause:<12} {account:<28} {post:<20} {message}\n")
    out.write(f"\n{len(findings)} finding(s).\n")


def run(args: argparse.Namespace) -> int:
    """Scan the input and write findings; exit 0 clean, 1 findings, 2 bad input."""
    config = config_from(args)
    try:
        now = parse_time(args.now, "--now") if args.now else datetime.now(UTC)
    except BadRecord as exc:
        print(f"council-monitor scan: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        stream = _open(args.input)
    except OSError as exc:
        print(f"council-monitor scan: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    accounts: list[Account] = []
    posts: list[Post] = []
    bad = 0
    with stream:
        for _, item in read_records(stream, config):
            if isinstance(item, LineError):
                bad += 1
                print(f"{args.input}:{item.line}: {item.reason}", file=sys.stderr)
            elif isinstance(item, Account):
                accounts.append(item)
            else:
                posts.append(item)
    ctx = Context(config=config, now=now, history=History(accounts=tuple(accounts), posts=tuple(posts)))
    findings = run_checks(accounts, posts, ctx)
    out = sys.stdout
    if args.format == "text":
        write_text(findings, out)
    else:
        for finding in findings:
            out.write(json.dumps(finding.to_json(), ensure_ascii=False) + "\n")
    out.flush()
    if bad:
        print(f"council-monitor scan: {bad} bad line(s) skipped; the rest was scanned", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if findings else EXIT_CLEAN
