"""Text folding shared by the checks: invisible characters, compatibility forms, TR39 skeletons."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import icu

# Zero-width, bidi controls, soft hyphen, word joiners, BOM, Hangul fillers, variation selectors:
# they change nothing a reader sees, so an impersonator or a masked swear word can hide behind them.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Texts are cut to this many characters before the checks read them: a 1 MB post costs no more than a long one.
MAX_CHECK_CHARS = 20_000

_SPOOF = icu.SpoofChecker()
# ICU refuses lone surrogates (JSON can spell them); they become U+FFFD before a skeleton is taken.
_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_invisible(text: str) -> str:
    """Remove characters that render as nothing."""
    return INVISIBLE.sub("", text)


def clip(text: str) -> str:
    """Return at most MAX_CHECK_CHARS characters of a text."""
    return text if len(text) <= MAX_CHECK_CHARS else text[:MAX_CHECK_CHARS]


def normalise(text: str) -> str:
    """Return text with invisibles removed, NFKC applied and case folded (spans no longer line up)."""
    return unicodedata.normalize("NFKC", strip_invisible(clip(text))).casefold()


# Bounded: names and handles repeat, and a scan of a million records must not keep each one it saw.
@lru_cache(maxsize=4_096)
def skeleton(text: str) -> str:
    """Return the Unicode TR39 skeleton of a text, case folded afterwards (TR39 itself is case-sensitive)."""
    folded = _SURROGATE.sub("\ufffd", unicodedata.normalize("NFKC", strip_invisible(clip(text))))
    return str(_SPOOF.getSkeleton(0, folded)).casefold()


def squash(text: str) -> str:
    """Return only the letters and digits of a skeleton: names compared without spaces or marks."""
    return "".join(ch for ch in skeleton(text) if ch.isalnum())


def replace_padded(token: re.Pattern[str], text: str, repl: str, count: int = 0) -> str:
    r"""Return text with each match of token, and all the white space either side of it, replaced by repl.

    This is re.sub(r"\s*(?:token)\s*", repl, text, count), written out: that pattern starts a search at every space
    of a run and runs to its end before failing, so a profile of 8,000 spaces cost seconds; here each space is
    looked at once or twice. The two agree for tokens that cannot match at two places one run of spaces apart
    ("[at]" and "@" start with a non-space; " at " and " dot " are one space and then a letter). count=0 replaces
    every match.
    """
    out: list[str] = []
    pos = 0
    while (count == 0 or len(out) < 2 * count) and (found := token.search(text, pos)) is not None:
        lo, hi = found.start(), found.end()
        while lo > pos and text[lo - 1].isspace():  # str.isspace and re's \s agree on every character
            lo -= 1
        while hi < len(text) and text[hi].isspace():
            hi += 1
        out += [text[pos:lo], repl]
        pos = hi
    return "".join(out) + text[pos:] if out else text


def _trie(keys: Iterable[str]) -> dict[str, Any]:
    """Return the keys folded into a trie of nested dicts, "" marking where a key ends."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def any_of(keys: tuple[str, ...] | list[str] | frozenset[str]) -> re.Pattern[str]:
    """Return a pattern that finds any of the keys in a text (a gate: which key, or how long, does not matter).

    The keys are folded into a trie, so one search tries each position once against the keys' first letters,
    where `any(k in text for k in keys)` scans the text once per key (five times slower at 300 keys). A key that
    another key starts with makes the longer one redundant, so the trie stops there.
    """
    trie = _trie(keys)

    def branch(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + branch(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(branch(trie) if trie else "(?!)")


def trie_pattern(keys: Iterable[str]) -> str:
    """Return a pattern of the keys as a trie, which matches the longest key that starts at a position.

    re tries an alternation's keys one by one at every position; a trie tries each position against the keys'
    first letters only. Unlike any_of, a key that another starts with is kept, so a word boundary after it can
    backtrack to the shorter key.
    """
    root = _trie(keys)

    def branch(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + branch(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")  # last, so that a longer key is tried first
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return branch(root) if root else "(?!)"
