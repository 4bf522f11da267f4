"""Logging to stderr: syslog priority prefixes under journald, and never a secret."""

from __future__ import annotations

import logging
import os
import sys

# These libraries print request headers, bearer token included, at DEBUG.
CHATTY = ("tweepy", "urllib3", "requests_oauthlib", "oauthlib", "facebook", "apprise")

# sd-daemon(3) priority prefixes understood by journald on stderr.
_PRIORITY = {logging.DEBUG: "<7>", logging.INFO: "<6>", logging.WARNING: "<4>", logging.ERROR: "<3>",
             logging.CRITICAL: "<2>"}


class JournalFormatter(logging.Formatter):
    """Prefix each line with its syslog priority so journalctl can filter and colour it."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the prefixed line."""
        return _PRIORITY.get(record.levelno, "<6>") + super().format(record)


class Redactor(logging.Filter):
    """Replace any registered secret in a log line, its arguments and its traceback with '***'."""

    def __init__(self) -> None:
        """Start with no secret."""
        super().__init__()
        self.secrets: set[str] = set()

    def redact(self, text: str) -> str:
        """Return the text with every registered secret replaced."""
        # Longest first: a short secret inside a longer one must not leave the rest of the longer one.
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record without secrets; never drop it."""
        if not self.secrets:
            return True
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # An exception's text can quote a request header or URL; format it here to clean it, and
            # the formatter uses this text instead of formatting the exception again.
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_PLAIN = logging.Formatter()
REDACTOR = Redactor()


def add_secret(secret: str) -> None:
    """Register a secret, whatever its length, so that no log line ever shows it."""
    if secret:  # replacing "" would put *** between every character
        REDACTOR.secrets.add(secret)


def setup_logging(verbose: bool = False) -> None:
    """Send logs to stderr, with priority prefixes when journald reads them."""
    handler = logging.StreamHandler(sys.stderr)
    under_journal = bool(os.environ.get("JOURNAL_STREAM"))
    fmt = "%(name)s: %(message)s" if under_journal else "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(JournalFormatter(fmt) if under_journal else logging.Formatter(fmt))
    handler.addFilter(REDACTOR)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    quiet_chatty_loggers()


def quiet_chatty_loggers() -> None:
    """Keep client libraries that log secrets at DEBUG above DEBUG, whatever the root level."""
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.INFO if name != "urllib3" else logging.WARNING)
