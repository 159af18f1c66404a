"""The Today page, where the window opens: first things first. At most twelve people's things to do
today, ranked (``services.today``: what is at stake, how close the person is, how overdue), each
person one row with their avatar and name (which opens the contact) and a line per thing saying why
in context; then "Show all (N)" for the rest, grouped by kind, each group folding away.

Each thing can be acted on in place (its buttons say what they do for its kind), marked done or
snoozed (a day or a week); done and snooze are steps of the window's undo history, and the Undo in
the overlay at the bottom takes the last one back through it (the overlay floats: the page does not
move). The page reads everything from ``services.today.today_overview`` in a worker
(``desktop.ui.workers``): it shows at once with "Loading…", keeps the rows it has while a refresh
runs, and a newer refresh supersedes an older one (whose result is dropped).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QPushButton, QScrollArea, QWidget

from desktop.domain import today as today_rules
from desktop.domain.errors import RapportError
from desktop.ui import style, workers
from desktop.ui.style import colors
from desktop.ui.controllers.undo import UndoHistory
from desktop.ui.pages.common import RefreshingPage, clear_layout, icon_label
from desktop.ui.pages.today_rows import (
    KindGroup,
    PersonRow,
    TodayRow,
    UndoOverlay,
    day,
    due_text,
)
from desktop.ui.style.surfaces import Card
from desktop.ui.text import button, emphasised_label, heading, muted_label, plain_label, plain_tooltip

__all__ = ["TodayPage", "TodayRow", "due_text", "register_line"]

ROW_LIMIT = 25  # rows per group behind "Show all"; the rest is counted, not drawn
FIRST_READ_LATEST_MS = 300  # the first read starts at the first paint, or after this at the latest


def _today_service():
    """services.today, imported when first needed: Today is the landing page and the import (~20 ms)
    need not come before the window's first paint; the first read imports it on the worker thread."""
    from desktop.services import today

    return today


def _introductions_service():
    from desktop.services import introductions

    return introductions


# (key, title, icon, hint): the groups behind "Show all", in this order
SECTIONS = [
    ("follow_up", "Follow-ups", "event", "People you met at an event: a word within two days keeps the door open."),
    ("thank", "Thanks and outcomes", "referral", "Referrals you received: thank the person, then note what came of it."),
    ("promised", "Promises to keep", "favour", "Favours you promised. Mark them kept once given: then they count."),
    ("owe", "Give back", "given", "They have given more than you lately: time to give back."),
    ("intro", "Introductions to make", "introduction", "One needs what the other offers."),
    ("check_in", "Check-ins due", "check_in", "People in your keep-in-touch circles you have not been in touch with."),
    ("birthday", "Birthdays", "birthday", "This week."),
    ("ask", "Asks you can make", "ask", "For every ask, give about three times: these relationships can bear one."),
]

# What a thing's buttons say and do, by kind: (primary text, its icon, what it does, done text, done tip).
# "interaction" logs a meeting, call, email or message; "exchange" something given; "ask" an ask;
# "edit" opens the exchange the thing is about.
ACTIONS = {
    "follow_up": ("Log follow-up…", "note", "interaction", "Mark followed up", "You followed up: take it off the list"),
    "thank": ("Log thanks…", "note", "interaction", "Mark thanked", "You thanked them: take it off the list"),
    "outcome": ("Note outcome…", "edit", "edit", "Mark noted", "Nothing to note: take it off the list"),
    "promised": ("Open promise…", "edit", "edit", "Mark kept", "You gave what you promised: it now counts as given"),
    "birthday": ("Log wishes…", "note", "interaction", "Mark wished", "You wished them well: take it off the list"),
    "check_in": ("Log contact…", "note", "interaction", "Checked in", "You were in touch: logs a check-in today"),
    "owe": ("Give back…", "given", "exchange", "Not now", "Hide this until they give you something again"),
    "ask": ("Log the ask…", "ask", "ask", "Not now", "Hide this until you give them something again"),
}

FIRST_SUBTITLE = "What matters most today: promises and thanks before birthdays, the people closest to you, what is overdue."
LOADING_TEXT = "Loading…"
EMPTY_TITLE = "Nothing is due today."
EMPTY_TEXT = (
    "Today tells you whom to follow up with after an event, whom to thank for a referral, "
    "whom you owe, who is due a check-in and whom to introduce to whom. "
    "Log what happens with people, put those you want to keep close in a circle "
    "(inner, close, active, wider), and note what they need and offer."
)

# kind -> build(page, thing, today) -> TodayRow: a kind's own line (see register_line)
_LINE_BUILDERS: dict = {}


