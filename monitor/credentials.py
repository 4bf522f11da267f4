"""Secrets from credential files (systemd LoadCredential): found in one place, checked when read, never logged.

Where: `[credentials] directory` when the config sets it; else $CREDENTIALS_DIRECTORY (systemd's
private copy, under the service); else /etc/council-monitor/credentials (an administrator running a
command on the server); else ./credentials (a checkout). `run` and `check-config` both say which.

What is refused (exit 78, naming the file and the fix): a file missing or empty when needed, not a
regular file, a symbolic link leading outside the credentials directory, larger than any secret, not
UTF-8, or writable by everyone (so is the directory); a token of more than one line or with anything
but printable ASCII in it. A file or directory that group or others can read is a warning.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from monitor.config import Config, platforms_in
from monitor.logs import add_secret
from monitor.platforms.registry import FACEBOOK, PLATFORMS, X
from monitor.records import handle_key

# File names inside the credentials directory: each platform's token (the registry names it), and Apprise's.
X_BEARER_TOKEN = X.token_file
FACEBOOK_PAGE_TOKEN = FACEBOOK.token_file
APPRISE_CONFIG = "apprise.yml"
TOKEN_FILES = {name: entry.token_file for name, entry in PLATFORMS.items()}

SYSTEM_DIRECTORY = Path("/etc/council-monitor/credentials")
LOCAL_DIRECTORY = Path("credentials")
# A token is a few hundred bytes and apprise.yml a few KB: anything this big is the wrong file.
MAX_BYTES = 1 << 20
INSTALL_DOC = "docs/install-debian.md, step 4"


class CredentialError(Exception):
    """A credential file that cannot be used; says which file, what is wrong and how to fix it."""

    def __init__(self, path: Path, problem: str) -> None:
        """Keep the file and the problem (never the secret itself)."""
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")


class MissingCredential(CredentialError):
    """A secret the configuration needs is not in the credentials directory, or its file is empty."""


@dataclass(frozen=True)
class Directory:
    """The credentials directory, and why it was chosen."""

    path: Path
    why: str
    found: bool = True
    from_systemd: bool = False  # made by systemd's LoadCredential=: a missing file is fixed in the unit

    def __str__(self) -> str:
        """Return the path with the reason it was chosen."""
        return f"{self.path} ({self.why})" if self.found else f"none found ({self.why})"


@dataclass
class CredentialCheck:
    """What check_credentials found: the directory, problems (exit 78) and warnings."""

    directory: Directory
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------
# Finding the directory


def find_directory(setting: str, environ: Mapping[str, str],
                   defaults: tuple[Path, ...] = (SYSTEM_DIRECTORY, LOCAL_DIRECTORY)) -> Directory:
    """Return the credentials directory: the config's, else systemd's, else the first default that exists."""
    if setting:
        return Directory(Path(setting).absolute(), "set by [credentials] directory in the config")
    if environ.get("CREDENTIALS_DIRECTORY"):
        return Directory(Path(environ["CREDENTIALS_DIRECTORY"]).absolute(),
                         "$CREDENTIALS_DIRECTORY, from systemd's LoadCredential=", from_systemd=True)
    why = "$CREDENTIALS_DIRECTORY is not set"
    for number, candidate in enumerate(defaults):
        if _exists(candidate):
            passed = " nor ".join(_shown(d) for d in defaults[:number])
            return Directory(candidate.absolute(), why + (f" and {passed} does not exist" if passed else ""))
    return Directory(defaults[0].absolute(), f"{why} and neither {' nor '.join(_shown(d) for d in defaults)} exists",
                     found=False)


def _shown(path: Path) -> str:
    """Return a default directory as a person would type it (./credentials, not credentials)."""
    return str(path) if path.is_absolute() else f"./{path}"


def credentials_dir(config: Config) -> Path:
    """Return the directory secrets are read from."""
    return find_directory(config.credentials.directory, os.environ).path


def _exists(path: Path) -> bool:
    """Say whether something is at `path` (a directory we may not enter still counts: it is there)."""
    try:
        path.stat()
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# ----------------------------------------------------------------------------------------------
# Checking every credential the configuration needs (run and check-config)


def needed_files(config: Config) -> tuple[list[str], list[str]]:
    """Return the credential files the configuration needs, and those it reads when present."""
    enabled = [p for p in platforms_in(config) if getattr(config.platforms, p).enabled]
    # A platform read without a token has none; one whose token is optional (Mastodon) reads it when present.
    required = [TOKEN_FILES[p] for p in enabled if TOKEN_FILES[p] and PLATFORMS[p].token_required]
    # An account may have a token of its own (a councillor's Page): read when present.
    optional = [TOKEN_FILES[p] for p in enabled if TOKEN_FILES[p] and not PLATFORMS[p].token_required]
    optional += [f"{TOKEN_FILES[r.ref.platform]}.{handle_key(r.ref.handle)}" for r in config.registry.values()
                 if r.ref.platform in enabled and PLATFORMS[r.ref.platform].has("account_tokens")
                 and r.ref.monitorable]
    return [*required, APPRISE_CONFIG], optional


def check_credentials(config: Config, environ: Mapping[str, str] = os.environ) -> CredentialCheck:
    """Find the credentials directory and read every credential the configuration needs; collect every problem."""
    directory = find_directory(config.credentials.directory, environ)
    check = CredentialCheck(directory)
    directory_problems, check.warnings = inspect_directory(directory)
    if directory_problems:
        check.problems = directory_problems
        return check
    required, optional = needed_files(config)
    for name, needed in [(n, True) for n in required] + [(n, False) for n in optional]:
        try:
            _, warnings = read_credential(directory, name, needed, environ)
        except CredentialError as exc:
            check.problems.append(str(exc))
        else:
            check.warnings += warnings
    return check


def inspect_directory(directory: Directory) -> tuple[list[str], list[str]]:
    """Return the problems and warnings of the credentials directory itself."""
    path = directory.path
    if not directory.found:
        return [f"no credentials directory: {directory.why} (create {path} and put the secrets in it, "
                f"see {INSTALL_DOC}; or set [credentials] directory in the config)"], []
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return [f"{path}: does not exist ({directory.why}; create it, see {INSTALL_DOC})"], []
    except PermissionError:
        return [f"{path}: cannot be read: permission denied (run this as root, e.g. with sudo)"], []
    if not stat.S_ISDIR(mode):
        return [f"{path}: is not a directory (the credentials directory holds one file per secret)"], []
    if mode & stat.S_IWOTH:
        return [f"{path}: anyone on this server can add or replace files in it, mode {stat.S_IMODE(mode):04o} "
                f"(run: chmod 0700 {path}, then replace every secret in it: any may have been changed)"], []
    if _shared(mode, directory.from_systemd):
        return [], [f"{path}: other users of this server can open it, mode {stat.S_IMODE(mode):04o} "
                    f"(run: chmod 0700 {path})"]
    return [], []


def _shared(mode: int, from_systemd: bool) -> int:
    """Return the mode bits that let users other than the owner read or change a credential.

    Under systemd the group bits are not a group: they show the mask of the ACL through which
    systemd lets the service's own user read its copies (the files are 0400 plus that ACL).
    """
    bits = stat.S_IROTH | stat.S_IWOTH
    if not from_systemd:
        bits |= stat.S_IRGRP | stat.S_IWGRP
    return mode & bits


# ----------------------------------------------------------------------------------------------
# Reading one credential


def read_secret(config: Config, name: str, required: bool = True) -> str | None:
    """Return one secret, checked and registered with the log redactor; None if optional and absent or empty."""
    directory = find_directory(config.credentials.directory, os.environ)
    value, _ = read_credential(directory, name, required, os.environ)
    return value


def read_credential(directory: Directory, name: str, required: bool,
                    environ: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """Return a credential's text (stripped) and any warnings about its file; raise CredentialError if unusable."""
    path = directory.path / name
    data, warnings = _read_file(path, _allowed_roots(directory, environ), directory.from_systemd)
    if data is None:
        if required:
            raise MissingCredential(path, f"does not exist ({_missing_fix(directory, name)})")
        return None, []
    text = _decode(path, data).strip()
    if not text:
        if required:
            raise MissingCredential(path, f"is empty ({_missing_fix(directory, name)})")
        return None, warnings
    if name != APPRISE_CONFIG:
        problem = token_problem(text)
        if problem:
            raise CredentialError(path, problem)
    add_secret(text)
    return text, warnings


