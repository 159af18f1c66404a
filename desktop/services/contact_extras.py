"""What the contact page shows besides the vCard-shaped record: the groups, the needs and offers, the
event where you met, and what the keep-in-touch cadence needs to say when the next check-in is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from desktop.domain import cadence as cadence_rules
from desktop.domain.cadence import KeepInTouch
from desktop.services.names import stored_date
from desktop.storage.db import database


@dataclass(frozen=True)
class NeedOfferRow:
    id: int
    kind: str  # need, offer
    text: str
    tags: tuple[str, ...] = ()


@dataclass
class ContactExtras:
    """Groups, needs and offers, the event where we met and the next check-in, for the contact page."""

    groups: list[str] = field(default_factory=list)
    needs: list[NeedOfferRow] = field(default_factory=list)
    offers: list[NeedOfferRow] = field(default_factory=list)
    met_event: str = ""
    met_event_date: dt.date | None = None
    met_event_id: int | None = None  # the event's page opens from "How we met"
    deleted: bool = False
    # The keep-in-touch cadence (the contact's own or their circle's), in days; None: never due.
    cadence_days: int | None = None
    keep_in_touch: KeepInTouch | None = None  # what the cadence rule reads, but the last contact

    def next_check_in(self, last_touch: dt.date | None, today: dt.date) -> dt.date | None:
        """When the next check-in falls due after ``last_touch`` (the latest entry on or before today,
        as the page has the timeline loaded); snoozes counted. None when never due."""
        if self.keep_in_touch is None:
            return None
        return cadence_rules.next_due(replace(self.keep_in_touch, last_contact=last_touch), today)


def contact_extras(contact_id: int) -> ContactExtras:
    out = ContactExtras()
    out.groups = [
        r[0]
        for r in database.execute_sql(
            "SELECT g.name FROM group_member m JOIN network_group g ON g.id = m.group_id "
            "WHERE m.contact_id = ? AND g.deleted_at IS NULL ORDER BY g.name COLLATE NOCASE",
            (contact_id,),
        ).fetchall()
    ]
    for nid, kind, text, tags in database.execute_sql(
        "SELECT id, kind, text, tags FROM need_offer WHERE contact_id = ? ORDER BY id", (contact_id,)
    ).fetchall():
        row = NeedOfferRow(nid, kind, text, tuple(t for t in (tags or "").split(",") if t))
        (out.needs if kind == "need" else out.offers).append(row)
    r = database.execute_sql(
        "SELECT e.name, e.date, c.deleted_at, c.circle, c.cadence_days, c.created_at, c.snoozed_until, "
        "ts.snoozed_until, e.id FROM contact c LEFT JOIN event e ON e.id = c.met_event_id AND e.deleted_at IS NULL "
        "LEFT JOIN today_state ts ON ts.ref = 'check_in:' || c.id WHERE c.id = ?",
        (contact_id,),
    ).fetchone()
    if r:
        out.met_event = r[0] or ""
        out.met_event_date = stored_date(r[1])
        out.deleted = r[2] is not None
        out.met_event_id = r[8]
        circle = r[3] or cadence_rules.NONE
        out.cadence_days = cadence_rules.effective_cadence(circle, r[4])
        # A snooze is the contact's own (snoozed_until) or Today's on its check-in item.
        snoozes = [d for d in (stored_date(r[6]), stored_date(r[7])) if d is not None]
        out.keep_in_touch = KeepInTouch(contact_id, circle, r[4], None, stored_date(r[5]), max(snoozes, default=None))
    return out
