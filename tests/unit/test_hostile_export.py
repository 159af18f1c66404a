"""Hostile content: HTML, scripts, right-to-left overrides, zero-width characters, newline injection,
formula prefixes and 100 KB notes in every field. Exported vCards stay well-formed (no value can start a
property or a card: read back by our reader and by vobject), CSV cells cannot be formulas, file names made
from user data are safe, and files and logs keep the data private."""

from __future__ import annotations

import csv
import logging
import os
import stat
import unicodedata

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import vcard
from desktop.domain.contact import Address, ContactData, Email, InstantMessage, Phone, SocialProfile, Url
from desktop.services import backup, exporting, trash
from desktop.services.contacts import add_contact, load_records
from desktop.services.importing import import_files

HOSTILE = [
    "<b>bold</b><script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "\u202eevil.exe\u202c txt",  # right-to-left override
    "zero\u200bwidth\u200d\ufeffjoin",
    "line one\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Injected",
    "x\nTEL:+1 900 666\nNOTE:injected",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "back\\slash; semi, comma: colon",
    '"quoted" \'single\'',
    "\ttab start",
    "ctrl\x00\x01\x07\x1b[31m",
    "%0d%0aSet-Cookie: x",
]
BIG_NOTE = ("A 100 KB note with <script> and =formula and \u202e and\r\nnewlines.\n" * 1800)[:100_000]
INJECTED_PROPS = {"BEGIN", "END", "VERSION"}


def _hostile_contact(i: int, text: str) -> ContactData:
    return ContactData(
        uid=f"uid-{i}-{text}",
        prefix=text, given_name=text, additional_name=text, family_name=text, suffix=text,
        full_name=f"{text} {i}", nickname=text, organization=text, department=text, title=text, role=text,
        note=BIG_NOTE if i == 0 else text,
        phones=[Phone(f"+1 555 {i:04d}", kind=text)],
        emails=[Email(f"p{i}@example.com", kind=text)],
        addresses=[Address(street=text, city=text, region=text, postal_code=text, country=text, po_box=text,
                           extended=text, kind=text)],
        urls=[Url(f"https://example.com/{i}", kind=text)],
        social_profiles=[SocialProfile(service=text, value=text, user=text)],
        instant_messages=[InstantMessage(service=text, handle=text, kind="")],
        tags=[text, f"tag{i}"],
        extra_lines=[f"X-HOSTILE:{text}", f"X-BAD-{i}:{text}\r\nBEGIN:VCARD", "END:VCARD", "BEGIN:VCARD"],
    )  # fmt: skip


@pytest.fixture
def hostile_db(db):
    ids = [add_contact(_hostile_contact(i, t)) for i, t in enumerate(HOSTILE)]
    return ids


