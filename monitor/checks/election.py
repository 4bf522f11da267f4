"""Clause 10.1: during a pre-election period, nothing on an official account that could support a party or candidate."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from itertools import pairwise

from nicknames import NickNamer

from monitor.checks.base import Context, Hit, excerpt, per_config
from monitor.checks.lists import terms
from monitor.checksettings import PreElectionSettings
from monitor.config import Config, Election
from monitor.learned import verdict
from monitor.records import Post, handle_key
from monitor.text import INVISIBLE, clip
from monitor.wordlists import entry_key

# English given names and their familiar forms, hand-curated (the nicknames package's own CSV, read once).
_NICKNAMES = NickNamer()
# How sure each kind of evidence is; the hit reports the strongest.
NAME, TAG, SHARE, PARTY, CAMPAIGN, CONTEXT = 0.95, 0.95, 0.9, 0.9, 0.85, 0.75


@dataclass(frozen=True, slots=True)
class Match:
    """One piece of political content: where it is and why it counts."""

    field: str
    start: int
    end: int
    score: float
    reason: str


# ---------------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------------

def phrase_regex(phrase: str) -> str:
    """Return a regex for a phrase: any spacing, either apostrophe, optional hyphens."""
    words = phrase.split()
    parts = [re.escape(w).replace("'", "['’]?").replace(r"\-", r"[-\s]?") for w in words]
    return r"\s+".join(parts)


def _alternation(phrases: list[str]) -> str:
    """Return phrases as one bounded alternation, longest first so 'Lib Dems' wins over 'Lib Dem'."""
    body = "|".join(phrase_regex(p) for p in sorted(phrases, key=len, reverse=True))
    return rf"(?<![\w@]){'(?:' + body + ')'}(?![\w])"


@dataclass(frozen=True)
class PartyNames:
    """The party list compiled: case-blind names, names needing a capital, exact acronyms."""

    plain: re.Pattern[str]
    capital: re.Pattern[str]
    exact: re.Pattern[str]
    handles: frozenset[str]
    # The first word of every name: a text with none of them skips the three regexes.
    first_words: frozenset[str]


@lru_cache(maxsize=4)
def party_names(lines: tuple[str, ...], handles: tuple[str, ...]) -> PartyNames:
    """Return the national party list and party handles (monitor/data/pre-election), compiled."""
    plain = [s for s in lines if s[0] not in "^="]
    capital = [s[1:] for s in lines if s[0] == "^"]
    exact = [s[1:] for s in lines if s[0] == "="]
    return PartyNames(re.compile(_alternation(plain), re.IGNORECASE), re.compile(_alternation(capital), re.IGNORECASE),
                      re.compile(_alternation(exact)), frozenset(h.casefold() for h in handles),
                      frozenset(_WORD.findall(s.lstrip("^=").casefold())[0] for s in lines))


# ---------------------------------------------------------------------------------------------------
# The council's own names: councillors and candidates
# ---------------------------------------------------------------------------------------------------

_TITLES = (r"(?:cllrs?|councillors?|mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|revd?|candidate"
           r"|(?:deputy\s+|town\s+)?mayor)")


@cache
def given_names(first: str) -> tuple[str, ...]:
    """Return a first name and the familiar forms of it ("David": "Dave", "Davey"; "Becky": "Rebecca")."""
    folded = first.casefold()
    forms = {folded} | _NICKNAMES.nicknames_of(folded) | _NICKNAMES.canonicals_of(folded)
    # Longest first, so "Davey Hughes" is not read as "Dave" then "y Hughes"; one-letter forms are initials.
    return tuple(sorted((f for f in forms if len(f) > 2), key=lambda f: (-len(f), f)))


def person_pattern(name: str) -> str:
    """Return a regex for a person: full name (or a familiar form of the first), initial and surname, or title."""
    words = name.split()
    last = phrase_regex(words[-1])
    titled = rf"{_TITLES}\.?\s+(?:{phrase_regex(words[0])}\s+|(?-i:{re.escape(words[0][0].upper())})\.?\s*)?{last}"
    if len(words) == 1:
        return titled
    forms = given_names(words[0])
    first = "(?:" + "|".join(phrase_regex(f) for f in forms) + ")"
    initial = rf"(?-i:{re.escape(words[0][0].upper())})\.\s*{last}|(?-i:{re.escape(words[0][0].upper())})\s+{last}"
    # "Jane W" / "Jane W." / "Jane W's": the first name and the surname's capital initial, as people sign off locally.
    capitalised = "|".join(re.escape(f[:1].upper() + f[1:]) for f in forms)
    first_initial = rf"(?-i:(?:{capitalised})\s+{re.escape(words[-1][0].upper())})\.?(?:['’]s)?(?![\w'’&-])"
    return rf"{titled}|{first}\s+(?:[\w.]+\s+)?{last}|{initial}|{first_initial}"


RULE = "pre-election"
_WORD = re.compile(r"\w+")


def squashed(text: str) -> str:
    """Return the lower-case letters and digits of a text (handles and hashtags compared with names)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Gazetteer:
    """Who must not be named on official accounts in the period, and the local parties."""

    names: re.Pattern[str] | None
    # Surname (folded) -> "councillor Jane Whitfield" / "candidate Sam Patel".
    by_surname: dict[str, str]
    # Squashed full names -> label, to spot them inside handles and hashtags.
    squashed_names: tuple[tuple[str, str], ...]
    councillor_handles: dict[tuple[str, str], str]
    # The national parties and their handles, and the words after "Councillor" that are no name: word lists.
    parties: PartyNames
    not_names: frozenset[str]
    extra: re.Pattern[str] | None
    extra_squashed: tuple[str, ...]
    # A bare surname in campaign company: "the Okafor campaign", "Team Patel".
    campaign_surnames: re.Pattern[str] | None = None
    # Words one of which every name match contains: texts without any skip the name regexes (speed).
    name_words: frozenset[str] = frozenset()
    extra_words: frozenset[str] = frozenset()
    # First names (capitalised) -> labels, read only beside campaign words: "Well done Rebecca and Sam".
    first_names: re.Pattern[str] | None = None
    by_first_name: dict[str, str] | None = None


def party_key(line: str) -> str:
    """Return the party a parties.txt line names, without its "^" or "=" mark (what a council's `-name` names)."""
    return entry_key(line.lstrip("^="))


def _gazetteer_key(config: Config, extra: tuple[str, ...]) -> tuple[object, ...]:
    """Return a hashable digest of the config parts the gazetteer is built from, its word lists included."""
    councillors = tuple((c.name, tuple((r.platform, r.handle) for r in c.accounts)) for c in config.councillors)
    candidates = tuple(name for e in config.elections for name in e.candidates)
    lists = (terms(RULE, "parties", config, key=party_key),
             *(terms(RULE, name, config) for name in ("party-handles", "not-names", "word-names")))
    return (councillors, candidates, extra, lists)


@lru_cache(maxsize=8)
def _build_gazetteer(key: tuple[object, ...]) -> Gazetteer:
    """Compile the gazetteer for one digest of the config."""
    councillors, candidates, extra, lists = key
    assert isinstance(councillors, tuple) and isinstance(candidates, tuple) and isinstance(extra, tuple)
    assert isinstance(lists, tuple)
    parties, party_handles, not_names, word_names = lists
    people = [(name, f"councillor {name}") for name, _ in councillors] + [(n, f"candidate {n}") for n in candidates]
    people = [(" ".join(n.split()), label) for n, label in people if n.split()]
    names = "|".join(f"(?:{person_pattern(n)})" for n, _ in people)
    handles = {(platform, handle_key(h)): f"councillor {name}" for name, refs in councillors for platform, h in refs}
    return Gazetteer(
        names=re.compile(rf"(?<![\w@#])(?:{names})(?!\w)", re.IGNORECASE) if names else None,
        by_surname={n.split()[-1].casefold(): label for n, label in reversed(people)},
        # "tomokafor" and "okafortom": handles run a name either way round, and with a familiar form of the first
        # ("davehughes.bsky.social" is David Hughes)
        squashed_names=tuple((squashed(f), label) for n, label in people if len(n.split()) > 1
                             for f in dict.fromkeys(form for given in (n.split()[0], *given_names(n.split()[0]))
                                                    for form in (" ".join([given, *n.split()[1:]]),
                                                                 " ".join([*n.split()[-1:], given])))),
        councillor_handles=handles,
        parties=party_names(parties, party_handles),
        not_names=frozenset(word.casefold() for line in not_names for word in line.split()),
        extra=re.compile(_alternation(list(extra)), re.IGNORECASE) if extra else None,
        extra_squashed=tuple(squashed(p) for p in extra if len(squashed(p)) >= 4),
        campaign_surnames=_campaign_surnames([n.split()[-1] for n, _ in people]),
        # the familiar forms too: "Dave H" names David Hughes (person_pattern reads them)
        name_words=frozenset(w for n, _ in people
                             for w in _WORD.findall(" ".join((n.split()[-1], *given_names(n.split()[0]),
                                                              n.split()[0])).casefold())),
        extra_words=frozenset(_WORD.findall(p.casefold())[0] for p in extra if _WORD.search(p)),
        first_names=_first_names([n.split()[0] for n, _ in people if len(n.split()) > 1],
                                 frozenset(w.casefold() for line in word_names for w in line.split())),
        by_first_name=_first_name_labels(people),
    )


def _first_names(names: list[str], word_names: frozenset[str]) -> re.Pattern[str] | None:
    """Return a regex for capitalised first names as whole words (not "Sam's" inside "Samsung").

    First names that are also capitalised words ("6 May", "Mark your ballot", "Will candidates...") are never
    read alone: monitor/data/pre-election/word-names.txt lists them.
    """
    names = sorted({n for n in names if n[:1].isupper() and len(n) >= 2 and n.casefold() not in word_names},
                   key=len, reverse=True)
    if not names:
        return None
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")


