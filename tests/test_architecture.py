"""The house's rules, read from the source: no import cycle in monitor/, platforms named only where they live.

Import cycles are found over every import, type-checking and function-level ones included, since a cycle
hidden behind `if TYPE_CHECKING` still ties two modules into one. Platform names ("x", "facebook", ...)
may be spelled only in monitor/platforms/ and monitor/sandbox/; everything else asks the registry.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.platforms.registry import PLATFORMS

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"
# Where platforms are allowed to be named: their own adapters, their sandboxes.
PLATFORM_HOMES = ("platforms", "sandbox")


def module_name(path: Path) -> str:
    """Return the dotted module name of a file under monitor/."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Return every module of the package by its dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the modules of the package one module imports, wherever in it the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {owner(a.name, known) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in known else owner(base, known))
    return {m for m in out if m and m != name}


def owner(name: str, known: dict[str, Path]) -> str:
    """Return the nearest module of the package a dotted name lives in, '' when outside it."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_of_the_package_takes_part_in_an_import_cycle() -> None:
    known = modules()
    graph = {name: imported(name, path, known) for name, path in known.items()}

    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def platform_spellings(tree: ast.AST, names: frozenset[str]) -> Iterator[tuple[int, str]]:
    """Yield (line, name) for each platform name compared, used as a key, or passed as a platform."""

    def named(node: ast.AST | None) -> list[ast.Constant]:
        """Return the platform-name constants a node is or holds (a tuple for `in`)."""
        items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
        return [n for n in items if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and n.value.casefold() in names]

    for node in ast.walk(tree):
        found: list[ast.Constant] = []
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                found += named(side)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                found += named(key)
        elif isinstance(node, ast.Subscript):
            found += named(node.slice)
        elif isinstance(node, ast.For | ast.comprehension):
            # A loop over the platforms themselves; a word list holding "x" among other words is not one.
            items = node.iter.elts if isinstance(node.iter, ast.Tuple | ast.List | ast.Set) else []
            if items and len(named(node.iter)) == len(items):
                found += named(node.iter)
        elif isinstance(node, ast.Call):
            method = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if method in {"get", "setdefault", "pop", "getattr", "get_cursors", "set_cursors"}:
                for arg in node.args[:2]:
                    found += named(arg)
            for keyword in node.keywords:
                if keyword.arg in {"platform", "source", "choices"}:
                    found += named(keyword.value)
        yield from ((c.lineno, str(c.value)) for c in found)


def outside_platform_homes() -> list[Path]:
    """Return the modules and templates that must not name a platform."""
    return [p for p in sorted(PACKAGE.rglob("*"))
            if p.suffix in {".py", ".j2"} and p.relative_to(PACKAGE).parts[0] not in PLATFORM_HOMES]


def test_no_platform_is_named_outside_the_platforms_and_sandbox_packages() -> None:
    names = frozenset(PLATFORMS)
    alternatives = "|".join(map(re.escape, sorted(names)))
    quoted = re.compile(rf"""["']({alternatives})["']""", re.IGNORECASE)
    spelled = []
    for path in outside_platform_homes():
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE.parent)
        if path.suffix == ".py":
            spelled += [f"{where}:{line}: {value!r}" for line, value in platform_spellings(ast.parse(source), names)]
        else:
            spelled += [f"{where}:{source.count(chr(10), 0, m.start()) + 1}: {m.group()}"
                        for m in quoted.finditer(source)]

    assert spelled == []


@pytest.mark.parametrize("source", ['if platform == "x": pass', 'NAMES = {"facebook": "Facebook"}',
                                    'ok = p in ("x", "facebook")', 'cursors.get("x")', 'Batch(platform="x")',
                                    'off = [p for p in ("x", "facebook")]'])
def test_the_platform_rule_catches_a_comparison_and_a_key(source: str) -> None:
    assert list(platform_spellings(ast.parse(source), frozenset({"x", "facebook"})))


def test_the_platform_rule_leaves_other_words_alone() -> None:
    source = 'forms = word.endswith(("s", "x")); m.group("x"); FILLER = {"facebook", "page"}'

    assert list(platform_spellings(ast.parse(source), frozenset({"x", "facebook"}))) == []


ROOT = PACKAGE.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
_PATH = re.compile(r"`((?:monitor|tests|docs|config|systemd|scripts)/[\w./-]*|README\.md)`")
_NAME_IN = re.compile(r"`(\w+)` in `([\w/.]+\.py)`")


def test_every_path_the_architecture_doc_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")

    missing = sorted({p for p in _PATH.findall(text) if not (ROOT / p).exists()})

    assert _PATH.findall(text), "the doc names no path: the pattern is wrong"
    assert missing == []


def test_every_function_the_architecture_doc_places_in_a_file_is_there() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    pairs = _NAME_IN.findall(text)

    absent = [f"{name} in {path}" for name, path in pairs
              if not re.search(rf"^\s*(?:def|class)\s+{name}\b|^{name}\b.*=", (ROOT / path).read_text(encoding="utf-8"),
                               re.MULTILINE)]

    assert len(pairs) >= 8
    assert absent == []
