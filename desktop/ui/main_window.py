"""The main window: a navigation column (Today, Contacts, Network), and the Contacts page with the
contact list on the left and the contact page on the right; menus, shortcuts, status bar, and
remembered geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
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
from desktop.ui import icons
from desktop.ui.events import AppEvents
from desktop.ui.widgets.contact_list import ContactListPanel
from desktop.ui.widgets.contact_page import ContactPage
from desktop.ui.widgets.welcome import WelcomePage

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "contacts/splitter"
SETTINGS_PAGE_SPLITTER = "contacts/pageSplitter"
SETTINGS_SORT = "contacts/sort"
SETTINGS_PAGE = "window/page"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    return label


ICON_NAME_ROLE = Qt.UserRole + 1


class NavDelegate(QStyledItemDelegate):
    """Navigation rows: the selected row's icon in the highlighted text colour, like its title."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        name = index.data(ICON_NAME_ROLE)
        if name and option.state & QStyle.State_Selected:
            option.icon = icons.icon(name, option.palette.color(QPalette.HighlightedText))


class Placeholder(QWidget):
    """A page another part of the app fills in later."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        t = _plain(title)
        f = t.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        t.setFont(f)
        t.setAlignment(Qt.AlignCenter)
        lay.addWidget(t)
        body = _plain(text)
        body.setAlignment(Qt.AlignCenter)
        body.setWordWrap(True)
        lay.addWidget(body)
        lay.addStretch(2)


class LazyPage(QWidget):
    """Builds its page the first time it is shown: Today and Network read the whole network, which
    must not hold up the window's start (1.4 s for Today on 100,000 contacts)."""

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
    try:
        from desktop.ui.pages.today import TodayPage
    except ImportError:
        return Placeholder("Today", "Whom to thank, follow up with and introduce: coming soon.")
    return TodayPage(events, today=today)


def _network_page(events, today) -> QWidget:
    try:
        from desktop.ui.pages.network import NetworkPage
    except ImportError:
        return Placeholder("Network", "Groups, events and the network's balance: coming soon.")
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

        self.count_label = _plain("")
        self.count_label.setObjectName("contactCount")
        self.count_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.count_label)

        self._make_actions()
        self._connect()
        self._restore_settings()
        self._update_welcome()
        if self.list_panel.model.rowCount() and not self.contact_page.contact_id:
            self.list_panel.select_first()

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
        self.quit_action = A("&Quit", None, QKeySequence.Quit, self.close, "Quit Rapport", "quitAction")
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
            self.page_actions.append(A(key.capitalize(), None, f"Ctrl+{n}", lambda _=False, k=key: self.show_page(k), f"Show {key.capitalize()}", f"show{key.capitalize()}Action"))
        # Delete in the search box deletes text, not contacts.
        self.delete_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.list_panel.view.addAction(self.delete_action)
        self.removeAction(self.delete_action)

        mb = self.menuBar()
        m = mb.addMenu("&File")
        for a in (self.new_action, self.import_action, self.export_action):
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

    def _on_contact_page_entry_activated(self, entry_kind: str, entry_id: int) -> None:
        from desktop.ui.dialogs import edit_timeline_entry

        edit_timeline_entry(self, self.events, entry_kind, entry_id)

    def _on_events_contacts_changed(self, ids: list) -> None:
        self.list_panel.data_changed()
        self._update_welcome()
        if self.contact_page.contact_id and (not ids or self.contact_page.contact_id in ids):
            if not self.contact_page.show_contact(self.contact_page.contact_id):
                self.list_panel.select_first()
        self._update_actions()

    def _on_events_timeline_changed(self, ids: list) -> None:
        if self.contact_page.contact_id and (not ids or self.contact_page.contact_id in ids):
            self.contact_page.refresh()
        if self.list_panel.sort_key() != "name":
            self.list_panel.data_changed()

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

    def edit_contact(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import edit_contact

            edit_contact(self, self.events, self.contact_page.contact_id)

    def log_interaction(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_interaction

            log_interaction(self, self.events, [self.contact_page.contact_id])

    def log_exchange(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_exchange

            log_exchange(self, self.events, [self.contact_page.contact_id])

    def introduce(self) -> None:
        if self.contact_page.contact_id:
            from desktop.ui.dialogs import log_introduction

            log_introduction(self, self.events, self.contact_page.contact_id)

    def about(self) -> None:
        from desktop.ui.dialogs import show_about

        show_about(self)

    def delete_selected(self) -> list[int]:
        """Move the selected contacts to the trash; Ctrl+Z restores them."""
        ids = self.list_panel.selected_ids()
        if not ids:
            return []
        row = self.list_panel.view.currentIndex().row()
        trashed = contacts_service.trash_contacts(ids)
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

    def delete_timeline_entry(self, entry_kind: str, entry_id: int) -> bool:
        """Move an interaction or exchange to the trash; Ctrl+Z brings it back."""
        from desktop.ui.dialogs import delete_timeline_entry

        if not delete_timeline_entry(self, self.events, entry_kind, entry_id):
            return False
        self._undo.append((f"deletion of the {entry_kind}", "entry", (entry_kind, entry_id)))
        self.statusBar().showMessage(f"Moved the {entry_kind} to the trash. Ctrl+Z brings it back.", 8000)
        self._update_actions()
        return True

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

    def load_sample_network(self) -> None:
        from desktop.services.sample import create_sample_network

        self.setCursor(Qt.WaitCursor)
        try:
            summary = create_sample_network(today=self.today())
        finally:
            self.unsetCursor()
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
        page = s.value(SETTINGS_PAGE)
        self.show_page(page if isinstance(page, str) and page in self._pages else "contacts")

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
        self.list_panel.model.close()
        super().closeEvent(event)


def show_fatal_error(message: str) -> None:
    box = QMessageBox(QMessageBox.Critical, APP_NAME, message)
    box.setTextFormat(Qt.PlainText)
    box.exec()


__all__ = ["MainWindow", "show_fatal_error", "QTimer"]
