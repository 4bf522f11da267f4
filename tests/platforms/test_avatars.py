"""Profile pictures on live accounts: fetched from the sandbox once per change, hashed, seen by the checks."""

from __future__ import annotations

from collections.abc import Iterator

import imagehash
import pytest

from monitor.checks import History
from monitor.commands.logo_hash import logo_hash
from monitor.config import Config, parse_config
from monitor.platforms.avatars import AvatarError, AvatarHasher, phash_hex
from monitor.poll import PollResult, build_sources, poll_once
from monitor.records import Account
from monitor.sandbox.facebook import GraphSandbox
from monitor.sandbox.images import council_logo, cropped_logo, recoloured_logo, unrelated_picture
from monitor.sandbox.scenario import start_sandboxes, stop_sandboxes
from monitor.sandbox.x import XSandbox
from tests.platforms.xsupport import NOW, example_data

CDN = "https://pbs.twimg.com"
COUNCIL = "/profile_images/1389042117/brackley_crest_normal.png"
LOOKALIKE = "/profile_images/1985512340987654321/brackley_crest_normal.png"
DEFAULT = "/profile_images/0/default_normal.png"
TOM = "/profile_images/1120456789012345601/tom_okafor_normal.png"
PICTURES = "/profile_images/"


@pytest.fixture
def x_sandbox() -> Iterator[tuple[XSandbox, dict[str, str]]]:
    """Serve Brackley on X with pictures: the crest, a recoloured copy on the lookalike, a cropped one on Tom's."""
    servers, urls = start_sandboxes("brackley", NOW)
    x = next(s for s in servers if isinstance(s, XSandbox))
    x.images.update({COUNCIL: council_logo(), LOOKALIKE: recoloured_logo(), DEFAULT: unrelated_picture(),
                     TOM: cropped_logo()})
    x.users[x._by_name["tomokaforbtc"]].profile_image_url = CDN + TOM
    yield x, {"x": urls["x"]}
    stop_sandboxes(servers)


def logo_config() -> Config:
    """Return the example config with the sandbox crest as the council's logo."""
    data = example_data()
    data["council"]["logo_hashes"] = [phash_hex(council_logo())]
    return parse_config(data)


def profiles(result: PollResult) -> dict[str, Account]:
    """Return the polled X profiles by handle."""
    return {a.handle: a for b in result.batches for a in b.accounts}


def bits(a: str | None, b: str) -> int:
    """Return how many bits two hex hashes differ by."""
    assert a is not None
    return int(imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b))


def test_the_pictures_are_hashed_and_the_checks_see_them(x_sandbox: tuple[XSandbox, dict[str, str]]) -> None:
    x, urls = x_sandbox
    config = logo_config()
    logo = config.council.logo_hashes[0]

    result = poll_once(config, NOW, {}, build_sources(config, urls))

    seen = profiles(result)
    assert seen["BrackleyTC"].avatar_hash == logo
    assert bits(seen["BrackIeyTC"].avatar_hash, logo) <= 8, "a recoloured crest is still the crest"
    assert bits(seen["TomOkaforBTC"].avatar_hash, logo) <= 8, "a cropped crest is still the crest"
    assert bits(seen["CllrJWhitfield"].avatar_hash, logo) > 20, "the default picture is not the crest"
    found = {(f.rule, f.handle): f for f in result.findings}
    assert ("council-identity", "TomOkaforBTC") in found
    assert not {h for r, h in found if r == "council-identity"} - {"TomOkaforBTC"}
    assert "avatar" in str(found[("impersonation", "BrackIeyTC")].evidence)
    # Three distinct pictures besides the shared default: each fetched once, however many accounts show it.
    assert x.count(PICTURES) == 4


