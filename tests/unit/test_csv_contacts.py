"""CSV exports (LinkedIn, Google, Outlook) read into contacts, with each quirk real exports have."""

from __future__ import annotations

import pytest

from desktop.domain.csv_contacts import CsvFormatError, detect_format, parse_date, read_csv


def read(data_dir, name: str):
    return read_csv((data_dir / "csv" / name).read_bytes())


def by_name(result) -> dict:
    return {row.contact.full_name: row for row in result.rows}


# --------------------------------------------------------------------------- LinkedIn


def test_linkedin_preamble_header_and_rows(data_dir):
    result = read(data_dir, "linkedin_connections.csv")
    assert (result.format, result.label, result.header_line) == ("linkedin", "LinkedIn Connections.csv", 4)
    names = [r.contact.full_name for r in result.rows]
    assert names[:3] == ["Anna Berg", "Robert Miller", "José García López"]
    assert len(result.rows) == 10
    assert result.skipped == 2  # the row without a name, and "LinkedIn Member"
    assert result.unreadable == 0


def test_linkedin_row_fields(data_dir):
    rows = by_name(read(data_dir, "linkedin_connections.csv"))
    anna = rows["Anna Berg"]
    assert anna.line == 5
    c = anna.contact
    assert (c.given_name, c.family_name, c.organization, c.title) == (
        "Anna", "Berg", "Nordlicht Consulting AB", "Senior Consultant",
    )  # fmt: skip
    assert c.emails == []  # most connections hide their email
    assert c.connected_on == "2026-09-02"
    assert [(s.service, s.value, s.user) for s in c.social_profiles] == [
        ("linkedin", "https://www.linkedin.com/in/anna-berg-4a1b2c3d", "anna-berg-4a1b2c3d")
    ]
    assert [e.value for e in rows["Robert Miller"].contact.emails] == ["bob.miller@gmail.com"]


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("Robert Miller", "https://www.linkedin.com/in/robertmiller"),  # trailing slash
        ("José García López", "https://www.linkedin.com/in/jose-garcia-lopez"),  # es. host and ?trk=
        ("Priya Raman, CPA", "https://www.linkedin.com/in/priya-raman-cpa"),  # upper case
        ("Kwame Mensah 🚀", "https://www.linkedin.com/in/kwame-mensah-b2b"),  # ?originalSubdomain=
        ("Zoë Ødegård", "https://www.linkedin.com/in/zo%C3%AB-%C3%B8deg%C3%A5rd-99a1"),  # percent-encoded
    ],
)
def test_linkedin_profile_urls_are_normalised(data_dir, name, url):
    rows = by_name(read(data_dir, "linkedin_connections.csv"))
    assert rows[name].contact.social_profiles[0].value == url


def test_linkedin_names_with_commas_emoji_and_nicknames(data_dir):
    rows = by_name(read(data_dir, "linkedin_connections.csv"))
    assert rows["Priya Raman, CPA"].contact.family_name == "Raman, CPA"  # a quoted cell with a comma
    assert rows["Kwame Mensah 🚀"].contact.family_name == "Mensah 🚀"
    assert rows["Zoë Ødegård"].contact.title == "Head of Data, Nordics"
    jp = rows["Jean-Pierre Dupont"].contact
    assert (jp.given_name, jp.nickname) == ("Jean-Pierre", "JP")  # Jean-Pierre "JP" in the first name


def test_linkedin_dates_and_a_date_that_is_not_one(data_dir):
    result = read(data_dir, "linkedin_connections.csv")
    rows = by_name(result)
    assert rows["Siobhán O'Brien"].contact.connected_on == "2026-07-01"  # "1 Jul 2026"
    assert rows["Mohammed Al-Hassan"].contact.connected_on == "2024-02-29"
    wei = rows["Wei Zhang"]
    assert wei.contact.connected_on == ""
    assert [(p.line, p.reason) for p in result.problems] == [
        (wei.line, "Connected On 'someday' is not a date Rapport understands; it was left out")
    ]


