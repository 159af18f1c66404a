"""The Graph page: the people around one contact (one or two links), or the whole network when it is
small, drawn with a force layout. Nodes are sized by your relationship and coloured by the meter's
band; links by strength, inferred ones fainter. A click on someone opens their contact; the search
box centres on anyone.

A page of its own (Ctrl+5) rather than a tab of Network: it wants the whole window, its own search
box and zoom, and the contact page's "Show in graph" jumps to it from anywhere; Network is a page of
cards and tables that a picture this size would crowd.

The map is read on a worker (``services.knows.network_map``: the first read of a big network builds
the knows graph, seconds on 100,000 contacts); the people show at once on rings around the centre,
and the force layout runs on another worker, the picture settling as its steps arrive.
"""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui import style
from desktop.ui.pages.common import RefreshingPage
from desktop.ui.text import button, heading, muted_label, plain_label
from desktop.ui.widgets.contact_picker import ContactPicker
from desktop.ui.widgets.graph_layout import force_layout, rings
from desktop.ui.widgets.graph_view import BAND_WORDS, GraphView, band_color

WHOLE_WHEN_AT_MOST = 400  # the page opens on the whole network when it has no more people than this
STEP_MS = 120  # how often the settling picture is redrawn


def _knows_service():
    from desktop.services import knows

    return knows


def _bold(widget: QWidget, on: bool) -> None:
    font = widget.font()
    font.setBold(on)
    widget.setFont(font)


class LayoutRun:
    """One force layout on a worker: the latest positions wait in ``latest`` for the UI thread."""

    def __init__(self):
        self.stop = threading.Event()
        self.latest = None
        self.final = None

    def work(self, nodes, edges, start, pinned):
        def step(positions):
            self.latest = positions  # one reference, swapped whole: safe to read from the UI thread

        return force_layout(nodes, edges, start, pinned=pinned, should_stop=self.stop.is_set, on_step=step)


