"""Reading vCards as real exporters write them (fixtures in tests/data/vcards, named by source)."""

from __future__ import annotations

import base64
import pickle
from pathlib import Path

import pytest

from desktop.domain import vcard
from desktop.domain.contact import InstantMessage, Phone, SocialProfile, Url
from desktop.domain.vcard import CardError, RawCard, looks_like_vcard, parse_card, parse_many, split_cards

DATA = Path(__file__).resolve().parents[1] / "data" / "vcards"


def read(name: str) -> list[vcard.CardResult]:
    return parse_many(split_cards((DATA / name).read_bytes()))


def contacts(name: str):
    results = read(name)
    assert all(r.error is None for r in results), [r.error for r in results]
    return [r.contact for r in results]


def one(text: str, warnings: list | None = None):
    (raw,) = split_cards(text.encode("utf-8"))
    return parse_card(raw, warnings)


# --------------------------------------------------------------------------- splitting


def test_split_reports_lines_and_skips_junk_between_cards():
    cards = list(split_cards((DATA / "broken_cards.vcf").read_bytes()))
    assert [(c.start_line, c.truncated) for c in cards] == [
        (2, False), (9, True), (13, False), (18, False), (21, False), (27, False), (32, True),
    ]  # fmt: skip
    assert cards[0].end_line == 7
    assert cards[0].raw.startswith(b"BEGIN:VCARD") and cards[0].raw.endswith(b"END:VCARD")


def test_split_tolerates_lf_crlf_and_blank_lines():
    data = b"\n\nBEGIN:VCARD\nFN:A\nEND:VCARD\n\n\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n\r\n"
    cards = list(split_cards(data))
    assert [c.start_line for c in cards] == [3, 8]
    assert [parse_card(c).full_name for c in cards] == ["A", "B"]


def test_truncated_card_is_an_error_for_that_card_only():
    results = read("broken_cards.vcf")
    errors = [r for r in results if r.error]
    assert [e.start_line for e in errors] == [9, 18, 32]
    assert "END:VCARD" in errors[0].error.reason
    good = [r.contact.full_name for r in results if r.contact]
    assert good == ["Good One", "Bad Photo", "Bad Date", "Good Two"]


def test_parse_card_raises_card_error_with_line():
    raw = RawCard(40, 45, b"BEGIN:VCARD\r\nFN:x", truncated=True)
    with pytest.raises(CardError) as info:
        parse_card(raw)
    assert info.value.line == 40
    assert "line 40" in str(info.value)


def test_empty_card_is_an_error():
    (raw,) = split_cards(b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n")
    with pytest.raises(CardError, match="no name"):
        parse_card(raw)


def test_results_are_picklable_for_a_process_pool():
    results = read("broken_cards.vcf") + read("apple_3_0.vcf")
    back = pickle.loads(pickle.dumps(results))
    assert back == results
    assert back[1].error.line == 9 and back[1].error.reason == results[1].error.reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [("empty.vcf", False), ("not_vcard.csv", False), ("bom.vcf", True), ("folds.vcf", True), ("outlook_cp1252.vcf", True)],
)
def test_looks_like_vcard(name, expected):
    assert looks_like_vcard((DATA / name).read_bytes()) is expected


