"""Logging and editing the story of a relationship: interactions, exchanges
(favours, referrals, asks...) and introductions, from the keyboard.

Each dialog calls the timeline service and, once it succeeded, emits
``AppEvents.timeline_changed`` with the contacts concerned (before and after
an edit). Editing reuses the same dialogs, filled from ``get_entry``, with a
Delete button that moves the entry to the trash.
"""

from __future__ import annotations

from types import ModuleType

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop.domain import reciprocity as rules
from desktop.domain.errors import RapportError
from desktop.domain.kinds import DONE, EXCHANGE, INTERACTION, LOST, PROMISED, WON, statuses_for
from desktop.domain.money import MoneyError, format_money, parse_money
from desktop.ui import style
from desktop.ui.dialogs.common import (
    FormDialog,
    date_edit,
    date_to_qdate,
    describe,
    field_with_error,
    multiline,
    qdate_to_date,
)
from desktop.ui.style.weight import WeightControl
from desktop.ui.text import muted_label, plain_label
from desktop.ui.widgets.contact_picker import ContactPicker

CHANNEL_LABELS = {"meeting": "Meeting", "call": "Call", "email": "Email", "message": "Message",
                  "check_in": "Check-in"}  # fmt: skip
KIND_LABELS = {
    "favour": "Favour",
    "referral": "Referral",
    "introduction": "Introduction",
    "advice": "Advice or feedback",
    "purchase": "Purchase of their services",
    "info": "Information or resource",
    "invitation": "Invitation",
    "recommendation": "Recommendation",
    "ask": "Ask",
}
STATUS_LABELS = {DONE: "Done", PROMISED: "Promised", WON: "Done: became business",
                 LOST: "Done: no business came of it"}  # fmt: skip
THIRD_PARTY_LABELS = {"referral": "Person referred:", "introduction": "Introduced to:"}
DIALOG_WIDTH = 520  # the timeline forms share one width


def weight_control() -> WeightControl:
    """The weight of an exchange: the same control, the same size, in every form."""
    control = WeightControl(rules.MIN_WEIGHT, rules.MAX_WEIGHT)
    control.setObjectName("weight")
    describe(control, "Weight", "How much it was worth, 1 (small) to 5 (large); arrow keys or a digit change it")
    return control


def show_usual_weight(control: WeightControl, kind: str) -> int:
    """Mark the usual weight of ``kind`` on ``control`` and say it beside it; returns that weight."""
    from desktop.services.settings import usual_weight

    weight = usual_weight(kind)
    control.set_default(weight, f"usual for {KIND_LABELS.get(kind, kind).lower()}: {weight}")
    return weight


def _timeline_service() -> ModuleType:
    from desktop.services import timeline

    return timeline


class _DirectionButton(QPushButton):
    """One of the two direction toggles; the arrow keys switch to the other one."""

    partner: QPushButton | None = None

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down) and self.partner is not None:
            self.partner.setChecked(True)
            self.partner.setFocus(Qt.TabFocusReason)
            event.accept()
            return
        super().keyPressEvent(event)


