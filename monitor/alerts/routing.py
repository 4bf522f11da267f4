"""Routing: which Apprise tags a rule's alerts go to, and whether they go now or in the daily digest."""

from __future__ import annotations

import re

import apprise

from monitor.checks import CHECKS
from monitor.config import Config
from monitor.credentials import APPRISE_CONFIG
from monitor.records import SEVERITIES, Severity

# The shape of a tag in [alerts] and in apprise.yml: what Apprise matches reliably in YAML and TEXT alike.
TAG_SHAPE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # high=0, medium=1, low=2


def route(config: Config, rule: str) -> tuple[str, ...]:
    """Return the Apprise tags a rule's alerts go to ("*" covers rules not named)."""
    routes = config.alerts.routes
    return tuple(routes[rule] if rule in routes else routes.get("*", ()))


def system_tags(config: Config) -> tuple[str, ...]:
    """Return the tags the monitor's own health messages go to: the default route."""
    return tuple(config.alerts.routes.get("*") or config.alerts.report_tags)


def is_immediate(config: Config, severity: Severity) -> bool:
    """Say whether a finding of this severity is sent at once rather than in the daily digest."""
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[config.alerts.immediate_severity]


def route_problems(config: Config, targets: apprise.Apprise) -> list[str]:
    """Return every way [alerts] in the configuration does not fit the URLs in apprise.yml."""
    routes, problems = config.alerts.routes, []
    known = {c.rule for c in CHECKS}
    problems += [f"alerts.routes: unknown rule {r!r} (use a rule id from `council-monitor list-checks`, or \"*\")"
                 for r in routes if r != "*" and r not in known]
    if "*" not in routes and (unrouted := sorted(known - set(routes))):
        problems.append(f"alerts.routes: no \"*\" entry, so {', '.join(unrouted)} would go nowhere "
                        "(add \"*\" = [\"email\"])")
    problems += [f"alerts.routes.{r}: no tags (to stop a rule's alerts, set enabled = false under [checks.{r}])"
                 for r, tags in routes.items() if not tags]
    wanted = [(f"alerts.routes.{r}", "alerts.routes", t) for r, tags in routes.items() for t in tags]
    wanted += [("alerts.report_tags", "alerts.report_tags", t) for t in config.alerts.report_tags]
    for where, key, tag in wanted:
        if not TAG_SHAPE.match(tag):
            problems.append(f"{where}: {tag!r} is not a usable tag (lower-case letters, digits, - and _)")
        elif not list(targets.find(tag, match_always=False)):
            problems.append(f"{where}: no URL in {APPRISE_CONFIG} has the tag {tag!r}: add "
                            f"{SERVICE_NAMES.get(tag, 'a')} URL tagged {tag}, or remove {tag!r} from {key}")
    return problems


# Tags named after a service, so the fix can say which kind of URL to add ("a Slack URL tagged slack").
SERVICE_NAMES = {"email": "an email (mailto://)", "slack": "a Slack", "teams": "a Microsoft Teams",
                 "discord": "a Discord", "telegram": "a Telegram", "sms": "an SMS"}
