"""Every row of every rule's case table, one test each."""

from __future__ import annotations

import pytest

from tests.checks.casetable import Case, load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    """The rule fires on the case's subject exactly when the table says it should."""
    findings, _ = run_case(case)
    if case.fires:
        assert findings, f"{case.id}: expected a finding, got none"
        for f in findings:
            assert f.message and f.evidence, f"{case.id}: a finding must explain itself"
    else:
        assert not findings, f"{case.id}: expected nothing, got {[f.message for f in findings]}"
