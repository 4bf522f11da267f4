"""The evidence pack: made from the demo's data, it opens (its PDF rendered to PNG), verifies, and any change shows.

The demo runs the real daemon on the Brackley sandbox, so the pack holds what the X and Facebook adapters read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.cli import main
from monitor.config import Config
from monitor.evidencepack import MANIFEST, build, check, write
from monitor.store.db import migrate, open_database, session_scope
from monitor.store.evidence import dossier, record_lookup
from monitor.store.findings import record_findings
from monitor.store.models import AuditRow, FindingRow
from tests.store.builders import T0, finding, post

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")

HOSTILE = ("<script>alert('x')</script><img src=\"http://127.0.0.1:9/track.png\"> Vote \u202eevil\u202c for "
           "Cllr\u200b Smith")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the demo once (two cycles) and return its state folder."""
    state = tmp_path_factory.mktemp("evidence") / "demo"
    assert main(["demo", "--state", str(state), "--cycles", "2"]) == 0
    return state


def demo_finding(state: Path, rule: str, platform: str) -> int:
    """Return the id of the demo's finding of a rule on a platform."""
    engine = open_database(f"sqlite:///{state / 'monitor.sqlite'}")
    with session_scope(engine) as session:
        row = session.exec(select(FindingRow).where(FindingRow.rule == rule, FindingRow.platform == platform)).first()
    engine.dispose()
    assert row is not None and row.id is not None
    return row.id


@pytest.fixture(scope="module")
def pack(demo: Path) -> Path:
    """Make the pack of the demo's personal-data finding on Facebook (a post with its raw Graph JSON)."""
    out = demo.parent / "finding.zip"
    fid = demo_finding(demo, "personal-data", "facebook")
    assert main(["evidence", str(fid), "--config", str(demo / "config.toml"), "--out", str(out)]) == 0
    return out


def members(path: Path) -> dict[str, bytes]:
    """Return every file of a zip."""
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rezip(path: Path, files: dict[str, bytes]) -> Path:
    """Write files as a new zip beside the original."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_the_pack_holds_the_post_as_captured_and_its_pdf_opens(pack: Path, tmp_path: Path) -> None:
    """Every file is there; the capture holds the Post and Graph's JSON; the PDF renders to a page image."""
    files = members(pack)
    assert set(files) == {"README.txt", "finding.json", "timeline.json", "audit.json", "page.html", "page.pdf",
                          "pack.json", MANIFEST} | {n for n in files if n.startswith("captures/capture-")}
    [capture_name] = [n for n in files if n.startswith("captures/")]
    capture = json.loads(files[capture_name])
    assert capture["record"]["type"] == "Post" and "14 Station Road" in capture["record"]["text"]
    assert capture["raw"]["permalink_url"].startswith("https://www.facebook.com/CllrPriyaSharma/posts/")
    assert "fb-" not in files[capture_name].decode() and "access_token" not in files[capture_name].decode()
    audit = json.loads(files["audit.json"])
    assert [e["action"] for e in audit][:2] == ["found", "evidence captured"]
    assert [e["what"] for e in json.loads(files["timeline.json"])][:2] == ["posted", "detected"]
    assert len(json.loads(files["pack.json"])["audit_head"]) == 64
    (tmp_path / "page.pdf").write_bytes(files["page.pdf"])
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "page.pdf"), str(tmp_path / "page")], check=True,
                   timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and pages[0].stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    text = " ".join(text.split())  # pdftotext breaks lines where the page does
    assert "The post as captured" in text and "14 Station Road" in text and "Facebook @CllrPriyaSharma" in text


