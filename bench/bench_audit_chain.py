"""The audit hash chain at six years' size: how long `audit verify` takes, and what appending costs.

Run: .venv/bin/python bench/bench_audit_chain.py [--entries 200000] [--url sqlite:///...]
Fills a fresh database with a chained trail by bulk insert (hashes computed as add_audit computes them;
not timed), then times verify() over the whole trail (CPU time too, for a shared machine) and 200
appends through add_audit, one transaction each (the lock, the head read and the insert). The last
line is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from monitor.store.chain import GENESIS, entry_hash, verify
from monitor.store.db import migrate, open_database, session_scope
from monitor.store.findings import add_audit
from monitor.store.models import AuditRow

START = datetime(2021, 1, 4, 9, 0, tzinfo=UTC)


def fill(engine: Engine, entries: int) -> None:
    """Insert a chained trail of finding-less entries, a batch at a time."""
    prev, batch = GENESIS, []
    with engine.begin() as conn:
        for n in range(entries):
            at = START + timedelta(minutes=15 * n)
            note = f"entry {n}: checked again at {at:%Y-%m-%d %H:%M} UTC"
            own = entry_hash(prev, at, "monitor", "note", None, note)
            batch.append({"at": at, "actor": "monitor", "action": "note", "finding_id": None,
                          "note": note, "prev_hash": prev, "entry_hash": own})
            prev = own
            if len(batch) == 5000:
                conn.execute(insert(AuditRow), batch)
                batch = []
        if batch:
            conn.execute(insert(AuditRow), batch)


def timed(step: object) -> tuple[float, float]:
    """Return the wall and CPU seconds a call takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    step()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    """Fill, verify, append; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(args.url or f"sqlite:///{tmp}/bench.sqlite")
        migrate(engine)
        fill(engine, args.entries)

        def check() -> None:
            """Verify the whole trail."""
            with session_scope(engine) as session:
                assert verify(session).broken is None

        def append() -> None:
            """Append 200 entries, one transaction each."""
            for n in range(200):
                with session_scope(engine) as session:
                    add_audit(session, None, "clerk", "note", f"appended {n}", datetime.now(UTC))

        verify_wall, verify_cpu = timed(check)
        append_wall, append_cpu = timed(append)
        dialect = engine.dialect.name
        engine.dispose()
    machine = f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}, {dialect}"
    rate = args.entries / verify_wall
    print(f"machine: {machine}")
    print(f"verify {args.entries} entries: {verify_wall:.2f} s wall, {verify_cpu:.2f} s CPU ({rate:,.0f} entries/s)")
    print(f"append 200 entries, one transaction each: {append_wall * 5:.2f} ms wall each, {append_cpu * 5:.2f} ms CPU")
    print(json.dumps({"entries": args.entries, "machine": machine, "verify_seconds": round(verify_wall, 3),
                      "verify_cpu_seconds": round(verify_cpu, 3), "verify_entries_per_second": round(rate),
                      "append_ms_each": round(append_wall * 5, 3), "append_cpu_ms_each": round(append_cpu * 5, 3)}))


if __name__ == "__main__":
    main()
