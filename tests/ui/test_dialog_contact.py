"""The new/edit contact form, driven through its real widgets against a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop.domain.contact import ContactData, Email, Phone
from desktop.services.contacts import add_contact, count_contacts, load_record, update_fields
from desktop.ui.dialogs import ContactDialog, edit_contact, new_contact
from desktop.ui.events import AppEvents

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def events():
    return AppEvents()


def open_dialog(qtbot, events, contact_id=None, **kwargs) -> ContactDialog:
    dialog = ContactDialog(None, events, contact_id, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_new_contact_with_two_phones_one_removed(qtbot, db, events):
    dialog = open_dialog(qtbot, events)
    assert dialog.objectName() == "contactDialog"
    assert dialog.focusWidget() is dialog.given  # the first field has the cursor
    qtbot.keyClicks(dialog.given, "Ada")
    qtbot.keyClicks(dialog.family, "Lovelace")
    dialog.organization.setText("Analytical Engines Ltd")

    qtbot.mouseClick(dialog.phones.add_button, Qt.LeftButton)
    first = dialog.phones.rows[0]
    assert dialog.focusWidget() is first.first_edit()
    qtbot.keyClicks(first.first_edit(), "+44 20 7946 0000")
    qtbot.mouseClick(dialog.phones.add_button, Qt.LeftButton)
    second = dialog.phones.rows[1]
    qtbot.keyClicks(second.first_edit(), "+44 7700 900123")
    second.kind.setEditText("Boat")  # a custom label
    assert second.remove_button.accessibleName() == "Remove phone 2"
    qtbot.mouseClick(first.remove_button, Qt.LeftButton)
    assert len(dialog.phones.rows) == 1
    assert dialog.phones.rows[0].remove_button.accessibleName() == "Remove phone 1"

    qtbot.mouseClick(dialog.emails.add_button, Qt.LeftButton)
    qtbot.keyClicks(dialog.emails.rows[0].first_edit(), "ada@example.org")
    dialog.tags.setText("maths, engines, maths ")
    dialog.birthday.known.setChecked(True)
    dialog.birthday.year_unknown.setChecked(True)
    dialog.birthday.date.setDate(QDate(2000, 12, 10))
    dialog.circle.setCurrentIndex(dialog.circle.findData("close"))
    dialog.cadence.setValue(21)
    dialog.met_how.setText("Royal Society dinner")

    with qtbot.waitSignal(events.contacts_changed) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result() == ContactDialog.Accepted
    cid = dialog.contact_id
    assert signal.args == [[cid]]
    rec = load_record(cid)
    assert rec.data.display_name() == "Ada Lovelace"
    assert rec.data.phones == [Phone("+44 7700 900123", "Boat")]
    assert rec.data.emails == [Email("ada@example.org", "home")]
    assert rec.data.organization == "Analytical Engines Ltd"
    assert rec.data.birthday == "--12-10"
    assert rec.data.tags == ["engines", "maths"]
    assert (rec.circle, rec.cadence_days, rec.met_how) == ("close", 21, "Royal Society dinner")


def test_enter_submits_and_escape_cancels(qtbot, db, events):
    dialog = open_dialog(qtbot, events)
    dialog.given.setText("Zoë")  # non-ASCII: set directly
    qtbot.keyClick(dialog.given, Qt.Key_Return)
    assert dialog.result() == ContactDialog.Accepted
    assert load_record(dialog.contact_id).data.given_name == "Zoë"

    other = open_dialog(qtbot, events)
    other.given.setText("Never saved")
    qtbot.keyClick(other.given, Qt.Key_Escape)
    assert other.result() == ContactDialog.Rejected
    assert count_contacts() == 1


def test_no_name_shows_an_inline_error_and_stores_nothing(qtbot, db, events):
    dialog = open_dialog(qtbot, events)
    dialog.tabs.setCurrentIndex(2)
    dialog.notes.setPlainText("someone")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.isVisible()
    assert "name" in dialog.errors_shown()["name"]
    assert dialog.name_error.isVisible()
    assert dialog.tabs.currentIndex() == 0  # the field's tab is brought forward
    assert dialog.focusWidget() is dialog.given
    assert count_contacts() == 0
    qtbot.keyClicks(dialog.given, "Named")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.errors_shown() == {}
    assert count_contacts() == 1


def test_bad_email_and_phone_are_refused_with_focus_on_the_row(qtbot, db, events):
    dialog = open_dialog(qtbot, events)
    qtbot.keyClicks(dialog.given, "Bob")
    dialog.emails.add_row({"value": "bob at example"})
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "not an email address" in dialog.errors_shown()["emails"]
    assert dialog.focusWidget() is dialog.emails.rows[0].first_edit()
    dialog.emails.rows[0].first_edit().setText("bob@example.com")
    dialog.phones.add_row({"value": "call me"})
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "no digits" in dialog.errors_shown()["phones"]
    assert count_contacts() == 0


def test_edit_keeps_what_the_form_does_not_show(qtbot, db, events):
    data = ContactData(
        uid="urn:uuid:1234",
        given_name="Grace",
        family_name="Hopper",
        role="Admiral",
        phones=[Phone("+1 555 0100", "work", pref=True)],
        extra_lines=["X-CUSTOM:kept"],
        tags=["navy"],
    )
    cid = add_contact(data)
    update_fields(cid, circle="inner", priority=2, interests="COBOL")
    dialog = open_dialog(qtbot, events, cid)
    assert dialog.windowTitle() == "Edit Grace Hopper"
    assert dialog.given.text() == "Grace"
    assert dialog.display.text() == ""  # built from the name
    assert dialog.phones.rows[0].kind.kind() == "work"
    assert dialog.circle.currentData() == "inner"
    assert dialog.priority.currentData() == 2
    dialog.title_edit.setText("Rear admiral")
    dialog.display.setText("Amazing Grace")
    with qtbot.waitSignal(events.contacts_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    rec = load_record(cid)
    assert rec.data.full_name == "Amazing Grace"
    assert rec.data.title == "Rear admiral"
    assert rec.data.uid == "urn:uuid:1234"
    assert rec.data.role == "Admiral"
    assert rec.data.extra_lines == ["X-CUSTOM:kept"]
    assert rec.data.phones[0].pref is True
    assert (rec.circle, rec.priority, rec.interests) == ("inner", 2, "COBOL")


def test_photo_is_scaled_to_512_jpeg_and_can_be_cleared(qtbot, db, events, tmp_path):
    big = QImage(1600, 900, QImage.Format_ARGB32)
    big.fill(QColor(200, 30, 30, 128))
    path = tmp_path / "big.png"
    assert big.save(str(path))
    (tmp_path / "fake.jpg").write_text("not an image")
    answers = [str(tmp_path / "fake.jpg"), str(path)]
    dialog = open_dialog(qtbot, events, choose_photo_file=lambda parent: answers.pop(0))
    dialog.given.setText("Pic")
    qtbot.mouseClick(dialog.photo.choose_button, Qt.LeftButton)
    assert "not an image" in dialog.errors_shown()["photo"]
    qtbot.mouseClick(dialog.photo.choose_button, Qt.LeftButton)
    assert "photo" not in dialog.errors_shown()
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    photo = load_record(dialog.contact_id).data.photo
    assert photo.mime == "image/jpeg"
    image = QImage.fromData(photo.data)
    assert (image.width(), image.height()) == (512, 288)

    again = open_dialog(qtbot, events, dialog.contact_id)
    assert again.photo.clear_button.isEnabled()
    qtbot.mouseClick(again.photo.clear_button, Qt.LeftButton)
    qtbot.mouseClick(again.ok_button, Qt.LeftButton)
    assert load_record(dialog.contact_id).data.photo is None


def test_every_control_has_an_accessible_name_and_tooltip(qtbot, db, events):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    dialog = open_dialog(qtbot, events)
    dialog.phones.add_row()
    dialog.addresses.add_row()
    missing = []
    for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QAbstractButton):
        for w in dialog.findChildren(kind):
            if w.parent() is not None and type(w.parent()).__name__ in ("QComboBox", "QDateEdit", "QSpinBox"):
                continue  # the editor inside a combo or spin box
            if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
                continue
            if w.objectName() in ("ScrollLeftButton", "ScrollRightButton"):
                continue  # the tab bar's own scroll arrows
            if not w.accessibleName() or not w.toolTip():
                missing.append((type(w).__name__, w.objectName(), w.accessibleName()))
    assert missing == []


def test_entry_points_new_and_edit(qtbot, db, events):
    def fill_and_accept():
        dialog = QApplication.activeModalWidget()
        dialog.given.setText("Entry")
        dialog.family.setText("Point")
        dialog.ok_button.click()

    QTimer.singleShot(0, fill_and_accept)
    cid = new_contact(None, events)
    assert load_record(cid).data.display_name() == "Entry Point"

    def rename():
        dialog = QApplication.activeModalWidget()
        assert dialog.objectName() == "contactDialog"
        dialog.family.setText("Pointer")
        dialog.ok_button.click()

    QTimer.singleShot(0, rename)
    assert edit_contact(None, events, cid) is True
    assert load_record(cid).data.display_name() == "Entry Pointer"

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert new_contact(None, events) is None


def test_tags_offer_the_ones_in_use(qtbot, db, events):
    add_contact(ContactData(given_name="Tagged", tags=["Chamber", "golf"]))
    dialog = open_dialog(qtbot, events)
    dialog.tags.setText("client, ch")
    dialog.tags._completer.setCompletionPrefix("ch")
    assert dialog.tags._completer.currentCompletion() == "Chamber"
    dialog.tags._insert_tag("Chamber")
    assert dialog.tags.text() == "client, Chamber, "
    assert dialog.tags.tags() == ["client", "Chamber"]
