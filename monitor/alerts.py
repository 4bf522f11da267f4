"""Alerts: what the Clerk is told, where it goes, and the delivery of the outbox through Apprise.

The only module that imports apprise. Four parts:

* targets: the Apprise URLs from the `apprise.yml` credential, checked at start-up;
* routing: which Apprise tags a rule's alerts go to, and whether they go now or in the daily digest;
* composition: an alert, a digest or a system message as HTML (email) and Markdown (Slack and the rest),
  with every piece of post text treated as hostile;
* delivery: `deliver_pending` drains the outbox (monitor.store.outbox), one Apprise call per body format.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import apprise
from apprise import AppriseResultStatus, NotifyFormat, NotifyType
from apprise.plugins.email import NotifyEmail
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor import logs
from monitor.checks import CHECKS, Check, by_rule
from monitor.config import Config, ConfigError
from monitor.credentials import APPRISE_CONFIG, MissingCredential, credentials_dir, read_secret
from monitor.records import SEVERITIES, Finding, Post, Severity, valid_handle
from monitor.store import outbox
from monitor.store.db import session_scope
from monitor.text import strip_invisible

log = logging.getLogger(__name__)

APP_ID = "council-monitor"
APP_DESC = "Council social media monitor"
# Each loaded service also carries this tag plus its id, so a message can be re-sent to exactly the
# services that failed (see _narrow). Users' own tags may not start with it.
SERVICE_TAG = "svc-"
TAG_SHAPE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# One Apprise call may not take longer than this; the outbox lease (15 min) is far longer.
NOTIFY_TIMEOUT_SECONDS = 120
# Bounds on what hostile text may occupy in a message (a 100 KB post gives a 500-character excerpt).
EXCERPT_CHARS = 500
EXCERPT_LINES = 12
DIGEST_EXCERPT_CHARS = 160
FIELD_CHARS = 300
MESSAGE_CHARS = 1_000
MAX_REASONS = 10
# The excerpt looks like a quotation in HTML mail; <pre> keeps its line breaks in the text part too.
QUOTE_STYLE = "white-space:pre-wrap;font-family:inherit;border-left:3px solid #999;margin:0 0 1em;padding-left:.8em"
MONO = '<span style="font-family:monospace">{}</span>'
# Apprise trims bodies over ~32 KB (email) and 35 KB (Slack) mid-markup; digests stay under this.
BODY_BUDGET = 28_000
DIGEST_MAX_ITEMS = 40
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # high=0, medium=1, low=2
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook"}
SOURCE_NAMES = {"x": "X", "facebook": "Facebook", "facebook-token": "the Facebook Page token",
                "x-budget": "X (the monthly read budget)"}
X_IMPERSONATION_FORM = "https://help.x.com/forms/impersonation"
# Every way of breaking a line, read as a newline; then the C0/C1 controls left (not tab or newline),
# which can recolour a terminal, ring a bell or hide text, are dropped.
LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Words Slack (and Teams, Mattermost) turn into a notification for everyone in the channel.
BROADCASTS = re.compile(r"@(here|channel|everyone|all)\b", re.IGNORECASE)


# ----------------------------------------------------------------------------------------------
# Targets: the apprise.yml credential


def make_asset() -> apprise.AppriseAsset:
    """Return the Apprise asset that names this application in footers and email headers."""
    return apprise.AppriseAsset(app_id=APP_ID, app_desc=APP_DESC)


def load_targets(config: Config) -> apprise.Apprise:
    """Read apprise.yml from the credentials directory, check it against the routes, and return the targets."""
    path = credentials_dir(config) / APPRISE_CONFIG
    try:
        text = read_secret(config, APPRISE_CONFIG) or ""
    except MissingCredential as exc:
        raise ConfigError(path, [str(exc)]) from None
    targets = parse_targets(text, source=str(path))
    problems = route_problems(config, targets)
    if problems:
        raise ConfigError(path, problems)
    return targets


def parse_targets(text: str, source: str = APPRISE_CONFIG) -> apprise.Apprise:
    """Parse Apprise YAML or TEXT configuration; raise ConfigError naming each bad entry, never its secrets."""
    asset = make_asset()
    # recursion=0: an `include:` line is never followed (it could fetch a URL from the network).
    loader = apprise.AppriseConfig(asset=asset, recursion=0)
    with quiet_apprise(), apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        accepted = loader.add_config(text)
        services = loader.services() if accepted else []
    # "Failed to load Apprise configuration from memory://" says nothing the other lines do not.
    problems = [line.strip() for line in captured.getvalue().splitlines()
                if line.strip() and "from memory://" not in line]
    if not accepted:
        problems.append("neither Apprise YAML nor Apprise TEXT configuration "
                        "(start with `urls:` and list one URL per entry; see docs/alerts.md)")
    elif not services and not problems:
        problems.append("no notification URLs in it (add e.g. `urls:` with a mailtos:// entry tagged email)")
    targets = apprise.Apprise(asset=asset)
    for service in services:
        problems += _service_problems(service)
        _register_secrets(service)
        service.tags.add(service_tag(service))
        targets.add(service)
    if problems:
        redact = _raw_secrets(text)
        hint = "(docs/alerts.md shows a working apprise.yml for email and Slack)"
        raise ConfigError(source, [_redact(p, redact) for p in problems] + [hint])
    return targets


@contextlib.contextmanager
def quiet_apprise() -> Iterator[None]:
    """Keep Apprise's logger above DEBUG, whatever the root level: at DEBUG it prints whole configuration
    files ("Loading raw configuration: ...") and webhook URLs with their tokens."""
    logger = logging.getLogger(apprise.LOGGER_NAME)
    old = logger.level
    if logger.getEffectiveLevel() < logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(old)


def _service_problems(service: Any) -> list[str]:
    """Return what is wrong with one loaded service's tags."""
    name = f"the entry for {service.url(privacy=True)}"
    tags = sorted(str(t) for t in service.tags)
    if not tags:
        return [f"{name} has no tag, so no message would reach it (add `- tag: email` under it, or `email=` in TEXT)"]
    bad = [t for t in tags if not TAG_SHAPE.match(t) or t.startswith(SERVICE_TAG)]
    if bad:
        return [f"{name}: tag(s) {', '.join(bad)} not usable (lower-case letters, digits, - and _; "
                f"not starting with {SERVICE_TAG})"]
    return []


