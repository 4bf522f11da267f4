"""The platform registry: everything the rest of the monitor may know about a platform, one entry each.

Code outside monitor/platforms/ and monitor/sandbox/ never spells a platform's name: it asks this
registry for the label people read, the handle syntax, the credential file, the adapter, the links,
where to report an impersonator, which health sources it has and how it bills. Adding a platform is
one entry here, its adapter and its sandbox. This module imports nothing of the project, so every
layer (records, config, checks, alerts, report) can use it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

# What an adapter may offer beyond fetching; declared here, never discovered with hasattr.
Feature = Literal[
    "lookalike_lookup",  # resolves many handles a request: the daily lookalike sweep runs through it
    "token_check",  # can say when its token expires: the daily token check runs it
    "account_tokens",  # an account may have a token file of its own: TOKEN_FILE.HANDLE (a councillor's Page)
    "recheck",  # re-reads posts and profiles with open findings by id: monitor/jobs/recheck.py
    "stream",  # new posts arrive on a live stream between polls: monitor/jobs/stream.py
]
Billing = Literal["paid", "free"]


@dataclass(frozen=True)
class HealthSource:
    """One thing the daemon watches for a platform and alerts about when it fails."""

    key: str  # the source_health row's name
    alert_name: str  # in alerts: "the Facebook Page token"
    report_name: str  # in the report's coverage section: "Facebook Page token"


@dataclass(frozen=True)
class Platform:
    """One platform: its names, handle syntax, credentials, adapter, links and duties."""

    name: str  # the id in the config, the store and the scan format: a contract
    label: str  # what people call it: "X", "Facebook"
    handle_pattern: re.Pattern[str]
    handle_rule: str  # the handle syntax in words, for error messages
    handle_max: int  # the longest handle the platform allows
    at_handles: bool  # handles are written and mentioned with a leading @
    token_file: str  # the credential file holding the adapter's token; "" when it reads without one
    source: str  # "module:Class" of the adapter, imported only when a poll needs it
    sandbox: str  # "module:Class" of its sandbox server
    account_url: Callable[[str], str]
    post_url: Callable[[str, str], str | None]  # (handle, post id) -> link, None when the id cannot make one
    own_post_url: re.Pattern[str]  # a stored post URL this platform really serves (safe to link)
    impersonation_form: str
    impersonation_steps: str  # what the Clerk does, in a sentence ending before "and warn residents"
    impersonation_button: str  # the profile's own menu item for reporting it
    account_noun: str  # what a lookalike is called there: "account", "Page or profile"
    official_noun: str  # what the Council's own presence is called: "account", "Page"
    billing: Billing
    features: frozenset[Feature] = frozenset()
    # Account kinds no API can read ("profile" on Facebook): registered, listed, never polled.
    unreadable_kinds: frozenset[str] = frozenset()
    unreadable_reason: str = ""  # why, in words: "no API can read a Facebook personal profile"
    unreadable_advice: str = ""  # what the Clerk can do instead
    # What people call it in a profile's words, lower case: "running the council's Twitter", "on bsky".
    spoken_names: frozenset[str] = frozenset()
    health: tuple[HealthSource, ...] = field(default_factory=tuple)
    # How often what has open findings is re-read (the "recheck" feature); a paid platform's budget plan may
    # stretch it.
    recheck_minutes: int = 60
    # False when the token file is read only if present (a Mastodon instance that lets anyone read needs none).
    token_required: bool = True

    def valid_handle(self, handle: str) -> bool:
        """Say whether a handle (without @) has this platform's shape."""
        return bool(self.handle_pattern.match(handle))

    def shown(self, handle: str) -> str:
        """Return a handle as people write it on this platform (@BrackleyTC, or a Page's plain name)."""
        handle = handle.lstrip("@")
        return f"@{handle}" if self.at_handles else handle

    def has(self, feature: Feature) -> bool:
        """Say whether the adapter offers an optional feature."""
        return feature in self.features

    def adapter_class(self) -> type[Any]:
        """Return the adapter class (importing its client library only now)."""
        return _load(self.source)

    def sandbox_class(self) -> type[Any]:
        """Return the sandbox server class."""
        return _load(self.sandbox)

    def health_source(self, key: str) -> HealthSource | None:
        """Return one of this platform's health sources by its key."""
        return next((h for h in self.health if h.key == key), None)


def _load(target: str) -> type[Any]:
    """Import "module:Class" and return the class."""
    module, _, name = target.partition(":")
    loaded: type[Any] = getattr(importlib.import_module(module), name)
    return loaded


