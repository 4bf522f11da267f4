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
- The corporate "we" is the Council's voice: "We think the new timetable will help" never fires. The page's "we"
  voicing a taste of its own in a social-media frame does ("We'll say it: ...", "Our fave bit is ...", "For the
  record we think it's daft", "don't @ us", "sorry not sorry", "We can't stand the new lights either"): that is
  no position of the Council's.
- Reported speech is the speaker's, not the account's: words inside quotation marks, after "said:",
  or in a sentence attributed to someone ("..., said the Mayor", "... - Cllr Ellis") do not fire.
- Residents' voice in service text does not fire: conditional or question forms ("If I think my bin was
  missed, what do I do?", "What do I think? Tell us") and FAQ questions ("Q: ...").
- "I think", "I believe" or "I understand" hedging a checkable fact ("I believe the minutes are on page 6", "I
  think the office reopens at 9") is not an opinion: a place, time, date, number or state after a short subject
  and a verb of being or timetable, with no judgement in the clause ("I think the office is better at 9" fires);
  a timetable's state counts ("I think the bin lorry is running late"), and the learned layer, which weighs "I
  think" heavily, is not asked about such a post.
- Opinion frames without "I" fire: "Unpopular opinion:", "Controversial, but", "Call it what you like",
  "Let's be honest", "Frankly, ..." (the fixed ones are in the markers word list).
- Rhetorical questions are opinions: "Can I just say how lovely the baskets look?", "Is it just me or ...?",
  "Who on earth thought ...?", "Would it kill them to ...?".
- A scornful word as a sentence of its own is a verdict ("Bus fares up again. Pathetic!"), unless the sentence
  before condemns a crime or a nuisance ("Fly-tipping on Halse Road again. Disgraceful.").
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

from monitor.alternation import Alternation
from monitor.checks.base import (
    Context,
    Hit,
    Terms,
    council_terms,
    excerpt,
    learned_hit,
    lower_gate,
    phrase_pattern,
)
from monitor.checks.election import campaign_read, campaign_shared, election_at, side_taken
from monitor.checks.lists import terms as word_list
from monitor.checks.offensive import find_all as offensive_matches
from monitor.checks.offensive import offensive as offensive_check
from monitor.config import Config
from monitor.records import Post
from monitor.text import trie_pattern

RULE = "personal-opinion"
# An official post is read up to its 10,000th character (about 1,600 words, as far as the learned layer reads): read
# to the 20,000 every check may read, a post of hostile text ("I I I ...") cost 73 ms against the 50 ms budget.
OPINION_CHARS = 10_000
IC = re.IGNORECASE
MAX_SPANS = 20
ADVERBS = (
    # The look-ahead skips the whole list at a one-letter word ("I I I ..." tried every adverb at every "I").
    r"(?=[a-z]{2})(?:really|rly|rlly|realy|honestly|personally|genuinely|truly|strongly|firmly|do|don't|dont|do\s+not|just"
    r"|also|still|"
    r"actually|sincerely|absolutely|totally|completely|fully|wholeheartedly|certainly|definitely|simply|"
    r"frankly|kind\s+of|sort\s+of|quite|very\s+much|much|secretly|quietly|privately|openly|always|still)"
)
FEELINGS = (
    r"convinced|persuaded|a\s+(?:big\s+|huge\s+)?fan|disappointed|appalled|disgusted|outraged|furious|angry|"
    r"fed\s+up|sick\s+(?:of|and\s+tired)|ashamed|embarrassed|impressed|unimpressed|against|opposed|"
    r"in\s+favour|of\s+the\s+(?:view|opinion)|sceptical|skeptical|baffled|amazed|horrified|gutted|"
    r"delighted\s+(?:that|with|by)|proud\s+of|thrilled\s+(?:that|with|about|by)|annoyed|frustrated|livid|dismayed|"
    r"saddened|shocked|stunned|not\s+happy|unhappy|confident\s+that|"
    r"proud(?!\s+to\s+(?:announce|welcome|present|confirm|share|introduce|host|unveil|launch|invite))|chuffed|heartbroken|devastated|"
    r"over\s+the\s+moon|buzzing|(?:not\s+)?keen\s+on|not\s+sure\s+about\s+(?:the|this|that|these|those|it|them)\b"
    r"(?!\s+(?:exact|precise|date|dates|time|times|details|answer|cost|price|number|figures|status|reason)\b)|"
    r"a\s+(?:massive\s+|great\s+)?fan|so\s+(?:happy|pleased|sad|excited)\s+(?:with|about|that|by|for)|"
    r"(?:sad|sorry)\s+to\s+see\s+(?:it|them|him|her|the|that|this|those|these)\b"
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
# More first-person stances: "I'm all for", "I'm no fan of", "a firm believer in", "I've always felt", "I'd much
# rather", "I have to disagree", "I'm backing", "I'm with the residents on this", "makes me furious", "it's beyond me".
STANCE = (
    rf"\bI(?:'m|’m|\s+am)\s+(?:{ADVERBS}\s+|not\s+|so\s+|very\s+)*(?:all\s+for|no\s+(?:big\s+)?fan\s+of|"
    r"(?:a\s+)?(?:big|great|firm|strong|huge|true|firm)\s+believer|backing|rooting\s+for|voting\s+for|"
    r"with\s+(?:the\s+)?(?:residents|you|them|everyone|those|him|her|campaigners|protesters)\s+(?:on\s+this|here|"
    r"all\s+the\s+way)|behind\s+(?:the\s+)?(?:campaign|plan|bid|residents|petition|scheme|protest)|"
    r"(?:dead\s+|firmly\s+|totally\s+|completely\s+)?(?:set\s+)?against|torn|unconvinced|biased|a\s+sceptic|"
    r"not\s+(?:a\s+)?(?:fan|supporter)|(?:a\s+)?(?:lifelong|proud|paid-up)\s+\w+\s+(?:voter|supporter|member))\b|"
    rf"\bI(?:'ve|’ve|\s+have)\s+(?:always|long|never|often|consistently|personally|honestly|genuinely|also)?\s*"
    r"(?:felt|thought|believed|maintained|argued|said\s+(?:that\s+)?(?:the|this|it|we|our)|been\s+(?:a\s+(?:big\s+)?"
    r"fan|against|convinced|sceptical|critical|opposed|in\s+favour)|liked|loved|hated|preferred|disliked)\b|"
    r"\bI(?:'d|’d|\s+would)\s+(?:much\s+|far\s+|personally\s+)?have\s+(?:much\s+|far\s+)?(?:preferred|liked|loved|"
    r"hated|chosen|gone\s+for|picked|voted)\b|"
    rf"\bI(?:'d|’d|\s+would)\s+(?:{ADVERBS}\s+|far\s+|definitely\s+|still\s+|happily\s+)*(?:say|argue|rather|"
    r"prefer|contend|keep|scrap|ban|bin|vote|choose|go\s+for|pick|(?:love|like|hate|want)\s+to\s+see|"
    r"never\s+(?:vote|support|back))\b|"
    r"\bI\s+(?:must|have\s+to|got\s+to|gotta|need\s+to)\s+(?:respectfully\s+|strongly\s+)?(?:disagree|agree|"
    r"confess|question)\b|"
    r"\b(?:makes?|made|drives?|drove|leaves?|left)\s+me\s+(?:so\s+|really\s+)?(?:sick|angry|furious|mad|livid|"
    r"crazy|cringe|despair|laugh|wonder|cross|sad|proud|happy|want\s+to)\b|"
    r"\b(?:is|was|are)\s+(?:totally\s+|completely\s+|simply\s+)?(?:beyond|lost\s+on)\s+me\b|"
    rf"{STARTS}me\?\s|{STARTS}(?:honestly|frankly|seriously|genuinely|truthfully)\s+(?=(?:the|this|that|these|"
    r"those|it|they|what|who|our|some|people|anyone|i|i['’]\w+)\b)|"
    # Exasperation, said as the account's own: "I genuinely don't understand some people".
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:don't|don’t|do\s+not|can't|can’t|cannot)\s+(?:understand|fathom)\s+"
    r"(?:some\s+people|people\s+who|anyone\s+who|why\b|how\b)|"
    # Speaking from who one is: "Speaking as someone who grew up here", "As a dog owner myself".
    r"\bspeaking\s+as\s+(?:a|an|someone|somebody|one)\b|\bas\s+an?\s+(?:[\w-]+\s+){1,2}myself\b|"
    # Subject-less at a sentence's start: "Gotta admit ...", "Have to say ...", "Must say ...".
    rf"{STARTS}(?:(?:gotta|got\s+to|have\s+to|must)\s+(?:admit|confess)|gotta\s+say)\b|"
    # An aside that the next words are the writer's own: "which, between us, is embarrassingly slow".
    r"(?:^|[,(\u2013\u2014]\s*|(?<=[.!?\n])\s*)(?:(?:strictly|just|only|purely)\s+)?between\s+(?:us|ourselves|you\s+and\s+"
    r"(?:me|i|us))\s*[,)\u2013\u2014:]|"
    # "..., but honestly ornamental cherries are just messy": a judgement flagged as candid mid-sentence.
    r"\b(?:but|and|so|though)\s+(?:honestly|frankly|truthfully)\s*,?\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:is|are|was|were|looks?|seems?|feels?)\b|"
    # The page's "we" with a distaste of its own: "We can't stand the new traffic lights either".
    r"\bwe\s+(?:really\s+|honestly\s+|absolutely\s+|just\s+|secretly\s+)?(?:can't|can’t|cannot)\s+(?:stand|bear)\b"
    r"(?!\s+(?:by|idly|aside|back|still|to\s+see|the\s+thought))|"
    r"\bwe\s+(?:really\s+|absolutely\s+|secretly\s+)?(?:loathe|detest|despise)\b|"
    # "I have serious doubts about", "in my experience", "I'm on the side of the dandelions", "would happily see us cut
    # half as often", "it's driving me up the wall", "I can't be the only one who thinks", "Best ice cream? Mine's the
    # van by the rec"
    r"\bI(?:['’]ve|\s+have)\s+(?:got\s+)?(?:serious\s+|real\s+|grave\s+|some\s+|my\s+|big\s+|huge\s+)?(?:doubts|"
    r"reservations|misgivings)\b|\bin\s+my\s+(?:own\s+|long\s+|personal\s+)?experience\b|"
    rf"\bI(?:['’]m|\s+am)\s+(?:{ADVERBS}\s+|firmly\s+|squarely\s+|secretly\s+|quietly\s+)*on\s+the\s+side\s+of\b|"
    rf"(?:\b(?:I['’]d|I\s+would|and\s+would)|{STARTS}would)\s+happily\s+(?:see|scrap|ban|bin|pay|get\s+rid|cut|swap|"
    r"trade)\b|"
    r"\b(?:driving|drives|drove|drive)\s+me\s+(?:up\s+the\s+wall|round\s+the\s+bend|nuts|bananas|potty|mad|crazy|"
    r"spare|to\s+distraction)\b|"
    r"\bI\s+(?:can['’]?t|cannot)\s+be\s+the\s+only\s+one\s+who\b|"
    rf"(?:{STARTS}|\?\s+)mine['’]?s\s+(?:the|a|an|definitely|got\s+to\s+be)\b"
)
# "I think", "I love" and "I agree" share one run of adverbs, read once where each "I" is (a post of "I I I ..."
# read them three times over). No adverb is also one of the verbs, so the verbs still win in the same order.
# {phrases} stands for the fixed phrases of monitor/data/personal-opinion/markers.txt ("IMO", "if you ask me").
MARKERS = (
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:(?:think|believe|feel|reckon|suspect|doubt|guess|suppose|imagine|"
    rf"(?:thought|felt)\s+(?:the|it|that|this|they|so|how|we)\b)\b|"
    rf"(?:love|loved|hate|hated|adore|loathe|detest|despise|dislike|prefer|like|"
    rf"can't\s+stand|can’t\s+stand|cannot\s+stand|can't\s+bear|cannot\s+bear)\b|"
    rf"(?:agree|disagree|support|oppose|object\s+to|back|welcome|applaud|condemn)\b)|"
    rf"\bI(?:'m|’m|\s+am|\s+was|(?:'ve|’ve|\s+have)\s+(?:always\s+|never\s+|long\s+)?been)\s+(?:{ADVERBS}\s+|not\s+|"
    rf"so\s+|very\s+|a\s+bit\s+|rather\s+|pretty\s+|extremely\s+|deeply\s+|utterly\s+|dead\s+|never\s+|"
    rf"bitterly\s+|fiercely\s+)*(?:{FEELINGS})\b|"
    r"\bI(?:'d|’d|\s+would)\s+(?:personally\s+|honestly\s+)?(?:say|argue|rather|prefer|contend)\b|"
    r"\bI\s+(?:must|have\s+to|got\s+to|gotta|should|can't\s+help\s+but|cannot\s+help\s+but)\s+(?:say|admit)\b|"
    r"\bI\s+find\s+(?:it|this|that|them)\s+\w+|"
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:find|found)\s+(?:[\w'’-]+\s+){{0,12}}?(?:(?:{DEGREE})\s+[\w-]+|(?:{OPINION_ADJ}))\b|"
    rf"\bmy\s+(?:own\s+|personal\s+|absolute\s+|all[\s-]time\s+|top\s+|very\s+|new\s+|current\s+|joint\s+)*"
    rf"(?:favourite|favorite|fave|"
    r"highlight|pick|tip|recommendation)s?\b|"
    rf"{STARTS}(?:not\s+(?:a|the)\s+(?:big\s+|huge\s+|massive\s+|great\s+)?|(?:big|huge|massive|great)\s+)fan\s+of\b|"
    rf"{STARTS}(?:(?:absolutely|so|really|just|completely|totally|honestly)\s+)?(?:gutted|chuffed|heartbroken|devastated|"
    r"(?:so|really|very)\s+proud|can't\s+stand|can’t\s+stand|cannot\s+stand|not\s+keen\s+on|"
    r"not\s+sure\s+about\s+(?:the|this|that|these)\b(?!\s+(?:exact|precise|date|dates|time|times|details|answer|"
    r"cost|price|number|figures|status|reason)\b))|"
    r"\b(?:can|may|could|might)\s+I\s+(?:just\s+)?say\b|\bis\s+it\s+(?:just\s+)?me\s+or\b|"
    r"\bam\s+I\s+the\s+only\s+one\b|"
    rf"{STARTS}for\s+me\s*[,:\-–—]|\bto\s+be\s+(?:honest|fair|frank|blunt|brutally\s+honest)(?:\s+with\s+you(?:\s+all)?)?\s*(?:[,.!)]|$)|"
    # a hunch of one's own: "My hunch is most people want it kept open; I certainly do"
    r"\bmy\s+(?:own\s+)?(?:hunch|gut\s+feeling|gut\s+instinct|instinct|feeling|sense|guess)\s+(?:is|would\s+be|says)\b|"
    r"\bI\s+(?:certainly|definitely|really)\s+(?:do|don['’]t|would|wouldn['’]t|am|am\s+not)\s*(?:[.!;,]|$)|"
    # a choice of one's own: "My preference would be the Chacombe Road fields"
    r"\bmy\s+(?:own\s+|personal\s+|strong\s+|clear\s+)?(?:preference|choice)\s+(?:would\s+be|['’]d\s+be|is|goes)\b|"
    r"\bif\s+I'm\s+(?:honest|being\s+honest)\b|"
    r"\bin\s+my\s+(?:humble\s+|honest\s+|personal\s+|own\s+|considered\s+|professional\s+)?(?:opinion|view|"
    r"eyes|book)\b|"
    # the admin speaking for themself, and the page's "we" with a taste: "in the admin's humble view", "in our book"
    r"\bin\s+(?:the|this|your)\s+(?:page\s+)?admin['’]?s?\s+(?:humble\s+|honest\s+|own\s+)?(?:opinion|view|book|eyes)\b|"
    r"\bin\s+our\s+(?:humble\s+)?book\b(?!\s+(?:club|group|sale|swap|shop|fair|list))|\bin\s+our\s+humble\s+(?:opinion|view)\b|{phrases}"
    r"\bas\s+far\s+as\s+I(?:'m|’m|\s+am)\s+concerned\b|"
    # a taste owned ("lemon and sugar all the way for me", "a hard no from me", "was, for me, the best night"), a
    # wish had the admin's way ("if it were my call, ..."), a view of others' objections ("I really don't understand
    # the complaints about ..."), a disappointment of one's own ("I was looking forward to ...")
    r"\b(?:all\s+the\s+way|every\s+time|any\s+day|hands\s+down)\s+for\s+me\b|"
    r"\ba\s+(?:big\s+|hard\s+|firm\s+|definite\s+)?(?:no|yes)\s+from\s+me\b|,\s*for\s+me\s*,|"
    r"\bif\s+(?:it\s+)?(?:were|was)\s+(?:my\s+call|up\s+to\s+me|my\s+decision|down\s+to\s+me)\b|"
    r"\bif\s+I\s+(?:had\s+my\s+way|(?:were|was)\s+in\s+charge|ruled\s+the\s+(?:world|town))\b|"
    rf"\bI\s+(?:{ADVERBS}\s+)*(?:don't|don’t|do\s+not|can't|can’t|cannot)\s+(?:understand|get|fathom|see)\s+"
    r"(?:the|all\s+the|why\s+(?:people|anyone|some|folk))\s*(?:complain\w*|fuss|objections?|moan\w*|outrage|grumbl\w*"
    r"|negativity|hate|problem|issue|bother|people|anyone|some|folk)|"
    r"\bI\s+was\s+(?:really\s+|so\s+|very\s+)?looking\s+forward\s+to\b|"
    # the admin spoken of in the third person: "Whoever's on the account today is convinced the swifts are back"
    r"\b(?:whoever['’]?s\s+(?:on|running|doing|minding)\s+(?:the\s+|this\s+)?(?:account|page|socials|feed)(?:\s+today)?"
    r"|(?:your|the|this|today['’]s)\s+(?:page\s+)?admin)\s+(?:is|was|['’]s)\s+(?:\w+\s+)?(?:convinced|excited|thrilled|gutted"
    r"|sure|certain|delighted|furious|obsessed|a\s+(?:big\s+|huge\s+)?fan|not\s+a\s+fan|biased|partial)\b|"
    # "Completely agree with you Maureen": the "I" dropped before the stance
    rf"{STARTS}(?:(?:completely|totally|absolutely|fully|100%|couldn['’]?t\s+agree\s+more,?)\s+)?agree\s+with\s+"
    r"(?:you|this|that|everything|every\s+word)\b|"
    # the "I" dropped, as people post: "Don't agree with the letter in the Advertiser at all", "For me they're vital"
    rf"{STARTS}(?:(?:really|totally|completely|just|honestly)\s+)?(?:don't|don’t|do\s+not|can't|can’t)\s+agree\s+"
    r"with\b|"
    rf"{STARTS}for\s+me\s+(?:it['’]s|they['’]re|that['’]s|this\s+is|these\s+are|(?:the|our)\s+(?:\w+\s+){{1,3}}?(?:is|are|was"
    r"|were))\s|"
    # "which for me is honestly the best week of the year", "Reckon the new layout will be loads better, myself"
    r"\b(?:which|that|this|it)\s+for\s+me\s+(?:is|was|['’]s)\b|"
    # "Can't for the life of me see why anyone would object", "Can only speak for myself: I'm thrilled"
    r"\bcan['’]?t\s+for\s+the\s+life\s+of\s+me\b|\b(?:I\s+)?can\s+only\s+speak\s+for\s+myself\b|"
    # "Oh and personally? I'd move it to Saturdays in a heartbeat.", "(Personally think they should just ...)"
    rf"{STARTS}\W*personally\s+(?:think|feel|reckon|believe|prefer|reckon)\b|"
    r"\bpersonally\s*[?:!]|\bin\s+a\s+heartbeat\b|"
    # "It seems a terrible shame to me", "sounds like a great idea to me"
    r"\b(?:seems|seemed|feels|felt|looks|sounds)\s+(?:like\s+)?(?:an?\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s+to\s+me\b|"
    # (not "Reckon you know Brackley? Try our quiz": a question to the reader)
    rf"{STARTS}reckon\s+(?:the|it|this|that|they|we|it['’]s|[\w-]+['’]s)\b(?![^.!?\n]*\?)|"
    # the rolling eyes: every official post with one in the seen sets was the admin's own exasperation
    r"\U0001F644|"
    # owning a bias, the highlight of one's own week, a take announced: "Ever so slightly biased, but", "the highlight
    # of my week", "Controversial opening take from your admin:"
    r"\b(?:ever\s+so\s+slightly|slightly|a\s+(?:bit|little)|totally|completely|admittedly|hugely|very)\s+biased\b|"
    r"\b(?:highlight|best\s+bit|best\s+part|high\s+point)\s+of\s+my\s+(?:week|day|year|month|weekend|summer)\b|"
    r"\b(?:controversial|spicy|unpopular|honest)\s+(?:\w+\s+)?take\b|\bin\s+our\s+honest\s+(?:opinion|view)\b|"
    # "I'd be in favour myself", "Think we can all agree ...", "Couldn't agree more" (a quote-post endorsed)
    rf"\bI(?:'d|’d|\s+would)\s+(?:personally\s+|probably\s+|definitely\s+)?be\s+(?:{FEELINGS})\b|"
    r"(?:^|(?<=[.!?\n]\s))(?:I\s+)?think\s+we\s+can\s+all\s+agree\b|\bcould(?:n['’]?t|\s+not)\s+agree\s+more\b|"
    # "if I'm being selfish about it", "Bit of a personal gripe:", "I've never understood why", "I really hope",
    # "Totally with you on this one"
    r"\bif\s+I['’]m\s+being\s+(?:selfish|picky|petty|fussy|cheeky|greedy|nosy|soft|sentimental)\b|"
    r"\b(?:personal|pet|my)\s+(?:gripe|bugbear|grumble|niggle)\b|\bI(?:['’]ve|\s+have)?\s+never\s+understood\s+(?:why|how|what)\b|"
    r"\bI\s+(?:really|genuinely|so|truly|do)\s+hope\b|\b(?:totally|completely|100%)\s+with\s+you\s+on\s+(?:this|that)\b|"
    # the admin at the keyboard, a side taken in a camp: "Strong feelings at this keyboard:", "firmly in the yes camp"
    r"\b(?:(?:at|behind|from)\s+this\s+keyboard|behind\s+this\s+desk)\b\s*[:,\-–—]|"
    r"\b(?:firmly|squarely|very\s+much|definitely|solidly)\s+in\s+the\s+[\w'’-]+\s+camp\b|"
    r"\bin\s+the\s+[\w'’-]+\s+camp\s+(?:myself|ourselves|here)\b|"
    r"\bfrom\s+where\s+I(?:'m|’m|\s+am)?\s+(?:sitting|standing|sit|stand)\b|"
    r"\b(?:the\s+way|how)\s+I\s+(?:see|look\s+at)\s+it\b|(?:^|(?<=[\s,(]))as\s+I\s+see\s+it\b|"
    r"\bcall\s+me\s+(?:old[\s-]fashioned|a\s+cynic|cynical|biased|sentimental|a\s+traditionalist|a\s+dinosaur)\b|"
    r"\bif\s+it\s+(?:were|was)\s+(?:up\s+to|down\s+to)\s+me\b|\bif\s+I\s+had\s+my\s+way\b|"
    r"\bif\s+you\s+(?:want|ask)\s+my\s+(?:honest\s+|own\s+|personal\s+|humble\s+)?(?:opinion|view)\b|\bfor\s+my\s+money\b|"
    # the admin casting a vote of their own: "my own vote's going to the Gromit one"
    r"\bmy\s+(?:own\s+|personal\s+)?vote(?:['’]s|\s+is|\s+goes|\s+would\s+go)?\s+(?:going\s+|definitely\s+)?(?:to|for)\b|"
    # the admin answering their own poll of taste: "Does anyone else think ...? I certainly do."
    r"(?<=\?)\s*(?:I\s+(?:certainly|definitely|sure|really|know\s+I|for\s+one)\s+do|I\s+do|me\s+too)(?=\s*(?:[.!]|$))|"
    r"\bI(?:'m|’m|\s+am)\s+of\s+the\s+(?:view|opinion|belief)\b|"
    r"\bmy\s+(?:own\s+|personal\s+|honest\s+|humble\s+|firm\s+)*(?:opinion|view|views|feeling|belief|take|"
    r"two\s+pence|2p|two\s+cents|two\s+penn(?:ies|y)(?:'|’)?(?:\s+worth)?|two\s+penn(?:'|’)orth|tuppence(?:\s+worth)?|"
    r"2p(?:'|’)?s?\s+worth|verdict|thoughts)(?:\s+(?:is|are|was|on|about|remains|that)\b|\s*[:\-–—,?])|"
    # "Got a feeling this lot are going to be brilliant", "Not to moan, but ..."
    r"\b(?:I['’]ve\s+|we['’]ve\s+|I\s+have\s+)?got\s+a\s+(?:good\s+|strong\s+|funny\s+|sneaking\s+)?feeling\b|"
    r"\bnot\s+to\s+(?:moan|grumble|complain|whinge|rant|be\s+(?:funny|rude|negative))\s*,?\s+but\b|"
    # "Personally, ..."; not "Personally delivered!", a manner of handing over
    r"(?:^|(?<=[.!?\n])\s*)personally\s*[,:?!\-–—]?\s+(?!(?:delivered|handed|presented|signed|thanked|welcomed|visited"
    r"|checked|inspected|written|signed|collected|opened|greeted|congratulated|invited|made|baked)\b)|"
    # "Glad, personally - it's one of the nicest ...": the marker after the feeling
    r",\s*personally\s*(?:[-–—,:;.!]|$)|"
    # tastes and grudges: "their music does nothing for me", "not my cup of tea", "I'm sick to the back teeth of",
    # "can't be the only one who finds ...", "We're firmly Team Pineapple"
    r"\b(?:does|do)\s+(?:absolutely\s+)?nothing\s+for\s+me\b|\bnot\s+my\s+(?:cup\s+of\s+tea|thing|bag|jam)\b|"
    r"\bI(?:['’]m|\s+am)\s+(?:so\s+|really\s+)?sick\s+(?:to\s+the\s+back\s+teeth\s+|and\s+tired\s+)?of\b|"
    r"\b(?:can['’]?t|cannot)\s+be\s+the\s+only\s+one\s+who\b|"
    r"\b(?:we['’]re|we\s+are|I['’]m|I\s+am)\s+(?:firmly\s+|definitely\s+|very\s+much\s+|proudly\s+)?team\s+\w+|"
    # "Best fish and chips in Northamptonshire? The Market Place chippy."
    r"(?:^|(?<=[.!?\n])\s*)(?:the\s+)?best\s+[\w&'’ -]{2,40}?\s+in\s+(?:town|brackley|northamptonshire|northants"
    r"|the\s+county|the\s+country|the\s+world|britain|england)\b\s*\?(?=[^\n]{0,80}\b(?:not\s+even\s+close|hands\s+down|no\s+contest"
    r"|no\s+question|no\s+doubt|has\s+to\s+be|got\s+to\s+be|easily|obviously)\b)|"
    # "I'll say it: ...", "I'm going to say it,": a stance announced
    r"\bI(?:['’]ll|\s+will|['’]m\s+(?:just\s+)?(?:going\s+to|gonna))\s+(?:just\s+)?say\s+it\s*[:,\-–—]|"
    # "... and I hope it sticks", "I really hope they keep it": a wish the Council would state as a decision
    r"\bI\s+(?:really\s+|do\s+|truly\s+|sincerely\s+)?hope\s+(?:it|this|that|they|the\s+\w+)\s+(?:sticks|lasts"
    r"|carries\s+on|continues?|becomes?\s+permanent|is\s+here\s+to\s+stay)\b(?=\s*(?:[.!,;]|$|for\s+good))|"
    rf"{STARTS}(?:(?:quite|very)\s+)?(?:frankly|honestly|bluntly|candidly|truthfully|seriously\s+though)\s*[,:?!\-–—]|"
    rf"{STARTS}(?:unpopular|controversial|spicy|honest|personal)\s+(?:opinion|take|view|thought)s?\s*[:,\-–—]|"
    rf"{STARTS}(?:confession|real\s+talk|rant)\s*[:\-–—]|"
    r"\bcall\s+it\s+(?:[\w'’-]+\s+){0,3}?(?:if|whatever|what)\s+you\s+(?:like|will|want)\b|"
    r"\bpersonally\s*,|"
    # Stances in other first-person words: "I've never seen the point of", "I'd have put the lane on the other
    # side", "Count me firmly in the ... camp", "Speaking purely for myself", "Gut feeling says", "what do I know",
    # "to my eyes", "a solid 10/10 from me", "the best thing I've heard all year".
    r"\bI(?:'ve|’ve|\s+have)?\s+(?:never|always)\s+(?:seen|understood|got|saw)\s+the\s+point\b|"
    # "I'll be honest", "I preferred the old timetable", "my happy place", "the best weekend of my year"
    r"\bI(?:['’]ll|\s+will)\s+be\s+(?:honest|frank|straight|blunt)\b|"
    # "I'd go further", "Not one for folk dancing myself", "can't come soon enough for me", "nobody will convince me
    # otherwise"
    r"\bI(?:['’]d|\s+would)\s+go\s+(?:further|even\s+further|one\s+step\s+further)\b|"
    r"\bnot\s+(?:really\s+)?one\s+for\s+[^.!?\n]{1,40}?\bmyself\b|"
    r"\b(?:can['’]?t|cannot|couldn['’]?t)\s+come\s+(?:soon|quick)\s+enough\s+for\s+me\b|"
    r"\b(?:nobody|no\s+one|no-one)\s+(?:will|can|could|is\s+going\s+to)\s+(?:convince|persuade|tell)\s+me\s+"
    r"(?:otherwise|different(?:ly)?)\b|\byou\s+won['’]?t\s+(?:convince|persuade)\s+me\b|"
    r"\bI(?:['’]ve|\s+have)\s+(?:always|never|often|sometimes)\s+found\s+(?:[\w-]+\s+){0,4}?(?:oddly|weirdly|strangely|"
    r"surprisingly|really|so|very|quite|rather|incredibly|deeply)\s+\w+|"
    r"\bI\s+(?:(?:always|never|really|much|secretly|rather|quite|actually)\s+)?(?:preferred|liked|loved|hated|disliked|adored|loathed)\s+"
    r"(?:the|it|this|that|them|those|these|when|how|our|every)\b|"
    r"\bmy\s+(?:happy\s+place|kind\s+of\s+(?:thing|place|day)|cup\s+of\s+tea)\b|"
    r"\b(?:best|worst|finest|greatest)\s+(?:[\w'’-]+\s+){1,2}of\s+my\s+(?:year|life|week|month|day|summer|spring|career)\b|"
    r"\bI(?:'d|’d|\s+would)\s+(?:much\s+|personally\s+|definitely\s+|probably\s+)?have\s+(?!been\b|had\b|got\b|"
    r"to\b|a\b|an\b|the\b|no\b|loved\s+to\s+(?:come|be|attend|join|help)\b)[a-z]+(?:ed|t|n|e)?\b"
    r"(?![^.!?\n]*\b(?:but|if)\s+(?:I|it|we)\s+(?:was|were|had|couldn['’]?t|didn['’]?t|am|wasn['’]?t)\b)|"
    r"\bcount\s+me\s+(?:\w+\s+)?(?:in|among|with)\s+(?:the\s+)?[^.!?\n]{0,60}?\b(?:camp|brigade|side|lobby|club)\b|"
    r"\bspeaking\s+(?:purely\s+|only\s+|just\s+|strictly\s+|entirely\s+|solely\s+)?for\s+myself\b|"
    r"\b(?:my\s+)?gut\s+(?:feeling\s+|instinct\s+)?(?:says|tells\s+me|is\s+telling\s+me)\b|\bwhat\s+do\s+I\s+know\b|"
    r"\bto\s+my\s+(?:eyes|mind|ears?|taste|way\s+of\s+thinking)\b|"
    r"\b\d{1,2}(?:\.\d)?\s*/\s*10\s+from\s+me\b|\b(?:thumbs\s+up|a\s+big\s+yes|a\s+no|a\s+yes)\s+from\s+me\b|"
    r"\b(?:best|worst|finest|nicest|loveliest|greatest)\s+(?:\w+\s+){0,3}?I(?:['’]ve|\s+have)\s+(?:ever\s+)?(?:heard|seen|"
    r"tasted|had|read|been\s+to|watched|eaten|known)\b|"
    r"\b(?:best|worst|wettest|coldest|hottest|finest|nicest|loveliest|greatest)\s+(?:\w+\s+){0,3}?I\s+can\s+(?:ever\s+)?"
    r"remember\b|"
    # A taste with the "I" left off at a sentence's start: "Much prefer the summer fete", "Hate the new signs",
    # "Nothing beats the view from the castle mound", "Can't beat a Brackley sausage roll".
    rf"{STARTS}(?:(?:much|really|far|definitely|always|still|secretly|honestly|genuinely)\s+)?(?:prefer(?:red)?|hate|"
    r"hated|loathe|detest|dislike)\s+(?:the|this|that|these|those|it|them|our|when|how|seeing|having|a|an)\b"
    r"(?![^.!?\n]*\?)|"  # "Prefer the paper form? Pick one up at the Town Hall" asks
    rf"{STARTS}(?:honestly\s*,?\s+|seriously\s*,?\s+)?(?:nothing|nowt)\s+(?:quite\s+)?(?:beats|compares\s+to)\b"
    r"(?![^.!?\n]*(?:\?|\bexcept\b|\blike\s+\w+ing\b))|"  # "nothing beats the heat like staying hydrated": advice
    rf"{STARTS}(?:you\s+)?(?:just\s+)?can(?:'t|’t|not)\s+beat\b(?![^.!?\n]*(?:\?|\blike\s+\w+ing\b))|"
    # "Nobody makes a bacon roll like the café in the park": a favourite, said as a fact.
    rf"{STARTS}(?:honestly\s*,?\s+)?(?:nobody|no\s*-?\s*one|nowhere|nothing)\s+(?:\w+\s+){{0,1}}?(?:does|makes|bakes"
    r"|brews|cooks|serves|fries|grills|sings|plays|decorates|puts\s+on|throws|runs|sounds|looks|smells|tastes)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:like|quite\s+like|better\s+than)\s+(?!\w+ing\b|(?:that|this|it|these|those)\b)"
    r"(?![^.!?\n]*\?)|"
    rf"{STANCE}"
)
# A cheap gate: without "I", "my", "me", "IMO", "personally", "fan", "tbh" ... nothing can fire.
GATE_LIST = """
    i my myself me imo imho tbh ngl tbf fwiw fan gutted chuffed heartbroken devastated proud stand keen sure
    honest fair frank frankly honestly bluntly candidly truthfully seriously take opinion call confession real
    rant say said between hot honesty fairness plain pet moan sugar speaking admit confess we fight change
    admin book humble riddance pull couldn't earth right kill wonder surprise betting beggars hands candid
    assessment belief feeling thinking talking nice agree quietly mark hear prefer preferred hate hated loathe
    detest dislike nothing nowt beat point count gut know eyes mind ears ear taste best worst happy liked loved
    disliked adored loathed kind cup finest nicest loveliest greatest was been have would enough otherwise
    convince persuade mine nobody nowhere no-one only team sick keyboard camp biased highlight
    controversial spicy unpopular think gripe bugbear grumble niggle totally completely whoever whoever's
    whoever’s
"""
GATE_WORDS = frozenset(GATE_LIST.split()) | {"no one"}
# The words as a trie: re tries an alternation's words one by one at every position (20 us a post).
GATE = re.compile(rf"\b{trie_pattern(GATE_WORDS)}\b|personally|\U0001F644|\bi['’]", IC)
# A question that is a personal opinion all the same: "Can I just say how lovely the baskets look?"
RHETORICAL = re.compile(
    r"[\s(\[\"'“‘]*(?:\w+\s*,\s*)?(?:(?:can|may|could|might)\s+I\s+(?:just\s+)?say|is\s+it\s+(?:just\s+)?me|"
    r"am\s+I\s+the\s+only\s+one|(?:I\s+)?don't\s+know\s+about\s+you|who\s+on\s+earth\s+thought|"
    r"who\s+in\s+their\s+right\s+mind|would\s+it\s+kill|is\s+it\s+any\s+(?:wonder|surprise)|"
    r"what['’]s\s+the\s+betting)\b", IC
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
# ("The Clerk writes:", "Admin writes:" is the account's own voice: the Council's staff speaking on it.)
SAID_COLON = re.compile(
    # ("Re the parking discussion in the comments: I personally feel ..." names where, not who said it)
    r"(?<!clerk\s)(?<!admin\s)\b(?:said|says|say|added|adds|explained|explains|commented|(?<!the\s)comments|told\s+\w+"
    r"|writes|wrote|"
    r"quote|quoting|tweeted|posted)\s*:\s*[^\n]*", IC
)
# "..., said the Mayor." / "... - Cllr Ellis" / "... says Cllr Sharma": the whole sentence is reported.
ATTRIBUTION = re.compile(
    r"(?:,|\s)\s*(?:said|says|added|adds|explained|explains|commented|comments|according\s+to)\s+"
    r"(?:the\s+|our\s+|town\s+)?(?:mayor|deputy|cllr|councillor|chair(?:man|woman)?|clerk|leader|"
    r"(?-i:[A-Z][a-z]+))|"
    r"[\-–—]\s*(?:the\s+)?(?:mayor|deputy\s+mayor|cllr|councillor|chair(?:man|woman)?|town\s+clerk|clerk|"
    r"(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+))\b[^.!?\n]{0,40}$|\bsaid\s+(?:that\s+)?(?:she|he|they)\b|"
    # (a quote mark before a letter is an apostrophe: "it's been explained" reports no one)
    r"(?:[,\"”]|['’](?![A-Za-z]))\s*(?:[\w-]+\s+){0,3}(?:said|says|told\s+(?:us|me|the\s+\w+)|tells\s+us|added"
    r"|explained)\b", IC
)
CONTRAST = re.compile(r"\bbut\b|;", IC)
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
HEDGES = re.compile(rf"\b{HEDGE_VERB.pattern}\b", IC)
FACTUAL = re.compile(
    r"\s+(?:that\s+)?you(?:['’]ll|\s+will|\s+can|\s+should)\s+find\b|"
    # a reply putting a resident right: "I think there may be some confusion", "I believe our office may have sent
    # the wrong form", "I think the form you need is ...", "I believe the collections shift by a day"
    r"\s+(?:that\s+)?there\s+(?:may|might|could|must)\s+(?:be|have\s+been)\s+(?:some\s+|a\s+(?:bit\s+of\s+(?:a\s+)?)?)?"
    r"(?:confusion|mix-?up|mistake|error|problem|issue|delay|misunderstanding)\b|"
    r"\s+(?:that\s+)?(?:our|the)\s+(?:office|team|clerk|staff|system)\s+(?:may|might|could)\s+have\s+\w+|"
    # "I think you may have the wrong time", "I believe you might be looking at last year's timetable"
    r"\s+(?:that\s+)?you\s+(?:may|might|could|must)\s+(?:have\s+(?:got\s+|been\s+given\s+|seen\s+)?(?:the|an)\s+"
    r"(?:wrong|old|older|out-?of-?date)|be\s+(?:thinking\s+of|looking\s+at|mistaken))\b|"
    r"\s+(?:that\s+)?the\s+(?:form|link|page|document|number|email|address|leaflet|one|person|team)\s+you\s+"
    r"(?:need|want|are\s+after|['’]re\s+after|are\s+looking\s+for|['’]re\s+looking\s+for)\b|"
    r"\s+(?:that\s+)?(?:[\w'’/-]+\s+){1,6}?(?:shifts?|moves?|changes?)\s+(?:by|to|back|forward)\b|"
    r"\s+(?:that\s+)?(?:[\w'’/-]+\s+){1,8}?(?:is|are|was|were|will\s+be|should\s+be|has\s+been|have\s+been|opens?|"
    r"closes?|starts?|begins?|finishes|ends|runs?|reopens?|meets?|sits?|costs?|takes?|arrives?|leaves?|went|came|"
    r"goes)\s+(?:now\s+|still\s+|due\s+|back\s+|also\s+|only\s+|usually\s+|[a-z]+ed\s+|up\s+|down\s+|out\s+|live\s+)?"
    r"(?:on\s+(?:page|p\.?|the\s+website|"
    r"our\s+website|\w+day|the\s+\d|\d)|at\s+\d|at\s+(?:the|our)\s+\w+|in\s+(?:the\s+)?(?:agenda|minutes|appendix|"
    r"report|pack|library|office|town\s+hall|foyer|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d)|from\s+\d|until\s+\d|until\s+\w+day|by\s+\d|by\s+\w+day|till\s+\d|"
    r"for\s+\d|[£$€]?\d|available|published|online|open|closed|shut|cancelled|postponed|free|"
    # where a thing is filed: "I believe the application form is under 'Grants' on our website"
    r"under\s+['\"‘“]?[\w-]+[^.!?\n]{0,30}\bon\s+(?:our|the)\s+(?:website|site|page)|"
    # a timetable's state: "I think the bin lorry is running late", "I believe the road is fixed now"
    r"(?:running|arriving|coming)\s+(?:about\s+|around\s+|roughly\s+|a\s+bit\s+|a\s+little\s+|slightly\s+|an?\s+){0,2}"
    r"(?:late|early|behind|on\s+time|hour|\d|tomorrow|today|on\s+\w+day)|(?:going\s+ahead|on\s+(?:its|their|the)\s+way)\b|"
    r"late|delayed|early|"
    r"on\s+time|fixed|repaired|sorted|resolved|finished|done|full|sold\s+out|fully\s+booked|back\s+on|"
    r"(?:the\s+)?(?:same|next|first|last|second)\s+\w+|(?:this|next|last)\s+(?:week|month|year|\w+day|morning|afternoon|"
    r"evening|night)|"
    r"(?:tomorrow|today|tonight|yesterday))", IC)
# A judgement in the hedged clause makes it an opinion after all ("I think the minutes are on page 6, sadly").
EVALUATIVE = re.compile(
    rf"\b(?:{OPINION_ADJ}|should|shouldn't|ought|must|good|bad|right|(?<!the\s)(?<!an\s)wrong|shame|disgrace|sadly|"
    r"unfortunately|thankfully|unfair|too|nicer|waste\s+of|mistake|deserve\w*|worth|proud|pity|"
    # "fair" as a judgement, not the fun fair ("I think the craft fair is going ahead")
    r"(?<!the\s)(?<!fun\s)(?<!spring\s)(?<!summer\s)(?<!craft\s)fair)\b", IC)


# A judgement that needs no "I": "the county's decision is frankly ridiculous", "what a shambles", "shameful
# decision". Only strong, scornful verdicts count; praise ("looks lovely") is everyday Council voice.
VERDICT_WORDS = (
    r"disgrace|joke|shambles|farce|eyesore|embarrassment|travesty|scandal|rip-?off|let-?down|fiasco|"
    r"white\s+elephant|waste\s+of\s+(?:money|time|space|taxpayers['’]?\s+money)|disaster(?:\s+waiting\s+to\s+happen)?|"
    r"con|sham|insult|nonsense|catastrophe|mess|mistake|box-?ticking(?:\s+exercise)?|whitewash|vanity\s+project|folly|"
    r"own\s+goal|cop-?out|stitch-?up|(?:pr|publicity)\s+stunt"
)
VERDICT_ADJS = (
    r"ridiculous|shameful|disgraceful|pathetic|laughable|scandalous|outrageous|appalling|hideous|awful|dreadful|"
    r"atrocious|diabolical|shocking|absurd|idiotic|clueless|useless|hopeless|incompetent|spineless|heartless|"
    r"short-?sighted|madness|insane|bonkers|crazy|a\s+no-?brainer|pointless|daft|ugly|cringe-?worthy|indefensible|"
    r"spiteful|misguided|unrealistic|a\s+betrayal|a\s+slap\s+on\s+the\s+wrist|beyond\s+a\s+joke|an\s+outrage|"
    r"unacceptable"
)
VERDICT = re.compile(
    # A ranking said as settled: "the best pub team in town by a mile", "the worst of the three, and it's not close".
    r"(?:(?<![\w-])the\s+|(?:^|(?<=[.!?\n]))\s*)(?:best|worst|finest|prettiest|friendliest|loveliest|greatest|fairest)\b"
    r"[^.!?\n]{0,60}?(?:[.!]\s+)?(?:by\s+a\s+(?:mile|country\s+mile|distance)|no\s+contest|(?:it['’]s\s+|and\s+it['’]s\s+)?not\s+"
    r"(?:even\s+)?close|nowhere\s+else\s+comes\s+close|bar\s+none|not\s+up\s+for\s+debate|don['’]?t\s+@\s+(?:me|us)"
    r"|fight\s+me|end\s+of\s+(?:story|discussion|debate))\b|"
    # the page asking itself and answering: "Do I think the purple ones clash? Yes."
    r"\bdo\s+I\s+(?:think|love|like|reckon|rate|agree)\b[^.!?\n]{0,80}\?\s*(?P<reply>(?:yes|no|absolutely|definitely|"
    r"of\s+course|obviously|yep|nope|not\s+really|totally)\b)|"
    # ... or asked and answered at once: "Best chippy in Brackley? Easily the one on Bridge Street."
    r"\b(?:best|worst|finest|nicest|tastiest|favourite|greatest|prettiest)\b[^.!?\n]{0,60}\?\s*(?P<answer>(?:easily|"
    r"definitely|has\s+to\s+be|got\s+to\s+be|gotta\s+be|hands\s+down|no\s+contest|no\s+question|obviously|"
    r"simple|no\s+competition)\b)|"
    # Verdicts on someone's decision or conduct: "got it badly wrong", "should resign", "an outrage".
    r"\bgot\s+it\s+(?:badly\s+|completely\s+|so\s+|totally\s+|horribly\s+)?wrong\b|"
    r"\b(?:needs|ought)\s+to\s+resign\b|\bshould\s+resign\b|\bwrong\s+side\s+of\s+history\b|"
    r"\b(?:are|is|were)\s+right\s+to\s+be\s+(?:angry|furious|livid|outraged|upset)\b|"
    r"\band\s+everyone\s+knows\s+it\b|"
    # scorn for a decision in set words: "deserves better than these planters", "should never have been approved",
    # "yet another consultation nobody asked for"
    r"\bdeserves?\s+better\s+than\b|\bshould\s+never\s+have\s+been\s+(?:\w+ed|put|built|given|let|sold|"
    r"chosen|done)\b|\bno(?:body|\s+one|-one)\s+(?:ever\s+)?asked\s+for\b|"
    # ("there's a mistake in the newsletter" says where, not what it thinks)
    r"(?<!there)(?<!there\s)(?<!here)(?<!here\s)"
    r"\b(?:is|are|was|were|['’]s|['’]re|looks?|looked|seems?|remains?|would\s+be|will\s+be|has\s+been|have\s+been)"
    r"\s*,?\s+(?:(?:frankly|simply|just|absolutely|completely|totally|utterly|quite|so|really|truly|nothing\s+short\s+of|"
    r"nothing\s+but|beyond|an?|one|the|absolute|complete|total|utter|real|bit\s+of|of\s+a|such|bloody|"
    r"national|expensive|costly|massive|huge|big|great|quite\s+simply|terrible|dreadful|serious|colossal)\s*,?\s+)*"
    rf"(?:{VERDICT_WORDS}|{VERDICT_ADJS})\b|"
    rf"{STARTS}(?:what\s+(?:an?\s+)?(?:absolute\s+|complete\s+|total\s+|utter\s+)?(?:{VERDICT_WORDS})\b|"
    r"(?:absolutely\s+|utterly\s+|totally\s+|truly\s+)?(?:shameful|disgraceful|shocking|pathetic|ridiculous|"
    r"outrageous|scandalous|appalling|dreadful|awful|terrible|short-?sighted|cynical)\s+(?:decision|behaviour|move|"
    r"choice|state|news|stuff|performance|treatment|policy|plans?)\b|"
    # A verdict as a sentence of its own: "The fine is a slap on the wrist. Pathetic." / "Madness!"
    rf"(?:absolutely\s+|utterly\s+|simply\s+|frankly\s+|just\s+|absolute\s+|utter\s+|complete\s+|total\s+|sheer\s+)?"
    rf"(?:{VERDICT_ADJS})\s*[.!]+(?=\s|$)|"
    r"(?:sorry|no\s+offence)\s*,?\s+but\b|(?:can['’]?t|cannot)\s+believe\s+(?:how|what|that\s+(?:the|they|anyone|"
    r"people)|anyone|people|they))",
    IC,
)
# Searched in the casefolded text (lower_gate): the gates below only say whether the full patterns are worth running.
VERDICT_GATE = lower_gate(rf"\b(?:{VERDICT_WORDS}|{VERDICT_ADJS}|sorry|offence|believe|best|worst|finest|prettiest|"
                          r"friendliest|loveliest|greatest|fairest|wrong|resign|right|knows|deserve|deserves|never|"
                          r"nobody|asked|do)\b")
# Whose failing it is decides: the Council condemning fly-tipping or vandalism speaks for itself ("Fly-tipping is
# a disgrace"), and "we"/"our"/"the Council" is its own voice ("We think the delay is a disgrace" is corporate).
COUNCIL_VOICE = re.compile(
    r"\b(?:we|we['’](?:re|ve|d|ll)|our|us|the\s+(?:town\s+)?council(?:['’]s)?|full\s+council|this\s+council|"
    r"fly-?tipp\w*|litter\w*|vandal\w*|graffiti|dog\s+(?:fouling|mess|poo)|anti-?social|abus\w*|theft|"
    r"damage\w*|speeding|scam\w*|fraudsters?|hate\s+crime|parking\s+on|smash\w*|stole\w*|stolen|nick(?:ed|ing)|"
    r"set\s+fire|arson\w*|break-?ins?|broke\s+into|burgl\w*|"
    # A verdict with the remedy announced is a service notice: "the shelter is a disgrace and will be replaced".
    r"will\s+be\s+(?:\w+ed|replaced|removed|repaired|fixed|cleared|rebuilt)|(?:is|are)\s+being\s+\w+ed)\b", IC)
# Someone else's verdict reported: "Residents told the consultation the signs were hideous".
REPORTED_VIEW = re.compile(
    r"\b(?:residents|people|many|some|visitors|users|respondents|you|they|survey|consultation|responses?|"
    r"campaigners|objectors|critics|the\s+\w+\s+group)\s+(?:\w+\s+){0,3}?(?:told|said|say|says|think|thought|felt|"
    r"feel|described|called|complained|reported|found|find|argue|argued|claim|claimed|rated)\b", IC)
# Partisan politics on an official account: declaring one's party, or a verdict on a party, a government or a
# national politician (monitor/data/personal-opinion/politics.txt).
POLITICAL_JUDGEMENT = (
    r"disaster\w*|disgrace\w*|wreck\w*|ruin\w*|destroy\w*|abandon\w*|let\s+(?:\w+\s+){0,3}down|betray\w*|"
    r"fail\w*|clueless|incompeten\w*|useless|shambl\w*|chaos|chaotic|best|worst|only\s+(?:party|one|people)|cares?|"
    r"sense|nonsense|hopeless|pathetic|shame\w*|scandal\w*|broken\s+promises?|lies|liars?|lying|heartless|cruel|"
    r"brilliant|fantastic|excellent|great|hero\w*|champion\w*|deserve\w*|trust\w*|corrupt\w*|out\s+of\s+touch|"
    r"sleaze|sleazy|mess|joke|rubbish|terrible|awful|dreadful|appalling|useless|weak|spineless|arrogant|"
    r"stand\s+up\s+for|delivered|delivering|fighting\s+for|on\s+your\s+side|can['’]?t\s+be\s+trusted|"
    r"should\s+(?:resign|go|be\s+ashamed)|must\s+go|get\s+(?:them|him|her)\s+out|kick\s+(?:them|him|her)\s+out|"
    r"gutless|dangerous|extrem\w*|loony|woke|nasty|evil|idiots?|crooks?|hypocri\w*|failure|thank\s+god"
)


@dataclass(frozen=True)
class Politics:
    """The partisan patterns of a configuration's politics list."""

    call: re.Pattern[str] | None
    judged: re.Pattern[str] | None
    gate: re.Pattern[str] | None


def _names(entries: list[str]) -> str:
    """Return an alternation of names, any spacing between their words, longest first."""
    return "|".join(r"\s+".join(map(re.escape, e.split())) for e in sorted(entries, key=len, reverse=True))


@lru_cache(maxsize=8)
def compile_politics(entries: tuple[str, ...]) -> Politics:
    """Return the vote-call, party-identity and political-verdict patterns of a politics list."""
    parties = [e.split(":", 1)[1].strip() for e in entries if e.startswith("party:")]
    vote_only = [e.split(":", 1)[1].strip() for e in entries if e.startswith("vote:")]
    subjects = [e for e in entries if ":" not in e] + parties
    if not subjects and not vote_only:
        return Politics(None, None, None)
    every_party = _names(parties + vote_only) or "(?!)"
    # A call to vote for a party is the pre-election check's (the corpora label it so); declaring one's own party
    # and cheering one on are personal politics.
    call = re.compile(
        r"(?:\b(?:proud|as|I['’]m|I\s+am)\s+(?:to\s+be\s+)?an?\s+(?:lifelong\s+|proud\s+|paid-up\s+)?(?:"
        + (_names(parties) or "(?!)") + r")\s+(?:councillor|member|supporter|voter|activist|candidate|man|woman|"
        r"through\s+and\s+through)\b|\b(?:" + every_party + r")\s+all\s+the\s+way\b|"
        r"\bwhy\s+anyone\s+(?:still\s+)?votes?\s+(?:" + every_party + r")\b)", IC)
    judged = re.compile(r"\b(?:" + _names(subjects) + r")(?:['’]s?)?\b" if subjects else "(?!)", IC)
    gate = lower_gate(r"\b(?:proud|as|I|why|" + _names(subjects + vote_only) + r")\b")
    return Politics(call, judged, gate)


JUDGEMENT = re.compile(rf"\b(?:{POLITICAL_JUDGEMENT})\b", IC)


def politics_for(config: Config) -> Politics:
    """Return the partisan patterns of a configuration, compiled once."""
    return compile_politics(word_list(RULE, "politics", config))


def own_sentence(text: str, start: int, layout: Layout) -> bool:
    """Say whether a position is in a sentence in the account's own voice: not quoted, attributed or asked."""
    if layout.quoted(start) or layout.in_faq_question(start):
        return False
    lo, hi = layout.sentence(start)
    sentence = text[lo:hi]
    return not (ATTRIBUTION.search(sentence) or sentence.rstrip().endswith("?") or COUNCIL_VOICE.search(sentence)
                or REPORTED_VIEW.search(sentence))


def find_partisan(text: str, politics: Politics, layout: Layout) -> list[tuple[int, int]]:
    """Return spans of partisan views: calls to vote for a party, a declared party, a verdict on a politician."""
    spans: list[tuple[int, int]] = []
    if politics.call is not None:
        for m in politics.call.finditer(text):
            lo, hi = layout.sentence(m.start())
            if not layout.quoted(m.start()) and not ATTRIBUTION.search(text[lo:hi]):
                spans.append(m.span())
    if politics.judged is not None:
        seen = -1
        for m in politics.judged.finditer(text):
            lo, hi = layout.sentence(m.start())
            if lo == seen:
                continue  # one look per sentence: a post of "Labour Labour Labour ..." costs what prose does
            seen = lo
            if JUDGEMENT.search(text, lo, hi) and own_sentence(text, m.start(), layout):
                spans.append((lo + len(text[lo:hi]) - len(text[lo:hi].lstrip()), hi))
            if len(spans) >= MAX_SPANS:
                break
    return spans


FRAGMENT_CHARS = 30


def _set_up(text: str, at: int, layout: Layout) -> bool:
    """Say whether the sentence at a position is the account's own question setting up a verdict ("Fees? Madness.")."""
    lo, hi = layout.sentence(at)
    sentence = text[lo:hi]
    return (sentence.rstrip().endswith("?") and not layout.quoted(at) and not layout.in_faq_question(at)
            and not (ATTRIBUTION.search(sentence) or COUNCIL_VOICE.search(sentence) or REPORTED_VIEW.search(sentence)))


def find_verdicts(text: str, layout: Layout) -> list[tuple[int, int]]:
    """Return spans of scornful verdicts in the account's own voice ("the decision is frankly ridiculous")."""
    spans: list[tuple[int, int]] = []
    for m in VERDICT.finditer(text):
        # the answer is the verdict, not its question
        at = m.start("answer") if m.group("answer") else m.start("reply") if m.group("reply") else m.start()
        lo, hi = layout.sentence(at)
        # A verdict on its own ("Fly-tipping on Halse Road again. Disgraceful.") is about the sentence before it.
        if hi - lo < FRAGMENT_CHARS and lo > 0 and not own_sentence(text, lo - 1, layout) and at == m.start() \
                and not _set_up(text, lo - 1, layout):
            continue
        if own_sentence(text, at, layout):
            spans.append((at, m.end()))
            if len(spans) >= MAX_SPANS:
                break
    return spans


@dataclass(frozen=True)
class Markers:
    """The opinion markers compiled with a configuration's fixed phrases, and the gate a text must pass."""

    pattern: Alternation
    gate: re.Pattern[str]


@lru_cache(maxsize=8)
def compile_markers(phrases: tuple[str, ...]) -> Markers:
    """Return MARKERS and GATE with the fixed phrases in place (any spacing between their words)."""
    fixed = phrase_pattern(list(phrases))
    if fixed is None:
        return Markers(Alternation(MARKERS.replace("{phrases}", ""), IC), lower_gate(GATE.pattern))
    pattern = Alternation(MARKERS.replace("{phrases}", fixed.pattern + "|"), IC)
    # The packaged phrases all hold a GATE word; a council's own may not, so they open the gate too.
    return Markers(pattern, lower_gate(f"{GATE.pattern}|{fixed.pattern}"))


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
    # "I'll be honest, I was sad to see them go, but the survey said they were unsafe": a report after a "but" is
    # the reason given against the view, not the view's speaker.
    mark = end - lo
    return not any(a.start() < mark or not CONTRAST.search(sentence, mark, a.end())
                   for a in ATTRIBUTION.finditer(sentence))


# A title-cased "I Love <Name>" names an event or a campaign ("I Love Brackley Week", "I Love Local").
EVENT_NAME = re.compile(r"I\s+Love\s+[A-Z]")


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
        if EVENT_NAME.match(text, start):
            continue  # "I Love Brackley Week starts Monday": an event's name
        if is_own_opinion(text, start, end, layout):
            spans.append((start, end))
            if len(spans) >= MAX_SPANS:
                break  # enough evidence; a 20,000-character wall of "I think" costs no more
    return spans


def quoted_views_only(text: str, markers: Markers) -> bool:
    """Say whether every opinion marker is inside someone else's quoted words ('Quoting Cllr X: "I personally feel"').

    The learned layer reads the quoted "I personally feel" as the account's; the patterns know whose words they are.
    """
    found = list(markers.pattern.finditer(text))
    if not found:
        return False
    layout = Layout.of(text)
    return all(layout.quoted(m.start() + len(m.group()) - len(m.group().lstrip())) for m in found)


def hedges_facts(text: str) -> bool:
    """Say whether an "I think/believe" in the text hedges a checkable fact ("I think the bus is running late")."""
    layout: Layout | None = None
    for _, m in zip(range(20), HEDGES.finditer(text), strict=False):
        layout = layout or Layout.of(text)
        if hedges_a_fact(text, m.end(), layout.sentence(m.start())[1]):
            return True
    return False


def find_unmarked(text: str, terms: Terms, politics: Politics, folded: str | None = None,
                  in_period: bool = False) -> list[tuple[int, int]]:
    """Return spans of opinions with no first-person marker: partisan politics and scornful verdicts.

    In a pre-election period a verdict on a party or a politician is the pre-election check's (clause 10.1), not a
    personal view: most sets' writers label it so (the learned layer, trained also on sets that do not, may still
    flag a harsh one).
    """
    folded = text.casefold() if folded is None else folded
    named = politics.gate is not None and politics.gate.search(folded) is not None
    partisan = named and not in_period
    scornful = VERDICT_GATE.search(folded) is not None
    if not partisan and not scornful:
        return []
    layout = Layout.of(text)
    spans = (find_partisan(text, politics, layout) if partisan else []) + (
        find_verdicts(text, layout) if scornful else [])
    if in_period and named and politics.judged is not None:
        judged = politics.judged
        spans = [(s, e) for s, e in spans if not judged.search(text, *layout.sentence(s))]
    if terms.allow is not None:
        spans = [(s, e) for s, e in spans if not terms.allow.search(text, *layout.sentence(s))]
    return sorted(spans)[:MAX_SPANS]


# The writer's own voice in the words that made a post an opinion: "I think", "personally", "between you and me".
EYE_ROLL = "\U0001F644"
# A share's one-line introduction: "Worth a read if you're planning a visit 👇" over the library's post points to it.
SHARE_INTRO = re.compile(r"\W*(?:(?:well\s+)?worth\s+a\s+(?:read|look|listen|watch)|(?:have|take)\s+a\s+(?:look|read)"
                         r"|check\s+(?:this|it)\s+out|read\s+(?:this|more)|more\s+(?:info|details)\s+(?:here|below))\b"
                         r"[^.!?\n]{0,60}[\s.!:\u2193\u2b07\ufe0f\U0001F447]*", re.IGNORECASE)
# A joke half taken back ("according to us 😂 jk… sort of") is the admin's own aside too.
OWN_VOICE = re.compile(r"\b(?:i|i['’](?:m|ve|d|ll)|me|my|myself|personally|(?:not\s+a|big|huge)\s+fan|jk|just\s+kidding"
                       r"|only\s+joking)\b", re.IGNORECASE)


def insult_speaks(text: str, ctx: Context) -> bool:
    """Say whether the opinion is only an insult the offensive check raises: one post, the graver alert alone.

    "To whoever dumped the mattress: you are vermin. Plain and simple." is an insult, and the offensive alert says
    what to do; the blind sets written since eval/heldout15 label such official posts offensive alone. "I think
    whoever did it is an idiot" is the writer's view, said as such, and keeps both; so does a mild word ("an absolute
    joke"), which the offensive check raises only as colourful.
    """
    if not ctx.settings("offensive").enabled or OWN_VOICE.search(text):
        return False
    return any(m.severity != "low" for m in offensive_matches(text, ctx.config)[0])


def learned_insult_speaks(post: Post, ctx: Context) -> bool:
    """Say whether the offensive check raises the post by its learned layer, so that alert alone speaks.

    "The contractor has cocked it up yet again. Utter shambles from start to finish.": both models weigh the same
    scorn, and eval/heldout38 labels such an official post offensive alone.
    """
    if not ctx.settings("offensive").enabled or OWN_VOICE.search(post.text):
        return False
    return any(hit.evidence.get("kind") == "learned" for hit in offensive_check(post, ctx))


def personal_opinion(post: Post, ctx: Context) -> Iterator[Hit]:
    """Flag official-account posts that express a personal, first-person-singular opinion.

    Clause 6.4: "Use of the Town Council's Facebook account must reflect the Council's position/decisions on
    a matter and in no circumstances must it be used to express personal opinion". The same applies to every
    official account the policy names (clause 4.2: "Facebook and Twitter").
    When no pattern matches, the learned layer may still flag the post (monitor/learned.py, docs/checks.md).
    """
    if post.role != "official" or not post.text:
        return
    text = post.text[:OPINION_CHARS]
    terms, markers = council_terms(RULE, ctx.config), markers_for(ctx.config)
    folded = text.casefold()
    spans = find_opinions(text, terms, markers) if markers.gate.search(folded) or terms.extra is not None else []
    if not spans:
        politics = politics_for(ctx.config)
        in_period = election_at(post.created_at, ctx.config) is not None
        spans = find_unmarked(text, terms, politics, folded, in_period)
        if not spans:
            # The model weighs "I think" heavily and cannot tell a hedged fact from a view; the patterns can.
            learned = list(learned_hit(RULE, text, ctx))
            # In the period a side taken against the government in the council's voice is the pre-election alert's,
            # not a view of the admin's own: eight blind sets label "After years of Westminster cuts, ..." pre-election
            # alone. Praise of a named candidate or group keeps both (eval/heldout4).
            if learned and not hedges_facts(text) and not insult_speaks(text, ctx) \
                    and not (post.shared is not None and SHARE_INTRO.fullmatch(text)) \
                    and not (in_period and (side_taken(post, ctx) or campaign_shared(post, ctx)
                                            or campaign_read(post, ctx))) \
                    and not learned_insult_speaks(post, ctx) and not quoted_views_only(text, markers):
                yield from learned
            return
    if insult_speaks(text, ctx) or (all(text[s:e].strip() == EYE_ROLL for s, e in spans)
                                    and ctx.settings("offensive").enabled and offensive_matches(text, ctx.config)[0]):
        return  # "To the absolute muppets who smashed the shelter: grow up 🙄": the eye-roll is the insult's
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
