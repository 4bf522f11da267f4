"""A learned layer beside the hand-written patterns: one linear model a rule over a post's words and letter runs.

The hand-written checks read kinds of language; people who never read them find other words for the same things
(issue 14: held-out recall 0.29-0.87 on four rules). A linear text classifier trained on every labelled set
generalises across independently written sets better, so offensive, personal-opinion, confidential and
pre-election also fire when their own patterns do not and this model scores a post at or above the rule's
threshold (docs/checks.md gives the training data, the thresholds and the cross-validated figures).

Features, the same at training (scripts/train_learned.py) and at run time:
- word unigrams and bigrams ("\\w\\w+" tokens of the lower-cased text), scaled by 1/sqrt(their count);
- letter n-grams of each white-space token padded with a space either side (" crook, ": " cr", "croo", ...),
  scaled by 1/sqrt(their count).
A rule's score is the logistic of its intercept plus the weighted sum. The idf the trainer scales features by is
folded into the shipped weights, and the scaling needs no vocabulary, so features pruned from the file change
nothing else. Only the first CAP characters are read, and a token's letter n-gram sums and the weights of its
own words (and of the word pairs inside it) are summed once and remembered, so a post costs a dictionary look-up
a token and one for the word pair across each gap; every step is linear in the text.

What it cannot do: it sees words, not who they are aimed at or whether they are denied, quoted or reported; it
cannot say why in sentences, only which words weighed most. Its findings say so ("learned" in evidence kind).
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import re
import sys
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import pairwise, repeat
from typing import Any

RULES = ("offensive", "personal-opinion", "confidential", "pre-election")
# The rules' own words for what the model saw, for a Clerk who has never heard of a classifier.
SUMMARIES = {
    "offensive": "derogatory, abusive or defamatory-sounding language",
    "personal-opinion": "a personal opinion in the Council's own voice",
    "confidential": "business from a closed meeting or a confidential matter being disclosed",
    "pre-election": "support for a party or candidate",
}
CAP = 10_000  # characters read: the rest of a long post adds nothing a Clerk needs
WORDS = re.compile(r"\w\w+")
TOKENS = re.compile(r"\S+")
WORTH_SHOWING = re.compile(r"[^\W\d_]{4}")
WEIGHTS_FILE = "weights.json.gz"
# A token's letter n-gram sums are remembered; the memo is emptied when full rather than kept in order.
MAX_TOKENS = 20_000  # about 10 MB when full
# Scores of the most recent texts: the four checks score the same post one batch of posts apart, so the memo keeps
# two generations of MAX_TEXTS (the older is dropped when the newer fills) rather than emptying itself mid-batch.
MAX_TEXTS = 512
# Fewer words (of two letters or more) than this say too little for word weights to mean anything: "Useful
# reminder from Cllr Whitfield." read as offensive. Cross-validation lost no held-out positive to it (the
# patterns catch short insults).
MIN_WORDS = 6
# A capitalised word after one of these is a person's name.
TITLES = frozenset(["cllr", "clr", "councillor", "cllrs", "councillors", "mayor", "mr", "mrs", "ms", "miss", "dr"])
NAME, HANDLE = "someone", "@someone"
# What Model.token remembers of a token: its summed letter n-gram weights (a rule each, in 1/scale units), its
# number of letter n-grams, its words, whether it is a title, those letter n-gram sums and the summed weights of its
# words and of the word pairs inside it packed in one integer (see SHIFT), its number of words, its first word, and
# the word pairs its last word begins (second word -> the pair's packed weights).
Token = tuple[tuple[int, int, int, int], int, list[str], bool, int, int, str, dict[str, int] | None]
# Scoring adds a token's eight sums (letter n-grams and words, four rules each) as one integer, each sum in a field
# of SHIFT bits (pack()): one addition a token instead of eight. A text's sums stay far below 2 ** (SHIFT - 1)
# (at most 32,767 a feature, fewer than 100,000 features in CAP characters), so the fields never overlap and
# unpack() gives back exactly the eight integer sums: the scores are those of adding them one by one.
SHIFT = 48
WORD_FIELDS = 4 * SHIFT  # the word sums sit above the four letter n-gram sums


def normal(tokens: list[str]) -> list[str]:
    """Return white-space tokens with people's names and handles made anonymous ("Cllr Hughes" -> "Cllr someone").

    Every labelled set names the same example council's people, so a name would otherwise weigh as much as an
    insult: "Useful reminder from Cllr Whitfield" read as offensive.
    """
    out: list[str] = []
    title = False
    for token in tokens:
        if title and token[0].isupper():
            token = NAME
        elif token[0] == "@" and len(token) > 1:
            token = HANDLE
        title = token.lower().rstrip(".,:;") in TITLES
        out.append(token)
    return out


def char_grams(token: str, sizes: Iterable[int]) -> list[str]:
    """Return the letter n-grams of a lower-cased token padded with a space either side."""
    padded = f" {token} "
    return [padded[i:i + n] for n in sizes for i in range(len(padded) - n + 1)]


def word_grams(words: list[str]) -> list[str]:
    """Return the unigrams and bigrams of a list of words."""
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def clipped(text: str) -> str:
    """Return the part of a text the model reads."""
    return text if len(text) <= CAP else text[:CAP]


def features(text: str, sizes: Iterable[int]) -> tuple[dict[str, int], dict[str, int]]:
    """Return a text's word n-gram counts and letter n-gram counts (for training; scoring sums per token)."""
    sizes = tuple(sizes)
    words: list[str] = []
    chars: dict[str, int] = {}
    for token in normal(clipped(text).split()):
        low = token.lower()
        words += WORDS.findall(low)
        for gram in char_grams(low, sizes):
            chars[gram] = chars.get(gram, 0) + 1
    counts: dict[str, int] = {}
    for gram in word_grams(words):
        counts[gram] = counts.get(gram, 0) + 1
    return counts, chars


