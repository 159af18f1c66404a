"""The main window: a navigation column and the pages it shows (Today, Contacts, Network, Groups & Events), the status
bar, and remembered geometry and page. What the window does lives in its controllers
(``desktop.ui.controllers``): the actions and menus, the undo history, data safety (backups, restore,
the trash) and contacts in and out (import, export, the sample network), plus the contact commands.

For a feature: ``add_page`` (a page, lazily built, with its View menu entry and Ctrl+N),
``action_set.add`` (a menu entry), ``history`` (undo: journal the change in the service, emit the usual
``events`` signal), ``desktop.ui.workers.read`` (a read off the UI thread), ``show_failure`` (an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui import icons, trust, workers
from desktop.ui.controllers.actions import ActionSet, add_standard_actions
from desktop.ui.controllers.bulk import BulkCommands
from desktop.ui.controllers.contacts import ContactCommands
from desktop.ui.controllers.duplicates import DuplicateCommands
from desktop.ui.controllers.data_safety import DataSafety
from desktop.ui.controllers.groups import GroupCommands
from desktop.ui.controllers.knows import KnowsCommands
from desktop.ui.controllers.sync import SyncController
from desktop.ui.controllers.transfer import Transfer
from desktop.ui.controllers.undo import UndoHistory
from desktop.ui.events import AppEvents
from desktop.ui.pages.contacts import ContactsPage
from desktop.ui.text import plain_label

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "contacts/splitter"
SETTINGS_PAGE_SPLITTER = "contacts/pageSplitter"
SETTINGS_SORT = "contacts/sort"
SETTINGS_PAGE = "window/page"
SETTINGS_DETAILS_COLLAPSED = "contacts/detailsCollapsed"

ICON_NAME_ROLE = Qt.UserRole + 1
HISTORY_LATEST_MS = 300  # the undo history is read at the first paint, or after this at the latest


def count_words(total: int, shown: int, hidden: dict[str, int]) -> str:
    """The status line: how many contacts, how many shown, and why the others are not ("60 contacts ·
    59 shown · 1 archived", "· 3 hidden by the search", "· 5 hidden by the filters")."""
    if total == 0:
        return "No contacts yet"
    parts = [f"{total:,} contact{'s' if total != 1 else ''}", f"{shown:,} shown"]
    if hidden.get("archived"):
        parts.append(f"{hidden['archived']:,} archived")
    if hidden.get("search"):
        parts.append(f"{hidden['search']:,} hidden by the search")
    if hidden.get("filters"):
        parts.append(f"{hidden['filters']:,} hidden by the filters")
    return " · ".join(parts)


class NavDelegate(QStyledItemDelegate):
    """Navigation rows: the selected row's icon in the highlighted text colour, like its title."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        name = index.data(ICON_NAME_ROLE)
        if name and option.state & QStyle.State_Selected:
            option.icon = icons.icon(name, option.palette.color(QPalette.HighlightedText))


class LazyPage(QWidget):
    """Builds its page the first time it is shown, so a page not looked at costs nothing at start."""

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
        self._pages: dict[str, int] = {}
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)  # .vcf and .csv files dropped on the window are imported
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

        self.count_label = plain_label("")
        self.count_label.setObjectName("contactCount")
        self.count_label.setAccessibleName("Contact count")
        self.statusBar().addPermanentWidget(self.count_label)

        # The one undo history (every widget finds it through the events) and the Contacts page.
        self.history = UndoHistory(self.events)
        self.history.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.contacts_page = ContactsPage(self.events, self.today, on_change=self._on_contacts_changed)
        self.list_panel = self.contacts_page.list_panel
        self.contact_page = self.contacts_page.contact_page
        self.welcome = self.contacts_page.welcome
        self.splitter = self.contacts_page.splitter
        self.contacts_stack = self.contacts_page  # the welcome or the list and the contact page
        self.list_panel.counts_changed.connect(self._on_list_panel_counts_changed)
        self.events.contact_requested.connect(self.open_contact)

        self.action_set = ActionSet(self)
        self.data_safety = DataSafety(self)
        self.transfer = Transfer(self)
        self.commands = ContactCommands(self)
        add_standard_actions(self)
        self.bulk = BulkCommands(self)  # the selection's tag, circle, group, archive; the status line's note
        self.duplicates = DuplicateCommands(self)  # Find duplicates…, Merge selected…
        self.groups = GroupCommands(self)  # File → New group… and New event…, the Groups & Events page
        self.sync = SyncController(self)  # CardDAV: File → Sync now, Accounts…, the status bar's part
        self.add_page("today", "Today", "today", lambda: _today_page(self.events, self._today))
        self.add_page("contacts", "Contacts", "contacts", self.contacts_page)
        self.add_page("network", "Network", "network", lambda: _network_page(self.events, self._today))
        self.add_page("groups", "Groups & Events", "group", self.groups.make_page)
        self.list_panel.set_bulk_actions(self.action_set.bulk_actions)  # the selection bar's menu
        self.knows = KnowsCommands(self)  # the Graph page (Ctrl+5), Knows… and Who can introduce me…
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.history.load(after_ms=HISTORY_LATEST_MS)  # read once the window has painted
        self._restore_settings()
        self.action_set.update()

    # --- pages -----------------------------------------------------------------

    def add_page(self, key: str, title: str, icon_name: str, page: QWidget | Callable[[], QWidget]) -> None:
        """Add (or replace) a page of the navigation column. ``page`` is a widget, or a function that
        builds it the first time it is shown. A new page gets a View menu entry, Ctrl+1… in order."""
        widget = page if isinstance(page, QWidget) else LazyPage(page, f"{key}Slot")
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
        n = len(self._pages)
        titles = [self.nav.item(i).text() for i in range(self.nav.count())]
        self.nav.setToolTip(f"{', '.join(titles[:-1])} and {titles[-1]} (Ctrl+1 to Ctrl+{n})" if n > 1 else title)
        name = key[:1].upper() + key[1:]
        self.action_set.add(f"show{name}Action", title, lambda k=key: self.show_page(k), menu="view", icon=icon_name,
                         shortcut=f"Ctrl+{n}" if n <= 9 else None, tip=f"Show {title}")  # fmt: skip

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._pages[key])

    def open_contact(self, contact_id: int) -> None:
        """Show a contact on the Contacts page (a name clicked on Today, say)."""
        self.show_page("contacts")
        self.contacts_page.show_contact(contact_id)
        self.action_set.update()

    def current_page(self) -> str:
        for key, i in self._pages.items():
            if i == self.pages.currentIndex():
                return key
        return ""

    def page(self, key: str) -> QWidget:
        """The page ``key``, built now if it is built lazily."""
        widget = self.pages.widget(self._pages[key])
        return widget.ensure_built() if isinstance(widget, LazyPage) else widget

    def today(self) -> dt.date:
        return self._today() if self._today else dt.date.today()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.history.loading:
            QTimer.singleShot(0, self.history.start_loading)  # once this paint is on screen

    # --- what the window shows about itself -----------------------------------

    def _on_contacts_changed(self) -> None:
        if hasattr(self, "action_set"):  # (the Contacts page is built before the actions)
            self.action_set.update()

    def _on_list_panel_counts_changed(self, total: int, shown: int) -> None:
        self.count_label.setText(count_words(total, shown, self.list_panel.hidden))

    def show_failure(self, title: str, exc: BaseException, *, prefix: str = "") -> None:
        """How a command that failed tells the person: a damaged database offers the latest backup, an
        error meant for a person is shown as it is, anything else is reported as a bug."""
        from desktop.ui import errors

        if isinstance(exc, trust.DATABASE_ERRORS):
            self.data_safety.recover_from_damage(exc)
        elif errors.for_a_person(exc):
            from desktop.ui.dialogs.common import show_error

            show_error(self, title, f"{prefix}{exc}")
        else:
            errors.report_bug(exc, self)

    def about(self) -> None:
        from desktop.ui.dialogs import show_about

        show_about(self)

    # --- .vcf and .csv files handed to the window ---------------------------------

    def import_files(self, paths: list[Path] | None):
        """Import vCard or CSV files: chosen (None), dropped, or handed over by the command line or a second launch."""
        return self.transfer.import_files(paths)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self.transfer.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = self.transfer.paths_of(event.mimeData())
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
        self.contact_page.set_details_collapsed(s.value(SETTINGS_DETAILS_COLLAPSED, False, type=bool))
        sort = s.value(SETTINGS_SORT)
        if isinstance(sort, str) and sort:
            self.list_panel.set_sort(sort)
        # The page the window was on; Today (the landing page) the first time. An empty database lands
        # on Contacts, whose welcome has the import and sample buttons.
        page = s.value(SETTINGS_PAGE)
        if self.contacts_page.is_empty():
            page = "contacts"
        elif not isinstance(page, str) or page not in self._pages:
            page = "today"
        self.show_page(page)

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
        s.setValue(SETTINGS_DETAILS_COLLAPSED, self.contact_page.details_collapsed())
        s.setValue(SETTINGS_PAGE, self.current_page())
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        # Every op is cancelled (an import rolls back its file in progress) and its thread joined
        # before the database closes; a backup under way is waited for. Their progress dialogs close
        # now; their callbacks (the import's summary) still come.
        workers.shutdown()
        from desktop.ui.style.progress import ProgressPanel

        for progress in self.findChildren(ProgressPanel):
            progress.finish()  # closed by code: not a cancel (the ops were cancelled above)
        self.list_panel.model.close()
        super().closeEvent(event)

