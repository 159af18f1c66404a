"""Needs and offers: added, edited and removed, each one step of the undo journal."""

from __future__ import annotations

import pytest

from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import contacts, needs, undo


@pytest.fixture
def ann(db):
    return contacts.add_contact(ContactData(full_name="Ann Lee"))


def _items(cid):
    return [(n.kind, n.text, n.tags) for n in needs.needs_offers(cid)]


def _last():
    (entry,) = undo.entries_after(undo.last_id() - 1)
    return entry


def test_add_edit_remove_and_undo_each(ann):
    nid = needs.add_need(ann, "a bookkeeper", ["finance"])
    assert _last().label == "new need “a bookkeeper” for Ann Lee"
    add = _last().id
    needs.edit_need_offer(nid, "a bookkeeper who knows start-ups", ["finance", "start-ups"])
    edit = _last()
    assert edit.label == "edit of the need “a bookkeeper” for Ann Lee"
    assert _items(ann) == [("need", "a bookkeeper who knows start-ups", ("finance", "start-ups"))]
    undo.undo(edit.id)
    assert _items(ann) == [("need", "a bookkeeper", ("finance",))]
    undo.redo(edit.id)
    assert _items(ann) == [("need", "a bookkeeper who knows start-ups", ("finance", "start-ups"))]
    assert needs.remove_need_offer(nid) == ann
    remove = _last()
    assert remove.label.startswith("removal of the need") and _items(ann) == []
    changed = undo.undo(remove.id)
    assert changed.contacts == (ann,) and _items(ann) == [("need", "a bookkeeper who knows start-ups", ("finance", "start-ups"))]
    undo.undo(add)  # the addition taken back: gone again
    assert _items(ann) == []
    undo.redo(add)
    assert [n.id for n in needs.needs_offers(ann)] == [nid]


def test_an_empty_edit_or_a_gone_item_says_why(ann):
    oid = needs.add_offer(ann, "design")
    with pytest.raises(NetworkError, match="needs a few words"):
        needs.edit_need_offer(oid, "  ")
    needs.remove_need_offer(oid)
    with pytest.raises(NetworkError, match="gone"):
        needs.remove_need_offer(oid)
    assert _items(ann) == []
