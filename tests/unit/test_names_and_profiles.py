"""Names cut into comparable parts, the name vocabularies, and social profile keys."""

from __future__ import annotations

import pytest

from desktop.domain import names
from desktop.domain.contact import ContactData, SocialProfile
from desktop.domain.profiles import linkedin_slug, linkedin_url, profile_key


def parts(**kw) -> tuple:
    n = names.person_name(ContactData(**kw))
    return n.given, n.middle, n.family, n.generation, n.aliases


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"given_name": "Anna", "family_name": "Berg"}, ("anna", (), ("berg",), "", ())),
        ({"full_name": "Dr. John Smith Jr."}, ("john", (), ("smith",), "jr", ())),
        ({"given_name": "John", "family_name": "Smith", "suffix": "Junior"}, ("john", (), ("smith",), "jr", ())),
        ({"full_name": "Smith, John"}, ("john", (), ("smith",), "", ())),
        ({"full_name": "Ludwig van Beethoven"}, ("ludwig", (), ("van", "beethoven"), "", ())),
        ({"full_name": 'Robert "Bob" Miller'}, ("robert", (), ("miller",), "", ("bob",))),
        ({"given_name": "Robert", "family_name": "Miller", "nickname": "Bobby"}, ("robert", (), ("miller",), "", ("bobby",))),
        ({"given_name": "Priya", "family_name": "Raman, CPA"}, ("priya", (), ("raman",), "", ())),
        ({"given_name": "Kwame", "family_name": "Mensah 🚀"}, ("kwame", (), ("mensah",), "", ())),
        ({"full_name": "Anna Berg PhD"}, ("anna", (), ("berg",), "", ())),
        ({"full_name": "Wei Ma"}, ("wei", (), ("ma",), "", ())),  # Ma is a family name, not a degree
        ({"given_name": "Wei", "family_name": "Ma"}, ("wei", (), ("ma",), "", ())),
        ({"full_name": "Seán O'Brien-Kelly"}, ("sean", (), ("obrien", "kelly"), "", ())),
        ({"given_name": "Mary Ann", "family_name": "Evans"}, ("mary", ("ann",), ("evans",), "", ())),
        ({"full_name": "山田太郎"}, ("山田太郎", (), (), "", ())),
        ({"full_name": "+1 555 0100"}, ("", (), (), "", ())),  # a number is not a name
        ({"full_name": "Acme", "organization": "Acme"}, ("", (), (), "", ())),  # nor is the company
    ],
)
def test_person_name(kw, expected):
    assert parts(**kw) == expected


@pytest.mark.parametrize(
    ("a", "b", "kind", "reason"),
    [
        ("bob", "robert", names.VARIANT, "{a} is short for {b}"),
        ("robert", "bob", names.VARIANT, "{b} is short for {a}"),
        ("kate", "katie", names.VARIANT, "{a} and {b} are both short for Catherine"),
        ("catherine", "katherine", names.VARIANT, "{a} and {b} are spellings of one name"),
        ("peggy", "margaret", names.VARIANT, "{a} is short for {b}"),
        ("bill", "william", names.VARIANT, "{a} is short for {b}"),
        ("liz", "elizabeth", names.VARIANT, "{a} is short for {b}"),
        ("j", "john", names.INITIAL, "{a} may stand for {b}"),
        ("micheal", "michael", names.TYPO, "{a} and {b} differ by a typo"),
        ("mark", "mary", names.DIFFERENT, ""),  # two real names are never a typo
        ("michael", "michaela", names.DIFFERENT, ""),
        ("j", "mary", names.DIFFERENT, ""),
        ("john", "", names.MISSING, ""),
        ("anna", "anna", names.SAME, ""),
    ],
)
def test_compare_given(a, b, kind, reason):
    assert names.compare_given(a, b) == (kind, reason)


def test_compare_family():
    assert names.compare_family(("berg",), ("bergstrom",)) == names.DIFFERENT  # Anna Berg is not Anna Bergström
    assert names.compare_family(("johnson",), ("jonhson",)) == names.TYPO_FAMILY
    assert names.compare_family(("garcia",), ("garcia", "lopez")) == names.PART_FAMILY
    assert names.compare_family(("van", "der", "berg"), ("berg",)) == names.PART_FAMILY
    assert names.compare_family(("l",), ("lindqvist",)) == names.INITIAL_FAMILY
    assert names.compare_family(("berg",), ("borg",)) == names.DIFFERENT  # too short for a typo to be sure


def test_org_key_drops_legal_forms_case_and_punctuation():
    assert names.org_key("ACME, Inc.") == names.org_key("Acme") == "acme"
    assert names.org_key("Müller & Söhne GmbH") == "muller sohne"
    assert names.org_key("Inc") == "inc"  # nothing but a legal form: kept rather than emptied


def test_every_vocabulary_line_reads():
    nick = names.nicknames()
    assert len(nick.heads) > 300
    for name in ("robert", "bob", "katherine", "kasia", "pepe", "mohammed", "dmitry"):
        assert nick.known(name), name
    vocab = names.name_words()
    assert {"dr", "prof"} <= vocab.titles and vocab.generations["junior"] == "jr"
    assert {"van", "de"} <= vocab.particles and "phd" in vocab.letters
    assert "gmbh" in names.company_forms()


@pytest.mark.parametrize(
    "value",
    [
        "https://www.linkedin.com/in/anna-berg",
        "https://www.linkedin.com/in/anna-berg/",
        "HTTPS://DE.LinkedIn.com/in/Anna-Berg/?trk=public_profile#x",
        "linkedin.com/in/anna-berg?originalSubdomain=de",
        "in/anna-berg",
        "anna-berg",
    ],
)
def test_linkedin_urls_in_every_spelling_have_one_key(value):
    assert linkedin_slug(value) == "in/anna-berg"
    assert linkedin_url(value) == "https://www.linkedin.com/in/anna-berg"
    assert profile_key(SocialProfile("linkedin", value)) == "linkedin:in/anna-berg"


def test_profile_keys():
    assert profile_key(SocialProfile("", "https://www.linkedin.com/in/anna-berg/")) == "linkedin:in/anna-berg"
    assert linkedin_slug("https://www.linkedin.com/pub/anna-berg/1/23/456") == "pub/anna-berg/1/23/456"
    assert linkedin_url("https://www.linkedin.com/in/zo%C3%AB-berg") == "https://www.linkedin.com/in/zo%C3%AB-berg"
    assert linkedin_slug("https://example.com/anna") == ""
    twitter = {profile_key(SocialProfile(s, v)) for s, v in
               [("twitter", "@AnnaB"), ("", "https://x.com/annab/"), ("x", "annab"), ("Twitter", "twitter.com/AnnaB")]}  # fmt: skip
    assert twitter == {"twitter:annab"}
    assert profile_key(SocialProfile("", "https://example.com/anna")) == ":example.com/anna"
    assert profile_key(SocialProfile("github", " ")) == ""
