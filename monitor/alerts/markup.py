"""Markup: a message body built as HTML (email) and Markdown (Slack and the rest) in step, with every piece
of post text treated as hostile (cleaned, bounded, inert in both formats)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from monitor.text import strip_invisible

# Bounds on what hostile text may occupy in a message (a 100 KB post gives a 500-character excerpt).
EXCERPT_CHARS = 500
EXCERPT_LINES = 12
FIELD_CHARS = 300
# The excerpt looks like a quotation in HTML mail; <pre> keeps its line breaks in the text part too.
QUOTE_STYLE = "white-space:pre-wrap;font-family:inherit;border-left:3px solid #999;margin:0 0 1em;padding-left:.8em"
MONO = '<span style="font-family:monospace">{}</span>'
# Every way of breaking a line, read as a newline; then the C0/C1 controls left (not tab or newline),
# which can recolour a terminal, ring a bell or hide text, are dropped.
LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Words Slack (and Teams, Mattermost) turn into a notification for everyone in the channel.
BROADCASTS = re.compile(r"@(here|channel|everyone|all)\b", re.IGNORECASE)


@dataclass
class Body:
    """A message body built twice in step: HTML for email, Markdown for Slack and other services."""

    html: list[str] = field(default_factory=list)
    md: list[str] = field(default_factory=list)

    def heading(self, text: str) -> None:
        """Add a heading (trusted text)."""
        self.html.append(f"<h2>{html.escape(text)}</h2>")
        self.md.append(f"**{md_trusted(text)}**")

    def line(self, label: str, *parts: Piece) -> None:
        """Add a labelled line made of trusted, untrusted and link pieces."""
        self.html.append(f"<p><b>{html.escape(label)}:</b> " + "".join(p.html for p in parts) + "</p>")
        self.md.append(f"**{md_trusted(label)}:** " + "".join(p.md for p in parts))

    def block(self, label: str, text: str) -> None:
        """Add untrusted multi-line text, shown verbatim: preformatted in HTML, a code block in Markdown."""
        self.html.append(f"<p><b>{html.escape(label)}:</b></p>\n<pre style=\"{QUOTE_STYLE}\">{html.escape(text)}</pre>")
        self.md.append(f"**{md_trusted(label)}:**\n```\n{md_neutral(text)}\n```")

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
    return Piece(html.escape(text), md_trusted(text))


def quoted(text: str, limit: int = FIELD_CHARS) -> Piece:
    """Return untrusted text (from a platform), cleaned and bounded, inert in every format."""
    clean = " ".join(shown_text(text, limit).split()) or "(empty)"
    return Piece(f"<q>{html.escape(clean)}</q>", f"`{md_neutral(clean)}`")


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


def md_trusted(text: str) -> str:
    """Escape our own text for Markdown: only what Apprise's Slack converter would act on."""
    return text.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>").replace("`", "'")


def md_neutral(text: str) -> str:
    """Make untrusted text inert inside a Markdown code span or block (also after Slack conversion).

    Inside code Apprise entity-escapes &, < and >, so <!channel>, <@U123> and <url|label> arrive as
    text; a backtick could close the code early, so it becomes a look-alike; @here and friends get a
    full-width at sign, which no chat service reads as a mention.
    """
    return BROADCASTS.sub(lambda m: "＠" + m.group(1), text.replace("`", "ˋ"))

