"""Profile pictures: fetched once per change of picture, reduced to the perceptual hash the checks compare.

council-identity (the council's logo on a councillor's account) and impersonation (a lookalike wearing the
council's or a councillor's picture) read Account.avatar_hash. Platforms give only a picture URL, so this
module downloads it, but only when the URL is new: an account whose stored profile has the same URL keeps
its stored hash, and one URL is fetched once per cycle however many accounts show it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import requests

from monitor.platforms.http import RoutingAdapter, routed_session
from monitor.records import Account, handle_key

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

# pHash with hash_size=8: the 64-bit hash `council-monitor logo-hash` prints and the checks compare.
HASH_SIZE = 8
# A profile picture is tens of KB; far more is not a picture worth reading.
MAX_BYTES = 5 << 20
TIMEOUT_S = 10.0


class AvatarError(Exception):
    """A picture that could not be fetched or read; the message says why (never a secret)."""


def phash_hex(data: bytes) -> str:
    """Return the hex pHash-64 of an image's bytes, flattened onto white as a profile shows it."""
    import imagehash
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise AvatarError(f"not an image ({type(exc).__name__})") from None
    return str(imagehash.phash(on_white(image), hash_size=HASH_SIZE))


def on_white(image: Image.Image) -> Image.Image:
    """Return the image flattened onto white: pHash would otherwise read transparent pixels' stored colour."""
    from PIL import Image

    if image.mode not in ("RGBA", "LA", "PA") and not (image.mode == "P" and "transparency" in image.info):
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")


class AvatarHasher:
    """Fetch and hash profile pictures through one session, remembering each URL's hash."""

    def __init__(self, session: requests.Session) -> None:
        """Use a session (routed to a sandbox in tests and the demo)."""
        self.session = session
        self.hashes: dict[str, str] = {}
        self.fetched = 0
        self.errors: list[str] = []

    @classmethod
    def routed(cls, base_url: str | None, timeout: float = TIMEOUT_S) -> AvatarHasher:
        """Return a hasher whose https requests carry a timeout and, given a sandbox URL, go there."""
        session = routed_session("https://", timeout, base_url or None)
        session.mount("http://", RoutingAdapter(timeout=timeout))  # the sandbox's own URLs keep their longer mount
        return cls(session)

    def hash_of(self, url: str) -> str:
        """Return a picture's hash, fetching it only the first time its URL is seen."""
        if url not in self.hashes:
            self.hashes[url] = phash_hex(self.fetch(url))
        return self.hashes[url]

    def fetch(self, url: str) -> bytes:
        """Download a picture with a size limit, or say why it could not be."""
        self.fetched += 1
        try:
            with self.session.get(url, stream=True, headers={"User-Agent": "council-monitor"}) as response:
                if response.status_code >= 400:
                    raise AvatarError(f"HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise AvatarError(f"more than {MAX_BYTES >> 20} MB")
                return bytes(body)
        except requests.RequestException as exc:
            raise AvatarError(f"cannot fetch it ({type(exc).__name__})") from None

    def fill(self, accounts: Sequence[Account], known: Iterable[Account] = ()) -> list[Account]:
        """Return the accounts with avatar_hash filled in: kept when the stored profile has the same picture URL.

        A picture that cannot be fetched leaves the hash empty (the checks then compare nothing) and is
        noted in `errors`; it never stops the cycle.
        """
        stored = {(a.platform, handle_key(a.handle)): a for a in known if a.avatar_url and a.avatar_hash}
        out = []
        for account in accounts:
            url = account.avatar_url
            if account.avatar_hash or not url:
                out.append(account)
                continue
            before = stored.get((account.platform, handle_key(account.handle)))
            if before is not None and before.avatar_url == url:
                out.append(replace(account, avatar_hash=before.avatar_hash))
                continue
            try:
                out.append(replace(account, avatar_hash=self.hash_of(url)))
            except AvatarError as exc:
                self.errors.append(f"{account.platform} @{account.handle}'s picture: {exc}")
                log.info("could not hash %s @%s's picture: %s", account.platform, account.handle, exc)
                out.append(account)
        return out
