"""Run `council-monitor` in a child process for the crash and signal tests.

The only difference from the installed command: Apprise's pause between two sends through the same
URL (5.5 s for email, a courtesy to real mail servers) is off, as in every other test.
"""

from __future__ import annotations

import sys

from apprise.manager_plugins import NotificationManager

from monitor.cli import main


def no_throttle() -> None:
    """Turn off Apprise's per-plugin pause between sends."""
    for plugin in NotificationManager().plugins():
        plugin.request_rate_per_sec = 0


if __name__ == "__main__":
    no_throttle()
    sys.exit(main(sys.argv[1:]))
