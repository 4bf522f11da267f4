"""What an alert says: the next step tailored to the rule and the account, links, bounds, routing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor import alerts
from monitor.config import Config
from monitor.records import Finding, Post

NOW = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)
IN_PERIOD = datetime(2027, 4, 20, 10, 0, tzinfo=UTC)  # notice of election 22 March, poll 6 May 2027


def finding(rule: str, handle: str, platform: str = "x", post_id: str | None = None,
            severity: str = "medium", **evidence: object) -> Finding:
    """Return a finding of one rule about one account."""
    return Finding(rule, platform, handle, post_id, severity, "6.4", "found", dict(evidence))  # type: ignore[arg-type]


def step(config: Config, f: Finding, now: datetime = NOW) -> str:
    """Return the next step an alert would give."""
    return alerts.next_step(config, f, alerts.by_rule(f.rule), now)


def test_the_disclaimer_step_names_the_councillor_and_quotes_the_disclaimer(example_config: Config) -> None:
    assert step(example_config, finding("missing-disclaimer", "cllrjwhitfield")) == (
        "Ask Cllr Jane Whitfield to add the standard disclaimer to their profile: \"Statements and opinions "
        "here are my own and don't necessarily represent Brackley Town Council's policies or opinions\".")


def test_generic_steps_name_the_councillor_when_the_account_is_registered(example_config: Config) -> None:
    assert step(example_config, finding("personal-data", "PriyaSharmaBTC", post_id="1")).startswith(
        "Ask Cllr Priya Sharma to delete the post")
    assert step(example_config, finding("personal-data", "SomeResident", post_id="1")).startswith(
        "Ask the author to delete the post")


def test_impersonation_points_at_the_platforms_own_report(example_config: Config) -> None:
    assert "https://help.x.com/forms/impersonation" in step(example_config, finding("impersonation", "Brackley_TC"))
    on_facebook = step(example_config, finding("impersonation", "Brackley.Town.Council", platform="facebook"))
    assert "'Pretending to be someone'" in on_facebook and "help.x.com" not in on_facebook


def test_pre_election_says_until_when_the_period_runs(example_config: Config) -> None:
    f = finding("pre-election", "BrackleyTC", post_id="1", severity="high")
    assert step(example_config, f, IN_PERIOD).startswith(
        "During the pre-election period (until 10pm on polling day, Thursday 6 May 2027), consider deleting")
    assert step(example_config, f, NOW) == alerts.by_rule("pre-election").action  # outside any period


@pytest.mark.parametrize(("platform", "handle", "post_id", "url", "expected"), [
    ("x", "TomOkaforBTC", "1861234567890123456", None, "https://x.com/TomOkaforBTC/status/1861234567890123456"),
    ("x", "not a handle!", "1861234567890123456", None, "https://x.com/i/web/status/1861234567890123456"),
    ("x", "TomOkaforBTC", "186'><script>", None, None),
    ("facebook", "BrackleyTownCouncil", "104729361234567_998877", None,
     "https://www.facebook.com/104729361234567_998877"),
    ("facebook", "BrackleyTownCouncil", "104729361234567_998877",
     "https://www.facebook.com/BrackleyTownCouncil/posts/998877", "https://www.facebook.com/BrackleyTownCouncil/posts/998877"),
    ("facebook", "BrackleyTownCouncil", "104729361234567_998877", "javascript:alert(1)",
     "https://www.facebook.com/104729361234567_998877"),
    ("facebook", "BrackleyTownCouncil", "104729361234567_998877", "https://evil.example/facebook.com/x",
     "https://www.facebook.com/104729361234567_998877"),
    ("facebook", "BrackleyTownCouncil", "../../logout", None, None),
])
def test_post_links_are_built_from_ids_and_never_taken_from_elsewhere(
    platform: str, handle: str, post_id: str, url: str | None, expected: str | None,
) -> None:
    post = Post(platform, handle, post_id, NOW, "text", url=url)  # type: ignore[arg-type]
    assert alerts.post_link(finding("offensive", handle, platform, post_id), post) == expected


def test_a_huge_post_becomes_a_bounded_excerpt_with_a_cut_mark() -> None:
    shown = alerts.shown_text("word " * 20_000, alerts.EXCERPT_CHARS)
    assert len(shown) <= alerts.EXCERPT_CHARS + 4 and shown.endswith(" […]")
    many_lines = alerts.shown_text("\n".join(f"line {i}" for i in range(100)), alerts.EXCERPT_CHARS)
    assert many_lines.count("\n") == alerts.EXCERPT_LINES - 1 and many_lines.endswith("[…]")


def test_invisible_characters_are_removed_and_counted() -> None:
    text = "Brack\u200bley Town \u202eliocnuoC\u202c"
    assert alerts.shown_text(text, 100) == "Brackley Town liocnuoC"
    assert alerts.hidden_count(text) == 3


def test_findings_at_or_above_the_immediate_severity_go_at_once(example_config: Config) -> None:
    assert [alerts.is_immediate(example_config, s) for s in ("high", "medium", "low")] == [True, False, False]
    medium = example_config.model_copy(update={"alerts": example_config.alerts.model_copy(
        update={"immediate_severity": "medium"})})
    assert [alerts.is_immediate(medium, s) for s in ("high", "medium", "low")] == [True, True, False]


def test_rules_take_their_own_route_or_the_default(example_config: Config) -> None:
    assert alerts.route(example_config, "impersonation") == ("email", "slack")
    assert alerts.route(example_config, "offensive") == ("email",)
    assert alerts.system_tags(example_config) == ("email",)


def test_alerts_are_keyed_by_finding_and_reopening(example_config: Config) -> None:
    f = finding("offensive", "TomOkaforBTC", post_id="1")
    keys = {alerts.compose_alert(example_config, f, 9, reopened=n, now=NOW).dedupe_key for n in (0, 0, 1)}
    assert keys == {"alert:9:0", "alert:9:1"}


def test_a_digest_of_hundreds_stays_within_the_size_apprise_sends_whole(example_config: Config) -> None:
    items = [alerts.DigestItem(finding("offensive", "TomOkaforBTC", post_id=str(1000 + i),
                                       excerpt="<b>&amp;</b> " * 40), i) for i in range(300)]
    [message] = alerts.compose_digest(example_config, items, day=NOW.date(), now=NOW)
    assert message.title == "Daily digest for Tue 24 Nov 2026: 300 findings"
    assert len(message.html) <= alerts.BODY_BUDGET and len(message.text) <= alerts.BODY_BUDGET
    assert "further finding(s) are not listed here" in message.text
    again = alerts.compose_digest(example_config, items[:299], day=NOW.date(), now=NOW)
    assert again[0].dedupe_key != message.dedupe_key  # a second digest that day is not swallowed as a repeat


def test_titles_keep_only_handle_characters(example_config: Config) -> None:
    f = finding("offensive", "evil\r\nBcc: all@council.example <!here>", post_id="1")
    assert alerts.compose_alert(example_config, f, 1, now=NOW).title == (
        "[medium] offensive: @evilBccall@council.examplehere on X")  # no line break, space, < or > survives


def test_titles_keep_the_hyphens_a_bluesky_lookalike_differs_by(example_config: Config) -> None:
    f = finding("impersonation", "brackley-tc-gov-uk.bsky.social", platform="bluesky")
    assert alerts.compose_alert(example_config, f, 1, now=NOW).title == (
        "[medium] impersonation: @brackley-tc-gov-uk.bsky.social on Bluesky")
