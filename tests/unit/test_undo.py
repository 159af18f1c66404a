"""The undo journal (services.undo): each change a person can take back is journalled with it, in
the same transaction, and undo / redo run its inverse, for every kind the services register."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData, Email
from desktop.services import contacts, groups, timeline, today, today_state, trash, undo
from desktop.services.importing import import_files
from desktop.storage.models import Contact, ImportedCard, UndoRecord

TODAY = dt.date(2026, 11, 22)


def _steps() -> list[tuple[str, str]]:
    return [(e.kind, e.label) for e in undo.entries_after(0)]


def _last() -> int:
    return undo.entries_after(0)[-1].id


def test_deleting_contacts_is_journalled_and_undone_and_redone(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ada Lovelace", "Grace Hopper", "Cy Tan")])
    assert _steps() == []  # an import-style insert is not a step of its own
    contacts.trash_contacts(ids)
    assert _steps() == [("contacts.delete", "delete of 3 contacts")]
    entry = _last()
    assert undo.undo(entry) == undo.Changed(contacts=tuple(ids))
    assert contacts.count_contacts() == 3
    with pytest.raises(undo.UndoError, match="already undone"):
        undo.undo(entry)
    undo.redo(entry)
    assert contacts.count_contacts() == 0
    assert [e.undone for e in undo.entries_after(0)] == [False]


def test_a_new_contact_and_an_edit_are_journalled(db):
    cid = contacts.save_contact(None, ContactData(full_name="Ada Lovelace"), circle="inner")
    contacts.save_contact(cid, ContactData(full_name="Ada King", emails=[Email("ada@example.com")]), circle="close")
    assert _steps() == [("contacts.add", "new contact Ada Lovelace"), ("contacts.edit", "edit of Ada King")]
    add, edit = (e.id for e in undo.entries_after(0))
    undo.undo(edit)
    rec = contacts.load_record(cid)
    assert (rec.data.display_name(), rec.data.emails, rec.circle) == ("Ada Lovelace", [], "inner")
    undo.redo(edit)
    rec = contacts.load_record(cid)
    assert (rec.data.display_name(), rec.circle) == ("Ada King", "close")
    undo.undo(edit)
    undo.undo(add)  # a new contact taken back goes to the trash, from where redo brings it
    assert contacts.count_contacts() == 0 and Contact.get_by_id(cid).deleted_at is not None
    undo.redo(add)
    assert contacts.count_contacts() == 1


def test_timeline_log_edit_and_delete_are_journalled(db):
    ada, ben = contacts.insert_contacts([ContactData(full_name="Ada Lovelace"), ContactData(full_name="Ben Ode")])
    eid = timeline.log_exchange([ada], "favour", "given", TODAY, summary="Lent a book")
    timeline.update_exchange(eid, contact_ids=[ada, ben], summary="Lent two books", weight=4)
    timeline.delete_entry("exchange", eid)
    assert _steps() == [
        ("timeline.add", "log of the favour with Ada Lovelace"),
        ("timeline.edit", "edit of the favour with Ada Lovelace and 1 other"),
        ("timeline.delete", "delete of the favour with Ada Lovelace and 1 other"),
    ]
    add, edit, delete = (e.id for e in undo.entries_after(0))
    changed = undo.undo(delete)
    assert sorted(changed.timeline) == [ada, ben]
    undo.undo(edit)
    entry = timeline.get_entry("exchange", eid)
    assert (entry.summary, entry.weight, [c for c, _ in entry.contacts]) == ("Lent a book", 2, [ada])
    undo.redo(edit)
    assert timeline.get_entry("exchange", eid).summary == "Lent two books"
    undo.undo(edit)
    undo.undo(add)
    assert timeline.timeline(ada) == []


def test_restoring_from_the_trash_narrows_the_deletion_it_undoes(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ada Lovelace", "Grace Hopper", "Cy Tan")])
    trash.delete_contacts(ids)
    trash.restore("contact", ids[1])
    assert _steps() == [("contacts.delete", "delete of 2 contacts")]
    undo.undo(_last())
    assert contacts.count_contacts() == 3
    contacts.trash_contacts([ids[0]])
    trash.restore("contact", ids[0])  # the whole deletion taken back: nothing left to undo
    assert [e.undone for e in undo.entries_after(0)] == [True, True]
    assert undo.history(session_start=undo.last_id() + 1) == []


def test_today_done_and_snooze_are_journalled_and_not_reloaded_the_next_day(db):
    ana = contacts.add_contact(ContactData(full_name="Ana Lima"))
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[ana])
    ref = f"follow_up:event:1:contact:{ana}"
    today.mark_done(ref, TODAY)
    assert _steps() == [("groups.add", "new event Mixer"), ("today.done", "done: follow-up with Ana Lima")]
    undo.undo(_last())
    assert today_state.state_of(ref) == (None, None)
    undo.redo(_last())
    assert today_state.state_of(ref) == (TODAY, None)
    today.snooze(f"owe:{ana}", 7, TODAY)
    assert _steps()[-1] == ("today.snooze", "snooze: giving back with Ana Lima")
    undo.undo(_last())
    assert today_state.state_of(f"owe:{ana}") == (None, None)
    # A new session: yesterday's Today steps are not offered again (the new event still is).
    assert [e.kind for e in undo.history(session_start=undo.last_id() + 1)] == ["groups.add"]


def test_a_check_in_marked_done_is_one_step_and_its_undo_trashes_the_check_in(db):
    ana = contacts.add_contact(ContactData(full_name="Ana Lima"))
    assert today.mark_done(f"check_in:{ana}", TODAY) == [ana]
    assert _steps() == [("today.done", "check-in: check-in with Ana Lima")]
    assert undo.undo(_last()).timeline == (ana,)
    assert timeline.timeline(ana) == []
    undo.redo(_last())
    assert [e.type for e in timeline.timeline(ana)] == ["check_in"]


def test_an_import_is_one_step_with_its_merges(db, tmp_path):
    ada = contacts.add_contact(ContactData(full_name="Ada Lovelace", emails=[Email("ada@example.com")]), "GB")
    card = tmp_path / "phone.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nNOTE:from the phone\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Ode\r\nEND:VCARD\r\n"
    )
    report = import_files([card], region="GB")
    assert (report.added, report.merged) == (1, 1)
    assert _steps() == [("importing.file", "import of phone.vcf")]  # the merge is part of it
    undo.undo(_last())
    assert contacts.count_contacts() == 1 and contacts.load_record(ada).data.note == ""
    assert ImportedCard.select().count() == 0  # importing the file again brings both back
    assert trash.list_undo() == []
    undo.redo(_last())
    assert contacts.count_contacts() == 2 and contacts.load_record(ada).data.note == "from the phone"
    assert ImportedCard.select().count() == 2
    assert [u.contact_ids for u in trash.list_undo()] == [(ada,)]


def test_the_journal_is_written_in_the_changes_transaction(db, monkeypatch):
    cid = contacts.add_contact(ContactData(full_name="Ada Lovelace"))

    def broken(*_args, **_kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(undo, "record", broken)
    with pytest.raises(RuntimeError):
        contacts.trash_contacts([cid])
    assert contacts.count_contacts() == 1 and UndoRecord.select().count() == 0


def test_a_kind_nobody_registered_is_refused_in_words(db):
    UndoRecord.create(kind="nowhere.thing", label="thing from the future", payload="{}")
    assert undo.entries_after(0) == []
    with pytest.raises(undo.UndoError, match="cannot undo the thing from the future"):
        undo.undo(UndoRecord.get().id)
