"""Who can introduce you to a contact, someone at an organisation or someone a role describes."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import contacts, knows, needs, paths
from desktop.services import log as log_service

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def net(db):
    people = [
        ("Julia Weber", "", ""), ("Wei Lin", "Acme Ltd", "Engineer"), ("Omar Haddad", "", ""),
        ("Priya Raman", "Herald", "Journalist"), ("Sven Berg", "", ""), ("Ana Lima", "", ""),
    ]  # fmt: skip
    ids = contacts.insert_contacts([ContactData(full_name=n, organization=o, title=t) for n, o, t in people])
    p = dict(zip(["julia", "wei", "omar", "priya", "sven", "ana"], ids))
    for _ in range(3):  # you gave Julia three favours this year
        log_service.log("favour", [p["julia"]], TODAY - dt.timedelta(days=20))
    log_service.log("advice", [p["sven"]], TODAY - dt.timedelta(days=5))
    knows.add_link(p["julia"], p["wei"], "colleague")
    knows.add_link(p["julia"], p["omar"], "friend")
    knows.add_link(p["omar"], p["priya"], "client")
    return p


def test_a_contact_two_links_away_through_someone_you_gave_to(net):
    [path] = paths.who_can_introduce(contact_id=net["wei"], today=TODAY)
    assert path.because == (
        "Ask Julia Weber to introduce you to Wei Lin "
        "(Julia Weber knows Wei Lin: colleague; you gave Julia Weber 3 favours this year)"
    )
    assert (path.via_names, path.to_name) == (("Julia Weber",), "Wei Lin")
    assert (path.ask_of, path.introduce_to) == (net["julia"], net["wei"])
    assert 0 < path.strength <= 1


def test_three_links_and_the_limit_of_hops(net):
    [path] = paths.who_can_introduce(contact_id=net["priya"], today=TODAY)
    assert path.via_names == ("Julia Weber", "Omar Haddad")
    assert (path.ask_of, path.introduce_to) == (net["julia"], net["omar"])
    assert path.because.startswith("Ask Julia Weber to introduce you to Omar Haddad, who knows Priya Raman (")
    assert paths.who_can_introduce(contact_id=net["priya"], max_hops=2, today=TODAY) == []


def test_someone_at_an_organisation_or_of_a_role(net):
    assert [p.to_name for p in paths.who_can_introduce(org="ACME", today=TODAY)] == ["Wei Lin"]
    assert [p.to_name for p in paths.who_can_introduce(role="a journalist", today=TODAY)] == ["Priya Raman"]
    assert [p.to_name for p in paths.who_can_introduce(role="an engineer", today=TODAY)] == ["Wei Lin"]  # by title
    needs.add_offer(net["ana"], "press relations and journalist contacts")
    knows.add_link(net["sven"], net["ana"], "friend")
    found = paths.who_can_introduce(role="a journalist", today=TODAY)
    assert {p.to_name for p in found} == {"Priya Raman", "Ana Lima"}  # offers describe people too


def test_questions_that_name_no_one_fail_for_a_person(net):
    for kwargs, message in [
        ({"org": "Initech"}, "No contact works at 'Initech'"),
        ({"role": "a dentist"}, "No contact is described as 'a dentist'"),
        ({"role": "  "}, "Say what kind of person"),
        ({"contact_id": 999}, "No contact with id 999"),
        ({"contact_id": net["wei"], "org": "Acme"}, "one contact, one organisation or one role"),
        ({"contact_id": net["wei"], "max_hops": 4}, "2 or 3 links"),
    ]:
        with pytest.raises(NetworkError, match=message):
            paths.who_can_introduce(today=TODAY, **kwargs)


def test_a_new_link_is_seen_by_the_next_question(net):
    assert paths.who_can_introduce(contact_id=net["ana"], today=TODAY) == []
    knows.add_link(net["sven"], net["ana"], "family")
    [path] = paths.who_can_introduce(contact_id=net["ana"], today=TODAY)
    assert path.via_names == ("Sven Berg",)
    assert path.because.endswith("(Sven Berg knows Ana Lima: family; you gave Sven Berg 1 favour this year)")
