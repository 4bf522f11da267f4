"""`council-monitor evaluate`: per-rule precision and recall on a labelled corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from monitor.cli import add_config_argument, config_from
from monitor.scanfile import parse_time

HELP = "print each rule's precision and recall on a labelled corpus (records carry an 'expect' list)"
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

    config = config_from(args)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"council-monitor evaluate: no corpus folder at {corpus}", file=sys.stderr)
        return 2
    tallies, records = evaluate(corpus, config, parse_time(args.now or EVAL_NOW, "--now"))
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
    if args.json:
        print(json.dumps({rule: {"tp": t.tp, "fp": t.fp, "fn": t.fn, "precision": round(t.precision, 4),
                                 "recall": round(t.recall, 4)} for rule, t in tallies.items()}))
    if failing:
        print(f"below target or untested: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0
