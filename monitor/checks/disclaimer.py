"""missing-disclaimer: a councillor's personal account carries no disclaimer (clause 6.4)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from monitor.checks.base import Context, Hit, excerpt
from monitor.checksettings import DisclaimerSettings
from monitor.lookalike import safe_text
from monitor.records import Account
from monitor.text import clip, strip_invisible

# Where a disclaimer may be, in the order a reader meets them. Location is free text on X and people
# use it ("Brackley | views my own").
FIELDS = ("display_name", "bio", "pinned_text", "location")
# The standard text is matched with partial_ratio only within the opening of long posts.
FUZZY_CHARS = 2_000
STANDARD_MIN_RATIO = 85

# --- the words the families are made of ------------------------------------------------------------

SUBJECTS = ("views", "view", "opinions", "opinion", "thoughts", "tweets", "posts", "comments", "statements",
            "words", "word", "takes", "rts", "retweets", "likes", "musings", "ramblings", "content", "reposts",
            "shares", "skeets", "toots", "reflections", "remarks", "observations")
# "What I say here is my own": the speaker's output named by a clause instead of a noun.
_SUBJ = ("(?:" + "|".join(SUBJECTS) + r"|whats (?:on )?here|what is (?:on )?here"
         r"|(?:what|whatever|everything|anything|all) i (?:say|post|write|tweet|share"
         r"|think|put up|put)"
         # the account itself, or all that is on it: "everything here is personal", "this one is mine"
         # "this page is mine", not "photos on this page are my own"
         r"|(?:everything|anything|all) (?:here|on here|on this (?:account|page|profile))|(?<!on )(?<!in )(?<!from )"
         r"this (?:one|ones|account|page"
         r"|feed|timeline|blog|corner"
         r"|profile))")
_FUZZY_SUBJECTS = ("views", "opinions", "thoughts", "statements", "comments")
# What may stand between "views" and "my own": copulas, adverbs, "expressed here", "on this account", "I post".
_UNIT = (r"(?:are|r|is|be|here|expressed|shared|posted|stated|given|written|made|all|entirely|solely|strictly"
         r"|personally|purely|totally|completely|wholly|only|just|simply|always|very much|obviously|of course|and|or"
         r"|remain|stay"
         r"|still"
         r"|the|otherwise|these|those|any|my|,|:|-|\(|\)|on here|in here|herein|i|express|post|share|write|tweet"
         r"|voice|hold|it s|its|it is|s|in (?:my |the )?replies|here|these|this"
         # "a councillor with opinions, and they're my own"
         r"|they|theyre|they re|which|that"
         # "Opinions, where I give them, are mine alone"
         r"|where|when|whenever|give|them|air|offer"
         r"|(?:on|in|from|via) (?:this|my|the) (?:account|page|profile|feed|timeline|twitter|x|facebook|blog|site)"
         rf"|{_SUBJ})")
_GAP = rf"(?:{_UNIT} ){{0,7}}"
_OWN = (r"(?:my (?:very )?own(?: personal)?|mine|my personal|personal|me own|my own personal|(?:their|his|her) own"
        # "solely those of the author", "his posts = his views"
        r"|those of the (?:author|writer|account holder|poster|owner)|(?:his|her|their) (?:own )?(?:views?|opinions?)"
        # "Views expressed on this page are those of Cllr Adeyemi personally"
        r"|those of (?:cllr |councillor )?[a-z]+(?: [a-z]+)? (?:personally|alone|only|herself|himself)"
        # "the thoughts here are my thoughts", "these are my takes, no one else's", "it's all my own doing"
        r"|my (?:takes?|thoughts|views|opinions|words)(?= ,| \.|$| no one| nobody)|no one else ?s|nobody else ?s"
        r"|my own doing"
        # "opinions on here belong to me"
        r"|belongs? (?:only |solely |entirely )?to me(?: alone)?"
        # "opinions of his own", "the thoughts here are Tom's alone"
        # "Comments and opinions are hers alone", in a bio written of the councillor
        r"|of (?:my|his|her|their) own\b|(?!councils?\b|theirs\b|yours\b|others\b)[a-z]+s alone\b"
        # "Views on this account are Rita's own", "Views own."
        r"|(?!councils?\b|theirs\b|yours\b|others\b|its\b|residents?\b|peoples?\b|commenters?\b|posters?\b"
        r"|members?\b|followers?\b|readers?\b|repliers?\b|everyones?\b)[a-z]+ ?s own\b(?! \w)|own(?= [.,!]|$))")
# "my own" + one of these is a possessive ("my own town"), not a disclaimer.
_POSSESSED = ("town", "home", "house", "street", "road", "village", "garden", "business", "company", "time",
              "way", "right", "money", "pocket", "kids", "children", "family", "car", "dog", "cat", "photos", "photo",
              "pictures", "picture", "images", "words", "two", "feet", "life", "bed", "hands", "eyes", "door",
              "data", "best", "goal", "experience", "trainer", "development", "details",
              # "mine is the house on the left": the pronoun starting a sentence of its own.
              "is", "was", "has", "had", "will", "would")
_NOT_POSSESSED = r"(?! (?:" + "|".join(_POSSESSED) + r")\b)"
# Whose views: "your personal views" are a resident's; "I have my own opinions" boasts, it does not disclaim.
# "Ask me for my own views", "want to hear my personal views": an invitation to hear them, not a disclaimer.
# "Will happily lend you my own opinion", "I'll tell you my own view", "always ready to air my personal views": an
# offer of them, not a disclaimer either ("the posts on this page give my personal opinion" still is one).
_WHOSE = (r"(?<!your )(?<!their )(?<!his )(?<!her )(?<!our )(?<!residents )(?<!have )(?<!got )(?<!form )"
          r"(?<!have my )(?<!got my )(?<!form my )"
          # "until the Town Hall sorts its own account": an account the council is still to set up, not the speaker's
          # capacity ("the Council has its own account" stays the pointer away from this one that it is)
          + "".join(f"(?<!{verb} its )" for verb in ("sorts", "sort", "sorts out", "sets up", "set up", "gets", "get",
                                                      "opens", "open", "makes", "creates", "starts"))
          + "".join(f"(?<!{verb} )(?<!{verb} my )" for verb in ("for", "hear", "about", "know", "ask", "want", "share",
                                                                 "get", "learn", "you", "to give", "to offer",
                                                                 "to air", "to voice", "to lend", "welcome",
                                                                 "welcomes", "invite", "invites", "value"))
          # "these aren't just my own views, they're the ward's": more than the speaker's, the opposite of a disclaimer
          + "".join(f"(?<!{neg} )(?<!{neg} my )" for neg in ("not just", "not only", "not simply", "not merely",
                                                             "not purely", "more than", "not solely")))
_CAPACITY = (r"(?:(?:views?|opinions?|thoughts?)(?! of (?!me\b|mine\b|my\b))"  # not "the personal view of the Society"
             # "my own account of life on the allotments" is a story told, not a capacity ("personal account of a
             # councillor" is one)
             r"|account(?! of (?!an? |one ))|capacity|page|profile|tweets?|posts?|musings|ramblings|blog|feed|notes"
             # "my posts reflect my own thinking"
             r"|takes?|chatter|witterings|waffle|thinking"
             # "this is my own corner of the internet"
             # ...but "knocking doors in my own patch" is the ward
             r"|corner|space|(?<!\bin my own )(?<!\bround my own )(?<!\bacross my own )(?<!\baround my own )patch"
             # "Personal statement after Tuesday's full council: I voted against ...": a statement's heading
             r"|comments?|statements?(?! (?:after|following|on|about|regarding|re|from|to|at|for|in)\b)"
             r"|individual|citizen)"
             # "personal account manager", "personal best": a job or a record, not a capacity.
             r"(?! (?:manager|executive|details|number|holder|director|assistant|adviser|advisor|best))")
# The council as the object of "not", spelled out or as "the council('s) views/position...".
_COUNCIL = (r"(?:for |of |as )?(?:the )?"
            # "read as the Committee's or the Council's view": another body listed first, the council still denied
            r"(?:(?!county |district |borough |city )(?:[a-z]+ )?[a-z]+(?: s)? (?:or|nor|and) (?:the )?)?"
            r"(?:(?!county |district |borough |city )[a-z]+ )?(?:town |parish )?councils?"
            r"(?= (?:\w+ )?(?:talking|speaking|announcing|saying)\b|(?: settled| agreed| formal| official)?"
            r" (?:views?|opinions?|position|policy|policies|account"
            r"|page|profile|official|\.|,)|$)")
_NOT_PARTY = r"(?! (?:any |a |the |my )?(?:political )?part(?:y|ies))"
_SPEECH = (rf"(?:(?:represent\w*|reflect\w*){_NOT_PARTY}"
           r"|(?:speak|post|tweet|writ|act)\w* (?:for|on behalf|officially|as)|on behalf"
           r"|(?:endorsed|affiliated|connected|linked|associated)(?: (?:with|to|by) (?:the |brackley )?(?:town )?"
           r"(?:council|btc|tc)\b|(?= \.| ,|$))"
           r"|official(?:ly)? (?:\w+ ){0,3}(?:account|page|profile|channel|feed|statements?|position|views?|line"
           r"|capacity|policy|source|voice|spokes\w*|speaking|representing|on behalf|comments?|communications?"
           r"|business|news)"
           r"|(?:(?:town )?councils? )?spokes\w*|those of|that of|the views? of|the opinions? of|the position of"
           r"|the policy of|policy"
           r"|(?:the )?voice of|mouthpiece|megaphone"
           r"|statements? (?:by|from|of) (?:the )?(?:town )?council"
           rf"|{_COUNCIL})")
_NEGATED = (r"\b(?:not|never|no longer|nor|(?:nothing|none of (?:this|it))(?: (?!is\b|are\b)\w+){0,5}?"
            r"(?: (?:is|are|should be|must be|can be|may be|will be|to be))?"
            # "don't take anything here as council policy"
            r"|not (?:take|read|treat|mistake) (?:\w+ ){0,4}?(?:as|for))"
            r" (?:(?:necessarily|always|in any way|officially|an?|the|any|those|of|its|their|intended to|meant to"
            r"|to be|be|taken as|read as|seen as|treated as|regarded as|understood as|my|in|authori[sz]ed to|allowed to"
            r"|permitted to|here to|trying to) ){0,3}")

# The writer, in words of ownership stronger than a bare "me" ("the council wasn't listening to people like me" is
# no disclaimer).
_SELF = (r"mine(?! to )|myself|my own(?! to )|i did|i am|i do|all me|just me|only me|down to me|on me|blame me"
         r"|it s me|it is me|that s me"
         r"|(?:what|wot|whatever|everything|anything) i (?:say|post|write|think|tweet|share|put)"
         r"|my (?:own )?(?:page|account|feed|timeline|profile|thoughts|views|opinions|musings|posts|words|takes|tweets"
         r"|skeets|hat|doing|say)|personal|personally|made personally")
# The council denied in a few words: "not the council", "no council", "nobody at the Town Hall", "not on the
# Council's behalf", "the council didn't write", "the council's news isn't mine".
_BODY = r"(?:(?:the|a|any|its|brackley|town|parish|local) ){0,3}(?:council|councils|btcs?|tcs?|town hall)"
_NOT_COUNCIL = (r"(?:not|no|nor|never|nothing|none|nobody|nowt|no one)"
                r"(?: i (?:put|post|say|write|share|tweet)(?: up)?)?"
                r"(?: (?:on|in|here|from|comes?|came|by|at|of"
                r"|behalf|written|made|said|speaking|for|official|officially|part|what|this|that|is|are|was|were"
                rf"|anything|any|the|a|an)){{0,4}} {_BODY}"
                rf"|{_BODY}(?: s)?(?: [a-z]+){{0,3}}? (?:is not|are not|did not|does not|do not|has not|have not"
                r"|was not|never|is no|are no)"
                # "the Council hasn't got round to Bluesky yet, so I'm ...": the council missing from a platform, which
                # says nothing of whose these posts are
                r"(?! (?:yet )?(?:got|gotten|come|been) (?:a)?round to| (?:yet )?(?:joined|signed up|set up|made it)\b"
                r"| (?:on|got|have|had) (?:an? )?(?:x|twitter|bluesky|facebook|account|page)\b)")
# Within one sentence, a few words apart.
_APART = r"(?: [^.\s]+){0,8}? "
# The views owned in one sentence and the council denied in the next, a bare fragment of its own: "my page my
# opinions!! not the town councils x", "Views mine. Not the Council's.", "Not the council. Just me."
_OWNED_VIEWS = (r"mine|my own" + _NOT_POSSESSED
                + r"|it s me|its me|it is me"
                + r"|my (?:own )?(?:page|account|feed|profile|thoughts|views|opinions|musings|posts|words"
                r"|takes|tweets|skeets)|personal|personally|(?:just|only|all) me")
_BARE_DENIAL = (r"(?:but )?(?:not|nor|never|no) (?:(?:the|brackley|town|parish) ){0,3}(?:council|councils|btc|tc)"
                r"(?: s)?(?: x+| though| tho| ok)?(?= \.| ,|$)")

FAMILIES: dict[str, re.Pattern[str]] = {
    # "views my own", "all opinions expressed here are mine", "tweets = personal"
    "ownership": re.compile(rf"\b{_SUBJ} {_GAP}{_OWN}\b{_NOT_POSSESSED}"
                            # "what I post is me", "everything on here is all me": the speaker, not a noun
                            rf"|\b{_SUBJ} (?:here |on here )?(?:is|are|s) (?:(?:just|only|all|simply|purely) )?me"
                            r"(?= [.,!]|$)"),
    # "personal account", "my own views", "in a personal capacity"
    # The words are looked for before the thirty lookbehinds of _WHOSE (assertions at one place, so in any order):
    # run at every character first, those lookbehinds made this family the slowest part of the check.
    "personal capacity": re.compile(
        rf"\b(?=(?:my own|own|personal|private|individual) ){_WHOSE}(?:my own|own|personal|private|individual)"
        rf" (?:personal )?{_CAPACITY}\b"
        # "My own thoughts on planning appear every month in the Advertiser" says where they are, not whose these are
        r"(?! (?:on|about) [^.]{0,60}\b(?:appear|appears|published|column|blog|newsletter|advertiser|podcast|radio"
        r"|website))"
        # "Personal opinions on any topic welcome below", "personal views always wanted": an invitation
        r"(?! (?:(?!only\b|here\b|mine\b|and\b|but\b)[^.,\s]+ ){0,5}(?:always |very |most |all |more than )?"
        r"(?:welcome|welcomed|invited|wanted|encouraged|appreciated|sought|requested)\b)"
        # "Personal views on planning can be shared with me at my surgery", "... are best raised with your
        # councillor": views handed to the writer are residents', not a word on whose the posts here are
        r"(?! (?:[^.,\s]+ ){0,6}?(?:(?:can|could|may|might|should|will|are|is) (?:also |always |easily |best )?be )?"
        r"(?:shared|raised|discussed|brought|sent|passed|given|emailed|voiced|aired|put|told|taken|made known)"
        r" (?:\w+ )?(?:with|to) (?:me|us|your councillor|your ward councillor)\b)"
        # "personal views on live planning applications can't be shared before they're decided": views withheld
        r"(?! (?:[^.,\s]+ ){0,6}?(?:ca not|can not|cannot|wo not|will not|should not|must not|may not) (?:be )?"
        r"(?:shared|given|expressed|posted|offered|aired|voiced|made)\b)"
        # "Personal views are kept off this account", "personal opinions stay off here": an account that leaves them
        # out is the council's channel, the opposite of a disclaimer
        r"(?! (?:(?:are|is|will be|get|always|strictly) ){0,2}(?:kept|left|stay|stays) (?:off|out of|away from)"
        r" (?:here|this|it|the (?:account|page|feed|profile|timeline))\b)"
        r"|\bmy (?:views?|opinions?|thoughts?|takes?|words|tweets|posts) (?:, )?(?:only|alone|and mine alone"
        r"|not(?! about\b| on\b| always\b| just\b| only\b| all\b)|nobody|no one)\b"
        r"|\bas an individual\b"
        # "this account isn't run by or for the Town Council – it's my personal one"
        r"|\b(?:its|it is|this is|this ones?) (?:just )?my (?:own )?(?:personal|private) one\b"
        # "I'm posting here in my own right"
        r"|\b(?:post\w*|tweet\w*|writ\w*|speak\w*|here)(?: here| on here)? in my own right\b"
        # "My views here.", "my views, my account", "Jane Whitfield (personal)"
        r"|\bmy (?:own )?(?:views?|opinions?|thoughts?) (?:here|on here|, my (?:account|page|feed|words))\b"
        # "My page, my views.", "Personal takes only", "This page is me, personally"
        r"|\bmy (?:page|account|feed|profile) , my (?:views?|opinions?|thoughts?|words|rules|musings|takes|ramblings"
        r"|posts|tweets)\b"
        # "these are just my thoughts", "only my views"
        r"|(?<!not )(?<!more than )\b(?:only|just|purely|simply|merely) my (?:own )?(?:views?|opinions?|thoughts?"
        r"|takes?|musings|ramblings)\b"
        # "Off-duty thoughts of a town councillor"
        r"|\boff (?:, )?duty (?:thoughts|views|musings|opinions|posts|ramblings|takes|tweets)\b"
        r"|\bpersonal (?:takes?|views?|opinions?|thoughts?) only\b|\b(?:page|account|profile) is me\b"
        r"|(?:^|[.!|] )my (?:own )?(?:views?|opinions?)(?= [.!|]|$)|, (?:personal|private) ,?$"
        # "This is my own corner - my views.", "north ward councillor. personal."
        r"|, my (?:own )?(?:views?|opinions?)(?= [.!|]|$)"
        r"|(?:^|[.!|] )(?:personal|private)(?: account| page)?(?= [.!|]|$)"),
    # "not speaking on behalf of the council", "don't necessarily represent", "not an official account"
    "not representing": re.compile(
        rf"{_NEGATED}{_SPEECH}|\bno (?:official )?(?:affiliation|connection|link)\b"
        # "unofficial", of the account or alone; not "Unofficial bee-keeper to half of Turweston", a joke title
        r"|\bunofficial\b(?! (?!account|page|profile|feed|channel|views?|opinions?|posts?|tweets?|skeets?|comments?"
        r"|musings|ramblings|thoughts|capacity|blog|statements?|takes?|personal|and|or|only|here|councillor|cllr"
        r"|member)[a-z]+)"
        # "no official status whatsoever", "carries no official weight", "without any official standing"
        r"|\b(?:no|without|zero|not any|nothing) (?:\w+ )?official (?:status|standing|weight|authority|backing|sanction"
        r"|approval|endorsement|capacity|role|character)\b"
        # "what I say ≠ what the council says", "the council has its own accounts; I'm not them"
        r"|\bwhat i (?:say|post|write|tweet|think)(?: here| on here)? (?:is )?not (?:what )?(?:the |[a-z]+ )?"
        r"(?:town )?council"
        r"|\bcouncil has its own (?:accounts?|pages?|channels?|feeds?)\b|\bcouncil has its own(?= [.,]|$)"
        # "nothing I post should be taken as the council's line", "none of this is to be read as the council's view"
        r"|\b(?:nothing|none of (?:this|it)) (?:i (?:say|post|write|tweet|share|put)(?: up)? )?(?:here |on here )?"
        r"(?:should|must|can|is to|is meant to|is intended to) be (?:taken|read|seen|treated|understood|mistaken) "
        r"(?:as|for) (?:the )?(?:[a-z]+ )?(?:town )?council"
        # "skeets reflect me, not the council I sit on", "posts speak for me, never the council"
        r"|\b(?:views|opinions|thoughts|posts|tweets|skeets|toots|words|takes|comments) (?:here |on here )?"
        r"(?:reflect|represent|speak for|are|come from) (?:just |only |all )?me(?: alone)? , (?:not|never|nor) "
        r"(?:the |my |our )?(?:town )?council\b"
        # "the Council's decisions are posted by @BrackleyTC, not by me", "its formal minutes are on its website"
        r"|\bcouncils?(?: s)? (?:own )?(?:\w+ ){0,2}(?:are|is) (?:posted|published|announced|issued|put out|shared)"
        r" (?:by|on|via|through) (?:\S+ ){0,3}?, not (?:by )?me\b"
        r"|\bif you want the councils?(?: s)? (?:formal|official|own) \w+\b"
        # "it's my version of events"
        r"|\bmy (?:own )?version of (?:events|things|what happened)\b"
        # "all me, no council hat on"
        r"|\b(?:no|not|without)\s+(?:my\s+|the\s+|a\s+|any\s+)?council\s+hat\b"
        # "the Town Council has no say over it", "the Council doesn't vet or sign off what I post"
        r"|\bcouncil (?:has|have) no (?:say|control|involvement|role|part) (?:over|in)\b"
        r"|\bcouncil (?:does not|doesn t|did not|do not|never) (?:\w+ ){0,1}(?:vet|check|approve|sign off|see|read|"
        r"endorse|edit)\b"
        # "this page is a private one run by me"
        r"|\b(?:page|account|profile|feed) is (?:a )?(?:private|personal) (?:one|account|page)\b"
        # "what I post here is Margaret talking"
        r"|\b(?:what|whatever|everything|anything) i (?:write|post|say|put up|share)(?: here| on here)? (?:is|are) "
        r"(?:just )?[a-z]+ (?:talking|speaking|having (?:his|her|their) say|thinking out loud)\b"
        # "the Council speaks through @BrackleyTC", "... and speaks for itself", "does its own announcements"
        r"|\bcouncil (?:\w+ ){0,10}?(?:speaks (?:for itself|through|via)|does its own (?:announcements|talking|posts))"
        # "what I write here is my view", "read what I write here as one woman's view"
        r"|\b(?:what|whatever|everything|anything) i (?:write|post|say|put up|share)(?: here| on here)? (?:is|as) "
        r"(?:my|one (?:\w+ )?(?:s|'s)?)\b"),
    # Answering for the posts oneself: "tweets are my responsibility alone", "what I post is on me", "don't blame the
    # council for my tweets", "the council can't be held to anything I say", "I represent myself on here".
    "my own responsibility": re.compile(
        rf"\b{_SUBJ} {_GAP}(?:on me|my (?:own |sole )?(?:responsibility|fault|lookout|problem))\b"
        r"|\b(?:i )?answer (?:only )?for (?:what|whatever|everything|anything) i (?:say|post|write|tweet|share|put)\b"
        # ... for what is posted here, not for potholes ("don't blame the council for the A43, blame the county")
        r"|\bdo not blame (?:the )?(?:town )?councils? for (?:my|what|anything|any of|these|this"
        r"|the (?:posts|views|tweets))\b"
        r"|\bcouncils? (?:ca not|can not|cannot|is not|are not|should not be|will not be|is never|shall not be)"
        r" (?:be )?(?:held (?:to|responsible|accountable|liable)|responsible|accountable|liable|blamed|bound)"
        r" (?:for |to )?(?:my|what|anything|any of|these|this|the (?:posts|views|tweets|content))\b"
        r"|\brepresent\w* (?:only |just |nobody but |no one but )?(?:myself|me)\b(?! and)"
        r"|\bon my own behalf\b|\bin my own name\b"
        r"|\b(?:speak|post|tweet|writ)\w* (?:for|on behalf of) (?:no ?one|nobody|none)"
        r" (?:but|except|other than|apart from) (?:me|myself)\b"
        r"|\bmy (?:own )?(?:voice|words|views|opinions|thoughts|takes) , (?:no ?one|nobody) else ?s\b"
        # "nothing here is official", "not in my council role"
        r"|\b(?:nothing|none of (?:this|it)) (?:here |on here |i (?:post|say|write|tweet) )?(?:is|are)"
        r" (?:\w+ )?official\b"
        r"|\bnot (?:in|as|wearing) (?:my |an? |the )?(?:council|official|councillor s?|civic) (?:role|capacity|hat"
        r"|function|duties)\b(?= [.,]|$| here| on here)"
        # "independent thoughts of one councillor", "the musings of a single member"
        r"|\b(?:views?|opinions?|thoughts?|takes?|musings|ramblings) of (?:one|a single|an individual|a lone|just one)"
        r" (?:\w+ )?(?:councillor|member|cllr|resident|person|man|woman|bloke|lass)\b"),
    # The writer set against the council in one sentence: "the Council isn't talking here, I am", "wot i post = me,
    # not the council", "my own hat on this page, not the council's", "the council didn't write any of this, I did".
    "me, not the council": re.compile(
        rf"\b(?:{_SELF}){_APART}(?:{_NOT_COUNCIL})\b|\b(?:{_NOT_COUNCIL}){_APART}(?:{_SELF})\b"
        # "Opinions expressed: all Liam, no Council"
        rf"|\ball [a-z]+ , (?:no|not) {_BODY}\b"
        # across a break: "my page my opinions!! not the town councils x", "not the council. just me."
        rf"|\b(?:{_OWNED_VIEWS})(?: [^.\s]+){{0,3}}? \. {_BARE_DENIAL}"
        rf"|(?:^|\. ){_BARE_DENIAL} \. (?:[^.\s]+ ){{0,3}}?(?:{_OWNED_VIEWS})\b"
        # "Nothing on here comes from the Town Council"
        r"|\b(?:this|it|here|(?:this|my) (?:page|account|feed|profile|blog|timeline)) (?:is|s) (?:just|only|all|simply)"
        r" me\b(?= [.,!]|$| not\b| , not\b)"
        # across a break: "nothing I put here is the council speaking. It's me.", "No council voice here. Just me."
        rf"|\b(?:{_NOT_COUNCIL})(?: s)?(?: (?:speaking|talking|posting|writing|here|voice|views?|line|words?|account"
        r"|page)){0,2} \. (?:(?:it s|its|it is|this is|thats|that s|heres|here s|here it s) )?(?:(?:just|all|only"
        r"|simply) )?me(?= [.,!]|$)"
        # the council named, then "not on its behalf": "I sit on the Town Council. Not on its behalf, mind"
        r"|\b(?:council|councils|btc|tc)(?: [^.\s]+){0,3}? (?:[.,] )?(?:but |and )?(?:not|never|nor)"
        r" (?:(?:speaking|posting|writing|talking|tweeting|here|acting) )?on its behalf\b"
        # "don't take it as gospel from the council", "don't read anything here as the word of the council"
        r"|\b(?:not|never) (?:take|read|treat|mistake) (?:\w+ ){0,4}?(?:as|for) (?:\w+ ){0,3}?(?:from|of|by) (?:the )?"
        r"(?:brackley )?(?:town )?(?:council|btc|tc)\b"
        rf"|\b(?:nothing|none of (?:this|it)|nowt) (?:on here |here |on this (?:page|account|feed) )?"
        rf"(?:comes|came|is|was) (?:from|by|written by|sent by) {_BODY}\b"),
    # "speaking for myself", "I only speak for myself", "personally speaking"; "they don't speak for me" denies
    # someone else's speaking for the writer ("nobody speaks for me", "nor does it speak for me"), which says nothing
    # of whose views these are
    "speaking for myself": re.compile(r"(?<!not )(?<!never )(?<!nobody )(?<!no one )(?<!\bit )(?<!\bthey )"
                                      r"\bspeak\w* (?:(?:only|purely|just|solely|strictly|entirely) )?(?:for|as) "
                                      r"(?:myself|me|an individual)\b"
                                      # "I run this page personally", "page run by Tom himself"
                                      r"|\b(?:run|runs|running|write|writes|writing|post|posts|posting|tweet|tweets"
                                      r"|tweeting)\s+(?:this\s+(?:page|"
                                      r"account|feed|profile)\s+|here\s+)?personally\b"
                                      r"|\bpersonally speaking\b|\bspeaking personally\b"
                                      # "I post for myself", "tweeting for me", "not on anyone's behalf but mine"
                                      r"|\b(?:post|tweet|writ|blog|shar|skeet)\w*(?: here| on here)?"
                                      r" (?:only |just |purely )?for (?:myself|me)\b(?! to\b)"
                                      r"|\bon (?:anyones?|anybodys?)(?: s)? behalf but (?:mine|my own)\b"
                                      # "I post as myself, not as the Council", "tweeting as a private individual"
                                      r"|\b(?:post|posting|posts|tweet|tweeting|tweets|write|writing|here|on here)\s+"
                                      r"(?:(?:on|in)\s+this\s+(?:page|account|feed|profile)\s+)?"
                                      r"(?:only\s+)?as\s+(?:myself|me|a\s+private\s+(?:individual|person|citizen)"
                                      r"|an\s+individual|a\s+resident)\b"),
}
# "RTs ≠ endorsements": disclaims what the account shares, not whose views its own posts are.
_SHARING_ONLY = re.compile(r"\b(?:rts?|retweets?|reposts?|likes?|follows?|shares?|links?|quotes?)(?: and \w+)?"
                           r" (?:(?:are|r|do|does|is) )?(?:not|never) (?:(?:necessarily|always|an?|mean|equal) ){0,2}"
                           r"endorse\w*")

# --- normalisation ------------------------------------------------------------------------------------

_CONTRACTIONS = (("n't", " not"), ("dont ", "do not "), ("doesnt ", "does not "), ("isnt ", "is not "),
                 ("arent ", "are not "), ("i'm ", "i am "), ("im ", "i am "))
_SYMBOLS = {"≠": " not ", "!=": " not ", "=": " are ", "&": " and ", "+": " and ", "/": " and ",
            "’": "'", "‘": "'", "`": "'", "´": "'"}
_BOUNDARY = re.compile(r"[.!?;|•·\u2022]+")
_SOFT = re.compile(r"[,:\-–—()\[\]]")
# What disclaimer_form turns into a space: not a letter or digit (str.isalnum; \w is that and "_"), nor " ,.'".
_NOT_KEPT = re.compile(r"[^\w ,.']|_")
# Scots and northern spellings too: "ma ain views, no the cooncil's".
_WORD_SWAPS = {"r": "are", "u": "you", "ur": "your", "onw": "own", "ownn": "own", "opinons": "opinions",
               "ma": "my", "ain": "own", "cooncil": "council", "cooncils": "councils", "toon": "town", "whit": "what",
               "ah": "i", "pers": "personal", "wot": "what", "owt": "anything", "ere": "here",
               "eres": "here is", "thinkin": "thinking",
               "expresed": "expressed", "expessed": "expressed", "personnal": "personal", "nessesarily": "necessarily",
               "neccessarily": "necessarily", "necesarily": "necessarily",
               "tweeps": "tweets", "pls": "please", "&amp;": "and", "acct": "account", "acc": "account",
               # "evrything i post is me, speakin 4 myself"
               "evrything": "everything", "everythin": "everything", "evry": "every", "speakin": "speaking",
               "postin": "posting", "tweetin": "tweeting", "writin": "writing", "myslef": "myself", "nowt": "nothing"}


def _split_hashtags(text: str) -> str:
    """Return text with #CamelCaseTags spelled as words (#ViewsMyOwn -> Views My Own)."""
    return re.sub(r"#(\w+)", lambda m: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", m.group(1)), text)


def _break_after_own(text: str) -> str:
    """Return text with a break after "own"/"mine" when a capitalised word follows ("Views my own Dad of 3")."""
    return re.sub(r"\b(own|mine|Own|Mine|OWN|MINE)\s+(?=[A-Z][a-z])", r"\1 . ", text)


def _fix_word(word: str) -> str:
    """Return a word with shorthand expanded and a near-miss subject noun spelled right (veiws -> views)."""
    if word in _WORD_SWAPS:
        return _WORD_SWAPS[word]
    if 4 <= len(word) <= 11 and word not in SUBJECTS:
        return _near_subject(word)
    return word


# Words repeat (prose, and floods most of all): the fuzzy match, the slowest part of folding a long bio, is kept
# per word. Only words of 4 to 11 letters get here, so the cache holds at most 8,192 short strings.
@lru_cache(maxsize=8192)
def _near_subject(word: str) -> str:
    """Return the subject noun a word misspells by one letter (veiws -> views), else the word itself."""
    best = process.extractOne(word, _FUZZY_SUBJECTS, scorer=OSA.distance, score_cutoff=1)
    return str(best[0]) if best is not None else word


@lru_cache(maxsize=4096)
def disclaimer_form(text: str) -> str:
    """Return text as the families read it: lower case, symbols spelled, emoji gone, breaks marked by " . "."""
    text = _break_after_own(_split_hashtags(strip_invisible(safe_text(clip(text)))))
    text = unicodedata.normalize("NFKC", text).casefold()
    for symbol, words in _SYMBOLS.items():
        text = text.replace(symbol, words)
    text = _BOUNDARY.sub(" . ", _SOFT.sub(" , ", text))
    for short, long_ in _CONTRACTIONS:
        text = text.replace(short, long_)
    # Letters, digits, apostrophes and the marks kept above; everything else (emoji, symbols) is a space.
    text = _NOT_KEPT.sub(" ", text).replace("'", "")
    return " ".join(_fix_word(w) for w in text.split())


# --- matching -----------------------------------------------------------------------------------------


class Verdict(NamedTuple):
    """What one field says: the family that accepted it (or None), the closeness to the standard text, notes."""

    family: str | None
    similarity: float
    notes: tuple[str, ...]


def _standard_similarity(form: str, phrases: tuple[str, ...]) -> float:
    """Return 0..1: the best match of the standard text or an extra phrase, the phrase being the needle."""
    best = 0.0
    head = form[:FUZZY_CHARS]
    for phrase in phrases:
        if not phrase or not head:
            continue
        # partial_ratio slides the *shorter* string over the longer: a short bio would be found inside
        # the standard text ("Brackley Town Council" scores 100), so it is used only when the field is
        # at least as long as the phrase.
        score = fuzz.partial_ratio(phrase, head) if len(head) >= len(phrase) else fuzz.ratio(phrase, head)
        best = max(best, score / 100)
    return best


# A question is not a statement: "My own views? Ask me at my surgery" invites, it does not disclaim. A one- or
# two-word question is a heading answered next ("Views? My own, not the council's") and stays.
_QUESTION = re.compile(r"(?:^|(?<=[.!?\n]))[^\w.!?\n]*\w+[^\w.!?\n]+\w+[^\w.!?\n]+\w[^.!?\n]*\?+")

# "Own views? Plenty of them, just ask!": asking about one's own views disclaims nothing; an answer may ("Mine").
_OWN_QUESTION = re.compile(r"(?i)\b(?:(?:my\s+)?(?:own|personal)|my)\s+(?:views?|opinions?|thoughts?)\s*\?+")
# "Views? My own": a subject asked as a heading and answered, read as "Views: my own".
_HEADING_QUESTION = re.compile(r"(?:^|(?<=[.!?\n]))\s*((?i:" + "|".join(SUBJECTS) + r"))\s*\?+\s*")


# "I don't speak for my employer or any party": a denial about another body is not the council's disclaimer. What
# a "not representing" match denies is read in the words after it: another body named, the council not.
_OTHER_BODY = re.compile(
    r"(?:\w+ ){0,4}?(?:my |any |the |a |an )?(?:employers?|party|parties|company|companies|firm|work|workplace"
    r"|day job|job|business|organisations?|organizations?|charity|charities|school|club|union|church|clients?"
    r"|colleagues|family|group|association|society)\b")
_COUNCIL_WORD = re.compile(r"\b(?:council|councils|btc|tc|town|brackley)\b")
# Another council by its name: "nothing I post represents West Northamptonshire Council's position" denies that
# council, not this one. The disclaimer must cover the council the policy is this council's.
_OTHER_COUNCIL = re.compile(r"\b(?:(?:west|north) )?northamptonshire(?: county)? councils?\b|\bwnc\b"
                            r"|\b(?:county|district|unitary|borough|city) councils?\b")
_COUNCIL_BODY = re.compile(r"\b(?:council|councils|btc|tc)\b")
_CLAUSE_END = re.compile(r" [.,] ")
# Words that lead into what is denied: "the views of", "on behalf of", "for".
_OBJECT_LEAD = re.compile(r"^\s*(?:(?:the )?(?:views?|opinions?|position|policies|policy) (?:of )?|those of "
                          r"|on behalf of |of |for |to |with |by )*")
# A body named after a determiner ("the NHS trust", "any business"), or a name ("northamptonshire scouts").
_NAMED_OBJECT = re.compile(r"(?:the|my|any|a|an|our|their|his|her) (?!views?\b|opinions?\b|own\b|personal\b)\w+"
                           r"|(?!anyone|anybody|everyone|myself|me|necessarily|always|in|official|policy)"
                           # "brackley in bloom", "celtic fc"
                           r"[a-z]{3,}(?: (?:in|of|on|and|for|s))? (?:[a-z]{3,}|fc|afc|rfc|cc|rc|ltd|plc)\b")
_DENIAL_REACH = 60
# "... and they don't speak for me": someone else denied speaking for the writer, the other way round from a
# disclaimer, which says the writer does not speak for the council.
_PRONOUN = re.compile(r"(?:it|them)\b")
_THE_WRITER = re.compile(r"(?:me|myself|us)\b")
# Pointing to the council's real account, and saying this one is the person's: "for official news follow
# @BrackleyTC; this is just me". Both in one field: the pointer alone is not a disclaimer.
_POINTER = re.compile(r"\b(?:follow|see|visit|check|go to|head to|try|you want|you need|you re after)\b ?(?:@ ?)?"
                      r"\w*(?:tc|council)\b"
                      # "Council business? @BrackleyTC is the real deal"
                      r"|\b\w*(?:tc|council) (?:is|s) (?:the )?(?:real deal|real one|official one|one to follow"
                      r"|place to go)\b"
                      r"|\b(?:follow|see|visit|check|go to|head to|try)\b[^.]{0,40}?\b(?:official|council|councils)\b"
                      r"|\b(?:official|council|councils)\b[^.]{0,40}?\b(?:follow|see|visit|check|go to|head to)\b"
                      r"|\b(?:official|council|councils)(?: \w+){0,2} (?:news|updates|information|info|account|page"
                      r"|feed|posts|statements|line|position|view|notices)(?: are| is)? (?:,|at |on |via |over at |"
                      r"come from |from )"
                      # "For the official stuff it's @BrackleyTC on X"
                      r"|\bofficial (?:stuff|business|things|bits|side)(?: \w+){0,2}? (?:its|it s|thats|that s|is|try"
                      r"|see) \w*(?:tc|council)\b"
                      # "Anything official comes from the Council itself; what's here is me"
                      r"|\bofficial\b[^.]{0,30}?\b(?:comes?|coming|goes|is issued|is published)"
                      r" (?:from|through|via|out of) (?:the |its |brackley )?(?:town )?council\b"
                      # "Want the Council's official line? That's @BrackleyTC"
                      # "Anything the council has decided will be on brackley-tc.gov.uk"
                      r"|\bcouncil\b[^.]{0,60}?\b(?:on|at) (?:www \. )?[a-z]+(?: , [a-z]+)? \. gov \. uk\b"
                      # "for what the Council has decided, read the minutes on its website"
                      r"|\bcouncil\b[^.]{0,60}?\b(?:read|see|check|look at|find) (?:the |its )(?:minutes|website|site"
                      r"|agendas?)\b"
                      r"|\b(?:official|council|councils)(?: \w+){0,2} (?:line|position|view|news) \. (?:that s|thats|"
                      r"it s|its|try|see) \w*(?:tc|council)\b")
_JUST_ME = re.compile(r"\b(?:just|only|simply|purely|all|very much) me\b|\bme , personally\b"
                      r"|\b(?:over )?here (?:you (?:just |only )?get|it s|its|is) (?:just )?[a-z]+\b(?! council)"
                      r"|\b(?:is|are) (?:personal|mine|my own)\b"
                      r"|\bpersonal (?:account|page|profile)\b"
                      # "... check @BrackleyTC, this is me, not them", "the council's notices are on its site, not here"
                      r"|\b(?:this|it|that|here) (?:is|s) (?:just |only |all |simply )?me(?= [.,!]|$)"
                      r"|\b(?:its|thats) me(?= [.,!]|$)"
                      # "this one's me being me", "this account is just me", "this page's me"
                      r"|\bthis (?:one|account|page|feed|profile) ?s (?:just |only |all |simply )?me\b"
                      r"|\bthis (?:one|account|page|feed|profile) is (?:just |only |all |simply )?me\b"
                      r"|\bme being me\b"
                      r"|\bnot (?:here|on here|on this (?:page|account|feed|profile)"
                      r"|this (?:page|account|feed|profile|one))(?= [.,!]|$)")
# Whose "own" views: the residents', not the writer's. "Views expressed by residents in the comments are their own"
# is a rule for commenters; the account's own posts are left undisclaimed.
_OTHERS_VIEWS = re.compile(
    r"\b(?:by|from|of|left by|posted by|written by) (?:(?:the|our|my|local|other|fellow|any|all|individual) ){0,2}"
    r"(?:residents?|commenters?|commentators?|followers?|visitors?|readers?|others|other people|people|the public"
    r"|members of the public|contributors?|guests?|posters?|users?|anyone else|everyone else|repliers?)\b"
    r"|\b(?:your|residents|others|other peoples|peoples|visitors|followers|readers|commenters) (?:comments|views"
    r"|opinions|replies|posts|thoughts|words)\b"
    r"|\b(?:comments|replies) (?:[a-z]+ ){0,4}?(?:their own|theirs)\b"
    # "the commenters own views", "my dog pickles opinions are his own", "my husband alans comments ... his own"
    r"|\b(?:the )?(?:commenters|residents|followers|readers|posters|repliers) own\b"
    r"|\bmy (?:dog|cat|pets?|husband|wife|partner|hubby|missus|son|daughter|kids?|children|mum|dad|mother|father"
    r"|parrot|budgie|horse)(?: [a-z]+)? ?s? (?:[a-z]+ ){0,6}?(?:his|her|their|its) own\b")


def _owned_by_others(form: str, found: re.Match[str]) -> bool:
    """Say whether an ownership match gives the views to other people ("comments by residents are their own")."""
    head = form[max(0, found.start() - _DENIAL_REACH):found.end()].rsplit(" . ", 1)[-1]
    return _OTHERS_VIEWS.search(head) is not None


# "The council doesn't speak for me": the council denied speaking for the writer, the reverse of a disclaimer (which
# says the writer does not speak for the council). A match resting on it does not count.
_COUNCIL_NOT_FOR_ME = re.compile(
    rf"\b{_BODY}(?: s)?(?: [a-z]+){{0,2}}? (?:does not|do not|did not|is not|are not|will not|can not|cannot|never)"
    r"(?: (?:really|always|necessarily|ever))? (?:speak|speaks|speaking|talk|talks|talking|represent|represents"
    r"|representing|act|acts|answer|answers)(?: (?:for|on behalf of|to))? (?:me|myself|us)\b")
# "I write all my own posts": who types the posts (no comms team), not whose views they are.
_AUTHORED = re.compile(r"\b(?:write|writes|wrote|writing|type|types|typing|draft|drafts|drafting|do|does|doing"
                       r"|compose|composes|run|runs|running|manage|manages|handle|handles)"
                       r"(?: all| each of| every one of)? $")
_AUTHORED_OUTPUT = re.compile(r"(?:my )?own (?:posts?|tweets?|skeets?|content|page|account|feed|blog|profile"
                              r"|comms|socials)")


def _reversed_denial(form: str, found: re.Match[str]) -> bool:
    """Say whether a match rests on the council not speaking for the writer ("the council doesn't represent me")."""
    return any(m.start() < found.end() and m.end() > found.start()
               for m in _COUNCIL_NOT_FOR_ME.finditer(form, max(0, found.start() - _DENIAL_REACH),
                                                     found.end() + _DENIAL_REACH))


# A disclaimer only talked about: "somebody told me to add 'my views are my own'. Not doing it." refuses it.
_SUGGESTED = re.compile(r"\b(?:told|asked|wants?|wanted|suggested|said|reckons?|advised|nagging)\b(?: [a-z]+){0,4}? "
                        r"(?:to|i should|i ought to|i must|i need to|that i)\b[^.]{0,40}$")
_REFUSED = re.compile(r"^[^.]{0,40}(?:\. )?(?:not doing it|not doing that|not happening|no chance|no way|nope"
                      r"|not going to|i won t|i will not|i refuse|i ve refused|i declined|not a chance)\b")
# "This is not a personal page": the page denied to be personal, the opposite of a personal-capacity disclaimer.
_NOT_PERSONAL = re.compile(r"\b(?:not|never|no longer) (?:a |my |just a |an? )?$")


def _refused(form: str, found: re.Match[str]) -> bool:
    """Say whether a match is a disclaimer someone suggested and the writer refuses ("... Not doing it")."""
    return _SUGGESTED.search(form[max(0, found.start() - _DENIAL_REACH):found.start()]) is not None \
        and _REFUSED.search(form[found.end():found.end() + _DENIAL_REACH]) is not None


def _denied_personal(form: str, found: re.Match[str]) -> bool:
    """Say whether a "personal" match is denied ("this is not a personal page")."""
    # A match opening on a break (". personal") starts a sentence: "this account isn't. Personal" is not denied.
    return found.group()[:1].isalpha() \
        and _NOT_PERSONAL.search(form, max(0, found.start() - 20), found.start()) is not None


def _authorship(form: str, found: re.Match[str]) -> bool:
    """Say whether a "personal capacity" match says who writes the posts ("I write all my own posts")."""
    return _AUTHORED_OUTPUT.fullmatch(found.group()) is not None \
        and _AUTHORED.search(form, max(0, found.start() - 20), found.start()) is not None


# Which body a thing is for, told as a contrast: "Potholes on the main roads go to West Northants, not the Town
# Council" says whose job the potholes are, nothing of the account.
_WHOSE_JOB = re.compile(r"\b(?:go(?:es)?|belongs?|is|are|sent|reported|handled|dealt with|run|maintained|looked after"
                        r"|managed|owned|fixed|repaired|emptied|collected)\s+(?:to|by|with|for)\s+(?:[a-z]+ ){1,3}, $")
_LIST_ENDS = re.compile(r" , (?!(?:or|nor|and|the|my|any|a|an|its|their|his|her|for|on|of|to|with)\b)")


def _denies_another_body(form: str, found: re.Match[str]) -> bool:
    """Say whether a "not representing" match denies speaking for some other body, not the council.

    What is denied is read up to the clause's end: a body named there ("my employer", "the NHS trust I work for",
    "Northamptonshire Scouts") without the council makes it a denial about that body; nothing named ("views do
    not necessarily represent"), or the council among them, keeps it the council's disclaimer.
    """
    if _COUNCIL_WORD.search(found.group()):
        return False
    # The council anywhere in the sentence's list of bodies keeps it ("my employer, my party or the council");
    # "Brackley" alone is the town ("Brackley in Bloom's committee"), not its council.
    sentence = form[found.end():found.end() + 2 * _DENIAL_REACH].split(" . ", 1)[0]
    # ... the list, not what follows it: "not a spokesperson for the Conservatives or for my employer, just a local mum
    # on the town council" denies two other bodies; the council comes after the list.
    sentence = _LIST_ENDS.split(sentence, maxsplit=1)[0]
    if _COUNCIL_BODY.search(_OTHER_COUNCIL.sub(" ", sentence)):
        return False
    after = _CLAUSE_END.split(form[found.end():found.end() + _DENIAL_REACH], maxsplit=1)[0]
    obj = _OBJECT_LEAD.sub("", after)
    if _OTHER_COUNCIL.match(obj):
        return True
    if _PRONOUN.match(obj):
        # "My employer doesn't speak for me and I don't speak for it": "it" is whichever body was named before.
        before = form[max(0, found.start() - 2 * _DENIAL_REACH):found.start()]
        return _COUNCIL_BODY.search(before) is None and _OTHER_BODY.search(before) is not None
    return any(p.match(obj) is not None for p in (_OTHER_BODY, _NAMED_OBJECT, _THE_WRITER))


# "... put the Town Council's notices out on here. Anything opinionated is me, not them": "them" is the council.
_ME_NOT_THEM = re.compile(r"\b(?:is|s|are) (?:all |just |only )?me , (?:not|never) them\b")


def _me_not_the_council_before(form: str) -> bool:
    """Say whether "me, not them" sets the writer against the council named last before it (no other body since)."""
    for found in _ME_NOT_THEM.finditer(form):
        before = form[max(0, found.start() - 3 * _DENIAL_REACH):found.start()]
        bodies = list(_COUNCIL_BODY.finditer(before))
        if bodies and _OTHER_BODY.search(before, bodies[-1].end()) is None:
            return True
    return False


_TAG_QUESTION = re.compile(r"(?i),?\s*\b(?:right|eh|innit|yeah|ok|okay|aye|yes|no|like|mind)\s*\?+")


# Views in a picture: "photos of Brackley views", "pics of the views from Halse".
_SCENERY = re.compile(r"\b(?:photos?|pictures?|pics|images?|shots?|snaps?|paintings?|drawings?|sketches) of "
                      r"(?:[a-z]+ ){0,3}$")


def judge(text: str, phrases: tuple[str, ...] = ()) -> Verdict:
    """Return whether a text carries a disclaimer, by rule family or by closeness to the given phrases."""
    # "..., right?" tags a statement; it does not make it a question.
    text = _TAG_QUESTION.sub(".", text) if "?" in text else text
    asked = "?" in text
    if asked:
        text, original = _QUESTION.sub(" . ", _HEADING_QUESTION.sub(r"\1: ", _OWN_QUESTION.sub(" . ", text))), text
    form = disclaimer_form(text)
    sharing = [m.span() for m in _SHARING_ONLY.finditer(form)]  # in order, not overlapping
    for name, pattern in FAMILIES.items():
        for found in pattern.finditer(form):
            # The one sharing span that could hold it, by bisection: every span for every match was quadratic in a
            # bio of "RTs not endorsed." over and over.
            i = bisect_right(sharing, (found.start(), len(form) + 1)) - 1
            if name == "not representing" and (_denies_another_body(form, found)
                                                or _WHOSE_JOB.search(form, max(0, found.start() - 60), found.start())):
                continue
            if name in ("ownership", "personal capacity") and _owned_by_others(form, found):
                continue
            if name == "ownership" and _SCENERY.search(form, max(0, found.start() - 40), found.start()):
                continue  # "Photos of Brackley views are all my own": the pictures are, not any opinions
            if _refused(form, found) or (name == "personal capacity" and _denied_personal(form, found)):
                continue
            if name in ("me, not the council", "my own responsibility") and _reversed_denial(form, found):
                continue
            if name == "personal capacity" and _authorship(form, found):
                continue
            if not (i >= 0 and sharing[i][0] <= found.start() < sharing[i][1]):
                return Verdict(name, 1.0, ())
    # A pointer may be put as a question ("Want the Council's official line? That's @BrackleyTC").
    if (_POINTER.search(form) or (asked and _POINTER.search(disclaimer_form(original)))) and _JUST_ME.search(form):
        return Verdict("points to the council's account", 1.0, ())
    if _me_not_the_council_before(form):
        return Verdict("me, not the council", 1.0, ())
    similarity = _standard_similarity(form, phrases)
    if similarity * 100 >= STANDARD_MIN_RATIO:
        return Verdict("standard text", similarity, ())
    notes = ("it says retweets or likes are not endorsements, which does not make the account's own views "
             "personal",) if sharing else ()
    return Verdict(None, similarity, notes)


@lru_cache(maxsize=64)
def _phrase_forms(standard: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """Return the standard text and the council's extra phrases in the families' form."""
    return tuple(p for p in (disclaimer_form(t) for t in (standard, *extra)) if p)


def _extra_phrase_in(form: str, extras: tuple[str, ...]) -> bool:
    """Say whether one of the council's extra phrases appears whole in a text."""
    return any(p and f" {p} " in f" {form} " for p in extras)


def _readable(account: Account, ctx: Context) -> bool:
    """Say whether the profile could be read: not a Facebook personal profile known only by its handle."""
    registered = ctx.config.registry.get(account.key)
    unreadable = registered is not None and not registered.ref.monitorable
    empty = not any((getattr(account, f) or "").strip() for f in FIELDS)
    return account.monitorable and not (unreadable and empty)


def missing_disclaimer(account: Account, ctx: Context) -> Iterator[Hit]:
    """Report a councillor's personal account whose profile carries no disclaimer.

    Clause 6.4: "Use a disclaimer. When using social media for personal purposes, you must not imply
    that you are speaking for Brackley Town Council. ... Make it clear that what you say is
    representative of your personal views only. Where possible, you should use a standard disclaimer,
    such as: "Statements and opinions here are my own and don't necessarily represent Brackley Town
    Council's policies or opinions"."

    The display name, bio, pinned post and location are read after folding case, emoji, symbols
    ("=" is "are", "≠" is "not"), shorthand ("r") and line breaks. Accepted: four rule families
    (ownership "views my own", "opinions = mine"; personal capacity "personal account", "my own
    views"; non-representation "not speaking on behalf of the council", "don't necessarily
    represent", "unofficial"; "speaking for myself"), the standard text or a configured extra phrase
    (rapidfuzz partial_ratio ≥ 85 with the phrase as the needle). Not accepted: words that merely
    co-occur ("fighting for my own town! views welcome", "Views of Brackley from the hills",
    "Personal best at parkrun", "I represent Brackley on the Town Council", residents' "personal views ... can be
    shared with me at my surgery"), and "RTs ≠ endorsements"
    alone: it disclaims what the account shares, not whose views its own posts are, so the finding
    says so. A denial about some other body ("I don't speak for my employer or any party"), or of someone
    else speaking for the writer ("they don't speak for me"), is not the council's disclaimer unless the
    council is named in it too; "not speaking for anyone else" covers the council and is one; pointing to
    the council's real account and saying this one is personal ("for official news follow @BrackleyTC; this
    is just me", "anything official comes from the Council itself; what's here is me") is one.
    Only councillors' readable accounts are judged (a Facebook personal profile no API can
    read has no profile to judge). The finding names every field checked.
    """
    if account.role != "councillor" or not _readable(account, ctx):
        return
    settings = ctx.settings("missing-disclaimer")
    extra = tuple(settings.extra_phrases) if isinstance(settings, DisclaimerSettings) else ()
    phrases = _phrase_forms(ctx.config.disclaimer.text, extra)
    extra_forms = phrases[1:]
    best_field, best, notes = "bio", 0.0, []
    for field in FIELDS:
        text = getattr(account, field) or ""
        if not text.strip():
            continue
        verdict = judge(text, phrases)
        if verdict.family or _extra_phrase_in(disclaimer_form(text), extra_forms):
            return
        notes += [f"{field.replace('_', ' ')}: {n}" for n in verdict.notes]
        if verdict.similarity > best or (best == 0 and field == "bio"):
            best_field, best = field, verdict.similarity
    # A bio that runs on into the location ("Nothing on here comes from…" / "…the Town Council. It's all me").
    bio, location = (account.bio or "").rstrip(), (account.location or "").lstrip()
    if bio.endswith(("…", "...")) and location.startswith(("…", "...")) \
            and judge(f"{bio.rstrip('.…')} {location.lstrip('.…')}", phrases).family:
        return
    yield _hit(account, best_field, best, notes)


def _hit(account: Account, field: str, similarity: float, notes: list[str]) -> Hit:
    """Return the finding for a profile without a disclaimer."""
    checked = [f for f in FIELDS if (getattr(account, f) or "").strip()]
    shown = getattr(account, field) or ""
    reasons = [f"no disclaimer in {', '.join(f.replace('_', ' ') for f in checked) or 'an empty profile'}",
               f"closest to the standard text: {similarity:.0%}", *notes]
    return Hit(
        message=f"@{account.handle}'s profile has no disclaimer that its views are personal",
        evidence={"field": field, "fields": list(FIELDS), "checked": checked,
                  "excerpt": excerpt(shown, 0, min(len(shown), 80)) if shown else "",
                  "score": round(similarity, 3), "reasons": reasons},
    )
