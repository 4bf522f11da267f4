"""The archive of the official accounts: what is kept, edits and deletions, search, and retention."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.config import Config
from monitor.records import Post, SharedPost
from monitor.store.archive import archive_posts, between, fold, note_gone, search
from monitor.store.db import session_scope
from monitor.store.models import ArchiveRow, PostRow
from monitor.store.repo import save_batch
from monitor.store.retention import purge
from tests.store.builders import DAY, HOUR, T0, batch, post

OFFICIAL = "BrackleyTC"  # the example config's official X account
COUNCILLOR = "CllrJWhitfield"


def official(post_id: str, text: str, at: datetime = T0, **kw: object) -> Post:
    """Return a post by the council's official X account."""
    return post(post_id, OFFICIAL, at, text, role="official", **kw)


def resident(post_id: str, text: str, at: datetime = T0 + HOUR, **kw: object) -> Post:
    """Return a resident's reply."""
    return post(post_id, "Resident1", at, text, role="other", **kw)


def store(engine: Engine, config: Config, posts: list[Post], now: datetime) -> int:
    """Store posts as a poll cycle does (the post table, then the archive); return the versions archived."""
    with session_scope(engine) as session:
        save_batch(session, batch(posts=posts), now)
        return archive_posts(session, config, posts, now)


def archived(engine: Engine) -> list[tuple[str, int, str]]:
    """Return (post id, version, text) of every archived version."""
    with session_scope(engine) as session:
        rows = session.exec(select(ArchiveRow).order_by(ArchiveRow.post_id, ArchiveRow.version))  # type: ignore[arg-type]
        return [(r.post_id, r.version, r.text) for r in rows]


def thread() -> list[Post]:
    """Return an official post with comments, and a councillor's post with a reply."""
    return [
        official("100", "Bin collections move to Tuesday"),
        resident("101", "Which streets?", reply_to="100", reply_to_handle=OFFICIAL, conversation_id="100"),
        # A reply to a resident's comment, still in the council's thread.
        post("102", "Resident2", T0 + 2 * HOUR, "Mine too", role="other", reply_to="101",
             reply_to_handle="Resident1", conversation_id="100"),
        post("200", COUNCILLOR, T0, "My own views on bins", role="councillor"),
        resident("201", "Agreed", reply_to="200", reply_to_handle=COUNCILLOR, conversation_id="200"),
        resident("300", "Unrelated chatter", conversation_id="300"),
    ]


def test_the_official_accounts_posts_and_every_comment_in_their_threads_are_archived(
        database: Engine, example_config: Config) -> None:
    """A councillor's personal account, and replies to it, stay out: they are under the 90-day rule."""
    assert store(database, example_config, thread(), T0 + 3 * HOUR) == 3
    assert [p for p, _, _ in archived(database)] == ["100", "101", "102"]
    with session_scope(database) as session:
        rows = {r.post_id: r for r in session.exec(select(ArchiveRow))}
    assert {r.account_key for r in rows.values()} == {"brackleytc"}
    assert rows["102"].handle == "Resident2" and rows["102"].role == "other"
    assert rows["100"].seen_at == T0 + 3 * HOUR and rows["100"].created_at == T0


def test_a_comment_fetched_after_its_official_post_is_archived_by_its_thread(
        database: Engine, example_config: Config) -> None:
    """The thread's root is found in the archive when it came in an earlier poll."""
    store(database, example_config, [official("100", "Consultation opens")], T0)
    late = post("103", "Resident3", T0 + DAY, "Too late?", role="other", reply_to="101",
                reply_to_handle="Resident1", conversation_id="100")
    assert store(database, example_config, [late], T0 + DAY) == 1
    assert [p for p, _, _ in archived(database)] == ["100", "103"]


def test_an_edit_keeps_both_texts_with_their_times_and_a_refetch_adds_nothing(
        database: Engine, example_config: Config) -> None:
    """Version 1 keeps the text first seen; version 2 the edit, with when it was first seen."""
    store(database, example_config, [official("100", "Meeting on Monday")], T0)
    assert store(database, example_config, [official("100", "Meeting on Monday")], T0 + HOUR) == 0
    assert store(database, example_config, [official("100", "Meeting on Tuesday (corrected)")], T0 + 2 * HOUR) == 1
    quoted = official("100", "Meeting on Tuesday (corrected)",
                      shared=SharedPost(kind="quote", post_id="9", handle="Other", text="Agenda"))
    assert store(database, example_config, [quoted], T0 + 3 * HOUR) == 1
    assert archived(database) == [("100", 1, "Meeting on Monday"), ("100", 2, "Meeting on Tuesday (corrected)"),
                                  ("100", 3, "Meeting on Tuesday (corrected)")]
    with session_scope(database) as session:
        seen = [r.seen_at for r in session.exec(select(ArchiveRow).order_by(ArchiveRow.version))]  # type: ignore[arg-type]
    assert seen == [T0, T0 + 2 * HOUR, T0 + 3 * HOUR]


