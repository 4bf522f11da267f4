"""council-identity: a councillor's personal account presents itself as the Council (clauses 6.4, 6.5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

from rapidfuzz.distance import OSA

from monitor.checks.base import Context, Hit, excerpt, per_config
from monitor.config import Config
from monitor.lookalike import avatar_matches, find_run, official_claim, safe_text
from monitor.platforms.registry import PLATFORMS
from monitor.records import Account
from monitor.text import clip, normalise, replace_padded

# Words a bio may carry beside the council's name and still be nothing but the council's name.
FILLER = frozenset({"the", "of", "official", "account", "page", "profile", "uk", "england", "x", "twitter",
                    "facebook", "news", "updates", "info", "welcome", "to", "this", "is", "for", "hq", "and",
                    "northants", "northamptonshire", "gov", "www", "https", "http", "co", "org"})
# "jane [at] brackley-tc [dot] gov [dot] uk": the obfuscations people use to dodge scrapers. Each is replaced with
# the white space around it, as re.sub(r"\s*(?:\[at\]|...)\s*") would (monitor.text.replace_padded says why not so).
_AT = re.compile(r"\[at\]|\(at\)|\{at\}")
# A bare " at " is an email's only with a bare " dot " too: "my register at www.brackley-tc.gov.uk" is a web link.
_AT_WORD = re.compile(r"\sat\s")
_DOT_WORD = re.compile(r"\sdot\s")
# ... but "ruby.achterberg AT brackley-tc.gov.uk" in capitals, between a mailbox and a domain, is written to be one.
_AT_CAPS = re.compile(r"(?<=[\w.])[ \t]+AT[ \t]+(?=[\w-]+(?:\.[\w-]+)+)")
_DOT = re.compile(r"\[dot\]|\(dot\)|\{dot\}|\sdot\s")
# ... and a bare " at " before a real domain is one when the mailbox reads as one ("tom.okafor at brackley-tc.gov.uk",
# "j_whitfield at ...") or an email is named just before it ("Work email's jane at ...", "e-mail: clerk at ...");
# "my register at brackley-tc.gov.uk" stays a web link.
_AT_MAILBOX = re.compile(r"(?:(?<=\be-mail)|(?<=\bemail)|(?<=\bmail)|(?<=\binbox))(?:['’]s|\s+(?:is|me|me\s+on|me\s+at"
                         r"|address(?:\s+is)?)|:)?\s+(?!(?:me|us|them|him|her)\s)[\w+-]+\s+at\s+(?=[\w-]+(?:\.[\w-]+)+)"
                         r"|(?<![\w.+-])[a-z0-9+-]+(?:[._][a-z0-9+-]+)+\s+at\s+(?=[\w-]+(?:\.[\w-]+)+)")


class Sign(NamedTuple):
    """One way a profile presents itself as the council: where, what was seen, why it matters."""

    field: str
    text: str
    start: int
    end: int
    reason: str


# "OFFICAL", "oficial", "offcial", "officail": "official" as people mistype it, in folded text.
_OFFICIAL_TYPO = re.compile(r"\bof{1,2}i{0,2}c{1,2}(?:ia|ai|a|i)l{1,2}\b")


def _folded(text: str) -> str:
    """Return a field folded as the patterns read it, "official" spelled right however it was typed."""
    folded = normalise(safe_text(clip(text)))
    return _OFFICIAL_TYPO.sub("official", folded) if "of" in folded else folded


def _words(text: str) -> list[str]:
    """Return the lower-case words of a text."""
    return re.findall(r"[^\W_]+", normalise(safe_text(clip(text))))


def _plain_names(config: Config) -> list[str]:
    """Return the council's name, its short names, and the name without "Town"/"Parish" ("Brackley Council")."""
    names = [config.council.name, *config.council.short_names]
    bare = re.sub(r"\s+(?:town|parish|community|village)\s+(?=council\b)", " ", config.council.name, flags=re.I)
    return names + ([bare] if bare != config.council.name else [])


def _name_runs(config: Config) -> list[tuple[str, str]]:
    """Return (letters, as written) of the council's name, its short names and its bare form."""
    names = _plain_names(config)
    return [("".join(_words(n)), n.strip()) for n in names if _words(n)]


def _misspelt(words: list[str], name: list[str]) -> bool:
    """Say whether words spell a name with a slip or two: a letter dropped, doubled, swapped or changed.

    At most one slip a word and two in all, and a short word ("TC") exact: "Brackly Town Council" and "Brackley
    Twon Council" are the council's name, "Brackley Town Councillor", "Brackley Town Counsel" and "Brackley FC" are not.
    """
    slips = 0
    for word, part in zip(words, name, strict=True):
        if word == part:
            continue
        if len(part) < 4 or OSA.distance(word, part, score_cutoff=1) > 1:
            return False
        slips += 1
    return 0 < slips <= 2


# A sport or a club's word beside the council's initials: "Brackley TC 🎾 ladies' captain", "Brackley TC cricket,
# 2nd XI". Clubs share the initials ("TC" is a tennis club, a triathlon club), so the initials are the club's there.
_SPORT_EMOJI = re.compile("[\u26bd\u26be\u26f3\U0001F3C0\U0001F3C6\U0001F3C8\U0001F3C9\U0001F3CA\U0001F3CF-\U0001F3D3"
                          "\U0001F3BE\U0001F3C3\U0001F3C5\U0001F3CC\U0001F6B4\U0001F94A\U0001F94E\U0001F94F\U0001F3F8"
                          "\U0001F3F9\U0001F945\U0001F947-\U0001F949\U0001F3BF\U0001F6A3]")
_CLUB_WORDS = re.compile(
    r"\b(?:club|tennis|cricket|rugby|hockey|football|netball|bowls|golf|triathlon|athletics|swimming|rowing|cycling"
    r"|squash|badminton|captain|capt|skipper|vice[\s-]captain|fixtures?|league|juniors|ladies|ladies['’]|men['’]s"
    r"|veterans|1st\s+xi|2nd\s+xi|xi|doubles|singles|coaching)\b"
    # "tennis courts", "football pitches": the council's facilities, not a club
    r"(?!\s+(?:courts?|pitch(?:es)?|nets|facilities|grounds?|fields?|parks?)\b)", re.IGNORECASE)
# ... unless the council is named in the same breath: "Brackley TC ⚽ updates from the council".
_COUNCIL_BESIDE = re.compile(r"\b(?:council|councils|town\s+hall|residents)\b", re.IGNORECASE)


def _initials_form(written: str) -> bool:
    """Say whether a name of the council is its initials form ("Brackley TC"), which clubs share."""
    return any(len(word) <= 4 and word.isupper() for word in written.split())


def _club_initials(written: str, text: str) -> bool:
    """Say whether the council's initials stand beside a sport or a club's word, so they are a club's.

    text is the initials and the few words after them, up to the end of their clause.
    """
    text = re.split(r"[.!?;|\n]", text, maxsplit=1)[0]
    sport = _SPORT_EMOJI.search(text) is not None or _CLUB_WORDS.search(text) is not None
    return _initials_form(written) and sport and _COUNCIL_BESIDE.search(text) is None


def _display_name_sign(account: Account, config: Config) -> Sign | None:
    """Return the council's name used as (part of) the display name, spelled right or with a slip."""
    words = _words(account.display_name)
    for target, written in _name_runs(config):
        if find_run(words, target) and not _club_initials(written, account.display_name):
            at = normalise(account.display_name).find(written.casefold())
            start = max(0, at)
            return Sign("display_name", account.display_name, start, start + len(written),
                        f"the display name uses the council's name '{written}'")
    # Clause 6.4's "other Council identification": a misspelt name ("Brackly Town Council") still reads as the
    # council's to anyone scrolling past, whether the slip was careless or meant to dodge a name match.
    for name in _plain_names(config):
        parts = _words(name)
        for i in range(min(len(words), 40) - len(parts) + 1):
            if len(parts) > 1 and _misspelt(words[i:i + len(parts)], parts):
                return Sign("display_name", account.display_name, 0, len(account.display_name),
                            f"the display name misspells the council's name '{name}' "
                            f"('{' '.join(words[i:i + len(parts)])}')")
    return None


def _sole_bio_sign(account: Account, config: Config) -> Sign | None:
    """Return the council's name when it is all the bio says (besides filler and the council's address)."""
    words = _words(account.bio)
    address = {w for a in config.council.contact.addresses for w in _words(a)}
    for target, written in _name_runs(config):
        span = find_run(words, target)
        if span and all(w in FILLER or w in address for w in words[: span[0]] + words[span[1]:]) \
                and not _club_initials(written, account.bio):
            return Sign("bio", account.bio, 0, len(account.bio), f"the bio is just the council's name '{written}'")
    return None


def _misspelt_bio_sign(account: Account, config: Config) -> Sign | None:
    """Return the council's name misspelt as the whole bio, or as its title ("Brackley Twon Council").

    The display name's slip rule (_misspelt) read at the bio's opening words: with them spelled right, the bio
    must be the council's name alone or headed with it, as _sole_bio_sign and _title_bio_sign read it.
    """
    folded = normalise(safe_text(clip(account.bio)[:300]))
    words = list(re.finditer(r"[^\W_]+", folded))
    if words and words[0].group() == "the":
        words = words[1:]
    for name in _plain_names(config):
        parts = _words(name)
        if len(parts) < 2 or len(words) < len(parts) or not _misspelt([w.group() for w in words[:len(parts)]], parts):
            continue
        spelled = replace(account, bio=name + folded[words[len(parts) - 1].end():])
        sign = _sole_bio_sign(spelled, config) or _title_bio_sign(spelled, config)
        if sign:
            slip = folded[words[0].start():words[len(parts) - 1].end()]
            said = sign.reason.split(" the council", 1)[0]  # "the bio is just" or "the bio is headed with"
            return Sign("bio", account.bio, 0, len(account.bio),
                        f"{said} the council's name misspelt ('{slip}' for '{name}')")
    return None


# What may follow a title-like "Brackley Town Council –" and keep it a description of the person's role.
_ROLE_AFTER = re.compile(
    r"(?:(?:town\s+|parish\s+|ward\s+|independent\s+|\w+\s+ward\s+)?(?:councillor|cllr|member|rep\b|representative)"
    # "serving as councillor for ...", not "serving our market town since 1974" (the council's own line)
    r"|representing|serving(?=\s+(?:as|on|in|the\s+\w+\s+ward|\w+\s+ward)\b)|elected|mayor|deputy|chair|vice|leader"
    r"|i\b|i['’]m|my\b|me\b"
    r"|\w+\s+ward\b(?!\s+(?:bulletin|news|updates?|notices?|page|feed|edition|digest|roundup))"
    r"|(?:independent|labour|conservative|lib\s*dems?|liberal|green|reform)\b)",
)


def _title_bio_sign(account: Account, config: Config) -> Sign | None:
    """Return the council's name opening the bio as its title ("Brackley Town Council – the voice of ...").

    A bio is read from the top, and X cuts it short in lists and search results: a bio headed with the
    council's name, as a title set off by a dash, colon, bar, full stop or line break, presents the account
    as the council's even if a disclaimer follows. "Brackley Town Council – South ward councillor" goes on
    to say whose role it is, and "Councillor on Brackley Town Council" starts with the person: neither counts.
    """
    text = " ".join(normalise(safe_text(clip(account.bio)[:300])).replace("\n", " | ").split())
    for _, written in _name_runs(config):
        name = re.escape(" ".join(normalise(written).split()))
        found = re.match(rf"(?:the\s+)?{name}(?:['’]s)?\s*(?:[-–—:|•·.!~,]+|\s\||\s[^\w\s]+)\s*(?P<rest>\S.*)", text)
        # "Brackley TC 🎾 ladies' captain": the initials head a club's line, not the council's title.
        if found and not _ROLE_AFTER.match(found.group("rest")) \
                and not _club_initials(written, text[:found.start("rest") + 40]):
            return Sign("bio", account.bio, 0, min(len(account.bio), len(written)),
                        f"the bio is headed with the council's name '{written}'")
    return None


