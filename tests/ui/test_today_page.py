"""The Today page driven with qtbot on a temporary database, with a fixed date. The page reads in a
worker thread: tests wait for the read (``loaded``) before looking at the rows."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolButton

from desktop.domain.contact import ContactData
from desktop.services import circles, contacts, groups, introductions, needs
from desktop.services import log as log_service
from desktop.services import today as today_service
from desktop.storage.models import Exchange, Interaction, Knows
from desktop.ui import workers
from desktop.ui.events import AppEvents
from desktop.ui.pages.today import TodayPage, TodayRow, due_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _reads_settled(db):
    """No read may outlive the test's database (set up after it, so torn down before it)."""
    yield
    workers.wait_for_all()


@pytest.fixture
def events():
    return AppEvents()


@pytest.fixture
def people(db):
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in ("Ana Lima", "Ben Ode", "Cy Tan")])
    return dict(zip(["ana", "ben", "cy"], ids))


def make_page(qtbot, events, today=TODAY, wait=True) -> TodayPage:
    page = TodayPage(events, today=today)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    if wait:
        settle(qtbot, page)
    return page


def settle(qtbot, page: TodayPage) -> None:
    """Wait until no read is under way (the rows show the database as it is now)."""
    qtbot.waitUntil(lambda: not page.loading and page.overview is not None, timeout=10000)


class Gate:
    """Stands in for today_service.today_overview: records each call and its thread, and holds it until opened."""

    def __init__(self):
        self.calls: list[tuple[dt.date, threading.Thread]] = []
        self.open = threading.Event()
        self.real = today_service.today_overview

    def __call__(self, today=None, **kw):
        self.calls.append((today, threading.current_thread()))
        assert self.open.wait(10)
        return self.real(today, **kw)


def click(qtbot, row: TodayRow, name: str) -> None:
    qtbot.mouseClick(row.findChild(QPushButton, name), Qt.LeftButton)


def test_empty_state_says_what_today_is_for(qtbot, db, events):
    page = make_page(qtbot, events)
    assert page.objectName() == "todayPage"
    assert page.item_refs() == []
    assert page.empty.isVisible()
    assert page.findChild(QLabel, "todayEmptyTitle").text() == "Nothing is due today."
    assert "circle" in page.findChild(QLabel, "todayEmptyText").text()
    assert page.summary_label.text() == "Nothing to do"
    assert page.section_counts() == {}


def test_sections_with_counts_and_plain_text(qtbot, people, events):
    bold = contacts.add_contact(ContactData(full_name="<b>Dee</b> Park"))
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"], people["ben"], bold])
    log_service.log("favour", [people["cy"]], TODAY - dt.timedelta(days=3), direction="received")
    page = make_page(qtbot, events)
    assert page.section_counts() == {"follow_up": 3, "owe": 1}
    assert not page.empty.isVisible()
    assert page.summary_label.text() == "4 things to do"
    row = page.row_for(f"follow_up:event:1:contact:{bold}")
    assert row.text_label.textFormat() == Qt.PlainText
    assert row.text_label.text() == "Follow up after meeting them"
    assert row.why_label.text().startswith("You met at Mixer on Fri 20 Nov; nothing logged with them since.")
    assert row.when_label.text() == "due today"
    person = row.parentWidget()
    assert person.objectName() == "todayItem"
    (name,) = person.findChildren(QLabel, "personName")
    assert name.textFormat() == Qt.PlainText and name.text() == "<b>Dee</b> Park"
    for b in row.findChildren(QPushButton) + row.findChildren(QToolButton):
        assert b.toolTip() and b.accessibleName()


def test_mark_done_removes_the_item_and_undo_brings_it_back(qtbot, people, events):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"], people["ben"]])
    page = make_page(qtbot, events)
    first, second = page.item_refs()
    with qtbot.waitSignal(page.item_done):
        click(qtbot, page.row_for(first), "doneButton")
    assert page.item_refs() == [second]
    assert page.section_counts() == {"follow_up": 1}
    assert page.undo_bar.isVisible() and "Marked done" in page.undo_label.text()
    settle(qtbot, page)
    assert page.item_refs() == [second]  # the read after the click agrees
    qtbot.mouseClick(page.undo_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.item_refs() == [first, second])
    # A fresh page reads the same state from the database.
    page.mark_done(first)
    assert make_page(qtbot, events).item_refs() == [second]


