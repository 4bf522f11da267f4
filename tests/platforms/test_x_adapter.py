"""The X adapter reads profiles, posts, shares and replies through the real tweepy, over HTTP, from the sandbox."""

from __future__ import annotations

from datetime import UTC, timedelta

from monitor.platforms.base import Usage
from monitor.platforms.x import (
    FIRST_LOOKBACK,
    QUERY_LIMIT,
    SEARCH_REACH,
    Cursor,
    Feed,
    plan_reads,
    snowflake_at,
    snowflake_time,
)
from monitor.records import Post
from tests.platforms.xsupport import NOW, REGISTERED, TOKEN, brackley, example_data, running, source_for


def by_text(posts: list[Post], start: str) -> Post:
    """Return the one post whose text starts with something."""
    found = [p for p in posts if p.text.startswith(start)]
    assert len(found) == 1, [p.text[:30] for p in posts]
    return found[0]


def test_it_reads_every_registered_profile_with_its_role_and_pinned_post() -> None:
    with running() as server:
        batch = source_for(server).fetch({}, NOW, refresh_profiles=True)
    profiles = {a.handle: a for a in batch.accounts}
    assert set(REGISTERED) <= set(profiles)
    council = profiles["BrackleyTC"]
    assert (council.role, council.verified_type, council.followers_count) == ("official", "government", 4210)
    assert council.account_id == "1389042117" and council.created_at is not None and council.created_at.tzinfo
    assert council.bio.startswith("Official account of Brackley Town Council")
    assert profiles["TomOkaforBTC"].role == "councillor"
    assert "don't necessarily represent" in profiles["PriyaSharmaBTC"].pinned_text
    assert batch.errors == []


def test_it_reads_posts_replies_shares_and_long_posts_as_records() -> None:
    with running() as server:
        posts = source_for(server).fetch({}, NOW, refresh_profiles=True).posts
        meeting_id = server.posts[server._keys["meeting"]].id
    question = by_text(posts, "@BrackleyTC Who do I contact")
    assert (question.handle, question.role, question.reply_to_handle) == ("SarahKBrackley", "other", "BrackleyTC")
    assert question.reply_to == question.conversation_id == str(meeting_id)
    answer = by_text(posts, "@brackleydad Yes")
    assert (answer.role, answer.reply_to_handle) == ("official", "brackleydad")
    # A councillor answering a resident the monitor does not follow: the handle comes from the expansions.
    assert by_text(posts, "@NN13Neighbour").reply_to_handle == "NN13Neighbour"
    repost = by_text(posts, "RT @BrackleyTC")
    assert repost.shared is not None and (repost.shared.kind, repost.shared.handle) == ("repost", "BrackleyTC")
    assert repost.shared.text.startswith("The Christmas lights switch-on")
    quote = by_text(posts, "Our parks team")
    assert quote.shared is not None and (quote.shared.kind, quote.shared.handle) == ("quote", "BrackleyTC")
    long_post = by_text(posts, "A note on the allotments")
    assert len(long_post.text) > 280 and long_post.text.endswith("Happy digging!")
    for post in posts:
        assert post.id.isdigit() and post.created_at.tzinfo is not None and post.platform == "x"
        assert post.url == f"https://x.com/{post.handle}/status/{post.id}"