class _TimelineDialog(FormDialog):
    """What the interaction and exchange dialogs share: contacts, date, notes, delete in edit mode."""

    entry_kind = ""

    def __init__(self, parent, events, object_name, title, *, entry=None, service=None, source=None):
        self.entry = entry
        self.ok_text = "Save" if entry is not None else f"Log {self.entry_kind}"
        super().__init__(parent, events, object_name, title)
        self.service = service or _timeline_service()
        self.entry_id: int | None = entry.id if entry is not None else None
        self.deleted = False
        self._before_ids = [cid for cid, _ in entry.contacts] if entry is not None else []
        self.contacts = ContactPicker(self, multiple=True, source=source, accessible_name="Contacts")
        self.contacts.setObjectName("contacts")
        self.contacts_error = self.error_label("contacts")
        self.contacts.changed.connect(self.contacts_error.clear_error)
        self.date = date_edit("Date", "When it happened")
        self.date.setObjectName("date")
        self.date.setMaximumDate(QDate.currentDate().addYears(5))
        self.summary = QLineEdit()
        self.summary.setObjectName("summary")
        self.notes = multiline("Notes", "Anything worth remembering", 64)
        self.notes.setObjectName("notes")
        if entry is not None:
            self.delete_button = self.buttons.addButton("Delete", QDialogButtonBox.DestructiveRole)
            self.delete_button.setObjectName("deleteButton")
            self.delete_button.setAutoDefault(False)
            describe(self.delete_button, "Delete", "Move this entry to the trash (it can be restored)")
            self.delete_button.clicked.connect(self._on_delete_button_clicked)
            style.decorate(self.buttons)

    def _prefill(self, contact_ids) -> None:
        if self.entry is not None:
            for cid, name in self.entry.contacts:
                self.contacts.add_contact(cid, name, notify=False)
            self.date.setDate(date_to_qdate(self.entry.on))
            self.summary.setText(self.entry.summary)
            self.notes.setPlainText(self.entry.notes)
        elif contact_ids:
            self.contacts.set_contact_ids(contact_ids)

    def _check_contacts(self) -> list[int] | None:
        pending = self.contacts.pending_text()
        if pending:
            self.fail(self.contacts_error, f"No contact picked for “{pending}”: pick one from the suggestions "
                      "(Enter or Down) or clear the text.", self.contacts)  # fmt: skip
            return None
        ids = self.contacts.contact_ids()
        if not ids:
            self.fail(self.contacts_error, "Choose at least one contact: type a name and press Enter.", self.contacts)
            return None
        return ids

    def _emit(self, ids: list[int]) -> None:
        if self.events is not None:
            self.events.timeline_changed.emit(list(dict.fromkeys([*self._before_ids, *ids])))

    def _on_delete_button_clicked(self) -> None:
        try:
            ids = self.service.delete_entry(self.entry_kind, self.entry_id)
        except RapportError as exc:
            self.fail(self.form_error, str(exc))
            return
        self.deleted = True
        self._emit(ids)
        self.accept()

    def focus_first(self) -> None:
        if self.contacts.contact_ids():
            self.first_after_contacts().setFocus(Qt.OtherFocusReason)
        else:
            self.contacts.setFocus(Qt.OtherFocusReason)

    def first_after_contacts(self) -> QWidget:
        return self.date


class LogInteractionDialog(_TimelineDialog):
    entry_kind = INTERACTION

    def __init__(self, parent, events, contact_ids=None, *, entry=None, service=None, source=None):
        title = "Edit interaction" if entry is not None else "Log an interaction"
        super().__init__(parent, events, "logInteractionDialog", title, entry=entry, service=service, source=source)
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for code in rules.INTERACTION_KINDS:
            self.channel.addItem(CHANNEL_LABELS.get(code, code), code)
        describe(self.channel, "Channel", "Meeting, call, email, message or check-in (type the first letter)")
        describe(self.summary, "Summary", "One line on what it was about")
        self.summary.setPlaceholderText("Coffee about the new office")
        form = style.form()
        form.addRow("&With:", field_with_error(self.contacts, self.contacts_error))
        form.addRow("&Channel:", self.channel)
        form.addRow("&Date:", self.date)
        form.addRow("&Summary:", self.summary)
        form.addRow("&Notes:", self.notes)
        self.lay_out(form)
        self._prefill(contact_ids)
        if entry is not None:
            i = self.channel.findData(entry.type)
            self.channel.setCurrentIndex(max(i, 0))
        self.focus_first()
        style.size_dialog(self, DIALOG_WIDTH)

    def tab_chain(self) -> list[QWidget]:
        return [self.contacts.line_edit, self.channel, self.date, self.summary, self.notes]

    def first_after_contacts(self) -> QWidget:
        return self.channel

    def submit(self) -> bool:
        ids = self._check_contacts()
        if ids is None:
            return False
        on = qdate_to_date(self.date.date())
        channel = self.channel.currentData()
        summary, notes = self.summary.text().strip(), self.notes.toPlainText().strip()
        if self.entry_id is None:
            self.entry_id = self.service.log_interaction(ids, on, channel, summary=summary, notes=notes)
        else:
            self.service.update_interaction(
                self.entry_id, contact_ids=ids, on=on, channel=channel, summary=summary, notes=notes
            )
        self._emit(ids)
        return True


