"""offensive: derogatory, obscene, abusive, threatening or defamatory-sounding language from a registered account.

How it reads a post (all in one pass, no I/O: the word lists are loaded once per configuration):
1. Fold the text so disguises read as plain words, keeping a map back to the original characters:
   NFKC, invisibles dropped, accents stripped, TR39 confusables (Cyrillic "с" -> "c"), case folded;
   then per token leetspeak (sh1t, b0ll0cks, $hit) and masks (f***, b*****d, sh*t: the stars stand for the
   hidden letters), stretched letters (shiiiit) and spelt-out letters (f u c k, s.h.i.t).
2. Look whole tokens up in the UK lexicon (monitor/data/offensive/terms.txt, in Ofcom-style bands). Whole
   tokens are what keeps Scunthorpe, Penistone, Cockermouth, Essex, cocktail and assessment quiet; the
   allow-list (monitor/data/offensive/allow.txt) covers the rest (Twatt, Dickens, blue tit, Moby Dick).
   Words with an innocent sense (tit, knob, prick, clown, rat) count only when aimed at someone:
   "you tit", "what a prat", "Cllr X is a clown", or a fragment of describing words ending in them ("Smug
   little madam.", "What a patronising old cow"; "Lovely cow." describes no one badly).
3. Threats ("know where you live", "burn his house down", "someone should shoot him").
4. Derogatory adjectives aimed at a person ("you pathetic little man", "Cllr Hughes is useless"), a group
   ("the councillors on the other side are brain-dead", "spineless cowards") or a body ("that fat slob").
   A group of people called animals, vermin or feral is dehumanising ("the families on that estate are
   animals"); pronouns alone ("they are vermin") are not enough there, since pest notices say the same of rats.
   A derogatory adjective as a sentence of its own, in a post that names people, is a verdict on them ("Staff
   mowed the verge flat. Brainless."); "4 people came. Pathetic!" is about a turnout and stays quiet.
   A person is anyone named by a job or part they play ("the surveyor they sent round", "the chair of the
   Allotments Association", "the car park marshals"), a title and name, a pronoun or a councillor's name.
5. Defamatory-sounding accusations about an identifiable person: "Cllr X is corrupt / a liar / a crook", "took a
   bribe", "fiddling his expenses", "has fleeced the pensioners"; hangers-on join in and make a bare surname a
   person ("Hughes and his cronies are corrupt", "the clerk and her mates are on the take"). No rule can decide
   defamation (Defamation Act 2013 s.1); this fills the Clerk's review queue, worded as "defamatory-sounding".
   Accusation verbs take the person as subject ("has been taking money from the developers", "misled the meeting",
   "doctored the minutes") or as object ("the developers bribed Cllr X").
6. Contempt with no listed insult: a person called a contemptuous noun (monitor/data/offensive/contempt.txt, or a
   compound such as "clipboard merchant", "pen-pusher") or mocked for competence ("hasn't a clue and never will").
7. Derogatory generalisations about a group, polite or not: a group (groups.txt), a generalising word ("always",
   "tend to", "simply don't") and a harm or failing (stereotypes.txt) in one sentence, or a verdict damning by
   itself ("should be grateful", "aren't really from here"); rebuttals do not fire.
8. Reprisal hinted with no harm named ("I have a long memory", "don't be surprised when your licence ...").
9. Sarcasm and condescension aimed at a person in turns that sincere praise does not take ("well done to Cllr X
   for discovering that buses exist", "a masterclass in incompetence", "the grown-ups are talking", "explain it to
   him slowly, with pictures"); "well done to the clerk for spotting the error" is praise and stays quiet.
An insult word inside a harmless compound ("idiot-proof", "a fool's errand") names no one and does not fire.

Decisions: an insult that is denied ("no one on our estates is scum", "the clerk is not lazy") does not fire;
nor, for words that need a target, one that reports someone else's name-calling ("I've been called a coward",
"someone said the councillors are useless"); nor does a mild or medium word in the writer's own self-deprecation ("I
was a complete idiot and left my purse") or quoted in a sentence reporting someone's abuse ("a message calling our
volunteers 'scum'"), and the learned layer is overruled there too, as it is for an accusation reported only to be
refuted ("... ripped off his tenants, but that is simply not true"). Animal words in a sentence about real animals
("rats in the bins: they are vermin", "meet the pigs at the farm") are not insults; nor is "bitch" as a female dog
("Best Dog, Best Bitch", "in-whelp bitch", "the bitch had puppies") unless it is aimed at a person ("you bitch").
Insults at things are not derogatory remarks about people: "the bus shelter is a disgrace", "a pathetic
turnout" do not fire.
One hit per post (the most severe match; the others are listed in evidence "matches"), so the
Clerk gets one alert per post. Mild exclamations with no target ("bloody", "damn", "hell") are not in the
lexicon: colourful but not derogatory. Quoting a slur is still flagged: the post publishes it.
alt-profanity-check is not used: measured at 4.3 ms a call per post (its batching cannot help a per-post
check), 40 times the whole budget of the four content checks, and it misses British insults anyway.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from monitor.alternation import Alternation
from monitor.checks.base import Context, Hit, excerpt, learned_hit, per_config
from monitor.checks.lists import terms
from monitor.checks.personal_data import gives_details
from monitor.config import Config
from monitor.records import Post, Severity
from monitor.text import INVISIBLE, clip, skeleton
from monitor.wordlists import packaged

RULE = "offensive"
CONTENT_ROLES = ("official", "councillor")

# Band -> (score, severity of the hit; None keeps the rule's own "medium").
BANDS: dict[str, tuple[float, Severity | None]] = {
    "mild": (0.5, "low"), "medium": (0.65, None), "strong": (0.8, None), "strongest": (0.95, "high"),
}
TERM_KINDS = ("slur", "insult-term", "obscenity")
SEVERITY_ORDER = {"low": 0, None: 1, "medium": 1, "high": 2}
STEM_SUFFIXES = ("s", "es", "ed", "er", "ers", "ing", "in", "y")
# Leetspeak read inside a token that also has letters ("sh1t", "b0ll0cks", "@rse", "$hit", "sh!t").
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                      "!": "i", "|": "i"})
MASKS = frozenset("*#%")
APOSTROPHES = frozenset("’‘ʼ′`")



def words(spaced: str) -> frozenset[str]:
    """Return the set of words in a space-separated string (keeps long word lists readable)."""
    return frozenset(spaced.split())


WORD = re.compile(r"[a-z]+")
# A token with something other than letters in it: leet, masks, hashtags ("sh1t", "f***ing", "#fuckoff").
ODD_TOKEN = re.compile(r"(?<![a-z0-9@$*#!|%])[a-z]*[0-9@$*#!|%][a-z0-9@$*#!|%]*")
# Letters spelt out with single separators: "f u c k", "s.h.i.t", "b-a-s-t-a-r-d".
SPELT = re.compile(r"(?<![a-z0-9])[a-z0-9*@$](?:[ .\-_][a-z0-9*@$]){2,}(?![a-z0-9])")
REPEAT3 = re.compile(r"([a-z])\1\1")
REPEATS = re.compile(r"(.)\1+")
# Spelt-out words leave single letters behind ("f u c k" -> f, u, c, k); "a" and "i" are words.
SINGLE_LETTERS = frozenset("bcdefghjklmnopqrstuvwxyz")

# Words that may sit between an insult and whoever it is aimed at ("you absolute clown", "a right prat").
INSULT_FILLER = (
    r"(?:an?|such|complete|total|absolute|utter|right|proper|silly|stupid|old|lying|pompous|arrogant|useless|"
    r"pathetic|ignorant|smug|jumped[- ]up|self[- ]important|fucking|bloody|lazy|two[- ]faced|great|big|massive|"
    r"thieving|little|miserable|sad|nasty|dirty|scruffy|grumpy|lying|cheating|spineless|bald|fat|ugly|gutless|"
    r"clueless|incompetent|hopeless|idle|bone[- ]idle|gormless|whing(?:e)?ing|moaning|feckless|brainless|inept|vile|"
    r"greedy|grasping|bloodsucking|money[- ]grabbing|"
    r"despicable|worthless|self[- ]serving|snivelling|sniveling|spiteful|vindictive|shameless|sorry|dim|thick|"
    r"rude|gobby|"
    # any -ing or -ed word before the insult: "a backstabbing cow", "a sneering little weasel"
    r"[a-z]{3,}(?:ing|ed|ish|ous|less|ful)|"
    # a list of them: "rude, ignorant oafs", "a lazy and useless clot"
    r"[a-z'\-]+,|and)"
)
# A hyphenated adjective before an insult noun, like the listed fillers: "a power-mad old cow", "a pig-headed fool".
COMPOUND_ADJ = r"[a-z]+-(?:mad|headed|faced|mouthed|minded|hearted|brained|witted|eyed|nosed|bellied|livered|serving)"
# People named by what they do, after "the", "our", "that" ...: any job or part a person plays.
ROLES = (
    r"clerk|mayor|chair(?:man|woman|person)?|vice[- ]chair|councillors?|cllrs?|officers?|leaders?|contractors?|"
    r"managers?|inspectors?|wardens?|man|woman|men|women|bloke|guy|lady|fella|person|individual|consultants?|"
    r"surveyors?|architects?|auditors?|engineers?|caretakers?|groundsm[ae]n|groundskeepers?|receptionists?|"
    r"administrators?|admins?|moderators?|directors?|agents?|landlords?|builders?|solicitors?|lawyers?|accountants?|cleaners?|"
    r"drivers?|attendants?|marshals?|stewards?|organisers?|organizers?|volunteers?|bin ?m[ae]n|"
    r"police(?:m[ae]n|wom[ae]n)?|pcsos?|coppers?|vicar|head ?teacher|teachers?|owners?|boss(?:es)?|employees?|"
    r"spokes(?:man|woman|person)|chief executive|ceo|mps?|ministers?|secretary|treasurer|president|developers?|"
    r"planners?|workm[ae]n|workers?|members?|candidates?|neighbours?|tenants?|supervisors?|officials?|"
    r"trustees?|governors?|chairs?|lot|firms?|company|companies|outfits?|suppliers?|rep|reps|someone|somebody|"
    # people who write in or speak up: "the complainant who emails daily is unhinged"
    r"complainants?|callers?|correspondents?|objectors?|petitioners?|commenters?|posters?|trolls?"
)
# A short relative clause after a person, with no verb of saying or a second "is" in it: "the complainant who's
# been emailing the office 40 times a week is ..." (not "the resident who said the clerk is ...").
WHO_CLAUSE = (r"(?:\s+(?:who(?:'s|'d)?|that)\s+(?:(?!\b(?:said|says|say|think|thinks|thought|claim|claims|claimed"
              r"|reckon|"
              r"reckons|called|calls|is|are|was|were)\b)[^.!?,;:\n]){1,70}?(?=\s+(?:is|are|was|were|has|had)\b))?")
# Who an insult, a derogatory adjective or an accusation can be aimed at; the council's names are added per config.
PERSON_WORDS = (
    r"(?:cllr|councillor|clr|mayor|clerk|mr|mrs|ms|miss|dr)\.?\s+[a-z][a-z'\-]+"
    # where they serve: "Mrs Dawson on the allotments committee"
    r"(?:\s+(?:on|at|from)\s+the\s+(?:[a-z'\-]+\s+)?[a-z'\-]+)?{WHO_CLAUSE}|"
    r"(?:the|our|your|that|this|these|those|their|his|her|its)\s+(?:so-called\s+)?['\"]?"
    # up to two words before the role ("the new planning officer", "the car park marshals")
    r"(?:(?!(?:is|are|was|were|has|have|and|or|but|of|who|that)\b)[a-z'\-]+\s+){0,2}?(?:{ROLES})['\"]?"
    # where they work or what they do: "the woman on reception", "the new lot running the leisure centre"
    r"(?:\s+(?:on|at|in|from|behind|for)\s+(?:the\s+)?(?:[a-z'\-]+\s+)?[a-z'\-]+|\s+opposite"
    r"|\s+(?!(?:being|going)\b)[a-z]+ing\s+(?:the\s+|our\s+)?(?:[a-z'\-]+\s+)?[a-z'\-]+"
    # "the new bloke running the café on Market Place"
    r"(?:\s+(?:on|at|in)\s+(?:the\s+)?(?:[a-z'\-]+\s+)?[a-z'\-]+)?)?"
    # the body they serve: "the chair of the Amenities Committee"
    r"(?:\s+of\s+(?:the\s+)?(?:[a-z'\-]+\s+){0,3}?(?:committee|council|board|trust|association|club|society|"
    r"department|team|group|company|firm|centre|center|hall|office|library|school|pool|depot|museum|charity|fund"
    r"|appeal|festival|fete|carnival|panel|forum|partnership))?"
    # who took them on: "the consultant we hired"
    r"(?:\s+(?:we|they|you|the council)\s+(?:hired|appointed|employed|paid|brought in|took on|chose|picked|got in|"
    r"used|sent)(?:\s+(?:round|in|out|over))?(?:\s+(?:last|this|in)\s+[a-z0-9]+)?)?{WHO_CLAUSE}|"
    r"he|she|you|u|@[a-z0-9_.]+|"
    # a titled officer without "the": "Deputy clerk is a jobsworth"
    r"(?:deputy|assistant)\s+(?:town\s+)?(?:clerk|mayor)"
).replace("{ROLES}", ROLES).replace("{WHO_CLAUSE}", WHO_CLAUSE)
# Words allowed between the person and "is/has" ("Cllr X has clearly been lying"), and before the accusation.
AUX = (
    r"(?:has|have|had|is|was|clearly|obviously|definitely|really|always|just|also|still|now|openly|basically|"
    r"literally|actually|then|will|would|did|does|must|probably|allegedly|reportedly|apparently|even|once|again|"
    r"repeatedly|regularly|constantly|been|himself|herself|themselves|knowingly|shamelessly|deliberately|wilfully|"
    r"blatantly|routinely|secretly|quietly|systematically|cynically|happily|brazenly)"
)
ACCUSE_FILLER = (
    r"(?:[a-z'\-]+\s+and(?:\s+an?)?|an?|the|such|nothing|but|just|clearly|obviously|totally|completely|utterly|absolutely|so|known|proven|"
    r"complete|total|proper|real|right|serial|compulsive|pathological|massive|big|bloody|fucking|utter|as|"
    r"basically|simply|now|also|still|always|very|deeply|thoroughly|lying|two[- ]faced|dirty|cheap|petty|"
    r"convicted|self[- ]serving|either)"
)
ACCUSE_NOUNS = (
    r"liars?|crooks?|frauds?|fraudsters?|thie(?:f|ves)|criminals?|con ?m[ae]n|con artists?|swindlers?|cheats?|"
    r"embezzlers?|racists?|bigots?|sex pests?|paedos?|nonces?|bull(?:y|ies)"
)
ACCUSE_ADJS = (r"corrupt|bent|dishonest|crooked|on the take|on the make|in (?:the|someone's|their|his|her) pocket|"
               r"on (?:the |a )?(?:[a-z]+['’]?s?['’]? )?payroll")
ACCUSE_VERBS = (
    r"lied|lies|lying|stole|steals|stealing|stolen|nicked|"
    # "was sacked for nicking from the petty cash"
    r"(?:sacked|fired|dismissed|caught|suspended|arrested|done|pushed\s+out|forced\s+out|booted\s+out|kicked\s+out"
    r"|let\s+go)\s+for\s+(?:nicking|stealing|pinching|pilfering|fiddling|theft|fraud|embezzl\w+|shoplifting"
    r"|taking\s+(?:money|cash|bribes)|cooking\s+the\s+books|fiddling\s+the\s+\w+)|(?:took|takes|taking|taken|accepted|accepting|"
    r"pocketed) (?:a |the |some |cash |brown )*(?:bribes?|backhanders?|kickbacks?|envelopes?|bungs?)|"
    r"pocket(?:ed|ing|s) (?:the |our |council |public )?(?:money|cash|funds|grant|precept|difference|takings|proceeds|"
    r"profits?|donations|float|raffle money|ticket money)|"
    r"fiddl(?:ed|es|ing|e) (?:the |his |her |their |its |on )?(?:\w+ )?(?:expenses|books|accounts|figures|vote|count|"
    r"rents?|money|funds|grants?|allowances?|takings|claims?|mileage|timesheets|returns|invoices|results|forms|"
    r"grant forms|paperwork|figures)|"
    r"(?:in bed with|in the pockets? of|bought and paid for by|owned by) "
    r"(?:the |a |some |big |local |their |his |her )?"
    r"(?:developers?|builders?|contractors?|landowners?|lobby|lobbyists?|suppliers?|firms?|[a-z]+ (?:homes|ltd|"
    r"developments|estates))|"
    r"cover(?:ed|ing|s)? up (?:the |a |his |her |their )?(?:fraud|abuse|theft|crime|scandal|corruption|overspend|"
    r"missing money|losses|bullying|complaint|complaints|wrongdoing)|"
    # money got by deceit: "he's fleeced us", "ripped off the residents"
    r"(?:(?:fleec|swindl|scamm|diddl)(?:ed|es|ing)|(?:ripped|ripping|rips|conned|conning|cons)(?: off)?) "
    r"(?:(?:half|most|all|some|many|dozens|hundreds|loads|lots)(?: of)? )?(?:us|the|our|his|her|their|every|"
    r"residents|taxpayers|everyone|everybody|people|pensioners|customers|tenants)\b|"
    r"embezzl(?:ed|es|ing)|rigg(?:ed|ing) (?:the )?(?:vote|election|tender|count|ballot)|"
    r"cook(?:ed|ing) the books|defraud(?:ed|ing|s)|misappropriat(?:ed|ing)|"
    r"lin(?:ing|ed|es) (?:his|her|their) (?:own )?pockets|"
    r"abus(?:ed|ing|es) (?:his|her|their) (?:position|office|power)|on the fiddle|"
    r"fiddling(?! (?:with|about|around|while|on|the|his|her|their|its|a|an)\b)|"
    # Money from someone with an interest, or on the quiet: "has been taking money from the developers".
    r"(?:tak(?:ing|en|es)|took|accept(?:ed|ing|s)?|pocket(?:ed|ing|s)|trouser(?:ed|ing|s)|receiv(?:ed|ing|es)|"
    r"getting|got) (?:\w+ ){0,2}?(?:money|cash|payments?|bribes?|backhanders?|kickbacks?|bungs?|sweeteners?|"
    r"handouts?|freebies|hospitality|envelopes?) (?:(?:from|off) (?:the |a |some |local |big |their |his |her )?"
    r"(?:developers?|builders?|contractors?|landowners?|firms?|compan(?:y|ies)|businesses|lobby|lobbyists?|"
    r"bidders?|suppliers?|[a-z]+ (?:homes|ltd|developments|estates|construction))|under the table|on the side|"
    r"on the quiet|for (?:votes|favours|planning|contracts|permission))|"
    r"(?:misl(?:ed|eads|eading)|deceiv(?:ed|es|ing)|lied to) (?:the |full |this |our |last night's |a )?(?:[a-z]+ )?"
    r"(?:meeting|council|committee|chamber|residents|members|councillors|public|auditors?|police|everyone|us|town)|"
    r"(?:falsif(?:ied|ies|ying)|forg(?:ed|es|ing)|doctor(?:ed|ing|s)|fabricat(?:ed|es|ing)|cook(?:ed|ing|s)) "
    r"(?:the |his |her |their )?(?:minutes|figures|accounts|books|receipts|invoices|expenses|records|results|count)|"
    r"(?:tak(?:es|ing|en)|took|gets?|getting|got) a (?:cut|slice|kickback|backhander|bung|percentage) (?:of|from|on) "
    r"(?:every |each |all |the |any |our )?(?:contracts?|deals?|tenders?|money|budget|grants?|fees?|profits?|precept|"
    r"developers?|contractors?|builders?|planning)|"
    r"help(?:ed|ing|s) (?:himself|herself|themselves) (?:to|from)|siphon(?:ed|ing|s)? off|cream(?:ed|ing|s)? off|"
    # Money and papers handled dishonestly, in everyday words: "pads his invoices", "takes cash in envelopes",
    # "treats the reserves like his personal piggy bank", "shreds anything awkward", "did a runner with the deposit".
    r"pad(?:s|ded|ding) (?:his|her|their|the) (?:\w+ )?(?:invoices|expenses|bills|claims|timesheets|figures|mileage)|"
    r"(?:tak(?:es|ing|en)|took|accept(?:s|ed|ing)?) (?:cash|money|payments?|notes) in (?:brown |plain |fat )?envelopes|"
    r"treat(?:s|ed|ing)? (?:the |our |council |town )?(?:reserves|budget|funds|accounts|grants?|precept|money|"
    r"expenses|kitty) (?:like|as) (?:his|her|their) (?:own |personal |private )?(?:piggy bank|bank account|"
    r"cash machine|cashpoint|wallet|slush fund)|"
    r"shred(?:s|ded|ding) (?:anything|everything|any|all|the)(?: \w+)? (?:that|which) (?:makes|mentions|shows|"
    r"criticises|embarrasses|questions|looks|could|might|would)|"
    r"did a runner with|bought and paid for by\b|"
    r"bull(?:ies|ied|ying) (?:the |our |his |her |their |junior |council |young |new )*(?:staff|officers|clerk|"
    r"volunteers|members|councillors|team|juniors|employees|women|residents)\b|"
    r"(?:has|had|with) (?:his|her|their) (?:hands?|fingers|snout|nose|trotters) in the (?:till|trough|kitty|pot)"
)
# Money or favours to a named person: "the developers bribed Cllr X", "paid the clerk off" (the person as object).
ACCUSE_OBJECT = (
    r"(?:bribed|bribing|bribes|bought off|buying off|paid off|paying off|bunged|bunging|greased the palms? of|"
    r"(?:backhanders?|kickbacks?|bungs?|brown envelopes?|sweeteners?) (?:to|for|into the pockets? of))"
)
# "Hughes and his cronies are corrupt": the hangers-on join the accusation, and mark a bare surname as a person.
CRONIES = r"\s+and\s+(?:his|her|their)\s+(?:cronies|mates|friends|pals|chums|buddies|lackeys|cohorts|clique|cabal|gang)"
ACCUSE_KEYS = words(
    "liar liars crook crooks fraud fraudster fraudsters frauds thief thieves criminal criminals con conman conmen "
    "swindler swindlers cheat cheats embezzler embezzlers racist racists bigot bigots paedo paedos nonce nonces "
    "bully bullies corrupt bent dishonest crooked take pocket lied lies lying stole steals stealing stolen nicked "
    "bribe bribes backhander backhanders kickback kickbacks envelope envelopes bung bungs pocketed pocketing "
    "pockets fiddled fiddles fiddling fiddle embezzled embezzles embezzling rigged rigging cooked cooking "
    "defrauded defrauding defrauds misappropriated misappropriating lining lined lines abused abusing abuses "
    "sex corruption nepotism cronyism jobs taking taken takes took accepted accepting accepts trousered trousering "
    "trousers receiving received receives getting got misled misleads misleading deceived deceives deceiving "
    "falsified falsifies falsifying forged forges forging doctored doctoring doctors fabricated fabricates "
    "fabricating cooks helped helping helps siphoned siphoning siphon siphons creamed creaming cream creams till "
    "trough kitty fleeced fleeces fleecing swindled swindles swindling scammed scamming diddled diddling ripped "
    "ripping rips conned conning cons sacked fired dismissed caught suspended arrested done pushed forced booted "
    "kicked "
    "bribed bribing bribes paid paying bought buying bunged bunging greased sweeteners sweetener "
    "payroll make cut slice percentage bed owned cover covered covering covers pads padded padding treats treat "
    "treated treating shreds shredded shredding runner"
)
# The council or "we" paying someone off settles a claim: "the council is paying off the former events manager".
SETTLING = re.compile(r"\b(?:council|we|authority)(?:\s+(?:is|are|has|have|had|was|were|will|just|now|quietly))*\s*$")
NEGATION = re.compile(r"\b(?:not|never|no|nobody|deny|denies|denied|false|untrue)\b|n't\b")
# A sentence that reports or rebuts an accusation rather than making it.
DENIAL = re.compile(r"\b(?:false|untrue|unfounded|baseless|no evidence|cleared|not true|denied|denies|deny|smear|"
                    r"rumou?rs? that|claims? that|allegations? that|accused of|not (?:saying|suggesting|claiming|"
                    r"accusing))\b")

# Words that refute what a sentence reports; "not saying ..., just saying ..." insinuates instead.
REFUTED = re.compile(r"\b(?:false|untrue|unfounded|baseless|no evidence|cleared|not true|denied|denies|deny|smear)\b")


def spaced(pattern: str) -> str:
    """Return a pattern whose literal spaces match any run of white space ("I'll  kill him")."""
    return pattern.replace(" ", r"\s+")


THREATS = re.compile(spaced(
    r"\b(?:know|knows|found out|find out|i've got|got) where (?:you|u|he|she|they|(?:the|that|this|our|your) "
    r"(?:[a-z']+ ){0,3}?[a-z']+|\w+) (?:lives?|sleeps?|"
    r"works?|parks?)\b"
    r"|\b(?:burn|torch|firebomb|petrol[- ]bomb|smash|brick|trash|wreck)(?:s|ed|ing|t)? (?:down )?(?:your|ur|his|"
    r"her|their|[a-z]+'s) (?:\w+ )?(?:house|home|car|windows?|office|place|shop|flat|shed|garage|van|business)\b"
    r"|\bset fire to (?:your|ur|his|her|their|[a-z]+'s) (?:\w+ )?(?:house|home|car|office|place|flat)\b"
    r"|\b(?:your|ur|his|her|their) (?:house|home|car|place|flat) (?:burns?|burned|burnt|goes up in flames)\b"
    r"|\b(?:i'll|i will|ill|i'm going to|im going to|i'm gonna|im gonna|gonna|we'll|we will|someone (?:will|should|"
    r"needs to|ought to|is going to|oughta)|somebody (?:will|should|needs to|ought to)|i could|i'd like to|"
    r"i want to|i'd happily|i would happily) (?:\w+ )?(?:kill|murder|stab|shoot|hurt|batter|punch|strangle|"
    r"throttle|knife|glass|deck|lamp|thump|slap|smack|kneecap|torch) (?:you|u|him|her|them|(?:the|that|this) "
    r"(?:clerk|mayor|councillor|cllr|officer|man|woman|bloke|idiot|moron|lot|contractor|chairman)|cllr \w+)\b"
    r"|\b(?:beat|kick|knock|smash|punch|bash) (?:you|u|him|her|them|(?:your|his|her|their) (?:head|face|teeth|"
    r"heads|faces)) (?:up|in)\b"
    r"|\b(?:break|snap|smash) (?:your|ur|his|her|their) (?:legs?|neck|arms?|jaw|nose|fingers|skull)\b"
    r"|\bstring (?:you|him|her|them|(?:the|that|this) (?:clerk|mayor|councillor|cllr|officer|man|woman|bloke|lot|"
    r"idiot|chairman)) up\b"
    r"|\b(?:deserves? to|should|ought to|needs? to) (?:be )?(?:shot|hanged|hung|strung up|lynched|put down|"
    r"killed|beaten up|set on fire|taken out|die|burn)\b"
    r"|\bhope (?:you|u|he|she|they|\w+) (?:die|dies|get cancer|gets cancer|rot|rots|burn|burns|drop dead|"
    r"drops dead|chokes?|suffers?)\b"
    r"|\b(?:deserves?|needs?|wants?|should get|ought to get|is asking for|is going to get) an? (?:good |proper )?"
    r"(?:kicking|hiding|beating|slap|smack|thumping|punch|kicking in)\b"
    r"|\bwatch (?:your|ur|his|her|their) backs?\b"
    r"|\byou(?:'ll| will| are going to|'re going to| gonna) (?:regret|pay for) (?:this|it|that)\b"
    r"|\b(?:kill|top) yourself\b|\bkys\b"
    r"|\bsleep with one eye open\b"
    r"|\b(?:you'?d|you had|he'?d|she'?d|they'?d) better watch (?:yourself|yourselves|himself|herself|themselves|"
    r"your back|out)\b"
    r"|\bmake (?:you|him|her|them) pay\b|\byou(?:'ll| will) be sorry\b|\byour days are numbered\b"
    r"|\b(?:i'll|i will|gonna|going to|come round and|come over and) sort (?:you|him|her|them) out\b"
    # Veiled intimidation: harm hinted, not named ("be careful walking home", "shame if something happened").
    r"|\b(?:be careful|careful|watch yourself|mind how you go) (?:walking|going|getting) home(?: tonight)?(?: alone\b|"
    r",? (?:councillor|cllr|mayor|mate|love|sweetheart|darling|pal|madam|sunshine)\b)"
    r"|\blook(?:ing)? over (?:your|ur|his|her|their) shoulders?\b"
    r"|\b(?:shame|pity) if (?:something|anything) (?:was to |were to |should )?happen(?:s|ed)? to (?:you|u|him|her|"
    r"them|your|ur|his|her|their)\b|\baccidents (?:can |do )?happen\b(?=[^.!?]*\b(?:you|your|him|her)\b)"
    r"|\b(?:give|gave|giving|gives) (?:you|u|him|her|them|cllr \w+|councillor \w+|(?:the|that|this) \w+) an? "
    r"(?:good |proper |right )?(?:kicking|hiding|beating|slap|smack|thumping|pasting|going[- ]over|battering)\b"
    r"|\b(?:we|they|people) know (?:who you are|your (?:address|kids|children|wife|husband|car))\b"
    # Reprisal promised or hinted, with no harm named: "I have a long memory", "don't be surprised when your
    # business rates get a very close look", "councillors who cross the group have a way of not being selected".
    r"|\bi(?:'ve| have)(?: got)? a (?:very )?long memory\b(?! (?:for|of|when)\b)"
    r"|\bi(?:'ll| will) find out who you are\b"
    r"|\byou(?:'ll| will) wish you(?:'d| had) never\b|\bi(?:'ll| will) be keeping a (?:file|note|record) on you\b"
    r"|\b(?:don't|do not) be surprised (?:when|if) (?:your|ur|his|her|their)\b"
    r"|\bwho (?:makes? trouble for|cross(?:es)?|crossed|stand up to|complain about) (?:this|the|me|us)\b[^.!?\n]{0,60}?"
    r"\b(?:tend to|have a way of|has a way of|usually|soon|often) (?:find|not being|end up|get|lose)"
    r"|\bworse things (?:can |could |have been known to )?happen\b"
    r"|\bmake (?:your|ur|his|her|their) li(?:fe|ves) (?:very |really )?(?:hell|a (?:living )?hell|unpleasant|a misery|"
    r"difficult)\b|\b(?:he|she|they|you)(?:'ll| will) (?:get|be getting) (?:a )?(?:slap|smack|kicking|hiding|thump|"
    r"battering|pasting)\b|\bleav(?:e|es|ing) in an ambulance\b|\b(?:put|throw|chuck|lob)s? a brick through\b"
    r"|\b(?:you|he|she|they) (?:want|wants|need|needs|ought) to watch (?:yourself|himself|herself|themselves)\b"
    r"|\b(?:people|we|some of us|folk) (?:round|around) here (?:have|got) long memories\b"
    r"|\bsort (?:that|the|this) (?:\w+ )?(?:loudmouth|idiot|lad|bloke|woman|man|clown|muppet) out\b"
    r"|\b(?:he|she|they|you) (?:should|might want to|ought to|had better) remember that before\b"
    r"|\b(?:go|sod off|piss off|fuck off|get|clear off|bugger off|send (?:them|him|her|em)) back (?:to )?(?:where|"
    r"home to|to your own|to their own|to his own|to her own)(?: (?:you|they|he|she) (?:came|come) from| country)?\b"
))
THREAT_KEYS = words(
    "know knows find found got burn burns burned burnt burning torch firebomb petrol smash brick trash wreck "
    "set kill murder stab shoot hurt batter punch strangle throttle knife glass deck lamp thump slap smack "
    "kneecap beat kick knock string deserve deserves shot hanged hung lynched killed hope watch regret pay "
    "top kys sleep bash deserves deserve needs need wants get asking going break snap better make sorry days sort "
    "careful shoulder shoulders shame pity accidents give gave giving gives go sod piss fuck clear bugger send "
    "memory wish file note record surprised trouble cross crosses crossed stand complain worse remember life lives "
    "slap smack kicking hiding thump battering pasting ambulance brick want wants memories"
)

# "brain-dead", "bone idle", "work-shy" are two tokens once folded; the word list gates on "idle", and on these.
DEROG_PAIRS = words("brain work")
# Derogatory adjectives themselves are a word list (monitor/data/offensive/derogatory.txt); these two are grammar.
ADJ_PAIRS = r"|brain[- ]?dead|work[- ]?shy"
# People and bodies a derogatory adjective can be aimed at (clause 9.3 covers the council and its services too).
PERSON_NOUNS = (
    r"councillors?|cllrs?|clerk|mayor|officers?|staff|man|woman|men|women|people|lot|bunch|bloke|blokes|"
    r"idiots?|individual|person|tory|tories|lefties|residents|neighbours?|council|councils|committee|"
    r"chairman|chairwoman|excuse for an?|cowards?|vandals?|parasites?|morons?|clowns?|slobs?|cows?|creatures?|"
    r"specimens?|losers?|yobs?|louts?|thugs?|wasters?|scroungers?|layabouts?|shower|kids|youths|teenagers|lads|"
    r"families|tenants|travellers|drivers|contractors?|developers?|landlords?|mps?|ministers?|leaders?|"
    r"planners?|officials?|fly[- ]?tippers?|muppets?|sods|gits|buggers|beggars|so-and-sos|oafs?|jobsworths?|buffoons?"
    r"|busybod(?:y|ies)|windbags?|clots?|dolts?"
)
# The head of a noun phrase naming people: "the leader of the county council is ...", "kids round the park are ...".
GROUP_HEADS = (
    r"people|persons?|residents?|families|kids|children|youths?|teenagers?|teens|lads|girls|boys|men|women|"
    r"blokes?|guys|tenants|neighbours?|locals|travellers|gypsies|immigrants|migrants|asylum seekers|refugees|"
    r"youngsters|young people|young uns|oldies|incomers|newcomers|"
    r"foreigners|drivers|cyclists|motorists|parents|pensioners|students|workers|staff|officers?|officials?|"
    r"councillors?|cllrs?|members|mps?|ministers?|leaders?|chair(?:man|woman)?|mayor|clerk|planners?|"
    r"inspectors?|contractors?|developers?|landlords?|builders|owners|managers?|bosses|cabinet|opposition|"
    r"tories|lib dems|fly[- ]?tippers?|vandals|yobs|dog walkers|campaigners|protesters|objectors|"
    r"man|woman|fella|fellow|bloke|lady|guy|chap|person|individual|"
    r"(?:street |heavy )?drinkers|smokers|beggars|addicts|junkies|druggies|dealers|claimants|bikers|fans|supporters|"
    r"shoppers|visitors|tourists|campers|squatters|skaters|skateboarders|the elderly|old people|voters|vegans|"
    r"activists|"
    r"(?:that|this|them|you) lot|(?:\w+ )?(?:types|crowd|mob|brigade|folk)"
)
# A gap after the head: a place or a short relative clause, but no second clause ("who said the plan is ...").
GROUP_GAP = (
    r"(?:\s+(?:of|on|in|at|from|round|around|near|by|across|down|up|over|behind|outside|who|that|hanging|living|"
    r"these\s+days|nowadays|today|"
    r"working|sitting|running)\b(?:(?!\b(?:said|says|say|think|thinks|thought|claim|claims|reckon|reckons|is|are|was|"
    r"were|'s|'re)\b)[^.!?,;:\n]){0,50}?)?"
)
GROUP_SUBJECT = rf"\b(?:{GROUP_HEADS}){GROUP_GAP}"
# Dehumanising a group of people: "the families on the X estate are animals", "kids round here are feral".
DEHUMAN_WORDS = (
    r"animals|feral|savages|vermin|scum|parasites|cockroaches|rats|filth|subhuman|sub-human|trash|scroungers|"
    r"lowlifes|inbreds?|inbred|pigs|degenerates|a plague|a pack of animals|"
    r"wild animals|like animals|wasters|a waste of space|brain[- ]?dead"
)
DEHUMAN_KEYS = words(
    "animals feral savages vermin scum parasites cockroaches rats filth subhuman sub trash scroungers lowlifes "
    "inbred inbreds pigs degenerates plague wasters waste brain braindead lowlives neanderthals"
)
# Body-shaming: "that fat slob", "a fat cow".
BODY_SHAMING = (
    r"\b(?:fat|obese|porky|lardy|tubby|fatso)\s+(?:(?:ugly|old|lazy|little|stupid|useless|bald|smug|sweaty)\s+)?"
    r"(?:slob|cow|pig|git|bastard|bitch|idiot|moron|lump|oaf|heifer|whale|lard|b\*+\w*|so-and-so)s?\b"
)
BODY_KEYS = words("fat obese porky lardy tubby fatso")
DEHUMAN_BEFORE = words("feral subhuman sub inbred")
# A copula denied before an insult: "no one on our estates is scum", "the clerk is not lazy".
NEG_COPULA = re.compile(
    r"\b(?:no one|noone|nobody|none of \w+|neither of \w+)\b[^.!?,;:]*\b(?:is|are|was|were|be)\b|"
    r"\b(?:is|are|was|were|am|'s|'re|be|been)\s+(?:not|never|hardly)\b|"
    r"\b(?:isn't|aren't|wasn't|weren't|ain't|isnt|arent|wasnt)\b"
)
# Someone else's name-calling reported: "I've been called a spineless coward", "calling residents animals".
REPORTED = re.compile(
    r"\b(?:called|calling|call|calls|branded|branding|labelled|labeled|labelling|dubbed|named)\s+"
    r"(?:me|us|him|her|them|you|residents|people|myself|ourselves|anyone|someone|everyone|everybody|each other"
    r"|the \w+)?\s*(?:an?\s+)?"
    r"(?:[a-z'-]+\s+){0,2}$|\bbeen\s+called\b"
)
# A story on screen, stage or page: its characters' name-calling is the script's ("Basil calling everyone an imbecile").
FICTION = re.compile(r"\b(?:sitcom|sketch|episode|series|box set|rewatch\w*|re-watch\w*|telly|tv|film|movie|novel|panto"
                     r"|pantomime|play|musical|character|fawlty towers|blackadder|only fools|the office|repeats?)\b")
# A villain on stage, to be booed: "come and cheer Ratty and Mole, and boo that pompous old Toad".
BOOED = re.compile(r"\b(?:boo|booing|hiss|hissing)\b")
STAGE = re.compile(r"\b(?:theatre|theater|stage|show|performance|players|actors?|cast|matinee)\b|\U0001F3AD")
# Graffiti reported: "someone has sprayed COUNCIL SCUM on the underpass again" (the words are the vandal's).
GRAFFITI_BEFORE = re.compile(r"\b(?:sprayed|spray-painted|daubed|scrawled|graffitied|etched|carved|chalked)\s+"
                             r"(?:[a-z'-]+\s+){0,2}$")
# Someone else's opinion reported: "someone said the councillors are useless" (not "I've always said ...").
SAID_BY_OTHERS = re.compile(
    r"\b(?!(?:i|we|i've|ive|i'd|i'll|we've)\b)[a-z']+\s+(?:(?:has|have|had|once|always|just|often)\s+)?"
    r"(?:said|says|say|claimed|claims|claim|reckons|reckon|suggested|suggests|alleged|alleges|accused)\b"
)
# Animal words ("vermin", "pigs") in a sentence about real animals: "rats in the bins: they are vermin".
ANIMAL_WORDS = words("pig rat snake vermin cow toad weasel leech parasite slug")
ANIMAL_CONTEXT = re.compile(
    r"\b(?:rats?|mice|mouse|rodents?|pests?|farm|farms|field|fields|zoo|wildlife|nature|reserve|vets?|livestock|"
    r"sheep|lambs?|cattle|cows?|pigs?|piglets?|hens?|chickens?|bins?|traps?|bait|fleas?|ticks?|worms?|wormer|pets?|"
    r"dogs?|cats?|animals?|species|garden|gardens|allotments?|pond|ponds)\b"
)
# "bitch" as a female dog: show classes ("Best Dog, Best Bitch"), breeding ("in-whelp bitch", "the bitch had
# puppies"). Aimed at a person ("you bitch", "she's a bitch") it stays offensive whatever the context.
DOG_SENSE = re.compile(
    r"\b(?:best|open|junior|puppy|stray|lost|found|rescue|rescued|veteran|champion|reserve|limit|novice|"
    r"post ?graduate|maiden|brood|"
    r"in[- ]?whelp|whelping|whelped|pregnant|nursing|spayed|unspayed|entire)\s+bitch(?:es)?\b|"
    r"\bbitch(?:es)?\s+(?:and|&|or|v|vs)\s+dogs?\b|\bdogs?\s+(?:and|&|or|v|vs)\s+bitch(?:es)?\b|"
    r"\bbitch(?:es)?\s+(?:had|has|whelped|gave birth|is in whelp|in season|on heat|puppies|puppy|litter|class|"
    r"classes|challenge certificate)\b|"
    r"\b(?:dog show|show classes|crufts|kennel club|puppies|puppy|litter|whelp|whelped|whelping|breeder|breeders|"
    r"stud dog|sire|dam|pedigree|spaniel|labrador|terrier|collie|retriever|greyhound|whippet|breed|dog warden|"
    r"springer|lurcher|beagle|poodle|staffie|dachshund|cocker|husky|muzzle|walkies|"
    r"stray|strays|microchip|microchipped|pups?|dog\s+rescue)\b"
)
# Name-calling as a fragment of its own: one to three describing words (listed fillers, hyphenated adjectives or
# the derogatory adjectives) from the start of a sentence, then the word and the end of the sentence ("Arrogant
# little madam.", "Silly cow!"). "Yes madam.", "Lovely cow." and "Highland cow." describe no one badly and stay quiet.
FRAGMENT_AFTER = re.compile(r"[a-z'*]+\s*(?:[.!?\n]|$)")
# Self-deprecation: "I was an idiot and left my phone", "I'm such a muppet".
SELF_BEFORE = re.compile(
    r"\b(?:i(?:'m| am| was|'ve been| have been| felt like| feel like| must be| must have been| can be)|im|ive been"
    r"|(?:proved|proven|shown|showed|made|makes) me(?: look)?(?: like)?"
    # name-calling the writer received: "a message calling me a useless t**t"
    r"|(?:calling|called|calls|call) me"
    # the meme that opens with the writer: "me, an idiot: forgets the minutes"
    r"|^me,)"
    r"(?: such)?(?: an?)?(?: (?:complete|total|right|proper|absolute|utter|bit of an?|massive|silly|daft|old|stupid"
    r"|useless|lazy|fat|ugly|bloody))*\s*$")
ME_FIRST = re.compile(r"(?:^|[.!?\n]\s*|\A\s*)\bme,$")
# The writer's own blunder named after the word: "complete idiot moment from me", "a muppet move on my part".
SELF_AFTER = re.compile(r"\s+(?:moment|move|mistake|error|day|morning)s?\s+(?:from\s+me|by\s+me|of\s+mine"
                        r"|on\s+my\s+part|this\s+(?:morning|afternoon|evening|week)\s+(?:from|by)\s+me)\b"
                        # "What a pillock I am, left my glasses at the Town Hall AGAIN"
                        r"|\s+i(?:\s+am|['’]m)\b"
                        # "made a right prat of myself"
                        r"|\s+(?:out\s+)?of\s+(?:myself|ourselves)\b"
                        # "Dimwit of the evening award goes to me"
                        r"|\s+(?:of\s+the\s+(?:day|week|evening|night|year|month|meeting)\s+)?(?:award\s+|prize\s+|title\s+)?"
                        r"(?:goes|went)\s+to\s+(?:me|myself|yours\s+truly)\b"
                        # "What a plonker, that's me": the writer owning the word
                        r"|\s*[,.!\u2013\u2014-]*\s*(?:that(?:'s| is| was| were| be)|it(?:'s| is| was)|yep|yes)"
                        r"\s*,?\s+(?:me|myself|yours truly|us|i)\b"
                        # "Absolute idiot here has left her reading glasses in the chamber AGAIN": "here" is the writer
                        r"|\s+here\s+(?:has|have|had|just|only|went|forgot|left|locked|lost|managed|put|did|is)\b")
# Someone's words reported in quotes: "someone called our litter pickers 'scum' online. Unacceptable."
QUOTES = frozenset("'\"")
# A quotation of a few words around an insult: "shouted 'useless cow' at me" (the fold makes every quote ' or ").
QUOTE_REACH = 40
QUOTED_BEFORE = re.compile(r"(?:^|(?<=[\s(\[]))['\"][^'\".!?\n]*$")
QUOTED_AFTER = re.compile(r"[^'\".!?\n]{0,40}?['\"](?![a-z])")
REPORTING = re.compile(
    r"\b(?:called|calling|call|calls|branded|branding|labelled|labeled|described|shouted|shouting|yelled|wrote|written|"
    r"posted|sprayed|graffiti|daubed|scrawled|painted|messages?|comments?|commented|commenting|replied|replying|"
    r"tweeted|emails?|abuse|abusive|slurs?|words? like|"
    r"referred to|referring to)\b")
# A work's title in quotes, in a sentence naming the work: "talk on 'Bastard Feudalism'", "book club pick: 'The Idiot'".
TITLE_CUE = re.compile(r"\b(?:talks?|lectures?|books?|novels?|films?|movies?|plays?|productions?|screenings?|readings?"
                       r"|pick|club|episodes?|series|songs?|albums?|titled|entitled|poems?|panto|musical|chapters?"
                       r"|exhibitions?|documentary|podcast|presents|starring|by\s+[a-z]+\s+[a-z]+)\b")
TITLE_AFTER = re.compile(r"[^'\".!?\n]{0,80}?['\"](?![a-z])")
# Praise in the frame insults take ("the lady who runs the cafe is a diamond"): the learned layer, which reads the
# frame, is overruled when a person is called one of these and no pattern found an insult.
PRAISE = re.compile(
    r"\b(?:is|are|was|were|'s|'re|’s|’re)\s+(?:such\s+|an?\s+|one\s+)?(?:(?:absolute|total|real|proper|true|right|"
    r"complete|utter|little|bit\s+of\s+an?)\s+)?(?:diamonds?|gems?|stars?|superstars?|legends?|hero(?:es)?|heroines?"
    r"|genius(?:es)?|gent(?:leman|lemen)?|credits?|treasures?|angels?|saints?|assets?|godsends?|wizards?|marvels?"
    r"|champions?|rocks?|in\s+a\s+million|brilliant|fantastic|amazing|wonderful|lovely|superb|marvellous|brill|ace"
    r"|top\s+(?:bloke|lady|man|woman)|diamond\s+geezer|asset"
    r"|(?:friendly|helpful|kind|welcoming|great|good|lovely|smashing|fab|cracking|hard-?working)\s+(?:bunch|lot|crowd"
    r"|team|group|people|folk|crew))\b"
    # "what a bunch of little legends", "such a team of superstars"
    r"|\b(?:what|such)\s+an?\s+(?:bunch|team|group|lot|crew|set|squad)\s+of\s+(?:\w+\s+)?(?:legends?|stars?|superstars?"
    r"|heroes|heroines|champions?|gems?|diamonds?|angels?|treasures?)\b", re.IGNORECASE)
# ...said of a person: a person word earlier in the same sentence ("the lady who runs the cafe", "whoever", "he").
PRAISED_PERSON = re.compile(
    r"\b(?:who|whoever|man|woman|lady|bloke|chap|lad|lass|guy|fella|girl|boy|gent|clerk|mayor|councillors?|cllr|"
    r"volunteers?|staff|team|crew|kids|children|he|she|they|you|lot|bunch|folk|people)\b[^.!?\n]*$", re.IGNORECASE)


# ...or as a fragment of its own: "Absolute heroes every one of them.", "What a legend!".
PRAISE_FRAGMENT = re.compile(
    r"(?:^|[.!?\n]\s*)(?:what\s+an?\s+|(?:absolute|total|real|proper|true|utter)\s+)(?:diamonds?|gems?|stars?|"
    r"superstars?|legends?|hero(?:es)?|heroines?|genius(?:es)?|treasures?|angels?|saints?|champions?|troopers?)\b",
    re.IGNORECASE)


def praised(text: str) -> bool:
    """Say whether a person is praised in the frame insults take ("the lady who runs the cafe is a diamond")."""
    head = text[:PRAISE_CHARS]  # as far as the learned layer reads; the first few praises decide
    if PRAISE_FRAGMENT.search(head):
        return True
    return any(PRAISED_PERSON.search(head, max(0, m.start() - 80), m.start())
               for _, m in zip(range(20), PRAISE.finditer(head), strict=False))


PRAISE_CHARS = 10_000
PRONOUN_OPENING = re.compile(r"\s*(?:they|these|those|them|it|its|it's)\b")
CLAUSE_END = re.compile(r"[.!?,;:\n]")
SENTENCE_MARK = re.compile(r"[.!?\n]")
SPACE = re.compile(r"\s")
BODIES = (r"the (?:town )?council|the committee|councillors|officers|(?:the |council |our )?staff|the clerk's office"
          # a team named by its work: "the parks team are useless", "the planning department is clueless"
          r"|the (?:[a-z]+ )?(?:team|department|dept|crew|lot)")
INTENSIFIERS = (
    r"(?:so|such|an?|really|completely|utterly|totally|absolutely|bloody|just|being|truly|incredibly|very|too|"
    r"fucking|the most|most|thoroughly|plain|downright|being|bone|been|always|either\s+[a-z'\-]+\s+or|"
    # certainty said of the insult: "is clearly unhinged", "are obviously clueless", "is certifiably mad"
    r"clearly|obviously|plainly|evidently|certifiably|genuinely|properly|seriously|quite|frankly|honestly)"
)

# An insult word inside a harmless compound names no one: "idiot-proof", "fool-proof", "a fool's errand".
# "Complete muppet moment: turned up at the wrong hall": a moment owned, unless someone else's.
MOMENT = re.compile(r"\s+moments?\b(?!\s+(?:from|by|of)\s+(?:him|her|them|you|the\b|that\b|our\b|cllr|councillor))")
HARMLESS_COMPOUND = re.compile(
    r"\s*-\s*(?:proof(?:ed|ing)?|friendly|resistant|safe|tested|testing|boards?|box|cards?)\b"
    r"|'s\s+(?:errand|gold|paradise|guide)\b")
# Contempt without a listed insult. The nouns are a word list (monitor/data/offensive/contempt.txt); these are the
# grammar around them: compounds that make a contemptuous noun of anything ("clipboard merchant", "pen-pusher"),
# the words between "is" and the noun, and what may follow the noun (a noun after it makes it an adjective:
# "an amateur photographer").
CONTEMPT_ENDS = (r"pusher|shuffler|botherer|merchant|monger|jockey|warrior|hugger|wallah|waver|ticker|counter|seeker"
                 r"|grabber|licker|climber|crawler")
CONTEMPT_KEYS = words("sick tired fed pusher pushers shuffler shufflers botherer botherers merchant merchants "
                      "monger mongers "
                      "jockey jockeys warrior warriors hugger huggers wallah wallahs waver wavers clue idea doing "
                      "talking piss bath whelk raffle kettle depth sound voice full hot boots thick mouth treat treats "
                      "ticker tickers counter counters seeker seekers personality brains brain charm intelligence "
                      "attention memory backbone skills manners warmth charisma sense wit iq looks competence spine "
                      "grace patience tact "
                      "grabber grabbers licker lickers climber climbers crawler crawlers glorified faintest foggiest "
                      "slightest remotest use useful helpful brewery booze")
CONTEMPT_LINK = r"(?:just|nothing but|such|little more than|no more than|basically|clearly|simply|still|an? complete|" \
                r"an? total|an? utter|an? absolute|an? proper|an? right|an? real)"
MODIFIER = r"(?!(?:who|that|and|but|with|of|in|on|for|to|is|was|at|as|there|there's|here|know|see|mean)\b)[a-z'-]+,?"
CONTEMPT_NEXT = (r"who|that|and|but|with|if|in|on|at|of|than|when|whose|from|for|like|as|is|was|to|since|the|he|"
                 r"she|they|you|this|[a-z]{3,}ing")
# Competence mocked: "hasn't a clue and never will", "doesn't know what she's doing", "couldn't run a bath".
CLUELESS = (
    r"(?:(?:hasn't|has not|haven't|have not|hasnt|havent|doesn't have|does not have|don't have|do not have|"
    r"has never had|have never had|never had|has no|have no)(?: got)? (?:the (?:faintest|slightest|foggiest|first|"
    r"remotest) (?:clue|idea)|(?:a |any )?(?:clue|idea)(?=\s*(?:[.,!?;:\n]|$)| (?:and never|whatsoever|at all|"
    r"about anything|what (?:he|she|they|he's|she's|they're)|how to (?:do|run|chair|manage))))"
    r"|(?:doesn't|does not|don't|do not) know what (?:he|she|they)(?:'s|'re| is| are) (?:doing|talking about|on about)"
    r"|(?:is|are|was|were|'s|'re) (?:about |roughly )?(?:as much use as|as useful as|as helpful as) an? "
    r"|(?:couldn't|could not|can't|cannot) (?:organise|run|manage) (?:a |an )?(?:drink in a brewery|booze-?up|"
    r"piss-?up|bath|whelk stall|raffle|"
    r"chip shop|tea party|bun fight|kettle)"
    r"|(?:is|are|was|were|'s|'re) (?:well |completely |totally |hopelessly |way )?out of (?:his|her|their) depth"
    r"|(?:likes?|loves?) the sound of (?:his|her|their) own voices?"
    r"|(?:is|are|'s|'re) (?:so )?full of (?:himself|herself"
    r"|themselves|hot air)|(?:is|are|'s|'re|has got|has) (?:got )?too big for (?:his|her|their) boots"
    r"|(?:is|are|'s|'re) (?:as )?thick as (?:two short planks|mince|a brick)|(?:is|are|'s|'re) all mouth"
    r"|treats? (?:residents|people|staff|us|everyone|the public|volunteers) like (?:dirt|rubbish|muck|idiots|children"
    r"|servants|fools)"
    # a quality likened to a thing: "has the personality of a damp dishcloth", "the brains of a goldfish"
    r"|(?:has|have|'s got|has got|with) (?:all )?(?:the )?(?:personality|brains?|charm|intelligence|attention span"
    r"|memory|backbone|people skills|manners|warmth|charisma|sense|common sense|wit|iq|looks|dress sense|competence"
    r"|leadership skills|social skills|spine|grace|patience|tact|emotional intelligence|work ethic|depth"
    r"|warmth and charm|charm and warmth|judgement|urgency) of an? (?:(?:damp|wet|soggy|stale|dead|limp|rotten"
    r"|boiled|mouldy|used|deflated|half-?eaten|lukewarm|brain-?dead)\s+)*(?:goldfish|gnat|lettuce|dishcloth|rag|squib"
    r"|blanket|weekend|plank|brick|potato|turnip|cabbage|doorknob|sloth|slug|snail|toddler|lemon|teabag|sponge"
    r"|tea towel|lump|paving slab|house ?brick|traffic cone|cardboard box|bin bag|sock|flannel|fish|tortoise"
    r"|garden gnome|gnome|seagull|parking ticket|puddle|brick wall|lamp ?post|ironing board|carrot|pigeon"
    r"|cardboard cut-?out|mannequin|wet weekend|speed bump|sloth)s?\b)"
)
# Words that generalise about a group: "always", "tend to", "simply don't", "wherever they go", "are all the same".
GENERALISER = re.compile(
    r"\b(?:always|never|all|every (?:one|last one|single one) of them|tend to|tends to|invariably|typically|"
    r"inevitably|wherever they go|everywhere they go|(?:just|simply) (?:don't|do not|can't|cannot|won't|will not|"
    r"aren't|are not|isn't|is not|refuse)|in my experience|simply|as a rule|by nature|all the same|the lot of them|"
    r"you know what they're like|"
    r"never will|can't help|cannot help|bound to|of course|let's be honest|let's face it|face it|bring|brings|"
    r"cause|causes|mean|means|nothing but|no better than|only ever|won't|will not|not (?:being )?racist,? but|"
    r"no offence,? but|get|gets|needs? to learn|should learn|must learn|mark my words|you watch|just you wait|"
    r"i guarantee|guaranteed|every (?:single |last )?one|to a man|half of them|"
    r"the whole (?:street|estate|road|lot|bunch|family|tribe|crowd) of (?:them|'em))\b"
)
# A group's name before a service or a place names the service, not the people: "the Traveller site", "Gypsy and
# Traveller liaison team", "Refugee Week".
GROUP_AS_MODIFIER = (r"(?!['’]?s?['’]?\s+(?:and\s+\w+\s+)?(?:site|sites|liaison|team|officer|officers|history|month"
                     r"|week|service|services|forum|network|centre|center|support|association|council|rest|pitch|pitches"
                     r"|advice|project|charity|heritage|festival|day)\b)")
# What is said of a whole group needs no "always" when it is damning by itself: "<group> are ruining this town",
# "can't be trusted", "are a drain on ...", "shouldn't be allowed on the council", "don't belong here".
GENERIC_HARM = re.compile(
    r"^[a-z'’ ]{0,50}?\b(?:are|is|were|'re)\s+(?:\w+\s+){0,2}?(?:ruining|destroying|taking over|flooding|swamping|"
    r"invading|overrunning|overrun|infesting|breeding|sponging|scrounging|leeching|a (?:drain|burden|plague|blight|"
    r"cancer|scourge|menace|disease|stain|curse|problem|nuisance|pest|liability|blot)|an eyesore|a disgrace|"
    r"(?:exactly|precisely|the reason) why (?:the|this|our)|parasites|scroungers|spongers|vermin|animals|savages|"
    r"subhuman|lazy|dirty|filthy|thieves|criminals|too (?:emotional|stupid|lazy|thick|weak))\b"
    r"|^[a-z'’ ]{0,30}?\b(?:can't|cannot|can not|shouldn't|should not|mustn't) be (?:trusted|allowed|let|on|in|near)\b"
    r"|^[a-z'’ ]{0,30}?\b(?:don't|do not|doesn't|does not) belong\b"
    # Damning by itself, in polite words: "should be grateful for what they're given", "not our sort".
    r"|^[^.!?\n]{0,80}?\b(?:should be grateful|should be made to (?!feel\b)|shouldn't be (?:serving|in charge|let near|"
    r"running)|nobody (?:wants|asked for|invited) them|not our (?:sort|kind|type)|looks? after their own and nobody|"
    r"wouldn't know (?:honest|a day's|hard|real) work|(?:bring|brings|bringing|lower|lowers|lowering) the tone|"
    r"(?:aren't|are not|isn't|is not) really (?:brackley|local|from (?:here|round here)|one of us|our sort)|"
    r"would (?:rip off|rob|sell|steal from|fleece|con) their own|(?:drink|drinks) like fish|"
    r"(?:drive|drives) like (?:lunatics|maniacs|idiots)|breed like|think the rules don't apply|"
    r"(?:shouldn't|should not|mustn't|must not) (?:get|have) a (?:vote|say)|"
    r"should (?:stop|not be allowed to) vot(?:e|ing)|"
    r"(?:are|is|'re) not welcome (?:here|in)|(?:are|is) the reason (?:this|our|the) town|should be kept away from|"
    r"keep them (?:off|out of|away from)|"
    r"(?:don't|do not|won't|will not|never|refuse to|can't be bothered to) (?:even )?(?:want to |try to |bother to |"
    r"make (?:any|an|the) effort to )?(?:integrate|mix|fit in|join in|learn (?:english|the language))|"
    r"(?:are|is|'re) (?:behind|responsible for|to blame for) (?:most|all|half|much|nearly all|a lot) of (?:the )?|"
    r"(?:have|has) no business (?:being|coming|living|in|at|on|here)|"
    r"(?:are|is|'re) (?:all )?(?:on the (?:fiddle|take|make|dole|scrounge)))\b"
)
# Said of a group before it is named: "Typical of the Roma families on Hillside: ...", "the trouble with X is".
BEFORE_GROUP = re.compile(r"\b(?:typical of|the (?:trouble|problem) with|never trust|you can't trust|don't trust)"
                          r"\s+(?:the |those |these |that |them |all |most )?$")
# What a group did, then the next sentence calls it typical of them: "Polish builders drilling at 7am again. Typical."
TYPICAL_NEXT = re.compile(r"[.!?\n]*\s*(?:lock (?:up )?your (?:doors|sheds|bikes|cars|kids|daughters|valuables)|"
                          r"count your (?:kids|children|spoons)|hide your (?:valuables|wallets|purses)|"
                          r"(?:typical|classic)\s*(?:[,.!\n]|$|of (?:them|that lot|their sort|"
                          r"their kind))|same old|what do you expect|always the same"
                          # "Bless them, nothing better to do with their days."
                          r"|(?:bless (?:them|'em)\W+)?(?:(?:they've got|they've|they have|they've clearly got"
                          r"|clearly)\s+)?(?:got )?nothing better to do)")
# A clause that picks out some of a group before what is said of them: "who park in the square all day", "with their
# prams outside the bakery", "they've moved into the new block".
GROUP_CLAUSE = re.compile(r"\s+(?:who|that|with|they['’]ve|they have|they['’]re|the council['’]s)\s+[^.!?\n]{1,100}?"
                          r"(?=\s+(?:are|were)\s)")
WHO_AFTER = re.compile(r"\s+(?:who|that)\s")
# A group named as a bare subject: not "the refugee families we support" nor "women's football".
GENERIC_GUARD = re.compile(r"['’]s\b|\s+(?:who|that|we|you|in need|at risk|affected)\b")
# "I'm not racist, but ...": the disclaimer that opens a generalisation is no rebuttal of it.
DISOWNED = re.compile(r"\bnot (?:being )?(?:racist|prejudiced|a racist|a bigot)\b"
                      # "I've nothing against them personally, but ...": the disclaimer a stereotype opens with
                      r"|\bnothing against (?:them|[a-z]+(?: [a-z]+)?)(?: personally| as people)?,? but\b"
                      # "I'm all for equality, but ...", "I support inclusion as much as anyone, but ..."
                      r"|\b(?:all for|support|believe in|in favour of)\s+(?:inclusion|equality|diversity|equal\s+"
                      r"opportunities|integration)(?:\s+as\s+much\s+as\s+(?:anyone|the\s+next\s+\w+))?,?\s+but\b")
# A sentence that rebuts, reports or condemns a stereotype, or speaks for a group, is not one.
REBUTTAL = re.compile(
    r"\b(?:myths?|stereotyp\w*|prejudic\w*|wrong to|not true|untrue|false|racis\w*|discriminat\w*|hate|hatred|"
    r"victims?|against|tackl\w*|challeng(?!ed\b)\w*|support\w*|help(?:s|ed|ing)?|(?<!not )welcom\w*|protect\w*|"
    r"celebrat\w*|"
    r"abus\w*|target(?:ed|ing)|fac(?:e|es|ing)|suffer\w*|misconceptions?|claims? that|nonsense|"
    r"inclusive|equality|safe|together)\b"
)


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry."""

    word: str
    band: str
    needs_target: bool


