"""The field-by-field merge plan and the merge a person confirms."""

from __future__ import annotations

import copy

import pytest

from desktop.domain.contact import Address, ContactData, Email, Phone, Photo, SocialProfile, Url
from desktop.domain.merging import MergeChoiceError, merge, plan_merge


def bob() -> ContactData:
    return ContactData(
        full_name="Bob Miller", given_name="Bob", family_name="Miller", title="Sales", note="owes me lunch",
        phones=[Phone("212 555 0147", "cell")], tags=["Golf"], birthday="1979-04-15",
    )  # fmt: skip


def robert() -> ContactData:
    return ContactData(
        full_name="Robert Miller", given_name="Robert", family_name="Miller", organization="Acme", title="VP Sales",
        note="met at the fair", phones=[Phone("+1 212 555 0147"), Phone("(212) 555-0100", "work")],
        emails=[Email("robert.miller@acme.com", "work")], tags=["golf", "Clients"], birthday="1979-04-15",
        social_profiles=[SocialProfile("linkedin", "https://www.linkedin.com/in/robertmiller")],
        addresses=[Address(street="500 Fifth Avenue", city="New York")], urls=[Url("https://acme.com")],
        connected_on="2024-03-14", photo=Photo(b"\xff\xd8"),
    )  # fmt: skip


def test_the_plan_shows_what_agrees_what_conflicts_and_what_lists_gain():
    plan = plan_merge(bob(), [robert()])
    conflicts = {f.field: f.values for f in plan.conflicts}
    assert conflicts == {
        "name": ((0, "Bob Miller"), (1, "Robert Miller")),
        "title": ((0, "Sales"), (1, "VP Sales")),
        "note": ((0, "owes me lunch"), (1, "met at the fair")),
    }
    agreed = {f.field: f.default for f in plan.agreed}
    assert agreed == {"organization": "Acme", "birthday": "1979-04-15", "connected_on": "2024-03-14"}
    labels = {f.field: f.label for f in plan.fields}
    assert labels["organization"] == "Company" and labels["name"] == "Name"
    assert plan.added == {"phones": 1, "emails": 1, "addresses": 1, "urls": 1, "social_profiles": 1, "tags": 1}


def test_merge_keeps_keep_fills_the_rest_unions_lists_and_joins_notes():
    keep, other = bob(), robert()
    before = (copy.deepcopy(keep), copy.deepcopy(other))
    m = merge(keep, [other])
    assert (m.full_name, m.title, m.organization) == ("Bob Miller", "Sales", "Acme")
    assert m.note == "owes me lunch\n\nmet at the fair"  # neither note is lost
    assert [p.value for p in m.phones] == ["212 555 0147", "(212) 555-0100"]  # the same number once
    assert m.tags == ["Golf", "Clients"]
    assert m.social_profiles == other.social_profiles and m.photo == Photo(b"\xff\xd8")
    assert m.connected_on == "2024-03-14"
    assert (keep, other) == before  # the inputs are not changed


def test_choices_override_field_by_field():
    m = merge(bob(), [robert()], {"name": "Robert Miller", "title": "VP Sales", "note": "met at the fair"})
    assert (m.given_name, m.full_name, m.title, m.note) == ("Robert", "Robert Miller", "VP Sales", "met at the fair")
    assert m.nickname == "Bob"  # the short form he went by is kept


def test_a_choice_must_be_one_of_the_values():
    with pytest.raises(MergeChoiceError, match="Job title: 'CEO' is not one of the values"):
        merge(bob(), [robert()], {"title": "CEO"})
    with pytest.raises(MergeChoiceError, match="no field 'colour'"):
        merge(bob(), [robert()], {"colour": "blue"})


def test_merging_three_and_merging_nothing():
    third = ContactData(full_name="R. Miller", emails=[Email("bob@miller.family")], title="Sales")
    m = merge(bob(), [robert(), third], {"name": "R. Miller"})
    assert m.full_name == "R. Miller" and m.given_name == "" and len(m.emails) == 2
    alone = merge(bob(), [])
    assert alone == bob() and alone is not bob()
