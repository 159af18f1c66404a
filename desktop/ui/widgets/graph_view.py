"""The picture of a network in a QGraphicsView, after Qt's elastic-nodes example: a node per person,
sized by your relationship and coloured by the meter's band, and the links between them drawn by
strength (inferred ones fainter).

Made to stay smooth with 2,000 people: the links are one item that draws them in a few batched
calls (one per pen), each node caches its drawing, names are drawn only where they can be read (the
centre, the people nearest it, whoever is hovered, everyone once zoomed in), and the scene is not
indexed while people move. A click on a node (not a drag) emits ``contact_activated``; the wheel
zooms, dragging the background pans, dragging a node moves it.

Names are drawn with ``QPainter.drawText`` (plain text) and tooltips are escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen, QStaticText, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop.domain import reciprocity as rules
from desktop.ui.style import colors
from desktop.ui.text import plain_tooltip

MIN_RADIUS, MAX_RADIUS = 6.0, 18.0  # scene units: no relationship yet, the strongest
LABEL_PEOPLE = 60  # up to this many people, every name is tried (those that would overlap are left out)
NAMED_IN_VIEW = 300  # this few people in view (zoomed in), every name is tried
BAND_WORDS = {
    rules.YOU_GAVE_MORE: "you gave more",
    rules.THEY_GAVE_MORE: "they gave more",
    rules.BALANCED: "balanced",
    rules.ONE_SIDED: "one-sided",
    "": "nothing logged",
}
BAND_HUES = {rules.BALANCED: 285}  # a purple apart from given green and received blue


def band_color(band: str, palette: QPalette | None = None) -> QColor:
    """The colour of a person's node: given green when you gave more, received blue when they did,
    purple when balanced, the warning orange when one-sided, grey with nothing logged."""
    if band == rules.YOU_GAVE_MORE:
        return colors.given_color(palette)
    if band == rules.THEY_GAVE_MORE:
        return colors.received_color(palette)
    if band == rules.ONE_SIDED:
        return colors.warning_color(palette)
    if band in BAND_HUES:
        return colors.accent(BAND_HUES[band], palette)
    return colors.muted_text(palette)


def node_radius(strength: float) -> float:
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * max(0.0, min(1.0, strength))


class NodeItem(QGraphicsItem):
    """One person, as far as the mouse is concerned: where they are, hover, selection, dragging, and a
    click that did not move them (the view opens the contact). ``NodesLayer`` draws them all."""

    def __init__(self, view: GraphView, contact_id: int, name: str, strength: float, band: str, hops: int):
        super().__init__()
        self.view = view
        self.contact_id = contact_id
        self.name = name
        self.band = band
        self.hops = hops
        self.radius = node_radius(strength)
        self.always_named = False
        self.hovered = False
        self._pressed_at: QPointF | None = None
        self.setFlags(
            QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemSendsGeometryChanges
            | QGraphicsItem.ItemHasNoContents
        )  # fmt: skip
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.PointingHandCursor)
        self.setZValue(2)
        self.setToolTip(plain_tooltip(f"{name}\n{BAND_WORDS.get(band, band)}"))
        r = self.radius + 2
        self._bounds = QRectF(-r, -r, 2 * r, 2 * r)
        fm = view.fontMetrics()
        width = min(fm.horizontalAdvance(name), 180) + 4
        self.label = fm.elidedText(name, Qt.ElideRight, int(width))
        self.label_rect = QRectF(-width / 2, self.radius + 2, width, fm.height())
        # Laid out once, drawn as often as needed (QPainter.drawText lays the text out on every call).
        # Plain text: a name is never read as markup.
        self.static_label = QStaticText(self.label)
        self.static_label.setTextFormat(Qt.PlainText)
        self.static_label.setPerformanceHint(QStaticText.AggressiveCaching)
        self.label_left = -fm.horizontalAdvance(self.label) / 2

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:  # drawn by NodesLayer
        pass

    def itemChange(self, change, value):  # noqa: N802
        if change == QGraphicsItem.ItemPositionHasChanged:
            self.view.node_moved(self)
        elif change == QGraphicsItem.ItemSelectedHasChanged:
            self.view.layer.update()
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self.hovered = True
        self.view.hovered = self
        self.view.layer.update(self.label_rect.translated(self.pos()) | self.mapRectToScene(self._bounds))
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self.hovered = False
        if self.view.hovered is self:
            self.view.hovered = None
        self.view.layer.update(self.label_rect.translated(self.pos()) | self.mapRectToScene(self._bounds))
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._pressed_at = event.screenPos()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        start, self._pressed_at = self._pressed_at, None
        if event.button() == Qt.LeftButton and start is not None:
            moved = (event.screenPos() - start).manhattanLength()
            if moved < QGuiApplication.styleHints().startDragDistance():
                self.view.contact_activated.emit(self.contact_id)


class NodesLayer(QGraphicsItem):
    """Every person's circle, drawn by one item, colour by colour (a QGraphicsItem each would cost a
    Python call and Qt's set-up per person per frame), then the rings of the centre, the selected and
    the hovered, and the names that can be read at this zoom. Zoomed in, only who is in view is drawn.
    Outlines are drawn once few enough people are in view: stroking costs more than filling."""

    OUTLINED = 400  # people in view up to which circles get an outline

    def __init__(self, view: GraphView):
        super().__init__()
        self.view = view
        self.setZValue(1)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)  # the exposed rect: who is in view
        self._rect = QRectF()
        self._by_band: list[tuple[str, list[NodeItem]]] = []

    def set_nodes(self, nodes: list[NodeItem]) -> None:
        groups: dict[str, list[NodeItem]] = defaultdict(list)
        for n in nodes:
            groups[n.band].append(n)
        self._by_band = list(groups.items())
        self.moved()

    def moved(self) -> None:
        rect = self.view.nodes_rect()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def node_moved(self, node: NodeItem) -> None:
        """One person dragged: the rect grows if they left it; the view repaints what it must."""
        _grow(self, node)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect
        near = exposed.adjusted(-MAX_RADIUS, -MAX_RADIUS, MAX_RADIUS, MAX_RADIUS)
        culled = _part_of(exposed, self._rect)
        shown = [(band, [n for n in group if near.contains(n.pos())] if culled else group)
                 for band, group in self._by_band]  # fmt: skip
        count = sum(len(group) for _, group in shown)
        pal = self.view.palette()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.Antialiasing, lod * MIN_RADIUS >= 1.5)  # a dot of a pixel or two needs none
        if count <= self.OUTLINED and lod * MIN_RADIUS >= 3:
            outline = QPen(pal.color(QPalette.Base), 1.5)
            outline.setCosmetic(True)
            painter.setPen(outline)
        else:
            painter.setPen(Qt.NoPen)
        ellipse = painter.drawEllipse
        for band, group in shown:
            painter.setBrush(band_color(band, pal))
            for n in group:
                ellipse(n.pos(), n.radius, n.radius)
        painter.setBrush(Qt.NoBrush)
        for n in self.view.marked():
            ring = QPen(pal.color(QPalette.Highlight if n.isSelected() or n.hovered else QPalette.WindowText), 2.5)
            ring.setCosmetic(True)
            painter.setPen(ring)
            painter.drawEllipse(n.pos(), n.radius + 1.5, n.radius + 1.5)
        self._names(painter, shown, exposed, count)

    def _names(self, painter: QPainter, shown, exposed: QRectF, count: int) -> None:
        """Names at the size of the window's text whatever the zoom, below their circles; the centre's,
        the selected and the hovered first, then by closeness, each only where it overlaps none drawn
        before (a cell grid finds the neighbours)."""
        view = self.view
        marked = view.marked()
        if count <= NAMED_IN_VIEW:
            wanted = [n for _, group in shown for n in group]
        else:
            wanted = [n for _, group in shown for n in group if n.always_named]
        wanted.sort(key=lambda n: view.rank.get(n.contact_id, 0))
        t = painter.worldTransform()
        scale = t.m11()
        window = t.mapRect(exposed)
        painter.setWorldTransform(QTransform())
        painter.setPen(view.palette().color(QPalette.WindowText))
        font, bold = view.font(), view.bold_font
        cell = max(8.0, view.fontMetrics().height() * 2.0)
        taken: dict[tuple[int, int], list[QRectF]] = defaultdict(list)
        for n in marked:  # their circles, which a name must not cover
            at, r = t.map(n.pos()), n.radius * scale + 2
            ring = QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r)
            for c in _cells(ring, cell):
                taken[c].append(ring)
        for n in [*marked, *wanted]:
            at = t.map(n.pos())
            w, h = n.label_rect.width(), n.label_rect.height()
            rect = QRectF(at.x() - w / 2, at.y() + n.radius * scale + 2, w, h)
            if not rect.intersects(window):
                continue
            cells = _cells(rect, cell)
            if n not in marked and any(rect.intersects(r) for c in cells for r in taken[c]):
                continue
            for c in cells:
                taken[c].append(rect)
            painter.setFont(bold if n.contact_id == view.center_id else font)
            painter.drawStaticText(QPointF(rect.center().x() + n.label_left, rect.top()), n.static_label)
        painter.setWorldTransform(t)


def _cells(rect: QRectF, cell: float) -> list[tuple[int, int]]:
    return [(i, j) for i in range(int(rect.left() // cell), int(rect.right() // cell) + 1)
            for j in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1)]  # fmt: skip


def _grow(item, node: NodeItem) -> None:
    """Widen an item's rect (``_rect``) to take in where a node is now, with room for its name."""
    around = QRectF(node.x() - 100, node.y() - 30, 200, 90)
    if not item._rect.contains(around):
        item.prepareGeometryChange()
        item._rect = item._rect.united(around)