@dataclass(frozen=True)
class Lexicon:
    """The lexicon as the matcher uses it: every generated form, indexes for masks, phrases, parts."""

    words: dict[str, Term]
    collapsed: dict[str, Term]
    by_shape: dict[tuple[int, str], tuple[Term, ...]]
    parts: dict[str, Term]
    parts_re: re.Pattern[str] | None
    phrases: re.Pattern[str] | None
    phrase_terms: dict[str, Term]
    phrase_keys: frozenset[str]
    allow_tokens: frozenset[str]
    allow_phrases: re.Pattern[str] | None
    # Every word of the allowed phrases, bare and plural, one a line: what a match inside one must be part of.
    allow_pieces: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One offensive thing found, with its span in the folded text."""

    kind: str
    start: int
    end: int
    score: float
    severity: Severity | None
    label: str
    reason: str


def _band_at(fields: list[str]) -> int:
    """Return where a lexicon line's band is; a council's line without one ends at its last word."""
    return next((i for i, f in enumerate(fields) if f in BANDS), len(fields))


def term_key(line: str) -> str:
    """Return the term a lexicon line is about, without its band and flags (what a council's `-term` names)."""
    fields = line.casefold().split()
    return " ".join(fields[:_band_at(fields)])


def _parse_terms(lines: tuple[str, ...]) -> list[tuple[Term, set[str]]]:
    """Return (term, flags) for each lexicon line: words first, then a band (medium when left out), then flags."""
    out = []
    for line in lines:
        fields = line.split()
        at = _band_at(fields)
        band = fields[at] if at < len(fields) else "medium"
        term = Term(" ".join(fields[:at]).casefold(), band, "target" in fields[at + 1:])
        out.append((term, set(fields[at + 1:])))
    return out


def _forms(term: Term, flags: set[str]) -> list[str]:
    """Return the spellings a single-word term matches: itself, its plural, its stems when flagged."""
    word = term.word
    forms = [word, word + ("es" if word.endswith(("s", "x", "sh", "ch")) else "s")]
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")  # "numpty" -> "numpties"
    if "stem" in flags:
        forms += [word + s for s in STEM_SUFFIXES]
        if word.endswith("e"):
            forms += [word[:-1] + s for s in ("ed", "er", "ers", "ing", "in", "y")]
        else:
            forms += [word + word[-1] + s for s in ("ed", "er", "ers", "ing", "y")]
    return forms


def _phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """Return one regex for word-bounded phrases, flexible about spaces and a plural ending, or None for none."""
    if not phrases:
        return None
    alts = sorted((r"\s+".join(re.escape(w) for w in p.split()) + "(?:s|es)?" for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + r")(?![a-z0-9])")


def _stronger(a: Term | None, b: Term) -> Term:
    """Return the more severe of two terms that share a spelling."""
    order = list(BANDS)
    if a is None or order.index(b.band) > order.index(a.band):
        return b
    return a


@lru_cache(maxsize=8)
def build_lexicon(lexicon: tuple[str, ...], allow_list: tuple[str, ...], extra: tuple[str, ...],
                  allow: tuple[str, ...]) -> Lexicon:
    """Return the lexicon from its word lists, with a council's extra and allowed terms applied (once per setting)."""
    allowed = {a.casefold() for a in allow_list} | {a.casefold().strip() for a in allow if a.strip()}
    entries = [(t, f) for t, f in _parse_terms(lexicon) if t.word not in allowed]
    entries += [(Term(e.casefold().strip(), "medium", False), set()) for e in extra if e.strip()]
    words: dict[str, Term] = {}
    phrases: dict[str, Term] = {}
    parts: dict[str, Term] = {}
    for term, flags in entries:
        if " " in term.word:
            phrases[term.word] = term
            continue
        for form in _forms(term, flags):
            words[form] = _stronger(words.get(form), term)
        if "part" in flags:
            parts[term.word] = term
    for token in allowed:
        words.pop(token, None)
    allow_phrases = [a for a in allowed if " " in a or "-" in a or "'" in a]
    collapsed: dict[str, Term] = {}
    by_shape: dict[tuple[int, str], list[Term]] = {}
    for form, term in words.items():
        collapsed[REPEATS.sub(r"\1", form)] = _stronger(collapsed.get(REPEATS.sub(r"\1", form)), term)
        # A starred spelling ("pr*ck") is the rude sense by choice, so words that need a target join in.
        by_shape.setdefault((len(form), form[0]), []).append(Term(form, term.band, False))
    return Lexicon(
        words=words, collapsed=collapsed,
        by_shape={k: tuple(sorted(v, key=lambda t: -list(BANDS).index(t.band))) for k, v in by_shape.items()},
        parts=parts, parts_re=re.compile("|".join(sorted(parts, key=len, reverse=True))) if parts else None,
        phrases=_phrase_regex(list(phrases)), phrase_terms=phrases,
        phrase_keys=frozenset(p.split()[0] for p in phrases),
        allow_tokens=frozenset(a for a in allowed if " " not in a and "-" not in a and "'" not in a),
        allow_phrases=_phrase_regex(allow_phrases),
        allow_pieces="\n".join(w + plural for p in allow_phrases for w in p.split() for plural in ("", "s", "es")),
    )


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Return the lower-case letters a non-ASCII character reads as (invisibles read as nothing)."""
    if INVISIBLE.match(ch):
        return ""
    if ch in APOSTROPHES:
        return "'"
    nfkc = unicodedata.normalize("NFKC", ch)
    bare = "".join(c for c in unicodedata.normalize("NFD", nfkc) if not unicodedata.combining(c))
    if bare.isascii():
        return bare.lower()
    # TR39 skeletons catch lookalikes NFKC keeps apart (Cyrillic "с", Greek "ο").
    skel = "".join(c for c in unicodedata.normalize("NFD", skeleton(ch)) if not unicodedata.combining(c))
    if skel.isascii() and skel.strip():
        return skel.lower()
    return ch.casefold()


NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return the folded text and, only when folding changed its length, each folded character's original index."""
    if text.isascii():
        return text.lower(), None  # ASCII lower() keeps every index: the common, fast case
    table = {ord(ch): fold_char(ch) for ch in set(NON_ASCII.findall(text))}
    if all(len(v) == 1 for v in table.values()):
        folded = text.translate(table).lower()  # emoji, accents, lookalikes: one character each
        if len(folded) == len(text):
            return folded, None
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        one = ch.lower() if ch.isascii() else table[ord(ch)]
        chars.append(one)
        index.extend([i] * len(one))
    index.append(len(text))
    return "".join(chars), index


def original_span(index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Return the span in the original text of a span in the folded text."""
    if index is None:
        return start, end
    return index[start], (index[end - 1] + 1 if end > start else index[start])


def shorten(text: str, limit: int = 60) -> str:
    """Return a text on one line, cut to a limit with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def mask(word: str) -> str:
    """Return a word with its inner letters starred, so alert subjects do not repeat it."""
    return word if len(word) <= 2 else word[0] + "*" * (len(word) - 2) + word[-1]


def _masked_term(form: str, lex: Lexicon) -> Term | None:
    """Return the term a starred spelling hides ("f***", "b*****d", "sh*t"), the most severe if several fit."""
    if form[0] in MASKS or not any(c.isalpha() for c in form) or len(form) < 3:
        return None
    for term in lex.by_shape.get((len(form), form[0]), ()):
        if all(c in MASKS or c == t for c, t in zip(form, term.word, strict=True)):
            return term
    return None


def _lookup(form: str, lex: Lexicon) -> Term | None:
    """Return the lexicon term a disguised token spells: stretched, masked or leet."""
    if form in lex.allow_tokens or len(form) < 2:
        return None
    term = lex.words.get(form)
    if term is None and REPEAT3.search(form):
        term = lex.collapsed.get(REPEATS.sub(r"\1", form))
    if term is None and MASKS & set(form):
        term = _masked_term(form, lex)
    return term


def _token_form(raw: str, start: int) -> tuple[str, int, int]:
    """Return a disguised token's spelling to look up and its span, without hashtag, emphasis or trailing '!'."""
    lead = len(raw) - len(raw.lstrip("#")) if raw.startswith("#") else 0
    if raw[lead:].startswith("*"):  # *emphasis*, not a mask
        lead = len(raw) - len(raw.lstrip("#*"))
        raw = raw.rstrip("*")
    body = raw[lead:].rstrip("!|")
    start += lead
    return body.translate(LEET), start, start + len(body)


@lru_cache(maxsize=1024)
def _word_regex(word: str) -> re.Pattern[str]:
    """Return a regex finding a word as a whole token."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


def _term_match(term: Term, start: int, end: int, how: str) -> Match:
    """Return the match for a lexicon term; strong words are starred in what people read first."""
    score, severity = BANDS[term.band]
    shown = mask(term.word) if term.band in ("strong", "strongest") else term.word
    kind = "slur" if term.band == "strongest" else "insult-term" if term.band in ("mild", "medium") else "obscenity"
    return Match(kind, start, end, score, severity, f"Offensive language ({term.band}): '{shown}'",
                 f"{term.band} term '{shown}'" + (f" ({how})" if how else ""))


def superlative(adjective: str) -> str:
    """Return an adjective's -est form as English spells it: lazy -> laziest, vile -> vilest, smug -> smuggest."""
    if adjective.endswith("y"):
        return adjective[:-1] + "iest"
    if adjective.endswith("e"):
        return adjective + "st"
    vowels = "aeiou"
    if len(adjective) <= 4 and adjective[-1] not in vowels + "wxy" and adjective[-2] in vowels \
            and adjective[-3] not in vowels:
        return adjective + adjective[-1] + "est"
    return adjective + "est"


@dataclass(frozen=True)
class People:
    """The regexes that need to know who can be a target: council names are part of them."""

    target: re.Pattern[str]
    accuse: re.Pattern[str]
    aimed: re.Pattern[str]
    dehuman: re.Pattern[str]
    # The derogatory adjectives `aimed` knows: a text with none of them (nor DEROG_PAIRS, BODY_KEYS) skips it.
    adjectives: frozenset[str]
    # Describing words from a sentence's start up to a word: name-calling as a fragment of its own.
    fragment: re.Pattern[str]
    # A derogatory adjective as a sentence of its own ("Brainless. Absolutely brainless."), and people in the post.
    verdict: re.Pattern[str]
    mentioned: re.Pattern[str]


@lru_cache(maxsize=8)
def people_patterns(names: tuple[str, ...], adjectives: tuple[str, ...]) -> People:
    """Return the target, accusation, aimed-adjective and dehumanising regexes for a council's people."""
    phrases = sorted({" ".join(a.casefold().split()) for a in adjectives if a.split()})
    # Words joined by a plain space, which spaced() widens to any white space; the first word gates the text.
    adj = "|".join(" ".join(map(re.escape, p.split())) for p in phrases) + ADJ_PAIRS
    # "the laziest bunch", "the smuggest councillor": the superlatives of the one-word adjectives.
    supers = sorted({superlative(p) for p in phrases if p.isalpha()})
    sup = "|".join(supers) or "(?!)"
    keys = frozenset(p.split()[0] for p in phrases) | frozenset(supers)
    named = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))
    who = PERSON_WORDS + (f"|{named}" if named else "")
    describing = f"{INSULT_FILLER}|{COMPOUND_ADJ}|{adj}"
    fragment = re.compile(spaced(rf"(?:^|[.!?\n]\s*)(?:(?:{describing})\s+){{1,3}}$"))
    target = re.compile(spaced(
        rf"(?:\b(?:you|ya|u|ye|yer|ur)(?:'re| are| r)?|\bwhat an?(?: (?:{describing})){{0,2}}|"
        rf"\b(?:bunch|pack|gang|pair|band) of|"
        rf"\b(?:these|those)|\bwhoever\b[^.!?]{{0,60}}\b(?:is|are) an?|"
        rf"\b(?:{who}|who|they|we)(?:'s|'re| is| are| was| were| been|\s*=)(?: nothing but| such| like| acting like)?"
        rf"(?: an?)?|\b(?:be|being)(?: such)? an?|\b(?:complete|total|absolute|utter|right|proper)|"
        rf"\b(?:that|this)(?= (?:fat|ugly|stupid|useless|pathetic|lazy|smug|jumped[- ]up|lying|miserable|nasty|"
        rf"arrogant|pompous|ignorant|spineless|gutless|thieving|two[- ]faced|vile|incompetent|clueless|idle)\b)|"
        rf"{GROUP_SUBJECT}(?: {AUX}){{0,2}}(?:'s|'re| is| are| was| were| been)(?: all| just| nothing but| such| "
        rf"basically| literally)*(?: an?)?)"
        rf"(?:\s+(?:{INSULT_FILLER}|{COMPOUND_ADJ}))*\s+$"
    ))
    accuse = re.compile(spaced(
        rf"\b(?P<who>{who}|[a-z][a-z'\-]+(?={CRONIES}))(?:{CRONIES})?(?P<gap>(?:'s|'ve)?(?:\s+(?:{AUX}|are|were)){{0,4}})\s+(?:(?:is|are|was|were|'s|'re|been|be|being)\s+"
        rf"(?:{ACCUSE_FILLER}\s+){{0,3}}(?P<what>{ACCUSE_NOUNS}|{ACCUSE_ADJS})|(?P<did>{ACCUSE_VERBS}))\b"
        rf"|\b(?:corrupt|crooked|bent|lying) (?:(?:town |local )?(?:councillors?|cllrs?|mayor|clerk|council|"
        rf"officers?|committee))\b"
        rf"|\b(?:they|that lot|them lot|this lot|the lot of them)(?:'re| are| were)"
        rf"(?: all| just| nothing but| a bunch of)*"
        rf" (?:{ACCUSE_NOUNS})\b(?=[^.!?\n]*\b(?:council|councillors?|cllrs?|clerk|mayor|town hall|county hall)\b)"
        rf"|\b{ACCUSE_OBJECT} (?P<whom>{who})\b"
        rf"|(?<!anti[-_])\b(?:corruption|nepotism|cronyism|backhanders?|brown envelopes?|kickbacks?|"
        rf"jobs for the boys|bungs?)\b(?!\s+(?:awareness|training|policy|prevention|checks?|rules|register))"
        rf"(?=[^.!?\n]*\b(?:{who}|council|councillors?|cllr|clerk|mayor)\b)"
    ))
    aimed = re.compile(spaced(
        rf"\b(?:you(?:'re| are)?|you (?:lot|people|guys|two|all)(?: are|'re)?|ur|u r|"
        rf"(?:some|most|half|all|many|a few) of you(?: (?:really|clearly|honestly|obviously|genuinely))? (?:are|'re)|"
        rf"(?:he|she|they)(?:'s|'re| is| are| was| were)|(?:{who}|{BODIES})"
        rf"(?:\s+{AUX}){{0,2}}\s+(?:is|are|was|were|'s|'re))\s+(?:{INTENSIFIERS}\s+){{0,3}}(?:{adj})\b"
        rf"|\b(?:{adj})\s+(?:(?:little|old|bloody|jumped-up|fat|lot of|bunch of|ugly|lazy|useless|stupid)\s+)?"
        rf"(?:{PERSON_NOUNS})\b"
        rf"|{GROUP_SUBJECT}(?:\s+{AUX}){{0,2}}\s+(?:is|are|was|were|'s|'re)\s+(?:{INTENSIFIERS}\s+){{0,3}}(?:{adj})\b"
        rf"|{BODY_SHAMING}"
        # "the rudest, laziest bunch I've ever dealt with", "the most incompetent clerk"
        rf"|\bthe\s+(?:(?:[a-z]+est|most\s+[a-z-]+)\s*,?\s*(?:and\s+)?){{0,2}}(?:{sup}|most\s+(?:{adj}))\s+"
        rf"(?:(?:little|old|bloody)\s+)?(?:{PERSON_NOUNS})\b"
        # "someone that thick", "anyone this lazy": a person by the measure of the word
        rf"|\b(?:someone|somebody|anyone|anybody|a\s+(?:man|woman|person|bloke|fella)|people)\s+(?:that|this|so|as)\s+"
        rf"(?:{adj})\b(?![-'])(?!\s+as\s+(?:me|myself|us|i)\b)"
        # Dehumanising words before people: "those feral kids" ("they are feral" may be cats, so not alone).
        rf"|\b(?:feral|subhuman|sub-human|inbred)\s+(?:{GROUP_HEADS})\b"
    ))
    dehuman = re.compile(spaced(
        rf"{GROUP_SUBJECT}(?: {AUX}){{0,2}}(?:'re| are| were| have become| act like| behave like| live like)"
        rf"(?: (?:all|just|nothing but|basically|literally|absolutely|completely|total|utter|complete|like|"
        rf"a bunch of|a pack of|a load of|no better than))*"
        rf" (?:{DEHUMAN_WORDS})\b(?! (?:lovers?|welfare|rescue|charit(?:y|ies)|sanctuary|shelter|about|for)\b)"
        # People called animals by what they did: "to the grubby little animals using it as a toilet", "message for the
        # vermin who keyed the cars". What they did is a person's wrong, so pets and pests are not read.
        rf"|(?:^|[.!?\n:]\s*|\b(?:message|note|memo|word|reminder|shout-?out|news) )(?:to|for) (?:the|those|these|"
        rf"whichever|whatever|all the) (?:[a-z-]+ ){{0,3}}?"
        rf"(?:animals|vermin|scum|savages|lowlifes|lowlives|parasites|degenerates|cockroaches|neanderthals)"
        rf" (?:(?:who|that) (?:\w+ )?)?(?:using|used|uses|use|dumping|dumped|dump|left|throwing|threw|smashing|"
        rf"smashed|keying|keyed|nicking|nicked|stealing|stole|vandalising|vandalised|wrecking|wrecked|trashing|trashed|"
        rf"spraying|sprayed|tagging|tagged|responsible|pissing|weeing|urinating|fly-?tipping)\b"
    ))
    verdict = re.compile(spaced(
        rf"(?:^|[.!?\n:]\s*)(?P<said>(?:(?:{INTENSIFIERS}|simply|frankly|honestly)\s+)?(?:{adj}))\s*(?:[.!]+|\n|$)"))
    # people, but not a head count ("4 people. Pathetic!" is about a turnout)
    # "whoever signed it off", "their entire workforce", "the district's highways team": people, if unnamed
    mentioned = re.compile(spaced(rf"(?<![0-9]\s)\b(?:{who}|{BODIES}|{GROUP_HEADS}|whoever|workforce|"
                                  rf"the (?:[a-z'’]+ ){{1,2}}(?:team|department|crew|lot))\b"))
    return People(target, accuse, aimed, dehuman, keys, fragment, verdict, mentioned)


def council_names(config: Config) -> tuple[str, ...]:
    """Return the folded names (full, first, last) of councillors and candidates: identifiable targets."""
    names: set[str] = set()
    for person in [c.name for c in config.councillors] + [n for e in config.elections for n in e.candidates]:
        folded = " ".join(person.casefold().split())
        names.add(folded)
        names.update(folded.split())
    return tuple(sorted(n for n in names if len(n) > 2))


def _aimed(norm: str, start: int, people: People) -> bool:
    """Say whether the words just before a position aim it at someone ("you", "what a", "Cllr X is a")."""
    return people.target.search(norm, max(0, start - 100), start) is not None or _name_calling(norm, start, people)


def _name_calling(norm: str, start: int, people: People) -> bool:
    """Say whether a word ends a verbless fragment of describing words: "Arrogant little madam.", "Silly cow!"."""
    return (FRAGMENT_AFTER.match(norm, start) is not None
            and people.fragment.search(norm, max(0, start - 80), start) is not None)


def _allowed(norm: str, start: int, end: int, lex: Lexicon) -> bool:
    """Say whether a match lies inside an allowed phrase ("blue tit", "Moby Dick")."""
    if lex.allow_phrases is None:
        return False
    found = norm[start:end]
    if not SPACE.search(found) and found not in lex.allow_pieces:
        # A match without spaces inside an allowed phrase lies within one of its words: when it is in none, no
        # phrase can hold it, and the phrase search around it (the cost of a post of 4,000 "f***"s) is skipped.
        return False
    lo, hi = max(0, start - 40), min(len(norm), end + 40)
    return any(m.start() <= start and m.end() >= end for m in lex.allow_phrases.finditer(norm, lo, hi))


# One person called the word: "Some clown at the Town Hall thought it'd be a great idea" (not "some clowns from the
# circus school", a plural).
SOME_BEFORE = re.compile(r"\bsome (?:absolute |total |complete |right )?$")
# The word put on whoever did something: "the clown who keeps nicking the hanging baskets".
DOER_AFTER = re.compile(r"s?\s+(?:who|that)\s+(?:(?:keeps?|kept|decided\s+to|decide\s+to|tried\s+to)\s+)?"
                        r"(?:kick(?:ed|ing)?\s+off|start(?:ed)?\s+(?:a\s+)?(?:fight|trouble)|nick|stole|steal|dump|smash|broke|break"
                        r"|vandalis|key|spray|graffiti|rip|ripped|nicked|dumped|smashed|sprayed|keyed|thinks?|thought)"
                        r"\w*\b")


def _consider(term: Term | None, start: int, end: int, how: str, norm: str, tools: Tools) -> Match | None:
    """Return the match for a term found at a span, unless allowed there or not aimed at anyone when it must be."""
    if term is None or _allowed(norm, start, end, tools.lex):
        return None
    if term.needs_target and not (_aimed(norm, start, tools.people) or DOER_AFTER.match(norm, end)
                                  or (SOME_BEFORE.search(norm, max(0, start - 24), start)
                                      and not norm[start:end].endswith("s"))):
        return None
    if term.word in ANIMAL_WORDS and _about_animals(norm, start, end):
        return None
    if norm[start:end] in ("bitch", "bitches") and _dog_sense(norm, start, end, tools.people):
        return None
    if term.band in ("mild", "medium") and (_denied(norm, start, reported=term.needs_target)
                                            or GRAFFITI_BEFORE.search(_clause_before(norm, start))):
        return None
    if term.band in ("mild", "medium") and REPORTED.search(_clause_before(norm, start)) and FICTION.search(norm):
        return None  # a character's line retold: "Basil calling everyone an imbecile is still the funniest thing"
    if term.band in ("mild", "medium") and BOOED.search(_clause_before(norm, start)) and (FICTION.search(norm)
                                                                                      or STAGE.search(norm)):
        return None  # the audience told whom to boo: "boo that pompous old Toad" at the outdoor theatre
    if term.band in ("mild", "medium") and (SELF_BEFORE.search(_clause_before(norm, start))
                                            or SELF_AFTER.match(norm, end) or _quoted_report(norm, start, end)):
        return None  # "I was an idiot and left my phone"; "idiot moment from me"; "someone called ... 'scum'"
    if term.band in ("mild", "medium") and _owned_exclamation(norm, start):
        return None  # "left my glasses in the chamber AGAIN, what a numpty": the writer's own slip
    if term.band in ("mild", "medium") and (HARMLESS_COMPOUND.match(norm, end) or _own_moment(norm, start, end)):
        return None  # "idiot-proof", "fool's errand", "muppet moment": the word names no one
    if term.band == "strong" and how == "masked" and _quoted_report(norm, start, end):
        return None  # "someone shouted 'useless tw*t' at our volunteers": masked, quoted and reported
    if term.band == "strong" and _in_title(norm, start, end):
        return None  # "Book club choice this month is 'Bastard Out of Carolina'": a work's name
    return _term_match(term, start, end, how)


# "what a numpty" after a sentence that tells only of the writer's own doings.
WHAT_A_BEFORE = re.compile(r"\b(?:what|still|such|being|am|was|i'm|im|me,?)\s+an?(?: (?:complete|total|right|proper"
                           r"|absolute|utter|silly|daft|massive|bit of an?))*\s*$")
FIRST_PERSON = re.compile(r"(?:^|\s)(?:i|i'm|i've|my|me|myself)\b")
OTHER_PERSON = re.compile(r"\b(?:he|she|they|him|her|them|his|their|you|your|cllr|councillor|mr|mrs|ms|someone|somebody"
                          r"|whoever|who|officer|clerk|chair|chairman|mayor|manager|man|woman|bloke|lad|staff|people"
                          r"|neighbour|neighbours|driver|drivers)\b")
# "what a plonker he is": the word aimed at someone after all.
THIRD_AFTER = re.compile(r"[a-z'*-]+\s+(?:he|she|they|that\s+(?:man|woman|bloke))\s+(?:is|are|was|were)\b")


def _own_moment(norm: str, start: int, end: int) -> bool:
    """Say whether "<word> moment" names the writer's own slip ("Complete idiot moment: ..."), not someone's."""
    return MOMENT.match(norm, end) is not None and not OTHER_PERSON.search(_sentence_before(norm, start))


def _sentence_before(norm: str, start: int) -> str:
    """Return the text from the sentence before a position's up to it."""
    ends = [m.end() for m in SENTENCE_MARK.finditer(norm, max(0, start - 300), start)]
    return norm[ends[-2] if len(ends) > 1 else max(0, start - 300):start]


def _owned_exclamation(norm: str, start: int) -> bool:
    """Say whether "what a <word>" follows a sentence about the writer alone ("forgot my keys again, what a wally")."""
    if not WHAT_A_BEFORE.search(norm, max(0, start - 40), start) or THIRD_AFTER.match(norm, start):
        return False
    # this sentence and the one before it: "Reader, I locked myself out. ... still a total plank with keys."
    sentence = _sentence_before(norm, start)
    return bool(FIRST_PERSON.search(sentence)) and not OTHER_PERSON.search(sentence)


def _clause_before(norm: str, start: int) -> str:
    """Return the clause before a position (back to the last punctuation, at most 100 characters)."""
    lo = max(0, start - 100)
    ends = [m.end() for m in CLAUSE_END.finditer(norm, lo, start)]
    cut = ends[-1] if ends else lo
    # "me, an idiot: ..." names the writer across the comma, so the comma does not end the clause there.
    if ends and ME_FIRST.search(norm, max(0, cut - 8), cut):
        return "me," + norm[cut:start]
    return norm[cut:start]


def _quoted_report(norm: str, start: int, end: int) -> bool:
    """Say whether a word is quoted in a sentence reporting someone's words ("they called us 'lazy scum' online").

    A title in quotes is a work's name, not an insult: "Thursday's talk: 'Bastard Feudalism and the Wars of the Roses'".
    """
    if _in_quotes(norm, start, end) and sentences(norm).holds(REPORTING, start, end):
        return True
    return _in_title(norm, start, end)


def _in_title(norm: str, start: int, end: int) -> bool:
    """Say whether a word is inside a work's quoted title ("Book club choice: 'Bastard Out of Carolina'")."""
    before = QUOTED_BEFORE.search(norm, max(0, start - QUOTE_REACH), start)
    after = TITLE_AFTER.match(norm, end)
    if before is None or after is None:
        return False
    # A title has words beside the insult ("'The Idiot'"); one word in scare quotes ("an 'idiot'") is still meant.
    return len(norm[before.start():after.end()].split()) >= 2 and sentences(norm).holds(TITLE_CUE, start, end)


def _in_quotes(norm: str, start: int, end: int) -> bool:
    """Say whether a span lies inside a short quotation: a quote mark a few words before it and just after it."""
    before = QUOTED_BEFORE.search(norm, max(0, start - QUOTE_REACH), start)
    return before is not None and QUOTED_AFTER.match(norm, end) is not None


def _denied(norm: str, start: int, reported: bool = True) -> bool:
    """Say whether an insult is denied ("no one here is scum") or, when asked, someone else's ("called me a")."""
    clause = _clause_before(norm, start)
    if NEG_COPULA.search(clause):
        return True
    return reported and (REPORTED.search(clause) is not None or SAID_BY_OTHERS.search(clause) is not None)


class Sentences:
    """A folded text's sentence ends and animal words, found once, so each match looks them up instead.

    Finding the sentence around every match with rfind and searching it again was quadratic in a long text with
    no full stop and many matches: 1,250 "they are vermin" took a second.
    """

    def __init__(self, norm: str) -> None:
        """Index a folded text."""
        self.norm = norm
        self.marks = [m.start() for m in SENTENCE_MARK.finditer(norm)]
        # Animal words are whole words, so none crosses a sentence end or overlaps another.
        self.animals = [m.start() for m in ANIMAL_CONTEXT.finditer(norm)]
        self._found: dict[tuple[re.Pattern[str], int, int], bool] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Return the sentence holding a span: after the last end mark before it, up to the first one after it."""
        i, j = bisect_left(self.marks, start), bisect_left(self.marks, end)
        return (self.marks[i - 1] + 1 if i else 0), (self.marks[j] if j < len(self.marks) else len(self.norm))

    def holds(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Say whether the sentence holding a span has a match of a pattern (searched once per sentence)."""
        lo, hi = self.bounds(start, end)
        key = (pattern, lo, hi)
        if key not in self._found:
            self._found[key] = pattern.search(self.norm[lo:hi]) is not None
        return self._found[key]

    def animals_beside(self, start: int, end: int) -> bool:
        """Say whether the sentence holding a word has an animal word besides the word itself.

        The word starts and ends beside a non-letter (every caller finds whole tokens), so no animal word can
        run into it: those starting before it in its sentence end before it.
        """
        lo, hi = self.bounds(start, end)
        if lo and PRONOUN_OPENING.match(self.norm, lo):
            lo = self.bounds(lo - 1, lo - 1)[0]  # "Rats by the bins. They are vermin": the sentence before
        k = bisect_left(self.animals, lo)
        if k < len(self.animals) and self.animals[k] < start:
            return True
        k = bisect_left(self.animals, end)
        return k < len(self.animals) and self.animals[k] < hi


# One folded text is read by many matches in a row: its index is kept for the last few texts.
@lru_cache(maxsize=4)
def sentences(norm: str) -> Sentences:
    """Return the sentence index of a folded text."""
    return Sentences(norm)


def _about_animals(norm: str, start: int, end: int) -> bool:
    """Say whether the sentence around an animal word is about real animals (the word itself left out)."""
    return sentences(norm).animals_beside(start, end)


def _dog_sense(norm: str, start: int, end: int, people: People) -> bool:
    """Say whether "bitch" means a female dog here (a show class, a litter), not aimed at a person."""
    if _aimed(norm, start, people):
        return False
    return sentences(norm).holds(DOG_SENSE, start, end) or (
        DOG_SENSE.search(norm, max(0, start - 30), min(len(norm), end + 30)) is not None)


def find_terms(norm: str, words: set[str], tools: Tools) -> list[Match]:
    """Return lexicon terms written as plain words, and those inside hashtags or run-together words."""
    lex = tools.lex
    found = [_consider(lex.words[w], m.start(), m.end(), "", norm, tools)
             for w in words & lex.words.keys() for m in _word_regex(w).finditer(norm)]
    if lex.parts_re is not None:
        for m in lex.parts_re.finditer(norm):
            lo, hi = m.start(), m.end()
            while lo > 0 and norm[lo - 1].isalnum():
                lo -= 1
            while hi < len(norm) and norm[hi].isalnum():
                hi += 1
            if norm[lo:hi] not in lex.words and norm[lo:hi] not in lex.allow_tokens:
                found.append(_consider(lex.parts[m.group()], lo, hi, "run together", norm, tools))
    return [m for m in found if m is not None]


NUMBER = re.compile(r"[\d.,:]+%?")


def find_disguised(norm: str, words: set[str], tools: Tools) -> list[Match]:
    """Return terms in leet, masked, stretched or spelt-out spellings ("sh1t", "f***", "shiiit", "f u c k")."""
    lex = tools.lex
    found = []
    for m in ODD_TOKEN.finditer(norm):
        if NUMBER.fullmatch(m.group()):
            continue  # "71%" is a share of a survey, not a masked word
        form, start, end = _token_form(m.group(), m.start())
        if form and (form != norm[start:end] or MASKS & set(form)):
            how = "masked" if MASKS & set(form) else "disguised"
            found.append(_consider(_lookup(form, lex), start, end, how, norm, tools))
    for w in words if REPEAT3.search(norm) else ():
        if REPEAT3.search(w) and w not in lex.words:
            term = lex.collapsed.get(REPEATS.sub(r"\1", w))
            found += [_consider(term, m.start(), m.end(), "stretched", norm, tools)
                      for m in _word_regex(w).finditer(norm)]
    for m in SPELT.finditer(norm) if len(words & SINGLE_LETTERS) >= 2 else ():
        form = re.sub(r"[ .\-_]", "", m.group()).translate(LEET)
        term = lex.words.get(form) or _masked_term(form, lex)
        if term is not None and not term.needs_target:
            found.append(_term_match(term, m.start(), m.end(), "spelt out"))
    return [m for m in found if m is not None]


def find_phrases(norm: str, tokens: set[str], tools: Tools) -> list[Match]:
    """Return multi-word lexicon phrases ("sod off", "get stuffed"; "waste of space" only when aimed)."""
    lex = tools.lex
    if lex.phrases is None or not (tokens & lex.phrase_keys):
        return []
    out = []
    for m in lex.phrases.finditer(norm):
        phrase = " ".join(m.group().split())
        term = lex.phrase_terms.get(phrase) or lex.phrase_terms.get(re.sub(r"e?s$", "", phrase))
        if term is not None:
            out.append(_consider(term, m.start(), m.end(), "", norm, tools))
    return [m for m in out if m is not None]


def find_threats(norm: str, tokens: set[str]) -> list[Match]:
    """Return threats of violence or harm."""
    if not tokens & THREAT_KEYS:
        return []
    # "Someone shouted 'go back where you came from' at a volunteer": the abuse reported, not made
    return [Match("threat", m.start(), m.end(), 0.95, "high", "Threatening language",
                  f"threat: '{m.group()}'") for m in THREATS.finditer(norm)
            if not _quoted_report(norm, m.start(), m.end())]


def find_accusations(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return factual-sounding accusations of wrongdoing against an identifiable person."""
    if not tokens & ACCUSE_KEYS:
        return []
    out = []
    for m in people.accuse.finditer(norm):
        if NEGATION.search(m.group()) or sentences(norm).holds(DENIAL, m.start(), m.end()):
            continue  # "Cllr X is not corrupt", "claims that the clerk is corrupt are false"
        if m.group("whom") and SETTLING.search(norm, max(0, m.start() - 40), m.start()):
            continue  # "the council is paying off the former manager": a settlement, not a bribe
        out.append(Match("defamatory", m.start(), m.end(), 0.7, None,
                         "Defamatory-sounding accusation", f"defamatory-sounding: '{m.group()}'"))
    return out


def find_aimed_adjectives(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return derogatory adjectives aimed at a person ("you pathetic little man", "Cllr X is useless")."""
    if not tokens & (people.adjectives | DEROG_PAIRS | BODY_KEYS | DEHUMAN_BEFORE):
        return []
    return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark",
                  f"derogatory remark aimed at a person: '{m.group()}'") for m in people.aimed.finditer(norm)
            if not _denied(norm, m.start() + len(m.group()) - len(m.group().split()[-1]))
            and not _quoted_report(norm, m.start(), m.end())]


