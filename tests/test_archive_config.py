"""[storage] archive_official and archive_years: on by default for six years; a bad value names its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import ConfigError, load_config
from tests.conftest import EXAMPLE_CONFIG


def storage(tmp_path: Path, lines: str) -> Path:
    """Write a config whose [storage] table holds these lines; return its path."""
    path = tmp_path / "config.toml"
    path.write_text(f"[council]\nname = \"Brackley Town Council\"\n[storage]\n{lines}\n")
    return path


def test_the_archive_is_on_for_six_years_by_default(tmp_path: Path) -> None:
    """A public body's official posts are public records: kept unless the council decides otherwise."""
    config = load_config(storage(tmp_path, 'url = ""'))
    assert (config.storage.archive_official, config.storage.archive_years) == (True, 6)
    example = load_config(EXAMPLE_CONFIG)
    assert (example.storage.archive_official, example.storage.archive_years) == (True, 6)


def test_the_switch_and_the_years_are_read(tmp_path: Path) -> None:
    config = load_config(storage(tmp_path, "archive_official = false\narchive_years = 10"))
    assert (config.storage.archive_official, config.storage.archive_years) == (False, 10)


@pytest.mark.parametrize(("lines", "problem"), [
    ("archive_years = 0", "storage.archive_years: Input should be greater than or equal to 1"),
    ("archive_years = 101", "storage.archive_years: Input should be less than or equal to 100"),
    ("archive_years = \"six\"", "storage.archive_years: Input should be a valid integer"),
    ("archive_official = \"yes\"", "storage.archive_official: Input should be a valid boolean (write true or false)"),
    ("archive_offical = true", "storage.archive_offical: unknown key (remove it, or check its spelling"),
])
def test_a_bad_value_is_refused_saying_what_is_wrong(tmp_path: Path, lines: str, problem: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(storage(tmp_path, lines))
    assert err.value.problems[0].startswith(problem), err.value.problems
    assert err.value.lines == [4]


def test_check_config_names_the_file_and_line(tmp_path: Path) -> None:
    """As for every other setting: file:line: key.path: what is wrong, exit 78."""
    path = storage(tmp_path, "retention_days = 90\narchive_years = 0")
    result = subprocess.run([sys.executable, "-m", "monitor", "check-config", "--config", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 78
    assert f"{path}:5: storage.archive_years: Input should be greater than or equal to 1" in result.stderr
