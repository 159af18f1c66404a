"""LinkedIn's ``Connections.csv``: ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``.

The export starts with a preamble (``Notes:``, a quoted notice about missing
emails, a blank line) before the header; most rows have no email, because a
connection must allow it. The profile URL is the key that stays, so it
becomes the contact's LinkedIn profile in canonical form. Rows for
deactivated profiles have no name and are skipped.
"""

from __future__ import annotations

from desktop.domain.contact import ContactData
from desktop.domain.csv_contacts.common import Row, add_email, add_linkedin, finish, read_date
from desktop.domain.names import bracketed_parts

KEY = "linkedin"
LABEL = "LinkedIn Connections.csv"
REQUIRED = frozenset({"first name", "last name", "url", "connected on"})

# What LinkedIn writes in place of a name for a member who left or hid their profile.
_NO_NAME = {"", "linkedin member"}


def matches(columns: set[str]) -> bool:
    return REQUIRED <= columns


def read_row(row: Row) -> ContactData | None:
    name = f"{row.get('first name')} {row.get('last name')}".strip().lower()
    if name in _NO_NAME:  # a deactivated profile: LinkedIn keeps the row, without a name
        row.skipped = True
        return None
    # People write a nickname into the name field: Jean-Pierre "JP", Robert (Bob).
    given, nicknames = bracketed_parts(row.get("first name"))
    c = ContactData(
        given_name=" ".join(given.split()),
        nickname=", ".join(n.strip() for n in nicknames if n.strip()),
        family_name=row.get("last name"),
        organization=row.get("company"),
        title=row.get("position"),
    )
    add_email(c, row, row.get("email address"))
    if url := row.get("url"):
        add_linkedin(c, url)
    # The export writes "02 Sep 2026" (English month names whatever the account's language).
    c.connected_on = read_date(row, "connected on", "Connected On", month_first=True)
    return finish(c)
