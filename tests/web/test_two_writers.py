"""The console and the daemon's writes, two processes on one database (SQLite and PostgreSQL): nothing is locked out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlmodel import Session, col, select

from monitor.store.db import open_database
from monitor.store.models import AuditRow, FindingRow
from tests.web.conftest import ROOT, _free_port
from tests.web.helpers import csrf_of, sign_in
from tests.web.seed import PASSWORD, seed

CYCLES = 60


def test_the_console_and_the_daemon_write_at_once_without_database_is_locked(database_url: str,
                                                                            tmp_path: Path) -> None:
    engine = open_database(database_url)
    ids = seed(engine)
    example = (ROOT / "config" / "example.toml").read_text()
    config = tmp_path / "config.toml"
    config.write_text(re.sub(r'(?m)^url = ""$', f'url = "{database_url}"', example, count=1))
    port = _free_port()
    env = {**os.environ, "STATE_DIRECTORY": str(tmp_path), "PYTHONPATH": str(ROOT)}
    web = subprocess.Popen([sys.executable, "-m", "monitor", "web", "--config", str(config), "--listen",
                            f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{url}/sign-in", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        writer = subprocess.Popen([sys.executable, "-m", "tests.web.writer", database_url, str(CYCLES)], env=env,
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        acted = 0
        with httpx.Client(base_url=url, follow_redirects=True, timeout=30) as client:
            sign_in(client, "clerk")
            while writer.poll() is None or acted < 4:
                for finding_id, action in ((ids.offensive, "acknowledge"), (ids.offensive, "fix"),
                                           (ids.offensive, "reopen"), (ids.personal, "acknowledge")):
                    target = f"/findings/{finding_id}/{action}"
                    page = client.get(target)
                    answer = client.post(target, data={"csrf": csrf_of(page.text), "note": f"round {acted}"})
                    assert answer.status_code in (200, 400), answer.text[:500]
                    acted += answer.status_code == 200
                client.get("/")
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and out.strip() == f"ok {CYCLES}", err
        assert "locked" not in err.lower()
    finally:
        web.terminate()
        _, web_err = web.communicate(timeout=30)
    assert "database is locked" not in web_err and "Traceback" not in web_err, web_err
    assert PASSWORD not in web_err and "cm_session" not in web_err  # no secret in the log
    with Session(engine) as s:
        written = s.exec(select(FindingRow).where(col(FindingRow.post_id).like("w%"))).all()
        clerk = s.exec(select(AuditRow).where(col(AuditRow.actor).like("clerk from%"))).all()
    engine.dispose()
    assert len(written) == 3 * CYCLES
    assert acted >= 4 and len([a for a in clerk if a.finding_id]) >= acted
