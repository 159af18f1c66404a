"""Counting the contacts in a backup file (the Restore dialog shows it for each backup): read-only, and
None for a file that is not a Rapport database."""

from __future__ import annotations

import sqlite3

from desktop.domain.contact import ContactData
from desktop.services import backup, trash
from desktop.services.contacts import add_contact


def test_counts_the_contacts_of_each_backup_leaving_out_the_trash(db, db_path):
    ids = [add_contact(ContactData(full_name=f"Person {i}")) for i in range(3)]
    three = backup.make_backup()
    trash.delete_contacts(ids[:1])
    add_contact(ContactData(full_name="Later"))
    after = backup.make_backup()
    before = three.read_bytes()
    assert backup.count_contacts_in(three) == 3
    assert backup.count_contacts_in(after) == 3  # one in the trash, one added
    assert three.read_bytes() == before  # read-only: not a byte changed
    assert not list(three.parent.glob("*-wal")) and not list(three.parent.glob("*-shm"))


def test_a_file_that_is_no_rapport_database_counts_as_unknown(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all " * 100)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    assert backup.count_contacts_in(junk) is None
    assert backup.count_contacts_in(other) is None
    assert backup.count_contacts_in(tmp_path / "missing.sqlite3") is None


def test_an_old_backup_without_the_trash_column_counts_every_row(tmp_path):
    old = tmp_path / "old # backup?.sqlite3"  # characters a file: URI must escape
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, full_name TEXT)")
    conn.executemany("INSERT INTO contact (full_name) VALUES (?)", [("A",), ("B",)])
    conn.commit()
    conn.close()
    assert backup.count_contacts_in(old) == 2
