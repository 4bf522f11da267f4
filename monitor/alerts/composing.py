"""Composing: the words of an alert, a daily digest and a message about the monitor's own health.

Each is a Message (monitor.alerts.message) with a subject, an HTML body (email) and a Markdown body
(Slack and the rest), built with monitor.alerts.markup so that post text stays inert.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from monitor.alerts.markup import (
    EXCERPT_CHARS,
    MONO,
    Body,
    Piece,
    hidden_count,
    link,
    md_neutral,
    md_trusted,
    quoted,
    said,
    shown_pair,
    shown_text,
    spelled,
)
from monitor.alerts.message import Message
from monitor.alerts.routing import SEVERITY_RANK, route, system_tags
from monitor.alerts.shown import (
    PERSONAL_RULE,
    clause_words,
    field_words,
    finding_excerpt,
    lookalike_pair,
    score_words,
    scrub,
)
from monitor.checks import Check, by_rule
from monitor.config import Config
from monitor.lookalike_diff import describe
from monitor.platforms.registry import PLATFORMS, health_source, label
from monitor.records import Finding, Post, valid_handle

DIGEST_EXCERPT_CHARS = 160
MESSAGE_CHARS = 1_000
MAX_REASONS = 10
# Apprise trims bodies over ~32 KB (email) and 35 KB (Slack) mid-markup; digests stay under this.
BODY_BUDGET = 28_000
DIGEST_MAX_ITEMS = 40


@dataclass(frozen=True)
class DigestItem:
    """A finding waiting for the daily digest, with its store id and its post when known."""

    finding: Finding
    finding_id: int
    post: Post | None = None


@dataclass(frozen=True)
class OverdueItem:
    """A finding assigned to a councillor whose due date has passed, listed in every daily digest until closed."""

    finding: Finding
    finding_id: int
    assigned_to: str
    due_at: datetime


def account_link(platform: str, handle: str) -> str | None:
    """Return the public URL of an account, when the handle has the platform's shape."""
    handle = handle.lstrip("@")
    if not valid_handle(platform, handle):
        return None
    return PLATFORMS[platform].account_url(handle)


def post_link(finding: Finding, post: Post | None) -> str | None:
    """Return the post's public URL: its own when the platform really serves it, else built from its id."""
    entry = PLATFORMS.get(finding.platform)
    if entry is None:
        return None
    own = post.url if post else None
    if own and entry.own_post_url.match(own):
        return own
    post_id = finding.post_id or (post.id if post else None)
    return entry.post_url(finding.handle.lstrip("@"), post_id) if post_id else None


def excerpt_of(finding: Finding, post: Post | None, limit: int) -> str:
    """Return the text to quote: the words around what was found (personal details masked), else the post's start."""
    text = finding_excerpt(finding.rule, finding.evidence, post.text if post else None)
    if not text.strip() and post:
        text = scrub(post.text) if finding.rule == PERSONAL_RULE else post.text
    return shown_text(text, limit)


def found_message(finding: Finding, config: Config | None = None, now: datetime | None = None) -> str:
    """Return the check's message with a score in words and, for personal data, nothing that is the detail.

    An unattended account's silence is counted to the moment of the message (the digest goes out hours after
    detection), from the same last post the check saw, so every message gives today's figure.
    """
    last = finding.evidence.get("last_post_at")
    if finding.rule == "unattended" and config and now and isinstance(last, str):
        try:
            since = datetime.fromisoformat(last)
        except ValueError:
            since = None
        if since is not None and since.tzinfo is not None and since <= now:
            days = (now - since).total_seconds() / 86_400
            limit = finding.evidence.get("limit_days")
            within = f" (the limit is {limit:g} days)" if isinstance(limit, int | float) else ""
            return (f"@{finding.handle.lstrip('@')} has not posted since "
                    f"{since.astimezone(config.zone):%H:%M on %a %-d %b %Y}: {days:.1f} days by "
                    f"{now.astimezone(config.zone):%H:%M %a %-d %b}{within}.")
    text = SCORE_IN_MESSAGE.sub(lambda m: f"({score_words(float(m.group(1))) or m.group(1)})", finding.message)
    return scrub(text) if finding.rule == PERSONAL_RULE else text


