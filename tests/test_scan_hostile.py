"""`council-monitor scan` on hostile input: it streams, and a bad line costs that line only.

Each bad kind of line is one row: the file holds a good record before it and one after, the scan must exit
2, name the line as `INPUT:LINE: reason` and still write both good records' findings.
"""

from __future__ import annotations

import io
import json
import random
import select
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from monitor import scanhistory
from monitor.checks import Check, Context, History, Hit
from monitor.checksettings import CheckSettings
from monitor.commands.scan import Output, scan_stream, stream_run
from monitor.config import Config
from monitor.engine import enabled_checks, run_checks
from monitor.records import Account, Post
from monitor.scanfile import MAX_LINE_BYTES, parse_time, read_records, split_lines, too_deep
from monitor.scanhistory import HistoryBuilder, PostIds
from tests.conftest import EXAMPLE_CONFIG, ROOT
from tests.test_scan import BAD_POST, CLEAN_POST, FINDING_KEYS, record

NOW = "2027-04-20T12:00:00+01:00"
# A personal-data finding each, so that "the rest was scanned" shows in the output.
BEFORE = record(kind="post", platform="x", handle="CllrJWhitfield", id="1", created_at="2027-04-19T09:00:00Z",
                text="Call Jo on 07911 123456 if you want to help with the litter pick.")
AFTER = BAD_POST  # post "2"
BOM = b"\xef\xbb\xbf"


def lines(*items: bytes | str, end: bytes = b"\n") -> bytes:
    """Return records joined by a line end, the last one ended too."""
    return end.join(x if isinstance(x, bytes) else x.encode() for x in items) + end


def post_with(raw: str) -> str:
    """Return a post record with one more key whose value is raw JSON text."""
    return record(kind="post", platform="x", handle="resident1", id="9", created_at="2027-04-19T10:00:00Z",
                  text="hello")[:-1] + f', "extra": {raw}}}'


LONG_LINE = post_with('"' + "a" * MAX_LINE_BYTES + '"')

# (name, file content, line that is bad, what stderr says about it)
BAD_INPUTS: list[tuple[str, bytes, int, str]] = [
    ("deep nesting", lines(BEFORE, "[" * 100_000 + "]" * 100_000, AFTER), 2, "nested more than 64 levels"),
    ("deep nesting in a record", lines(BEFORE, post_with("[" * 5_000 + "]" * 5_000), AFTER), 2,
     "nested more than 64 levels"),
    ("huge integer", lines(BEFORE, post_with("9" * 5_000), AFTER), 2, "a number is 5,000 characters long"),
    ("huge integer id", lines(BEFORE, '{"kind":"post","platform":"x","handle":"a","id":' + "7" * 5_000 + "}", AFTER),
     2, "a number is 5,000 characters long"),
    ("huge float", lines(BEFORE, post_with("1." + "5" * 5_000), AFTER), 2, "a number is 5,002 characters long"),
    ("huge exponent", lines(BEFORE, post_with("1e999"), AFTER), 2, "the number 1e999 is out of range"),
    ("huge negative exponent", lines(BEFORE, post_with("-2.5E+400"), AFTER), 2, "is out of range"),
    ("time out of range", lines(BEFORE, record(kind="post", platform="x", handle="a", id="3", text="x",
                                               created_at="0001-01-01T00:00:00+01:00"), AFTER), 2,
     "created_at '0001-01-01T00:00:00+01:00' is out of range"),
    ("over-long line", lines(BEFORE, LONG_LINE, AFTER), 2, f"line is {len(LONG_LINE):,} bytes; the limit is"),
    ("byte order mark", BOM + lines(BEFORE, "{not json", AFTER), 2, "malformed JSON"),
    ("lone CR line ends", lines(BEFORE, CLEAN_POST, "{not json", AFTER, end=b"\r"), 3, "malformed JSON"),
    ("CRLF line ends", lines(BEFORE, CLEAN_POST, "{not json", AFTER, end=b"\r\n"), 3, "malformed JSON"),
    ("mixed line ends", BEFORE.encode() + b"\r\n" + CLEAN_POST.encode() + b"\r" + CLEAN_POST.encode() + b"\n"
     + b"{not json\r\n" + AFTER.encode() + b"\r", 4, "malformed JSON"),
    ("invalid UTF-8 after a CR", lines(BEFORE, b'{"kind":"post","text":"\xc3\x28"}', AFTER, end=b"\r"), 2,
     "not valid UTF-8 at byte"),
]
# These run as a real `python -m monitor scan` too; the rest in-process through the same scan_stream.
SUBPROCESS = {"deep nesting", "huge integer", "over-long line", "lone CR line ends", "byte order mark"}


