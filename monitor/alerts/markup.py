"""Markup: a message body built as HTML (email) and Markdown (Slack and the rest) in step, with every piece
of post text treated as hostile (cleaned, bounded, inert in both formats)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from monitor.lookalike_diff import codepoint, is_invisible, segments
from monitor.text import strip_invisible

# Bounds on what hostile text may occupy in a message (a 100 KB post gives a 500-character excerpt).
EXCERPT_CHARS = 500
EXCERPT_LINES = 12
FIELD_CHARS = 300
# The excerpt looks like a quotation in HTML mail; <pre> keeps its line breaks in the text part too.
QUOTE_STYLE = "white-space:pre-wrap;font-family:inherit;border-left:3px solid #999;margin:0 0 1em;padding-left:.8em"
MONO = '<span style="font-family:monospace">{}</span>'
# A lookalike shown beside the real one: a monospace face where I and l differ, each difference marked.
MONO_BLOCK = ("font-family:'DejaVu Sans Mono',Consolas,'Courier New',monospace;font-size:16px;"
              "overflow-wrap:anywhere;margin:0")
MARK = "background:#ffe08a;color:#8a1c14;font-weight:bold;border-bottom:2px solid #b3261e"
# The email's frame: one column, tables for layout (Outlook), inline styles (Gmail), readable at 375 px.
FRAME_OPEN = ('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
              'style="max-width:640px;border-collapse:collapse"><tr><td style="font-family:Arial,Helvetica,'
              'sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;overflow-wrap:break-word">')
FRAME_CLOSE = "</td></tr></table>"
LINK_STYLE = "color:#1f4e79;overflow-wrap:anywhere;word-break:break-all"
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
        """Return (html, markdown): the HTML inside a one-column frame that fits a phone."""
        return FRAME_OPEN + "\n".join(self.html) + FRAME_CLOSE, "\n\n".join(self.md)

    def section(self, label: str, items: list[str]) -> None:
        """Add a labelled list of our own sentences (trusted text)."""
        self.html.append(f"<p style=\"margin:1em 0 .2em\"><b>{html.escape(label)}:</b></p><ul style=\"margin:0 0 "
                         ".8em 1.2em;padding:0\">" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
        self.md.append(f"**{md_trusted(label)}:**\n" + "\n".join(f"- {md_trusted(i)}" for i in items))


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
    return Piece(f'<a href="{html.escape(url, quote=True)}" style="{LINK_STYLE}">{html.escape(url)}</a>', f"<{url}>")


def marked(fake: str, real: str) -> str:
    """Return the lookalike as HTML with each character that differs from the real one marked.

    An invisible character is drawn as its code point, a missing one as a marked gap: the eye cannot see either.
    """
    out = []
    for text, diff in segments(fake, real):
        if diff is None:
            out.append(html.escape(text))
        elif diff.invisible:
            points = " ".join(codepoint(ch) for ch in text)
            out.append(f'<span style="{MARK};font-size:11px">[{points}]</span>')
        elif not text:
            out.append(f'<span style="{MARK}" title="missing">&nbsp;</span>')
        else:
            out.append(f'<span style="{MARK}">{html.escape(text)}</span>')
    return "".join(out)


def spelled(text: str) -> str:
    """Return text with each invisible character written as its code point, so plain text shows it too."""
    return "".join(f"[{codepoint(ch)}]" if is_invisible(ch) else ch for ch in text)


def shown_pair(fake: str, real: str, prefix: str = "") -> str:
    """Return the lookalike and the real one, one above the other in monospace, for an email."""
    return (f'<p style="{MONO_BLOCK}">Lookalike: {html.escape(prefix)}{marked(fake, real)}</p>'
            f'<p style="{MONO_BLOCK}">Real:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; {html.escape(prefix)}{html.escape(real)}</p>')


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

