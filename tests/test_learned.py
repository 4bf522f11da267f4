"""The learned layer (monitor/learned.py): shipped weights, stable scores, linear cost, findings that explain."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest

from monitor.checks import Context, by_rule
from monitor.config import Config
from monitor.learned import CAP, RULES, Model, features, model
from monitor.records import Post

NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
# Written for these tests, not taken from any labelled set.
INSULT = ("The woman who chairs the county transport board is a spiteful, lazy crook who treats every "
          "resident like dirt and should be ashamed of herself.")
NOTICE = "The library on Market Place will be closed on Monday for the bank holiday and reopens on Tuesday at 9am."
PROSE = ("The town council meets on the first Tuesday of the month in the Town Hall, and residents are welcome to "
         "come along, ask questions and hear about the parks, the market and the footpaths. ")


def shipped() -> dict[str, object]:
    """Return the shipped weights document."""
    path = resources.files("monitor").joinpath("data", "learned", "weights.json.gz")
    data: dict[str, object] = json.loads(gzip.decompress(path.read_bytes()))
    return data


def with_learned(config: Config, rule: str, on: bool) -> Config:
    """Return the configuration with one rule's learned layer switched on or off."""
    settings = config.checks.for_rule(rule).model_copy(update={"learned": on})
    return config.model_copy(update={"checks": config.checks.model_copy(update={rule.replace("-", "_"): settings})})


def test_the_weights_load_with_a_threshold_and_figures_for_each_rule() -> None:
    """The package ships the four rules' weights, thresholds and the cross-validated figures they were chosen by."""
    data = shipped()
    m = model()
    assert m.rules == RULES
    assert all(0.5 <= m.thresholds[rule] < 1 for rule in RULES)
    meta = data["meta"]
    assert isinstance(meta, dict) and set(meta["cv"]) == set(RULES)
    assert "heldout5" not in json.dumps(meta["trained_on"]) and "heldout6" not in json.dumps(meta["trained_on"])
    assert m.words and m.chars


def test_scores_are_the_same_every_time_and_from_a_fresh_load() -> None:
    """A text scores the same twice, and the same from a model read afresh (no state leaks between texts)."""
    first = model().scores(INSULT)
    model().scores(NOTICE)
    assert model().scores(INSULT) == first
    assert Model(shipped()).scores(INSULT) == first


NAMED = ["Cllr Hughes and @DaveHughesCllr said Mayor Ellis was  wrong, again!",
         "Thanks to Mr. Patel, Dr Okafor and councillors Lowe and Sharma for the lovely fête."]


@pytest.mark.parametrize("text", [INSULT, NOTICE, *NAMED])
def test_the_fast_scorer_agrees_with_the_features_training_reads(text: str) -> None:
    """Scoring (inlined for speed) gives what the training features times the weights give."""
    m = model()
    words, chars = features(text, m.sizes)
    wn, cn = sum(words.values()) ** 0.5, sum(chars.values()) ** 0.5
    expected = [m.intercepts[r] + sum(m.weight(m.words, k, r) * v for k, v in words.items()) / wn
                + sum(m.weight(m.chars, k, r) * v for k, v in chars.items()) / cn for r in range(len(RULES))]
    assert list(m.margins(text)) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_an_insult_scores_high_and_a_notice_low() -> None:
    """An obvious insult passes offensive's threshold; a library notice scores low for every rule."""
    m = model()
    assert m.score("offensive", INSULT) >= m.thresholds["offensive"]
    assert all(score < 0.2 for score in m.scores(NOTICE))


def test_a_short_text_is_not_scored() -> None:
    """A few words say too little for word weights: they score nothing."""
    assert model().scores("Please share, you crook.") == (0.0, 0.0, 0.0, 0.0)


