"""Likely duplicates: scores and reasons for pairs, grouping, dismissed pairs, and blocking that never compares all pairs."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from desktop.domain import duplicates
from desktop.domain.contact import Address, ContactData, Email, Phone, SocialProfile
from desktop.domain.duplicates import MIN_SCORE, find_duplicates, phone_tail, score_pair

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.duplicates_eval import load  # noqa: E402


def person(full_name="", **kw) -> ContactData:
    return ContactData(full_name=full_name, **kw)


def test_phone_tail_is_the_same_in_any_format():
    tails = {phone_tail(n) for n in ("+1 212 555 0100", "(212) 555-0100", "212.555.0100", "+1-212-555-0100 ext. 12")}
    assert tails == {"125550100"}
    assert phone_tail("+49 30 1234567") == phone_tail("030 1234567")
    assert phone_tail("555-01") == ""


@pytest.mark.parametrize(
    ("a", "b", "reasons"),
    [
        (person("Bob Miller", phones=[Phone("212 555 0147")]),
         person("Robert Miller", phones=[Phone("+1 212-555-0147")], organization="Acme"),
         ("Bob is short for Robert", "same family name: Miller", "same phone number")),
        (person("Liz Chen", organization="Harbour Capital"), person("Elizabeth Chen", organization="Harbour Capital Pty Ltd"),
         ("Liz is short for Elizabeth", "same family name: Chen", "same company: Harbour Capital")),
        (person("Katherine Jonhson", organization="NASA"), person("Katherine Johnson", organization="NASA"),
         ("Jonhson and Johnson differ by a typo", "same company: NASA")),
        (person("Zhang Wei", phones=[Phone("+86 138 0013 8000")]), person("Wei Zhang", phones=[Phone("138 0013 8000")]),
         ("given and family names swapped", "same phone number")),
        (person("José García"), person("Jose Garcia", emails=[Email("jose@garmo.es")]),
         ("same name, written without accents",)),
        (person("J. Okafor", organization="Initech"), person("John Okafor", emails=[Email("john@initech.com")]),
         ("J. may stand for John", "same family name: Okafor", "email at Initech")),
        (person("Toby Meyer", social_profiles=[SocialProfile("", "linkedin.com/in/tobias-meyer/")]),
         person("Tobias Meyer", social_profiles=[SocialProfile("linkedin", "https://www.linkedin.com/in/Tobias-Meyer?trk=x")]),
         ("Toby is short for Tobias", "same family name: Meyer", "same LinkedIn profile")),
        (person("山田太郎", phones=[Phone("+81 90-1234-5678")]),
         person(given_name="太郎", family_name="山田", phones=[Phone("090-1234-5678")]),
         ("same name", "same phone number")),
    ],
)  # fmt: skip
def test_likely_duplicates_score_high_with_reasons_in_words(a, b, reasons):
    score, why = score_pair(a, b)
    assert score >= MIN_SCORE
    assert why == reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # namesakes at different companies, with different emails and phones
        (person("David Brown", organization="Acme", emails=[Email("david.brown@acme.com")], phones=[Phone("212 555 0190")]),
         person("David Brown", organization="Globex", emails=[Email("dbrown@globex.com")], phones=[Phone("415 555 0104")])),
        # father and son sharing a landline and an address
        (person("John Smith", phones=[Phone("614 555 0177")], addresses=[Address(street="221 Maple Street")]),
         person("John Smith Jr.", phones=[Phone("(614) 555-0177")], addresses=[Address(street="221 Maple Street")])),
        (person("Anna Berg", organization="Nordea"), person("Anna Bergström", organization="Nordea")),
        # spouses sharing a landline and an email domain
        (person("Mark Jensen", phones=[Phone("+45 33 12 34 56")], emails=[Email("mark@jensen.dk")]),
         person("Lisa Jensen", phones=[Phone("+45 33 12 34 56")], emails=[Email("lisa@jensen.dk")])),
        (person("Mark Jensen", phones=[Phone("+45 33 12 34 56")]), person("Mary Jensen", phones=[Phone("+45 33 12 34 56")])),
        # a mother and daughter of one name at one address, born decades apart
        (person("Susan Miller", birthday="1952-04-03", phones=[Phone("802 555 0150")]),
         person("Susan Miller", birthday="1981-12-19", phones=[Phone("802 555 0150")])),
        # two addresses at one company's own domain are two people
        (person("Ahmed Khan", organization="Deloitte", emails=[Email("ahmed.khan@deloitte.co.uk")]),
         person("Ahmed Khan", organization="Deloitte", emails=[Email("ahmed.khan2@deloitte.co.uk")])),
        # different LinkedIn profiles
        (person("Chris Evans", social_profiles=[SocialProfile("linkedin", "in/chris-evans-talent")]),
         person("Chris Evans", social_profiles=[SocialProfile("linkedin", "in/christina-evans-rn")])),
    ],
)  # fmt: skip
def test_different_people_are_not_suggested(a, b):
    assert score_pair(a, b)[0] < MIN_SCORE


def test_the_name_before_the_at_counts_most_when_it_is_not_the_persons_name():
    a = person("Bob Carter", emails=[Email("bobcat77@gmail.com")])
    b = person("Robert Carter", emails=[Email("bobcat77@carter-law.com")])
    c = person("Robert Carter", emails=[Email("robert.carter@carter-law.com")])
    d = person("Robert Carter", emails=[Email("robert.carter@gmail.com")])
    assert "same name before the @ in their emails: bobcat77" in score_pair(a, b)[1]
    assert score_pair(a, b)[0] > score_pair(c, d)[0] > score_pair(c, person("Robert Carter", emails=[Email("rc@x.org")]))[0]


def test_one_linkedin_profile_is_one_person_whatever_the_names():
    a = person("Kasia Nowak", social_profiles=[SocialProfile("linkedin", "in/k-nowak")])
    b = person("Katherine Nowak-Smith", social_profiles=[SocialProfile("linkedin", "https://pl.linkedin.com/in/k-nowak/")])
    score, why = score_pair(a, b)
    assert score >= MIN_SCORE and "same LinkedIn profile" in why


def test_groups_come_best_first_with_every_pair_and_reasons():
    contacts = [
        ("a", person("Robert Miller", organization="Acme", emails=[Email("rm@acme.com")])),
        ("b", person("Bob Miller", emails=[Email("rm@acme.com")])),
        ("c", person("Katherine Jonhson")),
        ("d", person("Katherine Johnson")),
        ("e", person("Robert Miller", organization="Acme", phones=[Phone("212 555 0100")])),
        ("f", person("Ines Moreau", phones=[Phone("+33 6 12 34 56 78")])),
    ]
    groups = find_duplicates(contacts)
    assert [g.refs for g in groups] == [("a", "b", "e"), ("c", "d")]
    first = groups[0]
    assert len(first.pairs) == 3 and first.pairs[0].score >= first.pairs[-1].score
    assert 0 < groups[1].score < first.score <= 1
    assert "Bob is short for Robert" in first.reasons and "same company: Acme" in first.reasons


def test_a_dismissed_pair_never_comes_back_nor_shares_a_group():
    contacts = [
        (1, person("Robert Miller", organization="Acme")),
        (2, person("Bob Miller", organization="Acme")),
        (3, person("Rob Miller", organization="Acme Corp")),
    ]
    assert [g.refs for g in find_duplicates(contacts)] == [(1, 2, 3)]
    groups = find_duplicates(contacts, dismissed=[(2, 1)])
    for g in groups:
        assert not {1, 2} <= set(g.refs)
    assert [g.refs for g in groups] in ([(1, 3)], [(2, 3)])
    assert find_duplicates(contacts, dismissed=[(1, 2), (3, 1), (2, 3)]) == []


def test_one_weak_link_does_not_chain_two_people():
    contacts = [
        (1, person("John Smith", organization="Acme", phones=[Phone("212 555 0101")])),
        (2, person("J. Smith", organization="Acme")),
        (3, person("Jane Smith", organization="Acme", phones=[Phone("212 555 0199")])),
    ]
    groups = find_duplicates(contacts)
    assert groups and all(not {1, 3} <= set(g.refs) for g in groups)


def test_contacts_without_a_name_meet_by_email():
    groups = find_duplicates([(1, person("grace@navy.example", emails=[Email("grace@navy.example")])),
                              (2, person("Grace Hopper", emails=[Email("Grace@Navy.example")]))])  # fmt: skip
    assert [(g.refs, g.pairs[0].reasons) for g in groups] == [((1, 2), ("same email address: grace@navy.example",))]


def test_blocking_leaves_out_no_pair_that_would_be_suggested():
    """On the labelled set, every pair of all ~88,000 that scores at the threshold is a candidate."""
    items = [(it.id, it.contact) for it in load()]
    people = duplicates.prepare(items)
    candidates = duplicates.candidate_pairs(people)
    missing = [
        (people[i].ref, people[j].ref)
        for i, j in itertools.combinations(range(len(people)), 2)
        if (i, j) not in candidates
        and (found := duplicates.weigh(people[i], people[j])) is not None
        and found[0] >= MIN_SCORE
    ]
    assert missing == []
    assert len(candidates) < len(people) * 3  # far from all pairs


def test_blocking_grows_with_the_list_not_with_its_square():
    from bench.gen_contacts import generate

    contacts, _ = generate(4000, seed=3)
    people = duplicates.prepare(list(enumerate(contacts)))
    assert len(duplicates.candidate_pairs(people)) < 4 * len(people)
