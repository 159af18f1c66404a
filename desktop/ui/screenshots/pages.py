"""The pages as a person sees them: Today, the list, a contact's story, Network, Groups & Events, Graph,
the sync status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from desktop.ui.screenshots.common import Shot, _settle, _wait_until_loaded


def _pages(w) -> Iterator[Shot]:
    def page(key: str, setup: Callable[[], None] = lambda: None):
        def show():
            w.show_page(key)
            setup()
            if key == "today":
                _wait_until_loaded(w)
            return w

        return show

    def contacts(search: str = "", sort: str = "name", contact_id: int | None = None):
        def setup():
            w.list_panel.set_sort(sort)
            w.list_panel.search_field.setText(search)
            if contact_id is not None:
                w.list_panel.select_contact(contact_id)
            else:
                w.list_panel.select_first()
            w.list_panel.counts()  # the status bar count otherwise waits for a pause in the typing
            _settle(until=lambda: not w.contact_page._knows_reader.loading)  # whom they know: read on a worker

        return page("contacts", setup)

    def today_all():
        today = w.page("today")
        if not today.show_all.isChecked():
            today.show_all.click()
        today.scroll.verticalScrollBar().setValue(today.first.height())  # down to the groups

    def today_done():
        today = w.page("today")
        if today.show_all.isChecked():
            today.show_all.click()
        today.scroll.verticalScrollBar().setValue(0)
        today.mark_done(today.item_refs()[0])  # the Undo overlay, over the page

    def show_archived():
        w.list_panel.search_field.setText("")
        w.list_panel.set_sort("name")
        w.list_panel.show_archived.setChecked(True)
        from desktop.services.search import ListQuery, page as list_page

        archived = list_page(ListQuery(only_archived=True), 0, 1)
        if archived:
            w.list_panel.select_contact(archived[0].id)  # in italics, "archived" under the name
        w.list_panel.counts()

    def no_meter_yet():
        from desktop.domain.contact import ContactData
        from desktop.services.contacts import add_contact

        cid = add_contact(ContactData(full_name="Nadia Novak", organization="Novak Studio"))
        w.list_panel.search_field.setText("")
        w.list_panel.data_changed()
        w.open_contact(cid)

    def today_introductions():
        from PySide6.QtWidgets import QWidget

        today = w.page("today")
        if not today.show_all.isChecked():
            today.show_all.click()
        section = today.findChild(QWidget, "section_intro")
        _settle()
        today.scroll.verticalScrollBar().setValue(section.mapTo(today.scroll.widget(), section.rect().topLeft()).y())

    def graph(center: int | None):
        def setup():
            g = w.page("graph")
            g.show_contact(center) if center is not None else g.show_whole()
            _settle(until=lambda: g._reading is None and g.network is not None and g._run is None)

        return page("graph", setup)

    yield "page-today", page("today")
    yield "page-today-all", page("today", today_all)
    yield "page-today-introductions", page("today", today_introductions)
    yield "page-today-undo", page("today", today_done)
    yield "page-contact", contacts("amélie")  # Amélie Laurent has every kind of entry
    yield "page-contact-nothing-yet", page("contacts", no_meter_yet)
    yield "page-list", contacts(contact_id=10)
    yield "page-search", contacts("ller")
    yield "page-sort-balance", contacts(sort="balance")
    yield "page-list-archived", page("contacts", show_archived)
    yield "page-network", page("network", lambda: w.list_panel.show_archived.setChecked(False))
    yield from _groups_pages(w)
    yield "page-graph", graph(1)  # the people around Amélie Laurent, two links out
    yield "page-graph-whole", graph(None)
    yield from _sync_status(w, contacts())


def _sync_status(w, contacts) -> Iterator[Shot]:
    """The status bar after a sync that changed things and left conflicts, and after one the server refused."""
    from desktop.ui.controllers.sync import SyncState

    def status(state: SyncState):
        def show():
            contacts()
            w.sync.state = state
            w.sync._show()
            return w

        return show

    synced = dt.datetime.now() - dt.timedelta(minutes=2)
    yield "page-status-synced", status(SyncState(accounts=2, last_sync=synced, pulled=3, pushed=1, conflicts=3))
    refused = SyncState(accounts=2, last_sync=synced, failure="Contacts on my Nextcloud: cloud.example.org refused the "
                        "user name or password (401 Unauthorized).", wrong_password="Contacts on my Nextcloud")  # fmt: skip
    yield "page-status-failed", status(refused)


def _portrait() -> bytes:
    """A made-up photo (a figure on a warm background) as PNG bytes, for the screens with a photo."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    img = QImage(320, 400, QImage.Format_RGB32)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    bg = QLinearGradient(0, 0, 320, 400)
    bg.setColorAt(0, QColor("#f3c89b"))
    bg.setColorAt(1, QColor("#c7694a"))
    p.fillRect(img.rect(), bg)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#2f3b52"))
    p.drawEllipse(QRectF(40, 250, 240, 260))  # shoulders
    p.setBrush(QColor("#e9b48c"))
    p.drawEllipse(QPointF(160, 175), 70, 82)  # face
    p.setBrush(QColor("#3a2a20"))
    p.drawChord(QRectF(86, 86, 148, 120), 0, 180 * 16)  # hair
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


