"""`council-monitor report`: the week's report as text, HTML, PDF or CSV, and clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from monitor.cli import main
from monitor.report.csvout import read_findings
from tests.conftest import EXAMPLE_CONFIG

NOW = "2027-04-19T08:00:00+01:00"


def config_file(tmp_path: Path, url: str) -> Path:
    """Write the example config with storage.url pointing at a database."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text, count = re.subn(r'(?m)^url = ""', f"url = {url!r}".replace("'", '"'), text)
    assert count == 1
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cfg(seeded: Engine, database_url: str, tmp_path: Path) -> Path:
    """Return a config file on the seeded database."""
    return config_file(tmp_path, database_url)


def test_without_out_it_prints_the_last_complete_week_as_text(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On Monday 19 April the last complete week is 2027-W15."""
    assert main(["report", "--config", str(cfg), "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Brackley Town Council: social media compliance report, week 2027-W15")
    assert "1. NEEDS ACTION" in out and "6. COVERAGE: WHAT WAS NOT CHECKED" in out


@pytest.mark.parametrize(("name", "magic"), [("r.html", b"<!DOCTYPE html>"), ("r.pdf", b"%PDF"),
                                             ("R.CSV", b"\xef\xbb\xbffinding_id,severity,rule,")])
def test_out_writes_the_format_its_extension_names(cfg: Path, tmp_path: Path, name: str, magic: bytes,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """--out FILE.html, FILE.pdf or FILE.csv; the command says where it wrote."""
    out = tmp_path / name
    assert main(["report", "--config", str(cfg), "--week", "2027-W15", "--out", str(out), "--now", NOW]) == 0
    assert out.read_bytes().startswith(magic)
    assert f"wrote {out} (week 2027-W15)" in capsys.readouterr().err


def test_the_csv_of_an_earlier_week_holds_that_weeks_findings(cfg: Path, tmp_path: Path) -> None:
    """Week 14 (5 to 11 April): what was open then, and what was found or closed in it."""
    out = tmp_path / "w14.csv"
    assert main(["report", "--config", str(cfg), "--week", "2027-W14", "--out", str(out), "--now", NOW]) == 0
    rules = sorted(r["rule"] for r in read_findings(out.read_bytes()))
    assert rules == ["confidential", "hours-notice", "missing-disclaimer", "offensive", "personal-data",
                     "pre-election", "unattended"]


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2027-15"], "write it as 2027-W15"),
    (["--week", "2027-W53"], "2027 has no week 53"),
    (["--week", "2027-W20"], "has not started yet"),
    (["--out", "report.docx"], "must end in .html, .pdf or .csv"),
    (["--now", "yesterday"], "is not a date and time"),
    (["--now", "2027-04-19T08:00:00"], "has no time zone"),
])
def test_bad_options_exit_2_with_a_hint(cfg: Path, args: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Each mistake is named with what to write instead."""
    assert main(["report", "--config", str(cfg), "--now", NOW, *args]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_database_is_an_error_with_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the wrong folder: it says where it looked, not "no findings"."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path / "nowhere"))
    cfg = config_file(tmp_path, "")
    assert main(["report", "--config", str(cfg), "--now", NOW]) == 1
    err = capsys.readouterr().err
    assert "no database at" in err and "STATE_DIRECTORY" in err


def test_a_database_never_migrated_is_an_error_with_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty SQLite file: the daemon has not set it up yet."""
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    cfg = config_file(tmp_path, f"sqlite:///{empty}")
    assert main(["report", "--config", str(cfg), "--now", NOW]) == 1
    assert "no tables yet" in capsys.readouterr().err


def test_a_folder_that_cannot_be_written_is_an_error(cfg: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The file is not half-written: the error names the path."""
    out = tmp_path / "missing-folder" / "r.csv"
    assert main(["report", "--config", str(cfg), "--out", str(out), "--now", NOW]) == 1
    assert f"cannot write {out}" in capsys.readouterr().err