class GraphPage(RefreshingPage):
    contact_requested = Signal(int)  # open this contact
    map_shown = Signal()  # a map is on screen (its layout may still be settling)
    layout_settled = Signal()

    def __init__(self, events=None, today=None, parent: QWidget | None = None, *, source=None):
        super().__init__(events, today, parent)
        self.setObjectName("graphPage")
        if events is not None and hasattr(events, "knows_changed"):
            events.knows_changed.connect(self._on_events_changed)
        self.center: int | None = None  # None: the whole network
        self.hops = 2
        self.network = None
        self._run: LayoutRun | None = None
        self._reading = None

        outer = style.vbox(self, margins=style.Space.L, spacing=style.Space.S)
        top = QHBoxLayout()
        top.setSpacing(style.Space.S)
        top.addWidget(heading("Graph", "title", object_name="graphTitle"))
        self.search = ContactPicker(self, multiple=False, source=source, placeholder="Centre on someone…",
                                    accessible_name="Centre on")  # fmt: skip
        self.search.setObjectName("graphSearch")
        self.search.setMaximumWidth(360)
        self.search.changed.connect(self._on_search_changed)
        top.addWidget(self.search, 1)
        self.one = QPushButton("1 link")
        self.two = QPushButton("2 links")
        self.hop_group = QButtonGroup(self)
        for b, n, name in ((self.one, 1, "oneHop"), (self.two, 2, "twoHops")):
            b.setObjectName(name)
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setToolTip(f"Show the people within {b.text()} of the person in the middle")
            self.hop_group.addButton(b, n)
            top.addWidget(b)
        self.two.setChecked(True)
        self.hop_group.idClicked.connect(self._on_hops_clicked)
        self.inferred = QPushButton("Inferred links")
        self.inferred.setObjectName("inferredLinks")
        self.inferred.setCheckable(True)
        self.inferred.setChecked(True)
        self.inferred.setAutoDefault(False)
        self.inferred.setToolTip("Show the links Rapport infers from a shared organisation, event or group "
                                 "(off: only what someone said)")  # fmt: skip
        self.inferred.toggled.connect(lambda _on: self._draw())
        top.addWidget(self.inferred)
        for b in (self.one, self.two, self.inferred):  # what is on must be plain at a glance in any theme
            b.toggled.connect(lambda on, b=b: _bold(b, on))
            _bold(b, b.isChecked())
        self.whole_button = button("Whole network", "network", object_name="wholeNetwork",
                                   tip="Everyone with a link (the closest 2,000 on a big network)")  # fmt: skip
        self.whole_button.clicked.connect(self.show_whole)
        top.addWidget(self.whole_button)
        self.fit_button = button("Fit", "search", object_name="fitGraph", tip="Zoom to show everyone drawn")
        self.fit_button.clicked.connect(lambda: self.view.fit())
        top.addWidget(self.fit_button)
        self.spinner = style.Spinner(self)
        top.addWidget(self.spinner)
        outer.addLayout(top)

        self.status = muted_label("", object_name="graphStatus", wrap=True)
        outer.addWidget(self.status)
        self.view = GraphView(self)
        self.view.contact_activated.connect(self.contact_requested)
        outer.addWidget(self.view, 1)
        self.empty = plain_label(
            "No one is linked yet. Links come from introductions you log, people at the same organisation, "
            "met at the same event or in the same group, vCard RELATED, and “Knows…” on a contact's page.",
            object_name="graphEmpty", wrap=True, tone="muted",
        )  # fmt: skip
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.hide()
        outer.addWidget(self.empty, 1)
        outer.addLayout(self._legend())

        self._step_timer = QTimer(self)
        self._step_timer.setInterval(STEP_MS)
        self._step_timer.timeout.connect(self._on_layout_timer_timeout)
        self._busy = style.Busy(self, "Reading the network…", spinner=self.spinner)

    def _legend(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(style.Space.M)
        self.legend: dict[str, QLabel] = {}
        for band, words in BAND_WORDS.items():
            dot = QLabel()
            dot.setObjectName(f"legend_{band or 'none'}")
            self.legend[band] = dot
            row.addWidget(dot)
            row.addWidget(muted_label(words))
        row.addSpacing(style.Space.L)
        row.addWidget(muted_label("Bigger: closer to you · thicker link: stronger · faint link: inferred"))
        row.addStretch(1)
        self.apply_palette()
        return row

    def apply_palette(self) -> None:
        side = self.fontMetrics().height() // 2 + 4
        for band, dot in getattr(self, "legend", {}).items():
            pix = QPixmap(side * dot.devicePixelRatioF(), side * dot.devicePixelRatioF())
            pix.setDevicePixelRatio(dot.devicePixelRatioF())
            pix.fill(Qt.transparent)
            p = QPainter(pix)
            p.setRenderHint(QPainter.Antialiasing)
            p.setPen(Qt.NoPen)
            p.setBrush(band_color(band, self.palette()))
            p.drawEllipse(1, 1, side - 2, side - 2)
            p.end()
            dot.setPixmap(pix)

    # --- what to show -------------------------------------------------------------------

    def show_contact(self, contact_id: int) -> None:
        """Centre on this contact (the contact page's "Show in graph", the search box)."""
        self.center = contact_id
        self.refresh()

    def show_whole(self) -> None:
        self.center = None
        self.search.clear()
        self.refresh()

    def _on_search_changed(self) -> None:
        cid = self.search.contact_id()
        if cid is not None and cid != self.center:
            self.show_contact(cid)

    def _on_hops_clicked(self, n: int) -> None:
        if n != self.hops:
            self.hops = n
            if self.center is not None:
                self.refresh()

    # --- reading and drawing -------------------------------------------------------------

    def refresh(self) -> None:
        self._mark_fresh()
        center, hops, today = self.center, self.hops, self.today()
        first = self.network is None and center is None

        def work():
            knows = _knows_service()
            network = knows.network_map(center, hops, today)
            if first and (network.left_out or len(network.nodes) > WHOLE_WHEN_AT_MOST) and network.nodes:
                # A big network opens on the person you are closest to, not on 2,000 dots.
                network = knows.network_map(network.nodes[0].contact_id, hops, today)
            return network

        self._busy.start()
        self._read(work)

    def _read(self, work) -> None:
        from desktop.services.session import close_database
        from desktop.ui.workers import BackgroundOp

        op = BackgroundOp(self, lambda _report: work(), self._on_map_read).failure(self._on_map_failed)
        self._reading = op.on_thread_exit(close_database).run()

    def _on_map_failed(self, exc: BaseException) -> None:
        self._busy.done()
        self._reading = None
        self.status.setText(str(exc))

    def _on_map_read(self, network) -> None:
        self._busy.done()
        self._reading = None
        self.network = network
        self.center = network.center
        for b in (self.one, self.two):  # links around someone: nothing to choose for the whole network
            b.setEnabled(network.center is not None)
        if network.center is not None and self.search.contact_id() != network.center:
            name = next((n.name for n in network.nodes if n.contact_id == network.center), None)
            self.search.blockSignals(True)
            self.search.clear()
            self.search.add_contact(network.center, name, notify=False)
            self.search.blockSignals(False)
        self.status.setText(self._status_text(network))
        self._draw()

    def _draw(self) -> None:
        """Draw the map read (without its inferred links, when they are switched off) and lay it out."""
        network = self.network
        if network is None:
            return
        if not self.inferred.isChecked():
            network = dataclasses.replace(network, edges=tuple(e for e in network.edges if not e.inferred))
        has_links = bool(network.edges) or bool(self.network.edges)
        self.view.setVisible(has_links)
        self.empty.setVisible(not has_links)
        order = [n.contact_id for n in network.nodes]
        edges = [(e.a, e.b, e.strength) for e in network.edges]
        start = rings(network.center, {n.contact_id: n.hops for n in network.nodes}, order, edges)
        self.view.set_network(network, start)
        self.map_shown.emit()
        self._start_layout(order, edges, start, network.center)

    def _status_text(self, network) -> str:
        people = len(network.nodes)
        more = f"; {network.left_out:,} more not drawn (the closest are)" if network.left_out else ""
        if network.center is None:
            return f"The whole network: {people:,} people, {len(network.edges):,} links{more}."
        name = next((n.name for n in network.nodes if n.contact_id == network.center), "")
        within = "one link" if self.hops == 1 else "two links"
        return f"{name} and {people - 1:,} people within {within}: {len(network.edges):,} links{more}."

    def _start_layout(self, nodes, edges, start, pinned) -> None:
        from desktop.ui.workers import BackgroundOp

        if self._run is not None:
            self._run.stop.set()
        run = self._run = LayoutRun()
        BackgroundOp(self, lambda _report: run.work(nodes, edges, start, pinned),
                     lambda positions: self._on_layout_done(run, positions)).run()  # fmt: skip
        self._step_timer.start()

    def _on_layout_timer_timeout(self) -> None:
        run = self._run
        if run is not None and run.latest is not None:
            latest, run.latest = run.latest, None
            self.view.place(latest)

    def _on_layout_done(self, run: LayoutRun, positions) -> None:
        if run is not self._run or run.stop.is_set():
            return  # a newer map replaced this one
        self._step_timer.stop()
        self._run = None
        self.view.place(positions)
        self.view.fit()
        self.layout_settled.emit()
