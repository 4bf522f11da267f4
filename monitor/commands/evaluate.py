"""`council-monitor evaluate`: precision and recall on a labelled corpus, per rule and per platform."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.cli import add_config_argument, config_from

if TYPE_CHECKING:
    from monitor.evaluation import Tally
from monitor.scanfile import parse_time

HELP = "print each rule's and each platform's precision and recall on a labelled corpus (records carry 'expect')"
EPILOG = ("exit status: 0 every rule meets --min-precision and --min-recall, 1 a rule falls below them or has no "
          "true positive, 2 no corpus folder or a bad option, 78 configuration error.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare evaluate's options."""
    parser.epilog = EPILOG
    add_config_argument(parser)
    parser.add_argument("--corpus", default="eval/corpus", help="folder of labelled *.jsonl files")
    parser.add_argument("--now", default=None, help="evaluation time (default: the corpus's own, 2027-04-20)")
    parser.add_argument("--min-precision", type=float, default=0.0, help="exit 1 if any rule is below this")
    parser.add_argument("--min-recall", type=float, default=0.0, help="exit 1 if any rule is below this")
    parser.add_argument("--show-errors", action="store_true", help="list every false positive and miss")
    parser.add_argument("--json", action="store_true", help="also print a JSON line of the figures")


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the table."""
    from monitor.evaluation import EVAL_NOW, evaluate, wilson
    from monitor.platforms.registry import label

    config = config_from(args)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"council-monitor evaluate: no corpus folder at {corpus}", file=sys.stderr)
        return 2
    platforms: dict[str, Tally] = {}
    tallies, records = evaluate(corpus, config, parse_time(args.now or EVAL_NOW, "--now"), platforms)
    print(f"{records} records in {corpus}")
    print(f"{'RULE':<19} {'TP':>4} {'FP':>4} {'FN':>4} {'PRECISION':>10} {'RECALL':>8}  RECALL 95% CI")
    failing = []
    for rule, t in tallies.items():
        lo, hi = wilson(t.tp, t.tp + t.fn)
        print(f"{rule:<19} {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.precision:>10.3f} {t.recall:>8.3f}  [{lo:.2f}, {hi:.2f}]")
        if t.precision < args.min_precision or t.recall < args.min_recall or t.tp == 0:
            failing.append(rule)
        if args.show_errors:
            for error in t.errors:
                print(f"    {error}")
    # Per platform, every rule pooled: a platform with no labelled record shows dashes, not a perfect score.
    print(f"{'PLATFORM':<19} {'TP':>4} {'FP':>4} {'FN':>4} {'PRECISION':>10} {'RECALL':>8}  RECALL 95% CI")
    for name, t in platforms.items():
        if not t.tp + t.fp + t.fn:
            print(f"{label(name):<19} {0:>4} {0:>4} {0:>4} {'-':>10} {'-':>8}  (no labelled records)")
            continue
        lo, hi = wilson(t.tp, t.tp + t.fn)
        print(f"{label(name):<19} {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.precision:>10.3f} {t.recall:>8.3f}  "
              f"[{lo:.2f}, {hi:.2f}]")
    if args.json:  # the per-rule line stays the last, as it always was; the per-platform line comes before it
        print(json.dumps({"platforms": {name: _figures(t) for name, t in platforms.items()}}))
        print(json.dumps({rule: _figures(t) for rule, t in tallies.items()}))
    if failing:
        print(f"below target or untested: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


def _figures(tally: Tally) -> dict[str, float]:
    """Return a tally's counts and rates for the JSON lines."""
    return {"tp": tally.tp, "fp": tally.fp, "fn": tally.fn, "precision": round(tally.precision, 4),
            "recall": round(tally.recall, 4)}