SCORE_IN_MESSAGE = re.compile(r"\(score (\d(?:\.\d+)?)\)")


def posted_at(config: Config, post: Post | None) -> str | None:
    """Return when the post was made, in council time: "09:14 on Tue 24 Nov 2026"."""
    return f"{post.created_at.astimezone(config.zone):%H:%M on %a %-d %b %Y}" if post else None


def add_difference(body: Body, finding: Finding) -> None:
    """Show a lookalike beside the real handle (and name), each differing character marked and named."""
    # Other rules' subjects hold a colon too ("unattended" keys on a time): only a lookalike has a pair.
    pair = lookalike_pair(finding.handle, finding.evidence) if finding.rule == "impersonation" else None
    if pair is None:
        return
    fake, real = pair
    body.html.append("<p><b>How the handle differs:</b></p>" + shown_pair(fake, real, "@"))
    body.md.append(f"**How the handle differs:** `@{md_neutral(spelled(fake[:80]))}` is not `@{md_neutral(real)}`")
    body.line("Difference", quoted(describe(fake, real), MESSAGE_CHARS))
    name, owner = finding.evidence.get("excerpt"), finding.evidence.get("owner")
    if isinstance(name, str) and isinstance(owner, str) and name.strip() and name != owner:
        body.html.append("<p><b>How the display name differs:</b></p>" + shown_pair(name[:80], owner))
        body.line("Name difference", quoted(describe(name[:80], owner), MESSAGE_CHARS))


def who(config: Config, finding: Finding) -> Piece:
    """Return whose account it is: official, a named councillor's, or unregistered."""
    platform = label(finding.platform)
    handle = quoted("@" + finding.handle.lstrip("@"), 80)
    councillor = config.councillor_of(finding.platform, finding.handle)
    if councillor:
        owner = f" on {platform}, registered to Cllr {councillor.name} "
    elif config.role_of(finding.platform, finding.handle) == "official":
        owner = f" on {platform}, an official account of {config.council.name} "
    else:
        owner = f" on {platform}, not a registered account "
    url = account_link(finding.platform, finding.handle)
    return Piece(handle.html + html.escape(owner) + (link(url).html if url else ""),
                 handle.md + md_trusted(owner) + (link(url).md if url else ""))


def next_step(config: Config, finding: Finding, check: Check, now: datetime) -> str:
    """Return what the Clerk should do next, in a sentence tailored to the rule and the account."""
    tailor = NEXT_STEPS.get(check.rule)
    return (tailor(config, finding, now) if tailor else None) or _personalise(config, finding, check.action)


def _personalise(config: Config, finding: Finding, action: str) -> str:
    """Name the councillor in a generic action when the account is a registered one."""
    councillor = config.councillor_of(finding.platform, finding.handle)
    if not councillor:
        return action
    name = f"Cllr {councillor.name}"
    return action.replace("the councillor", name).replace("the author", name)


def _disclaimer_step(config: Config, finding: Finding, now: datetime) -> str | None:
    """Ask the named councillor to add the standard disclaimer."""
    councillor = config.councillor_of(finding.platform, finding.handle)
    who_ = f"Cllr {councillor.name}" if councillor else "the account holder"
    return f'Ask {who_} to add the standard disclaimer to their profile: "{config.disclaimer.text}".'


def _impersonation_step(config: Config, finding: Finding, now: datetime) -> str | None:
    """Point at the platform's impersonation report."""
    entry = PLATFORMS.get(finding.platform)
    if entry is None:
        return None
    return (f"Check the {entry.account_noun}. If it is pretending to be the Council or a councillor, "
            f"{entry.impersonation_steps} and warn residents from the official {entry.official_noun}.")


def _pre_election_step(config: Config, finding: Finding, now: datetime) -> str | None:
    """Say until when the pre-election period runs."""
    for election in config.elections:
        start, end = election.period(config.zone)
        if start <= now <= end:
            return (f"During the pre-election period (until 10pm on polling day, {end:%A %-d %B %Y}), "
                    "consider deleting this post or amending it so that it cannot be seen to support a "
                    "party or candidate.")
    return None


