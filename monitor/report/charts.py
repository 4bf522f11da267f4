"""The report's chart, drawn with matplotlib's Agg canvas and embedded as a data: URI.

The figure is built with the object API on an Agg canvas (no pyplot, no matplotlib.use()): no
display needed, no global backend switched under other code, safe in the daemon's threads.
Output is byte-for-byte repeatable: PNG without the Software stamp, SVG with a fixed hash salt and
no Date, so the same numbers always give the same image.
"""

from __future__ import annotations

import base64
import io
from typing import Literal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from monitor.records import SEVERITIES
from monitor.report.model import Numbers

ImageFormat = Literal["png", "svg"]
MIME = {"png": "image/png", "svg": "image/svg+xml"}
# Severity colours, dark enough on white for the PDF printed in grey (with the table beside it).
COLOURS = {"high": "#b3261e", "medium": "#d98c1f", "low": "#6b7f99"}
SVG_SALT = "council-social-monitor"


def weekly_findings(numbers: Numbers, fmt: ImageFormat = "png") -> bytes:
    """Return a stacked bar chart of findings first seen per week, by severity."""
    fig = Figure(figsize=(6.0, 2.3), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    labels = [f"W{w.week:02d}" for w in numbers.weeks]
    bottom = [0] * len(labels)
    for severity in SEVERITIES:
        values = list(numbers.by_severity.get(severity, (0,) * len(labels)))
        ax.bar(labels, values, bottom=bottom, color=COLOURS[severity], label=severity, width=0.6)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(max(bottom, default=0), 1) * 1.15)
    ax.set_ylabel("findings")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncols=3)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    return _save(fig, fmt)


def _save(fig: Figure, fmt: ImageFormat) -> bytes:
    """Return the figure's bytes in a repeatable form."""
    buf = io.BytesIO()
    if fmt == "svg":
        with matplotlib.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "path"}):
            fig.savefig(buf, format="svg", metadata={"Date": None})
    else:
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def data_uri(image: bytes, fmt: ImageFormat) -> str:
    """Return an image as a data: URI (no external fetch: the email and the PDF work offline)."""
    return f"data:{MIME[fmt]};base64,{base64.b64encode(image).decode('ascii')}"


def alt_text(numbers: Numbers) -> str:
    """Return the chart's content in words, for screen readers and text-only mail."""
    parts = [f"W{w.week:02d}: {total}" for w, total in zip(numbers.weeks, numbers.totals, strict=True)]
    return "Findings first seen per week, by severity. " + ", ".join(parts) + "."
