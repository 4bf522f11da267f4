"""Subcommands of `council-monitor`, one module each (listed in monitor.cli.COMMANDS)."""
