"""CSV exports through the real window: File → Import takes .csv files (the summary says what happened,
file:line for each row left out), a .csv dropped on the window is imported, importing again changes
nothing, and LinkedIn then the phone makes one contact whose page shows when you connected."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

FIXTURES = ("linkedin_connections.csv", "google_contacts.csv", "google_contacts_old.csv", "outlook_contacts_cp1252.csv",
            "outlook_contacts_bom_semicolon.csv", "linkedin_broken_rows.csv", "bank_statement.csv")  # fmt: skip


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, journal=True) as make:
        yield make()


def names(w) -> list[str]:
    m = w.list_panel.model
    return sorted(m.index(r, 0).data() for r in range(m.rowCount()))


def summary_dialog():
    found = [x for x in QApplication.topLevelWidgets() if x.objectName() == "importSummaryDialog" and x.isVisible()]
    assert len(found) == 1
    return found[0]


def import_through_menu(qtbot, w, monkeypatch, paths):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))
    with qtbot.waitSignal(w.events.data_reset, timeout=30000):
        w.action_set["importAction"].trigger()
    qtbot.waitUntil(lambda: any(x.objectName() == "importSummaryDialog" and x.isVisible()
                                for x in QApplication.topLevelWidgets()), timeout=10000)  # fmt: skip
    dialog = summary_dialog()
    shown = {label.objectName(): label.text() for label in dialog.findChildren(QLabel) if label.objectName()}
    lines = dialog.problem_lines()
    dialog.close()
    return shown, lines


def test_every_format_through_the_import_menu_then_again(qtbot, window, monkeypatch, tmp_path, data_dir):
    paths = []
    for name in FIXTURES:
        shutil.copy(data_dir / "csv" / name, tmp_path / name)
        paths.append(tmp_path / name)
    shown, lines = import_through_menu(qtbot, window, monkeypatch, paths)
    assert shown["summaryLine"] == ("25 added · 1 merged into existing contacts · 2 closed accounts left out · "
                                    "4 rows could not be read · 1 file could not be read")  # fmt: skip
    assert any(line.startswith(f"{paths[-1]}: not a contacts CSV Rapport reads (it reads LinkedIn Connections.csv")
               for line in lines)  # fmt: skip
    assert f"{paths[0]}:15: Connected On 'someday' is not a date Rapport understands; it was left out" in lines
    assert f"{paths[5]}:11: this row has 9 cells where the header has 7; it was not imported" in lines
    assert "Zoë Ødegård" in names(window) and "François Lefèvre" in names(window) and len(names(window)) == 25

    shown, _ = import_through_menu(qtbot, window, monkeypatch, paths[:-1])
    assert shown["summaryLine"] == "26 already there · 2 closed accounts left out · 4 rows could not be read"
    assert len(names(window)) == 25


def drop(qtbot, w, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(w.events.data_reset, timeout=30000):
        QApplication.sendEvent(w, QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))


def test_linkedin_dropped_on_the_window_then_the_phone_make_one_contact(qtbot, window, tmp_path):
    connections = tmp_path / "Connections.csv"
    connections.write_text(
        'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Berg,https://www.linkedin.com/in/anna-berg-4a1b2c3d,,Nordlicht Consulting AB,Senior Consultant,02 Sep 2026\n",
        encoding="utf-8",
    )
    phone = tmp_path / "phone.vcf"
    phone.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Anna;;;\r\nFN:Anna Berg\r\nORG:Nordlicht Consulting\r\n"
                     "TEL;TYPE=CELL:+46 70 123 45 67\r\nEND:VCARD\r\n", encoding="utf-8")  # fmt: skip
    drop(qtbot, window, [connections])
    assert summary_dialog().findChild(QLabel, "summaryLine").text() == "1 added"
    summary_dialog().close()
    drop(qtbot, window, [phone])
    assert summary_dialog().findChild(QLabel, "summaryLine").text() == "1 merged into existing contacts"
    summary_dialog().close()
    assert names(window) == ["Anna Berg"]
    window.list_panel.select_first()
    page = window.contact_page
    qtbot.waitUntil(lambda: page.name_label.text() == "Anna Berg", timeout=5000)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert "Connected on LinkedIn on 2 September 2026" in texts
    assert "+46 70 123 45 67" in texts


def test_a_file_that_is_not_contacts_is_not_taken_by_the_window(qtbot, window, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("call Anna\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
