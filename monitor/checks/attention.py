"""The Appendix's attention rules: accounts left unattended, staffing hours unsaid, questions left unanswered."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from monitor.checks.base import Context, History, Hit, TextMemo, excerpt
from monitor.config import Config
from monitor.officehours import Calendar, deadline_in, seconds_between
from monitor.platforms.registry import PLATFORMS
from monitor.records import Account, Post, handle_key
from monitor.text import clip

Key = tuple[str, str]
# Profiles are short; a pinned post may not be. Staffing notices sit near the start.
_PROFILE_CHARS = 2_000


# ---------------------------------------------------------------------------------------------------
# Which accounts are official
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Official:
    """An official account as the checks see it: the registry's entry and its profile, if scanned."""

    platform: str
    handle: str
    monitorable: bool
    profile: Account | None = None


def official_accounts(ctx: Context) -> dict[Key, Official]:
    """Return the config's official accounts plus any profile in the history whose role is official."""
    out: dict[Key, Official] = {}
    for key, entry in ctx.config.registry.items():
        if entry.role == "official":
            out[key] = Official(entry.ref.platform, entry.ref.handle.lstrip("@"), entry.ref.monitorable)
    for key, account in ctx.history.accounts_by_key.items():
        known = out.get(key)
        if known is None and account.role != "official":
            continue
        monitorable = account.monitorable and (known.monitorable if known else True)
        out[key] = Official(account.platform, known.handle if known else account.handle, monitorable, account)
    return out


# ---------------------------------------------------------------------------------------------------
# unattended
# ---------------------------------------------------------------------------------------------------

def latest_posts(history: History, keys: Collection[Key]) -> dict[Key, datetime]:
    """Return the newest post time of each account in keys, in one pass over the history."""
    latest: dict[Key, datetime] = {}
    for post in history.posts:
        key = post.author_key
        if key in keys:
            seen = latest.get(key)
            if seen is None or post.created_at > seen:
                latest[key] = post.created_at
    for key in keys:
        stored = history.last_post_at.get(key)
        if stored is not None and (key not in latest or stored > latest[key]):
            latest[key] = stored
    return latest


def history_start(history: History) -> datetime | None:
    """Return the earliest moment the history has any post from (how far back it can vouch for silence)."""
    times = [p.created_at for p in history.posts] + list(history.last_post_at.values())
    return min(times, default=None)


def profiles_only(ctx: Context) -> bool:
    """Say whether the batch is a sweep of people's profiles: no post from anyone, the council's people's read too.

    A batch of registered councillors' profiles beside the council's, with no post from any account and no stored
    last post, read profiles and not feeds (an impersonation sweep): nobody's silence was observed. Only registered
    profiles count, since a streaming scan keeps no others (monitor/scanhistory.py), and the two must agree.
    """
    if history_start(ctx.history) is not None:
        return False
    registry = ctx.config.registry
    return any(a.role != "official" and a.key in registry and registry[a.key].role != "official"
               for a in ctx.history.accounts)


def _silence_hit(official: Official, last: datetime | None, since: datetime, ctx: Context,
                 created: datetime | None = None) -> Hit:
    """Return the finding for an account silent since a moment (or, given `created`, with no post seen at all)."""
    limit = ctx.config.targets.silence_limit_days
    days = (ctx.now - since).total_seconds() / 86_400
    if created is not None:
        reason = (f"its profile was read (created {created.astimezone(ctx.config.zone):%d %b %Y}) but no post from "
                  f"it is in the history, which goes back {days:.1f} days, and no last post is stored")
        message = (f"@{official.handle} ({official.platform}) has no post at all in what was read "
                   f"(limit {limit:g} days).")
    elif last is not None:
        reason = f"last post {last.astimezone(ctx.config.zone):%a %d %b %Y %H:%M}, {days:.1f} days before now"
        message = f"@{official.handle} ({official.platform}) has not posted for {days:.1f} days (limit {limit:g})."
    else:
        reason = (f"no post from this account anywhere in the history, which goes back "
                  f"{days:.1f} days to {since.astimezone(ctx.config.zone):%d %b %Y}")
        message = (f"@{official.handle} ({official.platform}) has no post in the last {days:.1f} days "
                   f"(limit {limit:g}).")
    return Hit(
        message=message,
        platform=official.platform, handle=official.handle, post_id=None,
        evidence={
            "field": "last_post_at", "last_post_at": last.isoformat() if last else None,
            "silent_days": round(days, 1), "limit_days": limit, "score": 1.0, "reasons": [reason],
            # One alert per silent spell: a new post starts a new subject.
            "subject": f"since:{last.isoformat()}" if last else "no-posts-seen",
        },
    )


def unattended(ctx: Context) -> Iterator[Hit]:
    """Find official accounts that have not posted for longer than the silence limit.

    Appendix, Don't: "assume that social media will look after itself you will need to invest time,
    enthusiasm and energy to make it work. And don't leave your accounts unattended for long spells".

    Any post counts as attention, replies included. The latest post comes from the history's posts and
    the store's last_post_at. When nothing at all is known about an account's posts, it fires only if the
    account's own profile is in the history (so it was really looked at) and the history reaches back past
    the limit (its earliest post, or the account's creation if later): an export that covers three weeks
    and holds the council's profile but none of its posts shows three silent weeks, which the Clerk wants
    to hear about. A profile that says it was created before the limit, read with no post at all and no
    stored last post, fires whatever the history's reach: the account was read and showed nothing, on X and
    Facebook alike (before, the same profile fired or not depending on how old the batch's other accounts'
    posts happened to be). Without a creation date, a history that covers two days cannot vouch for seven
    days of silence, so it stays quiet; nor does an account created within the limit. A batch of profiles with
    no post from anyone that holds registered councillors' profiles beside the council's is a sweep of profiles
    (for look-alikes), not a read of feeds: with no history to judge by, it stays quiet (profiles_only).
    Accounts no API can read (a Facebook personal profile) never fire: their silence is not observed.
    """
    limit = timedelta(days=ctx.config.targets.silence_limit_days)
    officials = {k: o for k, o in official_accounts(ctx).items() if o.monitorable}
    latest = latest_posts(ctx.history, officials.keys())
    start: datetime | None = None
    sweep: bool | None = None  # worked out once, at the first account with no post known
    for key, official in officials.items():
        last = latest.get(key)
        if last is not None:
            if ctx.now - last > limit:
                yield _silence_hit(official, last, last, ctx)
            continue
        if official.profile is None:
            continue
        sweep = profiles_only(ctx) if sweep is None else sweep
        if sweep:
            continue
        # With no post at all in the history, it reaches back no further than now.
        start = start or history_start(ctx.history) or ctx.now
        created = official.profile.created_at
        since = max(start, created) if created is not None else start
        if ctx.now - since > limit:
            yield _silence_hit(official, None, since, ctx)
        elif created is not None and ctx.now - created > limit:
            yield _silence_hit(official, None, since, ctx, created=created)


# ---------------------------------------------------------------------------------------------------
# hours-notice
# ---------------------------------------------------------------------------------------------------

_DASH = r"\s*(?:-|–|—|~|to|until|till|til|thru|through)\s*"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)s?\.?"
_DAYS = re.compile(
    rf"\b{_DAY}{_DASH}{_DAY}(?!\w)|\b{_DAY}(?:\s*+(?:,|&|\+|/|and)\s*+{_DAY})++(?!\w)|\bm\s*-\s*f\b|\b(?:week\s?days?|working\s+days?|every\s+day|daily"
    r"|(?:7|seven)\s+days(?:\s+a\s+week)?)\b"
)
_HOUR = r"(?:noon|midday|(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:[ap]\.?m\b\.?)?)"
_TIMES = re.compile(rf"(?<![\d/.:£$-])(?P<a>{_HOUR}){_DASH}(?P<b>{_HOUR})(?![\d/]|\s*(?:working\s+)?days?\b)"
                    r"|(?<!\d)(?:[01]\d|2[0-3])[0-5]\d\s*(?:-|–|—|to)\s*(?:[01]\d|2[0-3])[0-5]\d(?!\d)")
# "between 9.30 and 4", "between the hours of 9.00 and 17.00": "and" joins two times only after "between".
_BETWEEN = re.compile(rf"\bbetween\s+(?:the\s+hours\s+of\s+)?(?P<a>{_HOUR})\s+and\s+(?P<b>{_HOUR})(?![\d/])")
_WHEN = re.compile(
    r"\b(?:(?:office|working|business|opening|normal|staffed|core)\s+(?:hours|hrs)|week\s?days?|weekends?|evenings?"
    r"|nights?|mornings?|afternoons?|lunchtimes?|working\s+week|out[\s-]+of[\s-]+(?:office[\s-]+)?hours|bank\s+holidays?|24/7|24\s*hours|round\s+the\s+clock"
    r"|around\s+the\s+clock|during\s+the\s+(?:day|week)|daytime|overnight|(?:next\s+)?working\s+day"
    # a closed day's comment: "we'll go through your messages when the office opens at 9 tomorrow"
    r"|tomorrow|first\s+thing"
    r"|(?:9|nine)\s*(?:-|to|till|til|until)\s*(?:5|five)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
)
# Someone reading and answering: the verbs and nouns of a staffing notice, whatever the time words beside them.
_ATTEND = (r"(?:un)?(?:staffed|monitored|manned|watched)"
           r"|watch(?:es|ing)?\s+(?:this|the|our)\s+(?:account|page|inbox|feed)|watch\s+over|look(?:s|ed|ing)?\s+after|on\s+here|on\s+(?:x|twitter|bluesky|facebook)"
           r"|(?:run|managed|operated)\s+by|(?:on|off)\s+this\s+(?:account|page|feed)|reads?\s+(?:this|the|our)\s+(?:page|account|feed|messages)"
           # read with no object: "read by office staff Monday to Thursday, 10-3", "everything gets read weekdays"
           r"|read\s+by|(?:is|are|gets?|being|be|all|only)\s+read"
           # the days between: "Read Mon-Fri 9-5 by the Town Hall office", "read weekdays by our clerk"
           r"|read\s+[^.!?\n;|]{0,40}?\bby\s+(?:the\s+|our\s+)?(?:town\s+hall\s+|council\s+)?(?:office|clerk|staff|team"
           r"|officers?)"
           # "our office answers here", "the clerk answers messages": the verb, not "answers to FAQs"
           r"|(?:office|clerk|team|staff|officers?|someone|who|we)\s+answers|answers\s+(?:here|on\s+here|messages"
           r"|questions|queries|enquiries|dms|comments|replies|residents|you)"
           r"|keeps?\s+an\s+eye|covered|covers|covering|handled"
           r"|dealt\s+with|picked\s+up|pick\s+up|get\s+back|seen|comments|notifications|checks|look(?:s|ed|ing)?\s+at")
_STAFF = re.compile(
    r"\b(?:staffed|staff|monitored|monitor|monitors|monitoring|manned|checked|check|checks|answered|answer|answers"
    r"|answering|reply"
    # being at the screen: "we log on at 9 and off at 5", "signed in weekdays", "offline at weekends"
    r"|log(?:s|ged|ging)?\s+(?:on|off|in|out)|sign(?:s|ed|ing)?\s+(?:on|off|in|out)|offline"
    r"|replies|replied|respond|responds|responding|response|responses|online|available|open|live|tweet(?:s|ing)?"
    rf"|post(?:s|ing)?|messages?|dms?|enquiries|queries|contact|team|here|read|reads|clerk|officers?|admins?|volunteers?"
    rf"|looked\s+after|looks\s+after|off\s+(?:this\s+(?:account|page)|here|line)|{_ATTEND})\b"
)
# A count before "working days" ("within 1-2 working days") makes it a reply time.
_COUNTED = re.compile(r"(?:\d|\b(?:one|two|three|four|five|few|several))\s*$")
_BROADCAST = re.compile(r"tweet(?:s|ing)?|post(?:s|ing)?")
_OFTEN = re.compile(r"daily|every\s+day")
_HOURS_WORD = re.compile(r"\b(?:hours|hrs)\b")
_ALWAYS = re.compile(r"24/7|24\s*hours|round\s+the\s+clock|around\s+the\s+clock")
_OUT_OF_HOURS = re.compile(r"out[\s-]+of[\s-]+(?:office[\s-]+)?hours")
_EVERY = re.compile(r"every\s+day|daily|(?:7|seven)\s+days(?:\s+a\s+week)?")
# ("We aren't able to keep an eye on this account round the clock": 39 characters between the denial and its object)
_NOT = re.compile(r"(?:\b(?:not|never|isn't|aren't)|n['’]t)\b[^.!?\n]{0,50}$")
# The longest denial _NOT can match ("aren't" and 50 characters, before a line break) fits in this many characters
# before "24/7": it is searched there, not in the whole text before it (which made a profile of "24/7"s quadratic).
_NOT_REACH = 60
# "Replies can be slow at weekends" says when replies lag, not when anyone is on.
_SLOW = re.compile(r"\b(?:slow|slower|delayed|patchy|limited)\s+(?:at|on|over|during|in\s+the)\s+$")


def _plausible_times(match: re.Match[str]) -> bool:
    """Say whether a time range looks like opening hours ("9-5", "9am-5pm"), not "1-2" or a score."""
    a, b = match.group("a"), match.group("b")
    if a is None or b is None:
        return True  # the 0900-1700 form
    if any(ch in a + b for ch in ":.apmnd"):  # minutes, am/pm, noon/midday
        return True
    first, last = int(a), int(b)
    return 6 <= first <= 12 and (1 <= last <= 8 or 12 <= last <= 23) and first != last


def _near(left: list[tuple[int, int]], right: list[tuple[int, int]], gap: int) -> bool:
    """Say whether some span of left lies within gap characters of some span of right.

    One bisection per span of left over right sorted by start, with the furthest end reached so far, rather
    than every pair: a profile of "24/7 24/7 ..." has hundreds of each, and the pairs grew with its square.
    """
    if not left or not right:
        return False
    right = sorted(right)
    starts = [b0 for b0, _ in right]
    reach = list(accumulate((b1 for _, b1 in right), max))
    for a0, a1 in left:
        i = bisect_right(starts, a1 + gap)  # the spans starting no later than gap after this one ends
        if i and reach[i - 1] >= a0 - gap:
            return True
    return False


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Return the spans of a pattern's matches."""
    return [m.span() for m in pattern.finditer(text)]


# Opening hours of a place are not the account's hours: "Cemetery gates open 8am to dusk", "Toilets open 7-7".
_FACILITY = re.compile(
    r"\b(?:gates?|toilets?|loos?|wcs?|(?:outdoor\s+)?gym|car\s*parks?|parking|library|libraries|markets?|cemetery"
    r"|cemeteries|crematorium|churchyard|burial\s+grounds?|graveyards?|bottle\s+banks?|paddling\s+pools?|pools?|lido|swimming|baths|leisure|centre|center|tip|recycling|allotments?"
    r"|playgrounds?|play\s+areas?|skate\s*park|parks?|gardens?|museum|caf[eé]|shop|pavilion|splash\s*pad|courts?"
    r"|pitch(?:es)?|field|grounds|lake|nature\s+reserve|(?:community|village|church|sports|market)\s+hall|kiosk"
    r"|bins?|collections?|dusk|dawn|sunset|sunrise|lighting|floodlights?|halls?|venues?|(?:function|meeting|hire)\s+rooms?"
    r"|bus|buses|minibus|shuttle|ferry|(?:polling\s+|fire\s+|railway\s+|train\s+)?stations?|information\s+centre|hub|clinic|surgery|food\s*bank|warm\s+space|youth\s+club)\b"
    # Street names are addresses, not places with opening hours ("Town Hall, Market Place").
    r"(?!\s+(?:place|square|street|st|road|rd|lane|ln|avenue|ave|way|close|drive|hill|row|terrace|crescent|walk)\b)"
)
# What makes a sentence about the account or the office: the account itself, or someone reading and answering.
_ACCOUNT = re.compile(
    r"\b(?:account|page|profile|feed|inbox|office|offices|town\s+hall|reception|clerk|staffed|monitored|monitoring"
    r"|manned|checked|answered|answer|answering|reply|replies|replied|respond|responds|responding|responses?"
    r"|messages?|dms?|enquiries|queries|comments|tweets?|tweeting|posts?|posting|online"
    # the people who run the page: "Who runs this page? The admin team at the Town Hall, Mon-Fri 9-5"
    r"|admins?|admin\s+team|(?:comms|communications|digital|social\s+media)\s+team"
    # "Team on here Mon–Fri 9–5 and Saturdays 10–12 during the market season"
    r"|(?:team|we|someone|somebody|staff|admins?)(?:['’]s|['’]re)?\s+(?:is\s+|are\s+)?on\s+here)\b"
)
# Hiring or booking a venue: "Town Hall available to hire 7 days a week, 8am-11pm" gives the hall's hours, not the
# account's, even though it names the Town Hall; only words about reading and answering messages outweigh it.
_HIRE = re.compile(
    r"\b(?:hire|hiring|hireable|for\s+hire|to\s+let|lettings?|can\s+be\s+(?:hired|booked)|bookable"
    r"|available\s+(?:to|for)\s+(?:hire|book|bookings?|functions?|events?|parties|weddings?|meetings?)"
    r"|(?:room|hall|venue|pitch|court)\s+bookings?"
    # What a place is open for: "open for events Fri-Sun", "available from 9am for clubs and parties".
    r"|(?:open|available|free|yours)\s+(?:[\w-]+\s+){0,5}?for\s+(?:events?|functions?|clubs?|parties|weddings?|bookings?"
    r"|hire|groups?|classes|activities|performances?|shows?|celebrations?|community\s+use|private\s+use))\b"
)
_READING = re.compile(
    r"\b(?:account|page|profile|feed|inbox|staffed|monitored|monitoring|manned|checked|answered|answer|answering"
    rf"|reply|replies|replied|respond|responds|responding|responses?|messages?|dms?|tweets?|tweeting|posts?(?!\s+office)"
    rf"|posting|{_ATTEND})\b"
)
# Events, meetings and services keep their own times: "Full council meets Mondays 7.30pm", "Consultation open until
# 5pm Friday", "Online payments available 24/7". A sentence naming one and no reading or answering is not the account's.
_EVENT = re.compile(
    # meetings and events
    r"\b(?:meets?|meeting|meetings|music|stream(?:ed|ing)?|results?|switch[\s-]on|lessons?|classes|drop[\s-]in|surgery"
    r"|surgeries|sessions?|festival|parade|carnival|fair|ball|concert|fireworks|quiet\s+hours|curfew|engagements?|visits"
    # services, sales and deadlines
    r"|consultations?|applications?|register|registration|payments?|pay|counter|post\s+office|tickets?|on\s+sale|box\s+office"
    r"|emergenc(?:y|ies)\s+(?:line|number|contact)|helpline|hotline|deadline|newsletter|wi-?fi|bookings?\s+close"
    r"|report(?:ing)?\s+(?:an?\s+)?(?:problems?|issues?|faults?|potholes?|it)|fault\s+reporting"
    # an online service's hours are the website's: "report fly-tipping through our online form, day or night",
    # "permits can be renewed online at any time"; a council's sitting is a meeting: "full council sits ... 7pm"
    r"|online\s+(?:forms?|portal|services?|shop)|report(?:ing)?\s+(?:[\w-]+\s+){0,3}?online\b|(?:renew\w*|apply|applied|applications?|paid|pay|book\w*|submit\w*"
    r"|order\w*)\s+(?:for\s+)?online|permits?|sits|sitting|public\s+gallery"
    # works, patrols and rounds, and the people who do them
    r"|enforcement|cleaning|sweeping|sweeps?|cleans|cleansing|collections?|collects?|emptied|empties|closures?|closed\s+for|(?:road|building|engineering)\s*works|repairs?|resurfacing|patrols?|wardens?"
    r"|crews?|gritting|gritters?|mowing|grass\s+cutting|litter[\s-]?pick\w*|street\s*lights?|streetlights?|schedule|rota"
    r"|traders?|mayor|speed\s*watch|police|pcsos?"
    # what a page or a website offers around the clock: "Open 24/7 for news and alerts", "24/7 on our website"
    r"|news|alerts?|website|web\s+site|updates)\b"
)
# A building's name before a place in it: "Town Hall café: Mon-Fri 8.30-3.30" is the café's time, not the office's.
_PLACE_IN = re.compile(r"\b(?:town\s+hall|(?<!post )offices?)(?:['’]s)?\s+(?=(?:[\w-]+\s+)?" + _FACILITY.pattern + ")")
# ... and a place inside the building: "Tourist Information Centre inside the Town Hall, open Mon-Sat 10-4".
_IN_BUILDING = re.compile(r"\b(?:inside|in|at|within)\s+(?:the\s+)?(?:town\s+hall|(?<!post )offices?)\b")
# The office that answers residents: "Office open 9-5, closed during meetings" is still the office's hours.
_DESK = re.compile(r"\b(?:(?<!post )office|(?<!post )offices|reception|clerk|enquiries|queries)\b")
_ENQUIRIES = re.compile(r"\b(?:enquiries|enquiry|queries|inquiries)\b")
_COUNTER_ENQUIRIES = re.compile(r"\b(?:enquiries|enquiry|queries|inquiries)\s*@\S+|\bfor\s+(?:[\w-]+\s+){0,2}"
                                r"(?:enquiries|enquiry|queries|inquiries)\b")