def test_making_the_pack_is_in_the_audit_trail_and_the_trail_still_verifies(
        demo: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The 'evidence pack' entry carries the manifest's SHA-256; `audit verify` passes."""
    import hashlib

    manifest = hashlib.sha256(members(pack)[MANIFEST]).hexdigest()
    engine = open_database(f"sqlite:///{demo / 'monitor.sqlite'}")
    with session_scope(engine) as session:
        notes = [a.note for a in session.exec(select(AuditRow).where(AuditRow.action == "evidence pack"))]
    engine.dispose()
    assert any(manifest in n for n in notes)
    assert main(["audit", "verify", "--config", str(demo / "config.toml")]) == 0
    assert "The audit trail is intact" in capsys.readouterr().out


def test_an_untouched_pack_verifies(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evidence", "--verify", str(pack)]) == 0
    assert "is intact" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["README.txt", "finding.json", "timeline.json", "audit.json", "page.html",
                                  "page.pdf", "pack.json", "capture", MANIFEST])
def test_any_file_changed_fails_verification_and_is_named(pack: Path, tmp_path: Path, name: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """One byte changed in any file: exit 1, that file named."""
    files = members(pack)
    if name == "capture":
        name = next(n for n in files if n.startswith("captures/"))
    data = bytearray(files[name])
    data[len(data) // 2] ^= 0x01
    files[name] = bytes(data)
    status = main(["evidence", "--verify", str(rezip(tmp_path / "altered.zip", files))])
    err = capsys.readouterr().err
    assert status == 1
    if name == MANIFEST:
        assert "manifest.sha256 line" in err or "was altered" in err or "is missing" in err
    else:
        assert f"{name} was altered" in err


def test_a_missing_or_added_file_is_named(pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = members(pack)
    del files["page.pdf"]
    files["captures/capture-999.json"] = b"{}"
    assert main(["evidence", "--verify", str(rezip(tmp_path / "changed.zip", files))]) == 1
    err = capsys.readouterr().err
    assert "page.pdf is missing" in err and "captures/capture-999.json was added" in err


def test_a_capture_changed_with_a_new_manifest_is_still_caught(pack: Path, tmp_path: Path) -> None:
    """Someone who edits a capture and recomputes the manifest: the capture is not one the trail recorded."""
    import hashlib

    files = members(pack)
    name = next(n for n in files if n.startswith("captures/"))
    files[name] = files[name].replace(b"14 Station Road", b"a road nearby")
    del files[MANIFEST]
    files[MANIFEST] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in files.items()).encode()
    problems = check(rezip(tmp_path / "remade.zip", files))
    assert problems == [f"{name} is not a capture the audit trail recorded (its SHA-256 is in no 'evidence "
                        "captured' entry of audit.json)"]


def test_a_file_that_is_not_a_pack_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    assert main(["evidence", "--verify", str(tmp_path / "notes.zip")]) == 66
    assert "cannot read" in capsys.readouterr().err


def test_hostile_post_text_is_inert_in_the_page(example_config: Config, tmp_path: Path) -> None:
    """Markup is escaped, an image is never fetched, invisible and direction characters are shown as [U+XXXX]."""
    record = post("1001", text=HOSTILE, url="javascript:alert(1)", raw={"id": "1001", "text": HOSTILE})
    database = open_database(f"sqlite:///{tmp_path / 'monitor.sqlite'}")
    migrate(database)
    with session_scope(database) as session:
        [row] = record_findings(session, [finding("offensive", post_id="1001", message=HOSTILE)], set(), T0,
                                records=record_lookup([record], [])).to_alert
        found = dossier(session, row.id or 0)
    database.dispose()
    assert found is not None
    made = build(found, example_config, T0 + timedelta(hours=1), "clerk")
    page = made.files["page.html"].decode()
    assert "<script>" not in page and "<img" not in page and "\u202e" not in page and "\u200b" not in page
    assert "&lt;script&gt;" in page and "[U+202E]" in page and "[U+200B]" in page
    assert 'href="javascript' not in page
    write(made, tmp_path / "hostile.zip", datetime.now(UTC))
    assert check(tmp_path / "hostile.zip") == []
    (tmp_path / "page.pdf").write_bytes(made.files["page.pdf"])
    text = subprocess.run(["pdftotext", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    text = " ".join(text.split())
    assert "<script>alert('x')</script>" in text and "[U+202E]" in text


def test_the_options_say_what_is_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["evidence", "--config", str(tmp_path / "none.toml"), "12"]) == 2
    assert "give FINDING_ID and --out FILE" in capsys.readouterr().err


def test_a_finding_from_before_evidence_was_kept_still_has_a_pack(example_config: Config) -> None:
    """A finding with no capture (found before migration 0005): the page says so, and the pack verifies."""
    from monitor.store.evidence import Dossier

    row = FindingRow(id=3, rule="missing-disclaimer", subject="x:cllrsmith:", platform="x", handle="CllrSmith",
                     handle_key="cllrsmith", severity="medium", clause="6.4", message="no disclaimer",
                     first_seen=T0, last_seen=T0)
    made = build(Dossier(row, [], [], "0" * 64), example_config, T0, "clerk")
    assert "No capture is held for this finding" in made.files["page.html"].decode()
    assert not [n for n in made.files if n.startswith("captures/")] and made.files["page.pdf"].startswith(b"%PDF")