def _first_name_labels(people: list[tuple[str, str]]) -> dict[str, str]:
    """Return first name -> who has it ("candidate Sam Patel", or several joined by "or")."""
    labels: dict[str, list[str]] = {}
    for name, label in people:
        if len(name.split()) > 1:
            labels.setdefault(name.split()[0], []).append(label)
    return {first: " or ".join(dict.fromkeys(found)) for first, found in labels.items()}


def _campaign_surnames(surnames: list[str]) -> re.Pattern[str] | None:
    """Return a regex for surnames next to campaign words; a surname alone may be anybody's ("the Lowe family")."""
    names = "|".join(phrase_regex(s) for s in sorted(set(surnames), key=len, reverse=True) if s[:1].isupper())
    if not names:
        return None
    return re.compile(
        rf"(?<![\w@#])(?:(?i:team)\s+(?:{names})|(?:{names})(?:['’]s)?\s+(?i:campaign(?:ers|s)?|team|supporters"
        rf"|leaflets?|rally|for\s+(?:councillor|mayor)))(?!\w)"
    )


def gazetteer(config: Config, settings: PreElectionSettings) -> Gazetteer:
    """Return the compiled gazetteer of a configuration (cached)."""
    extra = tuple(p for p in settings.extra_parties if p.strip())
    return _build_gazetteer(_gazetteer_key(config, extra))


# ---------------------------------------------------------------------------------------------------
# Handles and hashtags
# ---------------------------------------------------------------------------------------------------

_TOKENS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Tokens that name a party wherever they sit in a handle or hashtag ("ToriesOut", "BrackleyLibDems").
_PARTY_TOKENS = frozenset({
    "tory", "tories", "libdem", "libdems", "greenparty", "reformuk", "reformparty", "ukip", "snp", "plaid",
    "plaidcymru", "conservatives", "labourparty", "workersparty", "conservativeparty", "brexitparty",
})
# Ordinary words that name a party only as the last token ("BrackleyLabour", not "LabourDay" or "GreenSpaces").
_TAIL_TOKENS = frozenset({"labour", "conservative", "greens", "reform", "independents", "liberals", "libdem"})
# An all-lower-case handle has no token boundaries: only endings no ordinary word has.
_LOWER_ENDINGS = ("labour", "conservatives", "libdems", "greenparty", "reformuk", "ukip")
# ...or starts with: "reformukbrackley", "libdemsnorthants" (not "labour", which starts "labourer").
_LOWER_STARTS = ("reformuk", "libdems", "greenparty", "ukip", "tories", "conservatives", "labourparty")


def party_in_name(name: str) -> bool:
    """Say whether a handle or hashtag is built from a party's name."""
    name = name.split(".", 1)[0]  # a domain handle's own label: "reformukbrackley.bsky.social"
    tokens = [t.casefold() for t in _TOKENS.findall(name)]
    pairs = [a + b for a, b in pairwise(tokens)]
    if any(t in _PARTY_TOKENS for t in tokens + pairs):
        return True
    if tokens and (tokens[-1] in _TAIL_TOKENS or (pairs and pairs[-1] in _TAIL_TOKENS)):
        return True
    return len(tokens) == 1 and name.islower() and (name.endswith(_LOWER_ENDINGS) or name.startswith(_LOWER_STARTS))


def handle_reason(platform: str, handle: str, gaz: Gazetteer) -> str | None:
    """Return who a handle belongs to when it is a councillor, candidate or party account, else None."""
    key = (platform, handle_key(handle))
    if key in gaz.councillor_handles:
        return gaz.councillor_handles[key]
    flat = squashed(handle)
    for name, label in gaz.squashed_names:
        if name in flat:
            return label
    if flat.startswith(("cllr", "councillor")) or flat.endswith(("cllr", "councillor")):
        return "a councillor's account"
    # A councillor's handle on another platform ("DaveHughesCllr" quoted on Facebook) is still theirs.
    same = next((label for (_, h), label in gaz.councillor_handles.items() if h == key[1]), None)
    if same is not None:
        return same
    if key[1] in gaz.parties.handles or party_in_name(handle.lstrip("@")):
        return "a party account"
    if any(p in flat for p in gaz.extra_squashed):
        return "a local party's account"
    return None


_MENTION = re.compile(r"(?<![\w@])@(?P<h>[\w.]{1,50})")
_HASHTAG = re.compile(r"(?<![\w#])#(?P<t>\w{2,60})")


def _tag_matches(text: str, field: str, platform: str, gaz: Gazetteer) -> Iterator[Match]:
    """Yield @mentions of councillors, candidates or parties, and hashtags naming them."""
    if "@" in text:
        for m in _MENTION.finditer(text):
            who = handle_reason(platform, m.group("h").rstrip("."), gaz)
            if who:
                yield Match(field, m.start(), m.end(), TAG, f"tags {who} (@{m.group('h')})")
    if "#" in text:
        for m in _HASHTAG.finditer(text):
            tag, flat = m.group("t"), squashed(m.group("t"))
            who = next((label for name, label in gaz.squashed_names if name in flat), None)
            if who is None and party_in_name(tag):
                who = "a party"
            if who:
                yield Match(field, m.start(), m.end(), TAG, f"hashtag names {who} (#{tag})")


# ---------------------------------------------------------------------------------------------------
# Names in the text
# ---------------------------------------------------------------------------------------------------

# "Cllr Smith", "County Councillor J. Jones": any councillor, registered here or not.
_ANY_COUNCILLOR = re.compile(
    r"(?<![\w@#])(?i:cllrs?|councillors?)\.?\s+(?:[A-Z]\.?\s*)?(?P<name>[A-Z][a-z][\w'’-]*)"
)



# Words of an election campaign: beside a councillor's or candidate's first name they make the name theirs.
# Not "election" or "vote" alone ("Sam from our elections team answers postal vote questions").
_CAMPAIGN_CONTEXT = re.compile(
    r"\b(?:campaign(?:s|ing|ers?)?|canvass\w*|leaflet\w*|door[\s-]?knock\w*|on\s+the\s+doorsteps?|hustings"
    r"|candidates?|standing\s+(?:for\s+(?:election|re-?election|the\s+council|council)|in\s+\w+\s+ward)"
    r"|re-?elect\w*|manifestos?|pledges?|(?:campaign|election)\s+trail|vote\s+for|get\s+out\s+the\s+vote"
    r"|polling\s+day|the\s+polls)\b",
    re.IGNORECASE,
)
# Council campaigns that are not electoral: "Sam's litter-pick campaign".
_CIVIC_CAMPAIGN = re.compile(
    r"\b(?:litter|recycl\w*|awareness|safety|fundrais\w*|charity|appeal|anti-\w+|plastic|climate|tree|planting"
    r"|clean[\s-]?up|(?:spring|autumn|big|great)\s+clean|tidy[\s-]?up|graffiti|speed\w*|dog|fouling|in\s+bloom|poppy|road"
    r"|health|wellbeing|kindness|shop\s+local)\b",
    re.IGNORECASE,
)


def _name_matches(text: Text, field: str, gaz: Gazetteer) -> Iterator[Match]:
    """Yield the councillors and candidates a text names."""
    if gaz.names is not None and not text.words.isdisjoint(gaz.name_words):
        for m in gaz.names.finditer(text.shown):
            words = re.split(r"[\s.]+", m.group().strip().rstrip("."))
            who = gaz.by_surname.get(words[-1].casefold().rstrip("'’")) or (gaz.by_first_name or {}).get(
                words[0], "a councillor or candidate")
            yield Match(field, m.start(), m.end(), NAME, f"names {who}")
        if gaz.campaign_surnames is not None:
            for m in gaz.campaign_surnames.finditer(text.shown):
                yield Match(field, m.start(), m.end(), NAME, f"names a candidate's campaign ({m.group()})")
    if gaz.first_names is not None and gaz.by_first_name and _CAMPAIGN_CONTEXT.search(text.shown):
        context = _CAMPAIGN_CONTEXT.search(text.shown)
        assert context is not None
        if not (context.group().casefold().startswith("campaign") and _CIVIC_CAMPAIGN.search(text.shown)):
            for m in gaz.first_names.finditer(text.shown):
                who = gaz.by_first_name.get(m.group(), "a councillor or candidate")
                yield Match(field, m.start(), m.end(), CONTEXT,
                            f"names {who} by first name beside campaign words ({' '.join(context.group().split())})")
    if "cllr" in text.low or "councillor" in text.low:
        for m in _ANY_COUNCILLOR.finditer(text.shown):
            if m.group("name").casefold() not in gaz.not_names:
                yield Match(field, m.start(), m.end(), NAME, f"names a councillor ({m.group().strip()})")


# ---------------------------------------------------------------------------------------------------
# Parties in the text
# ---------------------------------------------------------------------------------------------------

def _party_list_matches(text: Text, field: str, gaz: Gazetteer) -> Iterator[Match]:
    """Yield the names on the party list and the council's local parties."""
    names = gaz.parties
    if not text.words.isdisjoint(names.first_words):
        for pattern, needs_capital in ((names.plain, False), (names.capital, True), (names.exact, False)):
            for m in pattern.finditer(text.shown):
                if not needs_capital or m.group()[0].isupper():
                    yield Match(field, m.start(), m.end(), PARTY, f"names a political party ({m.group()})")
    if gaz.extra is not None and not text.words.isdisjoint(gaz.extra_words):
        for m in gaz.extra.finditer(text.shown):
            yield Match(field, m.start(), m.end(), PARTY, f"names a local party or group ({m.group()})")


# Words that are party names only in context: capitalised, and next to party words ("Labour candidate",
# "vote Green") or, for Labour and Conservative(s), anywhere but the start of a sentence ("the Labour group").
_AMBIGUOUS = re.compile(r"\b(?P<w>Labour|LABOUR|Conservatives?|CONSERVATIVES?|Greens?|GREENS?|Reform|REFORM"
                        r"|Independents?|INDEPENDENTS?|Liberals?|LIBERALS?)\b")
