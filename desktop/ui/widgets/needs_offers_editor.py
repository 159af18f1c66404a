"""A contact's needs and offers, with their tags: listed, added, edited and removed in place.

    editor = NeedsOffersEditor(events)          # objectName "needsOffersEditor"
    editor.set_contact(contact_id)              # shows theirs; each change is saved at once (undoable)

That is the inline editor for the contact page: every add, edit and removal goes through
``services.needs`` as a step of the undo history, then ``events.needs_changed([contact_id])`` is
emitted (Today's introductions follow). With ``deferred=True`` (the contact dialog) nothing is saved:
``set_drafts(drafts)`` fills it, ``drafts()`` gives the list back for the form's Save
(``services.needs.save_contact_with_needs``). ``changed`` is emitted after each change either way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QLineEdit, QWidget

from desktop.domain.errors import RapportError
from desktop.domain.kinds import NEED, OFFER
from desktop.ui import style
from desktop.ui.dialogs.common import ErrorLabel, describe
from desktop.ui.dialogs.fields import TagsEdit
from desktop.ui.pages.common import clear_layout
from desktop.ui.text import button, heading, muted_label, plain_label, plain_tooltip

KIND_TITLES = {NEED: "Needs", OFFER: "Offers"}
EMPTY = {NEED: "No needs noted: what are they looking for?", OFFER: "No offers noted: what can they help others with?"}


def _needs_service():
    from desktop.services import needs

    return needs


class NeedOfferRow(QFrame):
    """One need or offer: its words, its tags, Edit and Remove."""

    def __init__(self, draft, on_edit, on_remove, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needOfferRow")
        self.draft = draft
        self.setAccessibleName(f"{draft.kind}: {draft.text}")
        line = style.hbox(self, spacing=style.Space.S)
        words = style.vbox(spacing=0)
        line.addLayout(words, 1)  # first: its labels have a parent before one is hidden or shown
        self.text_label = plain_label(draft.text, object_name="needOfferText", wrap=True)
        words.addWidget(self.text_label)
        self.tags_label = muted_label(" · ".join(draft.tags), object_name="needOfferTags", wrap=True)
        words.addWidget(self.tags_label)
        self.tags_label.setVisible(bool(draft.tags))
        self.edit_button = button("Edit", "edit", object_name="editNeedOffer", tip=plain_tooltip(f"Edit “{draft.text}”"))
        self.edit_button.clicked.connect(lambda: on_edit(self))
        self.remove_button = button("Remove", "remove", object_name="removeNeedOffer",
                                    tip=plain_tooltip(f"Remove “{draft.text}” (Ctrl+Z brings it back)"))  # fmt: skip
        self.remove_button.clicked.connect(lambda: on_remove(self))
        line.addWidget(self.edit_button, 0, Qt.AlignTop)
        line.addWidget(self.remove_button, 0, Qt.AlignTop)


class NeedsOffersEditor(QWidget):
    changed = Signal()

    def __init__(self, events=None, *, deferred: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needsOffersEditor")
        self.setAccessibleName("Needs and offers")
        self.events = events
        self.deferred = deferred
        self.contact_id: int | None = None
        self._drafts: list = []
        self._editing: NeedOfferRow | None = None
        outer = style.vbox(self, spacing=style.Space.S)
        self.lists = {}
        for kind in (NEED, OFFER):
            outer.addWidget(heading(KIND_TITLES[kind], "strong", object_name=f"{kind}sTitle"))
            box = style.vbox(spacing=style.Space.XS)
            outer.addLayout(box)
            self.lists[kind] = box

        form = QWidget()
        form.setObjectName("needOfferForm")
        grid = style.form(form)
        self.kind = QComboBox()
        self.kind.setObjectName("needOfferKind")
        self.kind.addItem("Needs", NEED)
        self.kind.addItem("Offers", OFFER)
        describe(self.kind, "Need or offer", "Something they need, or something they offer")
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("needOfferTextEdit")
        self.text_edit.setPlaceholderText("marketing help for a restaurant reopening")
        describe(self.text_edit, "What", "A few words: what they need, or what they offer")
        self.tags_edit = TagsEdit(_known_tags())
        self.tags_edit.setObjectName("needOfferTagsEdit")
        self.tags_edit.setPlaceholderText("marketing, restaurants")
        describe(self.tags_edit, "Tags", "Words to match on, separated by commas (optional)")
        self.error = ErrorLabel("needOffer")
        buttons = style.hbox(spacing=style.Space.S)
        self.add_button = button("Add", "add", object_name="addNeedOffer", tip="Add this need or offer (Enter)")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.cancel_button = button("Cancel", "close", object_name="cancelNeedOffer", tip="Stop editing; nothing changes")
        self.cancel_button.clicked.connect(self._stop_editing)
        self.cancel_button.setVisible(False)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        row = QWidget()
        line = style.hbox(row, spacing=style.Space.S)
        line.addWidget(self.kind)
        line.addWidget(self.text_edit, 1)
        row.setFocusProxy(self.text_edit)  # the label's mnemonic lands in the words
        grid.addRow("&Add:", row)
        grid.addRow("&Tags:", self.tags_edit)
        grid.addRow("", buttons)
        grid.addRow("", self.error)
        self.form_label = grid.labelForField(row)
        for label in form.findChildren(QLabel):  # the form's own words: plain text too (the "&" still marks)
            label.setTextFormat(Qt.PlainText)
        outer.addWidget(form)
        outer.addStretch(1)  # room to spare goes below, not between the rows
        # Enter in these fields adds (or saves) the item, and goes no further: in a dialog it must not
        # press the dialog's own default button too.
        self.text_edit.installEventFilter(self)
        self.tags_edit.installEventFilter(self)
        self._show()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (obj in (self.text_edit, self.tags_edit) and event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter)):  # fmt: skip
            self._on_add_button_clicked()
            return True
        return super().eventFilter(obj, event)

    # --- filling ---------------------------------------------------------------------

    def set_contact(self, contact_id: int | None) -> None:
        """Show a contact's needs and offers (None: nobody), as the database has them."""
        self.contact_id = contact_id
        items = _needs_service().needs_offers(contact_id) if contact_id else []
        self._drafts = [self._draft(i.kind, i.text, i.tags, i.id) for i in items]
        self._stop_editing()
        self._show()

    def set_drafts(self, drafts) -> None:
        self._drafts = list(drafts)
        self._stop_editing()
        self._show()

    def drafts(self) -> list:
        return list(self._drafts)

    @staticmethod
    def _draft(kind, text, tags, item_id=None):
        return _needs_service().NeedOfferDraft(kind, text, tuple(tags), item_id)

    def rows(self) -> list[NeedOfferRow]:
        return [self.lists[k].itemAt(i).widget() for k in (NEED, OFFER) for i in range(self.lists[k].count())
                if isinstance(self.lists[k].itemAt(i).widget(), NeedOfferRow)]  # fmt: skip

    def _show(self) -> None:
        for kind, box in self.lists.items():
            clear_layout(box)
            mine = [d for d in self._drafts if d.kind == kind]
            for d in mine:
                box.addWidget(NeedOfferRow(d, self._on_row_edit, self._on_row_remove))
            if not mine:
                box.addWidget(muted_label(EMPTY[kind], object_name=f"{kind}sEmpty", wrap=True))

    # --- changing ---------------------------------------------------------------------

    def _on_add_button_clicked(self) -> None:
        kind, text, tags = self.kind.currentData(), self.text_edit.text().strip(), tuple(self.tags_edit.tags())
        editing = self._editing
        try:
            if self.deferred:
                if not text:
                    raise RapportError(f"The {kind} needs a few words.")
                new = self._draft(kind, text, tags, editing.draft.id if editing else None)
                if editing is not None:
                    self._drafts[self._drafts.index(editing.draft)] = new
                else:
                    self._drafts.append(new)
            elif editing is not None:
                _needs_service().edit_need_offer(editing.draft.id, text, tags)
            else:
                _needs_service().add_need_offer(self.contact_id, kind, text, tags)
        except RapportError as exc:
            self.error.show_error(str(exc))
            self.text_edit.setFocus()
            return
        self.text_edit.clear()
        self.tags_edit.clear()
        self._after_change()

    def _on_row_edit(self, row: NeedOfferRow) -> None:
        self._editing = row
        self.kind.setCurrentIndex(self.kind.findData(row.draft.kind))
        self.kind.setEnabled(False)  # a need stays a need: remove it and add an offer instead
        self.text_edit.setText(row.draft.text)
        self.tags_edit.setText(", ".join(row.draft.tags))
        self.add_button.setText("Save")
        self.add_button.setToolTip("Save the new words and tags (Enter)")
        self.form_label.setText("&Edit:")
        self.cancel_button.setVisible(True)
        self.error.clear_error()
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def _on_row_remove(self, row: NeedOfferRow) -> None:
        if self.deferred:
            self._drafts.remove(row.draft)
        else:
            try:
                _needs_service().remove_need_offer(row.draft.id)
            except RapportError as exc:
                self.error.show_error(str(exc))
                return
        self._after_change()

    def _stop_editing(self) -> None:
        self._editing = None
        self.kind.setEnabled(True)
        self.text_edit.clear()
        self.tags_edit.clear()
        self.add_button.setText("Add")
        self.add_button.setToolTip("Add this need or offer (Enter)")
        self.form_label.setText("&Add:")
        self.cancel_button.setVisible(False)
        self.error.clear_error()

    def _after_change(self) -> None:
        self._stop_editing()
        if self.deferred:
            self._show()
        else:
            self.set_contact(self.contact_id)
            if self.events is not None:
                self.events.needs_changed.emit([self.contact_id])  # the undo history picks the step up
        self.changed.emit()


def _known_tags() -> list[str]:
    """The tags already on needs and offers, offered as you type."""
    found = {t for item in _needs_service().needs_offers() for t in item.tags}
    return sorted(found, key=str.casefold)
