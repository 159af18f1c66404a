"""CSV import, duplicates, merge and undo through the real `rapport` process: the output contract and exit codes."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.e2e.test_cli import rapport

FIXTURES = ("linkedin_connections.csv", "google_contacts.csv", "google_contacts_old.csv", "outlook_contacts_cp1252.csv",
            "outlook_contacts_bom_semicolon.csv", "linkedin_broken_rows.csv")  # fmt: skip


@pytest.fixture
def csvs(tmp_path, data_dir):
    out = []
    for name in FIXTURES:
        shutil.copy(data_dir / "csv" / name, tmp_path / name)
        out.append(tmp_path / name)
    return out


def by_name(db) -> dict[str, dict]:
    return {c["full_name"]: c for c in json.loads(rapport(db, "list", "--json").stdout)}


def test_every_format_imports_then_reimport_is_a_no_op(tmp_path, csvs):
    db = tmp_path / "r.sqlite3"
    first = rapport(db, "import", *map(str, csvs))
    assert first.stdout.strip().splitlines() == ["Import: 25 added, 1 merged, 6 skipped."]
    assert f"{csvs[0]}:15: Connected On 'someday' is not a date Rapport understands; it was left out" in first.stderr
    assert f"{csvs[-1]}:9: a quote in this row is never closed; the row was not imported" in first.stderr
    people = by_name(db)
    assert people["Anna Berg"]["social"] == [{"service": "linkedin", "value": "https://www.linkedin.com/in/anna-berg-4a1b2c3d"}]
    assert people["François Lefèvre"]["organization"] == "Société Générale de Café"  # Windows-1252 read right
    again = rapport(db, "import", *map(str, csvs))
    assert again.stdout.strip() == "Import: 0 added, 0 merged, 32 skipped."
    assert by_name(db) == people


def test_linkedin_then_the_phone_makes_one_contact(tmp_path):
    db = tmp_path / "r.sqlite3"
    connections = tmp_path / "Connections.csv"
    connections.write_text(
        'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Berg,https://www.linkedin.com/in/anna-berg-4a1b2c3d,,Nordlicht Consulting AB,Senior Consultant,02 Sep 2026\n",
        encoding="utf-8",
    )
    phone = tmp_path / "phone.vcf"
    phone.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Anna;;;\r\nFN:Anna Berg\r\nORG:Nordlicht Consulting\r\n"
                     "TEL;TYPE=CELL:+46 70 123 45 67\r\nEND:VCARD\r\n", encoding="utf-8")  # fmt: skip
    assert rapport(db, "import", str(connections)).stdout.strip() == "Import: 1 added, 0 merged, 0 skipped."
    assert rapport(db, "import", str(phone)).stdout.strip() == "Import: 0 added, 1 merged, 0 skipped."
    (anna,) = json.loads(rapport(db, "list", "--json").stdout)
    assert anna["phones"] == [{"value": "+46 70 123 45 67", "kind": "cell"}] and anna["title"] == "Senior Consultant"
    assert [s["service"] for s in anna["social"]] == ["linkedin"]


def test_a_csv_of_no_known_format_is_one_line_exit_1_and_nothing_imported(tmp_path, data_dir):
    db = tmp_path / "r.sqlite3"
    bank = tmp_path / "bank_statement.csv"
    shutil.copy(data_dir / "csv" / "bank_statement.csv", bank)
    out = rapport(db, "import", str(bank), check=False)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        f"{bank}: not a contacts CSV Rapport reads (it reads LinkedIn Connections.csv, Google Contacts CSV or "
        "Outlook CSV, recognised by their header row); nothing was imported from it."
    ]
    assert json.loads(rapport(db, "list", "--json").stdout) == []


CARDS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{given};;;\r\nFN:{given} {family}\r\n{extra}END:VCARD\r\n"
    for given, family, extra in (
        ("Bob", "Smith", "ORG:Acme\r\nTEL:+1 212 555 0101\r\n"),
        ("Robert", "Smith", "ORG:Acme Inc.\r\nEMAIL:robert@acme.example\r\nCATEGORIES:Clients\r\n"),
        ("Kate", "Jonson", "ORG:Globex\r\n"),
        ("Katherine", "Johnson", "ORG:Globex\r\nTEL:+1 212 555 0199\r\n"),
        ("Anna", "Berg", "EMAIL:anna@berg.example\r\n"),
        ("Anna", "Bergström", "EMAIL:anna@bergstrom.example\r\n"),
    )
)


def test_duplicates_dismiss_merge_and_undo(tmp_path):
    db = tmp_path / "r.sqlite3"
    cards = tmp_path / "phone.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    rapport(db, "import", str(cards))
    ids = {c["full_name"]: c["id"] for c in json.loads(rapport(db, "list", "--json").stdout)}
    found = json.loads(rapport(db, "duplicates", "--json").stdout)
    assert [g["names"] for g in found] == [["Bob Smith", "Robert Smith"], ["Kate Jonson", "Katherine Johnson"]]
    assert set(found[0]) == {"ids", "names", "reasons", "score"}
    assert found[0]["ids"] == [ids["Bob Smith"], ids["Robert Smith"]] and "Bob is short for Robert" in found[0]["reasons"]
    assert 1 >= found[0]["score"] >= found[1]["score"] >= 0.5

    kate, katherine = ids["Kate Jonson"], ids["Katherine Johnson"]
    out = rapport(db, "duplicates", "--dismiss", str(kate), str(katherine))
    assert out.stdout.startswith(f"Contacts {kate} and {katherine} are not duplicates")
    assert [g["ids"] for g in json.loads(rapport(db, "duplicates", "--json").stdout)] == [found[0]["ids"]]

    bob, robert = ids["Bob Smith"], ids["Robert Smith"]
    rapport(db, "log", "meeting", "--with", "Bob Smith", "--date", "2026-10-01", "--note", "Coffee")
    merged = rapport(db, "merge", str(robert), str(bob))
    assert merged.stdout.startswith(f"Merged 1 contact into {robert} (merge of Robert Smith and Bob Smith)")
    people = by_name(db)
    assert "Bob Smith" not in people
    assert people["Robert Smith"]["phones"] == [{"value": "+1 212 555 0101", "kind": ""}]
    assert people["Robert Smith"]["tags"] == ["Clients"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT ic.contact_id FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id "
                       "WHERE i.notes = 'Coffee'").fetchall() == [(robert,)]  # fmt: skip
    con.close()
    assert json.loads(rapport(db, "duplicates", "--json").stdout) == []

    listed = rapport(db, "undo").stdout.splitlines()
    assert len(listed) == 1 and listed[0].endswith("\tRobert Smith\tmerge of Robert Smith and Bob Smith")
    record = listed[0].split("\t")[0]
    assert rapport(db, "undo", record).stdout.strip() == f"Undid merge {record}: Robert Smith is back as before it."
    assert set(by_name(db)) == set(ids)
    assert rapport(db, "undo").stdout.strip() == "No merge to undo."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("merge", "1", "1"), "rapport: Contact 1 cannot be merged into itself."),
        (("merge", "1", "99"), "rapport: There is no contact 99 (or it is in the trash); nothing was merged."),
        (("duplicates", "--dismiss", "1", "1"), "rapport: name two different contacts: rapport duplicates --dismiss ID ID"),
        (("duplicates", "--dismiss", "1", "99"), "rapport: There is no contact 99 (or it is in the trash)."),
        (("undo", "42"), "rapport: There is no merge 42 to undo."),
        (("merge", "1"), "rapport merge: the following arguments are required: OTHER_ID (see rapport merge --help)"),
    ],
)
def test_every_failure_is_one_line_and_exit_1(tmp_path, args, message):
    db = tmp_path / "r.sqlite3"
    cards = tmp_path / "phone.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    rapport(db, "import", str(cards))
    out = rapport(db, *args, check=False)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [message]
