"""Single instance: a second launch on the same database hands its files to the open window.

Both "instances" live in this process and thread: the first is the server
claim() returned, the second is a later claim() call on the same database, whose
short event loop also lets the first answer.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from desktop.ui import single_instance
from desktop.ui.single_instance import claim, server_name


@pytest.fixture(autouse=True)
def runtime_dir(tmp_path, monkeypatch):
    """Sockets in the test's own folder (a short one: sun_path is ~104 bytes)."""
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="rsi-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    yield short
    for p in short.iterdir():
        p.unlink()
    short.rmdir()


@pytest.fixture
def first(qtbot, db_path):
    """The instance that is already open on db_path."""
    server = claim(db_path)
    assert server is not None and server.is_listening()
    yield server
    server.close()


def test_second_launch_hands_files_over_and_says_so(qtbot, first, db_path, tmp_path):
    vcf = tmp_path / "Ødegård.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n", encoding="utf-8")
    with qtbot.waitSignal(first.activation_requested, timeout=10000) as blocker:
        second = claim(db_path, [vcf])
    assert second is None  # handed over: the caller exits instead of opening the database
    assert blocker.args == [[vcf.resolve()]]


def test_relative_paths_are_resolved_by_the_launch_that_got_them(qtbot, first, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with qtbot.waitSignal(first.activation_requested, timeout=10000) as blocker:
        assert claim(db_path, [Path("a.vcf")]) is None
    assert blocker.args == [[(tmp_path / "a.vcf").resolve()]]


def test_second_launch_without_files_only_asks_to_come_to_the_front(qtbot, first, db_path):
    with qtbot.waitSignal(first.activation_requested, timeout=10000) as blocker:
        assert claim(db_path, []) is None
    assert blocker.args == [[]]


def test_another_database_gets_its_own_instance(qtbot, first, tmp_path):
    other = claim(tmp_path / "other.sqlite3")
    try:
        assert other is not None and other.is_listening()
        assert other.name != first.name
    finally:
        other.close()


def test_name_is_stable_per_file_and_user(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = server_name(tmp_path / "r.sqlite3")
    assert server_name(Path("r.sqlite3")) == a
    assert server_name(tmp_path / "sub" / ".." / "r.sqlite3") == a
    assert server_name(tmp_path / "s.sqlite3") != a
    monkeypatch.setattr(single_instance, "_user", lambda: "someone-else")
    assert server_name(tmp_path / "r.sqlite3") != a


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave nothing behind")
def test_stale_socket_after_a_crash_is_recovered(qtbot, db_path):
    # What a crashed instance leaves: a bound socket file that nobody accepts on.
    name = server_name(db_path)
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(name)
    crashed.close()
    assert os.path.exists(name)

    server = claim(db_path)
    try:
        assert server is not None and server.is_listening()
        with qtbot.waitSignal(server.activation_requested, timeout=10000):
            assert claim(db_path, []) is None
    finally:
        server.close()
    assert not os.path.exists(name)  # closing removes the socket file


def test_garbage_on_the_socket_is_ignored(qtbot, first):
    from PySide6.QtNetwork import QLocalSocket

    s = QLocalSocket()
    s.connectToServer(first.name)
    with qtbot.assertNotEmitted(first.activation_requested, wait=300):
        assert s.waitForConnected(1000)
        s.write(b"not json\n")
        s.flush()
        qtbot.waitUntil(lambda: s.state() == QLocalSocket.UnconnectedState, timeout=5000)
    assert s.readAll().data() == b""  # no acknowledgement: the connection was dropped
    assert first.is_listening()


def test_activation_raises_the_window_and_imports(qtbot, first, db_path, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    class FakeWindow(QMainWindow):
        def __init__(self):
            super().__init__()
            self.imported = []

        def import_files(self, paths):
            self.imported.append(paths)

    window = FakeWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    single_instance.attach(first, window)
    vcf = tmp_path / "c.vcf"
    with qtbot.waitSignal(first.activation_requested, timeout=10000):
        assert claim(db_path, [vcf]) is None
    assert window.imported == [[vcf.resolve()]]
    assert not window.isMinimized()


def test_run_gui_hands_over_instead_of_opening_the_database_twice(qtbot, first, db_path, tmp_path, capsys):
    from desktop.app import run_gui

    vcf = tmp_path / "d.vcf"
    with qtbot.waitSignal(first.activation_requested, timeout=10000) as blocker:
        assert run_gui(["--db", str(db_path), str(vcf)]) == 0
    assert blocker.args == [[vcf.resolve()]]
    assert "already open on this database" in capsys.readouterr().err
    assert not db_path.exists()  # the second launch never opened the database


def test_macos_open_document_event_imports_too(qtbot, first, tmp_path):
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FakeWindow(QMainWindow):
        def __init__(self):
            super().__init__()
            self.imported = []

        def import_files(self, paths):
            self.imported.append(paths)

    window = FakeWindow()
    qtbot.addWidget(window)
    single_instance.attach(first, window)
    vcf = tmp_path / "mac.vcf"
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(vcf)))
    assert window.imported == [[vcf]]