# An insult tagged on at a sentence's end, after a comma, in a post about people: "The rail rep read slides he hadn't
# written, smug git.", "couldn't be bothered to mow, lazy sods the lot of them".
TAGGED_INSULT = re.compile(r",\s+(?:[a-z'-]+\s+){0,2}?(?P<w>[a-z*'-]+)(?:\s+the\s+lot\s+of\s+(?:them|'em|you))?"
                           r"\s*(?:[.!\n]|$)")


def find_tagged_insults(norm: str, tokens: set[str], tools: Tools) -> list[Match]:
    """Return an insult word tagged on after a comma at a sentence's end, in a post that names people."""
    if tokens.isdisjoint(tools.lex.words) or tools.people.mentioned.search(norm) is None:
        return []
    for m in TAGGED_INSULT.finditer(norm):
        word = m.group("w")
        if word in tools.lex.words or word.rstrip("s") in tools.lex.words:
            before = _clause_before(norm, m.start())
            if not SELF_BEFORE.search(before) and not OWN_USE.search(before):
                return [Match("insult", m.start("w"), m.end("w"), 0.6, None, "Derogatory remark",
                              f"an insult tagged on about people: '{m.group().strip(' ,.!')}'")]
    return []


def find_verdicts(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return a derogatory adjective said as a sentence of its own about people ("Staff mowed it flat. Brainless.")."""
    if not tokens & people.adjectives:
        return []
    found = people.verdict.search(norm)
    if found is None or people.mentioned.search(norm) is None:
        return []
    return [Match("insult", found.start("said"), found.end("said"), 0.6, None, "Derogatory remark",
                  f"derogatory verdict on people: '{found.group('said')}'")]


# Stock idioms for a dim person: said in a post that names people, they mock one ("the one working brain cell").
DIM_IDIOMS = re.compile(spaced(
    r"\b(?:(?:one|single|only|last) (?:working |functioning |remaining )?brain cell|two brain cells"
    r"|lights are on but (?:nobody|no one|no-one)(?:'s| is) (?:home|in)|not the sharpest (?:tool|knife|pencil|crayon)"
    r"|(?:a )?(?:few )?sandwich(?:es)? short of a picnic|evolution (?:going|running|gone|in) (?:into )?"
    r"(?:reverse|backwards?)|(?:see|hear|watch) the cogs (?:smoking|grinding|whirring|turning)"
    r"|(?:dead|empty) from the neck up|(?:as )?dim as a (?:\w+ )?(?:bulb|candle)"
    r"|(?:(?:as )?useless|(?:about )?(?:as )?much use) as a chocolate (?:teapot|fireguard|kettle)"
    r"|couldn't (?:find|fight) (?:his|her|their) way out of a paper bag"
    r"|couldn't organise a (?:two-car funeral|piss-?up|booze-?up)"
    r"|without an original thought|never had an original thought"
    # Mocking similes: "like a headless chicken", "a voice like a foghorn", "written by a labrador with a head injury".
    r"|like (?:a |an )?(?:headless chickens?|rabbits? (?:caught )?in (?:the )?headlights|broken record|"
    r"bull in a china shop|deer in (?:the )?headlights|sack of (?:spuds|potatoes)|faulty fridge|foghorn|kazoo|"
    r"labrador with a head injury|tortoise looking for its shell)"
    r"|like (?:trying to )?nail(?:ing)? jelly to (?:a|the) wall|like talking to a brick wall"
    r"|like watching an? (?:\w+ )?(?:pigeon|goldfish|toddler|chimp|monkey|hamster|penguin) (?:try|trying|attempt"
    r"|attempting|do|doing)|a voice like an? (?:kazoo|foghorn|cheese grater|fire alarm|dentist's drill)"
    r"|(?:written|drawn|designed|planned|organised) by an? (?:labrador|chimp|monkey)"
    r"|an? (?:child|toddler|chimp|monkey) would have done (?:it )?better"
    # Wits measured against a thing or missing altogether: "the combined brainpower of one of their own mowers",
    # "had their brains removed at interview", "left his brain at home".
    r"|(?:combined |collective |entire |total )?(?:brainpower|brain power|iq|intelligence) of (?:a|an|one of|two|three)"
    r" (?!(?:genius|professor|scientist|einstein)\b)"
    r"|(?:had|has|have|got|getting) (?:their|his|her|your) brains? (?:surgically )?(?:removed|taken out|extracted|"
    r"switched off)|left (?:their|his|her|your) brains? (?:at home|at the door|in bed|in the car)"
    # A person spoken to as a limp thing: "like talking to a damp flannel", "about as much use as a wet lettuce".
    r"|(?:talking|speaking|chatting|arguing|reasoning) (?:to|with) an? (?:damp |wet |soggy |limp |old )?(?:flannel|"
    r"lettuce|plank|lamp-?post|tea towel|dishcloth|sponge|potato|turnip|cabbage|cardboard cut-?out|traffic cone)"
    r"|(?:much|more) use as an? (?:damp |wet |soggy |limp )?(?:flannel|lettuce|dishcloth|sponge|tea towel)"
    # Idleness and incompetence made a career: "asleep at their desks since 2019", "incompetence can be a full time
    # job".
    r"|asleep at (?:their|his|her|your) (?:desks?|keyboards?|posts?)"
    r"|(?:incompetence|uselessness|laziness|idleness) (?:can be|is|really is|as) (?:a|an) (?:full[- ]time job|art form|"
    r"olympic sport|career)|(?:turned|made|raised) (?:incompetence|uselessness|laziness|idleness) (?:into )?an? "
    r"(?:art form|olympic sport|career))\b"))
DIM_KEYS = words("brain sharpest sandwich sandwiches evolution cogs neck dim useless teapot fireguard kettle paper "
                 "funeral original "
                 "lights like voice written drawn designed planned organised child toddler chimp monkey brainpower "
                 "power iq intelligence brains talking speaking chatting arguing reasoning use asleep incompetence "
                 "uselessness laziness idleness")


# Someone's brains or desk: people, even when only a service is named ("customer services ... asleep at their desks").
HUMAN_FACULTY = re.compile(r"\b(?:their|his|her) (?:brains?|desks?)\b")
# The writer's own state, not someone else's: "my last brain cell", "running on one brain cell today".
# "our clerk", "our contractor": someone else, however near ("our team" may be the writer's own).
OWN_USE = re.compile(r"\b(?:i|i'm|im|i've|my|me|we|we're|us)\b|\bour\b(?!\s+(?:[a-z'-]+\s+){0,3}(?:clerk|contractors?"
                     r"|mayor|chair|chairman|manager|leader|engineer|planners?|caretaker|warden|mp|staff|officers?"
                     r"|admins?)\b)"
                     r"|\b(?:running|operating|working|surviving|getting by) on\s*$|\b(?:down to|left with)\s*$")


def find_idioms(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return a stock idiom or simile mocking a person in a post about people ("not the sharpest tool in the box")."""
    if not tokens & DIM_KEYS or (people.mentioned.search(norm) is None and HUMAN_FACULTY.search(norm) is None):
        return []
    for m in DIM_IDIOMS.finditer(norm):
        before = _clause_before(norm, m.start())
        if not SELF_BEFORE.search(before) and not OWN_USE.search(before):
            return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark",
                          f"mocks a person's wits: '{m.group()}'")]
    return []


