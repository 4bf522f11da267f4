"""A stand-in for the daemon's writes, run as its own process: poll cycles that record findings and alert.

Usage: python -m tests.web.writer DATABASE_URL CYCLES. Prints "ok N" after N cycles; any error exits non-zero.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from monitor.records import Finding
from monitor.store.db import open_database, session_scope
from monitor.store.findings import Scope, mark_alerted, record_findings


def main(url: str, cycles: int) -> None:
    """Run the cycles, each in one transaction as store_cycle does."""
    engine = open_database(url)
    for n in range(cycles):
        found = [Finding(rule="offensive", platform="x", handle="TomOkaforBTC", post_id=f"w{n}-{i}", severity="low",
                         clause="6.1", message=f"written by the daemon stand-in, cycle {n}", evidence={})
                 for i in range(3)]
        with session_scope(engine) as session:
            now = datetime.now(UTC)
            outcome = record_findings(session, found, {Scope("offensive", "x", "tomokaforbtc", f"w{n}-0")}, now)
            mark_alerted(session, outcome.to_alert, now)
    engine.dispose()
    print(f"ok {cycles}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