def test_only_the_first_cap_characters_are_read() -> None:
    """What follows the first CAP characters changes nothing."""
    head = (PROSE * (CAP // len(PROSE) + 1))[:CAP]
    assert model().scores(head + INSULT * 50) == model().scores(head)


@pytest.mark.parametrize("unit", ["a", "crook ", "@a ", "Cllr ", "! ", "\u200b", "x" * 5000 + " "])
def test_a_hostile_text_costs_what_prose_does(unit: str) -> None:
    """Runs of one letter, of a weighty word, of titles or handles are linear: at most 50 times prose's cost."""

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            fresh = Model(shipped())  # no memo: every token is read for the first time
            start = time.process_time()
            fresh.scores(text)
            fresh.verdict("offensive", text)
            best = min(best, time.process_time() - start)
        return best

    length = 8_000
    prose = cost((PROSE * (length // len(PROSE) + 1))[:length])
    assert cost((unit * (length // len(unit) + 1))[:length]) <= 50 * max(prose, 0.004)


def test_a_verdict_names_the_words_that_weighed_and_points_at_one() -> None:
    """The finding says it is the learned layer, gives its score, and its span covers a weighty word."""
    found = model().verdict("offensive", INSULT)
    assert found is not None
    assert "learned score" in found.message and "the words that weighed most: '" in found.message
    start, end = found.span
    assert INSULT[start:end] in found.phrases
    evidence = found.evidence()
    assert evidence["kind"] == "learned" and evidence["score"] >= found.threshold


def test_the_check_fires_on_the_model_alone_and_not_when_switched_off(example_config: Config) -> None:
    """offensive fires with evidence kind 'learned' when its patterns miss; `learned = false` silences it."""
    post = Post(platform="x", handle="CllrJWhitfield", id="1", created_at=NOW, role="councillor",
                text="That man from the county office treats every resident like dirt and ought to be ashamed.")
    check = by_rule("offensive")
    hits = list(check.func(post, Context(config=with_learned(example_config, "offensive", True), now=NOW)))
    assert [h.evidence["kind"] for h in hits] == ["learned"]
    assert hits[0].evidence["excerpt"] and "learned score" in hits[0].message
    assert not list(check.func(post, Context(config=with_learned(example_config, "offensive", False), now=NOW)))


def test_a_residents_post_is_not_scored(example_config: Config) -> None:
    """The layer keeps the rule's gate: the policy does not bind residents, whatever the model says."""
    post = Post(platform="x", handle="resident1", id="1", created_at=NOW, role="other", text=INSULT)
    assert not list(by_rule("offensive").func(post, Context(config=example_config, now=NOW)))


def test_training_runs_on_a_tiny_fixture(tmp_path: Path) -> None:
    """scripts/train_learned.py trains, cross-validates and writes the same weights twice from the same data."""
    pytest.importorskip("sklearn")
    from scripts.train_learned import main

    posts = {
        "offensive": ["{} is a lying crook and a disgrace to this town, frankly.",
                      "{} is a useless idiot who should be ashamed of the mess made."],
        "personal-opinion": ["Honestly the new bus timetable is the worst idea we have seen in years, {}.",
                             "Frankly the fountain repaint is hideous and nobody wanted it, {}."],
        "confidential": ["In the closed session we agreed to pay the former clerk {} to drop the claim.",
                         "After the press left we voted to sell the depot for {} to the developer."],
        "": ["The library is closed on Monday and reopens on Tuesday at {} for everyone.",
             "The market moves to the square on Saturday from {} with forty stalls this week."],
    }
    for i, name in enumerate(["one", "two"]):
        folder = tmp_path / "eval" / name
        folder.mkdir(parents=True)
        lines = []
        for rule, texts in posts.items():
            for j, text in enumerate(texts):
                for k, handle in enumerate(["BrackleyTC", "CllrJWhitfield"]):
                    if rule == "personal-opinion" and handle != "BrackleyTC":
                        continue
                    lines.append(json.dumps({
                        "kind": "post", "platform": "x", "handle": handle, "id": f"{i}{j}{k}{len(lines)}",
                        "created_at": "2027-04-19T10:00:00+01:00", "text": text.format(f"£{1000 * (i + j + k + 1)}"),
                        "expect": [rule] if rule else []}))
        (folder / "set.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    out1, out2 = tmp_path / "w1.json.gz", tmp_path / "w2.json.gz"
    args = ["--eval", str(tmp_path / "eval"), "--cases", str(cases), "--sets", "one,two"]
    assert main([*args, "--out", str(out1)]) == 0
    assert main([*args, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    data = json.loads(gzip.decompress(out1.read_bytes()))
    assert set(data["thresholds"]) == set(RULES) and data["meta"]["trained_on"] == {"one": 14, "two": 14, "cases": 0}
    Model(data).scores("Cllr Hughes is a lying crook and a disgrace to this town, frankly.")


def test_training_refuses_the_held_out_set(tmp_path: Path) -> None:
    """eval/heldout5 and eval/heldout6 are never trained on."""
    pytest.importorskip("sklearn")
    from scripts.train_learned import main

    for held in ("heldout5", "heldout6"):
        with pytest.raises(SystemExit, match=f"{held} is held out"):
            main(["--sets", f"corpus,{held}", "--out", str(tmp_path / "w.json.gz")])


def test_check_config_says_where_the_layer_is_on_and_its_thresholds(example_config: Config) -> None:
    """check-config prints each rule's threshold, and which rules a council switched the layer off for."""
    from monitor.commands.check_config import learned_line

    line = learned_line(example_config)
    assert line.startswith("learned layer: on for offensive (fires at 0.") and "pre-election" in line
    assert learned_line(with_learned(example_config, "personal-opinion", False)).endswith("; off for personal-opinion")


def test_the_setting_is_read_from_the_config_file(example_config: Config) -> None:
    """`[checks.<rule>] learned = false` is a setting of the four rules' tables, and of no other."""
    import tomllib

    from monitor.config import ConfigError, parse_config
    from tests.conftest import EXAMPLE_CONFIG

    data = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["checks"]["confidential"]["learned"] = False
    assert parse_config(data).checks.confidential.learned is False
    data["checks"].setdefault("unanswered", {})["learned"] = False
    with pytest.raises(ConfigError):
        parse_config(data)