def service_tag(service: Any) -> str:
    """Return the tag that names one service: its Apprise url_id, or a hash of its masked URL."""
    ident = service.url_id() or hashlib.sha256(service.url(privacy=True).encode()).hexdigest()[:12]
    return f"{SERVICE_TAG}{ident}"


def _register_secrets(service: Any) -> None:
    """Tell the log redactor every part of a service URL that Apprise itself would mask."""
    private = set(_url_parts(service.url(privacy=True)))
    for part in _url_parts(service.url(privacy=False)):
        if part not in private:
            logs.add_secret(part)


def _url_parts(url: str) -> list[str]:
    """Split a URL into its components, decoded."""
    return [unquote(p) for p in re.split(r"[/:@?&=#,]+", url) if p]


def _raw_secrets(text: str) -> set[str]:
    """Return the likely secrets in raw configuration text: passwords, tokens, keys (not hosts or addresses)."""
    found: set[str] = set()
    for url in re.findall(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+", text):
        parts = urlsplit(url)
        if parts.password:
            found.add(unquote(parts.password))
        for piece in re.split(r"[/&=,]+", parts.path + "&" + parts.query):
            piece = unquote(piece)
            if len(piece) >= 6 and "@" not in piece and "." not in piece:
                found.add(piece)
    return found


def _redact(text: str, extra: frozenset[str] | set[str] = frozenset()) -> str:
    """Remove registered and given secrets from a text that may be logged or stored."""
    for secret in sorted(logs.REDACTOR.secrets | set(extra), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


# ----------------------------------------------------------------------------------------------
# Routing


def route(config: Config, rule: str) -> tuple[str, ...]:
    """Return the Apprise tags a rule's alerts go to ("*" covers rules not named)."""
    routes = config.alerts.routes
    return tuple(routes[rule] if rule in routes else routes.get("*", ()))


def system_tags(config: Config) -> tuple[str, ...]:
    """Return the tags the monitor's own health messages go to: the default route."""
    return tuple(config.alerts.routes.get("*") or config.alerts.report_tags)


def is_immediate(config: Config, severity: Severity) -> bool:
    """Say whether a finding of this severity is sent at once rather than in the daily digest."""
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[config.alerts.immediate_severity]


def route_problems(config: Config, targets: apprise.Apprise) -> list[str]:
    """Return every way [alerts] in the configuration does not fit the URLs in apprise.yml."""
    routes, problems = config.alerts.routes, []
    known = {c.rule for c in CHECKS}
    problems += [f"alerts.routes: unknown rule {r!r} (use a rule id from `council-monitor list-checks`, or \"*\")"
                 for r in routes if r != "*" and r not in known]
    if "*" not in routes and (unrouted := sorted(known - set(routes))):
        problems.append(f"alerts.routes: no \"*\" entry, so {', '.join(unrouted)} would go nowhere "
                        "(add \"*\" = [\"email\"])")
    problems += [f"alerts.routes.{r}: no tags (to stop a rule's alerts, set enabled = false under [checks.{r}])"
                 for r, tags in routes.items() if not tags]
    wanted = [(f"alerts.routes.{r}", t) for r, tags in routes.items() for t in tags]
    wanted += [("alerts.report_tags", t) for t in config.alerts.report_tags]
    for where, tag in wanted:
        if not TAG_SHAPE.match(tag):
            problems.append(f"{where}: {tag!r} is not a usable tag (lower-case letters, digits, - and _)")
        elif not list(targets.find(tag, match_always=False)):
            problems.append(f"{where}: no URL in {APPRISE_CONFIG} has the tag {tag!r} "
                            "(add one with that tag, or remove the tag here)")
    return problems


# ----------------------------------------------------------------------------------------------
# Composition


@dataclass(frozen=True)
class Message:
    """One message ready for the outbox: the same content as HTML (email) and Markdown (the rest)."""

    kind: str
    dedupe_key: str
    tags: tuple[str, ...]
    title: str
    text: str
    html: str
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestItem:
    """A finding waiting for the daily digest, with its store id and its post when known."""

    finding: Finding
    finding_id: int
    post: Post | None = None


@dataclass
class Body:
    """A message body built twice in step: HTML for email, Markdown for Slack and other services."""

    html: list[str] = field(default_factory=list)
    md: list[str] = field(default_factory=list)

    def heading(self, text: str) -> None:
        """Add a heading (trusted text)."""
        self.html.append(f"<h2>{html.escape(text)}</h2>")
        self.md.append(f"**{_md_trusted(text)}**")

    def line(self, label: str, *parts: Piece) -> None:
        """Add a labelled line made of trusted, untrusted and link pieces."""
        self.html.append(f"<p><b>{html.escape(label)}:</b> " + "".join(p.html for p in parts) + "</p>")
        self.md.append(f"**{_md_trusted(label)}:** " + "".join(p.md for p in parts))

    def block(self, label: str, text: str) -> None:
        """Add untrusted multi-line text, shown verbatim: preformatted in HTML, a code block in Markdown."""
        self.html.append(f"<p><b>{html.escape(label)}:</b></p>\n<pre style=\"{QUOTE_STYLE}\">{html.escape(text)}</pre>")
        self.md.append(f"**{_md_trusted(label)}:**\n```\n{_md_neutral(text)}\n```")

    def render(self) -> tuple[str, str]:
        """Return (html, markdown)."""
        return "\n".join(self.html), "\n\n".join(self.md)


@dataclass(frozen=True)
class Piece:
    """A fragment of a line, already escaped for both formats."""

    html: str
    md: str


def said(text: str) -> Piece:
    """Return trusted text (our own wording, the configuration)."""
    return Piece(html.escape(text), _md_trusted(text))


def quoted(text: str, limit: int = FIELD_CHARS) -> Piece:
    """Return untrusted text (from a platform), cleaned and bounded, inert in every format."""
    clean = " ".join(shown_text(text, limit).split()) or "(empty)"
    return Piece(f"<q>{html.escape(clean)}</q>", f"`{_md_neutral(clean)}`")


def link(url: str) -> Piece:
    """Return a link we built ourselves, shown as the URL so the email's text part keeps it."""
    return Piece(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>', f"<{url}>")


def shown_text(text: str, limit: int) -> str:
    """Return text fit to display: invisible and control characters gone, length and lines bounded."""
    cut = len(text) > limit * 4  # only a bounded prefix of a huge post is ever looked at
    text = unicodedata.normalize("NFC", _visible(text[: limit * 4]))
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines[:EXCERPT_LINES])).strip()
    if cut or len(text) > limit or len(lines) > EXCERPT_LINES:
        text = text[:limit].rstrip() + " […]"
    return text


def hidden_count(text: str) -> int:
    """Count the invisible and control characters shown_text removes (evidence of disguise)."""
    sample = LINE_BREAKS.sub("\n", text[: EXCERPT_CHARS * 4])
    return len(sample) - len(_visible(sample))


def _visible(text: str) -> str:
    """Return text with one kind of newline and without invisible or control characters."""
    return CONTROLS.sub("", strip_invisible(LINE_BREAKS.sub("\n", text)))


def _md_trusted(text: str) -> str:
    """Escape our own text for Markdown: only what Apprise's Slack converter would act on."""
    return text.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>").replace("`", "'")


def _md_neutral(text: str) -> str:
    """Make untrusted text inert inside a Markdown code span or block (also after Slack conversion).

    Inside code Apprise entity-escapes &, < and >, so <!channel>, <@U123> and <url|label> arrive as
    text; a backtick could close the code early, so it becomes a look-alike; @here and friends get a
    full-width at sign, which no chat service reads as a mention.
    """
    return BROADCASTS.sub(lambda m: "＠" + m.group(1), text.replace("`", "ˋ"))


def account_link(platform: str, handle: str) -> str | None:
    """Return the public URL of an account, when the handle has the platform's shape."""
    handle = handle.lstrip("@")
    if not valid_handle(platform, handle):
        return None
    if platform == "x":
        return f"https://x.com/{quote(handle)}"
    return f"https://www.facebook.com/{quote(handle)}"


def post_link(finding: Finding, post: Post | None) -> str | None:
    """Return the post's public URL: built from its id, or the post's own Facebook URL when it is one."""
    post_id = finding.post_id or (post.id if post else None)
    if finding.platform == "x" and post_id and post_id.isdigit():
        handle = finding.handle.lstrip("@")
        author = quote(handle) if valid_handle("x", handle) else "i/web"
        return f"https://x.com/{author}/status/{post_id}"
    if finding.platform == "facebook":
        own = post.url if post else None
        if own and re.match(r"^https://(www\.|m\.)?facebook\.com/[\w./?=&%-]+$", own):
            return own
        if post_id and re.match(r"^[0-9_]{1,64}$", post_id):
            return f"https://www.facebook.com/{post_id}"
    return None


def excerpt_of(finding: Finding, post: Post | None, limit: int) -> str:
    """Return the text to quote: the check's excerpt, else the start of the post."""
    raw = finding.evidence.get("excerpt")
    text = raw if isinstance(raw, str) and raw.strip() else (post.text if post else "")
    return shown_text(text, limit)


def who(config: Config, finding: Finding) -> Piece:
    """Return whose account it is: official, a named councillor's, or unregistered."""
    platform = PLATFORM_NAMES.get(finding.platform, finding.platform)
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
                 handle.md + _md_trusted(owner) + (link(url).md if url else ""))


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
    if finding.platform == "x":
        return ("Check the account. If it is pretending to be the Council or a councillor, report it at "
                f"{X_IMPERSONATION_FORM} and warn residents from the official account.")
    return ("Check the Page or profile. If it is pretending to be the Council or a councillor, report it on "
            "Facebook (open it, choose ··· > Report > 'Pretending to be someone') and warn residents "
            "from the official Page.")


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
    score = ev.get("score")
    if isinstance(score, int | float) and not isinstance(score, bool):
        pieces.append(said(f"score {float(score):.2f}"))
    where = ev.get("field")
    if isinstance(where, str) and where:
        shown = " ".join(shown_text(where, 40).split())
        pieces.append(Piece(f"found in the {MONO.format(html.escape(shown))}", f"found in the `{_md_neutral(shown)}`"))
    reasons = ev.get("reasons")
    if isinstance(reasons, list):
        pieces += [quoted(str(r), 200) for r in reasons[:MAX_REASONS]]
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
    """Return the rule id and the policy clause it enforces."""
    return Piece(MONO.format(html.escape(check.rule)) + f", clause {html.escape(check.clause)} of the "
                 "Social Media Policy",
                 f"`{check.rule}`, clause {_md_trusted(check.clause)} of the Social Media Policy")


