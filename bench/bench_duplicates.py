"""Duplicates review and CSV import, measured: quality on the labelled set, speed on generated data.

    python bench/bench_duplicates.py [--contacts 100000] [--rows 10000] [--seed 1] [--runs 3]

Prints, from one run on one machine (on a shared machine the ratios to the
baselines of the same run are what count; a calibration loop is printed
so a slow run can be told from a slow method):

1. Precision and recall over reported pairs on tests/data/duplicates/contacts.csv,
   on the whole set, the tuning part and the held-out part, for Rapport's scan
   and two baselines: contacts with the same folded name, and the certain-match
   keys the import merges on (targets: precision >= 0.9, recall >= 0.8).
2. The scan of generated contacts (bench/gen_contacts.py; target <= 5 s for
   100,000), beside the blocking step alone and the scan of a tenth as many,
   and the recall of the duplicates planted in it.
3. Reading a 10,000-row LinkedIn Connections.csv into contacts, beside a bare
   ``csv.reader`` pass over the same bytes.
4. The scan through the service (``services.duplicates.scan``: reading the
   database, then the domain's scan, then the names) on bench/make_db.py's
   100,000-contact database (target <= 5 s), beside the domain's scan alone of
   the same contacts and the read alone.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import duplicates_eval as ev  # noqa: E402
from bench.gen_contacts import generate, linkedin_csv  # noqa: E402
from desktop.domain import duplicates  # noqa: E402
from desktop.domain.csv_contacts import read_csv  # noqa: E402


def best_of(runs: int, fn) -> tuple[float, object]:  # noqa: ANN001
    """The fastest of ``runs`` calls, each from cold: no name cut or compared in an earlier run is reused."""
    best, result = float("inf"), None
    for _ in range(runs):
        duplicates.clear_caches()
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def calibration() -> float:
    """Seconds for a fixed pure-Python loop: about 0.5 s on an idle core of the CI machine."""
    t = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - t


def quality() -> None:
    print("== Duplicates: precision / recall over reported pairs, labelled set")
    everything = ev.load()
    parts = {"full": everything, "tune": [i for i in everything if i.split == "tune"],
             "held-out": [i for i in everything if i.split == "holdout"],
             "held-out2": [i for i in everything if i.split == "holdout2"]}  # fmt: skip
    print(f"   {'method':32} {'part':9} {'contacts':>8} {'true':>5} {'reported':>8} {'precision':>9} {'recall':>7}")
    for name, method in ev.METHODS.items():
        for part, items in parts.items():
            s = ev.score(method(items), ev.truth(items))
            print(f"   {name:32} {part:9} {len(items):8} {s.true_pairs:5} {s.reported:8} {s.precision:9.3f} {s.recall:7.3f}")


def scan(contacts: int, seed: int, runs: int) -> None:
    print(f"== Duplicates: scan of {contacts:,} generated contacts (best of {runs})")
    people, planted = generate(contacts, seed)
    items = list(enumerate(people))
    small = items[: contacts // 10]

    def blocking():  # noqa: ANN202
        gc.disable()  # as find_duplicates does
        try:
            return duplicates.candidate_pairs(duplicates.prepare(items))
        finally:
            gc.enable()

    t_block, pairs = best_of(runs, blocking)
    t_small, _ = best_of(runs, lambda: duplicates.find_duplicates(small))
    t_full, groups = best_of(runs, lambda: duplicates.find_duplicates(items))
    reported = {tuple(sorted(p)) for g in groups for p in itertools.combinations(g.refs, 2)}
    found = len(reported & planted)
    print(f"   calibration just after: {calibration():.2f} s")
    print(f"   baseline: scan of {len(small):,} contacts        {t_small:6.2f} s")
    print(f"   baseline: blocking alone, {contacts:,}   {t_block:6.2f} s  ({len(pairs):,} candidate pairs,"
          f" {len(pairs) / (contacts * (contacts - 1) / 2):.5%} of all pairs)")  # fmt: skip
    print(f"   Rapport: find_duplicates, {contacts:,}   {t_full:6.2f} s  (target <= 5 s; {len(groups):,} groups)")
    print(f"   planted duplicate pairs found: {found:,} of {len(planted):,} ({found / len(planted):.1%});"
          f" reported pairs: {len(reported):,} (namesakes the generator made from its name lists are"
          f" different people by construction, so this set measures speed and recall, not precision)")


def csv_parse(rows: int, seed: int, runs: int) -> None:
    print(f"== CSV import: a {rows:,}-row LinkedIn Connections.csv (best of {runs})")
    data = linkedin_csv(rows, seed)

    def bare():  # noqa: ANN202
        return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"))))

    t_bare, _ = best_of(runs, bare)
    t_read, result = best_of(runs, lambda: read_csv(data))
    print(f"   baseline: csv.reader over the decoded text  {t_bare:6.3f} s")
    print(f"   Rapport: read_csv to ContactData             {t_read:6.3f} s  ({t_read / t_bare:.1f}x the bare pass;"
          f" {len(result.rows):,} contacts, {result.skipped} deactivated skipped, {len(result.problems)} problems)")


def service_scan(db_path: Path, runs: int) -> None:
    from bench.make_db import make
    from desktop.services import duplicates as service
    from desktop.services.session import close_database, open_database

    if not db_path.exists():
        make(db_path, 100_000, 1)
    print(f"== Duplicates: the scan through the service, {db_path.name} (bench/make_db.py; best of {runs})")
    open_database(db_path)
    try:
        t_load, people = best_of(runs, service.load_for_scan)
        dismissed = service.dismissed_pairs()
        t_domain, _ = best_of(runs, lambda: duplicates.find_duplicates(people.items(), dismissed))
        t_service, found = best_of(runs, service.scan)
    finally:
        close_database()
    print(f"   calibration just after: {calibration():.2f} s")
    print(f"   baseline: reading {len(people):,} contacts for the scan  {t_load:6.2f} s")
    print(f"   baseline: find_duplicates alone, same contacts     {t_domain:6.2f} s")
    print(f"   Rapport: services.duplicates.scan                  {t_service:6.2f} s  (target <= 5 s; {len(found):,} groups)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", type=Path, default=Path(__file__).resolve().parent / "out" / "ui-100k.sqlite3",
                    help="the database the service scans (made by bench/make_db.py when missing)")  # fmt: skip
    args = ap.parse_args()
    print(f"calibration: 10M-step Python loop {calibration():.2f} s (about 0.5 s on an idle core)")
    quality()
    scan(args.contacts, args.seed, args.runs)
    csv_parse(args.rows, args.seed, args.runs)
    service_scan(args.db, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