def _x_post(handle: str, post_id: str) -> str | None:
    """Return an X post's link; an author whose handle is not X-shaped is written i/web, as X does."""
    if not post_id.isdigit():
        return None
    author = quote(handle) if _X_HANDLE.match(handle) else "i/web"
    return f"https://x.com/{author}/status/{post_id}"


def _facebook_post(handle: str, post_id: str) -> str | None:
    """Return a Facebook post's link from its id (PAGEID_POSTID): Facebook redirects it to the post."""
    return f"https://www.facebook.com/{post_id}" if re.match(r"^[0-9_]{1,64}$", post_id) else None


# X usernames: letters, digits and underscore, 1 to 15 characters, case-insensitive.
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
# Facebook vanity names may hold dots; a commenter may be known only by a numeric id.
_FACEBOOK_HANDLE = re.compile(r"^[A-Za-z0-9.]{1,50}$")

X = Platform(
    name="x", label="X", handle_pattern=_X_HANDLE, handle_rule="1-15 letters, digits or _", handle_max=15,
    at_handles=True,
    token_file="x-bearer-token", source="monitor.platforms.x:XSource", sandbox="monitor.sandbox.x:XSandbox",
    account_url=lambda handle: f"https://x.com/{quote(handle, safe='')}", post_url=_x_post,
    own_post_url=re.compile(r"^https://(www\.)?(x|twitter)\.com/[\w./?=&%-]+$"),
    # Where the Clerk reports an impersonator (checked 2026-11; platforms move these pages now and then).
    impersonation_form="https://help.x.com/en/forms/authenticity/impersonation",
    impersonation_steps="report it at https://help.x.com/forms/impersonation",
    impersonation_button="Report", account_noun="account", official_noun="account",
    billing="paid", features=frozenset({"lookalike_lookup", "recheck"}), recheck_minutes=60,
    health=(HealthSource("x", "X", "X API"),
            HealthSource("x-token", "the X bearer token", "X bearer token"),
            HealthSource("x-budget", "X (the monthly read budget)", "X read budget")),
    spoken_names=frozenset({"x", "twitter"}),
)

FACEBOOK = Platform(
    name="facebook", label="Facebook", handle_pattern=_FACEBOOK_HANDLE, handle_rule="letters, digits and dots",
    handle_max=50, at_handles=False, token_file="facebook-page-token",
    source="monitor.platforms.facebook:FacebookSource", sandbox="monitor.sandbox.facebook:GraphSandbox",
    account_url=lambda handle: f"https://www.facebook.com/{quote(handle, safe='')}", post_url=_facebook_post,
    own_post_url=re.compile(r"^https://(www\.|m\.)?facebook\.com/[\w./?=&%-]+$"),
    impersonation_form="https://www.facebook.com/help/174210519303259",
    impersonation_steps=("report it on Facebook (open it, choose ··· > Report > 'Pretending to be someone')"),
    impersonation_button="Find support or report", account_noun="Page or profile", official_noun="Page",
    unreadable_reason="no API can read a Facebook personal profile",
    unreadable_advice="Ask the councillor to check it themselves, or to use a Page.",
    billing="free", features=frozenset({"token_check", "account_tokens", "recheck"}), recheck_minutes=15,
    unreadable_kinds=frozenset({"profile"}),
    health=(HealthSource("facebook", "Facebook", "Facebook Graph API"),
            HealthSource("facebook-token", "the Facebook Page token", "Facebook Page token")),
    spoken_names=frozenset({"facebook", "fb"}),
)


def _bluesky_post(handle: str, post_id: str) -> str | None:
    """Return a Bluesky post's link from its at:// URI (at://DID/app.bsky.feed.post/RKEY)."""
    found = re.match(r"^at://(did:[a-z]+:[A-Za-z0-9._:%-]{1,200})/app\.bsky\.feed\.post/([A-Za-z0-9._~:-]{1,512})$",
                     post_id)
    return f"https://bsky.app/profile/{found[1]}/post/{found[2]}" if found else None


