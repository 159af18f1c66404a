"""The reader's fixes on real exports, through the import service: what the report says, what export writes."""

from __future__ import annotations

from pathlib import Path

from desktop.services import contacts, exporting
from desktop.services.importing import import_files

DATA = Path(__file__).resolve().parents[1] / "data" / "vcards"


def test_a_repeated_org_or_title_imports_with_warnings_and_is_exported_back(db, tmp_path):
    src = DATA / "repeated_org_title.vcf"
    report = import_files([src], region="DE")
    assert (report.added, report.skipped, report.problems, report.unreadable) == (2, 0, [], [])
    assert [w.split(": ", 1)[0] for w in report.warnings] == [
        f"{src}:8", f"{src}:9", f"{src}:16", f"{src}:17",
    ]  # fmt: skip
    assert "more than one organisation" in report.warnings[0]
    assert report.summary() == "Import: 2 added, 0 merged, 0 skipped; 4 warnings."
    out = tmp_path / "out.vcf"
    assert exporting.export_contacts(out) == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    for line in ("ORG:Bäckerei Schmidt", "ORG:Handwerkskammer Berlin", "TITLE:Inhaber",
                 "TITLE:Vorstandsmitglied für Ausbildung", "ORG:Contoso Ltd;Research", "ORG:Northwind Traders",
                 "TITLE:Head of Research", "TITLE:Analyst"):  # fmt: skip
        assert line in lines


def test_an_ios_5_file_with_cr_cr_lf_line_ends_imports(db):
    report = import_files([DATA / "ios_5_crcrlf.vcf"], region="SE")
    assert (report.added, report.problems, report.unreadable) == (2, [], [])
    assert sorted(r.data.full_name for r in contacts.load_records()) == ["Maja Lindqvist", "Tomás Ruiz"]


def test_a_2_1_card_with_cards_nested_in_it_imports_all_of_them(db):
    report = import_files([DATA / "nested_2_1.vcf"], region="NG")
    assert (report.added, report.skipped, report.problems) == (3, 0, [])
    assert sorted(r.data.full_name for r in contacts.load_records()) == ["Adaeze Okonkwo", "Chioma Eze", "Tunde Bello"]
