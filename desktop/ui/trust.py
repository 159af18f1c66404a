"""The window's side of backups: File → Restore from backup…, the offer to restore when the database is
damaged, and the start-up check (the day's backup, the trash purge).

The main window wires these in; they only call services.backup and services.trash, and never overwrite
a damaged file (the service sets it aside first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableView,
    QWidget,
)

from desktop.services import backup
from desktop.services.session import DATABASE_ERRORS, close_database

log = logging.getLogger(__name__)

LABELS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "before-import": "Before an import",
    "before-merge": "Before a merge",
    "before-delete": "Before a bulk delete",
    "before-empty-trash": "Before emptying the trash",
    "before-restore": "Replaced by a restore",
    "damaged": "Damaged file kept aside",
}


def plain_tooltip(text: str) -> str:
    """Kept for callers written before desktop.ui.text, where the one plain_tooltip now lives."""
    from desktop.ui.text import plain_tooltip as escaped

    return escaped(text)


def describe_label(label: str) -> str:
    if label.startswith("before-v"):
        return f"Before the upgrade to version {label[len('before-v'):]}"
    return LABELS.get(label, label)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


class BackupTableModel(QAbstractTableModel):
    """The backups of one database, newest first: date, kind, size, and how many contacts each holds."""

    COLUMNS = ("Date", "Kind", "Size", "Contacts")
    BackupRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[backup.Backup] = []
        self._counts: dict[Path, int | None] = {}

    def set_rows(self, rows: list[backup.Backup]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # One indexed count per file, read-only: a few milliseconds each, so the list shows them all at once.
        self._counts = {b.path: backup.count_contacts_in(b.path) for b in self._rows}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            if col == 0:
                return b.made_at.strftime("%d %b %Y, %H:%M")
            if col == 1:
                return describe_label(b.label)
            if col == 2:
                return human_size(b.size)
            if col == 3:
                count = self._counts.get(b.path)
                return f"{count:,}" if count is not None else "unreadable"
        elif role == Qt.ToolTipRole:
            return plain_tooltip(f"{b.path}\nMade {b.made_at:%Y-%m-%d %H:%M:%S}")
        elif role == Qt.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        elif role == self.BackupRole:
            return b
        return None

    def backup_at(self, row: int) -> backup.Backup:
        return self._rows[row]


class RestoreDialog(QDialog):
    """File → Restore from backup…: pick a backup; the current file is set aside, never lost."""

    def __init__(self, parent: QWidget | None, db_path: Path | str):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        from desktop.ui import style
        from desktop.ui.text import muted_label, plain_label

        self.db_path = Path(db_path)
        intro = plain_label(
            "Choose the backup to restore. The current database is first kept aside in the backups "
            "folder, so nothing is lost and a restore can itself be undone.",
            wrap=True,
        )
        self.model = BackupTableModel(self)
        self.model.set_rows(backup.list_backups(self.db_path))
        self.table = QTableView(self)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)  # a date on two lines reads as two dates
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setHighlightSections(False)
        self.empty = muted_label(f"There are no backups yet in {backup.chosen_dir(self.db_path)}.", wrap=True)
        self.empty.setVisible(self.model.rowCount() == 0)
        self.buttons = style.button_box(QDialogButtonBox.Cancel, parent=self)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setIcon(style.icon("restore"))
        self.restore_button.setToolTip("Put the selected backup in place (the current file is kept aside)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout = style.dialog_layout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        style.size_dialog(self, 680, 420)
        # the latest backup that is a restore candidate is selected: Enter restores it
        for row in range(self.model.rowCount()):
            if self.model.backup_at(row).restorable:
                self.table.selectRow(row)
                break
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> backup.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None


def _reopen(db_path: Path) -> None:
    from desktop.services.session import open_database

    open_database(db_path)


def restore_from_backup(
    parent: QWidget | None,
    db_path: Path | str,
    *,
    dialog: RestoreDialog | None = None,
    before: Callable[[], None] | None = None,
):
    """Run the Restore from backup… dialog; on OK, restore and reopen the database.

    ``before`` runs once a backup was chosen and before the file is touched: the window lets go of the
    database there (worker threads' connections, open listings), since a restore refuses while another
    connection has the file open. Returns ``(backup used, where the old file went)``, or None when
    cancelled or failed (the error was shown). The window then reloads everything it shows (``data_reset``).
    """
    db_path = Path(db_path)
    dialog = dialog or RestoreDialog(parent, db_path)
    if dialog.exec() != QDialog.Accepted or dialog.chosen() is None:
        return None
    if before is not None:
        before()
    try:
        result = backup.restore_backup(db_path, dialog.chosen().path)
    except backup.BackupError as exc:
        _warn(parent, "Restore from backup", str(exc))
        _reopen_quietly(db_path)
        return None
    _reopen(db_path)
    return result


def _reopen_quietly(db_path: Path) -> None:
    try:
        _reopen(db_path)
    except Exception:  # noqa: BLE001 - the caller already showed why
        log.exception("the database could not be reopened after a failed restore")


def corrupt_message_box(parent: QWidget | None, db_path: Path, problem: str, latest: backup.Backup | None) -> QMessageBox:
    from desktop.ui.style import decorate, icon, message_box

    if latest is not None:
        informative = (
            f"The latest good backup is from {latest.made_at:%Y-%m-%d %H:%M} ({describe_label(latest.label).lower()}). "
            "Restoring it keeps the damaged file aside in the backups folder; nothing is overwritten."
        )
    else:
        informative = f"There is no good backup in {backup.chosen_dir(db_path)}. The file was left as it is."
    box = message_box(parent, QMessageBox.Critical, "Rapport cannot open your contacts",
                      f"The database {db_path} cannot be used: {problem}.", QMessageBox.NoButton,
                      informative=informative, object_name="corruptDatabaseBox")  # fmt: skip
    if latest is not None:
        restore = box.addButton("Restore latest backup", QMessageBox.AcceptRole)
        restore.setObjectName("restoreLatest")
        choose = box.addButton("Choose a backup…", QMessageBox.ActionRole)
        choose.setObjectName("chooseBackup")
        box.setDefaultButton(restore)
    quit_ = box.addButton("Quit", QMessageBox.RejectRole)
    quit_.setObjectName("quit")
    quit_.setIcon(icon("quit"))
    box.setEscapeButton(quit_)
    return decorate(box)


RESTORED = "restored"
DAMAGED = "damaged"  # the file is damaged and the person chose not to restore (Quit)
NOT_DAMAGED = "not-damaged"  # the file checks out: the error was something else, and was shown


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning whose text (a path, a message with names in it) is shown as plain text."""
    from desktop.ui.style import message_box

    message_box(parent, QMessageBox.Warning, title, text).exec()


def offer_restore(
    parent: QWidget | None, db_path: Path | str, error: Exception | str, *, before: Callable[[], None] | None = None
) -> str:
    """``offer_restore_on_corrupt`` with the outcome spelled out: RESTORED, DAMAGED or NOT_DAMAGED.

    ``before`` runs only once a restore is chosen (the window stops its workers there: a restore
    refuses while another connection holds the file), never for an error that is only shown."""
    db_path = Path(db_path)
    problem = backup.check_file(db_path) if db_path.exists() else None
    if problem is None:
        from desktop.ui.style import message_box

        message_box(parent, QMessageBox.Critical, "Rapport cannot open your contacts", str(error),
                    object_name="databaseErrorBox").exec()  # fmt: skip
        return NOT_DAMAGED
    latest = backup.latest_good_backup(db_path)
    box = corrupt_message_box(parent, db_path, problem, latest)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else "quit"
    try:
        chosen = None
        if name == "restoreLatest" and latest is not None:
            chosen = latest.path
        elif name == "chooseBackup":
            dialog = RestoreDialog(parent, db_path)
            if dialog.exec() == QDialog.Accepted and dialog.chosen() is not None:
                chosen = dialog.chosen().path
        if chosen is not None:
            if before is not None:
                before()
            backup.restore_backup(db_path, chosen)
            return RESTORED
    except backup.BackupError as exc:
        _warn(parent, "Restore from backup", str(exc))
    return DAMAGED


def offer_restore_on_corrupt(parent: QWidget | None, db_path: Path | str, error: Exception | str) -> bool:
    """Tell the person the database cannot be opened and offer to restore the latest good backup.

    Returns True when a backup was restored (the caller opens the database again), False otherwise.
    A file that is fine but cannot be opened for another reason (written by a newer Rapport) only gets
    the message.
    """
    return offer_restore(parent, db_path, error) == RESTORED


def open_with_recovery(
    build: Callable[[Path], QWidget], db_path: Path | str, parent: QWidget | None = None, *, defer_backup: bool = False
):
    """Start-up: build the window on ``db_path``; if the file is damaged, offer a restore and try again;
    then purge the trash and make the day's backup. Returns the window, or None when the person quit.

    With ``defer_backup`` the day's backup is left to the caller (``start_daily_backup`` once the window
    is shown): it reads every page, ~1.5 s on 100,000 contacts, which must not hold up the first paint.
    """
    db_path = Path(db_path)
    for _attempt in range(3):
        try:
            window = build(db_path)
        except DATABASE_ERRORS as exc:
            close_database()
            if offer_restore_on_corrupt(parent, db_path, exc):
                continue
            return None
        try:
            daily_maintenance(backup_too=not defer_backup)
        except DATABASE_ERRORS as exc:  # opened, but quick_check (or the purge) met damage
            window.close()
            window.deleteLater()
            close_database()
            if offer_restore_on_corrupt(parent, db_path, exc):
                continue
            return None
        return window
    return None


def daily_maintenance(*, backup_too: bool = True) -> None:
    """The day's backup (at most one a day) and the trash purge; a failed backup is logged, not fatal."""
    from desktop.services.trash import purge_expired

    if backup_too:
        _daily_backup()
    purge_expired()


def _daily_backup():
    try:
        return backup.daily_backup()
    except backup.BackupError as exc:
        log.warning("the daily backup could not be made: %s", exc)
        return None


def start_daily_backup(owner, on_damaged: Callable[[BaseException], None], done: Callable[[object], None] = lambda _p: None):
    """The day's backup on a worker thread. Damage found by its quick_check goes to ``on_damaged`` (the
    window offers a restore); any other failure is logged. ``done(path or None)`` runs on the UI thread
    otherwise. Returns the running BackgroundOp."""
    from desktop.ui import workers

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DATABASE_ERRORS):
            on_damaged(exc)
            return
        log.warning("the daily backup failed: %s", type(exc).__name__)
        done(None)

    return workers.read(owner, _daily_backup, done, failed, name="daily-backup")
