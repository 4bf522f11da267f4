"""`council-monitor evidence`: make a finding's evidence pack, or check one."""

from __future__ import annotations

import argparse
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.cli import add_config_argument, config_from
from monitor.store.exits import EX_CANTCREAT, EX_FINDING, EX_NOINPUT

if TYPE_CHECKING:
    from sqlmodel import Session

HELP = ("make a finding's evidence pack (the post as captured, as JSON, HTML and PDF, its timeline and audit "
        "entries, with SHA-256 sums), or check a pack with --verify")
EXIT_STATUSES = ("exit status: 0 the pack was made, or --verify found it intact, 1 no such finding, or --verify "
                 "found a file altered, missing or added, 2 a bad option, 66 no database found or the pack cannot be "
                 "read, 69 database unavailable, 73 cannot write the pack (it exists, or the folder is not "
                 "writable), 75 database busy (try again), 78 configuration error")
ACTION = "evidence pack"  # the audit action recording that a pack was made, and its manifest's hash


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the finding id, --out and --verify."""
    add_config_argument(parser)
    parser.add_argument("finding_id", nargs="?", type=int, metavar="FINDING_ID",
                        help="the finding (its id in council-monitor findings)")
    parser.add_argument("--out", metavar="FILE", type=Path,
                        help="the zip to write (a new file, readable only by you)")
    parser.add_argument("--verify", metavar="PACK", type=Path,
                        help="check a pack instead: every file's SHA-256, nothing missing or added")
    parser.epilog = EXIT_STATUSES


def run(args: argparse.Namespace) -> int:
    """Make or check a pack."""
    if args.verify is not None:
        if args.finding_id is not None or args.out is not None:
            return _usage("--verify takes only the pack to check")
        return verify(args.verify)
    if args.finding_id is None or args.out is None:
        return _usage("give FINDING_ID and --out FILE (or --verify PACK)")
    return make(args)


def _usage(problem: str) -> int:
    """Say what is wrong with the options; return 2, as argparse would."""
    print(f"council-monitor evidence: {problem}", file=sys.stderr)
    print("  hint: council-monitor evidence 12 --out finding-12.zip; council-monitor evidence --verify finding-12.zip",
          file=sys.stderr)
    return 2


def make(args: argparse.Namespace) -> int:
    """Gather the finding's evidence in one transaction, write the pack and record it in the audit trail."""
    from monitor.evidencepack import build, write
    from monitor.report.pdf import PdfError
    from monitor.store.evidence import dossier
    from monitor.store.findings import add_audit
    from monitor.store.triage import login_name, with_store

    config = config_from(args)
    out: Path = args.out
    if out.exists():
        print(f"council-monitor evidence: {out} exists\n  hint: a pack is never overwritten; choose a new file name",
              file=sys.stderr)
        return EX_CANTCREAT
    made_at, made_by = datetime.now(UTC), login_name()
    held: dict[str, Any] = {}

    def gather(session: Session) -> int:
        """Read, build and write the pack, then record it (the record is rolled back if writing fails)."""
        found = dossier(session, args.finding_id)
        if found is None:
            print(f"council-monitor evidence: no finding {args.finding_id}\n  hint: list them with "
                  "council-monitor findings", file=sys.stderr)
            return EX_FINDING
        try:
            pack = build(found, config, made_at, made_by)
            write(pack, out, made_at)
        except PdfError as exc:
            print(f"council-monitor evidence: the PDF could not be made: {exc}", file=sys.stderr)
            return EX_CANTCREAT
        except OSError as exc:
            print(f"council-monitor evidence: cannot create {out}: {exc.strerror}\n  hint: choose a new file in a "
                  "folder you can write to", file=sys.stderr)
            return EX_CANTCREAT
        add_audit(session, found.finding, made_by, ACTION,
                  f"pack of {len(found.captures)} capture(s) made by {made_by}: manifest sha256 "
                  f"{pack.manifest_sha256}", made_at)
        held.update(pack=pack, captures=len(found.captures))
        return 0

    status = with_store("evidence", config, gather)
    if status != 0 and "pack" in held:
        out.unlink(missing_ok=True)  # its audit entry was not recorded: no pack without one
    if status == 0:
        pack = held["pack"]
        print(f"Wrote {out}: {len(pack.files)} files, {held['captures']} capture(s). Manifest SHA-256 "
              f"{pack.manifest_sha256} (recorded in the audit trail). Check it with: council-monitor evidence "
              f"--verify {out}")
    return status


def verify(path: Path) -> int:
    """Check a pack and name every file that does not hold."""
    from monitor.evidencepack import MANIFEST, check, sha256

    try:
        problems = check(path)
        with zipfile.ZipFile(path) as zf:
            manifest = sha256(zf.read(MANIFEST)) if MANIFEST in zf.namelist() else None
    except (OSError, zipfile.BadZipFile) as exc:
        print(f"council-monitor evidence: cannot read {path}: {exc}\n  hint: give the .zip an evidence pack was "
              "written to", file=sys.stderr)
        return EX_NOINPUT
    if problems:
        print(f"{path} does not hold: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{path} is intact: every file matches {MANIFEST} (its SHA-256 {manifest}; the audit trail's "
          f"'{ACTION}' entry records the same).")
    return 0
