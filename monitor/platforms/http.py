"""The one outbound-HTTP seam: every request gets a timeout, and may be routed to a local sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

ErrorKind = Literal["rate_limited", "transient", "permanent", "auth", "budget"]


@dataclass
class SourceError(Exception):
    """A classified platform failure, handed back to the scheduler; never slept on inside a job.

    rate_limited: retry at retry_at (or after a backoff when unknown); transient: 5xx, timeouts,
    malformed bodies, retry later; auth: the token is expired or revoked (401/403, Graph error 190),
    the Clerk must act; permanent: the request can never work (404, 400); budget: credits exhausted (402).
    The message never holds a secret.
    """

    platform: str
    kind: ErrorKind
    message: str
    retry_at: datetime | None = None
    status: int | None = None

    def __str__(self) -> str:
        """Return a one-line description for logs and alerts."""
        when = f" until {self.retry_at:%Y-%m-%d %H:%M} UTC" if self.retry_at else ""
        code = f" (HTTP {self.status})" if self.status else ""
        return f"{self.platform}: {self.kind}{when}{code}: {self.message}"


class RoutingAdapter(HTTPAdapter):
    """Fill in a timeout on every request, and optionally send it to another base URL.

    The problem: tweepy passes no timeout and hard-codes https://api.twitter.com.
    The fix: mount this on the client's own requests.Session; production gets the timeout,
    the sandbox and tests get the same code path pointed at 127.0.0.1.
    """

    def __init__(self, timeout: float, base_url: str | None = None, **kwargs: Any) -> None:
        self.timeout = timeout
        self.base = urlsplit(base_url) if base_url else None
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send with the timeout filled in and the host rewritten when routed."""
        if self.base is not None and request.url:
            parts = urlsplit(request.url)
            request.url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, parts.fragment))
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def routed_session(real_base: str, timeout: float, base_url: str | None = None,
                   session: requests.Session | None = None) -> requests.Session:
    """Return a session whose requests to real_base carry a timeout and go to base_url if given."""
    session = session or requests.Session()
    adapter = RoutingAdapter(timeout=timeout, base_url=base_url)
    session.mount(real_base, adapter)
    if base_url:
        # Requests already rewritten to the sandbox's http:// URL (e.g. paging links) need the timeout too.
        session.mount(base_url, RoutingAdapter(timeout=timeout))
    return session
