"""What the CSV formats share: a row looked up by column name, dates in the shapes exports write,
and the last touches that make a row a ``ContactData``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from desktop.domain.contact import ContactData, Email, Phone, SocialProfile, Url
from desktop.domain.profiles import linkedin_slug, linkedin_url


class Row:
    """One data row, its cells looked up by (lower-case) header name; a missing column reads as ``""``."""

    __slots__ = ("cells", "columns", "line", "problems", "skipped", "starred")

    def __init__(self, columns: dict[str, int], cells: list[str], line: int) -> None:
        self.columns = columns
        self.cells = cells
        self.line = line
        self.problems: list[str] = []  # parts of this row that were left out, for a person
        self.skipped = False  # left out on purpose (a deactivated LinkedIn profile), counted, not a problem
        self.starred = False  # Google's "* starred" label

    def get(self, name: str) -> str:
        i = self.columns.get(name)
        if i is None or i >= len(self.cells):
            return ""
        return self.cells[i].strip()

    def problem(self, reason: str) -> None:
        self.problems.append(reason)


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ]
    )
    for m in names
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{1,2})-?(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")  # 02 Sep 2026
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")  # Sep 2, 2026


def _day(year: int | None, month: int, day: int) -> str | None:
    try:
        dt.date(year or 2000, month, day)  # 2000: a leap year, so --02-29 is a day
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def parse_date(text: str, month_first: bool = True) -> str | None:
    """``"YYYY-MM-DD"`` (``"--MM-DD"`` without a year) from a date as exports write it.

    ``""`` for no date, None for text that is not a date.

    Reads ``1985-04-15``, ``--04-15``, ``19850415``, ``02 Sep 2026``, ``Sep 2, 2026``,
    ``4/15/1985`` and ``15.04.1985``. A slashed date is month first (``month_first``,
    as US Outlook writes it) unless its first number cannot be a month; a
    dotted one is day first. Outlook's ``0/0/00`` means no date.
    """
    text = text.strip()
    if not text or text in ("0/0/00", "0/0/0000", "00.00.0000", "0000-00-00"):
        return ""
    if m := _ISO.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _NO_YEAR.match(text):
        return _day(None, int(m[1]), int(m[2]))
    if m := _NUMERIC.match(text):
        a, sep, b, year_text = int(m[1]), m[2], int(m[3]), m[4]
        year = int(year_text)
        if len(year_text) == 2:
            year += 1900 if year > dt.date.today().year % 100 else 2000
        if sep == "." or a > 12 or not month_first and b <= 12:
            a, b = b, a
        return _day(year, a, b)
    if m := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(m[2].lower())
        return _day(int(m[3]), month, int(m[1])) if month else None
    if m := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(m[1].lower())
        return _day(int(m[3]), month, int(m[2])) if month else None
    return None


def read_date(row: Row, column: str, shown: str, month_first: bool = True) -> str:
    """The date in ``column`` as ``parse_date`` gives it; an unreadable one is left out with a problem."""
    text = row.get(column)
    date = parse_date(text, month_first)
    if date is None:
        row.problem(f"{shown} {text[:40]!r} is not a date Rapport understands; it was left out")
        return ""
    return date


# --------------------------------------------------------------------------- values


def add_email(c: ContactData, row: Row, value: str, kind: str = "", pref: bool = False) -> None:
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:].strip()
    if not value:
        return
    if "@" not in value:  # Outlook writes Exchange addresses (/O=EXCHANGELABS/...) in the same column
        row.problem(f"{value[:40]!r} is not an email address; it was left out")
        return
    key = value.lower()
    if any(e.value.lower() == key for e in c.emails):
        return
    c.emails.append(Email(value, kind, pref))


def add_phone(c: ContactData, value: str, kind: str = "", pref: bool = False) -> None:
    value = value.strip()
    if not any(ch.isdigit() for ch in value):
        return
    if any(p.value == value for p in c.phones):
        return
    c.phones.append(Phone(value, kind, pref))


def add_url(c: ContactData, value: str, kind: str = "") -> None:
    """A web address; a LinkedIn profile URL becomes the contact's LinkedIn profile instead."""
    value = value.strip()
    if not value:
        return
    if "linkedin." in value.lower() and linkedin_slug(value):
        add_linkedin(c, value)
        return
    if not any(u.value == value for u in c.urls):
        c.urls.append(Url(value, kind))


def add_linkedin(c: ContactData, value: str) -> None:
    """The LinkedIn profile at ``value``, stored as its canonical URL (no query, no trailing slash, lower case)."""
    url = linkedin_url(value) or value.strip()
    if not url or any(s.service == "linkedin" and s.value == url for s in c.social_profiles):
        return
    slug = linkedin_slug(url)
    c.social_profiles.append(SocialProfile("linkedin", url, slug.partition("/")[2] if slug.startswith("in/") else ""))


def add_tags(c: ContactData, tags: Iterable[str]) -> None:
    seen = {t.casefold() for t in c.tags}
    for tag in tags:
        tag = tag.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            c.tags.append(tag)


def split_values(text: str) -> list[str]:
    """Google writes several values in one cell joined with ``" ::: "``."""
    return [v.strip() for v in text.split(":::") if v.strip()]


def finish(c: ContactData) -> ContactData | None:
    """The full name from the parts; None when the row holds nothing that names or reaches a person."""
    if not c.full_name:
        parts = [c.given_name, c.additional_name, c.family_name]
        name = " ".join(p.strip() for p in parts if p.strip())
        if name and c.suffix.strip():
            name = f"{name} {c.suffix.strip()}"
        c.full_name = name or c.display_name()
    if not c.full_name:
        return None
    return c
