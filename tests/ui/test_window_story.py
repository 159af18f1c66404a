"""Issue 12 points 2, 3 and 5 in the real window on the sample network: the contact page's panel state
remembered, the empty timeline's buttons opening the log dialogs, needs and offers undone from Edit →
Undo, the list showing its sort's value, the open contact and a multi-selection, and the Network page
agreeing with Today."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QPalette

from desktop.domain.contact import ContactData
from desktop.services import contacts, needs, search
from desktop.services import today as today_service
from desktop.ui.models.contact_list_model import VALUE_ROLE

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


@pytest.fixture
def make_window(qtbot, db, db_path, tmp_path, settings):
    with windows(qtbot, db_path, tmp_path, TODAY, settings=settings, size=(1280, 800)) as make:
        yield make


@pytest.fixture
def window(make_window):
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    w = make_window()
    w.show_page("contacts")
    return w


# --- the contact page --------------------------------------------------------------------------------


def test_the_folded_details_panel_is_remembered(qtbot, window, make_window, settings):
    window.list_panel.select_first()
    qtbot.mouseClick(window.contact_page.details_toggle, Qt.LeftButton)
    assert window.contact_page.details_collapsed()
    window.close()
    assert settings.value("contacts/detailsCollapsed", type=bool) is True
    again = make_window()
    again.show_page("contacts")
    assert again.contact_page.details_collapsed() and not again.contact_page.details_scroll.isVisible()


def test_the_empty_timelines_buttons_open_the_log_dialogs(qtbot, window, monkeypatch):
    from desktop.ui import dialogs

    calls = []
    monkeypatch.setattr(dialogs, "log_interaction", lambda parent, ev, ids: calls.append(("interaction", ids)))
    monkeypatch.setattr(dialogs, "log_exchange", lambda parent, ev, ids: calls.append(("exchange", ids)))
    monkeypatch.setattr(dialogs, "log_introduction", lambda parent, ev, cid: calls.append(("introduce", cid)))
    cid = contacts.add_contact(ContactData(full_name="Quinn New", given_name="Quinn"))
    window.events.contacts_changed.emit([cid])
    assert window.contacts_page.show_contact(cid)
    empty = window.contact_page.timeline_empty
    assert empty.isVisible() and empty.title.text() == "Nothing logged with Quinn yet"
    for button in (empty.log_interaction_button, empty.log_exchange_button, empty.introduce_button):
        qtbot.mouseClick(button, Qt.LeftButton)
    assert calls == [("interaction", [cid]), ("exchange", [cid]), ("introduce", cid)]


def test_a_need_removed_in_the_side_panel_comes_back_with_edit_undo(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    window.list_panel.select_first()
    cid = window.contact_page.contact_id
    needs.add_need(cid, "a sound engineer")
    window.events.needs_changed.emit([cid])
    page = window.contact_page
    assert "a sound engineer" in page.needs_offers.texts("need")
    row = next(r for r in page.needs_editor.rows() if r.draft.text == "a sound engineer")
    undo = window.action_set["undoAction"]
    with qtbot.waitSignal(window.events.needs_changed):
        qtbot.mouseClick(row.findChild(QPushButton, "removeNeedOffer"), Qt.LeftButton)
    assert "a sound engineer" not in page.needs_offers.texts("need")  # the top follows the editor
    qtbot.waitUntil(lambda: "a sound engineer" in undo.text())
    undo.trigger()
    qtbot.waitUntil(lambda: "a sound engineer" in page.needs_offers.texts("need"), timeout=5000)


# --- the list ----------------------------------------------------------------------------------------


def test_each_row_shows_the_value_it_is_sorted_by(qtbot, window):
    panel = window.list_panel
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(search.SORT_BALANCE))
    first = panel.model.index(0, 0)
    words, tone = first.data(VALUE_ROLE)
    assert (words, tone) == ("They gave more", "received")
    assert "They gave more" in first.data(Qt.AccessibleTextRole) and "recent counts most" in first.data(Qt.ToolTipRole)
    # The list's figure is the meter's: the page shows the same band.
    panel.set_current_row(0)
    meter = window.contact_page.meter.reading()
    row = first.data(Qt.UserRole + 2)
    assert row.given == pytest.approx(meter.given) and row.received == pytest.approx(meter.received)
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(search.SORT_LAST_CONTACT))
    values = [panel.model.index(r, 0).data(VALUE_ROLE)[0] for r in range(5)]
    assert values[0] in ("today", "yesterday") or values[0].endswith("days ago")
    assert all(v.endswith("ago") or v in ("today", "yesterday") for v in values)
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(search.SORT_ADDED))
    assert panel.model.index(0, 0).data(VALUE_ROLE)[0].startswith("added ")
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(search.SORT_NAME))
    assert panel.model.index(0, 0).data(VALUE_ROLE) is None  # by name: the name says it


def test_the_value_is_painted_in_the_row(qtbot, window):
    panel = window.list_panel
    panel.set_sort(search.SORT_BALANCE)
    rect = panel.view.visualRect(panel.model.index(1, 0))
    chip = QPoint(rect.right() - 20, rect.top() + rect.height() * 3 // 4)  # where the chip goes
    with_chip = panel.view.viewport().grab().toImage().pixelColor(chip)
    panel.delegate.value_kind = ""  # the same rows, the value not drawn
    without = panel.view.viewport().grab().toImage().pixelColor(chip)
    assert with_chip != without


def test_the_open_contact_stays_marked_after_a_search(qtbot, window):
    panel = window.list_panel
    panel.search_field.setText("amélie")
    panel.select_first()
    opened = window.contact_page.contact_id
    panel.search_field.setText("laurent")  # a new search: no row selected, the page unchanged
    assert window.contact_page.contact_id == opened and not panel.view.selectionModel().selectedRows()
    row = panel.model.row_of(opened)
    assert row >= 0 and panel.delegate.open_id == opened
    rect = panel.view.visualRect(panel.model.index(row, 0))
    img = panel.view.viewport().grab().toImage()
    mark = img.pixelColor(QPoint(rect.left() + 1, rect.center().y()))
    assert mark == panel.view.palette().color(QPalette.Highlight)
    other = next(r for r in range(panel.model.rowCount()) if r != row)
    orect = panel.view.visualRect(panel.model.index(other, 0))
    assert img.pixelColor(QPoint(orect.left() + 1, orect.center().y())) != mark


def test_ctrl_and_shift_select_several_and_the_bar_counts_them_and_offers_the_bulk_actions(qtbot, window):
    panel = window.list_panel
    view = panel.view
    bar = panel.selection_bar
    panel.set_current_row(0)
    assert not bar.isVisible()

    def click(row, modifier):
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, modifier, view.visualRect(panel.model.index(row, 0)).center())

    click(2, Qt.ControlModifier)
    assert bar.isVisible() and bar.count_label.text() == "2 selected"
    click(5, Qt.ShiftModifier)
    assert bar.count_label.text() == "5 selected" and len(panel.selected_ids()) == 5
    listed = [a.objectName() for a in bar.actions_listed()]
    assert {"exportAction", "deleteAction", "addTagAction", "setCircleAction", "archiveAction",
            "mergeSelectedAction"} <= set(listed)  # the window's own and the bulk actions' (bulk=True)
    assert "findDuplicatesAction" not in listed  # works on the whole list, not the selection
    assert all(window.action_set[name].property("bulk") for name in listed)
    bar._fill()
    assert [a.objectName() for a in bar.menu.actions()] == listed and bar.actions_button.isEnabled()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Escape)  # Esc keeps only the current row
    assert not bar.isVisible() and len(panel.selected_ids()) == 1


# --- the Network page ---------------------------------------------------------------------------------


def test_the_network_page_shows_the_sample_and_agrees_with_today(qtbot, window):
    window.show_page("network")
    page = window.page("network")
    qtbot.waitUntil(lambda: page.overview is not None and not page.loading, timeout=10000)
    o = page.overview
    assert page.meter.reading() is o.meter and page.meter.isVisible()  # the one meter, the network's reading
    assert (o.meter.given, o.meter.received) == (o.given, o.received)
    assert page.week_label.text() == f"This week: {o.this_week} of your weekly budget of {o.budget}"
    assert len(page.load_chart.weeks()) == 8 and page.groups_model.rowCount() == 5
    assert page.strongest_model.rowCount() == 10 and page.flow_label.text().startswith("Last 12 months")
    # One-sided, both ways, with what was exchanged; no "Takers (private)".
    assert page.you_give.names() and all(s.startswith("They have had ") for s in page.you_give.sentences())
    assert page.findChild(type(page.you_give), "theyGiveList") is page.they_give
    from desktop.ui.style.surfaces import Card

    assert "Takers (private)" not in [c.title_label.text() for c in page.findChildren(Card) if c.title_label]
    # Today suggests no ask of anyone listed as doing all the taking, and suggests some asks.
    listed = {r.contact_id for r in o.you_give}
    asks = today_service.today_overview(TODAY).asks
    assert asks and not listed & {a.contact_id for a in asks}
    # A name opens the contact.
    from desktop.ui.text import LinkLabel

    target = o.you_give[0]
    link = next(lab for lab in page.you_give.findChildren(LinkLabel) if lab.text() == target.name)
    qtbot.mouseClick(link, Qt.LeftButton)
    assert window.current_page() == "contacts" and window.contact_page.contact_id == target.contact_id


def test_the_meter_of_someone_listed_as_only_taking_suggests_no_ask(qtbot, window):
    from desktop.services import overview

    taker = overview.network_overview(TODAY).you_give[0]
    window.contacts_page.show_contact(taker.contact_id)
    reading = window.contact_page.meter.reading()
    assert reading.asks_available >= 1  # the rule of three alone would allow one
    assert window.contact_page.meter.text().endswith("Nothing has come back yet: no ask suggested")
