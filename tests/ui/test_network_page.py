"""The Network page, its table models and the group and event forms, driven with qtbot."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel

from desktop.domain.contact import ContactData
from desktop.services import contacts, groups
from desktop.services import today as today_service
from desktop.services.log import log
from desktop.services.settings import set_setting
from desktop.storage.models import Event, EventAttendee, NetworkGroup
from desktop.ui.events import AppEvents
from desktop.ui.pages.charts import GivenReceivedChart, nice_ceiling
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter
from desktop.ui.pages.group_forms import EventDialog, GroupDialog
from desktop.ui.pages.network import NetworkPage
from desktop.ui.models.rows import ID_ROLE
from desktop.ui.pages.network_models import GroupReturnModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def events():
    return AppEvents()


@pytest.fixture
def people(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    return dict(zip(["ana", "ben", "cy"], ids))


def make_page(qtbot, events, today=TODAY) -> NetworkPage:
    page = NetworkPage(events, today=today)
    qtbot.addWidget(page)
    page.resize(1000, 1100)
    page.show()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)  # it reads in a worker
    return page


def test_empty_network_says_what_to_do(qtbot, db, events):
    page = make_page(qtbot, events)
    assert page.objectName() == "networkPage"
    chart = page.findChild(GivenReceivedChart, "givenReceivedChart")
    assert len(chart.months()) == 12 and not any(m.given or m.received for m in chart.months())
    assert page.groups_empty.isVisible() and not page.groups_table.isVisible()
    assert page.you_give.empty.isVisible() and page.they_give.empty.isVisible() and page.strongest_empty.isVisible()
    assert page.findChild(QLabel, "networkPeople").text().startswith("Log what you give")
    assert not page.burnout.isVisible()


def test_chart_has_the_last_twelve_months(qtbot, people, events):
    log("favour", [people["ana"]], dt.date(2026, 11, 3), weight=4)
    log("referral", [people["ben"]], dt.date(2026, 1, 15), direction="received")
    log("favour", [people["ana"]], dt.date(2025, 11, 30))  # thirteen months back: not shown
    page = make_page(qtbot, events)
    months = page.chart.months()
    assert [(m.year, m.month) for m in months][0] == (2025, 12)
    assert [(m.year, m.month) for m in months][-1] == (2026, 11)
    assert (months[-1].given, months[-1].received) == (4, 0)
    assert (months[1].given, months[1].received) == (0, 3)
    assert "January 2026: given 0, received 3" in page.chart.accessibleDescription()
    # Hovering a month shows its figures.
    slot = page.chart._slot(page.chart._plot_rect(), 11)
    assert page.chart.month_at(QPointF(slot.center().x(), slot.center().y())) == 11


def test_meter_strongest_takers_and_burnout(qtbot, people, events):
    set_setting("weekly_giving_budget", 2)
    for week in range(4):
        log("favour", [people["cy"]], TODAY - dt.timedelta(days=7 * week), weight=3)
    log("advice", [people["ana"]], TODAY, direction="received")
    page = make_page(qtbot, events)
    meter = page.findChild(ReciprocityMeter, "reciprocityMeter")  # the one meter widget, as on a contact page
    assert meter.lean() > 0 and "giving" in meter.accessibleDescription().lower()
    assert meter.given_label.text() == f"You gave {round(page.overview.given)}"
    assert meter.received_label.text() == "Your network gave 1"
    assert [r.name for r in page.strongest_model.rows()] == ["Cy Tan", "Ana Lima"]
    assert page.you_give.names() == ["Cy Tan"] and page.they_give.names() == []
    assert page.you_give.sentences() == ["They have had 4 favours from you in the last 12 months, nothing back."]
    assert page.burnout.isVisible()
    text = page.findChild(QLabel, "burnoutText").text()
    assert "weekly budget of 2" in text and text.endswith("give back.")
    assert page.week_label.text() == "This week: 3 of your weekly budget of 2"
    assert [w.given for w in page.load_chart.weeks()][-4:] == [3, 3, 3, 3] and len(page.load_chart.over_budget()) == 4


def test_groups_table_rows_and_return(qtbot, people, events, qtmodeltester):
    gid = groups.create_group("City Chamber", "chamber", 45000, member_ids=[people["ana"]])
    groups.create_group("Leads Circle", "leads_group", 60000)
    groups.create_event("Mixer", TODAY - dt.timedelta(days=5), group_id=gid, hours=2.5, cost_cents=3000)
    log("referral", [people["ana"]], TODAY, direction="received")
    page = make_page(qtbot, events)
    model = page.groups_table.model()
    assert model.rowCount() == 2
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Group", "Hours", "Spent", "Came back"]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["City Chamber", "2.5", "480", "1 referral"]
    assert [model.index(1, c).data() for c in range(1, 4)] == ["0", "600", "nothing yet"]
    assert model.index(0, 0).data(ID_ROLE) == gid
    qtmodeltester.check(model)
    # Sorting by a column sticks across a refresh.
    page.groups_table.sortByColumn(2, Qt.DescendingOrder)
    assert model.index(0, 0).data() == "Leads Circle"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    assert model.index(0, 0).data() == "Leads Circle"
    page.groups_table.selectRow(0)
    assert page.selected_group_id() != gid


def test_refreshes_when_groups_change(qtbot, people, events):
    page = make_page(qtbot, events)
    assert page.groups_model.rowCount() == 0
    groups.create_group("Founders Breakfast", "event_series")
    events.groups_changed.emit()
    qtbot.waitUntil(lambda: page.groups_model.rowCount() == 1)
    assert page.groups_table.isVisible()


def test_model_tester_on_empty_and_sorted(qtmodeltester):
    model = GroupReturnModel()
    qtmodeltester.check(model)
    row = groups.GroupReturn(1, "A & <b>", "chamber", 1, 1, 1.0, 100, 0, 0, 0)
    model.set_rows([row])
    assert model.index(0, 0).data() == "A & <b>"
    qtmodeltester.check(model)


def test_group_dialog_creates_and_edits(qtbot, people, events):
    dialog = GroupDialog(None, events)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("City Chamber")
    dialog.kind.setCurrentIndex(dialog.kind.findData("chamber"))
    dialog.fee.setText("1,200.50")
    dialog.members.set_contact_ids([people["ana"], people["ben"]])
    with qtbot.waitSignal(events.groups_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    g = NetworkGroup.get()
    assert (g.name, g.kind, g.yearly_fee_cents) == ("City Chamber", "chamber", 120050)
    assert sorted(groups.get_group(g.id).member_ids) == sorted([people["ana"], people["ben"]])

    edit = GroupDialog(None, events, g.id)
    qtbot.addWidget(edit)
    assert edit.fee.text() == "1,200.50" and edit.members.contact_ids() == [people["ana"], people["ben"]]
    edit.fee.setText("abc")
    qtbot.mouseClick(edit.ok_button, Qt.LeftButton)
    assert "fee" in edit.errors_shown()
    edit.fee.setText("")
    edit.name.setText("")
    qtbot.mouseClick(edit.ok_button, Qt.LeftButton)
    assert edit.errors_shown() == {"name": "Give the group a name."}


def test_group_dialog_refuses_a_duplicate_name(qtbot, people, events):
    groups.create_group("Leads")
    dialog = GroupDialog(None, events)
    qtbot.addWidget(dialog)
    dialog.name.setText("leads")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "already a group called" in dialog.errors_shown()["name"]
    assert NetworkGroup.select().count() == 1


def test_event_dialog_met_several_people_in_one_step(qtbot, people, events):
    gid = groups.create_group("City Chamber", "chamber")
    dialog = EventDialog(None, events, group_id=gid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.group.currentData() == gid and dialog.add_to_group.isEnabled()
    dialog.name.setText("Autumn mixer")
    dialog.hours.setValue(2.5)
    dialog.cost.setText("30")
    dialog.met.set_contact_ids([people["ana"], people["ben"], people["cy"]])
    with qtbot.waitSignals([events.groups_changed, events.contacts_changed]):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    ev = Event.get()
    assert (ev.name, ev.hours, ev.cost_cents, ev.group_id) == ("Autumn mixer", 2.5, 3000, gid)
    assert EventAttendee.select().count() == 3
    assert len(groups.get_group(gid).member_ids) == 3
    # Each person met gets a follow-up two days after the event.
    due = ev.date + dt.timedelta(days=2)
    assert [it.kind for it in today_service.today_list(due)] == ["follow_up"] * 3


def test_event_dialog_without_group_and_with_a_half_typed_name(qtbot, people, events):
    dialog = EventDialog(None, events)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.group.currentData() is None and not dialog.add_to_group.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "name" in dialog.errors_shown()
    dialog.name.setText("Gala")
    dialog.met.line_edit.setText("Nobo")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "met" in dialog.errors_shown()
    assert Event.select().count() == 0


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0, 0.3, 1, 3, 7, 13, 21, 99)] == [5, 0.5, 1, 5, 10, 20, 25, 100]


def test_renders_the_sample_network(qtbot, db, events, tmp_path):
    from desktop.services.sample import create_sample_network
    from desktop.ui.style import colors

    create_sample_network(today=TODAY)
    page = make_page(qtbot, events)
    assert page.groups_model.rowCount() == 5
    assert any(m.given for m in page.chart.months()) and any(m.received for m in page.chart.months())
    path = tmp_path / "network.png"
    assert page.grab().save(str(path)) and path.stat().st_size > 10_000
    assert colors.given_color() != colors.received_color()


def test_colours_follow_a_switch_to_the_dark_palette(qtbot, people, events):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from desktop.ui.style import colors

    app = QApplication.instance()
    before = app.palette()
    page = make_page(qtbot, events)
    given = page.meter.given_label
    light_given = given.palette().color(QPalette.WindowText)
    try:
        app.setPalette(colors.dark_palette())
        qtbot.waitUntil(lambda: given.palette().color(QPalette.WindowText) != light_given)
        assert given.palette().color(QPalette.WindowText) == colors.given_color()
        muted = page.findChild(QLabel, "cardSubtitle").palette().color(QPalette.WindowText)
        assert muted == colors.muted_text()
    finally:
        app.setPalette(before)
