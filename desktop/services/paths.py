"""Who can introduce you to a contact, to someone at an organisation, or to someone a role
describes ("a journalist"): the best chains of at most three links through people you know.

The search and the ranking are the domain's (``domain.graph.introduction_paths``: the weakest link,
times how easy the ask is); the graph and your ties come cached from ``services.knows``; what every
contact does (title, organisation, role, offers) is read once for role questions and cached while
no contact or offer changes. Each path is an action: ask the first person on it
(``PathOption.ask_of``) to introduce you to the next (``introduce_to``), which the window opens as a
Log exchange of kind ask, prefilled.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from desktop.domain import graph
from desktop.domain.errors import NetworkError
from desktop.domain.introductions import Roles
from desktop.domain.kinds import OFFER
from desktop.services import changes, knows
from desktop.services.names import LazyNames, contact_names
from desktop.storage.db import database

MAX_HOPS = graph.MAX_HOPS
MIN_HOPS = 2  # one link is someone you know already


@dataclass(frozen=True)
class PathOption:
    via: tuple[int, ...]  # your first contact, ..., the one who knows the target
    via_names: tuple[str, ...]
    to: int
    to_name: str
    strength: float  # the weakest link, 0..1
    because: str  # "Ask Julia to introduce you to Wei (Julia knows Wei: colleague; you gave Julia 3 favours this year)"

    @property
    def ask_of(self) -> int:
        """Whom to ask: the first person on the path."""
        return self.via[0]

    @property
    def introduce_to(self) -> int:
        """Whom they would introduce you to: the target, or the next person on a longer path."""
        return self.via[1] if len(self.via) > 1 else self.to


def _descriptions() -> Roles:
    conn = database.connection()
    texts: dict[int, list[str]] = defaultdict(list)
    for cid, title, role, org in conn.execute(
        "SELECT id, title, role, organization FROM contact WHERE deleted_at IS NULL"
    ):
        texts[cid] += [t for t in (title, role, org) if t]
    for cid, text in conn.execute("SELECT contact_id, text FROM need_offer WHERE kind = ?", [OFFER]):
        if cid in texts:
            texts[cid].append(text)
    return Roles({cid: ts for cid, ts in texts.items() if ts})


_ROLES = changes.Cached((changes.PEOPLE, changes.NEEDS), _descriptions)


def role_members(role: str) -> list[int]:
    """The live contacts a role describes ("a journalist", "someone who does payroll"), best first."""
    if not (role or "").strip():
        return []
    return _ROLES.get().find(role)


def targets_for(*, contact_id: int | None = None, org: str | None = None, role: str | None = None) -> list[int]:
    """The people a question is about; a NetworkError (for a person) when it names no one."""
    given = [x for x in (contact_id, org, role) if x is not None]
    if len(given) != 1:
        raise NetworkError("Ask about one contact, one organisation or one role.")
    if contact_id is not None:
        if contact_id not in contact_names([contact_id]):
            raise NetworkError(f"No contact with id {contact_id}.")
        return [contact_id]
    if org is not None:
        if not org.strip():
            raise NetworkError("Name the organisation.")
        found = knows.organisation_members(org)
        if not found:
            raise NetworkError(f"No contact works at {org.strip()!r}.")
        return found
    assert role is not None
    if not role.strip():
        raise NetworkError("Say what kind of person you are looking for, e.g. 'a journalist'.")
    found = role_members(role)
    if not found:
        raise NetworkError(f"No contact is described as {role.strip()!r} (by title, role, organisation or offers).")
    return found


def who_can_introduce(
    *,
    contact_id: int | None = None,
    org: str | None = None,
    role: str | None = None,
    max_hops: int = MAX_HOPS,
    limit: int | None = 10,
    today: dt.date | None = None,
) -> list[PathOption]:
    """The best ways to reach the person (or anyone at the organisation, or of the role), best first.

    An empty list when no one you have exchanged anything with is within ``max_hops`` links.
    """
    if not MIN_HOPS <= max_hops <= MAX_HOPS:
        raise NetworkError(f"A path has {MIN_HOPS} or {MAX_HOPS} links (you, whom you ask, …, the person).")
    today = today or dt.date.today()
    targets = targets_for(contact_id=contact_id, org=org, role=role)
    g = knows.knows_graph(today)
    ties = knows.meter(today).ties
    names = LazyNames()
    found = graph.introduction_paths(g, ties, targets, names, max_hops=max_hops, limit=limit)
    return [
        PathOption(p.via, tuple(names[c] for c in p.via), p.to, names[p.to], p.strength, p.because) for p in found
    ]
