"""An Alternation finds what re finds: the same spans, in the same order, on real patterns and on generated ones."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.alternation import Alternation, fold, needs, split_top
from monitor.checks.opinion import compile_markers
from monitor.text import trie_pattern

ROOT = Path(__file__).resolve().parent.parent
# The package exports each check function under its module's name, so the modules are imported by path.
confidential = importlib.import_module("monitor.checks.confidential")
offensive = importlib.import_module("monitor.checks.offensive")
personal_data = importlib.import_module("monitor.checks.personal_data")
CHECKED = {
    "personal-opinion markers": lambda: compile_markers(()).pattern,
    "confidential GATE": lambda: confidential.GATE,
    "confidential SECRECY": lambda: confidential.SECRECY,
    "offensive MOCKERY": lambda: offensive.MOCKERY,
    "offensive SCORN": lambda: offensive.SCORN,
    "personal-data HEALTH_WORD": lambda: personal_data.HEALTH_WORD,
    "personal-data CRIMINAL_WORD": lambda: personal_data.CRIMINAL_WORD,
}


def spans(found: object) -> list[tuple[int, int]]:
    """Return the spans of an iterator of matches."""
    return [m.span() for m in found]  # type: ignore[attr-defined]


def eval_texts() -> list[str]:
    """Return every post text of two answered held-out sets, as written and lower-cased."""
    texts: list[str] = []
    for path in sorted((ROOT / "eval" / "heldout43").glob("text-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            texts += [text, text.lower()]
    return texts


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_a_check_pattern_finds_what_re_finds_on_real_posts(name: str) -> None:
    alternation = CHECKED[name]()
    assert alternation.alternatives, "the pattern should be split, or it gains nothing"
    whole = re.compile(alternation.pattern, alternation.flags)
    texts = eval_texts()
    assert len(texts) > 400
    for text in texts:
        assert spans(alternation.finditer(text)) == spans(whole.finditer(text)), text
        assert (alternation.search(text) is None) == (whole.search(text) is None)


def test_the_alternatives_are_split_at_the_top_level_only() -> None:
    assert split_top(r"a(?:b|c)|[|(]d|\|e|f") == ["a(?:b|c)", "[|(]d", r"\|e", "f"]
    assert split_top(r"[]|]x|y") == ["[]|]x", "y"]
    assert split_top(r"[^]|]x|y") == ["[^]|]x", "y"]


def test_the_literals_an_alternative_needs() -> None:
    from re import _parser as parser  # type: ignore[attr-defined]

    def of(pattern: str, flags: int = 0) -> list[set[str]] | None:
        got = needs(parser.parse(pattern, flags).data, bool(flags & re.IGNORECASE))
        return None if got is None else [set(n) for n in got[0]]

    assert of(r"\bis\s+it\s+(?:just\s+)?me\s+or\b") == [{"is"}, {"it"}, {"me"}, {"or"}]
    assert of(r"\b(?:makes?|made)\s+me") == [{"ma"}, {"ke", "de"}, {"me"}]  # re factors out "ma"
    assert of(r"Hello", re.IGNORECASE) == [{"hello"}]
    assert of(r"a(?:b|)c") == [{"a"}, {"c"}]  # an empty branch needs nothing
    assert of(r"(a)\1") is None  # a back-reference is not reasoned about


def test_a_pattern_it_cannot_reason_about_runs_whole() -> None:
    for pattern in (r"a|x*", r"(a)|\1b", r"(?i)ab|cd"):
        alternation = Alternation(pattern)
        assert not alternation.alternatives
        whole = re.compile(pattern)
        for text in ("ab cd AB CD aab", "", "xx"):
            assert spans(alternation.finditer(text)) == spans(whole.finditer(text))


def test_case_folds_that_re_matches_are_found() -> None:
    # re's IGNORECASE takes dotless "ı", "İ", long "ſ" and the Kelvin sign as the letters they fold to.
    alternation = Alternation(r"\bin\s+my\s+view\b|\bstick\b|\bkit\b", re.IGNORECASE)
    for text in ("ın my view", "İn my view", "ſtick", "\u212aIT", "IN MY VIEW"):
        assert spans(alternation.finditer(text)) == spans(re.compile(alternation.pattern, re.I).finditer(text))
        assert alternation.search(text) is not None, text
    assert fold("İſ") == "is"


def test_the_earlier_alternative_wins_at_the_same_place_and_matches_do_not_overlap() -> None:
    alternation = Alternation(r"ab|abc|bcd|cd")
    assert [m.group() for m in alternation.finditer("abcd abcd")] == ["ab", "cd", "ab", "cd"]


def test_a_trie_keeps_a_key_that_another_starts_with() -> None:
    gate = re.compile(rf"\b{trie_pattern(['i', 'imo', 'in'])}\b")
    assert [m.group() for m in gate.finditer("imo i in it")] == ["imo", "i", "in"]
    assert re.fullmatch(trie_pattern([]), "") is None


WORDS = ["me", "my", "is", "it", "or", "i", "in", "for", "the", "a", "ab", "ba"]
ALPHABET = "abefimnorstyIM İıſ.,!?\n'’"


@st.composite
def alternations(draw: st.DrawFn) -> str:
    """Return a pattern of a few alternatives built from words, optional parts, classes and boundaries."""
    def piece() -> str:
        kind = draw(st.sampled_from(["word", "opt", "branch", "class", "space"]))
        word = draw(st.sampled_from(WORDS))
        if kind == "word":
            return re.escape(word)
        if kind == "opt":
            return f"(?:{re.escape(word)}\\s+)?"
        if kind == "branch":
            return f"(?:{re.escape(word)}|{re.escape(draw(st.sampled_from(WORDS)))})"
        return "[a-z]" if kind == "class" else r"\s*"

    alts = []
    for _ in range(draw(st.integers(1, 5))):
        body = "".join(piece() for _ in range(draw(st.integers(1, 4))))
        edge = draw(st.sampled_from(["", r"\b", r"(?<=[.!?\n])", "^"]))
        alts.append(edge + body + draw(st.sampled_from(["", r"\b", r"(?!\w)"])))
    return "|".join(alts)


@settings(max_examples=300, deadline=None)
@given(alternations(), st.lists(st.text(alphabet=ALPHABET, max_size=40), min_size=1, max_size=5),
       st.booleans())
def test_generated_alternations_find_what_re_finds(pattern: str, texts: list[str], ignore_case: bool) -> None:
    flags = re.IGNORECASE if ignore_case else 0
    alternation, whole = Alternation(pattern, flags), re.compile(pattern, flags)
    for text in texts:
        assert spans(alternation.finditer(text)) == spans(whole.finditer(text)), (pattern, text)


def test_a_bad_pattern_fails_when_built_not_on_the_first_text() -> None:
    # One alternative with a look-behind of varying width cannot be split or compiled: say so at import.
    with pytest.raises(re.error):
        Alternation(r"ab|(?<=x\s+)c")
