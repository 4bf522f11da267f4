"""The Facebook adapter reads Pages through the real facebook-sdk, over HTTP, from the Graph sandbox."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config, parse_config
from monitor.platforms.base import Batch
from monitor.platforms.facebook import COMMENT_WINDOW, UNKNOWN_AUTHOR, FacebookSource, author_handle
from monitor.records import Post, valid_handle
from monitor.sandbox.facebook import GraphSandbox

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.toml"
BRACKLEY = ROOT / "monitor" / "sandbox" / "scenarios" / "brackley.facebook.json"
NO_CREDENTIALS = ROOT / "tests" / "platforms" / "no-such-credentials-dir"  # no per-Page token files
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = "EAAGsourceTestToken77"
COUNCIL, PRIYA = "104729361234567", "100064812345678"
QUESTION = "122101000000000101_900100000000001"
ANSWERED = "122101000000000102_900100000000004"


def brackley() -> dict[str, Any]:
    """Return the bundled demo scenario."""
    data: dict[str, Any] = json.loads(BRACKLEY.read_text(encoding="utf-8"))
    return data


def config_for(server: GraphSandbox, credentials: Path = NO_CREDENTIALS, **facebook: Any) -> Config:
    """Return the example config with Graph routed to the sandbox."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["platforms"]["facebook"].update(base_url=server.base_url, **facebook)
    data["credentials"]["directory"] = str(credentials)
    return parse_config(data)


@pytest.fixture
def sandbox() -> Iterator[GraphSandbox]:
    """Serve the Brackley scenario."""
    server = GraphSandbox(brackley(), NOW)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def source(sandbox: GraphSandbox) -> FacebookSource:
    """Return the adapter pointed at the sandbox."""
    return FacebookSource(config_for(sandbox), TOKEN)


def by_id(batch: Batch) -> dict[str, Post]:
    """Return a batch's posts by id."""
    return {p.id: p for p in batch.posts}


