"""The ``rapport`` command line: import, export, list and the rest, on top of the services.

Other tools script against this, so the output formats are a contract:
summaries on stdout, problems as ``FILE:LINE: reason`` on stderr, JSON where
``--json`` is asked for, exit status 0 on success and 1 on failure. Never a
Python traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop import __version__
from desktop.paths import database_path
from desktop.storage.db import DatabaseError, close_database, open_database


class CliError(Exception):
    """A failure to report in one line, with exit status 1."""


def _add_db_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: $RAPPORT_DB, else the user's data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rapport",
        description="Rapport, a personal CRM for people who build a professional network. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Rapport {__version__}")
    _add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    # Each subcommand also accepts --db after its name; SUPPRESS keeps the global value.
    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        _add_db_option(p, default=argparse.SUPPRESS)
        return p

    p = command("import", "import contacts from vCard files (2.1, 3.0, 4.0)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--region", help="default phone region (ISO code such as US, GB, DE) for numbers without +")
    p.set_defaults(func=cmd_import)

    p = command("export", "export contacts to a vCard file")
    p.add_argument("out", metavar="OUT.vcf")
    p.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0")
    p.add_argument("--id", dest="ids", type=int, action="append", metavar="ID", help="export only this contact (repeatable)")
    p.set_defaults(func=cmd_export)

    p = command("list", "list contacts")
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per contact")
    p.set_defaults(func=cmd_list)

    return parser


COMMANDS = {"import", "export", "list"}


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.importing import import_files

    report = import_files([Path(f) for f in args.files], region=args.region)
    for line in report.problems:
        print(line, file=sys.stderr)
    for line in report.unreadable:
        print(line, file=sys.stderr)
    print(report.summary())
    return 1 if report.unreadable else 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.exporting import export_contacts

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


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 1
    try:
        open_database(database_path(args.db))
    except DatabaseError as exc:
        print(f"rapport: {exc}", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except CliError as exc:
        print(f"rapport: {exc}", file=sys.stderr)
        return 1
    except DatabaseError as exc:
        print(f"rapport: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rapport: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    finally:
        close_database()
