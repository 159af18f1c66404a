"""Reading contacts from CSV exports (LinkedIn ``Connections.csv``, Google Contacts, Outlook) as ``ContactData``.

``read_csv(data)`` finds the format by the header row (which need not be
the first row), reads every row with the line it starts on, and returns a
``CsvFile``: the contacts, and ``(line, reason)`` problems for rows that
could not be read (or parts of rows that were left out) while the rest
still imports. A file that is none of these formats raises
``CsvFormatError``, whose message names the formats Rapport reads. Pure:
bytes in, plain values out; Python's ``csv`` module does the parsing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop.domain.contact import ContactData
from desktop.domain.csv_contacts import google, linkedin, outlook
from desktop.domain.csv_contacts.common import Row, parse_date
from desktop.domain.csv_contacts.reading import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    BrokenRow,
    RawRow,
    decode,
    header_key,
    iter_rows,
    split_lines,
)
from desktop.domain.errors import RapportError

__all__ = ["FORMATS", "FORMAT_NAMES", "STARRED_PRIORITY", "CsvFile", "CsvFormatError", "CsvProblem", "CsvRow",
           "detect_format", "parse_date", "read_csv"]  # fmt: skip

# Tried in this order: a Google header also has "First Name", an Outlook one "E-mail Address".
FORMATS = (linkedin, google, outlook)
FORMAT_NAMES = "LinkedIn Connections.csv, Google Contacts CSV or Outlook CSV"
#: A contact starred in Google Contacts is one the person keeps close: High priority (0 normal, 1 high, 2 highest).
STARRED_PRIORITY = 1


class CsvFormatError(RapportError, ValueError):
    """The file is not a contacts CSV Rapport reads; the message is meant for a person."""


class CsvProblem(NamedTuple):
    """A row that could not be read, or a part of one that was left out; ``line`` is where the row starts."""

    line: int
    reason: str


@dataclass(frozen=True)
class CsvRow:
    line: int  # the file line where the row starts (a quoted cell may span lines)
    contact: ContactData
    fingerprint: str  # the same for the same row in a later export: lets re-import skip it
    starred: bool = False  # Google's "* starred": the service may give the contact priority


@dataclass
class CsvFile:
    format: str  # "linkedin", "google" or "outlook"
    label: str  # the format's name, for a person: "LinkedIn Connections.csv"
    header_line: int
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)
    skipped: int = 0  # rows left out on purpose: LinkedIn's deactivated profiles (no name)
    unreadable: int = 0  # rows left out because of a problem (each has one in ``problems``)


def _find_header(lines: list[str]):  # noqa: ANN202 - (module, delimiter, RawRow) or None
    for delimiter in DELIMITERS:
        for n, row in enumerate(iter_rows(lines, delimiter)):
            if n >= HEADER_SEARCH_ROWS:
                break
            if isinstance(row, BrokenRow):
                continue
            columns = {header_key(c) for c in row.cells}
            for fmt in FORMATS:
                if fmt.matches(columns):
                    return fmt, delimiter, row
    return None


def detect_format(data: bytes) -> str | None:
    """``"linkedin"``, ``"google"``, ``"outlook"`` or None: which CSV format the header row names."""
    found = _find_header(split_lines(decode(data[:262144])))
    return found[0].KEY if found else None


def _fingerprint(key: str, cells: list[str]) -> str:
    text = key + "\x1f" + "\x1f".join(c.strip() for c in cells)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def read_csv(data: bytes) -> CsvFile:
    """Every contact of a CSV export; raises ``CsvFormatError`` when the header row names no format Rapport reads."""
    lines = split_lines(decode(data))
    found = _find_header(lines)
    if found is None:
        what = "empty" if not any(line.strip() for line in lines) else "not a contacts CSV Rapport reads"
        raise CsvFormatError(f"This file is {what}: Rapport reads {FORMAT_NAMES} (recognised by their header row).")
    fmt, delimiter, header = found
    columns: dict[str, int] = {}
    for i, cell in enumerate(header.cells):
        columns.setdefault(header_key(cell), i)
    width = len(header.cells)
    out = CsvFile(fmt.KEY, fmt.LABEL, header.line)
    for raw in iter_rows(lines, delimiter, start=header.last_line, width=width):
        if isinstance(raw, BrokenRow):
            out.problems.append(CsvProblem(raw.line, raw.reason))
            out.unreadable += 1
            continue
        _read_row(fmt, raw, columns, width, out)
    return out


def _read_row(fmt, raw: RawRow, columns: dict[str, int], width: int, out: CsvFile) -> None:  # noqa: ANN001
    cells = raw.cells
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        out.problems.append(
            CsvProblem(raw.line, f"this row has {len(cells)} cells where the header has {width}; it was not imported")
        )
        out.unreadable += 1
        return
    if not any(c.strip() for c in cells):
        return  # a row of empty cells (",,,,"), as spreadsheets leave at the end
    row = Row(columns, cells, raw.line)
    try:
        contact = fmt.read_row(row)
    except Exception as exc:  # noqa: BLE001 - one odd row must not stop an import of thousands
        out.problems.append(CsvProblem(raw.line, f"this row could not be read ({exc}); it was not imported"))
        out.unreadable += 1
        return
    out.problems.extend(CsvProblem(raw.line, reason) for reason in row.problems)
    if row.skipped:
        out.skipped += 1
    elif contact is None:
        out.problems.append(CsvProblem(raw.line, "this row holds no name, email or phone; it was not imported"))
        out.unreadable += 1
    else:
        out.rows.append(CsvRow(raw.line, contact, _fingerprint(fmt.KEY, cells), row.starred))
