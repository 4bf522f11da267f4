"""Lookalike handles and names: fold them, generate them, and score them against registered identities.

The impersonation check and the X lookalike-discovery sweep share this module, so that what the sweep
looks up is what the check would report, and the other way round. The API:

* ``fold_handle(handle) -> set[str]``: the handle under each normalisation the scorer compares in.
* ``candidate_handles(handle, limit) -> list[str]``: X-valid lookalikes of a handle, most likely first.
  Families are taken in turn, so a small daily lookup budget still samples every family.
* ``identities(config, profiles=()) -> tuple[Identity, ...]``: who is protected: the council (its
  official accounts, name and short names) and every councillor with a registered account, enriched
  with those accounts' own profiles when the caller has them (display names, bios, avatar hashes).
* ``identity_of(account, names=())``: an ad hoc identity built from one account (tests, one-off checks).
* ``score_lookalike(candidate, protected, ...) -> Lookalike(score, reasons)``: how much an account
  looks like an identity, 0..1, with reasons a person can read.

How a score is made (DETECTION.md §1.3-1.6). Each signal is a probability-like strength; they are
combined as a noisy-or, ``1 - Π(1 - s)``, so two independent weak signals beat one:

* handle, compared with every *form* of the identity (its registered handles, its names squashed,
  the council's "place + org" abbreviations, "Cllr" + the councillor's name, abbreviations of
  Facebook names too long for X...) in four folds: plain (case, ``_`` and ``.`` gone); visual
  (I/l/1/|, 0/O, rn/m, vv/w and leet 5/3/4/7/8 folded, Cyrillic and Greek homoglyphs through the
  TR39 skeleton); and two looser glyph folds after dnstwist's ASCII homoglyphs (cl/d, lc/k, c/e,
  b/d, u/v, m/n/r), which merge ordinary spellings and so only count when the whole handle matches.
  Same after folding 0.95; known affixes peeled off (``_``, official, real, news, uk, the, team,
  info, digits...) 0.85; one insertion, omission, transposition or repetition 0.8; both 0.7; a
  title swapped for another affix 0.8; two such edits 0.45; containing a form 0.45.
  A *substitution* of one ordinary letter for another scores only 0.25: that is how real neighbours
  differ (Brockley/Brackley, BrackleyFC/BrackleyTC), and the policy's families do not include it.
  Measured on dnstwist's fuzzers for the example's six X handles: addition, insertion, omission,
  repetition, transposition, hyphenation, plural, dictionary 100 %; homoglyph 98 %; bitsquatting,
  replacement and vowel-swap about 5 % by design.
* display name after invisibles, NFKC, the TR39 skeleton and titles ("Cllr") are removed: the
  council's name 0.95, with official-sounding words 0.8, with other words 0.55; a councillor's name
  0.9 with a title (in the name or the handle) or when spelt with Cyrillic or Greek look-alike letters mixed
  into Latin ones, and 0.57 without; the councillor's initial and surname ("Cllr T. Okafor") count as the name.
  A different first name that merely shares the initial ("Jo Whitfield" for "J Whitfield") is no match.
* a handle that rests only on a councillor's bare name (initial and surname, "jwhitfield_87": the registered
  @CllrJWhitfield without its title, or the name plus digits) is weighed as the bare name, 0.6 of its
  strength, so it needs one more sign (the first name, a title, a copied bio, a new account) to reach 0.6.
  Digits at either end of a handle are a number (a year), not leet: "_87" never reads as "bt".
* a bio copied from a registered profile 0.55; a bio claiming to be the council's official account 0.6.
* corroboration, counted only once the above reach 0.45: a fake verification tick in the name,
  a recently created account, an avatar matching the logo or a registered avatar, the council's
  email domain.
* a namesake: when only a councillor's bare name links the account and nothing on the profile
  mentions the place or the office, the score is multiplied by 0.6 ("David Hughes, plumber in Leeds").
* someone else of the same name who says who they are, the same 0.6: no council office claimed and, on an account
  that is not new, another title or a calling ("Dr Priya Sharma, GP partner"); or an office claimed in a place
  named on the profile that is not the council's ("Cllr David Hughes, councillor for Headingley ward, Leeds").
* an account labelled parody, fan, unofficial, "not affiliated" or "not part of the council" has its score halved.
* an account whose only link is an edited handle (not the same handle folded) and whose display name names a
  different body (a club, FC, school, church, society, surgery, business) has that likeness halved:
  @BrackleyTCC "Brackley Town Cricket Club" is the cricket club, not the council.

Forms are folded and indexed once per identity (FormIndex): scoring an account against the example's
six identities takes about 0.2 ms on the 2-core machine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from itertools import product, zip_longest
from typing import TYPE_CHECKING, NamedTuple

from nicknames import NickNamer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from monitor.platforms.registry import label, with_feature
from monitor.records import Account, Role, handle_key
from monitor.text import clip, normalise, skeleton

if TYPE_CHECKING:
    from monitor.config import Config, Councillor

# Lookalike handles are generated in the shape of the platform the sweep looks them up on (the one whose
# adapter resolves handles in bulk); registered handles longer than its limit are abbreviated first.
SWEPT = with_feature("lookalike_lookup")[0]
SWEPT_MAX_CHARS = SWEPT.handle_max
# folds() returns this many normalisations; the first two (plain, visual) also count near misses.
FOLDS, NEAR_FOLDS = 4, 2
# Lone surrogates cannot cross into ICU; a record may still carry one.
_SURROGATE = re.compile("[\ud800-\udfff]")
# ASCII look-alikes TR39 leaves alone once case is gone (handles are case-insensitive) and leet.
_ASCII_LOOKALIKES = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "0": "o", "5": "s", "$": "s",
                                   "3": "e", "4": "a", "@": "a", "7": "t", "8": "b"})
# dnstwist's single-letter ASCII homoglyphs (b/d, c/e, g/q, u/v, m/n/r), for the equality-only folds.
_NUMBER_ENDS = re.compile(r"(\d{2,})?(.*?)(\d{2,})?", re.DOTALL)
_LOOSE_GLYPHS = str.maketrans({"d": "b", "e": "c", "q": "g", "v": "u", "n": "m", "r": "m"})
# Handle affixes that add nothing but an air of authority (dnstwist "dictionary", DETECTION §1.1).
AFFIXES = ("official", "offical", "offic", "offcl", "offl", "off", "real", "the", "news", "uk", "team", "info",
           "updates", "update", "hq", "gov", "govuk", "online", "page", "account", "live", "media", "press",
           "admin", "x", "og", "latest", "iam", "its", "cllr", "councillor", "com", "couk", "org", "net", "web")
_TITLE_RUN = re.compile(r"^(?:cllr|councillor)+$")
_AFFIX_RUN = re.compile("^(?:" + "|".join(sorted(AFFIXES, key=len, reverse=True)) + r"|\d{1,4})+$")


def fold_word(word: str) -> str:
    """Return a lower-case ASCII word in the visual fold, to compare with folded display-name words."""
    return word.translate(_ASCII_LOOKALIKES).replace("rn", "m").replace("vv", "w")


# Words that make a display name read like the body's own account rather than something else.
OFFICIAL_WORDS = frozenset(fold_word(w) for w in (
    "official", "the", "news", "updates", "update", "info", "uk", "team", "account", "page", "hq", "online",
    "verified", "gov", "govuk", "live", "latest", "x"))
TITLES = frozenset(fold_word(w) for w in ("cllr", "councillor", "councilor", "clr", "councillors"))
# Org words of a council's name and the abbreviations people write for them in handles.
ORG_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "town": ("town", "twn", "t"), "council": ("council", "cncl", "cl", "c"), "parish": ("parish", "p"),
    "city": ("city", "c"), "borough": ("borough", "boro", "b"), "district": ("district", "dc", "d"),
    "county": ("county", "cc", "c"), "community": ("community", "comm", "c"), "village": ("village", "v"),
}
TICKS = ("\u2705", "\u2611", "\u2714", "\u2713", "\U0001f535", "\u2b50")
# A denial about a political party or campaign ("no links to any political party") says the account is
# neutral, not that it is someone other than the council: it lowers nothing, unless the council is denied with it.
_PARTY = (r"(?! (?:(?:to|with|by|of|from) )?(?:(?:any|a|the|one|either|all)\s+)?(?:political\s+)?"
          r"(?:part(?:y|ies)|politics|campaigns?|candidates?|political\s+groups?)\b(?![^.\n]{0,40}\bcouncil\b))")
_UNOFFICIAL = re.compile(r"\b(?:parody|satire|satirical|spoof|fan ?(?:page|account|club|site)|fans|unofficial"
                         rf"|not (?:the )?official|not affiliated{_PARTY}|no affiliation{_PARTY}|not endorsed{_PARTY}"
                         r"|commentary|watchdog|not (?:the )?real"
                         # a body that says it is someone else: "Not part of the council", "independent of the
                         # Town Council", "nothing to do with Brackley Town Council"
                         rf"|not (?:a )?part of{_PARTY}"
                         rf"|not (?:connected|linked|associated|related|affiliated) (?:to|with){_PARTY}"
                         rf"|nothing to do with{_PARTY}|no (?:connection|link|links|relation) (?:to|with){_PARTY}"
                         rf"|independent of{_PARTY}"
                         rf"|not (?:run|operated|managed|endorsed) by{_PARTY}|separate from{_PARTY}"
                         r"|not (?:the|a|your|our) (?:town |parish )?council(?![’'s]))\b")

# A different body named in the profile: a club, a school, a church, a society, a surgery or a business.
_OTHER_BODY = re.compile(
    r"\b(?:club|fc|afc|cc|rfc|cricket|football|rugby|hockey|tennis|bowls|golf|netball|athletics|harriers|"
    r"runners|swimming|cycling|school|academy|college|nursery|pre-?school|church|chapel|parish church|society|"
    r"association|assoc|scouts?|guides|brownies|cubs|beavers|wi|women's institute|surgery|medical|pharmacy|"
    r"chemist|ltd|limited|plc|llp|cafe|caf\u00e9|bakery|butchers?|pub|inn|hotel|salon|garage|motors|estate agents?|"
    r"solicitors|vets?|veterinary|dental|dentists?|choir|band|orchestra|theatre|players|u3a|rotary|lions|"
    r"round table|chamber of (?:trade|commerce)|brewery|florist|builders|plumbing|electrical|taxis?)\b"
)

# Strengths (see the module docstring). Named so the reasons and the tests can talk about them.
SAME, AFFIXED, ONE_EDIT, AFFIXED_EDIT, TWO_EDITS, SUBSTITUTION = 0.95, 0.85, 0.8, 0.7, 0.45, 0.25
TRUNCATED, CONTAINS, DROPS_AFFIX, AFFIX_SWAP = 0.8, 0.45, 0.4, 0.8
NAME_SAME, NAME_OFFICIAL, NAME_OTHER_WORDS, NAME_ONE_EDIT, NAME_TWO_EDITS, NAME_SUBSTITUTION = (
    0.95, 0.8, 0.55, 0.75, 0.25, 0.2)
COPIED_BIO, OFFICIAL_CLAIM = 0.55, 0.6
FAKE_TICK, NEW_ACCOUNT, AVATAR, COUNCIL_EMAIL = 0.3, 0.25, 0.5, 0.3
CORROBORATE_FROM = 0.45
UNOFFICIAL_FACTOR = 0.5
OTHER_BODY_FACTOR = 0.5
NAMESAKE_FACTOR = 0.6
# Form weights: how strongly a form stands for the identity.
REGISTERED, NAME, DERIVED, BARE_PERSON = 1.0, 1.0, 0.95, 0.6
# pHash-64 at <= 8 bits differing (DETECTION §1.5); scaled for longer hashes.
AVATAR_BITS_PER_64 = 8


class Form(NamedTuple):
    """One string that stands for an identity, with how strongly, where it came from, and its folds."""

    text: str
    weight: float
    origin: str
    folds: tuple[str, ...]
    # The folds of the form with its own affixes peeled off (DaveHughesCllr -> davehughes), if any.
    core: tuple[str, ...] | None = None


class Signal(NamedTuple):
    """One reason to think an account imitates an identity: how strong, in words, and if only a bare name."""

    strength: float
    reason: str
    bare: bool = False


class Lookalike(NamedTuple):
    """A score from 0 to 1 and the reasons for it, strongest first."""

    score: float
    reasons: list[str]


@dataclass(frozen=True)
class FormIndex:
    """Handle forms by fold: exact lookups in dicts, near ones through rapidfuzz over the fold strings."""

    exact: tuple[dict[str, list[Form]], ...]
    cores: tuple[dict[str, list[Form]], ...]
    strings: tuple[list[str], ...]

    @classmethod
    def of(cls, forms: Iterable[Form]) -> FormIndex:
        """Return the index of some forms."""
        exact: list[dict[str, list[Form]]] = [{} for _ in range(FOLDS)]
        cores: list[dict[str, list[Form]]] = [{} for _ in range(FOLDS)]
        for form in forms:
            for k, fold in enumerate(form.folds):
                exact[k].setdefault(fold, []).append(form)
            for k, fold in enumerate(form.core or ()):
                cores[k].setdefault(fold, []).append(form)
        return cls(tuple(exact), tuple(cores), tuple(list(e) for e in exact))


@dataclass(frozen=True)
class Identity:
    """One protected owner (the council, or one councillor) and everything that names it."""

    owner: str
    role: Role
    accounts: tuple[Account, ...]
    handle_forms: tuple[Form, ...]
    name_forms: tuple[Form, ...]
    # (origin, normalised bio) of registered profiles, for copied bios.
    bios: tuple[tuple[str, str], ...] = ()
    # (origin, hex pHash) of the council's logos and registered avatars.
    avatars: tuple[tuple[str, str], ...] = ()
    # The council's names, for "official account of ..." wording; empty for councillors.
    council_names: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    # Words that may stand beside the name without making it another body's (the council's name words).
    context: frozenset[str] = frozenset()
    # Words that tie a profile to the area or the office (the place, "cllr", "council"), against namesakes.
    locale: frozenset[str] = frozenset()

    @cached_property
    def index(self) -> FormIndex:
        """Return the handle forms indexed by their folds, built on first use."""
        return FormIndex.of(self.handle_forms)

    def subject_for(self, platform: str) -> Account:
        """Return the registered account a finding names: the one on the same platform, else the first."""
        same = [a for a in self.accounts if a.platform == platform]
        return (same or list(self.accounts))[0]


# Entries each fold and distance cache keeps. One account's handle is folded, split and compared once for each
# identity (the council's and every councillor's), which a few hundred entries serve; more would only hold passing
# strangers, and the caches filling up over a long scan made its memory grow with the input (4,096 entries each:
# about 3.5 MB more at 1M records than at 10k).
FOLD_CACHE = 1_024

# ---------------------------------------------------------------------------------------------- folding


def safe_text(text: str) -> str:
    """Return text without lone surrogates, which ICU refuses."""
    return _SURROGATE.sub("\ufffd", text)


@lru_cache(maxsize=FOLD_CACHE)
def _plain(text: str) -> str:
    """Return the letters and digits of a text, NFKC and case folded."""
    return "".join(ch for ch in normalise(safe_text(text)) if ch.isalnum())


@lru_cache(maxsize=FOLD_CACHE)
def _visual(text: str) -> str:
    """Return the TR39 skeleton's letters and digits with ASCII look-alikes folded (I/l/1, 0/O, rn/m, vv/w)."""
    squashed = "".join(ch for ch in skeleton(safe_text(text)) if ch.isalnum())
    # A run of digits at either end is a number (a birth year, "_87"), not leet: "jwhitfield_87" must not
    # read as "jwhitfieldbt", one letter from "JWhitfieldBTC". Leet swaps single letters inside a word.
    ends = _NUMBER_ENDS.fullmatch(squashed)
    if ends is None:
        return squashed.translate(_ASCII_LOOKALIKES).replace("rn", "m").replace("vv", "w")
    head, body, tail = ends.group(1) or "", ends.group(2), ends.group(3) or ""
    return head + body.translate(_ASCII_LOOKALIKES).replace("rn", "m").replace("vv", "w") + tail


