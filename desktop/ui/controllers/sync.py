"""CardDAV sync in the window: File → Sync now (Ctrl+R) and the status bar's Sync button, a sync once
the window shows and then every so often (Settings → Accounts: every 15 minutes unless changed), the
last sync and what it did in the status bar, conflicts to review, failures in one line with the
server's words.

One sync at a time, on a worker thread (``workers``: the window's close cancels it between two steps
and joins it); the services' lock keeps it from running beside a ``rapport sync`` of the same account.
What was pulled reaches the list and the pages through ``AppEvents.contacts_changed``.

The services are imported inside the methods: they bring httpx, which the window's start need not pay for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QToolButton, QWidget

from desktop.domain.words import count_of
from desktop.ui import icons, style, workers
from desktop.ui.text import link_label, plain_label, plain_tooltip

CLOCK_MS = 30_000  # how often "Synced 2 min ago" is brought up to date


def ago(when: dt.datetime, now: dt.datetime) -> str:
    """"just now", "4 min ago", "3 h ago", "yesterday", "on 2026-11-02"."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if when.date() == now.date():
        return f"{int(seconds // 3600)} h ago"
    if when.date() == now.date() - dt.timedelta(days=1):
        return "yesterday"
    return f"on {when:%Y-%m-%d}"


@dataclass
class SyncState:
    """What the status bar shows about sync."""

    accounts: int = 0
    last_sync: dt.datetime | None = None
    pulled: int | None = None  # contacts changed here by the last sync (None: not known, e.g. after a restart)
    pushed: int | None = None  # cards changed on the server by it
    conflicts: int = 0  # fields waiting for review
    failure: str = ""  # the last sync's failure, in one line
    wrong_password: str = ""  # the account whose password the server refused

    def text(self, now: dt.datetime) -> str:
        if self.failure:
            return "Sync failed"
        if self.last_sync is None:
            return "Not synced yet"
        words = f"Synced {ago(self.last_sync, now)}"
        if self.pulled is None:
            return words
        changes = []
        if self.pulled:
            changes.append(f"{self.pulled} updated here")
        if self.pushed:
            changes.append(f"{self.pushed} on the server")
        return f"{words} · {', '.join(changes) if changes else 'nothing changed'}"


class SyncStatus(QWidget):
    """The status bar's part: Sync button, spinner, what the last sync did, links to conflicts and failures."""

    def __init__(self, controller: SyncController):
        super().__init__()
        self.setObjectName("syncStatus")
        layout = style.hbox(self, spacing=style.Space.S)
        self.button = QToolButton()
        self.button.setObjectName("syncButton")
        self.button.setIcon(icons.icon("sync"))
        self.button.setText("Sync")
        self.button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.setAccessibleName("Sync now")
        self.button.setToolTip("Sync with your CardDAV accounts now (Ctrl+R)")
        self.button.clicked.connect(lambda: controller.sync_now())
        self.spinner = style.Spinner()
        self.label = plain_label("", object_name="syncLabel")
        self.label.setAccessibleName("Sync status")
        self.conflicts_link = link_label("", controller.review_conflicts, object_name="syncConflictsLink",
                                         tip="Review the fields changed both here and on the server")  # fmt: skip
        self.problem_link = link_label("Details", controller.show_failure, object_name="syncProblemLink",
                                       tip="What went wrong, in the server's words")  # fmt: skip
        for w in (self.button, self.spinner, self.label, self.conflicts_link, self.problem_link):
            layout.addWidget(w)
        self.conflicts_link.hide()
        self.problem_link.hide()

    def show_state(self, state: SyncState, running: bool, progress: str, now: dt.datetime) -> None:
        self.setVisible(bool(state.accounts) or running)
        self.button.setEnabled(not running)
        if running:
            self.spinner.start()
        else:
            self.spinner.stop()
        self.label.setText(progress if running else state.text(now))
        self.label.set_tone("error" if state.failure and not running else None)
        self.label.setToolTip(plain_tooltip(state.failure))
        self.problem_link.setText("Check the password" if state.wrong_password else "Details")
        self.problem_link.setVisible(bool(state.failure) and not running)
        self.conflicts_link.setText(f"{count_of(state.conflicts, 'conflict')} to review")
        self.conflicts_link.setAccessibleName(self.conflicts_link.text())
        self.conflicts_link.setVisible(state.conflicts > 0)


def _settings_page(dialog) -> QWidget:
    """Settings → Accounts: the page, following the sync of the window the dialog belongs to."""
    from desktop.ui.dialogs.accounts import AccountsPage

    return AccountsPage(getattr(dialog.parentWidget(), "sync", None), margins=style.Space.L)


