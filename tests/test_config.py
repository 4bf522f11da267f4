"""Configuration: the example loads; bad files are reported whole, with a hint, and exit 78."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from monitor.config import Config, ConfigError, Election, config_warnings, election_warnings, load_config, parse_config
from monitor.configlines import KeyLines
from tests.conftest import EXAMPLE_CONFIG
from tests.daemon.support import apprise_yml, write_credentials


def test_the_example_config_loads(example_config: Config) -> None:
    """config/example.toml is valid and describes Brackley."""
    assert example_config.council.name == "Brackley Town Council"
    assert example_config.role_of("x", "brackleytc") == "official"
    assert example_config.role_of("x", "@CLLRJWHITFIELD") == "councillor"
    assert example_config.role_of("x", "someone") == "other"


def test_the_pre_election_period_defaults_to_the_statutory_notice_of_election(example_config: Config) -> None:
    """Clause 10.1: from the Notice of Election, computed from polling day unless the config gives it."""
    election = Election(polling_day=date(2027, 5, 6))
    start, end = election.period(example_config.zone)
    assert start.date() == date(2027, 3, 31)
    assert (end.hour, end.date()) == (22, date(2027, 5, 6))
    noticed = Election(polling_day=date(2027, 5, 6), notice_of_election=date(2027, 3, 22))
    assert noticed.period(example_config.zone)[0].date() == date(2027, 3, 22)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_is_reported_at_once_with_its_key_path(tmp_path: Path) -> None:
    """Three mistakes, three lines, each naming the key and how to fix it."""
    path = _write(tmp_path, """
[council]
name = "Brackley Town Council"
timezone = "Europe/Londn"
colour = "blue"
[[official]]
platform = "x"
handle = "this handle is far too long"
[[elections]]
polling_day = "soon"
""")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    problems = err.value.problems
    assert len(problems) == 4, problems
    assert err.value.lines == [4, 5, 6, 10], "the timezone's line, the unknown key's, the account's header, the day's"
    assert any(p.startswith("council.timezone: unknown time zone") for p in problems)
    assert any(p.startswith("council.colour: unknown key (remove it") for p in problems)
    assert any(p.startswith("official[0]: handle") for p in problems)
    assert any(p.startswith("elections[0].polling_day:") and "2027-05-06" in p for p in problems)
    assert str(path) in str(err.value)


def test_an_account_registered_twice_is_refused(tmp_path: Path) -> None:
    """One handle cannot belong to the council and a councillor at once."""
    path = _write(tmp_path, """
