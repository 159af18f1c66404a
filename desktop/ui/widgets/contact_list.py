"""The left side of the Contacts page: a search box, filters and sort above a lazy contact list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QStaticText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QMenu,
    QToolButton,
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
from desktop.ui.models.contact_list_model import ID_ROLE, ROW_ROLE, ContactListModel, sort_value, subtitle
from desktop.ui.style import Space, colors, hbox
from desktop.ui.text import plain_label
from desktop.ui.widgets.avatar import avatar_pixmap, photo_cache

AVATAR = 32
PAD = 8
OPEN_MARK = 3  # px: the bar beside the contact open on the page


class ContactDelegate(QStyledItemDelegate):
    """Avatar (the photo, read lazily, else initials), name, a second line (title, organisation) and,
    when the list is sorted by something other than the name, that value (a band chip, "3 weeks ago"),
    drawn as plain text. The contact open on the page keeps a mark even when not selected.

    Painting runs for every visible row on every keystroke: one data() call
    per row, fonts, texts and avatars cached.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fonts: dict[str, tuple] = {}
        self._texts: dict[tuple, QStaticText] = {}
        self.open_id = 0  # the contact shown on the contact page
        self.value_kind = ""  # the sort whose value rows show ("" for none)
        self.today: Callable[[], dt.date] = dt.date.today
        self.photos = True  # the benchmark turns photos off to compare

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
        is_open = row.id == self.open_id
        if selected:
            painter.fillRect(r, pal.color(QPalette.Highlight))
        elif is_open:
            painter.fillRect(r, colors.accent(colors.ACCENT_HUE, pal, strong=False))
        elif state & QStyle.State_MouseOver:
            painter.fillRect(r, pal.color(QPalette.AlternateBase))
        if is_open:
            painter.fillRect(r.left(), r.top() + 4, OPEN_MARK, r.height() - 8,
                             pal.color(QPalette.HighlightedText) if selected else pal.color(QPalette.Highlight))  # fmt: skip
        name = row.name
        dpr = painter.device().devicePixelRatioF()
        avatar = photo_cache().pixmap(row.id, AVATAR, dpr) if row.has_photo and self.photos else None
        painter.drawPixmap(r.left() + PAD, r.top() + (r.height() - AVATAR) // 2,
                           avatar if avatar is not None else avatar_pixmap(name, AVATAR, dpr))  # fmt: skip
        fm, bold, bfm, italic, ifm = self._fonts_for(option.font)
        left = r.left() + PAD * 2 + AVATAR
        fg = pal.color(QPalette.HighlightedText) if selected else pal.color(QPalette.Text)
        muted = fg if selected else pal.color(QPalette.PlaceholderText)
        height = fm.height()
        top = r.top() + (r.height() - height * 2 - 2) // 2
        width = r.right() - PAD - left
        # The sort's value sits at the end of the second line: the name keeps the whole width.
        value = sort_value(row, self.value_kind, self.today()) if self.value_kind else None
        sub_width = width
        if value is not None:
            painter.setFont(option.font)
            line = QRectF(left, top + height + 2, width, height)
            sub_width = self._paint_value(painter, value, line, fm, pal, selected, fg, muted) - Space.S - left
        font_key = id(fm)  # the metrics are cached per font: their id names the font
        name_font = italic if row.archived else bold
        painter.setFont(name_font)
        painter.setPen(muted if row.archived else fg)
        metrics = ifm if row.archived else bfm
        painter.drawStaticText(left, top, self._static(name, width, metrics, font_key, True))
        sub = subtitle(row)
        if sub and sub_width > 20:
            painter.setFont(option.font)
            painter.setPen(muted)
            painter.drawStaticText(left, top + height + 2, self._static(sub, sub_width, fm, font_key, False))
        painter.restore()

    def _paint_value(self, painter: QPainter, value: tuple[str, str], line: QRectF, fm: QFontMetrics,
                     pal: QPalette, selected: bool, fg, muted) -> int:  # fmt: skip
        """Draw the sort's value at the right end of ``line`` (a chip for a band); returns its left edge."""
        text, tone = value
        w = fm.horizontalAdvance(text)
        if tone == "muted":
            painter.setPen(muted)
            rect = QRectF(line.right() - w, line.top(), w, line.height())
            painter.drawText(rect, Qt.AlignRight | Qt.AlignVCenter, text)
            return int(rect.left())
        hue = {"given": colors.GIVEN_HUE, "received": colors.RECEIVED_HUE}.get(tone)
        chip = QRectF(line.right() - w - 2 * Space.S, line.top() - 1, w + 2 * Space.S, line.height() + 2)
        path = QPainterPath()
        path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setRenderHint(QPainter.Antialiasing)
        if selected:
            painter.setPen(fg)
            painter.drawPath(path)
        else:
            painter.fillPath(path, colors.accent(hue, pal, strong=False) if hue is not None else colors.chip_background(pal))
            painter.setPen(colors.accent(hue, pal, strong=True) if hue is not None else colors.chip_text(pal))
        painter.drawText(chip, Qt.AlignCenter, text)
        return int(chip.left())


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