def test_snooze_a_day_then_it_is_back(qtbot, people, events):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"]])
    page = make_page(qtbot, events)
    (ref,) = page.item_refs()
    button = page.row_for(ref).findChild(QPushButton, "snoozeButton")
    actions = {a.objectName(): a for a in button.menu().actions()}
    assert set(actions) == {"snooze1", "snooze7"}
    with qtbot.waitSignal(page.item_snoozed):
        actions["snooze1"].trigger()
    assert page.item_refs() == []
    assert "Snoozed until Mon 23 Nov" in page.undo_label.text()
    settle(qtbot, page)
    assert page.item_refs() == []
    page.set_today(TODAY + dt.timedelta(days=1))
    qtbot.waitUntil(lambda: page.item_refs() == [ref])


def test_snooze_a_week(qtbot, people, events):
    log_service.log("favour", [people["cy"]], TODAY - dt.timedelta(days=3), direction="received")
    page = make_page(qtbot, events)
    page.snooze("owe:%d" % people["cy"], 7)
    assert page.item_refs() == []
    page.set_today(TODAY + dt.timedelta(days=6))
    settle(qtbot, page)
    assert page.item_refs() == [] and page.overview.today == TODAY + dt.timedelta(days=6)
    page.set_today(TODAY + dt.timedelta(days=7))
    qtbot.waitUntil(lambda: page.item_refs() == [f"owe:{people['cy']}"])


def test_checked_in_logs_a_check_in_and_tells_the_window(qtbot, people, events):
    circles.set_circle(people["ana"], "inner")
    log_service.log("call", [people["ana"]], TODAY - dt.timedelta(days=20))
    page = make_page(qtbot, events)
    assert page.item_refs() == [f"check_in:{people['ana']}"]
    row = page.row_for(f"check_in:{people['ana']}")
    assert row.findChild(QPushButton, "doneButton").text() == "Checked in"
    with qtbot.waitSignal(events.timeline_changed) as signal:
        click(qtbot, row, "doneButton")
    assert signal.args == [[people["ana"]]]
    assert Interaction.select().where(Interaction.channel == "check_in").count() == 1
    assert page.item_refs() == []
    assert not page.undo_button.isVisible()
    settle(qtbot, page)
    assert page.item_refs() == []


def test_refreshes_on_the_window_signals(qtbot, people, events):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"]])
    page = make_page(qtbot, events)
    assert len(page.item_refs()) == 1
    log_service.log("email", [people["ana"]], TODAY)
    events.timeline_changed.emit([people["ana"]])
    qtbot.waitUntil(lambda: page.item_refs() == [])
    groups.create_event("Gala", TODAY - dt.timedelta(days=3), met_ids=[people["ben"]])
    events.groups_changed.emit()
    qtbot.waitUntil(lambda: len(page.item_refs()) == 1)


def test_introduce_opens_the_introduction_dialog_filled_in(qtbot, people, events):
    needs.add_need(people["ana"], "needs a bookkeeper")
    needs.add_offer(people["ben"], "offers accounting")
    page = make_page(qtbot, events)
    ref = introductions.intro_ref(people["ana"], people["ben"])
    assert page.item_refs() == [ref]
    row = page.row_for(ref)
    reason = row.findChild(QLabel, "itemReason")
    assert reason.property("plain_text") == "Ana Lima needs a bookkeeper; Ben Ode offers accounting (same thing)"
    assert "<b>bookkeeper</b>" in reason.text() and "<b>accounting</b>" in reason.text()  # the words that matched
    click(qtbot, row, "introduceButton")
    dialog = page.intro_dialog
    assert dialog.isVisible()
    assert (dialog.a.contact_id(), dialog.b.contact_id()) == (people["ana"], people["ben"])
    assert dialog.why.text() == reason.property("plain_text")
    assert row.parentWidget().accessibleName() == "Ana Lima and Ben Ode"  # both, each a link
    with qtbot.waitSignal(events.timeline_changed) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert sorted(signal.args[0]) == sorted([people["ana"], people["ben"]])
    assert Exchange.get().kind == "introduction" and Knows.select().count() == 1
    assert ref not in page.item_refs()
    # The introduction was a gift to both: each relationship can now bear an ask.
    qtbot.waitUntil(lambda: page.section_counts() == {"ask": 2})
    assert page.row_for(f"ask:{people['ana']}").findChild(QPushButton, "logButton").text() == "Log the ask…"


