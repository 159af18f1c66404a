"""The screenshot gallery renders every dialog without a database."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop.ui.dialogs.gallery import render_dialogs

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_render_dialogs(qtbot, tmp_path):
    shots = render_dialogs(tmp_path)
    names = {p.name for p in shots}
    assert {"dlg_contact_name.png", "dlg_log_exchange.png", "dlg_log_exchange_error.png", "dlg_introduction.png",
            "dlg_log_interaction.png", "dlg_import_summary.png", "dlg_export.png", "dlg_about.png"} <= names  # fmt: skip
    for path in shots:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 200 and image.height() >= 30, path.name
        if path.name != "dlg_picker_suggestions.png":
            assert image.height() >= 150, path.name