def alert_title(finding: Finding, check: Check) -> str:
    """Return a one-line subject: severity, rule and account (handles are reduced to safe characters)."""
    handle = re.sub(r"[^A-Za-z0-9_.]", "", finding.handle)[:50] or "unknown"
    platform = PLATFORM_NAMES.get(finding.platform, "?")
    return f"[{finding.severity}] {check.rule}: @{handle} on {platform}"


def compose_alert(config: Config, finding: Finding, finding_id: int, *, post: Post | None = None,
                  reopened: int = 0, now: datetime) -> Message:
    """Return the immediate alert for one finding."""
    check = by_rule(finding.rule)
    body = Body()
    body.heading(check.summary)
    body.line("What was found", quoted(finding.message, MESSAGE_CHARS))
    body.line("Rule", rule_line(check))
    body.line("Account", who(config, finding))
    if url := post_link(finding, post):
        body.line("Post", link(url))
    _add_excerpt(body, finding, post, EXCERPT_CHARS)
    if why := evidence_lines(finding):
        body.line("Why", *_joined(why))
    body.line("Next step", said(next_step(config, finding, check, now)))
    body.line("Found", said(f"{now.astimezone(config.zone):%H:%M on %a %-d %b %Y} (finding {finding_id}; to "
                            f"acknowledge it, run: council-monitor ack {finding_id})"))
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
    body.block(label, text)


