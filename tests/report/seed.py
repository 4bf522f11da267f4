"""A fixed, seeded week for the report tests: Brackley Town Council, week 2027-W15 (12 to 18 April, BST).

Every time is written in council time and stored in UTC; nothing depends on the clock. The week has
a bit of everything: open findings of each severity, closures, residents' questions (answered, late,
unanswered), a lookalike, a running pre-election period, an X outage, an expiring token, skipped reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from monitor.records import handle_key
from monitor.report.schedule import Week
from monitor.store.models import AccountRow, FindingRow, PostRow, RunRow, SourceHealthRow, SpendRow

LONDON = ZoneInfo("Europe/London")
WEEK = Week(2027, 15)
# The report is made on Monday 19 April 2027 at 08:00 council time.
NOW = datetime(2027, 4, 19, 8, 0, tzinfo=LONDON).astimezone(UTC)


def at(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime:
    """Return a council-time moment in 2027 as UTC."""
    return datetime(2027, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def rows(model: type[SQLModel], items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return column dicts for Core inserts, with the model's defaults filled in and no id."""
    out = []
    for item in items:
        values = model(**item).model_dump()
        if values.get("id") is None:
            values.pop("id", None)
        out.append(values)
    return out


def put(engine: Engine, model: type[SQLModel], items: Iterable[dict[str, Any]]) -> None:
    """Insert rows of one table."""
    values = rows(model, items)
    if values:
        with engine.begin() as conn:
            conn.execute(insert(model.metadata.tables[str(model.__tablename__)]), values)


def account(platform: str, handle: str, role: str, last_post: datetime | None = None) -> dict[str, Any]:
    """Return an account row."""
    return {"platform": platform, "handle": handle, "handle_key": handle_key(handle), "role": role,
            "first_seen": at(1, 9, month=3), "last_seen": at(18, 22), "last_post_at": last_post}


def post(platform: str, post_id: str, handle: str, role: str, when: datetime, text: str,
         reply_to: str | None = None, reply_to_handle: str | None = None, url: str | None = None) -> dict[str, Any]:
    """Return a post row."""
    return {"platform": platform, "post_id": post_id, "handle": handle, "handle_key": handle_key(handle),
            "role": role, "created_at": when, "text": text, "reply_to": reply_to, "reply_to_handle": reply_to_handle,
            "url": url, "fetched_at": when + timedelta(minutes=5)}


def finding(rule: str, severity: str, clause: str, handle: str, first_seen: datetime, message: str,
            state: str = "open", closed_at: datetime | None = None, post_id: str | None = None,
            platform: str = "x", **evidence: Any) -> dict[str, Any]:
    """Return a finding row."""
    return {"rule": rule, "subject": f"{platform}:{handle_key(handle)}:{post_id or ''}", "platform": platform,
            "handle": handle, "handle_key": handle_key(handle), "post_id": post_id, "severity": severity,
            "clause": clause, "message": message, "evidence_json": json.dumps(evidence), "state": state,
            "first_seen": first_seen, "last_seen": max(first_seen, closed_at or first_seen),
            "alerted_at": first_seen if state != "pending" else None, "closed_at": closed_at,
            "closed_by": {"fixed": "monitor", "dismissed": "jclerk"}.get(state),
            "closed_reason": {"fixed": "no longer found on re-check", "dismissed": "false positive"}.get(state),
            "closed_note": "quotes the resident's own post" if state == "dismissed" else ""}


ACCOUNTS = [
    account("x", "BrackleyTC", "official", at(17, 10)),
    account("facebook", "BrackleyTownCouncil", "official", at(12, 9, 30)),
    account("x", "CllrJWhitfield", "councillor", at(16, 19)),
    account("x", "TomOkaforBTC", "councillor", at(2, 12)),
    account("x", "PriyaSharmaBTC", "councillor", at(15, 8)),
    account("facebook", "CllrPriyaSharma", "councillor", None),
    account("x", "DaveHughesCllr", "councillor", at(15, 21)),
    account("x", "BrackIeyTC", "other", None),  # the lookalike (capital i)
    # MEllisBrackley was never read: the report must say so.
]

