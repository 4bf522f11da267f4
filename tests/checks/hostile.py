"""Adversarial texts for the checks, and a way to time one check on one as a post, a reply or a profile field.

Shared by tests/checks/test_hostile.py (every check stays linear in its text) and bench/bench_hostile.py
(the figures). A kind is a unit repeated to the wanted length: a run of one character class the patterns
touch (punctuation, digits, white space, emoji, bidi controls, combining marks, U+FFFD, zero-width
characters, letters), or a near-match of a check's own patterns repeated ("ha", "who ", "£1 ", "@a ",
"how is ", "views my ", "part ii ", "f u c k "...): the inputs that make a backtracking regex try every
split of a long run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.checks import CHECKS, Check, Context, History
from monitor.config import Config
from monitor.records import Account, Post, Role

# Inside the example config's 2027 pre-election period, so pre-election reads its posts too.
NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)
# Facebook's limits (characters): a post, and a comment (a resident's reply to a Page's post).
FACEBOOK_POST, FACEBOOK_COMMENT = 63_206, 8_000

# Runs of one character (or one grapheme) of each class the patterns touch.
RUNS: dict[str, str] = {
    "apostrophe": "'", "curly apostrophe": "’", "hyphen": "-", "en dash": "–", "at": "@", "star": "*",
    "hash": "#", "question": "?", "bang": "!", "full stop": ".", "comma": ",", "colon": ":", "slash": "/",
    "pipe": "|", "bracket": "(", "quote": '"', "pound": "£", "dollar": "$", "percent": "%", "underscore": "_",
    "zero": "0", "seven": "7", "space": " ", "tab": "\t", "newline": "\n", "nbsp": "\u00a0",
    "emoji": "\U0001F602", "heart": "\u2764\ufe0f", "rlm": "\u200f", "rlo": "\u202e", "fsi": "\u2066",
    "combining acute": "\u0301", "letter and combining": "e\u0301", "fffd": "\ufffd", "zwsp": "\u200b",
    "zwj": "\u200d", "bom": "\ufeff", "letter a": "a", "letter I": "I", "capital A": "A", "cyrillic a": "\u0430",
    "fullwidth B": "\uff22",
}
# Near-matches of the checks' patterns, repeated: words that open a pattern which then fails much later.
ALTERNATIONS: dict[str, str] = {
    # unanswered: laughs, openers, disbelief, echoes of figures, mentions
    "ha": "ha", "ha space": "ha ", "who": "who ", "who knew": "who knew ", "how is": "how is ", "when": "when ",
    "can you": "can you ", "is the": "is the ", "hi": "hi ", "any update": "any update ", "pound one": "£1 ",
    "pound comma": "£1,", "another": "another ", "at a": "@a ", "at word": "@abc.", "question space": "? ",
    "exclaimed": "?! ", "digits and stops": "1.", "digit space": "1 ", "per a": "per a ",
    "please advise": "please ", "why does nobody": "why does ", "who would": "who would ", "why no one": "why does no ",
    "surprise": "surprise ",
    # hours-notice
    "mon dash": "mon-", "nine dash": "9-", "nine am": "9am ", "open": "open ", "hours": "hours ",
    "staffed": "staffed ", "a dot m": "a.m.", "twenty four seven": "24/7 ", "working days": "2 working days ",
    "denied": "not monitored 24/7 ", "gates": "gates ",
    # missing-disclaimer, council-identity, impersonation
    "views": "views ", "views my": "views my ", "my own": "my own ", "are all": "are all ", "personal": "personal ",
    "not": "not ", "hashtag camel": "#ViewsAreMine", "own capital": "own Dad ", "council name": "brackley town ",
    "at word email": " at ", "dot word": " dot ", "bracket at": "[at]", "email local": "a.", "official": "official ",
    "cllr": "cllr ", "parody": "parody ", "council email": "jane@brackley-tc.gov.uk ", "claim": "official account of ",
    "not speaking": "not speaking for ", "rts": "rts ", "views question": "views? ", "rts not": "rts not endorsed. ",
    # pre-election
    "vote": "vote ", "Vote": "Vote ", "hash vote": "#Vote", "reelect": "re-elect ", "Labour": "Labour ",
    "Green": "Green ", "back": "back ", "Cllr": "Cllr ", "surname": "Whitfield ",
    "local group": "Brackley Independents ", "Independents": "Independents ", "manifesto": "manifesto ",
    "pledge": "pledge ", "vote tag": "#VoteLabour ", "mention": "@TomOkaforBTC ", "Councillor": "Councillor Smith ",
    "vote for": "vote for ",
    # personal-data
    "mobile prefix": "07700 ", "zero space": "0 ", "flat": "Flat 1, ", "house number": "12 High ",
    "The": "The ", "oh": "oh ", "double": "double ", "postcode": "NN13 ", "email at": "a@b ", "Mr": "Mr ",
    "capital word": "Aaaa ", "phone": "07700 900123 ", "lives at": "lives at ", "number": "number 4 ",
    "obfuscated": "a [at] b [dot] com ", "spoken": "oh seven ",
    # confidential
    "part ii": "part ii ", "confidential": "confidential ", "closed session": "closed session ",
    "leaked": "leaked ", "the report": "the report ", "in camera": "in camera ", "reveal": "I can reveal ",
    "agreed": "agreed ", "million": "£1m ", "in confidence": "told in confidence ",
    # offensive
    "you": "you ", "spelt": "f u c k ", "spelt dots": "s.h.i.t.", "leet": "sh1t ", "masked": "f*** ",
    "letter dash": "a-", "stretched": "shiiit ", "is a": "is a ", "the clerk is": "the clerk is ",
    "cronies": "and his cronies ", "insult": "you idiot ", "corrupt": "cllr hughes is corrupt ",
    "vermin": "they are vermin ", "threat": "know where you live ",
    # personal-opinion
    "I": "I ", "I think": "I think ", "I really": "I really ", "my": "my ", "quote letter": "'a ",
    "curly quote": "\u201c", "faq": "Q: ", "said colon": "said: ", "I personally": "I personally ",
    "in my opinion": "in my opinion ", "quoted": "\u201cI think\u201d ", "open quote": "\u2018a",
    "I think open quote": "I think \u2018a", "apostrophe letter": "'a",
    # letters and words
    "single letters": "a ", "capital letters": "A ", "letter stops": "a.",
}
KINDS: dict[str, str] = {**RUNS, **ALTERNATIONS}

# Ordinary council prose that no check fires on or stops early in: the baseline for a hostile text of its length.
PROSE = (
    "The recycling centre on Station Road is closed on Monday for maintenance. "
    "Full Council meets on Tuesday evening in the Town Hall, and the agenda and papers are on the website. "
    "Thanks to everyone who came to the lights switch-on last week, it was a lovely evening. "
    "The Market Place car park will be resurfaced next month, so please use the Manor Road car park instead. "
    "The budget for next year was agreed at the meeting, with a small rise for most homes. "
    "The library has new opening times from the start of the month. "
    "Comments on the plans for the old bakery are welcome until the end of May.\n"
)
CONTEXTS = ("post", "reply", "bio", "display_name", "pinned_text")
ROLES: tuple[tuple[Role, str], ...] = (("official", "BrackleyTC"), ("councillor", "CllrJWhitfield"),
                                       ("other", "resident_1"))
_EMPTY = History()
_SALT_LETTERS = "bcdfghjklmnpqrstvwxz"


def text_of(unit: str, length: int) -> str:
    """Return a unit repeated to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def salted(text: str, salt: int) -> str:
    """Return a text made distinct by a short prefix word, so no cache keyed by the text answers a run.

    The number is spelt in consonants after "zq", a word no pattern knows: a digit would wake the checks that
    look further only when a text has one, and a bare "i" or "tbh" would pass personal-opinion's gate.
    """
    prefix = "zq"
    while True:
        salt, letter = divmod(salt, len(_SALT_LETTERS))
        prefix += _SALT_LETTERS[letter]
        if not salt:
            return f"{prefix}\n{text}"


