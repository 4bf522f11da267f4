"""Configuration: one TOML file, validated in one place, every problem reported at once."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from monitor.checksettings import Checks
from monitor.configlines import KeyLines, Loc
from monitor.platforms.registry import PLATFORMS as REGISTRY
from monitor.records import PLATFORMS, Account, Platform, Role, Severity, handle_key, valid_handle

EX_CONFIG = 78  # sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus names it.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(Exception):
    """A configuration file that cannot be used, with every problem in it (and its line, when known)."""

    def __init__(self, path: Path | str, problems: list[str], lines: Sequence[int | None] = ()) -> None:
        """Keep the file, the problems and, parallel to them, the line of each (None when unknown)."""
        self.path = str(path)
        self.problems = problems
        self.lines = list(lines) + [None] * (len(problems) - len(lines))
        super().__init__("\n".join(self.located()))

    def located(self) -> list[str]:
        """Return each problem as `file:LINE: problem`, or `file: problem` when its line is unknown."""
        return [f"{self.path}:{line}: {p}" if line else f"{self.path}: {p}"
                for p, line in zip(self.problems, self.lines, strict=True)]


class Model(BaseModel):
    """Base for every section: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Model):
    """The council's own published contact details, which may appear in posts."""

    phones: list[str] = []
    emails: list[str] = []
    addresses: list[str] = []


class Council(Model):
    """Who the council is."""

    name: str = Field(min_length=3)
    # Other names people use for the council ("Brackley TC"): identity and lookalike checks use them.
    short_names: list[str] = []
    timezone: str = "Europe/London"
    email_domains: list[str] = []
    website: str | None = None
    # Perceptual hashes (hex, imagehash pHash) of the council's logo, to spot it as an avatar.
    logo_hashes: list[str] = []
    contact: Contact = Contact()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/London)") from None
        return value

    @field_validator("email_domains")
    @classmethod
    def _bare_domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if "@" in domain or "." not in domain:
                raise ValueError(f"{domain!r} is not a domain (write it as brackley-tc.gov.uk)")
        return [d.lower() for d in value]


class AccountRef(Model):
    """A registered account on one platform."""

    platform: Platform
    handle: str
    # Facebook Page id, when known; the adapter resolves it otherwise.
    page_id: str | None = None
    # "profile" is a Facebook personal profile: no API can read it, so it is "not monitorable".
    kind: Literal["account", "page", "profile"] = "account"

    @field_validator("platform")
    @classmethod
    def _known_platform(cls, value: str) -> str:
        if value not in REGISTRY:
            raise ValueError(f"unknown platform {value!r} (use {' or '.join(map(repr, REGISTRY))})")
        return value

    @model_validator(mode="after")
    def _handle_shape(self) -> AccountRef:
        if not valid_handle(self.platform, self.handle.lstrip("@")):
            rule = REGISTRY[self.platform].handle_rule
            raise ValueError(f"handle {self.handle!r} is not a valid {self.platform} handle ({rule})")
        return self

    @property
    def monitorable(self) -> bool:
        """Say whether any API can read this account (no API reads a Facebook personal profile)."""
        return self.kind not in REGISTRY[self.platform].unreadable_kinds


class Councillor(Model):
    """A councillor and their registered personal accounts."""

    name: str = Field(min_length=2)
    standing: bool = False
    party: str | None = None
    accounts: list[AccountRef] = []


class Disclaimer(Model):
    """The standard disclaimer of clause 6.4."""

    text: str = (
        "Statements and opinions here are my own and don't necessarily represent "
        "Brackley Town Council's policies or opinions"
    )

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        # An empty disclaimer would be found in every profile: missing-disclaimer could never fire.
        if len(value.split()) < 3:
            raise ValueError("the disclaimer is empty or too short to look for (write the council's standard "
                             "disclaimer of clause 6.4, or leave [disclaimer] out to use the default)")
        return value


