"""Render every page and dialog to PNG files for review, light and dark, at 100% and 150% scale, one
folder per variant (``light-100``, ``dark-100``, ``light-150``, ``dark-150``), and check each for
cramped or clipped controls (``style.audit``): what it finds goes to ``layout-problems.txt``.

    python -m desktop.ui.screenshots OUTDIR            # every variant (a process per scale)
    python -m desktop.ui.screenshots OUTDIR --scale 1.25   # one scale, light and dark
    python -m desktop.ui.screenshots OUTDIR --audit-only   # no PNGs: print the layout problems as JSON

With ``--screen`` on a real display, one grab of the whole screen with the window on it
(``xvfb-run -a -s "-screen 0 1400x900x24" python -m desktop.ui.screenshots OUTDIR --screen``).

Runs offscreen on a temporary database filled with the sample network; never touches the user's
data or settings. Fonts come from fonts-dejavu-core.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
SCALES = (1.0, 1.5)
WINDOW_SIZE = (1280, 800)


def _settings(tmp: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp / "settings.ini"), QSettings.IniFormat)


def _window(db: Path, tmp: Path):
    from desktop.services.session import open_database
    from desktop.ui.main_window import MainWindow

    open_database(db)
    return MainWindow(db, settings=_settings(tmp), today=lambda: TODAY)


def _settle(timeout_s: float = 20.0, until: Callable[[], bool] = lambda: True) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()
    while not until() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(3):  # what the last events posted (a label's new text asks its layout for room)
        QApplication.processEvents()


def _wait_until_loaded(window) -> None:
    """Today reads in a worker: wait for its rows, not its "Loading…"."""
    from PySide6.QtWidgets import QWidget

    page = window.findChild(QWidget, "todayPage")
    if page is not None:
        _settle(until=lambda: not page.loading)


# --- what is shown ------------------------------------------------------------------------------

Shot = tuple[str, Callable[[], object]]  # a name, and a function that shows it and returns the widget


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


def _dialogs(w, tmp: Path) -> Iterator[Shot]:
    """Every dialog, built on the sample network and filled as a person would have it."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services import backup, groups, timeline, trash
    from desktop.ui import dialogs
    from desktop.ui.dialogs.common import show_error
    from desktop.ui.dialogs.help import GuideDialog, ShortcutsDialog
    from desktop.ui.dialogs.knows_dialogs import KnowsDialog, WhoCanIntroduceDialog
    from desktop.ui.dialogs.settings_dialog import SettingsDialog
    from desktop.ui.dialogs.trash_dialog import TrashDialog
    from desktop.ui.pages.group_forms import EventDialog, GroupDialog
    from desktop.ui.style import message_box
    from desktop.ui.style.progress import ProgressPanel
    from desktop.ui.trust import RestoreDialog

    cid = w.contact_page.contact_id
    ev = w.events
    exchange = next((e for e in timeline.timeline(cid) if e.entry_kind == "exchange"), None)
    group_id = groups.list_groups()[0].id

    def contact_tab(index: int, contact_id=cid):
        def make():
            d = dialogs.ContactDialog(w, ev, contact_id)
            d.tabs.setCurrentIndex(index)
            return d

        return make

    def new_contact_error():
        d = dialogs.ContactDialog(w, ev, None)
        d._on_buttons_accepted()  # "give the contact a name"
        return d

    def exchange_typing():
        d = dialogs.LogExchangeDialog(w, ev, [cid], "referral")
        d.third_party.add_contact(3)
        d.money.setText("1,200.50")
        d.summary.setText("Referred them for the year-end accounts")
        return d

    def introduction():
        d = dialogs.IntroductionDialog(w, ev, cid, 7)
        d.why.setText("She needs marketing help for the new shop; he does exactly that")
        return d

    def knows_dialog():
        d = KnowsDialog(w, ev, cid, w.contact_page.name_label.text())
        d.other.add_contact(9)
        d.how.setCurrentText("friend")
        return d

    def who_can_introduce():
        d = WhoCanIntroduceDialog(w, ev, 30, today=TODAY)  # Benjamin Cohen, two links away
        _settle(until=lambda: d._op is None)
        return d

    def event():
        d = EventDialog(w, ev, group_id, [cid, 7, 12, 15])
        d.name.setText("Chamber winter mixer")
        d.place.setText("Riverside Hotel")
        return d

    def shortcuts_search():
        d = ShortcutsDialog(w)
        d.search.setText("contact")
        return d

    def export():
        return dialogs.ExportDialog(w, 3, 60, 12, "matching “ller”", names=["", "", ""], today=TODAY)

    def import_progress():
        d = ProgressPanel(w, "Importing contacts", "Importing: new people are added, people you have are merged.",
                          object_name="importProgressDialog")  # fmt: skip
        d.set_progress(1250, 4000, "contacts")
        return d

    def restore():
        backup.make_backup("manual")
        backup.make_backup("before-import")
        return RestoreDialog(w, w.db_path)

    def trash_dialog():
        trash.delete_contacts([cid + 1, cid + 2])
        return TrashDialog(w, ev)  # deleted now: counted from the real date

    yield "dialog-contact-main", contact_tab(0)
    yield "dialog-contact-more", contact_tab(1)
    yield "dialog-contact-personal", contact_tab(2)
    from desktop.services.needs import needs_offers

    kinds: dict[int, set] = {}
    for item in needs_offers():
        kinds.setdefault(item.contact_id, set()).add(item.kind)
    needy = next((c for c, k in kinds.items() if len(k) == 2), next(iter(kinds), cid))
    yield "dialog-contact-needs", contact_tab(3, needy)  # a contact with a need and an offer
    yield "dialog-new-contact", contact_tab(0, None)
    yield "dialog-new-contact-error", new_contact_error
    yield "dialog-log-interaction", lambda: dialogs.LogInteractionDialog(w, ev, [cid, 7])
    yield "dialog-log-exchange", lambda: dialogs.LogExchangeDialog(w, ev, [cid], "favour")
    yield "dialog-log-exchange-referral", exchange_typing
    if exchange is not None:
        yield "dialog-edit-exchange", lambda: dialogs.timeline_entry_dialog(w, ev, "exchange", exchange.id)
    yield "dialog-introduction", introduction
    yield "dialog-knows", knows_dialog
    yield "dialog-who-can-introduce", who_can_introduce
    yield "dialog-log-exchange-ask", lambda: dialogs.LogExchangeDialog(
        w, ev, [11], "ask", third_party_id=7, summary="Asked for an introduction to Wei Zhang")
    yield "dialog-group-new", lambda: GroupDialog(w, ev)
    yield "dialog-group-edit", lambda: GroupDialog(w, ev, group_id)
    yield "dialog-event", event
    yield "dialog-event-edit", lambda: EventDialog(w, ev, event_id=groups.list_events()[0].id)
    yield "dialog-export", export
    yield "dialog-shortcuts", lambda: ShortcutsDialog(w)
    yield "dialog-shortcuts-search", shortcuts_search
    yield "dialog-guide", lambda: GuideDialog(w)
    yield "dialog-import-progress", import_progress
    yield "dialog-import-summary", lambda: dialogs.ImportSummaryDialog(w, _Report())
    yield "dialog-import-summary-good", lambda: dialogs.ImportSummaryDialog(w, _Report(good=True))
    yield "dialog-import-summary-cancelled", lambda: dialogs.ImportSummaryDialog(w, _Report(good=True), cancelled=True)
    for key in ("give", "keep", "contacts", "backups", "appearance"):
        yield f"dialog-settings-{key}", lambda key=key: SettingsDialog(w, ev, key)
    yield "dialog-restore", restore
    yield "dialog-trash", trash_dialog
    yield "dialog-about", lambda: dialogs.AboutDialog(w)
    yield "dialog-error", lambda: show_error(w, "Export failed", "The file could not be written: disk full.")
    yield from _sync_dialogs(w)
    yield from _review_shots(w)
    yield "dialog-confirm", lambda: message_box(
        w, QMessageBox.Warning, "Empty trash", "Delete the 2 items in the trash for good?",
        QMessageBox.Ok | QMessageBox.Cancel, informative="A backup is made first.",
    )  # fmt: skip


