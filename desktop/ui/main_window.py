"""The main window (a minimal first version; the full window comes with the main-window issue)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from desktop import APP_NAME
from desktop.services.contacts import count_contacts


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path):
        super().__init__()
        self.db_path = db_path
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        label = QLabel(f"{count_contacts()} contacts")
        label.setTextFormat(Qt.PlainText)
        label.setAlignment(Qt.AlignCenter)
        self.setCentralWidget(label)

    def import_files(self, paths: list[Path]) -> None:
        from desktop.services.importing import import_files

        import_files(paths)


def show_fatal_error(message: str) -> None:
    box = QMessageBox(QMessageBox.Critical, APP_NAME, message)
    box.setTextFormat(Qt.PlainText)
    box.exec()
