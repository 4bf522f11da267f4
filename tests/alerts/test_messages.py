"""Every kind of message on a seeded set of hard cases: lookalikes (Cyrillic, capital I, zero-width), personal
details (a phone number at the end of a long post, a home address, an email address) and emoji.

Snapshots of each message's HTML (email) and Markdown (Slack) are in tests/alerts/snapshots/; after an intended
change: UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/alerts/test_messages.py, then read the diff.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from monitor import alerts
from monitor.config import Config
from monitor.records import Finding, Post
from tests.alerts.snapshot import matches_snapshot

NOW = datetime(2026, 11, 24, 9, 14, tzinfo=UTC)
POSTED = datetime(2026, 11, 23, 18, 2, tzinfo=UTC)

LONG_POST = ("Lovely day at the Christmas fair, thank you to everyone who came along and helped set up the stalls, "
             "the tombola and the mince pies. Special thanks to the scouts. If anyone found a blue coat with a "
             "red scarf in the pocket please ring Mrs Bell on 07700 900123")
ADDRESS_POST = ("Speeding on Station Road again. Mr Dennis Hale, who lives at 14 Station Road, Brackley NN13 6XX, "
                "says his drive is blocked every morning. Email him at dennis.hale@gmail.com 🚗💨")
PHONE = LONG_POST.index("07700")
STREET = ADDRESS_POST.index("14 Station")
EMAIL = ADDRESS_POST.index("dennis.hale")
# The personal details of the seeded findings, which no message may carry in full.
SECRETS = ("07700 900123", "07700900123", "900123", "14 Station Road", "NN13 6XX", "dennis.hale@gmail.com",
           "dennis.hale")


def lookalike(handle: str, name: str) -> Finding:
    """Return an impersonation finding of a lookalike of @BrackleyTC."""
    return Finding("impersonation", "x", handle, None, "high", "3.1",
                   f"@{handle} looks like Brackley Town Council's account @BrackleyTC (score 0.97): handle @{handle} "
                   "reads as the registered X account @BrackleyTC once look-alike characters are folded",
                   {"subject": "x:BrackleyTC", "owner": "Brackley Town Council", "score": 0.97, "field": "profile",
                    "reasons": ["same skeleton as @BrackleyTC", "account created 9 days ago (under 90)"],
                    "excerpt": name})


CASES: dict[str, tuple[Finding, Post | None]] = {
    "lookalike-capital-i": (lookalike("BrackIeyTC", "Brackley Town Council \u2705"), None),
    "lookalike-cyrillic": (lookalike("Br\u0430ckleyTC", "Br\u0430ckley Town Council"), None),
    "lookalike-zero-width": (lookalike("Brackley\u200bTC", "Brackley\u200b Town Council"), None),
    "personal-phone": (
        Finding("personal-data", "x", "DaveHughesCllr", "2125065367188406272", "high", "6.4", "Gives a phone number",
                {"field": "text", "span": [PHONE, len(LONG_POST)], "kind": "phone", "score": 0.9,
                 "excerpt": "…" + LONG_POST[PHONE - 40:], "reasons": ["UK phone number"],
                 "matches": [{"kind": "phone", "span": [PHONE, len(LONG_POST)]}]}),
        Post("x", "DaveHughesCllr", "2125065367188406272", POSTED, LONG_POST, role="councillor")),
    "personal-address": (
        Finding("personal-data", "facebook", "CllrPriyaSharma", "100064812345678_122102000000000201", "high", "6.4",
                "Gives a home address (and an email address)",
                {"field": "text", "span": [STREET, STREET + 34], "kind": "address", "score": 0.85,
                 "excerpt": "…" + ADDRESS_POST[STREET - 40: STREET + 74] + "…",
                 "reasons": ["home address", "email address"],
                 "matches": [{"kind": "address", "span": [STREET, STREET + 34]},
                             {"kind": "email", "span": [EMAIL, EMAIL + 21]}]}),
        None),  # no post at hand: the stored excerpt alone must be masked
    "offensive-emoji": (
        Finding("offensive", "x", "DaveHughesCllr", "2125065367188406273", "medium", "6.4, 6.5, 7.2, 9.3",
                "Abusive language.", {"field": "text", "span": [52, 57], "score": 0.8, "reasons": ["term: idiot"],
                                      "excerpt": "whoever planned that road closure is an idiot 🙄🤬"}),
        Post("x", "DaveHughesCllr", "2125065367188406273", POSTED,
             "Fish & chips tonight 🐟🍟 and whoever planned that road closure is an idiot 🙄🤬", role="councillor")),
    "unattended": (
        Finding("unattended", "facebook", "BrackleyTownCouncil", None, "medium", "Appendix",
                "@BrackleyTownCouncil (facebook) has not posted for 9.2 days (limit 7).",
                {"field": "last_post_at", "last_post_at": "2026-11-12T06:14:00+00:00", "silent_days": 9.2,
                 "limit_days": 7.0, "score": 1.0, "reasons": ["last post Thu 12 Nov 2026 06:14"]}),
        None),
    "hours-notice": (
        Finding("hours-notice", "x", "BrackleyTC", None, "low", "Appendix",
                "@BrackleyTC (x) does not say on its profile when it is staffed.",
                {"field": "bio", "score": 1.0, "excerpt": "Official account of Brackley Town Council.",
                 "reasons": ["no days or hours of staffing in the bio, pinned post, name or location"]}),
        None),
}


def every_message(config: Config) -> dict[str, alerts.Message]:
    """Return one message of each kind: an alert per case, the digest of them all, blind and recovered."""
    out = {name: alerts.compose_alert(config, f, n, post=p, now=NOW)
           for n, (name, (f, p)) in enumerate(CASES.items(), start=1)}
    items = [alerts.DigestItem(f, n, p) for n, (f, p) in enumerate(CASES.values(), start=1)]
    for message in alerts.compose_digest(config, items, day=NOW.date(), now=NOW):
        out[f"digest-{message.tags[0]}"] = message
    out["blind"] = alerts.compose_system(config, "x", down=True, since=NOW - timedelta(hours=2),
                                         detail="cannot resolve api.x.com (Name or service not known)")
    out["blind-token"] = alerts.compose_system(
        config, "x", down=True, since=NOW - timedelta(hours=2),
        detail="X refused the access token (HTTP 401). What to do: make a new token, put it in "
               "/etc/council-monitor/credentials/ and run: sudo systemctl restart council-monitor")
    out["recovered"] = alerts.compose_system(config, "x", down=False, since=NOW - timedelta(hours=2), until=NOW)
    return out


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_every_message_matches_its_snapshot(example_config: Config, fmt: str) -> None:
    for name, message in every_message(example_config).items():
        body = message.html if fmt == "html" else message.text
        matches_snapshot(f"{name}.{fmt}", f"Subject: {message.title}\n\n{body}\n")


def visible(text: str) -> str:
    """Return what a reader sees of an HTML or Markdown body: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_no_message_carries_a_personal_detail_in_full(example_config: Config) -> None:
    for name, message in every_message(example_config).items():
        for body in (message.title, message.text, message.html or "", message.summary or ""):
            for secret in SECRETS:
                assert secret not in visible(body), f"{name} shows {secret!r}"