NEXT_STEPS = {
    "missing-disclaimer": _disclaimer_step,
    "impersonation": _impersonation_step,
    "pre-election": _pre_election_step,
}


def evidence_lines(finding: Finding) -> list[Piece]:
    """Return the why of a finding: the score and the check's reasons, bounded and inert."""
    ev, pieces = finding.evidence, []
    if words := score_words(ev.get("score"), finding.rule):
        pieces.append(said(words))
    if where := field_words(ev.get("field")):
        pieces.append(said(f"found in {where}"))
    reasons = ev.get("reasons")
    if isinstance(reasons, list):
        clean = [scrub(str(r)) if finding.rule == PERSONAL_RULE else str(r) for r in reasons[:MAX_REASONS]]
        pieces += [quoted(r, 200) for r in clean]
        if len(reasons) > MAX_REASONS:
            pieces.append(said(f"and {len(reasons) - MAX_REASONS} more"))
    return pieces


def _joined(pieces: Sequence[Piece], sep: str = "; ") -> list[Piece]:
    """Interleave pieces with a separator."""
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        if i:
            out.append(said(sep))
        out.append(piece)
    return out


def rule_line(check: Check) -> Piece:
    """Return the policy clause a rule enforces, in words, then the rule's id."""
    words = clause_words(check.clause)
    return Piece(html.escape(words[:1].upper() + words[1:]) + " (check " + MONO.format(html.escape(check.rule)) + ")",
                 md_trusted(words[:1].upper() + words[1:]) + f" (check `{check.rule}`)")


def alert_title(finding: Finding, check: Check) -> str:
    """Return a one-line subject: severity, rule and account (handles are reduced to safe characters)."""
    # Hyphens stay: on Bluesky a lookalike may differ from the real handle by them alone (as may Mastodon's @instance).
    handle = re.sub(r"[^A-Za-z0-9_.@-]", "", finding.handle.lstrip("@"))[:50] or "unknown"
    platform = PLATFORMS[finding.platform].label if finding.platform in PLATFORMS else "?"
    return f"[{finding.severity}] {check.rule}: @{handle} on {platform}"


def console_link(config: Config, finding_id: int) -> str | None:
    """Return the finding's page in the web console ([web] base_url), or None when no console is configured."""
    base = config.web.base_url.rstrip("/")
    return f"{base}/findings/{finding_id}" if base else None


def console_actions(config: Config, finding_id: int) -> list[Piece]:
    """Return signed links that open the console's acknowledge and fix pages (they only ask; the Clerk's POST acts).

    Only when the console is configured and the credential web-link-key can be read (docs/web.md).
    """
    from monitor.credentials import CredentialError, read_secret
    from monitor.web.links import KEY_FILE, action_url

    if not config.web.base_url:
        return []
    try:
        key = read_secret(config, KEY_FILE, required=False)
    except CredentialError:
        return []
    if not key:
        return []
    return [said("acknowledge: "), link(action_url(config.web.base_url, key, finding_id, "acknowledge")),
            said(" or mark fixed: "), link(action_url(config.web.base_url, key, finding_id, "fix"))]


def compose_alert(config: Config, finding: Finding, finding_id: int, *, post: Post | None = None,
                  reopened: int = 0, now: datetime) -> Message:
    """Return the immediate alert for one finding."""
    check = by_rule(finding.rule)
    body = Body()
    body.heading(check.summary)
    body.line("What was found", quoted(found_message(finding, config, now), MESSAGE_CHARS))
    add_difference(body, finding)
    body.line("Rule", rule_line(check))
    body.line("Account", who(config, finding))
    if url := post_link(finding, post):
        when = posted_at(config, post)
        body.line("Post", *([said(f"posted {when} (council time): ")] if when else []), link(url))
    _add_excerpt(body, finding, post, EXCERPT_CHARS)
    if why := evidence_lines(finding):
        body.line("Why", *_joined(why))
    body.line("Next step", said(next_step(config, finding, check, now)))
    body.line("Found", said(f"{now.astimezone(config.zone):%H:%M on %a %-d %b %Y} (finding {finding_id}; to "
                            f"acknowledge it, run: council-monitor ack {finding_id} --note \"dealing with it\")"))
    if url := console_link(config, finding_id):
        body.line("In the console", said("see it and act on it at "), link(url))
        if actions := console_actions(config, finding_id):
            body.line("Act on it", *actions)
    html_body, md_body = body.render()
    return Message("alert", f"alert:{finding_id}:{reopened}", route(config, finding.rule),
                   alert_title(finding, check), md_body, html_body)


