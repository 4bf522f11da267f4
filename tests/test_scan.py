"""`council-monitor scan`: the contract other tools use, and what it does with bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG

FINDING_KEYS = {"rule", "platform", "handle", "post_id", "severity", "clause", "message", "evidence"}


def scan(tmp_path: Path, lines: Sequence[bytes | str], *extra: str) -> subprocess.CompletedProcess[str]:
    """Run scan on the given lines and return the finished process."""
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n")
    return subprocess.run([sys.executable, "-m", "monitor", "scan", "--config", str(EXAMPLE_CONFIG),
                           "--now", "2027-04-20T12:00:00+01:00", *extra, str(path)],
                          capture_output=True, text=True, check=False, encoding="utf-8")


def record(**fields: object) -> str:
    """Return one JSON line."""
    return json.dumps(fields)


CLEAN_POST = record(kind="post", platform="x", handle="BrackleyTC", id="1", created_at="2027-04-19T10:00:00Z",
                    text="The library opens at 9am on Saturday. Mon-Fri 9-5 we reply to messages.")
BAD_POST = record(kind="post", platform="x", handle="CllrJWhitfield", id="2", created_at="2027-04-19T10:00:00Z",
                  text="Ring my neighbour Bob on 07911 123456, he lives at 14 Station Road, Brackley NN13 6XX")


def test_a_clean_batch_exits_0_and_writes_nothing(tmp_path: Path) -> None:
    """Nothing found: exit 0, empty stdout."""
    result = scan(tmp_path, [CLEAN_POST])
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_findings_are_json_lines_with_the_contract_keys_and_exit_1(tmp_path: Path) -> None:
    """Each finding is one JSON object with exactly the documented keys."""
    result = scan(tmp_path, [CLEAN_POST, BAD_POST])
    assert result.returncode == 1, result.stderr
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert findings
    for f in findings:
        assert set(f) == FINDING_KEYS
    assert any(f["rule"] == "personal-data" and f["post_id"] == "2" for f in findings)


BAD_LINES: list[tuple[bytes | str, str]] = [
    ("{not json", "malformed JSON"),
    (record(kind="post", platform="x", handle="a", created_at="2027-04-19T10:00:00Z", text="x"), "missing field 'id'"),
    (record(kind="post", platform="x", handle="a", id="3", created_at="2027-04-19T10:00:00Z", text=5),
     "text must be a string"),
    (record(kind="post", platform="myspace", handle="a", id="3", created_at="2027-04-19T10:00:00Z", text=""),
     "unknown platform"),
    (record(kind="post", platform="x", handle="a", id="3", created_at="2027-04-19 10:00", text=""), "no time zone"),
    (record(kind="post", platform="x", handle="a", id="3", created_at="yesterday", text=""), "not an ISO 8601"),
    (b'{"kind":"post","text":"\xff\xfe"}', "not valid UTF-8"),
    (record(kind="tweet"), "kind must be"),
    (record(kind="account", platform="x", handle="has space"), "not a valid x handle"),
    (record(kind="account", platform="x", handle="ok", role="mayor"), "role 'mayor'"),
    ("[1, 2]", "expected a JSON object"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_reported_with_its_number_and_the_rest_is_scanned(
        tmp_path: Path, line: bytes | str, reason: str) -> None:
    """Exit 2, `INPUT:LINE: reason` on stderr, and the good lines' findings still written."""
    result = scan(tmp_path, [BAD_POST, line, CLEAN_POST])
    assert result.returncode == 2
    assert "input.jsonl:2: " in result.stderr
    assert reason in result.stderr
    assert any(json.loads(x)["post_id"] == "2" for x in result.stdout.splitlines())


def test_hostile_text_is_scanned_without_crashing(tmp_path: Path) -> None:
    """A 1 MB post, zero-width and right-to-left characters, HTML and lone surrogates are just text."""
    huge = "a" * 1_000_000
    hostile = [
        record(kind="post", platform="x", handle="CllrJWhitfield", id="10", created_at="2027-04-19T10:00:00Z",
               text=huge),
        record(kind="post", platform="x", handle="CllrJWhitfield", id="11", created_at="2027-04-19T10:00:00Z",
               text="c\u200bal\u202el m\u2066e on 0791\u200b1 123456 <script>alert(1)</script> <!channel>"),
        '{"kind":"post","platform":"x","handle":"BrackleyTC","id":"12","created_at":"2027-04-19T10:00:00Z",'
        '"text":"lone \\ud800 surrogate"}',
        record(kind="account", platform="x", handle="Someone", display_name="\u202eCTyelkcarB", bio="\u200b" * 1000),
    ]
    result = scan(tmp_path, hostile)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stdout.splitlines():
        assert set(json.loads(line)) == FINDING_KEYS


def test_text_format_prints_a_table(tmp_path: Path) -> None:
    """--format text is for people."""
    result = scan(tmp_path, [BAD_POST], "--format", "text")
    assert result.returncode == 1
    assert result.stdout.startswith("RULE")
    assert "personal-data" in result.stdout and "finding(s)." in result.stdout


def test_a_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    """Exit 2 and a message, not a traceback."""
    result = subprocess.run([sys.executable, "-m", "monitor", "scan", "--config", str(EXAMPLE_CONFIG),
                             str(tmp_path / "nope.jsonl")], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_now_is_a_clear_error(tmp_path: Path) -> None:
    """--now must be an aware ISO 8601 time."""
    result = scan(tmp_path, [CLEAN_POST], "--now", "2027-04-20")
    assert result.returncode == 2
    assert "--now" in result.stderr


def test_stdin_is_read_with_a_dash() -> None:
    """`scan -` reads the records from standard input."""
    result = subprocess.run([sys.executable, "-m", "monitor", "scan", "--config", str(EXAMPLE_CONFIG), "-"],
                            input=CLEAN_POST + "\n", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_and_the_console_script_agree() -> None:
    """`python -m monitor` is `council-monitor`."""
    result = subprocess.run([sys.executable, "-m", "monitor", "--version"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and "council-monitor" in result.stdout