# Sarcasm and condescension aimed at a person, in a post about people: praise that mocks ("well done to Cllr X for
# discovering that buses exist", "a masterclass in incompetence", "give her a medal"), talking down ("the grown-ups
# are talking", "explain it to him slowly, with pictures", "bless her, she tried so hard", "sweet of them to think
# ...", "oh look, Cllr X has an opinion"). Sincere praise shares none of these turns.
MOCKERY = Alternation(spaced(
    r"\b(?:well done|congratulations|congrats|bravo|hats off|kudos|round of applause)\b[^.!?\n]{0,50}? (?:for|on) "
    r"(?:(?:finally|eventually|at last) (?:reading|answering|replying|turning up|showing up|"
    r"doing (?:his|her|their) job|noticing|remembering|learning|listening|working out|catching up|getting round to)"
    r"|(?:discovering|realising|realizing|noticing|working out|figuring out|finding out) (?:that|what|where|how))\b"
    r"|\bonly took (?:him|her|them|you) (?:\w+ )?(?:years|months|weeks|decades|terms)\b"
    r"|\bgive (?:him|her|them|that (?:man|woman)) a (?:medal|gold star|biscuit|knighthood|round of applause|"
    r"sticker) for (?:finally|once|turning up|showing up|doing (?:his|her|their) (?:job|homework)|reading|answering|"
    r"remembering)\b"
    r"|\bmasterclass in (?:incompetence|failure|how not to|uselessness|dithering|waffle|hypocrisy|spin|arrogance|"
    r"cluelessness|ineptitude|time-?wasting|evasion|getting (?:it|things) wrong|missing the point|bluster|excuses)\b"
    r"|\b(?:another|yet another) (?:genius|inspired|stellar|triumphant|masterful) (?:move|decision|plan|idea|"
    r"performance|contribution|intervention) (?:from|by)\b"
    r"|\b(?:genius|inspired|masterful) (?:move|decision|plan|idea|thinking) (?:from|by) [^.!?\n]{1,40}? again\b"
    r"|\b(?:the )?grown-?ups (?:are|were) (?:talking|speaking)\b|\bleave it to the grown-?ups\b"
    r"|\blet the grown-?ups (?:talk|speak|get on|handle|deal|sort|decide|take over)"
    # "you've discovered potholes exist. Gold star, sweetheart.", "Darling, I was setting budgets while you were still
    # working out which end of a calculator to hold", "truly the brains of the operation"
    r"|\b(?:well done|congratulations|congrats|bravo)\b[^.!?\n]{0,40}?,? you(?:'ve| have) (?:finally |just )?"
    r"(?:discovered|realised|realized|worked out|figured out|noticed|found out)\b"
    r"|\bgold star,? (?:sweetheart|sweetie|love|darling|dear|pet|petal|hun)\b"
    r"|(?:^|[.!?] )(?:darling|sweetheart|sweetie|dear|petal|hun),? (?:i was|when you|you (?:can|need|should|clearly))\b"
    r"|\bwhile you were still (?:in nappies|at school|working out|learning|figuring out)\b"
    r"|\b(?:truly|clearly|obviously|really) the brains of the operation\b"
    r"|\b(?:well done|congratulations|congrats|bravo|hats off|kudos)\b[^.!?\n]{0,60}?,? who (?:has |have )?"
    r"(?:finally |just )?(?:discovered|realised|realized|worked out|figured out|noticed|found out|learned|learnt) "
    r"(?:that|how|what|where)\b"
    r"|\bexplain (?:it |this |that )?to (?:him|her|them|[a-z'. ]{2,30}?),? (?:very )?(?:slowly,? (?:and )?with "
    r"(?:pictures|crayons|diagrams|puppets)|in (?:small|short|simple|little|one-syllable) words"
    r"|with (?:pictures|crayons|puppets))"
    r"|\b(?:slowly and with pictures|in words of one syllable|with crayons|using small words)\b"
    r"|\bbless (?:him|her|them|[a-z]+)[,.!]* [^.!?\n]{0,30}?(?:tried so hard|tries so hard|really tried|"
    r"did (?:his|her|their) best|means well|meant well|thinks (?:he|she|they)(?:'s| is|'re| are| knows?| understands?))"
    r"|\b(?:sweet|cute|adorable|precious|quaint|touching) (?:of|that|how) [^.!?\n]{1,60}? (?:think|thinks|thought|"
    r"believe|believes|imagine|imagines|reckon|reckons) [^.!?\n]{0,60}?\b(?:anything|any difference|a difference|"
    r"listen|listens|matters?)\b"
    r"|\b(?:maybe|perhaps) next (?:year|time|term) (?:he|she|they)(?:'ll| will) (?:manage|cope|get there|"
    r"work (?:it )?out|figure (?:it )?out)\b"
    r"|\boh look,? [^.!?\n]{1,40}? (?:has|have|'s got|has got) (?:an opinion|a view|something to say|an idea|spoken|"
    r"woken up|turned up)\b|\b(?:try not to|don't all) faint\b"
    # Sent to bed like a child: "have a lie down and stop making a fool of yourself", "go and have a little sit down"
    r"|\b(?:have|go and have|go for|take) a (?:little |nice |long )?(?:lie[- ]down|sit[- ]down|nap|rest)\b"
    r"[^.!?\n]{0,40}?\b(?:and|then) (?:stop|quit|give up) (?:making a fool of (?:yourself|himself|herself|themselves)"
    r"|embarrassing (?:yourself|himself|herself|themselves)|talking|typing|posting)\b"
    r"|\b(?:stop|quit) making (?:such )?a (?:complete |total |right )?fool of (?:yourself|himself|herself|themselves)\b"
    # A child could have done better: "a report that a Year 3 class could have bettered", "my five-year-old could".
    r"|\b(?:a|my|any|the|your average) (?:\w+ )?(?:year \d+ class|reception class|toddler|child|kid|nursery class|"
    r"(?:five|six|seven|eight|\d+)-?year-?old|primary school (?:kid|child|class)|chimp|trained monkey) could (?:have )?"
    r"(?:done|do|written|write|bettered|better|run|managed|manage|organised|organise|drawn|produced)\b"
    # Told to read before speaking: "Maybe try reading the post before kicking off", "it's literally in the 2nd line".
    r"|(?:^|(?<=[.!?\n][\t ])|\b(?:maybe|perhaps|try|just) )(?:try )?(?:actually |properly |even )?(?:reading|read) "
    r"(?:the|our|my) (?:post|notice|article|poster|tweet|"
    r"update|message|page) (?:properly |first |again )?before (?:kicking off|commenting|moaning|complaining|ranting|"
    r"posting|replying|getting|having a go|spouting|mouthing off|sounding off)\b"
    # someone's wits blamed: "the traders are stuck outside thanks to your total idiocy"
    r"|\byour (?:total |complete |utter |sheer )?(?:idiocy|stupidity|selfishness|ignorance|incompetence)\b"
    # a person written off as a waste: "Overpaid waste of space."
    r"|(?:(?:^|(?<=[.!?\n])\s*)(?:[a-z-]+ ){0,2}?|\bwhat an? (?:[a-z-]+ )?)waste of (?:space|oxygen|skin|a salary"
    r"|good air)(?=\s*(?:[.!\n]|$))"
    r"|\bit'?s literally (?:in|on) the (?:first|second|third|last|\w+) (?:line|sentence|paragraph|word)\b"
    r"|\blearn to read\b"
    # Told to be quiet: "Pipe down Karen, nobody asked you", "wind your neck in".
    r"|\b(?:pipe down|wind (?:your|ur) neck in|get back in (?:your|ur) box|jog on)\b"
    r"|\b(?:nobody|no-?one) asked (?:you|for your (?:opinion|views?|input|thoughts))(?=\s*(?:[.!?,\n]|$))"
    # A sorry crowd as a sentence of its own: "Took them three weeks. Genuinely embarrassing bunch."
    r"|(?:^|(?<=[^\w\s'][\t ]))(?:(?:genuinely|truly|utterly|absolutely|what an?|such an?|an?) ){0,2}"
    r"(?:embarrassing|useless|hopeless|pathetic|clueless|spineless|incompetent|shambolic|lazy|gutless|feckless|sorry)"
    r" (?:bunch|shower|rabble|crew)(?: of (?:\w+))?(?=\s*(?:[.!?\n]|$))"
    # Praise that mocks: "Congratulations to the finest minds at county hall for shutting the tip on a bank holiday".
    r"|\b(?:congratulations|congrats|well done|hats off|bravo|kudos|thanks|thank you) to (?:the|our) (?:finest"
    r"|brightest|greatest|best) (?:minds|brains) at (?:the )?(?:county hall|town hall|council|highways|planning|[a-z]+ "
    r"hall|head office|hq)\b"
    # A quality likened to a thing as a sentence of its own: "Brains of a rocking horse, truly."
    # ...or had: "has the intellect of a damp teabag and the spine to match"
    r"|\b(?:has|had|with|got|possesses) (?:all )?the (?:brains?|intellect|wit|charisma|personality|spine|backbone"
    r"|attention span|iq|common sense) of an? (?!genius|professor|scholar|surgeon|rocket|saint|lion)[a-z]+\b"
    r"|(?:^|(?<=[.!?\n][\t ]))(?:the )?(?:brains?|intellect|wit) of an? "
    r"(?!genius|professor|scholar|surgeon|rocket)[a-z]+(?: [a-z]+)?\b"
    # Someone's words called worthless: "Cllr X's little speech was the most sanctimonious drivel".
    r"|\b(?:speech|speeches|contribution|comments?|rant|statement|post|words|remarks)\b[^.!?\n]{0,80}?\b(?:drivel|tripe"
    r"|claptrap|twaddle|guff|bilge|codswallop|piffle|hogwash|balderdash)\b"
    # "spouting his usual drivel": the worthless words pinned on their speaker.
    r"|\b(?:spout\w*|spew\w*|talk\w*|drone\w*|churn\w*|come out with|came out with)(?: on)? (?:his|her|their"
    r"|the same|the usual|more|yet more|utter|complete|total) (?:usual |same old |old |utter |complete |self-serving "
    r"|pompous )?(?:drivel|tripe|claptrap|twaddle|guff|bilge|codswallop|piffle|hogwash|balderdash|gibberish)\b"
    # Wits counted: "Brain cells between them: zero", "not a brain cell between the lot of them".
    r"|\bbrain ?cells? between (?:them|the (?:lot|pair|two|three)|you|the lot of (?:them|you))\b"
    r"|\b(?:one|two|a single|half a) brain ?cells? (?:between|among|in) (?:them|the|you|that|this)\b"
    # Commenters called thick: "the sheer thickness of some of the comments on here".
    r"|\b(?:sheer |utter )?(?:thickness|stupidity|idiocy|dimness|gormlessness) of "
    r"(?:some (?:of )?|many (?:of )?|most (?:of )?)?"
    r"(?:the |these |those )?(?:comments|commenters|people|posters|replies|residents|folk|objectors)\b"
    # A paper or its writer's work called garbage: "the officer report is the laziest cut-and-paste garbage I've read".
    r"|\b(?:report|reports|paper|response|reply|letter|plan|proposal|work|homework|answer|submission|draft)\b"
    r"[^.!?\n]{0,40}? (?:is|was|are|were) (?:[a-z'-]+ ){0,4}?(?:garbage|trash|dross|junk|drivel|tripe|claptrap|twaddle"
    r"|codswallop|hogwash|piffle|bilge)\b"
    # Insults stacked as a sentence of their own: "Feckless, selfish and a disgrace to the town."
    r"|(?:^|(?<=[.!?\n:][\t ]))(?:feckless|selfish|lazy|mindless|thoughtless|inconsiderate|spineless|gutless|shameless"
    r"|clueless|useless|pathetic|brainless|gormless|ignorant|arrogant),? (?:[a-z]+,? )?(?:and )?(?:an? )?"
    r"(?:disgrace|shame"
    r"|embarrassment|selfish|lazy|pathetic|useless|clueless|inconsiderate|thoughtless|ignorant|arrogant)\b"
    # "Well done to the geniuses in planning", "Truly the brightest minds of their generation 🙄"
    r"|\b(?:well\W{1,6}done|congratulations|congrats|bravo|hats off|kudos)\b[^.!?\n]{0,30}? to (?:the|our) (?:geniuses"
    r"|bright sparks|einsteins|masterminds|rocket scientists|brains trust)\b"
    r"|\b(?:truly |clearly |surely )?the (?:brightest|finest|greatest|sharpest) minds of (?:their|our|his|her|a) "
    r"generation\b"
    # "the filthy so-and-so who ...", "a con artist with a PowerPoint"
    r"|\b(?:filthy|dirty|selfish|lazy|thoughtless|inconsiderate|mindless|rotten|nasty|grubby) (?:so-and-so|so and so"
    r"|beggars?|blighters?|swine|toe-?rags?|scumbags?|lowlifes?)\b"
    r"|\b(?:by|from|hired|paid|is|was) an? (?:con artist|conman|con man|charlatan|swindler|snake oil salesman)\b"
    # "whichever genius parked across the fire exit", "brain the size of a garden pea"
    r"|\b(?:whichever|whoever|some|the) (?:genius|bright spark|einstein|mastermind|rocket scientist) (?:who|that"
    r"|parked|left|decided|thought|dumped)\b"
    r"|\bbrains? (?:the )?size of an? (?:garden )?(?:pea|peanut|walnut|gnat|grain|raisin)\b"
    # a reply's commenter told off: "the most ignorant comment we've read all week", "before mouthing off"
    r"|\bthe (?:most )?(?:ignorant|stupid|idiotic|moronic|dimwitted|thick|dumbest|stupidest|daftest) "
    r"(?:comment|post|remark|reply)\b|\bmouthing off\b"
    r"|\btells (?:us|you|me) (?:everything|all) (?:we|you|i) need to know about (?:you|him|her|them)\b"
    # a resident told off for not reading: "if you'd bothered to read the post before whinging"
    r"|\bif (?:you|u)(?:'d| had) (?:actually |even )?(?:bothered|taken the time|troubled yourself|had the sense) to "
    r"(?:read|look|check|scroll)\b"
    r"|\bbefore (?:whinging|whingeing|moaning|whining|kicking off|sounding off|having a go|mouthing off"
    r"|spouting (?:rubbish|nonsense|drivel|tripe|garbage|rot|twaddle|lies|off)|getting on your high horse)\b"
    # "keyboard warriors crawling out from under their rocks ... sad little lives", "leave the budget to grown-ups",
    # "your constant complaining is tiresome and frankly deranged"
    r"|\bcrawl\w* out from under (?:their|a|your|the) rocks?\b|\bsad,? (?:sad )?little lives\b"
    r"|\bleave (?:it|this|that|the [a-z]+) to (?:the )?grown-?ups\b"
    r"|\byou (?:clearly |obviously |evidently |really )?haven'?t (?:got )?a clue what you'?re on about\b"
    r"|\byour (?:constant |endless |incessant |usual )?(?:complaining|moaning|whining|whinging|ranting|posts|comments)"
    r"(?: on (?:this page|here))? (?:is|are) "
    r"(?:[a-z]+ ){0,3}?(?:deranged|unhinged|pathetic|idiotic|moronic|stupid|delusional)\b"
    # "Congratulations to the geniuses in the office who booked the fireworks for the wrong Saturday"
    r"|\b(?:congratulations|congrats|well done|hats off|bravo|round of applause|take a bow)\s+to\s+(?:the|our)\s+"
    r"(?:geniuses|bright sparks|einsteins|masterminds|rocket scientists)\b"
    r"|\bworld[- ]class (?:incompetence|ineptitude|uselessness)\b|\bincompetence,? as (?:ever|usual|always)\b"
    # "Maybe engage your brain before typing next time"
    r"|\bengage (?:your|ur|their|his|her) brains? (?:before|next time|for once|first)\b"
    r"|\b(?:switch|turn) (?:your|ur) brains? on (?:before|next time|for once|first)\b"
    r"|\bhaven'?t evolved (?:past|beyond)\b"
    r"|\b(?:knuckle-?draggers|cavemen|neanderthals),? (?:the )?(?:whole )?lot of (?:them|'em|you)\b"
    # "Well done, Einstein 👏": sarcastic praise with a mock name
    r"|\b(?:well done|nice one|good job|cheers|thanks|bravo),? (?:einstein|sherlock|genius|mastermind|bright spark)\b"
    r"(?! (?:primary|academy|school|college|house|class|team|award|prize)\b)"
    # "Maybe try reading the signs before whinging": the reader told to read
    r"|\b(?:maybe|perhaps) try (?:reading|looking at|checking)\b[^.!?\n]{0,40}\bbefore "
    r"(?:whinging|whingeing|moaning|whining|complaining|kicking off)\b"
    # "the clowns on the other side of the chamber"
    r"|\bthe (?:clowns|muppets|numpties|idiots|morons|cowboys) (?:on the other side|opposite|across the chamber"
    r"|at county|in charge|at the town hall|in planning|in highways)\b"
    # "Cowboys, the lot of them"
    r"|\b(?:cowboys|numpties|muppets|clowns|amateurs|idiots|morons|crooks|liars),? (?:the )?(?:whole )?lot of "
    r"(?:them|'em|you)\b"
    # "dinosaurs running the show", "where good ideas go to die", "so-called professionals ... doing sod all"
    r"|\b(?:dinosaurs|clowns|muppets|amateurs|cowboys) (?:running|in charge of) (?:the show|the place|the council"
    r"|this town|things)\b|\bwhere (?:good )?(?:ideas|common sense|hope|dreams|money) (?:go|goes) to die\b"
    r"|\bso-called (?:professionals|experts)\b|\bdoing sod all\b"
    # Clowns at someone named: "Cllr Whitfield's 'bold vision' for the market square 🤡🤡"
    r"|['\"][^'\"\n]{1,40}['\"][^.!?\n]{0,60}?\U0001F921"
    # Sarcastic "geniuses": "the same geniuses who couldn't put the right thing in the old bins".
    r"|\b(?:geniuses|bright sparks|einsteins|masterminds|rocket scientists) (?:who|that) (?:couldn't|can't|cannot|don't"
    r"|didn't|never|still|somehow)\b"
    # Too dim for the task: "some people are too thick to scroll up".
    r"|\btoo (?:thick|stupid|dim|dense|ignorant|lazy|daft) to (?!cut|slice|spread|pour|fit|pass)[a-z]+"
    # Told to leave their mother's loft: "get out of your mum's loft more often, love".
    r"|\bget out of (?:your|ur|his|her|their) (?:mum'?s|mam'?s|mom'?s|mother'?s|parents'?|nan'?s) "
    r"(?:loft|basement|attic|spare room|back bedroom|box room)\b"
    # A tantrum mocked: "before throwing your toys out of the pram, sunshine".
    r"|\b(?:throw(?:ing|s)?|chuck(?:ing|s)?|spit(?:ting|s)?) (?:your|ur|his|her|their) (?:toys|dummy) out of the pram\b"
    # Incompetence said to border on worse: "incompetence bordering on negligence".
    r"|\bincompetence bordering on\b"
    # Told they cannot read or follow: "Some of you lot clearly can't read", "you can't follow basic instructions".
    r"|\b(?:clearly|obviously|evidently|apparently) can(?:'t|not) read\b|\bcan(?:'t|not) follow (?:basic|simple) "
    r"instructions\b"
    # A crowd named by a vice as a sentence of its own: "Liars, the lot of them."
    r"|(?:^|(?<=[.!?\n][\t ]))(?:liars|crooks|cowards|frauds|hypocrites|chancers|charlatans|thieves|bullies),? "
    r"(?:the lot of (?:them|you|em)|every (?:last )?one of (?:them|you)|all of (?:them|you))\b"))
