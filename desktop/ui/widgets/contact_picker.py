"""A type-ahead contact picker: type part of a name, pick with Enter or a click.

Every person picked shows as the one chip of the design system
(``style.PersonChip``), inside a field that looks like a line edit, before the
typing line: ``ContactPicker(multiple=True)`` collects several contacts,
``multiple=False`` one (picking another replaces it). Backspace in the empty
line removes the last chip; a click on a chip removes that person. With
``allow_free_text=True`` (single only: the third party of a referral, who may
be anyone) the name stays in the line as typed, and a picked contact is
marked there with a person icon.

Enter in the line picks the highlighted (or first) suggestion; once nothing
is left to pick, Enter goes on to the dialog's default button, so a form can
be filled and submitted from the keyboard alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QAbstractListModel, QEvent, QMargins, QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

from desktop.ui.style import Space
from desktop.ui.style.chips import FlowLayout, PersonChip
from desktop.ui.text import plain_tooltip

SUGGESTION_LIMIT = 12
MAX_ROWS = 4  # rows of chips a picker grows to before they scroll
HINT_WIDTH = 400  # the width a picker expects in a form before it is laid out


@dataclass(frozen=True)
class Suggestion:
    id: int
    name: str
    detail: str = ""  # organisation or title, to tell two people of the same name apart


class ContactSource(Protocol):
    def search(self, text: str, limit: int) -> list[Suggestion]: ...

    def name(self, contact_id: int) -> str: ...


class ServiceContactSource:
    """Suggestions from the search service (the same search as the contact list)."""

    def search(self, text: str, limit: int) -> list[Suggestion]:
        from desktop.services.search import ListQuery, page

        if not text.strip():
            return []
        return [Suggestion(r.id, r.name, r.organization or r.title) for r in page(ListQuery(text=text), 0, limit)]

    def name(self, contact_id: int) -> str:
        from desktop.services.names import contact_names

        return contact_names([contact_id], include_trashed=True).get(contact_id) or "a deleted contact"


class ListContactSource:
    """Suggestions from a fixed list (the screenshot gallery, tests without a database)."""

    def __init__(self, people: Iterable[tuple[int, str, str]]):
        self.people = [Suggestion(*p) for p in people]

    def search(self, text: str, limit: int) -> list[Suggestion]:
        from desktop.domain.contact import fold_text

        key = fold_text(text.strip())
        if not key:
            return []
        return [s for s in self.people if key in fold_text(s.name)][:limit]

    def name(self, contact_id: int) -> str:
        for s in self.people:
            if s.id == contact_id:
                return s.name
        return "Unknown contact"


class _SuggestionModel(QAbstractListModel):
    IdRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Suggestion] = []

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return f"{s.name} — {s.detail}" if s.detail else s.name
        if role == Qt.EditRole:
            return s.name
        if role == self.IdRole:
            return s.id
        if role == Qt.ToolTipRole:
            return plain_tooltip(s.detail or s.name)
        return None


class _PickerLine(QLineEdit):
    """The typing line: Enter picks a suggestion when there is one to pick."""

    def __init__(self, picker: ContactPicker):
        super().__init__()
        self._picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key_Return, Qt.Key_Enter) and self._picker._pick_on_enter():
            event.accept()
            return
        if key == Qt.Key_Backspace and not self.text() and self._picker.uses_chips and self._picker.contact_ids():
            self._picker.remove_contact(self._picker.contact_ids()[-1])
            event.accept()
            return
        if key in (Qt.Key_Down, Qt.Key_Up) and not self._picker._completer.popup().isVisible() and self.text().strip():
            self._picker._move_highlight(1 if key == Qt.Key_Down else -1)
            event.accept()
            return
        super().keyPressEvent(event)


class ContactPicker(QWidget):
    """Pick one or several contacts by typing; see the module note."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        multiple: bool = True,
        allow_free_text: bool = False,
        source: ContactSource | None = None,
        placeholder: str = "Type a name…",
        accessible_name: str = "Contacts",
    ):
        super().__init__(parent)
        self.setObjectName("contactPicker")
        self.multiple = multiple
        self.allow_free_text = allow_free_text and not multiple
        self.uses_chips = not self.allow_free_text  # a free-text name stays in the line, as typed
        self.source: ContactSource = source or ServiceContactSource()
        self._ids: list[int] = []
        self._names: dict[int, str] = {}
        self._chosen_id: int | None = None  # single mode
        self._chosen_name = ""
        self._placeholder = placeholder

        # The chips and the typing line share one field that looks like a line edit.
        self._chips = QWidget(self)
        self._chips.setObjectName("contactPickerChips")
        self._flow = FlowLayout(self._chips, spacing=Space.XS)
        self.line_edit = _PickerLine(self)
        self.line_edit.setParent(self._chips)
        self.line_edit.setObjectName("contactPickerLine")
        self.line_edit.setFrame(False)
        self.line_edit.setPlaceholderText(placeholder)
        self.line_edit.setClearButtonEnabled(self.allow_free_text)
        self.line_edit.setAccessibleName(accessible_name)
        self.line_edit.setMinimumWidth(self.line_edit.fontMetrics().averageCharWidth() * 12)
        self.line_edit.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.line_edit.installEventFilter(self)
        tip = "Type part of a name, then Enter or Down to pick from the suggestions"
        if self.allow_free_text:
            tip += "; or type a name that is not in your contacts"
        elif self.uses_chips:
            tip += "; Backspace in the empty field removes the last person"
        self.line_edit.setToolTip(tip)
        self._tip = tip
        self._flow.addWidget(self.line_edit)
        self.setFocusProxy(self.line_edit)
        self._linked = None
        if self.allow_free_text:  # a picked contact is marked in the line: a name typed is not
            from desktop.ui import icons

            self._linked = self.line_edit.addAction(icons.icon("person"), QLineEdit.LeadingPosition)
            self._linked.setToolTip("A contact")
            self._linked.setVisible(False)
        for button in self.line_edit.findChildren(QToolButton):  # the line's own clear button
            button.setAccessibleName(f"Clear {accessible_name.lower()}")
            button.setToolTip("Clear")

        self._model = _SuggestionModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.setWidget(self.line_edit)  # not setCompleter: picking must not rewrite the text
        self._completer.activated[QModelIndex].connect(self._on_completer_activated)
        self._completer.popup().setObjectName("contactPickerPopup")
        self._completer.popup().setAccessibleName(f"{accessible_name}: suggestions")

        # Many people wrap onto more rows, up to MAX_ROWS; past that the chips scroll inside the field.
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("contactPickerScroll")
        self._scroll.setFrameShape(QScrollArea.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.NoFocus)
        self._scroll.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Ignored)  # the picker sets the height
        self._scroll.setWidget(self._chips)
        self._scroll.viewport().setAutoFillBackground(False)
        self._chips.setAutoFillBackground(False)
        # Placed by hand in resizeEvent: the picker sets its own height from its rows, which a layout
        # inside it would fight.
        frame = self.style().pixelMetric(QStyle.PM_DefaultFrameWidth)
        self._margins = QMargins(frame + Space.XXS, frame, frame, frame)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setAttribute(Qt.WA_Hover, True)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._refresh_suggestions)
        self.line_edit.textEdited.connect(self._on_line_text_edited)

    # --- looks ---------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        """The frame of a line edit around the chips and the line (focus ring included)."""
        opt = QStyleOptionFrame()
        opt.initFrom(self)
        opt.rect = self.rect()
        opt.lineWidth = self.style().pixelMetric(QStyle.PM_DefaultFrameWidth, opt, self)
        opt.midLineWidth = 0
        opt.state |= QStyle.State_Sunken
        if self.line_edit.hasFocus():
            opt.state |= QStyle.State_HasFocus
        p = QPainter(self)
        self.style().drawPrimitive(QStyle.PE_PanelLineEdit, opt, p, self)
        p.end()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.line_edit and event.type() in (QEvent.FocusIn, QEvent.FocusOut):
            self.update()  # the focus ring is the picker's
            if event.type() == QEvent.FocusIn:
                self._scroll.ensureWidgetVisible(self.line_edit)
        return super().eventFilter(obj, event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.line_edit.setFocus(Qt.MouseFocusReason)  # a click anywhere in the field is a click in the line
        super().mousePressEvent(event)

    def _height_for(self, width: int) -> int:
        """As tall as the rows of chips need at ``width``, up to MAX_ROWS rows (then they scroll)."""
        m = self._margins
        inner = max(1, width - m.left() - m.right())
        rows = self._flow.heightForWidth(inner)
        row = max(self.line_edit.sizeHint().height(), self._flow.itemAt(0).sizeHint().height())
        most = MAX_ROWS * row + (MAX_ROWS - 1) * self._flow.spacing()
        return min(rows, most) + m.top() + m.bottom()

    def _fit_height(self, laid_out: bool = False) -> None:
        if not (laid_out or self.isVisible()):  # its width is still Qt's default: sizeHint speaks for it
            self.updateGeometry()
            return
        height = self._height_for(self.width())
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        # Here, not only in resizeEvent: a resize made while the window is being shown sends no event.
        self._scroll.setGeometry(self.rect().marginsRemoved(self._margins))
        if self.line_edit.hasFocus():
            self._scroll.ensureWidgetVisible(self.line_edit)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_height(laid_out=True)  # (Qt sends the first one before the widget counts as visible)

    def sizeHint(self) -> QSize:  # noqa: N802
        # Before it is laid out its width is Qt's default (100 px): size it for a field of a form's width.
        width = self.width() if self.isVisible() else max(self.width(), HINT_WIDTH)
        return QSize(self.line_edit.minimumWidth() * 3, self._height_for(width))

    # --- values -------------------------------------------------------------

    def contact_ids(self) -> list[int]:
        if self.multiple:
            return list(self._ids)
        return [self._chosen_id] if self._chosen_id is not None else []

    def contact_id(self) -> int | None:
        ids = self.contact_ids()
        return ids[0] if ids else None

    def free_text(self) -> str:
        """Single mode with free text: the typed name when it is not a picked contact."""
        if not self.allow_free_text or self._chosen_id is not None:
            return ""
        return self.line_edit.text().strip()

    def pending_text(self) -> str:
        """What is typed but not picked (a form refuses to save with a half-typed name)."""
        if self.allow_free_text and self._chosen_id is not None:
            return ""
        return self.line_edit.text().strip()

    def set_contact_ids(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if self.multiple:
            for cid in list(self._ids):
                self.remove_contact(cid, notify=False)
            for cid in ids:
                self.add_contact(cid, notify=False)
        elif ids:
            self.add_contact(ids[0], notify=False)
        else:
            self.clear()
        self.changed.emit()

    def set_free_text(self, text: str) -> None:
        self._set_chosen(None)
        self.line_edit.setText(text)
        self.changed.emit()

    def clear(self) -> None:
        for cid in list(self._ids):
            self.remove_contact(cid, notify=False)
        if self._chosen_id is not None:
            self.remove_contact(self._chosen_id, notify=False)
        self.line_edit.clear()
        self.changed.emit()

    def add_contact(self, contact_id: int, name: str | None = None, *, notify: bool = True) -> None:
        name = name or self.source.name(contact_id)
        self._names[contact_id] = name
        if self.multiple:
            if contact_id not in self._ids:
                self._ids.append(contact_id)
                self._add_chip(contact_id, name)
            self.line_edit.clear()
        elif self.uses_chips:
            if self._chosen_id is not None and self._chosen_id != contact_id:
                self._remove_chip(self._chosen_id)
            if self._chosen_id != contact_id:
                self._add_chip(contact_id, name)
            self._set_chosen(contact_id, name)
            self.line_edit.clear()
        else:
            self._set_chosen(contact_id, name)
            self.line_edit.setText(name)
        self._update_placeholder()
        if notify:
            self.changed.emit()

    def remove_contact(self, contact_id: int, *, notify: bool = True) -> None:
        if contact_id in self._ids:
            self._ids.remove(contact_id)
            self._remove_chip(contact_id)
        elif self._chosen_id == contact_id:
            if self.uses_chips:
                self._remove_chip(contact_id)
            else:
                self.line_edit.clear()
            self._set_chosen(None)
        self._update_placeholder()
        if notify:
            self.changed.emit()

    def chip_names(self) -> list[str]:
        if self.multiple:
            return [self._names[c] for c in self._ids]
        return [self._chosen_name] if self.uses_chips and self._chosen_id is not None else []

    # --- internals ----------------------------------------------------------

    def _set_chosen(self, contact_id: int | None, name: str = "") -> None:
        self._chosen_id = contact_id
        self._chosen_name = name if contact_id is not None else ""
        if self._linked is not None:
            self._linked.setVisible(contact_id is not None)
            tip = f"{name} (type to choose someone else)" if contact_id is not None else self._tip
            self.line_edit.setToolTip(plain_tooltip(tip) if contact_id is not None else tip)

    def _update_placeholder(self) -> None:
        # With someone picked, the placeholder would read as if the field were empty.
        self.line_edit.setPlaceholderText("" if self.chip_names() else self._placeholder)

    def _add_chip(self, contact_id: int, name: str) -> None:
        chip = PersonChip(name, removable=True, parent=self._chips)
        chip.setObjectName(f"chip_{contact_id}")
        chip.clicked.connect(lambda _=False, cid=contact_id: self.remove_contact(cid))
        self._flow.insertWidget(self._flow.count() - 1, chip)  # before the typing line
        chip.show()
        self._fit_height()

    def _remove_chip(self, contact_id: int) -> None:
        chip = self._chips.findChild(PersonChip, f"chip_{contact_id}")
        if chip is None:
            return
        self._flow.removeWidget(chip)
        chip.hide()
        chip.setObjectName("")  # a new chip for the same person may come before this one is deleted
        chip.deleteLater()
        self._fit_height()

    def _on_line_text_edited(self, text: str) -> None:
        if self.allow_free_text and self._chosen_id is not None and text != self._chosen_name:
            self._set_chosen(None)
            self.changed.emit()
        elif self.allow_free_text:
            self.changed.emit()
        self._timer.start()

    def _refresh_suggestions(self) -> list[Suggestion]:
        text = self.line_edit.text().strip()
        if not text or (self.allow_free_text and self._chosen_id is not None):
            self._model.set_rows([])
            self._completer.popup().hide()
            return []
        taken = set(self.contact_ids())
        rows = [s for s in self.source.search(text, SUGGESTION_LIMIT) if s.id not in taken]
        self._model.set_rows(rows)
        popup = self._completer.popup()
        if rows and self.line_edit.hasFocus():
            # As wide as the whole field, under it: the line alone may be a narrow strip after the chips.
            left = self.line_edit.mapFrom(self, QPoint(0, 0)).x()
            self._completer.complete(QRect(left, 0, max(self.width(), 240), self.line_edit.height()))
        else:
            popup.hide()
        if rows:
            # The first suggestion is highlighted, so Enter picks it straight away.
            popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
        return rows

    def _move_highlight(self, step: int) -> None:
        """Down/Up with the popup closed: open the suggestions, or move through them."""
        if not self._model.rows:
            self._refresh_suggestions()
            return
        popup = self._completer.popup()
        model = self._completer.completionModel()
        row = popup.currentIndex().row() if popup.currentIndex().isValid() else -1
        row = max(0, min(model.rowCount() - 1, row + step))
        popup.setCurrentIndex(model.index(row, 0))

    def _pick_on_enter(self) -> bool:
        """Pick the highlighted or first suggestion; False when Enter should go on to the dialog."""
        text = self.line_edit.text().strip()
        if not text or (self.allow_free_text and self._chosen_id is not None):
            return False
        popup = self._completer.popup()
        index = popup.currentIndex() if self._model.rows else QModelIndex()
        if index.isValid():
            cid = index.data(_SuggestionModel.IdRole)
            name = index.data(Qt.EditRole)
        else:
            rows = self._refresh_suggestions() if not self._model.rows else self._model.rows
            if not rows:
                # No match: a free-text name stays as typed and Enter goes on to the dialog.
                return not self.allow_free_text
            cid, name = rows[0].id, rows[0].name
        popup.hide()
        self.add_contact(cid, name)
        self._model.set_rows([])
        return True

    def _on_completer_activated(self, index: QModelIndex) -> None:
        cid = index.data(_SuggestionModel.IdRole)
        if cid is None:
            return
        self.add_contact(int(cid), index.data(Qt.EditRole))
        self._model.set_rows([])
        if self.uses_chips:
            QTimer.singleShot(0, self.line_edit.clear)
