"""The ``rapport`` command line: import, export, list and the rest, on top of the services.

Other tools script against this, so the output formats are a contract:
summaries on stdout, problems as ``FILE:LINE: reason`` on stderr, JSON where
``--json`` is asked for, exit status 0 on success and 1 on failure. Never a
Python traceback for bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
from pathlib import Path

import peewee

from desktop import __version__
from desktop.paths import database_path
from desktop.storage.db import DatabaseError, close_database, database, open_database


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
    _one_line_errors(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    # Each subcommand also accepts --db after its name; SUPPRESS keeps the global value.
    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        _add_db_option(p, default=argparse.SUPPRESS)
        return _one_line_errors(p)

    p = command("import", "import contacts from vCard files (2.1, 3.0, 4.0)")
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

    _add_network_commands(command)
    _add_trust_commands(command)
    from desktop import cli_sync

    cli_sync.register(command)

    return parser


def _add_trust_commands(command) -> None:
    """backup, restore, trash and undo (issue 6)."""
    p = command("backup", "back up the database now and print the backup's path")
    p.add_argument("--list", action="store_true", help="list the backups instead, newest first")
    p.set_defaults(func=cmd_backup)

    p = command(
        "restore",
        "put a backup (default: the latest good one) in place of the database; the current file is set aside first",
    )
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file, or its name in the backups folder")
    p.set_defaults(func=cmd_restore, open_db=False)

    p = command("trash", "list what is in the trash (kept 30 days), restore an item, or empty it")
    p.add_argument("action", nargs="?", choices=["list", "restore", "empty"], default="list")
    p.add_argument("kind", nargs="?", choices=["contact", "interaction", "exchange"], help="for restore")
    p.add_argument("id", nargs="?", type=int, help="for restore")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trash)

    p = command("undo", "list the merges that can be undone, or undo one")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the merge to undo (from the list)")
    p.add_argument("--force", action="store_true", help="undo even if the contact changed since the merge")
    p.set_defaults(func=cmd_undo)


def _one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Usage mistakes as one line on stderr and exit status 1, as the command contract says."""

    def error(message: str):
        parser.exit(1, f"{parser.prog}: {message} (see {parser.prog} --help)\n")

    parser.error = error  # type: ignore[method-assign]
    return parser


def _add_network_commands(command) -> None:
    """log, meter, today, suggest, event, circle, need and offer (issue 4)."""
    from desktop.services.network import CIRCLES, LOG_KINDS

    p = command("log", "log an interaction or an exchange with one or more contacts")
    p.add_argument("kind", choices=LOG_KINDS, metavar="KIND", help="one of " + ", ".join(LOG_KINDS))
    p.add_argument("--with", dest="with_", action="append", required=True, metavar="NAME",
                   help="a contact's full name (repeatable)")  # fmt: skip
    p.add_argument("--third", metavar="NAME", help="the person referred, or the other side of an introduction")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--given", dest="direction", action="store_const", const="given",
                      help="you gave it (for an ask: you asked them); the default")  # fmt: skip
    side.add_argument("--received", dest="direction", action="store_const", const="received",
                      help="they gave it to you (for an ask: they asked you)")  # fmt: skip
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    p.add_argument("--weight", metavar="N", help="1 to 5; overrides the kind's default weight")
    p.add_argument("--status", choices=["promised", "done"], help="promised or done (default: done)")
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(func=cmd_log)

    p = command("meter", "the give-and-take with one contact")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_meter)

    p = command("today", "what is due: follow-ups, check-ins, thanks, promises, people you owe, birthdays")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_today)

    p = command("suggest", "introductions to make: one needs what the other offers")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_suggest)

    p = command("event", "record an event and the people met there")
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--date", metavar="YYYY-MM-DD", required=True)
    p.add_argument("--group", metavar="GROUP", help="the group it belongs to (created when new)")
    p.add_argument("--met", action="extend", nargs="+", default=[], metavar="NAME", help="people met there")
    p.add_argument("--hours", metavar="H", help="hours it took")
    p.add_argument("--cost", metavar="AMOUNT", help="what it cost, e.g. 25 or 25.50")
    p.add_argument("--place", default="", metavar="TEXT")
    p.set_defaults(func=cmd_event)

    p = command("circle", "put a contact in a keep-in-touch circle")
    p.add_argument("name", metavar="NAME")
    p.add_argument("circle", choices=CIRCLES, metavar="CIRCLE", help="one of " + ", ".join(CIRCLES))
    p.set_defaults(func=cmd_circle)

    for kind in ("need", "offer"):
        p = command(kind, f"note what a contact {'needs' if kind == 'need' else 'offers'}")
        p.add_argument("name", metavar="NAME")
        p.add_argument("text", metavar="TEXT")
        p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag to match on (repeatable)")
        p.set_defaults(func=cmd_need_offer, kind=kind)


