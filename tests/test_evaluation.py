"""The labelled corpus keeps every rule at its targets, so a change that costs precision or recall fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.checks import CHECKS
from monitor.config import Config
from monitor.evaluation import EVAL_NOW, Tally, evaluate, evaluate_file, wilson
from monitor.platforms.registry import PLATFORMS
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


@pytest.fixture(scope="module")
def platform_tallies(example_config: Config) -> dict[str, Tally]:
    """Return the per-platform tallies over eval/corpus (every rule pooled)."""
    platforms: dict[str, Tally] = {}
    evaluate(ROOT / "eval" / "corpus", example_config, parse_time(EVAL_NOW, "now"), platforms)
    return platforms


def test_every_registered_platform_is_tallied(platform_tallies: dict[str, Tally]) -> None:
    """The per-platform table lists each platform of the registry, in its order."""
    assert list(platform_tallies) == list(PLATFORMS)


@pytest.mark.parametrize("platform", ["x", "facebook", "bluesky", "mastodon"])
def test_each_platform_with_records_meets_the_targets(platform_tallies: dict[str, Tally], platform: str) -> None:
    """Precision and recall hold on each platform's own records, not only pooled over all of them."""
    t = platform_tallies[platform]
    assert t.tp >= 4, f"{platform}: only {t.tp} labelled positives"
    assert t.precision >= TARGET_PRECISION, f"{platform}: precision {t.precision:.3f}; {t.errors[:5]}"
    assert t.recall >= TARGET_RECALL, f"{platform}: recall {t.recall:.3f}; {t.errors[:5]}"


def test_the_mastodon_records_exercise_every_rule(example_config: Config) -> None:
    """Every check applies on Mastodon, so its corpus has a positive for each (and no error)."""
    tallies: dict[str, Tally] = {}
    evaluate_file(ROOT / "eval" / "corpus" / "mastodon.jsonl", example_config, parse_time(EVAL_NOW, "now"), tallies)
    assert {rule for rule, t in tallies.items() if t.tp} == {c.rule for c in CHECKS}
    assert not [e for t in tallies.values() for e in t.errors]
