"""Writing vCard 3.0 and 4.0: every value escaped so no text can start a new property or card."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from desktop.domain.contact import ContactData
from desktop.domain.vcard.kinds import _APPLE_LABEL_OUT, _DROPPED, _IM_SCHEMES_OUT, _STANDARD_KINDS

PRODID = "-//Rapport//EN"

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
