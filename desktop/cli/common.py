"""What every group of commands shares: the one-line failure, dates, contacts named on the command
line, money, and JSON output."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from desktop.domain.errors import NetworkError, RapportError
from desktop.domain.money import MoneyError, NegativeMoney, parse_money


class CliError(RapportError):
    """A failure to report in one line, with exit status 1."""


def add_db_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: $RAPPORT_DB, else the user's data folder)",
    )


def one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Usage mistakes as one line on stderr and exit status 1, as the command contract says."""

    def error(message: str):
        parser.exit(1, f"{parser.prog}: {message} (see {parser.prog} --help)\n")

    parser.error = error  # type: ignore[method-assign]
    return parser


def date_arg(text: str | None) -> dt.date:
    """A --date value (YYYY-MM-DD); today when not given."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def money_arg(option: str, text: str | None) -> int:
    """Cents from a money option such as --cost (0 when not given)."""
    try:
        return parse_money(text or "") or 0
    except NegativeMoney:
        raise CliError(f"{option} cannot be negative") from None
    except MoneyError:
        raise CliError(f"{option} is an amount such as 25 or 25.50, not {text!r}") from None


def resolve_contact(name: str) -> int:
    """The one live contact whose full name is ``name`` (case-insensitive); else a NetworkError naming the candidates."""
    from desktop.services.contacts import find_by_name

    name = (name or "").strip()
    if not name:
        raise NetworkError("A contact's name is empty.")
    found = find_by_name(name)
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise NetworkError(f"No contact is called {name!r}.")
    candidates = "; ".join(f"{n} (id {i})" for i, n in found)
    raise NetworkError(f"{name!r} matches {len(found)} contacts: {candidates}.")


def contact_arg(name: str, writing: bool = True) -> int:
    """The one contact of that full name; a one-line failure naming the candidates otherwise."""
    try:
        return resolve_contact(name)
    except NetworkError as exc:
        message = str(exc).rstrip(".")
        raise CliError(f"{message}; nothing was recorded." if writing else f"{message}.") from None


def name_of(contact_id: int) -> str:
    from desktop.services.names import contact_names

    return contact_names([contact_id]).get(contact_id, "")


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
