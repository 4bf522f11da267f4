"""The PDF: the report's own HTML laid out by WeasyPrint, so the attachment and the email match.

WeasyPrint needs Pango at run time (Debian: libpango-1.0-0 libpangoft2-1.0-0), and fonts that draw every character
the report prints (fonts-dejavu-core and fonts-dejavu-extra: Latin, Greek, Cyrillic; fonts-noto-color-emoji: emoji).
"""

from __future__ import annotations

import logging
from typing import Any

# WeasyPrint and fontTools narrate every font subset at INFO and DEBUG.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class PdfError(Exception):
    """The PDF could not be made (usually a missing system library)."""


def _data_only_fetcher() -> Any:
    """Return a fetcher that loads data: URIs and refuses anything else (no network while printing)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class took a plain function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            """Load a data: URI; refuse every other scheme."""
            if not url.startswith("data:"):
                raise ValueError(f"outside resource refused: {url[:60]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols=("data",), timeout=5)


def html_to_pdf(html: str) -> bytes:
    """Return the HTML laid out as an A4 PDF."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # cffi raises OSError when the Pango libraries are missing
        raise PdfError(f"WeasyPrint cannot load its libraries ({exc}); on Debian or Ubuntu install "
                       "libpango-1.0-0 and libpangoft2-1.0-0") from None
    except ImportError as exc:
        raise PdfError(f"WeasyPrint is not installed ({exc}); reinstall council-social-monitor") from None
    # PDF/UA-1: a tagged PDF (headings, lists, tables, reading order) with its title and language, for screen
    # readers; the title is the page's <title>, the language its <html lang>.
    pdf: bytes = HTML(string=html, url_fetcher=_data_only_fetcher(), base_url=None).write_pdf(
        pdf_variant=PDF_VARIANT)
    return pdf


PDF_VARIANT = "pdf/ua-1"