def compose_digest(config: Config, items: Sequence[DigestItem], *, day: date, now: datetime) -> list[Message]:
    """Return the daily digest: one message per Apprise tag, listing the findings routed to it."""
    by_tag: dict[str, list[DigestItem]] = {}
    for item in items:
        for tag in route(config, item.finding.rule):
            by_tag.setdefault(tag, []).append(item)
    messages = []
    for tag, tagged in sorted(by_tag.items()):
        ordered = sorted(tagged, key=lambda i: (SEVERITY_RANK[i.finding.severity], i.finding_id))
        ids = ",".join(str(i.finding_id) for i in ordered)
        key = f"digest:{day.isoformat()}:{tag}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"
        html_body, md_body = _digest_body(config, ordered, day, now)
        title = f"Daily digest for {day:%a %-d %b %Y}: {len(ordered)} finding{'s' if len(ordered) != 1 else ''}"
        messages.append(Message("digest", key, (tag,), title, md_body, html_body))
    return messages


def _digest_body(config: Config, items: Sequence[DigestItem], day: date, now: datetime) -> tuple[str, str]:
    """Return the digest's HTML and Markdown, stopping before either passes BODY_BUDGET."""
    body = Body()
    body.heading(f"{len(items)} finding(s) of lower severity since the last digest")
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
    body.line("What was found", quoted(finding.message, 200))
    if url := post_link(finding, item.post):
        body.line("Post", link(url))
    if text := excerpt_of(finding, item.post, DIGEST_EXCERPT_CHARS):
        body.line("Excerpt", quoted(text, DIGEST_EXCERPT_CHARS))
    body.line("Next step", said(next_step(config, finding, check, now) + f" (finding {item.finding_id})"))


