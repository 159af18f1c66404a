"""rapport event: an event, the group it belongs to, and the people met there (follow-ups due)."""

from __future__ import annotations

import argparse

from desktop.cli.common import CliError, contact_arg, date_arg, money_arg


def register(command) -> None:
    p = command("event", "record an event and the people met there", writes=True)
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--date", metavar="YYYY-MM-DD", required=True)
    p.add_argument("--group", metavar="GROUP", help="the group it belongs to (created when new)")
    p.add_argument("--met", action="extend", nargs="+", default=[], metavar="NAME", help="people met there")
    p.add_argument("--hours", metavar="H", help="hours it took")
    p.add_argument("--cost", metavar="AMOUNT", help="what it cost, e.g. 25 or 25.50")
    p.add_argument("--place", default="", metavar="TEXT")
    p.set_defaults(func=cmd_event)


def cmd_event(args: argparse.Namespace) -> int:
    from desktop.domain.today import follow_up_due
    from desktop.services import groups
    from desktop.services.names import contact_names

    on = date_arg(args.date)
    met = [contact_arg(n) for n in args.met]
    try:
        hours = float(args.hours) if args.hours else 0.0
    except ValueError:
        raise CliError(f"--hours is a number, not {args.hours!r}") from None
    cost = money_arg("--cost", args.cost)
    _event_id, created_group = groups.record_event(
        args.title, on, group_name=args.group, place=args.place, hours=hours, cost_cents=cost, met_ids=met
    )
    if created_group:
        print(f"Created the group {args.group.strip()}.")
    where = f" ({args.group.strip()})" if args.group else ""
    print(f"Recorded {args.title.strip()}{where} on {on.isoformat()}.")
    if met:
        names = contact_names(met)
        print(f"Met {len(met)}: {', '.join(names[i] for i in dict.fromkeys(met))}; follow-ups due "
              f"{follow_up_due(on).isoformat()}.")  # fmt: skip
    return 0
