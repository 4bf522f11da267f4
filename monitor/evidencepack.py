"""The evidence pack: one finding's captures, page, timeline and audit entries in a zip, with SHA-256 sums.

Made by `council-monitor evidence FINDING_ID --out pack.zip` for a Monitoring Officer or a Standards
hearing. What is in it:

- captures/capture-N.json: each capture exactly as stored (its SHA-256 is the one the audit trail recorded);
- finding.json, timeline.json, audit.json (each entry with its previous and own hash);
- page.html and page.pdf: the post or profile as captured with its account, time and link, the timeline
  and the audit entries (platform text inert: escaped, invisible characters shown as [U+XXXX]);
- pack.json: when, by whom, and the whole audit trail's head hash at that moment;
- manifest.sha256: the SHA-256 of every other file, in `sha256sum -c` format.

`council-monitor evidence --verify pack.zip` checks the sums, that nothing was added or taken away, that
each audit entry still hashes to its recorded hash and that each capture is one the trail recorded.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from monitor import __version__
from monitor.config import Config
from monitor.platforms.registry import label
from monitor.report.pdf import html_to_pdf
from monitor.store.chain import entry_hash
from monitor.store.evidence import ACTION, Dossier
from monitor.store.models import AuditRow, FindingRow
from monitor.text import INVISIBLE

FORMAT: Final = 1
MANIFEST: Final = "manifest.sha256"
WHEN: Final = "%a %d %b %Y %H:%M:%S"
# The trail's words for what happened, as the timeline says them.
EVENTS: Final = {"found": "detected", "evidence captured": "evidence captured", "alerted": "alerted"}
# A member read while verifying is hashed in chunks; one larger than this is not a pack this monitor made.
MAX_MEMBER_BYTES: Final = 512 * 1024 * 1024
_SHA_LINE = re.compile(r"^([0-9a-f]{64})  (\S(?:.*\S)?)$")
_CAPTURED = re.compile(r"sha256 ([0-9a-f]{64})")


@dataclass(frozen=True)
class Pack:
    """The files of a pack, in the order they are written, and the SHA-256 of its manifest."""

    files: dict[str, bytes]
    manifest_sha256: str


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    at: datetime
    what: str
    by: str
    detail: str


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def json_bytes(value: Any) -> bytes:
    """Return readable, stable JSON (UTF-8, sorted keys, a final newline)."""
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")


def build(dossier: Dossier, config: Config, made_at: datetime, made_by: str) -> Pack:
    """Return a finding's evidence pack."""
    files: dict[str, bytes] = {"README.txt": readme(dossier.finding).encode("utf-8"),
                               "finding.json": json_bytes(finding_doc(dossier.finding))}
    for capture in dossier.captures:
        files[capture_file(capture.id)] = capture.capture_json.encode("utf-8")
    events = timeline(dossier)
    files["timeline.json"] = json_bytes([{"at": e.at.astimezone(UTC).isoformat(), "what": e.what, "by": e.by,
                                          "detail": e.detail} for e in events])
    files["audit.json"] = json_bytes([audit_doc(a) for a in dossier.audit])
    page = render_page(dossier, events, config, made_at, made_by)
    files["page.html"] = page.encode("utf-8")
    files["page.pdf"] = html_to_pdf(page)
    files["pack.json"] = json_bytes({"format": FORMAT, "finding_id": dossier.finding.id,
                                     "made_at": made_at.astimezone(UTC).isoformat(), "made_by": made_by,
                                     "audit_head": dossier.audit_head, "tool": f"council-social-monitor {__version__}"})
    manifest = "".join(f"{sha256(data)}  {name}\n" for name, data in files.items()).encode("utf-8")
    files[MANIFEST] = manifest
    return Pack(files, sha256(manifest))


def capture_file(capture_id: int | None) -> str:
    """Return a capture's name inside the pack."""
    return f"captures/capture-{capture_id}.json"


def finding_doc(row: FindingRow) -> dict[str, Any]:
    """Return the finding's stored fields."""
    doc = {k: v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for k, v in row.model_dump().items()}
    try:
        doc["evidence"] = json.loads(doc.pop("evidence_json"))
    except ValueError:
        doc["evidence"] = None
    return doc


