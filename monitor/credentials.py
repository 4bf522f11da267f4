"""Secrets from credential files (systemd LoadCredential): never from the config, never logged."""

from __future__ import annotations

import os
from pathlib import Path

from monitor.config import Config
from monitor.logs import add_secret

# File names inside the credentials directory.
X_BEARER_TOKEN = "x-bearer-token"
FACEBOOK_PAGE_TOKEN = "facebook-page-token"
APPRISE_CONFIG = "apprise.yml"


class MissingCredential(Exception):
    """A secret the configuration needs is not in the credentials directory."""


def credentials_dir(config: Config) -> Path:
    """Return the directory secrets are read from."""
    if config.credentials.directory:
        return Path(config.credentials.directory)
    if os.environ.get("CREDENTIALS_DIRECTORY"):
        return Path(os.environ["CREDENTIALS_DIRECTORY"])
    return Path("credentials")


def read_secret(config: Config, name: str, required: bool = True) -> str | None:
    """Return one secret, stripped, registered with the log redactor; None if optional and absent."""
    path = credentials_dir(config) / name
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if required:
            raise MissingCredential(
                f"credential {name!r} not found in {path.parent} "
                f"(put it in that file, or use LoadCredential={name}:/etc/council-monitor/credentials/{name})"
            ) from None
        return None
    if not value and required:
        raise MissingCredential(f"credential file {path} is empty")
    add_secret(value)
    return value or None
