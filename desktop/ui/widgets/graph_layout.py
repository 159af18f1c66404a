"""Where the Graph page puts people: rings by distance from the centre at once, then a force layout.

Plain Python on plain values (no Qt): the force layout runs on a worker thread while the rings show.
It is Fruchterman and Reingold's (1991), with their grid variant for repulsion: only people within
two ideal distances push each other apart, found through a grid of cells that size, so a step costs
about what the links cost and 2,000 people lay out in a few seconds without numpy. Links pull by
their strength. The result is scaled so the ideal distance between linked people is ``SPACING``.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

SPACING = 60.0  # scene units between two linked people, about
EXACT_BELOW = 250  # fewer people than this: every pair repels (the grid saves nothing)
MANY = 500  # from this many people on, fewer steps

Positions = dict[int, tuple[float, float]]


def rings(
    center: int | None,
    hops: Mapping[int, int],
    order: Sequence[int],
    edges: Iterable[tuple[int, int, float]] = (),
) -> Positions:
    """A first picture, at once: the centre in the middle, the people they know on a circle around it,
    and each person two links away just outside the first of those they are linked to (so the force
    layout starts near where it ends). For the whole network (no centre), a sunflower spiral in
    ``order`` (the closest in the middle)."""
    out: Positions = {}
    if center is None:
        golden = math.pi * (3 - math.sqrt(5))
        for i, cid in enumerate(order):
            r = SPACING * 0.9 * math.sqrt(i)
            out[cid] = (r * math.cos(i * golden), r * math.sin(i * golden))
        return out
    first = [cid for cid in order if hops.get(cid) == 1]
    radius = max(SPACING * 2, len(first) * SPACING * 0.9 / (2 * math.pi))
    angle: dict[int, float] = {}
    for i, cid in enumerate(first):
        angle[cid] = 2 * math.pi * i / max(1, len(first))
        out[cid] = (radius * math.cos(angle[cid]), radius * math.sin(angle[cid]))
    out[center] = (0.0, 0.0)
    parent: dict[int, int] = {}
    for a, b, _ in edges:
        for far, near in ((a, b), (b, a)):
            if hops.get(far, 0) >= 2 and near in angle and far not in parent:
                parent[far] = near
    children: dict[int | None, list[int]] = defaultdict(list)
    for cid in order:
        if cid not in out:
            children[parent.get(cid)].append(cid)
    spread = 2 * math.pi / max(1, len(first))  # the arc each person of the first circle has outside
    for near, kids in children.items():
        for k, cid in enumerate(kids):
            if near is None:  # linked to no one of the first circle: an outer circle
                a = 2 * math.pi * k / len(kids)
                r = radius + SPACING * 3
            else:
                a = angle[near] + spread * ((k % 7) / 7 - 0.43)
                r = radius + SPACING * (1.2 + 0.8 * (k // 7))
            out[cid] = (r * math.cos(a), r * math.sin(a))
    return out


def force_layout(
    nodes: Sequence[int],
    edges: Iterable[tuple[int, int, float]],
    start: Positions,
    *,
    pinned: int | None = None,
    iterations: int | None = None,
    seed: int = 1,
    should_stop: Callable[[], bool] = lambda: False,
    on_step: Callable[[Positions], None] | None = None,
    step_every: int = 10,
) -> Positions:
    """Positions that keep linked people near and everyone else apart, from ``start``.

    ``edges``: (a, b, strength 0..1). ``pinned``: a person who stays where they are (the centre).
    ``iterations``: steps (default: 120, or 60 from ``MANY`` people on, ~70 ms a step at 2,000).
    ``should_stop``: asked every step; True ends the work early with what it has. ``on_step``: handed
    the positions every ``step_every`` steps, for a picture that settles as it goes.
    """
    if iterations is None:
        iterations = 60 if len(nodes) >= MANY else 120
    n = len(nodes)
    if n == 0:
        return {}
    rng = random.Random(seed)  # where someone without a start goes
    index = {cid: i for i, cid in enumerate(nodes)}
    xs = [start.get(cid, (rng.uniform(-1, 1), rng.uniform(-1, 1)))[0] for cid in nodes]
    ys = [start.get(cid, (rng.uniform(-1, 1), rng.uniform(-1, 1)))[1] for cid in nodes]
    links = [(index[a], index[b], max(0.05, s)) for a, b, s in edges if a in index and b in index and a != b]
    # A person with many links is pulled by each of them less (as ForceAtlas's "dissuade hubs"): the
    # people of one group of thirty, all linked to each other, would otherwise fall onto one point.
    degree = [0] * n
    for i, j, _ in links:
        degree[i] += 1
        degree[j] += 1
    links = [(i, j, s / math.sqrt(max(1, min(degree[i], degree[j])))) for i, j, s in links]
    k = SPACING  # the ideal distance
    k2 = k * k
    reach = 2 * k  # the grid variant: no push beyond this
    fixed = index.get(pinned, -1) if pinned is not None else -1
    extent = max(1.0, max(max(map(abs, xs)), max(map(abs, ys))))
    temperature = max(extent / 10, k)
    cool = temperature / (iterations + 1)
    exact = n < EXACT_BELOW
    for step in range(iterations):
        if should_stop():
            break
        if on_step is not None and step and step % step_every == 0:
            on_step({cid: (xs[i], ys[i]) for i, cid in enumerate(nodes)})
        dx = [0.0] * n
        dy = [0.0] * n
        if exact:
            _repel_all(xs, ys, dx, dy, k2)
        else:
            _repel_near(xs, ys, dx, dy, k2, reach)
        for i, j, s in links:
            vx, vy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(vx * vx + vy * vy) or 0.01
            f = d * s / k  # attraction d²/k along the unit vector, weighed by the link's strength
            dx[i] -= vx * f
            dy[i] -= vy * f
            dx[j] += vx * f
            dy[j] += vy * f
        for i in range(n):
            if i == fixed:
                continue
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if d > 0:
                step = min(d, temperature) / d
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature = max(temperature - cool, k * 0.05)
    return {cid: (xs[i], ys[i]) for i, cid in enumerate(nodes)}


def _push(i: int, j: int, xs, ys, dx, dy, k2: float) -> None:
    vx, vy = xs[i] - xs[j], ys[i] - ys[j]
    d2 = vx * vx + vy * vy
    if d2 < 0.01:  # on top of each other: apart in some direction
        vx, vy, d2 = 0.1 * ((i * 7919) % 13 - 6), 0.1 * ((j * 104729) % 13 - 6.5), 0.5
    f = k2 / d2  # repulsion k²/d along the unit vector (v/d): v * k²/d²
    dx[i] += vx * f
    dy[i] += vy * f
    dx[j] -= vx * f
    dy[j] -= vy * f


def _repel_all(xs, ys, dx, dy, k2: float) -> None:
    n = len(xs)
    for i in range(n):
        for j in range(i + 1, n):
            _push(i, j, xs, ys, dx, dy, k2)


def _repel_near(xs, ys, dx, dy, k2: float, reach: float) -> None:
    """Repulsion between people in the same or touching cells of a grid ``reach`` wide, and nearer
    than ``reach``: the inner loop of the layout, written out for speed."""
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(len(xs)):
        grid[(int(xs[i] // reach), int(ys[i] // reach))].append(i)
    r2 = reach * reach
    for (cx, cy), members in grid.items():
        around = [members]
        for ox, oy in ((1, -1), (1, 0), (1, 1), (0, 1)):  # each neighbouring pair of cells once
            other = grid.get((cx + ox, cy + oy))
            if other:
                around.append(other)
        for a, i in enumerate(members):
            xi, yi = xs[i], ys[i]
            fx = fy = 0.0
            for group_no, group in enumerate(around):
                for j in group[a + 1 :] if group_no == 0 else group:
                    vx, vy = xi - xs[j], yi - ys[j]
                    d2 = vx * vx + vy * vy
                    if d2 > r2:
                        continue
                    if d2 < 0.01:
                        _push(i, j, xs, ys, dx, dy, k2)
                        continue
                    f = k2 / d2
                    fx += vx * f
                    fy += vy * f
                    dx[j] -= vx * f
                    dy[j] -= vy * f
            dx[i] += fx
            dy[i] += fy
