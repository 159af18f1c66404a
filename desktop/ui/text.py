"""Labels, tooltips and buttons that show text exactly as it is: the one set of helpers every page and
dialog uses. Names, notes and anything imported are the user's text, so no label here reads its text
as rich text (a contact called ``<b>Bold</b>`` shows those characters) and tooltips are escaped.

- ``plain_label``: any text (``tone="muted" | "error" | "warning" | "success"`` colours it from the theme)
- ``muted_label``: secondary text (hints, counts)
- ``heading``: a title on the type scale
- ``plain_tooltip``: a tooltip that shows its text as typed
- ``button``: a push button with one of the app's icons, an accessible name and a tooltip
- ``link_label``: text that acts like a link (click, Enter or Space) and is still plain text
- ``emphasised_label``: text with some words in bold (the reasons of introductions), built from escaped
  pieces, never from markup in the text
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.ui.style import colors
from desktop.ui.style.scale import set_type


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: QToolTip renders rich text whenever Qt.mightBeRichText
    says so, so a contact's name or note must be escaped (and its line breaks kept)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


class PlainLabel(QLabel):
    """A QLabel fixed to plain text, with an optional tone that follows the theme."""

    def __init__(self, text: str = "", parent: QWidget | None = None, tone: str | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self._tone = tone
        self._applying = False
        self._apply_tone()
        self.setText(text)

    def tone(self) -> str | None:
        return self._tone

    def set_tone(self, tone: str | None) -> None:
        self._tone = tone
        if tone is None:
            self.setPalette(QPalette())  # back to the inherited colours
        self._apply_tone()

    def _apply_tone(self) -> None:
        if self._tone is None or self._applying:
            return
        self._applying = True
        try:
            pal = self.palette()
            # The tone is computed from the application's palette: the label's own carries the tone itself.
            pal.setColor(QPalette.WindowText, colors.TONES[self._tone]())
            self.setPalette(pal)
        finally:
            self._applying = False

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange):
            self._apply_tone()


def plain_label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    object_name: str = "",
    wrap: bool = False,
    selectable: bool = False,
    tone: str | None = None,
    type_step: str = "",
) -> PlainLabel:
    """A label that never reads its text as rich text."""
    label = PlainLabel(text, parent, tone)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
    if type_step:
        set_type(label, type_step)
    return label


def muted_label(text: str = "", parent: QWidget | None = None, **kwargs) -> PlainLabel:
    """Secondary text in the theme's muted colour (hints, counts, "nothing here yet")."""
    return plain_label(text, parent, tone="muted", **kwargs)


def heading(text: str, step: str = "heading", *, object_name: str = "", wrap: bool = False) -> PlainLabel:
    """A title on the type scale (``step``: "heading", "title", "subtitle"...), named for screen readers."""
    label = plain_label(text, object_name=object_name, wrap=wrap, type_step=step)
    label.setAccessibleName(text)
    return label


def button(
    text: str,
    icon_name: str = "",
    *,
    object_name: str = "",
    tip: str = "",
    accessible: str = "",
    default: bool = False,
    parent: QWidget | None = None,
) -> QPushButton:
    """A push button with one of the app's icons, an accessible name (the text without its ``&`` and
    ``…``) and a tooltip. Not auto-default: Enter in a form goes to the form's own default button."""
    from desktop.ui import icons

    b = QPushButton(text, parent)
    if icon_name:
        b.setIcon(icons.icon(icon_name))
    if object_name:
        b.setObjectName(object_name)
    name = accessible or text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
    b.setAccessibleName(name)
    b.setToolTip(tip or name)
    b.setAutoDefault(default)
    b.setDefault(default)
    return b


class LinkLabel(PlainLabel):
    """Plain text that acts like a link: the theme's link colour, underlined, a pointing hand, and
    ``activated`` on a click, Enter or Space (it takes the keyboard focus like a button)."""

    activated = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent, tone="link")
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        self.setCursor(Qt.PointingHandCursor)
        self.setFocusPolicy(Qt.StrongFocus)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.hasFocus():
            from PySide6.QtGui import QPainter, QPen

            p = QPainter(self)
            p.setPen(QPen(self.palette().color(QPalette.Highlight), 1, Qt.DotLine))
            p.drawRect(self.rect().adjusted(0, 0, -1, -1))
            p.end()


def link_label(text: str, on_activated: Callable[[], None] | None = None, *, tip: str = "",
               object_name: str = "") -> LinkLabel:  # fmt: skip
    """A link-style label (see LinkLabel); ``tip`` is escaped like every tooltip."""
    label = LinkLabel(text)
    if object_name:
        label.setObjectName(object_name)
    label.setAccessibleName(text)
    label.setToolTip(plain_tooltip(tip or text))
    if on_activated is not None:
        label.activated.connect(on_activated)
    return label


def emphasised_html(text: str, spans) -> str:
    """``text`` as rich text with the (start, end) ``spans`` in bold, built from escaped pieces: nothing in
    the text (a name like ``<b>Bold</b>``, an ``&``) is ever read as markup. Spaces and line breaks kept."""
    parts, at = [], 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start < at or start >= end:
            continue  # overlapping or empty: the plain text stands
        parts.append(html.escape(text[at:start], quote=False))
        parts.append("<b>" + html.escape(text[start:end], quote=False) + "</b>")
        at = end
    parts.append(html.escape(text[at:], quote=False))
    body = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return body if "  " not in text and "\n" not in text else f"<span style='white-space:pre-wrap'>{body}</span>"


def emphasised_label(text: str, spans, parent: QWidget | None = None, *, object_name: str = "",
                     wrap: bool = True, tone: str | None = None) -> PlainLabel:  # fmt: skip
    """A label showing ``text`` with some words in bold (``emphasised_html``); its accessible name and
    ``plain_text`` property are the text as it is. Links are neither drawn nor followed."""
    label = PlainLabel("", parent, tone)
    label.setTextFormat(Qt.RichText)
    label.setText(emphasised_html(text, spans))
    label.setProperty("plain_text", text)
    label.setAccessibleName(text)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(Qt.NoTextInteraction)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label
