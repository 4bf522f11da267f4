"""What a message may show of a finding: the excerpt around the thing found, personal details masked, plain words.

Shared by the alerts, the digest, the weekly report and its CSV, so each says the same thing the same way:

* ``finding_excerpt``: the words around the matched span (never cut before it), personal details masked;
* ``mask_detail``: "a mobile number ending 23", "a home address in NN13", "an email address at gmail.com";
* ``clause_words``: "clause 6.4 of the Social Media Policy (Policy Statement)", "Appendix One ...";
* ``score_words``: "very likely (0.91)";
* ``lookalike_pair``: the fake handle and the real one it imitates, for monitor.lookalike_diff.

Personal data (clause 6.4) is shown only as its kind and a masked form: a message is forwarded, printed
and kept, and must not spread the breach it reports. The full detail stays in the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor.checks.personal_data import KIND_WORDS

# Characters either side of the matched span in an excerpt (cut at a word boundary).
AROUND_CHARS = 110
PERSONAL_RULE = "personal-data"
# Section titles of the Social Media Policy (policy/social-media-policy.txt), for clauses in words.
SECTIONS = {"1": "Introduction", "2": "Definition of Social Media", "3": "Pitfalls", "4": "Purpose of the Policy",
            "5": "Aims and Objectives", "6": "Policy Statement", "7": "Responsibilities",
            "8": "Asking the Council to follow, like or share messages", "9": "Social Networking - Employees",
            "10": "Pre-election Period"}
APPENDIX = "Appendix One of the Social Media Policy (the LGA's social media dos and don'ts)"
# Scores as words: the first band a score reaches.
SCORE_WORDS = ((0.9, "very likely"), (0.7, "likely"), (0.5, "possible"), (0.0, "unlikely"))

# The safety net under the spans: whatever still looks like a detail in text about personal data is masked.
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PHONE = re.compile(r"(?<![\w])(?:\+?\d[\d \-().]{7,}\d)(?![\w])")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET = re.compile(r"\b\d{1,4}[a-zA-Z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|"
                     r"Drive|Dr|Way|Crescent|Place|Court|Gardens|Terrace|Grove|Hill|Row|Walk|Mews|Square|Green|"
                     r"Park|View|Rise)\b\.?")


def _digits(text: str) -> str:
    """Return only the digits of a text."""
    return "".join(ch for ch in text if ch.isdigit())


def mask_detail(kind: str, value: str) -> str:
    """Return a personal detail as its kind and a masked form, never the detail itself."""
    if kind == "phone":
        digits = _digits(value)
        mobile = digits.startswith(("07", "447", "00447"))
        noun = "a mobile number" if mobile else "a phone number"
        return f"{noun} ending {digits[-2:]}" if len(digits) >= 6 else noun
    if kind == "email":
        found = _EMAIL.search(value)
        return f"an email address at {found.group(1).lower()}" if found else "an email address"
    if kind in ("address", "postcode"):
        found = _POSTCODE.search(value)
        noun = "a home address" if kind == "address" else "a postcode"
        return f"{noun} in {found.group(1).upper()}" if found else noun
    return KIND_WORDS.get(kind, "a personal detail")


def scrub(text: str) -> str:
    """Mask anything in a text that still looks like a phone number, email address, postcode or street address."""
    text = _EMAIL.sub(lambda m: f"[{mask_detail('email', m.group(0))}]", text)
    text = _STREET.sub("[a street address]", text)
    text = _POSTCODE.sub(lambda m: f"[a postcode in {m.group(1).upper()}]", text)
    return _PHONE.sub(lambda m: f"[{mask_detail('phone', m.group(0))}]" if len(_digits(m.group(0))) >= 7
                      else m.group(0), text)


def _spans(evidence: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """Return the (kind, start, end) of each personal detail the evidence records, in order."""
    out = []
    for match in evidence.get("matches") or ():
        span = match.get("span") if isinstance(match, dict) else None
        if isinstance(span, list) and len(span) == 2 and all(isinstance(n, int) for n in span):
            out.append((str(match.get("kind", "")), span[0], span[1]))
    return sorted(out, key=lambda m: m[1])


def _mask_spans(text: str, spans: Sequence[tuple[str, int, int]]) -> tuple[str, int, int]:
    """Return text with each span replaced by its masked form, and where the first one now stands."""
    out, pos, first = [], 0, (-1, -1)
    merged: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(spans, key=lambda m: m[1]):
        if merged and start < merged[-1][2]:
            # overlapping details ("lives at 14 Station Road" and "14 Station Road, Brackley NN13 6XX") mask as one
            merged[-1] = (merged[-1][0], merged[-1][1], max(merged[-1][2], end))
        else:
            merged.append((kind, start, end))
    for kind, start, end in merged:
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(text[pos:start])
        label = f"[{mask_detail(kind, text[start:end])}]"
        at = sum(map(len, out))
        if first == (-1, -1):
            first = (at, at + len(label))
        out.append(label)
        pos = end
    out.append(text[pos:])
    return "".join(out), first[0], first[1]


def around(text: str, start: int, end: int, chars: int = AROUND_CHARS) -> str:
    """Return the span and up to `chars` characters either side, cut at word boundaries, "…" where cut."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    end = max(start, end)
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    # Never cut through a masked detail's label ("[a mobile number ending 23]"): take it whole.
    if text.rfind("[", 0, hi) > text.rfind("]", 0, hi) and (close := text.find("]", hi)) >= 0:
        hi = close + 1
    if text.rfind("[", 0, lo) > text.rfind("]", 0, lo):
        lo = text.rfind("[", 0, lo)
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


