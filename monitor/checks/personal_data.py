"""personal-data: a registered account's post gives someone's phone number, email, home address or postcode.

What counts, and the decisions behind it:
- Phones: UK numbers written with a 0, +44 or 0044 prefix and 10 national digits (9 for a few 01 areas),
  any of spaces, dots, dashes or brackets between. Each candidate is checked with libphonenumber (valid,
  or in Ofcom's drama ranges 07700 900xxx / 01632 960xxx that it calls invalid, or any UK-shaped 10-digit
  number it has not been told of). Only 01/02 (home lines)
  and 07 (mobiles) count: 03, 05, 08 and 09 numbers belong to organisations and services. 999, 101, 111
  and other short codes never match (too few digits); neither do planning references (24/01234/FUL), minute
  numbers, money, dates, times, meeting ids or passcodes (no leading 0, or a "meeting ID"/"ref" before).
- A service's or a business's line is not a person's ("Ring the surgery on 01280 ...", "Fenwick's Bakery, 12 Market
  Place, 01280 ...", "the Red Lion takes bookings on 01280 ..."), but a named person's number is theirs even
  when a trade or a society describes them ("Mike the plumber who fixed the Town Hall leak is on 07...", "Tony from
  the allotment society says give him a ring on 01..."), and so is one given after the service ("If you need a lift
  to the surgery, Maureen is on 07..."), or one labelled after a first name ("the Saturday group's co-ordinator is Ray
  (mob 07...").
- Phones said in words ("oh-seven-seven-double-oh, 900 654 321", "01280 seven oh three, two two one"): read word by
  word (double and triple repeat the next digit, "nine hundred" is 900), then checked like any other number.
- Emails: plain and obfuscated ("jane [at] example [dot] com", "jane at example dot com"). Not the
  council's own domains or published addresses, not public-sector domains (gov.uk, nhs, police, schools),
  not role mailboxes (info@, bookings@, secretary@), nor a club's name repeating its domain
  ("rotary@brackleyrotary.org.uk"): those are organisations, not people. A mailbox
  carrying a person's name ("Kerry Bishop – kerrybishop74@example.com") is that person's, even when the name
  happens to hold an organisation word ("bishop" holds "shop").
- Home addresses: a house number and a street ("3 Manor Close", "Flat 2, 27 High Street"), with the town
  and postcode when they follow, or an address said to be someone's ("Linda's address is Flat 3, The
  Maltings"). Not the council's own address; not a shop, church, library or other
  public building named next to it, nor a named venue just before it ("The Red Lion, 5 Market Place"; a
  family, "The Smiths, 5 Market Place", still counts), unless the post says someone lives there or names a person
  just before it ("Linda Moss, 23 Manor Road" beside a pothole report). A number
  after "the", "our" or "every" is a count or a name ("the 3 Bridges Walk"), not a house number, and a range of
  numbers ("1 to 45 Oxford Road") is a stretch of street, not a home.
- Where a named private person lives, without a house number ("He lives in the cottage opposite the chippy on Halse
  Road", "who lives just off Marlow Close"), or their house number beside them ("a Mr K Dhillon at no 44", "Rob & Tina
  at No. 4, NN13 ...", "number 31 belongs to a Mr ..."), and a one-word street ("22 Kingsway") where someone lives.
  Not a building's past ("the old vicarage at 12 Church Lane ... in 1894"), nor a business unit's tenant ("Unit 3,
  Buckingham Road industrial estate: tenant is in arrears"), nor where someone lived or a councillor lives. A house
  number said loosely ("no. 27", "No 8", "at 12") on a named street beside its household ("the Hendersons' place").
  Who lived at a house long ago ("lived here from 1780 to 1872", "born here in 1839") is history: the dead are no one's
  personal data. A house number after its street ("Partridge Rise (no. 8)", "Cedar Walk, number 22", "at no.4") with a
  household visit or a private matter beside it (pest control, bailiffs, the police, an ambulance, a clearance firm);
  not a range ("nos. 2-10"), a shop, a hall, a unit or a street-works notice ("works outside ..., no. 14").
- Postcodes on their own: only next to a person ("Mrs Green, NN13 6BD", "lives in NN13 6XX"). A postcode
  alone ("road closure in the NN13 7AB area") is a place, not a person's details.
- NHS numbers: ten digits passing the mod-11 check, with "NHS" just before.
- Dates of birth ("DOB 3/4/1961", "born on 12 March 1958"; not "born in 1958"), car registrations beside a
  vehicle word ("parks his Audi, AB12 CDE, across my drive"), National Insurance numbers after "NI", and a
  named person's health ("Mrs Cole has been diagnosed with dementia"; one's own is not "of others"), also when
  said a sentence on by pronoun or possessive ("Mr Daley ... He is on insulin now", "... after her stroke") or as
  a state ("Mrs Price is still in hospital"), an injury ("Harold Pike, who broke his hip", "after his fall"), or of
  someone's relative ("Karen's dad is on dialysis"), or in everyday words ("registered blind", "on her second round
  of chemo", "in a wheelchair since the accident", "on the sick with her nerves", "Donna's son is autistic"); a
  named person beside a hospital, a hospice or a stroke unit is not, nor a figure of speech ("Cllr X is blind to the
  traffic", "deaf to residents", "on the sick list for the quiz team"). A named person's debts or benefits ("Gary
  Winters has been in arrears with his pitch fees"), offences, charges or record ("Marcus Lee has been charged with
  the break-in", "on the sex offenders register", "did six months for drink driving", "just out after 18 months",
  "on a tag"; "was jailed" only of the named person as its subject, not of "a man" after a newspaper's name), a
  named child's school troubles ("Karen Bell's boy has been excluded from the academy"), a named person's age beside
  their name ("Isla Grant (9)", "Mo Hussain is 75 this week", "Ellie Barnes, who's 9"), and bank details ("sort code
  20-45-77, account ...").
- Someone's own details are theirs to give: "call me on", "my mobile", or a councillor's email with their
  own name in it, or their own name just before a number ("Cllr Whitfield can be reached on 07...") are not
  "personal details of others" - but "text me or Sandra" shares Sandra's too, and
  "they'll call you back on 01..." publishes the addressee's number, even when a team or office is calling. A new
  or casework line announced at a sentence's head ("New mobile for casework: 07...") is the author's own; "text Mick
  who is leading the group on 07..." is Mick's, not the group's. A detail introduced as the author's own ("quickest
  way to get hold of me:", "drop me a line", "I can be reached on") is theirs, unless another detail comes between
  ("... me: 07..., Colin: 07..."); so is a mailbox on the posting handle's own name ("jo@jofordeanshanger.uk"
  from jofordeanshanger), unless the post names its owner as someone else ("my caseworker Sandra: sandra@...").
  A clause about a person after their number ("Colin on 07..., he has the hall key") does not make it the
  hall's line. Someone unnamed by a condition ("so a wheelchair user
  couldn't get past") is no one's health.
- A catch-all beside those frames (sensitive_matter): a private matter in a word of its own (an operation or a
  condition by the end of its word, a prison, a sentence, a divorce, fostering, arrears, eviction, an exclusion) in
  the same sentence as a named private person, or a sentence on by pronoun; not a charity, a service, an event or
  people in general named by the word ("Cancer Research", "the dementia café", "people living with dementia"), not
  the writer's own ("my knee operation"), not beside someone unnamed ("a man was arrested").
- [checks.personal-data] allow_terms lists numbers, emails and addresses the council has leave to publish
  (a club secretary who agreed to be named); they are treated like the council's own contact details.
- A repost or a quote: the shared post's text is read when the account's own words give nothing, since reposting
  spreads the details as much as typing them; not when those words condemn the shared post or ask people not to
  pass it on ("Please don't share this", "Not acceptable. Reported."): calling out a disclosure is not making one.
One hit per post (the first detail found; all are listed in evidence "matches"), so one alert per post.
Messages say what kind of detail it is, never the detail itself: alert subjects travel further than evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from monitor.alternation import Alternation
from monitor.checks.base import JOKE_TAKEN_BACK, Context, Hit, excerpt, per_config
from monitor.config import Config
from monitor.records import Post, handle_key
from monitor.text import any_of, clip, replace_padded

CONTENT_ROLES = ("official", "councillor")
DIGIT = re.compile(r"\d")


def fewest(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Return the keys that hold no other key: a text holds one of them exactly when it holds one of all the keys.

    Gates test every key against every post, so a key that cannot add a hit only costs time.
    """
    unique = tuple(dict.fromkeys(keys))
    return tuple(k for k in unique if not any(o != k and o in k for o in unique))


def words(spaced: str) -> frozenset[str]:
    """Return the set of words in a space-separated string (keeps long word lists readable)."""
    return frozenset(spaced.split())


# Between digits: spaces (also no-break and thin), dots, dashes, brackets, and invisibles a copy may carry.
SEP = r"[ \t\u00a0\u2009\u202f.\-()\u200b-\u200f\u2060\ufeff]"
PHONE = re.compile(
    rf"(?<![\w+/£$€.,\-])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\d|\(?0)(?:{SEP}{{0,2}}\d){{8,12}}(?![\w/£$€])"
)
# Ofcom's drama ranges: libphonenumber calls them invalid, but people copy them into examples and tests.
DRAMA = ("7700900", "1632960")
# Words just before a number that make it a reference, an id or a price rather than a phone.
NOT_PHONE_CONTEXT = re.compile(
    r"\b(?:meeting|webinar|conference|zoom|teams|event|booking|order|case|crime|incident|log|account|invoice|"
    r"reference|ref|application|planning|policy|claim|isbn|issn|nhs|vat|company|charity|reg(?:istration)?|"
    r"licen[cs]e|permit|serial|tracking|pass ?code|password|pin|id|minute|item|receipt|ticket)\b"
    r"(?:\s*(?:id|no\.?|number|ref|reference|code))?\s*[:=#.]?\s*$",
    re.IGNORECASE,
)
SELF = re.compile(
    r"(?:\b(?:call|ring|text|phone|contact|email|e-mail|message|reach|whatsapp|dm|txt|write\s+to)\s+me\b|"
    # "Quickest way to get hold of me:", "get in touch with me at", "drop me a line", "I can be reached on"
    r"\bget\s+hold\s+of\s+me\b|\b(?:get|be|keep)\s+in\s+touch\s+with\s+me\b|\bdrop\s+me\s+(?:a|an)\s+\w+|"
    r"\bi\s+can\s+be\s+(?:reached|contacted|emailed|messaged)\b|"
    r"\bmy\s+(?:own\s+)?(?:personal\s+|work\s+|council\s+|councillor\s+|casework\s+|ward\s+|direct\s+)?(?:mobile|number|"
    r"phone|email|e-mail|inbox|landline|address|"
    # "My own number for anything urgent this week: 07..."
    r"details)\b|\bme\s+(?:on|at)\b|\bi'?m\s+on\b|\bi\s+am\s+on\b)[^.!?\n]{0,25}$"
    r"|\bmy\s+own\s+(?:mobile|number|phone|landline)\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
# One's own details in a row: "07700 900574, or at ...", "... and on ...".
CHAINED = re.compile(r"[\d \-]*\s*,?\s*(?:or|and)\s+(?:at|on|by|via)?\s*", re.IGNORECASE)
# A detail already given after the author's own words: "get hold of me: 07700 900111, Colin: " introduces Colin's.
ANOTHER_DETAIL = re.compile(r"@|\d[\d \-]{5,}\d")
# The author owning a number after giving it, with "my number" said earlier: "... 07700 900555. Yes, that's me".
MINE_AFTER = re.compile(r"[\s.,!)\u2013\u2014-]*(?:\W*(?:yes|yep|yup|and)\W+)?(?:that['’]?s|it['’]?s|this\s+is)\s+"
                        r"(?:actually\s+|really\s+|definitely\s+|genuinely\s+)?(?:me|mine|my\s+(?:own\s+)?(?:number|mobile|phone))\b",
                        re.IGNORECASE)
SELF_EARLIER = re.compile(r"\bmy\s+(?:own\s+|personal\s+|work\s+|council\s+)?(?:mobile|number|phone)\b", re.IGNORECASE)
# "Text me or Sandra (07...)": someone else shares the number, so it is not only the author's own to give.
SOMEONE_ELSE = re.compile(r"\b(?:or|and|&)\s+(?:(?-i:[A-Z][a-z]+)|my\s+\w+|his|her|their)\b", re.IGNORECASE)
# "they'll call you back on 01...": the number is the addressee's, whoever is calling.
YOURS = re.compile(
    r"\b(?:call|ring|phone|text|contact|reach|rang|called|texted)\s+you(?:\s+back)?\s+(?:on|at)\s*$|"
    r"\byour\s+(?:mobile|number|phone|landline)\s*(?:,|\(|on|is)?\s*$",
    re.IGNORECASE,
)
# Organisations' lines: a service named just before the number ("Brackley Library on 01280 ...").
ORG_BEFORE = re.compile(
    r"\b(?:library|surgery|police|nhs|samaritans|helpline|hotline|citizens advice|highways|county council|"
    r"council|switchboard|reception|box office|booking line|office|school|academy|pharmacy|chemist|practice|"
    r"hospital|clinic|centre|center|club|church|hall|society|trust|charity|ltd|limited|taxis?|services?|"
    r"team|line|desk|foodbank|food bank|bus|community|transport|scheme|project|group|association|hub|network|"
    # a business's own line: "Fenwick's Bakery, 12 Market Place, 01280 ...", "the Red Lion takes bookings on"
    r"shop|store|bakery|butchers?|butcher['’]s|caf[eé]|pub|inn|arms|restaurant|takeaway|salon|barbers?|garage|hotel|"
    r"book|bookings?|appointments?|reservations?|orders?|referrals?|can\s+help|advice|tea\s?rooms?|florists?|deli|bistro|brewery|nursery|vets?|dentists?|opticians?|"
    r"estate agents?|solicitors?|plumbing|electrical|builders|ltd\.?|& sons|and sons|cycles|bikes|electricals|motors"
    r"|tyres|launderette|laundrette)\b[^.!?\n]{0,30}$",
    re.IGNORECASE,
)
PERSON_BEFORE = re.compile(
    r"(?:(?-i:\b[A-Z][a-z]+)'s\s+(?:\w+\s+){0,2}(?:mobile|number|phone)|\b(?:mr|mrs|ms|miss|dr|cllr|councillor|"
    r"his|her|him|their|he|she|home|house|neighbour|resident|(?<!&\s)(?<!\band\s)son|daughter|wife|husband|mum|dad"
    r"|(?:mother|father)(?!['’]?s\s+day)|widow|"
    r"tenant|landlord|family)\b)[^.!?\n]{0,30}$",
    re.IGNORECASE,
)

AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+|\s*@\s*)"
DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\s*\.\s*)"
TLD = r"(?:com|org|net|uk|io|me|info|biz|email|co|gov|ac|nhs|scot|wales|london|online|xyz|ie|eu|de|fr|us)"
EMAIL = re.compile(r"(?<![\w.%+\-])[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# Unbounded, "(?:{DOT}label)*" let every word of a long run of "x dot x dot ..." start a match that scanned the
# whole run before failing (2 s for 20,000 characters). RFC 5321 caps a mailbox at 64 characters and a domain at
# 255, so no address has more than 32 labels before the "@" or 127 after it: the chains stop there, and the
# mailbox chain is atomic, since the "at" after it can never start where a " dot " or "." does.
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@])[a-z0-9][a-z0-9_%+\-]*+(?>(?:{DOT}[a-z0-9_%+\-]+){{0,31}}){AT}[a-z0-9\-]++(?:{DOT}[a-z0-9\-]++){{0,125}}"
    rf"{DOT}{TLD}\b",
    re.IGNORECASE,
)
# Searched in the lower-cased text: case-insensitive regexes are several times slower in CPython.
OBFUSCATION_GATE = re.compile(r"[\[({<]\s*(?:at|dot)\s*[\])}>]|\bdot\b|\s@\s")
# The "at" of an obfuscated address, and its dots, without the white space either side (see replace_padded).
AT_TOKEN = re.compile(r"[\[({<]\s*at\s*[\])}>]|\sat\s|@", re.IGNORECASE)
DOT_TOKEN = re.compile(r"[\[({<]\s*dot\s*[\])}>]|\sdot\s|\.", re.IGNORECASE)
PUBLIC_SECTOR = (".gov.uk", ".nhs.uk", ".nhs.net", "nhs.net", ".police.uk", ".sch.uk", ".ac.uk", ".parliament.uk",
                 ".mod.uk", ".gov.scot", ".gov.wales", ".llyw.cymru")
ROLE_MAILBOXES = words(
    "info enquiries enquiry admin administrator office contact contactus hello bookings booking support help "
    "sales team clerk townclerk deputyclerk reception press media events noreply no-reply donotreply webmaster "
    "customerservices customerservice planning accounts finance secretary chair chairman treasurer membership "
    "members volunteer volunteers tickets mail general feedback complaints comms communications news marketing "
    "hr jobs careers recruitment hire lettings allotments mayor council office enquiries.office shop orders "
    "editor newsdesk postmaster abuse privacy dpo foi data.protection safeguarding"
)

# A mailbox named after a group rather than a person ("youthclub@", "brackleybowls@", "friendsofthepark@").
ORG_MAILBOX = re.compile(
    r"club|society|assoc|group|team|trust|charity|rotary|lions|probus|legion|u3a|school|church|festival|scouts|guides|brownies|office|council|"
    r"centre|center|library|surgery|foodbank|bowls|cricket|rugby|football|youth|friendsof|committee|parish|"
    r"events|bookings|enquir|admin|info|news|shop|cafe|hall|residents|watch|forum|network|project"
)
# Capitalised words of four or more letters that may be a person's name in the post ("Kerry Bishop").
PERSON_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
# Surnames and first names that hold an organisation word ("bishop" holds "shop", "marshall" holds "hall").
SURNAME_FRAGMENTS = re.compile(
    r"bishop|marshall|hallam|halliday|hallett|hall?iwell|mitchell|churchill|churchman|newsome|newsham|newson|"
    r"watchorn|fairhall|whitehall|bramhall|mildenhall|nuttall|tutt?all|teamster|infoy|bartram|clubb"
)
SUFFIXES = (
    "road|rd|street|st|lane|ln|close|avenue|ave|drive|way|crescent|cres|gardens|gdns|court|ct|place|pl|grove|"
    "terrace|tce|walk|mews|row|rise|view|green|square|sq|hill|park|parade|vale|end|meadow|meadows|fields|croft|"
    "gate|yard|wharf|chase|paddock|orchard|approach|boulevard|heights|lea|leys|mead|hollow|nook|dene|bank|brow|"
    "circus|wynd|furlong|spinney|copse|glade|dell|acre|acres|wood|woods|side|passage|quay|cottages|villas|"
    "paddocks|maltings|stables|lawns|willows|limes|beeches|pines|cedars|elms|oaks|courtyard|orchards|crofts"
)
STOPWORDS = (
    "the|on|in|at|of|and|or|to|for|by|with|from|near|along|a|an|our|your|my|this|that|these|those|new|old|more|"
    "over|under|about|around|per|each|every|all|some|extra|other|off|up|down|into|onto|past|than|x|is|are|was|"
    "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
    "jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|"
    "thur|thurs|fri|sat|sun|am|pm|mins|minutes|hours|days|weeks|months|years"
)
POSTCODE_TEXT = (
    r"(?:[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)\s?[0-9][ABD-HJLNP-UW-Z]{2}|GIR\s?0AA)"
)
POSTCODE = re.compile(rf"\b{POSTCODE_TEXT}\b", re.IGNORECASE)
POSTCODE_UPPER = re.compile(rf"\b{POSTCODE_TEXT}\b")  # for upper-cased ASCII text: same spans, faster
POSTCODE_GATE = re.compile(r"\d[A-Za-z]{2}\b")
# The first letter is checked before the stop words (a hundred alternatives, case-insensitive): only a capital
# can start a street name's word here, and running the stop words at every character made "number 4" repeated
# cost a millisecond a match.
NAME_WORD = rf"(?=[A-Z])(?!(?i:{STOPWORDS})\b)(?:[A-Z][A-Za-z'’\-]*|St\.?)"
LOWER_NAME_WORD = rf"(?=[a-z])(?!(?i:{STOPWORDS})\b)[a-z][a-z'’\-]*"
ADDRESS_TAIL = rf"(?:,?\s+(?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?)?(?:,?\s+{POSTCODE_TEXT}\b)?"


def _address_regex(name_word: str, flags: int = 0) -> re.Pattern[str]:
    """Return the house-number-and-street regex for one spelling of street names."""
    # The spaces after the house number are possessive (a street name starts with a letter, never a space), so
    # "1" before a run of 20,000 newlines is one pass over them, not a retreat through the run at every step.
    return re.compile(
        rf"(?<![\w£$€.,/:\-])(?:(?:flat|apartment|apt|unit)\s*\d{{1,3}}[a-z]?,?\s+)?\d{{1,3}}[a-zA-Z]?(?:\s*+,)?\s++"
        rf"(?:(?:{name_word}\s+){{1,3}}|[Tt]he\s+)(?i:{SUFFIXES})\b\.?{ADDRESS_TAIL}",
        flags,
    )


