"""personal-opinion: an official account's post voices a personal, first-person-singular opinion.

Fires on first-person-singular opinion markers: "I think/believe/feel/reckon/suspect/doubt", "in my opinion/
view", "IMO", "personally", "my view is", "I'm (not) convinced", "I'm disappointed/appalled/fed up", "I love/
hate/can't stand", "I (dis)agree/support/oppose", "I'd say/argue/rather", "I must say", "I find it ...",
"I find/found X (really) confusing", "my (personal) favourite", "my take/view:", "my two pennies' worth", "I'm so
proud/gutted/not keen on/not sure about the ...", "can I just say", "is it just me or", "for me,", "tbh/ngl/fwiw",
"to be honest,", "as far as I'm concerned", "from where I'm sitting", "the way I see it", "call me old-fashioned",
"if it were up to me", "for my money". Subject-less social-media forms count at a sentence's start: "Not a fan
of ...", "Huge fan of ...", "Gutted for ...", "Can't stand ...".

Decisions:
- The corporate "we" is the Council's voice: "We think the new timetable will help" never fires.
- Reported speech is the speaker's, not the account's: words inside quotation marks, after "said:",
  or in a sentence attributed to someone ("..., said the Mayor", "... - Cllr Ellis") do not fire.
- Residents' voice in service text does not fire: conditional or question forms ("If I think my bin was
  missed, what do I do?", "What do I think? Tell us") and FAQ questions ("Q: ...").
- "I think", "I believe" or "I understand" hedging a checkable fact ("I believe the minutes are on page 6", "I
  think the office reopens at 9") is not an opinion: a place, time, date, number or state after a short subject
  and a verb of being or timetable, with no judgement in the clause ("I think the office is better at 9" fires).
- Opinion frames without "I" fire: "Unpopular opinion:", "Controversial, but", "Call it what you like",
  "Let's be honest", "Frankly, ..." (the fixed ones are in the markers word list).
- Rhetorical questions are opinions: "Can I just say how lovely the baskets look?", "Is it just me or ...?".
- Announcing is not feeling: "I'm proud to announce / delighted to announce" do not fire; "I'm so proud of our
  town" does. "I'm not sure about the exact date" is uncertainty, not an opinion; "our favourite photos" is the
  corporate voice; "Tell us your favourite stall" asks residents.
- A named officer's first person in a factual notice ("I'll be at the Town Hall from 9am. Sarah, Deputy Clerk")
  does not fire: no opinion marker.
- Not knowing is not an opinion: "As far as I'm aware / I know the office opens at 9" does not fire.
- "personally" counts as an opinion marker only as "Personally, ...", "I personally", "personally speaking":
  "The Mayor will personally present the awards" is not an opinion.
Only official accounts are checked: councillors' own accounts may hold opinions (with a disclaimer).
[checks.personal-opinion] extra_terms adds markers; allow_terms lists phrases that make a sentence harmless.
The fixed phrases ("IMO", "tbh", "if you ask me") are a word list, monitor/data/personal-opinion/markers.txt,
which a council's word-list folder can change like any other (docs/checks.md).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from monitor.checks.base import Context, Hit, Terms, council_terms, excerpt, phrase_pattern
from monitor.checks.lists import terms as word_list
from monitor.config import Config
from monitor.records import Post
from monitor.text import clip

RULE = "personal-opinion"
IC = re.IGNORECASE
MAX_SPANS = 20
ADVERBS = (
    r"(?:really|honestly|personally|genuinely|truly|strongly|firmly|do|don't|dont|do\s+not|just|also|still|"
    r"actually|sincerely|absolutely|totally|completely|fully|wholeheartedly|certainly|definitely|simply|"
    r"frankly|kind\s+of|sort\s+of|quite|very\s+much|much)"
)
FEELINGS = (
    r"convinced|persuaded|a\s+(?:big\s+|huge\s+)?fan|disappointed|appalled|disgusted|outraged|furious|angry|"
    r"fed\s+up|sick\s+(?:of|and\s+tired)|ashamed|embarrassed|impressed|unimpressed|against|opposed|"
    r"in\s+favour|of\s+the\s+(?:view|opinion)|sceptical|skeptical|baffled|amazed|horrified|gutted|"
    r"delighted\s+(?:that|with|by)|proud\s+of|thrilled\s+(?:that|with)|annoyed|frustrated|livid|dismayed|"
    r"saddened|shocked|stunned|not\s+happy|unhappy|confident\s+that|"
    r"proud(?!\s+to\s+(?:announce|welcome|present|confirm|share|introduce|host|unveil|launch|invite))|chuffed|heartbroken|devastated|"
    r"over\s+the\s+moon|buzzing|(?:not\s+)?keen\s+on|not\s+sure\s+about\s+(?:the|this|that|these|those|it|them)\b"
    r"(?!\s+(?:exact|precise|date|dates|time|times|details|answer|cost|price|number|figures|status|reason)\b)|"
    r"a\s+(?:massive\s+|great\s+)?fan|so\s+(?:happy|pleased|sad|excited)\s+(?:with|about|that|by|for)"
)
# Words that make "I find X ..." an opinion: "I find the new calendar really confusing".
OPINION_ADJ = (
    r"confusing|baffling|bewildering|annoying|irritating|frustrating|fiddly|ugly|hideous|beautiful|gorgeous|"
    r"lovely|stunning|brilliant|great|fantastic|wonderful|amazing|awful|terrible|dreadful|horrible|pointless|"
    r"ridiculous|absurd|silly|hard|difficult|easy|odd|strange|weird|funny|hilarious|boring|dull|fascinating|"
    r"charming|inspiring|depressing|sad|unacceptable|disappointing|worrying|concerning|helpful|useful|useless|"
    r"clear|unclear|misleading|overpriced|expensive|better|worse|best|worst|tricky|impossible|unreadable"
)
DEGREE = (
    r"(?:really|so|very|quite|rather|pretty|incredibly|a\s+bit|a\s+little|slightly|genuinely|utterly|totally|"
    r"extremely|far|much|a\s+lot|increasingly|particularly|especially)"
)
# Where a sentence starts: subject-less markers ("Not a fan of ...", "Gutted for ...") count only there.
STARTS = r"(?:^|(?<=[.!?\n])\s*|(?<=[.!?\n]))"
# "I think", "I love" and "I agree" share one run of adverbs, read once where each "I" is (a post of "I I I ..."
# read them three times over). No adverb is also one of the verbs, so the verbs still win in the same order.
# {phrases} stands for the fixed phrases of monitor/data/personal-opinion/markers.txt ("IMO", "if you ask me").
MARKERS = (
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:(?:think|believe|feel|reckon|suspect|doubt|guess|suppose|imagine|"
    rf"(?:thought|felt)\s+(?:the|it|that|this|they|so|how|we)\b)\b|"
    rf"(?:love|loved|hate|hated|adore|loathe|detest|despise|dislike|prefer|like|"
    rf"can't\s+stand|can’t\s+stand|cannot\s+stand|can't\s+bear|cannot\s+bear)\b|"
    rf"(?:agree|disagree|support|oppose|object\s+to|back|welcome|applaud|condemn)\b)|"
    rf"\bI(?:'m|’m|\s+am|\s+was)\s+(?:{ADVERBS}\s+|not\s+|so\s+|very\s+|a\s+bit\s+|rather\s+|pretty\s+|"
    rf"extremely\s+|deeply\s+|utterly\s+)*(?:{FEELINGS})\b|"
    r"\bI(?:'d|’d|\s+would)\s+(?:personally\s+|honestly\s+)?(?:say|argue|rather|prefer|contend)\b|"
    r"\bI\s+(?:must|have\s+to|got\s+to|gotta|should|can't\s+help\s+but|cannot\s+help\s+but)\s+(?:say|admit)\b|"
    r"\bI\s+find\s+(?:it|this|that|them)\s+\w+|"
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:find|found)\s+(?:[\w'’-]+\s+){{0,6}}?(?:(?:{DEGREE})\s+[\w-]+|(?:{OPINION_ADJ}))\b|"
    rf"\bmy\s+(?:own\s+|personal\s+|absolute\s+|all[\s-]time\s+|top\s+|very\s+)*(?:favourite|favorite|fave|"
    r"highlight|pick)s?\b|"
    rf"{STARTS}(?:not\s+(?:a|the)\s+(?:big\s+|huge\s+|massive\s+|great\s+)?|(?:big|huge|massive|great)\s+)fan\s+of\b|"
    rf"{STARTS}(?:(?:absolutely|so|really|just|completely|totally|honestly)\s+)?(?:gutted|chuffed|heartbroken|devastated|"
    r"(?:so|really|very)\s+proud|can't\s+stand|can’t\s+stand|cannot\s+stand|not\s+keen\s+on|"
    r"not\s+sure\s+about\s+(?:the|this|that|these)\b(?!\s+(?:exact|precise|date|dates|time|times|details|answer|"
    r"cost|price|number|figures|status|reason)\b))|"
    r"\b(?:can|may|could|might)\s+I\s+(?:just\s+)?say\b|\bis\s+it\s+(?:just\s+)?me\s+or\b|"
    r"\bam\s+I\s+the\s+only\s+one\b|"
    rf"{STARTS}for\s+me\s*[,:\-–—]|\bto\s+be\s+(?:honest|fair|frank)(?:\s+with\s+you)?\s*(?:[,.!)]|$)|"
    r"\bif\s+I'm\s+(?:honest|being\s+honest)\b|"
    r"\bin\s+my\s+(?:humble\s+|honest\s+|personal\s+|own\s+|considered\s+|professional\s+)?(?:opinion|view|"
    r"eyes|book)\b|{phrases}"
    r"\bas\s+far\s+as\s+I(?:'m|’m|\s+am)\s+concerned\b|"
    r"\bfrom\s+where\s+I(?:'m|’m|\s+am)?\s+(?:sitting|standing|sit|stand)\b|"
    r"\b(?:the\s+way|how)\s+I\s+(?:see|look\s+at)\s+it\b|(?:^|(?<=[\s,(]))as\s+I\s+see\s+it\b|"
    r"\bcall\s+me\s+(?:old[\s-]fashioned|a\s+cynic|cynical|biased|sentimental|a\s+traditionalist|a\s+dinosaur)\b|"
    r"\bif\s+it\s+(?:were|was)\s+(?:up\s+to|down\s+to)\s+me\b|\bif\s+I\s+had\s+my\s+way\b|"
    r"\bif\s+you\s+want\s+my\s+(?:opinion|view|honest\s+opinion)\b|\bfor\s+my\s+money\b|"
    r"\bI(?:'m|’m|\s+am)\s+of\s+the\s+(?:view|opinion|belief)\b|"
    r"\bmy\s+(?:own\s+|personal\s+|honest\s+|humble\s+|firm\s+)*(?:opinion|view|views|feeling|belief|take|"
    r"two\s+pence|2p|two\s+cents|two\s+penn(?:ies|y)(?:'|’)?(?:\s+worth)?|two\s+penn(?:'|’)orth|tuppence(?:\s+worth)?|"
    r"2p(?:'|’)?s?\s+worth|verdict|thoughts)(?:\s+(?:is|are|was|on|about|remains|that)\b|\s*[:\-–—,])|"
    r"(?:^|(?<=[.!?\n])\s*)personally\s*[,:?!\-–—]?\s+|"
    rf"{STARTS}(?:(?:quite|very)\s+)?(?:frankly|honestly|bluntly|candidly|truthfully|seriously\s+though)\s*[,:?!\-–—]|"
    rf"{STARTS}(?:unpopular|controversial|spicy|honest|personal)\s+(?:opinion|take|view|thought)s?\s*[:,\-–—]|"
    rf"{STARTS}(?:confession|real\s+talk|rant)\s*[:\-–—]|"
    r"\bcall\s+it\s+(?:[\w'’-]+\s+){0,3}?(?:if|whatever|what)\s+you\s+(?:like|will|want)\b|"
    r"\bpersonally\s*,"
)
# A cheap gate: without "I", "my", "me", "IMO", "personally", "fan", "tbh" ... nothing can fire.
GATE = re.compile(
    r"\b(?:i|my|myself|me|imo|imho|tbh|ngl|tbf|fwiw|fan|gutted|chuffed|heartbroken|devastated|proud|stand|keen|"
    r"sure|honest|fair|frank|frankly|honestly|bluntly|candidly|truthfully|seriously|take|opinion|call|confession|"
    r"real|rant)\b|personally|"
    r"\bi['’]", IC
)
# A question that is a personal opinion all the same: "Can I just say how lovely the baskets look?"
RHETORICAL = re.compile(
    r"\s*(?:\w+\s*,\s*)?(?:(?:can|may|could|might)\s+I\s+(?:just\s+)?say|is\s+it\s+(?:just\s+)?me|"
    r"am\s+I\s+the\s+only\s+one|(?:I\s+)?don't\s+know\s+about\s+you)\b", IC
)
QUOTES = re.compile(
    r"“[^”]*”?|\"[^\"]*\"?|‘(?:[^’]|’(?=[A-Za-z]))*’(?=\W|$)|"
    r"(?:(?<=^)|(?<=[\s(\[]))'(?=[A-Za-z])(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z]))*?[a-z.!?,]'(?=[\s).,!?;:]|$)|"
    r"«[^»]*»?"
)
# QUOTES but for '‘': that alternative ran from every '‘' to the end of a text that never closes it (quadratic in
# "‘a‘a‘a..."), so quotations() finds its end from a list of closing marks instead.
OTHER_QUOTES = re.compile(
    r"“[^”]*”?|\"[^\"]*\"?|"
    r"(?:(?<=^)|(?<=[\s(\[]))'(?=[A-Za-z])(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z]))*?[a-z.!?,]'(?=[\s).,!?;:]|$)|"
    r"«[^»]*»?"
)
OPENING_QUOTE = re.compile(r"[“\"‘'«]")
# A '’' that can end a '‘' quotation: one not followed by a letter (before a letter it is an apostrophe).
CLOSING_QUOTE = re.compile(r"’(?![A-Za-z])")
WORD_CHAR = re.compile(r"\w")
# After "said:" the rest of the sentence (or the paragraph) is someone else's words.
SAID_COLON = re.compile(
    r"\b(?:said|says|say|added|adds|explained|explains|commented|comments|told\s+\w+|writes|wrote|"
    r"quote|quoting|tweeted|posted)\s*:\s*[^\n]*", IC
)
# "..., said the Mayor." / "... - Cllr Ellis" / "... says Cllr Sharma": the whole sentence is reported.
ATTRIBUTION = re.compile(
    r"(?:,|\s)\s*(?:said|says|added|adds|explained|explains|commented|comments|according\s+to)\s+"
    r"(?:the\s+|our\s+|town\s+)?(?:mayor|deputy|cllr|councillor|chair(?:man|woman)?|clerk|leader|"
    r"(?-i:[A-Z][a-z]+))|"
    r"[\-–—]\s*(?:the\s+)?(?:mayor|deputy\s+mayor|cllr|councillor|chair(?:man|woman)?|town\s+clerk|clerk|"
    r"(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+))\b[^.!?\n]{0,40}$|\bsaid\s+(?:that\s+)?(?:she|he|they)\b|"
    r"[,'\"”’]\s*(?:[\w-]+\s+){0,3}(?:said|says|told\s+(?:us|me|the\s+\w+)|tells\s+us|added|explained)\b", IC
)
QUESTION_LEAD = re.compile(
    r"\b(?:what|how|why|when|where|who|whether|do|does|did|can|could|should|would|will|shall|am|if)\b", IC
)
CONDITIONAL_BEFORE = re.compile(r"\b(?:if|when|whenever|whether|unless|in\s+case)\s+(?:\w+\s+){0,2}$", IC)
# A resident's question in an FAQ: "Q:" or "Question:" earlier on the line, with no "A:" or "Answer:" since.
FAQ_LABEL = re.compile(r"(?:^|(?<=[\s.]))(?:(?P<q>q\d*|question\s*\d*)|(?P<a>a\d*|answer))\s*[:.)\-]\s", IC)
SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
# "I think / I believe / I understand" before a checkable fact hedges it: where a paper is, when something opens,
# starts or closes, what it costs, what was published. A fact is a subject of a few words, a verb of being or
# timetable, then a place, time, date, number or state ("on page 6", "at 9am", "£4.12", "available", "closed").
HEDGE_VERB = re.compile(r"I\s+(?:think|believe|reckon|suppose|guess|understand)", IC)
FACTUAL = re.compile(
    r"\s+(?:that\s+)?you(?:['’]ll|\s+will|\s+can|\s+should)\s+find\b|"
    r"\s+(?:that\s+)?(?:[\w'’/-]+\s+){1,6}?(?:is|are|was|were|will\s+be|should\s+be|has\s+been|have\s+been|opens?|"
    r"closes?|starts?|begins?|finishes|ends|runs?|reopens?|meets?|sits?|costs?|takes?|arrives?|leaves?|went|came|"
    r"goes)\s+(?:now\s+|still\s+|due\s+|back\s+|also\s+|only\s+|usually\s+|[a-z]+ed\s+)?(?:on\s+(?:page|p\.?|the\s+website|"
    r"our\s+website|\w+day|the\s+\d|\d)|at\s+\d|at\s+(?:the|our)\s+\w+|in\s+(?:the\s+)?(?:agenda|minutes|appendix|"
    r"report|pack|library|office|town\s+hall|foyer|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d)|from\s+\d|until\s+\d|until\s+\w+day|by\s+\d|by\s+\w+day|till\s+\d|"
    r"for\s+\d|[£$€]?\d|available|published|online|open|closed|shut|cancelled|postponed|free|"
    r"(?:the\s+)?(?:same|next|first|last|second)\s+\w+|(?:this|next|last)\s+(?:week|month|year|\w+day)|"
    r"(?:tomorrow|today|tonight|yesterday))", IC)
# A judgement in the hedged clause makes it an opinion after all ("I think the minutes are on page 6, sadly").
EVALUATIVE = re.compile(
    rf"\b(?:{OPINION_ADJ}|should|shouldn't|ought|must|good|bad|right|wrong|shame|disgrace|sadly|"
    r"unfortunately|thankfully|fair|unfair|too|nicer|waste|mistake|deserve\w*|worth|proud|pity)\b", IC)


@dataclass(frozen=True)
class Markers:
    """The opinion markers compiled with a configuration's fixed phrases, and the gate a text must pass."""

    pattern: re.Pattern[str]
    gate: re.Pattern[str]


