"""One contact's page: who they are, what to do next, the balance of giving, the story, and the details.

Everything a person typed is shown as plain text (Qt.PlainText labels, a
delegate that draws text): a contact named ``<b>Bold</b>`` shows those
characters.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cadence import CIRCLE_LABELS
from desktop.domain.contact import readable_name
from desktop.services import contacts as contacts_service
from desktop.services import search as search_service
from desktop.services import timeline as timeline_service
from desktop.services import touches
from desktop.ui.text import button, link_label, plain_label, plain_tooltip
from desktop.ui.widgets.avatar import Avatar
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter
from desktop.ui.widgets.timeline import TimelineView

KIND_WORDS = {
    "cell": "mobile",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
    "": "",
}


def format_birthday(value: str, today: dt.date | None = None) -> str:
    """``1985-04-15`` -> "15 April 1985"; ``--04-15`` -> "15 April"."""
    from desktop.ui.models.timeline_model import MONTHS

    if not value:
        return ""
    try:
        if value.startswith("--"):
            m, d = int(value[2:4]), int(value[5:7])
            return f"{d} {MONTHS[m - 1]}"
        y, m, d = int(value[0:4]), int(value[5:7]), int(value[8:10])
        return f"{d} {MONTHS[m - 1]} {y}"
    except (ValueError, IndexError):
        return value


def format_address(a) -> str:
    lines = [a.po_box, a.extended, a.street, " ".join(p for p in (a.postal_code, a.city) if p), a.region, a.country]
    return "\n".join(line for line in lines if line)


def _section_title(text: str) -> QLabel:
    return plain_label(text, object_name="sectionTitle", type_step="strong")


class ElidedValue(QLabel):
    """One unbreakable value (an e-mail address, a URL) shown whole when it fits, else cut in the
    middle with an ellipsis; the whole value stays in the tooltip and the accessible description."""

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.full_text = text
        self.setAccessibleDescription(text)
        self.setText(text)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.ElideMiddle, max(10, self.width()))
        if shown != self.text():
            self.setText(shown)


class DetailsPanel(QWidget):
    """Needs and offers, then the details, as label / value rows."""

    event_requested = Signal(int)  # "How we met: At <event>" was clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("contactDetails")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 4, 12, 12)
        self._layout.setSpacing(6)
        self.values: dict[str, list[str]] = {}

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget()
            if w is not None:
                # Off the screen now, not at the next event loop turn (a grab in between would show both).
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.values = {}

    def _grid(self, rows: list[tuple[str, str | QWidget]]) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for n, (label, value) in enumerate(rows):
            key = plain_label(label)
            key.setAlignment(Qt.AlignRight | Qt.AlignTop)
            key.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
            key.setForegroundRole(QPalette.PlaceholderText)  # muted, and follows a palette change
            if isinstance(value, QWidget):  # made by the caller (a link)
                grid.addWidget(key, n, 0)
                grid.addWidget(value, n, 1)
                self.values.setdefault(label, []).append(value.accessibleDescription())
                continue
            if value and not any(ch.isspace() for ch in value):
                val = ElidedValue(value)  # nowhere to wrap it: cut it visibly, not at the panel's edge
            else:
                val = plain_label(value, selectable=True, wrap=True)
            val.setAccessibleName(label)
            val.setToolTip(plain_tooltip(value))
            # Ignored: a long value never widens the panel.
            val.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
            val.setMinimumWidth(60)
            val.setAlignment(Qt.AlignLeft | Qt.AlignTop)
            grid.addWidget(key, n, 0)
            grid.addWidget(val, n, 1)
            self.values.setdefault(label, []).append(value)
        return box

    def _met_at(self, how: str, at: str, event_id: int) -> QWidget:
        box = QWidget()
        box.setAccessibleDescription(f"{how}\n{at}" if how else at)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        if how:
            lay.addWidget(plain_label(how, selectable=True, wrap=True))
        link = link_label(at, lambda: self.event_requested.emit(event_id), object_name="metEventLink",
                          tip="Open the event on the Groups & Events page")  # fmt: skip
        link.setWordWrap(True)
        lay.addWidget(link)
        box.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        box.setMinimumWidth(60)
        return box

    def show_contact(self, record, extras) -> None:
        self._clear()
        d = record.data
        if extras.needs or extras.offers:
            self._layout.addWidget(_section_title("Needs and offers"))
            rows = [("Needs", n.text) for n in extras.needs] + [("Offers", o.text) for o in extras.offers]
            self._layout.addWidget(self._grid(rows))
        rows: list[tuple[str, str]] = []
        for p in d.phones:
            kind = KIND_WORDS.get(p.kind, p.kind)
            rows.append((f"Phone ({kind})" if kind else "Phone", p.value))
        for e in d.emails:
            rows.append((f"Email ({e.kind})" if e.kind else "Email", e.value))
        for a in d.addresses:
            if not a.is_empty():
                rows.append((f"Address ({a.kind})" if a.kind else "Address", format_address(a)))
        for u in d.urls:
            rows.append(("Web", u.value))
        for s in d.social_profiles:
            rows.append((s.service.capitalize() or "Profile", s.value))
        for m in d.instant_messages:
            rows.append((m.service.capitalize() or "Chat", m.handle))
        if d.birthday:
            rows.append(("Birthday", format_birthday(d.birthday)))
        if d.anniversary:
            rows.append(("Anniversary", format_birthday(d.anniversary)))
        if d.tags:
            rows.append(("Tags", ", ".join(d.tags)))
        if extras.groups:
            rows.append(("Groups", ", ".join(extras.groups)))
        if record.circle and record.circle != "none":
            rows.append(("Circle", CIRCLE_LABELS.get(record.circle, record.circle)))
        how = record.met_how
        if d.connected_on:  # LinkedIn's "Connected On": when you met, as far as the network knows
            connected = f"Connected on LinkedIn on {format_birthday(d.connected_on)}"
            how = f"{how}\n{connected}" if how else connected
        if extras.met_event_id is not None:  # the words, and a link to the event on the Groups & Events page
            when = f" ({extras.met_event_date.isoformat()})" if extras.met_event_date else ""
            rows.append(("How we met", self._met_at(how, f"At {extras.met_event}{when}", extras.met_event_id)))
        elif how:
            rows.append(("How we met", how))
        if record.interests:
            rows.append(("Interests", record.interests))
        if d.note:
            rows.append(("Notes", d.note))
        if rows:
            self._layout.addWidget(_section_title("Details"))
            self._layout.addWidget(self._grid(rows))
        self._layout.addStretch(1)


class ContactPage(QWidget):
    log_interaction_requested = Signal(int)
    log_exchange_requested = Signal(int)
    introduce_requested = Signal(int)
    edit_requested = Signal(int)
    entry_activated = Signal(str, int)
    knows_loaded = Signal()  # the Knows section shows the links read for the contact shown
    event_requested = Signal(int)  # open this event (the "How we met" link)

    def __init__(self, parent=None, today=None):
        super().__init__(parent)
        self.setObjectName("contactPage")
        self.setAccessibleName("Contact page")
        self._today = today  # a callable giving today's date (tests pin it)
        self.contact_id = 0
        self.record = None

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.empty = plain_label("Choose a contact in the list, or press Ctrl+N to add one.")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setObjectName("contactPageEmpty")
        self.empty.setForegroundRole(QPalette.PlaceholderText)
        self.stack.addWidget(self.empty)

        body = QWidget()
        self.stack.addWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 14, 16, 0)
        lay.setSpacing(10)

        # Header: avatar, name, organisation and title.
        head = QHBoxLayout()
        head.setSpacing(14)
        self.avatar = Avatar(72)
        head.addWidget(self.avatar, 0, Qt.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name_label = plain_label(selectable=True, object_name="contactName", type_step="heading")
        self.name_label.setAccessibleName("Name")
        self.org_label = plain_label(selectable=True, wrap=True)
        self.org_label.setObjectName("contactOrganization")
        self.org_label.setAccessibleName("Organisation and title")
        self.status_label = plain_label()
        self.status_label.setObjectName("contactStatus")
        self.status_label.setAccessibleName("Last contact")
        self.status_label.setForegroundRole(QPalette.PlaceholderText)
        names.addWidget(self.name_label)
        names.addWidget(self.org_label)
        names.addWidget(self.status_label)
        names.addStretch(1)
        head.addLayout(names, 1)
        lay.addLayout(head)

        # Quick actions.
        actions = QHBoxLayout()
        actions.setSpacing(6)
        self.log_interaction_button = self._button(
            "Log interaction", "meeting", "logInteractionButton", "Log a meeting, call, email or message (Ctrl+L)"
        )
        self.log_exchange_button = self._button(
            "Log exchange", "favour", "logExchangeButton", "Log something given or received: a favour, referral, advice… (Ctrl+Shift+L)"
        )
        self.introduce_button = self._button(
            "Introduce…", "introduction", "introduceButton", "Introduce this person to another contact"
        )
        self.edit_button = self._button("Edit", "edit", "editContactButton", "Edit this contact (Ctrl+Shift+E)")
        self.log_interaction_button.clicked.connect(lambda: self.log_interaction_requested.emit(self.contact_id))
        self.log_exchange_button.clicked.connect(lambda: self.log_exchange_requested.emit(self.contact_id))
        self.introduce_button.clicked.connect(lambda: self.introduce_requested.emit(self.contact_id))
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.contact_id))
        for b in (self.log_interaction_button, self.log_exchange_button, self.introduce_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        lay.addLayout(actions)

        # Left: the meter and the timeline; right: needs, offers and details.
        split = QSplitter(Qt.Horizontal)
        split.setObjectName("contactPageSplitter")
        split.setChildrenCollapsible(False)
        self.splitter = split
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 8, 0)
        ll.setSpacing(6)
        ll.addWidget(_section_title("Reciprocity"))
        self.meter = ReciprocityMeter()
        ll.addWidget(self.meter)
        self.timeline_title = _section_title("Timeline")
        ll.addSpacing(4)
        ll.addWidget(self.timeline_title)
        self.timeline = TimelineView()
        self.timeline.entry_activated.connect(self.entry_activated)
        ll.addWidget(self.timeline, 1)
        split.addWidget(left)

        self.details = DetailsPanel()
        self.details.event_requested.connect(self.event_requested)
        # Whom they know, above the details; read on a worker (the first read of a big network reads
        # every organisation and the meter, ~0.5 s on 100,000 contacts; then ~1 ms).
        from desktop.ui.widgets.knows_panel import KnowsPanel
        from desktop.ui.workers import Reader

        self.knows_panel = KnowsPanel()
        self._knows_reader = Reader(self, self._on_knows_read, self._on_knows_failed, name="knows")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)  # each panel has the details' margins
        rl.setSpacing(4)
        rl.addWidget(self.knows_panel)
        rl.addWidget(self.details, 1)
        scroll = QScrollArea()
        scroll.setObjectName("detailsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(right)
        scroll.setMinimumWidth(260)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([440, 320])
        lay.addWidget(split, 1)
        self.clear()

    def _button(self, text: str, icon_name: str, object_name: str, tip: str) -> QPushButton:
        return button(text, icon_name, object_name=object_name, tip=tip)

    def today(self) -> dt.date:
        return self._today() if self._today else dt.date.today()

    def clear(self) -> None:
        self.contact_id = 0
        self.record = None
        self.timeline.timeline_model.clear()
        self.stack.setCurrentWidget(self.empty)

    def show_contact(self, contact_id: int) -> bool:
        """Load and show ``contact_id``; False (and the empty page) when it no longer exists."""
        if not contact_id:
            self.clear()
            return False
        try:
            record = contacts_service.load_record(contact_id)
        except contacts_service.ContactNotFound:
            self.clear()
            return False
        extras = search_service.contact_extras(contact_id)
        if extras.deleted:
            self.clear()
            return False
        self.contact_id = contact_id
        self.record = record
        d = record.data
        name = readable_name(d.display_name(), record.created_at)
        self.name_label.setText(name)
        self.avatar.set_person(name, d.photo.data if d.photo else None)
        org = ", ".join(p for p in (d.title, d.organization) if p)
        if d.department:
            org = f"{org} ({d.department})" if org else d.department
        self.org_label.setText(org)
        self.org_label.setVisible(bool(org))
        entries = timeline_service.timeline(contact_id)
        status = [self._when_words(contact_id, entries)]
        if record.archived:
            status.append("archived")
        self.status_label.setText(" · ".join(status))
        self.meter.set_reading(timeline_service.contact_meter(contact_id, self.today(), entries))
        self.timeline.timeline_model.set_entries(contact_id, entries)
        self.timeline_title.setText(f"Timeline ({len(entries)})" if entries else "Timeline: nothing logged yet")
        self.details.show_contact(record, extras)
        self.refresh_knows()
        self.stack.setCurrentIndex(1)
        return True

    def refresh_knows(self) -> None:
        """Read whom the contact shown knows again (after a link was added or removed)."""
        if not self.contact_id:
            return
        from desktop.services import knows as knows_service

        cid, name, today = self.contact_id, self.name_label.text(), self.today()
        if self.knows_panel.contact_id != cid:
            self.knows_panel.set_links(cid, name, None)
        self._knows_reader.request(lambda: (cid, name, knows_service.links_of(cid, today)))

    def _on_knows_read(self, result) -> None:
        cid, name, links = result
        if cid == self.contact_id:
            self.knows_panel.set_links(cid, name, links)
            self.knows_loaded.emit()

    def _on_knows_failed(self, exc: BaseException) -> None:
        from desktop.ui import errors

        if errors.is_bug(exc):
            errors.report_bug(exc, self)

    def _when_words(self, contact_id: int, entries) -> str:
        """"Last contact 2026-11-12 (10 days ago)" (the one rule of a touch, as the list and Today count
        it: services.touches), and what is planned, from the loaded timeline."""
        today = self.today()
        past = touches.last_touches([contact_id], today).get(contact_id)
        future = [e.on for e in entries if e.on > today]
        words = []
        if past is None:
            words.append("No contact logged yet")
        else:
            days = (today - past).days
            ago = "today" if days == 0 else ("yesterday" if days == 1 else f"{days} days ago")
            words.append(f"Last contact {past.isoformat()} ({ago})")
        if future:
            words.append(f"next planned {min(future).isoformat()}")
        return " · ".join(words)

    def refresh(self) -> None:
        if self.contact_id:
            self.show_contact(self.contact_id)
