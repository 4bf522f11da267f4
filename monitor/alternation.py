"""A long alternation run only over the alternatives whose required words are in the text, with re's results.

Python's re tries every alternative of `a|b|c|...` at every position of a text: the personal-opinion markers (129
alternatives) cost about 0.6 ms on a 150-character post. Most alternatives need a literal the text does not hold
("is it just me or" needs "is", "it", "me" and "or"), so `Alternation` works out, once, which literals each
alternative must consume, finds with one pass which of them a text holds, and runs only the alternatives that
can match. Their matches are merged as re would: the leftmost wins, the earlier alternative at the same place, and
the search goes on after it. A pattern of one alternative ("\\b(?:a|b|c)\\b") gains the
first step: a text with none of its literals is turned away by one search of a trie of them. Anything it cannot
reason about (an alternative that can match nothing, inline flags, group references, verbose patterns) runs the
whole pattern as before.

A match comes from its own alternative's compiled pattern, so only its span and group(0) mean what they did: numbered
groups count from that alternative.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from re import _constants as C  # type: ignore[attr-defined]  # the parser's opcodes
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

from monitor.text import trie_pattern

# Characters that re's IGNORECASE takes as equal to a letter whose casefold() differs: dotless "ı" matches "i", and
# "İ" casefolds to "i" and a combining dot. Folding them so keeps every literal of a match findable in the text.
_FOLD_FIXES = str.maketrans({"ı": "i", "\u0307": None})
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_ONE_CHAR = (C.IN, C.ANY, C.NOT_LITERAL, C.CATEGORY)

Need = frozenset[str]  # a match consumes at least one of these literals


def fold(text: str) -> str:
    """Return the text as an IGNORECASE alternation's literals are compared with it."""
    return text.casefold().translate(_FOLD_FIXES)


def split_top(source: str) -> list[str]:
    """Return the top-level alternatives of a pattern's source (one, if it has no top-level "|")."""
    out: list[str] = []
    current: list[str] = []
    depth, i, in_class = 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            current.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            j = i + 1 + (source[i + 1:i + 2] == "^")
            if source[j:j + 1] == "]":  # "[]...]" and "[^]...]": a leading "]" is a member, not the end
                current.append(source[i:j + 1])
                i = j + 1
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    out.append("".join(current))
    return out


def needs(items: Any, folded: bool) -> tuple[list[Need], bool] | None:
    """Return what a parsed sequence must consume (all of the sets, one literal of each) and whether it can match
    nothing; None when it holds something not reasoned about."""
    reqs: list[Need] = []
    run: list[str] = []
    nullable = True

    def close() -> None:
        if run:
            reqs.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            ch = fold(chr(av)) if folded else chr(av)
            if len(ch) != 1:  # "ß" folds to "ss": keep it out of a run rather than reason about it
                close()
            else:
                run.append(ch)
            nullable = False
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literals either side are still consecutive
        close()
        if op in _ONE_CHAR:
            nullable = False
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            if op is C.SUBPATTERN and (av[1] or av[2]):
                return None  # inline flags change what a literal matches
            got = needs((av[3] if op is C.SUBPATTERN else av).data, folded)
            if got is None:
                return None
            reqs += got[0]
            nullable = nullable and got[1]
        elif op in _REPEATS:
            got = needs(av[2].data, folded)
            if got is None:
                return None
            if av[0] >= 1:
                reqs += got[0]
                nullable = nullable and got[1]
        elif op is C.BRANCH:
            options: set[str] | None = set()
            either_empty = False
            for branch in av[1]:
                got = needs(branch.data, folded)
                if got is None:
                    return None
                either_empty = either_empty or got[1]
                if not got[0]:
                    options = None
                elif options is not None:
                    options |= max(got[0], key=lambda need: min(map(len, need)))
            if options:
                reqs.append(frozenset(options))
            nullable = nullable and either_empty
        else:
            return None  # group references, conditionals: not reasoned about
    close()
    return reqs, nullable


class Alternation:
    """A pattern of many alternatives, searched as re searches it, trying only those that can match the text."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = flags
        self.folded = bool(flags & re.IGNORECASE)
        self.alternatives: list[re.Pattern[str]] = []
        self.needs: list[tuple[Need, ...]] = []
        if flags & re.VERBOSE:
            self.whole  # noqa: B018  # compiled now: a bad pattern fails at import
            return  # comments and spaces would be split as pattern text
        for part in split_top(source):
            try:
                compiled = re.compile(part, flags)
                got = needs(parser.parse(part, flags).data, self.folded)
            except re.error:
                compiled, got = re.compile(""), None  # a group reference to another alternative
            # "(?i)" at the start of the whole pattern would be lost from all but the first alternative
            if got is None or got[1] or (self.alternatives and compiled.flags != self.alternatives[0].flags):
                self.alternatives, self.needs = [], []
                self.whole  # noqa: B018  # compiled now, so a bad pattern fails at import, not on the first post
                return  # the whole pattern, as re runs it
            self.alternatives.append(compiled)
            # the rarest-looking set first: it is the one looked up, the others only checked
            self.needs.append(tuple(sorted(got[0], key=lambda need: -min(map(len, need)))))
        literals = {lit for reqs in self.needs for need in reqs for lit in need}
        self.finder = re.compile("(?=(" + trie_pattern(literals) + "))")
        # the finder reports the longest literal at a place; those it starts with are there too
        self.prefixes = {key: frozenset(key[:n] for n in range(1, len(key) + 1) if key[:n] in literals)
                         for key in literals}
        self.always = [i for i, reqs in enumerate(self.needs) if not reqs]
        # a text with none of the alternatives' first literals is turned away by one search
        self.gate = re.compile(trie_pattern({lit for reqs in self.needs for lit in reqs[0]}) if not self.always else "")
        by_first: dict[str, list[int]] = {}
        for i, reqs in enumerate(self.needs):
            for lit in reqs[0] if reqs else ():
                by_first.setdefault(lit, []).append(i)
        self.by_first = {lit: tuple(ids) for lit, ids in by_first.items()}

    @cached_property
    def whole(self) -> re.Pattern[str]:
        """Return the pattern compiled whole, for what the alternatives alone cannot do."""
        return re.compile(self.pattern, self.flags)

    def candidates(self, text: str) -> list[int]:
        """Return, in order, the alternatives whose every required literal set has a member in the text."""
        hay = fold(text) if self.folded else text
        if self.gate.search(hay) is None:
            return []  # most texts: not one alternative's first literal
        present: set[str] = set()
        for key in set(self.finder.findall(hay)):
            present |= self.prefixes[key]
        ids = set(self.always)
        for lit in present:
            ids.update(self.by_first.get(lit, ()))
        return [i for i in sorted(ids) if all(not present.isdisjoint(need) for need in self.needs[i][1:])]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Yield the matches re.finditer would, left to right, none overlapping."""
        if not self.alternatives:
            yield from self.whole.finditer(text)
            return
        ids = self.candidates(text)
        if len(ids) == 1:
            yield from self.alternatives[ids[0]].finditer(text)
            return
        ahead = {i: self.alternatives[i].search(text) for i in ids}
        while True:
            best: re.Match[str] | None = None
            for i in ids:  # in order: at the same start the earlier alternative wins, as in re
                m = ahead[i]
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            yield best
            end = best.end()  # never empty: an alternative that can match nothing runs the whole pattern
            for i in ids:
                m = ahead[i]
                if m is not None and m.start() < end:
                    ahead[i] = self.alternatives[i].search(text, end)

    def search(self, text: str) -> re.Match[str] | None:
        """Return the match re.search would."""
        return next(self.finditer(text), None)