def _sync_dialogs(w) -> Iterator[Shot]:
    """Accounts (two sample accounts, no server behind them), adding one that fails, conflicts to review."""
    from desktop.services.carddav_client import AuthFailed, UntrustedCertificate
    from desktop.services.sync_sample import add_sample_accounts
    from desktop.ui.dialogs.account_forms import AddAccountDialog, PasswordDialog
    from desktop.ui.dialogs.accounts import AccountsDialog
    from desktop.ui.dialogs.conflicts_dialog import ConflictsDialog

    add_sample_accounts(dt.datetime.now())

    def accounts():
        w.sync.state.wrong_password = "Contacts on my Nextcloud"  # as after a sync the server refused
        d = AccountsDialog(w, w.sync)
        _settle(until=lambda: not d.page.loading)
        return d

    def adding(exc):
        def make():
            d = AddAccountDialog(w)
            d.url.setText("https://cloud.example.org")
            d.user.setText("ann")
            d.password.setText("not her password")
            d.show_problem(exc)
            d.fit()
            return d

        return make

    def settings():
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        d = SettingsDialog(w, w.events, "accounts")
        page = d.page("accounts")
        _settle(until=lambda: not page.loading)
        return d

    def conflicts():
        d = ConflictsDialog(w, w.events)
        _settle(until=lambda: not d.loading)
        return d

    fingerprint = ":".join(f"{b:02X}" for b in range(3, 35))
    yield "dialog-accounts", accounts
    yield "dialog-settings-accounts", settings
    yield "dialog-add-account", lambda: AddAccountDialog(w)
    yield "dialog-add-account-error", adding(AuthFailed(
        "cloud.example.org refused the user name or password (401 Unauthorized: wrong user name or password).", 401))
    yield "dialog-add-account-certificate", adding(UntrustedCertificate(
        "cloud.example.org's certificate is not signed by an authority this computer trusts (self-signed?); its "
        f"SHA-256 fingerprint is {fingerprint}: accept it only if it is your server's.", fingerprint))
    yield "dialog-account-password", lambda: PasswordDialog(w, next(iter(_accounts())))
    yield "dialog-conflicts", conflicts


