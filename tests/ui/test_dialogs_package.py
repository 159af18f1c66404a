"""desktop.ui.dialogs, the package the window opens its dialogs through."""

from __future__ import annotations

import pytest


def test_every_name_the_dialogs_package_offers_loads():
    """desktop.ui.dialogs loads a dialog's module when a name is first asked for: each name is where it says."""
    from desktop.ui import dialogs

    for name in dialogs.__all__:
        assert getattr(dialogs, name).__name__ == name
    with pytest.raises(AttributeError):
        dialogs.no_such_dialog  # noqa: B018
