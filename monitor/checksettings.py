"""The settings of each check: what a `[checks.<rule>]` table may hold, one class a rule.

This module imports nothing of the checks, so monitor.config can build its `[checks]` section from it and the
check registry (monitor/checks/__init__.py) can name the same classes without an import cycle. A meta-test
(tests/checks/test_registry.py) asserts that the registry's rules and settings classes are exactly these.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.records import Severity
from monitor.wordlists import folder_problems


class Model(BaseModel):
    """Base for every table: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckSettings(Model):
    """Settings every check has."""

    enabled: bool = True
    severity: Severity | None = None  # overrides the check's own


class DisclaimerSettings(CheckSettings):
    """Settings of missing-disclaimer."""

    # Extra wordings this council accepts as a disclaimer (matched after normalisation).
    extra_phrases: list[str] = []


class ImpersonationSettings(CheckSettings):
    """Settings of impersonation."""

    # Findings below this score (0-1) are not reported.
    min_score: float = Field(default=0.6, ge=0, le=1)
    # Known legitimate neighbours that must never fire (other councils, local clubs): handles.
    allow_handles: list[str] = []
    # An account younger than this is one more reason to suspect it.
    new_account_days: int = Field(default=90, ge=0)


class LearnedSettings(CheckSettings):
    """Settings of a check with a learned layer beside its patterns (monitor/learned.py)."""

    # Also fire when the shipped linear model scores a post at or above the rule's threshold and the patterns do
    # not; false reads the patterns alone.
    learned: bool = True


class TermSettings(LearnedSettings):
    """Settings of a check driven by word lists."""

    extra_terms: list[str] = []
    allow_terms: list[str] = []


class PersonalDataSettings(CheckSettings):
    """Settings of personal-data: details the council has leave to publish (it has no trigger words to add)."""

    allow_terms: list[str] = []


class UnansweredSettings(CheckSettings):
    """[checks.unanswered]: whose reply answers a resident's question."""

    # A reply from another of the Council's official accounts (the events account answering a question put to
    # the main one) answers the question; false counts only the account the question was put to.
    other_official_answers: bool = True


class PreElectionSettings(LearnedSettings):
    """Settings of pre-election."""

    # Local groups and parties beyond the national ones the check knows.
    extra_parties: list[str] = []


class Checks(Model):
    """Per-check settings, keyed by rule id, and the council's own word-list folder.

    One field a rule, typed, so `config.checks.impersonation.min_score` is checked by mypy; SETTINGS below is
    read from these fields, and the registry's meta-test holds both to the registered checks.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # A folder of the council's changes to the packaged word lists: <folder>/<rule>/<list>.txt (docs/checks.md).
    word_lists: str = ""
    missing_disclaimer: DisclaimerSettings = Field(DisclaimerSettings(), alias="missing-disclaimer")
    council_identity: CheckSettings = Field(CheckSettings(), alias="council-identity")
    impersonation: ImpersonationSettings = ImpersonationSettings()
    unattended: CheckSettings = CheckSettings()
    hours_notice: CheckSettings = Field(CheckSettings(), alias="hours-notice")
    unanswered: UnansweredSettings = UnansweredSettings()
    pre_election: PreElectionSettings = Field(PreElectionSettings(), alias="pre-election")
    personal_data: PersonalDataSettings = Field(PersonalDataSettings(), alias="personal-data")
    confidential: TermSettings = TermSettings()
    offensive: TermSettings = TermSettings()
    personal_opinion: TermSettings = Field(TermSettings(), alias="personal-opinion")

    @field_validator("word_lists")
    @classmethod
    def _folder_usable(cls, value: str) -> str:
        # A misspelt folder or file would otherwise be ignored without a word, and the council's terms with it.
        problems = folder_problems(value) if value.strip() else []
        if problems:
            raise ValueError("; ".join(problems))
        return value.strip()

    def for_rule(self, rule: str) -> CheckSettings:
        """Return the settings of one rule id."""
        value: CheckSettings = getattr(self, rule.replace("-", "_"))
        return value


# Rule id -> its settings class: what a [checks.<rule>] table may hold.
SETTINGS: dict[str, type[CheckSettings]] = {
    (field.alias or name): field.annotation  # type: ignore[misc]
    for name, field in Checks.model_fields.items() if name != "word_lists"
}
