"""One poll cycle over every platform: fetch what is new, run the checks, hand back findings and cursors.

No storage here: the daemon passes the cursors (and the history the store knows) in, and stores the
batches, then the cursors, then the findings it gets back. A platform that fails is reported in
PollResult.errors and costs the others nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from monitor.checks import Context, History, Hit
from monitor.config import Config, platforms_in
from monitor.credentials import read_secret
from monitor.engine import run_checks
from monitor.lookalike_sweep import OFFSET_CURSOR, SWEPT, HandleLookup, SweepResult, sweep_lookalikes
from monitor.platforms.avatars import TIMEOUT_S as AVATAR_TIMEOUT_S
from monitor.platforms.avatars import AvatarHasher
from monitor.platforms.base import Batch, Source, Usage
from monitor.platforms.http import SourceError
from monitor.platforms.registry import PLATFORMS
from monitor.records import Account, Finding

log = logging.getLogger(__name__)

SANDBOX_TOKEN = "sandbox-token-not-secret"


@dataclass
class PollResult:
    """What one cycle found and read."""

    findings: list[Finding] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    # Platform -> cursor name -> value: the caller's cursors with this cycle's advances, to save after storing.
    cursors: dict[str, dict[str, str]] = field(default_factory=dict)
    usage: dict[str, Usage] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)
    # Things about the monitor's own sight (a Page token about to expire), per batch.
    notices: list[Hit] = field(default_factory=list)
    sweep: SweepResult | None = None

    @property
    def failed_platforms(self) -> list[str]:
        """Return the platforms with an error that stopped or spoiled their read."""
        return sorted({e.platform for e in self.errors})


def fetch_safely(source: Source, cursors: dict[str, str], now: datetime, refresh_profiles: bool) -> Batch:
    """Fetch from one source; any failure becomes an error in an empty batch, never an exception."""
    try:
        return source.fetch(cursors, now, refresh_profiles)
    except SourceError as error:
        return Batch(platform=source.platform, errors=[error])
    except Exception as exc:  # an adapter bug must not stop the other platforms
        log.exception("the %s adapter failed", source.platform)
        return Batch(platform=source.platform,
                     errors=[SourceError(source.platform, "transient", f"adapter error: {type(exc).__name__}")])


def poll_once(config: Config, now: datetime, cursors: dict[str, dict[str, str]], sources: Sequence[Source], *,
              refresh_profiles: bool = True, history: History | None = None, lookalikes: bool = False,
              lookalike_lookups_used: int = 0) -> PollResult:
    """Fetch every source, run all checks on the new records with their history, and return the lot.

    `history` is what the caller already knows (stored posts and profiles, last post times); the new
    records are added to it, so history rules (unanswered, unattended) see both. With `lookalikes`,
    the X source also sweeps for lookalike handles (a daily job in the daemon).
    """
    result = PollResult(cursors={platform: dict(values) for platform, values in cursors.items()})
    for source in sources:
        batch = fetch_safely(source, cursors.get(source.platform, {}), now, refresh_profiles)
        result.batches.append(batch)
        result.cursors.setdefault(batch.platform, {}).update(batch.cursors)
        result.usage.setdefault(batch.platform, Usage()).add(batch.usage)
        result.errors += batch.errors
        result.notices += batch.notices
    past = history or History()
    for source, batch in zip(sources, result.batches, strict=True):
        # Before storing and checking, so the stored profile keeps the hash; the adapter's own config routes
        # the pictures to its sandbox when it has one.
        batch.accounts = hash_avatars(getattr(source, "config", config), batch.platform, batch.accounts,
                                      past.accounts)
    accounts = [a for b in result.batches for a in b.accounts]
    posts = [p for b in result.batches for p in b.posts]
    ctx = Context(config=config, now=now, history=History(accounts=(*past.accounts, *accounts),
                                                          posts=(*past.posts, *posts), last_post_at=past.last_post_at))
    result.findings = run_checks(accounts, posts, ctx)
    if lookalikes:
        _sweep(config, now, sources, result, [*past.accounts, *accounts], lookalike_lookups_used)
    return result


def hash_avatars(config: Config, platform: str, accounts: list[Account], known: Sequence[Account]) -> list[Account]:
    """Return the accounts with their pictures' hashes, fetched only for pictures not seen before."""
    if not any(a.avatar_url and not a.avatar_hash for a in accounts):
        return accounts
    settings = getattr(config.platforms, platform, None)
    hasher = AvatarHasher.routed(getattr(settings, "base_url", None),
                                 float(getattr(settings, "timeout_seconds", AVATAR_TIMEOUT_S)))
    return hasher.fill(accounts, known)


def _sweep(config: Config, now: datetime, sources: Sequence[Source], result: PollResult, known: list[Account],
           used: int) -> None:
    """Run the lookalike sweep through the swept platform's source, if it is polled, and fold its results in."""
    swept = next((s for s in sources if s.platform == SWEPT.name), None)
    if swept is None:
        return
    offset = int(result.cursors.get(SWEPT.name, {}).get(OFFSET_CURSOR, "0") or 0)
    sweep = sweep_lookalikes(config, cast(HandleLookup, swept), now, offset=offset, used_today=used, known=known)
    result.sweep = sweep
    # A lookalike replying to residents is already found by the poll itself: report it once.
    seen = {(f.rule, f.subject) for f in result.findings}
    result.findings += [f for f in sweep.findings if (f.rule, f.subject) not in seen]
    result.errors += sweep.errors
    result.usage.setdefault(SWEPT.name, Usage()).add(sweep.usage)
    result.cursors.setdefault(SWEPT.name, {})[OFFSET_CURSOR] = str(sweep.next_offset)


def with_sandbox(config: Config, sandbox_urls: dict[str, str]) -> Config:
    """Return the config with each platform's base_url pointed at a sandbox server."""
    updates: dict[str, Any] = {}
    for platform, url in sandbox_urls.items():
        settings = getattr(config.platforms, platform, None)
        if settings is not None:
            updates[platform] = settings.model_copy(update={"base_url": url})
    return config.model_copy(update={"platforms": config.platforms.model_copy(update=updates)})


def _source_class(platform: str) -> type | None:
    """Return a platform's adapter class, or None when its module is not installed yet."""
    try:
        cls: type = PLATFORMS[platform].adapter_class()
    except (ImportError, AttributeError):
        log.warning("no %s adapter is available; %s accounts are skipped", platform, platform)
        return None
    return cls


def build_sources(config: Config, sandbox_urls: dict[str, str] | None = None) -> list[Source]:
    """Return an adapter per enabled platform with registered accounts.

    Real APIs: each token is read from the credentials directory (MissingCredential if absent).
    Sandbox: base URLs point at the given servers and dummy tokens are used; no secret is read.
    """
    sandbox = sandbox_urls is not None
    if sandbox_urls:
        config = with_sandbox(config, sandbox_urls)
    sources: list[Source] = []
    for platform in platforms_in(config):
        if not getattr(config.platforms, platform).enabled:
            continue
        if sandbox_urls is not None and platform not in sandbox_urls:
            log.warning("the sandbox has no %s server; %s accounts are skipped", platform, platform)
            continue
        cls = _source_class(platform)
        if cls is None:
            continue
        token_file = PLATFORMS[platform].token_file
        required = PLATFORMS[platform].token_required
        token = (SANDBOX_TOKEN if sandbox or not token_file
                 else read_secret(config, token_file, required=required) or "")
        sources.append(cls(config, token))
    return sources