def compose_system(config: Config, source: str, *, down: bool, since: datetime, detail: str = "",
                   until: datetime | None = None) -> Message:
    """Return a message about the monitor's own health: blind to a source, or recovered."""
    name = SOURCE_NAMES.get(source, source)
    local = since.astimezone(config.zone)
    body = Body()
    if down:
        title = f"Monitor blind to {name} since {local:%H:%M %a %-d %b}"
        body.heading(f"The monitor cannot see {name}")
        body.line("Since", said(f"{local:%H:%M on %a %-d %b %Y} (council time)"))
        body.line("What this means", said(f"Posts and profiles on {name} are not being checked until this clears."))
        if detail:
            body.line("Last error", quoted(detail, MESSAGE_CHARS))
        body.line("Next step", said("Nothing, if it clears by itself: you will get a 'recovered' message. If it "
                                    "lasts, ask your IT contact to look at: journalctl -u council-monitor"))
    else:
        end = (until or since).astimezone(config.zone)
        title = f"Monitor sees {name} again"
        body.heading(f"The monitor can see {name} again")
        body.line("Blind", said(f"from {local:%H:%M %a %-d %b} to {end:%H:%M %a %-d %b} (council time)"))
        body.line("Next step", said("Nothing: posts from that time are being checked now."))
    html_body, md_body = body.render()
    key = f"system:{source}:{'down' if down else 'up'}:{since.isoformat()}"
    return Message("system", key, system_tags(config), title, md_body, html_body)