def _accounts():
    from desktop.services.accounts import list_accounts

    return list_accounts()


def _review_shots(w) -> Iterator[Shot]:
    """The duplicates review, a merge of selected contacts, and the bulk actions' questions and note (issue 13),
    on people planted beside the sample network (which has no duplicates of its own)."""
    from desktop.domain.contact import ContactData, Email, Phone, SocialProfile
    from desktop.services import contacts
    from desktop.ui.dialogs.bulk import circle_dialog, group_dialog, tag_dialog
    from desktop.ui.dialogs.duplicates import DuplicatesDialog, MergeDialog

    def person(full: str, **kw) -> int:
        given, _, family = full.partition(" ")
        return contacts.add_contact(ContactData(full_name=full, given_name=given, family_name=family, **kw))

    bob = person("Bob Smith", organization="Acme", title="VP Sales", phones=[Phone("+1 212 555 0101", "cell")],
                 tags=["golf"], note="Owes me lunch")  # fmt: skip
    robert = person("Robert Smith", organization="Acme Inc.", emails=[Email("robert@acme.example", "work")],
                    birthday="1970-05-01", tags=["clients"], note="Met at the chamber breakfast",
                    social_profiles=[SocialProfile("linkedin", "https://www.linkedin.com/in/rsmith")])  # fmt: skip
    person("Kate Jonson", organization="Globex", connected_on="2026-09-02")
    person("Katherine Johnson", organization="Globex", emails=[Email("katherine@globex.example")])

    def review():
        d = DuplicatesDialog(w, undo=lambda: None).start()
        _settle(until=lambda: d.merge_button.isEnabled())
        return d

    def review_merged():
        d = review()
        d._on_skip_clicked()
        d.status.show_note("Merged Bob Smith and Robert Smith")
        _settle(until=lambda: d.merge_button.isEnabled())
        return d

    def merge_selected():
        d = MergeDialog(w, [robert, bob])
        _settle(until=lambda: d.ok.isEnabled())
        return d

    def bulk_note():
        w.show_page("contacts")
        w.list_panel.view.selectAll()
        w.bulk.show_note("Tagged 64 contacts 'clients'")
        return w

    yield "dialog-duplicates", review
    yield "dialog-duplicates-next", review_merged
    yield "dialog-merge-selected", merge_selected
    yield "dialog-bulk-tag", lambda: tag_dialog(w, 64, ["clients", "golf"])
    yield "dialog-bulk-circle", lambda: circle_dialog(w, 64)
    yield "dialog-bulk-group", lambda: group_dialog(w, 64, [(1, "BNI Downtown"), (2, "Chamber of Commerce")])
    yield "page-list-bulk-note", bulk_note