def _story_pages(w) -> Iterator[Shot]:
    """The contact page (a long story, an empty timeline, the details folded away, a photo), the list
    sorted each way and with several selected, and the Network page scrolled to its end."""
    from PySide6.QtCore import QItemSelectionModel

    from desktop.domain.contact import ContactData, Email, Phone, Photo, Url
    from desktop.services import contacts as contacts_service
    from desktop.services import needs
    from desktop.ui.widgets.avatar import photo_cache

    photo_id = contacts_service.find_by_name("Ingrid Ødegård")[0][0]
    record = contacts_service.load_record(photo_id)
    record.data.photo = Photo(_portrait(), "image/png")
    contacts_service.replace_contact(photo_id, record.data)
    new_id = contacts_service.add_contact(ContactData(
        full_name="Noor Haddad-Lindqvist", given_name="Noor", family_name="Haddad-Lindqvist",
        organization="Northwind Renewable Energy Cooperative", title="Head of partnerships",
        phones=[Phone("+46 8 555 013 27", "cell")],
        emails=[Email("noor.haddad-lindqvist@northwind-renewables.example", "work")],
        urls=[Url("https://northwind-renewables.example/team/noor")],
    ))  # fmt: skip
    contacts_service.update_fields(new_id, circle="active", met_how="Introduced by Amélie Laurent at the mixer")
    needs.add_need(new_id, "an accountant who knows energy co-ops")
    w.events.contacts_changed.emit([photo_id, new_id])

    def contact(contact_id: int, collapsed: bool = False, sort: str = "name"):
        def show():
            w.show_page("contacts")
            w.list_panel.search_field.setText("")
            w.list_panel.set_sort(sort)
            w.contact_page.set_details_collapsed(collapsed)
            if not w.list_panel.select_contact(contact_id):
                w.contacts_page.show_contact(contact_id)
            w.list_panel.counts()
            return w

        return show

    def sorted_list(sort: str, select: int = 0):
        def show():
            w.show_page("contacts")
            w.contact_page.set_details_collapsed(False)
            w.list_panel.search_field.setText("")
            w.list_panel.set_sort(sort)
            w.list_panel.select_first()
            if select > 1:
                sel = w.list_panel.view.selectionModel()
                for row in (2, 3, 5)[: select - 1]:
                    sel.select(w.list_panel.model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
            w.list_panel.counts()
            _settle(until=lambda: not photo_cache().is_waiting())
            return w

        return show

    def network_end():
        w.show_page("network")
        page = w.page("network")
        _settle(until=lambda: not page.loading)
        bar = page.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        return w

    amelie = contacts_service.find_by_name("Amélie Laurent")[0][0]
    yield "page-contact-story", contact(amelie)
    yield "page-contact-empty", contact(new_id)
    yield "page-contact-collapsed", contact(amelie, collapsed=True)
    yield "page-contact-photo", contact(photo_id)
    yield "page-sort-last-contact", sorted_list("last_contact")
    yield "page-sort-balance-chips", sorted_list("balance")
    yield "page-sort-added", sorted_list("added")
    yield "page-multi-select", sorted_list("name", select=3)
    yield "page-network-end", network_end
    w.contact_page.set_details_collapsed(False)
    w.list_panel.set_sort("name")


def _groups_pages(w) -> Iterator[Shot]:
    """The Groups & Events page with a group chosen (the chamber: members, events, its return), then an
    event (the autumn mixer and the people met there)."""
    from desktop.services import groups

    def show(what: str):
        def run():
            w.show_page("groups")
            page = w.page("groups")
            _settle(until=lambda: not page.loading)
            if what == "group":
                page.show_group(groups.find_group("Riverside Chamber of Commerce"))
            else:
                page.show_event(next(e.id for e in groups.list_events() if e.name == "Chamber autumn mixer"))
            _settle(until=lambda: not page.loading)
            page.met_picker.clear()
            if what == "event":  # two more people picked, not added yet
                met = {p.id for p in page.attendees_model.rows()}
                for cid in [c for c in range(1, 20) if c not in met][:2]:
                    page.met_picker.add_contact(cid)
            return w

        return run

    def met_at_event():
        w.show_page("contacts")
        w.list_panel.set_sort("name")
        w.list_panel.search_field.setText("")
        w.list_panel.select_contact(21)  # met at one of the sample's events: "How we met" links to it
        _settle(until=lambda: not w.contact_page._knows_reader.loading)  # whom they know: read on a worker
        return w

    yield "page-groups-group", show("group")
    yield "page-groups-event", show("event")
    yield "page-contact-met-at-event", met_at_event
