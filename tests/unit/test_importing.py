"""The import service: duplicates, re-import, bad cards, files that are not vCard, cancel."""

from __future__ import annotations

import pytest

from desktop.services import contacts, importing
from desktop.services.importing import import_files
from desktop.storage.models import Contact, ImportedCard

ANA = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana-1\r\nN:García;Ana;;;\r\nFN:Ana García\r\n"
    "EMAIL;TYPE=WORK:ana@example.com\r\nTEL;TYPE=CELL:+1 555 123 4567\r\nCATEGORIES:Chamber\r\nEND:VCARD\r\n"
)
ANA_AGAIN_NO_UID = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Garcia;Ana;;;\r\nFN:Ana Garcia\r\n"
    "EMAIL:ANA@example.com\r\nTEL:+1 555 999 0000\r\nCATEGORIES:Mentors\r\nNOTE:Loves jazz\r\nEND:VCARD\r\n"
)
BEN = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nN:Okafor;Ben;;;\r\nTEL:(555) 123-0000\r\nEND:VCARD\r\n"
BEN_BY_PHONE = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben O.\r\nN:O;Ben;;;\r\nTEL:+1-555-123-0000\r\nEND:VCARD\r\n"
OTHER_BY_PHONE = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carla Diaz\r\nN:Diaz;Carla;;;\r\nTEL:5551230000\r\nEND:VCARD\r\n"
TRUNCATED = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_import_then_reimport_changes_nothing(db, tmp_path):
    f = write(tmp_path, "a.vcf", ANA + BEN)
    first = import_files([f], region="US")
    assert (first.added, first.merged, first.skipped) == (2, 0, 0)
    before = [(r.id, r.data) for r in contacts.load_records()]
    again = import_files([f], region="US")
    assert (again.added, again.merged, again.skipped) == (0, 0, 2)
    assert [(r.id, r.data) for r in contacts.load_records()] == before


def test_same_person_by_email_is_merged_without_overwriting(db, tmp_path):
    import_files([write(tmp_path, "a.vcf", ANA)], region="US")
    report = import_files([write(tmp_path, "b.vcf", ANA_AGAIN_NO_UID)], region="US")
    assert (report.added, report.merged) == (0, 1)
    (rec,) = list(contacts.load_records())
    assert rec.data.full_name == "Ana García"  # what was there stays
    assert rec.data.note == "Loves jazz"  # an empty field is filled
    assert sorted(p.value for p in rec.data.phones) == ["+1 555 123 4567", "+1 555 999 0000"]
    assert sorted(rec.data.tags) == ["Chamber", "Mentors"]


def test_phone_match_needs_a_compatible_name(db, tmp_path):
    report = import_files([write(tmp_path, "a.vcf", BEN + BEN_BY_PHONE + OTHER_BY_PHONE)], region="US")
    assert (report.added, report.merged) == (2, 1)
    names = sorted(r.data.display_name() for r in contacts.load_records())
    assert names == ["Ben Okafor", "Carla Diaz"]


def test_a_broken_card_is_reported_with_file_and_line_and_the_rest_imports(db, tmp_path):
    f = write(tmp_path, "mixed.vcf", ANA + TRUNCATED + BEN)
    report = import_files([f], region="US")
    assert report.added == 2
    assert report.skipped == 1
    assert len(report.problems) == 1
    assert report.problems[0].startswith(f"{f}:10: ")  # the BEGIN line of the cut card (ANA is 9 lines)
    assert report.unreadable == []


@pytest.mark.parametrize(
    "content",
    [b"", b"name,email\nAna,ana@example.com\n", bytes(range(256)) * 20, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100],
    ids=["empty", "csv", "binary", "png"],
)
def test_a_file_that_is_not_vcard_is_one_clear_line_and_nothing_is_imported(db, tmp_path, content):
    f = tmp_path / "thing.vcf"
    f.write_bytes(content)
    report = import_files([f], region="US")
    assert len(report.unreadable) == 1 and report.unreadable[0].startswith(f"{f}: ")
    assert contacts.count_contacts() == 0


def test_a_missing_file_is_reported(db, tmp_path):
    report = import_files([tmp_path / "nope.vcf"], region="US")
    assert "cannot be read" in report.unreadable[0]


def test_cancel_rolls_back_the_file_in_progress(db, tmp_path):
    done_file = write(tmp_path, "a.vcf", ANA)
    cancelled_file = write(tmp_path, "b.vcf", BEN + OTHER_BY_PHONE.replace("5551230000", "5550000000"))
    calls = []

    def progress(done, total):
        calls.append((done, total))
        # Let the first file finish, then cancel in the second one's last step.
        return not (len(calls) > 1 and done >= 3)

    report = import_files([done_file, cancelled_file], region="US", progress=progress)
    assert report.cancelled
    assert [r.data.display_name() for r in contacts.load_records()] == ["Ana García"]
    assert ImportedCard.select().count() == 1


def test_a_big_file_is_parsed_in_worker_processes(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(importing, "CHUNK_CARDS", 7)
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nEMAIL:p{i}@example.com\r\nEND:VCARD\r\n"
        for i in range(60)
    )
    report = import_files([write(tmp_path, "many.vcf", cards + ANA)], region="US")
    assert report.added == 61
    assert Contact.select().count() == 61
