"""Worst time per check on hostile texts of 2,000, 8,000 and 63,206 characters, and its ratio to prose.

Each adversarial kind of tests/checks/hostile.py (a run of one character class, or a near-match of a
check's patterns repeated) is cut to each length and given to every check that reads it: as an official
post, as a resident's reply to an official post, and as an account's bio, display name and pinned post
(official, councillor and resident accounts). Times are CPU seconds of the checking thread, the least of
--tries runs, each on a freshly salted text so no memo answers; the ratio divides by the same check on
ordinary council prose of the same length in the same place, floored at 1 ms. Texts over 20,000
characters are clipped by the checks (monitor.text.MAX_CHECK_CHARS), so 63,206 (a Facebook post) costs
what 20,000 does.

Run: .venv/bin/python bench/bench_hostile.py [--sizes 2000,8000,63206] [--tries 3] [--quick]
--quick times the runs of one character only, at 2,000 and 8,000 characters (a minute on the old code).
The last line is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.config import Config, load_config  # noqa: E402
from tests.checks.hostile import (  # noqa: E402
    CONTEXTS,
    FACEBOOK_COMMENT,
    FACEBOOK_POST,
    KINDS,
    PROSE,
    RUNS,
    Timer,
    applicable,
    checks,
    text_of,
)

CONFIG = ROOT / "config" / "example.toml"
FLOOR = 0.001  # ratios divide by at least 1 ms: below that, prose times are mostly the clock's own noise


@dataclass
class Worst:
    """The slowest hostile text found for one check at one length, and the prose it is compared with."""

    seconds: float = 0.0
    kind: str = ""
    context: str = ""
    prose: float = 0.0
    ratio: float = 0.0
    ratio_kind: str = ""

    def figures(self) -> dict[str, object]:
        """Return the JSON figures."""
        return {"worst_ms": round(self.seconds * 1000, 2), "kind": self.kind, "context": self.context,
                "prose_ms": round(self.prose * 1000, 2), "worst_ratio": round(self.ratio, 1),
                "ratio_kind": self.ratio_kind}


def measure(size: int, kinds: dict[str, str], tries: int, config: Config, timer: Timer) -> dict[str, Worst]:
    """Return the worst hostile text per check at one length."""
    out: dict[str, Worst] = {}
    for check in checks():
        worst = out.setdefault(check.rule, Worst())
        for context in CONTEXTS:
            if not applicable(check, context):
                continue
            timer.best(check, context, PROSE, config, 1)  # first use builds per-configuration data: not timed
            prose = timer.best(check, context, text_of(PROSE, size), config, tries)
            for name, unit in kinds.items():
                took = timer.best(check, context, text_of(unit, size), config, tries)
                label = f"{name!r} as {context}"
                if took > worst.seconds:
                    worst.seconds, worst.kind, worst.context, worst.prose = took, name, context, prose
                if took / max(prose, FLOOR) > worst.ratio:
                    worst.ratio, worst.ratio_kind = took / max(prose, FLOOR), label
    return out


def main() -> None:
    """Time every check on every hostile kind and length and print the worst."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=f"2000,{FACEBOOK_COMMENT},{FACEBOOK_POST}")
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="runs of one character only, at 2,000 and 8,000")
    args = parser.parse_args()
    sizes = [2000, FACEBOOK_COMMENT] if args.quick else [int(s) for s in args.sizes.split(",")]
    kinds = RUNS if args.quick else KINDS
    config = load_config(CONFIG)
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()}; CPU time of one thread, least of {args.tries}; "
          f"{len(kinds)} kinds")
    # Said in the output, not only here: a ratio over a prose time near zero would be the clock's noise, and one
    # over a higher floor would hide real slowness behind the absolute aim (50 ms is 20 x 2.5 ms), so 1 ms it is.
    floor = f"{FLOOR * 1000:g} ms"
    print(f"ratio = worst / max(prose, {floor}): prose under {floor} counts as {floor}")
    figures: dict[str, object] = {"machine": f"{platform.machine()} cpus={os.cpu_count()}", "tries": args.tries,
                                  "kinds": len(kinds), "ratio_floor_ms": FLOOR * 1000}
    timer = Timer()
    for size in sizes:
        print(f"\n{size:,} characters")
        print(f"  {'check':20} {'worst ms':>9} {'prose ms':>9} {'ratio':>7}  worst kind / worst ratio kind")
        worst = measure(size, kinds, args.tries, config, timer)
        for rule, w in worst.items():
            print(f"  {rule:20} {w.seconds * 1000:9.2f} {w.prose * 1000:9.2f} {w.ratio:7.1f}  "
                  f"{w.kind!r} as {w.context} / {w.ratio_kind}")
        figures[str(size)] = {rule: w.figures() for rule, w in worst.items()}
        top = max(worst.values(), key=lambda w: w.seconds)
        print(f"  worst: {top.seconds * 1000:.1f} ms; worst ratio {max(w.ratio for w in worst.values()):.1f}x")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
