"""Targets: the Apprise URLs of the `apprise.yml` credential, their tags, checked at start-up, secrets kept out."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from typing import Any, TypeAlias
from urllib.parse import unquote, urlsplit

import apprise

from monitor import logs
from monitor.alerts.routing import TAG_SHAPE, route_problems
from monitor.config import Config, ConfigError
from monitor.credentials import APPRISE_CONFIG, CredentialError, credentials_dir, read_secret

APP_ID = "council-monitor"
APP_DESC = "Council social media monitor"
# Each loaded service also carries this tag plus its id, so a message can be re-sent to exactly the
# services that failed (see delivering._narrow). Users' own tags may not start with it.
SERVICE_TAG = "svc-"
# What the rest of the monitor holds the targets as, without importing apprise itself.
Targets: TypeAlias = apprise.Apprise


def make_asset() -> apprise.AppriseAsset:
    """Return the Apprise asset that names this application in footers and email headers."""
    return apprise.AppriseAsset(app_id=APP_ID, app_desc=APP_DESC)


def no_targets() -> Targets:
    """Return targets with no service in them (before apprise.yml is read)."""
    return apprise.Apprise(asset=make_asset())


def load_targets(config: Config) -> Targets:
    """Read apprise.yml from the credentials directory, check it against the routes, and return the targets."""
    path = credentials_dir(config) / APPRISE_CONFIG
    try:
        text = read_secret(config, APPRISE_CONFIG) or ""
    except CredentialError as exc:
        raise ConfigError(path, [exc.problem]) from None
    targets = parse_targets(text, source=str(path))
    problems = route_problems(config, targets)
    if problems:
        raise ConfigError(path, problems)
    return targets


def parse_targets(text: str, source: str = APPRISE_CONFIG) -> Targets:
    """Parse Apprise YAML or TEXT configuration; raise ConfigError naming each bad entry, never its secrets."""
    asset = make_asset()
    # recursion=0: an `include:` line is never followed (it could fetch a URL from the network).
    loader = apprise.AppriseConfig(asset=asset, recursion=0)
    with quiet_apprise(), apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        accepted = loader.add_config(text)
        services = loader.services() if accepted else []
    # "Failed to load Apprise configuration from memory://" says nothing the other lines do not.
    problems = [line.strip() for line in captured.getvalue().splitlines()
                if line.strip() and "from memory://" not in line]
    if not accepted:
        problems.append("neither Apprise YAML nor Apprise TEXT configuration "
                        "(start with `urls:` and list one URL per entry; see docs/alerts.md)")
    elif not services and not problems:
        problems.append("no notification URLs in it (add e.g. `urls:` with a mailtos:// entry tagged email)")
    targets = apprise.Apprise(asset=asset)
    for service in services:
        problems += _service_problems(service)
        _register_secrets(service)
        service.tags.add(service_tag(service))
        targets.add(service)
    if problems:
        found = _raw_secrets(text)
        hint = "(docs/alerts.md shows a working apprise.yml for email and Slack)"
        raise ConfigError(source, [redact(p, found) for p in problems] + [hint])
    return targets


@contextlib.contextmanager
def quiet_apprise() -> Iterator[None]:
    """Keep Apprise's logger above DEBUG, whatever the root level: at DEBUG it prints whole configuration
    files ("Loading raw configuration: ...") and webhook URLs with their tokens."""
    logger = logging.getLogger(apprise.LOGGER_NAME)
    old = logger.level
    if logger.getEffectiveLevel() < logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(old)


_DETAIL_LOCK = threading.Lock()


@contextlib.contextmanager
def apprise_detail() -> Iterator[None]:
    """Let Apprise's DEBUG lines reach only its own per-call capture, for one notify() call at a time.

    The problem: Apprise puts why a send failed at DEBUG ("Socket Exception: (550, b'5.1.1 ...')"), a
    logger set above DEBUG never makes those records, and its other DEBUG lines carry webhook URLs with
    their tokens and whole payloads. The fix: while one notify(log_level=DEBUG) runs, the apprise logger
    makes DEBUG records but passes none of its records to the application's handlers; Apprise's capture
    hands them back in the result (NotifyResult.logs()), and the caller keeps the reason, redacted.
    A lock keeps two threads from restoring the logger in the wrong order.
    """
    logger = logging.getLogger(apprise.LOGGER_NAME)
    with _DETAIL_LOCK:
        level, propagate = logger.level, logger.propagate
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        try:
            yield
        finally:
            logger.setLevel(level)
            logger.propagate = propagate


def _service_problems(service: Any) -> list[str]:
    """Return what is wrong with one loaded service's tags."""
    name = f"the entry for {service.url(privacy=True)}"
    tags = sorted(str(t) for t in service.tags)
    if not tags:
        return [f"{name} has no tag, so no message would reach it (add `- tag: email` under it, or `email=` in TEXT)"]
    bad = [t for t in tags if not TAG_SHAPE.match(t) or t.startswith(SERVICE_TAG)]
    if bad:
        return [f"{name}: tag(s) {', '.join(bad)} not usable (lower-case letters, digits, - and _; "
                f"not starting with {SERVICE_TAG})"]
    return []


def service_tag(service: Any) -> str:
    """Return the tag that names one service: its Apprise url_id, or a hash of its masked URL."""
    ident = service.url_id() or hashlib.sha256(service.url(privacy=True).encode()).hexdigest()[:12]
    return f"{SERVICE_TAG}{ident}"


def _register_secrets(service: Any) -> None:
    """Tell the log redactor every part of a service URL that Apprise itself would mask."""
    private = set(_url_parts(service.url(privacy=True)))
    for part in _url_parts(service.url(privacy=False)):
        if part not in private:
            logs.add_secret(part)


def _url_parts(url: str) -> list[str]:
    """Split a URL into its components, decoded."""
    return [unquote(p) for p in re.split(r"[/:@?&=#,]+", url) if p]


def _raw_secrets(text: str) -> set[str]:
    """Return the likely secrets in raw configuration text: passwords, tokens, keys (not hosts or addresses)."""
    found: set[str] = set()
    for url in re.findall(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+", text):
        parts = urlsplit(url)
        if parts.password:
            found.add(unquote(parts.password))
        for piece in re.split(r"[/&=,]+", parts.path + "&" + parts.query):
            piece = unquote(piece)
            if len(piece) >= 6 and "@" not in piece and "." not in piece:
                found.add(piece)
    return found


def redact(text: str, extra: frozenset[str] | set[str] = frozenset()) -> str:
    """Remove registered and given secrets from a text that may be logged or stored."""
    for secret in sorted(logs.REDACTOR.secrets | set(extra), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def describe_targets(targets: Targets) -> list[str]:
    """Return one masked line per loaded service: its tags and URL (for check-config)."""
    return [target_name(service) for service in targets]


def target_name(service: Any) -> str:
    """Return a target as people see it in messages: its tags and its URL masked by Apprise."""
    tags = sorted(str(t) for t in service.tags if not str(t).startswith(SERVICE_TAG))
    return f"{', '.join(tags) or 'untagged'}: {service.url(privacy=True)}"