def queue(session: Session, message: Message, now: datetime) -> bool:
    """Put a message in the outbox in the caller's transaction; False if it was queued before."""
    return outbox.enqueue(session, message.dedupe_key, message.kind, message.tags, message.title, message.text,
                          message.html, message.attachments, now=now)


# ----------------------------------------------------------------------------------------------
# Delivery


@dataclass
class DeliveryReport:
    """What one drain of the outbox did."""

    sent: int = 0
    retried: int = 0
    lost_claims: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Attempt:
    """The outcome of sending one claimed row to every service its tags select."""

    status: AppriseResultStatus
    remaining: list[Any] = field(default_factory=list)
    detail: str = ""


def deliver_pending(engine: Engine, targets: apprise.Apprise, now: datetime, limit: int = 20) -> DeliveryReport:
    """Send every due message in the outbox; mark each sent, or schedule its retry with the reason."""
    report = DeliveryReport()
    with session_scope(engine) as session:
        ids = outbox.due_ids(session, now, limit)
    for row_id in ids:
        # The claim is committed before anything is sent, so a crash mid-send leaves a visible `sending` row.
        with session_scope(engine) as session:
            claim = outbox.claim(session, row_id, now)
        if claim is None:
            report.lost_claims += 1
            continue
        try:
            attempt = send(targets, claim)
        except Exception as exc:  # a plugin or attachment bug must not strand the row in `sending`
            log.exception("sending %s failed unexpectedly", claim.dedupe_key)
            attempt = Attempt(AppriseResultStatus.FAILURE, detail=_redact(f"unexpected error: {exc!r}"))
        with session_scope(engine) as session:
            if not _record(session, claim, attempt, now, report):
                report.lost_claims += 1
    return report


def send(targets: apprise.Apprise, claim: outbox.Claim) -> Attempt:
    """Send one claimed message: HTML to services that prefer it (email), Markdown to the rest."""
    services, widened = _resolve(targets, claim.tags)
    if not services:
        wanted = ", ".join(_route_tags(claim.tags)) or "(none)"
        return Attempt(AppriseResultStatus.NOMATCH,
                       detail=f"no Apprise URL carries the tag(s) {wanted} (add one to {APPRISE_CONFIG}; "
                              "the message stays queued)")
    attach, missing = _attachments(claim.attachments)
    html_group = [s for s in services if claim.body_html and _prefers_html(s)]
    text_group = [s for s in services if s not in html_group]
    succeeded: set[str] = set()
    statuses: list[AppriseResultStatus] = []
    problems: list[str] = []
    for group, body, body_format in ((html_group, claim.body_html, NotifyFormat.HTML),
                                     (text_group, claim.body_text, NotifyFormat.MARKDOWN)):
        if not group:
            continue
        note = _missing_note(missing, body_format)
        result = _notify(targets, group, claim, (body or "") + note, body_format, attach)
        statuses.append(result.status)
        succeeded |= {service_tag_of_result(r) for r in result if r}
        problems += [_describe_failure(r) for r in result if not r]
    remaining = [s for s in services if service_tag(s) not in succeeded]
    detail = "; ".join(problems) + (" (sent to the route's tags again after apprise.yml changed)" if widened else "")
    if missing:
        detail += f"; attachment(s) missing: {', '.join(os.path.basename(m) for m in missing)}"
    return Attempt(_overall(statuses, remaining, services), remaining, _redact(detail.strip("; ")))