# "Council notices go on the Council's official page", "see the official page of the Town Council": the claim is
# where something else goes, the council's page named as a destination, not this profile.
_POINTING_VERB = re.compile(r"\b(?:(?:go|goes|went|get|gets|appear|appears|belong|belongs|live|lives|posted"
                            r"|published|put\s+up|shared)\s+(?:up\s+|out\s+)?(?:on|onto|at|via|to)|see|visit|follow"
                            r"|check(?:\s+out)?|find|use|look\s+up|search\s+for|head\s+to|over\s+(?:on|at))\s+"
                            r"(?:the\s+|its\s+|their\s+)?$")


# ... or as the subject of where it is: "The Council's official account lives on X (@BrackleyTC); this is my own
# corner".
_LIVES_ELSEWHERE = re.compile(r"s?\s*(?:(?:is|are|lives?|sits?|runs?|posts?|can\s+be\s+found|is\s+found|are\s+found)\s+"
                              r"(?:over\s+)?(?:on|at|as)\s+|(?:is|are\s+)?\(?@\w|is\s+(?:https?://|www\.)"
                              # "The Council's official page is BrackleyTownCouncil – ... go there"
                              r"|is\s+(?!here\b|this\b|below\b|me\b|mine\b)[\w.]+\s*(?:[–—-]|,|;|\.|\)|$))")


def _claim_pointed_to(folded: str, claim: str) -> bool:
    """Say whether a claim found by official_claim stands as a destination pointed to ("go on the official page")."""
    norm = " ".join(folded.replace("\u2019", "'").split())
    at = norm.find(claim)
    return at >= 0 and ((at > 0 and _POINTING_VERB.search(norm, max(0, at - 30), at) is not None)
                        or _LIVES_ELSEWHERE.match(norm, at + len(claim)) is not None)


def _claim_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield wording that presents the account as the council's own ("official account of the council")."""
    names = (config.council.name, *config.council.short_names)
    for field in ("display_name", "bio", "pinned_text"):
        text = getattr(account, field)
        claim = official_claim(_folded(text), names)
        if claim and _claim_pointed_to(_folded(text), claim):
            continue
        if claim:
            yield Sign(field, text, 0, min(len(text), 80), f"the {field.replace('_', ' ')} says '{claim[:80]}'")


# The account speaking as the council: "this account sets out the Council's position", "here we give Brackley Town
# Council's official response". The subject is the account or a corporate "we", never "I" (a councillor may explain
# a decision); a negation in between ("this page does not set out ...") is no claim.
_VOICE = (
    r"\b(?:this\s+(?:account|page|profile|feed|channel|site)|here\s+we|we|here\s+you\s+(?:will|can|['’]ll)\s+find"
    r"|(?<!i['’]m\s)(?<!i\sam\s)here\s+to)"
    r"\s+(?:(?!not\b|never\b|no\b)[a-z]+\s+){{0,2}}?(?:sets?\s+out|states?|gives?|provides?|publish(?:es)?|shares?|"
    r"presents?|explains?|announces?|represents?|speaks?\s+for|is\s+the\s+voice\s+of|communicates?|puts?\s+forward|"
    r"the\s+home\s+of)\s+(?:all\s+)?(?:the\s+)?(?:official\s+)?(?:{names})(?:['’]s|['’])?(?:\s+(?:official\s+)?"
    r"(?:position|positions|view|views|policy|policies|response|responses|statements?|decisions?|news|line|"
    r"stance|announcements?))?\b"
    r"|\bthis\s+is\s+where\s+(?:the\s+)?(?:{names})\s+(?:shares|sets\s+out|gives|publishes|posts|announces|explains|"
    r"speaks|states)\b"
)


def _alternation(names: list[str]) -> str:
    """Return names as one regex alternation, folded as normalise() folds, any white space between their words."""
    return "|".join(r"\s+".join(map(re.escape, normalise(n).split())) for n in names if n.split())


# A clause ends at ; | or a line break, or at . ! ? before a space or the end: not at the dots of a web address
# ("brackley-tc.gov.uk"), which belong to the clause that points there.
_CLAUSE_BREAK = re.compile(r"[;|\n]|[.!?](?=\s|$)")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Return where the clause around a span starts and ends (a full stop, ; ! ? | or a line break)."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 400), start)),
                       default=max(0, start - 400) if start > 400 else 0)
    after = _CLAUSE_BREAK.search(text, end)
    return clause_start, after.start() if after else len(text)


def _asked(text: str, clause_end: int) -> bool:
    """Say whether a clause is a question ("Want the Council's official line?"): it claims nothing."""
    return text[clause_end:clause_end + 1] == "?"


def _voice_pattern(config: Config) -> re.Pattern[str]:
    """Return _VOICE with the council's names in place (built once per configuration)."""
    names = [config.council.name, *config.council.short_names, "town council", "council"]
    alternation = _alternation(names)
    return re.compile(_VOICE.format(names=alternation))


