"""confidential: a registered account's post discloses business from a closed meeting or a confidential paper.

A post needs two things to fire:
1. A reference to confidential business: "Part II"/"Part 2 item", "exempt item/information", "closed
   session", "in camera", "exclusion of the press and public", "confidential report/paper/appendix",
   "told in confidence", "not for publication", "Schedule 12A", "the public were excluded / had left / withdrew"
   (in the past: "will be excluded" is a notice), or a leak ("the leaked report"). The public sent out in any
   words ("once the gallery emptied", "members of the public were shown out", "with the room cleared"), the
   Public Bodies (Admission to Meetings) Act 1960 named or paraphrased ("the law that lets councils shut the
   public out"), and the part of the agenda they may not hear ("the exempt bit of the agenda"); everyday names
   for the same ("the meeting went private", "Personnel (private)", "sworn to secrecy", "discussed in confidence",
   "the private paper", "under legal privilege", "you won't read it in the published minutes").
2. Something disclosed, in the same sentence or the next: what was decided ("we agreed to sell", "voted to
   close", "the clerk has been suspended"), what a paper says ("the confidential appendix shows ..."), money,
   or telling words ("I can reveal", "between you and me", "here is the", "screenshot", "a whistleblower tells
   me", "I'm reliably told"), or what the paper is like ("the confidential HR report is damning").
A leak is its own disclosure: "the leaked email" fires without more.
3. Or, more weakly, the substance of a closed item without a decision verb: a vote ("went 6-3", "unanimously"),
   what was discussed ("debated in camera: the grounds contract"), a bidder or a staffing matter ("in talks with
   X Homes", "two posts are going"), a topic with how it went ("the Part II item on the lease got heated"), or
   content after a short heading ("Item 14 (Schedule 12A): the council is ..."). These do not count for
   confidential papers' topics ("reading the confidential report on the depot"), for private or secret meetings
   of anyone ("a private session with the tennis coach"), for clubs ("closed session of the carnival
   committee"), nor in sentences that explain closed business, promise publication or offer a service.

4. Or, with no closed-meeting word at all, a confidential matter told: a secrecy cue beside council business
   ("don't tell anyone but the council is buying ...", "keep this under your hat", "embargoed until", "not public
   yet"), a staff member's HR matter ("our clerk has been signed off with stress", "a disciplinary"), a complaint
   against a named person or a standards investigation, what the legal advice says ("our solicitors told us we'd
   lose"), or a price in a negotiation ("X Homes have offered £1.4m"). Not: refusals, grants, prizes, tickets and
   contracts already awarded, job adverts, services ("free legal advice clinic"), how-to-complain notices, the
   police, opinions ("the clerk should be sacked" is offensive's question), or a secret with no council business.

Decisions:
- Agenda notices do not fire. "The meeting will go into closed session for item 9" and "resolution to exclude
  the press and public under the Public Bodies (Admission to Meetings) Act 1960" are the lawful, published
  side of closed business; they disclose nothing.
- Saying that something is confidential discloses nothing: "I can't comment on Part II matters",
  "confidential papers have been circulated", "the meeting went into closed session".
- Services that are confidential are not confidential business: "free, confidential advice", "confidential
  helpline", "enquiries treated in confidence", "confidential waste collection".
- Water and gas leaks are not leaks of papers: a leak counts only with a document or an audience.
- Voting on whether to go into closed session is procedure, not the closed item's outcome.
- "Part 2 tonight:" may be a podcast: it needs a decision, a vote or a named party, not just content.
[checks.confidential] extra_terms adds the council's own names for closed business (they still need a
disclosure); allow_terms lists phrases that make a sentence harmless wherever they appear.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from monitor.alternation import Alternation
from monitor.checks.base import JOKE_TAKEN_BACK, Context, Hit, Terms, council_terms, excerpt, learned_hit
from monitor.records import Post
from monitor.text import any_of, clip

CONTENT_ROLES = ("official", "councillor")
IC = re.IGNORECASE
MAX_FINDINGS = 20
MAX_REFERENCES = 60  # references weighed per post: a wall of trigger words costs no more than a long post
REACH = 300  # characters either side of a reference that can tell what it disclosed: no 20k-char "sentences"

PAPERS = (
    r"reports?|papers?|appendix|appendices|items?|minutes|briefings?|documents?|legal advice|advice note|"
    r"discussions?|sessions?|emails?|e-mails?|information|matters?|agenda|annex(?:es)?|memos?|letters?|figures|"
    r"valuations?|tenders?|bids?|settlement|notes?|updates?|correspondence|business|draft|plans?|proposals?|"
    r"(?:scoring\s+)?(?:sheets?|matrix|matrices)|scores|spreadsheets?|"
    r"recording|video|audio|list|details|costings?|estimates?|numbers|accounts"
)
# What kind of confidential paper: "the confidential HR report", "confidential internal audit paper".
QUALIFIERS = (
    r"council|committee|legal|staff(?:ing)?|draft|hr|personnel|internal|audit|auditor'?s|investigation|"
    r"investigator'?s|disciplinary|independent|finance|financial|property|planning|consultants?'?s?|clerk'?s|"
    r"officers?'?s?|sickness|grievance|misconduct|valuation|governance|health\s+and\s+safety|ombudsman'?s?"
)
# Who is sent out of a closed item: the press, the public, the gallery, in any of their names.
AUDIENCE = (
    r"(?:(?:the|all|any)\s+)?(?:members\s+of\s+(?:the\s+)?(?:public|press)|press|public(?:\s+gallery)?|gallery|"
    r"reporters?|journalists?|observers?|audience|media|onlookers|non-?members|visitors|everyone\s+else|"
    r"everybody\s+else)(?:\s*(?:and|&)\s*(?:the\s+)?(?:press|public|"
    r"media|residents|reporters|observers))?"
)
TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("leak", re.compile(
        rf"\bleaked\s+(?:[\w'-]+\s+){{0,3}}?(?:{PAPERS})\b|\b(?:has|have|had|was|were|been|being)\s+leaked\b|"
        r"\bleak(?:ed|ing)?\s+(?:it\s+|this\s+|them\s+)?to\s+(?:me|us|the press|the media|local media|the papers|"
        r"a (?:newspaper|journalist|reporter)|the (?:echo|advertiser|chronicle|bbc|itv))\b|"
        r"\bleaks?\s+(?:of|from)\s+(?:the\s+)?(?:confidential|council|part|exempt|closed|committee|private|secret)\b|"
        # "Small leak from the Planning Working Group (not a public meeting): ..."
        r"\bleaks?\s+(?:of|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:group|committee|panel|working\s+party|briefing|"
        r"session)\b|"
        r"(?:^|(?<=[\s(\[]))leaked\s*(?:[:\u2013\u2014]|-\s)",
        IC)),
    ("exempt-item", re.compile(
        r"\bpart\s*(?:ii|2|two)\s+(?:item|items|session|business|reports?|papers?|matters?|minutes|discussions?|"
        r"agenda|debate|section|meeting|of the (?:meeting|agenda)|updates?|briefings?|decisions?|votes?|issues?|"
        r"stuff|bit|part)\b|"
        r"\b(?:in|during|under|into|at|from)\s+(?:the\s+)?part\s*(?:ii|2|two)\b(?!\s+of\s)|"
        r"\bpart\s*(?:ii|2|two)\s*(?:[:\u2013\u2014]|-\s)|"
        r"\bpart\s*(?:ii|2|two)\s+of\s+(?:the\s+|tonight's\s+|today's\s+|yesterday's\s+|this\s+evening's\s+|"
        r"last\s+night's\s+|\w+day's\s+|the\s+\w+\s+)?(?:meeting|agenda|council|committee)\b|"
        r"\b(?:p2|pt\.?\s*(?:ii|2))\s+(?:item|items|session|business|reports?|papers?|matters?|discussions?|debate|"
        r"minutes)\b|\b(?:p2|pt\.?\s*(?:ii|2))\s+of\s+(?:the\s+|tonight'?s\s+|today'?s\s+|\w+day'?s\s+)?"
        r"(?:meeting|agenda|council|committee)\b|\b(?:in|during|from|into)\s+(?:the\s+)?(?:p2|pt\.?\s*(?:ii|2))\b|"
        r"\bexempt(?:ed)?\s+(?:item|items|information|business|reports?|papers?|matters?|session|appendix|"
        r"appendices|minutes|part|bit|bits|stuff|decisions?|votes?|discussions?|debate)\b|\bschedule\s*12\s*a\b|"
        r"\bpart\s*b\s+(?:item|items|session|business|reports?|papers?|matters?|minutes|agenda)\b|"
        r"[\"“'‘]part\s*(?:b|ii|2|two)[\"”'’]\s+(?:item|items|session|business|matters?|thing)\b", IC)),
    # "Part Two tonight: ..." could be a podcast's next episode: it needs a decision, a vote or a party.
    ("exempt-heading", re.compile(
        r"\bpart\s*(?:ii|2|two)\s+(?:tonight|last\s+night|this\s+evening|yesterday|today)\b", IC)),
    ("closed-session", re.compile(
        r"\b(?:closed[\s-]+doors?|closed|private|confidential|secret|hushed[\s-]+up)[\"”'’]?[\s-]+(?:agenda\s+)?"
        r"(?:session|meeting|part of the meeting|"
        r"briefing|workshop|item|business|part|bit|section|discussion|debate|vote|hearing|legal\s+briefing|paper|report|"
        r"doc|document|pack|bundle|agenda\s+pack|annex|appendix|committee|sub-committee|panel|working\s+group)s?\b|"
        # "the numbers from the confidential budget annex": a paper named between
        r"\bconfidential\s+(?:[\w-]+\s+){1,2}?(?:annex|appendix|paper|report|briefing|pack|bundle|document|figures)s?\b|"
        # "It doesn't meet in public", "(no public, no press)", "a meeting the public aren't allowed into"
        r"\b(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not|never)\s+meets?\s+in\s+public\b|"
        # "Agenda item 14 (exempt, para 3): I voted against selling the land at £850k"
        r"\(\s*exempt\b|"
        r"\(\s*no\s+(?:public|press)(?:\s*(?:,|and|&|or)\s*no\s+(?:public|press))?\s*\)|"
        r"\b(?:meeting|session|room|briefing)\s+(?:that\s+)?the\s+(?:public|press)\s+(?:aren['’]?t|are\s+not|weren['’]?t"
        r"|were\s+not|can['’]?t|cannot)\s+(?:allowed\s+)?(?:in(?:to)?|attend|see|hear|come\s+to)\b|"
        r"\b(?:meeting|session|item|part)\s+closed\s+to\s+(?:the\s+)?(?:public|press)\b|"
        # "the part of last night's meeting that was closed to the public", "a members-only session"
        r"\b(?:meeting|session|item|part|bit|section)(?:\s+of\s+(?:the\s+|tonight['’]s\s+|last\s+night['’]s\s+|"
        r"\w+day['’]s\s+)?"
        r"(?:meeting|agenda))?\s+(?:that|which)\s+(?:was|were|is)\s+closed\s+to\s+(?:the\s+)?(?:public|press)\b|"
        r"\b(?:members|councillors|cllrs)[\s-]+only\s+(?:session|meeting|briefing|workshop|item|part)s?\b|"
        r"\bshut\s+the\s+doors?\s+to\s+(?:agree|decide|vote|discuss|approve|sign)\b|"
        # "the report they kept from the public"
        r"\b(?:report|paper|papers|figures?|document|advice|valuation)\s+(?:they|the\s+council|we|officers|councillors)\s+"
        r"(?:kept|keep|are\s+keeping|withheld|hid|buried|sat\s+on)\s+from\s+(?:the\s+)?(?:public|residents|press|you)\b|"
        r"\b(?:couldn't|could\s+not|can't|cannot|weren't\s+allowed\s+to)\s+(?:discuss|talk\s+about|mention)\s+"
        r"in\s+public\b|\bwon't\s+(?:read|see|find)\s+(?:\w+\s+){0,2}?in\s+the\s+(?:published\s+|public\s+)?minutes\b|"
        r"\bmet\s+(?:in\s+)?(?:private|secret|privately)\b|\bsworn\s+to\s+secrecy\b|"
        r"\bconfidentiality\s+(?:undertaking|agreement|pledge|form|declaration)\b|"
        # "the meeting went private at item 11", "then we went into private"
        r"\b(?:went|had\s+gone|moved)\s+(?:in(?:to)?\s+)?(?:private|camera)\b(?!\s+session)|"
        r"\((?:private|closed|confidential|in\s+private|exempt|part\s*(?:ii|2|b)|not\s+(?:public|open)|closed\s+to\s+(?:the\s+)?"
        r"public)\)|"
        r"\bunder\s+(?:legal\s+)?privilege\b|"
        r"\b(?:voted|approved|taken|resolved|dealt\s+with|settled|signed\s+off|reported|briefed)\s+"
        r"(?:\w+\s+){0,2}?in\s+private\b|"
        r"\b(?:received|got|given|heard|discussed|agreed|decided|told|briefed)\s+(?:\w+\s+){0,2}?privately\b|"
        r"\bin[\s-]camera\b|\bbehind\s+closed\s+doors\b|"
        # "Webcast cut off at 8.50 but I stayed for the rest": the part the cameras left
        r"\b(?:webcast|live\s*stream|stream|broadcast|cameras?)\s+(?:was\s+|were\s+|got\s+)?(?:cut\s+off|stopped|switched\s+off"
        r"|turned\s+off|paused|ended|went\s+off)\b(?=[^!?\n]{0,60}\b(?:stayed|rest\s+of|remained|carried\s+on))|"
        r"\b(?:discussed|debated|decided|agreed|considered|talked\s+about|held|met|heard)\s+in\s+private\b|"
        r"\bexclu(?:sion|de|ded|ding)\s+(?:of\s+)?(?:the\s+)?press\s*(?:and|&)\s*(?:the\s+)?public\b|"
        # "Exclusion of public passed 8-2": either one alone
        r"\bexclu(?:sion|ded|ding)\s+(?:of\s+)?(?:the\s+)?(?:press|public)\b|"
        r"\bpress\s*(?:and|&)\s*(?:the\s+)?public\s+(?:were|was|are|had been|have been|will be|to be|being)\s+"
        r"(?:asked to leave|"
        r"excluded|sent out|removed|told to leave|asked to go)\b|"
        # "After the public were excluded, members voted ...": either alone, in the past (a notice says "will be").
        r"\b(?:the\s+)?(?:press|public|public\s+gallery|reporters?)\s+(?:were|was|had\s+been|having\s+been|"
        r"had|have|has|having)?\s*(?:been\s+)?(?:excluded|asked\s+to\s+leave|sent\s+out|told\s+to\s+leave|"
        r"withdrew|withdrawn|cleared)\b|"
        r"\b(?:the\s+)?(?:press|public|public\s+gallery|reporters?)\s+(?:had|having)\s+(?:left|gone)\b|"
        r"\b(?:the\s+)?(?:press|public|public\s+gallery|reporters?)\s+(?:went|had\s+gone)\s+home\b", IC)),
    # The public sent out in any words ("once the gallery emptied", "members of the public were shown out"), and the
    # part of the agenda they may not hear ("the exempt bit of the agenda", "the bit the press weren't allowed to see").
    ("public-excluded", re.compile(
        rf"\b{AUDIENCE}\s+(?:(?:were|was|had|have|has|having|got|been|being|then|all|duly|finally|politely)\s+){{0,3}}"
        r"(?:to\s+(?:leave|go|step\s+out(?:side)?|wait\s+outside|clear\s+off)|"
        r"(?:asked|told|invited|made|requested)\s+to\s+(?:leave|step\s+out(?:side)?|go\s+(?:out|home)|withdraw|"
        r"wait\s+outside|exit)|(?:sent|shown|ushered|shooed|kicked|turned|escorted|moved|walked|filed|cleared|herded)\s+"
        r"(?:out|home|away|outside|off)|shown\s+the\s+door(?!\s+(?:of|to|into|for)\b)|excluded|removed|withdrew|withdrawn|locked\s+out|shut\s+out|kept\s+out|"
        r"barred|emptied|departed|(?:left|gone)\b(?!\s+(?:a|an|the|their|our|some|comments?|feedback)\b))|"
        rf"\b{AUDIENCE}\s+(?:had|having)\s+(?:then\s+|all\s+)?left\s+the\s+(?:room|chamber|building|meeting|hall)\b|"
        rf"\b(?:sent|showed|shown|ushered|asked|kicked|turned|shooed|escorted|cleared|moved|got|kept|shut|locked|threw)\s+"
        rf"{AUDIENCE}\s+(?:out|home|away|outside|to\s+leave|to\s+go)\b|"
        r"\b(?:room|chamber|gallery)\s+(?:was\s+|had\s+been\s+|being\s+|been\s+)?(?:cleared|emptied)\b|"
        r"\b(?:cleared|emptied)\s+(?:the\s+)?(?:room|chamber|public\s+gallery|gallery)\b|"
        rf"\b(?:without|in\s+the\s+absence\s+of|with)\s+{AUDIENCE}\s+(?:present|in\s+the\s+room|there|watching|"
        r"excluded|removed|out\s+of\s+the\s+(?:room|way|chamber)|gone|outside)\b|"
        r"\bdoors?\s+(?:were\s+|was\s+|had\s+been\s+|being\s+|got\s+)?(?:shut|closed|locked)\s+(?:to|on)\s+(?:the\s+)?"
        r"(?:public|press|residents|reporters)\b|\b(?:shut|closed|locked)\s+the\s+doors?\s+(?:on|to)\s+(?:the\s+)?"
        r"(?:public|press|residents|reporters)\b|"
        rf"\b(?:{AUDIENCE}|residents)\s+(?:weren't|were\s+not|wasn't|was\s+not|couldn't|could\s+not)\s+(?:allowed|permitted|"
        r"invited|able)\s+to\s+(?:hear|see|attend|stay|know|be\s+there)\b|"
        r"\b(?:meeting|session|room|part)\s+(?:that\s+)?(?:you|the\s+public|residents|the\s+press)\s+(?:weren't|were\s+not|"
        r"aren't|are\s+not)\s+(?:allowed|let)\s+(?:in|into)\b|"
        r"\b(?:bit|part|section|items?|business|stuff|session|half)\s+(?:that\s+|which\s+)?(?:the\s+)?"
        r"(?:public|press|residents|you|reporters)\s+(?:weren't|were\s+not|aren't|are\s+not|can't|cannot|couldn't|"
        r"could\s+not|don't|didn't|never|won't)\s+(?:\w+\s+){0,2}?(?:hear|see|attend|know|allowed|invited|told)\b|"
        r"\bexempt(?:ed)?\s+(?!(?:from|for|under|by|to|of|and)\b)[\w'-]+\s+(?:items?|bits?|part|section|portion|"
        r"business|session|matters?|reports?|papers?|minutes|agenda)\b|"
        r"\b(?:confidential|private|closed|exempt|secret|closed-door|hidden)\s+(?:part|bit|section|portion|end|half|"
        r"items?)\s+of\s+(?:the\s+|tonight's\s+|last\s+night's\s+|our\s+)?(?:agenda|meeting|evening|session)\b",
        IC)),
    # The Public Bodies (Admission to Meetings) Act 1960, named or paraphrased: the law that shuts the public out.
    ("closed-law", re.compile(
        r"\badmission\s+to\s+meetings\b|\b(?:1960\s+act|act\s+of\s+1960)\b|"
        r"\b(?:law|act|legislation|rules?|powers?)\s+(?:that\s+|which\s+)?(?:lets?|allows?|allowing|letting|"
        r"entitles?|permits?)\s+(?:the\s+)?(?:council|councils|us|members|committees?|them)\s+(?:to\s+)?"
        r"(?:exclude|shut|keep|kick|throw|send|lock|meet\s+in\s+private)\b", IC)),
    ("confidential-paper", re.compile(
        rf"\bconfidential\s+(?:(?:{QUALIFIERS})\s+){{0,2}}(?:{PAPERS})\b|"
        # local government's name for the exempt papers, printed on pink: "page 3 of the pink papers"
        r"\bpink\s+(?:papers?|pages?|sheets?|reports?|agenda)\b|"
        # "We were handed a sealed envelope at the end of tonight's meeting - the shortlist for the new Town Clerk"
        r"\bsealed\s+envelopes?\b|"
        r"\bmarked\s+(?:as\s+)?(?:confidential|private|restricted|not for publication)\b|"
        r"\bnot[\s-]+for[\s-]+(?:publication|public[\s-]+(?:circulation|release|consumption))\b|"
        r"(?:^|(?<=[\s(\[]))(?:strictly\s+)?confidential\s*(?:[:\u2013\u2014]|-\s)|"
        r"\brestricted\s+(?:agenda\s+)?(?:item|paper|report|document|appendix|appendices|briefing|minutes|pack)s?\b|"
        # "The consultant's report that was kept off the public agenda"
        r"\b(?:kept|left|held\s+back|taken|withheld)\s+(?:off|out\s+of|from)\s+the\s+(?:public\s+)?(?:agenda|papers|website)\b|"
        r"\bcommercially\s+sensitive\b|\bcommercial(?:ly)?\s+confidential(?:ity)?\b|"
        # legal advice covered by legal professional privilege: "our solicitor's privileged advice"
        r"\b(?:legally\s+)?privileged\s+(?:legal\s+)?(?:advice|opinion|briefing|report|papers?|information|letter)\b",
        IC)),
    ("in-confidence", re.compile(
        r"\b(?:told|said|shared|given|gave|passed|sent|shown|showed|handed|mentioned|briefed)\s+(?:to\s+)?(?:me|us|members|"
        r"councillors)?\s*in\s+(?:strict(?:est)?\s+)?confidence\b|"
        r"\b(?:discussed|debated|done|agreed|decided|heard|considered|received|given|shown|handed)\b[^.!?\n]{0,60}?"
        r"\bin\s+(?:strict(?:est)?\s+)?confidence\b|"
        r"(?:^|(?<=[.!?:]\s)|(?<=\n))confidentially\s*,", IC)),
)
# Telling words, what a paper says, or money: disclosure whatever else the sentence holds.
# Every alternative but "£" starts at a word boundary; grouped under one \b (with "£", which cannot start at one,
# after them) the pattern is tried at half the cost: it reads up to 600 characters for every reference judged.
TELLING = re.compile(
    r"\b(?:\breveal(?:s|ed|ing)?\b|\bleak(?:ed|s|ing)?\b|\bcan\s+(?:now\s+)?(?:tell|reveal|confirm|share|say|disclose)\b|"
    r"\bbetween\s+(?:you\s+and\s+me|ourselves|us)\b|\boff\s+the\s+record\b|\b(?:don't|do\s+not)\s+tell\b|"
    r"\bsh+h\b|\U0001F92B|\bhush[\s-]hush\b|\bmum['’]?s\s+the\s+word\b|"
    # the part told after a warning: "Fine. Here's what I will say: the reserves are £212,000 lower"
    r"\bhere['’]?s\s+what\s+I\s+(?:will|can|['’]ll|am\s+going\s+to)\s+(?:say|tell\s+you)\b|"
    r"\bshouldn't\s+(?:really\s+)?(?:say|tell|share|be\s+telling)\b|"
    r"\bnot\s+(?:supposed|meant|allowed)\s+to\s+(?:say|tell|share|disclose)\b(?!\s+(?:anything|owt|a\s+word|much|more)\b"
    r"|\s*(?:[.;!…]|,\s*(?:and|so)\b|$))|\byou\s+didn't\s+hear\b|"
    r"\bwhat\s+they\s+don't\s+want\b|\bgot\s+(?:hold\s+of|a\s+copy)\b|\bobtained\b|\bscreen\s?shots?\b|"
    r"\bword\s+is\b|\ba\s+little\s+bird\b|\bspill(?:ing|ed)?\s+the\s+beans\b|\bspoilers?\b|"
    # "It'll be in the Advertiser sooner or later so I may as well say it: ..."
    r"\b(?:may|might)\s+as\s+well\s+(?:say|tell\s+you|share)\b|"
    # "but I'll be straight with you: it's about shutting the TIC", "Key line: '...' ... so I'm making it public"
    r"\b(?:be|being)\s+(?:straight|honest|upfront|open|level)\s+with\s+you\b|\blevel\s+with\s+you\b|\bcome\s+clean\b|"
    r"\bkey\s+(?:line|quote|paragraph|bit|figure|sentence|finding)s?\s*:|\bshort\s+version\s*:|\btl;?dr\b|\bmaking\s+(?:it|this|them)\s+public\b|"
    r"\bgoing\s+public\s+with\b|\b(?:people|residents|you|everyone)\s+(?:ought\s+to|should|need\s+to)\s+know\b|"
    r"\bcan(?:'t|not|’t)\s+say\s+(?:much|too\s+much|more|a\s+lot)\s*,?\s+but\b|"
    r"\b(?:report|paper|papers|appendix|document|minutes|advice|valuation|valuer|briefing|figures|email|memo|letter|review|"
    r"opinion|counsel|barrister|"
    r"note|draft|it)(?:\s+[\w']+){0,3}?\s+(?:says?|said|shows?|showed|states?|stated|recommends?|recommended|reveals?|revealed|confirms?|"
    r"confirmed|suggests?|suggested|proposes?|proposed|puts|values?|valued|lists?|names?|estimates?|estimated|"
    r"warns?|warned)\b|"
    r"\b\d[\d,.]*\s?(?:k|m|million|thousand|grand|bn|billion)\b|\b\d{1,3}(?:\.\d+)?\s?%|"
    # A source passing it on, or what the paper is like: "a whistleblower tells me", "the report is damning".
    r"\b(?:whistle-?blowers?|sources?|insiders?|moles?|contacts?)\s+(?:[\w-]+\s+){0,3}?(?:tells?|told|says?|said|"
    r"confirms?|confirmed|informs?|informed|has\s+told|have\s+told)\b|"
    r"\bI(?:'m|’m|\s+am|'ve\s+been|\s+have\s+been)\s+(?:reliably\s+)?(?:told|informed)\b|"
    r"\b(?:is|was|are|were|makes?\s+for|reads?\s+as|looks?)\s+(?:\w+\s+)?(?:damning|explosive|scathing|shocking|"
    r"devastating|dire|grim|alarming|embarrassing|horrifying|appalling|eye-opening|eye-watering|a\s+bombshell|"
    r"dynamite|a\s+scandal|a\s+disgrace)\b)|£\s?\d"
    # the finger to the lips after a space: no word boundary stands before an emoji
    r"|\U0001F92B",
    IC,
)
# Pointing at the material: disclosure unless the sentence is an agenda notice ("agenda attached").
POINTING = re.compile(
    r"\battached\b|\bphotos?\s+of\b|\bcopy\s+of\b|\bhere(?:'s|\s+is|\s+are)\s+(?:the|a|what)\b|"
    # (not the writer's own reading: "I've read it and I have questions for officers")
    r"(?<!\bi['’]ve\s)(?<!\bi\shave\s)(?<!\bi\s)(?<!\bwe['’]ve\s)\bread\s+(?:it|the\s+whole|for\s+yourselves?)\b"
    r"|\bsee\s+for\s+yourselves?\b|\bin\s+full\b|"
    r"\bfull\s+details\b|\b(?:sharing|publishing|posting|releasing|circulating|putting\s+out)\s+(?:the|this|a|it|"
    r"them)\b|\bdeserve\s+to\s+(?:know|see|read)\b(?!\s+(?:why|how|whether|if)\b)"
    # "Snapped the pink papers ... so you can all see 👇" (papers published "including" a closed one: INCLUDED_CLOSED)
    r"|\bsnapped\b|\bso\s+(?:you|everyone|residents)\s+can\s+(?:all\s+)?see\b|\U0001F447|\U0001F4CE",
    IC,
)
# What was decided or heard: disclosure unless the sentence is an agenda notice.
OUTCOME = re.compile(
    r"\b(?:agreed|decided|voted|approved|rejected|turned\s+down|accepted|refused|chose|settled|awarded|offered|"
    r"paid|sacked|dismissed|suspended|sold|bought|signed\s+off|rubber-stamped|backed|blocked|scrapped|"
    r"shortlisted|appointed|disciplined|made\s+redundant|resigned|admitted|discovered|learned|learnt|"
    r"found\s+out|were\s+shown|showed\s+us|told\s+(?:us|me|members|councillors)|(?:were|was|been)\s+told|"
    r"heard\s+that|resolved\s+to\s+(?!exclude)|resolved\b(?![^.!?]{0,40}\bexclu)|reported\s+that|"
    r"explained\s+that|confirmed\s+that|warned\s+that)\b|"
    # who gets a lease or a contract, and on what terms: "The new lessee will be Brackley Youth FC, on a 25-year term"
    r"\bnew\s+(?:lessee|tenant|leaseholder|operator|contractor|provider|supplier|owner|buyer|purchaser)\s+"
    r"(?:will\s+be|is\s+to\s+be|is|was)\b|\bpreferred\s+bidder\s+(?:is|was|will\s+be)\b|"
    r"\bon\s+an?\s+\d+[\s-]year\s+(?:term|lease)\b|\bpeppercorn\s+rent\b|"
    # a standards finding: "We found the member breached the code on two counts and we're recommending training"
    r"\bfound\s+(?:that\s+)?(?:the\s+)?(?:member|councillor|clerk|officer|cllr)\b|\bbreached\s+the\s+(?:code|rules)\b|"
    r"\b(?:we['’]re|we\s+are|they['’]re|they\s+are)\s+recommending\b|"
    # what officers propose: "the recommendation is to halve it from September"
    r"\b(?:recommendation|proposal|plan|suggestion|advice)\s+(?:is|was)\s+(?:to|that)\b|"
    r"\b(?:officers|the\s+clerk|the\s+report|they)\s+(?:recommend|recommends|propose|proposes|want)\s+(?:to|that|we)\b|"
    # notice served: "short version: they're getting notice at the end of the quarter"
    r"\b(?:getting|given|get|got|served|receiving|handed)\s+(?:their\s+|its\s+|his\s+|her\s+)?notice\b|"
    # what a paper found: "the draft audit found the petty cash unreconciled"
    r"\b(?:it|report|audit|review|investigation|inquiry|auditors?|investigator)\s+(?:has\s+|had\s+)?found\b|"
    r"\b(?:was|were|is)\s+(?:a|an|the|about|just|our|his|her)?\s*(?:[\w'’-]+\s+){0,2}?(?:pay-?off|pay-?out|"
    r"settlement|redundancy|bonus|pay\s+rise|compensation|sacking|dismissal|disciplinary|lawsuit|legal\s+claim)\b|"
    r"\b(?:said|claimed|argued|suggested|admitted)\s+(?:that|we|the|it|they|he|she)\b|"
    r"\b(?:was|were)\s+(?:all\s+|really\s+)?about\b|"
    r"\b(?:we|members|councillors|i)\s+(?:were\s+|was\s+)?(?:heard|learned|learnt|told|informed|briefed\s+that)\b|"
    # not the generic "you": "which is how it has to be when you're buying land"
    r"\b(?<!you)(?<!you\s)(?:is|are|['’]re|['’]s)\s+(?:buying|selling|closing|sacking|cutting|scrapping|demolishing|axing|settling|paying|"
    # "they're planning a dispersal order", "the police are putting in hidden cameras": plans told
    r"planning\s+(?:a|an|to)|putting\s+in|bringing\s+in|installing|introducing|rolling\s+out|"
    r"giving|handing|leasing|letting|off|leaving|going|gone|finished|history|toast)\b|"
    # a tenant told they must go: "they're out at the end of the summer" (not "the secret's out", "we're out of time")
    r"\b(?:they|tenants?|lessees?|the\s+(?:[\w'’-]+\s+){0,2}?(?:club|society|group|tenants?|caf[eé]|lessees?"
    r"|association|trust))\s*(?:['’]re|are|will\s+be)\s+out\b(?!\s+(?:of|and|in\s+force|for))|"
    r"\b(?:done\s+deal|went\s+with|gone\s+with|going\s+with|opted\s+for|plumped\s+for|picked|got\s+the\s+(?:contract|job|"
    r"deal|nod|go-ahead))\b|"
    r"\b(?:is|are|was|were|being|been)\s+(?:being\s+)?(?:terminated|cancelled|canceled|ended|outsourced|sold|"
    r"closed|cut|scrapped|axed|sacked|suspended|dismissed|leased|privatised|re-?tendered|re-?negotiated|renewed|extended|"
    r"transferred|handed\s+(?:over|back)|mothballed|demolished|written\s+off)\b|"
    r"\bdecisions?\s*[:\u2013\u2014-]|\b(?:findings?|verdict|outcome|upshot|conclusions?)\s*[:\u2013\u2014-]|"
    r"\b(?:very\s+much\s+)?on\s+the\s+cards\b|\b(?:goes|went|is\s+going|was\s+awarded|awarded)\s+to\b|"
    r"\b(?:announced|confirmed|admitted)\b|\bwill\s+(?:shut|close|go|end|stop|be\s+shut)\b|"
    # who is in the running: "the shortlist for the new Town Clerk. Three candidates, one of them internal"
    r"\bshortlist\s+(?:for|of|is)\b|\b(?:two|three|four|five|six|\d)\s+candidates\b|"
    # "the pool refurb quote has come back at nearly double", "officers are talking about shutting it for 18 months"
    r"\b(?:came|come|comes|coming)\s+back\s+at\b|\b(?:talking|thinking)\s+about\s+(?:shutting|closing|selling|scrapping|"
    r"cutting|axing|mothballing|demolishing)\b|"
    # "the tender scores in the private papers were 78 for Kingsway", "so it's Kingsway doing the grass cutting"
    r"\b(?:scores?|bids?|quotes?|prices?|valuations?|offers?)\b[^.!?\n]{0,40}?\b(?:were|was|came\s+(?:in\s+)?at|came\s+to)"
    r"\s+£?\d|\bit['’]?s\s+(?-i:[A-Z])\w+\s+(?:doing|getting|taking|running|winning|who\s+(?:got|won|gets))\b|"
    # what the council will do: "the Council will be objecting to the supermarket application"
    r"\bwill\s+be\s+(?:objecting|supporting|refusing|approving|recommending|buying|selling|bidding|suing)\b|"
    # the papers' numbers: "Tender scores for grounds maintenance: GreenScape 71, Brackley Landscapes 64",
    # "GreenScape cheapest by abt £9k", "the top bid scored 82"
    r"\b(?:scores?|scoring|rankings?|bids?|quotes?|prices?|costings?|valuations?|tenders?)\b[^.!?:\n]{0,40}:\s*"
    r"[\w&'’ -]{2,40}?\s+£?\d|\b(?:cheapest|dearest|most\s+expensive|lowest|highest)\s+(?:by|at|bid|bidder|tender"
    r"|quote|score|price)\b|\bscored\s+\d|"
    # "the Council will not renew the lease", "won't be extending the contract"
    r"\b(?:will|won't|will\s+not)\s+(?:not\s+|no\s+longer\s+|now\s+)?(?:be\s+)?(?:renew|extend|sell|buy|pay|terminate|"
    r"appoint|award|accept|offer|settle|lease|proceed|pursue|prosecute|sue)(?:ing)?\b|"
    r"\b(?:going|plans?|planning|wants?|intends?)\s+to\s+(?:sell|buy|close|sack|cut|shut|demolish|axe|scrap|"
    r"build|lease|dispose|outsource|settle|pay)\b|\bwill\s+be\s+(?:sold|closed|sacked|cut|demolished|axed|"
    r"scrapped|made\s+redundant)\b",
    IC,
)
# "That's all the Council can say": what follows is the limit, not a disclosure.
THE_LIMIT = (r"\bthat['’]?s\s+(?:all|as\s+much\s+as)\s+(?:\w+\s+){0,3}?(?:can|could|is\s+able\s+to|am\s+able\s+to)\s+"
             r"(?:say|share|tell|disclose)\b")
# Refusing to say, and agenda notices: the lawful, published side of closed business.
REFUSAL = re.compile(
    r"\b(?:can't|cannot|can\s+not|cant|unable\s+to|not\s+able\s+to|won't|wont|will\s+not|couldn't|not\s+at\s+liberty\s+to|"
    r"mustn't|must\s+not|not\s+allowed\s+to|not\s+permitted\s+to)\s+(?:\w+\s+){0,2}?(?:comment|say|discuss|share|"
    r"go\s+into|disclose|talk|reveal|give|tell|publish|release|report|speculate|add"
    # "I won't be sharing them", "can't be disclosing"
    r"|commenting|saying|discussing|sharing|going\s+into|disclosing|talking|revealing|giving|telling|publishing"
    r"|releasing|reporting|speculating|adding)\b"
    # "Can't go into everything, but ...": a partial refusal, then the telling
    r"(?!\s+(?:everything|all\s+of\s+it|it\s+all|all\s+the\s+details|(?:the\s+)?(?:full\s+)?details?|too\s+much|much)\b"
    r"[^.!?]{0,20}\bbut\b)|\bno\s+comment\b"
    # "that was a Part 2 item so I'm bound like the rest of the councillors"
    r"|\b(?:i['’]m|i\s+am|we['’]re|we\s+are)\s+(?:all\s+)?bound\b(?!\s+to\s+(?:say|admit|add))"
    # "a private staffing item at the end which I'm leaving out for obvious reasons"
    r"|\b(?:i['’]m|i\s+am|i['’]ll\s+be|we['’]re|we\s+are)\s+(?:leaving|keeping)\s+(?:that\s+|it\s+|this\s+)?(?:out|back)\b"
    # "not telling you lol, rules are rules", "nothing I can share there yet", "I'd be breaking the rules if I shared"
    r"|\bnot\s+(?:telling|saying|sharing)\b(?!\s+(?:you\s+)?(?:anything\s+)?(?:new|everything)\b)"
    r"|\b(?:nothing|not\s+much|not\s+a\s+lot)\s+(?:that\s+)?(?:i|we)\s+can\s+(?:say|share|tell|add|go\s+into)\b"
    r"|\b(?:i['’]d|i\s+would|we['’]d|we\s+would)\s+be\s+breaking\s+(?:the\s+)?(?:rules|code|law|confidentiality)\b"
    rf"|{THE_LIMIT}",
    IC,
)
NOTICE = re.compile(
    r"\b(?:will|shall|is\s+expected\s+to|are\s+expected\s+to|may|is\s+likely\s+to|is\s+due\s+to|to\s+be|"
    r"is\s+to|are\s+to)\s+(?:then\s+)?(?:go|move|be\s+taken|be\s+held|be\s+considered|be\s+discussed|"
    r"be\s+dealt\s+with|resolve|exclude|be\s+excluded|be\s+asked|be\s+briefed|be\s+circulated|be\s+sent|"
    r"be\s+issued|be\s+looked\s+at|be\s+reviewed|be\s+assessed|be\s+scored|be\s+evaluated|be\s+opened"
    r"|be\s+weighed\s+up)\b|"
    r"\b(?:resolution|resolve|resolved|motion|propos(?:e|al|ed))\s+(?:\w+\s+)?to\s+exclude\b|"
    r"\bby\s+virtue\s+of\b|\badmission\s+to\s+meetings\b|\bparagraph\s+\d|\blocal\s+government\s+act\b|"
    r"\bagenda\b|\bthe\s+following\s+item\b|\bto\s+consider\b|\bsummons\b|\b(?:will|shall|to)\s+be\s+@",
    IC,
)
# The weaker signs below tie a closed-business reference to its substance without a decision verb: a topic
# ("the Part II item on the market lease"), a vote count, what was discussed, a bidder or a staffing matter.
VOTE = re.compile(
    r"\b(?:went|voted|vote|votes|carried|passed|lost|defeated|won|split|decided|approved|rejected)\s*[:,]?\s+"
    r"(?:[\w-]+\s+){0,2}?\d{1,2}\s*(?:-|\u2013|\u2014|to)\s*\d{1,2}\b|"
    r"\b\d{1,2}\s*(?:-|\u2013|\u2014|to)\s*\d{1,2}\s+(?:vote|votes|in\s+favour|against|majority|split)\b|"
    r"\bunanimous(?:ly)?\b|\bby\s+(?:one|two|three|a\s+single|\d+)\s+votes?\b|"
    r"\bwent\s+(?:through|ahead|against|our\s+way|their\s+way|in\s+favour|the\s+way)\b",
    IC,
)
DISCUSSED = re.compile(
    r"\b(?:discuss(?:ed|ing)|debat(?:ed|ing)|talked\s+(?:about|through)|went\s+through|looked\s+at|"
    r"heard\s+about|briefed\s+on|updated\s+on)\b",
    IC,
)
# "What is discussed in Part II stays there": a rule about closed business, not a disclosure of it.
GENERIC = re.compile(
    r"\b(?:what(?:ever)?|anything|everything|nothing|items?|matters?|business|things?|stuff|some|which|that)\s+"
    r"(?:we\s+|is\s+|are\s+|was\s+|were\s+|gets?\s+|get\s+|that\s+|which\s+)*(?:discussed|debated)\b",
    IC,
)
PARTY = re.compile(
    r"\b(?:negotiat(?:ing|ions?|ed|es?)|in\s+talks|talks\s+with|bids?\s+from|bidders?|tenders?\s+from|"
    r"offers?\s+from|preferred\s+(?:bidder|supplier|partner|contractor|buyer)|shortlist(?:ed)?|"
    r"restructur(?:e|ing)|redundanc(?:y|ies)|(?:posts?|jobs?|roles?)\s+(?:are|is|will\s+be)\s+(?:going|cut|lost|"
    r"deleted|axed)|disciplinary|grievance|tribunal|settlement\s+agreement|(?:legal|court)\s+(?:action|case|claim)|"
    r"compensation|pay[\s-]?off|sell[\s-]?off)\b|"
    r"\b(?-i:[A-Z][\w&'-]+\s+)(?-i:Ltd|Limited|plc|PLC|LLP|Homes|Developments|Construction|Group|Estates|"
    r"Properties|Contractors|Builders)\b",
    IC,
)
# A closed-business noun with what it was about: "the Part II item on the market lease", "P2 discussion re: ...".
TOPIC = re.compile(
    r"^\s*,?\s*(?:(?:tonight|today|yesterday|last\s+night|this\s+(?:evening|morning|afternoon|week))\s*,?\s*)?"
    r"(?:on|about|regarding|concerning|re:?|relating\s+to|over)\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?"
    r"(?!(?:agenda|meeting|evening|night|day|morning|afternoon|weekend|week|month|year|website|record|law)\b)\w",
    IC,
)
# The item named outright: "Closed-door item tonight was the Mayor's charity account", "confidential item 9 = the
# skate park"; not how it went ("the closed session was the longest yet").
NAMED_AS = re.compile(
    r"^\s*(?:\d+[a-z]?\s*)?(?:(?:tonight|today|yesterday|last\s+night|this\s+(?:evening|morning|afternoon))\s+)?"
    r"(?:=\s*|(?:was|were|is)\s+(?:about\s+|all\s+about\s+|on\s+|regarding\s+|the\s+(?!\w+est\b|first\b|last\b|usual\b"
    r"|same\b|only\b|one\b|bit\b|part\b|most\b|least\b|longest\b|shortest\b|reason\b|right\b|wrong\b)))\w",
    IC,
)
ITEM_NOUN = re.compile(r"(?:item|business|matter|session|discussion|debate|bit|part)s?$", IC)
# A topic is told only with how the item went: "the Part II item on the lease was deferred / got heated".
TOPIC_EVENT = re.compile(
    r"\b(?:was|were|went|got|came|had|has\s+been|have\s+been|ended|took|lasted|dragged|heated|lively|tense|fiery|"
    r"long|short|tonight|last\s+night|this\s+evening|yesterday|today"
    # what was asked for in it: "police briefed us privately about the skate park and want it shut after 8pm"
    r"|want|wants|wanted|plan|plans|planned|propose|proposes|proposed|will|going\s+to)\b",
    IC,
)
# Leave given to tell it ("they've said I can share it", "cleared to post"): BENIGN's and PERMITTED's words.
LEAVE_GIVEN = (r"(?:said|told\s+(?:me|us)|agreed)\s+(?:that\s+)?(?:i|we)\s+(?:can|could|may)\s+"
               r"(?:share|post|say|mention|tell)|(?:cleared|happy\s+for\s+(?:me|us))\s+to\s+(?:share|post|say|mention)")
# Leave to tell it, given by whoever held it, or the council's own word that it can now be told.
PERMITTED = re.compile(rf"\bthe\s+council\s+can\s+(?:now\s+)?share\b|\bhas\s+now\s+completed\b|\b(?:{LEAVE_GIVEN})\b",
                       IC)
# Closed business since made public: "the Council has now formally announced ...; I'm delighted this is now public".
NOW_PUBLIC = re.compile(r"\b(?:has|have)\s+now\s+(?:been\s+)?(?:formally\s+|officially\s+|publicly\s+)?(?:announced"
                        r"|published|made\s+public)\b|\b(?:is|are)\s+now\s+(?:public|in\s+the\s+public\s+domain)\b"
                        # "Now that negotiations are complete ... agreed to announce it once the lease was signed"
                        r"|\bnow\s+that\s+(?:the\s+)?(?:negotiations|talks|sale|deal|lease|contracts?)\s+(?:are|is|have|has)\s+"
                        r"(?:been\s+)?(?:complete|completed|concluded|finished|signed|agreed)\b"
                        r"|\bagreed\s+to\s+announce\s+(?:it|this|the\s+\w+)\s+(?:once|when|after)\b", IC)
# Headings and colon-led content: "Discussed in camera this evening: the staff restructure." A heading is short;
# "I voted against going into closed session for the depot item: ..." is a sentence about the procedure.
COLON_CONTENT = re.compile(r"^[^.!?:\n]{0,60}?:\s+(?:[^\s.!?]+\s+){2,}[^\s.!?]", IC)
HEADING_WORDS = 8  # counting the reference itself as one word
# Explaining closed business, promising publication, or a service: not a disclosure of a particular item.
BENIGN = re.compile(
    r"\b(?:why|explain(?:s|ed|ing)?|usually|normally|typically|generally|always|such\s+as|for\s+example|"
    r"e\.g\.|by\s+law|the\s+law|legally|law\s+(?:requires|says)|rules?\s+(?:say|require)|training|"
    r"(?:become|becomes|be\s+made|been\s+made|made|be|is|are|was|were)\s+(?:public|published)|"
    r"publish(?:ed)?\s+(?:once|when|after)|free|helpline|advice\s+(?:service|line)|available|"
    # why it is private, said rightly so, or a report to come: "because it involves commercial negotiations", "which
    # is how it has to be", "exempt for a reason", "will be reported to the next public meeting", "can go public"
    r"(?:because|as|since)\s+(?:it|they|this|that)\s+(?:involves?|concerns?|relates?|is|are|was|were|contains?)|for\s+a\s+(?:good\s+)?reason|"
    r"whether|"
    r"how\s+it\s+(?:has|have|ought|needs?)\s+to\s+be|as\s+it\s+should\s+be|(?:quite\s+)?rightly|"
    r"(?:will|to)\s+be\s+reported|(?:go|goes|going)\s+public|"
    # leave given to tell it: "they've said I can share it", "cleared to post"
    rf"{LEAVE_GIVEN}|"
    r"call\s+us|contact\s+us|drop[\s-]in|book(?:ing)?|support\s+(?:service|line)|reading|read\s+through|"
    r"preparing|prep|homework|ahead\s+of|in\s+advance|escape\s+rooms?|exhibitions?|podcasts?|episodes?|series|novels?|"
    r"films?|theatre|drama|documentary|quiz|(?:a|the|our|new)\s+(?:show|play|game))\b",
    IC,
)
# Non-council groups meeting in closed session: a lantern club's "closed session" is a joke, not Part II.
HOBBY = re.compile(
    r"\s*(?:of|with|for)\s+(?:the\s+|our\s+|my\s+)?(?:[\w'&-]+\s+){0,4}?(?:club|society|choir|band|team|guild|"
    r"association|circle|group|class|coach|trainer|tutor|instructor|therapist|counsellor|photographer|dj|physio|"
    r"stylist|hairdresser|personal\s+trainer)\b|"
    r"\s*(?:of|for)\s+(?:the\s+|our\s+)?(?:[\w'&-]+\s+){0,3}?(?:festival|lantern|carnival|fete|f\u00eate|"
    r"bonfire|fireworks|panto|pantomime|bake|baking|quiz|book|knitting|gardening|bowls|darts|cricket|football|"
    r"rugby|tennis|golf|bridge|chess|whist|bingo|allotment|wi|scouts?|guides|brownies|cubs|pta|friends)\b",
    IC,
)
EMERGENCY = re.compile(r"\b(?:fire\s+(?:drill|alarm)|alarm|evacuat\w*|power\s+cut|flood\w*|gas\s+leak|bomb)\b", IC)
# "The youth club's private session": a club's, not the council's.
CLUB_BEFORE = re.compile(r"\b(?:club|society|choir|band|team|group|class|guild|association|scouts|guides)['’]s?\s+$",
                         IC)
IN_BEFORE = re.compile(r"\b(?:in|into|during|from|at)\s+(?:the\s+|a\s+|tonight's\s+|last\s+night's\s+)?$", IC)
# Another council, named by its place: "the parish council in Devon", "a town council up in Cumbria".
OTHER_COUNCIL = re.compile(r"\b(?:a|another|the|one)\s+(?:parish|town|district|county|city|borough)\s+council\s+"
                           r"(?:in|near|over\s+in|up\s+in|down\s+in|out\s+in)\s+(?-i:[A-Z])", IC)
ATTENDED_BEFORE = re.compile(r"\b(?:in|into|during|at|from|after|out\s+of|left|leaving|sat\s+through)\s+a\s+$", IC)
BOOKING_BEFORE = re.compile(r"\b(?:book|booking|bookable|hire|offer|offers|offering|a|your|1[- ]to[- ]1)\s+$", IC)
# Voting on whether to go private is procedure, not the closed item's outcome.
PROCEDURAL = re.compile(
    r"\b(?:voted|voting|agreed|decided|resolved|chose|opposed|objected)\s+(?:(?:for|against|not|in\s+favour\s+of|to)\s+)?"
    r"(?:go|going|move|moving|take|taking|hold|holding|exclude|excluding|keep|keeping)\s+(?:it\s+|the\s+(?:\w+\s+)?(?:item|"
    r"matter|report|meeting)\s+)?(?:into|in|out\s+of|private|the\s+press|press)\b"
    # "I voted against excluding them": the exclusion voted on, nothing of the item
    r"|\b(?:voted|voting|opposed|objected)\s+(?:against|to)\s+(?:excluding|exclude|shutting\s+out)\s+(?:them|the\s+public"
    r"|the\s+press|residents|everyone)\b"
    # "the depot sale went to private session": where it was taken, not how it ended
    r"|\b(?:went|goes|go|going|gone|was\s+taken|were\s+taken|taken|moved)\s+(?:in)?to\s+(?:a\s+|the\s+)?(?:private|closed"
    r"|confidential|exempt|part\s*(?:ii|2|two))\b",
    IC,
)
# A resolution that says nothing of its content: "resolved to proceed as recommended in the confidential report".
CONTENTLESS = re.compile(
    r"\b(?:resolved|agreed|decided|voted)\s+to\s+(?:proceed|approve|accept|agree|note|adopt)(?:\s+(?:it|them|the\s+"
    r"(?:recommendation|report|proposal)s?))?\s+(?:as\s+(?:recommended|set\s+out|proposed|advised)|in\s+line\s+with)\b"
    r"|\brecords?\s+only\s+that\b"
    # an outcome still to come: "the outcome will be published once agreed"
    r"|\b(?:once|when|until|if|after|before)\s+(?:it\s+(?:is|has\s+been)\s+|it['’]s\s+|they\s+(?:are|have)\s+)?(?:agreed|decided"
    r"|approved|settled|signed|resolved)\b",
    IC,
)
NEGATED_LEAK = re.compile(r"\b(?:no|not|never|deny|denies|denied|nothing|if|whether|asked|asking|claim\w*|accus\w*"
                          r"|alleg\w*|suggest\w*)\b[^.!?]{0,50}\bleak"
                          # a "leak" disowned: "a so-called 'leaked council report' ... It is not a Town Council
                          # document"
                          r"|\b(?:so-called|alleged|supposed|fake|bogus|hoax)\s+['‘\"“]?leak"
                          r"|\bleak[^.!?]{0,80}[.!?]\s+(?:it|this|that)\s+(?:is|was|isn['’]t|wasn['’]t)\s+(?:not\s+)?(?:a\s+|an\s+)?"
                          r"(?:fake|genuine|real|made[\s-]up|(?:town\s+)?council\s+document)", IC)
# Not the stop in "9.40pm" or "£1.2m": a full stop between digits ends nothing.
SENTENCE_END = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?\n])[.!?\n]*\s*")
# A chatty post tells the end of a closed item a sentence later: "It went on for ages. In the end we agreed ...".
RESULT_LEAD = re.compile(r"\s*(?:in\s+the\s+end|eventually|finally|ultimately|(?:the\s+)?(?:upshot|outcome|result|"
                         r"decision|verdict|end\s+result)\b|long\s+story\s+short|net\s+result|short\s+version|"
                         r"bottom\s+line|in\s+short|tl;?dr)", IC)
CLOSED_FRAMES = ("public-excluded", "closed-session", "exempt-item", "closed-law")
# "We agreed to sell it after the public were sent out": an outcome before the exclusion still followed it.
AFTER_BEFORE = re.compile(r"\b(?:after|once|when|since|with|following)\s+(?:[\w']+\s+){0,3}$", IC)
# Business said to be done in public: "resolved in public session", "at Monday's open meeting", "now published".
IN_PUBLIC = re.compile(r"\b(?:in\s+(?:public|open)(?:\s+(?:session|council|meeting|part))?"
                       r"|public\s+(?:session|part|meeting)|open\s+(?:session|council|meeting)|(?:now\s+|been\s+)?published|made\s+public|"
                       r"on\s+(?:our|the)\s+(?:\w+\s+)?website|(?:approved|published)\s+and\s+online|(?:are|is|now)\s+online"
                       # "in the public agenda pack", "set out in the published decision notice"
                       r"|public\s+(?:agenda\s+pack|papers|pack|minutes|reports?)"
                       # "this one was fully public"
                       r"|(?:was|were|is)\s+(?:fully|entirely|completely|all)\s+(?:public|open)"
                       r"|published\s+(?:decision|minutes|notice|report|agenda|papers)"
                       # "the report members saw under embargo has now been released by the council"
                       r"|(?:has|have)\s+(?:now\s+)?been\s+(?:released|put\s+out|made\s+available)\b"
                       # "The sale has now completed and the Council can share the details"
                       r"|has\s+now\s+completed|the\s+council\s+can\s+(?:now\s+)?share\s+the\s+details)\b",
                       re.IGNORECASE)
NOT_BEFORE = re.compile(r"\b(?:not|never|won't|wont|couldn't|can't|cannot|without|nothing|none|than)\b|n't\b", IC)


# Said to be kept back: "legal advice stays confidential", "property matters stay in closed session".
KEPT = re.compile(r"\bkeep\s+(?:them|it|those|that|these)\s+that\s+way\b|"
                  # what will happen in private, not what did: "tenders will be assessed in private by the committee"
                  r"\b(?:will|shall|are\s+to|is\s+to)\s+be\s+(?:assessed|scored|evaluated|considered|discussed|reviewed"
                  r"|decided|looked\s+at|opened)\s+(?:in\s+(?:private|closed\s+session|part\s*(?:ii|2|two)|confidence)"
                  r"|privately)\b|"
                  # a leak's copies asked back: "If someone has sent you what they say is a leaked Part 2 report, ...
                  # Hand it to the Clerk." (not "please don't spread it further yet", said after telling it)
                  r"\b(?:hand|send|give|return)\s+(?:it|them)\s+(?:back\s+)?(?:in\s+)?to\s+the\s+(?:town\s+)?clerk\b|"
                  r"\bconfidential\s+for\s+a\s+reason\b|"
                  r"\bif\s+(?:someone|anyone|somebody)\s+(?:has\s+)?(?:sent|shown|given|forwarded|passed)\s+you\b|"
                  r"\b(?:stays?|remains?)\s+in\s+the\s+(?:pink\s+papers|room|chamber|part\s*(?:ii|2))\b|"
                  r"(?<!n't\s)(?<!n’t\s)(?<!not\s)\b(?:stays?|remains?|kept|staying|remaining)\s+"
                  r"(?:strictly\s+|entirely\s+|completely\s+)?"
                  r"(?:confidential|private|under\s+wraps|in\s+(?:closed|private)\s+session|in\s+part\s*(?:ii|2))\b",
                  IC)
# Keeping it closed, defied: "Was told the paper had to stay confidential. Tough. We've shortlisted three".
DEFIED = re.compile(r"(?:^|[.!?]\s+)(?:tough|too\s+bad|well,?\s+tough|hard\s+luck|sod\s+that|stuff\s+that)\s*[.!]"
                    r"|\bi['’]m\s+not\s+(?:sitting\s+on|keeping\s+quiet\s+about|hiding)\s+(?:it|that|this)\b", IC)
# "Can't talk about it ... What I can say is the repairs finish in June": the public part, after a refusal.
WHAT_I_CAN = re.compile(r"\bwhat\s+(?:i|we)\s+$", IC)
# A guide or training about closed business in general.
# ("training and an apology recommended" is an outcome, not a course.)
GUIDE = re.compile(r"\b(?:guide|guidance|training\s+(?:session|course|day|on|about|for|from|with|by)|webinar|explainer"
                   r"|how\s+(?:local\s+|town\s+|parish\s+)?councils?\s+(?:should|must|can|handle|deal))\b", IC)


# Why business is private, or that it will be told in public: "because it involves a named buyer", "it'll be
# reported to the June meeting".
PROMISED = re.compile(r"\b(?:will|['’]ll|is\s+to|are\s+to)\s+be\s+(?:reported|published|announced|made\s+public)\b"
                      # "The location for next year will be decided by the Events Committee in September": not yet done
                      r"|\b(?:will|is\s+to|are\s+to)\s+be\s+decided\s+(?:by|at|in)\b"
                      # "not for publication until the tenant has been told": held back only till those it concerns know
                      r"|\bnot\s+for\s+publication\s+until\b[^.!?\n]{0,60}\b(?:told|informed|notified)\b"

                      # "the council will announce it and I'll pop it on here"
                      r"|\b(?:will|['’]ll)\s+(?:announce|publish|release)\s+(?:it|them|this|that|the\s+\w+|an?\s+\w+)\b"
                      r"|\bbecause\s+(?:it|they|this|that)\s+(?:involves?|concerns?|relates?\s+to|contains?)\b", IC)


# Closed business spoken of in general, not a meeting's: "Behind closed doors is where too many decisions end up".
GENERIC_SECRECY = re.compile(
    r"\b(?:behind\s+closed\s+doors|in\s+secret|in\s+private)\s+(?:is|are)\s+where\b"
    r"|\btoo\s+(?:many|much)\s+(?:[\w-]+\s+){0,3}?(?:decisions|business|decided|is\s+decided|gets?\s+decided)\b", IC)
LIMIT = re.compile(THE_LIMIT, IC)
# Telling refused by what there is to tell: "nothing I can share", "not a lot we can say yet".
NOTHING_TOLD = re.compile(r"\b(?:nothing|not\s+(?:much|a\s+lot|anything)|little|none\s+of\s+it)\s+(?:that\s+|more\s+)?"
                          r"(?:i|we)\s+(?:am\s+|are\s+)?$", IC)
# Others' belief that business is done in secret, denied: "Some folk are convinced it's all decided behind closed
# doors. It isn't.", "It's a myth that we decide things in private".
BELIEF_DENIED = re.compile(
    r"\b(?:people|folk|folks|residents|critics|some|others|they|everyone|cynics|rumours?|someone|somebody|"
    r"someone['’]s|somebody['’]s|a\s+(?:post|comment|rumour)|posts?)\s+(?:\w+\s+){0,2}?"
    r"(?:think|thinks|believe|believes|are\s+convinced|is\s+convinced|assume|claim|claims|say|says|reckon|suspect"
    r"|imagine|seem\s+to\s+think|saying|claiming|suggesting|posting|posted|claimed|suggested|said)\b[^.!?\n]{0,120}[.!?]+\s*(?:but\s+)?(?:it|that|this|they|we)\s*(?:really\s+)?"
    r"(?:isn['’]?t|is\s+not|['’]s\s+not|aren['’]?t|are\s+not|don['’]?t|do\s+not|wasn['’]?t|weren['’]?t)\b"
    r"|\b(?:it['’]s|it\s+is|that['’]s|that\s+is)\s+(?:a|an)\s+(?:myth|old\s+myth|urban\s+myth)\s+that\b", IC)


# The public part headed as such after a refusal: "No comment on the Part 2 stuff 🤐 The public bit: ...".
PUBLIC_HEADING = re.compile(r"(?:^|[.!?\u2026]\s+|[\u2600-\u27bf\U0001F300-\U0001FAFF]\s*)(?:the\s+|on\s+the\s+)?"
                            r"(?:public|open)\s+(?:bit|side|stuff|items?|business|part|session)\s*[:\u2013\u2014-]", IC)


def _said_public(text: str) -> bool:
    """Say whether a post says its business was done in public ("resolved in public session"), not denied."""
    if PUBLIC_HEADING.search(text):
        return True
    return any(not NOT_BEFORE.search(_last_clause(text[max(0, m.start() - 40):m.start()]))
               and not COMPARED.search(text, max(0, m.start() - 70), m.start())
               and not COMING.search(text, max(0, m.start() - 30), m.start()) for m in IN_PUBLIC.finditer(text))


def _last_clause(before: str) -> str:
    """Return the words after the last clause break ("i wont be saying owt about it, but the " -> "the ")."""
    return CLAUSE_BREAK.split(before)[-1]


# "..., but the public part was good news": a negation before the break is another clause's.
CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\bbut\b")
# The public figure set against the private one: "£212,000 lower than the figure members were given in the public
# meeting" tells the private figure, not that it was public.
COMPARED = re.compile(r"\b(?:than|unlike|compared\s+(?:with|to)|times\s+what|not\s+what|against|versus|vs|whereas)\b"
                      r"(?:[^.!?\n]|\.(?=\d))*$", IC)  # ("£1.4m": a decimal point ends no clause)
# A public meeting still to come says nothing of where tonight's business was done: "come to the next public meeting".
COMING = re.compile(r"\b(?:next|upcoming|forthcoming|future|coming)\s+$"
                    # "I've asked for it to go to a public meeting": a wish, not where it was done
                    r"|\b(?:go|goes|come|comes|be\s+taken|be\s+brought|be\s+put)\s+(?:to|before)\s+(?:a|the)\s+$"
                    # "thanks to everyone who came to the public part": who attended, not where this was done
                    r"|\b(?:came|come|coming)\s+(?:along\s+)?to\s+the\s+$|\b(?:attended|watched|joined\s+us\s+for|stayed\s+for)"
                    r"\s+the\s+$"
                    # "That's before Finance has even met in public": not yet done in public
                    r"|\b(?:before|until|till)\s+(?:[\w'’]+\s+){0,4}$", IC)


# Cheap gate, on the lower-cased text: a post with none of these cannot fire (most posts).
GATE = Alternation(
    r"(?:members|councillors|cllrs)[\s-]+only|part\s*(?:ii|2|two)\b|exempt|schedule\s*12|closed[\s-]+doors?|(?:closed|private|secret|confidential)[\s-]+(?:session|meeting|part|"
    r"committee|panel|"
    r"briefing|workshop|item|business|bit|section)|met\s+in\s+(?:private|secret)|camera|closed\s+doors|"
    r"press\s*(?:and|&)\s*(?:the\s+)?public|(?:press|public|gallery|reporters?)\s+(?:were|was|had|have|has|"
    r"having|withdrew|left|excluded)|confiden|leak|not[\s-]+for[\s-]+public|restricted|commercially|sealed\s+envelope|"
    r"\bp2\b|\bpt\.?\s*(?:ii|2)\b|in\s+private\b|privileged|exclu|pink\s+(?:paper|page|sheet|report|agenda)|"
    r"public|press|gallery|reporter|journalist|observer|audience|media|onlooker|emptied|cleared|1960|"
    r"admission\s+to|(?:lets?|allows?|allowing|letting|entitles?|permits?)\s+(?:the\s+)?(?:council|us|members|"
    r"committee|them)|doors?\s|residents\s+(?:were|was|could)|non-?members|visitors|(?:everyone|everybody)\s+else|"
    r"weren't\s+allowed|were\s+not\s+allowed|privately|secrecy|privilege|went\s+(?:in(?:to)?\s+)?(?:private|camera)|"
    r"(?:gone|moved)\s+(?:in(?:to)?\s+)?private|\((?:private|closed|exempt|part)|hushed|minutes|part\s*b\b|"
    r"webcast|stream|broadcast|camera|kept\s+off|left\s+off|held\s+back|taken\s+off|withheld|"
    r"(?:private|secret)[\"”'’]?[\s-]+(?:paper|report|doc|discussion|debate|vote|hearing|legal)"
)


def sentence_ends(text: str) -> list[int]:
    """Return where each sentence of a text ends (after its punctuation and spaces)."""
    return [m.end() for m in SENTENCE_END.finditer(text)]


BREATH = re.compile(r"\s*(?:fine|anyway|right|so|well|wow|oh|ok|okay|honestly|seriously|sigh|yikes|ugh"
                    r"|brace\s+yourselves|here\s+goes|i\s+won['’]?t|i\s+will\s+not|i['’]ve\s+(?:read|seen)\s+it"
                    r"|i\s+(?:read|saw)\s+it)\W*", IC)


BACK_REFERENCE = re.compile(r"\s*(?:yes|yep|and|but|so)?[\s,]*(?:it|this|that|they|these|those)\s+"
                            r"(?:was|were|is|are|had\s+been|has\s+been)\s+(?:\w+\s+)?$", IC)


def window(text: str, start: int, end: int, ends: list[int]) -> tuple[int, int]:
    """Return where the sentence holding a span starts and where the sentence after it ends."""
    i = bisect_right(ends, start)
    lo = ends[i - 1] if i > 0 else 0
    # "Copy of the legal opinion below. Yes, it was marked not for publication.": "it" is the sentence before's.
    if i > 0 and BACK_REFERENCE.match(text, lo, start):
        lo = ends[i - 2] if i > 1 else 0
    j = bisect_right(ends, end)
    hi = ends[j + 1] if j + 1 < len(ends) else len(text)
    # A next sentence that is only a breath ("Fine.", "I've read it.") is not the next thought: read one more.
    if j + 2 < len(ends) and j < len(ends) and BREATH.fullmatch(text, ends[j], ends[j + 1]):
        hi = ends[j + 2]
    return max(lo, start - REACH), min(hi, end + REACH)


def result_after(text: str, hi: int, ends: list[int]) -> int:
    """Return where the sentence after a window ends when it tells how things ended ("In the end we agreed ..")."""
    if not RESULT_LEAD.match(text, hi):
        return hi
    j = bisect_right(ends, hi)
    return min(ends[j] if j < len(ends) else len(text), hi + REACH)


def sentence_start(start: int, ends: list[int]) -> int:
    """Return where the sentence holding a position starts."""
    i = bisect_right(ends, start)
    return max(ends[i - 1] if i > 0 else 0, start - REACH)


def sentence_end(text: str, end: int, ends: list[int]) -> int:
    """Return where the sentence holding a position ends."""
    j = bisect_right(ends, end)
    return min(ends[j] if j < len(ends) else len(text), end + REACH)


def not_closed_business(kind: str, text: str, start: int, end: int) -> bool:
    """Say whether a "closed session" belongs to a club or a booking ("closed session of the lantern club")."""
    if kind == "closed-session" and WONDERED.search(text, max(0, start - 30), start):
        return True  # "Ever wondered what's behind closed doors on Manor Road? 14 private gardens open": homes shown
    if kind != "closed-session" or not text[start:end].lower().startswith(("closed", "private", "secret")):
        return False
    # "book a private session" offers one; "two hours in a closed meeting" was in one
    booked = BOOKING_BEFORE.search(text, max(0, start - 20), start) is not None \
        and ATTENDED_BEFORE.search(text, max(0, start - 30), start) is None \
        and GIVEN_US.search(text, max(0, start - 40), start) is None
    return (bool(HOBBY.match(text, end, end + 80)) or booked
            or bool(CLUB_BEFORE.search(text, max(0, start - 40), start)))


ATTENDED_PUBLIC = re.compile(r"\b(?:came|come|coming)\s+(?:along\s+)?to\s+the\s+public\s+"
                             r"(?:session|part|meeting|bit)\b", IC)
# Curiosity about what others keep private, to be shown it: "ever wondered what goes on behind closed doors".
WONDERED = re.compile(r"\b(?:ever\s+wondered|wondered|curious(?:\s+about)?|wonder)\s+"
                      r"(?:what['’]s|what\s+(?:is|goes\s+on|happens|lies))\s+(?:behind\s+)?$", IC)


# A refusal taken back at once: "I can't really go into it... oh go on then, seeing as it's you lot".
RELENTED = re.compile(r"\b(?:oh\s+)?go\s+on\s+then\b|\boh\s+(?:alright|all\s+right|ok(?:ay)?|what\s+the\s+heck)\b"
                      r"|\bsod\s+it\b|\bwhat\s+the\s+heck\b|\bseeing\s+as\s+it['’]?s\s+you\b", IC)
# A refusal with nothing told: "unable to comment", "can't share anything yet", "won't be saying anything".
FLAT_REFUSAL = re.compile(r"\b(?:can['’]?t|cannot|can\s+not|unable\s+to|not\s+able\s+to|won['’]?t|will\s+not"
                          r"|not\s+allowed\s+to)"
                          r"\s+(?:\w+\s+){0,2}?(?:comment|share|say|discuss|disclose|go\s+into)\s*(?:(?:anything|any\s+more"
                          r"|more|further|at\s+this\s+stage|yet|on\s+(?:it|this|that))\b|[.,;!]|$)"
                          # "not much I can say about the Manor Road site from the confidential briefing yet"
                          r"|\b(?:nothing|not\s+much|not\s+a\s+lot|little)\s+(?:that\s+)?(?:i|we)\s+can\s+"
                          r"(?:say|share|tell\s+you|add|go\s+into)\b"
                          # "a private staffing item, which I'm leaving out for obvious reasons"
                          r"|\b(?:i['’]m|i\s+am|i['’]ll\s+be)\s+leaving\s+(?:that\s+|it\s+|this\s+)?out\b"
                          # "not saying, sorry!", "not telling you lol"
                          r"|\bnot\s+(?:telling|saying|sharing)(?:\s+(?:you|u|anyone))?\s*(?:[.,;!]|lol|sorry|$)", IC)
# "Heard in the exempt item: police think ... Won't say more": told first, then the refusal.
TOLD_BEFORE = re.compile(r":|\b(?:heard|told|found\s+out|learned|learnt)\b", IC)
BUT_AFTER = re.compile(r"\b(?:but|however|although|though|except|what\s+i\s+can\s+say)\b|:", IC)
# A competition's or a party's secret: "sworn to secrecy by the bake-off judges", "the raffle winners".
CONTEST = re.compile(r"\b(?:bake-?off|judges|judging|competition|contest|raffle|tombola|secret\s+santa|surprise\s+party"
                     r"|best[\s-]kept\s+garden|scarecrow|bonny\s+baby"
                     # a match played with no crowd: "Watched the Saints play behind closed doors on the stream"
                     r"|(?:play(?:ed|ing|s)?|match(?:es)?|games?|fixtures?)\s+(?:\w+\s+){0,2}behind\s+closed\s+doors"
                     r"|without\s+(?:the\s+|a\s+|any\s+)?(?:crowd|fans|spectators|supporters))\b", IC)


# What the writer tells after a refusal is their own news: "... but I can tell you I got home at 11".
OWN_NEWS = re.compile(r"\s+(?:you\s+)?(?:that\s+)?(?:i|i['’]m|i['’]ve|we|we['’]re|my|our)\b", IC)
ASKED_ABOUT = re.compile(r"\b(?:asked|asks|asking|wondered|wondering|whether|question)\b", IC)
# What will happen before the paper is public is no outcome told: "not for publication until the tenant has been told".
UNTIL = re.compile(r"\buntil\b[^.!?;,\n]{0,80}", IC)
# ... nor what happens once it is done: "reported publicly once negotiations are finished".
ONCE_BEFORE = re.compile(r"\bonce\s+(?:the\s+)?(?:\w+\s+){0,2}$", IC)


# Bribery hinted at ("Funny how the firm ... plays golf with half the committee. Brown envelopes anyone?") is the
# offensive check's innuendo, not closed business told: the learned layer weighs its "contract" and "committee".
INSINUATION = re.compile(r"\b(?:funny|strange|odd|interesting|curious)\s+how\b|\bbrown\s+envelopes?\b"
                         r"|\bjust\s+happens?\s+to\b|\b(?:backhanders?|kickbacks?|bungs?)\b[^.!?\n]{0,20}\?", IC)


# Closed papers put out with the public ones: "now online, including the exempt report on the cemetery land".
INCLUDED_CLOSED = re.compile(r"\bincluding\s+(?:the\s+|a\s+)?(?:(?!previously\b|formerly\b|once\b)[\w-]+\s+){0,2}\(?"
                             r"(?:confidential|exempt|part\s*(?:ii|2)|pink|"
                             r"restricted)\b[^.!?\n]{0,20}\b(?:report|appendix|paper|papers|item|annex|valuation)\b"
                             r"(?![^.!?\n]{0,90}\b(?:withheld|not\s+(?:included|published)|removed|redacted"
                             r"|held\s+back)\b)", IC)
# A court's result, told in public: "was convicted at magistrates' court yesterday, according to the court report".
IN_COURT = re.compile(r"\b(?:convicted|sentenced|fined|jailed|found\s+guilty|pleaded\s+guilty|acquitted|cleared)\b"
                      r"[^.!?\n]{0,60}\b(?:court|magistrates|judge|jury)\b", IC)
# The council's own announcement: "The Council is pleased to confirm that ... has been awarded the contract".
ANNOUNCED = re.compile(r"\b(?:pleased|delighted|happy|proud)\s+to\s+(?:confirm|announce|share|report)\b", IC)
# Candour promised, which a refusal may follow as well as a telling.
CANDOUR = re.compile(r"\b(?:be|being)\s+(?:straight|honest|upfront|open|level)\s+with\s+you\b|\blevel\s+with\s+you\b"
                     r"|\bcome\s+clean\b", IC)


# An outcome denied is none told: "nothing decided, it was training".
UNDONE = re.compile(r"\b(?:nothing|not|never|no|none)\s+(?:\w+\s+)?$", IC)


# An outcome still to come is none told: "the winner will be announced publicly".
YET_TO_COME = re.compile(r"\b(?:will|['’]ll|shall|is\s+to|are\s+to|to|going\s+to)\s+(?:then\s+|only\s+)?"
                         r"(?:be\s+|get\s+)(?:\w+ly\s+)?$", IC)


def judge(kind: str, ref: str, around: str, masked: str, own: tuple[str, str]) -> tuple[float, str] | None:
    """Return (score, reason) when the words around a reference disclose something, else None.

    around is the reference's sentence and the next; masked is the same without the reference's own words
    (so "Part 2 of last night's agenda" is not an agenda notice); own is its own sentence before and after ref.
    """
    if kind == "public-excluded" and EMERGENCY.search(around):
        return None  # "the public had to leave during the fire drill"
    if CONTEST.search(around):
        return None  # "sworn to secrecy by the Carnival bake-off judges": a competition's secret, not the council's
    if kind == "leak":
        return None if NEGATED_LEAK.search(around) else (0.9, "a leak of confidential material")
    included = INCLUDED_CLOSED.search(around)
    if included and not REFUSAL.search(around) and not NOW_PUBLIC.search(around):
        # "Papers are now online, including the exempt report on the land purchase": published, the closed part too
        return 0.8, f"shares the material: '{included.group()}'"
    if _said_public(around) or GUIDE.search(around) or (KEPT.search(around) and not DEFIED.search(around)) \
            or BELIEF_DENIED.search(around) \
            or NOW_PUBLIC.search(around) \
            or GENERIC_SECRECY.search(around) or JOKE_TAKEN_BACK.search(around):
        return None  # done or told in public, a guide to closed business, business said to stay closed, a myth denied
    if kind == "in-confidence" and not BUSINESS.search(around):
        return None  # "Confidentially, between you and me and the whole of Facebook: my sponge came second"
    if kind == "in-confidence" and not REFUSAL.search(around):
        return 0.85, "passes on what was said in confidence"
    telling = TELLING.search(around)
    if telling and telling.group().casefold().startswith("leak") and NEGATED_LEAK.search(around):
        telling = None  # "nothing has been leaked" tells nothing
    if telling and any(m.start() <= telling.start() < m.end() for m in LIMIT.finditer(around)):
        telling = None  # "that's all I can share till then": where the telling stops
    if telling and NOTHING_TOLD.search(around, max(0, telling.start() - 24), telling.start()):
        telling = None  # "nothing I can share from the private briefing, I'm afraid"
    if telling and telling.group().casefold().startswith("can") and REFUSAL.search(around) \
            and OWN_NEWS.match(around, telling.end()) and not BUSINESS.search(around, telling.end()):
        telling = None  # "Can't tell you what was discussed, but I can tell you the cat was not impressed"
    if telling and CANDOUR.fullmatch(telling.group()) and REFUSAL.search(around):
        telling = None  # "I'll be straight with you: I can't say what it was about"
    if telling and PERMITTED.search(around):
        telling = None  # "Private meeting with county highways ... they've said I can share it": leave given
    if telling and not (WHAT_I_CAN.search(around, max(0, telling.start() - 12), telling.start())
                        and REFUSAL.search(around)):
        # ("Can't talk about it ... What I can say is ..." tells the public part)
        return 0.85, f"discloses: '{telling.group()}'"
    if (REFUSAL.search(around) and not RELENTED.search(around)) or NOTICE.search(masked) or CONTENTLESS.search(around):
        return None
    pointing = POINTING.search(around)
    if pointing:
        return 0.8, f"shares the material: '{pointing.group()}'"
    told = UNTIL.sub(" ", CONTENTLESS.sub(" ", PROCEDURAL.sub(" ", around)))
    # the reference's own words are no outcome ("the part of the meeting that was closed to the public")
    outcome = next((o for o in OUTCOME.finditer(told) if o.group() not in ref
                    and not YET_TO_COME.search(told, max(0, o.start() - 24), o.start())
                    and not UNDONE.search(told, max(0, o.start() - 16), o.start())
                    and not ONCE_BEFORE.search(told, max(0, o.start() - 40), o.start())), None) or VOTE.search(told)
    if outcome:
        return 0.75, f"reports an outcome: '{outcome.group()}'"
    return substance(kind, told, own, ref)


def colon_content(own: tuple[str, str]) -> re.Match[str] | None:
    """Return the content after a short heading that names closed business ("In camera tonight: the ...")."""
    before, after = own
    m = COLON_CONTENT.match(after)
    if m is None or len((before + " @ " + after[:m.end()].split(":")[0]).split()) > HEADING_WORDS:
        return None
    return m


# A private briefing given to the council ("the police gave us a private briefing") is the council's closed business.
GIVEN_US = re.compile(r"\b(?:gave|given|giving|give|held|arranged)\s+(?:us|members|councillors|the\s+council)"
                      r"\s+an?\s+$", IC)


def loose_private(kind: str, ref: str, before: str) -> bool:
    """Say whether a reference is a private or secret meeting of anyone ("a private meeting with the MP")."""
    return kind == "closed-session" and ref.lower().startswith(("private", "secret")) and not IN_BEFORE.search(before) \
        and not GIVEN_US.search(before)


def substance(kind: str, around: str, own: tuple[str, str], ref: str) -> tuple[float, str] | None:
    """Return (score, reason) when a reference is tied to what the closed item was about, else None."""
    if kind not in ("exempt-item", "exempt-heading", "closed-session", "confidential-paper", "council-term",
                    "public-excluded"):
        return None
    if loose_private(kind, ref, own[0]):
        return None
    if BENIGN.search(around):
        return None
    if kind == "exempt-heading":
        party = PARTY.search(around)
        return (0.7, f"says what it was about: '{party.group()}'") if party else None
    after = own[1]
    topic = TOPIC.match(after) if kind != "confidential-paper" else None
    named = NAMED_AS.match(after) if ITEM_NOUN.search(ref) else None  # not "in camera today was the cat"
    sign = PARTY.search(around) or (topic and TOPIC_EVENT.search(after)) or colon_content(own) or named
    if sign is None and not GENERIC.search(around):
        sign = DISCUSSED.search(around)
    return (0.7, f"says what it was about: '{sign.group().strip()}'") if sign else None


def find_disclosures(text: str, terms: Terms) -> list[tuple[str, int, int, float, str]]:
    """Return (kind, start, end, score, reason) for each reference to confidential business that discloses it."""
    found: list[tuple[str, int, int, float, str]] = []
    ends = sentence_ends(text)
    triggers = list(TRIGGERS) + ([("council-term", terms.extra)] if terms.extra else [])
    weighed = 0
    # Verdicts by what they read: a flood of one trigger ("Part II " 2,000 times) gives the same window for most
    # references, and each fresh verdict runs a dozen long patterns over up to 600 characters (about 2 ms).
    verdicts: dict[tuple[str, str, str, str, tuple[str, str]], tuple[float, str] | None] = {}
    for kind, pattern in triggers:
        for m in pattern.finditer(text):
            weighed += 1
            if len(found) >= MAX_FINDINGS or weighed > MAX_REFERENCES:
                break  # enough evidence; a wall of trigger words costs no more
            lo, hi = window(text, m.start(), m.end(), ends)
            hi = result_after(text, hi, ends) if kind in CLOSED_FRAMES else hi
            if kind == "public-excluded" and not AFTER_BEFORE.search(text, max(lo, m.start() - 40), m.start()):
                lo = m.start()  # done before the public left was done in public ("we agreed X; the press left")
            around = text[lo:hi]
            if terms.allow is not None and terms.allow.search(around):
                continue
            if not_closed_business(kind, text, m.start(), m.end()):
                continue
            quoted = m.start() > 0 and text[m.start() - 1] in "'‘\"“" and text[m.end():m.end() + 1] in "'’\"”"
            if quoted and m.end() < len(text) and ASKED_ABOUT.search(text, max(0, m.start() - 60), m.start()):
                continue  # someone else's phrase asked about: "asked whether we're paid for 'secret meetings'"
            if OTHER_COUNCIL.search(text, sentence_start(m.start(), ends), m.start()):
                continue  # news of another council's closed meeting ("a parish council in Devon where ...")
            # The reference's own words are not notice words ("Part 2 of last night's agenda").
            masked = text[lo:m.start()] + " @ " + text[m.end():hi]
            own = (text[sentence_start(m.start(), ends):m.start()], text[m.end():sentence_end(text, m.end(), ends)])
            key = (kind, m.group(), around, masked, own)
            verdict = verdicts[key] if key in verdicts else verdicts.setdefault(key, judge(*key))
            if verdict is not None:
                found.append((kind, m.start(), m.end(), verdict[0], f"'{m.group()}': {verdict[1]}"))
    return sorted(found, key=lambda f: f[1])


# Confidential matters told without any closed-meeting word (clause 5.1's "anything of a confidential nature"):
# a secrecy cue ("don't tell anyone but", "keep this under your hat", "embargoed until") beside council business,
# a staff member's HR matter, a complaint against a named person, what legal advice says, or a price in a
# negotiation. Each pattern is a frame (who and what), not a phrase list: the subject must be the council's.
SECRECY = Alternation(
    r"\b(?:don['’]?t|do\s+not|please\s+don['’]?t|mustn['’]t)\s+(?:tell|repeat|say|share|spread|mention)\s+(?:this\s+|it\s+)?"
    r"(?:to\s+)?(?:anyone|anybody|a\s+soul|the\s+press|the\s+others|other\s+(?:people|councillors))\b|"
    r"\bkeep\s+(?:this|it|that)\s+(?:(?:very|strictly|just)\s+)?(?:quiet|under\s+your\s+hats?|to\s+yoursel(?:f|ves)|"
    r"between\s+(?:us|ourselves)|hush[\s-]hush|under\s+wraps|schtum|shtum|on\s+the\s+down[\s-]?low)\b|"
    r"\b(?:strictly|just|only)\s+between\s+(?:us|ourselves|you\s+and\s+me)\b|\bentre\s+nous\b|"
    r"\bbetween\s+(?:ourselves|you\s+and\s+me|you,\s+me\s+and\s+the\s+\w+)\b|"
    r"\bnot\s+(?:for\s+sharing|to\s+be\s+(?:shared|repeated)|for\s+(?:wider\s+)?circulation)\b|"
    r"\b(?:for|to)\s+(?:councillors|members|cllrs)['’]?\s+(?:eyes\s+)?only\b|\b(?:councillors|members|cllrs)['’]?\s+eyes\s+only\b|"
    r"\bembargo(?:ed)?\b|\bunder\s+wraps\b|\bhush[\s-]hush\b|\bon\s+the\s+q\.?t\.?\b|"
    r"\byou\s+didn['’]?t\s+hear\s+(?:it|this)\s+from\s+me\b|(?:\bnot|n['’]t)\s+(?:been\s+)?(?:made\s+)?public\s+"
    r"yet\b|(?:\bnot|n['’]t)\s+yet\s+(?:been\s+)?(?:made\s+)?public\b|\bbefore\s+(?:it['’]s|it\s+is|it\s+gets|they)\s+"
    r"(?:officially\s+)?(?:announced|made\s+public|published|official)\b|\boff\s+the\s+record\b|"
    r"\bnot\s+(?:supposed|meant|allowed)\s+to\s+(?:know|say|tell|share|mention)\b|"
    r"\bshouldn['’]?t\s+(?:really\s+)?(?:be\s+)?(?:say|tell|shar|post)\w*\b|"
    r"\b(?:I['’]ll|I\s+will|I\s+can|let\s+me)\s+say\s+(?:this\s+much|only\s+this)\s*[:,-]"
    # "Can't go into detail obviously 😉 but let's just say the quotes were 22k, 27k and 41k"
    r"|\b(?:can['’]?t|cannot|won['’]?t)\s+(?:go\s+into|say|share|give)\b[^.!?\n]{0,30}?\bbut\s+(?:let['’]?s\s+just\s+say"
    r"|suffice\s+(?:it\s+)?to\s+say|put\s+it\s+this\s+way|i['’]ll\s+(?:just\s+)?say\s+this)\b"
    # "Shhh 🤫": a finger to the lips
    r"|\bs+h+h+\b|\U0001F92B",
    IC,
)
# Outcomes that are only news passed on ("she told me", "I heard that"): beside a hush they are gossip, not business.
HEARSAY = re.compile(r"(?:told|heard|said|claimed|learn|found\s+out|were|was|been|discovered|explained|reported"
                     r"|confirmed|warned|announced|admitted)\b", IC)
# A view of one's own after the cue: "Strictly between us, I'd much rather the Ball went back to the Crown".
OWN_VIEW_AFTER = re.compile(r"\W{0,3}\s*I(?:['’]ve|\s+have)\s+(?:never|always)\s+(?:understood|thought|liked"
                            r"|been\s+a\s+fan)\b"
                            r"|\W{0,3}\s*I(?:['’]d|\s+would)?\s+(?:much\s+|really\s+|honestly\s+)?(?:reckon|think|feel|"
                            r"rather|prefer|love|hate|like|suspect|doubt|wish)\b"
                            # "Between you and me I'm not holding my breath": a mood, not business
                            r"|\W{0,3}\s*I['’]m\s+not\s+(?:holding\s+my\s+breath|optimistic|hopeful|convinced)\b"
                            # "Between you and me, I won't be sorry to see the 1970s extension go": a taste
                            r"|\W{0,3}\s*I\s+(?:won['’]?t|will\s+not|wouldn['’]?t|shan['’]?t)\s+(?:be\s+)?(?:sorry|sad|miss|shed\s+a"
                            r"\s+tear|mourn|cry)\b", IC)
# Council business near a secrecy cue: the Santa's-sleigh surprise or a birthday secret is not confidential.
BUSINESS = re.compile(
    r"\b(?:council|committee|clerk|staff|contract|deal|site|land|budget|precept|offer|bid|bidder|decision|decided|"
    r"agreed|vote|voted|meeting|report|plans?|planning|members|councillors?|cllr|mayor|sale|sell|selling|buy|buying|"
    r"lease|legal|solicitor|lawyers?|tribunal|complaint|investigation|developer|depot|library|pavilion|sacked|"
    r"pay|salary|salaries|officers?|proposals?|"
    r"suspended|redundan\w*|restructur\w*|closing|closure|valuation|tender|consultants?|police|audit)\b|£\s?\d",
    IC,
)
STAFF = (
    r"(?:the|our|their|your|a|one\s+of\s+(?:our|the))\s+(?:(?:new|town|parish|deputy|assistant|senior|former|previous|"
    r"acting|interim|old|ex-?)[\s-]+)*"
    r"(?:clerk|rfo|responsible\s+financial\s+officer|caretaker|groundsman|groundskeeper|grounds\s+staff|warden|"
    r"cleaner|handyman|administrator|office\s+manager|finance\s+officer|admin\s+officer|events\s+officer|"
    r"member\s+of\s+staff|staff\s+member|employee|officers?\b(?<!police\sofficer))"
)
HR_EVENT = (
    r"(?:suspen(?:ded|sion)|sacked|fired|dismiss(?:ed|al)|disciplin\w+|grievances?|signed\s+off(?!\s+(?:the|last|this|our"
    r"|its|their|accounts|on|by))|sick\s+leave|"
    r"long[\s-]term\s+sick|(?:with|from|over)\s+stress|tribunal|settlement|pay[\s-]?off|pay[\s-]?out|"
    r"under\s+investigation|being\s+investigated|(?:written|final|formal)\s+warning|let\s+go|capability|"
    r"performance\s+(?:review|issues?|concerns?|plan|problems?)|misconduct|bullying|harass\w*|"
    r"made\s+redundant|escorted\s+(?:out|off)|hr\s+(?:panel|hearing|case|investigation|process|matter|issue)s?|"
    r"appeal\s+hearing|walked\s+out\s+of\s+(?:the|a)\s+(?:hr|disciplinary)|"
    # one person's pay bargained over: "the clerk wants a 10% rise", "a pay rise of 5% for the caretaker"
    r"pay\s+(?:rise|review|claim|award|increase|demand)s?|\d+\s*%\s+(?:pay\s+)?(?:rise|increase)|"
    r"(?:wants?|asked\s+for|demand(?:ed|s)?)\s+(?:a\s+)?\d+\s*%)"
)
HR_MATTER = re.compile(rf"\b{STAFF}\b[^.!?\n]{{0,80}}?\b{HR_EVENT}|\b{HR_EVENT}\b[^.!?\n]{{0,60}}?\b{STAFF}\b",
                       IC)
COMPLAINT = re.compile(
    r"\bcomplain\w*\s+(?:[\w'’-]+\s+){0,5}?(?:against|about|over)\s+(?:(?:cllr\.?|councillor)\s+(?-i:[A-Z])\w+|"
    r"the\s+(?:town\s+)?(?:clerk|mayor|deputy\s+mayor|chair(?:man|woman)?|caretaker|rfo)\b|"
    r"one\s+of\s+(?:our|the)\s+(?:councillors|members|staff))|"
    r"\bcomplain\w*\s+(?:[\w'’-]+\s+){0,5}?against\s+(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+)(?!\s+(?:Road|Street|"
    r"Lane|Park|Close|Way|Avenue|Centre|Hall|Ltd|Bar|Pub|Inn|Arms)\b)|"
    r"\b(?:code\s+of\s+conduct|standards)\s+(?:complaint|investigation|hearing|breach|panel)s?\b|"
    r"\bmonitoring\s+officer\s+(?:is|has|was|will|had)\s+(?:\w+\s+)?(?:investigat|look|uph[eo]ld|rul|found|"
    r"review|assess)\w*",
    IC,
)
LEGAL = re.compile(
    r"\b(?:legal\s+advice|counsel['’]?s\s+(?:opinion|advice)|barrister['’]?s\s+(?:opinion|advice)|"
    r"(?:our|the\s+council['’]?s|the)\s+(?:solicitors?|lawyers?|barrister|counsel|legal\s+team|legal\s+advisers?))"
    r"\b[^.!?\n]{0,60}?\b(?:says?|said|is\s+that|was\s+that|advis(?:ed|es)|told|tells|warn(?:ed|s)|thinks?|"
    r"reckons?|believes?|concluded|suggests?|suggested|would\s+lose|came\s+back|is\s+clear|is\s+in|we['’]?d\s+lose|"
    r"(?:little|no|good|poor|slim)\s+(?:chance|prospects?)|(?:has|have)\s+come\s+back|is\s+back|bottom\s+line|"
    r"(?:would|we['’]?d)\s+(?:probably|likely|almost\s+certainly)\s+lose|(?:weak|shaky|strong|solid)\s+(?:ground|case|"
    r"position))\b",
    IC,
)
# Who is being hired and how they look: "Interviewed the three shortlisted candidates for Town Clerk. My money's on the
# fella from Towcester." A vacancy advertised ("interviews in May") tells nothing.
RECRUITMENT = re.compile(
    r"\b(?:interview(?:ed|s|ing)?|shortlist(?:ed|ing)?|interview\s+panel)\b[^!?\n]{0,80}?\b(?:clerk|rfo|caretaker|"
    r"officer|manager|post|role|job|candidates?|applicants?|people|interviewees)\b[^!?\n]{0,120}?\b(?:strong\s+(?:field|"
    r"candidates?)|weak\s+"
    r"field|my\s+money['’]?s\s+on|i['’]?d\s+(?:pick|choose|go\s+for|appoint|hire)|front-?runner|favourite|(?:the|a)\s+"
    r"(?:fella|bloke|man|woman|lady|one|guy|chap|lad|lass|deputy\s+clerk|clerk)\s+(?:from|who)|(?:was|is)\s+(?:useless|"
    r"hopeless|brilliant|impressive|the\s+best)|didn['’]?t\s+impress|stood\s+out|(?:two|three|one|both|all)\s+(?:of\s+them\s+)?"
    r"(?:are|is|were)\s+local|used\s+to\s+work\s+(?:at|for)|down\s+to\s+(?:two|three|the\s+last))",
    IC,
)
# Who is bidding and how they compare: "the three firms bidding for the CCTV upgrade are Vigil, SecureView and a lad
# from Banbury, and he's cheapest by miles".
BIDS = re.compile(
    r"\b(?:firms?|companies|bidders?|contractors?|suppliers?|tenderers?)\s+(?:bidding|tendering|who\s+(?:bid|tendered)|"
    r"in\s+the\s+running|(?:that\s+)?(?:have\s+)?(?:put\s+in\s+)?bids?)\b[^!?\n]{0,160}?\b(?:cheapest|lowest|dearest|most\s+"
    r"expensive|highest|best\s+value|are\s+(?-i:[A-Z])\w+)",
    IC,
)
DEAL_PRICE = re.compile(
    # ("offers good value for money" is a verdict, not a price put on the table)
    r"\b(?:offer(?:ed|s)?(?!\s+(?:good|great|better|best|excellent|real|value|the\s+best|a\s+chance|support|advice"
    r"|help|free))|counter[\s-]?offer|bids?|bidding|bidder|valuation|valued|asking\s+price|sale\s+price|"
    r"price\s+tag|tender(?:ed|s)?|quoted|negotiat\w+|in\s+talks|talks\s+with|settle\w*)\b"
    r"[^.!?\n]{0,80}?(?:£\s?\d[\d,.]*\s?(?:k|m|million|bn)?|\b\d[\d,.]*\s?(?:k|m|million|grand)\b)|"
    r"(?:£\s?\d[\d,.]*\s?(?:k|m|million|bn)?)[^.!?\n]{0,60}?\b(?:offer(?:ed)?|bid|valuation|asking\s+price|"
    r"counter[\s-]?offer|on\s+the\s+table|to\s+settle|settlement)\b",
    IC,
)
# A price told in public: grants, prizes, tickets, the precept, and contracts already awarded.
PUBLIC_MONEY = re.compile(
    r"\b(?:grants?|fund(?:ing|ed|s)?|lottery|prizes?|raffle|tickets?|entry|donat\w+|sponsor\w*|precept|fees?|"
    r"charity|awarded|winning|successful\s+(?:bid|tender)|contracts\s+finder|band\s+d|per\s+(?:hour|year|month)|"
    r"crowdfund\w*|appeal|raised|free|reserves)\b",
    IC,
)
# An unpublished paper seen and judged: "I've seen the draft audit report and it is damning".
DRAFT_PAPER = re.compile(
    r"\b(?:draft|unpublished|internal|embargoed)\s+(?:[\w-]+\s+){0,2}?(?:report|audit|review|investigation|valuation|"
    r"minutes|findings|letter|memo|email|advice)\b",
    IC,
)
SEEN_OR_JUDGED = re.compile(
    r"\b(?:I|we)(?:['’]ve|\s+have|\s+had|['’]d)?\s+(?:now\s+)?(?:seen|read|got\s+hold\s+of|got\s+a\s+copy|been\s+shown)\b|"
    r"\b(?:damning|explosive|scathing|shocking|devastating|dire|grim|alarming|embarrassing|horrifying|appalling|"
    r"eye-opening|eye-watering|a\s+bombshell|dynamite)\b",
    IC,
)
# "the clerk wants a 10% rise" reports a pay claim; it is not a wish about the clerk.
PAY_WANTED = re.compile(r"\bwants?\s+(?:a\s+)?\d+\s*%", IC)
WISH = re.compile(r"\b(?:should|ought|deserves?|must|needs?\s+to|wants?|would|could|might|if)\b", IC)
HYPOTHETICAL = re.compile(r"\b(?:if\s+you|how\s+to|you\s+can|anyone\s+can|procedure|policy|guidance|form|"
                          r"(?:are|is)\s+(?:handled|dealt\s+with|considered|decided)\s+by|(?:are|is)\s+published)\b",
                          IC)


# Words each pattern cannot match without (lower-case substrings): most posts skip every pattern.
SECRECY_KEYS = ("don't", "don’t", "dont", "do not", "mustn", "keep ", "between", "entre nous", "embargo", "wraps",
                "hush", "q.t", "qt", "hear it", "hear this", "yet", "before it", "before they", "off the record",
                "supposed to", "meant to", "allowed to", "shouldn", "not for", "not to be", "only", "eyes",
                "say this much", "say only this", "shh", "\U0001F92B", "just say", "suffice", "this way", "say this")
MATTERS: tuple[tuple[str, re.Pattern[str], str, tuple[str, ...]], ...] = (
    ("staff-matter", HR_MATTER, "a staff member's HR matter",
     ("suspen", "sacked", "fired", "dismiss", "disciplin", "grievance", "signed off", "sick", "stress", "tribunal",
      "settlement", "pay-off", "payoff", "pay off", "payout", "pay-out", "pay out", "investigat", "warning", "let go",
      "capability", "performance", "misconduct", "bully", "harass", "redundan", "escorted", "hr ", "appeal hearing",
      "pay ", "%")),
    ("complaint", COMPLAINT, "a complaint against a named person", ("complain", "conduct", "standards", "monitoring")),
    ("legal-advice", LEGAL, "what the council's legal advice says",
     ("legal", "counsel", "barrister", "solicitor", "lawyer")),
    ("recruitment", RECRUITMENT, "how a recruitment is going",
     ("interview", "shortlist")),
    ("bids", BIDS, "who is bidding and how they compare", ("bid", "tender", "running")),
    ("negotiation", DEAL_PRICE, "a price in a negotiation",
     ("offer", "bid", "valu", "price", "tender", "quoted", "negotiat", "talks", "settle")),
    ("unpublished-paper", DRAFT_PAPER, "an unpublished paper seen and judged",
     ("draft", "unpublished", "internal", "embargoed")),
)


def _clause(text: str, start: int, end: int) -> str:
    """Return the sentence holding a span (up to REACH characters either side)."""
    lo = max(max(text.rfind(c, 0, start) for c in ".!?\n") + 1, start - REACH)
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[lo:min(min(ends, default=len(text)), end + REACH)]


def find_private_matters(text: str) -> list[tuple[str, int, int, float, str]]:
    """Return (kind, start, end, score, reason) for confidential matters told without a closed-meeting word."""
    low = text.lower()
    found: list[tuple[str, int, int, float, str]] = []
    for m in SECRECY.finditer(text) if SECRECY_GATE.search(low) else ():
        own = _clause(text, m.start(), m.end())
        if REFUSAL.search(own) or not BUSINESS.search(text, max(0, m.start() - 200), m.end() + 200) \
                or _said_public(text) or JOKE_TAKEN_BACK.search(text):
            continue
        # A finger to the lips hushes a baby or a library as often: it tells only beside an outcome told.
        hush = not m.group()[:1].isalpha() or m.group()[:2].lower() == "sh"
        if hush and not any(not HEARSAY.match(o.group())
                            for o in OUTCOME.finditer(text, max(0, m.start() - 200), m.end() + 200)):
            continue
        if OWN_VIEW_AFTER.match(text, m.end()):
            continue  # "Between you and me, I reckon ...": an aside before a view of one's own, not business told
        found.append(("secrecy", m.start(), m.end(), 0.85, f"'{m.group()}': tells council business in confidence"))
        break
    # "That's all the Council can say", "I won't speculate", "the outcome will be published": a post that marks
    # where it stops tells that a matter exists, which is public, and keeps back what it is.
    withheld: bool | None = None  # asked only when a matter's words are there: most posts have none
    gates = zip(MATTERS, MATTER_GATES, strict=True) if MATTER_ANY.search(low) is not None else ()
    for (kind, pattern, reason, _), gate in gates:
        if gate.search(low) is None:
            continue  # one search of the matter's literal words costs far less than its regex
        if kind in ("staff-matter", "complaint", "legal-advice"):
            withheld = WITHHELD.search(text) is not None if withheld is None else withheld
            if withheld:
                continue
        for m in pattern.finditer(text):
            own = _clause(text, m.start(), m.end())
            if HYPOTHETICAL.search(own) or BENIGN_MATTER.search(own) or BELIEF_DENIED.search(text):
                continue  # "Someone's been saying the clerk was sacked. That isn't true": a rumour put down
            if kind == "unpublished-paper" and not SEEN_OR_JUDGED.search(own):
                continue
            if (kind == "negotiation" and (PUBLIC_MONEY.search(own) or _said_public(text))) or _said_public(own):
                # "The tender report was published with the agenda. Lowest bid £86k", "The settlement with the former
                # caretaker was reported to full council in public"
                continue
            if kind == "staff-matter" and WISH.search(PAY_WANTED.sub(" ", own)):
                continue  # "the clerk should be sacked" is an opinion (offensive's question), not an HR matter
            found.append((kind, m.start(), m.end(), 0.75, f"'{m.group()[:60]}': {reason}"))
            break
    return sorted(found, key=lambda f: f[1])


SECRECY_GATE = any_of(SECRECY_KEYS)
# Each matter's literal words as one pattern, searched in the lower-cased text.
MATTER_GATES = tuple(re.compile("|".join(map(re.escape, keys))) for _, _, _, keys in MATTERS)
# Any matter's words at all: one search turns away the posts with none, seven would (most posts).
MATTER_ANY = any_of([key for _, _, _, keys in MATTERS for key in keys])
WITHHELD = re.compile(
    rf"{THE_LIMIT}|\b(?:won['’]?t|will\s+not|can['’]?t|cannot)\s+speculate\b|"
    r"\b(?:can['’]?t|cannot|unable\s+to|won['’]?t|not\s+able\s+to)\s+comment\b|"
    r"\b(?:outcome|result|findings?|decision|figures|details|terms|price|costs?)\s+(?:will|is\s+to|are\s+to)\s+be\s+"
    r"(?:published|announced|reported|made\s+public)\b|"
    r"\b(?:stays?|remains?|kept|is|are)\s+(?:strictly\s+)?confidential(?:\s+to\s+both\s+(?:sides|parties))?,?\s+"
    r"(?:which\s+is\s+(?:standard|normal|usual|right)|as\s+(?:is\s+)?(?:standard|normal|usual))\b",
    IC,
)
# Services and explanations, not a particular matter: "free legal advice clinic", "our complaints procedure".
BENIGN_MATTER = re.compile(
    r"\b(?:free|clinic|helpline|drop[\s-]in|training|course|workshop|advertis\w*|vacanc\w*|recruit\w*|apply|"
    r"job\s+description|police|pcso|football|match|referee|premier\s+league|strictly\s+come|tv|episode|series|"
    r"film|novel|podcast|guest\s+speaker|speakers?|talk|tips?|always)\b",
    IC,
)


# An interest declared and the room left: procedure said in public, not the item's business ("I declared an interest
# and left the room for the private item on the lease. I took no part in the discussion or the vote.").
DECLARED = re.compile(r"(?:\b(?:i|i['’]d|i\s+had|having)\s+|^\W*)declared\s+(?:an?\s+|my\s+)?(?:[\w-]+\s+)?interests?\b"
                      r"|(?:\bi\s+|(?:^|[.!?]\s+))took\s+no\s+part\b", IC)
# A public consultation's result ("We asked, you told us: 68% ..."), and a vote about going private that tells no
# business ("I voted against taking the leisure centre item in private"): the model reads "told" and "private".
CONSULTED = re.compile(r"\b(?:you\s+told\s+us|we\s+asked|(?:survey|consultation|poll)\s+(?:results?|found|showed)"
                       r"|\d+%\s+of\s+(?:you|residents|respondents|people))\b", IC)
VOTED_ON_PRIVACY = re.compile(r"\bvot(?:ed|ing|e)\s+(?:against|for|to\s+stop|to\s+keep)\s+"
                              r"(?:taking|going|moving|holding|putting|discussing)\b[^.!?\n]{0,60}\b(?:in(?:to)?\s+private|in\s+camera|behind\s+closed"
                              r"\s+doors|part\s*(?:ii|2))", IC)


# A story on a stage, page or screen: its "closed door" and "Part II" are plot, which the model cannot tell.
FICTION = re.compile(
    r"\b(?:whodunn?it|murder\s+mystery|thriller|panto(?:mime)?|musical|theatre|theater|am-?dram|amateur\s+dramatics"
    r"|players['’]?|(?:the|a|this|their|our)\s+(?:play(?!\s*(?:area|park|ground|equipment|space|street|zone))|show"
    r"|production|novel|film|movie|sequel|series|book)\b"
    r"|premiere|curtain\s+call|matin[eé]e|box\s+office|episode|box\s+set|cliff-?hanger|plot\s+twist)\b",
    IC,
)


def confidential(post: Post, ctx: Context) -> Iterator[Hit]:
    """Flag posts by registered accounts that disclose closed-meeting business or confidential papers.

    Clause 5.1: "Members should not publish or report details of meetings which are not open to members of the
    public including any confidential reports". Clause 6.5: "Councillors should at all times present a
    professional image and not disclose anything of a confidential nature." Clause 7.2: "Do not disclose
    confidential matters or criticise Council policies or personnel."
    Residents' posts (role "other") are never checked: the policy binds the council's own people.
    When no pattern matches, the learned layer may still flag the post (monitor/learned.py, docs/checks.md).
    """
    if post.role not in CONTENT_ROLES or not post.text:
        return
    text = clip(post.text)
    terms = council_terms("confidential", ctx.config)
    found = find_disclosures(text, terms) if GATE.search(text.lower()) or terms.extra is not None else []
    if not found:
        found = [f for f in find_private_matters(text) if terms.allow is None or not terms.allow.search(text)]
    if not found:
        # The model sees "resolved" and "tender", not that the post says the business was done in public, or that the
        # closed meeting was another council's, far away.
        learned = list(learned_hit("confidential", text, ctx, post.role))
        # "so we're unable to comment", "I genuinely can't share anything yet": a flat refusal, nothing said after it
        flat = FLAT_REFUSAL.search(text) if learned else None
        if flat is not None and not BUT_AFTER.search(text, flat.end()) \
                and not TOLD_BEFORE.search(text, 0, flat.start()):
            learned = []
        # (for the model, people thanked for coming to the public session is a public post too)
        if learned and not _said_public(text) and not ATTENDED_PUBLIC.search(text) and not DECLARED.search(text) \
                and (not KEPT.search(text) or DEFIED.search(text)) and not NOW_PUBLIC.search(text) \
                and not INSINUATION.search(text) and not (post.role == "official" and ANNOUNCED.search(text)) \
                and not IN_COURT.search(text) \
                and not PROMISED.search(text) \
                and not OTHER_COUNCIL.search(text) and not FICTION.search(text) and not JOKE_TAKEN_BACK.search(text) \
                and not CONSULTED.search(text) and not VOTED_ON_PRIVACY.search(text):
            yield from learned
        return
    kind, start, end, _, _ = found[0]
    yield Hit(
        message=f"Discloses confidential business ('{text[start:end]}')",
        evidence={
            "field": "text", "span": [start, end], "excerpt": excerpt(text, start, end),
            "score": max(f[3] for f in found), "kind": kind, "reasons": [f[4] for f in found],
            "matches": [{"kind": f[0], "span": [f[1], f[2]]} for f in found],
        },
    )