MOCKERY_KEYS = words("could reading read literally learn pipe neck box jog asked bunch shower rabble crew minds brains "
                     "instructions "
                     "geniuses sparks einsteins masterminds scientists thick stupid dim dense ignorant daft loft "
                     "genius einstein mastermind idiocy stupidity selfishness ignorance waste "
                     "basement attic pram incompetence liars crooks cowards frauds hypocrites chancers charlatans "
                     "thieves bullies "
                     "intellect wit "
                     "drivel tripe claptrap twaddle guff bilge codswallop piffle hogwash balderdash "
                     "done congratulations congrats bravo hats kudos applause took medal star biscuit knighthood "
                     "sticker masterclass genius inspired stellar triumphant brilliant masterful grown grownups "
                     "explain slowly syllable crayons bless sweet cute adorable precious quaint touching maybe "
                     "stop quit fool "
                     "perhaps oh faint darling sweetheart sweetie dear petal hun still brains cell cells braincells "
                     "thickness stupidity idiocy dimness gormlessness charisma personality spine backbone span iq "
                     "garbage trash dross junk feckless selfish lazy mindless thoughtless inconsiderate spineless "
                     "gutless shameless clueless useless pathetic brainless gormless ignorant arrogant done congrats "
                     "minds filthy dirty rotten nasty grubby con conman charlatan swindler snake whichever whoever "
                     "genius brain brains ignorant stupid idiotic moronic dumbest stupidest daftest mouthing tells "
                     "dinosaurs clowns amateurs cowboys die so sod crawling crawl lives grown grownups clue "
                     "complaining moaning whining whinging ranting muppets numpties idiots morons bothered "
                     "whingeing kicking sounding having getting spouting world incompetence einstein sherlock "
                     "mastermind engage evolved draggers cavemen neanderthals")
