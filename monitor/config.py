"""Configuration: one TOML file, validated in one place, every problem reported at once."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
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

from monitor.records import PLATFORMS, Account, Platform, Role, Severity, handle_key, valid_handle

EX_CONFIG = 78  # sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus names it.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(Exception):
    """A configuration file that cannot be used, with every problem in it."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


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

    @model_validator(mode="after")
    def _handle_shape(self) -> AccountRef:
        if not valid_handle(self.platform, self.handle.lstrip("@")):
            rule = "1-15 letters, digits or _" if self.platform == "x" else "letters, digits and dots"
            raise ValueError(f"handle {self.handle!r} is not a valid {self.platform} handle ({rule})")
        return self

    @property
    def monitorable(self) -> bool:
        """Say whether any API can read this account."""
        return not (self.platform == "facebook" and self.kind == "profile")


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


class Election(Model):
    """One poll and its pre-election period (clause 10.1)."""

    name: str = "Local election"
    polling_day: date
    # The Notice of Election date; when given it starts the period instead of six weeks before polling day.
    notice_of_election: date | None = None
    # Candidates who are not councillors, from the Statement of Persons Nominated.
    candidates: list[str] = []

    @model_validator(mode="after")
    def _notice_before_poll(self) -> Election:
        if self.notice_of_election and self.notice_of_election >= self.polling_day:
            raise ValueError("notice_of_election must be before polling_day")
        return self

    def period(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Return the period's start and end: clause 10.1's six weeks, to close of poll at 22:00."""
        start_day = self.notice_of_election or (self.polling_day - timedelta(weeks=6))
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


class CheckSettings(Model):
    """Settings every check has."""

    enabled: bool = True
    severity: Severity | None = None  # overrides the check's own


class DisclaimerSettings(CheckSettings):
    """Settings of missing-disclaimer."""

    # Extra wordings this council accepts as a disclaimer (matched after normalisation).
    extra_phrases: list[str] = []


class ImpersonationSettings(CheckSettings):
    """Settings of impersonation."""

    # Findings below this score (0-1) are not reported.
    min_score: float = Field(default=0.6, ge=0, le=1)
    # Known legitimate neighbours that must never fire (other councils, local clubs): handles.
    allow_handles: list[str] = []
    # An account younger than this is one more reason to suspect it.
    new_account_days: int = Field(default=90, ge=0)


class TermSettings(CheckSettings):
    """Settings of a check driven by word lists."""

    extra_terms: list[str] = []
    allow_terms: list[str] = []


class PreElectionSettings(CheckSettings):
    """Settings of pre-election."""

    # Local groups and parties beyond the national ones the check knows.
    extra_parties: list[str] = []


class Checks(Model):
    """Per-check settings, keyed by rule id."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    missing_disclaimer: DisclaimerSettings = Field(DisclaimerSettings(), alias="missing-disclaimer")
    council_identity: CheckSettings = Field(CheckSettings(), alias="council-identity")
    impersonation: ImpersonationSettings = ImpersonationSettings()
    unattended: CheckSettings = CheckSettings()
    hours_notice: CheckSettings = Field(CheckSettings(), alias="hours-notice")
    unanswered: CheckSettings = CheckSettings()
    pre_election: PreElectionSettings = Field(PreElectionSettings(), alias="pre-election")
    personal_data: TermSettings = Field(TermSettings(), alias="personal-data")
    confidential: TermSettings = TermSettings()
    offensive: TermSettings = TermSettings()
    personal_opinion: TermSettings = Field(TermSettings(), alias="personal-opinion")

    def for_rule(self, rule: str) -> CheckSettings:
        """Return the settings of one rule id."""
        value: CheckSettings = getattr(self, rule.replace("-", "_"))
        return value


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


class Platforms(Model):
    """Per-platform settings."""

    x: XPlatform = XPlatform()
    facebook: FacebookPlatform = FacebookPlatform()


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


def _location(loc: tuple[int | str, ...]) -> str:
    """Return a dotted key path from a pydantic error location."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


def _describe(err: Any) -> str:
    """Return one `key.path: what is wrong (how to fix it)` line."""
    loc = tuple(p for p in err["loc"] if p not in ("function-after",))
    message = err["msg"].removeprefix("Value error, ")
    hint = _HINTS.get(err["type"])
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    return f"{_location(loc)}: {message}" + (f" ({hint})" if hint else "")


def parse_config(data: dict[str, Any], path: Path | str = "<config>") -> Config:
    """Validate a parsed TOML document, raising ConfigError with every problem."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(e) for e in exc.errors()]) from None


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
    return parse_config(data, path)


def platforms_in(config: Config) -> tuple[Platform, ...]:
    """Return the platforms with at least one registered account."""
    used = {platform for platform, _ in config.registry}
    return tuple(p for p in PLATFORMS if p in used)
