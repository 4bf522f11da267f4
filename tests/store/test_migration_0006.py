"""Migration 0006 on a database holding posts: the archive table arrives empty beside them, and goes on downgrade."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from monitor.config import Config
from monitor.store.archive import archive_posts, search
from monitor.store.db import alembic_config, migrate, open_database, session_scope
from tests.store.builders import post

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_upgrading_from_0005_keeps_the_posts_and_starts_an_empty_archive(empty_database_url: str,
                                                                         example_config: Config) -> None:
    """Nothing is copied in (what was fetched before was not kept as versions); the next poll archives."""
    engine = open_database(empty_database_url)
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO post (platform, post_id, handle_key, handle, role, created_at, text, fetched_at, has_findings)"
            " VALUES ('x', '100', 'brackleytc', 'BrackleyTC', 'official', :t, 'Old post', :t, false)"),
            {"t": T0.replace(tzinfo=None)})
    migrate(engine, "0006")  # only this revision: later ones belong to other work
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM post")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM archive_post")).scalar() == 0
    with session_scope(engine) as session:
        archive_posts(session, example_config, [post("101", "BrackleyTC", T0, "Café opens", role="official")], T0)
    with session_scope(engine) as session:
        assert [r.post_id for r in search(session, "cafe")] == ["101"]
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
    assert "archive_post" not in inspect(engine).get_table_names()
    engine.dispose()
