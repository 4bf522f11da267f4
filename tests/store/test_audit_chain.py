"""The audit trail's hash chain: `audit verify` names the first entry changed, removed or inserted.

Each tamper is done the way someone with the database password would: straight SQL, dropping the
append-only trigger first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.cli import main
from monitor.config import Config
from monitor.store.chain import GENESIS, entry_hash, head_hash, verify
from monitor.store.db import open_database, session_scope
from monitor.store.findings import acknowledge, add_audit, dismiss, mark_alerted, record_findings
from monitor.store.models import AuditRow
from monitor.store.retention import purge
from tests.conftest import EXAMPLE_CONFIG
from tests.store.builders import HOUR, T0, finding

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def config_file(database_url: str, tmp_path: Path) -> Path:
    """Write the example config with storage.url pointing at the test database."""
    path = tmp_path / "config.toml"
    path.write_text(EXAMPLE_CONFIG.read_text().replace('\nurl = ""', f'\nurl = "{database_url}"', 1))
    return path


@pytest.fixture
def trail(database: Engine) -> list[AuditRow]:
    """Write a trail of two findings (found, captured, alerted, acknowledged, dismissed); return it in id order."""
    with session_scope(database) as session:
        rows = record_findings(session, [finding(), finding("offensive", post_id="1001", message="abusive")], set(),
                               T0).to_alert
        mark_alerted(session, rows, T0 + HOUR)
        acknowledge(session, rows[0].id or 0, "clerk", "asked Cllr Smith to add it", T0 + 2 * HOUR)
        dismiss(session, rows[1].id or 0, "clerk", "a quotation, not abuse", T0 + 3 * HOUR)
    return entries(database)


def entries(engine: Engine) -> list[AuditRow]:
    """Return every audit entry in id order."""
    with session_scope(engine) as session:
        return list(session.exec(select(AuditRow).order_by(AuditRow.id)))  # type: ignore[arg-type]


def tamper(engine: Engine, *statements: str) -> None:
    """Run SQL as a tamperer would: the append-only triggers dropped first."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_append_only ON audit"))
        else:
            conn.execute(text("DROP TRIGGER audit_no_update"))
            conn.execute(text("DROP TRIGGER audit_no_early_delete"))
        for statement in statements:
            conn.execute(text(statement))