class LogExchangeDialog(_TimelineDialog):
    entry_kind = EXCHANGE

    def __init__(self, parent, events, contact_ids=None, kind=None, *, entry=None, service=None, source=None,
                 third_party_id=None, summary=""):  # fmt: skip
        title = "Edit exchange" if entry is not None else "Log an exchange"
        super().__init__(parent, events, "logExchangeDialog", title, entry=entry, service=service, source=source)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in rules.EXCHANGE_KINDS:
            self.kind.addItem(KIND_LABELS.get(code, code), code)
        describe(self.kind, "Kind", "What was given or received (type the first letter); sets the default weight")

        self.gave = _DirectionButton("I &gave")
        self.received = _DirectionButton("I &received")
        self.gave.partner, self.received.partner = self.received, self.gave
        self.direction = QButtonGroup(self)
        self.direction.setExclusive(True)
        for button, name, code in ((self.gave, "gaveButton", rules.GIVEN), (self.received, "receivedButton",
                                                                               rules.RECEIVED)):  # fmt: skip
            button.setObjectName(name)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("direction", code)
            self.direction.addButton(button)
        self.gave.setChecked(True)
        self.direction.buttonToggled.connect(self._on_direction_button_toggled)
        self._on_direction_button_toggled()
        direction_row = QWidget()
        direction_row.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        dl = style.hbox(direction_row, spacing=style.Space.S)
        dl.addWidget(self.gave)
        dl.addWidget(self.received)
        dl.addStretch(1)

        self.weight = weight_control()
        self.weight_hint = self.weight.hint_label

        self.status = QComboBox()
        self.status.setObjectName("status")
        describe(self.status, "Status", "Done, or promised and still to do; a referral can become business or not")

        self.third_party = ContactPicker(
            self, multiple=False, allow_free_text=True, source=source, accessible_name="Third party",
            placeholder="A contact, or any name",
        )  # fmt: skip
        self.third_party.setObjectName("thirdParty")
        self.third_party_label = plain_label("&Third party:")
        self.third_party_label.setBuddy(self.third_party.line_edit)

        self.money = QLineEdit()
        self.money.setObjectName("money")
        self.money.setPlaceholderText("optional, e.g. 1,200.50")
        describe(self.money, "Money value", "What it was worth in money, if anything, e.g. 1,200.50")
        self.money_error = self.error_label("money")
        self.money.textEdited.connect(lambda _t: self.money_error.clear_error())
        self.money.editingFinished.connect(self._on_money_editing_finished)

        describe(self.summary, "Summary", "One line: what it was")
        self.summary.setPlaceholderText("Referred them to a bookkeeper")

        form = style.form()
        form.addRow("&With:", field_with_error(self.contacts, self.contacts_error))
        form.addRow("&Kind:", self.kind)
        form.addRow("Direction:", direction_row)
        form.addRow("W&eight:", self.weight)
        form.addRow("St&atus:", self.status)
        form.addRow("&Date:", self.date)
        form.addRow(self.third_party_label, self.third_party)
        form.addRow("&Money:", field_with_error(self.money, self.money_error))
        form.addRow("&Summary:", self.summary)
        form.addRow("&Notes:", self.notes)
        self.lay_out(form)

        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed()
        if kind:
            self.set_kind(kind)
        self._prefill(contact_ids)
        if entry is None and third_party_id is not None:  # an ask for an introduction names whom to
            self.third_party.add_contact(third_party_id, notify=False)
        if entry is None and summary:
            self.summary.setText(summary)
        if entry is not None:
            self.set_kind(entry.type)
            (self.gave if entry.direction == rules.GIVEN else self.received).setChecked(True)
            if entry.weight:
                self.weight.setValue(entry.weight)
            self._set_status(entry.status)
            if entry.third_party_id:
                self.third_party.add_contact(entry.third_party_id, entry.third_party_name, notify=False)
            elif entry.third_party_name:
                self.third_party.set_free_text(entry.third_party_name)
            self.money.setText(format_money(entry.money_cents))
        self.focus_first()
        style.size_dialog(self, DIALOG_WIDTH)

    def tab_chain(self) -> list[QWidget]:
        # One stop for the direction: the checked button; the arrow keys switch it.
        direction = self.gave if self.gave.isChecked() else self.received
        return [self.contacts.line_edit, self.kind, direction, self.weight, self.status, self.date,
                self.third_party.line_edit, self.money, self.summary, self.notes]  # fmt: skip

    def first_after_contacts(self) -> QWidget:
        return self.kind

    def _on_direction_button_toggled(self, *_args) -> None:
        # The checked side must be obvious at a glance whatever the style: bold and marked.
        for button in (self.gave, self.received):
            font = button.font()
            font.setBold(button.isChecked())
            button.setFont(font)
            button.setMinimumWidth(button.fontMetrics().averageCharWidth() * 18)

    def set_kind(self, kind: str) -> None:
        i = self.kind.findData(kind)
        if i >= 0:
            self.kind.setCurrentIndex(i)

    def direction_value(self) -> str:
        return rules.GIVEN if self.gave.isChecked() else rules.RECEIVED

    def _set_status(self, status: str) -> None:
        i = self.status.findData(status)
        self.status.setCurrentIndex(max(i, 0))

    def _on_kind_current_index_changed(self, _index: int = 0) -> None:
        kind = self.kind.currentData()
        self.weight.setValue(show_usual_weight(self.weight, kind))
        current = self.status.currentData() or DONE
        self.status.blockSignals(True)
        self.status.clear()
        codes = statuses_for(kind)
        for code in codes:
            self.status.addItem(STATUS_LABELS[code], code)
        self.status.blockSignals(False)
        self._set_status(current if current in codes else DONE)
        self.third_party_label.setText("&" + THIRD_PARTY_LABELS.get(kind, "Third party:"))
        if kind == rules.ASK:
            self.gave.setText("I &asked")
            self.received.setText("They asked &me")
            describe(self.gave, "I asked", "You asked them for something (Alt+A; arrow keys switch)")
            describe(self.received, "They asked me", "They asked you for something (Alt+M; arrow keys switch)")
        else:
            self.gave.setText("I &gave")
            self.received.setText("I &received")
            describe(self.gave, "I gave", "You gave it (Alt+G; arrow keys switch)")
            describe(self.received, "I received", "You received it (Alt+R; arrow keys switch)")

    def _on_money_editing_finished(self) -> None:
        try:
            parse_money(self.money.text())
        except MoneyError as exc:
            self.money_error.show_error(str(exc))

    def submit(self) -> bool:
        ids = self._check_contacts()
        if ids is None:
            return False
        try:
            money = parse_money(self.money.text())
        except MoneyError as exc:
            return self.fail(self.money_error, str(exc), self.money)
        fields = dict(
            weight=self.weight.value(),
            money_cents=money,
            status=self.status.currentData(),
            third_party_id=self.third_party.contact_id(),
            third_party_name=self.third_party.free_text(),
            summary=self.summary.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        kind, direction = self.kind.currentData(), self.direction_value()
        on = qdate_to_date(self.date.date())
        if self.entry_id is None:
            self.entry_id = self.service.log_exchange(ids, kind, direction, on, **fields)
        else:
            self.service.update_exchange(
                self.entry_id, contact_ids=ids, kind=kind, direction=direction, on=on, **fields
            )
        self._emit(ids)
        return True


class IntroductionDialog(FormDialog):
    """Introduce two people: one exchange of kind introduction, given, with both of them."""

    ok_text = "Log introduction"

    def __init__(self, parent, events, a_id=None, b_id=None, *, service=None, source=None, why=""):
        super().__init__(parent, events, "introductionDialog", "Introduce two people")
        self.service = service or _timeline_service()
        self.entry_id: int | None = None
        self.a = ContactPicker(self, multiple=False, source=source, accessible_name="First person")
        self.a.setObjectName("personA")
        self.b = ContactPicker(self, multiple=False, source=source, accessible_name="Second person")
        self.b.setObjectName("personB")
        self.a_error = self.error_label("person_a")
        self.b_error = self.error_label("person_b")
        self.a.changed.connect(self.a_error.clear_error)
        self.b.changed.connect(self.b_error.clear_error)
        self.why = QLineEdit()
        self.why.setObjectName("why")
        self.why.setPlaceholderText("She needs marketing help; he does exactly that")
        describe(self.why, "Why", "Why these two should meet")
        self.date = date_edit("Date", "When you made the introduction")
        self.date.setObjectName("date")
        self.weight = weight_control()
        self.weight.setValue(show_usual_weight(self.weight, "introduction"))
        self.notes = multiline("Notes", "Anything worth remembering", 56)
        self.notes.setObjectName("notes")
        hint = muted_label("Logged as an introduction you gave, to both of them.", object_name="introHint", wrap=True)
        form = style.form()
        form.addRow("&Introduce:", field_with_error(self.a, self.a_error))
        form.addRow("&To:", field_with_error(self.b, self.b_error))
        form.addRow("&Why:", self.why)
        form.addRow("&Date:", self.date)
        form.addRow("W&eight:", self.weight)
        form.addRow("&Notes:", self.notes)
        form.addRow("", hint)
        self.lay_out(form)
        if a_id is not None:
            self.a.add_contact(a_id, notify=False)
        if b_id is not None:
            self.b.add_contact(b_id, notify=False)
        self.why.setText(why)
        first = self.a if a_id is None else (self.b if b_id is None else self.why)
        first.setFocus(Qt.OtherFocusReason)
        style.size_dialog(self, DIALOG_WIDTH)

    def tab_chain(self) -> list[QWidget]:
        return [self.a.line_edit, self.b.line_edit, self.why, self.date, self.weight, self.notes]

    def submit(self) -> bool:
        picked = []
        for picker, error in ((self.a, self.a_error), (self.b, self.b_error)):
            if picker.pending_text():
                return self.fail(error, f"No contact picked for “{picker.pending_text()}”: pick one from the "
                                 "suggestions (Enter or Down).", picker)  # fmt: skip
            if picker.contact_id() is None:
                return self.fail(error, "Choose a contact: type a name and press Enter.", picker)
            picked.append(picker.contact_id())
        if picked[0] == picked[1]:
            return self.fail(self.b_error, "Choose two different people.", self.b)
        self.entry_id = self.service.log_exchange(
            picked, "introduction", rules.GIVEN, qdate_to_date(self.date.date()),
            weight=self.weight.value(), summary=self.why.text().strip(), notes=self.notes.toPlainText().strip(),
        )  # fmt: skip
        if self.events is not None:
            self.events.timeline_changed.emit(picked)
        return True


# --- one-call entry points ------------------------------------------------------


def log_interaction(parent, events, contact_ids=None, **kwargs) -> int | None:
    """Ask for an interaction; its id once logged, None when cancelled."""
    dialog = LogInteractionDialog(parent, events, contact_ids, **kwargs)
    return dialog.entry_id if dialog.exec() else None


def log_exchange(parent, events, contact_ids=None, kind=None, **kwargs) -> int | None:
    """Ask for an exchange (``kind`` preselects favour, referral, ask...); its id, or None when cancelled."""
    dialog = LogExchangeDialog(parent, events, contact_ids, kind, **kwargs)
    return dialog.entry_id if dialog.exec() else None


def log_introduction(parent, events, a_id=None, b_id=None, **kwargs) -> int | None:
    dialog = IntroductionDialog(parent, events, a_id, b_id, **kwargs)
    return dialog.entry_id if dialog.exec() else None


def timeline_entry_dialog(parent, events, entry_kind: str, entry_id: int, *, service=None, source=None):
    """The edit dialog for one timeline entry (not yet shown)."""
    service = service or _timeline_service()
    entry = service.get_entry(entry_kind, entry_id)
    if entry_kind == INTERACTION:
        return LogInteractionDialog(parent, events, entry=entry, service=service, source=source)
    return LogExchangeDialog(parent, events, entry=entry, service=service, source=source)


def edit_timeline_entry(parent, events, entry_kind: str, entry_id: int, **kwargs) -> bool:
    """Edit (or, with its Delete button, trash) an interaction or exchange; True when something changed."""
    try:
        dialog = timeline_entry_dialog(parent, events, entry_kind, entry_id, **kwargs)
    except RapportError as exc:
        from desktop.ui.dialogs.common import show_error

        show_error(parent, "Cannot edit this entry", str(exc))
        return False
    return bool(dialog.exec())


def delete_timeline_entry(parent, events, entry_kind: str, entry_id: int, *, service=None) -> bool:
    """Move an entry to the trash (restore_entry brings it back) and tell the window."""
    service = service or _timeline_service()
    try:
        ids = service.delete_entry(entry_kind, entry_id)
    except RapportError as exc:
        from desktop.ui.dialogs.common import show_error

        show_error(parent, "Could not delete", str(exc))
        return False
    if events is not None:
        events.timeline_changed.emit(ids)
    return True