def test_a_picture_is_fetched_again_only_when_it_changes(x_sandbox: tuple[XSandbox, dict[str, str]]) -> None:
    x, urls = x_sandbox
    config = logo_config()
    sources = build_sources(config, urls)
    first = poll_once(config, NOW, {}, sources)
    known = History(accounts=tuple(profiles(first).values()))
    before = x.count(PICTURES)

    poll_once(config, NOW, {}, sources, history=known)
    assert x.count(PICTURES) == before, "unchanged pictures keep their stored hash"

    x.users[x._by_name["tomokaforbtc"]].profile_image_url = CDN + DEFAULT
    again = poll_once(config, NOW, {}, sources, history=known)
    assert x.count(PICTURES) == before + 1
    assert bits(profiles(again)["TomOkaforBTC"].avatar_hash, config.council.logo_hashes[0]) > 20
    assert ("council-identity", "TomOkaforBTC") not in {(f.rule, f.handle) for f in again.findings}


def test_a_picture_that_cannot_be_read_leaves_the_hash_empty(x_sandbox: tuple[XSandbox, dict[str, str]]) -> None:
    x, urls = x_sandbox
    x.images[TOM] = b"<html>not a picture</html>"
    hasher = AvatarHasher.routed(urls["x"])
    account = Account(platform="x", handle="TomOkaforBTC", avatar_url=CDN + TOM)
    missing = Account(platform="x", handle="Nobody", avatar_url=CDN + "/profile_images/9/gone.png")

    filled = hasher.fill([account, missing])

    assert [a.avatar_hash for a in filled] == [None, None]
    assert hasher.errors[0] == "x @TomOkaforBTC's picture: not an image (UnidentifiedImageError)"
    assert hasher.errors[1].startswith("x @Nobody's picture: HTTP 4")  # the sandbox refuses an unknown path
    with pytest.raises(AvatarError):
        phash_hex(b"")


def test_pictures_hash_as_logo_hash_prints() -> None:
    """The hash the Clerk lists in logo_hashes and the hash of a live picture are one function's."""
    for picture in (council_logo(), cropped_logo(), unrelated_picture()):
        assert phash_hex(picture) == logo_hash(picture)


def test_facebook_page_pictures_are_hashed_and_a_councillors_page_with_the_crest_is_seen() -> None:
    servers, urls = start_sandboxes("brackley", NOW)
    try:
        graph = next(s for s in servers if isinstance(s, GraphSandbox))
        graph.set_picture("BrackleyTownCouncil", "/v/t39.30808-1/brackley_crest.png", council_logo())
        graph.set_picture("CllrPriyaSharma", "/v/t39.30808-1/priya_sharma.png", cropped_logo())
        config = logo_config()

        result = poll_once(config, NOW, {}, build_sources(config, {"facebook": urls["facebook"]}))

        seen = profiles(result)
        assert seen["BrackleyTownCouncil"].avatar_hash == config.council.logo_hashes[0]
        assert bits(seen["CllrPriyaSharma"].avatar_hash, config.council.logo_hashes[0]) <= 8
        identity = [f for f in result.findings if f.rule == "council-identity"]
        assert [f.handle for f in identity] == ["CllrPriyaSharma"]
        assert "logo" in str(identity[0].evidence)
        assert graph.count("/v/t39.30808-1/") == 2
    finally:
        stop_sandboxes(servers)


def test_a_facebook_page_without_a_picture_of_its_own_is_not_hashed() -> None:
    servers, urls = start_sandboxes("brackley", NOW)
    try:
        config = logo_config()
        result = poll_once(config, NOW, {}, build_sources(config, {"facebook": urls["facebook"]}))

        pages = [a for a in profiles(result).values() if a.platform == "facebook" and a.role != "other"]
        assert pages and all(a.avatar_url is None and a.avatar_hash is None for a in pages)
        graph = next(s for s in servers if isinstance(s, GraphSandbox))
        assert graph.count("/v/t1.30497-1/") == 0, "Graph's grey silhouette is everyone's: never fetched"
    finally:
        stop_sandboxes(servers)