FB = "104729361234567"
POSTS = [
    post("x", "1779000000000000100", "BrackleyTC", "official", at(9, 16), "Office closed Friday afternoon."),
    post("x", "1779000000000000101", "BrackleyTC", "official", at(12, 10), "Bin collections change next week."),
    post("x", "1779000000000000102", "BrackleyTC", "official", at(13, 11), "Road closure on Market Place."),
    post("x", "1779000000000000103", "BrackleyTC", "official", at(17, 10), "I think the new bins are awful."),
    post("x", "1779000000000000104", "BrackleyTC", "official", at(13, 15), "Cllr Hughes opened the play area."),
    # Residents' questions: answered in 4 office hours, in 12, and never.
    post("x", "1779000000000000201", "resident_one", "other", at(12, 10, 30), "Which day is green bin day?",
         "1779000000000000101", "BrackleyTC"),
    post("x", "1779000000000000301", "BrackleyTC", "official", at(12, 14, 30), "Thursdays from the 19th.",
         "1779000000000000201", "resident_one"),
    post("x", "1779000000000000202", "resident_two", "other", at(13, 16), "Is the road open for buses?",
         "1779000000000000102", "BrackleyTC"),
    post("x", "1779000000000000302", "BrackleyTC", "official", at(15, 12), "Yes, buses are diverted.",
         "1779000000000000202", "resident_two"),
    post("x", "1779000000000000203", "resident_three", "other", at(14, 9), "When does it reopen?",
         "1779000000000000102", "BrackleyTC"),
    post("x", "1779000000000000204", "resident_four", "other", at(12, 11), "Thanks for letting us know!",
         "1779000000000000101", "BrackleyTC"),
    # The council's Facebook Page: one comment with a question, answered in 5 office hours.
    post("facebook", f"{FB}_1", "BrackleyTownCouncil", "official", at(12, 9, 30), "Town Hall opening hours."),
    post("facebook", f"{FB}_1_5", "Alex Resident", "other", at(14, 10), "Can I book the hall for a party?",
         f"{FB}_1", "BrackleyTownCouncil"),
    post("facebook", f"{FB}_1_6", "BrackleyTownCouncil", "official", at(14, 15), "Yes: call the office.",
         f"{FB}_1_5", "Alex Resident"),
    # Councillors.
    post("x", "1779000000000000401", "CllrJWhitfield", "councillor", at(12, 18), "Surgery on Saturday."),
    post("x", "1779000000000000402", "CllrJWhitfield", "councillor", at(14, 18), "Great turnout at the fair."),
    post("x", "1779000000000000403", "CllrJWhitfield", "councillor", at(16, 19), "See you at the market."),
    post("x", "1779000000000000501", "DaveHughesCllr", "councillor", at(15, 21),
         "Fish & chips <b>tonight</b>, and whoever planned that road closure is an idiot."),
    post("x", "1779000000000000601", "PriyaSharmaBTC", "councillor", at(15, 8), "Planning committee tonight."),
    post("x", "1779000000000000602", "PriyaSharmaBTC", "councillor", at(1, 8), "Happy Easter!"),
    post("x", "1779000000000000701", "TomOkaforBTC", "councillor", at(2, 12), "Litter pick on Sunday."),
]

