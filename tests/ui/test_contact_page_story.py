"""The contact page around the story (issue 12 point 2), driven through its widgets: links that open
through the desktop, Copy on right-click, values shown whole while there is room, the side panel that
folds away, the empty timeline's invitation, one avatar (the photo in the list too), and needs and
offers edited in place (issue 10 point 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QUrl, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMenu

from desktop.domain.contact import ContactData, Email, Phone, Photo, Url
from desktop.services import contacts, needs, timeline
from desktop.ui.widgets.avatar import photo_cache
from desktop.ui.widgets.contact_page import ContactPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)
LONG_EMAIL = "noor.haddad-lindqvist@northwind-renewables.example"


@pytest.fixture
def page(qtbot, db):
    p = ContactPage(today=lambda: TODAY)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    return p


@pytest.fixture
def noor(db):
    cid = contacts.add_contact(
        ContactData(
            full_name="Noor Haddad", given_name="Noor", family_name="Haddad",
            phones=[Phone("+1 (555) 123-4567", "cell")], emails=[Email(LONG_EMAIL, "work")],
            urls=[Url("northwind.example/team")],
        )
    )  # fmt: skip
    contacts.update_fields(cid, circle="inner")
    return cid


@pytest.fixture
def opened(monkeypatch):
    """What the page asked the desktop to open."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(QUrl(url)) or True))
    return urls


def test_a_click_on_a_phone_an_email_or_a_web_address_opens_it(qtbot, page, noor, opened):
    page.show_contact(noor)
    phone = page.details.link_of("Phone (mobile)")
    qtbot.mouseClick(phone, Qt.LeftButton)
    qtbot.mouseClick(page.details.link_of("Email (work)"), Qt.LeftButton)
    web = page.details.link_of("Web")
    web.setFocus()
    qtbot.keyClick(web, Qt.Key_Return)  # the keyboard opens it too
    assert [u.toString() for u in opened] == ["tel:+15551234567", f"mailto:{LONG_EMAIL}", "http://northwind.example/team"]
    assert "Call" in phone.toolTip() and phone.cursor().shape() == Qt.PointingHandCursor


def test_a_right_click_offers_copy_and_the_clipboard_holds_the_value(qtbot, page, noor, opened):
    page.show_contact(noor)
    value = page.details.link_of("Email (work)")
    QGuiApplication.clipboard().clear()
    QApplication.sendEvent(value, QContextMenuEvent(QContextMenuEvent.Mouse, QPoint(5, 5), value.mapToGlobal(QPoint(5, 5))))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    actions = {a.objectName(): a for a in menu.actions()}
    assert [a.text() for a in menu.actions()] == ["Copy", "Write an email"]
    actions["copyValueAction"].trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == LONG_EMAIL
    assert opened == []  # copying opened nothing


def test_a_long_email_is_whole_while_the_panel_has_room_and_cut_in_the_middle_when_not(qtbot, page, noor):
    page.show_contact(noor)
    email = page.details.link_of("Email (work)")
    wide = page.width() - 480
    page.splitter.setSizes([480, wide])
    qtbot.waitUntil(lambda: email.width() > email.fontMetrics().horizontalAdvance(LONG_EMAIL))
    assert email.text() == LONG_EMAIL and not email.is_cut()
    page.splitter.setSizes([page.width() - 230, 230])
    qtbot.waitUntil(email.is_cut)
    assert "…" in email.text() and email.text().startswith("noor.") and email.text().endswith(".example")
    assert LONG_EMAIL in email.toolTip() and email.accessibleDescription() == LONG_EMAIL


def test_the_details_panel_folds_away_and_says_so(qtbot, page, noor):
    page.show_contact(noor)
    assert page.details_scroll.isVisible() and not page.details_collapsed()
    timeline_width = page.timeline_stack.width()
    with qtbot.waitSignal(page.details_collapsed_changed) as blocker:
        qtbot.mouseClick(page.details_toggle, Qt.LeftButton)
    assert blocker.args == [True]
    assert not page.details_scroll.isVisible() and page.details_collapsed()
    qtbot.waitUntil(lambda: page.timeline_stack.width() > timeline_width)  # the story takes the room
    qtbot.mouseClick(page.details_toggle, Qt.LeftButton)
    assert page.details_scroll.isVisible()


def test_an_empty_timeline_invites_the_first_entry(qtbot, page, noor):
    page.show_contact(noor)
    empty = page.timeline_empty
    assert page.timeline_stack.currentWidget() is empty and empty.isVisible()
    assert empty.title.text() == "Nothing logged with Noor yet"
    for button, signal in (
        (empty.log_interaction_button, page.log_interaction_requested),
        (empty.log_exchange_button, page.log_exchange_requested),
        (empty.introduce_button, page.introduce_requested),
    ):
        assert button.isVisible() and button.icon().name()
        with qtbot.waitSignal(signal) as blocker:
            qtbot.mouseClick(button, Qt.LeftButton)
        assert blocker.args == [noor]
    timeline.log_interaction([noor], TODAY, "call")
    page.refresh()
    assert page.timeline_stack.currentWidget() is page.timeline and page.timeline_title.text() == "Timeline (1)"


