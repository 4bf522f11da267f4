"""Every `--help` ends with the command's exit statuses, so a script or a systemd unit knows what each means."""

from __future__ import annotations

import re

import pytest

from monitor.cli import COMMANDS, main

# "exit status: 0 done, 1 ..., 78 ..." as the last sentence; items are "N what", separated by commas or semicolons.
STATUS_LIST = re.compile(r"exit status:\s*(?P<items>.*)$", re.IGNORECASE | re.DOTALL)
ITEM_START = re.compile(r"[,;]\s+(?=\d+\s)")


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Return what `council-monitor ARGV --help` prints, with the line wrapping undone."""
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def exit_statuses(text: str) -> dict[int, str]:
    """Return the statuses the help ends with, or fail saying what is wrong."""
    found = STATUS_LIST.search(text[text.lower().rfind("exit status:"):])
    assert found, "the help must end with 'exit status: 0 ..., 2 ...'"
    items = ITEM_START.split(found.group("items").rstrip(".").strip())
    statuses: dict[int, str] = {}
    for item in items:
        number, _, meaning = item.partition(" ")
        assert number.isdigit() and meaning, f"not 'N what it means': {item!r}"
        assert int(number) not in statuses, f"status {number} listed twice"
        statuses[int(number)] = meaning
    assert not re.search(r"\.\s+\S", found.group("items")), "nothing may follow the list of exit statuses"
    return statuses


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_help_ends_with_its_exit_statuses(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """0, 2 (argparse's own usage error) and, for a command reading a config file, 78 are always there."""
    text = help_text([name], capsys)
    statuses = exit_statuses(text)
    assert 0 in statuses and 2 in statuses, statuses
    if "--config FILE" in text:
        assert 78 in statuses, "a command that reads --config exits 78 on a bad configuration"
    assert list(statuses) == sorted(statuses), "list the statuses in order"


def test_the_top_level_help_ends_with_its_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    """`council-monitor --help` says it too, and names every command."""
    text = help_text([], capsys)
    assert set(exit_statuses(text)) == {0, 2}
    for name, _ in COMMANDS:
        assert name in text


def test_a_bad_option_exits_2_as_every_help_says(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's usage error is the 2 each help lists."""
    for name, _ in COMMANDS:
        with pytest.raises(SystemExit) as stopped:
            main([name, "--no-such-option"])
        assert stopped.value.code == 2, name
    capsys.readouterr()


@pytest.mark.parametrize("text", [
    "usage: x. exit status: 0 done, 2 a bad option. See the docs.",
    "usage: x. exit status: 0 done, 0 again.",
    "usage: x. exit status: done or not.",
    "usage: x. Exits 0 when done.",
])
def test_the_exit_status_reader_refuses_what_a_person_could_not_rely_on(text: str) -> None:
    """Trailing prose, a repeated number, no numbers, no list: each is refused."""
    with pytest.raises(AssertionError):
        exit_statuses(text)
