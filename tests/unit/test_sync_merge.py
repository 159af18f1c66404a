"""The pure rules of CardDAV sync: snapshots, the field-level three-way merge, card names, group cards."""

from __future__ import annotations

import dataclasses

from desktop.domain import sync_merge as sm
from desktop.domain.contact import ContactData, Email, Phone, Photo
from desktop.domain.vcard import RawCard, parse_card, serialize

BASE = ContactData(
    uid="u-1", given_name="Ann", family_name="Lee", full_name="Ann Lee", title="Manager", note="first",
    emails=[Email("ann@example.org", "work")], phones=[Phone("+1 202 555 0101", "cell")], tags=["Chamber"],
    extra_lines=["X-KEEP:me"],
)  # fmt: skip


def change(data: ContactData, **fields) -> ContactData:
    return dataclasses.replace(data, **fields)


def test_changes_to_different_fields_on_the_two_sides_both_survive():
    local = change(BASE, title="Director")
    remote = change(BASE, note="second")
    m = sm.merge3(sm.snapshot(BASE), local, remote, "US")
    assert (m.data.title, m.data.note, m.conflicts) == ("Director", "second", [])


def test_the_same_field_changed_both_ways_keeps_ours_and_records_theirs():
    m = sm.merge3(sm.snapshot(BASE), change(BASE, title="Director"), change(BASE, title="Head of Sales"), "US")
    assert m.data.title == "Director"
    assert m.conflicts == [sm.FieldConflict("title", "Director", "Head of Sales", "Head of Sales")]
    # both changed it the same way: no conflict
    assert sm.merge3(sm.snapshot(BASE), change(BASE, title="X"), change(BASE, title="X"), "US").conflicts == []


def test_lists_merge_item_by_item_adds_from_both_sides_and_one_sided_removals():
    local = change(BASE, emails=[Email("ann@example.org", "work"), Email("ann@home.example")], tags=["Chamber", "Golf"])
    remote = change(BASE, emails=[Email("ANN@example.org", "home"), Email("a.lee@new.example")], phones=[], tags=["Clients"])
    m = sm.merge3(sm.snapshot(BASE), local, remote, "US")
    # the server changed the kind of an address both have: its version, since ours was the base's
    assert [(e.value, e.kind) for e in m.data.emails] == [
        ("ANN@example.org", "home"), ("ann@home.example", ""), ("a.lee@new.example", "")
    ]  # fmt: skip
    assert m.data.phones == []  # removed there, untouched here
    assert m.data.tags == ["Golf", "Clients"]  # Chamber removed there; Golf and Clients added
    assert m.conflicts == []


def test_an_item_removed_on_one_side_but_changed_on_the_other_is_kept():
    local = change(BASE, phones=[Phone("+1 202 555 0101", "work")])  # kind changed here
    remote = change(BASE, phones=[])  # removed there
    assert [p.kind for p in sm.merge3(sm.snapshot(BASE), local, remote, "US").data.phones] == ["work"]


def test_first_link_without_a_base_unions_and_reports_differences_as_conflicts():
    local = ContactData(full_name="Ann Lee", title="CEO", emails=[Email("ann@example.org")])
    remote = ContactData(uid="srv", full_name="Ann Lee", title="Owner", note="from the phone",
                         emails=[Email("ann@example.org")], phones=[Phone("+1 202 555 0101")])  # fmt: skip
    m = sm.merge3(None, local, remote, "US")
    assert (m.data.title, m.data.note, len(m.data.phones), len(m.data.emails)) == ("CEO", "from the phone", 1, 1)
    assert [c.field for c in m.conflicts] == ["title"]


def test_a_photo_changed_on_both_sides_is_a_conflict_that_can_be_swapped():
    local = change(BASE, photo=Photo(b"mine", "image/png"))
    remote = change(BASE, photo=Photo(b"theirs", "image/jpeg"))
    m = sm.merge3(sm.snapshot(BASE), local, remote, "US")
    assert m.data.photo.data == b"mine" and [c.field for c in m.conflicts] == ["photo"]
    swapped = sm.apply_value(m.data, "photo", m.conflicts[0].other_value)
    assert swapped.photo == Photo(b"theirs", "image/jpeg")
    assert sm.apply_value(BASE, "title", "Other").title == "Other"


def test_a_snapshot_is_stable_through_a_vcard_round_trip_and_a_reordering():
    data = change(BASE, tags=["b", "A"], photo=Photo(b"\x89PNG...", "image/png"))
    back = parse_card(RawCard(1, 1, serialize(data).encode()))
    assert sm.snapshot(back) == sm.snapshot(data)
    reordered = change(data, tags=["A", "b"], extra_lines=list(reversed(data.extra_lines)))
    assert sm.fingerprint(sm.snapshot(reordered)) == sm.fingerprint(sm.snapshot(data))
    assert sm.fingerprint(sm.snapshot(change(data, note="other"))) != sm.fingerprint(sm.snapshot(data))


def test_a_new_cards_name_comes_from_its_uid_alone():
    assert sm.card_name("urn:uuid:3F2504E0-4F89-11D3-9A0C-0305E82C3301") == "3F2504E0-4F89-11D3-9A0C-0305E82C3301.vcf"
    odd = sm.card_name("weird/uid with spaces")
    assert odd == sm.card_name("weird/uid with spaces") and odd.endswith(".vcf") and "/" not in odd


GROUP = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:g-1\r\nFN:Family\r\nN:Family;;;;\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n"
    "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:AAA\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:bbb\r\nX-OTHER:kept\r\nEND:VCARD\r\n"
)


def test_group_cards_are_recognised_read_and_rewritten_with_other_lines_kept():
    assert sm.is_group_card(GROUP.encode()) and not sm.is_group_card(serialize(BASE).encode())
    g = sm.read_group_card(GROUP)
    assert (g.uid, g.name, g.members, g.v4) == ("g-1", "Family", ("aaa", "bbb"), False)
    out = sm.with_members(GROUP, ["bbb", "ccc"], {"bbb": "bbb", "ccc": "urn:uuid:CCC"})
    assert "X-OTHER:kept\r\n" in out and "FN:Family\r\n" in out
    assert sm.read_group_card(out).members == ("bbb", "ccc")
    assert out.endswith("X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:CCC\r\nEND:VCARD\r\n")
    v4 = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:g\r\nFN:Team\r\nKIND:group\r\nMEMBER:urn:uuid:x\r\nEND:VCARD\r\n"
    assert sm.is_group_card(v4.encode()) and sm.read_group_card(v4).v4
    assert "MEMBER:urn:uuid:y" in sm.with_members(v4, ["y"], {})


def test_the_same_address_twice_with_two_kinds_is_two_items_not_one():
    twice = [Email("ann@example.org", "home"), Email("ann@example.org", "work")]
    base = change(BASE, emails=twice)
    m = sm.merge3(sm.snapshot(base), base, change(base, note="changed there"), "US")
    assert m.data.emails == twice and m.data.note == "changed there"
