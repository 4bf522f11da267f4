"""The Mastodon adapter with the real Mastodon.py client over HTTP against the sandbox's instances."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest

from monitor.config import ConfigError, parse_config
from monitor.platforms.base import Batch
from monitor.platforms.mastodon import MastodonSource, text_of
from monitor.platforms.registry import PLATFORMS
from monitor.sandbox.mastodon import MastodonSandbox, reset_in
from monitor.sandbox.server import Fault
from tests.platforms.mastosupport import COUNCIL, COUNCILLOR, NOW, REMOTE, RESIDENT, SCENARIO, config_data, source_for


@pytest.fixture
def sandbox() -> Iterator[MastodonSandbox]:
    """Run the sandbox's instances with the small Brackley network."""
    server = MastodonSandbox(json.loads(json.dumps(SCENARIO)), NOW)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def poll(source: MastodonSource, cursors: dict[str, str], server: MastodonSandbox, refresh: bool = False) -> Batch:
    """Fetch once at the sandbox's time and fold the cursors in, as the daemon does after storing."""
    batch = source.fetch(dict(cursors), server.now(), refresh)
    cursors.update(batch.cursors)
    return batch


def sid(server: MastodonSandbox, key: str, instance: str = "mastodon.social") -> str:
    """Return the post id the adapter gives a scenario status read from an instance."""
    return f"{instance}/{server.key(key)}"


def test_first_poll_reads_profiles_statuses_reblogs_and_replies_to_the_council(sandbox: MastodonSandbox) -> None:
    batch = poll(source_for(sandbox), {}, sandbox)
    assert not batch.errors
    accounts = {a.handle: a for a in batch.accounts}
    assert set(accounts) == {COUNCIL, COUNCILLOR}
    assert accounts[COUNCIL].role == "official" and accounts[COUNCILLOR].role == "councillor"
    # The note's HTML read as text, the profile's fields as lines of the bio (where a disclaimer may sit).
    assert accounts[COUNCILLOR].bio == "Brackley town councillor.\nNote: Views my own"
    assert accounts[COUNCIL].bio.startswith("Official account of Brackley Town Council.\n\nOffice hours")
    texts = {(p.handle, p.text) for p in batch.posts}
    assert (COUNCIL, "Bin collections move to Saturday next week.") in texts
    assert (COUNCILLOR, "Great turnout at the litter pick today.") in texts
    question = next(p for p in batch.posts if p.handle == RESIDENT)
    assert question.reply_to == sid(sandbox, "bins") and question.reply_to_handle == COUNCIL
    assert question.conversation_id == sid(sandbox, "bins") and question.role == "other"
    assert any(p.handle == REMOTE for p in batch.posts)  # another instance's user, named user@instance
    reblog = next(p for p in batch.posts if p.shared is not None)
    assert reblog.handle == COUNCILLOR and reblog.shared is not None and reblog.shared.kind == "repost"
    assert reblog.shared.handle == COUNCIL and reblog.id.startswith("mastodon.org.uk/")
    assert batch.usage.requests == sandbox.count("/")
    # Each account is read from its own instance.
    assert sandbox.count("/mastodon.org.uk/api/v1/accounts/lookup") == 1
    assert sandbox.count("/mastodon.social/api/v1/accounts/lookup") == 1


