"""Introductions to make (one contact needs what another offers), and logging one you made.

Choices made here (issue 4):

- Introductions are not suggested for two people already introduced (an
  introduction exchange between them) or known to know each other (any
  ``knows`` link); one dismissed from Today stays dismissed.
- Logging an introduction also records that the two know each other.

The matching itself is a domain rule (``desktop.domain.introductions``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from desktop.domain import introductions as intro_rules
from desktop.domain import reciprocity as rules
from desktop.domain.errors import NetworkError
from desktop.domain.kinds import INTRODUCTION
from desktop.services import timeline, today_state
from desktop.services.log import log
from desktop.services.names import contact_names
from desktop.services.needs import NEED, OFFER, needs_offers
from desktop.storage.models import Knows

States = tuple[dict[str, dt.date], dict[str, dt.date]]  # (ref -> done on, ref -> snoozed until)


@dataclass(frozen=True)
class IntroSuggestion:
    a_id: int
    a: str
    b_id: int
    b: str
    because: str
    ref: str


def intro_ref(a_id: int, b_id: int) -> str:
    """The Today ref of the suggestion to introduce a and b (the same whichever comes first)."""
    lo, hi = sorted((a_id, b_id))
    return f"intro:{lo}:{hi}"


def log_introduction(a_id: int, b_id: int, on=None, note: str = "") -> int:
    """You introduced a and b to each other: one exchange given to both, and a knows link."""
    if a_id == b_id:
        raise NetworkError("An introduction joins two different people.")
    return log(INTRODUCTION, [a_id, b_id], on, note=note)[1]


def _already_introduced(facts: Iterable[rules.ExchangeFact]) -> set[frozenset[int]]:
    pairs = set()
    for f in facts:
        if f.kind == INTRODUCTION:
            people = set(f.contact_ids) | ({f.third_party_id} if f.third_party_id is not None else set())
            pairs.update(frozenset(p) for p in combinations(sorted(people), 2))
    for k in Knows.select(Knows.a, Knows.b).namedtuples():
        pairs.add(frozenset((k.a, k.b)))
    return pairs


def introductions_to_make(
    today: dt.date | None = None, limit: int | None = None, *, include_dismissed: bool = False
) -> list[IntroSuggestion]:
    """Pairs where one needs what the other offers, strongest relationships first."""
    today = today or dt.date.today()
    facts = timeline.exchange_facts()
    balances = rules.contact_balances(facts, today, timeline.half_life_days())
    return suggestions(today, facts, balances, ({}, {}) if include_dismissed else today_state.states(), limit)


def suggestions(
    today: dt.date,
    facts: list[rules.ExchangeFact],
    balances: dict[int, rules.ContactBalance],
    states: States,
    limit: int | None,
) -> list[IntroSuggestion]:
    """``introductions_to_make`` on what the caller has read already (Today reads it for everything)."""
    items = needs_offers()
    if not items:
        return []
    names = contact_names({item.contact_id for item in items})
    by_contact: dict[int, dict[str, list]] = defaultdict(lambda: {NEED: [], OFFER: []})
    for item in items:
        by_contact[item.contact_id][item.kind].append(intro_rules.NeedOffer(item.text, item.tags))
    profiles = [
        intro_rules.Profile(cid, names[cid], tuple(d[NEED]), tuple(d[OFFER]))
        for cid, d in by_contact.items()
        if cid in names
    ]
    skip = _already_introduced(facts)
    done, snoozed = states
    for ref in list(done) + [r for r, until in snoozed.items() if today < until]:
        if ref.startswith("intro:"):
            _, a, b = ref.split(":")
            skip.add(frozenset((int(a), int(b))))
    found = intro_rules.suggest_introductions(profiles, rules.relationship_strengths(balances), skip, limit)
    return [IntroSuggestion(s.a_id, names[s.a_id], s.b_id, names[s.b_id], s.because, intro_ref(s.a_id, s.b_id))
            for s in found]  # fmt: skip