@dataclass(frozen=True)
class Verdict:
    """What the model says of one text for one rule: its score, and the words that weighed most."""

    rule: str
    score: float
    threshold: float
    span: tuple[int, int]
    phrases: tuple[str, ...]

    @property
    def message(self) -> str:
        """Return the finding's message in words a Clerk can act on."""
        words = ", ".join(f"'{p}'" for p in self.phrases) or "none stood out"
        return (f"The wording reads like {SUMMARIES[self.rule]} (learned score {self.score:.2f}); "
                f"the words that weighed most: {words}")

    def evidence(self) -> dict[str, Any]:
        """Return the evidence keys of the finding (the caller adds the excerpt)."""
        return {"field": "text", "span": list(self.span), "score": round(self.score, 3), "kind": "learned",
                "threshold": self.threshold,
                "reasons": [f"learned score {self.score:.2f} (fires at {self.threshold:.2f})"]
                + [f"weighed: '{p}'" for p in self.phrases]}


class Model:
    """The shipped weights of the four rules, and the memos that make scoring a post cheap."""

    def __init__(self, data: dict[str, Any]) -> None:
        """Read a weights document (the format scripts/train_learned.py writes)."""
        self.rules: tuple[str, ...] = tuple(data["rules"])
        self.sizes: tuple[int, ...] = tuple(data["char_sizes"])
        self.intercepts: tuple[float, ...] = tuple(data["intercepts"])
        self.thresholds: dict[str, float] = dict(data["thresholds"])
        if self.rules != RULES:
            raise ValueError(f"weights for {self.rules}, expected {RULES}")
        self.index = {rule: i for i, rule in enumerate(self.rules)}
        # Four 16-bit integers a feature (one a rule), words first: a third of the memory of Python floats.
        self.scale: float = data["scale"]
        self.words: dict[str, int] = {key: 4 * i for i, key in enumerate(data["words"])}
        self.weights = array("h", base64.b64decode(data["weights"]))
        if sys.byteorder == "big":
            self.weights.byteswap()
        # The weighted word pairs by their first word (to the pair's packed weights), so that a pair across two
        # tokens is found without joining them.
        self.pairs: dict[str, dict[str, int]] = {}
        w = self.weights
        for key, i in self.words.items():
            first, space, second = key.partition(" ")
            if space:
                self.pairs.setdefault(first, {})[second] = pack(w[i], w[i + 1], w[i + 2], w[i + 3]) << WORD_FIELDS
        # What token() adds up: a letter n-gram's four weights packed in one integer (see SHIFT), and a word's,
        # packed in the word fields.
        self._char_keys: list[str] = data["chars"]
        base = 4 * len(self.words)
        self.packed_chars: dict[str, int] = {
            key: (((d << SHIFT) + c << SHIFT) + b << SHIFT) + a
            for key, a, b, c, d in zip(self._char_keys, w[base::4], w[base + 1::4], w[base + 2::4], w[base + 3::4],
                                       strict=True)}
        self.unigrams = {key: pack(w[i], w[i + 1], w[i + 2], w[i + 3]) << WORD_FIELDS
                         for key, i in self.words.items() if " " not in key}
        self.meta: dict[str, Any] = data.get("meta", {})
        self._tokens: dict[str, Token] = {}
        self._texts: dict[str, tuple[float, ...]] = {}
        self._older: dict[str, tuple[float, ...]] = {}
        self._lock = threading.Lock()

    @cached_property
    def chars(self) -> dict[str, int]:
        """Return letter n-gram -> index of its first weight (made when asked: scoring reads packed_chars)."""
        return {key: 4 * (len(self.words) + i) for i, key in enumerate(self._char_keys)}

    def weight(self, table: dict[str, int], key: str, rule: int) -> float:
        """Return one feature's weight for one rule (0 when the feature is not in the file)."""
        i = table.get(key)
        return 0.0 if i is None else self.weights[i + rule] * self.scale

    def token(self, token: str) -> Token:
        """Return what scoring needs of a token (see Token): its summed letter n-gram weights, its words and their
        weights, and whether it is a title (what normal() asks of it)."""
        found = self._tokens.get(token)
        if found is not None:
            return found
        low = token.lower()
        grams = char_grams(low, self.sizes)
        chars = sum(map(self.packed_chars.get, grams, repeat(0)))
        words = WORDS.findall(low)
        own = sum(map(self.unigrams.get, words, repeat(0)))
        pairs = self.pairs
        none: dict[str, int] = {}
        for previous, word in pairwise(words):
            own += pairs.get(previous, none).get(word, 0)
        a, b, c, d = unpack(chars, 4)
        found = ((a, b, c, d), len(grams), words, low.rstrip(".,:;") in TITLES, chars + own, len(words),
                 words[0] if words else "", pairs.get(words[-1]) if words else None)
        if len(self._tokens) >= MAX_TOKENS:
            self._tokens.clear()
        self._tokens[token] = found
        return found

    def margins(self, text: str) -> tuple[float, ...]:
        """Return each rule's intercept plus weighted features for a text (the logit of its score)."""
        # normal(), word_grams() and token() inlined: this runs once a post, the rest only when a post fires. A token
        # brings its own words' weights; only the pair across the gap from the last token with words is looked up.
        # All eight sums (letter n-grams and words, four rules each) travel packed in one integer.
        total = n_chars = n_words = 0
        title = False
        follows: dict[str, int] | None = None
        memo, token_of = self._tokens, self.token
        for token in clipped(text).split():
            if title and token[0].isupper():
                token = NAME
            elif token[0] == "@" and len(token) > 1:
                token = HANDLE
            _, n, _, title, packed, k, first, last = memo.get(token) or token_of(token)
            total += packed
            n_chars += n
            if k:
                n_words += k
                if follows is not None:
                    total += follows.get(first, 0)
                follows = last
        if n_words < MIN_WORDS:
            return tuple(-math.inf for _ in self.intercepts)
        sums = unpack(total, 8)
        cn, wn = self.scale / math.sqrt(n_chars or 1), self.scale / math.sqrt(2 * n_words - 1)
        return tuple(bias + ch * cn + wo * wn
                     for bias, ch, wo in zip(self.intercepts, sums[:4], sums[4:], strict=True))

    def scores(self, text: str) -> tuple[float, ...]:
        """Return every rule's score (0-1) for a text, computed once and shared by the four checks."""
        key = clipped(text)
        found = self._texts.get(key)
        if found is None:
            found = self._older.get(key)
            if found is None:
                found = tuple(_logistic(m) for m in self.margins(text))
            with self._lock:
                if len(self._texts) >= MAX_TEXTS:
                    self._older, self._texts = self._texts, {}
                self._texts[key] = found
        return found

    def score(self, rule: str, text: str) -> float:
        """Return one rule's score for a text."""
        return self.scores(text)[self.index[rule]]

    def contributions(self, rule: str, text: str) -> list[tuple[int, int, float]]:
        """Return the spans of a text's phrases (a token, or two joined by a weighted bigram) and their weight."""
        r = self.rules.index(rule)
        text = clipped(text)
        spans = [m.span() for m in TOKENS.finditer(text)]
        tokens = [(s, e, self.token(t)) for (s, e), t in zip(spans, normal([text[s:e] for s, e in spans]), strict=True)]
        n_chars = sum(t[2][1] for t in tokens)
        owner = [i for i, t in enumerate(tokens) for _ in t[2][2]]
        words = [w for t in tokens for w in t[2][2]]
        cn, wn = 1 / math.sqrt(n_chars or 1), 1 / math.sqrt(len(word_grams(words)) or 1)
        own = [t[2][0][r] * self.scale * cn + sum(self.weight(self.words, w, r) for w in t[2][2]) * wn for t in tokens]
        out = [(s, e, own[i]) for i, (s, e, _) in enumerate(tokens)]
        for j in range(len(words) - 1):
            weight = self.weight(self.words, f"{words[j]} {words[j + 1]}", r) * wn
            a, b = owner[j], owner[j + 1]
            # A pair is shown when the pair itself weighs, not when it merely holds one heavy word ("crook and").
            if weight <= 0 or weight < max(own[a], own[b]) / 2:
                continue
            out.append((tokens[a][0], tokens[b][1], weight + own[a] + (own[b] if a != b else 0.0)))
        return out

    def verdict(self, rule: str, text: str) -> Verdict | None:
        """Return the model's finding for a rule when the text scores at or above the rule's threshold."""
        score = self.scores(text)[self.index[rule]]
        threshold = self.thresholds[rule]
        if score < threshold:
            return None
        text = clipped(text)
        ranked = sorted(self.contributions(rule, text), key=lambda c: (-c[2], c[0]))
        chosen: list[tuple[int, int]] = []
        for start, end, weight in ranked:
            if weight <= 0 or len(chosen) == 3 or (chosen and weight < ranked[0][2] / 4):
                break
            # "who", "his", "on" may tip a sum but tell a Clerk nothing: a phrase shown has a word of four letters.
            if not WORTH_SHOWING.search(text, start, end):
                continue
            if all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
        if not chosen:
            return Verdict(rule, score, threshold, (0, min(len(text), 80)), ())
        start, end = _trim(text, *chosen[0])
        phrases = tuple(_phrase(text, s, e) for s, e in chosen)
        return Verdict(rule, score, threshold, (start, end), tuple(p for p in phrases if p))