class _Report:
    """An import report for the summary's screenshots: a little of everything (partly failed), or all
    read (``good``)."""

    cancelled = False

    def __init__(self, good: bool = False):
        self.added, self.merged = (5000, 12) if good else (412, 17)
        failed = ["phone-export.vcf:1288: this card holds no name, phone, email or other details",
                  "phone-export.vcf:3410: BEGIN:VCARD without END:VCARD; the card was not imported"]  # fmt: skip
        self.failed = [] if good else failed
        self.problems = [] if good else [*failed, "old-outlook.vcf:57: unreadable BDAY '31/02/1980'; left out",
                                         "Connections.csv:15: Connected On 'someday' is not a date Rapport "
                                         "understands; it was left out"]  # fmt: skip
        self.skipped = 3 + len(self.failed)
        self.warnings = [] if good else ["old-outlook.vcf:212: a second ORG (Chamber of Commerce) kept for export"]
        self.unreadable = [] if good else ["notes.txt: not a vCard file (no BEGIN:VCARD line); nothing was imported from it."]


# --- rendering ------------------------------------------------------------------------------------


def _shoot(name: str, show: Callable[[], object], out: Path | None, problems: dict[str, list[str]]) -> Path | None:
    """Show one page or dialog, check its layout (problems go into ``problems[name]``), grab it into ``out``."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from desktop.ui.style.audit import clipped

    widget = show()
    if isinstance(widget, (QDialog, QMessageBox)):
        widget.show()
    _settle(until=lambda: True)
    found = clipped(widget)
    if found:
        problems[name] = found
    path = None
    if out is not None:
        path = out / f"{name}.png"
        widget.grab().save(str(path))
    if isinstance(widget, (QDialog, QMessageBox)):
        widget.close()
        widget.deleteLater()
    return path


def render_variant(out: Path | None, dark: bool, tmp: Path) -> tuple[list[Path], dict[str, list[str]], list[str]]:
    """Every page and dialog in one theme at this process's scale; PNGs into ``out`` (None: audit only).
    Returns the PNGs, the layout problems by shot, and the names of the shots checked."""
    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database, open_database
    from desktop.ui import style
    from PySide6.QtWidgets import QApplication

    style.apply_theme(QApplication.instance(), "dark" if dark else "light")
    suffix = "dark" if dark else "light"
    made: list[Path | None] = []
    problems: dict[str, list[str]] = {}
    checked: list[str] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    w = _window(tmp / f"empty-{suffix}.sqlite3", tmp)
    w.resize(*WINDOW_SIZE)
    w.show()
    made.append(_shoot("page-welcome", lambda: w, out, problems))
    feedback = w.welcome.busy("Creating a sample network: 60 people and two years of history…").start()
    made.append(_shoot("page-welcome-busy", lambda: w, out, problems))
    feedback.done()
    checked += ["page-welcome", "page-welcome-busy"]
    w.close()
    close_database()

    db = tmp / f"sample-{suffix}.sqlite3"
    open_database(db)
    create_sample_network(today=TODAY)
    w = _window(db, tmp)
    w.resize(*WINDOW_SIZE)
    w.show()
    for name, show in _pages(w):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    for name, show in _story_pages(w):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    w.show_page("contacts")
    w.list_panel.search_field.setText("")
    w.list_panel.select_contact(1)
    for name, show in _dialogs(w, tmp):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    w.close()
    close_database()
    return [p for p in made if p is not None], problems, checked


def render_scale(out: Path | None, scale: float) -> dict[str, dict]:
    """Light and dark at the scale this process was started with (QT_SCALE_FACTOR); returns, by variant
    folder name, ``{"checked": [shot names], "problems": {shot: [problems]}}``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop.ui.startup import make_application

    make_application([])
    pct = round(scale * 100)
    found: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        for dark in (False, True):
            variant = f"{'dark' if dark else 'light'}-{pct}"
            tmp = Path(tmp_name) / variant
            tmp.mkdir()
            made, problems, checked = render_variant(out / variant if out is not None else None, dark, tmp)
            for path in made:
                print(path, flush=True)
            found[variant] = {"checked": checked, "problems": problems}
    return found


