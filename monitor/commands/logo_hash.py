"""`council-monitor logo-hash`: the perceptual hash of a logo, for `[council] logo_hashes` in the config."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from PIL import Image

HELP = "print the perceptual hash of an image (a file or an http(s) URL) to list in [council] logo_hashes"
EPILOG = ("Hash every version of the council's logo in use (the crest, a square avatar, a coloured and a plain one) "
          "and list them all: logo_hashes = [\"…\", \"…\"]. A councillor's avatar within 8 of 64 bits of one "
          "is reported as the council's logo (council-identity). "
          "exit status: 0 printed, 2 a bad option, 65 not an image it can read, 66 no such file or it cannot be "
          "read, 69 the URL could not be fetched.")
EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE = 2, 65, 66, 69
# pHash with hash_size=8 is the 64-bit hash the checks compare (monitor.lookalike.avatar_matches:
# within AVATAR_BITS_PER_64 = 8 bits, DETECTION.md §1.5). Another size would never match.
HASH_SIZE = 8
TIMEOUT_S = 15.0
# A logo is a few hundred KB; anything far bigger is the wrong URL (a page, a video), not worth reading.
MAX_BYTES = 20 << 20


class ImageProblem(Exception):
    """An image that cannot be hashed: what went wrong, with the hint, and the exit status."""

    def __init__(self, message: str, status: int) -> None:
        """Keep the message and the exit status."""
        super().__init__(message)
        self.status = status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the image and --timeout."""
    parser.epilog = EPILOG
    parser.add_argument("image", metavar="IMAGE", help="a file (PNG, JPEG, GIF, WebP...) or an http(s):// URL")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=TIMEOUT_S,
                        help=f"give up on a URL after this long (default: {TIMEOUT_S:g})")


def run(args: argparse.Namespace) -> int:
    """Print the hash on standard output and how to use it on standard error."""
    try:
        data = read_source(args.image, args.timeout)
        digest = logo_hash(data)
    except ImageProblem as exc:
        print(f"council-monitor logo-hash: {exc}", file=sys.stderr)
        return exc.status
    print(digest)
    print(f'add it to config.toml under [council]: logo_hashes = ["{digest}"] '
          "(keep the hashes already there)", file=sys.stderr)
    return 0


def read_source(source: str, timeout: float) -> bytes:
    """Return the bytes of a file or an http(s) URL."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return fetch(source, timeout)
    if "://" in source:
        raise ImageProblem(f"{source}: only http:// and https:// URLs can be fetched (or give a file path)", EX_USAGE)
    return read_file(Path(source))


def read_file(path: Path) -> bytes:
    """Return a file's bytes, or say why it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImageProblem(f"{path}: larger than {MAX_BYTES >> 20} MB: not a logo", EX_DATAERR)
        return path.read_bytes()
    except FileNotFoundError:
        raise ImageProblem(f"{path}: no such file (check the path)", EX_NOINPUT) from None
    except IsADirectoryError:
        raise ImageProblem(f"{path}: is a folder (give the image file inside it)", EX_NOINPUT) from None
    except OSError as exc:
        raise ImageProblem(f"{path}: cannot be read: {exc.strerror} (check its permissions)", EX_NOINPUT) from None


def fetch(url: str, timeout: float) -> bytes:
    """Download an image with a timeout and a size limit, or say why it failed."""
    import requests

    try:
        with requests.get(url, timeout=timeout, stream=True,
                          headers={"User-Agent": "council-monitor logo-hash"}) as response:
            if response.status_code >= 400:
                raise ImageProblem(f"{url}: the server answered HTTP {response.status_code} "
                                   "(check the address in a browser)", EX_UNAVAILABLE)
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise ImageProblem(f"{url}: more than {MAX_BYTES >> 20} MB: not a logo", EX_DATAERR)
            return bytes(body)
    except requests.Timeout:
        raise ImageProblem(f"{url}: no answer within {timeout:g} s (try again, or download it and give the file)",
                           EX_UNAVAILABLE) from None
    except requests.RequestException as exc:
        raise ImageProblem(f"{url}: cannot fetch it: {exc} (check the address and the network)",
                           EX_UNAVAILABLE) from None


def logo_hash(data: bytes) -> str:
    """Return the hex pHash-64 of an image, as the checks compare it."""
    import imagehash

    return str(imagehash.phash(on_white(open_image(data)), hash_size=HASH_SIZE))


def open_image(data: bytes) -> Image.Image:
    """Return the decoded image (its first frame), or say it is not one."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        kind = "not an image" if isinstance(exc, UnidentifiedImageError) else f"a broken image ({exc})"
        raise ImageProblem(f"{kind}: give a PNG, JPEG, GIF or WebP file of the logo", EX_DATAERR) from None
    return image


def on_white(image: Image.Image) -> Image.Image:
    """Return the image flattened onto white, as a profile shows a transparent logo.

    The problem: pHash converts to greyscale and a transparent pixel keeps whatever colour it
    stores (often black), so the hash of a transparent PNG differs from the logo people see.
    """
    from PIL import Image

    if image.mode not in ("RGBA", "LA", "PA") and not (image.mode == "P" and "transparency" in image.info):
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")
