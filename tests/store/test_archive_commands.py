"""`council-monitor archive search` and `archive export`: results shown inert, exports that read back exactly."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.archivefile import read_csv, read_jsonl
from monitor.cli import main
from monitor.config import load_config
from monitor.records import Post, SharedPost
from monitor.store.archive import archive_posts, note_gone
from monitor.store.db import session_scope
from monitor.store.models import ArchiveRow
from tests.conftest import EXAMPLE_CONFIG
from tests.store.builders import post

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
HOSTILE = "\x1b[2J<script>alert(1)</script>\u202e evil @here <!channel>"
# Texts a CSV or a spreadsheet gets wrong when written naively.
TRICKY = [
    "=HYPERLINK(\"http://evil.example\",\"click\")", "+44 1280 700 000", "-3 degrees tonight", "@everyone look",
    "\tTabbed", "\rCarriage", "  =SUM(A1:A9) after spaces", " plain after a space", "line one\nline two\r\nthree",
    "comma, \"quotes\" and ;semicolons", "Café ÉTÉ naïve", "split\u2028here\u2029too", HOSTILE, "",
    "=\"2128641074262970368\"", "2128641074262970368",
]


@pytest.fixture
def config_file(database_url: str, tmp_path: Path) -> Path:
    """Write the example config with storage.url pointing at the test database."""
    text = EXAMPLE_CONFIG.read_text().replace('\nurl = ""', f'\nurl = "{database_url}"', 1)
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def cli(config: Path, *argv: str) -> int:
    """Run `council-monitor archive ...` in this process."""
    return main(["archive", argv[0], "--config", str(config), *argv[1:]])


def seed(engine: Engine, config_path: Path) -> None:
    """Archive official posts with tricky texts and ids, comments on them, an edit and a deletion."""
    config = load_config(config_path)
    posts: list[Post] = [post(str(2128641074262970368 + i), "BrackleyTC", T0 + i * timedelta(minutes=5), text,
                              role="official") for i, text in enumerate(TRICKY)]
    posts += [
        post("007", "Resident_1", T0 + timedelta(hours=3), "Comment on the café", role="other",
             reply_to="2128641074262970368", reply_to_handle="BrackleyTC", conversation_id="2128641074262970368"),
        post("104729361234567_99", "BrackleyTownCouncil", T0 + timedelta(hours=4), "Page post",
             role="official", platform="facebook", url="https://www.facebook.com/104729361234567_99"),
        post("555", "BrackleyTC", T0 + timedelta(hours=5), "", role="official",
             shared=SharedPost(kind="repost", post_id="444", handle="NorthantsCC", text="")),
    ]
    with session_scope(engine) as session:
        archive_posts(session, config, posts, T0 + timedelta(hours=6))
        archive_posts(session, config, [post("555", "BrackleyTC", T0 + timedelta(hours=5), "now quoted",
                                             role="official", shared=SharedPost(kind="quote", post_id="444",
                                                                                handle="NorthantsCC", text="x"))],
                      T0 + timedelta(hours=7))
        note_gone(session, "x", {"007": "deleted"}, T0 + timedelta(hours=8))


def stored(engine: Engine) -> list[dict[str, Any]]:
    """Return every archived version's stored fields (times as ISO 8601 UTC), in export order."""
    with session_scope(engine) as session:
        rows = session.exec(select(ArchiveRow).order_by(ArchiveRow.created_at, ArchiveRow.post_id,  # type: ignore[arg-type]
                                                        ArchiveRow.version))  # type: ignore[arg-type]
        return [{k: v.isoformat() if isinstance(v, datetime) else v for k, v in r.model_dump().items()
                 if k not in ("id", "folded", "handle_key")} for r in rows]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_an_export_reads_back_with_every_field_and_id_exact(database: Engine, config_file: Path, tmp_path: Path,
                                                            suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Formula-like text, long and zero-led ids, line breaks, quotes, U+2028 and empty text all come back as stored."""
    seed(database, config_file)
    out = tmp_path / f"foi{suffix}"
    assert cli(config_file, "export", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out)) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    data = out.read_bytes().decode("utf-8")
    back = read_csv(data) if suffix == ".csv" else read_jsonl(data)
    expected = stored(database)
    assert len(back) == len(expected) == len(TRICKY) + 4
    for got, want in zip(back, expected, strict=True):
        assert {k: got[k] for k in want} == want
    assert back[0]["link"] == "https://x.com/BrackleyTC/status/2128641074262970368"
    assert back[0]["posted_local"] == "2026-03-03 09:00:00"  # GMT in March
    assert f"Wrote {len(expected)} archived version(s)" in capsys.readouterr().err


def test_the_csv_is_safe_in_a_spreadsheet(database: Engine, config_file: Path, tmp_path: Path) -> None:
    """No cell a spreadsheet would run as a formula; ids are ="digits" (text), never a bare long number."""
    seed(database, config_file)
    out = tmp_path / "foi.csv"
    assert cli(config_file, "export", "--out", str(out)) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=True):
            if name in ("post_id", "reply_to", "conversation_id", "shared_post_id") and cell.strip("=\"").isdigit():
                assert cell.startswith('="') and cell.endswith('"'), cell
            else:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, cell)


def test_the_format_comes_from_the_extension_or_format(database: Engine, config_file: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown extension is refused with what to do; --format decides; an existing file is never overwritten."""
    seed(database, config_file)
    assert cli(config_file, "export", "--out", str(tmp_path / "foi.txt")) == 2
    assert "name the file .jsonl or .csv" in capsys.readouterr().err
    assert not (tmp_path / "foi.txt").exists()
    assert cli(config_file, "export", "--out", str(tmp_path / "foi.txt"), "--format", "jsonl") == 0
    first = json.loads((tmp_path / "foi.txt").read_text().splitlines()[0])
    assert first["post_id"] == "2128641074262970368"
    assert cli(config_file, "export", "--out", str(tmp_path / "foi.txt"), "--format", "jsonl") == 73
    assert "never overwritten" in capsys.readouterr().err


def test_the_range_is_council_days_both_included(database: Engine, config_file: Path, tmp_path: Path) -> None:
    """--from and --to are whole days in council time."""
    seed(database, config_file)
    out = tmp_path / "none.jsonl"
    assert cli(config_file, "export", "--from", "2026-03-04", "--to", "2026-03-05", "--out", str(out)) == 0
    assert out.read_text() == ""
    assert cli(config_file, "export", "--from", "2026-03-03", "--to", "2026-03-03", "--out",
               str(tmp_path / "day.jsonl")) == 0
    assert len(read_jsonl((tmp_path / "day.jsonl").read_text())) == len(TRICKY) + 4


def test_search_prints_time_account_link_and_text_inert(database: Engine, config_file: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Control, invisible and direction characters are escaped; edits and deletions are said."""
    seed(database, config_file)
    assert cli(config_file, "search", "EVIL @HERE") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\\u001b[2J" in out and "\\u202e" in out
    assert out.startswith("2026-03-03 10:00  X @BrackleyTC  https://x.com/BrackleyTC/status/2128641074262970380")
    assert cli(config_file, "search", "cafe", "--account", "resident_1") == 0
    out = capsys.readouterr().out
    assert "X @Resident_1 (on @brackleytc)" in out and "[deleted: seen gone 2026-03-03 17:00]" in out
    assert cli(config_file, "search", "quoted") == 0
    assert "[edited: version 2, first seen 2026-03-03 16:00]" in capsys.readouterr().out


def test_search_says_when_nothing_is_found_and_exits_1(database: Engine, config_file: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Like grep, so a script can tell."""
    seed(database, config_file)
    assert cli(config_file, "search", "parking", "--from", "2026-01-01", "--to", "2026-12-31") == 1
    assert "Nothing in the archive" in capsys.readouterr().err


def test_bad_dates_are_refused_with_what_to_write(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not YYYY-MM-DD is a usage error (2); so is --from after --to."""
    with pytest.raises(SystemExit) as stopped:
        cli(config_file, "search", "x", "--from", "3/4/2026")
    assert stopped.value.code == 2 and "write it as 2027-04-14" in capsys.readouterr().err
    assert cli(config_file, "search", "x", "--from", "2026-04-02", "--to", "2026-04-01") == 2
    assert "give the earlier day as --from" in capsys.readouterr().err
    assert cli(config_file, "search", "  ") == 2
    assert "give at least one word" in capsys.readouterr().err


def test_a_subject_access_export_holds_the_residents_archived_comments(database: Engine, config_file: Path,
                                                                       tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Kept for six years, they are part of what is held about the resident, even after their account row went."""
    seed(database, config_file)
    out = tmp_path / "sar.json"
    assert main(["export", "--config", str(config_file), "--account", "@resident_1", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["found"] and [a["post_id"] for a in data["archived"]] == ["007"]
    assert data["archived"][0]["gone_reason"] == "deleted"
    assert "1 archived" in capsys.readouterr().err
