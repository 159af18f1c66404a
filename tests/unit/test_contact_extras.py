"""What the contact page reads besides the record: groups, needs and offers, where you met, the next check-in."""

from __future__ import annotations

import datetime as dt

from desktop.domain.contact import ContactData
from desktop.services import contacts, today_state
from desktop.services.contact_extras import contact_extras

TODAY = dt.date(2026, 11, 22)


def test_contact_extras(db):
    from desktop.storage.models import Event, GroupMember, NeedOffer, NetworkGroup

    cid = contacts.add_contact(ContactData(full_name="Ann Lee"))
    g = NetworkGroup.create(name="Chamber", kind="chamber")
    GroupMember.create(group=g.id, contact=cid)
    ev = Event.create(name="Mixer", date=dt.date(2026, 10, 1))
    contacts.update_fields(cid, met_event=ev.id)
    NeedOffer.create(contact=cid, kind="need", text="a bookkeeper", tags="finance,tax")
    NeedOffer.create(contact=cid, kind="offer", text="design")
    x = contact_extras(cid)
    assert x.groups == ["Chamber"]
    assert [(n.text, n.tags) for n in x.needs] == [("a bookkeeper", ("finance", "tax"))]
    assert [o.text for o in x.offers] == ["design"]
    assert x.met_event == "Mixer" and x.met_event_date == dt.date(2026, 10, 1) and not x.deleted


def test_next_check_in_follows_the_cadence_and_the_snoozes(db):
    cid = contacts.add_contact(ContactData(full_name="Ann Lee"))
    assert contact_extras(cid).next_check_in(TODAY, TODAY) is None  # in no circle: never due
    contacts.update_fields(cid, circle="close")  # every 30 days
    x = contact_extras(cid)
    assert x.cadence_days == 30
    assert x.next_check_in(TODAY - dt.timedelta(days=10), TODAY) == TODAY + dt.timedelta(days=20)
    contacts.update_fields(cid, cadence_days=7)  # the contact's own cadence wins
    assert contact_extras(cid).next_check_in(TODAY, TODAY) == TODAY + dt.timedelta(days=7)
    # Snoozed on Today: not due before the snooze ends.
    today_state.set_state(f"check_in:{cid}", snoozed_until=TODAY + dt.timedelta(days=40))
    assert contact_extras(cid).next_check_in(TODAY, TODAY) == TODAY + dt.timedelta(days=40)
