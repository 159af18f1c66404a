"""The duplicates review's services: the scan, "not duplicates" remembered, a merge that keeps both stories
and is undone (and redone) as one step."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData, Email, Phone, SocialProfile
from desktop.domain.merging import MergeChoiceError
from desktop.services import contacts, duplicates, groups, merging, needs, timeline, trash, undo
from desktop.storage.models import Contact, DismissedPair, ImportedCard, Knows, Reminder

D = dt.date(2026, 10, 1)


def person(full: str, **kw) -> int:
    given, _, family = full.partition(" ")
    return contacts.add_contact(ContactData(full_name=full, given_name=given, family_name=family, **kw), "US")


@pytest.fixture
def bob_robert(db):
    bob = person("Bob Smith", organization="Acme", phones=[Phone("+1 212 555 0101")], tags=["golf"],
                 birthday="1970-05-01")  # fmt: skip
    robert = person("Robert Smith", organization="Acme Inc.", emails=[Email("robert@acme.example")], tags=["Clients"],
                    note="Met at the fair", social_profiles=[SocialProfile("linkedin", "linkedin.com/in/rsmith")])  # fmt: skip
    return bob, robert


def test_scan_finds_the_likely_pair_and_a_dismissal_is_remembered(bob_robert):
    bob, robert = bob_robert
    anna, bergstrom = person("Anna Berg", emails=[Email("anna@berg.example")]), person("Anna Bergström")
    found = duplicates.scan()
    assert [s.ids for s in found] == [(bob, robert)]
    (s,) = found
    assert s.names == ("Bob Smith", "Robert Smith") and "Bob is short for Robert" in s.reasons and 0.5 <= s.score <= 1
    assert s.as_json() == {"ids": [bob, robert], "names": ["Bob Smith", "Robert Smith"], "reasons": list(s.reasons),
                           "score": s.score}  # fmt: skip
    assert anna not in s.ids and bergstrom not in s.ids
    assert duplicates.dismiss([robert, bob]) == 1
    assert duplicates.dismiss([bob, robert]) == 0  # once is enough
    assert duplicates.scan() == []
    assert duplicates.dismissed_pairs() == [(bob, robert)]
    entry = undo.last_id()
    assert undo.states([entry]) == {entry: ("“not duplicates” for Bob Smith and Robert Smith", False)}
    undo.undo(entry)  # Edit → Undo takes the "not duplicates" back
    assert [s.ids for s in duplicates.scan()] == [(bob, robert)]


def test_dismiss_needs_two_live_contacts(bob_robert):
    bob, _ = bob_robert
    with pytest.raises(duplicates.DuplicatesError, match="two different"):
        duplicates.dismiss([bob, bob])
    with pytest.raises(duplicates.DuplicatesError, match="no contact 999"):
        duplicates.dismiss([bob, 999])
    assert DismissedPair.select().count() == 0


def _story(bob: int, robert: int, anna: int) -> dict:
    meeting = timeline.log_interaction([bob], D, "meeting", summary="Coffee")
    both = timeline.log_interaction([bob, robert], D, "call", summary="Three-way call")
    favour = timeline.log_exchange([robert], "favour", "given", D, summary="Sent a lead")
    intro = timeline.log_exchange([anna], "introduction", "given", D, third_party_id=bob, summary="Anna meets Bob")
    group = groups.create_group("BNI Downtown", member_ids=[bob, robert])
    needs.add_need(bob, "a bookkeeper")
    Reminder.create(contact=bob, due=D, kind="custom", reason="Send the brochure")
    ImportedCard.create(digest="card-of-bob", contact=bob)
    return {"meeting": meeting, "both": both, "favour": favour, "intro": intro, "group": group}


def test_merge_keeps_both_stories_and_the_others_go_to_the_trash(bob_robert):
    bob, robert = bob_robert
    anna = person("Anna Berg")
    story = _story(bob, robert, anna)
    contacts.update_fields(bob, circle="close", priority=2, met_how="At the golf club")
    contacts.update_fields(robert, circle="wider", met_how="Trade fair")
    outcome = merging.merge_contacts(robert, [bob], {"name": "Bob Smith"}, region="US")
    assert outcome.merged_ids == (bob,) and outcome.label == "merge of Robert Smith and Bob Smith"
    rec = contacts.load_record(robert)
    d = rec.data
    assert d.display_name() == "Bob Smith"  # the name chosen
    assert d.organization == "Acme Inc." and d.birthday == "1970-05-01" and d.note == "Met at the fair"
    assert [p.value for p in d.phones] == ["+1 212 555 0101"] and [e.value for e in d.emails] == ["robert@acme.example"]
    assert sorted(d.tags) == ["Clients", "golf"] and len(d.social_profiles) == 1
    assert (rec.circle, rec.priority, rec.met_how) == ("close", 2, "Trade fair\nAt the golf club")
    assert sorted(e.summary for e in timeline.timeline(robert)) == ["Anna meets Bob", "Coffee", "Sent a lead",
                                                                    "Three-way call"]  # fmt: skip
    assert [n.text for n in needs.needs_offers(robert)] == ["a bookkeeper"]
    assert Contact.get_by_id(bob).deleted_at is not None
    assert (trash.CONTACT, bob) in {(i.kind, i.id) for i in trash.list_trash()}
    assert groups.get_group(story["group"]).member_ids == [robert]
    assert Knows.select().where((Knows.a == robert) | (Knows.b == robert)).count() == 1  # Anna knows him
    assert Reminder.get().contact_id == robert and ImportedCard.get().contact_id == robert
    assert rec.last_contact == D


def test_undo_puts_back_exactly_what_the_merge_changed(bob_robert):
    bob, robert = bob_robert
    anna = person("Anna Berg")
    _story(bob, robert, anna)
    contacts.update_fields(bob, circle="close")
    before = {c: (contacts.load_record(c).data, contacts.load_record(c).circle) for c in (bob, robert)}
    links = _links()
    outcome = merging.merge_contacts(robert, [bob], region="US")
    assert [i.id for i in trash.list_undo()] == [outcome.record_id]  # rapport undo lists it
    assert undo.undo(outcome.record_id).contacts == (robert, bob)
    assert {c: (contacts.load_record(c).data, contacts.load_record(c).circle) for c in (bob, robert)} == before
    assert _links() == links
    assert trash.list_trash() == [] and trash.list_undo() == []
    with pytest.raises(undo.UndoError, match="already undone"):
        undo.undo(outcome.record_id)
    # ... and redo makes it again, undoable again
    undo.redo(outcome.record_id)
    assert Contact.get_by_id(bob).deleted_at is not None and _links() != links
    trash.undo_merge(outcome.record_id)  # through the command line's entry point
    assert _links() == links


def _links() -> dict:
    db = Contact._meta.database
    tables = ("interaction_contact", "exchange_contact", "group_member", "reminder", "imported_card", "knows",
              "need_offer")  # fmt: skip
    out = {}
    for t in tables:
        cols = {"knows": "a_id, b_id", "imported_card": "digest, contact_id", "reminder": "contact_id, reason",
                "interaction_contact": "interaction_id, contact_id", "exchange_contact": "exchange_id, contact_id",
                "group_member": "group_id, contact_id", "need_offer": "contact_id, text"}  # fmt: skip
        out[t] = sorted(db.execute_sql(f"SELECT {cols.get(t, '*')} FROM {t}").fetchall(), key=repr)
    out["exchange_third"] = db.execute_sql("SELECT id, third_party_id FROM exchange ORDER BY id").fetchall()
    return out


def test_undo_keeps_what_was_logged_after_the_merge_and_refuses_to_lose_an_edit(bob_robert):
    bob, robert = bob_robert
    outcome = merging.merge_contacts(robert, [bob], region="US")
    later = timeline.log_interaction([robert], D, "email", summary="After the merge")
    merged = contacts.load_record(robert).data
    contacts.replace_contact(robert, ContactData(**{**vars(merged), "note": "Edited since"}), "US")
    with pytest.raises(trash.MergeChangedSince):
        undo.undo(outcome.record_id)
    undo.undo(outcome.record_id, force=True)
    db = Contact._meta.database
    assert db.execute_sql("SELECT contact_id FROM interaction_contact WHERE interaction_id = ?", (later,)).fetchall() == [
        (robert,)
    ]


def test_a_merged_pair_that_was_dismissed_with_a_third_moves_with_it(bob_robert):
    bob, robert = bob_robert
    other = person("Rob Smith")
    duplicates.dismiss([bob, other])
    merging.merge_contacts(robert, [bob], region="US")
    assert {frozenset(p) for p in duplicates.dismissed_pairs()} == {frozenset((robert, other))}


def test_bad_merges_change_nothing(bob_robert):
    bob, robert = bob_robert
    with pytest.raises(merging.MergeError, match="into itself"):
        merging.merge_contacts(bob, [bob])
    with pytest.raises(merging.MergeError, match="no contact 999"):
        merging.merge_contacts(bob, [999])
    with pytest.raises(MergeChoiceError):
        merging.merge_contacts(bob, [robert], {"organization": "Initech"})
    assert contacts.count_contacts() == 2 and trash.list_undo() == []


def test_preview_lists_conflicts_field_by_field(bob_robert):
    bob, robert = bob_robert
    p = merging.preview(bob, [robert], region="US")
    assert [r.id for r in p.records] == [bob, robert]
    assert {f.field for f in p.plan.conflicts} == {"name", "organization"}
    assert p.plan.added == {"emails": 1, "social_profiles": 1, "tags": 1}
