"""apprise.yml: loaded with Apprise's own parser, checked against [alerts] at start-up, secrets never shown."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from apprise.plugins.email import NotifyEmail

from monitor import alerts, logs
from monitor.config import ConfigError
from tests.alerts.conftest import SLACK_URL, ConfigMaker, yaml_targets

MAIL = "mailtos://clerk:Pa55-w0rd-Secret@brackley-tc.gov.uk?to=clerk@brackley-tc.gov.uk"
SLACK_TOKEN = "TIiajkdnlazkcOXrIdevi7FQ"


def test_it_loads_yaml_targets_with_their_tags(make_config: ConfigMaker) -> None:
    config = make_config(yaml_targets((MAIL, "email"), (SLACK_URL, "slack")))
    targets = alerts.load_targets(config)
    assert [line.split(":")[0] for line in alerts.describe_targets(targets)] == ["email", "slack"]
    assert len(list(targets.find("slack", match_always=False))) == 1


def test_it_accepts_apprise_text_format(make_config: ConfigMaker) -> None:
    config = make_config(f"email={MAIL}\nslack={SLACK_URL}\n")
    targets = alerts.load_targets(config)
    assert len(targets) == 2


def test_it_registers_the_url_secrets_with_the_log_redactor(make_config: ConfigMaker) -> None:
    alerts.load_targets(make_config(yaml_targets((MAIL, "email"), (SLACK_URL, "slack"))))
    assert {"Pa55-w0rd-Secret", SLACK_TOKEN} <= logs.REDACTOR.secrets
    # The lines that name targets are masked by Apprise itself.
    lines = alerts.describe_targets(alerts.parse_targets(yaml_targets((MAIL, "email"), (SLACK_URL, "slack"))))
    assert not any("Pa55-w0rd-Secret" in line or SLACK_TOKEN in line for line in lines)


# (what is wrong, apprise.yml, words the error must contain, the secret that must not appear)
BAD_FILES = [
    ("unknown scheme", yaml_targets((f"slak://T1JJ3T3L2/A1BRTD4JD/{SLACK_TOKEN}", "slack")), ["entry #1", "slak"],
     SLACK_TOKEN),
    ("slack token missing", yaml_targets((MAIL, "email"), ("slack://T1JJ3T3L2/Qx9zSecretTokenB/", "slack")),
     ["entry #2"], "Qx9zSecretTokenB"),
    ("from is not an address", yaml_targets(
        ("mailto://brackley-tc.gov.uk?from=notanaddress&to=clerk@brackley-tc.gov.uk&pass=Zq8SecretPass", "email")),
     ["entry #1", "From"], "Zq8SecretPass"),
    ("not YAML at all", "urls: [ {unclosed: \n  - : ]]", ["YAML"], None),
    ("no tag", f'urls:\n  - "{MAIL}"\n', ["no tag", "tag: email"], "Pa55-w0rd-Secret"),
    ("reserved tag", yaml_targets((MAIL, "svc-mine")), ["svc-mine", "not usable"], "Pa55-w0rd-Secret"),
    ("no URLs", "urls: []\n", ["no notification URLs"], None),
]


@pytest.mark.parametrize(("case", "text", "words", "secret"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_apprise_file_is_a_config_error_naming_the_entry_not_the_secret(
    case: str, text: str, words: list[str], secret: str | None, make_config: ConfigMaker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = make_config(text)
    with caplog.at_level(logging.DEBUG), pytest.raises(ConfigError) as error:
        alerts.load_targets(config)
    message = str(error.value)
    assert str(error.value.path).endswith("apprise.yml")
    for word in words:
        assert word in message
    if secret:
        assert secret not in message
        assert secret not in caplog.text


def test_a_route_tag_no_url_carries_is_a_config_error(make_config: ConfigMaker) -> None:
    config = make_config(yaml_targets((MAIL, "email")))  # the example routes impersonation to slack too
    with pytest.raises(ConfigError) as error:
        alerts.load_targets(config)
    assert error.value.problems == [
        "alerts.routes.impersonation: no URL in apprise.yml has the tag 'slack': "
        "add a Slack URL tagged slack, or remove 'slack' from alerts.routes"
    ]


def test_routes_naming_unknown_rules_or_missing_the_default_are_config_errors(make_config: ConfigMaker) -> None:
    config = make_config(yaml_targets((MAIL, "email")), routes={"impersonaton": ["email"]})
    with pytest.raises(ConfigError) as error:
        alerts.load_targets(config)
    problems = "\n".join(error.value.problems)
    assert "unknown rule 'impersonaton'" in problems
    assert 'no "*" entry' in problems


def test_an_empty_route_is_a_config_error_pointing_at_the_checks_switch(make_config: ConfigMaker) -> None:
    config = make_config(yaml_targets((MAIL, "email")), routes={"*": ["email"], "offensive": []})
    with pytest.raises(ConfigError) as error:
        alerts.load_targets(config)
    assert error.value.problems == [
        "alerts.routes.offensive: no tags (to stop a rule's alerts, set enabled = false under [checks.offensive])"]


def test_a_missing_apprise_file_is_a_config_error(make_config: ConfigMaker) -> None:
    config = make_config("")  # an empty credential file
    with pytest.raises(ConfigError, match="empty"):
        alerts.load_targets(config)


def test_an_include_line_is_never_followed(make_config: ConfigMaker) -> None:
    text = "include:\n  - http://127.0.0.1:9/never-fetched.yml\n" + yaml_targets((MAIL, "email"), (SLACK_URL, "slack"))
    targets = alerts.load_targets(make_config(text))
    assert len(targets) == 2


def test_the_apprise_yml_example_in_the_docs_loads_with_its_tags() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "alerts.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(urls:.*?)```", docs, re.DOTALL)
    assert example, "docs/alerts.md lost its apprise.yml example"
    targets = alerts.parse_targets(example.group(1))
    assert [line.split(": ")[0] for line in alerts.describe_targets(targets)] == ["email", "slack"]
    [mail] = targets.find("email", match_always=False)
    assert isinstance(mail, NotifyEmail)
    assert tuple(mail.from_addr) == ("Council Monitor", "monitor@brackley-tc.gov.uk")
    assert "PASSWORD" not in " ".join(alerts.describe_targets(targets))