def finding_excerpt(rule: str, evidence: Mapping[str, Any], post_text: str | None) -> str:
    """Return the excerpt to show: around the matched span of the post when known, else the check's own.

    For personal data the details are masked first (the spans the check recorded), and whatever still
    looks like one is masked too: an excerpt may be cut through a detail, or the post may hold more.
    """
    span = evidence.get("span")
    raw = evidence.get("excerpt")
    stored = raw if isinstance(raw, str) else ""
    field = evidence.get("field")
    if (post_text and isinstance(span, list) and len(span) == 2 and all(isinstance(n, int) for n in span)
            and field in (None, "text")):
        start, end = int(span[0]), int(span[1])
        if rule == PERSONAL_RULE:
            masked, start, end = _mask_spans(post_text, _spans(evidence) or [("", start, end)])
            post_text = masked if start >= 0 else post_text
            start, end = max(start, 0), max(end, 0)
        text = around(post_text, start, end)
    else:
        text = stored
    return scrub(text) if rule == PERSONAL_RULE else text


def delivery_words(state: str, sent_at: datetime | None, last_error: str | None, zone: ZoneInfo) -> str:
    """Return what became of an alert, as the Clerk would say it: "alert sent 09:14 Tue 24 Nov", or why not yet."""
    if state == "sent" and sent_at is not None:
        aware = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=UTC)
        return f"alert sent {aware.astimezone(zone):%H:%M %a %-d %b}"
    error = (last_error or "").lower()
    if not error:
        return "alert waiting to be sent"
    if error.startswith("nomatch"):
        return "alert not delivered yet: no address in apprise.yml is set up for it"
    if "server answered" in error or re.search(r"\b5\d\d\b", error):
        return "alert not delivered yet: the mail server refused it"
    if "resolve" in error or "refused" in error or "timed out" in error or "timeout" in error:
        return "alert not delivered yet: the mail server could not be reached"
    return "alert not delivered yet: sending failed and is being retried"


def clause_words(clause: str) -> str:
    """Return a policy clause as a reader says it: "clause 10.1 of the Social Media Policy (Pre-election Period)"."""
    parts = [p.strip() for p in clause.split(",") if p.strip()]
    if not parts:
        return "the Social Media Policy"
    if all(p.lower().startswith("appendix") for p in parts):
        return APPENDIX
    numbered = [p for p in parts if not p.lower().startswith("appendix")]
    titles = list(dict.fromkeys(SECTIONS[p.split(".")[0]] for p in numbered if p.split(".")[0] in SECTIONS))
    listed = numbered[0] if len(numbered) == 1 else ", ".join(numbered[:-1]) + " and " + numbered[-1]
    words = f"clause{'s' if len(numbered) > 1 else ''} {listed} of the Social Media Policy"
    words += f" ({'; '.join(titles)})" if titles else ""
    return words + (" and its Appendix One" if len(numbered) < len(parts) else "")


# Rules whose score is not how likely the finding is (missing-disclaimer's is how close the profile comes to
# the standard text): their number is shown in the reasons, never as a likelihood.
NOT_A_LIKELIHOOD = frozenset({"missing-disclaimer"})


def score_word(score: object, rule: str = "") -> str | None:
    """Return a 0..1 score as a word ("very likely"), or None when it is not a likelihood."""
    if rule in NOT_A_LIKELIHOOD or isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        return None
    return next(w for floor, w in SCORE_WORDS if score >= floor)


def score_words(score: object, rule: str = "") -> str | None:
    """Return a 0..1 score as a word with the number after it ("very likely, score 0.91"), or None."""
    word = score_word(score, rule)
    return f"{word}, score {float(score):.2f}" if word and isinstance(score, int | float) else None


# Where in a record a check found something, as a reader says it.
FIELD_WORDS = {"text": "the post's text", "bio": "the profile's bio", "display_name": "the display name",
               "profile": "the profile", "location": "the profile's location", "pinned_text": "the pinned post",
               "last_post_at": "the account's last post"}


def field_words(field: object) -> str | None:
    """Return where a finding was found in words, or None for a field this version does not know."""
    return FIELD_WORDS.get(field) if isinstance(field, str) else None


def lookalike_pair(handle: str, evidence: Mapping[str, Any]) -> tuple[str, str] | None:
    """Return (the lookalike's handle, the real handle it imitates) from an impersonation finding's evidence."""
    subject = evidence.get("subject")
    if not isinstance(subject, str) or ":" not in subject:
        return None
    real = subject.partition(":")[2].lstrip("@")
    return (handle.lstrip("@"), real) if real else None
