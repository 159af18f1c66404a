"""Frame times of the Graph page's view: 2,000 people and their links, beside an empty scene.

    python bench/bench_graph_view.py [--people 2000] [--links 6000] [--frames 120]

Offscreen (Qt's raster engine, as on a machine without a GPU), a 1280x800 view. A made-up network
map: people in clusters of 5-40 (firms, events), each with a few links inside and some across, strengths
and bands drawn at random, placed by the page's own force layout. Timed: each frame is a pan step,
a zoom step or a node dragged, followed by a synchronous repaint of the viewport; median, p95 and
the worst frame. The same frames on an empty scene are the floor. Target: ~16 ms (60 frames a second).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_map(people: int, links: int, rng: random.Random):
    from desktop.services.knows import MapEdge, MapNode, NetworkMap

    bands = ["you_gave_more", "they_gave_more", "balanced", "one_sided", "", "", ""]
    nodes = [MapNode(1, "Centre Person", 0.9, "balanced", 0)]
    for cid in range(2, people + 1):
        nodes.append(MapNode(cid, f"Person {cid} {rng.choice(['García', 'Ødegård', 'Nguyễn', 'Smith'])}",
                             rng.random() ** 2, rng.choice(bands), 1 if cid < 60 else 2))  # fmt: skip
    edges: dict[tuple[int, int], MapEdge] = {}
    clusters, cid = [], 2
    while cid <= people:
        size = rng.randint(5, 40)
        clusters.append(list(range(cid, min(people, cid + size - 1) + 1)))
        cid += size
    for c in range(2, 60):
        edges[(1, c)] = MapEdge(1, c, rng.uniform(0.3, 0.9), False)
    while len(edges) < links:
        group = rng.choice(clusters)
        a = rng.choice(group)
        b = rng.choice(group) if rng.random() < 0.8 else rng.randint(2, people)
        if a != b:
            key = (min(a, b), max(a, b))
            edges[key] = MapEdge(*key, rng.uniform(0.1, 0.9), rng.random() < 0.6)
    return NetworkMap(1, tuple(nodes), tuple(edges.values()), 0)


def frames(view, count: int, rng: random.Random, drag: bool) -> list[float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    times = []
    nodes = list(view.nodes.values())
    for i in range(count):
        kind = i % 3
        app.processEvents()  # nothing pending: the frame below is the change and its one paint
        t0 = time.perf_counter()
        if kind == 0:
            view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + rng.choice([-40, 40]))
        elif kind == 1:
            f = 1.08 if (i // 3) % 2 else 1 / 1.08
            view.scale(f, f)
        elif drag and nodes:
            node = rng.choice(nodes)
            node.setPos(node.x() + rng.uniform(-15, 15), node.y() + rng.uniform(-15, 15))
        else:
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() + rng.choice([-40, 40]))
        view.viewport().repaint()
        times.append(time.perf_counter() - t0)
    return times


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (f"  {name:<28} median {statistics.median(times) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
            f"worst {max(times) * 1000:6.1f} ms")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--people", type=int, default=2000)
    p.add_argument("--links", type=int, default=6000)
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--seed", type=int, default=2)
    args = p.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from desktop.ui.style import apply_theme
    from desktop.ui.widgets.graph_layout import force_layout, rings
    from desktop.ui.widgets.graph_view import GraphView

    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")
    rng = random.Random(args.seed)
    network = make_map(args.people, args.links, rng)
    order = [n.contact_id for n in network.nodes]
    t0 = time.perf_counter()
    edges = [(e.a, e.b, e.strength) for e in network.edges]
    start = rings(1, {n.contact_id: n.hops for n in network.nodes}, order, edges)
    positions = force_layout(order, edges, start, pinned=1)
    layout = time.perf_counter() - t0

    empty = GraphView()
    empty.resize(1280, 800)
    empty.show()
    view = GraphView()
    view.resize(1280, 800)
    view.show()
    t0 = time.perf_counter()
    view.set_network(network, positions)
    app.processEvents()
    view.viewport().repaint()
    first = time.perf_counter() - t0
    print(f"Graph view, {args.people:,} people and {len(network.edges):,} links, 1280x800 offscreen")
    print(f"  force layout (off the UI thread in the app): {layout:.1f} s; scene built and first frame: "
          f"{first * 1000:.0f} ms")  # fmt: skip
    print(describe("empty scene", frames(empty, args.frames, random.Random(1), drag=False)))
    view.fit()
    print(describe(f"{args.people:,} people, whole view", frames(view, args.frames, random.Random(1), drag=True)))
    view.resetTransform()
    view.scale(2.0, 2.0)  # zoomed in: every name drawn, a part of the network in view
    view.centerOn(view.nodes[1])
    print(describe(f"{args.people:,} people, zoomed in", frames(view, args.frames, random.Random(1), drag=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
