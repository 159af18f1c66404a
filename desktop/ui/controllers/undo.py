"""The window's one undo history: a ``QUndoStack`` whose commands call ``services.undo``.

The journal in the database is the truth. A service journals each change it makes (in the change's
transaction); after any change the window hears of (an ``AppEvents`` signal), the history reads the
entries recorded since and pushes one command each. The change is made already, so a command's
first ``redo()`` (the push) does nothing; later ones redo it, and ``undo()`` takes it back, each as
a background write. When the journal says something the stack does not (a deletion taken back from
the Trash dialog, the trash emptied), the stack is built again from the journal.

At start the history holds the steps still standing of kinds that survive a restart (a deletion
from yesterday can be undone; a snooze of yesterday's Today cannot: ``services.undo.register``).
A restore from backup clears it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from desktop.services import undo as undo_service
from desktop.ui import icons, workers


class JournalCommand(QUndoCommand):
    """One journal entry on the stack; its text is the entry's label ("delete of 3 contacts")."""

    def __init__(self, history: UndoHistory, entry: undo_service.Entry):
        super().__init__(entry.label)
        self.entry_id = entry.id
        self._history = history
        self._applied = True  # in the database already: the push's redo() has nothing to do

    def redo(self) -> None:
        if self._applied:
            return
        self._applied = True
        self._history._run(self.entry_id, self.text(), undoing=False)

    def undo(self) -> None:
        self._applied = False
        self._history._run(self.entry_id, self.text(), undoing=True)


