"""Service to residents on each official account: reply times to residents' questions, the longest silence.

Every definition here is the attention checks' own (monitor/checks/attention.py): who is a resident, whom
a post is addressed to, what asks something and what answers it, when a reply is late, how long a silence
may last. The report therefore counts exactly the questions the `unanswered` rule judges, over the target
exactly when that rule fires, and calls a silence too long exactly when `unattended` would.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from monitor.checks.attention import Asked, is_overdue, residents_questions, silence_limit, too_silent
from monitor.checks.base import Context, History
from monitor.config import Config
from monitor.officehours import office_hours_between
from monitor.report.model import Period, Replies, Silence
from monitor.store import weekly
from monitor.store.repo import HISTORY_WINDOW

Key = tuple[str, str]  # (platform, folded handle)


def questions_by_account(conn: Connection, config: Config, period: Period) -> dict[Key, list[Asked]]:
    """Return residents' questions to each official account, asked before the report's moment.

    They are read from as far back as the checks' history reached when the week began (HISTORY_WINDOW
    before its start), so the late questions of the week before, which `unanswered` still fires on, are
    there too. Answers after the report's moment are not seen: a past week reads the same whenever made.
    """
    history = weekly.conversations(conn, period.start - HISTORY_WINDOW, period.as_of)
    out: dict[Key, list[Asked]] = {}
    for asked in residents_questions(_context(config, period, history)):
        out.setdefault(asked.official, []).append(asked)
    return out


def _context(config: Config, period: Period, history: History | None = None) -> Context:
    """Return the checks' context at the report's moment."""
    return Context(config=config, now=period.as_of, history=History() if history is None else history)


def replies(asked: Sequence[Asked], config: Config, period: Period) -> Replies:
    """Return reply times to the questions asked this week, and the late ones asked before it."""
    ctx = _context(config, period)
    week = [a for a in asked if a.question.created_at >= period.start]
    # Asked before the week and late: unanswered still fires on them, so the week's report names them.
    earlier = [a for a in asked if a.question.created_at < period.start and is_overdue(a, ctx)]
    waits = [(_waited(a, config, period.as_of), a.answered is None) for a in week]
    median, slowest, slowest_waiting = _wait_stats(waits)
    return Replies(
        questions=len(week), answered=sum(1 for a in week if a.answered is not None), median_hours=median,
        slowest_hours=slowest, slowest_waiting=slowest_waiting, over_target=sum(1 for a in week if is_overdue(a, ctx)),
        target_hours=config.targets.reply_within_office_hours, earlier_over_target=len(earlier),
        earlier_waiting=sum(1 for a in earlier if a.answered is None),
    )


def _waited(asked: Asked, config: Config, as_of: datetime) -> float:
    """Return the office hours from a question to its answer, or to the report's moment while unanswered."""
    until = asked.answered if asked.answered is not None else as_of
    return office_hours_between(asked.question.created_at, until, config.office_hours, config.zone)


def _wait_stats(waits: Sequence[tuple[float, bool]]) -> tuple[float | None, float | None, bool]:
    """Return the median and slowest wait, and whether the slowest is still waiting (its wait so far)."""
    if not waits:
        return None, None, False
    slowest = max(waits, key=lambda w: (w[0], w[1]))
    return statistics.median(h for h, _ in waits), slowest[0], slowest[1]


def silence(conn: Connection, config: Config, period: Period, account: Key,
            last_post: datetime | None) -> Silence | None:
    """Return the longest stretch without a post between the last post before the week and its end."""
    platform, key = account
    times = weekly.post_times(conn, platform, key, period.start, period.as_of)
    before = weekly.last_post_before(conn, platform, key, period.start)
    if before is None and not times and last_post is None:
        return None
    marks = ([before] if before else []) + times + [period.as_of]
    if len(marks) < 2:
        return None
    since, until = max(itertools.pairwise(marks), key=lambda pair: pair[1] - pair[0])
    ctx = _context(config, period)
    return Silence(since=since, until=until, limit=silence_limit(ctx), over_limit=too_silent(since, until, ctx))