_AFTER_STRICT = re.compile(
    r"^(?:-(?:run|led|controlled|held)\b|\s+(?:party|candidates?|councillors?|cllrs?|mps?|voters|supporters"
    r"|manifesto|activists|majority|administration|politicians|slate|nominees?)\b)",
    re.IGNORECASE,
)
# Looser company for the words whose party sense is the usual one ("the Labour group", "Conservatives' leaflet").
_AFTER_LOOSE = re.compile(
    r"^(?:['’]s?(?!\w)|-(?:supporting|voting)\b|\s+(?:groups?|members?|leaders?|leadership|government|campaign(?:s|ers?)?"
    r"|wins?|won|gains?|gained|victory|votes?|branch|association|hq|ministers?|voter|supporter|activist)\b)",
    re.IGNORECASE,
)
_BEFORE_VOTE = re.compile(r"\b(?:vote|votes|voting|voted|elect)\s+(?:the\s+)?$", re.IGNORECASE)
_BEFORE_ACTION = re.compile(
    r"\b(?:back|backing|support|supporting|join|joined|keep|kick|stop|beat|defeat|oust|against|anti|pro)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the Independent Group", "Liberal Alliance": a capitalised group noun makes a proper name.
_AFTER_PROPER = re.compile(r"^\s+(?:Group|Groups|Alliance|Association|Councillors|Candidates)\b")
_NAMED_GROUPS = frozenset({"independent", "independents", "liberal", "liberals", "labour", "conservative"})
_POSSESSIVE = re.compile(r"^['’]s?")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# "Brackley Independents", "Banbury Independents": a capitalised place before the plural names a local group.
_PLACE_BEFORE = re.compile(r"(?<![\w'’])(?-i:[A-Z][a-z]+)\s+$")
_SHOPS = re.compile(r"\b(?:shop(?:s|ping)?|businesses|traders?|retail\w*|high\s+street|small\s+business\w*)\b",
                    re.IGNORECASE)
_LOOSE_WORDS = frozenset({"labour", "conservative", "conservatives", "greens", "independents", "liberals"})
# What follows "Labour" or "Conservative" when they are not parties: "Labour Day", "Conservative Club" (a venue).
_ORDINARY_AFTER = re.compile(
    r"^\s+(?:day|costs?|club|market|ward|wards|shortages?|force|intensive|savings?|hours|rates?|charges?|only"
    r"|exchange|relations|laws?|camps?|pains|supply|and\s+materials|estimates?|approach|figures?|guess|side|view"
    r"|restoration|repairs?|management|areas?|traders?|shops?|businesses|retailers|fair|week|trail)\b",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•|*\"“(\[-]|—|–)\s*$")
# Singular or plural forms that name a party mid-sentence on their own.
_MID_SENTENCE_PARTIES = frozenset({"labour", "conservative", "conservatives"})
# What a party, not work, does at a sentence's start: "Labour are the only ones ...", "Labour in Brackley have ...".
_PARTY_PREDICATE = re.compile(
    r"^(?:\s+(?:are|were|have|will|won['’]t|would|promised|pledged|delivered|fought|kept|want|wants|say|says|said|"
    r"claim|claims|has\s+(?:done|delivered|fought|promised|kept|always|never|pledged|run|led|stood))\b"
    r"|\s+in\s+(?-i:[A-Z])\w+\s+(?:are|were|have|has|will)\b|\s*:\s+(?:delivering|fighting|standing\s+up|working)\s+for\b)",
    re.IGNORECASE,
)


def _ambiguous_reason(text: str, m: re.Match[str], about_shops: Callable[[], bool]) -> str | None:
    """Return why a capitalised party-like word names a party here, or None."""
    word, before, after = m.group("w"), text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 40]
    folded = word.casefold()
    loose = folded in _LOOSE_WORDS
    if _ORDINARY_AFTER.match(_POSSESSIVE.sub("", after, count=1)):
        return None  # "Labour Day", "Independents' Day market", "Conservative Club"
    if (_AFTER_STRICT.match(after) or _BEFORE_VOTE.search(before)
            or (loose and _AFTER_LOOSE.match(after))
            or (folded in _NAMED_GROUPS and _AFTER_PROPER.match(after))
            or ((loose or folded == "reform") and _BEFORE_ACTION.search(before))):
        return f"names a political party ({word}, in a political context)"
    if word.isupper():
        return None
    if folded in _MID_SENTENCE_PARTIES and _PARTY_PREDICATE.match(after):
        return f"names a political party ({word})"
    if folded == "conservatives" or (folded in _MID_SENTENCE_PARTIES and not _SENTENCE_START.search(before)):
        return f"names a political party ({word})"
    if folded in ("greens", "independents", "liberals") and _THE_BEFORE.search(before):
        return f"names a political party (the {word})"
    place = _PLACE_BEFORE.search(before) if folded == "independents" else None
    if place and not about_shops():  # "Shop Brackley Independents": independent traders
        return f"names a local group ({place.group().strip()} {word})"
    return None


def _ambiguous_matches(text: str, field: str) -> Iterator[Match]:
    """Yield party names that are also ordinary words, where the context makes them parties."""
    # Whether the text is about shops is asked of the whole text: once, not once per "Independents" (quadratic).
    about_shops = cache(lambda: _SHOPS.search(text) is not None)
    for m in _AMBIGUOUS.finditer(text):
        reason = _ambiguous_reason(text, m, about_shops)
        if reason:
            yield Match(field, m.start(), m.end(), CONTEXT if "context" in reason else PARTY, reason)


# ---------------------------------------------------------------------------------------------------
# Campaigning
# ---------------------------------------------------------------------------------------------------

# "Vote for your favourite hanging basket" is a contest, not an election.
_CONTEST = re.compile(
    r"\b(?:competitions?|contests?|awards?|prizes?|in\s+bloom|best[\s-]+kept|favou?rites?|photo(?:graph)?s?|entry"
    r"|entries|nominat\w*|designs?|logos?|mascots?|shortlist\w*|categor(?:y|ies)|finalists?|people['’]?s\s+choice"
    r"|hanging\s+baskets?|scarecrows?|bake[\s-]?off|talent|winners?|judg\w+|survey|consultation|participatory"
    r"|community\s+chest|grants?|projects?|youth\s+council|school\s+council|sports\s+personality)\b",
    re.IGNORECASE,
)
_ELECTION_WORDS = re.compile(r"\b(?:elections?|polling|ballots?|candidates?|hustings|electorate|voters?"
                             r"|re-?election|campaign(?:s|ing)?|vote|votes|voting)\b", re.IGNORECASE)
_OWN_MANIFESTO = re.compile(r"\b(?:our|my|the\s+party['’]s|their\s+election)\s+(?:\w+\s+)?manifesto\b(?![\w-])"
                            r"(?!\s+(?:for\s+)?(?:young|youth|the\s+young|children|kids|play|nature|trees))",
                            re.IGNORECASE)
