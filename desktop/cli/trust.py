"""rapport backup, restore, trash and undo: the ways back (issue 6)."""

from __future__ import annotations

import argparse

from desktop.cli.common import CliError, name_of, print_json
from desktop.domain.kinds import CONTACT, EVENT, EXCHANGE, GROUP, INTERACTION
from desktop.paths import database_path


def register(command) -> None:
    p = command("backup", "back up the database now and print the backup's path")
    p.add_argument("--list", action="store_true", help="list the backups instead, newest first")
    p.set_defaults(func=cmd_backup)

    p = command(
        "restore",
        "put a backup (default: the latest good one) in place of the database; the current file is set aside first",
    )
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file, or its name in the backups folder")
    p.set_defaults(func=cmd_restore, open_db=False)

    p = command("trash", "list what is in the trash (kept 30 days), restore an item, or empty it", writes=True)
    p.add_argument("action", nargs="?", choices=["list", "restore", "empty"], default="list")
    p.add_argument("kind", nargs="?", choices=[CONTACT, INTERACTION, EXCHANGE, EVENT, GROUP], help="for restore")
    p.add_argument("id", nargs="?", type=int, help="for restore")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trash)

    p = command("undo", "list the merges that can be undone (an import's or rapport merge's), or undo one", writes=True)
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the merge to undo (from the list)")
    p.add_argument("--force", action="store_true", help="undo even if the contact changed since the merge")
    p.set_defaults(func=cmd_undo)


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
    print(backup.make_backup("manual"))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.services import backup
    from desktop.services.session import open_database

    db_path = database_path(args.db)
    used, aside = backup.restore_backup(db_path, args.backup)
    open_database(db_path)  # proves the restored file opens, and brings an older backup up to date
    print(f"Restored {used}.")
    if aside is not None:
        print(f"The previous file was kept as {aside}.")
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    from desktop.services import trash

    if args.action == "restore":
        if not args.kind or args.id is None:
            raise CliError("name what to restore: rapport trash restore contact|interaction|exchange|event|group ID")
        trash.restore(args.kind, args.id)
        print(f"Restored {args.kind} {args.id} from the trash.")
        return 0
    if args.action == "empty":
        counts = trash.empty_trash()
        print(f"Emptied the trash: {counts['contact']} contacts, {counts['interaction']} interactions, "
              f"{counts['exchange']} exchanges, {counts['event']} events, {counts['group']} groups deleted for good.")  # fmt: skip
        return 0
    items = trash.list_trash()
    if args.json:
        print_json(
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
    from desktop.services.names import contact_names

    if args.id is None:
        items = trash.list_undo()
        if not items:
            print("No merge to undo.")
        names = contact_names([i.contact_ids[0] for i in items]) if items else {}
        for i in items:
            print(f"{i.id}\t{i.created_at:%Y-%m-%d %H:%M}\t{names.get(i.contact_ids[0], '')}\t{i.label}")
        return 0
    try:
        cid = trash.undo_merge(args.id, force=args.force)
    except trash.MergeChangedSince as exc:  # a contact changed since the merge: say how to undo it anyway
        raise CliError(f"{exc} (--force to undo anyway)") from None
    print(f"Undid merge {args.id}: {name_of(cid)} is back as before it.")
    return 0
