"""What an adapter with a live stream offers the daemon (the registry's "stream" feature)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Streaming(Protocol):
    """An adapter that hears of new posts between polls."""

    def start_stream(self, cursors: dict[str, str], wake: Callable[[str], None]) -> bool:
        """Start following the stream from the stored cursors; False when it is switched off."""

    def stop_stream(self) -> None:
        """Close the stream."""

    def deletions_pending(self) -> bool:
        """Say whether the stream saw deletions the re-check has not looked at."""