def test_a_broken_row_is_reported_with_its_line_and_the_rest_still_imports(data_dir):
    result = read(data_dir, "linkedin_broken_rows.csv")
    assert [(r.line, r.contact.full_name) for r in result.rows] == [
        (5, "Lena Fischer"), (6, "Tom Baker"), (10, "Carlos Mendes"),
    ]  # fmt: skip
    assert result.rows[1].contact.title == "Sales,\r\nEMEA"  # a quoted cell over two lines; the row starts on 6
    assert [p.line for p in result.problems] == [9, 11]
    assert "never closed" in result.problems[0].reason
    assert "9 cells where the header has 7" in result.problems[1].reason
    assert result.unreadable == 2


def test_fingerprints_are_stable_and_tell_rows_apart(data_dir):
    first = read(data_dir, "linkedin_connections.csv")
    again = read(data_dir, "linkedin_connections.csv")
    assert [r.fingerprint for r in first.rows] == [r.fingerprint for r in again.rows]
    assert len({r.fingerprint for r in first.rows}) == len(first.rows)


# --------------------------------------------------------------------------- Google


def test_google_current_header(data_dir):
    result = read(data_dir, "google_contacts.csv")
    assert result.format == "google"
    rows = by_name(result)
    bob = rows["Robert Miller"]
    c = bob.contact
    assert bob.starred  # "* starred" is not a tag, it is reported for priority
    assert c.tags == ["Clients", "BNI"]  # "* myContacts" is Google's own
    assert c.nickname == "Bob"
    assert [(e.value, e.kind, e.pref) for e in c.emails] == [
        ("robert.miller@acme.example", "work", True),  # " ::: " joins two values under one label
        ("rmiller@acme.example", "work", True),
        ("bob.miller@gmail.com", "home", False),
    ]
    assert [(p.value, p.kind) for p in c.phones] == [
        ("+1 212-555-0147", "cell"), ("(212) 555-0100", "work"), ("(212) 555-0101", "work"),
    ]  # fmt: skip
    adr = c.addresses[0]
    assert (adr.street, adr.city, adr.region, adr.postal_code, adr.kind) == (
        "500 Fifth Avenue\nSuite 12", "New York", "NY", "10110", "work",
    )  # fmt: skip
    assert [s.value for s in c.social_profiles] == ["https://www.linkedin.com/in/robertmiller"]  # a website
    assert [u.value for u in c.urls] == ["https://acme.example/team/bob"]
    assert c.birthday == "1979-04-15"
    assert c.note == "Met at the chamber breakfast.\nLoves sailing; owes me lunch."


def test_google_dates_addresses_and_rows_without_a_person(data_dir):
    result = read(data_dir, "google_contacts.csv")
    rows = by_name(result)
    kate = rows["Katherine Johnson"].contact
    assert kate.birthday == "--11-03"  # no year
    assert kate.addresses[0].street == "12 Rose Lane\nBristol BS1 4DJ\nUnited Kingdom"  # only the one-cell form
    assert not rows["Katherine Johnson"].starred
    juergen = rows["Jürgen Müller"].contact
    assert (juergen.prefix, juergen.birthday, juergen.anniversary) == ("Dr.", "1968-04-15", "2001-06-09")
    assert rows["Hooli Front Desk"].contact.organization == "Hooli Front Desk"  # a company is still a contact
    assert [(p.line, p.reason) for p in result.problems] == [
        (13, "this row holds no name, email or phone; it was not imported"),
        (14, "Birthday 'April 1st' is not a date Rapport understands; it was left out"),
    ]
    assert rows["Sam Okafor"].line == 14 and rows["Sam Okafor"].contact.birthday == ""


def test_google_older_header_in_utf16(data_dir):
    result = read(data_dir, "google_contacts_old.csv")
    assert result.format == "google"
    rows = by_name(result)
    liz = rows["Elizabeth Chen"]
    c = liz.contact
    assert liz.starred and c.tags == ["Mentors"]  # "* My Contacts ::: Mentors ::: * Starred"
    assert (c.organization, c.title, c.department) == ("Harbour Capital", "Investment Director", "Ventures")
    assert [(e.value, e.pref) for e in c.emails] == [("liz.chen@example.com", True)]
    assert [p.value for p in c.phones] == ["+61 412 345 678", "+61 2 9876 5432"]
    assert [(m.service, m.handle) for m in c.instant_messages] == [("skype", "liz.chen.syd")]
    assert rows["Оля Петрова"].contact.family_name == "Петрова"
    assert rows["newsletter@shop.example"].contact.emails[0].value == "newsletter@shop.example"