def _voice_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield wording in which the account speaks as the council ("this account sets out the Council's position")."""
    pattern = per_config("council-identity:voice", config, _voice_pattern)
    for field in ("bio", "pinned_text"):
        text = getattr(account, field) or ""
        found = pattern.search(_folded(text))
        if found:
            yield Sign(field, text, 0, min(len(text), 80),
                       f"the {field.replace('_', ' ')} speaks as the council ('{found.group()[:80]}')")
            return


# Speaking as the council in other words: "we at the town council", "news and updates from Brackley Town
# Council", "official council announcements", "posting on behalf of the council". A pointer to the council's real
# account ("for official council news follow @BrackleyTC") or a negation ("I don't speak for the council") is not.
_AS_COUNCIL = (
    r"\bwe\s+(?:here\s+)?(?:at|from|in)\s+(?:the\s+|your\s+)?(?:{names})\b"
    # "Welcome to the Town Council's little corner of Facebook!"
    r"|\bwelcome\s+to\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:little\s+|own\s+|official\s+|new\s+)?(?:corner"
    r"|page|home|account|feed|patch|space|spot)\b"
    # "This is where Town Council notices go while the official page gets rebuilt"
    r"|\bthis\s+is\s+where\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:notices|news|updates|announcements|statements"
    r"|decisions)\s+(?:will\s+)?(?:go|get\s+posted|are\s+posted|be\s+posted|appear|live|land|go\s+up)\b"
    # "We're the team at your Town Council keeping Brackley ticking"
    r"|\b(?:we['’]re|we\s+are)\s+the\s+(?:team|people|folk|staff|crew|gang)\s+(?:at|from|behind|in)\s+(?:the\s+|your\s+)?"
    r"(?:{names})\b"
    # "this page is basically the council's noticeboard for a bit"
    r"|\bthis\s+(?:page|account|feed|profile)\s+is\s+(?:now\s+|basically\s+|effectively\s+|essentially\s+|pretty\s+much\s+"
    r"|in\s+effect\s+)?(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:official\s+)?(?:noticeboard|notice\s+board|page"
    r"|account|outlet|mouthpiece|voice|channel|feed)\b"
    r"|\b(?:we\s+are|we['’]re|this\s+is|here\s+is)\s+(?:the\s+|your\s+)(?:official\s+)?(?:{names})\b"
    # "Hiya! This is Brackley Town Council", not "this is Brackley Town Council's newest member"
    r"|\b(?:this\s+is|we\s+are|we['’]re)\s+(?:{names})\b(?!['’])"
    # "... in one feed, brought to you by Brackley Town Council"; "The Town Council, tweeting."
    r"|\bbrought\s+to\s+you\s+by\s+(?:the\s+|your\s+)?(?:{names})\b"
    # a greeting signed by the council: "Hello from Brackley Town Council!", "Good morning from your Town Council",
    # "A warm hi from all of us at the council"; not "hello from the Town Council meeting" or "... Council's new member"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:an?\s+(?:big\s+|warm\s+|quick\s+|friendly\s+)?)?(?:hello|hi|hiya|hey|greetings"
    r"|good\s+(?:morning|afternoon|evening|day)|howdy|waves?|waving|welcome)\s*[,!]?\s*(?:(?:all|everyone|everybody"
    r"|folks|brackley|there)\s*[,!]?\s+)?from\s+(?:(?:all\s+of\s+)?(?:us|everyone)\s+at\s+)?(?:the\s+|your\s+)?(?:{names})"
    r"\b(?!['’]|\s+(?:meetings?|chamber|offices?|building|estate|elections?|candidates?|count|hustings|stall|stand"
    r"|tent|awards?|dinner|quiz|chair|member|members|councillors?))"
    r"|^\s{{0,3}}(?:the\s+|your\s+|[a-z]+['’]s\s+)?(?:{names})\s*,?\s+(?:now\s+)?(?:tweeting|posting|skeeting|online"
    r"|on\s+(?:x|twitter|facebook|bluesky))\b"
    # "This page is the Town Council's way of telling you ...", "Straight from the Town Hall to your timeline"
    r"|\bthis\s+(?:page|account|feed|profile)\s+is\s+(?:the\s+|your\s+)?(?:{names})['’]s?\s+(?:own\s+)?(?:way|place"
    r"|home|channel|voice|outlet|means|window)\b"
    r"|\bstraight\s+from\s+the\s+town\s+hall\s+to\s+your\b"
    # a notice in the council's "we", signed by it: "We'd love every street to take part. – Brackley Town Council"
    r"|\b(?:we|we['’](?:d|re|ll|ve)|us|our)\b[^\n]{{0,300}}?\s[-–—~]\s*(?:the\s+|your\s+)?(?:{names})\s*[.!]*\s*$"
    r"|\bofficial\s+(?:(?:{names})\s+)?(?:news|updates?|announcements?|notices?|statements?|information|info|"
    r"communications?|responses?|positions?|business)\b"
    r"|\bon\s+behalf\s+of\s+(?:the\s+|your\s+)?(?:{names})\b|\bon\s+(?:the\s+|your\s+)?(?:{names})['’]s?\s+behalf\b"
    # "setting out where Brackley Town Council stands", "the Council's line on planning ... explained"
    # "Setting out the Town Council's budget decisions for residents", "Publishing the council's planning responses"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:setting\s+out|laying\s+out|publishing|announcing|presenting|sharing|posting"
    r"|communicating|explaining)\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:\w+\s+){{0,2}}?(?:decisions"
    r"|positions?|policies|policy|statements?|announcements?|responses?|resolutions|plans)\b"
    r"|\b(?:setting\s+out|set\s+out|explain\w*|telling\s+you|tell\s+you|sharing)\s+where\s+(?:the\s+|your\s+)?"
    r"(?:{names})\s+stands\b|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})['’]s?\s+(?:official\s+)?"
    r"(?:line|position|stance)\s+on\b"
    # "The Town Council is pleased to confirm ..." pinned as the account's own; "the town council's latest";
    # "Where Brackley Town Council lives now"; "The Planning Committee of Brackley Town Council, online"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+)?(?:{names})\s+(?:is|are)\s+(?:pleased|delighted|proud|happy)\s+to\s+"
    r"(?:confirm|announce|report|share|welcome)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})['’]s\s+latest\b"
    r"|\bwhere\s+(?:the\s+)?(?:{names})\s+(?:lives|posts|hangs\s+out|is\s+now)\b"
    r"|\b(?:committee|team|office)\s+of\s+(?:the\s+)?(?:{names})\s*,?\s+online\b"
    # "Got a question for the Town Council? You've found it"
    r"|\b(?:{names})\s*\?\s*(?:then\s+)?you['’]ve\s+(?:found|reached|come\s+to)\s+(?:it|us|the\s+right\s+place)\b"
    # "I post them here for Brackley Town Council": the account as the council's outlet, whoever types
    r"|\b(?:post|posting|posts|share|sharing|shares|tweet|tweeting|publish\w*)\s+(?:\w+\s+){{0,3}}?(?:here|on\s+here)\s+"
    r"(?:for|on\s+behalf\s+of)\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"|\b(?:speaking|speaks?|talking|writing|tweeting|posting|answering|responding)\s+(?:here\s+)?(?:for|as)\s+"
    r"(?:the\s+|your\s+)?(?:{names})\b"
    r"|\b(?:the\s+)?(?:{names})(?:['’]s|['’])?\s+(?:own\s+)?(?:official\s+)?(?:account|page|channel|feed|voice|"
    r"statements?|announcements?|position|response|view)s?\s+(?:is\s+|are\s+)?(?:here|below|on\s+this\s+"
    r"(?:account|page|feed))\b"
    # "Council statements get posted here first", "the Town Council's announcements go up on this page"
    r"|\b(?:official\s+)?(?:{names})(?:['’]s|['’])?\s+(?:official\s+)?(?:statements?|announcements?|press\s+releases?"
    r"|news|decisions|notices|responses|business|agendas|minutes|papers)\s+(?:(?:get|gets|are|is|go|goes|will\s+be|always|usually|often)\s+){{1,2}}"
    r"(?:posted|published|shared|put\s+up|announced|released|issued|up|out)\s+(?:first\s+)?(?:here|on\s+here"
    r"|on\s+this\s+(?:account|page|feed|profile))\b"
    # "Every Town Council notice lands on this page before the noticeboard": its notices arrive here, first
    r"|\b(?:{names})(?:['’]s|['’])?\s+(?:official\s+)?(?:statements?|announcements?|news|decisions?|notices?"
    r"|responses?|updates?)\s+(?:(?:always|usually|first|now)\s+)?(?:lands?|appears?|arrives?|turns?\s+up|shows?\s+up"
    r"|comes?\s+out|goes\s+up|go\s+up)\s+(?:first\s+)?(?:here|on\s+here|on\s+this\s+(?:account|page|feed|profile))\b"
    # the account as the council's enquiry point: "Questions about the Council? Ask them here, this is where we answer
    # them", "Got a query for the Town Council? Drop it here and we'll reply"
    r"|\b(?:questions?|queries|query|enquiries|enquiry)\s+(?:about|for|to|on|regarding)\s+(?:the\s+|your\s+|[\w-]+['’]s\s+)?"
    r"(?:{names})\b[^.!|\n]{{0,60}}?\b(?:here|this\s+is\s+where|on\s+this\s+(?:account|page|feed|profile))\b"
    r"[^.!|\n]{{0,30}}?\b(?:we(?:['’]ll|\s+will|\s+can|\s+try\s+to|\s+always|\s+aim\s+to)?\s+(?:answer|reply|respond"
    r"|get\s+back|get\s+(?:you\s+)?(?:an?\s+)?answers?)"
    # "Got a question for Brackley's town council? This is where the answers get posted."
    r"|the\s+answers?\s+(?:get|gets|are|will\s+be)\s+(?:posted|put\s+up|shared|published)"
    # "Questions for the Town Council? This is where you'll get them answered"
    r"|(?:you['’]ll|you\s+will|you|they['’]ll|they\s+will|they)\s+(?:get|be|get\s+them|get\s+it)\s+answered)\b"
    # "Drop your questions in the comments and we'll reply with the Council's answer": answering as it
    r"|\bwe(?:['’]ll|\s+will|\s+can|\s+aim\s+to|\s+try\s+to)?\s+(?:reply|respond|answer|come\s+back|get\s+back)"
    r"(?:\s+to\s+(?:you|them|it|each))?\s+with\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:official\s+)?"
    r"(?:answers?|response|reply|replies|position|view|line)\b"
    # "Brackley Town Council has moved over from the other place 🦋 Follow for updates": the council arrived, as this
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+)?(?:{names})\s+(?:has|have|is)\s+(?:now\s+)?(?:moved|arrived|landed|joined)"
    r"\b(?![^.!?|\n]{{0,60}}@)"
    # "From today this page will carry the Town Council's official statements on the Market Place works"
    r"|\bthis\s+(?:page|account|feed|profile)\s+(?:will\s+(?:now\s+)?|now\s+|is\s+going\s+to\s+)?(?:carry|carries|bring"
    r"|brings|post|posts|share|shares|feature|features|host|hosts|publish|publishes)\s+(?:all\s+)?(?:the\s+|your\s+)?"
    r"(?:{names})(?:['’]s|['’])\s+(?:official\s+)?(?:[\w-]+\s+)?(?:statements?|announcements?|news|notices|updates"
    r"|decisions)\b"
    # "Bluesky home of Brackley Town Council's Planning Committee", "Facebook home of the Town Council's events team"
    r"|\b(?:x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon|tiktok|online|digital|social\s+media)\s+"
    r"(?:home|voice|outpost|presence|channel|page|account|feed)"
    r"\s+(?:of|for)\s+(?:the\s+|your\s+)?(?:{names})\b"
    # "until it's back this page is where the council's notices, agendas and closures get posted"
    r"|\bthis\s+(?:page|account|feed|profile)\s+is\s+where\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+"
    r"(?:[\w-]+\s*,?\s*(?:and\s+)?){{0,4}}?(?:notices|updates|news|announcements|statements|agendas|minutes|decisions)\b"
    # "News, notices and decisions from Brackley Town Council, brought to you by Martin": the bio's heading
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:(?:the\s+)?(?:latest\s+)?(?:news|notices|updates|decisions|announcements"
    r"|information|info|agendas|minutes)\s*(?:,|and|&)?\s*){{1,4}}\s+from\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"|\b(?:run|managed|operated|maintained|administered|staffed|moderated)\s+by\s+(?:the\s+)?(?:{names})\b"
    r"|\b(?:your|the)\s+(?:{names})\s*,?\s+online\b|^\s{{0,3}}everything\s+(?:the\s+)?(?:{names})\b"
    r"|\b(?:up\s+to\s+date|informed|posted|in\s+the\s+loop|in\s+the\s+know|clued\s+up)\s+(?:with|on|about)\s+"
    r"(?:everything|all|what)\s+(?:that\s+)?(?:the\s+)?"
    r"(?:{names})\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+)?(?:{names})(?:['’]s|['’])?\s+(?:news|updates?|announcements?|notices?)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:all\s+)?the\s+latest\s+(?:from|on)\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"|\b(?:place|home|hub|source|go-to|stop|port\s+of\s+call|destination|spot)\s+for\s+(?:all\s+)?(?:things\s+)?"
    r"(?:the\s+|your\s+)?(?:{names})\s*(?:news|updates?|information|info|announcements?)?\b"
    # The profile as the council's channel in words of its own: "Brackley Town Council's home on Bluesky", "the
    # Council's word on all things Brackley", "Verified account of the Town Council", "bringing you the Town
    # Council's decisions", "where the Council answers your questions", "the Council, on X".
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:own\s+)?(?:official\s+)?"
    r"(?:[\w-]+\s+){{0,2}}?(?:take|home|word|hub|presence|corner|outpost|mouthpiece|megaphone|notice\s*board|window|space|spot)\b"
    r"(?!\s+(?:is|was|are|were|has|had|should|must|needs?|will|would|can|could)\b)"
    r"|\b(?:verified|authentic|genuine|real)\s+(?:\w+\s+)?(?:account|page|channel|feed|profile|presence|home)\s+"
    r"(?:of|for|from)\s+(?:the\s+)?(?:{names})\b"
    r"|\b(?:verified|authentic|genuine|real)\s+(?:{names})\s+(?:account|page|channel|feed|profile)\b"
    r"|\b(?:bringing(?:\s+you)?|brings\s+you|delivering|delivers|serving\s+up|giving\s+you|gives\s+you)\s+"
    r"(?:you\s+)?(?:all\s+)?(?:the\s+|your\s+)?(?:latest\s+)?(?:(?:{names})(?:['’]s|['’])?\s+(?:latest\s+)?"
    r"(?:news|updates?|decisions?|announcements?|notices?|answers?|consultations?|information|info|plans|"
    r"statements?|meeting\s+dates|minutes|agendas)|(?:news\s+|updates?\s+)?(?:from|of)\s+(?:the\s+|your\s+)?"
    r"(?:{names})\b(?!\s+(?:chamber|meetings?|offices?|building|estate|elections?|candidates?)))"
    # "Bringing you every decision the council makes, the day it's made": the council's decisions, as they come
    r"|\b(?:bringing(?:\s+you)?|brings\s+you|delivering|giving\s+you|gives\s+you)\s+(?:you\s+)?(?:every|each|all)\s+"
    r"(?:the\s+)?(?:decisions?|votes?|resolutions?|notices?|announcements?)\s+(?:that\s+)?(?:the\s+|your\s+)?"
    r"(?:{names})\s+(?:makes|takes|passes|issues|agrees|puts\s+out)\b"
    # "Ask the Town Council here – we reply to every message within two working days"
    r"|\bask\s+(?:the\s+|your\s+)?(?:{names})\s+(?:here|on\s+here)\b[^.!?|\n]{{0,20}}?\bwe\s+(?:reply|answer|respond|aim"
    r"|try|get\s+back)"
    # "If the Town Council has put a notice out, you'll see it on this feed before it hits the noticeboard"
    r"|\bif\s+(?:the\s+|your\s+)?(?:{names})\s+(?:has|have)\s+(?:put|posted|published|issued)\s+(?:a\s+|an\s+)?(?:notice"
    r"|statement|update|announcement)s?(?:\s+out)?,?\s+you['’]ll\s+see\s+it\s+(?:here|on\s+here|on\s+this\s+(?:feed|page"
    r"|account|profile))"
    # "The Town Council's allotments & green spaces news, right here" (opening a sentence, not "I share council news
    # here"); "Brackley Town Council speaking on planning matters"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:[\w&'’-]+\s+){{0,4}}?(?:news|updates"
    r"|notices|announcements)\s*,?\s+(?:right\s+)?here\b"
    r"|\b(?:{names})\s+speaking\s+(?:on|about)\b"
    # "Your Brackley Town Council news, straight to your feed"
    r"|\b(?:your\s+)?(?:{names})\s+(?:news|updates|notices|announcements)\s*,?\s+(?:straight|direct(?:ly)?|delivered)\s+to\s+"
    r"(?:your\s+)?(?:feed|timeline|phone|inbox|screen)\b"
    # "this page is where I put out the Town Council's notices"
    r"|\bthis\s+(?:page|account|feed|profile)\s+is\s+where\s+(?:i|we)\s+(?:put\s+out|post|share|publish|pop\s+up|put\s+up)\s+"
    r"(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:official\s+)?(?:notices|news|updates|announcements|statements)\b"
    # "Brackley Town Council notices & decisions, straight from the chamber"
    r"|(?<!\bon\s)(?<!\babout\s)(?<!\bof\s)\b(?:{names})\s+(?:notices|news|updates|decisions|announcements)"
    r"(?:\s*(?:&|and|,)\s*(?:notices|news|updates"
    r"|decisions|announcements|minutes|agendas))*\s*,?\s+(?:straight|direct(?:ly)?|fresh|hot)\s+from\s+(?:the\s+)?"
    r"(?:council\s+)?(?:chamber|town\s+hall|meetings?|source)\b"
    r"|\b(?:news|updates?|announcements?|decisions?|information|info)\s+(?:straight|direct(?:ly)?|fresh|first[- ]hand)"
    r"\s+from\s+(?:the\s+|your\s+)?(?:{names})\b(?!\s+(?:chamber|meetings?|offices?|building|estate))"
    r"|(?:^|(?<=[.!|•\n])|\bthis\s+is\s+|\bhere\s+is\s+|\bhere['’]s\s+)\s{{0,3}}where\s+(?:the\s+|your\s+)?"
    r"(?:{names})\s+(?:\w+\s+)?(?:answers|talks|speaks|listens|shares|posts|tells|updates|keeps|chats|replies|"
    r"responds|communicates|engages|announces|publishes)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})\s*,?\s+on\s+(?:x|twitter|bluesky|facebook|"
    r"instagram|threads|mastodon|tiktok|social\s+media)\b"
    r"|\beverything\s+(?:you\s+need\s+to\s+know\s+)?(?:from|about)\s+(?:the\s+|your\s+)?(?:{names})\b"
    # "everything your Town Council is up to", "straight from the council", "the Town Council talking to you
    # directly", "the town council, but on your phone", "all of us at the Town Council", "covering the council's
    # socials", "Town Council position statements", "that's us, the town council"
    r"|\beverything\s+(?:the\s+|your\s+)(?:{names})\s+(?:(?:is|are|has\s+been)\s+(?:up\s+to|doing|working\s+on)"
    r"|gets\s+up\s+to|does|decides|gets\s+done)\b"
    r"|\b(?:straight|direct(?:ly)?|fresh|first[- ]hand|hot)\s+from\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"(?!\s+(?:chamber|meetings?|offices?|building|estate|elections?|candidates?))"
    r"|\b(?:the\s+|your\s+)?(?:{names})\s+(?:talking|speaking|chatting)\s+(?:to\s+you|directly|with\s+you)\b"
    r"|\b(?:the\s+|your\s+)?(?:{names})\s*,?\s+(?:but\s+)?(?:on|in)\s+your\s+(?:phone|pocket|feed|timeline|mobile)\b"
    r"|\b(?:all\s+of\s+)?us\s+(?:here\s+)?at\s+(?:the\s+|your\s+)?(?:{names})\b"
    # a collective "we" or "us" of the council's: "us lot at the town council want ...", "we folk at the Council"
    r"|\b(?:us|we)\s+(?:lot|folk|folks|guys|bods|team|crew|gang|all)\s+(?:here\s+)?(?:at|from|in|on)\s+"
    r"(?:the\s+|your\s+)?(?:{names})\b(?!['’]|\s+(?:meetings?|chamber|offices?|elections?|building|estate|tax))"
    # a welcome into the council's own account: "Welcome to the Town Council's Bluesky!", "you're on Brackley TC's page"
    r"|\b(?:welcome\s+to|you['’]re\s+on|you\s+are\s+on|you['’]ve\s+(?:found|landed\s+on)|this\s+is)\s+(?:the\s+|your\s+)?"
    r"(?:{names})(?:['’]s|['’])\s+(?:(?:own|official|new|brand\s+new)\s+)?(?:x|twitter|bluesky|bsky|facebook|fb|"
    r"instagram|insta|threads|mastodon|tiktok|page|account|feed|profile|channel|corner|home|space|socials)\b"
    r"|\b(?:covering|running|managing|looking\s+after|minding|manning|staffing)\s+(?:the\s+|your\s+)?(?:{names})"
    r"(?:['’]s|['’])\s+(?:socials|social\s+media|accounts?|pages?|feeds?|channels?|comms)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:official\s+)?(?:position\s+"
    r"statements?|statements|positions|decisions|responses|press\s+releases)\b"
    r"|\b(?:that['’]s|this\s+is|it['’]s)\s+us\s*[,:–—-]?\s*(?:the\s+|your\s+)?(?:{names})\b"
    # "ur town council on here", "We're Brackley's town council", "where Brackley Town Council's announcements go up
    # first", "The Town Council answers your questions here", "As your Town Council we want your ideas"
    r"|\b(?:your|ur|yr)\s+(?:{names})\s*,?\s+(?:now\s+)?(?:on\s+here|here|online|on\s+(?:x|twitter|bluesky|bsky|facebook|fb|"
    r"insta\w*|tiktok|threads))\b"
    # "The place to get the Council's answers", "bringing Brackley Town Council to Bluesky", "the Town Council, here
    # for you on Twitter"
    r"|\b(?:place|home|hub|source|go-to|stop)\s+(?:to\s+(?:get|find|hear)|for)\s+(?:all\s+)?(?:the\s+|your\s+)?(?:{names})"
    r"(?:['’]s|['’])\s+(?:news|updates?|answers?|information|info|announcements?|decisions?|views?|position)\b"
    r"|\bbringing\s+(?:the\s+|your\s+)?(?:{names})\s+to\s+(?:x|twitter|bluesky|bsky|facebook|fb|insta\w*|you|your\s+\w+)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+|[a-z]+['’]s\s+)?(?:{names})\s*,?\s+(?:now\s+)?(?:here\s+for\s+you|on\s+(?:x|twitter|"
    r"bluesky|bsky|facebook|fb|instagram|threads|mastodon|tiktok|social\s+media))\b"
    r"|\b(?:we\s+are|we['’]re|were|this\s+is)\s+[a-z]+['’]s\s+(?:official\s+)?(?:town\s+|parish\s+)?council\b"
    r"|\bwhere\s+(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+(?:news|announcements|updates|notices|decisions|statements)"
    r"\s+(?:go|goes|are|get|appear|come)\b"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})\s+(?:answers|replies\s+to|responds\s+to|posts|shares|"
    r"publishes)\s+(?:your\s+|its\s+|all\s+)?(?:questions|news|updates|announcements|decisions)\b"
    r"(?![^.;|\n]*\b(?:website|site|www|noticeboard|newsletter)\b)"
    r"|\bas\s+(?:your|the)\s+(?:{names})\s*,?\s+(?:we|our|us)\b"
    r"|\byou['’]ve\s+(?:reached|found|come\s+to)\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"|\bour\s+(?:formal|official|agreed|corporate)\s+(?:position|response|statement|view|line)\b"
    r"(?!\s+(?:is|are|can\s+be\s+found)\s+(?:on|at|in)\b)"
    r"|\b(?:up\s+to\s+date|updated|informed|posted|in\s+the\s+loop)\s+(?:with|on|about)\s+(?:all\s+)?"
    r"(?:the\s+|your\s+)?(?:latest\s+)?(?:{names})(?:['’]s|['’])\s+(?:latest\s+)?(?:news|decisions|"
    r"announcements|updates|notices)\b"
    r"|\b(?:{names})['’]s?\s+(?:own\s+)?(?:official\s+)?(?:page|account|feed|profile|channel)\b"
    # "Brackley Town Council's South ward page: council notices ..."
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:{names})['’]s\s+(?:[\w-]+\s+){{1,2}}(?:page|account|feed|channel)\s*[:–—-]"
    # "the Town Council's Castle ward feed - notices, closures", "Brackley Town Council's North ward page, news and
    # dates" (not "... ward page is at", "... page lists the councillors")
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:the\s+|your\s+)?(?:{names})['’]s\s+(?:[\w-]+\s+){{1,2}}(?:page|account|feed|channel)\b\W{{0,6}}"
    r"(?:news|notices|updates|closures|events|dates|announcements|alerts|info|information)\b"
    # a pinned notice headed as the council's: "From the Council: the parade route is confirmed"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:from|message\s+from|notice\s+from|update\s+from|news\s+from)\s+(?:the\s+|your\s+)?"
    r"(?:{names})\s*:"
    r"|\bofficial\s+(?:view|views|position|line|voice|word|stance)\s+of\s+(?:the\s+)?(?:{names})\b"
    # the account as the council's word or its answers, heading a clause: "The official word from the Town Council
    # on ...", "Your formal line from Brackley TC"; "fielding your questions for the Council here" answers for it
    r"|(?:^|(?<=[.!|•\n])|\bhere['’]s\s+|\bhere\s+is\s+|\bthis\s+is\s+)\s{{0,3}}(?:the\s+|your\s+)?(?:official|formal|latest"
    r"|authoritative)\s+(?:word|line|view|position|stance|verdict|response|answers?)\s+(?:from|of)\s+(?:the\s+|your\s+)?"
    r"(?:{names})\b"
    r"|\b(?:answering|answers|answer|fielding|fields|handling|handles|responding\s+to|replying\s+to|dealing\s+with)\s+"
    r"(?:all\s+)?(?:your|residents['’]?|people['’]s|the\s+public['’]s)\s+(?:questions|queries|enquiries|comments|messages"
    r"|complaints)\s+(?:here\s+|on\s+here\s+)?(?:for|on\s+behalf\s+of)\s+(?:the\s+|your\s+)?(?:{names})\b"
    r"(?!['’]s?\s|\s+(?:meetings?|chamber|offices?|to\s+answer))"
    r"|(?:^|(?<=[.!|•\n]))\s{{0,3}}(?:(?:all\s+the\s+|every\s+|each\s+)?(?:latest\s+)?"
    # "North ward updates from your Town Council": the ward or how often, saying which
    r"(?:(?:(?!my\b|our\b|his\b|her\b|their\b)[a-z-]+\s+)?(?:ward|weekly|daily|monthly|fortnightly|planning)\s+)?"
    r"(?:news|updates?|announcements?|notices?"
    r"|information|info|decisions?|statements?|resolutions?|minutes|press\s+releases)"
    r"(?:\s*(?:,|and|&)\s*(?:news|updates?|events?|announcements?|notices?|information|info|decisions|minutes|agendas"
    r"|meetings|(?:meeting\s+)?dates|closures|consultations|statements|press\s+releases))*\s+"
    r"(?:(?:issued|published|released|made|put\s+out|posted|agreed)\s+)?"
    r"(?:from|of|by)\s+"
    r"(?:the\s+|your\s+)?(?:{names})\b)"
)
# Pointing to the council's own channels, or a denial, within the clause: the claim is someone else's.
# "Follow for official news" asks to follow this account; "views my own" disclaims, it points nowhere.
# ("give it a follow", "give us a follow" follow this page)
_ELSEWHERE = re.compile(r"\b(?:(?<!\bit\sa\s)(?<!\bus\sa\s)(?<!\bme\sa\s)"
                        r"follow(?!\s+(?:for|me|us|this|along)\b)|see|visit|go\s+to|head\s+to|check\s+out|try|not|nowt|nothing|nobody"
                        # "like the Council's page" points to it; "Like the page to stay in the loop" is this one
                        r"|like\s+(?:the|its|our)\b(?!\s+page\s+(?:to|for|and)\b)"
                        r"|comes?\s+from|lives?\s+(?:on|at)|(?:is|are)\s+posted\s+(?:on|at)"
                        # "Council notices go on the Council's official page": its own page, named as where they go
                        r"|(?:go|goes|went|get|gets|appear|appears|belong|belongs|are|is|put|posted|published|shared)"
                        r"\s+(?:put\s+|posted\s+|published\s+|shared\s+)?(?:up\s+|out\s+)?(?:on|onto|to|at|via)\s+"
                        r"(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:council['’]?s?\s+)?"
                        r"(?:official|own)\s+(?:[\w-]+\s+)?(?:page|account|feed|site|website|channel|profile|handle|socials)"
                        r"|never|nothing|nowt|naught|none|neither|isn['’]?t|aren['’]?t|don['’]?t|doesn['’]?t|no|nor|rather\s+than"
                        # not a count: "one place to look instead of five"
                        r"|instead\s+of(?!\s+(?:\d|two|three|four|five|six|several|many|lots|ten)\b)"
                        # "here first, before the website catches up" puts this account ahead of the website
                        r"|(?<!before\s)(?<!before\sthe\s)(?<!ahead\sof\sthe\s)(?<!than\sthe\s)website|noticeboard"
                        r"|newsletter|(?:has|have)\s+(?:its|their)\s+own"
                        # "my page" points elsewhere; "my opinions are my own" is a disclaimer, which undoes no claim
                        # ("the odd photo of my whippet" points nowhere)
                        r"|my\s+(?!own\b)(?:[\w-]+\s+){0,2}?(?:page|account|feed|profile|site|website|blog|channel"
                        r"|handle|socials|newsletter|inbox|email|e-mail|number|surgery|surgeries)s?\b"
                        # "My posts ≠ Council statements": the speaker's own words set against the council's
                        r"|my\s+(?:own\s+)?(?:posts|tweets|skeets|words|comments)\b(?!\s+(?:are|is)\s+(?:all\s+)?(?:my\s+own"
                        r"|mine|personal)\b)|≠|!="
                        r"|www|https?"
                        # the council's channel as somewhere else to go: "if you're after the Council's official
                        # statements, they're over on its own page", "for that, look up the Town Council's page"
                        r"|(?:if\s+(?:it['’]?s\s+|you\s+(?:want|need|(?:are|['’]re)\s+(?:after|looking\s+for))\s+)"
                        r"|look\s+(?:up|for)|search\s+for)"
                        r"(?![^.;|\n]{0,80}\b(?:here|below|this\s+(?:page|account|feed|profile))\b)"
                        r"|for\s+that|(?:that|it|they)['’]?(?:s|\s+(?:is|are))\s+(?:on|at|over|found|posted|kept)"
                        r"|over\s+(?:on|at)|separate(?:ly)?|elsewhere|somewhere\s+else"
                        # "the council speaks for itself, through its own channels"; "if I'm ever speaking for the
                        # council I'll say so": the council's own voice elsewhere, or a speaker's hypothetical
                        r"|(?:speaks?|talks?|answers?)\s+for\s+(?:itself|themselves)|does\s+(?:its|their)\s+own\s+talking"
                        r"|(?:through|via|on|in|from|uses?|with)\s+(?:its|their)\s+own\s+(?:channels?|accounts?|pages?"
                        r"|feeds?|website|site|socials|handles?|profiles?)"
                        r"|(?:if|unless|should|in\s+the\s+event|on\s+the\s+(?:rare|odd)\s+occasions?)\s+i)\b"
                        r"|n['’]t\b|@\w|\.gov\.uk"
                        # a web address with a path: "the Council posts its news at facebook.com/BrackleyTownCouncil"
                        r"|\b(?:[\w-]+\.)+(?:com|org|net|app|uk|social)/")

# "Town council stuff is on the council's page", "see the Council's page": another page pointed at.
_POINTED_AT = re.compile(r"\b(?:on|see|visit|use|via|from|follow|check|at|try|to|in|find|look\s+up|search\s+for)\s+"
                         r"(?:the\s+|our\s+|its\s+)?$")
# "asking if this is the Council's page. It isn't!": the question reported, not the claim made.
_WONDERED = re.compile(r"\b(?:if|whether)\s+$")
# "the Council's own page is Brackley Town Council on Facebook": the phrase names another account, not this one.
_NAMES_ANOTHER = re.compile(r"\s+(?:is|are)\s+(?!here\b|this\b|below\b|on\s+this\b)")
# "... on this page before it reaches the noticeboard": the noticeboard or website after "before" comes second to
# this account, it is no pointer away from it.
# "... here first, then on the noticeboard" says the same: this account first, the rest after.
_HERE_BEFORE = re.compile(r"\s*,?\s+(?:first\s*,?\s+)?(?:before|ahead\s+of|earlier\s+than|(?:and\s+)?then)\b")
# A disclaimer after the claim ("statements on here are my own & don't necessarily reflect ..."): its "don't" denies
# the disclaimer's subject, not the claim before it, which a trailing disclaimer does not undo.
_DISCLAIMER_AFTER = re.compile(r"\b(?:(?:my|all|the|any)\s+)?(?:views|opinions|statements|posts|tweets|skeets|thoughts"
                               r"|comments)\b[^.!?;|\n]{0,30}?"
                               r"\b(?:are|is)\s+(?:all\s+|just\s+|only\s+|purely\s+)?(?:my\s+own|mine|personal"
                               # "Any personal comments are just my opinion and don't necessarily reflect ..."
                               r"|my\s+(?:own\s+)?(?:opinions?|views?))\b")
_AN_ACCOUNT = re.compile(r"(?:account|page|channel|feed|profile)s?\s*$")


def _as_council_pattern(config: Config) -> re.Pattern[str]:
    """Return _AS_COUNCIL with the council's names in place (built once per configuration)."""
    names = [*_plain_names(config), *_initials(config), "town council", "parish council", "council"]
    alternation = _alternation(names)
    return re.compile(_AS_COUNCIL.format(names=alternation))