class Election(Model):
    """One poll and its pre-election period (clause 10.1)."""

    name: str = "Local election"
    polling_day: date
    # The Notice of Election date; left out, it is the statutory deadline computed from polling day.
    notice_of_election: date | None = None
    # The council's own start of the pre-election period, when it is not the Notice of Election.
    period_start: date | None = None
    # Candidates who are not councillors, from the Statement of Persons Nominated.
    candidates: list[str] = []
    # A Democracy Club candidates CSV written by `council-monitor candidates import`; its names join candidates.
    candidates_file: str = ""

    @model_validator(mode="after")
    def _notice_before_poll(self) -> Election:
        if self.notice_of_election and self.notice_of_election >= self.polling_day:
            raise ValueError("notice_of_election must be before polling_day")
        if self.period_start and self.period_start >= self.polling_day:
            raise ValueError("period_start must be before polling_day")
        return self

    @model_validator(mode="before")
    @classmethod
    def _read_candidates_file(cls, data: Any) -> Any:
        # Read at load (before the frozen model exists), so scan, run and check-config see the same names
        # and a bad file stops start-up with the reason.
        if not isinstance(data, dict) or not data.get("candidates_file"):
            return data
        from monitor.candidates import CandidateFileError, names_for

        day = data.get("polling_day")
        try:
            day = day if isinstance(day, date) else date.fromisoformat(str(day))
        except ValueError:
            return data  # the polling_day field reports it
        try:
            names = names_for(Path(str(data["candidates_file"])), day)
        except CandidateFileError as exc:
            raise ValueError(f"candidates_file: {exc}") from None
        given = data.get("candidates", [])
        if not isinstance(given, list):
            return data  # the candidates field reports it
        return {**data, "candidates": list(dict.fromkeys([*given, *names]))}

    def notice_day(self) -> date:
        """Return the Notice of Election: the configured date, else the statutory deadline."""
        from monitor.election import timetable

        return self.notice_of_election or timetable(self.polling_day).notice_of_election

    def period(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Return the period's start and end: from the Notice of Election (clause 10.1), to close of poll at 22:00."""
        start_day = self.period_start or self.notice_day()
        start = datetime.combine(start_day, time(0, 0), zone)
        end = datetime.combine(self.polling_day, time(22, 0), zone)
        return start, end


class OfficeHours(Model):
    """When the official accounts are staffed, for counting reply times."""

    # At least one day: with none, no reply deadline could ever fall due.
    days: list[str] = Field(default=["mon", "tue", "wed", "thu", "fri"], min_length=1)
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    # Bank holidays and other closed days.
    closed_dates: list[date] = []

    @field_validator("days")
    @classmethod
    def _weekday_names(cls, value: list[str]) -> list[str]:
        days = [d.strip().lower()[:3] for d in value]
        bad = [d for d in days if d not in WEEKDAYS]
        if bad:
            raise ValueError(f"unknown day(s) {bad} (use mon, tue, wed, thu, fri, sat, sun)")
        return days

    @model_validator(mode="after")
    def _opens_before_closes(self) -> OfficeHours:
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self


class Targets(Model):
    """Service levels from the policy's Appendix."""

    # Residents' questions get a reply within this many office hours.
    reply_within_office_hours: float = Field(default=16.0, gt=0)
    # An official account silent for longer than this counts as unattended.
    silence_limit_days: float = Field(default=7.0, gt=0)


class XPlatform(Model):
    """X API v2 settings (the bearer token is a credential, not config)."""

    enabled: bool = True
    # Pay-per-use prices, US dollars (2026 rate card).
    post_read_usd: float = 0.005
    user_read_usd: float = 0.010
    monthly_budget_usd: float = Field(default=50.0, ge=0)
    # Lookalike handles looked up per day at most.
    lookalike_lookups_per_day: int = Field(default=200, ge=0)
    profile_refresh_hours: float = Field(default=24.0, gt=0)
    timeout_seconds: float = Field(default=20.0, gt=0)
    # Only for the sandbox and tests: where api.twitter.com is really served.
    base_url: str | None = None


class FacebookPlatform(Model):
    """Graph API settings (the Page token is a credential, not config)."""

    enabled: bool = True
    # facebook-sdk 3.1 rejects modern versions, so the adapter sets this on the client itself.
    graph_version: str = Field(default="v25.0", pattern=r"^v\d{1,2}\.\d$")
    token_warning_days: int = Field(default=14, ge=1)
    timeout_seconds: float = Field(default=20.0, gt=0)
    base_url: str | None = None


class BlueskyPlatform(Model):
    """Bluesky settings: the public AppView reads without a login, so there is no credential."""

    enabled: bool = True
    timeout_seconds: float = Field(default=20.0, gt=0)
    # Posts read back on an account's first poll (later polls read only what is new).
    first_poll_posts: int = Field(default=50, ge=1, le=100)
    # Only for the sandbox and tests: where https://public.api.bsky.app is really served.
    base_url: str | None = None
    # Jetstream brings new posts within seconds; false: the feeds are polled every cycle instead.
    stream: bool = True
    # Where Jetstream is read; unset: Bluesky's public Jetstream, or none when base_url points at a sandbox.
    jetstream_url: str | None = Field(default=None, pattern=r"^wss?://")
    # How far back Jetstream can replay (about a day): after a longer gap the feeds are read to catch up.
    jetstream_replay_hours: float = Field(default=24.0, gt=0)


class MastodonPlatform(Model):
    """Mastodon settings: public statuses read without a token; an optional token for the council's own instance."""

    enabled: bool = True
    timeout_seconds: float = Field(default=20.0, gt=0)
    # Statuses read back on an account's first poll (later polls read only what is new); an instance gives 40 a page.
    first_poll_posts: int = Field(default=40, ge=1, le=40)
    # The instance the access token (if any) belongs to; empty: the council's own account's instance.
    token_instance: str = Field(default="", pattern=r"^([a-z0-9.-]{1,253})?$")
    # Only for the sandbox and tests: one server standing in for every instance (at BASE_URL/INSTANCE).
    base_url: str | None = None


class Platforms(Model):
    """Per-platform settings."""

    x: XPlatform = XPlatform()
    facebook: FacebookPlatform = FacebookPlatform()
    bluesky: BlueskyPlatform = BlueskyPlatform()
    mastodon: MastodonPlatform = MastodonPlatform()


class Schedule(Model):
    """How often the daemon does what."""

    # Polls run at least this far apart; the budget may stretch them further.
    min_poll_minutes: float = Field(default=15.0, ge=1)
    jitter_seconds: int = Field(default=30, ge=0)
    misfire_grace_seconds: int = Field(default=300, ge=1)
    # The Clerk hears once when a platform has failed for longer than this.
    blind_after_minutes: float = Field(default=60.0, gt=0)
    digest_time: time = time(8, 30)


class Storage(Model):
    """Where the daemon keeps its state."""

    # SQLAlchemy URL; empty means a SQLite file in $STATE_DIRECTORY (or ./state).
    url: str = ""
    retention_days: int = Field(default=90, ge=1)
    audit_retention_days: int = Field(default=6 * 365, ge=365)
    # Keep every post and comment on the official accounts (public records) for archive_years (docs/storage.md).
    archive_official: bool = Field(default=True, strict=True)  # true or false, not "yes": it decides what is kept
    archive_years: int = Field(default=6, ge=1, le=100)


class Alerts(Model):
    """Alert routing (the Apprise URLs themselves are a credential)."""

    # Findings at or above this severity go out at once; the rest wait for the daily digest.
    immediate_severity: Severity = "high"
    # Apprise tags per rule; "*" is the default for rules not named.
    routes: dict[str, list[str]] = {"*": ["email"], "impersonation": ["email", "slack"]}
    report_tags: list[str] = ["email"]


class Report(Model):
    """The weekly compliance report."""

    weekday: str = "mon"
    at: time = time(8, 0)

    @field_validator("weekday")
    @classmethod
    def _weekday_name(cls, value: str) -> str:
        day = value.strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ValueError(f"unknown day {value!r} (use mon, tue, wed, thu, fri, sat or sun)")
        return day
    out_dir: str = ""


class Web(Model):
    """The Clerk's web console (council-monitor web)."""

    # The console's address as the Clerk's browser reaches it (behind the reverse proxy), e.g.
    # https://monitor.example-council.gov.uk; alerts link to findings there. Empty: no links in alerts.
    base_url: str = Field(default="", pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$")
    listen: str = "127.0.0.1:8080"


class Credentials(Model):
    """Where secrets are read from: never the config file itself."""

    # Empty: $CREDENTIALS_DIRECTORY (systemd LoadCredential), else /etc/council-monitor/credentials, else
    # ./credentials (monitor/credentials.py find_directory).
    directory: str = ""


class Config(Model):
    """The whole configuration."""

    council: Council
    official: list[AccountRef] = []
    councillors: list[Councillor] = []
    disclaimer: Disclaimer = Disclaimer()
    elections: list[Election] = []
    office_hours: OfficeHours = OfficeHours()
    targets: Targets = Targets()
    checks: Checks = Checks()
    platforms: Platforms = Platforms()
    schedule: Schedule = Schedule()
    storage: Storage = Storage()
    alerts: Alerts = Alerts()
    report: Report = Report()
    credentials: Credentials = Credentials()
    web: Web = Web()

    @model_validator(mode="after")
    def _no_account_registered_twice(self) -> Config:
        seen: dict[tuple[str, str], str] = {}
        for owner, ref in self._all_refs():
            key = (ref.platform, handle_key(ref.handle))
            if key in seen:
                raise ValueError(f"{ref.platform} account {ref.handle!r} is registered to both {seen[key]} and {owner}")
            seen[key] = owner
        return self

    def _all_refs(self) -> list[tuple[str, AccountRef]]:
        refs = [("the council", ref) for ref in self.official]
        refs += [(c.name, ref) for c in self.councillors for ref in c.accounts]
        return refs

    @cached_property
    def zone(self) -> ZoneInfo:
        """Return the council's time zone."""
        return ZoneInfo(self.council.timezone)

    @cached_property
    def registry(self) -> dict[tuple[str, str], Registered]:
        """Return every registered account by (platform, folded handle)."""
        out: dict[tuple[str, str], Registered] = {}
        for ref in self.official:
            out[(ref.platform, handle_key(ref.handle))] = Registered(ref=ref, role="official", councillor=None)
        for councillor in self.councillors:
            for ref in councillor.accounts:
                key = (ref.platform, handle_key(ref.handle))
                out[key] = Registered(ref=ref, role="councillor", councillor=councillor)
        return out

    def role_of(self, platform: str, handle: str) -> Role:
        """Return the role the registry gives an account; unregistered accounts are "other"."""
        found = self.registry.get((platform, handle_key(handle)))
        return found.role if found else "other"

    def councillor_of(self, platform: str, handle: str) -> Councillor | None:
        """Return the councillor who registered an account, if any."""
        found = self.registry.get((platform, handle_key(handle)))
        return found.councillor if found else None


class Registered(BaseModel):
    """A registry entry: the reference, its role and its councillor."""

    model_config = ConfigDict(frozen=True)

    ref: AccountRef
    role: Annotated[Role, Field()]
    councillor: Councillor | None

    def as_account(self) -> Account:
        """Return a bare account record for this registration."""
        return Account(platform=self.ref.platform, handle=self.ref.handle, role=self.role,
                       monitorable=self.ref.monitorable)


Config.model_rebuild()

_HINTS = {
    "extra_forbidden": "remove it, or check its spelling against config/example.toml",
    "missing": "add it; config/example.toml shows an example",
    "literal_error": "use one of the values named",
    "date_from_datetime_parsing": "write a date as 2027-05-06",
    "date_parsing": "write a date as 2027-05-06",
    "date_type": "write a date as 2027-05-06",
    "time_parsing": "write a time as 09:00",
    "time_type": "write a time as 09:00",
    "string_type": "put the value in quotes",
    "bool_type": "write true or false",
}


# Entries of these arrays are named by their `name` in messages: councillors["Tom Okafor"], not councillors[2].
NAMED_ENTRIES = ("councillors", "elections")


def describe_location(loc: Loc, data: Any) -> str:
    """Return a key path as a person finds it: dotted keys, an index, or a councillor's or election's name."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            name = _entry_name(out, node, part)
            out += f'["{name}"]' if name else f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        else:
            out += ("." if out else "") + part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _entry_name(array: str, entries: Any, index: int) -> str:
    """Return the name an entry of a named array goes by, when it has one no other entry shares."""
    if array not in NAMED_ENTRIES or not isinstance(entries, list) or not 0 <= index < len(entries):
        return ""
    names = [e.get("name") if isinstance(e, dict) else None for e in entries]
    name = names[index]
    if not isinstance(name, str) or not name.strip() or names.count(name) > 1 or '"' in name:
        return ""
    return name


def _describe(err: Any, data: Any) -> str:
    """Return one `key.path: what is wrong (how to fix it)` line."""
    message = err["msg"].removeprefix("Value error, ")
    hint = _HINTS.get(err["type"])
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    return f"{describe_location(_loc(err), data)}: {message}" + (f" ({hint})" if hint else "")


def _loc(err: Any) -> Loc:
    """Return a pydantic error's key path, without pydantic's own validator steps."""
    return tuple(p for p in err["loc"] if p not in ("function-after",))


def parse_config(data: dict[str, Any], path: Path | str = "<config>", text: str | None = None) -> Config:
    """Validate a parsed TOML document, raising ConfigError with every problem (with its line, given the text)."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        keys = KeyLines(text) if text is not None else None
        lines = [keys.line_of(_loc(e)) if keys else None for e in errors]
        raise ConfigError(path, [_describe(e, data) for e in errors], lines) from None


def load_config(path: Path | str) -> Config:
    """Read and validate a TOML configuration file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, ["file not found (give the path of a TOML file, e.g. config/example.toml)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"cannot be read: {exc}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML: {exc} (check quotes and brackets on that line)"]) from None
    return parse_config(data, path, text)


def config_warnings(config: Config, path: Path | str) -> list[str]:
    """Return what `run` and `check-config` both warn about in a valid config, each with its file and line."""
    place = Places.of(config, path)
    return [f"{place(loc)}: {text}" for loc, text in election_warnings(config, today_in(config))]


class Places:
    """Say where a key path sits in a config file: `config.toml:57: councillors["Tom Okafor"].accounts[1]`."""

    def __init__(self, path: str, names: dict[str, Any], keys: KeyLines) -> None:
        """Keep the file's name, what names its entries, and the line of each key."""
        self.path, self.names, self.keys = path, names, keys

    @classmethod
    def of(cls, config: Config, path: Path | str) -> Places:
        """Scan a loaded config's file (read a moment ago; one that cannot be read now has no lines)."""
        try:
            keys = KeyLines(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            keys = KeyLines("")
        return cls(str(path), names_of(config), keys)

    def __call__(self, loc: Loc) -> str:
        """Return the file, the line and the key path of `loc`."""
        line = self.keys.line_of(loc)
        return f"{self.path}{f':{line}' if line else ''}: {describe_location(loc, self.names)}"


def account_locations(config: Config) -> list[tuple[Loc, AccountRef]]:
    """Return every registered account with its key path in the config: official[0], councillors[1].accounts[0]."""
    found: list[tuple[Loc, AccountRef]] = [(("official", i), ref) for i, ref in enumerate(config.official)]
    for c, councillor in enumerate(config.councillors):
        found += [(("councillors", c, "accounts", a), ref) for a, ref in enumerate(councillor.accounts)]
    return found


def names_of(config: Config) -> dict[str, Any]:
    """Return what describe_location needs of a loaded config to name its councillors and elections."""
    return {"councillors": [{"name": c.name} for c in config.councillors],
            "elections": [{"name": e.name} for e in config.elections]}


def today_in(config: Config) -> date:
    """Return today's date in the council's time zone (polling days are the council's dates)."""
    return datetime.now(config.zone).date()


def election_warnings(config: Config, today: date) -> list[tuple[Loc, str]]:
    """Return a warning when every polling day listed is past: the pre-election check then never applies.

    A warning, not a refusal: the day after a poll every config is in this state until someone adds the
    next election, and a monitor that would not restart then would leave the council unwatched.
    """
    if not config.elections or any(e.polling_day >= today for e in config.elections):
        return []
    last = max(range(len(config.elections)), key=lambda i: config.elections[i].polling_day)
    day = config.elections[last].polling_day
    return [(("elections", last, "polling_day"),
             f"polling day {day:%d %B %Y} is past and no later election is listed, so the pre-election check "
             "(clause 10.1) never applies (add the next election as an [[elections]] block when its date is "
             "known; if this date is a typing mistake, correct it)")]


def platforms_in(config: Config) -> tuple[Platform, ...]:
    """Return the platforms with at least one registered account."""
    used = {platform for platform, _ in config.registry}
    return tuple(p for p in PLATFORMS if p in used)
