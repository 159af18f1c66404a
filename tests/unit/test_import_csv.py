"""CSV exports through the import engine: each format, re-import, one person from two sources, the
connection date as a first touch, Google's star, father and son, a CSV that is none of the formats."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from desktop.domain.contact import ContactData, Email
from desktop.services import contacts, importing, today
from desktop.services.importing import import_files
from desktop.storage.models import Contact, ContactKey, ImportedCard

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'


def fixture(tmp_path, data_dir, name: str):
    target = tmp_path / name
    shutil.copy(data_dir / "csv" / name, target)
    return target


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_name() -> dict[str, contacts.ContactRecord]:
    return {r.data.display_name(): r for r in contacts.load_records()}


def test_linkedin_connections_import_with_profiles_dates_and_problems(db, tmp_path, data_dir):
    f = fixture(tmp_path, data_dir, "linkedin_connections.csv")
    report = import_files([f], region="US")
    assert (report.added, report.merged, report.skipped, report.unreadable) == (10, 0, 2, [])
    assert report.problems == [f"{f}:15: Connected On 'someday' is not a date Rapport understands; it was left out"]
    people = by_name()
    anna = people["Anna Berg"]
    assert anna.data.organization == "Nordlicht Consulting AB" and anna.data.title == "Senior Consultant"
    assert [(s.service, s.value) for s in anna.data.social_profiles] == [
        ("linkedin", "https://www.linkedin.com/in/anna-berg-4a1b2c3d")
    ]
    assert anna.data.connected_on == "2026-09-02"
    assert anna.last_contact == dt.date(2026, 9, 2)  # the connection is a first touch
    assert "LinkedIn Member" not in people and "" not in people  # deactivated profiles are skipped


@pytest.mark.parametrize(
    ("name", "added", "expected"),
    [
        ("google_contacts.csv", 5, "Robert Miller"),
        ("google_contacts_old.csv", 3, None),
        ("outlook_contacts_cp1252.csv", 3, "François Lefèvre"),
        ("outlook_contacts_bom_semicolon.csv", 2, None),
    ],
)
def test_google_and_outlook_exports_import(db, tmp_path, data_dir, name, added, expected):
    f = fixture(tmp_path, data_dir, name)
    report = import_files([f], region="US")
    assert report.unreadable == [] and report.added == added
    assert all(p.startswith(f"{f}:") for p in report.problems)
    if expected:
        assert expected in by_name()


def test_reimporting_every_format_changes_nothing(db, tmp_path, data_dir):
    files = [fixture(tmp_path, data_dir, n) for n in (
        "linkedin_connections.csv", "google_contacts.csv", "google_contacts_old.csv",
        "outlook_contacts_cp1252.csv", "outlook_contacts_bom_semicolon.csv", "linkedin_broken_rows.csv",
    )]  # fmt: skip
    import_files(files, region="US")
    before = [(r.id, r.data, r.priority, r.last_contact) for r in contacts.load_records()]
    cards = ImportedCard.select().count()
    again = import_files(files, region="US")
    assert (again.added, again.merged) == (0, 0)
    assert [(r.id, r.data, r.priority, r.last_contact) for r in contacts.load_records()] == before
    assert ImportedCard.select().count() == cards


ANNA_PHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Anna;;;\r\nFN:Anna Berg\r\nORG:Nordlicht Consulting AB\r\n"
    "TEL;TYPE=CELL:+46 70 123 45 67\r\nEND:VCARD\r\n"
)
ANNA_LINKEDIN = PREAMBLE + LINKEDIN_HEADER + (
    "Anna,Berg,https://www.linkedin.com/in/anna-berg-4a1b2c3d/?trk=x,,Nordlicht Consulting,Senior Consultant,"
    "02 Sep 2026\n"
)


@pytest.mark.parametrize("order", ["linkedin first", "phone first"])
def test_the_same_person_from_linkedin_and_the_phone_is_one_contact(db, tmp_path, order):
    phone = write(tmp_path, "phone.vcf", ANNA_PHONE)
    linkedin = write(tmp_path, "Connections.csv", ANNA_LINKEDIN)
    files = [linkedin, phone] if order == "linkedin first" else [phone, linkedin]
    first = import_files(files[:1], region="SE")
    second = import_files(files[1:], region="SE")
    assert (first.added, second.added, second.merged) == (1, 0, 1)
    (anna,) = list(contacts.load_records())
    assert [p.value for p in anna.data.phones] == ["+46 70 123 45 67"]
    assert [s.service for s in anna.data.social_profiles] == ["linkedin"]
    assert anna.data.connected_on == "2026-09-02" and anna.last_contact == dt.date(2026, 9, 2)
    assert anna.data.title == "Senior Consultant"


def test_linkedin_row_with_an_email_meets_the_phone_contact_by_email(db, tmp_path):
    import_files([write(tmp_path, "p.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Miller\r\nN:Miller;Bob;;;\r\n"
                        "EMAIL:Bob.Miller@gmail.com\r\nEND:VCARD\r\n")], region="US")  # fmt: skip
    report = import_files([write(tmp_path, "c.csv", LINKEDIN_HEADER + "Robert,Miller,linkedin.com/in/rm,"
                                 "bob.miller@gmail.com,Acme Corp,VP Sales,14 Mar 2024\n")], region="US")  # fmt: skip
    assert (report.added, report.merged) == (0, 1)
    (bob,) = list(contacts.load_records())
    assert bob.data.organization == "Acme Corp" and bob.data.display_name() == "Bob Miller"


def test_a_father_and_son_sharing_a_landline_stay_two_people(db, tmp_path):
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nN:Smith;John;;;\r\nTEL:(614) 555-0177\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith Jr.\r\nN:Smith;John;;;Jr.\r\nTEL:614-555-0177\r\nEND:VCARD\r\n"
    )
    report = import_files([write(tmp_path, "family.vcf", cards)], region="US")
    assert (report.added, report.merged) == (2, 0)


def test_a_connection_is_a_first_touch_for_the_check_in(db, tmp_path):
    on = dt.date(2026, 11, 20)
    import_files([write(tmp_path, "c.csv", LINKEDIN_HEADER + f"Ada,Lovelace,linkedin.com/in/ada,,Engines,,"
                        f"{on:%d %b %Y}\n")], region="US")  # fmt: skip
    (ada,) = list(contacts.load_records())
    # Added long ago (a phone import of last year), then put in the close circle (every 30 days).
    Contact.update(created_at=dt.datetime(2025, 1, 1), circle="close").where(Contact.id == ada.id).execute()
    kinds = {i.kind for i in today.today_overview(on + dt.timedelta(days=1)).items if i.contact_id == ada.id}
    assert "check_in" not in kinds  # not overdue the day after connecting
    later = today.today_overview(on + dt.timedelta(days=31)).items
    (check_in,) = [i for i in later if i.contact_id == ada.id and i.kind == "check_in"]
    assert "last contact 20 Nov " in check_in.reason


def test_google_star_gives_high_priority_without_lowering_a_higher_one(db, tmp_path, data_dir):
    sam = contacts.save_contact(None, ContactData(full_name="Sam Okafor", given_name="Sam", family_name="Okafor",
                                emails=[Email("sam@okafor.example")]), priority=2)  # fmt: skip
    import_files([fixture(tmp_path, data_dir, "google_contacts.csv")], region="US")
    priorities = {name: r.priority for name, r in by_name().items()}
    assert priorities.pop("Robert Miller") == 1  # "* starred": High
    assert priorities.pop("Sam Okafor") == 2 and contacts.load_record(sam).priority == 2  # starred, and Highest already
    assert set(priorities.values()) == {0}


def test_a_csv_that_is_none_of_the_formats_names_them_and_imports_nothing(db, tmp_path, data_dir):
    bank = fixture(tmp_path, data_dir, "bank_statement.csv")
    report = import_files([bank], region="US")
    assert report.unreadable == [
        f"{bank}: not a contacts CSV Rapport reads (it reads LinkedIn Connections.csv, Google Contacts CSV or "
        "Outlook CSV, recognised by their header row); nothing was imported from it."
    ]
    assert contacts.count_contacts() == 0


def test_a_linkedin_export_is_recognised_whatever_its_name(db, tmp_path):
    f = write(tmp_path, "connections-export", ANNA_LINKEDIN)
    assert import_files([f], region="US").added == 1


def test_cancel_rolls_back_the_csv_in_progress(db, tmp_path):
    rows = "".join(f"Person{i},Family{i},linkedin.com/in/p{i},,Co{i},,01 Jan 2020\n" for i in range(50))
    f = write(tmp_path, "c.csv", LINKEDIN_HEADER + rows)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return len(seen) < 3

    report = import_files([f], region="US", progress=progress)
    assert report.cancelled and contacts.count_contacts() == 0
    assert ImportedCard.select().count() == 0


def test_lookup_keys_follow_the_contact(db):
    cid = contacts.add_contact(ContactData(given_name="Anna", family_name="Berg", organization="Nordlicht AB"))
    assert [k.key for k in ContactKey.select().where(ContactKey.contact == cid)] == ["n|anna|berg||nordlicht"]
    contacts.replace_contact(cid, ContactData(given_name="Anna", family_name="Berg"))
    assert ContactKey.select().where(ContactKey.contact == cid).count() == 0


def test_an_upgraded_database_gets_its_lookup_keys(tmp_path, data_dir):
    from desktop.services.session import close_database, open_database

    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript((data_dir / "db" / "rapport-v1.sql").read_text(encoding="utf-8"))
    con.close()
    open_database(path)
    try:
        csv = write(tmp_path, "c.csv", LINKEDIN_HEADER + "Marco,García,linkedin.com/in/mg,,Brightside Marketing Ltd,"
                    "Consultant,05 May 2023\n")  # fmt: skip
        report = importing.import_files([csv], region="US")
        assert (report.added, report.merged) == (0, 1)  # found by name at the company, stored by the migration
        assert contacts.load_record(2).data.connected_on == "2023-05-05"
    finally:
        close_database()


def test_a_v5_database_gets_what_a_new_database_has(tmp_path):
    from desktop.services.session import close_database, open_database
    from desktop.storage import migrations

    def schema(path):
        con = sqlite3.connect(path)
        try:
            tables = sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'contact_key%' "
                                        "OR name LIKE 'dismissed_pair%'"))  # fmt: skip
            return tables, [r[1:3] for r in con.execute("PRAGMA table_info(contact)") if r[1] == "connected_on"]
        finally:
            con.close()

    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    for path in (fresh, old):
        open_database(path)
        close_database()
    con = sqlite3.connect(old)
    con.execute("DROP TABLE contact_key")
    con.execute("DROP TABLE dismissed_pair")
    con.execute("ALTER TABLE contact DROP COLUMN connected_on")
    con.execute("UPDATE schema_version SET version = 5")
    con.commit()
    con.close()
    open_database(old)  # climbs step 6
    close_database()
    assert schema(old) == schema(fresh) and len(schema(fresh)[0]) == 7  # two tables, five indexes
    assert sqlite3.connect(old).execute("SELECT version FROM schema_version").fetchone() == (migrations.LATEST_VERSION,)