@pytest.fixture(autouse=True)
def restore_triggers(database_url: str) -> Iterator[None]:
    """Put PostgreSQL's audit trigger back after a test (its schema is shared by the session's tests)."""
    yield
    if database_url.startswith("postgresql"):
        engine = open_database(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_append_only ON audit"))
            conn.execute(text("CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
                              "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"))
        engine.dispose()


def audit_verify(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Run `council-monitor audit verify`; return its status and what it printed."""
    status = main(["audit", "verify", "--config", str(config), *extra])
    out = capsys.readouterr()
    return status, out.out + out.err


def named(row: AuditRow) -> str:
    """Return how the command names an entry."""
    return f"entry {row.id} ({row.at:%Y-%m-%d %H:%M:%S} UTC, {row.action})"


def test_an_untouched_trail_verifies(trail: list[AuditRow], config_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Every entry links to the one before it; exit 0 with the count and the head."""
    assert [r.action for r in trail] == ["found", "evidence captured", "found", "evidence captured", "alerted",
                                         "alerted", "acknowledged", "dismissed"]
    assert trail[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in pairwise(trail))
    status, out = audit_verify(config_file, capsys)
    assert status == 0, out
    assert f"The audit trail is intact: 8 entries, head {trail[-1].entry_hash}." in out


def test_one_field_of_one_entry_changed_in_sql_is_named(database: Engine, trail: list[AuditRow], config_file: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A dismissal's reason rewritten: that entry is named, exit 1."""
    target = trail[7]
    tamper(database, f"UPDATE audit SET note = 'the councillor apologised' WHERE id = {target.id}")
    status, out = audit_verify(config_file, capsys)
    assert status == 1
    assert f"The audit trail was altered: {named(target)} was changed" in out


@pytest.mark.parametrize("column, value", [("actor", "'deputy-clerk'"), ("finding_id", "NULL"),
                                           ("at", "'2025-03-03 09:30:00'")])
def test_any_field_changed_is_caught(database: Engine, trail: list[AuditRow], config_file: Path,
                                     capsys: pytest.CaptureFixture[str], column: str, value: str) -> None:
    """Who, when and which finding are in the hash as much as the note."""
    target = trail[4]
    tamper(database, f"UPDATE audit SET {column} = {value} WHERE id = {target.id}")
    status, out = audit_verify(config_file, capsys)
    assert status == 1 and f"entry {target.id} (" in out and "was changed" in out


def test_a_deleted_entry_is_named_by_the_one_after_the_gap(database: Engine, trail: list[AuditRow],
                                                           config_file: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The acknowledgement removed: the entry after it no longer links; both neighbours are named."""
    tamper(database, f"DELETE FROM audit WHERE id = {trail[6].id}")
    status, out = audit_verify(config_file, capsys)
    assert status == 1
    assert f"an entry was removed before {named(trail[7])} (after {named(trail[5])})" in out


def test_an_entry_inserted_into_the_trail_is_named(database: Engine, trail: list[AuditRow], config_file: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A back-dated acknowledgement slipped in after entry 4 (ids moved up to make room), its hash computed right."""
    before = trail[3]
    at = before.at + timedelta(minutes=5)
    note = "Cllr Smith was told at once"
    forged = entry_hash(before.entry_hash, at, "clerk", "acknowledged", trail[0].finding_id, note)
    naive = at.replace(tzinfo=None).isoformat(sep=" ")
    new_id = (before.id or 0) + 1
    tamper(database, f"UPDATE audit SET id = id + 1000 WHERE id > {before.id}",
           "INSERT INTO audit (id, at, actor, action, finding_id, note, prev_hash, entry_hash) VALUES "
           f"({new_id}, '{naive}', 'clerk', 'acknowledged', {trail[0].finding_id}, '{note}', "
           f"'{before.entry_hash}', '{forged}')")
    status, out = audit_verify(config_file, capsys)
    assert status == 1
    assert f"entry {new_id} ({at:%Y-%m-%d %H:%M:%S} UTC, acknowledged) was inserted (after {named(before)})" in out


def test_an_entry_appended_without_its_hash_is_named(database: Engine, trail: list[AuditRow], config_file: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A plain INSERT at the end (hashes copied from the head) is named."""
    head = trail[-1]
    tamper(database, "INSERT INTO audit (at, actor, action, finding_id, note, prev_hash, entry_hash) VALUES "
                     f"('2025-03-03 10:00:00', 'clerk', 'fixed', {head.finding_id}, 'fixed', "
                     f"'{head.prev_hash}', '{head.entry_hash}')")
    status, out = audit_verify(config_file, capsys)
    assert status == 1 and f"entry {(head.id or 0) + 1} (2025-03-03 10:00:00 UTC, fixed) was changed or inserted" in out


def test_a_back_dated_entry_appended_with_a_good_hash_is_caught_by_the_digest_head(
        database: Engine, trail: list[AuditRow], config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the head hash copied off the server shows an entry appended after it yet dated before it."""
    head = trail[-1]
    at = T0 + 30 * 60 * timedelta(seconds=1)
    forged = entry_hash(head.entry_hash, at, "clerk", "acknowledged", trail[2].finding_id, "seen")
    tamper(database, "INSERT INTO audit (at, actor, action, finding_id, note, prev_hash, entry_hash) VALUES "
                     f"('{at.replace(tzinfo=None).isoformat(sep=' ')}', 'clerk', 'acknowledged', "
                     f"{trail[2].finding_id}, 'seen', '{head.entry_hash}', '{forged}')")
    assert audit_verify(config_file, capsys)[0] == 0  # the chain alone cannot see a well-made append
    status, out = audit_verify(config_file, capsys, "--head", head.entry_hash)
    assert status == 1
    assert f"entry {(head.id or 0) + 1} ({at:%Y-%m-%d %H:%M:%S} UTC, acknowledged) was inserted after the head" in out


def test_a_head_hash_from_a_digest_is_found_or_its_absence_reported(
        database: Engine, trail: list[AuditRow], config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A trail rebuilt from scratch no longer holds the hash the digest carried: exit 1."""
    status, out = audit_verify(config_file, capsys, "--head", trail[4].entry_hash.upper())
    assert status == 0 and f"it holds {trail[4].entry_hash}" in out
    status, out = audit_verify(config_file, capsys, "--head", "ab" * 32)
    assert status == 1 and "does not hold the head hash" in out


def test_a_bad_head_hash_is_a_usage_error(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--head takes 64 hexadecimal digits."""
    with pytest.raises(SystemExit) as stopped:
        main(["audit", "verify", "--config", str(config_file), "--head", "not-a-hash"])
    assert stopped.value.code == 2 and "64 hexadecimal digits" in capsys.readouterr().err


def test_audit_head_prints_the_newest_hash(trail: list[AuditRow], config_file: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`audit head` prints what the digest carries."""
    assert main(["audit", "head", "--config", str(config_file)]) == 0
    assert capsys.readouterr().out == f"{trail[-1].entry_hash}  (8 audit entries)\n"


def test_retention_deletes_old_entries_and_the_chain_still_verifies(database: Engine,
                                                                    example_config: Config) -> None:
    """Six-year-old entries go in runs between kept ones; retention's "purged" entry bridges each gap."""
    old = NOW - timedelta(days=7 * 365)
    with session_scope(database) as session:
        gone, kept = record_findings(session, [finding(handle="CllrGone"), finding(handle="CllrStays")], set(),
                                     old).to_alert
        add_audit(session, None, "monitor", "daemon started", "", old + HOUR)
        dismiss(session, gone.id or 0, "clerk", "left the council", old + 2 * HOUR)
        mark_alerted(session, [kept], NOW - HOUR)
    with session_scope(database) as session:
        assert purge(session, example_config, NOW).audit == 4
    with session_scope(database) as session:
        verdict = verify(session)
        rest = list(session.exec(select(AuditRow).order_by(AuditRow.id)))  # type: ignore[arg-type]
    assert verdict.broken is None, verdict.broken.describe()
    assert [r.action for r in rest] == ["found", "evidence captured", "alerted", "purged"]
    with session_scope(database) as session:  # a second purge deletes nothing and adds nothing
        assert purge(session, example_config, NOW + HOUR).audit == 0
        assert verify(session).broken is None and verify(session).checked == 4


def test_two_writers_at_once_keep_the_chain_in_one_line(database_url: str) -> None:
    """The daemon and the console appending at the same moment: every entry links to the one before it."""
    engines = [open_database(database_url) for _ in range(2)]
    start = threading.Barrier(2)

    def write(engine: Engine, who: str) -> None:
        """Append forty entries, one transaction each."""
        start.wait()
        for n in range(40):
            with session_scope(engine) as session:
                add_audit(session, None, who, "note", f"{who} {n}", NOW)

    threads = [threading.Thread(target=write, args=(e, f"writer{i}")) for i, e in enumerate(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with session_scope(engines[0]) as session:
        verdict = verify(session)
        assert verdict.broken is None and verdict.checked == 80
        assert verdict.head == head_hash(session)
    for e in engines:
        e.dispose()


def test_the_daily_digest_carries_the_head_hash(example_config: Config) -> None:
    """The digest email is the copy of the head that lives off the server."""
    from monitor import alerts
    from monitor.records import Finding

    item = alerts.DigestItem(Finding("missing-disclaimer", "x", "CllrSmith", None, "medium", "6.4", "no disclaimer"), 1)
    head = "ab" * 32
    [message] = alerts.compose_digest(example_config, [item], day=T0.date(), now=T0, audit_head=head)
    assert message.html is not None and head in message.html and head in message.text


APPENDER = """
import sys
from datetime import UTC, datetime
from monitor.store.db import open_database, session_scope
from monitor.store.findings import add_audit
engine = open_database(sys.argv[1])
for n in range(60):
    with session_scope(engine) as session:
        add_audit(session, None, sys.argv[2], "note", f"{sys.argv[2]} {n}", datetime.now(UTC))
"""


def test_two_processes_at_once_keep_the_chain_in_one_line(database_url: str, database: Engine) -> None:
    """The daemon and the web console are separate processes: their entries still form one chain."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, database_url, who], cwd=root)
             for who in ("daemon", "console")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with session_scope(database) as session:
        verdict = verify(session)
        actors = {r.actor for r in session.exec(select(AuditRow))}
    assert verdict.broken is None and verdict.checked == 120 and actors == {"daemon", "console"}
