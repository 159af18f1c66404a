"""Help → About: what Rapport is, its version and the versions it runs on."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from desktop import APP_NAME, __version__
from desktop.ui import icons, style
from desktop.ui.dialogs.common import describe
from desktop.ui.text import heading, muted_label, plain_label


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        logo = QLabel()
        logo.setObjectName("logo")
        logo.setPixmap(icons.app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        logo.setFixedSize(64, 64)
        title = heading(f"{APP_NAME} {__version__}", "title", object_name="title")
        blurb = plain_label(
            "A personal CRM for people who build a professional network: your contacts, the story of each "
            "relationship, and the balance of giving and getting.",
            wrap=True,
        )
        versions = muted_label(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}",
            object_name="versions",
            selectable=True,
            type_step="caption",
        )
        buttons = style.button_box(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        close.setDefault(True)
        describe(close, "Close", "Close (Enter or Escape)")
        buttons.rejected.connect(self.accept)
        top = style.hbox(spacing=style.Space.L)
        top.addWidget(logo, 0, Qt.AlignTop)
        text = style.vbox(spacing=style.Space.S)
        text.addWidget(title)
        text.addWidget(blurb)
        text.addWidget(versions)
        top.addLayout(text, 1)
        layout = style.dialog_layout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        style.size_dialog(self, 460)


def show_about(parent=None) -> None:
    AboutDialog(parent).exec()
