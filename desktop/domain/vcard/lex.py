"""Content lines of one card: unfolding, decoding, QUOTED-PRINTABLE, parameters and escapes."""

from __future__ import annotations

import binascii
import codecs
import re
from typing import NamedTuple

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


class _Prop(NamedTuple):
    group: str
    name: str
    params: dict[str, list[str]] | None
    value: str
    line: str  # the unfolded line as read (for extra_lines)
    qp: bool


_LINE = re.compile(r'(?:([^.;:"]*)\.)?([^.;:"]+)(;[^:"]*)?:')
_PARAM_CACHE: dict[str, dict[str, list[str]]] = {}


def _cached_params(text: str) -> dict[str, list[str]]:
    """Parameters of a head (``text`` starts at its first ';'); shared between cards (phone exports
    repeat the same few), so read-only. _read_lines looks in the cache itself first."""
    params = _params(text[1:].split(";"))
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
    cached = _PARAM_CACHE.get
    new_prop = tuple.__new__  # _Prop(...) without its Python-level __new__: one call less on every line
    for line in lines:
        m = match(line)
        if m is not None:
            group, name, ptext = m.groups()
            value = line[m.end() :]
            params = (cached(ptext) or _cached_params(ptext)) if ptext else None
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
        props.append(new_prop(_Prop, (group.lower() if group else "", name.strip(), params, value, line, qp)))
    return props, problems
