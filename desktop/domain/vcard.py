"""Reading and writing vCards (2.1, 3.0, 4.0) as ``ContactData`` values, fast enough for whole phone exports.

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

import base64
import binascii
import codecs
import datetime
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from desktop.domain.contact import (
    Address,
    ContactData,
    Email,
    InstantMessage,
    Phone,
    Photo,
    SocialProfile,
    Url,
)

#: A photo bigger than this (decoded) is dropped with a warning, before decoding.
MAX_PHOTO_BYTES = 10 * 1024 * 1024

PRODID = "-//Rapport//EN"


# --------------------------------------------------------------------------- values


class RawCard(NamedTuple):
    """One card's bytes, as cut from a file; lines are 1-based."""

    start_line: int  # the BEGIN:VCARD line
    end_line: int  # the END:VCARD line (the last line of the file when truncated)
    raw: bytes
    truncated: bool = False  # no END:VCARD before the next BEGIN or the end of the file


class CardError(Exception):
    """A card that cannot be read; ``reason`` is meant for a person."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line, reason)  # keeps the exception picklable
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardError) and (self.line, self.reason) == (other.line, other.reason)

    def __hash__(self) -> int:
        return hash((self.line, self.reason))


class CardWarning(NamedTuple):
    """Something in a card that was skipped; the rest of the card was read."""

    line: int
    reason: str


class CardResult(NamedTuple):
    """What ``parse_many`` gives back for one card: a contact or an error, never both."""

    start_line: int
    contact: ContactData | None
    warnings: list[CardWarning]
    error: CardError | None


# --------------------------------------------------------------------------- splitting

_MARK = re.compile(rb"^[ \t]*(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*(?=\r?$)", re.I | re.M)
_HAS_BEGIN = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.I | re.M)


def _normalise_file(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace").encode("utf-8")
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
    ~5x faster than ``_MARK.finditer`` over a file that is mostly photos.
    """
    upper = data.upper() if b"vcard" in data or b"Vcard" in data or b"vCard" in data else data
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
    """Cut a file into cards; junk between cards is skipped, a card without END is marked truncated."""
    data = _normalise_file(data)
    line = 1
    pos = 0
    start = -1
    start_line = 0
    for m in _marks(data):
        line += data.count(b"\n", pos, m.start())
        pos = m.start()
        if m.group(1).upper() == b"BEGIN":
            if start >= 0:
                yield RawCard(start_line, line - 1, data[start : m.start()], True)
            start = m.start()
            start_line = line
        elif start >= 0:
            yield RawCard(start_line, line, data[start : m.end()])
            start = -1
    if start >= 0:
        last = line + data.count(b"\n", pos) - (1 if data.endswith(b"\n") else 0)
        yield RawCard(start_line, last, data[start:], True)


# --------------------------------------------------------------------------- low-level reading

_CHARSET = re.compile(rb";[ \t]*CHARSET=\"?([A-Za-z0-9_\-:.]+)", re.I)
_BARE_PARAMS = {
    "QUOTED-PRINTABLE": "ENCODING",
    "BASE64": "ENCODING",
    "B": "ENCODING",
    "8BIT": "ENCODING",
    "7BIT": "ENCODING",
}


def _unfold(data: bytes) -> bytes:
    """Undo folds (CRLF or LF, then a space or tab) on bytes, as a fold may split a UTF-8 character.

    Not after "=" in a QUOTED-PRINTABLE card: there it may be a soft break,
    which ``_join_soft_breaks`` tells apart. bytes.replace is ~10x faster than
    a regex on cards with big photos.
    """
    qp = _maybe_qp(data)
    if qp:  # after "=" it may be a soft line break: keep it for _join_soft_breaks
        data = data.replace(b"=\r\n", b"=\r\n\x01").replace(b"=\n", b"=\n\x01")
    data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").replace(b"\n ", b"").replace(b"\n\t", b"")
    return data.replace(b"\x01", b"") if qp else data


_QP = re.compile(rb"quoted-printable", re.I)


def _maybe_qp(data: bytes) -> bool:
    # two plain searches first: the case-insensitive regex is slow on photo cards
    return (b"RINTABLE" in data or b"rintable" in data) and _QP.search(data) is not None


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _card_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data)
    codec = _codec(m.group(1).decode("ascii")) if m else None
    return data.decode(codec or "cp1252", "replace")


