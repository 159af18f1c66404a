"""Errors: a form shows only messages meant for a person (RapportError); anything else is a bug, shown
in a dialog with "Copy details" and written to a rotating log without contact data, whether it
escapes a slot, a worker's callback, or reaches sys.excepthook."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.domain.contact import ContactData
from desktop.services import contacts, timeline
from desktop.ui import errors, workers
from desktop.ui.dialogs.timeline_dialogs import LogInteractionDialog
from desktop.ui.events import AppEvents

REAL_REPORT_BUG = errors.report_bug  # before the autouse ``bugs`` fixture stands in for it
SECRET = "Zebulon Quixote-Secret"


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The real reporting, installed as the app installs it, on a log of the test's own."""
    monkeypatch.setattr(errors, "report_bug", REAL_REPORT_BUG)
    log_file = tmp_path / "logs" / "rapport.log"
    hook, handlers = sys.excepthook, list(errors.log.handlers)
    errors.install(log_file)
    yield log_file
    sys.excepthook = hook
    for handler in errors.log.handlers[len(handlers):]:
        errors.log.removeHandler(handler)
        handler.close()
    errors.send_database_errors_to(None)
    for top in QApplication.topLevelWidgets():
        if top.objectName() == "bugDialog":
            top.close()


def _bug_dialogs():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "bugDialog" and w.isVisible()]


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_a_bug_gets_a_dialog_with_its_details_and_a_log_line_without_contact_data(qtbot, installed):
    exc = _raise(KeyError(f"{SECRET} <zq@secret.example>"))
    sys.excepthook(type(exc), exc, exc.__traceback__)
    [dialog] = _bug_dialogs()
    details = dialog.findChild(type(dialog.details), "bugDetails").toPlainText()
    assert "KeyError" in details and SECRET in details and "test_errors.py" in details  # the whole traceback
    qtbot.mouseClick(dialog.copy_button, Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == details
    assert dialog.isVisible()  # copying does not close it
    logged = installed.read_text(encoding="utf-8")
    assert "bug: builtins.KeyError at tests/" not in logged  # paths are cut to the project's own
    assert "bug: builtins.KeyError at" in logged and "test_errors.py" in logged and "in _raise" in logged
    assert "Zebulon" not in logged and "secret.example" not in logged


def test_a_second_bug_while_the_dialog_is_open_joins_it(installed):
    errors.report_bug(_raise(ValueError("first")))
    errors.report_bug(_raise(ValueError("second")))
    [dialog] = _bug_dialogs()
    assert "first" in dialog.details.toPlainText() and "second" in dialog.details.toPlainText()


def test_the_log_rotates_at_about_a_megabyte(installed):
    for _ in range(30):
        errors.log.info("x" * 100_000)
    files = sorted(p.name for p in installed.parent.iterdir())
    assert files == ["rapport.log", "rapport.log.1", "rapport.log.2", "rapport.log.3"]
    assert all(p.stat().st_size <= errors.LOG_BYTES for p in installed.parent.iterdir())


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_reported_as_a_bug(qtbot, installed):
    emitter = _Emitter()

    def broken_slot():
        raise RuntimeError("in a slot")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()
    [dialog] = _bug_dialogs()
    assert "in a slot" in dialog.details.toPlainText()
    assert "in broken_slot" in installed.read_text(encoding="utf-8")


def test_a_damaged_database_escaping_a_slot_goes_to_the_restore_offer(installed):
    offered = []
    errors.send_database_errors_to(offered.append)
    exc = _raise(sqlite3.DatabaseError("database disk image is malformed"))
    sys.excepthook(type(exc), exc, exc.__traceback__)
    assert offered == [exc] and _bug_dialogs() == []


def test_a_worker_that_fails_with_no_failure_callback_or_a_broken_one_is_a_bug(qtbot, bugs):
    op = workers.BackgroundOp(None, lambda _report: 1 / 0).run()
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass

    def broken_callback(_result):
        raise LookupError("in a callback")

    op = workers.BackgroundOp(None, lambda _report: 1, broken_callback).run()
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    assert [type(e) for e in bugs] == [ZeroDivisionError, LookupError]
    assert workers.running() == 0  # the op ended all the same
    bugs.clear()


def test_a_form_shows_a_persons_error_but_not_a_bug(qtbot, db):
    cid = contacts.add_contact(ContactData(full_name="Ada Lovelace"))

    class Broken:
        def __init__(self, exc):
            self.exc = exc

        def log_interaction(self, *args, **kwargs):
            raise self.exc

    for exc, shown in ((timeline.TimelineError("Choose at least one contact."), True), (KeyError("oops"), False)):
        dialog = LogInteractionDialog(None, AppEvents(), [cid], service=Broken(exc))
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.capture_exceptions() as raised:
            qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        assert dialog.isVisible()  # nothing was saved
        if shown:
            assert dialog.errors_shown() == {"form": "Choose at least one contact."} and not raised
        else:
            assert dialog.errors_shown() == {}  # a bug is not a red line in a form: it goes to the bug dialog
            assert [type(e[1]) for e in raised] == [KeyError]


def test_a_photo_error_is_meant_for_a_person():
    from desktop.ui.dialogs.fields import PhotoError

    assert errors.for_a_person(PhotoError("That file is not an image Rapport can read."))
    assert not errors.is_bug(PhotoError("x")) and errors.is_bug(KeyError("x"))

