"""The first-run page: an empty database offers an import, a sample network, or a first contact."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.ui import icons, style
from desktop.ui.style.busy import Busy, Spinner
from desktop.ui.text import button, heading, muted_label, plain_label


class WelcomePage(QWidget):
    import_requested = Signal()
    sample_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")
        outer = style.vbox(self, margins=style.Space.XXL, spacing=0)
        outer.addStretch(2)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(QSize(96, 96), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignHCenter)
        outer.addWidget(logo)
        outer.addSpacing(style.Space.L)
        title = heading("Welcome to Rapport", "display", object_name="welcomeTitle", wrap=True)
        title.setAlignment(Qt.AlignHCenter)
        outer.addWidget(title)
        sub = plain_label(
            "A network is mutual support, not a pipeline. Bring in the people you know, "
            "log what you give and what you receive, and Rapport tells you whom to thank, "
            "whom to follow up with and whom to introduce.",
            wrap=True,
        )
        sub.setAlignment(Qt.AlignHCenter)
        sub.setMaximumWidth(560)
        sub.setMinimumWidth(460)
        row0 = style.hbox()
        row0.addStretch(1)
        row0.addWidget(sub)
        row0.addStretch(1)
        outer.addSpacing(style.Space.S)
        outer.addLayout(row0)
        outer.addSpacing(style.Space.XL)

        buttons = style.hbox(spacing=style.Space.M)
        buttons.addStretch(1)
        self.import_button = self._button(
            "Import phone contacts…", "import", "welcomeImportButton",
            "Import a .vcf file exported from your phone, Google, Apple or Outlook (Ctrl+I)",
        )  # fmt: skip
        self.sample_button = self._button(
            "Try a sample network", "network", "welcomeSampleButton",
            "Fill Rapport with 60 made-up people and two years of history, to look around",
        )  # fmt: skip
        self.add_button = self._button("Add a contact", "add", "welcomeAddButton", "Add your first contact by hand (Ctrl+N)")
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.add_button.clicked.connect(self.add_requested)
        for b in (self.import_button, self.sample_button, self.add_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        # Feedback while the sample network is made (about 2 s): a spinner and what is happening.
        self.spinner = Spinner(self)
        self.busy_label = muted_label("", object_name="welcomeBusy")
        self.busy_label.setVisible(False)
        for w in (self.spinner, self.busy_label):  # the room is kept, so nothing jumps when they show
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
        busy_row = style.hbox(spacing=style.Space.S)
        busy_row.addStretch(1)
        busy_row.addWidget(self.spinner)
        busy_row.addWidget(self.busy_label)
        busy_row.addStretch(1)
        outer.addSpacing(style.Space.L)
        outer.addLayout(busy_row)
        outer.addStretch(3)
        self.import_button.setDefault(True)

    def _button(self, text: str, icon_name: str, name: str, tip: str) -> QPushButton:
        b = button(text, icon_name, object_name=name, tip=tip)
        b.setIconSize(QSize(20, 20))
        b.setMinimumHeight(40)
        b.setMinimumWidth(190)
        return b

    def busy(self, message: str) -> Busy:
        """Feedback for work started from this page: the spinner and ``message`` under the buttons, the
        buttons disabled, the message in the window's status bar (use as ``with page.busy(...):``)."""
        return Busy(self, message, spinner=self.spinner, label=self.busy_label,
                    controls=[self.import_button, self.sample_button, self.add_button])  # fmt: skip