def _clean(s: str) -> str:
    """What a value becomes through a vCard: control characters dropped, CRLF/CR as LF."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) != "Cc")


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_exported_vcards_stay_well_formed_and_read_back(hostile_db, tmp_path, version):
    out = tmp_path / f"export-{version}.vcf"
    n = exporting.export_contacts(out, version=version)
    assert n == len(HOSTILE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    # structure: exactly one BEGIN and END per contact, every physical line a property or a fold
    text = data.decode("utf-8")
    assert text.count("\r\nBEGIN:VCARD\r\n") + text.startswith("BEGIN:VCARD\r\n") == n
    assert text.count("\r\nEND:VCARD\r\n") == n
    for line in text.split("\r\n")[:-1]:
        assert "\r" not in line and "\n" not in line
    for line in text.replace("\r\n ", "").split("\r\n")[:-1]:  # unfolded: each line one property
        assert ":" in line and not line.startswith(" "), line[:80]
    cards = list(vcard.split_cards(data))
    assert len(cards) == n and not any(c.truncated for c in cards)
    results = vcard.parse_many(cards)
    stored = {_clean(r.data.uid).strip(): r.data for r in load_records()}
    for res in results:
        assert res.error is None, res.error
        c = res.contact
        orig = stored[c.uid]
        assert c.full_name == _clean(orig.full_name).strip()
        assert c.note == _clean(orig.note)
        assert c.title == _clean(orig.title)
        assert c.organization == _clean(orig.organization).strip()
        assert [p.value for p in c.phones] == [p.value for p in orig.phones]
        assert [e.value for e in c.emails] == [e.value for e in orig.emails]
        assert c.addresses[0].street == _clean(orig.addresses[0].street)
        assert [t for t in c.tags] == [_clean(t).strip() for t in orig.tags]
        # an extra line cannot smuggle in a card boundary or a second property
        for line in c.extra_lines:
            assert line.split(":", 1)[0].split(";", 1)[0].upper() not in INJECTED_PROPS
    # and a second, independent reader agrees on the structure
    comps = list(vobject.readComponents(text))
    assert len(comps) == n
    assert sorted(c.fn.value for c in comps) == sorted(_clean(r.data.full_name).strip() for r in load_records())
    for comp in comps:
        names = {child.name for child in comp.getChildren()}
        assert not names & {"BEGIN", "END"}


def _param_text(t: str) -> str:
    return "".join(ch for ch in t if ch != '"' and unicodedata.category(ch) != "Cc")[:20]


def test_hostile_values_imported_from_a_file_come_back_out_as_data(db, tmp_path):
    lines = []
    for i, t in enumerate(HOSTILE):
        v = vcard._esc(t)
        lines.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{v} {i}\r\nNOTE:{v}\r\nORG:{v}\r\nTITLE:{v}\r\n"
                     f"CATEGORIES:{v}\r\nX-FOO;X-P=\"{_param_text(t)}\":{v}\r\nEND:VCARD\r\n")  # fmt: skip
    src = tmp_path / "hostile.vcf"
    src.write_bytes("".join(lines).encode("utf-8"))
    report = import_files([src])
    assert report.added == len(HOSTILE)
    out = tmp_path / "out.vcf"
    exporting.export_contacts(out)
    again = vcard.parse_many(list(vcard.split_cards(out.read_bytes())))
    assert len(again) == len(HOSTILE) and all(r.error is None for r in again)
    assert len(list(vobject.readComponents(out.read_text(encoding="utf-8")))) == len(HOSTILE)


def test_csv_export_neutralises_formula_prefixes(hostile_db, tmp_path):
    out = tmp_path / "contacts.csv"
    assert exporting.export_csv(out) == len(HOSTILE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == exporting.CSV_COLUMNS
    assert len(rows) == len(HOSTILE) + 1
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        assert not cell.lstrip(" \u00a0").startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
    notes = [row[exporting.CSV_COLUMNS.index("note")] for row in rows[1:]]
    assert len(max(notes, key=len)) >= 100_000  # the 100 KB note is whole
    assert "'=HYPERLINK(" in "".join(cells)


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"), ("+1 555 0100", "'+1 555 0100"), ("-x", "'-x"), ("@x", "'@x"),
        ("\t=x", "'\t=x"), (" =x", "' =x"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
    ],
)  # fmt: skip
def test_neutralise_cell(value, safe):
    assert exporting.neutralise_cell(value) == safe


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_safe_filename_is_safe_for_any_text(text):
    name = exporting.safe_filename(text)
    assert name and len(name.encode("utf-8")) <= 120
    assert not any(ch in name for ch in '<>:"/\\|?*')
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name)
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert name.split(".")[0].strip().upper() not in exporting._WINDOWS_RESERVED
    assert name == unicodedata.normalize("NFC", name)  # one spelling of each letter, whatever was taken out or cut


@pytest.mark.parametrize(
    "text, safe",
    [
        ("../../etc/passwd", "etc passwd"), ("Ada\u202egnp.exe", "Adagnp.exe"), ("CON", "CON contact"),
        ("zero\u200bwidth", "zerowidth"), ("  .hidden", "hidden"), ("a\r\nb", "a b"), ("", "contacts"),
        ("Zoë Ødegård", "Zoë Ødegård"), ("<script>", "script"),
    ],
)  # fmt: skip
def test_safe_filename_examples(text, safe):
    assert exporting.safe_filename(text) == safe


def test_database_backups_and_exports_are_owner_only_even_with_a_lax_umask(tmp_path):
    from desktop.storage.db import close_database, open_database

    old = os.umask(0o000)
    try:
        db_path = tmp_path / "lax" / "r.sqlite3"
        open_database(db_path)
        add_contact(ContactData(full_name="Private Person"))
        b = backup.make_backup()
        out = tmp_path / "out.vcf"
        exporting.export_contacts(out)
        csv_out = tmp_path / "out.csv"
        exporting.export_csv(csv_out)
        close_database()
        used, aside = backup.restore_backup(db_path)
    finally:
        os.umask(old)
    for path in (db_path, b, out, csv_out, aside):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for side in ("-wal", "-shm"):
        p = tmp_path / "lax" / f"r.sqlite3{side}"
        if p.exists():
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p
    assert stat.S_IMODE(b.parent.stat().st_mode) == 0o700


def test_logs_never_contain_contact_data(db, tmp_path, caplog):
    secret = "Zebulon Quixote-Secret"
    src = tmp_path / "s.vcf"
    src.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{secret}\r\nEMAIL:zq@secret.example\r\nNOTE:{secret}\r\nEND:VCARD\r\n"
                   "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken " + secret + "\r\n")  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        import_files([src])
        import_files([src])
        ids = [r.id for r in load_records()]
        backup.make_backup()
        exporting.export_contacts(tmp_path / "o.vcf")
        exporting.export_csv(tmp_path / "o.csv")
        trash.delete_contacts(ids)
        trash.list_trash()
        trash.empty_trash()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Zebulon" not in text and "secret.example" not in text


def test_a_line_break_inside_a_kept_vcard_line_cannot_become_a_property(db):
    # Found by this file: extra lines were stored joined by "\n", so one with a line break came back as
    # several lines, each exported as a property of its own (TEL and NOTE injected).
    cid = add_contact(ContactData(full_name="Victim", extra_lines=["X-A:x\nTEL:+1 900 666\r\nNOTE:injected\rEND:VCARD"]))
    [rec] = list(load_records([cid]))
    assert len(rec.data.extra_lines) == 1
    card = vcard.parse_card(next(vcard.split_cards(vcard.serialize(rec.data).encode())))
    assert card.phones == [] and card.note == ""


# --------------------------------------------------------------------------- nothing is sent anywhere

_NETWORK_MODULES = {"socket", "ssl", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
                    "xmlrpc", "webbrowser", "imaplib", "poplib", "telnetlib"}  # fmt: skip
_LOCAL_ONLY = {"QLocalServer", "QLocalSocket"}  # the single-instance pipe: a local socket file, no network


# The CardDAV client (issue 14) is the one module that talks to a server, the person's own, when they add one;
# urllib.parse only cuts URL strings.
_NETWORK_ALLOWED = {"carddav_client.py"}


def test_no_code_but_the_carddav_client_can_reach_the_network():
    import ast
    from pathlib import Path

    import desktop

    found = []
    for path in Path(desktop.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods = [(a.name, None) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods = [(node.module, [a.name for a in node.names])]
            else:
                continue
            for mod, names in mods:
                if mod.split(".")[0] in _NETWORK_MODULES and mod != "urllib.parse" and path.name not in _NETWORK_ALLOWED:
                    found.append(f"{path.name}: {mod}")
                if mod == "PySide6.QtNetwork" and not set(names or ["*"]) <= _LOCAL_ONLY:
                    found.append(f"{path.name}: {mod} {names}")
    assert not found, found


def test_import_export_and_backup_open_no_socket(db, tmp_path, monkeypatch):
    import socket

    def refuse(*a, **k):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    src = tmp_path / "p.vcf"
    src.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Linked Photo\r\nPHOTO:https://tracker.example/p.jpg\r\n"
                   "URL:https://example.com\r\nEND:VCARD\r\n")  # fmt: skip
    import_files([src])  # the photo link is kept, never fetched
    exporting.export_contacts(tmp_path / "o.vcf")
    exporting.export_csv(tmp_path / "o.csv")
    backup.make_backup()
    assert "https://tracker.example/p.jpg" in (tmp_path / "o.vcf").read_text()
