"""Every dialog on the design system: nothing cramped or clipped at 100%, 125% and 150% (and with a
larger font), no label that reads data as rich text, the app's icons on OK/Cancel and on every menu
entry; and the fixes issue 12 asked for in the New contact, Restore and import dialogs."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from desktop.ui import icons
from desktop.ui.style.audit import clipped

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)
HOSTILE = "<b>Bold</b> <i>it</i><script>x</script>"
# What the catalogue in desktop/ui/screenshots/ must go on covering.
DIALOGS = {
    "dialog-contact-main", "dialog-contact-more", "dialog-contact-personal", "dialog-new-contact",
    "dialog-log-interaction", "dialog-log-exchange", "dialog-edit-exchange", "dialog-introduction",
    "dialog-group-new", "dialog-group-edit", "dialog-event", "dialog-export", "dialog-import-progress",
    "dialog-import-summary", "dialog-restore", "dialog-trash", "dialog-about", "dialog-error",
    "dialog-contact-needs", "dialog-import-summary-good", "dialog-import-summary-cancelled", "dialog-settings-give",
    "dialog-settings-keep", "dialog-settings-contacts", "dialog-settings-backups", "dialog-settings-appearance",
    "dialog-accounts", "dialog-settings-accounts", "dialog-add-account-error", "dialog-add-account-certificate",
    "dialog-conflicts",
}  # fmt: skip


@pytest.mark.parametrize("scale", ["1.0", "1.25", "1.5"])
def test_no_page_or_dialog_is_cramped_or_clipped_at_each_scale(scale):
    """A process of its own per scale (Qt reads QT_SCALE_FACTOR once): every page and dialog, light and
    dark, laid out at its default size and checked by style.audit."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
    proc = subprocess.run([sys.executable, "-m", "desktop.ui.screenshots", "-", "--scale", scale, "--audit-only"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    pct = round(float(scale) * 100)
    assert set(found) == {f"light-{pct}", f"dark-{pct}"}
    for result in found.values():
        assert DIALOGS <= set(result["checked"])
        assert result["problems"] == {}


@pytest.fixture
def sample_window(qtbot, db, db_path, tmp_path):
    from desktop.domain.contact import ContactData
    from desktop.services.contacts import add_contact
    from desktop.services.sample import create_sample_network
    from desktop.ui.main_window import MainWindow

    create_sample_network(today=TODAY)
    from desktop.services.timeline import log_exchange

    hostile = add_contact(ContactData(full_name=HOSTILE, given_name=HOSTILE, organization=HOSTILE))
    log_exchange([hostile], "referral", "given", TODAY, summary=HOSTILE, notes=HOSTILE, third_party_name=HOSTILE)
    w = MainWindow(db_path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_page("contacts")
    w.list_panel.select_contact(1)
    yield w, hostile
    w.close()
    from desktop.ui import workers

    workers.wait_for_all()


def _each_dialog(w, tmp_path):
    from desktop.ui.screenshots import _dialogs

    for name, show in _dialogs(w, tmp_path):
        widget = show()
        widget.show()
        QApplication.processEvents()
        yield name, widget
        widget.close()
        widget.deleteLater()


def test_dialogs_fit_with_a_one_and_a_half_times_larger_font(sample_window, tmp_path):
    """Text scaling without screen scaling (a larger system font): the layouts make room for it."""
    w, _ = sample_window
    app = QApplication.instance()
    font = QFont(app.font())
    size = font.pointSizeF()
    font.setPointSizeF(size * 1.5)
    app.setFont(font)
    try:
        problems = {}
        seen = []
        for name, dialog in _each_dialog(w, tmp_path):
            seen.append(name)
            assert dialog.font().pointSizeF() == pytest.approx(size * 1.5)
            if found := clipped(dialog):
                problems[name] = found
        assert DIALOGS <= set(seen)
        assert problems == {}
    finally:
        font.setPointSizeF(size)
        app.setFont(font)


def _rich(text: str) -> bool:
    return HOSTILE in text and GuiQt.mightBeRichText(text)


def test_no_dialog_shows_a_contacts_text_as_rich_text(sample_window, tmp_path):
    w, hostile = sample_window
    w.list_panel.search_field.setText("bold")
    assert w.list_panel.select_contact(hostile) or w.contact_page.show_contact(hostile)
    problems, shown_in = [], set()
    for name, dialog in _each_dialog(w, tmp_path):
        texts = [getattr(x, "text", lambda: "")() for x in dialog.findChildren(QWidget)]
        texts += [x.accessibleName() for x in dialog.findChildren(QWidget)] + [dialog.windowTitle()]
        if any(HOSTILE in t for t in texts if isinstance(t, str)):
            shown_in.add(name)
        for label in dialog.findChildren(QLabel):
            if label.textFormat() != Qt.PlainText and _rich(label.text()):
                problems.append(f"{name}: label {label.objectName()}: {label.text()[:40]!r}")
        for widget in [dialog, *dialog.findChildren(QWidget)]:
            if _rich(widget.toolTip()):
                problems.append(f"{name}: tooltip of {widget.objectName() or type(widget).__name__}")
    # The hostile text really was in them: names in fields and chips, the summary of the exchange...
    assert {"dialog-contact-main", "dialog-log-exchange", "dialog-edit-exchange", "dialog-introduction"} <= shown_in
    assert problems == []


def test_a_message_box_shows_its_informative_text_as_plain_text(qtbot):
    from desktop.ui.style import message_box

    box = message_box(None, QMessageBox.Warning, "Title", HOSTILE, informative=HOSTILE)
    qtbot.addWidget(box)
    labels = [lab for lab in box.findChildren(QLabel) if lab.text() == HOSTILE]
    assert len(labels) == 2 and all(lab.textFormat() == Qt.PlainText for lab in labels)


def _calls(tree: ast.AST, name: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == name:
                yield node


def test_the_code_makes_labels_and_message_boxes_through_the_helpers():
    """No label is made with its text outside desktop/ui/text.py, no QMessageBox outside style.buttons,
    and nothing asks for rich text but text.py's emphasised_label (built from escaped pieces)."""
    found = []
    for path in sorted((ROOT / "desktop" / "ui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _calls(tree, "QLabel"):
            if node.args and rel != "desktop/ui/text.py":
                found.append(f"{rel}:{node.lineno}: QLabel(...) with text: use desktop.ui.text")
        for node in _calls(tree, "QMessageBox"):
            if rel != "desktop/ui/style/buttons.py":
                found.append(f"{rel}:{node.lineno}: QMessageBox(...): use style.message_box")
        for node in _calls(tree, "setTextFormat"):
            arg = ast.unparse(node.args[0]) if node.args else ""
            if "PlainText" not in arg and rel != "desktop/ui/text.py":
                found.append(f"{rel}:{node.lineno}: setTextFormat({arg})")
    assert found == []


def test_ok_cancel_and_every_dialog_button_carry_the_apps_icons(sample_window, tmp_path):
    w, _ = sample_window
    ours = icons.names()
    problems = []
    boxes = 0
    for name, dialog in _each_dialog(w, tmp_path):
        for box in dialog.findChildren(QDialogButtonBox) + ([dialog] if isinstance(dialog, QMessageBox) else []):
            boxes += 1
            for button in box.buttons():
                if button.icon().isNull() or button.icon().name() not in ours:
                    problems.append(f"{name}: {button.text()!r} has {button.icon().name() or 'no'} icon")
    assert boxes >= len(DIALOGS) - 1  # the import progress panel has a box too; the about dialog one
    assert problems == []
    from desktop.ui.dialogs import LogExchangeDialog
    from samples import PEOPLE
    from desktop.ui.widgets.contact_picker import ListContactSource

    d = LogExchangeDialog(None, None, [1], source=ListContactSource(PEOPLE))
    assert d.ok_button.icon().name() == "done"
    assert d.buttons.button(QDialogButtonBox.Cancel).icon().name() == "close"
    d.deleteLater()


def test_every_menu_entry_and_button_in_the_window_has_an_app_icon(sample_window):
    w, _ = sample_window
    ours = icons.names()
    missing = []
    for menu_action in w.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.isSeparator() and action.icon().name() not in ours:
                missing.append(f"menu {menu_action.text()} → {action.text()}")
    for button in w.findChildren(QAbstractButton):
        if button.text() and button.isVisibleTo(w) and button.icon().name() not in ours:
            missing.append(f"button {button.objectName()}: {button.text()}")
    assert missing == []


# --- the faults issue 12 listed --------------------------------------------------------------------


def test_new_contact_puts_name_organisation_phones_and_emails_on_the_first_tab(qtbot, db):
    from desktop.ui.dialogs import ContactDialog

    dialog = ContactDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    first = dialog.tabs.widget(0)
    for field in (dialog.given, dialog.family, dialog.organization, dialog.title_edit, dialog.phones, dialog.emails):
        assert first.isAncestorOf(field), field.objectName()
    assert dialog.tabs.currentIndex() == 0 and dialog.focusWidget() is dialog.given
    qtbot.mouseClick(dialog.phones.add_button, Qt.LeftButton)
    assert dialog.focusWidget() is dialog.phones.rows[0].first_edit()  # typed on the first tab, no switching


def test_the_keep_in_touch_fields_line_up_and_say_what_the_circle_means(qtbot, db):
    from desktop.ui.dialogs import ContactDialog

    dialog = ContactDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    page = dialog.tabs.widget(2)
    [form] = page.findChildren(QFormLayout)
    fields = (dialog.birthday, dialog.notes, dialog.circle, dialog.cadence, dialog.priority)
    lefts = {f.mapTo(page, f.rect().topLeft()).x() for f in fields}
    assert len(lefts) == 1  # one column of fields: nothing misaligned
    for field in (dialog.circle, dialog.priority):
        label = form.labelForField(field)
        # beside its field, on the same line (a wrapped form put "Check in every:" above its box)
        assert abs(label.geometry().center().y() - field.geometry().center().y()) <= 2 and label.x() < field.x()
    dialog.circle.setCurrentIndex(dialog.circle.findData("close"))
    dialog.cadence.setValue(0)
    assert dialog.cadence.text() == "As the circle: every 30 days"
    dialog.circle.setCurrentIndex(dialog.circle.findData(""))
    assert dialog.cadence.text() == "As the circle: no check-ins"
    assert clipped(dialog) == []


def test_the_import_file_picker_opens_in_a_folder_that_exists(qtbot, db, monkeypatch):
    from desktop.ui.dialogs import import_vcards

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: (asked.append(a[2]), ([], ""))[1]))
    assert import_vcards(None, None) is None
    assert asked and Path(asked[0]).is_dir()  # a missing "Documents" was put in the name box


def test_the_restore_dialog_counts_each_backups_contacts_on_one_line(qtbot, db, db_path):
    from desktop.domain.contact import ContactData
    from desktop.services import backup
    from desktop.services.contacts import add_contact
    from desktop.ui.trust import RestoreDialog

    add_contact(ContactData(full_name="One"))
    backup.make_backup()
    add_contact(ContactData(full_name="Two"))
    add_contact(ContactData(full_name="Three"))
    backup.make_backup("before-import")
    dialog = RestoreDialog(None, db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    assert model.headerData(3, Qt.Horizontal) == "Contacts"
    assert [model.index(r, 3).data() for r in range(model.rowCount())] == ["3", "1"]
    date = model.index(0, 0).data()
    table = dialog.table
    assert not table.wordWrap()
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(date)  # the date fits on its line
    assert clipped(dialog) == []
    assert isinstance(dialog, QDialog)