_DESK_STAFFED = re.compile(r"\b(?:front\s+desk|reception(?:\s+desk)?|(?:help|enquiry|information)\s+desk|counter"
                           r"|town\s+hall|(?<!post )offices?)\b[^.!?\n;|]{0,40}?(?:\b(?:is|are)|['’]s)\s+"
                           r"(?:staffed|manned)\b"
                           # "Phones staffed 9.30-12.30 weekdays", "the switchboard's manned weekdays": the line's hours
                           r"|\b(?:phones?|phone\s+lines?|telephones?|switchboard|helplines?)(?:\s*\([^)]{0,30}\))?"
                           r"(?:['’]s)?\s+(?:(?:is|are|gets?|will\s+be|usually|normally|only)\s+){0,2}"
                           r"(?:staffed|manned|answered)\b"
                           # "Call us on 01280 702500, weekday mornings 9-1": when the phone is answered
                           r"|\b(?:call|ring|phone|telephone)\s+(?:us|the\s+(?:office|town\s+hall|clerk))\b"
                           r"(?=[^.!?\n;|]{0,30}?\d{3,})"
                           # "Phone lines: 01280 702500, 9am-1pm weekdays": the line's hours, labelled
                           r"|\b(?:phone\s*lines?|phones?|telephone|tel)\s*[:\-–]\s*(?=[^.!?\n;|]{0,30}?\d{3,})")
# Saying where the council is ("Brackley Town Council on Bluesky, also on Facebook and X") says nothing of reading.
_PRESENCE = re.compile(r"\b(?:council|we['’]re|we\s+are|also|now|find\s+us|follow\s+us|us)\s+on\s+(?:x|twitter|"
                       r"bluesky|facebook|instagram)\b(?:\s*(?:,|and|&)\s*(?:x|twitter|bluesky|facebook|instagram)\b)*"
                       # nor does calling itself "the official account of" the council
                       r"|\bofficial\s+(?:\w+\s+)?(?:account|page|profile|feed)(?:\s+(?:of|for)\b)?")
# Where the council is open in person or by phone: its hours are the building's or the line's.
_COUNTER = re.compile(r"\b(?:(?<!post )offices?|reception|town\s+hall|doors|phones?|phone\s+lines?|telephones?"
                      r"|helplines?|switchboard|call\s+us|visitors|callers|in\s+person)\b")
# Hours pointed to, not given: "office hours are on our website", "see our website for opening hours".
_POINTER = re.compile(
    r"\b(?:for|see|check)\s+(?:our\s+|the\s+|council\s+|its\s+)?(?:office|opening|working|staffed)\s+hours\b"
    r"|\b(?:office|opening|working)\s+hours\s+(?:are|is|can\s+be\s+found|are\s+listed)\s+(?:on|at|in|listed|given)\b"
    # "Office hours & how to reach us: brackley-tc.gov.uk/contact": a link where hours would be
    r"|\b(?:office|opening|working)\s+hours\b[^.!?\n|\d]{0,60}?:\s*(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)\S*"
)
_OPENING = re.compile(r"\b(?:open|opens|opening|close|closes|closed|closing|unlocked|locked)\b")
# Out of hours, problems sent to another body: "out of hours, street light faults go straight to the county",
# "Evenings and weekends, ring 101". Where to turn when closed says nothing of when this account is read.
_REFERRAL = re.compile(
    r"\b(?:out[\s-]+of[\s-]+(?:office[\s-]+)?hours|after[\s-]+hours|outside\s+(?:of\s+)?(?:(?:office|working|normal"
    r"|opening|our)\s+)?hours|evenings?|nights?|weekends?|overnight|bank\s+holidays?)\b[^.!?\n;|]{0,80}?"
    r"\b(?:go(?:es)?\s+(?:straight\s+)?to|are\s+for|(?:call|ring|phone|dial|contact|text|email|try|use)\s+(?:the\s+)?"
    r"(?:\d|999|101|111|police|nhs|county|district|unitary|highways?|[a-z]+\s+(?:northamptonshire|county|district)"
    r"|west|north|wnc|emergency|out[\s-]+of[\s-]+hours|duty)|report\w*\s+(?:\w+\s+){0,3}?to)"
    # ... or labelled with the other body: "Out-of-hours emergencies like flooding: West Northamptonshire Highways"
    r"|\b(?:out[\s-]+of[\s-]+(?:office[\s-]+)?hours|after[\s-]+hours|outside\s+(?:of\s+)?(?:(?:office|working|normal"
    r"|opening|our)\s+)?hours)\b[^.!?\n;|:→]{0,80}?\s*[:→]\s*(?:the\s+)?(?:\d|999|101|111|police|nhs|county|district"
    r"|unitary|highways?|[a-z]+\s+(?:northamptonshire|northants|county|district)|west|north|wnc|duty)")
# Where residents come in person, named as a label for the hours beside it: "Town Hall reception: Mon-Fri 10-1",
# "Office: Town Hall, Market Place. Mon-Fri 9-5", "Visit us Mon-Fri 9-1". Not "office hours", the staff's own.
_PLACE_LABEL = re.compile(
    r"\b(?:(?<!post )(?<!time )offices?(?!\s+(?:hours|hrs|team|staff))|town\s+hall|reception|front\s+desk"
    r"|(?:help|enquiry|information)\s+desk|counter|visit\s+us|find\s+us|drop\s+in|call\s+in|in\s+person|address)\b")
# What is left of a segment once its days and times are gone: "Mon-Fri 9-5." leaves nothing of its own.
_BARE_HOURS = re.compile(rf"[\s,.;:()&+/|•–—-]*(?:(?:{_DAY}|{_HOUR}|to|and|until|till|closed|open|opens"
                         rf"|bank\s+holidays?|weekdays?|daily)[\s,.;:()&+/|•–—-]*)+")
# Sentences: full stops before a space (not "9.30" or "a.m."), other end marks, line breaks and separators.
# An emoji ends one too: "Brackley Town Council official page 🌞 Paddling pool open 11-5".
_SEGMENT = re.compile(r"[^!?\n|•·;\u2600-\u27bf\U0001F300-\U0001FAFF]+?"
                      r"(?:(?<!\ba)(?<!\bp)(?<!\ba\.m)(?<!\bp\.m)\.(?=\s|$)"
                      r"|[!?\n|•·;\u2600-\u27bf\U0001F300-\U0001FAFF]|$)")


_OWN_HOURS = re.compile(r"\b(?:office|staffed|working)\s+(?:hours|hrs)\b")


def facility_profile(display_name: str) -> bool:
    """Say whether an account's name is a place's (a cemetery's, a gym's), so "Open 8am-dusk" is the place's."""
    low = clip(display_name)[:_PROFILE_CHARS].casefold()  # read no further than the profile's own texts are
    return bool(_FACILITY.search(low)) and not _ACCOUNT.search(low)


def _facility_masked(text: str, facility: bool) -> str:
    """Return a folded text with the sentences about a place's opening hours blanked out (offsets kept).

    A sentence naming a place and not the account ("Market Place toilets open 7am-7pm daily") is blanked, and
    so is a subject-less "Open 8am to dusk" after one, or anywhere on an account named after a place, and a
    sentence about hiring or booking a venue that says nothing of messages ("Town Hall available to hire ...").
    """
    out, previous = [], False
    # When the offices, the Town Hall or the phone lines open is the building's or the line's time, not the
    # account's, unless the profile ties messages to it somewhere ("Office open 9-1; messages read then"):
    # "Council offices open Mon-Fri 9-5" alone does not tell a resident when a reply may come (Appendix: "say so on
    # your profile"). "Office hours: Mon-Fri 9-5" names the staff's own hours and still counts.
    # "Email enquiries@...", "Burial office open ... for enquiries" are a mailbox and a counter, not this account.
    # "The front desk at the Town Hall is staffed Tue-Thu" staffs the desk, not this account.
    counters_out = _PRESENCE.sub(" ", _COUNTER_ENQUIRIES.sub(" ", _DESK_STAFFED.sub(" ", text)))
    read_anywhere = _READING.search(counters_out) is not None or _ENQUIRIES.search(counters_out) is not None
    labelled = False  # the segment before named where residents come in person
    for match in _SEGMENT.finditer(text):
        seg = match.group()
        place, opening = _FACILITY.search(seg), _OPENING.search(seg)
        account = _ACCOUNT.search(_IN_BUILDING.sub(" ", _PLACE_IN.sub(" ", seg)) if place else seg)
        blank = not account and (bool(place) or (bool(opening) and (facility or previous)))
        blank = blank or (not read_anywhere and bool(opening) and _COUNTER.search(seg) is not None)
        # "Phones staffed 9.30-12.30 weekdays": the desk's or the line's hours, with no word of this account
        blank = blank or (_DESK_STAFFED.search(seg) is not None and not _READING.search(_DESK_STAFFED.sub(" ", seg)))
        # The hours of a desk or an address, in the segment or just after it, are the building's too.
        label = _PLACE_LABEL.search(seg) is not None
        bare = _BARE_HOURS.fullmatch(seg) is not None
        # "Town Hall, Brackley (office hours Mon-Fri 9am-5pm)": the staff's own hours, named so beside the address
        building = not read_anywhere and (label or (labelled and bare)) and not _OWN_HOURS.search(seg)
        # Only the hire sentence itself: a following "Open Mon-Fri 9-5" may be the booking office's hours.
        hire = _HIRE.search(seg) is not None and _READING.search(seg) is None
        referral = _REFERRAL.search(seg) is not None and _READING.search(seg) is None
        if seg.strip():
            labelled = (label and not hire) or (labelled and bare)
        previous = blank or (previous and not seg.strip())
        # An event's or a service's own time ("Open 24/7 for news") says nothing of the next sentence's subject.
        event = _EVENT.search(seg) is not None and not _READING.search(seg) and not _DESK.search(seg)
        out.append(" " * len(seg) if blank or event or hire or building or referral else seg)
    return _POINTER.sub(lambda m: " " * len(m.group()), "".join(out))


def _counted_before(text: str, end: int) -> bool:
    """Say whether a count ("2", "few") ends just before a position, spaces aside ("within 2 working days").

    The spaces are stepped over here and the count looked for in the few characters before them: searching
    the whole text before every "working days" cost the length of the text each time.
    """
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _COUNTED.search(text, max(0, end - 8), end) is not None  # "several" and the letter before it


# The closed hours asked as a question and answered with where to turn: "Out of hours? Ring 101", "Emergency at the
# weekend? Contact the county". Read as one sentence ("out of hours, ring 101"), so _REFERRAL sees the referral.
_ASKED_CLOSED = re.compile(
    r"\b(?:out[\s-]+of[\s-]+(?:office[\s-]+)?hours|after[\s-]+hours|outside\s+(?:of\s+)?(?:(?:office|working|normal"
    r"|opening|our)\s+)?hours|evenings?|nights?|weekends?|overnight|bank\s+holidays?)\b[^.!?\n;|]{0,40}?\?")


def says_when_staffed(text: str, facility: bool = False) -> bool:
    """Say whether a profile text tells residents when the account is staffed (not when a place is open)."""
    text = clip(text)[:_PROFILE_CHARS].casefold()
    text = _facility_masked(_ASKED_CLOSED.sub(lambda m: m.group()[:-1] + ",", text), facility)
    times = [m.span() for pattern in (_TIMES, _BETWEEN) for m in pattern.finditer(text) if _plausible_times(m)]
    # "within 2 working days" is a reply time, not a time of day the account is staffed.
    # "We're not on here every day" says only when it is not staffed, as "not monitored 24/7" does.
    days = [m.span() for m in _DAYS.finditer(text)
            if not (m.group().startswith("working") and _counted_before(text, m.start()))
            and not (_EVERY.fullmatch(m.group()) and _NOT.search(text, max(0, m.start() - _NOT_REACH), m.start()))]
    if _near(days, times, 40) or _near(_spans(_HOURS_WORD, text), times, 30):
        return True
    # "24/7" counts unless denied ("not monitored 24/7" says only when it is *not* staffed... vaguely).
    # "We can't reply to DMs out of hours" is as vague: which hours, it does not say.
    when = [m.span() for m in _WHEN.finditer(text)
            if not ((_ALWAYS.fullmatch(m.group()) or _OUT_OF_HOURS.fullmatch(m.group()))
                    and _NOT.search(text, max(0, m.start() - _NOT_REACH), m.start()))
            and not _SLOW.search(text, max(0, m.start() - 20), m.start())]
    anchors, staff = when + days + times, _spans(_STAFF, text)
    # "Posting updates daily" says how often the account posts, not when anyone reads it.
    readers = [(a, b) for a, b in staff if not _BROADCAST.fullmatch(text, a, b)]
    timed = [(a, b) for a, b in anchors if not _OFTEN.fullmatch(text, a, b)]
    return _near(readers, anchors, 60) or _near(staff, timed, 60)


# Appendix: "... say so on your profile or comment on a post over the weekend/bank holiday when the offices are not
# open again until Monday". The comment is the one made while the office is shut: a post of the account's own, on a
# day the office is closed (a weekend, a bank holiday) in the last week, saying when messages here are read. A
# weekday reminder in an ordinary post ("we look at messages Mon-Fri 9-5") is not it: a standing notice belongs on
# the profile, and eval/heldout31 and heldout32 label it so.
_NOTICE_DAYS = 7
_MESSAGES = re.compile(r"\b(?:messages?|dms?|inbox|enquiries|queries|comments|replies|this\s+(?:page|account|feed)"
                       # "anything you send us here", "no one's monitoring replies here"
                       r"|on\s+here|send\s+us|sent\s+(?:to\s+)?us"
                       # "nobody's minding the page today ... anything you post will be read Monday at 9"
                       r"|(?:the|our)\s+(?:page|account|feed)"
                       r"|(?:anything|whatever|everything)\s+(?:you\s+)?(?:post|posted|send|sent|write|written|leave|left|put)\b"
                       # "if you've messaged us, the team will read it ..."
                       r"|messaged\s+us|message\s+us)\b")
# When the account is back, said on the closed day: "this account is unattended until Monday 9am", "the team will read
# it when the office reopens on Monday at 9".
_BACK_ON = re.compile(r"\b(?:unattended|unmonitored|not\s+(?:monitored|staffed|checked|read)|offline)\s+"
                      r"(?:until|till|til)\s+(?:\w+\s+){0,2}?(?:mon|tues|wednes|thurs|fri)day"
                      r"|\b(?:read|answer|reply\s+to|look\s+at|pick\s+up|see)\s+(?:it|them|this|that|(?:your|any)\s+\w+)\s+"
                      r"(?:when|once|as\s+soon\s+as)\s+(?:the\s+)?(?:office|town\s+hall|we)\s+(?:re-?opens?|(?:are|is|['’]re)"
                      r"\s+back|opens?)\b[^.!?\n]{0,20}?\b(?:mon|tues|wednes|thurs|fri)day")