# A body mocked as a body: "another masterclass in incompetence from the planning committee".
MOCKED_BODIES = words("whinging whingeing moaning geniuses einstein sherlock men women lads "
                      "committee council cabinet panel officers staff executive board him her them you your "
                      "consultants team crew contractors minds hall people comments commenters posters objectors crowd "
                      "colleague colleagues officer chamber lot mob visitors whoever consultant expert experts "
                      "contractor whichever comment show professionals trust warriors")


def find_mockery(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return sarcasm or condescension aimed at a person ("the grown-ups are talking", "a masterclass in ...")."""
    # Someone @mentioned is a person too: the official account answering a resident ("@gaz_b1982 Maybe try ...").
    if (not tokens & MOCKERY_KEYS and "\U0001F921" not in norm) or (
            people.mentioned.search(norm) is None and not tokens & MOCKED_BODIES and "@" not in norm):
        return []
    for m in MOCKERY.finditer(norm):
        if not SELF_BEFORE.search(_clause_before(norm, m.start())):
            return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark",
                          f"mocks or talks down to a person: '{m.group()}'")]
    return []


# Corruption hinted rather than said: a knowing cue and a favour or money in a post about people ("Funny how the
# clerk's nephew keeps winning the grass-cutting contract. Must be a coincidence.").
INNUENDO = re.compile(spaced(
    r"\b(?:funny how|funny, that|must be (?:a )?coincidence|pure coincidence,? (?:i'm|im) sure|rumour has it|"
    r"word (?:is|has it)|i(?:'ve)? hear(?:d)? (?:that |from )|it'?s no secret|everyone (?:\w+ ){0,3}?knows|"
    r"not saying it'?s true|make of that what you will|draw your own conclusions|ask (?:him|her|them)|"
    # a favour told as a wonder: "who then magically wins the tender. just saying"
    r"(?:magically|miraculously|mysteriously|conveniently|somehow) (?:\w+ )?(?:wins?|won|winning|gets?|got|lands?"
    r"|landed|bags?|bagged|secures?|secured)|surprise,? surprise|no prizes for guessing|nudge,? nudge"
    # "waved through 300 homes. Brown envelopes, anyone?"
    r"|brown envelopes?(?=,? anyone|\?| all round| changing hands| under the table))\b"))
FAVOUR = re.compile(spaced(
    r"\b(?:contracts?|tenders?|takings|till|cash|envelopes?|backhanders?|invoices?|expenses|allowances?|"
    r"(?:not|never) (?:been )?advertised|nephew|niece|brother-in-law|sister-in-law|son-in-law|cousin|(?:wife|husband|"
    r"mate|pal)'?s (?:firm|company|business)|jobs? for)\b"))
INNUENDO_KEYS = words("funny coincidence rumour word hear heard secret knows saying make draw ask magically "
                      "miraculously mysteriously conveniently somehow surprise prizes nudge brown")
INNUENDO_BODIES = words("committee council councillor councillors planning officers members chair mayor clerk cabinet")


def find_innuendo(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return corruption hinted at a person: a knowing cue beside a favour or money ("Funny how ... coincidence")."""
    if not tokens & INNUENDO_KEYS:
        return []
    cue = INNUENDO.search(norm)
    if cue is None or FAVOUR.search(norm) is None:
        return []
    # Whom it is aimed at: a person named, or a body that decides ("the amenities committee", "planning"), or
    # "a certain someone".
    if people.mentioned.search(norm) is None and not tokens & INNUENDO_BODIES and "certain someone" not in norm:
        return []
    return [Match("defamatory", cue.start(), cue.end(), 0.6, None, "Defamatory-sounding accusation",
                  f"corruption hinted: '{cue.group()}'")]


# The council's own work called a fraud (clause 9.3: its practices in derogatory terms): "the so-called consultation
# is a box-ticking con job", "the review was a whitewash". A bad day or a traffic jam called a joke is not its practice.
PRACTICE_SCORN = re.compile(spaced(
    r"\b(?:council|consultation|consultations|process|scheme|meeting|committee|decision|review|inquiry"
    r"|investigation|survey|exercise|engagement|procedure|hearing|tender|tendering)"
    r"(?:'s)? (?:is|was|are|were|has been|turned out to be|felt like|looks like) "
    r"(?:(?:just|nothing but|little more than|an absolute|a complete|a total|an utter|one big|a|an|box-ticking"
    r"|box ticking|pr|public relations) ){0,3}"
    r"(?:sham|con|con job|con trick|stitch-up|stitch up|scam|fraud|farce|whitewash|charade|travesty|joke|pantomime"
    r"|circus|fix|fiddle)\b"
    r"|\b(?:box-ticking|box ticking) (?:con|con job|sham|farce|charade|whitewash|scam|stitch-up|stitch up)\b"
    r"|\bfob (?:residents|us|people|the public|everyone|taxpayers|the town) off\b"
    # "the shiny new website is a steaming pile of 💩"
    r"|\bsteaming (?:great )?piles? of (?:crap|shit|\U0001F4A9|nonsense|rubbish|garbage|tripe|drivel|junk|poo)"))
PRACTICE_SCORN_KEYS = words("sham con scam fraud farce whitewash charade travesty joke pantomime circus fix fiddle "
                            "stitch fob steaming")


def find_practice_scorn(norm: str, tokens: set[str]) -> list[Match]:
    """Return the council's work called a sham, con or farce ("the consultation is a box-ticking con job")."""
    if not tokens & PRACTICE_SCORN_KEYS:
        return []
    return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark",
                  f"calls the council's work a sham: '{m.group()}'")
            for m in PRACTICE_SCORN.finditer(norm) if not _denied(norm, m.start(), reported=False)][:1]


