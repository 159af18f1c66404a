"""The Find duplicates and Merge dialogs through their real widgets: groups read off the UI thread, a merge
with a field chosen, "Not duplicates" remembered, Skip; plain text for names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QRadioButton

from desktop.domain.contact import ContactData, Email, Phone
from desktop.services import contacts, duplicates
from desktop.ui.dialogs.duplicates import DuplicatesDialog, MergeDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def person(full: str, **kw) -> int:
    given, _, family = full.partition(" ")
    return contacts.add_contact(ContactData(full_name=full, given_name=given, family_name=family, **kw), "US")


@pytest.fixture
def two_groups(db):
    bob = person("Bob Smith", organization="Acme", phones=[Phone("+1 212 555 0101")])
    robert = person("Robert Smith", organization="Acme Inc.", emails=[Email("robert@acme.example")])
    kate = person("Kate Jonson", organization="Globex")
    katherine = person("Katherine Johnson", organization="Globex")
    return bob, robert, kate, katherine


def texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisible() and w.text()]


def test_find_merge_with_a_choice_then_dismiss(qtbot, two_groups):
    bob, robert, kate, katherine = two_groups
    d = DuplicatesDialog(None)
    qtbot.addWidget(d)
    d.show()
    with qtbot.waitSignal(d.loaded, timeout=10000):  # the scan, then the first group's details
        d.start()
    assert d.title.text() == "Group 1 of 2: 94% likely the same person"
    assert "Bob is short for Robert" in d.reasons.text()
    keep = d.findChild(QRadioButton, f"keep_{bob}")
    assert keep.text() == "Bob Smith" and keep.isChecked()
    name_choice = d.findChild(QRadioButton, f"choice_name_{robert}")
    assert name_choice.text() == "Robert Smith"
    qtbot.mouseClick(name_choice, Qt.LeftButton)
    assert "robert@acme.example" in texts(d.comparison) and "+1 212 555 0101" in texts(d.comparison)
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.merge_button, Qt.LeftButton)
    assert d.status.words.text() == "merge of Bob Smith and Robert Smith"
    merged = contacts.load_record(bob)
    assert merged.data.display_name() == "Robert Smith" and [e.value for e in merged.data.emails] == ["robert@acme.example"]
    assert contacts.count_contacts() == 3

    assert d.title.text().startswith("Group 2 of 2")
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.dismiss_button, Qt.LeftButton)
    assert duplicates.dismissed_pairs() == [(kate, katherine)]
    assert d.status.words.text() == "Kate Jonson and Katherine Johnson: not duplicates, not suggested again"
    assert d.title.text() == "That was the last group." and not d.merge_button.isEnabled()


def test_skip_moves_on_and_remembers_nothing(qtbot, two_groups):
    d = DuplicatesDialog(None)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=10000):
        d.start()
    with qtbot.waitSignal(d.loaded, timeout=10000):
        qtbot.mouseClick(d.skip_button, Qt.LeftButton)
    assert d.title.text().startswith("Group 2 of 2")
    assert duplicates.dismissed_pairs() == [] and contacts.count_contacts() == 4


def test_no_duplicates_says_so(qtbot, db):
    person("<b>Ada</b> Lovelace")
    d = DuplicatesDialog(None)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=10000):
        d.start()
    assert d.title.text() == "No likely duplicates." and not d.merge_button.isEnabled()


def test_manual_merge_of_selected_contacts_keeps_the_chosen_one(qtbot, db):
    a = person("<b>Ann</b> Lee", emails=[Email("ann@example.com")])
    b = person("Anne Lee", phones=[Phone("+1 212 555 0142")])
    c = person("A. Lee", organization="Initech")
    d = MergeDialog(None, [a, b, c])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.ok.isEnabled(), timeout=10000)
    keep_b = d.findChild(QRadioButton, f"keep_{b}")
    assert keep_b.text() == "Anne Lee"
    assert d.findChild(QRadioButton, f"keep_{a}").text() == "<b>Ann</b> Lee"  # shown as typed
    qtbot.mouseClick(keep_b, Qt.LeftButton)
    assert d.findChild(QRadioButton, f"choice_name_{b}").isChecked()  # the kept contact's name by default
    qtbot.mouseClick(d.ok, Qt.LeftButton)
    assert d.result() == MergeDialog.Accepted
    assert d.message == "merge of Anne Lee, <b>Ann</b> Lee and A. Lee"
    (rec,) = list(contacts.load_records())
    assert rec.id == b and rec.data.display_name() == "Anne Lee" and rec.data.organization == "Initech"
