"""The contact list panel driven like a person would: typing, filters, sort, counts, selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain.contact import ContactData, Phone
from desktop.services import contacts
from desktop.ui.widgets.contact_list import ContactListPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot, db):
    contacts.insert_contacts(
        [
            ContactData(full_name="Sofía García", organization="Estudio", tags=["chamber"]),
            ContactData(full_name="Jürgen Müller", title="Tax advisor"),
            ContactData(full_name="Ingrid Ødegård", phones=[Phone("(555) 123-4567")]),
            ContactData(full_name="<b>Bold</b> Person"),
        ]
        + [ContactData(full_name=f"Extra {n:04d}") for n in range(3000)]
    )
    p = ContactListPanel()
    qtbot.addWidget(p)
    p.resize(360, 600)
    p.show()
    return p


def shown(panel) -> list[str]:
    m = panel.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def test_object_names_and_accessibility(panel):
    assert panel.search_field.objectName() == "searchField"
    assert panel.view.objectName() == "contactList"
    for w in (panel.search_field, panel.view, panel.tag_filter, panel.group_filter, panel.circle_filter, panel.sort_combo):
        assert w.accessibleName() and w.toolTip(), w.objectName()


def test_typing_filters_the_list(qtbot, panel):
    qtbot.keyClicks(panel.search_field, "garcia")
    assert shown(panel) == ["Sofía García"]
    panel.search_field.clear()
    qtbot.keyClicks(panel.search_field, "ller")
    assert shown(panel) == ["Jürgen Müller"]
    panel.search_field.clear()
    qtbot.keyClicks(panel.search_field, "5551234")
    assert shown(panel) == ["Ingrid Ødegård"]


def test_non_ascii_typed_text(qtbot, panel):
    panel.search_field.setText("ØDEGÅRD")  # keyClicks cannot send non-ASCII (PITFALLS)
    assert shown(panel) == ["Ingrid Ødegård"]


def test_counts_follow_the_query(qtbot, panel):
    with qtbot.waitSignal(panel.counts_changed, timeout=2000) as blocker:
        qtbot.keyClicks(panel.search_field, "ext")
    assert blocker.args[0] == 3004
    assert panel.counts() == (3004, 3000)
    panel.search_field.clear()
    assert panel.counts() == (3004, 3004)


def test_list_is_lazy_and_scrolls_to_the_end(qtbot, panel):
    first = panel.model.rowCount()
    assert first < 3004
    panel.view.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() > first, timeout=2000)
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    assert panel.model.rowCount() == 3004


def test_tag_filter_and_sort(qtbot, panel):
    i = panel.tag_filter.findText("chamber")
    panel.tag_filter.setCurrentIndex(i)
    assert shown(panel) == ["Sofía García"]
    panel.tag_filter.setCurrentIndex(0)
    panel.set_sort("added")
    assert shown(panel)[0] == "Extra 2999"
    assert panel.sort_key() == "added"


def test_selection_emits_the_contact(qtbot, panel):
    qtbot.keyClicks(panel.search_field, "garcia")
    with qtbot.waitSignal(panel.contact_selected) as blocker:
        rect = panel.view.visualRect(panel.model.index(0, 0))
        qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [1]
    assert panel.selected_ids() == [1]


def test_markup_in_a_name_is_shown_as_typed(panel):
    assert "<b>Bold</b> Person" in shown(panel)


def test_enter_in_the_search_opens_the_first_result(qtbot, panel):
    panel.search_field.setFocus()
    qtbot.keyClicks(panel.search_field, "mull")
    with qtbot.waitSignal(panel.contact_selected) as blocker:
        qtbot.keyClick(panel.search_field, Qt.Key_Return)
    assert blocker.args == [2]
    qtbot.keyClicks(panel.search_field, "x")  # a new search leaves the page alone
    assert panel.model.rowCount() == 0


def test_archived_filter_shows_the_archived_alone(qtbot, panel):
    contacts.update_fields(2, archived=True)
    panel.data_changed()
    assert "Jürgen Müller" not in shown(panel)
    panel.circle_filter.setCurrentIndex(panel.circle_filter.findText("Archived"))
    assert shown(panel) == ["Jürgen Müller"]


def test_an_empty_result_says_so(qtbot, panel):
    qtbot.keyClicks(panel.search_field, "zzzq")
    assert panel.model.rowCount() == 0
    assert panel.view.placeholder == "No contact matches “zzzq”."
    img = panel.view.viewport().grab().toImage()
    assert any(img.pixelColor(x, 32) != img.pixelColor(2, 2) for x in range(0, img.width(), 3))