def _account(role: Role, handle: str, field: str, text: str) -> Account:
    """Return an X account in a role with the text in one profile field (no check reads profiles by platform)."""
    def only(name: str) -> str:
        """Return the text for the field under test, nothing for the others."""
        return text if field == name else ""

    return Account(platform="x", handle=handle, role=role, created_at=NOW - timedelta(days=2000),
                   bio=only("bio"), display_name=only("display_name"), pinned_text=only("pinned_text"),
                   location=only("location"))


def applicable(check: Check, context: str) -> bool:
    """Say whether a check reads a text in a context: posts read post bodies, accounts profile fields, history both."""
    if context in ("post", "reply"):
        return check.applies_to in ("post", "history")
    return check.applies_to in ("account", "history")


def runner(check: Check, context: str, text: str, config: Config) -> Callable[[], int]:
    """Return a callable that runs a check once on a text in a context and returns the number of hits.

    Everything but the check's own work (records, history) is built here, outside the timed call. Profile
    fields are tried on an official account, a councillor's and a resident's, since each check reads its own.
    """
    if context in ("post", "reply"):
        official = Post(platform="facebook", handle="BrackleyTownCouncil", id="1", role="official",
                        created_at=NOW - timedelta(days=7), text="The Market Place car park reopens on Monday.")
        if context == "post":
            subject = Post(platform="facebook", handle="BrackleyTownCouncil", id="2", role="official",
                           created_at=NOW - timedelta(hours=1), text=text)
        else:
            subject = Post(platform="x", handle="resident_1", id="3", role="other", reply_to="1",
                           reply_to_handle="BrackleyTC", created_at=NOW - timedelta(days=6), text=text)
        history = History(posts=(official, subject))
        ctx = Context(config=config, now=NOW, history=history)
        if check.applies_to == "post":
            return lambda: len(list(check.func(subject, ctx)))
        if check.applies_to == "history":
            return lambda: len(list(check.func(ctx)))
        return lambda: 0
    subjects = [_account(role, handle, context, text) for role, handle in ROLES]
    if check.applies_to == "account":
        ctx = Context(config=config, now=NOW, history=_EMPTY)
        return lambda: sum(len(list(check.func(a, ctx))) for a in subjects)
    if check.applies_to == "history":
        ctxs = [Context(config=config, now=NOW, history=History(accounts=(a,))) for a in subjects]
        return lambda: sum(len(list(check.func(c))) for c in ctxs)
    return lambda: 0


def seconds(check: Check, context: str, text: str, config: Config, salt: int) -> float:
    """Return the CPU seconds one run of a check takes on a (salted) text in a context.

    CPU time of this thread, not the wall clock: on a shared CI machine other processes take the core away
    mid-run, which would count against whichever check was running.
    """
    run = runner(check, context, salted(text, salt), config)
    start = time.thread_time()
    run()
    return time.thread_time() - start


@dataclass
class Timer:
    """Fresh salts for timing runs, so repeated runs never meet a warm cache for their text."""

    salt: int = 0

    def best(self, check: Check, context: str, text: str, config: Config, tries: int,
             good_enough: float = 0.0) -> float:
        """Return the least of up to `tries` timings, stopping early once one is at most good_enough."""
        best = float("inf")
        for _ in range(tries):
            self.salt += 1
            best = min(best, seconds(check, context, text, config, self.salt))
            if best <= good_enough:
                break
        return best


def checks() -> tuple[Check, ...]:
    """Return every registered check."""
    return CHECKS
