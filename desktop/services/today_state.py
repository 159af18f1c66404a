"""What the person did with an item of the Today list, kept by the item's stable ref: done on a day,
or snoozed until one. Today and the introductions it suggests both read it."""

from __future__ import annotations

import datetime as dt

from desktop.storage.models import TodayState


def states() -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """(ref -> done on, ref -> snoozed until) as stored."""
    done, snoozed = {}, {}
    for s in TodayState.select().namedtuples():
        if s.done_on is not None:
            done[s.ref] = s.done_on
        if s.snoozed_until is not None:
            snoozed[s.ref] = s.snoozed_until
    return done, snoozed


def state_of(ref: str) -> tuple[dt.date | None, dt.date | None]:
    """(done on, snoozed until) of one item, as stored."""
    s = TodayState.get_or_none(TodayState.ref == ref)
    return (s.done_on, s.snoozed_until) if s is not None else (None, None)


def set_state(ref: str, **values) -> None:
    """Store ``done_on`` and/or ``snoozed_until`` for an item."""
    TodayState.insert(ref=ref, **values).on_conflict(conflict_target=[TodayState.ref], update=values).execute()


def clear_state(ref: str) -> None:
    """Take back done or snooze on an item (undo)."""
    TodayState.delete().where(TodayState.ref == ref).execute()