def test_binary_is_not_vcard():
    assert not looks_like_vcard(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert not looks_like_vcard(b"   \r\n\r\n")


def test_bom_is_skipped():
    (c,) = contacts("bom.vcf")
    assert c.full_name == "Ångström Bom"
    assert c.given_name == "Ångström"


def test_utf16_file_is_read():
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz\r\nEND:VCARD\r\n".encode("utf-16")
    assert looks_like_vcard(data)
    assert parse_card(next(split_cards(data))).full_name == "Łukasz"


# --------------------------------------------------------------------------- folding and encodings


def test_lf_tab_folds_and_fold_inside_multibyte_character():
    (c,) = contacts("folds.vcf")
    assert c.full_name == "Zoë Ødegård 東京"
    assert c.given_name == "Zoë"
    assert c.note == "a long note that was folded with a space kept after the fold"


def test_fold_right_after_equals_sign_in_a_3_0_card():
    (c,) = contacts("folds.vcf")
    assert c.urls == [Url("https://example.com/?id=42")]


def test_android_quoted_printable_with_soft_breaks_and_charset():
    anna_line = 50
    c, anna = contacts("android_2_1_qp.vcf")
    assert (c.family_name, c.given_name, c.full_name) == ("Иванов", "Иван", "Иван Иванов")
    assert c.organization == "ООО Ромашка"
    assert c.addresses[0].street == "ул. Тверская, 1"
    assert c.addresses[0].city == "Москва" and c.addresses[0].country == "Россия"
    assert c.note.endswith("с бухгалтером.\nВторая строка.")
    assert "\r" not in c.note
    assert anna.full_name == "Anna Smith"
    assert read("android_2_1_qp.vcf")[1].start_line == anna_line


def test_bare_2_1_type_params():
    c, _ = contacts("android_2_1_qp.vcf")
    assert c.phones == [
        Phone("+7 916 123-45-67", "cell", True),
        Phone("+7 495 123-45-67", "home", False),
        Phone("+7 495 765-43-21", "fax", False),
    ]


def test_outlook_windows_1252_card_and_qp_without_charset():
    jurgen, _ = contacts("outlook_cp1252.vcf")
    assert jurgen.full_name == "Jürgen Müller"
    assert jurgen.title == "Geschäftsführer"
    assert jurgen.addresses[0].street == "Hauptstraße 5"
    assert jurgen.note == "Kunde seit 2010\nPreis: 5 € “Sonderpreis”"
    assert jurgen.anniversary == "2005-06-12"  # X-MS-ANNIVERSARY
    assert jurgen.birthday == "1970-03-12"


def test_charset_parameter_decides_a_non_utf8_card():
    _, nikos = contacts("outlook_cp1252.vcf")
    assert nikos.full_name == "Νίκος Παπαδόπουλος"


def test_qp_extra_line_is_decoded_for_export():
    jurgen, _ = contacts("outlook_cp1252.vcf")
    label = [line for line in jurgen.extra_lines if line.startswith("LABEL")]
    assert label == ["LABEL;TYPE=WORK,PREF:Hauptstraße 5\\nMünchen, Bayern 80331"]


def test_escapes_are_undone():
    c = one("BEGIN:VCARD\r\nFN:A\\, B\\; C\\\\D\r\nNOTE:one\\ntwo\\Nthree\r\nEND:VCARD\r\n")
    assert c.full_name == "A, B; C\\D"
    assert c.note == "one\ntwo\nthree"


def test_google_escaped_colon_in_url_and_custom_label():
    (c,) = contacts("google_3_0.vcf")
    assert c.urls == [Url("http://www.maria.example/blog", "blog")]
    assert c.note == "Nota con, coma y\nsalto"
    assert c.tags == ["myContacts", "Clientes", "starred"]
    assert c.addresses[0].country == "España"


# --------------------------------------------------------------------------- Apple


def test_apple_labels_become_kinds():
    john, _ = contacts("apple_3_0.vcf")
    kinds = [(p.value, p.kind, p.pref) for p in john.phones]
    assert kinds == [
        ("+1 (408) 555-0101", "cell", True),
        ("+1 408 555 0102", "cell", False),  # _$!<Mobile>!$_
        ("+1 408 555 0103", "cell", False),  # type=IPHONE
        ("+1 408 555 0104", "Büro Zürich", False),  # a custom label
        ("+1 408 555 0105", "fax", False),
        ("+1 408 555 0100", "main", False),
    ]
    assert [(e.kind, e.pref) for e in john.emails] == [("other", True), ("work", False)]
    assert john.urls == [Url("https://www.apple.example/", "homepage")]


def test_apple_structured_name_org_units_and_birthday_without_year():
    john, acme = contacts("apple_3_0.vcf")
    assert (john.prefix, john.given_name, john.additional_name, john.family_name, john.suffix) == (
        "Dr.", "John", "Q.", "Appleseed", "Jr.",
    )  # fmt: skip
    assert (john.organization, john.department) == ("Apple Inc.", "Engineering;Swift")
    assert john.birthday == "--04-15"
    assert john.anniversary == "2010-06-01"  # item6.X-ABDATE labelled _$!<Anniversary>!$_
    assert acme.birthday == "1985-04-15"
    assert (acme.organization, acme.department) == ("Acme GmbH", "")


def test_apple_social_profiles_and_impp():
    john, _ = contacts("apple_3_0.vcf")
    assert john.social_profiles == [
        SocialProfile("linkedin", "http://www.linkedin.com/in/jappleseed", "jappleseed"),
        SocialProfile("twitter", "http://twitter.com/jappleseed", "jappleseed"),
    ]
    assert john.instant_messages == [
        InstantMessage("skype", "john.appleseed", "home"),
        InstantMessage("signal", "+14085550101", ""),
    ]


def test_apple_unmodelled_properties_are_kept_with_their_labels():
    john, acme = contacts("apple_3_0.vcf")
    assert "item7.X-ABRELATEDNAMES;type=pref:Jane Appleseed" in john.extra_lines
    assert "item7.X-ABLabel:_$!<Spouse>!$_" in john.extra_lines
    assert not any(line.upper().startswith(("PRODID", "VERSION")) for line in john.extra_lines)
    assert not any("X-ABDATE" in line or "_$!<Mobile>" in line for line in john.extra_lines)
    assert acme.extra_lines == ["X-ABShowAs:COMPANY"]


def test_apple_3_0_photo():
    john, _ = contacts("apple_3_0.vcf")
    assert john.photo is not None
    assert john.photo.mime == "image/jpeg"
    assert john.photo.data.startswith(b"\xff\xd8") and john.photo.data.endswith(b"\xff\xd9")
    assert len(john.photo.data) == 1522


def test_categories_become_tags():
    john, _ = contacts("apple_3_0.vcf")
    assert john.tags == ["Friends", "Apple"]
    c = one("BEGIN:VCARD\r\nFN:x\r\nCATEGORIES:a,B\\,c\r\nCATEGORIES:b\\,C,d\r\nEND:VCARD\r\n")
    assert c.tags == ["a", "B,c", "d"]


# --------------------------------------------------------------------------- 4.0


def test_nextcloud_tel_uri_quoted_types_and_pref():
    zoe, pierre = contacts("nextcloud_4_0.vcf")
    assert zoe.phones == [Phone("+33-6-12-34-56-78", "cell", False), Phone("+33-1-23-45-67-89", "work", True)]
    assert zoe.emails[0].pref and not zoe.emails[1].pref
    assert pierre.phones == [Phone("+33-1-98-76-54-32", "home", False)]


def test_nextcloud_data_uri_photo_and_4_0_dates():
    zoe, pierre = contacts("nextcloud_4_0.vcf")
    assert zoe.photo is not None and zoe.photo.mime == "image/png"
    assert zoe.photo.data.startswith(b"\x89PNG")
    assert zoe.birthday == "--04-15"
    assert zoe.anniversary == "2010-06-01"
    assert pierre.birthday == "1985-04-15"
    assert zoe.uid == "5a1c6a2e-7a0b-4c4b-9a2f-9b1d7f3e2c11"


def test_photo_link_is_kept_as_an_extra_line():
    _, pierre = contacts("nextcloud_4_0.vcf")
    assert pierre.photo is None
    assert "PHOTO;VALUE=uri:https://cloud.example/avatar/42.jpg" in pierre.extra_lines


def test_unmodelled_4_0_properties_kept_and_rev_dropped():
    zoe, _ = contacts("nextcloud_4_0.vcf")
    assert zoe.extra_lines == [
        "KIND:individual",
        "GEO:geo:48.8566,2.3522",
        "TZ:Europe/Paris",
        "KEY;MEDIATYPE=application/pgp-keys:https://keys.example/zoe.asc",
    ]


def test_thunderbird_4_0_lf_file():
    (c,) = contacts("thunderbird_4_0.vcf")
    assert c.full_name == "Alex Müller-Lüdenscheidt"
    assert c.nickname == "Lexi"
    assert c.birthday == "1980-02-29"
    assert c.anniversary == "2012-09-01"  # written as 2012-09-01T00:00:00Z
    assert [(p.value, p.kind) for p in c.phones] == [("+49 221 1234567", "work"), ("+49 171 1234567", "cell")]
    assert c.emails[0].pref
    assert c.urls == [Url("https://example.org", "work")]


# --------------------------------------------------------------------------- Samsung, IM, names


def test_samsung_korean_qp_custom_phone_type_and_im():
    (c,) = contacts("samsung_2_1.vcf")
    assert (c.family_name, c.given_name, c.full_name) == ("김", "민수", "김민수")
    assert [(p.value, p.kind) for p in c.phones] == [
        ("010-1234-5678", "cell"), ("02-123-4567", "assistantphone"), ("02-765-4321", "fax"),
    ]  # fmt: skip
    assert c.instant_messages == [InstantMessage("aim", "minsu_aim", "home"), InstantMessage("skype", "minsu.kim", "")]
    assert "X-PHONETIC-FIRST-NAME:Minsu" in c.extra_lines


def test_x_twitter_and_impp_service_from_scheme():
    c = one("BEGIN:VCARD\r\nFN:x\r\nX-TWITTER:@xy\r\nIMPP:xmpp:x@example.org\r\nX-JABBER:y@example.org\r\nEND:VCARD\r\n")
    assert c.social_profiles == [SocialProfile("twitter", "@xy")]
    assert c.instant_messages == [InstantMessage("xmpp", "x@example.org"), InstantMessage("xmpp", "y@example.org")]


def test_cards_without_a_name_take_org_email_or_phone():
    org, email, phone, family = contacts("no_name.vcf")
    assert org.full_name == "Widgets Ltd"
    assert email.full_name == "someone@example.net"
    assert phone.full_name == "+1 212 555 0199"
    assert (family.family_name, family.given_name, family.full_name) == ("Lovelace", "", "Lovelace")


def test_n_with_fewer_components():
    c = one("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Curie;Marie\r\nEND:VCARD\r\n")
    assert (c.family_name, c.given_name, c.suffix, c.full_name) == ("Curie", "Marie", "", "Marie Curie")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1985-04-15", "1985-04-15"),
        ("19850415", "1985-04-15"),
        ("1985-04-15T00:00:00Z", "1985-04-15"),
        ("--0415", "--04-15"),
        ("--04-15", "--04-15"),
        ("1604-04-15", "--04-15"),
        ("--0229", "--02-29"),
    ],
)
def test_birthday_forms(value, expected):
    assert one(f"BEGIN:VCARD\r\nFN:x\r\nBDAY:{value}\r\nEND:VCARD\r\n").birthday == expected


