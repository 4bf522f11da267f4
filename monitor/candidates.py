"""Candidates from a Statement of Persons Nominated, in Democracy Club's candidates CSV format.

Democracy Club publishes the candidates of principal-council (borough, district, county, unitary) elections
as CSV, one row a candidacy, with columns such as person_id, person_name, election_id, ballot_paper_id
("local.west-northamptonshire.brackley.2027-05-06"), election_date, party_name and post_label (the ward).
Town and parish polls are not covered there: their candidates stay in the config by hand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The columns every Democracy Club candidates export has and this reader needs.
REQUIRED = ("person_name", "ballot_paper_id")
# Principal councils' ballots start with this election type; others are parl., mayor., pcc., senedd., ...
LOCAL = "local."
MAX_BYTES = 50 << 20  # a whole national export is about 20 MB; more is not a candidates file
DOWNLOAD_HINT = ("download it from candidates.democracyclub.org.uk: the election's page, "
                 "'Download the candidates as CSV'")


class CandidateFileError(ValueError):
    """A file that is not a usable candidates CSV; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidacy on one ballot."""

    name: str
    party: str
    ward: str
    ballot_paper_id: str
    election_date: date
    person_id: str = ""

    @property
    def principal(self) -> bool:
        """Say whether the ballot is a principal council's local election."""
        return self.ballot_paper_id.startswith(LOCAL)


def read_text(path: Path) -> str:
    """Return a CSV file's text, or say why it cannot be used."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CandidateFileError(f"{path}: larger than {MAX_BYTES >> 20} MB: not a candidates file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise CandidateFileError(f"{path}: no such file (check the path; {DOWNLOAD_HINT})") from None
    except IsADirectoryError:
        raise CandidateFileError(f"{path}: is a folder (give the CSV file inside it)") from None
    except OSError as exc:
        raise CandidateFileError(f"{path}: cannot be read: {exc.strerror} (check its permissions)") from None
    if b"\x00" in data[:4096]:
        raise CandidateFileError(f"{path}: a binary file, not CSV (a spreadsheet? save it as CSV, or {DOWNLOAD_HINT})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CandidateFileError(f"{path}: not UTF-8 text at byte {exc.start} (save it as CSV UTF-8)") from None


def parse(text: str, source: str) -> list[Candidate]:
    """Return every candidacy in a Democracy Club candidates CSV, or say what is wrong with it."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        raise CandidateFileError(f"{source}: empty file ({DOWNLOAD_HINT})")
    reader.fieldnames = columns
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise CandidateFileError(
            f"{source}: no {' or '.join(missing)} column, so it is not a Democracy Club candidates CSV "
            f"(its columns are {', '.join(columns[:8])}{'...' if len(columns) > 8 else ''}; {DOWNLOAD_HINT})")
    found = []
    try:
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # a blank line
            found.append(_candidate(row, f"{source}:{reader.line_num}"))
    except csv.Error as exc:
        raise CandidateFileError(f"{source}:{reader.line_num}: not valid CSV ({exc})") from None
    if not found:
        raise CandidateFileError(f"{source}: the header is there but no candidates follow ({DOWNLOAD_HINT})")
    return found


def _candidate(row: dict[str, str | None], where: str) -> Candidate:
    """Return one row's candidacy, or say which field is wrong."""
    def field(key: str) -> str:
        return " ".join((row.get(key) or "").split())

    name, ballot = field("person_name"), field("ballot_paper_id")
    if not name:
        raise CandidateFileError(f"{where}: person_name is empty")
    if not ballot:
        raise CandidateFileError(f"{where}: ballot_paper_id is empty (for {name})")
    text = field("election_date") or ballot.rsplit(".", 1)[-1]
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise CandidateFileError(f"{where}: election_date {text[:20]!r} is not a date like 2027-05-06 "
                                 f"(ballot {ballot[:60]})") from None
    return Candidate(name=name, party=field("party_name"), ward=field("post_label"), ballot_paper_id=ballot,
                     election_date=when, person_id=field("person_id"))


def read_candidates(path: Path) -> list[Candidate]:
    """Return every candidacy in a candidates CSV file."""
    return parse(read_text(path), str(path))


def for_poll(candidates: Iterable[Candidate], polling_day: date, wards: Sequence[str] = ()) -> list[Candidate]:
    """Return the principal-council candidacies of one polling day, in the given wards if any are named."""
    wanted = {w.casefold() for w in wards}
    return [c for c in candidates if c.principal and c.election_date == polling_day
            and (not wanted or c.ward.casefold() in wanted)]


def names_for(path: Path, polling_day: date) -> list[str]:
    """Return the candidates' names a candidates file gives for one polling day, each once."""
    everyone = read_candidates(path)
    chosen = for_poll(everyone, polling_day)
    if not chosen:
        days = sorted({c.election_date for c in everyone if c.principal})
        listed = ", ".join(f"{d:%d %B %Y}" for d in days[:5]) or "no principal-council election"
        raise CandidateFileError(f"{path}: no principal-council candidates for polling day {polling_day:%d %B %Y} "
                                 f"(the file lists {listed}); import the file for this election")
    return list(dict.fromkeys(c.name for c in chosen))