def _add_excerpt(body: Body, finding: Finding, post: Post | None, limit: int) -> None:
    """Add the excerpt block, noting characters that were hidden in it."""
    text = excerpt_of(finding, post, limit)
    if not text:
        return
    raw = finding.evidence.get("excerpt") if isinstance(finding.evidence.get("excerpt"), str) else None
    hidden = hidden_count(raw if raw is not None else (post.text if post else ""))
    label = "Excerpt" + (f" ({hidden} invisible character{'s' if hidden != 1 else ''} removed)" if hidden else "")
    if finding.rule == PERSONAL_RULE:
        label += " (the personal details are masked here; the full post is behind the link)"
    body.block(label, text)


def compose_digest(config: Config, items: Sequence[DigestItem], *, day: date, now: datetime,
                   audit_head: str = "", overdue: Sequence[OverdueItem] = ()) -> list[Message]:
    """Return the daily digest: one message per Apprise tag, listing the findings routed to it, the overdue
    assignments (and the audit trail's head hash, so that a copy of it exists off the server)."""
    by_tag: dict[str, list[DigestItem]] = {}
    for item in items:
        for tag in route(config, item.finding.rule):
            by_tag.setdefault(tag, []).append(item)
    late_by_tag: dict[str, list[OverdueItem]] = {}
    for late in overdue:
        for tag in route(config, late.finding.rule):
            late_by_tag.setdefault(tag, []).append(late)
    messages = []
    for tag in sorted(set(by_tag) | set(late_by_tag)):
        ordered = sorted(by_tag.get(tag, []), key=lambda i: (SEVERITY_RANK[i.finding.severity], i.finding_id))
        lates = late_by_tag.get(tag, [])
        ids = ",".join(str(i.finding_id) for i in ordered)
        if lates:
            ids += ";" + ",".join(str(i.finding_id) for i in lates)
        key = f"digest:{day.isoformat()}:{tag}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
        html_body, md_body = _digest_body(config, ordered, day, now, audit_head, lates)
        title = f"Daily digest for {day:%a %-d %b %Y}: {len(ordered)} finding{'s' if len(ordered) != 1 else ''}"
        if lates:
            title += f", {len(lates)} overdue"
        messages.append(Message("digest", key, (tag,), title, md_body, html_body))
    return messages


def _digest_body(config: Config, items: Sequence[DigestItem], day: date, now: datetime,
                 audit_head: str = "", overdue: Sequence[OverdueItem] = ()) -> tuple[str, str]:
    """Return the digest's HTML and Markdown, stopping before either passes BODY_BUDGET."""
    body = Body()
    if overdue:
        body.heading(f"{len(overdue)} assignment(s) past their due date")
        for late in overdue[:DIGEST_MAX_ITEMS]:
            days = max(0, (now - late.due_at).days)
            body.line(f"Finding {late.finding_id}", who(config, late.finding), said(
                f": {late.finding.rule}, assigned to {late.assigned_to}, due "
                f"{late.due_at.astimezone(config.zone):%a %-d %b %Y %H:%M}"
                + (f", {days} day(s) overdue" if days else "")))
    if items or not overdue:
        body.heading(f"{len(items)} finding(s) of lower severity since the last digest")
    if audit_head:  # a copy off the server: `audit verify --head` shows the trail still holds it
        body.line("Audit trail head", said(f"{audit_head} (keep this email)"))
    for number, item in enumerate(items, start=1):
        entry = Body()
        _digest_entry(entry, config, item, number, now)
        size = sum(map(len, body.html + entry.html)), sum(map(len, body.md + entry.md))
        if number > DIGEST_MAX_ITEMS or max(size) > BODY_BUDGET:
            rest = len(items) - number + 1
            body.line("And more", said(f"{rest} further finding(s) are not listed here; "
                                       "see them with: council-monitor findings"))
            break
        body.html += entry.html
        body.md += entry.md
    return body.render()


