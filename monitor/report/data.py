"""The weekly report's assembly: the store's answers (monitor/store/weekly.py) turned into its content.

Everything is "as at" the end of the week (or now, for a week not over yet), so a report for a past
week reads the same whenever it is made: a week sent late after an outage says what it would have said.
No SQL here: every read is a store function; the dataclasses are in monitor/report/model.py; the service
to residents (reply times, silence) is in monitor/report/service.py, on the attention checks' definitions.
Times are UTC here; the templates show them in the council's zone.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from monitor.alerts.shown import delivery_words, finding_excerpt
from monitor.checks import CHECKS, by_rule
from monitor.config import Config, Registered
from monitor.platforms.registry import PLATFORMS
from monitor.records import SEVERITIES, handle_key
from monitor.report import service
from monitor.report.model import (
    AccountLine,
    Closed,
    Coverage,
    ElectionStatus,
    FindingRecord,
    Gap,
    Item,
    Numbers,
    Period,
    ReportData,
    RuleCounts,
    RunFailure,
    RunTally,
    Skipped,
    SourceLine,
    Window,
)
from monitor.report.schedule import Week
from monitor.store import weekly
from monitor.store.findings import ACTIVE as UNRESOLVED
from monitor.text import strip_invisible

WEEKS_COMPARED = 5  # this week and the previous four
EXCERPT_CHARS = 300
REASONS_KEPT = 5
RUN_FAILURES_LISTED = 20


def period_of(week: Week, now: datetime, zone: ZoneInfo) -> Period:
    """Return the week's bounds and the moment it is described at (its end, or now if earlier)."""
    start, end = week.start(zone), week.end(zone)
    return Period(week=week, start=start, end=end, as_of=min(end, now), zone=zone)


def gather(conn: Connection, config: Config, week: Week, now: datetime) -> ReportData:
    """Return the report's content for one week, read in one transaction."""
    period = period_of(week, now, config.zone)
    windows = election_windows(config, period)
    rows = weekly.findings_of_week(conn, period.start, period.as_of, [(w.start, w.until) for w in windows])
    names = weekly.display_names(conn, [(row["platform"], row["handle_key"]) for row in rows])
    sent = {i: delivery_words(d.state, d.sent_at, d.last_error, config.zone)
            for i, d in weekly.alert_deliveries(conn, [row["id"] for row in rows]).items()}
    posts = weekly.post_texts(conn, [(row["platform"], row["post_id"]) for row in rows if row["post_id"]])
    items = [replace(i, name=clean_text(names.get((row["platform"], row["handle_key"]), ""), 80),
                     delivery=sent.get(row["id"], ""), excerpt=_excerpt_of(row, posts) or i.excerpt)
             for i, row in zip((_item(row, period.as_of) for row in rows), rows, strict=True)]
    accounts = tuple(_account_lines(conn, config, period))
    lookalikes = tuple(sorted((replace(i, imitates=imitated(config, i.subject))
                               for i in items if i.rule == "impersonation"), key=_lookalike_order))
    return ReportData(
        council=config.council.name,
        website=config.council.website,
        period=period,
        generated_at=now,
        needs_action=_needs_action(items, period.as_of),
        numbers=_numbers(conn, period),
        accounts=accounts,
        elections=tuple(_elections(windows, period, items)),
        elections_configured=len(config.elections),
        lookalikes=lookalikes,
        lookalikes_new=sum(1 for i in lookalikes if i.first_seen >= period.start),
        coverage=_coverage(conn, config, period, accounts),
        records=tuple(FindingRecord({**_record_fields(row), "alert": sent.get(row["id"])}) for row in rows),
        closed=tuple(_closed(row) for row in weekly.closings(conn, period.start, period.as_of)),
        median_to_close=_median_to_close(conn, period),
    )


