"""Writing vCards: escaping, folding, parameters, photos, versions, and reading back what was written."""

from __future__ import annotations

import base64
import string

import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.contact import (
    Address,
    ContactData,
    Email,
    InstantMessage,
    Phone,
    Photo,
    SocialProfile,
    Url,
)
from desktop.domain.vcard import parse_card, serialize, serialize_many, split_cards


def cards_of(text: str):
    return list(split_cards(text.encode("utf-8")))


def back(text: str) -> ContactData:
    (raw,) = cards_of(text)
    return parse_card(raw)


def full() -> ContactData:
    return ContactData(
        uid="urn:uuid:1234",
        prefix="Dr.",
        given_name="Zoë",
        family_name="Ødegård",
        full_name="Dr. Zoë Ødegård",
        nickname="Zo",
        organization="Acme, Inc.",
        department="R&D;Lab 2",
        title="Chief; Scientist",
        birthday="--04-15",
        anniversary="2010-06-01",
        note="Line one\nLine two, with comma; and semicolon \\ backslash",
        phones=[Phone("+47 22 12 34 56", "cell", True), Phone("22 65 43 21", "Büro Oslo")],
        emails=[Email("zoe@example.no", "work", True), Email("z@home.example", "home")],
        addresses=[Address(street="Storgata 1\nPostboks 5", city="Oslo", postal_code="0155", country="Norge", kind="home")],
        urls=[Url("https://zoe.example/", "homepage"), Url("https://acme.example", "work")],
        social_profiles=[SocialProfile("linkedin", "https://linkedin.com/in/zoe", "zoe")],
        instant_messages=[InstantMessage("skype", "zoe.o", "work"), InstantMessage("signal", "+4722123456")],
        tags=["Friends", "Golf, Club"],
        photo=Photo(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20, "image/jpeg"),
        extra_lines=["X-ABShowAs:PERSON", "item1.X-ABRELATEDNAMES:Ola", "item1.X-ABLabel:_$!<Spouse>!$_"],
    )


def test_card_frame_and_crlf():
    text = serialize(full())
    lines = text.split("\r\n")
    assert lines[:3] == ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Rapport//EN"]
    assert lines[-2:] == ["END:VCARD", ""]
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:urn:uuid:1234\r\n" in text


def test_lines_folded_at_75_octets_without_splitting_utf8():
    c = ContactData(full_name="Ødegård " * 30, note="東京" * 100)
    text = serialize(c)
    for physical in text.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # raises if a character was cut
    assert back(text).full_name == c.full_name.strip()
    assert back(text).note == c.note


def test_values_are_escaped():
    text = serialize(full())
    assert "ORG:Acme\\, Inc.;R&D;Lab 2\r\n" in text
    assert "TITLE:Chief\\; Scientist\r\n" in text
    assert "CATEGORIES:Friends,Golf\\, Club\r\n" in text


def test_a_note_cannot_start_a_new_card_or_property():
    evil = "hi\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory\nTEL:666\rX"
    c = ContactData(full_name="Alice", note=evil, title="a\nFN:Eve")
    text = serialize(c)
    (raw,) = cards_of(text)
    got = parse_card(raw)
    assert got.full_name == "Alice"
    assert got.note == evil.replace("\r\n", "\n").replace("\r", "\n")
    assert got.title == "a\nFN:Eve"
    assert got.phones == []


def test_parameter_values_are_sanitised():
    c = ContactData(
        full_name="P",
        social_profiles=[SocialProfile('evil";x', "https://x.example", 'us"er:;,\r\nEND:VCARD')],
        photo=Photo(b"\x89PNG....", 'image/png"\r\nX:'),
    )
    text = serialize(c)
    assert len(cards_of(text)) == 1
    got = back(text)
    assert got.social_profiles[0].value == "https://x.example"
    assert got.social_profiles[0].user == "user:;,END:VCARD"  # quotes and line breaks removed, then quoted
    assert got.social_profiles[0].service == "evil;x"
    assert got.photo is not None and got.photo.data == b"\x89PNG...."