_REELECT = re.compile(
    r"(?<![\w#])re[-\s]?elect(?![\w-])(?!\s+(?:the|a|an|its|their|our)\s+(?:chair\w*|vice\w*|deputy|mayor|committee"
    r"|officers?|president|treasurer|secretary|trustees?|board)\b)",
    re.IGNORECASE,
)
_VOTE_FOR = re.compile(r"\bvote\s+for\s+(?P<obj>[^.!?\n]{0,60})", re.IGNORECASE)
_POLITICAL_OBJECT = re.compile(
    r"(?:me|us|him|her|them|change|real\s+change|a\s+change|experience|a\s+fresh\s+start|a\s+better\b.*"
    r"|the\s+right\s+(?:person|people|candidate|choice)|(?:the|our|my|your\s+local)\s+candidates?|local\s+voices"
    r"|(?:the\s+)?(?:people|team|ones|councillors?|party|person|candidates?|group)\s+(?:who|that)\s+(?!makes?\b|bakes?\b)\w+)\b",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[\w'’-]+")
# On one line, and not the end of a link or a compound ("gov.uk/register-to-vote" then "Full newsletter ..." below)
_VOTE_NAME = re.compile(r"(?<![-/.])\b(?i:vote)[ \t\u00a0]+(?P<x>[A-Z][\w'’-]+)")
_VOTE_TAG = re.compile(r"#(?i:vote(?:for)?|re-?elect)(?P<x>\w+)|#Elect(?P<y>[A-Z]\w*)|#(?i:team)(?P<t>\w+)")
_BACK = re.compile(
    r"\b(?i:back|support|choose|pick|elect)\s+(?P<x>(?:[A-Z][\w'’-]+\s+){1,3}|(?i:me|us)\s+|the\s+\w+\s+)"
    r"(?i:on\s+polling\s+day|at\s+the\s+(?:ballot\s+box|polls?)|in\s+the\s+(?:\w+\s+)?elections?|with\s+your\s+vote)\b"
)
_WEAK_CAMPAIGN = re.compile(r"\b(?:manifestos?|pledges?|pledged|election\s+promises?|campaign\s+leaflets?"
                            r"|(?:will|can)\s+deliver\s+for)\b", re.IGNORECASE)
# Words after "vote" that are about voting, not about whom to vote for ("Vote Early", "#VoteByPost").
_NEUTRAL_AFTER_VOTE = (
    "here", "now", "today", "tomorrow", "early", "safe", "by", "in", "at", "on", "for", "wisely", "and", "or",
    "if", "with", "as", "the", "a", "an", "your", "our", "their", "this", "that", "count", "id", "local", "smart",
    "matter", "postal", "post", "proxy", "online", "day", "is", "was", "will", "ready", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "may", "april", "june", "to", "best", "favou",
    "it", "responsibly", "2", "1",
)


def _vote_for_reason(obj: str) -> str | None:
    """Return why the object of "vote for" is political (a name, a party, "me", "change"), or None."""
    obj = obj.strip()
    # Only word characters go into the message: it is shown in e-mail and Slack.
    first = _FIRST_WORD.match(obj)
    word = first.group() if first else ""
    if _POLITICAL_OBJECT.match(obj):
        return f"campaigns (vote for {word}…)"
    if word[:1].isupper() and not word.casefold().startswith(_NEUTRAL_AFTER_VOTE):
        return f"campaigns (vote for {word})"
    return None


def _vote_tag_reason(m: re.Match[str], gaz: Gazetteer) -> str | None:
    """Return why a #VoteX / #ReElectX hashtag campaigns, or None for #VoteEarly, #Vote2027, #VoterID."""
    x = m.group("x") or m.group("y") or m.group("t") or ""
    folded = x.casefold()
    if m.group("t"):  # "#TeamOkafor" campaigns; "#TeamBrackley" is a town's
        named = party_in_name(x) or any(name in folded for name, _ in gaz.squashed_names) or folded in gaz.by_surname
        return f"campaigns ({m.group()})" if named else None
    if x[:1].islower():  # "#voterid": only lower-case tags that name a party or a person count
        if party_in_name(x) or any(name in folded for name, _ in gaz.squashed_names) or folded in gaz.by_surname:
            return f"campaigns ({m.group()})"
        return None
    return None if folded.startswith(_NEUTRAL_AFTER_VOTE) else f"campaigns ({m.group()})"


def _campaign_matches(text: Text, field: str, gaz: Gazetteer) -> Iterator[Match]:
    """Yield campaigning: "vote for X", "re-elect", "#VoteX", "back X on polling day", manifestos and pledges."""
    shown, low = text.shown, text.low
    if "elect" in low:
        for m in _REELECT.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns ({m.group()})")
    if "poll" in low or "ballot" in low or "election" in low or "your vote" in low:
        for m in _BACK.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns ({' '.join(m.group().split())})")
    if "vote" in low or "elect" in low:
        yield from _vote_matches(text, field, gaz)
    if "manifesto" in low:
        # a manifesto owned ("Our manifesto for a greener Brackley is out now!") is campaign material wherever it is
        for m in _OWN_MANIFESTO.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns ({m.group()})")
            break
    if any(w in low for w in ("manifesto", "pledge", "promise", "leaflet", "deliver")):
        election = [m.span() for m in _ELECTION_WORDS.finditer(shown)]
        for m in _WEAK_CAMPAIGN.finditer(shown):
            if _election_word_outside(election, m.start(), m.end()):
                reason = f"campaign material in an election context ({m.group()})"
                yield Match(field, m.start(), m.end(), CONTEXT, reason)


# A person's name as written: two or three capitalised words, the first not a word that opens other phrases.
_NOT_FIRST = (r"(?:The|This|That|These|Our|Your|Their|My|East|West|North|South|Central|Upper|Lower|Town|Parish|County"
              r"|District|Council|Ward|Mayor|Polling|Statement|Notice|Election|Local|New|Old|Great|Little|All|Every|Each"
              r"|Please|Meet|Say|Thanks|Thank|Welcome|Vote|Remember|Candidate|Candidates|Standing|Brackley|Saint|St"
              r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
              r"|August|September|October|November|December|Bank|High|Market|Church|Station|Manor|King|Queen|Royal)")
_PERSON = rf"(?-i:(?!{_NOT_FIRST}\b)[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}})"
# What someone stands for or in: an election, a ward or a council ("standing for the East ward", "standing in
# Brackley South"); "standing in for the clerk" is covering for someone, and running is for an election or a ward only
# ("running in London for the hospice" is a race).
_STANDS = (r"(?:running|runs)\s+(?:again\s+)?for\s+(?:election|re-?election|office|council|mayor"
           r"|(?:the\s+)?(?:town|parish|district|county)\s+council|(?:the\s+)?(?:(?-i:[A-Z][\w'’-]+)\s+){1,3}(?:ward|division|seat))"
           r"|(?:standing|stands)\s+(?:again\s+)?(?:for\s+(?:election|re-?election|office|council|mayor"
           r"|(?:the\s+)?(?:town|parish|district|county)\s+council|(?:the\s+)?(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,2}"
           r"(?:\s+(?:ward|division|seat))?)|in\s+the\s+(?:(?-i:[A-Z][\w'’-]+)\s+){1,3}(?:ward|division)"
           r"|in\s+(?!(?:(?-i:[A-Z][\w'’-]+)\s+){0,2}(?:Hall|Square|Street|Road|Lane|Park|Centre|Center|Library|Church"
           r"|Market|Place|Gardens?|Green|Foyer|Room|Chamber)\b)(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,2}"
           r"(?:\s+(?:ward|division))?|as\s+(?:a|an|the)\s+(?:\w+\s+)?candidate)\b"
           # "who is contesting the East ward next month"
           r"|contest(?:s|ing)?\s+(?:the\s+)?(?:(?-i:[A-Z][\w'’-]+)\s+){1,3}(?:ward|division|seat)\b"
           # "who is putting himself forward for Brackley South in next month's Town Council election"
           r"|(?:putting|puts|put)\s+(?:himself|herself|themselves|themself)\s+forward\s+(?:for|in)\s+"
           r"(?:(?:the\s+)?(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,2}|election|re-?election|council)\b")
# "Candidate for the Best Kept Village award": a contest's candidate, not an election's.
_NOT_CONTEST = r"(?!(?:[\w'’-]+\s+){0,4}?(?:award|awards|prize|competition|contest|trophy|title|cup|show)\b)"
# Candidates the config does not know, named beside what makes them candidates: "Priti Shah, standing for the East
# ward", "your candidate for the West ward, Hannah Obi", "Oliver Grant is the candidate for Brackley North".
_CANDIDATE_FRAME = re.compile(
    rf"(?<![\w@#]){_PERSON}\s*+(?:,|\(|-|–|—)?\s*+(?:[^.!?\n,]{{0,60}}?,\s*)?(?:who\s+is\s+|who[’']s\s+|is\s+|[’']s\s+)?"
    rf"(?:also\s+|now\s+)?(?:{_STANDS}"
    rf"|(?:(?:the|a|an|our|your)\s+)?(?:[\w-]+\s+){{0,2}}?candidates?\s+(?:for|in)\b"
    rf"|(?:\w+\s+){{0,2}}?(?:on\s+being\s+|been\s+|being\s+|was\s+|is\s+)?(?:selected|adopted|chosen|confirmed|nominated)"
    rf"\s+as\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?(?:[\w-]+\s+)?candidate\b)"
    rf"|\b(?:(?:your|our|the|a|local|independent)\s+(?:[\w-]+\s+)?)?candidates?\s+(?:for\s+(?:the\s+)?{_NOT_CONTEST}"
    rf"(?:(?-i:[A-Z][\w'’-]+)\s+){{1,3}}(?:ward|division)?\s*)?[,:–—-]?\s*{_PERSON}(?![\w'’-])",
    re.IGNORECASE,
)
# Campaigning without a name: polling day, then "remember who got the skate park built". "Remember who to call"
# is a service notice; the verb after "who" must tell what someone did or will do.
_REMEMBER_WHO = re.compile(
    r"\b(?:remember|don[’']?t\s+forget|do\s+not\s+forget|never\s+forget|think\s+(?:carefully\s+|hard\s+)?(?:about|of)"
    r"|bear\s+in\s+mind|cast\s+your\s+mind\s+back(?:\s+to)?|think\s+back(?:\s+to)?"
    r"|ask\s+yourself|keep\s+in\s+mind|spare\s+a\s+thought\s+(?:for|to)|give\s+(?:a\s+|some\s+)?thought\s+to|reflect\s+on)"
    r"\s+(?:who|whose|which\s+(?:party|councillors?|candidates?|side|team)"
    r"|those\s+who|the\s+(?:people|ones|councillors?|party|team)\s+(?:who|that))\s+(?!to\b)(?:\w+\s+){0,2}?"
    r"(?:\w+ed|got|built|kept|fought|made|brought|stood|did|won|saved|fixed|promised|voted|gave|took|cut|closed|sold"
    r"|let|really|actually|always|never|listens?|cares?|delivers?|gets?|(?:has|have|had)\s+(?:been\s+)?\w+(?:ing|ed))\b"
    # "think carefully about who you put in charge", "remember who you send to the Town Hall"
    r"|\b(?:remember|think\s+(?:carefully\s+|hard\s+)?about|consider|choose\s+carefully)\s+who\s+you\s+(?:put|send|elect|"
    r"choose|vote|trust|want)\s+(?:in\s+charge|back|in|to\s+(?:the\s+)?(?:town\s+hall|council)|to\s+run)\b"
    # "don't hand the keys back to the lot who closed the public toilets"
    r"|\b(?:don[’']?t|do\s+not|never)\s+(?:hand|give|let)\s+(?:the\s+)?(?:keys|reins|town(?:\s+hall)?|council|power)\s+"
    r"back\s+to\s+(?:the\s+lot|those|the\s+(?:people|ones|party|gang|crew))\s+(?:who|that)\b",
    re.IGNORECASE,
)
# The same said in two sentences: "Who delivered the new play park? Remember that in May."
_WHO_DID_ASKED = re.compile(
    r"\bwho\s+(?:\w+\s+){0,2}?(?:\w+ed|got|built|kept|fought|made|brought|won|saved|fixed|gave|stood\s+up)\b[^?.!\n]{0,80}\?",
    re.IGNORECASE)
_REMEMBER_THAT = re.compile(
    r"\b(?:remember|don[’']?t\s+forget|bear)\s+(?:that|this|it|them)(?:\s+in\s+mind)?\s+(?:in\s+may|on\s+(?:polling"
    r"\s+day|election\s+day|thursday|\d{1,2}(?:st|nd|rd|th)?\s+may)|when\s+you\s+(?:vote|go\s+to\s+the\s+polls)"
    r"|at\s+the\s+ballot\s+box|in\s+the\s+polling\s+booth)\b", re.IGNORECASE)
# A record credited by denying chance: "none of that happened by accident. Bear that in mind on 6 May."
_NO_ACCIDENT = re.compile(r"\b(?:(?:did\s*n[’']?t|did\s+not|never|none\s+of\s+(?:that|this|it)|nothing)\s+"
                          r"happen(?:ed)?\s+by\s+(?:accident|chance|magic))\b", re.IGNORECASE)
_POLL_TIME = re.compile(r"\b(?:polling\s+(?:day|booth|station)|the\s+polls?|ballot\s+(?:box|paper)"
                        r"|(?:when|before)\s+you\s+vote|cast\s+your\s+vote|election\s+day|elections?|voting"
                        r"|at\s+the\s+ballot)\b", re.IGNORECASE)


# Taking a side without naming anyone: a political group credited ("the Independent group", "the ruling group"),
# the government attacked, a petition or protest on a political issue promoted ("Sign the petition against ...").
_PARTISAN = re.compile(
    r"\b(?-i:Independent|Labour|Conservative|Tory|Green|Lib\s?Dem|Liberal\s+Democrat|Reform|Residents['’]?)[\s-]+"
    r"(?:group|administration|councillors|members|majority|slate|candidates|run|led|controlled)\b"
    r"|\b(?:ruling|controlling|majority|opposition)\s+(?:group|party|administration|coalition)\b"
    # a party held up as the example: "make sure they stand up to developers the way the Residents Association has"
    r"|\b(?:the\s+way|just\s+as|like)\s+(?:the\s+)?(?-i:Independents?|Labour|Conservatives?|Tor(?:y|ies)|Greens?"
    r"|Lib\s?Dems?|Liberal\s+Democrats|Reform(?:\s+UK)?|Residents['’]?\s+Association)\s+(?:has|have|did|does|do|always)\b"
    r"|\b(?:the\s+)?(?:government|tories|tory|labour|ministers?|westminster|whitehall|downing\s+street|chancellor|"
    r"treasury)['’]?s?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:cuts|austerity|squeeze|underfunding|failures?|failed|failing|incompetence|chaos|broken\s+promises|betray\w*|abandon\w*|"
    r"slash\w*|starv\w*|short-?chang\w*|"
    r"let\s+(?:us|down|councils)|have\s+left|has\s+left|threaten\w*|attack\w*)\b"
    # "Westminster has cut our funding again while costs keep rising"
    r"|\b(?:the\s+)?(?:government|westminster|whitehall|ministers?|tories|labour|treasury|chancellor)\s+(?:has|have|keeps?|kept"
    r"|is|are)\s+(?:(?:again|once\s+again|just|now)\s+)?(?:(?:cut|cutting)\s+(?:[\w-]+\s+){0,2}?(?:funding|grants?|budgets?"
    r"|money|support|services)|slashed|slashing|squeezed|squeezing|starved|starving|underfunded|short-?changed|abandoned"
    r"|failed)\b"
    # "Brackley is being short-changed by Whitehall"
    r"|\bshort-?changed\s+by\s+(?:the\s+)?(?:westminster|whitehall|government|ministers|treasury|chancellor)\b"
    # "forced on us by this government", "Millions have been stripped from local council budgets by central government"
    r"|\b(?:forced\s+on\s+us|imposed\s+on\s+us|stripped\s+(?:from|out\s+of)\s+[^.!?\n]{0,40}?|taken\s+from\s+us)\s+by\s+"
    r"(?:this|the|central|successive)\s+(?:central\s+)?governments?\b"
    # "Cuts from Westminster to rural bus funding have left ..."
    r"|\b(?:cuts|austerity|underfunding)\s+(?:from|by|imposed\s+by|handed\s+down\s+by)\s+(?:the\s+)?(?:westminster|whitehall"
    r"|government|central\s+government|ministers|treasury|tories|chancellor)\b"
    r"|\b(?:oppose|stop|scrap|fight|reverse|against)\s+(?:the\s+)?(?:government|tory|tories|labour|ministers?)['’]?s?\s+"
    r"(?:[\w-]+\s+){0,2}?(?:plans?|policy|policies|reforms?|cuts|bill|decision)\b"
    r"|\bsign\s+(?:(?:and|&|\+|n)\s+share\s+)?(?:the|our|this)\s+(?:[\w-]+\s+){0,2}petition\b"
    # "PETITION: Save the Post Office. Sign at reception or online": a campaign petition headed and promoted
    r"|\bpetition\s*[:\-–—]\s*(?:save|stop|keep|scrap|block|no\s+to|yes\s+to|protect)\b"
    # "needs 2,000 signatures by the end of the month"; "Four more years?"
    r"|\b(?:needs?|need|get|reach|hit)\s+(?:[\d,]+\s+more|[\d,]+|more|another\s+[\d,]+)\s+signatures\b|\b(?:four|4)\s+more\s+years\b"
    r"|\b(?:backing|back|supporting|support|behind|endorsing|endorse)\s+(?:the|our|this)\s+(?:[\w-]+\s+){0,2}"
    r"(?:petition|campaign\s+to\s+(?:save|stop|keep|scrap|block))\b|\badd\s+your\s+(?:name|signature|voice)\s+to\s+(?:the|our|this)\s+"
    r"(?:[\w-]+\s+){0,2}petition\b|\bjoin\s+(?:the|our|us\s+at\s+the)\s+(?:protest|march|rally|demo)\b"
    r"|\bprotest\s+(?:march|rally)\b"
    # "March against the closure of the fire station ... bring a placard"
    r"|\b(?:march|marching|rally|rallying|protest|protesting)\s+against\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:closure|cuts?|plans?"
    r"|decision|government|council|scheme|sell-?off)\b|\bbring\s+(?:a|your)\s+(?:placards?|banners?)\b"
    # a group wished more seats: "we'd love to see the Residents Association pick up a few more seats"
    r"|\b(?:see|want|hope|like|love|wish|help)\s+(?:to\s+see\s+)?(?:the\s+|our\s+|them\s+)?[\w'’ -]{0,40}?\s+"
    r"(?:pick\s+up|win|gain|take|hold|keep|grab|sweep|add)\s+(?:a\s+few\s+|some\s+|more\s+|a\s+couple\s+of\s+|\w+\s+)?"
    r"(?:more\s+)?seats\b"
    r"|\bon\s+the\s+campaign\s+trail\b|\b(?:join|help)\s+(?:us|our\s+\w+|the\s+team)\s+(?:canvassing|leafleting|"
    r"door[\s-]?knocking|on\s+the\s+doorsteps?)\b"
    r"|\bshame\s+on\s+(?:the\s+)?(?:opposition|government|tories|labour|councillors|them|those)\b"
    r"|\b(?:the\s+)?opposition\s+(?:\w+\s+)?(?:voted|voting|blocked|opposed|tried)\b"
    r"|\b(?:the\s+)?(?:mayor|deputy\s+mayor|chair(?:man|woman)?|leader)\s*,?\s*(?:who\s+is\s+|who['’]s\s+)?"
    r"(?:standing|running)\s+(?:again|for\s+re-?election)\b"
    # a further term wished on someone: "she deserves another term", "earned a second term"
    r"|\b(?:deserves?|deserved|earned|earns|worth)\s+(?:another|a\s+second|a\s+third|a\s+fresh|a\s+further)\s+"
    r"(?:\w+\s+)?(?:term|four\s+years|stint\s+(?:on|at)\s+the\s+council)\b",
    re.IGNORECASE,
)
# Persuasion about the vote: "depends on who runs this council", "don't let them ...", "time for a change".
_PERSUADE = re.compile(
    r"\bwho(?:ever)?\s+(?:runs|controls|leads|is\s+running|ends\s+up\s+running)\s+(?:this|the|your|our)\s+(?:council|town)\b"
    # "Whoever runs Brackley Town Council after that will decide whether the swimming pool stays open"
    r"|\bwhoever\s+(?:runs|controls|leads|is\s+running|ends\s+up\s+running)\s+(?:[\w-]+\s+){0,2}(?:council|town)\b"
    # "don't let the people who shut the youth club back in"
    r"|\b(?:don['’]?t|do\s+not)\s+let\s+(?:the\s+)?(?:people|those|anyone|councillors|ones)\s+who\b"
    r"[^.!?\n]{0,80}?\bback\s+in\b"
    r"|\b(?:don['’]?t|do\s+not)\s+let\s+(?:them|this\s+lot|that\s+lot|the\s+(?:\w+\s+)?(?:lot|party|parties|"
    r"councillors?|group|administration|tories|others|other\s+side))\b"
    r"|\bdeserves?\s+better(?=\s*(?:[.!?,;:]|$|than\b))|\b(?:more|another)\s+(?:\w+\s+)?years?\s+of\b"
    # not a change to a thing: "Time for a change at the Cattle Market car park: pay-by-app only from May"
    r"|\btime\s+for\s+(?:a\s+)?change\b(?!\s+(?:at|to|in|on|of|for)\s+(?:the\s+)?+(?!town\s+hall\b|council\b|top\b|helm\b"
    r"|chamber\b|brackley\b|town\b|guard\b)[\w'’-]+)"
    r"|\btime\s+for\s+(?:some\s+)?(?:fresh|new)\s+(?:faces|blood|thinking|ideas|start|team)\b"
    # "Time to bring some fresh faces into the Town Hall"
    r"|\btime\s+to\s+(?:bring|get|put|vote|let)\s+(?:in\s+)?(?:some\s+)?(?:fresh|new)\s+(?:faces|blood|people|team)\b"
    # "do you want the town run the way it has been, or is it time for something new?"
    r"|\b(?:time|ready)\s+for\s+something\s+(?:new|different|fresh|better)\b"
    r"|\b(?:town|brackley|council|things)\s+(?:run\s+|going\s+|carrying\s+on\s+)?(?:the\s+way\s+(?:it|they)\s+"
    r"(?:has|have|always\s+has|always\s+have)\s+been|as\s+(?:it|they)\s+(?:is|are|has\s+been|have\s+been))\s*,?\s+or\b"
    # a group's record credited before the poll: "the majority on the council has frozen the precept"
    r"|\bthe\s+(?:majority|ruling\s+group|controlling\s+group|administration)\s+(?:on|running)\s+(?:the|this|your|our)\s+"
    r"(?:town\s+)?council\s+(?:has|have|had|kept|froze|delivered|cut|held|built|saved)\b"
    # "As you head to the polls, spare a thought for who kept the market alive"
    r"|\b(?:spare\s+a\s+thought\s+for|think\s+(?:about|of|hard\s+about)|bear\s+in\s+mind|remember)\s+who(?:ever)?\s+"
    r"(?:kept|saved|fought|built|got|stood|delivered|fixed|closed|cut|shut|scrapped|ignored|let|\w+ed)\b"
    # "Fancy some fresh faces at the Town Hall? Polling stations are open ..."
    r"|\b(?:fancy|want|need|needs)\s+(?:some\s+)?(?:fresh|new)\s+(?:faces|blood)\b"
    # "Brackley can choose a fresh start for this council", "a new broom at the Town Hall"
    r"|\b(?:give|giving|gives)\s+(?:\w+\s+){0,3}?(?:the|a)\s+(?:fresh\s+start|new\s+broom|clean\s+sweep|new\s+direction)\b"
    r"|\b(?:choose|vote\s+for|chance\s+(?:of|for)|needs?|deserves?|time\s+for)\s+(?:a\s+)?(?:fresh\s+start|new\s+broom|clean\s+sweep|"
    r"new\s+direction|change\s+of\s+direction|fresh\s+faces|new\s+blood)\b"
    r"|\bmake\s+your\s+vote\s+count\s+for\b"
    # a point to carry to the polls: "Bear that in mind when you vote on 6 May", "Polling day is 6 May. Just saying"
    r"|\b(?:bear|keep)\s+(?:that|this|it|them)\s+in\s+mind\s+(?:when\s+you\s+(?:vote|go\s+to\s+the\s+polls)|at\s+the"
    r"\s+(?:polls?|ballot\s+box)|on\s+polling\s+day)\b|\bremember\s+(?:that|this)\s+when\s+you\s+vote\b|\bjust\s+saying\b|\bback(?:ing)?\s+(?:local|independent|the\s+right)\s+candidates\b"
    r"|\b(?:only|one)\s+(?:party|group|team|side|lot|bunch)\s+(?:who|that|on\s+this\s+council|has|have)\b"
    r"|\bsend\s+(?:them|a)\s+(?:a\s+)?message\b|\buse\s+your\s+vote\s+to\b"
    r"|\b(?:vote|voting|kick)\s+(?:them|the\s+\w+)\s+out\b"
    r"|\ba\s+vote\s+for\s+[\w\s]{1,30}\s+is\s+a\s+vote\b"
    r"|\b(?:let['’]?s\s+)?keep\s+(?:it|this|them|us)\s+(?:going|up|on\s+track)\s+(?:on|at|this|next)\s+(?:polling\s+day"
    r"|thursday|\d{1,2}(?:st|nd|rd|th)?\s+may|may\s+\d{1,2}|the\s+(?:ballot\s+box|polls?|election))"
    r"|\bmore\s+of\s+the\s+same\s+or\b|\bor\s+more\s+of\s+the\s+same\b|\bthe\s+choice\s+(?:on|this|next|in)\s+\w+\s+is\s+(?:simple|clear|stark|yours)\b"
    r"|\b(?:continue|carry\s+on)\s+(?:the|our|this)\s+good\s+work\b"
    r"|\bit\s+was\s+(?:this|the|our|their)\s+(?:council|administration|group|party|team|lot)\s+(?:that|who)\b"
    # "Before you vote, note that under the current administration council tax was frozen": a record credited
    r"|\bunder\s+(?:the\s+)?(?:current|present|outgoing|existing|this)\s+(?:administration|leadership|group|majority"
    r"|council)\b"
    # "Fancy a change at the Town Hall? Polling day is 6 May"
    r"|\b(?:fancy|want|need|ready\s+for|up\s+for)\s+a\s+change\s+(?:at|in|on|of)\s+(?:the\s+)?(?:town\s+hall|council"
    r"|top|helm|chamber|guard)\b",
    re.IGNORECASE,
)
# The choice steered without a name: "you know who to vote for", "pick the candidate who saved your pool",
# "support them on polling day", "don't change what's working".
_STEER = re.compile(
    # "6 May is when it gets decided. Choose carefully."
    r"\b(?:choose|vote|pick|think)\s+(?:very\s+)?(?:carefully|wisely)\b|"
    r"\byou(?:['’]ll)?\s+know\s+(?:who|which\s+(?:party|candidate|one|side))\s+to\s+(?:vote\s+for|back|support|"
    r"choose|pick)\b|\b(?:pick|choose|vote\s+for|back)\s+the\s+(?:candidate|party|councillor|people|team|side|ones?)s?\s+"
    r"(?:who|that|with)\b"
    # "On 6 May please remember: ... all happened because of the people running this council now. Don't throw that
    # away."
    r"|\b(?:because\s+of|thanks\s+to|delivered\s+by|down\s+to)\b[^!?\n]{0,120}?\bdon['’]?t\s+(?:throw|chuck|give|fritter"
    r"|let)\s+(?:that|it|this|all\s+(?:that|this))\s+away\b"
    r"|\bgive\s+(?:this|the|our|your)\s+town\s+the\s+council\s+it\s+deserves\b"
    # "The team that got the leisure centre roof fixed wants to finish the job. Keep the momentum going"
    r"|\bkeep\s+the\s+momentum\s+going\b|\b(?:wants?|deserves?|let\s+them|needs?)\s+(?:to\s+)?finish\s+the\s+job\b"
    r"|\bvote\s+(?:for\s+)?whoever\b"
    r"|\b(?:support|back|re-?elect|stick\s+with|keep)\s+(?:them|these\s+councillors|our\s+councillors|those\s+who)\s+"
    r"(?:on|at|this|next|in)\b|\bdon['’]?t\s+change\s+what['’]?s\s+working\b"
    # "your vote decides whether the pool stays open", "don't hand it to people who would sell it off"
    r"|\byour\s+vote\s+decides\s+(?:whether|if)\b|"
    # "Our library is under threat. Use your vote on 6 May to save it": the vote steered to a cause
    r"\buse\s+your\s+vote\s+(?:on\s+[\w ]{1,12}?\s+|in\s+may\s+|wisely\s+)?to\s+(?:save|protect|keep|stop|defend|fight"
    r"|rescue|block|change|bring\s+back)\b|\bdon['’]?t\s+(?:hand|give|let)\s+(?:it|them|this|our\s+\w+)\s+"
    r"(?:to|go\s+to)\s+(?:people|those|anyone|the\s+\w+)\s+who\b"
    # "the people who fixed the pool deserve another four years", "keep the team that froze your council tax"
    r"|\bdeserves?\s+another\s+(?:\w+\s+)?(?:years?|term|go|chance)\b"
    r"|\b(?:keep|re-?elect|return)\s+the\s+(?:team|people|councillors|group)\s+(?:who|that)\b"
    # "make sure the people who built our skate park keep their seats"
    r"|\b(?:keep|keeps|hold|holds|retain|retains|hang\s+on\s+to|hangs\s+on\s+to)\s+(?:their|his|her)\s+seats?\b",
    re.IGNORECASE,
)
# A date in the spring when local elections are held: "on 6 May", "May 6th".
_POLL_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:may|april|june)|(?:may|april|june)\s+\d{1,2}(?:st|nd|rd|th)?)\b", re.IGNORECASE)


