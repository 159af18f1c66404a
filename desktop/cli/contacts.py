"""rapport import, export and list: contacts in (vCard; LinkedIn, Google or Outlook CSV) and out (vCard or
CSV), and the list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(command) -> None:
    p = command(
        "import",
        "import contacts from vCard files (2.1, 3.0, 4.0) and CSV exports (LinkedIn Connections.csv, Google, Outlook)",
        writes=True,
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--region", help="default phone region (ISO code such as US, GB, DE) for numbers without +")
    p.set_defaults(func=cmd_import)

    p = command("export", "export contacts to a vCard file (or a CSV file when OUT ends in .csv)")
    p.add_argument("out", metavar="OUT.vcf")
    p.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0")
    p.add_argument("--id", dest="ids", type=int, action="append", metavar="ID", help="export only this contact (repeatable)")
    p.set_defaults(func=cmd_export)

    p = command("list", "list contacts")
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per contact")
    p.set_defaults(func=cmd_list)


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.importing import import_files

    report = import_files([Path(f) for f in args.files], region=args.region)
    for line in report.problems:
        print(line, file=sys.stderr)
    for line in report.warnings:  # imported, with something worth knowing (a second ORG kept for export)
        print(line, file=sys.stderr)
    for line in report.unreadable:
        print(line, file=sys.stderr)
    print(report.summary())
    return 1 if report.unreadable else 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.exporting import export_contacts, export_csv

    # An ExportError is a RapportError: run() reports it in one line.
    if args.out.lower().endswith(".csv"):
        count = export_csv(Path(args.out), contact_ids=args.ids)
        print(f"Exported {count} contact{'s' if count != 1 else ''} to {args.out} (CSV).")
        return 0
    count = export_contacts(Path(args.out), version=args.vcard_version, contact_ids=args.ids)
    print(f"Exported {count} contact{'s' if count != 1 else ''} to {args.out} (vCard {args.vcard_version}).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.services.contacts import as_json, load_records

    if args.json:
        # Streamed, so that 100,000 contacts never sit in memory as one list.
        out = sys.stdout
        empty = True
        out.write("[")
        for rec in load_records():
            out.write("\n" if empty else ",\n")
            out.write(json.dumps(as_json(rec), ensure_ascii=False))
            empty = False
        out.write("]\n" if empty else "\n]\n")
        return 0
    for rec in load_records():
        d = rec.data
        extra = ", ".join(x for x in (d.organization, d.emails[0].value if d.emails else "") if x)
        print(f"{rec.id}\t{d.display_name()}" + (f"\t{extra}" if extra else ""))
    return 0