def audit_doc(row: AuditRow) -> dict[str, Any]:
    """Return an audit entry with both hashes, so each can be recomputed from the file."""
    return {"id": row.id, "at": row.at.astimezone(UTC).isoformat(), "actor": row.actor, "action": row.action,
            "finding_id": row.finding_id, "note": row.note, "prev_hash": row.prev_hash, "entry_hash": row.entry_hash}


def timeline(dossier: Dossier) -> list[Event]:
    """Return what happened, oldest first: when it was posted (if captured), then every audit entry."""
    events = [Event(a.at, EVENTS.get(a.action, a.action), a.actor, a.note) for a in dossier.audit]
    record = _record(dossier.captures[0].capture_json) if dossier.captures else None
    if record is not None and record.get("type") == "Post" and (posted := _time(record.get("created_at"))):
        events.append(Event(posted, "posted", f"@{record.get('handle')}", str(record.get("url") or "")))
    return sorted(events, key=lambda e: e.at)


def _record(capture_json: str) -> dict[str, Any] | None:
    """Return the record a capture holds, if any."""
    record = json.loads(capture_json).get("record")
    return record if isinstance(record, dict) else None


def _time(value: Any) -> datetime | None:
    """Return an ISO 8601 time as an aware datetime, or None."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# The page


def inert(value: Any) -> Markup:
    """Return platform text escaped, with every invisible, direction or control character shown as [U+XXXX]."""
    out = []
    for ch in "" if value is None else str(value):
        if ch not in "\n\t" and (INVISIBLE.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")):
            out.append(f'<span class="hidden-char">[U+{ord(ch):04X}]</span>')
        else:
            out.append(html.escape(ch))
    return Markup("".join(out))


def linkable(value: Any) -> bool:
    """Say whether a URL may be a link on the page (http or https only)."""
    return isinstance(value, str) and value.startswith(("https://", "http://")) and not INVISIBLE.search(value)


def _environment(config: Config) -> Environment:
    """Return the page's Jinja environment (autoescape on), its times in the council's zone."""
    env = Environment(loader=PackageLoader("monitor", "templates"), autoescape=True, undefined=StrictUndefined)
    zone = config.zone
    env.filters.update(
        inert=inert, linkable=linkable,
        when=lambda v: v.astimezone(zone).strftime(WHEN) if v else "unknown",
        utc=lambda v: v.astimezone(UTC).strftime(WHEN) + " UTC" if v else "",
        when_iso=lambda v: (f"{t.astimezone(zone):{WHEN}} council time ({t.astimezone(UTC):{WHEN}} UTC)"
                            if (t := _time(v)) else "at an unknown time"),
    )
    return env


def render_page(dossier: Dossier, events: list[Event], config: Config, made_at: datetime, made_by: str) -> str:
    """Return the evidence page's HTML."""
    finding = dossier.finding
    captures = [_shown_capture(c.id, c.reason, c.captured_at, c.sha256, c.capture_json) for c in dossier.captures]
    kind = captures[0]["record"]["type"] if captures and captures[0]["record"] else None
    return _environment(config).get_template("evidence.html.j2").render(
        title=f"Evidence for finding {finding.id}: {finding.rule} by @{finding.handle}",
        council=config.council.name, zone_name=config.council.timezone, made_at=made_at, made_by=made_by,
        finding=finding, platform_label=label(finding.platform), kind=kind, captures=captures, timeline=events,
        audit=dossier.audit, audit_head=dossier.audit_head)


def _shown_capture(capture_id: int | None, reason: str, captured_at: datetime, digest: str,
                   capture_json: str) -> dict[str, Any]:
    """Return what the page shows of one capture."""
    doc = json.loads(capture_json)
    return {"file": capture_file(capture_id), "reason": reason, "captured_at": captured_at, "sha256": digest,
            "record": _record(capture_json), "has_raw": doc.get("raw") is not None}


