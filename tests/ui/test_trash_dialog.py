"""The Trash dialog driven through its real widgets: restore, empty after a confirmation, undo an import's
merge (with the prompt when the contact changed since), days left, plain text and keyboard use."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget

from desktop.domain.contact import ContactData
from desktop.services import backup, trash
from desktop.services.contacts import add_contact, load_record, replace_contact, trash_contacts
from desktop.services.timeline import delete_entry, log_interaction
from desktop.ui.dialogs.trash_dialog import MergeTableModel, TrashDialog, TrashTableModel
from desktop.ui.models.rows import ROW_ROLE
from desktop.ui.events import AppEvents

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date.today()


def _answer(button_name: str, seen: list[str] | None = None) -> None:
    """Click ``button_name`` in the next message box (the confirmation), as a person would."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        if seen is not None:
            seen.append(f"{box.objectName()}: {box.text()}")
        box.findChild(QPushButton, button_name).click() if button_name else box.reject()

    QTimer.singleShot(0, click)


@pytest.fixture
def filled(db):
    ada = add_contact(ContactData(full_name="Ada Lovelace"))
    grace = add_contact(ContactData(full_name="Grace Hopper"))
    bold = add_contact(ContactData(full_name="<b>Bold</b> Name"))
    entry = log_interaction([ada], TODAY, "meeting", summary="Coffee")
    trash_contacts([grace, bold])
    delete_entry("interaction", entry)
    return {"ada": ada, "grace": grace, "bold": bold, "entry": entry}


@pytest.fixture
def dialog(qtbot, filled):
    events = AppEvents()
    d = TrashDialog(None, events, today=lambda: TODAY + dt.timedelta(days=10))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: not d.loading, timeout=10000)  # it reads in a worker
    return d, events


def _labels(d: TrashDialog) -> list[str]:
    return [d.trash_model.index(r, 0).data() for r in range(d.trash_model.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, filled):
    model = TrashTableModel(lambda: TODAY)
    model.set_rows(trash.list_trash())
    qtmodeltester.check(model)
    merges = MergeTableModel()
    merges.set_rows(trash.list_undo())
    qtmodeltester.check(merges)


def test_lists_what_was_deleted_with_when_and_days_left(dialog, filled):
    d, _events = dialog
    assert sorted(_labels(d)) == sorted(["<b>Bold</b> Name", "Grace Hopper", f"{TODAY} meeting: Coffee"])
    kinds = {d.trash_model.index(r, 1).data() for r in range(d.trash_model.rowCount())}
    assert kinds == {"Contact", "Interaction"}
    assert d.trash_model.index(0, 2).data().startswith(TODAY.isoformat())
    assert d.trash_model.index(0, 3).data() == "20 of 30"  # deleted today, looked at ten days later
    tip = d.trash_model.index(_labels(d).index("<b>Bold</b> Name"), 0).data(Qt.ToolTipRole)
    assert "&lt;b&gt;" in tip  # the tooltip shows the name, not bold text
    assert d.findChild(QPushButton, "emptyTrashButton").isEnabled()
    assert not d.trash_empty.isVisible()


def test_restore_selected_puts_contacts_and_entries_back(qtbot, dialog, filled):
    d, events = dialog
    table = d.findChild(type(d.trash_table), "trashTable")
    table.selectAll()
    changed = []
    events.contacts_changed.connect(changed.append)
    with qtbot.waitSignal(events.timeline_changed, timeout=1000):
        qtbot.mouseClick(d.findChild(QPushButton, "restoreButton"), Qt.LeftButton)
    assert trash.list_trash() == []
    assert changed == [[]]  # an entry came back too: every contact may have moved
    assert d.trash_model.rowCount() == 0 and not d.trash_empty.isHidden()
    assert not d.restore_button.isEnabled() and not d.empty_button.isEnabled()
    assert load_record(filled["grace"]).data.full_name == "Grace Hopper"


def test_restore_one_contact_with_the_keyboard(qtbot, dialog, filled):
    d, events = dialog
    row = _labels(d).index("Grace Hopper")
    d.trash_table.setFocus()
    d.trash_table.selectRow(row)
    assert d.restore_button.isEnabled()
    with qtbot.waitSignal(events.contacts_changed, timeout=1000) as got:
        qtbot.keyClick(d, Qt.Key_R, Qt.AltModifier)  # &Restore selected
    assert got.args == [[filled["grace"]]]
    assert "Grace Hopper" not in _labels(d) and len(_labels(d)) == 2


def test_empty_trash_asks_first_and_cancel_keeps_everything(qtbot, dialog):
    d, _events = dialog
    seen = []
    _answer("", seen)  # Escape / Cancel
    assert d.empty_trash() is False
    assert seen and seen[0].startswith("confirmEmptyTrash: Delete the 3 items in the trash for good?")
    assert len(trash.list_trash()) == 3


def test_empty_trash_after_the_confirmation_deletes_for_good_after_a_backup(qtbot, dialog, db_path):
    d, events = dialog
    _answer("deleteForGood")
    with qtbot.waitSignal(events.timeline_changed, timeout=2000):
        qtbot.mouseClick(d.findChild(QPushButton, "emptyTrashButton"), Qt.LeftButton)
    assert trash.list_trash() == []
    assert d.trash_model.rowCount() == 0 and d.trash_empty.isVisible()
    assert [b.label for b in backup.list_backups(db_path)] == ["before-empty-trash"]


def _merged(name: str) -> tuple[int, int]:
    cid = add_contact(ContactData(full_name=name))
    before = load_record(cid).data
    after = load_record(cid).data
    after.note = "added by the import"
    replace_contact(cid, after)
    trash.record_merge(cid, before, load_record(cid).data, [], label="import of phone.vcf")
    return cid, trash.list_undo(cid)[0].id


def test_undo_a_merge(qtbot, filled):
    cid, _rid = _merged("Zoë Ødegård")
    events = AppEvents()
    d = TrashDialog(None, events)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: not d.loading, timeout=10000)
    assert d.merge_model.index(0, 0).data() == "Zoë Ødegård"
    assert d.merge_model.index(0, 1).data() == "import of phone.vcf"
    assert d.merge_model.index(0, 0).data(ROW_ROLE).contact_ids == (cid,)
    with qtbot.waitSignal(events.contacts_changed, timeout=1000) as got:
        qtbot.mouseClick(d.findChild(QPushButton, "undoMergeButton"), Qt.LeftButton)
    assert got.args == [[cid]]
    assert load_record(cid).data.note == ""
    assert d.merge_model.rowCount() == 0 and not d.undo_merge_button.isEnabled()


