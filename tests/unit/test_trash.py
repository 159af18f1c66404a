"""The trash (30 days, restore, purge, empty) and undoing a merge made by an import."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData, Email, Phone, Photo, contact_from_json, contact_to_json
from desktop.services import backup, trash
from desktop.services.contacts import add_contact, count_contacts, load_record, replace_contact
from desktop.services.importing import import_files
from desktop.services.timeline import delete_entry, log_exchange, log_interaction, timeline
from desktop.storage.models import Contact, Exchange, ImportedCard, Interaction


def test_deleted_contacts_and_entries_are_listed_and_restored(db):
    a = add_contact(ContactData(full_name="Ada"))
    b = add_contact(ContactData(full_name="Bob"))
    i = log_interaction([a], "2026-11-01", "call", summary="catch-up")
    e = log_exchange([a], "referral", "given", "2026-11-02", summary="to the bakery")
    delete_entry("interaction", i)
    delete_entry("exchange", e)
    assert trash.delete_contacts([b]) == [b]
    items = {(it.kind, it.id): it for it in trash.list_trash()}
    assert set(items) == {("contact", b), ("interaction", i), ("exchange", e)}
    assert items[("contact", b)].label == "Bob"
    assert "catch-up" in items[("interaction", i)].label
    assert items[("contact", b)].purge_on == (items[("contact", b)].deleted_at + dt.timedelta(days=30)).date()
    assert timeline(a) == []
    for kind, ident in items:
        trash.restore(kind, ident)
    assert trash.list_trash() == []
    assert count_contacts() == 2 and len(timeline(a)) == 2
    with pytest.raises(trash.TrashError):
        trash.restore("contact", b)


def test_bulk_delete_is_backed_up_first(db, db_path):
    ids = [add_contact(ContactData(full_name=f"P{n}")) for n in range(3)]
    trash.delete_contacts(ids)
    assert [b.label for b in backup.list_backups(db_path)] == ["before-delete"]
    trash.delete_contacts([add_contact(ContactData(full_name="Single"))])  # one contact: no bulk backup
    assert len(backup.list_backups(db_path)) == 1


def test_items_older_than_30_days_are_purged_for_good(db):
    old = add_contact(ContactData(full_name="Old", phones=[Phone("+1 555 0100")]))
    recent = add_contact(ContactData(full_name="Recent"))
    keep = add_contact(ContactData(full_name="Live"))
    ex = log_exchange([keep], "favour", "given", "2026-10-01")
    trash.delete_contacts([old])
    trash.delete_contacts([recent])
    delete_entry("exchange", ex)
    now = dt.datetime.now()
    Contact.update(deleted_at=now - dt.timedelta(days=31)).where(Contact.id == old).execute()
    Exchange.update(deleted_at=now - dt.timedelta(days=40)).where(Exchange.id == ex).execute()
    counts = trash.purge_expired(now)
    assert counts == {"interaction": 0, "exchange": 1, "event": 0, "group": 0, "contact": 1}
    assert [(it.kind, it.id) for it in trash.list_trash()] == [("contact", recent)]
    assert Contact.get_or_none(Contact.id == old) is None
    assert count_contacts() == 1


def test_empty_trash_deletes_everything_trashed_after_a_backup(db, db_path):
    a = add_contact(ContactData(full_name="A"))
    trash.delete_contacts([a])
    i = log_interaction([add_contact(ContactData(full_name="B"))], "2026-11-01", "email")
    delete_entry("interaction", i)
    trash.empty_trash()
    assert trash.list_trash() == []
    assert Interaction.select().count() == 0
    assert [b.label for b in backup.list_backups(db_path)] == ["before-empty-trash"]


def test_contact_json_round_trip_keeps_everything():
    data = ContactData(
        full_name="Zoë", phones=[Phone("+47 1", "cell", True)], emails=[Email("z@x.no")], tags=["a"],
        photo=Photo(b"\xff\xd8binary", "image/jpeg"), extra_lines=["X-A:1"],
    )  # fmt: skip
    assert contact_from_json(contact_to_json(data)) == data


def _merge_import(tmp_path, name="m.vcf"):
    card = tmp_path / name
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\n"
        "TEL:+44 20 7946 0000\r\nNOTE:met at the chamber\r\nEND:VCARD\r\n"
    )
    return import_files([card], region="GB")


def test_a_merge_by_import_can_be_undone(db, tmp_path):
    before = ContactData(full_name="Ada Lovelace", emails=[Email("ada@example.com")], tags=["maths"])
    cid = add_contact(before, "GB")
    before = load_record(cid).data  # as stored (the store may add a UID)
    report = _merge_import(tmp_path)
    assert report.merged == 1
    merged = load_record(cid).data
    assert merged.phones and merged.note
    [item] = trash.list_undo()
    assert item.contact_ids == (cid,) and "m.vcf" in item.label
    assert trash.undo_merge(item.id) == cid
    assert load_record(cid).data == before
    assert ImportedCard.select().where(ImportedCard.contact == cid).count() == 0
    assert trash.list_undo() == []
    with pytest.raises(trash.TrashError, match="already"):
        trash.undo_merge(item.id)
    # The card is no longer known: importing it again merges again.
    assert _merge_import(tmp_path).merged == 1


def test_undo_refuses_to_lose_a_later_edit_unless_forced(db, tmp_path):
    cid = add_contact(ContactData(full_name="Ada Lovelace", emails=[Email("ada@example.com")]), "GB")
    _merge_import(tmp_path)
    edited = load_record(cid).data
    edited.title = "Countess"
    replace_contact(cid, edited, "GB")
    [item] = trash.list_undo()
    with pytest.raises(trash.TrashError, match="changed after the merge"):
        trash.undo_merge(item.id)
    trash.undo_merge(item.id, force=True)
    assert load_record(cid).data.title == ""


def test_undo_record_is_written_with_the_merge_in_one_transaction(db, tmp_path, monkeypatch):
    from desktop.services import importing

    cid = add_contact(ContactData(full_name="Ada Lovelace", emails=[Email("ada@example.com")]), "GB")

    def boom(*a, **k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(importing, "record_merges", boom)
    with pytest.raises(RuntimeError):
        _merge_import(tmp_path)
    assert load_record(cid).data.phones == []  # the merge was rolled back with it


def test_purge_with_nothing_due_takes_no_write_lock(db, db_path):
    import sqlite3

    add_contact(ContactData(full_name="Live"))
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        assert trash.purge_expired() == {"interaction": 0, "exchange": 0, "event": 0, "group": 0, "contact": 0}
    finally:
        other.rollback()
        other.close()
