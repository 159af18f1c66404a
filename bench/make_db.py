"""Make (once) a 100,000-contact database for the UI benchmarks, cached under bench/out/.

    python bench/make_db.py [--contacts 100000] [--seed 1] [--out bench/out/ui-100k.sqlite3] [--force]
                            [--network] [--tree DIR]

Contacts go through desktop.services.contacts.insert_contacts (so the search
index is the real one); contact 1 ("Benchmark Busy") gets 1,000 timeline
entries, and 20,000 exchanges are spread over other contacts so the balance
sort has work to do. Prints the path.

``--network`` adds a knows graph of about 500,000 links and needs and offers (see
``add_network``), for the path and Today benchmarks. ``--tree DIR`` builds the file
with another checkout's code (its schema version): a baseline tree that cannot open
a newer file gets one of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

DEFAULT_OUT = ROOT / "bench" / "out" / "ui-100k.sqlite3"

GIVEN = [
    "Anna", "José", "Zoë", "Jürgen", "François", "Łukasz", "Søren", "Ines", "Mohammed", "Olga",
    "Liam", "Emma", "Noah", "Olivia", "Sven", "Chloé", "Björn", "Mārtiņš", "Đorđe", "Siobhán",
    "Priya", "Wei", "Yuki", "Chidi", "Fatima", "Mateo", "Hannah", "Kwame", "Elif", "Grace",
]  # fmt: skip
FAMILY = [
    "García", "Müller", "Ødegård", "Smith", "Nguyễn", "O'Brien", "Kowalski", "Dupont", "Rossi", "Jensen",
    "Okafor", "Raman", "Zhang", "Tanaka", "Haddad", "Schmidt", "Mensah", "Yılmaz", "Lindqvist", "Bello",
    "Mehta", "Chen", "Hernández", "Volkov", "Kim", "Karimi", "Cohen", "Popescu", "Johnson", "Rahman",
]  # fmt: skip
ORGS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell"]
TITLES = ["CEO", "CTO", "Engineer", "Designer", "Sales", "Consultant", "Lawyer", "Accountant", ""]
TAGS = ["client", "partner", "supplier", "friend", "mentor", "prospect", "chamber", "alumni"]


def make(out: Path, contacts: int, seed: int) -> Path:
    from desktop.domain.contact import ContactData, Email, Phone
    from desktop.services import timeline
    from desktop.services.contacts import insert_contacts
    from desktop.storage.db import close_database, database, open_database

    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    open_database(out)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    first = ContactData(given_name="Benchmark", family_name="Busy", full_name="Benchmark Busy", organization="Acme")
    batch = [first]
    for n in range(1, contacts):
        g, f = rng.choice(GIVEN), rng.choice(FAMILY)
        org = rng.choice(ORGS) + " " + rng.choice(["Ltd", "GmbH", "SA", "Inc"])
        batch.append(
            ContactData(
                given_name=g,
                family_name=f,
                full_name=f"{g} {f} {n}",
                organization=org,
                title=rng.choice(TITLES),
                phones=[Phone(f"({rng.randint(200, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}", "cell")],
                emails=[Email(f"{g.lower()}.{n}@example.com", "work")],
                tags=rng.sample(TAGS, rng.randint(0, 2)),
                note=rng.choice(["", "", "met at the fair", "likes sailing", "owes me lunch"]),
            )
        )
        if len(batch) == 5000:
            insert_contacts(batch, region="US")
            batch = []
    if batch:
        insert_contacts(batch, region="US")
    print(f"contacts: {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    t0 = time.perf_counter()
    today = dt.date(2026, 11, 22)
    kinds = ["favour", "referral", "advice", "purchase", "info", "invitation", "recommendation", "ask"]
    channels = ["meeting", "call", "email", "message", "check_in"]
    with database.atomic():
        for k in range(1000):
            on = today - dt.timedelta(days=k)
            if k % 2:
                timeline.log_interaction([1], on, rng.choice(channels), summary=f"Catch-up {k}")
            else:
                timeline.log_exchange(
                    [1], rng.choice(kinds), rng.choice(["given", "received"]), on, summary=f"Exchange {k}"
                )
        conn = database.connection()
        for k in range(20000):
            cur = conn.execute(
                "INSERT INTO exchange (occurred_on, kind, direction, weight, status, third_party_name, summary, "
                "notes, outcome, created_at) VALUES (?, ?, ?, ?, 'done', '', '', '', '', ?)",
                (
                    (today - dt.timedelta(days=rng.randint(0, 700))).isoformat(),
                    rng.choice(kinds),
                    rng.choice(["given", "received"]),
                    rng.randint(1, 5),
                    dt.datetime(2026, 11, 22).isoformat(sep=" "),
                ),
            )
            conn.execute(
                "INSERT INTO exchange_contact (exchange_id, contact_id) VALUES (?, ?)",
                (cur.lastrowid, rng.randint(2, contacts)),
            )
        conn.execute(
            "UPDATE contact SET last_contact = (SELECT max(e.occurred_on) FROM exchange e JOIN exchange_contact ec "
            "ON ec.exchange_id = e.id WHERE ec.contact_id = contact.id) WHERE id > 1"
        )
    print(f"timeline: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return out


NEEDS_PEOPLE = 2000  # contacts with needs and offers (the matcher's measured size)


def add_network(path: Path, contacts: int, seed: int) -> None:
    """About 500,000 links' worth of facts, written with plain SQL that every schema since v1 takes:

    - half the contacts (2..n) in small firms of 2-12 people (their old "Acme Ltd" organisations, 2,500
      people each, infer nothing: too big to say who knows whom), ~190,000 inferred links;
    - 1,000 events of 8-22 people met there, ~100,000; 200 groups of 20-50 members, ~120,000;
    - 100,000 stored links: 30% introductions (dated), the rest entered by hand;
    - needs and offers on 2,000 contacts, drawn from the labelled sets (bench_introductions.big_network).
    """
    import sqlite3

    sys.path.insert(0, str(HERE))
    from bench_introductions import big_network

    rng = random.Random(seed + 1)
    conn = sqlite3.connect(path)
    now = "2026-11-22 09:00:00"
    today = dt.date(2026, 11, 22)
    with conn:
        people = list(range(2, contacts + 1))
        rng.shuffle(people)
        firms, k, n = [], 0, len(people) // 2
        while k < n:
            size = rng.randint(2, 12)
            firms.append(people[k : k + size])
            k += size
        conn.executemany(
            "UPDATE contact SET organization = ? WHERE id = ?",
            [(f"Firm {i} Ltd", cid) for i, members in enumerate(firms) for cid in members],
        )
        for e in range(1000):
            on = (today - dt.timedelta(days=rng.randint(0, 730))).isoformat()
            cur = conn.execute(
                "INSERT INTO event (name, date, place, hours, cost_cents, notes, created_at) "
                "VALUES (?, ?, '', 2.0, 0, '', ?)",
                (f"Mixer {e}", on, now),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO event_attendee (event_id, contact_id) VALUES (?, ?)",
                [(cur.lastrowid, cid) for cid in rng.sample(range(2, contacts + 1), rng.randint(8, 22))],
            )
        for g in range(200):
            cur = conn.execute(
                "INSERT INTO network_group (name, kind, yearly_fee_cents, notes, created_at) "
                "VALUES (?, 'association', 0, '', ?)",
                (f"Circle {g}", now),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO group_member (group_id, contact_id) VALUES (?, ?)",
                [(cur.lastrowid, cid) for cid in rng.sample(range(2, contacts + 1), rng.randint(20, 50))],
            )
        pairs = set()
        while len(pairs) < 100_000:
            a, b = rng.randint(1, contacts), rng.randint(1, contacts)
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        conn.executemany(
            "INSERT INTO knows (a_id, b_id, source, how, created_at) VALUES (?, ?, ?, '', ?)",
            [(a, b, "introduction" if rng.random() < 0.3 else "manual", now) for a, b in sorted(pairs)],
        )
        who = rng.sample(range(2, contacts + 1), NEEDS_PEOPLE)
        rows = []
        for cid, profile in zip(who, big_network(NEEDS_PEOPLE, seed)):
            rows += [(cid, "need", n.text, "", now) for n in profile.needs]
            rows += [(cid, "offer", o.text, "", now) for o in profile.offers]
        conn.executemany(
            "INSERT INTO need_offer (contact_id, kind, text, tags, created_at) VALUES (?, ?, ?, ?, ?)", rows
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--contacts", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--force", action="store_true")
    p.add_argument("--network", action="store_true", help="add ~500,000 links and needs and offers")
    p.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code builds the file")
    args = p.parse_args(argv)
    if args.out.exists() and not args.force:
        print(args.out)
        return 0
    sys.path.insert(0, str(args.tree.resolve()))
    out = make(args.out, args.contacts, args.seed)
    if args.network:
        t0 = time.perf_counter()
        add_network(out, args.contacts, args.seed)
        print(f"network: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
