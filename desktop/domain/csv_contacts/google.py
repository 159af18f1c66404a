"""Google Contacts CSV, in the current header (``First Name,Middle Name,Last Name,...,Labels,
E-mail 1 - Label,E-mail 1 - Value,...``) and the older one (``Name,Given Name,...,Group Membership,
E-mail 1 - Type,E-mail 1 - Value,...``).

Several values of one kind share a cell, joined with ``" ::: "``; a label
starting with ``"* "`` marks the primary value (``* Work``). Labels
(groups) become tags, except Google's own ``* myContacts`` and ``* starred``;
a starred contact is reported so the service can give it priority.
"""

from __future__ import annotations

import re

from desktop.domain.contact import Address, ContactData, InstantMessage
from desktop.domain.csv_contacts.common import (
    Row,
    add_email,
    add_phone,
    add_tags,
    add_url,
    finish,
    read_date,
    split_values,
)

KEY = "google"
LABEL = "Google Contacts CSV"

_NUMBERED = re.compile(r"^(e-mail|phone|address|website|im|event|organization|relation) (\d+) - (.+)$")

# Google's kind labels -> the kinds vCard import uses; anything else is kept as the label written.
_PHONE_KINDS = {"mobile": "cell", "work": "work", "home": "home", "main": "main", "work fax": "fax", "home fax": "fax",
                "fax": "fax", "pager": "pager", "other": "other", "google voice": "Google Voice"}  # fmt: skip
_PLAIN_KINDS = {"work": "work", "home": "home", "other": "other"}
_SYSTEM_LABELS = {"mycontacts", "my contacts", "system group: my contacts"}
_STARRED = {"starred", "system group: starred"}


def matches(columns: set[str]) -> bool:
    numbered = any(c in columns for c in ("e-mail 1 - value", "phone 1 - value"))
    current = "first name" in columns and ("labels" in columns or numbered)
    older = "given name" in columns and ("group membership" in columns or numbered)
    return current or older


def _indices(columns: dict[str, int], kind: str) -> list[int]:
    found = set()
    for name in columns:
        m = _NUMBERED.match(name)
        if m and m[1] == kind:
            found.add(int(m[2]))
    return sorted(found)


def _label(row: Row, kind: str, n: int) -> tuple[str, bool]:
    """(label, primary) of value ``n`` of ``kind``: ``"* Work"`` -> (``"Work"``, True)."""
    text = row.get(f"{kind} {n} - label") or row.get(f"{kind} {n} - type")
    primary = text.startswith("*")
    return text.lstrip("* ").strip(), primary


def _kind(label: str, table: dict[str, str]) -> str:
    return table.get(label.lower(), label)


def read_row(row: Row) -> ContactData | None:
    c = ContactData(
        prefix=row.get("name prefix"),
        given_name=row.get("first name") or row.get("given name"),
        additional_name=row.get("middle name") or row.get("additional name"),
        family_name=row.get("last name") or row.get("family name"),
        suffix=row.get("name suffix"),
        full_name=row.get("name"),
        nickname=row.get("nickname"),
        organization=row.get("organization name") or row.get("organization 1 - name"),
        title=row.get("organization title") or row.get("organization 1 - title"),
        department=row.get("organization department") or row.get("organization 1 - department"),
        note=row.get("notes"),
    )
    c.birthday = read_date(row, "birthday", "Birthday")
    columns = row.columns
    for n in _indices(columns, "e-mail"):
        label, primary = _label(row, "e-mail", n)
        for value in split_values(row.get(f"e-mail {n} - value")):
            add_email(c, row, value, _kind(label, _PLAIN_KINDS), primary)
    for n in _indices(columns, "phone"):
        label, primary = _label(row, "phone", n)
        for value in split_values(row.get(f"phone {n} - value")):
            add_phone(c, value, _kind(label, _PHONE_KINDS), primary)
    for n in _indices(columns, "address"):
        _read_addresses(row, c, n)
    for n in _indices(columns, "website"):
        label, _ = _label(row, "website", n)
        for value in split_values(row.get(f"website {n} - value")):
            add_url(c, value, _kind(label, _PLAIN_KINDS))
    for n in _indices(columns, "im"):
        label, _ = _label(row, "im", n)
        service = row.get(f"im {n} - service").lstrip("* ").lower()
        for value in split_values(row.get(f"im {n} - value")):
            c.instant_messages.append(InstantMessage(service, value, _kind(label, _PLAIN_KINDS)))
    for n in _indices(columns, "event"):
        label, _ = _label(row, "event", n)
        if label.lower() == "anniversary" and not c.anniversary:
            c.anniversary = read_date(row, f"event {n} - value", "Anniversary")
    tags = []
    for label in split_values(row.get("labels") or row.get("group membership")):
        plain = label.lstrip("* ").strip()
        if plain.lower() in _STARRED:
            row.starred = True
        elif plain.lower() not in _SYSTEM_LABELS:
            tags.append(plain.removeprefix("System Group: "))
    add_tags(c, tags)
    return finish(c)


_ADDRESS_PARTS = ("street", "city", "po box", "region", "postal code", "country", "extended address")


def _read_addresses(row: Row, c: ContactData, n: int) -> None:
    """Address ``n``: each part may hold several addresses joined with ``:::``, in step."""
    label, _ = _label(row, "address", n)
    parts = {p: [v.strip() for v in row.get(f"address {n} - {p}").split(":::")] for p in _ADDRESS_PARTS}
    formatted = [v.strip() for v in row.get(f"address {n} - formatted").split(":::")]
    count = max(len(formatted), *(len(v) for v in parts.values()))
    for i in range(count):

        def part(name: str) -> str:
            values = parts[name]
            return values[i] if i < len(values) else ""

        adr = Address(
            street=part("street"), city=part("city"), po_box=part("po box"), region=part("region"),
            postal_code=part("postal code"), country=part("country"), extended=part("extended address"),
            kind=_kind(label, _PLAIN_KINDS),
        )  # fmt: skip
        if adr.is_empty() and i < len(formatted) and formatted[i]:
            adr.street = formatted[i]  # only the one-cell form: keep it whole rather than guess its parts
        if not adr.is_empty():
            c.addresses.append(adr)
