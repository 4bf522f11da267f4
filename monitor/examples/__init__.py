"""Files installed with the package for people to start from: the example configuration.

config/example.toml in the source tree is the documented copy; this one ships in the wheel, so that
`council-monitor demo` and `council-monitor example-config` work from any folder after `pip install`.
tests/test_packaging.py keeps the two identical.
"""

from __future__ import annotations

from pathlib import Path

EXAMPLE_CONFIG = Path(__file__).resolve().parent / "example.toml"
