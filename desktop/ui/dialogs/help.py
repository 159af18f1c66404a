"""Help → Keyboard shortcuts (Ctrl+/ or F1) and Help → How Rapport works.

The shortcut sheet is read from the window's own actions (``window.action_set``) each time it opens,
so it lists what the keys do now and cannot drift from them; a search field narrows it as you type.
The guide explains the meter, circles, Today, introductions, groups and backups in plain words, with
the numbers this database uses now (``services.guide``: the settings and the rules, never copies).
Both are plain text: labels from ``desktop.ui.text``, a table model for the shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

from desktop.ui import icons, style
from desktop.ui.dialogs.common import describe
from desktop.ui.text import heading, muted_label, plain_label, plain_tooltip


def _words(text: str) -> str:
    """A menu entry's text as a person reads it: no mnemonic ``&``."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@dataclass(frozen=True)
class Shortcut:
    action: str  # "New contact…"
    keys: str  # "Ctrl+N, F1" in the platform's own words
    menu: str  # "File"
    tip: str = ""
    name: str = ""  # the QAction's object name

    def matches(self, text: str) -> bool:
        hay = f"{self.action} {self.keys} {self.menu} {self.tip}".casefold()
        return all(word in hay for word in text.casefold().split())


def window_shortcuts(window) -> list[Shortcut]:
    """Every action of the window that has keys, menu by menu in menu order, then those in no menu."""
    out: list[Shortcut] = []
    seen = set()

    def add(action, menu: str) -> None:
        keys = [k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys and action not in seen:
            seen.add(action)
            out.append(Shortcut(_words(action.text()), ", ".join(keys), menu, action.toolTip(), action.objectName()))

    for menu in window.action_set.menus.values():
        for action in menu.actions():
            if not action.isSeparator():
                add(action, _words(menu.title()))
    for action in window.action_set.actions():
        add(action, "")
    return out


class ShortcutModel(QAbstractTableModel):
    """The shortcut sheet's rows (Action, Keys, Menu), narrowed by ``set_filter``."""

    HEADERS = ("Action", "Keys", "Menu")

    def __init__(self, shortcuts: list[Shortcut], parent=None):
        super().__init__(parent)
        self._all = list(shortcuts)
        self._rows = list(shortcuts)
        self.filter_text = ""

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self.filter_text = text.strip()
        self._rows = [s for s in self._all if s.matches(self.filter_text)]
        self.endResetModel()

    def shortcut(self, row: int) -> Shortcut:
        return self._rows[row]

    def rows(self) -> list[Shortcut]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt's names and signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        value = (s.action, s.keys, s.menu)[index.column()] if 0 <= index.column() < 3 else None
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return value
        if role == Qt.ToolTipRole:
            return plain_tooltip(s.tip or s.action)
        if role == Qt.UserRole:
            return s.name
        return None

    def flags(self, index) -> Qt.ItemFlags:
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren if index.isValid() else Qt.NoItemFlags


def _close_box(dialog: QDialog) -> QDialogButtonBox:
    buttons = style.button_box(QDialogButtonBox.Close)
    close = buttons.button(QDialogButtonBox.Close)
    describe(close, "Close", "Close (Escape)")
    buttons.rejected.connect(dialog.reject)
    return buttons


class ShortcutsDialog(QDialog):
    """The searchable shortcut sheet of ``window``."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.search = QLineEdit()
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText("Search: an action, a key or a menu")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.LeadingPosition)
        describe(self.search, "Search shortcuts", "Type part of an action's name, a key (Ctrl, F1) or a menu")
        self.model = ShortcutModel(window_shortcuts(window), self)
        self.table = QTableView()
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName("Shortcuts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.none_label = muted_label("", object_name="noShortcut", wrap=True)
        self.none_label.setVisible(False)
        note = muted_label("In every form: Enter saves, Escape closes, Ctrl+Enter saves from a notes box. In a "
                           "list of people to pick: type, then Enter picks; Backspace takes the last one off.",
                           object_name="formKeys", wrap=True)  # fmt: skip
        self.search.textChanged.connect(self._on_search_text_changed)
        layout = style.dialog_layout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.none_label)
        layout.addWidget(note)
        layout.addWidget(_close_box(self))
        style.size_dialog(self, 660, 540)
        self.search.setFocus(Qt.OtherFocusReason)

    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_filter(text)
        empty = self.model.rowCount() == 0
        self.none_label.setText(f"No shortcut matches “{text.strip()}”." if empty else "")
        self.none_label.setVisible(empty)
        self.table.setVisible(not empty)


def _guide_sections(n) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the guide, with the numbers of ``services.guide.numbers()``."""

    def days(k: float) -> str:
        return f"{k:g} day{'s' if k != 1 else ''}"

    circles = ", ".join(f"{name} every {days(d)}" for name, d in n.circles)
    return [
        ("The meter: giving and getting", [
            "Every exchange you log (a favour, a referral, an introduction, advice, an ask) has a direction, given "
            "or received, and a weight from 1 to 5. The meter adds up what you gave to each person and what you "
            "received from them.",
            f"Recent giving counts most: an exchange's weight halves every {days(n.half_life_days)}, so last "
            "month's favour counts for more than one from two years ago. Promises count once they are done.",
            f"A relationship is balanced while the two sides are less than {n.balanced_margin:g} weight unit"
            f"{'s' if n.balanced_margin != 1 else ''} apart. It is "
            f"one-sided when one side is {n.one_sided_min:g} or more ahead and at least {n.one_sided_ratio:g} times "
            "the other: someone who only takes, or whom you never let give back.",
            f"The rule of three: give about three times for every ask. Each ask you make uses up {n.ask_cost} of "
            "what you gave, and the meter says how many asks the relationship can bear right now.",
            f"Across the whole network your weekly giving budget is {n.weekly_budget}: four weeks over it in a row "
            "and the Network page warns you before you burn out.",
        ]),
        ("Circles: keeping in touch", [
            f"Put the people you want to keep close in a circle, and Today reminds you to check in: {circles}. A "
            "contact's own cadence, when set, overrides their circle's.",
            "Any meeting, call, message, exchange or event you both attended counts as being in touch; a meeting "
            "planned for later counts once its day comes.",
        ]),
        ("Today", [
            f"Each day Today lists what is due: a follow-up {days(n.follow_up_days)} after you meet someone at an "
            f"event (until you log something with them), a thank-you the day after a referral and a note of its "
            f"outcome {days(n.outcome_after_days)} later, the favours you promised, birthdays in the next "
            f"{days(n.birthday_days)}, the check-ins your circles ask for, and the people who have given you more "
            "than you gave them.",
            "Done and Snooze take an item off the list; Edit → Undo (Ctrl+Z) puts it back.",
        ]),
        ("Introductions", [
            "An introduction of two people who can help each other gives to both: it counts on both their meters, "
            "and Rapport remembers that they now know each other.",
            "Note what people need and what they offer, and Today suggests whom to introduce to whom, matching "
            "words that mean the same thing, closest people first. Not now moves a suggestion down for a while "
            f"(it is back where it was after {days(n.not_now_days)}); Not a match removes it for good.",
            "Contact → Who can introduce me… finds the best chain of people you know to someone you want to "
            "meet: a contact, someone at an organisation, or someone of a role.",
        ]),
        ("Groups and events", [
            "Groups & Events keeps the chambers, leads groups and associations you belong to, with their yearly "
            "fee, and the events you go to, with the hours and money they take. Add everyone you met at an event "
            "at once: the event shows on their timelines, and each gets a follow-up.",
            "For each group you see what it cost over the last 12 months against what came back from its members: "
            "referrals, introductions, business and favours.",
        ]),
        ("Your data: backups, the trash and undo", [
            "Everything is kept in one file on this computer. Only the address-book part of your contacts goes to "
            "a CardDAV server, and only if you connect one; the story of each relationship stays here.",
            f"A backup is made the first time Rapport opens each day (the newest {n.daily_backups} are kept, and one "
            f"a week for {n.weekly_backups} weeks), and before an import, a merge, a bulk delete or emptying the "
            "trash. File → Restore from backup… puts one back, and keeps the file it replaces.",
            f"What you delete (contacts, entries, events, groups) waits in the trash for {days(n.trash_days)}; "
            "File → Trash… brings it back. Edit → Undo takes back any change, whichever page made it.",
        ]),
    ]  # fmt: skip


class GuideDialog(QDialog):
    """How Rapport works, in plain words, with today's numbers."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from desktop.services import guide

        self.setObjectName("guideDialog")
        self.setWindowTitle("How Rapport works")
        self.setAccessibleName("How Rapport works")
        body = QWidget()
        body.setObjectName("guideBody")
        lay = style.vbox(body, spacing=style.Space.S)
        lay.setContentsMargins(0, 0, style.Space.M, 0)
        lay.addWidget(plain_label("Rapport is built on one idea: a network is mutual support, not a sales "
                                  "pipeline. It helps you give generously, follow up, and keep in touch.",
                                  object_name="guideIntro", wrap=True))  # fmt: skip
        self.sections: dict[str, list[str]] = {}
        for title, paragraphs in _guide_sections(guide.numbers()):
            lay.addSpacing(style.Space.S)
            lay.addWidget(heading(title, "subtitle", wrap=True))
            for text in paragraphs:
                lay.addWidget(plain_label(text, wrap=True))
            self.sections[title] = paragraphs
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("guideScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = style.dialog_layout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(_close_box(self))
        style.size_dialog(self, 620, 640)

    def text(self) -> str:
        return "\n".join(p for ps in self.sections.values() for p in ps)


def _show(window, cls, attr: str) -> QDialog:
    """One of each at a time, beside the window (not modal: the keys can be tried while it is open);
    each opening reads the window and the settings afresh."""
    import shiboken6

    dialog = getattr(window, attr, None)
    if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
        dialog = cls(window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        setattr(window, attr, dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_shortcuts(window) -> ShortcutsDialog:
    return _show(window, ShortcutsDialog, "_shortcuts_dialog")


def show_guide(window) -> GuideDialog:
    return _show(window, GuideDialog, "_guide_dialog")
