"""backup, restore, trash, undo and CSV export through a real process; a damaged file names `rapport restore`."""

from __future__ import annotations

import csv
import json
import stat

from tests.e2e.test_cli import rapport


def _names(db):
    return [c["full_name"] for c in json.loads(rapport(db, "list", "--json").stdout)]


def _vcf(tmp_path, name, *fns, extra=""):
    path = tmp_path / name
    path.write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{fn}\r\n{extra}END:VCARD\r\n" for fn in fns))
    return path


def test_backup_prints_its_path_and_restore_puts_it_back(tmp_path):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(_vcf(tmp_path, "a.vcf", "Ada Lovelace")))
    out = rapport(db, "backup").stdout.strip()
    made = tmp_path / "backups" / out.rsplit("/", 1)[-1]
    assert out == str(made) and made.is_file()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    listing = rapport(db, "backup", "--list").stdout
    assert str(made) in listing and "manual" in listing
    rapport(db, "import", str(_vcf(tmp_path, "b.vcf", "Bob Later")))
    assert _names(db) == ["Ada Lovelace", "Bob Later"]
    res = rapport(db, "restore")  # no question asked: the latest, made before the second import
    assert "Restored " in res.stdout and "-before-import-" in res.stdout and "kept as" in res.stdout
    assert _names(db) == ["Ada Lovelace"]
    rapport(db, "restore", str(made))
    assert _names(db) == ["Ada Lovelace"]
    # the file the first restore replaced is a backup now: restore it by name
    aside = res.stdout.split("kept as ")[1].strip().rstrip(".")
    rapport(db, "restore", aside)
    assert _names(db) == ["Ada Lovelace", "Bob Later"]


def test_a_damaged_database_names_rapport_restore_and_is_kept_aside(tmp_path):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(_vcf(tmp_path, "a.vcf", "Ada Lovelace")))
    rapport(db, "backup")
    damaged = b"this is not SQLite any more " * 200
    db.write_bytes(damaged)
    for side in ("-wal", "-shm"):
        (tmp_path / f"r.sqlite3{side}").unlink(missing_ok=True)
    res = rapport(db, "list", check=False)
    assert res.returncode == 1 and "rapport restore" in res.stderr
    assert db.read_bytes() == damaged  # untouched
    res = rapport(db, "restore")
    aside = res.stdout.split("kept as ")[1].strip().rstrip(".")
    assert open(aside, "rb").read() == damaged
    assert _names(db) == ["Ada Lovelace"]


def test_restore_without_backups_fails_clearly(tmp_path):
    res = rapport(tmp_path / "r.sqlite3", "restore", check=False)
    assert res.returncode == 1 and "no good backup" in res.stderr


def test_a_writing_command_makes_the_daily_backup_once(tmp_path):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(_vcf(tmp_path, "a.vcf", "Ada Lovelace")))
    rapport(db, "import", str(_vcf(tmp_path, "b.vcf", "Bob")))
    listing = rapport(db, "backup", "--list").stdout.splitlines()
    assert sum("\tdaily\t" in line for line in listing) == 1
    assert sum("\tbefore-import\t" in line for line in listing) == 2  # one before each import that wrote
    rapport(db, "list")  # reading does not back up
    assert len(rapport(db, "backup", "--list").stdout.splitlines()) == len(listing)


def test_trash_and_undo_on_the_command_line(tmp_path):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(_vcf(tmp_path, "a.vcf", "Ada Lovelace", extra="EMAIL:ada@example.com\r\n")))
    rapport(db, "import", str(_vcf(tmp_path, "b.vcf", "Ada Lovelace", extra="EMAIL:ada@example.com\r\nTITLE:Countess\r\n")))
    listing = rapport(db, "undo").stdout.strip().splitlines()
    assert len(listing) == 1 and "Ada Lovelace" in listing[0]
    undo_id = listing[0].split("\t")[0]
    assert "back as before" in rapport(db, "undo", undo_id).stdout
    assert json.loads(rapport(db, "list", "--json").stdout)[0]["title"] == ""
    assert rapport(db, "trash").stdout.strip() == "The trash is empty."
    res = rapport(db, "trash", "restore", "contact", "1", check=False)
    assert res.returncode == 1 and "not in the trash" in res.stderr


def test_csv_export_neutralises_formulas_and_is_private(tmp_path):
    db = tmp_path / "r.sqlite3"
    rapport(db, "import", str(_vcf(tmp_path, "a.vcf", "=HYPERLINK(\"http://evil\")", extra="NOTE:@SUM(A1)\r\nTEL:+1 555 0100\r\n")))
    out = tmp_path / "out.csv"
    assert "Exported 1 contact to" in rapport(db, "export", str(out)).stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["full_name"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["note"] == "'@SUM(A1)" and rows[0]["phones"] == "'+1 555 0100"


def test_damaged_pages_found_mid_query_give_the_message_not_a_traceback(tmp_path):
    import sqlite3

    from tests.e2e.test_crash_safety import _cards

    db = tmp_path / "r.sqlite3"
    src = tmp_path / "many.vcf"
    src.write_text(_cards(1500))
    rapport(db, "import", str(src))
    rapport(db, "backup")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    for off in range(len(data) // 2, len(data) // 2 + 40960, 4096):  # the file's header stays whole
        data[off + 100 : off + 400] = b"\xff" * 300
    db.write_bytes(bytes(data))
    res = rapport(db, "list", check=False)  # `rapport` asserts there is no traceback
    assert res.returncode == 1 and "is damaged" in res.stderr and "rapport restore" in res.stderr
    assert len(res.stderr) < 600
    rapport(db, "restore")
    assert len(_names(db)) == 1500
