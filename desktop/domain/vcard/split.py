"""Cutting a file into cards: one cheap pass over the bytes, before any card is read."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import NamedTuple


class RawCard(NamedTuple):
    """One card's bytes, as cut from a file; lines are 1-based."""

    start_line: int  # the BEGIN:VCARD line
    end_line: int  # the END:VCARD line (the last line of the file when truncated)
    raw: bytes
    truncated: bool = False  # no END:VCARD before the next BEGIN or the end of the file
    nested: bool = False  # holds whole cards inside it, which are cards of their own (see split_cards)


# A line end is \r*\n or a lone \r: iOS 5 and 6 write CR CR LF, old Macs a lone CR.
# Group 1 is there for BEGIN (m.start(1) >= 0), not END; group 2 is the CRs before the LF.
_MARK = re.compile(rb"^[ \t]*(?:(BEGIN)|END)[ \t]*:[ \t]*VCARD[ \t]*(?=(\r*)$)", re.I | re.M)
_HAS_BEGIN = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r*$", re.I | re.M)
_CRS_LF = re.compile(rb"\r\r+\n")


def _normalise_file(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", "replace").encode("utf-8")
    if b"\n" not in data and b"\r" in data:  # old Mac line ends
        return data.replace(b"\r", b"\n")
    return data


def looks_like_vcard(data: bytes) -> bool:
    """True when ``data`` holds at least one BEGIN:VCARD line near its start (not empty, binary or CSV)."""
    head = _normalise_file(data[:65536])
    if not head.strip() or b"\x00" in head[:4096]:
        return False
    return _HAS_BEGIN.search(head) is not None


def _marks(data: bytes) -> Iterator[re.Match[bytes]]:
    """BEGIN:VCARD and END:VCARD lines, in order.

    Finding "VCARD" with bytes.find and checking its line with the regex is
    ~5x faster than ``_MARK.finditer`` over a file that is mostly photos. The
    search runs on an upper-cased copy, so "VCard" is found too: making the
    copy costs less than looking for the spellings that would need it.
    """
    upper = data.upper()
    find = upper.find
    rfind = upper.rfind
    match = _MARK.match
    pos = 0
    while True:
        i = find(b"VCARD", pos)
        if i < 0:
            return
        pos = i + 5
        m = match(data, rfind(b"\n", 0, i) + 1)
        if m is not None and m.start() <= i < m.end():
            yield m


def split_cards(data: bytes) -> Iterator[RawCard]:
    """Cut a file into cards, in the order they start; junk between cards is skipped.

    A card without END is marked truncated. A card may hold whole cards (vCard
    2.1 writes a person's agent that way, with or without an AGENT line): each
    inner card is a card of its own, and the outer one is marked ``nested`` so
    that its reader skips them. Whether a BEGIN inside an open card starts an
    inner card or shows that the open card was cut short is known only later:
    an END when no inner card is open closes the outer card; the end of the
    file with it still open means it was cut short where its first inner card
    begins.
    """
    data = _normalise_file(data)
    marks = list(_marks(data))
    # Exporters write one kind of line end; the BEGIN and END lines show it at little cost.
    if any(m.end(2) - m.end() > 1 for m in marks):  # group 2 starts where the match ends
        data = _CRS_LF.sub(b"\r\n", data)
        marks = list(_marks(data))
    count = data.count
    line = 1
    pos = 0
    opened: list[tuple[int, int]] = []  # (start, line) of each card not yet ended, outermost first
    inner: dict[int, tuple[int, int]] = {}  # index in opened -> (start, line) of the first card begun in it
    held: list[RawCard] = []  # cards that ended inside a card still open
    for m in marks:
        start = m.start()
        line += count(b"\n", pos, start)
        pos = start
        if m.start(1) >= 0:  # BEGIN
            if opened:
                inner.setdefault(len(opened) - 1, (start, line))
            opened.append((start, line))
        elif opened:
            begin, begin_line = opened.pop()
            nested = bool(inner) and inner.pop(len(opened), None) is not None
            card = RawCard(begin_line, line, data[begin : m.end()], False, nested)
            if opened:
                held.append(card)
            elif held:
                yield from sorted([card, *held], key=_start_line)
                held = []
            else:
                yield card
    if opened:
        last = line + count(b"\n", pos) - (1 if data.endswith(b"\n") else 0)
        for i, (begin, begin_line) in enumerate(opened):
            if i in inner:  # cut short where the first card inside it begins
                cut, cut_line = inner[i]
                held.append(RawCard(begin_line, cut_line - 1, data[begin:cut], True))
            else:
                held.append(RawCard(begin_line, last, data[begin:], True))
        yield from sorted(held, key=_start_line)


def _start_line(card: RawCard) -> int:
    return card.start_line


def _without_inner_cards(raw: bytes) -> bytes:
    """A ``nested`` card's bytes with the cards inside it taken out: they are read as cards of their own."""
    pieces = []
    keep = 0
    depth = 0
    for m in _marks(raw):
        if m.start(1) >= 0:  # BEGIN
            depth += 1
            if depth == 2:
                pieces.append(raw[keep : m.start()])
        else:
            if depth == 2:
                keep = m.end()
            depth -= 1
    pieces.append(raw[keep:])
    return b"".join(pieces)