@lru_cache(maxsize=FOLD_CACHE)
def folds(text: str) -> tuple[str, ...]:
    """Return (plain, visual, and two looser glyph folds) of a handle or name."""
    visual = _visual(text)
    return (_plain(text), visual, _glyphs(visual, "cl"), _glyphs(visual, "lc"))


def _glyphs(visual: str, first: str) -> str:
    """Return a visual fold with dnstwist's looser ASCII glyphs merged (cl/d, lc/k, c/e, b/d, u/v, m/n/r...).

    These merge ordinary spellings too, so the folds they make are only ever compared for equality;
    `first` says which of the overlapping pairs "cl" and "lc" is read first.
    """
    # Letters first (d is b, n and r are m...), then the pairs that draw one letter, in the merged alphabet.
    loose = visual.translate(_LOOSE_GLYPHS)
    pairs = (("cl", "b"), ("lc", "k")) if first == "cl" else (("lc", "k"), ("cl", "b"))
    for old, new in (*pairs, ("lb", "b"), ("bl", "b"), ("lh", "h"), ("mm", "m")):
        loose = loose.replace(old, new)
    return loose


def fold_handle(handle: str) -> set[str]:
    """Return the handle under each normalisation the scorer compares in (empty ones left out)."""
    return {f for f in folds(handle.lstrip("@")) if f}


