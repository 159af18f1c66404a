"""Help → Keyboard shortcuts and How Rapport works (issue 12, point 6), and File → Export… (point 7), in
the real window: the shortcut sheet is the window's own actions and narrows as you type; the guide quotes
the settings in force; the contacts shown now are exported by the list's query, all of them, as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.domain.contact import ContactData
from desktop.services import contacts
from desktop.services.settings import set_setting
from desktop.ui.dialogs.export_dialog import ExportDialog, ExportFlow, describe_query, suggested_export_name
from desktop.ui.dialogs.help import ShortcutModel, window_shortcuts
from desktop.ui.models.contact_list_model import PAGE_SIZE

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    names = [f"Sam Smith {n:03d}" for n in range(PAGE_SIZE * 2 + 7)] + ["Ana Lima", "Ben Ode"]
    contacts.insert_contacts([ContactData(full_name=n, organization="Acme") for n in names])
    with windows(qtbot, db_path, tmp_path, TODAY, active=True, page="contacts") as make:
        yield make()


def _top(name: str):
    return next((t for t in QApplication.topLevelWidgets() if t.objectName() == name and t.isVisible()), None)


def test_ctrl_slash_and_f1_open_the_shortcut_sheet_built_from_the_windows_actions(qtbot, window):
    w = window
    qtbot.keyClick(w, Qt.Key_Slash, Qt.ControlModifier)
    qtbot.waitUntil(lambda: _top("shortcutsDialog") is not None, timeout=2000)
    sheet = _top("shortcutsDialog")
    rows = sheet.model.rows()
    # Every action with keys, with the keys it really has, menu by menu.
    by_name = {r.name: r for r in rows}
    assert by_name["newContactAction"].keys == QKeySequence(QKeySequence.New).toString(QKeySequence.NativeText)
    assert by_name["showGroupsAction"].keys.endswith("4") and by_name["showGroupsAction"].menu == "View"
    assert by_name["shortcutsAction"].keys == "Ctrl+/, F1"
    assert rows[0].menu == "File" and by_name["undoAction"].menu == "Edit"
    # A shortcut changed in the window shows changed: the sheet cannot drift.
    w.action_set["findAction"].setShortcut(QKeySequence("Ctrl+K"))
    assert next(s for s in window_shortcuts(w) if s.name == "findAction").keys == "Ctrl+K"

    # Searching narrows it as you type: by action, by key, by menu.
    qtbot.keyClicks(sheet.search, "undo")
    assert [r.name for r in sheet.model.rows()] == ["undoAction"]
    assert sheet.table.model().index(0, 1).data() == QKeySequence(QKeySequence.Undo).toString(QKeySequence.NativeText)
    sheet.search.clear()
    qtbot.keyClicks(sheet.search, "ctrl+4")
    assert [r.name for r in sheet.model.rows()] == ["showGroupsAction"]
    sheet.search.clear()
    qtbot.keyClicks(sheet.search, "zzz")
    assert sheet.model.rowCount() == 0 and sheet.none_label.isVisible() and not sheet.table.isVisible()
    assert sheet.none_label.text() == "No shortcut matches “zzz”."
    sheet.close()
    qtbot.waitUntil(lambda: _top("shortcutsDialog") is None, timeout=2000)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    qtbot.keyClick(w, Qt.Key_F1)
    qtbot.waitUntil(lambda: _top("shortcutsDialog") is not None, timeout=2000)
    assert _top("shortcutsDialog").model.rowCount() == len(rows)
    _top("shortcutsDialog").close()


def test_the_shortcut_model_passes_the_model_tester(qtmodeltester, window):
    model = ShortcutModel(window_shortcuts(window))
    qtmodeltester.check(model)
    model.set_filter("file")
    assert 0 < model.rowCount() < len(window_shortcuts(window))
    qtmodeltester.check(model)


def test_how_rapport_works_quotes_the_settings_in_force(qtbot, window):
    set_setting("half_life_days", 90)
    set_setting("weekly_giving_budget", 7)
    window.action_set["guideAction"].trigger()
    guide = _top("guideDialog")
    text = guide.text()
    assert "halves every 90 days" in text and "weekly giving budget is 7" in text
    assert "Inner every 14 days" in text and "a follow-up 2 days after" in text
    assert "waits in the trash for 30 days" in text
    assert list(guide.sections) == ["The meter: giving and getting", "Circles: keeping in touch", "Today",
                                    "Introductions", "Groups and events", "Your data: backups, the trash and undo"]
    guide.close()


def test_export_the_contacts_shown_now_as_csv_by_the_lists_query(qtbot, window, tmp_path):
    w = window
    w.list_panel.search_field.setText("smith")
    shown = PAGE_SIZE * 2 + 7
    assert w.list_panel.model.rowCount() < shown  # the list has loaded a page, not them all
    out = tmp_path / "smiths.csv"

    def choose(d: ExportDialog):
        assert d.shown_button.isEnabled() and f"({shown:,}): matching “smith”" in d.shown_button.text()
        d.csv.setChecked(True)
        d.shown_button.setChecked(True)
        assert d.path_field.text().endswith(".csv")
        d.path_field.setText(str(out))
        qtbot.mouseClick(d.ok_button, Qt.LeftButton)

    def look():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ExportDialog):
            choose(modal)
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
    w.action_set["exportAction"].trigger()  # File → Export…: the dialog, then the flow on a worker
    (flow,) = w.findChildren(ExportFlow)
    qtbot.waitUntil(lambda: flow.count is not None, timeout=20000)
    assert flow.count == shown
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == shown and {r["full_name"] for r in rows} == {f"Sam Smith {n:03d}" for n in range(shown)}
    assert rows[0]["organization"] == "Acme"
    assert out.stat().st_mode & 0o777 == 0o600
    assert f"Exported {shown:,} contacts to {out}." in w.statusBar().currentMessage()
    flow.message_box.close()


def test_the_export_dialog_suggests_a_file_and_checks_it(qtbot, db, tmp_path):
    d = ExportDialog(None, 1, 12, 12, "", names=["Ada/Lovelace"], folder=tmp_path, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    assert d.selected_button.isChecked() and not d.shown_button.isEnabled()  # the list shows everyone
    assert d.path() == tmp_path / "Ada Lovelace.vcf"
    d.all_button.setChecked(True)
    assert d.path() == tmp_path / "Rapport contacts 2026-11-22.vcf"
    d.csv.setChecked(True)
    assert d.path() == tmp_path / "Rapport contacts 2026-11-22.csv" and d.format() == "csv"
    d.path_field.setText(str(tmp_path / "nowhere" / "x.csv"))
    qtbot.mouseClick(d.ok_button, Qt.LeftButton)
    assert d.path_error.isVisible() and "no folder" in d.path_error.text() and d.result() == 0
    assert suggested_export_name(["", ""], TODAY, ".csv") == "Rapport 2 contacts 2026-11-22.csv"


def test_the_query_in_words(db):
    from desktop.services import groups
    from desktop.services.search import ListQuery

    gid = groups.create_group("Leads")
    assert describe_query(ListQuery()) == ""
    assert describe_query(ListQuery(text=" ller ", group_id=gid, circle="inner")) == (
        "matching “ller”, group Leads, circle Inner")


def test_a_long_export_shows_its_progress_and_can_be_cancelled(qtbot, db, tmp_path):
    class Slow:
        def __init__(self):
            self.gate = threading.Event()

        def shown_ids(self, query):
            return []

        def export(self, path, fmt, *, contact_ids, progress):
            from desktop.services.exporting import ExportCancelled

            for done in range(1, 1000):
                if not progress(done, 1000):
                    raise ExportCancelled("The export was cancelled; no file was written.")
                self.gate.wait(0.01)
            return 1000

    flow = ExportFlow(None, tmp_path / "a.vcf", "3.0", service=Slow()).start()
    qtbot.waitUntil(flow.progress.isVisible, timeout=5000)  # past 200 ms: the panel says what is going on
    qtbot.waitUntil(lambda: "of 1,000 contacts" in flow.progress.count_label.text(), timeout=5000)
    with qtbot.waitSignal(flow.finished, timeout=10000) as done:
        qtbot.mouseClick(flow.progress.cancel_button, Qt.LeftButton)
    assert done.args == [None] and flow.cancelled and not flow.progress.isVisible()
    assert flow.message_box is None and not Path(tmp_path / "a.vcf").exists()