def find_dehumanising(norm: str, tokens: set[str], people: People) -> list[Match]:
    """Return groups of people called animals, vermin or feral ("the families on that estate are animals")."""
    if not tokens & DEHUMAN_KEYS:
        return []
    return [Match("dehumanising", m.start(), m.end(), 0.7, None, "Derogatory characterisation of people",
                  f"dehumanising remark about people: '{m.group()}'") for m in people.dehuman.finditer(norm)
            if not _denied(norm, m.end())]


@dataclass(frozen=True)
class Frames:
    """Contempt without a listed insult, and generalisations about groups: built from word lists per config."""

    contempt: re.Pattern[str]
    # A name called after a comma, as the last word: "Cry more, snowflake 🙄", "Off you pop, busybody." Apart from
    # `contempt`, as it starts at a mark: the engine skips to the marks instead of trying every position.
    vocative: re.Pattern[str]
    contempt_keys: frozenset[str]
    groups: re.Pattern[str]
    group_keys: frozenset[str]
    stereotype: re.Pattern[str]


def _alternation(entries: list[str], plural: bool) -> str:
    """Return a regex alternation of list entries, longest first; hyphens and spaces match either."""
    found = {" ".join(e.casefold().split()) for e in entries if e.strip()}
    if plural:  # "busybody" -> "busybodies" ("-s"/"-es" are added below)
        found |= {a[:-1] + "ies" for a in found if len(a) > 2 and a[-1] == "y" and a[-2] not in "aeiou"}
    alts = sorted(found, key=lambda a: (-len(a), a))  # longest first; ties in a fixed order, run to run
    body = "|".join(r"[-\s]+".join(map(re.escape, re.split(r"[-\s]+", a))) for a in alts) or "(?!)"
    return f"(?:{body})" + ("(?:s|es)?" if plural else "")


def _gate_words(entries: list[str]) -> frozenset[str]:
    """Return the longest word of each entry, bare and plural, as the folded text's tokens spell it.

    One word every match must contain gates a frame; the longest is the rarest ("people on benefits" ->
    "benefits", not "people"), so common words ("the", "that", "little") do not open the gate for every post.
    """
    found = [max(WORD.findall(e.casefold()), key=lambda w: (w not in COMMON_WORDS, len(w)))
             for e in entries if WORD.findall(e.casefold())]
    return frozenset(w + end for w in found for end in ("", "s", "es")) | frozenset(
        w[:-1] + "ies" for w in found if len(w) > 2 and w[-1] == "y" and w[-2] not in "aeiou")


# Words too common in a council's posts to gate a frame on, when an entry has a rarer one ("council tenant").
COMMON_WORDS = words("council people been from that those these their the town has yes little empty laughing all it of "
                     "a")


@lru_cache(maxsize=8)
def frame_patterns(names: tuple[str, ...], contempt: tuple[str, ...], groups: tuple[str, ...],
                   stereotypes: tuple[str, ...]) -> Frames:
    """Return the contempt, group and stereotype regexes from the word lists and the council's names."""
    named = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))
    who = PERSON_WORDS + (f"|{named}" if named else "")
    entries = [line.split() for line in contempt]
    anyone = _alternation([" ".join(e[:-1]) if e[-1] == "subject" else " ".join(e) for e in entries
                           if e[-1] != "subject"], plural=True)
    named_only = _alternation([" ".join(e[:-1]) for e in entries if e[-1] == "subject"], plural=True)
    # "the grabbers" is the litter pick's kit, not a "money-grabber": a determiner makes no compound
    noun = rf"(?:{anyone}|(?!(?:the|a|an|my|our|your|his|her|their|these|those|some|any|new|spare)\s)[a-z]+[-\s]"\
           rf"(?:{CONTEMPT_ENDS})s?)"
    tail = rf"(?:(?:\s+{MODIFIER}){{0,3}}?)\s+"
    contempt_re = re.compile(spaced(
        rf"(?:\b(?:you|ya|u)(?:'re| are| r)?(?: such| an?| such an?)?|\bwhat an?|"
        rf"\b(?:{who})(?:'s|'re| is| are| was| were|(?: has| have)? been| has become| remains?)"
        rf"(?: {CONTEMPT_LINK})*(?: an?)?)"
        rf"{tail}(?:{noun})(?=\s*(?:[.,!?;:)\n]|$)|\s+(?:{CONTEMPT_NEXT})\b)"
        rf"|\b(?:{who})(?:'s|'re| is| are| was| were|(?: has| have)? been| has become| remains?)"
        rf"(?: {CONTEMPT_LINK})*(?: an?)?{tail}(?:{named_only})(?=\s*(?:[.,!?;:)\n]|$)|\s+(?:{CONTEMPT_NEXT})\b)"
        rf"|\b(?:{who})(?:'s| is| was| has become| remains?)(?: {CONTEMPT_LINK})* an? glorified [a-z'-]+(?: [a-z'-]+)?"
        # Fed up with people called a contemptuous noun: "sick to death of the snowflakes in the youth forum".
        rf"|\b(?:sick|tired|fed\s+up)\s+(?:to\s+death\s+)?(?:of|with)\s+(?:the|these|those|all\s+the)"
        rf"(?:\s+{MODIFIER}){{0,2}}?\s+(?:{noun})(?=\s*(?:[.,!?;:)\n]|$)|\s+(?:{CONTEMPT_NEXT})\b)"
        # People spoken of as a crowd of them: "the office is full of jobsworths", "run by yes-men".
        rf"|\b(?:full of|run by|staffed by|stuffed with|packed with|overrun (?:with|by)|(?:\w+ ){{0,2}}hours of|"
        rf"an? (?:evening|night|afternoon|morning|hour|room full) of|listening to (?:the|a bunch of)|same old|"
        rf"(?:a|his|her|their|that|this|the|what an?) (?:bunch|load|pack|gang|band|nest|shower|crowd|collection|clique)"
        rf" of)"
        rf"(?:\s+{MODIFIER}){{0,2}}?\s+(?:{noun}|{named_only})"
        rf"(?=\s*(?:[.,!?;:)\n]|$)|\s+(?:{CONTEMPT_NEXT})\b)"
        rf"|\b(?:{who}|they)(?:\s+{AUX}){{0,2}}(?:\s+[^.!?,;]{{1,60}}?\s+and)?\s+{CLUELESS}"
        # Whoever holds a view called a name for it: "anyone who calls the skate park a magnet for yobs is a snob".
        # "The people objecting to the Radstone Road homes are selfish NIMBY dinosaurs": the view's holders, by a
        # participle, and the words things are called too, since holders of a view are people.
        rf"|\b(?:anyone|anybody|whoever|those|people|the (?:people|ones|folk|lot)) (?:who|that|[a-z]+ing) "
        rf"[^.!?\n]{{1,80}}? "
        rf"(?:is|are)(?: {CONTEMPT_LINK})*(?: an?)?"
        rf"{tail}(?:{noun}|{named_only})(?=\s*(?:[.,!?;:)\n]|$)|\s+(?:{CONTEMPT_NEXT}|tbh|frankly|really|honestly)\b)"
    ))
    vocative = re.compile(spaced(rf"[,;:!]\s*(?:(?:{MODIFIER})\s+)?(?!nobody\b|no-?one\b)(?:{noun})"
                                 rf"(?=\s*(?:[.!?)\n]|$)|\s*[\U0001F300-\U0001FAFF])"))
    return Frames(
        contempt=contempt_re,
        vocative=vocative,
        contempt_keys=_gate_words([" ".join(e[:-1]) if e[-1] == "subject" else " ".join(e) for e in entries])
        | CONTEMPT_KEYS,
        groups=re.compile(rf"(?<![a-z0-9]){_alternation(list(groups), plural=True)}(?![a-z0-9]){GROUP_AS_MODIFIER}"),
        group_keys=_gate_words(list(groups)),
        stereotype=re.compile(rf"(?<![a-z0-9]){_alternation(list(stereotypes), plural=False)}"),
    )


def find_contempt(norm: str, tokens: set[str], frames: Frames) -> list[Match]:
    """Return contempt for a person with no listed insult ("Cllr X is a jumped-up pen-pusher", "hasn't a clue")."""
    if not tokens & frames.contempt_keys:
        return []
    return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark",
                  f"contempt for a person: '{m.group()}'")
            for m in itertools.chain(frames.contempt.finditer(norm), frames.vocative.finditer(norm))
            if not NEG_COPULA.search(m.group()) and not _denied(norm, m.start())]


def find_generalisations(norm: str, tokens: set[str], frames: Frames) -> list[Match]:
    """Return derogatory generalisations about a group ("<group> always bring crime"), polite words or not.

    A group named, a generalising word ("always", "tend to", "simply don't", "wherever they go") and a harm or
    failing (monitor/data/offensive/stereotypes.txt) in one sentence; a sentence that rebuts or reports a
    stereotype ("the myth that ...", "hate crime against ...") does not fire.
    """
    if not tokens & frames.group_keys:
        return []
    out: list[Match] = []
    index = sentences(norm)
    for m in frames.groups.finditer(norm):
        if out:
            break  # one is enough evidence for the post
        lo, hi = index.bounds(m.start(), m.end())
        sentence, said = norm[lo:hi], norm[m.start():hi]  # what is said of the group follows it
        rebutted = REBUTTAL.search(DISOWNED.sub(" ", sentence))
        generic = ((GENERIC_HARM.search(said) or TYPICAL_NEXT.match(norm, hi)
                    or (BEFORE_GROUP.search(norm, lo, m.start()) and frames.stereotype.search(said)))
                   and not GENERIC_GUARD.match(norm, m.end()))
        if not generic and (clause := GROUP_CLAUSE.match(norm, m.end(), hi)) is not None:
            # "The young mums who park themselves in the square all day are a blot on the town": the clause says
            # which of the group, the verdict after it still damns them all
            generic = GENERIC_HARM.search(norm[clause.end():hi]) is not None or TYPICAL_NEXT.match(norm, hi) is not None
        elif not generic and WHO_AFTER.match(norm, m.end()):
            # "pensioners who ring 101 about a football. Bless them, nothing better to do": the verdict comes next
            generic = TYPICAL_NEXT.match(norm, hi) is not None
        if (generic or (GENERALISER.search(said) and frames.stereotype.search(said))) and not rebutted:
            out.append(Match("generalisation", m.start(), m.end(), 0.7, None,
                             "Derogatory generalisation about a group",
                             f"derogatory generalisation about a group: '{shorten(sentence.strip())}'"))
    return out


@dataclass(frozen=True)
class Tools:
    """What the check builds once per configuration: the lexicon and the person-aware regexes."""

    lex: Lexicon
    people: People
    frames: Frames


def _tools(config: Config) -> Tools:
    """Return the lexicon and the council's people, built for one configuration."""
    settings = config.checks.offensive
    lists = terms(RULE, "terms", config, key=term_key), terms(RULE, "allow", config)
    return Tools(build_lexicon(*lists, tuple(settings.extra_terms), tuple(settings.allow_terms)),
                 people_patterns(council_names(config), terms(RULE, "derogatory", config)),
                 frame_patterns(council_names(config), terms(RULE, "contempt", config),
                                terms(RULE, "groups", config), terms(RULE, "stereotypes", config)))


def tools_for(config: Config) -> Tools:
    """Return the tools for a configuration, built on first use."""
    return per_config("offensive", config, _tools)