ADDRESS = _address_regex(NAME_WORD)
STREET = re.compile(rf"\b(?:{NAME_WORD}\s+){{1,3}}(?i:{SUFFIXES})\b")
NUMBER_WORD = re.compile(r"\b(?:at\s+)?(?:no\.|number)\s*\d{1,3}[a-z]?\b", re.IGNORECASE)
# Text typed all in lower case ("3 manor close") gets lower-case street names too.
ADDRESS_LOWER = _address_regex(LOWER_NAME_WORD)
# Someone lives there: these words near an address or a postcode make it personal.
LIVES = re.compile(
    r"\b(?:lives?|living|lived|resides?|residing|residents?\s+(?:of|at)|home|house|flat|address|neighbours?|mr|mrs|ms|"
    r"miss|occupants?|occupiers?|tenants?|famil(?:y|ies)\s+(?:at|of|in|from|living)|owner|landlord|moved in|"
    r"moving in|his place|her place|their place|door ?step|front door|garden"
    # a person placed at a house number: "it belongs to the chap at number 31"
    r"|(?:chap|bloke|man|woman|lady|guy|fella|fellow|lad|lass|couple|family|gentleman)\s+(?:at|from|in)"
    r"\s+(?:number|no\.?)(?=\s*\d)"
    # "black bags out on a Sunday night on Pebble Lane - it's coming from number 12"
    r"|(?:coming|came|comes|is|are|['’]s)\s+from\s+(?:number|no\.?)(?=\s*\d)"
    # "Cheers to Lorna on Pavilion Way (yellow door, number 31)"
    r"|(?:door|gate|house|bungalow|cottage)\s*,\s*(?:number|no\.?)(?=\s*\d)"
    # "Carl Nicholls started the petition – he's at number 58"
    r"|(?:he|she|they)(?:['’]s|['’]re|\s+is|\s+are|\s+lives?)\s+at\s+(?:number|no\.?)(?=\s*\d))\b",
    re.IGNORECASE,
)
# ...unless the house is a public one: these phrases are removed before looking for LIVES.
PUBLIC_PLACES = re.compile(
    r"\b(?:public house|coffee house|care home|nursing home|home bargains|funeral home|house of commons|"
    r"(?:town|village|church|community|scout|guide|memorial|parish|market|sports) hall|open house|"
    r"home (?:office|straight|game|match|fixture))\b",
    re.IGNORECASE,
)
ORG_NEAR = re.compile(
    # (a library card or a bank card is someone's: "a library card with 31 Stanwell Way on it")
    r"\b(?:shop|store|bakery|caf[eé]|pub|inn|arms|restaurant|takeaway|library(?!\s+card)|surgery|church|chapel|hall|centre|"
    r"center|school|academy|nursery|office|offices|business|premises|unit|ltd|limited|plc|salon|pharmacy|chemist|"
    r"hut|scouts?|guides|brownies|cubs|pavilion|clubhouse|"
    r"bank(?!\s+card)|post office|station|museum|club|venue|hotel|garage|opening|opened|market|polling|foodbank"
    r"|food bank|"
    r"studio|gallery|clinic|practice|hq|headquarters|depot|works|site|car park|bus stop|roadworks|closure|closed|"
    r"burst|pothole|potholes|streetlight|street light|gully|junction|charity|lodge|mosque|temple|gurdwara|"
    r"synagogue|hospice|playgroup|pre-school|college|museum|cinema|theatre|leisure|co-?op|tesco|sainsbury's|aldi|"
    r"lidl|waitrose|morrisons|asda|boots|greggs|costa|supermarket|defibrillator|cash machine|atm|dental|dentists?|"
    r"hardware|ironmongers?|trading|sponsor\w*|opticians?|vets?|salon|barbers?|"
    # trades a shop is named by: "Brackley Butchers, 32 High Street"
    r"butchers?|bakers?|florists?|grocers?|greengrocers?|newsagents?|jewellers?|tailors?|cobblers?|deli|bistro|brewery|"
    r"diner|nails|motors|tyres|carpets|furnishers?|bookshop|boutique|chippy|pizzeria|cycles|bikes|electricals"
    r"|launderette|laundrette|groomers?|grooming|beautician"
    # a property in a deal is an asset, not a home: "the prospective buyer of 12 High Street"
    r"|buyers?\s+of|sale\s+of|purchase\s+of|disposal\s+of|valuation\s+of|lease\s+of|freehold\s+of)\b",
    re.IGNORECASE,
)
# A named venue just before an address: "The Red Lion, 5 Market Place", "The Old Bakery Tearooms, 2 Mill Lane",
# "everyone at the Crown, 14 Market Place" (a pub's premises are public; a lower-case "the" only after "at", "to" and
# the like, as a venue is visited or thanked: "the owners of the Old Forge, 22 ..." is a house's name). A family is
# plural ("The Smiths, 5 Market Place"), so a last word in -s counts only as a known venue word; a title or an office
# after "the" is a person ("the Reverend Ellis, 4 Vicarage Close"). A firm named by its trade word needs no "the"
# ("Rosie's Kitchen, 9 High Street").
NAMED_VENUE = re.compile(
    r"(?:(?:(?:^|[\s(])The|\b(?:at|to|from|in|with|by)\s+the)\s+(?!(?:Reverend|Revd|Rev|Vicar|Rector|Canon|Mayor|Doctor|Dr|Mr|Mrs|Ms|Miss|Mx|Cllr|"
    r"Councillor|Lord|Lady|Sir|Dame|Captain|Major)\b)(?:[A-Z][\w'’&-]*\s+){0,3}"
    r"(?:[A-Z][\w'’&-]*[^s\W]|[A-Z][\w'’&-]*(?:Arms|Tuns|Stores|Rooms|Tearooms|Gardens|Works|Buildings|Maltings|"
    r"Stables|Barns))"
    r"|\b[A-Z][\w'’&-]*\s+(?:[A-Z][\w'’&-]*\s+){0,2}(?:Kitchen|Bar|Grill|Tavern|Lounge|Brasserie|Taproom|Pantry|"
    r"Larder|Bakehouse|Emporium|Coffee|Books|Hair|Beauty|Fitness|Gym|Interiors|Supplies|Tea\s+Rooms?))"
    r"\s*(?:,|\bat\b|\bon\b|\(|[\u2013\u2014-])\s*$"
)
# A count or a name rather than a house number: "the 3 Bridges Walk", "our 5 Park Runs", "all 12 Green Lanes".
COUNT_BEFORE = re.compile(r"\b(?:the|a|our|your|this|these|those|every|all|first|last|next|its|their)\s*$", re.I)
NUMBER_WORDS = {"oh": "0", "o": "0", "zero": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
# A phone number said in words, as people do to dodge filters: "oh-seven-seven-double-oh, 900 654 321".
SPOKEN = re.compile(
    r"(?<![\w-])(?:(?:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|treble|hundred|"
    r"thousand|\d{1,6})"
    r"(?:[\s,.\-\u2013]{1,3}|$)){6,}",
    re.IGNORECASE,
)
SPOKEN_GATE = re.compile(r"\b(?:oh|double|treble|triple|nought|zero)\b[\s,\-]", re.IGNORECASE)
NHS_NUMBER = re.compile(r"(?<![\d\-])\d{3}[ \-]?\d{3}[ \-]?\d{4}(?![\d\-])")
NHS_BEFORE = re.compile(r"\bnhs\b[^.!?\n]{0,30}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Detail:
    """One personal detail found in a post."""

    kind: str
    start: int
    end: int
    score: float
    reason: str


@dataclass(frozen=True)
class Known:
    """The council's own published details and the names of its people, prepared once per configuration."""

    phones: frozenset[str]
    emails: frozenset[str]
    domains: tuple[str, ...]
    addresses: tuple[str, ...]
    allowed: tuple[str, ...]
    names_by_handle: dict[tuple[str, str], tuple[str, ...]]


def squeeze(text: str) -> str:
    """Return only the lower-case letters and digits of a text, for comparing addresses."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def national_digits(number: str) -> str:
    """Return the UK national significant number of a phone as written (no 0, no +44)."""
    digits = re.sub(r"\D", "", number)
    if number.lstrip("( ").startswith(("+", "00")):
        digits = digits[4:] if digits.startswith("0044") else digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def _known(config: Config) -> Known:
    """Return the council's own details and its people's names, normalised for comparison."""
    contact = config.council.contact
    settings = config.checks.personal_data
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    for key, reg in config.registry.items():
        if reg.councillor is not None:
            # The surname: first names are too common to say an address is the councillor's own.
            names[key] = tuple(reg.councillor.name.casefold().split()[-1:])
    return Known(
        # Numbers in allow_terms (a club secretary who agreed to be named) count as published too.
        phones=frozenset(national_digits(p) for p in [*contact.phones, *settings.allow_terms] if DIGIT.search(p)),
        emails=frozenset(e.casefold().strip() for e in [*contact.emails, *settings.allow_terms] if "@" in e),
        domains=tuple(d.casefold() for d in config.council.email_domains),
        addresses=tuple(squeeze(a) for a in contact.addresses),
        allowed=tuple(squeeze(a) for a in settings.allow_terms if squeeze(a)),
        names_by_handle=names,
    )


def known_for(config: Config) -> Known:
    """Return the prepared details for a configuration, built on first use."""
    return per_config("personal-data", config, _known)


def _before(text: str, start: int, width: int = 60) -> str:
    """Return up to `width` characters before a position."""
    return text[max(0, start - width):start]


def _sentence(text: str, start: int, end: int, width: int = 90) -> str:
    """Return the text around a span, cut at sentence ends."""
    lo = max(0, start - width)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), text.rfind("! ", lo, start))
    lo = cut + 1 if cut >= 0 else lo
    hi = min(len(text), end + width)
    stops = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i >= 0]
    return text[lo:min(stops) if stops else hi]


@lru_cache(maxsize=4096)
def is_personal_phone(national: str) -> bool:
    """Say whether a national number is a valid (or drama-range) UK home line or mobile."""
    if len(national) not in (9, 10) or national[0] not in "127":
        return False  # 03/05/08/09: organisations' and services' numbers
    if national.startswith(DRAMA):
        return len(national) == 10
    try:
        parsed = phonenumbers.parse("+44" + national, None)
    except phonenumbers.NumberParseException:
        return False
    # A UK-shaped home line or mobile is someone's number even where libphonenumber has not been told of the
    # range (new allocations, Ofcom's other drama ranges): 10 national digits starting 1, 2 or 7.
    return phonenumbers.is_valid_number(parsed) or (len(national) == 10 and phonenumbers.is_possible_number(parsed))


def _phone_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the span of a number's longest prefix that is a personal UK phone ("07700 900123 2pm" overreaches)."""
    while end > start:
        if is_personal_phone(national_digits(text[start:end])):
            return start, end
        groups = [g.start() for g in re.finditer(rf"{SEP}+\d", text[start:end])]
        if not groups or len(national_digits(text[start:end])) <= 9:
            return None
        end = start + groups[-1]
    return None


THEM_ON = re.compile(r"\b(?:ring|call|phone|contact|text|message)\s+them\s+(?:on|at)\s*$"
                     r"|\bgive\s+them\s+a\s+(?:ring|call|bell|buzz)\s+(?:on|at)\s*$"
                     r"|\b(?:their|its)\s+(?:phone\s+|direct\s+|main\s+)?(?:number|line)\s+is\s*:?\s*$", re.IGNORECASE)
SCAM = re.compile(r"\b(?:scam\w*|fraud\w*|phishing|claiming\s+to\s+(?:be|work|call)|pretending\s+to\s+be|"
                  r"cold[\s-]call\w*|nuisance\s+call\w*|spoof\w*)\b", re.IGNORECASE)


def find_phones(text: str, known: Known, author_names: tuple[str, ...] = ()) -> Iterator[Detail]:
    """Yield personal UK phone numbers."""
    for m in PHONE.finditer(text):
        span = _phone_span(text, m.start(), m.end())
        if span is None or national_digits(text[span[0]:span[1]]) in known.phones:
            continue
        if NON_GEOGRAPHIC.match(national_digits(text[span[0]:span[1]])):
            continue  # 03, 08 and 09 numbers are organisations' lines ("their support line is 0333 ..."), no one's own
        if not_someones_phone(_before(text, m.start())) or _named_own(_before(text, m.start(), 40), author_names):
            continue
        if THEM_ON.search(_before(text, m.start())) and ORG_NEAR.search(text):
            continue  # "Pennywise Hardware ... Pop in or ring them on 01...": the business named before
        if SERVICE_AFTER.match(text, span[1]) and not PERSON_BEFORE.search(_before(text, m.start())) \
                and BUSINESS_NEAR.search(text, max(0, m.start() - 160), m.start()):
            continue  # "Brackley Pharmacy ... 01632 960118 for repeat prescriptions": a business's trade
        if ORG_AFTER_NUMBER.match(text, span[1]):
            continue  # "report it on 01280 ... (the Town Council office)": whose line it is, said after it
        if MINE_AFTER.match(text, span[1]) and SELF_EARLIER.search(text, max(0, span[0] - 120), span[0]):
            continue  # "my number's on the leaflet, but for anyone who binned it: 07... yes, that's actually me"
        if SCAM.search(_sentence(text, m.start(), m.end())):
            continue  # a scammer's number quoted in a warning is published to protect people, not about them
        yield Detail("phone", span[0], span[1], 0.9, "UK phone number")


# What a business sells or books, said by its number: a table, an order, a prescription, its opening hours. A person
# named before it keeps the number theirs ("ring Sandra to book a stall").
SERVICE_WORDS = (
    r"book(?:ing)?s?\s+(?:your|a|the)\s+(?:table|tables|place|places|slot|seat|seats|pitch|room|appointment)|"
    r"table\s+bookings?|reservations?|to\s+(?:reserve|order)|orders?\s+(?:line|taken)|takeaways?|home\s+deliver(?:y|ies)|"
    # "Celebration cakes can be ordered on 01...": what the shop sells, ordered by phone
    r"(?:can\s+be\s+)?ordered\s+(?:on|by\s+(?:phone|ringing|calling))|pre-?orders?|"
    # "They're taking Mother's Day bookings on 01..."
    r"taking\s+(?:[\w'’-]+\s+){0,3}?(?:bookings|orders|reservations|patients|members|pupils|clients|customers)"
    r"|bookings?\s+(?:on|via)|"
    # "Tickets for the celebration match are on sale at St James Park or on 01..."
    r"on\s+sale|tickets?\s+(?:line|office|hotline)|box\s+office|"
    r"opening\s+(?:hours|times)|open\s+(?:till|until|daily|every\s+day|from\s+\d)")
SERVICE = re.compile(rf"\b(?:{SERVICE_WORDS})\b", re.IGNORECASE)
# After the number only: "01280 ... for prescriptions"; before it, "a lift to the surgery for prescriptions" is a
# favour.
SERVICE_AFTER = re.compile(rf"\s*[,(\u2013\u2014-]?\s*(?:for|to)\s+(?:{SERVICE_WORDS}|(?:repeat\s+)?prescriptions?|"
                           r"book\s+(?:a|your)\s+table)\b", re.IGNORECASE)


# A business named before its number: a kind of shop or venue, or "they/their" for it.
BUSINESS_NEAR = re.compile(
    r"\b(?:pharmacy|chemist|surgery|dentist|practice|pub|inn|arms|bar|cafe|café|restaurant|bistro|deli|bakery|butcher|"
    r"shop|store|salon|barber|garage|hotel|takeaway|chippy|centre|club\s+house|clubhouse|they|they['’]re|their)\b",
    re.IGNORECASE)


# Non-geographic numbers (03 national rate, 080 free, 084/087 business, 09 premium) are lines organisations rent.
NON_GEOGRAPHIC = re.compile(r"(?:3|80|84|87|9)")  # the national significant number, its 0 gone
# An organisation's desk named in brackets or after a dash just after the number: "01280 ... (the Town Council office)".
ORG_AFTER_NUMBER = re.compile(
    r"\s*(?:\(|[,\u2013\u2014-])\s*(?:the\s+|our\s+)?(?:(?!his\b|her\b|their\b|my\b|mobile\b|home\b|she\b|he\b|they\b|"
    # "..., she holds the hall keys", "- he has the hall key": a person's clause after the number, not a desk's name
    r"who\b|i\b|we\b|you\b|has\b|holds\b|keeps\b|runs\b|manages\b|knows\b|looks\b|opens\b|locks\b|cleans\b)"
    r"[\w'’&]+\s+){0,3}"
    r"(?:office|council|library|surgery|helpline|hotline|switchboard|reception|centre|center|hall|desk|box\s+office"
    r"|booking\s+line|enquiries|police|station)\b", re.IGNORECASE)


# The sixty characters before a number decide it; a post of one number over and over asks the same question of the
# same words each time, so the answers are kept (for short strings only: _before cuts them to 60 characters).
# The author's own line announced at the head of a sentence, "my" left out: "New mobile for casework: 07...", "Ward
# casework line from today - 07...". Not someone else's new number ("Sandra's new mobile:", "New number for Mick:").
OWN_LINE = re.compile(
    r"(?:^|[.!?:\n\u2013\u2014]\s*|\s-\s*)[^\w\s]{0,3}\s*(?:(?:quick\s+)?(?:update|reminder|note|psa|heads[\s-]up)\W{1,3})?"
    r"(?:(?:new|updated|changed|different)\s+(?:casework\s+|ward\s+|work\s+|council\s+|councillor\s+)?"
    r"(?:mobile|number|phone|phone\s+number|mobile\s+number|contact\s+number|landline)"
    r"|(?:casework|ward|councillor)\s+(?:casework\s+)?(?:mobile|number|phone|line|hotline))"
    r"(?:\s+(?:number|line))?(?:\s+(?:for|from)\s+(?:ward\s+|council\s+|all\s+)?(?:casework|enquiries|queries|residents|"
    # "New number for ward stuff is 07..."
    r"stuff|business|matters|things|issues|work|"
    r"constituents|business|the\s+ward|today|now\s+on|now))*(?:\s+is)?\s*[:\-\u2013\u2014]?\s*$",
    re.IGNORECASE)


@lru_cache(maxsize=4096)
def not_someones_phone(before: str) -> bool:
    """Say whether the words before a number make it no one else's: not a phone, the author's own, or an office's."""
    if NOT_PHONE_CONTEXT.search(before) or only_self(before) or THE_PLACE_ON.search(before):
        return True
    if OWN_LINE.search(before) and not PERSON_BEFORE.search(before):
        return True
    if VENUE_BEFORE.search(before):
        return True  # "The Plough on Market Place (01280 ...)": a named venue's line
    if SERVICE.search(before) and not PERSON_BEFORE.search(before) and not NAMED_LINE.search(before):
        return True  # "book your table for the next one on 01...", "open till 6.30 weekdays now - 01...": a business's
    org = ORG_BEFORE.search(before)
    if org is None and EMAIL.search(before):
        # An address's dots end the reach of the words before it: "Referrals via info@foodbank.org.uk or 01..."
        masked = EMAIL.sub(" email ", before)
        return ORG_BEFORE.search(masked) is not None and PERSON_BEFORE.search(masked) is None \
            and YOURS.search(masked) is None and NAMED_LINE.search(masked) is None
    if org is not None and THEIR_DESK.search(before):
        return True  # "Referrals through their office on 01...": an organisation's office, not a person's
    if org is None or PERSON_BEFORE.search(before) or YOURS.search(before):
        return False
    # A person named after the service, then their number's label: "the Saturday group's co-ordinator is Ray (mob
    # 07...", "ask for Jo, tel: 01...". The label says a person's line whatever range the number is in (test writers use
    # Ofcom's drama range 07700 900xxx for realistic fakes).
    label = NAME_LABEL.search(before)
    who = "name" if label is not None and label.group("name") else "called"
    if label is not None and label.start(who) > org.start() and not _place_or_body(label.group(who)):
        return False
    # "If you need a lift to the surgery, Maureen is on 07...": a person named after the service owns the number.
    named = NAMED_LINE.search(before)
    # ...and so does one whose description holds the service ("Mike the plumber who fixed the Town Hall leak is on").
    return named is None or (named.start() <= org.start() and not named.start() < org.start() < named.end())


# The place rung, named by what it is: "call the practice on 01...", "ring the shop on".
THE_PLACE_ON = re.compile(r"\b(?:call|ring|phone|contact|text|try)\s+(?:the|their)\s+(?:practice|surgery|vets?|shop"
                          r"|office|pub|restaurant|salon|garage|hotel|library|centre|club|school|reception|caf[eé]|bakery|hall|team"
                          r"|desk|helpline|hotline|pharmacy|chemist|clinic|hub|foodbank|food\s+bank)\s+(?:on|at)\s*$",
                          re.IGNORECASE)


# A named venue just before a number: "The Plough on Market Place (", "The Old Bakery Tearooms –". A family is plural
# ("The Smiths:"), so its last word may not end in s.
VENUE_BEFORE = re.compile(r"(?:^|[\s(])The\s+(?:[A-Z][\w'’&-]*\s+){0,3}[A-Z][\w'’&-]*[^s\W](?:\s+(?:on|in|at)\s+"
                          r"(?:[A-Z][\w'’-]*\s*){1,3})?\s*(?:,|\(|[\u2013\u2014-]|:)?\s*$")
# An organisation's own desk by its possessive: "through their office on", "its helpline".
# "Their Easter orders line is", "their celebration cakes line": a word or two may say what the line is for.
THEIR_DESK = re.compile(r"\b(?:their|its)\s+(?:own\s+|[\w'’-]+\s+){0,2}(?:office|shop|desk|team|switchboard|reception"
                        r"|helpline|hotline|line|landline|(?:booking|order|orders|prescriptions?|appointments?|enquiries)\s+line)\b"
                        r"[^.!?\n]{0,15}$", re.IGNORECASE)
# A first name just before the number: "Maureen is on", "Derek:", "Bob –".
NAMED_LINE = re.compile(r"(?-i:\b[A-Z][a-z]{2,})\s*,?\s*(?:is\s+on|on|:|-|–)\s*$"
                        # "Mike the plumber who fixed the leak is on 07...", "Tony from the allotment society: 01..."
                        r"|(?-i:\b(?!(?:Ring|Call|Phone|Contact|Text|Email|Message|Visit|Try|See|Book|Please|Pop|Drop"
                        r"|Ask|Speak|Talk|Reach|Get|Give|Tell)\b)[A-Z][a-z]{2,})\s+(?:the\s+[a-z]+|from\s+(?:the\s+)?"
                        r"[\w' ]{2,30}?)"
                        r"(?:\s+who\s+[^,.;:!?\n]{0,40}?)?\s*,?\s*(?:is\s+on|on|:|-|–)\s*$"
                        # "text Mick who is leading the group on 07...", "ring Sue, our walk leader, on 07...": a person
                        # asked for by name, then what they are doing, which may hold the group's or the service's word
                        r"|(?i:\b(?:text|ring|call|phone|contact|message|whatsapp|ask\s+for|speak\s+to|talk\s+to)\s+)"
                        r"(?-i:[A-Z][a-z]{2,})\s*,?\s+(?:who(?:['’]s|['’]ll\s+be|\s+is|\s+will\s+be)\s+[a-z]+ing\b"
                        r"[^,.;:!?\n]{0,40}?|(?:our|the|your)\s+(?:[\w'’-]+\s+){0,3}?(?:leader|organiser|organizer|"
                        r"co-?ordinator|volunteer|captain|steward|marshal|warden|caretaker|driver|host|helper))"
                        r"\s*,?\s*(?:is\s+on|on|:|-|–)\s*$")


# A first name, then a phone's label: "Ray (mob", "Sue, m:", "Dave – tel.", "call Jo (", "text Priya -".
NAME_LABEL = re.compile(
    r"(?-i:\b(?P<name>[A-Z][a-z]{2,}))\b\s*[(,\-\u2013\u2014]?\s*(?:on\s+)?(?:mob(?:ile)?|m|tel|t|ph(?:one)?|call|"
    r"text|txt|whats\s?app)\b\.?\s*[:\-\u2013]?\s*$"
    r"|\b(?:call|ring|text|phone|txt|whats\s?app|contact)\s+(?-i:(?P<called>[A-Z][a-z]{2,}))\b\s*[(,:\-\u2013\u2014]?\s*$",
    re.IGNORECASE)


def _place_or_body(name: str | None) -> bool:
    """Say whether a capitalised word is a place, a body or a time rather than a first name ("Square", "Tuesdays")."""
    return name is None or any(NOT_A_PERSON.fullmatch(w) for w in (name, name.removesuffix("s")))


def only_self(before: str) -> bool:
    """Say whether the words before a detail make it the author's own ("call me on"), not "me or Sandra"."""
    m = SELF.search(before)
    if m is None or SOMEONE_ELSE.search(before, m.start()) is not None:
        return False
    other = ANOTHER_DETAIL.search(before, m.start())
    # "reach me on my own mobile, 07700 900574, or at margaret@...": the second detail the same person's
    return other is None or CHAINED.fullmatch(before, other.end()) is not None


def _named_own(before: str, author_names: tuple[str, ...]) -> bool:
    """Say whether the author names themself just before a number ("Cllr Whitfield can be reached on 07...")."""
    low = before.casefold()
    at = max((low.rfind(name) for name in author_names), default=-1)
    return at >= 0 and SOMEONE_ELSE.search(before, at) is None


def _own_email(local: str, author_names: tuple[str, ...]) -> bool:
    """Say whether an email's local part carries the author's own name (a councillor's own address)."""
    return any(name in local for name in author_names)


def _handle_name(handle: str) -> str:
    """Return an account's handle as the letters and digits of its name, a Bluesky handle without ".bsky.social"."""
    return squeeze(handle.casefold().removeprefix("@").removesuffix(".bsky.social"))


def _handle_mailbox(address: str, handle: str, text: str) -> bool:
    """Say whether a mailbox is on the posting account's own name ("jo@jofordeanshanger.uk" from jofordeanshanger).

    The mailbox or its domain repeating the handle (or held in it: "priyasharma@" from CllrPriyaSharma) is the
    writer's own; on the writer's domain, a mailbox named for someone the post names ("Sandra: sandra@...") is theirs.
    """
    name = _handle_name(handle)
    if len(name) < 6:
        return False
    local, _, domain = address.rpartition("@")
    local, label = squeeze(local), squeeze(domain.partition(".")[0])

    def same(word: str) -> bool:
        shorter, longer = sorted((word, name), key=len)
        return len(shorter) >= 6 and shorter in longer

    if same(local):
        return True
    if not (same(label) or name == squeeze(domain)):
        return False
    return not (len(local) >= 3 and local in person_names(text) and local not in name)


def _organisation_email(address: str, known: Known, text: str = "") -> bool:
    """Say whether an email is the council's, a public body's or a role mailbox rather than a person's."""
    local, _, domain = address.rpartition("@")
    if address in known.emails or any(domain == d or domain.endswith("." + d) for d in known.domains):
        return True
    if domain.endswith(PUBLIC_SECTOR) or domain in PUBLIC_SECTOR:
        return True
    if local in ROLE_MAILBOXES or local.replace(".", "") in ROLE_MAILBOXES:
        return True
    if _own_domain_name(local, domain, text):
        return True
    return ORG_MAILBOX.search(strip_names(local, text)) is not None


# An organisation's domain: .org and .org.uk, or a name holding a group's word ("brackleybowls.co.uk").
ORG_DOMAIN = (".org", ".org.uk", ".club", ".charity")


def _own_domain_name(local: str, domain: str, text: str) -> bool:
    """Say whether a mailbox repeats its organisation's own domain ("rotary@brackleyrotary.org.uk").

    A club's mailbox is often its name, the domain's last word after the town's; a member's is theirs ("jane.smith@"
    or "jane@" at the same domain). Without a group's word in the domain, the post must name the group by that word
    ("Thank you to Brackley Rotary"), since a personal domain repeats its owner ("webb@johnwebb.org"). A name the
    post gives as a person's is theirs even when the domain repeats it.
    """
    label = domain.partition(".")[0]
    if len(local) < 3 or local not in label or local not in strip_names(local, text):
        return False
    if ORG_MAILBOX.search(label):
        return True
    if not domain.endswith(ORG_DOMAIN) or not label.endswith(local) or label == local:
        return False
    return re.search(rf"\b{re.escape(local)}\b(?!@)", text, re.IGNORECASE) is not None


def strip_names(local: str, text: str) -> str:
    """Return a mailbox name without the people's names the post gives and common surnames holding org words.

    "Kerry Bishop – kerrybishop74@" is Kerry's, though "bishop" holds "shop"; "Brackley Youth Club –
    brackleyyouth@" stays the club's, since "youth" is an organisation word and is never taken out.
    """
    for name in person_names(text):
        local = local.replace(name, "")
    return SURNAME_FRAGMENTS.sub("", local)


# A post is read for every address in it: its names are found once (the last few posts' are kept), not once per
# address, which was quadratic in a post of 400 "a [at] b [dot] com".
@lru_cache(maxsize=4)
def person_names(text: str) -> tuple[str, ...]:
    """Return the capitalised words of a text that may be people's names, folded, in order (not org words)."""
    return tuple(name for name in (n.casefold() for n in PERSON_NAME.findall(text)) if ORG_MAILBOX.search(name) is None)


def _deobfuscate(found: str) -> tuple[str, bool]:
    """Return an obfuscated email as a plain address, and whether a plain " at " word was used."""
    plain_at = re.search(r"\sat\s", found, re.IGNORECASE) is not None and "@" not in found
    clean = replace_padded(AT_TOKEN, found, "@", count=1)
    clean = replace_padded(DOT_TOKEN, clean, ".")
    return re.sub(r"\s+", "", clean).casefold(), plain_at


def _emails(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Yield (start, end, plain address, obfuscated) for every email-like string."""
    seen: list[tuple[int, int]] = []  # in order, not overlapping: finditer's
    if "@" in text:
        for m in EMAIL.finditer(text):
            seen.append(m.span())
            yield m.start(), m.end(), m.group().casefold(), False
    if OBFUSCATION_GATE.search(text.lower()) and AT_TOKEN.search(text):
        for m in OBFUSCATED_EMAIL.finditer(text):
            i = bisect_right(seen, (m.start(), len(text) + 1)) - 1  # the plain address starting at or before it
            if i >= 0 and seen[i][0] <= m.start() < seen[i][1]:
                continue
            address, plain_at = _deobfuscate(m.group())
            # "tickets at brackleyfestival.co.uk" is a website: a plain " at " needs an obfuscated " dot " too.
            if plain_at and not re.search(r"\bdot\b|[\[({<]\s*dot", m.group(), re.IGNORECASE):
                continue
            yield m.start(), m.end(), address, True


def find_emails(text: str, known: Known, author_names: tuple[str, ...], handle: str = "") -> Iterator[Detail]:
    """Yield personal email addresses, plain or obfuscated."""
    for start, end, address, obfuscated in _emails(text):
        local = address.rpartition("@")[0]
        if _organisation_email(address, known, text) or _own_email(local, author_names):
            continue
        if handle and _handle_mailbox(address, handle, text):
            continue  # the writer's own mailbox, on the account's own name
        if only_self(_before(text, start)):
            continue
        yield Detail("email", start, end, 0.9 if not obfuscated else 0.85,
                     "obfuscated email address" if obfuscated else "email address")


# Who lived at a house long ago, as a blue plaque or a history post tells it: "the Hopcraft family lived here from 1780
# to 1872", "was born here in 1850". The long dead are no one's personal data (UK GDPR covers living people); a later
# year after the first ("lived here from 1890 to 1990") may be someone alive, so it does not count.
OLD_YEAR = r"(?:1[0-8]\d\d|19[01]\d)"
LONG_AGO = re.compile(
    r"\b(?:lived|was\s+born|were\s+born|died|grew\s+up|resided|was\s+brought\s+up|was\s+raised)\b[^.!?\n]{0,40}?"
    rf"\b{OLD_YEAR}\b(?!\s*(?:-|\u2013|to|and|until|till)\s*(?:19[2-9]\d|20\d\d))(?:\s*(?:-|\u2013|to|and|until|till)\s*"
    rf"{OLD_YEAR}\b)?",
    re.IGNORECASE)
# Beside a long-ago resident, only words saying someone lives there now count: a "house" or a "home" is the old one's.
LIVES_NOW = re.compile(r"\b(?:lives|living|resides|residing|residents?|occupants?|occupiers?|tenants?|owners?|"
                       r"moved\s+in|moving\s+in|neighbours?|now\s+home\s+to)\b", re.IGNORECASE)


def _living_said(said: str) -> bool:
    """Say whether a sentence says someone lives at the place it names, not only who lived there long ago."""
    if ("born" in said or "lived" in said or "died" in said or "grew" in said or "resided" in said
            or "raised" in said or "brought" in said) and LONG_AGO.search(said):
        return LIVES_NOW.search(LONG_AGO.sub(" ", said)) is not None
    return LIVES.search(said) is not None


def _lived_in(text: str, start: int, end: int) -> bool:
    """Say whether the sentence around a span says someone lives there (public houses and halls aside)."""
    return _living_said(PUBLIC_PLACES.sub(" ", _sentence(text, start, end)))


# A person's name set just before an address: "Linda Moss, 23 Manor Road", "Mrs Green, 5 High Street".
NAME_BEFORE_ADDRESS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'’-]+|\b[A-Z][a-z]+\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'’-]+"
    # someone pointed out by where they live: "the van belongs to the chap at 5 Cartmel Close"
    # "the lady knitting the blankets is Maureen, she's at 8 Lime Avenue"
    r"|\b[A-Z][a-z]+,\s+(?i:she|he|they)['’](?:s|re)\s+(?i:at|on|in)\s*$"
    r"|\b(?i:the|that|this)\s+(?:(?i:[a-z]+)\s+)?(?i:chap|bloke|man|woman|lady|fella|guy|lad|lass|family|couple|people"
    r"|neighbours?|tenants?|owners?|occupants?|household|folk|lot|kids?|boys?|girls?)\s+(?i:at|from|in)\s*$"
    # a home called by its owner's name: "book club is at Jean's this month - 7 Magpie Road", "go to Margaret's - 9 ..."
    r"|\b(?i:at|to|round\s+to|over\s+to|from)\s+[A-Z][a-z]+['’]s(?:\s+(?i:place|house|home|flat|bungalow))?"
    r"(?:\s+(?i:this|next|on|every)\s+\w+)?\s*[:\u2013\u2014-]\s*$)"
    r"\s*(?:,|\bof|\bat|\bfrom|\bin)?\s*$")


STREET_END = re.compile(rf"\b(?i:{SUFFIXES})\b\W*(?:,|of|at|from|in)?\s*$")


def _named_before(text: str, start: int) -> bool:
    """Say whether a person's name, not a place's, stands just before an address ("Linda Moss, 23 Manor Road")."""
    named = NAME_BEFORE_ADDRESS.search(text, max(0, start - 40), start)
    if named is None or ORG_NEAR.search(named.group()) or STREET_END.search(named.group()):
        return False  # "Brackley Library, 5 Market Place", "Church Lane, 4 High Street"
    return not NAMED_VENUE.search(text[max(0, start - 60):start])


def _council_address(found: str, known: Known) -> bool:
    """Say whether an address is (part of) the council's own published address or allowed in config."""
    key = squeeze(found)
    return any(key in a or a in key for a in known.addresses + known.allowed if a)


def _organisation_near(text: str, start: int, end: int) -> bool:
    """Say whether a shop, public building, works or named venue is next to an address."""
    before = re.split(r"[.!?\n]\s", text[max(0, start - 60):start])[-1]
    after = re.split(r"[.!?\n]\s", text[end:end + 25])[0]
    if NAMED_VENUE.search(before):
        return True
    return ORG_NEAR.search(before) is not None or ORG_NEAR.search(after) is not None


def spoken_digits(found: str) -> str:
    """Return the digits of a number said in words ("oh-seven-seven-double-oh" -> "07700")."""
    out: list[str] = []
    repeat = 1
    for token in re.findall(r"[a-z]+|\d+", found.lower()):
        if token in ("double", "triple", "treble"):
            repeat = 2 if token == "double" else 3
            continue
        if token in ("hundred", "thousand"):  # "nine hundred" is 900, as numbers are read out
            out.append("00" if token == "hundred" else "000")
            continue
        digits = NUMBER_WORDS.get(token, token if token.isdigit() else "")
        out.append(digits * repeat if len(digits) == 1 else digits)
        repeat = 1
    return "".join(out)


def find_spoken_phones(text: str, known: Known) -> Iterator[Detail]:
    """Yield personal UK phone numbers said in words ("oh-seven-seven-double-oh, 900 654 321")."""
    for m in SPOKEN.finditer(text):
        digits = spoken_digits(m.group())
        if not digits.startswith("0") or not re.search(r"[a-z]", m.group(), re.IGNORECASE):
            continue
        national = digits[1:]
        if national in known.phones or not is_personal_phone(national):
            continue
        if not_someones_phone(_before(text, m.start())):
            continue
        yield Detail("phone", m.start(), m.end(), 0.8, "UK phone number written in words")


# A household named as living at a house: "the Hendersons' place", "the Okafor family's drive", "Sue's house", "the
# Ashworths are fine but their garage ...". Beside a house number and a street, that is an address with its residents.
HOME_PART = (r"(?:own\s+)?(?:place|house|home|flat|bungalow|cottage|cellar|basement|kitchen|garden|garage|"
             r"drive(?:way)?|front\s+door|back\s+door|doorstep)\b")
RESIDENTS_NAMED = re.compile(
    rf"(?-i:\b[Tt]he\s+[A-Z][a-z]+s['’]|\b[Tt]he\s+[A-Z][a-z'’-]+\s+family(?:['’]s)?|\b[A-Z][a-z]{{2,}}['’]s)\s+(?i:{HOME_PART})"
    rf"|(?-i:\b[Tt]he\s+[A-Z][a-z]+s|\b[Tt]he\s+[A-Z][a-z'’-]+\s+family)\b(?:[^.!?\n]{{0,40}}?\b(?i:their\s+{HOME_PART})"
    r"|\s+(?i:live|have\s+lived|['’]ve\s+lived|who\s+live)\b)")
HOME_WORDS = ("place", "house", "home", "flat", "bungalow", "cottage", "cellar", "basement", "kitchen", "garden",
              "garage", "drive", "door", "live")
# A house number said loosely ("No 27", "at 27"): only beside a named household, and not a time, a bus or a measure.
LOOSE_NUMBER = re.compile(
    r"\b(?:no\s*|at\s+)\d{1,3}[a-z]?\b(?!\s*(?:%|:|\.\d|[-\u2013]\s*\d|(?:am|pm|mph|bus|route|service|degrees?|"
    r"years?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|people|o['’]clock|pence|p|percent|per)\b))",
    re.IGNORECASE)


def find_numbered_houses(text: str) -> Iterator[Detail]:
    """Yield "lives on Hill Street, at number 42" or "no. 27 on Halse Rd, the Hendersons' place": a house number
    given in words next to a street, and someone living there or a household named."""
    low = text.lower()
    household = ("s' " in text or "s’ " in text or "'s " in text or "’s " in text or " family" in low or "their" in low
                 or " live" in low) and any(word in low for word in HOME_WORDS)
    numbers: list[re.Match[str]] = []
    if "number" in low or "no." in low:
        numbers += NUMBER_WORD.finditer(text)
    if household and ("no" in low or "at " in low):
        numbers += LOOSE_NUMBER.finditer(text)
    for m in numbers:
        around = _sentence(text, m.start(), m.end())
        said = PUBLIC_PLACES.sub(" ", around)
        street = STREET.search(around)
        # the street may be a sentence before: "a dispute on Halse Rd ... the woman who raised it lives at number 16"
        if m.re is NUMBER_WORD and _living_said(said) \
                and (street or STREET.search(text, max(0, m.start() - 150), m.start())):
            yield Detail("address", m.start(), m.end(), 0.8, "home address (house number and street)")
        # the street may be named a sentence before: "Flooding on Halse Rd again. Worst at no. 27, the Hendersons'"
        elif (street or STREET.search(text, max(0, m.start() - 150), m.start())) and _household_beside(text, m):
            yield Detail("address", m.start(), m.end(), 0.75, "a house number with its household named")


def _household_beside(text: str, number: re.Match[str]) -> bool:
    """Say whether a household is named as living just beside a house number (the household starting near it)."""
    reach = 25 if number.group()[:2].casefold() == "at" else 60  # "at 10, bring ..." is more often a time
    for m in RESIDENTS_NAMED.finditer(text, max(0, number.start() - reach), number.end() + reach + 80):
        if m.start() > number.end() + reach:
            break
        if not ORG_NEAR.search(text, m.end(), m.end() + 20):
            return True  # not "the Webbs' garage workshop"
    return False


# A house number written after its street, marked as a number ("Partridge Rise (no. 15)", "Partridge Rise, number 15",
# "Partridge Rise at no.15"): an address, not a range ("no. 2-10"; "nos." never matches) nor a bus ("no. 15 bus").
NUMBER_AFTER = re.compile(
    r"(?:\(\s*|,\s*|\bat\s+|[-\u2013\u2014]\s+)(?:no\.?|number|num\.?|#)\s*\d{1,3}[a-z]?\b"
    r"(?!\s*(?:[-\u2013\u2014/]\s*\d|(?:to|through|thru)\s+\d|(?:bus|route|service)\b))",
    re.IGNORECASE)
STREET_BEFORE = re.compile(rf"\b(?:{NAME_WORD}\s+){{1,3}}(?i:{SUFFIXES})\b\.?[ \t]*$")
# Who comes to a household, or the private matter they come for: a visit ties the house to its residents' business.
HOUSEHOLD_VISIT = re.compile(
    r"\b(?:pest\s+control|exterminators?|rats?|mice|vermin|infest\w*|cockroach\w*|bed\s*bugs?|bailiffs?|"
    r"enforcement\s+(?:agents?|officers?)|debt\s+collectors?|repossess\w*|evict\w*|environmental\s+health|"
    r"noise\s+(?:complaints?|nuisance)|hoard\w*|ambulances?|paramedics?|police|fire\s+(?:crews?|service|brigade)|"
    r"(?:house\s+)?clearance\s+(?:firm|company|team|crew)s?|house\s+clearance|social\s+(?:services|workers?)|"
    r"welfare\s+(?:check|visit)|safeguarding)\b",
    re.IGNORECASE)
# A street-works notice names a house as a landmark, not a household: "works outside Partridge Rise, no. 4".
STREET_WORKS = re.compile(
    r"\b(?:works|roadworks|resurfac\w*|scaffold\w*|footway|pavement|carriageway|traffic\s+(?:lights|management)|"
    r"diversion|gas\s+main|water\s+main|openreach|cabinet|streetlights?|street\s+lights?|parking\s+suspension|"
    r"road\s+closure|lane\s+closure)\b",
    re.IGNORECASE)


def find_number_after_street(text: str, known: Known) -> Iterator[Detail]:
    """Yield "a property on Partridge Rise (no. 15)" with pest control, bailiffs or the police attending: a house number
    after its street, beside a household visit or someone living there."""
    for m in NUMBER_AFTER.finditer(text):
        street = STREET_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if street is None or _council_address(text[street.start():m.end()], known):
            continue
        start, end = street.start(), m.end()
        near = text[max(0, start - 150):end + 120]
        said = PUBLIC_PLACES.sub(" ", _sentence(text, start, end))
        if not (HOUSEHOLD_VISIT.search(near) or _living_said(said)) or STREET_WORKS.search(near):
            continue
        if _organisation_near(text, start, end) or _business_premises(text, start, end) or _historic(text, start, end):
            continue  # a shop, a hall, a unit on an estate, a building's past
        yield Detail("address", start, end, 0.75, "home address (street, then its house number)")
        return


PLANNING = re.compile(r"\bplanning\s+(?:application|permission|ref\w*|committee)|\b\d{2}/\d{4,5}/[A-Z]{2,5}\b"
                      r"|\b(?:extension|change\s+of\s+use|demolition|listed\s+building\s+consent)\s+at\b"
                      r"|\b(?:purchase|sale|lease|acquisition|freehold|valuation)\s+of\b",
                      re.IGNORECASE)


# A run of house numbers ("the bays outside 1-3 Market Place") is a row of buildings, not one home.
BESIDE_BEFORE = re.compile(r"\d\s*[-–—]\s*$")
# "Resurfacing of 1 to 45 Oxford Road", "from 2 to 30 Bridge Street": a range of properties, as works notices give
# them, is a stretch of street, not one person's home - even with "residents of" before it. The first number must be
# the lower (a "12 to 14" where someone moved is still a range, but Mrs Lee is named as living there: see below).
RANGE_BEFORE = re.compile(r"(?<![\w.,:/£$€])(\d{1,3})[a-z]?\s*(?:[-–—]|to|through|thru|till|til|until)\s*$")
# Words that say people live along a range without naming anyone: "residents of 2 to 30 Bridge Street".
HOUSEHOLDS = frozenset(("residents", "homes", "houses", "home", "house", "occupants", "occupiers", "tenants",
                        "neighbours", "families", "door", "doorstep", "front", "garden"))


def _range_of_houses(text: str, start: int) -> bool:
    """Say whether an address's number ends a range of numbers ("1 to 45 Oxford Road") and no one is named there."""
    first = RANGE_BEFORE.search(text, max(0, start - 14), start)
    if first is not None and re.search(r"\b(?:till|til|until)\b", first.group()):
        return True  # "Sunday 10 till 4, Market Place": opening times, not a house
    if first is None or int(first.group(1)) >= int(re.match(r"\d+", text[start:]).group()):  # type: ignore[union-attr]
        return False
    said = PUBLIC_PLACES.sub(" ", _sentence(text, first.start(), start))
    return all(m.group().casefold().split()[0] in HOUSEHOLDS for m in LIVES.finditer(said))


# A year long enough ago that whoever lived there then is no living person.
# "in the 1860s", "the 18th-century clockmaker"
LONG_DEAD_YEAR = re.compile(r"\b(?:1[0-8]\d\d|19[0-2]\d)(?:s|['’]s)?\b|\b(?:1[0-9]|[2-9])(?:st|nd|rd|th)[- ]century\b")
# "now the charity shop": what the building is today, a business, not a home
NOW_A_BUSINESS = re.compile(r"\bnow\s+(?:a|an|the|our)\s+(?:[\w'’-]+\s+){0,2}?(?=" + ORG_NEAR.pattern + ")",
                            re.IGNORECASE)
STILL_THERE = re.compile(r"\b(?:now|currently|still|today|these\s+days)\b", re.IGNORECASE)
# A building's past, not anyone's home: "the old vicarage at 12 Church Lane is where the first meeting was held, 1894".
HISTORY = re.compile(
    r"\b(?:1[0-8]\d\d|19[0-4]\d|history|historic\w*|heritage|blue\s+plaque|plaque\s+unveil\w*|birthplace|"
    r"listed\s+building|grade\s+ii?\*?\s+listed|"
    r"medieval|victorian|georgian|tudor|edwardian|centur(?:y|ies)|(?:was|were)\s+(?:built|held|founded|demolished)|"
    r"built\s+in|used\s+to\s+(?:be|house|stand)|once\s+(?:was|stood|housed)|dates?\s+(?:back|from))\b",
    re.IGNORECASE)
# A business's premises: "Unit 3, Buckingham Road industrial estate". Its tenant, owner or occupier is a firm.
BUSINESS_BEFORE = re.compile(r"\b(?:unit|units|workshop|warehouse|bay)\s*(?:\d{1,3}[a-z]?\s*,?\s*)?$", re.IGNORECASE)
BUSINESS_AFTER = re.compile(r"[\s,]*(?:[A-Z][\w'’-]*\s+){0,2}(?:industrial|business|trading|retail|enterprise|"
                            r"commercial)\s+(?:estate|park|centre|center|units?)\b", re.IGNORECASE)
TRADE_TENURE = frozenset(("tenant", "tenants", "occupant", "occupants", "occupier", "occupiers", "owner", "landlord"))
# A street named in one word, without a suffix word: "22 Kingsway", "7 Northgate", "15 Crosslands".
ONE_WORD_STREET = re.compile(r"(?<![\w£$€.,/:\-])\d{1,3}[a-zA-Z]?,?[ \t]+([A-Z][a-z]{3,24})\b(?![ \t]+[A-Z])")
STREET_ENDINGS = ("way", "gate", "side", "field", "fields", "lands", "croft", "crofts", "mead", "dale", "wood",
                  "woods", "moor", "ridge", "brook", "leys", "garth", "ings", "thorpe", "cote", "combe", "hurst",
                  "holme", "acre", "acres", "mount")
NOT_STREETS = frozenset((
    "outside", "inside", "beside", "alongside", "anyway", "halfway", "midway", "hallway", "doorway", "railway",
    "stairway", "gateway", "someway", "sideways", "always", "worldwide", "nationwide", "countrywide", "roadside",
    "seaside", "fireside", "bedside", "poolside", "kerbside", "trackside", "pitchside", "ringside", "hollywood",
    "bollywood", "firewood", "driftwood", "plywood"))


def _historic(text: str, start: int, end: int) -> bool:
    """Say whether the sentence around an address tells a building's history (the address's own words aside:
    "12 Tudor Close" is no history)."""
    return HISTORY.search(_sentence(text, start, end).replace(text[start:end], " ")) is not None


def _business_premises(text: str, start: int, end: int) -> bool:
    """Say whether an address is a unit on an industrial estate or a business park, a firm's premises."""
    return bool(BUSINESS_BEFORE.search(text, max(0, start - 16), start) or BUSINESS_AFTER.match(text, end))


def _home_lived_in(text: str, start: int, end: int) -> bool:
    """Say whether an address is someone's home; a firm's premises take only a home word ("lives"), not "tenant"."""
    if not _lived_in(text, start, end):
        return False
    if not _business_premises(text, start, end):
        return True
    said = PUBLIC_PLACES.sub(" ", _sentence(text, start, end))
    return any(m.group().casefold() not in TRADE_TENURE for m in LIVES.finditer(said))


def find_one_word_streets(text: str, known: Known) -> Iterator[Detail]:
    """Yield "your neighbour at 22 Kingsway": a house number and a one-word street, only where someone lives there."""
    for m in ONE_WORD_STREET.finditer(text):
        name = m.group(1).casefold()
        if name in NOT_STREETS or not name.endswith(STREET_ENDINGS) or _council_address(m.group(), known):
            continue
        if COUNT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if not (_home_lived_in(text, m.start(), m.end()) or _named_before(text, m.start())):
            continue
        if _organisation_near(text, m.start(), m.end()) or _historic(text, m.start(), m.end()) \
                or OWN_HOME_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "I'm home most afternoons – 14 Kingsmead": the writer's own
        yield Detail("address", m.start(), m.end(), 0.75, "home address (house number and street)")


# A property in a deal, and a count of premises: "the proposed purchase of 2 Halse Road", "Entries from 14 High Street
# businesses this year".
DEAL_BEFORE = re.compile(r"\b(?:purchase|sale|disposal|valuation|lease|freehold|acquisition)\s+of\s+$", re.IGNORECASE)
COUNT_AFTER = re.compile(r"\s+(?:businesses|shops|traders|homes|households|houses|residents|properties|stalls"
                         r"|premises)\b", re.IGNORECASE)
# The writer's own home named just before its address: "at mine – 27 ...", "my house at", "our place, ...".
# Things left at one's own door count too: "drop it through my door - 4 Hinton Close", "pop round to mine, 12 ...".
OWN_HOME_BEFORE = re.compile(r"\b(?:(?:at|round\s+to|over\s+to|back\s+to)\s+(?:mine|ours)"
                             # "I'm home most afternoons – 14 Kingsmead – pop round"
                             r"|i['’]?m\s+(?:at\s+)?home(?:\s+(?!at\b)[a-z]+){0,3}"
                             # "17 years since we moved into 4 Bell Lane"
                             r"|(?:we|i)\s+(?:first\s+)?moved\s+(?:in)?to|i\s+grew\s+up\s+(?:at|in)"
                             # "I'm at number 23 Springfield Way, just knock"
                             r"|(?:i['’]?m|we['’]re|i\s+am|we\s+are)\s+(?:at|in)(?:\s+(?:number|no\.?))?|(?:my|our)\s+(?:own\s+)?"
                             r"(?:place|house|home|flat|bungalow|cottage|address|garden|kitchen|front\s+room|(?:front\s+|back\s+)?"
                             r"door|letterbox|letter\s+box|porch|doorstep|drive|driveway))\b\s*"
                             r"(?:[,:(\u2013\u2014-]|is|at|which\s+is)?\s*$", re.IGNORECASE)


# A household's new home: "the family burnt out of their flat have been rehoused - they're now at 14a Market Place",
# "she's been rehoused at 3 Mill Lane", "the couple have moved to 31 High Street". The frame marks a home even on a
# street of shops, where a bank or a shop beside the address would otherwise say it is a business. A firm that has
# moved names itself in the clause before ("the bakery has moved to ...", "Citizens Advice are now at ..."), and "we"
# is the writer's own household.
NEW_HOME_FRAME = re.compile(
    r"(?:\bre-?housed\s+(?:at|in|into|to)|\b(?:they|he|she)(?:['’](?:re|s|ve)|\s+(?:are|is|have|has))\s+"
    r"(?:now\s+(?:at|living\s+at|in)|(?:just\s+|now\s+)?(?:been\s+)?(?:moved|rehoused)\s+(?:in)?to|living\s+at)|"
    # "Aled and Fran, who've just moved into 7 Springfield Way"
    r"\bwho(?:['’]ve|\s+have|['’]s|\s+has)\s+(?:just\s+|recently\s+)?(?:moved|been\s+rehoused)\s+(?:in)?to|"
    r"\b(?:family|families|couple|household|tenants?|residents?)\b[^.!?\n]{0,40}?\b(?:have|has)\s+(?:now\s+|just\s+)?"
    r"(?:been\s+)?(?:moved|rehoused)\s+(?:in)?to)\s*(?:no\.?\s*|number\s+|flat\s+)?$", re.IGNORECASE)
# Whose the home is, said before the frame: a household, or someone rehoused.
NEW_HOME_WHO = re.compile(r"\b(?:re-?housed|famil(?:y|ies)|couple|household|tenants?|residents?|mum|dad|widow\w*|"
                          r"pensioners?|neighbours?|kids|children|(?:Mr|Mrs|Ms|Miss)\b)", re.IGNORECASE)


def _new_home(text: str, start: int) -> bool:
    """Say whether an address is given as a household's new home ("they've been rehoused - they're now at ...")."""
    frame = NEW_HOME_FRAME.search(text, max(0, start - 120), start)
    if frame is None:
        return False
    left, _ = _sentence_bounds(text, frame.start(), frame.end())
    before = text[left:frame.start()]
    # Whose home: the clause just before the frame ("a couple at Saturday's surgery, Aled and Fran, who've just moved
    # into ...": the surgery is where they met, not who moved).
    who = re.split(r"[,;:\u2013\u2014]", before.rstrip(" ,"))[-1]
    return NEW_HOME_WHO.search(frame.group() + " " + before) is not None and ORG_NEAR.search(who) is None


# An address everyone knows is nobody's private home: the Prime Minister's, the King's, a story's ("at Number 10
# Downing Street", "221b Baker Street", "4 Privet Drive"). A fictional street alone may be real somewhere, so a story's
# counts only with its famous number.
FAMOUS_ADDRESS = re.compile(
    r"\bDowning\s+St(?:reet)?\b|\bBuckingham\s+Palace\b|\bWindsor\s+Castle\b|\bKensington\s+Palace\b|\bWhite\s+House\b|"
    r"\b(?:221\s*b\s+Baker\s+St(?:reet)?|4\s+Privet\s+Drive|742\s+Evergreen\s+Terrace|62\s+West\s+Wallaby\s+St(?:reet)?"
    r"|32\s+Windsor\s+Gardens|23\s+Railway\s+Cuttings|165\s+Eaton\s+Place)\b",
    re.IGNORECASE)


def _famous_or_joke(text: str, start: int, end: int) -> bool:
    """Say whether a house number and street is a famous address or a joke taken back, not anyone's private home."""
    return (FAMOUS_ADDRESS.search(text, start, end) is not None
            or JOKE_TAKEN_BACK.search(text, start, end + 40) is not None)


def find_addresses(text: str, known: Known) -> Iterator[Detail]:
    """Yield home addresses: a house number and a street, with town and postcode when given."""
    pattern = ADDRESS_LOWER if not any(ch.isupper() for ch in text) else ADDRESS
    for m in pattern.finditer(text):
        if _council_address(m.group(), known) or COUNT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _famous_or_joke(text, m.start(), m.end()):
            continue
        if m.group()[0].isdigit() and _range_of_houses(text, m.start()):
            continue  # a stretch of street in a works notice, not one home
        if OWN_HOME_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "meeting at mine – 27 Springfield Way": the writer's own home, not another's
        if DEAL_BEFORE.search(text, max(0, m.start() - 20), m.start()) or COUNT_AFTER.match(text, m.end()):
            continue  # "the purchase of 2 Halse Road", "14 High Street businesses": an asset in a deal, a count
        lived = _home_lived_in(text, m.start(), m.end()) or _named_before(text, m.start()) \
            or (("now" in text or "moved" in text or "housed" in text) and _new_home(text, m.start()))
        if not lived and PLANNING.search(_sentence(text, m.start(), m.end())):
            continue  # a planning application's site is on the public register
        if not lived and _historic(text, m.start(), m.end()):
            continue  # a building's history: where a meeting was held in 1894, not where anyone lives
        said = _sentence(text, m.start(), m.end())
        if LONG_DEAD_YEAR.search(said) and (not STILL_THERE.search(said) or NOW_A_BUSINESS.search(said)):
            # "In the 1851 census, 12 High Street was home to Thomas Gurney": someone long dead; "home of the brewer
            # in the 1860s, now the charity shop": a shop now
            continue
        if not lived and (_organisation_near(text, m.start(), m.end()) or _business_premises(text, m.start(), m.end())):
            continue  # a shop, a church, a roadworks site: a place, not someone's home
        if not lived and BESIDE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        yield Detail("address", m.start(), m.end(), 0.85 if lived else 0.7,
                     "home address" if lived else "house number and street")


def find_postcodes(text: str, known: Known, taken: list[tuple[int, int]]) -> Iterator[Detail]:
    """Yield full postcodes given next to a person (a postcode alone is a place)."""
    if not POSTCODE_GATE.search(text):
        return
    found = POSTCODE_UPPER.finditer(text.upper()) if text.isascii() else POSTCODE.finditer(text)
    for m in found:
        if any(s <= m.start() < e for s, e in taken) or _council_address(m.group(), known):
            continue
        if not any(c.isdigit() for c in m.group()[-3:]) or not _lived_in(text, m.start(), m.end()):
            continue
        yield Detail("postcode", m.start(), m.end(), 0.7, "postcode next to a person")


def nhs_checksum_ok(digits: str) -> bool:
    """Say whether ten digits pass the NHS number mod-11 check."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(digits[9]) and check != 10


# "NHS number 485 777 3456": named as one just before, ten digits are one even when the check digit is wrong
# (people copy them badly, and a made-up one exposes the intent all the same).
NHS_NAMED = re.compile(r"\bnhs\s+(?:no\.?|number|num\.?|#)\s*(?:is|was|:|-)?\s*$", re.IGNORECASE)


def find_nhs_numbers(text: str) -> Iterator[Detail]:
    """Yield NHS numbers: ten digits passing the check with "NHS" just before, or named "NHS number"."""
    for m in NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        before = _before(text, m.start())
        if NHS_BEFORE.search(before) and nhs_checksum_ok(digits):
            yield Detail("nhs-number", m.start(), m.end(), 0.95, "NHS number")
        elif NHS_NAMED.search(before):
            yield Detail("nhs-number", m.start(), m.end(), 0.85, "NHS number")


# Other details that identify or expose a person (clause 6.4 "in line with the Data Protection Act"): a date of
# birth, a car's registration, a National Insurance number, and a named person's health (special category data).
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:19|20)?\d{{2}}|"
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+(?:19|20)\d{{2}})")
BIRTH_DATE = re.compile(rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|born\s+(?:on\s+)?)\s*[:\-]?\s*{DATE}\b",
                        re.IGNORECASE)
# Current-style plates (AB12 CDE) and prefix plates (A123 BCD), only beside a vehicle word: "NN13 6BD" is a postcode.
PLATE = re.compile(r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3})\b")
VEHICLE = re.compile(r"\b(?:reg(?:istration)?|number\s*plate|plates?|car|cars|van|vehicle|motor|driver|drove|driving|"
                     r"parked|parks|parking|taxi|lorry|truck|bike|motorbike|4x4|suv|hatchback|mercedes|bmw|audi|ford|"
                     r"vauxhall|volkswagen|vw|toyota|nissan|kia|tesla)\b", re.IGNORECASE)
NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
NI_BEFORE = re.compile(r"\b(?:n\.?i\.?|national\s+insurance)\b[^.!?\n]{0,60}$", re.IGNORECASE)
PERSON_REF = (r"(?:(?:Cllr\.?|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?-i:[A-Z]\.?\s+)?(?-i:[A-Z])[\w'’-]+|"
              # a household by its surname: "the Jenkins family"; someone by first name and where they are known from:
              # "Tina from the chippy", "Sue at the Co-op"
              r"the\s+(?-i:[A-Z][a-z'’-]+)\s+family|(?-i:[A-Z][a-z]{2,})\s+(?:from|at)\s+the\s+[\w'’-]+|"
              # a child or a young person by the family's name: "the Harris lad", "the Kowalski girl"
              r"the\s+(?-i:[A-Z][a-z'’-]{2,})\s+(?:lad|boy|girl|lass|kid|youngster|twins|brothers|sisters|boys|girls)|"
              # an initial and a surname, as lists give them: "G. Fenwick (Hill St)"
              r"(?-i:[A-Z])\.\s?(?-i:[A-Z][a-z'’-]{2,})|"
              r"(?-i:[A-Z][a-z]+\s+[A-Z][a-z'’-]+)|(?:my|our|his|her|their)\s+(?:neighbour|tenant|constituent|"
              r"resident|landlord|colleague)\s+(?-i:[A-Z])[a-z]+|"
              # someone's relative: "Tom's mum is on dialysis", "Sue's husband"
              r"(?-i:[A-Z][a-z]+)['’]s\s+(?:mum|dad|mother|father|wife|husband|partner|son|daughter|nan|nana|gran|granny|"
              r"grandad|grandma|grandpa|brother|sister|boy|girl|lad|baby|little\s+one|kids?|children|fianc[eé]e?))")
CONDITION = (r"(?:diagnosed\s+with|being\s+treated\s+for|"
             r"(?:has|had|got|battling|fighting|suffer(?:s|ed|ing)?\s+(?:from|with))\s+(?:terminal\s+|stage\s+\w+\s+)?(?:cancer|dementia|alzheimer['’]?s|hiv|aids|"
             r"ms|parkinson['’]?s|a\s+stroke|a\s+heart\s+attack|a\s+breakdown|a\s+miscarriage|depression|"
             r"(?:breast|lung|prostate|bowel|skin|brain|ovarian|pancreatic|blood)\s+cancer|leukaemia|autism|adhd|"
             r"epilepsy|diabetes|long\s+covid|a\s+(?:gambling|drink|drinking|drug|alcohol)\s+problem|an\s+addiction|"
             r"a\s+bad\s+(?:back|heart|chest)|a\s+(?:heart|lung|kidney|liver|skin|thyroid|mental\s+health|neurological)\s+"
             r"condition|"
             r"a\s+(?:bad\s+|nasty\s+|serious\s+)?fall\b(?!\s+\w*(?:fair|fest|fete|show))|"
             r"(?:a\s+)?broken\s+(?:hip|leg|arm|wrist|ankle|pelvis)|"

             r"schizophrenia|bipolar|covid|motor\s+neurone\s+disease|mnd|cerebral\s+palsy|down['’]?s\s+syndrome|"
             r"(?:a\s+)?learning\s+disabilit(?:y|ies)|cataracts?|glaucoma|macular\s+degeneration|(?:a\s+)?brain\s+"
             r"tumou?r|(?:a\s+)?tumou?r|arthritis|copd|emphysema|(?:heart|kidney|liver)\s+failure|kidney\s+disease|"
             r"liver\s+disease|hepatitis|(?:an\s+)?eating\s+disorder|anorexia|bulimia|ptsd|ocd|psychosis|sickle\s+cell|"
             r"(?:a\s+)?(?:mental\s+)?breakdown|(?:his|her|their)\s+nerves)|"
             # said in everyday words: "registered blind", "is autistic", "in a wheelchair since the accident",
             # "second round of chemo", "on the sick", "can barely walk", "deaf in one ear" ("deaf to" is a figure)
             r"registered\s+(?:blind|disabled|deaf)|partially\s+sighted|(?:going|gone)\s+(?:blind|deaf)|"
             r"(?:is|was|are|were|['’]s)\s+(?:now\s+|totally\s+|completely\s+|severely\s+)?(?:autistic|disabled|"
             r"paralysed|diabetic|epileptic|bipolar|deaf|blind|housebound|bedbound|bed-bound|incontinent|sectioned|"
             r"anorexic|suicidal)\b(?!\s+(?:to|as|access|parking|toilets?|bays?|spaces?|badges?|facilities|ramps?|"
             r"entrances?|loos?|people|persons?|residents?|users?|friendly|corner|spot|bend)\b)|"
             r"deaf\s+in\s+(?:one|both|his|her|their)\s+ears?|blind\s+in\s+(?:one|both|his|her|their)\s+eyes?|"
             r"(?:in|uses|using|needs)\s+a\s+wheelchair|on\s+crutches|(?:on|off)\s+(?:the\s+)?sick\b(?!\s+list)|"
             r"(?:can|could)(?:n['’]?t|not)?\s+(?:barely|hardly|no\s+longer)\s+(?:see|hear|walk|breathe|stand)|"
             r"lost\s+(?:his|her|their)\s+(?:sight|hearing|leg|legs|arm|foot|memory|mind)|"
             r"(?:(?:his|her|their|a|the)\s+)?(?:first|second|third|fourth|fifth|sixth|next|last|final|another|new)\s+"
             r"(?:round|course|cycle|dose|lot)\s+of\s+(?:chemo\w*|radiotherapy|radiation|treatment|ivf|immunotherapy)|"
             r"(?:on|in)\s+(?:palliative|end\s+of\s+life|hospice)\s+care|"
             r"with\s+(?:dementia|alzheimer['’]?s|parkinson['’]?s|cancer|autism|adhd|mnd|epilepsy|diabetes|depression|"
             r"long\s+covid|a\s+learning\s+disability|(?:a\s+)?brain\s+(?:injury|tumou?r))|"
             r"(?:been\s+)?admitted\s+(?:in)?to\s+(?:the\s+)?(?:hospital|hospice|a&e|(?-i:[A-Z]\w+)(?:\s+(?-i:[A-Z]\w+))?)|"
             r"(?:is|['’]s|are|['’]re)\s+(?:now\s+)?expecting(?:\s+(?:again|a\s+baby|twins|number\s+\w+))?\b|"
             r"off\s+(?:work\s+|sick\s+)?with\s+(?:his|her|their)\s+(?:depression|anxiety|nerves|back|stress|mental\s+health|"
             r"illness|cancer|heart)|"
             r"undergoing\s+(?:chemo\w*|surgery|treatment|dialysis|rehab\w*)|"
             r"(?:broke|fractured)\s+(?:his|her|their)\s+(?:hip|leg|arm|wrist|ankle|pelvis)|"
             r"(?:was|been|being)\s+sectioned|in\s+rehab|(?:is|was)\s+pregnant|(?:an?\s+)?alcoholic|"
             r"(?:in|into)\s+(?:a\s+)?(?:psychiatric|mental\s+health)\s+(?:unit|ward|hospital)|"
             r"(?:on|having)\s+(?:chemo\w*|dialysis|antidepressants|methadone)|hiv\s+positive|"
             r"(?:admitted|rushed|taken)\s+(?:in)?to\s+(?:the\s+)?(?:hospital|a&e|[a-z]+(?:\s+[a-z]+)?)\s+(?:with|after)|"
             r"signed\s+off\s+(?:work\s+|sick\s+)?with|on\s+ward\s+\d+|"
             r"recover(?:s|ing|ed)?\s+from\s+(?:(?:his|her|their|a|an)\s+)?(?:\w+\s+)?(?:op|operation|surgery|stroke|"
             r"heart\s+attack|fall|illness|cancer|treatment|chemo\w*|covid|pneumonia|infection)|(?:just\s+)?finished\s+(?:(?:his|her|their)\s+)?(?:chemo\w*|radiotherapy))")
HEALTH = re.compile(rf"\b{PERSON_REF}\b[^.!?\n]{{0,40}}?\b{CONDITION}\b", re.IGNORECASE)
# The same person's health said a sentence or two on, by pronoun or possessive: "Mrs Blencowe of Hillside is back in
# hospital after her stroke", "Mr Anwar ... He has been on antidepressants since the winter". A named person comes
# first (PERSON_REF), then within REACH characters "he/she/they" or "his/her/their" and a condition of their own.
# A councillor's advice surgery is held at a venue and is no operation: "she'll hold her surgery at the library".
SURGERY = (r"(?<!ward\s)(?<!advice\s)(?<!drop-in\s)(?<!councillor\s)(?<!cllr\s)surgery"
           r"(?!\s+(?:at|in)\s+(?:the\s+)?(?:library|town\s+hall|guildhall|hall|council|community|centre|center|church"
           r"|caf[eé]|pub|market|office|chamber)\b|\s+(?:hours|times|dates|every)\b)")
ILLNESS = (r"(?:stroke|cancer|dementia|alzheimer['’]?s|diabetes|epilepsy|seizures?|heart\s+(?:condition|attack|"
           r"failure|surgery|problems?)|(?:hip|knee)\s+replacement|(?:an?\s+)?operation(?!\s+(?:to|on|of|at|in)\b)|"
           rf"{SURGERY}|chemo\w*|dialysis|depression|"
           r"anxiety|breakdown|miscarriage|pregnancy|parkinson['’]?s|motor\s+neurone\s+disease|ms|autism|adhd|"
           r"illness|diagnosis|disability|addiction|overdose|injur(?:y|ies)|broken\s+(?:hip|leg|arm|wrist|ankle|pelvis)|"
           r"(?:bad\s+|nasty\s+)?fall(?!\s+\w*(?:fair|fest|fete|show|term|season|colou?rs|leaves|festival)))")
CONDITION_LATER = (rf"(?:(?:his|her|their)\s+(?:\w+\s+){{0,2}}?{ILLNESS}|"
                   # the person again by pronoun, or by first name ("Ruth Carter! Ruth has been fighting ...")
                   rf"(?:he|she|they|(?-i:[A-Z][a-z]{{2,}}))(?:['’]s|['’]re|\s+is|\s+are|\s+was|\s+has|\s+have|\s+had)?\s+"
                   rf"[^.!?\n]{{0,60}}?"
                   rf"(?:{CONDITION}|(?:on|taking)\s+(?:antidepressants|insulin|morphine|methadone)|housebound|"
                   rf"terminally\s+ill|(?:back\s+)?in\s+(?:hospital|a\s+hospice)|waited\s+[\w\s]{{0,20}}for\s+(?:an?\s+)?"
                   rf"(?:\w+\s+)?{ILLNESS}))")
REACH = 160
# Found condition first, then a person looked for in the REACH characters before it: a text of names ("Mr Aa Mr Aa
# ...") would otherwise start a long scan at every name.
HEALTH_LATER = re.compile(rf"\b{CONDITION_LATER}\b", re.IGNORECASE)
NAMED_PERSON = re.compile(rf"\b{PERSON_REF}\b", re.IGNORECASE)
# The person is named as in hospital or housebound in one clause: "Mrs Blencowe is back in hospital".
HEALTH_STATE = re.compile(rf"\b{PERSON_REF}\b[^.!?\n]{{0,40}}?\b(?:is|are|was|were)\s+"
                          rf"(?:still\s+|now\s+|back\s+|both\s+)*(?:in\s+(?:hospital|a\s+hospice)|housebound|"
                          rf"terminally\s+ill)\b", re.IGNORECASE)


# A named person's illness by possessive: "Bill Hart's diabetes has cost him two toes", "Mrs Lowe's dementia".
HEALTH_OWN = re.compile(r"(?-i:\b(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][\w'’-]+"
                        r"|(?!The\b|Councillor\b|Cllr\b)[A-Z][a-z]+\s+[A-Z][a-z'’-]+))['’]s\s+(?:stroke|cancer|dementia|alzheimer['’]?s|diabetes|epilepsy|depression|"
                        r"anxiety|parkinson['’]?s|motor\s+neurone\s+disease|ms|autism|adhd|illness|diagnosis|disability|"
                        r"addiction|heart\s+condition|chemo\w*|dialysis)\b", re.IGNORECASE)


# A named person's money troubles: "John Harris is behind on his council tax", "Mrs Dale is in arrears".
FINANCE = re.compile(
    rf"\b{PERSON_REF}\b[^!?\n]{{0,80}}?\b(?:(?:is|are|was|were|['’]s|['’]re|['’]ve\s+been|has\s+been|have\s+been|got|fell|fallen|"
    r"falling)\s+"
    r"(?:[£\w][\w,.]*\s+){0,3}?(?:behind\s+(?:on|with)\s+(?:his|her|their)\s+(?:council\s+tax|rent|mortgage|bills|payments|"
    r"allotment\s+fees)|in\s+(?:arrears|debt)|on\s+(?:benefits|universal\s+credit|the\s+dole|housing\s+benefit|pip|pension\s+credit|"
    r"esa|jsa|dla)|bankrupt|"
    r"(?:being\s+)?evicted|(?:being\s+)?repossessed)|owes?\s+(?:(?:around|about|nearly|over|almost|roughly|more\s+than)\s+)?"
    r"(?:(?:the|his|her|their)\s+\w+\s+)?(?:£|the\s+council"
    r"|thousands|money|rent)|(?:can['’]?t|cannot|couldn['’]?t)\s+pay\s+(?:his|her|their)\s+(?:rent|council\s+tax|bills"
    r"|mortgage)|(?:been\s+)?(?:made\s+)?bankrupt"
    # a named person's benefits as casework: "Mrs Dobson has finally had her Universal Credit sorted"
    r"|(?:his|her|their|your)\s+(?:universal\s+credit|benefits?|pip|housing\s+benefit|pension\s+credit|esa|jsa|dla|"
    r"carer['’]?s\s+allowance|council\s+tax\s+(?:arrears|debt|reduction|support))(?:\s+(?:award|claim|payments?))?\b"
    r"|(?:pension\s+credit|universal\s+credit|housing\s+benefit|benefits)\s+only|no\s+savings"
    r"|(?:housing\s+benefit|universal\s+credit|benefits?|council\s+tax\s+support|tax\s+credits?|pip)\s+"
    r"(?:overpayment|sanction|being\s+clawed\s+back|stopped|suspended)"
    r"|declared?\s+(?:himself|herself|themselves)\s+bankrupt|(?:his|her|their)\s+eviction"
    r"|(?:for|over|owing)\s+£[\d,.]+\s+(?:of\s+)?(?:unpaid\s+)?(?:rent|arrears|council\s+tax|fees|bills)"
    # housing and family matters: "off the housing waiting list after four years in a B&B", "the divorce and her ex
    # refusing to pay maintenance"
    r"|(?:housing|council\s+house|social\s+housing)\s+(?:waiting\s+)?list|in\s+(?:a\s+)?b\s*&\s*b\b|temporary\s+"
    r"accommodation|homeless\w*|sofa[\s-]surfing|(?:the|his|her|their)\s+divorce|(?:his|her)\s+ex\s+(?:refus|won['’]?t|"
    r"not\s+pay)\w*|child\s+maintenance|pay\s+(?:a\s+penny\s+of\s+|any\s+|his\s+|her\s+)?maintenance|maintenance\s+"
    r"payments|custody\s+(?:battle|case|fight)"
    # "Tariq Hussain (stall 6) - your pitch fees for March are still unpaid"
    r"|(?:his|her|their|your)\s+(?:[\w-]+\s+){0,3}?(?:fees?|rent|bills?|invoices?|charges?|subs|subscriptions?)\b"
    r"[^.!?\n]{0,40}?\b(?:(?:is|are)\s+(?:still\s+)?(?:unpaid|outstanding|overdue|in\s+arrears)|remains?\s+unpaid)"
    # "Plot 14 (Mr K. Rowntree) and plot 22 (Ms T. Babatunde) remain unpaid"
    r"|[^.!?\n]{0,60}?\b(?:remain|remains|are\s+still|is\s+still)\s+(?:unpaid|outstanding|overdue|in\s+arrears)"
    r"|(?:his|her|their|your)\s+unpaid\s+(?:penalty\s+charges?|fines?|parking\s+(?:fines?|tickets?)|rent|council\s+tax|"
    r"bills|debts?)|unpaid\s+(?:penalty\s+charges?|fines?|parking\s+(?:fines?|tickets?)))",
    re.IGNORECASE)
FINANCE_KEYS = ("behind on", "behind with", "arrears", "debt", "benefit", "universal credit", "dole", "bankrupt",
                "evicted", "repossessed", "owe", "pay his", "pay her", "pay their", "pip", "pension credit", "esa",
                "jsa", "dla", "carer", "council tax", "savings", "tax credit", "outstanding", "overdue",
                "owing", "eviction", "unpaid", "for £", "over £", "owing £",
                "housing list", "housing waiting", "council house", "social housing", "b&b", "b & b",
                "temporary accommodation", "homeless", "sofa", "divorce", "her ex", "his ex", "maintenance", "custody")
FINANCE_WORD = Alternation("|".join(map(re.escape, FINANCE_KEYS)))


AGE_CHARS = 5_000  # a name and an age sit near the top of what mentions them; a wall of names costs no more


def _near_key(pattern: re.Pattern[str], keys: Alternation, text: str, low: str) -> re.Match[str] | None:
    """Return a pattern's match just before one of the first 20 words it needs (a person comes first)."""
    for _, key in zip(range(20), keys.finditer(low), strict=False):
        if (said := pattern.search(text, max(0, key.start() - 110), key.end() + 60)) is not None:
            return said
    return None


# A list of named people who owe: "Permits still unpaid: G. Fenwick (Hill St), A. Lomax ...".
DEBTORS = re.compile(rf"\b(?:unpaid|outstanding|overdue|owing|in\s+arrears|not\s+(?:yet\s+)?paid)\b[^.!?\n]{{0,40}}?"
                     rf"[:\-–—]\s*{PERSON_REF}", re.IGNORECASE)


def _named_finance(text: str, low: str) -> re.Match[str] | None:
    """Return a named person's money troubles, searched only just before each of the first 20 money words."""
    for _, key in zip(range(20), FINANCE_WORD.finditer(low), strict=False):
        # a status said a clause after the name ("Tariq Hussain (stall 6) - your fees ... are still unpaid", "Dean Marsh
        # (no. 14) ... he's already 2 months behind on his rent") sits further from it than the other money words do
        reach = 170 if key.group().startswith(("unpaid", "outstanding", "overdue", "arrears", "behind")) else 90
        at, end = max(0, key.start() - reach), key.end() + 60
        for _ in range(4):  # a few places named before it at most; a wall of them is no one's debt
            if (said := FINANCE.search(text, at, end)) is None:
                break
            if not (_place_pair(said.group()) and BUSINESS_WORDS.search(text, max(0, said.start() - 20), said.end())
                    and not PRONOUN.search(said.group())):
                return said
            at = said.start() + 1  # "Market Place, Unit 3 ... tenant is in arrears": a firm's premises, not a person
    return None


BUSINESS_WORDS = re.compile(r"\b(?:units?|industrial|business\s+park|trading\s+estate|retail\s+park|premises|workshop|"
                            r"warehouse|ltd|limited|plc|company|firm)\b", re.IGNORECASE)


def _place_pair(found: str) -> bool:
    """Say whether a match starts with a place's two capitalised words ("Market Place", "Buckingham Road")."""
    pair = found.split()[:2]
    return len(pair) == 2 and pair[0][:1].isupper() and pair[1][:1].isupper() and (
        PLACE_END.fullmatch(pair[1]) is not None or pair[1].casefold() in ("place", "centre", "center"))
# A named person's offences, charges or record: "Marcus Lee, 19, has been charged with the break-in", "Ron Skinner got
# done for drink driving", "Mr Brewer, who's on the sex offenders register" (a criminal record is special data too).
CRIMINAL = re.compile(
    rf"\b{PERSON_REF}\b[^.!?\n]{{0,60}}?\b(?:charged\s+with|convicted\s+(?:of|for)|arrested\s+(?:for|over)|"
    r"(?:got|gets|get|been|was|were)\s+done\s+for|cautioned\s+(?:for|over)|on\s+the\s+sex\s+offenders?['’]?\s+register|"
    r"(?:has|got|with)\s+(?:got\s+)?previous|(?:a|his|her|their)\s+(?:criminal\s+)?record\s+for|served\s+time|"
    r"been\s+inside|(?:reported|investigated)\s+for\s+(?:\w+\s+)?(?:fraud|theft|assault)|(?:a|the)\s+\d{4}\s+caution|"
    r"dbs\s+(?:\w+\s+){0,3}(?:caution|conviction)s?|in\s+prison|on\s+(?:bail|probation|remand)|"
    # a sentence in everyday words: "did six months for drink driving", "just out after 18 months", "on a tag"
    r"(?:did|done|doing|served|serving|got|given|gets)\s+(?:\w+\s+){0,2}(?:months|years|weeks)\s+(?:inside\s+)?for|"
    r"(?:just\s+)?out\s+(?:of\s+(?:prison|jail|the\s+nick|nick)|after\s+(?:\w+\s+){0,2}(?:months|years))|"
    r"(?:pleaded|pled|found)\s+guilty|(?:an?|his|her|their)\s+asbo|on\s+(?:a\s+)?tag\b|"
    r"convicted\s+(?:at|in|by)\b|(?:appeared|up)\s+(?:at|in|before)\s+(?:\w+\s+)?(?:magistrates|crown\s+court|youth\s+court"
    r"|court)|"
    r"(?:a|his|her|their)\s+(?:suspended\s+sentence|criminal\s+record|(?:conviction|caution)\s+for)|"
    # named as the culprit: "Kyle Evans was the one caught spraying the shelter", "caught red-handed"
    r"caught\s+(?:red[-\s]handed|(?:\w+\s+)?(?:spraying|vandalis\w+|vandaliz\w+|stealing|shoplifting|nicking|dealing|"
    r"drink[-\s]driving|fly[-\s]tipping|smashing|setting\s+fire|breaking\s+into|tagging|joyriding)))",
    re.IGNORECASE)
# A complainant named: "the complaint about the grass came from Peter Dunn", "Mrs Hale, who has complained six times".
COMPLAINANT = re.compile(
    rf"\b(?:complaints?|objections?|grievances?)\b[^.!?\n]{{0,60}}?\b(?:came|come|comes|was|were|is|are)\s+"
    rf"(?:made\s+|lodged\s+|raised\s+|sent\s+|put\s+in\s+)?(?:from|by)\s+{PERSON_REF}"
    rf"|\b{PERSON_REF}\b[^.!?\n]{{0,60}}?\b(?:who['’]?s|who\s+has|has|have)\s+(?:now\s+|already\s+)?complained\s+"
    r"(?:about\s+\w+\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen|several|countless)"
    r"\s+times", re.IGNORECASE)
# Sent down, jailed, tagged: said of the named person as the subject ("Kevin Rourke, 34, was jailed"), not of
# "a man" a few words after a newspaper's name ("the Brackley Advertiser reports a man was jailed").
CRIMINAL_SUBJECT = re.compile(
    rf"\b{PERSON_REF}\b(?:\s*,\s*\d{{1,2}}\s*,|\s*\(\d{{1,2}}\))?\s+(?:has\s+|have\s+|had\s+)?(?:just\s+|finally\s+)?"
    r"(?:been|was|were|got|gets|is|are)\s+(?:\w+\s+)?(?:sent\s+down|jailed|locked\s+up|banged\s+up|imprisoned|"
    r"tagged|prosecuted|convicted|sentenced\s+to\s+(?:\w+\s+){0,2}(?:months|years|weeks|prison|jail|custody|"
    r"community|hours|life))",
    re.IGNORECASE)
# The same person's record a sentence on, by pronoun: "... is Craig Wardle, Hillside Drive. He already had a caution".
CRIME_LATER = re.compile(
    r"\b(?:he|she|they)(?:['’]s|\s+has|\s+had|\s+was|\s+got|\s+have)?\s+(?:already\s+|previously\s+|also\s+)?"
    r"(?:had|has|got|been\s+given|was\s+given|received)\s+(?:a\s+)?(?:police\s+)?"
    r"(?:caution|conviction|criminal\s+record|suspended\s+sentence|community\s+order)\b", re.IGNORECASE)
# A named child's school troubles: "Lorraine Pitt's lad has been excluded from the academy", "... is being bullied".
SCHOOL_TROUBLE = re.compile(
    rf"\b{PERSON_REF}\b[^.!?\n]{{0,60}}?\b(?:(?:excluded|expelled|suspended)\s+from\s+(?:the\s+)?(?:school|academy|"
    r"college|primary|junior|[a-z]+)|(?:is|was|been)\s+(?:being\s+)?bullied)", re.IGNORECASE)
# The same child a sentence on, by pronoun: "... the Harris lad from Cottage Lane. He's just been excluded from school".
SCHOOL_LATER = re.compile(
    r"\b(?:he|she|they)(?:['’]s|['’]ve|\s+has|\s+have|\s+was|\s+were|\s+got|\s+had)?\s+(?:just\s+|now\s+|recently\s+|"
    r"already\s+|also\s+)?(?:been\s+|got\s+|being\s+)?(?:excluded|expelled|suspended)\s+from\s+(?:the\s+|his\s+|her\s+|"
    r"their\s+)?(?:school|academy|college|primary|secondary)\b", re.IGNORECASE)
SCHOOL_KEYS = ("excluded", "expelled", "suspended", "bullied")
SCHOOL_WORD = Alternation("|".join(SCHOOL_KEYS))
CRIMINAL_KEYS = fewest(("charged", "convicted", "arrested", "done for", "cautioned", "offender", "previous", "record",
                 "served time", "inside", "reported for", "investigated for", "caution", "prison", "bail", "probation",
                 "remand", "months for", "years for", "weeks for", "inside for", "out after", "out of prison",
                 "out of jail", "nick", "sent down", "jailed", "locked up", "banged up", "imprison", "tagged",
                 "sentenced", "prosecuted", "convicted", "guilty", "asbo", "on a tag", "on tag", "suspended sentence",
                 "criminal record", "conviction for", "caution for", "caught"))
CRIMINAL_WORD = Alternation("|".join(map(re.escape, CRIMINAL_KEYS)))
# A named person's age beside their name: "Ryan Cope, 16, from Nelson Ave", "little Amelia Price (7)", "Mo Hussain is
# 75 this week". A child's age and school together identify a child (clause 6.4, Data Protection).
AGE = re.compile(
    r"(?-i:\b(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z]+\s+[A-Z][a-z'’-]+)"
    r"(?:\s*\(\s*(?:aged?\s+)?(?P<a>\d{1,3})\s*\)|\s*,\s*(?:aged?\s+)?(?P<b>\d{1,3})\s*[,)]"
    r"|\s+(?:is|turns|turned|['’]s|was)\s+(?P<c>\d{1,3})\s+(?:this\s+week|today|tomorrow|on\s+\w+day|years?\s+old|and\b)"
    r"|\s*,?\s+(?:who\s+is|who['’]s|who\s+turned|aged?)\s+(?P<d>\d{1,2})\b(?!\s*(?:%|am|pm|:|\.\d|minutes|"
    r"hours|days|weeks|months|times)))",
    re.IGNORECASE)
# A film's certificate, not an age: "Community cinema: Liar Liar (12)", "screening Brassed Off (15) on Friday". The
# bracketed 12, 15 or 18 after a title in a sentence about a screening; someone named there for what they did
# ("film club winner Ryan Cope (15)", "our young projectionist") is still a person.
FILM_CERTIFICATES = frozenset({12, 15, 18})
FILM_CUE = re.compile(r"\b(?:cinema|film|films|movie|movies|screening|screenings|screens|showing|matinee|flicks"
                      r"|pictures)\b", re.IGNORECASE)
FILM_PERSON_CUE = re.compile(r"\b(?:winner|won|pupil|student|member|volunteer|projectionist|usher|lad|lass|boy|girl"
                             r"|young|son|daughter|grandson|granddaughter|congratulations|congrats|well\s+done|thanks"
                             r"|thank\s+you|who|aged?|birthday|chose|picked|presented)\b", re.IGNORECASE)


def _film_certificate(text: str, m: re.Match[str]) -> bool:
    """Say whether a bracketed age after two capitalised words is a film's certificate in a post about a screening."""
    if m.group("a") is None or int(m.group("a")) not in FILM_CERTIFICATES:
        return False
    left, right = _sentence_bounds(text, m.start(), m.end())
    before = text[max(left, m.start() - 80):m.start()]
    return bool(FILM_CUE.search(before) or FILM_CUE.search(text, m.end(), min(right, m.end() + 60))) \
        and not FILM_PERSON_CUE.search(before[-40:]) and not FILM_PERSON_CUE.match(text, m.end())


# An age before the name: "11-year-old Oscar Lyle of Bathurst Close".
AGE_BEFORE = re.compile(r"\b(?P<n>\d{1,2})[\s-]year[\s-]old\s+(?-i:[A-Z][a-z]+\s+[A-Z][a-z'’-]+)", re.IGNORECASE)
# A child by first name and age, beside a parent or a school: "mum to Ella (6) and Josh (9) at Southfield Primary".
CHILD_AGE = re.compile(r"(?-i:\b[A-Z][a-z]{2,})\s*\(\s*(?:aged?\s+)?(?:[1-9]|1[0-7])\s*\)"
                       # "the young lad from Cherwell Close (Kyle, 15)"
                       r"|\(\s*(?-i:[A-Z][a-z]{2,})\s*,\s*(?:aged?\s+)?(?:[1-9]|1[0-7])\s*\)")
FAMILY_OR_SCHOOL = re.compile(r"\b(?:mum|mother|mam|dad|father|parents?|son|daughter|kids?|children|school|primary|"
                              r"lad|lass|boy|girl|teen\w*|"
                              r"grand(?:son|daughter|kids?|children)|academy|nursery|pre-?school|year\s+\d)\b",
                              re.IGNORECASE)
# Money to send straight to a person's bank account: "send direct to Kerry Wilde, sort code 20-45-77, acc 43815502".
BANK = re.compile(r"\bsort\s*code\s*:?\s*\d{2}[-\s]?\d{2}[-\s]?\d{2}\b[^.!?\n]{0,30}?\b(?:acc(?:ount)?|a/c)\b",
                  re.IGNORECASE)
# Words without which each of those cannot match (lower-case substrings): most posts skip the regexes.
BIRTH_KEYS = ("born", "birth", "dob", "d.o.b")
HEALTH_KEYS = fewest((
               "diagnos", "treated for", "cancer", "dementia", "alzheimer", "hiv", "aids", " ms", "parkinson", "stroke",
               "heart", "breakdown", "miscarriage", "depression", "schizo", "bipolar", "covid", "chemo",
               "surgery", "treatment", "dialysis", "rehab", "sectioned", "pregnan", "alcoholic", "psychiatric",
               "mental health", "antidepressant", "methadone", "diabet", "epilep", "seizure", "replacement",
               "operation", "anxiety", "illness", "condition", "disabilit", "addiction", "overdose", "hospital",
               "hospice", "housebound", "terminally", "insulin", "morphine", "autism", "adhd", "neurone", "injur",
               "broke", "fractured", "fall", "autism", "gambling", "drink problem", "drinking problem", "drug problem",
               "alcohol problem", "bad back", "bad heart", "bad chest", "leukaemia", "admitted", "rushed to",
               "rushed in", "taken to", "taken in", "signed off", "on ward", "recover", "finished chemo",
               "finished his", "finished her", "finished their", "hiv", "neurone", "mnd", "palsy", "syndrome",
               "learning disab", "cataract", "glaucoma", "macular", "tumor", "tumour", "arthritis", "copd", "emphysema",
               "failure", "kidney", "liver", "hepatitis", "eating disorder", "anorexi", "bulimi", "ptsd", "ocd",
               "psychosis", "sickle", "nerves", "blind", "deaf", "sighted", "autis", "disabled", "paralysed",
               "diabetic", "epileptic", "bedbound", "bed-bound", "incontinent", "suicidal",
               "wheelchair", "crutches", "sick", "barely", "hardly", "no longer", "lost his", "lost her", "lost their",
               "radiotherapy", "radiation", "ivf", "immunotherapy", "palliative", "end of life", "with dem", "with alz",
               "with park", "with canc", "with aut", "with adhd", "with mnd", "with epil", "with diab", "with depr",
               "with long covid", "with a learning", "brain injury", "brain tum", "admitted", "expecting"))
HEALTH_WORD = Alternation("|".join(map(re.escape, HEALTH_KEYS)))
HEALTH_GATE = any_of(HEALTH_KEYS)


# A named person at a house number or a named house: "Mr Lukas Nowak at number 12", "Mr and Mrs Tranter at no.19",
# "Mrs Lynch at The Laurels, Pebble Lane".
NAMED_AT_HOUSE = re.compile(
    r"(?-i:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:and\s+Mrs\s+)?(?:[A-Z]\.?\s+|[A-Z][a-z]+\s+)?[A-Z][\w'’-]+)\s+(?:at|of|from|in)\s+"
    rf"(?:(?:no\.?\s*|number\s+|flat\s+)\d{{1,3}}[a-z]?\b|(?-i:The\s+[A-Z][a-z]+)\s*,\s*(?-i:[A-Z][a-z]+\s+)(?:{SUFFIXES})\b)"
    # "Mrs Adeyemi's flat (Flat 6, Carmel House)": the home by its owner's name, then its number
    r"|(?-i:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][\w'’-]+)['’]s\s+(?:flat|house|home|bungalow|place|maisonette)\s*[(,:\u2013-]?\s*"
    r"(?:flat|no\.?|number|apartment)\s*\d{1,3}[a-z]?\b",
    re.IGNORECASE)
# A house number beside people named without a title: "Sandra and Pete at number 9", "Rob & Tina at No. 4, NN13 6BD"
# (a first name alone only with a postcode after it), or a title after the number: "at no. 7, Mrs Okoro", "number 12
# is a Mr Patel". A chart or a list place is no house: "at number 1 in the charts".
HOUSE_NO = r"(?:no\.?\s*|number\s+)\d{1,3}[a-z]?\b"
NAMED_AT_NUMBER = re.compile(
    r"(?-i:\b(?P<who>[A-Z][a-z]{2,}\s+(?:&|and)\s+[A-Z][a-z]{2,}(?:\s+[A-Z][a-z'’-]{2,})?|[A-Z][a-z]{2,}\s+[A-Z][a-z'’-]{2,}))"
    rf"\s+(?:at|from)\s+{HOUSE_NO}(?!\s*(?:in\s+the|spot|position|place|slot|seed|on\s+the\s+(?:list|agenda|chart|ballot)))"
    rf"|(?-i:\b(?P<first>[A-Z][a-z]{{2,}}))\s+at\s+{HOUSE_NO},?\s+{POSTCODE_TEXT}\b"
    rf"|\bat\s+{HOUSE_NO}\s*,\s*(?-i:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z])"
    rf"|\b{HOUSE_NO}\s+(?:is|belongs\s+to)\s+(?:a\s+)?(?-i:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z])",
    re.IGNORECASE)


# A first name given its house number, the street named earlier in the sentence: "the chap selling logs on Manor Road
# is Pete - number 63", "eggs from the lady on Hatton Close, Maureen, number 8", "it's Gary on Quarry Road (no. 22)".
# Not a bus, a shirt, a raffle ticket or a place in a list ("Pete - number 7 shirt", "Janet, number 63 won the hamper").
FIRST_THEN_NUMBER = re.compile(
    rf"(?:\bis|['’]s|\bcalled|\bnamed|\bfor|\bfrom|,|[-\u2013\u2014])\s+(?-i:(?P<first>[A-Z][a-z]{{2,}}))"
    rf"(?:\s+(?:on|in|at|of|off)\s+(?:{NAME_WORD}\s+){{1,3}}(?i:{SUFFIXES}))?\s*(?:,|[-\u2013\u2014]|\(|:)\s*(?:at\s+)?"
    rf"{HOUSE_NO}(?!\s*(?:[-\u2013\u2014/]\s*\d|(?:in\s+the|spot|position|place|slot|seed|shirt|bus|route|service|"
    rf"ticket|won|wins|on\s+the\s+(?:list|agenda|chart|ballot))\b))", re.IGNORECASE)
# A first name alone "at number 46", the street named in that sentence or the one before and the person spoken of
# as he or she: "Potholes on Springfield Road. Derek at number 46 started the petition - knock on his door".
FIRST_AT_NUMBER = re.compile(
    rf"(?-i:\b(?P<first>[A-Z][a-z]{{2,}}))\s+(?:at|from)\s+{HOUSE_NO}(?!\s*(?:[-\u2013\u2014/]\s*\d|(?:to|through|thru)\s+\d|"
    r"(?:in\s+the|spot|position|place|slot|seed|shirt|bus|route|service|ticket|won|wins|on\s+the\s+(?:list|agenda|chart"
    r"|ballot))\b))", re.IGNORECASE)
HE_OR_SHE = re.compile(r"\b(?:he|she|his|her|him|hers|he['’](?:s|d|ll)|she['’](?:s|d|ll))\b", re.IGNORECASE)
NUMBER_NOT_HOME = re.compile(r"\b(?:bus|buses|route|timetable|stagecoach|raffle|tickets?|tombola|bingo|draw|prize|"
                             r"shirt|squad|team|league|chart|ballot|agenda|item|table|stall|pitch|plot|unit)\b",
                             re.IGNORECASE)


def _named_at_number(text: str) -> re.Match[str] | None:
    """Return people named beside a house number, their names not a place's ("Market Place at no. 4")."""
    for m in NAMED_AT_NUMBER.finditer(text):
        who = (m.group("who") or m.group("first") or "").replace("&", " ").split()
        if not any(NOT_A_PERSON.fullmatch(w) or PLACE_END.fullmatch(w) for w in who if w != "and"):
            return m
    for m in FIRST_THEN_NUMBER.finditer(text):
        first = m.group("first")
        if NOT_A_PERSON.fullmatch(first) or PLACE_END.fullmatch(first) or first.casefold() in NOT_FIRST_NAMES:
            continue
        left, right = _sentence_bounds(text, m.start(), m.end())
        if STREET.search(text, left, m.end()) is None or NUMBER_NOT_HOME.search(text, left, right):
            continue  # no street in the sentence, or the number is a bus's, a ticket's, a stall's
        if _historic(text, m.start(), m.end()) or ORG_NEAR.search(text, max(left, m.start() - 60), m.end("first")):
            continue  # "from Rosie's Bakery - number 63": a shop's number
        after = LANDMARK.sub(" ", re.split(r"[.!?\n]\s", text[m.end():m.end() + 40])[0])
        if ORG_NEAR.search(after):
            continue  # "Pete - number 63, the farm shop"; not "opposite the chapel", a way to find the house
        return m
    for m in FIRST_AT_NUMBER.finditer(text):
        first = m.group("first")
        if NOT_A_PERSON.fullmatch(first) or PLACE_END.fullmatch(first) or first.casefold() in NOT_FIRST_NAMES:
            continue
        left, right = _sentence_bounds(text, m.start(), m.end())
        street = STREET.search(text, max(0, left - 150), m.start())
        if street is None or not HE_OR_SHE.search(text, m.end(), right) or NUMBER_NOT_HOME.search(text, left, right):
            continue  # no street just before, nobody spoken of as a person, or a bus's, a ticket's, a stall's number
        if _famous_or_joke(text, m.start(), right) or _historic(text, m.start(), m.end()) \
                or ORG_NEAR.search(text, max(left, m.start() - 40), m.end()):
            continue  # "Keir at Number 10 Downing Street", "from Rosie's Bakery at no. 4"
        return m
    return None


# A landmark to find a house by: "number 63, opposite the chapel" is still Pete's house.
LANDMARK = re.compile(r"\b(?:opposite|next\s+(?:door\s+)?to|near|behind|beside|facing|across\s+from|by|over|above|"
                      r"below|past|round\s+the\s+corner\s+from)\s+(?:the\s+)?(?:old\s+|new\s+)?[\w'’-]+", re.IGNORECASE)
# Capitalised words that stand where a first name would and are not one: days, months, greetings.
NOT_FIRST_NAMES = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "the", "this", "that",
    "there", "here", "then", "thanks", "please", "yes", "and", "but", "also", "its", "flat", "house", "home", "room",
    "page", "issue", "question", "item", "stall", "plot", "pitch", "unit", "table", "route", "bus", "ticket"))


# A named person's home by its street: "Ron Tebbutt's bungalow on Springfield Way".
HOUSE_OF = re.compile(
    r"(?-i:\b[A-Z][a-z]+\s+[A-Z][a-z'’-]+)['’]s\s+(?:house|home|bungalow|flat|cottage|place|maisonette|front\s+door)"
    rf"\s+(?:on|in|at|along)\s+(?-i:[A-Z][a-z]+\s+)(?:{SUFFIXES})\b", re.IGNORECASE)
# "Ron's 88, lives on his own": a first name's age, after the full name was given.
AGE_FIRST = re.compile(r"(?-i:\b(?P<first>[A-Z][a-z]{2,}))['’]s\s+(?P<n>[1-9]\d)\s*(?:,|\.|!|\band\b|\bnow\b"
                       r"|\bthis\s+(?:week|year|month)\b|\bnext\s+\w+\b)")
# "has them at her house, 15 Crosslands": an address given as someone's home.
HOME_AT = re.compile(r"\b(?:his|her|their)\s+(?:house|home|flat|place|address)\s*(?:,|:|-|–|at)?\s*(?:at\s+)?"
                     r"(?:no\.?\s*|number\s+|flat\s+)?\d{1,3}[a-z]?,?\s+(?-i:[A-Z][a-z]+)", re.IGNORECASE)
# "Linda's address is Flat 3, The Maltings": someone's address said to be one, whatever shape it has.
NAMED_ADDRESS = re.compile(
    r"(?-i:\b[A-Z][a-z]+)['’]s\s+(?:home\s+|new\s+|full\s+|postal\s+)?address\s*(?:is|:|-|–)\s*(?:now\s+)?"
    r"(?:flat|apartment|unit|no\.?|number|\d|(?-i:[A-Z]))[^.!?\n]{3,80}",
    re.IGNORECASE,
)


def _word_end(text: str, at: int) -> int:
    """Return where the word running through a position ends ("alzheim|er's" -> after "alzheimer")."""
    while at < len(text) and text[at].isalpha():
        at += 1
    return at


def _named_health(text: str, low: str) -> re.Match[str] | None:
    """Return a named person's health: HEALTH or HEALTH_STATE, or a condition said by pronoun or possessive with a
    named person in the REACH characters before it.

    Only the stretch around each of the first 20 health words is searched: a text of names or pronouns ("Mr Aa Mr Aa
    ...", "he he he ...") would otherwise try the patterns at every one.
    """
    for _, key in zip(range(20), HEALTH_WORD.finditer(low), strict=False):
        if SENSITIVE_ORG_AFTER.match(low, _word_end(low, key.end())):
            continue  # "Alzheimer's Society", "dementia-friendly": a charity or a service, not someone's illness
        lo, hi = max(0, key.start() - REACH), key.end() + 40
        said = HEALTH.search(text, lo, hi) or HEALTH_STATE.search(text, lo, hi) or HEALTH_OWN.search(text, lo, hi)
        if said is not None:
            return said
        found = HEALTH_LATER.search(text, max(0, key.start() - 90), key.end() + 30)
        if found is None:
            continue
        start = max(0, found.start() - REACH)
        cut = text.rfind("\n\n", start, found.start())  # another paragraph, another person
        if NAMED_PERSON.search(text, cut + 2 if cut >= 0 else start, found.start()):
            return found
    return None


# The catch-all beside the frames above: a private matter in a word of its own (the shape of a medical word, a
# prison, a sentence, a divorce, arrears, an exclusion) in the same sentence as a named person, or a sentence after
# one when it speaks of them by pronoun. People find new words for these each time ("back in HMP Onley", "her
# hysterectomy", "12 months suspended", "rent three months overdue", "IVF"); the words of each kind are few and
# closed, and the frames above need a verb a writer may not use. A charity, an event or a service named by the word
# ("Cancer Research", "the dementia cafe", "a talk on fostering") is not someone's matter.
SENSITIVE = re.compile(
    r"\b(?:"
    # medicine by the shapes of its words: operations, inflammations, tumours, blood and nerve conditions
    r"(?P<health>(?:carcin|melan|lymph|myel|sarc|glauc|h?a?emat|mesotheli|gli|blast)omas?|(?:leuk|an|septic|hypoglyc)"
    r"emia|(?:para|quadri|tetra|hemi)?pleg(?:ia|ic)|"
    r"schizophreni\w*|(?:thromb|psych|cirrh|scoli|fibr|endometri|sclerosis|tubercul|neur)osis|multiple\s+sclerosis|"
    r"ivf|fertility\s+treatment|miscarri\w+|los(?:t|ing)\s+(?:the|a|their|her)\s+baby|sepsis|pneumonia|shingles|"
    r"(?:a\s+)?heart\s+attack|angina|(?:heart|triple|quadruple|gastric)\s+bypass|"
    r"(?:fractured|broken)\s+(?:\w+\s+)?(?:hip|leg|arm|wrist|ankle|pelvis|skull|ribs?|collarbone|neck|jaw)\b|"
    r"appointment\s+(?:card|letter)\b|at\s+the\s+(?:diabetes|cancer|fertility|memory|mental\s+health|sexual\s+health|drug|"
    r"alcohol|eye|heart|kidney|stroke)\s+clinic|"
    r"lost\s+(?:\w+\s+){0,2}(?:his|her|their)\s+(?:sight|hearing|memory|mobility)|signed\s+off\s+(?:sick\s+|work\s+)?with|"
    r"(?:prostate|hip|knee|heart|eye|cataract|hernia|bowel|back|shoulder|gall\s?bladder|kidney)\s+(?:op|operation|"
    r"surgery)\b|expecting\s+(?:twins|a\s+baby|again|"
    r"their\s+(?:first|second|third)|her\s+(?:first|second|third))|fracture\s+clinic|(?:hospital|clinic|outpatient|consultant|gp|doctor['’]?s|"
    r"dentist|scan)\s+(?:appointment|letter)s?|appointment\s+at\s+the\s+\w+\s+clinic|treatment\s+for\s+(?:his|her|"
    r"their)|having\s+treatment|partially\s+sighted|(?:in\s+and\s+out\s+of|of|into|from|out\s+of|left)\s+rehab|"
    r"(?:\d+|a|six|two|three|nine|twelve)\s+(?:months?|weeks?|years?|days?)\s+(?:clean|sober|dry)\b|"
    r"still\s?b(?:irth|orn)|pregnan\w+|an\s+abortion|chemo\w*|radiotherapy|"
    r"(?:kidney|liver|heart|lung|bone\s+marrow)\s+transplant|amputat\w+|biopsy|dialysis|palliative|terminally\s+ill|"
    r"terminal\s+(?:cancer|illness|diagnosis)|dementia|alzheimer\w*|(?:a|his|her|their)\s+stroke|seizures?|"
    r"tumou?rs?|(?:hip|knee)\s+replacement|(?:his|her|their)\s+(?:(?:hip|knee|back|eye|heart|foot|hand|shoulder|"
    r"cataract|hernia|bowel)\s+)?(?:op|operation|" + SURGERY + r"|diagnosis|prognosis|"
    r"condition|illness|treatment|scan\s+results?|medication|mental\s+health|depression|anxiety|drinking|addiction)|"
    r"(?:a|his|her|their)\s+(?:nervous\s+)?breakdown|self[-\s]harm\w*|(?:attempted|tried\s+to\s+take)\s+(?:suicide|"
    r"(?:his|her|their)\s+(?:own\s+)?life)|overdos\w+|alcoholi\w+|in\s+rehab|sectioned|psychiatric|autis(?:m|tic)|adhd|"
    r"dyslexi\w+|intensive\s+care|icu|hospitali[sz]ed|in\s+(?:the\s+)?hospital|a\s*&\s*e|hiv|cataracts?|"
    r"parkinson\w*|epilep\w+|diabet\w+|insulin|antidepressants|registered\s+(?:blind|disabled)|wheelchair(?:\s+user)?|"
    r"hearing\s+aids?|long\s+covid|(?:a\s+)?(?:learning|physical)\s+disabilit\w+)"
    # offences, courts and prisons
    r"|(?P<criminal>hmp\s+[a-z]+|hmyoi|young\s+offenders|(?:in|into|from|out\s+of|back\s+in|inside)\s+(?:prison|jail|"
    r"gaol|custody)|prison\s+sentence|jailed|on\s+remand|remanded|on\s+bail|bailed|probation|on\s+(?:a\s+)?tag|"
    r"(?:suspended|custodial|prison|jail|community)\s+sentence|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fourteen|sixteen|eighteen|twenty|twenty-four)\s+(?:months?|weeks?|years?)\s+suspended|"
    r"\d+\s+hours\s+(?:of\s+)?(?:unpaid\s+work|community\s+service)|"
    r"community\s+order|magistrates|crown\s+court|(?:in|at|to|before\s+the)\s+court|"
    r"court\s+(?:case|date|hearing|appearance)|convict(?:ed|ion)|charged\s+with|arrested|cautioned|a\s+caution|"
    r"offend(?:er|ing)|restraining\s+order|non-?molestation|(?:banned|disqualified)\s+from\s+driving|"
    r"drink[-\s]driv\w+|drug[-\s]deal\w+|shoplift\w+|criminal\s+record|burgl(?:ary|aries|ed)\s+(?:charge|conviction)|"
    r"previous\s+convictions|charged\s+(?:over|for|after|in\s+connection)|(?:taken|went|gone)\s+into\s+custody|(?:his|her|their)\s+(?:\d+|six|twelve|eighteen|"
    r"two|three)\s+(?:months|years)\b(?!\s+(?:as|on|in\s+the\s+job|with|of|at|in|here|there|service|\w+ing)\b)|police\s+(?:were|was|have\s+been|had\s+been|"
    r"came)\s+(?:called\s+|round\s+|out\s+)?(?:to|at)\b)"
    # family matters
    r"|(?P<family>divorc\w+|(?:is|are|has|have|had|were|was|got)\s+(?:now\s+|recently\s+)?(?:separated|split\s+up)|"
    r"custody\s+(?:of|battle|case|hearing|arrangements)|(?:his|her|their|child)\s+maintenance|(?:an|his|her|their)\s+"
    r"affair|foster(?:ing)?\s+(?:mum|dad|kids|children|placements?|babies|siblings)|(?:fosters|fostered|fostering)\s+"
    r"(?:\w+\s+)?(?:kids|children|teenagers|teens|babies|boys|girls|siblings)|(?:fosters|fostered|fostering)\s+(?:a|two|"
    r"three|four)\s|(?:wife|husband|partner)\s+(?:has\s+|had\s+)?(?:left|walked\s+out\s+on|kicked\s+out)\s+(?:him|her|them)|"
    r"(?:is|are|been|be|started|begun|begin)\s+fostering|(?:fostering|fostered|adopted|adopting)\s+(?-i:[A-Z][a-z]+)|"
    r"birth\s+(?:mum|mother|dad|father|parents|family)|adopted\s+(?:a\s+(?:baby|child|boy|girl|son|daughter|little)|two\s+|three\s+|(?:her|his|their)\s+(?:son|daughter|"
    r"baby|children|kids|grand\w+))|adoption\s+"
    r"(?:process|panel|order|of)|(?:taken|put|placed|went)\s+into\s+care|in\s+(?:foster\s+)?care\b(?!\s+(?:home|homes|"
    r"sector|work|staff|team|workers?))|social\s+services|social\s+worker|child\s+protection|care\s+order|"
    r"domestic\s+(?:abuse|violence)|(?:a|the)\s+(?:women['’]?s\s+)?refuge|estranged|children['’]?s\s+services|"
    r"walked\s+out\s+(?:on|and)|marriage\s+(?:broke\s+(?:down|up)|ended|is\s+over|breakdown|has\s+ended)|"
    r"(?:his|her|their)\s+(?:marriage|relationship)\s+(?:broke|ended|fell\s+apart)|"
    # sexuality and immigration status are special categories too
    r"came\s+out\s+(?:to|as)|(?:his|her|their)\s+(?:\w+\s+){0,3}?visa\b|asylum\s+(?:claim|seeker|application)|"
    r"leave\s+to\s+remain|refugee\s+status|(?:facing|threat\s+of)\s+deportation)"
    # money and housing
    r"|(?P<finance>arrears|(?<!long\s)overdue(?!\s+(?:books?|library|repairs?|works?|maintenance))|bailiffs?|"
    r"bankrupt\w*|ccj|county\s+court\s+judgm?ent|repossess\w+|evict\w+|homeless|re-?hous(?:ed|ing)|temporary\s+"
    r"accommodation|written\s+off|in\s+debt|(?:his|her|their)\s+debts?|(?:lost|losing)\s+(?:his|her|their)\s+"
    r"(?:job|home|house|flat|licence|tenancy)|sofa[-\s]surf\w+|leaving\s+care|care\s+leaver|supported\s+housing|(?:emergency|b\s*&\s*b)\s+accommodation|"
    r"(?:payment|cheque|direct\s+debit)s?\s+(?:\w+\s+){0,3}bounced|\bbounced\b(?=[^.!?\n]{0,30}£)|"
    r"(?<=£)\d[\d,.]*\s+(?:bounced|was\s+declined)|(?:rent|fees|pitch\s+fees)\s+(?:had|has|have)?\s*(?:been\s+)?unpaid|"
    r"tenancy\s+(?:was\s+|has\s+been\s+)?(?:ended|terminated)|"
    r"(?:was|got|been)\s+(?:sacked|fired|dismissed)|turn(?:ed|ing)\s+up\s+drunk|housing\s+register|band\s+[a-d]\s+on\s+the\s+housing|"
    r"(?:all\s+)?the\s+debts|cut\s+(?:his|her|their)\s+(?:gas|electric\w*|water|power|phone)\s+off|"
    r"(?:gas|electric\w*|water|power)\s+(?:(?:was|were|has\s+been|is\s+being|got|been)\s+)?(?:cut\s+off|disconnected))"
    # a child's schooling
    r"|(?P<school>(?:excluded|expelled|suspended)\s+(?:\w+\s+){0,2}for\s+(?:carrying|bringing|fighting|assault|"
    r"bullying|drugs|a\s+knife|selling|hitting|attacking|vaping|swearing)|"
    r"(?:permanently\s+)?(?:excluded|expelled|suspended|exclusion)\s+from\s+(?:(?:the|her|his|their)\s+)?"
    r"(?:school|academy|college|nursery|primary|class|lessons|(?-i:[A-Z]\w+))|"
    r"being\s+bullied|ehcp|special\s+(?:educational\s+)?needs|pupil\s+referral|truant\w*)"
    # an operation or a condition by the end of its word ("hysterectomy", "appendicitis"), looked for from the end:
    # a leading [a-z]+ would be tried at every word of every post
    r")\b|(?P<shape>(?<=[a-z]{2})(?:ectomy|otomy|ostomy|oscopy|plasty)|(?<=[a-z]{3})(?:itis|aemia))\b",
    re.IGNORECASE)
# Words without which SENSITIVE cannot match (lower-case substrings): most posts never try its long alternation.
SENSITIVE_KEYS = fewest((
    "ectomy", "otomy", "ostomy", "oscopy", "plasty", "itis", "aemia", "emia", "pleg", "schizo", "osis", "carcinoma",
    "melanoma", "lymphoma", "myeloma", "sarcoma", "glaucoma", "ematoma", "mesothelioma", "glioma", "blastoma", "ivf",
    "fertility", "miscarri", "lost the baby", "losing the baby", "lost a baby", "losing a baby", "lost their baby",
    "lost her baby", "losing their baby", "losing her baby", "sepsis", "pneumonia", "shingles", "heart attack",
    "transplant", "angina", "stillb", "still b", "pregnan", "abortion", "chemo", "radiotherapy", "amputat", "biopsy",
    "dialysis", "palliative", "terminal", "dementia", "alzheimer", "stroke", "seizure", "tumo", "replacement", " op ",
    " op.", " op,", " op!", "his op", "her op", "their op", "his surgery", "her surgery", "their surgery", "diagnosis",
    "prognosis", "condition", "illness", "treatment",
    "scan result", "medication", "mental health", "depression", "anxiety", "drinking", "addiction", "breakdown",
    "self-harm", "self harm", "suicide", "own life", "overdos", "alcoholi", "rehab", "sectioned", "psychiatric",
    "autis", "adhd", "dyslexi", "intensive care", " icu", "in hospital", "in the hospital", "hospitali", "a&e",
    "a & e", "hiv", "cataract", "parkinson", "epilep", "diabet", "insulin", "antidepressant", "registered blind",
    "registered disabled", "wheelchair", "hearing aid", "long covid", "disabilit", "hmp", "hmyoi", "offend", "prison",
    "jail", "gaol", "custody", "remand", "bail", "probation", "on a tag", "on tag", "sentence", "month suspended",
    "months suspended", "week suspended", "weeks suspended", "year suspended", "years suspended", "unpaid work",
    "community service", "community order", "magistrates", "crown court", "in court", "at court", "to court",
    "the court", "court case", "court date", "court hearing", "court appearance", "county court", "convict",
    "charged with", "arrested", "caution", "restraining", "molestation", "from driving", "drink driv", "drink-driv",
    "drug", "shoplift", "criminal record", "burgl", "divorc", "separated", "split up", "his maintenance",
    "her maintenance", "their maintenance", "child maintenance", "affair", "foster", "left him", "left her",
    "left them", "walked out", "kicked out", "adopted", "adoption", "into care", "in care", "foster care",
    "care order", "social services", "social worker", "child protection", "domestic", "refuge", "estranged", "arrears",
    "overdue", "bailiff", "bankrupt", "ccj", "repossess", "evict", "homeless", "rehous", "re-hous",
    "temporary accommodation", "written off", "debt", "lost his", "lost her", "lost their", "losing his",
    "losing her", "losing their", "sofa", "excluded", "expelled", "exclusion", "bullied", "ehcp", "special needs",
    "special educational", "pupil referral", "truant", "clinic", "appointment", "hospital letter", "scan letter",
    "gp letter", "consultant letter", "outpatient letter", "doctor", "dentist letter", "sighted", "custody",
    "police were", "police was", "police have been", "police had been", "police came", "children's services",
    "childrens services", "children’s services", "walked out", "marriage", "relationship", "housing register",
    "on the housing", "debts", "cut his", "cut her", "cut their", "cut off", "disconnected",
    "bypass", "expecting", "came out", "visa", "asylum", "leave to remain", "refugee", "deportation", "accommodation",
    "sacked", "fired", "dismissed", "drunk", "lost", "signed off", "prostate", "hip ", "knee", "heart", "eye op",
    "eye surgery", "hernia", "bowel", "back op", "back surgery", "shoulder", "gall", "kidney", "charged",
    "fostering", "fostered", "adopt", "birth", "bounced", "declined", "unpaid", "tenancy", "fractured", "broken",
    "appointment", "clinic", "for carrying", "for bringing", "for fighting", "for assault", "for bullying",
    "for drugs", "for a knife", "for selling", "for hitting", "for attacking", "for vaping", "for swearing",
    "leaving care", "care leaver", "supported housing",
    *(f"{span} {state}" for span in ("month", "months", "week", "weeks", "year", "years", "day", "days")
      for state in ("clean", "sober", "dry")),
    *(f"{whose} {count}" for whose in ("his", "her", "their")
      for count in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "six", "twelve", "eighteen", "two", "three"))))
