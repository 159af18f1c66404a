"""The "Knows" section of a contact's page: the people they know, strongest first, each with how
(friend, you introduced them, same organisation, inferred…), a strength bar and a way to remove the
link; "Knows…" adds one, "Who can introduce me…" looks for a way to them, "Show in graph" opens the
Graph page on them.

The panel shows what it is given (``set_links``) and says what the person asked for by signals: the
contact page does the reading and the window the acting (a link removed is one step of Edit → Undo).
Names and words are plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from desktop.ui import icons, style
from desktop.ui.style import colors
from desktop.ui.pages.common import clear_layout
from desktop.ui.text import PlainLabel, button, link_label, muted_label, plain_label, plain_tooltip

SHOWN = 8  # links listed before "Show all"


class StrengthBar(QWidget):
    """A short bar filled to a link's strength (0..1); its words are in the accessible name."""

    def __init__(self, strength: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.strength = max(0.0, min(1.0, strength))
        self.setObjectName("strengthBar")
        words = "strong" if self.strength >= 0.6 else "fair" if self.strength >= 0.35 else "weak"
        self.setAccessibleName(f"Strength {self.strength:.2f} ({words})")
        self.setToolTip(f"Strength {self.strength:.2f} of 1 ({words})")
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        h = self.fontMetrics().height()
        return QSize(h * 3, h // 2)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        pal = self.palette()
        p.setPen(Qt.NoPen)
        track = pal.color(QPalette.Mid)
        track.setAlpha(90)
        p.setBrush(track)
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        if self.strength > 0:
            p.setBrush(colors.accent(colors.ACCENT_HUE, pal))
            p.drawRoundedRect(QRectF(r.x(), r.y(), max(r.height(), r.width() * self.strength), r.height()),
                              r.height() / 2, r.height() / 2)  # fmt: skip
        p.end()


class KnowsPanel(QWidget):
    """See the module note."""

    contact_requested = Signal(int)  # open this contact
    add_requested = Signal()  # "Knows…"
    remove_requested = Signal(int)  # the other person of the link to remove
    who_can_introduce_requested = Signal()
    show_in_graph_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("knowsPanel")
        self.contact_id: int | None = None
        self.name = ""
        self.links: list = []
        self.show_all = False
        outer = style.vbox(self, margins=0, spacing=style.Space.XS)
        outer.setContentsMargins(12, 8, 12, 4)  # as the details below it
        head = QHBoxLayout()
        head.setSpacing(style.Space.S)
        self.title = plain_label("Knows", object_name="sectionTitle", type_step="strong")
        head.addWidget(self.title)
        self.count = muted_label("", object_name="knowsCount")
        head.addWidget(self.count)
        head.addStretch(1)
        self.add_button = button("Knows…", "add", object_name="knowsButton",
                                 tip="Record someone this person knows, and how")  # fmt: skip
        self.add_button.clicked.connect(self.add_requested)
        head.addWidget(self.add_button)
        outer.addLayout(head)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(style.Space.M)
        self.grid.setVerticalSpacing(style.Space.XS)
        self.grid.setColumnStretch(0, 1)
        outer.addWidget(self.grid_host)
        self.empty = muted_label("", object_name="knowsEmpty", wrap=True)
        outer.addWidget(self.empty)
        self.more = link_label("", self._on_more_activated, object_name="knowsMore")
        outer.addWidget(self.more, 0, Qt.AlignLeft)
        foot = QHBoxLayout()
        foot.setSpacing(style.Space.L)
        self.paths_link = link_label("Who can introduce me…", self.who_can_introduce_requested.emit,
                                     tip="The people you know who can introduce you to this person",
                                     object_name="whoCanIntroduceLink")  # fmt: skip
        foot.addWidget(self.paths_link)
        self.graph_link = link_label("Show in graph", self.show_in_graph_requested.emit,
                                     tip="Open the Graph page on this person", object_name="showInGraphLink")
        foot.addWidget(self.graph_link)
        foot.addStretch(1)
        outer.addLayout(foot)

    def set_links(self, contact_id: int, name: str, links: list | None) -> None:
        """Show whom ``name`` knows (``services.knows.KnowsLink`` values, strongest first); None while
        they are being read."""
        if contact_id != self.contact_id:
            self.show_all = False
        self.contact_id, self.name, self.links = contact_id, name, list(links or [])
        self._fill(reading=links is None)

    def _fill(self, reading: bool = False) -> None:
        clear_layout(self.grid)
        self.count.setText(str(len(self.links)) if self.links else "")
        self.empty.setText(
            "Reading…" if reading else "" if self.links else f"No one yet. “Knows…” records whom "
            f"{self.name or 'they'} know; introductions you log, a shared organisation, event or group and vCard "
            "RELATED add links too."
        )  # fmt: skip
        self.empty.setVisible(not self.links)
        shown = self.links if self.show_all else self.links[:SHOWN]
        for row, link in enumerate(shown):
            who = QWidget()
            who.setObjectName("knowsRow")
            lines = style.vbox(who, margins=0, spacing=0)
            name = link_label(link.name, lambda cid=link.contact_id: self.contact_requested.emit(cid),
                              tip=f"Open {link.name}", object_name="knowsName")  # fmt: skip
            lines.addWidget(name, 0, Qt.AlignLeft)
            how = muted_label(link.how, object_name="knowsHow", wrap=True)  # under the name: a narrow column
            how.setToolTip(plain_tooltip(
                "Inferred: nobody said so; remove it if they do not know each other" if link.inferred
                else link.how
            ))  # fmt: skip
            lines.addWidget(how)
            self.grid.addWidget(who, row, 0)
            self.grid.addWidget(StrengthBar(link.strength), row, 1, Qt.AlignVCenter | Qt.AlignRight)
            remove = QToolButton()
            remove.setObjectName("removeLink")
            remove.setIcon(icons.icon("remove"))
            remove.setAutoRaise(True)
            what = "Hide this inferred link" if link.inferred else "Remove this link"
            remove.setAccessibleName(f"{what}: {link.name}")
            remove.setToolTip(plain_tooltip(f"{what}: {self.name} and {link.name} do not know each other"))
            remove.clicked.connect(lambda _=False, cid=link.contact_id: self.remove_requested.emit(cid))
            self.grid.addWidget(remove, row, 2)
        hidden = len(self.links) - len(shown)
        self.more.setText(f"Show all {len(self.links)}" if hidden > 0 else "Show fewer")
        self.more.setVisible(hidden > 0 or (self.show_all and len(self.links) > SHOWN))

    def _on_more_activated(self) -> None:
        self.show_all = not self.show_all
        self._fill()

    def shown_names(self) -> list[str]:
        """The names listed, top to bottom (for tests and the screenshots)."""
        return [w.text() for w in self.grid_host.findChildren(PlainLabel, "knowsName")]
