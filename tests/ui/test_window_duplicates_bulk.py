"""The duplicates review, a merge of selected contacts and bulk actions in the real main window, read as
a person reads them: the review's groups, the list, the status line, Edit → Undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QRadioButton

from desktop.domain.contact import ContactData, Email, Phone
from desktop.services import contacts, duplicates, groups, timeline

from clicks import click_choice
from windows import in_modal, undo_text, windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


def person(full: str, **kw) -> int:
    given, _, family = full.partition(" ")
    return contacts.add_contact(ContactData(full_name=full, given_name=given, family_name=family, **kw), "US")


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, active=True, page="contacts", journal=True) as make:
        yield make


def names(w) -> list[str]:
    m = w.list_panel.model
    return sorted(m.index(r, 0).data() for r in range(m.rowCount()))


def undo(qtbot, w) -> None:
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.keyClick(w, Qt.Key_Z, Qt.ControlModifier)


def select(w, *names_: str) -> None:
    """Select these rows of the list, as Ctrl+click would."""
    m, sel = w.list_panel.model, w.list_panel.view.selectionModel()
    selection = QItemSelection()
    for r in range(m.rowCount()):
        if m.index(r, 0).data() in names_:
            selection.select(m.index(r, 0), m.index(r, 0))
    sel.select(selection, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)


@pytest.fixture
def network(db):
    bob = person("Bob Smith", organization="Acme", phones=[Phone("+1 212 555 0101")])
    robert = person("Robert Smith", organization="Acme Inc.", emails=[Email("robert@acme.example")])
    kate = person("Kate Jonson", organization="Globex")
    katherine = person("Katherine Johnson", organization="Globex")
    ada = person("Ada Lovelace")
    timeline.log_interaction([bob], TODAY, "meeting", summary="Coffee with Bob")
    return {"bob": bob, "robert": robert, "kate": kate, "katherine": katherine, "ada": ada}


def test_find_duplicates_merge_choosing_a_field_undo_it_then_dismiss_a_pair(qtbot, network, window):
    w = window()
    w.action_set["findDuplicatesAction"].trigger()
    d = w.duplicates.dialog
    qtbot.waitUntil(lambda: d.merge_button.isEnabled(), timeout=10000)
    assert d.title.text() == "Group 1 of 2: 94% likely the same person"
    assert d.comparison.keep_buttons[0].text() == "Bob Smith"
    click_choice(qtbot, d.findChild(QRadioButton, f"choice_organization_{network['robert']}"))
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.merge_button, Qt.LeftButton)
    assert d.status.words.text() == "Merged Bob Smith and Robert Smith" and d.status.undo_link.isVisible()
    assert d.title.text() == "Group 2 of 2: 83% likely the same person"
    qtbot.waitUntil(lambda: "Robert Smith" not in names(w), timeout=5000)
    assert names(w) == ["Ada Lovelace", "Bob Smith", "Kate Jonson", "Katherine Johnson"]
    merged = contacts.load_record(network["bob"])
    assert merged.data.organization == "Acme Inc." and [e.value for e in merged.data.emails] == ["robert@acme.example"]
    assert [e.summary for e in timeline.timeline(network["bob"])] == ["Coffee with Bob"]
    assert undo_text(w) == "&Undo merge of Bob Smith and Robert Smith"

    with qtbot.waitSignal(d.loaded, timeout=10000):  # the review reads its groups again after the undo
        undo(qtbot, w)
    qtbot.waitUntil(lambda: "Robert Smith" in names(w), timeout=5000)
    assert names(w) == ["Ada Lovelace", "Bob Smith", "Kate Jonson", "Katherine Johnson", "Robert Smith"]
    assert contacts.load_record(network["bob"]).data.organization == "Acme"
    assert w.statusBar().currentMessage() == "Undid merge of Bob Smith and Robert Smith."
    assert d.title.text() == "Group 1 of 2: 94% likely the same person"  # the merge taken back is a group again

    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.skip_button, Qt.LeftButton)
    assert d.title.text().startswith("Group 2 of 2") and "Kate is short for Katherine" in d.reasons.text()
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.dismiss_button, Qt.LeftButton)
    assert d.status.words.text() == "Kate Jonson and Katherine Johnson: not duplicates, not suggested again"
    assert d.title.text() == "That was the last group."
    assert duplicates.dismissed_pairs() == [(network["kate"], network["katherine"])]
    assert undo_text(w) == "&Undo “not duplicates” for Kate Jonson and Katherine Johnson"
    d.close()
    qtbot.waitUntil(lambda: w.duplicates.dialog is None, timeout=2000)
    w.action_set["findDuplicatesAction"].trigger()
    d2 = w.duplicates.dialog
    qtbot.waitUntil(lambda: d2.merge_button.isEnabled(), timeout=10000)
    assert d2.title.text() == "Group 1 of 1: 94% likely the same person"  # the pair dismissed stays away


def test_merge_selected_from_the_list_is_one_step(qtbot, network, window):
    w = window()
    select(w, "Ada Lovelace", "Kate Jonson")
    assert w.action_set["mergeSelectedAction"].isEnabled()

    def merge(dialog):
        qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=10000)
        click_choice(qtbot, dialog.findChild(QRadioButton, f"keep_{network['kate']}"))
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)

    in_modal("mergeDialog", merge)
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        w.action_set["mergeSelectedAction"].trigger()
    qtbot.waitUntil(lambda: names(w) == ["Bob Smith", "Kate Jonson", "Katherine Johnson", "Robert Smith"], timeout=5000)
    assert w.bulk.note.words.text() == "Merged Kate Jonson and Ada Lovelace"
    assert undo_text(w) == "&Undo merge of Kate Jonson and Ada Lovelace"
    undo(qtbot, w)
    qtbot.waitUntil(lambda: names(w) == ["Ada Lovelace", "Bob Smith", "Kate Jonson", "Katherine Johnson", "Robert Smith"],
                    timeout=5000)  # fmt: skip


def test_two_bulk_actions_said_in_the_status_line_and_undone(qtbot, network, window):
    w = window()
    gid = groups.create_group("BNI Downtown")
    w.events.groups_changed.emit()
    select(w, "Ada Lovelace", "Bob Smith", "Kate Jonson")

    def tag(dialog):
        dialog.combo.setEditText("clients")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)

    in_modal("addTagDialog", tag)
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        w.action_set["addTagAction"].trigger()
    assert w.bulk.note.words.text() == "Tagged 3 contacts 'clients'" and w.bulk.note.undo_link.isVisible()
    assert undo_text(w) == "&Undo tagging 3 contacts 'clients'"
    w.list_panel.search_field.setText("clients")
    qtbot.waitUntil(lambda: names(w) == ["Ada Lovelace", "Bob Smith", "Kate Jonson"], timeout=5000)

    w.list_panel.view.selectAll()

    def group(dialog):
        dialog.combo.setCurrentIndex(dialog.combo.findText("BNI Downtown"))
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)

    in_modal("groupChoiceDialog", group)
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        w.action_set["addToGroupAction"].trigger()
    assert w.bulk.note.words.text() == "Added 3 contacts to BNI Downtown"
    assert sorted(groups.get_group(gid).member_ids) == sorted([network["ada"], network["bob"], network["kate"]])
    assert undo_text(w) == "&Undo adding 3 contacts to BNI Downtown"

    with qtbot.waitSignal(w.history.applied, timeout=10000):  # the status line's Undo link
        qtbot.mouseClick(w.bulk.note.undo_link, Qt.LeftButton)
    assert groups.get_group(gid).member_ids == []
    assert w.statusBar().currentMessage() == "Undid adding 3 contacts to BNI Downtown."
    undo(qtbot, w)
    assert w.statusBar().currentMessage() == "Undid tagging 3 contacts 'clients'."
    assert not w.bulk.note.isVisible()  # an undo says so itself: the note of what it took back goes
    qtbot.waitUntil(lambda: names(w) == [], timeout=5000)  # nobody is tagged "clients" any more
    assert undo_text(w) == "&Undo new group BNI Downtown"  # what came before the two (a new group is a step)


def test_a_bulk_move_to_the_trash_says_so_with_its_undo(qtbot, network, window):
    w = window()
    select(w, "Ada Lovelace", "Kate Jonson")
    w.list_panel.view.setFocus()
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):
        qtbot.keyClick(w.list_panel.view, Qt.Key_Delete)
    assert names(w) == ["Bob Smith", "Katherine Johnson", "Robert Smith"]
    assert w.bulk.note.words.text() == "Moved 2 contacts to the trash" and w.bulk.note.undo_link.isVisible()
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.mouseClick(w.bulk.note.undo_link, Qt.LeftButton)
    assert names(w) == ["Ada Lovelace", "Bob Smith", "Kate Jonson", "Katherine Johnson", "Robert Smith"]
