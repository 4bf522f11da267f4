"""The one shape in which alerts, digests, system messages and reports enter the outbox, and the one way in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from monitor.store import outbox


@dataclass(frozen=True)
class Message:
    """One message ready for the outbox: the same content as HTML (email) and Markdown (the rest).

    With a summary, services that are not email get only the summary, without attachments (see delivering).
    """

    kind: str
    dedupe_key: str
    tags: tuple[str, ...]
    title: str
    text: str
    html: str | None
    attachments: tuple[str, ...] = ()
    summary: str | None = None


def queue(session: Session, message: Message, now: datetime) -> bool:
    """Put a message in the outbox in the caller's transaction; False if it was queued before."""
    return outbox.enqueue(session, message.dedupe_key, message.kind, message.tags, message.title, message.text,
                          message.html, message.attachments, now=now, summary=message.summary)
