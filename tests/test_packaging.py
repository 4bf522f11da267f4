"""What ships in the package: the example configuration people start from is the documented one."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli import main
from monitor.examples import EXAMPLE_CONFIG
from tests.conftest import EXAMPLE_CONFIG as DOCUMENTED_EXAMPLE


def test_the_packaged_example_config_is_the_documented_one() -> None:
    """config/example.toml (in the docs) and monitor/examples/example.toml (in the wheel) stay identical."""
    assert EXAMPLE_CONFIG.read_bytes() == DOCUMENTED_EXAMPLE.read_bytes(), (
        "the two example configs differ: edit config/example.toml, then "
        "cp config/example.toml monitor/examples/example.toml")


def test_example_config_prints_it_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`example-config` prints the file; --out writes a new one and refuses an existing one (exit 73)."""
    assert main(["example-config"]) == 0
    assert capsys.readouterr().out == DOCUMENTED_EXAMPLE.read_text(encoding="utf-8")
    out = tmp_path / "config.toml"
    assert main(["example-config", "--out", str(out)]) == 0
    assert out.read_bytes() == DOCUMENTED_EXAMPLE.read_bytes()
    out.write_text("# the council's own edits\n")
    assert main(["example-config", "--out", str(out)]) == 73
    assert "never overwritten" in capsys.readouterr().err
    assert out.read_text() == "# the council's own edits\n"
