"""The Groups & Events page: the networks you belong to and the events you go to, on the left; the one
chosen on the right. A group shows its kind, fee, members and the events it held, and what it cost
(hours, money) against what came back from its members over 12 months, drawn month by month. An event
shows its date, place, hours and cost and the people met there, to whom more are added in one step
(type names, pick several, Add).

Everything is read on a worker (``workers.Reader``: the lists, then the detail of what is chosen) and
refreshed on the window's data signals. Changes go through ``services.groups``, which journals them:
Edit → Undo takes back a new, edited or deleted group or event, and a deleted one waits in the trash.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QWidget,
)

from desktop.domain.kinds import EVENT, GROUP
from desktop.domain.money import format_money
from desktop.domain.words import count_of
from desktop.services import group_reports
from desktop.services import groups as groups_service
from desktop.ui import icons, style, workers
from desktop.ui.models.group_models import EventsModel, GroupsModel, PeopleModel, day_words
from desktop.ui.models.rows import ID_ROLE, RowsTableModel
from desktop.ui.pages.common import RefreshingPage
from desktop.ui.pages.group_chart import ReturnChart
from desktop.ui.style.surfaces import Card
from desktop.ui.text import button, heading, link_label, muted_label, plain_label
from desktop.ui.widgets.contact_picker import ContactPicker, ServiceContactSource, Suggestion

LEFT_WIDTH = 430


def _table(object_name: str, model: RowsTableModel, accessible: str, stretch: int = 0, tip: str = "") -> QTableView:
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setAccessibleName(accessible)
    view.setToolTip(tip or accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSortingEnabled(True)  # (which sorts at once by the header's default indicator)
    view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # the service's order until a click
    model.clear_sort()
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    return view


def _fit(view: QTableView, rows_visible: int) -> None:
    """As tall as its rows (up to ``rows_visible``, then it scrolls): no card is half empty."""
    rows = min(max(view.model().rowCount(), 1), rows_visible)
    height = view.horizontalHeader().sizeHint().height() + view.verticalHeader().defaultSectionSize() * rows
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


def return_words(r: groups_service.GroupReturn, fee_cents: int) -> str:
    """The 12 months of a group in a sentence: what went in, what came back."""
    put_in = [f"{count_of(r.hours, 'hour')} at {count_of(r.events, 'event')}", f"{format_money(r.money_cents)} in money"]
    fee = f" ({format_money(fee_cents)} of it the yearly fee)" if fee_cents else ""
    back = [count_of(n, w) for n, w in ((r.referrals, "referral"), (r.introductions, "introduction"),
                                        (r.business, "deal"), (r.favours, "favour")) if n]  # fmt: skip
    came = ", ".join(back) + f" (weight {r.received_weight})" if back else (
        f"weight {r.received_weight}" if r.received_weight else "nothing yet")  # fmt: skip
    return f"Put in: {' and '.join(put_in)}{fee}. Came back from its members: {came}."


class NotMetYet(ServiceContactSource):
    """The picker's suggestions without the people already met at the event shown."""

    def __init__(self, met: Callable[[], set[int]]):
        self._met = met

    def search(self, text: str, limit: int) -> list[Suggestion]:
        met = self._met()
        return [s for s in super().search(text, limit + len(met)) if s.id not in met][:limit]


