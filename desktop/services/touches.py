"""What counts as being in touch with a contact, in one place: the list's "last contact" (the stored
``contact.last_contact``), Today's check-ins and its follow-ups all read it from here.

A touch is a dated row of one of:

- an interaction the contact is on (a meeting, call, email, message, check-in);
- an exchange the contact is on (a favour, referral, introduction, ask...);
- an introduction you made where the contact is the other side (the third party);
- an event the contact attended (met there);
- the day they connected on LinkedIn (``contact.connected_on``, from a Connections.csv): a first touch,
  so a new connection is not an overdue check-in the next day, and connecting after an event is
  following up.

Trashed interactions, exchanges and events are no touch. Every service that changes one of these
calls ``refresh_last_contact`` for the contacts concerned, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from desktop.storage.db import database

# (contact id c, date d) rows; each part's contact column is narrowed by ``{interaction}`` etc.
TOUCH_SQL = (
    "SELECT ic.contact_id AS c, i.occurred_on AS d FROM interaction i JOIN interaction_contact ic "
    "ON ic.interaction_id = i.id WHERE i.deleted_at IS NULL {interaction} "
    "UNION ALL SELECT ec.contact_id, e.occurred_on FROM exchange e JOIN exchange_contact ec "
    "ON ec.exchange_id = e.id WHERE e.deleted_at IS NULL {exchange} "
    # The other side of an introduction you made was in touch too. ("+": through the third_party_id
    # index; SQLite otherwise walks every live exchange on the deleted_at index, for each chunk.)
    "UNION ALL SELECT e.third_party_id, e.occurred_on FROM exchange e WHERE +e.deleted_at IS NULL "
    "AND e.kind = 'introduction' AND e.direction = 'given' AND e.third_party_id IS NOT NULL {third_party} "
    # Meeting someone at an event is a touch (Today's follow-up asks for one after the event's day).
    "UNION ALL SELECT ea.contact_id, ev.date FROM event ev JOIN event_attendee ea ON ea.event_id = ev.id "
    "WHERE ev.deleted_at IS NULL {event} "
    # (cc, not contact: inside refresh_last_contact's UPDATE, "contact" names the row being updated.)
    "UNION ALL SELECT cc.id, cc.connected_on FROM contact cc WHERE cc.connected_on != '' {connected}"
)
_CONTACT_COLUMNS = {
    "interaction": "ic.contact_id",
    "exchange": "ec.contact_id",
    "third_party": "e.third_party_id",
    "event": "ea.contact_id",
    "connected": "cc.id",
}
PARTS = len(_CONTACT_COLUMNS)
CHUNK = 300


def touch_sql(test: str = "") -> str:
    """The union of touches with each part's contact column put to ``test`` (``"= contact.id"``,
    ``"IN (?, ?)"``: then its parameters go once per part, ``len(PARTS)`` times), or all of them."""
    return TOUCH_SQL.format(**{part: f"AND {col} {test}" if test else "" for part, col in _CONTACT_COLUMNS.items()})


def touch_rows(ids: Iterable[int] | None, outer: str = "SELECT c, d FROM ({union})", extra: list | None = None):
    """Rows of ``outer`` over the touches of these contacts (or of everyone): by default (contact id,
    ISO date) pairs; ``outer`` may aggregate, with ``extra`` parameters after the union's."""
    conn = database.connection()
    if ids is None:
        yield from conn.execute(outer.format(union=touch_sql()), extra or [])
        return
    ids = list(set(ids))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        union = touch_sql(f"IN ({','.join('?' * len(chunk))})")
        yield from conn.execute(outer.format(union=union), chunk * PARTS + (extra or []))


def touch_dates(ids: Iterable[int] | None = None) -> dict[int, list[dt.date]]:
    """contact id -> the dates of their touches (these contacts, or everyone)."""
    out: dict[int, list[dt.date]] = defaultdict(list)
    for cid, on in touch_rows(ids):
        out[cid].append(dt.date.fromisoformat(on))
    return out


def last_touches(ids: Iterable[int], today: dt.date) -> dict[int, dt.date]:
    """contact id -> their latest touch on or before ``today`` (a planned meeting is no touch yet)."""
    ids = list(ids)
    outer = "SELECT c, max(d) FROM ({union}) WHERE d <= ? GROUP BY c"
    rows = touch_rows(None if len(ids) > 20000 else ids, outer, [today.isoformat()])
    return {cid: dt.date.fromisoformat(on) for cid, on in rows}


def refresh_last_contact(contact_ids: Iterable[int]) -> None:
    """Recompute ``contact.last_contact`` (their latest touch) for these contacts; call it inside the
    transaction of the change that moved a touch."""
    ids = list(dict.fromkeys(contact_ids))
    latest = touch_sql("= contact.id")
    for chunk in _chunks(ids):
        database.execute_sql(
            f"UPDATE contact SET last_contact = (SELECT max(d) FROM ({latest})) "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
