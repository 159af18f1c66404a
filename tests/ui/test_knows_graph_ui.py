"""The knows graph's widgets driven with qtbot on a temporary database: the Knows section and dialog,
"Who can introduce me…" acting on a path, the Graph page (centre with the search box, click a node),
and introduction reasons with their words in bold from escaped pieces."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from desktop.domain.contact import ContactData
from desktop.services import contacts, knows
from desktop.services import log as log_service
from desktop.ui import workers
from desktop.ui.dialogs.knows_dialogs import KnowsDialog, WhoCanIntroduceDialog
from desktop.ui.events import AppEvents
from desktop.ui.pages.graph import GraphPage
from desktop.ui.text import emphasised_html, emphasised_label
from desktop.ui.widgets.knows_panel import KnowsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _work_settled(db):
    yield
    workers.wait_for_all()


@pytest.fixture
def events():
    return AppEvents()


@pytest.fixture
def net(db):
    people = [("Julia Weber", "Globex"), ("Wei Lin", ""), ("Omar Haddad", "Acme"), ("Priya Raman", "Acme"),
              ("Sven <b>Berg</b>", "Globex")]  # fmt: skip
    ids = contacts.insert_contacts([ContactData(full_name=n, organization=o) for n, o in people])
    p = dict(zip(["julia", "wei", "omar", "priya", "sven"], ids))
    for _ in range(3):
        log_service.log("favour", [p["julia"]], TODAY - dt.timedelta(days=10))
    return p


def pick(qtbot, picker, text: str) -> None:
    qtbot.keyClicks(picker.line_edit, text)
    qtbot.waitUntil(lambda: picker._model.rowCount() > 0, timeout=5000)
    qtbot.keyClick(picker.line_edit, Qt.Key_Return)


# --- the Knows section and dialog ------------------------------------------------------------


def test_the_knows_section_lists_links_marks_inferred_ones_and_asks_to_remove(qtbot, net):
    knows.add_link(net["julia"], net["priya"], "friend")
    panel = KnowsPanel()
    qtbot.addWidget(panel)
    panel.set_links(net["julia"], "Julia Weber", knows.links_of(net["julia"], TODAY))
    panel.show()
    assert panel.shown_names() == ["Priya Raman", "Sven <b>Berg</b>"]  # a name is plain text
    hows = [w.text() for w in panel.findChildren(type(panel.count)) if w.objectName() == "knowsHow"]
    assert hows == ["friend", "same organisation, inferred"]
    buttons = panel.findChildren(QToolButton, "removeLink")
    assert [b.accessibleName() for b in buttons] == [
        "Remove this link: Priya Raman", "Hide this inferred link: Sven <b>Berg</b>"
    ]  # fmt: skip
    with qtbot.waitSignal(panel.remove_requested) as asked:
        qtbot.mouseClick(buttons[1], Qt.LeftButton)
    assert asked.args == [net["sven"]]
    with qtbot.waitSignal(panel.contact_requested) as opened:
        name = [w for w in panel.findChildren(type(panel.more)) if w.objectName() == "knowsName"][0]
        qtbot.keyClick(name, Qt.Key_Return)
    assert opened.args == [net["priya"]]


def test_many_links_show_eight_then_all(qtbot, db):
    ids = contacts.insert_contacts([ContactData(full_name=f"Staff {n:02d}", organization="Globex") for n in range(12)])
    panel = KnowsPanel()
    qtbot.addWidget(panel)
    panel.set_links(ids[0], "Staff 00", knows.links_of(ids[0], TODAY))
    panel.show()
    assert len(panel.shown_names()) == 8 and panel.more.text() == "Show all 11"
    qtbot.keyClick(panel.more, Qt.Key_Space)
    assert len(panel.shown_names()) == 11 and panel.more.text() == "Show fewer"


def test_the_knows_dialog_adds_a_link_with_how_and_refuses_the_same_person(qtbot, net, events):
    dialog = KnowsDialog(None, events, net["wei"], "Wei Lin")
    qtbot.addWidget(dialog)
    dialog.show()
    pick(qtbot, dialog.other, "Wei")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.errors_shown() == {"other": "Choose someone else: a link joins two people."}
    dialog.other.clear()
    pick(qtbot, dialog.other, "Omar")
    dialog.how.setCurrentText("colleague")
    with qtbot.waitSignal(events.knows_changed) as changed:
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert sorted(changed.args[0]) == sorted([net["wei"], net["omar"]])
    assert [(k.name, k.how) for k in knows.links_of(net["wei"], TODAY)] == [("Omar Haddad", "colleague")]
    knows.restore_pair(dialog.before)  # what undo does
    assert knows.links_of(net["wei"], TODAY) == []


# --- who can introduce me ----------------------------------------------------------------------


def test_who_can_introduce_me_lists_paths_and_an_ask_opens_log_exchange_prefilled(qtbot, net, events):
    knows.add_link(net["julia"], net["wei"], "colleague")
    dialog = WhoCanIntroduceDialog(None, events, net["wei"], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._op is None and bool(dialog.options), timeout=10000)
    [row] = dialog.path_rows()
    assert row.because.text() == (
        "Ask Julia Weber to introduce you to Wei Lin "
        "(Julia Weber knows Wei Lin: colleague; you gave Julia Weber 3 favours this year)"
    )
    assert row.ask_button.text() == "Ask Julia Weber…"
    qtbot.mouseClick(row.ask_button, Qt.LeftButton)
    log = dialog.log_dialog
    qtbot.addWidget(log)
    assert log.isVisible() and not dialog.isVisible()
    assert log.kind.currentData() == "ask"
    assert log.contacts.contact_ids() == [net["julia"]]
    assert log.third_party.contact_id() == net["wei"]
    assert log.summary.text() == "Asked for an introduction to Wei Lin"
    with qtbot.waitSignal(events.timeline_changed):
        qtbot.mouseClick(log.ok_button, Qt.LeftButton)
    from desktop.services import timeline

    [entry] = [e for e in timeline.timeline(net["julia"]) if e.type == "ask"]
    assert (entry.direction, entry.third_party_id) == ("given", net["wei"])


def test_who_can_introduce_me_to_someone_at_an_organisation_or_of_a_role_says_when_no_one(qtbot, net, events):
    knows.add_link(net["julia"], net["omar"], "friend")
    dialog = WhoCanIntroduceDialog(None, events, org="Initech", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._op is None and dialog.status.text() != "Looking…", timeout=10000)
    assert dialog.status.text() == "No contact works at 'Initech'."
    dialog.org.setText("Acme")
    qtbot.mouseClick(dialog.find_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog._op is None and dialog.status.text() != "Looking…", timeout=10000)
    # You gave Julia favours and she knows Omar, who is at Acme (Priya is too, but Julia does not know her).
    assert [r.option.to_name for r in dialog.path_rows()] == ["Omar Haddad"]
    dialog.role.setText("someone at the Herald")
    qtbot.mouseClick(dialog.of_role, Qt.LeftButton)
    qtbot.mouseClick(dialog.find_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog._op is None and dialog.status.text() != "Looking…", timeout=10000)
    assert dialog.path_rows() == [] and dialog.status.text().startswith("No contact is described as")


# --- the Graph page -------------------------------------------------------------------------------


def test_the_graph_page_centres_on_someone_from_the_search_box_and_a_click_opens_the_contact(qtbot, net, events):
    knows.add_link(net["julia"], net["wei"], "colleague")
    knows.add_link(net["wei"], net["priya"], "friend")
    page = GraphPage(events, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    with qtbot.waitSignal(page.map_shown, timeout=10000):
        page.show()
    assert page.center is None and len(page.view.nodes) == 5  # everyone linked: the whole network, small
    with qtbot.waitSignal(page.map_shown, timeout=10000):
        pick(qtbot, page.search, "Priya")
    assert page.center == net["priya"]
    hops = {"Priya Raman": 0, "Wei Lin": 1, "Omar Haddad": 1, "Julia Weber": 2}
    assert {n.name: n.hops for n in page.network.nodes} == hops
    assert page.status.text() == "Priya Raman and 3 people within two links: 3 links."
    if page._run is not None:  # the layout settles first: a click lands where the node is drawn
        with qtbot.waitSignal(page.layout_settled, timeout=10000):
            pass
    node = page.view.nodes[net["julia"]]
    at = page.view.mapFromScene(node.pos())
    with qtbot.waitSignal(page.contact_requested) as opened:
        qtbot.mouseClick(page.view.viewport(), Qt.LeftButton, pos=at)
    assert opened.args == [net["julia"]]
    with qtbot.waitSignal(page.map_shown, timeout=10000):
        qtbot.mouseClick(page.one, Qt.LeftButton)
    assert {n.name for n in page.network.nodes} == {"Priya Raman", "Wei Lin", "Omar Haddad"}


def test_the_graph_page_says_when_no_one_is_linked(qtbot, db, events):
    contacts.insert_contacts([ContactData(full_name="Ana Lima")])
    page = GraphPage(events, today=TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.map_shown, timeout=10000):
        page.show()
    assert page.empty.isVisible() and not page.view.isVisible()
    assert page.empty.text().startswith("No one is linked yet.")


def test_a_node_shows_its_name_as_plain_text(qtbot, net):
    knows.add_link(net["sven"], net["wei"])
    page = GraphPage(None, today=TODAY)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.map_shown, timeout=10000):
        page.show()
    node = page.view.nodes[net["sven"]]
    assert node.static_label.text() == "Sven <b>Berg</b>" and node.static_label.textFormat() == Qt.PlainText
    assert "&lt;b&gt;" in node.toolTip()


# --- reasons in bold ------------------------------------------------------------------------------


def test_reasons_are_bold_where_the_matcher_says_and_markup_in_the_text_stays_text(qtbot):
    text = "Ana <i>needs</i> a bookkeeper; Ben & Co offers accounting"
    start = text.index("bookkeeper")
    html = emphasised_html(text, [(start, start + 10), (text.index("accounting"), len(text))])
    assert "<b>bookkeeper</b>" in html and "<b>accounting</b>" in html
    assert "&lt;i&gt;needs&lt;/i&gt;" in html and "Ben &amp; Co" in html and "<i>" not in html
    label = emphasised_label(text, [(start, start + 10)])
    qtbot.addWidget(label)
    assert label.accessibleName() == text and label.property("plain_text") == text
    assert label.textFormat() == Qt.RichText and label.openExternalLinks() is False
    doc_text = label.text()
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(doc_text)
    assert doc.toPlainText() == text  # what shows is the text, every character of it