FINDINGS = [
    finding("missing-disclaimer", "medium", "6.4", "CllrJWhitfield", at(15, 10, month=3),
            "The profile carries no disclaimer.", state="open", field="bio", excerpt="Cllr for Brackley South"),
    finding("offensive", "medium", "6.4, 6.5, 7.2, 9.3", "DaveHughesCllr", at(16, 20, month=3),
            "Abusive language.", state="fixed", closed_at=at(23, 9, month=3), post_id="1779000000000000001"),
    finding("personal-data", "high", "6.4", "TomOkaforBTC", at(24, 11, month=3),
            "A post gives a resident's phone number.", state="dismissed", closed_at=at(14, 12),
            post_id="1779000000000000002", excerpt="call Mrs B on 07700 900123"),
    finding("confidential", "high", "5.1, 6.5, 7.2", "PriyaSharmaBTC", at(30, 17, month=3),
            "A post discusses the closed session on the depot sale.", state="acknowledged",
            post_id="1779000000000000003", excerpt="in closed session we agreed the depot price"),
    finding("hours-notice", "low", "Appendix", "BrackleyTC", at(31, 9, month=3),
            "The profile does not say when it is staffed."),
    finding("offensive", "medium", "6.4, 6.5, 7.2, 9.3", "CllrJWhitfield", at(1, 14),
            "Obscene word.", state="fixed", closed_at=at(13, 10), post_id="1779000000000000004"),
    finding("unattended", "medium", "Appendix", "BrackleyTownCouncil", at(5, 9), "No post for 9 days.",
            state="fixed", closed_at=at(6, 9), platform="facebook"),
    finding("pre-election", "high", "10.1", "BrackleyTC", at(8, 11), "Names a candidate's party.",
            post_id="1779000000000000005", excerpt="thanks to the Labour group for the new benches"),
    # This week.
    finding("pre-election", "high", "10.1", "BrackleyTC", at(13, 15, 10), "Names a standing councillor.",
            state="open", post_id="1779000000000000104", excerpt="Cllr Hughes opened the play area."),
    finding("impersonation", "high", "3.1", "BrackIeyTC", at(14, 2), "Looks like @BrackleyTC.", state="open",
            subject="x:brackleytc", score=0.91, reasons=["same skeleton as @BrackleyTC", "account 3 days old"]),
    finding("offensive", "medium", "6.4, 6.5, 7.2, 9.3", "DaveHughesCllr", at(15, 21, 5), "Abusive language.",
            post_id="1779000000000000501", excerpt="Fish & chips <b>tonight</b>, and whoever planned that road "
            "closure is an idiot.", reasons=["term: idiot"]),
    finding("unanswered", "medium", "Appendix", "resident_three", at(16, 9),
            "A resident's question has had no reply for 16 office hours.", post_id="1779000000000000203"),
    finding("personal-opinion", "medium", "6.4", "BrackleyTC", at(17, 10, 5),
            "Personal opinion on an official account.", state="fixed", closed_at=at(18, 9),
            post_id="1779000000000000103", excerpt="I think the new bins are awful."),
    # After the week ended (Monday morning): not in this report.
    finding("offensive", "medium", "6.4", "DaveHughesCllr", at(19, 7, 30), "Too late for W15.",
            post_id="1779000000000000502"),
]


def runs() -> list[dict[str, Any]]:
    """Return two polls every two hours all week; X fails on Wednesday from 08:00 to 16:00."""
    out = []
    start = WEEK.start(LONDON)
    for slot in range(7 * 12):
        when = start + timedelta(hours=2 * slot)
        local = when.astimezone(LONDON)
        x_down = local.date() == date(2027, 4, 14) and 8 <= local.hour <= 16
        out.append({"job": "poll:x", "started_at": when, "finished_at": when + timedelta(seconds=20),
                    "status": "failed" if x_down else "ok",
                    "error": "X API answered 503 Service Unavailable (retrying)" if x_down else None})
        out.append({"job": "poll:facebook", "started_at": when, "finished_at": when + timedelta(seconds=9),
                    "status": "ok"})
    return out


SOURCES = [
    {"source": "x", "state": "up", "since": at(14, 18), "last_error": None},
    {"source": "facebook", "state": "up", "since": at(1, 9, month=3)},
    {"source": "facebook-token", "state": "down", "since": at(16, 9),
     "last_error": "The Page token expires on 25 Apr 2027: renew it (see the README)."},
]


def spend() -> list[dict[str, Any]]:
    """Return X reads for each day of April to the 18th, and reads skipped on the Saturday."""
    out = [{"day": date(2027, 4, d), "platform": "x", "kind": "post_read", "count": 80, "usd": 0.40}
           for d in range(1, 19)]
    out.append({"day": date(2027, 3, 31), "platform": "x", "kind": "post_read", "count": 200, "usd": 1.0})
    out.append({"day": date(2027, 4, 1), "platform": "x", "kind": "user_read", "count": 50, "usd": 0.50})
    out.append({"day": date(2027, 4, 17), "platform": "x", "kind": "skipped_post_read", "count": 120, "usd": 0.60})
    return out


def seed_week(engine: Engine) -> None:
    """Fill an empty, migrated database with the seeded week."""
    put(engine, AccountRow, ACCOUNTS)
    put(engine, PostRow, POSTS)
    put(engine, FindingRow, FINDINGS)
    put(engine, RunRow, runs())
    put(engine, SourceHealthRow, SOURCES)
    put(engine, SpendRow, spend())
