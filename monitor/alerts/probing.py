"""Probing: does each Apprise target accept a connection? Nothing is sent (check-config --online).

An email target gets the SMTP conversation up to the point where a message would begin: connect,
EHLO, STARTTLS when its URL asks for it, the login when it has one, NOOP, QUIT. Any other target is
resolved and TCP-connected to, and nothing more: no HTTP request, so no webhook can take a probe for
a message. A target whose address Apprise does not expose is named as not probed.
"""

from __future__ import annotations

import ipaddress
import smtplib
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from apprise.plugins.email import NotifyEmail

from monitor.alerts.targets import Targets, target_name

PROBE_TIMEOUT_SECONDS = 10.0
# Class attributes where Apprise plugins keep a fixed endpoint (Slack's hooks.slack.com, Discord's, Telegram's).
ENDPOINT_ATTRIBUTES = ("notify_url", "webhook_url", "api_url")


@dataclass(frozen=True)
class Probe:
    """One target's answer: reachable or not, and what was seen."""

    target: str  # its tags and masked URL
    ok: bool | None  # None: not probed
    detail: str


def probe_targets(targets: Targets, timeout: float = PROBE_TIMEOUT_SECONDS) -> list[Probe]:
    """Probe every target once, in the order of apprise.yml."""
    return [probe(service, timeout) for service in targets]


def probe(service: Any, timeout: float) -> Probe:
    """Probe one target: the SMTP conversation for email, a TCP connection for the rest."""
    name = target_name(service)
    if isinstance(service, NotifyEmail):
        ok, detail = smtp_probe(service.smtp_host, int(service.port or 0), str(service.secure_mode),
                                service.user, service.password, bool(service.verify_certificate), timeout)
        return Probe(name, ok, detail)
    address = endpoint(service)
    if address is None:
        return Probe(name, None, "not probed: Apprise gives no address for this kind of target "
                                 "(send it a test with council-monitor test-alert)")
    ok, detail = tcp_probe(*address, timeout)
    return Probe(name, ok, detail)


def endpoint(service: Any) -> tuple[str, int] | None:
    """Return the host and port a non-email target sends to, when Apprise says it plainly."""
    for attribute in ENDPOINT_ATTRIBUTES:
        value = getattr(type(service), attribute, None)
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts and parts.scheme in ("http", "https") and parts.hostname and "{" not in parts.netloc:
            return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    host = getattr(service, "host", None)
    # A plugin whose "host" is really an account or token (slack://T1/B2/C3) has no dot in it.
    if isinstance(host, str) and _looks_like_host(host):
        port = getattr(service, "port", None)
        return host, int(port) if port else (443 if getattr(service, "secure", False) else 80)
    return None


def _looks_like_host(host: str) -> bool:
    """Say whether a string names a machine: an address, localhost, or a dotted name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or ("." in host and not host.startswith("."))
    return True


def tcp_probe(host: str, port: int, timeout: float) -> tuple[bool, str]:
    """Resolve and connect, then close without sending a byte."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True, f"{host}:{port} accepts connections (nothing was sent)"
    except OSError as exc:
        return False, connection_failure(host, port, exc, timeout)


def smtp_probe(host: str, port: int, mode: str, user: str | None, password: str | None, verify: bool,
               timeout: float) -> tuple[bool, str]:
    """Talk SMTP up to the point a message would begin, then QUIT; return what the server said."""
    context = ssl.create_default_context()
    if not verify:  # the URL says verify=no: probe as Apprise would send
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        server = (smtplib.SMTP_SSL(host, port, timeout=timeout, context=context) if mode == "ssl"
                  else smtplib.SMTP(host, port, timeout=timeout))
    except OSError as exc:  # smtplib's own errors (a refused greeting) are OSErrors too
        return False, connection_failure(host, port, exc, timeout)
    try:
        code, banner = server.ehlo()
        if mode == "starttls":
            server.starttls(context=context)
            server.ehlo()
        if user and password:
            server.login(user, password)
        server.noop()
    except (smtplib.SMTPException, OSError) as exc:
        return False, f"the SMTP server at {host}:{port} refused: {smtp_answer(exc)}"
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    greeting = banner.decode(errors="replace").splitlines()[0] if banner else ""
    return True, f"the SMTP server at {host}:{port} answered {code} {greeting} (nothing was sent)".rstrip()


def smtp_answer(exc: BaseException) -> str:
    """Return an SMTP error as the server's code and words ('535 5.7.8 authentication failed')."""
    code, words = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", None)
    if isinstance(code, int):
        text = words.decode(errors="replace") if isinstance(words, bytes) else str(words or "")
        return f"{code} {text}".strip()
    return str(exc) or type(exc).__name__


def connection_failure(host: str, port: int, exc: BaseException, timeout: float) -> str:
    """Return why a connection could not be made, with what to check."""
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve {host} ({exc.strerror}; check the host name, and the server's DNS)"
    if isinstance(exc, ConnectionRefusedError):
        return (f"{host}:{port} refused the connection (is the server running, and are this host and port "
                "right?)")
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"{host}:{port} did not answer within {timeout:g} s (a firewall, or the wrong host or port?)"
    if isinstance(exc, ssl.SSLError):
        return f"TLS with {host}:{port} failed: {exc.reason or exc} (check the port and the mode= in the URL)"
    if isinstance(exc, smtplib.SMTPException):
        return f"the SMTP server at {host}:{port} refused: {smtp_answer(exc)}"
    return f"cannot connect to {host}:{port}: {getattr(exc, 'strerror', None) or exc}"
