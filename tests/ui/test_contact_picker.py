"""The type-ahead contact picker, driven by the keyboard through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.widgets.contact_picker import ContactPicker, ListContactSource, ServiceContactSource

# The offscreen platform warns that it cannot resize, raise or grab: harmless here.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = [(1, "Alice Martin", "Martin Marketing"), (2, "Alan Turing", ""), (3, "Zoë Ødegård", "Fjord Bakery")]


def type_text(widget, text: str) -> None:
    """Type any text, accents included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyPress, Qt.Key_unknown, Qt.NoModifier, ch))


def make(qtbot, **kwargs) -> ContactPicker:
    picker = ContactPicker(source=ListContactSource(PEOPLE), **kwargs)
    qtbot.addWidget(picker)
    picker.show()
    picker.line_edit.setFocus()
    return picker


def test_enter_picks_first_match_and_clears_the_line(qtbot):
    picker = make(qtbot)
    qtbot.keyClicks(picker.line_edit, "ali")
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)
    assert picker.contact_ids() == [1]
    assert picker.chip_names() == ["Alice Martin"]
    assert picker.line_edit.text() == ""


def test_accented_name_found_without_accents_and_chosen_ones_are_not_suggested_again(qtbot):
    picker = make(qtbot)
    qtbot.keyClicks(picker.line_edit, "odeg")
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)
    assert picker.contact_ids() == [3]
    type_text(picker.line_edit, "Zoë")
    assert picker._refresh_suggestions() == []  # already picked


def test_enter_on_an_empty_line_is_left_for_the_dialog(qtbot):
    picker = make(qtbot)
    event = QKeyEvent(QEvent.KeyPress, Qt.Key_Return, Qt.NoModifier)
    QApplication.sendEvent(picker.line_edit, event)
    assert not event.isAccepted()  # goes on to the dialog's default button


def test_backspace_in_empty_line_removes_last_and_chip_click_removes(qtbot):
    picker = make(qtbot)
    picker.set_contact_ids([1, 2, 3])
    assert picker.chip_names() == ["Alice Martin", "Alan Turing", "Zoë Ødegård"]
    qtbot.keyClick(picker.line_edit, Qt.Key_Backspace)
    assert picker.contact_ids() == [1, 2]
    chip = picker.findChild(type(picker._chips.children()[-1]), "chip_1")
    qtbot.mouseClick(chip, Qt.LeftButton)
    assert picker.contact_ids() == [2]


def test_down_then_enter_picks_the_highlighted_suggestion(qtbot):
    picker = make(qtbot)
    qtbot.keyClicks(picker.line_edit, "al")
    rows = picker._refresh_suggestions()
    assert [r.name for r in rows] == ["Alice Martin", "Alan Turing"]
    picker._completer.popup().hide()  # the offscreen platform may not show it; Down works either way
    qtbot.keyClick(picker.line_edit, Qt.Key_Down)
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)
    assert picker.contact_ids() == [2]


def test_single_with_free_text_keeps_a_name_that_is_no_contact(qtbot):
    picker = make(qtbot, multiple=False, allow_free_text=True)
    qtbot.keyClicks(picker.line_edit, "Jane Nobody")
    event = QKeyEvent(QEvent.KeyPress, Qt.Key_Return, Qt.NoModifier)
    QApplication.sendEvent(picker.line_edit, event)
    assert not event.isAccepted()
    assert picker.contact_id() is None
    assert picker.free_text() == "Jane Nobody"
    assert picker.pending_text() == "Jane Nobody"


def test_single_pick_then_typing_forgets_the_contact(qtbot):
    picker = make(qtbot, multiple=False, allow_free_text=True)
    qtbot.keyClicks(picker.line_edit, "turing")
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)
    assert picker.contact_id() == 2
    assert picker.line_edit.text() == "Alan Turing"
    assert picker.free_text() == ""
    qtbot.keyClicks(picker.line_edit, "x")
    assert picker.contact_id() is None
    assert picker.free_text() == "Alan Turingx"


def test_single_without_free_text_refuses_enter_on_no_match(qtbot):
    picker = make(qtbot, multiple=False)
    qtbot.keyClicks(picker.line_edit, "qqq")
    event = QKeyEvent(QEvent.KeyPress, Qt.Key_Return, Qt.NoModifier)
    QApplication.sendEvent(picker.line_edit, event)
    assert event.isAccepted()  # nothing to pick: the dialog is not submitted with a half-typed name
    assert picker.contact_id() is None


def test_accessible_names_and_tooltips(qtbot):
    picker = make(qtbot, accessible_name="With")
    assert picker.line_edit.accessibleName() == "With"
    assert picker.line_edit.toolTip()
    picker.set_contact_ids([1])
    chip = picker.findChild(type(picker._chips.children()[-1]), "chip_1")
    assert chip.accessibleName() == "Remove Alice Martin"
    assert chip.toolTip()


@pytest.fixture
def stored_people(db):
    from desktop.domain.contact import ContactData
    from desktop.services.contacts import add_contact

    return {
        "garcia": add_contact(ContactData(given_name="Carlos", family_name="García", organization="García & Hijos")),
        "muller": add_contact(ContactData(given_name="Anna", family_name="Müller")),
    }


def test_service_source_searches_the_database(qtbot, stored_people):
    picker = ContactPicker()
    qtbot.addWidget(picker)
    assert isinstance(picker.source, ServiceContactSource)
    picker.show()
    picker.line_edit.setFocus()
    qtbot.keyClicks(picker.line_edit, "garcia")
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)
    assert picker.contact_ids() == [stored_people["garcia"]]
    assert picker.chip_names() == ["Carlos García"]
    assert picker.source.name(stored_people["muller"]) == "Anna Müller"