# The word names a charity, a campaign, an event or a service, or speaks of people in general.
SENSITIVE_ORG_AFTER = re.compile(
    r"(?:['’]s)?[\s'’-]*(?:research|uk|awareness|visitors?|visiting|staff|governors?|chaplains?|support|charit\w*|trust|society|foundation|appeal|fundrais\w*|fun\s+run|walk|"
    r"screening|clinic|services?|week|month|day|caf[eé]|coffee|association|centre|center|team|campaign|friendly|"
    r"nurses?|unit|ward|ambassadors?|champions?|relief|action|group|training|awareness|information|advice|helpline|"
    r"network|forum|hub|project|fund|partnership|strategy|policy|provision|scheme|officers?|workers?|teams?|"
    r"patients|sufferers|prevention|reduction|rates?|figures|statistics|cases|levels|risk|tests?|testing|acceptance|"
    r"appreciation|pride|history|carers?|ramps?|access\w*|spaces?|bays?|parking|toilets?|loos?|users|lifts?|friendly|swings?|"
    r"vaccin\w+|jabs?|questionnaire|survey|bill|act)\b", re.IGNORECASE)
SENSITIVE_GENERAL_BEFORE = re.compile(
    r"\b(?:aid\s+of|rais\w+(?:\s+\S+){0,5}\s+(?:for|towards)|donat\w+\s+to|sponsor\w*|awareness\s+of|about|"
    r"talk\w*\s+(?:about|on)|anyone|people|residents|families|those\s+(?:with|affected|living|who)|children|someone|"
    r"somebody|everyone|carers|"
    r"tackl\w+|prevent\w*|reduc\w+|fight\s+against|battle\s+against|risks?\s+of|signs\s+of|symptoms\s+of|"
    r"cases\s+of|the\s+number\s+of|support\s+for|help\s+with|advice\s+on|a\s+talk\s+on)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE)
# The writer's own matter: "my hysterectomy", "I was in hospital", "since my divorce".
SENSITIVE_OWN = re.compile(r"\b(?:my|i|i['’]m|i['’]ve|i['’]d)\s+(?:(?!(?:his|her|their|he|she|they)\b)\w+\s+){0,3}$",
                           re.IGNORECASE)
# A private person: a title and a name, two capitalised words that are not a place or a body, a household, or a
# named person's relative.
PRIVATE_PERSON = re.compile(
    r"(?-i:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][\w'’-]+|"
    r"\b[A-Z][a-z]{2,}\s+(?:[A-Z]['’])?[A-Z][a-z'’-]{2,}|the\s+[A-Z][a-z'’-]+\s+family|\b[A-Z][a-z]{2,}['’]s\s+"
    r"(?i:mum|dad|mother|father|wife|husband|partner|son|daughter|nan|nana|gran|granny|grandad|grandma|grandpa|"
    r"brother|sister|boy|girl|lad|baby|kids?|children|fianc[eé]e?|stepson|stepdaughter|grandson|granddaughter)|"
    # someone by first name and where they are found: "Wendy in flat 6", "Amy on the Co-op tills", "Jordan at the
    # car wash"; or named in so many words: "her name's Leanne"; a household: "the Hendersons'"
    # initials and a surname: "(J. Dunmore)", "S. & K. Price"
    r"\b[A-Z]\.\s+(?:&\s+[A-Z]\.\s+)?[A-Z][a-z]{2,}\b|"
    r"\b[A-Z][a-z]{2,}\s+(?:in|at|on|from)\s+(?:flat|room|no\.?\s*\d|number|the\s+[\w-]+|(?!(?:Mon|Tues|Wednes|Thurs|"
    r"Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|October|November|December)"
    r"[A-Z][a-z]+)|"
    r"(?i:name['’]s|name\s+is|called)\s+[A-Z][a-z]{2,}|\bthe\s+[A-Z][a-z]+s['’](?!\w)|"
    # "the Carters divorced", "the Ahmeds are in a B&B": a household by its surname
    r"\b[Tt]he\s+[A-Z][a-z]+s\s+(?:(?i:are|were|have|had|divorced|split|separated|who|moved|lost|got))\b|"
    # "a cuppa with the Bergers", "the Harris twins"
    r"(?i:with|visited|met|saw|see|for)\s+the\s+[A-Z][a-z]+s\b|\bthe\s+[A-Z][a-z]+\s+(?:twins|triplets|kids|children|"
    r"boys|girls|brothers|sisters)\b|"
    # a first name and an initial: "Jenny M."
    r"\b[A-Z][a-z]{2,}\s+[A-Z]\.(?=\s)|"
    # a first name doing or having something: "Lucy's expecting", "Dawn's been off", "Alan who's just finished",
    # "Olena and her son", "Terry back after"
    r"\b[A-Z][a-z]{2,}(?=['’]s\s+(?:been|expecting|got|having|off|in|on|back|just|had|going|not|now|still|due|\d{1,2})\b|"
    # "Andy, our fruit and veg man", "Phil, who's driven it", "Sandra has been off"
    r",\s+(?:our|the|who|who['’]s|whose)\s|\s+has\s+(?:been|had)\b|"
    r"\s+(?:who['’]s|who\s+(?:is|was|has|had|did|does|runs|ran|lives|lived|works|worked|\w+ed)|and\s+(?:his|her|their)\s+"
    r"(?:son|daughter|kids|children|wife|husband|"
    r"partner|boy|girl|baby|mum|dad)|back\s+(?:after|from|volunteering|at|on|home))\b))")
NOT_A_PERSON = re.compile(
    r"(?i:\b(?:town|council|hall|road|street|lane|close|avenue|drive|way|crescent|court|place|park|centre|center|"
    r"school|academy|primary|surgery|hospital|hospice|practice|club|church|trust|group|team|market|square|house|"
    r"centre|library|police|fire|rescue|county|district|borough|parish|community|services?|nhs|health|care|"
    r"trading|standards|advice|citizens|bureau|partnership|association|society|foundation|charity|research|uk|"
    r"britain|england|northamptonshire|northants|brackley|oxford|banbury|northampton|milton|keynes|london|crown|magistrates|"
    r"prison|court|hmp|cancer|macmillan|alzheimer['’]?s|age|mind|samaritans|shelter|barnardo['’]?s|bank|holiday|"
    r"day|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|the|this|that|our|your|their|his|her|my|a|an|we|"
    r"they|it|please|thanks|thank|happy|good|well|huge|big|get|all|any|no|new|old|more|just|so|and|but|or|if|when|"
    r"what|who|why|how|where|there|here|great|lovely|dear|hello|hi|update|news|notice|reminder|today|tonight|"
    r"yesterday|tomorrow|morning|afternoon|evening|east|west|north|south|ward|mayor|deputy|clerk|chair|member|"
    r"committee|orders?|standing|full|fete|fair|festival|ground|recreation|world|national|international|assistant|"
    r"staffing|planning|finance|meeting|agenda|minutes|summer|spring|autumn|winter|christmas|easter|part|item|"
    r"under|following|after|before|during|since|until|with|without|from|into|over|at|on|in|for|to|by|of|as|"
    r"acceptance|awareness|appeal|lottery|fund|awards?|officer|manager|director|team|board|panel|forum|"
    r"housing|police|probation|prison|legal|report|plan|policy|strategy|project|scheme|grant)\b)")
ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|our|this|their|its|every)\s+$", re.IGNORECASE)
CAPITAL_AFTER = re.compile(r"\s+(?!(?:Is|Was|Has|And|But)\b)[A-Z][a-z]")
# Someone not named: "A man was arrested after the break-in ... thanks to caretaker Bill Oates".
SOMEONE = re.compile(r"\b(?:a|an|two|three|some|several)\s+(?:\d+-year-old\s+)?(?:man|woman|men|women|youths?|"
                     r"teenagers?|boys?|girls?|people|persons?|drivers?|residents?|person)\s+(?:\w+\s+){0,2}$",
                     re.IGNORECASE)