def test_not_now_and_not_a_match_take_an_introduction_off_and_undo_brings_it_back(qtbot, people, events):
    needs.add_need(people["ana"], "needs a bookkeeper")
    needs.add_offer(people["ben"], "offers bookkeeping")
    needs.add_offer(people["cy"], "accounting")
    page = make_page(qtbot, events)
    first, second = page.item_refs()
    click(qtbot, page.row_for(first), "notNowButton")
    assert first not in page.item_refs() and Exchange.select().count() == 0
    assert page.undo_label.text().startswith("Not now: Introduce ")
    settle(qtbot, page)
    assert page.item_refs() == [second]
    assert [f.kind for f in introductions.feedback()] == ["not_now"]
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(page.undo_button, Qt.LeftButton)  # Undo: the suggestion is back
    settle(qtbot, page)
    assert sorted(page.item_refs()) == sorted([first, second]) and introductions.feedback() == []
    click(qtbot, page.row_for(second), "notAMatchButton")
    settle(qtbot, page)
    # Not a match: that pair and pairs like it (Ana's need for a bookkeeper met the same kind of offer).
    assert page.item_refs() == [] and [f.kind for f in introductions.feedback()] == ["not_a_match"]


def test_asks_you_can_make_and_log_in_place(qtbot, people, events, monkeypatch):
    log_service.log("favour", [people["cy"]], TODAY, weight=5)
    log_service.log("advice", [people["cy"]], TODAY, weight=2)
    log_service.log("favour", [people["cy"]], TODAY, weight=3, direction="received")  # not one-sided: askable
    calls = []
    from desktop.ui import dialogs

    monkeypatch.setattr(dialogs, "log_exchange", lambda parent, ev, ids, kind=None: calls.append((ids, kind)))
    page = make_page(qtbot, events)
    assert page.section_counts() == {"ask": 1}
    row = page.row_for(f"ask:{people['cy']}")
    assert row.text_label.text() == "You could ask: the relationship can bear 2 asks"
    assert row.why_label.text().startswith("You have given 7 lately (recent counts most) and not asked yet")
    click(qtbot, row, "logButton")
    assert calls == [([people["cy"]], "ask")]


def test_log_in_place_opens_the_log_dialog_for_that_person(qtbot, people, events, monkeypatch):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ben"]])
    calls = []
    from desktop.ui import dialogs

    monkeypatch.setattr(dialogs, "log_interaction", lambda parent, ev, ids: calls.append(ids))
    page = make_page(qtbot, events)
    click(qtbot, page.row_for(page.item_refs()[0]), "logButton")
    assert calls == [[people["ben"]]]


def test_due_text():
    assert due_text(TODAY, TODAY) == "due today"
    assert due_text(TODAY + dt.timedelta(days=1), TODAY) == "tomorrow"
    assert due_text(TODAY + dt.timedelta(days=4), TODAY) == "in 4 days, Thu 26 Nov"
    assert due_text(TODAY - dt.timedelta(days=1), TODAY) == "1 day overdue (due Sat 21 Nov)"


def test_renders_the_sample_network(qtbot, db, events, tmp_path):
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    page = make_page(qtbot, events)
    counts = page.section_counts()
    assert counts.get("check_in") and counts.get("intro") and counts.get("birthday")
    path = tmp_path / "today.png"
    assert page.grab().save(str(path)) and path.stat().st_size > 10_000


def test_the_sample_networks_introductions_read_off_the_page(qtbot, db, events):
    """The ten the sample network's Today suggests: each a need met by an offer of the same kind, the
    words that matched in bold; no pair that only shares letters (the old "knows" ~ "know-how")."""
    from desktop.services.sample import create_sample_network

    create_sample_network(today=TODAY)
    page = make_page(qtbot, events)
    qtbot.mouseClick(page.show_all, Qt.LeftButton)  # those not among the first things are behind "Show all"
    # Each introduction is ranked with everything else on the page: read them in the suggestions' order.
    rows = [page.row_for(s.ref) for s in page.overview.introductions]
    assert None not in rows and sorted(r.ref for r in rows) == sorted(r for r in page.item_refs() if r.startswith("intro:"))
    shown = []
    for row in rows:
        reason = row.findChild(QLabel, "itemReason")
        bold = re.findall(r"<b>(.*?)</b>", reason.text())
        shown.append((row.text_label.text().removeprefix("Introduce "), tuple(bold)))
    assert shown == [
        ("Amélie Laurent and Jürgen Müller", ("bookkeeper", "bookkeeping")),
        ("Amélie Laurent and Marcus Johnson", ("bookkeeper", "bookkeeping")),
        ("Tomás Ó Briain and Siobhán O'Brien", ("marketing help", "marketing strategy")),
        ("Ana Popescu and Jürgen Müller", ("bookkeeper", "bookkeeping")),
        ("João Silva and Wei Zhang", ("investors", "angel")),
        ("Wei Zhang and Isabela Costa", ("printer", "printing")),
        ("Arjun Iyer and Wei Zhang", ("investors", "angel")),
        ("Nadia Petrova and Siobhán O'Brien", ("marketing help", "marketing strategy")),
        ("João Silva and Hiroshi Sato", ("investors", "angel")),
        ("Wei Zhang and Yuki Tanaka", ("printer", "printing")),
    ]
    assert all("know-how" not in row.findChild(QLabel, "itemReason").property("plain_text") for row in rows)