def _digest_entry(body: Body, config: Config, item: DigestItem, number: int, now: datetime) -> None:
    """Add one finding to a digest: rule, account, link, short excerpt, next step."""
    finding, check = item.finding, by_rule(item.finding.rule)
    body.line(f"{number}. [{finding.severity}] {check.summary.rstrip('.')}", rule_line(check))
    body.line("Account", who(config, finding))
    body.line("What was found", quoted(found_message(finding, config, now), 200))
    add_difference(body, finding)
    if url := post_link(finding, item.post):
        when = posted_at(config, item.post)
        body.line("Post", *([said(f"posted {when}: ")] if when else []), link(url))
    if text := excerpt_of(finding, item.post, DIGEST_EXCERPT_CHARS):
        body.line("Excerpt", quoted(text, DIGEST_EXCERPT_CHARS))
    body.line("Next step", said(next_step(config, finding, check, now) + f" (finding {item.finding_id})"))
    if url := console_link(config, item.finding_id):
        body.line("In the console", link(url))


def compose_system(config: Config, source: str, *, down: bool, since: datetime, detail: str = "",
                   until: datetime | None = None) -> Message:
    """Return a message about the monitor's own health: blind to a source, or recovered."""
    found = health_source(source)
    name = found[1].alert_name if found else source
    local = since.astimezone(config.zone)
    body = Body()
    if down:
        title = f"Monitor blind to {name} since {local:%H:%M %a %-d %b}"
        body.heading(f"The monitor cannot see {name}")
        body.line("Since", said(f"{local:%H:%M on %a %-d %b %Y} (council time)"))
        body.line("What this means", said(f"Posts and profiles on {name} are not being checked until this clears."))
        # The job's reason ends with its own next step ("... What to do: nothing at first: ..."): the step is
        # sorted here into the Clerk's part or the contractor's, so the message never says both at once.
        cause, _, step = detail.partition(". What to do: ")
        if cause:
            body.line("Last error", quoted(cause, MESSAGE_CHARS))
        waits = not step or step.lower().startswith("nothing")
        body.section("What you (the Clerk) should do", [
            "Nothing for now: this usually clears by itself, and you will get a message when it does.",
            "If there is no such message by tomorrow morning, forward this email to your IT contractor.",
            f"Until then, look at the accounts on {name} yourself for anything urgent.",
        ] if waits else [
            "Forward this email to your IT contractor today: the monitor cannot put this right by itself.",
            f"Until it is fixed, look at the accounts on {name} yourself for anything urgent.",
        ])
        body.section("What the IT contractor should do", [
            *([] if waits else [step[:1].upper() + step[1:] + "."]),
            "Read the last error above, then the service's log on the server: journalctl -u council-monitor",
            "Check the server's network and DNS, and that the platform's token in the credentials directory "
            "is current (council-monitor check-config --online tests both).",
            *(["Nothing needs restarting once the cause is fixed: the monitor retries on its own."] if waits else []),
        ])
    else:
        end = (until or since).astimezone(config.zone)
        title = f"Monitor sees {name} again"
        body.heading(f"The monitor can see {name} again")
        body.line("Blind", said(f"from {local:%H:%M %a %-d %b} to {end:%H:%M %a %-d %b} (council time)"))
        body.section("What you (the Clerk) should do", [
            "Nothing: posts from that time are being checked now, and any finding will reach you as usual."])
    html_body, md_body = body.render()
    key = f"system:{source}:{'down' if down else 'up'}:{since.isoformat()}"
    return Message("system", key, system_tags(config), title, md_body, html_body)
