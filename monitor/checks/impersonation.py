"""impersonation: an account that is not registered looks like a registered one (clause 3.1)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from monitor.checks.base import Context, History, Hit
from monitor.checksettings import ImpersonationSettings
from monitor.config import Config
from monitor.lookalike import Identity, identities, safe_text, score_lookalike
from monitor.records import Account, handle_key
from monitor.text import normalise

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


# Clause 3.1 names account takeover: an account that says it replaces a registered one because that one was hacked
# ("New account for Brackley Town Council: the old @BrackleyTC got hacked, follow us here instead") claims to be it,
# whatever its own handle and name look like. The owner must be named as the one hacked or as the new account's; a
# warning about such a claim ("beware", "scam", "fake") is no claim.
_TAKEN = (r"(?:(?:has|had|have|was|were|got|is|are|been|just|recently)\s+){1,3}"
          r"(?:hacked|compromised|hijacked|taken\s+over|cloned|stolen|locked)\b")
_ACCOUNT_WORD = r"(?:account|page|profile|feed|handle|x|twitter|facebook|fb|bluesky|bsky|one)"
_NEW = r"(?:new|replacement|backup|back-up|temporary|emergency|stand-in)"
_REPLACING = re.compile(rf"(?<!their\s)(?<!its\s)(?<!his\s)(?<!her\s)\b{_NEW}\s+(?:official\s+)?{_ACCOUNT_WORD}\b"
                        r"|\bfollow\s+(?:us|me)\s+(?:here|on\s+here|on\s+this\s+(?:account|page|profile)|instead)\b"
                        # "New home of the Town Council on here ... follow this one instead"
                        r"|\bfollow\s+this\s+(?:one|account|page|profile)\s+instead\b"
                        rf"|\b{_NEW}\s+home\s+(?:of|for)\b|\brestored\s+(?:official\s+)?(?:[\w-]+\s+)?{_ACCOUNT_WORD}\b"
                        r"|\bthis\s+is\s+(?:me|us)\s+now\b"
                        # "so we are posting from this one for now", "we're posting here until it's sorted"
                        r"|\b(?:we['’]re|we\s+are|we['’]ll\s+be|i['’]m|i\s+am)\s+(?:now\s+)?(?:posting|updating|running\s+things)"
                        r"\s+(?:from\s+|on\s+)?(?:here|this\s+(?:one|account|page|profile))\b"
                        r"|\b(?:we['’]ve|we\s+have|we['’]re|we\s+are"
                        r"|i['’]ve|i\s+have)\s+(?:now\s+)?moved\s+(?:here|to\s+this\b)|\bthis\s+is\s+(?:now\s+)?(?:our|my|the)\s+"
                        rf"(?:{_NEW}\s+)?(?:official\s+)?(?:account|page|profile|home)\s+now\b")
_WARNED = re.compile(r"\b(?:scam\w*|fake|beware|warning|careful|claiming|claims?\s+to\s+be|pretend\w*|impersonat\w*"
                     r"|phishing|don['’]?t\s+follow|do\s+not\s+follow|not\s+(?:been\s+)?hacked|wasn['’]?t\s+hacked"
                     r"|hasn['’]?t\s+been\s+hacked|report\s+(?:it|them|this|the)|parody|fan\s+(?:account|page))\b")


_EARLIER = r"(?:old|original|previous|usual|main|regular|normal|official|real|proper)"
_ASKED = re.compile(r"\s*(?:here\s*)?\?")
# The account hacked named only as the speaker's own: "the previous one was hijacked", "our usual profile is locked".
# "our old page BrackleyTownCouncil was taken over": the old account's handle may follow its noun
_OWN_TAKEN = re.compile(rf"\b(?:the|our)\s+(?:{_EARLIER}\s+)+{_ACCOUNT_WORD}(?:\s+@?[\w.-]+)?\s+{_TAKEN}")


@lru_cache(maxsize=64)
def _takeover_pattern(names: tuple[str, ...], council: bool) -> re.Pattern[str]:
    """Return the wording that makes an owner's account the one hacked, or this one its new account."""
    owner = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names if n.split())
    # "Temporary home of the town council": the council needs no place name where it is the one housed.
    housed = rf"{owner}|(?:town|parish)\s+council" if council else owner
    return re.compile(
        rf"(?:{owner})(?:['’]s)?(?:\s+{_EARLIER})*"
        rf"(?:\s+(?:on\s+)?{_ACCOUNT_WORD}){{0,2}}\s+{_TAKEN}"
        rf"|\b{_NEW}\s+(?:official\s+)?(?:{_ACCOUNT_WORD}|home)\s+(?:for|of|from)\s+(?:the\s+)?(?:{housed})\b"
        rf"|(?:{owner})(?:['’]s)?\s+{_NEW}\s+(?:official\s+)?{_ACCOUNT_WORD}\b")


