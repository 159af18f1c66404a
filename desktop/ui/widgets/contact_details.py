"""The contact page's side panel: how to reach the person (phones, emails, web, profiles, addresses)
and what you know of them (birthday, tags, groups, how you met, interests, notes).

Each value is plain text. A phone, an email or a web address is a link: a click (or Enter) opens it
through the desktop (``tel:``, ``mailto:``, the browser); a right-click offers Copy (the clipboard
then holds the value) beside the link's own action. A value is shown whole whenever the panel has
room for it; an unbreakable one (an email) is cut in the middle only when the panel is narrower.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from desktop.domain.contact import ContactData
from desktop.ui import icons
from desktop.ui.style import Space, colors
from desktop.ui.pages.common import clear_layout
from desktop.ui.text import PlainLabel, link_label, muted_label, plain_label, plain_tooltip

KIND_WORDS = {
    "cell": "mobile",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
    "": "",
}
ICON = 16  # px: the icon before each value


def format_birthday(value: str) -> str:
    """``1985-04-15`` -> "15 April 1985"; ``--04-15`` -> "15 April"."""
    from desktop.ui.models.timeline_model import MONTHS

    if not value:
        return ""
    try:
        if value.startswith("--"):
            m, d = int(value[2:4]), int(value[5:7])
            return f"{d} {MONTHS[m - 1]}"
        y, m, d = int(value[0:4]), int(value[5:7]), int(value[8:10])
        return f"{d} {MONTHS[m - 1]} {y}"
    except (ValueError, IndexError):
        return value


def format_address(a) -> str:
    lines = [a.po_box, a.extended, a.street, " ".join(p for p in (a.postal_code, a.city) if p), a.region, a.country]
    return "\n".join(line for line in lines if line)


def phone_url(number: str) -> QUrl | None:
    """``tel:`` with the digits (and a leading +) of a written number; None when it has no digits."""
    digits = re.sub(r"[^\d+]", "", number)
    digits = digits[:1] + digits[1:].replace("+", "")
    return QUrl(f"tel:{digits}") if any(c.isdigit() for c in digits) else None


def email_url(address: str) -> QUrl | None:
    address = address.strip()
    return QUrl(f"mailto:{address}") if "@" in address and " " not in address else None


def web_url(address: str) -> QUrl | None:
    """A web address as typed ("example.com", "https://…"); None for what is not one."""
    address = address.strip()
    if not address or " " in address:
        return None
    url = QUrl.fromUserInput(address)
    return url if url.isValid() and url.scheme() in ("http", "https") else None


class DetailValue(PlainLabel):
    """One value of the panel. Wrapped when it has spaces (an address, a note); an unbreakable value is
    shown whole when it fits and cut in the middle when the panel is narrower (the tooltip and the
    accessible description keep it whole). With a ``url`` it is a link. Right-click: Copy."""

    opened = Signal(QUrl)
    elides = True  # style.audit: a cut value is meant (and shown whole in its tooltip)

    def __init__(self, text: str, url: QUrl | None = None, action: str = "", parent: QWidget | None = None):
        super().__init__("", parent, tone="link" if url is not None else None)
        self.full_text = text
        self.url = url
        self.action_words = action  # "Call", "Write an email", "Open"
        self._single = "\n" not in text and not any(ch.isspace() for ch in text)
        self.setAccessibleDescription(text)
        self.setToolTip(plain_tooltip(text))
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # a long value never widens the panel
        if not self._single:
            self.setWordWrap(True)
            self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if url is not None:
            font = self.font()
            font.setUnderline(True)
            self.setFont(font)
            self.setCursor(Qt.PointingHandCursor)
            self.setFocusPolicy(Qt.StrongFocus)
            self.setToolTip(plain_tooltip(f"{action}: {text}" if action else text))
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        self.setText(text)

    # --- showing it whole when there is room -------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        if self._single:
            hint.setWidth(self.fontMetrics().horizontalAdvance(self.full_text) + 2)
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._single:
            shown = self.fontMetrics().elidedText(self.full_text, Qt.ElideMiddle, max(10, self.width()))
            if shown != self.text():
                self.setText(shown)

    def is_cut(self) -> bool:
        return self.text() != self.full_text

    # --- acting --------------------------------------------------------------------------

    def open(self) -> None:
        if self.url is not None:
            QDesktopServices.openUrl(self.url)
            self.opened.emit(self.url)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.full_text)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if (self.url is not None and event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint())
                and not self.hasSelectedText()):  # fmt: skip
            self.open()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.url is not None and event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space):
            self.open()
            event.accept()
            return
        if event.matches(QKeySequence.Copy) and not self.hasSelectedText():
            self.copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        """Copy, and the link's own action (Call, Write an email, Open)."""
        menu = QMenu(self)
        menu.setObjectName("detailMenu")
        copy = menu.addAction(icons.icon("copy"), "Copy")
        copy.setObjectName("copyValueAction")
        copy.triggered.connect(self.copy)
        if self.url is not None:
            icon = {"tel": "phone", "mailto": "email"}.get(self.url.scheme(), "link")
            act = menu.addAction(icons.icon(icon), self.action_words or "Open")
            act.setObjectName("openValueAction")
            act.triggered.connect(self.open)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = self.context_menu()
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(event.globalPos())
        event.accept()


