"""The new-contact and edit-contact form: every field of a contact, checked before saving, and the
contact's needs and offers (with tags); Save is one step of the undo history for all of it."""

from __future__ import annotations

import copy
import re
from types import ModuleType

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from desktop.domain.cadence import CIRCLE_LABELS, CIRCLES, NONE
from desktop.domain.contact import Address, ContactData, Email, Phone, Url, readable_name
from desktop.ui import style
from desktop.ui.dialogs.common import FormDialog, describe, field_with_error, multiline
from desktop.ui.dialogs.fields import (
    ADDRESS_FIELDS,
    ADDRESS_KINDS,
    EMAIL_KINDS,
    PHONE_KINDS,
    URL_KINDS,
    PartialDateField,
    PhotoField,
    RowsEditor,
    TagsEdit,
)
from desktop.ui.text import heading
from desktop.ui.widgets.needs_offers_editor import NeedsOffersEditor

PRIORITIES = [(0, "Normal"), (1, "High"), (2, "Highest")]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _contacts_service() -> ModuleType:
    from desktop.services import contacts

    return contacts


class ContactDialog(FormDialog):
    """New contact (``contact_id=None``) or edit one; ``self.contact_id`` holds the saved id."""

    def __init__(self, parent, events, contact_id: int | None = None, *, service=None, choose_photo_file=None):
        self.contact_id = contact_id
        self.ok_text = "Save" if contact_id is not None else "Add contact"
        title = "Edit contact" if contact_id is not None else "New contact"
        super().__init__(parent, events, "contactDialog", title)
        self.service = service or _contacts_service()
        self._loaded: ContactData | None = None
        self._build(choose_photo_file)
        if contact_id is not None:
            record = self.service.load_record(contact_id)
            self._loaded = record.data
            self.set_record(record)
            self.needs_editor.set_contact(contact_id)  # deferred: shown here, saved with the rest
            self.setWindowTitle(f"Edit {readable_name(record.data.display_name(), record.created_at)}")
        self.given.setFocus(Qt.OtherFocusReason)

    # --- building -----------------------------------------------------------

    def _line(self, name: str, tip: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name.lower().replace(" ", "_"))
        edit.setPlaceholderText(placeholder)
        describe(edit, name, tip)
        return edit

    def _build(self, choose_photo_file) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("contactTabs")
        describe(self.tabs, "Contact sections", "Ctrl+Tab moves to the next section")
        # What most people fill in comes first: the name, where they work, and how to reach them.
        self.tabs.addTab(self._build_main_page(), "&Name && contact")
        self.tabs.addTab(self._build_more_page(choose_photo_file), "&More details")
        self.tabs.addTab(self._build_personal_page(), "Pe&rsonal && keep in touch")
        self.needs_editor = NeedsOffersEditor(None, deferred=True)
        self.needs_editor.setContentsMargins(style.Space.M, style.Space.M, style.Space.M, style.Space.M)
        self.tabs.addTab(self._scrolling(self.needs_editor), "Needs && o&ffers")
        for editor in (self.phones, self.emails, self.urls, self.addresses):
            editor.changed.connect(self._fix_tab_order)
        self._fix_tab_order()
        self.lay_out(self.tabs)
        style.size_dialog(self, 700, 600)

    @staticmethod
    def _scrolling(form_page: QWidget) -> QScrollArea:
        """A tab whose rows (many phones, addresses) scroll instead of growing the dialog off the screen."""
        page = QScrollArea()
        page.setWidgetResizable(True)
        page.setFrameShape(QScrollArea.NoFrame)
        page.setWidget(form_page)
        page.setFocusPolicy(Qt.NoFocus)
        return page

    @staticmethod
    def _row(*widgets_and_stretches) -> QWidget:
        row = QWidget()
        layout = style.hbox(row, spacing=style.Space.S)
        for w, stretch in widgets_and_stretches:
            layout.addWidget(w, stretch)
        return row

    def _build_main_page(self) -> QWidget:
        inner = QWidget()
        form = style.form(inner)
        form.setContentsMargins(style.Space.M, style.Space.M, style.Space.M, style.Space.M)
        self.given = self._line("Given name", "First name", "First name")
        self.family = self._line("Family name", "Last name", "Last name")
        self.organization = self._line("Organisation", "Company or organisation")
        self.title_edit = self._line("Job title", "Job title", "")
        self.name_error = self.error_label("name")
        self.phones = RowsEditor("phone", PHONE_KINDS, [("value", "Phone number")], "phones")
        self.emails = RowsEditor("email", EMAIL_KINDS, [("value", "Email address")], "emails")
        self.phones_error = self.error_label("phones")
        self.emails_error = self.error_label("emails")
        form.addRow("Name:", field_with_error(self._row((self.given, 1), (self.family, 1)), self.name_error))
        form.addRow("&Organisation:", self.organization)
        form.addRow("&Job title:", self.title_edit)
        form.addRow("Phones:", field_with_error(self.phones, self.phones_error))
        form.addRow("Emails:", field_with_error(self.emails, self.emails_error))
        return self._scrolling(inner)

    def _build_more_page(self, choose_photo_file) -> QWidget:
        inner = QWidget()
        form = style.form(inner)
        form.setContentsMargins(style.Space.M, style.Space.M, style.Space.M, style.Space.M)
        self.prefix = self._line("Prefix", "Honorific prefix, e.g. Dr.", "Dr., Ms.")
        self.additional = self._line("Additional names", "Middle names", "Middle names")
        self.suffix = self._line("Suffix", "Honorific suffix, e.g. Jr.", "Jr., PhD")
        self.display = self._line(
            "Display name", "How the name is shown; leave empty to build it from the name fields", ""
        )
        self.nickname = self._line("Nickname", "Nickname")
        self.department = self._line("Department", "Department or unit")
        for w in (self.given, self.family, self.additional, self.prefix, self.suffix):
            w.textChanged.connect(self._update_display_placeholder)
        self.urls = RowsEditor("web address", URL_KINDS, [("value", "https://…")], "urls")
        self.addresses = RowsEditor("address", ADDRESS_KINDS, ADDRESS_FIELDS, "addresses")
        self.photo = PhotoField(choose_photo_file)
        self.photo_error = self.error_label("photo")
        self.photo.failed.connect(self.photo_error.show_error)
        self.photo.changed.connect(self.photo_error.clear_error)
        form.addRow("Prefix, middle, suffix:", self._row((self.prefix, 1), (self.additional, 2), (self.suffix, 1)))
        form.addRow("&Display name:", self.display)
        form.addRow("Nic&kname:", self.nickname)
        form.addRow("Depar&tment:", self.department)
        form.addRow("Web:", self.urls)
        form.addRow("Addresses:", self.addresses)
        form.addRow("Photo:", field_with_error(self.photo, self.photo_error))
        self._update_display_placeholder()
        return self._scrolling(inner)

    def _fix_tab_order(self) -> None:
        """Tab goes down each page in reading order, through every row of phones, emails...
        (Given name first: it is where most people start typing.)"""
        main = [self.given, self.family, self.organization, self.title_edit, *self.phones.chain(), *self.emails.chain()]
        more = [self.prefix, self.additional, self.suffix, self.display, self.nickname, self.department,
                *self.urls.chain(), *self.addresses.chain(), self.photo.choose_button, self.photo.clear_button]  # fmt: skip
        for chain in (main, more):
            for a, b in zip(chain, chain[1:]):
                QWidget.setTabOrder(a, b)

    def _build_personal_page(self) -> QWidget:
        page = QWidget()
        outer = style.vbox(page, margins=style.Space.M, spacing=style.Space.M)
        form = style.form()
        self.birthday = PartialDateField("Birthday", QDate(1990, 1, 1))
        self.anniversary = PartialDateField("Anniversary", QDate.currentDate())
        self.tags = TagsEdit(_known_tags())
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText("client, golf, chamber")
        describe(self.tags, "Tags", "Tags, separated by commas; tags already in use are offered as you type")
        self.met_how = self._line("How we met", "How and where you met", "Chamber breakfast, March")
        self.interests = self._line("Interests", "Interests and personal facts", "sailing, jazz, alma mater")
        self.notes = multiline("Notes", "Notes about this person", 72)
        form.addRow("&Birthday:", self.birthday)
        form.addRow("Anni&versary:", self.anniversary)
        form.addRow("T&ags:", self.tags)
        form.addRow("How we &met:", self.met_how)
        form.addRow("&Interests:", self.interests)
        form.addRow("N&otes:", self.notes)
        outer.addLayout(form)
        # One form for both parts, so every label and field lines up; the keep-in-touch part has a title.
        form.addItem(QSpacerItem(0, style.Space.S, QSizePolicy.Minimum, QSizePolicy.Fixed))
        form.addRow(heading("Keep in touch", "strong", object_name="keepInTouch"))
        self.circle = QComboBox()
        self.circle.setObjectName("circle")
        self._cadences = _circle_cadences()
        for code in CIRCLES:
            days = self._cadences[code]
            label = CIRCLE_LABELS[code] + (f" (every {days} days)" if days else " (no check-ins)")
            self.circle.addItem(label, "" if code == NONE else code)
        self.circle.setCurrentIndex(CIRCLES.index(NONE))
        describe(self.circle, "Keep-in-touch circle", "How close you keep this person; sets how often to check in")
        self.cadence = QSpinBox()
        self.cadence.setObjectName("cadence")
        self.cadence.setRange(0, 3650)
        self.cadence.setSuffix(" days")
        describe(self.cadence, "Check-in every (days)", "Your own rhythm for this person; 0 keeps the circle's")
        self.circle.currentIndexChanged.connect(self._update_cadence_words)
        self.priority = QComboBox()
        self.priority.setObjectName("priority")
        for value, label in PRIORITIES:
            self.priority.addItem(label, value)
        describe(self.priority, "Priority", "Higher priority people come first in the Today list")
        self.cadence_error = self.error_label("cadence")
        form.addRow("&Circle:", self.circle)
        form.addRow("Check in e&very:", field_with_error(self.cadence, self.cadence_error))
        form.addRow("Priorit&y:", self.priority)
        outer.addStretch(1)
        self._update_cadence_words()
        return page

    def _update_cadence_words(self, *_args) -> None:
        """Say what 0 days means for the circle chosen (a bare "The circle's" did not)."""
        days = self._cadences.get(self.circle.currentData() or NONE, 0)
        self.cadence.setSpecialValueText(f"As the circle: every {days} days" if days else "As the circle: no check-ins")

    def _update_display_placeholder(self) -> None:
        name = self._structured().display_name()
        self.display.setPlaceholderText(f"{name} (built from the name)" if name else "Built from the name fields")

    # --- values -------------------------------------------------------------

    def _structured(self) -> ContactData:
        return ContactData(
            prefix=self.prefix.text().strip(),
            given_name=self.given.text().strip(),
            additional_name=self.additional.text().strip(),
            family_name=self.family.text().strip(),
            suffix=self.suffix.text().strip(),
        )

    def set_record(self, record) -> None:
        d = record.data
        self.prefix.setText(d.prefix)
        self.given.setText(d.given_name)
        self.additional.setText(d.additional_name)
        self.family.setText(d.family_name)
        self.suffix.setText(d.suffix)
        built = self._structured().display_name()
        self.display.setText("" if d.full_name == built else d.full_name)
        self.nickname.setText(d.nickname)
        self.organization.setText(d.organization)
        self.department.setText(d.department)
        self.title_edit.setText(d.title)
        self.photo.set_photo(d.photo)
        self.phones.set_values([{"value": p.value, "kind": p.kind} for p in d.phones])
        self.emails.set_values([{"value": e.value, "kind": e.kind} for e in d.emails])
        self.urls.set_values([{"value": u.value, "kind": u.kind} for u in d.urls])
        self.addresses.set_values([vars(a).copy() for a in d.addresses])
        self.birthday.set_value(d.birthday)
        self.anniversary.set_value(d.anniversary)
        self.tags.setText(", ".join(d.tags))
        self.notes.setPlainText(d.note)
        self.met_how.setText(record.met_how)
        self.interests.setText(record.interests)
        i = self.circle.findData(record.circle if record.circle != NONE else "")
        self.circle.setCurrentIndex(i if i >= 0 else CIRCLES.index(NONE))
        self.cadence.setValue(record.cadence_days or 0)
        i = self.priority.findData(record.priority)
        if i < 0:
            self.priority.addItem(f"Priority {record.priority}", record.priority)
            i = self.priority.count() - 1
        self.priority.setCurrentIndex(i)

    def contact_data(self) -> ContactData:
        """The form as ContactData, keeping what the form does not show (UID, unmodelled vCard lines...)."""
        data = copy.deepcopy(self._loaded) if self._loaded is not None else ContactData()
        s = self._structured()
        data.prefix, data.given_name, data.additional_name = s.prefix, s.given_name, s.additional_name
        data.family_name, data.suffix = s.family_name, s.suffix
        data.full_name = self.display.text().strip()
        data.nickname = self.nickname.text().strip()
        data.organization = self.organization.text().strip()
        data.department = self.department.text().strip()
        data.title = self.title_edit.text().strip()
        old_phones = {p.value: p.pref for p in data.phones}
        old_emails = {e.value: e.pref for e in data.emails}
        data.phones = [Phone(v["value"], v["kind"], old_phones.get(v["value"], False)) for v in self.phones.values()]
        data.emails = [Email(v["value"], v["kind"], old_emails.get(v["value"], False)) for v in self.emails.values()]
        data.urls = [Url(v["value"], v["kind"]) for v in self.urls.values()]
        data.addresses = [Address(**v) for v in self.addresses.values()]
        data.birthday = self.birthday.value()
        data.anniversary = self.anniversary.value()
        data.tags = self.tags.tags()
        data.note = self.notes.toPlainText().strip()
        data.photo = self.photo.photo
        return data

    def keep_in_touch(self) -> dict:
        return {
            "met_how": self.met_how.text().strip(),
            "interests": self.interests.text().strip(),
            "circle": self.circle.currentData() or "",
            "cadence_days": self.cadence.value() or None,
            "priority": int(self.priority.currentData() or 0),
        }

    # --- saving -------------------------------------------------------------

    def validate(self) -> bool:
        data = self.contact_data()
        for i, row in enumerate(self.phones.rows):
            value = row.value()["value"]
            if value and not re.search(r"\d", value):
                return self.fail(self.phones_error, f"Phone {i + 1} has no digits: “{value}”.", row.first_edit())
        for i, row in enumerate(self.emails.rows):
            value = row.value()["value"]
            if value and not _EMAIL.match(value):
                return self.fail(
                    self.emails_error, f"Email {i + 1} is not an email address: “{value}”.", row.first_edit()
                )
        if not data.display_name():
            return self.fail(
                self.name_error, "Give the contact a name (or at least an organisation, email or phone).", self.given
            )
        return True

    def submit(self) -> bool:
        if not self.validate():
            return False
        data = self.contact_data()
        # One transaction and one undo step for the card, the keep-in-touch fields and the needs and
        # offers; the service reads the phone region (the setting, else the locale) as import does.
        from desktop.services.needs import save_contact_with_needs

        self.contact_id = save_contact_with_needs(self.contact_id, data, self.needs_editor.drafts(),
                                                  **self.keep_in_touch())  # fmt: skip
        if self.events is not None:
            self.events.contacts_changed.emit([self.contact_id])
            self.events.needs_changed.emit([self.contact_id])
        return True


def _circle_cadences() -> dict:
    """Each circle's cadence as the person set it (Settings)."""
    from desktop.services.settings import circle_cadences

    return circle_cadences()


def _known_tags() -> list[str]:
    from desktop.services.search import filter_options

    return [name for _, name in filter_options().tags]


def new_contact(parent, events, **kwargs) -> int | None:
    """Ask for a new contact; its id once saved, None when cancelled."""
    dialog = ContactDialog(parent, events, None, **kwargs)
    return dialog.contact_id if dialog.exec() else None


def edit_contact(parent, events, contact_id: int, **kwargs) -> bool:
    """Edit a contact; True when saved. A contact that is gone is explained, not raised."""
    try:
        dialog = ContactDialog(parent, events, contact_id, **kwargs)
    except LookupError as exc:
        from desktop.ui.dialogs.common import show_error

        show_error(parent, "Cannot edit this contact", str(exc))
        return False
    return bool(dialog.exec())


__all__ = ["ContactDialog", "new_contact", "edit_contact"]
