"""impersonation: an account that is not registered looks like a registered one (clause 3.1)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from monitor.checks.base import Context, History, Hit
from monitor.checksettings import ImpersonationSettings
from monitor.config import Config
from monitor.lookalike import Identity, identities, score_lookalike
from monitor.records import Account, handle_key

# Identities per (config, history): built once per scanned batch, not once per account. The key
# objects are held with the value, so their ids cannot be reused while the entry lives.
_IDENTITIES: dict[tuple[int, int], tuple[Config, History, tuple[Identity, ...]]] = {}
_MAX_CACHED = 8
_LOCK = threading.Lock()


def protected(ctx: Context) -> tuple[Identity, ...]:
    """Return the registered identities, with the registered profiles the batch holds."""
    key = (id(ctx.config), id(ctx.history))
    with _LOCK:
        hit = _IDENTITIES.get(key)
        if hit and hit[0] is ctx.config and hit[1] is ctx.history:
            return hit[2]
    built = identities(ctx.config, ctx.history.accounts)
    with _LOCK:
        while len(_IDENTITIES) >= _MAX_CACHED:
            _IDENTITIES.pop(next(iter(_IDENTITIES)))
        _IDENTITIES[key] = (ctx.config, ctx.history, built)
    return built


def _settings(ctx: Context) -> ImpersonationSettings:
    """Return the impersonation settings (the defaults if a caller passes plain ones)."""
    found = ctx.settings("impersonation")
    return found if isinstance(found, ImpersonationSettings) else ImpersonationSettings()


def impersonation(account: Account, ctx: Context) -> Iterator[Hit]:
    """Report an unregistered account that looks like a registered one, once per account it imitates.

    Clause 3.1: "As identity theft, account takeover and impersonation are common on social media,
    potentially leading to damage to reputation of the individual or their organisation ... Where an
    impersonator account is detected these should be promptly reported to whichever social media
    platform's administrators."

    Only accounts the registry does not know (role "other") are candidates: a registered account is
    never an impersonator. Each is scored against every protected identity (the council with its
    official accounts, name and short names; each councillor with a registered account) by
    monitor.lookalike.score_lookalike: handle likeness after folding look-alike characters, display
    name likeness, a copied bio, a claim to be the council's own, and corroboration (fake tick, a new
    account, the logo as avatar). Near names of genuinely different bodies differ by a substituted
    letter or another org word (Buckley, Brockley, Bracknell, Brackley Town FC) and score low; so does a
    local namesake whose handle is only the councillor's initial and surname with digits ("jwhitfield_87",
    "Jess Whitfield", an account years old): that needs the first name, a "Cllr" claim, a copied bio or a
    new account besides; nor does someone else of the same name who says who they are (another title or a
    calling on an account that is not new, "Dr Priya Sharma, GP partner"; an office in a place of its own,
    "councillor for Headingley ward, Leeds City Council"; "not part of the council"; "not that Dave", "often
    mistaken for the councillor"), nor a body whose bio spells out initials it shares with the council as its own
    name ("Brackley TC", "Brackley Theatre Company"); "no links to any political party" is no denial of being
    the council;
    `allow_handles` never fire; `min_score` is the threshold. The evidence's subject is the
    registered account imitated, "<platform>:<handle>", so each imitation alerts once.
    """
    settings = _settings(ctx)
    if account.role != "other" or account.key in ctx.config.registry:
        return
    if handle_key(account.handle) in {handle_key(h) for h in settings.allow_handles}:
        return
    for identity in protected(ctx):
        score, reasons = score_lookalike(account, identity, now=ctx.now,
                                         new_account_days=settings.new_account_days)
        if score < settings.min_score or not reasons:
            continue
        target = identity.subject_for(account.platform)
        yield Hit(
            message=(f"@{account.handle} looks like {identity.owner}'s account @{target.handle} "
                     f"(score {score:.2f}): {reasons[0]}"),
            evidence={"subject": f"{target.platform}:{target.handle}", "owner": identity.owner,
                      "score": score, "reasons": reasons, "field": "profile",
                      "excerpt": (account.display_name or account.handle)[:80]},
        )