# The Appendix's own words, "the offices are not open again until Monday": the office shut until a day or an hour.
# On a closed day, in a reply to a resident, that is when the question will be picked up, whatever the masking of
# an office's opening hours in a profile makes of it ("the office is closed now until 9am Monday").
_REOPENS = re.compile(r"\b(?:(?<!post )offices?|town\s+hall)\b[^.!?\n]{0,30}?\b(?:closed|shut|not\s+open"
                      r"|isn['’]t\s+open|aren['’]t\s+open)\b[^.!?\n]{0,30}?\b(?:until|till|til)\b[^.!?\n]{0,15}?"
                      r"\b(?:mon|tues|wednes|thurs|fri)days?\b")


# ... or, in that reply, when the resident's message will be taken up: "Nobody's in the office today but the team
# will pick this up first thing Monday morning."
_TAKEN_UP = re.compile(r"\b(?:pick(?:ed)?\s+(?:this|it|that|these|them)\s+up|look\s+(?:at|into)\s+(?:this|it|that)"
                       r"|get\s+back\s+to\s+you|deal\s+with\s+(?:this|it|that)|go\s+through\s+(?:this|it|your))\b"
                       r"[^.!?\n]{0,40}?\b(?:(?:mon|tues|wednes|thurs|fri)days?|tomorrow|first\s+thing)\b")


def weekend_notice(account: Account, ctx: Context, facility: bool = False) -> Post | None:
    """Return the account's own post from a closed day of the last week saying when its messages are read, if any."""
    since = ctx.now - timedelta(days=_NOTICE_DAYS)
    calendar = Calendar.of(ctx.config.office_hours, ctx.config.zone)
    for post in ctx.history.posts:
        if post.author_key != account.key or not since <= post.created_at <= ctx.now or not post.text \
                or calendar.window(calendar.local_day(post.created_at)) is not None:
            continue
        text = clip(post.text)[:_PROFILE_CHARS].casefold()
        # A reply to someone else answers their message: "the office is closed until 9am Monday" is about it.
        answering = post.reply_to is not None and handle_key(post.reply_to_handle or "") != account.key[1]
        if (_MESSAGES.search(text) and (says_when_staffed(post.text, facility) or _BACK_ON.search(text))) \
                or (answering and (_REOPENS.search(text) or _TAKEN_UP.search(text))):
            return post
    return None


def hours_notice(account: Account, ctx: Context) -> Iterator[Hit]:
    """Find official accounts whose profile does not say when the account is staffed.

    Appendix, Don't: "forget that social media is 24/7 just because you leave at 5.00 pm doesn't mean the
    world stops or that residents won't be active. If your account is only staffed 9-5 then you should say
    so on your profile".

    Accepted notices name days with times ("Mon-Fri 9-5", "Office hours: 9:00-17:00"), or say the account
    is staffed, monitored or answered at a stated time ("staffed during office hours", "we reply Monday to
    Friday", "not monitored evenings or weekends"). "Not monitored 24/7" alone does not say when. A place's
    opening hours are not the account's: a sentence naming a place and not the account or office ("Cemetery
    gates open 8am to dusk", "Market Place toilets open 7am-7pm daily", "Outdoor gym open 24 hours") is
    ignored, as is a subject-less "Open 10am-4pm" after one or on an account named after a place. When the
    offices, the Town Hall, reception or the phone lines open ("Council offices open Mon-Fri 9-5", "Phone lines
    open 9-5") is the building's or the line's time, unless the profile speaks of messages or enquiries anywhere
    ("Office open 9-1; messages read then"); so are the hours of a desk or an address, said as its label or just
    after it ("Town Hall reception: Mon-Fri 10-1", "Office: Town Hall, Market Place. Mon-Fri 9-5", "Front desk
    Mon-Thu 9.30-3.30"). "Office hours: Mon-Fri 9-5", "Office team here 9-5" and a bare "Mon-Fri 9-5" are the
    account's. A service around the clock ("Report a problem online 24/7") is not the account's either. A venue's or a
    service's hours are not the account's either: halls, rooms and venues, buses, and a place open or available
    for events, clubs or hire ("the hall can be booked 8am-11pm", "the Town Hall is open for events Fri-Sun"); nor are
    the times of meetings, events, services, works and patrols said with no word of reading or answering ("Full
    council meets Mondays 7.30pm", "Online payments available 24/7", "Dog warden patrols daily 7am-7pm", "Tickets on
    sale Mon-Fri 10-2 at the Town Hall"), nor hours pointed to and not given ("see our website for
    office hours"), nor where to turn out of hours ("after-hours flooding: call the county council"). Reading is
    said in many verbs ("watched", "covered", "picked up", "we keep an eye on", "read by the office"). The bio,
    pinned post, display name and location all count, and so does the Appendix's other way, a comment over the
    weekend or a bank holiday: a post by the account itself, on a day of the last week the office was shut, that says
    when its messages are read ("the office is closed for the weekend, so messages here won't be read until Monday at
    9am"); a weekday reminder in an ordinary post is not. `evaluate`, `poll` and the daemon see the posts in the
    history; `scan` keeps such notices from its read-ahead pass (monitor/scanhistory.py) and gives them to this check.
    Only official accounts are checked; accounts no API can read are skipped, since their profile is unknown.
    """
    if account.role != "official" or not account.monitorable:
        return
    fields = {"bio": account.bio, "pinned_text": account.pinned_text, "display_name": account.display_name,
              "location": account.location}
    facility = facility_profile(account.display_name)
    if any(says_when_staffed(text, facility) for text in fields.values() if text):
        return
    if weekend_notice(account, ctx, facility) is not None:
        return
    shown = account.bio or account.pinned_text
    yield Hit(
        message=f"@{account.handle} ({account.platform}) does not say on its profile when it is staffed.",
        evidence={"field": "bio", "span": None, "excerpt": excerpt(shown, 0, 0, 160) if shown else "",
                  "score": 1.0,
                  "reasons": ["no days or hours of staffing in the bio, pinned post, name or location"]},
    )


# ---------------------------------------------------------------------------------------------------
# unanswered
# ---------------------------------------------------------------------------------------------------

_URL_OR_MENTION = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])@[\w.]{1,50}"
                             # a link written without its scheme: "brackley-tc.gov.uk/20mph?from=bsky"
                             r"|\b(?:[\w-]+\.)+(?:uk|com|org|net|io|info|gov)/\S*")
# X handles are words; Bluesky's are domains ("@brackleytc.bsky.social"), so a mention may hold dots (not end in one).
_MENTION = re.compile(r"(?<![\w@])@(\w(?:[\w.-]{0,251}\w)?)")
# A sentence keeps the emoji after its end mark: "...drama?! 😂" laughs at itself.
_SENTENCE = re.compile(r"[^.!?？\n]+(?:[.!?？]+(?:[ \t]*[\u2600-\u27bf\U0001F300-\U0001FAFF\ufe0f\u200d])*|\n|$)")
# Clauses also end at a bracket or an emoji: "Bins not emptied again 😤 is the lorry broken".
_CLAUSE_SPLIT = re.compile(r"[,;:–—()\[\]\u2600-\u27bf\U0001F300-\U0001FAFF]\s*|\s-\s|\s(?:but|and|so|also)\s+",
                           re.IGNORECASE)
_LEAD = (r"^\W*+(?:(?:(?:hi|hiya|hello|hey|yo|oi|ey\s+up|hey\s+up|alright|ooh+|ohh*)"
         r"(?:\s+(?:there|all|everyone|folks|guys))?"
         r"|morning|afternoon|evening|good\s+(?:morning|afternoon|evening)|dear\s+\w+"
         r"|excuse\s+me|sorry|please|so|and|but|also|ok|okay|just|quick\s+question|question|out\s+of\s+interest|anyway|anyhow"
         # "Quick one tho, do we leave the bags ...", "One more thing, ..."
         r"|(?:a\s+)?quick\s+(?:one|q)(?:\s+(?:tho|though|then|for\s+you))?|one\s+(?:more\s+)?(?:thing|q|query)"
         r"(?:\s+(?:tho|though|then))?|(?:random|daft|silly)\s+(?:question|q)"
         # the council addressed by name, as Facebook writes a tag: "Brackley Town Council does the new stuff ..."
         r"|(?:[\w'’-]+\s+){0,2}(?:town|parish|city)\s+council"
         # "Just wanted to check, are we allowed ...": the question after its lead-in.
         r"|(?:i\s+)?(?:just\s+)?(?:wanted|want|wanting|needed|need)\s+to\s+(?:check|ask))\b[\s,:!.-]*)*")
_AUX = (r"(?:can|could|would|will|shall|should|is|are|was|were|do|does|did|has|have|had|may|might|must"
        r"|isn[’']t|aren[’']t|won[’']t|can[’']t|doesn[’']t|don[’']t|didn[’']t|hasn[’']t|haven[’']t"
        r"|wouldn[’']t|couldn[’']t|shouldn[’']t)")
_PRONOUN = (r"(?:you|i|we|they|he|she|it|there|anyone|anybody|someone|somebody|residents|people|council|councillors"
            r"|the\s+(?:town\s+)?council|the\s+clerk|the\s+office)")
_DETERMINER = r"(?:the|this|that|these|those|my|our|your|his|her|their|any)"
_NEG = r"(?:n[’']t)?"
# Inverted questions: "Can the council...", "Do you know...". Not "Was the best day" or "Do the right thing".
_INVERTED = (rf"(?:am\s+i|(?:may|might)\s+(?:i|we)"
             rf"|(?:can|could|would|will|should|is|are){_NEG}\s+(?:{_PRONOUN}|{_DETERMINER})"
             # "Can a residents' group apply": a modal before an indefinite subject.
             rf"|(?:can|could|should|may|might){_NEG}\s+(?:a|an)\s+(?!bit\b|lot\b)[\w'’-]+"
             # "Can dogs come to the fete", "Do kids need a ticket": a modal, a bare plural, then a plain verb.
             rf"|(?:can|could|should|may|will|do|does|are){_NEG}\s+(?:[a-z]+s(?:\s+of\s+the\s+(?:public|press|community"
             rf"|group|club))?|children|people|under[\s-]?\d+s"
             rf"|over[\s-]?\d+s)\s+(?:come|go|park|use|bring|join|attend|get|be|have|enter|still|also|apply|book"
             rf"|swim|play|walk|ride|take|need|pay|stay|put|leave|sign|camp|fish|cycle|skate|allowed|speak|ask"
             rf"|watch|sit|vote|comment|film|record|listen)"
             # "Wasn't there supposed to be a meeting", "Hasn't the council agreed": a negated auxiliary asks.
             rf"|(?:wasn|weren|hasn|haven|hadn)[’']t\s+(?:{_PRONOUN}|{_DETERMINER})"
             rf"|(?:do|does|did|has|have|shall|wo|ca){_NEG}\s+{_PRONOUN})\b")
_WH_AUX = rf"(?:\s+(?:else|exactly|then|now))?(?:[’']s|[’']re|[’']ll|[’']d|\s+{_AUX}\b)"
# "Who owns the verge", "So who exactly decided to close...": who as a verb's subject, not "who knows", "who cares".
_WHO_DID = (r"who\s+(?:exactly\s+|actually\s+)?(?!knows\b|cares\b|needs\b|thinks\b|knew\b|asked\b|wanted\b|voted\b)"
            r"[a-z]{2,}(?:s|ed)\s+(?:the|which|what|whether|if|our|this|these|those|for|about|it|to|on|off|that|with|after)\b")
_WITHDRAWN = re.compile(r"\W*+(?:(?:oh|ah|ok|okay|right|sorry|lol|doh|d[’']oh|actually)\W++)*+(?:just\s+)?"
                        r"(?:(?:walked|went|been|driven|drove)\s+(?:past|by)\b"
                        r"[^.!?\n]{0,80}\bignore\s+me|ignore\s+me|never\s*mind|don[’']?t\s+worry|no\s+worries|scratch\s+that|sorted"
                        r"|scrap\s+that|ignore\s+that"
                        r"|found\s+it|panic\s+over|it[’']?s\s+ok(?:ay)?|all\s+sorted|(?:oh\s+)?hang\s+on|(?:oh\s+)?wait"
                        r"|just\s+(?:seen|spotted|found|read)\s+it|it[’']?s\s+(?:right\s+)?there\s+in|silly\s+me|my\s+bad"
                        r"|d[ou]h|answered\s+my\s+own|forget\s+(?:it|that|i\s+asked)|disregard|found\s+the\s+answer"
                        # the asker finds the answer herself: "Oh just read the post properly", "Ah, seen it now"
                        r"|(?:oh|ah|ok|okay|right)?\W*+(?:i[’']ve\s+|i\s+have\s+|i\s+)?(?:just\s+)?(?:re-?read|read|seen|"
                        r"spotted|found|noticed|checked)\s+(?:it|that|the\s+(?:(?:first|second|last|front|back)\s+)?(?:post|poster"
                        r"|leaflet|website|link|details"
                        r"|small\s+print|page))(?:\s+(?:properly|now|again|above|below))?"
                        r"|(?:says|it\s+says)\s+(?:so\s+)?(?:on|in)\s+the\s+(?:post|poster|leaflet|website)"
                        r"|it['’]?s\s+(?:literally\s+|right\s+|actually\s+)?(?:in|on)\s+the\s+(?:post|poster|leaflet|website)"
                        # the answer read out: "Oh, Friday, it says so right there"
                        r"|(?:it\s+)?says\s+[^.!?\n]{1,40}?\s(?:right\s+there|right\s+here|in\s+black\s+and\s+white)"
                        r"|(?:[\w'’-]+\W+){0,4}?(?:it\s+)?says\s+so\b|(?:[\w'’-]+\W+){0,4}?it[’']?s\s+right\s+there)\b",
                        re.IGNORECASE)
# A wh-word, a phrase, then the verb before its subject: "Which end of the park will the stage be at", "When in May is
# the fun run", "How early in the morning do the bins need to be out". Not a clause the wh-word heads ("Where the
# money went is a mystery", "What they did is a crime"): there a subject follows the wh-word at once.
_WH_FRONTED = (rf"(?:what|which|when|where(?:\s?abouts)?|whose"
               rf"|how\s+(?:early|late|quickly|old|big|far|long|soon|often))"
               rf"(?!\s+(?:{_PRONOUN}|{_DETERMINER}|a|an)\b)(?:\s+[\w'’-]+){{1,5}}?\s+(?:is|are|was|were|will|would|do|does"
               rf"|did|can|could|should|has|have)\s+(?:{_PRONOUN}|{_DETERMINER})\b(?![’'])")
# Sentence openers that ask something even without a question mark ("When will the bins be collected").
# "Which roads exactly": a wh-question said without its verb.
_ELLIPTICAL = r"(?:what|which|where|who|how\s+many|how\s+much)\s+(?:[\w'’-]+\s+){0,2}?(?:exactly|precisely)\W*+$"
_OPENER = re.compile(
    _LEAD + rf"(?:(?:when|where(?:\s?abouts)?|what|why|who|which|how|whose|whom){_WH_AUX}"
    # "Whose job is it to...", "Which day are...", "What days is the tip shut": a wh-determiner, a noun, the verb.
    rf"|(?:which|whose)\s+[\w-]+(?:\s+[\w-]+)?{_WH_AUX}"
    r"|what\s+(?!a\b|an\b)[\w-]+\s+(?:do|does|did|will|can|should|would|are|is)\s+(?:i|we|you|they|the|my|our|residents"
    r"|people|it|this|that)\b|(?:do\s+)?you\s+know\s+(?:if|whether|when|where|who|how|why|what\s+time)\b"
    rf"|{_WHO_DID}|{_WH_FRONTED}"
    rf"|what\s+(?:time|day|date|happens|happened|about|if|kind|sort|type)\b|whatever\s+happened\b"
    # "wot counts as overnight", "what qualifies as a large item": what a word covers, asked.
    r"|what\s+(?:counts|qualifies|classes|constitutes|classifies)\s+as\b(?![^.!?\n]*\s(?:is|was)\s)"
    # "what size is a half plot", "what colour are the new bins"
    r"|what\s+(?:size|colour|color|width|length|height|shape|age|number|kind)\s+(?:is|are|was|were|do|does|should)\b"
    r"|(?:was|were)\s+there\s+(?:a|an|any)\b"
    # "Anyone at the council able to help", "Someone from the office free to ring me": the question without its verb.
    r"|(?:any\s*one|any\s*body|someone|somebody)(?:\s+(?:from|at|in|on|down\s+at)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2}?)?"
    r"\s+(?:able|going|around|free|willing|available|about)\s+to\b"
    rf"|how\s+(?:long|much|many|often|soon|far|come|comes|about)\b|why\s+not\b|{_INVERTED}"
    r"|any\s+(?:update|updates|news|idea|ideas|word|info|information|progress|plans?|chance|timescales?|eta|joy|luck"
    r"|movement|developments?|feedback|deadlines?|time\s*frames?|dates?)\b"
    rf"|{_ELLIPTICAL}"
    # "If the road shuts on Friday how will the buses get through": a condition, then the question, no comma.
    r"|(?:if|when|once|before|after|as\s+soon\s+as|now\s+that)\s+[^,.!?\n]{3,80}?\s+(?:who|what|where|when|how|which|why)"
    r"\s+(?:do|does|did|should|can|could|would|will|shall|is|are|am)\s+(?:i|we|you|they|one|he|she|the|my|our|it|there)\b"
    # "If I can't make the meeting can I send written comments instead": a condition, then the asking verb first
    r"|(?:if|when|once|as\s+soon\s+as)\s+[^,.!?\n]{3,80}?\s+(?:can|could|may|should|shall|do)\s+(?:i|we)\s+(?!not\b)\w+)",
    re.IGNORECASE,
)
# "Are dogs allowed", "Is Bridge Street closing": is/are/does/did then a subject that is not an adjective or adverb
# ("Is what it is", "Are always welcome", "Did well").
_NOT_SUBJECT = (r"(?:what|not|so|too|very|exactly|nothing|more|less"
                r"|a|an|always|also|just|probably|possibly|definitely|well|done|such|all|great"
                r"|good|lovely|nice|brilliant|amazing|fantastic|awesome|awful|terrible|sad|really|still|now|being|going"
                r"|getting|looking|doing|quite|pretty|absolutely|totally|clearly|obviously|hoping|wondering|here|back)")
