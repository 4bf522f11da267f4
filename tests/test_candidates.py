"""Candidates from Democracy Club's CSV: reading it, refusing wrong files, importing, feeding the pre-election check."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.candidates import CandidateFileError, for_poll, names_for, read_candidates
from monitor.checks import Context, History
from monitor.cli import main
from monitor.config import ConfigError, load_config
from monitor.demo import to_toml
from monitor.engine import run_checks
from monitor.records import Post
from tests.daemon.support import example_data

# The columns of a Democracy Club candidates export, as downloaded from an election's page (a selection: the
# export has more, such as image and social-media columns, which the reader ignores).
HEADER = ("person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,"
          "post_label,cancelled_poll,seats_contested,gss,elected,email,twitter_username")
ROWS = [
    "71234,Harjit Gill,local.west-northamptonshire.2027-05-06,local.west-northamptonshire.brackley.2027-05-06,"
    "2027-05-06,True,Labour Party,PP53,Brackley,False,3,E05013120,,,",
    "71235,Ruth Mensah,local.west-northamptonshire.2027-05-06,local.west-northamptonshire.brackley.2027-05-06,"
    "2027-05-06,True,Green Party,PP63,Brackley,False,3,E05013120,,ruth@example.org,RuthForBrackley",
    '71236,"O\'Neill, Fionnuala",local.west-northamptonshire.2027-05-06,'
    "local.west-northamptonshire.brackley.2027-05-06,2027-05-06,True,Independent,ynmp-party:2,Brackley,False,3,"
    "E05013120,,,",
    "71240,Peter Quince,local.west-northamptonshire.2027-05-06,local.west-northamptonshire.towcester.2027-05-06,"
    "2027-05-06,True,Conservative and Unionist Party,PP52,Towcester and Roade,False,3,E05013140,,,",
    "81250,Nadia Rahman,parl.2027-05-06,parl.south-northamptonshire.by.2027-05-06,2027-05-06,True,"
    "Liberal Democrats,PP90,South Northamptonshire,False,1,E14001500,,,",
    "61200,Old Candidate,local.west-northamptonshire.2021-05-06,local.west-northamptonshire.brackley.2021-05-06,"
    "2021-05-06,False,Labour Party,PP53,Brackley,False,3,E05013120,True,,",
]
LONDON = ZoneInfo("Europe/London")


def dc_file(folder: Path, rows: list[str] = ROWS, header: str = HEADER, name: str = "candidates.csv") -> Path:
    """Write a candidates CSV in Democracy Club's format, CRLF line ends and a byte order mark (as Excel saves it)."""
    path = folder / name
    path.write_bytes(("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    return path


def test_the_file_is_read_with_its_wards_parties_and_dates(tmp_path: Path) -> None:
    everyone = read_candidates(dc_file(tmp_path))
    assert len(everyone) == 6
    gill = everyone[0]
    assert (gill.name, gill.party, gill.ward, gill.election_date, gill.person_id) == (
        "Harjit Gill", "Labour Party", "Brackley", date(2027, 5, 6), "71234")
    assert everyone[2].name == "O'Neill, Fionnuala"  # a quoted field with a comma
    chosen = for_poll(everyone, date(2027, 5, 6))
    # Principal councils only: the parliamentary by-election on the same day and the 2021 poll are left out.
    assert [c.name for c in chosen] == ["Harjit Gill", "Ruth Mensah", "O'Neill, Fionnuala", "Peter Quince"]
    assert [c.name for c in for_poll(everyone, date(2027, 5, 6), ["brackley"])] == [
        "Harjit Gill", "Ruth Mensah", "O'Neill, Fionnuala"]


def test_the_date_comes_from_the_ballot_id_when_the_column_is_absent(tmp_path: Path) -> None:
    path = dc_file(tmp_path, ["1,Ann Other,local.west-northamptonshire.brackley.2027-05-06,Reform UK,Brackley"],
                   header="person_id,person_name,ballot_paper_id,party_name,post_label")
    assert names_for(path, date(2027, 5, 6)) == ["Ann Other"]


@pytest.mark.parametrize(("content", "says"), [
    (b"", "empty file"),
    (b"rule,platform,handle,post_id\npre-election,x,BrackleyTC,1\n", "no person_name or ballot_paper_id column"),
    (b"name,party,constituency\nJo Bloggs,Labour,Brackley\n", "not a Democracy Club candidates CSV"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "a binary file, not CSV"),
    (b"person_name,ballot_paper_id\n", "no candidates follow"),
    (b"person_name,ballot_paper_id\n,local.x.y.2027-05-06\n", ":2: person_name is empty"),
    (b"person_name,ballot_paper_id\nJo Bloggs,local.x.y.next-may\n", "election_date 'next-may' is not a date"),
    (b"person_name,ballot_paper_id\n\xe9t\xe9,local.x.y.2027-05-06\n", "not UTF-8 text"),
])
def test_a_wrong_file_is_refused_with_what_to_fix(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "wrong.csv"
    path.write_bytes(content)
    with pytest.raises(CandidateFileError) as caught:
        read_candidates(path)
    assert says in str(caught.value)


def test_a_file_for_another_poll_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CandidateFileError) as caught:
        names_for(dc_file(tmp_path), date(2028, 5, 4))
    assert "no principal-council candidates for polling day 04 May 2028 (the file lists 06 May 2021, 06 May 2027)" \
        in str(caught.value)


def write_config(folder: Path, candidates_file: str | None) -> Path:
    """Write the example config, its election importing into candidates_file when given.

    pre-election's learned layer is off: these tests are about the names the check knows, which it does not read.
    """
    data = example_data()
    data.setdefault("checks", {}).setdefault("pre-election", {})["learned"] = False
    if candidates_file is None:
        data["elections"][0].pop("candidates_file", None)
    else:
        data["elections"][0]["candidates_file"] = candidates_file
    path = folder / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def official_post(text: str) -> Post:
    """Return an official post inside the 2027 period."""
    return Post(platform="x", handle="BrackleyTC", id="9", role="official",
                created_at=datetime(2027, 4, 14, 10, tzinfo=LONDON), text=text)


def test_imported_candidates_reach_the_pre_election_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "state" / "candidates-2027.csv"
    config_path = write_config(tmp_path, str(target))
    source = dc_file(tmp_path)

    status = main(["candidates", "import", str(source), "--config", str(config_path), "--ward", "Brackley"])

    out = capsys.readouterr().out
    assert status == 0
    assert f"wrote 3 candidate(s) on 1 ballot(s) to {target}" in out
    assert "Harjit Gill (Labour Party), Brackley" in out and "Peter Quince" not in out
    config = load_config(config_path)
    assert config.elections[0].candidates == ["Sam Patel", "Rebecca Lowe", "Harjit Gill", "Ruth Mensah",
                                              "O'Neill, Fionnuala"]
    post = official_post("Come and meet Harjit Gill at the Town Hall coffee morning on Friday.")
    ctx = Context(config=config, now=datetime(2027, 4, 20, 12, tzinfo=LONDON), history=History((), (post,)))
    assert [f.rule for f in run_checks([], [post], ctx)] == ["pre-election"]
    (tmp_path / "without").mkdir()
    before = load_config(write_config(tmp_path / "without", None))
    ctx_before = Context(config=before, now=ctx.now, history=ctx.history)
    assert [f.rule for f in run_checks([], [post], ctx_before)] == [], "the name alone was not known before"


def test_a_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "candidates.csv.out"
    config_path = write_config(tmp_path, str(target))
    assert main(["candidates", "import", str(dc_file(tmp_path)), "--config", str(config_path), "--dry-run"]) == 0
    assert "would write 4 candidate(s) on 2 ballot(s)" in capsys.readouterr().out
    assert not target.exists()


def test_import_says_where_to_put_the_file_when_the_config_has_nowhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = write_config(tmp_path, "")
    assert main(["candidates", "import", str(dc_file(tmp_path)), "--config", str(config_path)]) == 78
    err = capsys.readouterr().err
    assert 'elections["Brackley Town Council election 2027"]: no candidates_file to import into' in err
    assert 'candidates_file = "/etc/council-monitor/candidates-2027.csv"' in err


def test_import_refuses_a_file_for_no_configured_election(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = write_config(tmp_path, str(tmp_path / "c.csv"))
    rows = [r.replace("2027-05-06", "2028-05-04") for r in ROWS[:2]]
    assert main(["candidates", "import", str(dc_file(tmp_path, rows)), "--config", str(config_path)]) == 78
    assert "has a polling day the file covers (04 May 2028)" in capsys.readouterr().err


def test_import_refuses_a_wrong_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = write_config(tmp_path, str(tmp_path / "c.csv"))
    wrong = tmp_path / "findings.csv"
    wrong.write_text("rule,platform,handle\npre-election,x,BrackleyTC\n", encoding="utf-8")
    assert main(["candidates", "import", str(wrong), "--config", str(config_path)]) == 65
    assert main(["candidates", "import", str(tmp_path / "nothere.csv"), "--config", str(config_path)]) == 66
    err = capsys.readouterr().err
    assert "not a Democracy Club candidates CSV" in err and "nothere.csv: no such file" in err


def test_a_config_naming_a_missing_candidates_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, str(tmp_path / "never-imported.csv")))
    text = "\n".join(caught.value.located())
    assert "candidates_file" in text and "never-imported.csv: no such file" in text