class UndoHistory(QObject):
    """Give it the window's AppEvents; every widget reaches the same one with ``UndoHistory.of(events)``."""

    changed = Signal()  # what Undo and Redo would do (or whether they can now) changed
    applied = Signal(object)  # services.undo.Changed, once an undo or redo is in the database
    message = Signal(str)  # for the status bar: "Undid delete of 3 contacts."

    def __init__(self, events, parent: QObject | None = None):
        super().__init__(parent if parent is not None else events)
        self.events = events
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(undo_service.HISTORY_LIMIT)
        self._session_start = 0  # journal ids from here on were made while this window was open
        self._older = True  # whether steps from before the session are kept (not after a restore)
        self._last_id = 0  # the newest journal entry looked at
        self._op: workers.BackgroundOp | None = None  # the undo or redo under way
        self._load_due = False  # load() was called and its read has not started yet
        self._loading: workers.BackgroundOp | None = None  # the first read of the journal
        for signal in (events.contacts_changed, events.timeline_changed, events.groups_changed,
                       events.data_reset, events.today_changed, events.needs_changed,
                       events.knows_changed):  # fmt: skip
            signal.connect(self._on_events_changed)
        self.stack.indexChanged.connect(self._on_stack_index_changed)
        workers.registry().writes_changed.connect(self._on_registry_writes_changed)

    @classmethod
    def of(cls, events) -> UndoHistory:
        """The history of the window these AppEvents belong to (made on first use: a page on its own)."""
        found = events.findChild(UndoHistory)
        if found is None:
            found = cls(events)
            found.load()
        return found

    # --- following the journal ----------------------------------------------------------

    def load(self, *, after_ms: int = 0) -> None:
        """At start: the steps still standing that make sense to take back in a new session. Read on a
        worker (knowing a kind imports its service: importing's alone costs ~90 ms of Python) that
        starts ``after_ms`` from now, or sooner with ``start_loading()`` (the window's first paint:
        a worker sharing the interpreter with the first paint slows it)."""
        self._session_start = undo_service.last_id() + 1
        self._last_id = self._session_start - 1
        self._load_due = True
        if after_ms:
            QTimer.singleShot(after_ms, self.start_loading)
        else:
            self.start_loading()

    def start_loading(self) -> None:
        if not self._load_due:
            return
        self._load_due = False
        start = self._session_start
        self._loading = workers.read(self, lambda: undo_service.history(start), self._on_loaded,
                                     self._on_load_failed, name="undo-history")  # fmt: skip

    @property
    def loading(self) -> bool:
        return self._load_due or self._loading is not None

    def _on_loaded(self, entries: list[undo_service.Entry]) -> None:
        self._loading = None
        if self._op is None:
            self._rebuild(entries)
            self.sync()  # what was journalled while the history was read

    def _on_load_failed(self, exc: BaseException) -> None:
        from desktop.ui import errors

        self._loading = None
        if errors.is_bug(exc):
            errors.report_bug(exc, self._widget())
        # else: a database error; the window's next command meets it again and offers a restore

    def clear(self) -> None:
        """Forget every step (a restore from backup: the history starts again on the file put back)."""
        self._session_start = undo_service.last_id() + 1
        self._older = False
        self._rebuild()

    def _rebuild(self, entries: list[undo_service.Entry] | None = None) -> None:
        self.stack.clear()
        if entries is None:
            self._last_id = undo_service.last_id()
            entries = undo_service.history(self._session_start)
        else:  # read a moment ago: what came after it is left to sync()
            self._last_id = max([self._session_start - 1, *(e.id for e in entries)])
        for entry in entries:
            if self._older or entry.id >= self._session_start:
                self.stack.push(JournalCommand(self, entry))
        self.changed.emit()

    def _on_events_changed(self, *_args) -> None:
        self.sync()

    def _on_stack_index_changed(self, _index: int) -> None:
        self.changed.emit()

    def _on_registry_writes_changed(self, _writing: bool) -> None:
        self.changed.emit()

    def sync(self) -> list[int]:
        """Push the steps journalled since the last look (a page calls this after a change that
        signals nothing else); returns their ids."""
        if self._op is not None:  # the journal is mid-change: the op syncs when it lands
            return []
        if not self._agrees_with_journal():
            self._rebuild()
            return []
        pushed = []
        for entry in undo_service.entries_after(self._last_id):
            if not entry.undone:
                self.stack.push(JournalCommand(self, entry))
                pushed.append(entry.id)
        self._last_id = undo_service.last_id()
        return pushed

    def _commands(self) -> list[JournalCommand]:
        return [self.stack.command(i) for i in range(self.stack.count())]

    def _agrees_with_journal(self) -> bool:
        commands = self._commands()
        if not commands:
            return True
        states = undo_service.states(c.entry_id for c in commands)
        for i, command in enumerate(commands):
            state = states.get(command.entry_id)
            if state is None or state != (command.text(), i >= self.stack.index()):
                return False
        return True

    # --- undo and redo ------------------------------------------------------------------

    def busy(self) -> bool:
        """An undo or redo, or a change whose entry is not journalled yet, is under way."""
        return self._op is not None or workers.registry().writing()

    def can_undo(self) -> bool:
        return self.stack.canUndo() and not self.busy()

    def can_redo(self) -> bool:
        return self.stack.canRedo() and not self.busy()

    def undo(self) -> None:
        if self.can_undo():
            self.stack.undo()

    def redo(self) -> None:
        if self.can_redo():
            self.stack.redo()

    def top_entry(self) -> int | None:
        """The journal id Undo would take back next."""
        i = self.stack.index() - 1
        return self.stack.command(i).entry_id if i >= 0 else None

    def _run(self, entry_id: int, label: str, *, undoing: bool, force: bool = False) -> None:
        def work():
            return undo_service.undo(entry_id, force=force) if undoing else undo_service.redo(entry_id)

        self._op = workers.write(
            self, work,
            lambda changed: self._on_applied(changed, f"{'Undid' if undoing else 'Redid'} {label}."),
            lambda exc: self._on_failed(exc, entry_id, label, undoing),
            name="undo" if undoing else "redo",
        )  # fmt: skip
        self.changed.emit()

    def _on_applied(self, changed: undo_service.Changed, words: str) -> None:
        self._op = None
        ev = self.events
        if changed.contacts is not None:
            ev.contacts_changed.emit(list(changed.contacts))
        if changed.timeline is not None:
            ev.timeline_changed.emit(list(changed.timeline))
        if changed.today:
            ev.today_changed.emit()
        if changed.knows is not None:
            ev.knows_changed.emit(list(changed.knows))
        if changed.groups:
            ev.groups_changed.emit()
        self.sync()
        self.applied.emit(changed)
        self.message.emit(words)
        self.changed.emit()

    def _on_failed(self, exc: BaseException, entry_id: int, label: str, undoing: bool) -> None:
        from desktop.ui import errors

        self._op = None
        if undoing and isinstance(exc, undo_service.Refused) and self._confirm_force(str(exc)):
            self._run(entry_id, label, undoing=True, force=True)
            return
        self._rebuild()  # the journal is the truth: the step stands (or stays undone)
        if errors.for_a_person(exc):
            from desktop.ui.dialogs.common import show_error

            show_error(self._widget(), "Undo" if undoing else "Redo",
                       f"Could not {'undo' if undoing else 'redo'} the {label}: {exc}")  # fmt: skip
        else:
            errors.report_bug(exc, self._widget())

    def _widget(self) -> QWidget | None:
        """The window these AppEvents belong to, as the parent of a message."""
        owner = self.events.parent()
        return owner if isinstance(owner, QWidget) else None

    def _confirm_force(self, reason: str) -> bool:
        from desktop.ui.dialogs.common import confirm_undo_anyway

        return confirm_undo_anyway(self._widget(), "Undo", reason, "Undo it anyway? What was changed since will be lost.")

    # --- the Edit menu's actions ----------------------------------------------------------

    def make_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Edit → Undo and Redo, their text naming the step ("Undo delete of 3 contacts")."""
        undo = QAction(icons.icon("undo"), "&Undo", parent)
        undo.setObjectName("undoAction")
        undo.setShortcut(QKeySequence.Undo)
        undo.triggered.connect(self.undo)
        redo = QAction(icons.icon("redo"), "&Redo", parent)
        redo.setObjectName("redoAction")
        keys = QKeySequence.keyBindings(QKeySequence.Redo)  # Ctrl+Shift+Z, and Ctrl+Y where that is the platform's
        if QKeySequence("Ctrl+Shift+Z") not in keys:
            keys.append(QKeySequence("Ctrl+Shift+Z"))
        redo.setShortcuts(keys)
        redo.triggered.connect(self.redo)

        def update() -> None:
            for action, can, text, verb in ((undo, self.can_undo(), self.stack.undoText(), "Undo"),
                                            (redo, self.can_redo(), self.stack.redoText(), "Redo")):  # fmt: skip
                action.setEnabled(can)
                action.setText(f"&{verb} {text}" if text else f"&{verb}")
                tip = f"{verb} {text}" if text else f"Nothing to {verb.lower()}"
                action.setToolTip(tip)
                action.setStatusTip(tip)

        self.changed.connect(update)
        update()
        return undo, redo