WORD_END = re.compile(r"[A-Za-z]+$")
# Someone unnamed by their condition: "a wheelchair user", "an epileptic", "any diabetic lad"; but "Tom is a
# wheelchair user" says it of Tom.
UNNAMED_SUFFERER = re.compile(r"\b(?:a|an|one|another|any|every|each|no)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
COPULA_BEFORE = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|being|became|becomes)|['’]s)\s+(?:a|an|one)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
SUFFERER_WORD = re.compile(r"(?:users?|ics?|ers?)$", re.IGNORECASE)
SUFFERER_AFTER = re.compile(r"\s+(?:man|woman|men|women|lad|lass|boy|girl|child|kid|person|people|pensioner|resident|"
                            r"gentleman|lady|driver|patient|passenger|customer|visitor|neighbour)s?\b", re.IGNORECASE)
# "Radstone Fields", "Oakley Court": a place (not "Hill", "Green" or "Lane", which are surnames too)
HOUSEHOLD = re.compile(r"[Tt]he\s+[A-Z][a-z]+s\s+(?i:are|were|have|had|divorced|split|separated|who|moved|lost|got)\b")
PLACE_END = re.compile(r"(?i:road|street|avenue|close|crescent|drive|gardens|grove|terrace|mews|parade|meadows|fields|"
                       r"court|estate|way|square)")
PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their|him|them|hers)\b", re.IGNORECASE)
# Not after an initial or a title: "(Mr D. Khatri, cheeses)" is one sentence.
SENTENCE_END = re.compile(r"(?<![\s(][A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)[.!?]\s|\n")
SENSITIVE_GATE = any_of(SENSITIVE_KEYS)


