"""Bulk actions: each changes only what it must, says so in words, and is undone and redone as one step."""

from __future__ import annotations

import pytest

from desktop.domain.contact import ContactData
from desktop.services import bulk, contacts, groups, search, undo
from desktop.storage.models import Contact, UndoRecord


@pytest.fixture
def five(db):
    return contacts.insert_contacts([ContactData(full_name=f"Person {n}", tags=["vip"] if n == 0 else []) for n in range(5)])


def tags_of(ids):
    return {c: sorted(contacts.load_record(c).data.tags) for c in ids}


def test_tagging_changes_only_who_lacked_the_tag_and_undo_leaves_the_others(five):
    before = tags_of(five)
    out = bulk.add_tag(five, "VIP")  # the tag exists as "vip": its spelling stays
    assert out.message == "Tagged 4 contacts 'vip'" and out.changed == tuple(five[1:])
    assert out.label == "tagging 4 contacts 'vip'" and out.undoable
    assert all(t == ["vip"] for t in tags_of(five).values())
    assert search.count(search.ListQuery(text="vip")) == 5  # the search index knows the new tags
    assert undo.undo(undo.last_id()).contacts == tuple(five[1:])
    assert tags_of(five) == before
    assert search.count(search.ListQuery(text="vip")) == 1
    undo.redo(undo.last_id())
    assert all(t == ["vip"] for t in tags_of(five).values())


def test_removing_a_tag_and_undoing_it(five):
    bulk.add_tag(five[:3], "clients")
    out = bulk.remove_tag(five, "clients")
    assert out.message == "Removed the tag 'clients' from 3 contacts"
    assert all("clients" not in t for t in tags_of(five).values())
    undo.undo(undo.last_id())
    assert [("clients" in t) for t in tags_of(five).values()] == [True, True, True, False, False]


def test_nothing_to_change_records_nothing(five):
    out = bulk.remove_tag(five, "nobody-has-this")
    before = undo.last_id()
    assert out.changed == () and not out.undoable and "No selected contact" in out.message
    assert undo.last_id() == before  # nothing journalled
    with pytest.raises(bulk.BulkError, match="needs a name"):
        bulk.add_tag(five, "  ")


def test_set_circle_remembers_each_contacts_old_circle(five):
    contacts.update_fields(five[0], circle="inner")
    contacts.update_fields(five[1], circle="close")
    out = bulk.set_circle(five, "close")
    assert out.message == "Put 4 contacts in the Close circle"
    assert {contacts.load_record(c).circle for c in five} == {"close"}
    undo.undo(undo.last_id())
    assert [contacts.load_record(c).circle for c in five] == ["inner", "close", "", "", ""]
    assert bulk.set_circle(five[2:], "none").changed == ()
    with pytest.raises(bulk.BulkError, match="Unknown circle"):
        bulk.set_circle(five, "best friends")


def test_add_to_group_archive_and_trash_undo(five):
    gid = groups.create_group("BNI Downtown", member_ids=[five[0]])
    out = bulk.add_to_group(five, gid)
    assert out.message == "Added 4 contacts to BNI Downtown"
    assert sorted(groups.get_group(gid).member_ids) == sorted(five)
    undo.undo(undo.last_id())
    assert groups.get_group(gid).member_ids == [five[0]]

    out = bulk.set_archived(five[:2])
    assert out.message == "Archived 2 contacts"
    assert [c.archived for c in Contact.select().order_by(Contact.id)] == [True, True, False, False, False]
    undo.undo(undo.last_id())
    assert not any(c.archived for c in Contact.select())

    out = bulk.move_to_trash(five[1:])
    assert out.message == "Moved 4 contacts to the trash" and contacts.count_contacts() == 1
    undo.undo(undo.last_id())
    assert contacts.count_contacts() == 5
    with pytest.raises(undo.UndoError, match="already undone"):
        undo.undo(undo.last_id())


def test_each_action_is_one_undo_record(five):
    bulk.add_tag(five, "a")
    bulk.set_circle(five, "wider")
    assert [(r.kind, r.label) for r in UndoRecord.select().order_by(UndoRecord.id)] == [
        ("bulk.tag_add", "tagging 5 contacts 'a'"),
        ("bulk.circle", "putting 5 contacts in the Wider circle"),
    ]
