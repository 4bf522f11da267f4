"""A council's own word-list folder changes the packaged lists; [checks] tables hold only what checks read."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.checks import by_rule
from monitor.checks.base import Context
from monitor.checks.election import party_key
from monitor.checks.lists import terms
from monitor.config import Config, ConfigError, load_config, parse_config
from monitor.records import Post
from monitor.wordlists import packaged_lists
from tests.conftest import EXAMPLE_CONFIG

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def example_data() -> dict[str, Any]:
    """Return the example configuration as parsed TOML, to change before validating."""
    return tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def with_folder(folder: Path, files: dict[str, str]) -> Config:
    """Return the example configuration reading a word-list folder holding these files (path -> text)."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    data = example_data()
    data["checks"]["word_lists"] = str(folder)
    return parse_config(data)


def fires(rule: str, text: str, config: Config) -> bool:
    """Say whether a rule's patterns fire on a post by the council's official X account.

    The learned layer is off: these tests are about the word lists, which it does not read.
    """
    off = config.checks.for_rule(rule).model_copy(update={"learned": False})
    config = config.model_copy(update={"checks": config.checks.model_copy(update={rule.replace("-", "_"): off})})
    post = Post(platform="x", handle="BrackleyTC", id="1", created_at=NOW, text=text, role="official")
    return bool(list(by_rule(rule).func(post, Context(config=config, now=NOW))))


# rule, the council's file, a post it makes fire, a post it silences
ROWS = [
    ("offensive", "offensive/terms.txt", "Cllr Hughes is a zorblax.", "What a twit."),
    ("personal-opinion", "personal-opinion/markers.txt", "Pub verdict: the new bins are great.",
     "IMO the new bins are better."),
]


@pytest.mark.parametrize(("rule", "path", "added", "removed"), ROWS, ids=[r[0] for r in ROWS])
def test_a_councils_folder_adds_and_removes_terms(rule: str, path: str, added: str, removed: str,
                                                   example_config: Config, tmp_path: Path) -> None:
    """A term the council adds fires; a packaged term the council removes no longer does."""
    assert not fires(rule, added, example_config)
    assert fires(rule, removed, example_config)
    new_term = {"offensive": "zorblax  strong", "personal-opinion": "pub verdict"}[rule]
    gone = {"offensive": "-Twit", "personal-opinion": "-imo"}[rule]
    config = with_folder(tmp_path, {path: f"# our own words\n{new_term}\n\n{gone}\n"})
    assert fires(rule, added, config)
    assert not fires(rule, removed, config)


def test_a_list_without_a_council_file_is_the_packaged_one(example_config: Config, tmp_path: Path) -> None:
    """A folder with no file for a list leaves that list as shipped."""
    config = with_folder(tmp_path, {"offensive/allow.txt": "zorblaxville\n"})
    assert terms("personal-opinion", "markers", config) == terms("personal-opinion", "markers", example_config)
    assert "zorblaxville" in terms("offensive", "allow", config)


def test_a_file_no_check_reads_is_rejected_with_its_name(tmp_path: Path) -> None:
    """A misspelt list name would otherwise be ignored without a word."""
    with pytest.raises(ConfigError, match=r"checks\.word_lists: .*'offensive/term\.txt'.*offensive/terms\.txt"):
        with_folder(tmp_path, {"offensive/term.txt": "zorblax\n"})


def test_a_missing_folder_is_rejected(tmp_path: Path) -> None:
    """A folder that is not there is named, with what to do."""
    data = example_data()
    data["checks"]["word_lists"] = str(tmp_path / "nowhere")
    with pytest.raises(ConfigError, match=r"checks\.word_lists: the word-list folder .*nowhere' does not exist"):
        parse_config(data)


# a header of the example config, what goes after it, the key path the error must name
UNREAD_KEYS = [
    ("[platforms.x]\n", "", "[checks.nonsense]\nenabled = true\n\n", "checks.nonsense: unknown key"),
    ("[checks.offensive]\n", "colour = 1\n", "", "checks.offensive.colour: unknown key"),
    ("[checks.personal-data]\n", "extra_terms = [\"Jo\"]\n", "", "checks.personal-data.extra_terms: unknown key"),
]


@pytest.mark.parametrize(("header", "after", "before", "named"), UNREAD_KEYS, ids=["table", "key", "personal-data"])
def test_a_key_no_check_reads_is_rejected_by_name(header: str, after: str, before: str, named: str,
                                                  tmp_path: Path) -> None:
    """Unknown [checks.X] tables and keys are errors that name the key; personal-data has no extra_terms."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert text.count(header) == 1
    path = tmp_path / "config.toml"
    path.write_text(text.replace(header, before + header + after), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert any(named in problem for problem in raised.value.problems), raised.value.problems


def test_the_docs_name_every_packaged_list() -> None:
    """docs/checks.md's table lists each word list a council can change, so none is undocumented."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule, name in packaged_lists():
        assert f"| {rule} | `{name}` |" in docs, f"docs/checks.md does not describe {rule}/{name}.txt"


def test_a_removal_names_the_entry_without_its_marks(tmp_path: Path) -> None:
    """"-Green Party" removes the list's "^Green Party": a council need not know the file's markings."""
    config = with_folder(tmp_path, {"pre-election/parties.txt": "-green  party\n"})
    parties = terms("pre-election", "parties", config, key=party_key)
    assert "^Green Party" not in parties
    assert "^Green Party of England and Wales" in parties
