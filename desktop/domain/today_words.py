"""What each thing on Today says: a few words on what to do (the person's name is beside it) and why,
in context, from the facts behind it ("They introduced you to Wei Zhang on 11 Oct; you have given
nothing back since"). Pure: plain facts in, words out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from desktop.domain.cadence import CIRCLE_LABELS, NONE


@dataclass(frozen=True)
class ExchangeWords:
    """What the words need of an exchange: its kind, date, what it was about and who else was in it."""

    kind: str
    on: date
    summary: str = ""
    third_party: str = ""  # the person referred or introduced (a contact's name or the text typed)


@dataclass(frozen=True)
class Words:
    title: str  # what to do
    why: str  # the facts behind it


def day(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]}"


def weekday(d: date) -> str:
    return f"{calendar.day_abbr[d.weekday()]} {day(d)}"


def days_ago(d: date, today: date) -> str:
    n = (today - d).days
    if n <= 0:
        return "today"
    return "yesterday" if n == 1 else f"{n} days ago"


def _about(e: ExchangeWords) -> str:
    return f" (“{e.summary}”)" if e.summary else ""


def _they_gave_on(e: ExchangeWords) -> str:
    """ "introduced you to Wei Zhang on 11 Oct (“Over lunch”)"."""
    return f"{they_gave(e)} on {day(e.on)}{_about(e)}"


def they_gave(e: ExchangeWords) -> str:
    """ "introduced you to Wei Zhang", "referred a client to you", "did you a favour"..."""
    third = e.third_party
    phrases = {
        "introduction": f"introduced you to {third}" if third else "made an introduction for you",
        "referral": f"referred {third} to you" if third else "sent you a referral",
        "favour": "did you a favour",
        "advice": "gave you advice",
        "purchase": "bought from you",
        "info": "shared something useful",
        "invitation": "invited you",
        "recommendation": "recommended you",
    }
    return phrases.get(e.kind, f"gave you {e.kind}")


def _a(kind: str) -> str:
    words = {"info": "some information", "advice": "advice"}
    if kind in words:
        return words[kind]
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def follow_up(event_name: str, event_date: date, today: date) -> Words:
    where = f"at {event_name} " if event_name else ""
    return Words(
        "Follow up after meeting them",
        f"You met {where}on {weekday(event_date)}; nothing logged with them since. A word within two days "
        "keeps the door open.",
    )


def thank(e: ExchangeWords, today: date) -> Words:
    return Words(
        f"Thank them for the referral of {day(e.on)}",
        f"They {_they_gave_on(e)}; you have not been in touch since.",
    )


def outcome(e: ExchangeWords, today: date) -> Words:
    return Words(
        f"Note what came of the referral of {day(e.on)}",
        f"They {_they_gave_on(e)}, {days_ago(e.on, today)}: did it turn into business?",
    )


def promised(e: ExchangeWords, today: date) -> Words:
    return Words(
        f"Keep your promise: {_a(e.kind)}",
        f"You promised {_a(e.kind)}{_about(e)} on {day(e.on)} ({days_ago(e.on, today)}). "
        "Once given, it counts on the meter.",
    )


def birthday(when: date, turns: int | None, last_touch: date | None, today: date) -> Words:
    on = "today" if when == today else f"on {weekday(when)}"
    age = f" (turns {turns})" if turns else ""
    since = f"Last in touch {day(last_touch)}, {days_ago(last_touch, today)}." if last_touch else (
        "Nothing logged with them yet: a birthday is a good reason to be in touch.")  # fmt: skip
    return Words(f"Birthday {on}{age}", since)


def check_in(circle: str, cadence_days: int, own_cadence: bool, last_touch: date | None, added: date | None,
             today: date) -> Words:  # fmt: skip
    if own_cadence or circle in ("", NONE):
        rhythm = f"You keep in touch every {cadence_days} days"
    else:
        rhythm = f"In your {CIRCLE_LABELS.get(circle, circle).lower()} circle: every {cadence_days} days"
    if last_touch is not None:
        since = f"last in touch {day(last_touch)}, {days_ago(last_touch, today)}"
    elif added is not None:
        since = f"nothing logged since you added them on {day(added)}"
    else:
        since = "nothing logged with them yet"
    return Words("Check in", f"{rhythm}; {since}.")


def owe(latest: ExchangeWords | None, given_since: bool, you: float, they: float) -> Words:
    """They gave more lately: what they gave last, and whether anything went back since."""
    if latest is None:
        why = f"They have given more lately: {round(they)} to your {round(you)} (recent counts most)."
    elif not given_since:
        why = f"They {_they_gave_on(latest)}; you have given nothing back since."
    else:
        why = (f"They {_they_gave_on(latest)}; they have still given more lately "
               f"({round(they)} to your {round(you)}).")  # fmt: skip
    return Words("Give something back", why)


def ask(asks_available: int, given: float, asks_made: int) -> Words:
    n = "1 ask" if asks_available == 1 else f"{asks_available} asks"
    made = "not asked yet" if asks_made == 0 else f"asked {asks_made} time{'s' if asks_made != 1 else ''}"
    return Words(
        f"You could ask: the relationship can bear {n}",
        f"You have given {round(given)} lately (recent counts most) and {made}: about three gifts for every ask.",
    )
