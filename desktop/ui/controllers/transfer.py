"""Contacts in and out of the window: File → Import contacts… (and .vcf or .csv files dropped on the window or
handed over by a second launch), File → Export… (vCard or CSV), and the welcome's "Try a sample network".
Each runs off the UI thread (``desktop.ui.workers``); the registry keeps it alive and the window's
close cancels it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from desktop.ui import workers


class Transfer(QObject):
    """Made by the window; ``window.transfer``."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def import_files(self, paths: list[Path] | None = None):
        """Import vCard or CSV files (asking for them when ``paths`` is None), off the UI thread, with progress.
        Returns the running ImportFlow (None when no file was chosen)."""
        from desktop.ui.dialogs import import_vcards

        return import_vcards(self.window, self.window.events, [Path(p) for p in paths] if paths else None)

    def export_contacts(self):
        """Export all, the selected or the shown contacts (the list's query, in full), as vCard or CSV;
        returns the running ExportFlow, or None."""
        from desktop.ui.dialogs import export_contacts

        w, panel = self.window, self.window.list_panel
        total, shown = panel.counts()
        return export_contacts(w, w.events, panel.selected_ids(), query=panel.model.query, total=total, shown=shown,
                               today=w.today())  # fmt: skip

    def load_sample_network(self) -> workers.BackgroundOp:
        """The welcome's "Try a sample network": 60 people and their story, written on a worker thread."""
        from desktop.services.sample import create_sample_network

        today = self.window.today()
        # A second or two of work: the welcome page's spinner and message say so before it starts.
        self._sample_busy = self.window.welcome.busy("Creating a sample network: 60 people and two years of history…")
        self._sample_busy.start()
        return workers.write(self, lambda: create_sample_network(today=today), self._on_sample_made,
                             self._on_sample_failed, name="sample")  # fmt: skip

    def _on_sample_made(self, summary) -> None:
        w = self.window
        w.events.data_reset.emit()
        w.list_panel.select_first()
        self._sample_busy.done(
            f"Sample network: {summary.contacts} people, {summary.interactions} interactions, "
            f"{summary.exchanges} exchanges.",
        )

    def _on_sample_failed(self, exc: BaseException) -> None:
        self._sample_busy.done()
        self.window.show_failure("Try a sample network", exc)

    # --- drag and drop of .vcf and .csv files -----------------------------------------------

    def accepts(self, mime) -> bool:
        from desktop.ui.dialogs import import_paths_from_mime

        return bool(import_paths_from_mime(mime))

    def paths_of(self, mime) -> list[Path]:
        from desktop.ui.dialogs import import_paths_from_mime

        return import_paths_from_mime(mime)
