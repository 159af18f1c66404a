"""Restore from backup… and the offer to restore a damaged database, driven through their real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from desktop.domain.contact import ContactData
from desktop.services import backup
from desktop.services.contacts import add_contact, count_contacts
from desktop.storage.db import close_database, open_database
from desktop.ui import trust

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _click_in_modal(name: str, after_ms: int = 0) -> list[str]:
    """Click the button called ``name`` in the next modal window; returns what was seen, for asserts."""
    seen: list[str] = []

    def click():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, click)
            return
        seen.append(modal.objectName())
        button = modal.findChild(QPushButton, name)
        if button is None:  # e.g. the dialog's own buttons have no object name: reject it
            modal.reject() if isinstance(modal, QDialog) else modal.close()
            return
        button.click()

    QTimer.singleShot(after_ms, click)
    return seen


def _damage(db_path) -> bytes:
    close_database()
    for side in ("-wal", "-shm"):
        p = db_path.with_name(db_path.name + side)
        if p.exists():
            p.unlink()
    data = b"definitely not SQLite " * 500
    db_path.write_bytes(data)
    return data


def test_backup_model_passes_the_model_tester(qtmodeltester, db, db_path):
    backup.make_backup()
    backup.make_backup("before-import")
    model = trust.BackupTableModel()
    model.set_rows(backup.list_backups(db_path))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, 1)) == "Before an import"
    assert model.data(model.index(1, 1)) == "Made by hand"
    assert model.data(model.index(0, 2)).endswith("KB")


def test_restore_dialog_lists_backups_with_dates_and_sizes_and_restores_the_chosen_one(qtbot, db, db_path):
    add_contact(ContactData(full_name="One"))
    first = backup.make_backup()
    add_contact(ContactData(full_name="Two"))
    backup.make_backup()
    dialog = trust.RestoreDialog(None, db_path)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.chosen().path != first  # the newest is selected
    assert dialog.restore_button.isEnabled()
    dialog.table.selectRow(1)
    assert dialog.chosen().path == first
    dialog.exec = lambda: QDialog.Accepted  # what pressing Restore does
    used, aside = trust.restore_from_backup(None, db_path, dialog=dialog)
    assert used == first and aside.exists()
    assert count_contacts() == 1  # reopened on the restored file


def test_restore_dialog_without_backups_says_so(qtbot, db, db_path):
    dialog = trust.RestoreDialog(None, db_path)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert not dialog.empty.isHidden() and "no backups" in dialog.empty.text()


def test_a_damaged_file_offers_the_latest_backup_and_keeps_the_file_aside(qtbot, db, db_path):
    add_contact(ContactData(full_name="Safe"))
    good = backup.make_backup()
    damaged = _damage(db_path)
    seen = _click_in_modal("restoreLatest")
    assert trust.offer_restore_on_corrupt(None, db_path, "not a database") is True
    assert seen == ["corruptDatabaseBox"]
    [aside] = [b for b in backup.list_backups(db_path) if b.label == "before-restore"]
    assert aside.path.read_bytes() == damaged
    open_database(db_path)
    assert count_contacts() == 1
    assert backup.latest_good_backup(db_path).path == good


def test_quitting_leaves_the_damaged_file_untouched(qtbot, db, db_path):
    backup.make_backup()
    damaged = _damage(db_path)
    _click_in_modal("quit")
    assert trust.offer_restore_on_corrupt(None, db_path, "x") is False
    assert db_path.read_bytes() == damaged


def test_no_backup_means_only_quit(qtbot, db, db_path):
    _damage(db_path)
    seen = []

    def look():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, look)
            return
        seen.append(sorted(b.objectName() for b in modal.findChildren(QPushButton) if b.objectName()))
        modal.findChild(QPushButton, "quit").click()

    QTimer.singleShot(0, look)
    assert trust.offer_restore_on_corrupt(None, db_path, "x") is False
    assert seen == [["quit"]]


def test_a_newer_database_gets_the_message_only(qtbot, db, db_path):
    close_database()
    seen = _click_in_modal("none")
    assert trust.offer_restore_on_corrupt(None, db_path, "written by a newer Rapport") is False
    assert seen == ["databaseErrorBox"]


def test_start_up_recovers_a_damaged_file_and_makes_the_daily_backup(qtbot, db, db_path):
    add_contact(ContactData(full_name="Safe"))
    backup.make_backup()
    _damage(db_path)

    def build(path):
        open_database(path)
        w = QWidget()
        qtbot.addWidget(w)
        return w

    _click_in_modal("restoreLatest")
    window = trust.open_with_recovery(build, db_path)
    assert window is not None
    assert count_contacts() == 1
    assert any(b.label == "daily" for b in backup.list_backups(db_path))


def test_plain_text_everywhere_in_the_trust_widgets(qtbot, db, db_path):
    from PySide6.QtWidgets import QLabel

    dialog = trust.RestoreDialog(None, db_path)
    qtbot.addWidget(dialog)
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.PlainText
    box = trust.corrupt_message_box(None, db_path, "<b>bad</b>", None)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.PlainText


def test_an_error_on_a_healthy_file_is_shown_and_stops_nothing(qtbot, db_path, monkeypatch):
    """A passing 'database is locked' must not cancel the window's running import."""
    from PySide6.QtWidgets import QMessageBox

    open_database(db_path)
    close_database()
    shown, stopped = [], []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.textFormat(), box.text())) or 0)
    outcome = trust.offer_restore(None, db_path, "database is locked", before=lambda: stopped.append(True))
    assert outcome == trust.NOT_DAMAGED
    assert stopped == []
    assert shown == [(Qt.PlainText, "database is locked")]
