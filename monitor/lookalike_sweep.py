"""The lookalike sweep: look up handles that imitate registered accounts, and check the ones that exist.

It runs on the platform whose adapter resolves handles in bulk (the registry's `lookalike_lookup`
feature: X, GET /2/users/by, 100 a request). Candidates come from monitor.lookalike.candidate_handles
for every handle registered on it, interleaved so each account's likeliest imitations come first: a
handle that does not exist returns nothing and costs nothing; one that exists costs a user read. At
most `lookalike_lookups_per_day` handles (that platform's settings) are looked up a day; when there
are more candidates than that, the sweep rotates through them day by day from a stored offset.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import Protocol

from monitor.checks import Context, History, by_rule
from monitor.config import Config
from monitor.engine import check_account
from monitor.platforms.base import Usage
from monitor.platforms.http import SourceError
from monitor.platforms.registry import with_feature
from monitor.records import Account, Finding, handle_key, valid_handle

log = logging.getLogger(__name__)

RULE = "impersonation"
OFFSET_CURSOR = "lookalike:offset"
# The platform the sweep looks handles up on; its cursors hold the sweep's offset.
SWEPT = with_feature("lookalike_lookup")[0]


class HandleLookup(Protocol):
    """What the sweep needs from the adapter of the swept platform."""

    def lookup_handles(self, handles: Iterable[str], usage: Usage | None = None,
                       now: datetime | None = None) -> list[Account]:
        """Return the accounts that exist among some handles."""


@dataclass
class SweepResult:
    """One sweep: the accounts found, their impersonation findings, what it cost, and where to go on from."""

    accounts: list[Account] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    errors: list[SourceError] = field(default_factory=list)
    looked_up: int = 0
    next_offset: int = 0


def registered_x_handles(config: Config) -> list[str]:
    """Return the handles registered on the swept platform, official accounts first."""
    refs = [r.ref for key, r in config.registry.items() if key[0] == SWEPT.name]
    refs.sort(key=lambda ref: config.role_of(SWEPT.name, ref.handle) != "official")
    return [ref.handle.lstrip("@") for ref in refs]


def candidates(config: Config, per_handle: int) -> list[str]:
    """Return lookalike handles of every registered handle, interleaved, without registered or allowed ones."""
    from monitor.lookalike import candidate_handles

    skip = {handle_key(h) for h in registered_x_handles(config)}
    skip |= {handle_key(h) for h in config.checks.impersonation.allow_handles}
    lists = [candidate_handles(handle, per_handle) for handle in registered_x_handles(config)]
    out: list[str] = []
    for row in zip_longest(*lists):
        for handle in row:
            if handle and handle_key(handle) not in skip and valid_handle(SWEPT.name, handle):
                skip.add(handle_key(handle))
                out.append(handle)
    return out


def lookups_per_day(config: Config) -> int:
    """Return how many handles the sweep may look up a day on the swept platform."""
    per_day: int = getattr(config.platforms, SWEPT.name).lookalike_lookups_per_day
    return per_day


def rotate(items: Sequence[str], offset: int, count: int) -> tuple[list[str], int]:
    """Return `count` items starting at `offset` (wrapping round) and the offset to start from next time."""
    if not items or count <= 0:
        return [], offset
    start = offset % len(items)
    count = min(count, len(items))
    window = [items[(start + i) % len(items)] for i in range(count)]
    return window, (start + count) % len(items)


def sweep_lookalikes(config: Config, source: HandleLookup, now: datetime, *, offset: int = 0, used_today: int = 0,
                     known: Sequence[Account] = ()) -> SweepResult:
    """Look up today's share of lookalike handles and run the impersonation rule on those that exist.

    `known` holds the registered accounts' profiles (from the store or this cycle) so that a copied
    bio or avatar can be recognised; `used_today` is how many lookups were already made today.
    """
    result = SweepResult(next_offset=offset)
    per_day = lookups_per_day(config)
    allowance = per_day - used_today
    if not config.checks.impersonation.enabled or allowance <= 0:
        return result
    pool = candidates(config, per_handle=per_day)
    window, result.next_offset = rotate(pool, offset, allowance)
    try:
        result.accounts = source.lookup_handles(window, usage=result.usage, now=now)
    except SourceError as error:
        result.errors.append(error)
        result.next_offset = offset  # nothing was read: try the same handles next time
        return result
    result.looked_up = len(window)
    ctx = Context(config=config, now=now, history=History(accounts=(*known, *result.accounts)))
    checks = [by_rule(RULE)]
    for account in result.accounts:
        result.findings += check_account(account, ctx, checks)
    log.info("lookalike sweep: %d handles looked up, %d exist, %d findings", len(window), len(result.accounts),
             len(result.findings))
    return result
