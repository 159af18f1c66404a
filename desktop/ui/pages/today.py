"""The Today page, where the window opens: whom to follow up with, thank, check in with and give
back to, the asks the relationships can bear, introductions to make and birthdays coming.

Each item can be marked done, snoozed (a day or a week) or logged in place; done and snooze are
steps of the window's undo history, and the Undo button under the header takes the last one back
through it. The page reads everything from ``services.today.today_overview`` and
refreshes itself on the window's data signals. That read takes a while on a
large network, so it runs in a worker (``desktop.ui.workers``): the page
shows at once with its sections "Loading…", keeps the rows it has while a
refresh runs, and a newer refresh supersedes an older one (whose result is
dropped).
"""

from __future__ import annotations

import calendar
import datetime as dt

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import RapportError
from desktop.domain.today import SNOOZE_CHOICES
from desktop.ui import icons, theme, workers
from desktop.ui.controllers.undo import UndoHistory
from desktop.ui.pages.common import RefreshingPage, Section, clear_layout, icon_label
from desktop.ui.text import button, emphasised_label, heading, muted_label, plain_label, plain_tooltip

ROW_LIMIT = 25  # per section; the rest is counted, not drawn
FIRST_READ_LATEST_MS = 300  # the first read starts at the first paint, or after this at the latest


def _today_service():
    """services.today, imported when first needed: Today is the landing page and the import (~20 ms)
    need not come before the window's first paint; the first read imports it on the worker thread."""
    from desktop.services import today

    return today


def _introductions_service():
    from desktop.services import introductions

    return introductions


# (key, title, icon, hint)
SECTIONS = [
    ("follow_up", "Follow-ups", "event", "People you met at an event: a word within two days keeps the door open."),
    ("thank", "Thanks and outcomes", "referral", "Referrals you received: thank the person, then note what came of it."),
    ("promised", "Promises to keep", "favour", "Favours you promised. Mark done once given: then they count."),
    ("birthday", "Birthdays", "birthday", "This week."),
    ("check_in", "Check-ins due", "check_in", "People in your keep-in-touch circles you have not been in touch with."),
    ("owe", "People you owe", "given", "They have given more than you lately: time to give back."),
    ("ask", "Asks you can make", "ask", "For every ask, give about three times: these relationships can bear one."),
    ("intro", "Introductions to make", "introduction", "One needs what the other offers."),
]

LOADING_TEXT = "Loading…"
EMPTY_TITLE = "Nothing is due today."
EMPTY_TEXT = (
    "Today tells you whom to follow up with after an event, whom to thank for a referral, "
    "whom you owe, who is due a check-in and whom to introduce to whom. "
    "Log what happens with people, put those you want to keep close in a circle "
    "(inner, close, active, wider), and note what they need and offer."
)


def _day(d: dt.date) -> str:
    return f"{calendar.day_abbr[d.weekday()]} {d.day} {calendar.month_abbr[d.month]}"


