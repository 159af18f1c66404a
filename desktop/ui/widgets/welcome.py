"""The first-run page: an empty database offers an import, a sample network, or a first contact."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import icons


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignHCenter)
    return label


class WelcomePage(QWidget):
    import_requested = Signal()
    sample_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(QSize(96, 96), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignHCenter)
        outer.addWidget(logo)
        title = _label("Welcome to Rapport")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setWeight(QFont.DemiBold)
        title.setFont(font)
        title.setObjectName("welcomeTitle")
        outer.addWidget(title)
        sub = _label(
            "A network is mutual support, not a pipeline. Bring in the people you know, "
            "log what you give and what you receive, and Rapport tells you whom to thank, "
            "whom to follow up with and whom to introduce."
        )
        sub.setMaximumWidth(560)
        sub.setMinimumWidth(460)
        row0 = QHBoxLayout()
        row0.addStretch(1)
        row0.addWidget(sub)
        row0.addStretch(1)
        outer.addSpacing(8)
        outer.addLayout(row0)
        outer.addSpacing(24)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
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
        outer.addStretch(3)
        self.import_button.setDefault(True)

    def _button(self, text: str, icon_name: str, name: str, tip: str) -> QPushButton:
        b = QPushButton(icons.icon(icon_name), text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.setAccessibleName(text.rstrip("…"))
        b.setIconSize(QSize(20, 20))
        b.setMinimumHeight(40)
        b.setMinimumWidth(190)
        return b