# A name followed by a public office is someone in their public role: "Dr Helen Ainsworth, the county's Director of
# Public Health", "Mark Lee, our Town Clerk".
PUBLIC_ROLE_AFTER = re.compile(
    r"\s*,\s*(?:the|our|your|its|their)\s+(?:[\w'’-]+\s+){0,2}(?:director|head|chief|officer|manager|chair|chairman|"
    r"chairwoman|lead|leader|clerk|mayor|inspector|superintendent|commissioner|minister|secretary|consultant|"
    r"spokes\w+|mp|councillor|cllr)\b", re.IGNORECASE)


def _private_person(text: str, start: int, end: int) -> re.Match[str] | None:
    """Return the first private person named between start and end (not a place, a body or a time)."""
    for m in PRIVATE_PERSON.finditer(text, start, end):
        if PUBLIC_ROLE_AFTER.match(text, m.end()):
            continue
        words = m.group().replace("’", "'").split()
        if words[0][0].isupper() and words[0][1:2].islower() and len(words) == 2 and (
                ARTICLE_BEFORE.search(text, max(0, m.start() - 8), m.start())
                or CAPITAL_AFTER.match(text, m.end())):
            # "the Summer Fete", "World Autism Acceptance Week": a thing's name, not a person's; but "Met Dennis
            # Quail" is a sentence's first word before a name
            later = m.start() + len(words[0]) + 1
            if CAPITAL_AFTER.match(text, m.end()) and (named := _private_person(text, later, end)) is not None \
                    and named.start() == later + (len(text[later:]) - len(text[later:].lstrip())):
                return named
            continue
        the_family = words[0].lower() == "the" and (len(words) >= 3 or words[-1].endswith("'")
                                                    or HOUSEHOLD.match(text, m.start()) is not None)
        household = the_family or (len(words) == 3 and words[1].lower() == "the")  # "with the Lomaxes"
        if household or words[0][:2] in ("Mr", "Ms", "Dr", "Mx") or words[0].startswith(("Miss", "Cllr",
                                                                                                      "Councillor")):
            return m
        name = words[:1] if len(words) > 2 and words[1] in ("in", "at", "on", "from") else words[:2]
        if not any(NOT_A_PERSON.fullmatch(w.removesuffix("'s").rstrip("'")) for w in name) \
                and not (len(name) == 2 and PLACE_END.fullmatch(name[1].removesuffix("'s"))):
            return m
    return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the start and end of the sentence around a span."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    right = SENTENCE_END.search(text, end, end + 300)
    return left, right.start() + 1 if right else min(len(text), end + 300)


