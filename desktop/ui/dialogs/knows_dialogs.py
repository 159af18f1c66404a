"""Two dialogs of the knows graph: "Knows…" (record that a contact knows someone, and how) and "Who
can introduce me…" (to a contact, someone at an organisation, or someone a role describes: the best
paths through people you know, each with an "Ask…" that opens Log exchange as an ask of the first
person, prefilled with whom they would introduce you to).

Both call the services (``services.knows``, ``services.paths``) and tell the window through the
events (``knows_changed`` with the two people, when the events have it; ``timeline_changed`` once an
ask is logged, by the Log exchange dialog itself).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.dialogs.common import FormDialog, describe, field_with_error
from desktop.ui.style.surfaces import Card
from desktop.ui.text import button, muted_label, plain_label
from desktop.ui.widgets.contact_picker import ContactPicker

DIALOG_WIDTH = 520
PATHS_WIDTH = 680


def _knows_service():
    from desktop.services import knows

    return knows


def _paths_service():
    from desktop.services import paths

    return paths


def _emit_knows(events, ids: list[int]) -> None:
    if events is not None and hasattr(events, "knows_changed"):
        events.knows_changed.emit(ids)


class KnowsDialog(FormDialog):
    """Record that a contact knows someone: whom, and how (colleague, friend, client, family, introduced by,
    or a few words of your own)."""

    ok_text = "Add link"

    def __init__(self, parent, events, contact_id: int, name: str = "", *, service=None, source=None):
        super().__init__(parent, events, "knowsDialog", f"Who does {name or 'this person'} know?")
        self.service = service or _knows_service()
        self.contact_id = contact_id
        self.before = None  # the pair's rows before the link, for undo
        self.other = ContactPicker(self, multiple=False, source=source, accessible_name="Knows")
        self.other.setObjectName("knowsWhom")
        self.other_error = self.error_label("other")
        self.other.changed.connect(self.other_error.clear_error)
        self.how = QComboBox()
        self.how.setObjectName("how")
        self.how.setEditable(True)
        self.how.setInsertPolicy(QComboBox.NoInsert)
        self.how.addItems(["", *self.service.HOW_CHOICES])
        self.how.lineEdit().setPlaceholderText("colleague, friend, client, family, introduced by…")
        self.how.lineEdit().setMaxLength(self.service.MAX_HOW)
        describe(self.how, "How", "How they know each other: pick one or type a few words")
        hint = muted_label("A link entered by hand counts more than one Rapport infers from a shared organisation, "
                           "event or group.", object_name="knowsHint", wrap=True)  # fmt: skip
        form = style.form()
        form.addRow("&Knows:", field_with_error(self.other, self.other_error))
        form.addRow("&How:", self.how)
        form.addRow("", hint)
        self.lay_out(form)
        self.other.setFocus(Qt.OtherFocusReason)
        style.size_dialog(self, DIALOG_WIDTH)

    def tab_chain(self) -> list[QWidget]:
        return [self.other.line_edit, self.how]

    def submit(self) -> bool:
        if self.other.pending_text():
            return self.fail(self.other_error, f"No contact picked for “{self.other.pending_text()}”: pick one "
                             "from the suggestions (Enter or Down).", self.other)  # fmt: skip
        other = self.other.contact_id()
        if other is None:
            return self.fail(self.other_error, "Choose a contact: type a name and press Enter.", self.other)
        if other == self.contact_id:
            return self.fail(self.other_error, "Choose someone else: a link joins two people.", self.other)
        self.before = self.service.add_link(self.contact_id, other, self.how.currentText())
        _emit_knows(self.events, [self.contact_id, other])
        return True


class PathRow(Card):
    """One way in: the sentence that says it, how strong, and "Ask…"."""

    ask_clicked = Signal(object)

    def __init__(self, option, parent: QWidget | None = None):
        super().__init__(object_name="pathRow", padding=style.Space.M, parent=parent)
        self.option = option
        self.setAccessibleName(option.because)
        row = style.hbox(spacing=style.Space.M)
        text = style.vbox(spacing=style.Space.XXS)
        self.because = plain_label(option.because, object_name="pathBecause", wrap=True)
        text.addWidget(self.because)
        chain = " → ".join(["You", *option.via_names, option.to_name])
        text.addWidget(muted_label(f"{chain} · strength {option.strength:.2f}", object_name="pathChain", wrap=True))
        row.addLayout(text, 1)
        first = option.via_names[0]
        self.ask_button = button(f"Ask {first}…", "ask", object_name="askButton",
                                 tip=f"Log an ask of {first}: an introduction to {self._whom()}")  # fmt: skip
        self.ask_button.clicked.connect(lambda: self.ask_clicked.emit(self.option))
        row.addWidget(self.ask_button, 0, Qt.AlignTop)
        self.body.addLayout(row)

    def _whom(self) -> str:
        o = self.option
        return o.via_names[1] if len(o.via_names) > 1 else o.to_name


class WhoCanIntroduceDialog(QDialog):
    """See the module note. ``contact_id`` prefills the question with a contact."""

    ROLE_HINT = "a journalist, someone who does payroll…"

    def __init__(self, parent, events, contact_id: int | None = None, *, org: str = "", role: str = "",
                 today=None, service=None, source=None):  # fmt: skip
        super().__init__(parent)
        self.events = events
        self.today = today
        self.service = service or _paths_service()
        self.source = source
        self.options: list = []
        self.log_dialog = None  # the Log exchange dialog an "Ask…" opened
        self._op = None
        self.setObjectName("whoCanIntroduceDialog")
        self.setWindowTitle("Who can introduce me…")
        self.setAccessibleName("Who can introduce me")
        layout = style.dialog_layout(self)
        layout.addWidget(muted_label("The best ways in through people you have exchanged something with, at most "
                                     "three links from you: the weakest link first, and those who owe you a favour "
                                     "before those you owe.", wrap=True))  # fmt: skip
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.Space.S)
        self.kinds = QButtonGroup(self)
        self.to_contact = QRadioButton("&To:")
        self.at_org = QRadioButton("Someone &at:")
        self.of_role = QRadioButton("Someone &who is:")
        self.contact = ContactPicker(self, multiple=False, source=source, accessible_name="Introduce me to")
        self.contact.setObjectName("pathContact")
        self.org = QLineEdit(org)
        self.org.setObjectName("pathOrg")
        self.org.setPlaceholderText("Acme")
        describe(self.org, "Organisation", "Someone at this organisation (its legal form and case do not matter)")
        self.role = QLineEdit(role)
        self.role.setObjectName("pathRole")
        self.role.setPlaceholderText(self.ROLE_HINT)
        describe(self.role, "Role", "Someone this describes, by title, role, organisation or what they offer")
        for row, (radio, field, name) in enumerate(((self.to_contact, self.contact, "contact"),
                                                    (self.at_org, self.org, "org"), (self.of_role, self.role, "role"))):  # fmt: skip
            radio.setObjectName(f"{name}Choice")
            self.kinds.addButton(radio, row)
            grid.addWidget(radio, row, 0)
            grid.addWidget(field, row, 1)
        self.contact.changed.connect(lambda: self.to_contact.setChecked(True))
        self.org.textEdited.connect(lambda _t: self.at_org.setChecked(True))
        self.role.textEdited.connect(lambda _t: self.of_role.setChecked(True))
        (self.of_role if role else self.at_org if org else self.to_contact).setChecked(True)
        if contact_id is not None:
            self.contact.add_contact(contact_id, notify=False)
        layout.addLayout(grid)

        self.find_button = button("Find", "search", object_name="findPaths", default=True,
                                  tip="Look for people who can introduce you (Enter)")  # fmt: skip
        self.find_button.clicked.connect(self.find)
        self.spinner = style.Spinner(self)
        self.status = muted_label("", object_name="pathStatus", wrap=True)
        top = style.hbox(spacing=style.Space.S)
        top.addWidget(self.find_button)
        top.addWidget(self.spinner)
        top.addWidget(self.status, 1)
        layout.addLayout(top)

        self.results = QWidget()
        self.results.setObjectName("pathResults")
        self.rows: QVBoxLayout = style.vbox(self.results, spacing=style.Space.S)
        self.rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("pathScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(self.results)
        scroll.setMinimumHeight(self.fontMetrics().height() * 16)
        layout.addWidget(scroll, 1)
        close = style.button_box(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        style.size_dialog(self, PATHS_WIDTH)
        if contact_id is not None or org or role:
            self.find()

    def question(self) -> dict:
        """The service's keyword for what is asked: ``contact_id``, ``org`` or ``role``."""
        if self.to_contact.isChecked():
            return {"contact_id": self.contact.contact_id()}
        if self.at_org.isChecked():
            return {"org": self.org.text()}
        return {"role": self.role.text()}

    def find(self) -> None:
        from desktop.services.session import close_database
        from desktop.ui.workers import BackgroundOp

        asked = self.question()
        if asked.get("contact_id", 0) is None:
            self.status.setText("Choose a contact: type a name and press Enter.")
            return
        service, today = self.service, self.today() if callable(self.today) else self.today
        self.status.setText("Looking…")
        self.spinner.start()
        self.find_button.setEnabled(False)
        op = BackgroundOp(self, lambda _r: service.who_can_introduce(**asked, today=today), self._on_found)
        self._op = op.failure(self._on_failed).on_thread_exit(close_database).run()

    def _done(self) -> None:
        self._op = None
        self.spinner.stop()
        self.find_button.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        self._done()
        self.show_options([])
        self.status.setText(str(exc))

    def _on_found(self, options) -> None:
        self._done()
        self.show_options(options)
        if not options:
            self.status.setText("No one you have exchanged anything with is close enough: log what you give "
                                "and get, and record whom people know (“Knows…” on their page).")  # fmt: skip
        else:
            n = len(options)
            self.status.setText(f"{n} way{'s' if n != 1 else ''} in, the best first.")

    def show_options(self, options) -> None:
        while self.rows.count() > 1:
            w = self.rows.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.options = list(options)
        for i, option in enumerate(self.options):
            row = PathRow(option)
            row.ask_clicked.connect(self.ask)
            self.rows.insertWidget(i, row)

    def path_rows(self) -> list[PathRow]:
        return [self.rows.itemAt(i).widget() for i in range(self.rows.count() - 1)]

    def ask(self, option) -> None:
        """Open Log exchange as an ask of the first person on the path, naming whom they would introduce
        you to as the third party; this dialog closes."""
        from desktop.ui.dialogs.timeline_dialogs import LogExchangeDialog

        whom = option.via_names[1] if len(option.via) > 1 else option.to_name
        summary = f"Asked for an introduction to {whom}"
        if len(option.via) > 1:
            summary += f" (who knows {option.to_name})"
        dialog = LogExchangeDialog(self.parentWidget(), self.events, [option.ask_of], "ask",
                                   third_party_id=option.introduce_to, summary=summary, source=self.source)  # fmt: skip
        self.log_dialog = dialog
        self.accept()
        dialog.open()