def test_a_deletion_is_marked_on_every_version_and_no_row_is_dropped(database: Engine, example_config: Config) -> None:
    """The time it was first seen gone is kept; seeing it gone again later does not move it."""
    store(database, example_config, [official("100", "First"), official("104", "Other")], T0)
    store(database, example_config, [official("100", "Second")], T0 + HOUR)
    with session_scope(database) as session:
        assert note_gone(session, "x", {"100": "deleted"}, T0 + 5 * HOUR) == 2
        note_gone(session, "x", {"100": "deleted"}, T0 + 9 * HOUR)
    with session_scope(database) as session:
        rows = list(session.exec(select(ArchiveRow).order_by(ArchiveRow.post_id, ArchiveRow.version)))  # type: ignore[arg-type]
    assert [(r.post_id, r.version, r.gone_at, r.gone_reason) for r in rows] == [
        ("100", 1, T0 + 5 * HOUR, "deleted"), ("100", 2, T0 + 5 * HOUR, "deleted"), ("104", 1, None, None)]


def test_nothing_is_archived_when_the_switch_is_off(database: Engine, example_config: Config) -> None:
    """storage.archive_official = false: the official posts are kept only as the other posts are."""
    off = example_config.model_copy(update={"storage": example_config.storage.model_copy(
        update={"archive_official": False})})
    assert store(database, off, thread(), T0) == 0
    assert archived(database) == []


def test_search_ignores_case_and_accents_and_needs_every_word(database: Engine, example_config: Config) -> None:
    """'cafe' finds 'Café', 'CAFÉ' finds 'cafe'; LIKE's wildcards in a query are plain characters."""
    store(database, example_config, [
        official("100", "The Café on Market Square reopens", T0),
        official("105", "cafe licence: 50% off_peak", T0 + DAY),
        resident("106", "Market day is Saturday", T0 + 2 * DAY, reply_to="100", reply_to_handle=OFFICIAL,
                 conversation_id="100"),
    ], T0 + 3 * DAY)
    with session_scope(database) as session:
        def ids(text: str, **kw: object) -> list[str]:
            """Return the post ids a search finds."""
            return [r.post_id for r in search(session, text, **kw)]  # type: ignore[arg-type]

        assert ids("cafe") == ["100", "105"]
        assert ids("CAFÉ market") == ["100"]
        assert ids("market") == ["100", "106"]
        assert ids("50%") == ["105"] and ids("5%") == [] and ids("f_p") == ["105"] and ids("f_x") == []
        assert ids("market", since=T0 + HOUR) == ["106"]
        assert ids("market", until=T0 + HOUR) == ["100"]
        assert ids("market", account="@resident1") == ["106"]
        assert ids("market", account="brackleytc") == ["100", "106"]
        assert ids("market", account="CllrJWhitfield") == []


def test_fold_removes_accents_invisibles_and_case() -> None:
    """What search compares: the same for every way of writing a word."""
    assert fold("CAFÉ") == fold("cafe\u0301") == fold("ca\u200bfe") == "cafe"
    assert fold("Straße") == "strasse"


def test_retention_keeps_the_archive_for_its_years_after_the_posts_table_lets_go(
        database: Engine, example_config: Config) -> None:
    """Six years by default: the post table's copy goes at 90 days, the archive's at six years."""
    now = datetime.now(UTC).replace(microsecond=0)
    old, kept = now - 6 * 366 * DAY, now - 5 * 365 * DAY
    store(database, example_config, [official("100", "Six years and more ago", old),
                                     official("101", "Five years ago", kept)], kept)
    with session_scope(database) as session:
        assert purge(session, example_config, now).archived == 1
    assert [p for p, _, _ in archived(database)] == ["101"]
    with session_scope(database) as session:
        assert list(session.exec(select(PostRow))) == []  # the plain copies went after 90 days


def test_with_the_switch_off_the_archive_goes_after_the_ordinary_retention(
        database: Engine, example_config: Config) -> None:
    """Switching the archive off lets what it held go as any post would: data kept no longer than needed."""
    now = datetime.now(UTC).replace(microsecond=0)
    store(database, example_config, [official("100", "Old", now - 100 * DAY), official("101", "New", now - DAY)],
          now - DAY)
    off = example_config.model_copy(update={"storage": example_config.storage.model_copy(
        update={"archive_official": False, "archive_years": 10})})
    with session_scope(database) as session:
        purge(session, off, now)
    assert [p for p, _, _ in archived(database)] == ["101"]


def test_between_yields_a_range_oldest_first(database: Engine, example_config: Config) -> None:
    """The export reads [from, to), versions in order."""
    store(database, example_config, [official(str(i), f"post {i}", T0 + i * DAY) for i in range(1, 6)], T0)
    with session_scope(database) as session:
        assert [r.post_id for r in between(session, T0 + 2 * DAY, T0 + 4 * DAY)] == ["2", "3"]
        assert len(list(between(session, None, None))) == 5
