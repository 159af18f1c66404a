"""The group and event forms: a network you belong to, with its yearly fee and members; an event
with its hours and cost and the people met there, picked several at once in one step. Each form
adds a new one or edits one (``group_id`` / ``event_id``).

Each form calls the groups service (which journals the change for Edit → Undo) and then emits
``groups_changed`` (and, for the people met, ``timeline_changed``: the event is on their timelines,
and ``contacts_changed``: their "met at" may have changed).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from desktop.domain import today as today_rules
from desktop.domain.money import MoneyError, format_money, parse_money
from desktop.services import groups as groups_service
from desktop.ui.dialogs.common import (
    FormDialog,
    date_edit,
    date_to_qdate,
    describe,
    field_with_error,
    multiline,
    qdate_to_date,
)
from desktop.ui import style
from desktop.ui.text import muted_label
from desktop.ui.widgets.contact_picker import ContactPicker

DIALOG_WIDTH = 520


class GroupDialog(FormDialog):
    """New group, or edit one (``group_id``)."""

    def __init__(self, parent, events, group_id: int | None = None, *, source=None):
        self.ok_text = "Save" if group_id is not None else "Add group"
        title = "Edit group" if group_id is not None else "New group"
        super().__init__(parent, events, "groupDialog", title)
        self.group_id = group_id
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("Riverside Chamber of Commerce")
        describe(self.name, "Name", "The group's name")
        self.name_error = self.error_label("name")
        self.name.textEdited.connect(self.name_error.clear_error)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in groups_service.GROUP_KINDS:
            self.kind.addItem(groups_service.GROUP_KIND_LABELS[code], code)
        describe(self.kind, "Kind", "Chamber, leads group, association, event series, online or informal")
        self.fee = QLineEdit()
        self.fee.setObjectName("fee")
        self.fee.setPlaceholderText("0")
        describe(self.fee, "Yearly fee", "What membership costs a year, e.g. 450 or 1,200.50")
        self.fee_error = self.error_label("fee")
        self.fee.textEdited.connect(self.fee_error.clear_error)
        self.members = ContactPicker(self, multiple=True, source=source, accessible_name="Members")
        self.members.setObjectName("members")
        self.notes = multiline("Notes", "Meeting days, who runs it, what it is good for", 56)
        self.notes.setObjectName("notes")
        form = style.form()
        form.addRow("&Name:", field_with_error(self.name, self.name_error))
        form.addRow("&Kind:", self.kind)
        form.addRow("Yearly &fee:", field_with_error(self.fee, self.fee_error))
        form.addRow("&Members:", self.members)
        form.addRow("N&otes:", self.notes)
        self.lay_out(form)
        self._members_before: list[int] = []
        self._name_before: str | None = None
        if group_id is not None:
            info = groups_service.get_group(group_id)
            self._members_before, self._name_before = list(info.member_ids), info.name
            self.name.setText(info.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(info.kind)))
            self.fee.setText(format_money(info.yearly_fee_cents) if info.yearly_fee_cents else "")
            self.notes.setPlainText(info.notes)
            self.members.set_contact_ids(info.member_ids)
        else:
            self.kind.setCurrentIndex(self.kind.findData("informal"))
        self.name.setFocus(Qt.OtherFocusReason)
        style.size_dialog(self, DIALOG_WIDTH)

    def submit(self) -> bool:
        name = self.name.text().strip()
        if not name:
            return self.fail(self.name_error, "Give the group a name.", self.name)
        try:
            fee = parse_money(self.fee.text()) or 0
        except MoneyError as exc:
            return self.fail(self.fee_error, str(exc), self.fee)
        if self.members.pending_text():
            return self.fail(self.form_error, f"No contact picked for “{self.members.pending_text()}”: pick one "
                             "from the suggestions or clear the text.", self.members)  # fmt: skip
        members = self.members.contact_ids()
        values = dict(kind=self.kind.currentData(), yearly_fee_cents=fee, notes=self.notes.toPlainText().strip(),
                      member_ids=members)  # fmt: skip
        try:
            if self.group_id is None:
                self.group_id = groups_service.create_group(name, **values)
            else:
                groups_service.update_group(self.group_id, name=name, **values)
        except groups_service.GroupError as exc:
            return self.fail(self.name_error if "called" in str(exc) else self.form_error, str(exc), self.name)
        if self.events is not None:
            self.events.groups_changed.emit()
            touched = set(members) ^ set(self._members_before)  # their contact pages list their groups
            if self._name_before not in (None, name):  # renamed: every member's list
                touched |= set(members)
            if touched:
                self.events.contacts_changed.emit(sorted(touched))
        return True


def follow_up_words() -> str:
    """ "two days": how long after an event its follow-ups fall due (the Today rule's own figure)."""
    import datetime as dt

    day = dt.date(2000, 1, 1)
    n = (today_rules.follow_up_due(day) - day).days
    return {1: "a day", 2: "two days", 3: "three days"}.get(n, f"{n} days")


class EventDialog(FormDialog):
    """An event and the people met there, in one step; each of them gets a follow-up two days later.
    With ``event_id``: that event, to edit (taking someone off the people met is allowed)."""

    def __init__(self, parent, events, group_id: int | None = None, met_ids=None, *, event_id: int | None = None,
                 source=None):  # fmt: skip
        self.ok_text = "Save" if event_id is not None else "Add event"
        super().__init__(parent, events, "eventDialog", "Edit event" if event_id is not None else "New event")
        self.event_id: int | None = event_id
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("Chamber autumn mixer")
        describe(self.name, "Name", "What the event was")
        self.name_error = self.error_label("name")
        self.name.textEdited.connect(self.name_error.clear_error)
        self.date = date_edit("Date", "When it was")
        self.date.setObjectName("date")
        self.date.setMaximumDate(QDate.currentDate().addYears(2))
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.addItem("No group", None)
        for g in groups_service.list_groups():
            self.group.addItem(g.name, g.id)
        describe(self.group, "Group", "The group that held it, if any")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        describe(self.place, "Place", "Where it was")
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("hours")
        self.hours.setRange(0, 100)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(" h")
        describe(self.hours, "Hours", "Time it took, travel included")
        self.cost = QLineEdit()
        self.cost.setObjectName("cost")
        self.cost.setPlaceholderText("0")
        describe(self.cost, "Cost", "What it cost: ticket, dinner, travel")
        self.cost_error = self.error_label("cost")
        self.cost.textEdited.connect(self.cost_error.clear_error)
        self.met = ContactPicker(self, multiple=True, source=source, accessible_name="People met there")
        self.met.setObjectName("met")
        self.met_error = self.error_label("met")
        self.met.changed.connect(self.met_error.clear_error)
        met_hint = muted_label(f"Pick everyone you met; each gets a follow-up due {follow_up_words()} after the "
                               "event, and the event shows on their timelines.", object_name="metHint", wrap=True)  # fmt: skip
        self.add_to_group = QCheckBox("Add the people met to the group's members")
        self.add_to_group.setObjectName("addToGroup")
        self.add_to_group.setChecked(True)
        describe(self.add_to_group, "Add to group", "So that what they give back counts toward the group's return")
        self.notes = multiline("Notes", "Anything worth remembering", 48)
        self.notes.setObjectName("notes")
        met_box = QWidget()
        met_box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        ml = style.vbox(met_box, spacing=style.Space.XS)
        ml.addWidget(self.met)
        ml.addWidget(self.met_error)
        ml.addWidget(met_hint)
        ml.addWidget(self.add_to_group)
        form = style.form()
        form.addRow("&Name:", field_with_error(self.name, self.name_error))
        form.addRow("&Date:", self.date)
        form.addRow("&Group:", self.group)
        form.addRow("&Place:", self.place)
        form.addRow("&Hours:", self.hours)
        form.addRow("&Cost:", field_with_error(self.cost, self.cost_error))
        form.addRow("&Met there:", met_box)
        form.addRow("N&otes:", self.notes)
        self.lay_out(form)
        if event_id is not None:
            self._fill(groups_service.get_event(event_id))
        else:
            if group_id is not None:
                self.group.setCurrentIndex(max(0, self.group.findData(group_id)))
            if met_ids:
                self.met.set_contact_ids(met_ids)
        self._initial_group = self.group.currentData()
        self.group.currentIndexChanged.connect(self._on_group_current_index_changed)
        self._on_group_current_index_changed()
        self.name.setFocus(Qt.OtherFocusReason)
        style.size_dialog(self, DIALOG_WIDTH)

    def _fill(self, event: groups_service.EventInfo) -> None:
        self.name.setText(event.name)
        self.date.setDate(date_to_qdate(event.on))
        if event.group_id is not None and self.group.findData(event.group_id) < 0:
            self.group.addItem("A group in the trash", event.group_id)  # kept unless another is chosen
        self.group.setCurrentIndex(max(0, self.group.findData(event.group_id)))
        self.place.setText(event.place)
        self.hours.setValue(event.hours)
        self.cost.setText(format_money(event.cost_cents) if event.cost_cents else "")
        self.notes.setPlainText(event.notes)
        self.met.set_contact_ids([cid for cid, _ in event.met])

    def _on_group_current_index_changed(self, *args) -> None:
        self.add_to_group.setEnabled(self.group.currentData() is not None)

    def submit(self) -> bool:
        name = self.name.text().strip()
        if not name:
            return self.fail(self.name_error, "Give the event a name.", self.name)
        try:
            cost = parse_money(self.cost.text()) or 0
        except MoneyError as exc:
            return self.fail(self.cost_error, str(exc), self.cost)
        if self.met.pending_text():
            return self.fail(self.met_error, f"No contact picked for “{self.met.pending_text()}”: pick one from "
                             "the suggestions (Enter or Down) or clear the text.", self.met)  # fmt: skip
        met = self.met.contact_ids()
        fields = dict(name=name, place=self.place.text().strip(), hours=self.hours.value(), cost_cents=cost,
                      notes=self.notes.toPlainText().strip(), met_ids=met,
                      add_met_to_group=self.add_to_group.isChecked())  # fmt: skip
        if self.event_id is None:
            self.event_id = groups_service.create_event(
                on=qdate_to_date(self.date.date()), group_id=self.group.currentData(), **fields
            )
            touched = met
        else:
            group = self.group.currentData()
            touched = groups_service.update_event(
                self.event_id, on=qdate_to_date(self.date.date()),
                **({"group_id": group} if group != self._initial_group else {}), **fields,
            )  # fmt: skip
        if self.events is not None:
            self.events.groups_changed.emit()
            if touched:
                self.events.timeline_changed.emit(list(touched))
                self.events.contacts_changed.emit(list(touched))
        return True


def new_group(parent, events, **kwargs) -> int | None:
    dialog = GroupDialog(parent, events, **kwargs)
    return dialog.group_id if dialog.exec() else None


def edit_group(parent, events, group_id: int, **kwargs) -> bool:
    return bool(GroupDialog(parent, events, group_id, **kwargs).exec())


def new_event(parent, events, group_id: int | None = None, met_ids=None, **kwargs) -> int | None:
    dialog = EventDialog(parent, events, group_id, met_ids, **kwargs)
    return dialog.event_id if dialog.exec() else None


def edit_event(parent, events, event_id: int, **kwargs) -> bool:
    return bool(EventDialog(parent, events, event_id=event_id, **kwargs).exec())
