"""Networking groups and events: creating, editing and trashing them, the people met at an event,
and what each group gives back.

Plain values in and out; ``GroupError`` carries a message meant for a person
and nothing is written when one is raised. Every change a person makes is
journalled for Edit → Undo (``services.undo``: kinds ``groups.add``,
``groups.edit``, ``groups.delete``); deleting moves a group or an event to the
trash (``deleted_at``), from where the Trash dialog restores it.

Choices made here (issues 4 and 12):

- The people met at an event of a group are added to the group's members
  (unless asked not to): a chamber's events are where its members are met,
  and a group's return is counted from what its members gave.
- A contact met at an event attended it: a contact's "met at" event is always
  one of their events (set when they are first met at one, cleared when they
  are taken off its attendees). An event is a touch for each attendee
  (``services.touches``): it shows on their timelines and moves their last contact.
- Trashing a group keeps its events (they happened, and are on people's
  timelines); they show without a group until it is restored.
- A group's return covers the last 12 months up to ``today``: hours and cost
  of its events in that window, its yearly fee once, against the referrals,
  introductions, favours, business and everything else received (done) from
  its members in the window. Business is a referral that became business (won)
  or a purchase they made from you.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import JOIN

from desktop.domain import reciprocity as rules
from desktop.domain.dates import as_date
from desktop.domain.errors import RapportError
from desktop.domain.kinds import EVENT, GROUP, INTRODUCTION, REFERRAL, WON
from desktop.services import undo
from desktop.services.touches import refresh_last_contact
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
    introductions: int = 0  # introductions members made for you
    business: int = 0  # referrals from members that became business, and purchases they made from you


def _today() -> dt.date:
    return dt.date.today()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


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


def _check_kind(kind: str) -> str:
    if kind not in GROUP_KINDS:
        raise GroupError(f"Unknown kind of group {kind!r} (one of {', '.join(GROUP_KINDS)}).")
    return kind


def _check_hours(hours) -> float:
    try:
        hours = float(hours or 0)
    except (TypeError, ValueError):
        raise GroupError("The hours are a number.") from None
    if hours < 0:
        raise GroupError("The hours cannot be negative.")
    return hours


def _check_date(on) -> dt.date:
    try:
        return as_date(on)
    except ValueError as exc:
        raise GroupError(str(exc)) from None


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


def _free_name(name: str) -> None:
    """A trashed group of the same name would break the unique index: it takes a name that says
    where it is (``restore_group`` gives it its own back when that is free)."""
    for old in NetworkGroup.select().where(NetworkGroup.name.collate("NOCASE") == name):
        NetworkGroup.update(name=_trashed_name(old.name, old.id)).where(NetworkGroup.id == old.id).execute()


def _trashed_name(name: str, group_id: int) -> str:
    return f"{name} (trashed {group_id})"


def create_group(
    name: str, kind: str = "informal", yearly_fee_cents: int = 0, notes: str = "", member_ids: Iterable[int] = ()
) -> int:
    name = _check_name(name, "group")
    _check_kind(kind)
    fee = _check_money(yearly_fee_cents, "yearly fee")
    with database.atomic("IMMEDIATE"):
        if find_group(name) is not None:
            raise GroupError(f"There is already a group called {name}.")
        members = _live_contacts(member_ids)
        _free_name(name)
        row = NetworkGroup.create(name=name, kind=kind, yearly_fee_cents=fee, notes=notes)
        _add_members(row.id, members)
        _record_add([(GROUP, row.id)], f"new group {name}")
    return row.id


def update_group(
    group_id: int, *, name=None, kind=None, yearly_fee_cents=None, notes=None, member_ids=None
) -> None:
    values = {}
    if name is not None:
        values["name"] = _check_name(name, "group")
    if kind is not None:
        values["kind"] = _check_kind(kind)
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
        was = _group_state(group_id) if undo.recording() else None
        if values:
            NetworkGroup.update(**values).where(NetworkGroup.id == group_id).execute()
        if member_ids is not None:  # the live members become these (trashed ones keep their membership)
            members = _live_contacts(member_ids)
            gone = [c for c in members_of(group_id, live=True) if c not in members]
            if gone:
                GroupMember.delete().where(GroupMember.group == group_id, GroupMember.contact.in_(gone)).execute()
            _add_members(group_id, members)
        if was is not None:
            now = _group_state(group_id)
            undo.record("groups.edit", f"edit of the group {now['name']}",
                        {"what": GROUP, "id": group_id, "before": was, "after": now})  # fmt: skip


def _add_members(group_id: int, contact_ids: list[int]) -> list[int]:
    """Make these contacts members; returns those who were not members yet."""
    if not contact_ids:
        return []
    present = {m.contact_id for m in GroupMember.select(GroupMember.contact).where(GroupMember.group == group_id)}
    new = [c for c in dict.fromkeys(contact_ids) if c not in present]
    if new:
        GroupMember.insert_many([{"group": group_id, "contact": c} for c in new]).execute()
    return new


def members_of(group_id: int, *, live: bool = False) -> list[int]:
    """The ids of the group's members: with ``live``, those not in the trash (a trashed contact keeps
    its memberships, to have them back when restored)."""
    q = GroupMember.select(GroupMember.contact).where(GroupMember.group == group_id)
    if live:
        q = q.join(Contact).where(Contact.deleted_at.is_null())
    return [m.contact_id for m in q]


def get_group(group_id: int) -> GroupInfo:
    g = NetworkGroup.get_or_none(NetworkGroup.id == group_id, NetworkGroup.deleted_at.is_null())
    if g is None:
        raise GroupError(f"No group with id {group_id}.")
    return GroupInfo(g.id, g.name, g.kind, g.yearly_fee_cents, g.notes, members_of(group_id, live=True))


def list_groups() -> list[GroupInfo]:
    groups = list(NetworkGroup.select().where(NetworkGroup.deleted_at.is_null()).order_by(NetworkGroup.name))
    members: dict[int, list[int]] = {g.id: [] for g in groups}
    live = GroupMember.select(GroupMember.group, GroupMember.contact).join(Contact).where(Contact.deleted_at.is_null())
    for m in live.namedtuples():
        if m.group in members:
            members[m.group].append(m.contact)
    return [GroupInfo(g.id, g.name, g.kind, g.yearly_fee_cents, g.notes, members[g.id]) for g in groups]


def delete_group(group_id: int) -> None:
    """Move a group to the trash (its events stay); Edit → Undo or the Trash dialog bring it back."""
    with database.atomic("IMMEDIATE"):
        row = NetworkGroup.get_or_none(NetworkGroup.id == group_id, NetworkGroup.deleted_at.is_null())
        if row is None:
            raise GroupError(f"No group with id {group_id}.")
        _set_deleted(GROUP, group_id, _now())
        if undo.recording():
            undo.record("groups.delete", f"delete of the group {row.name}", {"items": [[GROUP, group_id]]})


def restore_group(group_id: int) -> None:
    """Take a group out of the trash; it has its own name back unless another group took it since."""
    with database.atomic("IMMEDIATE"):
        row = NetworkGroup.get_or_none(NetworkGroup.id == group_id, NetworkGroup.deleted_at.is_null(False))
        if row is None:
            raise GroupError(f"Group {group_id} is not in the trash.")
        _set_deleted(GROUP, group_id, None)
        suffix = _trashed_name("", group_id)
        if row.name.endswith(suffix):
            own = row.name[: -len(suffix)]
            if find_group(own) is None:
                _free_name(own)  # from a trashed group that holds it now
                NetworkGroup.update(name=own).where(NetworkGroup.id == group_id).execute()


# --- events -----------------------------------------------------------------------


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
    hours = _check_hours(hours)
    with database.atomic("IMMEDIATE"):
        if group_id is not None and NetworkGroup.get_or_none(NetworkGroup.id == group_id) is None:
            raise GroupError(f"No group with id {group_id}.")
        met = _live_contacts(met_ids)
        row = Event.create(name=name, date=on, group=group_id, place=place, hours=hours, cost_cents=cost, notes=notes)
        _add_met(row.id, met)
        if group_id is not None and add_met_to_group:
            _add_members(group_id, met)
        refresh_last_contact(met)
        _record_add([(EVENT, row.id)], f"new event {name}")
    return row.id


def record_event(name: str, on, *, group_name: str | None = None, **event) -> tuple[int, bool]:
    """``create_event`` in the group named (created when there is none of that name yet), in one
    transaction and one undo step; returns (event id, whether the group was created)."""
    created = False
    group_id = None
    # IMMEDIATE: it reads (does the group exist?) then writes; a deferred one can fail the upgrade under WAL.
    with database.atomic("IMMEDIATE"):
        with undo.quietly():
            if group_name:
                group_id = find_group(group_name)
                if group_id is None:
                    group_id = create_group(group_name)
                    created = True
            event_id = create_event(name, on, group_id=group_id, **event)
        items = [(EVENT, event_id), *([(GROUP, group_id)] if created else [])]
        _record_add(items, f"new event {name.strip()}" + (f" in the new group {group_name.strip()}" if created else ""))
    return event_id, created


def _add_met(event_id: int, contact_ids: list[int]) -> None:
    if not contact_ids:
        return
    EventAttendee.insert_many([{"event": event_id, "contact": c} for c in contact_ids]).on_conflict_ignore().execute()
    Contact.update(met_event=event_id).where(Contact.id.in_(contact_ids), Contact.met_event.is_null()).execute()


def mark_met_at(event_id: int, contact_ids: Iterable[int]) -> None:
    """Note that these contacts were met at this event: they become its attendees (a touch, on their
    timelines), and it is their "met at" event where they had none. Not journalled (the sample
    network's story uses it); a person adds people met through ``add_people_met``."""
    with database.atomic("IMMEDIATE"):
        ids = _live_contacts(contact_ids)
        _add_met(event_id, ids)
        refresh_last_contact(ids)


def attendee_ids(event_id: int) -> list[int]:
    return [a.contact_id for a in EventAttendee.select(EventAttendee.contact).where(EventAttendee.event == event_id)]


def get_event(event_id: int) -> EventInfo:
    """One live event with the people met there (``GroupError`` when it is gone or in the trash)."""
    found = _events(Event.id == event_id)
    if not found:
        raise GroupError(f"No event with id {event_id}.")
    return found[0]


def update_event(
    event_id: int,
    *,
    name=None,
    on=None,
    group_id=...,  # ... leaves the group as it is; None takes the event out of its group
    place=None,
    hours=None,
    cost_cents=None,
    notes=None,
    met_ids=None,
    add_met_to_group: bool = True,
    label: str | None = None,
) -> list[int]:
    """Change an event; ``met_ids`` replaces the people met (those taken off lose it as their "met
    at" event; those added get it where they had none, and join its group unless
    ``add_met_to_group`` is False). ``label`` names the undo step (an edit by default).
    Returns the contacts whose timeline changed (the people met before and after)."""
    values = {}
    if name is not None:
        values["name"] = _check_name(name, "event")
    if on is not None:
        values["date"] = _check_date(on)
    if place is not None:
        values["place"] = place
    if hours is not None:
        values["hours"] = _check_hours(hours)
    if cost_cents is not None:
        values["cost_cents"] = _check_money(cost_cents, "cost")
    if notes is not None:
        values["notes"] = notes
    if group_id is not ...:
        values["group"] = group_id
    with database.atomic("IMMEDIATE"):
        row = Event.get_or_none(Event.id == event_id, Event.deleted_at.is_null())
        if row is None:
            raise GroupError(f"No event with id {event_id}.")
        if values.get("group") is not None and NetworkGroup.get_or_none(NetworkGroup.id == values["group"]) is None:
            raise GroupError(f"No group with id {values['group']}.")
        was = _event_state(event_id) if undo.recording() else None
        if values:
            Event.update(**values).where(Event.id == event_id).execute()
        before = attendee_ids(event_id)
        after = before
        joined: list[int] = []
        if met_ids is not None:
            after = _live_contacts(met_ids)
            gone = [c for c in before if c not in after]
            if gone:
                EventAttendee.delete().where(EventAttendee.event == event_id, EventAttendee.contact.in_(gone)).execute()
                Contact.update(met_event=None).where(Contact.id.in_(gone), Contact.met_event == event_id).execute()
            added = [c for c in after if c not in before]
            _add_met(event_id, added)
            group = values.get("group", row.group_id)
            if group is not None and add_met_to_group:
                joined = _add_members(group, added)
        touched = list(dict.fromkeys([*before, *after]))
        refresh_last_contact(touched)
        if was is not None:
            now = _event_state(event_id)
            undo.record("groups.edit", label or f"edit of the event {now['name']}",
                        {"what": EVENT, "id": event_id, "before": was, "after": now, "joined": joined})  # fmt: skip
    return touched


def add_people_met(event_id: int, contact_ids: Iterable[int]) -> list[int]:
    """Add people met at an event (one undo step); returns those who were not on it yet."""
    from desktop.services.names import contact_names

    with database.atomic("IMMEDIATE"):
        event = get_event(event_id)
        before = attendee_ids(event_id)
        new = [c for c in _live_contacts(contact_ids) if c not in before]
        if new:
            names = contact_names(new)
            label = f"adding {undo.names_words([names.get(c, '') for c in new])} to {event.name}"
            update_event(event_id, met_ids=[*before, *new], label=label)
    return new


def delete_event(event_id: int) -> list[int]:
    """Move an event to the trash (Edit → Undo or the Trash dialog bring it back); returns the people
    met there, whose timelines and last contact changed."""
    with database.atomic("IMMEDIATE"):
        row = Event.get_or_none(Event.id == event_id, Event.deleted_at.is_null())
        if row is None:
            raise GroupError(f"No event with id {event_id}.")
        people = _set_deleted(EVENT, event_id, _now())
        if undo.recording():
            undo.record("groups.delete", f"delete of the event {row.name}", {"items": [[EVENT, event_id]]})
    return people


def restore_event(event_id: int) -> list[int]:
    """Take an event out of the trash; returns the people met there."""
    with database.atomic("IMMEDIATE"):
        if not Event.select().where(Event.id == event_id, Event.deleted_at.is_null(False)).exists():
            raise GroupError(f"Event {event_id} is not in the trash.")
        return _set_deleted(EVENT, event_id, None)


def _set_deleted(what: str, item_id: int, deleted_at) -> list[int]:
    """Trash (a time) or restore (None) a group or an event; returns the contacts whose timeline changed."""
    model = Event if what == EVENT else NetworkGroup
    model.update(deleted_at=deleted_at).where(model.id == item_id).execute()
    if what != EVENT:
        return []
    people = attendee_ids(item_id)
    refresh_last_contact(people)
    return people


def _events(*where) -> list[EventInfo]:
    q = (
        Event.select(Event, NetworkGroup.name.alias("group_name"))
        .join(NetworkGroup, join_type=JOIN.LEFT_OUTER,
              on=(Event.group == NetworkGroup.id) & NetworkGroup.deleted_at.is_null())
        .where(Event.deleted_at.is_null(), *where)
        .order_by(Event.date.desc(), Event.id.desc())
    )  # fmt: skip
    events = [
        EventInfo(e.id, e.name, e.date, e.group_id, getattr(e, "group_name", None) or "", e.place, e.hours,
                  e.cost_cents, e.notes)
        for e in q.objects()
    ]  # fmt: skip
    by_id = {e.id: e for e in events}
    ids = list(by_id)
    for i in range(0, len(ids), 500):
        rows = (
            EventAttendee.select(EventAttendee.event, Contact.id, Contact.full_name)
            .join(Contact)
            .where(EventAttendee.event.in_(ids[i : i + 500]), Contact.deleted_at.is_null())
            .order_by(Contact.sort_name)
            .tuples()
        )
        for event_id, cid, name in rows:
            by_id[event_id].met.append((cid, name))
    return events


def list_events(group_id: int | None = None, limit: int | None = None) -> list[EventInfo]:
    """Live events, newest first (of one group when given)."""
    events = _events(*([Event.group == group_id] if group_id is not None else []))
    return events[:limit] if limit else events


# --- what groups give back -----------------------------------------------------------


def return_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months a group's return covers, ending ``today`` (both days in)."""
    return today - dt.timedelta(days=RETURN_WINDOW_DAYS), today


def won_referrals() -> set[int]:
    """Ids of the referrals that turned into business (the meter reads them as plain done)."""
    sql = f"SELECT id FROM exchange WHERE kind = '{REFERRAL}' AND status = '{WON}' AND deleted_at IS NULL"
    return {r[0] for r in database.execute_sql(sql)}


def is_business(fact: rules.ExchangeFact, won: set[int]) -> bool:
    """Business that came back: a referral that turned into business (``won``: ``won_referrals()``), or
    a purchase they made from you."""
    return fact.direction == rules.RECEIVED and (fact.id in won or fact.kind == "purchase")


def received_from_members(facts: Iterable[rules.ExchangeFact], members: set[int], start: dt.date, end: dt.date):
    """What the members gave you between ``start`` and ``end`` that counts on the meter."""
    return [
        f for f in facts
        if f.direction == rules.RECEIVED and start <= f.on <= end and rules.counts_on_meter(f)
        and members.intersection(f.contact_ids)
    ]  # fmt: skip


def group_returns(today: dt.date | None = None, facts: list[rules.ExchangeFact] | None = None) -> list[GroupReturn]:
    """Per live group, over the last 12 months: hours and money invested against what members gave."""
    from desktop.services.timeline import exchange_facts

    today = today or _today()
    start, end = return_window(today)
    if facts is None:
        facts = exchange_facts()
    window = [f for f in facts if f.direction == rules.RECEIVED and start <= f.on <= end and rules.counts_on_meter(f)]
    won = won_referrals()
    out = []
    for g in list_groups():
        members = set(g.member_ids)
        events = list(
            Event.select(Event.hours, Event.cost_cents)
            .where(Event.group == g.id, Event.deleted_at.is_null(), Event.date.between(start, end))
            .tuples()
        )
        came = received_from_members(window, members, start, end)
        out.append(
            GroupReturn(
                g.id, g.name, g.kind, len(members), len(events),
                round(sum(h for h, _ in events), 2),
                g.yearly_fee_cents + sum(c for _, c in events),
                sum(f.kind == REFERRAL for f in came), sum(f.kind == "favour" for f in came),
                sum(f.weight for f in came), sum(f.kind == INTRODUCTION for f in came),
                sum(is_business(f, won) for f in came),
            )  # fmt: skip
        )
    return out


# --------------------------------------------------------------------------- undo (services.undo)


def _group_state(group_id: int) -> dict:
    g = NetworkGroup.get_by_id(group_id)
    return {"name": g.name, "kind": g.kind, "yearly_fee_cents": g.yearly_fee_cents, "notes": g.notes,
            "member_ids": members_of(group_id)}  # fmt: skip


def _event_state(event_id: int) -> dict:
    e = Event.get_by_id(event_id)
    return {"name": e.name, "on": e.date.isoformat(), "group_id": e.group_id, "place": e.place, "hours": e.hours,
            "cost_cents": e.cost_cents, "notes": e.notes, "met_ids": attendee_ids(event_id)}  # fmt: skip


def _record_add(items: list[tuple[str, int]], label: str) -> None:
    if undo.recording():
        undo.record("groups.add", label, {"items": [[what, item_id] for what, item_id in items]})


def _changed(people: Iterable[int] = (), members: Iterable[int] = ()) -> undo.Changed:
    """What to refresh: the timelines of the people met, and the contacts whose groups changed."""
    members = tuple(dict.fromkeys(members))
    return undo.Changed(contacts=members or None, timeline=tuple(dict.fromkeys(people)), today=True, groups=True)


def _trash_items(step: undo.Step) -> undo.Changed:
    people: list[int] = []
    members: list[int] = []
    for what, item_id in step.payload["items"]:
        people += _set_deleted(what, item_id, _now())
        if what == GROUP:
            members += members_of(item_id)
    return _changed(people, members)


def _restore_items(step: undo.Step) -> undo.Changed:
    people: list[int] = []
    members: list[int] = []
    for what, item_id in step.payload["items"]:
        model = Event if what == EVENT else NetworkGroup
        if not model.select().where(model.id == item_id, model.deleted_at.is_null(False)).exists():
            continue  # restored from the Trash dialog meanwhile
        if what == EVENT:
            people += restore_event(item_id)
        else:
            restore_group(item_id)
            members += members_of(item_id)
    return _changed(people, members)


def _apply(payload: dict, state: dict, forward: bool) -> undo.Changed:
    # People trashed since are left out (a state names who was met or a member then).
    if payload["what"] == GROUP:
        update_group(payload["id"], **{**state, "member_ids": _live_contacts_among(state["member_ids"])})
        return _changed((), set(payload["before"]["member_ids"]) ^ set(payload["after"]["member_ids"]))
    fields = {**state, "met_ids": _live_contacts_among(state["met_ids"])}
    people = update_event(payload["id"], **fields, add_met_to_group=False)
    joined = payload.get("joined") or []
    group = payload["after"]["group_id"]
    if joined and group is not None:
        if forward:
            _add_members(group, _live_contacts_among(joined))
        else:
            GroupMember.delete().where(GroupMember.group == group, GroupMember.contact.in_(joined)).execute()
    return _changed(people, joined)


def _live_contacts_among(ids: Iterable[int]) -> list[int]:
    ids = list(ids)
    live = {c.id for c in Contact.select(Contact.id).where(Contact.id.in_(ids), Contact.deleted_at.is_null())}
    return [c for c in ids if c in live]


undo.register("groups.add", undo=_trash_items, redo=_restore_items)
undo.register("groups.delete", undo=_restore_items, redo=_trash_items)
undo.register("groups.edit", undo=lambda step: _apply(step.payload, step.payload["before"], False),
              redo=lambda step: _apply(step.payload, step.payload["after"], True))  # fmt: skip