def _resolve(targets: apprise.Apprise, tags: list[str | list[str]]) -> tuple[list[Any], bool]:
    """Return a row's services, and whether a narrowed row whose services are gone fell back to its routes."""
    narrowed = any(isinstance(t, list) for t in tags)
    services = list(targets.find(_apprise_tags(tags), match_always=not narrowed))
    if services or not narrowed:
        return services, False
    # The services that failed earlier are no longer in apprise.yml (edited, or a new Apprise changed
    # their ids): the message is owed to the route, so send it there rather than hold it for ever.
    return list(targets.find(_route_tags(tags))), True


def _apprise_tags(tags: Sequence[str | Sequence[str]]) -> list[str | tuple[str, ...]]:
    """Return tags as Apprise reads them: a list is OR, a tuple inside it is AND."""
    return [t if isinstance(t, str) else tuple(t) for t in tags]


def _route_tags(tags: Sequence[str | Sequence[str]]) -> list[str]:
    """Return the route tags of a row, dropping the per-service tags a narrowed row carries."""
    flat = [t for entry in tags for t in ([entry] if isinstance(entry, str) else entry)]
    return sorted({t for t in flat if not t.startswith(SERVICE_TAG)})


def _narrow(claim: outbox.Claim, remaining: Sequence[Any]) -> list[list[str]]:
    """Return tags that select exactly the services still owed a message, each with its route tags."""
    routes = set(_route_tags(claim.tags))
    return [[service_tag(s), *sorted(routes & {str(t) for t in s.tags})] for s in remaining]


def _prefers_html(service: Any) -> bool:
    """Say whether a service's own first format is HTML (email is; Slack and webhooks are not)."""
    formats = service.notify_format
    first = formats[0] if isinstance(formats, tuple | list) else formats
    return bool(first == NotifyFormat.HTML)


def _notify(targets: apprise.Apprise, group: Sequence[Any], claim: outbox.Claim, body: str,
            body_format: NotifyFormat, attach: list[str]) -> apprise.AppriseResult:
    """Call Apprise once for a group of services, with a stable delivery header on email."""
    with quiet_apprise(), _delivery_headers(group, claim.dedupe_key):
        return targets.notify(
            body, title=claim.title, notify_type=NOTIFY_TYPES.get(claim.kind, NotifyType.INFO),
            body_format=body_format, tag=[service_tag(s) for s in group], match_always=False,
            attach=attach or None, timeout=NOTIFY_TIMEOUT_SECONDS,
        )


NOTIFY_TYPES = {"alert": NotifyType.WARNING, "system": NotifyType.WARNING, "digest": NotifyType.INFO,
                "report": NotifyType.INFO}


@contextlib.contextmanager
def _delivery_headers(group: Sequence[Any], dedupe_key: str) -> Iterator[None]:
    """Give email a header naming the delivery, so a repeat after a crash can be recognised and threaded.

    Apprise's email plugin sets its own random Message-ID after any custom headers (email/base.py), so a
    stable Message-ID cannot be set without two Message-ID headers, which RFC 5322 forbids. Instead every
    copy of one delivery carries the same X-Council-Monitor-Delivery and References headers: mail clients
    thread a repeat with the first copy, and a mail rule can drop it.
    """
    ident = f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@{APP_ID}>"
    # Only email: webhook plugins have a `headers` dict too, but it becomes HTTP request headers.
    changed = [s for s in group if isinstance(s, NotifyEmail) and isinstance(s.headers, dict)]
    saved = [dict(s.headers) for s in changed]
    for service in changed:
        service.headers.update({"X-Council-Monitor-Delivery": ident, "References": ident})
    try:
        yield
    finally:
        for service, old in zip(changed, saved, strict=True):
            service.headers.clear()
            service.headers.update(old)


