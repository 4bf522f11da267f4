"""A small threaded HTTP server on 127.0.0.1 that platform sandboxes build on.

Each platform subclass routes (method, path) to a handler returning (status, headers, JSON body).
Faults are queued per path prefix and consumed one request each, so a test can say
"the next two timeline calls answer 429" and then see the client recover.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

JSON = "application/json; charset=utf-8"
# The servers stop by themselves after this many requests or seconds: loops against them stay bounded.
MAX_REQUESTS = 1_000_000
MAX_LIFETIME_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Request:
    """One request as the sandbox saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        """Return the first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Fault:
    """A canned failure: a status with a body and headers, garbage, or a delay."""

    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent as is (malformed JSON)
    delay: float = 0.0  # seconds to wait before answering (slow replies)
    content_type: str | None = JSON


Response = tuple[int, dict[str, str], Any]
Handler = Callable[[Request], Response]


class _QuietServer(ThreadingHTTPServer):
    """An HTTP server that lets a client hang up without printing a traceback (clients close idle connections)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a connection the client reset or closed; report anything else as the standard library does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SandboxServer:
    """A platform's HTTP API on 127.0.0.1, in a daemon thread."""

    name = "sandbox"

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.faults: dict[str, deque[Fault]] = {}
        # Path -> PNG bytes: the pictures a platform's CDN would serve (profile pictures), fetched by GET.
        self.images: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Subclasses implement routing.
    def route(self, request: Request) -> Response:
        """Return the response for a request (subclasses override)."""
        return 404, {}, {"error": "not found"}

    def inject(self, path_prefix: str, *faults: Fault) -> None:
        """Queue faults for the next requests whose path starts with path_prefix."""
        with self._lock:
            self.faults.setdefault(path_prefix, deque()).extend(faults)

    def _take_fault(self, path: str) -> Fault | None:
        """Pop the first queued fault matching a path."""
        with self._lock:
            for prefix, queue in self.faults.items():
                if path.startswith(prefix) and queue:
                    return queue.popleft()
        return None

    def count(self, path_prefix: str = "/") -> int:
        """Return how many requests hit paths starting with a prefix."""
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(path_prefix))

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:PORT."""
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def start(self) -> SandboxServer:
        """Bind to a free port on 127.0.0.1 and serve in a daemon thread."""
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Without TCP_NODELAY every keep-alive reply waits ~40 ms for the peer's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                """Stay quiet: tests and the demo read the request log instead."""

            def _handle(self) -> None:
                server._serve(self)

            do_GET = do_POST = do_DELETE = _handle

        self._httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"{self.name}-sandbox",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        """Record the request, apply a queued fault or route it, and write the response."""
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = Request(handler.command, parts.path, parse_qs(parts.query, keep_blank_values=True),
                          {k.lower(): v for k, v in handler.headers.items()}, body)
        with self._lock:
            self.requests.append(request)
            exhausted = len(self.requests) > MAX_REQUESTS or time.monotonic() - self._started > MAX_LIFETIME_SECONDS
        if exhausted:
            self._write(handler, 503, {}, {"error": "sandbox request limit reached"}, None, JSON)
            threading.Thread(target=self.stop, daemon=True).start()
            return
        fault = self._take_fault(parts.path)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            self._write(handler, fault.status, fault.headers, fault.body, fault.raw, fault.content_type)
            return
        image = self.images.get(parts.path) if handler.command == "GET" else None
        if image is not None:
            self._write(handler, 200, {"Cache-Control": "max-age=86400"}, None, image, "image/png")
            return
        try:
            status, headers, payload = self.route(request)
        except Exception as exc:  # a sandbox bug must show as a 500, like a real server's
            status, headers, payload = 500, {}, {"error": f"sandbox error: {exc}"}
        self._write(handler, status, headers, payload, None, JSON)

    @staticmethod
    def _write(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], payload: Any,
               raw: bytes | None, content_type: str | None) -> None:
        """Send one response with a Content-Length (keep-alive safe)."""
        data = raw if raw is not None else json.dumps(payload).encode("utf-8")
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        # The client may have given up already (a timeout test); nothing to do then.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(data)
