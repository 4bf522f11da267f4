"""Configuration: the example loads; bad files are reported whole, with a hint, and exit 78."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from monitor.config import Config, ConfigError, Election, load_config
from tests.conftest import EXAMPLE_CONFIG
from tests.daemon.support import apprise_yml, write_credentials


def test_the_example_config_loads(example_config: Config) -> None:
    """config/example.toml is valid and describes Brackley."""
    assert example_config.council.name == "Brackley Town Council"
    assert example_config.role_of("x", "brackleytc") == "official"
    assert example_config.role_of("x", "@CLLRJWHITFIELD") == "councillor"
    assert example_config.role_of("x", "someone") == "other"


def test_the_pre_election_period_defaults_to_six_weeks(example_config: Config) -> None:
    """Clause 10.1: six weeks before polling day unless the Notice of Election says otherwise."""
    election = Election(polling_day=date(2027, 5, 6))
    start, end = election.period(example_config.zone)
    assert start.date() == date(2027, 3, 25)
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
    assert f"{bad}: council.foo: unknown key" in result.stderr
    credentials = write_credentials(tmp_path / "credentials", apprise_yml(2525))  # check-config reads them too
    good = subprocess.run([sys.executable, "-m", "monitor", "check-config", "--config", str(EXAMPLE_CONFIG)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "CREDENTIALS_DIRECTORY": str(credentials)})
    assert good.returncode == 0, good.stderr


def test_times_are_aware_in_the_council_zone(example_config: Config) -> None:
    """Local rules use the council's zone."""
    assert datetime(2027, 7, 1, tzinfo=example_config.zone).utcoffset() is not None