class SyncController(QObject):
    """Made by the window; ``window.sync``."""

    accounts_changed = Signal()  # an account was added, removed, made the default or given a new password
    finished = Signal(object)  # a sync ended: its outcomes ([services.sync.SyncOutcome]), or [] when it failed

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state = SyncState()
        self.op: workers.BackgroundOp | None = None  # the sync under way
        self._manual = False
        self._progress = ""
        self._closed = False
        self._scheduled = False
        self.interval = 0  # minutes between syncs once scheduled (0: never on its own)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self._show)
        self.status = SyncStatus(self)
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        a = window.action_set
        a.add("syncAction", "S&ync now", self.sync_now, menu="file", icon="sync", shortcut="Ctrl+R",
              tip="Sync with your CardDAV accounts now", before="quitAction")  # fmt: skip
        a.add("accountsAction", "&Accounts…", self.open_accounts, menu="file", icon="cloud",
              tip="CardDAV accounts: add, remove, choose the default, how often to sync", before="quitAction")  # fmt: skip
        a.separator("file", before="quitAction")
        from desktop.ui.dialogs.settings_dialog import register_page

        register_page("accounts", "Accounts", "cloud", _settings_page)  # Edit → Settings… → Accounts too
        self.accounts_changed.connect(self.refresh)
        window.history.applied.connect(self._on_history_applied)
        window.installEventFilter(self)

    # --- when it syncs ----------------------------------------------------------------------------

    def start_schedule(self, first_delay_ms: int = 0) -> None:
        """Once the window shows: read the accounts and the interval, sync (``first_delay_ms`` from now)
        unless the interval is "never", then every ``interval`` minutes."""
        self._scheduled = True
        QTimer.singleShot(first_delay_ms, lambda: self.refresh(then_sync=True))

    def refresh(self, then_sync: bool = False) -> workers.BackgroundOp:
        """Read what the status bar shows (accounts, last sync, conflicts, the interval) off the UI thread."""

        def read():
            from desktop.services import accounts, sync_conflicts

            return accounts.list_accounts(), sync_conflicts.count_conflicts(), accounts.sync_interval()

        return workers.read(self, read, lambda got: self._on_refreshed(got, then_sync), self._on_refresh_failed,
                            name="sync-state")  # fmt: skip

    def _on_refreshed(self, got, then_sync: bool) -> None:
        infos, conflicts, interval = got
        s = self.state
        s.accounts, s.conflicts = len(infos), conflicts
        names = {a.name for a in infos}
        if s.wrong_password and s.wrong_password not in names:  # the account was removed
            s.failure = s.wrong_password = ""
        synced = [a.last_sync for a in infos if a.last_sync is not None]
        if synced and (s.last_sync is None or max(synced) > s.last_sync):
            s.last_sync, s.pulled, s.pushed = max(synced), None, None
        if self._scheduled:
            self._set_timer(interval)
        self._show()
        if then_sync and s.accounts and interval:
            self.sync_now(manual=False)

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self.window.show_failure("Sync", exc)

    def set_interval(self, minutes: int) -> workers.BackgroundOp:
        """Settings → Accounts: sync every ``minutes`` from now on (0: never on its own)."""
        from desktop.services.accounts import set_sync_interval

        return workers.write(self, lambda: set_sync_interval(minutes), lambda _r: self._on_interval_set(minutes),
                             self._on_refresh_failed, name="sync-interval")  # fmt: skip

    def _on_interval_set(self, minutes: int) -> None:
        if self._scheduled:
            self._set_timer(minutes)

    def _set_timer(self, minutes: int) -> None:
        if minutes == self.interval and (self.timer.isActive() or not minutes):
            return
        self.interval = minutes
        if minutes:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def _on_timer_timeout(self) -> None:
        if self.state.accounts and self.op is None:
            self.sync_now(manual=False)

    # --- a sync -------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.op is not None

    def sync_now(self, manual: bool = True) -> workers.BackgroundOp | None:
        """Sync every account (the default one first) on a worker thread; None when one is under way
        already or the window is closing. Asked for by the person (``manual``), a failure is shown at
        once; otherwise it waits in the status bar."""
        if self._closed:
            return None
        if self.op is not None:
            self.window.statusBar().showMessage("A sync is under way already.", 5000)
            return None
        self._manual = manual
        self._progress = "Syncing…"

        def work(report):
            from desktop.services import sync, sync_conflicts

            outcomes = sync.sync_all(progress=report)
            return outcomes, sync_conflicts.count_conflicts()

        from desktop.services.session import close_database

        # Not a "write" for the registry: a sync journals nothing, so Edit → Undo need not wait for it (an
        # edit or undo made meanwhile is merged by the sync, not overwritten).
        op = workers.BackgroundOp(self, work, self._on_synced, name="sync")
        self.op = op.failure(self._on_sync_failed).on_progress(self._on_sync_progress).on_thread_exit(close_database)
        self.op.run()
        self._show()
        self.clock.stop()
        return self.op

    def _on_sync_progress(self, done: int, total: int) -> None:
        self._progress = f"Syncing… {done:,} of {total:,}" if total else "Syncing…"
        self._show()

    def _on_synced(self, result) -> None:
        outcomes, conflicts = result
        self.op = None
        s = self.state
        reports = [o.report for o in outcomes if o.report is not None]
        failed = [o for o in outcomes if o.error is not None]
        from desktop.services.sync_lock import SyncBusy

        busy = [o for o in failed if isinstance(o.exception, SyncBusy)]
        failed = [o for o in failed if o not in busy]
        s.conflicts = conflicts
        if not outcomes and self._manual:
            self._offer_accounts()
        done = [r for r in reports if not r.cancelled]
        if done:
            s.last_sync = dt.datetime.now().replace(microsecond=0)
            s.pulled = sum(r.pulled.added + r.pulled.updated + r.pulled.deleted for r in done)
            s.pushed = sum(r.pushed.added + r.pushed.updated + r.pushed.deleted for r in done)
        s.failure = "\n".join(o.error for o in failed)
        s.wrong_password = next((o.account for o in failed if getattr(o.exception, "status", None) == 401), "")
        if not self._closed:
            if any(r.pulled.added or r.pulled.updated or r.pulled.deleted for r in reports):
                self.window.events.contacts_changed.emit([])  # the list and the pages read again
            if busy:
                self.window.statusBar().showMessage(f"Not synced: {'; '.join(o.error for o in busy)}", 15000)
            self._show()
            if failed and self._manual:
                self.show_failure()
        self.finished.emit(outcomes)

    def _on_sync_failed(self, exc: BaseException) -> None:
        self.op = None
        self.state.failure = str(exc)
        if not self._closed:
            self._show()
            self.window.show_failure("Sync", exc)
        self.finished.emit([])

    # --- what shows -----------------------------------------------------------------------------------

    def _show(self) -> None:
        self.status.show_state(self.state, self.running, self._progress, dt.datetime.now())
        if self.state.last_sync is not None and not self.running and not self._closed:
            self.clock.start()

    def show_failure(self) -> None:
        """The last sync's failure in a message box, in the server's words; a refused password offers
        the account."""
        s = self.state
        if not s.failure:
            return
        if s.wrong_password:
            hint = (f"Check the password of “{s.wrong_password}” in Accounts (Change password…); "
                    "the contacts here are unchanged.")  # fmt: skip
        else:
            hint = "Nothing was changed here by the failed part; the next sync tries again."
        box = style.message_box(self.window, QMessageBox.Warning, "Sync failed", s.failure, QMessageBox.Close,
                                informative=hint, object_name="syncFailedMessage")  # fmt: skip
        accounts = box.addButton("Open Accounts…", QMessageBox.ActionRole)
        accounts.setObjectName("openAccountsButton")
        accounts.setIcon(icons.icon("cloud"))
        accounts.clicked.connect(lambda: QTimer.singleShot(0, lambda: self.open_accounts(s.wrong_password)))
        from desktop.ui.dialogs.common import keep_open

        return keep_open(box)

    def _offer_accounts(self) -> None:
        self.window.statusBar().showMessage("There is no CardDAV account yet: add one in Accounts.", 8000)
        self.open_accounts()

    # --- the dialogs ----------------------------------------------------------------------------------

    def open_accounts(self, account: str = ""):
        """File → Accounts…: the Accounts page (also in Edit → Settings…) in a dialog of its own, which does
        not block the window (``account``: the one to point at)."""
        from desktop.ui.dialogs.accounts import show_accounts

        return show_accounts(self.window, self, account)

    def review_conflicts(self):
        """The fields changed both here and on the server, to keep ours or take the server's."""
        from desktop.ui.dialogs.conflicts_dialog import show_conflicts

        return show_conflicts(self.window, self.window.events, on_done=self.refresh)

    # --- reactions ------------------------------------------------------------------------------------

    def _on_history_applied(self, _changed) -> None:
        if self.state.accounts:
            self.refresh()  # an undone review reopens its conflicts

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.window and event.type() == QEvent.Close:
            # The close cancels and joins the sync (workers.shutdown); its callback must not reach
            # for a list whose model is closed by then.
            self._closed = True
            self.timer.stop()
            self.clock.stop()
        return super().eventFilter(obj, event)
