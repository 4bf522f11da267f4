"""Run the registered checks over records and turn their hits into findings."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from monitor.checks import CHECKS, Check, Context, History, Hit
from monitor.config import Config
from monitor.records import Account, Finding, Post
from monitor.scanhistory import QUESTION_RULES, HistoryBuilder, Notices

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


def _check_failed(check: Check, exc: Exception) -> str:
    """Return how to report a check's unexpected error."""
    return (f"check {check.rule} failed ({type(exc).__name__}: {str(exc)[:200]}); "
            "the other checks ran; please report this")


def _safely(check: Check, hits: Iterable[Hit], where: str, errors: list[str] | None = None) -> list[Hit]:
    """Collect a check's hits; a bug in one check must not stop the others.

    The failure is logged, or, given an errors list, added to it for the caller to report (scan names the line).
    """
    try:
        return list(hits)
    except Exception as exc:
        if errors is None:
            log.exception("check %s failed on %s; the other checks carry on", check.rule, where)
        else:
            errors.append(_check_failed(check, exc))
        return []


def check_account(account: Account, ctx: Context, checks: Sequence[Check],
                  errors: list[str] | None = None) -> list[Finding]:
    """Return the account-level findings for one profile."""
    out: list[Finding] = []
    for check in checks:
        if check.applies_to == "account":
            for hit in _safely(check, check.func(account, ctx), f"{account.platform}:{account.handle}", errors):
                out.append(_finding(check, hit, ctx, account.platform, account.handle, None))
    return out


def check_post(post: Post, ctx: Context, checks: Sequence[Check], errors: list[str] | None = None) -> list[Finding]:
    """Return the post-level findings for one post."""
    return check_posts([post], ctx, checks, None if errors is None else [errors])[0]


def check_posts(posts: Sequence[Post], ctx: Context, checks: Sequence[Check],
                errors: Sequence[list[str]] | None = None) -> list[list[Finding]]:
    """Return each post's findings, as check_post would, running one check over all the posts at a time.

    One check after another over a batch keeps each check's patterns in the CPU's caches: on
    bench/bench_scan.py's records, batches of 256 took about 15 % less CPU than every check on one post
    after another.
    """
    out: list[list[Finding]] = [[] for _ in posts]
    for check in checks:
        if check.applies_to != "post":
            continue
        for index, post in enumerate(posts):
            sink = None if errors is None else errors[index]
            for hit in _safely(check, check.func(post, ctx), f"{post.platform}:{post.id}", sink):
                out[index].append(_finding(check, hit, ctx, post.platform, post.handle, post.id))
    return out


def history_findings(ctx: Context, checks: Sequence[Check], errors: list[str],
                     failed: set[str] | None = None) -> Iterator[Finding]:
    """Yield the history checks' findings one at a time, so that scan writes them without holding them all.

    A check that fails part-way has given the findings before its failure, which goes in errors (and its rule in
    failed, if given).
    """
    for check in checks:
        if check.applies_to != "history":
            continue
        hits = iter(check.func(ctx))
        while True:
            try:
                hit = next(hits)
            except StopIteration:
                break
            except Exception as exc:
                errors.append(_check_failed(check, exc))
                if failed is not None:
                    failed.add(check.rule)
                break
            yield _finding(check, hit, ctx, hit.platform or "", hit.handle or "", hit.post_id)


def check_history(ctx: Context, checks: Sequence[Check], errors: list[str] | None = None) -> list[Finding]:
    """Return the findings that need more than one record (silences, unanswered questions)."""
    out: list[Finding] = []
    for check in checks:
        if check.applies_to == "history":
            for hit in _safely(check, check.func(ctx), "history", errors):
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


