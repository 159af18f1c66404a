"""The real process, driven from outside as a person would (qutebrowser's end-to-end shape): start
``python -m desktop`` on a database and folders of the test's own, import a phone's vCards through
File → Import, find someone, log a favour given to them, quit, start again on the same database and
see the favour on their timeline and meter.

The window is driven through its test-only control channel (desktop/ui/test_control.py, switched on
by RAPPORT_TEST_CONTROL): actions by objectName, key presses into fields, dialog buttons; what shows
is read back. Every wait is for a state, polled against a deadline."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana-1\r\nN:García;Ana;;;\r\nFN:Ana García\r\nORG:Garcia Bakery\r\n"
    "TEL;TYPE=CELL:(555) 123-4567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "TEL;CELL:+49 30 1234567\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nN:Okafor;Ben;;;\r\nEMAIL:ben@example.com\r\nEND:VCARD\r\n"
)
DEADLINE_S = 60  # a busy two-core machine starts Python and Qt in a few seconds; this is only a ceiling
NOTHING_YET = "Nothing logged yet"


class Rapport:
    """One ``python -m desktop`` process and its control channel."""

    def __init__(self, home: Path, db: Path):
        self.home = home
        self.control_path = home / "run" / "control.sock"
        assert len(str(self.control_path).encode()) < 100, "a Unix socket path must fit in sun_path"
        (home / "run").mkdir(mode=0o700, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "RAPPORT_DB"}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            RAPPORT_TEST_CONTROL=str(self.control_path),
            # Settings (QSettings), data (backups), caches, the single-instance socket, Documents:
            # all under the test's folder, never the user's.
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_RUNTIME_DIR=str(home / "run"),
        )
        self.stderr_path = home / f"stderr-{time.monotonic_ns()}.txt"
        self._stderr = open(self.stderr_path, "w+b")  # noqa: SIM115 - closed in wait_for_exit
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--db", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        self.sock = self._connect()
        self.replies = self.sock.makefile("rb")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def _connect(self) -> socket.socket:
        deadline = time.monotonic() + DEADLINE_S
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"rapport exited with {self.proc.returncode} before listening:\n{self.stderr()}")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(self.control_path))
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() > deadline:
                    pytest.fail(f"rapport did not listen on {self.control_path} in {DEADLINE_S} s:\n{self.stderr()}")
                time.sleep(0.05)
                continue
            sock.settimeout(DEADLINE_S)
            return sock

    def __call__(self, cmd: str, **args):
        self.sock.sendall(json.dumps({"cmd": cmd, **args}).encode("utf-8") + b"\n")
        line = self.replies.readline()
        assert line, f"rapport closed the control channel:\n{self.stderr()}"
        reply = json.loads(line)
        assert reply["ok"], f"{cmd} {args}: {reply['error']}"
        return reply["value"]

    def wait_for(self, what: str, probe, done=bool):
        """Ask ``probe()`` until ``done(answer)``; the last answer, or a failure naming what never came."""
        deadline = time.monotonic() + DEADLINE_S
        while True:
            answer = probe()
            if done(answer):
                return answer
            if time.monotonic() > deadline:
                pytest.fail(f"waited {DEADLINE_S} s for {what}; last saw {answer!r}\n{self.stderr()}")
            time.sleep(0.05)

    def text(self, widget: str) -> str:
        return self("read", widget=widget)["text"]

    def modal_name(self) -> str | None:
        modal = self("modal")
        return modal and modal["objectName"]

    def wait_for_modal(self, name: str | None) -> None:
        self.wait_for(f"the modal dialog to be {name}", self.modal_name, lambda shown: shown == name)

    def find_and_open(self, query: str, name: str) -> None:
        self("trigger", action="findAction")  # Ctrl+F
        self("type", widget="searchField", text=query)
        self.wait_for(f"the list to show only {name}", lambda: self("rows", widget="contactList"), lambda r: r == [name])
        self("key", widget="searchField", key="Return")  # Enter opens the first result
        self.wait_for(f"{name}'s page", lambda: self.text("contactName"), lambda t: t == name)

    def quit(self) -> None:
        self("trigger", action="quitAction")  # Ctrl+Q
        try:
            code = self.proc.wait(timeout=DEADLINE_S)
        finally:
            self.replies.close()
            self.sock.close()
            self._stderr.close()
        err = self.stderr()
        assert code == 0, err
        assert "Traceback" not in err, err  # an exception in a slot is printed, not raised

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()


@pytest.fixture
def start(tmp_path):
    started: list[Rapport] = []

    def start_rapport(db: Path) -> Rapport:
        started.append(Rapport(tmp_path, db))
        return started[-1]

    yield start_rapport
    for app in started:
        app.kill()


def test_import_find_log_a_favour_quit_and_see_it_after_a_restart(tmp_path, start):
    db = tmp_path / "rapport.sqlite3"
    vcf = tmp_path / "phone.vcf"
    vcf.write_bytes(PHONE.encode("utf-8"))

    app = start(db)
    app.wait_for("the window", lambda: app("windows"), lambda ws: any(w["objectName"] == "mainWindow" for w in ws))
    app.wait_for("an empty database", lambda: app.text("contactCount"), lambda t: t == "No contacts yet")

    # File → Import vCards…: the file dialog, the file's path typed in, Enter; then the summary.
    app("trigger", action="importAction")
    app.wait_for("the file dialog", lambda: app("modal"), lambda m: m is not None and m["className"] == "QFileDialog")
    app("key", widget="@modal/fileNameEdit", key="A", modifiers="Ctrl")  # over whatever it proposes
    app("type", widget="@modal/fileNameEdit", text=str(vcf))
    app.wait_for("the path typed", lambda: app.text("@modal/fileNameEdit"), lambda t: t == str(vcf))
    app("key", widget="@modal/fileNameEdit", key="Return")
    app.wait_for_modal("importSummaryDialog")
    assert app.text("@modal/summaryLine") == "3 added"
    assert app.text("@modal/heading") == "Import finished."
    app("key", widget="@modal", key="Escape")
    app.wait_for_modal(None)
    app.wait_for("the count of contacts", lambda: app.text("contactCount"), lambda t: t == "3 contacts · 3 shown")

    # An accent-less search finds the accented name; Enter opens her page.
    app.find_and_open("garcia", "Ana García")
    assert app.text("reciprocityMeter") == NOTHING_YET

    # Contact → Log exchange… (Ctrl+Shift+L): a favour I gave her.
    app("trigger", action="logExchangeAction")
    app.wait_for_modal("logExchangeDialog")
    app("choose", widget="@modal/kind", text="Favour")
    app("click", widget="@modal/gaveButton")
    app("type", widget="@modal/summary", text="Lent her the van for the market")
    app.wait_for("the summary typed", lambda: app.text("@modal/summary"), lambda t: t.endswith("market"))
    assert app("read", widget="@modal/gaveButton")["checked"] is True
    assert app.text("@modal/kind") == "Favour"
    app("click", widget="@modal/okButton")
    app.wait_for_modal(None)
    app.wait_for("the favour on her timeline", lambda: app("rows", widget="timeline"), lambda r: "Favour given" in r)
    meter = app.wait_for("the meter to move", lambda: app.text("reciprocityMeter"), lambda t: t != NOTHING_YET)
    assert meter.startswith("You are giving more"), meter
    app.quit()

    # Start again on the same file: the favour is still on her timeline, the meter says the same.
    again = start(db)
    again.wait_for("the window", lambda: again("windows"), lambda ws: any(w["objectName"] == "mainWindow" for w in ws))
    again.wait_for("the count of contacts", lambda: again.text("contactCount"), lambda t: t == "3 contacts · 3 shown")
    again.find_and_open("garc", "Ana García")
    rows = again.wait_for("her timeline", lambda: again("rows", widget="timeline"), lambda r: "Favour given" in r)
    assert rows.count("Favour given") == 1
    assert again.text("reciprocityMeter") == meter
    again.quit()
