"""Likely duplicate contacts, for a person to confirm: scored pairs, grouped, best first.

``find_duplicates(contacts, dismissed)`` never compares all pairs:
``blocking`` gives each contact and each distinct name a few keys (the
family name with the given initial, the family name with a letter left out
for typos, the given name's lines in ``nicknames.txt``, the name the other
way round, phone tails, emails and the part before the @, social profiles)
and only pairs that share one are scored.

``evidence`` weighs a pair as log-odds and turns the sum into a score
between 0 and 1: similar names (the same, a nickname, an initial, a typo,
given and family swapped) are the start; a shared email, phone, profile,
company, birthday or address adds; two different emails, phones, LinkedIn
profiles, companies, birthdays or cities take away, and so does a name many
contacts share, so two people who share a common name but nothing else are
not suggested. Different given names (Mark and Mary) or different
generations (John Smith and John Smith Jr.) are never the same person. Every
reason that counted is given in words ("Bob is short for Robert", "same
phone number", "same company: Acme").

Pairs at or above ``MIN_SCORE`` are grouped by merging the best pairs first,
and two groups only join when every pair across them still looks alike (and
none was dismissed), so one weak link cannot chain unrelated people.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.contact import ContactData
from desktop.domain.duplicates.blocking import candidate_pairs
from desktop.domain.duplicates.evidence import MIN_SCORE, Ref, clear_caches, phone_tail, prepare, score_pair, weigh

__all__ = ["MIN_SCORE", "DuplicateGroup", "DuplicatePair", "candidate_pairs", "clear_caches", "find_duplicates",
           "phone_tail", "prepare", "score_pair", "weigh"]  # fmt: skip

#: Two groups join only if no pair across them scores below this.
LINK_FLOOR = 0.3
#: No group grows past this many contacts.
MAX_GROUP = 12


@dataclass(frozen=True)
class DuplicatePair:
    a: Ref
    b: Ref
    score: float  # 0..1
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateGroup:
    refs: tuple[Ref, ...]  # in the order the contacts were given
    score: float  # the mean score of the pairs in the group
    reasons: tuple[str, ...]  # the reasons of its pairs, most frequent first
    pairs: tuple[DuplicatePair, ...]  # every pair in the group, best first


def find_duplicates(
    contacts: Iterable[tuple[Ref, ContactData]],
    dismissed: Iterable[tuple[Ref, Ref]] = (),
    min_score: float = MIN_SCORE,
) -> list[DuplicateGroup]:
    """Groups of contacts that are likely the same person, best first.

    ``contacts`` are ``(ref, ContactData)`` pairs, a ref being whatever the
    caller names a contact by (a database id). A pair in ``dismissed`` (in
    either order) is never suggested again, nor put in one group.

    Python's cycle collector is paused while the scan runs: it builds
    hundreds of thousands of small objects and no cycles, and on 100,000
    contacts the collector's passes over them more than doubled the time
    (8.3 s against 3.7 s in one run). Reference counting still frees everything.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _find(contacts, dismissed, min_score)
    finally:
        if paused:
            gc.enable()


def _find(
    contacts: Iterable[tuple[Ref, ContactData]], dismissed: Iterable[tuple[Ref, Ref]], min_score: float
) -> list[DuplicateGroup]:
    people = prepare(contacts)
    index = {p.ref: p.index for p in people}
    never = set()
    for a, b in dismissed:
        if a in index and b in index:
            i, j = sorted((index[a], index[b]))
            never.add((i, j))
    scored: dict[tuple[int, int], tuple[float, tuple[str, ...]] | None] = {}
    edges = []
    for pair in candidate_pairs(people, min_score):
        if pair in never:
            continue
        found = weigh(people[pair[0]], people[pair[1]])
        scored[pair] = found
        if found is not None and found[0] >= min_score:
            edges.append((found[0], pair))
    edges.sort(key=lambda e: (-e[0], e[1]))
    return _group(people, edges, scored, never, min_score)


def _group(people, edges, scored, never, min_score) -> list[DuplicateGroup]:  # noqa: ANN001
    root: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(i: int) -> int:
        while root.get(i, i) != i:
            i = root[i]
        return i

    def pair_score(i: int, j: int) -> float | None:
        key = (i, j) if i < j else (j, i)
        if key in never:
            return None
        if key not in scored:
            scored[key] = weigh(people[key[0]], people[key[1]])
        found = scored[key]
        return found[0] if found is not None else None

    for _, (i, j) in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        group_i, group_j = members.get(ri, [ri]), members.get(rj, [rj])
        if len(group_i) + len(group_j) > MAX_GROUP:
            continue
        if len(group_i) > 1 or len(group_j) > 1:
            cross = [pair_score(x, y) for x in group_i for y in group_j]
            if any(s is None or s < LINK_FLOOR for s in cross) or sum(cross) / len(cross) < min_score:
                continue
        root[rj] = ri
        members[ri] = group_i + group_j
        members.pop(rj, None)

    groups = []
    for member_list in members.values():
        ordered = sorted(member_list)
        pairs = []
        for x, i in enumerate(ordered):
            for j in ordered[x + 1 :]:
                found = scored[(i, j)] if (i, j) in scored else weigh(people[i], people[j])
                score, reasons = found if found is not None else (0.0, ())
                pairs.append(DuplicatePair(people[i].ref, people[j].ref, round(score, 4), reasons))
        pairs.sort(key=lambda pr: -pr.score)
        counts: dict[str, int] = {}
        for pr in pairs:
            for r in pr.reasons:
                counts[r] = counts.get(r, 0) + 1
        reasons = tuple(sorted(counts, key=lambda r: -counts[r]))
        score = round(sum(pr.score for pr in pairs) / len(pairs), 4)
        group = DuplicateGroup(tuple(people[i].ref for i in ordered), score, reasons, tuple(pairs))
        groups.append((-score, ordered[0], group))
    groups.sort(key=lambda g: g[:2])
    return [g[2] for g in groups]
