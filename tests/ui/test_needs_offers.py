"""Needs and offers in the window (issue 10): added with tags, edited and removed in the contact dialog
(saved with the contact as one undo step) and in the editor the contact page places (saved at once);
Today's introductions follow. Driven by typing and clicking in the real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.domain.contact import ContactData
from desktop.services import contacts, needs, undo
from desktop.ui import workers
from desktop.ui.dialogs.contact_dialog import ContactDialog
from desktop.ui.events import AppEvents
from desktop.ui.main_window import MainWindow
from desktop.ui.widgets.needs_offers_editor import NeedsOffersEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def pair(db):
    return contacts.insert_contacts([ContactData(full_name="Ana Lima"), ContactData(full_name="Ben Ode")])


def add(qtbot, editor: NeedsOffersEditor, kind: str, text: str, tags: str = "") -> None:
    editor.kind.setCurrentIndex(editor.kind.findData(kind))
    qtbot.keyClicks(editor.text_edit, text)
    if tags:
        qtbot.keyClicks(editor.tags_edit, tags)
    qtbot.mouseClick(editor.add_button, Qt.LeftButton)


def shown(editor: NeedsOffersEditor) -> list[tuple[str, str, str]]:
    return [(row.draft.kind, row.text_label.text(), row.tags_label.text()) for row in editor.rows()]


def test_the_contact_dialog_adds_edits_and_removes_them_and_saves_as_one_step(qtbot, pair):
    ana, _ = pair
    needs.add_offer(ana, "catering")
    dialog = ContactDialog(None, AppEvents(), ana)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(3)
    assert dialog.tabs.tabText(3) == "Needs && o&ffers"
    editor = dialog.findChild(NeedsOffersEditor, "needsOffersEditor")
    assert shown(editor) == [("offer", "catering", "")]
    add(qtbot, editor, "need", "a bookkeeper who knows start-ups", "finance, start-ups")
    assert shown(editor)[0] == ("need", "a bookkeeper who knows start-ups", "finance · start-ups")
    row = editor.rows()[1]
    qtbot.mouseClick(row.findChild(QPushButton, "editNeedOffer"), Qt.LeftButton)
    assert editor.add_button.text() == "Save" and editor.text_edit.text() == "catering"
    editor.text_edit.clear()
    qtbot.keyClicks(editor.text_edit, "catering for events")
    qtbot.keyClick(editor.text_edit, Qt.Key_Return)
    assert shown(editor)[1] == ("offer", "catering for events", "")
    add(qtbot, editor, "offer", "   ")  # no words: said, nothing added
    error = editor.findChild(QLabel, "error_needOffer")
    assert error.isVisible() and "needs a few words" in error.text()
    editor.text_edit.clear()
    assert needs.needs_offers(ana)[0].text == "catering"  # nothing saved before Save
    dialog._on_buttons_accepted()
    assert [(i.kind, i.text, i.tags) for i in needs.needs_offers(ana)] == [
        ("need", "a bookkeeper who knows start-ups", ("finance", "start-ups")),
        ("offer", "catering for events", ()),
    ]
    [step] = undo.entries_after(0)[-1:]
    assert step.kind == "needs.with_contact" and step.label == "edit of Ana Lima"


def test_removing_in_the_dialog(qtbot, pair):
    ana, _ = pair
    needs.add_need(ana, "a van")
    dialog = ContactDialog(None, AppEvents(), ana)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(3)
    editor = dialog.needs_editor
    qtbot.mouseClick(editor.rows()[0].findChild(QPushButton, "removeNeedOffer"), Qt.LeftButton)
    assert editor.rows() == []
    qtbot.waitUntil(lambda: editor.findChild(QLabel, "needsEmpty").isVisible())  # shown once laid out
    dialog._on_buttons_accepted()
    assert needs.needs_offers(ana) == []


def test_the_inline_editor_saves_at_once_and_todays_introductions_follow(qtbot, pair, db_path, tmp_path):
    ana, ben = pair
    needs.add_need(ana, "a bookkeeper")
    w = MainWindow(db_path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        w.show_page("today")
        today = w.page("today")
        qtbot.waitUntil(lambda: not today.loading and today.overview is not None, timeout=10000)
        assert today.item_refs() == []
        editor = NeedsOffersEditor(w.events)  # as the contact page places it
        qtbot.addWidget(editor)
        editor.set_contact(ben)
        editor.show()
        with qtbot.waitSignal(w.events.needs_changed) as signal:
            add(qtbot, editor, "offer", "bookkeeping and tax returns", "bookkeeping")
        assert signal.args == [[ben]]
        assert [(i.text, i.tags) for i in needs.needs_offers(ben)] == [("bookkeeping and tax returns", ("bookkeeping",))]
        qtbot.waitUntil(lambda: today.item_refs() == [f"intro:{ana}:{ben}"], timeout=10000)
        # The one undo history takes it back, and Today follows again.
        qtbot.waitUntil(lambda: w.history.can_undo())
        assert w.action_set["undoAction"].text().startswith("&Undo new offer of Ben Ode")
        w.action_set["undoAction"].trigger()
        qtbot.waitUntil(lambda: needs.needs_offers(ben) == [], timeout=10000)
        qtbot.waitUntil(lambda: today.item_refs() == [], timeout=10000)
    finally:
        w.close()
        workers.wait_for_all()
