"""rapport need and offer: note what a contact needs or offers (introductions match them)."""

from __future__ import annotations

import argparse

from desktop.cli.common import contact_arg, name_of
from desktop.domain.kinds import NEED, OFFER


def register(command) -> None:
    for kind in (NEED, OFFER):
        p = command(kind, f"note what a contact {'needs' if kind == NEED else 'offers'}", writes=True)
        p.add_argument("name", metavar="NAME")
        p.add_argument("text", metavar="TEXT")
        p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag to match on (repeatable)")
        p.set_defaults(func=cmd_need_offer, kind=kind)


def cmd_need_offer(args: argparse.Namespace) -> int:
    from desktop.services.needs import add_need_offer

    cid = contact_arg(args.name)
    add_need_offer(cid, args.kind, args.text, args.tag)
    print(f"Noted that {name_of(cid)} {'needs' if args.kind == NEED else 'offers'}: {args.text.strip()}")
    return 0
