"""rapport today and suggest: what is due, and the introductions to make."""

from __future__ import annotations

import argparse

from desktop.cli.common import date_arg, print_json


def register(command) -> None:
    p = command("today", "what is due: follow-ups, check-ins, thanks, promises, people you owe, birthdays")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_today)

    p = command("suggest", "introductions to make: one needs what the other offers")
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day to reckon on (default: today)")
    p.set_defaults(func=cmd_suggest)


def cmd_today(args: argparse.Namespace) -> int:
    from desktop.services.today import today_list

    items = today_list(date_arg(args.date))
    if args.json:
        print_json(
            [{"kind": it.kind, "contact": it.contact, "due": it.due.isoformat(), "reason": it.reason} for it in items]
        )
        return 0
    if not items:
        print("Nothing is due.")
    for it in items:
        print(f"{it.due.isoformat()}  {it.kind:<9}  {it.reason}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from desktop.services.introductions import introductions_to_make

    found = introductions_to_make(date_arg(args.date))
    if args.json:
        print_json([{"a": s.a, "b": s.b, "because": s.because} for s in found])
        return 0
    if not found:
        print("No introductions to suggest: note what your contacts need and offer (rapport need / rapport offer).")
    for s in found:
        print(f"{s.a} + {s.b}: {s.because}")
    return 0