@pytest.fixture(scope="module")
def config() -> Config:
    """Return the example configuration."""
    from monitor.config import load_config

    return load_config(EXAMPLE_CONFIG)


Found = list[dict[str, object]]


def scan_bytes(data: bytes, config: Config, checks: list[Check] | None = None,
               now: str = NOW) -> tuple[int, Found, str]:
    """Scan bytes in-process the way the command does; return the exit status, the findings and stderr."""
    out, err = io.StringIO(), io.StringIO()
    stream = io.BytesIO(data)
    run = stream_run(stream, config, parse_time(now, "--now"), checks)
    status = scan_stream(stream, run, Output("input.jsonl", False, out, err))
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def scan_file(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    """Run `python -m monitor scan` on bytes written to a file."""
    path = tmp_path / "input.jsonl"
    path.write_bytes(data)
    return subprocess.run([sys.executable, "-m", "monitor", "scan", "--config", str(EXAMPLE_CONFIG), "--now", NOW,
                           str(path)], capture_output=True, text=True, check=False, encoding="utf-8")


def post_ids(findings: Found) -> set[object]:
    """Return the post ids the findings are about."""
    return {f["post_id"] for f in findings}


@pytest.mark.parametrize(("data", "line", "reason"), [row[1:] for row in BAD_INPUTS], ids=[r[0] for r in BAD_INPUTS])
def test_a_bad_line_is_named_and_the_rest_is_scanned(config: Config, data: bytes, line: int, reason: str) -> None:
    """Exit 2, `INPUT:LINE: reason` on stderr, and the good records' findings still written."""
    status, findings, err = scan_bytes(data, config)
    assert status == 2, err
    assert f"input.jsonl:{line}: " in err and reason in err, err
    assert err.count("input.jsonl:") == 1, err
    assert {"1", "2"} <= post_ids(findings)


@pytest.mark.parametrize(("data", "line", "reason"), [row[1:] for row in BAD_INPUTS if row[0] in SUBPROCESS],
                         ids=[r[0] for r in BAD_INPUTS if r[0] in SUBPROCESS])
def test_the_command_names_a_bad_line_and_scans_the_rest(tmp_path: Path, data: bytes, line: int, reason: str) -> None:
    """The same through `python -m monitor scan`: no traceback, exit 2, the rest's findings on stdout."""
    result = scan_file(tmp_path, data)
    assert result.returncode == 2, result.stderr
    assert f"input.jsonl:{line}: " in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr
    findings = [json.loads(x) for x in result.stdout.splitlines()]
    assert all(set(f) == FINDING_KEYS for f in findings)
    assert {"1", "2"} <= post_ids(findings)


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_a_byte_order_mark_and_any_line_end_are_accepted(config: Config, end: bytes) -> None:
    """A file that Windows tools wrote is a good file: exit 1 for its findings, nothing on stderr."""
    status, findings, err = scan_bytes(BOM + lines(BEFORE, CLEAN_POST, AFTER, end=end), config)
    assert (status, err) == (1, "")
    assert {"1", "2"} <= post_ids(findings)


# ---------------------------------------------------------------------------------------------------
# An exception inside one record's processing: checks with a bug, as plugins (not mocks of ours)
# ---------------------------------------------------------------------------------------------------

def crash_on_boom(post: Post, ctx: Context) -> Iterator[Hit]:
    """Fail on the post whose id is "boom", as a check with a bug would."""
    if post.id == "boom":
        raise RuntimeError("a bug")
    yield from ()


def unwritable(post: Post, ctx: Context) -> Iterator[Hit]:
    """Return evidence that JSON cannot carry, for the post whose id is "odd"."""
    if post.id == "odd":
        yield Hit(message="odd", evidence={"what": object()}, severity="low")


def unknown_settings(post: Post, ctx: Context) -> Iterator[Hit]:
    """Return a hit without a severity for the post whose id is "lost": the runner then asks for settings it lacks."""
    if post.id == "lost":
        yield Hit(message="lost")


def crash_on_history(ctx: Context) -> Iterator[Hit]:
    """Fail at the end, as a history check with a bug would."""
    raise ValueError("history bug")
    yield  # a generator, like the real history checks


BUGGY = [Check("crashes", "0", "low", "post", crash_on_boom, "A check with a bug.", "Nothing.", CheckSettings),
         Check("unwritable", "0", "low", "post", unwritable, "A check with odd evidence.", "Nothing.", CheckSettings),
         Check("unconfigured", "0", "low", "post", unknown_settings, "A check the config has no table for.",
               "Nothing.", CheckSettings),
         Check("crashes-later", "0", "low", "history", crash_on_history, "A history check with a bug.", "Nothing.",
               CheckSettings)]
BOOM = record(kind="post", platform="x", handle="CllrJWhitfield", id="boom", created_at="2027-04-19T10:00:00Z",
              text="Ring Bob on 07911 654321 about the hall.")
ODD = record(kind="post", platform="x", handle="CllrJWhitfield", id="odd", created_at="2027-04-19T10:00:00Z",
             text="Nothing to see.")
LOST = record(kind="post", platform="x", handle="CllrJWhitfield", id="lost", created_at="2027-04-19T10:00:00Z",
              text="Nothing here either.")


def test_an_exception_in_a_check_is_reported_for_its_line_and_the_scan_goes_on(config: Config) -> None:
    """The failing check is named against the line; the other checks still judge that post; exit 2."""
    checks = enabled_checks(Context(config=config, now=parse_time(NOW, "--now"))) + BUGGY
    status, findings, err = scan_bytes(lines(BEFORE, BOOM, ODD, LOST, AFTER), config, checks)
    assert status == 2
    assert "input.jsonl:2: check crashes failed (RuntimeError: a bug)" in err
    assert "input.jsonl:3: could not be checked (TypeError: Object of type object is not JSON serializable)" in err
    assert "input.jsonl:4: could not be checked (AttributeError:" in err
    assert "input.jsonl: check crashes-later failed (ValueError: history bug)" in err
    assert err.count("input.jsonl:2:") == 1  # the post re-checked alone after the batch failed is named once
    assert {"1", "boom", "2"} <= post_ids(findings)  # personal-data still judged the post whose check crashed
    assert not {"odd", "lost"} & post_ids(findings)


def half_way_on_history(ctx: Context) -> Iterator[Hit]:
    """Find one thing, then fail, as a history check with a bug part-way would."""
    yield Hit(message="found before the bug", platform="x", handle="BrackleyTC")
    raise ValueError("history bug")


def test_history_findings_are_written_as_found_and_a_failure_part_way_keeps_them(config: Config) -> None:
    """scan writes the history findings one at a time: what a failing history check found before it failed is kept."""
    # A rule id the configuration has settings for: a finding reads its rule's severity there.
    check = Check("unanswered", "0", "low", "history", half_way_on_history, "A history check with a bug.",
                  "Nothing.", CheckSettings)
    status, findings, err = scan_bytes(lines(BEFORE), config, [check])
    assert status == 2
    assert [f["message"] for f in findings] == ["found before the bug"]
    assert "input.jsonl: check unanswered failed (ValueError: history bug)" in err


# ---------------------------------------------------------------------------------------------------
# Streaming: memory and output
# ---------------------------------------------------------------------------------------------------

class OneLongLine(io.RawIOBase):
    """A byte stream of one line of n bytes and then a short one, made as it is read (never held whole)."""

    def __init__(self, n: int) -> None:
        """Start at the beginning."""
        super().__init__()
        self.left = n
        self.rest = b"\nnext\n"

    def readable(self) -> bool:
        """Say that it can be read."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill the buffer with the next bytes; return how many."""
        if self.left > 0:
            step = min(len(buffer), self.left)
            buffer[:step] = b"a" * step
            self.left -= step
            return step
        step = min(len(buffer), len(self.rest))
        buffer[:step], self.rest = self.rest[:step], self.rest[step:]
        return step


def test_an_over_long_line_is_counted_while_read_and_never_held() -> None:
    """A 64 MB line with a 1 MB limit: its length is reported, and the reader never holds much more than 1 MB."""
    tracemalloc.start()
    try:
        got = list(split_lines(io.BufferedReader(OneLongLine(64 << 20)), limit=1 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == [64 << 20, b"next"]
    assert peak < 3 << 20


def test_findings_come_out_while_the_input_is_still_arriving() -> None:
    """From a pipe, a batch's findings are written before the input ends (a few hundred records a batch)."""
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "scan", "--config", str(EXAMPLE_CONFIG), "--now", NOW,
                             "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(lines(BEFORE, *[CLEAN_POST] * 300))
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no finding before the input ended"
        assert json.loads(proc.stdout.readline())["post_id"] == "1"
    finally:
        proc.stdin.close()
        proc.wait(60)
        proc.stdout.close()
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == 1


def test_findings_follow_the_input_order(config: Config) -> None:
    """A post's findings come before those of an account on a later line; history findings come last."""
    profile = record(kind="account", platform="x", handle="BrackleyTC", bio="News from the Town Council.",
                     created_at="2015-01-01T00:00:00Z")
    status, findings, _ = scan_bytes(lines(BEFORE, profile), config)
    assert status == 1
    rules = [f["rule"] for f in findings]
    assert rules.index("personal-data") < rules.index("hours-notice") < rules.index("unattended")


# ---------------------------------------------------------------------------------------------------
# The compact history gives the findings a whole batch gives, whatever the order of the records
# ---------------------------------------------------------------------------------------------------

CORPUS = sorted((ROOT / "eval" / "corpus").glob("*.jsonl"))


def whole_batch(data: bytes, config: Config, now: str = NOW) -> list[str]:
    """Return the findings of all records held at once (the way scan worked before it streamed), sorted."""
    items = [item for _, item in read_records(io.BytesIO(data), config) if isinstance(item, Account | Post)]
    accounts = [a for a in items if isinstance(a, Account)]
    posts = [p for p in items if isinstance(p, Post)]
    ctx = Context(config=config, now=parse_time(now, "--now"), history=History(tuple(accounts), tuple(posts)))
    return sorted(json.dumps(f.to_json(), sort_keys=True) for f in run_checks(accounts, posts, ctx))


@pytest.mark.parametrize("order", ["as written", "reversed"])
@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_streaming_finds_what_the_whole_batch_finds(config: Config, path: Path, order: str) -> None:
    """Every rule, history ones included, fires on the same records as with the whole batch in memory."""
    records = path.read_bytes().splitlines()
    data = b"\n".join(reversed(records) if order == "reversed" else records) + b"\n"
    _, findings, _ = scan_bytes(data, config)
    assert sorted(json.dumps(f, sort_keys=True) for f in findings) == whole_batch(data, config)


@pytest.mark.parametrize("path", [p for p in CORPUS if p.stem in ("timing", "round2")], ids=lambda p: p.stem)
def test_questions_read_back_a_few_at_a_time_find_what_the_whole_batch_finds(
        config: Config, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The end reads kept questions back in parts (two a part here): the findings are those of the whole batch."""
    monkeypatch.setattr(scanhistory, "QUESTIONS_A_HISTORY", 2)
    data = path.read_bytes()
    _, findings, _ = scan_bytes(data, config)
    assert sum(f["rule"] == "unanswered" for f in findings) > 2  # more than one part
    assert sorted(json.dumps(f, sort_keys=True) for f in findings) == whole_batch(data, config)


# Before, around and after the due times of the corpus's questions (Friday 16 to Tuesday 20 April 2027).
NOWS = ["2027-04-16T12:00:00+01:00", "2027-04-19T09:30:00+01:00", "2027-04-19T17:00:00+01:00", NOW,
        "2027-05-20T12:00:00+01:00"]


@pytest.mark.parametrize("now", NOWS)
@pytest.mark.parametrize("path", [p for p in CORPUS if p.stem in ("timing", "round2", "mastodon")],
                         ids=lambda p: p.stem)
def test_questions_forgotten_before_their_due_time_change_no_finding(config: Config, path: Path, now: str) -> None:
    """scan forgets a question not due by --now; whatever --now, it finds what the whole batch finds."""
    data = path.read_bytes()
    _, findings, _ = scan_bytes(data, config, now=now)
    assert sorted(json.dumps(f, sort_keys=True) for f in findings) == whole_batch(data, config, now)


def at(when: str) -> datetime:
    """Return an aware time from ISO 8601."""
    return parse_time(when, "time")


OFFICIAL_POST = Post(platform="x", handle="BrackleyTC", id="10", created_at=at("2027-04-12T09:00:00Z"),
                     text="Roadworks on Halse Road from Monday.", role="official")


def asked(post_id: str, when: str, reply_to: str = "10") -> Post:
    """Return a resident's question replying to a post."""
    return Post(platform="x", handle="resident1", id=post_id, created_at=at(when), reply_to=reply_to,
                text="When will the potholes on Halse Road be fixed?", role="other")


def answer(post_id: str, when: str, reply_to: str) -> Post:
    """Return the official account's reply to a post."""
    return Post(platform="x", handle="BrackleyTC", id=post_id, created_at=at(when), reply_to=reply_to,
                text="Next week.", role="official")


def kept_questions(config: Config, posts: list[Post]) -> set[str]:
    """Return the ids of residents' posts a scan at NOW keeps for `unanswered`, reading posts in order."""
    builder = HistoryBuilder(config, parse_time(NOW, "--now"))
    for post in posts:
        builder.add_post(post)
    return {p.id for p in builder.history().posts if p.handle == "resident1" and p.text}


# Question 11 is due on Wednesday 14 April at 17:00 BST (16 office hours, 9 to 5); question 12 on 22 April, after NOW.
KEPT_CASES = [
    ("overdue and never answered", [OFFICIAL_POST, asked("11", "2027-04-13T08:00:00Z")], {"11"}),
    ("not due by now", [OFFICIAL_POST, asked("12", "2027-04-20T10:00:00Z")], set()),
    ("answered in time, reply read after", [OFFICIAL_POST, asked("11", "2027-04-13T08:00:00Z"),
                                            answer("20", "2027-04-13T15:00:00Z", "11")], set()),
    ("answered in time, reply read before", [answer("20", "2027-04-13T15:00:00Z", "11"), OFFICIAL_POST,
                                             asked("11", "2027-04-13T08:00:00Z")], set()),
    ("answered late", [OFFICIAL_POST, asked("11", "2027-04-13T08:00:00Z"),
                       answer("20", "2027-04-15T15:00:00Z", "11")], {"11"}),
    ("answered in time on the follow-up", [OFFICIAL_POST, asked("11", "2027-04-13T08:00:00Z"),
                                           replace(asked("13", "2027-04-13T09:00:00Z", "11"), text="Anyone?"),
                                           answer("20", "2027-04-13T15:00:00Z", "13")], set()),
]


@pytest.mark.parametrize(("posts", "kept"), [row[1:] for row in KEPT_CASES], ids=[row[0] for row in KEPT_CASES])
def test_only_questions_that_can_still_be_overdue_are_kept(config: Config, posts: list[Post], kept: set[str]) -> None:
    """A question not due by now, or answered by its deadline, is forgotten; the whole batch finds the same."""
    assert kept_questions(config, posts) == kept
    ctx = Context(config=config, now=parse_time(NOW, "--now"), history=History((), tuple(posts)))
    assert {f.post_id for f in run_checks([], posts, ctx) if f.rule == "unanswered"} == kept


def test_only_the_asked_accounts_reply_forgets_a_question_when_others_do_not_answer(config: Config) -> None:
    """With other_official_answers = false, who was asked may be read later: the question stays to the end."""
    unanswered = config.checks.for_rule("unanswered").model_copy(update={"other_official_answers": False})
    strict = config.model_copy(update={"checks": config.checks.model_copy(update={"unanswered": unanswered})})
    posts = [OFFICIAL_POST, asked("11", "2027-04-13T08:00:00Z"), answer("20", "2027-04-13T15:00:00Z", "11")]
    assert kept_questions(strict, posts) == {"11"}


def test_an_official_profile_after_its_posts_still_vouches_for_them(config: Config) -> None:
    """A file's profiles are read first: a Page made official by its profile is not silent for its earlier posts."""
    post = record(kind="post", platform="facebook", handle="BrackleyMuseumBTC", id="m1",
                  created_at="2027-04-19T10:00:00Z", text="Open today 10-4.")
    profile = record(kind="account", platform="facebook", handle="BrackleyMuseumBTC", role="official",
                     created_at="2015-01-01T00:00:00Z", bio="Staffed Mon-Fri 9-5.")
    _, findings, _ = scan_bytes(lines(post, profile), config)
    assert not [f for f in findings if f["rule"] == "unattended"]


# An official profile that does not say when it is staffed, and its post on a closed day saying when messages here
# are read (the Appendix's other way): `evaluate` gives account checks every post, `scan` the notices read ahead.
SILENT_PROFILE = record(kind="account", platform="x", handle="BrackleyTC", display_name="Brackley Town Council",
                        bio="News and events from Brackley Town Council.", created_at="2015-01-01T00:00:00Z")
SATURDAY, THURSDAY = "2027-04-17T10:00:00Z", "2027-04-15T10:00:00Z"


def hours_notice_post(created_at: str) -> str:
    """Return the account's post saying when its messages are read, made at a given time."""
    return record(kind="post", platform="x", handle="BrackleyTC", id="1790000000000000777", created_at=created_at,
                  text="The office is closed for the weekend, so messages here won't be read until Monday at 9am.")


def hours_notices(findings: list[str]) -> list[str]:
    """Return the hours-notice findings among sorted JSON findings."""
    return [f for f in findings if json.loads(f)["rule"] == "hours-notice"]


class Pipe(io.BytesIO):
    """Bytes read once, as from a pipe: scan cannot read the profiles ahead."""

    def seekable(self) -> bool:
        """Say a pipe cannot seek."""
        return False


@pytest.mark.parametrize(("created_at", "fires"), [(SATURDAY, False), (THURSDAY, True)], ids=["Saturday", "Thursday"])
def test_a_closed_day_notice_after_the_profile_is_read_as_evaluate_reads_it(
        tmp_path: Path, config: Config, created_at: str, fires: bool) -> None:
    """Scan and evaluate agree: a Saturday notice of when messages are read answers it, a weekday one does not."""
    data = lines(SILENT_PROFILE, hours_notice_post(created_at))
    result = scan_file(tmp_path, data)
    scanned = sorted(json.dumps(json.loads(line), sort_keys=True) for line in result.stdout.splitlines())
    assert scanned == whole_batch(data, config)
    assert bool(hours_notices(scanned)) is fires


@pytest.mark.parametrize(("created_at", "fires"), [(SATURDAY, False), (THURSDAY, True)], ids=["Saturday", "Thursday"])
def test_from_a_pipe_a_closed_day_notice_before_the_profile_counts(config: Config, created_at: str,
                                                                   fires: bool) -> None:
    """Read once, the notices read before a profile are what its account check sees."""
    data = lines(hours_notice_post(created_at), SILENT_PROFILE)
    out, err = io.StringIO(), io.StringIO()
    stream = Pipe(data)
    scan_stream(stream, stream_run(stream, config, parse_time(NOW, "--now")), Output("-", False, out, err))
    scanned = sorted(json.dumps(json.loads(line), sort_keys=True) for line in out.getvalue().splitlines())
    assert scanned == whole_batch(data, config)
    assert bool(hours_notices(scanned)) is fires


def test_only_the_last_few_notices_of_an_account_are_kept(config: Config) -> None:
    """An official account's closed-day notices are kept a few at a time; residents' and weekday ones not at all."""
    notices = scanhistory.Notices(config, parse_time(NOW, "--now"))
    text = json.loads(hours_notice_post(SATURDAY))["text"]
    saturday = parse_time(SATURDAY, "created_at")
    for n in range(8):
        assert notices.add(Post(platform="x", handle="BrackleyTC", id=str(n), created_at=saturday, text=text))
    assert not notices.add(Post(platform="x", handle="resident1", id="r", created_at=saturday, text=text))
    assert not notices.add(Post(platform="x", handle="BrackleyTC", id="t", text=text,
                                created_at=parse_time(THURSDAY, "created_at")))
    assert [p.id for p in notices.posts()] == [str(n) for n in range(8 - scanhistory.NOTICES_AN_ACCOUNT, 8)]


# ---------------------------------------------------------------------------------------------------
# The parts
# ---------------------------------------------------------------------------------------------------

class SmallRuns(PostIds):
    """Post ids spilled in sorted runs of 4, read back 2 at a time, to exercise the runs and their blocks."""

    RUN = 4
    BLOCK = 2


def test_post_ids_remember_every_id_and_the_last_author_wins() -> None:
    """Ids moved into runs are found, the last post with an id wins, and "007" is not "7"."""
    ids = SmallRuns()
    for n in range(20):
        ids.add(str(100 + n), n)
    ids.add("103", 99)
    ids.add("007", 1)
    ids.add("fb_1", 2)
    for n in range(10):  # other ids move to the database in runs too
        ids.add(f"page_{n}", n)
    ids.add("page_3", 77)
    assert [ids.author(str(100 + n)) for n in (0, 3, 19)] == [0, 99, 19]
    assert (ids.author("7"), ids.author("007"), ids.author("fb_1"), ids.author("120")) == (None, 1, 2, None)
    assert [ids.author(f"page_{n}") for n in (0, 3, 9)] + [ids.author("page_10")] == [0, 77, 9, None]
    ids.close()


def test_spilled_post_ids_answer_as_a_dict_would() -> None:
    """Ids in any order, with gaps and repeats, spilled to the file: each lookup gives the last author added."""
    rng = random.Random(9)
    ids, model = SmallRuns(), {}
    for n in range(500):
        post_id = str(rng.choice([rng.randrange(1_000), 10**18 + n, 2 * n, f"p_{rng.randrange(300)}"]))
        ids.add(post_id, n)
        model[post_id] = n
    keys = [*map(str, range(1_100)), *(str(10**18 + n) for n in range(510)), *(f"p_{n}" for n in range(310))]
    assert all(ids.author(k) == model.get(k) for k in keys)
    ids.close()


@pytest.mark.parametrize(("text", "deep"), [
    ('{"a": [[[]]]}', False),
    ("[" * 65 + "]" * 65, True),
    ("[" * 64 + "]" * 64, False),
    ('{"text": "' + "[" * 500 + '"}', False),  # brackets inside a string nest nothing
    ('{"text": "\\"' + "{" * 500 + '"}', False),  # nor after an escaped quote
    ("[" * 40 + '"]]]"' + "{" * 30, True),
], ids=["shallow", "65 levels", "64 levels", "brackets in a string", "after an escaped quote", "mixed"])
def test_nesting_depth_is_measured_outside_strings(text: str, deep: bool) -> None:
    """Only brackets outside strings count towards the depth."""
    assert too_deep(text) is deep


def _cpu(text: str) -> float:
    """Return the least CPU time of three runs of too_deep on a text."""
    times = []
    for _ in range(3):
        start = time.process_time()
        too_deep(text)
        times.append(time.process_time() - start)
    return min(times)


@pytest.mark.parametrize("unit", ['\\"', '"\\', '\\\\"', '"'], ids=["escaped quotes", "quote backslash",
                                                                   "backslashes and quotes", "quotes"])
def test_measuring_the_depth_stays_linear_in_the_text(unit: str) -> None:
    """A line of 200,000 quote-and-backslash units (and enough brackets to be measured) costs what prose does.

    Each unclosed string used to be read to the end once for every quote in it: 20,000 escaped quotes took
    6 s. CPU time, the least of three, against 50 times prose of the same length (at least 4 ms of it).
    """
    n = 200_000
    hostile = "[" * 30 + unit * n + "]" * 40
    prose = '{"text": "' + "a [b] {c} " * (len(hostile) // 10) + '"}'
    assert _cpu(hostile) <= 50 * max(_cpu(prose), 0.004)