def _missing_fix(directory: Directory, name: str) -> str:
    """Return how to provide a missing credential, where this directory comes from."""
    platform = next((p for p, file in TOKEN_FILES.items() if file == name), None)
    how = (f"add LoadCredential={name}:{SYSTEM_DIRECTORY / name} to the unit with systemctl edit council-monitor"
           if directory.from_systemd else
           f"run: install -m 0600 /dev/null {directory.path / name}, then put the secret in it, see {INSTALL_DOC}")
    if platform:
        how += f"; or, to run without {platform}, set platforms.{platform}.enabled = false in the config"
    return how


def _allowed_roots(directory: Directory, environ: Mapping[str, str]) -> list[Path]:
    """Return the directories a symbolic link may lead into: this one, and systemd's."""
    roots = [Path(os.path.realpath(directory.path))]
    if environ.get("CREDENTIALS_DIRECTORY"):
        roots.append(Path(os.path.realpath(environ["CREDENTIALS_DIRECTORY"])))
    return roots


def _read_file(path: Path, roots: list[Path], from_systemd: bool) -> tuple[bytes | None, list[str]]:
    """Return a credential file's bytes (None if absent) and warnings; raise CredentialError if it is unsafe."""
    try:
        link = stat.S_ISLNK(path.lstat().st_mode)
    except FileNotFoundError:
        return None, []
    except PermissionError:
        raise CredentialError(path, "cannot be read: permission denied (run this as root, e.g. with sudo)") from None
    target = Path(os.path.realpath(path))
    if link and not any(target.is_relative_to(root) for root in roots):
        raise CredentialError(path, f"is a symbolic link to {target}, outside the credentials directory (put the "
                              "secret itself in this file: a link may only lead to a file in the directory)")
    try:
        # O_NONBLOCK: opening a named pipe must not hang the start; O_NOFOLLOW: the path is resolved already.
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise CredentialError(path, f"is a symbolic link to {target}, which does not exist (put the secret "
                              "itself in this file)") from None
    except OSError as exc:
        raise CredentialError(path, f"cannot be opened: {exc.strerror} (run this as root, e.g. with sudo)") from None
    try:
        warnings = _mode_findings(path, os.fstat(fd).st_mode, from_systemd)
    except CredentialError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        return file.read(MAX_BYTES + 1), warnings


