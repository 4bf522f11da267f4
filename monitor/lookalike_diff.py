"""Where a lookalike handle or name differs from the real one, character by character, in plain English.

A Clerk cannot see the difference between @BrackIeyTC and @BrackleyTC in most fonts, so every place a
lookalike is named (alerts, the report, the console) shows the two strings with each differing character
marked and named: "capital I (U+0049) where the real one has small l", "Cyrillic а (U+0430) where the real
one has Latin a", "an invisible character (U+200B) after 'Brackley'". Pure functions, no I/O.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from monitor.text import INVISIBLE, skeleton

# More differences than this, or less alike than this (difflib's ratio), and the strings are simply
# different: naming each character would bury the point.
MAX_NAMED, MIN_ALIKE = 6, 0.6
_TIMES = {1: "", 2: ", twice"}
# Characters of context quoted beside an added or missing character ("after 'Brackley'").
CONTEXT = 12
# A run longer than this is quoted rather than named character by character.
NAMED_RUN = 3
# Unicode names people do not say.
_SAID = {"LOW LINE": "underscore", "FULL STOP": "full stop", "HYPHEN-MINUS": "hyphen",
         "VERTICAL LINE": "vertical bar", "SPACE": "space"}


@dataclass(frozen=True)
class Difference:
    """One place the fake differs: its characters there (empty when it lacks some), the real ones, and in words."""

    fake: str
    real: str
    index: int
    real_index: int
    name: str

    @property
    def invisible(self) -> bool:
        """Say whether the fake's characters here render as nothing."""
        return bool(self.fake) and all(is_invisible(ch) for ch in self.fake)


def is_invisible(ch: str) -> bool:
    """Say whether a character renders as nothing (zero-width, bidi control, format character)."""
    return bool(INVISIBLE.fullmatch(ch)) or unicodedata.category(ch) in ("Cf", "Zl", "Zp")


def codepoint(ch: str) -> str:
    """Return a character's code point as people write it: U+0049."""
    return f"U+{ord(ch):04X}"


def _script(ch: str) -> str:
    """Return the first word of a character's Unicode name (its script for letters): LATIN, CYRILLIC, GREEK."""
    return unicodedata.name(ch, "").split(" ")[0]


def char_name(ch: str, *, other: str = "", code: bool = False) -> str:
    """Return a character in words: "capital I", "Cyrillic а (U+0430)", "an invisible character (U+200B)".

    `other` is the character it is compared with: a Latin letter set against another Latin letter is named by
    its case only ("small l"); against anything else its script is named too ("Latin a").
    """
    point = f" ({codepoint(ch)})"
    if is_invisible(ch):
        return f"an invisible character{point}"
    if ch.isspace():
        return ("space" if ch == " " else unicodedata.name(ch, "space").lower()) + (point if code else "")
    name = unicodedata.name(ch, "")
    if ch.isalpha() and " LETTER " in name:
        case = "capital " if ch.isupper() else "small " if ch.islower() else ""
        script = _script(ch)
        foreign = other.isalpha() and _script(other) != script
        if script == "LATIN" and ch.isascii() and not foreign:
            return f"{case}{ch}" + (point if code else "")
        words = script.capitalize() + " " + (case if case == "capital " else "")
        return f"{words}{ch}" + (point if code or script != "LATIN" or not ch.isascii() else "")
    if ch.isdigit() and ch.isascii():
        return f"the digit {ch}" + (point if code else "")
    label = _SAID.get(name) or (name.lower() if name else "an unnamed character")
    return f"{label} {ch}{point}"


def _phrase(text: str, other: str, code: bool) -> str:
    """Return one or a few characters in words, joined with "then"; a longer run is quoted."""
    if len(text) > NAMED_RUN:
        return f"'{_visible(text)}'" + (" with invisible characters" if _visible(text) != text else "")
    names = [char_name(ch, other=other if len(other) == 1 else "", code=code) for ch in text]
    return " then ".join(names)


def _visible(text: str) -> str:
    """Return a text with its invisible characters left out, for quoting as context."""
    return "".join(ch for ch in text if not is_invisible(ch))