# Bluesky handles are domain names (atproto handle syntax): two or more dot-separated labels, at most 253 characters.
_BLUESKY_HANDLE = re.compile(r"^(?=.{3,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                             r"[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

BLUESKY = Platform(
    name="bluesky", label="Bluesky", handle_pattern=_BLUESKY_HANDLE,
    handle_rule="a domain name such as brackleytc.bsky.social or brackley-tc.gov.uk", handle_max=253,
    at_handles=True,
    # The public AppView reads without a login: no credential file.
    token_file="", source="monitor.platforms.bluesky:BlueskySource",
    sandbox="monitor.sandbox.bluesky:BlueskySandbox",
    account_url=lambda handle: f"https://bsky.app/profile/{quote(handle, safe='')}", post_url=_bluesky_post,
    own_post_url=re.compile(r"^https://bsky\.app/profile/[\w./:%-]+/post/[\w~.:-]+$"),
    impersonation_form="https://bsky.social/about/support/community-guidelines",
    impersonation_steps=("report it on Bluesky (open the profile, choose ··· > Report account > "
                         "'Misleading Account' > impersonation)"),
    impersonation_button="Report account", account_noun="account", official_noun="account",
    billing="free", features=frozenset({"recheck", "stream"}), recheck_minutes=60,
    health=(HealthSource("bluesky", "Bluesky", "Bluesky AppView"),),
    spoken_names=frozenset({"bluesky", "bsky"}),
)


def _mastodon_account(handle: str) -> str:
    """Return a Mastodon account's page on its own instance: https://INSTANCE/@USER."""
    user, _, instance = handle.lstrip("@").partition("@")
    return f"https://{instance}/@{quote(user, safe='')}"


def _mastodon_post(handle: str, post_id: str) -> str | None:
    """Return a status's page on the instance it was read from (post id INSTANCE/ID), as that instance shows it."""
    found = re.match(r"^([a-z0-9.-]{1,253})/([0-9]{1,30})$", post_id)
    user, _, home = handle.lstrip("@").partition("@")
    if not found or not user:
        return None
    # An instance shows another instance's account as @user@home, its own as @user.
    author = user if not home or home.casefold() == found[1] else f"{user}@{home}"
    return f"https://{found[1]}/@{quote(author, safe='@')}/{found[2]}"


# Mastodon accounts are user@instance: a username of letters, digits and _ (at most 30), then the instance's domain.
# The whole is held to 64 characters, what the store keeps of a handle.
_MASTODON_HANDLE = re.compile(r"^(?=.{5,64}$)[A-Za-z0-9_]{1,30}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                              r"[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

MASTODON = Platform(
    name="mastodon", label="Mastodon", handle_pattern=_MASTODON_HANDLE,
    handle_rule="user@instance, such as brackleytc@mastodon.social: the username, @, then the domain of its instance",
    handle_max=64, at_handles=True,
    # Public statuses read without a token on most instances; a token is read only if the file is there, and sent
    # only to the council's own instance.
    token_file="mastodon-access-token", token_required=False,
    source="monitor.platforms.mastodon:MastodonSource", sandbox="monitor.sandbox.mastodon:MastodonSandbox",
    account_url=_mastodon_account, post_url=_mastodon_post,
    own_post_url=re.compile(r"^https://[a-z0-9.-]+/@[\w.@-]+/[0-9]+$"),
    # Every instance moderates its own users: the report goes to the impersonator's instance's moderators.
    impersonation_form="https://docs.joinmastodon.org/user/moderating/#report",
    impersonation_steps=("report it to its instance's moderators (open the profile, choose ··· > Report > "
                         "'It violates server rules' or 'Something else', and say whom it impersonates)"),
    impersonation_button="Report", account_noun="account", official_noun="account",
    billing="free", features=frozenset({"recheck"}), recheck_minutes=60,
    health=(HealthSource("mastodon", "Mastodon", "Mastodon instances"),),
    spoken_names=frozenset({"mastodon"}),
)

# The registry, in the order people see platforms listed. Add; never rename a key (stored data uses it).
PLATFORMS: dict[str, Platform] = {p.name: p for p in (X, FACEBOOK, BLUESKY, MASTODON)}


def platform(name: str) -> Platform:
    """Return a registered platform; KeyError names the known ones."""
    try:
        return PLATFORMS[name]
    except KeyError:
        raise KeyError(f"unknown platform {name!r} (known: {', '.join(PLATFORMS)})") from None


def label(name: str) -> str:
    """Return what people call a platform, or the name itself when it is not registered."""
    found = PLATFORMS.get(name)
    return found.label if found else name


def health_source(key: str) -> tuple[Platform, HealthSource] | None:
    """Return the platform and health source a source_health key belongs to."""
    for entry in PLATFORMS.values():
        found = entry.health_source(key)
        if found:
            return entry, found
    return None


def with_feature(feature: Feature) -> tuple[Platform, ...]:
    """Return the platforms whose adapters offer a feature."""
    return tuple(p for p in PLATFORMS.values() if p.has(feature))