COMMANDS = {
    "import", "export", "list", "log", "meter", "today", "suggest", "event", "circle", "need", "offer",
    "backup", "restore", "trash", "undo",
    "account", "sync", "conflicts", "edit",  # desktop/cli_sync.py
}  # fmt: skip

# Commands that write: opening the database for one of them makes the day's backup (once a day)
# and purges the trash of what is older than 30 days.
WRITING_COMMANDS = {"import", "log", "event", "circle", "need", "offer", "trash", "undo", "account", "sync", "conflicts", "edit"}


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
    from desktop.services.exporting import ExportError, export_contacts, export_csv

    try:
        if args.out.lower().endswith(".csv"):
            count = export_csv(Path(args.out), contact_ids=args.ids)
            print(f"Exported {count} contact{'s' if count != 1 else ''} to {args.out} (CSV).")
            return 0
        count = export_contacts(Path(args.out), version=args.vcard_version, contact_ids=args.ids)
    except ExportError as exc:
        raise CliError(str(exc)) from None
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


# --- log, meter, today, suggest, event, circle, need, offer (issue 4) -----------------


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _network_call(fn, *args, **kwargs):
    """Run a service call, turning its person-readable errors into a CliError."""
    from desktop.services.groups import GroupError
    from desktop.services.network import NetworkError

    try:
        return fn(*args, **kwargs)
    except (NetworkError, GroupError) as exc:
        raise CliError(str(exc)) from None


def _contact(name: str, writing: bool = True) -> int:
    """The one contact of that full name; a one-line failure naming the candidates otherwise."""
    from desktop.services.network import NetworkError, resolve_contact

    try:
        return resolve_contact(name)
    except NetworkError as exc:
        message = str(exc).rstrip(".")
        raise CliError(f"{message}; nothing was recorded." if writing else f"{message}.") from None


def _name_of(contact_id: int) -> str:
    from desktop.services.network import contact_names

    return contact_names([contact_id]).get(contact_id, "")


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def cmd_log(args: argparse.Namespace) -> int:
    from desktop.services.network import INTERACTION_LOG_KINDS, log

    on = _date(args.date)
    ids = [_contact(n) for n in args.with_]
    third = _contact(args.third) if args.third else None
    weight = None
    if args.weight is not None:
        try:
            weight = int(args.weight)
        except ValueError:
            raise CliError(f"--weight is a whole number from 1 to 5, not {args.weight!r}") from None
    interaction = args.kind in INTERACTION_LOG_KINDS
    if interaction and (args.direction == "received" or args.status or args.weight or args.third):
        raise CliError(f"a {args.kind} is an interaction: --received, --status, --weight and --third are for exchanges")
    direction = args.direction or "given"
    _network_call(
        log, args.kind, ids, on, direction=direction, third_party_id=third, weight=weight,
        status=args.status or "done", note=args.note,
    )  # fmt: skip
    from desktop.services.network import contact_names

    names = contact_names([*ids, *([third] if third else [])])
    people = " and ".join(names[i] for i in ids)
    if interaction:
        print(f"Logged a {args.kind} with {people} on {on.isoformat()}.")
        return 0
    from desktop.domain.reciprocity import default_weight

    article = "an" if args.kind[0] in "aeiou" else "a"
    if args.kind == "ask":
        what = f"an ask of {people}" if direction == "given" else f"an ask from {people}"
    elif direction == "given":
        what = f"{article} {args.kind} given to {people}"
    else:
        what = f"{article} {args.kind} received from {people}"
    if third:
        what += f" ({'with' if args.kind == 'introduction' else 'for'} {names[third]})"
    status = " (promised)" if args.status == "promised" else ""
    print(f"Logged {what} on {on.isoformat()}, weight {weight or default_weight(args.kind)}{status}.")
    return 0


