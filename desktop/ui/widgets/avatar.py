"""A person's photo in a circle, or their initials on a colour of their own: the one avatar of the
list, the contact page and Today.

- ``paint_avatar``: draw it anywhere (a delegate, a chip);
- ``Avatar``: the widget (``set_person`` with the photo's bytes, or ``set_contact`` to have the photo
  read for it);
- ``photo_cache()``: contacts' photos read on a worker the first time a row or widget asks, decoded
  to a small square there, and kept (the most recent ``PhotoCache.LIMIT``): a list of 100,000 rows
  reads only the photos of the rows it paints, and paints initials until a photo is in.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.style import colors
from desktop.ui.text import plain_tooltip

THUMB = 144  # px: photos are kept at this size, enough for a 72 px avatar at 200%


def initials(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


def square_thumbnail(data: bytes, side: int = THUMB) -> QImage | None:
    """The photo in ``data`` cropped to its centre square and scaled to ``side``; None if unreadable.
    Safe on a worker thread (QImage, no widgets)."""
    img = QImage()
    if not data or not img.loadFromData(data):
        return None
    scaled = img.scaled(side, side, Qt.KeepAspectRatioByExpanding, Qt.SmoothTransformation)
    x, y = (scaled.width() - side) // 2, (scaled.height() - side) // 2
    return scaled.copy(x, y, side, side).convertToFormat(QImage.Format_ARGB32_Premultiplied)


def paint_avatar(painter: QPainter, rect: QRectF, name: str, image: QImage | None = None) -> None:
    """Draw the avatar of ``name`` into ``rect`` (a square), with ``image`` if there is one."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.SmoothPixmapTransform)
    path = QPainterPath()
    path.addEllipse(rect)
    if image is not None and not image.isNull():
        painter.setClipPath(path)
        side = min(image.width(), image.height())
        src = QRectF((image.width() - side) / 2, (image.height() - side) / 2, side, side)
        painter.drawImage(rect, image, src)
    else:
        painter.setPen(Qt.NoPen)
        painter.setBrush(colors.avatar_color(name))
        painter.drawEllipse(rect)
        font = QFont(painter.font())
        font.setPixelSize(max(8, round(rect.height() * 0.38)))
        font.setWeight(QFont.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor(Qt.white))
        painter.drawText(rect, Qt.AlignCenter, initials(name))
    painter.restore()