def name_tokens(text: str) -> list[str]:
    """Return the words of a display name in the visual fold (invisibles, fonts and homoglyphs folded)."""
    return [fold_word(w) for w in re.findall(r"[^\W_]+", skeleton(safe_text(clip(text)[:500])))]


# ---------------------------------------------------------------------------------------------- distances


@lru_cache(maxsize=FOLD_CACHE)
def edit_cost(a: str, b: str) -> int:
    """Return the edit cost from a to b: insert, delete or swap neighbours 1, substitute 2; 3 means more."""
    if abs(len(a) - len(b)) > 2 or OSA.distance(a, b, score_cutoff=2) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            sub = 0 if a[i - 1] == b[j - 1] else 2
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + sub)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return min(prev[len(b)], 3)


def _describe_edit(c: str, p: str) -> str:
    """Return what one edit from p to c was, in words."""
    if len(c) == len(p) + 1:
        extra = next((i for i, (x, y) in enumerate(zip_longest(c, p)) if x != y), len(p))
        doubled = extra > 0 and c[extra] == c[extra - 1]
        return "doubles a letter" if doubled else "adds a character"
    if len(c) + 1 == len(p):
        return "leaves out a character"
    return "swaps two neighbouring characters"


def edit_relation(c: str, p: str, min_len: int = 6) -> tuple[float, str] | None:
    """Return (strength, what differs) when c is one or two typing slips from p."""
    if len(p) < min_len:
        return None
    cost = edit_cost(c, p)
    if cost == 1:
        return ONE_EDIT, _describe_edit(c, p)
    if cost == 2 and Levenshtein.distance(c, p) == 1:
        return SUBSTITUTION, "changes one letter"
    if cost == 2 and len(p) >= 12:
        return TWO_EDITS, "is two typing slips away"
    return None


def is_affixes(text: str) -> bool:
    """Say whether a string is nothing but known affixes and short digit runs."""
    return bool(_AFFIX_RUN.match(text))


