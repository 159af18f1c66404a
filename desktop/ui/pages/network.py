"""The Network page: the give and take of the whole network at a glance. The balance (given and
received, decayed) beside the last 12 months; the giving load against the weekly budget beside what
each group gives back; the strongest relationships beside the one-sided ones, both ways, each with what
was exchanged ("They have had 3 favours and an introduction from you in the last 12 months, nothing
back"). One-sided is the meter's own band, and Today suggests no ask of someone who only takes
(``domain.reciprocity.ask_suggested``): the two pages agree.

Reads ``services.overview.network_overview`` on a worker thread (it reads every exchange: ~0.3 s
on a large network) and refreshes itself on the window's data signals: the page shows at once,
"Loading…" until the first read is back, and keeps what it shows while a refresh runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import overview as overview_service
from desktop.ui import workers
from desktop.ui.style import colors
from desktop.ui.pages.charts import GivenReceivedChart, WeeklyLoadChart
from desktop.ui.pages.common import RefreshingPage, clear_layout, icon_label
from desktop.ui.models.rows import ID_ROLE
from desktop.ui.pages.network_models import GroupReturnModel, RelationModel
from desktop.ui.style import Space, hbox, vbox
from desktop.ui.style.surfaces import Card
from desktop.ui.text import heading, link_label, muted_label, plain_label
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter


def _card(object_name: str, title: str, subtitle: str = "") -> tuple[Card, QVBoxLayout]:
    card = Card(title, subtitle=subtitle, object_name=object_name, padding=Space.M)
    return card, card.body


def _table(object_name: str, model, accessible: str, rows_visible: int = 8) -> QTableView:
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setAccessibleName(accessible)
    view.setToolTip(f"{accessible}: click a header to sort")
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    # setSortingEnabled sorts at once by the header's default indicator: keep the service's order until a click.
    view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
    model.clear_sort()
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
    view.setProperty("rows_visible", rows_visible)
    view.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    fit_height(view)
    return view


def fit_height(view: QTableView) -> None:
    """As tall as its rows (up to ``rows_visible``, then it scrolls), so no card is half empty."""
    rows = min(max(view.model().rowCount(), 1), int(view.property("rows_visible") or 8))
    height = view.horizontalHeader().sizeHint().height() + view.verticalHeader().defaultSectionSize() * rows
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)


class OneSidedList(QWidget):
    """People in a one-sided relationship, one way: each name (a link to the contact) over what was
    exchanged in a sentence."""

    contact_requested = Signal(int)

    def __init__(self, object_name: str, title: str, hint: str, empty: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(title)
        lay = vbox(self, spacing=Space.XS)
        self.title = plain_label(title, object_name="oneSidedTitle", type_step="strong")
        lay.addWidget(self.title)
        self.hint = muted_label(hint, object_name="oneSidedHint", wrap=True)
        lay.addWidget(self.hint)
        self.rows = vbox(spacing=Space.S)
        lay.addLayout(self.rows)
        self.empty = muted_label(empty, object_name=f"{object_name}Empty", wrap=True)
        lay.addWidget(self.empty)
        self._rows: list = []

    def set_rows(self, rows) -> None:
        clear_layout(self.rows)
        self._rows = list(rows)
        for r in self._rows:
            row = QWidget()
            row.setObjectName("oneSidedRow")
            rl = vbox(row, spacing=0)
            name = link_label(r.name, lambda cid=r.contact_id: self.contact_requested.emit(cid),
                              tip=f"Open {r.name}", object_name="oneSidedName")  # fmt: skip
            rl.addWidget(name, 0, Qt.AlignLeft)
            rl.addWidget(plain_label(r.sentence, object_name="oneSidedSentence", wrap=True))
            self.rows.addWidget(row)
        self.empty.setVisible(not self._rows)
        self.hint.setVisible(bool(self._rows))
        self.title.setText(f"{self.accessibleName()} ({len(self._rows)})" if self._rows else self.accessibleName())

    def names(self) -> list[str]:
        return [r.name for r in self._rows]

    def sentences(self) -> list[str]:
        return [r.sentence for r in self._rows]


class NetworkPage(RefreshingPage):
    """Self-contained: give it the window's AppEvents; it refreshes on their signals. A name clicked asks
    the window to open the contact (``contact_requested``, passed on as ``events.contact_requested``)."""

    loaded = Signal()  # a read came back and the page shows it
    contact_requested = Signal(int)

    def __init__(self, events, today=None, parent: QWidget | None = None):
        super().__init__(events, today, parent)
        self.setObjectName("networkPage")
        self.setAccessibleName("Network")
        self.overview: overview_service.NetworkOverview | None = None
        self.reader = workers.Reader(self, self._on_read_done, self._on_read_failed, name="network")
        self.reader.loaded.connect(self.loaded)
        if events is not None:
            self.contact_requested.connect(events.contact_requested)  # the window opens the contact

        outer = vbox(self)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("networkScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        body.setObjectName("networkBody")
        lay = vbox(body, spacing=Space.M)
        lay.setContentsMargins(Space.XL - 4, Space.L, Space.XL - 4, Space.XL - 4)

        lay.addWidget(heading("Network", object_name="networkTitle"))
        self.subtitle = muted_label("", object_name="networkSubtitle", wrap=True)
        lay.addWidget(self.subtitle)

        # Burnout warning.
        self.burnout = QFrame()
        self.burnout.setObjectName("burnoutWarning")
        self.burnout.setFrameShape(QFrame.StyledPanel)
        bl = hbox(self.burnout, spacing=Space.S)
        bl.setContentsMargins(Space.M, Space.S, Space.M, Space.S)
        bl.addWidget(icon_label("warning", 22, colors.accent(30)), 0, Qt.AlignTop)
        self.burnout_label = plain_label("", object_name="burnoutText", wrap=True)
        bl.addWidget(self.burnout_label, 1)
        self.burnout.setVisible(False)
        lay.addWidget(self.burnout)

        grid = QGridLayout()
        grid.setSpacing(Space.M)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        # Row 1: the balance of the whole network (the one meter widget, the contact page's too); the
        # last 12 months.
        meter_card, ml = _card("meterCard", "Balance", "Everything given and received, recent counts most.")
        self.meter = ReciprocityMeter()
        ml.addWidget(self.meter)
        self.band_label = muted_label("", object_name="networkStatus", wrap=True)  # loading, or a failed read
        ml.addWidget(self.band_label)
        self.people_label = muted_label("", object_name="networkPeople", wrap=True)
        ml.addWidget(self.people_label)
        ml.addSpacing(Space.XS)
        self.flow_label = plain_label("", object_name="networkFlow", wrap=True)
        ml.addWidget(self.flow_label)
        ml.addStretch(1)
        grid.addWidget(meter_card, 0, 0)
        chart_card, cl = _card("chartCard", "Given and received, last 12 months")
        self.chart = GivenReceivedChart()
        self.chart.setMinimumHeight(180)
        cl.addWidget(self.chart, 1)
        grid.addWidget(chart_card, 0, 1)

        # Row 2: the giving load against the budget; what each group gives back.
        load_card, ll = _card("loadCard", "Giving load", "Weight given each week against your weekly budget.")
        self.week_label = plain_label("", object_name="networkWeek", wrap=True, type_step="strong")
        self.week_label.setToolTip("Weight given this week against your weekly giving budget (Settings)")
        ll.addWidget(self.week_label)
        self.load_chart = WeeklyLoadChart()
        ll.addWidget(self.load_chart, 1)
        grid.addWidget(load_card, 1, 0)
        groups_card, gl = _card("groupsCard", "What your groups give back",
                                "The last 12 months: what you put in against what their members gave you. "
                                "Groups & Events (Ctrl+4) adds and edits them; double-click one to edit it here.")  # fmt: skip
        self.groups_model = GroupReturnModel(self)
        self.groups_table = _table("groupsTable", self.groups_model, "Groups and their return", 6)
        self.groups_table.doubleClicked.connect(self._on_groups_table_double_clicked)
        gl.addWidget(self.groups_table)
        self.groups_empty = muted_label("No groups yet. Add the chamber, leads group or association you belong to on "
                                        "Groups & Events (Ctrl+4), then record its events and the people you meet there.",
                                        object_name="groupsEmpty", wrap=True)  # fmt: skip
        gl.addWidget(self.groups_empty)
        gl.addStretch(1)
        grid.addWidget(groups_card, 1, 1)

        # Row 3: the strongest relationships; the one-sided ones, both ways.
        strong_card, sl = _card("strongestCard", "Strongest relationships",
                                "Most given and received, both ways, recent counts most.")  # fmt: skip
        self.strongest_model = RelationModel(self)
        self.strongest_table = _table("strongestTable", self.strongest_model, "Strongest relationships", 10)
        self.strongest_table.doubleClicked.connect(self._on_strongest_table_double_clicked)
        sl.addWidget(self.strongest_table)
        self.strongest_empty = muted_label("Nothing logged yet: favours, referrals and introductions show up here.",
                                           object_name="strongestEmpty", wrap=True)  # fmt: skip
        sl.addWidget(self.strongest_empty)
        sl.addStretch(1)
        grid.addWidget(strong_card, 2, 0)
        one_card, ol = _card("oneSidedCard", "One-sided relationships",
                             "Where the meter says one side does all the giving.")  # fmt: skip
        self.you_give = OneSidedList(
            "youGiveList", "You do all the giving",
            "Today suggests no asks of them. Reconsider where your time goes.",
            "No one: everyone you gave to has given something back.",
        )  # fmt: skip
        self.they_give = OneSidedList(
            "theyGiveList", "They do all the giving",
            "Time to give back: a favour, a referral, an introduction.",
            "No one: you have given back to everyone who gave to you.",
        )  # fmt: skip
        for lst in (self.you_give, self.they_give):
            lst.contact_requested.connect(self.contact_requested)
            ol.addWidget(lst)
        ol.addStretch(1)
        grid.addWidget(one_card, 2, 1)
        lay.addLayout(grid)
        lay.addStretch(1)

        self.scroll.setWidget(body)
        outer.addWidget(self.scroll)
        self.band_label.setText("Loading…")
        self.meter.setVisible(False)
        self.refresh()

    # --- reading ---------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reader.loading

    def refresh(self) -> None:
        """Read the network again on a worker; while a read runs, the newest request waits and wins."""
        self._mark_fresh()
        today = self.today()
        self.reader.request(lambda: overview_service.network_overview(today))

    def _on_read_failed(self, exc: BaseException) -> None:
        from desktop.ui import errors

        if errors.is_bug(exc):
            errors.report_bug(exc)
        self.band_label.setText(f"Could not read the network: {exc}")

    def _on_read_done(self, o: overview_service.NetworkOverview) -> None:
        self.overview = o
        self.subtitle.setText(
            f"The give and take of your whole network. Recent giving counts most: an exchange's weight halves "
            f"every {o.half_life:g} days (Settings)."
        )
        self.meter.set_reading(o.meter)
        self.meter.setVisible(True)
        self.band_label.setVisible(False)
        self.people_label.setText(
            f"With {o.contacts} {'person' if o.contacts == 1 else 'people'}."
            if o.contacts else "Log what you give and receive: the balance starts with the first favour."
        )
        self.chart.set_months(o.months)
        self.flow_label.setText(
            f"Last 12 months\nYou gave {o.gave or 'nothing'}.\nYou received {o.got or 'nothing'}."
        )
        self.flow_label.setVisible(bool(o.gave or o.got))

        self.week_label.setText(f"This week: {o.this_week} of your weekly budget of {o.budget}")
        self.load_chart.set_weeks(o.load, o.budget)
        self.groups_model.set_rows(o.groups)
        self.groups_table.setVisible(bool(o.groups))
        self.groups_empty.setVisible(not o.groups)

        self.strongest_model.set_rows(o.strongest)
        self.strongest_table.setVisible(bool(o.strongest))
        self.strongest_empty.setVisible(not o.strongest)
        self.you_give.set_rows(o.you_give)
        self.they_give.set_rows(o.they_give)
        for view in (self.strongest_table, self.groups_table):
            fit_height(view)

        b = o.burnout
        if b.warning:
            weeks = ", ".join(str(w.given) for w in b.weeks)
            self.burnout_label.setText(
                f"Burnout warning: you gave more than your weekly budget of {b.budget} four weeks running "
                f"(by week, oldest first: {weeks}). Generous is good; exhausted helps no one. "
                "Slow down, or let some people give back."
            )
        self.burnout.setVisible(b.warning)

    def selected_group_id(self) -> int | None:
        rows = self.groups_table.selectionModel().selectedRows() if self.groups_table.selectionModel() else []
        return rows[0].data(ID_ROLE) if rows else None

    # --- acting ---------------------------------------------------------------------

    def _on_strongest_table_double_clicked(self, index) -> None:
        cid = index.data(ID_ROLE)
        if cid:
            self.contact_requested.emit(cid)

    def _on_groups_table_double_clicked(self, index) -> None:
        gid = index.data(ID_ROLE)
        if gid is not None:
            from desktop.ui.pages.group_forms import edit_group

            edit_group(self, self.events, gid)
