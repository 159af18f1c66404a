"""Reading a day from what a person or a caller gives: a date, a datetime, or ``YYYY-MM-DD`` text."""

from __future__ import annotations

import datetime as dt


def as_date(value) -> dt.date:
    """The day ``value`` names; ``ValueError`` with a message for a person when it names none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"Not a date: {value!r} (use YYYY-MM-DD).") from None
