"""Delivering: `deliver_pending` drains the outbox (monitor.store.outbox) through Apprise, one call per body format.

A row is claimed (committed) before anything is sent, so a crash mid-send leaves a visible `sending` row;
each outcome is written back: sent, retried with backoff, or narrowed to the services that still owe it.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import os
import re
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from apprise import AppriseResult, AppriseResultStatus, NotifyFormat, NotifyType
from apprise.plugins.email import NotifyEmail
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.alerts.markup import md_trusted
from monitor.alerts.targets import APP_ID, SERVICE_TAG, Targets, apprise_detail, redact, service_tag, target_name
from monitor.credentials import APPRISE_CONFIG
from monitor.store import outbox
from monitor.store.db import session_scope

log = logging.getLogger(__name__)

# One Apprise call may not take longer than this; the outbox lease (15 min) is far longer.
NOTIFY_TIMEOUT_SECONDS = 120


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


def deliver_pending(engine: Engine, targets: Targets, now: datetime, limit: int = 20) -> DeliveryReport:
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
            attempt = Attempt(AppriseResultStatus.FAILURE, detail=redact(f"unexpected error: {exc!r}"))
        with session_scope(engine) as session:
            if not _record(session, claim, attempt, now, report):
                report.lost_claims += 1
    return report


@dataclass(frozen=True)
class Part:
    """What one group of services is sent: a body in one format, with or without the attachments."""

    services: list[Any]
    body: str
    body_format: NotifyFormat
    with_files: bool = True


def send(targets: Targets, claim: outbox.Claim) -> Attempt:
    """Send one claimed message: HTML to email, the summary or else Markdown to the rest; one Apprise call each."""
    services, widened = _resolve(targets, claim.tags)
    if not services:
        wanted = ", ".join(_route_tags(claim.tags)) or "(none)"
        return Attempt(AppriseResultStatus.NOMATCH,
                       detail=f"no Apprise URL carries the tag(s) {wanted} (add one to {APPRISE_CONFIG}; "
                              "the message stays queued)")
    attach, missing = _attachments(claim.attachments)
    parts = _parts(services, claim, missing)
    succeeded: set[str] = set()
    statuses: list[AppriseResultStatus] = []
    problems: list[str] = []
    for part in parts:
        result = _notify(targets, part.services, claim, part.body, part.body_format, attach if part.with_files else [])
        statuses.append(result.status)
        succeeded |= {service_tag_of_result(r) for r in result if r}
        problems += [_describe_failure(r) for r in result if not r]
    remaining = [s for s in services if service_tag(s) not in succeeded]
    detail = "; ".join(problems) + (" (sent to the route's tags again after apprise.yml changed)" if widened else "")
    if missing and any(part.with_files for part in parts):
        detail += f"; attachment(s) missing: {', '.join(os.path.basename(m) for m in missing)}"
    return Attempt(_overall(statuses, remaining, services), remaining, redact(detail.strip("; ")))


def _parts(services: Sequence[Any], claim: outbox.Claim, missing: Sequence[str]) -> list[Part]:
    """Split a message's services by what they get: email the HTML, the others the summary, else the Markdown."""
    html_group = [s for s in services if claim.body_html and _prefers_html(s)]
    brief_group = [s for s in services if claim.body_summary and gets_summary(s)]
    text_group = [s for s in services if s not in html_group and s not in brief_group]
    parts = []
    if html_group:
        parts.append(Part(html_group, (claim.body_html or "") + _missing_note(missing, NotifyFormat.HTML),
                          NotifyFormat.HTML))
    if text_group:
        parts.append(Part(text_group, claim.body_text + _missing_note(missing, NotifyFormat.MARKDOWN),
                          NotifyFormat.MARKDOWN))
    if brief_group:
        parts.append(Part(brief_group, claim.body_summary or "", NotifyFormat.MARKDOWN, with_files=False))
    return parts


def _resolve(targets: Targets, tags: list[str | list[str]]) -> tuple[list[Any], bool]:
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
    return _first_format(service.notify_format) == NotifyFormat.HTML


def gets_summary(service: Any) -> bool:
    """Say whether a service gets a message's summary rather than all of it: every kind of service but email.

    Decided from the Apprise plugin, not from the name of a tag: each plugin declares the format its
    service speaks, and email (SMTP, Office 365, SES, SendGrid ...) declares HTML first, while chat,
    webhook and SMS services declare Markdown or text. Those cannot all carry attachments (a Slack
    webhook drops them), and a channel wants a few lines, not a report. Telegram declares HTML first
    too, and gets it all.
    """
    return _first_format(type(service).notify_format) != NotifyFormat.HTML


def _first_format(formats: Any) -> Any:
    """Return the first of the formats Apprise gives for a plugin or service (a tuple or a single one)."""
    return formats[0] if isinstance(formats, tuple | list) else formats