def test_incremental_polls_read_nothing_twice(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    first = poll(source, cursors, sandbox)
    assert len(first.posts) == 5
    sandbox.advance(timedelta(minutes=15))
    before = len(sandbox.requests)
    quiet = poll(source, cursors, sandbox)
    assert quiet.posts == [] and quiet.accounts == []  # profiles only when asked: the ids are known
    # One multi-account read per instance (statuses_count), the official account's newest page (reply counts);
    # the quiet councillor's statuses are not read, nor any context (no new replies).
    assert quiet.usage.requests == 3 == len(sandbox.requests) - before
    assert [r.path.rsplit("/", 1)[-1] for r in sandbox.requests[before:]] == ["accounts", "accounts", "statuses"]
    newest = max((s for s in sandbox.statuses.values() if s.author == sandbox.account(COUNCILLOR).id),
                 key=lambda s: int(s.id))
    sandbox.add_status(COUNCILLOR, "Surgery at the library on Saturday.", sandbox.now() - timedelta(minutes=1))
    sandbox.add_status(RESIDENT, "And food waste?", sandbox.now(), reply_to=sandbox.key("bins"))
    sandbox.advance(timedelta(minutes=15))
    before = len(sandbox.requests)
    later = poll(source, cursors, sandbox)
    assert sorted(p.text for p in later.posts) == ["And food waste?", "Surgery at the library on Saturday."]
    councillor_read = next(r for r in sandbox.requests[before:] if r.path.endswith("/statuses")
                           and r.path.startswith("/mastodon.org.uk/"))
    assert councillor_read.arg("since_id") == newest.id  # only what is newer than the last status read
    again = poll(source, cursors, sandbox)
    assert again.posts == []


def test_more_new_statuses_than_a_page_are_paged_back_to_the_cursor(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    for i in range(95):
        sandbox.add_status(COUNCILLOR, f"Update {i}", sandbox.now() + timedelta(seconds=i))
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox)
    assert sorted(p.text for p in batch.posts) == sorted(f"Update {i}" for i in range(95))
    assert poll(source, cursors, sandbox).posts == []


def test_a_deleted_status_is_not_read_and_its_thread_is_dropped(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.delete(sandbox.key("bins"))
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox)
    assert batch.posts == [] and not batch.errors
    assert sandbox.key("bins") not in json.loads(cursors[f"account:{COUNCIL}"])["threads"]


def test_429_backs_off_until_the_reset_header(sandbox: MastodonSandbox) -> None:
    sandbox.inject("/mastodon.social/api/v1/accounts/lookup", Fault(429, {"error": "Too many requests"},
                                                                    reset_in(240)))
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["rate_limited"]
    retry = batch.errors[0].retry_at
    assert retry is not None and timedelta(minutes=3) < retry - NOW <= timedelta(minutes=4, seconds=1)
    assert batch.posts == []  # nothing more is asked of any instance this cycle


def test_an_instance_with_its_window_nearly_spent_is_not_asked_until_the_reset(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    headers = {**reset_in(120), "X-RateLimit-Remaining": "2"}
    statuses = f"/mastodon.social/api/v1/accounts/{sandbox.account(COUNCIL).id}/statuses"
    sandbox.inject(statuses, Fault(200, [], headers))
    poll(source, cursors, sandbox)
    before = sandbox.count("/mastodon.social/")
    batch = poll(source, cursors, sandbox)
    assert sandbox.count("/mastodon.social/") == before  # the adapter kept the last few requests back
    assert batch.errors[0].kind == "rate_limited" and batch.errors[0].retry_at is not None


def test_a_server_error_is_transient_and_stops_the_cycle(sandbox: MastodonSandbox) -> None:
    sandbox.inject("/mastodon.social/", Fault(500, {"error": "Internal Server Error"}))
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["transient"] and batch.errors[0].status == 500
    assert "mastodon.social" in batch.errors[0].message


def test_malformed_json_is_a_clear_transient_error(sandbox: MastodonSandbox) -> None:
    sandbox.inject("/mastodon.social/", Fault(200, raw=b'{"id": "1", "username": '))
    batch = poll(source_for(sandbox), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["transient"]
    assert "not valid JSON" in batch.errors[0].message


def test_an_unknown_account_is_named_and_the_others_are_read(sandbox: MastodonSandbox) -> None:
    data = config_data(sandbox.base_url)
    data["official"].append({"platform": "mastodon", "handle": "nobody@mastodon.social"})
    batch = poll(MastodonSource(parse_config(data)), {}, sandbox)
    assert [e.kind for e in batch.errors] == ["permanent"]
    assert "nobody@mastodon.social" in batch.errors[0].message and "user@instance" in batch.errors[0].message
    assert {p.handle for p in batch.posts} >= {COUNCIL, COUNCILLOR}


def test_lookalikes_are_searched_on_every_instance_in_use(sandbox: MastodonSandbox) -> None:
    batch = poll(source_for(sandbox), {}, sandbox, refresh=True)
    others = {a.handle for a in batch.accounts if a.role == "other"}
    assert "brackleytowncouncil@mastodon.social" in others
    assert sandbox.count("/mastodon.social/api/v1/accounts/search") > 0
    assert sandbox.count("/mastodon.org.uk/api/v1/accounts/search") > 0


def test_the_token_goes_only_to_the_councils_instance(sandbox: MastodonSandbox) -> None:
    sandbox.token_only.add("mastodon.social")
    batch = poll(source_for(sandbox, token="secret-token-1"), {}, sandbox, refresh=True)
    assert not batch.errors
    assert set(sandbox.tokens_seen) == {"mastodon.social"}
    assert "brackleytowncouncil@mastodon.social" in {a.handle for a in batch.accounts}


def test_search_needing_a_token_is_skipped_without_one(sandbox: MastodonSandbox) -> None:
    sandbox.token_only.add("mastodon.social")
    batch = poll(source_for(sandbox), {}, sandbox, refresh=True)
    assert not batch.errors and len(batch.posts) == 5
    assert sandbox.tokens_seen == {}


def test_recheck_finds_a_deleted_status_and_a_suspended_account(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    batch = poll(source, {}, sandbox, refresh=True)
    posts = [p for p in batch.posts if p.handle in (COUNCILLOR, RESIDENT) and p.shared is None]
    lookalike = next(a for a in batch.accounts if a.handle == "brackleytowncouncil@mastodon.social")
    sandbox.delete(sandbox.key("q"))
    sandbox.suspend("brackleytowncouncil@mastodon.social")
    sandbox.set_note(COUNCILLOR, "Brackley town councillor. Views are my own.")
    councillor = next(a for a in batch.accounts if a.handle == COUNCILLOR)
    found = source.recheck(posts, [lookalike, councillor], sandbox.now())
    assert not found.errors
    assert found.gone_posts == {sid(sandbox, "q"): "deleted"}
    assert [p.text for p in found.posts] == ["Great turnout at the litter pick today."]
    assert found.gone_accounts == {"brackleytowncouncil@mastodon.social": "suspended"}
    assert [a.bio for a in found.accounts] == ["Brackley town councillor. Views are my own.\nNote: Views my own"]
    sandbox.remove(COUNCILLOR)
    assert source.recheck([], [councillor], sandbox.now()).gone_accounts == {COUNCILLOR: "gone"}


def test_the_online_check_confirms_each_account_and_names_a_missing_one(sandbox: MastodonSandbox) -> None:
    data = config_data(sandbox.base_url)
    data["official"].append({"platform": "mastodon", "handle": "nobody@mastodon.social"})
    found = MastodonSource(parse_config(data)).verify(NOW)
    assert len(found.confirmed) == 2
    assert [ref.handle for ref, _ in found.problems if ref] == ["nobody@mastodon.social"]


@pytest.mark.parametrize(("html", "text"), [
    ("<p>One</p><p>Two<br />three</p>", "One\n\nTwo\nthree"),
    ('<p>Hi <a href="https://x" class="u-url mention">@<span>bob</span></a> &amp; all</p>', "Hi @bob & all"),
    ("", ""),
])
def test_html_content_is_read_as_text(html: str, text: str) -> None:
    assert text_of(html) == text


@pytest.mark.parametrize(("handle", "valid"), [
    ("brackleytc@mastodon.social", True), ("jane_w@mastodon.org.uk", True), ("brackleytc", False),
    ("brackley.tc@mastodon.social", False), ("a@localhost", False), ("x" * 31 + "@mastodon.social", False),
])
def test_handles_are_user_at_instance(handle: str, valid: bool) -> None:
    assert PLATFORMS["mastodon"].valid_handle(handle) is valid


def test_links_point_at_the_instance_the_status_was_read_from() -> None:
    entry = PLATFORMS["mastodon"]
    assert entry.account_url(COUNCIL) == "https://mastodon.social/@brackleytc"
    assert entry.post_url(COUNCIL, "mastodon.social/123") == "https://mastodon.social/@brackleytc/123"
    assert entry.post_url(REMOTE, "mastodon.social/124") == "https://mastodon.social/@neighbour@fosstodon.org/124"
    assert entry.post_url(COUNCIL, "not-an-id") is None


def test_a_handle_without_its_instance_is_refused_saying_what_mastodon_expects() -> None:
    data = config_data("http://127.0.0.1:9")
    data["official"].append({"platform": "mastodon", "handle": "brackleytc"})
    with pytest.raises(ConfigError, match=r"not a valid mastodon handle \(user@instance, such as brackleytc@"):
        parse_config(data)


def test_the_token_file_is_optional_for_mastodon() -> None:
    from monitor.credentials import needed_files

    required, optional = needed_files(parse_config(config_data("http://127.0.0.1:9")))
    assert "mastodon-access-token" not in required and "mastodon-access-token" in optional


def test_a_councillors_statuses_are_read_when_the_count_moves_and_daily_anyway(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    councillor = f"/mastodon.org.uk/api/v1/accounts/{sandbox.account(COUNCILLOR).id}/statuses"
    reads = sandbox.count(councillor)
    for _ in range(4):  # an hour of quiet cycles
        sandbox.advance(timedelta(minutes=15))
        poll(source, cursors, sandbox)
    assert sandbox.count(councillor) == reads
    sandbox.add_status(COUNCILLOR, "Made and deleted", sandbox.now())
    sandbox.add_status(COUNCILLOR, "Kept", sandbox.now())
    sandbox.delete(next(s.id for s in sandbox.statuses.values() if s.text == "Made and deleted"))
    sandbox.advance(timedelta(minutes=15))
    assert [p.text for p in poll(source, cursors, sandbox).posts] == ["Kept"]  # the count moved by one
    sandbox.advance(timedelta(hours=25))
    sandbox.add_status(COUNCILLOR, "Boost-free status A", sandbox.now() - timedelta(minutes=2))
    sandbox.delete(sandbox.key("c1"))  # one made, one deleted: the count stands still
    assert [p.text for p in poll(source, cursors, sandbox).posts] == ["Boost-free status A"]  # the daily read


def test_an_instance_older_than_4_3_is_read_account_by_account(sandbox: MastodonSandbox) -> None:
    sandbox.before_4_3.add("mastodon.org.uk")
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.add_status(COUNCILLOR, "Surgery at the library on Saturday.", sandbox.now())
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox, refresh=True)
    assert not batch.errors and [p.text for p in batch.posts] == ["Surgery at the library on Saturday."]
    assert COUNCILLOR in {a.handle for a in batch.accounts}  # by lookup, as before 4.3
    assert sandbox.count("/mastodon.org.uk/api/v1/accounts/lookup") == 2


def test_a_suspended_councillor_is_named_not_checked_and_the_default_picture_is_no_picture(
        sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    first = poll(source, cursors, sandbox)
    assert {a.avatar_url for a in first.accounts} == {None}  # /avatars/original/missing.png is everyone's default
    sandbox.suspend(COUNCILLOR)
    sandbox.advance(timedelta(minutes=15))
    batch = poll(source, cursors, sandbox, refresh=True)
    assert COUNCILLOR not in {a.handle for a in batch.accounts}  # an emptied profile is not a missing disclaimer
    assert [e.kind for e in batch.errors] == ["permanent"] and "suspended" in batch.errors[0].message


def test_an_account_that_moved_is_told_once_and_still_read(sandbox: MastodonSandbox) -> None:
    source = source_for(sandbox)
    cursors: dict[str, str] = {}
    poll(source, cursors, sandbox)
    sandbox.add_account("jwhitfield@mastodon.social", "Cllr Jane Whitfield")
    sandbox.move(COUNCILLOR, "jwhitfield@mastodon.social")
    sandbox.advance(timedelta(minutes=15))
    moved = poll(source, cursors, sandbox)
    assert [n.evidence["after"] for n in moved.notices] == ["jwhitfield@mastodon.social"]
    assert moved.notices[0].handle == COUNCILLOR and "not monitored until" in moved.notices[0].message
    sandbox.add_status(COUNCILLOR, "Still here for now.", sandbox.now())
    sandbox.advance(timedelta(minutes=15))
    again = poll(source, cursors, sandbox)
    assert again.notices == [] and [p.text for p in again.posts] == ["Still here for now."]


def test_the_token_never_reaches_the_log_even_at_debug(sandbox: MastodonSandbox,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.inject("/mastodon.org.uk/", Fault(500, {"error": "Internal Server Error"}))
    batch = poll(source_for(sandbox, token="secret-token-2"), {}, sandbox, refresh=True)
    assert sandbox.tokens_seen == {"mastodon.social": sandbox.tokens_seen["mastodon.social"]}
    assert "secret-token-2" not in caplog.text and all("secret-token-2" not in str(e) for e in batch.errors)
