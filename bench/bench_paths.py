"""Speed of "who can introduce me to …" on a big knows graph, beside networkx's shortest path.

    python bench/bench_paths.py [--contacts 100000] [--links 500000] [--queries 1000]

A made-up network: --contacts contacts in organisations of 2-40 people, --links
facts (shared organisation, introductions, events, groups, links entered by
hand, with dates over five years), and ties (a meter reading) to 3% of the
contacts. Timed: building the links and the graph from the facts, then
``graph.introduction_paths`` (best 10, at most 3 hops) for --queries random
targets (a contact) and for a tenth as many role-like target sets (200 contacts,
"a journalist"): median and p95. Target (issue 11): a query <= 50 ms.

Baseline in the same run: networkx (when installed) on the same links, plus
you joined to the contacts you have a tie to: ``nx.shortest_path`` from you to
the target (one path, unranked), and for a target set, to a node joined to all
of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain import graph  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def make_facts(contacts: int, links: int, rng: random.Random) -> list[graph.LinkFact]:
    facts = []
    cid = 1
    orgs = []
    while cid <= contacts:
        size = min(rng.randint(2, 40), contacts - cid + 1)
        orgs.append(range(cid, cid + size))
        cid += size
    # Colleagues: each contact linked to a few others at the same organisation.
    for org in orgs:
        members = list(org)
        for a in members:
            for b in rng.sample(members, min(len(members), 3)):
                if a < b and len(facts) < links * 0.4:
                    facts.append(graph.LinkFact(a, b, graph.ORGANISATION))
    sources = [graph.INTRODUCTION, graph.EVENT, graph.GROUP, graph.MANUAL, graph.RELATED]
    hows = ["", "colleague", "friend", "client", "family", "introduced by"]
    while len(facts) < links:
        a, b = rng.randint(1, contacts), rng.randint(1, contacts)
        if a == b:
            continue
        source = rng.choice(sources)
        how = rng.choice(hows) if source in (graph.MANUAL, graph.RELATED) else ""
        facts.append(graph.LinkFact(a, b, source, how, TODAY - dt.timedelta(days=rng.randint(0, 1800))))
    return facts


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    facts = make_facts(args.contacts, args.links, rng)
    tied = rng.sample(range(1, args.contacts + 1), args.contacts * 3 // 100)
    ties = {c: graph.Tie(c, rng.uniform(0.1, 0.95), rng.uniform(-4, 6), rng.choice([0, 0, 1, 2, 3])) for c in tied}
    closeness = {c: t.strength for c, t in ties.items()}
    names = {c: f"Contact {c}" for c in range(1, args.contacts + 1)}

    t0 = time.perf_counter()
    links = graph.build_links(facts, TODAY, closeness)
    t1 = time.perf_counter()
    g = graph.KnowsGraph(links)
    t2 = time.perf_counter()
    print(f"Knows graph: {args.contacts:,} contacts, {len(facts):,} facts -> {len(g):,} links; ties to {len(ties):,}")
    print(f"  build: links {1000 * (t1 - t0):,.0f} ms + graph {1000 * (t2 - t1):,.0f} ms")

    singles = [rng.randint(1, args.contacts) for _ in range(args.queries)]
    roles = [set(rng.sample(range(1, args.contacts + 1), 200)) for _ in range(max(1, args.queries // 10))]
    found = 0
    times = []
    for t in singles:
        s = time.perf_counter()
        found += bool(graph.introduction_paths(g, ties, {t}, names, limit=10))
        times.append(time.perf_counter() - s)
    role_times = []
    for targets in roles:
        s = time.perf_counter()
        graph.introduction_paths(g, ties, targets, names, limit=10)
        role_times.append(time.perf_counter() - s)
    print(f"  introduction_paths, one contact ({len(singles)} queries, {found} with a path): "
          f"median {1000 * statistics.median(times):.2f} ms, p95 {1000 * pct(times, 0.95):.2f} ms")  # fmt: skip
    print(f"  introduction_paths, 200 contacts ({len(roles)} queries): "
          f"median {1000 * statistics.median(role_times):.2f} ms, p95 {1000 * pct(role_times, 0.95):.2f} ms")  # fmt: skip

    try:
        import networkx as nx
    except ImportError:
        print("  networkx is not installed: no baseline")
        return 0
    t0 = time.perf_counter()
    G = nx.Graph()
    G.add_weighted_edges_from((link.a, link.b, link.strength) for link in links)
    G.add_edges_from((graph.ME, c) for c in ties)
    t1 = time.perf_counter()
    times = []
    for t in singles:
        s = time.perf_counter()
        try:
            nx.shortest_path(G, graph.ME, t)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            pass
        times.append(time.perf_counter() - s)
    role_times = []
    for targets in roles:
        s = time.perf_counter()
        G.add_edges_from((-1, t) for t in targets)
        try:
            nx.shortest_path(G, graph.ME, -1)
        except nx.NetworkXNoPath:
            pass
        G.remove_node(-1)
        role_times.append(time.perf_counter() - s)
    print(f"  networkx baseline: build {1000 * (t1 - t0):,.0f} ms; shortest_path to one contact "
          f"median {1000 * statistics.median(times):.2f} ms, p95 {1000 * pct(times, 0.95):.2f} ms; "
          f"to 200 contacts median {1000 * statistics.median(role_times):.2f} ms, "
          f"p95 {1000 * pct(role_times, 0.95):.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
