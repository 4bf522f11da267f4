"""Storing batches (idempotent, profile versions only on change, cursors last) and loading the history."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from monitor.records import SharedPost
from monitor.store.db import session_scope
from monitor.store.models import AccountRow, PostRow, ProfileVersion
from monitor.store.repo import get_cursors, load_history, save_batch
from tests.store.builders import DAY, HOUR, T0, account, batch, post


def count(engine: Engine, model: type) -> int:
    """Return the number of rows in a table."""
    with session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_refetching_the_same_batch_changes_nothing(database: Engine) -> None:
    """The second save of the same posts and profile adds no row and counts nothing new."""
    b = batch([account()], [post("1"), post("2")], {"timeline:1": "2"})
    with session_scope(database) as session:
        first = save_batch(session, b, T0)
    with session_scope(database) as session:
        second = save_batch(session, b, T0 + HOUR)
    assert (first.new_posts, first.new_accounts, first.profile_changes) == (2, 1, 1)
    assert (second.new_posts, second.edited_posts, second.profile_changes) == (0, 0, 0)
    assert (count(database, PostRow), count(database, AccountRow), count(database, ProfileVersion)) == (2, 1, 1)


def test_a_profile_version_is_kept_only_when_the_profile_changes(database: Engine) -> None:
    """Removing the disclaimer from the bio adds a version; seeing the same bio again does not."""
    for at, bio in ((T0, "Views my own"), (T0 + DAY, "Views my own"), (T0 + 2 * DAY, "Vote Smith!"),
                    (T0 + 3 * DAY, "Vote Smith!")):
        with session_scope(database) as session:
            save_batch(session, batch([account(bio=bio)]), at)
    with session_scope(database) as session:
        versions = session.exec(select(ProfileVersion).order_by(col(ProfileVersion.id))).all()
        row = session.exec(select(AccountRow)).one()
    assert [(v.bio, v.seen_at) for v in versions] == [("Views my own", T0), ("Vote Smith!", T0 + 2 * DAY)]
    assert (row.first_seen, row.last_seen, row.bio) == (T0, T0 + 3 * DAY, "Vote Smith!")


def test_an_edited_post_is_updated_in_place(database: Engine) -> None:
    """A post fetched again with new text keeps its row and first fetch time."""
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post("1", text="Meeting at 7")]), T0)
    with session_scope(database) as session:
        result = save_batch(session, batch(posts=[post("1", text="Meeting at 8")]), T0 + HOUR)
        row = session.exec(select(PostRow)).one()
    assert result.edited_posts == 1
    assert (row.text, row.fetched_at) == ("Meeting at 8", T0)


def test_cursors_are_saved_with_their_batch_and_not_without_it(database: Engine) -> None:
    """A batch that fails to store leaves the old cursor, so the next poll re-reads it."""
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post("1")], cursors={"timeline:1": "1"}), T0)
    try:
        with session_scope(database) as session:
            save_batch(session, batch(posts=[post("2")], cursors={"timeline:1": "2"}), T0 + HOUR)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with session_scope(database) as session:
        assert get_cursors(session, "x") == {"timeline:1": "1"}
    assert count(database, PostRow) == 1


def test_last_post_at_survives_outside_the_history_window(database: Engine) -> None:
    """An official account silent for a month: its last post is known though the post is out of the window."""
    official = account("BrackleyTC", role="official", bio="Staffed Mon-Fri 9-5")
    with session_scope(database) as session:
        save_batch(session, batch([official], [post("1", "BrackleyTC", T0, role="official")]), T0)
    with session_scope(database) as session:
        history = load_history(session, T0 + 30 * DAY)
    assert history.posts == ()
    assert history.latest_post_at("x", "brackleytc") == T0
    assert [a.handle for a in history.accounts] == ["BrackleyTC"]


def test_a_registered_author_gets_an_account_row_from_its_posts_alone(database: Engine) -> None:
    """Posts fetched without a profile refresh still move the author's last_post_at; residents get no row."""
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post("1", at=T0), post("2", at=T0 + HOUR),
                                         post("3", "Resident1", T0, role="other")]), T0 + HOUR)
        rows = session.exec(select(AccountRow)).all()
    assert [(r.handle_key, r.last_post_at) for r in rows] == [("cllrsmith", T0 + HOUR)]


def test_history_holds_the_window_with_replies_and_shares_intact(database: Engine) -> None:
    """Posts of the last 14 days come back as records, a reply and a quote with their links."""
    posts = [
        post("old", at=T0 - 20 * DAY),
        post("q", "BrackleyTC", T0 - DAY, role="official", shared=SharedPost("quote", "9", "Someone", "orig")),
        post("r", "Resident1", T0 - HOUR, "When is the meeting?", role="other", reply_to="q",
             reply_to_handle="BrackleyTC"),
        post("future", at=T0 + DAY),
    ]
    with session_scope(database) as session:
        save_batch(session, batch(posts=posts), T0)
        history = load_history(session, T0)
    assert [p.id for p in history.posts] == ["q", "r"]
    assert history.posts_by_id[("x", "q")].shared == SharedPost("quote", "9", "Someone", "orig")
    assert [p.id for p in history.replies_to[("x", "q")]] == ["r"]
    assert history.posts[0].created_at.tzinfo is not None


def test_text_no_database_can_hold_is_made_storable_rather_than_failing_the_batch(database: Engine) -> None:
    """A NUL (PostgreSQL refuses it), a lone surrogate (not UTF-8) and an overlong handle would fail the whole
    batch, and every retry of it, leaving the monitor blind: they are replaced or cut instead."""
    hostile = post("1", "h" * 200, text="nul\x00here \ud800 end", role="other", reply_to_handle="r" * 100)
    with session_scope(database) as session:
        save_batch(session, batch([account("a" * 100, "other", bio="bio\x00")], [hostile]), T0)
    with session_scope(database) as session:
        row = session.exec(select(PostRow)).one()
        acct = session.exec(select(AccountRow)).one()
    assert (row.text, row.handle, row.reply_to_handle) == ("nul\ufffdhere ? end", "h" * 64, "r" * 64)
    assert (acct.handle, acct.bio) == ("a" * 64, "bio\ufffd")


def test_hostile_text_is_stored_and_read_back_verbatim(database: Engine) -> None:
    """Markup, zero-width and right-to-left characters and a 1 MB post round-trip unchanged."""
    texts = ["<script>alert(1)</script> <@U123> \u200b\u202egnp.exe", "x" * 1_000_000, "'; DROP TABLE post; --"]
    with session_scope(database) as session:
        save_batch(session, batch(posts=[post(str(i), text=t) for i, t in enumerate(texts)]), T0)
    with session_scope(database) as session:
        assert [p.text for p in load_history(session, T0 + HOUR).posts] == texts
