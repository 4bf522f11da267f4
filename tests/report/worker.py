"""A second process for the restart and crash tests.

    python -m tests.report.worker ACTION DATABASE_URL OUT_DIR NOW [GO_FILE]

ACTION is one of:
  send             queue the reports now due, print the weeks queued as JSON, exit 0
  claim-then-die   claim the due time, then die before committing (os._exit: no cleanup, no rollback)
  send-then-die    queue the reports now due (committed), then die before anything is sent
With GO_FILE, the process gets ready (imports, connection) and then waits for that file to appear,
so that two processes can be started at the same moment.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from monitor.config import Config, Report, load_config
from monitor.report.deliver import DUTY, schedule_of, send_due_reports
from monitor.store.db import open_database
from monitor.store.due import claim_due
from tests.conftest import EXAMPLE_CONFIG
from tests.dbfixtures import with_database

GO_WAIT_SECONDS = 30


def config_for(url: str, out_dir: str, tags: list[str] | None = None) -> Config:
    """Return the example configuration on a database, writing reports to a folder."""
    config = with_database(load_config(EXAMPLE_CONFIG), url)
    report = Report(weekday=config.report.weekday, at=config.report.at, out_dir=out_dir)
    alerts = config.alerts.model_copy(update={"report_tags": tags}) if tags else config.alerts
    return config.model_copy(update={"report": report, "alerts": alerts})


def wait_for(go: Path) -> None:
    """Say we are ready, then wait (bounded) until the starting file appears."""
    go.with_name(f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + GO_WAIT_SECONDS
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.005)


def main(argv: list[str]) -> int:
    """Run one action against the database."""
    action, url, out_dir, now_text = argv[:4]
    now = datetime.fromisoformat(now_text)
    config = config_for(url, out_dir)
    engine = open_database(url)
    if len(argv) > 4:
        wait_for(Path(argv[4]))
    if action == "claim-then-die":
        session = Session(engine)
        claimed = claim_due(session, DUTY, now, schedule_of(config))
        print(json.dumps([t.isoformat() for t in claimed]), flush=True)
        os._exit(9)  # a crash: the transaction holding the claim is never committed
    weeks = send_due_reports(engine, config, now)
    print(json.dumps([str(w) for w in weeks]), flush=True)
    if action == "send-then-die":
        os._exit(9)  # a crash after the commit, before the outbox sends anything
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
