"""The report's service to residents and the `unanswered` findings count the same questions.

Both read residents' questions through monitor/checks/attention.py, so "no residents' questions this
week" can no longer stand beside unanswered questions. Checked three ways: the check's own case table,
a seeded week with rhetorical questions and mentions on the real store (SQLite and PostgreSQL), and
the demo's data with the findings its daemon recorded.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from monitor.checks import Context, History
from monitor.checks.attention import is_overdue, residents_questions, unanswered
from monitor.config import Config, load_config
from monitor.demo import run_demo
from monitor.records import Account, Post, handle_key
from monitor.report.data import gather, period_of
from monitor.report.model import Period, ReportData
from monitor.report.schedule import Week
from monitor.scanfile import parse_record, parse_time
from monitor.store.db import open_database, session_scope
from monitor.store.findings import ACTIVE, list_findings
from monitor.store.models import PostRow
from monitor.store.repo import HISTORY_WINDOW, load_history
from tests.checks.casetable import Case, case_config, load_cases
from tests.report.seed import NOW, WEEK, at, post, put

Key = tuple[str, str]
# The demo's fixed start (as in tests/daemon/test_demo_golden.py): a Tuesday morning, council time.
DEMO_START = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)

BTC = "BrackleyTC"
ROAD = "1779000000000000102"  # BrackleyTC's road closure post in the seeded week
# Residents' posts added to the seeded week: what asks the council something, and what only looks as if it does.
TRICKY = [
    # Rhetorical: a "?" that expects no answer (the report used to count any reply with a "?").
    post("x", "1779000000000000801", "resident_six", "other", at(13, 17), "Closed again. Who knew?", ROAD, BTC),
    post("x", "1779000000000000802", "resident_seven", "other", at(13, 18), "Road works in April. How typical!?",
         ROAD, BTC),
    # A "?" inside a link asks nothing.
    post("x", "1779000000000000803", "resident_eight", "other", at(13, 19),
         "Thanks, the map is at https://example.org/map?road=market", ROAD, BTC),
    # A mention of the council in a post that asks nothing.
    post("x", "1779000000000000804", "resident_nine", "other", at(14, 19),
         "Lovely evening on Market Place, well done @BrackleyTC"),
    # Questions put to other accounts: a councillor, and another resident by mention.
    post("x", "1779000000000000805", "resident_ten", "other", at(14, 20), "Is the surgery at the library?",
         "1779000000000000401", "CllrJWhitfield"),
    post("x", "1779000000000000806", "resident_ten", "other", at(14, 21), "@resident_one when is green bin day?"),
    # A question by mention alone, never answered: the council's to answer (the report used to miss it).
    post("x", "1779000000000000807", "resident_eleven", "other", at(15, 9),
         "@BrackleyTC When will the streetlight on Halse Road be fixed?"),
    # Asked on the Saturday before the week, still unanswered when it began.
    post("x", "1779000000000000808", "resident_twelve", "other", at(10, 11), "Are the allotments open on Sunday?",
         "1779000000000000100", BTC),
    # Asked the Monday before, answered late on the Friday: still late for the check, so for the report too.
    post("x", "1779000000000000809", "resident_thirteen", "other", at(5, 10),
         "@BrackleyTC Is the Easter market on again next year?"),
    post("x", "1779000000000000309", BTC, "official", at(9, 10), "Yes, on Easter Monday.",
         "1779000000000000809", "resident_thirteen"),
]


# --- the check's own cases ------------------------------------------------------------------------


def history_of(case: Case, config: Config) -> History:
    """Return the records of a case as a history."""
    records = [parse_record(r, config) for r in case.records]
    accounts = tuple(r for r in records if isinstance(r, Account))
    return History(accounts, tuple(r for r in records if isinstance(r, Post)))


@pytest.mark.parametrize("case", [c for c in load_cases() if c.rule == "unanswered"], ids=lambda c: c.id)
def test_the_questions_the_report_calls_late_are_those_unanswered_fires_on(case: Case) -> None:
    """Every row of the unanswered table: the report's reading of the history flags the same posts."""
    config = case_config(case.overrides)
    ctx = Context(config=config, now=parse_time(case.now, "now"), history=history_of(case, config))
    fired = sorted((hit.platform, hit.post_id) for hit in unanswered(ctx))
    late = sorted((a.question.platform, a.question.id) for a in residents_questions(ctx) if is_overdue(a, ctx))
    assert late == fired


# --- helpers --------------------------------------------------------------------------------------


def check_at(engine: Engine, config: Config, period: Period) -> Context:
    """Return the checks' context at the report's moment over every stored post the report may read."""
    reach = period.as_of - (period.start - HISTORY_WINDOW)
    with session_scope(engine) as session:
        return Context(config=config, now=period.as_of, history=load_history(session, period.as_of, reach))