@pytest.mark.parametrize("value", ["15.04.1985", "1985-02-30", "1985", "--13-01"])
def test_invalid_date_is_kept_as_extra_line_with_a_warning(value):
    warnings: list = []
    c = one(f"BEGIN:VCARD\r\nFN:x\r\nBDAY:{value}\r\nEND:VCARD\r\n", warnings)
    assert c.birthday == ""
    assert c.extra_lines == [f"BDAY:{value}"]
    assert len(warnings) == 1 and "BDAY" in warnings[0].reason


# --------------------------------------------------------------------------- photos


def test_undecodable_photo_is_dropped_with_a_warning():
    results = read("broken_cards.vcf")
    bad = next(r for r in results if r.contact and r.contact.full_name == "Bad Photo")
    assert bad.contact.photo is None
    assert [w.reason for w in bad.warnings] == ["the photo could not be decoded and was dropped"]
    assert bad.warnings[0].line == 16  # the PHOTO line; the card starts on line 13


def test_warnings_point_at_their_line():
    results = read("broken_cards.vcf")
    bad_date = next(r for r in results if r.contact and r.contact.full_name == "Bad Date")
    assert bad_date.start_line == 21
    assert sorted((w.line, w.reason.split()[0]) for w in bad_date.warnings) == [(24, "BDAY"), (25, "a")]


