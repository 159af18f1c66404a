"""The Today page's rows: one person's row (``todayItem``: avatar, the name that opens the contact,
then one line per thing to do for them), a thing's line (what to do, why, and the buttons for its
kind), a group of one kind that folds away, and the Undo overlay.

A kind of thing can bring its own line: ``register_line(kind, build)`` with
``build(page, thing, today) -> TodayRow`` (the introductions' line is built this way, so the feature
that owns introductions can replace its buttons; ``text_box`` takes more words under the text). A line
keeps its buttons left to right (primary, done, Snooze), and the page gives every button of a column
one width, so they line up across rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

from desktop.domain.today import SNOOZE_CHOICES
from desktop.domain.today_words import weekday as day
from desktop.ui import style
from desktop.ui.style.surfaces import paint_card
from desktop.ui.text import button, link_label, muted_label, plain_label, plain_tooltip
from desktop.ui.widgets.avatar import Avatar

AVATAR = 32



def due_text(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days, {day(due)}"
    late = -days
    return f"{late} day{'s' if late != 1 else ''} overdue (due {day(due)})"


class TodayRow(QFrame):
    """One thing to do: what (``text_label``), why (``why_label``), when (``when_label``), its buttons."""

    def __init__(self, ref: str, kind: str, text: str, why: str = "", when: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayThing")
        self.ref = ref
        self.kind = kind
        self.setProperty("ref", ref)
        self.setAccessibleName(text)
        self.setAccessibleDescription(why)
        layout = style.hbox(self, spacing=style.Space.M)
        # The text column joins the row first: a label shown before it has a parent is a window of its
        # own for a moment, and takes the activation away from the main window.
        self.text_box = text_box = style.vbox(spacing=style.Space.XXS)
        layout.addLayout(text_box, 1)
        # One line (the words are few): a wrapping label here was given two lines' height in the row.
        self.text_label = plain_label(text, object_name="itemText", type_step="strong")
        self.text_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.text_label.setToolTip(plain_tooltip(f"{text}\n{why}" if why else text))
        text_box.addWidget(self.text_label)
        self.why_label = muted_label(why, object_name="itemWhy", wrap=True)
        text_box.addWidget(self.why_label)
        self.why_label.setVisible(bool(why))
        self.when_label = muted_label(when, object_name="itemWhen")
        text_box.addWidget(self.when_label)
        self.when_label.setVisible(bool(when))
        text_box.addStretch(1)  # room the buttons leave goes below the words, not between them
        self.buttons = style.hbox(spacing=style.Space.XS)
        layout.addLayout(self.buttons)
        layout.setAlignment(self.buttons, Qt.AlignTop)

    def add_button(self, object_name: str, text: str, tip: str, icon_name: str = "") -> QPushButton:
        # tips name contacts: never read as rich text
        b = button(text, icon_name, object_name=object_name, tip=plain_tooltip(tip),
                   accessible=f"{text.rstrip('…')}: {self.accessibleName()}")  # fmt: skip
        b.setProperty("column", self.buttons.count())  # the page lines up each column across lines
        self.buttons.addWidget(b)
        return b

    def add_snooze(self, on_snooze: Callable[[str, int], None]) -> QPushButton:
        """Snooze with its menu (a day, a week). A push button: its size makes room for the menu's
        arrow, which a tool button's did not (the arrow was clipped)."""
        b = self.add_button("snoozeButton", "Snooze", "Hide this until tomorrow or next week", "snooze")
        b.setAccessibleName(f"Snooze: {self.accessibleName()}")
        menu = QMenu(b)
        menu.setObjectName("snoozeMenu")
        for text, days in SNOOZE_CHOICES.items():
            action = menu.addAction(f"For {text}")
            action.setObjectName(f"snooze{days}")
            action.setData(days)
            action.triggered.connect(lambda checked=False, d=days: on_snooze(self.ref, d))
        b.setMenu(menu)
        return b