def _part_of(exposed: QRectF, whole: QRectF) -> bool:
    """Whether what is to be drawn is a small part of the whole (then only that part is worth drawing)."""
    return exposed.width() * exposed.height() < 0.5 * whole.width() * whole.height()


def _line(a: NodeItem, b: NodeItem) -> tuple:
    """(left, right, top, bottom, the line, a, b) of a link as its two people stand."""
    pa, pb = a.pos(), b.pos()
    ax, ay, bx, by = pa.x(), pa.y(), pb.x(), pb.y()
    return (min(ax, bx), max(ax, bx), min(ay, by), max(ay, by), QLineF(ax, ay, bx, by), a, b)


class EdgesItem(QGraphicsItem):
    """Every link, drawn in one go: lines grouped by pen (strength step, inferred or not)."""

    STEPS = (0.35, 0.6)  # weak < 0.35 <= middle < 0.6 <= strong

    def __init__(self, view: GraphView):
        super().__init__()
        self.view = view
        self.setZValue(-1)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)  # the exposed rect: lines outside skipped
        self._links: list[tuple[NodeItem, NodeItem, int, bool]] = []
        # (step, inferred) -> [(left, right, top, bottom, line, a, b)]: the boxes let a part of the view
        # skip the lines that cannot cross it, cheaply
        self._lines: dict[tuple[int, bool], list[tuple[float, float, float, float, QLineF]]] | None = None
        self._rect = QRectF()

    def set_links(self, links: list[tuple[NodeItem, NodeItem, float, bool]]) -> None:
        self.prepareGeometryChange()
        self._links = [(a, b, sum(s >= step for step in self.STEPS), inferred) for a, b, s, inferred in links]
        self._lines = None
        self._at: dict[NodeItem, list[tuple[tuple[int, bool], int]]] = {}  # a node's lines: (group, index)
        self._rect = self.view.nodes_rect()

    def node_moved(self, node: NodeItem) -> None:
        """One person dragged: only their lines are worked out again."""
        if self._lines is not None:
            for key, i in self._at.get(node, ()):
                a, b = self._lines[key][i][5:]
                self._lines[key][i] = _line(a, b)
                self._all[key][i] = self._lines[key][i][4]
        _grow(self, node)
        self.update()

    def moved(self) -> None:
        """Nodes moved: the lines are drawn again from where the nodes are now."""
        self._lines = None
        rect = self.view.nodes_rect()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    @staticmethod
    def pens(palette: QPalette) -> dict[tuple[int, bool], QPen]:
        """Opaque pens, the text colour mixed into the background by strength: blending thousands of
        semi-transparent lines costs several times more than drawing opaque ones."""
        text, base = palette.color(QPalette.WindowText), palette.color(QPalette.Base)
        out = {}
        for step, (width, share) in enumerate(((0.8, 0.28), (1.6, 0.45), (2.6, 0.62))):
            for inferred in (False, True):
                t = share / 2 if inferred else share
                c = QColor.fromRgbF(*(b + (f - b) * t for f, b in zip(text.getRgbF()[:3], base.getRgbF()[:3])))
                pen = QPen(c, width)
                pen.setCosmetic(True)  # the same width at every zoom
                out[(step, inferred)] = pen
        return out

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._lines is None:
            lines: dict[tuple[int, bool], list] = defaultdict(list)
            at: dict[NodeItem, list] = defaultdict(list)
            for a, b, step, inferred in self._links:
                group = lines[(step, inferred)]
                at[a].append(((step, inferred), len(group)))
                at[b].append(((step, inferred), len(group)))
                group.append(_line(a, b))
            self._lines, self._at = lines, at
            self._all = {key: [g[4] for g in group] for key, group in lines.items()}
        exposed = option.exposedRect
        if _part_of(exposed, self._rect):  # a part of the view (zoomed in, a scroll): only lines that may cross it
            left, right, top, bottom = exposed.left(), exposed.right(), exposed.top(), exposed.bottom()
            groups = {key: [g[4] for g in group if g[1] >= left and g[0] <= right and g[3] >= top
                            and g[2] <= bottom] for key, group in self._lines.items()}  # fmt: skip
        else:
            groups = self._all
        painter.setRenderHint(QPainter.Antialiasing, len(self._links) < 4000)
        pens = self.pens(self.view.palette())
        for key, group in groups.items():
            painter.setPen(pens[key])
            painter.drawLines(group)


