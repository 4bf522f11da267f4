"""What every check is made of: its registration, what it returns, what it may read."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar

from monitor.checksettings import CheckSettings
from monitor.config import Config
from monitor.learned import verdict
from monitor.records import Account, Post, Severity, handle_key

AppliesTo = Literal["account", "post", "history"]
EXCERPT_CHARS = 80
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a check found; the runner turns it into a Finding with the check's rule and clause.

    Evidence keys by convention: "excerpt" (the text around the match), "field" (bio, display_name,
    text...), "span" ([start, end] in that field), "score" (0-1), "reasons" (list of short strings),
    and "subject" when one record can carry several distinct findings of a rule (e.g. the account
    being impersonated), so that each alerts once.
    """

    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    # History checks name their record; account and post checks leave these as None.
    platform: str | None = None
    handle: str | None = None
    post_id: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class History:
    """What the caller knows beyond a single record, from one scanned batch or from the store."""

    accounts: tuple[Account, ...] = ()
    posts: tuple[Post, ...] = ()
    # Latest post time per (platform, folded handle), when known beyond `posts` (the store knows more).
    last_post_at: dict[tuple[str, str], datetime] = field(default_factory=dict)

    @cached_property
    def posts_by_id(self) -> dict[tuple[str, str], Post]:
        """Return posts keyed by (platform, post id)."""
        return {(p.platform, p.id): p for p in self.posts}

    @cached_property
    def replies_to(self) -> dict[tuple[str, str], list[Post]]:
        """Return the replies to each post, keyed by (platform, post id replied to)."""
        out: dict[tuple[str, str], list[Post]] = {}
        for p in self.posts:
            if p.reply_to:
                out.setdefault((p.platform, p.reply_to), []).append(p)
        return out

    @cached_property
    def accounts_by_key(self) -> dict[tuple[str, str], Account]:
        """Return accounts keyed by (platform, folded handle); the last record of one wins."""
        return {a.key: a for a in self.accounts}

    def latest_post_at(self, platform: str, handle: str) -> datetime | None:
        """Return the newest post time known for an account."""
        key = (platform, handle_key(handle))
        times = [p.created_at for p in self.posts if p.author_key == key]
        if key in self.last_post_at:
            times.append(self.last_post_at[key])
        return max(times, default=None)


@dataclass(frozen=True)
class Context:
    """Everything a check may read besides the record: configuration, the time, the history."""

    config: Config
    now: datetime
    history: History = History()

    def settings(self, rule: str) -> CheckSettings:
        """Return one rule's settings."""
        return self.config.checks.for_rule(rule)


@dataclass(frozen=True)
class Check:
    """A registered check: a pure function plus the facts about it that people read."""

    rule: str
    clause: str
    severity: Severity
    applies_to: AppliesTo
    func: Callable[..., Iterable[Hit]]
    summary: str
    # What the Clerk should do next, in a sentence; alerts and reports print it.
    action: str
    # What its [checks.<rule>] table may hold (monitor/checksettings.py builds the config's tables from the same).
    settings: type[CheckSettings]

    @property
    def doc(self) -> str:
        """Return the check's docstring, which quotes the clause it enforces."""
        return (self.func.__doc__ or "").strip()



# A remark taken straight back as a joke ("only joking", "just kidding", "jk", "I'm kidding"): what it took back
# (a secret meeting, an address) was never meant; confidential and personal-data both read it.
JOKE_TAKEN_BACK = re.compile(r"\b(?:(?:only|just)\s+(?:joking|kidding|messing)|j/?k"
                             r"|(?:i['’]m|i\s+am)\s+(?:only\s+)?(?:joking|kidding))\b", re.IGNORECASE)