def _field_matches(account: Account, pattern: re.Pattern[str]) -> Iterator[tuple[str, str, re.Match[str]]]:
    """Yield (field, folded text, match) for a pattern over the display name, bio and pinned post, 20 a field at most.

    A wall of near-misses (pointers, denials) costs no more than a bio.
    """
    for field in ("display_name", "bio", "pinned_text"):
        text = _folded(getattr(account, field) or "")
        for _, found in zip(range(20), pattern.finditer(text), strict=False):
            yield field, text, found


def _as_written(account: Account, field: str, folded: str, found: re.Match[str]) -> str:
    """Return a match as the profile wrote it (its case kept) when folding kept the field's length, else as folded."""
    written = clip(getattr(account, field) or "")
    shown = written[found.start():found.end()] if len(written) == len(folded) else found.group()
    return shown.strip(" .!|•:,")[:80]


def _as_council_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield wording in which the profile speaks as the council ("we at the town council", "official news")."""
    pattern = per_config("council-identity:as-council", config, _as_council_pattern)
    for field, text, found in _field_matches(account, pattern):
        clause_start, clause_end = _clause(text, found.start(), found.end())
        tail = _DISCLAIMER_AFTER.search(text, found.end(), clause_end)
        if tail:
            clause_end = tail.start()  # "We're your town council 🗣️ statements here are my own & don't ..."
        if _HERE_BEFORE.match(text, found.end(), clause_end):
            clause_end = found.end()  # "... lands on this page before it reaches the noticeboard": here comes first
        clause = text[max(clause_start, found.start() - 40):found.start()] + " " + text[found.end():clause_end]
        another = _AN_ACCOUNT.search(found.group()) and (_NAMES_ANOTHER.match(text, found.end())
                                                          or _POINTED_AT.search(text, max(0, found.start() - 25),
                                                                                found.start()))
        if _ELSEWHERE.search(clause) or another or _asked(text, clause_end) \
                or _WONDERED.search(text, max(0, found.start() - 30), found.start()) \
                or _wanted_elsewhere(text, found.start(), found.end()):
            continue
        yield Sign(field, getattr(account, field), 0, min(len(getattr(account, field)), 80),
                   f"the {field.replace('_', ' ')} speaks as the council "
                   f"('{_as_written(account, field, text, found)}')")
        return


# The council's name beside a word that makes the account its mouthpiece, in one clause: "Authorised spokesperson for
# Brackley Town Council", "Brackley Town Council (official)", "posts here represent the views of the Town Council",
# "Brackley Town Council statements & press releases", "the voice of your Town Council". The cue must sit within a
# few words of the name, and the clause must neither deny nor point elsewhere (_ELSEWHERE): "not an official Council
# account", "for the Council's statements follow @BrackleyTC". Another council ("the County Council's spokesperson")
# is not ours.
_MOUTHPIECE_BEFORE = (
    r"\b(?:official(?:ly)?|spokes(?:person|man|woman|people)|(?:the\s+)?voice\s+of|in\s+the\s+name\s+of|"
    r"represents?\s+the\s+(?:views?|position)\s+of|authori[sz]ed\s+(?:by|to\s+speak\s+for)|we\s+are|we['’]re|"
    r"statements?\s+(?:from|by|of)|press\s+(?:releases?|office)\s+(?:from|of))\s*[:–—-]?\s*(?:(?:for|of|to)\s+)?"
    r"(?:(?:the|your|our)\s+)?"
)
_MOUTHPIECE_AFTER = (
    r"(?:['’]s?)?\s*(?:\(\s*official\s*\)|[-–—:,]?\s*(?:official\b|spokes(?:person|man|woman|people)\b|speaking\s*[:,]|"
    r"(?:own\s+)?voice\b|"
    r"speaks\b(?!\s+for\s+(?:itself|themselves)\b)"
    # "the Council speaks through its clerk": its voice is someone else, not this account
    r"(?!\s+(?:only\s+)?(?:through|via|by\s+way\s+of)\s+(?!this\b|here\b|me\b|us\b))|corporate\s+(?:account|page|feed|profile|channel)\b|(?:statements?|press\s+releases?)\b(?!\s+(?:are|is)\s+"
    r"(?:at|on)\b)))"
)
# "The Town Council's official page is facebook.com/...": a page named, and said to be elsewhere.
_PAGE_ELSEWHERE = re.compile(r"\s*(?:page|account|feed|profile|channel)s?\s+(?:is|are)\s+(?!here\b|this\b|below\b)")
_OTHER_COUNCILS = re.compile(r"\b(?:county|district|borough|city|unitary|northamptonshire|northants|parish)\s+$")


def _initials(config: Config) -> list[str]:
    """Return the council's initials ("BTC" for Brackley Town Council), which people write beside "official"."""
    letters = "".join(word[0] for word in re.findall(r"[^\W\d_]+", config.council.name))
    return [letters] if len(letters) >= 3 else []