def test_a_new_day_shows_when_the_page_comes_back(qtbot, people, events):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=1), met_ids=[people["ana"]])
    day = [TODAY]
    page = make_page(qtbot, events, today=lambda: day[0])
    assert page.item_refs() == []
    assert "Sunday 22 November" in page.date_label.text()
    page.hide()
    day[0] = TODAY + dt.timedelta(days=1)
    page.show()
    qtbot.waitUntil(lambda: len(page.item_refs()) == 1)
    assert "Monday 23 November" in page.date_label.text()


def test_shows_loading_at_once_then_the_items_read_in_a_worker(qtbot, people, events, monkeypatch):
    groups.create_event("Mixer", TODAY - dt.timedelta(days=2), met_ids=[people["ana"]])
    gate = Gate()
    monkeypatch.setattr(today_service, "today_overview", gate)
    page = make_page(qtbot, events, wait=False)
    # Built and shown before anything was read: the first card says "Loading…".
    assert page.loading and page.item_refs() == []
    assert page.summary_label.text() == "Loading…"
    assert not page.empty.isVisible()
    assert page.first.isVisible()
    assert [lab.text() for lab in page.first.findChildren(QLabel, "loadingLabel")] == ["Loading…"]
    assert "Sunday 22 November" in page.date_label.text()
    gate.open.set()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        pass
    assert page.item_refs() == [f"follow_up:event:1:contact:{people['ana']}"]
    assert page.section_counts() == {"follow_up": 1}
    assert not page.findChildren(QLabel, "loadingLabel")
    assert page.summary_label.text() == "1 thing to do"
    assert all(thread is not threading.main_thread() for _day, thread in gate.calls)


def test_a_newer_refresh_supersedes_an_older_one(qtbot, people, events, monkeypatch):
    log_service.log("favour", [people["cy"]], TODAY - dt.timedelta(days=3), direction="received")
    gate = Gate()
    monkeypatch.setattr(today_service, "today_overview", gate)
    page = make_page(qtbot, events, wait=False)
    qtbot.waitUntil(lambda: len(gate.calls) == 1)  # the first read is under way, held
    today_service.snooze(f"owe:{people['cy']}", 7, TODAY)
    events.timeline_changed.emit([people["cy"]])
    page.set_today(TODAY + dt.timedelta(days=8))
    loaded = []
    page.loaded.connect(lambda: loaded.append(page.overview.today))
    gate.open.set()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    # The refresh the signal asked for has run (its timer is done) and no read is under way.
    qtbot.waitUntil(lambda: not page._timer.isActive() and not page.loading, timeout=10000)
    # The first read's result was dropped; one more read ran, for the newest request only.
    assert [day for day, _thread in gate.calls] == [TODAY, TODAY + dt.timedelta(days=8)]
    assert loaded == [TODAY + dt.timedelta(days=8)]
    assert page.item_refs() == [f"owe:{people['cy']}"]
    assert "Monday 30 November" in page.date_label.text()


def test_a_failed_read_says_so(qtbot, people, events, monkeypatch, bugs):
    def broken(today=None, **kw):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(today_service, "today_overview", broken)
    page = make_page(qtbot, events, wait=False)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert page.summary_label.text() == "Could not read Today: disk on fire"
    assert page.section_counts() == {} and not page.findChildren(QLabel, "loadingLabel")
    assert [str(e) for e in bugs] == ["disk on fire"]  # not an error meant for a person: a bug, reported
    bugs.clear()


def test_the_first_read_waits_for_the_first_paint(qtbot, people, events, monkeypatch):
    """The read shares the interpreter with the UI thread: it must not hold up the window's first paint."""
    gate = Gate()
    gate.open.set()
    monkeypatch.setattr(today_service, "today_overview", gate)
    page = TodayPage(events, today=TODAY)
    qtbot.addWidget(page)
    QApplication.processEvents()  # every event the construction posted, well inside FIRST_READ_LATEST_MS
    assert gate.calls == [] and page.loading  # built, not painted: not read yet
    page.show()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert len(gate.calls) == 1
    # A page never painted (a window started minimised) reads anyway, a moment later.
    hidden = TodayPage(events, today=TODAY)
    qtbot.addWidget(hidden)
    qtbot.waitUntil(lambda: not hidden.loading, timeout=10000)
    assert len(gate.calls) == 2 and hidden.overview is not None
