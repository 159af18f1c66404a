"""Archive (issue 10 item 6) and readable names (item 7), through the real window: Contact → Archive /
Unarchive, one undo step; "Show archived"; the status line saying why contacts are hidden; and a
contact with no name reading "Unnamed contact (added …)" in the list, the trash, Today, undo labels, the
window's dialogs and exports."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from desktop.domain.contact import ContactData, readable_name
from desktop.services import archive, contacts, exporting, trash, undo
from desktop.services.search import ListQuery, page
from desktop.storage.models import Contact
from desktop.ui.dialogs.trash_dialog import TrashDialog

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, size=(1280, 800), page="contacts") as make:
        yield make


def status(w) -> str:
    w.list_panel.counts()
    return w.findChild(QLabel, "contactCount").text()


def test_archive_the_contact_shown_then_undo(qtbot, window):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    w = window()
    assert status(w) == "3 contacts · 3 shown"
    w.open_contact(ids[0])
    action = w.action_set["archiveAction"]
    assert action in w.action_set.menus["contact"].actions() and action.icon().name() == "archive"
    assert action.text() == "&Archive" and action.isEnabled()
    action.trigger()
    assert Contact.get_by_id(ids[0]).archived
    qtbot.waitUntil(lambda: status(w) == "3 contacts · 2 shown · 1 archived")
    assert "Archived Ana Lima" in w.statusBar().currentMessage()
    assert action.text() == "Un&archive"  # the contact page still shows her
    # "Show archived" lists her, in italics with "archived" under her name.
    show = w.list_panel.findChild(QCheckBox, "showArchived")
    qtbot.mouseClick(show, Qt.LeftButton)
    qtbot.waitUntil(lambda: status(w) == "3 contacts · 3 shown")
    qtbot.mouseClick(show, Qt.LeftButton)
    # A search finds her anyway, and the status says what the search hides.
    w.list_panel.search_field.setText("an")
    qtbot.waitUntil(lambda: status(w).startswith("3 contacts · 1 shown"))
    assert status(w) == "3 contacts · 1 shown · 2 hidden by the search"
    w.list_panel.search_field.setText("")
    # One step of the one undo history.
    qtbot.waitUntil(lambda: w.history.can_undo())
    assert w.action_set["undoAction"].text() == "&Undo archive of Ana Lima"
    w.action_set["undoAction"].trigger()
    qtbot.waitUntil(lambda: not Contact.get_by_id(ids[0]).archived, timeout=10000)
    qtbot.waitUntil(lambda: status(w) == "3 contacts · 3 shown")


def test_archive_a_selection_of_several_through_the_bulk_actions(qtbot, window):
    from PySide6.QtCore import QItemSelectionModel

    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    w = window()
    view = w.list_panel.view
    model = w.list_panel.model
    for row in (0, 1):  # Ana and Ben, as a person Ctrl-clicks them
        view.selectionModel().select(model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    action = w.action_set["archiveAction"]
    w.archive.update_words()
    assert action.text() == "&Archive" and "the 2 selected contacts" in action.toolTip()
    names = [a.text() for a in w.action_set.menus["contact"].actions()]
    assert names.count("&Archive") == 1  # one entry for the shown contact and for a selection
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):  # the bulk action runs on a worker
        action.trigger()
    qtbot.waitUntil(lambda: [c.archived for c in Contact.select().order_by(Contact.id)] == [True, True, False],
                    timeout=10000)  # fmt: skip
    qtbot.waitUntil(lambda: status(w) == "3 contacts · 1 shown · 2 archived")
    assert w.list_panel.model.row_of(ids[2]) == 0 and w.list_panel.model.row_of(ids[0]) < 0  # Cy alone in the list
    qtbot.waitUntil(lambda: w.history.can_undo())
    w.action_set["undoAction"].trigger()  # one step for both
    qtbot.waitUntil(lambda: not any(c.archived for c in Contact.select()), timeout=10000)


def test_set_archived_for_many_is_one_step(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    assert archive.set_archived(ids[:2], True) == ids[:2]
    assert archive.set_archived(ids, True) == [ids[2]]  # only what changes
    steps = [(e.kind, e.label) for e in undo.entries_after(0)]
    assert steps == [("archive.set", "archive of 2 contacts"), ("archive.set", "archive of Cy Tan")]
    undo.undo(undo.entries_after(0)[0].id)
    assert [c.archived for c in Contact.select().order_by(Contact.id)] == [False, False, True]
    assert archive.set_archived(ids[2:], False) == [ids[2]]
    assert undo.entries_after(0)[-1].label == "unarchive of Cy Tan"


def test_the_status_says_what_filters_hide(qtbot, window):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode")])
    contacts.update_fields(ids[0], circle="inner")
    w = window()
    circle = w.list_panel.circle_filter
    circle.setCurrentIndex(circle.findData("inner"))
    qtbot.waitUntil(lambda: status(w) == "2 contacts · 1 shown · 1 hidden by the filters")


def test_a_nameless_contact_reads_as_unnamed_everywhere(qtbot, window, tmp_path):
    nameless = contacts.add_contact(ContactData(note="met at the bakery"))
    added = Contact.get_by_id(nameless).created_at
    name = readable_name("", added)
    assert name == f"Unnamed contact (added {added.day} {added.strftime('%b')})"
    contacts.add_contact(ContactData(full_name="Ada Lovelace"))
    contacts.add_contact(ContactData(emails=[], organization="Acme Ltd"))
    # The list: a real name, sorted under U, never first.
    rows = [r.name for r in page(ListQuery(), 0, 10)]
    assert rows == ["Acme Ltd", "Ada Lovelace", name]
    w = window()
    w.open_contact(nameless)
    assert w.contact_page.name_label.text() == name
    # Exports write a real FN.
    out = tmp_path / "all.vcf"
    exporting.export_contacts(out)
    assert f"FN:{name}" in out.read_text(encoding="utf-8") and "FN:\r\n" not in out.read_text(encoding="utf-8")
    # The trash and the undo label name it too, never "Contact 3".
    contacts.trash_contacts([nameless])
    assert [e.label for e in undo.entries_after(0)][-1] == f"delete of {name}"
    assert [i.label for i in trash.list_trash()] == [name]
    dialog = TrashDialog(w, w.events)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.trash_table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == name
