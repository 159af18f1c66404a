"""One contact's page, built around the story: who they are and when to check in next at the top, what
they need and offer, then the balance of giving and the timeline in the main column, and the details
(how to reach them, what you know of them) in a side panel that folds away.

Everything a person typed is shown as plain text (Qt.PlainText labels, a delegate that draws text):
a contact named ``<b>Bold</b>`` shows those characters.

Reading a contact takes a handful of queries on the UI thread (~6 ms for a contact with 1,000
timeline entries on 100,000 contacts, ``bench/bench_ui.py``): under a frame, so it stays synchronous.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from desktop.domain.cadence import CIRCLE_LABELS
from desktop.domain.contact import readable_name
from desktop.domain.dates import ago_words
from desktop.services import contacts as contacts_service
from desktop.services import contact_extras as extras_service
from desktop.services import timeline as timeline_service
from desktop.services import touches
from desktop.ui import icons
from desktop.ui.style import Space, colors, hbox, vbox
from desktop.ui.text import PlainLabel, button, muted_label, plain_label, plain_tooltip
from desktop.ui.widgets.avatar import Avatar, photo_cache
from desktop.ui.widgets.contact_details import DetailsPanel
from desktop.ui.widgets.needs_offers_summary import NeedsOffersSummary
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter
from desktop.ui.widgets.timeline import TimelineView

AVATAR = 64
DETAILS_WIDTH = 320  # px: the side panel's first width (the person's own is remembered)
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _section_title(text: str) -> PlainLabel:
    return plain_label(text, object_name="sectionTitle", type_step="strong")


def short_date(on: dt.date, today: dt.date) -> str:
    """ "6 Dec", or "6 Dec 2027" outside this year."""
    words = f"{on.day} {SHORT_MONTHS[on.month - 1]}"
    return words if on.year == today.year else f"{words} {on.year}"


class InfoChip(PlainLabel):
    """A small rounded label at the top of the page (the circle, the next check-in)."""

    def __init__(self, object_name: str, parent=None):
        super().__init__("", parent)
        self.setObjectName(object_name)
        self.setContentsMargins(Space.S, Space.XXS, Space.S, Space.XXS)
        self._hue: int | None = None

    def set_chip(self, text: str, tip: str = "", hue: int | None = None) -> None:
        self.setText(text)
        self.setToolTip(plain_tooltip(tip or text))
        self.setAccessibleName(text)
        self._hue = hue
        self.set_tone(None)
        if hue is not None:
            pal = self.palette()
            pal.setColor(QPalette.WindowText, colors.accent(hue, strong=True))
            self.setPalette(pal)
        self.setVisible(bool(text))

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(r, r.height() / 2, r.height() / 2)
        pal = self.palette()
        p.fillPath(path, colors.accent(self._hue, pal, strong=False) if self._hue is not None else colors.chip_background(pal))
        p.end()
        super().paintEvent(event)


class EmptyTimeline(QWidget):
    """What an empty timeline shows: an invitation to log the first entry, with the three log buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timelineEmpty")
        lay = vbox(self, margins=Space.XL, spacing=Space.M)
        lay.addStretch(1)
        mark = plain_label("")
        mark.setPixmap(icons.icon("note").pixmap(40, 40))
        mark.setAlignment(Qt.AlignCenter)
        lay.addWidget(mark)
        self.title = plain_label("", object_name="timelineEmptyTitle", type_step="subtitle", wrap=True)
        self.title.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.title)
        self.hint = muted_label(
            "Log a meeting or a call, something you gave or received, or an introduction you made: "
            "the story and the balance start here.", object_name="timelineEmptyHint", wrap=True,
        )  # fmt: skip
        self.hint.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.hint)
        # The three buttons side by side, or one above the other when the column is narrow.
        self.buttons = QWidget()
        self.buttons.setObjectName("timelineEmptyButtons")
        row = hbox(self.buttons, spacing=Space.S)
        self.log_interaction_button = button("Log interaction…", "meeting", object_name="emptyLogInteractionButton",
                                             tip="Log a meeting, call, email or message")  # fmt: skip
        self.log_exchange_button = button("Log exchange…", "favour", object_name="emptyLogExchangeButton",
                                          tip="Log something given or received: a favour, referral, advice…")  # fmt: skip
        self.introduce_button = button("Introduce…", "introduction", object_name="emptyIntroduceButton",
                                       tip="Introduce this person to another contact")  # fmt: skip
        for b in (self.log_interaction_button, self.log_exchange_button, self.introduce_button):
            row.addWidget(b)
        self._row = row
        # Its minimum is one button: the column never forces the page wider (resizeEvent arranges).
        self.buttons.setMinimumWidth(max(b.sizeHint().width() for b in self._buttons()))
        lay.addWidget(self.buttons, 0, Qt.AlignHCenter)
        lay.addStretch(2)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.log_interaction_button, self.log_exchange_button, self.introduce_button)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        wide = sum(b.sizeHint().width() for b in self._buttons()) + 2 * Space.S + 2 * Space.XL
        direction = QBoxLayout.LeftToRight if self.width() >= wide else QBoxLayout.TopToBottom
        if self._row.direction() != direction:
            self._row.setDirection(direction)

    def set_name(self, name: str) -> None:
        self.title.setText(f"Nothing logged with {name} yet")


