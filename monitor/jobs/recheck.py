"""Re-checking what is open: the posts and profiles with open findings are read again, and what changed closes them.

Each platform whose adapter offers the "recheck" feature is looked at every `recheck_minutes` of its
registry entry (on the paid platform, as often as its budget plan allows: X bills an item once per UTC
day, so the plan counts these reads with the rest). For each finding due a second look:

- the post was deleted: fixed, reason "deleted", with the window it went in ("deleted between 10:14
  and 10:29 on Tue 24 Nov 2026, 3 h after the alert": last seen there .. first seen gone);
- the post is no longer shown (its author suspended or protected): fixed, reason "withheld";
- the account was suspended, or is gone (renamed away or deactivated), or is now under another handle:
  its account findings (a lookalike's impersonation) are fixed with that reason;
- otherwise the same checks run again on what is there now: a post edited so that its check no longer
  fires is fixed ("edited"), a profile that now carries the disclaimer is fixed ("disclaimer added"), as
  record_findings does for the poll; an edit that still fires (or fires worse) keeps the finding open,
  with the new text recorded in the audit trail and as new evidence beside the first.

Every change is an audit entry by "monitor". What was read is stored as the poll stores it (an edit
updates the stored post, a changed profile adds a profile version).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import cast

from sqlmodel import Session

from monitor.checks import Context
from monitor.engine import check_account, check_posts, enabled_checks
from monitor.jobs.budget import budget_plan
from monitor.jobs.cycle import queue_alerts
from monitor.jobs.host import Host
from monitor.platforms.base import Batch, Recheck, Recheckable, Source
from monitor.platforms.budget import BUDGETED, RECHECK_KINDS, Prices, spend_entries
from monitor.platforms.registry import platform as platform_entry
from monitor.platforms.streaming import Streaming
from monitor.records import Account, Finding, Post, handle_key
from monitor.store.archive import archive_posts, note_gone
from monitor.store.db import session_scope
from monitor.store.evidence import record_lookup
from monitor.store.findings import (
    MONITOR,
    RENAMED,
    SUSPENDED,
    add_audit,
    evaluated_scopes,
    fix_automatically,
    get_finding,
    record_findings,
)
from monitor.store.models import FindingRow
from monitor.store.recheck import Due, due_for_recheck, gone_window, mark_checked
from monitor.store.repo import load_history, save_batch
from monitor.store.runs import finish_run, record_spend, start_run

log = logging.getLogger("monitor.jobs")

RECHECK = "recheck"
# What an account's absence means for its findings, in the words closed_reason keeps.
ACCOUNT_GONE = {"suspended": SUSPENDED, "deactivated": "deactivated", "gone": "renamed or deactivated"}
POST_GONE = {"deleted": "deleted", "withheld": "withheld"}
EXCERPT = 280  # characters of an edited post's new text kept in the audit note


def recheck(daemon: Host, now: datetime) -> None:
    """Re-check each platform that can, when its findings are due a second look."""
    for name, source in daemon.sources.items():
        if platform_entry(name).has("recheck") and not daemon.waiting(f"poll:{name}", now):
            recheck_platform(daemon, name, source, now)


def recheck_platform(daemon: Host, name: str, source: Source, now: datetime) -> None:
    """Read again what one platform's open findings are about, and record what changed."""
    every = timedelta(minutes=platform_entry(name).recheck_minutes)
    with daemon.writing:
        if daemon.stopping.is_set():
            return
        with session_scope(daemon.engine) as session:
            if name == BUDGETED:
                plan = budget_plan(session, daemon.config, now)
                if plan.paused:
                    return
                every = plan.recheck_every
            if platform_entry(name).has("stream") and cast(Streaming, source).deletions_pending():
                every = timedelta(0)  # a post was deleted on the live stream: look at the open findings now
            due = due_for_recheck(session, name, now, every)
            session.expunge_all()
        if not due.rows:
            return
        seen = cast(Recheckable, source).recheck(due.posts, due.accounts, now)
        with session_scope(daemon.engine) as session:
            alerted = store_recheck(daemon, session, name, due, seen, now)
    if alerted:
        daemon.kick("outbox")


