"""The lookalike sweep looks up imitations of registered X handles, 100 a request, within the daily allowance."""

from __future__ import annotations

from monitor.config import parse_config
from monitor.lookalike_sweep import candidates, rotate, sweep_lookalikes
from monitor.records import handle_key
from monitor.sandbox.x import rate_limited
from tests.platforms.xsupport import NOW, REGISTERED, example_data, running, source_for


def test_it_finds_the_lookalike_of_the_council_and_reports_impersonation() -> None:
    with running() as server:
        source = source_for(server)
        profiles = source.fetch({}, NOW, refresh_profiles=True).accounts
        result = sweep_lookalikes(source.config, source, NOW, known=profiles)
        lookups = [r for r in server.requests if r.path == "/2/users/by"][1:]
    assert [a.handle for a in result.accounts] == ["BrackIeyTC"]
    assert [(f.rule, f.handle, f.severity) for f in result.findings] == [("impersonation", "BrackIeyTC", "high")]
    assert "BrackleyTC" in result.findings[0].message
    assert result.looked_up == 200 and [len((r.arg("usernames") or "").split(",")) for r in lookups] == [100, 100]
    # The poll had already read @BrackIeyTC today (it replied to the council): X bills a user once a day.
    assert (result.usage.requests, result.usage.user_reads) == (2, 0)


def test_a_sweep_bills_only_the_handles_that_exist() -> None:
    with running() as server:
        source = source_for(server)
        result = sweep_lookalikes(source.config, source, NOW)
    assert (result.looked_up, result.usage.requests, result.usage.user_reads) == (200, 2, 1)
    assert [f.handle for f in result.findings] == ["BrackIeyTC"]


def test_candidates_leave_out_registered_and_allowed_handles_and_come_interleaved() -> None:
    config = parse_config(example_data())
    pool = candidates(config, per_handle=50)
    folded = {handle_key(h) for h in pool}
    assert not folded & {handle_key(h) for h in REGISTERED}
    assert not folded & {handle_key(h) for h in config.checks.impersonation.allow_handles}
    assert len(folded) == len(pool)
    # The first few hold imitations of several accounts, the council's first.
    assert "BrackIeyTC" in pool[:12] and any("Okafor" in h for h in pool[:12])


def test_the_daily_allowance_rotates_through_the_candidates_day_by_day() -> None:
    data = example_data()
    data["platforms"]["x"]["lookalike_lookups_per_day"] = 150
    with running() as server:
        source = source_for(server, data)
        day_one = sweep_lookalikes(source.config, source, NOW, offset=0)
        day_two = sweep_lookalikes(source.config, source, NOW, offset=day_one.next_offset)
        pool = candidates(source.config, per_handle=150)
        asked = [(r.arg("usernames") or "").split(",") for r in server.requests if r.path == "/2/users/by"]
    first, second = asked[0] + asked[1], asked[2] + asked[3]
    assert len(first) == len(second) == 150 and not set(first) & set(second)
    assert first + second == [*pool, *pool][:300]
    assert day_two.next_offset == 300 % len(pool)


def test_lookups_already_made_today_shrink_the_allowance() -> None:
    with running() as server:
        source = source_for(server)
        result = sweep_lookalikes(source.config, source, NOW, used_today=170)
        spent = sweep_lookalikes(source.config, source, NOW, used_today=200)
        sizes = [len((r.arg("usernames") or "").split(",")) for r in server.requests]
    assert result.looked_up == 30 and sizes == [30]
    assert spent.looked_up == 0 and spent.next_offset == 0


def test_a_disabled_impersonation_rule_means_no_paid_lookups() -> None:
    data = example_data()
    data["checks"]["impersonation"]["enabled"] = False
    with running() as server:
        result = sweep_lookalikes(source_for(server, data).config, source_for(server, data), NOW)
        assert server.requests == []
    assert result.looked_up == 0


def test_a_failed_lookup_keeps_the_offset_so_the_same_handles_are_tried_again() -> None:
    with running() as server:
        server.inject("/2/users/by", rate_limited(None))
        source = source_for(server)
        result = sweep_lookalikes(source.config, source, NOW, offset=42)
    assert [e.kind for e in result.errors] == ["rate_limited"] and result.next_offset == 42
    assert result.findings == []


def test_rotate_wraps_round() -> None:
    assert rotate(["a", "b", "c"], 2, 2) == (["c", "a"], 1)
    assert rotate(["a", "b"], 0, 5) == (["a", "b"], 0)
    assert rotate([], 3, 2) == ([], 3)
