"""The one loader of word lists for checks: the packaged list with the council's changes applied."""

from __future__ import annotations

from monitor.checks.base import per_config
from monitor.config import Config
from monitor.wordlists import Key, apply_changes, council_file, entry_key, packaged


def terms(rule: str, name: str, config: Config, key: Key = entry_key) -> tuple[str, ...]:
    """Return the entries of monitor/data/<rule>/<name>.txt with the council's folder applied, once per config.

    `key` says what identifies an entry for a council's `-entry` removal; a list whose lines carry more than
    the entry (the offensive lexicon's band and flags) passes one that keeps only the entry. A list is always
    read with the same key, so the cache needs no more than the rule and the name.
    """

    def build(config: Config) -> tuple[str, ...]:
        folder = config.checks.word_lists
        changes = council_file(folder, rule, name) if folder else ()
        return apply_changes(packaged(rule, name), changes, key)

    return per_config(f"list:{rule}/{name}", config, build)


def words(rule: str, name: str, config: Config) -> frozenset[str]:
    """Return every word of a list, lower-cased (lists of words may put several on a line)."""
    return frozenset(w for line in terms(rule, name, config) for w in line.casefold().split())