def _mouthpiece_pattern(config: Config) -> re.Pattern[str]:
    """Return the name-beside-a-mouthpiece-cue pattern with the council's names in place."""
    names = [*_plain_names(config), *_initials(config), "town council", "council"]
    alternation = _alternation(names)
    return re.compile(rf"{_MOUTHPIECE_BEFORE}(?P<a>{alternation})\b|\b(?P<b>{alternation})\b{_MOUTHPIECE_AFTER}")


# A role the writer had: "Former Town Council press officer – I used to write the council's statements".
_PAST_ROLE = re.compile(r"\b(?:used\s+to|former(?:ly)?|ex-|previously|once|back\s+when|retired)\b")
# The council's word wanted, then pointed to elsewhere: "If you want the Council's official position, check its own
# page – on here it's just my two pennies' worth".
_IF_YOU_WANT = re.compile(r"\b(?:if\s+you\s+(?:want|need|(?:are|['’]re)\s+(?:after|looking\s+for))|for)\s+(?:the\s+)?"
                          r"(?:[\w'’-]+\s+){0,3}$")
_TO_ITS_OWN = re.compile(r"\b(?:check|see|visit|try|head\s+to|go\s+to|look\s+at)\s+(?:its|their|the\s+council['’]s)\s+"
                         r"(?:own\s+)?(?:page|account|site|website|feed|channels?)\b")


def _wanted_elsewhere(text: str, start: int, end: int) -> bool:
    """Say whether the council's word is wanted, then sent elsewhere ("If you want its line, check its own page")."""
    stop = min((i for i in (text.find(mark, end) for mark in ".!?|\n") if i >= 0), default=len(text))
    return _IF_YOU_WANT.search(text, max(0, start - 40), start) is not None \
        and _TO_ITS_OWN.search(text, end, stop) is not None


def _mouthpiece_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield the council's name beside a word that makes the profile its mouthpiece ("spokesperson for the Council")."""
    pattern = per_config("council-identity:mouthpiece", config, _mouthpiece_pattern)
    for field, text, found in _field_matches(account, pattern):
        name_start = found.start("a") if found.group("a") else found.start("b")
        if _OTHER_COUNCILS.search(text[max(0, name_start - 30):name_start]):
            continue
        clause_start, clause_end = _clause(text, found.start(), found.end())
        if _ELSEWHERE.search(text[clause_start:clause_end]) or _asked(text, clause_end) \
                or _PAGE_ELSEWHERE.match(text, found.end()) or _PAST_ROLE.search(text, clause_start, found.start()) \
                or _wanted_elsewhere(text, found.start(), found.end()):
            continue
        yield Sign(field, getattr(account, field), 0, min(len(getattr(account, field)), 80),
                   f"the {field.replace('_', ' ')} presents the account as speaking for the council "
                   f"('{_as_written(account, field, text, found)}')")
        return


