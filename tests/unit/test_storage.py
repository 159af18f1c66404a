"""Storage: opening, creating, the schema, file permissions and the contact store."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from desktop.domain.contact import Address, ContactData, Email, Phone, Photo
from desktop.services import contacts
from desktop.storage.db import DatabaseError, close_database, open_database
from desktop.storage.migrations import LATEST_VERSION
from desktop.storage.models import Contact, ContactPhone, ContactTag, SchemaVersion, Tag


def test_new_database_is_stamped_private_wal_and_has_foreign_keys(db, db_path):
    assert SchemaVersion.get().version == LATEST_VERSION
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_not_a_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"this is not sqlite, just some text " * 100)
    with pytest.raises(DatabaseError, match="not a readable Rapport database"):
        open_database(bad)
    assert bad.read_bytes().startswith(b"this is not sqlite")  # never overwritten


def test_foreign_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE thing (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="not a Rapport database"):
        open_database(other)


def sample(name="Ana García", email="ana@example.com", phone="+1 555 123 4567") -> ContactData:
    return ContactData(
        given_name=name.split()[0],
        family_name=name.split()[-1],
        full_name=name,
        organization="Garcia & Co",
        emails=[Email(email, "work")],
        phones=[Phone(phone, "cell", True)],
        addresses=[Address(street="1 Main St", city="Springfield", country="USA", kind="home")],
        tags=["Chamber", "friends"],
        note="Met at the <b>expo</b>",
        birthday="--04-15",
        photo=Photo(b"\xff\xd8\xff" + b"x" * 100, "image/jpeg"),
        extra_lines=["X-CUSTOM;TYPE=a:b"],
    )


def test_insert_and_load_round_trip(db):
    cid = contacts.add_contact(sample())
    rec = contacts.load_record(cid)
    d = rec.data
    assert d.display_name() == "Ana García"
    assert [(p.value, p.kind, p.pref) for p in d.phones] == [("+1 555 123 4567", "cell", True)]
    assert d.emails[0].value == "ana@example.com"
    assert d.addresses[0].city == "Springfield"
    assert sorted(d.tags) == ["Chamber", "friends"]
    assert d.photo is not None and d.photo.data.startswith(b"\xff\xd8\xff")
    assert d.extra_lines == ["X-CUSTOM;TYPE=a:b"]
    assert Contact.get_by_id(cid).birthday_md == "04-15"


def test_tags_are_shared_case_insensitively(db):
    contacts.insert_contacts([sample(), sample("Ben Okafor", "ben@example.com", "+44 20 7946 0000")])
    a = sample("Cleo Dutt", "cleo@example.com", "+1 555 000 1111")
    a.tags = ["CHAMBER"]
    contacts.add_contact(a)
    assert Tag.select().count() == 2
    assert ContactTag.select().count() == 5


def test_children_follow_their_contact_on_hard_delete(db):
    cid = contacts.add_contact(sample())
    assert ContactPhone.select().count() == 1
    Contact.delete_by_id(cid)
    assert ContactPhone.select().count() == 0


def test_replace_contact_rewrites_children_and_index(db):
    cid = contacts.add_contact(sample())
    d = contacts.load_record(cid).data
    d.phones = [Phone("+49 30 1234567", "work")]
    d.full_name = "Ana García-López"
    d.tags = ["mentor"]
    contacts.replace_contact(cid, d)
    again = contacts.load_record(cid).data
    assert [p.value for p in again.phones] == ["+49 30 1234567"]
    assert again.tags == ["mentor"]
    hits = db.execute_sql("SELECT rowid FROM contact_search WHERE contact_search MATCH 'lopez'").fetchall()
    assert hits == [(cid,)]


def test_search_index_is_folded(db):
    cid = contacts.add_contact(sample("Øystein Müller", "oy@example.com", "(555) 123-4567"))
    for term in ("oystein", "ller", "5551234", "chamber"):
        rows = db.execute_sql("SELECT rowid FROM contact_search WHERE contact_search MATCH ?", (f'"{term}"',)).fetchall()
        assert rows == [(cid,)], term


def test_find_by_name_is_case_insensitive(db):
    cid = contacts.add_contact(sample())
    assert contacts.find_by_name("ana garcía") == [(cid, "Ana García")]
    assert contacts.find_by_name("Ana") == []


def test_reopen_keeps_data(db_path):
    open_database(db_path)
    contacts.add_contact(sample())
    close_database()
    open_database(db_path)
    assert contacts.count_contacts() == 1
    close_database()


def test_a_contact_without_uid_gets_one_that_survives_edits(db):
    cid = contacts.add_contact(ContactData(full_name="No Uid"))
    uid = contacts.load_record(cid).data.uid
    assert uid.startswith("urn:uuid:")
    data = contacts.load_record(cid).data
    data.uid = ""
    data.note = "edited"
    contacts.replace_contact(cid, data)
    assert contacts.load_record(cid).data.uid == uid


def test_a_typed_national_number_matches_the_same_number_imported(db, monkeypatch):
    """The window and import read the same phone region (the setting, else the locale)."""
    from desktop.services.settings import set_setting
    from desktop.storage.models import ContactPhone

    set_setting("phone_region", "GB")
    typed = contacts.save_contact(None, ContactData(full_name="Tom", phones=[Phone("020 7946 0000")]), circle="close")
    assert ContactPhone.get(ContactPhone.contact == typed).normalized == "+442079460000"
    assert contacts.load_record(typed).circle == "close"


def test_save_contact_is_one_transaction(db):
    cid = contacts.add_contact(sample())
    data = contacts.load_record(cid).data
    data.note = "changed"
    with pytest.raises(ValueError):
        contacts.save_contact(cid, data, not_a_field=1)
    assert contacts.load_record(cid).data.note == "Met at the <b>expo</b>"  # the card edit was rolled back too