def _mode_findings(path: Path, mode: int, from_systemd: bool) -> list[str]:
    """Return the warnings about an open credential file's type and mode; raise CredentialError if unusable."""
    if stat.S_ISDIR(mode):
        raise CredentialError(path, "is a directory, not a file (remove it and put the secret in a file of that name)")
    if not stat.S_ISREG(mode):
        raise CredentialError(path, "is not a regular file but a device, pipe or socket (put the secret in a "
                              "plain file of that name)")
    if mode & stat.S_IWOTH:
        raise CredentialError(path, f"anyone on this server can change it, mode {stat.S_IMODE(mode):04o} "
                              f"(run: chmod 0600 {path}, then replace the secret: it may have been changed)")
    if _shared(mode, from_systemd):
        return [f"{path}: other users of this server can read it, mode {stat.S_IMODE(mode):04o} "
                f"(run: chmod 0600 {path})"]
    return []


def _decode(path: Path, data: bytes) -> str:
    """Return the file's text; raise CredentialError if it is too big or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise CredentialError(path, f"is larger than {MAX_BYTES >> 20} MB, too big for a secret (check that "
                              "this is the right file)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CredentialError(path, f"is not UTF-8 text: byte {exc.start + 1} is 0x{data[exc.start]:02x} (save "
                              "it as UTF-8, or copy the secret again as plain text)") from None


def token_problem(token: str) -> str | None:
    """Return what makes a stripped token unusable in an HTTP header, or None if it is one printable ASCII line."""
    lines = token.splitlines()
    if len(lines) > 1:
        return f"has {len(lines)} lines (a token is one line: keep only the token, with nothing else)"
    for position, char in enumerate(token, 1):
        if char in " \t":
            return (f"has a space or tab at character {position} (the file holds the token alone: no 'Bearer ', "
                    "no label, no quotes)")
        if not " " < char <= "~":
            kind = "a non-ASCII" if ord(char) > 127 else "a control"
            return (f"has {kind} character, U+{ord(char):04X}, at character {position} (a token is plain ASCII: "
                    "copy it again from the developer console, as plain text)")
    return None
