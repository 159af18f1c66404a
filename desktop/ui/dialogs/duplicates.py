"""Contacts → Find duplicates… and Merge…: likely duplicates side by side, field by field, with a choice
where they differ; Merge, "Not duplicates" (remembered), Skip.

``MergeComparison`` is the grid both dialogs share: one column per contact (a "Keep" choice on top:
the contact the others merge into), one row per field; where the contacts differ, one radio button
per value picks what the merged contact keeps. Lists (phones, emails, tags, profiles) are joined,
and every timeline entry is kept, so they are shown, not chosen.

The dialogs read through a worker (the scan, then each group's details) and make changes through
the callables they are given (``merge``, ``dismiss``, ``undo``): the window passes ones whose changes
its undo history picks up; by default they call the services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QRadioButton,
    QScrollArea,
    QStyle,
    QWidget,
)

from desktop.domain.merging import NAME, FieldPlan
from desktop.ui import style
from desktop.ui.dialogs.bulk import StatusNote
from desktop.ui.dialogs.common import describe, show_error
from desktop.ui.pages.common import clear_layout
from desktop.ui.text import button, heading, muted_label, plain_label, plain_tooltip
from desktop.ui.workers import BackgroundOp

# Lists shown per contact: (label, how one contact's items read).
_LISTS = (
    ("Phones", lambda d: [p.value for p in d.phones]),
    ("Emails", lambda d: [e.value for e in d.emails]),
    ("Profiles", lambda d: [s.value for s in d.social_profiles]),
    ("Addresses", lambda d: [", ".join(x for x in (a.street, a.city, a.country) if x) for a in d.addresses]),
    ("Websites", lambda d: [u.value for u in d.urls]),
    ("Tags", lambda d: [", ".join(d.tags)] if d.tags else []),
)
BOTH_NOTES = "both"


def _services():
    from desktop.services import duplicates, merging

    return duplicates, merging


def _read(owner, work, success, failure) -> BackgroundOp:
    from desktop.ui import workers

    return workers.read(owner, work, success, failure, name="duplicates")


class MergeComparison(QWidget):
    """The contacts of a merge side by side; ``keep_id()`` and ``choices()`` say what the person chose."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeComparison")
        self.preview = None
        self.keep_buttons: list[QRadioButton] = []
        self.choice_groups: dict[str, QButtonGroup] = {}
        self._values: dict[str, dict[int, str]] = {}  # field -> button id -> value
        self.grid_widget = QWidget()
        self.grid_widget.setObjectName("mergeGrid")
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(style.Space.XL)
        self.grid.setVerticalSpacing(style.Space.S)
        scroll = QScrollArea()
        scroll.setObjectName("mergeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.grid_widget)
        for w in (scroll, scroll.viewport(), self.grid_widget):  # the card's surface shows through
            w.setAutoFillBackground(False)
        card = style.Card(object_name="mergeCard")
        card.body.addWidget(scroll)
        layout = style.vbox(self)
        layout.addWidget(card, 1)
        self.note = muted_label(
            "Phones, emails, addresses, profiles and tags are joined, and every timeline entry is kept. "
            "The others go to the trash, and Edit → Undo takes the merge back.",
            object_name="mergeNote", wrap=True,
        )  # fmt: skip
        layout.addWidget(self.note)

    def set_preview(self, preview) -> None:  # noqa: ANN001 - services.merging.MergePreview
        """Show ``preview`` (the kept contact first): every field any of them holds, a choice where they differ."""
        self.preview = preview
        clear_layout(self.grid)
        self.keep_buttons, self.choice_groups, self._values = [], {}, {}
        records = preview.records
        keep_group = QButtonGroup(self)
        keep_group.idToggled.connect(self._on_keep_toggled)
        self.grid.addWidget(muted_label("Keep"), 0, 0)
        for col, rec in enumerate(records, start=1):
            name = rec.data.display_name() or f"Contact {rec.id}"
            b = QRadioButton(name)
            b.setObjectName(f"keep_{rec.id}")
            describe(b, f"Keep {name}", f"Merge the others into {name} (its id stays)")
            b.setToolTip(plain_tooltip(f"Merge the others into {name}"))
            style.set_type(b, "strong")
            keep_group.addButton(b, col - 1)
            self.keep_buttons.append(b)
            self.grid.addWidget(b, 0, col)
        rule = QFrame()
        rule.setFrameShape(QFrame.HLine)
        rule.setFrameShadow(QFrame.Sunken)
        self.grid.addWidget(rule, 1, 0, 1, len(records) + 1)
        row = 2
        for plan in preview.plan.fields:
            row = self._field_row(row, plan, records)
        for label, items in _LISTS:
            values = [items(r.data) for r in records]
            if any(values):
                self.grid.addWidget(muted_label(label), row, 0, Qt.AlignTop)
                for col, texts in enumerate(values, start=1):
                    self.grid.addWidget(self._text("\n".join(texts)), row, col, Qt.AlignTop)
                row += 1
        self.grid.addWidget(muted_label("Last contact"), row, 0)
        for col, rec in enumerate(records, start=1):
            when = rec.last_contact.strftime("%d %b %Y").lstrip("0") if rec.last_contact else ""
            self.grid.addWidget(self._text(when), row, col)
        self.grid.setColumnStretch(len(records) + 1, 1)
        self.grid.setRowStretch(row + 1, 1)
        self._keep_group = keep_group
        self.keep_buttons[0].setChecked(True)

    def _text(self, text: str) -> QWidget:
        label = muted_label("—") if not text else plain_label(text, wrap=True, selectable=True)
        label.setMaximumWidth(340)
        # In line with the text of the radio buttons above and below it.
        st = self.style()
        indicator = st.pixelMetric(QStyle.PM_ExclusiveIndicatorWidth)
        label.setIndent(indicator + st.pixelMetric(QStyle.PM_RadioButtonLabelSpacing))
        return label

    def _field_row(self, row: int, plan: FieldPlan, records) -> int:  # noqa: ANN001
        self.grid.addWidget(muted_label(plan.label), row, 0, Qt.AlignTop)
        if not plan.conflict:
            for col, rec in enumerate(records, start=1):
                text = _value_of(rec.data, plan.field)
                self.grid.addWidget(self._text(text), row, col, Qt.AlignTop)
            return row + 1
        group = QButtonGroup(self)
        group.setObjectName(f"choice_{plan.field}")
        self.choice_groups[plan.field] = group
        self._values[plan.field] = {}
        owner = {i: text for i, text in plan.values}  # column index -> the value first held there
        for col, rec in enumerate(records, start=1):
            index = col - 1
            if index in owner:
                text = owner[index]
                b = QRadioButton(_shown(plan.field, text))
                b.setObjectName(f"choice_{plan.field}_{rec.id}")
                describe(b, f"{plan.label}: {text}", f"Keep this {plan.label.lower()}")
                b.setToolTip(plain_tooltip(text))
                group.addButton(b, index)
                self._values[plan.field][index] = text
                self.grid.addWidget(b, row, col, Qt.AlignTop)
            else:
                self.grid.addWidget(self._text(_value_of(rec.data, plan.field)), row, col, Qt.AlignTop)
        if plan.field == "note":
            both = QRadioButton("Keep both")
            both.setObjectName("choice_note_both")
            describe(both, "Keep both notes", "Join the notes, one after the other")
            group.addButton(both, len(records))
            self._values["note"][len(records)] = BOTH_NOTES
            self.grid.addWidget(both, row + 1, 1)
            both.setChecked(True)
            row += 1
        return row + 1

    def _on_keep_toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        # The kept contact's values are the defaults; a field it lacks keeps the choice made.
        for field, group in self.choice_groups.items():
            if index in self._values[field] and not (field == "note" and group.checkedId() == len(self.keep_buttons)):
                group.button(index).setChecked(True)
            elif group.checkedId() == -1:
                group.button(min(self._values[field])).setChecked(True)

    def keep_id(self) -> int:
        return self.preview.records[max(0, self._keep_group.checkedId())].id

    def other_ids(self) -> list[int]:
        keep = self.keep_id()
        return [r.id for r in self.preview.records if r.id != keep]

    def choices(self) -> dict[str, str]:
        """field -> the value chosen, for every field where the contacts differ (keeping both notes: no choice)."""
        out = {}
        for field, group in self.choice_groups.items():
            value = self._values[field].get(group.checkedId())
            if value is not None and value != BOTH_NOTES:
                out[field] = value
        return out


_DATES = ("birthday", "anniversary", "connected_on")


def _value_of(data, field: str) -> str:  # noqa: ANN001
    from desktop.domain.merging import name_text

    return _shown(field, name_text(data) if field == NAME else getattr(data, field).strip())


def _shown(field: str, value: str) -> str:
    """A value as a person reads it: dates as "15 April 1985"."""
    if field in _DATES and value:
        from desktop.ui.widgets.contact_details import format_birthday

        return format_birthday(value)
    return value


class DuplicatesDialog(QDialog):
    """Contacts → Find duplicates…: the groups the scan found, best first, one at a time.

    ``merge(keep_id, other_ids, choices) -> message`` and ``dismiss(ids) -> message`` make the
    changes; ``undo()``, when given, is what the Undo link beside their message does (the window's
    history calls ``rescan`` once it has taken the change back).
    """

    loaded = Signal()  # a group's details, or the word that there are no more, show (tests wait on it)

    def __init__(self, parent: QWidget | None, *, merge: Callable | None = None, dismiss: Callable | None = None,
                 undo: Callable[[], None] | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Find duplicates")
        self.setAccessibleName("Find duplicates")
        duplicates, merging = _services()
        self._merge = merge or (lambda keep, others, choices: merging.merge_contacts(keep, others, choices).label)
        self._dismiss = dismiss or (lambda ids: dismissed_message(ids, duplicates.dismiss(ids)))
        self.groups: list = []  # services.duplicates.Suggestion, best first
        self.position = 0
        self.op: BackgroundOp | None = None
        self._rescan = False  # asked while a read was under way
        self._undoable = undo is not None

        self.title = heading("Looking for duplicates…", "title", object_name="groupTitle", wrap=True)
        self.reasons = muted_label("", object_name="groupReasons", wrap=True)
        self.spinner = style.Spinner()
        self.comparison = MergeComparison()
        self.comparison.hide()
        self.status = StatusNote(undo or (lambda: None))
        self.status.setObjectName("dialogStatus")
        self.merge_button = button("&Merge", "done", object_name="mergeButton", default=True,
                                   tip="Merge this group into the contact kept (Enter)")  # fmt: skip
        self.dismiss_button = button("&Not duplicates", "person", object_name="dismissButton",
                                     tip="These are different people: never suggest them again")  # fmt: skip
        self.skip_button = button("&Skip", "snooze", object_name="skipButton", tip="Decide later: show the next group")
        self.merge_button.clicked.connect(self._on_merge_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self.skip_button.clicked.connect(self._on_skip_clicked)
        buttons = style.button_box(QDialogButtonBox.Close)
        buttons.addButton(self.dismiss_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.merge_button, QDialogButtonBox.AcceptRole)
        buttons.rejected.connect(self.reject)  # Merge moves on to the next group; only Close closes
        describe(buttons.button(QDialogButtonBox.Close), "Close", "Close (Escape)")

        top = style.hbox(spacing=style.Space.M)
        words = style.vbox(spacing=style.Space.XS)
        words.addWidget(self.title)
        words.addWidget(self.reasons)
        top.addLayout(words, 1)
        top.addWidget(self.spinner, 0, Qt.AlignTop)
        layout = style.dialog_layout(self)
        layout.addLayout(top)
        layout.addWidget(self.comparison, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._set_actions(False)
        style.size_dialog(self, 820, 560)

    # --- reading ------------------------------------------------------------------

    def start(self) -> DuplicatesDialog:
        """Scan on a worker; the first group shows when it is done."""
        duplicates, _ = _services()
        self.spinner.start()
        self._set_actions(False)
        self.op = _read(self, duplicates.scan, self._on_scan_done, self._on_read_failed)
        return self

    def rescan(self, *_args) -> None:
        """Read the groups again from the first (after an undo: a merge taken back is a group once more)."""
        if self.op is not None and not self.op.done:
            self._rescan = True
            return
        self.start()

    def _on_scan_done(self, groups) -> None:  # noqa: ANN001
        self.groups = list(groups)
        self.position = 0
        self._show_current()

    def _read_again(self) -> bool:
        if self._rescan:
            self._rescan = False
            self.start()
            return True
        return False

    def _show_current(self) -> None:
        _, merging = _services()
        if self._read_again():
            return
        if self.position >= len(self.groups):
            self.spinner.stop()
            self.comparison.hide()
            self._set_actions(False)
            seen = len(self.groups)
            self.title.setText("No likely duplicates." if not seen else "That was the last group.")
            self.reasons.setText(
                "Rapport looks for similar names (nicknames, accents, typos, initials), shared companies, "
                "emails, phones and profiles; pairs you said are not duplicates are not shown again."
            )
            self.loaded.emit()
            return
        group = self.groups[self.position]
        where = f"Group {self.position + 1} of {len(self.groups)}"
        self.title.setText(f"{where}: {_percent(group.score)} likely the same person")
        self.reasons.setText(" · ".join(group.reasons))
        self.spinner.start()
        self._set_actions(False)
        ids = list(group.ids)
        self.op = _read(self, lambda: merging.preview(ids[0], ids[1:]), self._on_preview_done, self._on_read_failed)

    def _on_preview_done(self, preview) -> None:  # noqa: ANN001
        if self._read_again():
            return
        self.spinner.stop()
        self.comparison.set_preview(preview)
        self.comparison.show()
        self._set_actions(True)
        self.merge_button.setFocus()
        self.loaded.emit()

    def _on_read_failed(self, exc: BaseException) -> None:
        from desktop.domain.errors import RapportError

        self.spinner.stop()
        if isinstance(exc, RapportError):  # a contact of the group went meanwhile: on to the next
            self.position += 1
            self._show_current()
            return
        self.title.setText("The duplicates could not be read.")
        self.reasons.setText(str(exc))
        self.loaded.emit()

    def _set_actions(self, enabled: bool) -> None:
        for b in (self.merge_button, self.dismiss_button, self.skip_button):
            b.setEnabled(enabled)

    # --- deciding -----------------------------------------------------------------

    def current_group(self):
        return self.groups[self.position] if self.position < len(self.groups) else None

    def _act(self, work: Callable[[], str]) -> None:
        from desktop.domain.errors import RapportError

        try:
            message = work()
        except RapportError as exc:
            show_error(self, "Find duplicates", str(exc))
            return
        self.status.show_note(message, undoable=self._undoable, timeout_ms=60000)
        self.position += 1
        self._show_current()

    def _on_merge_clicked(self) -> None:
        c = self.comparison
        keep, others, choices = c.keep_id(), c.other_ids(), c.choices()
        self._act(lambda: self._merge(keep, others, choices))

    def _on_dismiss_clicked(self) -> None:
        ids = list(self.current_group().ids)
        self._act(lambda: self._dismiss(ids))

    def _on_skip_clicked(self) -> None:
        self.status.clear()
        self.position += 1
        self._show_current()


def dismissed_message(ids: Sequence[int], _new: int = 0) -> str:
    """What the status line says after "Not duplicates"."""
    from desktop.services.merging import names_label
    from desktop.services.names import contact_names

    names = contact_names(ids)
    return f"{names_label([names.get(i, '') for i in ids])}: not duplicates, not suggested again"


def _percent(score: float) -> str:
    return f"{round(score * 100)}%"


class MergeDialog(QDialog):
    """Merge the contacts selected in the list: the same comparison, Merge or Cancel."""

    def __init__(self, parent: QWidget | None, ids: Sequence[int], *, merge: Callable | None = None):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge contacts")
        self.setAccessibleName("Merge contacts")
        _, merging = _services()
        self._merge = merge or (lambda keep, others, choices: merging.merge_contacts(keep, others, choices).label)
        self.ids = list(ids)
        self.message = ""
        self.title = heading(f"Merge {len(self.ids)} contacts into one", "title", object_name="mergeTitle")
        self.comparison = MergeComparison()
        buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setText("&Merge")
        self.ok.setObjectName("mergeButton")
        self.ok.setEnabled(False)
        describe(self.ok, "Merge", "Merge into the contact kept (Enter)")
        describe(buttons.button(QDialogButtonBox.Cancel), "Cancel", "Merge nothing (Escape)")
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = style.dialog_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.comparison, 1)
        layout.addWidget(buttons)
        style.size_dialog(self, 760, 520)
        self.op = _read(self, lambda: merging.preview(self.ids[0], self.ids[1:]), self._on_preview_done,
                        self._on_read_failed)  # fmt: skip

    def _on_preview_done(self, preview) -> None:  # noqa: ANN001
        self.comparison.set_preview(preview)
        self.ok.setEnabled(True)
        self.ok.setFocus()

    def _on_read_failed(self, exc: BaseException) -> None:
        self.title.setText(str(exc))

    def _on_accepted(self) -> None:
        from desktop.domain.errors import RapportError

        c = self.comparison
        try:
            self.message = self._merge(c.keep_id(), c.other_ids(), c.choices())
        except RapportError as exc:
            show_error(self, "Merge contacts", str(exc))
            return
        self.accept()


__all__ = ["DuplicatesDialog", "MergeComparison", "MergeDialog"]