def test_oversized_photo_is_dropped_without_decoding(monkeypatch):
    monkeypatch.setattr(vcard.photo, "MAX_PHOTO_BYTES", 10_000)
    decoded: list = []
    monkeypatch.setattr(vcard.base64, "b64decode", lambda *a, **k: decoded.append(a) or b"x")
    b64 = base64.b64encode(bytes(20_000)).decode()
    warnings: list = []
    c = one(f"BEGIN:VCARD\r\nFN:x\r\nPHOTO;ENCODING=b;TYPE=JPEG:{b64}\r\nEND:VCARD\r\n", warnings)
    assert c.photo is None
    assert decoded == []
    assert "limit" in warnings[0].reason


def test_2_1_base64_photo_whose_lines_lost_their_indent():
    b64 = base64.b64encode(b"\xff\xd8" + bytes(range(256)) * 4).decode()
    lines = "\r\n".join(b64[i : i + 76] for i in range(0, len(b64), 76))
    c = one(f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:{lines}\r\n\r\nEND:VCARD\r\n")
    assert c.photo is not None and c.photo.data == b"\xff\xd8" + bytes(range(256)) * 4


def test_android_2_1_base64_photo():
    c, _ = contacts("android_2_1_qp.vcf")
    assert c.photo is not None and len(c.photo.data) == 1522 and c.photo.data.startswith(b"\xff\xd8")


def test_unknown_lines_warn_but_keep_the_card():
    warnings: list = []
    c = one("BEGIN:VCARD\r\nFN:Kept\r\nnot a property\r\nEND:VCARD\r\n", warnings)
    assert c.full_name == "Kept"
    assert len(warnings) == 1 and "not a vCard property" in warnings[0].reason


def test_group_names_are_case_insensitive_and_lone_labels_kept():
    c = one("BEGIN:VCARD\r\nFN:x\r\nITEM1.TEL:1\r\nitem1.X-ABLabel:_$!<Pager>!$_\r\nitem1.X-ABADR:us\r\n"
            "X-ABLabel:orphan\r\nEND:VCARD\r\n")  # fmt: skip
    assert c.phones == [Phone("1", "pager")]
    assert c.extra_lines == ["X-ABADR:us", "X-ABLabel:orphan"]


def test_quoted_printable_in_any_case():
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=Quoted-printable;CHARSET=utf-8:caf=C3=A9 =\r\nbar\r\nEND:VCARD\r\n"
    assert one(text).note == "café bar"


BIG = bytes(range(256)) * 60  # a photo big enough for the fast path that cuts it out first


def _fold76(s: str, indent: str = " ") -> str:
    return ("\r\n" + indent).join(s[i : i + 74] for i in range(0, len(s), 74))


@pytest.mark.parametrize(
    "photo_lines",
    [
        "PHOTO;ENCODING=b;TYPE=JPEG:" + _fold76(base64.b64encode(BIG).decode()),
        "PHOTO:data:image/jpeg;base64," + _fold76(base64.b64encode(BIG).decode()),
        "PHOTO;ENCODING=BASE64;JPEG:" + _fold76(base64.b64encode(BIG).decode(), "  ") + "\r\n",
        "photo;encoding=b;type=jpeg:" + _fold76(base64.b64encode(BIG).decode(), "\t"),
    ],
)
def test_big_photo_then_more_properties(photo_lines):
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\n" + photo_lines + "\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\r\n au lait\r\nTEL;TYPE=CELL:+1 555 0100\r\nEND:VCARD\r\n"
    )
    assert len(text) > vcard._BIG_CARD
    c = one(text)
    assert c.photo is not None and c.photo.data == BIG and c.photo.mime == "image/jpeg"
    assert c.phones == [Phone("+1 555 0100", "cell")]
    assert c.note == "café au lait"
    assert c.extra_lines == []


