"""The knows graph in the real window: a link added on the contact page, "Who can introduce me…" to
someone two links away and its Ask… (Log exchange opens as an ask, prefilled), a link removed and
undone, and the Graph page (centre with the search box, click someone, their contact opens)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from desktop.domain.contact import ContactData
from desktop.services import contacts, knows
from desktop.services import log as log_service

from windows import windows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def people(db):
    names = ["Julia Weber", "Omar Haddad", "Wei Lin", "Sven Berg"]
    ids = dict(zip(["julia", "omar", "wei", "sven"], contacts.insert_contacts([ContactData(full_name=n) for n in names])))
    for _ in range(3):  # you gave Julia three favours this year
        log_service.log("favour", [ids["julia"]], TODAY - dt.timedelta(days=30))
    return ids


@pytest.fixture
def window(qtbot, people, db_path, tmp_path):
    with windows(qtbot, db_path, tmp_path, TODAY) as make:
        yield make()


def show_contact(qtbot, w, cid: int) -> None:
    w.show_page("contacts")
    page = w.contact_page
    with qtbot.waitSignal(page.knows_loaded, timeout=10000):
        w.contacts_page.show_contact(cid)


def pick(qtbot, picker, text: str) -> None:
    qtbot.keyClicks(picker.line_edit, text)
    qtbot.waitUntil(lambda: picker._model.rowCount() > 0, timeout=5000)
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)


def test_a_link_added_on_the_contact_page_then_who_can_introduce_me_and_ask(qtbot, window, people):
    w, page = window, window.contact_page
    show_contact(qtbot, w, people["julia"])
    assert page.knows_panel.shown_names() == [] and page.knows_panel.empty.text().startswith("No one yet.")
    qtbot.mouseClick(page.knows_panel.add_button, Qt.LeftButton)
    dialog = w.knows.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Who does Julia Weber know?"
    pick(qtbot, dialog.other, "Omar")
    dialog.how.setCurrentText("friend")
    with qtbot.waitSignal(page.knows_loaded, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert page.knows_panel.shown_names() == ["Omar Haddad"]
    assert w.action_set["undoAction"].text() == "&Undo link: Julia Weber knows Omar Haddad (friend)"

    # Omar is two links away from you (you → Julia → Omar): ask who can introduce you, from his page.
    show_contact(qtbot, w, people["omar"])
    assert page.knows_panel.shown_names() == ["Julia Weber"]
    qtbot.keyClick(page.knows_panel.paths_link, Qt.Key_Return)
    paths = w.knows.dialog
    qtbot.waitUntil(lambda: paths._op is None and bool(paths.options), timeout=10000)
    [row] = paths.path_rows()
    assert row.because.text() == (
        "Ask Julia Weber to introduce you to Omar Haddad "
        "(Julia Weber knows Omar Haddad: friend; you gave Julia Weber 3 favours this year)"
    )
    qtbot.mouseClick(row.ask_button, Qt.LeftButton)
    log = paths.log_dialog
    assert log.isVisible() and log.windowTitle() == "Log an exchange"
    assert log.kind.currentData() == "ask" and log.gave.isChecked()
    assert log.contacts.chip_names() == ["Julia Weber"]
    assert (log.third_party.contact_id(), log.third_party.line_edit.text()) == (people["omar"], "Omar Haddad")
    assert log.summary.text() == "Asked for an introduction to Omar Haddad"
    with qtbot.waitSignal(w.events.timeline_changed):
        qtbot.mouseClick(log.ok_button, Qt.LeftButton)
    from desktop.services import timeline

    asks = [e for e in timeline.timeline(people["julia"]) if e.type == "ask"]
    assert [(e.direction, e.third_party_id, e.summary) for e in asks] == [
        ("given", people["omar"], "Asked for an introduction to Omar Haddad")
    ]


def test_removing_a_link_on_the_contact_page_and_undo(qtbot, window, people):
    w, page = window, window.contact_page
    knows.add_link(people["julia"], people["sven"], "colleague")
    show_contact(qtbot, w, people["sven"])
    assert page.knows_panel.shown_names() == ["Julia Weber"]
    [remove] = page.knows_panel.findChildren(QToolButton, "removeLink")
    with qtbot.waitSignal(page.knows_loaded, timeout=10000):
        qtbot.mouseClick(remove, Qt.LeftButton)
    assert page.knows_panel.shown_names() == []
    assert w.action_set["undoAction"].text() == "&Undo removal of the link between Sven Berg and Julia Weber"
    with qtbot.waitSignal(page.knows_loaded, timeout=10000):
        w.action_set["undoAction"].trigger()
    assert page.knows_panel.shown_names() == ["Julia Weber"]


def test_the_graph_page_centres_on_someone_and_a_click_opens_their_contact(qtbot, window, people):
    knows.add_link(people["julia"], people["omar"], "friend")
    knows.add_link(people["omar"], people["wei"], "colleague")
    w = window
    w.action_set["showGraphAction"].trigger()  # Ctrl+5
    assert w.current_page() == "graph"
    graph = w.page("graph")
    qtbot.waitUntil(lambda: graph.network is not None, timeout=10000)
    with qtbot.waitSignal(graph.map_shown, timeout=10000):
        pick(qtbot, graph.search, "Wei")
    assert graph.center == people["wei"] and graph.status.text().startswith("Wei Lin and 2 people within two links")
    if graph._run is not None:
        with qtbot.waitSignal(graph.layout_settled, timeout=10000):
            pass
    julia = graph.view.nodes[people["julia"]]
    with qtbot.waitSignal(w.contact_page.knows_loaded, timeout=10000):
        qtbot.mouseClick(graph.view.viewport(), Qt.LeftButton, pos=graph.view.mapFromScene(julia.pos()))
    assert w.current_page() == "contacts" and w.contact_page.contact_id == people["julia"]
    assert w.contact_page.name_label.text() == "Julia Weber"
    # and back: "Show in graph" on her page centres the Graph page on her
    with qtbot.waitSignal(graph.map_shown, timeout=10000):
        qtbot.keyClick(w.contact_page.knows_panel.graph_link, Qt.Key_Return)
    assert w.current_page() == "graph" and graph.center == people["julia"]
