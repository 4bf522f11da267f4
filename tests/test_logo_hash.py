"""`council-monitor logo-hash`: the hash it prints is the one the council-identity check matches avatars against."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from monitor.cli import main
from monitor.lookalike import avatar_matches, hash_distance
from tests.conftest import EXAMPLE_CONFIG

WHITE = (255, 255, 255)


def draw_logo(disc: tuple[int, int, int], bar: tuple[int, int, int],
              background: tuple[int, ...] = WHITE) -> Image.Image:
    """Return a crest-like logo: a disc, a bar and a gold roof on the background, in the given colours."""
    image = Image.new("RGBA" if len(background) == 4 else "RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((28, 28, 228, 228), fill=disc)
    draw.rectangle((96, 60, 160, 196), fill=bar)
    draw.polygon([(128, 40), (60, 120), (196, 120)], fill=(240, 200, 40))
    return image


def draw_unrelated() -> Image.Image:
    """Return a picture that is nothing like the logo: stripes and a red ball."""
    image = Image.new("RGB", (256, 256), WHITE)
    draw = ImageDraw.Draw(image)
    for x in range(0, 256, 32):
        draw.rectangle((x, 0, x + 16, 256), fill=(30, 30, 30))
    draw.ellipse((150, 150, 250, 250), fill=(200, 0, 0))
    return image


@pytest.fixture
def pictures(tmp_path: Path) -> dict[str, Path]:
    """Write the logo, a recoloured and smaller JPEG copy, a transparent copy, and an unrelated picture."""
    paths = {name: tmp_path / name for name in ("logo.png", "recoloured.jpg", "transparent.png", "unrelated.png")}
    draw_logo((0, 70, 140), (200, 30, 30)).save(paths["logo.png"])
    draw_logo((10, 110, 40), (120, 40, 160)).resize((200, 200)).save(paths["recoloured.jpg"], quality=60)
    # A see-through background whose colour channels are black: what many exported logos hold.
    draw_logo((0, 70, 140), (200, 30, 30), background=(0, 0, 0, 0)).save(paths["transparent.png"])
    draw_unrelated().save(paths["unrelated.png"])
    return paths


def logo_hash(source: str | Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    """Run the command; return its status, standard output and standard error."""
    status = main(["logo-hash", str(source), *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_it_prints_a_64_bit_hex_hash_and_how_to_use_it(pictures: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """One line of 16 hex digits on stdout; the config line to add on stderr."""
    status, out, err = logo_hash(pictures["logo.png"], capsys)
    assert status == 0
    digest = out.strip()
    assert len(digest) == 16 and int(digest, 16) >= 0
    assert f'logo_hashes = ["{digest}"]' in err


def hashes(pictures: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Return each picture's printed hash."""
    found = {}
    for name, path in pictures.items():
        status, out, _ = logo_hash(path, capsys)
        assert status == 0
        found[name] = out.strip()
    return found


def test_a_recoloured_copy_is_close_and_an_unrelated_picture_far(pictures: dict[str, Path],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The copy and the transparent logo match by the checks' own rule; the unrelated picture does not."""
    found = hashes(pictures, capsys)
    logo = found["logo.png"]
    assert avatar_matches(found["recoloured.jpg"], logo) is not None
    assert avatar_matches(found["transparent.png"], logo) == 0  # flattened on white, as a profile shows it
    assert avatar_matches(found["unrelated.png"], logo) is None
    assert (hash_distance(found["unrelated.png"], logo) or 0) > 16


def test_the_council_identity_check_fires_on_the_printed_hash(pictures: dict[str, Path], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A councillor whose avatar is the recoloured logo is reported as using the council's logo."""
    found = hashes(pictures, capsys)
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert 'logo_hashes = ["c3c33c3cc3c33c3c"]' in text
    config = tmp_path / "config.toml"
    config.write_text(text.replace('logo_hashes = ["c3c33c3cc3c33c3c"]', f'logo_hashes = ["{found["logo.png"]}"]'))
    disclaimer = "Statements and opinions here are my own and don't necessarily represent Brackley Town Council's"
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({
        "kind": "account", "platform": "x", "handle": handle, "display_name": "Jane Whitfield",
        "bio": f"Councillor. {disclaimer} policies or opinions", "created_at": "2019-03-01T10:00:00Z",
        "avatar_hash": found[picture]}) + "\n" for handle, picture in
        (("CllrJWhitfield", "recoloured.jpg"), ("MEllisBrackley", "unrelated.png"))))
    status = main(["scan", "--config", str(config), "--now", "2026-11-02T10:00:00Z", str(records)])
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    logos = [f["handle"] for f in findings if f["rule"] == "council-identity" and "logo" in f["message"]]
    assert status == 1 and logos == ["CllrJWhitfield"]


@pytest.mark.parametrize(("make", "status", "says"), [
    (lambda d: d / "missing.png", 66, "no such file"),
    (lambda d: d, 66, "is a folder"),
    (lambda d: (d / "notes.png").write_text("minutes of the meeting") and d / "notes.png", 65, "not an image"),
    (lambda d: (d / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40) and d / "cut.png", 65, "image"),
    (lambda d: "ftp://example.org/logo.png", 2, "only http:// and https://"),
])
def test_a_bad_source_is_refused_saying_what_to_fix(make: object, status: int, says: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, a folder, text, a truncated PNG and another URL scheme each get a status and a hint."""
    source = make(tmp_path)  # type: ignore[operator]
    got, out, err = logo_hash(source, capsys)
    assert (got, out) == (status, "")
    assert says in err and err.startswith("council-monitor logo-hash: ")


@pytest.fixture
def web_server(pictures: dict[str, Path]) -> Iterator[str]:
    """Serve the pictures' folder over HTTP on 127.0.0.1; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(pictures["logo.png"].parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging each request to stderr (the test reads stderr)."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing."""


def test_a_url_gives_the_same_hash_as_the_file(web_server: str, pictures: dict[str, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Fetching the logo over HTTP hashes the same bytes."""
    _, from_file, _ = logo_hash(pictures["logo.png"], capsys)
    status, from_url, _ = logo_hash(f"{web_server}/logo.png", capsys)
    assert status == 0 and from_url == from_file


def test_a_url_that_fails_says_why(web_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A 404 and a closed port each exit 69 with the reason."""
    status, _, err = logo_hash(f"{web_server}/nothing.png", capsys)
    assert status == 69 and "HTTP 404" in err
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    status, _, err = logo_hash(f"http://127.0.0.1:{port}/logo.png", capsys)
    assert status == 69 and "cannot fetch it" in err


def test_a_url_that_never_answers_times_out(capsys: pytest.CaptureFixture[str]) -> None:
    """A server that accepts the connection and says nothing is given up on after --timeout."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel completes the handshake; nobody ever answers
        port = silent.getsockname()[1]
        status, _, err = logo_hash(f"http://127.0.0.1:{port}/logo.png", capsys, "--timeout", "0.5")
    assert status == 69 and "no answer within 0.5 s" in err
