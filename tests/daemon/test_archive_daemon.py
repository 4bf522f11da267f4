"""The daemon on the sandboxes keeps the official accounts' posts and comments in the FOI archive, and only those."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from monitor.store.db import session_scope
from monitor.store.models import ArchiveRow, PostRow
from tests.daemon.support import NOW, World

PRE_ELECTION_POST = "2124793576289206272"  # an official BrackleyTC post with a pre-election finding


def archive(world: World) -> list[ArchiveRow]:
    """Return every archived version, by post and version."""
    with session_scope(world.daemon.engine) as session:
        rows = list(session.exec(select(ArchiveRow).order_by(col(ArchiveRow.post_id), col(ArchiveRow.version))))
        session.expunge_all()
        return rows


def test_a_poll_archives_the_official_accounts_threads_and_no_councillors_post(world: World) -> None:
    world.tick()
    rows = archive(world)
    official = {(p.platform, p.handle_key) for p in rows} & {("x", "brackleytc"), ("facebook", "brackleytowncouncil")}
    assert official == {("x", "brackleytc"), ("facebook", "brackleytowncouncil")}
    assert {r.account_key for r in rows} <= {"brackleytc", "brackleytowncouncil"}
    assert {r.role for r in rows} <= {"official", "other"}  # residents' comments yes, councillors' posts no
    with session_scope(world.daemon.engine) as session:
        stored = session.exec(select(PostRow)).all()
        councillors = {p.post_id for p in stored if p.role == "councillor"}
        officials = {p.post_id for p in stored if p.role == "official"}
    assert councillors and not councillors & {r.post_id for r in rows}
    assert officials <= {r.post_id for r in rows}


def test_an_official_post_edited_then_deleted_keeps_both_texts_and_when_it_went(world: World) -> None:
    world.tick()
    world.at(NOW + timedelta(minutes=30))
    world.x.edit_post(PRE_ELECTION_POST, "Vote for our party's candidate, Cllr Okafor, on 6 May!")
    world.run("recheck", NOW + timedelta(minutes=61))
    world.x.delete_post(PRE_ELECTION_POST)
    gone = NOW + timedelta(minutes=122)
    world.run("recheck", gone)

    versions = [r for r in archive(world) if r.post_id == PRE_ELECTION_POST]
    assert [r.version for r in versions] == [1, 2]
    assert versions[1].text == "Vote for our party's candidate, Cllr Okafor, on 6 May!"
    assert versions[0].text != versions[1].text and versions[1].seen_at == NOW + timedelta(minutes=61)
    assert {(r.gone_at, r.gone_reason) for r in versions} == {(gone, "deleted")}
