"""Duplicate detection on import and the merge rule."""

from __future__ import annotations

from desktop.domain.contact import Address, ContactData, Email, Phone, Photo, SocialProfile, Url
from desktop.domain.matching import DuplicateIndex, match_keys, merge, names_compatible, same_content


def person(**kw) -> ContactData:
    c = ContactData(**kw)
    c.full_name = c.full_name or c.display_name()
    return c


def keys(**kw):
    return match_keys(person(**kw), "US")


def test_uid_wins_even_with_nothing_else_in_common():
    ix = DuplicateIndex("US")
    ix.add(7, person(uid="abc", full_name="Old Name"))
    assert ix.find(person(uid="abc", full_name="Completely Different")) == 7
    assert ix.find(person(uid="abd", full_name="Old Name")) is None


def test_email_matches_ignoring_case_and_spaces():
    ix = DuplicateIndex("US")
    ix.add(1, person(full_name="Anna", emails=[Email("Anna.Smith@Example.com ")]))
    assert ix.find(person(full_name="A. S.", emails=[Email(" anna.smith@example.COM")])) == 1
    assert ix.find(person(full_name="Anna", emails=[Email("anna@example.com")])) is None


def test_phone_matches_in_e164_with_a_compatible_name():
    ix = DuplicateIndex("US")
    ix.add(1, person(given_name="John", family_name="Smith", phones=[Phone("(212) 555-0100")]))
    assert ix.find(person(full_name="J. Smith", phones=[Phone("+1 212 555 0100")])) == 1
    assert ix.find(person(full_name="John", phones=[Phone("+1-212-555-0100")])) == 1
    assert ix.find(person(phones=[Phone("212.555.0100")])) == 1  # no name on one side
    assert ix.find(person(full_name="Jane Smith", phones=[Phone("+1 212 555 0100")])) is None
    assert ix.find(person(full_name="John Smith", phones=[Phone("+1 212 555 0199")])) is None


def test_phone_match_picks_the_compatible_one_of_two_sharing_a_landline():
    ix = DuplicateIndex("US")
    ix.add(1, person(full_name="Jane Doe", phones=[Phone("212 555 0100")]))
    ix.add(2, person(full_name="John Doe", phones=[Phone("212 555 0100")]))
    assert ix.find(person(full_name="John Doe", phones=[Phone("+12125550100")])) == 2


def test_names_compatible_rules():
    assert names_compatible(keys(full_name="José García"), keys(full_name="jose garcia"))  # folded
    assert names_compatible(keys(given_name="Zoë", family_name="Ødegård"), keys(full_name="Zoe Odegard"))
    assert names_compatible(keys(full_name="Maria"), keys(given_name="María", family_name="López"))
    assert names_compatible(keys(full_name="M. López"), keys(given_name="María", family_name="López"))
    assert names_compatible(keys(organization="Acme"), keys(full_name="Anyone"))  # an org is not a name
    assert names_compatible(keys(full_name="山田太郎"), keys(family_name="山田", given_name="太郎"))
    assert not names_compatible(keys(full_name="Maria López"), keys(full_name="Mario López"))
    assert not names_compatible(keys(full_name="Anna Smith"), keys(full_name="Anna Jones"))


def test_index_remove_and_readd():
    ix = DuplicateIndex("US")
    ix.add(1, person(full_name="A", emails=[Email("a@x.org")], phones=[Phone("212 555 0100")]))
    ix.remove(1)
    assert len(ix) == 0
    assert ix.find(person(full_name="A", emails=[Email("a@x.org")])) is None
    ix.add(1, person(full_name="A", emails=[Email("b@x.org")]))
    ix.add(1, person(full_name="A", emails=[Email("c@x.org")]))  # replaces the keys of ref 1
    assert ix.find(person(emails=[Email("b@x.org")])) is None
    assert ix.find(person(emails=[Email("c@x.org")])) == 1


def test_merge_fills_empty_fields_and_never_overwrites():
    existing = person(full_name="John Smith", given_name="John", family_name="Smith", note="mine", title="")
    incoming = person(full_name="J. Smith", note="theirs", title="CEO", birthday="--04-15",
                      photo=Photo(b"\xff\xd8"))  # fmt: skip
    m = merge(existing, incoming, "US")
    assert (m.full_name, m.note, m.title, m.birthday) == ("John Smith", "mine", "CEO", "--04-15")
    assert m.photo == Photo(b"\xff\xd8")
    assert existing.title == "" and existing.photo is None  # the input is not changed


def test_merge_unions_lists_without_duplicates():
    existing = person(
        full_name="A",
        phones=[Phone("(212) 555-0100", "cell")],
        emails=[Email("A@x.org", "work")],
        addresses=[Address(street="Hauptstraße 1", city="Köln")],
        urls=[Url("https://a.example/")],
        social_profiles=[SocialProfile("linkedin", "https://linkedin.com/in/a")],
        tags=["Friends"],
        extra_lines=["X-A:1"],
    )
    incoming = person(
        full_name="A",
        phones=[Phone("+1 212 555 0100", "work"), Phone("+1 212 555 0199", "home")],
        emails=[Email("a@X.org"), Email("a2@x.org")],
        addresses=[Address(street="hauptstrasse 1", city="KÖLN"), Address(street="Other 2")],
        urls=[Url("https://A.example")],
        social_profiles=[SocialProfile("LinkedIn", "https://linkedin.com/in/A"), SocialProfile("twitter", "@a")],
        tags=["friends", "Golf"],
        extra_lines=["X-A:1", "X-B:2"],
    )
    m = merge(existing, incoming, "US")
    assert [(p.value, p.kind) for p in m.phones] == [("(212) 555-0100", "cell"), ("+1 212 555 0199", "home")]
    assert [e.value for e in m.emails] == ["A@x.org", "a2@x.org"]
    assert [a.street for a in m.addresses] == ["Hauptstraße 1", "Other 2"]
    assert [u.value for u in m.urls] == ["https://a.example/"]
    assert [s.service for s in m.social_profiles] == ["linkedin", "twitter"]
    assert m.tags == ["Friends", "Golf"]
    assert m.extra_lines == ["X-A:1", "X-B:2"]


def test_merge_fills_an_empty_kind_only():
    m = merge(person(full_name="A", phones=[Phone("212 555 0100")]), person(phones=[Phone("2125550100", "cell")]), "US")
    assert m.phones == [Phone("212 555 0100", "cell")]


def test_importing_the_same_card_twice_is_unchanged():
    incoming = person(full_name="B", emails=[Email("b@x.org")], tags=["x"], note="n")
    once = merge(person(full_name="B", emails=[Email("B@x.org")]), incoming, "US")
    assert not same_content(person(full_name="B", emails=[Email("B@x.org")]), incoming, "US")
    assert same_content(once, incoming, "US")
    assert merge(once, incoming, "US") == once
