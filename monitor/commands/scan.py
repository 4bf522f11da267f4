"""`council-monitor scan`: audit a batch of records offline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from monitor.checks import Check
from monitor.cli import add_config_argument, config_from
from monitor.config import Config
from monitor.engine import Outcome, StreamRun, failure
from monitor.records import Account, Finding, Post
from monitor.scanfile import BadRecord, LineError, parse_time, read_ahead, read_records
from monitor.scanhistory import Notices

HELP = "check a file of account and post records (JSON lines) against the policy"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EPILOG = ("Each bad line is named on stderr as INPUT:LINE: reason, and the rest is still scanned. "
          "exit status: 0 nothing found, 1 findings written, 2 bad input or a bad option, "
          "78 configuration error.")
# Records are checked a batch at a time (see engine.check_posts); a batch's text is bounded too, since one
# record may hold up to 8 MB.
BATCH_RECORDS = 256
BATCH_CHARS = 1 << 20
TABLE_HEADER = f"{'RULE':<19} {'SEV':<6} {'CLAUSE':<12} {'ACCOUNT':<28} {'POST':<20} MESSAGE\n"


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


def table_row(f: Finding) -> str:
    """Return one finding as a row of the text table."""
    account = f"{f.platform}:@{f.handle}"[:28]
    message = " ".join(f.message.split())
    post = (f.post_id or "-")[:20]
    return f"{f.rule:<19} {f.severity:<6} {f.clause:<12} {account:<28} {post:<20} {message}\n"


def table_end(count: int) -> str:
    """Return what closes the text table: the count, or that nothing was found."""
    return f"\n{count} finding(s).\n" if count else "No findings.\n"


def write_text(findings: list[Finding], out: IO[str]) -> None:
    """Print findings as a table a person can read."""
    if findings:
        out.write(TABLE_HEADER + "".join(table_row(f) for f in findings))
    out.write(table_end(len(findings)))


@dataclass
class Output:
    """Where findings and problems go, as they come: stdout in the chosen format, stderr named by line."""

    name: str
    text: bool
    out: IO[str]
    err: IO[str]
    findings: int = 0
    bad_lines: int = 0
    failures: int = 0

    def formatted(self, findings: list[Finding]) -> str:
        """Return findings in the output format (a table row each, or a JSON line each)."""
        if self.text:
            return "".join(table_row(f) for f in findings)
        return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in findings)

    def write(self, lines: str, count: int) -> None:
        """Write formatted findings, after the table's header if they are its first rows."""
        if count:
            if self.text and not self.findings:
                self.out.write(TABLE_HEADER)
            self.out.write(lines)
            self.findings += count

    def problem(self, line: int | None, reason: str) -> None:
        """Report a problem with one line (or with the batch, given no line) on stderr."""
        self.err.write(f"{self.name}:{line}: {reason}\n" if line is not None else f"{self.name}: {reason}\n")

    def close(self) -> int:
        """Finish the output, summarise the problems and return the exit status."""
        if self.text:
            self.out.write(table_end(self.findings))
        self.out.flush()
        if self.bad_lines:
            self.err.write(f"council-monitor scan: {self.bad_lines} bad line(s) skipped; the rest was scanned\n")
        if self.failures:
            self.err.write(f"council-monitor scan: {self.failures} check failure(s), named above; "
                           "the rest was scanned\n")
        if self.bad_lines or self.failures:
            return EXIT_BAD_INPUT
        return EXIT_FINDINGS if self.findings else EXIT_CLEAN


Numbered = tuple[int, Account | Post | LineError]


def _chars(item: Account | Post | LineError) -> int:
    """Return about how much text a record holds."""
    if isinstance(item, Post):
        return len(item.text)
    return len(item.bio) + len(item.pinned_text) if isinstance(item, Account) else 0


def batches(lines: Iterable[Numbered]) -> Iterator[list[Numbered]]:
    """Group records BATCH_RECORDS at a time, fewer once their text reaches BATCH_CHARS (memory stays bounded)."""
    batch: list[Numbered] = []
    chars = 0
    for line in lines:
        batch.append(line)
        chars += _chars(line[1])
        if len(batch) >= BATCH_RECORDS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def write_batch(batch: list[Numbered], outcomes: Iterator[Outcome], output: Output) -> None:
    """Write a batch's findings and problems in the order of its lines."""
    for number, item in batch:
        if isinstance(item, LineError):
            output.bad_lines += 1
            output.problem(number, item.reason)
            continue
        outcome = next(outcomes)
        try:
            lines = output.formatted(outcome.findings) if outcome.findings else ""
        except Exception as exc:  # a finding that cannot be written costs its record only
            outcome.errors.append(failure(exc))
            outcome.findings, lines = [], ""
        for error in outcome.errors:
            output.problem(number, error)
        output.failures += len(outcome.errors)
        output.write(lines, len(outcome.findings))


def scan_stream(stream: IO[bytes], run: StreamRun, output: Output) -> int:
    """Scan every record of a stream, then the history; return the exit status."""
    for batch in batches(read_records(stream, run.config)):
        records = [item for _, item in batch if not isinstance(item, LineError)]
        write_batch(batch, iter(run.check(records)), output)
    errors: list[str] = []
    for finding in run.finish(errors):  # one at a time: a long file's overdue questions are many
        output.write(output.formatted([finding]), 1)
    for error in errors:
        output.problem(None, error)
    output.failures += len(errors)
    return output.close()


def profiles_ahead(stream: IO[bytes], config: Config, notices: Notices | None = None) -> list[Account]:
    """Return a file's registered and official profiles, read ahead; none from a pipe, which reads once.

    Findings then do not depend on where the profiles stand in the file (before or after the posts). Given
    notices, the official accounts' closed-day notices of when messages are read are gathered into it on the way.
    """
    if not stream.seekable():
        return []
    start = stream.tell()
    wanted: list[Account] = []
    for item in read_ahead(stream, config, notices.may_hold if notices is not None else lambda raw: False):
        if isinstance(item, Post):
            if notices is not None:
                notices.add(item)
            continue
        if notices is not None:
            notices.note_profile(item)
        if item.key in config.registry or item.role == "official":
            wanted.append(item)
    stream.seek(start)
    return wanted


def stream_run(stream: IO[bytes], config: Config, now: datetime, checks: Sequence[Check] | None = None) -> StreamRun:
    """Return the run for a stream: with a file's profiles and notices read ahead, or, from a pipe, none."""
    if not stream.seekable():
        return StreamRun(config, now, checks)
    notices = Notices(config, now)
    return StreamRun(config, now, checks, profiles=profiles_ahead(stream, config, notices), notices=notices)


def run(args: argparse.Namespace) -> int:
    """Scan the input and write findings as they come; exit 0 clean, 1 findings, 2 bad input."""
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
    output = Output(args.input, args.format == "text", sys.stdout, sys.stderr)
    with stream:
        return scan_stream(stream, stream_run(stream, config, now), output)
