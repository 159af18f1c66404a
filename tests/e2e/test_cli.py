"""The command line's contract, through a real process: import, export, list --json, exit codes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:zoe-1\r\nN:Ødegård;Zoë;;;\r\nFN:Zoë Ødegård\r\nORG:Nordic Bakery;Sales\r\n"
    "TITLE:Owner\r\nTEL;TYPE=CELL:+47 22 12 34 56\r\nEMAIL;TYPE=WORK:zoe@bakery.example\r\n"
    "ADR;TYPE=HOME:;;Storgata 1;Oslo;;0155;Norway\r\nBDAY:--0415\r\nURL:https://bakery.example\r\n"
    "NOTE:Needs marketing help\\, soon\r\nCATEGORIES:Chamber,Clients\r\nX-CUSTOM-THING;TYPE=a:kept\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marco García\r\nN:García;Marco;;;\r\nBDAY:1985-11-02\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYn/9k=\r\nEND:VCARD\r\n"
)


def rapport(db, *args, check=True):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RAPPORT_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def vcf(tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_bytes(CARDS.encode("utf-8"))
    return path


def test_import_prints_a_one_line_summary_and_list_json_follows_the_contract(tmp_path, vcf):
    db = tmp_path / "r.sqlite3"
    out = rapport(db, "import", str(vcf))
    assert out.stdout.strip().splitlines() == ["Import: 2 added, 0 merged, 0 skipped."]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    items = json.loads(rapport(db, "list", "--json").stdout)
    assert [i["full_name"] for i in items] == ["Marco García", "Zoë Ødegård"]
    zoe = items[1]
    assert set(zoe) == {
        "id", "full_name", "given_name", "family_name", "organization", "title", "phones", "emails",
        "birthday", "addresses", "urls", "note", "tags", "has_photo", "social",
    }  # fmt: skip
    assert zoe["given_name"] == "Zoë" and zoe["family_name"] == "Ødegård" and zoe["social"] == []
    assert zoe["organization"] == "Nordic Bakery" and zoe["title"] == "Owner"
    assert zoe["phones"] == [{"value": "+47 22 12 34 56", "kind": "cell"}]
    assert zoe["emails"] == [{"value": "zoe@bakery.example", "kind": "work"}]
    assert zoe["birthday"] == "--04-15"
    assert zoe["addresses"] == [
        {"street": "Storgata 1", "city": "Oslo", "region": "", "postal_code": "0155", "country": "Norway", "kind": "home"}
    ]
    assert zoe["urls"] == ["https://bakery.example"]
    assert zoe["note"] == "Needs marketing help, soon"
    assert sorted(zoe["tags"]) == ["Chamber", "Clients"]
    assert zoe["has_photo"] is False
    assert items[0]["birthday"] == "1985-11-02" and items[0]["has_photo"] is True


def test_reimport_is_all_skipped(tmp_path, vcf):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(vcf))
    out = rapport(db, "import", str(vcf))
    assert out.stdout.strip() == "Import: 0 added, 0 merged, 2 skipped."


def test_bad_card_goes_to_stderr_with_file_and_line_and_exit_0(tmp_path, vcf):
    db = tmp_path / "r.sqlite3"
    bad = tmp_path / "bad.vcf"
    bad.write_bytes(CARDS.encode() + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut")
    out = rapport(db, "import", str(bad))
    assert out.returncode == 0
    assert f"{bad}:24: " in out.stderr  # the BEGIN line of the cut card (the good cards are 23 lines)
    assert "2 added" in out.stdout


def test_not_a_contacts_file_exits_1_and_imports_nothing(tmp_path, vcf):
    db = tmp_path / "r.sqlite3"
    csv = tmp_path / "contacts.csv"
    csv.write_text("name,email\nAna,ana@example.com\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ana back\n")
    out = rapport(db, "import", str(csv), str(notes), str(vcf), check=False)
    assert out.returncode == 1
    assert [line for line in out.stderr.splitlines() if line] == [
        f"{csv}: not a contacts CSV Rapport reads (it reads LinkedIn Connections.csv, Google Contacts CSV or "
        "Outlook CSV, recognised by their header row); nothing was imported from it.",
        f"{notes}: not a vCard file (no BEGIN:VCARD line); nothing was imported from it.",
    ]
    assert len(json.loads(rapport(db, "list", "--json").stdout)) == 2  # the good file still imported


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_export_round_trip_loses_nothing(tmp_path, vcf, version):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(vcf))
    out_file = tmp_path / "out.vcf"
    res = rapport(db, "export", str(out_file), "--vcard-version", version)
    assert "Exported 2 contacts" in res.stdout
    text = out_file.read_bytes().decode("utf-8")
    assert f"VERSION:{version}\r\n" in text
    assert "X-CUSTOM-THING;TYPE=a:kept" in text
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    db2 = tmp_path / "r2.sqlite3"
    rapport(db2, "import", str(out_file))
    strip = lambda items: [{k: v for k, v in i.items() if k != "id"} for i in items]  # noqa: E731
    assert strip(json.loads(rapport(db2, "list", "--json").stdout)) == strip(
        json.loads(rapport(db, "list", "--json").stdout)
    )


def test_database_newer_than_the_code_is_refused_in_one_line(tmp_path):
    import sqlite3

    db = tmp_path / "r.sqlite3"
    rapport(db, "list", "--json")
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = 999")
    con.commit()
    con.close()
    out = rapport(db, "list", "--json", check=False)
    assert out.returncode == 1
    assert "newer Rapport" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_rapport_db_environment_variable(tmp_path, vcf):
    db = tmp_path / "env.sqlite3"
    env = {**os.environ, "RAPPORT_DB": str(db)}
    res = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(vcf)], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert db.exists()


def test_an_export_reimported_into_the_same_database_changes_nothing(tmp_path):
    db = tmp_path / "r.sqlite3"
    name_only = tmp_path / "names.vcf"
    name_only.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Only A Name\r\nEND:VCARD\r\n")
    rapport(db, "import", str(name_only))
    out_file = tmp_path / "out.vcf"
    rapport(db, "export", str(out_file))
    res = rapport(db, "import", str(out_file))
    assert res.stdout.strip() == "Import: 0 added, 0 merged, 1 skipped."


@pytest.mark.parametrize(
    "args", [["export"], ["import"], ["list", "--bogus"], ["trash", "restore", "contact", "abc"], ["frobnicate"]]
)
def test_usage_mistakes_are_one_line_and_exit_1(tmp_path, args):
    out = rapport(tmp_path / "r.sqlite3", *args, check=False)
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_a_trashed_contact_is_not_merged_into_nor_exported_by_id(tmp_path, vcf):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(vcf))
    zoe = next(i for i in json.loads(rapport(db, "list", "--json").stdout) if i["full_name"] == "Zoë Ødegård")
    rapport(db, "trash", "restore", "--help", check=False)  # the command exists
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE contact SET deleted_at = '2026-11-22 10:00:00' WHERE id = ?", (zoe["id"],))
    con.commit()
    con.close()
    out_file = tmp_path / "one.vcf"
    res = rapport(db, "export", str(out_file), "--id", str(zoe["id"]))
    assert "Exported 0 contacts" in res.stdout
    again = tmp_path / "zoe-again.vcf"
    again.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ødegård\r\nEMAIL:zoe@bakery.example\r\nEND:VCARD\r\n")
    res = rapport(db, "import", str(again))
    assert res.stdout.strip() == "Import: 1 added, 0 merged, 0 skipped."


def test_import_lists_each_warning_with_its_file_and_line(tmp_path, data_dir):
    """A card imported whole but with something worth knowing (a second ORG kept for export) is named
    on stderr with its file and line, and the summary counts it; the exit status stays 0."""
    source = data_dir / "vcards" / "repeated_org_title.vcf"
    result = rapport(tmp_path / "w.sqlite3", "import", str(source))
    warned = [line for line in result.stderr.splitlines() if line.startswith(f"{source}:")]
    assert warned, result.stderr
    assert all(line.split(":")[1].isdigit() for line in warned)
    assert f"{len(warned)} warning" in result.stdout
