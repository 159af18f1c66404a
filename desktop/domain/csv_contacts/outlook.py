"""Outlook's CSV export: ``First Name,Middle Name,Last Name,Title,...,E-mail Address,E-mail 2 Address,...,
Mobile Phone,Business Phone,...,Company,Job Title,...``, some ninety columns, most of them empty.

Outlook writes ``Title`` for the name prefix (Mr., Dr.), ``0/0/00`` for no
birthday, dates in the machine's locale (month first in the US), an
Exchange address (``/O=EXCHANGELABS/...``) where a colleague's email should
be, and ``Categories`` joined with ``;``. Older versions order the columns
differently; columns are found by name, so the order does not matter.
"""

from __future__ import annotations

from desktop.domain.contact import Address, ContactData, InstantMessage
from desktop.domain.csv_contacts.common import Row, add_email, add_phone, add_tags, add_url, finish, read_date

KEY = "outlook"
LABEL = "Outlook CSV"

_PHONES = (
    ("mobile phone", "cell"), ("business phone", "work"),
    ("business phone 2", "work"), ("home phone", "home"), ("home phone 2", "home"),
    ("company main phone", "main"), ("other phone", "other"), ("business fax", "fax"), ("home fax", "fax"),
    ("other fax", "fax"), ("pager", "pager"), ("car phone", "Car"), ("assistant's phone", "Assistant"),
    ("callback", "Callback"), ("radio phone", "Radio"), ("isdn", "ISDN"), ("tty/tdd phone", "TTY/TDD"),
    ("telex", "Telex"),
)  # fmt: skip
_ADDRESSES = (("business", "work"), ("home", "home"), ("other", "other"))


def matches(columns: set[str]) -> bool:
    named = "first name" in columns and "last name" in columns
    outlookish = any(c in columns for c in ("mobile phone", "business phone", "job title", "e-mail 2 address"))
    return named and "e-mail address" in columns and outlookish


def read_row(row: Row) -> ContactData | None:
    c = ContactData(
        prefix=row.get("title"),
        given_name=row.get("first name"),
        additional_name=row.get("middle name"),
        family_name=row.get("last name"),
        suffix=row.get("suffix"),
        nickname=row.get("nickname"),
        organization=row.get("company"),
        department=row.get("department"),
        title=row.get("job title"),
        note=row.get("notes"),
    )
    for column in ("e-mail address", "e-mail 2 address", "e-mail 3 address"):
        add_email(c, row, row.get(column))
    for column, kind in _PHONES:
        add_phone(c, row.get(column), kind)
    if primary := row.get("primary phone"):
        same = [p for p in c.phones if p.value == primary]
        if same:
            same[0].pref = True
        else:
            add_phone(c, primary, "main", pref=True)
    for prefix, kind in _ADDRESSES:
        street = "\n".join(
            v for v in (row.get(f"{prefix} street"), row.get(f"{prefix} street 2"), row.get(f"{prefix} street 3")) if v
        )
        adr = Address(
            street=street, city=row.get(f"{prefix} city"), region=row.get(f"{prefix} state"),
            postal_code=row.get(f"{prefix} postal code"), country=row.get(f"{prefix} country/region"),
            po_box=row.get(f"{prefix} address po box"), kind=kind,
        )  # fmt: skip
        if not adr.is_empty():
            c.addresses.append(adr)
    add_url(c, row.get("web page"), "work")
    add_url(c, row.get("personal web page"), "home")
    if handle := row.get("imaddress"):
        c.instant_messages.append(InstantMessage("", handle))
    c.birthday = read_date(row, "birthday", "Birthday")
    c.anniversary = read_date(row, "anniversary", "Anniversary")
    add_tags(c, row.get("categories").split(";"))
    return finish(c)