def test_the_circle_and_the_next_check_in_are_at_the_top(qtbot, page, noor):
    timeline.log_interaction([noor], TODAY - dt.timedelta(days=20), "call")  # inner: every 14 days
    page.show_contact(noor)
    assert page.circle_chip.text() == "Inner circle"
    assert page.check_in_chip.text() == "Check-in overdue · 6 days" and page.check_in_chip.isVisible()
    timeline.log_interaction([noor], TODAY - dt.timedelta(days=2), "call")
    page.refresh()
    assert page.check_in_chip.text() == "Check in by 4 Dec"
    contacts.update_fields(noor, circle="")
    page.refresh()
    assert not page.circle_chip.isVisible() and not page.check_in_chip.isVisible()


def _red_png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    img = QImage(60, 80, QImage.Format_RGB32)
    img.fill(QColor(220, 20, 20))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


def test_the_list_shows_the_photo_the_page_shows(qtbot, db):
    """One avatar: the list reads the photo on a worker, paints initials until it is in, then the photo."""
    from desktop.ui.widgets.contact_list import AVATAR, PAD, ContactListPanel

    photo_cache().clear()
    cid = contacts.add_contact(ContactData(full_name="Ruby Red", photo=Photo(_red_png(), "image/png")))
    contacts.add_contact(ContactData(full_name="Sam Plain"))
    panel = ContactListPanel(today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(360, 400)
    panel.show()
    rect = panel.view.visualRect(panel.model.index(0, 0))
    centre = QPoint(rect.left() + PAD + AVATAR // 2, rect.top() + rect.height() // 2)

    def centre_colour() -> QColor:
        return panel.view.viewport().grab().toImage().pixelColor(centre)

    qtbot.waitUntil(lambda: not photo_cache().is_waiting(), timeout=5000)
    qtbot.waitUntil(lambda: centre_colour().red() > 180 and centre_colour().green() < 60)
    assert photo_cache().image(cid) is not None
    # The page's avatar is the same photo.
    page = ContactPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show_contact(cid)
    assert page.avatar.has_photo()
    sam = panel.view.visualRect(panel.model.index(1, 0))
    plain = panel.view.viewport().grab().toImage().pixelColor(QPoint(sam.left() + PAD + AVATAR // 2, sam.center().y()))
    assert not (plain.red() > 180 and plain.green() < 60)  # no photo: initials on their colour


# --- needs and offers: at the top, edited in the one editor ------------------------------------------


def test_needs_and_offers_show_at_the_top_and_a_click_edits_them_in_the_side_panel(qtbot, page, noor):
    needs.add_need(noor, "a bookkeeper for the co-op", ["finance"])
    needs.add_offer(noor, "solar installs")
    page.set_details_collapsed(True)
    page.show_contact(noor)
    summary = page.needs_offers
    assert summary.texts("need") == ["a bookkeeper for the co-op"] and summary.texts("offer") == ["solar installs"]
    (chip,) = summary.chips("offer")
    assert chip.isVisible() and chip.accessibleName() == "Offer: solar installs"
    qtbot.mouseClick(chip, Qt.LeftButton)  # edits it: the folded panel opens on the editor, filled in
    editor = page.needs_editor
    assert not page.details_collapsed() and editor.isVisible()
    assert editor.text_edit.text() == "solar installs" and editor.add_button.text() == "Save"
    editor.text_edit.setText("solar and heat pumps")
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.text_edit, Qt.Key_Return)
    assert [o.text for o in needs.needs_offers(noor) if o.kind == "offer"] == ["solar and heat pumps"]
    page.refresh()
    assert summary.texts("offer") == ["solar and heat pumps"]


def test_add_a_need_from_the_top(qtbot, page, noor):
    page.show_contact(noor)
    qtbot.mouseClick(page.needs_offers.add_buttons["offer"], Qt.LeftButton)
    editor = page.needs_editor
    assert editor.kind.currentData() == "offer" and editor.text_edit.hasFocus()
    qtbot.keyClicks(editor.text_edit, "energy audits")
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.text_edit, Qt.Key_Return)
    assert [(n.kind, n.text) for n in needs.needs_offers(noor)] == [("offer", "energy audits")]


def test_a_long_need_moves_the_add_button_to_a_row_of_its_own(qtbot, page, noor):
    """Chips placed after the page was shown are laid out at once: the button never sits under a chip."""
    timeline.log_interaction([noor], TODAY, "call")
    page.show_contact(noor)  # shown first without needs: the chips come in a later refresh
    needs.add_need(noor, "an accountant who knows energy co-operatives and their grants")
    page.resize(700, 700)
    page.refresh()
    summary = page.needs_offers
    (chip,) = summary.chips("need")
    add = summary.add_buttons["need"]
    box = add.parentWidget()
    # Laid out at the next turn of the event loop: the button on a row of its own, the box grown to hold it.
    qtbot.waitUntil(lambda: add.geometry().top() > chip.geometry().top() and box.height() >= add.geometry().bottom())
    assert not chip.geometry().intersects(add.geometry())
