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
  one is passed; the card is still returned.
- ``parse_many(cards)`` never raises for a bad card: it returns one
  ``CardResult(start_line, contact, warnings, error)`` per card, all plain
  picklable values, so it can run in a process pool.

Why not ``vobject.readComponents``: on a 10,000-card phone export it
stops at the first Android QUOTED-PRINTABLE soft break that splits a UTF-8
character (UnicodeDecodeError), and it is slow: CPU per card on our 2-core
machine (bench/gen_vcards.py --measure) is 1.1-1.3 ms without a photo and
5.4 ms with a 20 KB one; here 0.13-0.15 ms and 0.3 ms. Folds are undone on
bytes (a fold may split a UTF-8 character), the text is decoded once per
card, a big base64 photo is cut out before any of that, and each content
line is cut with one regex (``vobject.base.parseLine`` alone costs 4.4 us a
line, more than this whole step with parameters and QP, 4.0 us). The writer
is hand-written too: vobject's ``serialize()`` took 5.4 s for 2,000 contacts
(0.11 s here), and every value must be escaped so no text can start a new
property or card.
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