def _is_qp(line: str) -> bool:
    colon = line.find(":")
    return colon > 0 and "QUOTED-PRINTABLE" in line[:colon].upper()


def _join_soft_breaks(lines: list[str]) -> list[str]:
    """Join QUOTED-PRINTABLE soft line breaks and the folds that came right after an '='."""
    out: list[str] = []
    for line in lines:
        if out:
            prev = out[-1]
            if prev.endswith("=") and _is_qp(prev) and not line.upper().startswith("END:VCARD"):
                out[-1] = prev[:-1] + line
                continue
            if line[:1] in (" ", "\t"):
                out[-1] = prev + line[1:]
                continue
        out.append(line)
    return out


def _split_head_quoted(line: str) -> tuple[int, list[str]]:
    """Find the value colon and the ';' parts of the head when parameter values are quoted."""
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif quoted:
            buf.append(ch)
        elif ch == ";":
            parts.append("".join(buf))
            buf = []
        elif ch == ":":
            parts.append("".join(buf))
            return i, parts
        else:
            buf.append(ch)
    return -1, parts


def _param_values(text: str) -> list[str]:
    if '"' not in text:
        return [v.strip() for v in text.split(",")]
    values: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            values.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    values.append("".join(buf).strip())
    return values


def _params(parts: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        eq = part.find("=")
        if eq < 0:
            bare = part.strip()
            if not bare:
                continue
            key = _BARE_PARAMS.get(bare.upper(), "TYPE")
            params.setdefault(key, []).append(bare)
        else:
            key = part[:eq].strip().upper()
            params.setdefault(key, []).extend(_param_values(part[eq + 1 :]))
    return params


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}
_ESCAPE_RE = re.compile(r"\\(.)", re.S)


def _unescape_match(m: re.Match[str]) -> str:
    return _ESCAPES.get(m.group(1), m.group(0))


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    return _ESCAPE_RE.sub(_unescape_match, s)


def _split_value(s: str, sep: str) -> list[str]:
    """Split a structured value on unescaped ``sep`` and unescape each part."""
    if "\\" not in s:
        return s.split(sep)
    parts: list[str] = []
    start = 0
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return [_unescape(p) for p in parts]


def _decode_qp(value: str, params: dict[str, list[str]]) -> str:
    raw = binascii.a2b_qp(value.encode("utf-8")).replace(b"\r\n", b"\n")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = None
    for name in params.get("CHARSET", ()):
        codec = _codec(name)
        if codec:
            break
    return raw.decode(codec or "cp1252", "replace")


# --------------------------------------------------------------------------- mapping