_LOST = re.compile(rf"\blost\s+(?:access\s+to|control\s+of|the\s+password\s+(?:to|for))\s+(?:my|our|the)\s+"
                   rf"(?:{_EARLIER}\s+)*{_ACCOUNT_WORD}\b")


@lru_cache(maxsize=64)
def _owner_named(names: tuple[str, ...]) -> re.Pattern[str]:
    """Return the owner's names as one whole-word pattern."""
    # (?<!\w), not \b: a name may start with "@" ("(@cllrjwhitfield)")
    return re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names if n.split())
                      + r")(?!\w)")


def _takeover_claim(account: Account, identity: Identity) -> str | None:
    """Return the words in which an account says it replaces the owner's hacked one, if it does."""
    text = " ".join(normalise(safe_text(f"{account.display_name}\n{account.bio[:2000]}")).split())
    if _WARNED.search(text):
        return None
    names = (identity.owner, *identity.council_names, *(f"@{a.handle.lstrip('@')}" for a in identity.accounts))
    if identity.council_names:
        # "Brackley Council": the council's name as people shorten it, without "Town" or "Parish"
        names = (*names, *(re.sub(r"\s+(?:town|parish)\s+", " ", n, flags=re.IGNORECASE)
                           for n in identity.council_names))
    names = tuple(sorted({" ".join(normalise(n).split()) for n in names if n.strip()}, key=len, reverse=True))
    found = _takeover_pattern(names, bool(identity.council_names)).search(text)
    if not found:
        # "Brackley Council": "the previous one was hijacked": the owner is the name the account goes by, and the
        # hacked account its own; a volunteer's "my old account got compromised" is a person's.
        found = _OWN_TAKEN.search(text)
        # the owner named as the speaker: in the name, or opening the bio ("Brackley Town Council here 👋")
        speaker = " ".join(normalise(safe_text(account.display_name)).split())
        opening = " ".join(normalise(safe_text(account.bio[:60])).split())
        said = _owner_named(names).match(opening)
        if said is not None and _ASKED.match(opening, said.end()):
            said = None  # "Brackley Town Council here? No - we're a residents' page"
        if found and not _owner_named(names).search(speaker) and said is None:
            found = None
    if not found:
        # "lost access to my old account (@CllrJWhitfield) - hackers!! this is me now"
        found = _LOST.search(text)
        if found and not _owner_named(names).search(text):
            found = None
    if not found:
        return None
    # A takeover and a replacement both said: "the Council's new account is on Bluesky" alone is news, not a claim.
    return found.group() if (re.search(_TAKEN, text) or _LOST.search(text)) and _REPLACING.search(text) else None


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
    an account saying it replaces a registered one that was hacked ("new account for Brackley Town Council, the old
    @BrackleyTC got hacked, follow us here") fires whatever its name, unless it warns of such a claim;
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
            claim = _takeover_claim(account, identity)
            if claim is None:
                continue
            score, reasons = max(score, 1.0), [f"says it replaces {identity.owner}'s hacked account: '{claim[:80]}'",
                                                *reasons]
        target = identity.subject_for(account.platform)
        yield Hit(
            message=(f"@{account.handle} looks like {identity.owner}'s account @{target.handle} "
                     f"(score {score:.2f}): {reasons[0]}"),
            evidence={"subject": f"{target.platform}:{target.handle}", "owner": identity.owner,
                      "score": score, "reasons": reasons, "field": "profile",
                      "excerpt": (account.display_name or account.handle)[:80]},
        )