def test_it_reads_the_council_page_profile_as_an_official_account(source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    council = next(a for a in batch.accounts if a.handle == "BrackleyTownCouncil")
    assert council.role == "official" and council.platform == "facebook"
    assert council.display_name == "Brackley Town Council" and council.account_id == COUNCIL
    # bio is the about text, then the description: the hours-notice and disclaimer checks read both.
    assert council.bio.startswith("Official page of Brackley Town Council.")
    assert council.bio.endswith("clerk@brackley-tc.gov.uk.")
    assert council.url == "https://www.facebook.com/BrackleyTownCouncil" and council.followers_count == 2315
    assert batch.errors == []


def test_the_pages_posts_are_official_with_aware_times_and_links(source: FacebookSource) -> None:
    posts = by_id(source.fetch({}, NOW, refresh_profiles=True))
    newest = posts[f"{COUNCIL}_122101000000000101"]
    assert (newest.handle, newest.role, newest.reply_to) == ("BrackleyTownCouncil", "official", None)
    assert newest.created_at == NOW - timedelta(days=9, hours=3) and newest.created_at.tzinfo is not None
    assert newest.url == "https://www.facebook.com/BrackleyTownCouncil/posts/122101000000000101"
    assert posts[f"{COUNCIL}_122101000000000104"].text == ""  # a photo post has no message


def test_an_unanswered_question_is_a_resident_comment_with_no_reply_from_the_page(source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    posts = by_id(batch)
    question = posts[QUESTION]
    assert question.role == "other" and question.handle == "5550001000000001"
    assert question.reply_to == f"{COUNCIL}_122101000000000101"
    assert question.reply_to_handle == "BrackleyTownCouncil"
    assert question.conversation_id == f"{COUNCIL}_122101000000000101"
    replies = [p for p in batch.posts if p.reply_to == QUESTION]
    assert [r.role for r in replies] == ["other"]  # a neighbour guessed; the Page never answered
    assert replies[0].reply_to_handle == "5550001000000001"


def test_a_page_reply_to_a_comment_is_official_and_points_at_the_comment(source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    reply = next(p for p in batch.posts if p.reply_to == ANSWERED)
    assert (reply.handle, reply.role, reply.reply_to_handle) == ("BrackleyTownCouncil", "official", "5550001000000004")
    assert reply.url is not None and reply.url.endswith("comment_id=900100000000004&reply_comment_id=900100000000005")


def test_a_councillors_page_is_read_with_the_councillor_role(source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    priya = next(a for a in batch.accounts if a.handle == "CllrPriyaSharma")
    assert priya.role == "councillor" and priya.account_id == PRIYA  # resolved from the username
    address = by_id(batch)[f"{PRIYA}_122102000000000201"]
    assert address.role == "councillor" and "14 Station Road, Brackley NN13 6XX" in address.text


def test_a_personal_profile_is_reported_unmonitorable_not_skipped(sandbox: GraphSandbox,
                                                                   source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    assert [(a.handle, a.role, a.monitorable) for a in batch.unmonitorable] == [
        ("tom.okafor.brackley", "councillor", False)]
    assert not any("tom.okafor" in r.path.casefold() for r in sandbox.requests)


def test_commenters_become_accounts_named_as_facebook_shows_them(source: FacebookSource) -> None:
    batch = source.fetch({}, NOW, refresh_profiles=True)
    people = {a.handle: a for a in batch.accounts if a.role == "other"}
    assert people["5550001000000001"].display_name == "Sarah Collins"
    assert len(people) == 4  # Helen Price commented twice: one account


def test_known_page_ids_are_not_looked_up_again_without_a_profile_refresh(sandbox: GraphSandbox,
                                                                         source: FacebookSource) -> None:
    profiles = ("/v25.0/CllrPriyaSharma", f"/v25.0/{PRIYA}", "/v25.0/BrackleyTownCouncil", f"/v25.0/{COUNCIL}")
    first = source.fetch({}, NOW, refresh_profiles=True)
    before = sum(1 for r in sandbox.requests if r.path in profiles)
    fresh = FacebookSource(source.config, TOKEN)  # a restart: the id comes back from the saved cursors
    second = fresh.fetch(first.cursors, NOW, refresh_profiles=False)
    assert [a for a in second.accounts if a.role != "other"] == [] and second.errors == []
    assert sum(1 for r in sandbox.requests if r.path in profiles) == before == 2
    assert any(p.handle == "CllrPriyaSharma" for p in second.posts)


def test_cursors_name_the_newest_post_and_the_newest_activity(source: FacebookSource) -> None:
    cursors = source.fetch({}, NOW, refresh_profiles=True).cursors
    assert cursors[f"posts:{COUNCIL}"] == (NOW - timedelta(days=9, hours=3)).isoformat()
    assert cursors[f"activity:{COUNCIL}"] == (NOW - timedelta(days=8, hours=22)).isoformat()
    assert cursors["page-id:cllrpriyasharma"] == PRIYA


def test_a_later_poll_reads_comments_only_on_posts_that_changed(sandbox: GraphSandbox,
                                                                source: FacebookSource) -> None:
    first = source.fetch({}, NOW, refresh_profiles=True)
    later = NOW + timedelta(hours=1)
    sandbox.set_now(later)
    answer = sandbox.add_comment(f"{COUNCIL}_122101000000000102", "Yes, all welcome", "page", parent=ANSWERED)
    calls = sandbox.count()
    second = source.fetch(first.cursors, later, refresh_profiles=False)
    comment_reads = [r.path for r in sandbox.requests[calls:] if r.path.endswith("/comments")]
    # The post with the new reply, and the newest-activity post of each Page (>= keeps same-second comments).
    assert sorted(comment_reads) == sorted([f"/v25.0/{COUNCIL}_122101000000000102/comments",
                                            f"/v25.0/{COUNCIL}_122101000000000101/comments",
                                            f"/v25.0/{PRIYA}_122102000000000201/comments"])
    assert by_id(second)[answer].role == "official"
    assert second.cursors[f"activity:{COUNCIL}"] == later.isoformat()


def test_a_new_post_after_the_cursor_is_read_with_its_comments(sandbox: GraphSandbox,
                                                              source: FacebookSource) -> None:
    first = source.fetch({}, NOW, refresh_profiles=True)
    sandbox.set_now(NOW + timedelta(minutes=20))
    post_id = sandbox.add_post("BrackleyTownCouncil", "Road closure on Market Place today", "-10m")
    sandbox.add_comment(post_id, "Until when?", {"name": "Ann Lee", "id": "5550001000000009"}, created_time="-5m")
    second = source.fetch(first.cursors, NOW + timedelta(minutes=20), refresh_profiles=False)
    assert post_id in by_id(second)
    assert any(p.reply_to == post_id and p.handle == "5550001000000009" for p in second.posts)
    assert second.cursors[f"posts:{COUNCIL}"] == (NOW + timedelta(minutes=10)).isoformat()


def test_posts_are_asked_for_since_the_comment_window(sandbox: GraphSandbox, source: FacebookSource) -> None:
    source.fetch({f"posts:{COUNCIL}": (NOW - timedelta(days=1)).isoformat()}, NOW, refresh_profiles=False)
    request = next(r for r in sandbox.requests if r.path == f"/v25.0/{COUNCIL}/posts")
    assert request.arg("since") == str(int((NOW - COMMENT_WINDOW).timestamp()))
    assert request.arg("fields") == "id,message,created_time,updated_time,permalink_url,from,status_type"


def test_after_a_long_outage_posts_are_read_from_the_older_cursor(sandbox: GraphSandbox,
                                                                 source: FacebookSource) -> None:
    old = NOW - timedelta(days=40)
    source.fetch({f"posts:{COUNCIL}": old.isoformat()}, NOW, refresh_profiles=False)
    request = next(r for r in sandbox.requests if r.path == f"/v25.0/{COUNCIL}/posts")
    assert request.arg("since") == str(int(old.timestamp()))


def test_every_page_of_a_busy_page_is_read_by_following_paging_next(sandbox: GraphSandbox,
                                                                    source: FacebookSource) -> None:
    for i in range(230):
        sandbox.add_post("BrackleyTownCouncil", f"Notice {i}", NOW - timedelta(hours=1, minutes=i))
    batch = source.fetch({}, NOW, refresh_profiles=True)
    council_posts = [p for p in batch.posts if p.handle == "BrackleyTownCouncil" and p.reply_to is None]
    assert len(council_posts) == 234 and len({p.id for p in council_posts}) == 234
    pages = [r for r in sandbox.requests if r.path == f"/v25.0/{COUNCIL}/posts"]
    assert len(pages) == 3 and pages[1].arg("after") and pages[1].arg("access_token") == TOKEN


def test_a_quiet_page_still_shows_its_newest_post_on_the_first_look(sandbox: GraphSandbox) -> None:
    sandbox.set_now(NOW + timedelta(days=30))  # the newest post is now 39 days old
    source = FacebookSource(config_for(sandbox), TOKEN)
    batch = source.fetch({}, NOW + timedelta(days=30), refresh_profiles=True)
    council = [p for p in batch.posts if p.handle == "BrackleyTownCouncil" and p.reply_to is None]
    assert [p.id for p in council] == [f"{COUNCIL}_122101000000000101"]


def test_a_commenter_graph_does_not_name_gets_a_valid_placeholder_handle(sandbox: GraphSandbox) -> None:
    sandbox.add_token(TOKEN, {"profile_id": COUNCIL, "scopes": ["pages_read_engagement"]})
    batch = FacebookSource(config_for(sandbox), TOKEN).fetch({}, NOW, refresh_profiles=True)
    question = by_id(batch)[QUESTION]
    assert question.handle == UNKNOWN_AUTHOR and valid_handle("facebook", question.handle)
    assert question.role == "other"
    assert by_id(batch)["122101000000000102_900100000000005"].role == "official"  # the Page is always named


@pytest.mark.parametrize(("author", "handle"), [
    ({"name": "Sarah", "id": "5550001000000001"}, "5550001000000001"),
    ({"id": "5550001000000001"}, "5550001000000001"),  # known only by id
    ({"name": "Brackley Town Council", "id": COUNCIL}, "BrackleyTownCouncil"),
    ({"name": "Fake", "id": "BrackleyTownCouncil"}, UNKNOWN_AUTHOR),  # never a registered name taken from Graph
    ({"name": "Odd", "id": "12_34<script>"}, UNKNOWN_AUTHOR),
    ({"name": "Long", "id": "9" * 51}, UNKNOWN_AUTHOR),
    (None, UNKNOWN_AUTHOR),
    ("5550001", UNKNOWN_AUTHOR),
])
def test_author_handles_are_always_valid_facebook_handles(author: Any, handle: str) -> None:
    result = author_handle(author, {COUNCIL: "BrackleyTownCouncil"})
    assert result == handle and valid_handle("facebook", result)


def test_hostile_text_arrives_unchanged(sandbox: GraphSandbox,
                                                                    source: FacebookSource) -> None:
    nasty = "<script>alert(1)</script> <!channel> \u202egnp.exe\u200b " + "x" * 1_000_000
    post_id = sandbox.add_post("BrackleyTownCouncil", nasty, "-1h")
    sandbox.add_comment(post_id, "\u200bhidden\u200f", {"name": "<b>Bold</b>", "id": "5550001000000010"},
                        created_time="-30m")
    batch = source.fetch({}, NOW, refresh_profiles=True)
    assert by_id(batch)[post_id].text == nasty
    assert any(a.display_name == "<b>Bold</b>" for a in batch.accounts)
    assert batch.errors == []


def test_a_permalink_that_is_not_http_is_dropped(sandbox: GraphSandbox, source: FacebookSource) -> None:
    post_id = sandbox.add_post("BrackleyTownCouncil", "Hello", "-1h")
    sandbox.posts[post_id].permalink_url = "javascript:alert(1)"
    batch = source.fetch({}, NOW, refresh_profiles=False)
    assert by_id(batch)[post_id].url is None
    assert all(p.url is None for p in batch.posts if p.reply_to == post_id)


def test_a_councillors_page_is_read_with_its_own_token_when_one_is_given(sandbox: GraphSandbox,
                                                                        tmp_path: Path) -> None:
    sandbox.add_token(TOKEN, {"profile_id": COUNCIL, "pages": [COUNCIL]})  # the council's token: its Page only
    sandbox.add_token("EAAGpriyasOwnToken55", {"profile_id": PRIYA, "pages": [PRIYA]})
    (tmp_path / "facebook-page-token.cllrpriyasharma").write_text("EAAGpriyasOwnToken55\n", encoding="utf-8")
    batch = FacebookSource(config_for(sandbox, credentials=tmp_path), TOKEN).fetch({}, NOW, refresh_profiles=True)
    assert batch.errors == []
    assert {p.handle for p in batch.posts if p.reply_to is None} == {"BrackleyTownCouncil", "CllrPriyaSharma"}
    tokens = {r.path.split("/")[2].split("_")[0]: r.arg("access_token") for r in sandbox.requests}
    assert tokens[PRIYA] == "EAAGpriyasOwnToken55" and tokens[COUNCIL] == TOKEN


def test_a_councillors_page_commenting_on_the_councils_post_is_known_as_theirs(sandbox: GraphSandbox,
                                                                              source: FacebookSource) -> None:
    post_id = f"{COUNCIL}_122101000000000101"
    comment = sandbox.add_comment(post_id, "I'll be there", {"name": "Cllr Priya Sharma", "id": PRIYA},
                                  created_time="-1h")
    record = by_id(source.fetch({}, NOW, refresh_profiles=True))[comment]
    assert (record.handle, record.role, record.reply_to) == ("CllrPriyaSharma", "councillor", post_id)
