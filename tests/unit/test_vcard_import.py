"""The reader's fixes on real exports, through the import service: what the report says, what export writes."""

from __future__ import annotations

from pathlib import Path

from desktop.services import contacts
from desktop.services.importing import import_files

DATA = Path(__file__).resolve().parents[1] / "data" / "vcards"


def test_an_ios_5_file_with_cr_cr_lf_line_ends_imports(db):
    report = import_files([DATA / "ios_5_crcrlf.vcf"], region="SE")
    assert (report.added, report.problems, report.unreadable) == (2, [], [])
    assert sorted(r.data.full_name for r in contacts.load_records()) == ["Maja Lindqvist", "Tomás Ruiz"]


def test_a_2_1_card_with_cards_nested_in_it_imports_all_of_them(db):
    report = import_files([DATA / "nested_2_1.vcf"], region="NG")
    assert (report.added, report.skipped, report.problems) == (3, 0, [])
    assert sorted(r.data.full_name for r in contacts.load_records()) == ["Adaeze Okonkwo", "Chioma Eze", "Tunde Bello"]