def test_personal_details_are_named_by_kind_and_masked(example_config: Config) -> None:
    messages = every_message(example_config)
    assert "[a mobile number ending 23]" in messages["personal-phone"].text
    address = messages["personal-address"].text
    assert "a postcode in NN13" in address or "a home address in NN13" in address


@pytest.mark.parametrize(("text", "label", "hidden"), [
    ("Thoughts with Mrs Dinah Price of Banbury Road, who is still in hospital after the fall.",
     "[a named person's health]", ("in hospital", "Dinah Price")),
    ("Word is that Mr Colin Ames is behind on his council tax again, so don't expect him at the AGM.",
     "[a named person's debts or benefits]", ("council tax", "Colin Ames")),
])
def test_a_named_persons_health_or_money_is_masked_by_its_kind(
        example_config: Config, text: str, label: str, hidden: tuple[str, ...]) -> None:
    """The health or debts the check found are named as such in the excerpt, never quoted (clause 6.4)."""
    from monitor.checks import History, by_rule
    from monitor.checks.base import Context
    from monitor.engine import check_post

    post = Post(platform="x", handle="CllrJWhitfield", id="55", created_at=POSTED, role="councillor", text=text)
    ctx = Context(config=example_config, now=NOW, history=History((), (post,)))
    [finding] = check_post(post, ctx, [by_rule("personal-data")])
    message = alerts.compose_alert(example_config, finding, 3, post=post, now=NOW)
    for body in (message.text, visible(message.html or "")):
        assert label in body
        assert all(word not in body for word in hidden)