def test_undo_a_merge_of_a_contact_edited_since_asks_before_forcing(qtbot, filled):
    cid, _rid = _merged("Edited Since")
    rec = load_record(cid).data
    rec.title = "changed by hand"
    replace_contact(cid, rec)
    d = TrashDialog(None, AppEvents())
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: not d.loading, timeout=10000)
    seen = []
    _answer("", seen)  # first time: Cancel
    assert d.undo_selected_merge() is None
    assert "changed after the merge" in seen[0] and load_record(cid).data.title == "changed by hand"
    _answer("undoAnyway")
    assert d.undo_selected_merge() == cid
    assert load_record(cid).data.title == "" and load_record(cid).data.note == ""


def test_plain_text_names_and_tab_order(qtbot, dialog):
    d, _events = dialog
    for label in d.findChildren(QLabel):
        assert label.textFormat() == Qt.PlainText, label.text()
    for name in ("trashTable", "mergeTable", "restoreButton", "emptyTrashButton", "undoMergeButton"):
        assert d.findChild(QWidget, name) is not None, name
    for w in (d.trash_table, d.merge_table, d.restore_button, d.empty_button, d.undo_merge_button):
        assert w.accessibleName() and w.toolTip(), w.objectName()
    assert d.objectName() == "trashDialog"
    # Tab leaves the table for the buttons (no cell-to-cell Tab trap)
    d.trash_table.setFocus()
    qtbot.keyClick(d.trash_table, Qt.Key_Tab)
    assert QApplication.focusWidget() is d.restore_button


def test_picture(qtbot, dialog, tmp_path):
    d, _events = dialog
    d.resize(760, 560)
    qtbot.wait(10)
    assert d.grab().save(str(tmp_path / "trash.png"))
    # nothing clipped: every column's text fits its width
    fm = d.trash_table.fontMetrics()
    for col in range(1, d.trash_model.columnCount()):
        widest = max(fm.horizontalAdvance(d.trash_model.index(r, col).data()) for r in range(d.trash_model.rowCount()))
        assert d.trash_table.columnWidth(col) > widest, col
