"""The Today list: follow-ups, check-ins, debts of gratitude, birthdays, promises and thanks due.

Pure rules over plain inputs; the reminders service gathers the inputs from
the database and may store the ``ref`` of an item the person marks done or
snoozes. Choices made here (issue 4):

- follow_up: meeting someone at an event is due ``event date + 2`` days;
  done once any interaction or exchange with them is dated after the event
  (or the item is marked done).
- promised: a favour (any exchange but an ask) you promised, status
  "promised", is due on its date; it leaves the list when its status becomes
  done or the item is marked done.
- thank: a referral received (not still promised) asks for thanks the day
  after its date, until marked done or until an interaction or exchange with
  the sender is dated after the referral. Thirty days after the referral a
  second item of the same kind asks to note its outcome, until marked done:
  the CLI keeps six kinds, so "outcome" is told apart by its reason and ref.
- owe: the meter says they gave more (they_gave_more, or one_sided their way);
  due today.
- check_in: from the keep-in-touch cadence (see cadence.py).
- birthday: shown from seven days before (the birthday on today + 7 shows,
  today + 8 does not); due on the birthday itself. A 29 February birthday
  falls on 28 February in other years.
- Items due after today are left out, except birthdays in the window. An
  item whose ref is in ``done_refs`` is left out; one in ``snoozed`` is left
  out before its snooze date.

What comes first (issue 10): ``priority_score`` ranks every thing to do today
(these six kinds, the asks a relationship can bear, introductions to make) by
what is at stake (``STAKES``: a promise you made outranks any birthday), how
close the person is (circle, priority, how much has gone between you) and how
overdue it is; ``first_things`` gathers the ranked things by person, the first
``FIRST_THINGS`` people first.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from desktop.domain.cadence import (
    ACTIVE,
    CIRCLE_CADENCE_DAYS,
    CLOSE,
    INNER,
    NONE,
    WIDER,
    KeepInTouch,
    due_check_ins,
)
from desktop.domain.reciprocity import ASK, GIVEN, PROMISED, RECEIVED, ContactBalance, ExchangeFact

FOLLOW_UP = "follow_up"
CHECK_IN = "check_in"
OWE = "owe"
BIRTHDAY = "birthday"
PROMISED_KIND = "promised"
THANK = "thank"
TODAY_KINDS = (FOLLOW_UP, CHECK_IN, OWE, BIRTHDAY, PROMISED_KIND, THANK)
# Order among items due the same day: obligations first, gentle nudges last.
_KIND_ORDER = {k: n for n, k in enumerate((FOLLOW_UP, THANK, PROMISED_KIND, BIRTHDAY, OWE, CHECK_IN))}

FOLLOW_UP_AFTER_DAYS = 2
THANK_AFTER_DAYS = 1
OUTCOME_AFTER_DAYS = 30
BIRTHDAY_WINDOW_DAYS = 7
SNOOZE_CHOICES = {"1 day": 1, "1 week": 7}  # what Snooze offers: label -> days


@dataclass(frozen=True)
class TodayItem:
    kind: str  # one of TODAY_KINDS
    contact_id: int
    due: date
    reason: str
    ref: str = ""  # stable key to mark done or snooze, e.g. "thank:exchange:12"


@dataclass(frozen=True)
class EventMeeting:
    """A contact met at an event."""

    contact_id: int
    event_date: date
    event_name: str = ""
    event_id: int | None = None
    done: bool = False


def _name(names: Mapping[int, str], cid: int) -> str:
    return names.get(cid) or "this contact"


def _day(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]}"


# --- follow-ups after events ---------------------------------------------------


def follow_up_due(event_date: date) -> date:
    return event_date + timedelta(days=FOLLOW_UP_AFTER_DAYS)


def follow_up_items(
    meetings: Iterable[EventMeeting],
    touches: Mapping[int, Iterable[date]],
    names: Mapping[int, str] = {},
) -> list[TodayItem]:
    out = []
    for m in meetings:
        if m.done or any(d > m.event_date for d in touches.get(m.contact_id, ())):
            continue
        where = f"{m.event_name} on {_day(m.event_date)}" if m.event_name else _day(m.event_date)
        event_key = m.event_id if m.event_id is not None else m.event_date.isoformat()
        ref = f"follow_up:event:{event_key}:contact:{m.contact_id}"
        reason = f"Follow up with {_name(names, m.contact_id)}: met at {where}"
        out.append(TodayItem(FOLLOW_UP, m.contact_id, follow_up_due(m.event_date), reason, ref))
    return out


# --- promises, thanks and outcomes ----------------------------------------------


def _exchange_ref(prefix: str, fact: ExchangeFact, cid: int) -> str:
    key = fact.id if fact.id is not None else f"{fact.on.isoformat()}:{fact.kind}"
    return f"{prefix}:exchange:{key}:contact:{cid}"


def promised_items(facts: Iterable[ExchangeFact], names: Mapping[int, str] = {}) -> list[TodayItem]:
    out = []
    for f in facts:
        if f.direction != GIVEN or f.status != PROMISED or f.kind == ASK or not f.contact_ids:
            continue
        cid = f.contact_ids[0]
        reason = f"You promised {_name(names, cid)} a {f.kind}"
        out.append(TodayItem(PROMISED_KIND, cid, f.on, reason, _exchange_ref("promised", f, cid)))
    return out


def thank_items(
    facts: Iterable[ExchangeFact],
    touches: Mapping[int, Iterable[date]],
    names: Mapping[int, str] = {},
) -> list[TodayItem]:
    """Thank-you and outcome items for referrals received."""
    out = []
    for f in facts:
        if f.kind != "referral" or f.direction != RECEIVED or f.status == PROMISED:
            continue
        for cid in f.contact_ids:
            who = _name(names, cid)
            if not any(d > f.on for d in touches.get(cid, ())):
                due = f.on + timedelta(days=THANK_AFTER_DAYS)
                reason = f"Thank {who} for the referral of {_day(f.on)}"
                out.append(TodayItem(THANK, cid, due, reason, _exchange_ref("thank", f, cid)))
            due = f.on + timedelta(days=OUTCOME_AFTER_DAYS)
            reason = f"Note the outcome of the referral from {who} ({_day(f.on)})"
            out.append(TodayItem(THANK, cid, due, reason, _exchange_ref("outcome", f, cid)))
    return out


# --- the meter and the cadence --------------------------------------------------


def owe_items(balances: Iterable[ContactBalance], today: date, names: Mapping[int, str] = {}) -> list[TodayItem]:
    return [
        TodayItem(OWE, b.contact_id, today, f"{_name(names, b.contact_id)}: {b.band.label}", f"owe:{b.contact_id}")
        for b in balances
        if b.owes_them
    ]


def check_in_items(
    contacts: Iterable[KeepInTouch],
    today: date,
    names: Mapping[int, str] = {},
    cadences: Mapping[str, int | None] = CIRCLE_CADENCE_DAYS,
) -> list[TodayItem]:
    out = []
    for c in due_check_ins(contacts, today, cadences):
        since = f"last contact {_day(c.last_contact)}" if c.last_contact else "no contact logged yet"
        reason = f"Check in with {_name(names, c.contact_id)}: {since} (every {c.cadence_days} days)"
        out.append(TodayItem(CHECK_IN, c.contact_id, c.due, reason, f"check_in:{c.contact_id}"))
    return out


# --- birthdays ---------------------------------------------------------------------

_BIRTHDAY = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$")


def parse_birthday(text: str) -> tuple[int | None, int, int] | None:
    """``"YYYY-MM-DD"`` or ``"--MM-DD"`` (basic forms without dashes too) -> (year or None, month, day)."""
    m = _BIRTHDAY.match(text.strip())
    if not m:
        return None
    year = int(m.group(1)) if m.group(1) else None
    month, day = int(m.group(2)), int(m.group(3))
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is valid
    except ValueError:
        return None
    return year, month, day


def _in_year(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_birthday(text: str, today: date) -> date | None:
    """The next occurrence of a birthday on or after today; None when unreadable."""
    parsed = parse_birthday(text)
    if parsed is None:
        return None
    _, month, day = parsed
    this_year = _in_year(today.year, month, day)
    return this_year if this_year >= today else _in_year(today.year + 1, month, day)


def birthday_items(birthdays: Mapping[int, str], today: date, names: Mapping[int, str] = {}) -> list[TodayItem]:
    """Birthdays from today to today + 7 days."""
    out = []
    for cid, text in birthdays.items():
        when = next_birthday(text or "", today)
        if when is None or (when - today).days > BIRTHDAY_WINDOW_DAYS:
            continue
        parsed = parse_birthday(text)
        assert parsed is not None
        year = parsed[0]
        day = "today" if when == today else f"on {calendar.day_abbr[when.weekday()]} {_day(when)}"
        turns = f" (turns {when.year - year})" if year and when.year > year else ""
        reason = f"{_name(names, cid)}'s birthday {day}{turns}"
        out.append(TodayItem(BIRTHDAY, cid, when, reason, f"birthday:{cid}:{when.year}"))
    return out


# --- the list ----------------------------------------------------------------------


def build_today(
    today: date,
    *,
    meetings: Iterable[EventMeeting] = (),
    exchanges: Iterable[ExchangeFact] = (),
    touches: Mapping[int, Iterable[date]] = {},
    keep_in_touch: Iterable[KeepInTouch] = (),
    balances: Iterable[ContactBalance] | Mapping[int, ContactBalance] = (),
    birthdays: Mapping[int, str] = {},
    names: Mapping[int, str] = {},
    done_refs: Iterable[str] = (),
    snoozed: Mapping[str, date] = {},
    cadences: Mapping[str, int | None] = CIRCLE_CADENCE_DAYS,
) -> list[TodayItem]:
    """Everything due on or before today (birthdays: within the next 7 days), sorted.

    ``touches``: contact id -> dates of their interactions and exchanges.
    Sorted by due date, then kind (follow_up, thank, promised, birthday, owe,
    check_in), then contact id.
    """
    exchanges = list(exchanges)
    touches = {cid: list(ds) for cid, ds in touches.items()}
    if isinstance(balances, Mapping):
        balances = balances.values()
    done = set(done_refs)
    candidates = [
        *follow_up_items(meetings, touches, names),
        *promised_items(exchanges, names),
        *thank_items(exchanges, touches, names),
        *owe_items(balances, today, names),
        *check_in_items(keep_in_touch, today, names, cadences),
    ]
    items = [it for it in candidates if it.due <= today]
    items += birthday_items(birthdays, today, names)
    items = [it for it in items if it.ref not in done and not (it.ref in snoozed and today < snoozed[it.ref])]
    return sorted(items, key=lambda it: (it.due, _KIND_ORDER[it.kind], it.contact_id, it.ref))


# --- what comes first ----------------------------------------------------------------

INTRO = "intro"  # an introduction to make (two people)
ASK_CHANCE = "ask"  # an ask a relationship can bear
OUTCOME = "outcome"  # "note the outcome" of a referral (a THANK item whose ref starts with "outcome:")

# What is at stake, by kind: a promise is your word; a follow-up or a thank-you loses its moment within
# days; giving back keeps a relationship two-way; an introduction is the most valuable act but can wait
# a day; a check-in, an outcome and a birthday are kind, not urgent; an ask is an opportunity, no duty.
# Every other part of the score together stays under the gap between a promise and a birthday.
STAKES: dict[str, int] = {
    PROMISED_KIND: 40,
    FOLLOW_UP: 30,
    THANK: 30,
    OWE: 22,
    INTRO: 18,
    CHECK_IN: 14,
    OUTCOME: 12,
    BIRTHDAY: 8,
    ASK_CHANCE: 4,
}
CIRCLE_POINTS: dict[str, int] = {INNER: 10, CLOSE: 7, ACTIVE: 4, WIDER: 1, NONE: 0}
PRIORITY_POINTS = 3  # per step of the contact's priority (High 1, Highest 2)
STRENGTH_POINTS = 5  # at most, for how much has gone between you lately (half a point a weight unit)
OVERDUE_POINTS = 10  # at most: a point for every OVERDUE_DAYS_PER_POINT days overdue
OVERDUE_DAYS_PER_POINT = 3
BIRTHDAY_TODAY_POINTS = 6  # a birthday is today or never
BIRTHDAY_SOON_POINTS = 3  # within two days
FIRST_THINGS = 12  # Today shows this many people's things first; the rest waits behind "Show all"


@dataclass(frozen=True)
class Closeness:
    """How close a person is: their keep-in-touch circle, their priority, and the relationship's
    decayed give and take (the meter's given + received)."""

    circle: str = NONE
    priority: int = 0
    strength: float = 0.0


def closeness_points(c: Closeness) -> float:
    return (
        CIRCLE_POINTS.get(c.circle or NONE, 0)
        + PRIORITY_POINTS * max(0, min(2, c.priority))
        + min(STRENGTH_POINTS, max(0.0, c.strength) / 2)
    )


def urgency_points(kind: str, due: date, today: date) -> float:
    """Overdue things climb (up to a cap); a birthday climbs as the day comes."""
    if kind == BIRTHDAY:
        days = (due - today).days
        return BIRTHDAY_TODAY_POINTS if days <= 0 else BIRTHDAY_SOON_POINTS if days <= 2 else 0
    late = (today - due).days
    return min(OVERDUE_POINTS, max(0, late) / OVERDUE_DAYS_PER_POINT)


def priority_score(kind: str, due: date, today: date, closeness: Closeness = Closeness()) -> float:
    """How much a thing to do today matters: what is at stake + how close the person is + how overdue."""
    return STAKES[kind] + closeness_points(closeness) + urgency_points(kind, due, today)


T = TypeVar("T")


def first_things(
    ranked: Sequence[T], person: Callable[[T], int | None], limit: int = FIRST_THINGS
) -> tuple[list[list[T]], list[T]]:
    """Gather things ranked best first into rows, one per person (a thing of no one person, such as
    an introduction of two people, is a row of its own), the row where its best thing ranks; returns
    the first ``limit`` rows and, in rank order, the things of everyone after them."""
    rows: list[list[T]] = []
    by_person: dict[int, list[T]] = {}
    for thing in ranked:
        who = person(thing)
        if who is None:
            rows.append([thing])
        elif who in by_person:
            by_person[who].append(thing)
        else:
            by_person[who] = [thing]
            rows.append(by_person[who])
    first = rows[:limit]
    shown = {id(t) for row in first for t in row}
    return first, [t for t in ranked if id(t) not in shown]