def test_overlapping_personal_details_are_masked_once(example_config: Config) -> None:
    """Where the person lives and the address itself overlap, the reader sees one label and none of the address."""
    from monitor.checks import History, by_rule
    from monitor.checks.base import Context
    from monitor.engine import check_post

    text = "Mr Dennis Hale, who lives at 14 Station Road, Brackley NN13 6XX, says his drive is blocked every morning."
    post = Post(platform="x", handle="CllrJWhitfield", id="56", created_at=POSTED, role="councillor", text=text)
    ctx = Context(config=example_config, now=NOW, history=History((), (post,)))
    [finding] = check_post(post, ctx, [by_rule("personal-data")])
    body = alerts.compose_alert(example_config, finding, 3, post=post, now=NOW).text
    assert "who lives at [a home address in NN13], says" in body
    assert "Station Road" not in body and "6XX" not in body


@pytest.mark.parametrize(("case", "named"), [
    ("lookalike-capital-i", "capital I (U+0049) where the real one has small l"),
    ("lookalike-cyrillic", "Cyrillic \u0430 (U+0430) where the real one has Latin a"),
    ("lookalike-zero-width", "an invisible character (U+200B) after 'Brackley'"),
])
def test_each_lookalike_message_names_the_difference(example_config: Config, case: str, named: str) -> None:
    message = every_message(example_config)[case]
    assert named in message.text and named in html.unescape(message.html or "")
    assert "font-family:'DejaVu Sans Mono'" in (message.html or "")
    assert "background:#ffe08a" in (message.html or "")  # the differing character is marked


def test_the_excerpt_contains_what_was_found_and_the_post_time(example_config: Config) -> None:
    message = every_message(example_config)["offensive-emoji"]
    assert "idiot" in message.text and "posted 18:02 on Mon 23 Nov 2026" in message.text


def test_a_silence_is_counted_to_the_moment_of_the_message(example_config: Config) -> None:
    """The digest goes out hours after detection: it gives the silence then, not the days frozen in the finding."""
    text = every_message(example_config)["unattended"].text
    assert "has not posted since 06:14 on Thu 12 Nov 2026: 12.1 days by 09:14 Tue 24 Nov" in text
    assert "9.2 days" not in text


def test_the_blind_alert_separates_the_clerk_from_the_it_contractor(example_config: Config) -> None:
    text = every_message(example_config)["blind"].text
    clerk, contractor = text.split("**What the IT contractor should do:**")
    assert "**What you (the Clerk) should do:**" in clerk and "DNS" not in clerk
    assert "DNS" in contractor and "journalctl" in contractor


def test_the_blind_alert_says_nothing_at_first_only_when_waiting_will_cure_it(example_config: Config) -> None:
    messages = every_message(example_config)
    waiting, token = messages["blind"].text, messages["blind-token"].text
    assert "Nothing for now" in waiting and "forward this email" in waiting
    clerk, contractor = token.split("**What the IT contractor should do:**")
    assert "Forward this email to your IT contractor today" in clerk and "Nothing for now" not in clerk
    assert "Make a new token" in contractor and "Nothing needs restarting" not in contractor
    assert "What to do:" not in token  # the job's own step is sorted into one of the two parts


def test_no_message_speaks_in_jargon(example_config: Config) -> None:
    for name, message in every_message(example_config).items():
        for body in (message.text, visible(message.html or "")):
            assert "clause Appendix" not in body and "score 0.97)" not in body.replace("very likely, score", "")
            assert not re.search(r"poll:\w+|\bpurge\b", body), name
