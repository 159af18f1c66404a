"""What the Groups & Events page reads: the groups and the events with their counts, one group with its
members, its events and what it cost against what came back month by month, and one event with the
people met there. Plain values; the changes themselves are ``services.groups``'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.domain import reciprocity as rules
from desktop.domain.kinds import INTRODUCTION, REFERRAL
from desktop.services import groups
from desktop.storage.db import database

MONTHS = 12


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    kind: str
    yearly_fee_cents: int
    members: int
    events: int  # live events, all time
    last_event: dt.date | None

    @property
    def kind_label(self) -> str:
        return groups.GROUP_KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Overview:
    groups: list[GroupRow]
    events: list[groups.EventInfo]  # newest first


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    organization: str = ""
    title: str = ""


@dataclass(frozen=True)
class ReturnMonth:
    """One calendar month of a group: what it took (its events) and what its members gave back."""

    year: int
    month: int
    events: int = 0
    hours: float = 0.0
    cost_cents: int = 0
    came_back: int = 0  # raw weight of what members gave you
    referrals: int = 0
    introductions: int = 0
    business: int = 0


@dataclass
class GroupDetail:
    group: groups.GroupInfo
    members: list[Person]
    events: list[groups.EventInfo]
    returns: groups.GroupReturn  # the last 12 months, as the Network page counts them
    months: list[ReturnMonth] = field(default_factory=list)  # the 12 months ending with today's, oldest first

    @property
    def kind_label(self) -> str:
        return groups.GROUP_KIND_LABELS.get(self.group.kind, self.group.kind)


@dataclass
class EventDetail:
    event: groups.EventInfo
    people: list[Person]  # met there, by name


def overview() -> Overview:
    """Every live group with its counts, and every live event, newest first."""
    conn = database.connection()
    rows = conn.execute(
        "SELECT g.id, g.name, g.kind, g.yearly_fee_cents, "
        "(SELECT count(*) FROM group_member m JOIN contact c ON c.id = m.contact_id "
        " WHERE m.group_id = g.id AND c.deleted_at IS NULL), "
        "(SELECT count(*) FROM event e WHERE e.group_id = g.id AND e.deleted_at IS NULL), "
        "(SELECT max(e.date) FROM event e WHERE e.group_id = g.id AND e.deleted_at IS NULL) "
        "FROM network_group g WHERE g.deleted_at IS NULL ORDER BY g.name COLLATE NOCASE"
    ).fetchall()
    rows = [GroupRow(r[0], r[1], r[2], r[3], r[4], r[5], dt.date.fromisoformat(r[6]) if r[6] else None) for r in rows]
    return Overview(rows, groups.list_events())


def _people(ids: list[int]) -> list[Person]:
    out: list[Person] = []
    conn = database.connection()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out += [
            Person(*r)
            for r in conn.execute(
                "SELECT id, full_name, organization, title FROM contact "
                f"WHERE deleted_at IS NULL AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        ]
    return sorted(out, key=lambda p: (p.name.casefold(), p.id))


def month_keys(today: dt.date, months: int = MONTHS) -> list[tuple[int, int]]:
    """(year, month) of the ``months`` calendar months ending with today's, oldest first."""
    y, m = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return keys[::-1]


def group_detail(group_id: int, today: dt.date, facts: list[rules.ExchangeFact] | None = None) -> GroupDetail:
    """One live group (``GroupError`` when it is gone): members, events, its 12-month return, and month
    by month what it took and what came back."""
    from desktop.services.timeline import exchange_facts

    info = groups.get_group(group_id)
    facts = exchange_facts() if facts is None else facts
    (returns,) = [r for r in groups.group_returns(today, facts) if r.group_id == group_id]
    events = groups.list_events(group_id)
    keys = month_keys(today)
    months = {k: dict(events=0, hours=0.0, cost_cents=0, came_back=0, referrals=0, introductions=0, business=0)
              for k in keys}  # fmt: skip
    for e in events:
        m = months.get((e.on.year, e.on.month))
        if m is not None and e.on <= today:
            m["events"] += 1
            m["hours"] += e.hours
            m["cost_cents"] += e.cost_cents
    first = dt.date(*keys[0], 1)
    won = groups.won_referrals()
    for f in groups.received_from_members(facts, set(info.member_ids), first, today):
        m = months[(f.on.year, f.on.month)]
        m["came_back"] += f.weight
        m["referrals"] += f.kind == REFERRAL
        m["introductions"] += f.kind == INTRODUCTION
        m["business"] += groups.is_business(f, won)
    return GroupDetail(
        info, _people(info.member_ids), events, returns,
        [ReturnMonth(y, mo, **{**months[(y, mo)], "hours": round(months[(y, mo)]["hours"], 2)}) for y, mo in keys],
    )  # fmt: skip


def event_detail(event_id: int) -> EventDetail:
    """One live event and the people met there (``GroupError`` when it is gone or in the trash)."""
    event = groups.get_event(event_id)
    return EventDetail(event, _people([cid for cid, _ in event.met]))
