"""The ``rapport`` command line: import, export, list and the rest, on top of the services.

Other tools script against this, so the output formats are a contract:
summaries on stdout, problems as ``FILE:LINE: reason`` on stderr, JSON where
``--json`` is asked for, exit status 0 on success and 1 on failure. Never a
Python traceback for bad input: an error meant for a person (``RapportError``)
is one line on stderr and exit status 1.

Each group of commands is a module here with a ``register(command)`` that adds
its subcommands; a new group is a new module and one line in ``GROUPS``.
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop import __version__
from desktop.cli import circles, contacts, duplicates, events, knows, needs, sync, timeline, today, trust
from desktop.cli.common import add_db_option, one_line_errors
from desktop.domain.errors import RapportError
from desktop.paths import database_path
from desktop.services.session import SQLITE_ERRORS, DatabaseError, close_database, open_database

# In the order ``rapport --help`` lists them.
GROUPS = (contacts, timeline, today, events, circles, needs, trust, sync, knows, duplicates)


def build_parser() -> argparse.ArgumentParser:
    return _build()[0]


def command_names() -> frozenset[str]:
    """The subcommands (``app.main`` runs the command line for these, the window otherwise)."""
    return frozenset(_build()[1].choices)


def _build():
    parser = argparse.ArgumentParser(
        prog="rapport",
        description="Rapport, a personal CRM for people who build a professional network. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Rapport {__version__}")
    add_db_option(parser)
    one_line_errors(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, *, writes: bool = False) -> argparse.ArgumentParser:
        """A subcommand. One that ``writes`` makes the day's backup (once a day) and purges the trash of
        what is older than 30 days when it opens the database."""
        p = sub.add_parser(name, help=help, description=help)
        # Each subcommand also accepts --db after its name; SUPPRESS keeps the global value.
        add_db_option(p, default=argparse.SUPPRESS)
        p.set_defaults(writes=writes)
        return one_line_errors(p)

    for group in GROUPS:
        group.register(command)
    return parser, sub


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
    if args.writes:
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
    except RapportError as exc:  # CliError, DatabaseError and every service's error meant for a person
        print(f"rapport: {exc}", file=sys.stderr)
        return 1
    except SQLITE_ERRORS as exc:
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
