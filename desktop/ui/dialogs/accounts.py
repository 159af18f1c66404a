"""Edit → Settings… → Accounts (and File → Accounts…): the CardDAV accounts this database keeps in step with,
each with its address, user, last sync, whether it is the default one and where its password is kept;
add one (``account_forms.AddAccountDialog``), remove one (its contacts stay), make one the default,
give one a new password; and how often the window syncs.

Every read and write runs on a worker thread (``workers``); adding and changing a password talk to the
server there too. The page tells the window's sync controller what changed (``accounts_changed``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from desktop.ui import errors, icons, style, workers
from desktop.ui.dialogs.common import confirm_destructive, describe, show_error
from desktop.ui.text import PlainLabel, button, heading, muted_label, plain_label, plain_tooltip

INTERVAL_WORDS = {5: "Every 5 minutes", 15: "Every 15 minutes", 30: "Every 30 minutes", 60: "Every hour",
                  0: "Never (only with Sync now, Ctrl+R)"}  # fmt: skip


def password_place(info) -> str:
    """Where an account's password is kept, in words."""
    if info.secret_store == "keyring":
        return "In your system keyring"
    return "In a file only you can read, beside your database"


def last_sync_words(info, now: dt.datetime | None = None) -> str:
    from desktop.ui.controllers.sync import ago

    if info.last_sync is None:
        return "Not synced yet"
    return f"{ago(info.last_sync, now or dt.datetime.now())} ({info.last_sync:%Y-%m-%d %H:%M})"


class ElidedLabel(PlainLabel):
    """One line of plain text cut in the middle with … when the room is short (a long URL); the whole
    text is in its tooltip and is what a screen reader reads."""

    elides = True  # style.audit: shorter than its text on purpose

    def __init__(self, text: str, object_name: str = ""):
        super().__init__(text, None, "muted")
        self.setObjectName(object_name)
        self.setToolTip(plain_tooltip(text))
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 24))

    def minimumSizeHint(self):  # noqa: N802
        hint = super().minimumSizeHint()
        hint.setWidth(self.minimumWidth())
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        shown = self.fontMetrics().elidedText(self.text(), Qt.ElideMiddle, self.contentsRect().width())
        p.drawText(self.contentsRect(), int(self.alignment()), shown)
        p.end()


