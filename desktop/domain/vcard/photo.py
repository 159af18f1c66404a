"""Photos: cut out of a big card before the rest is read, decoded within a size limit."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from desktop.domain.contact import Photo
from desktop.domain.vcard.kinds import _IGNORED_TYPES
from desktop.domain.vcard.lex import _Prop, _params, _types

#: A photo bigger than this (decoded) is dropped with a warning, before decoding.
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def _mime_from_type(types: list[str]) -> str:
    for t in types:
        if "/" in t:
            return t
        if t not in _IGNORED_TYPES:
            return "image/jpeg" if t in ("jpeg", "jpg") else f"image/{t}"
    return ""


def _sniff_mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return "image/jpeg"


_KEEP_LINE = Photo(b"")  # what _read_photo returns for a photo given as a link


_BIG_CARD = 8192  # bytes; a card this big most likely holds a photo worth cutting out first
_BASE64_PARAM = re.compile(rb";\s*(?:ENCODING\s*=\s*)?(?:B|BASE64)\s*[;:]", re.I)


def _cut_photo(data: bytes) -> tuple[bytes, _Prop | None]:
    """Take a base64 PHOTO out of a big card before unfolding and decoding the rest.

    Every pass over a 27 KB photo costs ~30-80 us here (unfold, decode, split,
    regex), and b64decode skips the fold whitespace on its own: this makes a
    photo card ~4x faster. The value ends where the next property's line
    starts: the first ':' after the value is on that line, as base64 has none.
    """
    i = data.find(b"\nPHOTO")
    if i < 0:
        i = data.find(b"\nphoto")
        if i < 0:
            return data, None
    colon = data.find(b":", i)
    if colon < 0 or b"\n" in data[i + 1 : colon]:
        return data, None
    head = data[i + 1 : colon]
    if head.split(b";", 1)[0].strip().upper() != b"PHOTO":
        return data, None
    start = colon + 1
    if data[start : start + 5].lower() == b"data:":
        comma = data.find(b",", start, start + 256)
        if comma < 0 or b";base64" not in data[start:comma].lower():
            return data, None
    elif _BASE64_PARAM.search(head + b":") is None:
        return data, None
    nxt = data.find(b":", start + 5)
    if nxt < 0:
        return data, None
    end = data.rfind(b"\n", start, nxt)
    if end < 0:
        return data, None
    name, _, ptext = head.decode("ascii", "replace").partition(";")
    params = _params(ptext.split(";")) if ptext else None
    prop = _Prop("", name.strip().upper(), params, data[start:end], "", False)  # value stays bytes
    return data[: i + 1] + data[end + 1 :], prop


def _read_photo(p: _Prop, warn: Callable[[str, _Prop], None]) -> Photo | None:
    """The photo, None when it was dropped (with a warning), or _KEEP_LINE for a link."""
    value = p.value
    if isinstance(value, bytes):  # cut out by _cut_photo: base64 with fold whitespace in it
        head = value[:256].decode("latin-1")
    else:
        value = value.strip()
        head = value[:256]
    params = p.params or {}
    types = _types(params)
    enc = params.get("ENCODING", [""])[0].lower()
    if head[:5].lower() == "data:":
        comma = head.find(",")
        if comma < 0 or ";base64" not in head[:comma].lower():
            return _KEEP_LINE
        mime = head[5:comma].split(";")[0].strip().lower()
        data = value[comma + 1 :]
    elif enc in ("b", "base64"):
        data = value
        mime = _mime_from_type(types)
    else:
        # a link (PHOTO;VALUE=uri:https://...) is kept for export, not fetched
        return _KEEP_LINE
    if len(data) > MAX_PHOTO_BYTES * 4 // 3 + 4096:  # base64 plus folding whitespace
        warn(f"the photo ({len(data) * 3 // 4 // 1_048_576} MB) is over the {MAX_PHOTO_BYTES // 1_048_576} MB limit and was dropped", p)
        return None
    try:
        raw = base64.b64decode(data)
    except (binascii.Error, ValueError):
        warn("the photo could not be decoded and was dropped", p)
        return None
    if not raw:
        warn("the photo is empty and was dropped", p)
        return None
    return Photo(raw, mime or _sniff_mime(raw))