class ContactPage(QWidget):
    log_interaction_requested = Signal(int)
    log_exchange_requested = Signal(int)
    introduce_requested = Signal(int)
    edit_requested = Signal(int)
    entry_activated = Signal(str, int)
    details_collapsed_changed = Signal(bool)  # the window remembers it
    knows_loaded = Signal()  # the Knows section shows the links read for the contact shown
    event_requested = Signal(int)  # open this event (the "How we met" link)

    def __init__(self, parent=None, today=None, events=None):
        super().__init__(parent)
        self.setObjectName("contactPage")
        self.setAccessibleName("Contact page")
        self._today = today  # a callable giving today's date (tests pin it)
        self.contact_id = 0
        self.record = None
        self.extras = None

        self.stack = QStackedWidget(self)
        outer = vbox(self)
        outer.addWidget(self.stack)

        self.empty = muted_label("Choose a contact in the list, or press Ctrl+N to add one.", object_name="contactPageEmpty")
        self.empty.setAlignment(Qt.AlignCenter)
        self.stack.addWidget(self.empty)

        body = QWidget()
        self.stack.addWidget(body)
        lay = vbox(body, spacing=Space.S)
        lay.setContentsMargins(Space.L, Space.M, Space.L, 0)

        # Header: avatar; name, organisation and title, circle, next check-in, last contact; Edit, Details.
        head = hbox(spacing=Space.M)
        self.avatar = Avatar(AVATAR)
        head.addWidget(self.avatar, 0, Qt.AlignTop)
        names = vbox(spacing=Space.XXS)
        self.name_label = plain_label(selectable=True, object_name="contactName", type_step="heading")
        self.name_label.setAccessibleName("Name")
        self.org_label = plain_label(selectable=True, wrap=True)
        self.org_label.setObjectName("contactOrganization")
        self.org_label.setAccessibleName("Organisation and title")
        chips = hbox(spacing=Space.XS)
        self.circle_chip = InfoChip("circleChip")
        self.check_in_chip = InfoChip("checkInChip")
        self.status_label = muted_label(object_name="contactStatus", wrap=True)
        self.status_label.setAccessibleName("Last contact")
        chips.addWidget(self.circle_chip)
        chips.addWidget(self.check_in_chip)
        chips.addWidget(self.status_label, 1)
        names.addWidget(self.name_label)
        names.addWidget(self.org_label)
        names.addSpacing(Space.XXS)
        names.addLayout(chips)
        head.addLayout(names, 1)
        corner = hbox(spacing=Space.XS)
        self.edit_button = button("Edit", "edit", object_name="editContactButton", tip="Edit this contact (Ctrl+Shift+E)")
        self.details_toggle = QToolButton()
        self.details_toggle.setObjectName("detailsToggle")
        self.details_toggle.setText("Details")
        self.details_toggle.setIcon(icons.icon("info"))
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.details_toggle.setCheckable(True)
        self.details_toggle.setChecked(True)
        self.details_toggle.setAccessibleName("Show the details panel")
        self.details_toggle.setToolTip("Show or hide the details: phones, emails, addresses, birthday, notes")
        self.details_toggle.toggled.connect(self._on_details_toggle_toggled)
        corner.addWidget(self.edit_button)
        corner.addWidget(self.details_toggle)
        head.addLayout(corner)
        head.setAlignment(corner, Qt.AlignTop)
        lay.addLayout(head)

        # Quick actions.
        actions = hbox(spacing=Space.S)
        self.log_interaction_button = button("Log interaction", "meeting", object_name="logInteractionButton",
                                             tip="Log a meeting, call, email or message (Ctrl+L)")  # fmt: skip
        self.log_exchange_button = button("Log exchange", "favour", object_name="logExchangeButton",
                                          tip="Log something given or received: a favour, referral, advice… "
                                              "(Ctrl+Shift+L)")  # fmt: skip
        self.introduce_button = button("Introduce…", "introduction", object_name="introduceButton",
                                       tip="Introduce this person to another contact")  # fmt: skip
        for b in (self.log_interaction_button, self.log_exchange_button, self.introduce_button):
            actions.addWidget(b)
        actions.addStretch(1)
        lay.addLayout(actions)

        # What they need and offer, at a glance; a click edits it in the side panel's editor.
        self.needs_offers = NeedsOffersSummary()
        self.needs_offers.edit_requested.connect(self._on_needs_offers_edit_requested)
        self.needs_offers.add_requested.connect(self._on_needs_offers_add_requested)
        lay.addWidget(self.needs_offers)

        # The main column: the meter and the story; the side panel: the details.
        split = QSplitter(Qt.Horizontal)
        split.setObjectName("contactPageSplitter")
        split.setChildrenCollapsible(False)
        self.splitter = split
        main = QWidget()
        main.setObjectName("storyColumn")
        ml = vbox(main, spacing=Space.S)
        ml.setContentsMargins(0, Space.XS, Space.S, 0)
        self.meter = ReciprocityMeter()
        ml.addWidget(self.meter)
        self.timeline_title = _section_title("Timeline")
        ml.addWidget(self.timeline_title)
        self.timeline_stack = QStackedWidget()
        self.timeline = TimelineView()
        self.timeline.entry_activated.connect(self.entry_activated)
        self.timeline_empty = EmptyTimeline()
        self.timeline_stack.addWidget(self.timeline)
        self.timeline_stack.addWidget(self.timeline_empty)
        ml.addWidget(self.timeline_stack, 1)
        split.addWidget(main)

        self.details = DetailsPanel()
        self.details.event_requested.connect(self.event_requested)
        # Whom they know, in the details; read on a worker (the first read of a big network reads
        # every organisation and the meter, ~0.5 s on 100,000 contacts; then ~1 ms).
        from desktop.ui.widgets.knows_panel import KnowsPanel
        from desktop.ui.workers import Reader

        self.knows_panel = KnowsPanel()
        self.knows_panel.layout().setContentsMargins(0, 0, 0, 0)  # inside the details' own margins
        self._knows_reader = Reader(self, self._on_knows_read, self._on_knows_failed, name="knows")
        self.details.set_middle(self.knows_panel)  # how to reach them, whom they know, what you know of them
        # The one needs and offers editor (the contact dialog's too): saved at once, each change a step of
        # Edit → Undo; it tells the window (events.needs_changed) and Today's introductions follow.
        from desktop.ui.widgets.needs_offers_editor import NeedsOffersEditor

        self.needs_editor = NeedsOffersEditor(events)
        self.details.set_end(self.needs_editor)
        scroll = QScrollArea()
        scroll.setObjectName("detailsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(self.details)
        scroll.setMinimumWidth(240)
        self.details_scroll = scroll
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([520, DETAILS_WIDTH])
        lay.addWidget(split, 1)

        for b, signal in (
            (self.log_interaction_button, self.log_interaction_requested),
            (self.log_exchange_button, self.log_exchange_requested),
            (self.introduce_button, self.introduce_requested),
            (self.edit_button, self.edit_requested),
            (self.timeline_empty.log_interaction_button, self.log_interaction_requested),
            (self.timeline_empty.log_exchange_button, self.log_exchange_requested),
            (self.timeline_empty.introduce_button, self.introduce_requested),
        ):
            b.clicked.connect(lambda _checked=False, s=signal: s.emit(self.contact_id))
        self.clear()

    def today(self) -> dt.date:
        return self._today() if self._today else dt.date.today()

    # --- the side panel ----------------------------------------------------------------

    def details_collapsed(self) -> bool:
        return not self.details_toggle.isChecked()

    def set_details_collapsed(self, collapsed: bool) -> None:
        self.details_toggle.setChecked(not collapsed)

    def _on_needs_offers_edit_requested(self, item_id: int) -> None:
        """A need or offer clicked at the top: edit it in the side panel (shown if it was folded)."""
        self._reveal_needs_editor()
        for row in self.needs_editor.rows():
            if row.draft.id == item_id:
                row.edit_button.click()
                return

    def _on_needs_offers_add_requested(self, kind: str) -> None:
        self._reveal_needs_editor()
        editor = self.needs_editor
        editor.kind.setCurrentIndex(editor.kind.findData(kind))
        editor.text_edit.setFocus(Qt.OtherFocusReason)

    def _reveal_needs_editor(self) -> None:
        self.set_details_collapsed(False)
        self.details_scroll.ensureWidgetVisible(self.needs_editor)
        QTimer.singleShot(0, lambda: self.details_scroll.ensureWidgetVisible(self.needs_editor))  # once laid out

    def _on_details_toggle_toggled(self, shown: bool) -> None:
        self.details_scroll.setVisible(shown)
        self.details_toggle.setAccessibleName("Hide the details panel" if shown else "Show the details panel")
        self.details_collapsed_changed.emit(not shown)

    # --- showing a contact -------------------------------------------------------------

    def clear(self) -> None:
        self.contact_id = 0
        self.record = None
        self.extras = None
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
        extras = extras_service.contact_extras(contact_id)
        if extras.deleted:
            self.clear()
            return False
        self.contact_id = contact_id
        self.record = record
        self.extras = extras
        today = self.today()
        d = record.data
        name = readable_name(d.display_name(), record.created_at)
        self.name_label.setText(name)
        photo = d.photo.data if d.photo else None
        self.avatar.set_person(name, photo)
        photo_cache().put(contact_id, photo)  # the list shows the same photo
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
        self._show_keep_in_touch(record, extras, entries, today)
        self.needs_offers.set_items(contact_id, extras.needs, extras.offers)
        self.needs_editor.set_contact(contact_id)
        self.meter.set_reading(timeline_service.contact_meter(contact_id, today, entries))
        self.timeline.timeline_model.set_entries(contact_id, entries)
        self.timeline_title.setText(f"Timeline ({len(entries)})" if entries else "Timeline")
        self.timeline_empty.set_name(d.given_name or name)
        self.timeline_stack.setCurrentWidget(self.timeline if entries else self.timeline_empty)
        self.details.show_contact(record, extras)
        self.refresh_knows()
        self.stack.setCurrentIndex(1)
        return True

    def _show_keep_in_touch(self, record, extras, entries, today: dt.date) -> None:
        """The circle and when the next check-in falls due, as chips beside the last contact."""
        circle = record.circle if record.circle and record.circle != "none" else ""
        cadence = extras.cadence_days
        every = f"every {cadence} days" if cadence else ""
        if circle:
            self.circle_chip.set_chip(f"{CIRCLE_LABELS.get(circle, circle)} circle",
                                      f"In your {CIRCLE_LABELS.get(circle, circle).lower()} circle: a check-in {every}")  # fmt: skip
        else:
            self.circle_chip.set_chip("")
        past = next((e.on for e in entries if e.on <= today), None)  # entries are newest first
        due = extras.next_check_in(past, today)
        if due is None:
            self.check_in_chip.set_chip("")
        elif due <= today:
            late = (today - due).days
            text = "Check-in due today" if late == 0 else f"Check-in overdue · {late} day{'s' if late != 1 else ''}"
            self.check_in_chip.set_chip(text, f"A check-in was due on {due.isoformat()} ({every})", colors.WARNING_HUE)
        else:
            self.check_in_chip.set_chip(f"Check in by {short_date(due, today)}",
                                        f"Next check-in due on {due.isoformat()} ({every})")  # fmt: skip

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
        """ "Last contact 10 days ago · next planned 26 Nov": the last touch by the one rule of a touch
        (services.touches, as the list and Today count it), what is planned from the loaded timeline;
        the tooltip has the dates."""
        today = self.today()
        past = touches.last_touches([contact_id], today).get(contact_id)
        future = min((e.on for e in entries if e.on > today), default=None)
        words, tip = [], []
        if past is None:
            words.append("No contact logged yet")
        else:
            words.append(f"Last contact {ago_words(past, today)}")
            tip.append(f"Last contact on {past.isoformat()}")
        if future:
            words.append(f"next planned {short_date(future, today)}")
            tip.append(f"next planned on {future.isoformat()}")
        self.status_label.setToolTip(plain_tooltip(", ".join(tip)))
        return " · ".join(words)

    def refresh(self) -> None:
        if self.contact_id:
            self.show_contact(self.contact_id)
