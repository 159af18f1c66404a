"""Introductions to make (one contact needs what another offers), what the person said about them,
and logging one you made.

Choices made here (issues 4 and 11):

- Introductions are not suggested for two people already introduced (an introduction exchange
  between them) or said to know each other (a stored knows link: an introduction, a vCard RELATED,
  one entered by hand; an inferred one is a guess and does not stop a suggestion). One marked done
  on Today before "Not now" existed stays dismissed.
- What the person says is feedback for the matcher (``domain.introductions``): "Not now" is stored
  and also snoozes the Today item for ``NOT_NOW_SNOOZE_DAYS`` (the matcher lowers the pair when it
  comes back); "Not a match" is stored and the matcher drops the pair and pairs like it; both are
  steps of Edit → Undo. "An introduction made" is not stored twice: every introduction exchange
  in the log is one.
- The matcher's index over every need and offer is cached while no need, offer or name changes
  (``services.changes``): on 2,000 people with needs and offers it takes about a second to build,
  and Today reads it every time.
- Logging an introduction also records that the two know each other (``timeline.log_exchange``).
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
from desktop.services import changes, timeline, today_state, undo
from desktop.services.log import log
from desktop.services.names import contact_names
from desktop.services.needs import NEED, OFFER, needs_offers
from desktop.storage.db import database

States = tuple[dict[str, dt.date], dict[str, dt.date]]  # (ref -> done on, ref -> snoozed until)
NOT_NOW, NOT_A_MATCH = intro_rules.NOT_NOW, intro_rules.NOT_A_MATCH
NOT_NOW_SNOOZE_DAYS = 14  # "Not now" takes a suggestion off Today for two weeks


@dataclass(frozen=True)
class IntroSuggestion:
    a_id: int  # the one with the need
    a: str
    b_id: int
    b: str
    because: str  # plain text
    ref: str
    emphasis: tuple[tuple[int, int], ...] = ()  # (start, end) spans of ``because`` to show in bold
    score: float = 0.0


def intro_ref(a_id: int, b_id: int) -> str:
    """The Today ref of the suggestion to introduce a and b (the same whichever comes first)."""
    lo, hi = sorted((a_id, b_id))
    return f"intro:{lo}:{hi}"


def log_introduction(a_id: int, b_id: int, on=None, note: str = "") -> int:
    """You introduced a and b to each other: one exchange given to both, and a knows link."""
    if a_id == b_id:
        raise NetworkError("An introduction joins two different people.")
    return log(INTRODUCTION, [a_id, b_id], on, note=note)[1]


# --- feedback --------------------------------------------------------------------------------


def _give(kind: str, a_id: int, b_id: int, today: dt.date | None, snooze: bool) -> int:
    today = today or dt.date.today()
    if a_id == b_id:
        raise NetworkError("A suggestion joins two different people.")
    names = contact_names([a_id, b_id])
    if len(names) != 2:
        raise NetworkError("One of the two is no longer a contact.")
    ref = intro_ref(a_id, b_id)
    with database.atomic("IMMEDIATE"):
        done, snoozed = today_state.state_of(ref)
        p = {"kind": kind, "a": a_id, "b": b_id, "on": today.isoformat(), "ref": ref,
             "state": [d.isoformat() if d else None for d in (done, snoozed)] if done or snoozed else None,
             "until": (today + dt.timedelta(days=NOT_NOW_SNOOZE_DAYS)).isoformat() if snooze else None}  # fmt: skip
        p["id"] = _write_feedback(p)
        words = "not now" if kind == NOT_NOW else "not a match"
        undo.record(f"introductions.{kind}", f"{words}: introducing {names[a_id]} and {names[b_id]}", p)
    return p["id"]


def _write_feedback(p: dict) -> int:
    cur = database.connection().execute(
        "INSERT INTO intro_feedback (id, kind, a_id, b_id, given_on, created_at) "
        "VALUES (?, ?, ?, ?, ?, datetime('now', 'localtime'))",
        [p.get("id"), p["kind"], p["a"], p["b"], p["on"]],
    )
    if p["until"]:
        today_state.set_state(p["ref"], snoozed_until=dt.date.fromisoformat(p["until"]))
    return cur.lastrowid


def not_now(a_id: int, b_id: int, today: dt.date | None = None) -> int:
    """Not now: off Today for a while, and lower when it comes back. Journalled (Edit → Undo)."""
    return _give(NOT_NOW, a_id, b_id, today, snooze=True)


def not_a_match(a_id: int, b_id: int, today: dt.date | None = None) -> int:
    """Not a match: never this pair again, nor pairs resting on the same need and the same kind of offer.
    Journalled (Edit → Undo)."""
    return _give(NOT_A_MATCH, a_id, b_id, today, snooze=False)


def _take_back(step: undo.Step) -> undo.Changed:
    p = step.payload
    database.connection().execute("DELETE FROM intro_feedback WHERE id = ?", [p["id"]])
    if p["until"]:
        if p["state"] is None:
            today_state.clear_state(p["ref"])
        else:
            done, snoozed = (dt.date.fromisoformat(d) if d else None for d in p["state"])
            today_state.set_state(p["ref"], done_on=done, snoozed_until=snoozed)
    return undo.Changed(today=True)


def _give_again(step: undo.Step) -> undo.Changed:
    _write_feedback(step.payload)
    return undo.Changed(today=True)


# Like Today's done and snooze: a step of the session it was taken in.
undo.register(f"introductions.{NOT_NOW}", undo=_take_back, redo=_give_again, survives_restart=False)
undo.register(f"introductions.{NOT_A_MATCH}", undo=_take_back, redo=_give_again, survives_restart=False)


def feedback(facts: Iterable[rules.ExchangeFact] | None = None) -> list[intro_rules.Feedback]:
    """Everything the person said about suggestions: stored feedback, and every introduction made."""
    out = [
        intro_rules.Feedback(kind, a, b, dt.date.fromisoformat(on))
        for kind, a, b, on in database.connection().execute(
            "SELECT kind, a_id, b_id, given_on FROM intro_feedback ORDER BY id"
        )
    ]
    for a, b, on in _introduced(timeline.exchange_facts() if facts is None else facts):
        out.append(intro_rules.Feedback(intro_rules.INTRODUCED, a, b, on))
    return out


def _introduced(facts: Iterable[rules.ExchangeFact]) -> list[tuple[int, int, dt.date]]:
    """(a, b, on) for every pair of contacts an introduction exchange joined."""
    out = []
    for f in facts:
        if f.kind == INTRODUCTION:
            people = set(f.contact_ids) | ({f.third_party_id} if f.third_party_id is not None else set())
            out += [(a, b, f.on) for a, b in combinations(sorted(people), 2)]
    return out


# --- suggestions -------------------------------------------------------------------------------


def _needs_index() -> intro_rules.NeedsIndex | None:
    """The matcher's index over every live contact's needs and offers, with all its matches found; None
    with no needs or offers at all (the vocabulary is not even read)."""
    items = needs_offers()
    if not items:
        return None
    names = contact_names({item.contact_id for item in items})
    by_contact: dict[int, dict[str, list]] = defaultdict(lambda: {NEED: [], OFFER: []})
    for item in items:
        by_contact[item.contact_id][item.kind].append(intro_rules.NeedOffer(item.text, item.tags))
    profiles = [
        intro_rules.Profile(cid, names[cid], tuple(d[NEED]), tuple(d[OFFER]))
        for cid, d in by_contact.items()
        if cid in names
    ]
    index = intro_rules.NeedsIndex(profiles)
    index.all_matches()
    return index


_INDEX = changes.Cached((changes.NEEDS, changes.PEOPLE), _needs_index)


def _said_to_know() -> set[frozenset[int]]:
    rows = database.connection().execute("SELECT a_id, b_id FROM knows WHERE source != 'hidden'")
    return {frozenset(r) for r in rows}


_KNOWN = changes.Cached((changes.KNOWS,), _said_to_know)


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
    """``introductions_to_make`` on what the caller has read already (Today reads it for everything).

    The answer is kept while nothing it rests on changes: ranking tens of thousands of matching pairs
    takes seconds on a big network, and Today asks on every read."""
    done, snoozed = states
    dismissed = frozenset(
        [r for r in done if r.startswith("intro:")] + [r for r, until in snoozed.items() if r.startswith("intro:")
                                                        and today < until]
    )  # fmt: skip
    return list(_SUGGESTED.get(today, limit, dismissed, facts=facts, balances=balances))


def _suggest(today, limit, dismissed, *, facts, balances) -> list[IntroSuggestion]:
    index = _INDEX.get()
    if index is None or not index.people:
        return []
    skip = set(_KNOWN.get()) | {frozenset((a, b)) for a, b, _ in _introduced(facts)}
    for ref in dismissed:
        _, a, b = ref.split(":")
        skip.add(frozenset((int(a), int(b))))
    found = intro_rules.suggest_introductions(
        (), rules.relationship_strengths(balances), skip, limit, feedback=feedback(facts), today=today, index=index
    )
    names = {cid: p.name for cid, p in index.people.items()}
    return [
        IntroSuggestion(s.a_id, names[s.a_id], s.b_id, names[s.b_id], s.because, intro_ref(s.a_id, s.b_id),
                        s.emphasis, s.score)
        for s in found
    ]  # fmt: skip


_SUGGESTED = changes.Cached(
    (changes.NEEDS, changes.PEOPLE, changes.KNOWS, changes.EXCHANGES, changes.FEEDBACK, changes.SETTINGS), _suggest
)