def test_type_params_are_not_quoted():
    text = serialize(ContactData(full_name="T", phones=[Phone("1", "cell", True), Phone("2", "work")]))
    assert "TEL;TYPE=CELL;TYPE=PREF:1\r\n" in text
    assert "TEL;TYPE=WORK:2\r\n" in text
    assert '"' not in text


def test_custom_kinds_use_apple_labels_and_avoid_taken_groups():
    text = serialize(full())
    # item1 is taken by an extra line, so Rapport's own groups start at item2
    assert "item2.TEL:22 65 43 21\r\nitem2.X-ABLabel:Büro Oslo\r\n" in text
    assert "X-ABLabel:_$!<HomePage>!$_" in text


def test_photo_3_0_and_4_0():
    c = full()
    t3 = serialize(c, "3.0")
    t4 = serialize(c, "4.0")
    b64 = base64.b64encode(c.photo.data).decode()
    unfolded3 = t3.replace("\r\n ", "")
    assert "\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + b64 + "\r\n" in unfolded3
    assert "\r\nPHOTO:data:image/jpeg;base64," + b64 + "\r\n" in t4.replace("\r\n ", "")
    assert back(t3).photo == c.photo
    assert back(t4).photo == c.photo


def test_dates_without_year():
    c = ContactData(full_name="B", birthday="--04-15", anniversary="1999-12-31")
    assert "BDAY:--04-15\r\n" in serialize(c, "3.0")
    assert "X-ANNIVERSARY:1999-12-31\r\n" in serialize(c, "3.0")
    t4 = serialize(c, "4.0")
    assert "BDAY:--0415\r\n" in t4  # RFC 6350 basic format
    assert "ANNIVERSARY:19991231\r\n" in t4
    assert back(t4).birthday == "--04-15"


def test_version_4_0_params():
    t4 = serialize(full(), "4.0")
    assert "VERSION:4.0\r\n" in t4
    assert "TEL;TYPE=cell;PREF=1:+47 22 12 34 56\r\n" in t4
    assert "EMAIL;TYPE=work;PREF=1:zoe@example.no\r\n" in t4


def test_extra_lines_written_back_but_never_break_the_card():
    c = ContactData(
        full_name="X",
        extra_lines=["X-FOO;TYPE=a:bar", "X-EVIL:a\r\nEND:VCARD\r\nBEGIN:VCARD", "END:VCARD", "VERSION:2.1", "no colon"],
    )
    text = serialize(c)
    assert "X-FOO;TYPE=a:bar\r\n" in text
    assert text.count("\r\nEND:VCARD\r\n") == 1 and text.count("VERSION:") == 1
    got = back(text)
    assert got.extra_lines == ["X-FOO;TYPE=a:bar", "X-EVIL:a\\nEND:VCARD\\nBEGIN:VCARD"]


def test_no_name_card_gets_fn_from_display_name():
    text = serialize(ContactData(emails=[Email("only@example.com")]))
    assert "FN:only@example.com\r\n" in text


def test_vobject_reads_our_output():
    c = full()
    card = vobject.readOne(serialize(c))
    assert card.fn.value == "Dr. Zoë Ødegård"
    assert card.n.value.family == "Ødegård"
    assert card.note.value == c.note
    assert len(card.contents["tel"]) == 2
    assert card.photo.value == c.photo.data


def test_serialize_many_concatenates_cards():
    text = serialize_many([ContactData(full_name="A"), ContactData(full_name="B")])
    assert [parse_card(r).full_name for r in cards_of(text)] == ["A", "B"]


def fixture_cards():
    """(file name, line, contact) for every readable card of the fixture files."""
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "vcards"
    for f in sorted(data.glob("*.vcf")):
        for raw in split_cards(f.read_bytes()):
            try:
                c = parse_card(raw)
            except Exception:  # noqa: BLE001 - broken fixtures have unreadable cards on purpose
                continue
            yield f.name, raw.start_line, c


def test_fixture_cards_round_trip(tmp_path):
    checked = 0
    for name, line, c in fixture_cards():
        for version in ("3.0", "4.0"):
            assert back(serialize(c, version)) == c, (name, line, version)
        checked += 1
    assert checked >= 20


# --------------------------------------------------------------------------- property-based round trip