# --------------------------------------------------------------------------- Outlook


def test_outlook_windows_1252(data_dir):
    result = read(data_dir, "outlook_contacts_cp1252.csv")
    assert result.format == "outlook"
    rows = by_name(result)
    f = rows["François Lefèvre"].contact
    assert (f.prefix, f.organization, f.title) == ("Mr.", "Société Générale de Café", "Directeur commercial")
    assert f.note == "Prefers espresso – never tea. Budget: €25k."  # cp1252's en dash and euro
    assert f.tags == ["Clients", "VIP"]
    assert f.birthday == "1971-04-15" and f.anniversary == ""  # "0/0/00" is no date
    assert [(p.value, p.kind, p.pref) for p in f.phones] == [
        ("+33 6 12 34 56 78", "cell", True), ("+33 1 42 68 53 00", "work", False),
    ]  # fmt: skip
    grace = rows["Grace Okonkwo"]
    assert [e.value for e in grace.contact.emails] == ["grace.okonkwo@initech.example"]
    assert grace.contact.addresses[0].street == "44 Elm St\nApt 3B"
    assert grace.contact.anniversary == "2009-06-21"
    bjorn = rows["Björn Lindqvist Jr."].contact
    assert bjorn.suffix == "Jr." and bjorn.birthday == "1990-12-31"  # 31/12/1990 cannot be month first
    assert bjorn.social_profiles[0].value == "https://www.linkedin.com/in/bjorn-lindqvist"
    assert [(p.line, p.reason[:30]) for p in result.problems] == [
        (grace.line, "'/O=EXCHANGELABS/OU=EXCHANGE A"),
        (5, "this row holds no name, email "),
    ]


def test_outlook_utf8_bom_and_semicolons(data_dir):
    result = read(data_dir, "outlook_contacts_bom_semicolon.csv")
    assert result.format == "outlook" and result.problems == []
    rows = by_name(result)
    s = rows["Sabine Schröder"].contact
    assert (s.organization, s.addresses[0].city, s.birthday) == ("Schröder Steuerberatung", "Düsseldorf", "1975-09-03")
    assert s.instant_messages[0].handle == "sabine.s@xmpp.example"
    assert rows["Yuki Tanaka"].contact.note == 'Spricht Deutsch; "sehr" pünktlich'


# --------------------------------------------------------------------------- not a contacts CSV


def test_a_csv_that_is_none_of_these_names_the_formats(data_dir):
    with pytest.raises(CsvFormatError) as exc:
        read(data_dir, "bank_statement.csv")
    message = str(exc.value)
    for name in ("LinkedIn Connections.csv", "Google Contacts CSV", "Outlook CSV"):
        assert name in message
    with pytest.raises(CsvFormatError, match="empty"):
        read_csv(b"\n\n")
    with pytest.raises(CsvFormatError):  # First Name, Last Name, E-mail Address alone say no format
        read_csv((data_dir / "vcards" / "not_vcard.csv").read_bytes())


def test_detect_format(data_dir):
    assert detect_format((data_dir / "csv" / "linkedin_connections.csv").read_bytes()) == "linkedin"
    assert detect_format((data_dir / "csv" / "google_contacts_old.csv").read_bytes()) == "google"
    assert detect_format((data_dir / "csv" / "outlook_contacts_bom_semicolon.csv").read_bytes()) == "outlook"
    assert detect_format(b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n") is None


def test_a_header_only_file_has_no_rows():
    result = read_csv(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    assert (result.format, result.rows, result.problems) == ("linkedin", [], [])


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("02 Sep 2026", True, "2026-09-02"),
        ("1 July 2026", True, "2026-07-01"),
        ("Sep 2, 2026", True, "2026-09-02"),
        ("1985-04-15", True, "1985-04-15"),
        ("19850415", True, "1985-04-15"),
        ("--04-15", True, "--04-15"),
        ("4/15/1985", True, "1985-04-15"),
        ("4/5/1985", True, "1985-04-05"),
        ("4/5/1985", False, "1985-05-04"),
        ("15.04.1985", True, "1985-04-15"),
        ("0/0/00", True, ""),
        ("", True, ""),
        ("31 Feb 2020", True, None),
        ("soon", True, None),
    ],
)
def test_parse_date(text, month_first, expected):
    assert parse_date(text, month_first) == expected
