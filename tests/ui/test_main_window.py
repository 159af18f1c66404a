"""The real main window: welcome, sample network, list and page together, trash and undo,
shortcuts, remembered state (in a temporary settings file), light and dark."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from desktop.domain.contact import ContactData
from desktop.services import contacts
from desktop.ui.models.timeline_model import ENTRY_ROLE

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


@pytest.fixture
def make_window(qtbot, db, db_path, tmp_path, settings):
    with windows(qtbot, db_path, tmp_path, TODAY, settings=settings) as make:
        yield make


@pytest.fixture
def sample_window(make_window):
    """The window on the sample network, showing Contacts (it lands on Today), which these tests drive."""
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    w = make_window()
    w.show_page("contacts")
    return w


def test_build_window_uses_its_own_database(qtbot, tmp_path, monkeypatch):
    from desktop.app import build_window
    from desktop.storage.db import close_database

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "user-settings"))
    w = build_window(tmp_path / "w.sqlite3")
    qtbot.addWidget(w)
    try:
        assert w.objectName() == "mainWindow"
        assert not w.windowIcon().isNull()
        assert w.contacts_stack.currentWidget() is w.welcome
    finally:
        w.close()
        close_database()


def test_empty_database_shows_the_welcome_and_the_sample_fills_it(qtbot, make_window):
    w = make_window()
    assert w.contacts_stack.currentWidget() is w.welcome
    assert w.current_page() == "contacts"
    qtbot.mouseClick(w.welcome.sample_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.contacts_stack.currentWidget() is w.splitter, timeout=20000)  # made in a worker
    assert w.list_panel.model.rowCount() >= 55
    assert w.contact_page.contact_id == w.list_panel.current_contact_id() != 0
    assert w.count_label.text() == "60 contacts · 59 shown · 1 archived"  # why one is not shown
    assert w.contact_page.timeline.timeline_model.entry_count() > 0


def test_search_selects_and_shows_the_contact(qtbot, sample_window):
    w = sample_window
    w.findChild(QLineEdit, "searchField").setText("ødegård")
    view = w.findChild(QAbstractItemView, "contactList")
    assert view.model().rowCount() == 1
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    assert w.contact_page.name_label.text() == "Ingrid Ødegård"
    assert w.findChild(QWidget, "reciprocityMeter").isVisible()
    assert w.findChild(QWidget, "timeline").isVisible()
    qtbot.waitUntil(lambda: w.count_label.text() == "60 contacts · 1 shown · 59 hidden by the search", timeout=2000)


def test_delete_moves_to_trash_and_ctrl_z_restores(qtbot, sample_window):
    w = sample_window
    first = w.list_panel.current_contact_id()
    name = w.contact_page.name_label.text()
    w.list_panel.view.setFocus()
    with qtbot.waitSignal(w.events.contacts_changed, timeout=10000):  # deleted in a worker
        qtbot.keyClick(w.list_panel.view, Qt.Key_Delete)
    assert first not in [w.list_panel.model.contact_id(r) for r in range(w.list_panel.model.rowCount())]
    assert w.contact_page.contact_id not in (0, first)
    assert w.count_label.text().startswith("59 contacts")
    with qtbot.waitSignal(w.history.applied, timeout=10000):  # undone in a worker
        qtbot.keyClick(w, Qt.Key_Z, Qt.ControlModifier)
    assert w.list_panel.current_contact_id() == first
    assert w.contact_page.name_label.text() == name
    assert w.count_label.text().startswith("60 contacts")
    assert not w.action_set["undoAction"].isEnabled()


def test_delete_key_in_the_search_field_edits_text(qtbot, sample_window):
    w = sample_window
    field = w.list_panel.search_field
    field.setFocus()
    qtbot.keyClicks(field, "ab")
    qtbot.keyClick(field, Qt.Key_Home)
    qtbot.keyClick(field, Qt.Key_Delete)
    assert field.text() == "b"
    assert w.list_panel.total() == 60 and not w.action_set["undoAction"].isEnabled()


def test_shortcuts(qtbot, sample_window, monkeypatch):
    w = sample_window
    expected = {
        "newContactAction": QKeySequence(QKeySequence.New),
        "findAction": QKeySequence(QKeySequence.Find),
        "logInteractionAction": QKeySequence("Ctrl+L"),
        "importAction": QKeySequence("Ctrl+I"),
        "exportAction": QKeySequence("Ctrl+E"),
        "undoAction": QKeySequence(QKeySequence.Undo),
        "deleteAction": QKeySequence(QKeySequence.Delete),
    }
    for name, seq in expected.items():
        action = w.findChild(QAction, name)
        assert action is not None and action.shortcut() == seq, name
    calls = []
    import desktop.ui.dialogs as dialogs

    monkeypatch.setattr(dialogs, "new_contact", lambda parent, events: calls.append("new") or None)
    monkeypatch.setattr(dialogs, "log_interaction", lambda parent, events, ids: calls.append(("log", ids)))
    monkeypatch.setattr(dialogs, "log_exchange", lambda parent, events, ids: calls.append(("exchange", ids)))
    monkeypatch.setattr(dialogs, "edit_contact", lambda parent, events, cid: calls.append(("edit", cid)))
    qtbot.keyClick(w, Qt.Key_N, Qt.ControlModifier)
    qtbot.keyClick(w, Qt.Key_L, Qt.ControlModifier)
    qtbot.mouseClick(w.findChild(QPushButton, "logExchangeButton"), Qt.LeftButton)
    qtbot.mouseClick(w.contact_page.edit_button, Qt.LeftButton)
    cid = w.contact_page.contact_id
    assert calls == ["new", ("log", [cid]), ("exchange", [cid]), ("edit", cid)]
    w.list_panel.view.setFocus()
    qtbot.keyClick(w, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is w.list_panel.search_field


def test_edits_reach_the_list_and_the_page(qtbot, sample_window):
    w = sample_window
    cid = w.contact_page.contact_id
    rec = contacts.load_record(cid)
    rec.data.full_name = "Aaron Renamed"
    contacts.replace_contact(cid, rec.data)
    w.events.contacts_changed.emit([cid])
    assert w.contact_page.name_label.text() == "Aaron Renamed"
    assert w.list_panel.model.index(0, 0).data() == "Aaron Renamed"
    from desktop.services import timeline

    before = w.contact_page.timeline.timeline_model.entry_count()
    timeline.log_interaction([cid], TODAY, "call")
    w.events.timeline_changed.emit([cid])
    assert w.contact_page.timeline.timeline_model.entry_count() == before + 1


def test_state_is_remembered(qtbot, make_window, settings, db):
    contacts.insert_contacts([ContactData(full_name=f"P {n}") for n in range(5)])
    w = make_window()
    w.show_page("contacts")  # it lands on Today
    w.resize(1000, 520)
    w.splitter.setSizes([400, 600])
    QApplication.processEvents()
    left = w.splitter.sizes()[0]
    w.list_panel.set_sort("added")
    w.show_page("network")
    w.close()
    assert settings.value("contacts/sort") == "added"
    w2 = make_window()
    assert w2.list_panel.sort_key() == "added"
    assert w2.current_page() == "network"  # the page it was on (issue 9: the saved page is read back)
    # The offscreen screen is 800×600: a restored width is clamped to it (then to the window's minimum),
    # so the height says whether the geometry came back (the window opens 800 high otherwise).
    assert abs(w2.height() - 520) < 40
    w2.resize(1000, 700)
    w2.show_page("contacts")
    assert left > 300
    qtbot.waitUntil(lambda: abs(w2.splitter.sizes()[0] - left) <= 10)


def test_lands_on_today_which_fills_in_from_a_worker(qtbot, make_window):
    from desktop.services import groups
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    met = contacts.add_contact(ContactData(full_name="Mo Reyes"))
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[met])
    w = make_window()
    assert w.current_page() == "today"
    today = w.pages.widget(w._pages["today"]).page
    assert today is not None and today.isVisible()
    # Shown before it has read anything; the rows come from the worker.
    assert today.loading and today.summary_label.text() == "Loading…" and today.item_refs() == []
    qtbot.waitUntil(lambda: not today.loading and bool(today.item_refs()), timeout=10000)
    qtbot.mouseClick(today.show_all, Qt.LeftButton)  # the rest, by kind, behind "Show all (N)"
    ref = next(r for r in today.item_refs() if r.endswith(f":contact:{met}"))
    assert today.section_counts().get("check_in") and today.section_counts().get("follow_up")
    done = today.row_for(ref).findChild(QPushButton, "doneButton")
    qtbot.waitUntil(lambda: done.isVisible() and done.height() > 0)  # laid out in its group
    with qtbot.waitSignal(today.item_done):
        qtbot.mouseClick(today.row_for(ref).findChild(QPushButton, "doneButton"), Qt.LeftButton)
    assert ref not in today.item_refs()
    qtbot.waitUntil(lambda: not today.loading, timeout=10000)
    assert ref not in today.item_refs()
    # Network is built only when first shown.
    assert w.pages.widget(w._pages["network"]).page is None
    w.show_page("network")
    assert w.pages.widget(w._pages["network"]).page is not None


def test_an_empty_database_lands_on_the_welcome(qtbot, make_window):
    w = make_window()
    assert w.current_page() == "contacts" and w.contacts_stack.currentWidget() is w.welcome
    assert w.pages.widget(w._pages["today"]).page is None  # not built, not read


def test_pages_can_be_added_and_shown(make_window):
    w = make_window()
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [
        "Today", "Contacts", "Network", "Groups & Events", "Graph"]
    today = QLabel("the real Today page")
    w.add_page("today", "Today", "today", today)
    w.show_page("today")
    assert w.pages.currentWidget() is today
    extra = QLabel("extra")
    w.add_page("extra", "Extra", "group", extra)
    w.show_page("extra")
    assert w.pages.currentWidget() is extra and w.current_page() == "extra"
    assert w.action_set["showExtraAction"].shortcut().toString() == "Ctrl+6"


def test_every_control_is_named_for_assistive_technology(sample_window):
    w = sample_window
    for cls in (QPushButton, QComboBox, QLineEdit, QAbstractItemView):
        for control in w.findChildren(cls):
            if not control.isVisibleTo(w) or control.parent() and isinstance(control.parent(), QComboBox):
                continue
            assert control.accessibleName(), (cls.__name__, control.objectName())
            assert control.toolTip(), (cls.__name__, control.objectName())
    for name in ("contactList", "searchField", "contactPage", "reciprocityMeter", "timeline",
                 "logInteractionButton", "logExchangeButton"):  # fmt: skip
        assert w.findChild(QWidget, name) is not None, name


def test_data_labels_are_plain_text(sample_window):
    for label in sample_window.findChildren(QLabel):
        if label.text():
            assert label.textFormat() == Qt.PlainText, label.text()


def test_dark_palette(qtbot, sample_window):
    from desktop.ui import style
    from desktop.ui.style import colors

    app = QApplication.instance()
    old = app.palette()
    try:
        style.apply_theme(app, "dark")
        assert colors.is_dark()
        QApplication.processEvents()
        img = sample_window.grab().toImage()
        assert img.pixelColor(img.width() - 5, img.height() // 2).lightnessF() < 0.5
        page = sample_window.contact_page
        assert page.status_label.palette().color(page.status_label.foregroundRole()).lightnessF() > 0.5
    finally:
        app.setPalette(old)


def test_dropping_vcards_imports_them(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    w = make_window()
    calls = []
    monkeypatch.setattr(w, "import_files", lambda paths: calls.append(paths))
    card = tmp_path / "a.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(card)), QUrl.fromLocalFile(str(tmp_path / "b.txt"))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    w.dropEvent(event)
    assert calls == [[card]]


def test_a_timeline_entry_goes_to_the_trash_and_comes_back(qtbot, sample_window):
    w = sample_window
    tl = w.contact_page.timeline
    before = tl.timeline_model.entry_count()
    model = tl.timeline_model  # the newest logged entry (an event they attended is deleted on its own page)
    index = next(model.index(r, 0) for r in range(model.rowCount())
                 if model.index(r, 0).data(ENTRY_ROLE) is not None and model.index(r, 0).data(ENTRY_ROLE).entry_kind != "event")  # fmt: skip
    tl.setCurrentIndex(index)
    tl.setFocus()
    qtbot.keyClick(tl, Qt.Key_Delete)
    assert tl.timeline_model.entry_count() == before - 1
    assert w.action_set["undoAction"].isEnabled()
    with qtbot.waitSignal(w.history.applied, timeout=10000):  # undone in a worker
        qtbot.keyClick(w, Qt.Key_Z, Qt.ControlModifier)
    assert tl.timeline_model.entry_count() == before


def test_importing_a_file_replaces_the_welcome_with_the_list(qtbot, make_window, tmp_path):
    w = make_window()
    assert w.contacts_stack.currentWidget() is w.welcome
    card = tmp_path / "phone.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ødegård\r\nN:Ødegård;Zoë;;;\r\nTEL;TYPE=CELL:(555) 123-4567\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nN:Müller;Jürgen;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(w.events.data_reset, timeout=20000):
        w.import_files([card])
    qtbot.waitUntil(lambda: w.contacts_stack.currentWidget() is w.splitter, timeout=5000)
    assert w.list_panel.model.rowCount() == 2
    w.list_panel.search_field.setText("5551234")
    assert [w.list_panel.model.index(r, 0).data() for r in range(w.list_panel.model.rowCount())] == ["Zoë Ødegård"]
    for widget in QApplication.topLevelWidgets():  # the import summary stays open until closed
        if widget is not w and widget.isVisible():
            widget.close()


def test_the_first_contact_opens_when_contacts_is_first_shown_not_at_start(qtbot, make_window):
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    w = make_window()
    assert w.current_page() == "today"
    assert not w.contact_page.contact_id  # nothing loaded for a page nobody sees yet
    w.show_page("contacts")
    first = w.list_panel.model.index(0, 0).data()
    assert w.contact_page.contact_id
    assert w.contact_page.name_label.text() == first