# "after May", "in May": the poll of the spring named by its month.
_AFTER_POLL = re.compile(r"\b(?:after|before|come|in)\s+may\b(?!\s+\d)", re.IGNORECASE)


# Words without which _PARTISAN and _PERSUADE cannot match: most official posts skip both regexes.
_PARTISAN_WORDS = frozenset({
    "group", "administration", "councillors", "members", "majority", "slate", "candidates", "run", "led", "controlled",
    "coalition", "party", "government", "tories", "tory", "labour", "minister", "ministers", "westminster", "cuts",
    "austerity", "underfunding",
    "chancellor", "petition", "protest", "march", "rally", "demo", "trail", "canvassing", "leafleting", "knocking",
    "doorstep", "doorsteps", "shame", "opposition", "standing", "running", "whitehall", "downing", "treasury", "way",
    "like", "just",
    "seats", "term", "years", "stint", "signatures", "backing", "back", "supporting", "support", "behind", "endorsing",
    "endorse", "against", "placard", "placards", "banner", "banners"})
_PERSUADE_WORDS = frozenset({
    "runs", "controls", "leads", "let", "deserves", "deserve", "years", "year", "change", "count", "candidates",
    "only", "one", "message", "vote", "voting", "kick", "keep", "same", "choice", "continue", "carry", "it", "know",
    "pick", "choose", "back", "support", "whoever", "stick", "re-elect", "reelect", "working", "another", "return",
    "time", "need", "needs", "chance", "seat", "seats", "fancy", "want", "ready", "up", "under", "give", "giving",
    "bear", "mind", "remember", "saying", "carefully", "wisely", "think", "spare", "thought",
    "gives", "something", "way", "majority", "administration", "things", "town", "throw", "chuck", "away",
    "use"})


