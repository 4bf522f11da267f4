"""The console's systemd unit: valid, exposure 2.0 or lower, every setting commented, same user as the daemon."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "council-monitor-web.service"
EXEC_START = "/opt/council-monitor/venv/bin/council-monitor"
needs_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")


@pytest.fixture
def unit_copy(tmp_path: Path) -> Path:
    """Copy the unit with ExecStart pointing at a stub (verify insists the binary exists)."""
    stub = tmp_path / "bin" / "council-monitor"
    stub.parent.mkdir()
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    text = UNIT.read_text()
    assert f"ExecStart={EXEC_START} web\n" in text
    copy = tmp_path / UNIT.name
    copy.write_text(text.replace(f"ExecStart={EXEC_START}", f"ExecStart={stub}"))
    return copy


@needs_analyze
def test_systemd_analyze_verify_finds_nothing_wrong(unit_copy: Path) -> None:
    done = subprocess.run(["systemd-analyze", "verify", str(unit_copy)], capture_output=True, text=True,
                          timeout=60, cwd=unit_copy.parent)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


@needs_analyze
def test_the_units_exposure_is_2_0_or_lower(unit_copy: Path) -> None:
    done = subprocess.run(["systemd-analyze", "security", "--offline=true", "--no-pager", str(unit_copy)],
                          capture_output=True, text=True, timeout=60, cwd=unit_copy.parent)
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
    assert found, done.stdout + done.stderr
    assert float(found.group(1)) <= 2.0


def test_every_setting_has_a_comment_and_it_shares_the_daemons_user() -> None:
    uncommented, covered = [], False
    for line in UNIT.read_text().splitlines():
        if line.startswith("#"):
            covered = True
        elif not line.strip() or line.startswith("["):
            covered = False
        elif not covered:
            uncommented.append(line)
    assert uncommented == []
    assert "User=council-monitor\n" in UNIT.read_text() and "StateDirectory=council-monitor\n" in UNIT.read_text()
