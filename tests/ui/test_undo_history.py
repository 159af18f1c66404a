"""One undo history in the real main window: Ctrl+Z takes back every change a person can make, from
wherever it was made (the list, the timeline, an edit dialog, Today, an import), Ctrl+Shift+Z makes it
again, Edit → Undo names what it will undo, and a restart keeps the steps that make sense to keep."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.domain.contact import ContactData, Email
from desktop.services import backup, contacts, groups, timeline
from desktop.ui.models.timeline_model import DETAIL_ROLE, KIND_ROLE

from windows import in_modal, undo_text, windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)
UNDO = (Qt.Key_Z, Qt.ControlModifier)
REDO = (Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)


@pytest.fixture
def people(db):
    ada = contacts.add_contact(ContactData(full_name="Ada Lovelace", emails=[Email("ada@example.com")]), "GB")
    ben = contacts.add_contact(ContactData(full_name="Ben Ode"))
    cy = contacts.add_contact(ContactData(full_name="Cy Tan"))
    return {"ada": ada, "ben": ben, "cy": cy}


@pytest.fixture
def make_window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, active=True, page="contacts", journal=True) as make:
        yield make


def _names(w) -> list[str]:
    m = w.list_panel.model
    return sorted(m.index(r, 0).data() for r in range(m.rowCount()))


def _redo_text(w) -> str:
    return w.action_set["redoAction"].text()


def _press(qtbot, w, keys) -> None:
    """Ctrl+Z or Ctrl+Shift+Z, and wait until the change is in the database and shown."""
    w.activateWindow()  # back from a dialog: shortcuts go to the active window only
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.keyClick(w, *keys)


def _delete_in_list(qtbot, w, name: str) -> None:
    w.list_panel.select_contact(w.list_panel.model.contact_id(_row(w, name)))
    # Only that one, even with Shift still down from the Ctrl+Shift+Z before (Qt keeps the modifiers).
    assert w.list_panel.selected_ids() == [w.list_panel.model.contact_id(_row(w, name))]
    w.list_panel.view.setFocus()
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        qtbot.keyClick(w.list_panel.view, Qt.Key_Delete)


def _row(w, name: str) -> int:
    m = w.list_panel.model
    return next(r for r in range(m.rowCount()) if m.index(r, 0).data() == name)


def _timeline(w) -> list[str]:
    """The contact page's timeline as it reads: "Call: Catch-up", newest first (month headings left out)."""
    m = w.contact_page.timeline.timeline_model
    rows = [m.index(r, 0) for r in range(m.rowCount())]
    return [f"{i.data()}: {i.data(DETAIL_ROLE)}" for i in rows if i.data(KIND_ROLE) == "entry"]


def test_a_delete_from_the_list_is_undone_and_redone(qtbot, people, make_window):
    w = make_window()
    assert undo_text(w) == "&Undo" and not w.action_set["undoAction"].isEnabled()
    _delete_in_list(qtbot, w, "Ben Ode")
    assert _names(w) == ["Ada Lovelace", "Cy Tan"]
    assert undo_text(w) == "&Undo delete of Ben Ode"
    _press(qtbot, w, UNDO)
    assert _names(w) == ["Ada Lovelace", "Ben Ode", "Cy Tan"]
    assert w.contact_page.name_label.text() == "Ben Ode"  # the contact given back is shown
    assert _redo_text(w) == "&Redo delete of Ben Ode" and undo_text(w) == "&Undo"
    _press(qtbot, w, REDO)
    assert _names(w) == ["Ada Lovelace", "Cy Tan"]


def test_a_bulk_delete_is_one_step(qtbot, people, make_window):
    w = make_window()
    w.list_panel.view.setFocus()
    w.list_panel.view.selectAll()
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        qtbot.keyClick(w.list_panel.view, Qt.Key_Delete)
    assert _names(w) == [] and w.contacts_stack.currentWidget() is w.welcome
    assert undo_text(w) == "&Undo delete of 3 contacts"
    _press(qtbot, w, UNDO)
    assert _names(w) == ["Ada Lovelace", "Ben Ode", "Cy Tan"]
    _press(qtbot, w, REDO)
    assert _names(w) == []
    _press(qtbot, w, UNDO)
    assert _names(w) == ["Ada Lovelace", "Ben Ode", "Cy Tan"]


def test_a_timeline_entry_deleted_from_the_timeline_or_its_dialog_comes_back(qtbot, people, make_window):
    timeline.log_exchange([people["ada"]], "favour", "given", TODAY - dt.timedelta(days=3), summary="Lent a book")
    timeline.log_interaction([people["ada"]], TODAY - dt.timedelta(days=1), "call", summary="Catch-up")
    w = make_window()
    w.contacts_page.show_contact(people["ada"])
    view = w.contact_page.timeline
    assert _timeline(w) == ["Call: Catch-up", "Favour given: Lent a book"]
    view.setCurrentIndex(view.timeline_model.index(1, 0))  # row 0 is the month's heading
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Delete)
    assert _timeline(w) == ["Favour given: Lent a book"]
    assert undo_text(w) == "&Undo delete of the call with Ada Lovelace"
    _press(qtbot, w, UNDO)
    assert _timeline(w) == ["Call: Catch-up", "Favour given: Lent a book"]

    # From the entry's edit dialog (Enter opens it): its Delete button, then Ctrl+Z in the window.
    view.setCurrentIndex(view.timeline_model.index(2, 0))
    view.setFocus()
    in_modal("logExchangeDialog", lambda d: d.findChild(QPushButton, "deleteButton").click())
    qtbot.keyClick(view, Qt.Key_Return)
    assert _timeline(w) == ["Call: Catch-up"]
    assert undo_text(w) == "&Undo delete of the favour with Ada Lovelace"
    _press(qtbot, w, UNDO)
    assert _timeline(w) == ["Call: Catch-up", "Favour given: Lent a book"]