def store_recheck(daemon: Host, session: Session, name: str, due: Due, seen: Recheck, now: datetime) -> int:
    """Close what is gone, re-run the checks on what is there, and record the reads; return alerts queued."""
    config = daemon.config
    run_id = start_run(session, f"{RECHECK}:{name}", now)
    rows = [get_finding(session, r.id or 0) for r in due.rows]
    answered = [r for r in rows if not seen.errors or _answered(r, seen)]
    renamed = _renamed(due.accounts, seen.accounts)
    for row in answered:
        if row.post_id is not None and row.post_id in seen.gone_posts:
            reason = POST_GONE.get(seen.gone_posts[row.post_id], seen.gone_posts[row.post_id])
            fix_automatically(session, row, reason, gone_window(row, reason, now, config.zone), now)
        elif row.post_id is None and row.handle_key in seen.gone_accounts:
            reason = ACCOUNT_GONE.get(seen.gone_accounts[row.handle_key], seen.gone_accounts[row.handle_key])
            fix_automatically(session, row, reason, gone_window(row, reason, now, config.zone), now)
        elif row.post_id is None and row.handle_key in renamed:
            fix_automatically(session, row, RENAMED, f"now @{renamed[row.handle_key]} "
                                                     f"({gone_window(row, 'renamed', now, config.zone)})", now)
    asked = {handle_key(a.handle) for a in due.accounts}
    present = [a for a in seen.accounts if handle_key(a.handle) in asked]
    # An edit is stored as the poll stores one (so the next re-check compares with it), a changed profile
    # gets its version.
    save_batch(session, Batch(platform=name, accounts=present, posts=seen.posts), now)
    # The FOI archive keeps an official post's edit as a new version, and marks one seen gone.
    archive_posts(session, config, seen.posts, now)
    note_gone(session, name, seen.gone_posts, now)
    alerted = _judge_again(daemon, session, due, seen.posts, present, now)
    mark_checked(answered, now)
    for entry in spend_entries(name, now, seen.usage, Prices.of(config, name), kinds=RECHECK_KINDS):
        record_spend(session, entry.day, entry.platform, entry.kind, entry.count, entry.usd)
    status = "ok" if not seen.errors else "partial" if seen.posts or seen.accounts else "failed"
    finish_run(session, run_id, now, status, requests=seen.usage.requests, findings=alerted,
               error="; ".join(str(e) for e in seen.errors)[:2000] or None)
    for error in seen.errors:
        log.warning("re-check of %s: %s", name, error)
    log.info("re-checked %s: %d finding(s), %d request(s), %d gone, %d alert(s) queued", name, len(rows),
             seen.usage.requests, len(seen.gone_posts) + len(seen.gone_accounts), alerted)
    return alerted


def _answered(row: FindingRow, seen: Recheck) -> bool:
    """Say whether the platform answered for a finding's post or profile (a failed request answers nothing)."""
    if row.post_id is not None:
        return row.post_id in seen.gone_posts or any(p.id == row.post_id for p in seen.posts)
    return row.handle_key in seen.gone_accounts or any(handle_key(a.handle) == row.handle_key for a in seen.accounts)


def _renamed(asked: list[Account], read: list[Account]) -> dict[str, str]:
    """Return old handle key -> new handle for accounts read by id that now go by another handle."""
    by_id = {a.account_id: a for a in read if a.account_id}
    return {handle_key(a.handle): by_id[a.account_id].handle for a in asked
            if a.account_id in by_id and handle_key(by_id[a.account_id].handle) != handle_key(a.handle)}


def _judge_again(daemon: Host, session: Session, due: Due, posts: list[Post], accounts: list[Account],
                 now: datetime) -> int:
    """Run the post and account checks on what is there now and record the outcome as a poll would."""
    config = daemon.config
    history = load_history(session, now)
    ctx = Context(config=config, now=now, history=history)
    checks = [c for c in enabled_checks(ctx) if c.applies_to in ("post", "account")]
    findings: list[Finding] = []
    for account in accounts:
        findings += check_account(account, ctx, checks)
    for found in check_posts(posts, ctx, checks):
        findings += found
    before = {p.id: p.text for p in due.posts}
    _note_edits(session, due, posts, findings, before, now)
    scopes = evaluated_scopes(checks, accounts, posts)
    outcome = record_findings(session, findings, scopes, now, records=record_lookup(posts, accounts))
    by_id = {(p.platform, p.id): p for p in posts}
    return queue_alerts(session, config, outcome.to_alert, findings,
                        lambda platform, post_id: by_id.get((platform, post_id or "")), now)


def _note_edits(session: Session, due: Due, posts: list[Post], findings: list[Finding], before: dict[str, str],
                now: datetime) -> None:
    """Write the new text of an edited post that still breaches into its findings' audit trail."""
    still = {(f.rule, f.post_id) for f in findings}
    for post in posts:
        if post.id not in before or post.text == before[post.id]:
            continue
        for row in due.rows:
            if row.post_id == post.id and (row.rule, post.id) in still:
                text = " ".join(post.text.split())
                clipped = text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"
                add_audit(session, get_finding(session, row.id or 0), MONITOR, "edited",
                          f"edited, and {row.rule} still fires on the new text: {clipped}", now)
