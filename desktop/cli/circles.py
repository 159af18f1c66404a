"""rapport circle: put a contact in a keep-in-touch circle (or in none)."""

from __future__ import annotations

import argparse

from desktop.cli.common import contact_arg, name_of
from desktop.domain.cadence import CIRCLES, NONE


def register(command) -> None:
    p = command("circle", "put a contact in a keep-in-touch circle", writes=True)
    p.add_argument("name", metavar="NAME")
    p.add_argument("circle", choices=CIRCLES, metavar="CIRCLE", help="one of " + ", ".join(CIRCLES))
    p.set_defaults(func=cmd_circle)


def cmd_circle(args: argparse.Namespace) -> int:
    from desktop.services.circles import set_circle

    cid = contact_arg(args.name)
    set_circle(cid, args.circle)
    if args.circle == NONE:
        print(f"{name_of(cid)} is in no keep-in-touch circle now.")
    else:
        print(f"{name_of(cid)} is in the {args.circle} circle now.")
    return 0