def test_it_packs_the_registered_accounts_into_one_search_and_reads_mentions_of_the_council() -> None:
    with running() as server:
        source_for(server).fetch({}, NOW, refresh_profiles=True)
        searches = [r for r in server.requests if r.path == "/2/tweets/search/recent"]
        mentions = [r for r in server.requests if r.path.endswith("/mentions")]
    assert len(searches) == 1 and len(mentions) == 1
    query = searches[0].arg("query") or ""
    assert all(f"from:{h}" in query for h in REGISTERED)
    assert searches[0].arg("since_id") == str(snowflake_at(NOW - FIRST_LOOKBACK))
    assert "note_tweet" in (searches[0].arg("tweet.fields") or "")
    assert searches[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_a_second_cycle_reads_only_what_is_new_and_bills_it_once() -> None:
    with running() as server:
        source = source_for(server)
        first = source.fetch({}, NOW, refresh_profiles=True)
        billed = server.billed()
        server.add_post("TomOkaforBTC", "Bin collections are on time this week.", at=NOW + timedelta(minutes=6))
        later = server.advance(timedelta(minutes=15))
        second = source.fetch(first.cursors, later, refresh_profiles=False)
        paths = [r.path for r in server.requests[-second.usage.requests:]]
    assert [p.text for p in second.posts] == ["Bin collections are on time this week."]
    assert (second.usage.post_reads, second.usage.user_reads) == (1, 0)
    assert server.billed()["posts"] == billed["posts"] + 1
    assert "/2/users/by" not in paths  # ids come from the cursors; profiles only when asked
    assert second.accounts == []


def test_a_post_in_the_overlap_window_is_not_handed_back_twice() -> None:
    with running() as server:
        source = source_for(server)
        server.add_post("DaveHughesCllr", "Surgery at the library tonight.", at=NOW - timedelta(seconds=30))
        first = source.fetch({}, NOW, refresh_profiles=True)
        returned = server.billed()["posts_returned"]
        later = server.advance(timedelta(minutes=1))
        second = source.fetch(first.cursors, later, refresh_profiles=False)
        again = server.billed()["posts_returned"] - returned
    assert "Surgery at the library tonight." in [p.text for p in first.posts]
    assert second.posts == []
    # It was read again (the overlap guards against search-index lag) but X bills it once a day.
    assert again == 1 and second.usage.post_reads == 0


def test_it_pages_through_a_busy_account() -> None:
    with running() as server:
        for i in range(150):
            server.add_post("MEllisBrackley", f"Agenda item {i}", at=NOW - timedelta(hours=5, minutes=i))
        batch = source_for(server).fetch({}, NOW, refresh_profiles=True)
        searches = [r for r in server.requests if r.path == "/2/tweets/search/recent"]
    assert len([p for p in batch.posts if p.text.startswith("Agenda item")]) == 150
    assert len(searches) == 2 and searches[1].arg("next_token")


def test_it_pages_through_a_timeline_with_pagination_tokens() -> None:
    old = Cursor(snowflake_at(NOW - timedelta(days=8))).format()
    with running() as server:
        for i in range(130):
            server.add_post("DaveHughesCllr", f"Ward note {i}", at=NOW - timedelta(days=7, minutes=i))
        batch = source_for(server).fetch({"from:davehughescllr": old}, NOW, refresh_profiles=True)
        dave = server.user_id("DaveHughesCllr")
        pages = [r for r in server.requests if r.path == f"/2/users/{dave}/tweets"]
    assert len([p for p in batch.posts if p.text.startswith("Ward note")]) == 130
    assert len(pages) == 2 and pages[1].arg("pagination_token") and pages[1].arg("since_id") == pages[0].arg("since_id")


def test_profiles_cost_nothing_when_not_asked_for_and_ids_are_known() -> None:
    with running() as server:
        source = source_for(server)
        first = source.fetch({}, NOW, refresh_profiles=True)
        ids = {k: v for k, v in first.cursors.items() if k.startswith("id:")}
        before = server.count("/2/users/by")
        source.fetch(ids, NOW, refresh_profiles=False)
        assert server.count("/2/users/by") == before
        source.fetch({}, NOW, refresh_profiles=False)  # ids unknown: one lookup to learn them
        assert server.count("/2/users/by") == before + 1
    assert ids["id:brackleytc"] == "1389042117"


def test_usage_matches_what_the_sandbox_bills() -> None:
    with running() as server:
        source, usage = source_for(server), Usage()
        cursors: dict[str, str] = {}
        for cycle in range(3):
            now = server.advance(timedelta(minutes=15)) if cycle else NOW
            server.add_post("CllrJWhitfield", f"Cycle {cycle} news", at=now - timedelta(minutes=5))
            batch = source.fetch(cursors, now, refresh_profiles=True)
            cursors = batch.cursors
            usage.add(batch.usage)
        billed = server.billed()
    assert (usage.post_reads, usage.user_reads) == (billed["posts"], billed["users"])
    assert usage.requests == server.count("/2/")


def test_a_feed_behind_the_search_window_reads_its_timeline() -> None:
    old = Cursor(snowflake_at(NOW - timedelta(days=9))).format()
    with running() as server:
        cursors = {"from:tomokaforbtc": old, "to:brackleytc": old}
        batch = source_for(server).fetch(cursors, NOW, refresh_profiles=True)
        tom = server.user_id("TomOkaforBTC")
        timeline = [r for r in server.requests if r.path == f"/2/users/{tom}/tweets"]
        searches = [r.arg("query") or "" for r in server.requests if r.path == "/2/tweets/search/recent"]
    assert len(timeline) == 1 and timeline[0].arg("since_id") == str(snowflake_at(NOW - timedelta(days=9)))
    assert all("TomOkaforBTC" not in q for q in searches)
    assert by_text(batch.posts, "Great turnout").handle == "TomOkaforBTC"
    assert by_text(batch.posts, "@BrackleyTC Who do I contact").handle == "SarahKBrackley"


def test_the_plan_keeps_every_query_under_512_characters_and_covers_each_feed_once() -> None:
    handles = [f"Councillor{i:05d}" for i in range(120)]
    fresh = Cursor(snowflake_at(NOW - timedelta(minutes=17)))
    feeds = [(Feed("from", h, str(i)), fresh) for i, h in enumerate(handles)]
    plan = plan_reads(feeds, NOW)
    assert all(len(g.query()) <= QUERY_LIMIT for g in plan.searches)
    covered = [f.handle for g in plan.searches for f, _ in g.feeds] + [f.handle for f, _ in plan.timelines]
    assert sorted(covered) == sorted(handles)
    assert plan.requests <= len(handles) / 10


def test_the_plan_gives_a_lone_feed_its_timeline_and_splits_far_apart_cursors() -> None:
    recent = Cursor(snowflake_at(NOW - timedelta(minutes=15)))
    days_ago = Cursor(snowflake_at(NOW - timedelta(days=3)))
    lone = plan_reads([(Feed("to", "BrackleyTC", "1"), recent)], NOW)
    assert lone.searches == [] and len(lone.timelines) == 1
    feeds = [(Feed("from", f"A{i}", str(i)), recent) for i in range(3)]
    feeds += [(Feed("from", f"B{i}", str(10 + i)), days_ago) for i in range(3)]
    split = plan_reads(feeds, NOW)
    assert [sorted(f.handle for f, _ in g.feeds) for g in split.searches] == [["B0", "B1", "B2"], ["A0", "A1", "A2"]]
    assert snowflake_time(split.searches[0].since_id) > NOW - SEARCH_REACH


def test_lookup_handles_asks_at_most_100_at_a_time_and_returns_those_that_exist() -> None:
    with running() as server:
        wanted = [f"Nobody{i:04d}" for i in range(248)] + ["BrackIeyTC", "BrackleyTownFC"]
        usage = Usage()
        found = source_for(server).lookup_handles(wanted, usage=usage, now=NOW)
        sizes = [len((r.arg("usernames") or "").split(",")) for r in server.requests if r.path == "/2/users/by"]
    assert sorted(a.handle for a in found) == ["BrackIeyTC", "BrackleyTownFC"]
    assert sizes == [100, 100, 50] and usage.requests == 3 and usage.user_reads == 2
    lookalike = next(a for a in found if a.handle == "BrackIeyTC")
    assert lookalike.role == "other" and lookalike.display_name == "Brackley Town Council ✅"


def test_an_unknown_registered_handle_is_named_and_the_others_are_still_read() -> None:
    data = example_data()
    data["councillors"][0]["accounts"][0]["handle"] = "CllrGone"
    with running() as server:
        batch = source_for(server, data).fetch({}, NOW, refresh_profiles=True)
    assert [e.kind for e in batch.errors] == ["permanent"] and "@CllrGone" in batch.errors[0].message
    assert {p.handle for p in batch.posts} >= {"BrackleyTC", "TomOkaforBTC", "DaveHughesCllr"}
    assert "from:cllrgone" not in batch.cursors


def test_hostile_text_passes_through_unchanged_and_a_huge_post_does_not_break_the_read() -> None:
    hostile = "<script>alert('x')</script> <@U123> \u200b\u202eevil\u202c <!channel>"
    huge = "A" * 1_000_000
    with running() as server:
        server.add_post("TomOkaforBTC", hostile, at=NOW - timedelta(hours=1))
        server.add_post("TomOkaforBTC", huge, at=NOW - timedelta(hours=2))
        posts = source_for(server).fetch({}, NOW, refresh_profiles=False).posts
    assert by_text(posts, "<script>").text == hostile
    assert max(len(p.text) for p in posts) == 1_000_000


def test_the_sandbox_hides_posts_until_its_clock_reaches_them() -> None:
    scenario = brackley()
    scenario["posts"].append({"author": "BrackleyTC", "at": "+1h", "text": "Tomorrow's notice"})
    with running(scenario) as server:
        source = source_for(server)
        early = source.fetch({}, NOW, refresh_profiles=True)
        later = server.advance(timedelta(hours=2))
        late = source.fetch(early.cursors, later, refresh_profiles=False)
    assert "Tomorrow's notice" not in [p.text for p in early.posts]
    assert [p.text for p in late.posts] == ["Tomorrow's notice"]
    assert later.tzinfo == UTC
