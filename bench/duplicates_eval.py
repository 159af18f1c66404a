"""The labelled duplicates set (tests/data/duplicates/contacts.csv) and precision/recall over reported pairs.

Shared by bench/bench_duplicates.py (which prints the figures) and
tests/unit/test_duplicates_quality.py (which asserts the floor).
A pair is a duplicate when both contacts carry the same ``person`` label;
a method is judged on the pairs it reports (every pair inside a group).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.contact import Address, ContactData, Email, Phone, SocialProfile, fold_text
from desktop.domain.duplicates import find_duplicates
from desktop.domain.matching import DuplicateIndex

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "duplicates" / "contacts.csv"


@dataclass(frozen=True)
class Labelled:
    id: str
    split: str  # "tune" (weights were tuned on it), "holdout" (looked at once) or "holdout2" (written after that)
    person: str  # contacts with the same label are the same person
    case: str  # what the scene plants: "nickname", "father-son", ...; "" for the others
    contact: ContactData


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def load(path: Path = LABELLED, split: str | None = None) -> list[Labelled]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if split and r["split"] != split:
                continue
            c = ContactData(
                given_name=r["given"], family_name=r["family"], full_name=r["full_name"], nickname=r["nickname"],
                organization=r["organization"], title=r["title"], birthday=r["birthday"],
                emails=[Email(e) for e in _split(r["emails"])], phones=[Phone(p) for p in _split(r["phones"])],
                social_profiles=[SocialProfile("linkedin", u) for u in _split(r["linkedin"])],
                addresses=[Address(street=r["street"], city=r["city"])] if r["street"] or r["city"] else [],
            )  # fmt: skip
            if not c.full_name:
                c.full_name = c.display_name()
            out.append(Labelled(r["id"], r["split"], r["person"], r["case"], c))
    return out


Pair = frozenset


def truth(items: list[Labelled]) -> set[Pair]:
    by_person: dict[str, list[str]] = {}
    for it in items:
        by_person.setdefault(it.person, []).append(it.id)
    return {Pair(p) for ids in by_person.values() for p in itertools.combinations(ids, 2)}


def _pairs_of_groups(groups: Iterable[Iterable[str]]) -> set[Pair]:
    return {Pair(p) for g in groups for p in itertools.combinations(sorted(g), 2)}


def rapport_method(items: list[Labelled]) -> set[Pair]:
    """Rapport's duplicates scan: every pair inside a reported group."""
    return _pairs_of_groups(g.refs for g in find_duplicates((it.id, it.contact) for it in items))


def folded_name_method(items: list[Labelled]) -> set[Pair]:
    """Baseline: contacts whose display names are equal without case and accents."""
    groups: dict[str, list[str]] = {}
    for it in items:
        key = " ".join(fold_text(it.contact.display_name()).split())
        groups.setdefault(key, []).append(it.id)
    return _pairs_of_groups(groups.values())


def certain_keys_method(items: list[Labelled]) -> set[Pair]:
    """Baseline: what import merges today (UID, email, phone with compatible names, profile, name at company)."""
    index = DuplicateIndex("US")
    groups: dict[str, list[str]] = {}
    for it in items:
        found = index.find(it.contact)
        if found is None:
            groups[it.id] = [it.id]
            index.add(it.id, it.contact)
        else:
            groups[found].append(it.id)
    return _pairs_of_groups(groups.values())


METHODS: dict[str, Callable[[list[Labelled]], set[Pair]]] = {
    "rapport scan": rapport_method,
    "baseline: same folded name": folded_name_method,
    "baseline: certain-match keys": certain_keys_method,
}


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    reported: int
    correct: int
    true_pairs: int


def score(reported: set[Pair], expected: set[Pair]) -> Score:
    correct = len(reported & expected)
    precision = correct / len(reported) if reported else 1.0
    recall = correct / len(expected) if expected else 1.0
    return Score(precision, recall, len(reported), correct, len(expected))
