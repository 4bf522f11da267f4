"""The development sets (unanswered, hours-notice, council-identity, missing-disclaimer, personal-data): each rule's
recall and precision on them, not every row.

The sets (tests/checks/dev/*.yaml) were written before the detectors were changed, to measure how the detectors
generalise over the ways residents ask and profiles say when they are read; a row the rules get wrong is listed
in the failure, and the rates must stay at or above their floors. unanswered-check.yaml was kept apart while the
question detector was changed against unanswered-dev.yaml, then scored (recall 0.68 -> 0.92, precision 0.85 -> 0.92);
unanswered-check2.yaml likewise in the second round (0.53 -> 0.87, 0.89 -> 0.87), before a clause-level idiom and
'wondered' were read; hours-notice-check.yaml beside hours-notice-dev2.yaml (0.82 -> 0.91, 0.90 -> 1.00).
The *-final*.yaml sets were each scored once, after the rounds before them, as estimates on unseen text; later
rounds drew on the kinds their misses showed, so they are not asserted here (see the commits for their figures).
Run `.venv/bin/python -m tests.checks.test_dev_sets` to print the figures and the rows missed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checks.casetable import DEFAULT_NOW, Case, run_case

DEV_DIR = Path(__file__).parent / "dev"
FLOOR = 0.90  # recall and precision, each rule
PROFILE_RULES = ("council-identity", "missing-disclaimer")
COUNCILLOR_X = [("Whitfield", "CllrJWhitfield"), ("Okafor", "TomOkaforBTC"), ("Sharma", "PriyaSharmaBTC"),
                ("Hughes", "DaveHughesCllr"), ("Ellis", "MEllisBrackley")]


def _records(rule: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a row's records: a reply to the Council's post, a profile, or a post."""
    if rule == "unanswered":
        return [
            {"kind": "post", "platform": "x", "handle": "resident_dev", "id": "201", "reply_to": "101",
             "reply_to_handle": "BrackleyTC", "created_at": "2027-04-15T10:00:00+01:00", "text": row["text"]},
            {"kind": "post", "platform": "x", "handle": "BrackleyTC", "id": "101",
             "created_at": "2027-04-14T09:00:00+01:00", "text": "News from the Town Council this week."},
        ]
    if rule in PROFILE_RULES:
        # A councillor's registered X account: the one whose name the row's display name gives, else the first.
        name = str(row.get("name", ""))
        handle = next((h for surname, h in COUNCILLOR_X if surname in name), COUNCILLOR_X[0][1])
        return [{"kind": "account", "platform": "x", "handle": handle, "display_name": name or None,
                 "bio": row["bio"]}]
    if "text" in row:
        # A post on an official or councillor X account, as personal-data reads it.
        return [{"kind": "post", "platform": "x", "handle": row.get("handle", "BrackleyTC"), "id": "301",
                 "created_at": "2027-04-15T10:00:00+01:00", "text": row["text"]}]
    return [{"kind": "account", "platform": "x", "handle": "BrackleyTC", "bio": row["bio"]}]


SETS = ["unanswered-dev", "unanswered-check", "unanswered-dev2", "unanswered-check2", "unanswered-dev3",
        "unanswered-dev4", "unanswered-dev5", "unanswered-dev6", "unanswered-dev7", "unanswered-dev8",
        "unanswered-dev9", "hours-notice-dev", "hours-notice-dev2", "hours-notice-check",
        "council-identity-dev", "missing-disclaimer-dev", "personal-data-dev"]


def dev_cases(name: str) -> list[Case]:
    """Return a development set as case-table rows."""
    doc = yaml.safe_load((DEV_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    rule = doc["rule"]
    return [Case(rule, str(row.get("text", row.get("bio"))), _records(rule, row), bool(row["fires"]),
                 bool(row.get("hard_negative")), DEFAULT_NOW, {}) for row in doc["cases"]]


def score(name: str) -> tuple[float, float, list[Case]]:
    """Return (recall, precision, rows got wrong) of a rule on a development set."""
    tp = fp = fn = 0
    wrong = []
    for case in dev_cases(name):
        fired = bool(run_case(case)[0])
        tp += fired and case.fires
        fp += fired and not case.fires
        fn += case.fires and not fired
        if fired != case.fires:
            wrong.append(case)
    return tp / ((tp + fn) or 1), tp / ((tp + fp) or 1), wrong


@pytest.mark.parametrize("name", SETS)
def test_dev_set_rates(name: str) -> None:
    """Recall and precision on the development set stay at or above the floor."""
    recall, precision, wrong = score(name)
    missed = "\n".join(f"  {'missed' if c.fires else 'false'}: {c.name}" for c in wrong)
    assert recall >= FLOOR and precision >= FLOOR, f"{name}: recall {recall:.3f} precision {precision:.3f}\n{missed}"


if __name__ == "__main__":
    for name in SETS:
        r, p, bad = score(name)
        n = len(dev_cases(name))
        print(f"{name}: {n} rows, recall {r:.3f}, precision {p:.3f}, wrong {len(bad)}")
        for c in bad:
            print(f"  {'missed' if c.fires else 'false '}: {c.name}")
