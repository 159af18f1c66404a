"""The Groups & Events page in the real window (issue 12, point 1): Ctrl+4, a group and an event made
through their forms with two people met picked as chips, the event on both people's timelines, "How we
met" opening it, people met added in one step, Delete and Ctrl+Z; its models under qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.domain.contact import ContactData
from desktop.domain.kinds import EVENT
from desktop.services import contacts, group_reports, groups, timeline
from desktop.ui.models.group_models import EventsModel, GroupsModel, PeopleModel
from desktop.ui.models.rows import ID_ROLE
from desktop.ui.models.timeline_model import DETAIL_ROLE, ENTRY_ROLE
from desktop.ui.text import LinkLabel

from windows import in_modal, windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def people(db):
    names = ("Ana Lima", "Ben Ode", "Cy Tan")
    ids = contacts.insert_contacts([ContactData(full_name=n, organization="Acme") for n in names])
    return dict(zip(["ana", "ben", "cy"], ids))


@pytest.fixture
def make_window(qtbot, db, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY, active=True, journal=True) as make:
        yield make


def _page(qtbot, w):
    page = w.page("groups")
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    return page


def _timeline_events(w, cid: int) -> list[str]:
    w.contacts_page.show_contact(cid)
    model = w.contact_page.timeline.timeline_model
    entries = [model.index(r, 0).data(ENTRY_ROLE) for r in range(model.rowCount())]
    return [e.summary for e in entries if e is not None and e.entry_kind == EVENT]


def test_a_group_and_an_event_with_two_people_met_picked_as_chips(qtbot, people, make_window):
    w = make_window()
    qtbot.keyClick(w, Qt.Key_4, Qt.ControlModifier)
    assert w.current_page() == "groups" and [w.nav.item(i).text() for i in range(4)] == [
        "Today", "Contacts", "Network", "Groups & Events"]
    page = _page(qtbot, w)
    assert page.groups_empty.isVisible() and page.events_empty.isVisible()

    def fill_group(d):
        qtbot.keyClicks(d.name, "City Chamber")
        d.kind.setCurrentIndex(d.kind.findData("chamber"))
        qtbot.keyClicks(d.fee, "450")
        qtbot.mouseClick(d.ok_button, Qt.LeftButton)

    in_modal("groupDialog", fill_group)
    qtbot.mouseClick(page.new_group_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.groups_model.rowCount() == 1 and page.stack.currentIndex() == 1, timeout=10000)
    assert page.group_title.text() == "City Chamber"
    assert page.group_facts.text() == "Chamber of commerce · 450 a year · 0 members · 0 events"

    def fill_event(d):
        assert d.group.currentData() == page.chosen_id("group")  # a new event of the group shown
        qtbot.keyClicks(d.name, "Autumn mixer")
        d.date.setDate(d.date.date().fromString("2026-11-20", "yyyy-MM-dd"))
        for typed in ("ana", "ben"):  # type-ahead, several people at once
            qtbot.keyClicks(d.met.line_edit, typed)
            qtbot.keyClick(d.met.line_edit, Qt.Key_Return)
        assert d.met.chip_names() == ["Ana Lima", "Ben Ode"]
        d.hours.setValue(2.5)
        qtbot.mouseClick(d.ok_button, Qt.LeftButton)

    in_modal("eventDialog", fill_event)
    qtbot.mouseClick(page.group_event_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 2 and page.attendees_model.rowCount() == 2, timeout=10000)
    assert page.event_title.text() == "Autumn mixer"
    assert page.event_facts.text() == "Friday 20 Nov 2026 · 2.5 hours"
    assert page.event_group_link.text() == "Held by City Chamber"
    assert [r.name for r in page.attendees_model.rows()] == ["Ana Lima", "Ben Ode"]
    assert page.events_table.selectionModel().selectedRows()[0].data(ID_ROLE) == page.chosen_id(EVENT)

    # On both people's timelines, with its icon; and they joined the group.
    for who in ("ana", "ben"):
        assert _timeline_events(w, people[who]) == ["Autumn mixer"]
    assert _timeline_events(w, people["cy"]) == []
    model = w.contact_page.timeline.timeline_model
    w.contacts_page.show_contact(people["ana"])
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ENTRY_ROLE) is not None)
    assert model.index(row, 0).data() == "Event: Autumn mixer"
    assert model.index(row, 0).data(DETAIL_ROLE) == "City Chamber · met Ben Ode"
    assert w.contact_page.status_label.text() == "Last contact 2 days ago"  # the day itself in the tooltip
    assert "Last contact on 2026-11-20" in w.contact_page.status_label.toolTip()
    assert set(groups.get_group(groups.find_group("City Chamber")).member_ids) == {people["ana"], people["ben"]}

    # The group's link on the event opens the group, now with its members and event.
    w.show_page("groups")
    qtbot.mouseClick(page.event_group_link, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1 and page.members_model.rowCount() == 2, timeout=10000)
    assert [e.name for e in page.group_events_model.rows()] == ["Autumn mixer"]
    assert "2.5 hours at 1 event" in page.return_label.text()


def test_how_we_met_opens_the_event_and_people_met_are_added_in_one_step(qtbot, people, make_window):
    eid = groups.create_event("Autumn mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"]])
    w = make_window()
    w.show_page("contacts")
    w.contacts_page.show_contact(people["ana"])
    link = w.contact_page.details.findChild(LinkLabel, "metEventLink")
    assert link is not None and link.text() == f"At Autumn mixer ({TODAY - dt.timedelta(days=2)})"
    qtbot.mouseClick(link, Qt.LeftButton)
    assert w.current_page() == "groups"
    page = _page(qtbot, w)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 2, timeout=10000)
    assert page.chosen == (EVENT, eid) and page.event_title.text() == "Autumn mixer"

    # Two more people met, picked in the page's own field and added with one click (one undo step).
    assert not page.add_met_button.isEnabled()
    qtbot.keyClicks(page.met_picker.line_edit, "lima")  # met there already: not suggested
    qtbot.keyClick(page.met_picker.line_edit, Qt.Key_Return)
    assert page.met_picker.chip_names() == [] and not page.add_met_button.isEnabled()
    page.met_picker.line_edit.clear()
    for typed in ("ben", "cy"):
        qtbot.keyClicks(page.met_picker.line_edit, typed)
        qtbot.keyClick(page.met_picker.line_edit, Qt.Key_Return)
    assert page.add_met_button.isEnabled()
    with qtbot.waitSignal(w.events.timeline_changed, timeout=5000) as changed:
        qtbot.mouseClick(page.add_met_button, Qt.LeftButton)
    assert set(changed.args[0]) == {people["ben"], people["cy"]}
    qtbot.waitUntil(lambda: page.attendees_model.rowCount() == 3, timeout=10000)
    assert page.met_picker.contact_ids() == []
    assert w.action_set["undoAction"].text() == "&Undo adding Ben Ode and 1 other to Autumn mixer"
    assert _timeline_events(w, people["cy"]) == ["Autumn mixer"]

    # An event on a timeline opens on the page too (Enter on it, as on any entry).
    w.show_page("contacts")
    w.contacts_page.show_contact(people["cy"])
    view = w.contact_page.timeline
    index = next(view.model().index(r, 0) for r in range(view.model().rowCount())
                 if view.model().index(r, 0).data(ENTRY_ROLE) is not None)  # fmt: skip
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Return)
    assert w.current_page() == "groups" and page.chosen == (EVENT, eid)


def test_deleting_an_event_goes_to_the_trash_and_ctrl_z_brings_it_back(qtbot, people, make_window):
    eid = groups.create_event("Autumn mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"], people["ben"]])
    w = make_window()
    w.groups.show_event(eid)
    page = _page(qtbot, w)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 2, timeout=10000)
    with qtbot.waitSignal(w.events.timeline_changed, timeout=5000):
        qtbot.mouseClick(page.delete_event_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.events_model.rowCount() == 0 and page.stack.currentIndex() == 0, timeout=10000)
    assert "Moved the event “Autumn mixer” to the trash" in w.statusBar().currentMessage()
    assert _timeline_events(w, people["ana"]) == []
    assert w.action_set["undoAction"].text() == "&Undo delete of the event Autumn mixer"
    w.show_page("groups")
    with qtbot.waitSignal(w.history.applied, timeout=10000):
        qtbot.keyClick(w, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.events_model.rowCount() == 1, timeout=10000)
    assert _timeline_events(w, people["ana"]) == ["Autumn mixer"]
    assert _timeline_events(w, people["ben"]) == ["Autumn mixer"]

    # Delete on the events list does the same; the Trash dialog lists it.
    w.show_page("groups")
    page.show_event(eid)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 2, timeout=10000)
    page.events_table.setFocus()
    with qtbot.waitSignal(w.events.groups_changed, timeout=5000):
        qtbot.keyClick(page.events_table, Qt.Key_Delete)
    from desktop.services import trash

    assert [(i.kind, i.id) for i in trash.list_trash()] == [(EVENT, eid)]


def test_the_page_models_pass_the_model_tester(qtmodeltester, people):
    gid = groups.create_group("City Chamber", "chamber", yearly_fee_cents=45000, member_ids=[people["ana"]])
    eid = groups.create_event("Mixer", TODAY, group_id=gid, hours=2, cost_cents=1500,
                              met_ids=[people["ben"], people["cy"]])  # fmt: skip
    groups.create_event("Breakfast", TODAY - dt.timedelta(days=40))
    overview = group_reports.overview()
    for model, rows in ((GroupsModel(), overview.groups), (EventsModel(), overview.events),
                        (PeopleModel(), group_reports.group_detail(gid, TODAY).members),
                        (PeopleModel(), group_reports.event_detail(eid).people)):  # fmt: skip
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model)
        model.sort(0, Qt.DescendingOrder)
        qtmodeltester.check(model)
    events = EventsModel()
    events.set_rows(overview.events)
    assert [events.index(r, 1).data() for r in range(2)] == ["Mixer", "Breakfast"]
    assert events.index(0, 5).data() == "15" and events.index(0, 3).data() == "2"
    assert events.index(0, 0).data(ID_ROLE) == eid


def test_a_group_with_a_hostile_name_is_shown_as_typed(qtbot, people, make_window):
    hostile = "<b>Bold</b> & co"
    gid = groups.create_group(hostile, notes="<i>notes</i>")
    w = make_window()
    w.groups.show_group(gid)
    page = _page(qtbot, w)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=10000)
    assert page.group_title.text() == hostile and page.group_title.textFormat() == Qt.PlainText
    assert page.group_notes.text() == "<i>notes</i>" and page.group_notes.textFormat() == Qt.PlainText
    tip = page.groups_model.index(0, 0).data(Qt.ToolTipRole)
    assert "&lt;b&gt;" in tip and "<b>" not in tip


def test_a_deleted_event_and_group_come_back_from_the_trash_dialog(qtbot, people):
    from desktop.ui.dialogs.trash_dialog import TrashDialog
    from desktop.ui.events import AppEvents

    gid = groups.create_group("Rotary")
    eid = groups.create_event("Dinner", TODAY, group_id=gid, met_ids=[people["ana"]])
    groups.delete_event(eid)
    groups.delete_group(gid)
    events = AppEvents()
    d = TrashDialog(None, events)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: not d.loading, timeout=10000)
    rows = {d.trash_model.index(r, 1).data(): d.trash_model.index(r, 0).data() for r in range(d.trash_model.rowCount())}
    assert rows == {"Event": f"{TODAY} Dinner", "Group": "Rotary"}
    d.trash_table.selectAll()
    with qtbot.waitSignals([events.groups_changed, events.timeline_changed], timeout=10000):
        d.restore_selected()
    assert groups.get_event(eid).group_name == "Rotary"
    assert [e.summary for e in timeline.timeline(people["ana"])] == ["Dinner"]
    d.close()


def test_every_control_of_the_page_is_named_and_explained(qtbot, people, make_window):
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QPushButton

    eid = groups.create_event("Mixer", TODAY, met_ids=[people["ana"]])
    w = make_window()
    for show in (lambda: w.groups.show_event(eid), lambda: w.groups.show_group(groups.create_group("Rotary"))):
        show()
        page = _page(qtbot, w)
        qtbot.waitUntil(lambda: page.stack.currentIndex() in (1, 2) and not page.loading, timeout=10000)
        for cls in (QPushButton, QLineEdit, QAbstractItemView):
            for control in page.findChildren(cls):
                if control.isVisibleTo(page) and not isinstance(control, QHeaderView):  # headers: the model's
                    assert control.accessibleName() and control.toolTip(), (cls.__name__, control.objectName())


def test_the_return_chart_names_the_month_under_the_pointer(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QToolTip

    from desktop.services.group_reports import ReturnMonth
    from desktop.ui.pages.group_chart import ReturnChart, month_words

    chart = ReturnChart()
    qtbot.addWidget(chart)
    months = [ReturnMonth(2026, m, events=m % 2, hours=1.5 * (m % 2), came_back=m) for m in range(1, 13)]
    chart.set_months(months)
    chart.resize(600, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    plot = chart._plot_rect()
    x = plot.left() + plot.width() / 12 * 4.5  # the middle of May
    qtbot.mouseMove(chart, QPoint(int(x), int(plot.center().y())))
    qtbot.waitUntil(lambda: chart._hover == 4)
    qtbot.waitUntil(lambda: QToolTip.text() == month_words(months[4]))
    assert month_words(months[4]).startswith("May 2026: put in 1 event, 1.5 h; came back 5")