# A job's probation, not a court's: "the clerk's probation is being extended", "passed her probation period", "our new
# caretaker is on probation till June". Not "his probation officer", nor a court, an order or an offence beside it.
JOB_PROBATION = re.compile(
    r"\b(?:clerk|officer|apprentice|starter|recruit|employee|staff|assistant|caretaker|administrator|groundsman"
    r"|groundsperson|warden|trainee|secretary|cleaner|ranger|manager|hire|deputy)s?['’]?s?\s+(?:\w+\s+)?probation\b"
    r"|\bprobation(?:ary)?\s+(?:period|review|appraisal|meeting)\b|\bprobationary\b"
    r"|\b(?:passed|passes|passing|completed|completes|completing|sailed\s+through)\s+(?:(?:his|her|their|the|a)\s+)?"
    r"(?:\w+\s+)?probation\b"
    r"|\b(?:new|our|the)\s+(?:\w+\s+)?(?:clerk|apprentice|starter|recruit|employee|assistant|caretaker"
    r"|administrator|groundsman|groundsperson|warden|trainee|secretary|cleaner|ranger|hire)\b[^.!?\n]{0,40}?"
    r"\bon\s+probation\b", re.IGNORECASE)
COURT_WORDS = re.compile(r"\b(?:court|magistrates|judge|sentenc\w*|offen[cs]es?|offender|convict\w*|prison|jail"
                         r"|probation\s+(?:officer|service|order))\b", re.IGNORECASE)


