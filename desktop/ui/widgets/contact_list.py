"""The left side of the Contacts page: a search box, filters and sort above a lazy contact list."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QTreeView,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cadence import CIRCLE_LABELS, CIRCLES, NONE
from desktop.services import search as search_service
from desktop.services.search import NO_CIRCLE, SORT_LABELS, SORTS, ListQuery
from desktop.ui import icons
from desktop.ui.models.contact_list_model import ID_ROLE, ROW_ROLE, ContactListModel, subtitle
from desktop.ui.widgets.avatar import avatar_pixmap

AVATAR = 32
PAD = 8


class ContactDelegate(QStyledItemDelegate):
    """Avatar, name and a second line (title, organisation), drawn as plain text.

    Painting runs for every visible row on every keystroke: one data() call
    per row, fonts and avatars cached.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fonts: dict[str, tuple] = {}
        self._texts: dict[tuple, QStaticText] = {}

    def _static(self, text: str, width: int, metrics: QFontMetrics, font_key: str, bold: bool) -> QStaticText:
        """Elided, laid-out text, kept: laying text out is most of a row's paint, and typing a
        search repaints the same names again and again."""
        key = (text, width, font_key, bold)
        st = self._texts.get(key)
        if st is None:
            if len(self._texts) > 4000:
                self._texts.clear()
            st = QStaticText(metrics.elidedText(text, Qt.ElideRight, width))
            st.setTextFormat(Qt.PlainText)
            st.setPerformanceHint(QStaticText.AggressiveCaching)
            self._texts[key] = st
        return st

    def _fonts_for(self, font: QFont) -> tuple:
        key = font.key()
        got = self._fonts.get(key)
        if got is None:
            bold = QFont(font)
            bold.setWeight(QFont.DemiBold)
            italic = QFont(bold)
            italic.setItalic(True)
            got = (QFontMetrics(font), bold, QFontMetrics(bold), italic, QFontMetrics(italic))
            self._fonts[key] = got
        return got

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(200, max(AVATAR + 2 * PAD - 4, fm.height() * 2 + 2 * PAD - 2))

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        painter.save()
        pal = option.palette
        r = option.rect
        state = option.state
        selected = bool(state & QStyle.State_Selected)
        if selected:
            painter.fillRect(r, pal.color(QPalette.Highlight))
        elif state & QStyle.State_MouseOver:
            painter.fillRect(r, pal.color(QPalette.AlternateBase))
        name = row.name
        dpr = painter.device().devicePixelRatioF()
        painter.drawPixmap(r.left() + PAD, r.top() + (r.height() - AVATAR) // 2, avatar_pixmap(name, AVATAR, dpr))
        fm, bold, bfm, italic, ifm = self._fonts_for(option.font)
        left = r.left() + PAD * 2 + AVATAR
        width = r.right() - left - PAD
        fg = pal.color(QPalette.HighlightedText) if selected else pal.color(QPalette.Text)
        muted = fg if selected else pal.color(QPalette.PlaceholderText)
        height = fm.height()
        top = r.top() + (r.height() - height * 2 - 2) // 2
        font_key = id(fm)  # the metrics are cached per font: their id names the font
        name_font = italic if row.archived else bold
        painter.setFont(name_font)
        painter.setPen(muted if row.archived else fg)
        metrics = ifm if row.archived else bfm
        painter.drawStaticText(left, top, self._static(name, width, metrics, font_key, True))
        sub = subtitle(row)
        if sub:
            painter.setFont(option.font)
            painter.setPen(muted)
            painter.drawStaticText(left, top + height + 2, self._static(sub, width, fm, font_key, False))
        painter.restore()


class ContactTreeView(QTreeView):
    """The list itself; says so in words when a search or a filter leaves it empty."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.placeholder = ""

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if self.placeholder and model is not None and model.rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.PlaceholderText))
            rect = self.viewport().rect().adjusted(16, 24, -16, -16)
            p.drawText(rect, Qt.AlignHCenter | Qt.AlignTop | Qt.TextWordWrap, self.placeholder)
            p.end()


def _combo(name: str, tip: str) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    c.setToolTip(tip)
    c.setAccessibleName(tip.split(":")[0])
    c.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    c.setMinimumContentsLength(8)
    return c


class ContactListPanel(QWidget):
    """Emits ``contact_selected(id)`` (0: none) and ``counts_changed(total, shown)``."""

    contact_selected = Signal(int)
    counts_changed = Signal(int, int)
    query_changed = Signal()

    COUNT_DELAY_MS = 150  # counting a big result waits for a pause in the typing

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("contactListPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 4, 8)
        lay.setSpacing(6)

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search name, company, email, phone, tag, notes")
        self.search_field.setToolTip("Search as you type: names (any accent or case), organisation, email, phone digits, tags and notes (Ctrl+F)")
        self.search_field.setAccessibleName("Search contacts")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icons.icon("search"), QLineEdit.LeadingPosition)
        lay.addWidget(self.search_field)

        grid = QGridLayout()
        grid.setSpacing(6)
        self.tag_filter = _combo("tagFilter", "Tag: show contacts with this tag")
        self.group_filter = _combo("groupFilter", "Group: show members of this group")
        self.circle_filter = _combo("circleFilter", "Circle: show contacts in this keep-in-touch circle")
        self.sort_combo = _combo("sortCombo", "Sort: the order of the list when nothing is typed")
        for key in SORTS:
            self.sort_combo.addItem(SORT_LABELS[key], key)
        self.sort_combo.setItemData(
            SORTS.index(search_service.SORT_BALANCE),
            "Those who gave you more first, those you gave more last (raw weights)",
            Qt.ToolTipRole,
        )
        self.circle_filter.addItem("All circles", None)
        for c in CIRCLES:
            if c != NONE:
                self.circle_filter.addItem(CIRCLE_LABELS[c], c)
        self.circle_filter.addItem("No circle", NO_CIRCLE)
        self.circle_filter.addItem("Archived", "__archived__")
        grid.addWidget(self.tag_filter, 0, 0)
        grid.addWidget(self.group_filter, 0, 1)
        grid.addWidget(self.circle_filter, 1, 0)
        grid.addWidget(self.sort_combo, 1, 1)
        lay.addLayout(grid)
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.setObjectName("showArchived")
        self.show_archived.setIcon(icons.icon("archive"))
        self.show_archived.setToolTip("List archived contacts too (a search always finds them)")
        self.show_archived.setAccessibleName("Show archived contacts")
        lay.addWidget(self.show_archived, 0, Qt.AlignLeft)
        self.reload_filter_options()

        self.model = ContactListModel(self)
        # A tree view with uniform rows, not a QListView: QListView lays out every row again
        # on each page appended (quadratic over 100,000 rows); QTreeView appends in constant time.
        self.view = ContactTreeView()
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(True)
        self.view.setObjectName("contactList")
        self.view.setAccessibleName("Contacts")
        self.view.setToolTip("Your contacts. Enter or a click opens one; Delete moves the selected ones to the trash.")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ContactDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setMouseTracking(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        lay.addWidget(self.view, 1)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._update_counts)
        self._total: int | None = None
        self._count_cache: dict[ListQuery, int] = {}
        self.hidden = {"archived": 0, "search": 0, "filters": 0}  # why contacts are not shown, by reason
        self._last_selected = -1

        self.search_field.textChanged.connect(self._on_search_field_text_changed)
        self.search_field.returnPressed.connect(self._on_search_field_return_pressed)
        self.search_field.installEventFilter(self)
        for combo in (self.tag_filter, self.group_filter, self.circle_filter, self.sort_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.show_archived.toggled.connect(self._on_filters_changed)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.apply_query()

    # --- the query ------------------------------------------------------------

    def current_query(self) -> ListQuery:
        circle = self.circle_filter.currentData()
        archived = circle == "__archived__"
        return ListQuery(
            text=self.search_field.text(),
            tag_id=self.tag_filter.currentData(),
            group_id=self.group_filter.currentData(),
            circle=None if archived else circle,
            sort=self.sort_combo.currentData() or search_service.SORT_NAME,
            only_archived=archived,
            include_archived=self.show_archived.isChecked(),
        )

    def apply_query(self) -> None:
        query = self.current_query()
        self.model.set_query(query)
        if query.text.strip():
            self.view.placeholder = f"No contact matches “{query.text.strip()}”."
        elif query != ListQuery(sort=query.sort, include_archived=query.include_archived):
            self.view.placeholder = "No contact matches these filters."
        else:
            self.view.placeholder = "No contacts yet."
        self.view.viewport().update()
        self.query_changed.emit()
        if query in self._count_cache:
            self._update_counts()
        else:
            # Counting 100,000 rows takes tens of ms: after the list shows, and after a pause in the typing.
            self._count_timer.start(self.COUNT_DELAY_MS)

    def _on_search_field_text_changed(self, _text: str) -> None:
        self.apply_query()

    def _on_search_field_return_pressed(self) -> None:
        """Enter opens the first result and moves to the list (arrows then walk it)."""
        self.select_first()
        self.view.setFocus(Qt.TabFocusReason)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.search_field and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Down:
            self._on_search_field_return_pressed()
            return True
        return super().eventFilter(obj, event)

    def _on_filters_changed(self, _index: int) -> None:
        self.apply_query()

    def reload_filter_options(self) -> None:
        opts = search_service.filter_options()
        for combo, items, all_label in (
            (self.tag_filter, opts.tags, "All tags"),
            (self.group_filter, opts.groups, "All groups"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_label, None)
            for key, label in items:
                combo.addItem(label, key)
            i = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def set_sort(self, key: str) -> None:
        i = self.sort_combo.findData(key)
        if i >= 0:
            self.sort_combo.setCurrentIndex(i)

    def sort_key(self) -> str:
        return self.sort_combo.currentData() or search_service.SORT_NAME

    # --- counts ---------------------------------------------------------------

    def _count(self, query: ListQuery) -> int:
        found = self._count_cache.get(query)
        if found is None:
            found = self._count_cache[query] = search_service.count(query)
        return found

    def _update_counts(self) -> None:
        query = self.model.query
        if self._total is None:
            self._total = search_service.total_contacts()
        shown = self._count(query)
        # Why the rest is not shown: archived (while browsing without "Show archived"), the search, filters.
        searching = bool(query.text.strip())
        archived = 0
        if not searching and not query.include_archived and not query.only_archived:
            archived = self._count(replace(query, only_archived=True))
        by_search = self._count(replace(query, text="", include_archived=True)) - shown if searching else 0
        filters = max(0, self._total - shown - archived - by_search)
        self.hidden = {"archived": archived, "search": by_search, "filters": filters}
        self.counts_changed.emit(self._total, shown)

    def total(self) -> int:
        """Live contacts in the database (cheap: an index count), cached until data changes."""
        if self._total is None:
            self._total = search_service.total_contacts()
        return self._total

    def counts(self) -> tuple[int, int]:
        """(total, shown), counting now if the delayed count has not run yet."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self._update_counts()
        query = self.model.query
        if self._total is None or query not in self._count_cache:
            self._update_counts()
        return self._total or 0, self._count_cache[query]

    def data_changed(self) -> None:
        """Contacts were added, edited, trashed or restored: reload, keeping the place."""
        self._total = None
        self._count_cache.clear()
        keep = self.current_contact_id()
        self.reload_filter_options()
        self.model.refresh()
        self._select_id(keep)
        self._update_counts()

    # --- selection ------------------------------------------------------------

    def _after_reset(self) -> None:
        self._last_selected = -1

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return  # a new search keeps the contact page as it is until another contact is chosen
        cid = current.data(ID_ROLE)
        if cid != self._last_selected:
            self._last_selected = cid
            self.contact_selected.emit(cid or 0)

    def current_contact_id(self) -> int:
        index = self.view.currentIndex()
        return (index.data(ID_ROLE) or 0) if index.isValid() else 0

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        ids = [self.model.contact_id(r) for r in rows]
        if not ids and self.current_contact_id():
            ids = [self.current_contact_id()]
        return [i for i in ids if i]

    def _select_id(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id) if contact_id else -1
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.set_current_row(row)
        self.view.scrollTo(index)
        return True

    def select_contact(self, contact_id: int) -> bool:
        """Select ``contact_id`` if the list shows it (loading more pages of a short list if needed)."""
        if self._select_id(contact_id):
            return True
        return False

    def select_first(self) -> None:
        if self.model.rowCount() > 0:
            self.set_current_row(0)

    def set_current_row(self, row: int) -> None:
        """Make ``row`` the current and only selected row. Not view.setCurrentIndex, which reads the
        keyboard's modifiers: a Shift still held from Ctrl+Shift+Z would add the row to the selection
        (and the next Delete would trash them all)."""
        flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        self.view.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
