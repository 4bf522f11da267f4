"""The outbox: queued once, claimed with a token, retried with capped backoff, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.store import outbox
from monitor.store.db import session_scope
from monitor.store.models import DeliveryRow

NOW = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)


def queue(engine: Engine, key: str = "alert:1:0", tags: list[str] | None = None) -> bool:
    """Queue one message in its own transaction."""
    with session_scope(engine) as session:
        return outbox.enqueue(session, key, "alert", tags or ["email"], "Title", "text", "<p>html</p>",
                              ["/tmp/report.pdf"], now=NOW)


def row(engine: Engine, key: str = "alert:1:0") -> DeliveryRow:
    """Read one row back."""
    with session_scope(engine) as session:
        found = session.exec(select(DeliveryRow).where(DeliveryRow.dedupe_key == key)).one()
        session.expunge(found)
        return found


def claim(engine: Engine, now: datetime) -> outbox.Claim | None:
    """Claim the first due row in its own transaction."""
    with session_scope(engine) as session:
        ids = outbox.due_ids(session, now)
        return outbox.claim(session, ids[0], now) if ids else None


def test_it_queues_a_message_once_per_dedupe_key(database: Engine) -> None:
    assert queue(database) is True
    assert queue(database) is False
    with session_scope(database) as session:
        assert len(session.exec(select(DeliveryRow)).all()) == 1
    stored = row(database)
    assert (stored.state, stored.attempts, stored.next_attempt_at) == ("pending", 0, NOW)
    assert stored.tags_json == '["email"]' and stored.attachments_json == '["/tmp/report.pdf"]'


def test_a_claim_takes_the_row_once_and_leases_it(database: Engine) -> None:
    queue(database)
    first = claim(database, NOW)
    assert first is not None and first.attempt == 1 and first.tags == ["email"] and not first.interrupted
    assert claim(database, NOW) is None  # leased: not due again until the lease runs out
    stored = row(database)
    assert (stored.state, stored.next_attempt_at) == ("sending", NOW + outbox.LEASE)


def test_a_failed_send_is_retried_with_backoff_capped_at_an_hour(database: Engine) -> None:
    queue(database)
    now, waits = NOW, []
    for _ in range(9):
        taken = claim(database, now)
        assert taken is not None
        with session_scope(database) as session:
            assert outbox.mark_retry(session, taken, now, "FAILURE: connection refused")
        due = row(database).next_attempt_at
        waits.append(int((due - now).total_seconds() // 60))
        assert claim(database, due - timedelta(seconds=1)) is None
        now = due
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert row(database).last_error == "FAILURE: connection refused"


def test_a_sender_whose_lease_ran_out_cannot_overwrite_the_new_attempt(database: Engine) -> None:
    queue(database)
    stale = claim(database, NOW)
    later = NOW + outbox.LEASE
    fresh = claim(database, later)  # the first sender hung past its lease; the row is taken again
    assert stale is not None and fresh is not None and fresh.interrupted and fresh.attempt == 2
    with session_scope(database) as session:
        assert outbox.mark_sent(session, stale, later) is False
        assert outbox.mark_sent(session, fresh, later) is True
    assert (row(database).state, row(database).sent_at) == ("sent", later)


def test_rows_left_sending_by_a_crash_are_due_again_at_start_up(database: Engine) -> None:
    queue(database)
    assert claim(database, NOW) is not None  # ...and the process dies before marking it
    with session_scope(database) as session:
        assert outbox.recover_interrupted(session, NOW + timedelta(minutes=2)) == 1
    again = claim(database, NOW + timedelta(minutes=2))
    assert again is not None and again.attempt == 2 and again.interrupted


def test_a_partial_send_narrows_the_row_to_the_targets_still_owed(database: Engine) -> None:
    queue(database, tags=["email", "slack"])
    taken = claim(database, NOW)
    assert taken is not None
    with session_scope(database) as session:
        outbox.mark_retry(session, taken, NOW, "PARTIAL: slack failed", tags=[["svc-ab12", "slack"]])
    again = claim(database, NOW + timedelta(minutes=1))
    assert again is not None and again.tags == [["svc-ab12", "slack"]]


def test_sent_rows_are_never_sent_again(database: Engine) -> None:
    queue(database)
    taken = claim(database, NOW)
    assert taken is not None
    with session_scope(database) as session:
        outbox.mark_sent(session, taken, NOW)
    assert claim(database, NOW + timedelta(days=30)) is None


def test_unknown_kinds_and_empty_tags_are_refused(database: Engine) -> None:
    with session_scope(database) as session:
        for kind, tags in (("sms", ["email"]), ("alert", [])):
            try:
                outbox.enqueue(session, f"k:{kind}", kind, tags, "t", "b", now=NOW)
            except ValueError as exc:
                assert kind in str(exc) or "no tags" in str(exc)
            else:
                raise AssertionError(f"{kind} {tags} was accepted")
