"""Sample values the dialog tests share: people for a contact picker without a database, and an import
report with a little of everything (added, merged, skipped, problems, a file that was not a vCard)."""

from __future__ import annotations

PEOPLE = [
    (1, "Alice Martin", "Martin Marketing"),
    (2, "Bob Okafor", "Okafor Bookkeeping"),
    (3, "Zoë Ødegård", "Fjord Bakery"),
    (4, "Carlos García", "García & Hijos"),
    (5, "<b>Not bold</b> Tester", "Plain Text Ltd"),
]


class Report:
    added, merged, skipped = 412, 17, 3
    problems = [
        "phone-export.vcf:1288: no name, email or phone",
        "phone-export.vcf:3410: BEGIN:VCARD without END:VCARD",
        "old-outlook.vcf:57: unreadable BDAY '31/02/1980'",
    ]
    unreadable = ["notes.txt: not a vCard file"]
    cancelled = False

    def summary(self):
        return "412 added, 17 merged, 3 skipped from 2 files; 1 file was not a vCard."
