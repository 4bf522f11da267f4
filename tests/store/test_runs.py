"""Run rows, spend tallies and source health flips."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from monitor.store.db import session_scope
from monitor.store.runs import (
    finish_run,
    note_source,
    recent_runs,
    record_spend,
    source_health,
    spend_between,
    start_run,
)
from tests.store.builders import HOUR, T0


def test_a_run_is_recorded_from_start_to_finish(database: Engine) -> None:
    """A poll run shows as running, then ok with its figures."""
    with session_scope(database) as session:
        run_id = start_run(session, "poll:x", T0)
    with session_scope(database) as session:
        assert recent_runs(session, T0)[0].status == "running"
        finish_run(session, run_id, T0 + HOUR, "ok", requests=3, new_posts=12, findings=1)
    with session_scope(database) as session:
        [run] = recent_runs(session, T0, job="poll:x")
    assert (run.status, run.requests, run.new_posts, run.findings, run.finished_at) == ("ok", 3, 12, 1, T0 + HOUR)
    with pytest.raises(ValueError, match="unknown run status"), session_scope(database) as session:
        finish_run(session, run_id, T0, "fine")


def test_spend_adds_up_per_day_platform_and_kind(database: Engine) -> None:
    """Two polls on one day add into one row; another kind or day is its own row."""
    day = date(2025, 3, 3)
    with session_scope(database) as session:
        record_spend(session, day, "x", "post_read", 10, 0.05)
        record_spend(session, day, "x", "post_read", 5, 0.025)
        record_spend(session, day, "x", "user_read", 2, 0.02)
        record_spend(session, date(2025, 3, 4), "x", "post_read", 1, 0.005)
        record_spend(session, day, "x", "skipped_post_read", 0, 0)
    with session_scope(database) as session:
        rows = [(r.day, r.kind, r.count, round(r.usd, 6)) for r in spend_between(session, day, day)]
    assert rows == [(day, "post_read", 15, 0.075), (day, "user_read", 2, 0.02)]


def test_a_source_alerts_once_when_it_goes_blind_and_once_when_it_recovers(database: Engine) -> None:
    """Down, down, down, up, up: exactly two flips, the recovery saying how long it was blind."""
    observations = [(True, None), (False, "401 token expired"), (False, "401 token expired"), (False, "timeout"),
                    (True, None), (True, None)]
    flips = []
    for i, (up, error) in enumerate(observations):
        with session_scope(database) as session:
            change = note_source(session, "facebook", up, T0 + i * HOUR, error)
        if change.flipped:
            flips.append((change.state, change.since, change.previous_for))
    assert flips == [("down", T0 + HOUR, HOUR), ("up", T0 + 4 * HOUR, 3 * HOUR)]
    with session_scope(database) as session:
        [row] = source_health(session)
    assert (row.state, row.last_error) == ("up", "timeout")


def test_a_source_first_seen_down_is_news(database: Engine) -> None:
    """The first observation is a flip only if the source is blind."""
    with session_scope(database) as session:
        assert note_source(session, "x", True, T0).flipped is False
        assert note_source(session, "x-budget", False, T0, "monthly cap reached").flipped is True
