"""Needs and offers (issue 10): added, edited and removed, each a step of the one undo history; a whole
list as a form holds it; and the contact dialog's Save with its needs and offers as one step."""

from __future__ import annotations

import pytest

from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import contacts, needs, undo
from desktop.services.needs import NeedOfferDraft


def _steps() -> list[tuple[str, str]]:
    return [(e.kind, e.label) for e in undo.entries_after(0)]


def _items(cid):
    return [(i.kind, i.text, i.tags) for i in needs.needs_offers(cid)]


@pytest.fixture
def ana(db):
    return contacts.insert_contacts([ContactData(full_name="Ana Lima")])[0]


def test_add_edit_remove_each_undoable(ana):
    nid = needs.add_need(ana, "a bookkeeper", ["finance", "Finance", " start-ups "])
    assert _items(ana) == [("need", "a bookkeeper", ("finance", "start-ups"))]
    needs.edit_need_offer(nid, "a bookkeeper who knows start-ups", ["finance"])
    needs.remove_need_offer(nid)
    assert _items(ana) == []
    assert _steps() == [
        ("needs.add", "new need of Ana Lima (a bookkeeper)"),
        ("needs.edit", "edit of need of Ana Lima (a bookkeeper)"),
        ("needs.remove", "removal of need of Ana Lima (a bookkeeper who knows start-ups)"),
    ]
    add, edit, remove = (e.id for e in undo.entries_after(0))
    assert undo.undo(remove) == undo.Changed(contacts=(ana,), today=True)
    assert _items(ana) == [("need", "a bookkeeper who knows start-ups", ("finance",))]
    undo.undo(edit)
    assert _items(ana) == [("need", "a bookkeeper", ("finance", "start-ups"))]
    undo.undo(add)
    assert _items(ana) == []
    undo.redo(add)
    undo.redo(edit)
    assert [i.id for i in needs.needs_offers(ana)] == [nid]  # the same row comes back
    assert _items(ana) == [("need", "a bookkeeper who knows start-ups", ("finance",))]


def test_words_are_required_and_the_kind_is_need_or_offer(ana):
    with pytest.raises(NetworkError, match="needs a few words"):
        needs.add_offer(ana, "   ")
    with pytest.raises(NetworkError, match="Either a need or an offer"):
        needs.add_need_offer(ana, "wish", "a holiday")
    nid = needs.add_offer(ana, "bookkeeping")
    with pytest.raises(NetworkError, match="needs a few words"):
        needs.edit_need_offer(nid, "")
    needs.remove_need_offer(nid)
    with pytest.raises(NetworkError, match="no longer there"):
        needs.remove_need_offer(nid)
    assert [k for k, _ in _steps()] == ["needs.add", "needs.remove"]


def test_a_whole_list_is_one_step(ana):
    keep = needs.add_need(ana, "a printer")
    drop = needs.add_offer(ana, "catering")
    changed = needs.save_needs_offers(ana, [
        NeedOfferDraft("need", "a printer for 5,000 flyers", ("print",), keep),
        NeedOfferDraft("offer", "marketing for restaurants", ("marketing",)),
    ])  # fmt: skip
    assert changed and _items(ana) == [
        ("need", "a printer for 5,000 flyers", ("print",)),
        ("offer", "marketing for restaurants", ("marketing",)),
    ]
    assert drop not in [i.id for i in needs.needs_offers(ana)]
    assert _steps()[-1] == ("needs.set", "needs and offers of Ana Lima")
    assert not needs.save_needs_offers(ana, [NeedOfferDraft(i.kind, i.text, i.tags, i.id) for i in needs.needs_offers(ana)])
    undo.undo(undo.entries_after(0)[-1].id)
    assert _items(ana) == [("need", "a printer", ()), ("offer", "catering", ())]


def test_the_contact_dialogs_save_is_one_step_with_its_needs(ana):
    data = contacts.load_record(ana).data
    data.organization = "Lima Bakery"
    needs.save_contact_with_needs(ana, data, [NeedOfferDraft("need", "a van on Saturdays")], circle="close")
    assert _steps() == [("needs.with_contact", "edit of Ana Lima")]
    assert contacts.load_record(ana).data.organization == "Lima Bakery"
    entry = undo.entries_after(0)[-1].id
    undo.undo(entry)
    assert contacts.load_record(ana).data.organization == "" and contacts.load_record(ana).circle == ""
    assert _items(ana) == []
    undo.redo(entry)
    assert contacts.load_record(ana).data.organization == "Lima Bakery" and _items(ana) == [
        ("need", "a van on Saturdays", ())
    ]
    # A new contact with an offer: one step, and its undo takes both back.
    new = needs.save_contact_with_needs(None, ContactData(full_name="Ben Ode"), [NeedOfferDraft("offer", "printing")])
    assert _steps()[-1] == ("needs.with_contact", "new contact Ben Ode")
    undo.undo(undo.entries_after(0)[-1].id)
    assert contacts.count_contacts() == 1 and _items(new) == []
    # Without a change to the needs, it is the contact's own step.
    needs.save_contact_with_needs(ana, contacts.load_record(ana).data, [
        NeedOfferDraft(i.kind, i.text, i.tags, i.id) for i in needs.needs_offers(ana)
    ])  # fmt: skip
    assert _steps()[-1][0] == "contacts.edit"
