"""The two whole-network reads, timed against a baseline checkout in the same run: ``today_overview``
(the Today page) and ``network_overview`` (the Network page) on a 100,000-contact database.

    python bench/bench_services.py [--db bench/out/ui-100k.sqlite3] [--baseline DIR] [--rounds 5]

``--baseline`` names another checkout of Rapport (e.g. main before a change): each round runs the
baseline and this tree in turn, each in a fresh process, so both see the same machine load. Prints
the median and best of each read per tree. The database is made once by bench/make_db.py; each tree
reads its own copy, made once per run (opening a file migrates it, and an older tree refuses a file
a newer one has migrated: build the file with the older tree, ``make_db.py --tree``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import datetime as dt, json, sys, time
sys.path.insert(0, {root!r})
from desktop.storage.db import open_database
try:  # the feature services, or the one module they came from
    from desktop.services.today import today_overview
    from desktop.services.overview import network_overview
except ImportError:
    from desktop.services.network import network_overview, today_overview
open_database({db!r})
today = dt.date.today()
out = {{}}
for name, fn in (("today_overview", today_overview), ("network_overview", network_overview)):
    t0 = time.perf_counter()
    fn(today)  # the first read in a process (it warms the page cache and any cache of the services)
    out[name + ", first"] = time.perf_counter() - t0
    times = []
    for _ in range({repeat}):
        t0 = time.perf_counter()
        fn(today)
        times.append(time.perf_counter() - t0)
    out[name] = min(times)
print(json.dumps(out))
"""


def run_tree(root: Path, db: Path, repeat: int) -> dict[str, float]:
    code = CHILD.format(root=str(root), db=str(db), repeat=repeat)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "ui-100k.sqlite3")
    p.add_argument("--baseline", type=Path, help="another checkout to time beside this one")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--repeat", type=int, default=3, help="calls per process (the best counts)")
    args = p.parse_args(argv)
    if not args.db.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_db.py"), "--out", str(args.db)], check=True)
    trees = {"this": ROOT}
    if args.baseline:
        trees = {"baseline": args.baseline.resolve(), **trees}
    results: dict[str, dict[str, list[float]]] = {t: {} for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        copies = {tree: Path(tmp) / f"{tree}.sqlite3" for tree in trees}
        for copy in copies.values():
            shutil.copyfile(args.db, copy)
        for _ in range(args.rounds):
            for tree, root in trees.items():
                for name, secs in run_tree(root, copies[tree], args.repeat).items():
                    results[tree].setdefault(name, []).append(secs)
    print(f"{args.db.name}, {args.rounds} rounds, best of {args.repeat} calls a round (ms: median / best)")
    for name in results[next(iter(trees))]:
        cells = [
            f"{tree} {statistics.median(results[tree][name]) * 1000:7.1f} / {min(results[tree][name]) * 1000:7.1f}"
            for tree in trees
        ]
        print(f"  {name:<17} " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
