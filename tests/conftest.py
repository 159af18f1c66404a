"""Test set-up shared by every layer: offscreen Qt, a private database per test, markers by folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything can import Qt: without a display, Qt must not try xcb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("RAPPORT_DB", None)

DATA = Path(__file__).parent / "data"


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).parts
        for layer in ("unit", "ui", "e2e"):
            if layer in parts:
                item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "rapport.sqlite3"


@pytest.fixture
def db(db_path):
    """An open, migrated database of the test's own."""
    from desktop.services.session import close_database, open_database

    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture(autouse=True)
def bugs(request, monkeypatch):
    """Window tests (ui, e2e): the exceptions reported as bugs (the bug dialog) during the test. Left
    over at its end, they fail it: a test that expects one takes it from this list."""
    seen: list[BaseException] = []
    if request.node.get_closest_marker("unit") is not None:  # no Qt in the unit layer
        yield seen
        return
    from desktop.ui import errors

    monkeypatch.setattr(errors, "report_bug", lambda exc, parent=None: seen.append(exc))
    yield seen
    assert not seen, f"reported as a bug: {[errors.where(e) for e in seen]}"