def _job_probation(text: str, start: int, end: int) -> bool:
    """Say whether "probation" at start..end is a job's probation: said so in its sentence, with no court in it."""
    if "probation" not in text[start:end].casefold():
        return False
    left, right = _sentence_bounds(text, start, end)
    return JOB_PROBATION.search(text, left, right) is not None and COURT_WORDS.search(text, left, right) is None


def sensitive_matter(text: str) -> tuple[str, int, int] | None:
    """Return (kind, start, end) of a private matter beside a named person, by name or by pronoun a sentence on."""
    if SENSITIVE_GATE.search(text.lower()) is None:
        return None
    for _, m in zip(range(20), SENSITIVE.finditer(text), strict=False):
        if SENSITIVE_ORG_AFTER.match(text, m.end()):
            continue
        before = text[max(0, m.start() - 60):m.start()]
        if SENSITIVE_GENERAL_BEFORE.search(before) and not PRONOUN.search(text, max(0, m.start() - 8), m.start()):
            continue
        if SENSITIVE_OWN.search(before[-25:]) or SOMEONE.search(before[-30:]):
            continue
        if UNNAMED_SUFFERER.search(before[-40:]) and not COPULA_BEFORE.search(before[-40:]) and (
                SUFFERER_WORD.search(m.group()) or SUFFERER_AFTER.match(text, m.end())):
            continue  # "so a wheelchair user couldn't get past", "an epileptic lad": someone unnamed
        left, right = _sentence_bounds(text, m.start(), m.end())
        if _private_person(text, left, right) is None:
            if not PRONOUN.search(text, left, right) or left == 0:
                continue
            # the person named a sentence or two before ("Mrs Fennimore ... Bit worried about her. She's ...")
            prev_left, _ = _sentence_bounds(text, max(0, left - 2), max(0, left - 1))
            earlier, _ = _sentence_bounds(text, max(0, prev_left - 2), max(0, prev_left - 1))
            if _private_person(text, earlier if prev_left > 0 else prev_left, left) is None:
                continue
        kind = next(k for k, v in m.groupdict().items() if v)
        if kind == "criminal" and _job_probation(text, m.start(), m.end()):
            continue
        if kind == "shape":
            kind, stem = "health", WORD_END.search(text, max(0, m.start() - 30), m.start())
            return kind, stem.start() if stem else m.start(), m.end()
        return kind, m.start(), m.end()
    return None


