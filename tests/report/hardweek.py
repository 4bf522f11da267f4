"""The seeded week (tests/report/seed.py) plus the cases a Clerk found hard to read: lookalikes with a Cyrillic
letter, a capital I and a zero-width space, a phone number at the end of a long post, a home address and an email
address, and emoji in a display name and a post."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from monitor.store.models import AccountRow, DeliveryRow, FindingRow, PostRow
from tests.report.seed import account, at, finding, post, put, seed_week

LONG_POST = ("Lovely day at the Christmas fair, thank you to everyone who came along and helped set up the stalls, "
             "the tombola and the mince pies. Special thanks to the scouts. If anyone found a blue coat with a "
             "red scarf in the pocket please ring Mrs Bell on 07700 900123")
ADDRESS_POST = ("Speeding on Station Road again. Mr Dennis Hale, who lives at 14 Station Road, Brackley NN13 6XX, "
                "says his drive is blocked every morning. Email him at dennis.hale@gmail.com 🚗💨")
PHONE, STREET, EMAIL = LONG_POST.index("07700"), ADDRESS_POST.index("14 Station"), ADDRESS_POST.index("dennis.hale")
# What no email, message, report or CSV may show in full.
SECRETS = ("07700 900123", "07700900123", "900123", "14 Station Road", "NN13 6XX", "dennis.hale@gmail.com",
           "dennis.hale")
# Lookalike handle: (its display name, the registered handle it imitates, whose it is). The seed already has
# @BrackIeyTC (capital I) without a display name; this capital I imitates a councillor and carries an emoji tick.
LOOKALIKES = {"Br\u0430ckleyTC": ("Br\u0430ckley Town Council", "BrackleyTC", "Brackley Town Council"),
              "CllrJWhitfieId": ("Cllr Jane Whitfield \u2705", "CllrJWhitfield", "Jane Whitfield"),
              "Brackley\u200bTC": ("Brackley\u200b Town Council", "BrackleyTC", "Brackley Town Council")}


def seed_hard_week(engine: Engine) -> None:
    """Fill an empty database with the seeded week and the hard cases."""
    seed_week(engine)
    # The resident whose question waits is known by name: the report says "Sam Taylor (@resident_three)".
    put(engine, AccountRow, [{**account("x", "resident_three", "other"), "display_name": "Sam Taylor"}])
    put(engine, PostRow, [
        post("x", "1779000000000000801", "DaveHughesCllr", "councillor", at(16, 18, 2), LONG_POST),
        post("x", "1779000000000000802", "PriyaSharmaBTC", "councillor", at(17, 9, 30), ADDRESS_POST),
    ])
    rows = [
        finding("personal-data", "high", "6.4", "DaveHughesCllr", at(16, 18, 10), "Gives a phone number",
                post_id="1779000000000000801", field="text", span=[PHONE, len(LONG_POST)], kind="phone", score=0.9,
                excerpt="…" + LONG_POST[PHONE - 40:], reasons=["UK phone number"],
                matches=[{"kind": "phone", "span": [PHONE, len(LONG_POST)]}]),
        finding("personal-data", "high", "6.4", "PriyaSharmaBTC", at(17, 9, 40),
                "Gives a home address (and an email address)", post_id="1779000000000000802", field="text",
                span=[STREET, STREET + 34], kind="address", score=0.85,
                excerpt="…" + ADDRESS_POST[STREET - 40: STREET + 74] + "…", reasons=["home address", "email address"],
                matches=[{"kind": "address", "span": [STREET, STREET + 34]},
                         {"kind": "email", "span": [EMAIL, EMAIL + 21]}]),
    ]
    for n, (handle, (name, real, owner)) in enumerate(LOOKALIKES.items()):
        rows.append(finding("impersonation", "high", "3.1", handle, at(15, 3 + n),
                            f"@{handle} looks like {owner}'s account @{real} (score 0.97)",
                            subject=f"x:{real}", owner=owner, score=0.97, field="profile",
                            excerpt=name, reasons=[f"same skeleton as @{real}", "account created 2 days ago"]))
    put(engine, FindingRow, rows)
    # The phone number's alert went out; the Cyrillic lookalike's is still refused by the mail server.
    table, cyrillic = FindingRow.metadata.tables["finding"], "Br\u0430ckleyTC"
    with engine.connect() as conn:
        ids = dict(conn.execute(select(table.c.handle, table.c.id).where(
            (table.c.handle == cyrillic) | (table.c.post_id == "1779000000000000801"))).all())
    put(engine, DeliveryRow, [
        {"dedupe_key": f"alert:{ids['DaveHughesCllr']}:0", "kind": "alert", "title": "t", "body_text": "b",
         "state": "sent", "attempts": 1, "next_attempt_at": at(16, 18, 10), "created_at": at(16, 18, 10),
         "sent_at": at(16, 18, 11)},
        {"dedupe_key": f"alert:{ids[cyrillic]}:0", "kind": "alert", "title": "t", "body_text": "b",
         "state": "pending", "attempts": 4, "next_attempt_at": at(19, 9), "created_at": at(15, 2),
         "last_error": "FAILURE: mailto://clerk@...: Sending email failed: the server answered 550 5.7.1 rejected"},
    ])
