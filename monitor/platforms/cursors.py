"""Adapters' per-account cursors, kept as compact JSON in the store's cursor table."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any, ClassVar, TypeVar

log = logging.getLogger(__name__)

C = TypeVar("C", bound="StoredCursor")


class StoredCursor:
    """A dataclass of str, int and dict fields, each with a default, stored as sorted compact JSON."""

    platform_name: ClassVar[str]

    @classmethod
    def parse(cls: type[C], value: str | None) -> C:
        """Read a stored cursor; a missing or unreadable one starts afresh (the adapter then re-reads)."""
        if not value:
            return cls()
        try:
            data = json.loads(value)
            values: dict[str, Any] = {}
            for f in dataclasses.fields(cls):  # type: ignore[arg-type]
                default = f.default_factory() if f.default is dataclasses.MISSING else f.default  # type: ignore[operator]
                # The default's type converts: a stored value of the wrong shape raises and the cursor starts afresh.
                values[f.name] = type(default)(data.get(f.name, default))
            return cls(**values)
        except (ValueError, AttributeError, TypeError):
            log.warning("ignoring an unreadable %s cursor %r", cls.platform_name, value[:60])
            return cls()

    def format(self) -> str:
        """Return the stored form."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, separators=(",", ":"))  # type: ignore[call-overload]
