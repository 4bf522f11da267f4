"""The Clerk at the console over HTTP for a while: sign in, then act on finding after finding, counting answers.

Usage: python -m tests.web.clerk URL NAME PASSWORD SECONDS. A one-time password (`council-monitor users add`)
is changed at first sign-in, as a person would. Prints one JSON line: the actions done per kind, the
answers that were refused for no reason the page gives, the refusals because the finding moved on meanwhile
(400, the page saying what state it is now in: the daemon reopens a fixed finding that fires again) and the server
errors (5xx).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from tests.web.helpers import code_for, csrf_of, secret_of

# Every action the console offers; each turn takes the next of those the finding's state allows.
ROUND = ("acknowledge", "assign", "fix", "dismiss", "reopen")
NEW_PASSWORD = "a longer passphrase the clerk chose at first sign-in"
# The store's refusal when the state moved on: "finding 7 is open, so you cannot reopen it; you can ...".
MOVED_ON = re.compile(r"finding \d+ is [a-z]+, so you cannot [a-z]+ it")


@dataclass
class Tally:
    """What the Clerk did and what the console answered."""

    done: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    moved_on: int = 0
    server_errors: int = 0
    errors: list[str] = field(default_factory=list)
    turns: int = 0

    def as_json(self) -> str:
        """Return the figures as one JSON line."""
        return json.dumps({"actions": sum(self.done.values()), "by_action": dict(self.done), "refused": self.refused,
                           "moved_on": self.moved_on, "server_errors": self.server_errors, "errors": self.errors[:5],
                           "turns": self.turns})


def sign_in_first_time(client: httpx.Client, name: str, password: str) -> str:
    """Sign in with a one-time password: enrol the authenticator, choose a new password, sign in again."""
    page = client.get("/sign-in")
    answer = client.post("/sign-in", data={"csrf": csrf_of(page.text), "name": name, "password": password})
    if answer.url.path == "/sign-in/code":  # enrolled already (a second run on the same database)
        raise SystemExit(f"clerk: {name} has enrolled an authenticator already; `council-monitor users reset {name}`")
    secret = secret_of(answer.text)
    answer = client.post(str(answer.url), data={"csrf": csrf_of(answer.text), "code": code_for(secret)})
    if answer.url.path == "/password":
        client.post("/password", data={"csrf": csrf_of(answer.text), "current": password, "new": NEW_PASSWORD,
                                       "again": NEW_PASSWORD})
        page = client.get("/sign-in")
        answer = client.post("/sign-in", data={"csrf": csrf_of(page.text), "name": name, "password": NEW_PASSWORD})
        # The code just used is spent: the next step's code is accepted (one step of drift either side).
        answer = client.post(str(answer.url), data={"csrf": csrf_of(answer.text), "code": code_for(secret, 1)})
    if answer.url.path != "/":
        raise SystemExit(f"clerk: signing in as {name} ended on {answer.url.path}: {answer.text[:300]}")
    return secret


def act_once(client: httpx.Client, finding_id: int, turn: int, tally: Tally) -> None:
    """Take the next action the finding offers in ROUND's order (GET the form, POST it with its CSRF token)."""
    page = client.get(f"/findings/{finding_id}")
    if page.status_code >= 500:
        tally.server_errors += 1
        tally.errors.append(f"GET /findings/{finding_id}: {page.status_code}")
        return
    offered = set(re.findall(rf'href="/findings/{finding_id}/([a-z]+)"', page.text))
    choices = [a for a in ROUND if a in offered]
    if not choices:
        return
    action = choices[turn % len(choices)]
    target = f"/findings/{finding_id}/{action}"
    form = client.get(target)
    data = {"csrf": csrf_of(form.text), "note": f"turn {turn}: {action} by the concurrent-writers test"}
    if action == "assign":
        data["councillor"] = re.findall(r'<option value="([^"]+)"', form.text)[0]
    answer = client.post(target, data=data)
    if answer.status_code >= 500 or form.status_code >= 500:
        tally.server_errors += 1
        tally.errors.append(f"POST {target}: {answer.status_code} {answer.text[:200]}")
    elif answer.status_code == 200 and answer.url.path == f"/findings/{finding_id}":
        tally.done[action] += 1
    elif answer.status_code == 400 and MOVED_ON.search(answer.text):
        tally.moved_on += 1  # the daemon changed it between the form and the answer; the page says to what
    else:
        tally.refused += 1
        tally.errors.append(f"POST {target}: {answer.status_code} at {answer.url.path}")


def act_for(url: str, name: str, password: str, seconds: float) -> Tally:
    """Sign in, then act on the findings the inbox lists, one after another, for that many seconds."""
    tally = Tally()
    with httpx.Client(base_url=url, follow_redirects=True, timeout=60) as client:
        sign_in_first_time(client, name, password)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            inbox = client.get("/?state=all")
            if inbox.status_code >= 500:
                tally.server_errors += 1
                tally.errors.append(f"GET /: {inbox.status_code}")
                continue
            ids = sorted({int(i) for i in re.findall(r'href="/findings/(\d+)"', inbox.text)})
            for finding_id in ids[:8]:
                if time.monotonic() >= end:
                    break
                act_once(client, finding_id, tally.turns, tally)
                tally.turns += 1
            if not ids:
                time.sleep(1)  # nothing found yet: the daemon's first cycle is still running
    return tally


if __name__ == "__main__":
    print(act_for(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])).as_json(), flush=True)
