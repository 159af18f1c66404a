""""Who can introduce me to …" through the service, on a 100,000-contact database with ~500,000 links.

    python bench/bench_path_service.py [--db bench/out/network-100k.sqlite3] [--queries 300] [--seed 3]

The database is bench/make_db.py --network (made if missing, then copied: opening it migrates the
copy). Timed through ``services.paths.who_can_introduce`` (best 10, at most 3 hops):

- the first question, which builds the knows graph (every stored, inferred and RELATED link, with
  strengths) and your ties, and the graph build alone;
- questions once the graph is cached: a contact (--queries random targets), someone at an
  organisation, someone of a role (the first of each builds its own index), median and p95;
- beside them, in the same run: the domain's ``graph.introduction_paths`` on the same cached graph
  (what the service adds: the counters check, the target, the names);
- the contact page's ``knows.links_of`` and the Graph page's ``knows.network_map`` (2 links around).

Target (issue 11): a question through the service <= 50 ms once the graph is cached.
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

DEFAULT_DB = ROOT / "bench" / "out" / "network-100k.sqlite3"
TODAY = dt.date(2026, 11, 22)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def spread(times: list[float]) -> str:
    return f"median {ms(statistics.median(times))}, p95 {ms(pct(times, 0.95))}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--seed", type=int, default=3)
    args = p.parse_args(argv)
    if not args.db.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_db.py"), "--network", "--out", str(args.db)], check=True
        )
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "network.sqlite3"
        shutil.copyfile(args.db, db)
        from desktop.domain import graph
        from desktop.services import knows, paths
        from desktop.services.names import LazyNames
        from desktop.services.session import close_database, open_database

        secs, _ = timed(lambda: open_database(db))
        print(f"{args.db.name}: opened (and migrated) in {ms(secs)}")
        ids = [r[0] for r in knows.database.connection().execute("SELECT id FROM contact WHERE deleted_at IS NULL")]
        targets = rng.sample(ids, args.queries)

        first, found = timed(lambda: paths.who_can_introduce(contact_id=targets[0], today=TODAY))
        g = knows.knows_graph(TODAY)
        ties = knows.meter(TODAY).ties
        print(f"  knows graph: {len(g):,} links among {len(list(g.people())):,} people; ties to {len(ties):,}")
        print(f"  first question (builds the graph and your ties): {ms(first)}")
        knows._GRAPH.clear()
        build, _ = timed(lambda: knows.knows_graph(TODAY))
        print(f"  the graph alone, built again: {ms(build)}")

        service, domain, with_path = [], [], 0
        names = LazyNames()
        for t in targets:
            secs, found = timed(lambda: paths.who_can_introduce(contact_id=t, today=TODAY))
            service.append(secs)
            with_path += bool(found)
            secs, _ = timed(lambda: graph.introduction_paths(g, ties, {t}, names, limit=10))
            domain.append(secs)
        print(f"  a contact, cached ({len(targets)} questions, {with_path} with a path): service {spread(service)}")
        print(f"    beside it, graph.introduction_paths alone: {spread(domain)}")

        orgs = [r[0] for r in knows.database.connection().execute(
            "SELECT DISTINCT organization FROM contact WHERE organization LIKE 'Firm %' LIMIT 2000")]  # fmt: skip
        org_first, _ = timed(lambda: paths.who_can_introduce(org="Acme", today=TODAY))
        org_times = [timed(lambda: paths.who_can_introduce(org=o, today=TODAY))[0] for o in rng.sample(orgs, 50)]
        big = [timed(lambda: paths.who_can_introduce(org=o, today=TODAY))[0] for o in ("Acme", "Globex", "Hooli")]
        print(f"  someone at an organisation: first {ms(org_first)}; small firms {spread(org_times)}; "
              f"a 10,000-person organisation median {ms(statistics.median(big))}")  # fmt: skip
        roles = ["a lawyer", "an accountant", "a designer", "an engineer", "a consultant", "a CTO"]
        role_first, _ = timed(lambda: paths.who_can_introduce(role=roles[0], today=TODAY))
        role_times = [timed(lambda: paths.who_can_introduce(role=r, today=TODAY))[0] for r in roles * 3]
        print(f"  someone of a role: first {ms(role_first)} (reads what everyone does); then {spread(role_times)}")

        page = [timed(lambda: knows.links_of(t, TODAY))[0] for t in targets[:50]]
        print(f"  the contact page's links of one contact: {spread(page)}")
        sizes, pictures = [], []
        for t in targets[:20]:
            secs, picture = timed(lambda: knows.network_map(t, 2, TODAY))
            pictures.append(secs)
            sizes.append(len(picture.nodes))
        print(f"  the Graph page, two links around someone ({statistics.median(sizes):.0f} people): {spread(pictures)}")
        close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
