"""Make (once) a 100,000-contact database for the UI benchmarks, cached under bench/out/.

    python bench/make_db.py [--contacts 100000] [--seed 1] [--out bench/out/ui-100k.sqlite3] [--force]

Contacts go through desktop.services.contacts.insert_contacts (so the search
index is the real one); contact 1 ("Benchmark Busy") gets 1,000 timeline
entries, and 20,000 exchanges are spread over other contacts so the balance
sort has work to do. Prints the path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--contacts", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--force", action="store_true")
    args = p.parse_args(argv)
    if args.out.exists() and not args.force:
        print(args.out)
        return 0
    print(make(args.out, args.contacts, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
