"""Logging interactions, exchanges and introductions through the real forms, and editing
and deleting timeline entries; what is stored is read back from the timeline service."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.domain.contact import ContactData
from desktop.services import timeline
from desktop.services.contacts import add_contact
from desktop.storage.models import Exchange, Interaction
from desktop.ui.dialogs import (
    IntroductionDialog,
    LogExchangeDialog,
    LogInteractionDialog,
    delete_timeline_entry,
    edit_timeline_entry,
    log_exchange,
    timeline_entry_dialog,
)
from desktop.domain.money import MoneyError, parse_money
from desktop.ui.events import AppEvents

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def events():
    return AppEvents()


@pytest.fixture
def people(db):
    return {
        "alice": add_contact(ContactData(given_name="Alice", family_name="Martin")),
        "bob": add_contact(ContactData(given_name="Bob", family_name="Okafor")),
        "carlos": add_contact(ContactData(given_name="Carlos", family_name="García")),
    }


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pick(qtbot, picker, text):
    picker.setFocus()
    qtbot.keyClicks(picker.line_edit, text)
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)


def test_log_interaction_with_two_contacts(qtbot, people, events):
    dialog = show(qtbot, LogInteractionDialog(None, events))
    assert dialog.objectName() == "logInteractionDialog"
    assert dialog.focusWidget() is dialog.contacts.line_edit
    assert dialog.date.date().toPython() == dt.date.today()
    assert dialog.date.calendarPopup()
    pick(qtbot, dialog.contacts, "alice")
    pick(qtbot, dialog.contacts, "okafor")
    dialog.channel.setCurrentIndex(dialog.channel.findData("call"))
    qtbot.keyClicks(dialog.summary, "Catch-up call")
    with qtbot.waitSignal(events.timeline_changed) as signal:
        qtbot.keyClick(dialog.summary, Qt.Key_Return)  # Enter submits
    assert dialog.result() == LogInteractionDialog.Accepted
    assert sorted(signal.args[0]) == sorted([people["alice"], people["bob"]])
    entry = timeline.get_entry("interaction", dialog.entry_id)
    assert (entry.type, entry.summary, entry.on) == ("call", "Catch-up call", dt.date.today())
    assert sorted(c for c, _ in entry.contacts) == sorted([people["alice"], people["bob"]])


def test_no_contact_is_an_inline_error(qtbot, people, events):
    dialog = show(qtbot, LogInteractionDialog(None, events))
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "at least one contact" in dialog.errors_shown()["contacts"]
    qtbot.keyClicks(dialog.contacts.line_edit, "nobody like this")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "No contact picked" in dialog.errors_shown()["contacts"]
    assert dialog.focusWidget() is dialog.contacts.line_edit
    assert Interaction.select().count() == 0


def test_favour_from_the_keyboard_alone(qtbot, people, events):
    """A favour in a handful of keystrokes: name, Enter, Tab to kind, a letter, Enter."""
    start = time.monotonic()
    dialog = show(qtbot, LogExchangeDialog(None, events))
    assert dialog.objectName() == "logExchangeDialog"
    qtbot.keyClicks(dialog.contacts.line_edit, "bob")
    qtbot.keyClick(dialog.contacts.line_edit, Qt.Key_Return)
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "f")  # keyboard search in the combo
    assert dialog.kind.currentData() == "favour"
    assert dialog.weight.value() == 2
    with qtbot.waitSignal(events.timeline_changed):
        qtbot.keyClick(dialog.kind, Qt.Key_Return)
    assert time.monotonic() - start < 10
    row = Exchange.get_by_id(dialog.entry_id)
    assert (row.kind, row.direction, row.weight, row.status, row.money_cents) == ("favour", "given", 2, "done", None)


def test_invalid_money_shows_inline_error_and_stores_nothing(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events, [people["alice"]], "referral"))
    assert dialog.focusWidget() is dialog.kind  # contacts given: the next field has the cursor
    dialog.money.setFocus()
    qtbot.keyClicks(dialog.money, "12abc")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.isVisible()
    assert "not an amount" in dialog.errors_shown()["money"]
    assert dialog.money_error.isVisible()
    assert dialog.focusWidget() is dialog.money
    assert Exchange.select().count() == 0
    dialog.money.clear()
    qtbot.keyClicks(dialog.money, "1,200.50")
    assert not dialog.money_error.isVisible() or not dialog.money_error.text()
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert Exchange.get_by_id(dialog.entry_id).money_cents == 120050


def test_kind_change_refills_weight_and_statuses(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events, [people["alice"]], "introduction"))
    assert dialog.weight.value() == 3
    dialog.weight.setValue(5)
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "f")  # the person changes the kind
    assert dialog.kind.currentData() == "favour"
    assert dialog.weight.value() == 2
    assert "2" in dialog.weight_hint.text()
    dialog.set_kind("referral")
    assert dialog.weight.value() == 3
    statuses = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert statuses == ["done", "promised", "won", "lost"]
    dialog.status.setCurrentIndex(statuses.index("won"))
    assert dialog.third_party_label.text() == "&Person referred:"
    dialog.set_kind("advice")
    assert dialog.weight.value() == 1
    assert dialog.status.currentData() == "done"
    assert dialog.status.count() == 2
    dialog.set_kind("ask")
    assert dialog.gave.text() == "I &asked"


def test_referral_received_with_free_text_third_party(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events, [people["bob"]], "referral"))
    qtbot.mouseClick(dialog.received, Qt.LeftButton)
    assert dialog.received.isChecked() and not dialog.gave.isChecked()
    assert dialog.received.font().bold()
    dialog.third_party.setFocus()
    qtbot.keyClicks(dialog.third_party.line_edit, "Jane Outsider")
    dialog.status.setCurrentIndex(dialog.status.findData("promised"))
    qtbot.keyClicks(dialog.summary, "Sent me a client")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    entry = timeline.get_entry("exchange", dialog.entry_id)
    assert (entry.direction, entry.status, entry.third_party_id, entry.third_party_name) == (
        "received", "promised", None, "Jane Outsider",
    )  # fmt: skip


def test_referral_third_party_picked_from_contacts(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events, [people["bob"]], "referral"))
    pick(qtbot, dialog.third_party, "garc")
    assert dialog.third_party.line_edit.text() == "Carlos García"
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    entry = timeline.get_entry("exchange", dialog.entry_id)
    assert entry.third_party_id == people["carlos"]


def test_service_error_is_shown_not_swallowed(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events, [people["bob"]], "referral"))
    dialog.third_party.add_contact(people["bob"])  # the same person on both sides
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.isVisible()
    assert "third party" in dialog.errors_shown()["form"]
    assert Exchange.select().count() == 0


def test_introduction_logs_one_given_exchange_with_both(qtbot, people, events):
    dialog = show(qtbot, IntroductionDialog(None, events))
    assert dialog.objectName() == "introductionDialog"
    assert dialog.focusWidget() is dialog.a.line_edit
    pick(qtbot, dialog.a, "alice")
    pick(qtbot, dialog.b, "alice")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "two different" in dialog.errors_shown()["person_b"]
    dialog.b.line_edit.clear()
    dialog.b.clear()
    pick(qtbot, dialog.b, "carlos")
    dialog.why.setText("She needs a lawyer; he is one")
    with qtbot.waitSignal(events.timeline_changed):
        qtbot.keyClick(dialog.why, Qt.Key_Return)
    entry = timeline.get_entry("exchange", dialog.entry_id)
    assert (entry.type, entry.direction, entry.weight) == ("introduction", "given", 3)
    assert sorted(c for c, _ in entry.contacts) == sorted([people["alice"], people["carlos"]])
    assert entry.summary == "She needs a lawyer; he is one"


def test_edit_exchange_then_delete_it(qtbot, people, events):
    eid = timeline.log_exchange([people["alice"]], "favour", "given", dt.date(2026, 11, 1), money_cents=2500)
    dialog = show(qtbot, timeline_entry_dialog(None, events, "exchange", eid))
    assert dialog.windowTitle() == "Edit exchange"
    assert dialog.contacts.contact_ids() == [people["alice"]]
    assert dialog.money.text() == "25"
    assert dialog.weight.value() == 2
    assert dialog.date.date().toPython() == dt.date(2026, 11, 1)
    dialog.set_kind("advice")
    dialog.weight.setValue(4)
    pick(qtbot, dialog.contacts, "bob")
    with qtbot.waitSignal(events.timeline_changed) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert sorted(signal.args[0]) == sorted([people["alice"], people["bob"]])
    entry = timeline.get_entry("exchange", eid)
    assert (entry.type, entry.weight, entry.money_cents) == ("advice", 4, 2500)
    assert sorted(c for c, _ in entry.contacts) == sorted([people["alice"], people["bob"]])

    again = show(qtbot, timeline_entry_dialog(None, events, "exchange", eid))
    with qtbot.waitSignal(events.timeline_changed):
        qtbot.mouseClick(again.delete_button, Qt.LeftButton)
    assert again.deleted
    assert timeline.timeline(people["alice"]) == []


def test_edit_interaction_entry_point_and_delete_entry_point(qtbot, people, events):
    iid = timeline.log_interaction([people["bob"]], dt.date(2026, 11, 20), "meeting", summary="Lunch")

    def change():
        dialog = QApplication.activeModalWidget()
        assert dialog.objectName() == "logInteractionDialog"
        assert dialog.summary.text() == "Lunch"
        dialog.summary.setText("Long lunch")
        dialog.ok_button.click()

    QTimer.singleShot(0, change)
    assert edit_timeline_entry(None, events, "interaction", iid) is True
    assert timeline.get_entry("interaction", iid).summary == "Long lunch"
    with qtbot.waitSignal(events.timeline_changed):
        assert delete_timeline_entry(None, events, "interaction", iid) is True
    assert timeline.timeline(people["bob"]) == []


def test_log_exchange_entry_point_preselects_kind(qtbot, people, events):
    def accept():
        dialog = QApplication.activeModalWidget()
        assert dialog.kind.currentData() == "referral"
        assert dialog.contacts.contact_ids() == [people["carlos"]]
        dialog.ok_button.click()

    QTimer.singleShot(0, accept)
    eid = log_exchange(None, events, [people["carlos"]], kind="referral")
    assert Exchange.get_by_id(eid).kind == "referral"


@pytest.mark.parametrize(
    "text, cents",
    [("1,200.50", 120050), ("1200", 120000), ("1.200,50", 120050), ("€ 35", 3500), ("12,5", 1250), ("", None),
     ("1,000,000", 100000000), ("0.99", 99), ("$7", 700), ("35 EUR", 3500)],
)  # fmt: skip
def test_parse_money(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize("text", ["abc", "12abc", "1,2,3", "-5", "1.2.3.4", "1,20,00"])
def test_parse_money_refuses(text):
    with pytest.raises(MoneyError):
        parse_money(text)


def test_tab_order_of_the_exchange_form(qtbot, people, events):
    dialog = show(qtbot, LogExchangeDialog(None, events))
    dialog.activateWindow()
    seen = []
    for _ in range(13):
        widget = dialog.focusWidget()
        seen.append(widget.accessibleName())
        qtbot.keyClick(widget, Qt.Key_Tab)
    assert seen == ["Contacts", "Kind", "I gave", "Weight", "Status", "Date", "Third party", "Money value", "Summary",
                    "Notes", "Log exchange", "Cancel", "Contacts"]  # fmt: skip
    dialog.gave.setFocus()
    qtbot.keyClick(dialog.gave, Qt.Key_Right)  # the arrow keys switch the direction
    assert dialog.received.isChecked()
    assert dialog.direction_value() == "received"


def test_editing_an_entry_that_is_gone_explains_it(qtbot, people, events):
    assert edit_timeline_entry(None, events, "exchange", 9999) is False
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorMessage" and w.isVisible()]
    assert boxes and "9999" in boxes[-1].text()
    for box in boxes:
        box.close()