# Where a named person lives, said without a house number: "Norman Bright ... He lives in the bungalow next to the
# bus stop on Springfield Way", "Mrs Ince, who lives at the end of Marlow Close", "they live in the cottage with the
# green door". Not where someone lived ("lived on Manor Road as a boy"), nor a town or an estate alone.
LIVE_WORD = re.compile(r"\b(?:lives|living|resides|residing|(?<=they\s)live|(?<=who\s)live|(?:has\s+|have\s+|just\s+)?"
                       r"moved\s+(?:in)?to)\b", re.IGNORECASE)
HOME_PLACE = re.compile(
    rf"\b(?:{NAME_WORD}\s+){{1,3}}(?i:{SUFFIXES})\b"
    r"|(?i:\b(?:the|a)\s+(?:[a-z-]+\s+){0,2}(?:house|bungalow|cottage|flat|maisonette|semi|farmhouse|caravan|houseboat|"
    r"narrowboat|one|place)\s+(?:(?:right|just|directly|immediately)\s+)?(?:with\s+the|next\s+(?:door\s+)?to|opposite|"
    r"beside|behind|facing|above|over|by\s+the|on\s+the\s+corner|at\s+the\s+(?:end|top|bottom|corner)))"
    r"|(?i:\b(?:right\s+|just\s+|directly\s+)?(?:next\s+door\s+to|opposite|above|over)\s+the\s+(?:[a-z-]+\s+){0,2}"
    r"(?:shop|pub|chippy|church|school|post\s+office|garage|bakery|surgery|bus\s+stop|co-?op|library|chemist|pharmacy|"
    r"newsagents?|butchers?|hairdressers?|barbers?|caf[eé]|takeaway|vets?)\b)")
LIVES_WHERE = re.compile(r"\s+(?:(?:just|right|still|now|alone|all\s+alone|on\s+(?:his|her|their)\s+own|"
                         r"by\s+(?:him|her|them)sel(?:f|ves))\s+)*(?:on|in|at|off|along|down|up|near|by|opposite|above|over|next|round|"
                         r"beside|behind|halfway|with)\b", re.IGNORECASE)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def find_home_described(text: str) -> Iterator[Detail]:
    """Yield where a named private person lives, by street or by a description of the house, no number needed."""
    for _, key in zip(range(10), LIVE_WORD.finditer(text), strict=False):
        left, right = _sentence_bounds(text, key.start(), key.end())
        if not key.group().casefold().endswith("to") and not LIVES_WHERE.match(text, key.end()):
            continue  # "is living proof that ...": no place follows
        place = HOME_PLACE.search(text, key.end(), min(right, key.end() + 100))
        if place is None:
            continue
        person = _private_person(text, left, key.start())
        if person is None and left > 0 and SUBJECT_PRONOUN.search(text, max(left, key.start() - 30), key.start()):
            earlier, _ = _sentence_bounds(text, max(0, left - 2), max(0, left - 1))
            person = _private_person(text, earlier, left)
        if person is None or person.group().startswith(("Cllr", "Councillor")):
            continue
        if ORG_NEAR.search(text, person.start(), key.start()):
            continue  # "Brackley Post Office has moved to 24 High Street": a business moved, not a person
        yield Detail("address", place.start(), place.end(), 0.7, "where a named person lives")  # the place, not "lives"
        return


def find_other_details(text: str) -> Iterator[Detail]:
    """Yield a date of birth, a car registration by a vehicle word, an NI number, or a named person's health."""
    low = text.lower()
    digits = DIGIT.search(text) is not None
    if "address" in low:
        for m in NAMED_ADDRESS.finditer(text):
            if ORG_BEFORE.search(text[max(0, m.start() - 40):text.find("address", m.start())]):
                continue  # "The Town Council's address is ...": an organisation's, published
            yield Detail("address", m.start(), m.end(), 0.8, "someone's address")
            break
    if (digits or "The " in text) and (house := NAMED_AT_HOUSE.search(text)) is not None:
        yield Detail("address", house.start(), house.end(), 0.75, "a named person's house")
    if digits and ("no" in low or "number" in low) and (house := _named_at_number(text)) is not None:
        yield Detail("address", house.start(), house.end(), 0.75, "a named person's house")
    if ("'s " in text or "’s " in text) and (house := HOUSE_OF.search(text)) is not None:
        yield Detail("address", house.start(), house.end(), 0.75, "a named person's house")
    if "liv" in low or "resid" in low or "moved" in low:
        yield from find_home_described(text)
    if digits and (home := HOME_AT.search(text)) is not None:
        yield Detail("address", home.start(), home.end(), 0.75, "someone's home address")
    if digits:
        if any(k in low for k in BIRTH_KEYS):
            for m in BIRTH_DATE.finditer(text):
                yield Detail("birth-date", m.start(), m.end(), 0.85, "date of birth")
        for m in PLATE.finditer(text):
            if VEHICLE.search(_sentence(text, m.start(), m.end())):
                yield Detail("vehicle", m.start(), m.end(), 0.75, "car registration")
        if "insurance" in low or "ni" in low:
            for m in NI_NUMBER.finditer(text):
                if NI_BEFORE.search(_before(text, m.start())):
                    yield Detail("ni-number", m.start(), m.end(), 0.95, "National Insurance number")
    if HEALTH_GATE.search(low):  # a trie of the keys: faster than HEALTH_WORD, a long alternation, on every post
        said = _named_health(text, low)
        if said is not None:
            yield Detail("health", said.start(), said.end(), 0.75, KIND_WORDS["health"])
    if FINANCE_WORD.search(low) and (money := _named_finance(text, low) or DEBTORS.search(text)) is not None:
        yield Detail("finance", money.start(), money.end(), 0.7, KIND_WORDS["finance"])
    if CRIMINAL_WORD.search(low):
        crime = _near_key(CRIMINAL, CRIMINAL_WORD, text, low) or _near_key(CRIMINAL_SUBJECT, CRIMINAL_WORD, text, low)
        if crime is not None and _job_probation(text, crime.start(), crime.end()):
            crime = None
        if crime is not None:
            yield Detail("criminal", crime.start(), crime.end(), 0.75, KIND_WORDS["criminal"])
        elif (later := CRIME_LATER.search(text)) is not None \
                and NAMED_PERSON.search(text, max(0, later.start() - REACH), later.start()):
            yield Detail("criminal", later.start(), later.end(), 0.7, KIND_WORDS["criminal"])
    if "complain" in low and (complainant := COMPLAINANT.search(text)) is not None:
        yield Detail("complainant", complainant.start(), complainant.end(), 0.7, "a named complainant")
    if SCHOOL_WORD.search(low):
        trouble = _near_key(SCHOOL_TROUBLE, SCHOOL_WORD, text, low)
        if trouble is None and (later := SCHOOL_LATER.search(text)) is not None \
                and NAMED_PERSON.search(text, max(0, later.start() - REACH), later.start()):
            trouble = later
        if trouble is not None:
            yield Detail("school", trouble.start(), trouble.end(), 0.7, "a named child's school troubles")
    if digits:
        head = text[:AGE_CHARS]
        for first in AGE_FIRST.finditer(head):
            if re.search(rf"\b{first.group('first')}\s+[A-Z][a-z'’-]+", head[:first.start()]):
                yield Detail("age", first.start(), first.end(), 0.6, KIND_WORDS["age"])
                break
        if (before := AGE_BEFORE.search(head)) is not None:
            yield Detail("age", before.start(), before.end(), 0.6, KIND_WORDS["age"])
        if (child := CHILD_AGE.search(head)) is not None \
                and FAMILY_OR_SCHOOL.search(_sentence(text, child.start(), child.end())):
            yield Detail("age", child.start(), child.end(), 0.6, "a named child's age")
        for m in AGE.finditer(head):
            age = int(m.group("a") or m.group("b") or m.group("c") or m.group("d"))
            if 0 < age <= 110 and not _film_certificate(head, m):
                yield Detail("age", m.start(), m.end(), 0.6, KIND_WORDS["age"])
                break
        if "sort" in low and (bank := BANK.search(text)) is not None:
            yield Detail("bank", bank.start(), bank.end(), 0.9, KIND_WORDS["bank"])
    if (matter := sensitive_matter(text)) is not None:
        kind, start, end = matter
        yield Detail(kind, start, end, 0.65, KIND_WORDS[kind])


def find_details(text: str, known: Known, author_names: tuple[str, ...], handle: str = "") -> list[Detail]:
    """Return every personal detail in a text, in order."""
    has_digits = DIGIT.search(text) is not None
    details = list(find_phones(text, known, author_names)) if has_digits else []
    details += find_emails(text, known, author_names, handle)
    if SPOKEN_GATE.search(text) and not any(d.kind == "phone" for d in details):
        details += find_spoken_phones(text, known)
    if has_digits:
        details += find_addresses(text, known)
        if not any(d.kind == "address" for d in details):
            details += find_one_word_streets(text, known)
        if not any(d.kind == "address" for d in details):
            details += find_numbered_houses(text)
        if not any(d.kind == "address" for d in details) and ("no" in text or "No" in text or "NO" in text
                                                              or "umber" in text or "#" in text):
            details += find_number_after_street(text, known)
        details += find_postcodes(text, known, [(d.start, d.end) for d in details])
        if "nhs" in text.casefold():
            details += find_nhs_numbers(text)
    others = list(find_other_details(text))
    if "court" in text.casefold() or "reported" in text.casefold():
        # A court's published result, passed on as such ("Court report: ..., 27, admitted theft"): the name, age and
        # offence are the court's public record. Told in the author's own words, without the frame, they still count.
        others = [d for d in others if d.kind not in ("criminal", "age") or not COURT_RECORD.search(text)]
    details += others
    return sorted(details, key=lambda d: d.start)


COURT_RECORD = re.compile(
    r"\bcourt\s+(?:report|reports|listings?|lists?|results?|round-?up|news|register|reporter)\b|"
    r"\bfrom\s+(?:the\s+|today['’]s\s+|this\s+week['’]s\s+)?(?:court|courts|magistrates['’]?|crown\s+court)"
    r"(?:\s+(?:court|listings?|lists?|pages?|reports?))?\s*[:,\u2013\u2014-]|"
    r"\b(?:as\s+)?reported\s+(?:in|by)\s+(?:the\s+)?(?-i:[A-Z])|\bthe\s+hearing\s+was\s+(?:held\s+)?in\s+public\b",
    re.IGNORECASE)


def gives_details(post: Post, config: Config) -> bool:
    """Say whether a post gives anyone else's personal details, as this check reads them."""
    known = known_for(config)
    return bool(find_details(clip(post.text), known, known.names_by_handle.get(post.author_key, ()), post.handle))


# What each kind of detail is called in findings and alerts (monitor/alerts/shown.py names masked details by it).
KIND_WORDS = {"phone": "a phone number", "email": "an email address", "address": "a home address",
              "postcode": "a postcode next to a person", "nhs-number": "an NHS number",
              "birth-date": "a date of birth", "vehicle": "a car registration",
              "ni-number": "a National Insurance number",
              "health": "a named person's health", "finance": "a named person's debts or benefits",
              "criminal": "a named person's offences or record", "age": "a named person's age",
              "bank": "bank details", "school": "a named child's school troubles",
              "family": "a named person's family matters", "complainant": "a named complainant"}


# The account's own words over a quote that condemn the shared post or ask people not to pass it on: calling out
# someone else's disclosure ("Please don't share this, it has a resident's address", "Reported. Not acceptable") is
# not giving out the details, though the quote shows them; a plain repost, or a quote that endorses or says nothing
# against it ("Reposting because this deserves attention"), spreads them.
DISOWNED = re.compile(
    r"\b(?:do\s+not|don['’]?t|never|please\s+(?:don['’]?t|do\s+not|stop)|stop)\s+(?:\w+\s+)?(?:shar\w*|repost\w*|"
    r"retweet\w*|spread\w*|pass\w*\s+(?:it|this|them)\s+on|circulat\w*)|\btake\s+(?:this|it|that)\s+down\b|"
    r"\b(?:i['’]?ve|we['’]?ve|have|has\s+been|i|we)\s+reported\b|\breported\s+(?:this|it|the\s+post)\b|"
    r"\bunacceptable\b|\bnot\s+(?:ok|okay|acceptable|on|appropriate)\b|\bout\s+of\s+order\b|\bdox\w*|"
    r"\b(?:please\s+)?(?:remove|delete)\s+(?:this|it|that|the\s+post|your\s+post)\b|\bshame\s+on\b|\bdisgrac\w+|"
    r"\bshould(?:n['’]?t|\s+not)\s+(?:have\s+been|be)\s+(?:shared|posted|published|named)\b",
    re.IGNORECASE)


def personal_data(post: Post, ctx: Context) -> Iterator[Hit]:
    """Flag posts by registered accounts that give personal details of others: phones, emails, home addresses.

    Clause 6.4: "Never give out personal details of others such as home address and telephone numbers."
    and "Ensure that you handle any personal or sensitive information in line with the Data Protection Act."
    Residents' posts (role "other") are never checked: the policy binds the council's own people.
    """
    if post.role not in CONTENT_ROLES or not (post.text or (post.shared and post.shared.text)):
        return
    known = known_for(ctx.config)
    text, field = clip(post.text or ""), "text"
    details = find_details(text, known, known.names_by_handle.get(post.author_key, ()), post.handle) if text else []
    shared = post.shared
    if not details and shared is not None and shared.text and not DISOWNED.search(post.text or ""):
        # A repost or a quote puts the shared post's details in front of the account's followers: the council's own
        # account spreads them as much as if it had typed them. The shared post's author giving their own ("call me
        # on ...") is theirs to give, as in any post.
        text, field = clip(shared.text), "shared.text"
        names = known.names_by_handle.get((post.platform, handle_key(shared.handle)), ())
        details = find_details(text, known, names, shared.handle)
    if not details:
        return
    first = details[0]
    kinds = list(dict.fromkeys(d.kind for d in details))
    more = f" (and {', '.join(KIND_WORDS[k] for k in kinds[1:])})" if len(kinds) > 1 else ""
    yield Hit(
        message=f"Gives {KIND_WORDS[first.kind]}{more}",
        evidence={
            "field": field, "span": [first.start, first.end], "excerpt": excerpt(text, first.start, first.end),
            "score": max(d.score for d in details), "kind": first.kind, "reasons": [d.reason for d in details],
            "matches": [{"kind": d.kind, "span": [d.start, d.end]} for d in details],
        },
    )