def test_big_card_with_photo_link_keeps_the_link():
    note = "x" * 9000
    c = one(f"BEGIN:VCARD\r\nFN:L\r\nPHOTO;VALUE=uri:https://a.example/p.jpg\r\nNOTE:{_fold76(note)}\r\nEND:VCARD\r\n")
    assert c.photo is None
    assert c.extra_lines == ["PHOTO;VALUE=uri:https://a.example/p.jpg"]
    assert c.note == note


def test_big_card_with_a_property_that_only_starts_like_photo():
    note = "y" * 9000
    c = one(f"BEGIN:VCARD\r\nFN:P\r\nPHOTOGRAPHER:data:x;base64,AAAA\r\nNOTE:{_fold76(note)}\r\nEND:VCARD\r\n")
    assert c.extra_lines == ["PHOTOGRAPHER:data:x;base64,AAAA"]
    assert c.note == note


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.sampled_from(
    [b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"FN:x\r\n", b"N:a;b\r\n", b"\r\n ", b"\n\t", b"=\r\n", b":", b";",
     b"TEL;TYPE=\"a,b\":1\r\n", b"NOTE;ENCODING=QUOTED-PRINTABLE:=C3=", b"PHOTO;ENCODING=b:", b"item1.", b"\xff\xfe",
     b"X-ABLabel:_$!<", b"BDAY:--13-45\r\n", b"\\", b"\"", b"\xc3", b"CHARSET=nonsense:"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_pieces, st.binary(max_size=12)), max_size=40).map(b"".join))
