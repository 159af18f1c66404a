"""Networking groups and events: creating them, the people met at an event, and what each group gives back.

Plain values in and out; ``GroupError`` carries a message meant for a person
and nothing is written when one is raised.

Choices made here (issue 4):

- The people met at an event of a group are added to the group's members
  (unless asked not to): a chamber's events are where its members are met,
  and a group's return is counted from what its members gave.
- A group's return covers the last 12 months up to ``today``: hours and cost
  of its events in that window, its yearly fee once, against the referrals,
  favours and everything else received (done) from its members in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import JOIN

from desktop.domain import reciprocity as rules
from desktop.domain.dates import as_date
from desktop.domain.errors import RapportError
from desktop.storage.db import database
from desktop.storage.models import Contact, Event, EventAttendee, GroupMember, NetworkGroup

GROUP_KINDS = ("chamber", "leads_group", "association", "event_series", "online", "informal")
GROUP_KIND_LABELS = {
    "chamber": "Chamber of commerce",
    "leads_group": "Leads group",
    "association": "Association",
    "event_series": "Event series",
    "online": "Online community",
    "informal": "Informal",
}
RETURN_WINDOW_DAYS = 365


class GroupError(RapportError, ValueError):
    """Input that cannot be saved, explained for a person."""


@dataclass
class GroupInfo:
    id: int
    name: str
    kind: str = "informal"
    yearly_fee_cents: int = 0
    notes: str = ""
    member_ids: list[int] = field(default_factory=list)


@dataclass
class EventInfo:
    id: int
    name: str
    on: dt.date
    group_id: int | None = None
    group_name: str = ""
    place: str = ""
    hours: float = 0.0
    cost_cents: int = 0
    notes: str = ""
    met: list[tuple[int, str]] = field(default_factory=list)  # (id, full name) of the people met


@dataclass(frozen=True)
class GroupReturn:
    """What one group cost and gave back over the window ending ``today``."""

    group_id: int
    name: str
    kind: str
    members: int
    events: int
    hours: float
    money_cents: int  # the yearly fee plus the events' cost
    referrals: int  # referrals received from members
    favours: int  # favours received from members
    received_weight: int  # raw weight of everything received from members


def _today() -> dt.date:
    return dt.date.today()


def _check_name(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise GroupError(f"The {what} needs a name.")
    return name


def _check_money(cents, what: str) -> int:
    try:
        cents = int(cents or 0)
    except (TypeError, ValueError):
        raise GroupError(f"The {what} is an amount of money.") from None
    if cents < 0:
        raise GroupError(f"The {what} cannot be negative.")
    return cents


def _live_contacts(ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(int(c) for c in ids))
    if not ids:
        return []
    found = {c.id for c in Contact.select(Contact.id).where(Contact.id.in_(ids), Contact.deleted_at.is_null())}
    missing = [c for c in ids if c not in found]
    if missing:
        raise GroupError(f"No such contact: {', '.join(map(str, missing))}.")
    return ids


# --- groups -----------------------------------------------------------------------


def find_group(name: str) -> int | None:
    """The live group of that name (case-insensitive), or None."""
    row = (
        NetworkGroup.select(NetworkGroup.id)
        .where(NetworkGroup.name.collate("NOCASE") == name.strip(), NetworkGroup.deleted_at.is_null())
        .first()
    )
    return row.id if row else None


def create_group(
    name: str, kind: str = "informal", yearly_fee_cents: int = 0, notes: str = "", member_ids: Iterable[int] = ()
) -> int:
    name = _check_name(name, "group")
    if kind not in GROUP_KINDS:
        raise GroupError(f"Unknown kind of group {kind!r} (one of {', '.join(GROUP_KINDS)}).")
    fee = _check_money(yearly_fee_cents, "yearly fee")
    with database.atomic("IMMEDIATE"):
        if find_group(name) is not None:
            raise GroupError(f"There is already a group called {name}.")
        members = _live_contacts(member_ids)
        # A trashed group of the same name would break the unique index: give it its name back later.
        for old in NetworkGroup.select().where(NetworkGroup.name.collate("NOCASE") == name):
            NetworkGroup.update(name=f"{old.name} (trashed {old.id})").where(NetworkGroup.id == old.id).execute()
        row = NetworkGroup.create(name=name, kind=kind, yearly_fee_cents=fee, notes=notes)
        _add_members(row.id, members)
    return row.id


def update_group(
    group_id: int, *, name=None, kind=None, yearly_fee_cents=None, notes=None, member_ids=None
) -> None:
    values = {}
    if name is not None:
        values["name"] = _check_name(name, "group")
    if kind is not None:
        if kind not in GROUP_KINDS:
            raise GroupError(f"Unknown kind of group {kind!r} (one of {', '.join(GROUP_KINDS)}).")
        values["kind"] = kind
    if yearly_fee_cents is not None:
        values["yearly_fee_cents"] = _check_money(yearly_fee_cents, "yearly fee")
    if notes is not None:
        values["notes"] = notes
    with database.atomic("IMMEDIATE"):
        if NetworkGroup.get_or_none(NetworkGroup.id == group_id) is None:
            raise GroupError(f"No group with id {group_id}.")
        if "name" in values:
            other = find_group(values["name"])
            if other is not None and other != group_id:
                raise GroupError(f"There is already a group called {values['name']}.")
        if values:
            NetworkGroup.update(**values).where(NetworkGroup.id == group_id).execute()
        if member_ids is not None:
            members = _live_contacts(member_ids)
            GroupMember.delete().where(GroupMember.group == group_id).execute()
            _add_members(group_id, members)


def _add_members(group_id: int, contact_ids: list[int]) -> int:
    if not contact_ids:
        return 0
    before = GroupMember.select().where(GroupMember.group == group_id).count()
    GroupMember.insert_many([{"group": group_id, "contact": c} for c in contact_ids]).on_conflict_ignore().execute()
    return GroupMember.select().where(GroupMember.group == group_id).count() - before


def get_group(group_id: int) -> GroupInfo:
    g = NetworkGroup.get_or_none(NetworkGroup.id == group_id, NetworkGroup.deleted_at.is_null())
    if g is None:
        raise GroupError(f"No group with id {group_id}.")
    members = [m.contact_id for m in GroupMember.select(GroupMember.contact).where(GroupMember.group == group_id)]
    return GroupInfo(g.id, g.name, g.kind, g.yearly_fee_cents, g.notes, members)


def list_groups() -> list[GroupInfo]:
    groups = list(NetworkGroup.select().where(NetworkGroup.deleted_at.is_null()).order_by(NetworkGroup.name))
    members: dict[int, list[int]] = {g.id: [] for g in groups}
    for m in GroupMember.select(GroupMember.group, GroupMember.contact).namedtuples():
        if m.group in members:
            members[m.group].append(m.contact)
    return [GroupInfo(g.id, g.name, g.kind, g.yearly_fee_cents, g.notes, members[g.id]) for g in groups]


# --- events -----------------------------------------------------------------------


def _check_date(on) -> dt.date:
    try:
        return as_date(on)
    except ValueError as exc:
        raise GroupError(str(exc)) from None


def create_event(
    name: str,
    on,
    *,
    group_id: int | None = None,
    place: str = "",
    hours: float = 0.0,
    cost_cents: int = 0,
    notes: str = "",
    met_ids: Iterable[int] = (),
    add_met_to_group: bool = True,
) -> int:
    """Record an event and the people met there, in one step.

    Each person met gets a follow-up (see the Today list) and, when they have
    no "met at" event yet, this one.
    """
    name = _check_name(name, "event")
    on = _check_date(on)
    cost = _check_money(cost_cents, "cost")
    try:
        hours = float(hours or 0)
    except (TypeError, ValueError):
        raise GroupError("The hours are a number.") from None
    if hours < 0:
        raise GroupError("The hours cannot be negative.")
    with database.atomic("IMMEDIATE"):
        if group_id is not None and NetworkGroup.get_or_none(NetworkGroup.id == group_id) is None:
            raise GroupError(f"No group with id {group_id}.")
        met = _live_contacts(met_ids)
        row = Event.create(name=name, date=on, group=group_id, place=place, hours=hours, cost_cents=cost, notes=notes)
        _add_met(row.id, met)
        if group_id is not None and add_met_to_group:
            _add_members(group_id, met)
    return row.id


def record_event(name: str, on, *, group_name: str | None = None, **event) -> tuple[int, bool]:
    """``create_event`` in the group named (created when there is none of that name yet), in one
    transaction; returns (event id, whether the group was created)."""
    created = False
    group_id = None
    # IMMEDIATE: it reads (does the group exist?) then writes; a deferred one can fail the upgrade under WAL.
    with database.atomic("IMMEDIATE"):
        if group_name:
            group_id = find_group(group_name)
            if group_id is None:
                group_id = create_group(group_name)
                created = True
        event_id = create_event(name, on, group_id=group_id, **event)
    return event_id, created


def _add_met(event_id: int, contact_ids: list[int]) -> None:
    if not contact_ids:
        return
    EventAttendee.insert_many([{"event": event_id, "contact": c} for c in contact_ids]).on_conflict_ignore().execute()
    Contact.update(met_event=event_id).where(Contact.id.in_(contact_ids), Contact.met_event.is_null()).execute()


def list_events(group_id: int | None = None, limit: int | None = None) -> list[EventInfo]:
    """Live events, newest first (of one group when given)."""
    q = (
        Event.select(Event, NetworkGroup.name.alias("group_name"))
        .join(NetworkGroup, join_type=JOIN.LEFT_OUTER, on=(Event.group == NetworkGroup.id))
        .where(Event.deleted_at.is_null())
        .order_by(Event.date.desc(), Event.id.desc())
    )
    if group_id is not None:
        q = q.where(Event.group == group_id)
    if limit:
        q = q.limit(limit)
    events = [
        EventInfo(e.id, e.name, e.date, e.group_id, getattr(e, "group_name", None) or "", e.place, e.hours,
                  e.cost_cents, e.notes)
        for e in q.objects()
    ]  # fmt: skip
    by_id = {e.id: e for e in events}
    if by_id:
        rows = (
            EventAttendee.select(EventAttendee.event, Contact.id, Contact.full_name)
            .join(Contact)
            .where(EventAttendee.event.in_(list(by_id)), Contact.deleted_at.is_null())
            .order_by(Contact.sort_name)
            .tuples()
        )
        for event_id, cid, name in rows:
            by_id[event_id].met.append((cid, name))
    return events


# --- what groups give back -----------------------------------------------------------


def group_returns(today: dt.date | None = None, facts: list[rules.ExchangeFact] | None = None) -> list[GroupReturn]:
    """Per live group, over the last 12 months: hours and money invested against what members gave."""
    from desktop.services.timeline import exchange_facts

    today = today or _today()
    start = today - dt.timedelta(days=RETURN_WINDOW_DAYS)
    if facts is None:
        facts = exchange_facts()
    received = [
        f for f in facts if rules.counts_on_meter(f) and f.direction == rules.RECEIVED and start <= f.on <= today
    ]
    out = []
    for g in list_groups():
        members = set(g.member_ids)
        events = (
            Event.select(Event.hours, Event.cost_cents)
            .where(Event.group == g.id, Event.deleted_at.is_null(), Event.date.between(start, today))
            .tuples()
        )
        events = list(events)
        referrals = favours = weight = 0
        for f in received:
            if not members.intersection(f.contact_ids):
                continue
            referrals += f.kind == "referral"
            favours += f.kind == "favour"
            weight += f.weight
        out.append(
            GroupReturn(
                g.id, g.name, g.kind, len(members), len(events),
                round(sum(h for h, _ in events), 2),
                g.yearly_fee_cents + sum(c for _, c in events),
                referrals, favours, weight,
            )  # fmt: skip
        )
    return out
