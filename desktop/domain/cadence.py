"""Keep-in-touch circles and cadences: when each contact is next due for a check-in.

Choices made here (issue 4):

- A per-contact cadence (days) overrides the circle's; circle ``"none"`` with
  no override means never due.
- Due = the last logged interaction or exchange + cadence. Entries dated after
  today (a planned meeting) do not count as contact yet.
- A contact never contacted is due ``cadence`` days after they were added, so
  importing a phone book does not bury the Today list; with no known added
  date they are due today.
- Snooze: not due before ``snoozed_until``; the due date becomes that day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

INNER = "inner"
CLOSE = "close"
ACTIVE = "active"
WIDER = "wider"
NONE = "none"
CIRCLES = (INNER, CLOSE, ACTIVE, WIDER, NONE)

CIRCLE_CADENCE_DAYS: dict[str, int | None] = {INNER: 14, CLOSE: 30, ACTIVE: 90, WIDER: 365, NONE: None}
# Suggested sizes (Dunbar-like layers); guidance for the window, not enforced.
CIRCLE_SIZES: dict[str, int | None] = {INNER: 5, CLOSE: 15, ACTIVE: 50, WIDER: 150, NONE: None}
CIRCLE_LABELS: dict[str, str] = {
    INNER: "Inner",
    CLOSE: "Close",
    ACTIVE: "Active",
    WIDER: "Wider",
    NONE: "None",
}


@dataclass(frozen=True)
class KeepInTouch:
    """What the cadence rule needs to know about one contact."""

    contact_id: int
    circle: str = NONE
    cadence_days: int | None = None  # overrides the circle when set (> 0)
    last_contact: date | None = None  # latest interaction or exchange, see last_touch()
    added_on: date | None = None
    snoozed_until: date | None = None


@dataclass(frozen=True)
class CheckInDue:
    contact_id: int
    due: date
    cadence_days: int
    last_contact: date | None
    overdue_days: int  # 0 when due today


def effective_cadence(
    circle: str, cadence_days: int | None = None, cadences: Mapping[str, int | None] = CIRCLE_CADENCE_DAYS
) -> int | None:
    """The cadence in days: the contact's own if set, else the circle's (``cadences``: the person's
    settings, by default ``CIRCLE_CADENCE_DAYS``); None when never due."""
    if cadence_days is not None and cadence_days > 0:
        return cadence_days
    return cadences.get(circle)


def last_touch(dates: Iterable[date], today: date) -> date | None:
    """The latest of the given interaction/exchange dates that is not in the future."""
    past = [d for d in dates if d <= today]
    return max(past) if past else None


def next_due(
    contact: KeepInTouch, today: date, cadences: Mapping[str, int | None] = CIRCLE_CADENCE_DAYS
) -> date | None:
    """When a check-in with this contact falls due (may be in the past); None when no cadence."""
    cadence = effective_cadence(contact.circle, contact.cadence_days, cadences)
    if cadence is None:
        return None
    if contact.last_contact is not None:
        due = contact.last_contact + timedelta(days=cadence)
    elif contact.added_on is not None:
        due = contact.added_on + timedelta(days=cadence)
    else:
        due = today
    if contact.snoozed_until is not None and contact.snoozed_until > due:
        due = contact.snoozed_until
    return due


def due_check_ins(
    contacts: Iterable[KeepInTouch], today: date, cadences: Mapping[str, int | None] = CIRCLE_CADENCE_DAYS
) -> list[CheckInDue]:
    """Contacts due for a check-in on or before today, most overdue first, then by id."""
    out = []
    for contact in contacts:
        due = next_due(contact, today, cadences)
        if due is None or due > today:
            continue
        cadence = effective_cadence(contact.circle, contact.cadence_days, cadences)
        assert cadence is not None
        out.append(CheckInDue(contact.contact_id, due, cadence, contact.last_contact, (today - due).days))
    return sorted(out, key=lambda c: (c.due, c.contact_id))
