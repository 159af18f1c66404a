"""rapport duplicates and merge: the likely duplicates, best first; "not duplicates" remembered; a merge
that keeps every timeline entry (``rapport undo`` takes it back)."""

from __future__ import annotations

import argparse

from desktop.cli.common import CliError, print_json


def register(command) -> None:
    p = command("duplicates", "list contacts that are likely the same person, best first", writes=True)
    p.add_argument("--json", action="store_true", help='print [{"ids", "names", "reasons", "score"}, ...]')
    p.add_argument("--dismiss", nargs=2, type=int, metavar="ID", help="remember that these two are not duplicates")
    p.set_defaults(func=cmd_duplicates)

    p = command(
        "merge",
        "merge contacts into KEEP_ID: empty fields filled, phones, emails, tags and profiles joined, every "
        "timeline entry kept; the others go to the trash (rapport undo takes it back)",
        writes=True,
    )
    p.add_argument("keep", type=int, metavar="KEEP_ID")
    p.add_argument("others", type=int, nargs="+", metavar="OTHER_ID")
    p.set_defaults(func=cmd_merge)


def cmd_duplicates(args: argparse.Namespace) -> int:
    from desktop.services import duplicates

    if args.dismiss:
        a, b = args.dismiss
        if a == b:
            raise CliError("name two different contacts: rapport duplicates --dismiss ID ID")
        new = duplicates.dismiss([a, b])
        noted = "" if new else " (already noted)"
        print(f"Contacts {a} and {b} are not duplicates{noted}; they will not be suggested again.")
        return 0
    found = duplicates.scan()
    if args.json:
        print_json([s.as_json() for s in found])
        return 0
    if not found:
        print("No likely duplicates.")
    for s in found:
        people = "; ".join(f"{name} ({cid})" for cid, name in zip(s.ids, s.names))
        print(f"{s.score:.2f}\t{people}\t{', '.join(s.reasons)}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from desktop.services import merging

    outcome = merging.merge_contacts(args.keep, args.others)
    n = len(outcome.merged_ids)
    print(f"Merged {n} contact{'s' if n != 1 else ''} into {args.keep} ({outcome.label}); "
          f"`rapport undo {outcome.record_id}` takes it back.")  # fmt: skip
    return 0
