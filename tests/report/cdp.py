"""A tiny Chrome DevTools Protocol client on the standard library: a WebSocket (RFC 6455) and JSON calls.

Only what the report's browser test needs: text frames, one connection, a deadline on every read.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import time
from typing import Any
from urllib.parse import urlsplit


class CdpError(Exception):
    """The browser answered with an error, closed the socket, or took too long."""


class DevTools:
    """One WebSocket to a DevTools target; call() sends a method and returns its result, keeping events."""

    def __init__(self, ws_url: str, timeout: float = 30.0) -> None:
        """Connect to a DevTools WebSocket URL; every later read gives up after `timeout` seconds."""
        parts = urlsplit(ws_url)
        self.sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=timeout)
        self.deadline_seconds = timeout
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._handshake(parts.netloc, parts.path)

    def _handshake(self, host: str, path: str) -> None:
        """Upgrade the HTTP connection to a WebSocket."""
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CdpError("the browser closed the connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise CdpError(f"no WebSocket upgrade: {head[:80]!r}")

    def _send(self, payload: bytes) -> None:
        """Send one masked text frame (clients must mask)."""
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x81, 0x80 | size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _exactly(self, n: int) -> bytes:
        """Read exactly n bytes."""
        out = bytearray()
        while len(out) < n:
            chunk = self.sock.recv(min(n - len(out), 1 << 20))
            if not chunk:
                raise CdpError("the browser closed the connection")
            out += chunk
        return bytes(out)

    def _frame(self) -> tuple[int, bool, bytes]:
        """Read one frame: its opcode, whether it is the last fragment, its payload."""
        first, second = self._exactly(2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", self._exactly(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", self._exactly(8))[0]
        mask = self._exactly(4) if second & 0x80 else b""
        data = self._exactly(size)
        if mask:
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        return first & 0x0F, bool(first & 0x80), data

    def _message(self) -> dict[str, Any]:
        """Read one whole JSON message, joining fragments and skipping pings."""
        parts: list[bytes] = []
        while True:
            opcode, last, data = self._frame()
            if opcode == 0x8:
                raise CdpError("the browser closed the WebSocket")
            if opcode in (0x9, 0xA):
                continue  # Chromium does not ping a client; ignore either way
            parts.append(data)
            if last:
                message: dict[str, Any] = json.loads(b"".join(parts))
                return message

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result; events read meanwhile are kept in .events."""
        self._next_id += 1
        self._send(json.dumps({"id": self._next_id, "method": method, "params": params}).encode())
        deadline = time.monotonic() + self.deadline_seconds
        while time.monotonic() < deadline:
            message = self._message()
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)
        raise CdpError(f"{method}: no answer in {self.deadline_seconds} s")

    def wait_for(self, event: str) -> dict[str, Any]:
        """Return the first event of a kind (already received, or the next ones)."""
        deadline = time.monotonic() + self.deadline_seconds
        for seen in self.events:
            if seen.get("method") == event:
                return seen
        while time.monotonic() < deadline:
            message = self._message()
            self.events.append(message)
            if message.get("method") == event:
                return message
        raise CdpError(f"no {event} in {self.deadline_seconds} s")

    def close(self) -> None:
        """Close the socket."""
        self.sock.close()
