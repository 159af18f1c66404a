"""vCard ``RELATED`` (RFC 6350 6.6.6): who else a card says its person is related to, read from a
line the card keeps.

``RELATED;TYPE=friend:urn:uuid:1f0e…`` names the other side by its UID; ``RELATED;VALUE=text;
TYPE=co-worker:Julia Weber`` by name. The line stays on the card as it came (export and sync write
it back unchanged); the knows service reads a link from it when the other side is a contact.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.domain.vcard.lex import _LINE, _params, _split_head_quoted, _unescape

_URN_UUID = "urn:uuid:"


class Related(NamedTuple):
    how: str  # the first TYPE, lower case ("friend", "co-worker", "spouse"), or ""
    uid: str  # the other side's UID without "urn:uuid:" (see ``uid_key``), or ""
    name: str  # the other side's name when the value is text, or ""


def uid_key(uid: str) -> str:
    """A UID as RELATED values and UID properties are compared: without ``urn:uuid:``, folded."""
    uid = uid.strip()
    if uid.casefold().startswith(_URN_UUID):
        uid = uid[len(_URN_UUID) :]
    return uid.casefold()


def read_related(line: str) -> Related | None:
    """The RELATED property of one kept line, or None when the line is another property."""
    m = _LINE.match(line)
    if m is not None:
        _, name, ptext = m.groups()
        value = line[m.end() :]
        params = _params(ptext[1:].split(";")) if ptext else {}
    else:
        colon, parts = _split_head_quoted(line)
        if colon < 0 or not parts:
            return None
        name, value, params = parts[0].rsplit(".", 1)[-1], line[colon + 1 :], _params(parts[1:])
    if name.strip().upper() != "RELATED":
        return None
    types = [t.strip().lower() for v in params.get("TYPE", ()) for t in v.split(",") if t.strip()]
    how = types[0] if types else ""
    value = _unescape(value).strip()
    if not value:
        return None
    is_text = any(v.strip().lower() == "text" for v in params.get("VALUE", ()))
    if is_text:
        return Related(how, "", value)
    return Related(how, uid_key(value), "")
