"""Table models for the Groups & Events page: the groups, the events, and the people of a group (its
members) or of an event (the people met there), on ``models.rows.RowsTableModel``.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.money import format_money
from desktop.ui.models.rows import Column, RowsTableModel
from desktop.ui.models.timeline_model import MONTHS


def day_words(on: dt.date | None) -> str:
    """ "22 Nov 2026" (no weekday: a table column is narrow)."""
    return f"{on.day} {MONTHS[on.month - 1][:3]} {on.year}" if on else ""


def hours_words(hours: float) -> str:
    return f"{hours:g} h" if hours else ""


def _count(n: int) -> str:
    return f"{n:,}"


class GroupsModel(RowsTableModel):
    """``services.group_reports.GroupRow`` values."""

    columns = (
        Column("Group", lambda r: r.name, lambda r: r.name.casefold(), "The group"),
        Column("Kind", lambda r: r.kind_label, tip="Chamber, leads group, association…"),
        Column("Members", lambda r: _count(r.members), lambda r: r.members, "Contacts who are members", True),
        Column("Events", lambda r: _count(r.events), lambda r: r.events, "Events it held", True),
        Column("Last event", lambda r: day_words(r.last_event), lambda r: r.last_event or dt.date.min,
               "Its most recent event", True),
    )  # fmt: skip


class EventsModel(RowsTableModel):
    """``services.groups.EventInfo`` values."""

    columns = (
        Column("Date", lambda r: day_words(r.on), lambda r: (r.on, r.id), "When it was"),
        Column("Event", lambda r: r.name, lambda r: r.name.casefold(), "The event"),
        Column("Group", lambda r: r.group_name, lambda r: r.group_name.casefold(), "The group that held it"),
        Column("Met", lambda r: _count(len(r.met)), lambda r: len(r.met), "People met there", True),
        Column("Hours", lambda r: hours_words(r.hours), lambda r: r.hours, "Time it took", True),
        Column("Cost", lambda r: format_money(r.cost_cents) if r.cost_cents else "", lambda r: r.cost_cents,
               "What it cost", True),
    )  # fmt: skip


def _work(p) -> str:
    return ", ".join(x for x in (p.title, p.organization) if x)


class PeopleModel(RowsTableModel):
    """``services.group_reports.Person`` values: a group's members, or the people met at an event."""

    columns = (
        Column("Name", lambda r: r.name or "(no name)", lambda r: r.name.casefold(), "The contact"),
        Column("Work", _work, lambda r: _work(r).casefold(), "Title and organisation"),
    )
