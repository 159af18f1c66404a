"""Groups and events (issue 12): events on every attendee's timeline and one rule of a touch, editing,
trashing and undoing them, what a group gave back month by month, and the v7 migration."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.domain.contact import ContactData
from desktop.domain.kinds import EVENT
from desktop.services import contacts, group_reports, groups, search, timeline, today, touches, trash, undo
from desktop.services import log as log_service
from desktop.storage.models import Contact, GroupMember, NetworkGroup

TODAY = dt.date(2026, 11, 22)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def people(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    return dict(zip(["ana", "ben", "cy"], ids))


def _steps() -> list[tuple[str, str]]:
    return [(e.kind, e.label) for e in undo.entries_after(0)]


def _last() -> int:
    return undo.entries_after(0)[-1].id


def _last_contact(cid: int) -> dt.date | None:
    return Contact.get_by_id(cid).last_contact


def test_an_event_is_on_every_attendees_timeline_and_is_a_touch(people):
    gid = groups.create_group("City Chamber", "chamber")
    eid = groups.create_event("Autumn mixer", days_ago(5), group_id=gid, place="Brewery", met_ids=[people["ana"],
                              people["ben"]])  # fmt: skip
    for who in ("ana", "ben"):
        (entry,) = timeline.timeline(people[who])
        assert (entry.entry_kind, entry.id, entry.summary, entry.place, entry.group_name) == (
            EVENT, eid, "Autumn mixer", "Brewery", "City Chamber")
        assert [n for _, n in entry.contacts] == ["Ana Lima", "Ben Ode"]
        assert _last_contact(people[who]) == days_ago(5)  # the list's "last contact"
    assert timeline.timeline(people["cy"]) == [] and _last_contact(people["cy"]) is None
    # Today reads the same rule: the event is their latest touch, and the follow-up still wants a later one.
    assert touches.last_touches([people["ana"]], TODAY) == {people["ana"]: days_ago(5)}
    follow = [i for i in today.today_overview(TODAY).items if i.kind == "follow_up"]
    assert {i.contact_id for i in follow} == {people["ana"], people["ben"]}
    timeline.log_interaction([people["ana"]], days_ago(1), "call")
    follow = [i for i in today.today_overview(TODAY).items if i.kind == "follow_up"]
    assert {i.contact_id for i in follow} == {people["ben"]}
    # The list sorted by last contact agrees.
    rows = search.page(search.ListQuery(sort=search.SORT_LAST_CONTACT), 0, 3)
    assert [r.id for r in rows] == [people["ana"], people["ben"], people["cy"]]


def test_an_event_counts_as_a_check_in_touch(people):
    contacts.update_fields(people["ana"], circle="inner")  # every 14 days
    Contact.update(created_at=dt.datetime(2026, 1, 1)).execute()
    due = {i.contact_id for i in today.today_overview(TODAY).items if i.kind == "check_in"}
    assert people["ana"] in due
    groups.create_event("Lunch club", days_ago(3), met_ids=[people["ana"]])
    due = {i.contact_id for i in today.today_overview(TODAY).items if i.kind == "check_in"}
    assert people["ana"] not in due


def test_met_at_an_event_means_attended_it(people):
    eid = groups.create_event("Mixer", days_ago(9), met_ids=[people["ana"]])
    assert Contact.get_by_id(people["ana"]).met_event_id == eid
    groups.mark_met_at(eid, [people["ben"]])
    assert groups.attendee_ids(eid) == [people["ana"], people["ben"]]
    assert search.contact_extras(people["ben"]).met_event_id == eid
    assert _last_contact(people["ben"]) == days_ago(9)
    # Taken off the people met, it is no longer where they were met.
    groups.update_event(eid, met_ids=[people["ben"]])
    assert Contact.get_by_id(people["ana"]).met_event_id is None and _last_contact(people["ana"]) is None
    # A trashed event is not shown as where you met.
    groups.delete_event(eid)
    assert search.contact_extras(people["ben"]).met_event_id is None


def test_creating_editing_and_adding_people_are_undoable_steps(people):
    gid = groups.create_group("Leads", "leads_group", yearly_fee_cents=60000)
    eid = groups.create_event("Breakfast", days_ago(2), group_id=gid, hours=1.5, met_ids=[people["ana"]])
    groups.update_event(eid, name="Breakfast #12", cost_cents=2500)
    assert groups.add_people_met(eid, [people["ana"], people["ben"], people["cy"]]) == [people["ben"], people["cy"]]
    assert _steps() == [
        ("groups.add", "new group Leads"),
        ("groups.add", "new event Breakfast"),
        ("groups.edit", "edit of the event Breakfast #12"),
        ("groups.edit", "adding Ben Ode and 1 other to Breakfast #12"),
    ]
    assert set(groups.get_group(gid).member_ids) == {people["ana"], people["ben"], people["cy"]}
    changed = undo.undo(_last())
    assert changed.groups and set(changed.timeline) == {people["ana"], people["ben"], people["cy"]}
    assert groups.attendee_ids(eid) == [people["ana"]]
    assert groups.get_group(gid).member_ids == [people["ana"]]  # those it made members are members no more
    assert timeline.timeline(people["ben"]) == []
    undo.redo(_last())
    assert set(groups.attendee_ids(eid)) == set(people.values())
    assert set(groups.get_group(gid).member_ids) == set(people.values())
    edit = undo.entries_after(0)[2].id
    undo.undo(_last())
    undo.undo(edit)
    assert (groups.get_event(eid).name, groups.get_event(eid).cost_cents) == ("Breakfast", 0)
    undo.undo(undo.entries_after(0)[1].id)  # the new event goes to the trash
    assert groups.list_events() == [] and timeline.timeline(people["ana"]) == []
    assert [(i.kind, i.id) for i in trash.list_trash()] == [(EVENT, eid)]


def test_record_event_with_a_new_group_is_one_step(people):
    eid, created = groups.record_event("Gala", days_ago(1), group_name="Rotary", met_ids=[people["cy"]])
    assert created and _steps() == [("groups.add", "new event Gala in the new group Rotary")]
    undo.undo(_last())
    assert groups.list_groups() == [] and groups.list_events() == []
    undo.redo(_last())
    assert [g.name for g in groups.list_groups()] == ["Rotary"] and groups.get_event(eid).group_name == "Rotary"


def test_deleting_an_event_goes_to_the_trash_and_comes_back(people):
    eid = groups.create_event("Mixer", days_ago(4), met_ids=[people["ana"], people["ben"]])
    assert groups.delete_event(eid) == [people["ana"], people["ben"]]
    assert _steps()[-1] == ("groups.delete", "delete of the event Mixer")
    assert timeline.timeline(people["ana"]) == [] and _last_contact(people["ana"]) is None
    (item,) = trash.list_trash()
    assert (item.kind, item.label) == (EVENT, f"{days_ago(4)} Mixer")
    # Restored from the Trash dialog: the journal's delete no longer stands.
    assert trash.restore_items([(EVENT, eid)]) == ([(EVENT, eid)], [])
    assert [e.id for e in timeline.timeline(people["ben"])] == [eid] and _last_contact(people["ben"]) == days_ago(4)
    assert undo.entries_after(0)[-1].undone
    with pytest.raises(groups.GroupError, match="No event"):
        groups.get_event(eid + 1)


def test_a_trashed_group_keeps_its_events_and_gets_its_name_back(people):
    gid = groups.create_group("Rotary", member_ids=[people["ana"]])
    eid = groups.create_event("Dinner", days_ago(3), group_id=gid, met_ids=[people["ben"]])
    groups.delete_group(gid)
    assert groups.list_groups() == [] and groups.get_event(eid).group_name == ""
    assert search.contact_extras(people["ana"]).groups == []
    other = groups.create_group("Rotary")  # the name is free while the old one is in the trash
    assert NetworkGroup.get_by_id(gid).name == f"Rotary (trashed {gid})"
    groups.restore_group(gid)
    assert NetworkGroup.get_by_id(gid).name == f"Rotary (trashed {gid})"  # taken since: it keeps the mark
    undo.undo(undo.entries_after(0)[-1].id)  # the second Rotary goes to the trash
    groups.delete_group(gid)
    undo.undo(_last())
    assert NetworkGroup.get_by_id(gid).name == "Rotary" and groups.get_event(eid).group_name == "Rotary"
    assert other not in [g.id for g in groups.list_groups()]


def test_emptying_the_trash_deletes_events_and_groups_for_good(people, db_path):
    gid = groups.create_group("Rotary", member_ids=[people["ana"]])
    eid = groups.create_event("Dinner", days_ago(3), group_id=gid, met_ids=[people["ana"]])
    groups.delete_event(eid)
    groups.delete_group(gid)
    counts = trash.empty_trash()
    assert (counts["event"], counts["group"]) == (1, 1)
    assert GroupMember.select().count() == 0 and Contact.get_by_id(people["ana"]).met_event_id is None


def test_group_returns_and_months(people):
    gid = groups.create_group("City Chamber", "chamber", yearly_fee_cents=30000, member_ids=[people["ana"]])
    groups.create_event("Mixer", dt.date(2026, 10, 5), group_id=gid, hours=2.5, cost_cents=1500)
    groups.create_event("Breakfast", dt.date(2026, 10, 20), group_id=gid, hours=1, cost_cents=500)
    log_service.log("referral", [people["ana"]], dt.date(2026, 11, 3), direction="received", status="won")
    log_service.log("introduction", [people["ana"], people["cy"]], dt.date(2026, 11, 4), direction="received")
    log_service.log("purchase", [people["ana"]], dt.date(2026, 6, 1), direction="received")
    log_service.log("favour", [people["ben"]], dt.date(2026, 11, 4), direction="received")  # not a member
    (ret,) = groups.group_returns(TODAY)
    assert (ret.referrals, ret.introductions, ret.business, ret.events, ret.money_cents) == (1, 1, 2, 2, 32000)
    detail = group_reports.group_detail(gid, TODAY)
    assert [(m.year, m.month) for m in detail.months][::11] == [(2025, 12), (2026, 11)]
    oct_, nov = detail.months[-2], detail.months[-1]
    assert (oct_.events, oct_.hours, oct_.cost_cents, oct_.came_back) == (2, 3.5, 2000, 0)
    assert (nov.referrals, nov.introductions, nov.business, nov.came_back) == (1, 1, 1, 6)
    assert [p.name for p in detail.members] == ["Ana Lima"]
    assert [e.name for e in detail.events] == ["Breakfast", "Mixer"]
    (row,) = group_reports.overview().groups
    assert (row.members, row.events, row.last_event, row.kind_label) == (1, 2, dt.date(2026, 10, 20),
                                                                          "Chamber of commerce")  # fmt: skip


def test_event_detail_lists_the_people_met_by_name(people):
    eid = groups.create_event("Mixer", TODAY, met_ids=[people["cy"], people["ana"]])
    contacts.trash_contacts([people["cy"]])
    detail = group_reports.event_detail(eid)
    assert [p.name for p in detail.people] == ["Ana Lima"]


def test_the_v7_step_makes_those_met_at_an_event_its_attendees_and_recomputes_last_contact(tmp_path):
    from desktop.services.session import close_database, open_database
    from desktop.storage import migrations

    path = tmp_path / "v6.sqlite3"
    open_database(path)
    try:
        ana, ben = contacts.insert_contacts([ContactData(full_name="Ana"), ContactData(full_name="Ben")])
        eid = groups.create_event("Mixer", days_ago(30), met_ids=[ben])
        timeline.log_exchange([ben], "introduction", "given", days_ago(2), third_party_id=ana)
        db = Contact._meta.database
        db.execute_sql("DELETE FROM event_attendee")
        db.execute_sql("UPDATE contact SET met_event_id = ?, last_contact = NULL", (eid,))
        db.execute_sql("UPDATE schema_version SET version = 6")
    finally:
        close_database()
    open_database(path)
    try:
        assert groups.attendee_ids(eid) == [ana, ben]
        assert (_last_contact(ana), _last_contact(ben)) == (days_ago(2), days_ago(2))
    finally:
        close_database()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (migrations.LATEST_VERSION,)
    con.close()


def test_groups_and_events_refuse_what_cannot_be_saved(people):
    eid = groups.create_event("Mixer", TODAY)
    with pytest.raises(groups.GroupError, match="negative"):
        groups.update_event(eid, hours=-2)
    with pytest.raises(groups.GroupError, match="No group"):
        groups.update_event(eid, group_id=999)
    with pytest.raises(groups.GroupError, match="No such contact"):
        groups.add_people_met(eid, [999])
    with pytest.raises(groups.GroupError, match="not in the trash"):
        groups.restore_event(eid)
    with pytest.raises(groups.GroupError, match="No group"):
        groups.delete_group(12)
    assert [k for k, _ in _steps()] == ["groups.add"]


def test_a_trashed_member_keeps_the_membership_through_an_edit_of_the_group(people):
    gid = groups.create_group("Rotary", member_ids=[people["ana"], people["ben"]])
    contacts.trash_contacts([people["ben"]])
    assert groups.get_group(gid).member_ids == [people["ana"]]  # the form offers the live ones
    groups.update_group(gid, member_ids=[people["ana"], people["cy"]])
    contacts.restore_contacts([people["ben"]])
    assert set(groups.get_group(gid).member_ids) == set(people.values())
    edit = undo.entries_after(0)[-1]
    assert edit.label == "edit of the group Rotary"
    assert set(undo.undo(edit.id).contacts) == {people["cy"]}  # whose groups changed
    assert set(groups.get_group(gid).member_ids) == {people["ana"], people["ben"]}


def test_being_the_client_of_a_referral_is_on_the_timeline_but_no_touch(people):
    timeline.log_exchange([people["ana"]], "referral", "given", days_ago(3), third_party_id=people["cy"])
    assert [e.type for e in timeline.timeline(people["cy"])] == ["referral"]
    assert touches.last_touches([people["cy"]], TODAY) == {} and _last_contact(people["cy"]) is None
    intro = timeline.log_exchange([people["ana"]], "introduction", "given", days_ago(2), third_party_id=people["cy"])
    assert touches.last_touches([people["cy"]], TODAY) == {people["cy"]: days_ago(2)}
    assert _last_contact(people["cy"]) == days_ago(2)
    timeline.update_exchange(intro, on=days_ago(1))
    assert _last_contact(people["cy"]) == days_ago(1)
    timeline.delete_entry("exchange", intro)
    assert _last_contact(people["cy"]) is None


def test_connecting_on_linkedin_is_a_touch_by_the_same_rule(people):
    rec = contacts.load_record(people["ben"])
    rec.data.connected_on = days_ago(40).isoformat()
    contacts.replace_contact(people["ben"], rec.data)
    assert _last_contact(people["ben"]) == days_ago(40)
    assert touches.last_touches([people["ben"]], TODAY) == {people["ben"]: days_ago(40)}
    groups.create_event("Mixer", days_ago(10), met_ids=[people["ben"]])
    assert _last_contact(people["ben"]) == days_ago(10)  # the later of the two
    assert _last_contact(people["ana"]) is None  # another contact's connection is not theirs
