"""Precision and recall of the checks on a labelled corpus in the scan format, per rule and per platform."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from monitor.checks import CHECKS, Context, History
from monitor.config import Config
from monitor.engine import run_checks
from monitor.records import PLATFORMS, Account, Post, handle_key
from monitor.scanfile import BadRecord, parse_record

# The corpus is written against this moment: inside the 2027 pre-election period of config/example.toml.
EVAL_NOW = "2027-04-20T12:00:00+01:00"


@dataclass
class Tally:
    """Counts for one rule."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Return TP / (TP + FP), 1.0 when nothing fired."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return TP / (TP + FN), 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson 95 % interval of a proportion."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _record_key(record: Account | Post) -> tuple[str, str, str | None]:
    """Return the key findings about this record carry."""
    if isinstance(record, Post):
        return (record.platform, handle_key(record.handle), record.id)
    return (record.platform, handle_key(record.handle), None)


def evaluate_file(path: Path, config: Config, now: datetime, tallies: dict[str, Tally],
                  platforms: dict[str, Tally] | None = None) -> int:
    """Scan one corpus file as a batch and add its outcomes to the tallies (per rule, and per platform when
    given: every rule's outcomes on that platform's records pooled); return records read."""
    expected: dict[tuple[str, str, str | None], set[str]] = {}
    accounts: list[Account] = []
    posts: list[Post] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        try:
            record = parse_record(raw, config)
        except BadRecord as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        (accounts if isinstance(record, Account) else posts).append(record)  # type: ignore[arg-type]
        expected.setdefault(_record_key(record), set()).update(raw.get("expect", []))
    ctx = Context(config=config, now=now, history=History(tuple(accounts), tuple(posts)))
    found: dict[tuple[str, str, str | None], set[str]] = {}
    for f in run_checks(accounts, posts, ctx):
        found.setdefault((f.platform, handle_key(f.handle), f.post_id), set()).add(f.rule)
    for key in expected.keys() | found.keys():
        want, got = expected.get(key, set()), found.get(key, set())
        where = f"{path.name} {key[0]}:@{key[1]}" + (f" post {key[2]}" if key[2] else "")
        for rule in want | got:
            counted = [tallies.setdefault(rule, Tally())]
            if platforms is not None:
                counted.append(platforms.setdefault(key[0], Tally()))
            for tally in counted:
                _count(tally, rule in want, rule in got, where if tally is counted[0] else f"{rule} {where}")
    return len(accounts) + len(posts)


def _count(tally: Tally, wanted: bool, got: bool, where: str) -> None:
    """Add one expected-or-found outcome to a tally."""
    if wanted and got:
        tally.tp += 1
    elif got:
        tally.fp += 1
        tally.errors.append(f"false positive: {where}")
    else:
        tally.fn += 1
        tally.errors.append(f"missed: {where}")


def evaluate(corpus: Path, config: Config, now: datetime,
             platforms: dict[str, Tally] | None = None) -> tuple[dict[str, Tally], int]:
    """Return per-rule tallies over every *.jsonl file under a corpus folder, and the record count.

    Given a dict, also fill it with a tally per platform (every registered platform, in the registry's order).
    """
    tallies: dict[str, Tally] = {c.rule: Tally() for c in CHECKS}
    if platforms is not None:
        platforms.update({name: platforms.get(name, Tally()) for name in PLATFORMS})
    records = 0
    for path in sorted(corpus.glob("*.jsonl")):
        records += evaluate_file(path, config, now, tallies, platforms)
    return tallies, records
