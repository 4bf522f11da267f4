"""Word lists: each rule's lists ship as files under monitor/data/<rule>/, and a council may change them.

A packaged list is `monitor/data/<rule>/<name>.txt`: one entry a line; blank lines and lines starting with `#`
are ignored. A council's folder (`[checks] word_lists`) holds the same paths, `<folder>/<rule>/<name>.txt`, where
a line adds an entry and a line starting with `-` removes the entry spelt that way (case and spacing ignored).
This module reads files only; monitor.checks.lists applies them to a configuration, once per configuration.
It imports nothing of the checks or the config, so monitor.config can use it to check a folder at load time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

Key = Callable[[str], str]


def entry_key(line: str) -> str:
    """Return what identifies an entry when a council removes it: the line, case and spacing ignored."""
    return " ".join(line.casefold().split())


def entries(text: str) -> tuple[str, ...]:
    """Return the entries of a list file: stripped lines, without blanks and `#` comments."""
    return tuple(s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#"))


@lru_cache(maxsize=64)
def packaged(rule: str, name: str) -> tuple[str, ...]:
    """Return the entries of a list shipped in monitor/data/<rule>/<name>.txt."""
    path = resources.files("monitor").joinpath("data", rule, f"{name}.txt")
    return entries(path.read_text(encoding="utf-8"))


def packaged_lists() -> frozenset[tuple[str, str]]:
    """Return (rule, name) of every list shipped with the package."""
    data = resources.files("monitor").joinpath("data")
    return frozenset((rule.name, f.name.removesuffix(".txt")) for rule in data.iterdir() if rule.is_dir()
                     for f in rule.iterdir() if f.name.endswith(".txt"))


def council_file(folder: str, rule: str, name: str) -> tuple[str, ...]:
    """Return the entries of a council's changes to one list (none when the council has no such file)."""
    path = Path(folder) / rule / f"{name}.txt"
    if not path.is_file():
        return ()
    return entries(path.read_text(encoding="utf-8"))


def apply_changes(base: Iterable[str], changes: Iterable[str], key: Key = entry_key) -> tuple[str, ...]:
    """Return a list with a council's changes applied: `-entry` removes one, any other line adds one."""
    changes = tuple(changes)
    removed = {key(c[1:].strip()) for c in changes if c.startswith("-")}
    added = [c for c in changes if not c.startswith("-")]
    return tuple(e for e in (*base, *added) if key(e) not in removed)


def folder_problems(folder: str) -> list[str]:
    """Return what is wrong with a council's word-list folder: missing, or a file no check reads."""
    root = Path(folder)
    if not root.is_dir():
        return [f"the word-list folder {folder!r} does not exist (create it, or remove [checks] word_lists; a "
                "relative path is read from the directory the monitor runs in)"]
    known = packaged_lists()
    problems = []
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        relative = path.relative_to(root)
        if len(relative.parts) != 2 or (relative.parts[0], path.stem) not in known or path.suffix != ".txt":
            names = ", ".join(sorted(f"{r}/{n}.txt" for r, n in known))
            problems.append(f"the word-list file {str(relative)!r} in {folder!r} is read by no check "
                            f"(rename it to one of: {names})")
        else:
            try:
                path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"the word-list file {str(path)!r} cannot be read: {exc} (save it as UTF-8 text)")
    return problems