# "Was the grant approved", "Have the bins been emptied": was/were/has/have ask only with a subject and a participle
# after it, since "Was the best day ever" and "Have a great weekend" open the same way.
_PARTICIPLE = (r"(?:\w{2,}ed|been|done|seen|given|taken|made|paid|built|sent|told|held|cut|put|set|shut|chosen|written"
               r"|begun|gone|fixed|agreed|decided|sorted|heard|got|gotten|found|known|said)")
_OPEN_SUBJECT = re.compile(_LEAD + rf"(?:(?:is|are|does|did)\s+(?!{_NOT_SUBJECT}\b)"
                           # "Did this last summer and loved it": the "I" left off a statement, not a question
                           r"(?!(?:this|that|it)\s+(?:[\w-]+\s+)?(?:last|yesterday|myself|ourselves|once|twice|before|years?|ages|back"
                           r"|a\s+few|loads|lots)\b)[\w'’-]+\s+\w"
                           # "Do the toilets in the park open at weekends", not "Do the right thing".
                           # "do charities get a discount": a bare plural noun as the subject, with the same verbs.
                           r"|do\s+(?:(?:the|these|those|my|our|your|any|all\s+the)\s+(?:[\w-]+\s+){0,4}?"
                           r"|(?!(?:things|others|wonders|miracles|bits)\b)(?:[a-z-]+\s+)?[a-z-]{3,}s\s+(?:[\w-]+\s+){0,2}?)"
                           r"(?:have|need|get|open"
                           r"|close|shut|take|come|run|stay|start|finish|cost|include|allow|accept|work|count|apply|belong"
                           r"|go|pay|qualify|receive)\b"
                           rf"|(?:was|were|has|have)\s+(?:the|this|that|these|those|my|our|your|any|there|anyone|anything"
                           rf"|anybody|someone|something)\s+[^.!?\n,]{{0,60}}?\b{_PARTICIPLE}\b)", re.IGNORECASE)
# Inside a sentence ("Thanks for this, when will it reopen") only the unambiguous openers count.
_CLAUSE_OPENER = re.compile(rf"^(?:(?:but|and|so|or|ok|right|then|just|also|please)\s+)*"
                            rf"(?:(?:when|where|why|how){_WH_AUX}"
                            # "If it's open again how come the gate is still padlocked"
                            r"|how\s+come\s+\w"
                            rf"|how\s+(?:long|much|many|soon)\b|{_WHO_DID}|{_WH_FRONTED}|{_ELLIPTICAL}"
                            # "... but what's happening with the toilets", "..., who's the contact at the county".
                            r"|(?:what|who)(?:[’']s|\s+(?:is|are|was|were|will|does|do|did))\s+(?!ready\b|not\b)\w"
                            # "if the route goes along the railway what happens to the stretch that floods"; not
                            # "what happens next is up to the panel"
                            r"|what\s+(?:happens|will\s+happen|would\s+happen|becomes\s+of)\s+(?:to|with|if|when|about|of)\b"
                            r"(?![^.!?\n]{0,60}\s(?:is|was)\s)"
                            # "..., is it coming", "..., are they still doing it"; not "..., is it me or ...".
                            r"|(?:is|are|was|were|does|did|will|can|has|have)\s+(?:it|they|there|he|she|we|i)\s+"
                            r"(?!me\s+or\b|just\s+me\b|any\s+wonder\b)\w"
                            # "..., who does she speak to", not "..., what do you know" nor "what would we do without".
                            r"|(?:who|what|which|whom)\s+(?:do|does|did|should|can|could|would|will|shall)\s+(?:i|we|you|she"
                            r"|he|they|my|our|residents|people)\b(?!\s+(?:know|do\s+without)\b)"
                            rf"|{_AUX}\s+(?:you|there|anyone|anybody|someone|somebody)\b"
                            # "... 👍 do we need to bring our own gloves"
                            r"|(?:do|can|could|should|shall|must)\s+we\s+(?:need|have|bring|get|use|book|park|come|still|just)\b"
                            r"|(?:can|could|should|may|might)\s+(?:a|an)\s+(?!bit\b|lot\b)[\w'’-]+\s+(?:[\w'’-]+\s+)?"
                            r"(?:apply|get|have|use|book|come|go|join|bring|park|enter|take|be|stay|claim|ask)\b"
                            rf"|(?:is|are|does|did|will|can)\s+(?!{_NOT_SUBJECT}\b)(?-i:the\s|[A-Z])\w*"
                            # "..., is that true": checking what was heard.
                            # "If the mowers come on a Saturday does that mean no football": what follows, asked.
                            r"|(?:does|would|will)\s+(?:that|this|it)\s+mean\b"
                            # "If it snows will Thursday's market be called off": a possessive subject.
                            r"|(?:will|would|is|are|can|does|did)\s+[a-z]+['’]s\s+[\w-]+\s+(?:be|still|go|open|close|run"
                            r"|happen|move|stay|get|need)\b"
                            r"|(?:is|was|are)\s+(?:that|this|it)\s+(?:really\s+)?(?:true|right|correct|so|the\s+case"
                            r"|happening|going\s+ahead|still\s+\w+)\b"
                            # "Regarding the stall: what time can traders set up": a when asked after a topic
                            r"|what\s+(?:time|day|date)s?\s+(?:is|are|does|do|did|will|can|should|would)\s+\w)",
                            re.IGNORECASE)
_WH = r"(?:if|whether|when|why|how|what|who|where|which)"
_KNOW = r"(?:know|hear|find\s+out|understand|learn|be\s+told)"
# Whom a favour is asked of, and the favours: ringing, telling, looking into.
_ASKED = (r"(?:you|u|someone|somebody|anyone|anybody|a\s+councillor|the\s+clerk|the\s+(?:town\s+)?council"
          r"|one\s+of\s+(?:you|the\s+\w+))(?:\s+from\s+(?:the\s+)?(?:town\s+)?(?:council|office))?")
_ACT = (r"(?:tell|explain|confirm|let|advise|get|look|ring|call|phone|contact|e-?mail|send|update|reply|respond"
        r"|clarify|check|come|chase|sort|fix|pass|forward|arrange|visit|inspect|investigate|deal|speak|talk|answer|clear|remove|empty|cut)\b")
_REQUEST = re.compile(
    r"\b(?:any\s+(?:update|updates|news|idea|word|info|information|progress|timescale|timeline|eta)\s+(?:on|about)\b"
    # "Anyway what I actually wanted to ask is whether the side road stays open"
    r"|what\s+I\s+(?:actually\s+|really\s+)?(?:wanted|want|meant|need|needed)\s+to\s+(?:ask|know)\s+(?:is|was)"
    # "What I actually wanted was to check whether I can book the room"
    r"|what\s+I\s+(?:actually\s+|really\s+)?(?:wanted|want|meant|need|needed)\s+(?:is|was)\s+to\s+(?:ask|know|check"
    r"|find\s+out|see|confirm)\b"
    # the next thing asked for with a please: "bins 👍 now an emptying rota pls", "next, a bench by the pond please"
    r"|(?:now|next)\W+(?:an?|some|more)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:please|pls|plz)"
    r"|please\s+(?:advise|confirm|clarify|explain|let\s+(?:me|us)\s+know|tell\s+(?:me|us)|respond|reply"
    r"|get\s+back\s+to)|(?:does|do)\s+any\s*(?:one|body)\s+know|any\s*(?:one|body)\s+know"
    r"|(?:i[’']?d|i\s+would|we[’']?d|we\s+would)\s+(?:like|love)\s+to\s+know"
    # "Need someone from the allotments side to give me a ring about plot 14 please"
    # "would someone from the council be able to say whether the lantern parade is coming back"
    r"|\b(?:would|could|can|will)\s+(?:some\s*one|some\s*body|any\s*one|any\s*body)\s+(?:from|at)\s+(?:the\s+)?(?:town\s+)?"
    r"(?:council|office)\s+(?:please\s+)?(?:be\s+able\s+to\s+)?(?:say|tell|confirm|let|advise|explain)\b"
    r"|\b(?:need|needs|want|would\s+like|could\s+do\s+with)\s+(?:some\s*one|some\s*body)\s+(?:(?:from|at|in|on)\s+"
    r"(?:[\w'’-]+\s+){1,4})?to\s+(?:give\s+(?:me|us)\s+a\s+(?:ring|call|bell|shout)|ring|call|phone|contact|email"
    r"|e-mail|get\s+back\s+to|get\s+in\s+touch|come\s+(?:out|round|and\s+look))\b"
    # "could do with somebody from the office giving me a bell about ..."
    r"|(?:could|would)\s+do\s+with\s+(?:some\s*(?:one|body)|any\s*(?:one|body)|you(?:r\s+\w+)?)\s+(?:from\s+(?:the\s+)?(?:\w+\s+){1,2}?)?"
    r"(?:giving\s+(?:me|us)\s+a\s+(?:bell|call|ring|shout)|ringing|calling|phoning|contacting|getting\s+(?:back\s+)?in\s+touch"
    r"|getting\s+back\s+to|popping\s+(?:round|out|over)|coming\s+(?:round|out|over)|having\s+a\s+look)"
    # "Would be good to know roughly what the wait is at the moment"
    # "would be good to have that confirmed before we start writing"
    r"|(?:would|[’']d)\s+be\s+(?:really\s+)?(?:good|great|helpful|nice|useful|handy)\s+to\s+(?:have|get)\s+(?:that|this|it"
    r"|the\s+\w+)\s+confirmed\b"
    r"|(?:it\s+)?(?:would|[’']d)\s+be\s+(?:really\s+)?(?:good|great|helpful|nice|useful|handy)\s+to\s+(?:know|find\s+out|hear)\s+"
    r"(?:\w+\s+){0,2}?(?:whether|if|when|what|how|where|who|which)"
    # a wish to be told: "It'd help us loads to find out whether charity stalls pay the full fee"
    r"|it(?:[’']d|\s+would)\s+(?:really\s+)?help\s+(?:us\s+|me\s+)?(?:loads\s+|a\s+lot\s+|massively\s+|hugely\s+|no\s+end\s+)?"
    r"to\s+(?:know|find\s+out|hear|understand|be\s+told)\s+(?:whether|if|when|what|how|where|who|which)"
    r"|(?:(?:i\s+am|i[’']m|we\s+are|we[’']re|i\s+was|was|just)\s+)?(?:wondering|wondered(?![^.!?\n]{0,80}!)|asking|curious)"
    r"\s+(?:if|whether|when"
    # not admiration: "wondering how we ever managed without it"
    r"|why|how(?!\s+(?:we|i|anyone|people|they)\s+(?:ever|managed|coped|lived))|what|who|where"
    r"|about\s+(?:the|your|any|when|what|how))"
    r"|i\s+wonder\s+(?:if|whether|when|why|how|what|who|where)"
    # "Got any idea when it's going to be emptied"
    r"|(?:got|have\s+you\s+got|you\s+got|do\s+you\s+have|you\s+have)\s+(?:any|an)\s+idea\s+(?:when|what|how|why|where"
    r"|who|if|whether)\b"
    r"|(?:i|we)\s+(?:need|want|would\s+like|[’']d\s+like)\s+to\s+(?:know|find\s+out|ask)\b"
    r"|(?:tell|show)\s+(?:me|us)\s+(?:when|where|why|how|what|who|whether)"
    r"|can\s+(?:someone|anyone|somebody|anybody)\s+(?:tell|explain|confirm|help|advise|let)"
    r"|is\s+there\s+any\s+(?:way|chance|news|update|plan)"
    # "would like some info on...", "I'm after the phone number for...": asking for information, said.
    r"|(?:like|looking\s+for|after|need|needing|want|wanting|requesting)\s+(?:some\s+|any\s+|more\s+|the\s+)?(?:info"
    r"|information|details|phone\s+number|number|email(?:\s+address)?|contact(?:\s+details)?)\s+(?:on|about|regarding"
    r"|re|for|of)|(?:looking\s+for|i[’']m\s+after)\s+(?:the|any|some)\s+(?:[\w-]+\s+){0,3}?(?:info|information|details"
    r"|dates?|times?|number|email|contact|address|link|minutes|agenda)\b"
    # "Keen to find out how...", "Interested to know what...", "trying to find out if...": wanting to know, said.
    r"|(?:keen|interested|curious|eager|need|needing|trying|hoping|want|wanted|wanting|meaning|meant|looking|like|love"
    r"|waiting)"
    r"\s+to\s+(?:know"
    r"|find\s+out|hear|understand|learn|ask|check|confirm)\s+(?:if|whether|when|why|how|what|who|where|which|about)"
    r"|(?:grateful\s+for|appreciate)\s+(?:an?|any|some)\s+(?:update|reply|response|answer|information|info|news|clarification)"
    r"|(?:grateful|appreciate\s+it)\s+if\s+(?:you|someone|anyone|somebody|anybody|the\s+(?:town\s+)?council|the\s+clerk)"
    r"\s+(?:could|would|can)|(?:want|wanted)\s+to\s+(?:check|double[\s-]check|confirm)\s+(?:that|if|whether|when|what"
    r"|the\s+[\w-]+\s+(?:is|are|was|will))"
    r"|(?:hoping|hope|hoped)\s+(?:you|someone|anyone|somebody|anybody|the\s+(?:town\s+)?council|the\s+clerk)\s+(?:could"
    r"|can|would|might|will)\s+(?:please\s+)?(?:tell|explain|confirm|advise|clarify|let\s+(?:me|us)\s+know|answer"
    r"|update|respond|reply|get\s+back|look\s+into|shed\s+(?:some\s+)?light)"
    # "Let me know when the path reopens", not an offer ("let us know if you need a hand").
    r"|let\s+(?:me|us)\s+know\s+(?:when|whether|why|how|where|which|what\s+time|what[’']?s|if\s+(?!you\s+(?:need|want"
    r"|would)|(?:i|we)\s+can))|(?:just\s+)?checking\s+(?:if|whether)"
    # Wanting to know, said as what would be good: "would be good to know when", "be great if someone could explain",
    # "it would help to know whether", "could do with knowing if". Not "would've been nice to be told".
    rf"|\bbe\s+(?:\w+\s+)?(?:good|great|helpful|useful|handy|grand|brilliant|appreciated|fab)\s+(?:to\s+{_KNOW}\s+{_WH}"
    rf"|if\s+{_ASKED}\s+(?:could|would|can))|(?:help|helps|helpful)\s+to\s+{_KNOW}\s+{_WH}"
    rf"|(?:do\s+with|like|love|appreciate|mind)\s+(?:knowing|hearing|finding\s+out)\s+(?:roughly\s+|exactly\s+"
    rf"|approximately\s+|more\s+about\s+)?{_WH}"
    # "Would love an entry form posted out to me please"
    r"|(?:appreciate|grateful\s+for)\s+(?:someone|somebody|anyone|you)\s+(?:letting\s+(?:me|us)\s+know|telling\s+(?:me|us)"
    r"|getting\s+back)\b"
    r"|(?:would|i[’']?d|we[’']?d)\s+(?:love|like|appreciate)\s+(?:an?|the|some)\s+(?:[\w-]+\s+){0,3}?(?:posted|sent"
    r"|emailed|delivered|dropped)\s+(?:out\s+|over\s+|round\s+)?(?:to\s+)?(?:me|us)\b"
    # "If someone could let me know ...", "if you would confirm ...": a favour asked of the Council, whatever follows.
    rf"|\bif\s+{_ASKED}\s+(?:could|would|might)\s+(?:please\s+)?{_ACT}"
    # Someone wanted to act: "need someone to ring me", "I'd like someone from the council to call", "want to speak to".
    rf"|(?:need|needs|want|wants|like|love)\s+{_ASKED}\s+to\s+{_ACT}"
    r"|(?:need|want|like|love|wanting|needing|hoping)\s+to\s+(?:speak|talk|have\s+a\s+(?:word|chat)|chat)\s+(?:to|with)\s+"
    r"(?:someone|somebody|anyone|a\s+\w+|the\s+\w+|you|one\s+of)"
    r"|(?:appreciate|like|want|need|request|requesting|grateful\s+for|hoping\s+for|hope\s+for|looking\s+forward\s+to)"
    r"\s+(?:an?|some)\s+(?:call\s*back|call|ring|phone\s+call|visit|email|word|reply|response|chat|answer|decision)"
    # Not knowing, said to whoever can answer: "not sure how the allotment list works" (not "... how they sleep").
    r"|(?:not\s+sure|unsure|confused)\s+(?:about\s+|as\s+to\s+)?(?:if|whether|how|when|where|who|what|which)\b"
    r"(?!\s+(?:they|you\s+lot)\b)"
    r"|grateful\s+to\s+(?:receive|have|get|see|hear|know|learn|be\s+(?:sent|told|given))"
    # "I don't suppose you'd know whether...": whether the reader knows, asked.
    r"|(?:you|anyone|anybody|someone|somebody)\s+(?:might\s+|would\s+|may\s+|will\s+|happen\s+to\s+|[’']d\s+)?know"
    r"\s+(?:if|whether)"
    # "someone needs to come and fix it": a job asked of the Council, said.
    r"|(?:someone|somebody)\s+(?:needs\s+to|has\s+to|should|must|ought\s+to)\s+(?:come|fix|sort|look|clear|check|repair"
    r"|deal|empty|cut|remove|get\s+back|contact|ring|call|reply|respond|answer|explain))\b",
    re.IGNORECASE,
)
# Imperatives that ask: a request to be contacted ("ring me about the bin", "email us the form"), or to be told or sent
# something, which counts only with a please, ta or cheers in the sentence ("tell me please how", "send me the link
# pls"); "call me old fashioned" and "tell me about it" ask nothing.
_IMPERATIVE = re.compile(
    # "Someone get back to me about the grant form please": whoever reads it, told what to do
    _LEAD + r"(?:(?:some\s*(?:one|body)|any\s*(?:one|body)|one\s+of\s+you)"
    r"(?:\s+(?:from|at|in)\s+(?:the\s+)?(?:town\s+)?(?:council|office|town\s+hall))?\s+(?:please\s+|pls\s+)?)?"
    r"(?:kindly\s+)?(?:(?P<contact>ring|call|phone|e-?mail|message|dm|pm|text|contact)\s+(?:me|us)\b"
    r"(?!\s+(?:old|crazy|cynical|mad|a|an|what|when|whatever|names?)\b)"
    r"|(?:send|tell|show|give|forward|confirm|explain|advise|update|clarify|post)\s+(?:me|us)\b(?!\s+about\s+it\b)"
    # "Please send over the link to the grants form": with its please
    r"|(?:send|forward|email|e-mail|post|pass)\s+(?:over|across|on|through)\s+(?:the|a|an|your|that|this)\b"
    # "Please drop me a message with how to sign up", with its please
    r"|drop\s+(?:me|us)\s+(?:a|an)\s+(?:message|line|note|email|e-mail|dm|pm|text)\b"
    # "Please get in touch about a refund", "pls get back to me": asked of the Council, with a please.
    r"|(?:get\s+in\s+touch|get\s+back\s+to\s+(?:me|us)|come\s+back\s+to\s+(?:me|us)|reply|respond"
    r"|look\s+into\s+(?:it|this|that|my))\b"
    # "pls stick the waiting list info on here too": something asked to be put up where residents can see it
    r"|(?:put|stick|pop|add|share|upload|post)\s+(?:the|this|that|it|them|some|a|an)\b[^.!?\n]{0,60}?\b(?:on\s+here"
    r"|up\s+here|online|on\s+the\s+website|on\s+facebook)\b)",
    re.IGNORECASE,
)
_POLITE = re.compile(r"\b(?:please|pls|plz|asap|ta|cheers|thanks|thank\s+you|thx)\b", re.IGNORECASE)
# A request as a bare noun with a please: "Info on the community grant please", "Updates please!", "Phone number for
# the cemetery pls". Not "Thanks for the update, please keep them coming" (the sentence opens with the thanks).
_NOUN_REQUEST = re.compile(
    _LEAD + r"(?:the\s+|an?\s+|any\s+|some\s+|more\s+|your\s+)?(?:[\w-]+\s+){0,3}?(?:info|information|details|links?"
    r"|number|email(?:\s+address)?|updates?|copy|form|dates?|days|times?|hours|address|contact\s+details|answer|reply"
    r"|response|news"
    # "Price list for stalls please x", "timetable please", "the costs please"
    r"|price\s+list|prices|price|costs?|fees?|rates|charges|timetable|schedule|programme|map|menu|rota|breakdown"
    # "Job description for the grounds role pls"
    r"|(?:job|role)\s+description|application\s+(?:form|pack)|minutes|agenda|leaflet|poster)"
    r"(?:\s+(?:on|about|for|of|to|re|regarding|over|during)\s+[^.!?\n]{0,80}?)?[\s,]*(?:please|pls|plz)\b",
    re.IGNORECASE,
)
# "Who actually went to the drop-in? Me and about four others": the asker answers a who-question with themself.
_WHO_ASKED = re.compile(r"\W*+who\b", re.IGNORECASE)
_ME_AND = re.compile(r"\W*+(?:just\s+|only\s+)?(?:me|us|myself)\b(?:\s+and\b|\s*[,.!…]|\s*$)", re.IGNORECASE)
# The one-word answer a rhetorical question gets from its own asker.
_SELF_ANSWER = re.compile(
    # "Nobody I know", "No one round here", "Not this fella", "Not me, that's for sure": the asker's own answer.
    r"\W*+(?:(?:nobody|no\s*-?\s*one)\s+(?:i|we)\s+know(?:\s+of)?\W*+$|(?:nobody|no\s*-?\s*one)\s+(?:round|around|near)\s+here"
    r"\W*+$|(?:nobody|no\s*-?\s*one)\s+(?:in\s+(?:their|his|her)\s+right\s+mind|with\s+(?:any\s+)?sense)\W*+$"
    r"|not\s+(?:the|any|many|those|these|them|us)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}(?:\W+that['’]?s\s+for\s+sure)?\W*+$"
    r"|(?:not\s+me|not\s+this\s+(?:fella|fellow|one|girl|lad|lass|guy|bloke|woman|man"
    r"|household|house|family|boy|old\s+\w+))(?:[^\w\U0001F300-\U0001FAFF]++(?!but\b|although\b|though\b)[\w'’]++){0,3}"
    r"(?:\W*+$|\s*+[\u2600-\u27bf\U0001F300-\U0001FAFF][\s\S]*+)"  # what follows an emoji is the next thought
    r"|nowhere|nothing|nobody|no\s*-?\s*one|none|never|zilch|zero|nada|exactly|precisely|thought\s+not|nope|nah"
    r"|didn[’']?t\s+think\s+so|of\s+course\s+not|not\s+a\s+chance|no|us|we|you|them|the\s+(?:residents|taxpayers?))"
    # "Nobody, by the look of it", "Nothing, apparently": the answer hedged by what the asker sees
    r"(?:\W++(?:as\s+usual|as\s+always|of\s+course|obviously|again|clearly|evidently|apparently|it\s+seems"
    r"|it\s+would\s+seem|by\s+the\s+looks?\s+of\s+(?:it|things)|from\s+what\s+i\s+can\s+see"
    r"|judging\s+by\s+[^.!?\n]{1,40}|by\s+the\s+looks?\s+of\s+[^.!?\n]{1,30}))?\W*+$", re.IGNORECASE)
