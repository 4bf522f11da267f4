"""Storage tests run against SQLite and PostgreSQL alike."""

from tests.dbfixtures import *  # noqa: F403  (registers the shared database fixtures)