[council]
name = "Brackley Town Council"
[[official]]
platform = "x"
handle = "BrackleyTC"
[[councillors]]
name = "A Person"
[[councillors.accounts]]
platform = "x"
handle = "brackleytc"
""")
    with pytest.raises(ConfigError, match="registered to both"):
        load_config(path)


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    """A syntax error is reported, not a traceback."""
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(_write(tmp_path, "[council\nname = 1\n"))


def test_check_config_exits_78_on_a_bad_file(tmp_path: Path) -> None:
    """The command systemd's RestartPreventExitStatus=78 relies on."""
    bad = _write(tmp_path, "[council]\nname = 'Brackley Town Council'\nfoo = 1\n")
    result = subprocess.run([sys.executable, "-m", "monitor", "check-config", "--config", str(bad)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 78
    assert f"{bad}:3: council.foo: unknown key" in result.stderr
    credentials = write_credentials(tmp_path / "credentials", apprise_yml(2525))  # check-config reads them too
    good = subprocess.run([sys.executable, "-m", "monitor", "check-config", "--config", str(EXAMPLE_CONFIG)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "CREDENTIALS_DIRECTORY": str(credentials)})
    assert good.returncode == 0, good.stderr


def test_times_are_aware_in_the_council_zone(example_config: Config) -> None:
    """Local rules use the council's zone."""
    assert datetime(2027, 7, 1, tzinfo=example_config.zone).utcoffset() is not None


def test_a_councillor_and_an_election_are_named_in_a_problem_with_their_line(tmp_path: Path) -> None:
    """councillors["Tom Okafor"].accounts[1], not councillors[1].accounts[1]: the contractor edits by name."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace('kind = "profile"', 'kind = "personal"')
    text = text.replace("polling_day = 2027-05-06", 'polling_day = "6 May"')
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    lines = text.splitlines()
    located = dict(zip(err.value.problems, err.value.lines, strict=True))
    kind = next(p for p in located if p.startswith('councillors["Tom Okafor"].accounts[1].kind: '))
    day = next(p for p in located if p.startswith('elections["Brackley Town Council election 2027"].polling_day: '))
    assert lines[located[kind] - 1].startswith('kind = "personal"')
    assert lines[located[day] - 1].startswith('polling_day = "6 May"')
    assert f"{tmp_path / 'c.toml'}:{located[kind]}: councillors[\"Tom Okafor\"]" in str(err.value)


# (TOML text, key path, the line it is on)
KEY_LINES = [
    ("[a]\nb = 1\n", ("a", "b"), 2),
    ("[a]\nb = 1\n", ("a", "c"), 1),  # a missing key: its table
    ("[[c]]\nname = 'x'\n[[c]]\nname = 'y'\n[[c.d]]\ne = 1\n[[c.d]]\ne = 2\n", ("c", 1, "d", 1, "e"), 8),
    ("[[c]]\n[[c.d]]\n[[c]]\n[[c.d]]\ne = 1\n", ("c", 1, "d", 0, "e"), 5),
    ('[checks."missing-disclaimer"]\nenabled = true\n', ("checks", "missing-disclaimer", "enabled"), 2),
    ('[alerts]\nroutes = { "*" = ["email"] }\n', ("alerts", "routes", "*", 0), 2),  # inside an inline table
    ('s = """\n[x]\ny = 1\n"""\n[z]\ny = 2\n', ("z", "y"), 6),  # a header inside a string is text
    ("a.b = 1 # comment\n", ("a", "b"), 1),
    ("x = [\n  1,\n  2,\n]\n", ("x", 1), 1),
]


@pytest.mark.parametrize(("text", "loc", "line"), KEY_LINES)
def test_a_key_is_found_on_its_line(text: str, loc: tuple[str | int, ...], line: int) -> None:
    assert KeyLines(text).line_of(loc) == line


def test_a_key_path_no_table_holds_has_no_line() -> None:
    assert KeyLines("[a]\nb = 1\n").line_of(("z",)) is None


def test_every_key_of_the_example_is_found_on_a_line_that_names_it(example_config: Config) -> None:
    """The scan agrees with tomllib on the whole example: each key lies on a line naming it (or the inline
    table holding it)."""
    import tomllib
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    keys, lines = KeyLines(text), text.splitlines()

    def leaves(node: object, loc: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
        if isinstance(node, dict):
            return [leaf for k, v in node.items() for leaf in leaves(v, (*loc, k))]
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [leaf for i, v in enumerate(node) for leaf in leaves(v, (*loc, i))]
        return [loc]

    data = tomllib.loads(text)
    for loc in leaves(data, ()):
        line = keys.line_of(loc)
        assert line is not None and lines[line - 1].split("=")[0].strip().strip('"') in loc, loc


@pytest.mark.parametrize("text", ["", "   ", "my own"])
def test_an_empty_disclaimer_is_refused(example_config: Config, text: str) -> None:
    """An empty phrase is in every profile: missing-disclaimer could never fire."""
    data = example_config.model_dump(by_alias=True, exclude_none=True)
    data["disclaimer"] = {"text": text}
    with pytest.raises(ConfigError, match=r"disclaimer\.text: the disclaimer is empty or too short"):
        parse_config(data)


def test_a_past_polling_day_with_no_later_one_is_a_warning(example_config: Config) -> None:
    """The day after a poll every config is like this: a warning, so the monitor still restarts."""
    assert election_warnings(example_config, date(2027, 5, 6)) == []
    [(loc, text)] = election_warnings(example_config, date(2027, 5, 7))
    assert loc == ("elections", 0, "polling_day")
    assert "06 May 2027 is past" in text and "add the next election" in text


def test_the_warning_names_the_election_and_its_line(tmp_path: Path) -> None:
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("2027-05-06", "2025-05-06")
    path = _write(tmp_path, text.replace("2027-03-22", "2025-03-22"))
    [warning] = config_warnings(load_config(path), path)
    line = text.splitlines().index("polling_day = 2025-05-06") + 1
    assert warning.startswith(f'{path}:{line}: elections["Brackley Town Council election 2027"].polling_day: ')


@pytest.mark.parametrize("handle", ["brackleytc.bsky.social", "brackley-tc.gov.uk", "@cllr-jane.bsky.social"])
def test_bluesky_accounts_are_registered_by_their_domain_handle(tmp_path: Path, handle: str) -> None:
    """platform = "bluesky" is accepted wherever X and Facebook are; a handle is a domain name."""
    config = load_config(_write(tmp_path, f"""
[council]
name = "Brackley Town Council"
[[official]]
platform = "bluesky"
handle = "{handle}"
"""))
    assert config.role_of("bluesky", handle) == "official"


@pytest.mark.parametrize("handle", ["BrackleyTC", "brackley tc.bsky.social", "-brackley.bsky.social", "brackley.123"])
def test_a_bluesky_handle_that_is_not_a_domain_says_what_is_expected(tmp_path: Path, handle: str) -> None:
    """check-config names the handle and the syntax Bluesky expects."""
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, f"""
[council]
name = "Brackley Town Council"
[[councillors]]
name = "Jane Whitfield"
[[councillors.accounts]]
platform = "bluesky"
handle = "{handle}"
"""))
    assert any("is not a valid bluesky handle (a domain name such as brackleytc.bsky.social" in p
               for p in err.value.problems), err.value.problems