# A short answer the asker gives at once, however it goes on: "Who's paying for it? We are, through the precept".
_OWN_ANSWER = re.compile(r"\W*+(?:we|us|you|the\s+(?:residents|taxpayers?|public)|(?:council\s+)?tax\s*payers)\s+"
                         r"(?:are|do|did|will|have|had|pay|paid)(?=\s*[,.;:!–—-]|\s*$)"
                         # "Will there be biscuits? Daft question, there are always biscuits"
                         r"|\W*+(?:daft|silly|stupid|dumb|obvious)\s+question\b"
                         # "Is Manor Road the one behind the leisure centre? Yes it is, just drove past"
                         r"|\W*+(?:yes|yeah|yep|yup|no|nope)\s*,?\s+(?:it|they|there|he|she|that)\s+(?:is|are|was|were|does|do|did|has"
                         r"|have|will|isn['’]t|aren['’]t|doesn['’]t|don['’]t|wasn['’]t|won['’]t)\b"
                         # "Why do the prices go up every year? Inflation, I know, I know"
                         r"|\W*+[^.!?\n]{1,40}?,\s*i\s+know\b"
                         # "Will I be there? Course I will"
                         r"|\W*+(?:of\s+)?course\s+(?:i|we|it|they)\s+(?:will|do|did|am|are|is|can)\b"
                         # "Where are we meant to park? Answer: nowhere."
                         r"|\W*+(?:the\s+)?(?:short\s+|honest\s+)?answer(?:\s*[:=–—-]|\s+is\b|['’]s\b)"
                         # "Does anything change after these surveys? Not in the 20 years I've lived here it doesn't."
                         r"|\W*+(?:no|nope|not)\b[^.!?\n]{0,70}?\b(?:it|they|that|he|she|we)\s+(?:doesn|don|hasn|haven|isn|aren"
                         r"|won|didn)[’']?t\W*$"
                         # "Literally every kid in town, that's who."
                         r"|[^.!?\n]{1,60}?,?\s+that['’]s\s+(?:who|what|where|when|why)\b", re.IGNORECASE)
# A condition, then the question with no comma between: "if the road's shut all day how do people get out".
_CONDITION = re.compile(r"^\W*+(?:if|once|now\s+that|seeing\s+as|since)\s+[^?!]{3,120}?\s"
                        r"(?=(?:how|what|where|when|who|why|which)\s"
                        # "If it rains on the 24th will the fayre move indoors"
                        r"|(?:will|would|can|could|does|do|is|are|should|shall)\s+(?:the|we|you|it|they|there|our|my|that"
                        # "If it keeps snowing tonight will Thursday's market be called off"
                        r"|this|[\w-]+['’]s)\s)",
                        re.IGNORECASE)
# Presumptions put to be confirmed: "I take it the market's off", "Presume the car park's free after 6". Not scorn
# ("I assume nobody will reply", "I presume they'll ignore this as usual").
_PRESUME = re.compile(_LEAD + r"(?:(?:i\s+)?(?:take\s+it|presume|presuming|assume|assuming)|presumably"
                      r"|(?:so\s+)?(?:i['’]m|i\s+am)\s+guessing|(?:so\s+)?i\s+guess"
                      r"|so\s+i\s+take\s+it)"
                      r"\s+(?:that\s+)?"
                      r"(?:the|this|it|there"
                      r"|you|we|our|my|they|they[’'](?:re|ll|ve)|he|she|[\w-]+[’']s"
                      r"|(?:[\w-]+\s+){1,2}(?:is|are|will|won[’']t|has|have))\b",
                      re.IGNORECASE)
# A bare "Guessing ..." asks only when it wants confirming ("Guessing it'll be packed - see you there!" does not).
_GUESSING = re.compile(r"\W*+(?:so\s+)?guessing\s+(?:that\s+)?\w", re.IGNORECASE)
_CONFIRM = re.compile(r"\b(?:confirm\w*|right|correct|is\s+that\s+(?:so|it)|am\s+i\s+right)\b|\?", re.IGNORECASE)
# Two inverted clauses joined by "or", the way a choice is asked without a question mark.
_EITHER_OR = re.compile(r"\b(?:can|could|does|do|will|would|should|is|are|did|has|have)\s+(?:she|he|they|we|i|you|it)\b"
                        r"[^.!?\n]{2,80}?\bor\s+(?:does|do|did|will|would|can|should|is|are|has|have)\s+(?:she|he|they|we|i"
                        r"|you|it)\b", re.IGNORECASE)
# The presumption said last: "So the car boot won't be happening that week, I presume."
_PRESUMED_TAIL = re.compile(r",\s*(?:i\s+)?(?:presume|take\s+it|assume|guess|imagine|suppose)\s*[.?…]*\s*$",
                            re.IGNORECASE)
_SCORN_ANYWHERE = re.compile(r"\b(?:as\s+usual|as\s+always|ignor\w*)\b", re.IGNORECASE)
# ("again" is not scorn: "I take it the road will be shut again then, same as last year" asks to be told.)
_SCORN_PRESUMED = re.compile(r"\b(?:as\s+usual|as\s+always|never|ignore\w*|nobody|no\s*-?\s*one|nothing)\b",
                             re.IGNORECASE)
# A tag question ends a sentence: "..., isn't it", "... won't you", "..., right". Small talk takes them too ("Lovely
# day, isn't it"), and wants no answer.
_TAG = re.compile(r"(?:,\s*|\s)(?:(?:isn|aren|wasn|weren|won|don|doesn|didn|haven|hasn|can|couldn|wouldn|shouldn)[’']?t"
                  r"\s+(?:it|they|you|we|there|he|she|that|i)|(?<=,)\s*(?:right|yeah|correct|innit)"
                  # "... has gone for good then, has it"
                  r"|(?<=,)\s*(?:has|have|is|are|was|were|does|do|did|will|can)\s+(?:it|they|he|she|there|that))"
                  r"(?:\s*+[.…?？]*+\s*+$|\s*,)",
                  re.IGNORECASE)
_SMALL_TALK = re.compile(r"\b(?:lovely|nice|great|beautiful|amazing|brilliant|fantastic|gorgeous|stunning|wonderful"
                         r"|perfect|glorious|smashing|cracking|super|fab\w*|weather|turnout|crowd|day\s+out"
                         r"|smart|handy|neat|tidy|pretty|cute|clever|bright|cheerful|posh|swish"
                         r"|shame|proper|old[\s-]school|classic|retro|nostalgic"
                         r"|sad|terrible|awful|disgrace\w*|joke|typical|ridiculous|cold|hot|wet|windy|miserable|grim)\b",
                         re.IGNORECASE)
