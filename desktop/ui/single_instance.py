"""One window per database: a second launch on the same database hands its .vcf files to the open window.

The open window listens on a local socket (a Unix socket, or a named pipe on
Windows) whose name is derived from the user and the resolved database path,
so two databases (or two users) never share a window. A later launch connects,
sends the files it was given (absolute paths, one JSON message), waits for the
window's acknowledgement and exits; the window comes to the front and imports
the files. The command line (import, list, ...) does not take part: SQLite's
WAL lets it work beside an open window.

A socket file left behind by a crash refuses connections; the next launch then
removes it and listens itself.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtNetwork import QLocalServer, QLocalSocket

PROTOCOL = 1
CONNECT_TIMEOUT_MS = 1000
# The open window may be busy for a moment (a long query): wait for its acknowledgement a little while.
ACK_TIMEOUT_MS = 5000
MAX_MESSAGE = 1 << 20  # a million bytes of file names is plenty; more is not a Rapport client


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, ImportError, OSError):  # no login name (no passwd entry): fall back to the uid
        return str(getattr(os, "getuid", lambda: "user")())


def server_name(db_path: Path | str) -> str:
    """The local-socket name for ``db_path``: stable for the same file and user, short enough for a Unix socket."""
    resolved = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    digest = hashlib.sha256(f"{_user()}\0{resolved}".encode("utf-8", "surrogateescape")).hexdigest()[:24]
    name = f"rapport-{digest}"
    if sys.platform != "win32":
        # A relative name lands in the shared /tmp; the per-user runtime folder keeps other users out.
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK):
            path = os.path.join(runtime, name + ".sock")
            if len(path.encode()) < 100:  # sun_path holds 104-108 bytes depending on the system
                return path
    return name


def hand_over(name: str, files: list[Path] | None = None, *, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Send ``files`` to the instance listening on ``name``; True when one was there and took them.

    Runs a short local event loop rather than the blocking waitFor* calls: those hold Python's
    lock, so a listener in the same process (the tests) could never answer. Needs a QCoreApplication.
    """
    message = {"protocol": PROTOCOL, "files": [str(Path(f).expanduser().resolve()) for f in files or []]}
    socket = QLocalSocket()
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    state = {"connected": False, "acked": False, "done": False}

    def finish() -> None:
        state["done"] = True
        loop.quit()

    def on_socket_connected() -> None:
        state["connected"] = True
        socket.write(json.dumps(message).encode("utf-8") + b"\n")
        socket.flush()
        timer.start(ACK_TIMEOUT_MS)

    def on_socket_ready_read() -> None:
        if socket.canReadLine():
            state["acked"] = socket.readLine().data().strip() == b"ok"
            finish()

    socket.connected.connect(on_socket_connected)
    socket.readyRead.connect(on_socket_ready_read)
    socket.errorOccurred.connect(lambda _error: finish())
    timer.start(timeout_ms)
    socket.connectToServer(name)
    if not state["done"]:
        loop.exec()
    timer.stop()
    socket.abort()
    socket.deleteLater()
    if state["connected"] and not state["acked"]:
        # A listener that accepted the connection is alive: the message waits in its socket
        # and it reads it when it gets to it, so this still counts as handed over.
        print("rapport: the open window is busy; it will take the files when it is free", file=sys.stderr)
    return state["connected"]


class InstanceServer(QObject):
    """Listens for later launches on the same database and says what they asked for."""

    activation_requested = Signal(list)  # list[Path]: files to import (may be empty: just come to the front)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        # Only this user may connect (Unix: socket permissions; Windows: the pipe's security descriptor).
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        self.server.newConnection.connect(self._on_server_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        app = QCoreApplication.instance()
        if app is not None:
            # Close before Python tears the objects down, so the socket file goes too.
            app.aboutToQuit.connect(self.close)

    def listen(self) -> bool:
        return self.server.listen(self.name)

    def is_listening(self) -> bool:
        return self.server.isListening()

    def close(self) -> None:
        if self.server.isListening():
            self.server.close()

    def error_string(self) -> str:
        return self.server.errorString()

    def _on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._on_socket_ready_read(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        if self._buffers.pop(socket, None) is not None:
            try:
                socket.deleteLater()
            except RuntimeError:  # already gone with the server (at quit)
                pass

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + socket.readAll().data()
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE:
                socket.abort()
                self._forget(socket)
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8"))
            files = [Path(f) for f in message.get("files", []) if isinstance(f, str)]
        except (ValueError, AttributeError):
            socket.abort()
            self._forget(socket)
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.activation_requested.emit(files)


def claim(db_path: Path | str, files: list[Path] | None = None) -> InstanceServer | None:
    """Become the instance for ``db_path``, or hand ``files`` to the one that already is.

    Returns the listening server, or None when another instance took over (the caller exits).
    Needs a QCoreApplication. If listening fails for another reason, the server is returned
    unlistening: Rapport still opens, only without the single-window guarantee.
    """
    name = server_name(db_path)
    if hand_over(name, files):
        return None
    server = InstanceServer(name)
    if server.listen():
        return server
    # Either a crash left the socket file behind, or another launch started listening just now.
    if hand_over(name, files):
        server.deleteLater()
        return None
    QLocalServer.removeServer(name)
    if not server.listen():
        print(f"rapport: cannot listen for other launches ({server.error_string()}); continuing", file=sys.stderr)
    return server


def bring_to_front(window) -> None:
    """Un-minimise, raise and activate ``window`` (window managers may only flash it in the task bar)."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    from PySide6.QtWidgets import QApplication

    QApplication.alert(window)


class _FileOpenFilter(QObject):
    """macOS hands a double-clicked document to the running app as a FileOpen event, not in argv."""

    def __init__(self, on_files, parent: QObject):
        super().__init__(parent)
        self._on_files = on_files

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.FileOpen and event.file():
            self._on_files([Path(event.file())])
            return True
        return False


def attach(server: InstanceServer, window) -> None:
    """Later launches (and macOS's open-document events) bring ``window`` to the front and have it import."""

    def on_activation_requested(files: list) -> None:
        bring_to_front(window)
        if files:
            window.import_files(files)

    server.activation_requested.connect(on_activation_requested)
    app = QCoreApplication.instance()
    if app is not None:
        app.installEventFilter(_FileOpenFilter(on_activation_requested, window))