def run_scale(out: Path | None, scale: float) -> dict[str, dict]:
    """``render_scale`` in a process of its own: Qt reads QT_SCALE_FACTOR once, at start."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(scale))
    args = [sys.executable, "-m", "desktop.ui.screenshots", str(out) if out else "-", "--scale", str(scale)]
    if out is None:
        args.append("--audit-only")
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"screenshots at {scale}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            print(line, flush=True)
    return json.loads(lines[-1])


def problem_lines(found: dict[str, dict]) -> list[str]:
    return [f"{variant} {shot}: {p}" for variant, result in found.items()
            for shot, ps in result["problems"].items() for p in ps]  # fmt: skip


def render(out: Path) -> dict[str, dict]:
    """Every variant; writes ``layout-problems.txt`` beside the folders and returns what ``render_scale`` does."""
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, dict] = {}
    for scale in SCALES:
        found.update(run_scale(out, scale))
    lines = problem_lines(found)
    (out / "layout-problems.txt").write_text("\n".join(lines) + ("\n" if lines else "none\n"), encoding="utf-8")
    return found


def render_screen(out: Path) -> Path:
    """On a real display (e.g. ``xvfb-run``): show the window, let the window system map and
    paint it, and grab the whole screen, frame and all."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database, open_database
    from desktop.ui.startup import make_application

    app = make_application([])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "real-window.png"
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "sample.sqlite3"
        open_database(db)
        create_sample_network(today=TODAY)
        w = _window(db, tmp)
        w.setGeometry(40, 40, *WINDOW_SIZE)
        w.show()
        w.list_panel.select_first()

        def shoot():
            w.list_panel.counts()
            app.processEvents()
            QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
            app.quit()

        QTimer.singleShot(1500, shoot)
        app.exec()
        w.close()
        close_database()
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    flags = {a for a in argv if a in ("--screen", "--audit-only")}
    scale = None
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = float(argv[i + 1])
        del argv[i : i + 2]
    rest = [a for a in argv if a not in flags]
    out = Path(rest[0] if rest else "screenshots")
    if "--screen" in flags:
        print(render_screen(out))
        return 0
    if scale is not None:  # one scale: in this process if it was started at that scale, else in a new one
        target = None if "--audit-only" in flags else out
        if os.environ.get("QT_SCALE_FACTOR") == str(scale):
            found = render_scale(target, scale)
        else:
            found = run_scale(target, scale)
        print(json.dumps(found), flush=True)
        return 0
    found = render(out)
    count = len(problem_lines(found))
    print(f"{count} layout problem{'s' if count != 1 else ''}: see {out / 'layout-problems.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