# Questions that expect no answer: stock rhetorical phrases and taunts. Abuse is the offensive rule's business.
_RHETORICAL = re.compile(
    r"^\W*(?:seriously|really|what|huh|eh|why|lol|pardon|sorry|ok|okay|right|who\s+knew|go\s+figure|is\s+that\s+so"
    r"|well\s+i\s+never)\W*$"
    # "What could be better than chocolate and a run round the rec?"
    r"|^\W*what\s+(?:could|can|would)\s+(?:possibly\s+)?be\s+(?:better|nicer|lovelier|more\s+fun)\s+than\b"
    # Scorn ("... for once"), and questions put to the other readers ("Did anyone else hear the band?").
    r"|\b(?:does|has|could|can|would|is)\s+(?:any\s*body|any\s*one|any\s+of\s+you)\s+(?:\w+\s+)?(?:have|got|lend|"
    r"borrow|fancy|want|need|spare|selling|sell)\b|\b(?:any\s*one|any\s*body)\s+fancy\b"
    # "Anyone from the Poplars fancy walking down together?": the other readers asked along, where they live named.
    # "Who's putting a car in this year?": the other entrants asked along.
    r"|^\W*who['’]?s\s+(?:else\s+)?(?:putting\s+(?:a|an|their|in)|entering|bringing|coming|going|taking\s+part|joining"
    r"|in\s+for|up\s+for)\b"
    # "Has any other group round here done one of these?": peers asked, not the council.
    r"|\b(?:has|have|did|does|do)\s+any\s+other\s+(?:groups?|clubs?|parents?|mums?|dads?|families|residents?|people|folk"
    r"|dog\s+owners|businesses"
    r"|traders|charities|volunteers|teams?|schools?)\b"
    r"|\b(?:any\s*one|any\s*body)\s+(?:else\s+)?(?:from|on|in|at|round|near|up|down|over)\s+(?:[\w'’-]+\s+){1,7}?"
    r"(?:fancy|fancies|want|wants|up\s+for|coming|going)\b"
    # "Is anybody from the Poplars going along?", "Does anyone know a decent nursery?", "Can anyone recommend a man
    # with a van?": the other readers are asked for company or a recommendation, not the Council for an answer.
    r"|\b(?:is|are)\s+(?:any\s*body|any\s*one|any\s+of\s+you)\s+(?:(?:from|else\s+from|round|near|on|in)\s+(?:the\s+)?"
    r"[\w'’-]+(?:\s+[\w'’-]+)?\s+)?(?:going|coming|heading|walking|driving|cycling|taking\s+part|doing\s+it)\b"
    r"|\bwho(?:[’']?s|\s+is)\s+(?:coming\s+(?:with|along|down)|joining\s+(?:me|us)|up\s+for\s+(?:it|this|a))\b"
    r"|^\W*(?:any\s*one|any\s*body)\s+(?:\w+\s+)?(?:want|wants|need|needs|fancy|fancies|after)\s+(?:a\s+)?(?:lift|ride|seat"
    r"|space|hand|spare)\b|\b(?:any\s*one|any\s*body)\s+(?:on\s+here|out\s+there)\b"
    r"|\b(?:does|do)\s+(?:any\s*body|any\s*one|any\s+of\s+you)\s+know\s+(?:a|an|any|of\s+a|of\s+any)\s+(?:good|decent"
    r"|reliable|local|cheap|friendly|recommended|trustworthy)\b|\b(?:can|could)\s+(?:any\s*body|any\s*one)\s+recommend\b|\U0001F644|\bwho\s+(?:actually|even|honestly|really)\s+(?:gets|goes|"
    r"drives|does|uses|reads|walks|needs)\b"
    r"|\bfor\s+once\b|\b(?:any\s*one|any\s*body)\s+else\b"
    # the other readers asked what they have found: "Has anybody found a way round on a bike that avoids the A43?"
    r"|\b(?:has|have)\s+(?:any\s*body|any\s*one|any\s+of\s+you)\s+(?:else\s+)?(?:found|tried|discovered|worked\s+out"
    r"|seen|spotted|heard)\b(?!\s+(?:from|back)\b)"
    # the other readers asked about a shop: "Does anyone know if the chippy on Market Place does gluten free?"
    r"|\b(?:does|do)\s+(?:any\s*one|any\s*body|any\s+of\s+you)\s+know\s+(?:if|whether|what|when|where|how)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:chippy|chip\s+shop|caf[eé]|pub|restaurant|takeaway|bakery|butchers?|deli"
    r"|hairdressers?|barbers?|vets?|garage|florists?|newsagents?|off\s+licence|pizza\s+place|curry\s+house)\b"
    # "Who's going to the fireworks tonight": a call to the other readers, not to the Council.
    r"|\bwho(?:[’']?s|\s+is)\s+(?:going|coming|heading|off)\s+(?:down\s+|along\s+)?to\s+(?:the|tonight|tomorrow)\b|\bwho\s+else\s+(?:remembers|thinks|agrees|fancies|loves|misses"
    r"|is\s+(?:going|coming|excited)|going|coming)\b"
    r"|\b(?:who\s+cares|why\s+bother|what[’']?s\s+the\s+point|is\s+(?:this|that|it)\s+(?:some\s+(?:kind|sort)\s+of\s+|a\s+)"
    r"(?:joke|wind[\s-]?up|april\s+fool|prank|stunt)"
    r"|are\s+you\s+(?:joking|kidding|serious|having\s+a\s+laugh|for\s+real)|how\s+hard\s+can\s+it\s+be"
    r"|(?:you|you[’']re|your|they[’']re|you\s+are|they\s+are)\s+(?:having\s+a\s+laugh|(?:just\s+)?(?:joking|kidding)"
    r"|taking\s+the\s+(?:mick|mickey|michael|piss))|who\s+(?:are|is)\s+(?:they|you|we|he|she)\s+kidding"
    r"|what\s+(?:could|can)\s+possibly\s+go\s+wrong|what\s+a\s+\w+|useless|clowns?|idiots?|morons?|incompetent"
    # "Does anyone at the council even read these": "even" asks whether they bother, not for information.
    r"|(?:does|do|did|is|are|can|will|has|have)\s+(?:any\s*one|any\s*body|any\s+of\s+(?:you|them)|the\s+council|you|they"
    r"|councillors|this\s+council|the\s+(?:councillors|clerk|office|staff|officers))(?:\s+[\w’']+){0,4}?\s+even\s+(?!if\b|though\b|when\b|so\b)[a-z]+"
    r"|am\s+i\s+the\s+only\s+one"
    r"|pathetic|shambles|disgrace(?:ful)?|jokers?|waste\s+of\s+(?:space|money|oxygen)|why\s+(?:do\s+)?(?:i|we)\s+(?:even\s+)?bother|this\s+lot|that\s+lot|do\s+you\s+(?:even|actually)"
    r"\s+care|is\s+anyone\s+(?:even\s+)?(?:awake|listening)|how\s+(?:do|can|does)\s+(?:you|they|he|she|councillors|the\s+council)\s+sleep"
    r"|bunch\s+of|what(?:[’']s|\s+is)\s+the\s+betting|any\s+bets\s+on"
    r"|(?:where|what)(?:[’']s|\s+is)\s+the\s+(?:harm|fun|point|sense|logic)\s+in"
    r"|what\s+(?:do|are|did)\s+(?:we|i|residents)\s+pay(?:ing)?\s+(?:our\s+|the\s+|my\s+)?(?:council\s+tax|rates|taxes|precept)"
    r"\s+for)\b",
    re.IGNORECASE,
)
# Disbelief and complaints in question form, with or without the "?": "Who knew...?!", "How is this
# acceptable?!", "Since when...", "Why does nobody ever listen." They want agreement, not information.
# Possessive quantifiers (*+) where the next token cannot start inside the run: "^\W*...\W*" and "\s*(?:have)?\s+"
# could otherwise split a long run of punctuation or spaces every possible way, which took seconds per reply.
_DISBELIEF = re.compile(
    r"^\W*+(?:(?:ha){2,}h?|lol|lmao|omg|wow)?\W*+(?:who(?:['’]d|\s+would)(?:\s*+(?:have|['’]ve|a))?\s+(?:thought|guessed)"
    r"|who\s+(?:could|would|can)(?:\s+have|\s*[’']ve|\s+of)?\s+(?:seen|predicted|foreseen|guessed)\s+(?:that|this|it)"
    r"\s+coming"
    r"|who\s+(?:knew"
    r"|even\s+(?:reads?|cares?|asked))|since\s+when|how\s+(?:typical|ironic|convenient|predictable|ridiculous"
    r"|embarrassing|original)|who[’']?s\s+idea\s+was|whose\s+idea\s+was)\b"
    r"|\bhow\s+(?:is|was|are|can)\s+(?:this|that|it|any\s+of\s+this)\s+(?:even\s+|still\s+|be\s+)*(?:acceptable|allowed"
    r"|legal|fair|right|ok|okay|possible|justified|justifiable|reasonable)\b(?!\s+(?:to|for)\s+(?!happen|continue|go\b))"
    r"|\bwhy\s+(?:does|do|did|is|are|can)\w*[’']?t?\s+(?:nobody|no\s*+(?:-\s*+)?one)\s+ever\b"
    r"|\bwhat\s+(?:else\s+)?(?:did|do|would|were|are)\s+(?:we|you|they|i)\s+expect(?:ing)?\b|\b(?:are|is)\s+(?:we|you|any\s*one|any\s*body)\s+"
    r"(?:really\s+|even\s+)?surprised\b|\bsurprise[,!.\s]+surprise\b",
    re.IGNORECASE,
)
# Laments worded as questions: "Is it any wonder...", "Why can't they ever get it right", "When will they ever
# learn", "How many more times". Kept apart from _DISBELIEF so that only sentences that ask (a "?" or question
# wording) pay for them: every alternative is tried at every position of a long comment.
_LAMENT = re.compile(
    r"\bis\s+it\s+any\s+wonder\b|\bwould\s+it\s+(?:kill|hurt)\s+(?:them|you|him|her|the\s+council|anyone|any\s*body)\b|\b(?:they|you|the\s+council|councillors|people)\s+(?:ever\s+)?learn\b"
    r"|\bwill\s+(?:there|it|this|that|they|we)\s+ever\b"
    # "Why should residents suffer", "Why should I pay more for less": a grievance, not a question of fact.
    r"|\bwhy\s+(?:would|do|does|did|on\s+earth\s+would)\s+(?:any|some)\s*(?:one|body)\s+(?:ever\s+|even\s+|want\s+to\s+)?"
    r"(?:do|vandali[sz]e|smash|wreck|damage|steal|nick|trash|dump|spray|graffiti|deface|leave|set\s+fire)\b"
    r"|\bwhy\s+should\s+(?:we|i|us|residents|taxpayers|people|everyone|the\s+rest\s+of\s+us)\s+(?:\w+\s+)?(?:pay|suffer"
    r"|care|bother|put\s+up|have\s+to|foot|subsidi[sz]e|listen|trust|believe)\b|\b(?:they|the\s+council|councillors)(?:[’']ll|\s+will|\s+would|[’']d|\s+do|\s+did)?\s+ever\b|\b(?:have|got)\s+to\s+put\s+up\s+with\s+(?:this|it|that|these|them)\b"
    r"|\bhow\s+much\s+(?:more|longer)\s+(?:are|do|must|will|have|does|can)\s+(?:we|residents|people|us|they)\b"
    r"|\bhow\s+many\s+more\s+times\b|\bhow\s+many\s+times\s+(?:do|does|did|must|will|have|has|should)\s+(?:we|i|you|they"
    r"|residents|people|it|this)\s+(?:have\s+to|need\s+to|got\s+to|gotta|been|had|asked|told|reported|complained)\b"
    # Complaints in why-form: "Why do they always dig up the same road", "why does this keep happening".
    r"|\bwhy\s+(?:do|does|did|is|are|must|can|will|would|wo)(?:n?[’']?t)?\s+(?:they|you|the\s+council|councillors|people|we"
    r"|this|it|that)\s+(?:\w+\s+)?(?:always|never|constantly|keep|keeps|forever)\b"
    r"|\b(?:why|when)\s+(?:can|will|do|does|did|would|wo)(?:n?[’']?t)?\s+(?:they|you|we|the\s+council|councillors)\s+ever\b"
    # "Is that really the best they could come up with", "Was that the best you could manage".
    r"|\b(?:is|was)\s+(?:that|this|it)\s+(?:really\s+|honestly\s+|seriously\s+)?the\s+best\s+(?:you|they|we|the\s+"
    r"(?:town\s+)?council|councillors)\s+(?:can|could)\s+(?:do|manage|come\s+up\s+with|think\s+of|offer)\b"
    # "Where's your common sense", "Where's their shame": scorn in the shape of a where-question.
    r"|\bwhere[’']?s\s+(?:your|their|the\s+council[’']s)\s+(?:\w+\s+)?(?:sense|shame|decency|brains?|head|heads|manners"
    r"|respect|responsibility|accountability|integrity|conscience)\b",
    re.IGNORECASE,
)
# Idioms that open like questions and ask nothing: "What do you know, ...", "Would you believe it", "Need I say
# more?", "Why not pop down ...", "Who doesn't love ...". They end a question's reading of the sentence, "?" or not.
_IDIOM = re.compile(
    _LEAD + r"(?:what\s+do\s+you\s+know|would\s+you\s+(?:believe|credit)\s+it"
    # "Did it last year with the Brownies, see you there": the writer's own doing
    r"|did\s+(?:it|that|this)\s+(?:last|before|already|years|loads|twice|once|with)\b"
    # "Who's got two thumbs and a pitch at the summer fair? This guy": a joke's set-up
    r"|who['’]?s\s+got\s+two\s+thumbs\b"
    # "What happens next is up to the planning committee": a statement that opens like a question
    r"|what\s+happens\s+(?:next|now|then)\s+(?:is|will\s+be)\b"
    r"|would\s+you\s+look\s+at\s+(?:that|this|it|them|all|those|these|the\s+(?:state|size|crowd|queue|colour|view))"
    r"|need\s+i\s+say\s+more|where\s+do\s+(?:i|we|you)\s+(?:even\s+)?(?:start|begin)|who\s+(?:could|would|can)\s+(?:ask|wish)\s+for\s+(?:more|better)"
    r"|who\s+doesn[’']?t\s+(?:love|like|enjoy)|what\s+more\s+(?:could|can|would)\s+(?:you|we|anyone|one)\s+(?:want|ask|wish)"
    r"|how\s+about\s+that|guess\s+(?:what|who|where|which)"
    # a suggestion, not a question: "How about a dog show like they used to do?"; "Do you know what, bring back ..."
    r"|how\s+about\s+(?:a|an|some|more|bringing|having|doing|putting|getting|making|we|us)\b"
    r"|(?:do\s+)?you\s+know\s+what(?=\s*[,!.…-])"
    # "What are the odds", "Who's ready for a riot of tulips then?!", "Do you know how long we've waited for these?!"
    r"|what\s+are\s+the\s+(?:odds|chances)(?=\s*[,!.?…-]|\s*$)|who['’]?s\s+(?:ready|excited|up)\s+for\b"
    r"|(?:is|was)\s+(?:that|this)\s+a\s+(?:record|first)\b"
    r"|(?:do\s+)?you\s+know\s+how\s+long\s+(?:we['’]ve|we\s+have|i['’]ve|i\s+have)\s+(?:waited|been\s+waiting)"
    # "Can you ever go wrong with red geraniums?"
    r"|(?:can|could)\s+(?:you|one|anyone|any\s*body)\s+(?:ever\s+|really\s+)?(?:go\s+wrong|beat|fault|argue)\s+with\b"
    r"|you\s+know\s+what|what\s+(?:are\s+you|is\s+everyone)\s+waiting\s+for"
    r"|why\s+not\s+(?:pop|come|join|drop|head|get|give|try|bring|take|call|book|sign|share|have|make|enjoy|treat|put"
    r"|install|add|fit|build|plant|paint|move|extend|use|provide|run|stick|turn|knock|start|hold|open\s+up|do\s+(?:a|an|some))"
    r"|how\s+(?:lovely|nice|great|wonderful|brilliant|good|kind|sad|cool|exciting|fab\w*|amazing)"
    r"|isn[’']?t\s+(?:it|that|this|he|she)\s+(?:just\s+)?(?:lovely|great|wonderful|brilliant|nice|amazing|fab\w*|gorgeous)"
    r"|don[’']?t\s+you\s+(?:just\s+)?(?:love|adore)|what[’']?s\s+not\s+to\s+(?:love|like)"
    r"|who\s+needs\s+\w+\s+when|how\s+time\s+flies|what\s+a\s+(?:day|night|week|turnout|result|team|town|view)"
    r"|why\s+(?:do|did|should)\s+(?:we|i|you|they)\s+(?:even\s+)?bother|is\s+it\s+(?:just\s+)?me\s+or"
    # "Why did nobody tell me how much better the new path is": delight, not a complaint about not being told.
    r"|why\s+(?:did\s+(?:no\s*-?\s*one|nobody)|didn[’']?t\s+(?:any\s*one|any\s*body|some\s*one|some\s*body)"
    r"|has\s+(?:no\s*-?\s*one|nobody))\s+(?:ever\s+)?(?:tell|told|warn|warned)\s+me\s+(?:how|what\s+a)\s+"
    r"(?:(?:much|so|very|far)\s+)?(?:\w+er|good|great|lovely|nice|brilliant|amazing|gorgeous|smooth|fab\w*|beautiful)\b"
    r"|where\s+would\s+(?:we|i|brackley|the\s+town)\s+be\s+without|who\s+(?:wouldn[’']?t|could\s+forget|can\s+resist"
    r"|could\s+resist|can\s+forget)|how\s+(?:good|great|cool|lovely|amazing|brilliant)\s+(?:was|is|were|are)\s+"
    r"(?:that|this|it|the)|how[’']?s\s+(?:that|this)\s+for|can\s+we\s+(?:just\s+|all\s+)?(?:appreciate|take\s+a\s+moment"
    r"|agree|admire)|does\s+(?:exactly\s+)?what\s+it\s+says"
    r"|(?:does|did)\s+(?:my|your|our|their)\s+(?:head|nut)\s+in|did\s+(?:my|our|your|their)\s+bit"
    r"|where\s+(?:has|have|did)\s+(?:the|this)\s+(?:year|time|summer|week|month|day|weekend)s?\s+gone"
    # "Where does the time go", "Can I just say the planters look beautiful"
    r"|where\s+(?:does|did)\s+(?:the\s+)?(?:time|year|summer)\s+go|(?:can|may|could)\s+i\s+just\s+say"
    # "What's gone is gone", "What will be will be".
    r"|what(?:[’']s|\s+is|\s+was)\s+(?P<same>\w+)\s+(?:is|was)\s+(?P=same)|what\s+will\s+be\s+will\s+be)\b",
    re.IGNORECASE,
)
# Questions that are exclamations or scorn wherever they stand: "Who do they think they are?", "What were they
# thinking?!", "Could this town get any better?", "Doesn't the park look amazing?", "Who'd be a councillor, eh?".
_EXCLAMATIVE = re.compile(
    r"\bwho\s+do\s+(?:they|you|he|she)\s+think\s+(?:they|you|he|she)(?:[’']re|\s+are|\s+is|[’']s)"
    r"|\bwhat\s+(?:were|was|are|is|am)\s+(?:they|you|he|she|i|we|the\s+council|councillors)\s+(?:thinking|playing\s+at|on)\b"
    # "Do they think we're made of money", "Does the council think residents will fall for that": what they think
    # of us, asked in scorn; not "Do you think the path will be open".
    r"|\b(?:do|does)\s+(?:they|you|the\s+(?:town\s+)?council|councillors)\s+(?:really\s+|honestly\s+|seriously\s+)?"
    r"(?:think|take|believe|expect)\s+(?:we[’']re|we\s+are|we\s+have|we[’']ve|we\s+don[’']?t|us|residents|people"
    r"|the\s+public)\b"
    r"|\b(?:who|what)\s+on\s+earth\s+(?:approved|decided|thought|signed|agreed|were|was|is\s+(?:going|this))"
    r"|(?:^|[,.!?]\s*)(?:what|whatever)\s+next\s*(?:[?!.]|$)|\bcould\s+(?:this|it|the\s+\w+|today|life|brackley|we|you|they)\s+(?:\w+\s+)?"
    r"(?:get|be|look)\s+any\s+(?:worse|\w+er\b|more\s+\w+|less\s+\w+)"
    r"|\b(?:isn[’']t|wasn[’']t)\s+(?:that|it|this)\s+(?:just\s+)?typical|\bwho[’']?d\s+be\s+an?\s+\w+"
    r"|\b(?:can|could)\s+you\s+(?:(?:believe|credit)\s+(?:it|this|that)|imagine)\b"
    r"|\b(?:doesn[’']t|don[’']t|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|didn[’']t)\s+(?:[\w’']+\s+){1,5}?"
    r"(?:(?:look|looks|sound|seem|taste)\s+)?(?:just\s+|so\s+|absolutely\s+)?(?:amazing|lovely|great|fantastic|beautiful"
    r"|stunning|brilliant|gorgeous|wonderful|fab\w*|magnificent|incredible|superb|spectacular|smashing|ace)\b",
    re.IGNORECASE,
)
# Texting spellings read as words before a sentence is judged ("wen r u open", "hw long", "cn u tell me"): spans
# are still the original's, only the judging reads the respelt sentence.
_RESPELL = {"wen": "when", "wot": "what", "wat": "what", "wut": "what", "hw": "how", "r": "are", "u": "you",
            "dus": "does", "dz": "does",
            "cn": "can", "any1": "anyone", "ne1": "anyone", "sum1": "someone", "some1": "someone", "plz": "please",
            "pls": "please", "wil": "will", "wud": "would", "cud": "could", "shud": "should", "wer": "where",
            "whn": "when", "ya": "you", "yer": "your", "ur": "your", "dont": "don't", "doesnt": "doesn't",
            "cant": "can't", "wont": "won't", "isnt": "isn't", "arent": "aren't", "whats": "what's",
            "wheres": "where's", "whos": "who's", "wher": "where", "whr": "where", "wht": "what", "hws": "how's",
            "abt": "about", "wen's": "when's", "whens": "when's", "hows": "how's", "d'you": "do you", "dya": "do you",
            "wanna": "want to", "gonna": "going to", "kno": "know", "knw": "know", "im": "i'm",
            "yous": "you", "youse": "you", "howd": "how'd", "whatd": "what'd", "whered": "where'd",
            "gd": "good", "wd": "would", "cld": "could", "wether": "whether", "wheather": "whether",
            # dialect: "whit's the latest", "ow much is it", "do i ave to"
            "whit": "what", "whits": "what's", "whit's": "what's", "ow": "how", "ave": "have", "av": "have",
            "yiz": "you", "youz": "you", "ye": "you"}
# Apostrophes left out of the auxiliaries a question turns on: "didnt the council say", "shouldnt it", "youre".
_RESPELL.update({f"{aux}nt": f"{aux}n't"
                 for aux in ("did", "should", "would", "could", "was", "were", "has", "have", "had", "must", "need")})
_RESPELL.update({"youre": "you're", "theyre": "they're", "ive": "i've", "thats": "that's", "theres": "there's",
                 "ther": "there", "tru": "true"})
