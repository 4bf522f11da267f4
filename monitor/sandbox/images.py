"""Profile pictures for the sandboxes: the council's crest, a recoloured and a cropped copy, an unrelated picture.

Drawn with Pillow at start-up (no binary files in the tree), the same bytes every run, so a test can hash the
crest and list it in `[council] logo_hashes`.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw

SIZE = 200
NAVY, GOLD, WHITE = (20, 40, 110), (230, 180, 40), (255, 255, 255)


def _png(image: Image.Image) -> bytes:
    """Return an image as PNG bytes."""
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _crest(field: tuple[int, int, int], charge: tuple[int, int, int]) -> Image.Image:
    """Draw a shield with a chevron and three roundels: the shape stays, the colours are the caller's."""
    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.polygon([(30, 20), (170, 20), (170, 110), (100, 185), (30, 110)], fill=field)
    draw.polygon([(30, 120), (100, 60), (170, 120), (170, 95), (100, 35), (30, 95)], fill=charge)
    for x, y in ((65, 140), (135, 140), (100, 160)):
        draw.ellipse([x - 11, y - 11, x + 11, y + 11], fill=charge)
    return image


@cache
def council_logo() -> bytes:
    """Return the council's crest."""
    return _png(_crest(NAVY, GOLD))


@cache
def recoloured_logo() -> bytes:
    """Return the crest in other colours of about the same lightness (a lookalike's "new" logo)."""
    return _png(_crest((110, 20, 30), (220, 200, 120)))


@cache
def cropped_logo() -> bytes:
    """Return the crest trimmed at the edges (2.5 %) and scaled back up; pHash drifts past 8 bits by about 5 %."""
    crest = _crest(NAVY, GOLD)
    return _png(crest.crop((5, 5, SIZE - 5, SIZE - 5)).resize((SIZE, SIZE)))


@cache
def unrelated_picture() -> bytes:
    """Return a picture that is not the crest: a green hill under a sun."""
    image = Image.new("RGB", (SIZE, SIZE), (150, 200, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse([-60, 120, 260, 320], fill=(60, 140, 60))
    draw.ellipse([130, 25, 180, 75], fill=(250, 220, 60))
    return _png(image)


PICTURES = {"crest": council_logo, "crest-recoloured": recoloured_logo, "crest-cropped": cropped_logo,
            "unrelated": unrelated_picture}
