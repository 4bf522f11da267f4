"""Links from an alert to the console: a plain link to a finding, and signed, expiring links that offer an action.

An action link only opens a confirmation page: mail scanners fetch every link in a message, so a GET
never acts; the Clerk's POST from that page does. The signing key is the credential file web-link-key.
"""

from __future__ import annotations

from typing import Final

from itsdangerous import BadSignature, URLSafeTimedSerializer

LINK_ACTIONS: Final = ("acknowledge", "fix")
LINK_DAYS: Final = 7
KEY_FILE: Final = "web-link-key"
_SALT: Final = "council-monitor action link"


def finding_url(base_url: str, finding_id: int) -> str:
    """Return the console's page for a finding."""
    return f"{base_url.rstrip('/')}/findings/{finding_id}"


def action_url(base_url: str, key: str, finding_id: int, action: str) -> str:
    """Return a signed link that opens the confirmation page of an action on a finding."""
    if action not in LINK_ACTIONS:
        raise ValueError(f"no link for {action!r}")
    token = URLSafeTimedSerializer(key, salt=_SALT).dumps([finding_id, action])
    return f"{base_url.rstrip('/')}/act/{token}"


def read_action(key: str, token: str) -> tuple[int, str] | None:
    """Return the finding and action a link names, or None when it is forged, garbled or older than a week."""
    try:
        finding_id, action = URLSafeTimedSerializer(key, salt=_SALT).loads(token, max_age=LINK_DAYS * 86400)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(finding_id, int) or action not in LINK_ACTIONS:
        return None
    return finding_id, action
