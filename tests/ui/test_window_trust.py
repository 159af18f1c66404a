"""The trust features in the real main window: File → Back up now, Restore from backup…, Trash…; delete
then restore from the trash; a bulk delete backed up first; close during an import; a damaged database
met mid-query; the day's backup made after the window shows."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QTableView

from desktop.domain.contact import ContactData
from desktop.services import backup, trash
from desktop.services.contacts import add_contact, count_contacts
from desktop.ui import trust, workers

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def make_window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, active=True, page="contacts") as make:
        yield make


def _names(w) -> list[str]:
    m = w.list_panel.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def _in_modal(handle, name: str | None = None) -> list[str]:
    """Run ``handle(modal)`` on the next modal window (named ``name`` if given); returns what was seen."""
    seen: list[str] = []

    def look():
        modal = QApplication.activeModalWidget()
        if modal is None or (name and modal.objectName() != name):
            QTimer.singleShot(10, look)
            return
        seen.append(modal.objectName())
        handle(modal)

    QTimer.singleShot(0, look)
    return seen


def _click(button: str):
    return lambda modal: modal.findChild(QPushButton, button).click()


def test_file_menu_has_the_trust_actions(make_window):
    w = make_window()
    file_menu = w.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    start = texts.index("&Back up now")
    assert texts[start : start + 3] == ["&Back up now", "&Restore from backup…", "T&rash…"]
    for a in (w.action_set[n] for n in ("backupAction", "restoreAction", "trashAction")):
        assert a.toolTip() and a.objectName()


def test_delete_in_the_window_then_restore_it_from_the_trash_dialog(qtbot, make_window):
    for n in ("Ada Lovelace", "Grace Hopper", "Linus Pauling"):
        add_contact(ContactData(full_name=n))
    w = make_window()
    assert w.list_panel.select_contact(w.list_panel.model.contact_id(_names(w).index("Grace Hopper")))
    w.list_panel.view.setFocus()
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):  # deleted in a worker
        qtbot.keyClick(w.list_panel.view, Qt.Key_Delete)
    assert "Grace Hopper" not in _names(w) and w.action_set["undoAction"].isEnabled()

    def restore_grace(dialog):
        qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)  # the trash is read in a worker
        table = dialog.findChild(QTableView, "trashTable")
        labels = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
        seen.append(labels)
        table.selectRow(labels.index("Grace Hopper"))
        dialog.findChild(QPushButton, "restoreButton").click()
        dialog.reject()

    seen: list = []
    opened = _in_modal(restore_grace, "trashDialog")
    with qtbot.waitSignal(w.events.contacts_changed, timeout=5000):
        w.action_set["trashAction"].trigger()
    assert opened == ["trashDialog"] and seen == [["Grace Hopper"]]
    assert "Grace Hopper" in _names(w)
    assert not w.action_set["undoAction"].isEnabled()  # nothing left in the trash for Ctrl+Z to bring back


def test_bulk_delete_is_backed_up_first_and_ctrl_z_restores(qtbot, make_window, db_path):
    for n in ("A One", "B Two", "C Three"):
        add_contact(ContactData(full_name=n))
    w = make_window()
    w.list_panel.view.setFocus()
    w.list_panel.view.selectAll()
    op = w.commands.delete_selected()  # in a worker: the backup first
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    assert len(op.result) == 3
    assert [b.label for b in backup.list_backups(db_path)] == ["before-delete"]
    assert w.list_panel.total() == 0
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.keyClick(w, Qt.Key_Z, Qt.ControlModifier)
    assert sorted(_names(w)) == ["A One", "B Two", "C Three"]


def test_back_up_now_names_the_file_in_the_status_bar(qtbot, make_window, db_path):
    w = make_window()
    w.action_set["backupAction"].trigger()
    [op] = workers.registry().ops("backup")
    assert w.statusBar().currentMessage() == "Backing up…"
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    [made] = backup.list_backups(db_path)
    assert made.label == "manual"
    assert w.statusBar().currentMessage() == f"Backed up to {made.path}"


def test_restore_from_backup_through_the_menu_reloads_the_list(qtbot, make_window, db_path):
    for n in ("Kept One", "Kept Two"):
        add_contact(ContactData(full_name=n))
    w = make_window()
    op = w.data_safety.back_up_now()
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    add_contact(ContactData(full_name="Added Later"))
    w.events.contacts_changed.emit([])
    assert sorted(_names(w)) == ["Added Later", "Kept One", "Kept Two"]

    def choose_the_backup(dialog):
        dialog.findChild(QTableView, "backupTable").selectRow(0)
        dialog.findChild(QPushButton, "restoreButton").click()

    seen = _in_modal(choose_the_backup, "restoreDialog")
    with qtbot.waitSignal(w.events.data_reset, timeout=10000):
        w.action_set["restoreAction"].trigger()
    assert seen == ["restoreDialog"]
    assert sorted(_names(w)) == ["Kept One", "Kept Two"]
    assert count_contacts() == 2
    assert any(b.label == "before-restore" for b in backup.list_backups(db_path))
    assert w.statusBar().currentMessage().startswith("Restored ")


def test_a_cancelled_restore_leaves_everything_open(qtbot, make_window):
    add_contact(ContactData(full_name="Still Here"))
    backup.make_backup()
    w = make_window()
    resets = []
    w.events.data_reset.connect(lambda: resets.append(1))
    _in_modal(lambda d: d.reject(), "restoreDialog")
    assert w.data_safety.restore_from_backup() is None
    assert resets == [] and _names(w) == ["Still Here"]


def _big_vcard(path, n: int) -> None:
    path.write_text(
        "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nTEL:+1555{i:07d}\r\nEND:VCARD\r\n"
                for i in range(n)),
        encoding="utf-8",
    )  # fmt: skip


def test_closing_during_an_import_cancels_it_and_joins_its_thread(qtbot, make_window, tmp_path, db_path):
    card = tmp_path / "many.vcf"
    _big_vcard(card, 20000)
    w = make_window()
    flow = w.import_files([card])
    qtbot.waitUntil(lambda: len(flow.progress_seen) > 1, timeout=20000)
    w.close()
    assert flow.cancelled
    assert flow.op._thread.isFinished()  # joined in closeEvent, before the database closed
    assert not flow.progress.isVisible()
    with qtbot.waitSignal(flow.finished, timeout=10000):
        pass
    assert flow.report.cancelled
    assert count_contacts() == 0  # the file in progress was rolled back
    for top in QApplication.topLevelWidgets():  # the summary says so
        if top.objectName() == "importSummaryDialog":
            assert "cancelled" in top.heading.text()
            top.close()
    assert workers.running() == 0
    from desktop.storage.db import close_database

    close_database()
    backup._checkpoint(db_path)  # no worker's connection was left holding the file (this refuses if one is)


def test_a_damaged_database_met_in_a_command_offers_the_latest_backup(qtbot, make_window, db_path, monkeypatch):
    add_contact(ContactData(full_name="In The Backup"))
    good = backup.make_backup()
    add_contact(ContactData(full_name="Not Backed Up"))
    w = make_window()
    real_check = backup.check_file
    monkeypatch.setattr(backup, "check_file",
                        lambda p: "it is damaged (page 3)" if p == db_path else real_check(p))  # fmt: skip

    def malformed(ids):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(trash, "delete_contacts", malformed)
    w.list_panel.select_first()
    seen = _in_modal(_click("restoreLatest"), "corruptDatabaseBox")
    with qtbot.waitSignal(w.events.data_reset, timeout=10000):
        op = w.commands.delete_selected()  # fails in its worker; the offer comes on the UI thread
    assert op.result is None
    assert seen == ["corruptDatabaseBox"]
    assert _names(w) == ["In The Backup"]
    assert w.isVisible()
    assert backup.latest_good_backup(db_path).path == good


def test_another_database_error_in_a_command_is_only_shown(qtbot, make_window, monkeypatch):
    add_contact(ContactData(full_name="Fine"))
    w = make_window()

    def locked(ids):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(trash, "delete_contacts", locked)
    w.list_panel.select_first()
    texts = []
    _in_modal(lambda box: (texts.append(box.text()), box.accept()), "databaseErrorBox")
    op = w.commands.delete_selected()  # fails in its worker; the message comes on the UI thread
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    assert op.result is None
    assert texts == ["database is locked"]
    assert w.isVisible() and _names(w) == ["Fine"]


def test_the_daily_backup_is_made_after_the_window_shows(qtbot, db_path, tmp_path):
    from desktop.app import build_window
    from desktop.storage.db import close_database

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "user-settings"))
    w = trust.open_with_recovery(build_window, db_path, defer_backup=True)
    qtbot.addWidget(w)
    try:
        assert backup.list_backups(db_path) == []  # not on the start-up path
        w.show()
        # Waited for from before it starts: a backup that finishes at once cannot be missed.
        with qtbot.waitSignal(w.data_safety.backup_finished, timeout=10000):
            w.data_safety.start_daily_backup(0)
        assert [b.label for b in backup.list_backups(db_path)] == ["daily"]
    finally:
        w.close()
        close_database()


def test_damage_found_by_the_daily_backup_offers_a_restore_and_quitting_closes(qtbot, make_window, monkeypatch):
    from desktop.storage.db import DatabaseError

    w = make_window()

    def damaged(**_kw):
        raise DatabaseError("rapport.sqlite3 cannot be used: it is damaged (page 3).")

    offered = []
    monkeypatch.setattr(backup, "daily_backup", damaged)
    monkeypatch.setattr(
        trust, "offer_restore", lambda parent, path, exc, before=None: offered.append(str(exc)) or trust.DAMAGED
    )
    w.data_safety.start_daily_backup(0)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert "damaged" in offered[0]
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