def test_edits_of_a_contact_and_of_an_entry_are_undone(qtbot, people, make_window):
    timeline.log_interaction([people["ada"]], TODAY - dt.timedelta(days=1), "call", summary="Catch-up")
    w = make_window()
    w.contacts_page.show_contact(people["ada"])

    def rename(dialog):
        dialog.organization.setText("Analytical Engines")
        dialog.ok_button.click()

    in_modal("contactDialog", rename)
    w.action_set["editContactAction"].trigger()
    assert w.contact_page.org_label.text() == "Analytical Engines"
    assert undo_text(w) == "&Undo edit of Ada Lovelace"
    _press(qtbot, w, UNDO)
    assert w.contact_page.org_label.text() == "" and w.contact_page.name_label.text() == "Ada Lovelace"
    _press(qtbot, w, REDO)
    assert w.contact_page.org_label.text() == "Analytical Engines"

    def resummarise(dialog):
        dialog.summary.setText("Long catch-up")
        dialog.ok_button.click()

    view = w.contact_page.timeline
    view.setCurrentIndex(view.timeline_model.index(1, 0))
    view.setFocus()
    in_modal("logInteractionDialog", resummarise)
    qtbot.keyClick(view, Qt.Key_Return)
    assert _timeline(w) == ["Call: Long catch-up"]
    assert undo_text(w) == "&Undo edit of the call with Ada Lovelace"
    _press(qtbot, w, UNDO)
    assert _timeline(w) == ["Call: Catch-up"]
    assert undo_text(w) == "&Undo edit of Ada Lovelace"  # the step before it is next


def test_today_done_and_snooze_are_undone_from_the_edit_menu_and_the_undo_button(qtbot, people, make_window):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ada"], people["ben"]])
    w = make_window(page="today")
    today = w.page("today")
    qtbot.waitUntil(lambda: not today.loading and len(today.item_refs()) == 2, timeout=10000)
    first, second = today.item_refs()
    qtbot.mouseClick(today.row_for(first).findChild(QPushButton, "doneButton"), Qt.LeftButton)
    assert today.item_refs() == [second]
    assert undo_text(w) == "&Undo done: follow-up with Ada Lovelace"
    _press(qtbot, w, UNDO)
    qtbot.waitUntil(lambda: today.item_refs() == [first, second], timeout=10000)
    assert not today.undo_button.isVisible()  # what it would take back was undone already

    snooze = today.row_for(second).findChild(QPushButton, "snoozeButton")
    [week] = [a for a in snooze.menu().actions() if a.objectName() == "snooze7"]
    week.trigger()
    assert today.item_refs() == [first]
    assert undo_text(w) == "&Undo snooze: follow-up with Ben Ode"
    assert today.undo_button.isVisible()
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.mouseClick(today.undo_button, Qt.LeftButton)  # the page's own Undo: the same history
    qtbot.waitUntil(lambda: today.item_refs() == [first, second], timeout=10000)
    assert _redo_text(w) == "&Redo snooze: follow-up with Ben Ode"
    _press(qtbot, w, REDO)
    qtbot.waitUntil(lambda: today.item_refs() == [first], timeout=10000)
    _press(qtbot, w, UNDO)  # and Ctrl+Z takes the snooze back like the button did
    qtbot.waitUntil(lambda: today.item_refs() == [first, second], timeout=10000)


def test_an_import_with_its_merge_is_undone_and_redone(qtbot, people, make_window, tmp_path):
    card = tmp_path / "phone.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nTEL:+44 20 7946 0000\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Park\r\nEND:VCARD\r\n"
    )
    w = make_window()
    with qtbot.waitSignal(w.events.data_reset, timeout=20000):
        w.import_files([card])
    for top in QApplication.topLevelWidgets():
        if top.objectName() == "importSummaryDialog":
            top.close()
    w.contacts_page.show_contact(people["ada"])
    assert "Dee Park" in _names(w) and any(k.startswith("Phone") for k in w.contact_page.details.values)
    assert undo_text(w) == "&Undo import of phone.vcf"
    _press(qtbot, w, UNDO)
    assert _names(w) == ["Ada Lovelace", "Ben Ode", "Cy Tan"]
    w.contacts_page.show_contact(people["ada"])
    assert not any(k.startswith("Phone") for k in w.contact_page.details.values)  # the merge taken back
    _press(qtbot, w, REDO)
    assert "Dee Park" in _names(w)


def test_a_restart_keeps_a_delete_not_a_snooze_and_a_restore_from_backup_clears_it(qtbot, people, make_window):
    from desktop.services import today as today_service

    w = make_window()
    _delete_in_list(qtbot, w, "Cy Tan")
    today_service.snooze(f"owe:{people['ada']}", 7, TODAY)
    w.close()
    w2 = make_window()
    assert undo_text(w2) == "&Undo delete of Cy Tan"  # yesterday's delete can still be taken back
    _press(qtbot, w2, UNDO)
    assert "Cy Tan" in _names(w2)
    assert not w2.action_set["undoAction"].isEnabled()  # the snooze was not offered again
    _delete_in_list(qtbot, w2, "Ben Ode")
    backup.make_backup()
    assert w2.action_set["undoAction"].isEnabled()
    in_modal("restoreDialog", lambda d: d.findChild(QPushButton, "restoreButton").click())
    with qtbot.waitSignal(w2.events.data_reset, timeout=10000):
        w2.action_set["restoreAction"].trigger()
    assert undo_text(w2) == "&Undo" and not w2.action_set["undoAction"].isEnabled()