# Parsing strips whitespace around names, numbers and the like, turns CR into
# LF and drops control characters: generated texts are already in that form.
_chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
text = st.text(_chars, max_size=30).map(str.strip)
word = st.text(_chars, min_size=1, max_size=20).map(str.strip).filter(bool)
multiline = st.lists(text, max_size=3).map("\n".join)
_standard = ["", "home", "work", "other", "cell", "fax", "pager", "main", "homepage"]
custom_kind = word.filter(lambda k: k.lower() not in {"mobile", "iphone", *_standard} and not k.startswith("_$!<"))
kind = st.one_of(st.sampled_from(_standard), custom_kind)
number = st.text(string.digits + " +-()", min_size=1, max_size=20).map(str.strip).filter(bool)
token = st.text(string.ascii_lowercase, min_size=1, max_size=10).filter(lambda s: s != "pref")
param_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters='"'), max_size=15).map(str.strip)
date = st.one_of(
    st.just(""),
    st.dates().filter(lambda d: d.year >= 1000 and d.year != 1604).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"--{d.month:02d}-{d.day:02d}"),
)


def _unique_tags(tags: list[str]) -> list[str]:
    seen, out = set(), []
    for t in tags:
        if t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return out


contact_data = st.builds(
    ContactData,
    uid=text,
    prefix=text,
    given_name=text,
    additional_name=text,
    family_name=text,
    suffix=text,
    full_name=text,
    nickname=text,
    organization=text,
    department=st.lists(text, max_size=3).map(";".join),
    title=multiline,
    role=text,
    birthday=date,
    anniversary=date,
    note=multiline,
    phones=st.lists(st.builds(Phone, number, kind, st.booleans()), max_size=3),
    emails=st.lists(st.builds(Email, word.filter(lambda w: not w.lower().startswith("mailto:")), kind, st.booleans()), max_size=3),
    addresses=st.lists(
        st.builds(Address, street=multiline, city=text, region=text, postal_code=text, country=text, po_box=text,
                  extended=text, kind=kind).filter(lambda a: not a.is_empty()),
        max_size=2,
    ),  # fmt: skip
    urls=st.lists(st.builds(Url, word, kind), max_size=2),
    social_profiles=st.lists(st.builds(SocialProfile, st.one_of(st.just(""), token), word, param_text), max_size=2),
    instant_messages=st.lists(
        st.builds(InstantMessage, st.sampled_from(["", "skype", "xmpp", "signal", "aim", "whatsapp"]), word,
                  st.sampled_from(["", "home", "work", "other", "Telegram"])),
        max_size=2,
    ),  # fmt: skip
    tags=st.lists(word, max_size=4).map(_unique_tags),
    photo=st.one_of(
        st.none(), st.builds(Photo, st.binary(min_size=1, max_size=300), st.sampled_from(["image/jpeg", "image/png", "image/gif"]))
    ),
    extra_lines=st.lists(
        st.builds(lambda n, v: f"X-CUSTOM-{n}:{v}", st.integers(0, 99), st.text(_chars, max_size=40)), max_size=3
    ),
).map(lambda c: _with_display_name(c))


def _with_display_name(c: ContactData) -> ContactData:
    c.full_name = c.full_name or c.display_name()
    return c


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contact_data.filter(lambda c: c.full_name or c.note or c.photo or c.addresses or c.urls
                           or c.social_profiles or c.instant_messages or c.birthday))  # fmt: skip
def test_round_trip_any_contact(c):
    for version in ("3.0", "4.0"):
        text = serialize(c, version)
        assert len(cards_of(text)) == 1
        for physical in text.encode("utf-8").split(b"\r\n"):
            assert len(physical) <= 75
        assert back(text) == c


def test_vobject_reads_every_card_we_write(tmp_path):
    """vobject is the reference reader: every fixture card, written as 3.0 and 4.0, reads back in it."""
    checked = 0
    for name, line, c in fixture_cards():
        for version in ("3.0", "4.0"):
            card = vobject.readOne(serialize(c, version))
            assert card.fn.value == c.display_name(), (name, line, version)
            assert len(card.contents.get("tel", [])) == len(c.phones), (name, line, version)
            assert len(card.contents.get("email", [])) == len(c.emails), (name, line, version)
            checked += 1
    assert checked > 40
