"""The command line of CardDAV sync (issue 14): ``account``, ``sync``, ``conflicts`` and ``edit``.

``register(command)`` adds the subcommands to the ``rapport`` parser; every failure is one line on
stderr and exit status 1 (a ``CliError``), as the command contract says.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import CliError, add_db_option, contact_arg, one_line_errors


def register(command) -> None:
    p = command("account", "CardDAV accounts: add one (finds its address book), list, remove, choose the default", writes=True)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        add_db_option(sub, default=argparse.SUPPRESS)
        return one_line_errors(sub)

    a = action("add", "add a CardDAV account from a server, principal or address-book URL")
    a.add_argument("url", metavar="URL")
    a.add_argument("--user", required=True)
    a.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    a.add_argument("--name", help="what to call the account (default: the address book's name)")
    a.add_argument("--accept-certificate", metavar="SHA256", default="",
                   help="trust a self-signed certificate with this fingerprint (shown by a first try)")  # fmt: skip
    a.add_argument("--allow-http", action="store_true",
                   help="accept a plain http:// URL to another machine (the password crosses the network in clear)")  # fmt: skip
    a.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help=argparse.SUPPRESS)
    a.set_defaults(func=cmd_account_add)
    a = action("list", "list the accounts")
    a.add_argument("--json", action="store_true", help='print [{"name", "url", "user", "last_sync"}]')
    a.set_defaults(func=cmd_account_list)
    a = action("remove", "forget an account and its password (its contacts stay here)")
    a.add_argument("name", metavar="NAME")
    a.set_defaults(func=cmd_account_remove)
    a = action("default", "make an account the default one (contacts that exist only here go to it)")
    a.add_argument("name", metavar="NAME")
    a.set_defaults(func=cmd_account_default)

    p = command("sync", "sync contacts with the CardDAV accounts (all, or the one named)", writes=True)
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print one object per account")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="wait this long for the server")
    p.set_defaults(func=cmd_sync)

    p = command("conflicts", "fields changed both here and on the server: list them, keep ours or take the server's", writes=True)
    p.add_argument("action", nargs="?", choices=["list", "keep", "swap"], default="list")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="for keep and swap")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_conflicts)

    p = command("edit", "change a contact found by its exact full name", writes=True)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--note", metavar="TEXT", help="replace the note")
    p.add_argument("--org", metavar="TEXT", help="set the organisation")
    p.add_argument("--title", metavar="TEXT", help="set the job title")
    p.add_argument("--add-phone", action="append", default=[], metavar="P")
    p.add_argument("--add-email", action="append", default=[], metavar="E")
    p.add_argument("--remove-email", action="append", default=[], metavar="E")
    p.set_defaults(func=cmd_edit)


def cmd_account_add(args: argparse.Namespace) -> int:
    # imported here, as in every command below: httpx loads only for the commands that need it
    from desktop.services import accounts
    from desktop.services.carddav_client import CardDavError, UntrustedCertificate

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Password for {args.user}: ")
    else:
        raise CliError("give the password on stdin with --password-stdin; nothing was stored.")
    if not password:
        raise CliError("the password is empty; nothing was stored.")
    try:
        info = accounts.add_account(
            args.url, args.user, password, name=args.name, fingerprint=args.accept_certificate,
            allow_http=args.allow_http, timeout=args.timeout,
        )  # fmt: skip
    except UntrustedCertificate as exc:
        hint = f" (to trust it: --accept-certificate {exc.fingerprint})" if exc.fingerprint else ""
        raise CliError(f"{exc}{hint}; nothing was stored.") from None
    except CardDavError as exc:
        raise CliError(f"{str(exc).rstrip('.')}; nothing was stored.") from None
    where = "the system keyring" if info.secret_store == accounts.KEYRING else f"{info.secret_where} (readable by you only; no system keyring was found)"
    default = " the default account" if info.is_default else ""
    print(f"Added{default} {info.name} ({info.url}); the password is in {where}.")
    return 0


def cmd_account_list(args: argparse.Namespace) -> int:
    from desktop.services.accounts import list_accounts

    items = list_accounts()
    if args.json:
        print(json.dumps([a.as_json() for a in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("No CardDAV account (add one with: rapport account add URL --user USER --password-stdin).")
    for a in items:
        last = f"{a.last_sync:%Y-%m-%d %H:%M}" if a.last_sync else "never synced"
        print(f"{a.name}{' (default)' if a.is_default else ''}\t{a.url}\t{a.user}\t{last}")
    return 0


def cmd_account_remove(args: argparse.Namespace) -> int:
    from desktop.services.carddav_client import CardDavError
    from desktop.services.accounts import remove_account

    try:
        info = remove_account(args.name)
    except CardDavError as exc:
        raise CliError(str(exc)) from None
    print(f"Removed the account {info.name}; its contacts stay here.")
    return 0


def cmd_account_default(args: argparse.Namespace) -> int:
    from desktop.services.carddav_client import CardDavError
    from desktop.services.accounts import set_default_account

    try:
        set_default_account(args.name)
    except CardDavError as exc:
        raise CliError(str(exc)) from None
    print(f"{args.name} is the default account now.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop.services.carddav_client import CardDavError
    from desktop.services import sync
    from desktop.services.accounts import list_accounts

    if args.name is not None:
        try:
            outcomes = [sync.SyncOutcome(args.name, sync.sync_account(args.name, timeout=args.timeout), None)]
        except CardDavError as exc:
            outcomes = [sync.SyncOutcome(args.name, None, str(exc))]
    else:
        if not list_accounts():
            raise CliError("there is no CardDAV account; add one with: rapport account add URL --user USER --password-stdin")
        outcomes = sync.sync_all(timeout=args.timeout)
    reports = [o.report for o in outcomes if o.report is not None]
    if args.json:
        print(json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print(r.summary())
            for c in r.conflicts:
                print(f"  conflict: {c.contact}, {c.field}: kept {c.kept!r}, the server had {c.other!r}")
    for r in reports:
        for note in r.notes:
            print(f"rapport: {r.account}: {note}", file=sys.stderr)
    failed = [o for o in outcomes if o.error is not None]
    for o in failed:
        message = o.error if o.error.startswith(f"{o.account}:") else f"{o.account}: {o.error}"
        print(f"rapport: {message}", file=sys.stderr)
    return 1 if failed else 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from desktop.services.carddav_client import CardDavError
    from desktop.services import sync_conflicts

    if args.action in ("keep", "swap"):
        if args.id is None:
            raise CliError(f"name the conflict: rapport conflicts {args.action} ID")
        try:
            sync_conflicts.resolve_conflict(args.id, use_other=args.action == "swap")
        except CardDavError as exc:
            raise CliError(str(exc)) from None
        what = "the server's value is in place; it goes up at the next sync" if args.action == "swap" else "kept ours"
        print(f"Conflict {args.id}: {what}.")
        return 0
    items = sync_conflicts.list_conflicts()
    if args.json:
        print(json.dumps([{"id": c.id, "account": c.account, "contact": c.contact, "field": c.field,
                           "kept": c.kept, "other": c.other} for c in items], ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not items:
        print("No conflicts to review.")
    for c in items:
        print(f"{c.id}\t{c.contact}\t{c.label}\tkept {c.kept!r}\tserver {c.other!r}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from desktop.services.contacts import edit_contact

    cid = contact_arg(args.name)
    if not any((args.note is not None, args.org is not None, args.title is not None, args.add_phone,
                args.add_email, args.remove_email)):  # fmt: skip
        raise CliError("say what to change: --note, --org, --title, --add-phone, --add-email or --remove-email")
    try:
        data = edit_contact(
            cid, note=args.note, organization=args.org, title=args.title, add_phones=args.add_phone,
            add_emails=args.add_email, remove_emails=args.remove_email,
        )  # fmt: skip
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(f"Edited {data.display_name()}.")
    return 0
