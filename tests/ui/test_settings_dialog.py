"""Edit → Settings… (issue 10): pages on the left, each setting with a one-line explanation, stored in the
database and applied at once (the meter, Today's check-ins, the theme), and a page another feature
registers. Driven through the real window and the real dialog's controls."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QRadioButton, QSpinBox

from desktop.domain.contact import ContactData
from desktop.services import circles, contacts, settings, timeline
from desktop.ui import style
from desktop.ui.dialogs import settings_dialog
from desktop.ui.dialogs.settings_dialog import SettingsDialog, register_page
from desktop.ui.style.audit import clipped
from desktop.ui.text import plain_label

from clicks import click_choice
from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, size=(1280, 800)) as make:
        yield make()


def type_into(qtbot, box: QSpinBox, value: int) -> None:
    """Select what the box holds and type a new value, then Enter, as a person does."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(value))
    qtbot.keyClick(box, Qt.Key_Return)


def open_and(qtbot, window, act) -> None:
    """Edit → Settings… (modal): ``act(dialog)`` runs while it is open, then it is closed."""
    seen = []

    def on_open():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            dialog.accept()

    QTimer.singleShot(0, on_open)
    window.action_set["settingsAction"].trigger()
    assert seen and seen[0].objectName() == "settingsDialog"


def test_the_action_sits_in_edit_with_the_platforms_shortcut(window):
    action = window.action_set["settingsAction"]
    assert action in window.action_set.menus["edit"].actions()
    assert action.text() == "&Settings…" and action.icon().name() == "settings"
    assert action.shortcut() == QKeySequence(QKeySequence.Preferences)


def test_pages_on_the_left_each_setting_explained(qtbot, window):
    def check(dialog):
        pages = dialog.findChild(QListWidget, "settingsPages")
        titles = [pages.item(i).text() for i in range(pages.count())]
        assert titles[:5] == ["Give and take", "Keep in touch", "Contacts", "Trash and backups", "Appearance"]
        for row in range(pages.count()):
            pages.setCurrentRow(row)
            page = dialog.stack.currentWidget()
            assert page.isVisible()
            for field in page.findChildren(QSpinBox) + page.findChildren(QLineEdit):
                if field.objectName() in ("", "qt_spinbox_lineedit"):
                    continue
                name = "weights" if field.objectName().startswith("weight_") else field.objectName()
                explanation = page.findChild(QLabel, f"{name}Explanation")
                assert explanation is not None and explanation.isVisible(), field.objectName()
                assert field.toolTip() == explanation.text()
            qtbot.waitUntil(lambda: clipped(dialog) == [])

    open_and(qtbot, window, check)


def test_the_half_life_applies_at_once_to_the_meter_shown(qtbot, window):
    ana = contacts.add_contact(ContactData(full_name="Ana Lima"))
    timeline.log_exchange([ana], "referral", "given", TODAY - dt.timedelta(days=180), weight=4)
    window.open_contact(ana)
    meter = window.contact_page.meter
    qtbot.waitUntil(lambda: meter.given_label.text() == "You gave 2")

    def change(dialog):
        type_into(qtbot, dialog.findChild(QSpinBox, "halfLife"), 90)

    open_and(qtbot, window, change)
    assert settings.half_life_days() == 90
    qtbot.waitUntil(lambda: meter.given_label.text() == "You gave 1")  # 4 · ½ · ½
    assert "halves every 90 days" in meter.toolTip()


def test_a_circles_cadence_brings_check_ins_to_today(qtbot, window):
    ana = contacts.add_contact(ContactData(full_name="Ana Lima"))
    circles.set_circle(ana, "close")
    timeline.log_interaction([ana], TODAY - dt.timedelta(days=20), "call")
    window.show_page("today")
    today = window.page("today")
    qtbot.waitUntil(lambda: not today.loading and today.overview is not None, timeout=10000)
    assert today.item_refs() == []

    def change(dialog):
        dialog.show_page("keep")
        type_into(qtbot, dialog.findChild(QSpinBox, "cadence_close"), 14)

    open_and(qtbot, window, change)
    assert settings.circle_cadences()["close"] == 14
    qtbot.waitUntil(lambda: today.item_refs() == [f"check_in:{ana}"], timeout=10000)


def test_a_wrong_region_is_explained_under_the_field(qtbot, window):
    def change(dialog):
        dialog.show_page("contacts")
        field = dialog.findChild(QLineEdit, "phoneRegion")
        field.setFocus()
        qtbot.keyClicks(field, "G1")
        qtbot.keyClick(field, Qt.Key_Return)
        error = dialog.findChild(QLabel, "error_phoneRegion")
        assert error.isVisible() and "two letters" in error.text()
        field.clear()
        qtbot.keyClicks(field, "gb")
        qtbot.keyClick(field, Qt.Key_Return)
        assert not error.isVisible()

    open_and(qtbot, window, change)
    assert settings.get_setting("phone_region") == "GB"


def test_the_theme_changes_at_once_and_is_kept(qtbot, window):
    app = QApplication.instance()
    before = style.current_mode()
    try:
        def change(dialog):
            dialog.show_page("appearance")
            dark = dialog.findChild(QRadioButton, "theme_dark")
            click_choice(qtbot, dark)
            assert style.colors.is_dark(app.palette())

        open_and(qtbot, window, change)
        assert settings.theme() == "dark"
    finally:
        style.apply_theme(app, before)


def test_backups_trash_and_weights_are_stored(qtbot, window, tmp_path):
    def change(dialog):
        dialog.show_page("backups")
        type_into(qtbot, dialog.findChild(QSpinBox, "trashDays"), 45)
        type_into(qtbot, dialog.findChild(QSpinBox, "backupDaily"), 3)
        type_into(qtbot, dialog.findChild(QSpinBox, "backupWeekly"), 2)
        folder = dialog.findChild(QLineEdit, "backupFolder")
        folder.setFocus()
        qtbot.keyClicks(folder, str(tmp_path / "elsewhere"))
        qtbot.keyClick(folder, Qt.Key_Return)
        dialog.show_page("give")
        type_into(qtbot, dialog.findChild(QSpinBox, "weight_favour"), 4)

    open_and(qtbot, window, change)
    assert settings.trash_keep_days() == 45 and settings.backup_retention() == (3, 2)
    assert settings.backup_folder_setting() == str((tmp_path / "elsewhere").resolve())
    assert settings.usual_weight("favour") == 4


def test_another_feature_adds_a_page(qtbot, db, monkeypatch):
    monkeypatch.setattr(settings_dialog, "_PAGES", dict(settings_dialog._PAGES))
    register_page("accounts", "Accounts", "link", lambda dialog: plain_label("CardDAV accounts go here"))
    dialog = SettingsDialog(None, None, page="accounts")
    qtbot.addWidget(dialog)
    dialog.show()
    pages = dialog.findChild(QListWidget, "settingsPages")
    assert pages.item(pages.count() - 1).text() == "Accounts" and pages.currentRow() == pages.count() - 1
    assert dialog.stack.currentWidget().text() == "CardDAV accounts go here"