def excerpt(text: str, start: int, end: int, width: int = EXCERPT_CHARS) -> str:
    """Return the matched span with some context either side, marked with ellipses where cut."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - width // 2)
    hi = min(len(text), end + width // 2)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


_PER_CONFIG: dict[tuple[str, int], tuple[Config, Any]] = {}


def per_config(name: str, config: Config, build: Callable[[Config], T]) -> T:
    """Return build(config), computed once per configuration (configs are frozen, so identity is enough)."""
    cached = _PER_CONFIG.get((name, id(config)))
    if cached is not None and cached[0] is config:
        value: T = cached[1]
        return value
    value = build(config)
    if len(_PER_CONFIG) >= 64:
        _PER_CONFIG.clear()
    _PER_CONFIG[(name, id(config))] = (config, value)  # holding the config keeps its id from being reused
    return value


class TextMemo(Generic[T]):
    """A bounded memo of a pure function of one text: the least recently used result goes first.

    History rules read the same stored posts every cycle; a memo per rule keeps a hostile text from costing its
    matching time again each time. It is keyed by a digest of the text, not the text itself: an edited post
    is a new key, and a full memo holds digests and small results, not thousands of 20,000-character texts.
    """

    def __init__(self, func: Callable[[str], T], maxsize: int) -> None:
        """Remember up to maxsize results of func."""
        self.func, self.maxsize = func, maxsize
        self._results: OrderedDict[bytes, T] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> T:
        """Return func(text), computed once while it stays among the maxsize most recently used."""
        # surrogatepass: a lone surrogate (JSON can spell one) must not make the digest raise.
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        value = self.func(text)
        with self._lock:
            self._results[key] = value
            if len(self._results) > self.maxsize:
                self._results.popitem(last=False)
        return value

    def __len__(self) -> int:
        """Return how many results are held."""
        return len(self._results)

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._results.clear()


@dataclass(frozen=True)
class Terms:
    """A council's own trigger phrases and allowed (harmless) phrases for one check, compiled."""

    extra: re.Pattern[str] | None
    allow: re.Pattern[str] | None


def lower_gate(pattern: str) -> re.Pattern[str]:
    """Return a gate regex to search a casefolded text with: the pattern's literal letters lower-cased, no IGNORECASE.

    A case-insensitive search of a long alternation costs three times a case-sensitive one (4 against 12 us for a
    post here), and a gate only says whether the full pattern is worth running: casefold() folds at least every
    pair IGNORECASE matches ("ſ" to "s" too), so the gate may let a little more through, never less. Escapes (\\s,
    \\b, \\W) keep their case.
    """
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return re.compile("".join(out))


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """Return a case-insensitive regex of whole phrases (any spacing between words), or None for none."""
    cleaned = [p.strip() for p in phrases if p.strip()]
    if not cleaned:
        return None
    words = (r"\s+".join(map(re.escape, p.split())) for p in cleaned)
    # A look-ahead at the phrases' first letters rejects most positions at once: the re module tries every
    # alternative in turn, so a list of fifty phrases cost fifty tries at each character of a post.
    firsts = "".join(sorted({c for p in cleaned for c in (p[0].lower(), p[0].upper())}))
    return re.compile(r"\b(?=[" + re.escape(firsts) + r"])(?:" + "|".join(words) + r")\b", re.IGNORECASE)


def council_terms(rule: str, config: Config) -> Terms:
    """Return a check's extra_terms and allow_terms from the configuration, compiled once."""

    def build(config: Config) -> Terms:
        settings = config.checks.for_rule(rule)
        return Terms(phrase_pattern(list(getattr(settings, "extra_terms", []))),
                     phrase_pattern(list(getattr(settings, "allow_terms", []))))

    return per_config(f"terms:{rule}", config, build)


# The council's own account mostly publishes what it decided or announces what is on, in the words the model weighs
# for a breach ("Last night the Council voted 7-4 to ...", "Slides are online for anyone who couldn't make it"). On
# the seen held-out sets the learned findings on official posts were, at the rule's threshold (0.90) and at the bar
# here: confidential 19 right and 10 wrong, 18 and 3 at 0.97; offensive 22 and 18, 20 and 9 at 0.95. Councillors'
# posts keep the rule's threshold (confidential 157 right and 23 wrong, offensive 238 and 13).
OFFICIAL_LEARNED_MIN = {"confidential": 0.97, "offensive": 0.95}


def learned_hit(rule: str, text: str, ctx: Context, role: str | None = None) -> Iterator[Hit]:
    """Flag a post the patterns pass over when the learned layer (monitor/learned.py) scores it at its threshold."""
    if not getattr(ctx.settings(rule), "learned", False) or (found := verdict(rule, text)) is None:
        return
    evidence = found.evidence() | {"excerpt": excerpt(text, *found.span)}
    bar = OFFICIAL_LEARNED_MIN.get(rule) if role == "official" else None
    if bar is not None:
        if found.score < bar:
            return
        evidence |= {"threshold": bar, "reasons": [f"learned score {found.score:.2f} (fires at {bar:.2f} on an "
                                                   "official account)", *evidence.get("reasons", [])[1:]]}
    yield Hit(message=found.message, evidence=evidence)
