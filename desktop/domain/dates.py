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


def ago_words(on: dt.date, today: dt.date) -> str:
    """How long ago ``on`` was, in the words a person would use: "today", "yesterday", "5 days ago",
    "3 weeks ago", "4 months ago", "2 years ago" (and "tomorrow", "in 3 days" ahead)."""
    days = (today - on).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days" if days > -14 else f"in {round(-days / 7)} weeks"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        return f"{round(days / 30.44)} months ago"
    years = days // 365
    return "a year ago" if years == 1 else f"{years} years ago"
