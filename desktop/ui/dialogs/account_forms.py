"""The forms of Settings → Accounts that talk to a server: Add account (the server's address, a user name
and a password; Test connection finds the address book, a server with several lets the person pick one,
a self-signed certificate shows its fingerprint to accept) and Change password.

The server is reached on a worker thread (``workers``): the dialog stays responsive, Cancel closes it at
once. A failure shows as one line in the server's words, and the field to fix gets the cursor.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QWidget

from desktop.domain.errors import RapportError
from desktop.services import accounts
from desktop.services.carddav_client import AuthFailed, InsecureUrl, UntrustedCertificate
from desktop.ui import errors, style, workers
from desktop.ui.dialogs.common import ErrorLabel, describe, field_with_error
from desktop.ui.text import button, muted_label, plain_label


class _ServerDialog(QDialog):
    """What both forms share: the OK and Cancel buttons, the spinner and its line while the server is
    asked, the one-line problem, and the fields disabled meanwhile."""

    ok_text = "OK"

    def __init__(self, parent: QWidget | None, object_name: str, title: str):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.op: workers.BackgroundOp | None = None
        self.fields: list[QWidget] = []
        self.buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setText(self.ok_text)
        describe(self.ok_button, self.ok_text, f"{self.ok_text} (Enter)")
        cancel = self.buttons.button(QDialogButtonBox.Cancel)
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        describe(cancel, "Cancel", "Close without changing anything (Escape)")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.spinner = style.Spinner()
        self.progress = muted_label("", object_name="progressLine")
        self.progress.hide()
        self.note = plain_label("", object_name="connectedNote", wrap=True, tone="success")
        self.note.hide()
        self.problem = ErrorLabel("connection", self)
        self.problem.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)

    def status_rows(self) -> QWidget:
        """The spinner and its line, the note after a good test, and the problem: under the fields."""
        box = QWidget()
        layout = style.vbox(box, spacing=style.Space.XS)
        row = style.hbox()
        row.addWidget(self.spinner)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        return box

    @property
    def busy(self) -> bool:
        return self.op is not None

    def start(self, work, success, words: str, *, writes: bool) -> workers.BackgroundOp:
        self.problem.clear_error()
        self.note.hide()
        self.progress.setText(words)
        self.progress.show()
        self.spinner.start()
        self._enable(False)
        run = workers.write if writes else workers.read
        self.op = run(self, work, lambda result: self._done(success, result), self._failed,
                      name=f"{self.objectName()}-server")  # fmt: skip
        return self.op

    def _enable(self, on: bool) -> None:
        for w in [*self.fields, self.ok_button]:
            w.setEnabled(on)

    def _stop(self) -> None:
        self.op = None
        self.spinner.stop()
        self.progress.hide()
        self._enable(True)

    def _done(self, success, result) -> None:
        self._stop()
        success(result)

    def _failed(self, exc: BaseException) -> None:
        self._stop()
        if not isinstance(exc, RapportError):
            errors.report_bug(exc, self)
            return
        self.show_problem(exc)
        self.fit()

    def show_problem(self, exc: RapportError) -> None:
        """The failure in one line (the server's words are in it), and the cursor where to fix it."""
        self.problem.show_error(str(exc))

    def fit(self) -> None:
        """Grow to what shows now (a problem, the certificate, the address books), never shrink under the person."""
        self.layout().activate()
        style.size_dialog(self, self.width(), self.height())

    def submit(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError


def _line(name: str, tip: str, placeholder: str = "", *, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    describe(edit, tip.split(":")[0], tip)
    edit.setPlaceholderText(placeholder)
    if secret:
        edit.setEchoMode(QLineEdit.Password)
    return edit


class AddAccountDialog(_ServerDialog):
    """Add a CardDAV account. ``added(AccountInfo)`` once it is stored."""

    added = Signal(object)
    ok_text = "Add account"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, "addAccountDialog", "Add a CardDAV account")
        self.books: list = []
        self.url = _line("urlField", "Server address: the server, your principal or the address book itself",
                         "https://cloud.example.org")  # fmt: skip
        self.user = _line("userField", "User name: as you sign in to the server")
        self.password = _line("passwordField", "Password: for iCloud and Fastmail, an app password", secret=True)
        self.name = _line("nameField", "Name: what to call the account here", "The address book's name")
        self.book = QComboBox()
        self.book.setObjectName("bookChoice")
        describe(self.book, "Address book", "The server has several address books: the one to keep in step")
        self.url_error, self.user_error, self.password_error = (ErrorLabel(n, self) for n in ("url", "user", "password"))
        self.url_hint = muted_label("Any of the server, your principal or the address book: it is found from there.",
                                    wrap=True, type_step="caption")  # fmt: skip
        self.auth_hint = muted_label("Sign-in with a user name and password (Basic); Google Contacts is not supported.",
                                     wrap=True, type_step="caption")  # fmt: skip

        # A certificate no authority vouches for: its fingerprint, and the person's word that it is theirs.
        self.accepted_fingerprint = ""
        self.certificate = style.Card("The server's certificate", icon_name="warning", object_name="certificateBox",
                                      subtitle="Compare its SHA-256 fingerprint with the one your server shows.")  # fmt: skip
        self.fingerprint = plain_label("", object_name="fingerprint", selectable=True)
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.trust = QCheckBox("This is my server's certificate: trust it")
        self.trust.setObjectName("trustCertificate")
        describe(self.trust, "Trust the certificate", "Only if the fingerprint is the one your server shows")
        self.certificate.body.addWidget(self.fingerprint)
        self.certificate.body.addWidget(self.trust)
        self.certificate.hide()
        self.allow_http = QCheckBox("Use it unencrypted (http://): the password crosses the network in clear")
        self.allow_http.setObjectName("allowHttp")
        describe(self.allow_http, "Allow unencrypted http", "Only on a network you trust")
        self.allow_http.hide()

        self.test_button = button("&Test connection", "sync", object_name="testConnectionButton",
                                  tip="Find the address book and check the password; nothing is stored")  # fmt: skip
        self.test_button.clicked.connect(self.test_connection)
        self.fields = [self.url, self.user, self.password, self.name, self.book, self.trust, self.allow_http,
                       self.test_button]  # fmt: skip

        self.form = style.form()
        self.form.addRow("&Server:", field_with_error(self.url, self.url_error))
        self.form.addRow("", self.url_hint)
        self.form.addRow("&User name:", field_with_error(self.user, self.user_error))
        self.form.addRow("&Password:", field_with_error(self.password, self.password_error))
        self.form.addRow("", self.auth_hint)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("Address &book:", self.book)
        self.form.setRowVisible(self.book, False)
        layout = style.dialog_layout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.certificate)
        layout.addWidget(self.allow_http)
        layout.addWidget(self.status_rows())
        layout.addStretch(1)
        row = style.hbox()
        row.addWidget(self.test_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.url.textEdited.connect(self._on_url_text_edited)
        self.ok_button.setDefault(True)
        style.size_dialog(self, 560)

    # --- what the person typed --------------------------------------------------------------

    def _on_url_text_edited(self, _text: str) -> None:
        """Another address: the address books and the certificate found for the old one no longer apply."""
        self._show_books([])
        self.certificate.hide()
        self.trust.setChecked(False)
        self.accepted_fingerprint = ""
        self.allow_http.hide()
        self.allow_http.setChecked(False)
        self.note.hide()

    def _inputs(self) -> tuple[str, str, str] | None:
        for label in (self.url_error, self.user_error, self.password_error):
            label.clear_error()
        self.problem.clear_error()
        url, user, password = self.url.text().strip(), self.user.text().strip(), self.password.text()
        for value, label, field, words in ((url, self.url_error, self.url, "Give the server's address."),
                                           (user, self.user_error, self.user, "Give your user name."),
                                           (password, self.password_error, self.password, "Give your password.")):  # fmt: skip
            if not value:
                label.show_error(words)
                field.setFocus()
                return None
        return url, user, password

    def _options(self) -> dict:
        return {
            "fingerprint": self.accepted_fingerprint if self.trust.isChecked() else "",
            "allow_http": self.allow_http.isVisible() and self.allow_http.isChecked(),
        }

    # --- Test connection ------------------------------------------------------------------------

    def test_connection(self) -> workers.BackgroundOp | None:
        got = self._inputs()
        if got is None:
            return None
        url, user, password = got
        options = self._options()
        return self.start(lambda: accounts.find_address_books(url, user, password, **options), self._on_found,
                          f"Connecting to {urlsplit(url if '://' in url else 'https://' + url).netloc}…",
                          writes=False)  # fmt: skip

    def _on_found(self, books: list) -> None:
        if len(books) == 1:
            self._show_books([])
            self.note.setText(f"Connected: the address book “{books[0].name}” is there, and the password works.")
        else:
            self._show_books(books)
            self.note.setText(f"Connected: {len(books)} address books are there. Pick one, then Add account.")
        self.note.show()
        self.fit()

    def _show_books(self, books: list) -> None:
        self.books = list(books)
        self.book.clear()
        for b in books:
            self.book.addItem(f"{b.name} ({urlsplit(b.url).path})", b.url)
        self.form.setRowVisible(self.book, bool(books))
        if books:
            self.book.setFocus()

    # --- Add account ------------------------------------------------------------------------------

    def submit(self) -> workers.BackgroundOp | None:
        got = self._inputs()
        if got is None or self.busy:
            return None
        url, user, password = got
        if self.books:
            url = self.book.currentData()
        name = self.name.text().strip() or None
        options = self._options()
        return self.start(lambda: accounts.add_account(url, user, password, name=name, **options), self._on_added,
                          "Connecting and adding the account…", writes=True)  # fmt: skip

    def _on_added(self, info) -> None:
        self.added.emit(info)
        self.accept()

    def show_problem(self, exc: RapportError) -> None:
        if isinstance(exc, accounts.SeveralAddressBooks):
            self._show_books(exc.books)
            self.note.setText(f"{len(exc.books)} address books are there: pick one, then Add account.")
            self.note.show()
            return
        super().show_problem(exc)
        if isinstance(exc, UntrustedCertificate) and exc.fingerprint:
            self.problem.show_error(str(exc).replace(exc.fingerprint, "shown above"))
            self.accepted_fingerprint = exc.fingerprint
            pairs = exc.fingerprint.split(":")  # two lines of 16 bytes: the dialog stays its width
            self.fingerprint.setText(":".join(pairs[:16]) + ":\n" + ":".join(pairs[16:]))
            self.fingerprint.setAccessibleName(f"Fingerprint {exc.fingerprint}")
            self.trust.setChecked(False)
            self.certificate.show()
            self.trust.setFocus()
        elif isinstance(exc, InsecureUrl):
            self.allow_http.show()
            self.allow_http.setFocus()
        elif isinstance(exc, AuthFailed):
            self.password.setFocus()
            self.password.selectAll()
        else:
            self.url.setFocus()


class PasswordDialog(_ServerDialog):
    """A new password for an account, checked with its server before it replaces the old one.
    ``changed(AccountInfo)`` once it is kept."""

    changed = Signal(object)
    ok_text = "Save password"

    def __init__(self, parent: QWidget | None, info):
        super().__init__(parent, "passwordDialog", f"New password for {info.name}")
        self.info = info
        self.password = _line("passwordField", "Password: the account's new password", secret=True)
        self.password_error = ErrorLabel("password", self)
        self.fields = [self.password]
        intro = plain_label(f"The password {info.user} signs in to {urlsplit(info.url).netloc} with. Rapport "
                            "checks it with the server before keeping it.", wrap=True)  # fmt: skip
        form = style.form()
        form.addRow("&Password:", field_with_error(self.password, self.password_error))
        layout = style.dialog_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status_rows())
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.ok_button.setDefault(True)
        style.size_dialog(self, 460)

    def submit(self) -> workers.BackgroundOp | None:
        self.password_error.clear_error()
        password = self.password.text()
        if not password:
            self.password_error.show_error("Give the new password.")
            self.password.setFocus()
            return None
        if self.busy:
            return None
        name = self.info.name
        return self.start(lambda: accounts.change_password(name, password), self._on_changed,
                          "Checking the password with the server…", writes=True)  # fmt: skip

    def _on_changed(self, info) -> None:
        self.changed.emit(info)
        self.accept()

    def show_problem(self, exc: RapportError) -> None:
        super().show_problem(exc)
        self.password.setFocus()
        self.password.selectAll()
