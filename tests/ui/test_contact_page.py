"""The contact page: plain-text data, the meter, the timeline, details, and the quick actions."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.domain.contact import Address, ContactData, Email, Phone, Url
from desktop.services import contacts, timeline
from desktop.storage.models import NeedOffer
from desktop.ui.widgets.contact_details import format_birthday
from desktop.ui.widgets.contact_page import ContactPage
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def page(qtbot, db):
    p = ContactPage(today=lambda: TODAY)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    return p


@pytest.fixture
def ann(db):
    cid = contacts.add_contact(
        ContactData(
            full_name="Ann Lee",
            given_name="Ann",
            family_name="Lee",
            organization="Lotus Software",
            title="CTO",
            birthday="--04-15",
            phones=[Phone("+1 555 123 4567", "cell")],
            emails=[Email("ann@lotus.example", "work")],
            addresses=[Address(street="1 Market St", city="Lyon", country="France", kind="work")],
            urls=[Url("https://lotus.example")],
            tags=["client", "vip"],
            note="Loves sailing",
        )
    )
    contacts.update_fields(cid, met_how="Chamber dinner", circle="close")
    NeedOffer.create(contact=cid, kind="need", text="a bookkeeper")
    NeedOffer.create(contact=cid, kind="offer", text="mobile apps")
    return cid


def labels(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]


def test_empty_page_until_a_contact_is_chosen(page):
    assert page.objectName() == "contactPage"
    assert page.stack.currentWidget() is page.empty
    assert not page.show_contact(12345)


def test_header_details_needs_and_offers(page, ann):
    assert page.show_contact(ann)
    assert page.name_label.text() == "Ann Lee"
    assert page.org_label.text() == "CTO, Lotus Software"
    assert page.status_label.text() == "No contact logged yet"
    # Needs, offers and the circle moved to the top of the page (issue 12): the editor and a chip.
    assert page.needs_offers.texts("need") == ["a bookkeeper"] and page.needs_offers.texts("offer") == ["mobile apps"]
    assert [row.text_label.text() for row in page.needs_editor.rows()] == ["a bookkeeper", "mobile apps"]
    assert page.circle_chip.text() == "Close circle" and page.circle_chip.isVisible()
    v = page.details.values
    assert v["Phone (mobile)"] == ["+1 555 123 4567"]
    assert v["Email (work)"] == ["ann@lotus.example"]
    assert v["Address (work)"] == ["1 Market St\nLyon\nFrance"]
    assert v["Web"] == ["https://lotus.example"]
    assert v["Birthday"] == ["15 April"]
    assert v["Tags"] == ["client, vip"]
    assert v["How we met"] == ["Chamber dinner"]
    assert v["Notes"] == ["Loves sailing"]
    assert not page.avatar.has_photo()


def test_markup_is_shown_as_plain_text(page, db):
    cid = contacts.add_contact(ContactData(full_name="<b>Bold</b>", organization="<i>Org</i>", note="<script>x</script>"))
    page.show_contact(cid)
    assert page.name_label.text() == "<b>Bold</b>"
    for label in page.findChildren(QLabel):
        assert label.textFormat() == Qt.PlainText, label.objectName() or label.text()
    assert "<script>x</script>" in page.details.values["Notes"]


def test_meter_and_timeline(page, ann):
    timeline.log_exchange([ann], "favour", "received", TODAY, weight=4)
    timeline.log_interaction([ann], TODAY - dt.timedelta(days=3), "call", summary="Catch-up")
    page.show_contact(ann)
    meter = page.findChild(ReciprocityMeter, "reciprocityMeter")
    assert meter is page.meter
    assert meter.lean() < 0  # they gave more: the bar leans their way
    assert meter.text().startswith("One-sided: they do all the giving")
    assert page.status_label.text() == "Last contact today"
    tl = page.timeline
    assert tl.objectName() == "timeline"
    assert tl.timeline_model.entry_count() == 2
    assert tl.timeline_model.index(1, 0).data() == "Favour received"
    assert tl.timeline_model.index(2, 0).data() == "Call"
    assert page.timeline_title.text() == "Timeline (2)"


def test_quick_actions_emit_the_contact(qtbot, page, ann):
    page.show_contact(ann)
    for button, signal in (
        (page.log_interaction_button, page.log_interaction_requested),
        (page.log_exchange_button, page.log_exchange_requested),
        (page.edit_button, page.edit_requested),
        (page.introduce_button, page.introduce_requested),
    ):
        assert button.toolTip() and button.accessibleName()
        with qtbot.waitSignal(signal) as blocker:
            qtbot.mouseClick(button, Qt.LeftButton)
        assert blocker.args == [ann]
    assert page.log_interaction_button.objectName() == "logInteractionButton"
    assert page.log_exchange_button.objectName() == "logExchangeButton"


def test_double_click_on_an_entry_asks_to_edit_it(qtbot, page, ann):
    eid = timeline.log_interaction([ann], TODAY, "call")
    page.show_contact(ann)
    index = page.timeline.timeline_model.index(1, 0)
    with qtbot.waitSignal(page.entry_activated) as blocker:
        page.timeline.activated.emit(index)
    assert blocker.args == ["interaction", eid]


def test_birthday_words():
    assert format_birthday("1985-04-15") == "15 April 1985"
    assert format_birthday("--12-01") == "1 December"
    assert format_birthday("garbage") == "garbage"


def test_last_contact_and_what_is_planned(page, ann):
    timeline.log_interaction([ann], TODAY - dt.timedelta(days=10), "call")
    timeline.log_interaction([ann], TODAY + dt.timedelta(days=4), "meeting")
    page.show_contact(ann)
    assert page.status_label.text() == "Last contact 10 days ago · next planned 26 Nov"
    assert "2026-11-12" in page.status_label.toolTip() and "2026-11-26" in page.status_label.toolTip()