def readme(finding: FindingRow) -> str:
    """Return the pack's README: what each file is and how to check it."""
    return f"""Evidence pack for finding {finding.id} ({finding.rule}, @{finding.handle}), by council-social-monitor.

page.pdf / page.html   the post or profile as captured, the timeline and the audit entries
captures/*.json        each capture exactly as stored when the finding was detected (or later, after an edit)
finding.json           the finding as stored
timeline.json          what happened, oldest first (UTC)
audit.json             the audit entries for this finding, each with the previous entry's hash and its own
pack.json              when and by whom this pack was made, and the audit trail's head hash at that moment
manifest.sha256        the SHA-256 of every file above

To check that nothing was altered:
  council-monitor evidence --verify THIS-FILE.zip
or, in the unzipped folder:
  sha256sum -c manifest.sha256
The SHA-256 of each capture file is the one the audit trail recorded ("evidence captured" entries), and
each audit entry's hash is SHA-256 of ["previous hash", "time", "actor", "action", finding id, "note"]
as compact JSON (time as YYYY-MM-DDTHH:MM:SS.ffffff UTC).
"""


# ---------------------------------------------------------------------------------------------
# Writing and verifying


def write(pack: Pack, path: Path, made_at: datetime) -> None:
    """Write the pack as a new zip readable by its owner only (never over an existing file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    stamp = made_at.astimezone(UTC).timetuple()[:6]
    with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in pack.files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data)


def check(path: Path) -> list[str]:
    """Return every problem with a pack: files altered, missing or added, entries or captures that do not hold."""
    with zipfile.ZipFile(path) as zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        if MANIFEST not in names:
            return [f"{MANIFEST} is missing: this is not an evidence pack, or its manifest was removed"]
        listed, problems = _manifest(_read(zf, MANIFEST))
        actual = {name: _hash_member(zf, name) for name in names if name != MANIFEST}
        for name, digest in listed.items():
            if name not in actual:
                problems.append(f"{name} is missing")
            elif actual[name] != digest:
                problems.append(f"{name} was altered: its SHA-256 is not the one in {MANIFEST}")
        problems += [f"{name} was added: it is not in {MANIFEST}" for name in actual if name not in listed]
        problems += _inner(zf, names)
    return problems


def _manifest(data: bytes) -> tuple[dict[str, str], list[str]]:
    """Return the manifest's sums by file name, and any line that is not one."""
    listed: dict[str, str] = {}
    problems = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        found = _SHA_LINE.match(line)
        if found is None:
            problems.append(f"{MANIFEST} line {number} is not 'SHA-256  file name'")
        else:
            listed[found.group(2)] = found.group(1)
    return listed, problems


def _inner(zf: zipfile.ZipFile, names: list[str]) -> list[str]:
    """Check what the pack says of itself: each audit entry hashes right, each capture is one the trail recorded."""
    if "audit.json" not in names:
        return []
    try:
        entries = json.loads(_read(zf, "audit.json"))
        problems = [f"audit.json entry {e.get('id')} does not hash to its recorded hash" for e in entries
                    if _entry_hash(e) != e.get("entry_hash")]
    except (ValueError, TypeError, AttributeError):
        return ["audit.json is not the list of entries a pack holds"]
    recorded = {m for e in entries if e.get("action") == ACTION for m in _CAPTURED.findall(str(e.get("note")))}
    for name in names:
        if name.startswith("captures/") and sha256(_read(zf, name)) not in recorded:
            problems.append(f"{name} is not a capture the audit trail recorded (its SHA-256 is in no "
                            f"'{ACTION}' entry of audit.json)")
    return problems


def _entry_hash(entry: Mapping[str, Any]) -> str:
    """Recompute an audit entry's hash from audit.json."""
    at = datetime.fromisoformat(str(entry["at"]))
    return entry_hash(str(entry["prev_hash"]), at, str(entry["actor"]), str(entry["action"]), entry["finding_id"],
                      str(entry["note"]))


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    """Read a member, refusing one larger than a pack would hold."""
    if zf.getinfo(name).file_size > MAX_MEMBER_BYTES:
        raise zipfile.BadZipFile(f"{name} is larger than any file an evidence pack holds")
    return zf.read(name)


def _hash_member(zf: zipfile.ZipFile, name: str) -> str:
    """Return a member's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with zf.open(name) as member:
        for chunk in iter(lambda: member.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