class SelectionBar(QFrame):
    """Under the list while several contacts are selected: how many, and the actions that work on a
    selection (the window's actions marked ``bulk``), in a menu, and a way to clear the selection."""

    clear_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setAccessibleName("Selection")
        lay = hbox(self, spacing=Space.S)
        lay.setContentsMargins(Space.M, Space.XS, Space.XS, Space.XS)
        self.count_label = plain_label("", object_name="selectionCount", type_step="strong")
        self.count_label.setAccessibleName("Contacts selected")
        lay.addWidget(self.count_label, 1)
        self.actions_button = QToolButton()
        self.actions_button.setObjectName("selectionActions")
        self.actions_button.setText("Actions")
        self.actions_button.setIcon(icons.icon("contacts"))
        self.actions_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.actions_button.setPopupMode(QToolButton.InstantPopup)
        self.actions_button.setAccessibleName("Actions on the selected contacts")
        self.actions_button.setToolTip("What you can do with the selected contacts at once")
        self.menu = QMenu(self.actions_button)
        self.menu.setObjectName("selectionMenu")
        self.actions_button.setMenu(self.menu)
        lay.addWidget(self.actions_button)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("selectionClear")
        self.clear_button.setIcon(icons.icon("close"))
        self.clear_button.setAccessibleName("Clear the selection")
        self.clear_button.setToolTip("Clear the selection (Esc)")
        self.clear_button.clicked.connect(self.clear_requested)
        lay.addWidget(self.clear_button)
        self._actions: Callable[[], list[QAction]] = lambda: []
        self.menu.aboutToShow.connect(self._fill)

    def paintEvent(self, event) -> None:  # noqa: N802
        from desktop.ui.style.surfaces import paint_card

        paint_card(self)

    def set_actions(self, actions: Callable[[], list[QAction]]) -> None:
        self._actions = actions
        self._fill()

    def actions_listed(self) -> list[QAction]:
        return list(self._actions())

    def _fill(self) -> None:
        self.menu.clear()
        listed = self.actions_listed()
        for action in listed:
            self.menu.addAction(action)
        self.actions_button.setEnabled(bool(listed))

    def show_count(self, n: int) -> None:
        self.count_label.setText(f"{n:,} selected")
        self._fill()
        self.setVisible(n > 1)


class ContactListPanel(QWidget):
    """Emits ``contact_selected(id)`` (0: none) and ``counts_changed(total, shown)``.

    ``today`` (a callable) dates the sort values ("3 weeks ago") and the balance sort's decay.
    """

    contact_selected = Signal(int)
    counts_changed = Signal(int, int)
    query_changed = Signal()

    COUNT_DELAY_MS = 150  # counting a big result waits for a pause in the typing

    def __init__(self, parent=None, today: Callable[[], dt.date] | None = None):
        super().__init__(parent)
        self._today = today or dt.date.today
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
            "Those who gave you more first, those you gave more last (the meter's balance: recent counts most)",
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

        self.model = ContactListModel(self, today=self._today)
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
        self.delegate = ContactDelegate(self.view)
        self.delegate.today = self._today
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setMouseTracking(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        lay.addWidget(self.view, 1)
        self.selection_bar = SelectionBar()
        self.selection_bar.clear_requested.connect(self._on_selection_bar_clear_requested)
        self.selection_bar.hide()
        lay.addWidget(self.selection_bar)
        photo_cache().loaded.connect(self.view.viewport().update)

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
        self.view.installEventFilter(self)
        for combo in (self.tag_filter, self.group_filter, self.circle_filter, self.sort_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.show_archived.toggled.connect(self._on_filters_changed)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
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
            today=self._today(),
        )

    def apply_query(self) -> None:
        query = self.current_query()
        self.model.set_query(query)
        self.delegate.value_kind = self.model.value_kind()
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
        if (obj is self.view and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape
                and self.selection_bar.isVisible()):  # fmt: skip
            self._on_selection_bar_clear_requested()
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
        self._on_view_selection_changed()

    def set_open_contact(self, contact_id: int) -> None:
        """The contact the page shows: its row keeps a mark whatever is selected or searched."""
        self.delegate.open_id = contact_id
        self.view.viewport().update()

    def set_bulk_actions(self, actions: Callable[[], list[QAction]]) -> None:
        """Where the selection bar finds the actions that work on several contacts (asked each time)."""
        self.selection_bar.set_actions(actions)

    def _on_view_selection_changed(self, *_args) -> None:
        self.selection_bar.show_count(len(self.view.selectionModel().selectedRows()))

    def _on_selection_bar_clear_requested(self) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.set_current_row(current.row())
        else:
            self.view.clearSelection()

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