# A councillor minding the council's own feed from here: "Running the Town Council's Bluesky feed until the clerk
# sets one up", "I'm looking after the Council's X account while the officer is away". Whoever types, the account is
# then the council's channel (clause 6.4), and "opinions: mine" does not undo that. The clause must open with the
# minding, so "I used to run ...", "I don't run ..." and "the clerk runs ..." are not it; nor is a feed on another
# platform, one pointed to (@handle, link, "its own"), or a profile that calls itself separate from it.
_MINDING = (
    r"(?:^|(?<=[.!|•\n:;,(]))\s{{0,3}}(?:(?:i\s+am|i['’]m|im|i|i['’]ll\s+be|just|currently|temporarily|now|for\s+now"
    r"|for\s+the\s+moment|meanwhile|still"
    # "the clerk has asked me to keep the Town Council's Facebook going"
    r"|(?:the\s+clerk(?:['’]s|\s+has)?\s+)?asked\s+me\s+to|i['’]ve\s+been\s+asked\s+to)\s+){{0,3}}"
    r"(?:running|run|minding|mind|looking\s+after|look\s+after|managing|manage|handling|handle|covering|cover|doing"
    r"|keeping|keep|manning|staffing|operating|operate|holding\s+the\s+fort\s+(?:on|for)|setting\s+up|set\s+up|get"
    # "Keeping an eye on the council's Bluesky until the clerk's back"
    r"|keeping\s+an\s+eye\s+on|keep\s+an\s+eye\s+on"
    # "I've got the keys to the Town Council's presence on X till the clerk gets round to it"
    r"|(?:i['’]ve\s+|i\s+have\s+)?(?:got|have|hold|holding|been\s+given|been\s+handed)\s+the\s+(?:keys|reins"
    r"|passwords?|logins?)\s+(?:to|for|of))\s+"
    r"(?:the\s+|your\s+|our\s+)?(?:{names})(?:['’]s|['’])?\s+"
    r"(?:(?P<platform>x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon|tiktok)"
    # the platform alone names the feed: "minding the Town Council's twitter while our clerk is off"
    r"(?:\s+(?:feed|account|page|socials|channel|profile|handle|timeline|presence|posts|comms|updates|news|notices"
    r"|announcements|bulletins|corner))?"
    r"|(?:social\s+media\s+|online\s+)?"
    # what the feed puts out stands for the feed: "running the Town Council's X updates until the new clerk starts"
    r"(?:feed|account|page|socials|channel|profile|handle|timeline|presence|posts|comms|updates|news|notices"
    r"|announcements|bulletins|corner))\b"
    r"(?:\s+(?:on|for)\s+(?P<platform_after>x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon"
    r"|tiktok)\b)?"
)
_PLATFORM_WORD = r"x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon|tiktok"
# The same stand-in said by what goes out: "until the clerk sorts the Council's own X account, I'm putting the Town
# Council's notices out from here", "I'll be running the Town Council's Facebook updates from this page". The speaker
# puts them out (not "shares" them, not "used to"), and from this account, not "on its own page".
_PUTTING_OUT = (
    # "the clerk's asked me to put the Town Council's notices out on here for now": asked to, and doing it
    r"\b(?:(?:i['’]m|i\s+am|im|i['’]ll(?:\s+be)?|i\s+will(?:\s+be)?|i)(?:\s+the\s+one)?|(?:asked|told|got)\s+me\s+to"
    # "I've volunteered to post its updates"
    r"|i['’]ve\s+(?:volunteered|offered|agreed|been\s+asked|stepped\s+up)\s+to)\s+"
    r"(?:(?:now|currently|temporarily|also|just|still)\s+)?"
    r"(?:putting|posting|running|issuing|publishing|doing|handling|pushing|sharing|popping|post|put|run|issue|publish"
    r"|share|pop|postin|puttin|sharin|poppin)\s+(?:out\s+|up\s+)?(?:all\s+)?(?:the\s+|your\s+|our\s+)?(?:official\s+)?"
    r"(?:{names})(?:['’]s|['’]|s)?\s+"
    rf"(?:(?P<platform>{_PLATFORM_WORD})\s+)?(?:(?:official|formal|latest|weekly|public)\s+)?"
    r"(?:notices|updates|news|announcements|posts|statements|alerts|information|bulletins)\b"
    r"(?:\s+(?:and|&|,)\s+[\w-]+)?\s+(?:out\s+|up\s+)?"
    # "the Town Council's notices on Facebook from this page"
    r"(?:on\s+(?:x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon|tiktok)\s+)?(?:(?:from|on|via|through)\s+"
    r"(?:here|this\s+(?:page|account|feed|profile|handle))\b"
    # "... on Bluesky until the office gets an account": the platform this account is on
    r"|on\s+(?P<platform_where>x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|mastodon|tiktok)\s+(?:until|till"
    r"|while|for\s+now|until|as)\b)"
    # "The Town Council isn't on Bluesky yet, so I'm putting its notices up here": "its" is the council named before,
    # with no other body (a club, a school) between to be what "its" means
    r"|\b(?:{names})\b(?:(?!\b(?:club|society|group|school|church|association|team|charity|trust|league|hall|centre"
    r"|committee)\b)[^!?;|\n]){0,80}?"
    r"\b(?:i['’]m|i\s+am|im|i['’]ll(?:\s+be)?|i\s+will(?:\s+be)?|i|i['’]ve\s+(?:volunteered|offered|agreed|been\s+asked"
    r"|stepped\s+up)\s+to)\s+(?:(?:now|currently|temporarily|also|just|still)\s+)?"
    r"(?:putting|posting|running|issuing|publishing|doing|handling|pushing|post|run|issue|publish)\s+(?:out\s+|up\s+)?"
    r"(?:all\s+)?(?:its|their)\s+(?:(?:official|latest|weekly|public)\s+)?(?:[\w-]+\s+)?"
    r"(?:notices|updates|news|announcements|posts|statements|alerts|information|bulletins|agendas|minutes|papers)\b"
    r"(?:\s+(?:and|&|n)\s+[\w-]+)?\s+(?:out\s+|up\s+)?(?:(?:from|on|via|through)\s+(?:here|this\s+(?:page|account|feed"
    r"|profile|handle))|here|on\s+here"
    # "I've volunteered to post its updates until the office can take over": a stand-in till then
    r"|until|till|while|whilst)\b"
    # ... or the same said with the "I" dropped: "postin the councils official updates on here now"
    r"|(?:^|(?<=[.!?|•\n]))\s*(?:now\s+|just\s+)?(?:posting|postin|putting|puttin|sharing|sharin|popping|poppin)\s+"
    r"(?:out\s+|up\s+)?(?:the\s+|your\s+|our\s+)?(?:official\s+)?(?:{names})(?:['’]s|['’]|s)?\s+(?:official\s+)?"
    r"(?:notices|updates|news|announcements|statements)\s+(?:out\s+|up\s+)?(?:on\s+here|here|from\s+here"
    r"|from\s+this\s+(?:page|account|acc|profile))\b"
    # "moved the town council stuff over here from the other place"
    r"|\bmoved\s+(?:all\s+)?(?:the\s+)?(?:{names})(?:['’]s|['’])?\s+(?:stuff|posts|updates|notices|news|page|account)\s+"
    r"(?:over\s+)?(?:here|to\s+(?:here|this\s+(?:page|account)))\b"
    # ... or the council's outpost here kept going by the speaker: "Bluesky is the Town Council's newest outpost and
    # I'm keeping it ticking over for now"
    r"|\b(?:{names})(?:['’]s|['’])\s+(?:(?:newest|new|latest|temporary|unofficial|stand-in)\s+)?(?:outpost|home|presence"
    r"|corner|channel|account|page|feed)\b[^.!?|\n]{0,40}?\b(?:i['’]m|i\s+am|i['’]ll\s+be|i)\s+(?:keeping\s+it\s+(?:ticking"
    r"\s+over|going|alive|running)|looking\s+after\s+it|running\s+it|minding\s+it|manning\s+it)\b"
    # ... or its notices said to go out from the speaker: "until the Town Hall gets its own account, its notices go out
    # from me, here" (the verb straight after the noun, so "don't go out from me" is not it)
    r"|\b(?:{names})\b(?:(?!\b(?:club|society|group|school|church|association|team|charity|trust|league|centre"
    r"|committee)\b)[^.!?;|\n]){0,120}?\b(?:its|their)\s+(?:(?:official|latest|weekly|public)\s+)?"
    r"(?:notices|updates|news|announcements|posts|statements|alerts|information|bulletins)\s+"
    r"(?:go|goes|get\s+sent|are\s+sent|come|will\s+go|will\s+come)\s+(?:out\s+|up\s+)?(?:from|through|via)\s+me\b"
    # ... or the council's papers said to go out from this account: "agendas, minutes n council notices go out from
    # this account first" (the verb straight after, so "council notices don't go out from here" is not it)
    r"|\b(?:{names})(?:['’]s|['’])?\s+(?:(?:official|formal|latest|weekly|public)\s+)?"
    r"(?:notices|updates|news|announcements|statements|alerts|bulletins|agendas|minutes|papers)\s+"
    r"(?:(?:and|&|n|,)\s+[\w-]+\s+)?(?:(?:first|now|all|also|usually|always)\s+)?(?:go|goes|get\s+(?:posted|sent|put)|are\s+(?:posted|sent|put)"
    r"|come|will\s+go|will\s+come|appear|land)\s+(?:out\s+|up\s+)?(?:first\s+)?(?:(?:from|on|via|through)\s+"
    r"(?:here|this\s+(?:page|account|feed|profile|handle))|here)\b"
    # "The Town Council isn't on Bluesky yet, so I'm keeping its feed going from here"
    r"|\b(?:{names})\b[^!?;|\n]{0,80}?\b(?:i['’]m|i\s+am|im|i['’]ll(?:\s+be)?|i\s+will(?:\s+be)?)\s+keeping\s+(?:its|their)\s+"
    r"(?:feed|page|account|updates|news|presence)\s+(?:going|alive|running|ticking\s+over)\b"
    # "From now on I'll be sharing all the Town Council's official event announcements from this page": all of them,
    # from here (sharing one notice is not it)
    r"|\b(?:i['’]m|i\s+am|im|i['’]ll(?:\s+be)?|i\s+will(?:\s+be)?)\s+(?:(?:now|also|just)\s+)?(?:sharing|share)\s+all\s+"
    r"(?:of\s+)?(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:(?:official|latest|public)\s+)?(?:[\w-]+\s+)?"
    r"(?:notices|updates|news|announcements|statements|alerts|bulletins)\s+(?:from|on|via|through)\s+"
    r"(?:here|this\s+(?:page|account|feed|profile|handle))\b"
)
# ... or by the platform the council's presence is on: "Bluesky is the Town Council's newest home and I'm looking
# after it", "The Council's home on Facebook is this page for now, and I'm running it".
_LOOKING_AFTER_IT = (
    r"[^.!?|\n]{{0,40}}?\b(?:i['’]m|i\s+am|im|i['’]ll(?:\s+be)?|i\s+will(?:\s+be)?)\s+(?:(?:now|currently|temporarily"
    r"|also|just|the\s+one)\s+)?(?:looking\s+after|running|minding|managing|handling|staffing|manning"
    r"|keeping\s+an\s+eye\s+on)\s+(?:it|that|this|things)\b"
)
_PRESENCE_MINDED = (
    rf"\b(?P<platform>{_PLATFORM_WORD})\s+is\s+(?:now\s+)?(?:the\s+|your\s+)?(?:{{names}})(?:['’]s|['’])\s+"
    r"(?:(?:newest|new|latest|temporary|interim|own|official|stand-in)\s+){{0,2}}"
    r"(?:home|presence|account|page|feed|channel|outpost|corner|platform)\b"
    + _LOOKING_AFTER_IT
    + r"|\b(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])\s+"
    r"(?:(?:newest|new|latest|temporary|interim|own|official)\s+){{0,2}}(?:home|presence|account|page|feed|channel)"
    r"\s+(?:is|['’]s)\s+(?:now\s+)?(?:on\s+)?"
    rf"(?P<platform_after>{_PLATFORM_WORD})\b" + _LOOKING_AFTER_IT
)
# The profile as the council's outlet, and who runs it: "The Town Council's Facebook, managed by Len", "Brackley Town
# Council news straight to your feed ... Run by me", "Where Brackley Town Council puts its notices on Bluesky",
# "Town Council notices, shared on Bluesky by me", "What the Town Council decided, on your feed the same night".
_OUTLET = (
    r"\b(?:the\s+|your\s+)?(?:{names})(?:['’]s|['’])?\s+(?:(?:official|formal|latest|weekly|public)\s+)?"
    r"(?:notices|news|updates|announcements|decisions|facebook|bluesky|x|page|feed|corner|posts|bulletins)\b"
    r"[^.!?|\n]{0,80}?\b(?:managed|run|kept|looked\s+after|shared|posted|curated|brought\s+to\s+you|put\s+up"
    r"|handled)\s+(?:here\s+|on\s+\w+\s+)?by\s+(?:me\b|cllr\b|councillor\b|[a-z]+(?=\s*(?:[,.!(\U0001F300-\U0001FAFF]|$)))"
    # not asked: "Where Brackley Town Council puts its notices? On @BrackleyTC"
    r"|\bwhere\s+(?:the\s+|your\s+)?(?:{names})\s+(?:puts|posts|shares|keeps)\s+(?:its|their)\s+"
    r"(?:notices|news|updates|announcements)\b(?![^.!|\n]{0,30}\?)"
    r"|\b(?:the\s+|your\s+)?(?:{names})(?:['’]s)?\s+(?:news|notices|decisions|updates|announcements)\s+(?:straight\s+)?"
    r"(?:to|on|in)\s+your\s+(?:feed|timeline|phone)\b"
    r"|\bwhat\s+(?:the\s+|your\s+)?(?:{names})\s+(?:decided|decides|agreed|agrees|does|did)\b[^.!?|\n]{0,20}?"
    r"\b(?:on|to|in)\s+your\s+(?:feed|timeline|phone)\b"
    # "news, agendas and decisions from Brackley Town Council go up on this account"
    r"|\b(?:notices|news|updates|announcements|agendas|minutes|decisions)(?:\s*,?\s+(?:and\s+|&\s+)?[\w-]+){0,3}\s+"
    r"(?:from|by)\s+(?:the\s+)?(?:{names})\s+(?:go|goes|get|gets|are|will\s+go|appear|land)\s+(?:up\s+|out\s+|posted\s+)?"
    r"(?:on|via|through)\s+(?:this\s+(?:account|page|feed|profile)|here)\b"
    # "Brackley Town Council's home on Bluesky 🦋 (run by Cllr Deepa Raman)"
    r"|\b(?:the\s+)?(?:{names})['’]s\s+(?:(?:new|newest|official|temporary|interim)\s+)?(?:home|presence|outpost|corner)"
    r"\s+on\s+(?:x|twitter|bluesky|bsky|facebook|fb|instagram|threads|mastodon)\b(?!\s*\?)"
)
# The feed minded is another account: pointed to, or the profile calls itself separate from it.
_MINDED_ELSEWHERE = re.compile(r"@\w|www|https?|\.gov\.uk|\b(?:its|their)\s+own\b|\bseparate|\belsewhere\b"
                               r"|\bover\s+(?:on|at)\b")
