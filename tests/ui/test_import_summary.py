"""The import summary tells the truth (issue 10), driven through the real window: File → Import with
the file picker answered, then what the summary dialog shows after a successful import, a partly
failed one, and one the person cancelled with the progress panel's Cancel button."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPlainTextEdit, QPushButton

from desktop.services import importing
from desktop.services.contacts import count_contacts

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

UI_DATA = Path(__file__).parent.parent / "data" / "ui"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY) as make:
        yield make()
        for top in QApplication.topLevelWidgets():
            if top.objectName() == "importSummaryDialog":
                top.close()


def card(n: int, name: str, email: str = "", uid: str = "") -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}"] + ([f"UID:{uid}"] if uid else [])
    if email:
        lines.append(f"EMAIL:{email}")
    return "\r\n".join([*lines, "END:VCARD", ""])


def import_through_the_window(qtbot, window, monkeypatch, paths):
    """File → Import: the picker answers with ``paths``; returns the summary dialog once it shows."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([str(p) for p in paths], "")))
    window.action_set["importAction"].trigger()
    qtbot.waitUntil(lambda: summary_dialog() is not None, timeout=20000)
    return summary_dialog()


def summary_dialog():
    found = [w for w in QApplication.topLevelWidgets() if w.objectName() == "importSummaryDialog" and w.isVisible()]
    return found[0] if found else None


def shows(dialog) -> dict[str, str]:
    out = {lab.objectName(): lab.text() for lab in dialog.findChildren(QLabel) if lab.isVisible() and lab.objectName()}
    problems = dialog.findChild(QPlainTextEdit, "problems")
    if problems.isVisible():
        out["problems"] = problems.toPlainText()
    return out


def test_a_successful_import_says_what_happened_once(qtbot, window, monkeypatch, tmp_path):
    first = tmp_path / "phone.vcf"
    first.write_text(card(1, "Ada Lovelace", "ada@example.org", "ada-1") + card(2, "Grace Hopper"), encoding="utf-8")
    seen = shows(import_through_the_window(qtbot, window, monkeypatch, [first]))
    assert seen == {"heading": "Import finished.", "summaryLine": "2 added", "allRead": "Everything was read whole."}
    summary_dialog().close()
    # The same file again, and a card that adds an email to Ada: merged, and the rest already there.
    second = tmp_path / "laptop.vcf"
    second.write_text(card(3, "Ada Lovelace", "ada@work.example", "ada-1") + card(4, "Ada Lovelace", "ada@example.org"),
                      encoding="utf-8")  # fmt: skip
    seen = shows(import_through_the_window(qtbot, window, monkeypatch, [first, second]))
    assert seen["heading"] == "Import finished."
    assert seen["summaryLine"] == "1 merged into existing contacts · 3 already there"
    assert "cancelled" not in " ".join(seen.values()).lower()
    assert count_contacts() == 2


def test_a_partly_failed_import_lists_each_card_that_could_not_be_read(qtbot, window, monkeypatch):
    seen = shows(import_through_the_window(qtbot, window, monkeypatch, [UI_DATA / "small.vcf", UI_DATA / "not-a-card.vcf"]))
    assert seen["heading"] == "Import finished."
    assert seen["summaryLine"] == "2 added · 1 card could not be read · 1 file could not be read"
    lines = seen["problems"].splitlines()
    assert lines[0] == "Could not be read (1): not imported:"
    assert lines[1].startswith(str(UI_DATA / "small.vcf") + ":8: ")  # file:line: reason
    assert "Files not imported (1):" in lines
    assert any("not-a-card.vcf: not a vCard file" in line for line in lines)
    assert "allRead" not in seen


def test_warnings_are_listed_with_what_was_imported(qtbot, window, monkeypatch, tmp_path):
    path = tmp_path / "two-orgs.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nORG:Analytical Engines\r\nORG:Royal Society\r\n"
                    "END:VCARD\r\n", encoding="utf-8")  # fmt: skip
    seen = shows(import_through_the_window(qtbot, window, monkeypatch, [path]))
    assert seen["summaryLine"] == "1 added"
    assert "Imported, worth a look (1):" in seen["problems"] and f"{path}:" in seen["problems"]


def test_cancel_says_cancelled_and_only_then(qtbot, window, monkeypatch, tmp_path):
    done, later = tmp_path / "a.vcf", tmp_path / "b.vcf"
    done.write_text(card(1, "Ada Lovelace") + card(2, "Grace Hopper"), encoding="utf-8")
    later.write_text(card(3, "Katherine Johnson") + card(4, "Dorothy Vaughan"), encoding="utf-8")
    paused, release = threading.Event(), threading.Event()
    real = importing.import_files

    def gated(paths, *, region=None, progress=None):
        def report(n, total):
            if n >= 3 and not paused.is_set():  # inside b.vcf: a.vcf is finished
                progress(n, total)
                paused.set()
                release.wait(10)
            return progress(n, total)

        return real(paths, region=region, progress=report)

    monkeypatch.setattr(importing, "import_files", gated)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([str(done), str(later)], "")))
    window.action_set["importAction"].trigger()
    qtbot.waitUntil(paused.is_set, timeout=10000)
    panel = [w for w in QApplication.topLevelWidgets() if w.objectName() == "importProgressDialog" and w.isVisible()]
    cancel = panel[0].findChild(QPushButton, "cancelButton")
    qtbot.mouseClick(cancel, Qt.LeftButton)  # what the person presses
    release.set()
    qtbot.waitUntil(lambda: summary_dialog() is not None, timeout=20000)
    seen = shows(summary_dialog())
    assert seen["heading"].startswith("Import cancelled: the file in progress was rolled back")
    assert seen["summaryLine"] == "2 added"
    assert count_contacts() == 2