class PhotoCache(QObject):
    """Contacts' photos, read and decoded on a worker when first asked for; ``loaded`` when some came in."""

    loaded = Signal()
    LIMIT = 1500  # photos kept (144 px squares: ~80 KB each)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._images: OrderedDict[int, QImage | None] = OrderedDict()  # None: no readable photo
        self._pixmaps: dict[tuple[int, int, float], QPixmap] = {}
        self._wanted: dict[int, None] = {}  # asked for, not read yet (in order)
        self._reading: set[int] = set()
        self._op = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # after the paint that asked: one read for all its rows
        self._timer.timeout.connect(self._read)

    # --- asking ---------------------------------------------------------------------

    def image(self, contact_id: int) -> QImage | None:
        """The photo if it is in (None otherwise: it is read soon, and ``loaded`` follows)."""
        if contact_id in self._images:
            self._images.move_to_end(contact_id)
            return self._images[contact_id]
        self.request(contact_id)
        return None

    def pixmap(self, contact_id: int, size: int, dpr: float) -> QPixmap | None:
        """The round avatar of the photo at ``size`` (logical px), or None until it is read (or when
        the photo cannot be read: then the caller paints initials)."""
        key = (contact_id, size, dpr)
        pm = self._pixmaps.get(key)
        if pm is not None:
            return pm
        image = self.image(contact_id)
        if image is None:
            return None
        if len(self._pixmaps) > self.LIMIT:
            self._pixmaps.clear()
        pm = QPixmap(round(size * dpr), round(size * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.transparent)
        p = QPainter(pm)
        paint_avatar(p, QRectF(0, 0, size, size), "", image)
        p.end()
        self._pixmaps[key] = pm
        return pm

    def is_waiting(self) -> bool:
        """Whether photos were asked for and are not in yet (tests wait on ``loaded``)."""
        return bool(self._wanted or self._reading)

    def request(self, contact_id: int) -> None:
        if contact_id in self._images or contact_id in self._reading:
            return
        self._wanted[contact_id] = None
        if self._op is None:
            self._timer.start()

    # --- what changed ---------------------------------------------------------------

    def put(self, contact_id: int, photo: bytes | None) -> None:
        """The photo of a contact someone has read already (the contact page): shown by the list too."""
        self.forget([contact_id])
        self._keep(contact_id, square_thumbnail(photo) if photo else None)

    def forget(self, ids) -> None:
        """These contacts changed: read their photos again when next asked."""
        for cid in ids:
            self._images.pop(cid, None)
        gone = set(ids)
        for key in [k for k in self._pixmaps if k[0] in gone]:
            del self._pixmaps[key]

    def clear(self) -> None:
        """Another database, or many contacts changed."""
        self._images.clear()
        self._pixmaps.clear()
        self._wanted.clear()
        self._reading = set()  # a read under way is for the old data: dropped when it comes

    # --- reading --------------------------------------------------------------------

    def _keep(self, contact_id: int, image: QImage | None) -> None:
        self._images[contact_id] = image
        while len(self._images) > self.LIMIT:
            old, _ = self._images.popitem(last=False)
            for key in [k for k in self._pixmaps if k[0] == old]:
                del self._pixmaps[key]

    def _read(self) -> None:
        if self._op is not None or not self._wanted:
            return
        ids = list(self._wanted)[-200:]  # the newest asks: the rows on screen now
        self._wanted.clear()
        self._reading = set(ids)

        def work():
            from desktop.services import search

            found = search.photos(ids)
            return {cid: square_thumbnail(found[cid]) if cid in found else None for cid in ids}

        from desktop.ui import workers

        self._op = workers.read(self, work, self._on_read, self._on_failed, name="photos")

    def _on_read(self, images: dict) -> None:
        self._op = None
        for cid, image in images.items():
            if cid in self._reading:
                self._keep(cid, image)
        self._reading = set()
        self.loaded.emit()
        if self._wanted:
            self._timer.start()

    def _on_failed(self, exc: BaseException) -> None:
        self._op = None
        self._reading = set()
        from desktop.ui import errors

        if errors.is_bug(exc):
            errors.report_bug(exc)


_cache: PhotoCache | None = None


def photo_cache() -> PhotoCache:
    """The application's one photo cache."""
    global _cache
    if _cache is None:
        _cache = PhotoCache()
    return _cache


class Avatar(QWidget):
    """A person's avatar: ``set_person(name, photo)`` with the photo's bytes, or ``set_contact(id, name,
    has_photo)`` to have the photo read (the list's cache) and shown when it comes."""

    def __init__(self, size: int = 64, parent=None):
        super().__init__(parent)
        self._size = size
        self._name = ""
        self._image: QImage | None = None
        self._contact_id = 0
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.setObjectName("avatar")
        self.setAccessibleName("Photo")

    def set_person(self, name: str, photo: bytes | None = None) -> None:
        self._name = name
        self._contact_id = 0
        self._image = square_thumbnail(photo) if photo else None
        self._tip()

    def set_contact(self, contact_id: int, name: str, has_photo: bool) -> None:
        self._name = name
        self._contact_id = contact_id if has_photo else 0
        self._image = photo_cache().image(contact_id) if has_photo else None
        if has_photo and self._image is None:
            photo_cache().loaded.connect(self._on_cache_loaded, Qt.UniqueConnection)
        self._tip()

    def _on_cache_loaded(self) -> None:
        if self._contact_id and self._image is None:
            self._image = photo_cache().image(self._contact_id)
            if self._image is not None:
                self._tip()

    def _tip(self) -> None:
        self.setToolTip(plain_tooltip(f"Photo of {self._name}" if self._image is not None else f"{self._name} (no photo)"))
        self.update()

    def has_photo(self) -> bool:
        return self._image is not None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._size, self._size)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        paint_avatar(p, QRectF(0.5, 0.5, self._size - 1, self._size - 1), self._name or "?", self._image)
        p.end()


_pixmaps: dict[tuple, QPixmap] = {}


def avatar_pixmap(name: str, size: int, dpr: float = 1.0) -> QPixmap:
    """The initials avatar of ``name`` as a cached pixmap (lists paint hundreds of them)."""
    key = (name, size, dpr, QGuiApplication.palette().cacheKey())
    pm = _pixmaps.get(key)
    if pm is None:
        if len(_pixmaps) > 2000:
            _pixmaps.clear()
        pm = QPixmap(round(size * dpr), round(size * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.transparent)
        p = QPainter(pm)
        paint_avatar(p, QRectF(0, 0, size, size), name)
        p.end()
        _pixmaps[key] = pm
    return pm
