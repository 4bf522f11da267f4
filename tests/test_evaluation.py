"""The labelled corpus keeps every rule at its targets, so a change that costs precision or recall fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.checks import CHECKS
from monitor.config import Config
from monitor.evaluation import EVAL_NOW, Tally, evaluate, wilson
from monitor.scanfile import parse_time

ROOT = Path(__file__).resolve().parent.parent
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.90


@pytest.fixture(scope="module")
def tallies(example_config: Config) -> dict[str, Tally]:
    """Return the per-rule tallies over eval/corpus."""
    result, records = evaluate(ROOT / "eval" / "corpus", example_config, parse_time(EVAL_NOW, "now"))
    assert records >= 500, "the corpus should hold several hundred records"
    return result


@pytest.mark.parametrize("rule", [c.rule for c in CHECKS])
def test_each_rule_meets_its_targets_on_the_corpus(tallies: dict[str, Tally], rule: str) -> None:
    """Precision ≥ 0.95 and recall ≥ 0.90, with enough positives to mean something."""
    t = tallies[rule]
    assert t.tp >= 10, f"{rule}: only {t.tp} labelled positives in the corpus"
    assert t.precision >= TARGET_PRECISION, f"{rule}: precision {t.precision:.3f}; {t.errors[:5]}"
    assert t.recall >= TARGET_RECALL, f"{rule}: recall {t.recall:.3f}; {t.errors[:5]}"


def test_the_wilson_interval_brackets_the_proportion() -> None:
    """The confidence interval printed beside recall is sane."""
    lo, hi = wilson(45, 50)
    assert lo < 0.9 < hi
    assert wilson(0, 0) == (0.0, 1.0)
