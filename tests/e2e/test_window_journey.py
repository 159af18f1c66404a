"""A person's first day, end to end through the real window: import their phone through the menu,
find someone in a keystroke, log a favour given and a referral received, watch the meter and the
timeline change, quit, reopen the same database and find it all still there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QLabel, QLineEdit, QPushButton, QWidget

from desktop.app import build_window
from desktop.storage.db import close_database
from desktop.ui.models.timeline_model import KIND_ROLE

PHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana-1\r\nN:García;Ana;;;\r\nFN:Ana García\r\nORG:Garcia Bakery\r\n"
    "TEL;TYPE=CELL:(555) 123-4567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "TEL;CELL:+49 30 1234567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nN:Okafor;Ben;;;\r\nEMAIL:ben@example.com\r\nEND:VCARD\r\n"
)


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """build_window uses the default QSettings: point it at a temporary folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setDefaultFormat(QSettings.NativeFormat)


def open_window(qtbot, db_path):
    window = build_window(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_names(window) -> list[str]:
    view = window.findChild(QAbstractItemView, "contactList")
    model = view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def find_and_open(qtbot, window, query: str, expected: str) -> None:
    search = window.findChild(QLineEdit, "searchField")
    window.findChild(QAction, "findAction").trigger()  # Ctrl+F
    assert window.focusWidget() is search
    qtbot.keyClicks(search, query)
    qtbot.waitUntil(lambda: shown_names(window) == [expected], timeout=5000)
    qtbot.keyClick(search, Qt.Key_Return)  # Enter opens the first result
    name = window.findChild(QWidget, "contactPage").findChild(QLabel, "contactName")
    qtbot.waitUntil(lambda: name.text() == expected, timeout=5000)


def log_exchange(qtbot, window, kind: str, received: bool) -> None:
    done = []

    def fill():
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "logExchangeDialog"
        dialog.set_kind(kind)
        if received:
            qtbot.mouseClick(dialog.received, Qt.LeftButton)
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        done.append(dialog.entry_id)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(window.findChild(QPushButton, "logExchangeButton"), Qt.LeftButton)
    assert done and done[0]


def timeline_entries(window) -> list[str]:
    model = window.findChild(QAbstractItemView, "timeline").model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    return [i.data() for i in rows if i.data(KIND_ROLE) == "entry"]


def test_import_find_log_quit_and_find_it_again(qtbot, tmp_path, monkeypatch):
    db_path = tmp_path / "rapport.sqlite3"
    vcf = tmp_path / "phone.vcf"
    vcf.write_bytes(PHONE.encode("utf-8"))

    window = open_window(qtbot, db_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(vcf)], "")))
    with qtbot.waitSignal(window.events.data_reset, timeout=30000):
        window.findChild(QAction, "importAction").trigger()
    summary = [w for w in QApplication.topLevelWidgets() if w.objectName() == "importSummaryDialog"]
    assert summary and "3 added" in " ".join(label.text() for label in summary[0].findChildren(QLabel))
    summary[0].close()
    assert sorted(shown_names(window)) == ["Ana García", "Ben Okafor", "Jürgen Müller"]

    # A phone number typed any way finds its owner; an accent-less name finds the accented one.
    find_and_open(qtbot, window, "5551234", "Ana García")
    window.findChild(QLineEdit, "searchField").clear()
    find_and_open(qtbot, window, "garcia", "Ana García")
    meter = window.findChild(QWidget, "reciprocityMeter")
    assert meter.text() == "Nothing logged yet"

    log_exchange(qtbot, window, "favour", received=False)
    qtbot.waitUntil(lambda: meter.lean() > 0, timeout=5000)  # leans toward you: you gave
    assert timeline_entries(window) == ["Favour given"]

    log_exchange(qtbot, window, "referral", received=True)
    qtbot.waitUntil(lambda: meter.lean() < 0, timeout=5000)  # a referral (3) outweighs a favour (2)
    assert meter.reading().band == "they_gave_more"
    assert meter.text().startswith(meter.reading().band_label)
    assert meter.findChild(QWidget, "meterReceived").text() == "They gave 3"  # the numbers show
    assert sorted(timeline_entries(window)) == ["Favour given", "Referral received"]
    before = (meter.text(), round(meter.lean(), 6))

    window.close()
    close_database()

    again = open_window(qtbot, db_path)
    assert len(shown_names(again)) == 3
    find_and_open(qtbot, again, "garc", "Ana García")
    again_meter = again.findChild(QWidget, "reciprocityMeter")
    assert (again_meter.text(), round(again_meter.lean(), 6)) == before
    assert sorted(timeline_entries(again)) == ["Favour given", "Referral received"]
    again.close()
    close_database()