def cmd_meter(args: argparse.Namespace) -> int:
    from desktop.services.network import contact_meter

    reading = _network_call(contact_meter, _contact(args.name, writing=False), _date(args.date))
    if args.json:
        _print_json(
            {
                "given": round(reading.given, 4),
                "received": round(reading.received, 4),
                "balance": round(reading.balance, 4),
                "band": reading.band,
                "asks_available": reading.asks_available,
            }
        )
        return 0
    print(f"{reading.name}: given {reading.given:.2f}, received {reading.received:.2f}, "
          f"balance {reading.balance:+.2f}")  # fmt: skip
    print(f"{reading.band_label}; {reading.ask_label}.")
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    from desktop.services.network import today_list

    items = today_list(_date(args.date))
    if args.json:
        _print_json(
            [{"kind": it.kind, "contact": it.contact, "due": it.due.isoformat(), "reason": it.reason} for it in items]
        )
        return 0
    if not items:
        print("Nothing is due.")
    for it in items:
        print(f"{it.due.isoformat()}  {it.kind:<9}  {it.reason}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from desktop.services.network import introductions_to_make

    found = introductions_to_make(_date(args.date))
    if args.json:
        _print_json([{"a": s.a, "b": s.b, "because": s.because} for s in found])
        return 0
    if not found:
        print("No introductions to suggest: note what your contacts need and offer (rapport need / rapport offer).")
    for s in found:
        print(f"{s.a} + {s.b}: {s.because}")
    return 0


def _money_cents(text: str | None) -> int:
    if not text:
        return 0
    try:
        value = round(float(text.replace(",", ".")) * 100)
    except ValueError:
        raise CliError(f"--cost is an amount such as 25 or 25.50, not {text!r}") from None
    if value < 0:
        raise CliError("--cost cannot be negative")
    return value


def cmd_event(args: argparse.Namespace) -> int:
    from desktop.services import groups

    on = _date(args.date)
    met = [_contact(n) for n in args.met]
    try:
        hours = float(args.hours) if args.hours else 0.0
    except ValueError:
        raise CliError(f"--hours is a number, not {args.hours!r}") from None
    cost = _money_cents(args.cost)
    created_group = False
    group_id = None
    # IMMEDIATE: it reads (does the group exist?) then writes; a deferred one can fail the upgrade under WAL.
    with database.atomic("IMMEDIATE"):
        if args.group:
            group_id = groups.find_group(args.group)
            if group_id is None:
                group_id = _network_call(groups.create_group, args.group)
                created_group = True
        _network_call(
            groups.create_event, args.title, on, group_id=group_id, place=args.place, hours=hours, cost_cents=cost,
            met_ids=met,
        )  # fmt: skip
    if created_group:
        print(f"Created the group {args.group.strip()}.")
    where = f" ({args.group.strip()})" if args.group else ""
    print(f"Recorded {args.title.strip()}{where} on {on.isoformat()}.")
    if met:
        from desktop.services.network import contact_names

        names = contact_names(met)
        print(f"Met {len(met)}: {', '.join(names[i] for i in dict.fromkeys(met))}; follow-ups due "
              f"{(on + dt.timedelta(days=2)).isoformat()}.")  # fmt: skip
    return 0


def cmd_circle(args: argparse.Namespace) -> int:
    from desktop.services.network import set_circle

    cid = _contact(args.name)
    _network_call(set_circle, cid, args.circle)
    if args.circle == "none":
        print(f"{_name_of(cid)} is in no keep-in-touch circle now.")
    else:
        print(f"{_name_of(cid)} is in the {args.circle} circle now.")
    return 0


def cmd_need_offer(args: argparse.Namespace) -> int:
    from desktop.services.network import add_need_offer

    cid = _contact(args.name)
    _network_call(add_need_offer, cid, args.kind, args.text, args.tag)
    print(f"Noted that {_name_of(cid)} {'needs' if args.kind == 'need' else 'offers'}: {args.text.strip()}")
    return 0


# --- backup, restore, trash, undo (issue 6) -------------------------------------------


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services import backup

    db_path = database_path(args.db)
    if args.list:
        for b in backup.list_backups(db_path):
            print(f"{b.made_at:%Y-%m-%d %H:%M:%S}\t{b.label}\t{b.size}\t{b.path}")
        return 0
    problem = backup.check_open_database()
    if problem is not None:
        raise CliError(backup.damaged_message(db_path, problem))
    try:
        path = backup.make_backup("manual")
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    print(path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.services import backup

    db_path = database_path(args.db)
    try:
        used, aside = backup.restore_backup(db_path, args.backup)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    open_database(db_path)  # proves the restored file opens, and brings an older backup up to date
    print(f"Restored {used}.")
    if aside is not None:
        print(f"The previous file was kept as {aside}.")
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from desktop.services import trash

    if args.action == "restore":
        if not args.kind or args.id is None:
            raise CliError("name what to restore: rapport trash restore contact|interaction|exchange ID")
        try:
            trash.restore(args.kind, args.id)
        except trash.TrashError as exc:
            raise CliError(str(exc)) from None
        print(f"Restored {args.kind} {args.id} from the trash.")
        return 0
    if args.action == "empty":
        counts = trash.empty_trash()
        print(f"Emptied the trash: {counts['contact']} contacts, {counts['interaction']} interactions, "
              f"{counts['exchange']} exchanges deleted for good.")  # fmt: skip
        return 0
    items = trash.list_trash()
    if args.json:
        _print_json(
            [
                {"kind": i.kind, "id": i.id, "label": i.label, "deleted_at": i.deleted_at.isoformat(sep=" "),
                 "purge_on": i.purge_on.isoformat()}  # fmt: skip
                for i in items
            ]
        )
        return 0
    if not items:
        print("The trash is empty.")
    for i in items:
        print(f"{i.kind}\t{i.id}\t{i.deleted_at:%Y-%m-%d}\tuntil {i.purge_on.isoformat()}\t{i.label}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from desktop.services import trash

    if args.id is None:
        items = trash.list_undo()
        if not items:
            print("No merge to undo.")
        names = {}
        if items:
            from desktop.services.network import contact_names

            names = contact_names([i.contact_ids[0] for i in items])
        for i in items:
            print(f"{i.id}\t{i.created_at:%Y-%m-%d %H:%M}\t{names.get(i.contact_ids[0], '')}\t{i.label}")
        return 0
    try:
        cid = trash.undo_merge(args.id, force=args.force)
    except trash.TrashError as exc:
        raise CliError(f"{exc} (--force to undo anyway)" if "changed" in str(exc) else str(exc)) from None
    print(f"Undid merge {args.id}: {_name_of(cid)} is back as before it.")
    return 0


def _open_for(args: argparse.Namespace) -> None:
    """Open the database for a command; a damaged file gets a message naming `rapport restore`."""
    from desktop.services import backup

    db_path = database_path(args.db)
    try:
        open_database(db_path)
    except DatabaseError as exc:
        problem = backup.check_file(db_path) if db_path.exists() else None
        if problem is not None:
            raise DatabaseError(backup.damaged_message(db_path, problem)) from exc
        raise
    if args.command in WRITING_COMMANDS:
        from desktop.services.trash import purge_expired

        try:
            backup.daily_backup()
        except backup.BackupError as exc:
            print(f"rapport: warning: {exc}", file=sys.stderr)
        except DatabaseError:
            close_database()
            raise
        purge_expired()


def _sqlite_problem(args: argparse.Namespace, exc: Exception) -> str:
    from desktop.services import backup

    db_path = database_path(args.db)
    close_database()
    problem = backup.check_file(db_path)
    if problem is not None:
        return backup.damaged_message(db_path, problem)
    return f"the database could not be read or written ({exc}); nothing half-written was kept."


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 1
    if getattr(args, "open_db", True):
        try:
            _open_for(args)
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
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        # A page that cannot be read shows up only when a query reaches it: say so, and name the way back.
        print(f"rapport: {_sqlite_problem(args, exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rapport: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`rapport list --json | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        close_database()
