"""Scan throughput and peak memory for 1k, 10k and 100k generated records, all checks on.

Run: .venv/bin/python bench/bench_scan.py [--sizes 1000,10000,100000] [--varied]
The standard records draw their text from a dozen posts, so every memo (a token's weights, a text's scores)
is warm after the first few; --varied also scans records drawn from a quarter as many different texts as
records (built from sentence pieces with a seeded random, so the same each run), which pays the first sight of
a text and its words the way a real feed does, and prints both figures side by side.
Each size runs scan's streaming code (monitor.commands.scan.scan_stream) in its own process (one core),
timed wall-clock after start-up, peak RSS from wait4. Peak memory from 10k to 1M records and a 100 MB line:
bench/bench_scan_memory.py.
The last line is a JSON object of the figures (with --varied, the varied ones under "varied", keyed by size), with
"calibration_ms", a fixed pure-Python loop's time on this machine, so that figures from different hosts compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "example.toml"
NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)

OFFICIAL = ["BrackleyTC"]
COUNCILLORS = ["CllrJWhitfield", "TomOkaforBTC", "PriyaSharmaBTC", "DaveHughesCllr", "MEllisBrackley"]
TEXTS = [
    "Reminder: the recycling centre on Station Road is closed on Monday for maintenance.",
    "Full Council meets on Tuesday at 7pm in the Town Hall. Agenda and papers are on our website.",
    "Thanks to everyone who came to the Christmas lights switch-on! What a turnout.",
    "The Market Place car park will be resurfaced from 3 to 7 March; please use the Manor Road car park.",
    "Great to meet residents at the surgery this morning. Lots of questions about the new crossing.",
    "When will the potholes on Halse Road be fixed? It's been weeks.",
    "Budget for 2027/28 agreed: precept rises by £4.12 a year for a Band D home.",
    "Planning application 24/01234/FUL for the old bakery is open for comments until 14 May.",
    "I think the new bus timetable is a disgrace, frankly.",
    "Call Jo on 07911 123456 if you want to help with the litter pick.",
    "Polling stations are open 7am to 10pm on Thursday 6 May. Bring photo ID.",
    "Another lovely walk along the river this morning 🌿 #Brackley",
]

# Sentence pieces of the varied texts: {slots} are filled from the lists below.
SENTENCES = [
    "Reminder: the {site} on {road} is closed on {day} for {work}.",
    "{meeting} meets on {day} at {time} in the {venue}. Agenda and papers are on our website.",
    "Thanks to everyone who came to the {event} on {date}! What a turnout.",
    "The {site} will be {work_done} from {date} to {date2}; please use {road} instead.",
    "Great to meet residents at the surgery in {venue} this morning. Lots of questions about {topic}.",
    "When will {topic} on {road} be sorted? It's been {number} weeks.",
    "Budget for 2027/28 agreed: precept rises by £{pounds}.{pence} a year for a Band D home.",
    "Planning application {ref} for {property} is open for comments until {date}.",
    "I think {topic} is a {scorn}, frankly.",
    "Call {first} on 07{phone} if you want to help with the {event}.",
    "Polling stations are open 7am to 10pm on Thursday 6 May. Bring photo ID.",
    "Another lovely walk along {place} this {part_of_day} {emoji} #{tag}",
    "Road closure: {road} between {road2} and {road3}, {date} to {date2}, for {work}.",
    "Congratulations to {first} {last} and the team at {business} on {number} years in {town}!",
    "The {event} returns on {date}, {time} to {time2}, in {place}. Stalls still available.",
    "We have {number} allotment plots free at {place}. Email the office to apply.",
    "Minutes of the {meeting} on {date} are now published, item {number} covers {topic}.",
    "Our grants round for {year} is open: up to £{pounds}00 for community groups. Closes {date}.",
    "Have your say on {topic}: the survey closes on {date}. https://brackley.example/{tag_low}",
    "Please don't feed the ducks bread at {place}, it harms them.",
    "Lost dog seen near {road} this {part_of_day}, brown spaniel answering to {pet}.",
    "Happy birthday to {first} at {venue}, {number} years young and a Brackley legend! {emoji}",
    "Why is the {site} still shut? My kids have nowhere to go on {day}s.",
    "Cllr {last} will be at {venue} on {day} from {time} to answer questions on {topic}.",
    "Well done to {business} FC, {number}-{number2} winners on {day} {emoji}",
    "The defibrillator at {venue} has been checked and is ready for use.",
    "Thank you @{handle} for the update about {topic}, really helpful.",
    "Hi @{handle}, is the {site} open over the bank holiday?",
    "Water main repair on {road} by Anglian Water, expect delays until {time}.",
    "Tickets for the {event} are £{pounds} from the Town Hall or online.",
]
FILL = {
    "site": ["recycling centre", "Market Place car park", "skate park", "Town Hall", "library", "play area",
             "cemetery", "leisure centre", "public toilets", "tennis courts", "community hub", "sports pavilion"],
    "road": ["Station Road", "Manor Road", "Halse Road", "High Street", "Bridge Street", "Banbury Road",
             "Oxford Road", "Northampton Road", "Goodwin Close", "Tesco roundabout", "Springfield Way",
             "Waynflete Avenue", "Pavillions Way", "Buckingham Road", "Hillside", "Magdalen Close"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "work": ["maintenance", "resurfacing", "tree surgery", "drainage works", "gas main repairs", "line painting",
             "a safety inspection", "cable laying"],
    "work_done": ["resurfaced", "relined", "closed", "cleaned", "repainted", "inspected"],
    "meeting": ["Full Council", "Planning Committee", "Finance Committee", "Amenities Committee",
                "the Annual Town Meeting", "the Youth Council", "Personnel Committee"],
    "venue": ["Town Hall", "Brackley Library", "Community Hub", "Methodist Hall", "St Peter's Church Hall",
              "the Leisure Centre", "Brackley Academy", "the Football Club"],
    "event": ["Christmas lights switch-on", "litter pick", "summer fete", "farmers' market", "Remembrance parade",
              "charity fun run", "Easter egg hunt", "jubilee picnic", "food festival", "open gardens day"],
    "topic": ["the new crossing", "the bus timetable", "potholes", "parking charges", "street lighting",
              "the skate park", "dog fouling", "the bypass plans", "the youth club", "bin collections",
              "speeding on the estates", "the new housing at Radstone", "hedges on the footpath",
              "flooding by the river"],
    "property": ["the old bakery", "14 High Street", "land off Halse Road", "the former police station",
                 "Unit 3 Buckingham Road", "the Crown Hotel", "22 Manor Road"],
    "scorn": ["disgrace", "shambles", "waste of money", "joke", "great idea", "big improvement"],
    "first": ["Jo", "Sam", "Priya", "Tom", "Dave", "Margaret", "Ali", "Chris", "Helen", "Kwame", "Zoe", "Gary"],
    "last": ["Whitfield", "Okafor", "Sharma", "Hughes", "Ellis", "Patel", "Lowe", "Nowak", "Evans", "Brown"],
    "place": ["the river", "St James Lake", "the Old Railway Line", "Brackley Woods", "the Recreation Ground",
              "Market Square", "Turweston Road fields"],
    "part_of_day": ["morning", "afternoon", "evening"],
    "emoji": ["🌿", "🎉", "👏", "☀️", "🐶", "⚽", "🎄", ""],
    "tag": ["Brackley", "BrackleyTC", "Northants", "ShopLocal", "LitterPick", "Brackley2027", "Community"],
    "business": ["Brackley Town", "the Co-op", "Hinton Bakery", "the Red Lion", "Manor Farm Shop", "Spinneys"],
    "town": ["Brackley", "the town", "Market Place"],
    "pet": ["Bella", "Max", "Poppy", "Alfie", "Daisy", "Rocky"],
    "handle": ["BrackleyTC", "NorthantsHighways", "CllrJWhitfield", "StagecoachMids", "WNorthantsC", "BrackleyFC"],
    "year": ["2027", "2027/28", "2028"],
    "month": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"],
}


def varied_texts(count: int, seed: int = 11) -> list[str]:
    """Return count different post texts of one to three sentences, the same for a seed on every run."""
    rng = random.Random(seed)

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1).rstrip("23")
        if slot == "date":
            return f"{rng.randrange(1, 29)} {rng.choice(FILL['month'])}"
        if slot in ("time", "time2"):
            return f"{rng.randrange(1, 12)}{rng.choice(['am', 'pm', '.30pm', ':15am'])}"
        if slot in ("number", "number2"):
            return str(rng.randrange(1, 60))
        if slot == "pounds":
            return str(rng.randrange(1, 500))
        if slot == "pence":
            return f"{rng.randrange(100):02d}"
        if slot == "ref":
            return f"{rng.randrange(20, 28)}/{rng.randrange(10**5):05d}/{rng.choice(['FUL', 'HH', 'LBC', 'ADV'])}"
        if slot == "phone":
            return f"{rng.randrange(100, 999)} {rng.randrange(10**6):06d}"
        if slot == "tag_low":
            return rng.choice(FILL["tag"]).lower()
        return rng.choice(FILL[slot])

    seen: dict[str, None] = {}
    while len(seen) < count:
        text = " ".join(re.sub(r"\{(\w+)\}", fill, rng.choice(SENTENCES)) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        seen[text.strip()] = None
    return list(seen)


def records(n: int, seed: int = 7, texts: list[str] | None = None) -> Iterator[str]:
    """Yield n scan records: about 2 % profiles, the rest posts, replies and residents' questions.

    Post texts are drawn from texts (the dozen TEXTS when None).
    """
    texts = texts or TEXTS
    rng = random.Random(seed)
    for handle in OFFICIAL + COUNCILLORS:
        role = "official" if handle in OFFICIAL else "councillor"
        yield json.dumps({"kind": "account", "platform": "x", "handle": handle, "role": role,
                          "display_name": handle, "bio": "Views my own. Mon-Fri 9-5."})
    for i in range(n - len(OFFICIAL + COUNCILLORS)):
        created = NOW - timedelta(minutes=rng.randrange(0, 60 * 24 * 14))
        if i % 50 == 0:
            handle = f"resident{rng.randrange(10_000)}"
            yield json.dumps({"kind": "account", "platform": "x", "handle": handle,
                              "display_name": f"Resident {i}", "bio": "Dog walker. Brackley born."})
            continue
        roll = rng.random()
        resident = f"resident{rng.randrange(10_000)}"
        handle = OFFICIAL[0] if roll < 0.3 else rng.choice(COUNCILLORS) if roll < 0.6 else resident
        record = {"kind": "post", "platform": "x", "handle": handle, "id": str(10**17 + i),
                  "created_at": created.isoformat(), "text": rng.choice(texts)}
        if handle.startswith("resident") and i > 10:
            record["reply_to"] = str(10**17 + rng.randrange(0, i))
        yield json.dumps(record)


def write_records(path: Path, n: int, texts: list[str] | None = None) -> int:
    """Write n generated records to a file, one a line; return how many are posts."""
    posts = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in records(n, texts=texts):
            posts += '"kind": "post"' in line
            out.write(line + "\n")
    return posts


def child(path: Path) -> None:
    """Scan a file the way `council-monitor scan` does and print the seconds spent after start-up."""
    from monitor.commands.scan import Output, scan_stream, stream_run
    from monitor.config import load_config

    config = load_config(CONFIG)
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream, open(os.devnull, "w") as out:
        output = Output(str(path), False, out, sys.stderr)
        status = scan_stream(stream, stream_run(stream, config, NOW), output)
    if output.bad_lines or output.failures:
        raise SystemExit(f"scan exited {status}: the generated records should all be good")
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                      "findings": output.findings}))


def run_scan(path: Path) -> tuple[dict[str, float], int]:
    """Scan a file in a fresh process; return its figures and its peak RSS in KiB."""
    cmd = [sys.executable, __file__, "--child", str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("scan child failed")
    return json.loads(output), usage.ru_maxrss


def measure(path: Path, n: int, texts: list[str] | None) -> dict[str, float]:
    """Generate n records into path, scan them in a fresh process and return the figures."""
    posts = write_records(path, n, texts)
    result, rss = run_scan(path)
    return {"seconds": round(result["seconds"], 3), "records_per_s": round(n / result["seconds"]),
            "posts_per_s": round(posts / result["seconds"]), "posts_per_cpu_s": round(posts / result["cpu_seconds"]),
            "peak_rss_mib": round(rss / 1024), "findings": result["findings"]}


def line(n: int, f: dict[str, float], label: str = "") -> str:
    """Return one size's figures as a line of the report."""
    return (f"{n:>7} records{label}: {f['seconds']:6.2f} s, {f['records_per_s']:7.0f} records/s, "
            f"{f['posts_per_s']:7.0f} posts/s ({f['posts_per_cpu_s']:.0f} per CPU second), "
            f"peak RSS {f['peak_rss_mib']:5.0f} MiB, {f['findings']:.0f} findings")