def _closed(row: dict[str, Any]) -> Closed:
    """Return a finding closed this week as the report shows it."""
    return Closed(id=row["id"], rule=row["rule"], platform=row["platform"], handle=clean_text(row["handle"], 64),
                  state=row["state"], by=clean_text(row["closed_by"] or "", 64),
                  reason=clean_text(row["closed_reason"] or "", 64), note=clean_text(row["closed_note"] or "", 300),
                  closed_at=row["closed_at"], time_to_close=max(row["closed_at"] - row["first_seen"], timedelta(0)))


def _median_to_close(conn: Connection, period: Period) -> timedelta | None:
    """Return the median time from detection to closing of the findings closed in the last four weeks."""
    spans = sorted(max(r["closed_at"] - r["first_seen"], timedelta(0))
                   for r in weekly.closings(conn, period.as_of - timedelta(weeks=4), period.as_of))
    if not spans:
        return None
    middle = len(spans) // 2
    return spans[middle] if len(spans) % 2 else (spans[middle - 1] + spans[middle]) / 2


# --- findings -------------------------------------------------------------------------------------


def _item(row: dict[str, Any], as_of: datetime) -> Item:
    """Return a stored finding as the report shows it."""
    evidence = parse_evidence(row["evidence_json"])
    return Item(
        id=row["id"], rule=row["rule"], severity=row["severity"], clause=row["clause"], platform=row["platform"],
        handle=clean_text(row["handle"], 64), post_id=row["post_id"], message=clean_text(row["message"], 500),
        state=row["state"], first_seen=row["first_seen"], closed_at=row["closed_at"],
        link=post_link(row["platform"], row["handle"], row["post_id"], row["post_url"]),
        action=action_for(row["rule"]), age=max(as_of - row["first_seen"], timedelta(0)),
        excerpt=_short(evidence.get("excerpt")), reasons=_reasons(evidence.get("reasons")),
        score=_score(evidence.get("score")), subject=_subject(evidence.get("subject")),
    )


def _excerpt_of(row: dict[str, Any], posts: dict[tuple[str, str], tuple[str, datetime]]) -> str:
    """Return the words around what was found, from the post when the store still has it (personal data masked)."""
    post = posts.get((row["platform"], row["post_id"])) if row["post_id"] else None
    if post is None:
        return ""
    return clean_text(finding_excerpt(row["rule"], parse_evidence(row["evidence_json"]), post[0]))


def _record_fields(row: dict[str, Any]) -> dict[str, Any]:
    """Return every stored column of a finding, its post link in place of the stored URL."""
    return {**row, "post_url": post_link(row["platform"], row["handle"], row["post_id"], row["post_url"])}