def _where(fake: str, index: int) -> str:
    """Return where an added character sits: "after 'Brackley'", or "before 'Brackley'" at the start."""
    before = _words_before(_visible(fake[:index]))
    if before:
        return f"after '{before}'"
    after = _visible(fake[index:])[:CONTEXT]
    return f"before '{after}'" if after else "on its own"


def _words_before(text: str) -> str:
    """Return the end of a text to quote as context, starting at a word rather than inside one."""
    if len(text) <= 2 * CONTEXT:
        return text  # a whole handle reads better than 'ey-tc-gov-uk'
    tail = text[-CONTEXT:]
    cut = next((k + 1 for k, ch in enumerate(tail) if not ch.isalnum()), 0)
    return tail[cut:] if 0 < cut < len(tail) else tail


def _replaced(fake: str, real: str, i: int, j: int) -> Difference:
    """Return a difference where the fake has some characters in place of the real one's."""
    looks = " (they look alike)" if skeleton(fake) == skeleton(real) and len(fake) != len(real) else ""
    name = f"{_phrase(fake, real, code=True)} where the real one has {_phrase(real, fake, code=False)}{looks}"
    return Difference(fake, real, i, j, name)


def _added(whole: str, extra: str, i: int, j: int) -> Difference:
    """Return a difference where the fake has characters the real one lacks."""
    if all(is_invisible(ch) for ch in extra):
        what = "an invisible character" if len(extra) == 1 else f"{len(extra)} invisible characters"
        points = ", ".join(codepoint(ch) for ch in extra)
        return Difference(extra, "", i, j, f"{what} ({points}) {_where(whole, i)}")
    return Difference(extra, "", i, j, f"an extra {_phrase(extra, '', code=False)} {_where(whole, i)}")


def _missing(whole: str, lacking: str, i: int, j: int) -> Difference:
    """Return a difference where the fake lacks characters the real one has."""
    return Difference("", lacking, i, j, f"no {_phrase(lacking, '', code=False)} {_where(whole, i)}, "
                                         "which the real one has")


def differences(fake: str, real: str) -> list[Difference]:
    """Return each place the fake string differs from the real one, aligned character by character."""
    out: list[Difference] = []
    matcher = SequenceMatcher(None, fake, real, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        a, b = fake[i1:i2], real[j1:j2]
        if op == "delete":
            out.append(_added(fake, a, i1, j1))
        elif op == "insert":
            out.append(_missing(fake, b, i1, j1))
        elif len(a) == len(b):
            # Pair them one for one: BrackIey has I for l, not "I" for "l" as a block.
            out += [_replaced(x, y, i1 + k, j1 + k) for k, (x, y) in enumerate(zip(a, b, strict=True))]
        else:
            out.append(_replaced(a, b, i1, j1))
    return out


def describe(fake: str, real: str) -> str:
    """Return how the fake differs from the real one in one sentence, or say they are the same characters."""
    found = differences(fake, real)
    if not found:
        return "the same characters as the real one"
    if len(found) > MAX_NAMED or SequenceMatcher(None, fake, real, autojunk=False).ratio() < MIN_ALIKE:
        return f"{len(found)} differences from the real one: a different name, not a copy with a character swapped"
    # The same swap made twice ("-" for "." in a moved domain) is said once, with how many times.
    counts = Counter(d.name for d in found)
    return "; ".join(name + _TIMES.get(n, f", {n} times") for name, n in counts.items())


def segments(fake: str, real: str) -> list[tuple[str, Difference | None]]:
    """Return the fake cut into runs, each either the same as the real one (None) or one difference.

    For marking the differences in HTML or a console: a missing character is a run of "" with its difference,
    so the renderer can show a gap where it should be.
    """
    out: list[tuple[str, Difference | None]] = []
    pos = 0
    for diff in differences(fake, real):
        if diff.index > pos:
            out.append((fake[pos:diff.index], None))
        out.append((diff.fake, diff))
        pos = diff.index + len(diff.fake)
    if pos < len(fake):
        out.append((fake[pos:], None))
    return out