def service_tag_of_result(result: Any) -> str:
    """Return the service tag of one Apprise per-service result."""
    ident = result.url_id or hashlib.sha256(result.url.encode()).hexdigest()[:12]
    return f"{SERVICE_TAG}{ident}"


def _describe_failure(result: Any) -> str:
    """Return one failed service's masked URL, status and first complaint."""
    complaint = next((e.message for e in result.logs() if _level(e) >= logging.WARNING), "")
    return f"{result.url}: {str(complaint)[:300] if complaint else result.status.name}"


def _level(entry: Any) -> int:
    """Return a captured Apprise log entry's level as a logging number."""
    level = getattr(entry, "level", 0)
    return level if isinstance(level, int) else logging.getLevelName(str(level).upper()) or 0


def _overall(statuses: Sequence[AppriseResultStatus], remaining: Sequence[Any],
             services: Sequence[Any]) -> AppriseResultStatus:
    """Combine the calls' statuses into one: SUCCESS only when every service took the message."""
    if not remaining:
        return AppriseResultStatus.SUCCESS
    if len(remaining) < len(services):
        return AppriseResultStatus.PARTIAL
    if statuses and all(s == AppriseResultStatus.TIMEOUT for s in statuses):
        return AppriseResultStatus.TIMEOUT
    if statuses and all(s == AppriseResultStatus.NOMATCH for s in statuses):
        return AppriseResultStatus.NOMATCH
    return AppriseResultStatus.FAILURE


def _attachments(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split attachment paths into those that exist and those that are gone."""
    present = [p for p in paths if os.path.isfile(p)]
    return present, [p for p in paths if p not in present]


def _missing_note(missing: Sequence[str], body_format: NotifyFormat) -> str:
    """Return a line saying which attachments could not be sent (better late mail than none)."""
    if not missing:
        return ""
    names = ", ".join(os.path.basename(m) for m in missing)
    if body_format == NotifyFormat.HTML:
        return f"<p><i>Attachment(s) missing on the server: {html.escape(names)}</i></p>"
    return f"\n\n_Attachment(s) missing on the server: {_md_trusted(names)}_"


def _record(session: Session, claim: outbox.Claim, attempt: Attempt, now: datetime,
            report: DeliveryReport) -> bool:
    """Write an attempt's outcome to the outbox and the log."""
    what = f"{claim.kind} {claim.dedupe_key!r} (attempt {claim.attempt})"
    if attempt.status == AppriseResultStatus.SUCCESS:
        log.info("sent %s%s", what, " again after an interrupted attempt" if claim.interrupted else "")
        report.sent += 1
        return outbox.mark_sent(session, claim, now, note=attempt.detail or None)
    report.retried += 1
    report.errors.append(f"{what}: {attempt.status.name}: {attempt.detail}")
    if attempt.status == AppriseResultStatus.NOMATCH:
        # A configuration gap does not mend itself within minutes: retry hourly, loudly.
        log.error("cannot send %s: %s", what, attempt.detail)
        return outbox.mark_retry(session, claim, now, f"NOMATCH: {attempt.detail}", delay=outbox.RETRY_CAP)
    if attempt.status == AppriseResultStatus.PARTIAL:
        # Only the services that failed are owed the message: do not repeat it to those that took it.
        narrowed = _narrow(claim, attempt.remaining)
        log.warning("partly sent %s; will retry %d service(s): %s", what, len(narrowed), attempt.detail)
        return outbox.mark_retry(session, claim, now, f"PARTIAL: {attempt.detail}", tags=narrowed)
    log.warning("could not send %s (%s); retrying after %s: %s", what, attempt.status.name,
                outbox.backoff(claim.attempt), attempt.detail)
    return outbox.mark_retry(session, claim, now, f"{attempt.status.name}: {attempt.detail}")


def describe_targets(targets: apprise.Apprise) -> list[str]:
    """Return one masked line per loaded service: its tags and URL (for check-config)."""
    lines = []
    for service in targets:
        tags = sorted(str(t) for t in service.tags if not str(t).startswith(SERVICE_TAG))
        lines.append(f"{', '.join(tags)}: {service.url(privacy=True)}")
    return lines
