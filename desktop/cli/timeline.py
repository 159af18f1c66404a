"""rapport log and meter: log an interaction or an exchange, and read one contact's meter."""

from __future__ import annotations

import argparse

from desktop.cli.common import CliError, contact_arg, date_arg, print_json
from desktop.domain import kinds


def register(command) -> None:
    p = command("log", "log an interaction or an exchange with one or more contacts", writes=True)
    p.add_argument("kind", choices=kinds.LOG_KINDS, metavar="KIND", help="one of " + ", ".join(kinds.LOG_KINDS))
    p.add_argument("--with", dest="with_", action="append", required=True, metavar="NAME",
                   help="a contact's full name (repeatable)")  # fmt: skip
    p.add_argument("--third", metavar="NAME", help="the person referred, or the other side of an introduction")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--given", dest="direction", action="store_const", const=kinds.GIVEN,
                      help="you gave it (for an ask: you asked them); the default")  # fmt: skip
    side.add_argument("--received", dest="direction", action="store_const", const=kinds.RECEIVED,
                      help="they gave it to you (for an ask: they asked you)")  # fmt: skip
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    p.add_argument("--weight", metavar="N", help="1 to 5; overrides the kind's default weight")
    p.add_argument("--status", choices=[kinds.PROMISED, kinds.DONE], help="promised or done (default: done)")
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(func=cmd_log)

    p = command("meter", "the give-and-take with one contact")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_meter)


def cmd_log(args: argparse.Namespace) -> int:
    from desktop.services.log import log
    from desktop.services.names import contact_names

    on = date_arg(args.date)
    ids = [contact_arg(n) for n in args.with_]
    third = contact_arg(args.third) if args.third else None
    weight = None
    if args.weight is not None:
        try:
            weight = int(args.weight)
        except ValueError:
            raise CliError(f"--weight is a whole number from 1 to 5, not {args.weight!r}") from None
    interaction = args.kind in kinds.INTERACTION_LOG_KINDS
    if interaction and (args.direction == kinds.RECEIVED or args.status or args.weight or args.third):
        raise CliError(f"a {args.kind} is an interaction: --received, --status, --weight and --third are for exchanges")
    direction = args.direction or kinds.GIVEN
    log(
        args.kind, ids, on, direction=direction, third_party_id=third, weight=weight,
        status=args.status or kinds.DONE, note=args.note,
    )  # fmt: skip
    names = contact_names([*ids, *([third] if third else [])])
    people = " and ".join(names[i] for i in ids)
    if interaction:
        print(f"Logged a {args.kind} with {people} on {on.isoformat()}.")
        return 0
    article = "an" if args.kind[0] in "aeiou" else "a"
    if args.kind == kinds.ASK:
        what = f"an ask of {people}" if direction == kinds.GIVEN else f"an ask from {people}"
    elif direction == kinds.GIVEN:
        what = f"{article} {args.kind} given to {people}"
    else:
        what = f"{article} {args.kind} received from {people}"
    if third:
        what += f" ({'with' if args.kind == kinds.INTRODUCTION else 'for'} {names[third]})"
    status = " (promised)" if args.status == kinds.PROMISED else ""
    from desktop.services.settings import usual_weight

    print(f"Logged {what} on {on.isoformat()}, weight {weight or usual_weight(args.kind)}{status}.")
    return 0


def cmd_meter(args: argparse.Namespace) -> int:
    from desktop.services.timeline import contact_meter

    reading = contact_meter(contact_arg(args.name, writing=False), date_arg(args.date))
    if args.json:
        print_json(
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