def due_text(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days, {_day(due)}"
    late = -days
    return f"since {_day(due)} ({late} day{'s' if late != 1 else ''} ago)"


class TodayRow(QFrame):
    """One item: icon, what to do and when, and its buttons."""

    def __init__(self, ref: str, kind: str, text: str, when: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayItem")
        self.ref = ref
        self.kind = kind
        self.setProperty("ref", ref)
        self.setAccessibleName(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        text_box = QVBoxLayout()
        text_box.setSpacing(0)
        self.text_box = text_box
        self.text_label = plain_label(text, object_name="itemText", wrap=True)
        self.text_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        text_box.addWidget(self.text_label)
        if when:
            self.when_label = muted_label(when, object_name="itemWhen", wrap=True)
            text_box.addWidget(self.when_label)
        layout.addLayout(text_box, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        layout.addLayout(self.buttons)

    def add_button(self, object_name: str, text: str, tip: str, icon_name: str | None = None) -> QPushButton:
        # tips name contacts: never read as rich text
        b = button(text, icon_name or "", object_name=object_name, tip=plain_tooltip(tip),
                   accessible=f"{text.rstrip('…')}: {self.accessibleName()}")  # fmt: skip
        self.buttons.addWidget(b)
        return b

    def add_snooze(self, on_snooze) -> QToolButton:
        b = QToolButton()
        b.setObjectName("snoozeButton")
        b.setText("Snooze")
        b.setIcon(icons.icon("snooze"))
        b.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        b.setPopupMode(QToolButton.InstantPopup)
        b.setToolTip("Hide this until tomorrow or next week")
        b.setAccessibleName(f"Snooze: {self.accessibleName()}")
        menu = QMenu(b)
        menu.setObjectName("snoozeMenu")
        for text, days in SNOOZE_CHOICES.items():
            action = menu.addAction(f"For {text}")
            action.setObjectName(f"snooze{days}")
            action.setData(days)
            action.triggered.connect(lambda checked=False, d=days: on_snooze(self.ref, d))
        b.setMenu(menu)
        self.buttons.addWidget(b)
        return b


class TodayPage(RefreshingPage):
    """Self-contained: give it the window's AppEvents; it refreshes on their signals."""

    item_done = Signal(str)  # the ref of an item marked done
    item_snoozed = Signal(str)
    loaded = Signal()  # a read came back and the rows show it

    def __init__(self, events, today=None, parent: QWidget | None = None):
        super().__init__(events, today, parent)
        self.setObjectName("todayPage")
        self.setAccessibleName("Today")
        self.overview = None  # the last services.today.TodayOverview read
        self.history = UndoHistory.of(events) if events is not None else None
        self._undo_entry: int | None = None  # the journal entry the Undo button takes back
        self._rows: list[TodayRow] = []
        if events is not None:
            events.today_changed.connect(self._on_events_changed)
            self.history.changed.connect(self._update_undo_button)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        header = QWidget()
        header.setObjectName("todayHeader")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(20, 16, 20, 8)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(heading("Today", object_name="todayTitle"))
        self.date_label = muted_label("", object_name="todayDate")
        titles.addWidget(self.date_label)
        hl.addLayout(titles)
        hl.addStretch(1)
        self.summary_label = plain_label("", object_name="todaySummary")
        self.summary_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        hl.addWidget(self.summary_label)
        outer.addWidget(header)

        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        ul = QHBoxLayout(self.undo_bar)
        ul.setContentsMargins(20, 0, 20, 4)
        self.undo_label = muted_label("", object_name="undoText")
        ul.addWidget(self.undo_label, 1)
        self.undo_button = button("Undo", "undo", object_name="undoButton", tip="Bring the item back")
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        ul.addWidget(self.undo_button)
        self.undo_bar.setVisible(False)
        outer.addWidget(self.undo_bar)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("todayScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        body.setObjectName("todayBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(20, 4, 20, 20)
        self.body_layout.setSpacing(12)

        self.empty = QWidget()
        self.empty.setObjectName("todayEmpty")
        el = QVBoxLayout(self.empty)
        el.setContentsMargins(0, 40, 0, 0)
        el.addWidget(icon_label("today", 48, theme.muted_text()), 0, Qt.AlignHCenter)
        empty_title = plain_label(EMPTY_TITLE, object_name="todayEmptyTitle", type_step="title")
        el.addWidget(empty_title, 0, Qt.AlignHCenter)
        self.empty_label = muted_label(EMPTY_TEXT, object_name="todayEmptyText", wrap=True)
        self.empty_label.setAlignment(Qt.AlignHCenter)
        self.empty_label.setMaximumWidth(520)
        # Centred by stretches, not by alignment: an aligned word-wrapped label loses its last lines.
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.empty_label, 10)
        centre.addStretch(1)
        el.addLayout(centre)
        self.body_layout.addWidget(self.empty)

        self.sections: dict[str, Section] = {}
        for key, title, icon_name, hint in SECTIONS:
            section = Section(key, title, icon_name, hint)
            self.sections[key] = section
            self.body_layout.addWidget(section)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.reader = workers.Reader(self, self._on_read_done, self._on_read_failed, name="today")
        # The first read waits for the first paint: the read is Python on another thread, and sharing
        # the interpreter with it slowed the window's first paint on 100k contacts (~0.76 -> ~0.93 s from
        # launch). If no paint comes (a window started minimised), it starts anyway soon after.
        self._first_read_waits = True
        QTimer.singleShot(FIRST_READ_LATEST_MS, self._begin_reading)
        self._show_loading()
        self.refresh()

    # --- reading ---------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether a read is under way or due (the rows shown may be stale or still "Loading…")."""
        return self.reader.loading or self._first_read_waits

    def refresh(self) -> None:
        """Read Today again in the worker; while one read runs, a newer request waits for it and wins."""
        self._mark_fresh()
        self._set_date(self.today())
        if not self._first_read_waits:
            self._start_read()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._first_read_waits:
            QTimer.singleShot(0, self._begin_reading)  # once this paint is on screen

    def _begin_reading(self) -> None:
        if not self._first_read_waits or not shiboken6.isValid(self):
            return
        self._first_read_waits = False
        self._start_read()

    def _start_read(self) -> None:
        today = self.today()
        # On the worker thread: plain values only, never a widget.
        self.reader.request(lambda: _today_service().today_overview(today))

    def _on_read_done(self, overview) -> None:
        self._fill(overview)
        self.loaded.emit()

    def _on_read_failed(self, exc: BaseException) -> None:
        from desktop.ui import errors

        if errors.is_bug(exc):
            errors.report_bug(exc)
        self.summary_label.setText(f"Could not read Today: {exc}")
        self.summary_label.setAccessibleName(self.summary_label.text())
        for section in self.sections.values():
            if section.property("loading"):
                self._set_section_loading(section, False)
                section.set_count(0)

    def _set_date(self, today: dt.date) -> None:
        self.date_label.setText(f"{calendar.day_name[today.weekday()]} {today.day} {calendar.month_name[today.month]}")

    def _show_loading(self) -> None:
        """Every section titled, with "Loading…" in place of its rows, until the first read is back."""
        self.summary_label.setText(LOADING_TEXT)
        self.summary_label.setAccessibleName("Today is loading")
        self.empty.setVisible(False)
        for section in self.sections.values():
            self._set_section_loading(section, True)

    def _set_section_loading(self, section: Section, loading: bool) -> None:
        clear_layout(section.rows)
        section.setProperty("loading", loading)
        if loading:
            section.rows.addWidget(muted_label(LOADING_TEXT, object_name="loadingLabel"))
            section.count_label.setText("")
            section.setAccessibleName(f"{section.title}: loading")
            section.setVisible(True)

    def _fill(self, overview) -> None:
        self.overview = overview
        today = overview.today
        self._set_date(today)
        n = overview.count
        self._set_summary(n)
        groups: dict[str, list] = {key: [] for key, *_ in SECTIONS}
        for it in overview.items:
            groups[it.kind].append(it)
        groups["ask"] = list(overview.asks)
        groups["intro"] = list(overview.introductions)
        self._rows = []
        for key, section in self.sections.items():
            section.setProperty("loading", False)
            clear_layout(section.rows)
            rows = groups[key]
            for entry in rows[:ROW_LIMIT]:
                row = self._row(key, entry, today)
                section.rows.addWidget(row)
                self._rows.append(row)
            if len(rows) > ROW_LIMIT:
                more = muted_label(f"…and {len(rows) - ROW_LIMIT} more", object_name="moreLabel")
                section.rows.addWidget(more)
            section.set_count(len(rows))
        self.empty.setVisible(n == 0)
        self._lay_out_now()

    def _lay_out_now(self) -> None:
        """Lay the new rows out before the next paint: left to the layout's own pass, one frame shows
        them squashed into the sizes of the "Loading…" sections."""
        body = self.scroll.widget()
        for section in self.sections.values():
            section.layout().activate()
        body.layout().activate()
        QApplication.sendPostedEvents(None, QEvent.LayoutRequest)

    def _set_summary(self, n: int) -> None:
        self.summary_label.setText("Nothing to do" if n == 0 else f"{n} thing{'s' if n != 1 else ''} to do")
        self.summary_label.setAccessibleName(self.summary_label.text())

    def _take_row(self, ref: str) -> None:
        """Take an acted-on item off the list at once; the read that follows confirms it."""
        row = self.row_for(ref)
        if row is None:
            return
        self._rows.remove(row)
        section = self.sections[row.kind]
        section.rows.removeWidget(row)
        row.setParent(None)
        row.deleteLater()
        section.set_count(max(section.count() - 1, 0))
        n = sum(s.count() for s in self.sections.values())
        self._set_summary(n)
        self.empty.setVisible(n == 0)

    def item_refs(self) -> list[str]:
        """The refs of the items shown, top to bottom (for tests and the window)."""
        return [row.ref for row in self._rows]

    def section_counts(self) -> dict[str, int]:
        return {key: s.count() for key, s in self.sections.items() if not s.isHidden()}

    def row_for(self, ref: str) -> TodayRow | None:
        for row in self._rows:
            if row.ref == ref:
                return row
        return None

    # --- building rows ---------------------------------------------------------------

    def _row(self, key: str, entry, today: dt.date) -> TodayRow:
        if key == "ask":
            row = TodayRow(entry.ref, key, entry.reason, "")
            b = row.add_button("logButton", "Log ask…", f"Log an ask of {entry.contact}", "ask")
            b.clicked.connect(lambda: self.log_in_place("ask", [entry.contact_id]))
        elif key == "intro":
            return self._intro_row(entry)
        else:
            # "Owe" is always due today: saying so adds nothing.
            row = TodayRow(entry.ref, key, entry.reason, "" if key == "owe" else due_text(entry.due, today))
            self._log_button(row, key, entry)
        row.text_label.setToolTip(plain_tooltip(row.accessibleName()))
        done_text = {"check_in": "Checked in", "promised": "Kept"}.get(key, "Done")
        done_tip = {
            "check_in": "You were in touch: logs a check-in today",
            "promised": "You gave what you promised: it now counts as given",
        }.get(key, "Done: take it off the list")
        b = row.add_button("doneButton", done_text, done_tip, "done")
        b.clicked.connect(lambda: self.mark_done(row.ref))
        row.add_snooze(self.snooze)
        return row

    def _intro_row(self, entry) -> TodayRow:
        """An introduction to make: the reason with the words that matched in bold; Introduce… (the
        dialog, prefilled), Not now (off the list for two weeks, lower when it comes back) and Not a
        match (never this pair, nor pairs like it)."""
        row = TodayRow(entry.ref, "intro", f"Introduce {entry.a} and {entry.b}", "")
        row.text_label.setToolTip(plain_tooltip(f"{row.accessibleName()}\n{entry.because}"))
        # One line: a wrapping label's height here follows its size hint (a narrow guess: the title of
        # "Wei Zhang and Isabela Costa" took three lines' room), the reason below wraps.
        row.text_label.setWordWrap(False)
        row.text_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        reason = emphasised_label(entry.because, entry.emphasis, object_name="itemReason", tone="muted")
        row.text_box.setSpacing(2)
        row.text_box.addWidget(reason)
        b = row.add_button("introduceButton", "Introduce…", f"Introduce {entry.a} and {entry.b}: the dialog, "
                           "filled in", "introduction")  # fmt: skip
        b.clicked.connect(lambda: self.introduce(entry))
        b = row.add_button("notNowButton", "Not now", "Not now: off the list for two weeks, lower when it comes "
                           "back", "snooze")  # fmt: skip
        b.clicked.connect(lambda: self.intro_feedback(entry, "not_now"))
        b = row.add_button("notAMatchButton", "Not a match", "They are not a match: never suggest this pair, nor "
                           "pairs like it", "remove")  # fmt: skip
        b.clicked.connect(lambda: self.intro_feedback(entry, "not_a_match"))
        return row

    def _log_button(self, row: TodayRow, key: str, entry) -> None:
        cid = entry.contact_id
        if key == "owe":
            b = row.add_button("logButton", "Give back…", f"Log something you gave {entry.contact}", "given")
            b.clicked.connect(lambda: self.log_in_place("exchange", [cid]))
        elif key == "promised" or (key == "thank" and entry.ref.startswith("outcome:")):
            exchange_id = int(entry.ref.split(":")[2])
            text = "Note outcome…" if key == "thank" else "Edit…"
            b = row.add_button("logButton", text, "Open the exchange to change its status or note its outcome", "edit")
            b.clicked.connect(lambda: self.edit_exchange(exchange_id))
        else:
            text = {"thank": "Log thanks…", "birthday": "Log wishes…"}.get(key, "Log…")
            b = row.add_button("logButton", text, f"Log a meeting, call, email or message with {entry.contact}",
                               "note")  # fmt: skip
            b.clicked.connect(lambda: self.log_in_place("interaction", [cid]))

    # --- acting ---------------------------------------------------------------------

    def mark_done(self, ref: str) -> None:
        try:
            changed = _today_service().mark_done(ref, self.today())
        except RapportError as exc:
            self._show_problem(str(exc))
            return
        # A logged check-in or a kept promise is taken back from the timeline or with Edit → Undo.
        undoable = not changed
        self._after_action(ref, "Marked done" if undoable else "Logged", undoable)
        self.item_done.emit(ref)
        if changed and self.events is not None:
            self.events.timeline_changed.emit(changed)
        self.refresh()  # after the signals: the refresh they ask for is this one

    def snooze(self, ref: str, days: int) -> None:
        try:
            until = _today_service().snooze(ref, days, self.today())
        except RapportError as exc:
            self._show_problem(str(exc))
            return
        self._after_action(ref, f"Snoozed until {_day(until)}", True)
        self.item_snoozed.emit(ref)
        self.refresh()

    def introduce(self, entry) -> None:
        """Open the introduction dialog with both people and the reason filled in; logged, the item goes."""
        from desktop.ui.dialogs.timeline_dialogs import IntroductionDialog

        dialog = IntroductionDialog(self, self.events, entry.a_id, entry.b_id, why=entry.because)
        dialog.accepted.connect(lambda: self._after_action(entry.ref, "Introduction logged", True))
        self.intro_dialog = dialog
        dialog.open()

    def intro_feedback(self, entry, kind: str) -> None:
        """Not now, or not a match: journalled (Undo here or Edit → Undo takes it back)."""
        service = _introductions_service()
        try:
            (service.not_now if kind == "not_now" else service.not_a_match)(entry.a_id, entry.b_id, self.today())
        except RapportError as exc:
            self._show_problem(str(exc))
            return
        self._after_action(entry.ref, "Not now" if kind == "not_now" else "Not a match", True)
        self.refresh()

    def log_in_place(self, what: str, contact_ids: list[int]) -> None:
        """Open the log dialog for these people; the dialog tells the window, the window tells us."""
        from desktop.ui import dialogs

        if what == "interaction":
            dialogs.log_interaction(self, self.events, contact_ids)
        elif what == "ask":
            dialogs.log_exchange(self, self.events, contact_ids, kind="ask")
        else:
            dialogs.log_exchange(self, self.events, contact_ids)

    def edit_exchange(self, exchange_id: int) -> None:
        from desktop.ui import dialogs

        dialogs.edit_timeline_entry(self, self.events, "exchange", exchange_id)

    def _after_action(self, ref: str, what: str, undoable: bool) -> None:
        """Say what was done (with Undo when it can be taken back) and take the item off the list."""
        row = self.row_for(ref)
        text = row.accessibleName() if row is not None else ""
        pushed = self.history.sync() if self.history is not None else []
        self._undo_entry = pushed[-1] if pushed and undoable else None
        self.undo_label.setText(f"{what}: {text}" if text else what)
        self.undo_bar.setVisible(True)
        self._update_undo_button()
        self._take_row(ref)

    def _update_undo_button(self) -> None:
        """Undo shows while the step it takes back is the history's next to undo."""
        top = self.history is not None and self._undo_entry is not None and self.history.top_entry() == self._undo_entry
        self.undo_button.setVisible(bool(top))
        self.undo_button.setEnabled(bool(top) and self.history.can_undo())

    def _show_problem(self, message: str) -> None:
        self._undo_entry = None
        self.undo_label.setText(message)
        self.undo_button.setVisible(False)
        self.undo_bar.setVisible(True)

    def _on_undo_button_clicked(self) -> None:
        if self.history is not None and self.history.top_entry() == self._undo_entry:
            self.history.undo()  # when it lands, today_changed reads the list again
        self._undo_entry = None
        self.undo_bar.setVisible(False)
