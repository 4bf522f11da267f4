"""The re-check's reads in the X budget plan: counted once a day per open item, batched 100 a request, and
re-checked less often than daily only when the month's money needs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import Config, parse_config
from monitor.platforms.budget import Workload, daily_cost, plan_interval
from tests.platforms.xsupport import example_data

NOW = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)  # 15 days of November left
HOURLY = timedelta(hours=1)


def config(budget: float) -> Config:
    """Return the example config with an X budget."""
    data = example_data()
    data["platforms"]["x"].update(monthly_budget_usd=budget)
    return parse_config(data)


def test_200_open_posts_are_2_requests_and_one_billed_read_each_a_day() -> None:
    quiet = Workload(posts_per_day=20, accounts=10)
    busy = Workload(posts_per_day=20, accounts=10, recheck_posts=200, recheck_accounts=3)
    cfg = config(50.0)
    assert busy.recheck_requests == 2 + 1
    # Hourly or daily costs the same: X bills an item once per UTC day.
    extra = daily_cost(cfg, busy, HOURLY, HOURLY, 0, HOURLY) - daily_cost(cfg, quiet, HOURLY, HOURLY, 0, HOURLY)
    assert extra == pytest.approx(200 * 0.005 + 3 * 0.010)
    assert daily_cost(cfg, busy, HOURLY, HOURLY, 0, timedelta(days=1)) == pytest.approx(
        daily_cost(cfg, busy, HOURLY, HOURLY, 0, HOURLY))

    plan = plan_interval(cfg, NOW, spent_usd=5.0, workload=busy)
    assert (plan.state, plan.recheck_every, plan.recheck_requests) == ("ok", HOURLY, 3)
    assert plan.projected_usd <= 50.0
    without = plan_interval(cfg, NOW, spent_usd=5.0, workload=Workload(posts_per_day=20, accounts=10))
    assert plan.projected_usd - without.projected_usd == pytest.approx(15 * (200 * 0.005 + 3 * 0.010))


def test_a_tight_month_rechecks_every_few_days_rather_than_going_over() -> None:
    # 2,000 open posts are $10 a day to re-check; $60 for the 15 days left, after profiles and lookups.
    work = Workload(posts_per_day=10, accounts=5, lookalike_hit_rate=0.0, recheck_posts=2000)
    plan = plan_interval(config(60.0), NOW, spent_usd=0.0, workload=work)
    assert plan.state == "stretched" and timedelta(days=2) <= plan.recheck_every <= timedelta(days=7)
    assert plan.projected_usd <= 60.0
    assert f"open findings re-checked every {plan.recheck_every.days} day(s)" in plan.message
