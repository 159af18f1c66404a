"""A hidden control channel for end-to-end tests of the real process: TEST-ONLY, off in every normal run.

Only when the environment variable ``RAPPORT_TEST_CONTROL`` names a socket path (set by
tests/e2e/test_real_process.py, never by Rapport itself) does the window listen there, on a
QLocalServer that only this user may connect to, for one-line JSON commands; it answers each
with one line of JSON: ``{"ok": true, "value": ...}`` or ``{"ok": false, "error": "..."}``.

The commands do what a person does to the real widgets (trigger one of the window's actions, type
into a field, press a key or a button, pick from a list) and read back what shows (labels, fields,
list rows, the status bar, the open dialog). They never call the services.

The server runs on the window's event loop. A modal dialog's ``exec()`` keeps that loop spinning,
so commands are answered while a dialog is open; and every command that may open one is queued
(it runs just after its answer is sent), so no answer waits for a dialog to close. A test therefore
waits for the state it expects by asking again until a deadline.

Commands, as ``{"cmd": NAME, ...}``:

    ping                            "pong"
    modal                           the open modal dialog {objectName, className, title}, or null
    windows                         the visible top-level windows, each the same way
    read    widget                  {className, objectName, title, text, visible, enabled, checked,
                                    accessibleDescription} (text: a label's, field's, button's or
                                    combo box's text, or a custom widget's text())
    rows    widget                  the display text of each row of an item view
    status                          the status bar's message
    trigger action                  queued: the window's QAction of that objectName (if enabled)
    click   widget                  queued: press a button (if it shows and is enabled)
    type    widget text             queued: the text as key presses, the field focused first
    key     widget key [modifiers]  queued: one key ("Return", "Escape", "Down"...; modifiers "Ctrl+Shift")
    choose  widget text             queued: pick the combo box item showing that text

A widget is named by objectNames joined with "/": the first is looked up among the open windows
and their children ("@modal" is the open modal dialog, "@window" the main window), each next one
among the children of the one before; where several match, a visible one wins.
"""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QComboBox, QWidget

ENV = "RAPPORT_TEST_CONTROL"
MODIFIERS = {"ctrl": Qt.ControlModifier, "shift": Qt.ShiftModifier, "alt": Qt.AltModifier, "meta": Qt.MetaModifier}


class ControlError(Exception):
    """A command that cannot be done: no such widget, a disabled button, an unknown command..."""


def listen(window, path: str) -> ControlServer:
    """Start answering commands on the socket ``path`` for ``window`` (desktop/app.py, under ``ENV``)."""
    server = ControlServer(window, path)
    if not server.server.listen(path):
        raise SystemExit(f"rapport: {ENV}: cannot listen on {path}: {server.server.errorString()}")
    return server


def _describe(widget: QWidget | None) -> dict | None:
    if widget is None:
        return None
    return {"objectName": widget.objectName(), "className": widget.metaObject().className(), "title": widget.windowTitle()}


def _pick(candidates: list[QWidget], name: str, where: str) -> QWidget:
    if not candidates:
        raise ControlError(f"no widget named {name!r} {where}")
    return next((w for w in candidates if w.isVisible()), candidates[0])


def _text(widget: QWidget) -> str:
    # A combo box's chosen item, a text box's text, else text() (labels, fields, buttons, the meter).
    for getter in ("currentText", "toPlainText", "text"):
        method = getattr(widget, getter, None)
        if callable(method):
            return str(method())
    return ""


