"""What every window test shares: a bug reported (the bug dialog) fails the test unless it asked for
it with the ``bugs`` fixture and took what it expected."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def bugs(monkeypatch):
    """The exceptions reported as bugs during the test; left over at its end, they fail it."""
    from desktop.ui import errors

    seen: list[BaseException] = []
    monkeypatch.setattr(errors, "report_bug", lambda exc, parent=None: seen.append(exc))
    yield seen
    assert not seen, f"reported as a bug: {[errors.where(e) for e in seen]}"
