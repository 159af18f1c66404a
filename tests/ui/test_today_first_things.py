"""Today puts first things first (issue 10): at most twelve people's things ranked, each person one
row with an avatar and a name that opens the contact, each thing saying why in context, buttons that
say what they do and line up, "Show all (N)" for the rest grouped by kind, and the Undo overlay that
does not move the page. Driven through the real widgets on a temporary database, on a fixed date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QToolButton

from desktop.domain.contact import ContactData
from desktop.services import circles, contacts, groups
from desktop.services import log as log_service
from desktop.services.timeline import log_exchange
from desktop.ui import workers
from desktop.ui.events import AppEvents
from desktop.ui.pages.today import TodayPage, TodayRow
from desktop.ui.style.audit import clipped
from desktop.ui.widgets.avatar import Avatar

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)
D = dt.timedelta


@pytest.fixture(autouse=True)
def _reads_settled(db):
    yield
    workers.wait_for_all()


@pytest.fixture
def events():
    return AppEvents()


def make_page(qtbot, events, width=1000) -> TodayPage:
    page = TodayPage(events, today=TODAY)
    qtbot.addWidget(page)
    page.resize(width, 760)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.overview is not None, timeout=10000)
    return page


def people(*names):
    return contacts.insert_contacts([ContactData(full_name=n) for n in names])


def test_a_promise_comes_before_a_birthday_and_one_person_is_one_row(qtbot, db, events):
    ana, ben = people("Ana Lima", "Ben Ode")
    contacts.update_fields(ben, circle="inner", priority=2)
    record = contacts.load_record(ben).data
    record.birthday = "1980-11-22"
    contacts.replace_contact(ben, record)
    log_service.log("favour", [ana], TODAY - D(5), status="promised")
    log_service.log("referral", [ana], TODAY - D(4), direction="received")
    page = make_page(qtbot, events)
    rows = page.person_rows()
    assert [r.accessibleName() for r in rows] == ["Ana Lima", "Ben Ode"]  # the promise first, the birthday after
    ana_lines = [line.text_label.text() for line in rows[0].findChildren(TodayRow)]
    assert ana_lines[0] == "Keep your promise: a favour"
    assert "Thank them for the referral of 18 Nov" in ana_lines  # her other things join her row
    assert [line.text_label.text() for line in rows[1].findChildren(TodayRow)] == ["Birthday today (turns 46)"]
    for row in rows:
        assert row.objectName() == "todayItem"
        assert row.findChild(Avatar) is not None


def test_at_most_twelve_people_first_then_show_all_by_kind(qtbot, db, events):
    ids = people(*[f"Person {n:02d}" for n in range(20)])
    for n, cid in enumerate(ids):
        circles.set_circle(cid, "inner" if n < 3 else "close")
        log_service.log("call", [cid], TODAY - D(40 + n))
    groups.create_event("Mixer", TODAY - D(2), met_ids=ids[15:17])
    page = make_page(qtbot, events)
    assert len(page.person_rows()) == 12
    # The three inner-circle check-ins and the two follow-ups rank above the wider circle.
    names = [r.accessibleName() for r in page.person_rows()]
    assert set(names[:5]) == {"Person 00", "Person 01", "Person 02", "Person 15", "Person 16"}
    # 20 things: a check-in for each of the 18 not met since, and two follow-ups (meeting the other two
    # at the mixer was a touch, so their check-ins are not due).
    assert len(page.overview.things) == 20 and len(page.item_refs()) == 12
    show_all = page.findChild(QPushButton, "todayShowAll")
    assert show_all.isVisible() and show_all.text() == "Show all (8)"
    assert not page.rest.isVisible()
    qtbot.mouseClick(show_all, Qt.LeftButton)
    assert page.rest.isVisible() and show_all.text() == "Show less"
    group = page.sections["check_in"]
    assert group.isVisible() and group.count() == 8 and group.header.text() == "Check-ins due (8)"
    assert len(page.item_refs()) == 20  # the first rows' 12, then the 8 in their group
    assert not page.sections["follow_up"].isVisible()  # both follow-ups are among the first
    header = group.findChild(QToolButton, "groupHeader")
    qtbot.mouseClick(header, Qt.LeftButton)  # folds the group away
    assert not group.body.isVisible() and group.isVisible()
    qtbot.mouseClick(header, Qt.LeftButton)
    assert group.body.isVisible()


def test_each_thing_says_why_in_context(qtbot, db, events):
    ana, wei = people("Ana Lima", "Wei Zhang")
    log_exchange([ana], "introduction", "received", dt.date(2026, 10, 11), third_party_id=wei)
    circles.set_circle(wei, "close")
    log_service.log("call", [wei], dt.date(2026, 9, 1))
    page = make_page(qtbot, events)
    owe = page.row_for(f"owe:{ana}")
    assert owe.text_label.text() == "Give something back"
    assert owe.why_label.text() == "They introduced you to Wei Zhang on 11 Oct; you have given nothing back since."
    check = page.row_for(f"check_in:{wei}")
    # (Being introduced to Wei is not being in touch with Wei: the introduction came from Ana.)
    assert check.why_label.text() == "In your close circle: every 30 days; last in touch 1 Sep, 82 days ago."
    assert owe.findChild(QPushButton, "logButton").text() == "Give back…"
    assert check.findChild(QPushButton, "doneButton").text() == "Checked in"


def test_the_name_opens_the_contact(qtbot, db, events):
    (ana,) = people("Ana Lima")
    log_service.log("favour", [ana], TODAY - D(3), direction="received")
    page = make_page(qtbot, events)
    (link,) = page.person_rows()[0].findChildren(QLabel, "personName")
    with qtbot.waitSignal(events.contact_requested) as signal:
        qtbot.mouseClick(link, Qt.LeftButton)
    assert signal.args == [ana]


def test_buttons_line_up_and_nothing_is_clipped(qtbot, db, events):
    ids = people("Ana Lima", "Ben Ode", "Cy Tan", "Dee Park")
    log_service.log("favour", [ids[0]], TODAY - D(3), direction="received")  # owe
    log_service.log("favour", [ids[1]], TODAY - D(1), status="promised")  # promise
    groups.create_event("Mixer", TODAY - D(2), met_ids=[ids[2]])  # follow-up
    circles.set_circle(ids[3], "inner")  # check-in
    log_service.log("call", [ids[3]], TODAY - D(30))
    page = make_page(qtbot, events)
    assert len(page.person_rows()) == 4
    qtbot.waitUntil(lambda: all(r.isVisible() for r in page.person_rows()))
    for name in ("logButton", "doneButton", "snoozeButton"):
        buttons = [page.row_for(ref).findChild(QPushButton, name) for ref in page.item_refs()]
        lefts = {b.mapTo(page, QPoint(0, 0)).x() for b in buttons}
        widths = {b.width() for b in buttons}
        assert len(lefts) == 1 and len(widths) == 1, (name, lefts, widths)
    assert clipped(page) == []


def test_the_undo_overlay_does_not_move_the_page(qtbot, db, events):
    ids = people("Ana Lima", "Ben Ode")
    groups.create_event("Mixer", TODAY - D(2), met_ids=ids)
    page = make_page(qtbot, events)
    first_ref, second_ref = page.item_refs()
    top = page.first.mapTo(page, QPoint(0, 0))
    qtbot.mouseClick(page.row_for(first_ref).findChild(QPushButton, "doneButton"), Qt.LeftButton)
    assert page.undo_bar.isVisible() and page.undo_label.text().startswith("Marked done: Ana Lima")
    assert page.first.mapTo(page, QPoint(0, 0)) == top  # the overlay floats over the page
    assert page.undo_bar.geometry().bottom() < page.height() and page.undo_bar.parentWidget() is page
    qtbot.mouseClick(page.undo_button, Qt.LeftButton)  # through the one undo history
    qtbot.waitUntil(lambda: page.item_refs() == [first_ref, second_ref], timeout=10000)
    assert not page.undo_bar.isVisible()


def test_the_sample_networks_first_things_read_off_the_page(qtbot, db, events):
    """The sample network's Today: twelve people first, the thanks for referrals at the top, every line
    saying why, and the rest behind "Show all"."""
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    page = make_page(qtbot, events)
    rows = page.person_rows()
    assert len(rows) == 12
    first = [line.text_label.text() for line in rows[0].findChildren(TodayRow)]
    assert rows[0].accessibleName() == "Isabela Costa" and first[0] == "Thank them for the referral of 3 Oct"
    best = [max(t.score for t in row) for row in page.overview.first]
    assert best == sorted(best, reverse=True)  # ranked
    for row in rows:
        for line in row.findChildren(TodayRow):
            why = line.why_label.text() or line.findChild(QLabel, "itemReason").property("plain_text")
            assert why, line.ref
    shown = {line.ref for row in rows for line in row.findChildren(TodayRow)}
    assert page.show_all.text() == f"Show all ({page.overview.count - len(shown)})"