class GroupsEventsPage(RefreshingPage):
    """Give it the window's AppEvents; it refreshes on their signals. ``show_group`` / ``show_event``
    open one (the contact page's "How we met" link, a timeline's event)."""

    loaded = Signal()  # the lists came back and show
    detail_loaded = Signal()  # the chosen group or event came back and shows
    contact_requested = Signal(int)  # a person was double-clicked: show them on the Contacts page

    def __init__(self, events, today=None, parent: QWidget | None = None, *,
                 on_failure: Callable[[str, BaseException], None] | None = None):  # fmt: skip
        super().__init__(events, today, parent)
        self.setObjectName("groupsPage")
        self.setAccessibleName("Groups and events")
        self.on_failure = on_failure or self._show_failure
        self.chosen: tuple[str, int] | None = None  # (GROUP or EVENT, id) shown on the right
        self.detail = None  # its group_reports.GroupDetail or EventDetail
        self.reader = workers.Reader(self, self._on_read_done, self._on_read_failed, name="groups")
        self.reader.loaded.connect(self.loaded)
        self.detail_reader = workers.Reader(self, self._on_detail_done, self._on_detail_failed, name="groups-detail")
        self.detail_reader.loaded.connect(self.detail_loaded)

        outer = style.vbox(self, spacing=style.Space.M)
        style.set_margins(outer, style.Space.L + style.Space.XS, style.Space.L)
        top = style.hbox(spacing=style.Space.S)
        titles = style.vbox(spacing=style.Space.XXS)
        titles.addWidget(heading("Groups & Events", object_name="groupsTitle"))
        titles.addWidget(muted_label("The networks you belong to, the events you go to and the people you meet "
                                     "there.", object_name="groupsSubtitle", wrap=True))  # fmt: skip
        top.addLayout(titles, 1)
        self.new_group_button = button("New group…", "group", object_name="newGroupButton",
                                       tip="Add a chamber, leads group, association or other network you belong to")
        self.new_event_button = button("New event…", "event", object_name="newEventButton",
                                       tip="Record an event and the people you met there")  # fmt: skip
        self.new_group_button.clicked.connect(self.new_group)
        self.new_event_button.clicked.connect(self.new_event)
        top.addWidget(self.new_group_button, 0, Qt.AlignBottom)
        top.addWidget(self.new_event_button, 0, Qt.AlignBottom)
        outer.addLayout(top)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("groupsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_lists())
        self.stack = QStackedWidget()
        self.stack.setObjectName("groupsDetail")
        self.hint = muted_label("Loading…", object_name="groupsHint", wrap=True)
        self.hint.setAlignment(Qt.AlignCenter)
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self._scrolled(self._build_group_panel(), "groupScroll"))
        self.stack.addWidget(self._scrolled(self._build_event_panel(), "eventScroll"))
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LEFT_WIDTH, 700])
        outer.addWidget(self.splitter, 1)
        self.refresh()

    # --- building ---------------------------------------------------------------------

    def _build_lists(self) -> QWidget:
        box = QWidget()
        box.setObjectName("groupsLists")
        box.setMinimumWidth(360)
        lay = style.vbox(box, spacing=style.Space.S)
        lay.setContentsMargins(0, 0, style.Space.S, 0)
        self.groups_title = plain_label("Groups", object_name="groupsListTitle", type_step="subtitle")
        lay.addWidget(self.groups_title)
        self.groups_model = GroupsModel(self)
        self.groups_table = _table("groupsTable", self.groups_model, "Groups",
                                   tip="The groups you belong to: choose one to see it; Enter edits, Delete moves it "
                                   "to the trash")  # fmt: skip
        for column in (1, 4):  # kind, last event: on the group's own panel
            self.groups_table.setColumnHidden(column, True)
        self.groups_table.selectionModel().selectionChanged.connect(self._on_groups_table_selection_changed)
        self.groups_table.activated.connect(lambda _i: self.edit_chosen())
        lay.addWidget(self.groups_table)
        self.groups_empty = muted_label("No groups yet. Add the chamber, leads group or association you belong to "
                                        "(New group…).", object_name="groupsEmpty", wrap=True)  # fmt: skip
        lay.addWidget(self.groups_empty)
        lay.addSpacing(style.Space.S)
        self.events_title = plain_label("Events", object_name="eventsListTitle", type_step="subtitle")
        lay.addWidget(self.events_title)
        self.events_model = EventsModel(self)
        self.events_table = _table("eventsTable", self.events_model, "Events", stretch=1,
                                   tip="The events you went to, newest first: choose one to see who you met; Enter "
                                   "edits, Delete moves it to the trash")  # fmt: skip
        for column in (2, 4, 5):  # group, hours, cost: on the event's own panel
            self.events_table.setColumnHidden(column, True)
        self.events_table.selectionModel().selectionChanged.connect(self._on_events_table_selection_changed)
        self.events_table.activated.connect(lambda _i: self.edit_chosen())
        lay.addWidget(self.events_table, 1)
        self.events_empty = muted_label("No events yet. Record the mixers, breakfasts and meetups you go to, and "
                                        "who you met there (New event…).", object_name="eventsEmpty", wrap=True)  # fmt: skip
        lay.addWidget(self.events_empty)
        lay.addStretch(0)
        for view in (self.groups_table, self.events_table):
            delete = QAction(icons.icon("trash"), "Move to trash", view)
            delete.setShortcut(QKeySequence.Delete)
            delete.setShortcutContext(Qt.WidgetShortcut)
            delete.triggered.connect(self.delete_chosen)
            view.addAction(delete)
        return box

    def _scrolled(self, panel: QWidget, name: str) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setObjectName(name)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(panel)
        return scroll

    def _head(self, lay, prefix: str) -> tuple:
        title = heading("", "title", object_name=f"{prefix}Name", wrap=True)
        facts = muted_label("", object_name=f"{prefix}Facts", wrap=True)
        lay.addWidget(title)
        lay.addWidget(facts)
        return title, facts

    def _buttons(self, lay, *specs) -> list:
        row = style.hbox(spacing=style.Space.S)
        made = []
        for text, icon_name, name, tip, slot in specs:
            b = button(text, icon_name, object_name=name, tip=tip)
            b.clicked.connect(slot)
            row.addWidget(b)
            made.append(b)
        row.addStretch(1)
        lay.addLayout(row)
        return made

    def _build_group_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("groupPanel")
        lay = style.vbox(panel, spacing=style.Space.M)
        lay.setContentsMargins(style.Space.M, 0, style.Space.XS, style.Space.M)
        self.group_title, self.group_facts = self._head(lay, "group")
        self.group_event_button, self.edit_group_button, self.delete_group_button = self._buttons(
            lay,
            ("New event…", "event", "groupNewEventButton", "Record an event of this group", self.new_event),
            ("Edit…", "edit", "editGroupButton", "Change its name, kind, fee or members", self.edit_chosen),
            ("Delete", "trash", "deleteGroupButton", "Move the group to the trash (its events stay; Ctrl+Z brings "
             "it back)", self.delete_chosen),
        )  # fmt: skip
        card = Card("What it cost and what came back", subtitle="The last 12 months. Above the line: what its "
                    "members gave you, by weight; below: the hours at its events.", object_name="returnCard",
                    padding=style.Space.M)  # fmt: skip
        self.return_label = plain_label("", object_name="returnSummary", wrap=True)
        card.body.addWidget(self.return_label)
        self.chart = ReturnChart()
        card.body.addWidget(self.chart)
        lay.addWidget(card)
        self.members_card = Card("Members", object_name="membersCard", padding=style.Space.M)
        self.members_model = PeopleModel(self)
        self.members_table = _table("membersTable", self.members_model, "Members",
                                    tip="Double-click or Enter opens the contact")
        self.members_table.activated.connect(self._on_people_activated)
        self.members_card.body.addWidget(self.members_table)
        self.members_empty = muted_label("No members yet: the people you meet at its events join it, or add them "
                                         "with Edit….", object_name="membersEmpty", wrap=True)  # fmt: skip
        self.members_card.body.addWidget(self.members_empty)
        lay.addWidget(self.members_card)
        self.group_events_card = Card("Events", object_name="groupEventsCard", padding=style.Space.M)
        self.group_events_model = EventsModel(self)
        self.group_events_table = _table("groupEventsTable", self.group_events_model, "Events of the group", 1,
                                         "Double-click or Enter opens the event")  # fmt: skip
        self.group_events_table.setColumnHidden(2, True)  # the group: this one
        self.group_events_table.activated.connect(
            lambda index: self.show_event(index.data(ID_ROLE)) if index.isValid() else None)  # fmt: skip
        self.group_events_card.body.addWidget(self.group_events_table)
        self.group_events_empty = muted_label("No events yet.", object_name="groupEventsEmpty")
        self.group_events_card.body.addWidget(self.group_events_empty)
        lay.addWidget(self.group_events_card)
        self.group_notes = plain_label("", object_name="groupNotes", wrap=True, selectable=True)
        lay.addWidget(self.group_notes)
        lay.addStretch(1)
        return panel

    def _build_event_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("eventPanel")
        lay = style.vbox(panel, spacing=style.Space.M)
        lay.setContentsMargins(style.Space.M, 0, style.Space.XS, style.Space.M)
        self.event_title, self.event_facts = self._head(lay, "event")
        self.event_group_link = link_label("", lambda: self._open_event_group(), object_name="eventGroupLink")
        lay.addWidget(self.event_group_link, 0, Qt.AlignLeft)
        self.edit_event_button, self.delete_event_button = self._buttons(
            lay,
            ("Edit…", "edit", "editEventButton", "Change the event, or who you met there", self.edit_chosen),
            ("Delete", "trash", "deleteEventButton", "Move the event to the trash (it leaves the people's "
             "timelines; Ctrl+Z brings it back)", self.delete_chosen),
        )  # fmt: skip
        self.people_card = Card("People met", object_name="peopleMetCard", padding=style.Space.M)
        add_row = style.hbox(spacing=style.Space.S)
        self.met_picker = ContactPicker(self, multiple=True, accessible_name="People met to add",
                                        placeholder="Type the names of people you met…",
                                        source=NotMetYet(lambda: {p.id for p in self.attendees_model.rows()}))  # fmt: skip
        self.met_picker.setObjectName("addMetPicker")
        self.met_picker.changed.connect(self._update_add_button)
        add_row.addWidget(self.met_picker, 1)
        self.add_met_button = button("Add", "add", object_name="addMetButton",
                                     tip="Add the people picked to those met at this event")  # fmt: skip
        self.add_met_button.clicked.connect(self.add_people_met)
        add_row.addWidget(self.add_met_button, 0, Qt.AlignTop)
        self.people_card.body.addLayout(add_row)
        from desktop.ui.pages.group_forms import follow_up_words

        self.people_card.body.addWidget(muted_label(
            f"Pick several at once. Each gets a follow-up due {follow_up_words()} after the event, and the event "
            "shows on their timelines.", object_name="addMetHint", wrap=True))  # fmt: skip
        self.attendees_model = PeopleModel(self)
        self.attendees_table = _table("attendeesTable", self.attendees_model, "People met",
                                      tip="Double-click or Enter opens the contact")
        self.attendees_table.activated.connect(self._on_people_activated)
        self.people_card.body.addWidget(self.attendees_table)
        self.attendees_empty = muted_label("Nobody yet: type the names of the people you met above.",
                                           object_name="attendeesEmpty", wrap=True)  # fmt: skip
        self.people_card.body.addWidget(self.attendees_empty)
        lay.addWidget(self.people_card)
        self.event_notes = plain_label("", object_name="eventNotes", wrap=True, selectable=True)
        lay.addWidget(self.event_notes)
        lay.addStretch(1)
        self._update_add_button()
        return panel

    # --- reading ----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reader.loading or self.detail_reader.loading

    def refresh(self) -> None:
        """Read the lists again (and then what is chosen) on a worker; the newest request wins."""
        self._mark_fresh()
        self.reader.request(group_reports.overview)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.on_failure("Could not read the groups and events", exc)

    def _on_read_done(self, o: group_reports.Overview) -> None:
        self.groups_model.set_rows(o.groups)
        self.events_model.set_rows(o.events)
        for view, empty, title, noun, n in (
            (self.groups_table, self.groups_empty, self.groups_title, "Groups", len(o.groups)),
            (self.events_table, self.events_empty, self.events_title, "Events", len(o.events)),
        ):
            view.setVisible(n > 0)
            empty.setVisible(n == 0)
            title.setText(f"{noun} ({n:,})" if n else noun)
        _fit(self.groups_table, 8)
        chosen = self.chosen
        if chosen is None or not self._select(*chosen):
            if chosen is not None:
                self.chosen = None  # gone (trashed, or undone)
            self._show_hint()
        else:
            self._read_detail()

    def _show_hint(self) -> None:
        if self.groups_model.rowCount() or self.events_model.rowCount():
            self.hint.setText("Choose a group or an event on the left to see it here.")
        else:
            self.hint.setText("Add the groups you belong to and the events you go to: what they cost and what "
                              "came back shows here.")  # fmt: skip
        self.stack.setCurrentWidget(self.hint)

    def _read_detail(self) -> None:
        if self.chosen is None:
            return
        what, item_id = self.chosen
        today = self.today()
        if what == GROUP:
            self.detail_reader.request(lambda: group_reports.group_detail(item_id, today))
        else:
            self.detail_reader.request(lambda: group_reports.event_detail(item_id))

    def _on_detail_failed(self, exc: BaseException) -> None:
        if isinstance(exc, groups_service.GroupError):  # gone since it was chosen
            self.chosen = None
            self._show_hint()
            return
        self.on_failure("Could not read the group or event", exc)

    def _on_detail_done(self, detail) -> None:
        self.detail = detail
        if isinstance(detail, group_reports.GroupDetail):
            self._show_group_detail(detail)
        else:
            self._show_event_detail(detail)

    def _show_group_detail(self, d: group_reports.GroupDetail) -> None:
        if self.chosen != (GROUP, d.group.id):
            return  # another was chosen while this one was read
        g = d.group
        self.group_title.setText(g.name)
        self.group_title.setAccessibleName(g.name)
        fee = f"{format_money(g.yearly_fee_cents)} a year" if g.yearly_fee_cents else "no fee"
        self.group_facts.setText(" · ".join([d.kind_label, fee, count_of(len(d.members), "member"),
                                             count_of(len(d.events), "event")]))  # fmt: skip
        self.return_label.setText(return_words(d.returns, g.yearly_fee_cents))
        self.chart.set_months(d.months)
        self.members_model.set_rows(d.members)
        self.group_events_model.set_rows(d.events)
        self.members_card.title_label.setText(f"Members ({len(d.members):,})" if d.members else "Members")
        self.group_events_card.title_label.setText(f"Events ({len(d.events):,})" if d.events else "Events")
        for view, empty, n, most in ((self.members_table, self.members_empty, len(d.members), 10),
                                     (self.group_events_table, self.group_events_empty, len(d.events), 8)):  # fmt: skip
            view.setVisible(n > 0)
            empty.setVisible(n == 0)
            _fit(view, most)
        self.group_notes.setText(g.notes)
        self.group_notes.setVisible(bool(g.notes))
        self.stack.setCurrentIndex(1)

    def _show_event_detail(self, d: group_reports.EventDetail) -> None:
        e = d.event
        if self.chosen != (EVENT, e.id):
            return
        self.event_title.setText(e.name)
        self.event_title.setAccessibleName(e.name)
        facts = [e.on.strftime("%A ") + day_words(e.on), e.place, count_of(e.hours, "hour") if e.hours else "",
                 f"cost {format_money(e.cost_cents)}" if e.cost_cents else ""]  # fmt: skip
        self.event_facts.setText(" · ".join(f for f in facts if f))
        self.event_group_link.setText(f"Held by {e.group_name}" if e.group_name else "")
        self.event_group_link.setAccessibleName(e.group_name)
        self.event_group_link.setVisible(bool(e.group_name))
        self.attendees_model.set_rows(d.people)
        self.people_card.title_label.setText(f"People met ({len(d.people):,})" if d.people else "People met")
        self.attendees_table.setVisible(bool(d.people))
        self.attendees_empty.setVisible(not d.people)
        _fit(self.attendees_table, 12)
        self.event_notes.setText(e.notes)
        self.event_notes.setVisible(bool(e.notes))
        self.stack.setCurrentIndex(2)

    # --- choosing -----------------------------------------------------------------------

    def show_group(self, group_id: int) -> None:
        """Show this group on the right (selected on the left once the lists are read)."""
        self._choose(GROUP, group_id)

    def show_event(self, event_id: int) -> None:
        """Show this event on the right (selected on the left once the lists are read)."""
        self._choose(EVENT, event_id)

    def _choose(self, what: str, item_id: int) -> None:
        self.chosen = (what, item_id)
        if not self.reader.loading:
            self._select(what, item_id)
        self._read_detail()

    def _select(self, what: str, item_id: int) -> bool:
        """Select the row of (what, id) in its table and clear the other's; False when it is not listed."""
        view, other = (self.groups_table, self.events_table) if what == GROUP else (self.events_table,
                                                                                  self.groups_table)  # fmt: skip
        row = view.model().row_of(item_id)
        for v in (view, other):
            v.selectionModel().blockSignals(True)
        other.clearSelection()
        if row >= 0:
            view.selectRow(row)
            view.scrollTo(view.model().index(row, 0))
        for v in (view, other):
            v.selectionModel().blockSignals(False)
        return row >= 0

    def chosen_id(self, what: str) -> int | None:
        return self.chosen[1] if self.chosen is not None and self.chosen[0] == what else None

    def _on_groups_table_selection_changed(self, *_args) -> None:
        rows = self.groups_table.selectionModel().selectedRows()
        if rows:
            self.show_group(rows[0].data(ID_ROLE))

    def _on_events_table_selection_changed(self, *_args) -> None:
        rows = self.events_table.selectionModel().selectedRows()
        if rows:
            self.show_event(rows[0].data(ID_ROLE))

    def _open_event_group(self) -> None:
        detail = self.detail
        if isinstance(detail, group_reports.EventDetail) and detail.event.group_id is not None:
            self.show_group(detail.event.group_id)

    def _on_people_activated(self, index) -> None:
        if index.isValid():
            self.contact_requested.emit(index.data(ID_ROLE))

    # --- acting -------------------------------------------------------------------------

    def _show_failure(self, title: str, exc: BaseException) -> None:
        from desktop.ui import errors
        from desktop.ui.dialogs.common import show_error

        if errors.for_a_person(exc):
            show_error(self, title, str(exc))
        else:
            errors.report_bug(exc, self)

    def _say(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def _changed(self, people: list[int] | None = None, members: list[int] | None = None) -> None:
        """Tell the window: the groups and events changed, the timelines of ``people`` (met at an event),
        and the contacts whose groups did (``members``)."""
        self.events.groups_changed.emit()
        if people:
            self.events.timeline_changed.emit(list(people))
        if members:
            self.events.contacts_changed.emit(list(members))

    def new_group(self) -> int | None:
        from desktop.ui.pages.group_forms import new_group

        group_id = new_group(self, self.events)
        if group_id is not None:
            self.show_group(group_id)
        return group_id

    def new_event(self) -> int | None:
        from desktop.ui.pages.group_forms import new_event

        group_id = self.chosen_id(GROUP)
        if group_id is None and isinstance(self.detail, group_reports.EventDetail):
            group_id = self.detail.event.group_id  # another event of the same group, likely
        event_id = new_event(self, self.events, group_id)
        if event_id is not None:
            self.show_event(event_id)
        return event_id

    def edit_chosen(self) -> None:
        from desktop.ui.pages.group_forms import edit_event, edit_group

        if self.chosen is None:
            return
        what, item_id = self.chosen
        try:
            (edit_group if what == GROUP else edit_event)(self, self.events, item_id)
        except groups_service.GroupError as exc:  # trashed meanwhile (the command line, an undo)
            self.on_failure("Edit", exc)

    def delete_chosen(self) -> None:
        """Move the group or event shown to the trash (Edit → Undo brings it back)."""
        if self.chosen is None:
            return
        what, item_id = self.chosen
        name = self.group_title.text() if what == GROUP else self.event_title.text()
        try:
            if what == GROUP:
                members, people = groups_service.members_of(item_id, live=True), []
                groups_service.delete_group(item_id)
            else:
                members, people = [], groups_service.delete_event(item_id)
        except Exception as exc:
            self.on_failure("Could not move to the trash", exc)
            return
        self.chosen = None
        self._changed(people, members)
        self._say(f"Moved the {what} “{name}” to the trash. Ctrl+Z brings it back.")

    def _update_add_button(self) -> None:
        self.add_met_button.setEnabled(bool(self.met_picker.contact_ids()))

    def add_people_met(self) -> list[int]:
        """Add the people picked to those met at the event shown (one undo step); returns those added."""
        event_id = self.chosen_id(EVENT)
        ids = self.met_picker.contact_ids()
        if event_id is None or not ids:
            return []
        try:
            added = groups_service.add_people_met(event_id, ids)
        except Exception as exc:
            self.on_failure("Could not add the people met", exc)
            return []
        self.met_picker.clear()
        self._changed(added, added)  # met there, and maybe members of its group now
        if added:
            self._say(f"Added {count_of(len(added), 'person', 'people')} met at {self.event_title.text()}.")
        return added
