"""The main window: a navigation column (Today, Contacts, Network), and the Contacts page with the
contact list on the left and the contact page on the right; menus, shortcuts, status bar, and
remembered geometry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.services import contacts as contacts_service
from desktop.services import trash as trash_service
from desktop.ui import icons, trust, workers
from desktop.ui.events import AppEvents
from desktop.ui.text import plain_label
from desktop.ui.widgets.contact_list import ContactListPanel
from desktop.ui.widgets.contact_page import ContactPage
from desktop.ui.widgets.welcome import WelcomePage

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "contacts/splitter"
SETTINGS_PAGE_SPLITTER = "contacts/pageSplitter"
SETTINGS_SORT = "contacts/sort"
SETTINGS_PAGE = "window/page"


ICON_NAME_ROLE = Qt.UserRole + 1


def recovers_from_damage(method):
    """A command that meets a damaged database mid-query (SQLite's "database disk image is malformed",
    raw or wrapped by Peewee) offers to restore the latest good backup instead of dying in a slot.
    Only the window's commands and reactions carry it: the services below stay free to raise."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except trust.DATABASE_ERRORS as exc:
            self.recover_from_damage(exc)
            return None

    return guarded


class NavDelegate(QStyledItemDelegate):
    """Navigation rows: the selected row's icon in the highlighted text colour, like its title."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        name = index.data(ICON_NAME_ROLE)
        if name and option.state & QStyle.State_Selected:
            option.icon = icons.icon(name, option.palette.color(QPalette.HighlightedText))


class LazyPage(QWidget):
    """Builds its page the first time it is shown, so a page not looked at costs nothing at start.
    Today, the landing page, is built as the window shows and reads in a worker; Network reads the
    whole network when built."""

    def __init__(self, factory: Callable[[], QWidget], name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self._factory = factory
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.page is None:
            self.page = self._factory()
            self._layout.addWidget(self.page)
            self.page.show()  # a child added to a shown parent stays hidden until shown
        return self.page

    def showEvent(self, event) -> None:  # noqa: N802
        self.ensure_built()
        super().showEvent(event)


def _today_page(events, today) -> QWidget:
    from desktop.ui.pages.today import TodayPage

    return TodayPage(events, today=today)


def _network_page(events, today) -> QWidget:
    from desktop.ui.pages.network import NetworkPage

    return NetworkPage(events, today=today)


class MainWindow(QMainWindow):
    def __init__(
        self,
        db_path: Path,
        *,
        settings: QSettings | None = None,
        events: AppEvents | None = None,
        today: Callable | None = None,
    ):
        super().__init__()
        self.db_path = Path(db_path)
        self.settings = settings if settings is not None else QSettings()
        self.events = events if events is not None else AppEvents(self)
        self._today = today
        # What Ctrl+Z takes back, newest last: (words for the menu, kind, what to restore).
        self._undo: list[tuple[str, str, object]] = []
        self._pages: dict[str, int] = {}
        self._flows: list = []  # running import/export flows, kept alive
        self._backup_ops: list = []  # running backups (daily, by hand), kept alive
        self._recovering = False  # the damaged-database offer is up: no second one behind it
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)  # .vcf files dropped on the window are imported
        self.resize(1280, 800)

        central = QWidget()
        central.setObjectName("central")
        self.setCentralWidget(central)
        root = QHBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setToolTip("Today, Contacts and Network (Ctrl+1, Ctrl+2, Ctrl+3)")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(150)
        self.nav.setFrameShape(QListWidget.NoFrame)
        self.nav.setSpacing(2)
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        line = QFrame()
        line.setFrameShape(QFrame.VLine)
        line.setFrameShadow(QFrame.Sunken)
        root.addWidget(self.nav)
        root.addWidget(line)
        root.addWidget(self.pages, 1)

        # The Contacts page: the welcome (empty database) or the list and the contact page.
        self.contacts_stack = QStackedWidget()
        self.contacts_stack.setObjectName("contactsStack")
        self.welcome = WelcomePage()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.list_panel = ContactListPanel()
        self.list_panel.setMinimumWidth(260)
        self.contact_page = ContactPage(today=self.today)
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.contact_page)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 790])
        self.contacts_stack.addWidget(self.splitter)
        self.contacts_stack.addWidget(self.welcome)

        self.add_page("today", "Today", "today", LazyPage(lambda: _today_page(self.events, self._today), "todaySlot"))
        self.add_page("contacts", "Contacts", "contacts", self.contacts_stack)
        self.add_page(
            "network", "Network", "network", LazyPage(lambda: _network_page(self.events, self._today), "networkSlot")
        )
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.count_label = plain_label("")
        self.count_label.setObjectName("contactCount")
        self.count_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.count_label)

        self._make_actions()
        self._connect()
        self._restore_settings()
        self._update_welcome()
        # The first contact is opened when Contacts is first shown, not while the window lands on Today:
        # a contact with a long story takes tens of milliseconds the first paint need not wait for.
        if self.current_page() == "contacts":
            self._open_first_contact()
        else:
            self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

    def _open_first_contact(self) -> None:
        if self.list_panel.model.rowCount() and not self.contact_page.contact_id:
            self.list_panel.select_first()

    def _on_nav_current_row_changed(self, _row: int) -> None:
        if self.current_page() == "contacts":
            self.nav.currentRowChanged.disconnect(self._on_nav_current_row_changed)
            self._open_first_contact()

    # --- pages -----------------------------------------------------------------

    def add_page(self, key: str, title: str, icon_name: str, widget: QWidget) -> None:
        """Add (or replace) a page of the navigation column."""
        if key in self._pages:
            i = self._pages[key]
            old = self.pages.widget(i)
            self.pages.insertWidget(i, widget)
            self.pages.removeWidget(old)
            old.deleteLater()
            item = self.nav.item(i)
            item.setText(title)
            item.setIcon(icons.icon(icon_name))
            item.setData(ICON_NAME_ROLE, icon_name)
            return
        item = QListWidgetItem(icons.icon(icon_name), title)
        item.setToolTip(title)
        item.setData(Qt.UserRole, key)
        item.setData(ICON_NAME_ROLE, icon_name)
        item.setSizeHint(QSize(140, 36))
        self.nav.addItem(item)
        self.pages.addWidget(widget)
        self._pages[key] = self.pages.count() - 1
        if widget.objectName() == "":
            widget.setObjectName(f"{key}Page")

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._pages[key])

    def current_page(self) -> str:
        for key, i in self._pages.items():
            if i == self.pages.currentIndex():
                return key
        return ""

    def today(self):
        import datetime as dt

        return self._today() if self._today else dt.date.today()

    # --- actions ---------------------------------------------------------------

    def _action(self, text: str, icon_name: str | None, shortcut, slot, tip: str, name: str) -> QAction:
        a = QAction(text, self)
        if icon_name:
            a.setIcon(icons.icon(icon_name))
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.setToolTip(tip)
        a.setStatusTip(tip)
        a.setObjectName(name)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _make_actions(self) -> None:
        A = self._action
        self.new_action = A("&New contact…", "add", QKeySequence.New, self.new_contact, "Add a contact", "newContactAction")
        self.import_action = A("&Import vCards…", "import", "Ctrl+I", lambda: self.import_files(None), "Import contacts from .vcf files", "importAction")
        self.export_action = A("&Export vCards…", "export", "Ctrl+E", self.export_contacts, "Export contacts to a .vcf file", "exportAction")
        self.backup_action = A("&Back up now", "backup", None, self.back_up_now, "Make a backup of your contacts now", "backupAction")
        self.restore_action = A("&Restore from backup…", "restore", None, self.restore_from_backup, "Put a backup in place of your contacts (the current file is kept aside)", "restoreAction")
        self.trash_action = A("T&rash…", "trash", None, self.show_trash, "See what was deleted in the last 30 days, restore it, or undo an import's merge", "trashAction")
        self.quit_action = A("&Quit", "quit", QKeySequence.Quit, self.close, "Quit Rapport", "quitAction")
        self.undo_action = A("&Undo", "undo", QKeySequence.Undo, self.undo, "Take back the last deletion", "undoAction")
        self.delete_action = A("Move to &trash", "trash", QKeySequence.Delete, self.delete_selected, "Move the selected contacts to the trash (Ctrl+Z brings them back)", "deleteAction")
        self.find_action = A("&Find", "search", QKeySequence.Find, self.focus_search, "Search contacts", "findAction")
        self.log_action = A("Log &interaction…", "meeting", "Ctrl+L", self.log_interaction, "Log a meeting, call, email or message with the contact shown", "logInteractionAction")
        self.exchange_action = A("Log e&xchange…", "favour", "Ctrl+Shift+L", self.log_exchange, "Log something given or received", "logExchangeAction")
        self.intro_action = A("I&ntroduce…", "introduction", None, self.introduce, "Introduce the contact shown to another contact", "introduceAction")
        self.edit_action = A("&Edit contact…", "edit", "Ctrl+Shift+E", self.edit_contact, "Edit the contact shown", "editContactAction")
        self.about_action = A("&About Rapport", "info", None, self.about, "About Rapport", "aboutAction")
        self.page_actions = []
        for n, key in enumerate(("today", "contacts", "network"), start=1):
            self.page_actions.append(A(key.capitalize(), key, f"Ctrl+{n}", lambda _=False, k=key: self.show_page(k), f"Show {key.capitalize()}", f"show{key.capitalize()}Action"))
        # Delete in the search box deletes text, not contacts.
        self.delete_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.list_panel.view.addAction(self.delete_action)
        self.removeAction(self.delete_action)

        mb = self.menuBar()
        m = mb.addMenu("&File")
        for a in (self.new_action, self.import_action, self.export_action):
            m.addAction(a)
        m.addSeparator()
        for a in (self.backup_action, self.restore_action, self.trash_action):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.quit_action)
        m = mb.addMenu("&Edit")
        m.addAction(self.undo_action)
        m.addAction(self.delete_action)
        m.addSeparator()
        m.addAction(self.find_action)
        m = mb.addMenu("&Contact")
        for a in (self.log_action, self.exchange_action, self.intro_action, self.edit_action):
            m.addAction(a)
        m = mb.addMenu("&View")
        for a in self.page_actions:
            m.addAction(a)
        m = mb.addMenu("&Help")
        m.addAction(self.about_action)
        self._update_actions()

    def _connect(self) -> None:
        lp, page, ev = self.list_panel, self.contact_page, self.events
        lp.contact_selected.connect(self._on_list_panel_contact_selected)
        lp.counts_changed.connect(self._on_list_panel_counts_changed)
        page.log_interaction_requested.connect(lambda cid: self.log_interaction())
        page.log_exchange_requested.connect(lambda cid: self.log_exchange())
        page.introduce_requested.connect(lambda cid: self.introduce())
        page.edit_requested.connect(lambda cid: self.edit_contact())
        page.entry_activated.connect(self._on_contact_page_entry_activated)
        page.timeline.entry_delete_requested.connect(self.delete_timeline_entry)
        lp.view.setContextMenuPolicy(Qt.CustomContextMenu)
        lp.view.customContextMenuRequested.connect(self._on_contact_list_context_menu_requested)
        self.welcome.import_requested.connect(lambda: self.import_files(None))
        self.welcome.sample_requested.connect(self.load_sample_network)
        self.welcome.add_requested.connect(self.new_contact)
        ev.contacts_changed.connect(self._on_events_contacts_changed)
        ev.timeline_changed.connect(self._on_events_timeline_changed)
        ev.data_reset.connect(self._on_events_data_reset)
        ev.groups_changed.connect(self.list_panel.reload_filter_options)

    def _update_actions(self) -> None:
        has = bool(self.contact_page.contact_id)
        for a in (self.log_action, self.exchange_action, self.intro_action, self.edit_action):
            a.setEnabled(has)
        self.undo_action.setEnabled(bool(self._undo))
        self.undo_action.setText(f"&Undo {self._undo[-1][0]}" if self._undo else "&Undo")

    # --- reactions -------------------------------------------------------------

    @recovers_from_damage
    def _on_list_panel_contact_selected(self, contact_id: int) -> None:
        self.contact_page.show_contact(contact_id)
        self.events.contact_selected.emit(self.contact_page.contact_id)
        self._update_actions()

    def _on_list_panel_counts_changed(self, total: int, shown: int) -> None:
        if total == 0:
            self.count_label.setText("No contacts yet")
        else:
            self.count_label.setText(f"{total:,} contact{'s' if total != 1 else ''} · {shown:,} shown")

    def _on_contact_list_context_menu_requested(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        if not self.list_panel.view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for a in (self.edit_action, self.log_action, self.exchange_action, self.intro_action):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.delete_action)
        menu.popup(self.list_panel.view.viewport().mapToGlobal(pos))

    @recovers_from_damage
    def _on_contact_page_entry_activated(self, entry_kind: str, entry_id: int) -> None:
        from desktop.ui.dialogs import edit_timeline_entry

        edit_timeline_entry(self, self.events, entry_kind, entry_id)

    @recovers_from_damage
    def _on_events_contacts_changed(self, ids: list) -> None:
        self.list_panel.data_changed()
        self._update_welcome()
        if self.contact_page.contact_id and (not ids or self.contact_page.contact_id in ids):
            if not self.contact_page.show_contact(self.contact_page.contact_id):
                self.list_panel.select_first()
        self._update_actions()

    @recovers_from_damage
    def _on_events_timeline_changed(self, ids: list) -> None:
        if self.contact_page.contact_id and (not ids or self.contact_page.contact_id in ids):
            self.contact_page.refresh()
        if self.list_panel.sort_key() != "name":
            self.list_panel.data_changed()

    @recovers_from_damage
    def _on_events_data_reset(self) -> None:
        self.list_panel.data_changed()
        self._update_welcome()
        if not self.contact_page.show_contact(self.contact_page.contact_id):
            self.list_panel.select_first()
        self._update_actions()

    def _update_welcome(self) -> None:
        empty = self.list_panel.total() == 0
        self.contacts_stack.setCurrentWidget(self.welcome if empty else self.splitter)
        for a in (self.delete_action, self.export_action):
            a.setEnabled(not empty)

    # --- commands --------------------------------------------------------------

    def focus_search(self) -> None:
        self.show_page("contacts")
        self.list_panel.search_field.setFocus(Qt.ShortcutFocusReason)
        self.list_panel.search_field.selectAll()

    @recovers_from_damage
    def new_contact(self) -> None:
        from desktop.ui.dialogs import new_contact

        cid = new_contact(self, self.events)
        if cid:
            self.show_page("contacts")
            self._update_welcome()
            self.list_panel.search_field.clear()
            if not self.list_panel.select_contact(cid):
                self.contact_page.show_contact(cid)
            self._update_actions()

    @recovers_from_damage
    def edit_contact(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import edit_contact

            edit_contact(self, self.events, self.contact_page.contact_id)

    @recovers_from_damage
    def log_interaction(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_interaction

            log_interaction(self, self.events, [self.contact_page.contact_id])

    @recovers_from_damage
    def log_exchange(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_exchange

            log_exchange(self, self.events, [self.contact_page.contact_id])

    @recovers_from_damage
    def introduce(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_introduction

            log_introduction(self, self.events, self.contact_page.contact_id)

    def about(self) -> None:
        from desktop.ui.dialogs import show_about

        show_about(self)

    @recovers_from_damage
    def delete_selected(self) -> list[int]:
        """Move the selected contacts to the trash (a bulk delete is backed up first); Ctrl+Z restores them."""
        from desktop.services.backup import BackupError

        ids = self.list_panel.selected_ids()
        if not ids:
            return []
        row = self.list_panel.view.currentIndex().row()
        try:
            trashed = trash_service.delete_contacts(ids)
        except BackupError as exc:  # no backup, no bulk delete
            from desktop.ui.dialogs.common import show_error

            show_error(self, "Could not move to the trash", f"Nothing was deleted: {exc}")
            return []
        if not trashed:
            return []
        self._undo.append((f"move to trash of {len(trashed)} contact{'s' if len(trashed) != 1 else ''}", "contacts", trashed))
        self.events.contacts_changed.emit(trashed)
        # Select the row that took the place of the first one removed.
        model = self.list_panel.model
        if model.rowCount():
            self.list_panel.view.setCurrentIndex(model.index(min(max(row, 0), model.rowCount() - 1), 0))
        n = len(trashed)
        self.statusBar().showMessage(f"Moved {n} contact{'s' if n != 1 else ''} to the trash. Ctrl+Z brings {'them' if n != 1 else 'it'} back.", 8000)
        self._update_actions()
        return trashed

    @recovers_from_damage
    def delete_timeline_entry(self, entry_kind: str, entry_id: int) -> bool:
        """Move an interaction or exchange to the trash; Ctrl+Z brings it back."""
        from desktop.ui.dialogs import delete_timeline_entry

        if not delete_timeline_entry(self, self.events, entry_kind, entry_id):
            return False
        self._undo.append((f"deletion of the {entry_kind}", "entry", (entry_kind, entry_id)))
        self.statusBar().showMessage(f"Moved the {entry_kind} to the trash. Ctrl+Z brings it back.", 8000)
        self._update_actions()
        return True

    @recovers_from_damage
    def undo(self) -> list[int]:
        """Take back the last deletion; returns the contacts it concerned."""
        if not self._undo:
            return []
        _label, kind, what = self._undo.pop()
        if kind == "entry":
            from desktop.services import timeline as timeline_service

            ids = timeline_service.restore_entry(*what)
            self.events.timeline_changed.emit(ids)
            self.statusBar().showMessage("Restored the entry.", 5000)
            self._update_actions()
            return ids
        restored = contacts_service.restore_contacts(what)
        self.events.contacts_changed.emit(restored)
        if restored:
            self.list_panel.select_contact(restored[0]) or self.contact_page.show_contact(restored[0])
        n = len(restored)
        self.statusBar().showMessage(f"Restored {n} contact{'s' if n != 1 else ''}.", 5000)
        self._update_actions()
        return restored

    # --- backups, restore, trash --------------------------------------------------------

    def back_up_now(self):
        """File → Back up now: a backup on a worker thread; the status bar names the file when done."""
        from desktop.services.backup import make_backup

        self.statusBar().showMessage("Backing up…")
        op = trust.backup_in_background(
            self, lambda: make_backup("manual"), self._on_backup_made, self._on_backup_failed
        )
        self._keep_backup_op(op)
        return op

    def start_daily_backup(self, delay_ms: int = 0) -> None:
        """The day's backup on a worker thread, ``delay_ms`` after now (run_gui: once the window shows)."""
        QTimer.singleShot(delay_ms, self._on_daily_backup_timer_timeout)

    def _on_daily_backup_timer_timeout(self) -> None:
        if self.isVisible():
            self._keep_backup_op(trust.start_daily_backup(self, self.recover_from_damage))

    def _keep_backup_op(self, op) -> None:
        self._backup_ops.append(op)
        op.finished.connect(lambda o=op: self._backup_ops.remove(o) if o in self._backup_ops else None)

    def _on_backup_made(self, path) -> None:
        self.statusBar().showMessage(f"Backed up to {path}", 15000)

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        if isinstance(exc, trust.DATABASE_ERRORS):
            self.recover_from_damage(exc)
            return
        from desktop.ui.dialogs.common import show_error

        show_error(self, "Back up now", str(exc))

    def _release_database(self) -> None:
        """Let go of the database before its file is replaced: worker threads end (and close their
        connections) and the list drops its temporary table."""
        for flow in list(self._flows):
            cancel = getattr(flow, "cancel", None)
            if cancel is not None:
                cancel()
        workers.shutdown()
        self.list_panel.model.close()

    @recovers_from_damage
    def restore_from_backup(self):
        """File → Restore from backup…: returns ``(backup used, where the old file went)`` or None."""
        released = []

        def before() -> None:
            self._release_database()
            released.append(True)

        result = trust.restore_from_backup(self, self.db_path, before=before)
        if result is None:
            if released:  # let go of, then the restore failed (and reopened the file): read again
                self.events.data_reset.emit()
            return None
        used, aside = result
        self._undo.clear()  # what Ctrl+Z would bring back belonged to the file set aside
        self.events.data_reset.emit()
        kept = f"; the replaced database is kept as {aside.name}" if aside is not None else ""
        self.statusBar().showMessage(f"Restored {used.name}{kept}.", 15000)
        self._update_actions()
        return result

    @recovers_from_damage
    def show_trash(self):
        """File → Trash…: restore deleted items, empty the trash, undo an import's merge."""
        from desktop.ui.dialogs.trash_dialog import show_trash

        dialog = show_trash(self, self.events, today=self.today)
        self._prune_undo()
        return dialog

    def _prune_undo(self) -> None:
        """Drop from Ctrl+Z what is no longer in the trash (restored or emptied in the Trash dialog)."""
        if not self._undo:
            return
        inside = {(i.kind, i.id) for i in trash_service.list_trash()}
        kept = []
        for label, kind, what in self._undo:
            if kind == "entry":
                if tuple(what) in inside:
                    kept.append((label, kind, what))
                continue
            left = [cid for cid in what if (trash_service.CONTACT, cid) in inside]
            if left:
                n = len(left)
                kept.append((f"move to trash of {n} contact{'s' if n != 1 else ''}", kind, left))
        self._undo = kept
        self._update_actions()

    def recover_from_damage(self, error: BaseException) -> None:
        """The database failed mid-query: if the file is damaged, offer the latest good backup (the file
        is kept aside); a damaged file the person will not restore closes the window. Any other
        database error is only shown."""
        if self._recovering:
            return
        self._recovering = True
        try:
            self.statusBar().clearMessage()
            # Workers stop only if a restore is chosen: a passing "database is locked" must not cancel an import.
            outcome = trust.offer_restore(self, self.db_path, error, before=workers.shutdown)
            if outcome == trust.RESTORED:
                from desktop.services.session import open_database

                self.list_panel.model.close()
                open_database(self.db_path)
                self._undo.clear()
                self.events.data_reset.emit()
                self.statusBar().showMessage(
                    "Restored the latest good backup; the damaged file is kept in the backups folder.", 15000
                )
            elif outcome == trust.DAMAGED:
                QTimer.singleShot(0, self.close)
        finally:
            self._recovering = False

    # --- import and export -------------------------------------------------------------

    def import_files(self, paths: list[Path] | None) -> None:
        """Import vCard files (asking for them when ``paths`` is None), off the UI thread, with progress."""
        from desktop.ui.dialogs import import_vcards

        flow = import_vcards(self, self.events, [Path(p) for p in paths] if paths else None)
        if flow is not None:
            self._flows.append(flow)
            flow.finished.connect(lambda _report, f=flow: self._on_flow_finished(f))

    def export_contacts(self) -> None:
        from desktop.ui.dialogs import export_vcards

        flow = export_vcards(self, self.events, self.list_panel.selected_ids())
        if flow is not None:
            self._flows.append(flow)
            flow.finished.connect(lambda _report, f=flow: self._on_flow_finished(f))

    def _on_flow_finished(self, flow) -> None:
        if flow in self._flows:
            self._flows.remove(flow)

    @recovers_from_damage
    def load_sample_network(self) -> None:
        from desktop.services.sample import create_sample_network

        # About 2 s on the UI thread: the welcome page says what is happening before the work starts.
        with self.welcome.busy("Creating a sample network: 60 people and two years of history…"):
            summary = create_sample_network(today=self.today())
        self.events.data_reset.emit()
        self.list_panel.select_first()
        self.statusBar().showMessage(
            f"Sample network: {summary.contacts} people, {summary.interactions} interactions, "
            f"{summary.exchanges} exchanges.",
            8000,
        )

    # --- drag and drop of .vcf files ---------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        from desktop.ui.dialogs import vcard_paths_from_mime

        if vcard_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        from desktop.ui.dialogs import vcard_paths_from_mime

        paths = vcard_paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # --- settings --------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value(SETTINGS_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value(SETTINGS_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        # A splitter restored before it is laid out loses its sizes: restore each when first shown.
        self._pending_splitters = {}
        for key, splitter in ((SETTINGS_SPLITTER, self.splitter), (SETTINGS_PAGE_SPLITTER, self.contact_page.splitter)):
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                self._pending_splitters[splitter] = value
                splitter.installEventFilter(self)
        sort = s.value(SETTINGS_SORT)
        if isinstance(sort, str) and sort:
            self.list_panel.set_sort(sort)
        # Today is the landing page (issue 4), whichever page was left last time; an empty database
        # lands on Contacts, whose welcome has the import and sample buttons.
        self.show_page("contacts" if self.list_panel.total() == 0 else "today")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Show and obj in getattr(self, "_pending_splitters", {}):
            state = self._pending_splitters.pop(obj)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda o=obj, st=state: o.restoreState(st))
        return super().eventFilter(obj, event)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        s.setValue(SETTINGS_STATE, self.saveState())
        s.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        s.setValue(SETTINGS_PAGE_SPLITTER, self.contact_page.splitter.saveState())
        s.setValue(SETTINGS_SORT, self.list_panel.sort_key())
        s.setValue(SETTINGS_PAGE, self.current_page())
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        # A running import is cancelled (its file rolled back) and its thread joined before the
        # database closes; a backup under way is waited for.
        for flow in list(self._flows):
            cancel = getattr(flow, "cancel", None)
            if cancel is not None:
                cancel()
        workers.shutdown()
        for flow in list(self._flows):
            progress = getattr(flow, "progress", None)
            if progress is not None:
                progress.close()
        self.list_panel.model.close()
        super().closeEvent(event)


def show_fatal_error(message: str) -> None:
    from desktop.ui.style import message_box

    message_box(None, QMessageBox.Critical, APP_NAME, message).exec()


__all__ = ["MainWindow", "show_fatal_error", "QTimer"]