def pack(a: int, b: int, c: int, d: int) -> int:
    """Return four integers packed into one, each in a field of SHIFT bits: packed sums add up field by field."""
    return (((d << SHIFT) + c << SHIFT) + b << SHIFT) + a


def unpack(total: int, count: int) -> list[int]:
    """Return the count signed integers packed into total (each within +/- 2 ** (SHIFT - 1))."""
    half, mask = 1 << (SHIFT - 1), (1 << SHIFT) - 1
    out = []
    for _ in range(count):
        value = ((total + half) & mask) - half
        out.append(value)
        total = (total - value) >> SHIFT
    return out


def _logistic(margin: float) -> float:
    """Return 1 / (1 + e^-margin) without overflow."""
    if margin == -math.inf:
        return 0.0
    if margin >= 0:
        return 1 / (1 + math.exp(-margin))
    e = math.exp(margin)
    return e / (1 + e)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a span without the punctuation at its ends ("crook," -> "crook")."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _phrase(text: str, start: int, end: int) -> str:
    """Return a phrase as shown in a message: its words without the punctuation at the ends, at most 40 letters."""
    start, end = _trim(text, start, end)
    phrase = " ".join(text[start:end].split())
    return phrase if len(phrase) <= 40 else phrase[:39] + "…"


@cache
def model() -> Model:
    """Return the shipped model, read once (monitor/data/learned/weights.json.gz)."""
    path = resources.files("monitor").joinpath("data", "learned", WEIGHTS_FILE)
    return Model(json.loads(gzip.decompress(path.read_bytes())))


def verdict(rule: str, text: str) -> Verdict | None:
    """Return the shipped model's finding for a rule, or None when the text scores below its threshold."""
    return model().verdict(rule, text)