class DetailsPanel(QWidget):
    """The side panel's content. ``values`` maps each row's label ("Phone (mobile)", "Email (work)",
    "Birthday") to the values shown, as a reader (or a test) would list them."""

    event_requested = Signal(int)  # "How we met: At <event>" was clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("contactDetails")
        self.setAccessibleName("Details")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(Space.M, Space.XS, Space.M, Space.M)
        outer.setSpacing(Space.M)
        # Two parts rebuilt for each contact, and between them a widget of another feature (whom they
        # know) that stays: how to reach them, whom they know, what you know of them.
        self._reach = QWidget()
        self._about = QWidget()
        self._middle_box = QVBoxLayout()
        self._middle_box.setContentsMargins(0, 0, 0, 0)
        for part in (self._reach, self._about):
            lay = QVBoxLayout(part)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(Space.S)
        self._end_box = QVBoxLayout()
        self._end_box.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._reach)
        outer.addLayout(self._middle_box)
        outer.addWidget(self._about)
        outer.addLayout(self._end_box)
        outer.addStretch(1)
        self._layout = self._reach.layout()
        self.values: dict[str, list[str]] = {}
        self.links: dict[str, list[DetailValue]] = {}

    def set_middle(self, widget: QWidget) -> None:
        """A widget of another feature shown between how to reach them and what you know of them (whom
        they know); kept across contacts."""
        self._middle_box.addWidget(widget)

    def set_end(self, widget: QWidget) -> None:
        """A widget of another feature after what you know of them (the needs and offers editor)."""
        self._end_box.addWidget(widget)

    def _clear(self) -> None:
        for part in (self._reach, self._about):
            clear_layout(part.layout())  # off the screen now, not at the next turn (a grab would show both)
        self.values = {}
        self.links = {}

    def _section(self, title: str, rows: list[tuple]) -> None:
        """rows: (label, value, icon name, caption, url, action words)."""
        if not rows:
            return
        self._layout.addWidget(plain_label(title, object_name="sectionTitle", type_step="strong"))
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(Space.S)
        grid.setVerticalSpacing(Space.XXS)
        grid.setColumnStretch(1, 1)
        n = 0
        for label, value, icon_name, caption, url, action in rows:
            mark = plain_label(object_name="detailIcon")
            mark.setProperty("iconName", icon_name)
            self._tint(mark)
            mark.setFixedSize(ICON, self.fontMetrics().height())
            mark.setAlignment(Qt.AlignCenter)
            if isinstance(value, QWidget):  # made by the caller (words and a link)
                val, value = value, value.accessibleDescription()
            else:
                val = DetailValue(value, url, action)
                val.setAccessibleName(label)
                val.setAlignment(Qt.AlignLeft | Qt.AlignTop)
            grid.addWidget(mark, n, 0, Qt.AlignTop)
            grid.addWidget(val, n, 1)
            n += 1
            if caption:
                cap = muted_label(caption, object_name="detailCaption")
                cap.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
                grid.addWidget(cap, n, 1)
                n += 1
            grid.setRowMinimumHeight(n, Space.XS)
            n += 1
            self.values.setdefault(label, []).append(value)
            self.links.setdefault(label, []).append(val)
        self._layout.addWidget(box)

    def show_contact(self, record, extras) -> None:
        self._clear()
        d: ContactData = record.data
        reach: list[tuple] = []
        for p in d.phones:
            kind = KIND_WORDS.get(p.kind, p.kind)
            reach.append((f"Phone ({kind})" if kind else "Phone", p.value, "phone", kind or "phone",
                          phone_url(p.value), "Call"))  # fmt: skip
        for e in d.emails:
            reach.append((f"Email ({e.kind})" if e.kind else "Email", e.value, "email", e.kind or "email",
                          email_url(e.value), "Write an email"))  # fmt: skip
        for u in d.urls:
            reach.append(("Web", u.value, "link", "web", web_url(u.value), "Open"))
        for s in d.social_profiles:
            service = s.service.capitalize() or "Profile"
            reach.append((service, s.value, "link", service.lower(), web_url(s.value) if "/" in s.value else None, "Open"))
        for m in d.instant_messages:
            service = m.service.capitalize() or "Chat"
            reach.append((service, m.handle, "message", service.lower(), None, ""))
        for a in d.addresses:
            if not a.is_empty():
                reach.append((f"Address ({a.kind})" if a.kind else "Address", format_address(a), "address",
                              a.kind or "address", None, ""))  # fmt: skip
        about: list[tuple] = []
        if d.birthday:
            about.append(("Birthday", format_birthday(d.birthday), "birthday", "birthday", None, ""))
        if d.anniversary:
            about.append(("Anniversary", format_birthday(d.anniversary), "calendar", "anniversary", None, ""))
        if d.tags:
            about.append(("Tags", ", ".join(d.tags), "tag", "tags", None, ""))
        if extras.groups:
            about.append(("Groups", ", ".join(extras.groups), "group", "groups", None, ""))
        how = record.met_how
        if d.connected_on:  # LinkedIn's "Connected On": when you met, as far as the network knows
            connected = f"Connected on LinkedIn on {format_birthday(d.connected_on)}"
            how = f"{how}\n{connected}" if how else connected
        if extras.met_event_id is not None:  # the words, and a link to the event on the Groups & Events page
            when = f" ({extras.met_event_date.isoformat()})" if extras.met_event_date else ""
            about.append(("How we met", self._met_at(how, f"At {extras.met_event}{when}", extras.met_event_id),
                          "event", "how we met", None, ""))  # fmt: skip
        elif how:
            about.append(("How we met", how, "event", "how we met", None, ""))
        if record.interests:
            about.append(("Interests", record.interests, "star", "interests", None, ""))
        if d.note:
            about.append(("Notes", d.note, "note", "notes", None, ""))
        self._layout = self._reach.layout()
        self._section("Reach them", reach)
        if not reach:
            self._layout.addWidget(muted_label("No phone, email or web address yet: Edit adds them.",
                                               object_name="detailsEmpty", wrap=True))  # fmt: skip
        self._layout = self._about.layout()
        self._section("About them", about)
        self._about.setVisible(bool(about))

    def _met_at(self, how: str, at: str, event_id: int) -> QWidget:
        """How we met in words, then the event as a link (it opens on the Groups & Events page)."""
        box = QWidget()
        box.setAccessibleDescription(f"{how}\n{at}" if how else at)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(Space.XXS)
        if how:
            lay.addWidget(DetailValue(how))
        link = link_label(at, lambda: self.event_requested.emit(event_id), object_name="metEventLink",
                          tip="Open the event on the Groups & Events page")  # fmt: skip
        link.setWordWrap(True)
        lay.addWidget(link)
        box.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        box.setMinimumWidth(40)
        return box

    def _tint(self, mark: QLabel) -> None:
        mark.setPixmap(icons.tinted_pixmap(mark.property("iconName"), ICON, colors.muted_text(), self.devicePixelRatioF()))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange):
            for mark in self.findChildren(QLabel, "detailIcon"):  # tinted for the theme they were made in
                self._tint(mark)

    def link_of(self, label: str, n: int = 0) -> DetailValue:
        return self.links[label][n]