@lru_cache(maxsize=8)
def compile_markers(phrases: tuple[str, ...]) -> Markers:
    """Return MARKERS and GATE with the fixed phrases in place (any spacing between their words)."""
    fixed = phrase_pattern(list(phrases))
    if fixed is None:
        return Markers(re.compile(MARKERS.replace("{phrases}", ""), IC), GATE)
    pattern = re.compile(MARKERS.replace("{phrases}", fixed.pattern + "|"), IC)
    # The packaged phrases all hold a GATE word; a council's own may not, so they open the gate too.
    return Markers(pattern, re.compile(f"{GATE.pattern}|{fixed.pattern}", IC))


def markers_for(config: Config) -> Markers:
    """Return the markers of a configuration, compiled once."""
    return compile_markers(word_list(RULE, "markers", config))


def quotations(text: str) -> list[tuple[int, int]]:
    """Return the spans QUOTES.finditer(text) would find, reading each '‘' in constant time.

    From a '‘', QUOTES' alternative runs over apostrophes (a '’' before a letter) and stops at the first other
    '’', which must be followed by a non-word character or the end: that '’' is the only place it can end, so
    it is looked up in the list of closing marks rather than found by running on (and back) from every '‘'.
    """
    closers = [m.start() for m in CLOSING_QUOTE.finditer(text)] if "‘" in text else []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (opening := OPENING_QUOTE.search(text, pos)) is not None:
        start, end = opening.start(), None
        if text[start] == "‘":
            i = bisect_right(closers, start)
            if i < len(closers) and (closers[i] + 1 == len(text) or not WORD_CHAR.match(text, closers[i] + 1)):
                end = closers[i] + 1
        elif (other := OTHER_QUOTES.match(text, start)) is not None:
            end = other.end()
        if end is None:
            pos = start + 1
        else:
            spans.append((start, end))
            pos = end
    return spans


