"""The console served by uvicorn on 127.0.0.1 over a migrated SQLite database with seeded findings."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from monitor.config import load_config
from monitor.store.db import migrate, open_database
from monitor.web.app import Web, create_app
from tests.web.seed import Seeded, seed

ROOT = Path(__file__).resolve().parents[2]
LINK_KEY = "test-link-key-not-secret"


@dataclass
class Console:
    """A running console: its address, its database and the seeded ids."""

    url: str
    web: Web
    ids: Seeded


def _free_port() -> int:
    """Return a port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """Serve a fresh console in a thread and stop it afterwards."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path / "state"))
    (tmp_path / "state" / "reports").mkdir(parents=True)
    (tmp_path / "state" / "reports" / "week-2026-W48.html").write_text("<html><body><h1>Week 48</h1></body></html>")
    (tmp_path / "state" / "reports" / "week-2026-W48.csv").write_text("id,rule\n")
    config = load_config(ROOT / "config" / "example.toml")
    engine = open_database(f"sqlite:///{tmp_path / 'monitor.sqlite'}")
    migrate(engine)
    ids = seed(engine)
    web = Web(config=config, engine=engine, link_key=LINK_KEY)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(web), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield Console(url=f"http://127.0.0.1:{port}", web=web, ids=ids)
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


from tests.dbfixtures import *  # noqa: E402, F403  (the SQLite and PostgreSQL database fixtures)
