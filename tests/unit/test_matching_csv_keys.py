"""The certain-match keys CSV import needs: the same profile, the same name at the same company."""

from __future__ import annotations

from desktop.domain.contact import ContactData, Email, Phone, SocialProfile
from desktop.domain.csv_contacts import read_csv
from desktop.domain.matching import DuplicateIndex, match_keys, merge, name_org_key


def person(**kw) -> ContactData:
    c = ContactData(**kw)
    c.full_name = c.full_name or c.display_name()
    return c


LINKEDIN = b"""Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Robert,Miller,https://www.linkedin.com/in/robertmiller/,,Acme Corp,VP Sales,14 Mar 2024
Anna,Berg,https://www.linkedin.com/in/anna-berg,,Nordlicht AB,Consultant,02 Sep 2026
"""


def test_name_org_key_ignores_middle_names_titles_case_and_legal_form():
    a = name_org_key(person(given_name="John", additional_name="A.", family_name="Smith", organization="ACME, Inc."))
    b = name_org_key(person(full_name="Dr. John Smith", organization="Acme"))
    assert a == b == "john|smith||acme"
    assert name_org_key(person(full_name="John Smith Jr.", organization="Acme")) == "john|smith|jr|acme"
    assert name_org_key(person(full_name="John Smith")) == ""  # no company
    assert name_org_key(person(full_name="Smith", organization="Acme")) == ""  # no given name


def test_linkedin_then_phone_makes_one_contact():
    index = DuplicateIndex("US")
    rows = read_csv(LINKEDIN).rows
    for n, row in enumerate(rows):
        index.add(n, row.contact)
    phone = person(given_name="Robert", family_name="Miller", organization="Acme Corp.",
                   phones=[Phone("+1 212 555 0147", "cell")], emails=[Email("bob.miller@gmail.com")])  # fmt: skip
    assert index.find(phone) == 0
    merged = merge(rows[0].contact, phone, "US")
    assert merged.connected_on == "2024-03-14" and merged.phones[0].value == "+1 212 555 0147"


def test_phone_then_linkedin_by_profile_or_name_at_company():
    index = DuplicateIndex("US")
    index.add("phone", person(full_name="Anna Berg", social_profiles=[SocialProfile("", "linkedin.com/in/Anna-Berg")]))
    index.add("card", person(full_name="Robert Miller", organization="ACME CORP"))
    rows = read_csv(LINKEDIN).rows
    assert index.find(rows[1].contact) == "phone"  # the same profile, spelled differently
    assert index.find(rows[0].contact) == "card"  # the same name at the same company


def test_a_profile_match_needs_compatible_names():
    index = DuplicateIndex("US")
    index.add(1, person(full_name="Anna Berg", social_profiles=[SocialProfile("linkedin", "in/anna-berg")]))
    assert index.find(person(full_name="Peter Novak", social_profiles=[SocialProfile("linkedin", "in/anna-berg")])) is None


def test_the_earlier_rules_still_win():
    """A card that matched by phone before still matches the same contact, though another shares its name and company."""
    index = DuplicateIndex("US")
    index.add("by-name", person(full_name="Jane Doe", organization="Acme"))
    index.add("by-phone", person(full_name="Jane Doe", phones=[Phone("212 555 0100")]))
    assert index.find(person(full_name="Jane Doe", organization="Acme", phones=[Phone("+1 212 555 0100")])) == "by-phone"


def test_father_and_son_at_one_company_are_not_one_by_name():
    index = DuplicateIndex("US")
    index.add(1, person(full_name="John Smith", organization="Smith Hardware"))
    assert index.find(person(full_name="John Smith Jr.", organization="Smith Hardware")) is None


def test_index_remove_forgets_profiles_and_names():
    index = DuplicateIndex("US")
    c = person(full_name="Anna Berg", organization="Nordlicht", social_profiles=[SocialProfile("linkedin", "in/anna-berg")])
    index.add(1, c)
    index.remove(1)
    assert index.find(c) is None and len(index) == 0
    keys = match_keys(c, "US")
    assert keys.profiles == frozenset({"linkedin:in/anna-berg"}) and keys.name_org == "anna|berg||nordlicht"