def calibration() -> float:
    """Return the best of five timings of a fixed pure-Python loop (ms): how fast this machine runs Python.

    Machines differ several times over (the same code has measured 2,600 and 10,500 posts/s on two 2-core hosts);
    dividing posts/s by this figure's inverse lets figures from different machines be compared.
    """
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def main() -> None:
    """Generate, scan and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--varied", action="store_true",
                        help="also scan records drawn from n/4 different texts and print both figures")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    loop_ms = calibration()
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()}; one process per size, one core; "
          f"calibration loop {loop_ms} ms (sum of 10^6 squares, best of 5)")
    figures: dict[str, object] = {"machine": f"{platform.machine()} cpus={os.cpu_count()}", "calibration_ms": loop_ms}
    varied: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"records-{n}.jsonl"
            figures[str(n)] = standard = measure(path, n, None)
            print(line(n, standard, " (12 texts)" if args.varied else ""))
            if args.varied:
                count = max(n // 4, len(TEXTS))
                varied[str(n)] = different = measure(path, n, varied_texts(count)) | {"texts": count}
                print(line(n, different, f" ({count} texts)") + f"; standard/varied posts/s "
                      f"{standard['posts_per_s'] / different['posts_per_s']:.2f}")
    if args.varied:
        figures["varied"] = varied
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