@dataclass(slots=True)
class Outcome:
    """What checking one record gave: its findings, and the problems to report against its line."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def failure(exc: Exception) -> str:
    """Return how to report an unexpected error in one record."""
    return f"could not be checked ({type(exc).__name__}: {str(exc)[:200]}); please report this"


class StreamRun:
    """Check records a batch at a time as they are read, keeping only the history the history checks need.

    Account and post checks run on each batch at once; the history checks (silences, unanswered
    questions) run in finish() on the compact history. Without profiles read ahead, the impersonation
    check compares an account with the registered profiles read before it (and the registry's names and
    handles always), and a profile that alone makes an account official counts for the posts after it.
    Account checks see, besides the registered profiles, the posts official accounts may have left as a
    closed-day notice of when messages are read (scanhistory.Notices); without them read ahead, those read so far.
    """

    def __init__(self, config: Config, now: datetime, checks: Sequence[Check] | None = None,
                 profiles: Iterable[Account] = (), notices: Notices | None = None) -> None:
        """Start a run at an evaluation time, with the enabled checks unless given others.

        profiles are the batch's account records when they can be read ahead (a file, not a pipe): then
        every record is checked against the batch's registered profiles, wherever they stand in it. notices
        are the closed-day notices read ahead with them; without them, the run gathers them as it reads.
        """
        self._ctx = Context(config=config, now=now)
        self._checks = list(checks) if checks is not None else enabled_checks(self._ctx)
        self._history = HistoryBuilder(config, now)
        self._registered: dict[tuple[str, str], Account] = {}
        for account in profiles:
            self._history.expect(account)
            if account.key in config.registry:
                self._registered[account.key] = account
        self._read_ahead = set(self._registered)
        self._notices = notices if notices is not None else Notices(config, now)
        self._gather = notices is None
        self._seen()

    def _seen(self) -> None:
        """Give the checks what they may read of the batch so far, as a new History object.

        A new object: checks cache what they derive from one by its identity.
        """
        self._ctx = replace(self._ctx, history=History(accounts=tuple(self._registered.values()),
                                                       posts=self._notices.posts()))

    @property
    def config(self) -> Config:
        """Return the configuration the run checks against."""
        return self._ctx.config

    def check(self, records: Sequence[Account | Post]) -> list[Outcome]:
        """Return each record's outcome, in order, and keep what the history checks need of them.

        An exception in one record is that record's error; the others are still checked.
        """
        outcomes = [Outcome() for _ in records]
        posts: list[tuple[Post, Outcome]] = []
        for record, outcome in zip(records, outcomes, strict=True):
            try:
                if isinstance(record, Account):
                    outcome.findings = self._account(record, outcome.errors)
                else:
                    self._history.add_post(record)
                    if self._gather and self._notices.add(record):
                        self._seen()
                    posts.append((record, outcome))
            except Exception as exc:
                outcome.errors.append(failure(exc))
        try:
            found = check_posts([p for p, _ in posts], self._ctx, self._checks, [o.errors for _, o in posts])
        except Exception:
            found = [self._post_alone(post, outcome) for post, outcome in posts]  # to name the post at fault
        for (_, outcome), findings in zip(posts, found, strict=True):
            outcome.findings = findings
        return outcomes

    def _account(self, account: Account, errors: list[str]) -> list[Finding]:
        """Return one profile's findings, and keep what the history checks need of it."""
        key = account.key
        if key in self._ctx.config.registry and key not in self._read_ahead and self._registered.get(key) != account:
            self._registered[key] = account
            self._seen()
        if self._gather:
            self._notices.note_profile(account)
        self._history.add_account(account)
        return check_account(account, self._ctx, self._checks, errors)

    def _post_alone(self, post: Post, outcome: Outcome) -> list[Finding]:
        """Return one post's findings, or none and the error that stopped them."""
        outcome.errors.clear()  # what the failed batch noted for this post is noted again here
        try:
            return check_post(post, self._ctx, self._checks, outcome.errors)
        except Exception as exc:
            outcome.errors.append(failure(exc))
            return []

    def finish(self, errors: list[str]) -> Iterator[Finding]:
        """Yield the findings that need more than one record, from the history kept, as they are found.

        The history comes in parts (monitor/scanhistory.py says why): every history check reads the first, and the
        checks that read each question on its own read the rest, unless they failed on an earlier part.
        """
        checks, failed = self._checks, set[str]()
        for history in self._history.histories():
            yield from history_findings(replace(self._ctx, history=history), checks, errors, failed)
            checks = [c for c in self._checks if c.rule in QUESTION_RULES and c.rule not in failed]
