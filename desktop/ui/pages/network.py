"""The Network page: the network-wide meter, given vs received per month (drawn), the strongest
relationships, the takers (private), a burnout warning, and the groups with what they give back.

Reads ``services.overview.network_overview`` on a worker thread (it reads every exchange: ~0.3 s
on a large network) and refreshes itself on the window's data signals: the page shows at once,
"Loading…" until the first read is back, and keeps what it shows while a refresh runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import overview as overview_service
from desktop.ui import style, theme, workers
from desktop.ui.pages.charts import GivenReceivedChart
from desktop.ui.pages.common import RefreshingPage, icon_label
from desktop.ui.style.surfaces import Card
from desktop.ui.text import heading, muted_label, plain_label
from desktop.ui.pages.network_models import ID_ROLE, GroupReturnModel, RelationModel, TakerModel
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter


def _card(object_name: str, title: str, subtitle: str = "") -> tuple[Card, QVBoxLayout]:
    card = Card(title, subtitle=subtitle, object_name=object_name, padding=style.Space.M)
    return card, card.body


def _table(object_name: str, model, accessible: str, rows_visible: int = 8) -> QTableView:
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setAccessibleName(accessible)
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


class NetworkPage(RefreshingPage):
    """Self-contained: give it the window's AppEvents; it refreshes on their signals."""

    loaded = Signal()  # a read came back and the page shows it

    def __init__(self, events, today=None, parent: QWidget | None = None):
        super().__init__(events, today, parent)
        self.setObjectName("networkPage")
        self.setAccessibleName("Network")
        self.overview: overview_service.NetworkOverview | None = None
        self.reader = workers.Reader(self, self._on_read_done, self._on_read_failed, name="network")
        self.reader.loaded.connect(self.loaded)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("networkScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        body.setObjectName("networkBody")
        lay = QVBoxLayout(body)
        lay.setContentsMargins(20, 16, 20, 20)
        lay.setSpacing(12)

        lay.addWidget(heading("Network", object_name="networkTitle"))
        lay.addWidget(muted_label("The give and take of your whole network. Recent giving counts most: "
                            "an exchange's weight halves every half-life (a setting).",
                            object_name="networkSubtitle", wrap=True))  # fmt: skip

        # Burnout warning.
        self.burnout = QFrame()
        self.burnout.setObjectName("burnoutWarning")
        self.burnout.setFrameShape(QFrame.StyledPanel)
        bl = QHBoxLayout(self.burnout)
        bl.setContentsMargins(12, 8, 12, 8)
        bl.addWidget(icon_label("warning", 22, theme.accent(30)), 0, Qt.AlignTop)
        self.burnout_label = plain_label("", object_name="burnoutText", wrap=True)
        bl.addWidget(self.burnout_label, 1)
        self.burnout.setVisible(False)
        lay.addWidget(self.burnout)

        # The meter and the chart, side by side.
        top = QHBoxLayout()
        top.setSpacing(12)
        meter_card, ml = _card("meterCard", "Overall")
        self.meter = ReciprocityMeter()  # the one meter widget (the contact page's too)
        ml.addWidget(self.meter)
        self.band_label = muted_label("", object_name="networkStatus", wrap=True)  # loading, or a failed read
        ml.addWidget(self.band_label)
        self.people_label = muted_label("", object_name="networkPeople", wrap=True)
        ml.addWidget(self.people_label)
        self.week_label = plain_label("", object_name="networkWeek", wrap=True)
        self.week_label.setToolTip("Weight given this week against your weekly giving budget (a setting)")
        ml.addWidget(self.week_label)
        ml.addStretch(1)
        meter_card.setMinimumWidth(280)
        meter_card.setMaximumWidth(380)
        top.addWidget(meter_card, 1)
        chart_card, cl = _card("chartCard", "Given and received, last 12 months")
        self.chart = GivenReceivedChart()
        self.chart.setMinimumHeight(220)
        cl.addWidget(self.chart, 1)
        top.addWidget(chart_card, 2)
        lay.addLayout(top)

        # Strongest relationships and takers.
        mid = QHBoxLayout()
        mid.setSpacing(12)
        strong_card, sl = _card("strongestCard", "Strongest relationships",
                                "Most given and received, both ways, after decay.")  # fmt: skip
        self.strongest_model = RelationModel(self)
        self.strongest_table = _table("strongestTable", self.strongest_model, "Strongest relationships", 10)
        sl.addWidget(self.strongest_table)
        self.strongest_empty = muted_label("Nothing logged yet: favours, referrals and introductions show up here.",
                                     object_name="strongestEmpty", wrap=True)  # fmt: skip
        sl.addWidget(self.strongest_empty)
        sl.addStretch(1)
        mid.addWidget(strong_card, 3)
        takers_card, tl = _card("takersCard", "Takers (private)",
                                "People you gave to three or more times in the last 12 months with nothing back. "
                                "Only you see this: reconsider where your time goes.")  # fmt: skip
        self.takers_model = TakerModel(self)
        self.takers_table = _table("takersTable", self.takers_model, "Takers", 10)
        tl.addWidget(self.takers_table)
        self.takers_empty = muted_label("No takers: everyone you gave to has given something back.",
                                  object_name="takersEmpty", wrap=True)  # fmt: skip
        tl.addWidget(self.takers_empty)
        tl.addStretch(1)
        mid.addWidget(takers_card, 2)
        lay.addLayout(mid)

        # Groups.
        groups_card, gl = _card("groupsCard", "Groups and what they give back",
                                "The last 12 months: hours and money put in (yearly fee plus events) against "
                                "referrals and favours received from their members. Groups & Events (Ctrl+4) "
                                "adds and edits them; double-click one to edit it here.")  # fmt: skip
        self.groups_model = GroupReturnModel(self)
        self.groups_table = _table("groupsTable", self.groups_model, "Groups and their return", 12)
        self.groups_table.doubleClicked.connect(self._on_groups_table_double_clicked)
        gl.addWidget(self.groups_table)
        self.groups_empty = muted_label("No groups yet. Add the chamber, leads group or association you belong to on "
                                  "Groups & Events (Ctrl+4), then record its events and the people you meet there.",
                                  object_name="groupsEmpty", wrap=True)  # fmt: skip
        gl.addWidget(self.groups_empty)
        lay.addWidget(groups_card)
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
        self.meter.set_reading(o.meter)
        self.meter.setVisible(True)
        self.band_label.setVisible(False)
        self.people_label.setText(f"Across {o.contacts} {'person' if o.contacts == 1 else 'people'}.")
        self.chart.set_months(o.months)

        self.strongest_model.set_rows(o.strongest)
        self.strongest_table.setVisible(bool(o.strongest))
        self.strongest_empty.setVisible(not o.strongest)
        self.takers_model.set_rows(o.takers)
        self.takers_table.setVisible(bool(o.takers))
        self.takers_empty.setVisible(not o.takers)
        self.groups_model.set_rows(o.groups)
        self.groups_table.setVisible(bool(o.groups))
        for view in (self.strongest_table, self.takers_table, self.groups_table):
            fit_height(view)
        self.groups_empty.setVisible(not o.groups)

        b = o.burnout
        this_week = b.weeks[-1].given if b.weeks else 0
        self.week_label.setText(f"Given this week: {this_week} of your weekly budget of {b.budget}.")
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

    def _on_groups_table_double_clicked(self, index) -> None:
        gid = index.data(ID_ROLE)
        if gid is not None:
            from desktop.ui.pages.group_forms import edit_group

            edit_group(self, self.events, gid)
