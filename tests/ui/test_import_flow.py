"""File → Import vCard… and Export…: the import runs on a worker thread behind a progress
dialog, can be cancelled (the file in progress rolls back), and ends with a summary
listing each broken card as file:line. Real services on tiny fixtures, plus a fake
importer where the timing has to be controlled."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from desktop.services import importing
from desktop.services.contacts import add_contact, count_contacts, find_by_name
from desktop.ui.dialogs import ExportDialog, ImportSummaryDialog, export_contacts, import_paths_from_mime, import_vcards
from desktop.ui.dialogs.export_dialog import sanitize_file_name, suggested_export_name
from desktop.ui.dialogs.import_export import ImportFlow
from desktop.ui.events import AppEvents

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

UI_DATA = Path(__file__).parent.parent / "data" / "ui"
SMALL = UI_DATA / "small.vcf"  # Ada, a card with no name (line 8), Grace
SECOND = UI_DATA / "second.vcf"  # Katherine, Dorothy
NOT_A_CARD = UI_DATA / "not-a-card.vcf"


@pytest.fixture
def events():
    return AppEvents()


@pytest.fixture(autouse=True)
def close_top_levels():
    yield
    for w in QApplication.topLevelWidgets():
        if w.objectName() in ("importSummaryDialog", "errorMessage", "exportDoneMessage"):
            w.close()
            w.deleteLater()


def run_flow(qtbot, flow: ImportFlow | None):
    assert flow is not None
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    return flow


def test_import_through_the_worker_shows_progress_and_a_summary(qtbot, db, events, monkeypatch):
    chosen = []

    def fake_open(parent, caption, folder, filters):
        chosen.append(filters)
        return [str(SMALL), str(NOT_A_CARD)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_open))
    main_thread = threading.get_ident()
    reset = []
    events.data_reset.connect(lambda: reset.append(threading.get_ident()))
    flow = import_vcards(None, events)
    assert flow.progress.objectName() == "importProgressDialog"
    assert flow.progress.isVisible()
    run_flow(qtbot, flow)
    assert "*.vcf" in chosen[0]
    report = flow.report
    assert (report.added, report.skipped) == (2, 1)
    assert reset == [main_thread]  # signals and callbacks back on the UI thread
    assert flow.progress_seen and flow.progress_seen[-1] == (3, 3)
    assert not flow.progress.isVisible()
    dialog = flow.summary_dialog
    assert isinstance(dialog, ImportSummaryDialog)
    assert dialog.objectName() == "importSummaryDialog" and dialog.isVisible()
    assert dialog.counts["added"] == 2 and dialog.counts["failed"] == 1
    assert dialog.summary_line.text() == "2 added · 1 card could not be read · 1 file could not be read"
    assert dialog.problems.isReadOnly()
    lines = dialog.problem_lines()
    assert any(re.search(r"small\.vcf:\d+: ", line) for line in lines), lines
    assert any("not-a-card.vcf" in line for line in lines), lines
    assert [n for _, n in find_by_name("Ada Lovelace")] == ["Ada Lovelace"]
    assert count_contacts() == 2


def test_no_file_chosen_starts_nothing(qtbot, db, events, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([], "")))
    assert import_vcards(None, events) is None


class GatedImporter:
    """The real importer, paused at the first progress report in the second file until released."""

    def __init__(self, pause_at: int):
        self.pause_at = pause_at
        self.paused = threading.Event()
        self.release = threading.Event()

    def import_files(self, paths, *, region=None, progress=None):
        def gated(done, total):
            if done >= self.pause_at and not self.paused.is_set():
                progress(done, total)
                self.paused.set()
                self.release.wait(10)
            return progress(done, total)

        return importing.import_files(paths, region=region, progress=gated)


def test_cancel_rolls_back_the_file_in_progress(qtbot, db, events):
    importer = GatedImporter(pause_at=4)  # small.vcf holds 3 cards: 4 is inside second.vcf
    flow = import_vcards(None, events, [SMALL, SECOND], service=importer)
    qtbot.waitUntil(importer.paused.is_set, timeout=10000)
    cancel = flow.progress.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    assert flow.cancelled
    importer.release.set()
    run_flow(qtbot, flow)
    assert flow.report.cancelled
    assert count_contacts() == 2  # small.vcf finished; second.vcf rolled back
    assert find_by_name("Katherine Johnson") == []
    assert "cancelled" in flow.summary_dialog.heading.text()


class FakeReport:
    def __init__(self, added=0, problems=()):
        self.added, self.merged, self.skipped = added, 0, len(problems)
        self.problems = list(problems)
        self.failed = list(problems)
        self.unreadable = []
        self.cancelled = False

    def summary(self):
        return f"{self.added} added"


class FakeImporter:
    def __init__(self, fail: Exception | None = None):
        self.fail = fail
        self.threads = []

    def import_files(self, paths, *, region=None, progress=None):
        self.threads.append(threading.get_ident())
        if self.fail:
            raise self.fail
        for i in range(1, 4):
            if progress(i, 3) is False:
                break
        return FakeReport(7, ["a.vcf:12: no END:VCARD"])


def test_import_with_an_injected_service_runs_off_the_ui_thread(qtbot, db, events):
    fake = FakeImporter()
    flow = run_flow(qtbot, import_vcards(None, events, [Path("a.vcf")], service=fake))
    assert fake.threads and fake.threads[0] != threading.get_ident()
    assert flow.summary_dialog.problem_lines() == ["a.vcf:12: no END:VCARD"]
    assert flow.summary_dialog.summary_line.text() == "7 added · 1 card could not be read"


def test_a_failing_import_shows_its_message(qtbot, db, events):
    flow = run_flow(qtbot, import_vcards(None, events, [Path("a.vcf")], service=FakeImporter(OSError("disk full"))))
    assert flow.report is None and isinstance(flow.error, OSError)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorMessage" and w.isVisible()]
    assert boxes and "disk full" in boxes[0].text()


def test_import_paths_from_mime(tmp_path):
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(tmp_path / "a.vcf")),
            QUrl.fromLocalFile(str(tmp_path / "notes.txt")),
            QUrl("https://example.org/b.vcf"),
            QUrl.fromLocalFile(str(tmp_path / "C.VCF")),
            QUrl.fromLocalFile(str(tmp_path / "d.vcard")),
        ]
    )
    assert import_paths_from_mime(mime) == [tmp_path / "a.vcf", tmp_path / "C.VCF", tmp_path / "d.vcard"]
    assert import_paths_from_mime(QMimeData()) == []


@pytest.mark.parametrize(
    "name, safe",
    [("Ada Lovelace", "Ada Lovelace"), ('a/b:c*?"d', "a b c d"), ("CON", "CON contact"), ("", "contacts"),
     ("...", "contacts"), ("Zoë Ødegård", "Zoë Ødegård"), ("tab\there", "tab here")],
)  # fmt: skip
def test_sanitize_file_name(name, safe):
    assert sanitize_file_name(name) == safe


def test_suggested_export_names():
    import datetime as dt

    day = dt.date(2026, 11, 22)
    assert suggested_export_name(["Ada/Lovelace"], day) == "Ada Lovelace.vcf"
    assert suggested_export_name([], day) == "Rapport contacts 2026-11-22.vcf"
    assert suggested_export_name(["", ""], day) == "Rapport 2 contacts 2026-11-22.vcf"


def test_export_selected_as_4_0(qtbot, db, events, tmp_path):
    from desktop.domain.contact import ContactData

    ada = add_contact(ContactData(given_name="Ada", family_name="Lovelace"))
    add_contact(ContactData(given_name="Grace", family_name="Hopper"))
    suggested = []

    def choose_v4():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog) and dialog.objectName() == "exportDialog"
        assert dialog.selected_button.isChecked() and dialog.selected_button.isEnabled()
        dialog.v4.setChecked(True)
        suggested.append(dialog.path().name)
        dialog.path_field.setText(str(tmp_path / "out.vcf"))
        dialog.accept()

    QTimer.singleShot(0, choose_v4)
    flow = export_contacts(None, events, [ada])
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    assert suggested == ["Ada Lovelace.vcf"]
    text = (tmp_path / "out.vcf").read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1 and "VERSION:4.0" in text and "Lovelace" in text
    assert flow.count == 1
    assert flow.message_box.objectName() == "exportDoneMessage"


def test_export_all(qtbot, db, events, tmp_path):
    from desktop.domain.contact import ContactData
    from desktop.ui.dialogs import ExportFlow

    add_contact(ContactData(given_name="Ada", family_name="Lovelace"))
    add_contact(ContactData(given_name="Grace", family_name="Hopper"))
    flow = ExportFlow(None, tmp_path / "all.vcf", "3.0").start()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    text = (tmp_path / "all.vcf").read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:3.0" in text


def test_export_dialog_without_selection(qtbot):
    dialog = ExportDialog(None, selected=0, total=12)
    qtbot.addWidget(dialog)
    assert not dialog.selected_button.isEnabled() and not dialog.shown_button.isEnabled()
    assert dialog.all_button.isChecked() and "12" in dialog.all_button.text()
    assert dialog.version() == "3.0" and not dialog.selected_only()
