"""Real servers on 127.0.0.1 for the alert tests: an SMTP server (aiosmtpd) and a webhook receiver."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# A test sends a handful of messages; a runaway loop stops here instead of filling memory.
MAX_REQUESTS = 500


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self.on_data: Any = None  # optional hook run before a message is accepted

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Keep the message and accept it."""
        if len(self.messages) >= MAX_REQUESTS:
            return "452 4.3.1 test inbox full"
        content = envelope.content or b""
        raw = content.encode() if isinstance(content, str) else bytes(content)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.envelopes.append(envelope)
        self.messages.append(message)
        if self.on_data:
            self.on_data(message)
        return "250 OK"


class SmtpServer:
    """aiosmtpd on 127.0.0.1 that can be stopped and started again on the same port (a mail server outage)."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen (again) on the same port."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until start()."""
        if self.controller:
            self.controller.stop()
            self.controller = None

    def url(self, to: str = "clerk@brackley-tc.gov.uk") -> str:
        """Return the Apprise URL that sends to this server without SMTP AUTH (PLATFORMS 4.2)."""
        return (f"mailto://brackley-tc.gov.uk:{self.port}?smtp=127.0.0.1&mode=insecure"
                f"&from=monitor@brackley-tc.gov.uk&to={to}")


@dataclass
class Hit:
    """One request the webhook receiver got."""

    path: str
    body: dict[str, Any]


@dataclass
class WebhookServer:
    """A ThreadingHTTPServer answering Slack webhooks ("ok") and json:// posts, with scripted failures."""

    hits: list[Hit] = field(default_factory=list)
    # Status codes to answer before the normal 200, e.g. deque([500, 500]).
    failures: deque[int] = field(default_factory=deque)
    server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        """Serve on 127.0.0.1 at a port the kernel picks."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                """Record the JSON body, then answer as scripted."""
                length = min(int(self.headers.get("Content-Length") or 0), 2_000_000)
                raw = self.rfile.read(length)
                status = owner.failures.popleft() if owner.failures else 200
                if len(owner.hits) < MAX_REQUESTS:
                    owner.hits.append(Hit(self.path, json.loads(raw or b"{}")))
                reply = b"ok" if status == 200 else b"server error"
                self.send_response(status)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def port(self) -> int:
        """Return the port served on."""
        assert self.server is not None
        return int(self.server.server_address[1])

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def slack_hits(self) -> list[Hit]:
        """Return the Slack webhook posts."""
        return [h for h in self.hits if h.path.startswith("/services/")]

    def json_hits(self) -> list[Hit]:
        """Return the json:// posts."""
        return [h for h in self.hits if h.path.startswith("/hook")]


def parts(message: EmailMessage) -> tuple[str, str]:
    """Return the text/plain and text/html parts of an email."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "expected multipart/alternative with text and HTML"
    return str(text.get_content()), str(html.get_content())