def test_any_bytes_give_cards_or_card_errors(data):
    results = parse_many(split_cards(data))
    for r in results:
        assert (r.contact is None) != (r.error is None)
        # not the catch-all that turns an unexpected exception into an error
        assert r.error is None or "could not be read" not in r.error.reason
        if r.contact is not None:
            serialize_back = vcard.serialize(r.contact)
            assert len(list(split_cards(serialize_back.encode()))) == 1


def test_2_1_extra_lines_are_kept_in_3_0_form():
    c = one("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nLABEL;HOME;PREF:Main St 1\r\nLOGO;ENCODING=BASE64;GIF:R0lG\r\n"
            "X-FOO;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab\r\nX-BAR;TYPE=a:b\r\nEND:VCARD\r\n")  # fmt: skip
    assert c.extra_lines == ["LABEL;TYPE=HOME,PREF:Main St 1", "LOGO;ENCODING=b;TYPE=GIF:R0lG", "X-FOO:a\\nb", "X-BAR;TYPE=a:b"]


def test_first_n_wins():
    c = one("BEGIN:VCARD\r\nN:One;A\r\nN:Two;B\r\nEND:VCARD\r\n")
    assert (c.family_name, c.given_name) == ("One", "A")


# --------------------------------------------------------------------------- defects found on real exports


def test_ios_5_and_6_cr_cr_lf_line_ends():
    data = (DATA / "ios_5_crcrlf.vcf").read_bytes()
    assert b"\r\r\n" in data and b"\r\r\n " in data  # every line end, and a fold
    assert looks_like_vcard(data)
    assert [r.start_line for r in read("ios_5_crcrlf.vcf")] == [1, 18]
    maja, tomas = contacts("ios_5_crcrlf.vcf")
    assert (maja.full_name, maja.organization, maja.title) == ("Maja Lindqvist", "Sjöberg & Partners", "Partner")
    assert maja.note == "Met at the Stockholm chamber breakfast. Wants an introduction to a good accountant in Göteborg."
    assert maja.phones == [Phone("+46 70 123 45 67", "cell", True), Phone("+46 8 555 010 20", "other")]
    assert (maja.addresses[0].city, maja.birthday) == ("Stockholm", "1979-03-08")
    assert maja.extra_lines == ["item2.X-ABADR:se"]
    assert tomas.full_name == "Tomás Ruiz"
    assert tomas.urls == [Url("https://ruiz.example", "homepage")]


def test_a_repeated_org_or_title_keeps_the_first_and_the_others_for_export():
    results = read("repeated_org_title.vcf")
    jorg = results[0].contact
    assert (jorg.organization, jorg.title) == ("Bäckerei Schmidt", "Inhaber")
    # the second job's lines are kept (the QUOTED-PRINTABLE one in 3.0 form); the exact repeat of line 10 once
    assert jorg.extra_lines == ["ORG:Handwerkskammer Berlin", "TITLE:Vorstandsmitglied für Ausbildung"]
    assert [(w.line, w.lost) for w in results[0].warnings] == [(8, False), (9, False)]
    assert "'Bäckerei Schmidt' is the contact's, 'Handwerkskammer Berlin' is kept" in results[0].warnings[0].reason
    text = vcard.serialize(jorg)
    assert "\r\nORG:Bäckerei Schmidt\r\n" in text and "\r\nORG:Handwerkskammer Berlin\r\n" in text
    assert "\r\nTITLE:Inhaber\r\n" in text and "\r\nTITLE:Vorstandsmitglied für Ausbildung\r\n" in text
    warnings: list = []
    assert parse_card(next(split_cards(text.encode())), warnings) == jorg
    assert len(warnings) == 2  # read back, the same choice and the same warnings


def test_the_pref_org_and_title_are_the_contacts():
    priya = contacts("repeated_org_title.vcf")[1]
    assert (priya.organization, priya.department, priya.title) == ("Contoso Ltd", "Research", "Head of Research")
    assert priya.extra_lines == ["ORG:Northwind Traders", "TITLE:Analyst"]