class PersonRow(QFrame):
    """``todayItem``: one person (or the two of an introduction): avatar, name (a link that opens the
    contact) and the lines of what to do for them."""

    def __init__(self, people: list[tuple[int, str]], on_open: Callable[[int], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayItem")
        self.people = people
        self.setAccessibleName(" and ".join(name for _, name in people))
        outer = style.hbox(self, margins=style.Space.S, spacing=style.Space.M)
        self.avatar = Avatar(AVATAR)
        self.avatar.set_person(people[0][1])  # initials and colour, as in the contact list
        outer.addWidget(self.avatar, 0, Qt.AlignTop)
        column = style.vbox(spacing=style.Space.XS)
        names = style.hbox(spacing=style.Space.XS)
        self.name_links = []
        for n, (cid, name) in enumerate(people):
            if n:
                names.addWidget(muted_label("and"))
            link = link_label(name, lambda c=cid: on_open(c), tip=f"Open {name}", object_name="personName")
            style.set_type(link, "strong")
            self.name_links.append(link)
            names.addWidget(link)
        names.addStretch(1)
        column.addLayout(names)
        self.lines = style.vbox(spacing=style.Space.S)
        column.addLayout(self.lines)
        outer.addLayout(column, 1)

    def add_line(self, line: TodayRow) -> None:
        self.lines.addWidget(line)


class KindGroup(QFrame):
    """The rest of one kind, behind "Show all": a header that folds the group away, and its rows."""

    toggled = Signal(bool)

    def __init__(self, key: str, title: str, icon_name: str, hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.title = title
        self.setObjectName(f"section_{key}")
        self.setAccessibleName(title)
        outer = style.vbox(self, margins=style.Space.M, spacing=style.Space.S)
        self.header = QToolButton()
        self.header.setObjectName("groupHeader")
        self._expanded = True
        self.header.setArrowType(Qt.DownArrow)
        self.header.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        style.set_type(self.header, "subtitle")
        self.header.setToolTip(plain_tooltip(hint))
        self.header.clicked.connect(lambda: self.set_expanded(not self._expanded))
        outer.addWidget(self.header, 0, Qt.AlignLeft)
        self.body = QWidget()
        self.body.setObjectName("groupBody")
        self.rows = style.vbox(self.body, spacing=style.Space.XS)
        outer.addWidget(self.body)
        self._count = 0
        self.set_count(0)

    def paintEvent(self, event) -> None:  # noqa: N802
        paint_card(self)

    def set_count(self, n: int) -> None:
        self._count = n
        self.header.setText(f"{self.title} ({n})")
        self.header.setAccessibleName(f"{self.title}: {n}")
        self.setAccessibleName(f"{self.title}: {n}")
        self.setVisible(n > 0)

    def count(self) -> int:
        return self._count

    def expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        """Unfold (or fold away) the group's rows; the header stays, with its count."""
        self._expanded = expanded
        self.header.setArrowType(Qt.DownArrow if expanded else Qt.RightArrow)
        self.header.setAccessibleDescription("Unfolded: click to fold" if expanded else "Folded: click to unfold")
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)


class UndoOverlay(QFrame):
    """What was just done, with Undo: floats over the bottom of the page instead of pushing it down."""

    MARGIN = style.Space.L

    def __init__(self, page: QWidget):
        super().__init__(page)
        self.setObjectName("undoBar")
        layout = style.hbox(self, margins=style.Space.M, spacing=style.Space.M)
        self.label = plain_label("", object_name="undoText", wrap=True)
        layout.addWidget(self.label, 1)
        self.undo_button = button("Undo", "undo", object_name="undoButton", tip="Take this back (Ctrl+Z)")
        layout.addWidget(self.undo_button)
        self.close_button = button("", "close", object_name="undoClose", tip="Hide this message", accessible="Hide")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button)
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802
        paint_card(self)

    def say(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        """Bottom centre of the page, as wide as reads well."""
        page = self.parentWidget()
        width = min(page.width() - 2 * self.MARGIN, max(420, page.width() // 2))
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        x = (page.width() - self.width()) // 2
        self.move(QPoint(x, page.height() - self.height() - self.MARGIN))