def register_line(kind: str, build) -> None:
    """Give a kind of thing its own line: ``build(page, thing, today)`` returns a ``TodayRow`` with
    its buttons (the page lines their columns up). Introductions are built this way."""
    _LINE_BUILDERS[kind] = build


def _intro_line(page: TodayPage, thing, today: dt.date) -> TodayRow:
    """An introduction to make: the reason with the words that matched in bold; Introduce… (the dialog,
    prefilled), Not now (off the list for two weeks, lower when it comes back) and Not a match (never
    this pair, nor pairs like it)."""
    entry = thing.intro
    row = TodayRow(thing.ref, "intro", f"Introduce {entry.a} and {entry.b}")
    row.text_label.setToolTip(plain_tooltip(f"{row.accessibleName()}\n{entry.because}"))
    reason = emphasised_label(entry.because, entry.emphasis, object_name="itemReason", tone="muted")
    row.text_box.insertWidget(1, reason)
    b = row.add_button("introduceButton", "Introduce…", f"Introduce {entry.a} and {entry.b}: the dialog, "
                       "filled in", "introduction")  # fmt: skip
    b.clicked.connect(lambda: page.introduce(entry))
    b = row.add_button("notNowButton", "Not now", "Not now: off the list for two weeks, lower when it comes "
                       "back", "snooze")  # fmt: skip
    b.clicked.connect(lambda: page.intro_feedback(entry, "not_now"))
    b = row.add_button("notAMatchButton", "Not a match", "They are not a match: never suggest this pair, nor "
                       "pairs like it", "remove")  # fmt: skip
    b.clicked.connect(lambda: page.intro_feedback(entry, "not_a_match"))
    return row