@lru_cache(maxsize=FOLD_CACHE // 4)  # a handle's splits are many strings, and asked for once an identity
def _affix_splits(plain: str) -> tuple[tuple[str, str, str], ...]:
    """Return (prefix, core, suffix) for every way of peeling known affixes off a handle, unpeeled first."""
    starts = [0] + [i for i in range(1, len(plain)) if is_affixes(plain[:i])]
    ends = [len(plain)] + [j for j in range(len(plain) - 1, 0, -1) if is_affixes(plain[j:])]
    return tuple((plain[:i], plain[i:j], plain[j:]) for i in starts for j in ends if j - i >= 4)


# ---------------------------------------------------------------------------------------------- handles


def _affix_words(pre: str, suf: str) -> str:
    """Return the affixes peeled off, quoted for a reason."""
    return " and ".join(f"'{a}'" for a in (pre, suf) if a)


def _exact_reason(handle: str, form: Form, k: int) -> str:
    """Return why a handle equal to a form under fold k looks like it."""
    if handle_key(handle) == form.text.casefold():
        return f"handle @{handle} is the same as {form.origin}"
    if k == 0:
        return f"handle @{handle} is {form.origin} with underscores, dots or case changed"
    return f"handle @{handle} reads as {form.origin} once look-alike characters are folded (I/l/1, 0/O, rn/m)"


def _edit_strength(edit: tuple[float, str], affixed: bool) -> float:
    """Return an edit's strength, lowered when affixes were peeled off too."""
    if not affixed:
        return edit[0]
    return AFFIXED_EDIT if edit[0] == ONE_EDIT else 0.2


class Relation(NamedTuple):
    """How a handle relates to one form; `loose` when it rests on the form minus its affix (a bare name)."""

    strength: float
    reason: str
    loose: bool = False


def _split_relations(handle: str, split: tuple[str, str, str], index: FormIndex) -> Iterator[tuple[Form, Relation]]:
    """Yield every form one affix-peeled core of a handle relates to, and how."""
    pre, core, suf = split
    affixed = bool(pre or suf)
    adds = f" plus {_affix_words(pre, suf)}" if affixed else ""
    for k, c in enumerate(folds(core)):
        for form in index.exact[k].get(c, ()):
            if len(c) >= 4:
                yield form, (Relation(AFFIXED, f"handle @{handle} is {form.origin}{adds}") if affixed else
                             Relation(SAME, _exact_reason(handle, form, k)))
        if k < NEAR_FOLDS and c:
            # Only the plain and visual folds count near misses: the glyph folds merge ordinary spellings.
            for p, _, _ in process.extract(c, index.strings[k], scorer=OSA.distance, score_cutoff=2, limit=None):
                edit = edit_relation(c, p) if p != c else None
                if edit is None:
                    continue
                strength = _edit_strength(edit, affixed)
                for form in index.exact[k][p]:
                    yield form, Relation(strength, f"handle @{handle} {edit[1]} in {form.origin}{adds}")
        for form in index.cores[k].get(c, ()) if affixed else ():
            # A title for an affix ("CllrDaveHughes" for "DaveHughesCllr") claims the office; "1975" does not.
            yield form, Relation(AFFIX_SWAP, f"handle @{handle} is {form.origin} with {_affix_words(pre, suf)} "
                                 "for its affix", loose=not _TITLE_RUN.match(pre + suf))


def _shape_relation(handle: str, form: Form) -> Relation | None:
    """Return containment, truncation or a dropped affix between a handle and a form."""
    c, p = folds(handle)[1], form.folds[1]
    if len(p) >= 6 and p in c and c != p:
        extra = len(c) - len(p)
        return Relation(CONTAINS if extra <= 6 else 0.3, f"handle @{handle} contains {form.origin}", loose=True)
    if len(p) > SWEPT_MAX_CHARS and len(c) >= SWEPT_MAX_CHARS - 1 and p.startswith(c):
        return Relation(TRUNCATED,
                        f"handle @{handle} is {form.origin} cut to fit {SWEPT.label}'s {SWEPT_MAX_CHARS} characters")
    dropped = (p.startswith(c) or p.endswith(c)) and len(p) - len(c) <= 4
    if len(c) >= 6 and c != p and (dropped or (form.core and c == form.core[1])):
        return Relation(DROPS_AFFIX, f"handle @{handle} is {form.origin} with its ending or beginning left off",
                        loose=True)
    return None


def handle_signal(handle: str, identity: Identity) -> Signal | None:
    """Return the strongest handle relation to any of an identity's forms, weighted by the form.

    For a councillor, a relation that rests on the bare name counts as "bare": namesakes share it.
    """
    person = identity.role == "councillor"
    found = [pair for split in _affix_splits(folds(handle)[0])
             for pair in _split_relations(handle, split, identity.index)]
    found += [(form, rel) for form in identity.handle_forms if (rel := _shape_relation(handle, form))]
    best: Signal | None = None
    for form, rel in found:
        bare = form.weight == BARE_PERSON or (person and rel.loose)
        # A loose relation to a councillor's handle rests on the bare name ("jwhitfield_87" is CllrJWhitfield
        # minus "Cllr"): weigh it as the bare name is weighed, since namesakes share it.
        weight = min(form.weight, BARE_PERSON) if bare else form.weight
        if best is None or rel.strength * weight > best.strength:
            best = Signal(round(rel.strength * weight, 3), rel.reason, bare)
    return best


# ---------------------------------------------------------------------------------------------- names


def find_run(tokens: Sequence[str], target: str) -> tuple[int, int] | None:
    """Return the first span of non-empty tokens whose letters, joined, spell target exactly.

    Found in the joined tokens with str.find, then kept only where it starts and ends on token boundaries: one
    pass, where trying every start and joining tokens up to the target's length cost a long text's words times
    the target's letters (a bio of 10,000 "I"s took a second).
    """
    if not target:
        return None
    first: dict[int, int] = {}  # offset in the joined text -> index of the token starting there
    last: dict[int, int] = {}  # offset -> index of the token ending there
    offset = 0
    for i, token in enumerate(tokens):
        first[offset] = i
        offset += len(token)
        last[offset] = i
    joined = "".join(tokens)
    at = joined.find(target)
    while at >= 0:
        start, end = first.get(at), last.get(at + len(target))
        if start is not None and end is not None:
            return start, end + 1
        at = joined.find(target, at + 1)
    return None


def _name_relation(tokens: list[str], form: Form, context: frozenset[str]) -> tuple[float, str] | None:
    """Return how a display name's words relate to one name form; context words count as official ones."""
    target = form.folds[1]
    joined = "".join(tokens)
    if not target or not joined:
        return None
    if joined == target:
        return NAME_SAME, f"display name matches {form.origin}"
    span = find_run(tokens, target) if len(target) >= 6 else None
    if span:
        extra = tokens[: span[0]] + tokens[span[1]:]
        if all(w in OFFICIAL_WORDS or w in context or w.isdigit() for w in extra):
            return NAME_OFFICIAL, f"display name is {form.origin} with '{' '.join(extra)}'"
        return NAME_OTHER_WORDS, f"display name contains {form.origin}"
    if _expands_initial(tokens, target):
        return None
    edit = edit_relation(joined, target, min_len=8)
    if edit is None or (edit[0] == TWO_EDITS and len(target) < 12):
        return None
    strength = {ONE_EDIT: NAME_ONE_EDIT, SUBSTITUTION: NAME_SUBSTITUTION}.get(edit[0], NAME_TWO_EDITS)
    return strength, f"display name {edit[1]} in {form.origin}"


def _expands_initial(tokens: list[str], target: str) -> bool:
    """Say whether a name only shares an initial and surname with an initial-and-surname form.

    "Jo Whitfield" is one letter from "jwhitfield", but that is another first name, not a typing slip.
    """
    return (len(tokens) >= 2 and len(tokens[0]) > 1 and tokens[0][0] == target[:1]
            and "".join(tokens[1:]) == target[1:])


def _titled_handle(handle: str) -> bool:
    """Say whether a handle carries a councillor's title (@CllrJaneW)."""
    plain = folds(handle)[0]
    return "cllr" in plain or "councillor" in plain


def mixed_script(text: str) -> bool:
    """Say whether a text mixes Latin letters with Cyrillic or Greek ones (homoglyphs: "Тоm Оkаfor")."""
    latin = foreign = False
    for ch in clip(text)[:500]:
        if ch.isalpha():
            if ch.isascii():
                latin = True
            elif unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK")):
                foreign = True
            if latin and foreign:
                return True
    return False


def name_signal(display_name: str, identity: Identity, handle: str = "") -> Signal | None:
    """Return the strongest display-name relation to an identity's names (a title in the handle counts too)."""
    words = name_tokens(display_name)
    titled = identity.role == "councillor" and (any(w in TITLES for w in words) or _titled_handle(handle))
    disguised = mixed_script(display_name) if not display_name.isascii() else False
    tokens = [w for w in words if w not in TITLES]
    best: Signal | None = None
    for form in identity.name_forms:
        rel = _name_relation(tokens, form, identity.context)
        if rel is None:
            continue
        # A title claims the office: a namesake does not write "Cllr" before the councillor's name. Nor does
        # anyone spell their own name with Cyrillic or Greek look-alike letters: that is done to dodge filters.
        weight = max(form.weight, DERIVED) if titled or disguised else form.weight
        why = rel[1] + (" and gives the title Cllr" if titled else "")
        why += " in look-alike letters from another script" if disguised else ""
        if best is None or rel[0] * weight > best.strength:
            best = Signal(round(rel[0] * weight, 3), why, weight == BARE_PERSON)
    return best


# ---------------------------------------------------------------------------------------------- profiles


def hash_distance(a: str, b: str) -> int | None:
    """Return the Hamming distance of two hex perceptual hashes, None when they cannot be compared."""
    a, b = a.strip().lower().removeprefix("0x"), b.strip().lower().removeprefix("0x")
    if not a or len(a) != len(b) or len(a) > 256:
        return None
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count()
    except ValueError:
        return None


def avatar_matches(a: str | None, b: str | None) -> int | None:
    """Return the bits two avatar hashes differ by when they are the same picture (pHash ≤ 8 of 64)."""
    if not a or not b:
        return None
    bits = hash_distance(a, b)
    limit = max(1, len(b.strip().removeprefix("0x")) * 4 * AVATAR_BITS_PER_64 // 64)
    return bits if bits is not None and bits <= limit else None


def bio_key(text: str) -> str:
    """Return a bio reduced to lower-case words, for comparing copies."""
    return " ".join(re.findall(r"[^\W_]+", normalise(safe_text(text[:2000]))))


def bio_copied(bio: str, registered: str) -> int | None:
    """Return the similarity (0-100) when a bio copies a registered bio, else None."""
    ours = bio_key(bio)
    if len(ours) < 20 or len(registered) < 20:
        return None
    ratio = fuzz.ratio(ours, registered)
    short, long_ = sorted((ours, registered), key=len)
    if ratio < 85 and len(short) >= 0.6 * len(long_):
        ratio = max(ratio, fuzz.partial_ratio(short, long_) if len(short) >= 40 else 0)
    return round(ratio) if ratio >= 85 else None


def _spelled(names: Sequence[str]) -> str:
    """Return a regex alternative of the council's names as written (lower case, single spaces)."""
    spelled = sorted({re.escape(" ".join(normalise(n).split())) for n in names if n.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(spelled) + ")" if spelled else "(?!x)x"


@lru_cache(maxsize=64)
def _claim_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    """Return the regex of wording that presents an account as the council's own."""
    named = _spelled(names)
    # (a whole word: "the official page of Councillor Hazel Brooke" is no council's)
    council = rf"(?:(?:(?:the )?(?:town |parish )?council|{named})(?!\w))"
    place = r"(?:account|page|profile|feed|channel|twitter|x account|facebook page|site|voice)"
    return re.compile(
        rf"\bofficial (?:\w+ ){{0,2}}{place} (?:of|for|from) {council}"
        rf"|{council}(?:'s|s)? (?:\w+ )?official (?:\w+ )?{place}"
        rf"|\bofficial {council} {place}"
        rf"|\b{place}(?: is)? (?:run|managed|operated|maintained) by {council}"
        rf"|\b(?:speaking for|speak for|speaks for|the voice of"
        rf"|(?:posting|tweeting|posts|tweets) on behalf of) {council}"
        rf"|\b(?:this is|welcome to) (?:the )?(?:official )?(?:{place} (?:of|for) )?{named}"
        rf"(?:'s)?(?=$|[.!,|:;]|\s+(?:official|account|page|on)\b)"
        # the profile opening as the council's official output: "Official updates from your town council, ...",
        # "Official news and notices of Brackley Town Council" (not "sharing official news from ...": a reposter)
        rf"|(?:^|(?<=[.!|:;] )|(?<=[-–—] ))official (?:(?:council|town|civic|local) )?(?:news|updates?|notices?"
        rf"|announcements?|information|info|statements?|posts|alerts) (?:(?:and|&|,) (?:\w+ ){{0,2}})?"
        rf"(?:straight |direct |direct from |first hand )?(?:from|of|by) (?:your |our )?(?:local )?{council}\b"
    )


# "Nothing I post speaks for the council", "none of this is the council's official page": denied too.
_NEGATION = re.compile(r"\b(?:not|never|no|isn't|isnt|aren't|n't|nor|no longer|nothing|nowt|none|nobody|neither)\b"
                       r"|n't\b")
# "if I'm ever speaking for the council I'll say so": the speaker's hypothetical, no claim made.
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|should|in the event|on the (?:rare|odd) occasions?) i\b")
# "the Council's official account is @BrackleyTC", "I repost the council's official account @BrackleyTC", "The
# Council's official channels: brackley-tc.gov.uk": the claim names another account by its handle or address, it
# does not make this one the council's.
_POINTS_TO = re.compile(r"s?\s*(?:is\s+|are\s+|:\s*|[-–=]\s*)?(?:(?:at|on|via|over\s+(?:on|at))\s+)?"
                        r"(?:@\w|https?:|www\.|[\w-]+\.gov\.uk\b"
                        # "the Town Council's official page is facebook.com/BrackleyTownCouncil"
                        r"|(?:[\w-]+\.)+(?:com|org|net|app|uk|social)/)"
                        # "the Council's official page is separate from this one", "... lives elsewhere": not this one
                        r"|s?\s+(?:is|are|lives?|sits?)\s+(?:(?:a|an|entirely|completely|quite|totally|something|kept)\s+)?"
                        r"(?:separate|elsewhere|somewhere\s+else|different|another\s+(?:page|account|thing|one)"
                        r"|(?:run\s+)?apart)\b")


def official_claim(text: str, council_names: Sequence[str]) -> str | None:
    """Return the wording that claims an account is the council's own ("official account of ..."), if any."""
    if not text:
        return None
    norm = " ".join(normalise(safe_text(text)).replace("\u2019", "'").split())
    for match in _claim_regex(tuple(council_names)).finditer(norm):
        before = norm[max(0, match.start() - 25): match.start()]
        if not _NEGATION.search(before) and not _POINTS_TO.match(norm, match.end()) \
                and not _HYPOTHETICAL.search(norm, max(0, match.start() - 40), match.start()):
            return match.group(0)
    return None


def labelled_unofficial(account: Account) -> bool:
    """Say whether an account calls itself parody, fan, unofficial or not affiliated."""
    return bool(_UNOFFICIAL.search(normalise(safe_text(account.display_name + " \n " + account.bio[:2000]))))


# ---------------------------------------------------------------------------------------------- identities


def handle_tokens(handle: str) -> list[str]:
    """Return the words of a handle: split at dots, underscores and camel case (BrackleyTownCouncil)."""
    return re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", handle.lstrip("@"))


def _swept_valid(handle: str) -> bool:
    """Say whether a string can be an X handle and is not only underscores."""
    return SWEPT.valid_handle(handle) and handle.strip("_") != ""


def _devowel(word: str) -> str:
    """Return a word without its inner vowels (Council -> Cncl)."""
    return word[0] + re.sub(r"[aeiouAEIOU]", "", word[1:]) if len(word) > 3 else word


def abbreviations(handle: str) -> list[str]:
    """Return the X-sized abbreviations of a handle too long for X (19-char Facebook names), likeliest first."""
    tokens = [t.title() if t.islower() else t for t in handle_tokens(handle)]
    if len(_plain(handle)) <= SWEPT_MAX_CHARS or len(tokens) < 2:
        return []
    first, rest = tokens[0], tokens[1:]
    out = [first + "".join(t[0].upper() for t in rest)] if len(rest) >= 2 else []
    org = [i for i, t in enumerate(tokens) if t.lower() in ORG_ABBREVIATIONS and i > 0]
    if len(org) >= 2:
        out.append("".join(t for i, t in enumerate(tokens) if i != org[0]))
    for i in org:
        for short in ORG_ABBREVIATIONS[tokens[i].lower()][1:]:
            if len(short) > 1:
                out.append("".join(short.title() if j == i else t for j, t in enumerate(tokens)))
    out += [first[0].upper() + "".join(rest), first + "".join(_devowel(t) for t in rest),
            "".join(tokens)[:SWEPT_MAX_CHARS]]
    return _unique(a for a in out if 6 <= len(a) <= SWEPT_MAX_CHARS and _swept_valid(a))


def _unique(handles: Iterable[str]) -> list[str]:
    """Return handles without case-insensitive repeats, first kept."""
    seen: dict[str, str] = {}
    for h in handles:
        seen.setdefault(handle_key(h), h)
    return list(seen.values())


def _form(text: str, weight: float, origin: str) -> Form:
    """Return a form with its folds, and those of its core when it carries affixes."""
    core = form_core(folds(text)[0])
    return Form(text, weight, origin, folds(text), folds(core) if core else None)


def form_core(plain: str) -> str:
    """Return a plain handle with known affixes peeled off both ends (davehughescllr -> davehughes), or ''."""
    cores = [core for pre, core, suf in _affix_splits(plain) if (pre or suf) and len(core) >= 6]
    return min(cores, key=len, default="")


def _handle_forms(accounts: Iterable[Account]) -> list[Form]:
    """Return the forms of registered handles, with abbreviations of those too long for X."""
    forms = []
    for a in accounts:
        where = f"the registered {label(a.platform)} account @{a.handle}"
        forms.append(_form(a.handle, REGISTERED, where))
        forms += [_form(short, DERIVED, f"{where} shortened") for short in abbreviations(a.handle)]
    return forms


def _org_suffixes(org: list[str]) -> Iterator[str]:
    """Yield handle spellings of a council's org words (town council -> tc, council, towncl, cncl...)."""
    for start in range(len(org)):
        for combo in product(*(ORG_ABBREVIATIONS[w] for w in org[start:])):
            initials = all(len(part) == 1 for part in combo)
            if (initials and len(combo) >= 2) or (not initials and len(combo[-1]) >= (2 if len(combo) > 1 else 4)):
                yield "".join(combo)


def council_forms(name: str) -> list[Form]:
    """Return the "place + org" handle forms of a council's name (BrackleyTC, BrackleyCouncil, BTCBrackley...)."""
    words = re.findall(r"[^\W_]+", normalise(name))
    cut = len(words)
    while cut > 0 and words[cut - 1] in ORG_ABBREVIATIONS:
        cut -= 1
    place, org = "".join(words[:cut]), words[cut:]
    if len(place) < 4 or not org:
        return []
    origin = f"the council's name ({name.strip()[:60]})"
    forms = [_form(place + suffix, DERIVED, origin) for suffix in _org_suffixes(org)]
    initials = "".join(w[0] for w in words)
    return [*forms, _form(initials + place, DERIVED, origin)]


def person_forms(name: str, council_name: str) -> list[Form]:
    """Return the handle forms of a councillor's name: with a title, with the council, and bare."""
    words = re.findall(r"[^\W_]+", normalise(name))
    if not words:
        return []
    full, short = "".join(words), words[0][0] + words[-1] if len(words) > 1 else words[0]
    council = [w for w in re.findall(r"[^\W_]+", normalise(council_name))]
    initials, place = "".join(w[0] for w in council), council[0] if council else ""
    origin = f"councillor {name.strip()[:60]}'s name"
    titled = [t + n for t in ("cllr", "councillor") for n in (full, short, words[-1])] + [full + "cllr", short + "cllr"]
    placed = [full + initials, full + place, short + place, short + initials]
    forms = [_form(f, DERIVED, origin) for f in titled + placed if len(f) >= 6]
    return forms + [_form(f, BARE_PERSON, origin) for f in (full, short) if len(f) >= 6]


def _profile_names(accounts: Iterable[Account], weight: float) -> list[Form]:
    """Return name forms from registered profiles' display names and handles (affixes and titles peeled)."""
    forms = []
    for a in accounts:
        core = form_core(folds(a.handle)[0]) or a.handle
        forms.append(_form(core, weight, f"the handle @{a.handle}"))
        words = [w for w in name_tokens(a.display_name) if w not in TITLES]
        if words:
            forms.append(_form("".join(words), weight, f"@{a.handle}'s display name"))
    return forms


def _locale(config: Config) -> frozenset[str]:
    """Return the words that tie a profile to the council's area or office."""
    words = {w for n in (config.council.name, *config.council.short_names) for w in name_tokens(n)}
    words = {w for w in words if w not in {fold_word(o) for o in ORG_ABBREVIATIONS}}
    return frozenset(words | {fold_word(w) for w in ("cllr", "councillor", "council", "councils", "ward")})


def _context(config: Config) -> frozenset[str]:
    """Return the words that may stand beside a councillor's name: the council's own, ward, member..."""
    words = {"for", "of", "ward", "member", "mayor", "deputy"}
    for name in (config.council.name, *config.council.short_names):
        words.update(name_tokens(name))
    return frozenset(fold_word(w) for w in words)


def _profile_extras(accounts: Iterable[Account]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Return the (origin, bio) and (origin, avatar hash) pairs of registered profiles."""
    bios = tuple((f"@{a.handle}'s bio", bio_key(a.bio)) for a in accounts if len(a.bio.strip()) >= 20)
    avatars = tuple((f"@{a.handle}'s avatar", a.avatar_hash) for a in accounts if a.avatar_hash)
    return bios, avatars


def _council_identity(config: Config, profiles: dict[tuple[str, str], Account]) -> Identity:
    """Return the council's identity: its official accounts, names and logo."""
    refs = [reg.as_account() for reg in config.registry.values() if reg.role == "official"]
    accounts = tuple(profiles.get(r.key, r) for r in refs)
    names = [config.council.name, *config.council.short_names]
    handle_forms = _handle_forms(accounts) + council_forms(config.council.name)
    handle_forms += [_form(n, NAME, f"the council's name '{n.strip()[:60]}'") for n in names]
    name_forms = [_form(n, NAME, f"the council's name '{n.strip()[:60]}'") for n in names]
    bios, avatars = _profile_extras(accounts)
    logos = tuple(("the council's logo", h) for h in config.council.logo_hashes)
    return Identity(config.council.name, "official", accounts, tuple(handle_forms),
                    tuple(name_forms + _profile_names(accounts, NAME)), bios, logos + avatars, tuple(names),
                    tuple(config.council.email_domains))


def _councillor_identity(config: Config, councillor: Councillor,
                         profiles: dict[tuple[str, str], Account]) -> Identity:
    """Return one councillor's identity: their registered accounts and name."""
    refs = [config.registry[(r.platform, handle_key(r.handle))].as_account() for r in councillor.accounts]
    accounts = tuple(profiles.get(r.key, r) for r in refs)
    handle_forms = _handle_forms(accounts) + person_forms(councillor.name, config.council.name)
    origin = f"councillor {councillor.name.strip()[:60]}'s name"
    words = name_tokens(councillor.name)
    # "Cllr T. Okafor": the initial and surname name the councillor too (weighed as a bare name).
    initial = words[0][0] + words[-1] if len(words) > 1 else ""
    name_forms = [_form(councillor.name, BARE_PERSON, origin)]
    name_forms += [_form(initial, BARE_PERSON, origin)] if len(initial) >= 6 else []
    bios, avatars = _profile_extras(accounts)
    return Identity(councillor.name, "councillor", accounts, tuple(handle_forms),
                    tuple(name_forms + _profile_names(accounts, BARE_PERSON)), bios, avatars,
                    context=_context(config), locale=_locale(config))


def identities(config: Config, profiles: Iterable[Account] = ()) -> tuple[Identity, ...]:
    """Return every protected identity of a configuration, enriched with registered profiles when given."""
    known = {a.key: a for a in profiles if a.key in config.registry}
    out = [_council_identity(config, known)]
    out += [_councillor_identity(config, c, known) for c in config.councillors if c.accounts]
    return tuple(i for i in out if i.accounts)


def identity_of(account: Account, names: Iterable[str] = (), role: Role = "official") -> Identity:
    """Return an ad hoc identity from one account and any names it goes by."""
    handle_forms = _handle_forms([account])
    name_forms = [_form(n, NAME, f"the name '{n.strip()[:60]}'") for n in names if n.strip()]
    bios, avatars = _profile_extras([account])
    weight = BARE_PERSON if role == "councillor" else NAME
    return Identity(account.display_name or account.handle, role, (account,), tuple(handle_forms),
                    tuple(name_forms + _profile_names([account], weight)), bios, avatars)


# ---------------------------------------------------------------------------------------------- candidates

_QWERTY = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_CONFUSABLE_SWAPS = (("l", "I"), ("l", "1"), ("I", "l"), ("i", "l"), ("o", "0"), ("O", "0"), ("m", "rn"),
                     ("rn", "m"), ("w", "vv"), ("d", "cl"), ("L", "I"))


def _neighbours(ch: str) -> str:
    """Return the keys next to a key on a QWERTY keyboard."""
    low = ch.lower()
    for r, row in enumerate(_QWERTY):
        if low in row:
            c = row.index(low)
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            near += [_QWERTY[rr][c] for rr in (r - 1, r + 1) if 0 <= rr < len(_QWERTY) and c < len(_QWERTY[rr])]
            return "".join(near)
    return ""


def _family_underscores(h: str) -> Iterator[str]:
    """Yield the handle with underscores added."""
    yield from (h + "_", "_" + h, h + "__")
    tokens = handle_tokens(h)
    if len(tokens) > 1:
        yield "_".join(tokens)
        for i in range(1, len(tokens)):
            yield "".join(tokens[:i]) + "_" + "".join(tokens[i:])


def _family_confusables(h: str) -> Iterator[str]:
    """Yield the handle with one look-alike character or pair swapped (BrackIeyTC, Brack1eyTC, rn for m)."""
    for old, new in _CONFUSABLE_SWAPS:
        start = h.find(old)
        while start >= 0:
            yield h[:start] + new + h[start + len(old):]
            start = h.find(old, start + 1)


def _family_affixes(h: str) -> Iterator[str]:
    """Yield the handle with an authority affix (official, real, news, uk, the, team, info)."""
    yield from ("Real" + h, h + "Official", "The" + h, h + "News", h + "UK", "Official" + h, h + "_Official",
                h + "Team", h + "Info", "Real_" + h, h + "_News", h + "_UK")


def _family_digits(h: str) -> Iterator[str]:
    """Yield the handle with a number on the end."""
    yield from (h + "1", h + "01", h + "2", h + "_1", h + "0", h + "123")


def _family_omissions(h: str) -> Iterator[str]:
    """Yield the handle with one character left out, from the middle outwards."""
    order = sorted(range(len(h)), key=lambda i: abs(i - len(h) // 2))
    yield from (h[:i] + h[i + 1:] for i in order if h[i] != "_")


def _family_repetitions(h: str) -> Iterator[str]:
    """Yield the handle with one letter doubled."""
    yield from (h[: i + 1] + h[i] + h[i + 1:] for i in range(len(h)) if h[i].isalpha())


def _family_transpositions(h: str) -> Iterator[str]:
    """Yield the handle with two neighbouring characters swapped."""
    yield from (h[:i] + h[i + 1] + h[i] + h[i + 2:] for i in range(len(h) - 1) if h[i].lower() != h[i + 1].lower())


def _family_insertions(h: str) -> Iterator[str]:
    """Yield the handle with a neighbouring key struck as well (QWERTY), dnstwist's insertion."""
    for i, ch in enumerate(h):
        for key in _neighbours(ch):
            yield h[:i] + key + h[i:]
            yield h[: i + 1] + key + h[i + 1:]


FAMILIES = (_family_underscores, _family_confusables, _family_affixes, _family_omissions, _family_repetitions,
            _family_transpositions, _family_digits, _family_insertions)


def candidate_handles(handle: str, limit: int) -> list[str]:
    """Return up to `limit` X-valid lookalike handles of a handle, likeliest first, families taken in turn.

    Handles too long for X (Facebook names) are abbreviated first (BrackleyTownCouncil -> BrackleyTC...),
    and the families are applied to those. Edit families need 6 letters, affix families 4, as the scorer
    does: a lookalike the scorer would not report is not worth a paid lookup. Registered handles are
    not filtered out here: the caller knows the registry.
    """
    handle = handle.lstrip("@")
    bases = abbreviations(handle) or [handle]
    out: list[str] = []
    seen = {handle_key(handle)}
    streams = [iter(bases[1:])] + [_family_stream(base) for base in bases[:1]]
    if bases[0] != handle:
        out, seen = [bases[0]], seen | {handle_key(bases[0])}
    while streams and len(out) < limit:
        for stream in list(streams):
            nxt = _next_new(stream, seen)
            if nxt is None:
                streams.remove(stream)
            elif len(out) < limit:
                out.append(nxt)
    return out[: max(0, limit)]


def _family_stream(base: str) -> Iterator[str]:
    """Yield candidates of a base handle, one family at a time in turn."""
    size = len(_plain(base))
    families = [f for f in FAMILIES if size >= 6 or f in (_family_underscores, _family_confusables,
                                                          _family_affixes, _family_digits)]
    iterators = [f(base) for f in families] if size >= 4 else []
    while iterators:
        for it in list(iterators):
            value = next(it, None)
            if value is None:
                iterators.remove(it)
            else:
                yield value


def _next_new(stream: Iterator[str], seen: set[str]) -> str | None:
    """Return the next X-valid candidate a stream gives that is not yet taken."""
    for value in stream:
        key = handle_key(value)
        if len(value) <= SWEPT_MAX_CHARS and _swept_valid(value) and key not in seen:
            seen.add(key)
            return value
    return None


# ---------------------------------------------------------------------------------------------- scoring


def noisy_or(strengths: Iterable[float]) -> float:
    """Return 1 - Π(1 - s): the chance at least one independent signal is right."""
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - max(0.0, min(1.0, s))
    return 1.0 - miss


def _bio_signal(candidate: Account, identity: Identity) -> Signal | None:
    """Return a copied-bio signal."""
    for origin, registered in identity.bios:
        similarity = bio_copied(candidate.bio, registered)
        if similarity is not None:
            return Signal(COPIED_BIO, f"bio copies {origin} ({similarity}% alike)")
    return None


def _claim_signal(candidate: Account, identity: Identity) -> Signal | None:
    """Return a signal when the profile claims to be the council's own account."""
    if not identity.council_names:
        return None
    for text in (candidate.bio, candidate.display_name):
        claim = official_claim(text[:2000], identity.council_names)
        if claim:
            return Signal(OFFICIAL_CLAIM, f"profile claims to be the council's own: '{claim[:80]}'")
    return None


def _corroboration(candidate: Account, identity: Identity, now: datetime | None,
                   new_account_days: int) -> list[Signal]:
    """Return the signals that only count alongside a name or handle likeness."""
    out: list[Signal] = []
    tick = next((t for t in TICKS if t in candidate.display_name), None)
    if tick:
        out.append(Signal(FAKE_TICK, f"display name carries a verification-like tick {tick}"))
    if now and candidate.created_at and new_account_days > 0:
        age = now - candidate.created_at
        if timedelta(0) <= age < timedelta(days=new_account_days):
            out.append(Signal(NEW_ACCOUNT, f"account created {age.days} days ago (under {new_account_days})"))
    for origin, known in identity.avatars:
        bits = avatar_matches(candidate.avatar_hash, known)
        if bits is not None:
            out.append(Signal(AVATAR, f"avatar matches {origin} ({bits} bits apart)"))
            break
    text = normalise(safe_text(candidate.bio[:2000] + " " + (candidate.url or "")))
    if any("@" + d in text or "." + d in text for d in identity.email_domains):
        out.append(Signal(COUNCIL_EMAIL, "profile gives the council's email domain"))
    return out


def _namesake(candidate: Account, identity: Identity, primary: list[Signal]) -> bool:
    """Say whether only a councillor's bare name links the account, with nothing tying it to the area."""
    if identity.role != "councillor" or not primary or not all(s.bare for s in primary):
        return False
    words = set(name_tokens(" ".join((candidate.display_name, candidate.bio[:2000], candidate.location))))
    in_handle = any(len(w) >= 4 and w in _visual(candidate.handle) for w in identity.locale)
    return not (words & identity.locale or in_handle)


# Someone else who shares a councillor's name says who they are: a different title ("Dr Priya Sharma"), a trade or
# calling ("GP", "plumber", "photographer"), or an office somewhere else ("councillor for Brixton Hill, Lambeth").
_OTHER_TITLE = re.compile(r"^\s*(?:dr|prof|professor|rev|revd|reverend|fr|father|sister|pastor|imam|rabbi|coach|chef|"
                          r"dj|pc|sgt|judge|capt|captain|sir|dame|lady|lord)\b\.?")
_CALLING = re.compile(
    r"\b(?:gp|doctor|nurse|midwife|paramedic|teacher|headteacher|lecturer|student|photograph\w*|plumb\w*|electrician|"
    r"builder|joiner|carpenter|decorator|author|novelist|artist|illustrator|musician|singer|drummer|guitarist|engineer|"
    r"accountant|solicitor|lawyer|barrister|vet|dentist|physio\w*|personal trainer|hairdresser|barber|estate agent|"
    r"consultant|developer|designer|journalist|reporter|writer|blogger|podcaster|youtuber|chef|baker|florist|"
    r"gardener|landscaper|mechanic|driver|pilot|footballer|athlete|coach|paramedic|scientist|analyst|"
    r"programmer|researcher|professor|surveyor|architect|pharmacist|optician|carer|cleaner|farmer|butcher|"
    r"publican|landlady|shopkeeper|owner of|founder of|director of|surgeon|dental \w+|hygienist|orthodontist|"
    r"optometrist|radiographer|sonographer|(?:physio|speech|occupational )?therapist|psychologist|vicar|curate|"
    r"librarian|firefighter|police officer|social worker|care worker|childminder|tutor|receptionist|"
    r"vet nurse|dog groomer|groomer|tattooist|upholsterer|roofer|tiler|welder|machinist|"
    # the trades by their everyday names: "Sparky.", "brickie by trade", "chippie and dad", "postie"
    r"sparky|sparkie|brickie|brickies|bricklayer|chippie|plasterer|scaffolder|glazier|locksmith|"
    r"postie|postman|postwoman|cabbie|cabby|taxi driver|hgv driver|lorry driver|trucker|van man|handyman|labourer|"
    r"groundworker|gas engineer|heating engineer|tradesman|tradeswoman|tradie|self-employed|apprentice)\b")
# A namesake saying they are not the person people take them for: "keep getting tagged in council posts", "often
# mistaken for the councillor", "no relation", "I'm not the councillor"; and the name itself: "wrong Margaret", "not
# that Dave", "a different Jane" (_wrong_name).
_MISTAKEN = re.compile(
    r"\b(?:wrong\s+(?:person|guy|gal|woman|man|bloke|lass|lady|account|profile|page)"
    r"|(?:keeps?|kept|always|often|constantly|forever|regularly)\s+(?:getting|being)\s+(?:tagged|mistaken|confused|"
    r"mixed\s+up|messaged|dm['’]?d|contacted|emailed|mentioned)"
    r"|(?:i|people|folk|folks|everyone)\s+(?:get|gets)\s+(?:\w+\s+)?(?:tagged|mistaken|confused|mixed\s+up)\s+"
    r"(?:in|for|with)"
    r"|mistaken\s+for|confused\s+with|mixed\s+up\s+with|no\s+relation"
    r"|(?:i['’]m|i\s+am)\s+not\s+(?:the\s+(?:councillor|cllr|politician)|her|him|them)\b(?!\s+\w)"
    r"|not\s+the\s+(?:councillor|cllr|politician)\s*[!.,)]|different\s+(?:person|one)"
    # "Session bassist, Manchester. (Yes I know there's a councillor with my name.)"
    r"|there['’]?s\s+(?:a|another|also\s+a)\s+(?:councillor|cllr|politician)\s+(?:with|called\s+by)\s+my\s+name"
    r"|(?:same|share\s+(?:a|my|the))\s+name\s+(?:as|with)\s+(?:a|the|our|your)\s+(?:local\s+)?(?:councillor|cllr)"
    # "Physio in Harrogate. Not a councillor and never will be."
    r"|not\s+a\s+(?:councillor|cllr|politician)\b(?!\s+(?:yet|any\s+more|anymore)\b)"
    # "Definitely not the Brackley councillor, stop tagging me"
    r"|not\s+the\s+[\w'’-]+\s+(?:councillor|cllr|politician)\b|stop\s+tagging\s+me)\b")
_WRONG_NAME = re.compile(r"\b(?:wrong|not\s+that|different|another|other)\s+([a-z]+)\b")

_OFFICE = re.compile(r"\b(?:cllr|councillor|councilor|council|ward|mayor|elected|re-?elected|vote|voted|"
                     r"candidate|constituents?|residents)\b")
# The place an office is held, as written: "councillor for Headingley ward", "Leeds City Council".
_OFFICE_PLACE = re.compile(
    r"\b(?i:councillor|cllr|member|mayor|representing|serving)\b[^.\n]{0,30}?\b(?i:for|of|on|in|at)\s+"
    r"(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
    r"|(?P<q>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:Borough|City|District|County|Metropolitan|Town|Parish)\s+"
    r"Council\b")
# Words of a place-like name that say nothing about where: "South ward", "the Town Council", "Northamptonshire".
_NOWHERE = frozenset({"north", "south", "east", "west", "central", "upper", "lower", "old", "new", "the", "town",
                      "ward", "council", "parish", "district", "county", "borough", "city", "uk", "england",
                      "britain", "northamptonshire", "northants", "labour", "conservative", "independent", "green",
                      "reform", "liberal", "democrat", "democrats", "lib", "dem", "dems"})

_NICKNAMES = NickNamer()


@lru_cache(maxsize=64)
def _name_forms(owner: str) -> frozenset[str]:
    """Return the words of a name with the familiar forms of each ("David Hughes": "dave", "davey", ...)."""
    words = set(re.findall(r"[a-z]+", normalise(owner)))
    return frozenset(words | {n for w in words for n in _NICKNAMES.nicknames_of(w) | _NICKNAMES.canonicals_of(w)})


def _wrong_name(profile: str, identity: Identity) -> bool:
    """Say whether a profile calls itself the wrong one of the identity's name ("wrong Margaret", "wrong Dave")."""
    names = _name_forms(identity.owner)
    return any(m.group(1) in names for m in _WRONG_NAME.finditer(profile))


def _someone_else(candidate: Account, identity: Identity, now: datetime | None, new_account_days: int) -> bool:
    """Say whether an account that shares a councillor's name says plainly that it is someone else.

    With no office claimed anywhere on the profile, an account that is not new and gives another title or a
    calling of its own is a namesake ("Dr Priya Sharma, GP partner", "Dan Hughes, builder"); a bare name and the
    town ("David Hughes, Brackley dad of two") still is not, since that is all an impostor needs to write;
    an office claimed with none of the council's place words, in a ward or borough of its own, is another
    council's member ("Cllr Jane Whitfield, councillor for Brixton Hill ward, Lambeth").
    """
    if identity.role != "councillor":
        return False
    fields = (candidate.display_name, candidate.bio[:2000], candidate.pinned_text[:500], candidate.location)
    profile = normalise(safe_text(" \n ".join(fields)))
    new = (candidate.created_at is not None and now is not None
           and now - candidate.created_at < timedelta(days=new_account_days))
    # "Roofer in Banbury. Not that David Hughes!": a namesake saying people take them for someone they are not.
    mistaken = _MISTAKEN.search(profile) is not None or _wrong_name(profile, identity)
    if not new and not _titled_handle(candidate.handle) and mistaken:
        return True
    if not _OFFICE.search(profile) and not re.search(r"cllr|councill?or|council", candidate.handle.casefold()):
        titled = _OTHER_TITLE.search(normalise(safe_text(candidate.display_name))) is not None
        return not new and (titled or _CALLING.search(profile) is not None)
    place = identity.locale - {fold_word(w) for w in ("cllr", "councillor", "council", "councils", "ward")}
    words = set(name_tokens(profile))
    ours = words & place or any(len(w) >= 4 and w in _visual(candidate.handle) for w in place)
    if ours:
        return False
    written = " \n ".join((candidate.display_name, candidate.bio[:2000], candidate.location))
    named = {w for m in _OFFICE_PLACE.finditer(safe_text(written))
             for w in name_tokens(m.group("p") or m.group("q"))} - _NOWHERE
    return bool(named) or bool(set(name_tokens(candidate.location)) - _NOWHERE)


def _other_body(candidate: Account, handle: Signal) -> bool:
    """Say whether an edited handle is all that links an account that names itself as a different body.

    "@BrackleyTCC, Brackley Town Cricket Club, Cricket in Brackley since 1865" is a neighbour, not a fake:
    its handle is one edit from @BrackleyTC, but its name, not the council's, says who it is. A handle the
    same as a registered one after folding, the council's name or a copied bio still count in full.
    """
    if handle.strength >= SAME:
        return False
    name = normalise(safe_text(candidate.display_name))
    bio = normalise(safe_text(candidate.bio[:300]))
    return bool(_OTHER_BODY.search(name) or (not name.strip() and _OTHER_BODY.search(bio)))


def _initials_spelled_out(candidate: Account, identity: Identity) -> bool:
    """Say whether initials the display name shares with the council's name are spelled out as another body's.

    "Brackley TC 🎭" with "Brackley Theatre Company, amateur dramatics" uses "TC" for its own name, not for "Town
    Council": the bio spells the letters out in capitalised words (or a club's, a school's words) that are not the
    council's, and nowhere spells them the council's way. "Brackley TC Updates", "straight from Brackley Town
    Council" is ours.
    """
    if identity.role != "official" or not identity.council_names:
        return False
    council = re.findall(r"[^\W\d_]+", normalise(identity.council_names[0]))
    runs = {"".join(w[0] for w in council[i:j]): council[i:j]
            for i in range(len(council)) for j in range(i + 2, len(council) + 1)}
    shown = [w for w in re.findall(r"[^\W\d_]+", safe_text(clip(candidate.display_name)[:200]))
             if 2 <= len(w) <= 5 and w.isupper() and w.lower() in runs]
    if not shown:
        return False
    words = re.findall(r"[^\W\d_]+", safe_text(clip(candidate.bio)[:300]))
    folded = [w.casefold() for w in words]
    spelled = False
    for letters in {w.lower() for w in shown}:
        n = len(letters)
        for i in range(len(words) - n + 1):
            run = folded[i:i + n]
            if "".join(w[0] for w in run) != letters or any(len(w) < 2 for w in run):
                continue
            if run == runs[letters]:
                return False  # spelled the council's way somewhere: not another body's
            proper = all(w[0].isupper() for w in words[i:i + n])
            spelled = spelled or proper or _OTHER_BODY.search(" ".join(run)) is not None
    return spelled


def score_lookalike(candidate: Account, protected: Identity | Account, *, now: datetime | None = None,
                    new_account_days: int = 90) -> Lookalike:
    """Return how much a candidate account looks like a protected identity (or account), 0..1, and why."""
    identity = protected if isinstance(protected, Identity) else identity_of(protected)
    handle = handle_signal(candidate.handle, identity)
    copied, claim = _bio_signal(candidate, identity), _claim_signal(candidate, identity)
    primary = [s for s in (handle, name_signal(candidate.display_name, identity, candidate.handle), copied, claim)
               if s]
    base = noisy_or(s.strength for s in primary)
    notes = []
    if _namesake(candidate, identity, primary):
        # Councillors' names are ordinary names: a "David Hughes" in Leeds is not imitating ours.
        base *= NAMESAKE_FACTOR
        notes.append("only the councillor's name links it and nothing ties it to the area (score lowered)")
    elif primary and _someone_else(candidate, identity, now, new_account_days):
        base *= NAMESAKE_FACTOR
        notes.append("the profile says it is someone else of the same name: no council office claimed, or one "
                     "elsewhere (score lowered)")
    extra = _corroboration(candidate, identity, now, new_account_days) if base >= CORROBORATE_FROM else []
    if handle is not None and primary == [handle] and _other_body(candidate, handle):
        # Halve the likeness, not the corroboration: the council's logo on a "club" still gives it away.
        base *= OTHER_BODY_FACTOR
        notes.append("its name names a different body (a club, school, church, business...) and nothing else "
                     "claims the council's identity (handle likeness halved)")
    elif (handle is None or handle.strength < SAME) and claim is None and copied is None \
            and _initials_spelled_out(candidate, identity):
        base *= OTHER_BODY_FACTOR
        notes.append("the initials it shares with the council's name are spelled out in its bio as another "
                     "body's (likeness halved)")
    score = noisy_or([base, *(s.strength for s in extra)])
    reasons = [s.reason for s in sorted(primary + extra, key=lambda s: -s.strength)] + notes
    if primary and labelled_unofficial(candidate):
        score *= UNOFFICIAL_FACTOR
        reasons.append("calls itself parody, fan, unofficial or not affiliated (score halved)")
    return Lookalike(round(score, 3), reasons)
