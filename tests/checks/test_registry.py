"""The registry itself: every rule is documented, cites a clause and has a table of cases."""

from __future__ import annotations

import re

import pytest

from monitor.checks import CHECKS
from monitor.checksettings import SETTINGS
from tests.checks.casetable import load_cases

# The rule ids are a contract with other tools: this list only ever grows.
FIXED_RULE_IDS = {
    "missing-disclaimer", "council-identity", "impersonation", "unattended", "hours-notice", "unanswered",
    "pre-election", "personal-data", "confidential", "offensive", "personal-opinion",
}
CASES = load_cases()


def test_the_fixed_rule_ids_are_all_registered_once() -> None:
    """No rule id is lost, renamed or registered twice."""
    ids = [c.rule for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert set(ids) >= FIXED_RULE_IDS


@pytest.mark.parametrize("check", CHECKS, ids=[c.rule for c in CHECKS])
def test_each_check_cites_and_quotes_its_clause(check) -> None:  # type: ignore[no-untyped-def]
    """A check names its clause and its docstring quotes the policy."""
    assert re.fullmatch(r"(\d+\.\d+|Appendix)(, (\d+\.\d+|Appendix))*", check.clause)
    assert check.doc, f"{check.rule} has no docstring"
    first_clause = check.clause.split(",")[0]
    assert first_clause in check.doc, f"{check.rule}'s docstring does not name clause {first_clause}"
    assert '"' in check.doc or "“" in check.doc, f"{check.rule}'s docstring quotes no policy text"
    assert check.action and check.summary


@pytest.mark.parametrize("check", CHECKS, ids=[c.rule for c in CHECKS])
def test_each_check_has_cases_that_fire_and_hard_negatives(check) -> None:  # type: ignore[no-untyped-def]
    """Every rule has a table with positives, negatives and hard negatives."""
    mine = [c for c in CASES if c.rule == check.rule]
    assert any(c.fires for c in mine), f"{check.rule}: no case that must fire"
    assert any(not c.fires for c in mine), f"{check.rule}: no case that must not fire"
    assert any(c.hard_negative for c in mine), f"{check.rule}: no hard negatives"


def test_each_check_declares_the_settings_its_config_table_holds() -> None:
    """The registry and the config's [checks] tables agree: every rule has a table of its own settings class."""
    assert {c.rule: c.settings for c in CHECKS} == SETTINGS
