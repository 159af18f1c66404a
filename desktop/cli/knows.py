"""rapport knows and path: who knows whom, and who can introduce you to someone."""

from __future__ import annotations

import argparse

from desktop.cli.common import CliError, contact_arg, date_arg, name_of, print_json


def register(command) -> None:
    p = command(
        "knows",
        "record that two contacts know each other (--how), remove a link (--remove), or list whom one knows",
        writes=True,
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("other", metavar="NAME", nargs="?", help="the one they know")
    p.add_argument("--how", metavar="TEXT", default="", help="colleague, friend, client, family, introduced by, ...")
    p.add_argument("--remove", metavar="NAME", help="they do not know each other: remove the link")
    p.add_argument("--json", action="store_true", help="with one NAME: the list as JSON")
    p.set_defaults(func=cmd_knows)

    p = command("path", "who can introduce you to someone: a contact, someone at an organisation, or a role")
    p.add_argument("target", metavar="TARGET", nargs="?", help="a contact's full name")
    p.add_argument("--org", metavar="TEXT", help="someone at this organisation")
    p.add_argument("--role", metavar="TEXT", help="someone this describes, e.g. 'a journalist'")
    p.add_argument("--max-hops", type=int, default=3, metavar="N", help="links from you to them, 2 or 3 (default 3)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_path)


def cmd_knows(args: argparse.Namespace) -> int:
    from desktop.services import knows

    if args.other is not None and args.remove is not None:
        raise CliError("name the other person once: NAME NAME to link, or NAME --remove NAME; nothing was recorded.")
    cid = contact_arg(args.name)
    if args.remove is not None:
        other = contact_arg(args.remove)
        knows.remove_link(cid, other)
        print(f"{name_of(cid)} and {name_of(other)} are no longer linked.")
        return 0
    if args.other is None:
        if args.how:
            raise CliError("--how needs the other person: rapport knows NAME NAME --how TEXT; nothing was recorded.")
        links = knows.links_of(cid)
        if args.json:
            print_json([{"name": k.name, "how": k.how, "strength": round(k.strength, 4), "inferred": k.inferred}
                        for k in links])  # fmt: skip
            return 0
        if not links:
            print(f"No one is known to know {name_of(cid)}.")
        for k in links:
            print(f"{k.name}  ({k.how}; strength {k.strength:.2f})")
        return 0
    other = contact_arg(args.other)
    knows.add_link(cid, other, args.how)
    how = " ".join(args.how.split())
    print(f"Noted that {name_of(cid)} knows {name_of(other)}" + (f" ({how})." if how else "."))
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from desktop.services.paths import who_can_introduce

    given = [x for x in (args.target, args.org, args.role) if x is not None]
    if len(given) != 1:
        raise CliError("name one target: a contact's full name, --org TEXT or --role TEXT.")
    contact_id = contact_arg(args.target, writing=False) if args.target is not None else None
    today = date_arg(args.date)
    found = who_can_introduce(
        contact_id=contact_id, org=args.org, role=args.role, max_hops=args.max_hops, limit=None, today=today
    )
    if args.json:
        print_json([{"via": list(p.via_names), "to": p.to_name, "strength": round(p.strength, 4), "because": p.because}
                    for p in found])  # fmt: skip
        return 0
    if not found:
        print("No one you have exchanged anything with is close enough to introduce you.")
    for p in found:
        print(f"{p.strength:.2f}  {p.because}")
    return 0