# Out on the campaign in plain words: "knocking doors on Manor Road today", "back on the doorstep tonight". Not a
# collection or survey done door to door ("knocking on doors for the Christian Aid week").
_CANVASS = re.compile(
    r"\b(?:canvass(?:ing|ed)?|door[\s-]?knock(?:ing|ed)?|knock(?:ing|ed)?\s+(?:on\s+)?(?:(?:the|some|a\s+few|more)\s+)?doors"
    r"|(?:out|back)\s+on\s+the\s+doorsteps?|on\s+the\s+doorsteps?\s+(?:in|round|around|across|tonight|today|this|again"
    r"|all|with|talking|listening|chatting)|leaflett?ing|out\s+(?:and\s+about\s+)?campaigning)\b"
    r"(?![^.!?\n]{0,60}\b(?:collect\w*|charity|appeal|christian\s+aid|poppy|survey|census|consultation|fundrais\w*"
    r"|sponsor\w*|donat\w*|trick|carol\w*|welfare|check\s+on))",
    re.IGNORECASE,
)
# Callers at the door warned about: "people pretending to be council staff are knocking on doors".
_DOORSTEP_CRIME = re.compile(r"\b(?:scam\w*|bogus|fake|pretend\w*|posing|rogue|cold[\s-]call\w*|doorstep\s+crime"
                             r"|fraudsters?|con\s+artists?|don['’]?t\s+let\s+(?:them|anyone)\s+in)\b", re.IGNORECASE)