def service(data: ReportData) -> dict[Key, tuple[int, int, int, int]]:
    """Return each official account's (questions, answered, over target, earlier over target)."""
    return {(a.platform, handle_key(a.handle)): (a.replies.questions, a.replies.answered, a.replies.over_target,
                                                 a.replies.earlier_over_target)
            for a in data.accounts if a.replies is not None}


def judged(ctx: Context, start: datetime) -> dict[Key, tuple[int, int, int, int]]:
    """Return, per official account, the same four counts as the unanswered check reads the store."""
    asked = [a for a in residents_questions(ctx) if a.question.created_at >= start]
    # The late questions are the check's own findings, told apart by when they were asked.
    late = Counter(((h.platform, handle_key(h.evidence["official"])),
                    datetime.fromisoformat(h.evidence["asked_at"]) >= start) for h in unanswered(ctx))
    keys = {a.official for a in asked} | {key for key, _ in late}
    return {key: (sum(1 for a in asked if a.official == key),
                  sum(1 for a in asked if a.official == key and a.answered is not None),
                  late[(key, True)], late[(key, False)]) for key in keys}


def official_keys(config: Config) -> list[Key]:
    """Return the keys of the monitorable official accounts, which the report gives a service section."""
    return [key for key, reg in config.registry.items() if reg.role == "official" and reg.ref.monitorable]


# --- a seeded week with rhetorical questions and mentions -----------------------------------------


@pytest.fixture
def tricky_week(seeded: Engine) -> Engine:
    """Return the seeded week with the tricky residents' posts added."""
    put(seeded, PostRow, TRICKY)
    return seeded


def test_rhetorical_questions_and_mentions_count_alike_in_the_report_and_the_check(
        tricky_week: Engine, example_config: Config) -> None:
    """Rhetoric, links and other people's questions are not the council's; a question by mention is."""
    with session_scope(tricky_week) as session:
        data = gather(session.connection(), example_config, WEEK, NOW)
    ctx = check_at(tricky_week, example_config, data.period)
    expected = judged(ctx, data.period.start)

    assert service(data) == {key: expected.get(key, (0, 0, 0, 0)) for key in official_keys(example_config)}
    # 3 seeded questions and the one by mention; the seeded one still waiting and the mention are late,
    # and from the week before, the one still waiting and the one answered late.
    assert service(data)[("x", "brackleytc")] == (4, 2, 2, 2)
    x_official = next(a for a in data.accounts if a.handle == BTC)
    assert x_official.replies is not None and x_official.replies.earlier_waiting == 1


def test_a_week_in_progress_agrees_too(tricky_week: Engine, example_config: Config) -> None:
    """On the Thursday morning only the questions from before the week are late, for the report and the check."""
    with session_scope(tricky_week) as session:
        data = gather(session.connection(), example_config, WEEK, at(15, 11))
    ctx = check_at(tricky_week, example_config, data.period)
    expected = judged(ctx, data.period.start)

    assert service(data) == {key: expected.get(key, (0, 0, 0, 0)) for key in official_keys(example_config)}
    assert service(data)[("x", "brackleytc")] == (4, 1, 0, 2)


# --- the demo's data ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the state folder of a demo run from its fixed start (database, config, reports)."""
    state = tmp_path_factory.mktemp("demo") / "state"
    assert run_demo(state, state / "mailbox", 3, io.StringIO(), now=DEMO_START) == 0
    return state


def recorded_late(engine: Engine, period: Period) -> Counter[Key]:
    """Return the unanswered findings the demo's daemon left unresolved, by the official account asked."""
    with session_scope(engine) as session:
        rows = [r for r in list_findings(session, rule="unanswered")
                if r.state in ACTIVE and r.first_seen < period.as_of]
        return Counter((r.platform, handle_key(json.loads(r.evidence_json)["official"])) for r in rows)


def test_the_demos_report_counts_the_questions_its_findings_are_about(demo_state: Path) -> None:
    """The demo's three unanswered questions (X, Facebook, Bluesky) were asked the week before: named, late."""
    config = load_config(demo_state / "config.toml")
    week = Week.containing(DEMO_START.astimezone(config.zone).date())
    now = week.end(config.zone) + timedelta(hours=8)  # the Monday the demo sends the report
    engine = open_database(config.storage.url)
    try:
        with session_scope(engine) as session:
            data = gather(session.connection(), config, week, now)
        ctx = check_at(engine, config, period_of(week, now, config.zone))
        recorded = recorded_late(engine, data.period)
    finally:
        engine.dispose()
    expected = judged(ctx, data.period.start)

    assert service(data) == {key: expected.get(key, (0, 0, 0, 0)) for key in official_keys(config)}
    late = {key: counts[2] + counts[3] for key, counts in service(data).items()}
    assert late == {key: recorded[key] for key in official_keys(config)}
    assert sum(recorded.values()) == 3
