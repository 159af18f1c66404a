"""Reading and writing vCards (2.1, 3.0, 4.0) as ``ContactData`` values, fast enough for whole phone exports.

The package, in the order a file goes through it:

- ``split``: a file's bytes cut into ``RawCard`` slices (line ends, BOMs, cards without END);
- ``lex``: one card's content lines (folds, charsets, QUOTED-PRINTABLE, parameters, escapes);
- ``photo``: a base64 photo cut out of a big card first, then decoded within ``MAX_PHOTO_BYTES``;
- ``mapping``: the lines as a ``ContactData``, with a handler per property name (``_HANDLERS``);
- ``kinds``: the names vCards give to kinds of phones, emails, IM services (read and written);
- ``write``: ``serialize`` a contact as 3.0 or 4.0.

Everything others use is imported from here, ``desktop.domain.vcard``.

Reading works in two steps so the service can spread the work over processes:
``split_cards(data)`` cuts a file into ``RawCard`` byte slices (cheap, one
pass), then ``parse_card(raw)`` or ``parse_many(cards)`` turns them into
``ContactData``.

Errors and warnings:

- ``parse_card(raw, warnings=None)`` returns a ``ContactData`` or raises
  ``CardError(line, reason)`` when the card cannot be read at all (for
  example a card cut short without END:VCARD). Problems that lose only one
  property (a photo that does not decode or is too big, an unreadable line)
  are appended as ``CardWarning(line, reason)`` to the ``warnings`` list if
  one is passed; the card is still returned. A warning with ``lost=False``
  loses nothing but is worth telling (a second ORG, kept for export).
- ``parse_many(cards)`` never raises for a bad card: it returns one
  ``CardResult(start_line, contact, warnings, error)`` per card, all plain
  picklable values, so it can run in a process pool.

Why hand-written rather than ``vobject.readComponents``: vobject reads
well-formed 3.0 and 4.0 cards as this reader does (the tests hold the two
to the same FN, N, TEL, EMAIL, ADR, ORG and BDAY on every fixture card, and
name the cards where vobject is wrong), and with ``allowQP=True`` it joins
Android's QUOTED-PRINTABLE soft line breaks too. But it reads text, not
bytes: the file's encoding is the caller's guess, so Outlook's cp1252
cards, CHARSET=SHIFT_JIS, a byte-order mark (a parse error) and folds that
split a UTF-8 character are not read; it stops the whole file at the first
card it cannot read (a card cut short, a photo that is not base64, a line
without a colon), where this reader reports that card and goes on; it cuts
FN at an unescaped comma. And it is slower: on the same 10,000-card phone
export (``bench/gen_vcards.py --seed 1``: 2.1 and 3.0, 10% of cards with a
20 KB photo, Android soft breaks), ``readComponents(allowQP=True)`` took
4.0 s of CPU and ``split_cards`` + ``parse_many`` 0.87 s, 4.5x less (medians
of 5 rounds, alternating in one process; four such runs gave 3.7x to 5.2x on
a shared 2-core machine, 2026-11). Folds
are undone on bytes, the text is decoded once per card, a big base64 photo
is cut out before any of that, and each content line is cut with one regex.
The writer is hand-written too: every value must be escaped so that no text
can start a new property or card, and it is faster (2,000 contacts: 0.09 s,
vobject's ``serialize()`` 0.59 s).
"""

from __future__ import annotations

# base64, _BIG_CARD and _esc are reached through the package by tests (vcard.base64.b64decode is
# patched to prove a huge photo is never decoded); they are not for other modules.
import base64  # noqa: F401

from desktop.domain.vcard.mapping import CardError, CardResult, CardWarning, parse_card, parse_many
from desktop.domain.vcard.photo import _BIG_CARD, MAX_PHOTO_BYTES
from desktop.domain.vcard.split import RawCard, looks_like_vcard, split_cards
from desktop.domain.vcard.write import PRODID, _esc, serialize, serialize_many

__all__ = [
    "MAX_PHOTO_BYTES",
    "PRODID",
    "CardError",
    "CardResult",
    "CardWarning",
    "RawCard",
    "looks_like_vcard",
    "parse_card",
    "parse_many",
    "serialize",
    "serialize_many",
    "split_cards",
]
