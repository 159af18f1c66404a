"""Help → About: what Rapport is, its version and the versions it runs on."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from desktop import APP_NAME, __version__
from desktop.ui.dialogs.common import describe, plain_label


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        title = plain_label(f"{APP_NAME} {__version__}")
        title.setObjectName("title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        blurb = plain_label(
            "A personal CRM for people who build a professional network: your contacts, the story of each "
            "relationship, and the balance of giving and getting."
        )
        blurb.setWordWrap(True)
        versions = plain_label(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"
        )
        versions.setObjectName("versions")
        versions.setTextInteractionFlags(Qt.TextSelectableByMouse)
        versions.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        close.setDefault(True)
        describe(close, "Close", "Close (Enter or Escape)")
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(versions)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)


def show_about(parent=None) -> None:
    AboutDialog(parent).exec()
