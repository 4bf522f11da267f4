"""The budget counts what X bills and plans polling so the month stays within config.platforms.x.monthly_budget_usd."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from monitor.config import Config, parse_config
from monitor.platforms.base import Usage
from monitor.platforms.budget import (
    MAX_INTERVAL,
    WEEKLY,
    Prices,
    SpendEntry,
    Workload,
    daily_cost,
    month_bounds,
    month_spend,
    plan_interval,
    spend_entries,
)
from tests.platforms.xsupport import example_data

NOW = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)  # 15 days of November left


def config(budget: float = 50.0, **x: object) -> Config:
    """Return the example config with an X budget."""
    data = example_data()
    data["platforms"]["x"].update(monthly_budget_usd=budget, **x)
    return parse_config(data)


def test_prices_come_from_the_config_and_facebook_reads_are_free() -> None:
    usage = Usage(requests=3, post_reads=100, user_reads=10)
    assert Prices.of(config(), "x").cost(usage) == pytest.approx(100 * 0.005 + 10 * 0.010)
    assert Prices.of(config(), "facebook").cost(usage) == 0.0


def test_spend_is_counted_per_platform_kind_and_utc_day() -> None:
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    entries = spend_entries("x", late, Usage(requests=2, post_reads=40, user_reads=0), Prices.of(config(), "x"))
    [entry] = entries
    assert (entry.day, entry.platform, entry.kind, entry.count) == (date(2026, 11, 30), "x", "post_read", 40)
    assert entry.usd == pytest.approx(0.2)
    december = spend_entries("x", late + timedelta(hours=1), Usage(user_reads=5), Prices.of(config(), "x"))
    total = month_spend([*entries, *december, SpendEntry(date(2026, 11, 2), "facebook", "post_read", 9, 0.0)],
                        "x", late)
    assert total == pytest.approx(0.2) and december[0].day == date(2026, 12, 1)


def test_a_month_runs_from_the_first_to_the_first() -> None:
    start, end = month_bounds(datetime(2026, 12, 31, 23, 59, tzinfo=UTC))
    assert (start, end) == (datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def test_a_small_council_polls_at_the_shortest_interval_well_within_budget() -> None:
    cfg = config()
    plan = plan_interval(cfg, NOW, spent_usd=3.0, workload=Workload.estimate(cfg))
    assert plan.state == "ok" and plan.interval == timedelta(minutes=15) and plan.projected_usd < 10
    assert plan.lookalike_lookups_per_day == 200 and plan.refresh_every == timedelta(hours=24)


def test_when_money_runs_short_profiles_go_weekly_before_the_lookalike_sweep_shrinks() -> None:
    cfg = config(budget=20.0)
    work = Workload(posts_per_day=150, accounts=100, lookalike_hit_rate=0.05)  # $0.75 a day on posts
    base = 15 * daily_cost(cfg, work, timedelta(minutes=15), WEEKLY, 0)
    plan = plan_interval(cfg, NOW, spent_usd=20.0 - base - 15 * 0.05, workload=work)  # 5 cents a day spare
    assert plan.state == "stretched" and plan.refresh_every == WEEKLY
    assert plan.lookalike_lookups_per_day in (99, 100)  # 5 cents buys 100 lookups at a 5% hit rate (floored)
    assert plan.projected_usd <= 20.0 + 1e-9 and plan.interval == timedelta(minutes=15)


def test_recurring_reads_are_what_a_longer_interval_saves() -> None:
    cfg = config(budget=30.0, lookalike_lookups_per_day=0)
    naive = Workload(posts_per_day=30, accounts=10, overhead_reads_per_cycle=10)  # re-reads 10 posts a cycle
    plan = plan_interval(cfg, NOW, spent_usd=10.0, workload=naive)
    assert plan.state == "stretched" and timedelta(minutes=15) < plan.interval <= MAX_INTERVAL
    assert 29.5 < plan.projected_usd <= 30.0 and plan.interval == timedelta(minutes=62)
    cursored = Workload(posts_per_day=30, accounts=10)
    assert plan_interval(cfg, NOW, spent_usd=10.0, workload=cursored).interval == timedelta(minutes=15)


def test_an_unaffordable_month_is_flagged_early_without_skipping_posts() -> None:
    cfg = config(budget=10.0)
    plan = plan_interval(cfg, NOW, spent_usd=9.0, workload=Workload(posts_per_day=300, accounts=100))
    assert plan.state == "over_budget" and not plan.paused
    assert "raise platforms.x.monthly_budget_usd" in plan.message and plan.lookalike_lookups_per_day == 0


def test_a_spent_budget_pauses_x_until_the_month_turns() -> None:
    plan = plan_interval(config(budget=10.0), NOW, spent_usd=10.01, workload=Workload(posts_per_day=1, accounts=1))
    assert plan.paused and plan.resume_at == datetime(2026, 12, 1, tzinfo=UTC)
    assert "1 December" in plan.message


def test_the_projection_adds_the_rest_of_the_month_to_what_is_spent() -> None:
    cfg = config(budget=100.0)
    work = Workload(posts_per_day=100, accounts=10, reply_authors_per_day=4)
    plan = plan_interval(cfg, NOW, spent_usd=12.0, workload=work)
    daily = 100 * 0.005 + (4 + 10 + 200 * 0.05) * 0.010
    assert plan.projected_usd == pytest.approx(12.0 + 15 * daily)