def _notify(targets: Targets, group: Sequence[Any], claim: outbox.Claim, body: str,
            body_format: NotifyFormat, attach: list[str]) -> AppriseResult:
    """Call Apprise once for a group of services, with a stable delivery header on email.

    DEBUG is captured (apprise_detail) because that is where Apprise puts why a send failed.
    """
    with apprise_detail(), _delivery_headers(group, claim.dedupe_key), _inline_images(group, body, body_format):
        return targets.notify(
            body, title=claim.title, notify_type=NOTIFY_TYPES.get(claim.kind, NotifyType.INFO),
            body_format=body_format, tag=[service_tag(s) for s in group], match_always=False,
            attach=attach or None, timeout=NOTIFY_TIMEOUT_SECONDS, log_level=logging.DEBUG,
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


@contextlib.contextmanager
def _inline_images(group: Sequence[Any], body: str, body_format: NotifyFormat) -> Iterator[None]:
    """Let email embed the attachments an HTML body names by cid: (RFC 2387) rather than attach them apart.

    Gmail and Outlook show no data: images, so the report's chart travels as an inline part whose Content-ID
    is its file name; Apprise does this when its email plugin's `inline` is on, which is set for this call only.
    """
    wanted = body_format == NotifyFormat.HTML and "cid:" in body
    changed = [s for s in group if wanted and isinstance(s, NotifyEmail) and not getattr(s, "inline", True)]
    for service in changed:
        service.inline = True
    try:
        yield
    finally:
        for service in changed:
            service.inline = False


def service_tag_of_result(result: Any) -> str:
    """Return the service tag of one Apprise per-service result."""
    ident = result.url_id or hashlib.sha256(result.url.encode()).hexdigest()[:12]
    return f"{SERVICE_TAG}{ident}"


def _describe_failure(result: Any) -> str:
    """Return one failed service's masked URL and why it failed."""
    return f"{result.url}: {failure_reason(result)}"


# What Apprise logs at DEBUG after a failure ("Socket Exception: ..."): an SMTP reply, an errno, a DNS failure.
SMTP_REPLY = re.compile(r"\((\d{3}), b?(['\"])(.*?)\2\)")
ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
UNRESOLVED = re.compile(r"Failed to resolve '([^']+)'")
HTTP_ERROR = re.compile(r"[.,]*\s*error=(\d{3})\.?$")


def failure_reason(result: Any) -> str:
    """Return why one service's send failed: Apprise's complaint, with the server's answer when it logged one.

    Apprise's WARNING says what failed ('Sending email to "x" failed.'); the why is at DEBUG (the SMTP
    server's reply, the refused connection, the unresolved name), captured by apprise_detail.
    """
    entries = list(result.logs())
    complaint = next((str(e.message) for e in entries if _level(e) >= logging.WARNING), "")
    complaint = HTTP_ERROR.sub(r" (HTTP \1)", complaint.strip()).rstrip(".")
    detail = next((socket_detail(str(e.message)) for e in entries
                   if str(e.message).startswith("Socket Exception:")), "")
    reason = f"{complaint}: {detail}" if complaint and detail else complaint or detail
    return reason[:400] or f"{result.status.name} (Apprise logged no reason)"


def socket_detail(message: str) -> str:
    """Return the useful part of Apprise's 'Socket Exception: ...' line."""
    text = message.removeprefix("Socket Exception:").strip()
    replies = [f"{code} {words}".strip() for code, _, words in SMTP_REPLY.findall(text)]
    if replies:
        return "the server answered " + "; ".join(dict.fromkeys(replies))
    name, errno = UNRESOLVED.search(text), ERRNO.search(text)
    if name:
        return f"cannot resolve {name.group(1)}" + (f" ({errno.group(1).strip()})" if errno else "")
    if errno:
        return errno.group(1).strip()
    return text[:200]


TEST_TITLE = "Test message from council-monitor: no action needed"


@dataclass(frozen=True)
class AlertTrial:
    """What happened to the test message at one target."""

    target: str  # tags and masked URL
    delivered: bool
    reason: str = ""


def send_test(targets: Targets, tag: str | None = None) -> list[AlertTrial]:
    """Send one clearly marked test message to each target (or those with the tag), one Apprise call each."""
    body = (f"{TEST_TITLE}.\n\nSent by `council-monitor test-alert` on {socket.gethostname()} at "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, to check that the monitor's alerts reach this address.")
    outcomes = []
    for service in targets:
        if tag is not None and tag not in {str(t) for t in service.tags}:
            continue
        with apprise_detail():
            result = targets.notify(body, title=TEST_TITLE, notify_type=NotifyType.INFO,
                                    body_format=NotifyFormat.TEXT, tag=[service_tag(service)], match_always=False,
                                    timeout=NOTIFY_TIMEOUT_SECONDS, log_level=logging.DEBUG)
        reasons = [failure_reason(r) for r in result if not r] or [f"{result.status.name} (Apprise logged no reason)"]
        outcomes.append(AlertTrial(target_name(service), bool(result), "" if result else redact("; ".join(reasons))))
    return outcomes


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
    return f"\n\n_Attachment(s) missing on the server: {md_trusted(names)}_"


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