class ControlServer(QObject):
    """The listening socket and the commands; a child of the window, so it goes when the window does."""

    def __init__(self, window, path: str):
        super().__init__(window)
        self.window = window
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        self.server.newConnection.connect(self._on_server_new_connection)
        QLocalServer.removeServer(path)  # a socket file left by a killed run
        self._buffers: dict[QLocalSocket, bytes] = {}

    def _on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            # The socket itself is the server's child and goes with it (a test opens one or two).
            socket.disconnected.connect(lambda s=socket: self._buffers.pop(s, None))

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + socket.readAll().data()
        *lines, self._buffers[socket] = data.split(b"\n")
        for line in filter(bytes.strip, lines):
            try:
                answer = {"ok": True, "value": self.run(json.loads(line.decode("utf-8")))}
            except ControlError as exc:
                answer = {"ok": False, "error": str(exc)}
            except Exception as exc:  # noqa: BLE001 - a test-only channel reports, it does not crash the window
                answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            socket.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
            socket.flush()

    # --- commands ----------------------------------------------------------------

    def run(self, command: dict):
        cmd = command.get("cmd")
        if cmd == "ping":
            return "pong"
        if cmd == "modal":
            return _describe(QApplication.activeModalWidget())
        if cmd == "windows":
            return [_describe(w) for w in QApplication.topLevelWidgets() if w.isVisible()]
        if cmd == "status":
            return self.window.statusBar().currentMessage()
        if cmd == "trigger":
            action = self.find_action(command["action"])
            return self._later(action.trigger)
        chain = self.find(command["widget"])  # the queued commands keep it alive (see find)
        widget, name = chain[-1], command["widget"]
        if cmd == "read":
            checked = widget.isChecked() if isinstance(widget, QAbstractButton) else None
            return {**_describe(widget), "text": _text(widget), "visible": widget.isVisible(),
                    "enabled": widget.isEnabled(), "checked": checked,
                    "accessibleDescription": widget.accessibleDescription()}  # fmt: skip
        if cmd == "rows":
            if not isinstance(widget, QAbstractItemView) or widget.model() is None:
                raise ControlError(f"{name!r} is not a list")
            model = widget.model()
            return [str(model.index(r, 0).data() or "") for r in range(model.rowCount())]
        if not widget.isVisible() or not widget.isEnabled():  # a person can only use what shows and is enabled
            raise ControlError(f"{name!r} is {'disabled' if widget.isVisible() else 'not shown'}")
        if cmd == "click":
            if not isinstance(widget, QAbstractButton):
                raise ControlError(f"{name!r} is not a button")
            return self._later(lambda: chain[-1].click())
        if cmd == "type":
            return self._later(lambda: self._type(chain[-1], str(command["text"])))
        if cmd == "key":
            key = getattr(Qt.Key, f"Key_{command['key']}", None)
            if key is None:
                raise ControlError(f"no key named {command['key']!r}")
            mods = Qt.NoModifier
            for mod in filter(None, str(command.get("modifiers", "")).lower().split("+")):
                if mod not in MODIFIERS:
                    raise ControlError(f"no modifier named {mod!r} (use {'+'.join(MODIFIERS)})")
                mods |= MODIFIERS[mod]
            return self._later(lambda: self._key(chain[-1], key, "", mods))
        if cmd == "choose":
            if not isinstance(widget, QComboBox):
                raise ControlError(f"{name!r} is not a combo box")
            i = widget.findText(str(command["text"]))
            if i < 0:
                items = [widget.itemText(n) for n in range(widget.count())]
                raise ControlError(f"{name!r} has no item {command['text']!r} (it has {items})")
            return self._later(lambda: self._choose(chain[-1], i))
        raise ControlError(f"unknown command {cmd!r}")

    def find(self, path: str) -> list[QWidget]:
        """The widget named by ``path`` (see the module's docstring), last in the list of the widgets on
        the way to it. Keep the whole list while using the widget: PySide6 (6.11) marks a child that
        findChildren returned as deleted once the Python wrapper of the (C++-made) parent it was found
        in is freed, e.g. a QFileDialog's line edit."""
        first, *rest = [part for part in str(path).split("/") if part] or [""]
        if first == "@modal":
            chain = [QApplication.activeModalWidget()]
            if chain[0] is None:
                raise ControlError("no modal dialog is open")
        elif first == "@window":
            chain = [self.window]
        else:
            found = []
            for top in QApplication.topLevelWidgets():
                found += [[top]] if top.objectName() == first else []
                found += [[top, child] for child in top.findChildren(QWidget, first)]
            visible = [c for c in found if c[-1].isVisible()]
            if not found:
                raise ControlError(f"no widget named {first!r} in any window")
            chain = (visible or found)[0]
        for name in rest:
            chain.append(_pick(chain[-1].findChildren(QWidget, name), name, f"in {chain[-1].objectName()!r}"))
        return chain

    def find_action(self, name: str) -> QAction:
        action = self.window.findChild(QAction, name)
        if action is None:
            raise ControlError(f"the window has no action named {name!r}")
        if not action.isEnabled():
            raise ControlError(f"the action {name!r} is disabled")
        return action

    @staticmethod
    def _later(act) -> str:
        # After the answer is written: an action that opens a modal dialog returns only when it closes.
        QTimer.singleShot(0, act)
        return "queued"

    @staticmethod
    def _key(widget: QWidget, key, text: str, mods=Qt.NoModifier) -> None:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            if not shiboken6.isValid(widget):  # the first key closed its dialog
                return
            QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, text))

    def _type(self, widget: QWidget, text: str) -> None:
        if not shiboken6.isValid(widget):
            return
        widget.setFocus(Qt.MouseFocusReason)
        for ch in text:
            # Qt's key codes for ASCII are the upper-case characters; others go as text alone
            # (QTest.keyClicks aborts on non-ASCII text, PITFALLS.md).
            key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isprintable() else Qt.Key.Key_unknown
            self._key(widget, key, ch)

    @staticmethod
    def _choose(combo: QComboBox, index: int) -> None:
        # What picking an item from the open list does: the current item changes, then "activated".
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        combo.textActivated.emit(combo.itemText(index))


__all__ = ["ENV", "ControlError", "ControlServer", "listen"]