register_line("intro", _intro_line)


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
        self._lines: dict[str, TodayRow] = {}
        self._rows: list[PersonRow] = []
        self._things: list = []  # what is on the list now (a thing acted on leaves it at once)
        self._rest_built = False
        if events is not None:
            events.today_changed.connect(self._on_events_changed)
            events.needs_changed.connect(self._on_events_changed)
            self.history.changed.connect(self._update_undo_button)

        outer = style.vbox(self)
        header = QWidget()
        header.setObjectName("todayHeader")
        hl = style.hbox(header, spacing=style.Space.M)
        style.set_margins(hl, style.Space.XL, style.Space.L)
        titles = style.vbox(spacing=style.Space.XXS)
        titles.addWidget(heading("Today", object_name="todayTitle"))
        self.date_label = muted_label("", object_name="todayDate")
        titles.addWidget(self.date_label)
        hl.addLayout(titles)
        hl.addStretch(1)
        self.summary_label = plain_label("", object_name="todaySummary")
        self.summary_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        hl.addWidget(self.summary_label)
        outer.addWidget(header)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("todayScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        body.setObjectName("todayBody")
        self.body_layout = style.vbox(body, spacing=style.Space.M)
        # Room at the bottom: the Undo overlay never covers the last row's buttons.
        self.body_layout.setContentsMargins(style.Space.XL, style.Space.XS, style.Space.XL, 96)

        self.empty = QWidget()
        self.empty.setObjectName("todayEmpty")
        el = style.vbox(self.empty, spacing=style.Space.S)
        el.setContentsMargins(0, 40, 0, 0)
        el.addWidget(icon_label("today", 48, colors.muted_text()), 0, Qt.AlignHCenter)
        el.addWidget(plain_label(EMPTY_TITLE, object_name="todayEmptyTitle", type_step="title"), 0, Qt.AlignHCenter)
        self.empty_label = muted_label(EMPTY_TEXT, object_name="todayEmptyText", wrap=True)
        self.empty_label.setAlignment(Qt.AlignHCenter)
        self.empty_label.setMaximumWidth(520)
        # Centred by stretches, not by alignment: an aligned word-wrapped label loses its last lines.
        centre = style.hbox()
        centre.addStretch(1)
        centre.addWidget(self.empty_label, 10)
        centre.addStretch(1)
        el.addLayout(centre)
        self.body_layout.addWidget(self.empty)

        self.first = Card("First things", subtitle=FIRST_SUBTITLE, icon_name="today", object_name="todayFirst")
        self.first.body.setSpacing(style.Space.XS)
        self.body_layout.addWidget(self.first)

        self.show_all = button("Show all", "add", object_name="todayShowAll", tip="The rest of today's list, by kind")
        self.show_all.setCheckable(True)
        self.show_all.toggled.connect(self._on_show_all_toggled)
        self.body_layout.addWidget(self.show_all, 0, Qt.AlignLeft)

        self.rest = QWidget()
        self.rest.setObjectName("todayRest")
        self.rest_layout = style.vbox(self.rest, spacing=style.Space.M)
        self.sections: dict[str, KindGroup] = {}
        for key, title, icon_name, hint in SECTIONS:
            group = KindGroup(key, title, icon_name, hint)
            self.sections[key] = group
            self.rest_layout.addWidget(group)
        self.rest.setVisible(False)
        self.body_layout.addWidget(self.rest)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

        self.undo_bar = UndoOverlay(self)
        self.undo_label = self.undo_bar.label
        self.undo_button = self.undo_bar.undo_button
        self.undo_button.clicked.connect(self._on_undo_button_clicked)

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

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.undo_bar.isVisible():
            self.undo_bar.place()

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
        clear_layout(self.first.body)
        self.first.setVisible(False)

    def _set_date(self, today: dt.date) -> None:
        self.date_label.setText(f"{calendar.day_name[today.weekday()]} {today.day} {calendar.month_name[today.month]}")

    def _show_loading(self) -> None:
        """The first card with "Loading…" in place of its rows, until the first read is back."""
        self.summary_label.setText(LOADING_TEXT)
        self.summary_label.setAccessibleName("Today is loading")
        self.empty.setVisible(False)
        self.show_all.setVisible(False)
        clear_layout(self.first.body)
        self.first.body.addWidget(muted_label(LOADING_TEXT, object_name="loadingLabel"))
        self.first.setVisible(True)

    # --- filling -----------------------------------------------------------------------

    def _fill(self, overview) -> None:
        self.overview = overview
        self._set_date(overview.today)
        self._things = list(overview.things)
        self._lines = {}
        self._rows = []
        clear_layout(self.first.body)
        for row_things in overview.first:
            self.first.body.addWidget(self._person_row(row_things, overview.today))
        for group in self.sections.values():
            clear_layout(group.rows)
        self._rest_built = False
        if self.show_all.isChecked():
            self._build_rest()
        self._update_counts()
        self._align_buttons()
        self._lay_out_now()

    def _build_rest(self) -> None:
        """The groups behind "Show all": built when first shown (a long list costs nothing until then)."""
        o = self.overview
        if o is None or self._rest_built:
            return
        self._rest_built = True
        shown = {t.ref for row in o.first for t in row}
        rest = [t for t in self._things if t.ref not in shown]
        for key, group in self.sections.items():
            clear_layout(group.rows)
            things = [t for t in rest if t.kind == key]
            rows, _ = today_rules.first_things(things, lambda t: t.person, limit=ROW_LIMIT)
            for row_things in rows:
                group.rows.addWidget(self._person_row(row_things, o.today))
            drawn = sum(len(r) for r in rows)
            if len(things) > drawn:
                group.rows.addWidget(muted_label(f"…and {len(things) - drawn} more", object_name="moreLabel"))
        self._update_counts()
        self._align_buttons()

    def _update_counts(self) -> None:
        """The summary, "Show all (N)" and each group's count, from what is on the list now."""
        n = len(self._things)
        self.summary_label.setText("Nothing to do" if n == 0 else f"{n} thing{'s' if n != 1 else ''} to do")
        self.summary_label.setAccessibleName(self.summary_label.text())
        first_rows = self.person_rows()
        first_refs = {line.ref for row in first_rows for line in row.findChildren(TodayRow)}
        rest = [t for t in self._things if t.ref not in first_refs]
        self.show_all.setText("Show less" if self.show_all.isChecked() else f"Show all ({len(rest)})")
        self.show_all.setAccessibleName(f"Show all: {len(rest)} more")
        self.show_all.setVisible(bool(rest) or self.show_all.isChecked())
        by_kind = Counter(t.kind for t in rest)
        for key, group in self.sections.items():
            group.set_count(by_kind.get(key, 0))
        self.first.setAccessibleName(f"First things: {len(first_rows)}")
        self.first.setVisible(bool(first_rows))
        self.empty.setVisible(n == 0)

    def _person_row(self, things: list, today: dt.date) -> PersonRow:
        lead = things[0]
        if lead.intro is not None:
            people = [(lead.intro.a_id, lead.intro.a), (lead.intro.b_id, lead.intro.b)]
        else:
            people = [(lead.contact_id, lead.contact)]
        row = PersonRow(people, self.open_contact)
        for thing in things:
            line = self._line(thing, today)
            row.add_line(line)
            self._lines[thing.ref] = line
        self._rows.append(row)
        return row

    def _line(self, thing, today: dt.date) -> TodayRow:
        build = _LINE_BUILDERS.get(thing.kind)
        if build is not None:
            return build(self, thing, today)
        kind = "outcome" if thing.ref.startswith("outcome:") else thing.kind
        when = due_text(thing.due, today) if kind in ("follow_up", "thank", "outcome", "promised") else ""
        row = TodayRow(thing.ref, thing.kind, thing.title, thing.why, when)
        text, icon_name, does, done_text, done_tip = ACTIONS[kind]
        cid, name = thing.contact_id, thing.contact
        tips = {
            "interaction": f"Log a meeting, call, email or message with {name}",
            "exchange": f"Log something you gave {name}",
            "ask": f"Log an ask of {name}",
            "edit": "Open the exchange to change its status or note its outcome",
        }
        b = row.add_button("logButton", text, tips[does], icon_name)
        if does == "edit":
            b.clicked.connect(lambda: self.edit_exchange(thing.exchange_id))
        else:
            b.clicked.connect(lambda: self.log_in_place(does, [cid]))
        b = row.add_button("doneButton", done_text, done_tip, "done")
        b.clicked.connect(lambda: self.mark_done(row.ref))
        row.add_snooze(self.snooze)
        return row

    def _align_buttons(self) -> None:
        """Every button of a column (primary, done, Snooze) as wide as the widest: they line up from
        row to row and group to group."""
        columns: dict[int, list[QPushButton]] = {}
        for line in self._lines.values():
            for b in line.findChildren(QPushButton):
                columns.setdefault(b.property("column") or 0, []).append(b)
        for buttons in columns.values():
            if buttons:
                width = max(b.sizeHint().width() for b in buttons)
                for b in buttons:
                    b.setMinimumWidth(width)

    def _lay_out_now(self) -> None:
        """Lay the new rows out before the next paint: left to the layout's own pass, one frame shows
        them squashed into the size of the "Loading…" card."""
        for w in (self.first, self.rest, self.scroll.widget()):
            w.layout().activate()
        QApplication.sendPostedEvents(None, QEvent.LayoutRequest)

    def _on_show_all_toggled(self, shown: bool) -> None:
        if shown:
            self._build_rest()
        self.rest.setVisible(shown)
        self._update_counts()
        self._lay_out_now()

    def _take_row(self, ref: str) -> None:
        """Take an acted-on thing off the list at once; the read that follows confirms it."""
        self._things = [t for t in self._things if t.ref != ref]
        line = self._lines.pop(ref, None)
        if line is not None:
            row = line.parentWidget()
            line.setParent(None)
            line.deleteLater()
            if isinstance(row, PersonRow) and not row.findChildren(TodayRow):
                self._rows.remove(row)
                row.setParent(None)
                row.deleteLater()
        self._update_counts()

    # --- what tests and the window read ------------------------------------------------

    def item_refs(self) -> list[str]:
        """The refs of the things shown, top to bottom (the first rows, then the groups when built)."""
        out = []
        for row in self._rows:
            out += [line.ref for line in row.findChildren(TodayRow)]
        return out

    def section_counts(self) -> dict[str, int]:
        """How many things of each kind are on the list (the first rows and the rest together)."""
        return dict(Counter(t.kind for t in self._things))

    def row_for(self, ref: str) -> TodayRow | None:
        return self._lines.get(ref)

    def person_rows(self) -> list[PersonRow]:
        """The first rows (``todayItem``), top to bottom."""
        return [row for row in self._rows if self.first.isAncestorOf(row)]

    # --- acting ---------------------------------------------------------------------

    def open_contact(self, contact_id: int) -> None:
        if self.events is not None:
            self.events.contact_requested.emit(contact_id)

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
        self._after_action(ref, f"Snoozed until {day(until)}", True)
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
        """Say what was done (with Undo when it can be taken back) and take the thing off the list."""
        line = self.row_for(ref)
        row = line.parentWidget() if line is not None else None
        # (An introduction's line names both people already.)
        who = f"{row.accessibleName()}: " if isinstance(row, PersonRow) and len(row.people) == 1 else ""
        text = f"{who}{line.accessibleName()}" if line is not None else ""
        pushed = self.history.sync() if self.history is not None else []
        self._undo_entry = pushed[-1] if pushed and undoable else None
        self._update_undo_button()
        self.undo_bar.say(f"{what}: {text}" if text else what)
        self._take_row(ref)

    def _update_undo_button(self) -> None:
        """Undo shows while the step it takes back is the history's next to undo."""
        top = self.history is not None and self._undo_entry is not None and self.history.top_entry() == self._undo_entry
        self.undo_button.setVisible(bool(top))
        self.undo_button.setEnabled(bool(top) and self.history.can_undo())

    def _show_problem(self, message: str) -> None:
        self._undo_entry = None
        self.undo_button.setVisible(False)
        self.undo_bar.say(message)

    def _on_undo_button_clicked(self) -> None:
        if self.history is not None and self.history.top_entry() == self._undo_entry:
            self.history.undo()  # when it lands, today_changed reads the list again
        self._undo_entry = None
        self.undo_bar.setVisible(False)
