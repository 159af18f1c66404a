"""What one rule of a touch costs (issue 12): events attended and introductions you made now count as
being in touch, in the stored last contact, in Today's check-ins and on the timeline. Each figure is
timed beside the previous method (the SQL before the change, kept here) on the same database in the
same run: 100,000 contacts (bench/make_db.py) plus 2,000 events of 10 people each.

    python bench/bench_touches.py [--db bench/out/ui-100k.sqlite3] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The previous method: the stored last contact knew interactions and exchanges only.
OLD_REFRESH = """UPDATE contact SET last_contact = (
      SELECT max(d) FROM (
        SELECT i.occurred_on AS d FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id
         WHERE ic.contact_id = contact.id AND i.deleted_at IS NULL
        UNION ALL
        SELECT e.occurred_on FROM exchange e JOIN exchange_contact ec ON ec.exchange_id = e.id
         WHERE ec.contact_id = contact.id AND e.deleted_at IS NULL))
    WHERE id IN ({marks})"""
# ... and Today's touches, three parts (no events).
OLD_TOUCHES = (
    "SELECT c, max(d) FROM (SELECT ic.contact_id AS c, i.occurred_on AS d FROM interaction i JOIN interaction_contact "
    "ic ON ic.interaction_id = i.id WHERE i.deleted_at IS NULL AND ic.contact_id IN ({m}) "
    "UNION ALL SELECT ec.contact_id, e.occurred_on FROM exchange e JOIN exchange_contact ec ON ec.exchange_id = e.id "
    "WHERE e.deleted_at IS NULL AND ec.contact_id IN ({m}) "
    "UNION ALL SELECT e.third_party_id, e.occurred_on FROM exchange e WHERE e.deleted_at IS NULL "
    "AND e.kind = 'introduction' AND e.direction = 'given' AND e.third_party_id IS NOT NULL "
    "AND e.third_party_id IN ({m})) WHERE d <= ? GROUP BY c"
)


def _time(fn, repeat: int) -> float:
    fn()  # warm the page cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "ui-100k.sqlite3")
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args(argv)
    if not args.db.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_db.py"), "--out", str(args.db)], check=True)

    from desktop.services import timeline, touches
    from desktop.services.session import close_database, open_database
    from desktop.storage.db import database

    with tempfile.TemporaryDirectory(prefix="rapport-touches-") as tmp:
        db = Path(tmp) / "touches.sqlite3"
        shutil.copy(args.db, db)
        open_database(db)
        rng = random.Random(7)
        today = dt.date(2026, 11, 22)
        ids = [r[0] for r in database.execute_sql("SELECT id FROM contact WHERE deleted_at IS NULL")]
        with database.atomic():
            conn = database.connection()
            for n in range(2000):
                day = (today - dt.timedelta(days=rng.randint(0, 730))).isoformat()
                eid = conn.execute(
                    "INSERT INTO event (name, date, place, hours, cost_cents, notes, created_at) "
                    "VALUES (?, ?, '', 2, 0, '', ?)", (f"Event {n}", day, day),
                ).lastrowid
                conn.executemany("INSERT OR IGNORE INTO event_attendee (event_id, contact_id) VALUES (?, ?)",
                                 [(eid, c) for c in rng.sample(ids, 10)])  # fmt: skip
            conn.execute("INSERT OR IGNORE INTO event_attendee (event_id, contact_id) SELECT id, 1 FROM event LIMIT 50")
        some = rng.sample(ids, 1000)
        circle = rng.sample(ids, 5000)
        conn = database.connection()
        marks = ",".join("?" * len(some))

        def old_refresh():
            with database.atomic():
                conn.execute(OLD_REFRESH.format(marks=marks), some)

        def new_refresh():
            with database.atomic():
                touches.refresh_last_contact(some)

        def old_last():
            out = {}
            for i in range(0, len(circle), 300):
                chunk = circle[i : i + 300]
                m = ",".join("?" * len(chunk))
                out.update(conn.execute(OLD_TOUCHES.format(m=m), chunk * 3 + [today.isoformat()]).fetchall())
            return out

        def new_last():
            return touches.last_touches(circle, today)

        def old_timeline():
            entries = timeline._entries("interaction", "i.id IN (SELECT interaction_id FROM interaction_contact "
                                        "WHERE contact_id = ?)", [1])  # fmt: skip
            return entries + timeline._entries("exchange", timeline._TOUCHING, [1, 1])

        rows = [
            ("stored last contact, 1,000 contacts", old_refresh, new_refresh),
            ("Today's last touches, 5,000 in circles", old_last, new_last),
            ("timeline of a contact with 1,000 entries", old_timeline, lambda: timeline.timeline(1)),
        ]
        print(f"{args.db.name} + 2,000 events x 10 people; median of {args.repeat} (ms): previous method / one rule")
        for label, old, new in rows:
            before, after = _time(old, args.repeat), _time(new, args.repeat)
            print(f"  {label:<42} {before:8.1f} / {after:8.1f}  ({after / before:4.2f}x)")
        close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