# "until the Town Hall sorts its own account": an account to come, the stand-in's reason, not one pointed to.
_OWN_TO_COME = re.compile(r"\b(?:until|till|til|while|whilst)\b[^.!?;|\n]{0,60}?\b(?:its|their)\s+own\b")
_SELF_APART = re.compile(r"\bthis\s+(?:one|account|page|profile|feed)\s+(?:is|['’]s)\s+(?:just\s+|only\s+)?"
                         r"(?:my\s+own|mine|personal|private|separate|me)\b|\bmy\s+(?:own\s+)?(?:personal|private)\s+"
                         r"(?:account|page|profile|feed)\b|\bpersonal\s+(?:account|page|profile)\b"
                         # "I share council news on here, but that's me passing it on, not the council speaking"
                         r"|\bpassing\s+(?:it|them)\s+on\b[^.!?\n]{0,20}\bnot\s+the\s+council\b"
                         r"|\bnot\s+the\s+council\s+(?:speaking|talking|posting)\b")


def _minding_pattern(config: Config) -> re.Pattern[str]:
    """Return _MINDING, _PUTTING_OUT, _PRESENCE_MINDED and _OUTLET with the council's names in place (once a config)."""
    names = [*_plain_names(config), *_initials(config), "town council", "parish council", "council"]
    alternation = _alternation(names)
    return re.compile("|".join(f"(?:{p})" for p in (
        _MINDING.format(names=alternation),
        _PUTTING_OUT.replace("{names}", alternation).replace("(?P<platform>", "(?P<platform_out>"),
        _PRESENCE_MINDED.format(names=alternation).replace("(?P<platform>", "(?P<platform_home>")
                        .replace("(?P<platform_after>", "(?P<platform_home_after>"),
        _OUTLET.replace("{names}", alternation))))


def _minding_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield the councillor saying they run the council's feed here ("minding the Council's X account for now")."""
    pattern = per_config("council-identity:minding", config, _minding_pattern)
    here = PLATFORMS[account.platform].spoken_names if account.platform in PLATFORMS else frozenset()
    for field, text, found in _field_matches(account, pattern):
        if field == "display_name" or _SELF_APART.search(text):
            continue
        platform = next((found.group(g) for g in ("platform", "platform_after", "platform_out", "platform_where",
                                                   "platform_home", "platform_home_after") if found.group(g)), None)
        _, clause_end = _clause(text, found.start(), found.end())
        unpointed = _OWN_TO_COME.sub(lambda m: " " * len(m.group()), text)
        if (platform and platform not in here) or _MINDED_ELSEWHERE.search(unpointed, found.start(), clause_end):
            continue
        yield Sign(field, getattr(account, field), 0, min(len(getattr(account, field)), 80),
                   f"the {field.replace('_', ' ')} says the councillor runs the council's feed here "
                   f"('{_as_written(account, field, text, found)}')")
        return


# The profile as the council's channel, in any words: the council named in a clause that also points at this account
# ("here", "this page", "on the socials", "via this profile") or speaks for it ("on behalf of its Town Council", "our
# statement as the Council"), with nobody else in the clause: no "I" or "my", no councillor or member, no denial, no
# pointer elsewhere, and the council not the object of someone's work ("here to help you deal with the council").
# Writers find new words for a channel every time; the clause's parts are few.
_CHANNEL = re.compile(
    r"\b(?:here|on\s+here|this\s+(?:is\s+the\s+)?(?:account|page|feed|profile|channel|site|space|handle)|via\s+this|"
    r"on\s+the\s+socials|in\s+one\s+place|pinned\s+below|below|this\s+is\s+where|"
    # the account itself by what it is ("Facebook presence", "Bluesky edition", "authorised channel") or where
    r"channel|presence|outlet|edition|mouthpiece|on\s+(?:x|twitter|bluesky|bsky|facebook|fb|instagram|insta|threads|"
    r"mastodon|tiktok|social\s+media)|"
    # the council's own "we": "We are the elected Town Council", "ours to run"
    r"we|we['’]re|we['’]ve|us|ours)\b")
_NOT_THE_COUNCILS = re.compile(
    r"\b(?:i|i['’]m|i['’]ve|i['’]ll|i['’]d|my|me|mine|myself|personal|personally|private|councillor|cllr|member|"
    r"members|one\s+of|candidate|standing|vote|elected\s+(?:to|in|as|for|at|last|on)|newly\s+elected|re-?elected|"
    r"serve|serving|sit|sits|represent\w*|former|ex|rather|instead|see(?!\s+(?:it|them)\b)|visit|(?:on|at|via)\s+(?:the|its|our)\s+"
    r"website|www|https?|noticeboard|newsletter|meets|chair|mayor|clerk|staff|resident|residents['’]?\s+group|"
    r"not\s+(?:here|on\s+here|this)|(?:their|its)\s+(?:own\s+)?(?:site|page|account|feed|channels?)"
    r"|(?:their|its)\s+own\s+(?:updates|news|notices|posts)"
    # "The Council's official accounts live on Facebook and X – look them up": somewhere else to go
    r"|look\s+(?:them|it)\s+up|(?:lives?|sits?)\s+(?:on|at|over))\b"
    r"|@\w|\.gov\.uk")
# A denial up to just after the council's name ("not the Town Council", "none of this is the Council's"); one later
# in the clause is about something else ("so you needn't dig through the website").
_DENIED = re.compile(r"\b(?:not|never|nothing|none|neither|no|nor|isn['’]?t|aren['’]?t|don['’]?t|doesn['’]?t"
                     r"|won['’]?t)\b|n['’]t\b")
# ... or the verb of the council's things denied: "Town Council statements are never posted here".
_VERB_DENIED = re.compile(r"(?:['’]s?)?(?:\s+[\w-]+){0,2}?\s+(?:is|are|get|gets|go|goes|will|do|does|was|were)"
                          r"(?:\s+(?:never|not|no\s+longer)\b|n['’]t\b)")
_COUNCIL_AS_OBJECT = re.compile(
    # "here to help you get what you need out of the council"
    r"\bout\s+of\s+$|"
    r"\b(?:with|about|against|to|at|on|into|hold|holding|lobby\w*|challeng\w*|question\w*|scrutin\w*|criticis\w*|"
    r"pressur\w*|press\w*|chas\w+|nag\w*|complain\w*|fight\w*|campaign\w*|join\w*|contact\w*|email\w*|ring|call\w*|"
    r"writ\w+|report\w*|tell\w*|ask\w*|help\w*|support\w*|deal\w*)\s+(?:\w+\s+){0,1}$"
    # "here to help you find your way through the council's planning portal"
    r"|\b(?:find\s+(?:your|their|my)\s+way|navigat\w+|get\s+through|wade\s+through)\s+(?:through|round|around)?\s*$"
    r"|\b(?:get|gets|getting|got)\s+(?:\w+\s+){0,2}$")

# ... unless the council is reached on this account: "Ask the Council here – we reply weekdays".
_REACHED_HERE = re.compile(r"\s+(?:here|on\s+here|via\s+this\s+(?:account|page|feed|profile))\b(?!\s+(?:in|at)\b)"
                           # "Ask Brackley Town Council anything – we'll do our best to answer you on here"
                           r"|[^.!?|\n]{0,40}?\bwe(?:['’]ll|\s+will|['’]d|\s+can)?\b[^.!?|\n]{0,50}?\b(?:on\s+)?here\b"
                           # "Got a question for the Council? Pop it in the replies and we'll get you an answer"
                           r"|\s*\?\s*[^.!?|\n]{0,40}?\b(?:in|below|into)\s+(?:the\s+)?(?:replies|comments|dms?)\b"
                           r"[^.!?|\n]{0,30}?\bwe(?:['’]ll|\s+will|['’]d|\s+can)?\b")


# "Council" as a word that describes another noun: a row, a tax, a house, a meeting, a bin.
_COUNCIL_THING = (r"(?:rows?|rants?|spats?|squabbles?|drama|politics|gossip|tax|taxes|houses?|housing|homes?|estates?"
                  r"|flats?|tenants?|meetings?|elections?|chambers?|offices?|bins?|lorr(?:y|ies)|vans?|workers?|jobs?"
                  r"|business|matters|debates?|papers|minutes|agendas?|budgets?|planning|bods|types|nerds?|geeks?"
                  r"|watchers?|anoraks?|junkies|tales|stories|banter|stuff|things)\b")


