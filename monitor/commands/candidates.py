"""`council-monitor candidates import FILE`: principal-council candidates from Democracy Club's CSV."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

HELP = ("import the candidates of a principal-council election from Democracy Club's candidates CSV, so the "
        "pre-election check knows their names")
EPILOG = ("For each [[elections]] block whose polling day the file covers, the candidates of that day "
          "(principal councils only: ballots 'local.…') are written to the block's candidates_file, which the "
          "monitor reads at start-up beside the hand-entered candidates (town and parish candidates stay there). "
          "Add candidates_file = \"/etc/council-monitor/candidates-2027.csv\" to the block first; restart the "
          "service after importing. exit status: 0 imported, 2 a bad option, 65 not a usable candidates file, "
          "66 no such file, 78 the configuration has no election for the file's polling days or no "
          "candidates_file to write to.")
EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_CONFIG = 2, 65, 66, 78
COLUMNS = ("person_id", "person_name", "election_date", "ballot_paper_id", "party_name", "post_label")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the import subcommand."""
    from monitor.cli import add_config_argument

    parser.epilog = EPILOG
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="read a Democracy Club candidates CSV", description=HELP, epilog=EPILOG)
    imp.add_argument("file", metavar="FILE", help="the CSV downloaded from candidates.democracyclub.org.uk")
    imp.add_argument("--ward", action="append", default=[], metavar="WARD",
                     help="keep only this ward's candidates (post_label; repeat for several; default: every ward)")
    imp.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    add_config_argument(imp)


def run(args: argparse.Namespace) -> int:
    """Import the file into each matching election's candidates_file."""
    from monitor.candidates import CandidateFileError, read_candidates
    from monitor.cli import default_config_path

    source = Path(args.file)
    try:
        everyone = read_candidates(source)
    except CandidateFileError as exc:
        print(f"council-monitor candidates import: {exc}", file=sys.stderr)
        return EX_NOINPUT if "no such file" in str(exc) else EX_DATAERR
    config_path = Path(args.config or default_config_path())
    try:
        elections = raw_elections(config_path)
    except ValueError as exc:
        print(f"council-monitor candidates import: {config_path}: {exc}", file=sys.stderr)
        return EX_CONFIG
    return import_into(everyone, elections, config_path, args.ward, args.dry_run)


def raw_elections(path: Path) -> list[dict[str, Any]]:
    """Return the [[elections]] blocks of a config file, read as TOML only.

    The full check would refuse a candidates_file that does not exist yet, which is what this command writes.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError("configuration file not found (give it with --config)") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot be read: {exc} (council-monitor check-config says more)") from None
    blocks = data.get("elections", [])
    return [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []


def import_into(everyone: list[Any], elections: list[dict[str, Any]], config_path: Path, wards: list[str],
                dry_run: bool) -> int:
    """Write each election's candidates; return the exit status."""
    from monitor.candidates import for_poll

    days = sorted({c.election_date for c in everyone if c.principal})
    if not days:
        print("council-monitor candidates import: the file has no principal-council (local.…) ballots; town "
              "and parish candidates go in the config's candidates list by hand", file=sys.stderr)
        return EX_DATAERR
    status, written = 0, 0
    for block in elections:
        day = block.get("polling_day")
        if not isinstance(day, date) or day not in days:
            continue
        name = str(block.get("name", f"election of {day}"))
        chosen = for_poll(everyone, day, wards)
        if not chosen:
            print(f"{name}: no candidates in ward(s) {', '.join(wards)} on {day:%d %B %Y} (the file's wards: "
                  f"{', '.join(sorted({c.ward for c in for_poll(everyone, day)})[:10])})", file=sys.stderr)
            status = EX_DATAERR
            continue
        target = str(block.get("candidates_file") or "")
        if not target:
            print(f"{config_path}: elections[\"{name}\"]: no candidates_file to import into (add "
                  f"candidates_file = \"/etc/council-monitor/candidates-{day.year}.csv\" to the block, then run "
                  "this again)", file=sys.stderr)
            status = EX_CONFIG
            continue
        if not dry_run:
            write_csv(Path(target), chosen)
        written += 1
        verb = "would write" if dry_run else "wrote"
        print(f"{name}: {verb} {len(chosen)} candidate(s) on {len({c.ballot_paper_id for c in chosen})} ballot(s) "
              f"to {target}")
        for c in chosen:
            print(f"  {c.name} ({c.party or 'no party given'}), {c.ward or c.ballot_paper_id}")
    if not written and status == 0:
        listed = ", ".join(f"{d:%d %B %Y}" for d in days[:5])
        print(f"council-monitor candidates import: no [[elections]] block in {config_path} has a polling day the "
              f"file covers ({listed}); add the election first", file=sys.stderr)
        return EX_CONFIG
    if written and not dry_run:
        print("restart the service (or run check-config) so the pre-election check reads them", file=sys.stderr)
    return status


def write_csv(path: Path, chosen: list[Any]) -> None:
    """Write candidacies in the Democracy Club columns, replacing the file whole (never half-written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in chosen:
        writer.writerow([c.person_id, c.name, c.election_date.isoformat(), c.ballot_paper_id, c.party, c.ward])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(out.getvalue(), encoding="utf-8")
    os.replace(temporary, path)
