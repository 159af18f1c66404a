"""The timeline service: logging, validating, editing, trashing, and the meter of one contact."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData
from desktop.services import contacts, timeline
from desktop.services.timeline import EXCHANGE, INTERACTION, TimelineError
from desktop.storage.models import Contact, Exchange

D = dt.date


def person(name: str) -> int:
    given, family = name.split()
    return contacts.add_contact(ContactData(given_name=given, family_name=family, full_name=name))


@pytest.fixture
def people(db):
    return {n.split()[0].lower(): person(n) for n in ("Ana García", "Ben Okafor", "Cleo Dutt")}


def test_logging_an_interaction_sets_last_contact(people):
    iid = timeline.log_interaction([people["ana"], people["ben"]], D(2026, 11, 1), "meeting", "Coffee")
    assert Contact.get_by_id(people["ana"]).last_contact == D(2026, 11, 1)
    assert Contact.get_by_id(people["cleo"]).last_contact is None
    entry = timeline.get_entry(INTERACTION, iid)
    assert entry.summary == "Coffee"
    assert sorted(n for _, n in entry.contacts) == ["Ana García", "Ben Okafor"]


def test_exchange_takes_the_kind_default_weight_and_validates(people):
    eid = timeline.log_exchange([people["ana"]], "referral", "received", D(2026, 10, 1))
    assert Exchange.get_by_id(eid).weight == 3
    with pytest.raises(TimelineError, match="weight"):
        timeline.log_exchange([people["ana"]], "favour", "given", D(2026, 10, 1), weight=6)
    with pytest.raises(TimelineError, match="Unknown kind"):
        timeline.log_exchange([people["ana"]], "bribe", "given", D(2026, 10, 1))
    with pytest.raises(TimelineError, match="at least one contact"):
        timeline.log_exchange([], "favour", "given", D(2026, 10, 1))
    with pytest.raises(TimelineError, match="two people"):
        timeline.log_exchange([people["ana"]], "introduction", "given", D(2026, 10, 1))
    assert Exchange.select().count() == 1  # nothing half-written


def test_timeline_is_newest_first_and_names_the_third_party(people):
    timeline.log_interaction([people["ana"]], D(2026, 1, 5), "call")
    timeline.log_exchange(
        [people["ana"]], "referral", "given", D(2026, 3, 1), third_party_id=people["cleo"], summary="Bakery job"
    )
    timeline.log_exchange([people["ana"]], "favour", "received", D(2026, 2, 1), status="promised")
    entries = timeline.timeline(people["ana"])
    assert [e.on for e in entries] == [D(2026, 3, 1), D(2026, 2, 1), D(2026, 1, 5)]
    assert entries[0].third_party_name == "Cleo Dutt"
    # The person referred sees it on their own timeline too.
    assert [e.summary for e in timeline.timeline(people["cleo"])] == ["Bakery job"]


def test_meter_decays_and_credits_both_sides_of_an_introduction(people):
    today = D(2026, 11, 22)
    timeline.log_exchange([people["ana"], people["ben"]], "introduction", "given", today)
    timeline.log_exchange([people["ana"]], "favour", "received", today - dt.timedelta(days=180))
    ana = timeline.meter(people["ana"], today)
    ben = timeline.meter(people["ben"], today)
    assert ana.given == pytest.approx(3.0)
    assert ana.received == pytest.approx(1.0)  # weight 2 at exactly one half-life
    assert ben.given == pytest.approx(3.0)


def test_trash_and_restore_an_entry(people):
    eid = timeline.log_exchange([people["ben"]], "advice", "given", D(2026, 9, 9))
    assert Contact.get_by_id(people["ben"]).last_contact == D(2026, 9, 9)
    timeline.delete_entry(EXCHANGE, eid)
    assert timeline.timeline(people["ben"]) == []
    assert Contact.get_by_id(people["ben"]).last_contact is None
    timeline.restore_entry(EXCHANGE, eid)
    assert [e.id for e in timeline.timeline(people["ben"])] == [eid]


def test_edit_an_exchange(people):
    eid = timeline.log_exchange([people["ana"]], "favour", "given", D(2026, 9, 9))
    timeline.update_exchange(eid, kind="referral", contact_ids=[people["ben"]], on="2026-09-10")
    e = timeline.get_entry(EXCHANGE, eid)
    assert (e.type, e.weight, e.on) == ("referral", 3, D(2026, 9, 10))
    assert [c for c, _ in e.contacts] == [people["ben"]]
    assert Contact.get_by_id(people["ana"]).last_contact is None


def test_trashed_contact_is_hidden_and_restorable(people):
    contacts.trash_contacts([people["ana"]])
    assert contacts.count_contacts() == 2
    with pytest.raises(TimelineError, match="No such contact"):
        timeline.log_interaction([people["ana"]], D(2026, 1, 1), "call")
    contacts.restore_contacts([people["ana"]])
    assert contacts.count_contacts() == 3


def test_an_introduction_from_any_form_records_that_they_know_each_other(people):
    from desktop.storage.models import Knows

    timeline.log_exchange([people["ana"], people["ben"]], "introduction", "given", D(2026, 11, 1))
    timeline.log_exchange([people["cleo"]], "introduction", "given", D(2026, 11, 2), third_party_id=people["ana"])
    pairs = {(k.a_id, k.b_id) for k in Knows.select()}
    assert pairs == {
        tuple(sorted((people["ana"], people["ben"]))),
        tuple(sorted((people["ana"], people["cleo"]))),
    }
