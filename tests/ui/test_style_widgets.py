"""The design system's widgets through the real widgets: the chip picker, the weight control, the progress
panel (and the import's cancel flag), quick feedback, and the theme switch."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStatusBar, QStyle, QWidget

from desktop.ui import icons, style
from desktop.ui.dialogs import IntroductionDialog, LogExchangeDialog, import_vcards
from desktop.ui.events import AppEvents
from desktop.ui.style.busy import Busy, Spinner
from desktop.ui.style.chips import PersonChip
from desktop.ui.style.progress import ProgressPanel
from desktop.ui.style.weight import WeightControl
from desktop.ui.widgets.contact_picker import ContactPicker, ListContactSource

from samples import PEOPLE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SMALL = Path(__file__).parent.parent / "data" / "ui" / "small.vcf"  # Ada, a card with no name, Grace


def picker(qtbot, **kwargs) -> ContactPicker:
    p = ContactPicker(source=ListContactSource(PEOPLE), **kwargs)
    qtbot.addWidget(p)
    p.resize(420, 40)
    p.show()
    p.line_edit.setFocus()
    return p


def pick(qtbot, p: ContactPicker, text: str) -> None:
    qtbot.keyClicks(p.line_edit, text)
    qtbot.keyClick(p.line_edit, Qt.Key_Return)


def chips(p: ContactPicker) -> list[PersonChip]:
    return [c for c in p._chips.findChildren(PersonChip) if c.objectName() and c.isVisibleTo(p)]


# --- the chip picker ------------------------------------------------------------------------------


def test_typing_adds_people_as_chips_and_backspace_or_a_click_removes_them(qtbot):
    p = picker(qtbot)
    pick(qtbot, p, "alice")
    pick(qtbot, p, "okafor")
    pick(qtbot, p, "garc")
    assert p.contact_ids() == [1, 2, 4]
    assert [c.name for c in chips(p)] == ["Alice Martin", "Bob Okafor", "Carlos García"]
    assert p.line_edit.text() == "" and p.line_edit.placeholderText() == ""  # the chips say who is there
    qtbot.keyClick(p.line_edit, Qt.Key_Backspace)
    assert p.contact_ids() == [1, 2]
    bob = p._chips.findChild(PersonChip, "chip_2")
    qtbot.mouseClick(bob, Qt.LeftButton, pos=bob.rect().center())
    assert p.contact_ids() == [1] and [c.name for c in chips(p)] == ["Alice Martin"]
    qtbot.keyClick(p.line_edit, Qt.Key_Backspace)
    assert p.contact_ids() == [] and p.line_edit.placeholderText() == "Type a name…"


def test_many_people_wrap_onto_rows_and_the_field_grows_then_scrolls(qtbot):
    p = picker(qtbot)
    one_row = p.height()
    p.set_contact_ids([1, 2, 3, 4])
    qtbot.waitUntil(lambda: p.height() > one_row)
    assert all(p.rect().contains(c.geometry().translated(p._chips.mapTo(p, QPoint(0, 0)))) for c in chips(p)[:2])
    source = ListContactSource([(i, f"Person number {i}", "") for i in range(1, 40)])
    many = ContactPicker(source=source)
    qtbot.addWidget(many)
    many.resize(420, 40)
    many.show()
    many.set_contact_ids(range(1, 40))
    qtbot.waitUntil(lambda: many._scroll.verticalScrollBar().maximum() > 0)  # rows past the fourth scroll
    assert many.height() < 40 * 10


def test_introduce_shows_each_person_as_a_chip_and_picking_again_replaces_them(qtbot, db):
    dialog = IntroductionDialog(None, None, source=ListContactSource(PEOPLE))
    qtbot.addWidget(dialog)
    dialog.show()
    for picked in (dialog.a, dialog.b):
        assert isinstance(picked, ContactPicker) and picked.uses_chips
    dialog.a.setFocus()
    pick(qtbot, dialog.a, "alice")
    assert [c.name for c in chips(dialog.a)] == ["Alice Martin"] and dialog.a.line_edit.text() == ""
    pick(qtbot, dialog.a, "bob")
    assert dialog.a.contact_id() == 2 and [c.name for c in chips(dialog.a)] == ["Bob Okafor"]
    qtbot.keyClicks(dialog.a.line_edit, "zz")
    assert dialog.a.pending_text() == "zz"  # typed but not picked: the form will refuse it
    dialog.a.line_edit.clear()
    qtbot.keyClick(dialog.a.line_edit, Qt.Key_Backspace)
    assert dialog.a.contact_id() is None and chips(dialog.a) == []


def test_log_exchange_and_introduce_use_the_same_chip_picker(qtbot, db):
    source = ListContactSource(PEOPLE)
    ex = LogExchangeDialog(None, None, [1], "favour", source=source)
    intro = IntroductionDialog(None, None, 1, 3, source=source)
    for d in (ex, intro):
        qtbot.addWidget(d)
        d.show()
    assert type(ex.contacts) is type(intro.a) is type(intro.b) is ContactPicker
    assert [c.name for c in chips(ex.contacts)] == ["Alice Martin"]
    assert [c.name for c in chips(intro.a)] == ["Alice Martin"] and [c.name for c in chips(intro.b)] == ["Zoë Ødegård"]


def test_a_chip_paints_its_name_as_plain_text_and_a_name_with_an_ampersand_makes_no_shortcut(qtbot):
    chip = PersonChip("<b>Tom</b> & Jerry")
    qtbot.addWidget(chip)
    chip.show()
    assert chip.accessibleName() == "Remove <b>Tom</b> & Jerry"
    assert chip.text() == ""  # a button would read "&" as a shortcut mark
    assert chip.sizeHint().width() > chip.fontMetrics().horizontalAdvance("<b>Tom</b> & Jerry")
    assert not chip.grab().isNull()


# --- the weight control ---------------------------------------------------------------------------


def test_the_weight_control_from_the_keyboard_and_the_mouse(qtbot):
    w = WeightControl(1, 5)
    qtbot.addWidget(w)
    w.set_default(2, "usual for favour: 2")
    w.setValue(2)
    w.show()
    w.setFocus()
    seen = []
    w.valueChanged.connect(seen.append)
    qtbot.keyClick(w, Qt.Key_Right)
    qtbot.keyClick(w, Qt.Key_Up)
    assert w.value() == 4
    qtbot.keyClick(w, Qt.Key_End)
    qtbot.keyClick(w, Qt.Key_Right)  # stays at the top
    assert w.value() == 5
    qtbot.keyClick(w, Qt.Key_Home)
    assert w.value() == 1
    qtbot.keyClicks(w, "3")
    assert w.value() == 3
    qtbot.keyClicks(w, "9")  # out of range: ignored
    assert w.value() == 3
    second = w._segment_rect(2).center().toPoint()
    qtbot.mouseClick(w, Qt.LeftButton, pos=second)
    assert w.value() == 2
    assert seen == [3, 4, 5, 1, 3, 2]
    assert w.hint_label.text() == "usual for favour: 2" and "usual: 2" in w.accessibleDescription()


def test_the_weight_is_one_control_of_one_size_with_the_kinds_default(qtbot, db):
    source = ListContactSource(PEOPLE)
    ex = LogExchangeDialog(None, None, [1], "referral", source=source)
    intro = IntroductionDialog(None, None, 1, 3, source=source)
    for d in (ex, intro):
        qtbot.addWidget(d)
        d.show()
    assert isinstance(ex.weight, WeightControl) and isinstance(intro.weight, WeightControl)
    assert ex.weight.minimumSizeHint() == intro.weight.minimumSizeHint()
    assert ex.weight.height() == intro.weight.height()
    assert ex.weight.default_value() == 3 and "usual for referral: 3" == ex.weight_hint.text()
    assert intro.weight.default_value() == 3 and intro.weight.value() == 3
    ex.set_kind("advice")
    assert ex.weight.default_value() == ex.weight.value() == 1 and ex.weight_hint.text().endswith(": 1")


# --- the progress panel and the import's cancel flag --------------------------------------------------


def test_the_panel_reports_a_cancel_only_when_the_person_asks(qtbot):
    panel = ProgressPanel(None, "Importing vCards", "Reading…")
    qtbot.addWidget(panel)
    asked = []
    panel.cancel_requested.connect(lambda: asked.append(1))
    panel.show()
    panel.set_progress(250, 1000, "cards")
    assert panel.count_label.text() == "250 of 1,000 cards" and panel.bar.value() == 250
    panel.close()  # closed by code, as QProgressDialog's users do at the end
    assert asked == [] and not panel.cancel_pressed and not panel.isVisible()
    panel.show()
    qtbot.keyClick(panel, Qt.Key_Escape)  # the person
    assert asked == [1] and panel.cancel_pressed and panel.isVisible()  # stays until the work stops
    assert not panel.cancel_button.isEnabled()
    panel.cancel_button.click()
    assert asked == [1]  # once
    panel.finish()
    assert not panel.isVisible()


def test_a_finished_import_is_not_cancelled_although_its_panel_closes(qtbot, db):
    events = AppEvents()
    flow = import_vcards(None, events, [SMALL])
    assert isinstance(flow.progress, ProgressPanel) and flow.progress.isVisible()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    assert not flow.progress.isVisible()
    assert not flow.cancelled and not flow.progress.cancel_pressed
    assert flow.summary_dialog.heading.text() == "Import finished."
    flow.summary_dialog.close()


class _Report:
    added, merged, skipped, problems, unreadable = 1, 0, 0, [], []

    def __init__(self, cancelled: bool):
        self.cancelled = cancelled

    def summary(self):
        return "1 added"


class _Gate:
    """An importer that reports progress, then waits until released, and stops if asked to."""

    def __init__(self):
        self.reported = threading.Event()
        self.release = threading.Event()

    def import_files(self, paths, *, region=None, progress=None):
        keep_going = progress(1, 10)
        self.reported.set()
        self.release.wait(10)
        return _Report(cancelled=not (keep_going and progress(2, 10)))


def test_pressing_cancel_cancels_the_import(qtbot, db):
    gate = _Gate()
    flow = import_vcards(None, AppEvents(), [Path("a.vcf")], service=gate)
    qtbot.waitUntil(gate.reported.is_set, timeout=10000)
    assert not flow.cancelled
    qtbot.mouseClick(flow.progress.findChild(QPushButton, "cancelButton"), Qt.LeftButton)
    assert flow.cancelled and flow.progress.isVisible()
    assert "Cancelling" in flow.progress.status_label.text()
    gate.release.set()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    assert flow.report.cancelled and "cancelled" in flow.summary_dialog.heading.text()
    flow.summary_dialog.close()


def test_a_quick_export_shows_no_panel_and_a_slow_one_shows_it(qtbot, db, tmp_path):
    from desktop.ui.dialogs import ExportFlow

    class Exporter:
        def __init__(self, gate=None):
            self.gate = gate

        def export(self, path, fmt, *, contact_ids, progress):
            if self.gate is not None:
                self.gate.wait(10)
            return 0

    quick = ExportFlow(None, tmp_path / "a.vcf", "3.0", service=Exporter()).start()
    with qtbot.waitSignal(quick.finished, timeout=10000):
        pass
    assert not quick.progress.isVisible() and quick.progress.finished_by_code
    gate = threading.Event()
    slow = ExportFlow(None, tmp_path / "b.vcf", "3.0", service=Exporter(gate)).start()
    qtbot.waitUntil(slow.progress.isVisible, timeout=5000)  # past 200 ms: the panel says what is going on
    assert slow.progress.cancel_button is not None  # and it can be stopped (nothing is written then)
    gate.set()
    with qtbot.waitSignal(slow.finished, timeout=10000):
        pass
    assert not slow.progress.isVisible()
    for flow in (quick, slow):
        flow.message_box.close()


# --- quick feedback -------------------------------------------------------------------------------------


def test_busy_feedback_shows_before_the_work_and_goes_after(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    window.setCentralWidget(body)
    button = QPushButton("Go", body)
    spinner = Spinner(body)
    label = QLabel(body)
    window.show()
    seen = {}

    with Busy(body, "Working it out…", spinner=spinner, label=label, controls=[button]):
        seen = dict(
            status=window.statusBar().currentMessage(), button=button.isEnabled(), spinner=spinner.is_spinning(),
            label=label.text(), cursor=QApplication.overrideCursor() is not None,
        )  # fmt: skip
    assert seen == dict(status="Working it out…", button=False, spinner=True, label="Working it out…", cursor=True)
    assert button.isEnabled() and not spinner.is_spinning() and not spinner.isVisible()
    assert window.statusBar().currentMessage() == "" and QApplication.overrideCursor() is None


def test_try_a_sample_network_says_what_it_is_doing_while_it_works(qtbot, db, db_path, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop.services import sample
    from desktop.ui.main_window import MainWindow

    w = MainWindow(db_path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.show()
    real = sample.create_sample_network
    gate = threading.Event()

    def held(**kwargs):  # on the worker thread: hold the work until the feedback has been read
        gate.wait(10)
        return real(**kwargs)

    monkeypatch.setattr(sample, "create_sample_network", held)
    qtbot.mouseClick(w.welcome.sample_button, Qt.LeftButton)
    during = dict(
        status=w.findChild(QStatusBar).currentMessage(), message=w.welcome.busy_label.text(),
        shown=w.welcome.busy_label.isVisible(), spinning=w.welcome.spinner.is_spinning(),
        button=w.welcome.sample_button.isEnabled(),
    )  # fmt: skip
    gate.set()
    assert during["status"].startswith("Creating a sample network") and during["message"] == during["status"]
    assert during["shown"] and during["spinning"] and not during["button"]
    qtbot.waitUntil(lambda: w.list_panel.model.rowCount() >= 55, timeout=20000)
    qtbot.waitUntil(lambda: not w.welcome.spinner.is_spinning(), timeout=5000)
    assert not w.welcome.spinner.is_spinning() and w.statusBar().currentMessage().startswith("Sample network:")
    w.close()


# --- the theme --------------------------------------------------------------------------------------


@pytest.fixture
def restore_theme():
    app = QApplication.instance()
    palette = QPalette(app.palette())
    yield app
    app.setStyle("Fusion")
    app.setPalette(palette)
    icons.clear_cache()


def test_the_theme_switch_applies_at_once_to_what_is_shown(qtbot, restore_theme):
    app = restore_theme
    widget = QLabel("x")
    qtbot.addWidget(widget)
    widget.show()
    style.apply_theme(app, "dark")
    assert style.current_mode() == "dark"
    assert widget.palette().color(QPalette.Window).lightnessF() < 0.3
    dark_icon = icons.icon("done").pixmap(16, 16).toImage()
    style.apply_theme(app, "light")
    assert widget.palette().color(QPalette.Window).lightnessF() > 0.9
    light_icon = icons.icon("done").pixmap(16, 16).toImage()
    ink = [QColor(img.pixel(x, y)) for img in (dark_icon, light_icon) for x, y in [(7, 11), (10, 8), (4, 8)]]
    assert any(c.alpha() for c in ink)  # the tick was drawn...
    assert dark_icon != light_icon  # ...and tinted again for the new palette
    style.apply_theme(app, "system")
    hints_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert (widget.palette().color(QPalette.Window).lightnessF() < 0.5) == hints_dark
    with pytest.raises(ValueError):
        style.apply_theme(app, "sepia")


def test_the_style_gives_the_apps_icons_for_qts_stock_pictures(restore_theme):
    style.apply_theme(restore_theme, "light")
    s = restore_theme.style()
    assert s.standardIcon(QStyle.SP_DialogOkButton).name() == "done"
    assert s.standardIcon(QStyle.SP_DialogCancelButton).name() == "close"
    assert s.standardIcon(QStyle.SP_MessageBoxWarning).name() == "warning"


# --- the text helpers -------------------------------------------------------------------------------


def test_a_link_label_is_plain_text_and_answers_clicks_and_the_keyboard(qtbot):
    from desktop.ui.text import link_label

    hits = []
    link = link_label("<b>ada@example.org</b>", lambda: hits.append(1), tip="<i>Write to Ada</i>")
    qtbot.addWidget(link)
    link.show()
    assert link.textFormat() == Qt.PlainText and link.text() == "<b>ada@example.org</b>"
    assert "&lt;i&gt;" in link.toolTip()  # escaped: shown as typed
    qtbot.mouseClick(link, Qt.LeftButton, pos=link.rect().center())
    link.setFocus()
    qtbot.keyClick(link, Qt.Key_Return)
    qtbot.keyClick(link, Qt.Key_Space)
    assert hits == [1, 1, 1]
    assert link.focusPolicy() & Qt.TabFocus and link.font().underline()


def test_toned_labels_follow_a_theme_switch(qtbot, restore_theme):
    from desktop.ui.style import colors
    from desktop.ui.text import muted_label, plain_label

    muted = muted_label("3 of 5")
    error = plain_label("No name", tone="error")
    for label in (muted, error):
        qtbot.addWidget(label)
        label.show()
    style.apply_theme(restore_theme, "light")
    light = (muted.palette().color(QPalette.WindowText), error.palette().color(QPalette.WindowText))
    assert light == (colors.muted_text(), colors.error_color())
    style.apply_theme(restore_theme, "dark")
    dark = (muted.palette().color(QPalette.WindowText), error.palette().color(QPalette.WindowText))
    assert dark == (colors.muted_text(), colors.error_color()) and dark != light