def reported_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of someone else's words, in order: quotations and what follows "said:"."""
    spans = [(s, e) for s, e in quotations(text) if e - s > 2]
    spans += [m.span() for m in SAID_COLON.finditer(text)]
    return sorted(spans)


@dataclass(frozen=True)
class Layout:
    """Where a text's sentences, lines, FAQ labels and quotations are: found once, looked up by bisection."""

    sentences: list[tuple[int, int]]
    line_starts: list[int]
    faq_labels: list[tuple[int, bool]]
    reported: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> Layout:
        """Return the layout of a text."""
        return cls(
            sentences=[m.span() for m in SENTENCE.finditer(text) if m.end() > m.start()] or [(0, len(text))],
            line_starts=[0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"],
            faq_labels=[(m.start(), m.group("q") is not None) for m in FAQ_LABEL.finditer(text)],
            reported=reported_spans(text),
        )

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the span of the sentence holding a position."""
        i = max(0, bisect_right(self.sentences, (pos, float("inf"))) - 1)
        return self.sentences[i]

    def quoted(self, pos: int) -> bool:
        """Say whether a position is inside someone else's words (spans may overlap, so look back a little)."""
        i = bisect_right(self.reported, (pos, float("inf")))
        return any(s <= pos < e for s, e in self.reported[max(0, i - 8):i])

    def in_faq_question(self, pos: int) -> bool:
        """Say whether a position is inside the question part of an FAQ line ("Q: ... A: ...")."""
        line = self.line_starts[bisect_right(self.line_starts, pos) - 1]
        i = bisect_right(self.faq_labels, (pos, True)) - 1
        return i >= 0 and self.faq_labels[i][0] >= line and self.faq_labels[i][1]


def hedges_a_fact(text: str, end: int, sentence_end: int) -> bool:
    """Say whether "I think/believe" hedges a checkable fact ("I believe the minutes are on page 6"), not a view."""
    rest = text[end:sentence_end]
    return FACTUAL.match(rest) is not None and EVALUATIVE.search(rest) is None


def is_own_opinion(text: str, start: int, end: int, layout: Layout) -> bool:
    """Say whether a marker is the account's own voice, not a quotation, a question or a resident's FAQ."""
    if layout.quoted(start):
        return False
    lo, hi = layout.sentence(start)
    sentence, before = text[lo:hi], text[lo:start]
    if layout.in_faq_question(start) or CONDITIONAL_BEFORE.search(before):
        return False
    asks = sentence.rstrip().endswith("?") and QUESTION_LEAD.search(before + text[start:end])
    if asks and not RHETORICAL.match(sentence):
        return False
    if HEDGE_VERB.fullmatch(text[start:end]) and hedges_a_fact(text, end, hi):
        return False
    return not ATTRIBUTION.search(sentence)


def find_opinions(text: str, terms: Terms, markers: Markers) -> list[tuple[int, int]]:
    """Return the spans of first-person-singular opinion markers in the account's own voice (at most 20)."""
    found = list(markers.pattern.finditer(text))
    if terms.extra is not None:
        found += terms.extra.finditer(text)
    if not found:
        return []
    layout = Layout.of(text)
    spans: list[tuple[int, int]] = []
    for m in sorted(found, key=lambda m: m.start()):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        if terms.allow is not None and terms.allow.search(text, *layout.sentence(start)):
            continue
        if is_own_opinion(text, start, end, layout):
            spans.append((start, end))
            if len(spans) >= MAX_SPANS:
                break  # enough evidence; a 20,000-character wall of "I think" costs no more
    return spans


def personal_opinion(post: Post, ctx: Context) -> Iterator[Hit]:
    """Flag official-account posts that express a personal, first-person-singular opinion.

    Clause 6.4: "Use of the Town Council's Facebook account must reflect the Council's position/decisions on
    a matter and in no circumstances must it be used to express personal opinion". The same applies to every
    official account the policy names (clause 4.2: "Facebook and Twitter").
    """
    if post.role != "official" or not post.text:
        return
    text = clip(post.text)
    terms, markers = council_terms(RULE, ctx.config), markers_for(ctx.config)
    if not markers.gate.search(text) and terms.extra is None:
        return
    spans = find_opinions(text, terms, markers)
    if not spans:
        return
    start, end = spans[0]
    yield Hit(
        message=f"Official account voices a personal opinion ('{text[start:end].strip()}')",
        evidence={
            "field": "text", "span": [start, end], "excerpt": excerpt(text, start, end), "score": 0.8,
            "kind": "first-person-opinion",
            "reasons": [f"first-person opinion: '{text[s:e].strip()}'" for s, e in spans],
            "matches": [{"kind": "first-person-opinion", "span": [s, e]} for s, e in spans],
        },
    )
