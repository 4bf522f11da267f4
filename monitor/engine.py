"""Run the registered checks over records and turn their hits into findings."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from monitor.checks import CHECKS, Check, Context, Hit
from monitor.records import Account, Finding, Post

log = logging.getLogger(__name__)


def enabled_checks(ctx: Context) -> list[Check]:
    """Return the checks the configuration leaves switched on."""
    return [c for c in CHECKS if ctx.settings(c.rule).enabled]


def _finding(check: Check, hit: Hit, ctx: Context, platform: str, handle: str, post_id: str | None) -> Finding:
    """Return the finding one hit of one check stands for."""
    severity = hit.severity or ctx.settings(check.rule).severity or check.severity
    return Finding(
        rule=check.rule,
        platform=hit.platform or platform,
        handle=hit.handle or handle,
        post_id=hit.post_id if hit.post_id is not None else post_id,
        severity=severity,
        clause=check.clause,
        message=hit.message,
        evidence=hit.evidence,
    )


def _safely(check: Check, hits: Iterable[Hit], where: str) -> list[Hit]:
    """Collect a check's hits; a bug in one check must not stop the others."""
    try:
        return list(hits)
    except Exception:
        log.exception("check %s failed on %s; the other checks carry on", check.rule, where)
        return []


def check_account(account: Account, ctx: Context, checks: Sequence[Check]) -> list[Finding]:
    """Return the account-level findings for one profile."""
    out: list[Finding] = []
    for check in checks:
        if check.applies_to == "account":
            for hit in _safely(check, check.func(account, ctx), f"{account.platform}:{account.handle}"):
                out.append(_finding(check, hit, ctx, account.platform, account.handle, None))
    return out


def check_post(post: Post, ctx: Context, checks: Sequence[Check]) -> list[Finding]:
    """Return the post-level findings for one post."""
    out: list[Finding] = []
    for check in checks:
        if check.applies_to == "post":
            for hit in _safely(check, check.func(post, ctx), f"{post.platform}:{post.id}"):
                out.append(_finding(check, hit, ctx, post.platform, post.handle, post.id))
    return out


def check_history(ctx: Context, checks: Sequence[Check]) -> list[Finding]:
    """Return the findings that need more than one record (silences, unanswered questions)."""
    out: list[Finding] = []
    for check in checks:
        if check.applies_to == "history":
            for hit in _safely(check, check.func(ctx), "history"):
                out.append(_finding(check, hit, ctx, hit.platform or "", hit.handle or "", hit.post_id))
    return out


def run_checks(accounts: Sequence[Account], posts: Sequence[Post], ctx: Context) -> list[Finding]:
    """Return every finding for a batch: accounts first, then posts, then history."""
    checks = enabled_checks(ctx)
    findings: list[Finding] = []
    for account in accounts:
        findings += check_account(account, ctx, checks)
    for post in posts:
        findings += check_post(post, ctx, checks)
    findings += check_history(ctx, checks)
    return findings