def parse_evidence(raw: str | None) -> dict[str, Any]:
    """Return the evidence object, or {} when it is not a JSON object (stored data is not trusted)."""
    try:
        value = json.loads(raw or "{}")
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def clean_text(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return untrusted text without invisible or control characters, on one line, clipped."""
    if not isinstance(value, str):
        return ""
    text = strip_invisible(value[: limit * 4])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short(value: object) -> str:
    """Return an excerpt fit to show."""
    return clean_text(value)


def _reasons(value: object) -> tuple[str, ...]:
    """Return up to REASONS_KEPT short reasons."""
    if not isinstance(value, list):
        return ()
    return tuple(r for r in (clean_text(v, 120) for v in value[:REASONS_KEPT]) if r)


def _score(value: object) -> float | None:
    """Return a score in 0..1, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= 1 else None


def _subject(value: object) -> str | None:
    """Return the evidence's subject (e.g. the account imitated), if any."""
    text = clean_text(value, 120) if isinstance(value, str) else ""
    return text or None


def action_for(rule: str) -> str:
    """Return what the Clerk should do about a rule's finding."""
    try:
        return by_rule(rule).action
    except KeyError:
        return "Review the finding."


def post_link(platform: str, handle: str, post_id: str | None, stored: str | None) -> str:
    """Return a safe http(s) link to a post, or to the profile when there is no post."""
    if stored and _safe_url(stored):
        return stored.strip()
    entry = PLATFORMS.get(platform)
    if entry is None:
        return ""
    user = handle.lstrip("@")
    return (entry.post_url(user, post_id) if post_id else None) or entry.account_url(user)


def profile_link(platform: str, handle: str) -> str:
    """Return a link to an account's profile."""
    return post_link(platform, handle, None, None)


def _safe_url(url: str) -> bool:
    """Say whether a stored URL may be shown as a link (http or https only, no spaces or controls)."""
    url = url.strip()
    if not url.lower().startswith(("https://", "http://")) or len(url) > 2000:
        return False
    return all(ch.isprintable() and not ch.isspace() for ch in url)


def _needs_action(items: Iterable[Item], as_of: datetime) -> dict[str, tuple[Item, ...]]:
    """Return the findings still unresolved, by severity, longest open first."""
    out: dict[str, list[Item]] = {s: [] for s in SEVERITIES}
    for item in items:
        if item.first_seen < as_of and (item.state in UNRESOLVED or (item.closed_at and item.closed_at > as_of)):
            out.setdefault(item.severity, []).append(item)
    return {sev: tuple(sorted(found, key=lambda i: (i.first_seen, i.id))) for sev, found in out.items()}


def imitated(config: Config, subject: str | None) -> str | None:
    """Return the registered account a lookalike's subject ("x:brackleytc") names, as people write it."""
    if not subject:
        return None
    platform, _, handle = subject.partition(":")
    found = config.registry.get((platform, handle_key(handle)))
    if found is None:
        return subject
    name = found.ref.handle.lstrip("@")
    entry = PLATFORMS.get(platform)
    return f"{entry.label} {entry.shown(name)}" if entry else subject


def _lookalike_order(item: Item) -> tuple[int, datetime, int]:
    """Order lookalikes: unresolved first, then oldest."""
    return (0 if item.state in UNRESOLVED else 1, item.first_seen, item.id)


# --- the week in numbers --------------------------------------------------------------------------


def _numbers(conn: Connection, period: Period) -> Numbers:
    """Return findings per rule and severity for this week and the four before, and closures."""
    weeks = tuple(period.week.shifted(i - WEEKS_COMPARED + 1) for i in range(WEEKS_COMPARED))
    bounds = [w.start(period.zone) for w in weeks] + [period.as_of]
    per_rule: dict[str, list[int]] = {c.rule: [0] * WEEKS_COMPARED for c in CHECKS}
    per_sev: dict[str, list[int]] = {s: [0] * WEEKS_COMPARED for s in SEVERITIES}
    for bucket, rule, severity, n in weekly.findings_per_bucket(conn, bounds):
        per_rule.setdefault(rule, [0] * WEEKS_COMPARED)[bucket] += n
        per_sev.setdefault(severity, [0] * WEEKS_COMPARED)[bucket] += n
    closed = weekly.closed_between(conn, period.start, period.as_of)
    return Numbers(
        weeks=weeks,
        by_rule=tuple(RuleCounts(rule, _summary(rule), tuple(counts)) for rule, counts in per_rule.items()),
        by_severity={s: tuple(c) for s, c in per_sev.items()},
        totals=tuple(sum(col) for col in zip(*per_rule.values(), strict=True)),
        resolved=closed.get("fixed", 0),
        dismissed=closed.get("dismissed", 0),
        open_by_severity={**dict.fromkeys(SEVERITIES, 0), **weekly.open_by_severity(conn, period.as_of)},
    )


def _summary(rule: str) -> str:
    """Return a rule's one-line summary, or '' for a rule this version does not know."""
    try:
        return by_rule(rule).summary
    except KeyError:
        return ""


# --- accounts -------------------------------------------------------------------------------------


def _account_lines(conn: Connection, config: Config, period: Period) -> Iterable[AccountLine]:
    """Return one line per registered account: official ones first, then councillors by name."""
    missing = weekly.missing_disclaimers(conn, period.as_of)
    questions = service.questions_by_account(conn, config, period)
    # The registry keeps the configuration's order: official accounts, then councillors as the Clerk listed them.
    for (platform, key), reg in config.registry.items():
        stored = weekly.stored_account(conn, platform, key)
        read = stored is not None and stored.first_seen <= period.as_of
        last_post = _last_post(conn, platform, key, period.as_of, stored.last_post_at if stored else None)
        line = AccountLine(
            platform=platform, handle=reg.ref.handle.lstrip("@"), owner=_owner(reg), role=reg.role,
            monitorable=reg.ref.monitorable, link=profile_link(platform, reg.ref.handle), read=read,
            disclaimer=_disclaimer_status(config, reg, read, missing.get((platform, key)), period.zone),
            last_post=last_post,
            posts_this_week=weekly.posts_between(conn, platform, key, period.start, period.as_of),
        )
        if reg.role == "official" and reg.ref.monitorable:
            line = replace(line, replies=service.replies(questions.get((platform, key), ()), config, period),
                           silence=service.silence(conn, config, period, (platform, key), last_post))
        yield line


def _owner(reg: Registered) -> str:
    """Return whose account it is."""
    return reg.councillor.name if reg.councillor else "The Council"


def _disclaimer_status(config: Config, reg: Registered, read: bool, missing_since: datetime | None,
                       zone: ZoneInfo) -> str:
    """Return the disclaimer status of a registered account, in words."""
    if reg.role != "councillor":
        return "not needed (official account)"
    if not reg.ref.monitorable:
        return "not checked: no API can read this account"
    if not config.checks.for_rule("missing-disclaimer").enabled:
        return "not checked: the missing-disclaimer check is switched off"
    if missing_since is not None:
        return f"missing since {missing_since.astimezone(zone):%d %b %Y}"
    return "present" if read else "not checked yet: the account has not been read"


def _last_post(conn: Connection, platform: str, key: str, before: datetime, stored: datetime | None) -> datetime | None:
    """Return the newest post before a moment (the account row remembers it past post retention)."""
    found = weekly.last_post_before(conn, platform, key, before)
    candidates = [t for t in (found, stored) if t is not None and t < before]
    return max(candidates, default=None)


# --- pre-election ---------------------------------------------------------------------------------


def election_windows(config: Config, period: Period) -> list[Window]:
    """Return the elections whose period is running, coming, or ended during this week, by polling day."""
    out = []
    for election in sorted(config.elections, key=lambda e: e.polling_day):
        start, end = election.period(config.zone)
        if end >= period.start:
            out.append(Window(election, start, end, min(end, period.as_of)))
    return out


def _elections(windows: Sequence[Window], period: Period, items: Sequence[Item]) -> Iterable[ElectionStatus]:
    """Return each election's state and the pre-election findings of its period so far."""
    today = period.last_day
    for w in windows:
        state: Literal["active", "coming", "over"] = (
            "coming" if period.as_of < w.start else "active" if period.as_of <= w.end else "over")
        found = tuple(i for i in items if i.rule == "pre-election" and w.start <= i.first_seen < w.until)
        yield ElectionStatus(name=w.election.name, polling_day=w.election.polling_day, start=w.start, end=w.end,
                             state=state, days_to_poll=(w.election.polling_day - today).days, findings=found)


# --- coverage -------------------------------------------------------------------------------------


def _coverage(conn: Connection, config: Config, period: Period, accounts: Sequence[AccountLine]) -> Coverage:
    """Return what was not checked this week and why, and what reading cost."""
    disabled = tuple(p for p in PLATFORMS if not getattr(config.platforms, p).enabled
                     and any(a.platform == p for a in accounts))
    month_start = period.last_day.replace(day=1)
    sources, tokens = _sources(conn, period)
    return Coverage(
        unreadable=tuple(a for a in accounts if not a.monitorable),
        never_read=tuple(a for a in accounts if a.monitorable and not a.read and a.platform not in disabled),
        disabled_platforms=disabled,
        disabled_rules=tuple(c.rule for c in CHECKS if not config.checks.for_rule(c.rule).enabled),
        sources=sources,
        tokens=tokens,
        runs=_run_tallies(conn, period),
        failures=_run_failures(conn, period),
        gaps=tuple(_poll_gaps(conn, config, period, accounts, disabled)),
        skipped=_skipped(conn, period),
        spend_week=weekly.spend_between(conn, period.week.monday, period.last_day),
        spend_month=weekly.spend_between(conn, month_start, period.last_day),
        month_label=f"{month_start:%B %Y} to {period.last_day:%d %b}",
        budgets={p.name: getattr(config.platforms, p.name).monthly_budget_usd for p in PLATFORMS.values()
                 if p.billing == "paid"},
        gap_threshold=gap_threshold(config),
        requests_week=_free_requests(conn, period),
    )


def _free_requests(conn: Connection, period: Period) -> dict[str, int]:
    """Return the requests each free platform was sent this week: its polls' and re-checks' (jobs ending :NAME)."""
    by_job = weekly.run_requests(conn, period.start, period.as_of)
    return {p.name: sum(n for job, n in by_job.items() if job.endswith(f":{p.name}"))
            for p in PLATFORMS.values() if p.billing == "free"}


def gap_threshold(config: Config) -> timedelta:
    """Return how long without a successful poll counts as a gap in coverage."""
    return max(timedelta(hours=3), timedelta(minutes=4 * config.schedule.min_poll_minutes))


def _sources(conn: Connection, period: Period) -> tuple[tuple[SourceLine, ...], tuple[SourceLine, ...]]:
    """Return sources that were down at the moment or changed during the week; tokens apart."""
    lines = [SourceLine(row.source, row.state, row.since, clean_text(row.last_error or "", 300))
             for row in weekly.source_states(conn)
             if row.since <= period.as_of and (row.state != "up" or row.since >= period.start)]
    tokens = tuple(s for s in lines if "token" in s.source)
    return tuple(s for s in lines if "token" not in s.source), tokens


def _run_tallies(conn: Connection, period: Period) -> tuple[RunTally, ...]:
    """Return how many runs of each job ended ok, partial or failed this week."""
    counts = weekly.run_outcomes(conn, period.start, period.as_of)
    return tuple(RunTally(job, c.get("ok", 0), c.get("partial", 0), c.get("failed", 0))
                 for job, c in sorted(counts.items()))


def _run_failures(conn: Connection, period: Period) -> tuple[RunFailure, ...]:
    """Return the latest failed or partial runs of the week."""
    return tuple(RunFailure(row.job, row.started_at, row.status, clean_text(row.error or "", 300))
                 for row in weekly.failed_runs(conn, period.start, period.as_of, RUN_FAILURES_LISTED))


def _poll_gaps(conn: Connection, config: Config, period: Period, accounts: Sequence[AccountLine],
               disabled: Sequence[str]) -> Iterable[Gap]:
    """Return stretches of the week longer than the threshold with no successful poll of a platform."""
    threshold = gap_threshold(config)
    polled = sorted({a.platform for a in accounts if a.monitorable and a.platform not in disabled})
    for platform in polled:
        before, times = weekly.successful_runs(conn, f"poll:{platform}", period.start, period.as_of)
        marks = [before or period.start, *times, period.as_of]
        for since, until in itertools.pairwise(marks):
            if until - since > threshold:
                yield Gap(platform, since, until)


def _skipped(conn: Connection, period: Period) -> tuple[Skipped, ...]:
    """Return reads skipped this week to stay within the budget."""
    return tuple(Skipped(row.platform, row.kind, row.reads, row.usd)
                 for row in weekly.skipped_reads(conn, period.week.monday, period.last_day))