_CANVASS_WORDS = frozenset({"canvass", "canvassing", "canvassed", "doors", "doorstep", "doorsteps", "leafleting",
                            "leafletting", "campaigning", "doorknocking", "knocking", "knocked"})


def _stance_matches(text: Text, field: str) -> Iterator[Match]:
    """Yield a side taken without a name: a group credited, the government attacked, persuasion at the polls."""
    shown, low = text.shown, text.low
    if not text.words.isdisjoint(_PARTISAN_WORDS):
        for m in _PARTISAN.finditer(shown):
            yield Match(field, m.start(), m.end(), CONTEXT, f"takes a political side ({' '.join(m.group().split())})")
            break
    if not text.words.isdisjoint(_CANVASS_WORDS):
        for m in _CANVASS.finditer(shown) if not _DOORSTEP_CRIME.search(shown) else ():
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns ({' '.join(m.group().split())})")
            break
    if text.words.isdisjoint(_PERSUADE_WORDS):
        return
    # Local elections are on a Thursday: "the choice on Thursday" is the poll's.
    if "your vote" in low or "thursday" in low or "wisely" in low or _POLL_TIME.search(shown) \
            or _POLL_DATE.search(shown) or _AFTER_POLL.search(shown):
        for m in _PERSUADE.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns at the polls ({' '.join(m.group().split())})")
            break
        if not _CONTEST.search(shown):  # "vote for whoever bakes the best cake" is a contest's
            for m in _STEER.finditer(shown):
                yield Match(field, m.start(), m.end(), CAMPAIGN,
                            f"campaigns at the polls ({' '.join(m.group().split())})")
                break


def _unnamed_matches(text: Text, field: str) -> Iterator[Match]:
    """Yield candidates named with a candidate frame, and campaigning at the polls without a name."""
    shown, low = text.shown, text.low
    if "standing" in low or "running" in low or "stand" in low or "candidate" in low or "runs" in low \
            or "contest" in low:
        for m in _CANDIDATE_FRAME.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"names a candidate ({' '.join(m.group().split())})")
    if ("remember" in low or "forget" in low or "think" in low or "mind" in low or "ask yourself" in low
            or "back to" in low or "thought" in low or "reflect" in low) \
            and (_POLL_TIME.search(shown) or _POLL_DATE.search(shown)):
        for m in _REMEMBER_WHO.finditer(shown):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns at the polls ({' '.join(m.group().split())})")
    if "remember" in low or "forget" in low or "bear" in low:
        said = _REMEMBER_THAT.search(shown)
        if said is not None and (_WHO_DID_ASKED.search(shown) or _NO_ACCIDENT.search(shown)):
            yield Match(field, said.start(), said.end(), CAMPAIGN,
                        f"campaigns at the polls ({' '.join(said.group().split())})")


def _election_word_outside(election: list[tuple[int, int]], start: int, end: int) -> bool:
    """Say whether an election word (spans in order) lies wholly before or after a span.

    The same as searching the text with the span cut out, as this was written: both ends of the span are word
    boundaries and election words are single words, so none can start or end at the cut. Searching a fresh copy
    of the text for every "pledge" was quadratic in a post of pledges.
    """
    return bool(election) and (election[0][1] <= start or election[-1][0] >= end)


def _vote_matches(text: Text, field: str, gaz: Gazetteer) -> Iterator[Match]:
    """Yield "vote for X", "vote X" and "#VoteX", unless the post is about a contest."""
    shown = text.shown
    if _CONTEST.search(shown):
        return
    for m in _VOTE_FOR.finditer(shown):
        reason = _vote_for_reason(m.group("obj"))
        if reason:
            yield Match(field, m.start(), m.end(), CAMPAIGN, reason)
    for m in _VOTE_NAME.finditer(shown):
        if not m.group("x").casefold().startswith(_NEUTRAL_AFTER_VOTE):
            yield Match(field, m.start(), m.end(), CAMPAIGN, f"campaigns (vote {m.group('x')})")
    if "#" in shown:
        for m in _VOTE_TAG.finditer(shown):
            reason = _vote_tag_reason(m, gaz)
            if reason:
                yield Match(field, m.start(), m.end(), CAMPAIGN, reason)


# ---------------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------------

def _visible(text: str) -> tuple[str, list[int] | None]:
    """Return the text without invisible characters and, if any were removed, where each kept one was."""
    if not INVISIBLE.search(text):
        return text, None
    keep = [i for i, ch in enumerate(text) if not INVISIBLE.match(ch)]
    return "".join(text[i] for i in keep), keep


@dataclass(frozen=True, slots=True)
class Text:
    """A text as the matchers read it: visible characters, folded for cheap look-ups, and its words."""

    shown: str
    low: str
    words: frozenset[str]

    @classmethod
    def of(cls, shown: str) -> Text:
        """Return the reading of a text."""
        low = shown.casefold()
        return cls(shown, low, frozenset(_WORD.findall(low)))


# A councillor the post says is not standing is no candidate (clause 10.1): "Cllr Sharma, who steps down in May".
STEPPING_DOWN = re.compile(
    r"(?:(?:\bnot|n['’]t|\bno\s+longer|\bnever)\s+(?:be\s+|going\s+to\s+be\s+|to\s+)?(?:standing|stand|seek(?:ing)?\s+"
    r"re-?election|run(?:ning)?(?:\s+again)?\b|be\s+on\s+the\s+ballot(?:\s+paper)?)|\b(?:step(?:s|ping)?|stood|stands?|standing)\s+down(?!\s+as\b)"
    r"|\bretir(?:es|ing|ed|ement)|\b(?:(?:his|her|their)(?:['’]s)?\s+last|final)\s+(?:full\s+)?(?:council|meeting)(?:\s+meeting)?"
    r"(?!\s+as\s+(?!a\s+councillor\b)))\b")
# The farewell a sentence on, by pronoun: "Priya Sharma's last Full Council was on Tuesday. She won't be standing."
_PRONOUN_NEXT = re.compile(r"[^.!?\n]{0,40}?\b(?:she|he|they)\b")
STANDING_AGAIN = re.compile(r"\b(?:(?<!not )(?<!n't )(?<!not be )(?<!n't be )(?<!n’t be )standing\s+(?:again|for|in)"
                            r"|(?<!not )(?<!n't )(?<!n’t )seeking\s+re-?election|re-?elect(?!ion))\b")


_MARKS = (". ", "! ", "? ", "\n")


def _sentence_end(low: str, pos: int) -> int:
    """Return where the sentence holding a position ends (its mark), or the text's end."""
    ends = [i for i in (low.find(mark, pos) for mark in _MARKS) if i >= 0]
    return min(ends) if ends else len(low)


def _stepping_down(low: str, start: int, end: int) -> bool:
    """Say whether the sentence naming someone says they are not standing again ("who steps down in May")."""
    lo = max(low.rfind(mark, 0, start) for mark in _MARKS)
    hi = _sentence_end(low, end)
    if hi < len(low) and _PRONOUN_NEXT.match(low, hi + 2):
        hi = _sentence_end(low, hi + 2)
    return STEPPING_DOWN.search(low, lo + 1, hi) is not None and STANDING_AGAIN.search(low, lo + 1, hi) is None


def text_matches(text: str, field: str, platform: str, gaz: Gazetteer) -> list[Match]:
    """Return every piece of political content in a text, with spans in the original text."""
    shown, keep = _visible(clip(text))
    reading = Text.of(shown)
    names = list(_name_matches(reading, field, gaz))
    if names and STEPPING_DOWN.search(reading.low):
        # Only the first few names are asked: each asks about its sentence, and a text of names is not a farewell.
        # A farewell says so once ("who is not seeking re-election ... Thank you, Margaret"): a first name beside the
        # farewell's own campaign words, with no one said to stand again, is the same farewell.
        whole = STANDING_AGAIN.search(reading.low) is None
        names = [m for n, m in enumerate(names)
                 if n >= 20 or not ((whole and "by first name" in m.reason)
                                    or _stepping_down(reading.low, m.start, m.end))]
    found = [*names, *_tag_matches(shown, field, platform, gaz),
             *_party_list_matches(reading, field, gaz), *_ambiguous_matches(shown, field),
             *_campaign_matches(reading, field, gaz), *_unnamed_matches(reading, field),
             *_stance_matches(reading, field)]
    if keep is None or not found:
        return found
    return [Match(m.field, keep[m.start] if m.start < len(keep) else len(text),
                  keep[m.end - 1] + 1 if 0 < m.end <= len(keep) else len(text), m.score, m.reason) for m in found]


def share_matches(post: Post, gaz: Gazetteer) -> list[Match]:
    """Return what makes a repost or quote political: whose post it is, and what it says."""
    shared = post.shared
    if shared is None:
        return []
    found = text_matches(shared.text, "shared.text", post.platform, gaz) if shared.text else []
    who = handle_reason(post.platform, shared.handle, gaz)
    if who:
        verb = "reposts" if shared.kind == "repost" else "quotes"
        found.append(Match("shared.handle", 0, len(shared.handle), SHARE, f"{verb} a post by {who} (@{shared.handle})"))
    return found


