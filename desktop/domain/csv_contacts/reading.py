"""Bytes to rows with their file lines: the encoding, the delimiter, the header row, and a row
broken by an unclosed quote reported without losing the rows after it."""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

# How far down a file the header row may be (LinkedIn writes a preamble of three lines).
HEADER_SEARCH_ROWS = 30
DELIMITERS = (",", ";", "\t")  # German and French Outlook write ";"; some tools write tabs
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Google's older exports
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: read them as Latin-1
        return data.decode("latin-1")


def split_lines(text: str) -> list[str]:
    """Physical lines with their endings (``\\r\\n``, ``\\n`` or a lone ``\\r``); nothing else ends a line."""
    return _LINE.findall(text)


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int  # 1-based file line where the row starts
    cells: list[str]
    last_line: int  # where it ends (a quoted cell may hold line breaks)


@dataclass(frozen=True, slots=True)
class BrokenRow:
    """A row whose quote is never closed, or whose cells do not fit the header; the rows after it are read."""

    line: int
    reason: str


def iter_rows(lines: list[str], delimiter: str, start: int = 0, width: int = 0) -> Iterator[RawRow | BrokenRow]:
    """Rows from ``lines[start:]``, blank lines left out.

    When ``width`` (the header's cell count) is given, a row that spans
    several lines but has a different number of cells is taken for an
    unclosed quote: it is reported as a ``BrokenRow`` and reading starts
    again on the line after the one it began on, so one stray quote costs
    one row, not the rest of the file.
    """
    pos = start
    while pos < len(lines):
        reader = csv.reader(itertools.islice(lines, pos, None), delimiter=delimiter)
        consumed = 0
        restart = None
        while True:
            first = pos + consumed + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # a cell past csv.field_size_limit(): a quote swallowed the file
                yield BrokenRow(first, f"this row could not be read ({exc}); it was not imported")
                restart = first
                break
            consumed = reader.line_num
            last = pos + consumed
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if width and last > first and _too_ragged(cells, width):
                yield BrokenRow(first, "a quote in this row is never closed; the row was not imported")
                restart = first  # the 0-based index of the line after the one the row began on
                break
            yield RawRow(first, cells, last)
        if restart is None:
            return
        pos = restart


def _too_ragged(cells: list[str], width: int) -> bool:
    if len(cells) < width:
        return True
    return any(c.strip() for c in cells[width:])


def header_key(cell: str) -> str:
    """A header cell as compared: lower case, no BOM, quotes or surrounding space."""
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').lower().split())
