"""The registry of checks: one entry per rule of the Social Media Policy."""

from __future__ import annotations

from monitor.checks.attention import hours_notice, unanswered, unattended
from monitor.checks.base import Check, Context, History, Hit
from monitor.checks.confidential import confidential
from monitor.checks.disclaimer import missing_disclaimer
from monitor.checks.election import pre_election
from monitor.checks.identity import council_identity
from monitor.checks.impersonation import impersonation
from monitor.checks.offensive import offensive
from monitor.checks.opinion import personal_opinion
from monitor.checks.personal_data import personal_data
from monitor.checksettings import (
    CheckSettings,
    DisclaimerSettings,
    ImpersonationSettings,
    PersonalDataSettings,
    PreElectionSettings,
    TermSettings,
    UnansweredSettings,
)

__all__ = ["CHECKS", "Check", "Context", "History", "Hit", "by_rule"]

# The rule ids are a contract: reports, alerts and other tools depend on them. Add; never rename.
CHECKS: tuple[Check, ...] = (
    Check("missing-disclaimer", "6.4", "medium", "account", missing_disclaimer,
          "A councillor's personal account carries no disclaimer.",
          "Ask the councillor to add the standard disclaimer to their profile.",
          DisclaimerSettings),
    Check("council-identity", "6.4, 6.5", "medium", "account", council_identity,
          "A councillor's personal account presents itself as the Council.",
          "Ask the councillor to remove the Council's name, email or logo from their personal profile.",
          CheckSettings),
    Check("impersonation", "3.1", "high", "account", impersonation,
          "An unregistered account looks like a registered one.",
          "Check the account; if it is an impersonator, report it with the platform's impersonation form.",
          ImpersonationSettings),
    Check("unattended", "Appendix", "medium", "history", unattended,
          "An official account has been silent longer than the limit.",
          "Post on the account, or say on its profile when it is staffed.",
          CheckSettings),
    Check("hours-notice", "Appendix", "low", "account", hours_notice,
          "An official account's profile does not say when it is staffed.",
          "Add the office hours to the account's profile (e.g. 'Staffed Mon-Fri 9am-5pm').",
          CheckSettings),
    Check("unanswered", "Appendix", "medium", "history", unanswered,
          "A resident's question has had no reply within the target.",
          "Reply to the resident from the official account.",
          UnansweredSettings),
    Check("pre-election", "10.1", "high", "post", pre_election,
          "An official post could be seen to support a party or candidate during the pre-election period.",
          "During the pre-election period, consider deleting or amending this post.",
          PreElectionSettings),
    Check("personal-data", "6.4", "high", "post", personal_data,
          "A post gives personal details of others.",
          "Ask the author to delete the post; consider whether it is a data breach to record.",
          PersonalDataSettings),
    Check("confidential", "5.1, 6.5, 7.2", "high", "post", confidential,
          "A post discloses business from meetings not open to the public.",
          "Ask the author to delete the post and tell the Council of the disclosure.",
          TermSettings),
    Check("offensive", "6.4, 6.5, 7.2, 9.3", "medium", "post", offensive,
          "A post uses derogatory, obscene, abusive or defamatory-sounding language.",
          "Ask the author to delete or edit the post; the Code of Conduct may apply.",
          TermSettings),
    Check("personal-opinion", "6.4", "medium", "post", personal_opinion,
          "An official account post expresses a personal opinion.",
          "Edit the post to state the Council's position, or remove it.",
          TermSettings),
)


def by_rule(rule: str) -> Check:
    """Return the check with a rule id."""
    for check in CHECKS:
        if check.rule == rule:
            return check
    raise KeyError(rule)