def election_at(when: datetime, config: Config) -> tuple[Election, datetime, datetime] | None:
    """Return the election whose pre-election period includes a moment, with the period's start and end."""
    for election in config.elections:
        start, end = election.period(config.zone)
        if start <= when <= end:
            return election, start, end
    return None


def _field_text(post: Post, field: str) -> str:
    """Return the text a match's span refers to."""
    if field == "shared.text" and post.shared:
        return post.shared.text
    if field == "shared.handle" and post.shared:
        return post.shared.handle
    return post.text


def pre_election(post: Post, ctx: Context) -> Iterator[Hit]:
    """Find official posts that name or tag candidates, councillors or parties, share their posts, or campaign.

    Clause 10.1: "In the six week run up to a local election councils have to be very careful not to do
    or say anything that could be seen in any way to support any political party or candidate."

    Only posts by official accounts count, and only from the Notice of Election (or six weeks before polling day) to
    the close of poll at 22:00. Naming a councillor counts even in routine news ("the Mayor, Cllr Whitfield, opened
    the library"): the LGA's guidance is to leave candidates out of council publicity. So does naming a candidate
    from the Statement of Persons Nominated, even in a factual post; linking to the published statement does not,
    nor does the office without a name ("the Mayor will open the fete"). A councillor the post says is not standing
    is no candidate ("Thanks to Cllr Sharma, who steps down in May"; not "steps down as chair ... and is standing
    again"). Sharing or quoting a councillor's, candidate's or party's post counts, and so does sharing any post
    whose text would count. Neutral information about the poll (polling stations, registering, photo ID), service
    and emergency announcements (clause 10.2), "vote for" in contests ("vote for your favourite hanging basket"),
    and false friends ("Green Flag award", "Labour Day", "labour costs", "conservation area", "independent
    examiner", "a Democratic Services officer") do not fire. Councillors campaigning on their own accounts is
    allowed.

    First names alone are everyone's ("Thanks to Sam for fixing the gate" does not fire). Beside campaign
    words (campaign launch, canvassing, leaflets, on the doorstep, hustings, candidates, polling day,
    manifesto, pledges, re-elect) a councillor's or candidate's first name does ("Well done Rebecca, Sam
    and the team for a brilliant campaign launch!"); a council hustings that names nobody is neutral
    information, but praising named people at one is not. A civic campaign (litter, recycling, road
    safety) is not a campaign word, and neither is "election" or "vote" alone ("Sam from our elections
    team"). "Jane W", a first name and the surname's initial, names the councillor like the full name;
    "Brackley Independents", a place before "Independents", names a local group unless the post is about
    shops ("Shop Brackley Independents").

    Candidates the config does not know are named by what makes them candidates: a capitalised name with
    "standing for/in" a ward or election, "is the candidate for", or after "your/our/local candidate (for X)"
    ("say hello to Priti Shah, standing for the East ward"); "standing in for the clerk" and "standing in the
    Town Hall" are not. Campaigning without a name counts at the polls: polling day or the polls in the post and
    "remember / don't forget / think about who" with what someone did ("remember who got the skate park built");
    "remember who to call" does not. A side taken without a name counts too: a political group credited ("the
    Independent group", "the ruling group"), the government attacked ("the government's cuts have left us ..."),
    a petition or protest promoted, and at the polls (polling day, a spring date or "your vote" in the post)
    persuasion ("depends on who runs this council", "don't let them ...", "time for a change"); "don't let the
    rain put you off" and "deserves better roads" do not.
    When no pattern matches, the learned layer may still flag an official post in the period (monitor/learned.py,
    docs/checks.md).
    """
    if post.role != "official" or not ctx.config.elections:
        return
    period = election_at(post.created_at, ctx.config)
    if period is None:
        return
    settings = ctx.settings("pre-election")
    gaz = per_config("pre-election:gazetteer", ctx.config, _config_gazetteer)
    matches = text_matches(post.text, "text", post.platform, gaz) + share_matches(post, gaz)
    if matches:
        yield _election_hit(post, matches, period, ctx)
    elif (settings.learned if isinstance(settings, PreElectionSettings) else False) and not (
            STEPPING_DOWN.search(post.text.casefold())) and not (  # the model reads a farewell's names as a candidate's
            post.reply_to and len(post.text.split()) < SHORT_REPLY_WORDS) and not (
            # "our Brackley independents on the High Street": the town's own shops, not the local group
            "independent" in post.text.casefold() and _SHOPS.search(post.text)):
        yield from _learned_hit(post, period, ctx)


# A short reply to someone ("@kev Thanks Kev, we've passed that on to the grounds team") is too little text for the
# model, which was trained on whole posts and weighs "that" or "thanks" there; the patterns still read it.
SHORT_REPLY_WORDS = 15


def _config_gazetteer(config: Config) -> Gazetteer:
    """Return the gazetteer of a configuration's own pre-election settings (digesting the config is not free)."""
    settings = config.checks.for_rule("pre-election")
    return gazetteer(config, settings if isinstance(settings, PreElectionSettings) else PreElectionSettings())


def side_taken(post: Post, ctx: Context) -> bool:
    """Say whether the pre-election patterns find only a side taken or a vote steered, no person, party or group named.

    ("After years of Westminster cuts, towns like ours pick up the pieces", not "Rebecca Lowe is brilliant".)
    """
    if not ctx.settings("pre-election").enabled:
        return False
    gaz = per_config("pre-election:gazetteer", ctx.config, _config_gazetteer)
    found = text_matches(post.text, "text", post.platform, gaz) + share_matches(post, gaz)
    return bool(found) and all(m.reason.startswith(_SIDE_REASONS) for m in found)


_SIDE_REASONS = ("takes a political side", "campaigns at the polls")


def campaign_read(post: Post, ctx: Context) -> bool:
    """Say whether only the pre-election learned layer flags the post: campaigning read with no one named.

    ("It's worth thinking about who actually turned up when it flooded. Some talk, some deliver.")
    """
    if not ctx.settings("pre-election").enabled:
        return False
    gaz = per_config("pre-election:gazetteer", ctx.config, _config_gazetteer)
    if text_matches(post.text, "text", post.platform, gaz) + share_matches(post, gaz):
        return False
    return any(pre_election(post, ctx))


def campaign_shared(post: Post, ctx: Context) -> bool:
    """Say whether the post shares what the pre-election patterns find ("worth a read 👇" over a party's post)."""
    if not ctx.settings("pre-election").enabled or post.shared is None:
        return False
    gaz = per_config("pre-election:gazetteer", ctx.config, _config_gazetteer)
    return bool(share_matches(post, gaz))


# Something of an election, a council or its people: without any, what the model weighs is a handle or "worth a read"
# ("You can also follow us on Bluesky: @brackleytc.bsky.social", eval/heldout39).
_ELECTORAL_CUE = re.compile(
    r"\b(?:vot\w*|poll\w*|ballot\w*|elect\w*|candidat\w*|standing|stand|stood|campaign\w*|manifesto\w*|part(?:y|ies)"
    r"|councils?|councillors?|cllrs?|town\s+hall|team|years|term|thanks?|thank\s+you|shout\s*out|big\s+up|good\s+luck"
    r"|well\s+done|may|thursday|future|change|listens?|deliver\w*|promis\w*|back\s+the|you\s+know\s+who"
    r"|\d{1,2}(?:st|nd|rd|th))\b", re.IGNORECASE)


_MENTIONS = re.compile(r"(?:\bRT\s+)?(?<![\w@])@[\w.-]{1,60}:?")


def _learned_hit(post: Post, period: tuple[Election, datetime, datetime], ctx: Context) -> Iterator[Hit]:
    """Flag an official post in the period that the learned layer (monitor/learned.py) scores at its threshold."""
    # The model was taught on few handles, so any @name weighs as a candidate's would ("@buggy_push_bex The market goes
    # back on Thursday 6 May"); a candidate's own handle is the gazetteer's to find. Blanked, offsets kept.
    found = verdict("pre-election", _MENTIONS.sub(lambda m: " " * len(m.group()), post.text))
    if found is None:
        return
    gaz = per_config("pre-election:gazetteer", ctx.config, _config_gazetteer)
    low = post.text.casefold()
    # A councillor's or candidate's surname counts, inside a hashtag too ("#TeamOkafor"); a first name alone is anyone's
    # ("Sam and Rebecca from the library team").
    if not _ELECTORAL_CUE.search(post.text) and not any(w in low for w in gaz.by_surname if len(w) > 3):
        return
    election, start, end = period
    local_end = end.astimezone(ctx.config.zone)
    yield Hit(
        message=f"Official post during the pre-election period of {election.name} (until {local_end:%d %b %Y %H:%M}). "
                + found.message,
        evidence=found.evidence() | {"excerpt": excerpt(post.text, *found.span), "election": election.name,
                                     "period": [start.isoformat(), end.isoformat()]},
    )


def _election_hit(post: Post, matches: list[Match], period: tuple[Election, datetime, datetime],
                  ctx: Context) -> Hit:
    """Return the finding for an official post with political content in the period."""
    election, start, end = period
    best = max(matches, key=lambda m: (m.score, -m.start))
    reasons = list(dict.fromkeys(m.reason for m in sorted(matches, key=lambda m: -m.score)))[:6]
    local_end = end.astimezone(ctx.config.zone)
    return Hit(
        message=(f"Official post during the pre-election period of {election.name} (until {local_end:%d %b %Y %H:%M}) "
                 f"{best.reason}."),
        evidence={
            "field": best.field, "span": [best.start, best.end],
            "excerpt": excerpt(_field_text(post, best.field), best.start, best.end), "score": best.score,
            "reasons": reasons, "election": election.name, "period": [start.isoformat(), end.isoformat()],
        },
    )