def test_a_repeated_identical_org_is_not_a_warning_and_the_first_fn_still_wins():
    warnings: list = []
    c = one("BEGIN:VCARD\r\nFN:A\r\nFN:B\r\nORG:Acme\r\nTITLE:Boss\r\nORG:Acme\r\nEND:VCARD\r\n", warnings)
    assert (c.full_name, c.organization, c.title, c.extra_lines, warnings) == ("A", "Acme", "Boss", [], [])


def test_cards_nested_in_a_2_1_card_without_agent_are_contacts_and_so_is_the_outer_one():
    cards = list(split_cards((DATA / "nested_2_1.vcf").read_bytes()))
    assert [(c.start_line, c.end_line, c.truncated, c.nested) for c in cards] == [
        (1, 22, False, True), (7, 13, False, False), (14, 19, False, False),
    ]  # fmt: skip
    adaeze, tunde, chioma = contacts("nested_2_1.vcf")
    assert (adaeze.full_name, adaeze.organization) == ("Adaeze Okonkwo", "Okonkwo Legal")
    assert adaeze.phones == [Phone("+234 1 555 0100", "work")]  # none of the inner cards' lines
    assert [e.value for e in adaeze.emails] == ["adaeze@okonkwo-legal.example"]
    assert adaeze.note == "Her two assistants are on the cards inside this one."
    assert adaeze.extra_lines == []
    assert (tunde.full_name, [e.value for e in tunde.emails]) == ("Tunde Bello", ["tunde@okonkwo-legal.example"])
    assert (chioma.full_name, chioma.phones) == ("Chioma Eze", [Phone("+234 803 555 0102", "cell")])


def test_a_2_1_agent_card_is_a_contact_of_its_own():
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant\r\n"
            "TEL:1\r\nEND:VCARD\r\nTEL:2\r\nEND:VCARD\r\n")  # fmt: skip
    results = parse_many(split_cards(text.encode()))
    got = [(r.contact.full_name, [p.value for p in r.contact.phones], r.contact.extra_lines) for r in results]
    assert got == [("Boss", ["2"], []), ("Assistant", ["1"], [])]


def test_a_card_cut_short_before_the_next_cards_is_still_reported_as_such():
    text = "BEGIN:VCARD\r\nFN:Cut\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:C\r\nEND:VCARD\r\n"
    results = parse_many(split_cards(text.encode()))
    assert [(r.start_line, r.contact and r.contact.full_name, r.error and r.error.line) for r in results] == [
        (1, None, 1), (3, "B", None), (6, "C", None),
    ]  # fmt: skip
    assert "END:VCARD" in results[0].error.reason


def test_cards_nested_two_deep_and_cards_cut_short_around_them():
    text = ("BEGIN:VCARD\r\nFN:a\r\nBEGIN:VCARD\r\nFN:b\r\nBEGIN:VCARD\r\nFN:c\r\nEND:VCARD\r\nEND:VCARD\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nFN:x\r\nBEGIN:VCARD\r\nFN:y\r\nBEGIN:VCARD\r\nFN:z\r\nEND:VCARD\r\n")  # fmt: skip
    cards = list(split_cards(text.encode()))
    assert [(c.start_line, c.end_line, c.truncated, c.nested) for c in cards] == [
        (1, 9, False, True), (3, 8, False, True), (5, 7, False, False),
        (10, 11, True, False), (12, 13, True, False), (14, 16, False, False),
    ]  # fmt: skip
    results = parse_many(cards)
    assert [r.contact.full_name if r.contact else r.error.line for r in results] == ["a", "b", "c", 10, 12, "z"]


@pytest.mark.parametrize("spelling", ["VCARD", "vcard", "VCard", "vCARD", "Vcard"])
def test_begin_and_end_lines_in_any_case(spelling):
    data = f"BEGIN:{spelling}\r\nFN:A\r\nEND:{spelling}\r\nbegin:{spelling}\r\nFN:B\r\nend:{spelling}\r\n".encode()
    assert looks_like_vcard(data)
    assert [parse_card(c).full_name for c in split_cards(data)] == ["A", "B"]