# Scorn in stock turns no word list holds: a rude rebuke ("talking out of your backside"), a choice of failings
# ("incompetent or bent, take your pick"), "bone idle", "cowboy rubbish", "petty little dictators", a string of "out
# of her depth, out of ideas", "overpaid and underworked", and the xenophobe's tropes ("don't speak English and don't
# want to learn", "gone downhill since they arrived", "go back where they came from"). Not the writer's own ("I was
# bone idle all weekend") and not quoted from someone else.
SCORN = Alternation(spaced(
    r"\btalk\w* out of (?:your|his|her|their) (?:backside|arse|ass|behind|bum|rear end)\b"
    r"|\b(?:incompetent|corrupt|bent|lazy|useless|crooked|dishonest|clueless|thick|stupid|idle) or "
    r"(?:incompetent|corrupt|bent|lazy|useless|crooked|dishonest|clueless|thick|stupid|both)\b"
    r"|\bbone[- ]idle\b"
    r"|\bcowboy (?:rubbish|outfit|firm|builders?|contractors?|workmanship|operators?|traders?|job|work)\b"
    r"|\b(?:petty|jumped[- ]up) (?:little )?(?:dictators?|hitlers?|tyrants?|napoleons?)\b"
    r"|\bout of (?:his|her|their) depth\b[^.!?\n]{0,40}\bout of (?:ideas|touch|interest|puff)\b"
    r"|\boverpaid,? (?:and )?underworked\b|\bunderworked,? (?:and )?overpaid\b"
    r"|\b(?:don't|dont|won't|wont|can't|cant|refuse to|never) (?:even )?(?:speak|learn|bother (?:to learn|with)) "
    r"(?:a word of )?english\b"
    r"|\b(?:gone|went|going) downhill since (?:they|them|that lot|those people|the \w+) (?:arrived|moved in|came|"
    r"turned up|got here)\b"
    r"|\bgo back (?:to )?where (?:they|you) came from\b"
    # harm said to follow a group's arrival: "crime goes up whenever those communities arrive"
    r"|\b(?:crime|thefts?|burglar\w*|trouble|litter|rubbish|mess|drugs|antisocial behaviour|anti-social behaviour)\s+"
    r"(?:always\s+)?(?:goes|go|went|shoots?|rises?|rose|increases?|soars?|follows?|comes?|spikes?|doubles?)\s+"
    r"(?:up\s+)?(?:whenever|when|wherever|once|as soon as|every time)\s+(?:they|them|those|these|that lot)\b"
    r"[^.!?\n]{0,30}?\b(?:arrive|arrives|arrived|move in|moves in|turn up|turns up|come|comes|set up|pitch up|roll in"
    r"|rolls in|get here)\b"
    r"|\bcouldn't be bothered\b[^.!?\n]{0,40}\bas usual\b"
    # "bent as a nine bob note", "the useless shower at county highways", "overpaid suits", "don't give a toss about
    # this town", "zero respect for our town", "typical of them", "is a vicious gossip and a bully"
    r"|\bbent as a (?:nine|two|three) bob note\b|\bbent as a (?:corkscrew|butcher's hook)\b"
    r"|\b(?:useless|hopeless|pathetic|incompetent) (?:shower|bunch|lot|shambles)\b"
    # "the slowest, most jobsworth bunch I have ever dealt with"
    r"|\b(?:most )?(?:jobsworth|laziest|slowest|rudest|most unhelpful|most useless|most incompetent|most arrogant)"
    r"(?:,? (?:most )?[a-z]+){0,2} (?:bunch|shower|lot|crew|gang|rabble)\b(?! of\b)"
    # ...and sums of a person: "clueless, overpaid and proud of it"
    r"|\b(?:clueless|useless|hopeless|lazy|incompetent),? (?:overpaid|underworked|arrogant|out of touch)(?:,? and "
    r"(?:proud of it|smug about it|arrogant with it|out of touch))?\b"
    r"|\boverpaid (?:suits|pen[- ]pushers|bureaucrats|jobsworths|fat cats|paper[- ]shufflers)\b"
    r"|\b(?:don't|dont|doesn't|doesnt) give a (?:toss|monkey's|damn|stuff|flying \w+|shit|fig) about (?:this|our|the) "
    r"(?:town|place|community|area)\b"
    r"|\b(?:zero|no) respect for (?:our|this|the) (?:town|community|area|place)\b"
    r"|\btypical of (?:them|that lot|their sort|their kind|those people|the likes of them)\b"
    r"|\bis an? (?:vicious|nasty|spiteful|poisonous|malicious|vindictive) (?:little |old |right |real |proper )?"
    r"(?:gossip|liar|bully|piece of work|"
    r"troublemaker|busybody)\b"
    # "too dim to read a calendar", "try reading before typing", "half cut at the last two meetings", "pathetic,
    # the lot of them", "whose grasp of arithmetic is exceeded only by"
    r"|\btoo (?:dim|thick|stupid|dense|lazy|idle|dozy|gormless) to (?:read|understand|follow|work|find|spell|count|"
    r"grasp|use|do)\b"
    r"|\btry (?:reading|thinking|listening) (?:\w+ ){0,2}before (?:typing|posting|commenting|replying|opening|firing"
    r"|ranting|sounding|mouthing|kicking)\b"
    r"|\b(?:half[- ]cut|sozzled|plastered|legless|three sheets to the wind) (?=at |again\b|during |in (?:the )?"
    r"(?:meeting|chamber))"
    r"|\b(?:pathetic|useless|hopeless|spineless|gutless|shameless),? (?:the )?lot of (?:them|you|\'em)\b"
    r"|\bgrasp of \w+ is (?:exceeded|matched|rivalled) only by\b"
    # "so dim they'd need a risk assessment to open a door", "a filthy slob", "Con artist."
    r"|\bso (?:dim|thick|stupid|dense|dozy|gormless) (?:they|he|she|you)(?:'d| would) (?:need|struggle|fail)\b"
    r"|\b(?:filthy|dirty|lazy|fat) slob\b|(?:^|[.!?] )(?:con artist|conman|con man|fraudster|crook)[.!]"
    # "driving wages down for proper local lads": a group blamed for what an economy does
    r"|\b(?:workers|migrants|foreigners|immigrants|europeans|poles|romanians|bulgarians|lithuanians|incomers|newcomers)\b"
    r"[^.!?\n]{0,60}\b(?:driving (?:wages|pay) down|taking (?:our|local) (?:jobs|houses|homes))\b"
    # wits likened to a thing's: "more intelligence in a bag of spanners than in the whole team", "two brain cells
    # to rub together"
    r"|\bmore (?:intelligence|brains?|sense|common sense|wit|personality|charisma|backbone|brain cells) in (?:an? "
    r"(?:bag|box|tin|bucket|sack|packet|jar|pot|drawer|tub|crate|skip|tray|bowl|tank) of [a-z]+(?: [a-z]+)?|"
    r"(?:my|a|an|the) (?:little finger|pinky|big toe|left (?:foot|elbow|sock)|dog|cat|goldfish|hamster|budgie|"
    r"houseplant|pot plant|lettuce|brick|potato|turnip|doorknob|teapot)) than\b"
    r"|\b(?:two|2|three|3) brain ?cells(?: to rub together| between (?:them|the lot of them))?\b"
    # a body run by animals or children: "a circus run by monkeys", "run by headless chickens"
    r"|\b(?:run|staffed|managed|chaired) (?:entirely |completely |solely |wholly )?by "
    r"(?:a (?:bunch|pack|troop|load|gang) of )?(?:monkeys|chimps|chimpanzees|"
    r"baboons|clowns|toddlers|headless chickens|muppets|donkeys|sloths|snails|tortoises)\b"
    # "like the useless lump she is": a failing named as what the person is
    r"|\blike the (?:[a-z'-]+ ){0,2}?(?:useless|lazy|idle|clueless|incompetent|hopeless|pathetic|spineless|gutless|dozy"
    r"|dim|thick|stupid|arrogant|nasty|spiteful|vile|smug|pompous|lying|two-faced|bone-idle) (?:[a-z'-]+ )?"
    r"(?:she|he|they|you) (?:is|are|was|were|'s|'re)\b"
    # "so thick you can't read a timetable"
    r"|\bso (?:dim|thick|stupid|dense|dozy|gormless) (?:that )?(?:they|he|she|you) (?:can't|cannot|couldn't|can not"
    r"|could not|don't|doesn't)\b"
    # paid to fail: "we pay that woman £40k to lose the paperwork", "we pay him for that"
    r"|\b(?:we|taxpayers|residents|you) (?:are )?pay(?:ing)? (?:him|her|them|that (?:woman|man|bloke|lot|clown|lad)"
    r"|this (?:woman|man|bloke)) (?:[£$]?\d[\d,.]*k? |good money |a salary |a fortune |handsomely |top dollar )?"
    r"(?:a year )?(?:to (?:lose|do nothing|sit|mess|waste|ignore|make a mess|cock|bodge|botch|lose)\b|for that\s*\?)"
    # self-interest: "in it for the free lunches and nothing else"
    r"|\b(?:is|are|'s|'re|was|were) (?:only |just |purely |clearly |obviously )?in it for (?:the )?(?:free lunches|"
    r"expenses|allowances?|money|perks|freebies|free dinners|free drinks|title|glory|ego|himself|herself|themselves"
    r"|the chain|the photo ops?)\b"
    # "folk who can barely string a sentence together", "get a life, love", "nobody cares about your bunting rota"
    r"|\b(?:can|could)(?:n't|not| not)?\s+(?:barely|hardly|even)\s+string\s+(?:a|two|three)\s+(?:sentence|words)\s+"
    r"together\b|\bcan't\s+(?:even\s+)?string\s+(?:a|two|three)\s+(?:sentence|words)\s+together\b"
    r"|(?:^|[.!?,;:\n\u2013\u2014]\s*|\s-\s+)get\s+a\s+life\b(?![- ](?:changing|saving|long|size))"
    # scorn said to someone's face: "Grow up.", "you sad lot", "take your nonsense somewhere else", "lazy as they
    # come", "that's your problem, not ours", "Thieving so-and-sos."
    r"|(?:^|[.!?,;:\n\u2013\u2014]\s*|\s-\s+)grow\s+up\s*(?:[.!]|$)"
    r"|\byou\s+(?:sad|pathetic|sorry|miserable|ungrateful|ignorant|moaning|whinging|whingeing|spineless|gutless"
    r"|useless|clueless|gormless|bitter|nasty|vile)\s+(?:little\s+)?(?:lot|bunch|shower|crew|rabble|people|lot\s+of\s+\w+)\b"
    r"|\btake\s+your\s+(?:[a-z'-]+\s+)?(?:nonsense|rubbish|drivel|garbage|bile|hate|trolling|lies|bilge|twaddle"
    r"|tripe|ranting|rants|conspiracy\s+theories|whinging|moaning)\s+(?:somewhere\s+else|elsewhere)\b"
    r"|\b(?:lazy|idle|thick|dim|useless|bent|crooked|dishonest|rude|nasty|arrogant|clueless|gormless|two-faced"
    r"|spiteful|sly|shifty)\s+as\s+they\s+come\b"
    r"|\bthat(?:'s|\s+is)\s+your\s+(?:own\s+)?(?:problem|lookout|funeral),?\s+not\s+ours\b"
    # "Pack of chancers.", "= jobs for the boys", "did a 5 yr old write it??", "more intelligent noises coming out of
    # the drains", "how incompetent that office is", "our so-called 'events officer'"
    r"|(?:^|[.!?\n]\s*)(?:bunch|load|pack|gang|shower|band|nest|crowd)\s+of\s+(?:[a-z'-]+\s+)?(?:chancers|crooks|clowns"
    r"|muppets|idiots|morons|jokers|amateurs|cowboys|liars|wasters|jobsworths|numpties|halfwits|incompetents"
    r"|charlatans|shysters|spongers|parasites|hypocrites)\b"
    r"|(?:=|\bis|\bare|\bwas|\bjust|\ball|\bpure|\bclassic)\s+jobs\s+for\s+the\s+boys\b"
    r"|\bdid\s+(?:a|an|your|his|her|their)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(?:yr|year)s?[\s-]*old\s+"
    r"(?:write|draw|do|make|plan|design|type|draft|come\s+up\s+with)(?:\s+(?:up|out))?\s+(?:it|this|that)\b"
    r"|\bmore\s+(?:intelligent|sensible|coherent|articulate|intelligible|rational)\s+(?:noises?|conversations?|sounds?"
    r"|words|remarks?|comments?|contributions?|points?|debate)\s+(?:from|out\s+of|coming\s+(?:from|out\s+of)"
    r"|with\s+(?:a|an|my|the|our)\s+[a-z]+\s+than)\b"
    r"|\bhow\s+(?:incompetent|useless|hopeless|clueless|lazy|inept|bone[- ]idle|thick|dim|dense|gormless)\s+"
    r"(?:that|this|the|our|their|these|those)\s+(?:[a-z'-]+\s+){0,3}?(?:is|are|was|were)\b"
    r"|\bso[- ]called\s+['\"‘“][^'\"’”]{1,30}?(?:officer|manager|clerk|councillor|expert|professional|leader|chair"
    r"|mayor|team|consultant)s?['\"’”]"
    # "Nasty, small-minded people.", "Whoever did this is an animal.", "if you'd bother to look", "people who can't be
    # bothered to read", "To the little sods responsible", "pushed out for cooking the books"
    r"|(?:^|[.!?\n]\s*)(?:nasty|vile|small[- ]minded|petty|spiteful|horrible|ignorant|pathetic|bitter|selfish|mean)"
    r"(?:,?\s+(?:and\s+)?(?:nasty|vile|small[- ]minded|petty|spiteful|horrible|ignorant|pathetic|bitter|selfish|mean"
    r"|little|narrow[- ]minded)){0,2},?\s+(?:people|lot|bunch|individuals|folk|men|women|so[- ]and[- ]sos)\s*[.!]"
    r"|\bwhoever\s+[^.!?\n]{1,60}?\s+(?:is|are)\s+(?:an?\s+)?(?:absolute\s+|complete\s+|total\s+|utter\s+)?(?:animals?"
    r"|savages?|beasts?|scum|vermin|pigs?|morons?|idiots?|lowlifes?|low-lifes?)\b"
    r"|\bif\s+you(?:['’]d|\s+had|\s+would|\s+could)\s+(?:be\s+)?(?:bother(?:ed)?|be\s+bothered)\s+to\s+(?:look|read|check"
    r"|scroll)\b"
    r"|\b(?:people|those|folk|anyone)\s+who\s+(?:can['’]?t|cannot|couldn['’]?t|won['’]?t)\s+be\s+bothered\s+to\s+(?:read"
    r"|look|check|scroll)\b"
    r"|\b(?:little|thieving|selfish|mindless|dirty)\s+(?:sods|gits|toerags|scrotes|oiks|herberts|buggers|beggars"
    r"|swines)\b"
    # "stop ringing the office to whinge about it", "shouldn't be let near a keyboard", "the stupidity is genuinely
    # breathtaking", "a slumlord parasite"
    r"|\bstop\s+(?:ringing|calling|emailing|messaging|phoning|posting|coming|writing)\s+[^.!?\n]{0,30}?\bto\s+(?:whinge"
    r"|whine|moan|bleat|gripe)\b"
    r"|\bshouldn['’]?t\s+be\s+(?:let|allowed)\s+(?:anywhere\s+)?near\s+(?:a\s+|the\s+)?(?:keyboard|computer|phone"
    r"|internet|laptop)\b"
    r"|\bthe\s+(?:stupidity|ignorance|idiocy)\s+(?:on\s+(?:there|here|display)\s+)?is\s+(?:genuinely\s+|truly\s+|frankly\s+"
    r"|simply\s+)?(?:breathtaking|staggering|astounding|mind[- ]boggling|jaw[- ]dropping|unreal)\b"
    r"|\bslum\s*lords?\b"
    # "so dim it's genuinely painful", "whingeing old codgers", "Crawl back under whatever rock you came from", "who
    # decided to shut the toilets on carnival day?! Brainless.", "a history of dodgy dealings and stiffing his
    # suppliers", "ask last year's caterer where the extra £2k went"
    r"|\bso\s+(?:dim|thick|stupid|dense|dozy|gormless|clueless|useless|incompetent)\s+(?:it['’]s|it\s+is)\s+(?:\w+\s+)?"
    r"(?:painful|embarrassing|unreal|scary|frightening|laughable|tragic)\b"
    r"|\b(?:whing(?:e)?ing|moaning|miserable|bitter)\s+old\s+(?:codgers?|gits?|bags?|farts?|biddies|fogeys?|duffers?)\b"
    r"|\bcrawl\s+back\s+under\s+(?:whatever|whichever|the|your|a)\s+(?:rock|stone)\b"
    r"|\bwho(?:ever)?\s+(?:decided|thought|signed\s+off|approved|planned)\b[^\n]{0,120}?[.!?]\s*(?:brainless|gormless|clueless"
    r"|idiotic|moronic)\s*[.!]"
    r"|\bhistory\s+of\s+(?:dodgy|shady|crooked|dishonest)\s+(?:dealings?|deals|practices)\b"
    r"|\bstiff(?:ed|ing)\s+(?:his|her|their)\s+(?:suppliers|workers|staff|contractors|customers|builders)\b"
    r"|\bask\s+[^.!?\n]{1,60}\bwhere\s+the\s+(?:extra\s+|missing\s+)?(?:£\s?\d[\d,.]*k?|money|cash|funds?)\s+went\b"
    # "a doddering old fool who should have retired", "Nice work if you can get it 🙄", "To the pathetic little
    # thieves responsible"
    r"|\b(?:doddering|doddery|senile|decrepit|gaga)\s+old\s+(?:fools?|fossils?|duffers?|codgers?|men|women|gits?|bats?"
    r"|goats?|dears?)\b"
    r"|\bnice\s+work\s+if\s+you\s+can\s+get\s+it\b"
    r"|\bpathetic\s+little\s+(?:thieves|vandals|yobs|oiks|toerags|scrotes|cowards|people|men|man|woman|boys|girls"
    r"|creeps?)\b"
    # "it's not our fault some oaf decided to flush a nappy"
    r"|\bsome\s+(?:oaf|idiot|muppet|numpty|clown|moron|plonker|halfwit|nitwit|dimwit|joker)\s+(?:has\s+|had\s+)?"
    r"(?:decided|thought|chose|felt\s+the\s+need)\b"
    # "lazy good-for-nothing", "watched us the whole time, lazy sod", "the council's useless grounds team couldn't be
    # bothered"
    r"|\b(?:lazy|idle|useless|bone[- ]idle)\s+good[- ]for[- ]nothings?\b"
    r"|\b(?:lazy|idle|miserable|nosy|selfish|ignorant|tight|stingy|rude)\s+(?:old\s+)?(?:sod|git|so-and-so|beggar"
    r"|bugger)s?\b"
    r"|\buseless\s+(?:[a-z-]+\s+){0,2}(?:team|staff|officers?|lot|contractors?|department|workers?|councillors?|crew)\s+"
    r"(?:couldn['’]?t|can['’]?t|didn['’]?t|won['’]?t|never)\b"
    # "Scroll up and read, it isn't rocket science": told to read what was answered, and talked down to
    r"|\bscroll\s+up\s+and\s+(?:read|look)\b(?=[^\n]{0,60}\b(?:rocket\s+science|not\s+hard|isn['’]t\s+hard|four\s+times"
    r"|three\s+times|five\s+times|again|already|properly)\b)"
    r"|\b(?:loves?|likes?|enjoys?|in\s+love\s+with)\s+the\s+sound\s+of\s+(?:their|his|her)\s+own\s+voices?\b"
    r"|\bpompous\s+(?:waffle|windbags?|twaddle|drivel|prats?|gasbags?|bores?|blowhards?)\b"
    r"|\bthieving\s+(?:little\s+)?(?:so[- ]and[- ]sos?|lot|gits?|toerags?|beggars?|swine|scumbags?|shower|bunch"
    r"|sods?|rats?|gang)\b"
    r"|\bthe\s+only\s+(?:one|person)\s+(?:spreading|peddling|telling|posting)\s+(?:lies|fibs|nonsense|rubbish"
    r"|misinformation)\b[^.!?\n]{0,20}?\bis\s+you\b"
    # an agency damned whole: "Damn useless quango."
    r"|\b(?:damn|damned|bloody|sodding|flaming|effing|blooming|flipping)\s+(?:useless|incompetent|hopeless|pathetic"
    r"|clueless|lazy|idle|pointless)\s+(?:quango|lot|bunch|shower|council|committee|agency|department|bureaucrats"
    r"|jobsworths|pen[- ]pushers|officials|contractors|firm|outfit|organisation)\b"
    r"|\bnobody\s+(?:on\s+god's\s+(?:green\s+)?earth\s+|in\s+their\s+right\s+mind\s+)?(?:cares|gives\s+a\s+\w+)\s+about\s+your\b"
    # sarcasm at a person: "congratulations to the genius who ...", "truly the brightest bulb in Brackley"
    r"|\b(?:congratulations|congrats|well\s+done|hats\s+off|thanks|thank\s+you|a\s+big\s+thank\s+you)\s+to\s+the\s+"
    r"(?:genius|bright\s+spark|einstein|mastermind|clever\s+clogs|brainbox|rocket\s+scientist|criminal\s+mastermind"
    r")\s+who\b"
    r"|\b(?:not\s+|truly\s+|clearly\s+|really\s+)?the\s+brightest\s+(?:bulb|spark|tool|crayon|button|star|candle)\b"
    # a person likened in a sarcastic measure: "about as welcoming as a wet bank holiday"
    r"|\b(?:about|roughly|just)\s+as\s+(?:welcoming|friendly|warm|charming|pleasant|cheerful|approachable|bright|sharp"
    r"|clever|competent|lively|fun|helpful)\s+as\s+an?\s+"
    # sarcasm: "Truly the intellectual giant this council deserves", "Such dazzling competence."
    r"|\b(?:truly|such|what|real|a\s+true)\s+(?:an?\s+|the\s+)?(?:intellectual\s+giant|towering\s+intellect|giant\s+intellect"
    r"|dazzling\s+competence|breathtaking\s+competence|staggering\s+competence|razor[- ]sharp\s+mind)\b"
    # "can't read, can't listen and can't count"
    r"|(?<!\bi\s)(?<!\bwe\s)\bcan(?:'t|not)\s+(?:read|write|spell|count|listen|think|add\s+up)\s*,\s*can(?:'t|not)\s+\w+"
    # "the woman is a walking migraine"
    r"|\ban?\s+walking\s+(?:migraine|headache|disaster|nightmare|liability|joke|embarrassment"
    r"|catastrophe|car\s+crash|calamity|wind\s+(?:farm|tunnel|machine|bag)|gas\s+bag|cliche|cliché|contradiction"
    r"|advert\s+for|talking\s+point|sedative|sleeping\s+(?:pill|tablet)|tranquill?i[sz]er|an(?:a)?esthetic"
    r"|cure\s+for\s+insomnia|cautionary\s+tale)\b"
    # money taken, insinuated: "we all know where that money went", "hand firmly in the till"
    r"|\bhands?\s+(?:firmly\s+|still\s+|deep\s+)?in\s+the\s+(?:till|cookie\s+jar|biscuit\s+tin|petty\s+cash)\b"
    r"|\bwe\s+all\s+know\s+where\s+(?:that|the|this|all\s+that)\s+(?:money|cash)\s+(?:went|goes|ended\s+up)\b"
    # "either hopeless or doing it on purpose"
    r"|\b(?:hopeless|useless|incompetent|clueless|lazy|thick|stupid)\s+or\s+(?:doing\s+it\s+)?(?:on\s+purpose"
    r"|deliberate(?:ly)?|corrupt|bent|lying|malicious)\b"
    # vanity mocked: "too busy polishing his ego"
    r"|\b(?:polishing|stroking|massaging|admiring)\s+(?:his|her|their)\s+(?:own\s+)?(?:ego|halo"
    r"|reflection)\b"
    # a failing pinned on the person: "a work of staggering stupidity, as you'd expect from her"
    r"|\b(?:stupidity|incompetence|idiocy|laziness|arrogance|ignorance|cluelessness|dishonesty)\b[^.!?\n]{0,60}?"
    r"\bas\s+(?:you['’]?d|you\s+would|we['’]?d|one\s+would|you\s+might)\s+expect\s+(?:from|of)\s+(?:him|her|them"
    r"|that\s+(?:man|woman|lot|bloke)|this\s+(?:man|woman|lot))\b"
    # a lie implied by quoting the excuse: "'forgot' to declare his interest"
    r"|['\"](?:forgot|forgotten|overlooked|misremembered|mislaid|missed)['\"] to (?:declare|mention|disclose|tell|"
    r"register|record|report|include|book|pay|send|invite|publish|order|reply|answer|renew)\b"))
# The words each turn above cannot do without, and no commoner ones ("in", "what", "about" would send most posts
# through the whole pattern).
SCORN_KEYS = words("talk talking talks talked incompetent corrupt bent lazy useless crooked dishonest clueless thick "
                   "stupid idle cowboy petty jumped depth overpaid underworked english downhill back bothered "
                   "hopeless pathetic give respect typical vicious nasty spiteful poisonous malicious vindictive "
                   "too try half sozzled plastered legless sheets spineless gutless shameless grasp so slob con "
                   "conman crook fraudster driving taking more brain cells braincells run staffed managed chaired "
                   "dozy dim arrogant vile smug pompous lying pay paying lunches expenses allowance allowances perks "
                   "freebies dinners drinks glory ego chain forgot forgotten overlooked misremembered mislaid "
                   "missed crime thefts theft burglary burglaries drugs antisocial polishing stroking massaging "
                   "admiring stupidity incompetence idiocy laziness arrogance ignorance cluelessness dishonesty string "
                   "life nobody genius spark einstein mastermind clogs brainbox scientist brightest welcoming charming "
                   "pleasant cheerful approachable competent lively intellectual intellect dazzling breathtaking "
                   "staggering razor listen spell walking till jar tin money cash jobsworth laziest slowest rudest "
                   "most grow sad sorry miserable ungrateful ignorant moaning whinging whingeing gutless gormless "
                   "bitter take come problem lookout funeral thieving only damn damned bloody sodding flaming effing "
                   "blooming flipping bunch load pack gang shower band nest crowd jobs did intelligent sensible "
                   "coherent articulate intelligible rational how called sound pompous scroll vile spiteful "
                   "horrible ignorant bitter selfish mean small minded whoever bother bothered sods gits toerags "
                   "scrotes oiks herberts buggers beggars swines good sod git nosy grumpy tight stingy rude bugger "
                   "stop shouldn stupidity ignorance idiocy slumlord slumlords slum oaf idiot muppet numpty "
                   "clown moron plonker halfwit nitwit dimwit joker codger codgers crawl brainless history stiffed "
                   "stiffing ask doddering doddery senile decrepit gaga nice pathetic")


def find_scorn(norm: str, tokens: set[str]) -> list[Match]:
    """Return a stock turn of scorn (SCORN) that is neither the writer's own nor quoted from someone else."""
    if not tokens & SCORN_KEYS:
        return []
    for m in SCORN.finditer(norm):
        if SELF_BEFORE.search(_clause_before(norm, m.start())) or _quoted_report(norm, m.start(), m.end()):
            continue
        return [Match("insult", m.start(), m.end(), 0.6, None, "Derogatory remark", f"scorn: '{m.group()}'")]
    return []


# The raised middle finger: an obscene gesture wherever it is aimed ("🖕 to whoever nicked the baskets").
MIDDLE_FINGER = "\U0001F595"


def find_all(text: str, config: Config) -> tuple[list[Match], list[int] | None]:
    """Return every offensive match in a text (spans in folded text) and the map back to the original."""
    norm, index = fold(clip(text))
    tools = tools_for(config)
    words = set(WORD.findall(norm))
    matches = find_terms(norm, words, tools) + find_disguised(norm, words, tools)
    matches += find_phrases(norm, words, tools) + find_threats(norm, words)
    matches += find_accusations(norm, words, tools.people) + find_aimed_adjectives(norm, words, tools.people)
    matches += find_dehumanising(norm, words, tools.people) + find_verdicts(norm, words, tools.people)
    matches += find_idioms(norm, words, tools.people) + find_innuendo(norm, words, tools.people)
    matches += find_mockery(norm, words, tools.people) + find_tagged_insults(norm, words, tools)
    matches += find_contempt(norm, words, tools.frames) + find_generalisations(norm, words, tools.frames)
    matches += find_scorn(norm, words) + find_practice_scorn(norm, words)
    if MIDDLE_FINGER in norm:
        at = norm.index(MIDDLE_FINGER)
        matches.append(Match("insult", at, at + 1, 0.7, "medium", "Obscene gesture", "an obscene gesture: the raised "
                             "middle finger"))
    return matches, index


def excused(text: str, config: Config) -> bool:
    """Say whether the text's listed word is self-deprecation or quoted abuse, or its accusation is denied."""
    norm, _ = fold(clip(text))
    tools = tools_for(config)
    words = tools.lex.words
    return any(m.group() in words and (SELF_BEFORE.search(_clause_before(norm, m.start()))
                                       or SELF_AFTER.match(norm, m.end()) or _quoted_report(norm, m.start(), m.end())
                                       or _own_moment(norm, m.start(), m.end())
                                       or _owned_exclamation(norm, m.start()))
               for m in WORD.finditer(norm)) or _denied_accusation(norm, tools.people)


def _denied_accusation(norm: str, people: People) -> bool:
    """Say whether the text reports an accusation only to refute it ("... ripped them off, but that's untrue")."""
    if not set(WORD.findall(norm)) & ACCUSE_KEYS:
        return False
    return any(NEGATION.search(m.group()) or sentences(norm).holds(REFUTED, m.start(), m.end())
               for m in people.accuse.finditer(norm))


# Talk of a book, film or episode: the model reads a title's "Secret" or a plot's villain as spite.
ON_THE_SHELF = re.compile(r"\b(?:novel|books?|re-?read(?:ing)?|author|chapter|sitcom|episode|box\s+set|film|movie)\b",
                          re.IGNORECASE)


# A short warm word back ("Glad the little ones are enjoying it again!"): the model weighs "little" and "again".
WARM_REPLY = re.compile(r"\W*(?:so\s+)?(?:glad|lovely|great|brilliant|thanks|thank\s+you|happy|pleased|delighted"
                        r"|wonderful)\b"
                        r"(?:\W+\w+){0,12}\W*$", re.IGNORECASE)


def offensive(post: Post, ctx: Context) -> Iterator[Hit]:
    """Flag posts by registered accounts that use derogatory, obscene, abusive or defamatory-sounding language.

    Clause 6.4: "Show respect to all. You should be respectful of the authority and employees. Derogatory
    comments are always wrong." Clause 6.5: "Comments of a derogatory, propriety or libellous nature should
    not be made and care should be taken to avoid guesswork, exaggeration and colourful language."
    Clause 7.2: "Do not use commentary deemed to be defamatory, obscene, proprietary, or libellous."
    Clause 9.3: "You must not refer to the council, its employees, its services or any of its practices in
    derogatory terms."
    Residents' posts (role "other") are never checked: the policy binds the council's own people.
    When no pattern matches, the learned layer may still flag the post (monitor/learned.py, docs/checks.md).
    """
    if post.role not in CONTENT_ROLES or not post.text:
        return
    matches, index = find_all(post.text, ctx.config)
    if not matches:
        # The model sees an insult word, not that it is the writer's own foolishness, someone else's quoted words or
        # an accusation denied. Nor does it tell misfortune told from scorn: on the sets it never saw, every post it
        # raised that also gave someone's details (an illness, arrears, a break-up, a house) was sympathy, not
        # abuse, so there the personal-data finding speaks and this one stays quiet.
        learned = list(learned_hit(RULE, post.text, ctx, post.role))
        if (learned and not excused(post.text, ctx.config) and not praised(post.text)
                and not gives_details(post, ctx.config) and not ON_THE_SHELF.search(post.text)
                and not WARM_REPLY.match(post.text)):
            yield from learned
        return
    matches.sort(key=lambda m: (-SEVERITY_ORDER[m.severity], -m.score, m.start))
    top = matches[0]
    start, end = original_span(index, top.start, top.end)
    yield Hit(
        # Phrases are quoted from the post as written; single terms are shown starred (already in the label).
        message=top.label if top.kind in TERM_KINDS else f"{top.label}: '{shorten(post.text[start:end])}'",
        evidence={
            "field": "text", "span": [start, end], "excerpt": excerpt(post.text, start, end),
            "score": top.score, "kind": top.kind, "reasons": [m.reason for m in matches],
            "matches": [{"kind": m.kind, "span": list(original_span(index, m.start, m.end))} for m in matches],
        },
        severity=top.severity,
    )


# Compile the person-aware patterns once at import: a bad pattern fails loudly here, not quietly per post.
people_patterns((), packaged(RULE, "derogatory"))