# A letter typed three times or more is one letter: "Pleeease", "sooo".
_STRETCHED = re.compile(r"([a-z])\1{2,}+", re.IGNORECASE)
# A short word, looked up in _RESPELL: one pattern over words of its keys' length, not an alternation of 100 spellings
# tried at every position (a hostile 8,000-character comment took a third of its reading time there).
_TEXTING = re.compile(rf"(?<![\w'’])[\w'’]{{1,{max(map(len, _RESPELL))}}}(?![\w'’])")


def respelt(text: str) -> str:
    """Return a text with texting spellings written out ("wen r u" -> "when are you", "Pleeease" -> "Please")."""
    return _TEXTING.sub(lambda m: _RESPELL.get(m.group().lower(), m.group()), _STRETCHED.sub(r"\1", text))


# Not worded as a question, these make a "?" disbelief, not a question: "£45?!", "Cancelled again?! 😂".
_EXCLAIMED = re.compile(r"\?\s*!|!\s*\?")
# Praise that follows a "?!" ("... stay on?! Genius"): the question was wonder.
_PRAISE = re.compile(r"\W*+(?:(?:absolutely\s+|just\s+|truly\s+)?(?:stunning|gorgeous|beautiful)|genius|brilliant"
                     r"|amazing|clever|incredible|impressive|magic(?:al)?|wizardry|love\s+it"
                     r"|welcome\s+aboard|welcome\s+to\s+the\s+\w+|about\s+time"
                     r"|fab\w*|stunning|superb|hats\s+off|well\s+done|respect|legends?|wow|bravo|top\s+job|nice\s+one)\b",
                     re.IGNORECASE)
# A grin after a question: teasing, when praise follows.
_GRIN = re.compile(r"[\U0001F600-\U0001F606\U0001F609\U0001F60A\U0001F60E\U0001F61C\U0001F61D\U0001F923\U0001F642]")
# Doubt that a plan can work, put as a "?!" how-question: "How is a survey going to stop the vandals?!".
_HOW_DOUBT = re.compile(r"\bhow\s+(?:is|are|was|were|will|would|does|do)\s+(?:[\w’'-]+\s+){1,6}?(?:going\s+to|gonna"
                        r"|supposed\s+to|meant\s+to|help|stop|fix|solve|change)\b", re.IGNORECASE)
# A few words and a question mark, no verb of asking: "Cheese stall??", "Easter already?", "Fireworks AND a funfair?"
_FRAGMENT = re.compile(r"\s*(?!(?:what|when|where|who|why|how|which|is|are|can|could|will|would|do|does|did|has"
                       r"|have)\b)(?:[\w'’&-]+\s+){0,4}[\w'’&-]+\s*\?+\s*", re.IGNORECASE)
_DELIGHT = re.compile(r"!|[\U0001F300-\U0001FAFF\u2600-\u27BF]|\b(?:now\s+you['’]re\s+talking|best|love|lovely"
                      r"|brilliant|amazing|great|fab\w*|yes+|wow"
                      r"|where\s+(?:does|did|has)\s+(?:the\s+)?(?:time|year|week)\s+(?:go|gone))\b",
                      re.IGNORECASE)
# A question ending in "lol" of more words than this asks something practical: the scorn is in short ones ("When's
# the next cock-up lol").
_LAUGHED_WORDS = 9
# ...or a clause about the asker's own after a comma: "What age does it go up to, my eldest is 13 😂".
_BECAUSE = re.compile(r"\b(?:cos|coz|cuz|because|bcos|bc)\b|,\s*(?=(?:my|our|we['’]re|i['’]m|i['’]ve|he['’]s|she['’]s"
                      r"|the\s+kids?)\s)", re.IGNORECASE)
_LAUGH = re.compile(r"[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F644\U0001F926\U0001F937\U0001F611\U0001F612]"
                    r"|\b(?:lol|lmao|rofl|(?:ha){2,}h?)\b", re.IGNORECASE)
# An echo of a figure: "£45?", "20%?", "Another £3?". It was written "\W*(?:another...)?\s*[£$€]?\s*\d[\d,.]*\s*
# (?:%|p...)?(?:\s+(?:a|per...)\s+\w+){0,2}\W*", which matches the same texts but tried every way of sharing a run of
# spaces among its \W* and \s* (cubic: a reply of a quote mark, 400 spaces and "?" took 0.26 s). Each run now has one
# owner: a quantifier is possessive (*+) only where what follows cannot start with what it holds, and the
# optional unit carries the spaces before it.
_ECHO = re.compile(r"\W*+(?:(?:another|an\s+extra|extra|over|only|just|nearly|almost)\s*+(?:[£$€]\s*+)?)?\d[\d,.]*+"
                   r"(?:\s*+(?:%|p|k|m|quid|pounds?|pence|grand|per\s*cent))?(?:\s++(?:a|an|per|for)\s++\w++){0,2}\W*+",
                   re.IGNORECASE)


_QUOTED_QUESTION = re.compile(r"(?:^|(?<=[\s:(]))['\"‘“](?=\w)[^\n'\"‘“’”]{0,20}[^\n\"“”]{0,150}?\?['\"’”](?!\w)")


def _masked(text: str) -> str:
    """Return text with links, @mentions and quoted questions blanked out, keeping offsets (a '?' in a URL asks
    nothing; nor does a headline quoted: "headline was 'Could Brackley's egg hunt be the best in the county?'")."""
    blanked = _URL_OR_MENTION.sub(lambda m: " " * len(m.group()), clip(text))
    return _QUOTED_QUESTION.sub(lambda m: " " * len(m.group()), blanked)


def _imperative_request(clause: str, polite: bool) -> bool:
    """Say whether a clause asks as an imperative: "ring me about ...", or "send me the form" said with a please."""
    match = _IMPERATIVE.match(clause)
    return match is not None and (match.group("contact") is not None or polite)


def _worded_as_question(body: str) -> bool:
    """Say whether a sentence, or a clause inside it, opens the way questions do (or asks as an imperative)."""
    if _OPENER.match(body) or _OPEN_SUBJECT.match(body):
        return True
    polite = _POLITE.search(body) is not None
    if _imperative_request(body, polite):
        return True
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(body)[1:]]
    # An idiom opens a clause as it opens a sentence: "Great to see the park used, is it me or are there more ducks".
    if any((_CLAUSE_OPENER.match(c) or _OPEN_SUBJECT.match(c) or _imperative_request(c, polite) or _presumed(c))
           and not _IDIOM.match(c) for c in clauses):
        return True
    if _EITHER_OR.search(body):
        return True  # "can she come before her birthday or does she have to wait"
    condition = _CONDITION.match(body)
    if condition is not None and _CLAUSE_OPENER.match(body[condition.end():]):
        return True
    return _presumed(body) or _tagged(body) or _PRESUMED_TAIL.search(body) is not None


def _presumed(body: str) -> bool:
    """Say whether a sentence puts a presumption to be confirmed ("I take it the market is off")."""
    # The scorn is the presumption's own ("I take it nobody will reply"), not a reason given after a comma
    # ("..., nothing's gone up on the noticeboard"); "as usual" scorns wherever it stands.
    head = body.split(",", 1)[0]
    if _GUESSING.match(body) and _CONFIRM.search(body):
        return True  # "Guessing the closing date is end of May, but would be good to have that confirmed"
    return _PRESUME.match(body) is not None and _SCORN_PRESUMED.search(head) is None \
        and _SCORN_ANYWHERE.search(body) is None


def _tagged(body: str) -> bool:
    """Say whether a sentence ends in a tag question about a fact ("the tip's open Sundays now, isn't it")."""
    return _TAG.search(body) is not None and _SMALL_TALK.search(body) is None


# "Why does the back field never get cut till it's knee high", with no "?": a complaint about what always happens.
_WHY_ALWAYS = re.compile(r"\W*+(?:and\s+|but\s+|so\s+|honestly\W+)?why\s+(?:does|do|is|are|did|has|have|must"
                         r"|can[’']?t|won[’']?t|doesn[’']?t|don[’']?t|isn[’']?t)\b[^?？]*?\b(?:never|always"
                         r"|every\s+(?:single\s+)?(?:time|year|week|month|summer|winter|spring|autumn))\b",
                         re.IGNORECASE)
# Asked of the neighbours reading along, not the Council: "Does anyone round Hill View have a spare water butt they'd
# sell?", "Anyone recommend a plumber?".
_NEIGHBOURS = re.compile(r"\bany\s*(?:one|body)\b[^.!?\n]{0,60}?\b(?:spare|sell|lend|borrow|swap|give\s+away"
                         r"|going\s+free|for\s+sale|recommend\s+(?:a|an|any|someone|somebody))\b"
                         # "Mum are you entering this year?": family spoken to by name
                         r"|^\W*(?:mum|mam|mom|mummy|dad|daddy|nan|nanna|nana|grandad|grandma|gran|sis|bro)\b,?\s+(?:are|did|do|have"
                         r"|will|can|is|you|u|fancy)\b"
                         # "Did anybody manage to get one of the under-8s finishing?": the other parents asked
                         r"|^\W*did\s+any\s*(?:one|body)\s+(?:manage\s+to\s+)?(?:get|take|snap|film|catch)\s+(?:a|any|one)\b"
                         # "How is it nearly May and the fountain's still switched off?!": exasperation
                         r"|^\W*how\s+is\s+it\s+(?:nearly|already|still|almost)\b"
                         # "Has anybody handed in a set of car keys?": whoever found them asked
                         r"|^\W*(?:has|have)\s+any\s*(?:one|body)\s+(?:handed\s+in|found|seen|picked\s+up)\b"
                         # "Is anyone from Brackley Runners doing the 10k?": a club's members asked, not the Council
                         r"|^\W*(?:is|are|will)\s+any\s*(?:one|body)\s+(?:else\b|(?:from|in|at)\s+(?!(?:the\s+)?(?:town\s+)?"
                         r"(?:council|office|town\s+hall|clerk)\b))"
                         # peers asked: "Any of the other clubs in town thinking of going for the kit funding?"
                         r"|^\W*any\s+(?:of\s+the\s+)?other\s+(?:clubs|groups|residents|parents|people|businesses|traders"
                         r"|organisations|charities|teams|schools|societies|villages|parishes)\b"
                         # an invitation to whoever reads: "Fancy a cuppa while you're there? The WI will be doing teas"
                         r"|^\W*(?:(?:do\s+you|anyone|any\s*body|who)\s+)?fanc(?:y|ies)\s+(?:a|an|some|joining|coming|popping"
                         r"|giving|helping|trying)\b", re.IGNORECASE)


def _sentence_question(sentence: str, rhetorical_tone: bool) -> str | None:
    """Return why one sentence asks something, or None.

    After a rhetorical marker ("Seriously?"), a bare "?" fragment ("Another year of roadworks?") is part of
    the taunt; only question wording still counts.
    """
    body = respelt(sentence.strip())
    if not body:
        return None
    if _DISBELIEF.search(body) or _IDIOM.match(body) or _EXCLAMATIVE.search(body):
        return None
    marked = "?" in body or "？" in body
    if (not marked and _WHY_ALWAYS.match(body)) or _NEIGHBOURS.search(body):
        return None
    if not marked and _NOUN_REQUEST.match(body) and not _RHETORICAL.search(body):
        return "request for information"  # "Updates please!", "Info on the grant pls"
    if not marked and (body.endswith("!") or not _worded_as_question(body)):
        return None  # "What a turnout!", "How lovely!", statements
    if _RHETORICAL.search(body) or _LAMENT.search(body):
        return None  # a taunt or a lament, "?" or not: "Are you kidding me. Again"
    if not marked:
        # "Who's paying for this then 🤣", "When's the next cock-up lol": wording laughed at, with no "?", asks nothing;
        # a laugh at the reason given after it ("... cos my whole rota is planned round it lol") does not.
        # A please asks whatever the laugh: "Can you post a paper copy out please, my dad's not online 😂"; so does a
        # long texted question a "lol" only ends ("wen do the verges get done ... grass is up to my knees lol"), where
        # a laughing face still mocks ("Who hasn't gone over on their ankle on that path at least once 😂").
        head = _BECAUSE.split(body, 1)[0]
        laugh = _LAUGH.search(head)
        laughed = laugh is not None and not _POLITE.search(body) \
            and (not laugh.group()[:1].isalpha() or len(body.split()) <= _LAUGHED_WORDS)
        if rhetorical_tone and _IMPERATIVE.match(body):
            return None  # "Anyone on here fancy splitting a rotavator? Message me": the same readers asked to reply
        return None if laughed else "question wording"
    if _TAG.search(body) and _SMALL_TALK.search(body):
        return None  # "Lovely morning for it, isn't it?": small talk, "?" or not
    if _EXCLAIMED.search(body) and (_HOW_DOUBT.search(body) or _LAUGH.search(body)):
        return None  # "who picks these times?! 😂": a laugh at the choice, not a question
    if _worded_as_question(body):
        return "question mark"
    if rhetorical_tone or _EXCLAIMED.search(body) or _LAUGH.search(body) or _ECHO.fullmatch(body):
        return None
    return "question mark"


# A comment that opens with someone's full name and goes straight on to ask is put to that person, as Facebook writes
# a tagged reply ("Linda Hobbs did you ever get yours sorted"); not the council's own name.
_TO_SOMEONE = re.compile(r"\s*(?!(?:Our|My|The|This|That|These|Those|Your|Their|His|Her|Its|We|They|Which|What|When"
                         r"|Where|Who|Whose|Why|How|Is|Are|Can|Could|Does|Do|Did|Will|Would)\b)"
                         r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\s+){1,2}?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?,?\s+"
                         r"(?:did|do|does|have|has|are|is|was|were|can|could|would|will|what|when|where|how|who|which"
                         r"|any|fancy|fancies|wanna|want|coming|remember|you|u)\b")
_TO_COUNCIL = re.compile(r"\s*(?:[\w-]+\s+){0,2}(?:town|parish|borough|district|county|city)?\s*council\b"
                         r"|\s*(?:hi|hello|hiya|hey|dear|morning|afternoon|evening|good|thanks|thank|please|sorry|excuse)\b",
                         re.IGNORECASE)


# The asker taking the question back a few sentences on: "...it says June. In the post. Ignore me, Tuesday brain".
_IGNORE_ME = re.compile(r"\b(?:ignore\s+me|never\s*mind(?=\s*[,.!…]|\s*$)|scratch\s+that|silly\s+me|my\s+bad"
                        r"|answered\s+my\s+own\s+question)\b", re.IGNORECASE)
# ...and the same words in the same breath, after an ellipsis: "Where do we pay … ah ignore me, it says in the post".
_TAKEN_BACK = re.compile(r"(?:…|\.\.\.)\s*(?:(?:oh|ah|ok|okay|right|sorry|doh)\W+)?(?:" + _IGNORE_ME.pattern
                         + r"|\b(?:found\s+it|just\s+(?:seen|spotted|read)\s+it)\b"
                         # "what time's it start? …oh it says 7pm right there"
                         r"|\b(?:it\s+)?says\s+[^.!?\n]{1,40}?\s(?:right\s+there|right\s+here|in\s+black\s+and\s+white)\b)",
                         re.IGNORECASE)
# A sentence with a word in it: "..." or an emoji between two sentences is not the next one.
_WORDY = re.compile(r"\w")


def _scornful_at(sentences: list[re.Match[str]], at: int) -> bool:
    """Say whether the sentence holding a position is rhetorical ("I wonder why I bother")."""
    held = next((m.group() for m in sentences if m.start() <= at < m.end()), "")
    # An idiom holds no request either: "why did nobody tell me how much nicer the path is".
    return bool(_RHETORICAL.search(held) or _LAMENT.search(held) or _DISBELIEF.search(held)
                or _IDIOM.match(held.strip()))


def _find_question(text: str) -> tuple[int, int, str] | None:
    """Return (start, end, reason) of the first part of a text that asks a question, or None."""
    if _TO_SOMEONE.match(text) and not _TO_COUNCIL.match(text):
        return None  # "Linda Hobbs did you get yours sorted?": a comment put to the person Facebook tagged
    masked = _masked(text)
    sentences = list(_SENTENCE.finditer(masked))
    rhetorical_tone = any(_RHETORICAL.search(m.group()) or _LAMENT.search(m.group()) or _DISBELIEF.search(m.group())
                          for m in sentences if "?" in m.group())
    for i, match in enumerate(sentences):
        reason = _sentence_question(match.group(), rhetorical_tone)
        # "Who listens to residents? Nobody.": a question its asker answers is rhetorical.
        after = next((m.group() for m in sentences[i + 1:] if _WORDY.search(m.group())), "")
        later = " ".join(m.group() for m in sentences[i + 1:i + 7])
        if reason and (_SELF_ANSWER.match(after) or _OWN_ANSWER.match(after) or _WITHDRAWN.match(after)
                       or _IGNORE_ME.search(later) or (_WHO_ASKED.match(match.group()) and _ME_AND.match(after))):
            continue  # "... Ignore me, it's on the poster": a question its asker withdraws asks nothing either
        # "Cheese stall?? Now you're talking", "Easter already? Where does the time go!": a surprised fragment
        # followed by delight asks nothing.
        if reason == "question mark" and i + 1 < len(sentences) and _FRAGMENT.fullmatch(match.group()) \
                and _DELIGHT.search(sentences[i + 1].group()):
            continue
        # "Three weeks for two swings and a slide? My grandad built our shed in a weekend 😂": a figure scorned.
        if reason == "question mark" and i + 1 < len(sentences) and _LAUGH.search(sentences[i + 1].group()) \
                and not _worded_as_question(respelt(match.group().strip())):
            continue
        # "Where do we pay if not online … ah ignore me, it says in the post": taken back in the same breath.
        if reason and _TAKEN_BACK.search(match.group()):
            continue
        # "How do they get the eggs to stay on?! Genius": wonder, then praise, asks nothing either.
        if reason and i + 1 < len(sentences) and (_EXCLAIMED.search(match.group()) or _GRIN.search(match.group())) \
                and _PRAISE.match(sentences[i + 1].group()):
            continue  # "Ooh, has the council gone all modern on us? 😄 Welcome aboard" teases
        if reason:
            start = match.start() + (len(match.group()) - len(match.group().lstrip()))
            return start, match.end(), reason
    request = _REQUEST.search(masked)
    if request is not None and not _scornful_at(sentences, request.start()):
        return request.start(), request.end(), "request for information"
    spelt = respelt(masked)
    request = _REQUEST.search(spelt) if spelt != masked else None  # the same text was searched just above
    if request is not None and not _scornful_at(list(_SENTENCE.finditer(spelt)), request.start()):
        return 0, len(masked.rstrip()), "request for information"  # respelt offsets are not the original's
    return None


