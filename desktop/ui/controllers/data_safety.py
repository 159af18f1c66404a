"""The window's data safety: File → Back up now, Restore from backup… and Trash…, the day's backup
after the window shows, and the offer to restore the latest good backup when a command meets a
damaged database. The dialogs and the services' calls are in ``desktop.ui.trust``; this module is
what the window does around them (its workers, its history, its status bar).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.ui import trust, workers


def recovers_from_damage(method):
    """A command that meets a damaged database mid-query (SQLite's "database disk image is malformed",
    raw or wrapped by Peewee) offers to restore the latest good backup instead of dying in a slot.
    Only the window's commands and reactions carry it: the services below stay free to raise."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except trust.DATABASE_ERRORS as exc:
            self.window.data_safety.recover_from_damage(exc)
            return None

    return guarded


class DataSafety(QObject):
    """Made by the window; ``window.data_safety``."""

    backup_finished = Signal(object)  # the backup's path, or None when it failed (the day's or by hand)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._recovering = False  # the damaged-database offer is up: no second one behind it

    # --- backups ------------------------------------------------------------------

    def back_up_now(self) -> workers.BackgroundOp:
        """File → Back up now: a backup on a worker thread; the status bar names the file when done."""
        from desktop.services.backup import make_backup

        self.window.statusBar().showMessage("Backing up…")
        return workers.read(self, lambda: make_backup("manual"), self._on_backup_made, self._on_backup_failed,
                            name="backup")  # fmt: skip

    def _on_backup_made(self, path) -> None:
        self.window.statusBar().showMessage(f"Backed up to {path}", 15000)
        self.backup_finished.emit(path)

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self.backup_finished.emit(None)
        self.window.show_failure("Back up now", exc)

    def start_daily_backup(self, delay_ms: int = 0) -> None:
        """The day's backup on a worker thread, ``delay_ms`` after now (once the window has painted:
        it reads every page, ~1.5 s on 100,000 contacts). ``backup_finished`` tells when it is done."""
        QTimer.singleShot(delay_ms, self._on_daily_backup_timer_timeout)

    def _on_daily_backup_timer_timeout(self) -> None:
        if self.window.isVisible():
            trust.start_daily_backup(self, self._on_daily_backup_damaged, done=self.backup_finished.emit)

    def _on_daily_backup_damaged(self, exc: BaseException) -> None:
        self.backup_finished.emit(None)
        self.recover_from_damage(exc)

    # --- restore ------------------------------------------------------------------

    def release_database(self) -> None:
        """Let go of the database before its file is replaced: every worker ends (and closes its
        connection), and the list drops its temporary table."""
        workers.shutdown()
        self.window.list_panel.model.close()

    @recovers_from_damage
    def restore_from_backup(self):
        """File → Restore from backup…: returns ``(backup used, where the old file went)`` or None."""
        released = []

        def before() -> None:
            self.release_database()
            released.append(True)

        result = trust.restore_from_backup(self.window, self.window.db_path, before=before)
        if result is None:
            if released:  # let go of, then the restore failed (and reopened the file): read again
                self.window.events.data_reset.emit()
            return None
        used, aside = result
        self._restored()
        kept = f"; the replaced database is kept as {aside.name}" if aside is not None else ""
        self.window.statusBar().showMessage(f"Restored {used.name}{kept}.", 15000)
        return result

    def _restored(self) -> None:
        self.window.history.clear()  # what Undo would take back belonged to the file set aside
        self.window.events.data_reset.emit()

    def recover_from_damage(self, error: BaseException) -> None:
        """The database failed mid-query: if the file is damaged, offer the latest good backup (the file
        is kept aside); a damaged file the person will not restore closes the window. Any other
        database error is only shown."""
        if self._recovering:
            return
        self._recovering = True
        try:
            self.window.statusBar().clearMessage()
            # Workers stop only if a restore is chosen: a passing "database is locked" must not cancel an import.
            outcome = trust.offer_restore(self.window, self.window.db_path, error, before=self.release_database)
            if outcome == trust.RESTORED:
                from desktop.services.session import open_database

                open_database(self.window.db_path)
                self._restored()
                self.window.statusBar().showMessage(
                    "Restored the latest good backup; the damaged file is kept in the backups folder.", 15000
                )
            elif outcome == trust.DAMAGED:
                QTimer.singleShot(0, self.window.close)
        finally:
            self._recovering = False

    # --- the trash ----------------------------------------------------------------

    @recovers_from_damage
    def show_trash(self):
        """File → Trash…: restore deleted items, empty the trash, undo an import's merge."""
        from desktop.ui.dialogs.trash_dialog import show_trash

        return show_trash(self.window, self.window.events, today=self.window.today)