class GraphView(QGraphicsView):
    """A network map on a scene: ``set_network`` places the people (``place`` moves them later)."""

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("graphView")
        self.setAccessibleName("Network graph")
        self.scene_ = QGraphicsScene(self)
        self.scene_.setItemIndexMethod(QGraphicsScene.NoIndex)  # people move: an index would be rebuilt
        self.setScene(self.scene_)
        self.setRenderHint(QPainter.Antialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)  # drag the background to pan: no scroll bars needed
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.DontSavePainterState, True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.nodes: dict[int, NodeItem] = {}
        self.bold_font = self.font()
        self.bold_font.setBold(True)
        self.edges = EdgesItem(self)
        self.scene_.addItem(self.edges)
        self.layer = NodesLayer(self)
        self.scene_.addItem(self.layer)
        self.center_id: int | None = None
        self.rank: dict[int, int] = {}
        self.hovered: NodeItem | None = None

    def nodes_rect(self) -> QRectF:
        """Where everyone is, with room for the biggest circle and a name."""
        if not self.nodes:
            return QRectF()
        xs = [n.x() for n in self.nodes.values()]
        ys = [n.y() for n in self.nodes.values()]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-100, -30, 100, 60)

    def moved(self) -> None:
        """People moved (a layout step): the circles and the links follow."""
        self.layer.moved()
        self.edges.moved()

    def node_moved(self, node: NodeItem) -> None:
        """One person dragged: their links follow."""
        self.layer.node_moved(node)
        self.edges.node_moved(node)

    def marked(self) -> list[NodeItem]:
        """The centre, the selected and the hovered: drawn with a ring."""
        out = [n for n in self.scene_.selectedItems() if isinstance(n, NodeItem)]
        if self.center_id in self.nodes:
            out.append(self.nodes[self.center_id])
        if self.hovered is not None:
            out.append(self.hovered)
        return out

    def set_network(self, network_map, positions: Mapping[int, tuple[float, float]]) -> None:
        """Show these people (``services.knows.NetworkMap``) at these positions, and fit them in view."""
        for item in self.nodes.values():
            self.scene_.removeItem(item)
        self.nodes = {}
        self.center_id = network_map.center
        self.rank = {n.contact_id: i for i, n in enumerate(network_map.nodes)}  # the closest first
        named = len(network_map.nodes) <= LABEL_PEOPLE
        for i, n in enumerate(network_map.nodes):
            item = NodeItem(self, n.contact_id, n.name, n.strength, n.band, n.hops)
            item.always_named = named or n.hops == 0 or (n.hops == 1 and i < 25)
            x, y = positions.get(n.contact_id, (0.0, 0.0))
            item.setPos(x, y)
            self.scene_.addItem(item)
            self.nodes[n.contact_id] = item
        self.layer.set_nodes(list(self.nodes.values()))
        self.edges.set_links(
            [(self.nodes[e.a], self.nodes[e.b], e.strength, e.inferred) for e in network_map.edges
             if e.a in self.nodes and e.b in self.nodes]
        )  # fmt: skip
        self.fit()

    def place(self, positions: Mapping[int, tuple[float, float]]) -> None:
        """Move people (a layout step); the links follow once, after all of them moved."""
        for cid, (x, y) in positions.items():
            item = self.nodes.get(cid)
            if item is not None and not item.isSelected():
                item.setFlag(QGraphicsItem.ItemSendsGeometryChanges, False)
                item.setPos(x, y)
                item.setFlag(QGraphicsItem.ItemSendsGeometryChanges, True)
        self.moved()

    def fit(self) -> None:
        rect = self.scene_.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self.scene_.setSceneRect(rect.adjusted(-rect.width(), -rect.height(), rect.width(), rect.height()))
        if self.nodes:
            self.fitInView(rect, Qt.KeepAspectRatio)
            if self.transform().m11() > 1.5:  # a few people: not blown up
                self.resetTransform()
                self.scale(1.5, 1.5)
            self.centerOn(rect.center())

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange):
            self.layer.update()
            self.edges.update()

    def wheelEvent(self, event) -> None:  # noqa: N802
        factor = 1.0015 ** event.angleDelta().y()
        zoom = self.transform().m11() * factor
        if 0.05 <= zoom <= 6:
            self.scale(factor, factor)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        selected = [i for i in self.scene_.selectedItems() if isinstance(i, NodeItem)]
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and selected:
            self.contact_activated.emit(selected[0].contact_id)
            event.accept()
            return
        if event.key() in (Qt.Key_Plus, Qt.Key_Equal):
            self.scale(1.25, 1.25)
        elif event.key() == Qt.Key_Minus:
            self.scale(0.8, 0.8)
        else:
            super().keyPressEvent(event)