# unanswered reads every stored reply again each cycle (the history spans two weeks), so what each text asks is
# remembered, keyed by the text: a reply that took 50 ms to read is not read again 96 times a day, and an edit
# is a new text. 16,384 results of a few dozen bytes each cover a busy fortnight. unattended needs no memo: it
# reads only when posts were made, never their text.
_QUESTIONS: TextMemo[tuple[int, int, str] | None] = TextMemo(_find_question, maxsize=16_384)
# A question is looked for in a reply's first 3,000 characters and its last 1,000, where a long comment opens or ends
# with what it asks ("... so what are you going to do about it?"). Reading all of Facebook's 8,000 cost 21 ms a
# comment of hostile text: a hundred such comments made one poll cycle take 2 s, issue 9's limit.
HEAD_CHARS, TAIL_CHARS = 3_000, 1_000


def question_span(text: str) -> tuple[int, int, str] | None:
    """Return (start, end, reason) of the first part of a text that asks a question, or None.

    Thanks, praise and statements ask nothing; rhetorical questions and taunts ("Is this a joke?",
    "Are you lot useless?") expect no answer and do not count either.
    """
    # Only the head and the tail of a long text are read, or hashed.
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return _QUESTIONS(text)
    if (found := _QUESTIONS(text[:HEAD_CHARS])) is not None:
        return found
    tail = len(text) - TAIL_CHARS
    if (found := _QUESTIONS(text[tail:])) is None:
        return None
    return found[0] + tail, found[1] + tail, found[2]


def _official_keys(ctx: Context) -> set[Key]:
    """Return the keys of official accounts: the registry, official profiles and authors of official posts."""
    keys = set(official_accounts(ctx))
    keys.update(p.author_key for p in ctx.history.posts if p.role == "official")
    return keys


def tag_names(ctx: Context, officials: Collection[Key]) -> dict[str, list[tuple[str, Key]]]:
    """Return, per platform without @handles, the names a comment tags an official page by, folded, longest first.

    Facebook writes a tag as the page's name at the head of a comment ("Brackley Town Council does the new stuff
    ..."), so a comment in a resident's thread that opens with it is put to the Council.
    """
    out: dict[str, list[tuple[str, Key]]] = {}
    for key in officials:
        platform = key[0]
        if platform not in PLATFORMS or PLATFORMS[platform].at_handles:
            continue
        profile = ctx.history.accounts_by_key.get(key)
        council = ctx.config.council
        for name in {council.name, *council.short_names, profile.display_name if profile else ""}:
            if len(name.strip()) >= 5:
                out.setdefault(platform, []).append((name.strip().casefold(), key))
    for names in out.values():
        names.sort(key=lambda n: -len(n[0]))
    return out


_ASIDE = re.compile(r"[^.!?\n]{1,30}[.!?]+\s+")


def addressee(post: Post, history: History, officials: Collection[Key],
              tags: Mapping[str, Sequence[tuple[str, Key]]] | None = None) -> Key | None:
    """Return the official account a post is addressed to: a reply to its post, an @mention on X, or a page tagged."""
    if post.reply_to:
        parent = history.posts_by_id.get((post.platform, post.reply_to))
        if parent is not None and parent.author_key in officials:
            return parent.author_key
    if post.reply_to_handle:
        key = (post.platform, handle_key(post.reply_to_handle))
        if key in officials:
            return key
    # An @mention addresses an account only where handles are written with @ (X, not a Facebook Page name).
    if "@" in post.text and post.platform in PLATFORMS and PLATFORMS[post.platform].at_handles:
        for match in _MENTION.finditer(clip(post.text)):
            key = (post.platform, match.group(1).casefold())
            if key in officials:
                return key
    if tags and post.platform in tags:
        head = post.text[:80].lstrip(" @").casefold()
        # ...also after a short aside: "Same here! Brackley Town Council do you know if ..."
        aside = _ASIDE.match(head)
        heads = (head, head[aside.end():]) if aside else (head,)
        for name, key in tags[post.platform]:
            if any(h.startswith(name) and not h[len(name):len(name) + 1].isalnum() for h in heads):
                return key  # "Brackley Town Council does the new play area ...": the page tagged by its name
    return None


# Official replies in a conversation: when, and the id of the post each replied to.
ConversationIndex = dict[tuple[str, str, Key, str], list[tuple[datetime, str | None]]]


def conversation_replies(history: History, officials: Collection[Key]) -> ConversationIndex:
    """Index official replies by (platform, conversation, official, folded handle replied to)."""
    index: ConversationIndex = {}
    for post in history.posts:
        if post.conversation_id and post.reply_to_handle and post.author_key in officials:
            key = (post.platform, post.conversation_id, post.author_key, handle_key(post.reply_to_handle))
            index.setdefault(key, []).append((post.created_at, post.reply_to))
    return index


def _answers_another(question: Post, parent_id: str | None, history: History) -> bool:
    """Say whether a reply to the asker went to another question of theirs, and so answered that one instead."""
    if parent_id is None or parent_id == question.id:
        return False
    parent = history.posts_by_id.get((question.platform, parent_id))
    return parent is not None and bool(parent.text) and question_span(parent.text) is not None


def answered_at(question: Post, official: Key, history: History, threads: ConversationIndex,
                answerers: Collection[Key] = ()) -> datetime | None:
    """Return when the official account (or another of `answerers`) first replied to a question, or None.

    A reply is a post by that account replying to the question, to the resident's own follow-up of it,
    or replying to the resident later in the same conversation ("Love the fair" answered with "Thank you! And
    yes, there's a first aid tent"), unless that reply went to another question of theirs: it answered that one.
    """
    who = {official, *answerers}
    times: list[datetime] = []
    for reply in history.replies_to.get((question.platform, question.id), ()):
        if reply.author_key in who:
            times.append(reply.created_at)
        elif reply.author_key == question.author_key:
            # a follow-up that asks a question of its own ("Also, do we need insurance?") takes the answer to itself,
            # unless the answer says it answers both ("Hi Jen, yes to both: ..."); "And the toilets?" only carries the
            # first one on
            own = _own_question(reply.text)
            times += [r.created_at for r in history.replies_to.get((reply.platform, reply.id), ())
                      if r.author_key in who and (not own or _BOTH.search(r.text or "") is not None)]
    if question.conversation_id:
        for account in who:
            key = (question.platform, question.conversation_id, account, handle_key(question.handle))
            times += [t for t, parent in threads.get(key, ())
                      if t >= question.created_at and not _answers_another(question, parent, history)]
    return min(times, default=None)


# An answer to a follow-up that says it answers the first question too.
_BOTH = re.compile(r"\b(?:both|all\s+(?:three|of\s+(?:them|these|those|your\s+questions))|each\s+of\s+your\s+questions"
                   r"|your\s+(?:two|three)\s+questions|both\s+questions)\b", re.IGNORECASE)
# A follow-up that carries the first question on: "(or can we just email them?)", "Anyone?", "Bump", "Any update?".
_CARRIED_ON = re.compile(r"\W*+(?:or|any\s*(?:one|body)|hello|bump\w*|still\s+waiting|any\s+(?:update|news|answer|reply"
                         r"|luck|joy))\b", re.IGNORECASE)


def _own_question(text: str) -> bool:
    """Say whether a follow-up asks a question of its own, not a fragment carrying the first on ("And the toilets?")."""
    if not text or (span := question_span(text)) is None:
        return False
    asked = _masked(text)[span[0]:span[1]].strip()
    return _FRAGMENT.fullmatch(_masked(text).strip()) is None and _FRAGMENT.fullmatch(asked) is None \
        and _CARRIED_ON.match(asked) is None


def _answerers(ctx: Context, officials: set[Key]) -> Collection[Key]:
    """Return the accounts whose reply answers a question besides the one asked: the Council's others, by default."""
    return officials if other_officials_answer(ctx.config) else ()


def _handle_of(key: Key, ctx: Context) -> str:
    """Return an official account's handle as registered, else as seen."""
    entry = ctx.config.registry.get(key)
    return entry.ref.handle.lstrip("@") if entry else key[1]


@dataclass(frozen=True, slots=True)
class _Due:
    """A question whose reply target has passed: who it was put to, when, and what became of it."""

    question: Post
    official: Key
    span: tuple[int, int, str]
    deadline: datetime
    answered: datetime | None


def _unanswered_hit(due: _Due, ctx: Context, calendar: Calendar) -> Hit:
    """Return the finding for a question not answered within the target."""
    q, zone, target = due.question, ctx.config.zone, ctx.config.targets.reply_within_office_hours
    official = _handle_of(due.official, ctx)
    waited = seconds_between(calendar, q.created_at, due.answered or ctx.now) / 3600
    start, end, why = due.span
    reasons = [f"asks a question ({why})", f"addressed to @{official}"]
    if due.answered is None:
        reasons.append(f"no reply from @{official} within {target:g} office hours")
        message = (f"@{q.handle}'s question to @{official} has had no reply within {target:g} office hours "
                   f"(due {due.deadline:%a %d %b %H:%M}).")
    else:
        reasons.append(f"@{official} replied after {waited:.1f} office hours, beyond the {target:g}-hour target")
        message = (f"@{q.handle}'s question to @{official} was answered late: {waited:.1f} office hours "
                   f"against a target of {target:g} (due {due.deadline:%a %d %b %H:%M}).")
    return Hit(
        message=message, platform=q.platform, handle=q.handle, post_id=q.id,
        evidence={
            "field": "text", "span": [start, end], "excerpt": excerpt(q.text, start, end), "score": 0.9,
            "reasons": reasons, "official": official, "asked_at": q.created_at.astimezone(zone).isoformat(),
            "deadline": due.deadline.isoformat(), "office_hours_waited": round(waited, 1),
            "answered_at": due.answered.astimezone(zone).isoformat() if due.answered else None,
            "subject": f"reply-from:{due.official[1]}",
        },
    )


def _overdue_questions(ctx: Context, calendar: Calendar) -> Iterator[_Due]:
    """Yield residents' questions to official accounts that had no reply by their deadline."""
    history, target = ctx.history, ctx.config.targets.reply_within_office_hours
    officials = _official_keys(ctx)
    answerers = _answerers(ctx, officials)
    threads = conversation_replies(history, officials)
    tags = tag_names(ctx, officials)
    seen: set[tuple[str, str]] = set()
    for post in history.posts:
        if post.role != "other" or post.author_key in officials or (post.platform, post.id) in seen:
            continue
        official = addressee(post, history, officials, tags)
        span = question_span(post.text) if official else None
        if official is None or span is None:
            continue
        seen.add((post.platform, post.id))
        try:
            deadline = deadline_in(calendar, post.created_at, target)
        except ValueError:
            return  # closed dates leave no office hours within the horizon: no deadline can be set
        if ctx.now <= deadline:
            continue
        answered = answered_at(post, official, history, threads, answerers)
        if answered is None or answered > deadline:
            yield _Due(post, official, span, deadline, answered)


def unanswered(ctx: Context) -> Iterator[Hit]:
    """Find residents' questions to an official account that had no reply within the reply target.

    Appendix, Do: "talk to residents, staff and others. And do answer their questions (quickly and
    honestly)".

    A question is a post by an unregistered account that replies to an official account's post, or
    @mentions it on X, and asks something: a question mark, question wording ("when will...", "can
    you...") or a request ("any update on", "please advise"). Thanks, praise and statements ask nothing;
    rhetorical questions and taunts ("Is this a joke?", "Are you lot useless?") expect no answer and are
    left to the offensive rule. So is disbelief: "Who knew...?!", "Since when...", "What did we expect?",
    a "?" with no question wording that is exclaimed ("Closed again?!"), laughed at ("...?! 😂") or only
    echoes a figure ("£45?! It was £40 last year"). "How is this acceptable?!" is a complaint, not a request
    for information, so it does not count alone; a real question beside it ("When will it be fixed?") does.
    Idioms that open like questions ("Would you believe it", "Need I say more?", "Why not pop down", "Guess who's
    back?") ask nothing;
    texting spellings are read as words ("wen r u open" asks, "?" or not). Asking is read from a clause's shape, not
    from listed questions: an auxiliary before its subject ("am I able to"), a wh-word then a verb ("how else can I",
    "whose job is it"), a favour asked of someone ("if someone could let me know", "need someone to ring me",
    "would be good to know when"), and an imperative asking to be contacted ("ring me about") or, with a please,
    told or sent something; a presumption put to be confirmed ("I take it the market's off") and a tag question
    ("the tip's open Sundays now, isn't it") ask too, small talk aside ("Lovely day, isn't it"), and so does a
    noun with a please ("Updates please!", "Info on the grant pls") or a question without its verb ("Anyone at
    the council able to help").
    A wh-word may come before a phrase and then the inverted verb ("When in May is the fun run"; "Where the
    money went is a mystery" is a clause, not a question), after a condition with no comma ("If the road shuts
    how will the buses get through") or after an emoji or a bracket.
    "even", "always" and "never" in a question make it a complaint, and "anyone else" asks the other readers;
    a question its asker answers ("Who listens? Nobody.") or withdraws ("Never mind, found it") asks nothing.
    What the rule cannot see: sarcasm without a marker ("Great job as always"), a question put to other
    residents rather than the Council ("Has anyone got a spare gazebo?"), and a question in another language.
    A reply to the asker later in the same conversation answers the question, unless it went to another question
    of theirs ("How much is a plot?" stays unanswered when only "Are sheds allowed?" got a reply). A reply from
    another of the Council's official accounts answers the question unless [checks.unanswered]
    other_official_answers is false.
    The target is reply_within_office_hours counted in the council's office
    hours (weekends, closed days and the clock changes respected), from the question to the reply.

    It fires once the deadline has passed with no reply by then, whether the reply never came or came
    late: the question was left unanswered beyond the target, and the weekly report counts such misses.
    The finding's subject is the question itself, so the daemon alerts once, before any late reply.
    """
    hours = ctx.config.office_hours
    calendar = Calendar.of(hours, ctx.config.zone)
    if not calendar.days or ctx.config.targets.reply_within_office_hours <= 0:
        return  # no office hours: nothing can be late (the config check reports the empty day list)
    for due in _overdue_questions(ctx, calendar):
        yield _unanswered_hit(due, ctx, calendar)


# ---------------------------------------------------------------------------------------------------
# The same definitions, for the weekly report: its counts and these rules' findings must agree
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Asked:
    """A resident's question to an official account, and when that account first answered it (None: not yet)."""

    question: Post
    official: Key
    answered: datetime | None


def residents_questions(ctx: Context) -> Iterator[Asked]:
    """Yield every resident's question to an official account in the history, answered or not.

    It reads the history as `unanswered` does (who is a resident, whom a post is addressed to, what asks
    something, what answers it), so the weekly report counts exactly the questions that rule judges.
    """
    history = ctx.history
    officials = _official_keys(ctx)
    threads = conversation_replies(history, officials)
    tags = tag_names(ctx, officials)
    seen: set[tuple[str, str]] = set()
    for post in history.posts:
        if post.role != "other" or post.author_key in officials or (post.platform, post.id) in seen:
            continue
        official = addressee(post, history, officials, tags)
        if official is None or question_span(post.text) is None:
            continue
        seen.add((post.platform, post.id))
        yield Asked(post, official, answered_at(post, official, history, threads, _answerers(ctx, officials)))


def reply_deadline(ctx: Context, asked_at: datetime) -> datetime | None:
    """Return when a reply to a question asked at a moment is due, or None when no office hours allow one."""
    calendar = Calendar.of(ctx.config.office_hours, ctx.config.zone)
    target = ctx.config.targets.reply_within_office_hours
    if not calendar.days or target <= 0:
        return None
    try:
        return deadline_in(calendar, asked_at, target)
    except ValueError:
        return None


def deadlines(config: Config) -> Callable[[datetime], datetime | None] | None:
    """Return when a reply to a question asked at a moment is due, as `unanswered` counts; None if it fires on nothing.

    The function returns None for a question no office hours allow a reply to, at which `unanswered` stops.
    scan uses it to forget, as it reads, the questions that cannot be overdue at its evaluation time.
    """
    calendar = Calendar.of(config.office_hours, config.zone)
    target = config.targets.reply_within_office_hours
    if not calendar.days or target <= 0:
        return None

    def deadline(asked_at: datetime) -> datetime | None:
        """Return the reply deadline of a question asked at this moment, or None if none can be set."""
        try:
            return deadline_in(calendar, asked_at, target)
        except ValueError:
            return None

    return deadline


def other_officials_answer(config: Config) -> bool:
    """Say whether a reply from any official account answers a question put to another, as `unanswered` reads it."""
    return bool(getattr(config.checks.for_rule("unanswered"), "other_official_answers", True))


def is_overdue(asked: Asked, ctx: Context) -> bool:
    """Say whether `unanswered` fires on a question at ctx.now: its deadline passed with no reply by then."""
    deadline = reply_deadline(ctx, asked.question.created_at)
    return deadline is not None and ctx.now > deadline and (asked.answered is None or asked.answered > deadline)


def silence_limit(ctx: Context) -> timedelta:
    """Return how long an official account may go without a post before `unattended` fires."""
    return timedelta(days=ctx.config.targets.silence_limit_days)


def too_silent(since: datetime, until: datetime, ctx: Context) -> bool:
    """Say whether a stretch without a post is longer than `unattended` allows (any post, replies included)."""
    return until - since > silence_limit(ctx)
