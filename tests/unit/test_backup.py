"""Backups: online copies in a private folder, daily rotation, a backup before bulk operations, restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest

from desktop.domain.contact import ContactData, Email
from desktop.services import backup
from desktop.services.contacts import add_contact, count_contacts
from desktop.storage.db import DatabaseError, close_database, open_database


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _names(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT full_name FROM contact ORDER BY id")]
    finally:
        conn.close()


def test_a_backup_is_a_private_consistent_copy_in_a_private_folder(db, db_path):
    add_contact(ContactData(full_name="Ada Lovelace"))
    path = backup.make_backup()
    assert path.parent == db_path.parent / "backups"
    assert _mode(path.parent) == 0o700 and _mode(path) == 0o600
    assert _names(path) == ["Ada Lovelace"]
    assert backup.check_file(path) is None
    assert not list(path.parent.glob("*.part"))
    [listed] = backup.list_backups(db_path)
    assert listed.path == path and listed.label == "manual" and listed.size == path.stat().st_size


def test_the_migration_backup_folder_is_private_too(tmp_path, data_dir):
    db_path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db_path)
    conn.executescript((data_dir / "db" / "rapport-v1.sql").read_text())
    conn.close()
    open_database(db_path)
    close_database()
    [b] = backup.list_backups(db_path)
    assert b.label.startswith("before-v") and _mode(b.path.parent) == 0o700 and _mode(b.path) == 0o600


def test_daily_backup_is_made_once_a_day(db, db_path):
    day = dt.datetime(2026, 11, 22, 9, 0, 0)
    first = backup.daily_backup(now=day)
    assert first is not None and first.exists()
    assert backup.daily_backup(now=day + dt.timedelta(hours=3)) is None
    assert backup.daily_backup(now=day + dt.timedelta(days=1)) is not None


def test_rotation_keeps_seven_daily_and_four_weekly(db, db_path):
    start = dt.datetime(2026, 8, 3, 8, 0, 0)  # a Monday
    for n in range(60):
        backup.daily_backup(now=start + dt.timedelta(days=n))
    kept = sorted(b.made_at.date() for b in backup.list_backups(db_path) if b.label == "daily")
    last = (start + dt.timedelta(days=59)).date()
    assert kept[-7:] == [last - dt.timedelta(days=n) for n in range(6, -1, -1)]
    weeks = {d.isocalendar()[:2] for d in kept}
    assert len(weeks) == 4  # the last 7 days span two weeks; two more weeks back are kept by their newest
    assert len(kept) <= 7 + 4
    for week in weeks:  # each kept week keeps its newest day
        days = [d for d in kept if d.isocalendar()[:2] == week]
        assert max(days) in kept


def test_operation_backups_are_rotated_and_manual_ones_kept(db, db_path):
    for n in range(backup.KEEP_OPERATION + 5):
        backup.make_backup("before-import", now=dt.datetime(2026, 11, 1) + dt.timedelta(minutes=n))
    backup.make_backup("manual")
    labels = [b.label for b in backup.list_backups(db_path)]
    assert labels.count("before-import") == backup.KEEP_OPERATION
    assert labels.count("manual") == 1


def test_an_import_that_writes_makes_a_backup_first_and_a_noop_import_does_not(db, db_path, tmp_path):
    from desktop.services.importing import import_files

    add_contact(ContactData(full_name="Before Import"))
    card = tmp_path / "a.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New One\r\nEND:VCARD\r\n")
    import_files([card])
    [b] = [b for b in backup.list_backups(db_path) if b.label == "before-import"]
    assert _names(b.path) == ["Before Import"]
    import_files([card])  # all skipped: nothing written, no new backup
    assert len([b for b in backup.list_backups(db_path) if b.label == "before-import"]) == 1


def test_restore_sets_the_current_file_aside_and_puts_the_latest_good_backup_back(db, db_path):
    add_contact(ContactData(full_name="Kept"))
    good = backup.make_backup()
    add_contact(ContactData(full_name="Added after"))
    close_database()
    used, aside = backup.restore_backup(db_path)
    assert used == good
    assert _names(db_path) == ["Kept"]
    assert _names(aside) == ["Kept", "Added after"]  # set aside with its WAL, nothing lost
    assert _mode(db_path) == 0o600 and _mode(aside) == 0o600
    open_database(db_path)
    assert count_contacts() == 1
    close_database()
    # The set-aside copy is never "the latest good backup": restoring again gives the same backup.
    used2, _ = backup.restore_backup(db_path)
    assert used2 == good


def test_restore_a_named_backup_and_refuse_a_bad_one(db, db_path, tmp_path):
    add_contact(ContactData(full_name="One"))
    first = backup.make_backup()
    add_contact(ContactData(full_name="Two"))
    backup.make_backup()
    close_database()
    used, _ = backup.restore_backup(db_path, first.name)  # a bare name is looked up in the folder
    assert used == first and _names(db_path) == ["One"]
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError):
        backup.restore_backup(db_path, junk)
    with pytest.raises(backup.BackupError):
        backup.restore_backup(db_path, tmp_path / "missing.sqlite3")
    assert _names(db_path) == ["One"]


def test_a_damaged_database_is_reported_kept_aside_and_never_overwritten(db, db_path):
    add_contact(ContactData(full_name="Good", emails=[Email("g@example.com")]))
    good = backup.make_backup()
    close_database()
    data = bytearray(db_path.read_bytes())
    data[:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(data))
    damaged = bytes(data)
    problem = backup.check_file(db_path)
    assert problem is not None
    with pytest.raises(DatabaseError):
        open_database(db_path)
    msg = backup.damaged_message(db_path, problem)
    assert "rapport restore" in msg
    used, aside = backup.restore_backup(db_path)
    assert used == good and aside.read_bytes() == damaged
    assert aside.name.startswith("rapport-before-restore-")
    assert _names(db_path) == ["Good"]


def test_daily_backup_refuses_to_copy_a_damaged_database(db, db_path, monkeypatch):
    monkeypatch.setattr(backup, "check_open_database", lambda: "it is damaged (page 3)")
    with pytest.raises(DatabaseError, match="rapport restore"):
        backup.daily_backup()
    assert backup.list_backups(db_path) == []


def test_no_good_backup_is_a_clear_error(db, db_path):
    close_database()
    with pytest.raises(backup.BackupError, match="no good backup"):
        backup.restore_backup(db_path)


def test_a_half_written_backup_is_ignored(db, db_path):
    folder = backup.backup_dir(db_path)
    (folder / "rapport-daily-20261121-090000.sqlite3.part").write_bytes(b"half")
    (folder / "rapport-daily-20261121-100000.sqlite3").write_bytes(b"cut short by a crash")
    good = backup.make_backup(now=dt.datetime(2026, 11, 20, 9))
    assert backup.latest_good_backup(db_path).path == good


def test_rotation_removes_stale_half_backups_only(db, db_path):
    import os
    import time

    folder = backup.backup_dir(db_path)
    stale = folder / "rapport-daily-20261101-090000.sqlite3.part"
    fresh = folder / "rapport-daily-20261122-090000.sqlite3.part"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    backup.rotate(db_path)
    assert not stale.exists() and fresh.exists()


def test_a_crash_during_restore_never_leaves_the_path_without_a_database(db, db_path, monkeypatch):
    import os

    add_contact(ContactData(full_name="Old"))
    backup.make_backup()
    close_database()
    real_replace = os.replace

    def crash_on_swap(src, dst):
        if str(dst) == str(db_path):
            raise KeyboardInterrupt("killed just before the swap")
        return real_replace(src, dst)

    monkeypatch.setattr(backup.os, "replace", crash_on_swap)
    with pytest.raises(KeyboardInterrupt):
        backup.restore_backup(db_path)
    assert _names(db_path) == ["Old"]  # the old database is still there, whole
    assert backup.check_file(db_path) is None


def test_restore_is_refused_while_another_connection_has_the_database_open(db, db_path):
    add_contact(ContactData(full_name="Still open elsewhere"))
    backup.make_backup()
    close_database()
    other = sqlite3.connect(db_path)  # e.g. the window, still running
    other.execute("SELECT count(*) FROM contact").fetchone()
    try:
        with pytest.raises(backup.BackupError, match="open in another Rapport"):
            backup.restore_backup(db_path)
    finally:
        other.close()
    assert not any(b.label == "before-restore" for b in backup.list_backups(db_path))
    backup.restore_backup(db_path)  # once it is closed
