"""Load the per-rule case tables in tests/checks/cases/*.yaml and run one case through its check.

A case file looks like:

    rule: missing-disclaimer
    now: "2027-04-20T12:00:00+01:00"      # optional; the evaluation time
    cases:
      - name: the standard text
        account: {platform: x, handle: CllrJWhitfield, bio: "Statements and opinions here are my own"}
        fires: false
      - name: words that merely co-occur
        hard_negative: true               # a case a naive rule gets wrong
        account: {platform: x, handle: CllrJWhitfield, bio: "Fighting for my own town! Views welcome"}
        fires: false
      - name: question left for three days
        records:                          # for history checks: the first record is the subject
          - {kind: post, platform: x, handle: resident1, id: "2", reply_to: "1", ...}
          - {kind: post, platform: x, handle: BrackleyTC, id: "1", ...}
        fires: true
        config: {targets: {reply_within_office_hours: 8}}   # optional overrides of config/example.toml

Records use the scan format (kind defaults to account/post from the key used); roles come from
the record or the example config's registry, as in `council-monitor scan`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from monitor.checks import Context, History, by_rule
from monitor.config import Config, parse_config
from monitor.engine import check_account, check_history, check_post
from monitor.records import Account, Finding, Post, handle_key
from monitor.scanfile import parse_record, parse_time

CASES_DIR = Path(__file__).parent / "cases"
EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example.toml"
DEFAULT_NOW = "2027-04-20T12:00:00+01:00"


@dataclass(frozen=True)
class Case:
    """One row of a rule's table."""

    rule: str
    name: str
    records: list[dict[str, Any]]
    fires: bool
    hard_negative: bool
    now: str
    overrides: dict[str, Any]

    @property
    def id(self) -> str:
        """Return the pytest id."""
        return f"{self.rule}: {self.name}"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Return base with extra merged in, recursively for tables."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_cases() -> list[Case]:
    """Return every case of every table."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in doc["cases"]:
            if "records" in row:
                records = row["records"]
            elif "account" in row:
                records = [{"kind": "account", **row["account"]}]
            else:
                records = [{"kind": "post", **row["post"]}]
            cases.append(Case(doc["rule"], row["name"], records, bool(row["fires"]),
                              bool(row.get("hard_negative")), str(row.get("now", doc.get("now", DEFAULT_NOW))),
                              row.get("config", {})))
    return cases


def case_config(overrides: dict[str, Any]) -> Config:
    """Return the example config with a case's overrides."""
    base = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    return parse_config(_merge(base, overrides), EXAMPLE)


def run_case(case: Case) -> tuple[list[Finding], Account | Post]:
    """Run a case's rule and return its findings about the case's subject, and the subject."""
    config = case_config(case.overrides)
    records = [parse_record(r, config) for r in case.records]
    accounts = tuple(r for r in records if isinstance(r, Account))
    posts = tuple(r for r in records if isinstance(r, Post))
    ctx = Context(config=config, now=parse_time(case.now, "now"), history=History(accounts, posts))
    check = by_rule(case.rule)
    subject = records[0]
    if check.applies_to == "account":
        assert isinstance(subject, Account), f"{case.id}: an account rule needs an account first"
        findings = check_account(subject, ctx, [check])
    elif check.applies_to == "post":
        assert isinstance(subject, Post), f"{case.id}: a post rule needs a post first"
        findings = check_post(subject, ctx, [check])
    else:
        findings = check_history(ctx, [check])
    post_id = subject.id if isinstance(subject, Post) else None
    about = [f for f in findings
             if f.platform == subject.platform and handle_key(f.handle) == handle_key(subject.handle)
             and f.post_id == post_id]
    return about, subject