class AccountCard(QWidget):
    """One account: what it is and its buttons (Make default, Change password…, Remove…)."""

    def __init__(self, info, page: AccountsPage, problem: str = ""):
        super().__init__()
        self.info = info
        self.setObjectName(f"account-{info.name}")
        card = style.Card(info.name, icon_name="cloud", object_name="accountCard")
        if info.is_default:
            mark = muted_label("Default account", object_name="defaultMark", type_step="caption")
            mark.setToolTip("Contacts that exist only here go up to this account")
            card.header.addWidget(mark)
        rows = style.form()
        rows.addRow("Address:", ElidedLabel(info.url, "accountUrl"))
        rows.addRow("User:", plain_label(info.user, object_name="accountUser", selectable=True))
        rows.addRow("Last sync:", plain_label(last_sync_words(info), object_name="accountLastSync"))
        rows.addRow("Password:", plain_label(password_place(info), object_name="accountPassword", wrap=True))
        card.body.addLayout(rows)
        self.problem = plain_label(problem, object_name="accountProblem", wrap=True, tone="error")
        self.problem.setVisible(bool(problem))
        card.body.addWidget(self.problem)
        row = style.hbox()
        self.default_button = button("Make &default", "star", object_name="makeDefaultButton",
                                     tip="Contacts that exist only here go up to the default account")  # fmt: skip
        self.password_button = button("Change &password…", "edit", object_name="changePasswordButton",
                                      tip="Give this account its new password (checked with the server first)")  # fmt: skip
        self.remove_button = button("&Remove…", "remove", object_name="removeAccountButton",
                                    tip="Stop syncing with this address book; your contacts stay here")  # fmt: skip
        self.default_button.setVisible(not info.is_default)
        self.default_button.clicked.connect(lambda: page.make_default(info))
        self.password_button.clicked.connect(lambda: page.change_password(info))
        self.remove_button.clicked.connect(lambda: page.remove(info))
        row.addWidget(self.default_button)
        row.addWidget(self.password_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        card.body.addLayout(row)
        style.vbox(self).addWidget(card)


class AccountsPage(QWidget):
    """The accounts and the sync interval. ``sync`` is the window's SyncController (or None on a page
    shown alone: then nothing is synced and the interval is only stored)."""

    loaded = Signal()  # a read came back (tests wait for it)

    def __init__(self, sync=None, parent: QWidget | None = None, *, point_at: str = "", margins: int = 0):
        super().__init__(parent)
        self.setObjectName("accountsPage")
        self.sync = sync
        self.point_at = point_at
        self.accounts: list = []
        self.cards: list[AccountCard] = []
        self._op: workers.BackgroundOp | None = None  # a change under way
        title = heading("CardDAV accounts", "title")
        intro = plain_label(
            "Keep your contacts in step with the address book on your phone's server (Nextcloud, Radicale, "
            "Fastmail, iCloud, mailbox.org…). Only what a vCard holds goes to the server; your timeline, "
            "exchanges, needs and offers stay here.",
            wrap=True,
        )
        self.add_button = button("&Add account…", "add", object_name="addAccountButton",
                                 tip="Add an address book from its server, with your user name and password")  # fmt: skip
        self.add_button.clicked.connect(self.add_account)
        self.empty = muted_label("Reading the accounts…", object_name="accountsEmpty", wrap=True)
        self.list = QWidget()
        self.list.setObjectName("accountList")
        self.list_layout = style.vbox(self.list, spacing=style.Space.M)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("accountScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.list)
        self.interval = QComboBox()
        self.interval.setObjectName("syncInterval")
        describe(self.interval, "Sync automatically", "How often Rapport syncs on its own, once it has started")
        for minutes, words in INTERVAL_WORDS.items():
            self.interval.addItem(words, minutes)
        self.interval.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.interval.setEnabled(False)
        self.interval.activated.connect(self._on_interval_activated)
        interval_hint = muted_label("Rapport also syncs when it starts, unless this is Never. Ctrl+R syncs now.",
                                    wrap=True, type_step="caption")  # fmt: skip
        when = style.form()
        when.addRow("Sync automatically:", self.interval)
        when.addRow("", interval_hint)

        layout = style.vbox(self, margins=margins, spacing=style.Space.M)
        top = style.hbox()
        top.addWidget(title, 1)
        top.addWidget(self.add_button, 0, Qt.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(when)
        self.reader = workers.Reader(self, self._on_read, self._on_failed, name="accounts")
        self.reader.loaded.connect(self.loaded)
        if sync is not None:  # (bound methods: the connections go with the page)
            sync.accounts_changed.connect(self.refresh)
            sync.finished.connect(self._on_sync_finished)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reader.loading

    def refresh(self) -> None:
        def read():
            from desktop.services import accounts

            return accounts.list_accounts(), accounts.sync_interval()

        self.reader.request(read)

    def _on_sync_finished(self, _outcomes) -> None:
        self.refresh()  # the last sync and a refused password show on the cards

    def _on_read(self, got) -> None:
        infos, minutes = got
        self.accounts = infos
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        state = self.sync.state if self.sync is not None else None
        for info in infos:
            problem = ""
            if state is not None and state.wrong_password == info.name:
                problem = "The server refused this password at the last sync: give the account its new one."
            card = AccountCard(info, self, problem)
            self.cards.append(card)
            self.list_layout.insertWidget(self.list_layout.count() - 1, card)
            card.show()  # now, not at the next turn of the event loop: what was read shows as it arrives
        self.scroll.setVisible(bool(infos))
        self.empty.setText(
            "No account yet. Add the address book your phone syncs with, and your contacts stay in step both ways."
        )
        self.empty.setVisible(not infos)
        i = self.interval.findData(minutes)
        self.interval.setCurrentIndex(i if i >= 0 else self.interval.findData(15))
        self.interval.setEnabled(True)
        target = next((c for c in self.cards if c.info.name == self.point_at), None)
        if target is not None:
            self.point_at = ""
            self.scroll.ensureWidgetVisible(target)
            target.password_button.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self.empty.setText("The accounts could not be read.")
        self._report(exc, "Accounts")

    def card(self, name: str) -> AccountCard | None:
        return next((c for c in self.cards if c.info.name == name), None)

    # --- changes ---------------------------------------------------------------------------------------

    def add_account(self):
        from desktop.ui.dialogs.account_forms import AddAccountDialog

        dialog = AddAccountDialog(self)
        dialog.added.connect(self._on_added)
        dialog.open()
        return dialog

    def _on_added(self, info) -> None:
        self._changed(f"Added {info.name}; its password is {password_place(info).lower()}.")
        if self.sync is not None:
            self.sync.sync_now()

    def change_password(self, info):
        from desktop.ui.dialogs.account_forms import PasswordDialog

        dialog = PasswordDialog(self, info)
        dialog.changed.connect(lambda new: self._changed(f"{new.name} has its new password."))
        dialog.open()
        return dialog

    def make_default(self, info) -> workers.BackgroundOp:
        from desktop.services.accounts import set_default_account

        return self._write(lambda: set_default_account(info.name), f"{info.name} is the default account now.",
                           "Make default")  # fmt: skip

    def remove(self, info) -> workers.BackgroundOp | None:
        if not confirm_destructive(
            self, "Remove account", f"Remove the account “{info.name}”?",
            informative="Your contacts stay here, no longer synced with this address book. The address book on "
                        "the server is not touched, and Rapport forgets the password.",
            action="Remove", object_name="confirmRemoveAccount", action_name="confirmRemoveButton",
        ):  # fmt: skip
            return None
        from desktop.services.accounts import remove_account

        return self._write(lambda: remove_account(info.name), f"Removed {info.name}; its contacts stay here.",
                           "Remove account")  # fmt: skip

    def _write(self, work, message: str, title: str) -> workers.BackgroundOp:
        for card in self.cards:
            card.setEnabled(False)
        self._op = workers.write(self, work, lambda _r: self._changed(message),
                                 lambda exc: self._on_write_failed(exc, title), name="accounts-change")  # fmt: skip
        return self._op

    def _on_write_failed(self, exc: BaseException, title: str) -> None:
        self._op = None
        self.refresh()
        self._report(exc, title)

    def _changed(self, message: str) -> None:
        self._op = None
        if self.sync is not None:
            self.sync.window.statusBar().showMessage(message, 10000)
            self.sync.accounts_changed.emit()  # the page reads again too
        else:
            self.refresh()

    def _on_interval_activated(self, _index: int) -> None:
        minutes = self.interval.currentData()
        if self.sync is not None:
            self.sync.set_interval(minutes)
        else:
            from desktop.services.accounts import set_sync_interval

            workers.write(self, lambda: set_sync_interval(minutes), lambda _r: None,
                          lambda exc: self._report(exc, "Sync automatically"), name="sync-interval")  # fmt: skip

    def _report(self, exc: BaseException, title: str) -> None:
        if errors.for_a_person(exc):
            show_error(self, title, str(exc))
        else:
            errors.report_bug(exc, self)


class AccountsDialog(QDialog):
    """File → Accounts…: the page in a dialog of its own."""

    def __init__(self, parent: QWidget | None, sync=None, point_at: str = ""):
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle("Accounts")
        self.setAccessibleName("Accounts")
        self.setWindowIcon(icons.icon("cloud"))
        self.page = AccountsPage(sync, self, point_at=point_at)
        buttons = style.button_box(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        describe(close, "Close", "Close (Escape)")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = style.dialog_layout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        style.size_dialog(self, 680, 680)


def show_accounts(window, sync=None, point_at: str = "") -> AccountsDialog:
    """Open the Accounts dialog (one at a time: a second call brings the open one forward)."""
    open_one = window.findChild(AccountsDialog, "accountsDialog")
    if open_one is not None and open_one.isVisible():
        open_one.raise_()
        open_one.activateWindow()
        if point_at:
            open_one.page.point_at = point_at
            open_one.page.refresh()
        return open_one
    dialog = AccountsDialog(window, sync, point_at)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