def _channel_pattern(config: Config) -> re.Pattern[str]:
    """Return the council's names (and "the council") as one whole-word pattern, with what may stand before them."""
    # "a better-run council" is any council: the bare word counts only after "the", "your", "its" or "our".
    return re.compile(rf"(?P<voice>\bon\s+behalf\s+of\s+|\bas\s+)?(?:\b[a-z]+['’]s\s+(?:town|parish)\s+council|"
                      rf"\b(?:the\s+|your\s+|its\s+|our\s+)?"
                      rf"(?:{_alternation(_plain_names(config))})|\b(?:the|your|its|our)\s+(?:(?!county|district|borough|city|"
                      rf"unitary)[a-z-]+\s+)?(?:town\s+|parish\s+)?council|(?<!county\s)(?<!district\s)\b(?:town|parish)\s+"
                      rf"council)"
                      rf"\b(?!['’]?s?\s+(?:own\s+)?(?:account|page|feed)\s+is\b)"
                      # "the occasional council row", "your council tax": the word naming something else, not the body
                      rf"(?!\s+{_COUNCIL_THING})")


def _channel_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield a clause naming the council beside this account or its voice, with nobody else in it."""
    pattern = per_config("council-identity:channel", config, _channel_pattern)
    for field in ("bio", "pinned_text"):
        text = _folded(getattr(account, field) or "")
        for _, found in zip(range(20), pattern.finditer(text), strict=False):
            start, end = _clause(text, found.start(), found.end())
            clause = text[start:end]
            if _NOT_THE_COUNCILS.search(clause) or _DENIED.search(text, start, min(end, found.end() + 15)) \
                    or _VERB_DENIED.match(text, found.end()) \
                    or _OTHER_COUNCILS.search(text[max(start, found.start() - 30):found.start()]):
                continue
            if _COUNCIL_AS_OBJECT.search(text[max(start, found.start() - 40):found.start()]) \
                    and not _REACHED_HERE.match(text, found.end()):
                continue
            if not (found.group("voice") or _CHANNEL.search(clause) or _REACHED_HERE.match(text, found.end())):
                continue
            yield Sign(field, getattr(account, field), 0, min(len(getattr(account, field)), 80),
                       f"the {field.replace('_', ' ')} presents the account as the council's channel "
                       f"('{_as_written(account, field, text, found)}' in '{clause.strip()[:80]}')")
            return


# The council's shared mailboxes: the Clerk's office, not anyone's own.
_SHARED_MAILBOX = re.compile(r"(?:town[._-]?|deputy[._-]?)?clerk|info|enquiries|enquiry|office|admin|reception|hello"
                             r"|contact|council|mail|general|bookings|finance")
# The shared mailbox given as somewhere else to go: "for the council itself try clerk@..., that's the Clerk's office,
# not me", "council business goes to office@..., not to me". Not a contact of one's own ("contact me: info@...").
_MAILBOX_ELSEWHERE = re.compile(
    r"\bnot\s+(?:to\s+)?(?:me|mine|my\s+(?:own\s+)?(?:inbox|email|e-mail|address|mailbox))\b"
    r"|\b(?:isn['’]?t|is\s+not|won['’]?t\s+(?:reach|get\s+to|go\s+to))\s+(?:me|mine)\b|\b(?:rather\s+than|instead\s+of)\s+me\b"
    r"|\bthe\s+(?:town\s+)?clerk(?:['’]s|\s+and\s+(?:her|his|their)\s+team)\b"
    r"|\b(?:if|when)\s+you\s+(?:want|need|(?:are|['’]re)\s+(?:after|looking\s+for))\s+(?:the\s+)?(?:town\s+)?council\b"
    r"|\bfor\s+the\s+(?:town\s+)?council\s+itself\b")


def _mailbox_elsewhere(folded: str, found: re.Match[str]) -> bool:
    """Say whether a council address is the council's shared mailbox, pointed to as someone else's."""
    if not _SHARED_MAILBOX.fullmatch(found.group().split("@", 1)[0]):
        return False
    start, end = _clause(folded, found.start(), found.end())
    after = _CLAUSE_BREAK.search(folded, end + 1)
    return _MAILBOX_ELSEWHERE.search(folded, start, after.start() if after else len(folded)) is not None


def _closed_up(folded: str, domain: str) -> str:
    """Return text with the council's domain closed up where it was spaced out to dodge scrapers.

    "jokoro @ brackley-tc . gov . uk" is the same address as "jokoro@brackley-tc.gov.uk": spaces around its dots
    and around an "@" spaced off from it go, and a bare " at " before a domain so spaced is its "@", as a bare
    " at " is beside " dot ".
    """
    spaced = re.compile(r"[ \t]*\.[ \t]*".join(map(re.escape, domain.split("."))))
    closed = spaced.sub(domain, folded)
    if closed != folded:
        closed = replace_padded(re.compile(r"\sat\s(?=" + re.escape(domain) + ")"), closed, "@")
    # Only an "@" with space after it: "@brackley-tc.gov.uk" alone may be a Bluesky handle ("follow @...").
    return replace_padded(re.compile(r"@(?=\s+" + re.escape(domain) + ")"), closed, "@")


def _email_signs(account: Account, config: Config) -> Iterator[Sign]:
    """Yield a council email address given on the profile."""
    for field in ("bio", "display_name", "location", "url", "pinned_text"):
        text = _AT_CAPS.sub("@", getattr(account, field) or "")
        folded = replace_padded(_AT, normalise(safe_text(clip(text))), "@")
        folded = _AT_MAILBOX.sub(lambda m: re.sub(r"\s+at\s+$", "@", m.group()), folded)
        if _DOT_WORD.search(folded):
            folded = replace_padded(_AT_WORD, folded, "@")
        folded = replace_padded(_DOT, folded, ".")
        for domain in config.council.email_domains:
            folded = _closed_up(folded, domain)
            if "@" not in folded:
                continue
            # A link to the council's website (www.<domain>/councillors, a register of interests) is not its
            # email address: the policy names "the Council e-mail address", and publishing one's register of
            # interests is required transparency. Mailboxes never start "www.", nor carry a path.
            # The lookbehind starts the mailbox only where a run of its characters starts: the leftmost match
            # starts there anyway, and trying every later character of a long run was quadratic.
            found = re.search(r"(?<![\w.+-])[\w.+-]+@(?!www\.)(?:[\w-]+\.)*" + re.escape(domain)
                              + r"\b(?![/\w-]|\.\w)", folded)
            if found and not _mailbox_elsewhere(folded, found):
                yield Sign(field, folded, found.start(), found.end(),
                           f"the {field.replace('_', ' ')} gives a council email address ({found.group(0)[:60]})")
                break


def _logo_sign(account: Account, config: Config) -> Sign | None:
    """Return the council's logo used as the avatar (pHash within 8 of 64 bits)."""
    for logo in config.council.logo_hashes:
        bits = avatar_matches(account.avatar_hash, logo)
        if bits is not None:
            return Sign("avatar", account.avatar_url or "", 0, 0,
                        f"the avatar is the council's logo ({bits} bits from its hash)")
    return None


def council_identity(account: Account, ctx: Context) -> Iterator[Hit]:
    """Report a councillor's personal account that presents itself as the Council.

    Clause 6.4: "When using social media for personal purposes, you must not imply that you are
    speaking for Brackley Town Council. Avoid use of the Council e-mail address, logos or other
    Council identification." Clause 6.5: councillors "should ensure they are clearly identified as
    personal and do not in any way imply that they reflect the Council's view."

    Fires on: an address at the council's email domain anywhere on the profile (obfuscated "at"/"dot"
    too, or spaced out, "jo @ brackley-tc . gov . uk"; a link to the council's website,
    "www.<domain>/councillors", is not an address); the council's name or a short name as (part of) the display
    name ("Brackley Town Council",
    "Brackley Town Council - Jane", "Cllr Jane Whitfield, Brackley Town Council"), misspelt too ("Brackly Town
    Council": a slip a word, two in all, short words exact, so not "Brackley Town Councillor" or "Brackley FC");
    a bio that is the council's name and nothing more; a bio headed with the council's name as its title ("Brackley Town
    Council – the voice of Brackley. Views my own.", "Brackley Town Council: news and views"), since a bio
    is read from the top and the spec's "sole bio" is there to catch the council's name standing as the
    account's own, which a trailing disclaimer does not undo (unless what follows the dash names the
    person's role: "Brackley Town Council – South ward councillor"); wording that presents the account
    as the council's own ("official account of the council", "run by Brackley Town Council", unless
    negated) or speaks as it ("this account sets out the Council's position", "here we give the Council's
    official response"; the account or a corporate "we", not "I"); the
    council's logo as avatar (pHash ≤ 8 bits apart); the council's voice in other words: "we at the town
    council", "we're your town council", "news and updates from Brackley Council", "official council
    announcements", "posting on behalf of the council", "the Council's statements are here" (the name without
    "Town" counts too), "run by the Town Council's team", "your Town Council online", "the place for Brackley
    Town Council news", "Brackley Town Council's page for ...", "the official view of the Council", "here to set
    out the Town Council's position", "Brackley Town Council's voice on X", "BTC official" (the council's
    initials), "news, agendas and decisions from ...", "keeping you up to date with everything the Town Council is
    doing", or the account called the council's channel in words of its own ("Brackley Town Council's home on
    Bluesky", "the Council's word on all things Brackley", "Verified account of ...", "bringing you the Town
    Council's decisions", "your first stop for Town Council announcements", "this is where the Council answers your
    questions", "the Council, on X", "Council statements get posted here first", "questions about the Council? this
    is where we answer them"), the councillor running or minding the council's feed on this platform ("looking
    after the Town Council's Bluesky account until the clerk sets one up"; not one run before, by the clerk, on
    another platform or pointed to; "I'm putting the Town Council's notices out from here", "Bluesky is the Town
    Council's newest home and I'm looking after it"), a bio that is the council's name misspelt, or headed with it,
    or, when nothing above is found, the council named in a clause that points at
    this account ("here", "this page", "on the socials") or speaks as it ("on behalf of its Town Council"), with no
    "I", councillor, denial or pointer in the clause and the council not the object of someone's work ("here to help
    you deal with the council"), unless the clause points elsewhere ("for official news follow @BrackleyTC", a
    link, "my ... page", "if you need the Council's official line, search for its own page", "for that, look up the
    Council's own page", "the Council's official account lives elsewhere") or denies it; a trailing "views my own"
    undoes none of these.
    Does not fire on a role description:
    "Jane Whitfield, Brackley Town Councillor" or "Cllr Jane Whitfield" names the person and their
    office, not the body; whether it also needs a disclaimer is missing-disclaimer's question.
    The council's name is matched as whole words, so "Councillor" never counts as "Council".
    One finding per account, listing every sign.
    """
    if account.role != "councillor":
        return
    config = ctx.config
    signs = [s for s in (_display_name_sign(account, config),
                         _sole_bio_sign(account, config) or _title_bio_sign(account, config)
                         or _misspelt_bio_sign(account, config),
                         _logo_sign(account, config)) if s]
    signs += [*_claim_signs(account, config), *_voice_signs(account, config), *_as_council_signs(account, config),
              *_mouthpiece_signs(account, config), *_minding_signs(account, config),
              *_email_signs(account, config)]
    if not signs:
        signs += _channel_signs(account, config)
    if not signs:
        return
    first = signs[0]
    yield Hit(
        message=f"@{account.handle} is a councillor's personal account but {first.reason}",
        evidence={"field": first.field, "excerpt": excerpt(first.text, first.start, first.end),
                  "score": 1.0,
                  "reasons": [s.reason for s in signs], "fields": sorted({s.field for s in signs})},
    )
