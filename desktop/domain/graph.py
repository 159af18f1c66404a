"""Who knows whom, how well, and who can introduce you to the person you need.

Pure rules, plain values in and out; every function that ages something takes
``today``. The service turns rows (introductions made, shared organisations,
events and groups, vCard RELATED, links entered by hand) into :class:`LinkFact`
values and the reciprocity meter into :class:`Tie` values.

Choices made here (issue 11):

- A link's strength (0..1) comes from what is known about it: each fact counts by
  its source (and, for a link entered by hand or a vCard RELATED, by how: family >
  friend > colleague > client > introduced by), fades with age (``HALF_LIFE_DAYS``)
  when it has a date, and several facts add up as independent evidence
  (1 - product of (1 - s)). A link between two people you are close to is surer
  than one between strangers to you: it is scaled by ``0.8 + 0.2 * closeness`` of
  the less close of the two (closeness: 0..1, from the meter; missing means 0).
- A link is *inferred* when every fact behind it is (a shared organisation, event or
  group): nobody said they know each other. Only small circles infer links
  (``MAX_SHARED`` people or fewer): two people among the thousands at one company,
  or in a chamber of five hundred, need not know each other, and a circle of n people
  would make n²/2 links. A pair the person said does not belong (``hidden``) infers none.
- Your tie to a contact (the first hop) comes from the meter: decayed given +
  received, ``1 - exp(-total / TIE_SCALE)``. Only contacts with a tie can be the
  first person asked.
- "Who can introduce me to …" searches paths you -> first contact -> (second ->)
  target, at most ``max_hops`` (3) links, never through a target or twice through
  anyone. A path's strength is its weakest link. Paths rank by that strength times
  how easy the ask is (``ask_ease``: higher when the first person owes you, lower when
  you owe them), then by fewer hops.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from desktop.domain import reciprocity as rules

INTRODUCTION, ORGANISATION, EVENT, GROUP, RELATED, MANUAL = (
    "introduction", "organisation", "event", "group", "related", "manual",
)  # fmt: skip
SOURCES = (INTRODUCTION, ORGANISATION, EVENT, GROUP, RELATED, MANUAL)
INFERRED_SOURCES = frozenset({ORGANISATION, EVENT, GROUP})
# What one fact says about a link, by source; a hand-entered or vCard link by how.
SOURCE_STRENGTH = {INTRODUCTION: 0.7, ORGANISATION: 0.45, EVENT: 0.25, GROUP: 0.3, RELATED: 0.6, MANUAL: 0.6}
HOW_STRENGTH = {
    "family": 0.9, "spouse": 0.9, "partner": 0.85, "friend": 0.8, "colleague": 0.65, "co-worker": 0.65,
    "coworker": 0.65, "client": 0.55, "introduced by": 0.5, "acquaintance": 0.35, "contact": 0.4,
}  # fmt: skip
HOW_CHOICES = ("colleague", "friend", "client", "family", "introduced by")  # what the contact page offers
HALF_LIFE_DAYS = 730  # a dated fact counts half after two years ...
MIN_AGE_FACTOR = 0.4  # ... and never less than this: people rarely stop knowing each other
TIE_SCALE = 4.0  # decayed weight units for a tie of 1 - 1/e
MAX_HOPS = 3
ME = 0  # you, in paths
MAX_EASE = 1.3  # asking someone who owes you is at most this much easier (``ask_ease``)
MAX_SHARED = 50  # an organisation, event or group of more people infers no links (see above)


class LinkFact(NamedTuple):
    """One thing known about two contacts knowing each other (a tuple: a big network has many)."""

    a: int
    b: int
    source: str  # one of SOURCES
    how: str = ""  # for MANUAL and RELATED: colleague, friend, client, family, introduced by, ...
    on: dt.date | None = None  # when it happened (the introduction, the event); None: undated


class Link(NamedTuple):
    a: int  # a < b
    b: int
    strength: float  # 0..1
    sources: tuple[str, ...]  # distinct sources, strongest fact first
    how: str  # the strongest "how" given, or ""
    inferred: bool  # only shared organisations, events or groups say so

    def other(self, cid: int) -> int:
        return self.b if cid == self.a else self.a


@dataclass(frozen=True)
class Tie:
    """You and one contact, from the meter."""

    contact_id: int
    strength: float  # 0..1
    balance: float  # given - received, decayed: > 0 they owe you
    gifts_this_year: int  # exchanges you gave them in the last 365 days


@dataclass(frozen=True)
class IntroPath:
    via: tuple[int, ...]  # your first contact, ..., the one who knows the target
    to: int
    strength: float  # the weakest link, your tie included (0..1)
    rank: float  # strength times how easy the ask is: the ranking key
    because: str  # "Ask Julia to introduce you to Wei (…)"
    links: tuple[Link, ...]  # the links after your tie, in order


# --- link strength ---------------------------------------------------------------------


def fact_strength(fact: LinkFact, today: dt.date) -> float:
    base = SOURCE_STRENGTH.get(fact.source, SOURCE_STRENGTH[MANUAL])
    how = fact.how.strip().casefold()
    if how and fact.source in (MANUAL, RELATED):
        base = HOW_STRENGTH.get(how, base)
    if fact.on is None:
        return base
    age = max(0, (today - fact.on).days)
    return base * max(MIN_AGE_FACTOR, 0.5 ** (age / HALF_LIFE_DAYS))


def link_strength(
    facts: Iterable[LinkFact], today: dt.date, closeness_a: float = 0.0, closeness_b: float = 0.0
) -> float:
    """0..1 from the facts about one pair and how close you are to each of the two (``build_links`` does many)."""
    facts = [LinkFact(1, 2, f.source, f.how, f.on) for f in facts]
    [link] = build_links(facts, today, {1: closeness_a, 2: closeness_b})
    return link.strength


def build_links(facts: Iterable[LinkFact], today: dt.date, closeness: Mapping[int, float] | None = None) -> list[Link]:
    """One Link per pair of contacts the facts name (facts about one person alone are dropped)."""
    closeness = closeness or {}
    strengths: dict[tuple, float] = {}  # (source, how, on) -> strength: most facts repeat one
    by_pair: dict[tuple[int, int], list[tuple[float, LinkFact]]] = defaultdict(list)
    for f in facts:
        if f.a == f.b:
            continue
        key = (f.source, f.how, f.on)
        strength = strengths.get(key)
        if strength is None:
            strength = strengths[key] = fact_strength(f, today)
        by_pair[(f.a, f.b) if f.a < f.b else (f.b, f.a)].append((strength, f))
    out = []
    for (a, b), found in by_pair.items():
        near = min(closeness.get(a, 0.0), closeness.get(b, 0.0))
        sure = 0.8 + 0.2 * (0.0 if near < 0 else 1.0 if near > 1 else near)
        if len(found) == 1:  # most pairs: one fact
            strength, f = found[0]
            out.append(Link(a, b, strength * sure, (f.source,), f.how.strip(), f.source in INFERRED_SOURCES))
            continue
        found.sort(key=lambda sf: -sf[0])
        missing = 1.0
        for strength, _ in found:
            missing *= 1.0 - strength
        sources = tuple(dict.fromkeys(f.source for _, f in found))
        how = next((f.how.strip() for _, f in found if f.how.strip()), "")
        out.append(Link(a, b, (1.0 - missing) * sure, sources, how, all(x in INFERRED_SOURCES for x in sources)))
    return out


def shared_facts(
    source: str,
    circles: Iterable[tuple[Iterable[int], dt.date | None]],
    hidden: Container[tuple[int, int]] = frozenset(),
) -> Iterator[LinkFact]:
    """Inferred facts: every pair in each circle (the people of one organisation, event or group,
    with the event's date or None), but for circles over ``MAX_SHARED`` and ``hidden`` pairs (a < b)."""
    if source not in INFERRED_SOURCES:
        raise ValueError(f"{source!r} is not a source Rapport infers ({', '.join(sorted(INFERRED_SOURCES))}).")
    for members, on in circles:
        people = sorted(set(members))
        if not 2 <= len(people) <= MAX_SHARED:
            continue
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                if (a, b) not in hidden:
                    yield LinkFact(a, b, source, "", on)


def _strength_desc(pair: tuple[float, int]) -> float:
    return -pair[0]


class KnowsGraph:
    """Contacts and the links between them, for the path search and a picture."""

    def __init__(self, links: Iterable[Link]):
        self._adj: dict[int, dict[int, float]] = defaultdict(dict)
        self._links: dict[tuple[int, int], Link] = {}
        self._by_strength: dict[int, list[tuple[float, int]]] = {}
        for link in links:
            self._adj[link.a][link.b] = link.strength
            self._adj[link.b][link.a] = link.strength
            self._links[(link.a, link.b)] = link

    def __len__(self) -> int:
        return len(self._links)

    def people(self) -> Iterable[int]:
        """Everyone with at least one link."""
        return self._adj.keys()

    def neighbours(self, cid: int) -> Mapping[int, float]:
        """contact id -> link strength, of everyone this contact knows."""
        return self._adj.get(cid, {})

    def strongest_first(self, cid: int) -> list[tuple[float, int]]:
        """(strength, contact id) of everyone this contact knows, strongest first (sorted once, kept:
        the graph does not change once built)."""
        found = self._by_strength.get(cid)
        if found is None:
            found = sorted(((s, n) for n, s in self.neighbours(cid).items()), key=_strength_desc)
            self._by_strength[cid] = found
        return found

    def link(self, a: int, b: int) -> Link | None:
        return self._links.get((a, b) if a < b else (b, a))

    def ego(self, cid: int, hops: int = 1) -> set[int]:
        """The contact and everyone within ``hops`` links."""
        seen, frontier = {cid}, {cid}
        for _ in range(hops):
            frontier = {n for c in frontier for n in self.neighbours(c)} - seen
            seen |= frontier
        return seen


# --- you and your contacts -----------------------------------------------------------------


def tie_strength(total: float) -> float:
    return 1.0 - math.exp(-max(0.0, total) / TIE_SCALE)


def your_ties(
    balances: Mapping[int, rules.ContactBalance], facts: Iterable[rules.ExchangeFact], today: dt.date
) -> dict[int, Tie]:
    """contact id -> your tie, for everyone the meter knows (given or received anything)."""
    gifts: dict[int, int] = defaultdict(int)
    start = today - dt.timedelta(days=365)
    for f in facts:
        if rules.counts_on_meter(f) and f.direction == rules.GIVEN and start <= f.on <= today:
            for cid in rules.credited_contacts(f):
                gifts[cid] += 1
    return {
        cid: Tie(cid, tie_strength(b.total), b.balance, gifts.get(cid, 0))
        for cid, b in balances.items()
        if b.total > rules.EPSILON
    }


def ask_ease(tie: Tie) -> float:
    """1 for someone who owes you nothing and whom you owe nothing; up to 1.3 when they owe you, down to 0.7."""
    return 1.0 + (MAX_EASE - 1.0) * math.tanh(tie.balance / 3.0)


# --- who can introduce you -------------------------------------------------------------------


def introduction_paths(
    graph: KnowsGraph,
    ties: Mapping[int, Tie],
    targets: Iterable[int],
    names: Mapping[int, str],
    *,
    max_hops: int = MAX_HOPS,
    limit: int | None = 10,
) -> list[IntroPath]:
    """The best ways to reach any of ``targets`` through people you know, best first.

    One path per first contact and target (the best one). ``max_hops`` counts every
    link, your tie to the first contact included: 2 is "a contact of yours knows
    them", 3 goes through one more person. ``names`` needs the people on the paths
    returned.
    """
    targets = set(targets)
    max_hops = min(max_hops, MAX_HOPS)
    best: dict[tuple[int, int], tuple[float, float, tuple[int, ...]]] = {}  # (first, target) -> (rank, strength, via)
    floor: list[float] = []  # the first ranks of the best ``limit`` (first, target) pairs seen: a lower bound

    def offer(via: tuple[int, ...], target: int, weakest: float) -> None:
        tie = ties[via[0]]
        strength = min(weakest, tie.strength)
        rank = strength * ask_ease(tie)
        key = (via[0], target)
        found = best.get(key)
        if found is None:
            if limit is not None:
                (heapq.heappush if len(floor) < limit else heapq.heappushpop)(floor, rank)
        elif (rank, -len(via), [-x for x in via]) <= (found[0], -len(found[2]), [-x for x in found[2]]):
            return  # equal paths: the fewer hops, then the lower ids, whatever order they came in
        best[key] = (rank, strength, via)

    # Every path ends with a link (c, t) to a target, and ranks at most that link's strength times the
    # easiest ask: taking those links strongest first, the search stops once none can reach the best
    # ``limit`` found (a target set of thousands, "a lawyer", would otherwise walk most of the graph).
    for s_ct, t, c in _last_links(graph, targets, limit is not None):
        if len(floor) == limit and s_ct * MAX_EASE < floor[0]:
            break
        if max_hops >= 2 and c in ties:
            offer((c,), t, s_ct)
        if max_hops >= 3:
            for s_fc, first in graph.strongest_first(c):
                if len(floor) == limit and min(s_ct, s_fc) * MAX_EASE < floor[0]:
                    break  # the rest of c's links are weaker still: none reaches the best found
                if first in ties and first != t and first not in targets:
                    offer((first, c), t, min(s_ct, s_fc))
    rows = ((-r, len(via), via, t, s) for (_, t), (r, s, via) in best.items())
    ranked = sorted(rows) if limit is None else heapq.nsmallest(limit, rows)
    out = []
    for neg_rank, _, via, t, strength in ranked:
        chain = (*via, t)
        links = tuple(graph.link(x, y) for x, y in zip(chain, chain[1:]))
        out.append(IntroPath(via, t, strength, -neg_rank, path_reason(via, t, links, ties[via[0]], names), links))
    return out


def _last_links(graph: KnowsGraph, targets: set[int], strongest_first: bool) -> Iterator[tuple[float, int, int]]:
    """(strength, target, who knows them) for every link into ``targets`` from outside them; with
    ``strongest_first``, strongest first, merged lazily from each target's links already in that order,
    so a search that stops after a few hundred links does not sort ten thousand targets' links."""
    if not strongest_first:
        for t in targets:
            for c, s_ct in graph.neighbours(t).items():
                if c not in targets:
                    yield s_ct, t, c
        return
    heap = []
    for t in targets:
        links = graph.strongest_first(t)
        if links:
            heap.append((-links[0][0], t, 0))
    heapq.heapify(heap)
    while heap:
        neg, t, i = heap[0]
        links = graph.strongest_first(t)
        if i + 1 < len(links):
            heapq.heapreplace(heap, (-links[i + 1][0], t, i + 1))
        else:
            heapq.heappop(heap)
        c = links[i][1]
        if c not in targets:
            yield -neg, t, c


def link_words(link: Link) -> str:
    """How two people know each other, in a few words: "colleague", "same organisation, inferred"."""
    said = link.how or {
        INTRODUCTION: "you introduced them", ORGANISATION: "same organisation", EVENT: "met at the same event",
        GROUP: "in the same group", RELATED: "related", MANUAL: "they know each other",
    }.get(link.sources[0], "they know each other")  # fmt: skip
    return f"{said}, inferred" if link.inferred else said


def _favours(n: int) -> str:
    return "1 favour" if n == 1 else f"{n} favours"


def ask_note(tie: Tie, name: str) -> str:
    """Why asking this person is easy, or not: from the meter."""
    if tie.gifts_this_year:
        return f"you gave {name} {_favours(tie.gifts_this_year)} this year"
    band = rules.band_for(max(tie.balance, 0.0), max(-tie.balance, 0.0))
    if band.code == rules.BALANCED:
        return f"you and {name} are even"
    if tie.balance > 0:
        return f"{name} owes you"
    return f"{name} has given you more: ask gently"


def path_reason(via: tuple[int, ...], to: int, links: tuple[Link, ...], tie: Tie, names: Mapping[int, str]) -> str:
    """ "Ask Julia to introduce you to Wei (Julia knows Wei: colleague; you gave Julia 3 favours this year)"."""
    first, target = names[via[0]], names[to]
    if len(via) == 1:
        action = f"Ask {first} to introduce you to {target}"
        known = f"{first} knows {target}: {link_words(links[0])}"
    else:
        second = names[via[1]]
        action = f"Ask {first} to introduce you to {second}, who knows {target}"
        known = f"{first} knows {second}: {link_words(links[0])}; {second} knows {target}: {link_words(links[1])}"
    return f"{action} ({known}; {ask_note(tie, first)})"