_PHONE_KINDS = {
    "cell": "cell",
    "mobile": "cell",
    "iphone": "cell",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
_PHONE_PRIORITY = ("fax", "pager", "cell", "main", "home", "work", "other")
_BASIC_KINDS = {"home": "home", "work": "work", "other": "other"}
_IGNORED_TYPES = {
    "pref", "voice", "internet", "x400", "msg", "text", "postal", "parcel", "dom", "intl",
    "encoding", "x-internet",
}  # fmt: skip
_APPLE_LABELS = {
    "mobile": "cell",
    "iphone": "cell",
    "homefax": "fax",
    "workfax": "fax",
    "otherfax": "fax",
    "main": "main",
    "pager": "pager",
    "home": "home",
    "work": "work",
    "other": "other",
    "homepage": "homepage",
    "anniversary": "anniversary",
}
# kind -> how Apple writes it as a label, for kinds that have no TYPE value
_APPLE_LABEL_OUT = {"homepage": "_$!<HomePage>!$_"}
_STANDARD_KINDS = {
    "TEL": set(_PHONE_PRIORITY),
    "EMAIL": {"home", "work", "other"},
    "ADR": {"home", "work", "other"},
    "URL": {"home", "work", "other"},
    "IMPP": {"home", "work", "other"},
}

_IM_PROPERTIES = {
    "X-AIM": "aim",
    "X-ICQ": "icq",
    "X-JABBER": "xmpp",
    "X-MSN": "msn",
    "X-YAHOO": "yahoo",
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-GOOGLE-TALK": "googletalk",
    "X-GTALK": "googletalk",
    "X-QQ": "qq",
    "X-GADUGADU": "gadugadu",
    "X-GROUPWISE": "groupwise",
    "X-SIP": "sip",
}
_SOCIAL_PROPERTIES = {"X-TWITTER": "twitter", "X-LINKEDIN": "linkedin", "X-FACEBOOK": "facebook"}
_IM_SCHEMES = {
    "xmpp": "xmpp",
    "skype": "skype",
    "aim": "aim",
    "msnim": "msn",
    "ymsgr": "yahoo",
    "icq": "icq",
    "sip": "sip",
    "gg": "gadugadu",
    "qq": "qq",
    "gtalk": "googletalk",
    "x-apple": "",
}
_IM_SCHEMES_OUT = {v: k for k, v in _IM_SCHEMES.items() if v}
_IM_SCHEMES_OUT["jabber"] = "xmpp"
_DROPPED = {"VERSION", "PRODID", "REV", "BEGIN", "END"}
_DATE_RE = re.compile(r"^\s*(?:(\d{4})-?|--)(\d{2})-?(\d{2})(?:T[0-9:.Z+\-]*)?\s*$")
_NO_YEAR = {"1604", "0000"}  # Apple writes 1604 for "year unknown"; some phones write 0000


def _label(raw: str) -> str:
    """The kind for an X-ABLabel value: Apple's ``_$!<Mobile>!$_`` -> ``cell``, custom labels as written."""
    text = _unescape(raw).strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        inner = text[4:-4].lower()
        return _APPLE_LABELS.get(inner, inner)
    low = text.lower()
    return _PHONE_KINDS.get(low, text)


def _types(params: dict[str, list[str]] | None) -> list[str]:
    if not params:
        return []
    types = params.get("TYPE")
    if not types:
        return []
    # TYPE="cell,voice" (sabre/dav, vobject) means two types, as TYPE=cell,voice does
    return [t.lower() for v in types for t in v.split(",") if t]


def _is_pref(params: dict[str, list[str]] | None, types: list[str]) -> bool:
    if "pref" in types:
        return True
    return bool(params) and "1" in params.get("PREF", ())


def _kind(prop: str, types: list[str]) -> str:
    if prop == "TEL":
        found = {_PHONE_KINDS[t] for t in types if t in _PHONE_KINDS}
        for kind in _PHONE_PRIORITY:
            if kind in found:
                return kind
    else:
        for t in types:
            if t in _BASIC_KINDS:
                return t
    for t in types:
        if t not in _IGNORED_TYPES and t not in _PHONE_KINDS:
            return t[2:] if t.startswith("x-") else t
    return ""


def _norm_date(value: str, params: dict[str, list[str]] | None) -> str | None:
    m = _DATE_RE.match(value)
    if not m:
        return None
    year, month, day = m.groups()
    omit = params.get("X-APPLE-OMIT-YEAR", ()) if params else ()
    if year in _NO_YEAR or (year and year in omit):
        year = None
    try:
        datetime.date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if year else f"--{month}-{day}"


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


class _Prop(NamedTuple):
    group: str
    name: str
    params: dict[str, list[str]] | None
    value: str
    line: str  # the unfolded line as read (for extra_lines)
    qp: bool


def _has_bare_param(line: str) -> bool:
    head = line[: max(line.find(":"), 0)]
    return '"' not in head and any("=" not in part for part in head.split(";")[1:])


def _extra_line(p: _Prop) -> str:
    """The line to keep for export: as read, or rebuilt in 3.0 form when it used
    QUOTED-PRINTABLE or 2.1's bare parameters (``LABEL;HOME;ENCODING=...``)."""
    if not p.qp and not _has_bare_param(p.line):
        return p.line
    head = f"{p.group}.{p.name}" if p.group else p.name
    for key, values in (p.params or {}).items():
        if key == "CHARSET" or (key == "ENCODING" and p.qp):
            continue
        if key == "ENCODING" and values[0].upper() == "BASE64":
            values = ["b"]
        head += f";{key}={','.join(_param(v) for v in values)}"
    value = p.value.replace("\n", "\\n") if p.qp else p.value
    return f"{head}:{value}"


# group.NAME;params: -- the fast path; lines with quoted parameters take the slow one
_LINE = re.compile(r'(?:([^.;:"]*)\.)?([^.;:"]+)(;[^:"]*)?:')
_PARAM_CACHE: dict[str, dict[str, list[str]]] = {}


def _cached_params(text: str) -> dict[str, list[str]]:
    """Parameters of a head; shared between cards (phone exports repeat the same few), so read-only."""
    params = _PARAM_CACHE.get(text)
    if params is None:
        params = _params(text.split(";"))
        if len(_PARAM_CACHE) < 4096:
            _PARAM_CACHE[text] = params
    return params


def _read_lines(text: str, qp_card: bool) -> tuple[list[_Prop], list[tuple[str, str]]]:
    lines = text.replace("\r\n", "\n").split("\n")
    if qp_card:  # only there were folds after "=" left for this pass
        lines = _join_soft_breaks(lines)
    props: list[_Prop] = []
    problems: list[tuple[str, str]] = []  # (the line, what was wrong)
    b64_open = False  # a 2.1 BASE64 value whose continuation lines lost their indent
    match = _LINE.match
    for line in lines:
        m = match(line)
        if m is not None:
            group, name, ptext = m.groups()
            value = line[m.end() :]
            params = _cached_params(ptext[1:]) if ptext else None
        elif ":" in line and '"' in line:
            colon, parts = _split_head_quoted(line)
            if colon < 0:
                problems.append((line, f"a line with an unclosed quote was skipped: {line[:40]!r}"))
                continue
            group, _, name = parts[0].rpartition(".")
            params = _params(parts[1:])
            value = line[colon + 1 :]
        else:
            stripped = line.strip()
            if not stripped:
                continue
            if b64_open and props:
                last = props[-1]
                props[-1] = last._replace(value=last.value + stripped, line=last.line + stripped)
                continue
            problems.append((stripped, f"a line that is not a vCard property was skipped: {stripped[:40]!r}"))
            continue
        b64_open = False
        name = name.upper()
        qp = False
        if params and "ENCODING" in params:
            enc = params["ENCODING"][0].upper()
            if enc == "QUOTED-PRINTABLE":
                value = _decode_qp(value, params)
                qp = True
            elif enc in ("BASE64", "B"):
                b64_open = True
        # group names are case-insensitive (RFC 6350 3.3)
        props.append(_Prop(group.lower() if group else "", name.strip(), params, value, line, qp))
    return props, problems


def parse_card(raw: RawCard, warnings: list[CardWarning] | None = None) -> ContactData:
    """Read one card. Raises ``CardError``; appends ``CardWarning`` for skipped parts to ``warnings``."""
    line_no = raw.start_line
    if raw.truncated:
        raise CardError(line_no, "this card has no END:VCARD line; the file may have been cut short")
    data, big_photo = _cut_photo(raw.raw) if len(raw.raw) > _BIG_CARD else (raw.raw, None)
    props, problems = _read_lines(_card_text(_unfold(data)), _maybe_qp(data))
    if not props or props[0].name != "BEGIN":
        raise CardError(line_no, "this card does not start with BEGIN:VCARD")
    if big_photo is not None:
        props.insert(len(props) - 1, big_photo)
    if warnings is not None:
        warnings.extend(CardWarning(_line_of(raw, text), reason) for text, reason in problems)

    labels: dict[str, str] = {}
    for p in props:
        if p.group and p.name == "X-ABLABEL":
            labels[p.group] = _label(p.value)
    used_groups: set[str] = set()

    c = ContactData()
    has_fn = has_n = False
    extra = c.extra_lines

    def warn(reason: str, p: _Prop) -> None:
        if warnings is not None:
            warnings.append(CardWarning(_line_of(raw, p.line or p.name), reason))

    for p in props:
        name = p.name
        params = p.params
        if name in _DROPPED:
            continue
        value = p.value
        if name == "FN":
            if not has_fn:
                c.full_name = _unescape(value).strip()
                has_fn = True
        elif name == "N":
            if has_n:
                continue
            has_n = True
            parts = _split_value(value, ";")
            parts += [""] * (5 - len(parts))
            c.family_name, c.given_name, c.additional_name, c.prefix, c.suffix = (x.strip() for x in parts[:5])
        elif name == "TEL":
            types = _types(params)
            number = _unescape(value).strip()
            if number[:4].lower() == "tel:":
                number = number[4:]
            if not number:
                continue
            kind = labels.get(p.group) if p.group else None
            if kind is not None:
                used_groups.add(p.group)
            else:
                kind = _kind("TEL", types)
            c.phones.append(Phone(number, kind, _is_pref(params, types)))
        elif name == "EMAIL":
            types = _types(params)
            address = _unescape(value).strip()
            if address[:7].lower() == "mailto:":
                address = address[7:]
            if not address:
                continue
            kind = labels.get(p.group) if p.group else None
            if kind is not None:
                used_groups.add(p.group)
            else:
                kind = _kind("EMAIL", types)
            c.emails.append(Email(address, kind, _is_pref(params, types)))
        elif name == "ADR":
            parts = _split_value(value, ";")
            parts += [""] * (7 - len(parts))
            kind = labels.get(p.group) if p.group else None
            if kind is not None:
                used_groups.add(p.group)
            else:
                kind = _kind("ADR", _types(params))
            adr = Address(
                po_box=parts[0], extended=parts[1], street=parts[2], city=parts[3],
                region=parts[4], postal_code=parts[5], country=parts[6], kind=kind,
            )  # fmt: skip
            if not adr.is_empty():
                c.addresses.append(adr)
        elif name == "ORG":
            parts = _split_value(value, ";")
            c.organization = parts[0].strip()
            c.department = ";".join(parts[1:])
        elif name == "TITLE":
            c.title = _unescape(value)
        elif name == "ROLE":
            c.role = _unescape(value)
        elif name == "NOTE":
            note = _unescape(value)
            c.note = f"{c.note}\n{note}" if c.note else note
        elif name == "NICKNAME":
            c.nickname = _unescape(value)
        elif name == "UID":
            c.uid = _unescape(value).strip()
        elif name == "CATEGORIES":
            seen = {t.casefold() for t in c.tags}
            for tag in _split_value(value, ","):
                tag = tag.strip()
                if tag and tag.casefold() not in seen:
                    seen.add(tag.casefold())
                    c.tags.append(tag)
        elif name in ("BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-ABDATE"):
            if name == "X-ABDATE":
                if labels.get(p.group) != "anniversary" or c.anniversary:
                    extra.append(p.line)
                    continue
                used_groups.add(p.group)
            date = _norm_date(_unescape(value), params)
            attr = "birthday" if name == "BDAY" else "anniversary"
            if date is None:
                warn(f"{name} date {value[:30]!r} is not a date Rapport understands; kept as written", p)
                extra.append(_extra_line(p))
            elif not getattr(c, attr):
                setattr(c, attr, date)
        elif name == "URL":
            url = _unescape(value).strip()
            if not url:
                continue
            kind = labels.get(p.group) if p.group else None
            if kind is not None:
                used_groups.add(p.group)
            else:
                kind = _kind("URL", _types(params))
            c.urls.append(Url(url, kind))
        elif name == "X-SOCIALPROFILE":
            types = [t for t in _types(params) if t != "pref"]
            user = params.get("X-USER", [""])[0] if params else ""
            c.social_profiles.append(SocialProfile(types[0] if types else "", _unescape(value).strip(), user))
        elif name in _SOCIAL_PROPERTIES:
            c.social_profiles.append(SocialProfile(_SOCIAL_PROPERTIES[name], _unescape(value).strip()))
        elif name == "IMPP":
            uri = _unescape(value).strip()
            scheme, sep, handle = uri.partition(":")
            if not sep:
                scheme, handle = "", uri
            service_param = params.get("X-SERVICE-TYPE", [""])[0].lower() if params else ""
            service = service_param or _IM_SCHEMES.get(scheme.lower(), scheme.lower())
            types = _types(params)
            kind = labels.get(p.group) if p.group else None
            if kind is not None:
                used_groups.add(p.group)
            else:
                kind = _kind("IMPP", types)
            c.instant_messages.append(InstantMessage(service, handle, kind))
        elif name in _IM_PROPERTIES:
            c.instant_messages.append(
                InstantMessage(_IM_PROPERTIES[name], _unescape(value).strip(), _kind("IMPP", _types(params)))
            )
        elif name == "PHOTO":
            photo = _read_photo(p, warn)
            if photo is _KEEP_LINE:
                extra.append(_extra_line(p))
            elif photo is not None and c.photo is None:
                c.photo = photo
        elif name == "X-ABLABEL":
            if not p.group:
                extra.append(p.line)
            # else: handled with the property of its group, below
        else:
            extra.append(_extra_line(p))

    # labels (and Apple helpers like X-ABADR) of groups that were mapped above
    # lose their group: export numbers its own groups.
    for p in props:
        if p.group and p.group not in used_groups and p.name == "X-ABLABEL":
            extra.append(_extra_line(p))
    if used_groups:
        extra[:] = [_ungroup(line, used_groups) for line in extra]

    if not c.full_name:
        c.full_name = c.display_name()
    if not c.full_name and not c.note and c.photo is None and not (c.addresses or c.urls or c.social_profiles
                                                                   or c.instant_messages or c.birthday):
        raise CardError(line_no, "this card holds no name, phone, email or other details")
    return c


def _ungroup(line: str, used: set[str]) -> str:
    dot = line.find(".")
    colon = line.find(":")
    semi = line.find(";")
    end = min(x for x in (colon, semi) if x >= 0) if (colon >= 0 or semi >= 0) else -1
    if 0 < dot < end and line[:dot].lower() in used:
        return line[dot + 1 :]
    return line


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


def _read_photo(p: _Prop, warn) -> Photo | None:  # noqa: ANN001 - a local callback
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


def _line_of(raw: RawCard, text: str) -> int:
    """The file line where ``text`` (a content line, or its start) is, for a warning; the card's line if unsure."""
    needle = text[:24].encode("utf-8", "replace")
    at = raw.raw.find(needle) if needle else -1
    if at < 0:
        return raw.start_line
    return raw.start_line + raw.raw.count(b"\n", 0, at)


def _parse_or_error(raw: RawCard) -> CardResult:
    warnings: list[CardWarning] = []
    try:
        contact = parse_card(raw, warnings)
    except CardError as e:
        return CardResult(raw.start_line, None, warnings, e)
    except Exception as e:  # noqa: BLE001 - one odd card must not stop an import of thousands
        return CardResult(raw.start_line, None, warnings, CardError(raw.start_line, f"this card could not be read ({e})"))
    return CardResult(raw.start_line, contact, warnings, None)


def parse_many(cards: Iterable[RawCard]) -> list[CardResult]:
    """Parse a chunk of cards; never raises for a bad card. Safe to call in a worker process."""
    return [_parse_or_error(raw) for raw in cards]


# --------------------------------------------------------------------------- writing

_NEEDS_ESCAPE = re.compile(r"[\\;,\r\n\x00-\x08\x0b-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PARAM_BAD = re.compile(r'["\x00-\x1f\x7f]')
_MIME_BAD = re.compile(r"[^A-Za-z0-9/.+\-]")


def _esc(s: str) -> str:
    if not s or _NEEDS_ESCAPE.search(s) is None:
        return s
    s = s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", s)


def _param(v: str) -> str:
    """A parameter value that cannot end the parameter list or the line."""
    v = _PARAM_BAD.sub("", v)
    if any(ch in v for ch in ";:,"):
        return f'"{v}"'
    return v


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character."""
    if len(line) <= 75 and line.isascii():
        return line
    if line.isascii():
        pieces = [line[:75]]
        pieces += [line[i : i + 74] for i in range(75, len(line), 74)]
        return "\r\n ".join(pieces)
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    out: list[bytes] = []
    start = 0
    limit = 75
    n = len(data)
    while n - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        out.append(data[start:end])
        start = end
        limit = 74
    out.append(data[start:])
    return "\r\n ".join(b.decode("utf-8") for b in out)


def _date_out(date: str, version: str) -> str:
    if version == "4.0":
        return date.replace("-", "") if not date.startswith("--") else "--" + date[2:].replace("-", "")
    return date


class _Writer:
    def __init__(self, version: str, extra_lines: list[str]) -> None:
        self.version = version
        self.lines: list[str] = []
        used = set()
        for line in extra_lines:
            dot = line.find(".")
            if 0 < dot < len(line) and re.match(r"item(\d+)\.", line[: dot + 1], re.I):
                used.add(line[:dot].lower())
        self.used_groups = used
        self.next_group = 1

    def group(self) -> str:
        while f"item{self.next_group}" in self.used_groups:
            self.next_group += 1
        g = f"item{self.next_group}"
        self.next_group += 1
        return g

    def typed(self, prop: str, kind: str, pref: bool, value: str, extra_params: str = "") -> None:
        """A property with a kind: a TYPE for the standard kinds, an Apple-style labelled group otherwise."""
        v4 = self.version == "4.0"
        params = extra_params
        label = ""
        if kind:
            if kind in _STANDARD_KINDS.get(prop, ()):
                params += f";TYPE={kind if v4 else kind.upper()}"
            else:
                label = _APPLE_LABEL_OUT.get(kind) or _esc(kind)
        if pref:
            params += ";PREF=1" if v4 else ";TYPE=PREF"
        if label:
            g = self.group()
            self.lines.append(f"{g}.{prop}{params}:{value}")
            self.lines.append(f"{g}.X-ABLabel:{label}")
        else:
            self.lines.append(f"{prop}{params}:{value}")


def serialize(contact: ContactData, version: str = "3.0") -> str:
    """One vCard (3.0 by default, or 4.0) as text with CRLF line ends, folded at 75 octets."""
    if version not in ("3.0", "4.0"):
        raise ValueError(f"vCard version {version!r} is not written; use 3.0 or 4.0")
    c = contact
    v4 = version == "4.0"
    w = _Writer(version, c.extra_lines)
    out = w.lines
    out += ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:{PRODID}"]
    if c.uid:
        out.append(f"UID:{_esc(c.uid)}")
    out.append(f"FN:{_esc(c.full_name or c.display_name())}")
    n = ";".join(_esc(x) for x in (c.family_name, c.given_name, c.additional_name, c.prefix, c.suffix))
    out.append(f"N:{n}")
    if c.nickname:
        out.append(f"NICKNAME:{_esc(c.nickname)}")
    if c.organization or c.department:
        org = _esc(c.organization)
        if c.department:
            org += ";" + ";".join(_esc(u) for u in c.department.split(";"))
        out.append(f"ORG:{org}")
    if c.title:
        out.append(f"TITLE:{_esc(c.title)}")
    if c.role:
        out.append(f"ROLE:{_esc(c.role)}")
    if c.birthday:
        out.append(f"BDAY:{_date_out(c.birthday, version)}")
    if c.anniversary:
        out.append(f"{'ANNIVERSARY' if v4 else 'X-ANNIVERSARY'}:{_date_out(c.anniversary, version)}")
    for ph in c.phones:
        w.typed("TEL", ph.kind, ph.pref, _esc(ph.value))
    for em in c.emails:
        w.typed("EMAIL", em.kind, em.pref, _esc(em.value), "" if v4 else ";TYPE=INTERNET")
    for a in c.addresses:
        adr = ";".join(
            _esc(x) for x in (a.po_box, a.extended, a.street, a.city, a.region, a.postal_code, a.country)
        )
        w.typed("ADR", a.kind, False, adr)
    for u in c.urls:
        w.typed("URL", u.kind, False, _esc(u.value))
    for s in c.social_profiles:
        params = f";TYPE={_param(s.service)}" if s.service else ""
        if s.user:
            params += f";X-USER={_param(s.user)}"
        out.append(f"X-SOCIALPROFILE{params}:{_esc(s.value)}")
    for im in c.instant_messages:
        scheme = _IM_SCHEMES_OUT.get(im.service, "x-apple")
        params = f";X-SERVICE-TYPE={_param(im.service)}" if im.service else ""
        w.typed("IMPP", im.kind, False, f"{scheme}:{_esc(im.handle)}", params)
    if c.tags:
        out.append("CATEGORIES:" + ",".join(_esc(t) for t in c.tags))
    if c.note:
        out.append(f"NOTE:{_esc(c.note)}")
    if c.photo is not None and c.photo.data:
        b64 = base64.b64encode(c.photo.data).decode("ascii")
        mime = c.photo.mime or "image/jpeg"
        mime = _MIME_BAD.sub("", mime) or "image/jpeg"
        if v4:
            out.append(f"PHOTO:data:{mime};base64,{b64}")
        else:
            out.append(f"PHOTO;ENCODING=b;TYPE={mime.split('/', 1)[-1].upper()}:{b64}")
    for line in c.extra_lines:
        safe = _safe_extra(line)
        if safe:
            out.append(safe)
    out.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in out)


_EXTRA_NAME = re.compile(r"^(?:[A-Za-z0-9\-]+\.)?([A-Za-z0-9\-]+)[;:]")


def _safe_extra(line: str) -> str:
    """An extra line that is a single well-formed property, or '' to drop it."""
    if "\r" in line or "\n" in line:
        line = line.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    line = _CONTROL.sub("", line)
    m = _EXTRA_NAME.match(line)
    if m is None or m.group(1).upper() in _DROPPED:
        return ""
    return line


def serialize_many(contacts: Iterable[ContactData], version: str = "3.0") -> str:
    """Several cards, one after the other."""
    return "".join(serialize(c, version) for c in contacts)
