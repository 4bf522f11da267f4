"""Where a key sits in a TOML file: a light scan of its lines, so a problem can name its line.

tomllib gives no positions. tomlkit keeps the document's layout but no line numbers either (they would
have to be counted by rendering the document up to each item), and it is a second parser that could
read a file differently from tomllib. The layout of a config file is simple enough to scan: table
headers (`[a.b]`, `[[a.b]]`, arrays of tables counted as TOML counts them) and `key = value` lines.
A key inside an inline table or a multi-line array is found at the line of the key that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Loc = tuple[str | int, ...]

# A bare key, or a quoted one; dotted keys are several of these joined by dots.
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)


def _parts(dotted: str) -> list[str]:
    """Return the keys of a dotted key, unquoted."""
    return [p[1:-1] if p[0] in "\"'" else p for p in _PART.findall(dotted)]


class KeyLines:
    """The line of each table and key of a TOML text, by key path (an array of tables by index)."""

    def __init__(self, text: str) -> None:
        """Scan the text once."""
        self.lines: dict[Loc, int] = {}
        self._arrays: dict[Loc, int] = {}  # an array of tables -> how many entries so far
        table: Loc = ()
        in_string = ""
        for number, line in enumerate(text.splitlines(), 1):
            if in_string:  # inside a multi-line string nothing is a key
                if line.count(in_string) % 2:
                    in_string = ""
                continue
            header = _HEADER.match(line)
            if header:
                table = self._open(header.group(1) == "[[", _parts(header.group(2)), number)
                continue
            assignment = _ASSIGNMENT.match(line)
            if assignment:
                self.lines.setdefault(table + tuple(_parts(assignment.group(1))), number)
            in_string = next((q for q in ('"""', "'''") if line.count(q) % 2), "")

    def _open(self, array: bool, keys: list[str], number: int) -> Loc:
        """Return the path a table header opens, counting arrays of tables as TOML does."""
        path: Loc = ()
        for key in keys[:-1]:
            path += (key,)
            if path in self._arrays:  # [[a.b]] belongs to the last entry of [[a]]
                path += (self._arrays[path] - 1,)
        path += (keys[-1],)
        if array:
            self._arrays[path] = self._arrays.get(path, 0) + 1
            self.lines.setdefault(path, number)
            path += (self._arrays[path] - 1,)
        self.lines.setdefault(path, number)
        return path

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """Return the line of a key path, or of the nearest table or key that holds it; None if none does."""
        loc = tuple(loc)
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None
