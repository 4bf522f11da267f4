"""Report tests run against SQLite and PostgreSQL alike, on a seeded week."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.report.data import ReportData, gather
from monitor.store.db import session_scope
from tests.dbfixtures import *  # noqa: F403  (registers the shared database fixtures)
from tests.report.seed import NOW, WEEK, seed_week


@pytest.fixture
def seeded(database: Engine) -> Engine:
    """Return a database holding the seeded week 2027-W15."""
    seed_week(database)
    return database


@pytest.fixture
def week_data(seeded: Engine, example_config: Config) -> ReportData:
    """Return the seeded week's report data, as made on Monday 19 April 2027 at 08:00."""
    with session_scope(seeded) as session:
        return gather(session.connection(), example_config, WEEK, NOW)
